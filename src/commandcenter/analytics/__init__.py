"""Analytics: indicator values, assessments and the live picture, computed from the event log.

pandas and numpy live here (and in sync/); the definitions live in the domain
(``commandcenter.domain.indicators``: ids, names, formulas, definitions, weights, ratings).
Everything works column-wise on frames built by `build_event_frame` / `build_case_frame` from
rows the services layer fetched; nothing here touches the store or Qt. Import this package
lazily from UI code paths (pandas is heavy), and call it off the UI thread.

Public API
- frames:     build_event_frame(rows, *, columns, checkin_limit, calendar) -> DataFrame
              build_case_frame(rows, *, columns) -> DataFrame indexed by case_id
- indicators: Assessment(events, cases, period, *, as_of, calendar, stage_limits, context)
                .frame(obj)                      one row per object, one column per indicator id
                .drill_down(obj, code, id)       the cases behind a figure (num/den per item)
                .items(obj, id) / .facts / .cohort / .case_facts
              AssessmentContext(unit_street, grid_worker_of, grid_counts, areas_km2, repeat_days)
              unit_indicators / area_indicators / grid_worker_indicators / operator_indicators
- scoring:    assess(frame, obj, weights=None) -> + bands, score:<id>, composite, rating, rank
- areas:      district_frame(assessment) (whole-district area indicators)
- people:     response_times(assessment) (median / p90 accept and dispatch seconds)
- live:       funnel, open_by_state, aging, warnings_by_unit, intake_by_hour, open_whistles,
              top_categories
- timeline:   case_facts(log, cases, as_of) (per-case deadline, done, on time, overdue ...)
- duty:       DutyAxis (business-calendar arithmetic over arrays)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The public names resolve on first use (PEP 562): importing a light submodule such as `duty`
# (numpy only, used by the board) must not pull pandas in through this package.
_EXPORTS = {
    "Assessment": "indicators",
    "AssessmentContext": "indicators",
    "Items": "indicators",
    "area_indicators": "indicators",
    "assess": "scoring",
    "build_case_frame": "frames",
    "build_event_frame": "frames",
    "district_frame": "areas",
    "grid_worker_indicators": "indicators",
    "operator_indicators": "indicators",
    "response_times": "people",
    "unit_indicators": "indicators",
}

if TYPE_CHECKING:
    from commandcenter.analytics.areas import district_frame
    from commandcenter.analytics.frames import build_case_frame, build_event_frame
    from commandcenter.analytics.indicators import (
        Assessment,
        AssessmentContext,
        Items,
        area_indicators,
        grid_worker_indicators,
        operator_indicators,
        unit_indicators,
    )
    from commandcenter.analytics.people import response_times
    from commandcenter.analytics.scoring import assess


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Assessment",
    "AssessmentContext",
    "Items",
    "area_indicators",
    "assess",
    "build_case_frame",
    "build_event_frame",
    "district_frame",
    "grid_worker_indicators",
    "operator_indicators",
    "response_times",
    "unit_indicators",
]
