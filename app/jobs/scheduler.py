"""The desk's scheduler: APScheduler in the background, its job list kept in the database.

:class:`DeskScheduler` runs a ``BackgroundScheduler`` whose jobs live in APScheduler's
``SQLAlchemyJobStore`` on the application database (table ``apscheduler_jobs``, made by
migration 0004), one stored job per registered :class:`~app.jobs.registry.JobSpec`. So
the schedule, with each job's next run time, survives a restart, and every desk on a
shared PostgreSQL database sees the same schedule. Whichever desk's timer fires first
takes the job's lease (:mod:`app.jobs.leases`) and runs it; the others find it running or
not due and skip it.

When a desk starts, a catch-up runs once on the scheduler's worker thread: the
confirmation timeout, the reminders whose time came while every desk was closed (only
for appointments still ahead), the clean-up if a midnight passed, then an outbox flush.

Jobs never run on the caller's thread (the desk's GUI thread): they run on the
scheduler's thread pool, each with its own database sessions. A job that fails is logged
in one line (no trace, no connection details) and recorded on its lease row; its next
interval tries again.

The stored jobs name a module-level function and the job's name only (what APScheduler
can store); the function finds this process's running scheduler, so only one
:class:`DeskScheduler` runs per process at a time.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.clock import Clock
from app.jobs import registry
from app.jobs.leases import LeaseOutcome, describe_failure, make_holder

log = logging.getLogger(__name__)

JOB_TABLE = "apscheduler_jobs"
CATCH_UP_ID = "catch-up"
#: Threads that run jobs; two lets a slow outbox flush not hold the reminders back.
WORKERS = 2

Listener = Callable[[LeaseOutcome], None]

_current_lock = threading.Lock()
_current: DeskScheduler | None = None


def fire(name: str) -> None:
    """What every stored job calls: run job ``name`` on this process's scheduler."""
    with _current_lock:
        scheduler = _current
    if scheduler is None:
        log.info("Scheduled job %s fired with no desk scheduler running; ignored", name)
        return
    scheduler.run_now(name, only_if_due=True)


class DeskScheduler:
    """Background jobs of one desk process.

    ``url_or_sessions`` is a database URL (the scheduler then owns its engine and disposes
    it at :meth:`stop`) or the desk's session factory. ``clock`` gives "now" to every job
    (injected for tests). ``holder`` names this desk in the leases (default: host, process
    id and a random part).
    """

    def __init__(
        self,
        url_or_sessions: str | sessionmaker[Session],
        clock: Clock,
        holder: str | None = None,
    ) -> None:
        from app.models import db

        self._own_engine: Engine | None = None
        if isinstance(url_or_sessions, str):
            self._own_engine = db.make_engine(url_or_sessions)
            self.sessions = db.session_factory(self._own_engine)
        else:
            self.sessions = url_or_sessions
        bind = self.sessions.kw.get("bind")
        if not isinstance(bind, Engine):
            raise TypeError("the session factory must be bound to an engine")
        self.engine = bind
        self.clock = clock
        self.holder = holder or make_holder()
        #: Set when the start-up catch-up has finished (tests and the desk may wait on it).
        self.caught_up = threading.Event()
        self._listeners: list[Listener] = []
        self._scheduler = BackgroundScheduler(
            jobstores={
                "default": SQLAlchemyJobStore(engine=self.engine, tablename=JOB_TABLE),
                "memory": MemoryJobStore(),
            },
            executors={"default": ThreadPoolExecutor(WORKERS)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )

    # -- life cycle ------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    def start(self) -> None:
        """Start the timers and the one-off catch-up; returns at once."""
        global _current
        with _current_lock:
            if _current is not None:
                raise RuntimeError("a desk scheduler is already running in this process")
            _current = self
        try:
            self._scheduler.start(paused=True)
            self.sync_jobs()
            self._scheduler.add_job(
                self.catch_up,
                trigger="date",
                run_date=datetime.now(UTC),
                id=CATCH_UP_ID,
                jobstore="memory",
                replace_existing=True,
            )
            self._scheduler.resume()
        except BaseException:
            with _current_lock:
                _current = None
            raise

    def stop(self, wait: bool = True) -> None:
        """Stop the timers; with ``wait``, let running jobs finish first."""
        global _current
        if self._scheduler.running:
            self._scheduler.shutdown(wait=wait)
        with _current_lock:
            if _current is self:
                _current = None
        if self._own_engine is not None:
            self._own_engine.dispose()

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(outcome)`` after each job run. It is called on the job's worker
        thread: a window must hand it to the GUI thread (a Qt signal does that)."""
        self._listeners.append(listener)

    # -- jobs ------------------------------------------------------------------------

    def sync_jobs(self) -> None:
        """Make the stored jobs match the registry: add the new, re-time the changed,
        remove those no longer registered. Call it after registering a job at run time."""
        wanted = registry.specs()
        names = {spec.name for spec in wanted}
        for spec in wanted:
            existing = self._scheduler.get_job(spec.name, jobstore="default")
            trigger = IntervalTrigger(seconds=int(spec.interval.total_seconds()), timezone=UTC)
            if existing is None:
                self._scheduler.add_job(
                    fire,
                    trigger=trigger,
                    args=[spec.name],
                    id=spec.name,
                    name=spec.name,
                    jobstore="default",
                    replace_existing=True,
                )
            elif getattr(existing.trigger, "interval", None) != timedelta(
                seconds=int(spec.interval.total_seconds())
            ):
                # another desk starting at the same moment may have replaced it: no matter
                with contextlib.suppress(JobLookupError):
                    self._scheduler.reschedule_job(spec.name, jobstore="default", trigger=trigger)
        for job in self._scheduler.get_jobs(jobstore="default"):
            if job.id not in names:
                with contextlib.suppress(JobLookupError):  # another desk removed it first
                    self._scheduler.remove_job(job.id, jobstore="default")

    def stored_jobs(self) -> dict[str, datetime | None]:
        """The jobs in APScheduler's store, with their next fire time."""
        return {job.id: job.next_run_time for job in self._scheduler.get_jobs(jobstore="default")}

    def catch_up(self) -> list[LeaseOutcome]:
        """Run every catch-up job once, whether due or not, in running order (the outbox
        flush last, so what the others queued goes out). Runs on a worker thread at
        :meth:`start`; may also be called directly."""
        outcomes: list[LeaseOutcome] = []
        try:
            for spec in registry.specs():
                if spec.catch_up:
                    outcome = self.run_now(spec.name, only_if_due=False)
                    if outcome is not None:
                        outcomes.append(outcome)
        finally:
            self.caught_up.set()
        return outcomes

    def run_now(self, name: str, *, only_if_due: bool = True) -> LeaseOutcome | None:
        """Run job ``name`` under its lease on the calling thread; None if it is unknown or
        the database could not be reached (logged)."""
        spec = registry.get(name)
        if spec is None:
            log.info("Scheduled job %s is not registered in this desk; skipped", name)
            return None
        try:
            outcome = registry.run_job(
                self.sessions, spec, self.clock(), self.holder, only_if_due=only_if_due
            )
        except Exception as exc:  # the database itself failed: logged, retried next time
            log.warning("Scheduled job %s could not run: %s", name, describe_failure(exc))
            return None
        for listener in list(self._listeners):
            try:
                listener(outcome)
            except Exception as exc:
                log.warning("A listener of job %s failed: %s", name, describe_failure(exc))
        return outcome

    def __enter__(self) -> DeskScheduler:
        self.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.stop()
