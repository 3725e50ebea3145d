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

from sqlalchemy import BindParameter, CompoundSelect, bindparam, func, literal, select, union_all
from sqlalchemy.orm import Session

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
from app.models.base import UTCDateTime
from app.models.people import agent_hours_services
from app.models.sqlfunc import epoch_ceil, epoch_floor
from app.scheduling.assignment import AgentLoad, rank_agents
from app.scheduling.intervals import covers
from app.scheduling.recurrence import DateRange, RepeatingPeriod, WeeklySegment
from app.scheduling.slots import (
    AgentSchedule,
    BranchRules,
    ServiceRules,
    Slot,
    SlotQuery,
    agent_slots,
    aggregate_slots,
    free_time,
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


# -- statements -------------------------------------------------------------------------
# Built once: a slot search runs them with new parameters only, so no time goes into
# building and caching SQL on every call.

_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_AGENTS = (
    select(Agent.id, Agent.name)
    .join(ServiceAgent, ServiceAgent.agent_id == Agent.id)
    .where(ServiceAgent.service_id == bindparam("service_id"), Agent.active.is_(True))
    .order_by(ServiceAgent.position, Agent.id)
)
_CLOSURES = select(
    Closure.branch_id, Closure.service_id, Closure.agent_id, Closure.start_date, Closure.end_date
).where(
    (Closure.branch_id == bindparam("branch_id"))
    | (Closure.service_id == bindparam("service_id"))
    | Closure.agent_id.in_(_IDS)
)
_HOURS = (
    select(
        AgentHours.id,
        AgentHours.agent_id,
        AgentHours.days,
        AgentHours.start_minute,
        AgentHours.end_minute,
        agent_hours_services.c.service_id,
    )
    .outerjoin(agent_hours_services, agent_hours_services.c.hours_id == AgentHours.id)
    .where(AgentHours.agent_id.in_(_IDS))
    .order_by(AgentHours.agent_id, AgentHours.position, AgentHours.id)
)
_PERIODS = select(
    AvailabilityPeriod.agent_id,
    AvailabilityPeriod.start_local,
    AvailabilityPeriod.end_local,
    AvailabilityPeriod.rrule,
    AvailabilityPeriod.exdates,
    AvailabilityPeriod.service_id,
    AvailabilityPeriod.slot_min,
).where(
    AvailabilityPeriod.agent_id.in_(_IDS),
    (AvailabilityPeriod.service_id.is_(None))
    | (AvailabilityPeriod.service_id == bindparam("service_id")),
)
_LO = bindparam("lo", type_=UTCDateTime())
_HI = bindparam("hi", type_=UTCDateTime())
# Blocked times (kind 0), blocking appointments and external busy time (kind 1) in one
# round trip, as epoch minutes.
_TAKEN: CompoundSelect[Any] = union_all(
    select(
        literal(0).label("kind"),
        BlockedTime.agent_id.label("agent_id"),
        epoch_floor(BlockedTime.start_at).label("lo"),
        epoch_ceil(BlockedTime.end_at).label("hi"),
    ).where(BlockedTime.agent_id.in_(_IDS), BlockedTime.start_at < _HI, BlockedTime.end_at > _LO),
    select(
        literal(1),
        Appointment.agent_id,
        epoch_floor(Appointment.block_start),
        epoch_ceil(Appointment.block_end),
    ).where(
        Appointment.agent_id.in_(_IDS),
        Appointment.blocking.is_(True),
        Appointment.block_start < _HI,
        Appointment.block_end > _LO,
        Appointment.id != bindparam("ignore"),
    ),
    select(
        literal(1),
        ExternalBusy.agent_id,
        epoch_floor(ExternalBusy.start_at),
        epoch_ceil(ExternalBusy.end_at),
    ).where(
        ExternalBusy.agent_id.in_(_IDS),
        ExternalBusy.show_as.in_(bindparam("show_as", expanding=True)),
        ExternalBusy.start_at < _HI,
        ExternalBusy.end_at > _LO,
    ),
)
_SERVICE_HOURS = (
    select(ServiceHours.days, ServiceHours.start_minute, ServiceHours.end_minute)
    .where(ServiceHours.service_id == bindparam("service_id"))
    .order_by(ServiceHours.position)
)


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
    show_as: Sequence[str] | None = None,
) -> Inputs:
    """Read the service's rules and its agents' schedules for [start, end).

    ``agent_ids`` narrows the read to some of the service's agents. Busy and blocked times
    are read a day beyond both ends so a block that straddles the edge is seen, and come
    back from the database as epoch minutes (no datetime per row). ``ignore_appointment``
    leaves one appointment out (the one being moved).
    """
    if branch is None:
        branch = _branch(session, service)
    if show_as is None:
        show_as = blocking_show_as(session, branch.id)
    lo = start - timedelta(days=1)
    hi = end + timedelta(days=1)

    agent_rows = session.execute(_AGENTS, {"service_id": service.id}).all()
    names = {row.id: row.name for row in agent_rows}
    ids = [row.id for row in agent_rows if agent_ids is None or row.id in agent_ids]
    common = {"ids": ids, "service_id": service.id, "branch_id": branch.id}
    closures = session.execute(_CLOSURES, common).all()
    hours = session.execute(_HOURS, common).all()
    periods = session.execute(_PERIODS, common).all()
    taken: list[Any] = list(
        session.execute(
            _TAKEN,
            {
                "ids": ids,
                "lo": lo,
                "hi": hi,
                "show_as": list(show_as),
                "ignore": -1 if ignore_appointment is None else ignore_appointment,
            },
        )
    )
    own_hours = [
        WeeklySegment(row.days, row.start_minute, row.end_minute)
        for row in session.execute(_SERVICE_HOURS, common)
    ]

    by_agent_hours: dict[int, list[WeeklySegment]] = defaultdict(list)
    segment_rows: dict[int, tuple[Any, set[int]]] = {}
    for h in hours:  # one row per (segment, allowed service); no service: every service
        _, allowed = segment_rows.setdefault(h.id, (h, set()))
        if h.service_id is not None:
            allowed.add(h.service_id)
    for h, allowed in segment_rows.values():
        by_agent_hours[h.agent_id].append(
            WeeklySegment(
                h.days, h.start_minute, h.end_minute, frozenset(allowed) if allowed else None
            )
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
    by_agent_busy: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for kind, owner, busy_start, busy_end in taken:
        if owner is not None:
            target = by_agent_blocked if kind == 0 else by_agent_busy
            target[owner].append((busy_start, busy_end))

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
    return _show_as(values)


def _show_as(values: Sequence[str]) -> list[str]:
    return sorted({"busy", *values})


@dataclass(frozen=True)
class SearchRules:
    """The general settings a slot search needs, read in one query."""

    show_as: list[str]
    min_share: float
    earliest: datetime

    @classmethod
    def read(cls, session: Session, branch: Branch, now: datetime, audience: str) -> SearchRules:
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}")
        day_key = settings.earliest_day_key(audience)
        window_key = settings.disabled_window_key(audience)
        values = settings.get_many(
            session,
            [settings.BLOCKING_SHOW_AS, settings.MIN_AGENT_SHARE, day_key, window_key],
            branch.id,
        )
        zone = zone_for(branch.timezone)
        days = int(values[day_key])
        today = zone.day_of(to_minutes(now))
        earliest_day = from_minutes(zone.day_start(today + days)) if days > 0 else now
        return cls(
            show_as=_show_as(values[settings.BLOCKING_SHOW_AS]),
            min_share=float(values[settings.MIN_AGENT_SHARE]),
            earliest=max(earliest_day, now + timedelta(minutes=int(values[window_key]))),
        )


def earliest_start(
    session: Session, branch: Branch, now: datetime, audience: str = "desk"
) -> datetime:
    """The earliest bookable instant for ``audience``: the start of the earliest bookable
    day (days from today, branch time) and the end of the disabled window after now."""
    return SearchRules.read(session, branch, now, audience).earliest


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
    rules = SearchRules.read(session, branch, now, audience)
    window_start, window_end = zone_for(branch.timezone).dates_window(first, last)
    inputs = load(
        session,
        service,
        from_minutes(window_start),
        from_minutes(window_end),
        branch=branch,
        show_as=rules.show_as,
        agent_ids=None if agent_id is None else [agent_id],
    )
    _require_agent(inputs, agent_id)
    query = SlotQuery(
        start=window_start,
        end=window_end,
        now=to_minutes(now, round_up=True),
        earliest=to_minutes(rules.earliest, round_up=True),
        min_share=rules.min_share,
    )
    if agent_id is not None:
        found: Iterable[Slot] = agent_slots(inputs.branch, inputs.service, inputs.agents[0], query)
    else:
        found = aggregate_slots(inputs.branch, inputs.service, inputs.agents, query)
    return [_out(s) for s in found]


#: Windows of the next-slot search: a day, a week, four weeks, then doubling. Each window
#: reads only its own busy time, so a slot today costs a day's reading and computing.
_NEXT_STEPS = (timedelta(days=1), timedelta(days=7), timedelta(days=28))


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
    rules = SearchRules.read(session, branch, now, audience)
    now_minute = to_minutes(now, round_up=True)
    earliest = to_minutes(rules.earliest, round_up=True)
    start = max(now_minute + service.min_lead_min, earliest)
    horizon = now_minute + service.max_lead_min + 1
    steps = iter(_NEXT_STEPS)
    size = next(steps)
    while start < horizon:
        end = min(horizon, start + int(size.total_seconds()) // 60)
        inputs = load(
            session,
            service,
            from_minutes(start),
            from_minutes(end),
            branch=branch,
            show_as=rules.show_as,
            agent_ids=None if agent_id is None else [agent_id],
        )
        _require_agent(inputs, agent_id)
        query = SlotQuery(start, end, now_minute, earliest, 0.0 if agent_id else rules.min_share)
        if agent_id is not None:
            found = agent_slots(inputs.branch, inputs.service, inputs.agents[0], query)
        else:
            found = aggregate_slots(inputs.branch, inputs.service, inputs.agents, query)
        if found:
            return _out(found[0])
        start = end
        size = next(steps, size * 2)
    return None


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
        agent = session.get(Agent, agent_id)
        return BookingError(
            "agent_not_for_service",
            f"{agent.name if agent else f'Agent {agent_id}'} does not give {service.name}.",
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
