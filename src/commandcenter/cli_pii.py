"""``commandcenter-cli pii ...``: personal-information maintenance (issue 8).

    pii key-info [--json]                 where the identity key is, whether it is there
    pii key-export FILE / key-import FILE copy the key to another workstation (same database)
    pii rotate-key                        new current key (old rows stay readable)
    pii purge [--older-than-days N]       retention: remove identity of long-closed cases
    pii reveal CASE --reason TEXT         one reporter in clear (needs --sign-in; audited)
    pii export FILE --reason TEXT (--case ID ... | --street CODE)   with identity (audited)

Registered by `cli.build_parser` with one call: ``cli_pii.add_parsers(sub)``. The handlers use
the CLI's own context and output helpers (imported when they run, so cli can import this
module at load time).
"""

from __future__ import annotations

import argparse
import json
from typing import Any


def _cli() -> Any:
    from commandcenter import cli

    return cli


def _errors() -> tuple[type[BaseException], ...]:
    from commandcenter.services.errors import CaseNotFoundError, PermissionDenied, ValidationError
    from commandcenter.store.crypto import PiiDataError, PiiKeyError

    return (PermissionDenied, ValidationError, PiiKeyError, PiiDataError, CaseNotFoundError)


def _run(args: argparse.Namespace, body) -> int:
    cli = _cli()
    with cli.open_context(args) as ctx:
        try:
            return body(ctx, cli)
        except _errors() as exc:
            raise cli.CliError(str(exc)) from None


def cmd_key_info(args: argparse.Namespace) -> int:
    from commandcenter.services import pii

    def body(ctx, cli):
        info = pii.key_info(ctx)
        if args.json:
            cli._out(json.dumps(info, ensure_ascii=False, indent=1))
        else:
            lines = [f"database id:   {info['database_id'] or '-'}",
                     f"key store:     {info['store']}",
                     f"key present:   {'yes' if info['key_present'] else 'NO'}",
                     f"current key:   {info['current_key'] or '-'}",
                     f"all keys:      {', '.join(info['key_ids']) or '-'}",
                     f"sealed rows:   {info['sealed_rows_by_key'] or 0}",
                     f"purged rows:   {info['purged_rows']}"]
            if info["missing_keys"]:
                lines.append(f"MISSING KEYS:  {', '.join(info['missing_keys'])} "
                             "(restore them, or those reporters cannot be read)")
            if info.get("error"):
                lines.append(f"error:         {info['error']}")
            cli._out("\n".join(lines))
        return cli.EXIT_OK if not info["missing_keys"] else cli.EXIT_REFUSED

    return _run(args, body)


def cmd_rotate_key(args: argparse.Namespace) -> int:
    from commandcenter.services import pii

    def body(ctx, cli):
        keyset = pii.rotate_key(ctx)
        cli._out(f"new current key {keyset.current} ({len(keyset.keys)} keys kept)")
        return cli.EXIT_OK

    return _run(args, body)


def cmd_key_export(args: argparse.Namespace) -> int:
    from commandcenter.services import pii

    def body(ctx, cli):
        kid = pii.export_key(ctx, args.file)
        cli._out(f"wrote the identity key ({kid}) to {args.file}: it opens every reporter of "
                 "this database; move it to the other workstation and delete it")
        return cli.EXIT_OK

    return _run(args, body)


def cmd_key_import(args: argparse.Namespace) -> int:
    from commandcenter.services import pii

    def body(ctx, cli):
        kid = pii.import_key(ctx, args.file)
        cli._out(f"identity key imported (current {kid})")
        return cli.EXIT_OK

    return _run(args, body)


def cmd_purge(args: argparse.Namespace) -> int:
    from commandcenter.services import pii

    def body(ctx, cli):
        days = args.older_than_days if args.older_than_days is not None else pii.retention_days(ctx)
        n = pii.purge_identity(ctx, days)
        cli._out(f"removed the identity of {n} reporter(s) of cases closed more than "
                 f"{days} days ago")
        return cli.EXIT_OK

    return _run(args, body)


def cmd_reveal(args: argparse.Namespace) -> int:
    from commandcenter.services import pii

    def body(ctx, cli):
        got = pii.reveal(ctx, cli._case_key(args.case), args.reason)
        cli._out(f"{got.code}: {got.name or '-'}  {got.phone or '-'}  {got.id_number or '-'}"
                 "  (this view is in the audit trail)")
        return cli.EXIT_OK

    return _run(args, body)


def cmd_export(args: argparse.Namespace) -> int:
    from commandcenter.services import pii

    def body(ctx, cli):
        if bool(args.case) == bool(args.street):
            raise cli.CliError("give --case (repeatable) or --street, not both", cli.EXIT_USAGE)
        cases: Any = args.case if args.case else {"street_code": args.street}
        n = pii.export_identity(ctx, cases, args.file, args.reason)
        cli._out(f"wrote {n} reporter(s) with identity to {args.file} (owner-only; audited)")
        return cli.EXIT_OK

    return _run(args, body)


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("the period is at least 1 day")
    return value


def add_parsers(subparsers: Any) -> None:
    """Add ``pii`` and its subcommands to the CLI's subparsers."""
    top = subparsers.add_parser("pii", help="personal information: key, retention, reveal, export")
    sub = top.add_subparsers(dest="pii_command", required=True, metavar="ACTION")
    p = sub.add_parser("key-info", help="where the identity key is kept and whether it is there")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_key_info)
    p = sub.add_parser("key-export", help="copy the identity key to a file for another "
                                          "workstation of the same database")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_key_export)
    p = sub.add_parser("key-import", help="add an exported identity key of this database")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_key_import)
    p = sub.add_parser("rotate-key", help="start a new identity key (old rows stay readable)")
    p.set_defaults(func=cmd_rotate_key)
    p = sub.add_parser("purge", help="remove reporter identity of cases closed long ago")
    p.add_argument("--older-than-days", type=_days, metavar="N",
                   help="closed more than N days ago (default: the retention setting)")
    p.set_defaults(func=cmd_purge)
    p = sub.add_parser("reveal", help="show one reporter in clear (needs --sign-in; audited)")
    p.add_argument("case", metavar="ID_OR_CODE")
    p.add_argument("--reason", required=True, help="why you need it (recorded)")
    p.set_defaults(func=cmd_reveal)
    p = sub.add_parser("export", help="write reporters WITH identity to a CSV (audited)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--case", type=int, action="append", default=[], metavar="ID")
    p.add_argument("--street", metavar="CODE")
    p.add_argument("--reason", required=True, help="why (recorded)")
    p.set_defaults(func=cmd_export)
