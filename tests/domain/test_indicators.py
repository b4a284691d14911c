"""Indicator definitions, periods, ratings, composites and the weights file (pure Python)."""

from __future__ import annotations

import copy
import json
import math
from datetime import date, datetime

import pytest

from commandcenter.domain.indicators import (
    INDICATORS,
    TERMS,
    AssessmentWeights,
    Component,
    CompositeSpec,
    Deduction,
    Direction,
    Kind,
    ObjectType,
    Period,
    WeightsError,
    band_score,
    composite_score,
    indicators_for,
    load_weights,
    parse_weights,
    rating,
)
from commandcenter.resources import resource_path


# ---------------------------------------------------------------------- catalogue
def test_every_indicator_is_explained_in_both_languages_with_known_terms():
    for ind in INDICATORS.values():
        assert ind.name_zh and ind.name_en and ind.formula_zh and ind.formula_en, ind.id
        assert ind.objects, ind.id
        for term in ind.terms:
            assert term in TERMS, (ind.id, term)
        text = ind.explain("zh")
        assert ind.formula_zh in text and all(TERMS[t].name_zh in text for t in ind.terms)
        assert ind.formula_en in ind.explain("en")


def test_the_closing_definitions_say_what_should_close_and_on_time_mean():
    text = INDICATORS["ontime_closing_rate"].explain("en")
    assert "should close − hung" in text
    assert "never reset the registration time" in text  # rework does not reset it
    assert "forced close is never on time" in text
    assert "returns it upholds do not count against the returning unit" in TERMS["return_verdict"].definition_en


def test_rates_score_times_100_and_inverse_rates_the_complement():
    assert INDICATORS["closing_rate"].score(0.8) == pytest.approx(80.0)
    assert INDICATORS["public_report_rate"].direction is Direction.INVERSE
    assert INDICATORS["public_report_rate"].score(0.3) == pytest.approx(70.0)
    assert INDICATORS["street_rating"].score(4.5) == pytest.approx(90.0)
    assert INDICATORS["registered_band"].score(85.0) == 85.0
    assert INDICATORS["dispatched"].score(12) is None  # counts are shown, not scored
    assert INDICATORS["closing_rate"].score(float("nan")) is None


def test_indicators_for_lists_the_object_types_indicators():
    unit = {i.id for i in indicators_for(ObjectType.UNIT)}
    assert {"ontime_closing_rate", "returns", "checkin_ontime_rate", "satisfaction"} <= unit
    assert "public_report_rate" not in unit
    assert "missed_report_rate" in {i.id for i in indicators_for(ObjectType.GRID_WORKER)}
    assert INDICATORS["missed_report_rate"].kind is Kind.RATE


# ---------------------------------------------------------------------- periods
def test_periods_are_half_open_and_know_their_predecessor():
    m = Period.month(2024, 1)
    assert (m.start, m.end) == (datetime(2024, 1, 1), datetime(2024, 2, 1))
    assert m.previous() == Period.month(2023, 12)
    assert datetime(2024, 1, 31, 23, 59) in m and datetime(2024, 2, 1) not in m
    q = Period.quarter(2024, 1)
    assert (q.start, q.end) == (datetime(2024, 1, 1), datetime(2024, 4, 1))
    assert q.previous() == Period.quarter(2023, 4)
    assert Period.year(2024).previous() == Period.year(2023)
    w = Period.week(date(2024, 5, 8))  # a Wednesday
    assert w.start == datetime(2024, 5, 6) and w.previous().start == datetime(2024, 4, 29)
    d = Period.day(date(2024, 3, 1))
    assert d.previous() == Period.day(date(2024, 2, 29))
    custom = Period(datetime(2024, 1, 10), datetime(2024, 1, 20))
    assert custom.previous() == Period(datetime(2023, 12, 31), datetime(2024, 1, 10))
    with pytest.raises(ValueError):
        Period(datetime(2024, 1, 2), datetime(2024, 1, 1))


# ---------------------------------------------------------------------- ratings and bands
@pytest.mark.parametrize(
    ("score", "letter"),
    [(100, "A"), (90, "A"), (89.99, "B"), (75, "B"), (74.9, "C"), (60, "C"), (59.9, "D"), (40, "D"), (39.9, "E"), (0, "E")],
)
def test_rating_bands(score, letter):
    assert rating(score) == letter


def test_rating_of_nothing_is_nothing():
    assert rating(None) is None and rating(float("nan")) is None


def test_volume_band_compares_with_the_peers_median():
    bands = ((1.0, 100.0), (0.8, 85.0), (0.6, 70.0), (0.0, 40.0))
    assert band_score(12, 10, bands) == 100.0
    assert band_score(8, 10, bands) == 85.0
    assert band_score(7.9, 10, bands) == 70.0
    assert band_score(1, 10, bands) == 40.0
    assert band_score(5, 0, bands) is None


# ---------------------------------------------------------------------- composites
UNIT_SPEC = CompositeSpec(
    components=(
        Component(50, indicator="ontime_closing_rate"),
        Component(20, indicator="closing_rate"),
        Component(10, indicator="emergency_ontime_closing_rate"),
        Component(20, group="other", members=(("ontime_handling_rate", 1), ("satisfaction", 1))),
    ),
    deductions=(Deduction("rework_rate", 0.2), Deduction("shirking_rate", 0.5)),
    max_deduction=20,
)


def test_composite_is_the_weighted_mean_minus_deductions():
    scores = {"ontime_closing_rate": 80, "closing_rate": 90, "emergency_ontime_closing_rate": 100,
              "ontime_handling_rate": 70, "satisfaction": 90, "rework_rate": 0.05, "shirking_rate": 0.0}
    # (50*80 + 20*90 + 10*100 + 20*80) / 100 = 84; rework 5 % × 0.2 = 1 point off
    assert composite_score(scores, UNIT_SPEC) == pytest.approx(83.0)


def test_a_missing_component_hands_its_weight_to_the_others():
    scores = {"ontime_closing_rate": 80, "closing_rate": 90, "ontime_handling_rate": 70}
    # no emergencies and no satisfaction: (50*80 + 20*90 + 20*70) / 90
    assert composite_score(scores, UNIT_SPEC) == pytest.approx(7200 / 90)
    assert composite_score({}, UNIT_SPEC) is None


def test_deductions_are_capped_and_the_score_stays_within_0_100():
    scores = {"ontime_closing_rate": 30, "rework_rate": 0.9, "shirking_rate": 0.9}
    # 0.2*90 + 0.5*90 = 63 points, capped at 20
    assert composite_score(scores, UNIT_SPEC) == pytest.approx(10.0)
    assert composite_score({"ontime_closing_rate": 10, "shirking_rate": 1.0}, UNIT_SPEC) == 0.0


# ---------------------------------------------------------------------- weights.json
def test_the_shipped_weights_follow_domain_section_6():
    w = load_weights()
    unit = w.objects[ObjectType.UNIT]
    assert [(c.indicator or c.group, c.weight) for c in unit.components] == [
        ("ontime_closing_rate", 50), ("closing_rate", 20), ("emergency_ontime_closing_rate", 10), ("other", 20)]
    assert {d.indicator for d in unit.deductions} == {"rework_rate", "shirking_rate"}
    street = w.objects[ObjectType.STREET]
    assert [(c.indicator, c.weight) for c in street.components] == [
        ("public_report_rate", 10), ("registered_band", 20), ("closing_rate", 30), ("ontime_closing_rate", 40)]
    assert [c.weight for c in w.objects[ObjectType.GRID_WORKER].components] == [40, 20, 20, 20]
    assert [c.weight for c in w.objects[ObjectType.INTAKE_OPERATOR].components] == [25, 40, 35]
    assert [c.weight for c in w.objects[ObjectType.SHIFT_LEADER].components] == [25, 40, 35]
    assert [c.weight for c in w.objects[ObjectType.DISPATCHER].components] == [20, 40, 40]
    assert w.rating_bands == (("A", 90), ("B", 75), ("C", 60), ("D", 40))
    assert set(w.objects) == set(ObjectType)


def test_weights_round_trip_through_their_dict_form():
    w = load_weights()
    again = parse_weights(json.loads(json.dumps(w.to_dict())))
    assert again.objects == w.objects and again.volume_bands == w.volume_bands
    assert isinstance(again, AssessmentWeights)


def _shipped() -> dict:
    return json.loads(resource_path("assessment", "weights.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["objects"]["unit"]["components"][0].update(weight=40), "weights must add up to 100, got 90"),
        (lambda d: d["objects"]["street"]["components"][0].update(indicator="no_such"), "unknown indicator 'no_such'"),
        (lambda d: d["objects"]["street"]["components"][0].update(indicator="satisfaction"),
         "'satisfaction' does not apply to street"),
        (lambda d: d["objects"]["unit"]["components"][1].update(indicator="dispatched"), "is a count, not scored"),
        (lambda d: d["objects"]["unit"]["deductions"][0].update(indicator="closing_rate"), "not an inverse rate"),
        (lambda d: d["objects"].pop("grid"), "objects.grid: missing"),
        (lambda d: d.update(version=2), "version: expected 1"),
        (lambda d: d.update(volume_bands=[[0.5, 80], [1.0, 100], [0, 40]]), "strictly decrease"),
        (lambda d: d.update(rating_bands={"A": 60, "B": 75}), "floors must strictly decrease"),
        (lambda d: d["objects"]["unit"]["components"][3].update(members={}), "a group needs"),
        (lambda d: d["objects"]["unit"]["components"][0].update(weight="50"), "expected a number, got '50'"),
        (lambda d: d["objects"]["unit"]["components"][1].update(indicator="ontime_closing_rate"), "appears twice"),
    ],
)
def test_invalid_weights_are_refused_with_the_place_and_the_reason(edit, message):
    data = copy.deepcopy(_shipped())
    edit(data)
    with pytest.raises(WeightsError, match=message.replace("(", r"\(").replace(")", r"\)")) as err:
        parse_weights(data, source="weights.json")
    assert str(err.value).startswith("weights.json: ")


def test_an_unreadable_weights_file_names_the_file(tmp_path):
    bad = tmp_path / "weights.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(WeightsError, match="weights.json: cannot read weights"):
        load_weights(bad)


def test_composite_of_the_shipped_spec_matches_a_hand_computation():
    spec = load_weights().objects[ObjectType.STREET]
    scores = {"public_report_rate": 70, "registered_band": 85, "closing_rate": 90, "ontime_closing_rate": 75}
    expected = (10 * 70 + 20 * 85 + 30 * 90 + 40 * 75) / 100
    assert composite_score(scores, spec) == pytest.approx(expected)
    assert not math.isnan(expected)
