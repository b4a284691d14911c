"""Surge detection (突增预警): a cell's count in a window against its own seasonal baseline.

Method (Poisson control limit on a seasonal expected count)
- A *cell* is a grid × minor class (``grid_code``, ``minor_code``) or a street × major class
  (``street_code``, ``major_code``: the minor code's first two digits). A *window* is one of the
  tumbling ``window_hours``-hour windows of [start, end), aligned on midnight (default 3 h: eight
  windows a day). The current, unfinished window is evaluated on the part already elapsed.
- Baseline: the ``baseline_weeks`` weeks (default 8) before ``start``. For each cell and
  hour-of-week h (weekday × hour-of-day, 168 buckets) the expected hourly count is

      lambda_c(h) = (n_c(h) + k * (N_c / W) * s(h)) / (W + k)

  where n_c(h) is the cell's own count in bucket h over the W baseline weeks, N_c its total, s(h)
  the district-wide share of bucket h (all cells pooled, smoothed over neighbouring hours, with a
  1 % uniform floor so no hour is impossible), and k = ``shrink_weeks`` pseudo-weeks: the cell's
  own weekday × hour mean shrunk toward its total spread along the district's seasonal curve (a
  cell's own 8-week bucket mean is mostly 0 or 1/8, far too noisy alone). A cell with no history
  gets the floor N_c = 0.5 (half an event in the baseline), so a brand-new cell needs a real
  cluster, not one report, to alarm.
  The window's expected count is the sum of lambda over its hours (times the elapsed fraction).
- Flag when observed >= ``min_observed`` (default 3) and P(X >= observed | lambda) < ``alpha``
  (default 0.0005), X ~ Poisson, the tail summed exactly (`warning.poisson_sf`).
  Severity: 3 when p < alpha / 100, 2 when p < alpha / 10, else 1.

False-alarm rate
- With the true lambda, the discrete Poisson test flags at most alpha of the (cell, window) pairs;
  ``min_observed`` = 3 removes the flags of almost-empty cells, where a plug-in baseline is least
  reliable. Documented rate: at most 0.001 (1 in 1,000) flagged (cell, window) pairs on quiet
  data (``documented_false_alarm_rate``). Measured in tests/analytics/test_warning_surge.py on a
  generated quiet district (300 cells, weekly rates 0.5-40, weekday/hour seasonality, 8 weeks of
  baseline then one week of 56 windows = 16,800 pairs): 0 to 0.0002 of the pairs flagged (0-3),
  while a surge of 6 extra reports in one grid × class window is flagged, in that cell.

Vectorised: counts by `np.unique`/groupby on integer cell codes; the expected counts are looked up
by `np.searchsorted` for the candidate (cell, window) pairs only (those reaching ``min_observed``);
the only Python loops run over the hours of a window and the terms of the Poisson tail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from commandcenter.analytics.warning import Signal, SurgeConfig, poisson_sf

HOURS_PER_WEEK = 168
_US_PER_HOUR = 3_600_000_000
# 1970-01-01 was a Thursday: hour 0 of the epoch is hour-of-week 3*24 with Monday = 0.
_EPOCH_HOW = 3 * 24
LEVELS = {"grid_minor": ("grid_code", "minor_code"), "street_major": ("street_code", "major_code")}


@dataclass(frozen=True)
class SurgeResult:
    """``pairs``: the candidate (cell, window) pairs with keys, window_start, window_end,
    observed, expected, p, flagged, severity, case_ids; ``n_cells`` × ``n_windows`` is the number
    of (cell, window) pairs evaluated (the false-alarm denominator)."""

    pairs: pd.DataFrame
    n_cells: int
    n_windows: int

    @property
    def flagged(self) -> pd.DataFrame:
        return self.pairs.loc[self.pairs["flagged"]].reset_index(drop=True)

    @property
    def false_alarm_fraction(self) -> float:
        total = self.n_cells * self.n_windows
        return len(self.flagged) / total if total else 0.0


def _hours(values: pd.Series | np.ndarray) -> np.ndarray:
    us = np.asarray(values, dtype="datetime64[us]").astype(np.int64)
    return us // _US_PER_HOUR


def hour_of_week(hours: np.ndarray) -> np.ndarray:
    return (hours + _EPOCH_HOW) % HOURS_PER_WEEK


def seasonal_shape(how: np.ndarray) -> np.ndarray:
    """District-wide share of each of the 168 hour-of-week buckets (sums to 1)."""
    counts = np.bincount(how, minlength=HOURS_PER_WEEK).astype(float)
    smooth = 0.5 * counts + 0.25 * (np.roll(counts, 1) + np.roll(counts, -1))
    shape = smooth / smooth.sum() if smooth.sum() > 0 else np.full(HOURS_PER_WEEK, 1 / 168)
    return 0.99 * shape + 0.01 / HOURS_PER_WEEK


def detect_surges(
    reports: pd.DataFrame,
    keys: tuple[str, ...],
    start: datetime,
    end: datetime,
    config: SurgeConfig | None = None,
) -> SurgeResult:
    """Evaluate every (cell, window) of [start, end) against the baseline before ``start``.

    ``reports`` has ``reported_at`` and the ``keys`` columns (rows with a missing key are
    ignored), optionally ``case_id`` (listed per flagged pair for the drill-down)."""
    config = config or SurgeConfig()
    w_hours = config.window_hours
    start_h = int(_hours(np.array([start]))[0])
    start_h -= start_h % 24 % w_hours  # align on the day's windows
    end_us = np.datetime64(end, "us").astype(np.int64)
    end_h = -(-end_us // _US_PER_HOUR)  # ceil
    base_h = start_h - config.baseline_weeks * HOURS_PER_WEEK
    n_windows = max(0, -(-(end_h - start_h) // w_hours))

    frame = reports.dropna(subset=list(keys))
    hours = _hours(frame["reported_at"])
    keep = (hours >= base_h) & (hours < end_h)
    frame, hours = frame.loc[keep], hours[keep]
    cell, uniques = pd.MultiIndex.from_frame(frame[list(keys)].astype(str)).factorize()
    n_cells = len(uniques)
    empty = pd.DataFrame(columns=[*keys, "window_start", "window_end", "observed", "expected",
                                  "p", "flagged", "severity", "case_ids"])
    if n_cells == 0 or n_windows == 0:
        return SurgeResult(empty, n_cells, n_windows)

    in_base = hours < start_h
    how = hour_of_week(hours)
    shape = seasonal_shape(how[in_base])
    base_codes, base_counts = np.unique(cell[in_base] * HOURS_PER_WEEK + how[in_base],
                                        return_counts=True)
    cell_total = np.bincount(cell[in_base], minlength=n_cells).astype(float)
    cell_total = np.maximum(cell_total, 0.5)

    # observed counts per (cell, window) in the evaluation range
    ev = ~in_base
    win = (hours[ev] - start_h) // w_hours
    pair = cell[ev].astype(np.int64) * n_windows + win
    pair_codes, observed = np.unique(pair, return_counts=True)
    cand = observed >= config.min_observed
    pair_codes, observed = pair_codes[cand], observed[cand]
    c_idx, w_idx = pair_codes // n_windows, pair_codes % n_windows

    weeks, k = float(config.baseline_weeks), float(config.shrink_weeks)
    expected = np.zeros(len(pair_codes))
    for offset in range(w_hours):  # loop over the hours of a window, not over cells
        h = start_h + w_idx * w_hours + offset
        h_us = h * _US_PER_HOUR
        covered = np.clip((end_us - h_us) / _US_PER_HOUR, 0.0, 1.0)
        hw = hour_of_week(h)
        code = c_idx * HOURS_PER_WEEK + hw
        pos = np.searchsorted(base_codes, code)
        pos_c = np.minimum(pos, max(len(base_codes) - 1, 0))
        own = np.where((len(base_codes) > 0) & (base_codes[pos_c] == code), base_counts[pos_c], 0)
        lam = (own + k * (cell_total[c_idx] / weeks) * shape[hw]) / (weeks + k)
        expected += lam * covered
    p = poisson_sf(observed, expected)
    flagged = p < config.alpha
    severity = np.where(p < config.alpha / 100, 3, np.where(p < config.alpha / 10, 2, 1))

    w_start = (start_h + w_idx * w_hours) * _US_PER_HOUR
    out = pd.DataFrame({key: uniques.get_level_values(i)[c_idx] for i, key in enumerate(keys)})
    out["window_start"] = w_start.astype("datetime64[us]")
    out["window_end"] = np.minimum(w_start + w_hours * _US_PER_HOUR, end_us).astype("datetime64[us]")
    out["observed"] = observed
    out["expected"] = expected
    out["p"] = p
    out["flagged"] = flagged
    out["severity"] = severity
    out["case_ids"] = _case_ids(frame.loc[ev], pair, pair_codes) if "case_id" in frame else None
    return SurgeResult(out, n_cells, n_windows)


def _case_ids(frame: pd.DataFrame, pair: np.ndarray, wanted: np.ndarray) -> list[list[int]]:
    ids = frame["case_id"].to_numpy(np.int64)
    mask = np.isin(pair, wanted)
    grouped = pd.Series(ids[mask]).groupby(pair[mask]).agg(lambda s: sorted(int(v) for v in s))
    return [grouped.get(code, []) for code in wanted]


def surge_signals(reports: pd.DataFrame, now: datetime, config: SurgeConfig | None = None,
                  street_of_grid: dict[str, str] | None = None) -> list[Signal]:
    """Flagged windows of the last ``lookback_hours`` at both levels, as signals."""
    config = config or SurgeConfig()
    start = now - timedelta(hours=config.lookback_hours)
    frame = reports
    if "major_code" not in frame and "minor_code" in frame:
        frame = frame.assign(major_code=frame["minor_code"].astype(object).str[:2])
    out: list[Signal] = []
    for subkind, keys in LEVELS.items():
        flagged = detect_surges(frame, keys, start, now, config).flagged
        for row in flagged.itertuples(index=False):  # flagged pairs only: a handful
            a, b = getattr(row, keys[0]), getattr(row, keys[1])
            grid = a if subkind == "grid_minor" else None
            street = a if subkind == "street_major" else (street_of_grid or {}).get(a)
            out.append(Signal(
                kind="surge", subkind=subkind, object_type=subkind, object_key=f"{a}/{b}",
                window_start=pd.Timestamp(row.window_start).to_pydatetime(),
                window_end=pd.Timestamp(row.window_end).to_pydatetime(),
                observed=float(row.observed), expected=float(row.expected),
                threshold=config.alpha, severity=int(row.severity),
                minor_code=b if subkind == "grid_minor" else None, grid_code=grid,
                street_code=street, case_ids=list(row.case_ids or []),
                detail={"p": float(row.p), "major_code": b if subkind == "street_major" else None},
            ))
    return out
