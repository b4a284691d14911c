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
