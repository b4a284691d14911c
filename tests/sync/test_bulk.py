"""Column-wise writing: JSON building equals json.dumps row by row (the importer's payloads and
bases); bulk_insert writes shared values exactly."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    select,
)
from sqlalchemy.orm import Session

from commandcenter.sync.bulk import bulk_insert, json_objects


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


def test_bulk_insert_writes_shared_values_as_literals_exactly(tmp_path):
    meta = MetaData()
    t = Table("t", meta, Column("id", Integer, primary_key=True), Column("s", String),
              Column("q", String), Column("b", Boolean), Column("big", Integer),
              Column("f", Float), Column("none", String), Column("j", JSON, default=list),
              Column("z", String))
    engine = create_engine(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    meta.create_all(engine)
    with Session(engine) as s:
        bulk_insert(s, t, {"id": [1, 2, 3], "s": "O'Brien; DROP TABLE t; --", "q": "中文'\"",
                           "b": True, "big": -(1 << 63), "f": 0.1, "none": None,
                           "z": "a\x00b"}, 3)
        s.commit()
        got = s.execute(select(t).order_by(t.c.id)).all()
    assert [tuple(r) for r in got] == [
        (i, "O'Brien; DROP TABLE t; --", "中文'\"", True, -(1 << 63), 0.1, None, [], "a\x00b")
        for i in (1, 2, 3)]
    with Session(engine) as s:  # every value shared: the rows are still written
        bulk_insert(s, t, {"id": 9, "s": "x"}, 1)
        s.commit()
        assert s.execute(select(t.c.s).where(t.c.id == 9)).scalar_one() == "x"
