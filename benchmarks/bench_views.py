"""The desk's screens against the calendar issue's goals, offscreen.

Run: ``.venv/bin/python -m benchmarks.bench_views [--quick]``

* Week view with 50 agents and 500 appointments, month view with 2,000 appointments
  (generated snapshots, no database): first paint (``set_snapshot`` then the first
  ``grab()``), repaint (``grab()`` again), at 1,400 x 900. Goals: first paint <= 100 ms,
  repaint <= 16 ms.
* Previous/next in the real main window on the demo database (Riverside, 500 customers,
  four weeks of appointments): from the key press to the new week painted, snapshot read
  from SQLite in the background included. Goal <= 100 ms.
* Cold start to the first painted window on the demo database, in a fresh process (Python
  start and imports included), and the longest stall of the GUI thread while the demo data
  is written on a first start (a 2 ms timer on the GUI thread; the longest gap between two
  ticks). Goal: cold start <= 2 s.

Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.bench_calendar_layout import MONDAY, week_snapshot

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def _times(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def month_snapshot(count: int) -> object:
    """2,000 appointments over the six weeks of November 2026's month grid."""
    from dataclasses import replace

    weeks = [week_snapshot(count // 6 + 1, agents=50, seed=s) for s in range(6)]
    appointments = []
    next_id = 1
    for i, snap in enumerate(weeks):
        shift = timedelta(days=7 * i - 28)
        for a in snap.appointments:  # type: ignore[attr-defined]
            appointments.append(replace(a, id=next_id, start=a.start + shift, end=a.end + shift))
            next_id += 1
    base = weeks[0]
    return replace(
        base,
        first=MONDAY - timedelta(days=28),
        last=MONDAY + timedelta(days=13),
        appointments=sorted(appointments[:count], key=lambda a: (a.start, a.id)),
    )


def widgets(runs: int) -> list[tuple[str, float, float, str]]:
    from PySide6.QtWidgets import QApplication

    from app.views.calendar.month import MonthView
    from app.views.calendar.navigation import ViewMode
    from app.views.calendar.timegrid import TimeGridView

    app = QApplication.instance() or QApplication([])
    rows = []
    week = week_snapshot(500, agents=50)
    grid = TimeGridView()
    grid.resize(1400, 900)
    grid.show()

    def first_week() -> None:
        grid.set_snapshot(week, mode=ViewMode.WEEK, day=MONDAY, now=NOW)
        grid.grab()

    rows.append(("week, 50 agents, 500 appts: first paint", *_times(first_week, runs), "100"))
    rows.append(("week, 50 agents, 500 appts: repaint", *_times(grid.grab, runs), "16"))
    month = month_snapshot(2000)
    view = MonthView()
    view.resize(1400, 900)
    view.show()

    def first_month() -> None:
        view.set_snapshot(month, anchor=date(2026, 11, 1), today=MONDAY)  # type: ignore[arg-type]
        view.grab()

    rows.append(("month, 2,000 appts: first paint", *_times(first_month, runs), "100"))
    rows.append(("month, 2,000 appts: repaint", *_times(view.grab, runs), "16"))
    app.processEvents()
    return rows


def previous_next(runs: int, db: Path) -> list[tuple[str, float, float, str]]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.cli import Context
    from app.clock import fixed_clock
    from app.views.app import open_window

    app = QApplication.instance() or QApplication([])
    ctx = Context(db_url=f"sqlite:///{db}", json=False, clock=fixed_clock(NOW))
    window = open_window(ctx)
    window.resize(1400, 900)
    window.show()

    def settle() -> None:
        loop = QEventLoop()
        window.snapshot_shown.connect(loop.quit)
        QTimer.singleShot(5000, loop.quit)
        loop.exec()
        window.snapshot_shown.disconnect(loop.quit)
        window.grab()

    settle()
    step = [1]

    def move() -> None:
        window.go(step[0])
        step[0] = -step[0]
        settle()

    rows = [("previous/next, demo week (SQLite read included)", *_times(move, runs), "100")]
    window.close()
    ctx.close()
    app.processEvents()
    return rows


CHILD_COLD = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from datetime import UTC, datetime
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from app.cli import Context
from app.clock import fixed_clock
from app.views.app import make_application, open_window
app = make_application()
ctx = Context(db_url="sqlite:///" + sys.argv[1], json=False,
              clock=fixed_clock(datetime(2026, 11, 24, 15, 0, tzinfo=UTC)))
window = open_window(ctx)
window.show()
loop = QEventLoop()
window.snapshot_shown.connect(loop.quit)
QTimer.singleShot(10000, loop.quit)
loop.exec()
window.grab()
print("PAINTED", flush=True)
os._exit(0)
"""

CHILD_STALL = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["XDG_DATA_HOME"] = sys.argv[1]
from datetime import UTC, datetime
from PySide6.QtCore import QEventLoop, QTimer
from app.cli import Context
from app.clock import fixed_clock
from app.config import default_db_url
from app.views.app import make_application, open_window
app = make_application()
ctx = Context(db_url=default_db_url(), json=False,
              clock=fixed_clock(datetime(2026, 11, 24, 15, 0, tzinfo=UTC)))
window = open_window(ctx)
window.show()
gaps = []
last = [time.perf_counter()]
def tick():
    now = time.perf_counter()
    gaps.append(now - last[0])
    last[0] = now
timer = QTimer()
timer.setInterval(2)
timer.timeout.connect(tick)
timer.start()
started = time.perf_counter()
loop = QEventLoop()
window.demo_task.finished.connect(loop.quit)
loop.exec()
took = (time.perf_counter() - started) * 1000
print("STALL %.1f DEMO %.1f" % (max(gaps) * 1000, took), flush=True)
os._exit(0)
"""


def cold_start(db: Path, runs: int) -> list[tuple[str, float, float, str]]:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", CHILD_COLD, str(db)], capture_output=True, text=True, check=True
        ).stdout
        assert "PAINTED" in out
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return [("cold start to first painted window", statistics.median(samples), samples[-1], "2000")]


def stall(runs: int) -> list[tuple[str, float, float, str]]:
    stalls, totals = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            out = subprocess.run(
                [sys.executable, "-c", CHILD_STALL, home],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            words = out.split()
            stalls.append(float(words[words.index("STALL") + 1]))
            totals.append(float(words[words.index("DEMO") + 1]))
    return [
        ("longest GUI stall while demo data loads", statistics.median(stalls), max(stalls), "-"),
        ("demo data written (background)", statistics.median(totals), max(totals), "-"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 10 if args.quick else 40
    from app.booking.demo import create_demo
    from app.models import db as dbm

    rows = widgets(runs)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.sqlite3"
        engine = dbm.make_engine(f"sqlite:///{path}")
        dbm.upgrade(engine)
        create_demo(dbm.session_factory(engine), NOW)
        engine.dispose()
        rows += previous_next(runs, path)
        rows += cold_start(path, 3 if args.quick else 7)
    rows += stall(2 if args.quick else 5)
    print(f"{'measure':<50} {'p50':>8} {'p95/max':>8} {'goal':>6}")
    for name, p50, p95, goal in rows:
        print(f"{name:<50} {p50:8.1f} {p95:8.1f} {goal:>6}")


if __name__ == "__main__":
    main()
