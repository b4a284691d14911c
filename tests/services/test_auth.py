"""Accounts: sign-in, lockout, rehash, password change, administration, bad input, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import select, text

from commandcenter.domain.vocabulary import Role
from commandcenter.services import audit, auth
from commandcenter.services.errors import (
    AuthenticationError,
    PermissionDenied,
    UserNotFoundError,
    ValidationError,
)
from commandcenter.services.permissions import ScopeKind
from commandcenter.store.models_security import User

from .conftest import COMMUNITY, DEPT, DISTRICT, STREET, STREET_CENTRE

PW = "Correct-Horse-9"
CHEAP = auth.AuthPolicy(max_failures=3, lock_minutes=10,
                        hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1,
                                              type=Type.ID))


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """Tests hash with small argon2id parameters (the real ones cost ~0.1 s per hash)."""
    monkeypatch.setattr(auth, "DEFAULT_POLICY", CHEAP)


@pytest.fixture
def accounts(ctx, org, clock):
    auth.add_user(ctx, "admin", "管理员", PW, Role.ADMIN)
    auth.add_user(ctx, "zhang", "张三", PW, Role.DISPATCHER, person_code="u-dispatch")
    auth.add_user(ctx, "fzm", "夫子庙街道", PW, Role.DISPATCHER, scope_kind="street",
                  scope_code=STREET)
    auth.add_user(ctx, "cgj", "城管局", PW, Role.HANDLING_UNIT, scope_kind="unit",
                  scope_code=DEPT)
    return ctx


def actions(ctx) -> list[tuple[str, str]]:
    return [(r.action, r.actor) for r in reversed(audit.query(ctx, action="auth.*"))]


def test_sign_in_resolves_the_principal(accounts):
    ctx = accounts
    p = auth.sign_in(ctx, " Zhang ", PW)
    assert (p.username, p.role, p.person_id, p.unit_code) == ("zhang", Role.DISPATCHER,
                                                              "u-dispatch", DISTRICT)
    assert p.actor().user_id == "u-dispatch" and p.actor().name == "张三"
    street = auth.sign_in(ctx, "fzm", PW)
    assert street.scope_kind is ScopeKind.STREET and street.unit_code == STREET_CENTRE
    assert {STREET_CENTRE, COMMUNITY} <= street.scope_units
    unit = auth.sign_in(ctx, "cgj", PW)
    assert unit.unit_code == DEPT and unit.actor().user_id == "cgj"
    admin = auth.sign_in(ctx, "admin", PW)
    assert admin.unit_code == DISTRICT  # the database's centre
    assert actions(ctx) == [("auth.sign_in", u) for u in ("zhang", "fzm", "cgj", "admin")]
    with ctx.unit_of_work() as uow:
        user = uow.session.execute(select(User).where(User.username == "zhang")).scalar_one()
    assert user.last_sign_in == ctx.now() and user.password_hash.startswith("$argon2id$")
    assert PW not in user.password_hash


def test_sign_out_is_audited_and_clears_the_principal(accounts):
    ctx = accounts
    ctx.principal = auth.sign_in(ctx, "zhang", PW)
    auth.sign_out(ctx)
    assert ctx.principal is None
    assert actions(ctx) == [("auth.sign_in", "zhang"), ("auth.sign_out", "zhang")]
    auth.sign_out(ctx)  # nobody signed in: nothing to record
    assert len(actions(ctx)) == 2


def test_unknown_user_and_wrong_password_look_the_same(accounts):
    ctx = accounts
    with pytest.raises(AuthenticationError) as unknown:
        auth.sign_in(ctx, "nobody", PW)
    with pytest.raises(AuthenticationError) as wrong:
        auth.sign_in(ctx, "zhang", "wrong")
    assert unknown.value.code == wrong.value.code == "bad_credentials"
    assert str(unknown.value) == str(wrong.value)
    rows = audit.query(ctx, action="auth.sign_in_failed")
    assert [(r.actor, r.detail["reason"]) for r in reversed(rows)] == [
        ("nobody", "unknown_user"), ("zhang", "wrong_password")]


def test_lockout_after_repeated_failures_then_opens(accounts, clock):
    ctx = accounts
    for _ in range(CHEAP.max_failures - 1):
        with pytest.raises(AuthenticationError, match="unknown user or wrong password"):
            auth.sign_in(ctx, "zhang", "wrong")
    with pytest.raises(AuthenticationError) as exc:
        auth.sign_in(ctx, "zhang", "wrong")
    assert exc.value.code == "locked"
    assert exc.value.until == clock.at + timedelta(minutes=CHEAP.lock_minutes)
    with pytest.raises(AuthenticationError) as exc:  # even the right password waits
        auth.sign_in(ctx, "zhang", PW)
    assert exc.value.code == "locked" and "locked until" in str(exc.value)
    assert ("auth.locked", "zhang") in actions(ctx)
    clock.at += timedelta(minutes=CHEAP.lock_minutes, seconds=1)
    assert auth.sign_in(ctx, "zhang", PW).username == "zhang"
    with pytest.raises(AuthenticationError) as exc:  # the counter restarted
        auth.sign_in(ctx, "zhang", "wrong")
    assert exc.value.code == "bad_credentials"


def test_a_success_resets_the_failure_count(accounts):
    ctx = accounts
    for _ in range(CHEAP.max_failures - 1):
        with pytest.raises(AuthenticationError):
            auth.sign_in(ctx, "zhang", "wrong")
    auth.sign_in(ctx, "zhang", PW)
    for _ in range(CHEAP.max_failures - 1):
        with pytest.raises(AuthenticationError) as exc:
            auth.sign_in(ctx, "zhang", "wrong")
        assert exc.value.code == "bad_credentials"


def test_admin_unlocks(accounts):
    ctx = accounts
    for _ in range(CHEAP.max_failures):
        with pytest.raises(AuthenticationError):
            auth.sign_in(ctx, "zhang", "wrong")
    auth.unlock_user(ctx, "zhang")
    assert auth.sign_in(ctx, "zhang", PW).username == "zhang"


def test_rehash_on_parameter_change(accounts, monkeypatch):
    ctx = accounts
    stronger = auth.AuthPolicy(hasher=PasswordHasher(time_cost=2, memory_cost=2048,
                                                     parallelism=1, type=Type.ID))
    monkeypatch.setattr(auth, "DEFAULT_POLICY", stronger)

    def stored() -> str:
        with ctx.unit_of_work() as uow:
            return uow.session.execute(
                select(User.password_hash).where(User.username == "zhang")).scalar_one()

    old = stored()
    assert "m=1024,t=1" in old
    auth.sign_in(ctx, "zhang", PW)
    new = stored()
    assert "m=2048,t=2" in new and new != old
    assert audit.query(ctx, action="auth.sign_in", limit=1)[0].detail == {"rehashed": True}
    auth.sign_in(ctx, "zhang", PW)  # up to date now: no second rehash
    assert stored() == new


def test_disabled_account(accounts):
    ctx = accounts
    auth.disable_user(ctx, "zhang")
    with pytest.raises(AuthenticationError) as exc:
        auth.sign_in(ctx, "zhang", PW)
    assert exc.value.code == "disabled"
    with pytest.raises(AuthenticationError) as exc:  # a wrong password does not reveal it
        auth.sign_in(ctx, "zhang", "wrong")
    assert exc.value.code == "bad_credentials"
    auth.disable_user(ctx, "zhang", False)
    assert auth.sign_in(ctx, "zhang", PW)


def test_change_password(accounts):
    ctx = accounts
    new = "Another-Secret-7"
    with pytest.raises(AuthenticationError):
        auth.change_password(ctx, "zhang", "wrong", new)
    with pytest.raises(ValidationError) as exc:
        auth.change_password(ctx, "zhang", PW, "short")
    assert exc.value.code == "too_short"
    auth.change_password(ctx, "zhang", PW, new)
    with pytest.raises(AuthenticationError):
        auth.sign_in(ctx, "zhang", PW)
    assert auth.sign_in(ctx, "zhang", new)
    assert ("auth.password_changed", "zhang") in actions(ctx)


def test_a_principal_changes_only_its_own_password(accounts):
    ctx = accounts
    ctx.principal = auth.sign_in(ctx, "fzm", PW)
    with pytest.raises(PermissionDenied):
        auth.change_password(ctx, "zhang", PW, "Another-Secret-7")


def test_reset_password_forces_a_change(accounts):
    ctx = accounts
    auth.reset_password(ctx, "zhang", "Temporary-Pass-1")
    p = auth.sign_in(ctx, "zhang", "Temporary-Pass-1")
    assert p.must_change_password
    ctx.principal = p
    auth.change_password(ctx, "zhang", "Temporary-Pass-1", "Brand-New-Pass-2")
    assert not ctx.principal.must_change_password
    ctx.principal = None
    assert not auth.sign_in(ctx, "zhang", "Brand-New-Pass-2").must_change_password


@pytest.mark.parametrize("password, code", [
    ("", "empty"), ("Ab1-", "too_short"), ("alllowercaseletters", "weak"),
    ("Zhang-Secret-1", "contains_username"), ("Tab\tIn-Pass-1", "control_chars"),
    ("Aa1-" * 100, "too_long"),
])
def test_password_strength(password, code):
    with pytest.raises(ValidationError) as exc:
        auth.check_password(password, "zhang", CHEAP)
    assert exc.value.code == code and exc.value.field == "password"


def test_administration_needs_an_admin(accounts):
    ctx = accounts
    ctx.principal = auth.sign_in(ctx, "zhang", PW)
    for call in (lambda: auth.add_user(ctx, "new", "新", PW, Role.VIEWER),
                 lambda: auth.set_role(ctx, "fzm", Role.VIEWER),
                 lambda: auth.disable_user(ctx, "fzm"),
                 lambda: auth.reset_password(ctx, "fzm", PW),
                 lambda: auth.list_users(ctx)):
        with pytest.raises(PermissionDenied) as exc:
            call()
        assert exc.value.code == "wrong_role"
    ctx.principal = auth.sign_in(ctx, "admin", PW)
    auth.set_role(ctx, "fzm", Role.VIEWER)
    auth.set_scope(ctx, "cgj", "street", STREET)
    users = {u.username: u for u in auth.list_users(ctx)}
    assert users["fzm"].role is Role.VIEWER
    assert (users["cgj"].scope_kind, users["cgj"].scope_code) == (ScopeKind.STREET, STREET)
    changes = audit.query(ctx, action="user.update")
    assert {r.actor for r in changes} == {"admin"}
    assert changes[-1].detail == {"username": "fzm", "before": {"role": "dispatcher"},
                                  "after": {"role": "viewer"}}


def test_the_last_admin_stays(accounts):
    ctx = accounts
    with pytest.raises(ValidationError) as exc:
        auth.disable_user(ctx, "admin")
    assert exc.value.code == "last_admin"
    with pytest.raises(ValidationError):
        auth.set_role(ctx, "admin", Role.VIEWER)
    auth.add_user(ctx, "admin2", "管理员二", PW, Role.ADMIN)
    auth.disable_user(ctx, "admin")  # another admin exists now


def test_first_admin_only_on_an_empty_table(ctx, org, clock):
    assert not auth.has_users(ctx)
    auth.create_first_admin(ctx, "root", "管理员", PW)
    assert auth.has_users(ctx)
    assert auth.sign_in(ctx, "root", PW).role is Role.ADMIN
    with pytest.raises(PermissionDenied):
        auth.create_first_admin(ctx, "root2", "管理员", PW)
    entry = audit.query(ctx, action="user.add")[0]
    assert entry.actor == "first-run" and entry.detail["first_run"] is True


@pytest.mark.parametrize("username, code", [
    ("", "empty"), ("a", "bad_chars"), ("x" * 33, "too_long"), ("robert'); DROP TABLE users;--",
                                                                "bad_chars"),
    ("<script>", "bad_chars"), ("名字", "bad_chars"), ("a\x00b", "bad_chars"),
    ("a b", "bad_chars"),
])
def test_bad_usernames_are_refused_clearly(accounts, username, code):
    ctx = accounts
    with pytest.raises(ValidationError) as exc:
        auth.add_user(ctx, username, "名", PW, Role.VIEWER)
    assert (exc.value.field, exc.value.code) == ("username", code)
    assert len(auth.list_users(ctx)) == 4


def test_display_names_are_stored_as_text(accounts):
    ctx = accounts
    shown = "<b>王五</b>'; DROP TABLE users; --"
    auth.add_user(ctx, "wangwu", shown, PW, Role.VIEWER)
    assert {u.username: u.display_name for u in auth.list_users(ctx)}["wangwu"] == shown
    with ctx.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 5
    for bad, code in (("x" * 65, "too_long"), ("  ", "empty"), ("王\n五", "control_chars")):
        with pytest.raises(ValidationError) as exc:
            auth.add_user(ctx, "zhaoliu", bad, PW, Role.VIEWER)
        assert exc.value.code == code


def test_duplicate_username_role_and_scope_validation(accounts):
    ctx = accounts
    with pytest.raises(ValidationError) as exc:
        auth.add_user(ctx, "ZHANG", "另一个", PW, Role.VIEWER)
    assert exc.value.code == "taken"
    with pytest.raises(ValidationError) as exc:
        auth.add_user(ctx, "sys", "系统", PW, Role.SYSTEM)
    assert exc.value.field == "role"
    with pytest.raises(ValidationError) as exc:
        auth.add_user(ctx, "x1", "X", PW, "emperor")
    assert exc.value.field == "role"
    with pytest.raises(ValidationError) as exc:
        auth.add_user(ctx, "x2", "X", PW, Role.DISPATCHER, scope_kind="street", scope_code="999")
    assert (exc.value.field, exc.value.code) == ("scope_code", "unknown")
    with pytest.raises(ValidationError):
        auth.add_user(ctx, "x3", "X", PW, Role.DISPATCHER, scope_kind="planet")
    with pytest.raises(ValidationError) as exc:
        auth.add_user(ctx, "x4", "X", PW, Role.DISPATCHER, person_code="ghost")
    assert exc.value.field == "person_code"
    with pytest.raises(UserNotFoundError):
        auth.set_role(ctx, "ghost", Role.VIEWER)


def test_very_long_sign_in_input_is_refused_not_stored_whole(accounts):
    ctx = accounts
    with pytest.raises(AuthenticationError):
        auth.sign_in(ctx, "z" * 10_000 + "\x00", "p" * 10_000)
    entry = audit.query(ctx, action="auth.sign_in_failed", limit=1)[0]
    assert len(entry.actor) <= audit.MAX_ACTOR
    assert audit.verify(ctx).ok


def test_list_shows_a_lockout_only_while_it_runs(accounts, clock):
    ctx = accounts
    for _ in range(CHEAP.max_failures):
        with pytest.raises(AuthenticationError):
            auth.sign_in(ctx, "zhang", "wrong")
    users = {u.username: u for u in auth.list_users(ctx)}
    assert users["zhang"].locked_until == clock.at + timedelta(minutes=CHEAP.lock_minutes)
    clock.at += timedelta(minutes=CHEAP.lock_minutes, seconds=1)
    assert {u.username: u for u in auth.list_users(ctx)}["zhang"].locked_until is None
