"""``frontdesk sync [--account ID] [--once]``: run the calendar sync from the command line.

With ``--once`` (or a fixed ``--now``) every enabled account (or the one named) syncs
once, now. Without it the command keeps running as a small worker for a machine without
an open desk: each account syncs when its next run comes, until Ctrl-C.
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking.errors import NotFound
from app.cli import Context
from app.models import CalendarAccount
from app.sync.engine import SyncReport, sync_account

#: The worker never sleeps longer than this between looks at the accounts.
MAX_SLEEP = timedelta(minutes=1)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser(
        "sync", help="sync agents' calendars (once, or keep running)", parents=[common]
    )
    s.add_argument("--account", type=int, metavar="ID", help="only this account")
    s.add_argument("--once", action="store_true", help="sync once now and stop")
    s.set_defaults(handler=run_sync)


def _accounts(sessions: sessionmaker[Session], only: int | None) -> list[CalendarAccount]:
    with sessions() as session:
        query = select(CalendarAccount).order_by(CalendarAccount.id)
        if only is not None:
            query = query.where(CalendarAccount.id == only)
        else:
            query = query.where(CalendarAccount.enabled.is_(True))
        found = list(session.scalars(query))
        session.expunge_all()
    if only is not None and not found:
        raise NotFound("calendar account", only)
    return found


def _line(report: SyncReport) -> str:
    return f"Account {report.account_id}: {report.summary()}."


def run_sync(ctx: Context, args: argparse.Namespace) -> int:
    sessions = ctx.sessions()
    if args.once or args.now:
        now = ctx.now()
        reports = [sync_account(sessions, a.id, now) for a in _accounts(sessions, args.account)]
        ctx.out(
            [r.to_json() for r in reports],
            [_line(r) for r in reports] or ["No calendar accounts to sync."],
        )
        return 1 if any(r.error for r in reports) else 0
    try:
        while True:
            now = ctx.now()
            wake = now + MAX_SLEEP
            for account in _accounts(sessions, args.account):
                due: datetime | None = account.next_run_at
                if due is None or due <= now:
                    report = sync_account(sessions, account.id, now)
                    ctx.out(report.to_json(), _line(report))
                    due = now + timedelta(minutes=max(1, account.interval_min))
                wake = min(wake, due)
            time.sleep(max(1.0, (wake - ctx.now()).total_seconds()))
    except KeyboardInterrupt:
        return 0
