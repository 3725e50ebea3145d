"""The list of scheduled jobs: the built-in ones and those other parts add at run time.

A job is described once, as a :class:`JobSpec` (its name, how often it runs, what it
does), and every runner uses that description: the desk's :class:`~app.jobs.scheduler.
DeskScheduler`, ``frontdesk jobs run`` from cron, and the tests, which call
:func:`run_job` with an injected ``now`` and no scheduler at all.

The calendar sync adds one job per calendar account with :func:`register` (for example
``JobSpec("sync:12", timedelta(minutes=5), run_account_12, "every 5 minutes")``) and
removes it with :func:`unregister` when the account goes; a running scheduler picks the
change up at its next :meth:`~app.jobs.scheduler.DeskScheduler.sync_jobs`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from app.jobs.leases import Job, LeaseOutcome, run_leased

#: How long a lease protects one run unless the job says otherwise.
DEFAULT_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class JobSpec:
    """One scheduled job.

    ``interval`` is how often the scheduler looks at the job. ``next_due`` (given the
    database and the instant a run finished) says when it has work again; without it the
    job is due one ``interval`` after its last run. ``catch_up`` jobs also run once when a
    desk starts, for what happened while every desk was closed.
    """

    name: str
    interval: timedelta
    run: Job
    schedule: str
    catch_up: bool = True
    ttl: timedelta = DEFAULT_TTL
    #: Jobs run in this order when several are due at once (``frontdesk jobs run``): the
    #: outbox flush last, so that it sends what the other jobs just queued.
    order: int = 50
    next_due: Callable[[sessionmaker[Session], datetime], datetime] | None = field(
        default=None, compare=False
    )

    @property
    def grace(self) -> timedelta:
        """Timers fire a little early or late; a fifth of the interval (at most a minute)
        of earliness still counts as due. Jobs due at a set instant (``next_due``) get
        none: a clean-up must not run before its midnight."""
        if self.next_due is not None:
            return timedelta(0)
        return min(self.interval / 5, timedelta(minutes=1))

    def next_run(self, sessions: sessionmaker[Session], finished: datetime) -> datetime:
        if self.next_due is not None:
            return self.next_due(sessions, finished)
        return finished + self.interval


_lock = threading.Lock()
_specs: dict[str, JobSpec] = {}


def register(spec: JobSpec) -> None:
    """Add ``spec``, or replace the job of the same name."""
    if not spec.name or len(spec.name) > 100:
        raise ValueError("a job name has 1 to 100 characters")
    if spec.interval <= timedelta(0):
        raise ValueError(f"job {spec.name}: the interval must be positive")
    with _lock:
        _specs[spec.name] = spec


def unregister(name: str) -> None:
    with _lock:
        _specs.pop(name, None)


def specs() -> list[JobSpec]:
    """The registered jobs, built-in ones included, in running order."""
    from app.jobs import builtin

    builtin.ensure_registered()
    with _lock:
        return sorted(_specs.values(), key=lambda spec: (spec.order, spec.name))


def get(name: str) -> JobSpec | None:
    return next((spec for spec in specs() if spec.name == name), None)


def run_job(
    sessions: sessionmaker[Session],
    spec: JobSpec,
    now: datetime,
    holder: str,
    *,
    only_if_due: bool = True,
) -> LeaseOutcome:
    """Run one job under its lease, recording its result and next run."""
    return run_leased(
        sessions,
        spec.name,
        now,
        holder,
        spec.ttl,
        spec.run,
        next_run=lambda finished: spec.next_run(sessions, finished),
        only_if_due=only_if_due,
        grace=spec.grace,
        schedule=spec.schedule,
    )


def run_due(
    sessions: sessionmaker[Session], now: datetime, holder: str, names: list[str] | None = None
) -> list[LeaseOutcome]:
    """Run every job (or those named) that is due at ``now``, one after the other."""
    chosen = specs() if names is None else [s for s in specs() if s.name in set(names)]
    return [run_job(sessions, spec, now, holder) for spec in chosen]
