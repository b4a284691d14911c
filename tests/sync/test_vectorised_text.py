"""The vectorised `mapping._text` and `importer.row_hashes` against verbatim copies of the
implementations they replaced: the same values, dtypes and (stored!) hashes, on adversarial
cells. Each comparison fails on a single differing value."""

from __future__ import annotations

import io
import re
import sys
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from commandcenter.sync import importer, mapping
from commandcenter.sync.mapping import SYNC_FIELDS

# -- the replaced implementations, verbatim (the reference) ---------------------------------


def old_text(frame: pd.DataFrame, col: str | None) -> pd.Series:
    if col is None:
        return pd.Series(np.nan, index=frame.index, dtype=object)
    s = frame[col].astype(object)
    try:
        s = s.str.strip()
    except AttributeError:  # no strings at all in the column (e.g. an empty XLSX column)
        s = s.map(lambda v: v.strip() if isinstance(v, str) else v)
    return s.where(s.notna() & (s != ""), np.nan)


def old_row_hashes(rows: pd.DataFrame) -> np.ndarray:
    cols = ["external_id", *SYNC_FIELDS, "channel", "street_code", "community_code",
            "grid_code", "lead_unit"]
    frame = rows[cols].astype(object).where(rows[cols].notna(), None).astype(str)
    return pd.util.hash_pandas_object(frame, index=False).to_numpy().view(np.int64)


# -- strict comparison -----------------------------------------------------------------------


def _same_cell(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and a != a:
        return b != b
    return a == b


def assert_identical(new: pd.Series | pd.DataFrame, old: pd.Series | pd.DataFrame) -> None:
    assert type(new) is type(old)
    if isinstance(old, pd.DataFrame):
        pd.testing.assert_frame_equal(new, old, check_exact=True)
        for c in range(old.shape[1]):
            assert_identical(new.iloc[:, c], old.iloc[:, c])
        return
    pd.testing.assert_series_equal(new, old, check_exact=True)
    assert new.dtype == old.dtype and new.name == old.name
    assert new.index.equals(old.index)
    bad = [i for i, (a, b) in enumerate(zip(new.tolist(), old.tolist(), strict=True))
           if not _same_cell(a, b)]
    assert not bad, [(i, new.iloc[i], old.iloc[i]) for i in bad[:10]]


def assert_same_text(frame: pd.DataFrame) -> None:
    for col in [*frame.columns.unique(), None]:
        try:
            expected = old_text(frame, col)
        except Exception as exc:  # (e.g. `.str` refuses bytes only): the same error
            with pytest.raises(type(exc), match=f"^{re.escape(str(exc))}$"):
                mapping._text(frame, col)
            continue
        assert_identical(mapping._text(frame, col), expected)


# -- _text -----------------------------------------------------------------------------------

# every character str.strip removes (Py_UNICODE_ISSPACE), and look-alikes it keeps
SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
NOT_SPACES = ["\u200b", "\ufeff", "\u180e", "\u2060", "\x00", "\u3164", "_"]


def _cells() -> list[object]:
    cells: list[object] = ["x", "", "路 口", "a\u3000b", "nan", "None"]
    for ch in SPACES + NOT_SPACES:
        cells += [ch, ch * 3, f"{ch}x", f"x{ch}", f"{ch}中 文{ch}", f"{ch}{ch}x{ch}"]
    cells += [" \t\u3000\u00a0 ", "\u3000 a\u00a0b \t", "\x1c\x1d\x1e\x1fz\x1f"]
    return cells


def test_whitespace_kinds_match_str_strip():
    assert {"\u3000", "\u00a0", "\x1c", "\x1f", "\x85", "\u2028"} <= set(SPACES)
    assert not set(NOT_SPACES) & set(SPACES)
    cells = _cells()
    rng = np.random.default_rng(7)
    with_missing = [np.nan if rng.random() < 0.2 else c for c in cells]
    frame = pd.DataFrame({
        "str": pd.Series(cells, dtype="str"),  # what read_csv(dtype=str) gives
        "str_missing": pd.Series(with_missing, dtype="str"),
        "object": pd.Series(cells, dtype=object),
        "object_missing": pd.Series([None if v is np.nan else v for v in with_missing],
                                    dtype=object),
    })
    assert_same_text(frame)
    # and on another index (a slice of a bigger frame)
    assert_same_text(frame.iloc[5:40].set_axis(range(100, 135)))


def test_a_csv_as_the_reader_reads_it():
    rng = np.random.default_rng(1)
    alphabet = ["a", "中", "文", " ", "\u3000", "\u00a0", "\t", "\u200b", "1", ",", '"']
    lines = []
    for _ in range(3000):
        cells = ["".join(rng.choice(alphabet, rng.integers(0, 5))) for _ in range(4)]
        lines.append(",".join('"' + c.replace('"', '""') + '"' if c else "" for c in cells))
    text = "a,b,c,d\n" + "\n".join(lines) + "\n"
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""],
                        skipinitialspace=False)
    assert frame.isna().any().any() and (frame == " ").any().any()
    assert_same_text(frame)


XLSX_LIKE = {  # object columns as the XLSX and JSON readers (or a caller) may give them
    "mixed": [1, " a ", None, 2.5, "", np.nan, True],
    "ints": [1, 2, 3, 4, 5, 6, 7],
    "ints_none": [1, None, 3, None, 5, 6, 7],
    "floats": [1.5, np.nan, 3.0, -0.0, 1e16, 1e-7, 118.0],
    "all_none": [None] * 7,
    "all_nan": [np.nan] * 7,
    "empty_text": ["", " ", "\u3000", "", "\t", "", " "],
    "na_kinds": ["a", pd.NA, pd.NaT, None, np.nan, " b ", Decimal("NaN")],
    "bytes": [b" a ", b"", None, b"x", b" ", b"y", b"z"],
    "text_bytes": [" a ", b" b ", None, "", "c", "d", "e"],
    "numpy_str": [np.str_(" a "), " b", np.str_(""), None, "c", "d", np.str_("\u3000")],
    "dates": [pd.Timestamp("2025-01-01"), " a ", None, "b", "c", "d", "e"],
}


def test_xlsx_like_mixed_cells():
    assert_same_text(pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in XLSX_LIKE.items()}))


def test_other_dtypes_and_shapes():
    frame = pd.DataFrame({
        "int": np.arange(5), "float": [1.0, np.nan, 2.5, -0.0, 3.0],
        "all_nan_str": pd.Series([np.nan] * 5, dtype="str"),
        "na_string": pd.Series([" a", pd.NA, "", "b ", None], dtype="string"),
        "category": pd.Series([" a", "b", None, " a", ""], dtype="category"),
    })
    assert_same_text(frame)
    assert_same_text(frame.iloc[:0])  # no rows
    twice = pd.DataFrame([[" a", "b "], [None, ""]], columns=["x", "x"], dtype=object)
    assert_identical(mapping._text(twice, "x"), old_text(twice, "x"))  # a frame both ways


def test_random_text_columns():
    rng = np.random.default_rng(3)
    pieces = np.array(["", " ", "\u3000", "\u00a0", "\t\n", "\u200b", "ab", "中文", "0"],
                      dtype=object)
    n = 20000
    cells = [p1 + p2 + p3 for p1, p2, p3 in rng.choice(pieces, (n, 3))]
    col = pd.Series(cells, dtype="str").where(rng.random(n) > 0.1)
    assert_same_text(pd.DataFrame({"a": col, "b": col.astype(object), "c": pd.Series(
        cells, dtype=object)}))


def test_the_comparison_notices_one_value():
    frame = pd.DataFrame({"a": pd.Series(["x ", " y", None], dtype="str")})
    good = old_text(frame, "a")
    for changed in ("x ", None, "z"):
        wrong = good.copy()
        wrong.iloc[0] = changed
        with pytest.raises(AssertionError):
            assert_identical(wrong, good)
    with pytest.raises(AssertionError):  # NaN and None are told apart
        assert_identical(good.where(good.notna(), None), good)


# -- row_hashes ------------------------------------------------------------------------------

NS_MIN = pd.Timestamp.min.value
NS_MAX = pd.Timestamp.max.value
TIMES = [
    "2025-02-21 00:52:00", "2025-02-21 00:52:00.5", "2025-02-21 00:52:00.000001",
    "2025-02-21 00:52:00.000000001", "2025-02-21 00:52:00.123456789",
    "2025-02-21 00:52:00.100000", "2025-02-21 00:52:00.000100", "2025-02-21 00:52:00.120",
    "2025-02-21 23:59:59.999999999", "2024-02-29 12:00:00", "1970-01-01 00:00:00",
    "1969-12-31 23:59:59.5", "1969-12-31 23:59:59.999999999", "1900-01-01 00:00:00.25",
    "1677-09-21 00:12:43.145224193", "2262-04-11 23:47:16.854775807", None,
]
FLOATS = [118.0, 121.123456, -121.123456, 32.04022, 0.1 + 0.2, 1e-7, 1e16, 1e15, 9.5e15,
          1e-4, 1e-5, 0.0001, 123456789.123456, -0.0, 0.0, 5e-324, 1.7976931348623157e308,
          np.inf, -np.inf, np.nan, 2.0 ** 53, 2.0 ** 32 + 0.5, 100.0, 1.0, -1.0, 0.5]


def _times(values: list) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601").astype(
        "datetime64[ns]")


def _rows(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """A frame like `map_table`'s rows (the hashed columns and their dtypes)."""
    def pick(values, dtype=object):
        return pd.Series([values[i] for i in rng.integers(0, len(values), n)], dtype=dtype)

    texts = ["路面破损", "", " ", "None", "nan", "a\u3000b", "QX1", None, np.nan,
             "\u00e9\u0301", "\U0001f600", "x" * 300]
    nan_payload = np.array([0x7FF8000000000123], dtype=np.int64).view(np.float64)[0]
    return pd.DataFrame({
        "external_id": pd.Series([f"QX{i:09d}" for i in range(n)], dtype=object),
        "reported_at": _times(pick(TIMES)),
        "closed_at": _times(pick(TIMES)),
        "lon": pick([*FLOATS, nan_payload], np.float64),
        "lat": pick(FLOATS, np.float64),
        "state": pick(["dispatched", "closed", "pending_accept"]),
        "source_state": pick(texts),
        "channel": pick(["district_sync", "hotline"]),
        "minor_code": pick(["1205", None, "0101"]),
        "grid_code": pick(["320104012005902", None]),
        "street_code": pick([None]),
        "community_code": pick([np.nan, None]),
        "title": pick(texts), "description": pick(texts), "address": pick(texts),
        "code": np.nan,
        "lead_unit": pick([None, "unit-1", "统一"]),
        "priority": pick([0, 1], np.int64),
    })


def assert_same_hashes(rows: pd.DataFrame) -> None:
    new, old = importer.row_hashes(rows), old_row_hashes(rows)
    assert new.dtype == old.dtype == np.int64 and new.shape == old.shape
    bad = np.flatnonzero(new != old)
    assert not len(bad), rows.iloc[bad[:5]].to_dict("records")


def test_row_hashes_on_adversarial_rows():
    rows = _rows(4000, np.random.default_rng(11))
    assert rows["closed_at"].isna().any() and rows["lon"].isna().any()
    assert rows["closed_at"].dtype == "datetime64[ns]"
    assert_same_hashes(rows)
    assert_same_hashes(rows.iloc[:0])
    assert_same_hashes(rows.iloc[:1])
    no_times = rows.assign(closed_at=pd.Series(pd.NaT, index=rows.index, dtype="M8[ns]"))
    assert_same_hashes(no_times)
    assert_same_hashes(no_times.assign(lon=np.nan, lat=-0.0))
    # every float and time once, in every hashed float / datetime column
    m = max(len(FLOATS), len(TIMES))
    one = _rows(m, np.random.default_rng(2))
    one["lon"] = (FLOATS * 2)[:m]
    one["lat"] = list(reversed((FLOATS * 2)[:m]))
    one["closed_at"] = _times((TIMES * 2)[:m])
    assert_same_hashes(one)


def test_row_hashes_other_column_kinds():
    rng = np.random.default_rng(5)
    rows = _rows(500, rng)
    kinds = {
        "ints": pd.Series(rng.integers(-10**12, 10**12, 500), dtype=np.int64),
        "small_ints": pd.Series(rng.integers(0, 3, 500), dtype=np.int32),
        "uints": pd.Series(rng.integers(0, 2**63, 500, dtype=np.uint64) * 2, dtype=np.uint64),
        "bools": pd.Series(rng.random(500) > 0.5),
        "floats32": pd.Series(rng.random(500), dtype=np.float32),
        "all_nan_float": pd.Series(np.nan, index=rows.index),
        "nullable_ints": pd.Series([1, None] * 250, dtype="Int64"),
        "str_dtype": pd.Series(["a", None, "中"] * 166 + ["b", "c"], dtype="str"),
        "na_string": pd.Series(["a", None, "中"] * 166 + ["b", "c"], dtype="string"),
        "utc_times": _times(["2025-01-01 08:00:00.5", None] * 250).dt.tz_localize("UTC"),
        "us_times": _times(["2025-01-01 08:00:00.5", None] * 250).astype("datetime64[us]"),
    }
    for name, values in XLSX_LIKE.items():
        kinds["x_" + name] = pd.Series((values * 72)[:500], dtype=object)
    for name, col in kinds.items():
        for target in ("external_id", "lead_unit", "lon", "closed_at"):
            variant = rows.copy()
            variant[target] = col
            try:
                assert_same_hashes(variant)
            except AssertionError as exc:
                raise AssertionError(f"{name} as {target}: {exc}") from None


def test_external_ids_repeated_or_missing():
    rows = _rows(300, np.random.default_rng(4))
    rows["external_id"] = [f"QX{i % 7}" for i in range(300)]
    assert_same_hashes(rows)
    rows.loc[::5, "external_id"] = None
    assert_same_hashes(rows)
    rows["external_id"] = np.nan
    assert_same_hashes(rows)


def test_random_times_and_floats():
    rng = np.random.default_rng(9)
    n = 30000
    rows = _rows(n, rng)
    ns = rng.integers(NS_MIN, NS_MAX, n, endpoint=True)
    for step in (10**9, 60 * 10**9, 1000, 10**6):  # whole seconds, minutes, micro-, milli-
        part = slice(None, None, 5) if step == 1000 else slice(step % 7, None, 3)
        ns[part] = ns[part] // step * step
    ns[::11] = np.iinfo(np.int64).min  # NaT
    rows["closed_at"] = ns.view("datetime64[ns]")
    bits = rng.integers(np.iinfo(np.int64).min, np.iinfo(np.int64).max, n, dtype=np.int64)
    rows["lon"] = bits.view(np.float64)  # any float at all, NaNs with payloads included
    scale = 10.0 ** rng.integers(0, 8, n)  # k / 10**d: the shortest text has d decimals
    rows["lat"] = np.round(rng.uniform(-180, 180, n) * scale) / scale
    assert_same_hashes(rows)
    present = ns[ns != np.iinfo(np.int64).min]
    text = importer._timestamp_text(present)
    expected = [str(pd.Timestamp(v)) for v in present.tolist()]
    assert text.tolist() == expected


def test_the_hash_comparison_notices_one_value():
    rows = _rows(50, np.random.default_rng(8))
    rows["lon"] = 118.0
    changed = rows.copy()
    changed.loc[3, "lon"] = 118.000001
    assert (importer.row_hashes(changed) != old_row_hashes(rows)).sum() == 1
    changed = rows.copy()
    changed.loc[3, "closed_at"] = pd.Timestamp("2025-01-01 00:00:00.000000001")
    rows.loc[3, "closed_at"] = pd.Timestamp("2025-01-01")
    assert (importer.row_hashes(changed) != old_row_hashes(rows)).sum() == 1


def test_row_hashes_stay_what_stores_hold():
    """Stored sync_rows.row_hash values are compared on the next import: a pandas upgrade (or a
    change here) that moves them would make every synced row read as changed. Fixed values."""
    rows = pd.DataFrame({
        "external_id": ["QX000000001", "QX000000002"],
        "state": ["dispatched", "closed"], "title": ["占道经营", "井盖缺失"],
        "description": ["群众反映", ""], "address": ["秦淮区中华路 1 号", "夫子庙"],
        "lon": [118.786543, np.nan], "lat": [32.021234, np.nan],
        "minor_code": ["0101", None],
        "closed_at": pd.to_datetime([None, "2026-03-05 14:02:00"]).astype("datetime64[ns]"),
        "channel": ["hotline_12345", "grid_worker"], "street_code": ["320104011", None],
        "community_code": [None, None], "grid_code": ["32010401100101", None],
        "lead_unit": [None, "QH-CG"],
        "reported_at": pd.to_datetime(["2026-03-05 09:00:00", "2026-03-05 09:30:00.500000"],
                                      format="ISO8601").astype("datetime64[ns]"),
    })
    assert importer.row_hashes(rows).tolist() == EXPECTED_HASHES


# computed with the old text-frame code under pandas 3.1 (the hashes the stores hold)
EXPECTED_HASHES = [-4163924666154125703, 2223051765184372531]
