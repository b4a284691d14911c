"""Each shipped profile against the real exports in ../shared/data: exact counts and reasons.

The counts are checked against an independent pandas reading of the same file, so a wrong
number here means the importer, not the expectation, moved.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from commandcenter.store.models import Case
from commandcenter.sync.importer import import_file


def _by_state(ctx, source):
    with ctx.unit_of_work() as uow:
        return dict(uow.session.execute(select(Case.state, func.count()).where(
            Case.source == source).group_by(Case.state)).all())


def test_la311(store, data_dir):
    res = import_file(store, data_dir / "la311_2020-01_10k.csv")
    assert (res.profile, res.total, res.imported, res.quarantined) == ("la311", 10000, 10000, 0)
    assert _by_state(store, "la311") == {"closed": 9723, "void": 244, "pending_accept": 16,
                                         "in_progress": 15, "dispatched": 2}
    with store.unit_of_work() as uow:
        no_coords = uow.session.execute(select(func.count()).where(
            Case.source == "la311", Case.lon.is_(None))).scalar_one()
        graffiti = uow.session.execute(select(func.count()).where(
            Case.source == "la311", Case.minor_code == "0201")).scalar_one()
    assert no_coords == 11 and graffiti == 2628


def test_nyc311(store, data_dir):
    path = data_dir / "nyc311_sample_1000.csv"
    raw = pd.read_csv(path, dtype=str)
    fmt = "%m/%d/%Y %I:%M:%S %p"
    created = pd.to_datetime(raw["Created Date"], format=fmt)
    closed = pd.to_datetime(raw["Closed Date"], format=fmt)
    backwards = int((closed.dt.normalize() < created.dt.normalize()).sum())
    assert backwards == 10
    res = import_file(store, path)
    assert (res.profile, res.imported, res.quarantined) == ("nyc311", 990, 10)
    assert res.reasons == {"closed_before_reported": 10}
    with store.unit_of_work() as uow:
        no_coords = uow.session.execute(select(func.count()).where(
            Case.source == "nyc311", Case.lon.is_(None))).scalar_one()
    assert no_coords == int(raw.loc[~(closed.dt.normalize() < created.dt.normalize()),
                                    "Latitude"].isna().sum())


def test_boston311(store, data_dir):
    res = import_file(store, data_dir / "boston311_100.csv")
    assert (res.profile, res.imported, res.quarantined) == ("boston311", 100, 0)
    assert _by_state(store, "boston311") == {"closed": 85, "in_progress": 15}


def test_nyc_council_first_20k_rows(store, data_dir):
    path = data_dir / "nyc_council_constituent_cases_2015-2025.csv.gz"
    raw = pd.read_csv(path, dtype=str, nrows=20000)
    assert int(raw["unique_key"].duplicated().sum()) == 1
    res = import_file(store, path, limit=20000)
    assert (res.profile, res.total, res.imported, res.quarantined) == (
        "nyc_council", 20000, 19999, 1)
    assert res.reasons == {"duplicate_external_id": 1}
    open_rows = int(raw.drop_duplicates("unique_key")["closedate"].isna().sum())
    states = _by_state(store, "nyc_council")
    assert states == {"closed": 19999 - open_rows, "pending_accept": open_rows}


@pytest.mark.parametrize("name", ["la311_2020-01_10k.csv", "boston311_100.csv"])
def test_reimport_of_a_real_file_writes_nothing(store, data_dir, name):
    import_file(store, data_dir / name)
    again = import_file(store, data_dir / name, force=True)
    assert again.imported == again.updated == again.conflicts == 0
    assert again.unchanged == again.total
