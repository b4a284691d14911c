"""Accounts: sign-in, lockout, password change and user administration (issue 8).

Contracts
- Passwords are hashed with argon2id (argon2-cffi) with the parameters of `AuthPolicy.hasher`;
  a successful sign-in rehashes a stored hash whose parameters are out of date
  (``check_needs_rehash``). No password or hash ever leaves this module, is logged or audited.
- `sign_in(ctx, username, password) -> Principal` raises `AuthenticationError`:
  ``bad_credentials`` for an unknown user and for a wrong password alike (same message; an
  unknown user costs the same argon2 verification), ``locked`` with ``until`` while a lockout
  runs (``max_failures`` consecutive failures lock for ``lock_minutes``), ``disabled`` (only
  said after the right password). Every attempt is audited ("auth.sign_in",
  "auth.sign_in_failed" with the reason, "auth.locked"), in the same transaction as the
  failure counter, so the audit entry and the counter commit together before the error is
  raised. `sign_out(ctx)` audits "auth.sign_out" and clears ``ctx.principal``.
- `change_password` needs the old password (a wrong one counts toward the lockout) and a new one
  passing `check_password` (at least ``min_length`` characters of at least three classes:
  lower case, upper case, digits, symbols; not containing the username).
- Administration (`add_user`, `update_user`, `set_role`, `set_scope`, `disable_user`,
  `reset_password`, `unlock_user`, `list_users`) needs a principal with the right to manage
  users, or no principal (installer CLI). The last enabled admin can be neither disabled nor
  demoted. `create_first_admin` works only while the users table is empty (first run). Every
  change is audited ("user.add", "user.update", "user.disable", "user.enable",
  "user.reset_password", "user.unlock") with what changed, never the password.
- Input is validated with clear `ValidationError`s: usernames are 2-32 characters of
  ``a-z 0-9 . _ -`` (folded to lower case), display names 1-64 printable characters (markup
  is stored as text: the UI shows it as plain text), passwords at most 256 printable characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from commandcenter.domain.vocabulary import Role, UnitKind
from commandcenter.store.models import Person, Street, Unit
from commandcenter.store.models_security import User
from commandcenter.store.uow import UnitOfWork

from . import audit
from .context import AppContext
from .errors import AuthenticationError, PermissionDenied, UserNotFoundError, ValidationError
from .permissions import ACCOUNT_ROLES, Principal, Right, ScopeKind, require

BAD_CREDENTIALS = "unknown user or wrong password"
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MAX_PASSWORD = 256
MAX_DISPLAY_NAME = 64


def _default_hasher() -> PasswordHasher:
    return PasswordHasher(type=Type.ID)


@dataclass(frozen=True)
class AuthPolicy:
    max_failures: int = 5
    lock_minutes: int = 15
    min_length: int = 10
    hasher: PasswordHasher = field(default_factory=_default_hasher)


DEFAULT_POLICY = AuthPolicy()


def _policy(policy: AuthPolicy | None) -> AuthPolicy:
    return policy or DEFAULT_POLICY


@dataclass(frozen=True)
class UserInfo:
    """An account as the admin dialog and the CLI list it (no hash)."""

    id: int
    username: str
    display_name: str
    role: Role
    scope_kind: ScopeKind
    scope_code: str | None
    person_code: str | None
    disabled: bool
    locked_until: datetime | None
    last_sign_in: datetime | None
    must_change_password: bool


# ---------------------------------------------------------------------- validation
def normalise_username(value: str) -> str:
    if not isinstance(value, str):
        raise ValidationError("username", "bad_type", "the username must be text")
    name = value.strip().lower()
    if not name:
        raise ValidationError("username", "empty", "enter a username")
    if len(name) > 32:
        raise ValidationError("username", "too_long", "a username has at most 32 characters")
    if not _USERNAME.match(name):
        raise ValidationError("username", "bad_chars", "a username has 2-32 characters: "
                              "letters a-z, digits, '.', '_' or '-', starting with a letter "
                              "or digit")
    return name


def check_display_name(value: str) -> str:
    if not isinstance(value, str):
        raise ValidationError("display_name", "bad_type", "the display name must be text")
    name = value.strip()
    if not name:
        raise ValidationError("display_name", "empty", "enter a display name")
    if len(name) > MAX_DISPLAY_NAME:
        raise ValidationError("display_name", "too_long",
                              f"a display name has at most {MAX_DISPLAY_NAME} characters")
    if not name.isprintable():
        raise ValidationError("display_name", "control_chars",
                              "the display name contains control characters")
    return name


def check_password(password: str, username: str = "", policy: AuthPolicy | None = None) -> None:
    """Raise `ValidationError` (field "password") unless the password is strong enough."""
    p = _policy(policy)
    if not isinstance(password, str) or not password:
        raise ValidationError("password", "empty", "enter a password")
    if len(password) > MAX_PASSWORD:
        raise ValidationError("password", "too_long",
                              f"a password has at most {MAX_PASSWORD} characters")
    if not password.isprintable():
        raise ValidationError("password", "control_chars",
                              "the password contains control characters")
    if len(password) < p.min_length:
        raise ValidationError("password", "too_short",
                              f"a password has at least {p.min_length} characters")
    classes = sum((
        any(c.islower() for c in password), any(c.isupper() for c in password),
        any(c.isdigit() for c in password), any(not c.isalnum() for c in password),
    ))
    if classes < 3:
        raise ValidationError("password", "weak", "use at least three of: lower-case letters, "
                              "upper-case letters, digits, symbols")
    if username and username.lower() in password.lower():
        raise ValidationError("password", "contains_username",
                              "the password must not contain the username")


def _check_role(role: Role | str) -> Role:
    try:
        value = Role(role)
    except ValueError:
        raise ValidationError("role", "unknown", f"unknown role {role!r}") from None
    if value not in ACCOUNT_ROLES:
        raise ValidationError("role", "unknown", f"role {value.value} is not for accounts")
    return value


def _check_scope(uow: UnitOfWork, kind: ScopeKind | str,
                 code: str | None) -> tuple[ScopeKind, str | None]:
    try:
        k = ScopeKind(kind)
    except ValueError:
        raise ValidationError("scope_kind", "unknown", f"unknown scope {kind!r}") from None
    if k is ScopeKind.DISTRICT:
        return k, None
    code = (code or "").strip()
    if not code:
        raise ValidationError("scope_code", "empty", f"a {k.value} scope needs a code")
    model = Street if k is ScopeKind.STREET else Unit
    if uow.session.get(model, code) is None:
        raise ValidationError("scope_code", "unknown", f"no {k.value} {code!r}")
    return k, code


def _check_person(uow: UnitOfWork, code: str | None) -> str | None:
    code = (code or "").strip() or None
    if code is not None and uow.session.get(Person, code) is None:
        raise ValidationError("person_code", "unknown", f"no person {code!r}")
    return code


# ---------------------------------------------------------------------- sign-in
def has_users(ctx: AppContext) -> bool:
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(func.count()).select_from(User)).scalar_one() > 0


def sign_in(ctx: AppContext, username: str, password: str,
            policy: AuthPolicy | None = None, *, purpose: str = "sign_in") -> Principal:
    """See the module contract. The caller sets ``ctx.principal`` to the result. ``purpose``
    other than "sign_in" (e.g. "unlock") is written into the audit entries' detail."""
    p = _policy(policy)
    now = ctx.now()
    attempted = username.strip().lower()[:64] if isinstance(username, str) else "?"
    failure: AuthenticationError | None = None
    principal = None
    extra: dict[str, Any] = {} if purpose == "sign_in" else {"purpose": purpose}
    with ctx.unit_of_work(write=True) as uow:
        user = uow.session.execute(
            select(User).where(User.username == attempted)).scalar_one_or_none()
        if user is None:
            _burn(p, password)  # same cost as a real check: no user enumeration by timing
            failure = AuthenticationError("bad_credentials", BAD_CREDENTIALS)
            reason = "unknown_user"
        elif user.locked_until is not None and user.locked_until > now:
            failure = AuthenticationError(
                "locked", f"account locked until {user.locked_until:%Y-%m-%d %H:%M}",
                until=user.locked_until)
            reason = "locked"
        elif not _verify(p, user.password_hash, password):
            user.failed_count += 1
            reason = "wrong_password"
            failure = AuthenticationError("bad_credentials", BAD_CREDENTIALS)
            if user.failed_count >= p.max_failures:
                user.locked_until = now + timedelta(minutes=p.lock_minutes)
                user.failed_count = 0
                audit.record(uow.session, action="auth.locked", actor=attempted, at=now,
                             detail={"until": user.locked_until, "failures": p.max_failures})
                failure = AuthenticationError(
                    "locked", f"too many failures: account locked until "
                    f"{user.locked_until:%Y-%m-%d %H:%M}", until=user.locked_until)
        elif user.disabled:
            failure = AuthenticationError("disabled", "this account is disabled")
            reason = "disabled"
        if failure is not None:
            audit.record(uow.session, action="auth.sign_in_failed", actor=attempted, at=now,
                         detail={"reason": reason, **extra})
        else:
            rehashed = p.hasher.check_needs_rehash(user.password_hash)
            if rehashed:
                user.password_hash = p.hasher.hash(password)
            user.failed_count, user.locked_until, user.last_sign_in = 0, None, now
            if rehashed:
                extra["rehashed"] = True
            audit.record(uow.session, action="auth.sign_in", actor=user.username, at=now,
                         detail=extra)
            principal = _principal(ctx, uow, user)
    if failure is not None:
        raise failure
    assert principal is not None
    return principal


def _verify(p: AuthPolicy, stored: str, password: str) -> bool:
    try:
        return p.hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_DUMMY: dict[int, str] = {}


def _burn(p: AuthPolicy, password: str) -> None:
    key = id(p.hasher)
    if key not in _DUMMY:
        _DUMMY[key] = p.hasher.hash("not a real password")
    _verify(p, _DUMMY[key], password if isinstance(password, str) else "")


def _principal(ctx: AppContext, uow: UnitOfWork, user: User) -> Principal:
    kind = ScopeKind(user.scope_kind)
    unit: str | None = None
    if user.person_code:
        person = uow.session.get(Person, user.person_code)
        unit = person.unit_code if person is not None else None
    scope_units: frozenset[str] = frozenset()
    if kind is ScopeKind.STREET:
        rows = uow.session.execute(
            select(Unit.code, Unit.kind).where(Unit.street_code == user.scope_code)).all()
        scope_units = frozenset(r[0] for r in rows)
        centre = next((r[0] for r in rows if r[1] == UnitKind.STREET_CENTRE.value), None)
        unit = unit or centre
    elif kind is ScopeKind.UNIT:
        unit = unit or user.scope_code
    else:
        unit = unit or ctx.default_centre(uow)
    return Principal(
        user_id=user.id, username=user.username, display_name=user.display_name,
        role=Role(user.role), scope_kind=kind, scope_code=user.scope_code,
        person_id=user.person_code, unit_code=unit, scope_units=scope_units,
        must_change_password=user.must_change_password,
    )


def sign_out(ctx: AppContext) -> None:
    """End the signed-in session: audited ("auth.sign_out"), then ``ctx.principal`` is None."""
    p = ctx.principal
    if p is None:
        return
    with ctx.unit_of_work(write=True) as uow:
        audit.record(uow.session, action="auth.sign_out", actor=p.username, at=ctx.now())
    ctx.principal = None


def change_password(ctx: AppContext, username: str, old_password: str, new_password: str,
                    policy: AuthPolicy | None = None) -> None:
    """A user changes their own password (the old one is required)."""
    p = _policy(policy)
    name = normalise_username(username)
    principal = ctx.principal
    if principal is not None and principal.username != name:
        raise PermissionDenied("wrong_actor", "you may change only your own password")
    check_password(new_password, name, p)
    if new_password == old_password:
        raise ValidationError("password", "unchanged", "the new password is the old one")
    now = ctx.now()
    failure = None
    with ctx.unit_of_work(write=True) as uow:
        user = _get(uow, name)
        if user.locked_until is not None and user.locked_until > now:
            failure = AuthenticationError("locked", f"account locked until "
                                          f"{user.locked_until:%Y-%m-%d %H:%M}",
                                          until=user.locked_until)
        elif not _verify(p, user.password_hash, old_password):
            user.failed_count += 1
            if user.failed_count >= p.max_failures:
                user.locked_until, user.failed_count = now + timedelta(minutes=p.lock_minutes), 0
            failure = AuthenticationError("bad_credentials", "the current password is wrong")
            audit.record(uow.session, action="auth.password_change_failed", actor=name, at=now)
        else:
            user.password_hash = p.hasher.hash(new_password)
            user.password_changed_at, user.must_change_password = now, False
            user.failed_count = 0
            audit.record(uow.session, action="auth.password_changed", actor=name, at=now)
    if failure is not None:
        raise failure
    if principal is not None and principal.must_change_password:
        ctx.principal = replace(principal, must_change_password=False)


# ---------------------------------------------------------------------- administration
def _get(uow: UnitOfWork, username: str) -> User:
    user = uow.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise UserNotFoundError(username)
    return user


def _info(u: User, now: datetime | None = None) -> UserInfo:
    """``locked_until`` only while the lockout still runs at ``now``."""
    locked = u.locked_until if u.locked_until and (now is None or u.locked_until > now) else None
    return UserInfo(u.id, u.username, u.display_name, Role(u.role), ScopeKind(u.scope_kind),
                    u.scope_code, u.person_code, u.disabled, locked, u.last_sign_in,
                    u.must_change_password)


def _who(ctx: AppContext, by: str | None) -> str:
    return audit.actor_name(ctx, by or "system")


def list_users(ctx: AppContext) -> list[UserInfo]:
    require(ctx.principal, Right.MANAGE_USERS)
    with ctx.unit_of_work() as uow:
        users = uow.session.execute(select(User).order_by(User.username)).scalars()
        return [_info(u, ctx.now()) for u in users]


def add_user(ctx: AppContext, username: str, display_name: str, password: str,
             role: Role | str, *, scope_kind: ScopeKind | str = ScopeKind.DISTRICT,
             scope_code: str | None = None, person_code: str | None = None,
             must_change_password: bool = False, by: str | None = None,
             policy: AuthPolicy | None = None) -> UserInfo:
    """Create an account (admin or installer). ``by`` names the installer in the audit entry
    when there is no principal."""
    require(ctx.principal, Right.MANAGE_USERS)
    return _add(ctx, username, display_name, password, role, scope_kind, scope_code,
                person_code, must_change_password, by, policy, first_run=False)


def create_first_admin(ctx: AppContext, username: str, display_name: str, password: str,
                       policy: AuthPolicy | None = None) -> UserInfo:
    """First run: create the admin while no account exists (refused once one does)."""
    return _add(ctx, username, display_name, password, Role.ADMIN, ScopeKind.DISTRICT, None,
                None, False, "first-run", policy, first_run=True)


def _add(ctx: AppContext, username, display_name, password, role, scope_kind, scope_code,
         person_code, must_change, by, policy, *, first_run: bool) -> UserInfo:
    p = _policy(policy)
    name = normalise_username(username)
    shown = check_display_name(display_name)
    value = _check_role(role)
    check_password(password, name, p)
    hashed = p.hasher.hash(password)
    try:
        with ctx.unit_of_work(write=True) as uow:
            if first_run and uow.session.execute(
                    select(func.count()).select_from(User)).scalar_one():
                raise PermissionDenied("wrong_role", "an account exists already: sign in as "
                                       "an admin to add users")
            if uow.session.execute(select(User.id).where(User.username == name)).first():
                raise ValidationError("username", "taken", f"the username {name!r} is taken")
            kind, code = _check_scope(uow, scope_kind, scope_code)
            person = _check_person(uow, person_code)
            user = User(username=name, display_name=shown, role=value.value, scope_kind=kind.value,
                        scope_code=code, person_code=person, password_hash=hashed,
                        must_change_password=must_change, disabled=False, failed_count=0,
                        created_at=ctx.now())
            uow.session.add(user)
            uow.session.flush()
            audit.record(uow.session, action="user.add", actor=_who(ctx, by), at=ctx.now(),
                         detail={"username": name, "role": value.value, "scope_kind": kind.value,
                                 "scope_code": code, "person_code": person,
                                 "first_run": first_run})
            return _info(user)
    except IntegrityError:
        raise ValidationError("username", "taken", f"the username {name!r} is taken") from None


def update_user(ctx: AppContext, username: str, *, display_name: str | None = None,
                role: Role | str | None = None, scope_kind: ScopeKind | str | None = None,
                scope_code: str | None = None, person_code: str | None = None,
                by: str | None = None) -> UserInfo:
    """Change an account's display name, role, scope or person link (None = unchanged;
    ``person_code=""`` removes the link)."""
    require(ctx.principal, Right.MANAGE_USERS)
    name = normalise_username(username)
    changes: dict[str, Any] = {}
    with ctx.unit_of_work(write=True) as uow:
        user = _get(uow, name)
        if display_name is not None:
            changes["display_name"] = check_display_name(display_name)
        if role is not None:
            new_role = _check_role(role)
            if user.role == Role.ADMIN.value and new_role is not Role.ADMIN:
                _keep_an_admin(uow, user)
            changes["role"] = new_role.value
        if scope_kind is not None:
            kind, code = _check_scope(uow, scope_kind, scope_code)
            changes["scope_kind"], changes["scope_code"] = kind.value, code
        if person_code is not None:
            changes["person_code"] = _check_person(uow, person_code)
        changes = {k: v for k, v in changes.items() if getattr(user, k) != v}
        if changes:
            before = {k: getattr(user, k) for k in changes}
            for k, v in changes.items():
                setattr(user, k, v)
            audit.record(uow.session, action="user.update", actor=_who(ctx, by), at=ctx.now(),
                         detail={"username": name, "before": before, "after": changes})
        return _info(user)


def set_role(ctx: AppContext, username: str, role: Role | str, *,
             by: str | None = None) -> UserInfo:
    return update_user(ctx, username, role=role, by=by)


def set_scope(ctx: AppContext, username: str, scope_kind: ScopeKind | str,
              scope_code: str | None = None, *, by: str | None = None) -> UserInfo:
    return update_user(ctx, username, scope_kind=scope_kind, scope_code=scope_code, by=by)


def _keep_an_admin(uow: UnitOfWork, user: User) -> None:
    others = uow.session.execute(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN.value, User.disabled.is_(False), User.id != user.id)).scalar_one()
    if not others:
        raise ValidationError("role", "last_admin", "this is the last enabled admin account")


def disable_user(ctx: AppContext, username: str, disabled: bool = True, *,
                 by: str | None = None) -> UserInfo:
    require(ctx.principal, Right.MANAGE_USERS)
    name = normalise_username(username)
    with ctx.unit_of_work(write=True) as uow:
        user = _get(uow, name)
        if disabled and user.role == Role.ADMIN.value and not user.disabled:
            _keep_an_admin(uow, user)
        if user.disabled != disabled:
            user.disabled = disabled
            audit.record(uow.session, action="user.disable" if disabled else "user.enable",
                         actor=_who(ctx, by), at=ctx.now(), detail={"username": name})
        return _info(user)


def reset_password(ctx: AppContext, username: str, new_password: str, *, by: str | None = None,
                   policy: AuthPolicy | None = None) -> UserInfo:
    """Set a new password (the user must change it at next sign-in) and lift any lockout."""
    require(ctx.principal, Right.MANAGE_USERS)
    p = _policy(policy)
    name = normalise_username(username)
    check_password(new_password, name, p)
    hashed = p.hasher.hash(new_password)
    with ctx.unit_of_work(write=True) as uow:
        user = _get(uow, name)
        user.password_hash, user.must_change_password = hashed, True
        user.failed_count, user.locked_until = 0, None
        user.password_changed_at = ctx.now()
        audit.record(uow.session, action="user.reset_password", actor=_who(ctx, by),
                     at=ctx.now(), detail={"username": name})
        return _info(user)


def unlock_user(ctx: AppContext, username: str, *, by: str | None = None) -> UserInfo:
    require(ctx.principal, Right.MANAGE_USERS)
    name = normalise_username(username)
    with ctx.unit_of_work(write=True) as uow:
        user = _get(uow, name)
        user.failed_count, user.locked_until = 0, None
        audit.record(uow.session, action="user.unlock", actor=_who(ctx, by), at=ctx.now(),
                     detail={"username": name})
        return _info(user)


def verify_password(ctx: AppContext, username: str, password: str,
                    policy: AuthPolicy | None = None) -> bool:
    """Check a password without signing in (the screen lock); failures count toward the
    lockout and are audited like a failed sign-in. Raises `AuthenticationError` when locked
    or disabled."""
    try:
        sign_in(ctx, username, password, policy, purpose="unlock")
    except AuthenticationError as exc:
        if exc.code == "bad_credentials":
            return False
        raise
    return True
