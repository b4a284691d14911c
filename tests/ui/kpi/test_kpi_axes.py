"""Chinese date labels on the KPI charts and translated indicator help."""

from __future__ import annotations

from datetime import datetime


def test_date_axis_reads_chinese_month_and_day(qapp, translations):
    from commandcenter.ui.kpi.common import CnDateAxis, HourAxis, is_chinese, local_seconds

    assert is_chinese()
    axis = CnDateAxis(orientation="bottom")
    x = local_seconds([datetime(2024, 5, 22)])
    assert axis.tickStrings(x, 1.0, 2 * 86400) == ["5月22日"]
    assert axis.tickStrings(x, 1.0, 31 * 86400) == ["2024年5月"]
    assert HourAxis(orientation="bottom").tickStrings([9.0], 1.0, 1.0) == ["9时"]

    assert CnDateAxis.day_label(x[0]) == "5月22日"

    translations.install("en")
    assert not is_chinese()
    assert HourAxis(orientation="bottom").tickStrings([9.0], 1.0, 1.0) == ["9:00"]
    assert CnDateAxis.day_label(x[0]) == "May 22"
