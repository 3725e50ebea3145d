"""The nightly clean-up: at each branch's local midnight, archive its old appointments.

A branch that sets ``archive.after_days`` to N has, at the midnight that starts local day
D, every appointment that ended by the start of day D - N archived (``archived_at`` set;
nothing is deleted). Days are the branch's wall-clock days, so a 23- or 25-hour day around
a daylight-saving change still counts as one day and the job runs at 00:00 local on both
sides of it. Without the setting (the default) nothing is ever archived.

Archived appointments leave the calendar, the reminders and the other jobs' queries; the
history, the audit trail and the outbox keep them. Archiving bumps the appointment's
version, so a desk that still shows one cannot save an edit over it unknowingly.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from app.booking import audit, settings
from app.booking.permissions import SYSTEM
from app.booking.transactions import run_write
from app.models import Appointment, Branch
from app.scheduling.zone import from_minutes, to_minutes, zone_for


def archive_cutoff(timezone: str, days: int, now: datetime) -> datetime:
    """The start of the local day ``days`` days before ``now``'s local day: appointments
    that ended by then are older than the retention."""
    zone = zone_for(timezone)
    today = zone.day_of(to_minutes(now))
    return from_minutes(zone.day_start(today - days))


def next_midnight(timezone: str, after: datetime) -> datetime:
    """The first local midnight (start of a local day) of ``timezone`` after ``after``."""
    zone = zone_for(timezone)
    return from_minutes(zone.day_start(zone.day_of(to_minutes(after)) + 1))


def next_cleanup(sessions: sessionmaker[Session], after: datetime) -> datetime:
    """When the clean-up is next due: the earliest coming midnight of any branch (a day on
    when there is no branch yet)."""
    with sessions() as session:
        zones = set(session.scalars(select(Branch.timezone)))
    if not zones:
        return after + timedelta(days=1)
    return min(next_midnight(zone, after) for zone in zones)


def archive_branch(session: Session, branch_id: int, now: datetime) -> int:
    """Archive one branch's appointments older than its retention; returns how many.
    Does not commit."""
    days = settings.get(session, settings.ARCHIVE_AFTER_DAYS, branch_id)
    branch = session.get(Branch, branch_id)
    if not days or branch is None:
        return 0
    cutoff = archive_cutoff(branch.timezone, int(days), now)
    done = session.execute(
        update(Appointment)
        .where(
            Appointment.branch_id == branch_id,
            Appointment.archived_at.is_(None),
            Appointment.end_at <= cutoff,
        )
        .values(archived_at=now, version=Appointment.version + 1)
        .execution_options(synchronize_session=False)
    )
    count = int(getattr(done, "rowcount", 0) or 0)
    if count:
        audit.record(
            session,
            SYSTEM,
            now,
            "appointments.archive",
            "branch",
            branch_id,
            after={"archived": count, "ended_by": cutoff.isoformat(), "after_days": days},
        )
    return count


def archive_old(sessions: sessionmaker[Session], now: datetime) -> str:
    """The clean-up job: every branch in a transaction of its own."""
    with sessions() as session:
        branch_ids = list(session.scalars(select(Branch.id).order_by(Branch.id)))
    total = 0
    for branch_id in branch_ids:
        total += run_write(sessions, partial(archive_branch, branch_id=branch_id, now=now))
    return f"{total} appointment(s) archived"
