"""Department/unit indicators on hand-built logs with answers worked out by hand.

The month log (conftest.unit_month) has eleven cases; the answers, case by case:

  UA (QCG) leads cases 1,2,3,4 (after UB's upheld return),6,7,9,10,11; UB (QJT) leads case 5.
  May dispatches to UA: 1,2,3,4b,6,7,9 (whistle),10,11a,11b = 10; to UB: 4a,5a,5b = 3.
  Signing (limit 1 h): UA signs late only in case 2 -> 9/10. UB: 4a returned and upheld (not
  due), 5a returned and overruled (due, not signed), 5b on time -> 1/2.
  Returns: UB 1 counted (case 5, overruled), 1 upheld (case 4); shirking UB = 1/3.
  Handled (report_done in May): UA 1,2,4,4,7,8,9,10,11,11 = 10 (case 8 was registered in April);
  rework UA = 1 failed check / 10.
  Cohort (registered in May): cases 1-7, 9-11. UA should close 9 (3 hung, 6 past its extended
  deadline), net 8, closed 7, on time 6 (case 2 late) -> closing 7/8, on-time closing 6/8,
  on-time handling 6/8; emergency on-time 1/1 (case 7). UB: 1 should close, closed late -> 1, 0.
  Whistle (case 9): UA checks in on time, UC late; ratings UA 5, UC 2.
  Callbacks on UA cases: satisfied, dissatisfied, basically satisfied (+1 unreachable) -> 2/3.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from commandcenter.analytics import Assessment, assess
from commandcenter.domain import commands as c
from commandcenter.domain.calendar import TimeLimit, TimeUnit
from commandcenter.domain.indicators import ObjectType, Period, composite_score, load_weights

UNIT = ObjectType.UNIT
MAY = Period.month(2024, 5)


@pytest.fixture
def month(kit):
    events, cases = kit.unit_month(kit.LogBook()).frames()
    return Assessment(events, cases, MAY, stage_limits=kit.NATURAL_LIMITS)


def test_unit_event_counts(month):
    f = month.frame(UNIT)
    assert f.loc["QCG", ["dispatched", "signed_ontime", "handled", "extensions", "returns"]].tolist() == [10, 9, 10, 1, 0]
    assert f.loc["QJT", ["dispatched", "signed_ontime", "handled", "returns", "returns_upheld"]].tolist() == [3, 1, 1, 1, 1]
    assert f.loc["QCG", "sign_ontime_rate"] == pytest.approx(0.9)
    assert f.loc["QJT", "sign_ontime_rate"] == pytest.approx(0.5)
    assert f.loc["QJT", "shirking_rate"] == pytest.approx(1 / 3)
    assert f.loc["QCG", "rework_rate"] == pytest.approx(0.1)


def test_unit_closing_indicators_exclude_hung_cases(month):
    f = month.frame(UNIT)
    qcg = f.loc["QCG"]
    assert [qcg.should_close, qcg.hung, qcg.closed, qcg.closed_on_time] == [9, 1, 7, 6]
    assert qcg.closing_rate == pytest.approx(7 / 8)
    assert qcg.ontime_closing_rate == pytest.approx(6 / 8)
    assert qcg.ontime_handling_rate == pytest.approx(6 / 8)
    assert qcg.emergency_ontime_closing_rate == pytest.approx(1.0)
    qjt = f.loc["QJT"]
    assert [qjt.should_close, qjt.closed, qjt.closed_on_time] == [1, 1, 0]
    assert np.isnan(qjt.emergency_ontime_closing_rate)


def test_whistle_check_in_rating_and_satisfaction(month):
    f = month.frame(UNIT)
    assert f.loc["QCG", "checkin_ontime_rate"] == 1.0
    assert f.loc["QSW", "checkin_ontime_rate"] == 0.0
    assert f.loc["QCG", "street_rating"] == 5.0 and f.loc["QSW", "street_rating"] == 2.0
    assert f.loc["QCG", "satisfaction"] == pytest.approx(2 / 3)


def test_upheld_returns_do_not_count_and_overruled_ones_do(month):
    returns = month.drill_down(UNIT, "QJT", "returns")
    upheld = month.drill_down(UNIT, "QJT", "returns_upheld")
    assert returns["case_id"].tolist() == [5] and upheld["case_id"].tolist() == [4]


def test_drill_down_lists_the_cases_behind_a_rate(month):
    rows = month.drill_down(UNIT, "QCG", "ontime_closing_rate")
    assert sorted(rows["case_id"]) == [1, 2, 4, 6, 7, 9, 10, 11]  # should close − hung
    assert sorted(rows.loc[rows["num"] == 1, "case_id"]) == [1, 4, 7, 9, 10, 11]
    assert rows["den"].sum() == 8


def test_rework_keeps_the_deadline_and_the_registration_time(month):
    facts = month.facts
    # case 4: done at 12:00, failed check at 12:30 (deadline 14:40 moves by the 30 minutes waited),
    # done again at 14:00 -> on time against 15:10; registered 7 May 09:00 all along
    assert facts.loc[4, "deadline"] == datetime(2024, 5, 7, 15, 10)
    assert facts.loc[4, "registered_at"] == datetime(2024, 5, 7, 9, 0)
    assert bool(facts.loc[4, "on_time"])
    # case 11 was redone after a dissatisfied callback: still registered on 14 May 09:00
    assert facts.loc[11, "registered_at"] == datetime(2024, 5, 14, 9, 0)


def test_the_evaluation_time_cuts_the_log(kit):
    events, cases = kit.unit_month(kit.LogBook()).frames()
    # as of 6 May 14:30: case 1 done on time but its 14:30 close is not yet in (the cut is
    # exclusive), case 2 past its 14:00 deadline and not done; handled: case 1 and April's case 8
    a = Assessment(events, cases, MAY, as_of=datetime(2024, 5, 6, 14, 30), stage_limits=kit.NATURAL_LIMITS)
    f = a.frame(UNIT)
    assert f.loc["QCG", ["should_close", "closed", "handled"]].tolist() == [2, 0, 2]
    assert f.loc["QCG", "ontime_handling_rate"] == pytest.approx(0.5)
    assert f.loc["QCG", "dispatched"] == 2


def test_composite_and_rating_match_the_hand_computation(month):
    scored = assess(month.frame(UNIT), UNIT)
    # 50×75 + 20×87.5 + 10×100 + 20×mean(75, 90, 100, 66.67, 100) = 8226.67 / 100; rework 10 % × 0.2 = 2
    assert scored.loc["QCG", "composite"] == pytest.approx(80.2667, abs=1e-4)
    assert scored.loc["QCG", "rating"] == "B"
    assert scored.loc["QCG", "rank"] == 1


def test_columnwise_composite_equals_the_domain_function(month):
    weights = load_weights()
    spec = weights.objects[UNIT]
    scored = assess(month.frame(UNIT), UNIT, weights)
    for unit, row in scored.iterrows():
        scores = {k.split(":", 1)[1]: v for k, v in row.items() if k.startswith("score:") and v == v}
        scores.update({d.indicator: row[d.indicator] for d in spec.deductions if row[d.indicator] == row[d.indicator]})
        expected = composite_score(scores, spec)
        assert scored.loc[unit, "composite"] == pytest.approx(expected), unit


def test_what_if_weights_move_the_ranking(month):
    frame = month.frame(UNIT)
    base = assess(frame, UNIT)
    data = load_weights().to_dict()
    # judge units on the whistle check-in alone: QSW (late) drops below QJT (never summoned: no score)
    data["objects"]["unit"] = {"components": [{"indicator": "checkin_ontime_rate", "weight": 100}]}
    from commandcenter.domain.indicators import parse_weights

    what_if = assess(frame, UNIT, parse_weights(data))
    assert base.loc["QSW", "rank"] == 2
    assert what_if.loc["QCG", "composite"] == 100 and what_if.loc["QSW", "composite"] == 0
    assert np.isnan(what_if.loc["QJT", "composite"]) and what_if.loc["QJT", "rating"] is None


def test_handling_hours_and_overdue_multiple(kit):
    book = kit.LogBook()
    H_A, H_B = kit.H_A, kit.H_B
    t = kit.t
    # emergencies run on natural hours: 2.5 h and 1 h of handling
    book.new(t(6, 9)).registered(t(6, 9), emergency=True).dispatched(H_A, t(6, 10)).handled(H_A, t(6, 10, 5), t(6, 12, 30))
    book.new(t(6, 9)).registered(t(6, 9), emergency=True).dispatched(H_A, t(6, 10)).handled(H_A, t(6, 10, 5), t(6, 11))
    # overdue: done 2 h after a 4-hour limit (0.5), and still open 8 h past it at 22:00 (2.0)
    book.new(t(7, 9)).registered(t(7, 9), emergency=True).dispatched(H_B, t(7, 10)).handled(H_B, t(7, 10, 5), t(7, 16))
    book.new(t(7, 9)).registered(t(7, 9), emergency=True).dispatched(H_B, t(7, 10)).do(c.Sign(), H_B, t(7, 10, 5))
    # a normal case on Monday 6 May: 10:00-12:00 and 13:30-15:00 are 3.5 working hours
    s = book.new(t(6, 9)).registered(t(6, 9), limit=TimeLimit(8, TimeUnit.WORKING_HOURS))
    s.do(c.Dispatch(unit=kit.UC), kit.DISPATCHER, t(6, 10)).handled(kit.H_C, t(6, 10, 5), t(6, 15))
    events, cases = book.frames()
    a = Assessment(events, cases, MAY, as_of=datetime(2024, 5, 7, 22), stage_limits=kit.NATURAL_LIMITS)
    f = a.frame(UNIT)
    assert f.loc["QCG", "mean_handling_hours"] == pytest.approx(1.75)
    assert f.loc["QJT", "overdue_multiple"] == pytest.approx(1.25)
    assert f.loc["QJT", "mean_handling_hours"] == pytest.approx(6.0)  # only the done case: 10:00-16:00
    assert f.loc["QSW", "mean_handling_hours"] == pytest.approx(3.5)


def test_sign_limit_in_working_hours_uses_the_calendar(kit):
    book = kit.LogBook(stage_limits={**kit.NATURAL_LIMITS})
    t = kit.t
    # Friday 10 May 17:00 dispatch; the 1-working-hour sign limit ends Saturday 11 May 09:00
    # (a make-up working day in 2024), so a Saturday 09:30 sign is late, 08:50 on time
    book.new(t(10, 9)).registered(t(10, 9)).dispatched(kit.H_A, t(10, 17)).do(c.Sign(), kit.H_A, t(11, 8, 50))
    book.new(t(10, 9)).registered(t(10, 9)).dispatched(kit.H_B, t(10, 17)).do(c.Sign(), kit.H_B, t(11, 9, 30))
    events, cases = book.frames()
    from commandcenter.domain.vocabulary import Stage

    limits = {**kit.NATURAL_LIMITS, Stage.SIGN: TimeLimit(1, TimeUnit.WORKING_HOURS)}
    f = Assessment(events, cases, MAY, stage_limits=limits).frame(UNIT)
    assert f.loc["QCG", "sign_ontime_rate"] == 1.0
    assert f.loc["QJT", "sign_ontime_rate"] == 0.0
