"""Speed of the pure scheduling engine on generated data, without any database.

Run: ``.venv/bin/python -m benchmarks.bench_scheduling_engine [--quick]``

The data is generated from a fixed seed as plain engine inputs (what the database layer
would hand over): 50 agents, 10 services, weekly hours, 200 repeating periods whose DTSTART
lies 2 to 8 years back (a fifth of them with COUNT), 20,000 busy intervals (appointments)
and 5,000 external busy intervals over 30 days before to 150 days after "now", in
America/Toronto. Each agent's whole busy list is passed to every query (the database
layer would pass only the window's), so the engine's filtering is part of the figures.

Timed over many runs with "now" moved around a fortnight (nights and weekends included):

* one service + one agent, 30 local days of slots;
* the next free slot of a 20-agent service ("any agent");
* all 50 agents of a service x 90 local days, aggregated;

each on the 1x data and on two kinds of 4x data: "4x agents" (200 agents, 800 periods,
80,000 + 20,000 busy intervals) and "4x per agent" (the same 50 agents with 4x the periods
and 4x the busy intervals over a 4x longer history and future, so days are no fuller).

Columns: wall-clock p50 and p95 of warm runs (the engine's caches of parsed rules, rule
occurrences and zone days kept, as in a running desk), CPU-time p50 of the same runs (the
machine may be shared; CPU time is what the engine itself costs), and wall-clock p50 of
cold runs (caches cleared before each run). Growth compares CPU p50. The goals (20 ms,
30 ms, 500 ms, 4x data within 6x time) include loading from the database, done elsewhere;
this script asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from app.scheduling import recurrence
from app.scheduling.days import mask_from_codes
from app.scheduling.recurrence import DateRange, RepeatingPeriod, WeeklySegment
from app.scheduling.slots import (
    AgentSchedule,
    BranchRules,
    ServiceRules,
    SlotQuery,
    agent_slots,
    aggregate_slots,
    next_free_slot,
)
from app.scheduling.zone import to_minutes, zone_for

TZ = "America/Toronto"
SEED = 20260601
NOW = to_minutes(datetime(2026, 6, 1, 13, 0, tzinfo=UTC))  # Monday 09:00 in Toronto
DAY = 1440

RULES = [
    "FREQ=WEEKLY;BYDAY=SA",
    "FREQ=DAILY;INTERVAL=2",
    "FREQ=MONTHLY;BYDAY=1MO,3WE",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=YEARLY;BYMONTH=6,12;BYDAY=2FR",
    "FREQ=DAILY;COUNT=3000",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20301231T000000",
    "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
    "FREQ=WEEKLY;COUNT=600;BYDAY=SA",
]


@dataclass(frozen=True)
class Dataset:
    branch: BranchRules
    services: tuple[ServiceRules, ...]
    agents: dict[int, AgentSchedule]
    #: service id -> ids of its agents
    staff: dict[int, tuple[int, ...]]

    def team(self, service_id: int) -> list[AgentSchedule]:
        return [self.agents[agent_id] for agent_id in self.staff[service_id]]


def generate(agents: int = 50, density: int = 1, seed: int = SEED) -> Dataset:
    """``agents`` agents with ``density`` x (4 periods, 400 busy, 100 external) each."""
    rng = random.Random(seed)
    zone = zone_for(TZ)
    weekdays = mask_from_codes(["mon", "tue", "wed", "thu", "fri"])
    today = date(2026, 6, 1)
    holidays = tuple(
        DateRange(d, d)
        for d in sorted({today + timedelta(days=rng.randrange(-30, 150)) for _ in range(10)})
    )
    branch = BranchRules(TZ, closed_weekdays=mask_from_codes(["sun"]), closures=holidays)

    service_ids = list(range(1, 11))
    services = []
    for service_id in service_ids:
        mode = "agents+service" if service_id == 7 else "agents"
        services.append(
            ServiceRules(
                service_id,
                duration=rng.choice([20, 30, 45, 60, 90]),
                buffer_before=rng.choice([0, 0, 5, 10]),
                buffer_after=rng.choice([0, 5, 10, 15]),
                slot_step=rng.choice([None, None, 15, 30]),
                min_lead=0 if service_id in (1, 2) else rng.choice([0, 60, DAY]),
                max_lead=120 * DAY,
                availability_mode=mode,
                own_hours=(WeeklySegment(weekdays, 10 * 60, 16 * 60),) if mode != "agents" else (),
                closures=(DateRange(today + timedelta(days=40), today + timedelta(days=44)),)
                if service_id == 3
                else (),
            )
        )
    agent_ids = list(range(1, agents + 1))
    staff: dict[int, tuple[int, ...]] = {1: tuple(agent_ids)}  # every agent gives service 1
    staff[2] = tuple(sorted(rng.sample(agent_ids, min(20, agents))))
    for service_id in service_ids[2:]:
        staff[service_id] = tuple(sorted(rng.sample(agent_ids, rng.randint(5, min(25, agents)))))
    gives: dict[int, list[int]] = {agent_id: [] for agent_id in agent_ids}
    for service_id, members in staff.items():
        for agent_id in members:
            gives[agent_id].append(service_id)

    horizon_start = NOW - 30 * DAY
    horizon_days = 180
    schedules: dict[int, AgentSchedule] = {}
    for agent_id in agent_ids:
        mine = gives[agent_id]
        start_hour = rng.choice([8, 8.5, 9, 10])
        segments = [
            WeeklySegment(weekdays, int(start_hour * 60), 12 * 60),
            WeeklySegment(weekdays, 13 * 60, rng.choice([16, 17, 18]) * 60),
        ]
        if rng.random() < 0.3:
            only = frozenset(rng.sample(mine, 1))
            segments.append(WeeklySegment(mask_from_codes(["sat"]), 9 * 60, 13 * 60, only))
        periods = []
        for _ in range(4 * density):
            first = datetime(2026 - rng.randint(2, 8), rng.randint(1, 12), rng.randint(1, 28))
            begin = first + timedelta(minutes=rng.choice([7 * 60, 8 * 60, 17 * 60, 18 * 60 + 30]))
            periods.append(
                RepeatingPeriod(
                    begin,
                    begin + timedelta(minutes=rng.choice([60, 120, 180, 240])),
                    rng.choice(RULES),
                    exdates=frozenset(
                        today + timedelta(days=rng.randrange(0, 90))
                        for _ in range(rng.randint(0, 3))
                    ),
                    service_id=rng.choice([None, *mine]),
                    slot_step=rng.choice([None, 15, 20, 30]),
                )
            )
        busy = []
        for _ in range(400 * density):
            day = rng.randrange(horizon_days)
            local_start = (day_of(horizon_start) + day) * DAY + rng.randrange(8 * 4, 18 * 4) * 15
            start = zone.to_utc(local_start)
            busy.append((start, start + rng.choice([30, 45, 60, 75, 90])))
        for _ in range(100 * density):
            start = horizon_start + rng.randrange(horizon_days * DAY)
            busy.append((start, start + rng.randint(15, 240)))
        rng.shuffle(busy)
        blocked = []
        for _ in range(10):
            start = horizon_start + rng.randrange(horizon_days * DAY)
            blocked.append((start, start + rng.randint(30, 480)))
        vacation_start = today + timedelta(days=rng.randrange(0, 120))
        schedules[agent_id] = AgentSchedule(
            agent_id,
            segments=tuple(segments),
            periods=tuple(periods),
            closures=(
                DateRange(vacation_start, vacation_start + timedelta(days=rng.randint(1, 9))),
            ),
            blocked=tuple(blocked),
            busy=tuple(busy),
        )
    return Dataset(branch, tuple(services), schedules, staff)


def day_of(instant: int) -> int:
    return zone_for(TZ).day_of(instant)


def local_date(instant: int) -> date:
    return date(1970, 1, 1) + timedelta(days=day_of(instant))


def nows(count: int, seed: int) -> list[int]:
    """Distinct "now" values spread over two weeks, nights and weekends included."""
    rng = random.Random(seed)
    return [NOW + rng.randrange(14 * DAY) for _ in range(count)]


def measure(
    run: Callable[[int], object], count: int, *, cold: bool, seed: int
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of ``count`` runs."""
    wall, cpu = [], []
    for now in nows(count, seed):
        if cold:
            recurrence.clear_caches()
            zone_for.cache_clear()
        began, began_cpu = time.perf_counter(), time.process_time()
        run(now)
        cpu.append((time.process_time() - began_cpu) * 1000)
        wall.append((time.perf_counter() - began) * 1000)
    return wall, cpu


def one_agent_30_days(data: Dataset) -> Callable[[int], object]:
    service = data.services[1]  # service 2, 20 agents
    members = data.staff[2]

    def run(now: int) -> object:
        agent = data.agents[members[now % len(members)]]
        first = local_date(now)
        query = SlotQuery.for_dates(TZ, first, first + timedelta(days=29), now=now)
        return agent_slots(data.branch, service, agent, query)

    return run


def next_slot_20_agents(data: Dataset) -> Callable[[int], object]:
    service = data.services[1]
    team = data.team(2)

    def run(now: int) -> object:
        return next_free_slot(data.branch, service, team, now=now)

    return run


def all_agents_90_days(data: Dataset) -> Callable[[int], object]:
    service = data.services[0]  # service 1, every agent
    team = data.team(1)

    def run(now: int) -> object:
        first = local_date(now)
        query = SlotQuery.for_dates(TZ, first, first + timedelta(days=89), now=now)
        return aggregate_slots(data.branch, service, team, query)

    return run


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    args = parser.parse_args()
    runs = {"one": 200, "next": 200, "all": 30}
    if args.quick:
        runs = {"one": 20, "next": 20, "all": 3}

    began = time.perf_counter()
    datasets = {
        "1x": generate(),
        "4x agents": generate(agents=200),
        "4x per agent": generate(density=4),
    }
    generated = time.perf_counter() - began
    for name, data in datasets.items():
        periods = sum(len(a.periods) for a in data.agents.values())
        busy = sum(len(a.busy) for a in data.agents.values())
        print(
            f"{name}: {len(data.agents)} agents, {len(data.services)} services, "
            f"{periods} periods, {busy} busy intervals (appointments + external)"
        )
    print(f"generated in {generated:.1f} s; times in ms")
    scenarios = [
        ("one service + one agent, 30 days", one_agent_30_days, "one", 20.0),
        ("next free slot, 20 agents", next_slot_20_agents, "next", 30.0),
        ("all agents x 90 days, aggregated", all_agents_90_days, "all", 500.0),
    ]
    header = (
        f"{'scenario':<33} {'data':<12} {'p50':>8} {'p95':>8} {'cpu p50':>8} "
        f"{'cold p50':>8} {'goal':>5}"
    )
    print(header)
    print("-" * len(header))
    medians: dict[tuple[str, str], float] = {}
    for label, make, key, goal in scenarios:
        for name, data in datasets.items():
            run = make(data)
            measure(run, 3, cold=False, seed=1)  # a few queries the desk made before
            warm, cpu = measure(run, runs[key], cold=False, seed=SEED)
            cold, _ = measure(run, max(3, runs[key] // 10), cold=True, seed=SEED + 1)
            medians[(label, name)] = statistics.median(cpu)
            p50, p95 = percentile(warm, 0.5), percentile(warm, 0.95)
            cpu_p50, cold_p50 = percentile(cpu, 0.5), percentile(cold, 0.5)
            print(
                f"{label:<33} {name:<12} {p50:>8.2f} {p95:>8.2f} {cpu_p50:>8.2f} "
                f"{cold_p50:>8.2f} {goal:>5.0f}"
            )
    print()
    print("growth: cpu p50 on 4x data / cpu p50 on 1x data (goal <= 6)")
    for label, *_ in scenarios:
        base_time = medians[(label, "1x")]
        ratios = ", ".join(
            f"{name}: {medians[(label, name)] / base_time:.2f}x"
            for name in ("4x agents", "4x per agent")
        )
        print(f"  {label:<33} {ratios}")


if __name__ == "__main__":
    main()
