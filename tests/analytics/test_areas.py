"""Street, community and grid indicators on a hand-built month (conftest.area_month).

Answers by hand, May 2024:
  Street 1 (grids G1, G2): reports A1-A6 = 6; registered A1-A4 = 4; decided reports 6 (4
  registered, A5 on the spot, A6 void) -> registration 4/6; public A2 (12345), A4 (window) -> 2/4;
  self-handled: A5 on the spot + A1 led by the street's own team -> 2/(4+1); whistled A4 -> 1/4;
  should close 4 (A3 hung), net 3, closed 3, on time A1, A4 -> closing 1, on-time 2/3;
  repeats: A1 (A10 in April, 16 days before) and A2 (A1 the same day) -> 2/4.
  Street 2 (G3): reports A7, A8 (merged), A9 (late on the 31st) = 3; registered A7; decided 1
  (A8 merged and A9 undecided are left out) -> 1/1; A7 past its deadline -> closing 0/1.
  Volume band: registered 4 and 1, median 2.5 -> ratios 1.6 (100) and 0.4 (55).
  Composite street 1 = (10×50 + 20×100 + 30×100 + 40×66.67) / 100 = 81.67 (B);
  street 2 = (10×100 + 20×55 + 0 + 0) / 100 = 21 (E).
"""

from __future__ import annotations

import numpy as np
import pytest

from commandcenter.analytics import Assessment, AssessmentContext, assess
from commandcenter.analytics.areas import district_frame
from commandcenter.analytics.live import top_categories
from commandcenter.domain.indicators import ObjectType, Period

MAY = Period.month(2024, 5)
ST1, ST2 = "320104001", "320104002"


@pytest.fixture
def month(kit):
    events, cases = kit.area_month(kit.LogBook()).frames()
    context = AssessmentContext(unit_street=kit.UNIT_STREET, grid_counts={ST1: 2, ST2: 1}, areas_km2={ST1: 4.0})
    return Assessment(events, cases, MAY, stage_limits=kit.NATURAL_LIMITS, context=context)


def test_street_indicators(month):
    f = month.frame(ObjectType.STREET)
    s1, s2 = f.loc[ST1], f.loc[ST2]
    assert [s1.reports, s1.registered, s1.should_close, s1.hung, s1.closed, s1.closed_on_time] == [6, 4, 4, 1, 3, 2]
    assert s1.registration_rate == pytest.approx(4 / 6)
    assert s1.public_report_rate == pytest.approx(0.5)
    assert s1.self_handled_rate == pytest.approx(2 / 5)
    assert s1.whistle_rate == pytest.approx(0.25)
    assert s1.closing_rate == 1.0 and s1.ontime_closing_rate == pytest.approx(2 / 3)
    assert s1.repeat_rate == pytest.approx(0.5)
    assert s1.density_per_grid == 2.0 and s1.density_per_km2 == 1.0
    assert [s2.reports, s2.registered, s2.registration_rate, s2.closing_rate] == [3, 1, 1.0, 0.0]
    assert s2.self_handled_rate == 0.0 and s2.public_report_rate == 0.0
    assert np.isnan(s2.density_per_km2)  # no area given


def test_communities_and_grids(month):
    com = month.frame(ObjectType.COMMUNITY)
    assert com.loc["320104001001", "registered"] == 4 and com.loc["320104002001", "registered"] == 1
    grid = month.frame(ObjectType.GRID)
    g1, g2 = grid.loc["G1"], grid.loc["G2"]
    assert [g1.reports, g1.registered, g1.closing_rate, g1.ontime_closing_rate, g1.repeat_rate] == [4, 2, 1.0, 0.5, 1.0]
    assert [g2.registered, g2.hung, g2.closed, g2.ontime_closing_rate, g2.repeat_rate] == [2, 1, 1, 1.0, 0.0]
    assert g1.density_per_grid == 2  # a grid is one grid


def test_street_composites(month):
    scored = assess(month.frame(ObjectType.STREET), ObjectType.STREET)
    assert scored.loc[ST1, "registered_band"] == 100 and scored.loc[ST2, "registered_band"] == 55
    assert scored.loc[ST1, "composite"] == pytest.approx(81.6667, abs=1e-4)
    assert scored.loc[ST2, "composite"] == pytest.approx(21.0)
    assert scored.loc[ST1, "rating"] == "B" and scored.loc[ST2, "rating"] == "E"


def test_district_totals(month):
    d = district_frame(month)
    assert [d.reports, d.registered] == [9, 5]
    assert d.closing_rate == pytest.approx(3 / 4) and d.ontime_closing_rate == pytest.approx(2 / 4)


def test_drill_down_to_the_repeat_cases(month):
    rows = month.drill_down(ObjectType.STREET, ST1, "repeat_rate")
    assert sorted(rows.loc[rows["num"] == 1, "case_id"]) == [1, 2]


def test_top_categories_with_period_on_period_change(month):
    top = top_categories(month.facts, MAY, by="street_code")
    s1 = top.loc[top["street_code"] == ST1].set_index("minor_code")
    assert s1.loc["0101", ["count", "previous", "change"]].tolist() == [3, 1, 2]
    assert s1.loc["0101", "change_pct"] == pytest.approx(2.0)
    assert s1.loc["0202", "count"] == 1 and np.isnan(s1.loc["0202", "change_pct"])
    assert s1.index.tolist() == ["0101", "0202"]  # biggest first
