"""Assessment reports: the plain tables and their XLSX export (sheet per object + definitions)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from openpyxl import load_workbook

from commandcenter.domain.indicators import INDICATORS, ObjectType, Period
from commandcenter.services.kpi import AssessmentData
from commandcenter.services.reports import ASSESSED, build_report, export_xlsx, object_name


def _data():
    frames = {}
    for n, obj in enumerate(ASSESSED):
        idx = pd.Index([f"{obj.value}-{i}" for i in range(n + 2)], name=obj.value)
        frames[obj] = pd.DataFrame({
            "closing_rate": [0.9, 0.5] + [0.7] * n, "composite": [91.0, 50.0] + [70.0] * n,
            "rating": ["A", "D"] + ["C"] * n, "rank": [1.0, 3.0] + [2.0] * n}, index=idx)
    period = Period.month(2024, 5)
    data = AssessmentData(period, datetime(2024, 5, 22), frames, {"street-0": "夫子庙街道"}, assessment=None)
    return data, frames


def test_report_tables_follow_the_frames():
    data, frames = _data()
    report = build_report(data, frames, "zh", by="admin")
    assert [t.obj for t in report.tables] == list(ASSESSED)
    street = report.tables[1]
    assert street.title == "街道" and street.rows[0][2] == "夫子庙街道"
    assert street.columns[:5] == ["rank", "code", "name", "composite", "rating"]
    assert street.rows[0][street.columns.index("closing_rate")] == 90.0  # rates as percentages
    assert report.definitions[0][0] == INDICATORS["closing_rate"].name_zh
    assert "2024-05-01" in report.period and "admin" in report.generated


def test_xlsx_has_a_sheet_per_object_and_definitions(tmp_path):
    data, frames = _data()
    path = export_xlsx(build_report(data, frames, "zh"), tmp_path / "a.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [object_name(o) for o in ASSESSED] + ["指标定义"]
    for obj in ASSESSED:
        ws = wb[object_name(obj)]
        assert ws.max_row == len(frames[obj]) + 1
        assert ws.cell(row=1, column=4).value == "综合得分"
        assert isinstance(ws.cell(row=2, column=2).value, str)
    assert wb["指标定义"].max_row == 2  # header + closing_rate
    english = load_workbook(export_xlsx(build_report(data, frames, "en"), tmp_path / "b.xlsx"))
    assert english.sheetnames[-1] == "Definitions" and english.sheetnames[0] == "Units"
    assert ObjectType.GRID_WORKER in frames
