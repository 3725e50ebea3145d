"""The calendar grid's layout without painting: overlap columns, the axis, the columns of
the day and week views built from a hand-made snapshot."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.booking.calendar_data import (
    CalAgent,
    CalAppointment,
    CalendarSnapshot,
    CalService,
    Span,
)
from app.scheduling.zone import zone_for
from app.views.calendar.layout import (
    assign_columns,
    axis_bounds,
    build_grid,
    day_pieces,
    floor_quarter,
    instant_at,
    snap_quarter,
)
from app.views.calendar.navigation import ViewMode

TZ = "America/Toronto"
TORONTO = ZoneInfo(TZ)
MONDAY = date(2026, 11, 23)
ALICE, BOB, CARLA = 1, 2, 3
MORTGAGE, ACCOUNT, NOTARY = 10, 11, 12
#: Monday 23 November 2026, 08:00 in Toronto: all of Monday's working time lies ahead.
EARLY = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)
STATUSES: dict[str, tuple[str, str, str | None]] = {
    "pending": ("Pending", "#f9a825", "start"),
    "confirmed": ("Confirmed", "#2e7d32", "confirmation"),
    "cancelled": ("Cancelled", "#9e9e9e", "cancellation"),
    "noshow": ("No-show", "#c62828", None),
    "completed": ("Completed", "#546e7a", None),
}


def at(day: date, hhmm: str) -> datetime:
    """Toronto wall-clock time on ``day`` as an aware UTC datetime."""
    wall = datetime.combine(day, time.fromisoformat(hhmm), TORONTO)
    return wall.astimezone(UTC)


def appt(
    ident: int,
    agent: int | None,
    day: date,
    start: str,
    end: str,
    *,
    service: int = MORTGAGE,
    status: str = "confirmed",
    customer: str | None = None,
    notes: str | None = None,
) -> CalAppointment:
    name, _color, predicate = STATUSES[status]
    return CalAppointment(
        id=ident,
        start=at(day, start),
        end=at(day, end),
        agent_id=agent,
        service_id=service,
        customer_id=100 + ident,
        customer_name=customer or f"Customer {ident}",
        customer_phone=f"+1416555{ident:04d}",
        status_key=status,
        status_name=name,
        status_predicate=predicate,
        blocking=status not in ("cancelled", "noshow"),
        source="desk",
        notes=notes,
        version=1,
    )


def sample_snapshot(
    appointments: list[CalAppointment] | None = None,
) -> CalendarSnapshot:
    """The week of Monday 23 November 2026 at a three-agent branch, Sunday closed.

    Monday: Alice 09:00-10:00 (confirmed, #1) and 09:30-10:30 (pending, #2) overlap; Bob
    10:00-10:30 cancelled (#3), 11:00-12:00 no-show (#4), busy 15:00-16:00 elsewhere;
    Carla 09:00-09:30 completed (#5), blocked 13:00-14:00 for training; an appointment
    without agent 14:00-14:30 (#6). Tuesday: Alice 10:00-11:00 (#7).
    """
    week = [MONDAY + timedelta(days=i) for i in range(6)]
    working = {
        ALICE: [
            Span(at(d, a), at(d, b))
            for d in week
            for a, b in (("09:00", "12:00"), ("13:00", "17:00"))
        ],
        BOB: [Span(at(d, "10:00"), at(d, "18:00")) for d in week],
        CARLA: [Span(at(d, "08:30"), at(d, "16:30")) for d in week],
    }
    if appointments is None:
        appointments = [
            appt(1, ALICE, MONDAY, "09:00", "10:00", customer="Ann Smith", notes="Bring ID"),
            appt(2, ALICE, MONDAY, "09:30", "10:30", status="pending", customer="Ben Roy"),
            appt(3, BOB, MONDAY, "10:00", "10:30", service=ACCOUNT, status="cancelled"),
            appt(4, BOB, MONDAY, "11:00", "12:00", status="noshow", customer="Dan Lee"),
            appt(5, CARLA, MONDAY, "09:00", "09:30", service=ACCOUNT, status="completed"),
            appt(6, None, MONDAY, "14:00", "14:30", service=ACCOUNT),
            appt(7, ALICE, MONDAY + timedelta(days=1), "10:00", "11:00"),
        ]
    return CalendarSnapshot(
        branch_id=1,
        branch_name="Riverside",
        tz=TZ,
        first=MONDAY,
        last=MONDAY + timedelta(days=6),
        agents=[
            CalAgent(ALICE, "Alice Martin", "#1565c0"),
            CalAgent(BOB, "Bob Chen", "#2e7d32"),
            CalAgent(CARLA, "Carla Diaz", "#6a1b9a"),
        ],
        services={
            MORTGAGE: CalService(MORTGAGE, "Mortgage consultation", "#e65100", 60),
            ACCOUNT: CalService(ACCOUNT, "Account opening", "#2e7d32", 30),
            NOTARY: CalService(NOTARY, "Notary", "#6a1b9a", 45),
        },
        appointments=sorted(appointments, key=lambda a: (a.start, a.id)),
        working=working,
        blocked={CARLA: [Span(at(MONDAY, "13:00"), at(MONDAY, "14:00"), "Training")]},
        busy={BOB: [Span(at(MONDAY, "15:00"), at(MONDAY, "16:00"))]},
        closed_days={MONDAY + timedelta(days=6): ""},
        statuses=STATUSES,
    )


def not_cancelled(a: CalAppointment) -> bool:
    return a.status_predicate != "cancellation"


def minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


# -- assign_columns -------------------------------------------------------------------


def test_no_items_no_columns() -> None:
    assert assign_columns([]) == {}


def test_touching_intervals_do_not_overlap() -> None:
    assert assign_columns([(1, 600, 660), (2, 660, 720)]) == {1: (0, 1), 2: (0, 1)}


def test_overlapping_pair_side_by_side() -> None:
    assert assign_columns([(1, 600, 660), (2, 630, 690)]) == {1: (0, 2), 2: (1, 2)}


def test_chain_shares_one_cluster_and_reuses_a_freed_column() -> None:
    # 1 overlaps 2, 2 overlaps 3, 1 and 3 do not: two sub-columns for all three.
    placed = assign_columns([(3, 12, 20), (1, 0, 10), (2, 5, 15)])
    assert placed == {1: (0, 2), 2: (1, 2), 3: (0, 2)}


def test_nested_items() -> None:
    placed = assign_columns([(1, 0, 100), (2, 10, 20), (3, 30, 40), (4, 35, 45)])
    assert placed == {1: (0, 3), 2: (1, 3), 3: (1, 3), 4: (2, 3)}


def test_many_at_once_ordered_by_length_then_id() -> None:
    items = [(5, 0, 30), (4, 0, 30), (3, 0, 60), (2, 0, 30), (1, 0, 30)]
    placed = assign_columns(items)
    assert placed[3] == (0, 5)  # longest first
    assert [placed[i][0] for i in (1, 2, 4, 5)] == [1, 2, 3, 4]
    assert {count for _index, count in placed.values()} == {5}


def test_separate_clusters_have_their_own_width() -> None:
    placed = assign_columns([(1, 0, 10), (2, 0, 10), (3, 0, 10), (4, 20, 30)])
    assert placed[4] == (0, 1)
    assert {placed[i][1] for i in (1, 2, 3)} == {3}


def test_bad_items_are_refused() -> None:
    with pytest.raises(ValueError, match="ends"):
        assign_columns([(1, 10, 10)])
    with pytest.raises(ValueError, match="twice"):
        assign_columns([(1, 0, 10), (1, 20, 30)])


intervals = st.lists(
    st.tuples(st.integers(0, 200), st.integers(1, 60)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(intervals, st.randoms(use_true_random=False))
def test_property_overlaps_never_share_a_column(spans: list[tuple[int, int]], rnd: object) -> None:
    items = [(i, a, b) for i, (a, b) in enumerate(spans)]
    placed = assign_columns(items)
    assert set(placed) == {i for i, _a, _b in items}
    for index, count in placed.values():
        assert 0 <= index < count
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for i, a1, b1 in items:
        for j, a2, b2 in items:
            if i < j and a1 < b2 and a2 < b1:
                assert placed[i][0] != placed[j][0]
                parent[find(i)] = find(j)
    # A cluster (items linked by overlaps) has one width: the most items running at one
    # moment in it, so no sub-column is wasted.
    clusters: dict[int, list[tuple[int, int, int]]] = {}
    for item in items:
        clusters.setdefault(find(item[0]), []).append(item)
    for members in clusters.values():
        depth = max(sum(1 for _k, a, b in members if a <= s < b) for _k, s, _e in members)
        assert {placed[k][1] for k, _a, _b in members} == {depth}
    # Deterministic whatever the input order.
    shuffled = list(items)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert assign_columns(shuffled) == placed


# -- small helpers --------------------------------------------------------------------


def test_quarters() -> None:
    assert floor_quarter(minutes("10:14")) == minutes("10:00")
    assert floor_quarter(minutes("10:15")) == minutes("10:15")
    assert snap_quarter(minutes("10:07")) == minutes("10:00")
    assert snap_quarter(minutes("10:08")) == minutes("10:15")
    assert snap_quarter(minutes("10:07") + 0.5) == minutes("10:15")


def test_axis_bounds() -> None:
    assert axis_bounds([]) == (minutes("08:00"), minutes("18:00"))
    assert axis_bounds([(minutes("09:00"), minutes("17:00"))]) == (480, 1080)
    assert axis_bounds([(minutes("07:10"), minutes("18:15"))]) == (minutes("06:00"), 1140)
    assert axis_bounds([(10, 1430)]) == (0, 1440)


def test_day_pieces_cut_at_local_midnight() -> None:
    zone = zone_for(TZ)
    start, end = at(MONDAY, "22:00"), at(MONDAY + timedelta(days=1), "01:30")
    pieces = day_pieces(zone, start, end)
    assert [(p[1], p[2]) for p in pieces] == [(minutes("22:00"), 1440), (0, minutes("01:30"))]
    assert pieces[1][0] == pieces[0][0] + 1


def test_instant_at_follows_the_zone_across_daylight_saving() -> None:
    zone = zone_for(TZ)
    assert instant_at(zone, date(2026, 7, 6), 9 * 60) == datetime(2026, 7, 6, 13, 0, tzinfo=UTC)
    assert instant_at(zone, MONDAY, 9 * 60) == datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    # 08 March 2026 springs forward at 02:00; 09:00 that day is already daylight time.
    assert instant_at(zone, date(2026, 3, 8), 9 * 60) == datetime(2026, 3, 8, 13, 0, tzinfo=UTC)


# -- build_grid -----------------------------------------------------------------------


def test_day_view_has_a_column_per_agent_and_one_for_unassigned() -> None:
    grid = build_grid(
        sample_snapshot(), mode=ViewMode.DAY, day=MONDAY, now=EARLY, include=not_cancelled
    )
    assert [(c.agent_id, c.unassigned) for c in grid.columns] == [
        (ALICE, False),
        (BOB, False),
        (CARLA, False),
        (None, True),
    ]
    alice, bob, carla, nobody = grid.columns
    assert [(p.id, p.sub, p.subs) for p in alice.appointments] == [(1, 0, 2), (2, 1, 2)]
    assert [p.id for p in bob.appointments] == [4]  # the cancelled one is left out
    assert [p.id for p in nobody.appointments] == [6]
    assert (grid.axis_start, grid.axis_end) == (minutes("08:00"), minutes("19:00"))
    assert grid.today == MONDAY
    assert grid.now_minute == minutes("08:00")
    # Free time: working minus blocking appointments, blocked and busy time.
    assert alice.free == [(minutes("10:30"), minutes("12:00")), (minutes("13:00"), 1020)]
    # The cancelled appointment and the no-show take no time; the busy hour does.
    assert bob.free == [(600, minutes("15:00")), (minutes("16:00"), minutes("18:00"))]
    assert bob.busy == [(minutes("15:00"), minutes("16:00"))]
    assert [(b.start, b.end, b.label) for b in carla.blocked] == [(780, 840, "Training")]
    assert carla.free == [
        (minutes("08:30"), minutes("09:00")),
        (minutes("09:30"), 780),
        (840, minutes("16:30")),
    ]
    assert nobody.free == []
    assert nobody.agent_id is None


def test_day_view_for_one_agent() -> None:
    grid = build_grid(
        sample_snapshot(), mode=ViewMode.DAY, day=MONDAY, now=EARLY, agent_filter={BOB}
    )
    assert [c.agent_id for c in grid.columns] == [BOB]
    assert [p.id for p in grid.columns[0].appointments] == [3, 4]  # include: everything


def test_week_view_has_a_column_per_date_of_the_week() -> None:
    snapshot = sample_snapshot()
    grid = build_grid(snapshot, mode=ViewMode.WEEK, day=MONDAY + timedelta(days=2), now=EARLY)
    assert [c.day for c in grid.columns] == [MONDAY + timedelta(days=i) for i in range(7)]
    monday, tuesday = grid.columns[0], grid.columns[1]
    assert monday.agent_id is None
    assert monday.agent_ids == (ALICE, BOB, CARLA)
    assert {p.id for p in monday.appointments} == {1, 2, 3, 4, 5, 6}
    assert [p.id for p in tuesday.appointments] == [7]
    assert grid.columns[6].closed == ""
    assert grid.columns[6].working == []
    # Someone is free while Carla trains, so the training is not painted over the column.
    assert monday.blocked == []
    # Weeks starting on Sunday (as in Canadian English) show Sunday first.
    sunday_first = build_grid(snapshot, mode=ViewMode.WEEK, day=MONDAY, now=EARLY, first_weekday=6)
    assert sunday_first.columns[0].day == MONDAY - timedelta(days=1)


def test_week_view_of_one_agent_books_with_that_agent() -> None:
    grid = build_grid(
        sample_snapshot(), mode=ViewMode.WEEK, day=MONDAY, now=EARLY, agent_filter={CARLA}
    )
    monday = grid.columns[0]
    assert monday.agent_id == CARLA
    assert [p.id for p in monday.appointments] == [5]
    assert [(b.start, b.label) for b in monday.blocked] == [(780, "Training")]


def test_blocked_time_is_labelled_with_the_agent_when_nobody_is_free() -> None:
    snapshot = sample_snapshot()
    grid = build_grid(
        snapshot, mode=ViewMode.WEEK, day=MONDAY, now=EARLY, agent_filter={ALICE, CARLA}
    )
    monday = grid.columns[0]
    # Alice lunches 12:00-13:00 and Carla trains 13:00-14:00, while Alice works from 13:00:
    # no minute where both are away, so no blocked band.
    assert monday.blocked == []
    only_training = build_grid(
        sample_snapshot(
            [appt(8, ALICE, MONDAY, "13:00", "14:00"), appt(9, BOB, MONDAY, "13:00", "14:00")]
        ),
        mode=ViewMode.WEEK,
        day=MONDAY,
        now=EARLY,
        agent_filter={ALICE, CARLA},
    )
    labels = [(b.start, b.end, b.label) for b in only_training.columns[0].blocked]
    assert labels == [(780, 840, "Carla Diaz: Training")]


def test_axis_grows_for_appointments_outside_working_hours() -> None:
    snapshot = sample_snapshot([appt(1, ALICE, MONDAY, "06:45", "07:15")])
    grid = build_grid(snapshot, mode=ViewMode.DAY, day=MONDAY, now=EARLY)
    assert grid.axis_start == minutes("06:00")


def test_placed_finds_every_piece() -> None:
    snapshot = sample_snapshot([appt(1, ALICE, MONDAY, "09:00", "10:00")])
    grid = build_grid(snapshot, mode=ViewMode.WEEK, day=MONDAY, now=EARLY)
    assert [(i, p.start) for i, p in grid.placed(1)] == [(0, minutes("09:00"))]
    assert grid.placed(99) == []


def test_month_mode_is_not_a_grid() -> None:
    with pytest.raises(ValueError, match="month"):
        build_grid(sample_snapshot(), mode=ViewMode.MONTH, day=MONDAY, now=EARLY)


def test_columns_are_in_order_and_pieces_sorted() -> None:
    grid = build_grid(sample_snapshot(), mode=ViewMode.WEEK, day=MONDAY, now=EARLY)
    for column in grid.columns:
        keys = [(p.start, p.sub, p.id) for p in column.appointments]
        assert keys == sorted(keys)
    assert all(a.day < b.day for a, b in pairwise(grid.columns))
