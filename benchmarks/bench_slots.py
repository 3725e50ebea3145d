"""End-to-end speed of slot search and booking, database included (issue goals).

Run: ``.venv/bin/python -m benchmarks.bench_slots [--quick] [--sqlite-only]``

Generates, from a fixed seed, a branch in America/Toronto with 50 agents, 10 services,
weekly hours, 200 repeating availability periods whose DTSTART lies 2 to 8 years back,
20,000 appointments and 5,000 external busy intervals between 150 days before and 120 days
after "now"; then the same with 4x the periods, appointments and busy intervals (same
agents, four times the history). Both go into a SQLite file and a PostgreSQL database
(a throw-away server on loopback, as the tests use), through the real migrations.

Timed through app.booking (the code the desk and the CLI call), warm, over many runs:

* one service, one agent, 30 days of slots (goal p95 <= 20 ms);
* the next free slot of a service with 20 agents (goal p95 <= 30 ms);
* all 50 agents x 90 days, aggregated (goal p95 <= 500 ms);
* a booking, committed, on SQLite (goal p95 <= 15 ms);
* growth: 4x data costs at most 6x the time;
* the number of queries of a slot search with 2, 20 and 50 agents.

Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, event, insert, select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking import availability
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.models import (
    Agent,
    AgentHours,
    Appointment,
    AvailabilityPeriod,
    Branch,
    CalendarAccount,
    Customer,
    ExternalBusy,
    Service,
    ServiceAgent,
    StatusDefinition,
    db,
)
from app.scheduling.days import mask_from_codes

TZ = ZoneInfo("America/Toronto")
NOW = datetime(2026, 6, 1, 13, 0, tzinfo=UTC)  # Monday 09:00 in Toronto
SEED = 20260601
RULES = [
    "FREQ=WEEKLY;BYDAY=SA",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
    "FREQ=DAILY;INTERVAL=3",
    "FREQ=MONTHLY;BYDAY=1SA",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR",
]


@dataclass
class Dataset:
    engine: Engine
    sessions: sessionmaker[Session]
    services: list[int]
    agents: list[int]
    #: a service given by 20 agents and one given by all 50
    service_20: int
    service_50: int


def generate(url: str, scale: int) -> Dataset:
    rng = random.Random(SEED + scale)
    engine = db.make_engine(url)
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    with sessions() as s:
        branch = Branch(
            name="Bench",
            timezone="America/Toronto",
            country="CA",
            closed_weekdays=mask_from_codes(["sun"]),
        )
        s.add(branch)
        s.flush()
        services = []
        for i in range(10):
            duration = rng.choice([20, 30, 45, 60, 90])
            services.append(
                Service(
                    branch_id=branch.id,
                    name=f"Service {i}",
                    duration_min=duration,
                    buffer_after_min=rng.choice([0, 0, 5, 15]),
                    min_lead_min=0,
                    max_lead_min=120 * 1440,
                    position=i,
                )
            )
        s.add_all(services)
        agents = [Agent(branch_id=branch.id, name=f"Agent {i:02d}", position=i) for i in range(50)]
        s.add_all(agents)
        s.flush()
        weekdays = mask_from_codes(["mon", "tue", "wed", "thu", "fri"])
        hours = []
        for a in agents:
            if rng.random() < 0.5:
                hours.append(
                    {
                        "agent_id": a.id,
                        "days": weekdays,
                        "start_minute": 540,
                        "end_minute": 1020,
                        "position": 0,
                    }
                )
            else:
                hours.append(
                    {
                        "agent_id": a.id,
                        "days": weekdays,
                        "start_minute": 510,
                        "end_minute": 720,
                        "position": 0,
                    }
                )
                hours.append(
                    {
                        "agent_id": a.id,
                        "days": weekdays,
                        "start_minute": 780,
                        "end_minute": 990,
                        "position": 1,
                    }
                )
        s.execute(insert(AgentHours), hours)
        links = []
        gives: dict[int, list[int]] = {a.id: [] for a in agents}
        # service 0: every agent; service 1: twenty agents; the rest: 2 to 8 agents each
        for index, service in enumerate(services):
            if index == 0:
                chosen = agents
            elif index == 1:
                chosen = agents[:20]
            else:
                chosen = rng.sample(agents, rng.randint(2, 8))
            for pos, a in enumerate(chosen):
                links.append({"service_id": service.id, "agent_id": a.id, "position": pos})
                gives[a.id].append(service.id)
        s.execute(insert(ServiceAgent), links)
        periods = []
        for _ in range(200 * scale):
            a = rng.choice(agents)
            start_year = NOW.year - rng.randint(2, 8)
            start = datetime(
                start_year, rng.randint(1, 12), rng.randint(1, 28), rng.choice([8, 9, 10, 13]), 0
            )
            periods.append(
                {
                    "agent_id": a.id,
                    "service_id": rng.choice([None, *gives[a.id]]),
                    "start_local": start,
                    "end_local": start + timedelta(hours=rng.choice([2, 3, 4])),
                    "slot_min": rng.choice([None, 15, 20, 30]),
                    "rrule": rng.choice(RULES) + (";COUNT=400" if rng.random() < 0.2 else ""),
                    "exdates": [],
                }
            )
        s.execute(insert(AvailabilityPeriod), periods)
        customers = [
            {"name": f"Customer {i}", "search_text": f"customer {i}", "fields": {}}
            for i in range(2000)
        ]
        s.execute(insert(Customer), customers)
        customer_ids = list(s.scalars(select(Customer.id)))
        confirmed = s.scalars(
            select(StatusDefinition).where(StatusDefinition.key == "confirmed")
        ).one()
        first_day = (NOW - timedelta(days=150 * scale)).date()
        span_days = 150 * scale + 120
        appts = []
        per_agent = 20_000 * scale // 50
        durations = {svc.id: (svc.duration_min, svc.buffer_after_min) for svc in services}
        for a in agents:
            # spread one agent's appointments over the span, at most a few a day, no overlap
            days = sorted(rng.sample(range(span_days), min(span_days, per_agent // 2 + 1)))
            made = 0
            for d in days:
                day = first_day + timedelta(days=d)
                if day.weekday() == 6:
                    continue
                minute = 540
                for _ in range(3):
                    if made >= per_agent:
                        break
                    service_id = rng.choice(gives[a.id] or [services[0].id])
                    duration, after = durations[service_id]
                    start_local = datetime(
                        day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=TZ
                    )
                    start = start_local.astimezone(UTC)
                    end = start + timedelta(minutes=duration)
                    appts.append(
                        {
                            "branch_id": branch.id,
                            "service_id": service_id,
                            "agent_id": a.id,
                            "customer_id": rng.choice(customer_ids),
                            "start_at": start,
                            "end_at": end,
                            "block_start": start,
                            "block_end": end + timedelta(minutes=after),
                            "status_id": confirmed.id,
                            "blocking": True,
                            "source": "desk",
                            "field_values": {},
                            "version": 1,
                            "created_at": start - timedelta(days=3),
                            "updated_at": start - timedelta(days=3),
                        }
                    )
                    made += 1
                    minute += duration + after + rng.choice([30, 60, 90])
        s.execute(insert(Appointment), appts)
        accounts = [
            CalendarAccount(agent_id=a.id, provider="caldav", display_name=a.name) for a in agents
        ]
        s.add_all(accounts)
        s.flush()
        busy = []
        for i in range(5_000 * scale):
            acc = rng.choice(accounts)
            day = first_day + timedelta(days=rng.randrange(span_days))
            start = datetime(
                day.year, day.month, day.day, rng.randint(7, 18), rng.choice([0, 30]), tzinfo=TZ
            ).astimezone(UTC)
            busy.append(
                {
                    "account_id": acc.id,
                    "agent_id": acc.agent_id,
                    "calendar": "",
                    "external_id": f"e{i}",
                    "start_at": start,
                    "end_at": start + timedelta(minutes=rng.choice([30, 60, 120])),
                    "show_as": rng.choice(["busy", "busy", "tentative", "free", "oof"]),
                }
            )
        s.execute(insert(ExternalBusy), busy)
        s.commit()
        return Dataset(
            engine,
            sessions,
            [x.id for x in services],
            [a.id for a in agents],
            services[1].id,
            services[0].id,
        )


def timed(fn: Callable[[int], object], runs: int) -> tuple[float, float]:
    fn(0)  # warm up caches, as in a running desk
    samples = []
    for i in range(runs):
        t = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return statistics.median(samples), p95


def measure(data: Dataset, runs: int, with_booking: bool) -> dict[str, tuple[float, float]]:
    out: dict[str, tuple[float, float]] = {}
    rng = random.Random(7)
    with data.sessions() as s:
        svc20 = s.get(Service, data.service_20)
        svc50 = s.get(Service, data.service_50)
        assert svc20 is not None
        assert svc50 is not None
        agent_of_20 = [a.id for a in svc20.agents]
        today = NOW.astimezone(TZ).date()

        def one_agent(i: int) -> object:
            first = today + timedelta(days=i % 14)
            return availability.slots(
                s, svc20, first, first + timedelta(days=29), NOW, agent_id=agent_of_20[i % 20]
            )

        def next_free(i: int) -> object:
            return availability.next_slot(s, svc20, NOW + timedelta(hours=7 * (i % 30)))

        def all_agents(i: int) -> object:
            first = today + timedelta(days=i % 7)
            return availability.slots(s, svc50, first, first + timedelta(days=89), NOW)

        out["one service, one agent, 30 days"] = timed(one_agent, runs)
        out["next free slot, 20 agents"] = timed(next_free, runs)
        out["50 agents x 90 days, aggregated"] = timed(all_agents, max(10, runs // 5))
    if with_booking:
        with data.sessions() as s:
            svc = s.get(Service, data.service_50)
            assert svc is not None
            free = availability.slots(
                s, svc, today + timedelta(days=20), today + timedelta(days=40), NOW
            )
        # slots of one agent overlap each other (grids of several windows); keep a set of
        # slots that stay bookable after one another: an hour apart per agent
        taken: dict[int, list[datetime]] = {}
        targets = []
        for f in free:
            agent = f.agent_ids[0]
            if all(abs(f.start - t) >= timedelta(hours=2) for t in taken.get(agent, [])):
                taken.setdefault(agent, []).append(f.start)
                targets.append(f)
        rng.shuffle(targets)
        customer = 1

        remaining = iter(targets)

        def book(_i: int) -> object:
            slot = next(remaining)
            return run_write(
                data.sessions,
                lambda s: use.book(
                    s,
                    load_actor(s),
                    use.BookingRequest(
                        service_id=data.service_50,
                        start=slot.start,
                        agent_id=slot.agent_ids[0],
                        customer_id=customer,
                    ),
                    NOW,
                ),
            )

        out["booking (commit included)"] = timed(book, min(runs, len(targets) - 2))
    return out


def count_queries(data: Dataset) -> dict[int, int]:
    counts: dict[int, int] = {}
    today = NOW.astimezone(TZ).date()
    with data.sessions() as s:
        for service_id in data.services:
            svc = s.get(Service, service_id)
            assert svc is not None
            n = len(svc.agents)
            seen: list[int] = []

            def count(*_args: object, seen: list[int] = seen) -> None:
                seen.append(1)

            event.listen(data.engine, "before_cursor_execute", count)
            availability.slots(s, svc, today, today + timedelta(days=29), NOW)
            event.remove(data.engine, "before_cursor_execute", count)
            counts[n] = len(seen)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    runs = 20 if args.quick else 100
    results: dict[tuple[str, int], dict[str, tuple[float, float]]] = {}
    queries: dict[str, dict[int, int]] = {}
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        targets = [("SQLite", lambda scale: f"sqlite:///{Path(tmp) / f'bench{scale}.sqlite3'}")]
        if not args.sqlite_only:
            from sqlalchemy import create_engine, text

            from tests.support.pgserver import PgServer

            server = PgServer()
            admin = server.start()

            def pg_url(scale: int) -> str:
                engine = create_engine(admin, isolation_level="AUTOCOMMIT")
                with engine.connect() as c:
                    c.execute(text(f"CREATE DATABASE bench{scale}"))
                engine.dispose()
                return admin.rsplit("/", 1)[0] + f"/bench{scale}"

            targets.append(("PostgreSQL", pg_url))
        try:
            for name, make_url in targets:
                for scale in (1, 4):
                    t = time.perf_counter()
                    data = generate(make_url(scale), scale)
                    print(
                        f"{name} {scale}x data generated in {time.perf_counter() - t:.1f} s",
                        flush=True,
                    )
                    results[(name, scale)] = measure(
                        data, runs, with_booking=(name == "SQLite" and scale == 1)
                    )
                    if scale == 1:
                        queries[name] = count_queries(data)
                    data.engine.dispose()
        finally:
            if server is not None:
                server.stop()
    print()
    print(
        f"{'database':<11} {'measure':<34} {'1x p50':>8} {'1x p95':>8} {'4x p95':>8} {'4x/1x':>6}"
    )
    for name in [t[0] for t in targets]:
        one = results[(name, 1)]
        four = results[(name, 4)]
        for key, (p50, p95) in one.items():
            if key in four:
                ratio = four[key][1] / p95
                print(
                    f"{name:<11} {key:<34} {p50:8.1f} {p95:8.1f} {four[key][1]:8.1f} {ratio:6.2f}"
                )
            else:
                print(f"{name:<11} {key:<34} {p50:8.1f} {p95:8.1f} {'':>8} {'':>6}")
    print()
    for name, counts in queries.items():
        shown = ", ".join(f"{n} agents: {q}" for n, q in sorted(counts.items()))
        print(f"{name} queries per slot search: {shown}")


if __name__ == "__main__":
    main()
