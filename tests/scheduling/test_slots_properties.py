"""Random schedules checked against a brute-force model that works minute by minute.

The model takes the open windows from the recurrence functions (tested on their own) and
then does everything else the slow, obvious way: a set of free minutes, closed days looked
up with zoneinfo minute by minute, every grid point tried one at a time. The engine must
offer exactly the starts the model finds, and every offered slot must keep clear of busy
and blocked time (buffers included), respect the lead times and lie in open time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from app.scheduling.intervals import Interval
from app.scheduling.recurrence import (
    DateRange,
    RepeatingPeriod,
    WeeklySegment,
    period_windows,
    segment_windows,
)
from app.scheduling.slots import (
    AgentSchedule,
    BranchRules,
    ServiceRules,
    SlotQuery,
    agent_slots,
    aggregate_slots,
    next_free_slot,
    slots_by_agent,
)
from app.scheduling.zone import zone_for

DAY = 1440
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SERVICE_ID = 1

zones = st.sampled_from(["UTC", "America/Toronto", "Europe/Berlin", "Australia/Sydney"])
# Ordinary weeks and the weeks of daylight-saving changes in the zones above.
first_days = st.sampled_from(
    [
        date(2026, 6, 1),
        date(2026, 3, 7),
        date(2026, 3, 28),
        date(2026, 10, 24),
        date(2026, 10, 31),
        date(2026, 4, 4),
        date(2026, 10, 3),
    ]
)
# Small steps put a grid point on nearly every minute, so an off-by-one at any bound shows.
steps = st.one_of(st.integers(1, 3), st.integers(5, 90))
service_sets = st.sampled_from([None, None, None, frozenset({SERVICE_ID}), frozenset({2})])


@st.composite
def segments(draw: st.DrawFn) -> WeeklySegment:
    start = draw(st.integers(0, 90)) * 15
    end = min(96, start // 15 + draw(st.integers(1, 48))) * 15
    days = (
        draw(st.sampled_from([127, 127, 31, 96]))
        if draw(st.booleans())
        else draw(st.integers(1, 127))
    )
    return WeeklySegment(days, start, end, draw(service_sets))


@st.composite
def periods(draw: st.DrawFn, first: date) -> RepeatingPeriod:
    day = first - timedelta(days=draw(st.integers(-2, 900)))
    start = datetime.combine(day, datetime.min.time()) + timedelta(
        minutes=draw(st.integers(0, 95)) * 15
    )
    rule = draw(
        st.sampled_from(
            [
                None,
                "FREQ=DAILY",
                "FREQ=DAILY;INTERVAL=2",
                "FREQ=WEEKLY;BYDAY=MO,TH,SA",
                "FREQ=WEEKLY;COUNT=200",
            ]
        )
    )
    exdates = frozenset(draw(st.lists(st.dates(first, first + timedelta(days=3)), max_size=1)))
    return RepeatingPeriod(
        start,
        start + timedelta(minutes=draw(st.integers(2, 40)) * 15),
        rule,
        exdates,
        draw(st.sampled_from([None, SERVICE_ID, 2])),
        draw(st.one_of(st.none(), steps)),
    )


def spans(draw: st.DrawFn, origin: int, max_size: int) -> tuple[Interval, ...]:
    pieces = draw(
        st.lists(st.tuples(st.integers(-DAY, 4 * DAY), st.integers(1, 180)), max_size=max_size)
    )
    return tuple((origin + offset, origin + offset + length) for offset, length in pieces)


@dataclass(frozen=True)
class Case:
    branch: BranchRules
    service: ServiceRules
    agents: tuple[AgentSchedule, ...]
    query: SlotQuery


@st.composite
def cases(draw: st.DrawFn, max_agents: int = 1) -> Case:
    tz = draw(zones)
    first = draw(first_days)
    zone = zone_for(tz)
    start, end = zone.dates_window(first, first + timedelta(days=2))
    closure_days = st.dates(first - timedelta(days=1), first + timedelta(days=3))
    rare_closures: st.SearchStrategy[list[date]] = st.one_of(
        st.just([]), st.just([]), st.lists(closure_days, max_size=1)
    )
    branch = BranchRules(
        tz,
        closed_weekdays=draw(st.sampled_from([0, 0, 0, 1 << 6, 1 << 2])),
        closures=tuple(DateRange(d, d) for d in draw(rare_closures)),
    )
    min_lead = draw(st.sampled_from([0, 0, 60, DAY]))
    mode = draw(st.sampled_from(["agents", "agents", "agents", "agents+service"]))
    service = ServiceRules(
        SERVICE_ID,
        duration=draw(st.integers(1, 12)) * 5,
        buffer_before=draw(st.sampled_from([0, 0, 5, 10, 30])),
        buffer_after=draw(st.sampled_from([0, 0, 5, 15])),
        slot_step=draw(st.one_of(st.none(), steps)),
        min_lead=min_lead,
        max_lead=min_lead + draw(st.integers(DAY, 5 * DAY)),
        availability_mode=mode,
        own_hours=tuple(draw(st.lists(segments(), min_size=1, max_size=2)))
        if mode != "agents"
        else (),
        closures=tuple(DateRange(d, d) for d in draw(rare_closures)),
    )
    agents = []
    for agent_id in range(1, draw(st.integers(1, max_agents)) + 1):
        agents.append(
            AgentSchedule(
                agent_id,
                segments=tuple(draw(st.lists(segments(), min_size=1, max_size=3))),
                periods=tuple(draw(st.lists(periods(first), max_size=2))),
                closures=tuple(DateRange(d, d + timedelta(days=1)) for d in draw(rare_closures)),
                blocked=spans(draw, start, 2),
                busy=spans(draw, start, 6),
            )
        )
    now = start + draw(st.integers(-2 * DAY, DAY))
    earliest = draw(st.one_of(st.none(), st.integers(start - DAY, end)))
    query = SlotQuery(
        start + draw(st.integers(0, DAY)),
        end - draw(st.integers(0, DAY)),
        now,
        earliest,
        draw(st.sampled_from([0.0, 0.5, 1.0])),
    )
    return Case(branch, service, tuple(agents), query)


def model_starts(
    case: Case, agent: AgentSchedule
) -> tuple[set[int], set[int], list[tuple[int, int, int]]]:
    """(offered starts, free minutes, windows) the slow way."""
    branch, service, query = case.branch, case.service, case.query
    zone = zone_for(branch.tz)
    tz = ZoneInfo(branch.tz)
    low, high = query.start - 3 * DAY, query.end + 3 * DAY
    step = service.slot_step or service.buffer_before + service.duration + service.buffer_after
    windows = [
        (s, e, step)
        for segment in agent.segments
        if segment.services is None or SERVICE_ID in segment.services
        for s, e in segment_windows([segment], zone, low, high)
    ]
    for period in agent.periods:
        if period.service_id in (None, SERVICE_ID):
            windows += [
                (s, e, period.slot_step or step) for s, e in period_windows(period, zone, low, high)
            ]
    minutes = {m for s, e, _ in windows for m in range(s, e)}
    taken = {m for s, e in (*agent.busy, *agent.blocked) for m in range(s, e)}
    hours = None
    if service.availability_mode == "agents+service":
        hours = {
            m for s, e in segment_windows(service.own_hours, zone, low, high) for m in range(s, e)
        }

    def closed(minute: int) -> bool:
        day = (EPOCH + timedelta(minutes=minute)).astimezone(tz).date()
        if branch.closed_weekdays & (1 << day.weekday()):
            return True
        ranges = (*branch.closures, *service.closures, *agent.closures)
        return any(r.first <= day <= r.last for r in ranges)

    free = {m for m in minutes - taken if not closed(m) and (hours is None or m in hours)}
    lowest = max(query.start, query.now + service.min_lead, query.earliest or query.start)
    highest = min(query.end - 1, query.now + service.max_lead)
    length = service.buffer_before + service.duration + service.buffer_after
    offered = set()
    for origin, window_end, window_step in windows:
        for block in range(origin, window_end, window_step):
            start = block + service.buffer_before
            if lowest <= start <= highest and all(m in free for m in range(block, block + length)):
                offered.add(start)
    return offered, free, windows


@settings(max_examples=120, deadline=None)
@given(cases())
def test_agent_slots_equal_the_minute_model(case: Case) -> None:
    agent = case.agents[0]
    slots = agent_slots(case.branch, case.service, agent, case.query)
    offered, free, windows = model_starts(case, agent)
    assert [slot.start for slot in slots] == sorted(offered)

    service, query = case.service, case.query
    busy = [*agent.busy, *agent.blocked]
    for slot in slots:
        block = (slot.start - service.buffer_before, slot.end + service.buffer_after)
        assert slot.end - slot.start == service.duration
        # No overlap with busy or blocked time, buffers included.
        assert all(block[1] <= s or e <= block[0] for s, e in busy)
        # Lead times (inclusive), earliest start and the query window.
        assert query.now + service.min_lead <= slot.start <= query.now + service.max_lead
        assert query.earliest is None or slot.start >= query.earliest
        assert query.start <= slot.start < query.end
        # Inside open time.
        assert all(m in free for m in range(*block))
        # On the grid of a window in which its block begins.
        assert any(o <= block[0] < e and (block[0] - o) % step == 0 for o, e, step in windows)


@settings(max_examples=40, deadline=None)
@given(cases(max_agents=3))
def test_aggregate_and_next_free_slot_agree_with_per_agent_slots(case: Case) -> None:
    per_agent = slots_by_agent(case.branch, case.service, case.agents, case.query)
    expected: dict[int, list[int]] = {}
    for agent_id, slots in per_agent.items():
        for slot in slots:
            expected.setdefault(slot.start, []).append(agent_id)
    share = case.query.min_share
    aggregated = aggregate_slots(case.branch, case.service, case.agents, case.query)
    assert [(s.start, list(s.agent_ids)) for s in aggregated] == [
        (start, sorted(ids))
        for start, ids in sorted(expected.items())
        if len(ids) / len(case.agents) >= share
    ]

    # The growing search finds the same first slot as one pass over the whole lead.
    now, service = case.query.now, case.service
    whole = SlotQuery(now, now + service.max_lead + 1, now, case.query.earliest, share)
    everything = aggregate_slots(case.branch, service, case.agents, whole)
    found = next_free_slot(
        case.branch, service, case.agents, now=now, earliest=case.query.earliest, min_share=share
    )
    assert found == (everything[0] if everything else None)
    one = next_free_slot(
        case.branch, service, case.agents, now=now, earliest=case.query.earliest, agent_id=1
    )
    mine = agent_slots(case.branch, service, case.agents[0], whole)
    assert one == (mine[0] if mine else None)


@settings(max_examples=60, deadline=None)
@given(cases(), st.data())
def test_lead_and_earliest_bounds_are_inclusive_at_any_offered_slot(
    case: Case, data: st.DataObject
) -> None:
    """Put each bound exactly on an offered start: it stays; one minute further, it goes."""
    agent = case.agents[0]
    query = replace(case.query, now=case.query.start - 1, earliest=None)
    loose = replace(case.service, min_lead=0, max_lead=30 * DAY)
    offered = [slot.start for slot in agent_slots(case.branch, loose, agent, query)]
    if not offered:
        return
    chosen = data.draw(st.sampled_from(offered))
    lead = chosen - query.now

    def starts(service: ServiceRules, earliest: int | None = None) -> list[int]:
        bounded = replace(query, earliest=earliest)
        return [slot.start for slot in agent_slots(case.branch, service, agent, bounded)]

    assert starts(replace(loose, max_lead=lead)) == [t for t in offered if t <= chosen]
    assert starts(replace(loose, max_lead=lead - 1)) == [t for t in offered if t < chosen]
    assert starts(replace(loose, min_lead=lead)) == [t for t in offered if t >= chosen]
    assert starts(replace(loose, min_lead=lead + 1)) == [t for t in offered if t > chosen]
    assert starts(loose, earliest=chosen) == [t for t in offered if t >= chosen]
    assert starts(loose, earliest=chosen + 1) == [t for t in offered if t > chosen]
