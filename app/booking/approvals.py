"""The manager's approval queue: requests waiting in a start status, and what to do with them.

Services that require approval book new appointments into a start status ("pending"); a
manager confirms them, rejects them with a reason, or moves them to another status. The
queue lists them oldest request first, so nobody waits longest by accident. The actions
are thin wrappers over app.booking.appointments, so the same rules, permission checks
(the approve permission, in app.booking.statuses) and audit entries apply whichever
screen or command is used.

A branch may set ``approval.timeout_hours``: requests not confirmed that many hours after
they were made are cancelled by :func:`expire_requests` (the desk runs it when the queue
is opened and refreshed, and the CLI when it lists the queue).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from app.booking import appointments, settings, statuses
from app.booking.errors import BookingError
from app.booking.permissions import SYSTEM, Actor, load_actor
from app.booking.transactions import run_write
from app.models import Appointment, Branch, StatusDefinition


@dataclass(frozen=True)
class QueueItem:
    """One row of the queue, as plain values (no ORM object leaves the session)."""

    id: int
    branch_id: int
    service: str
    service_color: str | None
    agent: str | None
    customer: str
    customer_phone: str | None
    customer_email: str | None
    start_at: datetime
    end_at: datetime
    requested_at: datetime
    status_key: str
    status_name: str
    #: "start" for a request awaiting confirmation, "confirmation" for a confirmed one.
    predicate: str | None
    version: int
    #: Where the booking came from (app.models.appointments.SOURCES): a request made on
    #: the self-service pages is "self-service", so the manager knows nobody at the desk
    #: has spoken to the customer yet.
    source: str = "desk"

    @property
    def awaiting(self) -> bool:
        return self.predicate == "start"

    def to_json(self, tz: ZoneInfo) -> dict[str, Any]:
        return {
            "id": self.id,
            "service": self.service,
            "agent": self.agent,
            "customer": self.customer,
            "phone": self.customer_phone,
            "email": self.customer_email,
            "start": self.start_at.astimezone(tz).isoformat(),
            "end": self.end_at.astimezone(tz).isoformat(),
            "requested_at": self.requested_at.astimezone(tz).isoformat(),
            "status": self.status_key,
            "awaiting": self.awaiting,
        }


def _status_ids(session: Session, predicates: Iterable[str]) -> list[int]:
    wanted = set(predicates)
    return [s.id for s in statuses.all_statuses(session) if s.predicate in wanted]


def _item(appt: Appointment) -> QueueItem:
    return QueueItem(
        id=appt.id,
        branch_id=appt.branch_id,
        service=appt.service.name,
        service_color=appt.service.color,
        agent=appt.agent.name if appt.agent is not None else None,
        customer=appt.customer.name,
        customer_phone=appt.customer.phone,
        customer_email=appt.customer.email,
        start_at=appt.start_at,
        end_at=appt.end_at,
        requested_at=appt.created_at,
        status_key=appt.status.key,
        status_name=appt.status.name,
        predicate=appt.status.predicate,
        version=appt.version,
        source=appt.source,
    )


def _loaded() -> Any:
    return (
        selectinload(Appointment.service),
        selectinload(Appointment.agent),
        selectinload(Appointment.customer),
        selectinload(Appointment.status),
    )


def queue(
    session: Session,
    now: datetime,
    branch_id: int | None = None,
    *,
    include_confirmed: bool = False,
) -> list[QueueItem]:
    """Requests awaiting confirmation, oldest request first (then by id).

    With ``include_confirmed`` the list also holds appointments in a confirmation status
    that have not ended by ``now`` (past confirmed ones are history, not work), so a
    manager can see what was approved beside what waits. ``branch_id`` None: every branch.
    Archived appointments (the nightly clean-up's) are history and never listed.
    """
    wanted = ["start", "confirmation"] if include_confirmed else ["start"]
    status_ids = _status_ids(session, wanted)
    if not status_ids:
        return []
    query = select(Appointment).where(
        Appointment.status_id.in_(status_ids), Appointment.archived_at.is_(None)
    )
    if include_confirmed:
        start_ids = _status_ids(session, ["start"])
        query = query.where(Appointment.status_id.in_(start_ids) | (Appointment.end_at > now))
    if branch_id is not None:
        query = query.where(Appointment.branch_id == branch_id)
    query = query.order_by(Appointment.created_at, Appointment.id).options(*_loaded())
    return [_item(a) for a in session.scalars(query)]


def items_by_ids(session: Session, ids: Sequence[int]) -> dict[int, QueueItem]:
    """The queue rows of some appointment ids (ids that no longer exist or were archived
    are left out)."""
    if not ids:
        return {}
    found = session.scalars(
        select(Appointment)
        .where(Appointment.id.in_(ids), Appointment.archived_at.is_(None))
        .options(*_loaded())
    )
    return {a.id: _item(a) for a in found}


def pending_count(session: Session, branch_id: int | None = None) -> int:
    """How many requests await confirmation (what the status bar shows); archived ones
    are not counted."""
    status_ids = _status_ids(session, ["start"])
    if not status_ids:
        return 0
    query = select(Appointment.id).where(
        Appointment.status_id.in_(status_ids), Appointment.archived_at.is_(None)
    )
    if branch_id is not None:
        query = query.where(Appointment.branch_id == branch_id)
    return len(session.scalars(query).all())


def _awaiting(session: Session, appointment_id: int) -> Appointment:
    appt = appointments.get(session, appointment_id)
    if appt.status.predicate != "start":
        raise BookingError(
            "not_awaiting",
            f"Appointment {appointment_id} no longer awaits confirmation: it is "
            f"{appt.status.name}. Refresh the queue.",
            {"id": appointment_id, "status": appt.status.key},
        )
    return appt


def _first(session: Session, appt: Appointment, predicate: str) -> StatusDefinition:
    for status in statuses.all_statuses(session):
        if status.predicate == predicate and statuses.enabled_for(status, appt.service_id):
            return status
    meaning = "confirmation" if predicate == "confirmation" else "cancellation"
    raise BookingError(
        "no_status",
        f"No {meaning} status is enabled for {appt.service.name}; an administrator must "
        "enable one.",
    )


def confirm(
    session: Session,
    actor: Actor,
    appointment_id: int,
    now: datetime,
    *,
    expected_version: int | None = None,
) -> Appointment:
    """Move a request to the first confirmation status enabled for its service.

    Refusals: ``not_awaiting`` (someone else handled it), ``permission_denied`` (no
    approve permission), ``slot_taken`` (a request that did not hold its time and whose
    time has since been booked), ``stale`` (changed since it was read). Does not commit.
    """
    appt = _awaiting(session, appointment_id)
    target = _first(session, appt, "confirmation")
    return appointments.set_status(
        session, actor, appointment_id, target.key, now, expected_version=expected_version
    )


def reject(
    session: Session,
    actor: Actor,
    appointment_id: int,
    reason: str,
    now: datetime,
    *,
    expected_version: int | None = None,
) -> Appointment:
    """Cancel a request (the first cancellation status) with the reason the customer is
    given; a rejection without a reason is refused (``reason_required``). Does not commit.
    """
    if not (reason or "").strip():
        raise BookingError(
            "reason_required", "Say why the request is rejected; the customer is told."
        )
    _awaiting(session, appointment_id)
    return appointments.cancel(
        session, actor, appointment_id, reason.strip(), now, expected_version=expected_version
    )


@dataclass(frozen=True)
class Failure:
    """Why one request of a bulk action was not done."""

    id: int
    code: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class BulkResult:
    """What :func:`confirm_many` did: the ids confirmed and the ones refused, with why."""

    confirmed: tuple[int, ...]
    failed: tuple[Failure, ...]

    def to_json(self) -> dict[str, Any]:
        return {"confirmed": list(self.confirmed), "failed": [f.to_json() for f in self.failed]}


def confirm_many(
    sessions: sessionmaker[Session], username: str, ids: Sequence[int], now: datetime
) -> BulkResult:
    """Confirm each request in its own transaction, as ``username``.

    One refusal (two requests for the same time, say) does not undo the others: the
    result lists what was confirmed and, for the rest, the refusal's code and message.
    """
    done: list[int] = []
    failed: list[Failure] = []
    for appointment_id in dict.fromkeys(ids):

        def work(session: Session, appointment_id: int = appointment_id) -> None:
            confirm(session, load_actor(session, username), appointment_id, now)

        try:
            run_write(sessions, work)
        except BookingError as exc:
            failed.append(Failure(appointment_id, exc.code, exc.message))
        else:
            done.append(appointment_id)
    return BulkResult(tuple(done), tuple(failed))


def timeout_reason(hours: int) -> str:
    """The cancellation reason of an expired request (what the customer is told)."""
    return f"Not confirmed within {hours} hour{'s' if hours != 1 else ''}"


def expire_requests(session: Session, actor: Actor, now: datetime) -> list[int]:
    """Cancel the requests made more than ``approval.timeout_hours`` before ``now``.

    Each branch's own value applies (0, the default, turns the timeout off). A request of a
    service that forbids cancelling is cancelled all the same: the program's own rule
    decides, not a person, so the override is used (and recorded). Returns the ids
    cancelled. ``actor`` is normally ``SYSTEM``. An archived request is history and left
    as it is. Does not commit.
    """
    start_ids = _status_ids(session, ["start"])
    if not start_ids:
        return []
    expired: list[int] = []
    for branch_id in session.scalars(select(Branch.id).order_by(Branch.id)):
        hours = settings.get(session, settings.APPROVAL_TIMEOUT_HOURS, branch_id)
        if not hours:
            continue
        cutoff = now - timedelta(hours=hours)
        due = session.scalars(
            select(Appointment.id)
            .where(
                Appointment.branch_id == branch_id,
                Appointment.status_id.in_(start_ids),
                Appointment.created_at <= cutoff,
                Appointment.archived_at.is_(None),
            )
            .order_by(Appointment.created_at, Appointment.id)
        ).all()
        for appointment_id in due:
            appointments.cancel(
                session, actor, appointment_id, timeout_reason(hours), now, override=True
            )
            expired.append(appointment_id)
    return expired


def expire_due(sessions: sessionmaker[Session], now: datetime) -> list[int]:
    """:func:`expire_requests` as the program itself, in one transaction of its own."""
    return run_write(sessions, lambda s: expire_requests(s, SYSTEM, now))
