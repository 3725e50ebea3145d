"""Leases: a scheduled job runs on one desk at a time, and its last run is remembered.

Every desk of a branch runs the same scheduler against the same database, so without a
guard each reminder would be queued by every desk (the outbox would refuse the copies,
but the work would be done many times) and two desks could archive at once. Before a job
runs, :func:`run_leased` takes the job's row in ``job_leases`` with a compare-and-set: one
``UPDATE ... WHERE until <= now`` that the database applies to one writer only (on
PostgreSQL the losers re-read the row after the winner's commit and no longer match; on
SQLite writers are serialised by the write lock). A desk that dies while holding a lease
blocks the job only until ``until``; after that any desk takes it over.

The same row records the run: when it started and finished, by whom, what it did (or why
it failed) and when the job is next due. With ``only_if_due`` a run is skipped before its
``next_run_at``, which makes the desks' schedulers, a cron ``frontdesk jobs run`` and a
restarted desk agree: whoever comes first runs the job, the others find it done.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from app.models import JobLease
from app.models.db import write_session

log = logging.getLogger(__name__)

#: The lease row of a job that never ran: free, and due.
NEVER = datetime(1970, 1, 1, tzinfo=UTC)
#: How much of a failure's text is kept (a stack of driver messages helps nobody).
RESULT_LIMIT = 500

#: A job: does its work in transactions of its own and returns one line saying what it did.
Job = Callable[[sessionmaker[Session], datetime], str]


class JobFailed(Exception):
    """Part of a job's work failed; the message says what, for the job list."""


def make_holder() -> str:
    """A name for this process that no other desk shares: host, process id, random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:200]


@dataclass(frozen=True)
class LeaseOutcome:
    """What :func:`run_leased` did: ``ran`` False means another desk holds the job, or it
    was not due (``skipped`` says which, in words); ``ok`` False means the job failed."""

    name: str
    ran: bool
    ok: bool
    result: str
    skipped: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ran": self.ran,
            "ok": self.ok,
            "result": self.result,
            "skipped": self.skipped,
        }


def run_leased(
    sessions: sessionmaker[Session],
    name: str,
    now: datetime,
    holder: str,
    ttl: timedelta,
    job: Job,
    *,
    next_run: Callable[[datetime], datetime] | None = None,
    only_if_due: bool = False,
    grace: timedelta = timedelta(0),
    schedule: str | None = None,
) -> LeaseOutcome:
    """Run ``job(sessions, now)`` if this desk wins the lease ``name``; record the run.

    ``ttl`` is how long the lease protects a run (longer than the job can take; a desk
    that crashed keeps others away only that long). ``next_run(now)`` gives when the job is
    next due (default: nothing is recorded, the job is due again at once). With
    ``only_if_due`` the job is skipped while ``now + grace`` is before the recorded next
    run; ``grace`` absorbs timers that fire a little early. A job that raises is recorded
    as failed with its message (a failure is not re-raised: the next interval retries).
    """
    _ensure_row(sessions, name)
    free = JobLease.until <= now
    conditions = [JobLease.name == name, free]
    if only_if_due:
        conditions.append(or_(JobLease.next_run_at.is_(None), JobLease.next_run_at <= now + grace))
    values: dict[str, Any] = {"holder": holder, "until": now + ttl, "last_started_at": now}
    if schedule is not None:
        values["schedule"] = schedule
    with write_session(sessions) as session:
        won = session.execute(
            update(JobLease)
            .where(*conditions)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if getattr(won, "rowcount", 0) != 1:
            lease = session.get(JobLease, name)
            reason = _why_not(lease, now, holder)
            return LeaseOutcome(name, ran=False, ok=True, result="", skipped=reason)
    try:
        result = job(sessions, now)
        ok = True
    except Exception as exc:  # recorded, logged, retried at the next interval
        result = describe_failure(exc)
        ok = False
        log.warning("Scheduled job %s failed: %s", name, result)
    finish: dict[str, Any] = {
        "until": now,
        "last_finished_at": now,
        "last_ok": ok,
        "last_result": result[:RESULT_LIMIT],
    }
    if next_run is not None:
        finish["next_run_at"] = next_run(now)
    with write_session(sessions) as session:
        session.execute(
            update(JobLease)
            .where(JobLease.name == name, JobLease.holder == holder)
            .values(**finish)
            .execution_options(synchronize_session=False)
        )
    return LeaseOutcome(name, ran=True, ok=ok, result=result)


def describe_failure(exc: BaseException) -> str:
    """One line about a failure for the job list and the log: the error's kind and first
    line, never a trace (which could carry connection details)."""
    first = str(getattr(exc, "message", None) or exc).strip().splitlines()
    text = f"{type(exc).__name__}: {first[0]}" if first else type(exc).__name__
    return text[:RESULT_LIMIT]


def _why_not(lease: JobLease | None, now: datetime, holder: str) -> str:
    if lease is None:  # pragma: no cover - the row was made just before
        return "no lease row"
    if lease.until > now:
        who = "this desk" if lease.holder == holder else lease.holder
        return f"running on {who} until {lease.until.isoformat()}"
    when = lease.next_run_at.isoformat() if lease.next_run_at else "now"
    return f"not due before {when}"


def _ensure_row(sessions: sessionmaker[Session], name: str) -> None:
    """Insert the job's lease row, free and due, unless it exists (no error on a race).

    The insert runs in a write transaction of its own, with no read before it: on SQLite
    a transaction that read first cannot write after another desk's commit.
    """
    with sessions() as session:
        if session.get(JobLease, name) is not None:
            return
        bind = session.get_bind()
        dialect = bind.dialect.name if isinstance(bind, Engine) else bind.engine.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    row = {"name": name, "holder": "", "until": NEVER}
    with write_session(sessions) as session:
        session.execute(insert(JobLease).values(**row).on_conflict_do_nothing())


@dataclass(frozen=True)
class JobState:
    """A job's row as ``frontdesk jobs`` shows it."""

    name: str
    schedule: str | None
    holder: str | None
    held_until: datetime | None
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_ok: bool | None
    last_result: str | None
    next_run_at: datetime | None

    def running(self, now: datetime) -> bool:
        return self.held_until is not None and self.held_until > now

    def to_json(self, now: datetime) -> dict[str, Any]:
        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "name": self.name,
            "schedule": self.schedule,
            "running": self.running(now),
            "lease_holder": self.holder,
            "lease_until": iso(self.held_until),
            "last_run": iso(self.last_started_at),
            "last_finished": iso(self.last_finished_at),
            "last_ok": self.last_ok,
            "last_result": self.last_result,
            "next_run": iso(self.next_run_at),
        }


def job_states(session: Session) -> dict[str, JobState]:
    """Every job lease row, by job name."""
    out: dict[str, JobState] = {}
    for lease in session.scalars(select(JobLease).order_by(JobLease.name)):
        ran = lease.until != NEVER
        out[lease.name] = JobState(
            name=lease.name,
            schedule=lease.schedule,
            holder=lease.holder or None,
            held_until=lease.until if ran else None,
            last_started_at=lease.last_started_at,
            last_finished_at=lease.last_finished_at,
            last_ok=lease.last_ok,
            last_result=lease.last_result,
            next_run_at=lease.next_run_at,
        )
    return out
