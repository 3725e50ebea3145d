"""What the calendar shows for a range of local dates, read in one go as plain values.

The views paint only from a :class:`CalendarSnapshot`; they never query while painting.
A snapshot is built off the GUI thread with a fixed number of queries whatever the number
of agents or appointments, and carries instants as aware UTC datetimes. External busy
time of the agents' own calendars is carried as plain intervals: the calendar labels it
only "Busy" and never knows the events' titles.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking import availability
from app.models import (
    Agent,
    AgentHours,
    Appointment,
    AvailabilityPeriod,
    BlockedTime,
    Branch,
    Closure,
    Customer,
    ExternalBusy,
    Service,
    StatusDefinition,
)
from app.scheduling.intervals import Intervals, normalize, subtract
from app.scheduling.recurrence import (
    DateRange,
    RepeatingPeriod,
    WeeklySegment,
    closed_intervals,
    period_windows,
    segment_windows,
)
from app.scheduling.zone import date_of_day, from_minutes, zone_for

DEFAULT_SERVICE_COLOR = "#607d8b"
DEFAULT_AGENT_COLORS = (
    "#1565c0",
    "#2e7d32",
    "#6a1b9a",
    "#c62828",
    "#00838f",
    "#ef6c00",
    "#4e342e",
    "#283593",
)


@dataclass(frozen=True)
class CalAgent:
    id: int
    name: str
    color: str


@dataclass(frozen=True)
class CalService:
    id: int
    name: str
    color: str
    duration_min: int


@dataclass(frozen=True)
class CalAppointment:
    id: int
    start: datetime
    end: datetime
    agent_id: int | None
    service_id: int
    customer_id: int
    customer_name: str
    customer_phone: str | None
    status_key: str
    status_name: str
    status_predicate: str | None
    blocking: bool
    source: str
    notes: str | None
    version: int


@dataclass(frozen=True)
class Span:
    """A stretch of an agent's time, UTC."""

    start: datetime
    end: datetime
    label: str = ""


@dataclass(frozen=True)
class CalendarSnapshot:
    branch_id: int
    branch_name: str
    tz: str
    first: date
    last: date
    agents: list[CalAgent]
    services: dict[int, CalService]
    appointments: list[CalAppointment]
    #: Working time per agent (hours and availability periods, closures removed).
    working: dict[int, list[Span]] = field(default_factory=dict)
    #: Blocked times per agent, with their reason.
    blocked: dict[int, list[Span]] = field(default_factory=dict)
    #: Busy time from the agents' external calendars (shown only as "Busy").
    busy: dict[int, list[Span]] = field(default_factory=dict)
    #: Local dates in range on which the whole branch is closed, with the reason.
    closed_days: dict[date, str] = field(default_factory=dict)
    #: Status key -> (name, color, predicate) for the legend.
    statuses: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)


def load(
    session: Session, branch_id: int, first: date, last: date, *, agent_ids: list[int] | None = None
) -> CalendarSnapshot:
    """Everything the calendar shows for local dates ``first`` to ``last`` (inclusive)."""
    branch = session.scalars(select(Branch).where(Branch.id == branch_id)).one()
    zone = zone_for(branch.timezone)
    lo, hi = zone.dates_window(first, last)
    start, end = from_minutes(lo), from_minutes(hi)

    agent_query = (
        select(Agent.id, Agent.name, Agent.color)
        .where(Agent.branch_id == branch_id, Agent.active.is_(True))
        .order_by(Agent.position, Agent.name)
    )
    if agent_ids is not None:
        agent_query = agent_query.where(Agent.id.in_(agent_ids))
    agents = [
        CalAgent(row.id, row.name, row.color or DEFAULT_AGENT_COLORS[i % len(DEFAULT_AGENT_COLORS)])
        for i, row in enumerate(session.execute(agent_query))
    ]
    ids = [a.id for a in agents]
    services = {
        row.id: CalService(row.id, row.name, row.color or DEFAULT_SERVICE_COLOR, row.duration_min)
        for row in session.execute(
            select(Service.id, Service.name, Service.color, Service.duration_min).where(
                Service.branch_id == branch_id
            )
        )
    }
    statuses = {
        row.key: (row.name, row.color or "#9e9e9e", row.predicate)
        for row in session.execute(
            select(
                StatusDefinition.key,
                StatusDefinition.name,
                StatusDefinition.color,
                StatusDefinition.predicate,
            ).order_by(StatusDefinition.position)
        )
    }
    appointment_rows = session.execute(
        select(
            Appointment.id,
            Appointment.start_at.label("start"),
            Appointment.end_at.label("end"),
            Appointment.agent_id,
            Appointment.service_id,
            Appointment.customer_id,
            Customer.name.label("customer_name"),
            Customer.phone.label("customer_phone"),
            StatusDefinition.key.label("status_key"),
            StatusDefinition.name.label("status_name"),
            StatusDefinition.predicate.label("status_predicate"),
            Appointment.blocking,
            Appointment.source,
            Appointment.notes,
            Appointment.version,
        )
        .join(Customer, Customer.id == Appointment.customer_id)
        .join(StatusDefinition, StatusDefinition.id == Appointment.status_id)
        .where(
            Appointment.branch_id == branch_id,
            Appointment.start_at < end,
            Appointment.end_at > start,
            Appointment.archived_at.is_(None),
        )
        .where((Appointment.agent_id.in_(ids)) | Appointment.agent_id.is_(None))
        .order_by(Appointment.start_at, Appointment.id)
    )
    appointments = [CalAppointment(**row._asdict()) for row in appointment_rows]

    closures = session.execute(
        select(
            Closure.branch_id, Closure.agent_id, Closure.start_date, Closure.end_date, Closure.name
        )
        .where((Closure.branch_id == branch_id) | Closure.agent_id.in_(ids))
        .where(Closure.start_date <= last, Closure.end_date >= first)
    ).all()
    hours = session.execute(
        select(
            AgentHours.agent_id, AgentHours.days, AgentHours.start_minute, AgentHours.end_minute
        ).where(AgentHours.agent_id.in_(ids))
    ).all()
    periods = session.execute(
        select(
            AvailabilityPeriod.agent_id,
            AvailabilityPeriod.start_local,
            AvailabilityPeriod.end_local,
            AvailabilityPeriod.rrule,
            AvailabilityPeriod.exdates,
        ).where(AvailabilityPeriod.agent_id.in_(ids))
    ).all()
    blocked_rows = session.execute(
        select(
            BlockedTime.agent_id, BlockedTime.start_at, BlockedTime.end_at, BlockedTime.reason
        ).where(
            BlockedTime.agent_id.in_(ids), BlockedTime.start_at < end, BlockedTime.end_at > start
        )
    ).all()
    show_as = availability.blocking_show_as(session, branch_id)
    busy_rows = session.execute(
        select(ExternalBusy.agent_id, ExternalBusy.start_at, ExternalBusy.end_at).where(
            ExternalBusy.agent_id.in_(ids),
            ExternalBusy.show_as.in_(show_as),
            ExternalBusy.start_at < end,
            ExternalBusy.end_at > start,
        )
    ).all()

    branch_ranges = [DateRange(c.start_date, c.end_date) for c in closures if c.branch_id]
    branch_closed = closed_intervals(
        zone, lo, hi, weekdays=branch.closed_weekdays, ranges=branch_ranges
    )
    segments: dict[int, list[WeeklySegment]] = defaultdict(list)
    for h in hours:
        segments[h.agent_id].append(WeeklySegment(h.days, h.start_minute, h.end_minute))
    agent_periods: dict[int, list[RepeatingPeriod]] = defaultdict(list)
    for p in periods:
        agent_periods[p.agent_id].append(
            RepeatingPeriod(
                p.start_local,
                p.end_local,
                p.rrule,
                frozenset(date.fromisoformat(d) for d in p.exdates or ()),
            )
        )
    agent_closed: dict[int, list[DateRange]] = defaultdict(list)
    for c in closures:
        if c.agent_id is not None:
            agent_closed[c.agent_id].append(DateRange(c.start_date, c.end_date))

    working: dict[int, list[Span]] = {}
    for agent in agents:
        windows: list[tuple[int, int]] = list(segment_windows(segments[agent.id], zone, lo, hi))
        for period in agent_periods[agent.id]:
            windows.extend(period_windows(period, zone, lo, hi))
        open_time: Intervals = normalize(windows)
        own = closed_intervals(zone, lo, hi, ranges=agent_closed[agent.id])
        open_time = subtract(subtract(open_time, branch_closed), own)
        working[agent.id] = [Span(from_minutes(a), from_minutes(b)) for a, b in open_time]

    blocked: dict[int, list[Span]] = defaultdict(list)
    for b in blocked_rows:
        blocked[b.agent_id].append(Span(b.start_at, b.end_at, b.reason))
    busy: dict[int, list[Span]] = defaultdict(list)
    for x in busy_rows:
        busy[x.agent_id].append(Span(x.start_at, x.end_at))

    # Whole days the branch is closed: closed weekdays ("") and holidays (their name).
    closed_days: dict[date, str] = {}
    for closed_start, closed_end in branch_closed:
        for day in range(zone.day_of(closed_start), zone.day_of(closed_end - 1) + 1):
            closed_days.setdefault(date_of_day(day), "")
    for c in closures:
        if c.branch_id is not None:
            for ordinal in range(
                max(c.start_date, first).toordinal(), min(c.end_date, last).toordinal() + 1
            ):
                closed_days[date.fromordinal(ordinal)] = c.name
    closed_days = {d: n for d, n in closed_days.items() if first <= d <= last}

    return CalendarSnapshot(
        branch_id=branch.id,
        branch_name=branch.name,
        tz=branch.timezone,
        first=first,
        last=last,
        agents=agents,
        services=services,
        appointments=appointments,
        working=working,
        blocked=dict(blocked),
        busy=dict(busy),
        closed_days=closed_days,
        statuses=statuses,
    )


__all__ = [
    "CalAgent",
    "CalAppointment",
    "CalService",
    "CalendarSnapshot",
    "Span",
    "load",
]
