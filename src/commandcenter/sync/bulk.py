"""Column-wise bulk writing for the importer: rows go to the driver without per-row Python work.

Contracts
- `bulk_insert(session, table, columns, n)` inserts ``n`` rows given column-wise (a list of n
  values, or one value shared by every row) inside the session's transaction. Column defaults of
  the table are filled in as a Core insert would. On SQLite the rows go straight to the DBAPI
  cursor's ``executemany`` (datetimes must already be SQLAlchemy's SQLite text, JSON columns are
  encoded here unless given as text), a shared None, int or str written into the statement as
  a literal rather than bound for every row; elsewhere through SQLAlchemy Core's executemany.
- `json_objects(columns)` builds one JSON object text per row from named columns (or constants)
  column-wise: strings that need no escaping are quoted by vectorised concatenation, and only the
  rest go through ``json.dumps``. The text equals ``json.dumps(obj, ensure_ascii=False)``.
- `py_values(series)` / `sqlite_times(series)` turn a frame column into driver values.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import JSON, insert

CHUNK = 20000  # rows handed to the driver per executemany call (bounds the tuples' memory)
# characters json.dumps(ensure_ascii=False) escapes inside a string
_ESCAPED = r'["\\\x00-\x1f]'
_ESCAPED_RE = re.compile(_ESCAPED)


def py_values(series: pd.Series) -> list[Any]:
    """A column as Python values with None for missing (vectorised)."""
    if not len(series):
        return []
    if pd.api.types.is_datetime64_any_dtype(series):
        return [None if v is pd.NaT else v for v in series.dt.to_pydatetime().tolist()]
    obj = series.astype(object)
    return obj.where(series.notna(), None).tolist()


def sqlite_times(series: pd.Series) -> list[Any]:
    """Datetimes in SQLAlchemy's SQLite storage format (what its DateTime type reads back)."""
    text = series.dt.strftime("%Y-%m-%d %H:%M:%S.%f")
    return text.astype(object).where(series.notna(), None).tolist()


def _column_defaults(table: Any, given: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in table.columns:
        if col.name in given or col.default is None:
            continue
        if col.default.is_scalar:
            out[col.name] = col.default.arg
        elif col.default.is_callable:
            out[col.name] = col.default.arg(None)
    return out


def _sqlite_literal(value: Any) -> str | None:
    """``value`` as an SQLite literal, or None where it is better bound as a parameter."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int) and -(1 << 63) <= value < (1 << 63):
        return str(value)
    if isinstance(value, str) and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None  # floats (exact text form), bytes, anything else: bound


def _rows(cols: list[Any], per_row: list[bool], i: int, k: int) -> list[tuple[Any, ...]]:
    """Rows [i, i + k) as tuples: built one chunk at a time (a million 50-column tuples at once
    cost GBs)."""
    return list(zip(*(c[i:i + k] if r else itertools.repeat(c, k)
                      for c, r in zip(cols, per_row, strict=True)), strict=True))


def bulk_insert(session: Any, table: Any, columns: dict[str, Any], n: int) -> None:
    """Insert ``n`` rows given column-wise (see the module contract)."""
    if n == 0:
        return
    values = {**_column_defaults(table, set(columns)), **columns}
    names = list(values)
    sqlite = session.get_bind().dialect.name == "sqlite"
    cols: list[Any] = []
    per_row: list[bool] = []
    for name in names:
        v = values[name]
        is_json = isinstance(table.c[name].type, JSON)
        if name in columns and isinstance(v, list) and len(v) == n:  # one value per row
            if sqlite and is_json and not isinstance(v[0], str):  # not yet encoded
                v = [None if x is None else json.dumps(x, ensure_ascii=False) for x in v]
            cols.append(v)
            per_row.append(True)
        else:
            if sqlite and is_json:
                v = json.dumps(v, ensure_ascii=False)
            elif sqlite and isinstance(v, bool):
                v = int(v)
            cols.append(v)
            per_row.append(False)

    if sqlite:
        # values shared by every row go into the statement as literals: binding ~30 constants
        # per case row cost a quarter of the Python and driver time (5.8 -> 4.3 us a case row)
        marks = [_sqlite_literal(c) if not r else None for c, r in zip(cols, per_row,
                                                                      strict=True)]
        if None not in marks:  # executemany needs a parameter to see the rows
            marks[0] = None
        bound = [m is None for m in marks]
        cols = [c for c, b in zip(cols, bound, strict=True) if b]
        per_row = [r for r, b in zip(per_row, bound, strict=True) if b]
        sql = (f"INSERT INTO {table.name} ({', '.join(names)}) "
               f"VALUES ({', '.join(m or '?' for m in marks)})")
        cursor = session.connection().connection.cursor()  # the transaction's own connection
        for i in range(0, n, CHUNK):
            cursor.executemany(sql, _rows(cols, per_row, i, min(CHUNK, n - i)))
        return
    for i in range(0, n, CHUNK):
        session.execute(insert(table), [dict(zip(names, r, strict=True))
                                        for r in _rows(cols, per_row, i, min(CHUNK, n - i))])


def _quoted(strings: pd.Series) -> pd.Series:
    """JSON string literals of a column of str, escaping only where needed."""
    out = '"' + strings + '"'
    # one search over the joined column: most columns have nothing to escape at all
    if _ESCAPED_RE.search("".join(strings.tolist())) is None:
        return out
    needs = strings.str.contains(_ESCAPED, regex=True).fillna(False).to_numpy(bool)
    if needs.any():
        out[needs] = [json.dumps(v, ensure_ascii=False) for v in strings[needs]]
    return out


def encoded(series: pd.Series) -> pd.Series:
    """JSON text of each value of a column (``null`` for missing), vectorised by dtype."""
    present = series.notna()
    out = pd.Series("null", index=series.index, dtype=object)
    if not present.any():
        return out
    if pd.api.types.is_datetime64_any_dtype(series):
        out[present] = _quoted(series[present].dt.strftime("%Y-%m-%d %H:%M:%S"))
    elif pd.api.types.is_float_dtype(series):
        # float64 -> str is Python's repr, which is what json.dumps writes for a float
        out[present] = series[present].round(6).astype(str)
    elif pd.api.types.is_integer_dtype(series) or pd.api.types.is_bool_dtype(series):
        out[present] = [json.dumps(v) for v in series[present].tolist()]
    else:
        values = series[present].astype(object)
        is_str = values.map(type).eq(str).to_numpy(bool)
        if is_str.all():
            out[present] = _quoted(values.astype(str))
        else:
            out[present] = [json.dumps(v.item() if isinstance(v, np.generic) else v,
                                       ensure_ascii=False) for v in values]
    return out


def json_objects(columns: dict[str, pd.Series | Any]) -> list[str]:
    """One JSON object text per row from named columns (or constants), built column-wise."""
    out: pd.Series | None = None
    for i, (key, col) in enumerate(columns.items()):
        head = ("{" if i == 0 else ", ") + json.dumps(key, ensure_ascii=False) + ": "
        if isinstance(col, pd.Series):
            part: Any = head + encoded(col.reset_index(drop=True))
        else:
            part = head + json.dumps(col, ensure_ascii=False)
        out = part if out is None else out + part
    if not isinstance(out, pd.Series):
        raise ValueError("json_objects needs at least one column")
    return (out + "}").tolist()
