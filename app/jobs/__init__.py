"""Scheduled jobs: reminders, the confirmation timeout, the outbox flush, the nightly
clean-up, and the calendar sync intervals that app.sync registers.

Each job is a plain function of ``(sessions, now)`` returning one line that says what it
did, so tests call it with an injected ``now`` and no scheduler. :mod:`app.jobs.registry`
lists the jobs, :mod:`app.jobs.leases` keeps each on one desk at a time and records its
runs, and :mod:`app.jobs.scheduler` times them on a desk (APScheduler, its job store in
the application database). ``frontdesk jobs`` shows them and ``frontdesk jobs run`` runs
the due ones once, for a server without a desk (cron).
"""

from __future__ import annotations

from app.jobs.leases import JobFailed, JobState, LeaseOutcome, job_states, make_holder, run_leased
from app.jobs.registry import JobSpec, register, run_due, run_job, specs, unregister

__all__ = [
    "JobFailed",
    "JobSpec",
    "JobState",
    "LeaseOutcome",
    "job_states",
    "make_holder",
    "register",
    "run_due",
    "run_job",
    "run_leased",
    "specs",
    "unregister",
]
