"""Calendar invitations (RFC 5546 iTIP) attached to the mails about an appointment.

One appointment is one calendar event for ever: its UID never changes and its SEQUENCE
grows with the appointment's version, so a calendar program that receives a new time or
a cancellation updates the event it already has instead of adding another.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from icalendar import Calendar, Event, vCalAddress, vText

from app.models import Agent, Appointment, Branch, Customer, Service

#: Events whose mail carries an invitation, and the iTIP method of each.
METHODS: dict[str, str] = {
    "created": "REQUEST",
    "confirmed": "REQUEST",
    "rescheduled": "REQUEST",
    "cancelled": "CANCEL",
    "rejected": "CANCEL",
}


def slug(name: str) -> str:
    """``"Riverside Branch"`` -> ``"riverside-branch"``: ASCII, for UIDs and Message-IDs."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "branch"


def uid_for(appointment_id: int, branch_name: str) -> str:
    return f"appointment-{appointment_id}@{slug(branch_name)}.frontdesk"


def invitation(
    method: str,
    appointment: Appointment,
    branch: Branch,
    service: Service,
    customer: Customer,
    agent: Agent | None,
    organizer: tuple[str, str] | None,
    now: datetime,
) -> str:
    """The VCALENDAR text for ``method`` ("REQUEST" or "CANCEL").

    ``organizer`` is (address, name) of the branch's sender; without it the agent
    organizes. DTSTART/DTEND are in UTC, so no VTIMEZONE is needed.
    """
    cal = Calendar()
    cal.add("prodid", "-//Front Desk//frontdesk//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", uid_for(appointment.id, branch.name))
    event.add("sequence", max(appointment.version - 1, 0))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", appointment.start_at.astimezone(UTC))
    event.add("dtend", appointment.end_at.astimezone(UTC))
    title = f"{service.name} with {agent.name}" if agent else service.name
    event.add("summary", f"{title} ({branch.name})")
    if agent and agent.meeting_url:
        event.add("location", agent.meeting_url)
        event.add("url", agent.meeting_url)
    if method == "CANCEL":
        event.add("status", "CANCELLED")
    elif appointment.status is not None and appointment.status.predicate == "start":
        event.add("status", "TENTATIVE")
    else:
        event.add("status", "CONFIRMED")
    if organizer is not None:
        event.add("organizer", _address(*organizer, role=None))
    elif agent and agent.email:
        event.add("organizer", _address(agent.email, agent.name, role=None))
    if customer.email:
        event.add("attendee", _address(customer.email, customer.name, role="REQ-PARTICIPANT"))
    if agent and agent.email:
        event.add("attendee", _address(agent.email, agent.name, role="REQ-PARTICIPANT"))
    cal.add_component(event)
    return bytes(cal.to_ical()).decode("utf-8")


def _address(email: str, name: str, role: str | None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    if role is not None:
        address.params["role"] = vText(role)
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("FALSE")
    return address
