"""Where things go in the day and week grid, decided without painting (no Qt here).

Two layers, both plain functions over plain values so they are tested alone:

* :func:`assign_columns` is the overlap layout: appointments that overlap in time sit side
  by side in sub-columns, the others take the full width of their column.
* :func:`build_grid` turns a :class:`~app.booking.calendar_data.CalendarSnapshot` into the
  columns the grid shows (one per agent in the day view, one per date in the week view),
  with everything converted to *minutes of the local day* of the branch's zone: working,
  free, blocked and busy time, and the placed appointments. The widget then only maps
  minutes to pixels.

Times of day are wall-clock minutes after local midnight (0..1440). On the night clocks
fall back the repeated hour is drawn once; the grid shows the wall clock, as people read it.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from app.booking.calendar_data import CalAppointment, CalendarSnapshot
from app.scheduling.intervals import Intervals, normalize, subtract, union
from app.scheduling.zone import (
    MINUTES_PER_DAY,
    LocalZone,
    date_of_day,
    day_number,
    from_minutes,
    to_minutes,
    zone_for,
)
from app.views.calendar.navigation import ViewMode, visible_range

QUARTER = 15
#: The axis always shows at least this much of the day (08:00-18:00).
MIN_AXIS = (8 * 60, 18 * 60)
#: Room kept above the earliest and below the latest working time.
AXIS_MARGIN = 30


# -- overlap layout -------------------------------------------------------------------


def assign_columns(items: Sequence[tuple[int, int, int]]) -> dict[int, tuple[int, int]]:
    """Sub-column of each ``(id, start, end)`` interval and the width of its overlap cluster.

    Returns ``{id: (index, count)}``: ``count`` is the number of sub-columns the item's
    cluster (the items linked to it by a chain of overlaps) needs, ``index < count`` its
    own. Intervals are half-open, so one ending at 10:00 and one starting at 10:00 do not
    overlap and both get the full width. Each item takes the lowest sub-column free at its
    start, which never uses more sub-columns than the most items overlapping at one time.

    Deterministic: items are taken by start, then longer first, then id. ``O(n log n)``.
    Raises ValueError for an empty or reversed interval or a repeated id.
    """
    order = sorted(items, key=lambda item: (item[1], item[1] - item[2], item[0]))
    placed: dict[int, tuple[int, int]] = {}
    active: list[tuple[int, int]] = []  # heap of (end, sub-column) still running
    free: list[int] = []  # heap of sub-columns of this cluster free again
    cluster: list[int] = []
    width = 0

    def close_cluster() -> None:
        for ident in cluster:
            placed[ident] = (placed[ident][0], width)

    for ident, start, end in order:
        if end <= start:
            raise ValueError(f"item {ident} ends ({end}) at or before it starts ({start})")
        if ident in placed:
            raise ValueError(f"item id {ident} appears twice")
        while active and active[0][0] <= start:
            heapq.heappush(free, heapq.heappop(active)[1])
        if not active:
            close_cluster()
            cluster, free, width = [], [], 0
        if free:
            sub = heapq.heappop(free)
        else:
            sub = width
            width += 1
        heapq.heappush(active, (end, sub))
        cluster.append(ident)
        placed[ident] = (sub, 0)
    close_cluster()
    return placed


# -- small helpers --------------------------------------------------------------------


def floor_quarter(minute: int) -> int:
    """The quarter hour a minute falls in (10:14 -> 10:00)."""
    return minute - minute % QUARTER


def snap_quarter(minute: float) -> int:
    """The nearest quarter hour (10:07 -> 10:00, 10:08 -> 10:15); halves round up."""
    return int((minute + QUARTER / 2) // QUARTER) * QUARTER


def axis_bounds(spans: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """First and last minute of day the time axis shows for these working (and booked)
    spans: a little before the earliest start and after the latest end, on whole hours,
    and never less than 08:00-18:00."""
    low, high = MIN_AXIS
    for start, end in spans:
        low = min(low, start - AXIS_MARGIN)
        high = max(high, end + AXIS_MARGIN)
    low = max(0, low - low % 60)
    high = min(MINUTES_PER_DAY, high + (-high) % 60)
    return low, high


def instant_at(zone: LocalZone, day: date, minute: int) -> datetime:
    """The aware UTC instant of ``minute`` after local midnight of ``day`` in ``zone``."""
    return from_minutes(zone.to_utc(day_number(day) * MINUTES_PER_DAY + minute))


def day_pieces(zone: LocalZone, start: datetime, end: datetime) -> list[tuple[int, int, int]]:
    """``[start, end)`` cut at local midnights: ``(local day number, start, end)`` pieces in
    minutes of that day. An interval shorter than a minute, or one the fall-back night
    turns around on the wall clock, still gets at least one minute."""
    lo = zone.to_local(to_minutes(start))
    hi = zone.to_local(to_minutes(end, round_up=True))
    if hi <= lo:
        hi = lo + 1
    pieces: list[tuple[int, int, int]] = []
    day = lo // MINUTES_PER_DAY
    while day * MINUTES_PER_DAY < hi:
        base = day * MINUTES_PER_DAY
        a, b = max(lo, base) - base, min(hi, base + MINUTES_PER_DAY) - base
        if b > a:
            pieces.append((day, a, b))
        day += 1
    return pieces


# -- the grid model -------------------------------------------------------------------


@dataclass(frozen=True)
class PlacedAppointment:
    """An appointment's piece in one column: minutes of the day and its sub-column."""

    appointment: CalAppointment
    start: int
    end: int
    sub: int
    subs: int

    @property
    def id(self) -> int:
        return self.appointment.id


@dataclass(frozen=True)
class Labelled:
    start: int
    end: int
    label: str


@dataclass
class GridColumn:
    """One column: a date and the agents whose time it shows."""

    day: date
    #: Who a click on free time books with: the column's one agent, else None ("any").
    agent_id: int | None
    #: Agents whose time the column shows (empty for the unassigned column).
    agent_ids: tuple[int, ...]
    #: The column of appointments with no agent yet (day view only).
    unassigned: bool = False
    #: Closed-day reason ("" for a closed weekday), or None on an open day.
    closed: str | None = None
    working: Intervals = field(default_factory=list)
    #: Working time not taken by appointments, blocked or busy time (of at least one agent).
    free: Intervals = field(default_factory=list)
    #: Blocked time where nobody of the column is free, with its reason.
    blocked: list[Labelled] = field(default_factory=list)
    #: External busy time where nobody of the column is free.
    busy: Intervals = field(default_factory=list)
    #: Shown appointments, by start, then sub-column.
    appointments: list[PlacedAppointment] = field(default_factory=list)

    def is_free(self, minute: int) -> bool:
        return any(a <= minute < b for a, b in self.free)

    def appointments_at(self, minute: int) -> list[PlacedAppointment]:
        return [p for p in self.appointments if p.start <= minute < p.end]


@dataclass
class GridModel:
    mode: ViewMode
    tz: str
    columns: list[GridColumn]
    axis_start: int
    axis_end: int
    #: The branch's local date of ``now``, and ``now`` in minutes of that day.
    today: date
    now_minute: int
    #: Names of the agents by id (for labels of multi-agent columns).
    agent_names: dict[int, str] = field(default_factory=dict)

    @property
    def zone(self) -> LocalZone:
        return zone_for(self.tz)

    def placed(self, appointment_id: int) -> list[tuple[int, PlacedAppointment]]:
        """(column index, piece) of an appointment; several if it crosses midnight."""
        return [
            (index, piece)
            for index, column in enumerate(self.columns)
            for piece in column.appointments
            if piece.id == appointment_id
        ]


def _bucket(zone: LocalZone, spans: Iterable[tuple[datetime, datetime]]) -> dict[int, Intervals]:
    out: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for start, end in spans:
        for day, a, b in day_pieces(zone, start, end):
            out[day].append((a, b))
    return {day: normalize(pieces) for day, pieces in out.items()}


def build_grid(
    snapshot: CalendarSnapshot,
    *,
    mode: ViewMode,
    day: date,
    now: datetime,
    agent_filter: set[int] | None = None,
    include: Callable[[CalAppointment], bool] = lambda appointment: True,
    first_weekday: int = 0,
) -> GridModel:
    """The columns of the day view (one per agent, plus one for appointments without an
    agent when the whole team is shown) or the week view (one per date of ``day``'s week,
    with the appointments of the filtered agents), from ``snapshot``.

    ``include`` says which appointments are drawn (the widget leaves cancelled ones out
    unless asked); every blocking appointment takes free time whether drawn or not.
    Dates outside the snapshot's range have no data and show as empty columns.
    """
    if mode not in (ViewMode.DAY, ViewMode.WEEK):
        raise ValueError(f"the time grid shows days and weeks, not {mode.value}")
    zone = zone_for(snapshot.tz)
    local_now = zone.to_local(to_minutes(now))
    today = date_of_day(local_now // MINUTES_PER_DAY)
    agents = [a for a in snapshot.agents if agent_filter is None or a.id in agent_filter]
    agent_ids = tuple(a.id for a in agents)
    names = {a.id: a.name for a in snapshot.agents}

    if mode is ViewMode.DAY:
        days = [day]
    else:
        first, last = visible_range(ViewMode.WEEK, day, first_weekday)
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    wanted_days = {day_number(d) for d in days}

    working = {
        a: _bucket(zone, ((s.start, s.end) for s in snapshot.working.get(a, ()))) for a in agent_ids
    }
    busy = {
        a: _bucket(zone, ((s.start, s.end) for s in snapshot.busy.get(a, ()))) for a in agent_ids
    }
    blocked_raw: dict[tuple[int, int], list[Labelled]] = defaultdict(list)
    for a in agent_ids:
        for span in snapshot.blocked.get(a, ()):
            for d, lo, hi in day_pieces(zone, span.start, span.end):
                if d in wanted_days:
                    blocked_raw[(a, d)].append(Labelled(lo, hi, span.label))
    taken: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    shown: dict[tuple[int | None, int], list[tuple[CalAppointment, int, int]]] = defaultdict(list)
    for appointment in snapshot.appointments:
        if appointment.agent_id is not None and appointment.agent_id not in agent_ids:
            continue
        if appointment.agent_id is None and agent_filter is not None:
            continue
        visible = include(appointment)
        for d, lo, hi in day_pieces(zone, appointment.start, appointment.end):
            if d not in wanted_days:
                continue
            if appointment.blocking and appointment.agent_id is not None:
                taken[(appointment.agent_id, d)].append((lo, hi))
            if visible:
                shown[(appointment.agent_id, d)].append((appointment, lo, hi))

    def agent_free(a: int, d: int) -> Intervals:
        off = normalize(
            [*taken.get((a, d), ()), *((b.start, b.end) for b in blocked_raw.get((a, d), ()))]
        )
        return subtract(subtract(working[a].get(d, []), off), busy[a].get(d, []))

    def make_column(
        d: date,
        members: tuple[int, ...],
        agent_id: int | None,
        unassigned: bool,
        owners: tuple[int | None, ...],
    ) -> GridColumn:
        n = day_number(d)
        column = GridColumn(
            day=d,
            agent_id=agent_id,
            agent_ids=members,
            unassigned=unassigned,
            closed=snapshot.closed_days.get(d),
        )
        free: Intervals = []
        work: Intervals = []
        for a in members:
            work = union(work, working[a].get(n, []))
            free = union(free, agent_free(a, n))
        column.working, column.free = work, free
        many = len(members) > 1
        for a in members:
            for b in blocked_raw.get((a, n), ()):
                label = f"{names[a]}: {b.label}" if many and b.label else b.label
                for lo, hi in subtract([(b.start, b.end)], free):
                    column.blocked.append(Labelled(lo, hi, label))
            column.busy = union(column.busy, subtract(busy[a].get(n, []), free))
        column.blocked.sort(key=lambda b: (b.start, b.end, b.label))
        pieces: list[tuple[CalAppointment, int, int]] = []
        for owner in owners:
            pieces.extend(shown.get((owner, n), ()))
        places = assign_columns([(p[0].id, p[1], p[2]) for p in pieces])
        column.appointments = sorted(
            (PlacedAppointment(p[0], p[1], p[2], *places[p[0].id]) for p in pieces),
            key=lambda p: (p.start, p.sub, p.id),
        )
        return column

    columns: list[GridColumn] = []
    if mode is ViewMode.DAY:
        for a in agent_ids:
            columns.append(make_column(day, (a,), a, False, (a,)))
        if agent_filter is None and shown.get((None, day_number(day))):
            columns.append(make_column(day, (), None, True, (None,)))
    else:
        single = agent_ids[0] if len(agent_ids) == 1 else None
        # Without a filter, appointments not given to an agent yet share their day's column.
        owners: tuple[int | None, ...] = agent_ids if agent_filter else (*agent_ids, None)
        for column_day in days:
            columns.append(make_column(column_day, agent_ids, single, False, owners))

    spans: list[tuple[int, int]] = []
    for column in columns:
        spans.extend(column.working)
        spans.extend((p.start, p.end) for p in column.appointments)
    axis_start, axis_end = axis_bounds(spans)
    return GridModel(
        mode=mode,
        tz=snapshot.tz,
        columns=columns,
        axis_start=axis_start,
        axis_end=axis_end,
        today=today,
        now_minute=local_now % MINUTES_PER_DAY,
        agent_names=names,
    )


__all__ = [
    "QUARTER",
    "GridColumn",
    "GridModel",
    "Labelled",
    "PlacedAppointment",
    "assign_columns",
    "axis_bounds",
    "build_grid",
    "day_pieces",
    "floor_quarter",
    "instant_at",
    "snap_quarter",
]
