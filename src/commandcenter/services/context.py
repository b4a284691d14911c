"""The application context: one database, its session factory and the domain's shared pieces.

    ctx = AppContext.open("sqlite:////path/cc.sqlite3")   # migrates to head by default
    ...
    ctx.close()

Holds ``url``, ``dialect_name``, ``engine``, ``session_factory``, ``calendar``
(`BusinessCalendar.default()`), ``lifecycle`` (with the shipped stage limits when present),
and, loaded lazily on first use, ``catalogue`` and ``organisation`` (from the database;
`reload_organisation` after the organisation tables change).

The catalogue is the one the district's last applied categories file left in the database
(`store.reference.stored_catalogue`), else the shipped `Catalogue.load()`;
`reload_catalogue` after a categories file is applied. The responsibility rules (``rules``,
`current_rules`, `reload_rules`) work the same way with the district's rules file
(`store.reference.stored_rules`, else the shipped responsibility.json), and so does the grids
layer (``grid_layer``, `current_grid_layer`, `reload_grid_layer`: the boundaries intake, the
board's preview and the map use) with the district's grids file.

Retired units (issue 6, reference sync): a unit the district's export no longer lists keeps its
row (closed cases and history still name it), so ``organisation`` still holds it and resolves
its name. ``retired_units`` are their codes (`sync.reference.retired_units`, read with the
organisation) and ``active_organisation`` is the organisation without them: what dispatch,
whistles and routing offer. Both are cached with the organisation and reloaded with it; a
write that must not target a retired unit checks the database itself, not this cache.

One context is shared by every thread of the application; it keeps no session of its own.
Each task opens its own unit of work (`unit_of_work`). ``now()`` is the centre's local time
(China Standard Time, naive), whatever the machine's time zone; tests may replace it.

``principal`` is the signed-in user (`services.permissions.Principal`) or None for trusted
system use (installer CLI commands, demo seeding, sync, tests that do not care); the services
enforce permissions when it is set. The GUI sets it once after sign-in.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from commandcenter.domain.calendar import BusinessCalendar, TimeLimit
from commandcenter.domain.catalogue import Catalogue, load_stage_limits
from commandcenter.domain.lifecycle import Lifecycle
from commandcenter.domain.org import Organisation, OrgError
from commandcenter.domain.routing import ResponsibilityCatalogue
from commandcenter.domain.vocabulary import Stage, UnitKind
from commandcenter.resources import resource_path
from commandcenter.store.engine import make_engine, make_session_factory
from commandcenter.store.migrate import ensure_schema
from commandcenter.store.reference import CENTRE_CODE
from commandcenter.store.uow import UnitOfWork

if TYPE_CHECKING:
    from commandcenter.geo.layers import Layer

    from .permissions import Principal

log = logging.getLogger(__name__)

CST_OFFSET = timedelta(hours=8)  # China Standard Time, no DST


def china_now() -> datetime:
    """Now in the centre's local time (UTC+8), naive, to the second."""
    return (datetime.now(UTC) + CST_OFFSET).replace(tzinfo=None, microsecond=0)


def _shipped_stage_limits() -> Mapping[Stage, TimeLimit] | None:
    path = resource_path("catalogue", "stage_limits.json")
    if not path.exists():
        log.warning("no %s: using the lifecycle's built-in stage limits", path)
        return None
    return load_stage_limits(path)


class AppContext:
    def __init__(
        self,
        url: str,
        engine: Engine,
        *,
        calendar: BusinessCalendar | None = None,
        catalogue: Catalogue | None = None,
        stage_limits: Mapping[Stage, TimeLimit] | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.url = url
        self.engine = engine
        self.dialect_name: str = engine.dialect.name
        self.session_factory: sessionmaker[Session] = make_session_factory(engine)
        self.calendar = calendar or BusinessCalendar.default()
        limits = stage_limits if stage_limits is not None else _shipped_stage_limits()
        self.lifecycle = Lifecycle(self.calendar, stage_limits=limits)
        self.now: Callable[[], datetime] = now or china_now
        self._catalogue = catalogue
        self._catalogue_version: str | None = None  # of the synced catalogue it was read at
        self._rules: ResponsibilityCatalogue | None = None
        self._rules_version: str | None = None  # of the synced rules they were read at
        self._grid_layer: Layer | None = None
        self._grid_layer_version: tuple[str | None, str] | None = None  # (file SHA, day)
        self._organisation: Organisation | None = None
        self._retired: frozenset[str] | None = None
        self._active_organisation: Organisation | None = None
        self.principal: Principal | None = None
        self._lock = threading.Lock()

    @classmethod
    def open(cls, url: str, *, migrate: bool = True, **kwargs: Any) -> AppContext:
        """Connect to ``url`` and check the schema: upgrade it when behind (``migrate=True``),
        else raise if it is not at head. Keyword arguments go to the constructor."""
        engine = make_engine(url)
        try:
            ensure_schema(engine, migrate=migrate)
        except BaseException:
            engine.dispose()
            raise
        return cls(url, engine, **kwargs)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> AppContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def unit_of_work(self, *, write: bool = False) -> UnitOfWork:
        return UnitOfWork(self.session_factory, write=write)

    # ------------------------------------------------------------------ lazy reference data
    @property
    def catalogue(self) -> Catalogue:
        catalogue = self._catalogue
        return catalogue if catalogue is not None else self.reload_catalogue()

    @catalogue.setter
    def catalogue(self, value: Catalogue) -> None:
        with self._lock:
            self._catalogue = value

    @staticmethod
    def _read_catalogue(session: Any) -> tuple[Catalogue, str | None]:
        from commandcenter.store.reference import (  # no pandas: start-up path
            stored_catalogue,
            stored_catalogue_version,
        )

        return (stored_catalogue(session) or Catalogue.load(),
                stored_catalogue_version(session))

    def reload_catalogue(self) -> Catalogue:
        """Load the catalogue again (a categories file was applied) and swap it in: a reader
        never finds it empty (and never loads it on its own thread)."""
        with self.unit_of_work() as uow:
            return self._swap_in("catalogue", *self._read_catalogue(uow.session))

    def _swap_in(self, name: str, fresh: Any, version: Any) -> Any:
        """Cache a synced document (``name``: catalogue, rules or grid_layer) read at
        ``version`` (the stored file's SHA-256, None for the shipped one)."""
        with self._lock:  # the read ran outside the lock: no thread waits on another's query
            setattr(self, f"_{name}", fresh)
            setattr(self, f"_{name}_version", version)
        return fresh

    def _current(self, name: str, session: Any, version: Any,
                 read: Callable[[Any], tuple[Any, str | None]]) -> Any:
        with self._lock:
            cached = getattr(self, f"_{name}")
            if cached is not None and version == getattr(self, f"_{name}_version"):
                return cached
        return self._swap_in(name, *read(session))

    def current_catalogue(self, session: Any) -> Catalogue:
        """The catalogue as the database holds it now, read in the caller's transaction: the
        cached one unless another workstation applied a categories file since it was loaded
        (one small settings read; write paths that apply standards call this)."""
        from commandcenter.store.reference import stored_catalogue_version

        return self._current("catalogue", session, stored_catalogue_version(session),
                             self._read_catalogue)

    # The responsibility rules, like the catalogue: the district's last applied rules file
    # (`store.reference.stored_rules`), else the shipped responsibility.json.
    @property
    def rules(self) -> ResponsibilityCatalogue:
        rules = self._rules
        return rules if rules is not None else self.reload_rules()

    @staticmethod
    def _read_rules(session: Any) -> tuple[ResponsibilityCatalogue, str | None]:
        from commandcenter.store.reference import stored_rules, stored_rules_version

        return (stored_rules(session) or ResponsibilityCatalogue.load(),
                stored_rules_version(session))

    def reload_rules(self) -> ResponsibilityCatalogue:
        """Load the responsibility rules again (a rules file was applied) and swap them in."""
        with self.unit_of_work() as uow:
            return self._swap_in("rules", *self._read_rules(uow.session))

    def current_rules(self, session: Any) -> ResponsibilityCatalogue:
        """The rules as the database holds them now (the cached ones unless another
        workstation applied a rules file since they were loaded: one small settings read;
        routing suggestions call this)."""
        from commandcenter.store.reference import stored_rules_version

        return self._current("rules", session, stored_rules_version(session), self._read_rules)

    # The grids' boundaries, like the catalogue: the layer the district's last applied grids
    # file left (`store.reference.GRIDS_SETTING`), else the shipped grids.geojson; without
    # the grids retired on the day it was loaded (`geo.layers.grids_in_force`).
    @property
    def grid_layer(self) -> Layer:
        layer = self._grid_layer
        return layer if layer is not None else self.reload_grid_layer()

    def _read_grid_layer(self, session: Any) -> tuple[Layer, tuple[str | None, str]]:
        from commandcenter.geo.layers import grids_in_force
        from commandcenter.store.reference import (
            GRIDS_SETTING,
            GRIDS_SOURCE,
            stored_document,
            stored_grids_version,
        )

        version = stored_grids_version(session)
        document = stored_document(session, GRIDS_SETTING) if version is not None else None
        day = self.now().date()
        # kept for that file and that day: a grid starting or ending tomorrow changes the layer
        return (grids_in_force(document, day, source=GRIDS_SOURCE),
                (version, day.isoformat()))

    def reload_grid_layer(self) -> Layer:
        """Load the grids layer again (a grids file was applied) and swap it in."""
        with self.unit_of_work() as uow:
            return self._swap_in("grid_layer", *self._read_grid_layer(uow.session))

    def current_grid_layer(self, session: Any) -> Layer:
        """The grids layer as the database holds it now, in force today (the cached one unless
        another workstation applied a grids file since it was loaded or the day changed: one
        small settings read)."""
        from commandcenter.store.reference import stored_grids_version

        return self._current("grid_layer", session,
                             (stored_grids_version(session), self.now().date().isoformat()),
                             self._read_grid_layer)

    @property
    def organisation(self) -> Organisation:
        """Every unit, retired ones included (their names still show in history)."""
        with self._lock:
            return self._load_organisation()

    @property
    def retired_units(self) -> frozenset[str]:
        """Codes of the units the reference sync retired (cached with the organisation)."""
        with self._lock:
            self._load_organisation()
            return self._retired or frozenset()

    @property
    def active_organisation(self) -> Organisation:
        """The organisation without its retired units (see the module docstring). Should that
        not validate (a unit retired before retirements were guarded still has units below
        it), the whole organisation is used and callers' own retired filters still apply."""
        with self._lock:
            org = self._load_organisation()
            retired = self._retired or frozenset()
            if self._active_organisation is None:
                if not any(u.code in retired for u in org.units):
                    self._active_organisation = org
                else:
                    try:
                        self._active_organisation = Organisation(
                            org.district, org.streets, org.communities, org.grids,
                            [u for u in org.units if u.code not in retired], org.members,
                            org.workers)
                    except OrgError as exc:
                        log.warning("retired units leave the organisation inconsistent (%s); "
                                    "offering from the whole organisation", exc)
                        self._active_organisation = org
            return self._active_organisation

    def _load_organisation(self) -> Organisation:
        """Under ``_lock``: the organisation and the retired units, read together."""
        if self._organisation is None or self._retired is None:
            from commandcenter.sync.reference import retired_units

            with self.unit_of_work() as uow:
                if self._organisation is None:
                    self._organisation = uow.org.load_organisation(self.now().date())
                self._retired = frozenset(retired_units(uow.session))
            self._active_organisation = None
        return self._organisation

    def reload_organisation(self) -> Organisation:
        with self._lock:
            self._organisation = None
            self._retired = None
            self._active_organisation = None
        return self.organisation

    def default_centre(self, uow: UnitOfWork) -> str:
        """This database's command centre: the ``centre_code`` setting, else the district centre
        unit in the units table, else the shipped district centre's code."""
        code = uow.settings.get(CENTRE_CODE)
        if code:
            return code
        centres = uow.org.units_of_kind(UnitKind.DISTRICT_CENTRE)
        if centres:
            return centres[0]
        from commandcenter.settings import DISTRICT_CENTRE_CODE

        return DISTRICT_CENTRE_CODE
