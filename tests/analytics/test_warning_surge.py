"""Surge detection: a quiet seasonal baseline stays under the documented false-alarm rate;
an injected surge is flagged in the right cell."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from commandcenter.analytics import warning_surge
from commandcenter.analytics.warning import SurgeConfig, WarningConfig, binom_sf, poisson_sf
from commandcenter.analytics.warning_surge import detect_surges, surge_signals

START = datetime(2026, 3, 2)  # a Monday
BASELINE_WEEKS = 8


def seasonal_profile() -> np.ndarray:
    """168 hourly weights: a daytime bulge, a quieter weekend (Monday = 0)."""
    hour = np.arange(24)
    day = 0.15 + np.exp(-0.5 * ((hour - 10) / 3.0) ** 2) + 0.7 * np.exp(-0.5 * ((hour - 15) / 2.5) ** 2)
    week = np.concatenate([day * (0.6 if d >= 5 else 1.0) for d in range(7)])
    return week / week.sum()


def quiet_reports(n_cells: int = 300, weeks: int = BASELINE_WEEKS + 1, seed: int = 7) -> pd.DataFrame:
    """Reports of ``n_cells`` grid × minor cells over ``weeks`` weeks from START, no surge."""
    rng = np.random.default_rng(seed)
    weekly = np.exp(rng.uniform(np.log(0.5), np.log(40), n_cells))  # reports per week per cell
    profile = seasonal_profile()
    lam = weekly[:, None] * profile[None, :]  # cells × 168
    counts = rng.poisson(np.tile(lam, (1, weeks)))  # cells × hours
    cell_idx, hour_idx = np.nonzero(counts)
    reps = counts[cell_idx, hour_idx]
    cell_idx, hour_idx = np.repeat(cell_idx, reps), np.repeat(hour_idx, reps)
    seconds = hour_idx * 3600 + rng.integers(0, 3600, len(hour_idx))
    at = np.datetime64(START, "s") + seconds.astype("timedelta64[s]")
    return pd.DataFrame({
        "case_id": np.arange(1, len(at) + 1),
        "reported_at": at.astype("datetime64[us]"),
        "grid_code": [f"G{c // 10:03d}" for c in cell_idx],
        "minor_code": [f"05{c % 10:02d}" for c in cell_idx],
    })


def evaluation_range() -> tuple[datetime, datetime]:
    start = START + timedelta(weeks=BASELINE_WEEKS)
    return start, start + timedelta(weeks=1)


def _inject(df: pd.DataFrame, grid: str, minor: str, at: datetime, n: int,
            step_minutes: float = 10) -> pd.DataFrame:
    extra = pd.DataFrame({
        "case_id": np.arange(10**7, 10**7 + n),
        "reported_at": np.array([at + timedelta(minutes=step_minutes * i) for i in range(n)],
                                dtype="datetime64[us]"),
        "grid_code": grid, "minor_code": minor,
    })
    return pd.concat([df, extra], ignore_index=True)


CONFIG = SurgeConfig()
KEYS = ("grid_code", "minor_code")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_quiet_baseline_stays_within_the_documented_false_alarm_rate(seed):
    df = quiet_reports(seed=seed)
    start, end = evaluation_range()
    result = detect_surges(df, KEYS, start, end, CONFIG)
    assert result.n_cells >= 295 and result.n_windows == 56
    assert result.false_alarm_fraction <= CONFIG.documented_false_alarm_rate
    # the documented figure is the one shipped in the module docstring and the JSON defaults
    assert "0.001" in warning_surge.__doc__
    assert WarningConfig.load().surge.documented_false_alarm_rate == 0.001


def test_rate_estimate_matters_a_naive_rule_would_alarm_far_more():
    """Control: flagging any window with >= 3 reports (no baseline) exceeds the rate by far,
    so the quiet test above can fail when the seasonal expectation is wrong."""
    df = quiet_reports(seed=1)
    start, end = evaluation_range()
    naive = SurgeConfig(alpha=1.0)
    result = detect_surges(df, KEYS, start, end, naive)
    assert result.false_alarm_fraction > 5 * CONFIG.documented_false_alarm_rate


def test_injected_surge_is_flagged_in_the_right_cell():
    df = quiet_reports(seed=4)
    start, end = evaluation_range()
    # a quiet cell: the least active grid × class of the baseline
    counts = df.groupby(list(KEYS)).size().sort_values()
    grid, minor = counts.index[len(counts) // 3]
    at = start + timedelta(days=2, hours=10)  # Wednesday 10:00, a busy hour district-wide
    surged = _inject(df, grid, minor, at, 6)
    flagged = detect_surges(surged, KEYS, start, end, CONFIG).flagged
    hit = flagged.loc[(flagged["grid_code"] == grid) & (flagged["minor_code"] == minor)]
    assert len(hit) == 1
    row = hit.iloc[0]
    assert row["window_start"] == pd.Timestamp(at.replace(hour=9))  # the 09:00-12:00 window
    assert row["observed"] >= 6 and row["expected"] < 2
    assert {10**7 + i for i in range(6)} <= set(row["case_ids"])
    # and the same cell without the surge is not flagged then
    quiet = detect_surges(df, KEYS, start, end, CONFIG).flagged
    assert quiet.loc[(quiet["grid_code"] == grid) & (quiet["minor_code"] == minor)
                     & (quiet["window_start"] == row["window_start"])].empty


def test_seasonality_a_busy_hour_count_is_not_a_surge_at_night():
    """The same 4 extra reports: unremarkable inside a busy cell's daytime, a surge at 03:00."""
    df = quiet_reports(seed=5)
    start, end = evaluation_range()
    busiest = df.groupby(list(KEYS)).size().idxmax()
    night = _inject(df, *busiest, start + timedelta(days=1, hours=3), 5)
    flagged = detect_surges(night, KEYS, start, end, CONFIG).flagged
    cell = flagged.loc[(flagged["grid_code"] == busiest[0]) & (flagged["minor_code"] == busiest[1])]
    assert (cell["window_start"] == pd.Timestamp(start + timedelta(days=1, hours=3))).any()


def test_street_major_level_and_signals():
    df = quiet_reports(seed=6)
    df["street_code"] = df["grid_code"].str[:3]
    start, end = evaluation_range()
    at = start + timedelta(days=3, hours=9, minutes=5)
    surged = _inject(df, "G005", "0501", at, 60, step_minutes=1)
    surged["street_code"] = surged["grid_code"].str[:3]
    signals = surge_signals(surged, at + timedelta(hours=2), CONFIG, {"G005": "G00"})
    grid = [s for s in signals if s.subkind == "grid_minor" and s.object_key == "G005/0501"]
    street = [s for s in signals if s.subkind == "street_major" and s.object_key == "G00/05"]
    assert grid and street
    assert grid[0].grid_code == "G005" and grid[0].street_code == "G00"
    assert grid[0].observed >= 60 and grid[0].observed > grid[0].expected


def test_partial_current_window_is_prorated():
    df = quiet_reports(seed=1)
    start, _ = evaluation_range()
    full = detect_surges(df, KEYS, start, start + timedelta(hours=3), SurgeConfig(min_observed=0))
    part = detect_surges(df, KEYS, start, start + timedelta(hours=1), SurgeConfig(min_observed=0))
    merged = full.pairs.merge(part.pairs, on=list(KEYS), suffixes=("_f", "_p"))
    assert len(merged) > 0
    assert (merged["expected_p"] < merged["expected_f"]).all()


def test_poisson_and_binomial_tails_match_known_values():
    assert poisson_sf(np.array([0]), np.array([2.0]))[0] == 1.0
    # P(X >= 3 | 1) = 1 - e^-1 (1 + 1 + 1/2)
    assert poisson_sf(np.array([3]), np.array([1.0]))[0] == pytest.approx(1 - np.exp(-1) * 2.5)
    assert poisson_sf(np.array([30]), np.array([25.0]))[0] == pytest.approx(0.1821039, abs=1e-6)
    # P(X >= 2 | n=3, p=0.5) = 4/8
    assert binom_sf(np.array([2]), np.array([3]), np.array([0.5]))[0] == pytest.approx(0.5)
