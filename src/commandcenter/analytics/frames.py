"""Event and case frames: the plain rows the services layer fetches, as typed pandas frames.

Contracts
- `build_event_frame(rows)` takes `case_events` rows as tuples (in `EVENT_COLUMNS` order, or the
  order given by ``columns``), as mappings, or as a DataFrame, and returns one row per event,
  sorted by (case_id, at, seq or input order), index 0..n-1, with the columns of `EVENT_DTYPES`:
  the stored columns (``reason`` and ``payload`` are dropped) plus the payload-derived ones below.
  String columns are categoricals; ``unit_code``, ``lead_unit`` and ``rated_unit`` share one
  category list so their codes compare directly.
- Payload-derived columns (NA where the action does not carry them):
  ``lead_unit`` (dispatch, whistle: the lead named, also when unchanged), ``unit_is_centre`` (dispatch), ``handle_deadline`` (any
  action that moved the handling deadline: dispatch, whistle, approve/reject_extension, unhang,
  check_fail, reopen), ``verdict`` (judge_return), ``callback_result`` and ``unit_fault``
  (callback), ``rating`` and ``rated_unit`` (rate_check_in), ``departments`` (whistle: a tuple),
  ``checkin_deadline`` (whistle: its time plus the payload's ``checkin_limit``, default 30
  natural minutes; working-time limits go through the business calendar), ``grid_worker``
  (send_to_verify).
- A DataFrame input that already has the derived columns (and no ``payload``) is only re-typed
  and sorted: that is how benchmarks and the services layer's columnar fetches skip the parse.
- `build_case_frame(rows)` returns one row per case indexed by ``case_id`` (from ``id`` or
  ``case_id``), with the columns of `CASE_DTYPES` (missing ones filled with NA); extra columns
  are kept as given.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd

from commandcenter.domain.calendar import BusinessCalendar, TimeLimit, TimeUnit

EVENT_COLUMNS = ("case_id", "action", "from_state", "to_state", "actor_id", "role", "unit_code", "at", "reason", "payload")
DEFAULT_CHECKIN_LIMIT = TimeLimit(0.5, TimeUnit.NATURAL_HOURS)
TS = "datetime64[us]"

EVENT_DTYPES: dict[str, str] = {
    "case_id": "int64", "action": "category", "from_state": "category", "to_state": "category",
    "actor_id": "category", "role": "category", "unit_code": "category", "at": TS,
    "lead_unit": "category", "unit_is_centre": "boolean", "handle_deadline": TS,
    "verdict": "category", "callback_result": "category", "unit_fault": "boolean",
    "rating": "float64", "rated_unit": "category", "departments": "object",
    "checkin_deadline": TS, "grid_worker": "category",
}
UNIT_COLUMNS = ("unit_code", "lead_unit", "rated_unit")

CASE_DTYPES: dict[str, str] = {
    "channel": "category", "street_code": "category", "community_code": "category",
    "grid_code": "category", "minor_code": "category", "state": "category",
    "lead_unit": "category", "owner_centre": "category", "reported_at": TS,
    "registered_at": TS, "dispatched_at": TS, "closed_at": TS, "due_start": TS, "due_at": TS,
    "forced": "boolean", "emergency": "boolean", "clock_paused": "boolean",
}

# payload key -> (derived column, actions that carry it)
_DEADLINE_ACTIONS = ("dispatch", "whistle", "approve_extension", "reject_extension", "unhang", "check_fail", "reopen")
PAYLOAD_FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("lead_unit", "lead_unit", ("dispatch", "whistle")),
    ("unit_is_centre", "unit_is_centre", ("dispatch",)),
    ("handle_deadline", "handle_deadline", _DEADLINE_ACTIONS),
    ("verdict", "verdict", ("judge_return",)),
    ("result", "callback_result", ("callback",)),
    ("unit_fault", "unit_fault", ("callback",)),
    ("rating", "rating", ("rate_check_in",)),
    ("unit", "rated_unit", ("rate_check_in",)),
    ("departments", "departments", ("whistle",)),
    ("checkin_limit", "checkin_limit", ("whistle",)),
    ("grid_worker", "grid_worker", ("send_to_verify",)),
)
_FALSE_WHEN_ABSENT = {"unit_is_centre", "unit_fault"}  # Command.payload() omits False values


def _missing(dtype: str, index: pd.Index) -> pd.Series:
    fill = {"object": None, "float64": np.nan, TS: pd.NaT}.get(dtype, pd.NA)
    return pd.Series(fill, index=index, dtype=dtype)


def _frame(rows: Any, columns: Sequence[str]) -> pd.DataFrame:
    if isinstance(rows, pd.DataFrame):
        return rows.copy()
    rows = list(rows)
    if rows and isinstance(rows[0], Mapping):
        return pd.DataFrame.from_records(rows)
    return pd.DataFrame.from_records(rows, columns=list(columns))


def _objects(values: list[Any]) -> np.ndarray:
    """A 1-d object array of ``values`` (tuples and lists stay elements, never become axes)."""
    return np.fromiter(values, dtype=object, count=len(values))


def _payload_columns(df: pd.DataFrame, checkin_limit: TimeLimit, calendar: BusinessCalendar | None) -> None:
    payloads = df.pop("payload").to_numpy(dtype=object, copy=True)  # dicts, JSON text or missing
    df["action"] = df["action"].astype("category")
    codes = df["action"].cat.codes.to_numpy()
    known = {a: i for i, a in enumerate(df["action"].cat.categories)}

    def carrying(*actions: str) -> np.ndarray:
        mask = np.zeros(len(df), dtype=bool)
        for a in actions:
            if a in known:
                mask |= codes == known[a]
        return mask

    # parse each carried payload once (rows ascending); every derived column reads the dicts
    rows = np.flatnonzero(carrying(*{a for _, _, carriers in PAYLOAD_FIELDS for a in carriers}))
    parsed = [p if isinstance(p, dict) else json.loads(p) if isinstance(p, str) and p else {}
              for p in payloads[rows].tolist()]

    def values_of(key: str, at: np.ndarray) -> list[Any]:
        return [parsed[j].get(key) for j in np.searchsorted(rows, at).tolist()]

    for key, column, carriers in PAYLOAD_FIELDS:
        carried = np.flatnonzero(carrying(*carriers))
        got = values_of(key, carried)
        if column in _FALSE_WHEN_ABSENT:
            got = [bool(v) for v in got]
        elif column == "departments":
            got = [tuple(v) if v else () for v in got]
        values = np.full(len(df), None, dtype=object)
        values[carried] = _objects(got)
        df[column] = pd.Series(values, index=df.index, dtype=object)
    # The lifecycle writes "lead_unit" only when the lead changes: a re-dispatch to the same unit
    # (after a return or a redo) carries just the command's own "unit" (whistle: "lead_unit" or
    # the first summoned department).
    lead = df["lead_unit"].to_numpy(dtype=object, na_value=None).copy()
    unnamed = np.flatnonzero(carrying("dispatch", "whistle") & (pd.isna(lead) | (lead == "")))
    summoned = df["departments"].to_numpy()[unnamed]
    for i, unit, deps in zip(unnamed, values_of("unit", unnamed), summoned, strict=True):
        lead[i] = unit or (deps[0] if deps else None)
    df["lead_unit"] = pd.Series(lead, index=df.index, dtype=object)
    whistles = np.flatnonzero(carrying("whistle"))
    deadline = np.full(len(df), None, dtype=object)
    for i in whistles:
        raw = df["checkin_limit"].iat[i]
        limit = TimeLimit.parse(raw) if isinstance(raw, str) else checkin_limit
        at = pd.Timestamp(df["at"].iat[i]).to_pydatetime()
        if limit.unit is TimeUnit.NATURAL_HOURS:
            deadline[i] = at + timedelta(hours=limit.amount)
        else:
            deadline[i] = (calendar or BusinessCalendar.default()).add(at, limit)
    df["checkin_deadline"] = deadline
    del df["checkin_limit"]


def build_event_frame(
    rows: Iterable[Any] | pd.DataFrame,
    *,
    columns: Sequence[str] = EVENT_COLUMNS,
    checkin_limit: TimeLimit = DEFAULT_CHECKIN_LIMIT,
    calendar: BusinessCalendar | None = None,
) -> pd.DataFrame:
    """The typed, sorted event frame (see the module docstring)."""
    df = _frame(rows, columns)
    for required in ("case_id", "action", "from_state", "to_state", "at"):
        if required not in df.columns:
            raise ValueError(f"event rows need a {required!r} column; got {list(df.columns)}")
    df["at"] = pd.to_datetime(df["at"]).astype(TS)
    if "payload" in df.columns:
        _payload_columns(df, checkin_limit, calendar)
    df = df.drop(columns=[c for c in ("reason", "id") if c in df.columns])
    for column, dtype in EVENT_DTYPES.items():
        if column not in df.columns:
            df[column] = _missing(dtype, df.index)
        elif dtype == TS:
            df[column] = pd.to_datetime(df[column]).astype(TS)
        elif dtype == "object":
            df[column] = df[column].astype(object)
        elif dtype == "category" and column not in UNIT_COLUMNS:
            df[column] = df[column].astype("category")
        elif dtype != "category":
            df[column] = df[column].astype(dtype)
    _share_unit_categories(df)
    order_key = df["seq"].to_numpy() if "seq" in df.columns else np.arange(len(df))
    order = np.lexsort((order_key, df["at"].to_numpy().view("int64"), df["case_id"].to_numpy()))
    df = df.iloc[order].reset_index(drop=True)
    return df


def _share_unit_categories(df: pd.DataFrame) -> None:
    cats: set[str] = set()
    for column in UNIT_COLUMNS:
        s = df[column]
        cats |= set(s.cat.categories) if isinstance(s.dtype, pd.CategoricalDtype) else set(s.dropna().unique())
    for summoned in df["departments"].dropna():
        cats.update(summoned)  # a summoned department that never acted is still a unit
    dtype = pd.CategoricalDtype(sorted(str(c) for c in cats))
    for column in UNIT_COLUMNS:
        s = df[column]
        if isinstance(s.dtype, pd.CategoricalDtype):
            df[column] = s.cat.set_categories(dtype.categories)
        else:
            df[column] = pd.Series(pd.Categorical(s.to_numpy(dtype=object), dtype=dtype), index=s.index)


def build_case_frame(rows: Iterable[Any] | pd.DataFrame, *, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per case indexed by ``case_id`` (see the module docstring)."""
    if columns is None and not isinstance(rows, pd.DataFrame):
        rows = list(rows)
        if rows and not isinstance(rows[0], Mapping):
            raise ValueError("case rows given as tuples need their column names (columns=...)")
    df = _frame(rows, columns or ())
    if "case_id" not in df.columns:
        if "id" not in df.columns:
            raise ValueError(f"case rows need an 'id' or 'case_id' column; got {list(df.columns)}")
        df = df.rename(columns={"id": "case_id"})
    df["case_id"] = df["case_id"].astype("int64")
    for column, dtype in CASE_DTYPES.items():
        if column not in df.columns:
            df[column] = _missing(dtype, df.index)
        elif dtype == TS:
            df[column] = pd.to_datetime(df[column]).astype(TS)
        elif dtype == "boolean":
            df[column] = df[column].fillna(False).astype(bool).astype(dtype)
        else:
            df[column] = df[column].astype(dtype)
    return df.set_index("case_id").sort_index()
