"""Repeat problems (重复问题): one place reported again and again — "solve it once, not five times".

Contract: `repeat_signals(cases, now, config)` looks at the cases reported in the last ``days``
days (default 30) up to ``now``, leaving out void and merged ones (an invalid report, or a
duplicate already folded into its parent, is not a new occurrence). ``cases`` has ``case_id``,
``reported_at``, ``address``, ``minor_code``, ``lon``, ``lat`` and optionally ``grid_code``,
``street_code``, ``state``.

Two groupings, each raising one signal per group of at least ``min_reports`` (default 3) cases:
- *address*: the same normalised address (`normalise_address`: NFKC, so full-width digits and
  letters fold; whitespace and punctuation dropped; the configured city/district prefixes
  stripped) and, with ``address_same_class`` (default), the same minor class. Why the class: on
  the 1,000,000-case demo, "any class at one address" raised 5,783 groups in 30 days (a busy
  street number gathers unrelated reports); "same class" raised 72, the ones worth a call.
- *nearby*: the same minor class within ``radius_m`` (default 50 m) of one *centre* case. Pairs
  come from binning points into radius-sized squares and merging each point with the 3 × 3
  squares around it (no per-point loop), pairs farther than the radius dropped. Groups do not
  chain (single linkage joined 691 cases along one busy road in the demo): the case with the
  most neighbours becomes a centre, its neighbours are taken, and so on (greedy, over the
  candidate centres only). A group is raised when it reaches ``nearby_min_reports`` (default 5:
  proximity is weaker evidence than one address) *and* its count stands out from the class's
  density around it: P(X >= n | lambda) < ``nearby_alpha`` (default 0.001), X ~ Poisson, lambda
  = the class's density around the centre (its other cases in the window within
  ``context_reach`` (2) squares of ``context_m`` (250 m), over the occupied part of that block)
  × the disk's area. So a spot is a repeat when it stands out from its own neighbourhood, not
  merely because the old town is busy.
  A nearby group whose cases are all in address groups is not raised twice.
The object key of an address group is the normalised address (and class); of a nearby group, the
minor class and the position (4 decimals, ~10 m) of its centre case. `services.alerts` also
continues an alert whose case ids overlap, so a group sliding through the window stays one alert.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from commandcenter.analytics.warning import RepeatConfig, Signal, poisson_sf

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)
_M_PER_DEG_LAT = 111_320.0


def normalise_address(text: str | None, prefixes: tuple[str, ...] = ()) -> str:
    if not text:
        return ""
    s = _DROP.sub("", unicodedata.normalize("NFKC", str(text))).lower()
    for prefix in prefixes:
        if s.startswith(prefix):
            s = s[len(prefix):]
    return s


def _window(cases: pd.DataFrame, now: datetime, days: int) -> pd.DataFrame:
    at = cases["reported_at"].to_numpy().astype("datetime64[us]")
    keep = (at > np.datetime64(now - timedelta(days=days), "us")) & (at <= np.datetime64(now, "us"))
    if "state" in cases:
        keep &= ~cases["state"].astype(object).isin(["void", "merged"]).to_numpy()
    return cases.loc[keep].reset_index(drop=True)


def address_groups(frame: pd.DataFrame, config: RepeatConfig) -> pd.Series:
    """Normalised address per case (index aligned with ``frame``)."""
    addresses = frame["address"].astype(object).fillna("")
    mapping = {a: normalise_address(a, config.address_prefixes) for a in pd.unique(addresses)}
    return addresses.map(mapping)


def _display_address(text: object, prefixes: tuple[str, ...]) -> str:
    """The address as written, less the leading city/district names every address shares."""
    s = str(text or "").strip()
    for prefix in prefixes:
        if s.startswith(prefix):
            s = s[len(prefix):]
    return s


def _severity(n: int, k: int) -> int:
    return 3 if n >= 3 * k else 2 if n >= 2 * k else 1


def _signals(frame: pd.DataFrame, group: np.ndarray, keys: pd.Series, subkind: str,
             object_type: str, now: datetime, config: RepeatConfig,
             threshold: int, extra: dict[int, dict] | None = None) -> list[Signal]:
    """One signal per group label >= 0 of ``group``; aggregates by groupby, not per group."""
    sub = frame.assign(_g=group).loc[group >= 0]
    if sub.empty:
        return []
    sub = sub.sort_values(["_g", "reported_at", "case_id"])
    by = sub.groupby("_g", sort=True)
    ids = by["case_id"].agg(list)
    first = by.head(1).set_index("_g")
    minors = by["minor_code"].agg(lambda s: sorted({str(m) for m in s.dropna()}))
    modes = {}
    for col in ("grid_code", "street_code"):
        if col in sub:
            counts = sub.groupby(["_g", sub[col].astype(object)]).size().rename("n").reset_index()
            counts = counts.sort_values(["_g", "n"], ascending=[True, False])
            modes[col] = counts.drop_duplicates("_g").set_index("_g")[col]
    out = []
    for g in ids.index:  # one iteration per raised group
        n = len(ids[g])
        out.append(Signal(
            kind="repeat", subkind=subkind, object_type=object_type, object_key=str(keys[g])[:120],
            window_start=pd.Timestamp(first.at[g, "reported_at"]).to_pydatetime(), window_end=now,
            observed=float(n), expected=(extra or {}).get(g, {}).get("expected"),
            threshold=float(threshold), severity=_severity(n, threshold),
            minor_code=minors[g][0] if len(minors[g]) == 1 else None,
            street_code=modes["street_code"].get(g) if "street_code" in modes else None,
            grid_code=modes["grid_code"].get(g) if "grid_code" in modes else None,
            case_ids=sorted(int(c) for c in ids[g]),
            detail={"minor_codes": minors[g],
                    "address": _display_address(first.at[g, "address"], config.address_prefixes),
                    **(extra or {}).get(g, {})},
        ))
    return out


def _pairs(x: np.ndarray, y: np.ndarray, cls: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    pts = pd.DataFrame({"i": np.arange(len(x)), "m": cls,
                        "cx": np.floor(x / radius).astype(np.int64),
                        "cy": np.floor(y / radius).astype(np.int64)})
    shifted = [pts.assign(cx=pts["cx"] + dx, cy=pts["cy"] + dy)
               for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    pairs = pd.concat(shifted).merge(pts, on=["m", "cx", "cy"], suffixes=("", "_b"))
    a, b = pairs["i"].to_numpy(), pairs["i_b"].to_numpy()
    near = np.hypot(x[a] - x[b], y[a] - y[b]) <= radius  # includes the point itself
    return a[near], b[near]


def _block_sum(keys: pd.DataFrame, values: pd.DataFrame, reach: int) -> np.ndarray:
    """For each row of ``keys`` (cx, cy[, m]), the sum of ``values["n"]`` over the squares within
    ``reach`` squares of it (a (2 reach + 1)² block), by shifting and merging: no per-point loop."""
    cols = [c for c in ("m", "cx", "cy") if c in keys]
    span = range(-reach, reach + 1)
    shifted = pd.concat([values.assign(cx=values["cx"] + dx, cy=values["cy"] + dy)
                         for dx in span for dy in span])
    block = shifted.groupby(cols)["n"].sum()
    index = pd.MultiIndex.from_frame(keys[cols])
    return block.reindex(index).fillna(0).to_numpy(float)


def _local_expectation(x: np.ndarray, y: np.ndarray, cls: np.ndarray, degree: np.ndarray,
                       config: RepeatConfig) -> np.ndarray:
    """Expected same-class count in a radius disk from the class's density around the point:
    the class's other cases in the block of ``context_m`` squares within ``context_reach``
    squares, over the block's *occupied* area (squares holding any case, so the district's edge,
    the river and the parks do not dilute the density), times the disk's area."""
    size = config.context_m
    cx, cy = np.floor(x / size).astype(np.int64), np.floor(y / size).astype(np.int64)
    keys = pd.DataFrame({"m": cls, "cx": cx, "cy": cy})
    same = keys.value_counts().rename("n").reset_index()
    around = _block_sum(keys, same, config.context_reach)
    squares = keys[["cx", "cy"]].drop_duplicates().assign(n=1)
    occupied = _block_sum(keys[["cx", "cy"]], squares, config.context_reach)
    others = np.maximum(around - degree, 1.0)
    return others * np.pi * config.radius_m ** 2 / (np.maximum(occupied, 1.0) * size * size)


def nearby_groups(frame: pd.DataFrame, config: RepeatConfig) -> tuple[np.ndarray, dict[int, dict]]:
    """Group label per case (-1: none) and, per group, its centre position and expected count."""
    n = len(frame)
    labels = np.full(n, -1, dtype=np.int64)
    ok = (frame["lon"].notna() & frame["lat"].notna() & frame["minor_code"].notna()).to_numpy()
    if ok.sum() < config.nearby_min_reports:
        return labels, {}
    idx = np.flatnonzero(ok)
    lat, lon = frame["lat"].to_numpy(float)[idx], frame["lon"].to_numpy(float)[idx]
    y = lat * _M_PER_DEG_LAT
    x = lon * _M_PER_DEG_LAT * np.cos(np.radians(lat.mean()))
    cls = pd.factorize(frame["minor_code"].astype(object).to_numpy()[idx])[0]
    a, b = _pairs(x, y, cls, config.radius_m)
    degree = np.bincount(a, minlength=len(idx))  # neighbours including itself
    lam = _local_expectation(x, y, cls, degree, config)
    p = poisson_sf(degree, lam)
    candidate = (degree >= config.nearby_min_reports) & (p < config.nearby_alpha)
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    start = np.searchsorted(a, np.arange(len(idx)))
    end = np.searchsorted(a, np.arange(len(idx)), side="right")
    taken = np.zeros(len(idx), bool)
    extra: dict[int, dict] = {}
    group = 0
    for c in np.flatnonzero(candidate)[np.argsort(-degree[candidate], kind="stable")]:
        members = b[start[c]:end[c]]
        members = members[~taken[members]]
        if taken[c] or len(members) < config.nearby_min_reports:
            continue
        taken[members] = True
        labels[idx[members]] = group
        extra[group] = {"radius_m": config.radius_m, "lon": float(lon[c]), "lat": float(lat[c]),
                        "expected": float(lam[c]), "centre_case": int(frame["case_id"].iat[idx[c]]),
                        "centre_minor": str(frame["minor_code"].iat[idx[c]])}
        group += 1
    return labels, extra


def repeat_signals(cases: pd.DataFrame, now: datetime,
                   config: RepeatConfig | None = None) -> list[Signal]:
    config = config or RepeatConfig()
    frame = _window(cases, now, config.days)
    if frame.empty:
        return []
    address = address_groups(frame, config)
    key = address + ("|" + frame["minor_code"].astype(object).fillna("") if config.address_same_class
                     else "")
    codes, uniques = pd.factorize(key)
    sizes = np.bincount(codes, minlength=len(uniques))
    repeated = (sizes[codes] >= config.min_reports) & (address.to_numpy() != "")
    out = _signals(frame, np.where(repeated, codes, -1), pd.Series(uniques), "address", "address",
                   now, config, config.min_reports)
    labels, extra = nearby_groups(frame, config)
    covered = pd.Series(repeated).groupby(labels).all()  # every case already in an address group
    labels = np.where((labels >= 0) & ~covered.reindex(labels).fillna(False).to_numpy(bool),
                      labels, -1)
    keys = pd.Series({g: f"{e['centre_minor']}@{e['lon']:.4f},{e['lat']:.4f}"
                      for g, e in extra.items()}, dtype=object)
    out += _signals(frame, labels, keys, "nearby", "place", now, config,
                    config.nearby_min_reports, extra)
    return out
