"""Column-wise JSON building equals json.dumps row by row (the importer's payloads and bases)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from commandcenter.sync.bulk import json_objects


def test_json_objects_equal_json_dumps_per_row():
    s = pd.Series(["a", 'q"x', None, "中文\\", "t\tab"], dtype=object)
    f = pd.Series([1.5, np.nan, 118.7912345678, 32.0, -0.25])
    d = pd.Series(pd.to_datetime(["2026-03-05 14:02:00", None, "2026-01-01 00:00:00", None,
                                  "2025-12-31 23:59:59"]))
    n = pd.Series([1, 2, 3, 4, 5])
    got = json_objects({"s": s, "f": f, "d": d, "n": n, "常量": "秦淮"})
    for i, text in enumerate(got):
        want = {"s": s[i], "f": None if pd.isna(f[i]) else round(float(f[i]), 6),
                "d": None if pd.isna(d[i]) else d[i].strftime("%Y-%m-%d %H:%M:%S"),
                "n": int(n[i]), "常量": "秦淮"}
        assert text == json.dumps(want, ensure_ascii=False)
        assert json.loads(text) == want


def test_json_objects_of_clean_text_columns():
    s = pd.Series(["a", None, "b"], dtype="str")
    assert json_objects({"s": s}) == ['{"s": "a"}', '{"s": null}', '{"s": "b"}']
