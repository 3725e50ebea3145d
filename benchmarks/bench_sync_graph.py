"""Speed of a Microsoft 365 calendar sync against the local Graph of the tests.

Run: ``.venv/bin/python -m benchmarks.bench_sync_graph [--events N] [--page-size N]``

An agent's calendar on the local Graph (tests/support/graph_server.py, loopback) holds
10,000 other events spread over the 120-day sync window (busy, tentative, free, out of
office, some all-day, some cancelled); the account is Bob Chen's at the Riverside branch
in a fresh SQLite database. Timed through :func:`app.sync.engine.sync_account`:

* the first sync (every delta page read and every busy interval stored);
* a sync with nothing new (one delta request answering an empty page).

The CPU time is that of the syncing thread only (``time.thread_time``): the server runs
in other threads of the same process and is not counted; wall-clock time is shown too.
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import keyring

from app.booking.permissions import load_actor
from app.models import CalendarAccount, db
from app.sync import accounts, secrets
from app.sync.engine import sync_account
from app.sync.graph_provider import GraphProvider
from tests.support.graph_server import GraphServer
from tests.support.keyring_backend import MemoryKeyring
from tests.support.riverside import MONDAY_9AM, apply_riverside, ids

TOKEN = "benchmark-access-token"
SEED = 20261123
SHOW_AS = ["busy", "busy", "busy", "tentative", "free", "oof", "workingElsewhere"]


def _when(moment: datetime) -> dict[str, str]:
    return {"dateTime": moment.replace(tzinfo=None).isoformat(), "timeZone": "UTC"}


def _fill(server: GraphServer, calendar: str, count: int) -> None:
    rng = random.Random(SEED)
    for i in range(count):
        start = MONDAY_9AM + timedelta(minutes=15 * rng.randrange(0, 119 * 96))
        event: dict[str, Any] = {
            "subject": f"Event {i}",
            "start": _when(start),
            "end": _when(start + timedelta(minutes=15 * rng.randint(1, 8))),
            "showAs": rng.choice(SHOW_AS),
            "isAllDay": False,
            "isCancelled": rng.random() < 0.03,
        }
        if rng.random() < 0.02:
            day = start.date()
            event.update(
                isAllDay=True,
                start={"dateTime": f"{day}T00:00:00", "timeZone": "UTC"},
                end={"dateTime": f"{day + timedelta(days=1)}T00:00:00", "timeZone": "UTC"},
            )
        server.put_event(calendar, event)


def run(count: int, page_size: int) -> None:
    keyring.set_keyring(MemoryKeyring())
    server = GraphServer(TOKEN, page_size=page_size)
    server.start()
    try:
        calendar = server.add_calendar("Calendar")
        _fill(server, calendar, count)
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
                    server_url=server.url,
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
                return GraphProvider(lambda: secrets.get_secret(ref) or "", server.url)

            rows = []
            for label in ("first sync", "nothing new"):
                before = len(server.requests)
                cpu, wall = time.thread_time(), time.perf_counter()
                report = sync_account(sessions, account_id, MONDAY_9AM, factory=factory)
                cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
                assert report.error is None, report.error
                rows.append((label, len(server.requests) - before, report.busy_stored, cpu, wall))
            engine.dispose()
    finally:
        server.stop()
    print(f"{count} events, {page_size} per delta page, SQLite")
    print(f"{'sync':<12} {'requests':>8} {'stored':>7} {'CPU s':>7} {'wall s':>7}")
    for label, requests, stored, cpu, wall in rows:
        print(f"{label:<12} {requests:>8} {stored:>7} {cpu:>7.3f} {wall:>7.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=200)
    args = parser.parse_args()
    run(args.events, args.page_size)


if __name__ == "__main__":
    main()
