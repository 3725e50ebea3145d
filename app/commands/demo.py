"""``frontdesk demo``: fill a database with the demo branch."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli import Context


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "demo",
        parents=[common],
        help="fill the database with a demo branch (Riverside, 500 customers, 4 weeks)",
    )
    p.add_argument(
        "--force", action="store_true", help="add the demo even if the database holds data"
    )
    p.add_argument("--customers", type=int, default=500, help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


def run(ctx: Context, args: argparse.Namespace) -> int:
    from app.booking.demo import create_demo

    report = create_demo(ctx.sessions(), ctx.now(), force=args.force, customers=args.customers)
    ctx.out(
        {
            "branch": report.branch,
            "customers": report.customers,
            "appointments": report.appointments,
        },
        f"Demo branch {report.branch}: {report.customers} customers, "
        f"{report.appointments} appointments.",
    )
    return 0
