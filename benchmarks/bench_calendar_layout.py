"""Speed of the calendar grid's layout and painting on generated data, without a database.

Run: ``.venv/bin/python -m benchmarks.bench_calendar_layout [--quick]``

Three measurements, each with 500 and 2,000 appointments (fixed seed):

* ``assign_columns`` alone on one column: every appointment on one agent's day between
  08:00 and 18:00, 15 to 90 minutes long, so clusters are deep (the worst case: a real
  day of one agent has a dozen);
* ``build_grid`` of a week view: a snapshot of 20 agents over one week (hours, blocked
  and busy time, the appointments spread over agents and days), everything converted to
  minutes of the local day, free time computed and the overlap layout done per column;
* ``set_snapshot`` and a full repaint of the week view (``TimeGridView.grab()`` on the
  offscreen platform, 1,400 x 900 logical pixels), also with 100 appointments, about a
  busy week of a three-agent branch such as Riverside.

Times in ms: p50 and p95 wall clock, and CPU p50, over repeated runs. The goal for the
grid is a repaint well inside one frame (16 ms) for a normal week (a few hundred
appointments) and a new snapshot shown within 100 ms. This script asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from app.booking.calendar_data import CalAgent, CalAppointment, CalendarSnapshot, CalService, Span
from app.views.calendar.layout import assign_columns, build_grid
from app.views.calendar.navigation import ViewMode

TZ = "America/Toronto"
ZONE = ZoneInfo(TZ)
MONDAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # Wednesday 10:00 in Toronto
SEED = 20261123
STATUSES = (
    ("confirmed", "Confirmed", "confirmation"),
    ("confirmed", "Confirmed", "confirmation"),
    ("confirmed", "Confirmed", "confirmation"),
    ("pending", "Pending", "start"),
    ("cancelled", "Cancelled", "cancellation"),
    ("noshow", "No-show", None),
    ("completed", "Completed", None),
)


def one_column(count: int, seed: int = SEED) -> list[tuple[int, int, int]]:
    rng = random.Random(seed)
    items = []
    for i in range(count):
        start = rng.randrange(8 * 60, 18 * 60 - 15, 5)
        items.append((i, start, start + rng.choice((15, 30, 45, 60, 90))))
    return items


def at(day: date, minute: int) -> datetime:
    return datetime.combine(day, clock_time(minute // 60, minute % 60), ZONE).astimezone(UTC)


def week_snapshot(count: int, agents: int = 20, seed: int = SEED) -> CalendarSnapshot:
    rng = random.Random(seed)
    days = [MONDAY + timedelta(days=i) for i in range(6)]
    services = {
        i: CalService(i, f"Service {i}", f"#{rng.randrange(0x1000000):06x}", 30) for i in range(8)
    }
    working = {
        a: [Span(at(d, 9 * 60), at(d, 12 * 60)) for d in days]
        + [Span(at(d, 13 * 60), at(d, 17 * 60)) for d in days]
        for a in range(1, agents + 1)
    }
    blocked = {a: [Span(at(days[a % 6], 600), at(days[a % 6], 660), "Training")] for a in working}
    busy = {a: [Span(at(days[(a + 2) % 6], 840), at(days[(a + 2) % 6], 900))] for a in working}
    appointments = []
    for i in range(count):
        day = rng.choice(days)
        start = rng.randrange(9 * 60, 17 * 60 - 15, 15)
        key, name, predicate = rng.choice(STATUSES)
        appointments.append(
            CalAppointment(
                id=i + 1,
                start=at(day, start),
                end=at(day, start + rng.choice((15, 30, 45, 60))),
                agent_id=rng.randrange(1, agents + 1),
                service_id=rng.randrange(8),
                customer_id=i,
                customer_name=f"Customer {i}",
                customer_phone=None,
                status_key=key,
                status_name=name,
                status_predicate=predicate,
                blocking=predicate != "cancellation" and key != "noshow",
                source="desk",
                notes=None,
                version=1,
            )
        )
    appointments.sort(key=lambda a: (a.start, a.id))
    return CalendarSnapshot(
        branch_id=1,
        branch_name="Bench",
        tz=TZ,
        first=MONDAY,
        last=MONDAY + timedelta(days=6),
        agents=[CalAgent(a, f"Agent {a}", "#1565c0") for a in working],
        services=services,
        appointments=appointments,
        working=working,
        blocked=blocked,
        busy=busy,
        closed_days={MONDAY + timedelta(days=6): ""},
        statuses={key: (name, "#9e9e9e", predicate) for key, name, predicate in STATUSES},
    )


def measure(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    fn()  # warm up (imports, font caches)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - began_cpu) * 1000)
        wall.append((time.perf_counter() - began) * 1000)
    wall.sort()
    return (
        statistics.median(wall),
        wall[min(len(wall) - 1, round(len(wall) * 0.95))],
        statistics.median(cpu),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    args = parser.parse_args()
    runs = 5 if args.quick else 40

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.views.calendar.timegrid import TimeGridView

    app = QApplication.instance() or QApplication([])
    header = f"{'measurement':<36} {'appointments':>12} {'p50':>8} {'p95':>8} {'CPU p50':>8}"
    print("times in ms")
    print(header)
    print("-" * len(header))
    for count in (500, 2000):
        items = one_column(count)
        p50, p95, cpu = measure(lambda items=items: assign_columns(items), runs)
        print(f"{'assign_columns, one column':<36} {count:>12} {p50:>8.2f} {p95:>8.2f} {cpu:>8.2f}")
    for count in (500, 2000):
        snapshot = week_snapshot(count)
        p50, p95, cpu = measure(
            lambda s=snapshot: build_grid(s, mode=ViewMode.WEEK, day=MONDAY, now=NOW), runs
        )
        print(
            f"{'build_grid, week of 20 agents':<36} {count:>12} {p50:>8.2f} {p95:>8.2f} {cpu:>8.2f}"
        )
    view = TimeGridView()
    view.resize(1400, 900)
    view.show()
    for count in (100, 500, 2000):
        snapshot = week_snapshot(count)
        p50, p95, cpu = measure(
            lambda s=snapshot: view.set_snapshot(s, mode=ViewMode.WEEK, day=MONDAY, now=NOW),
            runs,
        )
        label = "set_snapshot, week view"
        print(f"{label:<36} {count:>12} {p50:>8.2f} {p95:>8.2f} {cpu:>8.2f}")
        p50, p95, cpu = measure(view.grab, runs)
        print(f"{'repaint (grab), week view':<36} {count:>12} {p50:>8.2f} {p95:>8.2f} {cpu:>8.2f}")
    view.close()
    app.processEvents()


if __name__ == "__main__":
    main()
