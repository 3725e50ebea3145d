"""Slots of one agent and of any agent: grid, buffers, leads, closures, DST, next free slot."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from itertools import pairwise

import pytest

from app.scheduling.days import ALL_DAYS, mask_from_codes
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
    local_dates_window,
    next_free_slot,
    slot_is_offered,
    slots_by_agent,
)
from tests.scheduling.helpers import at, wall, walls

TZ = "America/Toronto"
BRANCH = BranchRules(TZ)
WEEKDAYS = mask_from_codes(["mon", "tue", "wed", "thu", "fri"])
MORNINGS = WeeklySegment(WEEKDAYS, 9 * 60, 12 * 60)
AFTERNOONS = WeeklySegment(WEEKDAYS, 13 * 60, 17 * 60)
NOW = at(TZ, "2026-05-29T12:00")  # a Friday, before every day the tests look at
DAY = 1440


def service(**changes: object) -> ServiceRules:
    base = ServiceRules(service_id=1, duration=60, min_lead=0, max_lead=120 * DAY)
    return replace(base, **changes)  # type: ignore[arg-type]


def agent(agent_id: int = 1, **changes: object) -> AgentSchedule:
    return replace(AgentSchedule(agent_id, segments=(MORNINGS,)), **changes)  # type: ignore[arg-type]


def day_query(first: str, last: str | None = None, **changes: object) -> SlotQuery:
    query = SlotQuery.for_dates(
        TZ, date.fromisoformat(first), date.fromisoformat(last or first), now=NOW
    )
    return replace(query, **changes)  # type: ignore[arg-type]


def times(slots: list[Slot], tz: str = TZ) -> list[str]:
    """Local start times, "HH:MM" (with the date when slots span several days)."""
    labels = walls(tz, [slot.start for slot in slots])
    if len({label[:10] for label in labels}) == 1:
        return [label[11:] for label in labels]
    return labels


# --- the grid -----------------------------------------------------------------------------


def test_grid_steps_by_duration_plus_buffers_from_window_start_plus_buffer_before() -> None:
    rules = service(duration=30, buffer_before=10, buffer_after=5)
    slots = agent_slots(BRANCH, rules, agent(), day_query("2026-06-01"))
    # Blocks of 45 minutes from 09:00: starts 09:10, 09:55, 10:40, 11:25 (block ends 12:00).
    assert times(slots) == ["09:10", "09:55", "10:40", "11:25"]
    assert all(slot.end - slot.start == 30 and slot.agent_ids == (1,) for slot in slots)


def test_service_slot_step_and_period_slot_step() -> None:
    saturday = RepeatingPeriod(
        datetime(2026, 5, 30, 9), datetime(2026, 5, 30, 11), "FREQ=WEEKLY", slot_step=20
    )
    person = agent(periods=(saturday,))
    rules = service(duration=45, slot_step=30)
    assert times(agent_slots(BRANCH, rules, person, day_query("2026-06-01"))) == [
        "09:00",
        "09:30",
        "10:00",
        "10:30",
        "11:00",
    ]
    assert times(agent_slots(BRANCH, rules, person, day_query("2026-06-06"))) == [
        "09:00",
        "09:20",
        "09:40",
        "10:00",
    ]


def test_busy_time_removes_slots_and_grid_stays_anchored_at_window_start() -> None:
    rules = service(duration=30, buffer_before=10, buffer_after=5)
    busy = ((at(TZ, "2026-06-01T10:00"), at(TZ, "2026-06-01T10:30")),)
    slots = agent_slots(BRANCH, rules, agent(busy=busy), day_query("2026-06-01"))
    # 09:55 needs 09:45-10:30; 10:40 needs 10:30-11:15 and fits right after the busy time.
    assert times(slots) == ["09:10", "10:40", "11:25"]


def test_blocked_time_and_buffers_must_fit_wholly() -> None:
    rules = service(duration=60, buffer_after=15)
    blocked = ((at(TZ, "2026-06-01T11:10"), at(TZ, "2026-06-01T11:20")),)
    slots = agent_slots(BRANCH, rules, agent(blocked=blocked), day_query("2026-06-01"))
    # Grid 09:00, 10:15; 10:15 needs 10:00-11:30 which meets the blocked time.
    assert times(slots) == ["09:00"]


def test_overlapping_windows_offer_both_grids_once() -> None:
    period = RepeatingPeriod(
        datetime(2026, 6, 1, 9, 20), datetime(2026, 6, 1, 10, 20), slot_step=20
    )
    slots = agent_slots(
        BRANCH, service(duration=30), agent(periods=(period,)), day_query("2026-06-01")
    )
    assert times(slots) == ["09:00", "09:20", "09:30", "09:40", "10:00", "10:30", "11:00", "11:30"]


def test_slot_may_cross_into_an_adjoining_window_only_if_free_time_is_continuous() -> None:
    rules = service(duration=60, slot_step=45)
    evening = WeeklySegment(mask_from_codes(["mon"]), 20 * 60, 24 * 60)
    night = WeeklySegment(mask_from_codes(["tue"]), 0, 4 * 60)
    query = day_query("2026-06-01", "2026-06-02")
    joined = agent_slots(BRANCH, rules, agent(segments=(evening, night)), query)
    assert walls(TZ, [slot.start for slot in joined])[:7] == [
        "2026-06-01T20:00",
        "2026-06-01T20:45",
        "2026-06-01T21:30",
        "2026-06-01T22:15",
        "2026-06-01T23:00",
        "2026-06-01T23:45",  # 23:45-00:45: the night segment continues the free time
        "2026-06-02T00:00",
    ]
    alone = agent_slots(BRANCH, rules, agent(segments=(evening,)), query)
    assert walls(TZ, [slot.start for slot in alone])[-1] == "2026-06-01T23:00"  # ends by 24:00
    gap = WeeklySegment(mask_from_codes(["tue"]), 10, 4 * 60)
    apart = agent_slots(BRANCH, rules, agent(segments=(evening, gap)), query)
    assert "2026-06-01T23:45" not in times(apart)


def test_windows_separated_by_busy_time_do_not_share_a_slot() -> None:
    rules = service(duration=60, slot_step=45)
    both = agent(
        segments=(
            WeeklySegment(WEEKDAYS, 9 * 60, 12 * 60),
            WeeklySegment(WEEKDAYS, 12 * 60, 14 * 60),
        )
    )
    busy = ((at(TZ, "2026-06-01T12:00"), at(TZ, "2026-06-01T12:05")),)
    assert "11:15" in times(agent_slots(BRANCH, rules, both, day_query("2026-06-01")))
    blocked = replace(both, busy=busy)
    assert "11:15" not in times(agent_slots(BRANCH, rules, blocked, day_query("2026-06-01")))


def test_segment_ending_at_midnight() -> None:
    late = agent(segments=(WeeklySegment(ALL_DAYS, 22 * 60, 24 * 60),))
    slots = agent_slots(BRANCH, service(), late, day_query("2026-06-01"))
    assert times(slots) == ["22:00", "23:00"]
    assert slots[-1].end == at(TZ, "2026-06-02T00:00")


def test_segment_limited_to_other_services_gives_nothing() -> None:
    only_two = WeeklySegment(WEEKDAYS, 9 * 60, 12 * 60, services=frozenset({2}))
    period = RepeatingPeriod(datetime(2026, 6, 1, 14), datetime(2026, 6, 1, 15), service_id=2)
    person = agent(segments=(only_two,), periods=(period,))
    assert agent_slots(BRANCH, service(), person, day_query("2026-06-01")) == []
    assert len(agent_slots(BRANCH, service(service_id=2), person, day_query("2026-06-01"))) == 4


# --- lead times, earliest, the query window ----------------------------------------------


def test_lead_time_bounds_are_inclusive() -> None:
    nine = at(TZ, "2026-06-01T09:00")
    ten = at(TZ, "2026-06-01T10:00")
    rules = service(min_lead=120, max_lead=60 + 120)
    on_bounds = agent_slots(BRANCH, rules, agent(), day_query("2026-06-01", now=nine - 120))
    assert times(on_bounds) == ["09:00", "10:00"]
    one_late = agent_slots(BRANCH, rules, agent(), day_query("2026-06-01", now=nine - 119))
    assert times(one_late) == ["10:00"]
    assert one_late[0].start == ten


def test_earliest_start_and_query_window_bounds() -> None:
    query = day_query("2026-06-01", earliest=at(TZ, "2026-06-01T10:00"))
    assert times(agent_slots(BRANCH, service(), agent(), query)) == ["10:00", "11:00"]
    narrow = replace(
        day_query("2026-06-01"), start=at(TZ, "2026-06-01T09:01"), end=at(TZ, "2026-06-01T11:00")
    )
    assert times(agent_slots(BRANCH, service(), agent(), narrow)) == ["10:00"]


def test_slots_in_the_past_are_not_offered_for_walk_ins() -> None:
    query = day_query("2026-06-01", now=at(TZ, "2026-06-01T10:30"))
    assert times(agent_slots(BRANCH, service(), agent(), query)) == ["11:00"]


# --- closures ------------------------------------------------------------------------------


def test_branch_closed_weekdays_and_holidays_remove_hours_and_periods() -> None:
    every_day = agent(segments=(WeeklySegment(ALL_DAYS, 9 * 60, 11 * 60),))
    saturdays = RepeatingPeriod(
        datetime(2020, 1, 4, 14), datetime(2020, 1, 4, 16), "FREQ=WEEKLY;BYDAY=SA"
    )
    with_period = replace(every_day, periods=(saturdays,))
    branch = BranchRules(
        TZ,
        closed_weekdays=mask_from_codes(["sun"]),
        closures=(
            DateRange(date(2026, 6, 2), date(2026, 6, 2)),
            DateRange(date(2026, 6, 13), date(2026, 6, 13)),
        ),
    )
    slots = agent_slots(branch, service(), with_period, day_query("2026-06-01", "2026-06-14"))
    days = sorted({label[:10] for label in walls(TZ, [slot.start for slot in slots])})
    assert "2026-06-02" not in days  # holiday
    assert "2026-06-07" not in days  # a Sunday
    assert "2026-06-14" not in days
    assert "2026-06-13" not in days  # holiday on a period's Saturday
    saturday = [s for s in times(slots) if s.startswith("2026-06-06")]
    assert saturday == [
        "2026-06-06T09:00",
        "2026-06-06T10:00",
        "2026-06-06T14:00",
        "2026-06-06T15:00",
    ]


def test_agent_and_service_closures() -> None:
    query = day_query("2026-06-01", "2026-06-05")
    person = agent(closures=(DateRange(date(2026, 6, 2), date(2026, 6, 3)),))
    rules = service(closures=(DateRange(date(2026, 6, 5), date(2026, 6, 5)),))
    days = {
        label[:10]
        for label in walls(TZ, [s.start for s in agent_slots(BRANCH, rules, person, query)])
    }
    assert days == {"2026-06-01", "2026-06-04"}


def test_closed_day_cuts_an_overnight_period_at_midnight() -> None:
    overnight = RepeatingPeriod(datetime(2026, 6, 5, 22), datetime(2026, 6, 6, 2))
    branch = BranchRules(TZ, closed_weekdays=mask_from_codes(["sat"]))
    slots = agent_slots(
        branch,
        service(),
        agent(segments=(), periods=(overnight,)),
        day_query("2026-06-05", "2026-06-06"),
    )
    assert times(slots) == ["22:00", "23:00"]


def test_agents_plus_service_mode_needs_the_services_hours_too() -> None:
    carla = agent(segments=(WeeklySegment(WEEKDAYS, 8 * 60 + 30, 16 * 60 + 30),))
    notary = service(
        duration=45,
        availability_mode="agents+service",
        own_hours=(WeeklySegment(mask_from_codes(["tue", "thu"]), 13 * 60, 17 * 60),),
    )
    assert agent_slots(BRANCH, notary, carla, day_query("2026-06-01")) == []
    # The grid still starts at the agent's 08:30; only blocks inside 13:00-16:30 remain.
    assert times(agent_slots(BRANCH, notary, carla, day_query("2026-06-02"))) == [
        "13:00",
        "13:45",
        "14:30",
        "15:15",
    ]
    agents_only = replace(notary, availability_mode="agents")
    assert len(agent_slots(BRANCH, agents_only, carla, day_query("2026-06-01"))) == 10


# --- daylight saving ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "first", "last"),
    [
        ("America/Toronto", "2026-03-06", "2026-03-10"),
        ("America/Toronto", "2026-10-30", "2026-11-03"),
        ("Europe/Berlin", "2026-03-27", "2026-03-31"),
        ("Europe/Berlin", "2026-10-23", "2026-10-27"),
        ("Australia/Sydney", "2026-04-03", "2026-04-07"),
        ("Australia/Sydney", "2026-10-02", "2026-10-06"),
    ],
)
def test_nine_stays_nine_across_dst(tz: str, first: str, last: str) -> None:
    branch = BranchRules(tz)
    nines = agent(segments=(WeeklySegment(ALL_DAYS, 9 * 60, 10 * 60),))
    query = SlotQuery.for_dates(
        tz,
        date.fromisoformat(first),
        date.fromisoformat(last),
        now=at(tz, f"{first}T00:00") - 10 * DAY,
    )
    slots = agent_slots(branch, service(), nines, query)
    labels = walls(tz, [slot.start for slot in slots])
    assert [label[11:] for label in labels] == ["09:00"] * 5
    gaps = {b.start - a.start for a, b in pairwise(slots)}
    assert gaps == {DAY, DAY - 60} or gaps == {DAY, DAY + 60}


@pytest.mark.parametrize(
    ("tz", "night", "expected"),
    [
        ("America/Toronto", "2026-03-08", ["01:00", "01:30"]),
        ("America/Toronto", "2026-11-01", ["01:00", "01:30", "01:00", "01:30", "02:00", "02:30"]),
        ("Europe/Berlin", "2026-03-29", ["01:00", "01:30"]),
        ("Europe/Berlin", "2026-10-25", ["01:00", "01:30", "02:00", "02:30", "02:00", "02:30"]),
        ("Australia/Sydney", "2026-10-04", ["01:00", "01:30"]),
        ("Australia/Sydney", "2026-04-05", ["01:00", "01:30", "02:00", "02:30", "02:00", "02:30"]),
    ],
)
def test_one_to_three_window_on_the_change_night(tz: str, night: str, expected: list[str]) -> None:
    branch = BranchRules(tz)
    early = agent(segments=(WeeklySegment(ALL_DAYS, 60, 180),))
    query = SlotQuery.for_dates(
        tz,
        date.fromisoformat(night),
        date.fromisoformat(night),
        now=at(tz, f"{night}T12:00") - 10 * DAY,
    )
    slots = agent_slots(branch, service(duration=30), early, query)
    assert [label[11:] for label in walls(tz, [slot.start for slot in slots])] == expected
    assert all(b.start - a.start == 30 for a, b in pairwise(slots))


# --- several agents -------------------------------------------------------------------------


def team() -> list[AgentSchedule]:
    """Four agents, all 09:00-12:00 on weekdays; agent 2 busy 09-10, agents 3 and 4 10-11."""

    def busy(start: str, end: str) -> tuple[tuple[int, int], ...]:
        return ((at(TZ, f"2026-06-01T{start}"), at(TZ, f"2026-06-01T{end}")),)

    return [
        agent(4, busy=busy("10:00", "11:00")),
        agent(1),
        agent(2, busy=busy("09:00", "10:00")),
        agent(3, busy=busy("10:00", "11:00")),
    ]


def test_aggregate_lists_free_agents_sorted() -> None:
    slots = aggregate_slots(BRANCH, service(), team(), day_query("2026-06-01"))
    assert [(wall(TZ, s.start)[11:], s.agent_ids) for s in slots] == [
        ("09:00", (1, 3, 4)),
        ("10:00", (1, 2)),
        ("11:00", (1, 2, 3, 4)),
    ]


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (0.0, ["09:00", "10:00", "11:00"]),
        (0.5, ["09:00", "10:00", "11:00"]),
        (0.75, ["09:00", "11:00"]),
        (1.0, ["11:00"]),
    ],
)
def test_minimum_share_of_agents(share: float, expected: list[str]) -> None:
    query = day_query("2026-06-01", min_share=share)
    assert times(aggregate_slots(BRANCH, service(), team(), query)) == expected


def test_slots_by_agent_agrees_with_agent_slots() -> None:
    query = day_query("2026-06-01", "2026-06-05")
    together = slots_by_agent(BRANCH, service(), team(), query)
    assert sorted(together) == [1, 2, 3, 4]
    for person in team():
        assert together[person.agent_id] == agent_slots(BRANCH, service(), person, query)


def test_agent_ids_must_be_unique_and_share_in_range() -> None:
    with pytest.raises(ValueError, match="unique"):
        aggregate_slots(BRANCH, service(), [agent(1), agent(1)], day_query("2026-06-01"))
    with pytest.raises(ValueError, match="min share"):
        day_query("2026-06-01", min_share=1.5)
    assert aggregate_slots(BRANCH, service(), [], day_query("2026-06-01")) == []


# --- next free slot --------------------------------------------------------------------------


def test_next_free_slot_across_the_weekend() -> None:
    friday_evening = at(TZ, "2026-06-05T17:30")
    branch = BranchRules(TZ, closed_weekdays=mask_from_codes(["sat", "sun"]))
    slot = next_free_slot(branch, service(), team(), now=friday_evening)
    assert slot is not None
    assert wall(TZ, slot.start) == "2026-06-08T09:00"
    assert slot.agent_ids == (1, 2, 3, 4)


def test_next_free_slot_for_one_agent_and_with_a_share() -> None:
    monday = at(TZ, "2026-06-01T08:00")
    one = next_free_slot(BRANCH, service(), team(), now=monday, agent_id=2)
    assert one is not None
    assert (wall(TZ, one.start), one.agent_ids) == ("2026-06-01T10:00", (2,))
    most = next_free_slot(BRANCH, service(), team(), now=monday, min_share=1.0)
    assert most is not None
    assert wall(TZ, most.start) == "2026-06-01T11:00"
    with pytest.raises(ValueError, match="not among"):
        next_free_slot(BRANCH, service(), team(), now=monday, agent_id=9)


def test_next_free_slot_respects_leads_and_earliest() -> None:
    monday = at(TZ, "2026-06-01T08:00")
    rules = service(min_lead=DAY)
    slot = next_free_slot(BRANCH, rules, team(), now=monday)
    assert slot is not None
    assert wall(TZ, slot.start) == "2026-06-02T09:00"
    later = next_free_slot(BRANCH, rules, team(), now=monday, earliest=at(TZ, "2026-06-20T00:00"))
    assert later is not None
    assert wall(TZ, later.start) == "2026-06-22T09:00"


def test_no_free_slot_within_max_lead() -> None:
    friday_evening = at(TZ, "2026-06-05T17:30")
    branch = BranchRules(TZ, closed_weekdays=mask_from_codes(["sat", "sun"]))
    assert next_free_slot(branch, service(max_lead=2 * DAY), team(), now=friday_evening) is None
    # Within reach only when the bound includes Monday 09:00 itself (inclusive).
    exact = at(TZ, "2026-06-08T09:00") - friday_evening
    found = next_free_slot(branch, service(max_lead=exact), team(), now=friday_evening)
    assert found is not None
    assert found.start == at(TZ, "2026-06-08T09:00")
    assert next_free_slot(branch, service(max_lead=exact - 1), team(), now=friday_evening) is None
    assert next_free_slot(BRANCH, service(), [], now=friday_evening) is None


def test_next_free_slot_far_ahead_in_a_growing_search() -> None:
    monday = at(TZ, "2026-06-01T08:00")
    busy = ((monday, at(TZ, "2026-08-20T00:00")),)
    slot = next_free_slot(BRANCH, service(), [agent(busy=busy)], now=monday)
    assert slot is not None
    assert wall(TZ, slot.start) == "2026-08-20T09:00"


# --- helpers for the booking layer --------------------------------------------------------


def test_slot_is_offered() -> None:
    busy = ((at(TZ, "2026-06-01T10:00"), at(TZ, "2026-06-01T11:00")),)
    person = agent(busy=busy)
    assert slot_is_offered(BRANCH, service(), person, at(TZ, "2026-06-01T09:00"), now=NOW)
    assert not slot_is_offered(BRANCH, service(), person, at(TZ, "2026-06-01T10:00"), now=NOW)
    assert not slot_is_offered(BRANCH, service(), person, at(TZ, "2026-06-01T09:30"), now=NOW)
    assert not slot_is_offered(
        BRANCH,
        service(),
        person,
        at(TZ, "2026-06-01T09:00"),
        now=NOW,
        earliest=at(TZ, "2026-06-02T00:00"),
    )


def test_free_time_for_shading() -> None:
    busy = ((at(TZ, "2026-06-01T10:00"), at(TZ, "2026-06-01T10:30")),)
    start, end = local_dates_window(TZ, date(2026, 6, 1), date(2026, 6, 1))
    assert free_time(
        BRANCH, service(), agent(busy=busy, segments=(MORNINGS, AFTERNOONS)), start, end
    ) == [
        (at(TZ, "2026-06-01T09:00"), at(TZ, "2026-06-01T10:00")),
        (at(TZ, "2026-06-01T10:30"), at(TZ, "2026-06-01T12:00")),
        (at(TZ, "2026-06-01T13:00"), at(TZ, "2026-06-01T17:00")),
    ]
    assert free_time(BRANCH, service(), agent(), end, start) == []


def test_service_rules_validation() -> None:
    for bad in (
        {"duration": 0},
        {"buffer_before": -1},
        {"slot_step": 0},
        {"min_lead": 10, "max_lead": 5},
        {"availability_mode": "service"},
    ):
        with pytest.raises(ValueError):  # noqa: PT011 - each message is checked elsewhere
            service(**bad)
    assert service(buffer_before=5, duration=30, buffer_after=10).step == 45
    assert service(slot_step=15).step == 15
