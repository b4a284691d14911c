"""Data-quality signals: return ping-pong, forced-close rate, reports bunched before month end."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from commandcenter.analytics.warning import ForcedCloseConfig, MonthEndConfig
from commandcenter.analytics.warning_quality import (
    forced_close_signals,
    month_end_signals,
    ping_pong_signals,
    previous_month,
)

NOW = datetime(2026, 5, 12, 9, 0)


def test_ping_pong_two_returns_between_units():
    t = NOW - timedelta(days=2)
    returns = pd.DataFrame({
        "case_id": [1, 1, 2, 3, 3],
        "at": [t, t + timedelta(hours=3), t, t - timedelta(days=60), t - timedelta(days=59)],
        "unit_code": ["U_A", "U_B", "U_A", "U_A", "U_B"],
    })
    signals = ping_pong_signals(returns, NOW)
    assert [s.object_key for s in signals] == ["1"]  # 2 returned once; 3 long ago
    assert signals[0].observed == 2 and signals[0].detail["units"] == ["U_A", "U_B"]
    assert signals[0].case_ids == [1]


def test_forced_close_rate_per_unit_and_street():
    n = 40
    closed = pd.DataFrame({
        "case_id": np.arange(n),
        "closed_at": [NOW - timedelta(days=1)] * n,
        "forced": [i < 8 for i in range(20)] + [i < 1 for i in range(20)],
        "lead_unit": ["U_BAD"] * 20 + ["U_OK"] * 20,
        "street_code": ["S1"] * 40,
    })
    signals = forced_close_signals(closed, NOW, ForcedCloseConfig(max_rate=0.1, min_closed=20))
    keys = {(s.object_type, s.object_key): s for s in signals}
    assert ("unit", "U_BAD") in keys and ("unit", "U_OK") not in keys
    assert keys[("unit", "U_BAD")].observed == 0.4
    assert keys[("unit", "U_BAD")].expected == 9 / 40
    assert ("street", "S1") in keys  # 9/40 = 22.5 % > 10 %
    assert len(keys[("unit", "U_BAD")].case_ids) == 8


def _reports(actor: str, days: list[int], start: datetime, first_id: int = 0) -> pd.DataFrame:
    return pd.DataFrame({
        "case_id": np.arange(len(days)) + first_id,
        "at": [start + timedelta(days=d - 1, hours=10) for d in days],
        "actor_id": actor, "role": "grid_worker", "unit_code": f"unit_{actor}",
    })


def test_month_end_bunching_flags_the_bunched_worker_only():
    start, _, days = previous_month(NOW)
    assert (start, days) == (datetime(2026, 4, 1), 30)
    even = _reports("even", [1 + (i % 30) for i in range(60)], start)
    bunched = _reports("bunch", [1 + (i % 27) for i in range(30)] + [28, 29, 30] * 10, start,
                       1000)
    small = _reports("small", [28, 29, 30, 28], start, 2000)  # too few to judge
    frame = pd.concat([even, bunched, small], ignore_index=True)
    signals = month_end_signals(frame, NOW, MonthEndConfig())
    people = {s.object_key: s for s in signals if s.object_type == "person"}
    assert set(people) == {"bunch"}
    s = people["bunch"]
    assert s.observed == 30 / 60 and s.expected == 3 / 30
    assert s.detail["in_last_days"] == 30
    assert s.case_ids == list(range(1030, 1060))
    units = {s.object_key for s in signals if s.object_type == "unit"}
    assert units == {"unit_bunch"}


def test_month_end_only_looks_at_the_previous_month():
    start, _, _ = previous_month(NOW)
    bunched = _reports("bunch", [28, 29, 30] * 20, start - timedelta(days=30))  # March
    assert month_end_signals(bunched, NOW) == []


def test_binom_sf_stops_early_but_matches_the_exact_tail():
    import math

    import numpy as np
    import pytest

    from commandcenter.analytics.warning import binom_sf

    k = np.array([0, 3, 40, 55, 900, 1500, 2])
    n = np.array([10, 10, 200, 200, 3000, 3000, 5000])
    p = np.array([0.3, 0.3, 0.2, 0.2, 0.3, 0.3, 0.0005])

    def exact(k, n, p):  # the whole tail, term by term, in log space (no early stop)
        def log_term(j):
            return (math.lgamma(n + 1) - math.lgamma(j + 1) - math.lgamma(n - j + 1)
                    + j * math.log(p) + (n - j) * math.log1p(-p))
        return math.fsum(math.exp(log_term(j)) for j in range(k, n + 1))

    got = binom_sf(k, n, p)
    for i in range(k.size):
        want = 1.0 if k[i] <= 0 else exact(int(k[i]), int(n[i]), float(p[i]))
        assert got[i] == pytest.approx(want, rel=1e-9, abs=1e-300), i
