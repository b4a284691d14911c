"""Sync fixtures: template stores built once per session and copied for each test.

- `geo_db_file` (session): the demo district's geography and organisation, no cases.
- `cases_db_file` (session): the same with 300 generated demo cases.
- `store` / `store_with_cases`: an `AppContext` on a fresh copy (closed at teardown), with a
  fixed clock.
- `write_csv(path, header, rows, encoding)`: a small CSV writer for hand-made district files.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from commandcenter.settings import sqlite_url

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
NOW = datetime(2026, 3, 10, 9, 0)


def _build(path: Path, cases: int) -> Path:
    from commandcenter.demo import build_demo
    from commandcenter.services.context import AppContext

    ctx = AppContext.open(sqlite_url(path))
    try:
        build_demo(ctx, cases=cases)
    finally:
        ctx.close()
    return path


@pytest.fixture(scope="session")
def geo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("syncgeo") / "geo.sqlite3", 0)


@pytest.fixture(scope="session")
def cases_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("synccases") / "cases.sqlite3", 300)


def _open(template: Path, target: Path):
    from commandcenter.services.context import AppContext

    shutil.copyfile(template, target)
    return AppContext.open(sqlite_url(target), now=lambda: NOW)


@pytest.fixture
def store(geo_db_file: Path, tmp_path: Path) -> Iterator:
    ctx = _open(geo_db_file, tmp_path / "store.sqlite3")
    yield ctx
    ctx.close()


@pytest.fixture
def store_with_cases(cases_db_file: Path, tmp_path: Path) -> Iterator:
    ctx = _open(cases_db_file, tmp_path / "cases.sqlite3")
    yield ctx
    ctx.close()


def write_csv(path: Path, header: list[str], rows: list[list[object]],
              encoding: str = "utf-8") -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


@pytest.fixture
def data_dir() -> Path:
    if not (DATA / "la311_2020-01_10k.csv").exists():
        pytest.skip(f"real data not found in {DATA}")
    return DATA
