"""What a customer may do on the pages, on top of the booking layer: the public rules.

The booking layer (app.booking.appointments) already applies the service's rules: lead
times, the per-customer visitor limit, form fields, the no-double-booking rule. The public
pages add theirs here, inside the same write transaction:

* only the times the service page offers can be booked: the self-service audience's
  earliest bookable day and disabled window, the slot grid, the customer's agent choice
  only where the service allows it;
* ``self_service.max_per_day``: at most that many appointments for one person on one day;
* the customer record is found by e-mail or phone as the desk finds duplicates, and
  never shown or changed: whether an address was known makes no difference to what the
  visitor sees (the same pages, the same work in the same order);
* an appointment is reached only through its private token; moving or cancelling it
  needs the service's minimum lead time before its current start, and cancelling needs
  the service to allow it.

Nothing here imports Flask, so these rules are tested without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from app.booking import appointments, availability, settings
from app.booking.appointments import BookingRequest, NewCustomer
from app.booking.customers import ContactRules, duplicates_of, validate_customer
from app.booking.errors import BookingError, NotFound
from app.booking.permissions import PUBLIC
from app.models import Appointment, Branch, Customer, Service, StatusDefinition, StatusHistory

#: Reasons written into the status history when the customer acts on the pages.
RESCHEDULE_REASON = "Moved by the customer on the self-service page"
CANCEL_REASON = "Cancelled by the customer on the self-service page"
#: Longest reason a customer may type when cancelling.
MAX_REASON = 500


@dataclass(frozen=True)
class Contact:
    """What the visitor typed about themselves (already length-checked by the form)."""

    name: str
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class Outcome:
    """A booking or change made on the pages: where the customer's private page is."""

    token: str
    status: str


def active_service(session: Session, branch_id: int, service_id: int) -> Service:
    """The service of that branch, if it exists and is offered; else ``not_found`` or
    ``service_inactive`` (the page says "not available")."""
    service = session.scalars(
        select(Service)
        .where(Service.id == service_id, Service.branch_id == branch_id)
        .options(joinedload(Service.branch))
    ).first()
    if service is None:
        raise NotFound("service", service_id)
    if not service.active:
        raise BookingError("service_inactive", f"{service.name} is not offered at the moment.")
    return service


def by_token(session: Session, token: str) -> Appointment:
    """The appointment behind a private link; ``not_found`` for any unknown token."""
    if not token or len(token) > 64:
        raise NotFound("appointment", "this link")
    appt = session.scalars(
        select(Appointment)
        .where(Appointment.manage_token == token)
        .options(
            joinedload(Appointment.service).joinedload(Service.branch),
            joinedload(Appointment.agent),
            joinedload(Appointment.status),
        )
    ).first()
    if appt is None:
        raise NotFound("appointment", "this link")
    return appt


def outcome_status(session: Session, appt: Appointment) -> str:
    """What the private page says: ``cancelled``, ``rescheduled`` (moved at least once),
    ``requested`` (waits for approval) or ``confirmed``."""
    if appt.status.predicate == "cancellation":
        return "cancelled"
    moved = session.scalar(
        select(func.count())
        .select_from(StatusHistory)
        .where(
            StatusHistory.appointment_id == appt.id,
            StatusHistory.from_status_id == StatusHistory.to_status_id,
        )
    )
    if moved:
        return "rescheduled"
    if appt.status.predicate == "start":
        return "requested"
    return "confirmed"


def offered(
    session: Session, service: Service, start: datetime, now: datetime, agent_id: int | None
) -> bool:
    """Whether the service page offers ``start`` (with ``agent_id`` when given); never
    for an agent who no longer gives the service."""
    tz = ZoneInfo(service.branch.timezone)
    day = start.astimezone(tz).date()
    try:
        found = availability.slots(
            session, service, day, day, now, agent_id=agent_id, audience="self-service"
        )
    except BookingError as exc:
        if exc.code == "agent_not_for_service":  # left the service, or made inactive
            return False
        raise
    return any(slot.start == start for slot in found)


def _why_not_offered(session: Session, service: Service, start: datetime, now: datetime) -> None:
    """Raise the rule that keeps ``start`` off the page; return when it is only taken."""
    if start < availability.earliest_start(session, service.branch, now, "self-service"):
        raise BookingError("too_soon", "This time can no longer be booked online.")
    if start < now + timedelta(minutes=service.min_lead_min):
        raise BookingError("lead_time", "Too soon for this service.")
    if start > now + timedelta(minutes=service.max_lead_min):
        raise BookingError("max_lead_time", "Too far ahead for this service.")


def check_contact(session: Session, contact: Contact) -> None:
    """Validate the contact details as the desk does (``invalid_email``,
    ``invalid_phone``, ``missing_contact``, ``invalid_name``...)."""
    validate_customer(
        ContactRules.load(session), name=contact.name, phone=contact.phone, email=contact.email
    )


def book(
    session: Session,
    service_id: int,
    branch_id: int,
    start: datetime,
    agent_id: int | None,
    contact: Contact,
    field_values: Mapping[str, str],
    now: datetime,
) -> Outcome:
    """Book ``start`` for the visitor; see the module's docstring for the rules.

    Raises ``BookingError``: ``slot_taken`` when the time is no longer free (the page
    says the time is gone), ``too_soon``/``lead_time``/``max_lead_time``,
    ``visitor_limit``, ``daily_limit``, ``agent_choice_not_allowed``, contact and field
    errors. Runs inside the caller's write transaction; does not commit.
    """
    service = active_service(session, branch_id, service_id)
    if agent_id is not None and not service.allow_choose_agent:
        raise BookingError(
            "agent_choice_not_allowed", f"For {service.name} the branch assigns the agent."
        )
    data = validate_customer(
        ContactRules.load(session), name=contact.name, phone=contact.phone, email=contact.email
    )
    # The same lookup whether or not the person is known; nothing of the record is shown.
    matches = duplicates_of(session, data.phone, data.email)
    if not offered(session, service, start, now, agent_id):
        _why_not_offered(session, service, start, now)
        raise BookingError("slot_taken", "This time was just taken.")
    if matches:
        customer = session.get(Customer, matches[0])
        assert customer is not None
        _check_daily_limit(session, service.branch, customer.id, data.phone, data.email, start)
        request = BookingRequest(
            service_id=service.id,
            start=start,
            customer_id=customer.id,
            agent_id=agent_id,
            field_values=field_values,
            notes=_typed_note(customer, data.name, data.phone, data.email),
            source="self-service",
        )
    else:
        _check_daily_limit(session, service.branch, None, data.phone, data.email, start)
        request = BookingRequest(
            service_id=service.id,
            start=start,
            new_customer=NewCustomer(data.name, data.phone, data.email),
            agent_id=agent_id,
            field_values=field_values,
            source="self-service",
        )
    appt = appointments.book(session, PUBLIC, request, now)
    assert appt.manage_token is not None
    return Outcome(
        appt.manage_token, "requested" if appt.status.predicate == "start" else "confirmed"
    )


def _typed_note(customer: Customer, name: str, phone: str | None, email: str | None) -> str | None:
    """For the desk: what the visitor typed when it differs from the matched record (the
    record itself is never changed by an anonymous visitor)."""
    differs = []
    if name.casefold() != customer.name.casefold():
        differs.append(f"name {name}")
    if phone and phone != customer.phone:
        differs.append(f"phone {phone}")
    if email and (customer.email or "").lower() != email.lower():
        differs.append(f"e-mail {email}")
    return "Typed on the self-service page: " + ", ".join(differs) + "." if differs else None


def _check_daily_limit(
    session: Session,
    branch: Branch,
    customer_id: int | None,
    phone: str | None,
    email: str | None,
    start: datetime,
) -> None:
    """``self_service.max_per_day``: the person's appointments (any service, any source,
    not cancelled) on the local day of ``start``, counted over every record with the same
    phone or e-mail."""
    limit = settings.get(session, settings.SELF_SERVICE_MAX_PER_DAY, branch.id)
    if not limit:
        return
    same = []
    if customer_id is not None:
        same.append(Customer.id == customer_id)
    if phone:
        same.append(Customer.phone == phone)
    if email:
        same.append(func.lower(Customer.email) == email.lower())
    if not same:
        return
    tz = ZoneInfo(branch.timezone)
    day = start.astimezone(tz).date()
    lo = datetime(day.year, day.month, day.day, tzinfo=tz)
    hi = _next_midnight(day, tz)
    count = session.scalar(
        select(func.count())
        .select_from(Appointment)
        .join(Customer, Appointment.customer_id == Customer.id)
        .join(StatusDefinition, Appointment.status_id == StatusDefinition.id)
        .where(
            Appointment.branch_id == branch.id,
            or_(*same),
            or_(StatusDefinition.predicate.is_(None), StatusDefinition.predicate != "cancellation"),
            Appointment.start_at >= lo,
            Appointment.start_at < hi,
        )
    )
    if int(count or 0) >= int(limit):
        raise BookingError(
            "daily_limit", f"At most {limit} appointment(s) a day can be booked online."
        )


def _next_midnight(day: date, tz: ZoneInfo) -> datetime:
    after = day + timedelta(days=1)
    return datetime(after.year, after.month, after.day, tzinfo=tz)


def _check_changeable(appt: Appointment, now: datetime) -> None:
    """Moving or cancelling online: not once cancelled or closed, and not within the
    service's minimum lead time of the current start."""
    if appt.status.predicate not in ("start", "confirmation"):
        raise BookingError("closed", "This appointment can no longer be changed.")
    if appt.start_at < now + timedelta(minutes=appt.service.min_lead_min):
        raise BookingError("too_late", "It is too late to change this appointment online.")


def changeable(appt: Appointment, now: datetime) -> BookingError | None:
    """Why the appointment cannot be moved online now, or None."""
    try:
        _check_changeable(appt, now)
    except BookingError as exc:
        return exc
    return None


def cancellable(appt: Appointment, now: datetime) -> BookingError | None:
    """Why the appointment cannot be cancelled online now, or None."""
    problem = changeable(appt, now)
    if problem is None and not appt.service.allow_cancel:
        problem = BookingError(
            "cancel_not_allowed", f"{appt.service.name} appointments cannot be cancelled online."
        )
    return problem


def reschedule(session: Session, token: str, start: datetime, now: datetime) -> Outcome:
    """Move the appointment of ``token`` to ``start`` with the same agent, if the page
    offers that time. Same refusals as :func:`book`, plus ``too_late`` and ``closed``."""
    appt = by_token(session, token)
    _check_changeable(appt, now)
    service = appt.service
    if not service.active:
        raise BookingError("service_inactive", f"{service.name} is not offered at the moment.")
    if start == appt.start_at:
        raise BookingError("same_time", "The appointment is already at this time.")
    if not offered(session, service, start, now, appt.agent_id):
        _why_not_offered(session, service, start, now)
        raise BookingError("slot_taken", "This time was just taken.")
    moved = appointments.reschedule(
        session, PUBLIC, appt.id, start, RESCHEDULE_REASON, now, expected_version=appt.version
    )
    assert moved.manage_token is not None
    return Outcome(moved.manage_token, "rescheduled")


def cancel(session: Session, token: str, reason: str | None, now: datetime) -> Outcome:
    """Cancel the appointment of ``token`` (``too_late``, ``closed``,
    ``cancel_not_allowed`` when the rules say no)."""
    appt = by_token(session, token)
    problem = cancellable(appt, now)
    if problem is not None:
        raise problem
    typed = " ".join((reason or "").split())[:MAX_REASON]
    appointments.cancel(
        session,
        PUBLIC,
        appt.id,
        f"{CANCEL_REASON}: {typed}" if typed else CANCEL_REASON,
        now,
        expected_version=appt.version,
    )
    return Outcome(token, "cancelled")
