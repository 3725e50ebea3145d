"""``frontdesk customers ...``: the address book from the command line.

add, find, show, import, export, merge and duplicates. Writes run in one transaction
each (app.models.db.write_session commits) as the built-in desk user. JSON shapes are
documented in docs/cli.md under "Customers".
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking import customer_io
from app.booking import customers as cust
from app.booking.errors import BookingError
from app.cli import CliError, Context
from app.models import Agent, Appointment, Branch, Customer, Service, StatusDefinition
from app.models.db import write_session


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("customers", help="the customer address book", parents=[common])
    csub = p.add_subparsers(dest="customers_command", metavar="ACTION", required=True)

    add = csub.add_parser("add", parents=[common], help="add a customer")
    add.add_argument("--name", required=True)
    add.add_argument("--phone")
    add.add_argument("--email")
    add.add_argument("--notes")
    add.add_argument(
        "--field",
        action="append",
        default=[],
        metavar='"NAME=VALUE"',
        help="a custom field (repeat for several)",
    )
    add.set_defaults(handler=add_customer)

    find = csub.add_parser(
        "find", parents=[common], help="search by part of the name, phone digits or e-mail"
    )
    find.add_argument("query")
    find.add_argument("--limit", type=_positive, default=cust.DEFAULT_LIMIT)
    find.set_defaults(handler=find_customers)

    show = csub.add_parser("show", parents=[common], help="a customer and their appointments")
    show.add_argument("id", type=_positive)
    show.set_defaults(handler=show_customer)

    imp = csub.add_parser("import", parents=[common], help="import customers from CSV or vCard")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--format", choices=customer_io.FORMATS, help="default: from the extension")
    imp.add_argument(
        "--map",
        action="append",
        metavar='"HEADER=FIELD"',
        help="take only these CSV columns, into these fields (repeat for several)",
    )
    imp.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
    imp.add_argument(
        "--skip-invalid", action="store_true", help="import the good rows, list the others"
    )
    imp.set_defaults(handler=import_customers)

    exp = csub.add_parser("export", parents=[common], help="export every customer")
    exp.add_argument("file", metavar="FILE|-")
    exp.add_argument("--format", choices=customer_io.FORMATS, help="default: from the extension")
    exp.add_argument("--vcard-version", choices=customer_io.VCARD_VERSIONS, default="4.0")
    exp.set_defaults(handler=export_customers)

    merge = csub.add_parser(
        "merge", parents=[common], help="fold OTHER_ID into KEEP_ID, then delete OTHER_ID"
    )
    merge.add_argument("keep_id", type=_positive, metavar="KEEP_ID")
    merge.add_argument("other_id", type=_positive, metavar="OTHER_ID")
    merge.set_defaults(handler=merge_customers)

    dup = csub.add_parser(
        "duplicates", parents=[common], help="groups of customers sharing a phone or e-mail"
    )
    dup.set_defaults(handler=list_duplicates)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {value!r}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"expected a number above 0, not {value}")
    return number


def _fields(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CliError("usage", f'--field expects "Name=value", not {pair!r}')
        out[name.strip()] = value
    return out


def _line(customer: Customer, region: str | None) -> str:
    contact = [
        part
        for part in (cust.phone_display(customer.phone, region), customer.email)
        if part is not None
    ]
    return f"#{customer.id}  {customer.name}" + (f"  ({', '.join(contact)})" if contact else "")


def add_customer(ctx: Context, args: argparse.Namespace) -> int:
    with write_session(ctx.sessions()) as session:
        result = cust.add_customer(
            session,
            ctx.actor(session),
            now=ctx.now(),
            name=args.name,
            phone=args.phone,
            email=args.email,
            notes=args.notes,
            fields=_fields(args.field),
        )
        region = cust.default_region(session)
        others = cust.customers_by_ids(session, result.duplicates)
        data = {**cust.customer_to_json(result.customer, region), "duplicates": result.duplicates}
        text = [f"Added customer {_line(result.customer, region)}."]
        text += [
            f"Warning: same phone or e-mail as {_line(other, region)}; "
            f"merge with: frontdesk customers merge {other.id} {result.customer.id}"
            for other in others
        ]
    ctx.out(data, text)
    return 0


def find_customers(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.sessions()() as session:
        found = cust.find_customers(session, args.query, args.limit)
        region = cust.default_region(session)
        data = [cust.customer_to_json(c, region) for c in found]
        text = [_line(c, region) for c in found] or [f"No customer matches {args.query!r}."]
    ctx.out(data, text)
    return 0


def _appointments(session: Session, customer_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Appointment, Service.name, Agent.name, StatusDefinition, Branch)
        .join(Service, Service.id == Appointment.service_id)
        .join(StatusDefinition, StatusDefinition.id == Appointment.status_id)
        .join(Branch, Branch.id == Appointment.branch_id)
        .outerjoin(Agent, Agent.id == Appointment.agent_id)
        .where(Appointment.customer_id == customer_id)
        .order_by(Appointment.start_at.desc(), Appointment.id.desc())
    ).all()
    out = []
    for appointment, service, agent, status, branch in rows:
        start = appointment.start_at.astimezone(ZoneInfo(branch.timezone))
        out.append(
            {
                "id": appointment.id,
                "start": start.isoformat(),
                "branch": branch.name,
                "service": service,
                "agent": agent,
                "status": status.key,
                "status_name": status.name,
            }
        )
    return out


def show_customer(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.sessions()() as session:
        customer = cust.get_customer(session, args.id)
        region = cust.default_region(session)
        appointments = _appointments(session, customer.id)
        data = {**cust.customer_to_json(customer, region), "appointments": appointments}
    text = [f"#{customer.id}  {customer.name}"]
    text += [
        f"  {label}: {value}"
        for label, value in (
            ("Phone", data["phone_display"]),
            ("E-mail", customer.email),
            ("Notes", (customer.notes or "").replace("\n", "\n         ") or None),
        )
        if value
    ]
    text += [f"  {name}: {value}" for name, value in sorted(data["fields"].items())]
    if appointments:
        text.append("  Appointments (newest first):")
        for a in appointments:
            when = a["start"][:16].replace("T", " ")
            text.append(
                f"    #{a['id']}  {when}  {a['service']}  "
                f"{a['agent'] or '(no agent)'}  {a['status_name']}"
            )
    else:
        text.append("  No appointments.")
    ctx.out(data, text)
    return 0


def import_customers(ctx: Context, args: argparse.Namespace) -> int:
    fmt = customer_io.format_for_path(args.file, args.format)
    if fmt != "csv" and args.map:
        raise CliError("usage", "--map only applies to CSV files")
    path = Path(args.file)
    try:
        with write_session(ctx.sessions()) as session:
            actor = ctx.actor(session)
            if fmt == "csv":
                report = customer_io.import_csv(
                    session,
                    actor,
                    path,
                    now=ctx.now(),
                    mapping=args.map,
                    dry_run=args.dry_run,
                    skip_invalid=args.skip_invalid,
                )
            else:
                report = customer_io.import_vcard(
                    session,
                    actor,
                    path,
                    now=ctx.now(),
                    dry_run=args.dry_run,
                    skip_invalid=args.skip_invalid,
                )
    except BookingError as exc:
        if exc.code != "import_rejected":
            raise
        # The report is the point of the failure: show every rejected row, not one line.
        ctx.note(f"frontdesk: {exc.message}")
        for item in exc.details["rejected"]:
            ctx.note(f"  {item['where']}: {item['reason']}")
        if ctx.json:
            error = {"code": exc.code, "message": exc.message, "details": exc.details}
            print(json.dumps({"error": error}, ensure_ascii=False))
        return 1
    text = [report.summary()]
    text += [f"  {r.where}: {r.reason}" for r in report.rejected]
    ctx.out(report.to_json(), text)
    return 0


def export_customers(ctx: Context, args: argparse.Namespace) -> int:
    fmt = customer_io.format_for_path(args.file, args.format) if args.file != "-" else args.format
    fmt = fmt or "csv"
    with ctx.sessions()() as session:
        rows = list(session.scalars(select(Customer).order_by(Customer.id)))
        if fmt == "csv":
            content = customer_io.export_csv(session, rows)
        else:
            content = customer_io.export_vcard(session, args.vcard_version, rows)
    if args.file == "-":
        # The data is the output; a summary would corrupt it, even with --json.
        sys.stdout.write(content)
        sys.stdout.flush()
        return 0
    # utf-8-sig for CSV: Excel reads UTF-8 only when the file starts with a BOM.
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    try:
        Path(args.file).write_text(content, encoding=encoding, newline="")
    except OSError as exc:
        raise CliError("unwritable_file", f"Cannot write {args.file}: {exc.strerror}") from exc
    data = {"path": args.file, "format": fmt, "count": len(rows)}
    if fmt == "vcard":
        data["vcard_version"] = args.vcard_version
    ctx.out(data, f"Exported {len(rows)} customer(s) to {args.file} ({fmt}).")
    return 0


def merge_customers(ctx: Context, args: argparse.Namespace) -> int:
    with write_session(ctx.sessions()) as session:
        result = cust.merge_customers(
            session, ctx.actor(session), args.keep_id, args.other_id, now=ctx.now()
        )
        region = cust.default_region(session)
        data = {
            **cust.customer_to_json(result.customer, region),
            "merged_id": result.merged_id,
            "moved_appointments": result.moved_appointments,
        }
        text = (
            f"Merged #{result.merged_id} into {_line(result.customer, region)}; "
            f"{len(result.moved_appointments)} appointment(s) moved."
        )
    ctx.out(data, text)
    return 0


def list_duplicates(ctx: Context, _args: argparse.Namespace) -> int:
    with ctx.sessions()() as session:
        groups = cust.find_duplicates(session)
        region = cust.default_region(session)
        data: list[dict[str, Any]] = []
        text: list[str] = []
        for group in groups:
            members = cust.customers_by_ids(session, group.ids)
            shared = [{"kind": kind, "value": value} for kind, value in group.shared]
            data.append(
                {
                    "ids": group.ids,
                    "shared": shared,
                    "customers": [cust.customer_to_json(c, region) for c in members],
                }
            )
            what = ", ".join(
                f"{kind} {cust.phone_display(value, region) if kind == 'phone' else value}"
                for kind, value in group.shared
            )
            text.append(f"Same {what}:")
            text += [f"  {_line(c, region)}" for c in members]
    ctx.out(data, text or ["No duplicates: no two customers share a phone or an e-mail."])
    return 0
