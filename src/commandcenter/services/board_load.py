"""Reading the board's columns out of the store, in chunks, as numpy arrays (no ORM objects).

Contracts
- `read_rows(ctx, after_id=0, ids=None, chunk=100_000, progress=None) -> Iterator[RawChunk]`
  yields the board columns of the cases with id > after_id (or exactly `ids`), in id order, as
  plain Python lists per column. Datetimes come back as int64 seconds since 1970-01-01 of the
  naive local time (SQL does the conversion: parsing a million datetimes in Python takes
  seconds), None as `NO_TIME`.
- `read_paused(ctx, ids=None) -> dict[int, int]`: for cases whose current clock is paused, the
  pause instant (same seconds) read from the clock JSON; the board needs it because a paused
  clock is judged at its pause instant.
- `read_names(ctx) -> Names`: display names and relations of streets, communities, grids, units,
  categories and grid workers (small tables, read whole).
Runs on the DB worker thread (or in a CLI/bench); never touches a widget.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import text

NO_TIME = -(2**62)  # "no instant" in the int64 second columns

# (column name in the board, SQL expression); times are converted by `_epoch`.
TEXT_COLUMNS = ("code", "address", "description")
CATEGORICAL_COLUMNS = ("channel", "state", "street_code", "community_code", "grid_code",
                       "minor_code", "lead_unit", "owner_centre", "handle_limit")
INT_COLUMNS = ("priority", "emergency", "supervision_level", "duplicates_count",
               "clock_paused", "version")
TIME_COLUMNS = ("reported_at", "due_start", "due_at", "closed_at", "changed_at")
# the last state change: the latest of the lifecycle's milestone times and the current clock's
# start (each transition restarts or ends a clock; the model has no "updated at" column)
_CHANGED_PARTS = ("registered_at", "dispatched_at", "handled_at", "closed_at", "due_start")
FLOAT_COLUMNS = ("lon", "lat")
ALL_COLUMNS = ("id", *TEXT_COLUMNS, *CATEGORICAL_COLUMNS, *INT_COLUMNS, *TIME_COLUMNS,
               *FLOAT_COLUMNS)


@dataclass
class RawChunk:
    """One chunk of cases, column by column (lists in id order).

    A bulk chunk has no code/address/description columns: `text` holds them already joined
    the way `board_text.TextIndex` stores them (fields by US, rows by LF, built by the
    database: decoding one string is far cheaper than three per row) and `text_len` the
    characters of each row's part."""

    columns: dict[str, list[Any]]
    text: str | None = None
    paused: dict[int, int] | None = None  # pause instants, where the query read them

    def __len__(self) -> int:
        return len(self.columns["id"])


@dataclass
class Names:
    """Display names for the codes the board shows, plus the relations filters need."""

    streets: dict[str, str] = field(default_factory=dict)
    communities: dict[str, str] = field(default_factory=dict)
    community_street: dict[str, str] = field(default_factory=dict)
    grids: dict[str, str] = field(default_factory=dict)
    grid_community: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    unit_kind: dict[str, str] = field(default_factory=dict)
    unit_street: dict[str, str | None] = field(default_factory=dict)
    minors: dict[str, str] = field(default_factory=dict)
    minor_major: dict[str, str] = field(default_factory=dict)
    majors: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    # grid code -> codes of the grid workers assigned to it now
    grid_workers: dict[str, list[str]] = field(default_factory=dict)


def _changed_sql(dialect: str) -> str:
    if dialect == "sqlite":  # max() of ISO strings; NULL would win, so fall back per part
        parts = ", ".join(f"COALESCE({c}, reported_at)" for c in _CHANGED_PARTS)
        return f"max(reported_at, {parts})"
    return f"GREATEST(reported_at, {', '.join(_CHANGED_PARTS)})"  # ignores NULLs


def _epoch(dialect: str, column: str) -> str:
    if dialect == "sqlite":
        return f"CAST(strftime('%s', {column}) AS INTEGER)"
    return f"CAST(EXTRACT(EPOCH FROM {column}) AS BIGINT)"


def _joined_text(dialect: str) -> str:
    """code, address and description joined as `board_text` joins a row: separators inside a
    value become spaces (a stray US in imported text must not shift the fields)."""
    ch = "char" if dialect == "sqlite" else "chr"

    def clean(column: str) -> str:
        return f"COALESCE(REPLACE(REPLACE({column}, {ch}(10), ' '), {ch}(31), ' '), '')"

    return f"{clean('code')} || {ch}(31) || {clean('address')} || {ch}(31) || {clean('description')}"


def _select_sql(dialect: str, with_text: bool = True, joined: bool = False) -> str:
    """The board columns; without `with_text` the three text columns give way to `text_len`
    (their joined length), or with `joined` (which implies no `with_text`) to the joined text
    itself (`text`) and the clocks of the paused cases (`paused_stage`, `paused_handle`; NULL
    when not paused)."""
    with_text = with_text and not joined
    parts = []
    for name in ALL_COLUMNS:
        if name in TEXT_COLUMNS and not with_text:
            continue
        if name == "changed_at":
            parts.append(f"{_epoch(dialect, _changed_sql(dialect))} AS {name}")
        elif name in TIME_COLUMNS:
            parts.append(f"{_epoch(dialect, name)} AS {name}")
        elif name in ("emergency", "clock_paused"):
            parts.append(f"CASE WHEN {name} THEN 1 ELSE 0 END AS {name}")
        else:
            parts.append(name)
    if joined:
        parts += [f"{_joined_text(dialect)} AS text",
                  *(f"CASE WHEN clock_paused THEN {c}_clock END AS paused_{c}"
                    for c in ("stage", "handle"))]
    elif not with_text:
        parts.append(f"LENGTH({_joined_text(dialect)}) AS text_len")
    return "SELECT " + ", ".join(parts) + " FROM cases"


def _concat_sql(dialect: str) -> str:
    if dialect == "sqlite":
        return (f"SELECT group_concat(t, char(10)) FROM (SELECT {_joined_text(dialect)} AS t "
                "FROM cases WHERE id > :lo AND id <= :hi ORDER BY id)")
    return (f"SELECT string_agg({_joined_text(dialect)}, chr(10) ORDER BY id) FROM cases "
            "WHERE id > :lo AND id <= :hi")


def _to_chunk(rows: Sequence[Sequence[Any]], with_text: bool = True,
              joined: bool = False) -> RawChunk:
    """Rows of `_select_sql` (the same `with_text` and `joined`) as a chunk."""
    with_text = with_text and not joined
    plain = tuple(n for n in ALL_COLUMNS if n not in TEXT_COLUMNS)
    names = (ALL_COLUMNS if with_text else
             (*plain, "text", "paused_stage", "paused_handle") if joined else
             (*plain, "text_len"))
    cols = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    columns = {name: list(col) for name, col in zip(names, cols, strict=True)}
    for name in TIME_COLUMNS:
        columns[name] = [NO_TIME if v is None else int(v) for v in columns[name]]
    if not joined:
        return RawChunk(columns)
    texts = columns.pop("text")
    columns["text_len"] = list(map(len, texts))
    clocks = zip(columns["id"], columns.pop("paused_stage"), columns.pop("paused_handle"),
                 strict=True)
    return RawChunk(columns, text="\n".join(texts),
                    paused=_pause_instants(c for c in clocks if c[1] is not None
                                           or c[2] is not None))


def count_cases(ctx: Any) -> int:
    with ctx.engine.connect() as conn:
        return int(conn.execute(text("SELECT COUNT(*) FROM cases")).scalar_one())


def read_rows(ctx: Any, after_id: int = 0, ids: Sequence[int] | None = None,
              chunk: int = 100_000,
              progress: Callable[[int, int, str], None] | None = None,
              open_only: bool = False) -> Iterator[RawChunk]:
    """Yield the board columns in chunks (see the module contract). `open_only`: only cases
    in an open state, in one chunk with per-row text (a few percent of the store, read
    through the state index; its text joined per row by the database, like a bulk chunk's)."""
    with ctx.engine.connect() as conn:
        if open_only:
            from commandcenter.domain.vocabulary import OPEN_STATES

            states = ", ".join(f"'{s.value}'" for s in sorted(OPEN_STATES))  # enum literals
            sql = _select_sql(ctx.dialect_name, joined=True)
            yield _to_chunk(conn.execute(text(f"{sql} WHERE state IN ({states}) "
                                              "ORDER BY id")).all(), joined=True)
            return
        if ids is not None:
            id_list = sorted({int(i) for i in ids})
            base = _select_sql(ctx.dialect_name)
            for k in range(0, len(id_list), 500):
                part = id_list[k:k + 500]
                marks = ", ".join(str(i) for i in part)  # ints only: no injection possible
                rows = conn.execute(text(f"{base} WHERE id IN ({marks}) ORDER BY id")).all()
                yield _to_chunk(rows)
            return
        total = int(conn.execute(text("SELECT COUNT(*) FROM cases WHERE id > :a"),
                                 {"a": after_id}).scalar_one())
        done = 0
        last = after_id
        sql = text(f"{_select_sql(ctx.dialect_name, with_text=False)} WHERE id > :last "
                   "ORDER BY id LIMIT :n")
        concat = text(_concat_sql(ctx.dialect_name))
        while True:
            rows = conn.execute(sql, {"last": last, "n": chunk}).all()
            if not rows:
                break
            raw = _to_chunk(rows, with_text=False)
            raw.text = conn.execute(concat, {"lo": last, "hi": int(rows[-1][0])}).scalar_one()
            last = int(rows[-1][0])
            done += len(rows)
            yield raw
            if progress is not None:
                progress(done, total, "cases")
            if len(rows) < chunk:
                break


def _seconds(value: str) -> int:
    at = datetime.fromisoformat(value)
    return int((at - datetime(1970, 1, 1)).total_seconds())


def read_paused(ctx: Any, ids: Sequence[int] | None = None) -> dict[int, int]:
    """Pause instants of paused current clocks (see the module contract)."""
    if ids is not None:
        if not ids:
            return {}
        # by primary key: a handful of ids must not turn into a scan of the state index
        sql = ("SELECT id, stage_clock, handle_clock FROM cases WHERE id IN ("
               + ", ".join(str(int(i)) for i in ids) + ") AND clock_paused = :t")
    else:
        from commandcenter.domain.vocabulary import OPEN_STATES

        # only open cases run clocks; the state condition lets the database use its index
        states = ", ".join(f"'{s.value}'" for s in sorted(OPEN_STATES))
        sql = (f"SELECT id, stage_clock, handle_clock FROM cases WHERE state IN ({states}) "
               "AND clock_paused = :t")
    with ctx.engine.connect() as conn:
        return _pause_instants(conn.execute(text(sql), {"t": True}))


def _pause_instants(rows: Iterable[Sequence[Any]]) -> dict[int, int]:
    """(case id, stage clock, handle clock) of paused cases -> the pause instant (seconds)."""
    out: dict[int, int] = {}
    for case_id, stage_clock, handle_clock in rows:
        for clock in (stage_clock, handle_clock):
            if isinstance(clock, str):
                clock = json.loads(clock)
            if clock and clock.get("paused_since"):
                out[int(case_id)] = _seconds(clock["paused_since"])
                break
    return out


def read_names(ctx: Any) -> Names:
    names = Names()
    with ctx.engine.connect() as conn:
        q = lambda sql: conn.execute(text(sql)).all()  # noqa: E731 - local shorthand
        names.streets = {c: n for c, n in q("SELECT code, name FROM streets")}
        for c, n, s in q("SELECT code, name, street_code FROM communities"):
            names.communities[c] = n
            names.community_street[c] = s
        for c, n, cm in q("SELECT code, name, community_code FROM grids"):
            names.grids[c] = n
            names.grid_community[c] = cm
        for c, n, k, s in q("SELECT code, name, kind, street_code FROM units"):
            names.units[c] = n
            names.unit_kind[c] = k
            names.unit_street[c] = s
        for c, n, mc, mn in q("SELECT code, name, major_code, major_name FROM categories"):
            names.minors[c] = n
            names.minor_major[c] = mc
            names.majors[mc] = mn
        names.people = {c: n for c, n in q("SELECT code, name FROM people")}
        for g, p in q("SELECT grid_code, person_code FROM grid_assignments "
                      "WHERE valid_to IS NULL ORDER BY is_leader DESC, id"):
            names.grid_workers.setdefault(g, []).append(p)
    return names
