"""From database rows to the scheduling engine and back: slots, next free slot, the
"is this time free" check before a write, and the agent assignment.

A slot search costs a fixed number of queries whatever the number of agents: the branch,
the service with its hours and closures, its agents, all their hours segments, periods,
closures, blocked times, blocking appointments and external busy time, each in one query
for all agents at once. The engine (app.scheduling) does the rest in integer minutes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.booking import settings
from app.booking.errors import BookingError
from app.models import (
    Agent,
    AgentHours,
    Appointment,
    AvailabilityPeriod,
    BlockedTime,
    Branch,
    Closure,
    ExternalBusy,
    Service,
    ServiceAgent,
    ServiceHours,
)
from app.scheduling.assignment import AgentLoad, rank_agents
from app.scheduling.intervals import covers
from app.scheduling.recurrence import DateRange, RepeatingPeriod, WeeklySegment
from app.scheduling.slots import (
    AgentSchedule,
    BranchRules,
    ServiceRules,
    Slot,
    SlotQuery,
    aggregate_slots,
    free_time,
    next_free_slot,
    slots_by_agent,
)
from app.scheduling.zone import from_minutes, to_minutes, weekday_of_day, zone_for

#: Who is looking: desk staff and self-service customers have their own earliest-day and
#: disabled-window settings.
AUDIENCES = ("desk", "self-service")


@dataclass(frozen=True)
class Inputs:
    """Everything the engine needs for one service, read in one go."""

    tz: str
    branch: BranchRules
    service: ServiceRules
    agents: list[AgentSchedule]
    names: dict[int, str]


@dataclass(frozen=True)
class SlotOut:
    """A slot as aware UTC datetimes with the ids of the agents free for it."""

    start: datetime
    end: datetime
    agent_ids: tuple[int, ...]


# -- loading -----------------------------------------------------------------------------


def load(
    session: Session,
    service: Service,
    start: datetime,
    end: datetime,
    *,
    agent_ids: Sequence[int] | None = None,
    ignore_appointment: int | None = None,
    branch: Branch | None = None,
) -> Inputs:
    """Read the service's rules and its agents' schedules for [start, end).

    Busy and blocked times are read a day beyond both ends so a block that straddles the
    edge is seen. ``ignore_appointment`` leaves one appointment out (the one being moved).
    """
    if branch is None:
        branch = _branch(session, service)
    lo = start - timedelta(days=1)
    hi = end + timedelta(days=1)

    agent_rows = session.execute(
        select(Agent.id, Agent.name)
        .join(ServiceAgent, ServiceAgent.agent_id == Agent.id)
        .where(ServiceAgent.service_id == service.id, Agent.active.is_(True))
        .order_by(ServiceAgent.position, Agent.id)
    ).all()
    names = {row.id: row.name for row in agent_rows}
    ids = [row.id for row in agent_rows if agent_ids is None or row.id in agent_ids]

    closures = session.scalars(
        select(Closure).where(
            (Closure.branch_id == branch.id)
            | (Closure.service_id == service.id)
            | Closure.agent_id.in_(ids)
        )
    ).all()
    hours = session.scalars(
        select(AgentHours)
        .where(AgentHours.agent_id.in_(ids))
        .options(selectinload(AgentHours.services))
        .order_by(AgentHours.position)
    ).all()
    periods = session.scalars(
        select(AvailabilityPeriod).where(
            AvailabilityPeriod.agent_id.in_(ids),
            (AvailabilityPeriod.service_id.is_(None))
            | (AvailabilityPeriod.service_id == service.id),
        )
    ).all()
    blocked = session.execute(
        select(BlockedTime.agent_id, BlockedTime.start_at, BlockedTime.end_at).where(
            BlockedTime.agent_id.in_(ids), BlockedTime.start_at < hi, BlockedTime.end_at > lo
        )
    ).all()
    appointment_query = select(
        Appointment.agent_id, Appointment.block_start, Appointment.block_end
    ).where(
        Appointment.agent_id.in_(ids),
        Appointment.blocking.is_(True),
        Appointment.block_start < hi,
        Appointment.block_end > lo,
    )
    if ignore_appointment is not None:
        appointment_query = appointment_query.where(Appointment.id != ignore_appointment)
    busy_rows: list[tuple[Any, datetime, datetime]] = [
        (row[0], row[1], row[2]) for row in session.execute(appointment_query)
    ]
    show_as = blocking_show_as(session, branch.id)
    busy_rows += [
        (row[0], row[1], row[2])
        for row in session.execute(
            select(ExternalBusy.agent_id, ExternalBusy.start_at, ExternalBusy.end_at).where(
                ExternalBusy.agent_id.in_(ids),
                ExternalBusy.show_as.in_(show_as),
                ExternalBusy.start_at < hi,
                ExternalBusy.end_at > lo,
            )
        )
    ]
    own_hours = [
        WeeklySegment(h.days, h.start_minute, h.end_minute)
        for h in session.scalars(
            select(ServiceHours)
            .where(ServiceHours.service_id == service.id)
            .order_by(ServiceHours.position)
        )
    ]

    by_agent_hours: dict[int, list[WeeklySegment]] = defaultdict(list)
    for h in hours:
        allowed = frozenset(s.id for s in h.services) if h.services else None
        by_agent_hours[h.agent_id].append(
            WeeklySegment(h.days, h.start_minute, h.end_minute, allowed)
        )
    by_agent_periods: dict[int, list[RepeatingPeriod]] = defaultdict(list)
    for p in periods:
        by_agent_periods[p.agent_id].append(
            RepeatingPeriod(
                start_local=p.start_local,
                end_local=p.end_local,
                rrule=p.rrule,
                exdates=frozenset(date.fromisoformat(d) for d in p.exdates or ()),
                service_id=p.service_id,
                slot_step=p.slot_min,
            )
        )
    by_agent_closures: dict[int, list[DateRange]] = defaultdict(list)
    for c in closures:
        if c.agent_id is not None:
            by_agent_closures[c.agent_id].append(DateRange(c.start_date, c.end_date))
    by_agent_blocked: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in blocked:
        by_agent_blocked[row.agent_id].append(_span(row.start_at, row.end_at))
    by_agent_busy: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for agent_id, busy_start, busy_end in busy_rows:
        by_agent_busy[agent_id].append(_span(busy_start, busy_end))

    return Inputs(
        tz=branch.timezone,
        branch=BranchRules(
            tz=branch.timezone,
            closed_weekdays=branch.closed_weekdays,
            closures=[DateRange(c.start_date, c.end_date) for c in closures if c.branch_id],
        ),
        service=ServiceRules(
            service_id=service.id,
            duration=service.duration_min,
            buffer_before=service.buffer_before_min,
            buffer_after=service.buffer_after_min,
            slot_step=service.slot_step_min,
            min_lead=service.min_lead_min,
            max_lead=service.max_lead_min,
            availability_mode=service.availability_mode,
            own_hours=own_hours,
            closures=[DateRange(c.start_date, c.end_date) for c in closures if c.service_id],
        ),
        agents=[
            AgentSchedule(
                agent_id=agent_id,
                segments=by_agent_hours.get(agent_id, []),
                periods=by_agent_periods.get(agent_id, []),
                closures=by_agent_closures.get(agent_id, []),
                blocked=by_agent_blocked.get(agent_id, []),
                busy=by_agent_busy.get(agent_id, []),
            )
            for agent_id in ids
        ],
        names=names,
    )


def _span(start: datetime, end: datetime) -> tuple[int, int]:
    return to_minutes(start), to_minutes(end, round_up=True)


def blocking_show_as(session: Session, branch_id: int | None) -> list[str]:
    """Show-as values of external events that take an agent's time; busy always does."""
    values = settings.get(session, settings.BLOCKING_SHOW_AS, branch_id)
    return sorted({"busy", *values})


def earliest_start(
    session: Session, branch: Branch, now: datetime, audience: str = "desk"
) -> datetime:
    """The earliest bookable instant for ``audience``: the start of the earliest bookable
    day (days from today, branch time) and the end of the disabled window after now."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    days = int(settings.get(session, settings.earliest_day_key(audience), branch.id))
    window = int(settings.get(session, settings.disabled_window_key(audience), branch.id))
    zone = zone_for(branch.timezone)
    today = zone.day_of(to_minutes(now))
    earliest_day = from_minutes(zone.day_start(today + days)) if days > 0 else now
    return max(earliest_day, now + timedelta(minutes=window))


# -- questions ---------------------------------------------------------------------------


def slots(
    session: Session,
    service: Service,
    first: date,
    last: date,
    now: datetime,
    *,
    agent_id: int | None = None,
    audience: str = "desk",
) -> list[SlotOut]:
    """Bookable slots on local dates ``first`` to ``last`` (inclusive), any agent or one."""
    branch = _branch(session, service)
    window_start, window_end = zone_for(branch.timezone).dates_window(first, last)
    inputs = load(
        session, service, from_minutes(window_start), from_minutes(window_end), branch=branch
    )
    _require_agent(inputs, agent_id)
    query = SlotQuery(
        start=window_start,
        end=window_end,
        now=to_minutes(now, round_up=True),
        earliest=to_minutes(earliest_start(session, branch, now, audience), round_up=True),
        min_share=float(settings.get(session, settings.MIN_AGENT_SHARE, branch.id)),
    )
    if agent_id is not None:
        by_agent = slots_by_agent(inputs.branch, inputs.service, inputs.agents, query)
        found: Iterable[Slot] = by_agent.get(agent_id, [])
    else:
        found = aggregate_slots(inputs.branch, inputs.service, inputs.agents, query)
    return [_out(s) for s in found]


def next_slot(
    session: Session,
    service: Service,
    now: datetime,
    *,
    agent_id: int | None = None,
    audience: str = "desk",
) -> SlotOut | None:
    """The earliest bookable slot from now within the service's max lead."""
    branch = _branch(session, service)
    horizon = now + timedelta(minutes=service.max_lead_min + service.duration_min)
    inputs = load(session, service, now, horizon, branch=branch)
    _require_agent(inputs, agent_id)
    slot = next_free_slot(
        inputs.branch,
        inputs.service,
        inputs.agents,
        now=to_minutes(now, round_up=True),
        earliest=to_minutes(earliest_start(session, branch, now, audience), round_up=True),
        min_share=float(settings.get(session, settings.MIN_AGENT_SHARE, branch.id)),
        agent_id=agent_id,
    )
    return _out(slot) if slot else None


def check_agent(
    session: Session,
    service: Service,
    agent_id: int,
    block_start: datetime,
    block_end: datetime,
    now: datetime,
    *,
    ignore_appointment: int | None = None,
) -> BookingError | None:
    """Why ``agent_id`` cannot take [block_start, block_end) for ``service``, or None.

    The desk may book any free time, on the slot grid or not; lead times are checked by
    the caller (desk staff may override them).
    """
    inputs = load(
        session,
        service,
        block_start,
        block_end,
        agent_ids=[agent_id],
        ignore_appointment=ignore_appointment,
    )
    if not inputs.agents:
        return BookingError(
            "agent_not_for_service",
            f"{inputs.names.get(agent_id, 'This agent')} does not give {service.name}.",
        )
    return _problem(inputs, inputs.agents[0], block_start, block_end)


def _problem(
    inputs: Inputs, agent: AgentSchedule, block_start: datetime, block_end: datetime
) -> BookingError | None:
    """None when the agent's free time covers the block; else why not, in plain words."""
    lo, hi = to_minutes(block_start), to_minutes(block_end, round_up=True)
    if covers(free_time(inputs.branch, inputs.service, agent, lo, hi), lo, hi):
        return None
    name = inputs.names.get(agent.agent_id, "The agent")
    working = AgentSchedule(agent.agent_id, agent.segments, agent.periods, agent.closures)
    if not covers(free_time(inputs.branch, inputs.service, working, lo, hi), lo, hi):
        return BookingError(
            "outside_hours",
            f"{name} does not take these appointments at that time "
            "(outside working hours, a closed day or a holiday).",
        )
    available = AgentSchedule(
        agent.agent_id, agent.segments, agent.periods, agent.closures, blocked=agent.blocked
    )
    if not covers(free_time(inputs.branch, inputs.service, available, lo, hi), lo, hi):
        return BookingError("outside_hours", f"{name} is not available at that time.")
    return BookingError("slot_taken", f"{name} is already busy at that time.")


def assign(
    session: Session,
    service: Service,
    block_start: datetime,
    block_end: datetime,
    now: datetime,
) -> int:
    """Pick the agent for a time when the customer does not choose.

    Among the service's agents free for the whole block: fewest booked minutes that day,
    then that week, then the one whose last booking was made longest ago (see
    app.scheduling.assignment). No agent free: ``slot_taken`` when someone works then but
    is busy, ``outside_hours`` when nobody works then.
    """
    inputs = load(session, service, block_start, block_end)
    free: list[int] = []
    problems: list[BookingError] = []
    for agent in inputs.agents:
        problem = _problem(inputs, agent, block_start, block_end)
        if problem is None:
            free.append(agent.agent_id)
        else:
            problems.append(problem)
    if not free:
        if any(p.code == "slot_taken" for p in problems):
            raise BookingError(
                "slot_taken", f"Every agent who gives {service.name} is busy at that time."
            )
        raise BookingError("outside_hours", f"Nobody gives {service.name} at that time.")
    if len(free) == 1:
        return free[0]
    branch = _branch(session, service)
    zone = zone_for(branch.timezone)
    day = zone.day_of(to_minutes(block_start))
    monday = day - weekday_of_day(day)
    week_lo = from_minutes(zone.day_start(monday))
    week_hi = from_minutes(zone.day_start(monday + 7))
    booked: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in session.execute(
        select(Appointment.agent_id, Appointment.start_at, Appointment.end_at).where(
            Appointment.agent_id.in_(free),
            Appointment.blocking.is_(True),
            Appointment.start_at < week_hi,
            Appointment.end_at > week_lo,
        )
    ):
        booked[row.agent_id].append(_span(row.start_at, row.end_at))
    last: dict[int, int] = {
        row.agent_id: to_minutes(row.last)
        for row in session.execute(
            select(Appointment.agent_id, func.max(Appointment.created_at).label("last"))
            .where(Appointment.agent_id.in_(free))
            .group_by(Appointment.agent_id)
        )
    }
    loads = {
        agent_id: AgentLoad(agent_id, booked.get(agent_id, []), last.get(agent_id))
        for agent_id in free
    }
    return rank_agents(free, loads, to_minutes(block_start), branch.timezone)[0]


# -- helpers -------------------------------------------------------------------------------


def _branch(session: Session, service: Service) -> Branch:
    return session.scalars(select(Branch).where(Branch.id == service.branch_id)).one()


def _require_agent(inputs: Inputs, agent_id: int | None) -> None:
    if agent_id is not None and all(a.agent_id != agent_id for a in inputs.agents):
        raise BookingError(
            "agent_not_for_service",
            f"{inputs.names.get(agent_id, 'This agent')} does not give this service.",
        )


def _out(slot: Slot) -> SlotOut:
    return SlotOut(from_minutes(slot.start), from_minutes(slot.end), slot.agent_ids)
