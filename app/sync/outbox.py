"""Calendar writes queued in the booking's own transaction (outbox items of kind "calendar").

A booking, reschedule or cancellation of an agent whose calendar account has a target
calendar adds one item per account: ``create``, ``update`` or ``delete``. The item holds
the event as it must look (so a later change cannot alter what an earlier item writes),
and its idempotency key names (account, appointment, action, version): the same change
can never queue the same write twice. :mod:`app.sync.engine` drains the items of each
account strictly in order, so an offline desk catches up in the order things happened.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Agent,
    Appointment,
    Branch,
    CalendarAccount,
    Customer,
    OutboxItem,
    Service,
    StatusDefinition,
)

KIND = "calendar"
ACTIONS = ("create", "update", "delete")
Change = Literal["book", "reschedule", "cancel", "restore"]


def event_uid(appointment_id: int, account_id: int) -> str:
    """The deterministic identity of an appointment's event in one account's calendar."""
    return f"frontdesk-a{appointment_id}-c{account_id}"


def idempotency_key(account_id: int, appointment_id: int, action: str, version: int) -> str:
    return f"calendar:{account_id}:{appointment_id}:{action}:{version}"


def target_accounts(session: Session, agent_id: int | None) -> list[CalendarAccount]:
    """The agent's enabled accounts that receive the branch's appointments."""
    if agent_id is None:
        return []
    return list(
        session.scalars(
            select(CalendarAccount)
            .where(
                CalendarAccount.agent_id == agent_id,
                CalendarAccount.enabled.is_(True),
                CalendarAccount.target_calendar.is_not(None),
            )
            .order_by(CalendarAccount.id)
        )
    )


def enqueue_appointment(
    session: Session,
    appt: Appointment,
    change: Change,
    now: datetime,
    *,
    previous_agent_id: int | None = None,
) -> list[OutboxItem]:
    """Queue the calendar writes of ``change`` in the caller's transaction.

    Call it after the change is flushed (the version is then the new one). A reschedule
    to another agent removes the event from the previous agent's calendars and adds it
    to the new agent's. Returns the items added.
    """
    added: list[OutboxItem] = []
    if change == "reschedule" and previous_agent_id not in (None, appt.agent_id):
        for account in target_accounts(session, previous_agent_id):
            added += _add(session, account, appt, "delete", now)
        change = "book"
    action = {"book": "create", "restore": "create", "reschedule": "update", "cancel": "delete"}
    for account in target_accounts(session, appt.agent_id):
        added += _add(session, account, appt, action[change], now)
    return added


def enqueue_status_change(
    session: Session,
    appt: Appointment,
    before: StatusDefinition,
    after: StatusDefinition,
    now: datetime,
) -> list[OutboxItem]:
    """A cancellation removes the event; taking a cancellation back adds it again."""
    was_cancelled = before.predicate == "cancellation"
    is_cancelled = after.predicate == "cancellation"
    if is_cancelled and not was_cancelled:
        return enqueue_appointment(session, appt, "cancel", now)
    if was_cancelled and not is_cancelled:
        return enqueue_appointment(session, appt, "restore", now)
    return []


def _add(
    session: Session, account: CalendarAccount, appt: Appointment, action: str, now: datetime
) -> list[OutboxItem]:
    key = idempotency_key(account.id, appt.id, action, appt.version)
    if session.scalar(select(OutboxItem.id).where(OutboxItem.idempotency_key == key)):
        return []
    item = OutboxItem(
        kind=KIND,
        action=action,
        idempotency_key=key,
        appointment_id=appt.id,
        account_id=account.id,
        payload=event_payload(session, account, appt),
        state="pending",
        created_at=now,
        due_at=now,
        attempts=0,
    )
    session.add(item)
    return [item]


def event_payload(session: Session, account: CalendarAccount, appt: Appointment) -> dict[str, Any]:
    """What the agent's calendar shows: service and customer, times, the branch."""
    service = session.get(Service, appt.service_id)
    customer = session.get(Customer, appt.customer_id)
    branch = session.get(Branch, appt.branch_id)
    agent = session.get(Agent, appt.agent_id) if appt.agent_id else None
    service_name = service.name if service else "Appointment"
    customer_name = customer.name if customer else ""
    branch_name = branch.name if branch else ""
    summary = f"{service_name}: {customer_name}" if customer_name else service_name
    lines = [f"Booked at the front desk of {branch_name}."] if branch_name else []
    if customer is not None and customer.phone:
        lines.append(f"Customer phone: {customer.phone}")
    if agent is not None:
        lines.append(f"Agent: {agent.name}")
    return {
        "calendar": account.target_calendar,
        "uid": event_uid(appt.id, account.id),
        "summary": summary,
        "description": "\n".join(lines),
        "location": branch_name,
        "start": appt.start_at.isoformat(),
        "end": appt.end_at.isoformat(),
        "timezone": branch.timezone if branch else "UTC",
        "version": appt.version,
    }
