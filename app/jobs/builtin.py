"""The jobs every desk runs: confirmation timeout, reminders, clean-up, outbox flush."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from app.booking import approvals
from app.jobs import cleanup, registry, reminders
from app.notify import sender

CONFIRMATION_TIMEOUT = "confirmation_timeout"
REMINDERS = "reminders"
CLEANUP = "cleanup"
OUTBOX_FLUSH = "outbox_flush"
NAMES = (CONFIRMATION_TIMEOUT, REMINDERS, CLEANUP, OUTBOX_FLUSH)


def expire_requests(sessions: sessionmaker[Session], now: datetime) -> str:
    """Cancel requests not confirmed within their branch's ``approval.timeout_hours``."""
    cancelled = approvals.expire_due(sessions, now)
    return f"{len(cancelled)} unconfirmed request(s) cancelled"


def flush_outbox(sessions: sessionmaker[Session], now: datetime) -> str:
    """Send the e-mails due now; those the server refuses stay queued with their reason
    (``frontdesk outbox``), so a mail server that is down is not a failed job."""
    report = sender.send_due(sessions, now)
    text = f"{len(report.sent)} e-mail(s) sent"
    if report.retrying:
        text += f", {len(report.retrying)} to retry later"
    if report.failed:
        text += f", {len(report.failed)} failed"
    return text


SPECS = (
    registry.JobSpec(
        CONFIRMATION_TIMEOUT,
        timedelta(minutes=5),
        expire_requests,
        "every 5 minutes",
        order=10,
    ),
    registry.JobSpec(
        REMINDERS, timedelta(minutes=1), reminders.send_reminders, "every minute", order=20
    ),
    registry.JobSpec(
        CLEANUP,
        timedelta(minutes=5),
        cleanup.archive_old,
        "at each branch's midnight (local time)",
        order=30,
        next_due=cleanup.next_cleanup,
    ),
    registry.JobSpec(
        OUTBOX_FLUSH,
        timedelta(minutes=1),
        flush_outbox,
        "every minute",
        ttl=timedelta(minutes=30),
        order=90,
    ),
)

_done = False
_lock = threading.Lock()


def ensure_registered() -> None:
    """Put the built-in jobs in the registry, once per process."""
    global _done
    with _lock:
        if _done:
            return
        for spec in SPECS:
            registry.register(spec)
        _done = True
