"""Assigning an agent: day load, then week load, then round robin, then agent id."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.scheduling.assignment import AgentLoad, choose_agent, loads_by_agent, rank_agents
from tests.scheduling.helpers import at

TZ = "Europe/Berlin"
SLOT = at(TZ, "2026-06-03T10:00")  # a Wednesday


def appointment(start: str, end: str) -> tuple[int, int]:
    return at(TZ, start), at(TZ, end)


def test_fewest_minutes_that_day_wins_over_the_week() -> None:
    loads = loads_by_agent(
        [
            AgentLoad(1, booked=(appointment("2026-06-03T08:00", "2026-06-03T09:00"),)),
            AgentLoad(
                2,
                booked=(
                    appointment("2026-06-03T14:00", "2026-06-03T14:30"),
                    appointment("2026-06-01T09:00", "2026-06-01T17:00"),
                ),
            ),
        ]
    )
    assert rank_agents([1, 2], loads, SLOT, TZ) == [2, 1]


def test_week_breaks_a_tie_on_the_day_and_only_this_week_counts() -> None:
    loads = loads_by_agent(
        [
            # Monday of this week: 60 minutes.
            AgentLoad(1, booked=(appointment("2026-06-01T09:00", "2026-06-01T10:00"),)),
            # Sunday of last week and Monday of next week: outside this week.
            AgentLoad(
                2,
                booked=(
                    appointment("2026-05-31T09:00", "2026-05-31T17:00"),
                    appointment("2026-06-08T09:00", "2026-06-08T17:00"),
                    appointment("2026-06-07T23:30", "2026-06-08T00:30"),  # 30 min this Sunday
                ),
            ),
        ]
    )
    assert rank_agents([1, 2], loads, SLOT, TZ) == [2, 1]


def test_round_robin_never_assigned_first_then_oldest_then_id() -> None:
    loads = loads_by_agent(
        [
            AgentLoad(5, last_assigned_at=at(TZ, "2026-06-02T09:00")),
            AgentLoad(3, last_assigned_at=at(TZ, "2026-06-01T09:00")),
            AgentLoad(4, last_assigned_at=None),
            AgentLoad(7, last_assigned_at=at(TZ, "2026-06-01T09:00")),
        ]
    )
    # Agent 2 has no entry at all: nothing booked, never assigned.
    assert rank_agents([7, 5, 4, 3, 2], loads, SLOT, TZ) == [2, 4, 3, 7, 5]
    assert choose_agent([7, 5, 3], loads, SLOT, TZ) == 3


def test_day_boundaries_are_local() -> None:
    # 01:00-02:00 in Berlin is still the previous day in UTC: it must count on June 3rd.
    small_hours = appointment("2026-06-03T01:00", "2026-06-03T02:00")
    morning = appointment("2026-06-03T09:00", "2026-06-03T09:30")
    loads = loads_by_agent([AgentLoad(1, booked=(morning,)), AgentLoad(2, booked=(small_hours,))])
    assert rank_agents([1, 2], loads, SLOT, TZ) == [1, 2]
    # Across midnight, only the part on the slot's day counts (30 of 60 minutes).
    night = appointment("2026-06-02T23:30", "2026-06-03T00:30")
    early = appointment("2026-06-03T07:00", "2026-06-03T07:45")
    loads = loads_by_agent([AgentLoad(1, booked=(early,)), AgentLoad(2, booked=(night,))])
    assert rank_agents([1, 2], loads, SLOT, TZ) == [2, 1]


def test_choose_agent_without_candidates_is_an_error() -> None:
    with pytest.raises(ValueError, match="no agent"):
        choose_agent([], {}, SLOT, TZ)


def test_duplicate_candidates_count_once() -> None:
    assert rank_agents([2, 2, 1], {}, SLOT, TZ) == [1, 2]


@settings(max_examples=100)
@given(
    st.dictionaries(
        st.integers(1, 20),
        st.tuples(
            st.lists(st.tuples(st.integers(-8 * 1440, 8 * 1440), st.integers(15, 240)), max_size=4),
            st.one_of(st.none(), st.integers(0, 1000)),
        ),
        min_size=1,
        max_size=6,
    ),
    st.permutations(list(range(6))),
)
def test_choice_is_deterministic_and_order_free(
    raw: dict[int, tuple[list[tuple[int, int]], int | None]], order: list[int]
) -> None:
    loads = {
        agent_id: AgentLoad(
            agent_id,
            booked=tuple((SLOT + offset, SLOT + offset + length) for offset, length in booked),
            last_assigned_at=last,
        )
        for agent_id, (booked, last) in raw.items()
    }
    ids = sorted(loads)
    shuffled = [ids[i] for i in order if i < len(ids)]
    ranked = rank_agents(ids, loads, SLOT, TZ)
    assert rank_agents(shuffled, loads, SLOT, TZ) == ranked
    assert sorted(ranked) == ids
    assert choose_agent(reversed(ids), loads, SLOT, TZ) == ranked[0]
