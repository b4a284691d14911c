"""Query results as column frames, read straight from the DBAPI cursor (no ORM rows).

The KPI and early-warning queries read hundreds of thousands of rows. Building a SQLAlchemy
`Row` per result row, running its per-value type processors (SQLite datetimes are parsed one
string at a time in Python) and letting pandas probe every `Row` for named-tuple fields cost
about 25 µs a row; the driver's own tuples turned into columns cost a small fraction of that.

Contracts
- `read_frame(bind, stmt, *, times=(), bools=()) -> pd.DataFrame`: runs the Core ``stmt``
  (a `select` of columns) on ``bind`` (a `Session` inside a unit of work, or a `Connection`),
  in its transaction, and returns one column per selected column, named by the statement's
  labels, in row order. Numeric columns become int64 (no NULL) or float64 (NULL -> NaN); other
  values are the driver's: text, JSON text, booleans (SQLite: 0/1, so numbers), and datetimes
  as the driver returns them (SQLite: ISO text, PostgreSQL: `datetime`), except the columns named
  in ``times`` (-> ``datetime64[us]``, NaT for NULL) and ``bools`` (-> ``boolean``, NULL kept as
  NA). An empty result gives an empty frame with the same columns and those dtypes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

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


def read_frame(bind: Any, stmt: Any, *, times: Iterable[str] = (), bools: Iterable[str] = ()) -> pd.DataFrame:
    """The rows of ``stmt`` as a frame (see the module docstring)."""
    result = _connection(bind).execute(stmt)
    try:
        names = list(result.keys())
        # the DBAPI cursor's own tuples: no Row objects, no per-value result processing
        rows = result.cursor.fetchall() if result.cursor is not None else []
    finally:
        result.close()
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
