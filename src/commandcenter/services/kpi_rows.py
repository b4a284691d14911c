"""Query results as column frames, read straight from the DBAPI cursor (no ORM rows).

The KPI and early-warning queries read hundreds of thousands of rows. Building a SQLAlchemy
`Row` per result row, running its per-value type processors (SQLite datetimes are parsed one
string at a time in Python) and letting pandas probe every `Row` for named-tuple fields cost
about 25 µs a row; the driver's own tuples turned into columns cost a small fraction of that.

Contracts
- `cursor_rows(bind, stmt) -> (labels, rows)`: the driver's tuples of a Core ``stmt`` run on
  ``bind`` (below), for callers that convert the columns themselves (the map's case points).
- `read_frame(bind, stmt, *, times=(), bools=()) -> pd.DataFrame`: runs the Core ``stmt``
  (a `select` of columns) on ``bind`` (a `Session` inside a unit of work, or a `Connection`),
  in its transaction, and returns one column per selected column, named by the statement's
  labels, in row order. Numeric columns become int64 (no NULL) or float64 (NULL -> NaN); other
  values are the driver's: text, JSON text, booleans (SQLite: 0/1, so numbers), and datetimes
  as the driver returns them (SQLite: ISO text, PostgreSQL: `datetime`), except the columns named
  in ``times`` (-> ``datetime64[us]``, NaT for NULL) and ``bools`` (-> ``boolean``, NULL kept as
  NA). An empty result gives an empty frame with the same columns and those dtypes.

Scope (issue 8): the read services (map, KPI, alerts, stats, overview) show a signed-in
principal only its cases, by the rule of `services.permissions` (``ctx.principal`` None or a
district-wide principal: everything):
- `visible_mask(ctx, street_codes, lead_units, case_ids)`: `permissions.scope_mask` over
  loaded columns, with a unit scope's co-handled / whistled cases (`involved_case_ids`) added;
  None when the principal sees every row. For full loads (the rows are read anyway).
- `scope_clause(principal)`: (from `permissions`, re-exported) the same rule as a SQL
  condition on ``cases`` (None: no condition), for counts and cohorts computed by the database and for lookups by id
  (`visible_ids`), where loading the columns first would cost a scan or a round trip more.
  tests/services/test_scope_views.py checks both agree on a demo store.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.services.permissions import scope_clause  # also for callers of kpi_rows

TS = "datetime64[us]"


def _column(values: np.ndarray) -> pd.Series:
    """Numbers as int64 (no NULL) or float64 (NULL -> NaN), anything else as objects."""
    values = np.ascontiguousarray(values)
    present = ~pd.isna(values)
    if present.any():
        first = values[int(np.argmax(present))]
        if isinstance(first, (int, float)) and not isinstance(first, bool):
            try:
                if present.all() and isinstance(first, int):
                    return pd.Series(values.astype(np.int64))
                out = np.full(values.size, np.nan)
                out[present] = values[present].astype(np.float64)
                return pd.Series(out)
            except (TypeError, ValueError, OverflowError):
                pass  # mixed types: leave them to the caller
    return pd.Series(values, dtype=object)


def _connection(bind: Any):
    return bind.connection() if isinstance(bind, Session) else bind


def to_times(values: Any) -> pd.Series:
    """Driver datetimes (ISO text or `datetime`, None for NULL) as ``datetime64[us]``."""
    s = pd.Series(values) if not isinstance(values, pd.Series) else values
    if s.dtype == object:
        first = s.first_valid_index()
        text = first is not None and isinstance(s[first], str)
        s = pd.to_datetime(s, format="ISO8601") if text else pd.to_datetime(s)
    return s.astype(TS)


def cursor_rows(bind: Any, stmt: Any) -> tuple[list[str], list[tuple]]:
    """(column labels, rows) of ``stmt`` on ``bind`` (module docstring): the DBAPI cursor's own
    tuples, no `Row` objects and no per-value result processing; the caller converts whole
    columns (`read_frame`, `services.map_query.points_from_rows`)."""
    result = _connection(bind).execute(stmt)
    try:
        return list(result.keys()), (result.cursor.fetchall() if result.cursor is not None else [])
    finally:
        result.close()


def read_frame(bind: Any, stmt: Any, *, times: Iterable[str] = (), bools: Iterable[str] = ()) -> pd.DataFrame:
    """The rows of ``stmt`` as a frame (see the module docstring)."""
    names, rows = cursor_rows(bind, stmt)
    if rows:
        # one C-level pass to a 2-d object array; columns keep the driver's objects (pandas'
        # string inference and str->category conversion are slower than category from objects)
        table = np.array(rows, dtype=object)
        frame = pd.DataFrame({n: _column(table[:, j]) for j, n in enumerate(names)})
    else:
        frame = pd.DataFrame({n: pd.Series(dtype=object) for n in names})
    for name in times:
        frame[name] = to_times(frame[name])
    for name in bools:
        frame[name] = frame[name].astype("boolean")
    return frame


# ---------------------------------------------------------------------- scope (issue 8)
def _scoped(principal: Any) -> bool:
    return principal is not None and not principal.sees_all


def visible_mask(ctx: Any, street_codes: Any, lead_units: Any,
                 case_ids: Any) -> np.ndarray | None:
    """Rows of aligned columns that ``ctx.principal`` may see (None: all; module docstring)."""
    from commandcenter.services.permissions import ScopeKind, involved_case_ids, scope_mask

    principal = getattr(ctx, "principal", None)
    if not _scoped(principal):
        return None
    involved = None
    if principal.scope_kind is ScopeKind.UNIT and principal.scope_code:
        involved = involved_case_ids(ctx, principal.scope_code)
    return scope_mask(principal, np.asarray(street_codes, dtype=object),
                      np.asarray(lead_units, dtype=object),
                      case_ids=np.asarray(case_ids, dtype=np.int64), involved_ids=involved)


def visible_ids(ctx: Any, ids: Iterable[int]) -> set[int] | None:
    """Which of ``ids`` (existing cases) ``ctx.principal`` may see; None: all of them."""
    from commandcenter.store.models import Case

    clause = scope_clause(getattr(ctx, "principal", None))
    if clause is None:
        return None
    ids = sorted({int(i) for i in ids})
    out: set[int] = set()
    with ctx.unit_of_work() as uow:
        for start in range(0, len(ids), 500):
            out.update(uow.session.scalars(select(Case.id).where(
                Case.id.in_(ids[start:start + 500]), clause)))
    return out
