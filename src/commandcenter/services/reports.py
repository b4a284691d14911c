"""Assessment reports: the tables of one period as plain rows, and their XLSX export.

Contracts
- `build_report(data, scored, lang="zh", by=None) -> AssessmentReport`: one `ReportTable` per
  object type in `ASSESSED` order (rank, code, name, composite, rating, then every indicator
  column present, rates as percentages), plus the definitions of every indicator shown (name,
  formula, definition, objects). Plain Python values only: the PDF writer (ui/kpi/report_pdf.py,
  Qt's QPdfWriter) and `export_xlsx` read the same object.
- `export_xlsx(report, path)` writes one sheet per object type (sheet names are the object
  types' display names) and a definitions sheet last; the first row of each object sheet is the
  header, so a sheet has ``len(table.rows) + 1`` rows. Codes are written as text. Reporter
  identity never appears in a report (the frames carry none).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from commandcenter.domain.indicators import INDICATORS, Kind, ObjectType, Period

ASSESSED = (ObjectType.UNIT, ObjectType.STREET, ObjectType.COMMUNITY, ObjectType.GRID,
            ObjectType.GRID_WORKER)
OBJECT_NAMES = {
    ObjectType.UNIT: ("处置单位", "Units"),
    ObjectType.STREET: ("街道", "Streets"),
    ObjectType.COMMUNITY: ("社区", "Communities"),
    ObjectType.GRID: ("网格", "Grids"),
    ObjectType.GRID_WORKER: ("网格员", "Grid workers"),
    ObjectType.INTAKE_OPERATOR: ("受理员", "Intake operators"),
    ObjectType.SHIFT_LEADER: ("值班长", "Shift leaders"),
    ObjectType.DISPATCHER: ("派遣员", "Dispatchers"),
}
_FIXED = {"rank": ("排名", "Rank"), "code": ("编码", "Code"), "name": ("名称", "Name"),
          "composite": ("综合得分", "Composite"), "rating": ("等级", "Rating")}
_PERIOD_KINDS = {"day": ("日", "day"), "week": ("周", "week"), "month": ("月", "month"),
                 "quarter": ("季度", "quarter"), "year": ("年", "year"), "custom": ("自定义", "custom")}


def object_name(obj: ObjectType, lang: str = "zh") -> str:
    zh, en = OBJECT_NAMES[obj]
    return zh if lang.startswith("zh") else en


def period_text(period: Period, lang: str = "zh") -> str:
    last = (period.end - pd.Timedelta(seconds=1)).date()
    kind = _PERIOD_KINDS.get(period.kind, (period.kind, period.kind))[0 if lang.startswith("zh") else 1]
    return f"{period.start.date().isoformat()} – {last.isoformat()} ({kind})"


@dataclass
class ReportTable:
    obj: ObjectType
    title: str
    headers: list[str]
    columns: list[str]  # ids: rank, code, name, composite, rating, indicator ids
    rows: list[list[Any]]


@dataclass
class AssessmentReport:
    title: str
    period: str
    generated: str
    tables: list[ReportTable]
    definitions: list[tuple[str, str, str, str]]  # name, formula, definition, objects
    lang: str = "zh"
    notes: list[str] = field(default_factory=list)


def _value(ind_id: str, v: Any) -> Any:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if ind_id in INDICATORS and INDICATORS[ind_id].kind is Kind.RATE:
        return round(float(v) * 100, 2)
    if isinstance(v, float):
        return round(v, 2)
    return v.item() if hasattr(v, "item") else v


def build_report(data: Any, scored: dict[ObjectType, pd.DataFrame], lang: str = "zh",
                 by: str | None = None, title: str | None = None) -> AssessmentReport:
    """The report of one assessment (``data``: services.kpi.AssessmentData; ``scored``: its
    frames after `AssessmentService.score`)."""
    zh = lang.startswith("zh")
    tables = []
    shown: dict[str, set[str]] = {}
    for obj in ASSESSED:
        if obj not in scored:
            continue
        frame = scored[obj]
        inds = [c for c in frame.columns if c in INDICATORS]
        for i in inds:
            shown.setdefault(i, set()).add(object_name(obj, lang))
        headers = [_FIXED[k][0 if zh else 1] for k in ("rank", "code", "name", "composite", "rating")]
        for i in inds:
            ind = INDICATORS[i]
            name = ind.name_zh if zh else ind.name_en
            headers.append(f"{name} (%)" if ind.kind is Kind.RATE else name)
        rows = []
        for code, r in frame.iterrows():
            rank = r.get("rank")
            rows.append([None if rank is None or pd.isna(rank) else int(rank), str(code), data.name(str(code)),
                         _value("composite", r.get("composite")), r.get("rating") or None]
                        + [_value(i, r[i]) for i in inds])
        tables.append(ReportTable(obj, object_name(obj, lang), headers,
                                  ["rank", "code", "name", "composite", "rating"] + inds, rows))
    definitions = []
    for i, objs in shown.items():
        ind = INDICATORS[i]
        definitions.append((ind.name_zh if zh else ind.name_en, ind.formula_zh if zh else ind.formula_en,
                            ind.definition_zh if zh else ind.definition_en, "、".join(sorted(objs)) if zh
                            else ", ".join(sorted(objs))))
    gen = datetime.now().strftime("%Y-%m-%d %H:%M")
    return AssessmentReport(
        title=title or ("社会治理综合指挥中心 考核报告" if zh else "Command centre assessment report"),
        period=period_text(data.period, lang),
        generated=(f"生成时间 {gen}" if zh else f"Generated {gen}") + (f" · {by}" if by else ""),
        tables=tables, definitions=definitions, lang=lang)


def definitions_sheet_name(lang: str = "zh") -> str:
    return "指标定义" if lang.startswith("zh") else "Definitions"


def export_xlsx(report: AssessmentReport, path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    zh = report.lang.startswith("zh")
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for table in report.tables:
        ws = wb.create_sheet(table.title[:31])
        ws.append(table.headers)
        for cell in ws[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            ws.append(row)
        for r in range(2, ws.max_row + 1):  # codes stay text (leading zeros, 15-digit grids)
            ws.cell(row=r, column=2).number_format = "@"
        ws.freeze_panes = "D2"
        for c in range(1, len(table.headers) + 1):
            ws.column_dimensions[get_column_letter(c)].width = 28 if c == 3 else 14
    ws = wb.create_sheet(definitions_sheet_name(report.lang))
    ws.append(["指标", "公式", "定义", "适用对象"] if zh else ["Indicator", "Formula", "Definition", "Objects"])
    for cell in ws[1]:
        cell.font = bold
    for d in report.definitions:
        ws.append(list(d))
    for col, width in zip("ABCD", (20, 40, 80, 30), strict=True):
        ws.column_dimensions[col].width = width
    wb.properties.title = report.title
    wb.properties.subject = report.period
    path = Path(path)
    wb.save(path)
    return path
