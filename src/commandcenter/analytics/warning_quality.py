"""Data-quality signals (数据质量预警): return ping-pong, forced closes, month-end bunching.

Contracts (each returns a list of `warning.Signal`)
- `ping_pong_signals(returns, now, config)`: ``returns`` holds the ``return`` events (case_id, at,
  unit_code). A case returned at least ``min_returns`` times (default 2) with its latest return in
  the last ``days`` days is a ping-pong between units (the units in ``detail["units"]``, in order).
- `forced_close_signals(closed, now, config)`: ``closed`` holds cases closed (case_id, closed_at,
  forced, lead_unit, street_code). Per unit and per street over the last ``days`` days: the share
  of closes that were forced; raised above ``max_rate`` (default 10 %) from ``min_closed`` closes.
  ``expected`` is the district-wide share in the same period.
- `month_end_signals(reports, now, config)`: ``reports`` holds the ``report`` events (case_id, at,
  actor_id, role, unit_code). For the last complete calendar month before ``now``, per grid worker
  (role grid_worker, by actor_id) and per reporting unit: the share of the month's reports made in
  its last ``last_days`` days. Under even reporting that share is last_days / days-in-month
  (≈ 3/30); raised when the share is at least ``ratio`` times that, the month has at least
  ``min_reports`` reports, and the binomial upper tail P(X >= k | n, p0) < ``alpha`` (so a
  small, lumpy count does not alarm). Severity from the ratio (≥ 3× → 2, ≥ 5× → 3).
All group with pandas; the only Python loops run over the raised groups.
"""

from __future__ import annotations

import calendar as _cal
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from commandcenter.analytics.warning import (
    ForcedCloseConfig,
    MonthEndConfig,
    PingPongConfig,
    Signal,
    binom_sf,
)


def ping_pong_signals(returns: pd.DataFrame, now: datetime,
                      config: PingPongConfig | None = None) -> list[Signal]:
    config = config or PingPongConfig()
    if returns.empty:
        return []
    frame = returns.sort_values(["case_id", "at"])
    stats = frame.groupby("case_id").agg(n=("at", "size"), first=("at", "min"), last=("at", "max"))
    hit = stats.loc[(stats["n"] >= config.min_returns)
                    & (stats["last"] > pd.Timestamp(now - timedelta(days=config.days)))
                    & (stats["last"] <= pd.Timestamp(now))]
    out = []
    chosen = frame.loc[frame["case_id"].isin(hit.index)]
    for case_id, group in chosen.groupby("case_id", sort=True):
        n = len(group)
        units = [str(u) for u in group["unit_code"].astype(object).fillna("")]
        out.append(Signal(
            kind="data_quality", subkind="ping_pong", object_type="case", object_key=str(case_id),
            window_start=pd.Timestamp(group["at"].min()).to_pydatetime(),
            window_end=pd.Timestamp(group["at"].max()).to_pydatetime(),
            observed=float(n), threshold=float(config.min_returns),
            severity=3 if n >= config.min_returns + 2 else 2 if n > config.min_returns else 1,
            street_code=_first(group, "street_code"), grid_code=_first(group, "grid_code"),
            case_ids=[int(case_id)], detail={"units": units},
        ))
    return out


def _first(group: pd.DataFrame, column: str) -> str | None:
    if column not in group:
        return None
    values = group[column].dropna()
    return str(values.iloc[0]) if len(values) else None


def forced_close_signals(closed: pd.DataFrame, now: datetime,
                         config: ForcedCloseConfig | None = None) -> list[Signal]:
    config = config or ForcedCloseConfig()
    since = now - timedelta(days=config.days)
    at = closed["closed_at"]
    frame = closed.loc[(at > pd.Timestamp(since)) & (at <= pd.Timestamp(now))].copy()
    if frame.empty:
        return []
    frame["forced"] = frame["forced"].fillna(False).astype(bool)
    district = float(frame["forced"].mean())
    out = []
    for column, object_type in (("lead_unit", "unit"), ("street_code", "street")):
        stats = frame.groupby(frame[column].astype(object), dropna=True)["forced"].agg(["size", "sum"])
        stats["rate"] = stats["sum"] / stats["size"]
        hit = stats.loc[(stats["size"] >= config.min_closed) & (stats["rate"] > config.max_rate)]
        for key, row in hit.iterrows():
            ids = frame.loc[(frame[column].astype(object) == key) & frame["forced"], "case_id"]
            rate = float(row["rate"])
            out.append(Signal(
                kind="data_quality", subkind="forced_close", object_type=object_type,
                object_key=str(key), window_start=since, window_end=now,
                observed=rate, expected=district, threshold=config.max_rate,
                severity=3 if rate >= 3 * config.max_rate else 2 if rate >= 2 * config.max_rate else 1,
                street_code=str(key) if object_type == "street" else None,
                case_ids=sorted(int(c) for c in ids),
                detail={"closed": int(row["size"]), "forced": int(row["sum"])},
            ))
    return out


def previous_month(now: datetime) -> tuple[datetime, datetime, int]:
    """(first day, first day of the next month, days in month) of the month before ``now``'s."""
    first_this = datetime(now.year, now.month, 1)
    last_prev = first_this - timedelta(days=1)
    start = datetime(last_prev.year, last_prev.month, 1)
    return start, first_this, _cal.monthrange(start.year, start.month)[1]


def month_end_signals(reports: pd.DataFrame, now: datetime,
                      config: MonthEndConfig | None = None) -> list[Signal]:
    config = config or MonthEndConfig()
    start, end, days = previous_month(now)
    tail_start = end - timedelta(days=config.last_days)
    at = reports["at"]
    frame = reports.loc[(at >= pd.Timestamp(start)) & (at < pd.Timestamp(end))].copy()
    if frame.empty:
        return []
    frame["tail"] = frame["at"] >= pd.Timestamp(tail_start)
    p0 = config.last_days / days
    out = []
    workers = frame.loc[frame["role"].astype(object) == "grid_worker"]
    for column, frm, object_type in (("actor_id", workers, "person"),
                                     ("unit_code", frame, "unit")):
        stats = frm.groupby(frm[column].astype(object), dropna=True)["tail"].agg(["size", "sum"])
        stats = stats.loc[stats["size"] >= config.min_reports]
        if stats.empty:
            continue
        n, k = stats["size"].to_numpy(), stats["sum"].to_numpy()
        share = k / n
        p = binom_sf(k, n, np.full(len(n), p0))
        hit = (share >= config.ratio * p0) & (p < config.alpha)
        for key, nn, kk, sh, pp in zip(stats.index[hit], n[hit], k[hit], share[hit], p[hit],
                                       strict=True):
            ratio = sh / p0
            ids = frm.loc[(frm[column].astype(object) == key) & frm["tail"], "case_id"]
            out.append(Signal(
                kind="data_quality", subkind="month_end", object_type=object_type,
                object_key=str(key), window_start=start, window_end=end,
                observed=float(sh), expected=p0, threshold=config.ratio * p0,
                severity=3 if ratio >= 5 else 2 if ratio >= 3 else 1,
                case_ids=sorted(int(c) for c in ids),
                detail={"reports": int(nn), "in_last_days": int(kk), "p": float(pp),
                        "last_days": config.last_days},
            ))
    return out
