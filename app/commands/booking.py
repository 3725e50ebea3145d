"""Slots and bookings from the command line: ``slots``, ``next-slot``, ``book``,
``appointments``, ``reschedule``, ``cancel``, ``status`` and ``history``.

Times: ``--start`` takes ISO 8601; without a UTC offset it is wall-clock time of the
branch. ``--from``/``--to`` are local dates of the branch, both included. Output times carry
the branch's UTC offset.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.booking import appointments as use
from app.booking import availability, lookup, statuses
from app.booking.appointments import BookingRequest, NewCustomer
from app.booking.transactions import run_write
from app.cli import CliError, Context
from app.models import Agent, Branch, Service


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("slots", parents=[common], help="bookable slots of a service")
    _service_args(p)
    p.add_argument("--from", dest="first", required=True, metavar="DATE", type=_date)
    p.add_argument("--to", dest="last", required=True, metavar="DATE", type=_date)
    p.add_argument("--agent", metavar="NAME", help="one agent's slots (default: any agent)")
    p.add_argument("--self-service", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=slots)

    p = sub.add_parser("next-slot", parents=[common], help="the earliest bookable slot from now")
    _service_args(p)
    p.add_argument("--agent", metavar="NAME")
    p.set_defaults(handler=next_slot)

    p = sub.add_parser("book", parents=[common], help="book an appointment")
    _service_args(p)
    p.add_argument("--start", required=True, metavar="ISO", help="start (branch time if no offset)")
    p.add_argument("--agent", metavar="NAME", help="the agent (default: assigned)")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--customer", metavar="ID|EMAIL|PHONE", help="an existing customer")
    who.add_argument("--name", metavar="NAME", help="a new customer's name")
    p.add_argument("--phone", metavar="PHONE", help="the new customer's phone")
    p.add_argument("--email", metavar="EMAIL", help="the new customer's e-mail")
    p.add_argument("--field", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--notes", metavar="TEXT")
    p.add_argument(
        "--source", default="desk", choices=["desk", "walk-in", "phone"], help="how they asked"
    )
    p.add_argument("--repeat", metavar="RRULE", help="repeat: RFC 5545 rule with COUNT or UNTIL")
    p.add_argument(
        "--skip-conflicts",
        action="store_true",
        help="with --repeat: book what is free and list the rest (default: all or nothing)",
    )
    p.add_argument(
        "--override", metavar="REASON", help="book despite the lead-time rules (recorded)"
    )
    p.set_defaults(handler=book)

    p = sub.add_parser("appointments", parents=[common], help="list appointments")
    p.add_argument("--branch", metavar="NAME")
    p.add_argument("--from", dest="first", required=True, metavar="DATE", type=_date)
    p.add_argument("--to", dest="last", required=True, metavar="DATE", type=_date)
    p.add_argument("--agent", metavar="NAME")
    p.add_argument("--status", metavar="KEY")
    p.set_defaults(handler=list_appointments)

    p = sub.add_parser("reschedule", parents=[common], help="move an appointment")
    p.add_argument("id", type=int)
    p.add_argument("--start", required=True, metavar="ISO")
    p.add_argument("--reason", required=True)
    p.add_argument("--agent", metavar="NAME", help="move to another agent too")
    p.add_argument("--override", metavar="REASON", help="despite the lead-time rules")
    p.set_defaults(handler=reschedule)

    p = sub.add_parser("cancel", parents=[common], help="cancel an appointment")
    p.add_argument("id", type=int)
    p.add_argument("--reason", required=True)
    p.add_argument("--override", action="store_true", help="even if the service forbids cancelling")
    p.set_defaults(handler=cancel)

    p = sub.add_parser("status", parents=[common], help="change an appointment's status")
    p.add_argument("id", type=int)
    p.add_argument("status", metavar="STATUS", help="status key, e.g. confirmed, noshow")
    p.add_argument("--reason")
    p.set_defaults(handler=set_status)

    p = sub.add_parser("history", parents=[common], help="an appointment's status history")
    p.add_argument("id", type=int)
    p.set_defaults(handler=history)


def _service_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--service", required=True, metavar="NAME")
    p.add_argument("--branch", metavar="NAME", help="needed when there are several branches")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date such as 2026-11-23, not {text!r}"
        ) from None


def _instant(text: str, tz: ZoneInfo) -> datetime:
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise CliError(
            "usage", f"--start expects a date-time such as 2026-11-23T09:30, not {text!r}"
        ) from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=tz)
    return at


def _fields(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CliError("usage", f"--field expects NAME=VALUE, not {pair!r}")
        out[name.strip()] = value
    return out


def _service(session: Session, args: argparse.Namespace) -> tuple[Branch, Service, ZoneInfo]:
    branch = lookup.branch(session, args.branch)
    return branch, lookup.service(session, branch.id, args.service), ZoneInfo(branch.timezone)


def _agent_id(session: Session, branch: Branch, name: str | None) -> int | None:
    return lookup.agent(session, branch.id, name).id if name else None


def _short(iso: Any) -> str:
    """``2026-11-23T09:30:00-05:00`` as ``2026-11-23 09:30`` for the plain-text output."""
    return str(iso)[:16].replace("T", " ")


def _names(session: Session, ids: tuple[int, ...]) -> list[str]:
    return [a.name for a in (session.get(Agent, i) for i in ids) if a is not None]


# -- handlers ------------------------------------------------------------------------------


def slots(ctx: Context, args: argparse.Namespace) -> int:
    if args.last < args.first:
        raise CliError("usage", "--to must not be before --from")
    with ctx.sessions()() as session:
        branch, service, tz = _service(session, args)
        found = availability.slots(
            session,
            service,
            args.first,
            args.last,
            ctx.now(),
            agent_id=_agent_id(session, branch, args.agent),
            audience="self-service" if args.self_service else "desk",
        )
        names = {a.id: a.name for a in service.agents}
        rows = [
            {
                "start": s.start.astimezone(tz).isoformat(),
                "end": s.end.astimezone(tz).isoformat(),
                "agents": [names[i] for i in s.agent_ids if i in names],
            }
            for s in found
        ]
    text = [f"{_short(r['start'])}  {', '.join(r['agents'])}" for r in rows]
    ctx.out(
        {"service": service.name, "timezone": branch.timezone, "slots": rows},
        text or f"No free slot for {service.name} between {args.first} and {args.last}.",
    )
    return 0


def next_slot(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.sessions()() as session:
        branch, service, tz = _service(session, args)
        slot = availability.next_slot(
            session, service, ctx.now(), agent_id=_agent_id(session, branch, args.agent)
        )
        if slot is None:
            ctx.out(
                {"service": service.name, "timezone": branch.timezone, "slot": None},
                f"No free slot for {service.name} within its booking horizon.",
            )
            return 0
        row = {
            "start": slot.start.astimezone(tz).isoformat(),
            "end": slot.end.astimezone(tz).isoformat(),
            "agents": _names(session, slot.agent_ids),
        }
    ctx.out(
        {"service": service.name, "timezone": branch.timezone, "slot": row},
        f"{_short(row['start'])}  {', '.join(row['agents'])}",
    )
    return 0


def book(ctx: Context, args: argparse.Namespace) -> int:
    now = ctx.now()
    if args.name is None and (args.phone or args.email):
        raise CliError("usage", "--phone and --email describe a new customer: give --name too")

    def work(session: Session) -> tuple[list[dict[str, Any]], list[tuple[datetime, str]], str]:
        actor = ctx.actor(session)
        branch, service, tz = _service(session, args)
        customer_id = lookup.customer(session, args.customer).id if args.customer else None
        request = BookingRequest(
            service_id=service.id,
            start=_instant(args.start, tz),
            customer_id=customer_id,
            new_customer=NewCustomer(args.name, args.phone, args.email) if args.name else None,
            agent_id=_agent_id(session, branch, args.agent),
            field_values=_fields(args.field),
            notes=args.notes,
            source=args.source,
            override_reason=args.override,
        )
        if args.repeat:
            starts = use.repeat_starts(args.repeat, request.start, tz)
            result = use.book_repeating(
                session, actor, request, starts, now, skip_conflicts=args.skip_conflicts
            )
            return [use.to_json(a, tz) for a in result.booked], result.skipped, branch.timezone
        return [use.to_json(use.book(session, actor, request, now), tz)], [], branch.timezone

    rows, skipped, tz_name = run_write(ctx.sessions(), work)
    tz = ZoneInfo(tz_name)
    lines = [
        f"Booked #{r['id']}: {r['service']} with {r['agent']} for {r['customer']['name']}, "
        f"{_short(r['start'])} ({r['status']})"
        for r in rows
    ]
    lines += [f"Skipped {_short(s.astimezone(tz).isoformat())}: {code}" for s, code in skipped]
    skipped_json = [{"start": s.astimezone(tz).isoformat(), "code": c} for s, c in skipped]
    data: dict[str, Any] = (
        rows[0]
        if len(rows) == 1 and not args.repeat
        else {
            "appointments": rows,
            "skipped": skipped_json,
        }
    )
    ctx.out(data, lines)
    return 0


def list_appointments(ctx: Context, args: argparse.Namespace) -> int:
    if args.last < args.first:
        raise CliError("usage", "--to must not be before --from")
    with ctx.sessions()() as session:
        branch = lookup.branch(session, args.branch)
        tz = ZoneInfo(branch.timezone)
        start = datetime.combine(args.first, time(), tz)
        end = datetime.combine(args.last + timedelta(days=1), time(), tz)
        found = use.list_between(
            session,
            start,
            end,
            agent_id=_agent_id(session, branch, args.agent),
            status_key=args.status,
            branch_id=branch.id,
        )
        rows = [use.to_json(a, tz) for a in found]
    ctx.out(
        {"timezone": branch.timezone, "appointments": rows},
        [
            f"#{r['id']:<6} {_short(r['start'])}  {r['status']:<10} "
            f"{r['service']} · {r['agent'] or '-'} · {r['customer']['name']}"
            for r in rows
        ]
        or "No appointments in that range.",
    )
    return 0


def _one(ctx: Context, appt_id: int) -> None:
    with ctx.sessions()() as session:
        appt = use.get(session, appt_id)
        branch = session.get(Branch, appt.branch_id)
        assert branch is not None
        row = use.to_json(appt, ZoneInfo(branch.timezone))
    ctx.out(
        row,
        f"#{row['id']} {row['service']} with {row['agent']} for {row['customer']['name']}, "
        f"{_short(row['start'])} ({row['status']})",
    )


def reschedule(ctx: Context, args: argparse.Namespace) -> int:
    now = ctx.now()

    def work(session: Session) -> None:
        actor = ctx.actor(session)
        appt = use.get(session, args.id)
        branch = session.get(Branch, appt.branch_id)
        assert branch is not None
        use.reschedule(
            session,
            actor,
            args.id,
            _instant(args.start, ZoneInfo(branch.timezone)),
            args.reason,
            now,
            agent_id=_agent_id(session, branch, args.agent),
            override_reason=args.override,
        )

    run_write(ctx.sessions(), work)
    _one(ctx, args.id)
    return 0


def cancel(ctx: Context, args: argparse.Namespace) -> int:
    now = ctx.now()
    run_write(
        ctx.sessions(),
        lambda s: use.cancel(s, ctx.actor(s), args.id, args.reason, now, override=args.override),
    )
    _one(ctx, args.id)
    return 0


def set_status(ctx: Context, args: argparse.Namespace) -> int:
    now = ctx.now()
    run_write(
        ctx.sessions(),
        lambda s: use.set_status(s, ctx.actor(s), args.id, args.status, now, args.reason),
    )
    _one(ctx, args.id)
    return 0


def history(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.sessions()() as session:
        appt = use.get(session, args.id)
        branch = session.get(Branch, appt.branch_id)
        assert branch is not None
        tz = ZoneInfo(branch.timezone)
        entries = statuses.history(session, args.id)
    rows = [
        {
            "at": e.at.astimezone(tz).isoformat(),
            "from": e.from_status,
            "to": e.to_status,
            "by": e.actor,
            "reason": e.reason,
        }
        for e in entries
    ]
    ctx.out(
        {"id": args.id, "history": rows},
        [
            f"{_short(r['at'])}  {r['from'] or '(new)'} → {r['to']}  "
            f"by {r['by']}" + (f": {r['reason']}" if r["reason"] else "")
            for r in rows
        ],
    )
    return 0
