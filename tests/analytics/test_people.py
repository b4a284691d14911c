"""Grid worker and operator indicators on a hand-built month (conftest.people_month).

Answers by hand, May 2024 (natural stage limits: accept 30 min, verify 2 h, register 1 h,
dispatch 1 h, check 2 h, close 1 h; gw1 looks after G1 and G2, gw2 after G3):
  gw1 reports P1, P2, P5, P7, registered P1, P2, P7 -> 3/4; verifications P2 (late), P5 (never,
  due) -> 0/2; checks P1, P2 (fail, 3 h: late), P2 again, P4 on time -> 3/4; registrations in
  G1/G2: P1, P2, P4 (12345), P7 -> missed 1/4. Composite 40×75 + 20×0 + 20×75 + 20×75 = 60 (C).
  gw2 reports P3, P6, registered P6 -> 1/2; P6's check never came (due) -> 0/1; missed 0/1.
  intake1 disposed P1, P2, P4, P5, P7 all within 30 min (2 of them sent to verify) -> 5, 5/5, 2/2;
  waits 600, 1200, 300, 600, 600 s -> median 600, p90 960. intake2: P3 late (1 h), P6 on time.
  Bands: median 3.5 -> 100 and 55. Composites 100 (A) and (25×55 + 35×50) / 60 = 52.08 (D).
  leader1 registered P1, P2 (late), P4, P6, P7 -> 5, on time 4/5; P7 force-closed -> accuracy 4/5;
  closing decisions P1, P2 (1.5 h: late), P4 -> 2/3. Composite 25×80 + 40×80 + 35×66.67 = 75.33 (B).
  disp1 dispatched P1, P4 (to UB, returned, upheld), P4 again (40 min after the return), P6, P7,
  all on time -> 5, 5/5, accuracy 4/5; disp2 dispatched P2, reworked -> 0/1.
  Bands: median 3 -> 100 and 40; composites 92 (A) and 48 (D).
"""

from __future__ import annotations

import pytest

from commandcenter.analytics import Assessment, AssessmentContext, assess
from commandcenter.analytics.people import response_times
from commandcenter.domain.indicators import ObjectType, Period

MAY = Period.month(2024, 5)


@pytest.fixture
def month(kit):
    events, cases = kit.people_month(kit.LogBook()).frames()
    context = AssessmentContext(grid_worker_of=kit.GRID_WORKERS)
    return Assessment(events, cases, MAY, stage_limits=kit.NATURAL_LIMITS, context=context)


def test_grid_workers(month):
    f = month.frame(ObjectType.GRID_WORKER)
    gw1, gw2 = f.loc["gw1"], f.loc["gw2"]
    assert [gw1.reports, gw1.registered, gw2.reports, gw2.registered] == [4, 3, 2, 1]
    assert gw1.valid_report_rate == 0.75 and gw2.valid_report_rate == 0.5
    assert gw1.verify_ontime_rate == 0.0
    assert gw1.check_ontime_rate == 0.75 and gw2.check_ontime_rate == 0.0
    assert gw1.missed_report_rate == 0.25 and gw2.missed_report_rate == 0.0
    scored = assess(f, ObjectType.GRID_WORKER)
    assert scored.loc["gw1", "composite"] == pytest.approx(60.0)
    assert scored.loc["gw1", "rating"] == "C"


def test_missed_reports_without_a_grid_assignment_use_the_workers_usual_grid(kit):
    events, cases = kit.people_month(kit.LogBook()).frames()
    f = Assessment(events, cases, MAY, stage_limits=kit.NATURAL_LIMITS).frame(ObjectType.GRID_WORKER)
    # gw1 reported mostly in G1: registrations there P1, P2, P4 (12345), P7 -> 1/4 again
    assert f.loc["gw1", "missed_report_rate"] == 0.25
    # without the assignment nobody is known to own P5's pending verification
    assert f.loc["gw1", "verify_ontime_rate"] == 0.0  # P5 still named gw1 when sent


def test_intake_operators(month):
    f = month.frame(ObjectType.INTAKE_OPERATOR)
    i1, i2 = f.loc["intake1"], f.loc["intake2"]
    assert [i1.intake_volume, i1.accept_ontime_rate, i1.verify_dispatch_ontime_rate] == [5, 1.0, 1.0]
    assert [i1.accept_p50_seconds, i1.accept_p90_seconds] == [600, pytest.approx(960)]
    assert [i2.intake_volume, i2.accept_ontime_rate] == [2, 0.5]
    scored = assess(f, ObjectType.INTAKE_OPERATOR)
    assert scored.loc["intake1", "intake_volume_band"] == 100 and scored.loc["intake2", "intake_volume_band"] == 55
    assert scored.loc["intake1", "composite"] == pytest.approx(100.0)
    assert scored.loc["intake2", "composite"] == pytest.approx((25 * 55 + 35 * 50) / 60)
    assert scored.loc["intake2", "rating"] == "D"


def test_shift_leaders(month):
    f = month.frame(ObjectType.SHIFT_LEADER)
    lead = f.loc["leader1"]
    assert lead.registrations == 5
    assert lead.register_ontime_rate == pytest.approx(0.8)
    assert lead.register_accuracy == pytest.approx(0.8)
    assert lead.close_ontime_rate == pytest.approx(2 / 3)
    scored = assess(f, ObjectType.SHIFT_LEADER)
    assert scored.loc["leader1", "composite"] == pytest.approx(75.3333, abs=1e-4)


def test_dispatchers(month):
    f = month.frame(ObjectType.DISPATCHER)
    d1, d2 = f.loc["disp1"], f.loc["disp2"]
    assert [d1.dispatch_volume, d1.dispatch_ontime_rate, d1.dispatch_accuracy] == [5, 1.0, 0.8]
    assert [d2.dispatch_volume, d2.dispatch_accuracy] == [1, 0.0]
    assert d1.dispatch_p50_seconds == 600
    scored = assess(f, ObjectType.DISPATCHER)
    assert scored.loc["disp1", "composite"] == pytest.approx(92.0)
    assert scored.loc["disp2", "composite"] == pytest.approx(48.0)


def test_district_response_times(month):
    rt = response_times(month)
    # accept waits: 600 1200 300 600 600 (intake1) and 3600 1200 (intake2)
    assert rt.loc["accept", "n"] == 7 and rt.loc["accept", "p50_seconds"] == 600
    assert rt.loc["accept", "within_60s"] == 0.0
    assert rt.loc["dispatch", "n"] == 6
