"""Scores, composites and ratings for an indicator frame (the column-wise twin of the domain's).

`assess(frame, obj, weights)` adds to an indicator frame (from `Assessment.frame`):
- the band indicators (``registered_band``, ``intake_volume_band``, ``dispatch_volume_band``):
  the volume's ratio to the median of the objects with a volume above 0, scored by
  ``weights.volume_bands``;
- ``score:<id>`` for every scorable indicator present (domain `Indicator.score` rules);
- ``composite`` (domain `composite_score` rules, computed column-wise), ``rating`` (A-E) and
  ``rank`` (1 = best composite; ties share the better rank).
Re-running it with other weights is cheap: it is the what-if panel's recomputation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from commandcenter.domain.indicators import (
    INDICATORS,
    LOWEST_RATING,
    AssessmentWeights,
    CompositeSpec,
    Direction,
    Kind,
    ObjectType,
    load_weights,
)

BAND_SOURCES = {
    "registered_band": "registered",
    "intake_volume_band": "intake_volume",
    "dispatch_volume_band": "dispatch_volume",
}


def add_bands(frame: pd.DataFrame, obj: ObjectType, bands: tuple[tuple[float, float], ...]) -> pd.DataFrame:
    out = frame.copy()
    for band, source in BAND_SOURCES.items():
        if obj not in INDICATORS[band].objects or source not in out.columns:
            continue
        volume = out[source].astype(float)
        positive = volume[volume > 0]
        median = positive.median() if len(positive) else np.nan
        ratio = volume / median if median and median > 0 else pd.Series(np.nan, index=out.index)
        conditions = [ratio >= floor for floor, _ in bands]
        scores = np.select(conditions, [score for _, score in bands], default=bands[-1][1])
        out[band] = np.where(ratio.isna(), np.nan, scores)
    return out


def score_of(indicator_id: str, values: pd.Series) -> pd.Series:
    ind = INDICATORS[indicator_id]
    v = values.astype(float)
    if ind.kind is Kind.BAND:
        return v
    if ind.kind is Kind.RATING:
        return v * 20.0
    return (1.0 - v) * 100.0 if ind.direction is Direction.INVERSE else v * 100.0


def composite(scores: pd.DataFrame, values: pd.DataFrame, spec: CompositeSpec) -> pd.Series:
    """Column-wise `domain.indicators.composite_score` (scores and values indexed alike)."""
    total = pd.Series(0.0, index=scores.index)
    weight_sum = pd.Series(0.0, index=scores.index)
    for comp in spec.components:
        if comp.indicator:
            s = scores.get(comp.indicator, pd.Series(np.nan, index=scores.index))
        else:
            gt = pd.Series(0.0, index=scores.index)
            gw = pd.Series(0.0, index=scores.index)
            for member, w in comp.members:
                m = scores.get(member, pd.Series(np.nan, index=scores.index))
                gt += (w * m).fillna(0.0)
                gw += w * m.notna()
            s = (gt / gw).where(gw > 0)
        total += (comp.weight * s).fillna(0.0)
        weight_sum += comp.weight * s.notna()
    result = (total / weight_sum).where(weight_sum > 0)
    taken = pd.Series(0.0, index=scores.index)
    for d in spec.deductions:
        v = values.get(d.indicator, pd.Series(np.nan, index=scores.index)).astype(float)
        taken += (d.points_per_percent * v * 100.0).fillna(0.0)
    return (result - taken.clip(upper=spec.max_deduction)).clip(0.0, 100.0)


def ratings(score: pd.Series, bands: tuple[tuple[str, float], ...]) -> pd.Series:
    conditions = [score >= floor for _, floor in bands]
    letters = np.select(conditions, [letter for letter, _ in bands], default=LOWEST_RATING)
    return pd.Series(np.where(score.isna(), None, letters), index=score.index, dtype=object)


def assess(frame: pd.DataFrame, obj: ObjectType, weights: AssessmentWeights | None = None) -> pd.DataFrame:
    """The indicator frame plus bands, ``score:<id>`` columns, composite, rating and rank."""
    weights = weights or load_weights()
    out = add_bands(frame, obj, weights.volume_bands)
    scores = pd.DataFrame(
        {c: score_of(c, out[c]) for c in out.columns if c in INDICATORS and INDICATORS[c].scorable},
        index=out.index,
    )
    for c in scores.columns:
        out[f"score:{c}"] = scores[c]
    out["composite"] = composite(scores, out, weights.objects[obj])
    out["rating"] = ratings(out["composite"], weights.rating_bands)
    out["rank"] = out["composite"].rank(ascending=False, method="min")
    return out
