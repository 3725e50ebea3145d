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

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectinload

from app.booking import audit, permissions
from app.booking.errors import BookingError, NotFound
from app.booking.permissions import Actor
from app.booking.transactions import flush
from app.clock import system_clock
from app.models import Appointment, Branch, Service, StatusDefinition, StatusHistory, User
from app.models.appointments import PREDICATES


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
        if appointment.start_at <= now:
            # Cancelling what has already begun erases a visit after the fact: that is
            # deleting it from the day's record, not the daily cancel of a future booking.
            actor.require(permissions.DELETE)
        if not appointment.service.allow_cancel and not (
            override and actor.may(permissions.OVERRIDE)
        ):
            raise BookingError(
                "cancel_not_allowed",
                f"{appointment.service.name} appointments cannot be cancelled; "
                "only staff allowed to override the rules can, on purpose.",
            )
    # Reinstating a cancelled appointment takes its time again; the database checks that.
    # Read blocks_time under a shared lock (PostgreSQL): a concurrent change of the
    # status's blocks_time (define_status) waits for this transaction, or this one for it,
    # so an appointment never keeps a stale "blocking". SQLite serialises writers anyway.
    blocks = session.execute(
        select(StatusDefinition.blocks_time)
        .where(StatusDefinition.id == target.id)
        .with_for_update(read=True)
    ).scalar_one()
    appointment.status = target
    appointment.status_id = target.id
    appointment.blocking = blocks
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


# -- defining statuses (administration) ----------------------------------------------------

#: The statuses migration 0003 seeds. Their meaning is wired into the booking rules, so
#: they cannot be redefined; more statuses are added beside them.
BUILTIN_KEYS = ("pending", "confirming", "confirmed", "waiting", "cancelled", "noshow", "completed")
#: A status key: lower-case letters and digits, words joined by "-" or "_".
KEY_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")
KEY_MAX = 40
NAME_MAX = 100
COLOR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}")
POSITION_MAX = 1_000_000


def check_key(key: str) -> str:
    """``key`` if it is a status key (a lower-case slug); else ``invalid_status_key``."""
    if not isinstance(key, str) or len(key) > KEY_MAX or not KEY_PATTERN.fullmatch(key):
        raise BookingError(
            "invalid_status_key",
            f"{key!r} cannot be a status key: use lower-case letters and digits, words joined "
            f'by "-" or "_", starting with a letter, at most {KEY_MAX} characters '
            '(such as "awaiting_documents").',
        )
    return key


def check_color(color: str | None) -> str | None:
    """A colour in its stored form ("#1565c0", lower case), or None; else ``invalid_color``."""
    if color is None:
        return None
    if not isinstance(color, str) or not COLOR_PATTERN.fullmatch(color.strip()):
        raise BookingError(
            "invalid_color",
            f'{color!r} is not a colour: write "#rrggbb" with six hexadecimal digits, '
            'such as "#1565c0".',
        )
    return color.strip().lower()


def check_predicate(predicate: str | None) -> str | None:
    """A predicate (start, confirmation, cancellation) or None; else ``unknown_predicate``."""
    if predicate is None or predicate in PREDICATES:
        return predicate
    raise BookingError(
        "unknown_predicate",
        f"{predicate!r} is not a status meaning: use {', '.join(PREDICATES)}, or none.",
    )


def _check_text(text: str, what: str, code: str, *, allow_breaks: bool, limit: int | None) -> str:
    for ch in text:
        if unicodedata.category(ch) == "Cc" and not (allow_breaks and ch in "\n\r\t"):
            raise BookingError(
                code, f"The {what} contains the control character U+{ord(ch):04X}; use plain text."
            )
    if limit is not None and len(text) > limit:
        raise BookingError(code, f"The {what} is {len(text)} characters long; at most {limit}.")
    return text


@dataclass(frozen=True)
class DefinedStatus:
    """What :func:`define_status` did: the row, whether it is new, which of its values
    changed (named as the setup file names them) and how many appointments in that status
    now take, or free, their agent's time."""

    status: StatusDefinition
    created: bool
    changed: tuple[str, ...]
    appointments_updated: int

    def to_json(self) -> dict[str, Any]:
        return {
            "status": status_json(self.status),
            "created": self.created,
            "changed": list(self.changed),
            "appointments_updated": self.appointments_updated,
        }


def status_json(status: StatusDefinition) -> dict[str, Any]:
    """A status's definition as JSON-able values (what the audit trail records)."""
    return {
        "key": status.key,
        "name": status.name,
        "description": status.description or "",
        "position": status.position,
        "predicate": status.predicate,
        "color": status.color,
        "blocks_time": status.blocks_time,
        "builtin": status.builtin,
        "all_services": status.all_services,
        "service_ids": sorted(s.id for s in status.services),
    }


def define_status(
    session: Session,
    actor: Actor,
    key: str,
    name: str,
    *,
    description: str = "",
    position: int | None = None,
    predicate: str | None = None,
    color: str | None = None,
    blocks_time: bool = True,
    service_ids: Sequence[int] | None = None,
    branch_id: int | None = None,
    now: datetime | None = None,
) -> DefinedStatus:
    """Create the custom status ``key``, or update it to exactly these values.

    Needs the "administer" permission. ``position`` None puts a new status after all the
    others and leaves an existing one where it is. ``service_ids`` None makes the status
    usable with every service; a list restricts it to those services. With ``branch_id``
    the list stands for that branch's services only: links to other branches' services are
    kept (statuses are shared by all branches; each branch's setup file speaks for its own
    services).

    Changing ``blocks_time`` updates the ``blocking`` copy of every appointment in the
    status, in this transaction. When the status starts taking time and some of those
    appointments overlap another blocking appointment of the same agent, the database
    refuses and this raises ``slot_taken``; nothing is changed then (the caller rolls
    back). Other refusals: ``invalid_status_key``, ``builtin_status``,
    ``invalid_status_name``, ``invalid_color``, ``unknown_predicate``,
    ``invalid_position``, ``not_found`` (a service or branch). Writes one audit entry when
    anything changed. Does not commit.
    """
    actor.require(permissions.ADMINISTER)
    now = now or system_clock()
    key = check_key(key)
    if key in BUILTIN_KEYS:
        raise _builtin(key)
    name = _check_text(
        (name or "").strip(),
        "status name",
        "invalid_status_name",
        allow_breaks=False,
        limit=NAME_MAX,
    )
    if not name:
        raise BookingError(
            "invalid_status_name", "A status needs a name, such as 'Waiting for documents'."
        )
    description = description if description and description.strip() else ""
    description = _check_text(
        description, "description", "invalid_status_description", allow_breaks=True, limit=None
    )
    predicate = check_predicate(predicate)
    color = check_color(color)
    if position is not None and (
        isinstance(position, bool)
        or not isinstance(position, int)
        or not 0 <= position <= POSITION_MAX
    ):
        raise BookingError(
            "invalid_position",
            f"The position must be a whole number from 0 to {POSITION_MAX}, not {position!r}.",
        )
    services = _services(session, service_ids, branch_id)

    # Lock the row (PostgreSQL) so that status changes reading blocks_time under a shared
    # lock (change) either finish before this or see its result.
    status = session.scalars(
        select(StatusDefinition)
        .where(StatusDefinition.key == key)
        .options(selectinload(StatusDefinition.services))
        .with_for_update(of=StatusDefinition)
    ).one_or_none()
    if status is not None and status.builtin:
        raise _builtin(key)
    created = status is None
    before = None if status is None else status_json(status)
    if status is None:
        if position is None:
            position = (session.scalar(select(func.max(StatusDefinition.position))) or 0) + 1
        status = StatusDefinition(key=key, builtin=False, services=[])
        session.add(status)
    elif position is None:
        position = status.position
    was_blocking = status.blocks_time
    status.name = name
    status.description = description
    status.position = position
    status.predicate = predicate
    status.color = color
    status.blocks_time = blocks_time
    if services is None:
        status.all_services = True
        if status.services:
            status.services = []
    else:
        status.all_services = False
        kept = [] if branch_id is None else [s for s in status.services if s.branch_id != branch_id]
        wanted = kept + [s for s in services if s not in kept]
        if {s.id for s in wanted} != {s.id for s in status.services}:
            status.services = wanted

    flipped = 0
    if not created and was_blocking != blocks_time:
        for appointment in session.scalars(
            select(Appointment).where(
                Appointment.status_id == status.id, Appointment.blocking.is_not(blocks_time)
            )
        ):
            appointment.blocking = blocks_time
            appointment.updated_at = now
            flipped += 1
    try:
        flush(session)
    except BookingError as exc:
        if exc.code != "slot_taken":
            raise
        raise BookingError(
            "slot_taken",
            f"{name} cannot take the agents' time: some appointments in this status overlap "
            "other appointments of the same agent. Move or cancel them first.",
            {"status": key},
        ) from None
    after = status_json(status)
    changed = _changed_fields(before, after)
    if created or changed:
        audit.record(
            session,
            actor,
            now,
            "status.create" if created else "status.update",
            "status",
            status.id,
            before=before,
            after={**after, "appointments_updated": flipped},
        )
    return DefinedStatus(status, created, changed, flipped)


def _builtin(key: str) -> BookingError:
    return BookingError(
        "builtin_status",
        f"{key} is a built-in status; it cannot be redefined. Define a status with a key of "
        "your own instead.",
    )


def _services(
    session: Session, service_ids: Sequence[int] | None, branch_id: int | None
) -> list[Service] | None:
    if branch_id is not None and session.get(Branch, branch_id) is None:
        raise NotFound("branch", branch_id)
    if service_ids is None:
        return None
    ids = list(dict.fromkeys(service_ids))
    found = {s.id: s for s in session.scalars(select(Service).where(Service.id.in_(ids)))}
    for service_id in ids:
        service = found.get(service_id)
        if service is None or (branch_id is not None and service.branch_id != branch_id):
            raise NotFound("service", service_id)
    return [found[i] for i in ids]


#: How changed values are named: as the setup file and the CLI name them.
_FIELD_NAMES = {"all_services": "services", "service_ids": "services"}


def _changed_fields(before: dict[str, Any] | None, after: dict[str, Any]) -> tuple[str, ...]:
    if before is None:
        return ()
    out: list[str] = []
    for field, value in after.items():
        label = _FIELD_NAMES.get(field, field)
        if before.get(field) != value and label not in out:
            out.append(label)
    return tuple(out)


@dataclass(frozen=True)
class ServiceRef:
    id: int
    name: str
    branch: str


@dataclass(frozen=True)
class StatusInfo:
    """A status as listings show it, with how many appointments are in it now."""

    key: str
    name: str
    description: str
    position: int
    predicate: str | None
    color: str | None
    blocks_time: bool
    builtin: bool
    all_services: bool
    services: tuple[ServiceRef, ...]
    appointments: int

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "description": self.description,
            "position": self.position,
            "predicate": self.predicate,
            "color": self.color,
            "blocks_time": self.blocks_time,
            "builtin": self.builtin,
            "all_services": self.all_services,
            "services": [{"id": s.id, "name": s.name, "branch": s.branch} for s in self.services],
            "appointments": self.appointments,
        }


def list_statuses(session: Session) -> list[StatusInfo]:
    """Every status, built-in and custom, in display order (three queries in all)."""
    counts: dict[int, int] = {
        status_id: int(count)
        for status_id, count in session.execute(
            select(Appointment.status_id, func.count()).group_by(Appointment.status_id)
        )
    }
    rows = session.scalars(
        select(StatusDefinition)
        .options(selectinload(StatusDefinition.services).selectinload(Service.branch))
        .order_by(StatusDefinition.position, StatusDefinition.id)
    ).all()
    return [
        StatusInfo(
            key=s.key,
            name=s.name,
            description=s.description or "",
            position=s.position,
            predicate=s.predicate,
            color=s.color,
            blocks_time=s.blocks_time,
            builtin=s.builtin,
            all_services=s.all_services,
            services=tuple(
                ServiceRef(v.id, v.name, v.branch.name)
                for v in sorted(s.services, key=lambda v: (v.branch.name, v.position, v.id))
            ),
            appointments=int(counts.get(s.id, 0)),
        )
        for s in rows
    ]
