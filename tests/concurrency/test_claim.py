"""Claiming work cannot be done twice: four workstations sign for the same dispatched cases at
the same moment; each case is signed exactly once, every other attempt is refused cleanly."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from commandcenter.domain.vocabulary import State

from .stress import collect, drive_to, setup, spawn, start_together, verify

WORKERS, CASES = 4, 12


def test_each_case_is_signed_exactly_once(db_url, tmp_path):
    ids = setup(db_url, CASES)
    drive_to(db_url, ids, State.DISPATCHED)
    go = tmp_path / "go"
    procs = [spawn(["claim", db_url, "--ids", ",".join(map(str, ids)), "--go", str(go)], tmp_path)
             for _ in range(WORKERS)]
    try:
        start_together(procs, go)
        outputs = collect(procs, timeout=240)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    outcomes: dict[int, Counter] = defaultdict(Counter)
    for lines in outputs:
        for line in lines:
            case_id, outcome, _seq = line["claim"]
            outcomes[case_id][outcome] += 1
    print(json.dumps({k: dict(v) for k, v in outcomes.items()}))
    assert sorted(outcomes) == sorted(ids)
    for case_id, tally in outcomes.items():
        assert tally["ok"] == 1, (case_id, tally)
        assert set(tally) <= {"ok", "conflict", "refused:wrong_state"}, (case_id, tally)
        assert sum(tally.values()) == WORKERS
    report = verify(db_url)
    assert report["problems"] == []
    assert report["by_action"]["sign"] == CASES
