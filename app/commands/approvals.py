"""The approval queue from the command line: ``approvals`` lists what awaits confirmation,
``approvals confirm ID...`` and ``approvals reject ID --reason TEXT`` act on it.

Listing first cancels requests past the branch's confirmation timeout (as the desk does
when it shows the queue), so what is listed is what a manager can still confirm.
"""

from __future__ import annotations

import argparse
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking import approvals, lookup
from app.booking.transactions import run_write
from app.cli import Context
from app.models import Branch


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "approvals", parents=[common], help="requests awaiting a manager's confirmation"
    )
    p.add_argument("--branch", metavar="NAME", help="one branch (default: all)")
    p.add_argument(
        "--all", action="store_true", help="also list confirmed appointments not yet over"
    )
    p.set_defaults(handler=list_queue)
    actions = p.add_subparsers(dest="action", metavar="ACTION")

    c = actions.add_parser("confirm", parents=[common], help="confirm requests")
    c.add_argument("ids", nargs="+", type=int, metavar="ID")
    c.set_defaults(handler=confirm)

    r = actions.add_parser("reject", parents=[common], help="reject a request with a reason")
    r.add_argument("id", type=int, metavar="ID")
    r.add_argument("--reason", required=True, help="why (the customer is told)")
    r.set_defaults(handler=reject)


def _zones(session: Session) -> dict[int, ZoneInfo]:
    return {b.id: ZoneInfo(b.timezone) for b in session.scalars(select(Branch))}


def _short(iso: str) -> str:
    return iso[:16].replace("T", " ")


def list_queue(ctx: Context, args: argparse.Namespace) -> int:
    now = ctx.now()
    sessions = ctx.sessions()
    expired = approvals.expire_due(sessions, now)
    with sessions() as session:
        branch_id = lookup.branch(session, args.branch).id if args.branch else None
        zones = _zones(session)
        items = approvals.queue(session, now, branch_id, include_confirmed=args.all)
    rows = [i.to_json(zones[i.branch_id]) for i in items]
    waiting = sum(1 for i in items if i.awaiting)
    text = [
        f"{r['id']:>6}  {'waiting  ' if r['awaiting'] else 'confirmed'}  "
        f"{_short(r['start'])}  {r['service']}  {r['agent'] or '(any agent)'}  "
        f"{r['customer']}  (asked {_short(r['requested_at'])})"
        for r in rows
    ]
    if expired:
        text.append(f"{len(expired)} request(s) past the confirmation timeout were cancelled.")
    if not rows:
        text.insert(0, "Nothing awaits confirmation.")
    ctx.out({"waiting": waiting, "appointments": rows, "expired": expired}, text)
    return 0


def confirm(ctx: Context, args: argparse.Namespace) -> int:
    result = approvals.confirm_many(ctx.sessions(), ctx.username, args.ids, ctx.now())
    text = [f"Confirmed {i}." for i in result.confirmed] + [
        f"Not confirmed {f.id}: {f.message}" for f in result.failed
    ]
    ctx.out(result.to_json(), text)
    if result.failed:
        ctx.note(
            f"frontdesk: {len(result.failed)} of {len(result.confirmed) + len(result.failed)} "
            "request(s) could not be confirmed."
        )
        return 1
    return 0


def reject(ctx: Context, args: argparse.Namespace) -> int:
    now = ctx.now()

    def work(session: Session) -> dict[str, Any]:
        appt = approvals.reject(session, ctx.actor(session), args.id, args.reason, now)
        return {"id": appt.id, "status": appt.status.key, "reason": args.reason.strip()}

    data = run_write(ctx.sessions(), work)
    ctx.out(data, f"Rejected {data['id']} ({data['status']}): {data['reason']}")
    return 0
