"""Statuses and their history.

Seven statuses are built in (pending, confirming, confirmed, waiting, cancelled, noshow,
completed); more can be defined. A status's ``predicate`` gives it meaning: ``start`` (new
bookings of services that need approval begin there), ``confirmation`` (moving there
confirms, and needs the approve permission when leaving a start status) and
``cancellation`` (moving there cancels: a reason is required and the service's
``allow_cancel`` rule applies). ``blocks_time`` says whether the agent's time stays taken;
the appointment's ``blocking`` column copies it so the database's overlap guard can see it.
Every change appends one history row; history is read newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.booking import permissions
from app.booking.errors import BookingError, NotFound
from app.booking.permissions import Actor
from app.models import Appointment, Service, StatusDefinition, StatusHistory, User


def all_statuses(session: Session) -> list[StatusDefinition]:
    return list(session.scalars(select(StatusDefinition).order_by(StatusDefinition.position)))


def enabled_for(status: StatusDefinition, service_id: int) -> bool:
    return status.all_services or any(s.id == service_id for s in status.services)


def by_key(session: Session, key: str) -> StatusDefinition:
    status = session.scalars(
        select(StatusDefinition).where(StatusDefinition.key == key)
    ).one_or_none()
    if status is None:
        known = ", ".join(s.key for s in all_statuses(session))
        raise BookingError("unknown_status", f"There is no status {key!r}. Known: {known}.")
    return status


def initial_status(session: Session, service: Service) -> StatusDefinition:
    """Where a new booking of ``service`` starts: the first enabled start status when the
    service requires approval, else the first enabled confirmation status."""
    wanted = "start" if service.requires_approval else "confirmation"
    for status in all_statuses(session):
        if status.predicate == wanted and enabled_for(status, service.id):
            return status
    raise BookingError(
        "no_status",
        f"No enabled status with the {wanted!r} meaning exists for {service.name}; "
        "an administrator must enable one.",
    )


def change(
    session: Session,
    actor: Actor,
    appointment: Appointment,
    target: StatusDefinition,
    now: datetime,
    reason: str | None = None,
    *,
    override: bool = False,
) -> None:
    """Move ``appointment`` to ``target``, check the rules, append the history row.

    ``override`` asks to cancel although the service forbids it; it needs the override
    permission.

    Does not flush; the caller's flush (see app.booking.transactions.flush) lets the
    database refuse a status that would make the time overlap another booking.
    """
    current = appointment.status
    reason = (reason or "").strip() or None
    if target.id == current.id:
        raise BookingError("same_status", f"The appointment is already {current.name}.")
    if not enabled_for(target, appointment.service_id):
        raise BookingError(
            "status_not_allowed",
            f"The status {target.name} is not used for {appointment.service.name}.",
        )
    actor.require(permissions.EDIT)
    if target.predicate == "confirmation" and current.predicate == "start":
        actor.require(permissions.APPROVE)
    if target.predicate == "cancellation":
        if reason is None:
            raise BookingError("reason_required", "Say why the appointment is cancelled.")
        if not appointment.service.allow_cancel and not (
            override and actor.may(permissions.OVERRIDE)
        ):
            raise BookingError(
                "cancel_not_allowed",
                f"{appointment.service.name} appointments cannot be cancelled; "
                "only staff allowed to override the rules can, on purpose.",
            )
    # Reinstating a cancelled appointment takes its time again; the database checks that.
    appointment.status = target
    appointment.status_id = target.id
    appointment.blocking = target.blocks_time
    appointment.updated_at = now
    add_history(session, appointment, current, target, actor, now, reason)


def add_history(
    session: Session,
    appointment: Appointment,
    from_status: StatusDefinition | None,
    to_status: StatusDefinition,
    actor: Actor,
    now: datetime,
    reason: str | None,
) -> None:
    appointment.history.append(
        StatusHistory(
            from_status_id=from_status.id if from_status else None,
            to_status_id=to_status.id,
            changed_at=now,
            user_id=actor.user_id,
            actor=actor.label,
            reason=reason,
        )
    )


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    from_status: str | None
    to_status: str
    actor: str
    reason: str | None


def history(session: Session, appointment_id: int) -> list[HistoryEntry]:
    """The appointment's status changes, newest first."""
    if session.get(Appointment, appointment_id) is None:
        raise NotFound("appointment", appointment_id)
    src = aliased(StatusDefinition)
    dst = aliased(StatusDefinition)
    rows = session.execute(
        select(StatusHistory, src.key, dst.key, User.display_name)
        .join(dst, StatusHistory.to_status_id == dst.id)
        .outerjoin(src, StatusHistory.from_status_id == src.id)
        .outerjoin(User, StatusHistory.user_id == User.id)
        .where(StatusHistory.appointment_id == appointment_id)
        .order_by(StatusHistory.changed_at.desc(), StatusHistory.id.desc())
    )
    return [
        HistoryEntry(
            at=h.changed_at, from_status=src_key, to_status=dst_key, actor=h.actor, reason=h.reason
        )
        for h, src_key, dst_key, _name in rows
    ]
