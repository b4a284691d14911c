"""New-case intake for the hotline/window operator: validation, duplicate suggestions, saving.

Contracts
- `validate(form) -> list[Problem]`: every problem at once, each with the form ``field``, a
  stable ``code`` (the UI translates it) and an English ``message`` (CLI, logs). No problems =
  the form can be saved. Reporter identity may be left empty (anonymous reports are allowed);
  what is given must be well-formed: a mainland mobile (11 digits, 1[3-9]...) or a landline
  (0 + area code + 7-8 digits), an 18-digit resident ID with a valid GB 11643 check digit.
- `duplicate_suggestions(ctx, lon, lat, minor_code, text, at)`: open cases reported within
  ``days`` before ``at`` and within ``radius_m`` of the point (or, without a point, anywhere),
  of the same minor class or one of its major class (or of no class yet), scored by distance,
  age, category and Chinese text similarity (character-bigram Jaccard); best first.
- `create_case(ctx, form, actor)` validates (raises `IntakeError` with the problems), fills the
  grid from the location when it can (in the grids layer the database holds,
  `AppContext.current_grid_layer`: the district's last grids file, else the shipped layer; a
  grid the database does not hold or has retired is left empty), and reports through
  `CaseService.report`.
- `category_search(ctx, text)`: minor classes by code, Chinese name, pinyin initials ("bllj"
  finds 暴露垃圾) or full pinyin, or a class name inside a title (also used when registering).
- `merge_into(ctx, case_id, parent_id, actor, reason)` merges a duplicate into its parent
  (the lifecycle's ``merge``); returns the `TransitionResult`.
- Permissions (issue 8): with ``ctx.principal`` set, duplicate suggestions list only cases in
  the principal's scope, and a merge's parent must be in scope too (`CaseService` checks the
  rest).
"""

from __future__ import annotations

import functools
import math
import re
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from commandcenter.domain.case import Actor
from commandcenter.domain.catalogue import Catalogue
from commandcenter.domain.pii import check_identity
from commandcenter.domain.vocabulary import OPEN_STATES, Channel, State
from commandcenter.store.models import Case

from .cases import CaseService
from .context import AppContext
from .dto import CaseRef, NewCase, ReporterInfo, TransitionResult
from .permissions import check_read, in_scope

EARTH_M = 6_371_000.0
_IDENTITY_FIELDS = {"name": ("reporter_name", "name_invalid"),
                    "phone": ("reporter_phone", "phone_invalid"),
                    "id_number": ("reporter_id", "id_invalid")}


@dataclass(frozen=True)
class IntakeForm:
    """What the operator typed. ``minor_code`` is the category the caller described (a hint for
    duplicate matching and the title; registration fixes the real class later)."""

    channel: Channel
    title: str = ""
    description: str = ""
    address: str = ""
    lon: float | None = None
    lat: float | None = None
    minor_code: str | None = None
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_id: str = ""
    priority: int = 0


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    message: str


class IntakeError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems



def validate(form: IntakeForm) -> list[Problem]:
    p: list[Problem] = []
    if not form.title.strip() and not form.description.strip():
        p.append(Problem("description", "content_missing", "give a title or a description"))
    if len(form.title) > 200:
        p.append(Problem("title", "title_too_long", "the title is longer than 200 characters"))
    if not form.address.strip():
        p.append(Problem("address", "address_missing", "the address is required"))
    elif len(form.address) > 200:
        p.append(Problem("address", "address_too_long", "the address is longer than 200 characters"))
    if (form.lon is None) != (form.lat is None):
        p.append(Problem("location", "location_half", "give both longitude and latitude, or neither"))
    elif form.lon is not None and not (73 <= form.lon <= 136 and 3 <= form.lat <= 54):
        p.append(Problem("location", "location_outside", "the location is outside China"))
    # One set of identity rules (domain.pii, GB 11643 for ID numbers): the precise message of
    # each, under the form's field names and the stable codes the intake form reacts to.
    for problem in check_identity(form.reporter_name, form.reporter_phone, form.reporter_id):
        field, code = _IDENTITY_FIELDS[problem.field]
        p.append(Problem(field, code, problem.message))
    return p


# ---------------------------------------------------------------------- category search
@dataclass(frozen=True)
class CategoryHit:
    code: str
    name: str
    major_name: str
    initials: str  # pinyin initials of the name, e.g. "bllj"


@functools.lru_cache(maxsize=4)
def _category_index(cat_id: int, catalogue: Catalogue) -> tuple[tuple[CategoryHit, str], ...]:
    from pypinyin import Style, lazy_pinyin  # lazily: its dictionaries take a moment to load

    rows = []
    for m in catalogue.minors:
        major = catalogue.major(m.major_code).name
        initials = "".join(lazy_pinyin(m.name, style=Style.FIRST_LETTER)).lower()
        full = "".join(lazy_pinyin(m.name)).lower()
        rows.append((CategoryHit(m.code, m.name, major, initials), full))
    return tuple(rows)


def category_search(ctx: AppContext, text: str, limit: int = 30) -> list[CategoryHit]:
    """Minor classes matching ``text``: code prefix, Chinese name or major-class name, pinyin
    initials or full pinyin (spaces ignored), or a class name contained in the text (a case
    title). Best matches first: exact code, then prefixes, then the rest."""
    needle = "".join(text.split()).casefold()
    if not needle:
        return []
    with ctx.unit_of_work() as uow:  # another workstation may have applied a categories file
        cat = ctx.current_catalogue(uow.session)
    scored = []
    for hit, full in _category_index(id(cat), cat):
        if hit.code == needle:
            rank = 0
        elif hit.code.startswith(needle) or hit.initials.startswith(needle) \
                or hit.name.startswith(needle) or full.startswith(needle):
            rank = 1
        elif needle in hit.name or needle in hit.initials or needle in full:
            rank = 2
        elif needle in hit.major_name:
            rank = 3
        elif len(hit.name) >= 2 and hit.name in needle:
            rank = 4  # a title such as "暴露垃圾无人清理" names its class
        else:
            continue
        scored.append((rank, hit.code, hit))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [h for _, _, h in scored[:limit]]


# ---------------------------------------------------------------------- duplicates
@dataclass(frozen=True)
class DuplicateHit:
    case_id: int
    code: str
    state: State
    title: str
    address: str
    reported_at: datetime
    distance_m: float | None
    text_similarity: float
    score: float  # 0..1, higher = more likely the same matter


def bigrams(text: str) -> set[str]:
    """Character bigrams of the text's CJK/alphanumeric runs (punctuation and spaces split)."""
    runs = re.findall(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+", text)
    out: set[str] = set()
    for r in runs:
        out.update(r[i:i + 2] for i in range(len(r) - 1)) if len(r) > 1 else out.add(r)
    return out


def text_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' character bigrams (0 when either is empty)."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_M * math.asin(math.sqrt(min(1.0, h)))


def duplicate_suggestions(ctx: AppContext, lon: float | None, lat: float | None,
                          minor_code: str | None, text: str, at: datetime, *,
                          radius_m: float = 200.0, days: float = 7.0,
                          limit: int = 10) -> list[DuplicateHit]:
    """See the module contract. Weights: distance 0.35, text 0.30, age 0.15, category 0.20."""
    since = at - timedelta(days=days)
    c = Case.__table__.c
    q = select(c.id, c.code, c.state, c.title, c.description, c.address, c.reported_at,
               c.lon, c.lat, c.minor_code, c.street_code, c.lead_unit).where(
        c.state.in_([s.value for s in OPEN_STATES]), c.reported_at >= since, c.reported_at <= at)
    located = lon is not None and lat is not None
    if located:
        dlat = radius_m / 111_320.0
        dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
        q = q.where(c.lon.between(lon - dlon, lon + dlon), c.lat.between(lat - dlat, lat + dlat))
    if minor_code:
        q = q.where((c.minor_code.is_(None)) | (c.minor_code.like(minor_code[:2] + "%")))
    with ctx.unit_of_work() as uow:
        rows = uow.session.execute(q.limit(5000)).all()
    hits = []
    window_s = days * 86400.0
    principal = ctx.principal
    for r in rows:
        if not in_scope(principal, street_code=r.street_code, lead_unit=r.lead_unit):
            continue
        sim = text_similarity(text, f"{r.title} {r.description} {r.address}")
        if located:
            if r.lon is None or r.lat is None:
                continue
            d = distance_m(lon, lat, r.lon, r.lat)
            if d > radius_m:
                continue
            near = 1.0 - d / radius_m
        else:
            d = None
            if sim < 0.3:  # without a place only clearly similar texts are worth showing
                continue
            near = 0.0
        if minor_code and r.minor_code == minor_code:
            cat = 1.0
        elif minor_code and r.minor_code:
            cat = 0.5  # same major class (the query kept only those)
        else:
            cat = 0.4  # unknown on one side
        age = 1.0 - min(1.0, (at - r.reported_at).total_seconds() / window_s)
        score = 0.35 * near + 0.30 * sim + 0.15 * age + 0.20 * cat
        hits.append(DuplicateHit(r.id, r.code, State(r.state), r.title, r.address,
                                 r.reported_at, d, round(sim, 3), round(score, 3)))
    hits.sort(key=lambda h: (-h.score, h.case_id))
    return hits[:limit]


# ---------------------------------------------------------------------- saving
def locate_grid(lon: float, lat: float, layer: Any) -> str | None:
    """The grid containing the point (None outside or unknown), in ``layer`` (the grids in
    force: `AppContext.current_grid_layer`)."""
    try:
        res = _grid_index(layer).assign_codes([lon], [lat])
    except Exception:  # noqa: BLE001 - the grid is a convenience; the shift leader can set it
        return None
    code = res.code[0]
    return None if code is None else str(code)


_GRID_INDEX: list = []  # [(layer, GridIndex)]: the last one built
_GRID_INDEX_LOCK = threading.Lock()


def _grid_index(layer: Any):
    """A point-in-polygon index of ``layer``, built once per layer (indexing 1,334 polygons
    takes a moment), the last one kept."""
    with _GRID_INDEX_LOCK:
        if _GRID_INDEX and _GRID_INDEX[0][0] is layer:
            return _GRID_INDEX[0][1]
    from commandcenter.geo.assign import GridIndex

    # a point in a comprehensive grid and a dedicated site goes to the comprehensive grid, as
    # in the shipped layer's order (a district file may list a new comprehensive grid last)
    rank = [0 if kind == "comprehensive" else 1 for kind in layer.column("layer")]
    index = GridIndex(layer, rank=rank)
    with _GRID_INDEX_LOCK:
        _GRID_INDEX[:] = [(layer, index)]
    return index


def to_new_case(ctx: AppContext, form: IntakeForm, grid_code: str | None = None) -> NewCase:
    title = form.title.strip()
    if not title and form.minor_code and ctx.catalogue.has_minor(form.minor_code):
        title = ctx.catalogue.minor(form.minor_code).name
    reporter = None
    if form.reporter_name or form.reporter_phone or form.reporter_id:
        reporter = ReporterInfo(form.reporter_name.strip() or None,
                                form.reporter_phone.strip().replace(" ", "") or None,
                                form.reporter_id.strip().upper() or None)
    return NewCase(channel=form.channel, title=title, description=form.description.strip(),
                   address=form.address.strip(), lon=form.lon, lat=form.lat,
                   grid_code=grid_code, priority=form.priority, reporter=reporter)


def create_case(ctx: AppContext, form: IntakeForm, actor: Actor) -> CaseRef:
    problems = validate(form)
    if problems:
        raise IntakeError(problems)
    grid = None
    if form.lon is not None and form.lat is not None:
        with ctx.unit_of_work() as uow:  # the boundaries and grids the database holds now
            grid = locate_grid(form.lon, form.lat, ctx.current_grid_layer(uow.session))
            if grid is not None and not _grid_in_force(uow.session, grid, ctx.now().date()):
                grid = None
    return CaseService(ctx).report(to_new_case(ctx, form, grid), actor)


def _grid_in_force(session: Any, code: str, today: date) -> bool:
    """Whether the database holds grid ``code`` and has not retired it (the reference sync
    retires grids by ``valid_to`` while the shipped layer still has their boundaries)."""
    from commandcenter.store.models import Grid

    row = session.execute(select(Grid.valid_from, Grid.valid_to)
                          .where(Grid.code == code)).first()
    return row is not None and row.valid_from <= today and (
        row.valid_to is None or today < row.valid_to)


def merge_into(ctx: AppContext, case_id: int, parent_id: int, actor: Actor,
               reason: str = "") -> TransitionResult:
    _check_parent(ctx, parent_id)
    return CaseService(ctx).transition(case_id, "merge", {"parent_id": parent_id,
                                                          "reason": reason}, actor)


def merge_by_code(ctx: AppContext, case_id: int, parent_code: str, actor: Actor,
                  reason: str = "", expected_version: int | None = None) -> TransitionResult:
    """Merge into the case with this code; an unknown code or the case itself is ``bad_input``."""
    from commandcenter.domain.case import TransitionError

    from .errors import CaseNotFoundError

    try:
        with ctx.unit_of_work() as uow:
            parent = uow.cases.find(parent_code.strip()).id
    except CaseNotFoundError:
        raise TransitionError("bad_input", f"no case {parent_code!r}", field="parent_id") from None
    if parent == case_id:
        raise TransitionError("bad_input", "a case cannot be merged into itself", field="parent_id")
    _check_parent(ctx, parent)
    return CaseService(ctx).transition(case_id, "merge", {"parent_id": parent, "reason": reason},
                                       actor, expected_version)


def _check_parent(ctx: AppContext, parent_id: int) -> None:
    if ctx.principal is None:
        return
    with ctx.unit_of_work() as uow:
        parent = uow.cases.get(parent_id)
    check_read(ctx.principal, parent)
