"""Case commands and queries: the only way ui/ and cli.py change or read a case.

Contracts
- Each command is one unit of work (one transaction): it writes everything or nothing, and
  never writes twice.
- `report` numbers the case (``<prefix><yyyymmdd><6 digits>``, prefix "QH" unless the settings
  table says ``case_code_prefix``), applies `Lifecycle.report` and then the system's screening
  (duplicate detection comes later), so a new case lands in PENDING_ACCEPT at version 1.
- `transition` builds the command from primitives (`command_from_dict`), completes it from
  reference data (``register``: the handling limit from the catalogue's filing standard, the area
  class from the case's grid; ``dispatch``: whether the unit is a command centre, from the units
  table), applies the lifecycle and saves with the optimistic version check against
  ``expected_version`` (default: the version read in the same transaction).
  Raises `TransitionError` (domain refusal or unusable parameters, code ``bad_input``),
  `ConflictError` (stale version or lost race: nothing written), `CaseNotFoundError`.
- Queries return plain dataclasses (`dto`); reporter identity only ever leaves masked here.
- Permissions (issue 8): when ``ctx.principal`` is set, `report` needs the REPORT right and a
  new case inside the principal's scope, `transition` the ACT right and a case in scope, and
  both act only as the principal's own actor; `detail` needs the case in scope. Refusals raise
  `PermissionDenied` before anything is written (see `permissions`).
- Audit: every successful `report` ("case.report") and `transition` ("case.<action>") appends
  an audit entry in the same transaction (actor: the signed-in username, else the actor id).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from commandcenter.domain import commands as c
from commandcenter.domain.case import Actor, TransitionError
from commandcenter.domain.catalogue import CatalogueError
from commandcenter.domain.commands import command_from_dict
from commandcenter.domain.vocabulary import AreaClass, Channel, Level, UnitKind
from commandcenter.store.mapping import snapshot_of
from commandcenter.store.records import CaseContent, CaseRecord, ReporterRecord, StaleVersionError
from commandcenter.store.repository import DEFAULT_CODE_PREFIX
from commandcenter.store.seq import current_value
from commandcenter.store.uow import UnitOfWork

from . import audit
from .context import AppContext
from .dto import CaseDetail, CaseRef, ChangeBatch, MaskedReporter, NewCase, TransitionResult
from .errors import ConflictError, PermissionDenied
from .permissions import Right, check_act, check_actor, check_read, in_scope, require

CODE_PREFIX_SETTING = "case_code_prefix"


# Command fields naming the units a case is sent to (RateCheckIn's unit only rates a check-in).
_TARGET_FIELDS = ("unit", "co_handlers", "departments", "lead_unit", "units")
_TARGETING = frozenset({"dispatch", "whistle", "request_co_handling", "add_co_handlers"})


def target_units(action: str, params: Mapping[str, Any]) -> tuple[str, ...]:
    """The units ``action`` with ``params`` would send a case to (none for other actions, or
    for parameters the case service will refuse as bad input anyway)."""
    if action not in _TARGETING:
        return ()
    try:
        command = command_from_dict(action, dict(params))
    except (ValueError, TypeError):
        return ()
    out: list[str] = []
    for name in _TARGET_FIELDS:
        value = getattr(command, name, None)
        for code in (value,) if isinstance(value, str) else (value or ()):
            if code and code not in out:
                out.append(code)
    return tuple(out)


def refuse_retired_targets(session: Any, codes: tuple[str, ...]) -> None:
    """Raise `TransitionError` ``bad_input`` (``reason="retired_unit"``) when any of ``codes``
    was retired by the district's reference data (sync.reference)."""
    if not codes:
        return
    from commandcenter.sync.reference import retired_units  # services -> sync: import late

    retired = retired_units(session)
    gone = [code for code in codes if code in retired]
    if gone:
        raise TransitionError(
            "bad_input", f"unit {', '.join(gone)} has been retired by the district's reference "
            "data and no longer takes cases; choose another unit",
            field="unit", reason="retired_unit", units=gone)


class CaseService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------------ commands
    def report(self, new: NewCase, actor: Actor) -> CaseRef:
        """Record a new case; it comes back in PENDING_ACCEPT at version 1."""
        ctx = self.ctx
        principal = ctx.principal
        require(principal, Right.REPORT)
        check_actor(principal, actor)
        at = new.received_at or ctx.now()
        with ctx.unit_of_work(write=True) as uow:
            owner = new.owner_centre or ctx.default_centre(uow)
            level = Level.STREET if uow.org.unit_kind(owner) is UnitKind.STREET_CENTRE else Level.DISTRICT
            reported = ctx.lifecycle.report(Channel(new.channel), owner, actor, at, level=level)
            screened = ctx.lifecycle.apply(reported.case, c.Screen(), Actor.system(), at)
            content = self._content(uow, new)
            if not in_scope(principal, street_code=content.street_code, lead_unit=None):
                raise PermissionDenied("out_of_scope", "the new case is outside your scope",
                                       street_code=content.street_code)
            created = uow.cases.create(
                content,
                screened.case,
                reported.events + screened.events,
                self._reporter(new),
                code_prefix=uow.settings.get(CODE_PREFIX_SETTING) or DEFAULT_CODE_PREFIX,
            )
            audit.record(uow.session, action="case.report", case_id=created.id, at=ctx.now(),
                         actor=audit.actor_name(ctx, actor.user_id),
                         detail={"code": created.code, "channel": str(new.channel),
                                 "actor_id": actor.user_id, "role": actor.role.value,
                                 "unit": actor.unit_code})
        return CaseRef(created.id, created.code, created.version, screened.case.state)

    def transition(
        self,
        case_id: int,
        action: str,
        params: dict[str, Any],
        actor: Actor,
        expected_version: int | None = None,
    ) -> TransitionResult:
        """Apply one lifecycle action to a case (see the module contract)."""
        try:
            command = c.command_from_dict(action, params)
        except (ValueError, TypeError) as exc:
            raise TransitionError("bad_input", str(exc), action=action) from None
        try:
            with self.ctx.unit_of_work(write=True) as uow:
                record = uow.cases.get(case_id)
                check_act(self.ctx.principal, record, actor)
                if expected_version is not None and record.version != expected_version:
                    raise StaleVersionError(case_id, expected_version, record.version)
                command = self._complete(uow, record, command, params)
                refuse_retired_targets(uow.session, target_units(action, params))
                done = self.ctx.lifecycle.apply(snapshot_of(record), command, actor, self.ctx.now())
                saved = uow.cases.save_transition(
                    case_id, record.version if expected_version is None else expected_version,
                    done.case, done.events,
                )
                audit.record(
                    uow.session, action=f"case.{command.ACTION}", case_id=case_id,
                    actor=audit.actor_name(self.ctx, actor.user_id), at=self.ctx.now(),
                    detail={"code": saved.code, "from": record.state.value,
                            "to": done.case.state.value, "version": saved.version,
                            "seq": saved.seq, "actor_id": actor.user_id,
                            "role": actor.role.value, "unit": actor.unit_code},
                )
        except StaleVersionError as stale:
            raise self._conflict(stale) from None
        return TransitionResult(
            case_id=case_id, code=saved.code, version=saved.version, from_state=record.state,
            to_state=done.case.state, seq=saved.seq, event=saved.events[-1],
        )

    # ------------------------------------------------------------------ queries
    def detail(self, case_id_or_code: int | str) -> CaseDetail:
        with self.ctx.unit_of_work() as uow:
            record = uow.cases.find(case_id_or_code)
            check_read(self.ctx.principal, record)
            reporter = uow.cases.reporter(record.id)
            events = uow.cases.events(record.id)
            duplicates = uow.cases.duplicates_of(record.id)
        columns = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
        return CaseDetail(
            **columns,
            reporter=MaskedReporter.of(reporter) if reporter is not None else None,
            events=events,
            duplicates=duplicates,
        )

    def current_seq(self) -> int:
        """The change sequence as committed now: the starting point of a change-feed reader."""
        with self.ctx.unit_of_work() as uow:
            return current_value(uow.session)

    def changed_since(self, seq: int) -> ChangeBatch:
        with self.ctx.unit_of_work() as uow:
            max_seq, ids = uow.cases.changed_since(seq)
        return ChangeBatch(max_seq, ids)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _reporter(new: NewCase) -> ReporterRecord | None:
        r = new.reporter
        if r is None:
            return None
        return ReporterRecord(name=r.name or None, phone=r.phone or None, id_number=r.id_number or None)

    @staticmethod
    def _content(uow: UnitOfWork, new: NewCase) -> CaseContent:
        street, community = new.street_code, new.community_code
        if new.grid_code and not (street and community):
            grid = uow.org.grid_row(new.grid_code)
            if grid is not None:
                street, community = street or grid[0], community or grid[1]
        return CaseContent(
            title=new.title, description=new.description, address=new.address, lon=new.lon,
            lat=new.lat, street_code=street, community_code=community, grid_code=new.grid_code,
            priority=new.priority, source=new.source, external_id=new.external_id,
        )

    def _complete(self, uow: UnitOfWork, record: CaseRecord, command: c.Command,
                  params: dict[str, Any]) -> c.Command:
        """Fill what a command takes from reference data rather than from the caller."""
        if isinstance(command, c.Register):
            return self._complete_register(uow, record, command, params)
        if isinstance(command, c.Dispatch) and command.unit:
            kind = uow.org.unit_kind(command.unit)
            if kind is None:
                raise TransitionError("bad_input", f"unknown unit {command.unit!r}",
                                      field="unit", unit=command.unit)
            return dataclasses.replace(command, unit_is_centre=kind.is_centre)
        return command

    def _complete_register(self, uow: UnitOfWork, record: CaseRecord, cmd: c.Register,
                           params: dict[str, Any]) -> c.Register:
        if not cmd.minor_code or not cmd.condition_id:
            return cmd  # the lifecycle reports what is missing
        area = cmd.area_class
        if "area_class" not in params and record.grid_code:
            grid = uow.org.grid_row(record.grid_code)
            area = grid[2] if grid is not None else AreaClass.B
        changes: dict[str, Any] = {"area_class": area}
        # as the database holds it now: another workstation may have applied a categories file
        catalogue = self.ctx.current_catalogue(uow.session)
        try:
            if cmd.handle_limit is None:
                changes["handle_limit"] = catalogue.limit(cmd.minor_code, cmd.condition_id, area)
            if "emergency" not in params:
                changes["emergency"] = catalogue.standard(cmd.minor_code).emergency
        except CatalogueError as exc:
            raise TransitionError("bad_input", str(exc), field="minor_code",
                                  minor_code=cmd.minor_code, condition_id=cmd.condition_id) from None
        return dataclasses.replace(cmd, **changes)

    def _conflict(self, stale: StaleVersionError) -> ConflictError:
        with self.ctx.unit_of_work() as uow:
            actual = uow.cases.version_of(stale.case_id)
            gone = actual is None
            changes = () if gone else uow.cases.events_since_version(stale.case_id, stale.expected)
            code = None if gone else uow.cases.get(stale.case_id).code
        return ConflictError(stale.case_id, stale.expected, actual, changes, code)
