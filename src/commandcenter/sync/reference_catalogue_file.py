"""The district's categories-and-standards file: its columns and how a row is read
(`sync.reference_catalogue` merges, diffs and writes).

The file: one row per minor class and filing condition (a class with two conditions has two
rows; its class-level cells may repeat or stay empty on the second). Columns, Chinese or English
(`COLUMNS`): 小类编码 code, 小类名称 name, 大类编码 major_code (default: the code's first two
digits), 大类名称 major_name, 类型 major_kind (事件/部件, event/component), 立案条件编号
condition_id (default: 01, 02 ... in file order; digits are zero-padded to two), 立案条件
condition, 处置时限 limit (one limit for A, B and C) or A类/B类/C类时限 limit_A/B/C, 条件结案条件
condition_closing, 结案条件 closing, 监督主体 supervisor, 责任主体 responsible, 法律依据
legal_basis, 紧急 emergency. Limits are written as the catalogue keeps them (``4
working_hours``) or in Chinese (``4个工作时``, ``15个工作日``, ``2小时（自然时）``, ``2自然时``);
a bare ``小时`` is refused as ambiguous.

`parse_file(frame, cols, problems)` groups the rows by minor class (`FileClass`: the class's
first row, its class-level cells, its conditions by id), appending every problem with its row
number; a row with no condition cells adds no condition (a class without any keeps its own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from commandcenter.domain.calendar import TimeLimit, TimeUnit
from commandcenter.domain.vocabulary import AreaClass

from .reference_model import FALSE, TRUE, found_columns, text

COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("小类编码", "小类代码", "minor_code", "code"),
    "name": ("小类名称", "minor_name", "name"),
    "major_code": ("大类编码", "大类代码", "major_code"),
    "major_name": ("大类名称", "major_name"),
    "major_kind": ("类型", "事部件类型", "案件类型", "major_kind", "category_kind", "kind"),
    "condition_id": ("立案条件编号", "条件编号", "condition_id"),
    "condition": ("立案条件", "立案标准", "filing_condition", "condition"),
    "limit": ("处置时限", "时限", "handling_limit", "limit"),
    "limit_A": ("A类区域处置时限", "A类时限", "处置时限A", "时限A", "limit_a"),
    "limit_B": ("B类区域处置时限", "B类时限", "处置时限B", "时限B", "limit_b"),
    "limit_C": ("C类区域处置时限", "C类时限", "处置时限C", "时限C", "limit_c"),
    "condition_closing": ("条件结案条件", "本条件结案条件", "condition_closing"),
    "closing": ("结案条件", "结案标准", "closing"),
    "supervisor": ("监督主体", "supervisor"),
    "responsible": ("责任主体", "responsible"),
    "legal_basis": ("法律依据", "依据", "legal_basis"),
    "emergency": ("紧急", "是否紧急", "emergency"),
}
CLASS_FIELDS = ("name", "major_code", "major_name", "major_kind", "closing", "supervisor",
                "responsible", "legal_basis", "emergency")
REQUIRED = ("name", "major_name", "major_kind", "closing", "supervisor", "responsible",
            "legal_basis")
CONDITION_COLUMNS = ("condition_id", "condition", "limit", "limit_A", "limit_B", "limit_C",
                     "condition_closing")
LIMITS = {"name": 96, "major_name": 64}  # the categories table's columns
MAJOR_KINDS = {"event": "event", "component": "component", "事件": "event", "部件": "component"}
EMERGENCY_TRUE, EMERGENCY_FALSE = TRUE | {"紧急"}, FALSE | {"一般", "非紧急"}
_CODE = re.compile(r"^\d{4}$")
_CONDITION_ID = re.compile(r"^[0-9A-Za-z_-]{1,24}$")
_CN_LIMIT = re.compile(r"^(\d+(?:\.\d+)?)\s*个?\s*(工作时|工作小时|工作日|自然时|自然小时|"
                       r"小时[（(]自然时[)）]|小时)$")
_EN_LIMIT = re.compile(r"^(\d+(?:\.\d+)?)\s*(working[ _]hours?|working[ _]days?|"
                       r"natural[ _]hours?)$")
_CN_UNITS = {"工作时": TimeUnit.WORKING_HOURS, "工作小时": TimeUnit.WORKING_HOURS,
             "工作日": TimeUnit.WORKING_DAYS, "自然时": TimeUnit.NATURAL_HOURS,
             "自然小时": TimeUnit.NATURAL_HOURS}


def looks_like(frame: pd.DataFrame) -> bool:
    """A categories file: a minor-class code with a major class, a condition or a limit."""
    cols = found_columns(frame, COLUMNS)
    return "code" in cols and bool({"major_code", "condition", "limit", "limit_A"} & set(cols))


def parse_limit(value: str) -> TimeLimit:
    """``4 working_hours``, ``4 working hours``, ``4个工作时``, ``15个工作日``, ``2自然时`` ..."""
    raw = value.strip().replace("\u3000", " ")
    m = _EN_LIMIT.match(raw.casefold())
    if m:
        unit = m.group(2).replace(" ", "_")
        return TimeLimit(float(m.group(1)), TimeUnit(unit if unit.endswith("s") else unit + "s"))
    m = _CN_LIMIT.match(raw.replace(" ", ""))
    if m:
        word = m.group(2)
        if word == "小时":
            raise ValueError(f"{value!r} is ambiguous: write 工作时 (working) or 自然时 (natural)")
        unit = _CN_UNITS.get(word, TimeUnit.NATURAL_HOURS)  # 小时（自然时）
        return TimeLimit(float(m.group(1)), unit)
    raise ValueError(f"unreadable time limit {value!r} (e.g. '4 working_hours' or 4个工作时)")


@dataclass
class FileClass:
    row: int
    fields: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # field -> the row that gave it
    conditions: dict[str, dict[str, Any]] = field(default_factory=dict)


def parse_file(frame: pd.DataFrame, cols: dict[str, str], problems: list[str]
           ) -> dict[str, FileClass]:
    has_conditions = any(c in cols for c in CONDITION_COLUMNS)
    classes: dict[str, FileClass] = {}
    for i, raw in enumerate(frame.to_dict("records")):
        row_no = i + 2
        cell = {t: text(raw.get(c)) for t, c in cols.items()}
        code = cell["code"]
        if code is None:
            problems.append(f"row {row_no}: no code")
            continue
        if not _CODE.match(code):
            problems.append(f"row {row_no}: minor class code {code!r} must be 4 digits")
            continue
        fc = classes.setdefault(code, FileClass(row_no))
        for key in CLASS_FIELDS:
            value = cell.get(key)
            if value is None:
                continue
            if key == "major_kind":
                kind = MAJOR_KINDS.get(value.casefold())
                if kind is None:
                    problems.append(f"row {row_no}: {code} has unknown kind {value!r} "
                                    "(事件/部件, event/component)")
                    continue
                value = kind
            elif key == "emergency":
                flag = value.casefold()
                if flag not in EMERGENCY_TRUE | EMERGENCY_FALSE:
                    problems.append(f"row {row_no}: {code} has unreadable emergency flag "
                                    f"{value!r}")
                    continue
                value = flag in EMERGENCY_TRUE
            elif key in LIMITS and len(value) > LIMITS[key]:
                problems.append(f"row {row_no}: {key} longer than {LIMITS[key]} characters")
            if key in fc.fields and fc.fields[key] != value:
                problems.append(f"row {row_no}: {code} gives {key} {value!r}, row "
                                f"{fc.rows[key]} gave {fc.fields[key]!r}")
                continue
            fc.fields[key], fc.rows[key] = value, row_no
        if has_conditions:
            _parse_condition(code, row_no, cell, fc, problems)
    return classes


def _parse_condition(code: str, row_no: int, cell: dict[str, Any], fc: FileClass,
                     problems: list[str]) -> None:
    if all(cell.get(c) is None for c in CONDITION_COLUMNS):
        return  # nothing about conditions on this row (a class without any keeps its own)
    cid = cell.get("condition_id") or f"{len(fc.conditions) + 1:02d}"
    cid = cid.zfill(2) if cid.isdigit() else cid
    if not _CONDITION_ID.match(cid):
        problems.append(f"row {row_no}: {code} has a malformed condition id {cid!r}")
        return
    if cid in fc.conditions:
        problems.append(f"row {row_no}: {code} condition {cid} repeated")
        return
    cond: dict[str, Any] = {"row": row_no, "text": cell.get("condition"),
                            "closing": cell.get("condition_closing")}
    for a in AreaClass:
        value = cell.get(f"limit_{a.value}") or cell.get("limit")
        if value is None:
            continue
        try:
            cond[f"limit_{a.value}"] = str(parse_limit(value))
        except ValueError as exc:
            problems.append(f"row {row_no}: {code} condition {cid} area class {a.value}: {exc}")
    fc.conditions[cid] = cond
