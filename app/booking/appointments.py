"""Booking use cases: book, book repeating, reschedule, cancel, change status, list.

Every function takes the acting user and ``now``, checks permissions and the service's
rules, and raises ``BookingError`` with a stable code when something says no:
``slot_taken``, ``outside_hours``, ``lead_time``, ``max_lead_time``, ``visitor_limit``,
``cancel_not_allowed``, ``missing_field``, ``unknown_field``, ``reason_required``,
``permission_denied``, ``not_found``... They work inside the caller's session; run them
through ``app.booking.transactions.run_write`` so that each is one transaction, retried
when PostgreSQL asks, with the database's overlap refusal turned into ``slot_taken``.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.booking import audit, availability, changes, permissions, statuses
from app.booking.changes import Change
from app.booking.customers import SaveResult, add_customer, get_customer
from app.booking.errors import BookingError, NotFound
from app.booking.permissions import Actor
from app.booking.transactions import flush
from app.models import Agent, Appointment, Customer, Service, StatusDefinition
from app.models.appointments import SOURCES
from app.notify import outbox
from app.sync import outbox as calendar_outbox


@dataclass(frozen=True)
class NewCustomer:
    name: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class BookingRequest:
    """What the desk (or a page) asks for. ``agent_id`` None: the system assigns."""

    service_id: int
    start: datetime
    customer_id: int | None = None
    new_customer: NewCustomer | None = None
    agent_id: int | None = None
    field_values: Mapping[str, str] = field(default_factory=dict)
    notes: str | None = None
    source: str = "desk"
    #: Book although the lead-time rules say no (needs the override permission).
    override_reason: str | None = None


@dataclass(frozen=True)
class RepeatResult:
    booked: list[Appointment]
    skipped: list[tuple[datetime, str]]  # (start, reason code)


# -- reading -----------------------------------------------------------------------------


def get(session: Session, appointment_id: int) -> Appointment:
    appt = session.scalars(
        select(Appointment)
        .where(Appointment.id == appointment_id)
        .options(
            joinedload(Appointment.service),
            joinedload(Appointment.agent),
            joinedload(Appointment.customer),
            joinedload(Appointment.status),
        )
    ).one_or_none()
    if appt is None:
        raise NotFound("appointment", appointment_id)
    return appt


def list_between(
    session: Session,
    start: datetime,
    end: datetime,
    *,
    agent_id: int | None = None,
    status_key: str | None = None,
    branch_id: int | None = None,
) -> list[Appointment]:
    """Appointments starting in [start, end), oldest first, with what a list shows.

    Archived appointments (``archived_at`` set by the nightly clean-up) are left out: they
    are history, shown only in a customer's appointment history.
    """
    query: Select[Appointment] = (
        select(Appointment)
        .where(
            Appointment.start_at >= start,
            Appointment.start_at < end,
            Appointment.archived_at.is_(None),
        )
        .options(
            joinedload(Appointment.service),
            joinedload(Appointment.agent),
            joinedload(Appointment.customer),
            joinedload(Appointment.status),
        )
        .order_by(Appointment.start_at, Appointment.id)
    )
    if agent_id is not None:
        query = query.where(Appointment.agent_id == agent_id)
    if branch_id is not None:
        query = query.where(Appointment.branch_id == branch_id)
    if status_key is not None:
        status = statuses.by_key(session, status_key)
        query = query.where(Appointment.status_id == status.id)
    return list(session.scalars(query))


def to_json(appt: Appointment, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "id": appt.id,
        "service": appt.service.name,
        "agent": appt.agent.name if appt.agent else None,
        "customer": {"id": appt.customer.id, "name": appt.customer.name},
        "start": appt.start_at.astimezone(tz).isoformat(),
        "end": appt.end_at.astimezone(tz).isoformat(),
        "status": appt.status.key,
        "source": appt.source,
        "fields": dict(appt.field_values or {}),
        "notes": appt.notes,
        "series_id": appt.series_id,
        "version": appt.version,
    }


# -- booking -----------------------------------------------------------------------------


def book(session: Session, actor: Actor, request: BookingRequest, now: datetime) -> Appointment:
    """Book one appointment; see the module's docstring for the refusals."""
    actor.require(permissions.CREATE)
    service = _service(session, request.service_id)
    if request.source not in SOURCES:
        raise BookingError("invalid_source", f"Unknown source {request.source!r}.")
    fields = _check_fields(service, request.field_values)
    customer = _customer(session, actor, request, now)
    start, end, block_start, block_end = _times(service, request.start)
    _check_lead(service, actor, start, now, request.override_reason)
    agent_id = _choose_agent(session, actor, service, request, block_start, block_end, now)
    _check_visitor_limit(session, service, customer, start, now, exclude_id=None)
    initial = statuses.initial_status(session, service)
    appt = Appointment(
        branch_id=service.branch_id,
        service_id=service.id,
        agent_id=agent_id,
        customer_id=customer.id,
        start_at=start,
        end_at=end,
        block_start=block_start,
        block_end=block_end,
        status_id=initial.id,
        blocking=initial.blocks_time,
        source=request.source,
        field_values=fields,
        notes=(request.notes or "").strip() or None,
        manage_token=secrets.token_urlsafe(24),
        created_by_user_id=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    appt.service = service
    appt.customer = customer
    appt.status = initial
    session.add(appt)
    statuses.add_history(session, appt, None, initial, actor, now, request.override_reason)
    flush(session)
    audit.record(
        session, actor, now, "appointment.book", "appointment", appt.id, None, _snapshot(appt)
    )
    outbox.enqueue(
        session, appt, "request_received" if initial.predicate == "start" else "created", now
    )
    # calendar sync: the agent's calendar gets the event (app.sync.outbox)
    calendar_outbox.enqueue_appointment(session, appt, "book", now)
    changes.announce(session, Change(appt.branch_id, block_start, block_end, (appt.id,)))
    return appt


def book_repeating(
    session: Session,
    actor: Actor,
    request: BookingRequest,
    starts: Sequence[datetime],
    now: datetime,
    *,
    skip_conflicts: bool = False,
) -> RepeatResult:
    """Book one appointment per start, sharing a series id.

    All or nothing by default: the first refusal raises and nothing is booked. With
    ``skip_conflicts`` the refused occurrences are listed with their reason instead.
    """
    if not starts:
        raise BookingError("no_occurrences", "The repeat rule gives no date in range.")
    series = str(uuid.uuid4())
    booked: list[Appointment] = []
    skipped: list[tuple[datetime, str]] = []
    customer_id = request.customer_id
    for start in starts:
        one = BookingRequest(
            service_id=request.service_id,
            start=start,
            customer_id=customer_id,
            new_customer=request.new_customer if customer_id is None else None,
            agent_id=request.agent_id,
            field_values=request.field_values,
            notes=request.notes,
            source=request.source,
            override_reason=request.override_reason,
        )
        savepoint = session.begin_nested()
        try:
            appt = book(session, actor, one, now)
        except BookingError as exc:
            savepoint.rollback()
            if not skip_conflicts:
                raise BookingError(
                    exc.code,
                    f"The occurrence on {start.date().isoformat()} cannot be booked: "
                    f"{exc.message} Nothing was booked.",
                    {"start": start.isoformat()},
                ) from None
            skipped.append((start, exc.code))
            continue
        savepoint.commit()
        appt.series_id = series
        customer_id = appt.customer_id
        booked.append(appt)
    if not booked:
        raise BookingError("no_occurrences", "None of the occurrences could be booked.")
    flush(session)
    return RepeatResult(booked=booked, skipped=skipped)


def reschedule(
    session: Session,
    actor: Actor,
    appointment_id: int,
    new_start: datetime,
    reason: str,
    now: datetime,
    *,
    agent_id: int | None = None,
    expected_version: int | None = None,
    override_reason: str | None = None,
) -> Appointment:
    """Move an appointment (and optionally to another agent); a reason is required."""
    actor.require(permissions.EDIT)
    reason = (reason or "").strip()
    if not reason:
        raise BookingError("reason_required", "Say why the appointment is moved.")
    appt = get(session, appointment_id)
    _check_version(appt, expected_version)
    if appt.status.predicate == "cancellation":
        raise BookingError("cancelled", "A cancelled appointment cannot be moved.")
    service = appt.service
    start, end, block_start, block_end = _times(service, new_start)
    _check_lead(service, actor, start, now, override_reason)
    target_agent = appt.agent_id if agent_id is None else agent_id
    if target_agent != appt.agent_id:
        actor.require(permissions.ASSIGN)
    before = _snapshot(appt)
    if target_agent is None:
        raise BookingError("agent_required", "Choose the agent for the new time.")
    problem = availability.check_agent(
        session, service, target_agent, block_start, block_end, now, ignore_appointment=appt.id
    )
    if problem is not None:
        raise problem
    _check_visitor_limit(session, service, appt.customer, start, now, exclude_id=appt.id)
    was = (appt.block_start, appt.block_end)
    tz = ZoneInfo(service.branch.timezone)
    moved = f"Moved from {_local(appt.start_at, tz)} to {_local(start, tz)}"
    if target_agent != appt.agent_id:
        before_name = appt.agent.name if appt.agent else "no agent"
        moved += f" ({before_name} → {_agent_name(session, target_agent)})"
    moved += f": {reason}"
    appt.start_at, appt.end_at = start, end
    appt.block_start, appt.block_end = block_start, block_end
    appt.agent_id = target_agent
    appt.updated_at = now
    statuses.add_history(session, appt, appt.status, appt.status, actor, now, moved)
    flush(session)
    audit.record(
        session,
        actor,
        now,
        "appointment.reschedule",
        "appointment",
        appt.id,
        before,
        _snapshot(appt) | {"reason": reason},
    )
    outbox.enqueue(session, appt, "rescheduled", now, reason)
    # calendar sync: move the event, or hand it to the new agent's calendar
    calendar_outbox.enqueue_appointment(
        session, appt, "reschedule", now, previous_agent_id=before["agent_id"]
    )
    changes.announce(
        session,
        Change(appt.branch_id, min(was[0], block_start), max(was[1], block_end), (appt.id,)),
    )
    return appt


def set_status(
    session: Session,
    actor: Actor,
    appointment_id: int,
    status_key: str,
    now: datetime,
    reason: str | None = None,
    *,
    override: bool = False,
    expected_version: int | None = None,
) -> Appointment:
    appt = get(session, appointment_id)
    _check_version(appt, expected_version)
    before = _snapshot(appt)
    previous = appt.status
    target = statuses.by_key(session, status_key)
    statuses.change(session, actor, appt, target, now, reason, override=override)
    flush(session)
    audit.record(
        session,
        actor,
        now,
        "appointment.status",
        "appointment",
        appt.id,
        before,
        _snapshot(appt) | {"reason": reason},
    )
    mail_event = outbox.event_for_status(previous, target)
    if mail_event is not None:
        outbox.enqueue(session, appt, mail_event, now, reason)
    # calendar sync: a cancellation removes the event, taking it back adds it again
    calendar_outbox.enqueue_status_change(session, appt, previous, target, now)
    changes.announce(session, Change(appt.branch_id, appt.block_start, appt.block_end, (appt.id,)))
    return appt


def cancel(
    session: Session,
    actor: Actor,
    appointment_id: int,
    reason: str,
    now: datetime,
    *,
    override: bool = False,
    expected_version: int | None = None,
) -> Appointment:
    """Move to the first cancellation status; refused for services that forbid it unless
    ``override`` by staff with the override permission."""
    appt = get(session, appointment_id)
    target = next(
        (
            s
            for s in statuses.all_statuses(session)
            if s.predicate == "cancellation" and statuses.enabled_for(s, appt.service_id)
        ),
        None,
    )
    if target is None:
        raise BookingError("no_status", "No cancellation status is enabled for this service.")
    return set_status(
        session,
        actor,
        appointment_id,
        target.key,
        now,
        reason,
        override=override,
        expected_version=expected_version,
    )


def mark_noshow(
    session: Session,
    actor: Actor,
    appointment_id: int,
    now: datetime,
    *,
    expected_version: int | None = None,
) -> Appointment:
    appt = get(session, appointment_id)
    if appt.start_at > now:
        raise BookingError(
            "not_started", "An appointment can be marked no-show only once it has begun."
        )
    return set_status(
        session, actor, appointment_id, "noshow", now, expected_version=expected_version
    )


def mark_completed(
    session: Session,
    actor: Actor,
    appointment_id: int,
    now: datetime,
    *,
    expected_version: int | None = None,
) -> Appointment:
    appt = get(session, appointment_id)
    if appt.start_at > now:
        raise BookingError("not_started", "An appointment can be completed only once it has begun.")
    return set_status(
        session, actor, appointment_id, "completed", now, expected_version=expected_version
    )


def repeat_starts(rule: str, first: datetime, tz: ZoneInfo, limit: int = 200) -> list[datetime]:
    """Starts of a repeating booking: ``rule`` (RFC 5545 RRULE, with COUNT or UNTIL) from
    ``first``, in wall-clock time of the branch, so 09:30 stays 09:30 across DST changes."""
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    upper = text.upper()
    if "COUNT=" not in upper and "UNTIL=" not in upper:
        raise BookingError("invalid_repeat", "A repeat rule needs COUNT or UNTIL so that it ends.")
    wall = first.astimezone(tz).replace(tzinfo=None)
    try:
        rr = rrulestr(text, dtstart=wall)
    except (ValueError, TypeError) as exc:
        raise BookingError(
            "invalid_repeat", f"The repeat rule {rule!r} is not valid: {exc}"
        ) from None
    starts: list[datetime] = []
    for occurrence in rr:
        if len(starts) >= limit:
            raise BookingError(
                "invalid_repeat", f"The repeat rule gives more than {limit} appointments."
            )
        starts.append(occurrence.replace(tzinfo=tz))
    return starts


# -- rules -------------------------------------------------------------------------------


def _service(session: Session, service_id: int) -> Service:
    service = session.scalars(
        select(Service).where(Service.id == service_id).options(selectinload(Service.fields))
    ).one_or_none()
    if service is None:
        raise NotFound("service", service_id)
    if not service.active:
        raise BookingError("service_inactive", f"{service.name} is not offered at the moment.")
    return service


def _times(service: Service, start: datetime) -> tuple[datetime, datetime, datetime, datetime]:
    if start.tzinfo is None:
        raise BookingError("invalid_time", "The start time needs a time zone.")
    start = start.replace(second=0, microsecond=0)
    end = start + timedelta(minutes=service.duration_min)
    return (
        start,
        end,
        start - timedelta(minutes=service.buffer_before_min),
        end + timedelta(minutes=service.buffer_after_min),
    )


def _check_lead(
    service: Service, actor: Actor, start: datetime, now: datetime, override_reason: str | None
) -> None:
    earliest = now + timedelta(minutes=service.min_lead_min)
    latest = now + timedelta(minutes=service.max_lead_min)
    problem: BookingError | None = None
    if start < now:
        problem = BookingError("lead_time", "That time is in the past.")
    elif start < earliest:
        problem = BookingError(
            "lead_time",
            f"{service.name} must be booked at least {_span(service.min_lead_min)} ahead.",
        )
    elif start > latest:
        problem = BookingError(
            "max_lead_time",
            f"{service.name} can be booked at most {_span(service.max_lead_min)} ahead.",
        )
    if problem is None:
        return
    if override_reason and override_reason.strip() and actor.may(permissions.OVERRIDE):
        return
    raise problem


def _span(minutes: int) -> str:
    if minutes % 1440 == 0:
        days = minutes // 1440
        return f"{days} day" + ("s" if days != 1 else "")
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour" + ("s" if hours != 1 else "")
    return f"{minutes} minutes"


def _check_fields(service: Service, values: Mapping[str, str]) -> dict[str, str]:
    known = {f.name: f for f in service.fields}
    out: dict[str, str] = {}
    for name, value in values.items():
        if name not in known:
            raise BookingError(
                "unknown_field",
                f"{service.name} has no field {name!r}"
                + (f"; its fields are {', '.join(known)}." if known else "."),
            )
        text = str(value).strip()
        if text:
            out[name] = text
    for f in service.fields:
        if f.required and f.name not in out:
            raise BookingError("missing_field", f"{f.name} is required for {service.name}.")
    return out


def _customer(session: Session, actor: Actor, request: BookingRequest, now: datetime) -> Customer:
    if request.customer_id is not None:
        return get_customer(session, request.customer_id)
    if request.new_customer is None:
        raise BookingError("customer_required", "Choose a customer or enter a new one.")
    new = request.new_customer
    result: SaveResult = add_customer(
        session, actor, now=now, name=new.name, phone=new.phone, email=new.email
    )
    return result.customer


def _choose_agent(
    session: Session,
    actor: Actor,
    service: Service,
    request: BookingRequest,
    block_start: datetime,
    block_end: datetime,
    now: datetime,
) -> int:
    if request.agent_id is not None:
        if request.source == "self-service":
            if not service.allow_choose_agent:
                raise BookingError(
                    "agent_choice_not_allowed",
                    f"For {service.name} the branch assigns the agent.",
                )
        else:
            actor.require(permissions.ASSIGN)
        problem = availability.check_agent(
            session, service, request.agent_id, block_start, block_end, now
        )
        if problem is not None:
            raise problem
        return request.agent_id
    return availability.assign(session, service, block_start, block_end, now)


def _check_visitor_limit(
    session: Session,
    service: Service,
    customer: Customer,
    start: datetime,
    now: datetime,
    exclude_id: int | None,
) -> None:
    """The per-customer limit counts this service's non-cancelled appointments of every
    customer record with the same phone or e-mail (people book under several records)."""
    if not service.visitor_limit_count or not service.visitor_limit_per:
        return
    identities = []
    if customer.phone:
        identities.append(Customer.phone == customer.phone)
    if customer.email:
        identities.append(func.lower(Customer.email) == customer.email.lower())
    same_person = or_(Customer.id == customer.id, *identities)
    tz = ZoneInfo(service.branch.timezone)
    lo, hi = _period(service.visitor_limit_per, start.astimezone(tz).date(), tz, now)
    query = (
        select(func.count())
        .select_from(Appointment)
        .join(Customer, Appointment.customer_id == Customer.id)
        .join(StatusDefinition, Appointment.status_id == StatusDefinition.id)
        .where(
            Appointment.service_id == service.id,
            same_person,
            or_(StatusDefinition.predicate.is_(None), StatusDefinition.predicate != "cancellation"),
            Appointment.start_at >= lo,
        )
    )
    if hi is not None:
        query = query.where(Appointment.start_at < hi)
    if exclude_id is not None:
        query = query.where(Appointment.id != exclude_id)
    count = int(session.scalar(query) or 0)
    if count >= service.visitor_limit_count:
        per = {"day": "a day", "week": "a week", "month": "a month", "future": "at a time"}
        raise BookingError(
            "visitor_limit",
            f"{customer.name} already has {count} {service.name} appointment"
            f"{'s' if count != 1 else ''}; the limit is {service.visitor_limit_count} "
            f"{per[service.visitor_limit_per]}.",
        )


def _period(per: str, day: date, tz: ZoneInfo, now: datetime) -> tuple[datetime, datetime | None]:
    def at(d: date) -> datetime:
        return datetime(d.year, d.month, d.day, tzinfo=tz)

    if per == "day":
        return at(day), at(day + timedelta(days=1))
    if per == "week":
        monday = day - timedelta(days=day.weekday())
        return at(monday), at(monday + timedelta(days=7))
    if per == "month":
        first = day.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return at(first), at(nxt)
    return now, None


def _local(at: datetime, tz: ZoneInfo) -> str:
    return at.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _agent_name(session: Session, agent_id: int) -> str:
    agent = session.get(Agent, agent_id)
    return agent.name if agent else f"agent {agent_id}"


def _check_version(appt: Appointment, expected: int | None) -> None:
    if expected is not None and appt.version != expected:
        raise BookingError(
            "stale",
            "Someone else changed this appointment meanwhile; look at it again before changing it.",
        )


def _snapshot(appt: Appointment) -> dict[str, Any]:
    return {
        "service_id": appt.service_id,
        "agent_id": appt.agent_id,
        "customer_id": appt.customer_id,
        "start": appt.start_at.isoformat(),
        "end": appt.end_at.isoformat(),
        "status": appt.status.key if appt.status else None,
        "source": appt.source,
        "fields": dict(appt.field_values or {}),
    }
