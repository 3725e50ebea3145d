"""``frontdesk audit``: read the audit trail, filtered, newest first; or export it to CSV.

Days given with --from and --to are the branch's local days (both inclusive), so
``--from 2026-11-23 --to 2026-11-23`` is that whole Monday in the branch's zone. The
trail is read only: no subcommand changes or removes an entry.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from app.booking import audit
from app.cli import CliError, Context

#: Entries listed when neither --limit nor --csv says otherwise.
DEFAULT_LIMIT = 100


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"expects a date such as 2026-11-23, not {value!r}"
        ) from exc


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expects a whole number, not {value!r}") from exc
    if number <= 0:
        raise argparse.ArgumentTypeError(f"expects a number above 0, not {value}")
    return number


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "audit",
        parents=[common],
        help="show or export the audit trail (who changed what, when)",
        description="List audit entries newest first, or write them to a CSV file.",
    )
    p.add_argument("--from", dest="first", metavar="DATE", type=_day, help="first local day")
    p.add_argument("--to", dest="last", metavar="DATE", type=_day, help="last local day")
    p.add_argument("--user", metavar="NAME", help="only what this username did")
    p.add_argument(
        "--entity", metavar="TYPE", help="appointment, customer, setting, status, branch..."
    )
    p.add_argument("--id", dest="entity_id", metavar="N", type=int, help="only this entity id")
    p.add_argument("--action", metavar="ACTION", help="e.g. appointment.book")
    p.add_argument("--text", metavar="WORDS", help="search who, action and values")
    p.add_argument(
        "--limit",
        metavar="N",
        type=_positive,
        help=f"at most N entries (default {DEFAULT_LIMIT}; every entry with --csv)",
    )
    p.add_argument("--offset", metavar="N", type=int, default=0, help="skip the N newest")
    p.add_argument("--csv", metavar="FILE", help="write the entries to FILE ('-': stdout)")
    p.set_defaults(handler=show_audit)


def _summary(row: audit.AuditRow) -> str:
    fields = row.changed_fields()
    if not fields:
        return ""
    shown = ", ".join(fields[:6]) + (", ..." if len(fields) > 6 else "")
    return f" [{shown}]"


def show_audit(ctx: Context, args: argparse.Namespace) -> int:
    if args.offset < 0:
        raise CliError("usage", "audit: --offset cannot be negative")
    limit = args.limit if args.limit is not None else (None if args.csv else DEFAULT_LIMIT)
    with ctx.sessions()() as session:
        tz = audit.branch_zone(session)
        start, end = audit.local_dates_range(args.first, args.last, tz)
        flt = audit.AuditFilter(
            start=start,
            end=end,
            user=args.user,
            entity_type=args.entity,
            entity_id=args.entity_id,
            action=args.action,
            text=args.text,
        )
        total = audit.count(session, flt)
        rows = audit.entries(session, flt, limit=limit, offset=args.offset)
    if args.csv:
        content = audit.export_csv(rows, tz)
        if args.csv == "-":
            # The data is the output; a summary would corrupt it, even with --json.
            sys.stdout.write(content)
            sys.stdout.flush()
            return 0
        try:
            # utf-8-sig: spreadsheets read UTF-8 only when the file starts with a BOM.
            Path(args.csv).write_text(content, encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise CliError("unwritable_file", f"Cannot write {args.csv}: {exc.strerror}") from exc
        data = {"path": args.csv, "count": len(rows), "total": total}
        ctx.out(
            data,
            f"Exported {len(rows)} audit entr{'y' if len(rows) == 1 else 'ies'} to {args.csv}.",
        )
        return 0
    data = {
        "timezone": tz.key,
        "total": total,
        "offset": args.offset,
        "entries": [r.to_json(tz) for r in rows],
    }
    if not rows:
        ctx.out(data, "No audit entries match.")
        return 0
    lines = []
    for r in rows:
        what = r.entity_type + ("" if r.entity_id is None else f" #{r.entity_id}")
        when = r.at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")
        lines.append(f"{when}  {r.user}  {r.action}  {what}{_summary(r)}")
    shown_to = args.offset + len(rows)
    if total > shown_to or args.offset:
        lines.append(f"({args.offset + 1}-{shown_to} of {total}, newest first, {tz.key} time)")
    else:
        lines.append(f"({total} entr{'y' if total == 1 else 'ies'}, newest first, {tz.key} time)")
    ctx.out(data, lines)
    return 0
