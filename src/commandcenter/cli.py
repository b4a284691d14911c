"""Headless commands (`commandcenter-cli`): migrate, build the demo, drive and inspect cases.

Exit codes: 0 done; 1 the command was refused or could not be carried out (a lifecycle refusal,
a version conflict, an unknown case, a database that cannot be opened); 2 usage errors (bad
arguments, unknown action or parameter). Expected errors print one clear line to stderr, never a
traceback. Results go to stdout (text, or JSON with `--json`); progress goes to stderr.

Everything goes through the services layer, exactly as the GUI does.

Accounts and audit (issue 8): ``--sign-in USER`` (global) signs in before the command and runs
it as that principal, with the services' permission checks; without it the command runs as
trusted system use (an installer on the server). ``users ...`` needs an admin signed in once an
account exists (the very first ``users add`` works on an empty users table). Passwords come from
a prompt (getpass, asked twice for a new one) or, with ``--password-stdin``, one per line from
standard input in the order asked (the sign-in password first); there is no default password.
``audit verify`` exits 1 when the chain is broken, naming the first broken entry.

District sync (issue 6): ``import``, ``sync`` (and ``sync reference``) and ``export`` live in
`cli_sync`; running an interrupted import again resumes it. Personal-information maintenance
(issue 8): ``pii ...`` in `cli_pii`.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from typing import Any

from commandcenter import APP_NAME, __version__
from commandcenter import settings as settings_mod
from commandcenter.domain.vocabulary import Channel, Role

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """An expected failure: printed as one line, exits with `exit_code`."""

    def __init__(self, message: str, exit_code: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _err(message: str) -> None:
    if sys.stderr is not None:
        print(message, file=sys.stderr, flush=True)


def _out(text: str) -> None:
    if sys.stdout is not None:
        print(text, flush=True)


# ---------------------------------------------------------------------- output
def to_jsonable(obj: Any) -> Any:
    """Plain JSON values from service results (dataclasses, enums, datetimes, clocks...)."""
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {str(to_jsonable(k)): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if callable(getattr(obj, "to_dict", None)):
        return to_jsonable(obj.to_dict())
    if callable(getattr(obj, "item", None)):  # numpy scalars
        return obj.item()
    return str(obj)


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}=({_text(v)})" if isinstance(v, dict) else f"{k}={_text(v)}"
                         for k, v in value.items())
    return str(value)


def format_stats(data: Any, title: str | None = None, indent: int = 0) -> str:
    """A nested mapping as indented "key: value" lines."""
    pad = "  " * indent
    lines = [title + ":"] if title else []
    if title:
        indent, pad = indent + 1, pad + "  "
    if not isinstance(data, dict):
        return "\n".join([*lines, pad + _text(data)])
    for key, value in data.items():
        if isinstance(value, dict) and value:
            lines.append(f"{pad}{key}:")
            lines.append(format_stats(value, indent=indent + 1))
        else:
            lines.append(f"{pad}{key}: {_text(value)}")
    return "\n".join(lines)


_DETAIL_SECTIONS = ("reporter", "events", "duplicates", "whistle")


def format_detail(detail: Any) -> str:
    """A case as text: every field, the masked reporter, the whistle, duplicates, the timeline."""
    data = to_jsonable(detail)
    lines = [f"case {data['code']} (id {data['id']}), version {data.get('version', '?')}"]
    width = max(len(k) for k in data)
    for key, value in data.items():
        if key not in _DETAIL_SECTIONS:
            lines.append(f"  {key:<{width}}  {_text(value)}")
    reporter = data.get("reporter")
    lines.append("reporter (masked): " + (_text(reporter) if reporter else "-"))
    if data.get("whistle"):
        lines.append("whistle: " + _text(data["whistle"]))
    if data.get("duplicates"):
        lines.append("duplicates: " + "; ".join(_text(d) for d in data["duplicates"]))
    lines.append("timeline:")
    for e in data.get("events") or []:
        at = str(e.get("at", ""))[:16].replace("T", " ")
        who = f"{e.get('actor_id')} ({e.get('role')}, {e.get('unit_code') or '-'})"
        move = f"{e.get('from_state') or '-'} -> {e.get('to_state')}"
        reason = f"  \u201c{e['reason']}\u201d" if e.get("reason") else ""
        lines.append(f"  {at}  {e.get('action'):<18} {move:<34} {who}{reason}")
    return "\n".join(lines)


# ---------------------------------------------------------------------- context
@contextmanager
def open_context(args: argparse.Namespace) -> Iterator[Any]:
    from sqlalchemy.exc import SQLAlchemyError

    from commandcenter.services.context import AppContext

    paths = settings_mod.app_paths()
    url = settings_mod.resolve_db_url(settings_mod.load(paths), paths, args.db)
    try:
        ctx = AppContext.open(url, migrate=True)
    except (SQLAlchemyError, OSError, RuntimeError, ValueError) as exc:
        where = settings_mod.describe_db_url(url)
        raise CliError(f"cannot open the database {where}: {exc}") from exc
    try:
        if getattr(args, "sign_in", None):
            from commandcenter.services import auth

            ctx.principal = auth.sign_in(ctx, args.sign_in, _password(args, "password: "))
        yield ctx
    finally:
        ctx.close()


def _password(args: argparse.Namespace, prompt: str, *, confirm: bool = False) -> str:
    """One password: the next line of stdin with --password-stdin, else a getpass prompt."""
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise CliError("--password-stdin: no more lines on standard input", EXIT_USAGE)
        return line.rstrip("\r\n")
    if sys.stdin is None or not sys.stdin.isatty():
        raise CliError("no terminal to ask for a password: use --password-stdin", EXIT_USAGE)
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("again: ") != first:
        raise CliError("the two passwords differ", EXIT_USAGE)
    return first


def _operator(args: argparse.Namespace, ctx: Any = None) -> Any:
    """The actor of a case command: the signed-in principal's own actor, else the options and
    the configured operator (trusted system use)."""
    from commandcenter.domain.case import Actor

    if ctx is not None and ctx.principal is not None:
        return ctx.principal.actor()

    op = settings_mod.load().operator
    return Actor(user_id=args.user or op.user_id, role=Role(args.role or op.role),
                 unit_code=args.unit or op.unit_code, name=op.name)


# ---------------------------------------------------------------------- commands
def cmd_migrate(args: argparse.Namespace) -> int:
    from commandcenter.services.overview import schema_revision

    with open_context(args) as ctx:
        _out(f"database at revision {schema_revision(ctx) or '(empty)'}: "
             f"{settings_mod.describe_db_url(ctx.url)}")
    return EXIT_OK


def _progress_printer() -> Callable[[int, int, str], None]:
    last: dict[str, Any] = {"stage": None, "tenth": -1}

    def progress(done: int, total: int, stage: str) -> None:
        tenth = (10 * done // total) if total else 10
        if stage != last["stage"] or tenth != last["tenth"]:
            last.update(stage=stage, tenth=tenth)
            _err(f"  {stage}: {done:,}/{total:,}")

    return progress


def cmd_demo(args: argparse.Namespace) -> int:
    from commandcenter.demo import DemoError, build_demo

    if args.cases < 0:
        raise CliError("--cases must be 0 or more", EXIT_USAGE)
    with open_context(args) as ctx:
        _err(f"building the demo district ({args.cases:,} cases, seed {args.seed}) in "
             f"{settings_mod.describe_db_url(ctx.url)}")
        try:
            summary = build_demo(ctx, cases=args.cases, seed=args.seed,
                                 progress=_progress_printer())
        except DemoError as exc:
            raise CliError(str(exc)) from exc
    _out(format_stats(to_jsonable(summary), title="demo built"))
    return EXIT_OK


def _case_service(ctx: Any) -> Any:
    from commandcenter.services.cases import CaseService

    return CaseService(ctx)


def _case_key(text: str) -> int | str:
    return int(text) if text.isdigit() and len(text) < 12 else text


def cmd_case_show(args: argparse.Namespace) -> int:
    with open_context(args) as ctx:
        detail = _case_service(ctx).detail(_case_key(args.case))
    _out(json.dumps(to_jsonable(detail), ensure_ascii=False, indent=2) if args.json
         else format_detail(detail))
    return EXIT_OK


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CliError(f"--param expects KEY=VALUE, got {pair!r}", EXIT_USAGE)
        params[key.strip()] = value
    return params


def cmd_case_transition(args: argparse.Namespace) -> int:
    from commandcenter.domain.commands import command_from_dict

    params = parse_params(args.param)
    try:  # unknown actions and fields are usage errors, caught before touching the database
        command_from_dict(args.action, {k: v for k, v in params.items() if k != "reason"})
    except (ValueError, TypeError) as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    if args.reason:
        params["reason"] = args.reason
    with open_context(args) as ctx:
        actor = _operator(args, ctx)
        service = _case_service(ctx)
        case_id = service.detail(_case_key(args.case)).id
        result = service.transition(case_id, args.action, params, actor,
                                    expected_version=args.expect_version)
    _out(f"case {result.code}: {result.from_state.value} -> {result.to_state.value} "
         f"(version {result.version})")
    return EXIT_OK


def cmd_case_report(args: argparse.Namespace) -> int:
    from commandcenter.services.dto import NewCase

    new = NewCase(channel=Channel(args.channel), title=args.title, description=args.description,
                  address=args.address, street_code=args.street, grid_code=args.grid)
    with open_context(args) as ctx:
        ref = _case_service(ctx).report(new, _operator(args, ctx))
    _out(f"case {ref.code} (id {ref.id}): {ref.state.value} (version {ref.version})")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from commandcenter.services.stats import store_stats

    with open_context(args) as ctx:
        stats = store_stats(ctx)
    _out(json.dumps(to_jsonable(stats), ensure_ascii=False, indent=2) if args.json
         else format_stats(to_jsonable(stats)))
    return EXIT_OK


# ---------------------------------------------------------------------- users and audit
def _need_admin(ctx: Any) -> str:
    """Once an account exists, user administration needs an admin signed in (--sign-in).
    Returns the installer's name for the audit entry when there is no principal."""
    from commandcenter.services import auth

    if ctx.principal is None and auth.has_users(ctx):
        raise CliError("accounts exist: sign in as an admin (--sign-in USER)")
    try:
        return f"cli:{getpass.getuser()}"[:64]
    except (OSError, KeyError):  # no login name (a service account, a container)
        return "cli"


def cmd_users_add(args: argparse.Namespace) -> int:
    from commandcenter.services import auth

    with open_context(args) as ctx:
        by = _need_admin(ctx)
        password = _password(args, f"password for {args.username}: ", confirm=True)
        info = auth.add_user(ctx, args.username, args.name, password, args.role,
                             scope_kind=args.scope, scope_code=args.scope_code,
                             person_code=args.person, must_change_password=args.must_change,
                             by=by)
    _out(f"added {info.username} ({info.role.value}, {_scope_text(info)})")
    return EXIT_OK


def _scope_text(info: Any) -> str:
    return info.scope_kind.value + (f" {info.scope_code}" if info.scope_code else "")


def cmd_users_list(args: argparse.Namespace) -> int:
    from commandcenter.services import auth

    with open_context(args) as ctx:
        _need_admin(ctx)
        users = auth.list_users(ctx)
    if args.json:
        _out(json.dumps(to_jsonable(users), ensure_ascii=False))
        return EXIT_OK
    for u in users:
        flags = [f for f, on in (("disabled", u.disabled), ("locked", u.locked_until is not None),
                                 ("must-change", u.must_change_password)) if on]
        last = u.last_sign_in.isoformat(sep=" ", timespec="minutes") if u.last_sign_in else "-"
        _out(f"{u.username:<20} {u.role.value:<18} {_scope_text(u):<24} last {last}"
             f"{'  [' + ', '.join(flags) + ']' if flags else ''}  {u.display_name!r}")
    return EXIT_OK


def cmd_users_set_role(args: argparse.Namespace) -> int:
    from commandcenter.services import auth

    with open_context(args) as ctx:
        by = _need_admin(ctx)
        info = auth.update_user(ctx, args.username, role=args.role, scope_kind=args.scope,
                                scope_code=args.scope_code, by=by)
    _out(f"{info.username}: {info.role.value}, {_scope_text(info)}")
    return EXIT_OK


def cmd_users_disable(args: argparse.Namespace) -> int:
    from commandcenter.services import auth

    with open_context(args) as ctx:
        by = _need_admin(ctx)
        info = auth.disable_user(ctx, args.username, not args.enable, by=by)
    _out(f"{info.username}: {'disabled' if info.disabled else 'enabled'}")
    return EXIT_OK


def cmd_users_reset_password(args: argparse.Namespace) -> int:
    from commandcenter.services import auth

    with open_context(args) as ctx:
        by = _need_admin(ctx)
        password = _password(args, f"new password for {args.username}: ", confirm=True)
        auth.reset_password(ctx, args.username, password, by=by)
    _out(f"{args.username}: password reset (to be changed at the next sign-in), unlocked")
    return EXIT_OK


def cmd_users_unlock(args: argparse.Namespace) -> int:
    from commandcenter.services import auth

    with open_context(args) as ctx:
        by = _need_admin(ctx)
        auth.unlock_user(ctx, args.username, by=by)
    _out(f"{args.username}: unlocked")
    return EXIT_OK


def _anchor(text: str | None) -> tuple[int, str] | None:
    if not text:
        return None
    seq, _, digest = text.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise CliError("--anchor is SEQ:HASH (the head printed by an earlier verify)", EXIT_USAGE)
    return int(seq), digest.lower()


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from commandcenter.services import audit

    with open_context(args) as ctx:
        result = audit.verify(ctx, anchor=_anchor(args.anchor))
    if args.json:
        _out(json.dumps(to_jsonable(result), ensure_ascii=False))
    elif result.ok:
        _out(f"audit chain intact: {result.entries} entries; head {result.head_seq}:"
             f"{result.head_hash}")
    else:
        _err(f"audit chain BROKEN at entry {result.seq} (row id {result.entry_id or '-'}, "
             f"{result.reason}): {result.message}; last good entry {result.head_seq}")
    return EXIT_OK if result.ok else EXIT_REFUSED


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise CliError(f"not a date/time: {text!r} (use 2024-03-04 or 2024-03-04T09:00)",
                       EXIT_USAGE) from None


def _audit_filters(args: argparse.Namespace) -> dict[str, Any]:
    return {"user": args.user, "action": args.action, "case_id": args.case,
            "since": _when(args.since), "until": _when(args.until)}


def cmd_audit_list(args: argparse.Namespace) -> int:
    from commandcenter.services import audit

    with open_context(args) as ctx:
        rows = audit.query(ctx, limit=args.limit, **_audit_filters(args))
    if args.json:
        _out(json.dumps(to_jsonable(rows), ensure_ascii=False))
        return EXIT_OK
    for r in rows:
        case = f" case {r.case_id}" if r.case_id is not None else ""
        detail = audit.canonical(r.detail)
        if not detail.isprintable():  # a terminal must not run control sequences from the log
            detail = detail.encode("unicode_escape").decode("ascii")
        _out(f"{r.seq:>8}  {r.at:%Y-%m-%d %H:%M:%S}  {r.actor:<16} {r.action:<24}{case}  {detail}")
    return EXIT_OK


def cmd_audit_export(args: argparse.Namespace) -> int:
    from commandcenter.services import audit

    with open_context(args) as ctx:
        n = audit.export(ctx, args.file, **_audit_filters(args))
    _out(f"exported {n} audit entries to {args.file}")
    return EXIT_OK


def _add_scope_options(p: argparse.ArgumentParser, default: str | None) -> None:
    p.add_argument("--scope", choices=["district", "street", "unit"], default=default,
                   help="what the account sees and acts on" +
                   (f" (default {default})" if default else ""))
    p.add_argument("--scope-code", metavar="CODE", help="the street's or unit's code")


def _add_audit_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", help="entries by this username")
    p.add_argument("--action", help="an action, or a prefix ending in * (e.g. 'case.*')")
    p.add_argument("--case", type=int, metavar="ID", help="entries about this case id")
    p.add_argument("--since", metavar="WHEN", help="from this date/time (ISO)")
    p.add_argument("--until", metavar="WHEN", help="before this date/time (ISO)")


def _add_security_commands(sub: Any) -> None:
    from commandcenter.services.permissions import ACCOUNT_ROLES

    roles = [r.value for r in ACCOUNT_ROLES]
    users = sub.add_parser("users", help="accounts: add, list, set-role, disable, reset-password")
    users_sub = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    p = users_sub.add_parser("add", help="add an account (the first one needs no sign-in)")
    p.add_argument("username")
    p.add_argument("--name", required=True, help="display name")
    p.add_argument("--role", required=True, choices=roles)
    _add_scope_options(p, "district")
    p.add_argument("--person", metavar="CODE", help="link to a person of the organisation")
    p.add_argument("--must-change", action="store_true",
                   help="the user must change the password at the first sign-in")
    p.set_defaults(func=cmd_users_add)
    p = users_sub.add_parser("list", help="every account (no passwords)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_users_list)
    p = users_sub.add_parser("set-role", help="change an account's role (and scope)")
    p.add_argument("username")
    p.add_argument("role", choices=roles)
    _add_scope_options(p, None)
    p.set_defaults(func=cmd_users_set_role)
    p = users_sub.add_parser("disable", help="disable (or --enable) an account")
    p.add_argument("username")
    p.add_argument("--enable", action="store_true", help="enable it again")
    p.set_defaults(func=cmd_users_disable)
    p = users_sub.add_parser("reset-password", help="set a new password and unlock")
    p.add_argument("username")
    p.set_defaults(func=cmd_users_reset_password)
    p = users_sub.add_parser("unlock", help="lift a lockout")
    p.add_argument("username")
    p.set_defaults(func=cmd_users_unlock)

    aud = sub.add_parser("audit", help="the audit trail: verify the chain, list, export")
    aud_sub = aud.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    p = aud_sub.add_parser("verify", help="check the hash chain; exit 1 when broken")
    p.add_argument("--anchor", metavar="SEQ:HASH", help="a head printed by an earlier verify")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_audit_verify)
    p = aud_sub.add_parser("list", help="entries, newest first")
    _add_audit_filters(p)
    p.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_audit_list)
    p = aud_sub.add_parser("export", help="write entries to a .csv or .xlsx file (audited)")
    p.add_argument("file", metavar="FILE")
    _add_audit_filters(p)
    p.set_defaults(func=cmd_audit_export)


# ---------------------------------------------------------------------- parser
def _add_actor_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as", dest="role", choices=[r.value for r in Role],
                   help="role to act in (default: the configured operator's role)")
    p.add_argument("--user", help="user id (default: the configured operator)")
    p.add_argument("--unit", help="unit code to act for (default: the configured operator's unit)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"{APP_NAME}-cli",
                                     description="Headless commands of the command centre.")
    parser.add_argument("--db", metavar="URL", help="database URL (overrides every other setting)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--sign-in", metavar="USER",
                        help="sign in as USER and run the command with that account's rights")
    parser.add_argument("--password-stdin", action="store_true",
                        help="read passwords from standard input, one per line, in the order "
                             "asked (the sign-in password first)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("migrate", help="upgrade the database schema to the newest revision")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("demo", help="build the demo district with generated cases")
    p.add_argument("--cases", type=int, default=5000, help="number of cases (default 5000)")
    p.add_argument("--seed", type=int, default=20191217, help="random seed (default 20191217)")
    p.set_defaults(func=cmd_demo)

    case = sub.add_parser("case", help="show, report or move one case")
    case_sub = case.add_subparsers(dest="case_command", required=True, metavar="ACTION")
    p = case_sub.add_parser("show", help="fields, masked reporter and timeline of a case")
    p.add_argument("case", metavar="ID_OR_CODE")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_case_show)

    p = case_sub.add_parser("transition", help="apply a lifecycle action to a case")
    p.add_argument("case", metavar="ID_OR_CODE")
    p.add_argument("action", metavar="ACTION", help="e.g. accept, register, dispatch, sign")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="an input of the action (repeatable), e.g. --param unit=CGJ")
    p.add_argument("--reason", help="the reason recorded with the event")
    p.add_argument("--expect-version", type=int, metavar="V",
                   help="refuse (exit 1) unless the case is still at version V")
    _add_actor_options(p)
    p.set_defaults(func=cmd_case_transition)

    p = case_sub.add_parser("report", help="report a new case")
    p.add_argument("--channel", required=True, choices=[c.value for c in Channel])
    p.add_argument("--title", required=True)
    p.add_argument("--description", default="")
    p.add_argument("--address", default="")
    p.add_argument("--street", metavar="CODE", help="9-digit street code")
    p.add_argument("--grid", metavar="CODE", help="15-digit grid code")
    _add_actor_options(p)
    p.set_defaults(func=cmd_case_report)

    p = sub.add_parser("stats", help="counts of cases by state and channel, events, size")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_stats)

    from commandcenter import cli_sync  # issue 6's import / sync / export commands

    cli_sync.add_parsers(sub)
    _add_security_commands(sub)
    from commandcenter import cli_pii  # issue 8's identity commands (helper "pii")

    cli_pii.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed by argparse
        return int(exc.code or 0)
    from commandcenter.services.errors import (
        AuthenticationError,
        CaseNotFoundError,
        ConflictError,
        DomainError,
        PermissionDenied,
        UserNotFoundError,
        ValidationError,
    )

    try:
        return int(args.func(args))
    except CliError as exc:
        _err(f"error: {exc}")
        return exc.exit_code
    except ConflictError as exc:
        _err(f"conflict: {exc}")
        return EXIT_REFUSED
    except (CaseNotFoundError, UserNotFoundError) as exc:
        _err(f"not found: {exc}")
        return EXIT_REFUSED
    except DomainError as exc:  # TransitionError included
        _err(f"refused ({exc.code}): {exc}")
        return EXIT_REFUSED
    except PermissionDenied as exc:
        _err(f"denied ({exc.code}): {exc}")
        return EXIT_REFUSED
    except AuthenticationError as exc:
        _err(f"sign-in refused ({exc.code}): {exc}")
        return EXIT_REFUSED
    except ValidationError as exc:
        _err(f"invalid {exc.field} ({exc.code}): {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
