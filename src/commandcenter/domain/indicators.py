"""Assessment indicators (DOMAIN.md §6): definitions, periods, scores, composites and ratings.

Pure Python. The analytics layer (``commandcenter.analytics``) computes the indicator *values* from
the event log; this module says what each indicator means (the text the UI shows under "how is
this computed"), how a value becomes a 0-100 score, and how scores combine into a composite and an
A-E rating with the weights an admin edits in ``resources/assessment/weights.json``.

Contracts
- `INDICATORS` maps a stable id (also the column name in the analytics frames) to an `Indicator`.
  An id may apply to several object types (``closing_rate`` for units, streets, communities and
  grids) with the same definition.
- Scores: a rate scores ``rate×100``; an inverse rate ``(1 − rate)×100``; a 1-5 rating
  ``rating×20``; a band indicator is already a 0-100 score. Counts, hours and seconds are shown,
  never scored.
- Composite: the weighted mean of the component scores over the components that have a value
  (a missing value, e.g. a unit that was never summoned by a whistle, hands its weight to the
  others in proportion), minus deductions (points per percentage point of an inverse rate, capped),
  clipped to 0..100. A group component scores the weighted mean of its members that have a value.
- Ratings: A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E below (configurable in weights.json).
- `load_weights()` raises `WeightsError` naming the file, the JSON location and what is wrong.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

WEIGHTS_VERSION = 1


class ObjectType(StrEnum):
    """What is assessed. Values are the keys of weights.json's ``objects``."""

    UNIT = "unit"  # 处置单位/部门
    STREET = "street"  # 街道
    COMMUNITY = "community"  # 社区
    GRID = "grid"  # 网格
    GRID_WORKER = "grid_worker"  # 网格员
    INTAKE_OPERATOR = "intake_operator"  # 受理员
    SHIFT_LEADER = "shift_leader"  # 值班长
    DISPATCHER = "dispatcher"  # 派遣员


AREAS = frozenset({ObjectType.STREET, ObjectType.COMMUNITY, ObjectType.GRID})


class Kind(StrEnum):
    COUNT = "count"
    RATE = "rate"  # a fraction 0..1, shown ×100
    HOURS = "hours"
    SECONDS = "seconds"
    MULTIPLE = "multiple"
    DENSITY = "density"
    RATING = "rating"  # 1..5
    BAND = "band"  # a 0..100 score from a volume's ratio to its peers' median


class Direction(StrEnum):
    HIGHER_BETTER = "higher_better"
    INVERSE = "inverse"  # lower is better; scores (1 − rate)×100
    NEUTRAL = "neutral"  # shown, not judged


@dataclass(frozen=True)
class Term:
    """A defined phrase used in several indicator definitions (应结案, 按期 ...)."""

    id: str
    name_zh: str
    name_en: str
    definition_zh: str
    definition_en: str


@dataclass(frozen=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    kind: Kind
    direction: Direction
    objects: frozenset[ObjectType]
    formula_zh: str
    formula_en: str
    definition_zh: str
    definition_en: str
    terms: tuple[str, ...] = ()

    @property
    def scorable(self) -> bool:
        return self.kind in (Kind.RATE, Kind.RATING, Kind.BAND) and self.direction is not Direction.NEUTRAL

    def score(self, value: float | None) -> float | None:
        """The 0-100 score of a value (None when the value is missing or the kind is not scored)."""
        if value is None or not self.scorable or (isinstance(value, float) and math.isnan(value)):
            return None
        if self.kind is Kind.BAND:
            return float(value)
        if self.kind is Kind.RATING:
            return float(value) * 20.0
        rate = float(value)
        return (1.0 - rate) * 100.0 if self.direction is Direction.INVERSE else rate * 100.0

    def explain(self, lang: str = "zh") -> str:
        """Formula, definition and the terms it uses, as one text for a tooltip or help panel."""
        zh = lang.startswith("zh")
        lines = [
            f"{self.name_zh if zh else self.name_en}",
            f"{'公式' if zh else 'Formula'}: {self.formula_zh if zh else self.formula_en}",
            self.definition_zh if zh else self.definition_en,
        ]
        for tid in self.terms:
            t = TERMS[tid]
            lines.append(f"{t.name_zh if zh else t.name_en}: {t.definition_zh if zh else t.definition_en}")
        return "\n".join(lines)


# ---------------------------------------------------------------------- periods
@dataclass(frozen=True)
class Period:
    """A half-open assessment period [start, end) in local time; ``kind`` picks the previous one."""

    start: datetime
    end: datetime
    kind: str = "custom"  # day | week | month | quarter | year | custom

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"a period ends after it starts: {self.start} .. {self.end}")

    @classmethod
    def day(cls, d: date) -> Period:
        start = datetime.combine(d, time())
        return cls(start, start + timedelta(days=1), "day")

    @classmethod
    def week(cls, d: date) -> Period:
        """The Monday-to-Sunday week containing ``d``."""
        start = datetime.combine(d - timedelta(days=d.weekday()), time())
        return cls(start, start + timedelta(days=7), "week")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return cls(datetime(year, month, 1), datetime.combine(nxt, time()), "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise ValueError(f"quarter is 1..4, got {quarter}")
        first = cls.month(year, 3 * quarter - 2)
        last = cls.month(year, 3 * quarter)
        return cls(first.start, last.end, "quarter")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime(year, 1, 1), datetime(year + 1, 1, 1), "year")

    def previous(self) -> Period:
        """The period before this one (环比): the previous month/quarter/year, else same length."""
        s = self.start
        if self.kind == "month":
            return Period.month(s.year - (s.month == 1), (s.month - 2) % 12 + 1)
        if self.kind == "quarter":
            q = (s.month - 1) // 3 + 1
            return Period.quarter(s.year - (q == 1), (q - 2) % 4 + 1)
        if self.kind == "year":
            return Period.year(s.year - 1)
        length = self.end - self.start
        return Period(s - length, s, self.kind)

    def __contains__(self, t: datetime) -> bool:
        return self.start <= t < self.end


# ---------------------------------------------------------------------- ratings
DEFAULT_RATING_BANDS: tuple[tuple[str, float], ...] = (("A", 90.0), ("B", 75.0), ("C", 60.0), ("D", 40.0))
LOWEST_RATING = "E"


def rating(score: float | None, bands: tuple[tuple[str, float], ...] = DEFAULT_RATING_BANDS) -> str | None:
    """A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, else E (None for a missing score)."""
    if score is None or math.isnan(score):
        return None
    for letter, floor in bands:
        if score >= floor:
            return letter
    return LOWEST_RATING


def band_score(value: float | None, median: float | None, bands: tuple[tuple[float, float], ...]) -> float | None:
    """Score of a volume against its peers' median: the first band whose ratio floor it reaches."""
    if value is None or median is None or math.isnan(value) or math.isnan(median) or median <= 0:
        return None
    ratio = value / median
    for floor, score in bands:
        if ratio >= floor:
            return float(score)
    return float(bands[-1][1])


# ---------------------------------------------------------------------- composites
@dataclass(frozen=True)
class Component:
    """One part of a composite: a single indicator, or a group of indicators (``members``)."""

    weight: float
    indicator: str | None = None
    group: str | None = None
    members: tuple[tuple[str, float], ...] = ()

    @property
    def indicators(self) -> tuple[str, ...]:
        return (self.indicator,) if self.indicator else tuple(m for m, _ in self.members)


@dataclass(frozen=True)
class Deduction:
    """Points taken off per percentage point of an inverse rate (e.g. rework, shirking)."""

    indicator: str
    points_per_percent: float


@dataclass(frozen=True)
class CompositeSpec:
    components: tuple[Component, ...]
    deductions: tuple[Deduction, ...] = ()
    max_deduction: float = 0.0


@dataclass(frozen=True)
class AssessmentWeights:
    objects: Mapping[ObjectType, CompositeSpec]
    volume_bands: tuple[tuple[float, float], ...]
    rating_bands: tuple[tuple[str, float], ...] = DEFAULT_RATING_BANDS
    note: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        objects: dict[str, Any] = {}
        for obj, spec in self.objects.items():
            comps = []
            for c in spec.components:
                if c.indicator:
                    comps.append({"indicator": c.indicator, "weight": c.weight})
                else:
                    comps.append({"group": c.group, "weight": c.weight, "members": dict(c.members)})
            entry: dict[str, Any] = {"components": comps}
            if spec.deductions:
                entry["deductions"] = [
                    {"indicator": d.indicator, "points_per_percent": d.points_per_percent}
                    for d in spec.deductions
                ]
                entry["max_deduction"] = spec.max_deduction
            objects[obj.value] = entry
        return {
            "version": WEIGHTS_VERSION,
            "note": self.note,
            "rating_bands": dict(self.rating_bands),
            "volume_bands": [list(b) for b in self.volume_bands],
            "objects": objects,
            **dict(self.extra),
        }


def composite_score(scores: Mapping[str, float | None], spec: CompositeSpec) -> float | None:
    """The composite of one object from its indicator scores (0-100; None when nothing scored).

    ``scores`` holds 0-100 scores for the components and, for deductions, the *values* (rates
    0..1) under the deduction's indicator id.
    """
    total = weight_sum = 0.0
    for comp in spec.components:
        s = _component_score(scores, comp)
        if s is not None:
            total += comp.weight * s
            weight_sum += comp.weight
    if weight_sum <= 0:
        return None
    result = total / weight_sum
    taken = 0.0
    for d in spec.deductions:
        v = scores.get(d.indicator)
        if v is not None and not math.isnan(v):
            taken += d.points_per_percent * v * 100.0
    result -= min(taken, spec.max_deduction)
    return min(100.0, max(0.0, result))


def _component_score(scores: Mapping[str, float | None], comp: Component) -> float | None:
    if comp.indicator:
        v = scores.get(comp.indicator)
        return None if v is None or math.isnan(v) else v
    total = weight_sum = 0.0
    for member, w in comp.members:
        v = scores.get(member)
        if v is not None and not math.isnan(v):
            total += w * v
            weight_sum += w
    return total / weight_sum if weight_sum > 0 else None


# ---------------------------------------------------------------------- weights file
class WeightsError(ValueError):
    """weights.json is unreadable or breaks a rule; the message names the place."""


def load_weights(path: str | Path | None = None) -> AssessmentWeights:
    """Read and validate the composite weights (default: resources/assessment/weights.json)."""
    if path is None:
        from commandcenter.resources import resource_path

        path = resource_path("assessment", "weights.json")
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise WeightsError(f"{path}: cannot read weights: {exc}") from exc
    return parse_weights(data, source=str(path))


def parse_weights(data: Any, source: str = "weights") -> AssessmentWeights:
    """Validate a weights document (the dict form of weights.json)."""

    def fail(where: str, what: str) -> WeightsError:
        return WeightsError(f"{source}: {where}: {what}")

    if not isinstance(data, dict):
        raise fail("top level", "expected a JSON object")
    if data.get("version") != WEIGHTS_VERSION:
        raise fail("version", f"expected {WEIGHTS_VERSION}, got {data.get('version')!r}")
    ratings = _parse_rating_bands(data.get("rating_bands", dict(DEFAULT_RATING_BANDS)), fail)
    bands = _parse_volume_bands(data.get("volume_bands"), fail)
    raw_objects = data.get("objects")
    if not isinstance(raw_objects, dict):
        raise fail("objects", "expected an object keyed by object type")
    unknown = sorted(set(raw_objects) - {o.value for o in ObjectType})
    if unknown:
        raise fail(f"objects.{unknown[0]}", f"unknown object type; known: {', '.join(o.value for o in ObjectType)}")
    missing = [o.value for o in ObjectType if o.value not in raw_objects]
    if missing:
        raise fail(f"objects.{missing[0]}", "missing: every object type needs its composite")
    objects = {ObjectType(k): _parse_spec(ObjectType(k), v, f"objects.{k}", fail) for k, v in raw_objects.items()}
    extra = {k: v for k, v in data.items() if k not in ("version", "note", "rating_bands", "volume_bands", "objects")}
    return AssessmentWeights(objects, bands, ratings, str(data.get("note", "")), extra)


def _number(value: Any, where: str, fail, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise fail(where, f"expected a number, got {value!r}")
    if value < 0 or (positive and value == 0):
        raise fail(where, f"must be {'> 0' if positive else '>= 0'}, got {value!r}")
    return float(value)


def _parse_rating_bands(raw: Any, fail) -> tuple[tuple[str, float], ...]:
    if not isinstance(raw, dict) or not raw:
        raise fail("rating_bands", "expected an object like {\"A\": 90, \"B\": 75, ...}")
    bands = tuple((str(k), _number(v, f"rating_bands.{k}", fail)) for k, v in raw.items())
    floors = [f for _, f in bands]
    if any(a <= b for a, b in zip(floors, floors[1:])):
        raise fail("rating_bands", f"floors must strictly decrease from the best rating, got {floors}")
    return bands


def _parse_volume_bands(raw: Any, fail) -> tuple[tuple[float, float], ...]:
    if not isinstance(raw, list) or not raw:
        raise fail("volume_bands", "expected a list of [ratio to the median, score] pairs")
    out = []
    for i, pair in enumerate(raw):
        if not isinstance(pair, list) or len(pair) != 2:
            raise fail(f"volume_bands[{i}]", f"expected [ratio, score], got {pair!r}")
        ratio = _number(pair[0], f"volume_bands[{i}][0]", fail)
        score = _number(pair[1], f"volume_bands[{i}][1]", fail)
        if score > 100:
            raise fail(f"volume_bands[{i}][1]", f"a score is at most 100, got {score}")
        out.append((ratio, score))
    ratios = [r for r, _ in out]
    if any(a <= b for a, b in zip(ratios, ratios[1:])) or ratios[-1] != 0:
        raise fail("volume_bands", f"ratios must strictly decrease and end at 0, got {ratios}")
    return tuple(out)


def _check_indicator(obj: ObjectType, ind_id: Any, where: str, fail) -> str:
    ind = INDICATORS.get(ind_id) if isinstance(ind_id, str) else None
    if ind is None:
        known = ", ".join(i.id for i in INDICATORS.values() if obj in i.objects and i.scorable)
        raise fail(where, f"unknown indicator {ind_id!r}; scorable ones for {obj.value}: {known}")
    if obj not in ind.objects:
        raise fail(where, f"indicator {ind_id!r} does not apply to {obj.value}")
    return ind_id


def _parse_spec(obj: ObjectType, raw: Any, where: str, fail) -> CompositeSpec:
    if not isinstance(raw, dict) or not isinstance(raw.get("components"), list) or not raw["components"]:
        raise fail(where, "expected {\"components\": [...]} with at least one component")
    comps: list[Component] = []
    for i, c in enumerate(raw["components"]):
        at = f"{where}.components[{i}]"
        if not isinstance(c, dict):
            raise fail(at, "expected an object")
        weight = _number(c.get("weight"), f"{at}.weight", fail)
        if "indicator" in c:
            ind_id = _check_indicator(obj, c["indicator"], f"{at}.indicator", fail)
            if not INDICATORS[ind_id].scorable:
                raise fail(f"{at}.indicator", f"{ind_id!r} is a {INDICATORS[ind_id].kind.value}, not scored")
            comps.append(Component(weight, indicator=ind_id))
        elif "group" in c:
            members = c.get("members")
            if not isinstance(members, dict) or not members:
                raise fail(f"{at}.members", "a group needs {indicator: relative weight, ...}")
            parsed = tuple(
                (_check_indicator(obj, m, f"{at}.members.{m}", fail), _number(w, f"{at}.members.{m}", fail, positive=True))
                for m, w in members.items()
            )
            comps.append(Component(weight, group=str(c["group"]), members=parsed))
        else:
            raise fail(at, "a component has an \"indicator\" or a \"group\"")
    total = sum(c.weight for c in comps)
    if abs(total - 100.0) > 1e-6:
        raise fail(f"{where}.components", f"weights must add up to 100, got {total:g}")
    seen: set[str] = set()
    for c in comps:
        for ind_id in c.indicators:
            if ind_id in seen:
                raise fail(f"{where}.components", f"indicator {ind_id!r} appears twice")
            seen.add(ind_id)
    deductions = []
    for i, d in enumerate(raw.get("deductions", [])):
        at = f"{where}.deductions[{i}]"
        if not isinstance(d, dict):
            raise fail(at, "expected an object")
        ind_id = _check_indicator(obj, d.get("indicator"), f"{at}.indicator", fail)
        if INDICATORS[ind_id].direction is not Direction.INVERSE or INDICATORS[ind_id].kind is not Kind.RATE:
            raise fail(f"{at}.indicator", f"{ind_id!r} is not an inverse rate; only those give deductions")
        deductions.append(Deduction(ind_id, _number(d.get("points_per_percent"), f"{at}.points_per_percent", fail)))
    max_deduction = _number(raw.get("max_deduction", 0.0), f"{where}.max_deduction", fail)
    if max_deduction > 100:
        raise fail(f"{where}.max_deduction", f"at most 100, got {max_deduction:g}")
    return CompositeSpec(tuple(comps), tuple(deductions), max_deduction)



# ====================================================================== the catalogue (data)
# Definitions are what the UI shows under "how is this computed". They must match what
# commandcenter.analytics computes; tests/analytics checks the numbers on hand-built logs.

def _term(id: str, name_zh: str, name_en: str, zh: str, en: str) -> Term:
    return Term(id, name_zh, name_en, zh, en)


TERMS: dict[str, Term] = {t.id: t for t in (
    _term("period", "考核期与评估时点", "Period and evaluation time",
          "考核期为左闭右开区间[起, 止)。评估时点取考核期末与当前时刻中较早者；只计评估时点之前发生的事件，"
          "所以任何时候重算都得到同样的结果。",
          "A period is the half-open range [start, end). The evaluation time is the earlier of the "
          "period's end and now; only events before it count, so a recomputation gives the same figures."),
    _term("cohort", "期内立案", "Registered in the period",
          "首次立案时间落在考核期内的案件。返工（核查不通过）、重办（回访不满意）和重新派遣都不重置立案时间。",
          "Cases first registered inside the period. Rework (a failed check), redo (a dissatisfied "
          "callback) and re-dispatch never reset the registration time."),
    _term("attribution", "责任单位", "Responsible unit",
          "案件截至评估时点最后一次派遣或吹哨所指定的主办单位。案件被退回、尚未重新派遣时不属于任何单位。",
          "The lead unit named by the case's last dispatch or whistle before the evaluation time. A "
          "returned case that has not been dispatched again belongs to no unit."),
    _term("deadline", "处置时限", "Handling deadline",
          "派遣（或吹哨）时起算的处置截止时间，以事件记录为准：批准延期、解除挂账、核查不通过后恢复计时"
          "（等待核查的时间不计）都会顺延；重新派遣按新的派遣时间起算。判断是否按期时取处置完成当时生效的时限，"
          "未完成的取评估时点生效的时限。",
          "The deadline set when the case is dispatched (or whistled), as recorded in the events: an "
          "approved extension, an unhang and the resumption after a failed check (time waiting for the "
          "check does not count) move it later; a re-dispatch starts a new one. Timeliness uses the "
          "deadline in force when the handling was done, or at the evaluation time if not done."),
    _term("done", "处置完成", "Handling done",
          "最后一次“处置完毕”（report_done）或网格员现场处置（handle_on_spot）的时间。",
          "The time of the last 'report done' or of the grid worker's on-the-spot handling."),
    _term("on_time", "按期", "On time",
          "处置完成时间不晚于当时生效的处置时限；没有处置时限的案件（例如现场处置）视为按期；强制结案不算按期。",
          "Handling done at or before the deadline in force; a case without a handling deadline "
          "(e.g. handled on the spot) is on time; a forced close is never on time."),
    _term("hung", "挂账", "Hung",
          "评估时点处于挂账/缓办状态的案件，其计时停止。",
          "Cases in the HUNG state at the evaluation time; their clocks are stopped."),
    _term("should_close", "应结案", "Should close",
          "期内立案、且截至评估时点已结案、处置时限已到或处于挂账的案件；作废与合并案件不计。"
          "结案率、按期结案率的分母为“应结案 − 挂账”。",
          "Cases registered in the period that by the evaluation time are closed, past their handling "
          "deadline or hung; void and merged cases never count. Closing rates divide by "
          "'should close − hung'."),
    _term("closed", "结案", "Closed",
          "评估时点处于已结案状态（含回访后结案、强制结案）；结案后又被重新打开的不算。",
          "In the CLOSED state at the evaluation time (after a callback or forced included); a case "
          "reopened after closing does not count."),
    _term("stage", "环节时限", "Stage limit",
          "受理、核实、立案、派遣、签收、核查、结案各环节的时限，从案件进入该环节起算；工作时/工作日按工作日历"
          "（法定节假日与调休）计算；紧急案件按自然时计，且不超过1小时。环节已完成、或时限已到仍未完成的，"
          "计入“应完成”。",
          "Each stage's limit (accept, verify, register, dispatch, sign, check, close) runs from the "
          "moment the case enters the stage, in working time by the business calendar (holidays and "
          "make-up days), or natural time capped at 1 hour for emergencies. A stage counts as due "
          "once it was left, or once its limit passed while still in it."),
    _term("return_verdict", "退回认定", "Return verdict",
          "单位退回后由指挥中心裁定：认定退回有理（upheld）的不计入退回单位；驳回（overruled）和尚未裁定的计入。"
          "（依第5号需求与 ReturnVerdict 的约定；DOMAIN.md 第5节的表述与此相反。）",
          "The centre rules on each return: returns it upholds do not count against the returning "
          "unit; overruled and not yet judged ones do (as issue 5 and ReturnVerdict say; the sentence "
          "in DOMAIN.md §5 reads the other way round)."),
    _term("public", "公众渠道", "Public channels",
          "12345热线与便民服务窗口：由群众而非巡查发现的问题。",
          "The 12345 hotline and the service window: problems found by the public, not by patrol."),
    _term("band", "数量档次", "Volume band",
          "数量除以同类对象（数量大于0者）的中位数，按 weights.json 的 volume_bands 取分（默认≥1倍100分，"
          "≥0.8倍85分，≥0.6倍70分，≥0.4倍55分，其余40分）。",
          "The volume divided by the median of its peers (those with a volume above 0), scored by "
          "weights.json's volume_bands (default ≥1× 100, ≥0.8× 85, ≥0.6× 70, ≥0.4× 55, else 40)."),
)}

_U = frozenset({ObjectType.UNIT})
_A = AREAS
_UA = _U | AREAS
_W = frozenset({ObjectType.GRID_WORKER})
_AW = AREAS | _W
_I = frozenset({ObjectType.INTAKE_OPERATOR})
_L = frozenset({ObjectType.SHIFT_LEADER})
_D = frozenset({ObjectType.DISPATCHER})
_C, _R, _B = Kind.COUNT, Kind.RATE, Kind.BAND
_HI, _INV, _NEU = Direction.HIGHER_BETTER, Direction.INVERSE, Direction.NEUTRAL


def _i(id, zh, en, kind, direction, objects, fzh, fen, dzh, den, terms=()) -> Indicator:
    return Indicator(id, zh, en, kind, direction, objects, fzh, fen, dzh, den, tuple(terms))


_CLOSE_TERMS = ("period", "cohort", "attribution", "should_close", "hung", "closed")
INDICATORS: dict[str, Indicator] = {i.id: i for i in (
    # ------------------------------------------------------------------ units
    _i("dispatched", "派遣数", "Dispatched", _C, _NEU, _U,
       "期内指定本单位为主办单位的派遣、吹哨次数", "dispatch and whistle events naming the unit as lead",
       "期内每一次派遣或吹哨指定本单位为主办单位即计1次；同一案件两次派给本单位计2次。",
       "Every dispatch or whistle in the period that names the unit as lead counts once; a case "
       "dispatched to the unit twice counts twice.", ("period",)),
    _i("signed_ontime", "按时签收数", "Signed on time", _C, _HI, _U,
       "签收环节时限内签收的次数", "signs within the sign stage limit",
       "期内案件进入待签收（派遣后，或吹哨的各部门报到完毕后）、由本单位在签收时限内签收的次数。",
       "Times a case entered 'awaiting sign' in the period (after dispatch, or when every summoned "
       "department has checked in) and the unit signed within the sign limit.", ("period", "stage")),
    _i("sign_ontime_rate", "按时签收率", "On-time signing rate", _R, _HI, _U,
       "按时签收数 / 应签收数 × 100", "signed on time / due signs × 100",
       "应签收：期内进入待签收且主办单位为本单位，截至评估时点已签收、已退回或签收时限已到的次数。",
       "Due signs: entries into 'awaiting sign' in the period with the unit as lead that were signed, "
       "returned, or past the sign limit by the evaluation time.", ("period", "stage")),
    _i("returns", "退回数", "Returns counted", _C, _INV, _U,
       "期内退回次数 − 认定有理的退回", "returns in the period − upheld returns",
       "期内本单位退回案件的次数，不含指挥中心认定退回有理的。",
       "Returns by the unit in the period, except those the centre upheld.", ("period", "return_verdict")),
    _i("returns_upheld", "退回有理数", "Returns upheld", _C, _NEU, _U,
       "期内被认定有理的退回次数", "returns in the period the centre upheld",
       "期内本单位的退回中，截至评估时点被指挥中心认定有理的次数（不计入本单位）。",
       "Returns by the unit in the period that the centre upheld by the evaluation time (not counted "
       "against the unit).", ("period", "return_verdict")),
    _i("shirking_rate", "推诿率", "Shirking rate", _R, _INV, _U,
       "退回数（计入） / 派遣数 × 100", "returns counted / dispatched × 100",
       "期内计入本单位的退回次数与期内派遣给本单位次数之比；用于综合得分的扣分。",
       "Returns counted against the unit over dispatches to it in the period; used as a deduction "
       "in the composite.", ("period", "return_verdict")),
    _i("handled", "处置数", "Handled", _C, _NEU, _U,
       "期内本单位“处置完毕”次数", "'report done' events by the unit in the period",
       "期内本单位作为主办单位提交处置完毕的次数；返工后再次提交另计1次。",
       "Times the unit, as lead, reported a case done in the period; a resubmission after rework "
       "counts again.", ("period",)),
    _i("ontime_handling_rate", "按期处置率", "On-time handling rate", _R, _HI, _U,
       "按期处置数 / 应处置数 × 100", "handled on time / should handle × 100",
       "应处置 = 应结案 − 挂账（责任单位为本单位）；按期处置 = 其中截至评估时点处置完成且按期的。",
       "Should handle = should close − hung, for cases the unit is responsible for; handled on time = "
       "those whose handling was done on time by the evaluation time.",
       _CLOSE_TERMS + ("deadline", "done", "on_time")),
    _i("rework_rate", "返工率", "Rework rate", _R, _INV, _U,
       "返工次数 / 处置数 × 100", "rework / handled × 100",
       "期内本单位主办案件核查不通过（返工）的次数与期内处置数之比。",
       "Failed checks (rework) in the period on cases the unit leads, over its handled count.", ("period",)),
    _i("extensions", "延期数", "Extensions", _C, _NEU, _U,
       "期内批准延期次数", "approved extensions in the period",
       "期内指挥中心批准本单位延期申请的次数。", "Extensions the centre approved for the unit in the period.",
       ("period",)),
    _i("hung", "挂账数", "Hung", _C, _NEU, _UA,
       "应结案中评估时点处于挂账的案件数", "should-close cases hung at the evaluation time",
       "期内立案、归属本对象、评估时点处于挂账状态的案件；不计入结案率分母。",
       "Cases registered in the period, belonging to the object, hung at the evaluation time; "
       "excluded from the closing rates' denominators.", _CLOSE_TERMS),
    _i("should_close", "应结案数", "Should close", _C, _NEU, _UA,
       "见“应结案”定义", "see 'should close'", "归属本对象的应结案案件数（含挂账）。",
       "Cases of the object that should be closed (hung ones included).", _CLOSE_TERMS),
    _i("closed", "结案数", "Closed", _C, _NEU, _UA,
       "应结案 − 挂账中已结案的", "closed among should close − hung",
       "应结案（扣除挂账）中评估时点已结案的案件数。", "Closed cases among should close − hung.", _CLOSE_TERMS),
    _i("closed_on_time", "按期结案数", "Closed on time", _C, _HI, _UA,
       "结案且按期的", "closed and on time", "已结案（非强制结案）且处置按期的案件数。",
       "Closed (not forced) cases whose handling was on time.", _CLOSE_TERMS + ("deadline", "done", "on_time")),
    _i("closing_rate", "结案率", "Closing rate", _R, _HI, _UA,
       "结案数 / (应结案数 − 挂账数) × 100", "closed / (should close − hung) × 100",
       "单位按责任单位归属，街道、社区、网格按案件所在地归属。",
       "Units by the responsible unit; streets, communities and grids by the case's location.", _CLOSE_TERMS),
    _i("ontime_closing_rate", "按期结案率", "On-time closing rate", _R, _HI, _UA,
       "按期结案数 / (应结案数 − 挂账数) × 100", "closed on time / (should close − hung) × 100",
       "按期结案：已结案（非强制）且处置完成不晚于当时生效的处置时限。",
       "Closed on time: closed (not forced) with the handling done by the deadline in force.",
       _CLOSE_TERMS + ("deadline", "done", "on_time")),
    _i("emergency_ontime_closing_rate", "紧急案件按期结案率", "Emergency on-time closing rate", _R, _HI, _U,
       "紧急案件按期结案数 / (紧急案件应结案数 − 挂账数) × 100",
       "emergencies closed on time / (emergencies that should close − hung) × 100",
       "同按期结案率，只计立案时标记为紧急的案件。", "As the on-time closing rate, for cases registered as emergencies only.",
       _CLOSE_TERMS + ("deadline", "done", "on_time")),
    _i("mean_handling_hours", "平均处置时长", "Mean handling time", Kind.HOURS, _INV, _U,
       "Σ(处置完成 − 派遣) / 已处置应处置数（工作时）", "Σ(done − dispatch) / handled should-handle cases (working hours)",
       "应处置且已处置完成的案件，从最后一次派遣（吹哨）到本单位至处置完成所用的工作时（按工作日历；紧急案件按自然时）平均值。",
       "Mean working hours (business calendar; natural hours for emergencies) from the last dispatch "
       "or whistle to the unit until the handling was done, over should-handle cases already done.",
       _CLOSE_TERMS + ("done",)),
    _i("overdue_multiple", "超期倍数", "Overdue multiple", Kind.MULTIPLE, _INV, _U,
       "平均[(完成或评估时点 − 时限) / (时限 − 派遣)]", "mean of (done or now − deadline) / (deadline − dispatch)",
       "应处置案件中超期的（完成晚于时限，或未完成而时限已过），超出时间与处置时限长度之比的平均值（工作时；紧急案件按自然时）。",
       "Over overdue should-handle cases (done after the deadline, or not done with the deadline "
       "passed): mean of the time past the deadline over the length of the limit (working hours; "
       "natural hours for emergencies).", _CLOSE_TERMS + ("deadline", "done")),
    _i("checkin_ontime_rate", "吹哨报到按时率", "Whistle check-in on-time rate", _R, _HI, _U,
       "按时报到次数 / 应报到次数 × 100", "check-ins on time / due check-ins × 100",
       "期内吹哨召集本单位的次数中，截至评估时点已报到或报到时限已过的为应报到；按时 = 报到不晚于吹哨时间加报到时限"
       "（默认30分钟自然时）。",
       "Due check-ins: summons of the unit by whistles in the period that were answered or past the "
       "check-in deadline by the evaluation time; on time = checked in by the whistle time plus the "
       "check-in limit (default 30 natural minutes).", ("period",)),
    _i("street_rating", "街道评价", "Streets' rating", Kind.RATING, _HI, _U,
       "期内评分平均值（1-5），得分 = 平均分 × 20", "mean rating (1-5); score = mean × 20",
       "吹哨街道对本单位报到响应的评分（期内评分事件）的平均值。",
       "Mean of the whistling streets' ratings of the unit's response (rating events in the period).",
       ("period",)),
    _i("satisfaction", "回访满意率", "Callback satisfaction", _R, _HI, _U,
       "(满意 + 基本满意) / 回访成功数 × 100", "(satisfied + basically satisfied) / successful callbacks × 100",
       "期内回访事件，按回访时案件的主办单位归属；联系不上不算回访成功。",
       "Callbacks in the period, attributed to the case's lead unit at the time; unreachable is not a "
       "successful callback.", ("period",)),
    # ------------------------------------------------------------------ areas
    _i("reports", "上报数", "Reports", _C, _NEU, _AW,
       "期内上报的案件数", "cases reported in the period",
       "期内上报的案件（含合并的重复上报）；街道/社区/网格按案件所在地，网格员按上报人。",
       "Cases reported in the period (merged duplicates included); areas by location, grid workers "
       "by reporter.", ("period",)),
    _i("registered", "立案数", "Registered", _C, _NEU, _AW,
       "期内立案的案件数；网格员：其上报中已立案的", "cases registered in the period; grid worker: their reports registered",
       "街道/社区/网格：首次立案时间在期内的案件。网格员：期内其上报的案件中截至评估时点已立案的。",
       "Areas: cases first registered in the period. Grid workers: their reports in the period "
       "registered by the evaluation time.", ("period", "cohort")),
    _i("registration_rate", "立案率", "Registration rate", _R, _HI, _A,
       "立案数 / 已判定上报数 × 100", "registered / decided reports × 100",
       "期内上报的案件中截至评估时点已立案的，除以其中已判定（立案、作废或现场处置）的；合并的重复上报不计。",
       "Of the cases reported in the period, those registered by the evaluation time over those "
       "decided (registered, void or handled on the spot); merged duplicates excluded.", ("period",)),
    _i("density_per_grid", "案件密度（每网格）", "Case density per grid", Kind.DENSITY, _NEU, _A,
       "立案数 / 网格数", "registered / grids", "期内立案数除以本对象的网格数。",
       "Cases registered in the period over the object's number of grids.", ("period", "cohort")),
    _i("density_per_km2", "案件密度（每平方公里）", "Case density per km²", Kind.DENSITY, _NEU, _A,
       "立案数 / 面积（平方公里）", "registered / area (km²)", "期内立案数除以本对象面积。",
       "Cases registered in the period over the object's area.", ("period", "cohort")),
    _i("public_report_rate", "公众举报率", "Public-report rate", _R, _INV, _A,
       "公众渠道立案数 / 立案数 × 100（逆向）", "registered from public channels / registered × 100 (inverse)",
       "期内立案中来自12345热线、便民服务窗口的比例：群众先于巡查发现问题，越低越好，得分 = (1 − 比例) × 100。",
       "Share of the period's registered cases that came through public channels: the public found "
       "it before patrol did; lower is better, score = (1 − rate) × 100.", ("period", "cohort", "public")),
    _i("self_handled_rate", "自处置率", "Self-handled rate", _R, _HI, _A,
       "(现场处置数 + 本街道单位主办的立案数) / (立案数 + 现场处置数) × 100",
       "(handled on the spot + registered led by the street's own units) / (registered + on the spot) × 100",
       "期内网格员现场处置的案件，加上期内立案且责任单位属于案件所在街道（街道中心、科室、执法队、社区）的案件。",
       "Cases handled on the spot in the period, plus cases registered in the period whose responsible "
       "unit belongs to the case's own street (its centre, teams, enforcement team, communities).",
       ("period", "cohort", "attribution")),
    _i("whistle_rate", "吹哨率", "Whistle rate", _R, _NEU, _A,
       "吹哨案件数 / 立案数 × 100", "whistled / registered × 100",
       "期内立案的案件中截至评估时点吹过哨的比例。", "Share of the period's registered cases whistled by the evaluation time.",
       ("period", "cohort")),
    _i("repeat_rate", "重复案件率", "Repeat-case rate", _R, _INV, _A,
       "重复立案数 / 立案数 × 100", "repeat registrations / registered × 100",
       "期内立案的案件中，同一网格、同一小类在之前N天内（默认30天）已有立案的比例。",
       "Share of the period's registered cases with an earlier registration of the same minor class "
       "in the same grid within the previous N days (default 30).", ("period", "cohort")),
    _i("registered_band", "立案量档次", "Registered-volume band", _B, _HI, _A,
       "立案数 / 同类对象立案数中位数 → 档次得分", "registered / peers' median → band score",
       "主动发现、立案多的得分高。", "More cases found and registered scores higher.", ("period", "cohort", "band")),
    # ------------------------------------------------------------------ grid workers
    _i("valid_report_rate", "有效上报率", "Valid report rate", _R, _HI, _W,
       "立案数 / 上报数 × 100", "registered / reported × 100",
       "期内该网格员上报的案件中截至评估时点已立案的比例。",
       "Share of the worker's reports in the period registered by the evaluation time.", ("period",)),
    _i("verify_ontime_rate", "按时核实率", "On-time verification rate", _R, _HI, _W,
       "按时核实数 / 应核实数 × 100", "verified on time / due verifications × 100",
       "期内派发的核实任务，已完成或核实时限已到的为应核实；归属完成核实的网格员，未完成的归属派发时指定的网格员或该网格的网格员。",
       "Verification tasks sent in the period that were done or past the verify limit; attributed "
       "to the worker who verified, else the worker named when sent, else the grid's worker.",
       ("period", "stage")),
    _i("check_ontime_rate", "按时核查率", "On-time check rate", _R, _HI, _W,
       "按时核查数 / 应核查数 × 100", "checked on time / due checks × 100",
       "期内进入待核查的次数，已核查或核查时限已到的为应核查；归属完成核查的网格员，未完成的归属该网格的网格员。",
       "Entries into 'awaiting check' in the period that were checked or past the check limit; "
       "attributed to the worker who checked, else the grid's worker.", ("period", "stage")),
    _i("missed_report_rate", "漏报率", "Missed-report rate", _R, _INV, _W,
       "所辖网格公众渠道立案数 / 所辖网格立案数 × 100（逆向）",
       "public-channel registrations in the worker's grids / registrations there × 100 (inverse)",
       "网格员所负责网格内期内立案中由群众（12345、窗口）反映并核实立案的比例：巡查漏报的问题；"
       "所负责网格取网格分配，缺省为其期内上报最多的网格。",
       "Share of registrations in the worker's grids in the period that came from the public and "
       "were found true: problems patrol missed. The worker's grids come from the grid assignment, "
       "else the grid of most of their reports.", ("period", "cohort", "public")),
    # ------------------------------------------------------------------ operators
    _i("intake_volume", "受理量", "Intake volume", _C, _NEU, _I,
       "期内处理的待受理案件数", "pending-accept cases disposed in the period",
       "受理、派发核实、作废、合并、登记现场处置，每处理一次待受理计1次。",
       "Every disposal of a pending-accept case (accept, send to verify, invalidate, merge, record "
       "on-the-spot handling) counts once.", ("period",)),
    _i("intake_volume_band", "受理量档次", "Intake volume band", _B, _HI, _I,
       "受理量 / 受理员受理量中位数 → 档次得分", "intake volume / operators' median → band score", "", "",
       ("period", "band")),
    _i("accept_ontime_rate", "按时受理率", "On-time acceptance rate", _R, _HI, _I,
       "受理时限内处理数 / 受理量 × 100", "disposed within the accept limit / intake volume × 100",
       "从进入待受理到该受理员处理所用时间不超过受理环节时限的比例。",
       "Share of disposals made within the accept stage limit from entering 'pending accept'.",
       ("period", "stage")),
    _i("verify_dispatch_ontime_rate", "按时派发核实率", "On-time verification dispatch rate", _R, _HI, _I,
       "受理时限内派发核实数 / 派发核实数 × 100", "sent to verify within the accept limit / sent to verify × 100",
       "派发核实任务中在受理环节时限内派发的比例。本系统的核查任务在处置完毕时自动派给网格员，"
       "没有受理员的“核查派发”环节，其权重默认并入按时受理率。",
       "Share of verification tasks sent within the accept stage limit. Check tasks go to the grid "
       "worker automatically when a unit reports done, so there is no intake 'check dispatch' step; "
       "its weight goes to the on-time acceptance rate by default.", ("period", "stage")),
    _i("accept_p50_seconds", "受理用时中位数", "Median accept time", Kind.SECONDS, _INV, _I,
       "进入待受理至处理用时的中位数（秒）", "median seconds from pending accept to disposal",
       "自然时，秒。", "Natural time, seconds.", ("period",)),
    _i("accept_p90_seconds", "受理用时90分位", "90th-percentile accept time", Kind.SECONDS, _INV, _I,
       "进入待受理至处理用时的90分位数（秒）", "90th percentile of seconds from pending accept to disposal",
       "自然时，秒（应急调度惯例：90%的呼叫在60秒内处理）。",
       "Natural time, seconds (emergency-dispatch practice: 90% of calls within 60 s).", ("period",)),
    _i("registrations", "立案操作数", "Registrations", _C, _NEU, _L,
       "期内该值班长立案的次数", "register events by the shift leader in the period", "", "", ("period",)),
    _i("register_ontime_rate", "按时立案率", "On-time registration rate", _R, _HI, _L,
       "立案时限内处理数 / 立案与不予立案数 × 100", "decided within the register limit / register decisions × 100",
       "期内该值班长立案或不予立案的，从进入待立案起在立案环节时限内完成的比例。",
       "Share of the leader's register/refuse decisions in the period made within the register stage "
       "limit.", ("period", "stage")),
    _i("register_accuracy", "立案准确率", "Registration accuracy", _R, _HI, _L,
       "(立案数 − 作废数) / 立案数 × 100", "(registered − voided) / registered × 100",
       "作废数：该值班长期内立案的案件截至评估时点被强制结案的（本系统立案后不能作废，错误立案只能强制结案）。",
       "Voided: cases the leader registered in the period that were force-closed by the evaluation "
       "time (a registered case cannot be voided here; a wrong registration ends in a forced close).",
       ("period",)),
    _i("close_ontime_rate", "按时结案审核率", "On-time closing decisions", _R, _HI, _L,
       "结案时限内结案数 / 结案数 × 100", "closed within the close limit / closing decisions × 100",
       "期内该值班长结案或强制结案的，从进入待结案起在结案环节时限内完成的比例。",
       "Share of the leader's close and forced-close decisions in the period made within the close "
       "stage limit from entering 'pending close'.", ("period", "stage")),
    _i("dispatch_volume", "派遣量", "Dispatch volume", _C, _NEU, _D,
       "期内该派遣员的派遣与吹哨次数", "dispatch and whistle events by the dispatcher", "", "", ("period",)),
    _i("dispatch_volume_band", "派遣量档次", "Dispatch volume band", _B, _HI, _D,
       "派遣量 / 派遣员派遣量中位数 → 档次得分", "dispatch volume / dispatchers' median → band score", "", "",
       ("period", "band")),
    _i("dispatch_ontime_rate", "按时派遣率", "On-time dispatch rate", _R, _HI, _D,
       "派遣时限内派遣数 / 派遣量 × 100", "dispatched within the dispatch limit / dispatch volume × 100",
       "从进入待派遣（立案、退回、重办、解除挂账）到派遣或吹哨在派遣环节时限内的比例。",
       "Share of dispatches made within the dispatch stage limit from entering 'pending dispatch' "
       "(after registration, a return, a redo or an unhang).", ("period", "stage")),
    _i("dispatch_accuracy", "派遣准确率", "Dispatch accuracy", _R, _HI, _D,
       "(派遣数 − 退回数 − 返工数) / 派遣数 × 100", "(dispatched − returned − reworked) / dispatched × 100",
       "一次派遣在下一次派遣前被退回（退回未被驳回：认定有理或尚未裁定）或发生返工（核查不通过）的，计为不准确，每次派遣最多计1次。",
       "A dispatch followed, before the next dispatch, by a return that was not overruled (upheld or "
       "not yet judged) or by rework (a failed check) is inaccurate; each dispatch counts once at most.",
       ("period", "return_verdict")),
    _i("dispatch_p50_seconds", "派遣用时中位数", "Median dispatch time", Kind.SECONDS, _INV, _D,
       "进入待派遣至派遣用时的中位数（秒）", "median seconds from pending dispatch to dispatch",
       "自然时，秒。", "Natural time, seconds.", ("period",)),
    _i("dispatch_p90_seconds", "派遣用时90分位", "90th-percentile dispatch time", Kind.SECONDS, _INV, _D,
       "进入待派遣至派遣用时的90分位数（秒）", "90th percentile of seconds from pending dispatch to dispatch",
       "自然时，秒。", "Natural time, seconds.", ("period",)),
)}


def indicators_for(obj: ObjectType) -> list[Indicator]:
    """The indicators of one object type, in catalogue order."""
    return [i for i in INDICATORS.values() if obj in i.objects]
