"""The mail outbox: the e-mails a booking change causes, written in the change's transaction.

:func:`enqueue` renders each mail now (so a later template edit does not change what a
customer was told) and stores it as an ``OutboxItem`` of kind ``"mail"`` with an
idempotency key of (appointment, event, recipient, version): the same change can never
queue the same mail twice. app.notify.sender drains the rows. A branch without a mail
server (``mail.host``) or sender address queues nothing: e-mail is simply off there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking.errors import BookingError, NotFound
from app.models import Agent, Appointment, Branch, Customer, OutboxItem, Service, StatusDefinition
from app.models.notifications import EVENTS
from app.notify import ics, mailconfig, templates

KIND = "mail"


def event_for_status(before: StatusDefinition, after: StatusDefinition) -> str | None:
    """Which mail a status change sends, if any: a pending request that is cancelled is
    rejected; leaving a start status for a confirmation one confirms."""
    if after.predicate == "cancellation":
        return "rejected" if before.predicate == "start" else "cancelled"
    if after.predicate == "confirmation" and before.predicate == "start":
        return "confirmed"
    if after.key == "noshow":
        return "noshow"
    return None


def idempotency_key(appointment_id: int, event: str, recipient: str, version: int) -> str:
    return f"mail:{appointment_id}:{event}:{recipient}:{version}"


def enqueue(
    session: Session,
    appointment: Appointment,
    event: str,
    now: datetime,
    reason: str | None = None,
) -> list[OutboxItem]:
    """Queue the mails of ``event`` about ``appointment`` in the caller's transaction.

    One item per recipient (customer, agent) that has an e-mail address. Call it after
    the change is flushed, so that the appointment's version is the new one. Returns the
    items added (none when the branch has no mail set up or they were queued already).
    """
    if event not in EVENTS:
        raise BookingError("unknown_event", f"There is no e-mail event {event!r}.")
    config = mailconfig.load(session, appointment.branch_id)
    if not config.enabled:
        return []
    branch = session.get(Branch, appointment.branch_id)
    service = session.get(Service, appointment.service_id)
    customer = session.get(Customer, appointment.customer_id)
    agent = session.get(Agent, appointment.agent_id) if appointment.agent_id else None
    if branch is None or service is None or customer is None:
        raise NotFound("appointment", appointment.id)
    context = templates.context_for(
        appointment,
        branch,
        service,
        customer,
        agent,
        reason,
        templates.manage_link_for(session, appointment),
    )
    method = ics.METHODS.get(event)
    invitation = None
    if method is not None:
        organizer = (config.from_address or "", config.from_name)
        invitation = ics.invitation(
            method, appointment, branch, service, customer, agent, organizer, now
        )
    recipients = [("customer", customer.email, customer.name)]
    if agent is not None:
        recipients.append(("agent", agent.email, agent.name))
    added: list[OutboxItem] = []
    for recipient, address, name in recipients:
        if not address:
            continue
        key = idempotency_key(appointment.id, event, recipient, appointment.version)
        if session.scalar(select(OutboxItem.id).where(OutboxItem.idempotency_key == key)):
            continue
        template = templates.resolve(session, branch.id, service.id, event, recipient)
        payload: dict[str, Any] = {
            "branch_id": branch.id,
            "event": event,
            "recipient": recipient,
            "to": address,
            "to_name": name,
            "subject": templates.render(template.subject, context).replace("\n", " "),
            "body": templates.render(template.body, context),
            "ics": invitation,
            "ics_method": method,
        }
        item = OutboxItem(
            kind=KIND,
            action=event,
            idempotency_key=key,
            appointment_id=appointment.id,
            payload=payload,
            state="pending",
            created_at=now,
            due_at=now,
            attempts=0,
        )
        session.add(item)
        added.append(item)
    return added


@dataclass(frozen=True)
class OutboxRow:
    """One queued mail as listings show it."""

    id: int
    state: str
    event: str
    to: str
    subject: str
    appointment_id: int | None
    created_at: datetime
    due_at: datetime
    attempts: int
    last_error: str | None
    sent_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "event": self.event,
            "to": self.to,
            "subject": self.subject,
            "appointment_id": self.appointment_id,
            "created_at": self.created_at.isoformat(),
            "due_at": self.due_at.isoformat(),
            "attempts": self.attempts,
            "last_error": self.last_error,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
        }


def list_mail(session: Session, states: tuple[str, ...] | None = None) -> list[OutboxRow]:
    """Mail outbox items, oldest first, optionally only those in ``states``."""
    query = select(OutboxItem).where(OutboxItem.kind == KIND).order_by(OutboxItem.id)
    if states:
        query = query.where(OutboxItem.state.in_(states))
    return [
        OutboxRow(
            id=item.id,
            state=item.state,
            event=item.action,
            to=str(item.payload.get("to", "")),
            subject=str(item.payload.get("subject", "")),
            appointment_id=item.appointment_id,
            created_at=item.created_at,
            due_at=item.due_at,
            attempts=item.attempts,
            last_error=item.last_error,
            sent_at=item.sent_at,
        )
        for item in session.scalars(query)
    ]


def retry(session: Session, outbox_id: int, now: datetime) -> OutboxItem:
    """Put a failed (or waiting) mail back in the queue, due now. Does not commit."""
    item = session.get(OutboxItem, outbox_id)
    if item is None or item.kind != KIND:
        raise NotFound("queued e-mail", outbox_id)
    if item.state == "sent":
        raise BookingError("already_sent", f"E-mail {outbox_id} was sent already.")
    item.state = "pending"
    item.due_at = now
    item.locked_by = None
    item.locked_until = None
    return item
