"""Department/unit indicators (DOMAIN.md §6, first list): one `Items` builder per indicator id.

Attribution: event-based indicators go to the unit on the event (dispatches: the lead unit named
in the payload; returns and report_done: the acting unit; rework, extensions and callbacks: the
lead unit in force at the event), closing indicators to the case's responsible unit as of the
evaluation time (TERMS["attribution"]). Definitions: ``commandcenter.domain.indicators``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from commandcenter.analytics.eventlog import NAT
from commandcenter.analytics.indicators import Assessment, Items
from commandcenter.domain.calendar import TimeUnit
from commandcenter.domain.indicators import ObjectType
from commandcenter.domain.vocabulary import Stage


def labels(a: Assessment, obj: ObjectType) -> pd.Index:
    return a.log.categories("lead_unit")


def finish(a: Assessment, obj: ObjectType, frame: pd.DataFrame) -> pd.DataFrame:
    return frame


def _unit_labels(a: Assessment) -> pd.Index:
    return a.labels(ObjectType.UNIT)


def _dispatched(a: Assessment) -> Items:
    rows = a.rows("dispatch", "whistle")
    return a.row_items(rows, a.log.codes("lead_unit")[rows], _unit_labels(a))


def _signs(a: Assessment) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return a.memo("unit_signs", lambda: _compute_signs(a))


def _compute_signs(a: Assessment) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(entry rows, signed on time, due) of visits of 'awaiting sign' entered in the period.

    A visit left by a return the centre upheld is not due: the unit was right not to sign."""
    log = a.log
    spans = log.spans("dispatched", a.valid)
    spans = spans.subset(a.in_period[spans.entries])
    _, on_time, due = a.stage_timeliness(spans, Stage.SIGN)
    signed = spans.exit_values(log.action("sign"), False)
    upheld = spans.left & a.verdict_is(np.where(spans.left, spans.exits, -1), "upheld")
    return spans.entries, on_time & signed, due & ~upheld


def _signed_ontime(a: Assessment) -> Items:
    entries, ok, due = _signs(a)
    sel = ok & due
    return a.row_items(entries[sel], a.lead_at_rows(entries[sel]), _unit_labels(a))


def _sign_rate(a: Assessment) -> Items:
    entries, ok, due = _signs(a)
    return a.row_items(entries[due], a.lead_at_rows(entries[due]), _unit_labels(a), num=ok[due])


def _returns(a: Assessment, counted: bool) -> Items:
    rows = a.rows("return")
    upheld = a.verdict_is(rows, "upheld")
    sel = ~upheld if counted else upheld
    return a.row_items(rows[sel], a.log.codes("unit_code")[rows[sel]], _unit_labels(a))


def _ratio(num: Items, den: Items) -> Items:
    """Numerator items over denominator items (e.g. returns over dispatches)."""
    n = Items(lambda: num.case, num.key, num.labels, None, np.zeros(num.key.size), lambda: num.at)
    d = Items(lambda: den.case, den.key, den.labels, np.zeros(den.key.size), None, lambda: den.at)
    return Items.concat([n, d])


def _handled(a: Assessment) -> Items:
    rows = a.rows("report_done")
    return a.row_items(rows, a.log.codes("unit_code")[rows], _unit_labels(a))


def _in_force(a: Assessment, *actions: str) -> Items:
    rows = a.rows(*actions)
    return a.row_items(rows, a.lead_at_rows(rows), _unit_labels(a))


def _cohort(a: Assessment, flag: str, num: str | None = None, emergency: bool = False) -> Items:
    c = a.cohort
    sel = c[flag] & c["emergency"] if emergency else c[flag]
    return a.cohort_items(sel, c["lead_unit"], _unit_labels(a), None if num is None else c[num])


def _business_hours(a: Assessment, start: np.ndarray, end: np.ndarray, emergency: np.ndarray) -> np.ndarray:
    """Working hours between the instants (natural hours for emergencies)."""
    start, end = start.view("datetime64[us]"), end.view("datetime64[us]")
    out = a.axis.elapsed(start, end, TimeUnit.WORKING_HOURS)
    urgent = np.flatnonzero(emergency)
    if urgent.size:
        out[urgent] = a.axis.elapsed(start[urgent], end[urgent], TimeUnit.NATURAL_HOURS)
    return out


def _handling_hours(a: Assessment) -> Items:
    c = a.cohort
    sel = c["net"] & (c["done_at"] != NAT) & (c["lead_at"] != NAT)
    hours = np.zeros(len(c))
    hours[sel] = _business_hours(a, c["lead_at"][sel], c["done_at"][sel], c["emergency"][sel])
    return a.cohort_items(sel, c["lead_unit"], _unit_labels(a), value=hours)


def _overdue_multiple(a: Assessment) -> Items:
    c = a.cohort
    sel = c["net"] & c["overdue_now"] & (c["lead_at"] != NAT)
    done = c["done_at"][sel]
    until = np.where(done == NAT, a.as_of64.astype(np.int64), done)
    urgent = c["emergency"][sel]
    late = _business_hours(a, c["deadline"][sel], until, urgent)
    allowed = _business_hours(a, c["lead_at"][sel], c["deadline"][sel], urgent)
    value, den = np.zeros(len(c)), np.zeros(len(c))
    ok = allowed > 0
    value[sel] = np.where(ok, late / np.where(ok, allowed, 1.0), 0.0)
    den[sel] = ok
    return a.cohort_items(sel, c["lead_unit"], _unit_labels(a), den=den, value=value)


def _checkins(a: Assessment) -> Items:
    """One item per (whistle in the period, summoned unit); on time = checked in by the deadline."""
    log = a.log
    whistles = a.rows("whistle")
    summoned = log.frame["departments"].to_numpy()[whistles]
    counts = np.fromiter((len(d) if d else 0 for d in summoned), dtype=np.int64, count=whistles.size)
    w = np.repeat(whistles, counts)
    unit_labels = _unit_labels(a)
    if w.size == 0:
        return a.row_items(w, w, unit_labels)
    key = unit_labels.get_indexer([u for d in summoned if d for u in d])
    checks = np.flatnonzero(log.action("check_in") & a.valid)
    answered = pd.DataFrame({"w": log.last_at_or_before(log.action("whistle"), checks),
                             "key": log.codes("unit_code")[checks].astype(np.int64),
                             "at": log.at[checks]}).drop_duplicates(["w", "key"])
    merged = pd.DataFrame({"w": w, "key": key}).merge(answered, on=["w", "key"], how="left")
    deadline = log.times("checkin_deadline")[w].view("datetime64[us]")
    at = merged["at"].to_numpy().astype("datetime64[us]")
    checked = ~np.isnat(at)
    due = checked | (deadline < a.as_of64)
    on_time = checked & (at <= deadline)
    return a.row_items(w[due], key[due], unit_labels, num=on_time[due])


def _street_rating(a: Assessment) -> Items:
    rows = a.rows("rate_check_in")
    value = a.log.frame["rating"].to_numpy(dtype=float, na_value=np.nan)[rows]
    ok = ~np.isnan(value)
    return a.row_items(rows[ok], a.log.codes("rated_unit")[rows[ok]], _unit_labels(a), value=value[ok])


def _satisfaction(a: Assessment) -> Items:
    log = a.log
    rows = np.flatnonzero(log.action("callback") & a.in_period & ~log.is_("callback_result", "unreachable"))
    satisfied = log.is_("callback_result", "satisfied", "basically_satisfied")[rows]
    return a.row_items(rows, a.lead_at_rows(rows), _unit_labels(a), num=satisfied)


BUILDERS = {
    "dispatched": _dispatched,
    "signed_ontime": _signed_ontime,
    "sign_ontime_rate": _sign_rate,
    "returns": lambda a: _returns(a, counted=True),
    "returns_upheld": lambda a: _returns(a, counted=False),
    "shirking_rate": lambda a: _ratio(a.items(ObjectType.UNIT, "returns"), a.items(ObjectType.UNIT, "dispatched")),
    "handled": _handled,
    "ontime_handling_rate": lambda a: _cohort(a, "net", "handled_on_time"),
    "rework_rate": lambda a: _ratio(_in_force(a, "check_fail"), a.items(ObjectType.UNIT, "handled")),
    "extensions": lambda a: _in_force(a, "approve_extension"),
    "hung": lambda a: _cohort(a, "hung"),
    "should_close": lambda a: _cohort(a, "should_close"),
    "closed": lambda a: _cohort(a, "closed_flag"),
    "closed_on_time": lambda a: _cohort(a, "closed_on_time"),
    "closing_rate": lambda a: _cohort(a, "net", "closed_flag"),
    "ontime_closing_rate": lambda a: _cohort(a, "net", "closed_on_time"),
    "emergency_ontime_closing_rate": lambda a: _cohort(a, "net", "closed_on_time", emergency=True),
    "mean_handling_hours": _handling_hours,
    "overdue_multiple": _overdue_multiple,
    "checkin_ontime_rate": _checkins,
    "street_rating": _street_rating,
    "satisfaction": _satisfaction,
}


def builders(obj: ObjectType) -> dict:
    return BUILDERS
