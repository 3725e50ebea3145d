"""Bookable slots: when an agent (or any agent) can see a customer for a service.

Inputs are frozen dataclasses of plain values, shaped so the database layer can fill them
with a fixed number of queries for *all* agents of a service and make one call:

* :class:`BranchRules`: the branch's zone, closed weekdays and closure dates;
* :class:`ServiceRules`: duration, buffers, slot step, lead times, availability mode,
  the service's own hours and closures;
* :class:`AgentSchedule` per agent: weekly hours segments, repeating periods, closures,
  blocked times and busy intervals (UTC minutes; appointments in blocking statuses already
  widened by their buffers, external busy time already filtered by show-as);
* :class:`SlotQuery`: which slot starts to look at, "now", an optional earliest start and
  the minimum share of agents for "any agent" slots.

**Free time.** An agent is open for a service in the union of their weekly segments that
allow it and their period occurrences that allow it (the *windows*). Free time is that,
minus the branch's closed weekdays and closure dates, the service's closure dates, the
agent's closures, blocked times and busy intervals, and (availability mode
``"agents+service"``) intersected with the service's own weekly hours.

**Slot grid.** Every window (a segment on one day, or one period occurrence), taken before
anything is removed from it, carries a grid of slot starts: ``window start +
buffer_before + k * step`` with ``step`` = the period's slot step, else the service's
slot step, else ``buffer_before + duration + buffer_after``. A grid start ``t`` is offered
when

1. its block ``[t - buffer_before, t + duration + buffer_after)`` lies wholly inside one
   piece of free time (continuous free time; it may not straddle a gap),
2. the block begins inside its own window, ``window start <= t - buffer_before < window
   end``; a block may run past its window's end only into *continuous* free time, i.e. an
   adjoining or overlapping window that is free too (a 20:00-24:00 segment followed by a
   00:00-04:00 one allows a slot from 23:30 to 00:30; two windows separated by any gap
   never share a slot),
3. ``now + min_lead <= t <= now + max_lead`` (both bounds inclusive),
4. ``t >= earliest`` when the caller gives one, and
5. ``query.start <= t < query.end``.

Overlapping windows with different grids offer both grids' starts; the same start from two
windows is offered once.

**Any agent.** An aggregated slot lists the agents offering a slot at exactly that start.
It is offered when at least one agent does and the share of the service's agents (those
passed in) doing so is at least ``min_share``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain

from app.scheduling.intervals import (
    Interval,
    Intervals,
    clip,
    intersect,
    normalize,
    subtract,
    union,
)
from app.scheduling.recurrence import (
    DateRange,
    RepeatingPeriod,
    WeeklySegment,
    closed_intervals,
    period_windows,
    segment_windows,
)
from app.scheduling.zone import MINUTES_PER_DAY, LocalZone, zone_for

AVAILABILITY_MODES = ("agents", "agents+service")

#: Sizes of the successive windows next_free_slot searches: a day, a week, four weeks,
#: then doubling, so a near slot costs a day's work and a far one a few passes.
_SEARCH_STEPS = (MINUTES_PER_DAY, 7 * MINUTES_PER_DAY, 28 * MINUTES_PER_DAY)


@dataclass(frozen=True, slots=True)
class BranchRules:
    """What the branch decides for everyone: its IANA zone and its closed days."""

    tz: str
    #: Weekday bit mask (app.scheduling.days) of days with no slot at all.
    closed_weekdays: int = 0
    closures: Sequence[DateRange] = ()


@dataclass(frozen=True, slots=True)
class ServiceRules:
    """A service's booking rules; all durations in minutes."""

    service_id: int
    duration: int
    buffer_before: int = 0
    buffer_after: int = 0
    #: None: slots step by buffer_before + duration + buffer_after.
    slot_step: int | None = None
    min_lead: int = MINUTES_PER_DAY
    max_lead: int = 30 * MINUTES_PER_DAY
    #: "agents": the agents' hours decide; "agents+service": own_hours must be open too.
    availability_mode: str = "agents"
    own_hours: Sequence[WeeklySegment] = ()
    closures: Sequence[DateRange] = ()

    def __post_init__(self) -> None:
        if self.duration <= 0:
            raise ValueError(f"service duration must be positive, got {self.duration}")
        if self.buffer_before < 0 or self.buffer_after < 0:
            raise ValueError("service buffers must not be negative")
        if self.slot_step is not None and self.slot_step <= 0:
            raise ValueError(f"slot step must be positive, got {self.slot_step}")
        if self.max_lead < self.min_lead:
            raise ValueError(f"max lead {self.max_lead} is below min lead {self.min_lead}")
        if self.availability_mode not in AVAILABILITY_MODES:
            raise ValueError(
                f"availability mode must be one of {AVAILABILITY_MODES}, "
                f"got {self.availability_mode!r}"
            )

    @property
    def block_length(self) -> int:
        """Minutes an appointment keeps the agent: buffers plus duration."""
        return self.buffer_before + self.duration + self.buffer_after

    @property
    def step(self) -> int:
        """The grid step used where a period does not set its own."""
        return self.slot_step if self.slot_step is not None else self.block_length


@dataclass(frozen=True, slots=True)
class AgentSchedule:
    """One agent's availability and what takes it away; instants are UTC minutes.

    ``busy`` holds appointments in blocking statuses widened by their own buffers
    (``block_start``/``block_end``), and external busy intervals already filtered by
    show-as. ``blocked`` holds the agent's blocked times. Neither needs to be sorted or
    merged, nor cut to the window; the engine does that once a call. Convert ends with
    ``to_minutes(end, round_up=True)`` so that a busy time is never shortened.
    """

    agent_id: int
    segments: Sequence[WeeklySegment] = ()
    periods: Sequence[RepeatingPeriod] = ()
    closures: Sequence[DateRange] = ()
    blocked: Sequence[Interval] = ()
    busy: Sequence[Interval] = ()


@dataclass(frozen=True, slots=True)
class SlotQuery:
    """Slot starts to report: ``start <= t < end`` (UTC minutes), as seen at ``now``.

    ``earliest`` is an extra lower bound on starts computed upstream (earliest bookable
    day, a disabled window). ``min_share`` (0 to 1) applies to aggregated slots only.
    """

    start: int
    end: int
    now: int
    earliest: int | None = None
    min_share: float = 0.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_share <= 1.0:
            raise ValueError(f"min share must be between 0 and 1, got {self.min_share}")

    @classmethod
    def for_dates(
        cls,
        tz: str,
        first: date,
        last: date,
        *,
        now: int,
        earliest: int | None = None,
        min_share: float = 0.0,
    ) -> SlotQuery:
        """A query for the local dates ``first`` to ``last`` (inclusive) of a branch."""
        start, end = local_dates_window(tz, first, last)
        return cls(start, end, now, earliest, min_share)


@dataclass(frozen=True, slots=True, order=True)
class Slot:
    """A bookable time ``[start, end)`` (UTC minutes) and the agents free for it, sorted."""

    start: int
    end: int
    agent_ids: tuple[int, ...]


def local_dates_window(tz: str, first: date, last: date) -> tuple[int, int]:
    """``[start, end)`` UTC minutes covering local dates ``first`` to ``last`` inclusive."""
    return zone_for(tz).dates_window(first, last)


# --- the engine ----------------------------------------------------------------------------


class _Plan:
    """One call's shared state: the zone, the service's numbers and the per-agent inputs
    reduced to what this service needs (busy times merged once, not once per window)."""

    def __init__(
        self,
        branch: BranchRules,
        service: ServiceRules,
        agents: Sequence[AgentSchedule],
        horizon: tuple[int, int],
    ) -> None:
        """``horizon``: the UTC range every later question of this call stays inside."""
        self.branch = branch
        self.service = service
        self.zone: LocalZone = zone_for(branch.tz)
        ids = [agent.agent_id for agent in agents]
        if len(set(ids)) != len(ids):
            raise ValueError(f"agent ids must be unique, got {ids}")
        self.agents = sorted(agents, key=lambda agent: agent.agent_id)
        self.horizon = horizon
        self._removals: dict[int, Intervals] = {}

    def agent_removals(self, agent: AgentSchedule) -> Intervals:
        """Blocked and busy time inside the horizon, merged once per call.

        Filtering before sorting keeps a long busy history from costing more than the
        days asked about.
        """
        try:
            return self._removals[agent.agent_id]
        except KeyError:
            low, high = self.horizon
            removals = normalize(
                piece
                for piece in chain(agent.blocked, agent.busy)
                if piece[1] > low and piece[0] < high
            )
            self._removals[agent.agent_id] = removals
            return removals

    def shared_removals(self, start: int, end: int) -> Intervals:
        """Branch and service closures over ``[start, end)``: the same for every agent."""
        branch = closed_intervals(
            self.zone,
            start,
            end,
            weekdays=self.branch.closed_weekdays,
            ranges=self.branch.closures,
        )
        service = closed_intervals(self.zone, start, end, ranges=self.service.closures)
        return union(branch, service)

    def service_hours(self, start: int, end: int) -> Intervals | None:
        """The service's own open time in ``[start, end)``, or None when it does not apply."""
        if self.service.availability_mode != "agents+service":
            return None
        return normalize(segment_windows(self.service.own_hours, self.zone, start, end))

    def windows(self, agent: AgentSchedule, start: int, end: int) -> list[tuple[int, int, int]]:
        """The agent's open windows for this service meeting ``[start, end)``, with steps."""
        service_id = self.service.service_id
        step = self.service.step
        segments = [segment for segment in agent.segments if segment.allows(service_id)]
        windows = [
            (window_start, window_end, step)
            for window_start, window_end in segment_windows(segments, self.zone, start, end)
        ]
        for period in agent.periods:
            if period.allows(service_id):
                period_step = period.slot_step if period.slot_step is not None else step
                windows.extend(
                    (window_start, window_end, period_step)
                    for window_start, window_end in period_windows(period, self.zone, start, end)
                )
        return windows

    def free(
        self,
        agent: AgentSchedule,
        windows: Iterable[tuple[int, int, int]],
        start: int,
        end: int,
        shared: Intervals,
        hours: Intervals | None,
    ) -> Intervals:
        """The agent's free time for this service; exact inside ``[start, end)``."""
        open_time = normalize((window_start, window_end) for window_start, window_end, _ in windows)
        if not open_time:
            return open_time
        own_closures = closed_intervals(self.zone, start, end, ranges=agent.closures)
        removals = union(union(clip(self.agent_removals(agent), start, end), own_closures), shared)
        free = subtract(open_time, removals)
        if hours is not None:
            free = intersect(free, hours)
        return free

    def starts(self, low: int, high: int) -> dict[int, list[int]]:
        """Offered slot starts of every agent (sorted) with ``low <= start <= high``."""
        result: dict[int, list[int]] = {agent.agent_id: [] for agent in self.agents}
        if low > high:
            return result
        before = self.service.buffer_before
        length = self.service.block_length
        start, end = _reach(self.service, low, high)
        shared = self.shared_removals(start, end)
        hours = self.service_hours(start, end)
        for agent in self.agents:
            windows = self.windows(agent, start, end)
            if not windows:
                continue
            free = self.free(agent, windows, start, end, shared, hours)
            if free:
                result[agent.agent_id] = _grid_starts(windows, free, low, high, before, length)
        return result


def _bounds(service: ServiceRules, query: SlotQuery) -> tuple[int, int]:
    """Inclusive range of slot starts allowed by the query and the lead times."""
    low = max(query.start, query.now + service.min_lead)
    if query.earliest is not None:
        low = max(low, query.earliest)
    high = min(query.end - 1, query.now + service.max_lead)
    return low, high


def _reach(service: ServiceRules, low: int, high: int) -> tuple[int, int]:
    """The UTC range holding every block of a start in ``[low, high]``."""
    return low - service.buffer_before, high - service.buffer_before + service.block_length


def _plan_for(
    branch: BranchRules,
    service: ServiceRules,
    agents: Sequence[AgentSchedule],
    query: SlotQuery,
) -> tuple[_Plan, int, int]:
    low, high = _bounds(service, query)
    return _Plan(branch, service, agents, _reach(service, low, high)), low, high


def _grid_starts(
    windows: Iterable[tuple[int, int, int]],
    free: Intervals,
    low: int,
    high: int,
    before: int,
    length: int,
) -> list[int]:
    """Grid starts whose blocks fit in free time, by arithmetic per (window, free piece).

    For a window ``(origin, window_end, step)`` and a free piece ``(fs, fe)``, the block
    starts ``b = t - before`` that fit form one arithmetic run: ``b = origin (mod step)``
    with ``max(fs, origin, low - before) <= b <= min(fe - length, window_end - 1,
    high - before)``. No start is tested one by one.
    """
    ends = [piece_end for _, piece_end in free]
    found: set[int] = set()
    for origin, window_end, step in windows:
        index = bisect_right(ends, origin)
        while index < len(free):
            piece_start, piece_end = free[index]
            if piece_start >= window_end:
                break
            lower = max(piece_start, origin, low - before)
            upper = min(piece_end - length, window_end - 1, high - before)
            if lower <= upper:
                first = origin - ((origin - lower) // step) * step
                found.update(range(first + before, upper + before + 1, step))
            index += 1
    return sorted(found)


def _slots(starts: Iterable[int], duration: int, agent_id: int) -> list[Slot]:
    ids = (agent_id,)
    return [Slot(start, start + duration, ids) for start in starts]


def _aggregate(
    starts_by_agent: dict[int, list[int]], duration: int, min_share: float, total: int
) -> list[Slot]:
    by_start: dict[int, list[int]] = {}
    for agent_id in sorted(starts_by_agent):
        for start in starts_by_agent[agent_id]:
            by_start.setdefault(start, []).append(agent_id)
    # Every listed start has at least one agent, so a share of 0 means "one is enough".
    return [
        Slot(start, start + duration, tuple(by_start[start]))
        for start in sorted(by_start)
        if len(by_start[start]) / total >= min_share
    ]


# --- public entry points -------------------------------------------------------------------


def agent_slots(
    branch: BranchRules, service: ServiceRules, agent: AgentSchedule, query: SlotQuery
) -> list[Slot]:
    """The slots one agent offers for a service, in start order."""
    plan, low, high = _plan_for(branch, service, [agent], query)
    starts = plan.starts(low, high)[agent.agent_id]
    return _slots(starts, service.duration, agent.agent_id)


def slots_by_agent(
    branch: BranchRules,
    service: ServiceRules,
    agents: Sequence[AgentSchedule],
    query: SlotQuery,
) -> dict[int, list[Slot]]:
    """Every agent's slots for a service in one call (agent id -> slots in start order)."""
    plan, low, high = _plan_for(branch, service, agents, query)
    starts = plan.starts(low, high)
    return {
        agent_id: _slots(agent_starts, service.duration, agent_id)
        for agent_id, agent_starts in starts.items()
    }


def aggregate_slots(
    branch: BranchRules,
    service: ServiceRules,
    agents: Sequence[AgentSchedule],
    query: SlotQuery,
) -> list[Slot]:
    """Slots for "any agent": each start with the sorted ids of the agents free at it.

    ``agents`` must be all the agents of the service: the share compared with
    ``query.min_share`` is (agents free at the start) / ``len(agents)``.
    """
    if not agents:
        return []
    plan, low, high = _plan_for(branch, service, agents, query)
    starts = plan.starts(low, high)
    return _aggregate(starts, service.duration, query.min_share, len(agents))


def next_free_slot(
    branch: BranchRules,
    service: ServiceRules,
    agents: Sequence[AgentSchedule],
    *,
    now: int,
    earliest: int | None = None,
    min_share: float = 0.0,
    agent_id: int | None = None,
) -> Slot | None:
    """The earliest slot from ``now`` within the max lead, for any agent or for ``agent_id``.

    Searches forward in growing windows (a day, a week, four weeks, then doubling) up to
    ``now + max_lead`` and stops at the first window holding a slot, so a slot tomorrow
    costs a day's computation, not the whole lead. With ``agent_id`` only that agent is
    considered (``min_share`` does not apply); otherwise the slot lists every agent free at
    its start, and ``min_share`` applies as in :func:`aggregate_slots`. None: no slot.
    """
    if agent_id is not None:
        chosen = [agent for agent in agents if agent.agent_id == agent_id]
        if not chosen:
            raise ValueError(f"agent {agent_id} is not among the service's agents")
        agents, min_share = chosen, 0.0
    if not agents:
        return None
    probe = SlotQuery(now, now + service.max_lead + 1, now, earliest, min_share)
    plan, low, high = _plan_for(branch, service, agents, probe)
    sizes = iter(_SEARCH_STEPS)
    size = next(sizes)
    start = low
    while start <= high:
        end = min(start + size, high + 1)
        slots = _aggregate(plan.starts(start, end - 1), service.duration, min_share, len(agents))
        if slots:
            return slots[0]
        start = end
        size = next(sizes, size * 2)
    return None


def slot_is_offered(
    branch: BranchRules,
    service: ServiceRules,
    agent: AgentSchedule,
    start: int,
    *,
    now: int,
    earliest: int | None = None,
) -> bool:
    """Whether ``agent`` offers exactly this start: the check to repeat just before booking."""
    query = SlotQuery(start, start + 1, now, earliest)
    plan, low, high = _plan_for(branch, service, [agent], query)
    return bool(plan.starts(low, high)[agent.agent_id])


def free_time(
    branch: BranchRules, service: ServiceRules, agent: AgentSchedule, start: int, end: int
) -> Intervals:
    """The agent's free time for the service inside ``[start, end)``, lead times aside.

    For shading a calendar: what the slot grid is cut from.
    """
    if start >= end:
        return []
    plan = _Plan(branch, service, [agent], (start, end))
    windows = plan.windows(agent, start, end)
    free = plan.free(
        agent,
        windows,
        start,
        end,
        plan.shared_removals(start, end),
        plan.service_hours(start, end),
    )
    return clip(free, start, end)


__all__ = [
    "AVAILABILITY_MODES",
    "AgentSchedule",
    "BranchRules",
    "DateRange",
    "RepeatingPeriod",
    "ServiceRules",
    "Slot",
    "SlotQuery",
    "WeeklySegment",
    "agent_slots",
    "aggregate_slots",
    "free_time",
    "local_dates_window",
    "next_free_slot",
    "slot_is_offered",
    "slots_by_agent",
]
