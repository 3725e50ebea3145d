"""The same 10,000 events pulled from Radicale by Front Desk and by vdirsyncer, side by side.

Run: ``.venv/bin/python -m benchmarks.bench_sync_caldav [--events N]`` (vdirsyncer comes
with the ``bench`` extra: ``.venv/bin/pip install -e '.[test,bench]'``).

A real Radicale (tests/support/radicale.py, a child process on loopback) gets one
calendar, filled by writing ``--events`` .ics files straight into its storage folder
(Radicale's multifilesystem storage reads the folder on each request; that is how its
documentation lets other tools put items in). Events are spread over the next 119 days
(so all of them are inside Front Desk's 120-day window), 15 minutes to 2 hours long.

Timed, each as the first pull and again with nothing new:

* Front Desk: :func:`app.sync.engine.sync_account` with the CalDAV provider
  (app/sync/caldav_provider.py: sync-collection, then calendar-multiget in batches) on a
  temporary SQLite database; CPU is this process's (the server is another process);
* (untimed, first: one sync-collection report, so that Radicale has parsed and cached
  every item before either timed pull: a cold Radicale takes about a minute for that);
* vdirsyncer: ``vdirsyncer discover`` once, then ``vdirsyncer sync`` of the calendar
  into a filesystem storage (a folder of .ics files), as a subprocess; CPU is the
  child's user + system time.

Prints a table with wall and CPU seconds and the ratio Front Desk / vdirsyncer; asserts
nothing. The two do different work with what they read: vdirsyncer stores every event
whole, Front Desk keeps only busy intervals in a database.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, timedelta
from pathlib import Path

import keyring
import niquests

from app.booking.permissions import load_actor
from app.models import db
from app.sync import accounts
from app.sync.engine import sync_account
from tests.support.keyring_backend import MemoryKeyring
from tests.support.radicale import RadicaleServer
from tests.support.riverside import MONDAY_9AM, apply_riverside, ids

USER = "bob"
PASSWORD = "bench-caldav-password"
SEED = 20261123


def fill(radicale: RadicaleServer, name: str, count: int) -> None:
    """Write ``count`` events into the calendar's storage folder directly."""
    folder = radicale.folder / "collections" / "collection-root" / USER / name
    assert folder.is_dir(), folder
    rng = random.Random(SEED)
    stamp = MONDAY_9AM.strftime("%Y%m%dT%H%M%SZ")
    for i in range(count):
        start = MONDAY_9AM + timedelta(minutes=15 * rng.randrange(0, 119 * 96))
        end = start + timedelta(minutes=15 * rng.randint(1, 8))
        uid = f"bench-{i}@riverside.example"
        transp = "TRANSPARENT" if rng.random() < 0.1 else "OPAQUE"
        text = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Front Desk benchmark//EN\r\n"
            "BEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:{stamp}\r\n"
            f"DTSTART:{start.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}\r\n"
            f"DTEND:{end.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}\r\n"
            f"SUMMARY:Event {i}\r\nTRANSP:{transp}\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        (folder / f"bench-{i}.ics").write_text(text, "utf-8", newline="")


def warm(calendar: str) -> None:
    """A sync-collection report with a patient client: Radicale fills its item cache."""
    body = (
        '<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:">'
        "<d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop>"
        "</d:sync-collection>"
    )
    with niquests.Session() as session:
        response = session.request(
            "REPORT",
            calendar,
            data=body.encode(),
            headers={"Depth": "0", "Content-Type": "application/xml"},
            auth=(USER, PASSWORD),
            timeout=900,
        )
    assert response.status_code == 207, response.status_code


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def vdirsyncer(config: Path, *args: str) -> tuple[float, float]:
    """Run vdirsyncer; returns (wall s, CPU s of the child)."""
    exe = shutil.which("vdirsyncer", path=str(Path(sys.executable).parent)) or "vdirsyncer"
    env = dict(os.environ, VDIRSYNCER_CONFIG=str(config))
    cpu, wall = child_cpu(), time.perf_counter()
    subprocess.run(
        [exe, *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        input=b"y\n" * 4,
    )
    return time.perf_counter() - wall, child_cpu() - cpu


def run(count: int) -> None:
    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        radicale = RadicaleServer(work / "radicale", {USER: PASSWORD})
        radicale.start()
        try:
            calendar = radicale.make_calendar(USER, "work")
            began = time.perf_counter()
            fill(radicale, "work", count)
            filled = time.perf_counter() - began
            rows: list[tuple[str, str, float, float]] = []

            engine = db.make_engine(f"sqlite:///{work / 'bench.sqlite3'}")
            db.upgrade(engine)
            sessions = db.session_factory(engine)
            apply_riverside(sessions)
            with sessions() as session:
                account = accounts.add_account(
                    session,
                    load_actor(session),
                    MONDAY_9AM,
                    agent_id=ids(session)["Bob Chen"],
                    provider="caldav",
                    server_url=radicale.url,
                    username=USER,
                    password=PASSWORD,
                    target_calendar=calendar,
                )
                session.commit()
                account_id = account.id
            stored = []
            # untimed: Radicale parses each item once and keeps it in its cache (a minute
            # for 10,000 items), so the first reader would pay for the second; both timed
            # pulls find a warm server
            began = time.perf_counter()
            warm(calendar)
            warmed = time.perf_counter() - began
            for label in ("first pull", "nothing new"):
                cpu, wall = time.process_time(), time.perf_counter()
                report = sync_account(sessions, account_id, MONDAY_9AM)
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                assert report.error is None, report.error
                stored.append(report.busy_stored)
                rows.append(("Front Desk", label, wall, cpu))
            engine.dispose()

            status, target = work / "status", work / "vdir"
            target.mkdir()
            config = work / "vdirsyncer.conf"
            config.write_text(
                "[general]\n"
                f'status_path = "{status}/"\n\n'
                "[pair bench]\n"
                'a = "radicale"\nb = "folder"\n'
                'collections = null\nconflict_resolution = "a wins"\n\n'
                "[storage radicale]\n"
                'type = "caldav"\n'
                f'url = "{calendar}"\n'
                f'username = "{USER}"\npassword = "{PASSWORD}"\n\n'
                "[storage folder]\n"
                'type = "filesystem"\n'
                f'path = "{target}/"\nfileext = ".ics"\n',
                "utf-8",
            )
            vdirsyncer(config, "discover")
            for label in ("first pull", "nothing new"):
                wall, cpu = vdirsyncer(config, "sync")
                rows.append(("vdirsyncer", label, wall, cpu))
            copied = len(list(target.glob("*.ics")))
        finally:
            radicale.stop()
    print(
        f"{count} events in one Radicale calendar (written to its storage in {filled:.1f} s, "
        f"Radicale's cache warmed in {warmed:.1f} s); "
        f"Front Desk stored {stored[0]} busy intervals, vdirsyncer copied {copied} files"
    )
    print(f"{'who':<11} {'pull':<12} {'wall s':>7} {'CPU s':>7}")
    for who, label, wall, cpu in rows:
        print(f"{who:<11} {label:<12} {wall:>7.2f} {cpu:>7.2f}")
    by = {(who, label): (wall, cpu) for who, label, wall, cpu in rows}
    for label in ("first pull", "nothing new"):
        fd, vd = by[("Front Desk", label)], by[("vdirsyncer", label)]
        print(
            f"ratio Front Desk / vdirsyncer, {label}: wall {fd[0] / vd[0]:.2f}, "
            f"CPU {fd[1] / max(vd[1], 1e-9):.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    run(args.events)


if __name__ == "__main__":
    main()
