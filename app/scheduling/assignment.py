"""Who gets the customer when the customer may not choose: balance the agents' load.

When a service does not let the customer pick an agent, the desk assigns one among those
free for the chosen slot. The choice must be fair, explainable to the branch manager and
the same every time for the same data (so a retried booking or a test gets the same agent):

1. fewest minutes booked on the slot's local day (spread today's work first),
2. then fewest minutes booked in the slot's local week, Monday to Sunday (spread the week),
3. then round robin: the agent whose last assignment is oldest, an agent never assigned
   coming first,
4. then the lowest agent id, so that no tie is left to chance.

"Booked minutes" sums, over the agent's appointments, the minutes of each appointment that
fall in the day (week); an appointment across midnight counts on both days. Days and weeks
are local to the branch's zone, so a week starts at Monday 00:00 on the branch's wall clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.scheduling.intervals import Interval
from app.scheduling.zone import weekday_of_day, zone_for


@dataclass(frozen=True, slots=True)
class AgentLoad:
    """An agent's load as the assignment sees it; instants are UTC minutes.

    ``booked`` holds the agent's appointments in blocking statuses (their own times, not
    widened by buffers) around the slot: at least the slot's local week. ``last_assigned_at``
    is when the agent was last assigned a customer by this rule (None: never).
    """

    agent_id: int
    booked: Sequence[Interval] = ()
    last_assigned_at: int | None = None


def _minutes_within(booked: Iterable[Interval], start: int, end: int) -> int:
    total = 0
    for booked_start, booked_end in booked:
        low = booked_start if booked_start > start else start
        high = booked_end if booked_end < end else end
        if high > low:
            total += high - low
    return total


def rank_agents(
    candidates: Iterable[int],
    loads: Mapping[int, AgentLoad],
    slot_start: int,
    tz: str,
) -> list[int]:
    """The candidates in assignment order (best first), by the rules of this module.

    ``loads`` maps agent id to load; a candidate without an entry has booked nothing and
    was never assigned. Duplicate candidates are considered once.
    """
    zone = zone_for(tz)
    day = zone.day_of(slot_start)
    day_start, day_end = zone.day_start(day), zone.day_start(day + 1)
    monday = day - weekday_of_day(day)
    week_start, week_end = zone.day_start(monday), zone.day_start(monday + 7)

    def key(agent_id: int) -> tuple[int, int, int, int, int]:
        load = loads.get(agent_id)
        if load is None:
            return (0, 0, 0, 0, agent_id)
        last = load.last_assigned_at
        return (
            _minutes_within(load.booked, day_start, day_end),
            _minutes_within(load.booked, week_start, week_end),
            0 if last is None else 1,
            0 if last is None else last,
            agent_id,
        )

    return sorted(set(candidates), key=key)


def choose_agent(
    candidates: Iterable[int],
    loads: Mapping[int, AgentLoad],
    slot_start: int,
    tz: str,
) -> int:
    """The agent to assign the slot to (see the module docstring for the order).

    ``candidates`` are the agents free for the slot, e.g. ``Slot.agent_ids`` of an
    aggregated slot. ValueError when there is none: the caller offered a slot nobody has.
    """
    ranked = rank_agents(candidates, loads, slot_start, tz)
    if not ranked:
        raise ValueError("no agent is free for this slot")
    return ranked[0]


def loads_by_agent(loads: Iterable[AgentLoad]) -> dict[int, AgentLoad]:
    """Index loads by agent id (a convenience for callers holding a list)."""
    return {load.agent_id: load for load in loads}


__all__ = ["AgentLoad", "choose_agent", "loads_by_agent", "rank_agents"]
