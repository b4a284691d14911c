"""Repeat problems: the same address, or the same class within ~50 m, within N days."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from commandcenter.analytics.warning import RepeatConfig
from commandcenter.analytics.warning_repeat import normalise_address, repeat_signals

NOW = datetime(2026, 5, 20, 12, 0)
LON, LAT = 118.79, 32.03
M_LAT = 1 / 111_320.0  # degrees per metre northwards


def _cases(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["case_id", "days_ago", "address", "minor_code", "north_m",
                                        "state"])
    frame["reported_at"] = [NOW - timedelta(days=d) for d in frame["days_ago"]]
    frame["lon"] = LON
    frame["lat"] = LAT + frame["north_m"] * M_LAT
    frame["grid_code"] = "G1"
    frame["street_code"] = "S1"
    return frame.drop(columns="days_ago")


def test_normalise_address_folds_width_spaces_punctuation_and_prefix():
    prefixes = ("南京市", "秦淮区")
    a = normalise_address("南京市秦淮区 中华路１２３号（东门）", prefixes)
    b = normalise_address("秦淮区中华路123号东门", prefixes)
    assert a == b == "中华路123号东门"


def test_same_address_three_times_in_30_days_is_one_alert():
    frame = _cases([
        (1, 1, "南京市秦淮区中华路123号", "0102", 0, "closed"),
        (2, 10, "秦淮区 中华路１２３号", "0102", 500, "in_progress"),
        (3, 25, "中华路123号", "0102", 900, "closed"),
        (4, 40, "中华路123号", "0102", 0, "closed"),  # outside the 30 days
        (5, 2, "中华路125号", "0102", 3000, "closed"),
        (6, 3, "中华路123号", "0504", 0, "closed"),  # same address, another class
    ])
    signals = repeat_signals(frame, NOW, RepeatConfig())
    address = [s for s in signals if s.subkind == "address"]
    assert len(address) == 1
    assert address[0].case_ids == [1, 2, 3] and address[0].observed == 3
    assert address[0].object_key == "中华路123号|0102" and address[0].grid_code == "G1"
    any_class = RepeatConfig(address_same_class=False)
    address = [s for s in repeat_signals(frame, NOW, any_class) if s.subkind == "address"]
    assert address[0].case_ids == [1, 2, 3, 6]


def test_void_and_merged_reports_do_not_count_and_two_are_not_enough():
    frame = _cases([
        (1, 1, "中华路123号", "0102", 0, "closed"),
        (2, 2, "中华路123号", "0102", 0, "void"),
        (3, 3, "中华路123号", "0102", 0, "merged"),
        (4, 4, "中华路123号", "0102", 0, "closed"),
    ])
    assert [s for s in repeat_signals(frame, NOW) if s.subkind == "address"] == []


def _background(first_id: int) -> list[tuple]:
    """Other classes spread over two kilometres: the district around the spot."""
    return [(first_id + k, 5, f"远处{k}号", f"09{k % 10:02d}", 200 * k - 1000, "closed")
            for k in range(11)]


def test_nearby_same_class_within_50_m_of_a_centre_but_not_other_classes_or_far_points():
    frame = _cases([
        (1, 1, "a路1号", "0102", 0, "closed"),
        (2, 2, "b路2号", "0102", 30, "closed"),  # the centre: the others are within 50 m of it
        (3, 3, "c路3号", "0102", 70, "closed"),
        (4, 4, "d路4号", "0102", 45, "closed"),
        (5, 5, "e路5号", "0102", 20, "closed"),
        (6, 4, "f路6号", "0504", 10, "closed"),  # another class
        (7, 5, "g路7号", "0102", 400, "closed"),  # far away
        (8, 6, "h路8号", "0102", 130, "closed"),  # 100 m from the centre: no chaining
        *_background(100),
    ])
    nearby = [s for s in repeat_signals(frame, NOW) if s.subkind == "nearby"]
    assert len(nearby) == 1
    assert nearby[0].case_ids == [1, 2, 3, 4, 5] and nearby[0].minor_code == "0102"
    assert nearby[0].detail["centre_case"] in (2, 4, 5) and nearby[0].expected < 1
    fewer = RepeatConfig(nearby_min_reports=6)
    assert [s for s in repeat_signals(frame, NOW, fewer) if s.subkind == "nearby"] == []


def test_density_test_discards_most_chance_clusters_in_a_uniformly_busy_neighbourhood():
    """About 12 reports per 50 m disk everywhere: five within 50 m is chance, not a repeat spot.
    Without the density test (alpha 1) nearly every spot would alarm; with it few do (the
    neighbourhood estimate runs low near the edges of the populated area, so not none)."""
    rng = np.random.default_rng(3)
    rows = [(k + 1, int(rng.integers(0, 29)), f"路{k}号", "0102", float(rng.uniform(-700, 700)),
             "closed") for k in range(3000)]
    frame = _cases(rows)
    frame["lon"] = LON + rng.uniform(-700, 700, len(frame)) * M_LAT / 0.85
    tested = [s for s in repeat_signals(frame, NOW) if s.subkind == "nearby"]
    untested = [s for s in repeat_signals(frame, NOW, RepeatConfig(nearby_alpha=1.0))
                if s.subkind == "nearby"]
    assert len(untested) > 150
    assert len(tested) <= 0.2 * len(untested)
    assert all(s.expected is not None and s.observed >= 5 for s in tested)


def test_nearby_group_inside_an_address_group_is_not_raised_twice():
    frame = _cases([(i, i, "中华路123号", "0102", 0, "closed") for i in range(1, 5)])
    signals = repeat_signals(frame, NOW)
    assert [s.subkind for s in signals] == ["address"]
