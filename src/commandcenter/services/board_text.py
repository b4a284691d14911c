"""Free-text search over a million cases' code, address and description (Chinese substrings).

Contract: `TextIndex(parts)` takes one `(code, address, description)` per row; `search(query)`
returns a boolean mask of the rows whose lower-cased text contains the lower-cased query (a plain
substring: Chinese has no word boundaries, so no tokenising); `search_rows(query, rows)` answers
the same for the given row positions only; `row_text(i)` gives the parts back for display;
`update(i, parts)` and `append(parts)` change rows in place.

Representation (the 1M demo store: 63.5M characters, index 279 MB = 266 MiB): all rows are joined
into ONE Python string, fields separated by US (0x1f) and rows by LF, with an int64 array of row
starts; the lower-cased copy (another 127 MB) is what searches read. Per-row Python strings would
cost ~50 bytes of object header each and a Python-level loop per search. Changed rows go to a small
override dict and appended rows to a tail list (tested row by row); both are folded into the big
string when there are more than `_REBUILD_AT` of them (`_fold`: the unchanged runs of rows are
sliced out of the old strings whole, and only the changed and appended rows are signed, with the
bits given out at build time: 0.33 s on the GUI thread for 20,000 changed and appended rows of
1M, where rebuilding every row took 1.9-2.4 s).

Signatures (16 bytes per row + a 1 MB table: 17 MB at 1M; built with the index, on the loading
thread: 0.9-2 s at 1M on the shared 2-core machine, about what the index took before): per row a
128-bit set of the characters of its lower-cased text (by their 16-bit codes, `_code_units`), each
character mapped to one bit. A row can contain the query only if its signature holds every bit of
the query's, so a search first drops in numpy the rows missing a bit, then tests the rest one by
one with `str.find` over the row's slice (or scans the whole text once, when that is cheaper). A
signature may hold extra bits (bits are shared; a bit is never missing), so the answer is exactly
the plain substring test's. The bits are given out at build time, balancing the sampled frequency
of the characters over them; characters in about every other row or more (路, 号, digits in the demo)
get none, as testing them would drop nothing. Overridden and appended rows are not signed: always
tested directly. Measured at 1M (the bench's new filter: 69k rows left by state + street, 11.5k
contain the text): the row test went from 35-60 ms (every candidate through `str.find`) to 6-8 ms
(0.5 ms for the signatures, the rest the `str.find` of the 11.5k rows that do contain it).
"""

from __future__ import annotations

import heapq
import re
import sys
from collections.abc import Iterable, Sequence
from itertools import repeat

import numpy as np

_FIELD = "\x1f"
_ROW = "\n"
_REBUILD_AT = 20_000
_SIG_WORDS = 2  # 2 x 64 bits per row
_SIG_CHUNK = 1 << 16  # rows encoded at a time while building (bounds the temporaries)
_SIG_SAMPLES = 4  # chunks of rows whose code units are counted to give out the bits
# A row tested alone (`str.find` over its slice, one Python call) costs about as much as
# scanning this many characters in the one-pass regex scan of the whole text.
_FIND_VS_SCAN = 400


def _clean(value: str | None) -> str:
    return (value or "").replace(_FIELD, " ").replace(_ROW, " ")


def _lowered(text: str) -> str:
    """`text.lower()` of the same length: the row starts serve both the text and its lower-cased
    copy. U+0130 (İ), the one character whose lower case is two characters, becomes a plain i
    (in queries too); any other such character, should Unicode add one, stays as it is."""
    low = text.lower()
    if len(low) == len(text):
        return low
    low = text.replace("\u0130", "i").lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _row_starts(lengths: np.ndarray) -> np.ndarray:
    """Where each row starts in the rows joined by one LF, from the rows' lengths."""
    starts = np.zeros(len(lengths), dtype=np.int64)
    if len(lengths) > 1:
        np.cumsum(np.asarray(lengths[:-1], dtype=np.int64) + 1, out=starts[1:])
    return starts


def _join(parts: Sequence[str | None]) -> str:
    return _FIELD.join(_clean(p) for p in parts)


def _code_units(text: str) -> np.ndarray:
    """One uint16 per character of `text`: the character's code below U+10000, else its low
    16 bits (a bit is only a hint: characters sharing one cost a string test, never a row)."""
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) == 2 * len(text):  # no surrogate pairs: one code unit per character
        return np.frombuffer(units, dtype=np.uint16)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(
        np.uint16)


class TextIndex:
    def __init__(self, rows: Iterable[Sequence[str | None]] = (), signatures: bool = True
                 ) -> None:
        self._hay = ""
        self._lower = ""
        self._starts = np.zeros(0, dtype=np.int64)
        self._overrides: dict[int, str] = {}
        self._tail: list[str] = []
        self._signed = signatures
        self._bits = np.zeros((_SIG_WORDS, 0), dtype=np.uint64)  # code unit -> its bit
        self._sig = np.zeros((0, _SIG_WORDS), dtype=np.uint64)  # per base row (one line)
        self.version = 0  # bumped whenever some row's text changes (search caches key on it)
        self._build([_join(r) for r in rows])

    @classmethod
    def from_joined(cls, parts: list[str], lengths: np.ndarray, signatures: bool = True
                    ) -> TextIndex:
        """An index from rows already joined by the database (see `board_load.RawChunk`):
        `parts` are LF-joined runs of rows, `lengths` each row's characters."""
        index = cls(signatures=signatures)
        lengths = np.asarray(lengths, dtype=np.int64)
        index._starts = _row_starts(lengths)
        index._hay = _ROW.join(p for p in parts if p is not None)
        if len(index._hay) != int(lengths.sum()) + max(len(lengths) - 1, 0):
            raise ValueError("joined text does not match the row lengths")
        index._lower = _lowered(index._hay)
        index._sign()
        return index

    def _build(self, texts: list[str]) -> None:
        self._starts = _row_starts(np.fromiter(map(len, texts), dtype=np.int64,
                                               count=len(texts)))
        self._hay = _ROW.join(texts)
        self._lower = _lowered(self._hay)
        self._overrides.clear()
        self._tail = []
        self._sign()

    # ------------------------------------------------------------------ signatures
    def _stops(self, rows: np.ndarray) -> np.ndarray:
        """End (exclusive, before the LF) of each base row in the text."""
        base = len(self._starts)
        return np.where(rows + 1 < base, self._starts[np.minimum(rows + 1, base - 1)] - 1,
                        len(self._lower))

    def _chunks(self, every: int = 1) -> Iterable[tuple[int, int, np.ndarray]]:
        """(first row, end row, code units of the rows' lower-cased text, LFs between)."""
        base = len(self._starts)
        for r0 in range(0, base, _SIG_CHUNK * every):
            r1 = min(base, r0 + _SIG_CHUNK)
            a = int(self._starts[r0])
            b = int(self._stops(np.asarray([r1 - 1]))[0])
            yield r0, r1, _code_units(self._lower[a:b])

    def _sign(self) -> None:
        """Give out the bits and compute every base row's signature (see the module doc)."""
        base = len(self._starts)
        self._bits = np.zeros((_SIG_WORDS, 0), dtype=np.uint64)
        self._sig = np.zeros((0, _SIG_WORDS), dtype=np.uint64)
        if not self._signed or not base:
            return
        chunks = -(-base // _SIG_CHUNK)
        every = max(1, chunks // _SIG_SAMPLES)
        counts = np.zeros(1 << 16, dtype=np.int64)
        sampled = 0
        for r0, r1, units in self._chunks(every):
            counts += np.bincount(units, minlength=1 << 16)
            sampled += r1 - r0
        nbits = 64 * _SIG_WORDS
        bit_of = np.arange(1 << 16, dtype=np.int64) % nbits  # unseen code units: any bit
        common = counts * 2 >= sampled  # about one in every other row: a bit drops nothing
        common[[ord(_FIELD), ord(_ROW)]] = True
        bit_of[common] = -1
        load = [(0, b) for b in range(nbits)]  # the least loaded bit takes the next unit
        seen = np.flatnonzero((counts > 0) & ~common)
        for unit in seen[np.argsort(-counts[seen], kind="stable")].tolist():
            total, b = heapq.heappop(load)
            bit_of[unit] = b
            heapq.heappush(load, (total + int(counts[unit]), b))
        bits = np.zeros((_SIG_WORDS, 1 << 16), dtype=np.uint64)
        has = np.flatnonzero(bit_of >= 0)
        bits[bit_of[has] // 64, has] = np.left_shift(np.uint64(1),
                                                     (bit_of[has] % 64).astype(np.uint64))
        self._bits = bits
        sig = np.zeros((base, _SIG_WORDS), dtype=np.uint64)
        for r0, r1, units in self._chunks():
            sig[r0:r1] = self._signatures(units, self._starts[r0:r1] - self._starts[r0])
        self._sig = sig

    def _signatures(self, units: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Signatures of the rows starting at offsets `at` of `units` (their lower-cased code
        units, rows separated by one LF), with the bits given out at build time."""
        sig = np.zeros((len(at), _SIG_WORDS), dtype=np.uint64)
        if not len(units):
            return sig
        # segments from each row's start to the next's (the LF between has no bit); an empty
        # row gets the next row's first unit: an extra bit, harmless
        at = np.minimum(at, len(units) - 1)
        for w in range(_SIG_WORDS):
            sig[:, w] = np.bitwise_or.reduceat(self._bits[w][units], at)
        return sig

    def _fold(self) -> None:
        """Fold the overrides and the tail into the big strings (see the module doc)."""
        changed = sorted(self._overrides.items())
        new_texts = [t for _, t in changed] + self._tail
        lowered = [_lowered(t) for t in new_texts]
        base = len(self._starts)
        lengths = np.empty(base + len(self._tail), dtype=np.int64)
        if base:
            lengths[:base - 1] = np.diff(self._starts) - 1
            lengths[base - 1] = len(self._hay) - int(self._starts[-1])
        pieces: list[tuple[int, int] | int] = []  # a run of base rows [a, b) or a new text
        prev = 0
        for k, (i, _) in enumerate(changed):
            if i > prev:
                pieces.append((prev, i))
            pieces.append(k)
            prev = i + 1
        if prev < base:
            pieces.append((prev, base))
        pieces.extend(range(len(changed), len(new_texts)))

        runs = [p for p in pieces if isinstance(p, tuple)]  # their text bounds, column-wise
        firsts = np.asarray([a for a, _ in runs], dtype=np.int64)
        lasts = np.asarray([b - 1 for _, b in runs], dtype=np.int64)
        bounds = iter(zip(self._starts[firsts].tolist(), self._stops(lasts).tolist(),
                          strict=True)) if runs else iter(())
        spans = [next(bounds) if isinstance(p, tuple) else p for p in pieces]

        def joined(old: str, texts: list[str]) -> str:
            return _ROW.join([old[p[0]:p[1]] if isinstance(p, tuple) else texts[p]
                              for p in spans])

        rows = np.asarray([i for i, _ in changed], dtype=np.int64)
        lengths[rows] = [len(t) for _, t in changed]
        lengths[base:] = [len(t) for t in self._tail]
        hay, lower = joined(self._hay, new_texts), joined(self._lower, lowered)
        signed = len(self._sig) == base and base > 0
        if signed:
            at = _row_starts(np.asarray([len(t) for t in lowered], dtype=np.int64))
            fresh = self._signatures(_code_units(_ROW.join(lowered)), at)
            sig = np.concatenate([self._sig, fresh[len(changed):]])
            sig[rows] = fresh[:len(changed)]
        self._starts = _row_starts(lengths)
        self._hay, self._lower = hay, lower
        self._overrides.clear()
        self._tail = []
        if signed:
            self._sig = sig
        elif self._signed:  # nothing was signed before (an empty index): sign it all now
            self._sign()

    def _maybe(self, q: str, rows: np.ndarray | None) -> np.ndarray | None:
        """Of `rows` (base rows; None: all), the ones whose signature holds every bit of `q`'s
        code units (as positions into `rows`), or None when the signatures cannot tell."""
        if not len(self._sig):
            return None
        want = np.bitwise_or.reduce(self._bits[:, _code_units(q)], axis=1)
        if not want.any():
            return None
        sig = self._sig if rows is None else self._sig[rows]  # a row's words: one cache line
        ok = None
        for w in np.flatnonzero(want).tolist():
            has = (sig[:, w] & want[w]) == want[w]
            ok = has if ok is None else ok & has
        return None if ok is None else np.flatnonzero(ok)

    def _base_hits(self, q: str, rows: np.ndarray | None = None) -> np.ndarray:
        """For base rows `rows` (None: all), does the base text contain `q`? (Overrides are
        the caller's: their base text is stale.)"""
        base = len(self._starts)
        picked = self._maybe(q, rows)
        if picked is None:
            picked = np.arange(base if rows is None else len(rows))
        out = np.zeros(base if rows is None else len(rows), dtype=bool)
        if len(picked) * _FIND_VS_SCAN > len(self._lower):
            hits = self._scan(q)  # one pass over the whole text is cheaper
            return hits if rows is None else hits[rows]
        r = picked if rows is None else rows[picked]
        # bounds as plain ints, computed column-wise: the loop is then one C call per row
        # (`map` drives it from C: ~0.25 us a row)
        found = np.fromiter(map(self._lower.find, repeat(q), self._starts[r].tolist(),
                                self._stops(r).tolist()), dtype=np.int64, count=len(r))
        out[picked] = found >= 0
        return out

    def _scan(self, q: str) -> np.ndarray:
        """Base rows containing `q`: one C-level regex scan of the whole text."""
        out = np.zeros(len(self._starts), dtype=bool)
        offsets = np.fromiter((m.start() for m in re.finditer(re.escape(q), self._lower)),
                              dtype=np.int64)
        if offsets.size:
            out[np.searchsorted(self._starts, offsets, side="right") - 1] = True
        return out

    # ------------------------------------------------------------------ rows
    def __len__(self) -> int:
        return len(self._starts) + len(self._tail)

    @property
    def nbytes(self) -> int:
        """Memory of the index: both strings, the row starts and the signatures (not the
        override and tail rows, a few thousand short strings at most)."""
        return (sys.getsizeof(self._hay) + sys.getsizeof(self._lower) + self._starts.nbytes
                + self.signature_nbytes)

    @property
    def signature_nbytes(self) -> int:
        """Memory of the signatures and the code unit -> bit table."""
        return self._sig.nbytes + self._bits.nbytes

    def _text(self, i: int) -> str:
        base = len(self._starts)
        if i >= base:
            return self._tail[i - base]
        if i in self._overrides:
            return self._overrides[i]
        start = int(self._starts[i])
        end = int(self._starts[i + 1]) - 1 if i + 1 < base else len(self._hay)
        return self._hay[start:end]

    def row_text(self, i: int) -> tuple[str, ...]:
        return tuple(self._text(i).split(_FIELD))

    def update(self, i: int, parts: Sequence[str | None]) -> None:
        text = _join(parts)
        base = len(self._starts)
        if i >= base:
            self._tail[i - base] = text
        elif text != self._text(i):
            self._overrides[i] = text
        else:
            return
        self.version += 1

    def append(self, parts: Sequence[str | None]) -> None:
        self.version += 1
        self._tail.append(_join(parts))
        if len(self._tail) + len(self._overrides) > _REBUILD_AT:
            self._fold()

    # ------------------------------------------------------------------ search
    def search(self, query: str) -> np.ndarray:
        """Rows containing `query` (case-insensitive for Latin letters); all rows if blank."""
        n = len(self)
        q = _lowered(query.strip())
        if not q:
            return np.ones(n, dtype=bool)
        out = np.zeros(n, dtype=bool)
        if self._FIELD_OR_ROW.search(q):
            return out
        base = len(self._starts)
        out[:base] = self._base_hits(q)
        for i, text in self._overrides.items():
            out[i] = q in _lowered(text)
        for k, text in enumerate(self._tail):
            out[base + k] = q in _lowered(text)
        return out

    def search_rows(self, query: str, rows: np.ndarray) -> np.ndarray:
        """For the given row positions only: does each contain `query`? (The candidates left
        by other filters: their signatures are tested, then the survivors one by one.)"""
        q = _lowered(query.strip())
        if not q:
            return np.ones(len(rows), dtype=bool)
        if self._FIELD_OR_ROW.search(q):
            return np.zeros(len(rows), dtype=bool)
        base = len(self._starts)
        rows = np.asarray(rows, dtype=np.int64)
        if not self._overrides and (not len(rows) or int(rows.max()) < base):
            return self._base_hits(q, rows)  # the usual case: base rows only
        out = np.zeros(len(rows), dtype=bool)
        inside = rows < base
        if self._overrides:
            inside &= ~np.isin(rows, np.fromiter(self._overrides, dtype=np.int64))
        k_in = np.flatnonzero(inside)
        if len(k_in):
            out[k_in] = self._base_hits(q, rows[k_in])
        for k in np.flatnonzero(~inside).tolist():
            out[k] = q in _lowered(self._text(int(rows[k])))
        return out

    _FIELD_OR_ROW = re.compile("[\x1f\n]")
