"""E-mail templates: the shipped defaults, placeholders, and the per-branch/per-service edits.

A template is a subject and a body with placeholders such as ``{!Customer Name}``. Every
event of ``app.models.notifications.EVENTS`` has a default for the customer and for the
agent; a branch can replace it, and a service can replace the branch's (most specific
wins). An unknown placeholder is refused when a template is saved, not when a mail is
sent, so that a typo never reaches a customer as ``{!Custmer Name}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking import audit
from app.booking.errors import BookingError, NotFound
from app.booking.permissions import ADMINISTER, Actor
from app.models import Agent, Appointment, Branch, Customer, Service, ServiceField
from app.models.notifications import EVENTS, NotificationTemplate

RECIPIENTS = ("customer", "agent")

SERVICE_NAME = "Service Name"
CUSTOMER_NAME = "Customer Name"
AGENT_NAME = "Agent Name"
AGENT_BIO = "Agent Bio"
MEETING_URL = "Meeting URL"
START_TIME = "Start Time"
END_TIME = "End Time"
BRANCH_NAME = "Branch Name"
REASON = "Reason"
#: The customer's private page of the appointment (app.web), as an absolute address built
#: from the ``web.public_url`` setting; empty when the branch publishes no pages.
MANAGE_LINK = "Manage Link"

#: The placeholders every template may use; a service's custom fields add their names.
PLACEHOLDERS = (
    SERVICE_NAME,
    CUSTOMER_NAME,
    AGENT_NAME,
    AGENT_BIO,
    MEETING_URL,
    START_TIME,
    END_TIME,
    BRANCH_NAME,
    REASON,
    MANAGE_LINK,
)

_PLACEHOLDER = re.compile(r"\{!([^{}!]*)\}")


@dataclass(frozen=True)
class Template:
    subject: str
    body: str


def _when(recipient: str) -> str:
    return "{!Start Time} to {!End Time}" if recipient == "agent" else "{!Start Time}"


_SIGN_OFF = "\n\n{!Branch Name}"
#: The private link in the customer's e-mails; the line disappears when it is empty.
_MANAGE = "\n\n{!Manage Link}"

#: (event, recipient) -> the shipped English template.
DEFAULTS: dict[tuple[str, str], Template] = {
    ("request_received", "customer"): Template(
        "We received your request: {!Service Name}",
        "Dear {!Customer Name},\n\nThank you for your request for {!Service Name} on "
        "{!Start Time}. A member of our team will confirm it shortly; until then the time "
        "is reserved for you." + _MANAGE + _SIGN_OFF,
    ),
    ("request_received", "agent"): Template(
        "Request to approve: {!Service Name} with {!Customer Name}",
        "{!Customer Name} asked for {!Service Name} on {!Start Time} to {!End Time}. "
        "The request waits for approval." + _SIGN_OFF,
    ),
    ("confirmed", "customer"): Template(
        "Confirmed: {!Service Name} on {!Start Time}",
        "Dear {!Customer Name},\n\nYour appointment for {!Service Name} with {!Agent Name} "
        "is confirmed for {!Start Time}.\n\n{!Meeting URL}" + _MANAGE + _SIGN_OFF,
    ),
    ("confirmed", "agent"): Template(
        "Confirmed: {!Service Name} with {!Customer Name}",
        "The appointment for {!Service Name} with {!Customer Name} on {!Start Time} to "
        "{!End Time} is confirmed." + _SIGN_OFF,
    ),
    ("rejected", "customer"): Template(
        "We cannot offer {!Service Name} on {!Start Time}",
        "Dear {!Customer Name},\n\nWe are sorry: we cannot accept your request for "
        "{!Service Name} on {!Start Time}.\n\nReason: {!Reason}\n\nPlease contact us to "
        "find another time." + _SIGN_OFF,
    ),
    ("rejected", "agent"): Template(
        "Request declined: {!Service Name} with {!Customer Name}",
        "The request of {!Customer Name} for {!Service Name} on {!Start Time} was "
        "declined.\n\nReason: {!Reason}" + _SIGN_OFF,
    ),
    ("created", "customer"): Template(
        "Your appointment: {!Service Name} on {!Start Time}",
        "Dear {!Customer Name},\n\nYour appointment for {!Service Name} with {!Agent Name} "
        "is booked for {!Start Time} to {!End Time}.\n\n{!Meeting URL}" + _MANAGE + _SIGN_OFF,
    ),
    ("created", "agent"): Template(
        "New appointment: {!Service Name} with {!Customer Name}",
        "{!Customer Name} is booked with you for {!Service Name} on {!Start Time} to "
        "{!End Time}." + _SIGN_OFF,
    ),
    ("rescheduled", "customer"): Template(
        "New time: {!Service Name} on {!Start Time}",
        "Dear {!Customer Name},\n\nYour appointment for {!Service Name} has moved to "
        "{!Start Time} to {!End Time}, with {!Agent Name}.\n\nReason: {!Reason}"
        + _MANAGE
        + _SIGN_OFF,
    ),
    ("rescheduled", "agent"): Template(
        "Moved: {!Service Name} with {!Customer Name}",
        "The appointment for {!Service Name} with {!Customer Name} now takes place on "
        "{!Start Time} to {!End Time}.\n\nReason: {!Reason}" + _SIGN_OFF,
    ),
    ("cancelled", "customer"): Template(
        "Cancelled: {!Service Name} on {!Start Time}",
        "Dear {!Customer Name},\n\nYour appointment for {!Service Name} on {!Start Time} "
        "is cancelled.\n\nReason: {!Reason}\n\nContact us whenever you want a new "
        "appointment." + _SIGN_OFF,
    ),
    ("cancelled", "agent"): Template(
        "Cancelled: {!Service Name} with {!Customer Name}",
        "The appointment for {!Service Name} with {!Customer Name} on {!Start Time} is "
        "cancelled; the time is free again.\n\nReason: {!Reason}" + _SIGN_OFF,
    ),
    ("noshow", "customer"): Template(
        "We missed you: {!Service Name} on {!Start Time}",
        "Dear {!Customer Name},\n\nWe expected you for {!Service Name} on {!Start Time}. "
        "If you still need it, please contact us for a new appointment." + _SIGN_OFF,
    ),
    ("noshow", "agent"): Template(
        "No-show: {!Customer Name}, {!Service Name}",
        "{!Customer Name} did not come to the appointment for {!Service Name} on "
        "{!Start Time}." + _SIGN_OFF,
    ),
    ("reminder", "customer"): Template(
        "Reminder: {!Service Name} on {!Start Time}",
        "Dear {!Customer Name},\n\nThis is a reminder of your appointment for "
        "{!Service Name} with {!Agent Name} on {!Start Time}.\n\n{!Meeting URL}"
        + _MANAGE
        + _SIGN_OFF,
    ),
    ("reminder", "agent"): Template(
        "Reminder: {!Service Name} with {!Customer Name}",
        "Reminder: {!Customer Name} comes for {!Service Name} on {!Start Time} to "
        "{!End Time}." + _SIGN_OFF,
    ),
}


def placeholders_in(text: str) -> list[str]:
    """The placeholder names used in ``text``, in order of first use."""
    seen: dict[str, None] = {}
    for match in _PLACEHOLDER.finditer(text):
        seen.setdefault(match.group(1).strip(), None)
    return list(seen)


def render(template: str, context: Mapping[str, str]) -> str:
    """``template`` with every ``{!Name}`` replaced by ``context[Name]``.

    A known placeholder without a value (no meeting URL, no reason) becomes empty text;
    blank lines left behind are collapsed so the mail does not show holes.
    """
    text = _PLACEHOLDER.sub(lambda m: context.get(m.group(1).strip(), ""), template)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def check_template(text: str, service: Service | None, extra_names: Iterable[str] = ()) -> None:
    """Refuse ``text`` if it uses a placeholder that is neither standard nor a custom field
    of ``service`` (or one of ``extra_names``): ``BookingError("unknown_placeholder")``."""
    allowed = set(PLACEHOLDERS) | set(extra_names)
    if service is not None:
        allowed |= {f.name for f in service.fields}
    for name in placeholders_in(text):
        if name not in allowed:
            fields = sorted(allowed - set(PLACEHOLDERS))
            known = ", ".join("{!" + p + "}" for p in (*PLACEHOLDERS, *fields))
            raise BookingError(
                "unknown_placeholder",
                f"The placeholder {{!{name}}} is unknown. Use one of: {known}.",
                {"placeholder": name},
            )


def format_time(at: datetime, tz: ZoneInfo) -> str:
    """A readable local time with the zone: "Tuesday 24 November 2026, 10:00 EST"."""
    local = at.astimezone(tz)
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M} {local.tzname()}"


def context_for(
    appointment: Appointment,
    branch: Branch,
    service: Service,
    customer: Customer,
    agent: Agent | None,
    reason: str | None = None,
    manage_link: str | None = None,
) -> dict[str, str]:
    """The placeholder values of one appointment: times in the branch's zone, custom
    fields by their name. ``manage_link`` is the customer's private page (see
    :func:`manage_link_for`)."""
    tz = ZoneInfo(branch.timezone)
    values = {str(k): str(v) for k, v in (appointment.field_values or {}).items()}
    values.update(
        {
            SERVICE_NAME: service.name,
            CUSTOMER_NAME: customer.name,
            AGENT_NAME: agent.name if agent else "",
            AGENT_BIO: (agent.bio or "") if agent else "",
            MEETING_URL: (agent.meeting_url or "") if agent else "",
            START_TIME: format_time(appointment.start_at, tz),
            END_TIME: format_time(appointment.end_at, tz),
            BRANCH_NAME: branch.name,
            REASON: (reason or "").strip(),
            MANAGE_LINK: manage_link or "",
        }
    )
    return values


def manage_link_for(session: Session, appointment: Appointment) -> str:
    """The absolute address of the appointment's private page on the self-service pages
    (``web.public_url`` of its branch + ``/m/<token>``); empty without one of the two."""
    from app.web import links

    base = links.public_url(session, appointment.branch_id)
    if not base or not appointment.manage_token:
        return ""
    return links.absolute(base, links.manage_path(appointment.manage_token))


def resolve(
    session: Session, branch_id: int, service_id: int | None, event: str, recipient: str
) -> Template:
    """The template in force: the service's, else the branch's, else the shipped one."""
    _check_kind(event, recipient)
    rows = list(
        session.scalars(
            select(NotificationTemplate).where(
                NotificationTemplate.event == event,
                NotificationTemplate.recipient == recipient,
                NotificationTemplate.locale == "en",
                (NotificationTemplate.branch_id == branch_id)
                | (NotificationTemplate.service_id == service_id),
            )
        )
    )
    own = next((r for r in rows if service_id is not None and r.service_id == service_id), None)
    branch = next((r for r in rows if r.service_id is None and r.branch_id == branch_id), None)
    chosen = own or branch
    if chosen is not None:
        return Template(chosen.subject, chosen.body)
    return DEFAULTS[(event, recipient)]


def save_template(
    session: Session,
    actor: Actor,
    now: datetime,
    *,
    event: str,
    recipient: str,
    subject: str,
    body: str,
    branch_id: int | None = None,
    service_id: int | None = None,
) -> NotificationTemplate:
    """Store a branch's (``branch_id``) or a service's (``service_id``) own template.

    Needs the administer permission; refuses an unknown event or recipient
    (``unknown_event``, ``unknown_recipient``), an empty or multi-line subject
    (``invalid_template``) and an unknown placeholder (``unknown_placeholder``). Writes an
    audit entry. Does not commit.
    """
    actor.require(ADMINISTER)
    _check_kind(event, recipient)
    if (branch_id is None) == (service_id is None):
        raise BookingError(
            "invalid_template", "A template belongs either to a branch or to a service."
        )
    subject = subject.strip()
    if not subject or "\n" in subject or len(subject) > 300:
        raise BookingError(
            "invalid_template", "The subject must be one line of 1 to 300 characters."
        )
    if not body.strip():
        raise BookingError("invalid_template", "The body of the e-mail is empty.")
    service: Service | None = None
    extra: list[str] = []
    if service_id is not None:
        service = session.get(Service, service_id)
        if service is None:
            raise NotFound("service", service_id)
    else:
        if session.get(Branch, branch_id) is None:
            raise NotFound("branch", branch_id)
        # A branch-wide template may name any custom field of the branch's services.
        extra = list(
            session.scalars(
                select(ServiceField.name)
                .join(Service, ServiceField.service_id == Service.id)
                .where(Service.branch_id == branch_id)
            )
        )
    check_template(subject, service, extra)
    check_template(body, service, extra)
    row = session.scalars(
        select(NotificationTemplate).where(
            NotificationTemplate.event == event,
            NotificationTemplate.recipient == recipient,
            NotificationTemplate.locale == "en",
            NotificationTemplate.branch_id.is_(None)
            if branch_id is None
            else NotificationTemplate.branch_id == branch_id,
            NotificationTemplate.service_id.is_(None)
            if service_id is None
            else NotificationTemplate.service_id == service_id,
        )
    ).first()
    before = None if row is None else {"subject": row.subject, "body": row.body}
    if row is None:
        row = NotificationTemplate(
            branch_id=branch_id,
            service_id=service_id,
            event=event,
            recipient=recipient,
            locale="en",
            subject=subject,
            body=body,
        )
        session.add(row)
    else:
        row.subject, row.body = subject, body
    session.flush()
    where = {"event": event, "recipient": recipient, "branch_id": branch_id}
    where["service_id"] = service_id
    audit.record(
        session,
        actor,
        now,
        "template.save",
        "notification_template",
        row.id,
        None if before is None else where | before,
        where | {"subject": subject, "body": body},
    )
    return row


def own_template(
    session: Session, event: str, recipient: str, branch_id: int, service_id: int | None
) -> NotificationTemplate | None:
    """The branch's (``service_id`` None) or the service's own template, if one is stored."""
    query = select(NotificationTemplate).where(
        NotificationTemplate.event == event,
        NotificationTemplate.recipient == recipient,
        NotificationTemplate.locale == "en",
    )
    if service_id is None:
        query = query.where(
            NotificationTemplate.branch_id == branch_id, NotificationTemplate.service_id.is_(None)
        )
    else:
        query = query.where(NotificationTemplate.service_id == service_id)
    return session.scalars(query).first()


def remove_template(
    session: Session,
    actor: Actor,
    now: datetime,
    *,
    event: str,
    recipient: str,
    branch_id: int,
    service_id: int | None = None,
) -> bool:
    """Remove the branch's or the service's own template, so the next one in line (the
    branch's, or the shipped default) is used again. Needs "administer"; writes an audit
    entry with what was removed. Returns False when there was none. Does not commit."""
    actor.require(ADMINISTER)
    if event not in EVENTS or recipient not in RECIPIENTS:
        raise BookingError("unknown_event", f"There is no e-mail {event!r} to {recipient!r}.")
    row = own_template(session, event, recipient, branch_id, service_id)
    if row is None:
        return False
    where = {"event": event, "recipient": recipient, "branch_id": row.branch_id}
    where["service_id"] = row.service_id
    audit.record(
        session,
        actor,
        now,
        "template.remove",
        "notification_template",
        row.id,
        where | {"subject": row.subject, "body": row.body},
        None,
    )
    session.delete(row)
    session.flush()
    return True


def _check_kind(event: str, recipient: str) -> None:
    if event not in EVENTS:
        raise BookingError(
            "unknown_event", f"There is no e-mail event {event!r}; events: {', '.join(EVENTS)}."
        )
    if recipient not in RECIPIENTS:
        raise BookingError(
            "unknown_recipient", f"E-mails go to the customer or the agent, not {recipient!r}."
        )
