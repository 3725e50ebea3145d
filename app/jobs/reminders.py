"""Reminder e-mails: queued once per appointment time, when the service's reminder time comes.

An appointment is reminded when ``start - reminder_before <= now < start``, its service
has a ``reminder_before``, its branch sends e-mail, it is not archived, and its status is
neither a cancellation nor "no-show". A request still awaiting confirmation (a start
status) is not reminded: it may yet be rejected; once confirmed, it is reminded at the
next run if it is still ahead. A reminder time that passed while no desk ran is caught up
at the next run only while the appointment is still ahead; afterwards it is skipped.

"Once" is kept by the outbox: each reminder item carries the start it was about
(``payload["reminder_for"]``), and an appointment whose current start already has a
reminder is left alone, whatever its version (a changed note bumps the version, and must
not remind twice). A rescheduled appointment has a new start, so it is reminded for its
new time. The outbox's own idempotency key (appointment, event, recipient, version) keeps
two desks that race from queueing the same reminder.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from app.booking.transactions import run_write
from app.jobs.leases import JobFailed, describe_failure
from app.models import Agent, Appointment, Customer, OutboxItem, Service, StatusDefinition
from app.notify import mailconfig, outbox

EVENT = "reminder"
#: Marks which start a reminder was about.
REMINDER_FOR = "reminder_for"


@dataclass(frozen=True)
class Candidate:
    appointment_id: int
    start_at: datetime


def _has_address(column: Any) -> ColumnElement[bool]:
    return and_(column.is_not(None), column != "")


def due_reminders(session: Session, now: datetime, only: int | None = None) -> list[Candidate]:
    """Appointments (or the one appointment ``only``) whose reminder time has come and
    that have no reminder for their current start yet, soonest first."""
    longest = session.scalar(select(func.max(Service.reminder_before_min)))
    if not longest or longest <= 0:
        return []
    query = (
        select(
            Appointment.id,
            Appointment.start_at,
            Appointment.branch_id,
            Service.reminder_before_min,
        )
        .join(Service, Service.id == Appointment.service_id)
        .join(StatusDefinition, StatusDefinition.id == Appointment.status_id)
        .join(Customer, Customer.id == Appointment.customer_id)
        .outerjoin(Agent, Agent.id == Appointment.agent_id)
        .where(
            Appointment.start_at > now,
            Appointment.start_at <= now + timedelta(minutes=longest),
            Appointment.archived_at.is_(None),
            Service.reminder_before_min > 0,
            or_(
                StatusDefinition.predicate.is_(None),
                StatusDefinition.predicate.notin_(("cancellation", "start")),
            ),
            StatusDefinition.key != "noshow",
            # someone to write to (else the job would try again every minute)
            or_(_has_address(Customer.email), _has_address(Agent.email)),
        )
        .order_by(Appointment.start_at, Appointment.id)
    )
    if only is not None:
        query = query.where(Appointment.id == only)
    rows = session.execute(query).all()
    mail_on: dict[int, bool] = {}
    found: list[Candidate] = []
    for appointment_id, start_at, branch_id, before_min in rows:
        if start_at - timedelta(minutes=before_min or 0) > now:
            continue
        if branch_id not in mail_on:
            mail_on[branch_id] = mailconfig.load(session, branch_id).enabled
        if mail_on[branch_id]:
            found.append(Candidate(appointment_id, start_at))
    if not found:
        return []
    done = reminded_starts(session, [c.appointment_id for c in found])
    return [c for c in found if c.start_at.isoformat() not in done[c.appointment_id]]


def reminded_starts(session: Session, appointment_ids: list[int]) -> dict[int, set[str]]:
    """For each appointment, the starts (ISO, UTC) it has a reminder in the outbox for."""
    out: dict[int, set[str]] = defaultdict(set)
    for start in range(0, len(appointment_ids), 500):
        chunk = appointment_ids[start : start + 500]
        items = session.execute(
            select(OutboxItem.appointment_id, OutboxItem.payload).where(
                OutboxItem.kind == outbox.KIND,
                OutboxItem.action == EVENT,
                OutboxItem.appointment_id.in_(chunk),
            )
        )
        for appointment_id, payload in items:
            if appointment_id is not None and isinstance(payload, dict):
                out[appointment_id].add(str(payload.get(REMINDER_FOR)))
    return out


def queue_reminder(session: Session, candidate: Candidate, now: datetime) -> int:
    """Queue the reminder of one appointment in the caller's transaction, after checking
    again that it is still due (another desk may have moved or cancelled it since it was
    listed). Returns how many mails were queued."""
    fresh = due_reminders(session, now, only=candidate.appointment_id)
    if not fresh or fresh[0].start_at != candidate.start_at:
        return 0
    appointment = session.get(Appointment, candidate.appointment_id)
    if appointment is None:  # pragma: no cover - deleted between the two reads
        return 0
    items = outbox.enqueue(session, appointment, EVENT, now)
    for item in items:
        item.payload = {**item.payload, REMINDER_FOR: candidate.start_at.isoformat()}
    return len(items)


def send_reminders(sessions: sessionmaker[Session], now: datetime) -> str:
    """The reminders job: queue every reminder due at ``now``, each appointment in its own
    transaction (one that fails does not hold the others back). The mails themselves go out
    with the next outbox flush."""
    with sessions() as session:
        candidates = due_reminders(session, now)
    queued = 0
    failures: list[str] = []
    for candidate in candidates:
        try:
            queued += run_write(sessions, partial(queue_reminder, candidate=candidate, now=now))
        except Exception as exc:  # one appointment's failure is reported, not fatal
            failures.append(f"appointment {candidate.appointment_id}: {describe_failure(exc)}")
    summary = f"{queued} reminder e-mail(s) queued for {len(candidates)} appointment(s)"
    if failures:
        raise JobFailed(f"{summary}; {len(failures)} failed ({'; '.join(failures[:3])})")
    return summary
