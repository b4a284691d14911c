"""AppContext: opening (with or without migrating), lazy reference data, the centre's clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from commandcenter.domain.calendar import TimeLimit, TimeUnit
from commandcenter.domain.vocabulary import Role, Stage
from commandcenter.services.cases import CODE_PREFIX_SETTING, CaseService
from commandcenter.services.context import AppContext, china_now
from commandcenter.store import migrate
from commandcenter.store.reference import CENTRE_CODE

from .conftest import DISTRICT, GRID, INTAKE, STREET, STREET_CENTRE
from .test_cases import hotline


def test_open_migrates_an_empty_database(db_url):
    with AppContext.open(db_url) as ctx:
        assert migrate.is_at_head(ctx.engine)
        assert ctx.dialect_name in ("sqlite", "postgresql") and ctx.url == db_url


def test_open_without_migrate_refuses_an_unmigrated_database(db_url):
    with pytest.raises(RuntimeError, match="migrate"):
        AppContext.open(db_url, migrate=False)
    AppContext.open(db_url).close()
    AppContext.open(db_url, migrate=False).close()


def test_shipped_reference_data_is_used(ctx):
    assert ctx.catalogue.has_minor("0101")
    # stage limits come from resources/catalogue/stage_limits.json, not the built-in defaults
    assert ctx.lifecycle.stage_limits[Stage.ACCEPT] == TimeLimit(0.5, TimeUnit.WORKING_HOURS)
    assert ctx.calendar.is_working_day(datetime(2024, 3, 4).date())


def test_organisation_is_loaded_from_the_database(org):
    ctx = org
    organisation = ctx.organisation
    assert organisation.district.code == "320104"
    assert organisation.territorial_unit(STREET).code == STREET_CENTRE
    assert organisation.street_team(STREET, "urban").code == f"{STREET}-CGB"  # team from units.team
    assert [w.grid_codes for w in organisation.workers_of(GRID)] == [(GRID,)]
    assert [m.role for m in organisation.members_of(DISTRICT)] == [Role.DISPATCHER]
    assert ctx.organisation is organisation  # cached until reloaded


def test_default_centre_comes_from_settings_then_units_then_the_shipped_code(ctx, org):
    with ctx.unit_of_work() as uow:
        assert ctx.default_centre(uow) == DISTRICT  # the units table
    with ctx.unit_of_work(write=True) as uow:
        uow.settings.put(CENTRE_CODE, STREET_CENTRE)
        uow.settings.put(CODE_PREFIX_SETTING, "FZM")
    ref = CaseService(ctx).report(hotline(received_at=datetime(2024, 5, 6, 10, 0)), INTAKE)
    assert ref.code == "FZM20240506000001"
    assert CaseService(ctx).detail(ref.id).owner_centre == STREET_CENTRE


def test_default_centre_without_any_organisation(ctx):
    with ctx.unit_of_work() as uow:
        assert ctx.default_centre(uow) == "QZX"


def test_china_now_is_naive_local_time():
    now = china_now()
    assert now.tzinfo is None
    utc = datetime.now(UTC).replace(tzinfo=None)
    assert abs(now - (utc + timedelta(hours=8))) < timedelta(seconds=5)


def test_loading_the_catalogue_imports_no_pandas(tmp_path):
    """ctx.catalogue is on the start-up path (the board's first query): reading the synced
    catalogue must not pull in the reference-sync machinery or pandas."""
    import json
    import subprocess
    import sys

    from commandcenter.domain.catalogue import Catalogue
    from commandcenter.services.context import AppContext
    from commandcenter.store.reference import (
        CATALOGUE_SETTING,
        CATALOGUE_VERSION_SETTING,
        put_document,
    )

    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    with AppContext.open(url) as ctx, ctx.unit_of_work(write=True) as uow:
        # a synced catalogue in the database: the branch that parses it runs too
        put_document(uow.session, CATALOGUE_SETTING, CATALOGUE_VERSION_SETTING,
                     json.loads(json.dumps(Catalogue.load().to_dict())), "0" * 64)
    code = ("import sys\n"
            "from commandcenter.services.context import AppContext\n"
            f"ctx = AppContext.open('{url}')\n"
            "assert len(ctx.catalogue.minors) > 50\n"
            "assert ctx.catalogue.source.startswith('database')\n"
            "ctx.close()\n"
            "print(sorted(m for m in ('pandas', 'commandcenter.sync.reference_catalogue')"
            " if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
