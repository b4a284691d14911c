"""Benchmark: sealing reporter identity for the demo's bulk write (issue 8).

Generates the reporters of N demo cases the way the demo does (`case_texts.reporters`: the
hotline and window channels, ~38% of cases), then times, never asserting anything:

- {"name": "pii_seal_rows_per_s"}: `mapping.reporter_columns` (normalise, AES-256-GCM seal,
  HMAC blind index) over all of them, rows per second;
- {"name": "pii_seal_seconds", "floor", "ratio"}: its total time; the floor is the bare
  AES-GCM encryption of the same padded plaintexts (the cryptography library's own cost);
- {"name": "pii_open_rows_per_s"}: opening them again (what reveal/export/detail pay per row);
- {"name": "pii_reporters"}: rows sealed.

    python bench/pii.py [--cases 1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np


def _emit(**figure) -> None:
    print(json.dumps(figure), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()
    n = args.cases

    from commandcenter.demo import case_draw, case_texts
    from commandcenter.store.crypto import IdentityCipher, KeySet, _pack
    from commandcenter.store.mapping import reporter_columns

    rng = np.random.default_rng(20191217)
    mix = case_draw.CHANNEL_MIX
    p = np.array([mix.get(c, 0.0) for c in case_draw.CHANNELS])
    channel = rng.choice(len(case_draw.CHANNELS), size=n, p=p / p.sum())
    rep = case_texts.reporters(rng, channel, n)
    m = len(rep["case_id"])
    _emit(name="pii_reporters", value=m, unit="rows", n=n)

    cipher = IdentityCipher(KeySet.fresh(), "bench")
    started = time.perf_counter()
    cols = reporter_columns(cipher, rep["case_id"], rep["name"], rep["phone"], rep["id_number"])
    seal = time.perf_counter() - started

    # floor: the library's AES-GCM alone on the same plaintexts, nonces made in one call
    plains = [_pack(a, b, c) for a, b, c in zip(rep["name"], rep["phone"], rep["id_number"])]
    enc = cipher._aead[cipher.key_id].encrypt
    nonces = os.urandom(12 * m)
    started = time.perf_counter()
    for i, pt in enumerate(plains):
        enc(nonces[i * 12:i * 12 + 12], pt, b"cc-pii-v1|bench|1")
    floor = time.perf_counter() - started

    _emit(name="pii_seal_rows_per_s", value=round(m / seal), unit="rows/s", n=n)
    _emit(name="pii_seal_seconds", value=round(seal, 3), unit="s", n=n,
          floor=round(floor, 3), ratio=round(seal / floor, 2))
    started = time.perf_counter()
    for cid, blob in zip(cols["case_id"], cols["identity_ct"]):
        cipher.open(cid, blob, cipher.key_id)
    opened = time.perf_counter() - started
    _emit(name="pii_open_rows_per_s", value=round(m / opened), unit="rows/s", n=n)


if __name__ == "__main__":
    main()
