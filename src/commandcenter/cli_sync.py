"""``commandcenter-cli`` district sync commands (issue 6).

    import FILE [--profile P] [--source S] [--force] [--json]   one district export file
    sync [--inbox DIR] [--outbox DIR] [--json]                  one run over the exchange folders
    sync reference FILE [--kind units|people|categories|rules|grids] [--partial] [--apply]
                    [--json]                                    the district's units / people /
                                                                categories and standards /
                                                                responsibility rules (JSON) /
                                                                grids (GeoJSON)
    export [--outbox DIR] [--format csv|xlsx|open311] [--json]  changes since the last export

An import runs in recorded batches: when it is interrupted (killed, a crash, the machine off),
running the same import again resumes it and completes the file exactly once. While another
process is importing the same file the command is refused (exit 1, nothing changed).

``sync reference`` previews by default (nothing written) and applies with ``--apply``, in one
transaction (a full export retires what it no longer lists; ``--partial`` retires nothing). A
file with problems is rejected whole, listing every problem, and nothing changes.

Registered by `cli.build_parser` with one call: ``cli_sync.add_parsers(sub)``. The handlers
use the CLI's own context and output helpers (imported when they run, so cli can import this
module at load time).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

# How many changed rows the readable summary of a reference file shows.
SHOWN_CHANGES = 20
# `sync.reference.KINDS`, spelled out: importing it would load pandas with the CLI's parser.
REFERENCE_KINDS = ["units", "people", "categories", "rules", "grids"]


def _cli() -> Any:
    from commandcenter import cli

    return cli


def _sync_service(ctx: Any) -> Any:
    from commandcenter import settings as settings_mod
    from commandcenter.services.sync import SyncService

    return SyncService(ctx, settings_mod.app_paths().config_dir)


def _print(args: argparse.Namespace, result: Any, title: str) -> None:
    cli = _cli()
    data = cli.to_jsonable(result)
    cli._out(json.dumps(data, ensure_ascii=False) if args.json
             else cli.format_stats(data, title))


# ---------------------------------------------------------------------- commands
def cmd_import(args: argparse.Namespace) -> int:
    """Import one district export file (the GUI's importer, headless)."""
    from commandcenter.sync.importer import ImportRaceError
    from commandcenter.sync.profiles import ProfileError
    from commandcenter.sync.readers import StructuralError

    cli = _cli()
    with cli.open_context(args) as ctx:
        try:
            result = _sync_service(ctx).import_file(args.file, args.profile, args.source,
                                                    progress=cli._progress_printer(),
                                                    force=args.force)
        except (StructuralError, ProfileError) as exc:
            raise cli.CliError(f"file rejected, nothing changed: {exc}") from exc
        except ImportRaceError as exc:
            raise cli.CliError(f"not imported now: {exc}", cli.EXIT_REFUSED) from exc
    _print(args, result, "import")
    return cli.EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    """One sync run over the configured (or given) inbox and outbox."""
    from commandcenter import settings as settings_mod

    cli = _cli()
    folders = settings_mod.load().sync
    inbox, outbox = args.inbox or folders.inbox, args.outbox or folders.outbox
    if not inbox and not outbox:
        raise cli.CliError("no sync folders: set them in the settings or pass --inbox/--outbox",
                           cli.EXIT_USAGE)
    with cli.open_context(args) as ctx:
        run = _sync_service(ctx).sync_now(inbox, outbox, kind="cli",
                                          progress=cli._progress_printer())
    _print(args, run, "sync")
    return cli.EXIT_OK if run.status == "ok" else cli.EXIT_REFUSED


def cmd_export(args: argparse.Namespace) -> int:
    """Export the changes since the last export into a folder."""
    from commandcenter import settings as settings_mod

    cli = _cli()
    outbox = args.outbox or settings_mod.load().sync.outbox
    if not outbox:
        raise cli.CliError("no outbox: set it in the settings or pass --outbox", cli.EXIT_USAGE)
    with cli.open_context(args) as ctx:
        result = _sync_service(ctx).export(outbox, tuple(args.format or ("csv", "xlsx")))
    _print(args, result, "export")
    return cli.EXIT_OK


def _label(record: dict[str, Any]) -> str:
    """A record's name; a responsibility rule's is its category and target."""
    if "name" not in record and "target" in record:
        return f"{record.get('category')} -> {record.get('target')}"
    return record.get("name") or ""


def format_reference(data: dict[str, Any], limit: int = SHOWN_CHANGES) -> str:
    """A reference preview / result (`RefPreview.to_dict()`) as a few readable lines."""
    counts = data["counts"]
    verb = {"preview": "would change (preview, nothing written; --apply to apply)",
            "applied": "applied", "already_applied": "already applied earlier, nothing changed"}
    lines = [f"{data['kind'] or 'reference'} file {data['file']}: {data['total']} rows, "
             f"{'full' if data['full'] else 'partial'} export; "
             f"{verb.get(data['status'], data['status'])}",
             "  " + ", ".join(f"{k} {counts[k]}" for k in (
                 "added", "changed", "retired", "reactivated", "unchanged", "refused"))]
    changes = data.get("changes") or []
    for c in changes[:limit]:
        what = ""
        if c["action"] == "changed":
            what = "  " + "; ".join(f"{f}: {c['before'].get(f)!r} -> {c['after'].get(f)!r}"
                                    for f in c["fields"])
        elif c["action"] in ("added", "reactivated") and c.get("after"):
            what = f"  {_label(c['after'])}"
        lines.append(f"  {c['action']:<11} {c['code']}{what}")
    if len(changes) > limit:
        lines.append(f"  ... and {len(changes) - limit} more (--json lists every change)")
    for r in data.get("refused") or []:  # a category's dropped conditions: not changed
        lines.append(f"  NOT {'changed' if r.get('conditions') else 'retired'} {r['code']}: "
                     f"{r['reason']}")
    for note in data.get("notes") or []:
        lines.append(f"  note: {note}")
    return "\n".join(lines)


def cmd_sync_reference(args: argparse.Namespace) -> int:
    """Preview (default) or apply (--apply) the district's units / people / categories
    export or its responsibility rules."""
    from commandcenter.sync.readers import StructuralError
    from commandcenter.sync.reference import ReferenceError

    cli = _cli()
    with cli.open_context(args) as ctx:
        service = _sync_service(ctx)
        try:
            if args.apply:
                res = service.apply_reference(args.file, args.kind, full=not args.partial)
            else:
                res = service.preview_reference(args.file, args.kind, full=not args.partial)
        except (StructuralError, ReferenceError, OSError) as exc:
            problems = list(getattr(exc, "problems", None) or [])
            detail = "".join(f"\n  {p}" for p in problems)
            raise cli.CliError(f"file rejected, nothing changed: {exc}{detail}") from exc
    data = res.to_dict()
    if data.get("problems"):  # a preview lists them; such a file is never applied
        raise cli.CliError("file rejected, nothing changed: "
                           f"{len(data['problems'])} problem(s)"
                           + "".join(f"\n  {p}" for p in data["problems"]))
    cli._out(json.dumps(cli.to_jsonable(data), ensure_ascii=False) if args.json
             else format_reference(data))
    return cli.EXIT_OK


# ---------------------------------------------------------------------- parsers
def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "import", help="import a district export file (CSV, XLSX, JSON, Open311); running "
                       "the same import again resumes an interrupted one",
        description="Import one district export file. It is written in recorded batches: if "
                    "an import is interrupted, running the same import again resumes it and "
                    "completes the file exactly once. Refused (exit 1) while another process "
                    "imports the same file.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--profile", help="mapping profile name (default: recognised from the header)")
    p.add_argument("--source", help="source name the rows are keyed by (default: the profile's)")
    p.add_argument("--force", action="store_true",
                   help="re-read a file already applied (unchanged rows still write nothing)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("sync", help="import new inbox files and export changes to the outbox; "
                                    "'sync reference FILE' for units / people / categories "
                                   "/ responsibility rules / grids",
                       description="One sync run (interrupted imports resume), or, with "
                                   "'reference', the district's units / people / categories "
                                   "export.")
    p.add_argument("--inbox", help="inbox folder (default: the settings)")
    p.add_argument("--outbox", help="outbox folder (default: the settings)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_sync)
    sync_sub = p.add_subparsers(dest="sync_command", required=False, metavar="[reference]")
    r = sync_sub.add_parser(
        "reference", help="preview (default) or apply the district's units / people / "
                          "categories export, responsibility rules or grids",
        description="Reads a units, people or categories-and-standards file (CSV or XLSX), "
                    "a responsibility rules file (JSON, the responsibility.json format) or a "
                    "grids file (GeoJSON, the grids.geojson format: names, area classes, "
                    "validity and boundaries), "
                    "checks every row or rule and shows what would be added, changed and "
                    "retired or removed (a unit, class or grid still in use is not retired: "
                    "the refusal says why). Nothing is written without --apply; a file with "
                    "problems is rejected whole and changes nothing.")
    r.add_argument("file", metavar="FILE")
    r.add_argument("--kind", choices=REFERENCE_KINDS,
                   help="what the file holds (default: told by its header)")
    r.add_argument("--partial", action="store_true",
                   help="the file lists only some records: retire nothing it omits")
    r.add_argument("--apply", action="store_true", help="apply it (one transaction, audited)")
    r.add_argument("--json", action="store_true", help="print JSON")
    r.set_defaults(func=cmd_sync_reference)

    p = sub.add_parser("export", help="export the changes since the last export")
    p.add_argument("--outbox", help="folder (default: the settings' outbox)")
    p.add_argument("--format", action="append", choices=["csv", "xlsx", "open311"],
                   help="repeatable (default: csv and xlsx)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_export)
