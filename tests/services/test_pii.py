"""services.pii: masked by default, reveal with role + reason + audit, export with identity,
de-identified sync export, retention purge, key information."""

from __future__ import annotations

import stat
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from commandcenter.domain.vocabulary import Channel, Role
from commandcenter.services import pii
from commandcenter.services.cases import CaseService
from commandcenter.services.dto import NewCase, ReporterInfo
from commandcenter.services.errors import PermissionDenied, ValidationError
from commandcenter.services.permissions import Principal, ScopeKind
from commandcenter.store import crypto_keys
from commandcenter.store.crypto import PiiKeyError
from commandcenter.store.models_security import AuditEntry

from .conftest import DEPT, DISTRICT, GRID, INTAKE, STREET, STREET_CENTRE

NAME, PHONE, ID_NUMBER = "张三丰", "13812345678", "320104199001011235"
SECRETS = (NAME, PHONE, ID_NUMBER)


@pytest.fixture(autouse=True)
def _isolated_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMANDCENTER_KEY_DIR", str(tmp_path / "keys"))
    crypto_keys.forget_keys()
    yield
    crypto_keys.forget_keys()


def who(role: Role, *, scope=ScopeKind.DISTRICT, code=None, unit=DISTRICT, name=None):
    return Principal(user_id=1, username=name or f"u-{role.value}", display_name="测试",
                     role=role, scope_kind=scope, scope_code=code, unit_code=unit)


@pytest.fixture
def case_id(org, clock):
    ctx = org
    ref = CaseService(ctx).report(NewCase(
        channel=Channel.HOTLINE_12345, title="占道经营", address="夫子庙贡院街", grid_code=GRID,
        reporter=ReporterInfo(NAME, PHONE, ID_NUMBER)), INTAKE)
    return ref.id


def audit_rows(ctx, action=None):
    with ctx.unit_of_work() as uow:
        q = select(AuditEntry).order_by(AuditEntry.seq)
        q = q.where(AuditEntry.action == action) if action else q.where(
            AuditEntry.action.like("pii.%"))
        return [(r.action, r.actor, r.case_id, r.detail) for r in uow.session.execute(q).scalars()]


def test_detail_shows_the_reporter_masked(ctx, case_id):
    r = CaseService(ctx).detail(case_id).reporter
    assert (r.name, r.phone, r.id_number, r.status) == ("张**", "138****5678",
                                                        "3201**********1235", "ok")


@pytest.mark.parametrize("principal", [
    who(Role.ADMIN),
    who(Role.DISPATCHER),
    who(Role.CALLBACK_OPERATOR),
    who(Role.SHIFT_LEADER, scope=ScopeKind.STREET, code=STREET, unit=STREET_CENTRE),
], ids=["admin", "dispatcher", "callback", "street-leader"])
def test_allowed_roles_reveal_and_every_reveal_is_audited(ctx, case_id, principal):
    ctx.principal = principal
    got = pii.reveal(ctx, case_id, "回访核实诉求，电话13812345678")
    assert (got.name, got.phone, got.id_number) == SECRETS and got.case_id == case_id
    assert NAME not in repr(got)
    [(action, actor, cid, detail)] = audit_rows(ctx, "pii.reveal")
    assert (action, actor, cid) == ("pii.reveal", principal.username, case_id)
    assert "回访核实诉求" in detail and f'"role":"{principal.role.value}"' in detail
    assert all(s not in detail for s in SECRETS)  # the phone typed into the reason is masked


@pytest.mark.parametrize("principal, code", [
    (who(Role.HANDLING_UNIT, scope=ScopeKind.UNIT, code=DEPT, unit=DEPT), "wrong_role"),
    (who(Role.GRID_WORKER), "wrong_role"),
    (who(Role.SUPERVISOR), "wrong_role"),
    (who(Role.VIEWER), "wrong_role"),
    (who(Role.DISPATCHER, scope=ScopeKind.STREET, code="320104002", unit="320104002-ZX"),
     "out_of_scope"),
], ids=["handling-unit", "grid-worker", "supervisor", "viewer", "other-street"])
def test_other_roles_and_scopes_are_refused_and_the_attempt_is_audited(ctx, case_id,
                                                                      principal, code):
    ctx.principal = principal
    with pytest.raises(PermissionDenied) as refused:
        pii.reveal(ctx, case_id, "想看看")
    assert refused.value.code == code
    assert audit_rows(ctx, "pii.reveal") == []
    [(_, actor, cid, detail)] = audit_rows(ctx, "pii.reveal_denied")
    assert (actor, cid) == (principal.username, case_id) and code in detail


def test_nobody_reveals_anonymously(ctx, case_id):
    ctx.principal = None
    with pytest.raises(PermissionDenied) as refused:
        pii.reveal(ctx, case_id, "系统")
    assert refused.value.code == "sign_in_required"


def test_an_admin_grant_lets_a_supervisor_reveal_until_revoked(ctx, case_id):
    ctx.principal = who(Role.ADMIN, name="admin")
    pii.grant_reveal(ctx, "sup", "专项督查需要核实来电人")
    ctx.principal = who(Role.SUPERVISOR, name="sup")
    assert pii.reveal(ctx, case_id, "专项督查核实").phone == PHONE
    with pytest.raises(PermissionDenied):
        pii.grant_reveal(ctx, "sup", "自己给自己")
    ctx.principal = who(Role.ADMIN, name="admin")
    pii.revoke_reveal(ctx, "sup")
    ctx.principal = who(Role.SUPERVISOR, name="sup")
    with pytest.raises(PermissionDenied):
        pii.reveal(ctx, case_id, "专项督查核实")
    assert [a for a, *_ in audit_rows(ctx)] == ["pii.grant", "pii.reveal", "pii.revoke",
                                                "pii.reveal_denied"]


@pytest.mark.parametrize("reason, code", [
    ("", "reason_missing"), ("   ", "reason_missing"), ("看", "reason_too_short"),
    ("1234", "reason_too_short"), ("核" * 201, "reason_too_long"),
])
def test_a_reason_is_required_and_checked(ctx, case_id, reason, code):
    ctx.principal = who(Role.DISPATCHER)
    with pytest.raises(ValidationError) as bad:
        pii.reveal(ctx, case_id, reason)
    assert bad.value.code == code and bad.value.field == "reason"
    assert audit_rows(ctx) == []


def test_a_missing_key_shows_unavailable_and_refuses_reveal(ctx, case_id, tmp_path):
    for f in (tmp_path / "keys").iterdir():
        f.unlink()
    crypto_keys.forget_keys()
    assert CaseService(ctx).detail(case_id).reporter.status == "unavailable"
    ctx.principal = who(Role.ADMIN)
    with pytest.raises(PiiKeyError):
        pii.reveal(ctx, case_id, "核实")
    assert audit_rows(ctx, "pii.reveal") == []  # nothing was seen, nothing recorded


def test_export_with_identity_needs_the_role_and_is_audited(ctx, case_id, tmp_path):
    out = tmp_path / "identity.csv"
    ctx.principal = who(Role.DISPATCHER)
    with pytest.raises(PermissionDenied):
        pii.export_identity(ctx, [case_id], out, "上级调阅")
    assert not out.exists()
    ctx.principal = who(Role.SHIFT_LEADER, scope=ScopeKind.STREET, code="320104002",
                        unit="320104002-ZX")
    with pytest.raises(PermissionDenied) as refused:
        pii.export_identity(ctx, [case_id], out, "上级调阅")
    assert refused.value.code == "out_of_scope" and not out.exists()
    assert pii.export_identity(ctx, {"street_code": STREET}, out, "上级调阅") == 0
    ctx.principal = who(Role.ADMIN, name="admin")
    assert pii.export_identity(ctx, {"street_code": STREET}, out, "信访件上级调阅") == 1
    body = out.read_text(encoding="utf-8-sig")
    assert all(s in body for s in SECRETS) and body.startswith("case_code,")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    exports = audit_rows(ctx, "pii.export")  # the street leader's empty export is logged too
    assert [(a, '"rows":0' in d) for _, a, _, d in exports] == [
        ("u-shift_leader", True), ("admin", False)]
    assert f"[{case_id}]" in exports[1][3] and PHONE not in exports[1][3]
    with pytest.raises(ValidationError):
        pii.export_identity(ctx, {"colour": "red"}, out, "调阅")


def test_the_district_sync_export_carries_no_identity(ctx, case_id, tmp_path):
    from commandcenter.sync.export import export_changes

    export_changes(ctx, tmp_path / "outbox", formats=("csv", "xlsx", "open311"))
    files = list((tmp_path / "outbox").iterdir())
    assert files
    blob = b"".join(f.read_bytes() for f in files)
    import zipfile

    for f in files:
        if f.suffix == ".xlsx":
            with zipfile.ZipFile(f) as z:
                blob += b"".join(z.read(n) for n in z.namelist())
    # control: the case itself is exported (else an empty export would pass)
    assert CaseService(ctx).detail(case_id).code.encode() in blob
    for secret in SECRETS:
        for enc in ("utf-8", "gb18030"):
            assert secret.encode(enc) not in blob, (secret, enc)


def test_purge_removes_identity_of_old_closed_cases_only(ctx, case_id, clock):
    fresh = CaseService(ctx).report(NewCase(
        channel=Channel.HOTLINE_12345, title="噪音", address="贡院街", grid_code=GRID,
        reporter=ReporterInfo("李四", "13900000000")), INTAKE).id
    with ctx.unit_of_work(write=True) as uow:
        uow.session.execute(text("UPDATE cases SET state = 'closed', closed_at = :at "
                                 "WHERE id = :id"),
                            {"at": clock.at - timedelta(days=400), "id": case_id})
        uow.session.execute(text("UPDATE cases SET state = 'closed', closed_at = :at "
                                 "WHERE id = :id"),
                            {"at": clock.at - timedelta(days=10), "id": fresh})
    ctx.principal = who(Role.DISPATCHER)
    with pytest.raises(PermissionDenied):
        pii.purge_identity(ctx, 365)
    ctx.principal = None
    with pytest.raises(ValidationError):
        pii.purge_identity(ctx, 0)
    assert pii.purge_identity(ctx, 365) == 1
    service = CaseService(ctx)
    assert service.detail(case_id).reporter.status == "purged"
    assert service.detail(case_id).title == "占道经营"  # the case stays
    assert service.detail(fresh).reporter.name == "李*"
    [(_, actor, _, detail)] = audit_rows(ctx, "pii.purge")
    assert actor == "system" and '"reporters":1' in detail
    assert pii.key_info(ctx)["purged_rows"] == 1


def test_retention_setting_is_the_default_period(ctx):
    assert pii.retention_days(ctx) == pii.DEFAULT_RETENTION_DAYS
    with ctx.unit_of_work(write=True) as uow:
        uow.settings.put(pii.RETENTION_SETTING, "30")
    assert pii.retention_days(ctx) == 30


def test_key_info_names_the_key_and_never_shows_it(ctx, case_id):
    info = pii.key_info(ctx)
    assert info["key_present"] and info["current_key"] in info["key_ids"]
    assert info["sealed_rows_by_key"] == {info["current_key"]: 1} and info["missing_keys"] == []
    assert "key file folder" in info["store"] and info["database_id"]
    keyset = crypto_keys.default_store().load(info["database_id"])
    assert keyset.keys[info["current_key"]].hex() not in repr(info)


def test_only_an_admin_rotates_the_key_and_old_rows_stay_readable(ctx, case_id):
    before = pii.key_info(ctx)["current_key"]
    ctx.principal = who(Role.SHIFT_LEADER)
    with pytest.raises(PermissionDenied) as denied:
        pii.rotate_key(ctx)
    assert denied.value.code == "wrong_role" and pii.key_info(ctx)["current_key"] == before
    ctx.principal = who(Role.ADMIN)
    keyset = pii.rotate_key(ctx)
    assert keyset.current != before and set(keyset.keys) == {before, keyset.current}
    assert pii.reveal(ctx, case_id, "回访核实诉求").phone == PHONE


def test_what_reports_and_kpis_read_carries_no_identity(ctx, case_id):
    """services.reports builds from services.kpi's frames: they never hold identity."""
    from commandcenter.services.kpi import fetch_by_ids, fetch_cases

    cases = fetch_cases(ctx)
    events = fetch_by_ids(ctx, [case_id])[1]
    assert len(cases) == 1 and len(events) >= 1
    text_dump = cases.astype(str).to_csv() + events.astype(str).to_csv()
    assert GRID in text_dump  # control: the frames do carry the case's data
    assert all(s not in text_dump for s in SECRETS)
