"""Cross-channel duplicate suggestions for imported cases (a review list, never a merge).

An incoming case is suggested as a duplicate of an existing open case when ALL hold:
- both have coordinates and lie within `DISTANCE_M` metres;
- the minor classes are the same or share a major class (first two digits);
- the report times are within `WINDOW` of each other;
- the texts (title + description) are similar: Jaccard similarity of character bigrams
  >= `TEXT_MIN` (works for Chinese without a word segmenter), or the minor class is the same
  and both texts are empty.

Candidates are bucketed by ~100 m cells, so the cost grows with the number of nearby pairs, not
with the product of the two sets. More than `MAX_INCOMING` new cases in one file (a bulk initial
load) are not checked; the caller reports that. Cases created by the file being imported
(``same_file``: its source, external ids and first new case id) are never candidates, so a file
imported in several batches, or resumed after a crash, gets the same suggestions as in one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import insert, select

from commandcenter.domain.vocabulary import TERMINAL_STATES
from commandcenter.store.models import Case
from commandcenter.store.models_sync import SyncDuplicate

DISTANCE_M = 150.0
WINDOW = timedelta(days=3)
TEXT_MIN = 0.25
MAX_INCOMING = 20000
CELL = 0.0015  # degrees (~150 m in latitude)

cases_t = Case.__table__


def bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in (text or "") if not ch.isspace())
    return {text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def text_similarity(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Equirectangular distance: exact enough below a few kilometres."""
    k = math.cos(math.radians((lat1 + lat2) / 2))
    dx = (lon2 - lon1) * k * 111_320.0
    dy = (lat2 - lat1) * 110_540.0
    return math.hypot(dx, dy)


def _related(a: str | None, b: str | None) -> bool:
    return bool(a and b and (a == b or a[:2] == b[:2]))


def suggest_duplicates(session: Any, new_ids: np.ndarray, now: datetime, *,
                       same_file: tuple[str, set[str], int] | None = None) -> int:
    """Record suggestions for the cases ``new_ids`` (just inserted); returns how many."""
    if len(new_ids) == 0 or len(new_ids) > MAX_INCOMING:
        return 0
    lo, hi = int(new_ids.min()), int(new_ids.max())
    cols = (cases_t.c.id, cases_t.c.lon, cases_t.c.lat, cases_t.c.minor_code,
            cases_t.c.reported_at, cases_t.c.title, cases_t.c.description, cases_t.c.channel)
    incoming = session.execute(select(*cols).where(
        cases_t.c.id.between(lo, hi), cases_t.c.lon.is_not(None))).all()
    if not incoming:
        return 0
    t_min = min(r.reported_at for r in incoming) - WINDOW
    t_max = max(r.reported_at for r in incoming) + WINDOW
    fresh = {int(i) for i in new_ids}
    existing = session.execute(select(*cols, cases_t.c.source, cases_t.c.external_id).where(
        cases_t.c.lon.is_not(None), cases_t.c.reported_at.between(t_min, t_max),
        cases_t.c.state.not_in([s.value for s in TERMINAL_STATES]))).all()
    cells: dict[tuple[int, int], list[Any]] = defaultdict(list)
    src, file_ids, first = same_file or ("", set(), 0)
    for r in existing:
        if r.id not in fresh and not (r.id >= first and r.source == src
                                      and r.external_id in file_ids):
            cells[(int(r.lon // CELL), int(r.lat // CELL))].append(r)
    out = []
    for r in incoming:
        if r.id not in fresh:
            continue
        cx, cy = int(r.lon // CELL), int(r.lat // CELL)
        text_r = f"{r.title} {r.description}"
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for c in cells.get((cx + dx, cy + dy), ()):
                    if not _related(r.minor_code, c.minor_code):
                        continue
                    if abs(r.reported_at - c.reported_at) > WINDOW:
                        continue
                    d = distance_m(r.lon, r.lat, c.lon, c.lat)
                    if d > DISTANCE_M:
                        continue
                    score = text_similarity(text_r, f"{c.title} {c.description}")
                    if score < TEXT_MIN:
                        continue
                    out.append({"case_id": r.id, "candidate_id": c.id, "distance_m": round(d, 1),
                                "text_score": round(score, 3), "status": "open",
                                "created_at": now})
    if out:
        session.execute(insert(SyncDuplicate.__table__), out)
    return len(out)
