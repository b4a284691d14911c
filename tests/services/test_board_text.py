"""The board's text search (`services.board_text.TextIndex`) against a plain Python reference:
`query.strip().lower()` a substring of some field's `.lower()`, on random Chinese/Latin rows,
after edits (overrides) and appends, through both the signature pre-filter and the whole-text
scan, built row by row and from database-joined text."""

from __future__ import annotations

import numpy as np
import pytest

from commandcenter.services import board_text
from commandcenter.services.board_text import TextIndex

# a small alphabet (many repeats, so that substrings recur) plus rarer characters, Latin of both
# cases, digits, a character outside the BMP (two UTF-16 code units) and a space
COMMON = list("秦淮区中华路瑞金街道号") + ["QH", "0", "1", "2"]
RARE = list("井盖垃圾杨石灯夫子庙绿化噪音") + ["Road", "abc", "XY", "7", "🚧", " ", "é", "É"]


def _field(rng: np.random.Generator, size: int) -> str:
    pool = COMMON if rng.random() < 0.5 else COMMON + RARE
    return "".join(rng.choice(pool, size=int(rng.integers(0, size))))


def _row(rng: np.random.Generator, i: int) -> tuple[str | None, ...]:
    desc = None if i % 17 == 0 else _field(rng, 12)
    return f"QH{i:05d}", _field(rng, 10), desc


def _reference(rows: list[tuple[str | None, ...]], query: str) -> list[bool]:
    q = query.strip().lower()
    if not q:
        return [True] * len(rows)
    if "\x1f" in q or "\n" in q:
        return [False] * len(rows)
    return [any(q in (p or "").lower() for p in r) for r in rows]


def _queries(rng: np.random.Generator, rows: list[tuple[str | None, ...]]) -> list[str]:
    out = ["", " ", "路", "区中", "qh0", "ROAD", "🚧", "é", "无此词", "灯🚧", "\x1f"]
    for _ in range(40):  # substrings of actual fields (hits), some with their case flipped
        text = next((p for p in rows[int(rng.integers(len(rows)))][1:] if p), "")
        if not text:
            continue
        a = int(rng.integers(len(text)))
        q = text[a:a + int(rng.integers(1, 6))]
        out.append(q.swapcase() if rng.random() < 0.3 else q)
    for _ in range(10):  # random strings: mostly misses
        out.append("".join(rng.choice(COMMON + RARE, size=int(rng.integers(1, 4)))))
    return out


def _check(index: TextIndex, rows: list[tuple[str | None, ...]], rng: np.random.Generator
           ) -> None:
    everything = np.arange(len(rows))
    some = np.sort(rng.choice(everything, size=len(rows) // 3, replace=False))
    for query in _queries(rng, rows):
        want = np.array(_reference(rows, query))
        assert index.search(query).tolist() == want.tolist(), query
        assert index.search_rows(query, everything).tolist() == want.tolist(), query
        assert index.search_rows(query, some).tolist() == want[some].tolist(), query
        assert index.search_rows(query, some[::-1]).tolist() == want[some[::-1]].tolist(), query


@pytest.mark.parametrize("find_vs_scan", [0, 400, 10**9])  # always find, mixed, always scan
@pytest.mark.parametrize("seed", [1, 2])
def test_search_equals_the_reference_after_edits_and_appends(monkeypatch, seed, find_vs_scan):
    monkeypatch.setattr(board_text, "_SIG_CHUNK", 256)  # several chunks, sampled counts
    monkeypatch.setattr(board_text, "_FIND_VS_SCAN", find_vs_scan)
    monkeypatch.setattr(board_text, "_REBUILD_AT", 150)
    rng = np.random.default_rng(seed)
    rows = [_row(rng, i) for i in range(3000)]
    index = TextIndex(rows)
    _check(index, rows, rng)
    for _ in range(60):  # edits of base rows: overrides (signatures of those rows now stale)
        i = int(rng.integers(len(rows)))
        rows[i] = _row(rng, i)
        index.update(i, rows[i])
    for i in range(len(rows), len(rows) + 50):  # appends: the tail
        rows.append(_row(rng, i))
        index.append(rows[-1])
    for i in (len(rows) - 3, len(rows) - 1):  # edits in the tail
        rows[i] = _row(rng, i + 7)
        index.update(i, rows[i])
    _check(index, rows, rng)
    for i in range(len(rows), len(rows) + 60):  # past _REBUILD_AT: folded in, re-signed
        rows.append(_row(rng, i))
        index.append(rows[-1])
    assert len(index._starts) > 3000  # a rebuild folded rows in
    assert len(index._sig) == len(index._starts)
    _check(index, rows, rng)


def test_a_letter_whose_lower_case_is_longer_shifts_no_row():
    """İ (U+0130) lower-cases to two characters; the lower-cased copy must keep every row where
    its starts say (it used to shift the rows after such a row: a query found the wrong row)."""
    rows = [("İSTANBUL", "", ""), ("abc", "x", "y"), ("zzz", "abc", "")] + [
        (f"q{i}", "abc", "") for i in range(3)]
    for index in (TextIndex(rows), TextIndex.from_joined(
            ["\n".join("\x1f".join(p) for p in rows)],
            np.array([len("\x1f".join(p)) for p in rows]))):
        assert index.search("y").tolist() == [False, True, False, False, False, False]
        assert index.search("zzz").tolist() == [False, False, True, False, False, False]
        assert index.search("İst").tolist() == [True] + [False] * 5
        assert index.search("istanbul").tolist() == [True] + [False] * 5
        assert index.search_rows("y", np.arange(6)).tolist() == index.search("y").tolist()
    grown = TextIndex(rows[1:])
    grown.append(rows[0])  # in the tail, then folded in
    grown._fold()
    assert grown.search("istanbul").tolist() == [False] * 5 + [True]
    assert grown.search("y").tolist() == [True] + [False] * 5


def test_folding_changed_rows_in_reads_only_those_rows(monkeypatch):
    """The fold slices the unchanged runs out of the old text: no row-by-row rebuild (1-2 s on
    the GUI thread at 1M rows), and only the changed and appended rows get new signatures."""
    monkeypatch.setattr(board_text, "_SIG_CHUNK", 128)
    rng = np.random.default_rng(11)
    rows = [_row(rng, i) for i in range(2000)]
    index = TextIndex(rows)
    old_sig = index._sig.copy()
    edited = sorted({int(i) for i in rng.integers(0, 2000, 40)} | {0, 1999})
    for i in edited:
        rows[i] = _row(rng, i + 5000)
        index.update(i, rows[i])
    for i in range(2000, 2030):
        rows.append(_row(rng, i))
        index.append(rows[-1])

    def no_rebuild(self, texts):
        raise AssertionError("the fold rebuilt every row")

    monkeypatch.setattr(TextIndex, "_build", no_rebuild)
    monkeypatch.setattr(TextIndex, "_text", lambda self, i: pytest.fail("read row by row"))
    index._fold()
    monkeypatch.undo()
    assert not index._overrides and not index._tail and len(index._starts) == 2030
    kept = np.setdiff1d(np.arange(2000), edited)
    assert np.array_equal(index._sig[kept], old_sig[kept])
    assert [index.row_text(i) for i in range(2030)] == [
        tuple(p or "" for p in r) for r in rows]
    _check(index, rows, rng)


def test_index_from_database_joined_text_equals_the_reference(monkeypatch):
    monkeypatch.setattr(board_text, "_SIG_CHUNK", 100)
    rng = np.random.default_rng(7)
    rows = [_row(rng, i) for i in range(1000)]
    texts = ["\x1f".join(p or "" for p in r) for r in rows]
    parts = ["\n".join(texts[a:a + 300]) for a in range(0, len(texts), 300)]
    index = TextIndex.from_joined(parts, np.array([len(t) for t in texts]))
    _check(index, rows, rng)
    index.update(5, ("QH00005", "独一无二路", ""))
    rows[5] = ("QH00005", "独一无二路", "")
    _check(index, rows, rng)


def test_empty_rows_and_rows_without_signatures():
    rows = [("", "", ""), ("a", "", "路"), ("", "", ""), ("QH1", "井盖", None), ("", "", "")]
    for signed in (True, False):
        index = TextIndex(rows, signatures=signed)
        assert len(index._sig) == (len(rows) if signed else 0)
        for query in ("a", "A", "路", "井", "qh", "x", ""):
            want = _reference(rows, query)
            assert index.search(query).tolist() == want, (signed, query)
            assert index.search_rows(query, np.arange(len(rows))).tolist() == want
    assert TextIndex().search("路").tolist() == []
    assert TextIndex().search_rows("路", np.zeros(0, dtype=np.int64)).tolist() == []


def test_signatures_drop_rows_and_are_compact():
    rng = np.random.default_rng(3)
    rows = [(code, f"{address}号", desc) for code, address, desc in
            (_row(rng, i) for i in range(5000))]
    index = TextIndex(rows)
    assert index.signature_nbytes == 16 * len(rows) + board_text._SIG_WORDS * 8 * (1 << 16)
    assert index.nbytes > index.signature_nbytes
    maybe = index._maybe("井盖", None)
    assert maybe is not None
    hits = np.flatnonzero(_reference(rows, "井盖"))
    assert set(hits.tolist()) <= set(maybe.tolist())  # never a missing row
    assert len(maybe) < len(rows) // 4  # and most rows dropped without a string test
    assert index._maybe("号", None) is None  # in about every row: no bit, nothing to drop
