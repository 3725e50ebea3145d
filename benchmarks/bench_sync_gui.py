"""How long the desk's GUI thread is held up while "Sync now" pulls 10,000 events.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.bench_sync_gui
[--events N] [--runs N] [--profile]``

The real calendar accounts screen (:class:`app.views.accounts_view.AccountsView`) is
shown offscreen over a fresh SQLite database with the Riverside branch; Bob Chen's
Microsoft 365 account points at the local Graph of the tests
(tests/support/graph_server.py) holding ``--events`` other events, 200 per delta page.
The Graph runs in a child process, as a real server would be elsewhere: its threads do
not compete with the desk's for the interpreter. Each run empties the account's busy time
and cursor (so every run is a first sync), starts a 2 ms heartbeat timer on the GUI
thread, clicks "Sync now" and waits for the view to report the result.

Reported per run and over all runs: the gaps between heartbeats (the longest, the 99th
and 95th percentiles, the median; at 2 ms a gap over 16 ms is a dropped frame), how many
beats there were, cycle-collector passes during the sync, and the wall and CPU time of
the desk's process (GUI and worker threads; the Graph's process is not counted).
``--profile`` also names, for every gap over 8 ms, where the worker thread was at that
moment (the code that kept the GUI thread waiting for the interpreter).
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import delete

from app.booking.permissions import load_actor
from app.clock import fixed_clock
from app.models import CalendarAccount, ExternalBusy, SyncCursor, db
from app.sync import accounts, secrets
from app.sync.graph_provider import GraphProvider
from app.views.accounts_view import AccountsView
from app.views.desk import DeskState
from tests.support.keyring_backend import MemoryKeyring
from tests.support.riverside import MONDAY_9AM, apply_riverside, ids

TOKEN = "benchmark-access-token"
PAGE_SIZE = 200
#: A gap longer than this is attributed to what the worker thread was doing (--profile).
PROFILE_GAP = 0.008


def serve(events: int, conn: Connection) -> None:
    """Child process: the local Graph with ``events`` events, until told to stop."""
    from benchmarks.bench_sync_graph import _fill
    from tests.support.graph_server import GraphServer

    server = GraphServer(TOKEN, page_size=PAGE_SIZE)
    server.start()
    calendar = server.add_calendar("Calendar")
    _fill(server, calendar, events)
    conn.send((server.url, calendar))
    conn.recv()
    server.stop()


def wait_for(signal: object, timeout_ms: int) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def percentile(sorted_gaps: list[float], share: float) -> float:
    return sorted_gaps[min(len(sorted_gaps) - 1, int(len(sorted_gaps) * share))]


def one_sync(
    view: AccountsView, account_id: int, profile: Counter[str] | None
) -> tuple[list[float], int, float, float, int]:
    """Gaps (s), collector passes, wall s, CPU s, busy intervals stored."""
    gaps: list[float] = []
    last = [0.0]
    passes: list[int] = []

    def beat() -> None:
        tick = time.perf_counter()
        gap = tick - last[0]
        gaps.append(gap)
        last[0] = tick
        if profile is not None and gap > PROFILE_GAP:
            for ident, frame in sys._current_frames().items():
                if ident == threading.get_ident():
                    continue
                stack = traceback.extract_stack(frame)
                if not any(f.name == "sync_account" for f in stack):
                    continue  # not the sync's worker thread
                where = " < ".join(
                    f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(stack[-4:])
                )
                profile[where] += 1

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    reports: list[object] = []
    view.synced.connect(reports.append)
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(2)
    heartbeat.timeout.connect(beat)
    assert view.select_account(account_id)
    gc.callbacks.append(collected)
    cpu, wall = time.process_time(), time.perf_counter()
    heartbeat.start()
    last[0] = time.perf_counter()
    view.sync_button.click()
    while not reports:
        wait_for(view.synced, 120_000)
    heartbeat.stop()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    gc.callbacks.remove(collected)
    view.synced.disconnect(reports.append)
    report = reports[0]
    stored = int(getattr(report, "busy_stored", -1))
    return gaps, len(passes), wall, cpu, stored


def run(events: int, runs: int, profile: bool) -> None:
    keyring.set_keyring(MemoryKeyring())
    ctx = multiprocessing.get_context("spawn")
    here, there = ctx.Pipe()
    server = ctx.Process(target=serve, args=(events, there), daemon=True)
    server.start()
    url, calendar = here.recv()
    app = QApplication.instance() or QApplication([])
    samples: Counter[str] | None = Counter() if profile else None
    rows = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            engine = db.make_engine(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
            db.upgrade(engine)
            sessions = db.session_factory(engine)
            apply_riverside(sessions)
            with sessions() as session:
                account = accounts.add_account(
                    session,
                    load_actor(session),
                    MONDAY_9AM,
                    agent_id=ids(session)["Bob Chen"],
                    provider="graph",
                    server_url=url,
                    username="bob@riverside.example",
                    password=None,
                    target_calendar=calendar,
                )
                account.keyring_ref = secrets.new_ref("graph", "bob")
                secrets.set_secret(account.keyring_ref, TOKEN)
                session.commit()
                account_id = account.id

            def factory(row: CalendarAccount, _password: str | None) -> GraphProvider:
                ref = row.keyring_ref or ""
                return GraphProvider(lambda: secrets.get_secret(ref) or "", url)

            state = DeskState(sessions, "bench", "Front desk", fixed_clock(MONDAY_9AM))
            view = AccountsView(state, provider_factory=factory)
            view.resize(1300, 640)
            view.show()
            wait_for(view.refreshed, 10_000)
            for _ in range(runs):
                with sessions() as session:
                    session.execute(delete(ExternalBusy))
                    session.execute(delete(SyncCursor))
                    session.commit()
                while view.is_busy():
                    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
                rows.append(one_sync(view, account_id, samples))
            while view.is_busy():
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            view.close()
            view.deleteLater()
            engine.dispose()
    finally:
        here.send("stop")
        server.join(timeout=10)
    print(f"{events} events from the local Graph (child process), {PAGE_SIZE} per page, SQLite")
    print(f"GUI thread heartbeat every 2 ms; Python {sys.version.split()[0]}")
    head = (
        f"{'run':>3} {'beats':>6} {'max ms':>7} {'p99 ms':>7} {'p95 ms':>7} {'p50 ms':>7} "
        f"{'>16ms':>5} {'gc':>3} {'wall s':>7} {'CPU s':>6} {'stored':>7}"
    )
    print(head)
    every: list[float] = []
    for i, (gaps, passes, wall, cpu, stored) in enumerate(rows, 1):
        ordered = sorted(gaps)
        every += gaps
        print(
            f"{i:>3} {len(gaps):>6} {ordered[-1] * 1000:>7.1f} "
            f"{percentile(ordered, 0.99) * 1000:>7.1f} {percentile(ordered, 0.95) * 1000:>7.1f} "
            f"{statistics.median(ordered) * 1000:>7.1f} {sum(g > 0.016 for g in gaps):>5} "
            f"{passes:>3} {wall:>7.2f} {cpu:>6.2f} {stored:>7}"
        )
    ordered = sorted(every)
    print(
        f"all {len(every):>6} {ordered[-1] * 1000:>7.1f} {percentile(ordered, 0.99) * 1000:>7.1f} "
        f"{percentile(ordered, 0.95) * 1000:>7.1f} {statistics.median(ordered) * 1000:>7.1f} "
        f"{sum(g > 0.016 for g in every):>5}"
    )
    if samples:
        print(f"\nwhere the worker was during gaps over {PROFILE_GAP * 1000:.0f} ms:")
        for where, count in samples.most_common(12):
            print(f"{count:>5}  {where}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    run(args.events, args.runs, args.profile)


if __name__ == "__main__":
    main()
