"""Speed of the self-service pages as a customer's browser meets them (issue 9 §5).

Run: ``.venv/bin/python -m benchmarks.bench_web [--requests 200] [--sqlite-only]
[--no-wrk] [--wrk-seconds 20] [--connections 50]``. The load runs need ``wrk`` (Debian
package ``wrk``, installed by ``packaging/bootstrap.sh --test``).

For SQLite (a file) and PostgreSQL (a throw-away server on loopback, as the tests start
one), the demo data (app.booking.demo: the Riverside branch, 500 customers, four weeks of
appointments around "now") goes into a fresh database through the real migrations, and
``frontdesk serve`` runs as a subprocess on a free loopback port with its clock fixed at
Monday 23 November 2026, 09:00 Toronto (``--now``), as in production but for the clock.

Measured:

* one client, ``--requests`` sequential GETs of the Mortgage consultation page with 30
  days of free times (``?days=30``) on one kept-alive connection, after 10 to warm up:
  p50 and p95 in milliseconds (goal: p95 <= 100 ms);
* ``wrk`` with ``--connections`` connections for ``--wrk-seconds`` seconds on the service
  page as a customer first opens it (one week), on the 30-day page, and on the booking
  form of a free time: requests per second, errors (socket errors and answers that are
  neither 2xx nor 3xx) and p50/p95/p99 latency from a Lua ``done()`` (goal: no error,
  p95 <= 300 ms);
* the server process's CPU time per request (user + system, all its threads, from
  /proc), which does not depend on what else the machine runs.

Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, select, text

from app.booking.demo import create_demo
from app.models import Branch, Service, db

ROOT = Path(__file__).resolve().parents[1]
#: Monday 23 November 2026, 09:00 in Toronto, as in the tests.
NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
SERVICE = "Mortgage consultation"

#: wrk's report, as one JSON line the benchmark reads back.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50": %.3f, "p95": %.3f, "p99": %.3f, "max": %.3f}\\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3))
end
"""


@dataclass
class Server:
    base: str
    host: str
    port: int
    process: subprocess.Popen[bytes]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(db_url: str, log: Path, threads: int) -> Iterator[Server]:
    """``frontdesk serve`` on ``db_url`` until the block ends."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "app",
        "--db",
        db_url,
        "--now",
        NOW.isoformat(),
        "serve",
        "--port",
        str(port),
        "--threads",
        str(threads),
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", "127.0.0.1", port, process)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(log.read_text("utf-8", errors="replace"))
            try:
                with urllib.request.urlopen(server.base + "/", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def prepare(db_url: str) -> tuple[int, int]:
    """Migrate ``db_url``, fill it with the demo; the branch's and the service's ids."""
    engine = db.make_engine(db_url)
    try:
        db.upgrade(engine)
        sessions = db.session_factory(engine)
        create_demo(sessions, NOW)
        with sessions() as session:
            branch_id = session.scalars(select(Branch.id)).one()
            service_id = session.scalars(select(Service.id).where(Service.name == SERVICE)).one()
    finally:
        engine.dispose()
    return branch_id, service_id


def timed_gets(server: Server, path: str, count: int, warm: int = 10) -> tuple[list[float], str]:
    """``count`` sequential GETs on one kept-alive connection: their times (ms), the last
    page."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
    times: list[float] = []
    body = ""
    try:
        for i in range(warm + count):
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read().decode()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                raise RuntimeError(f"GET {path}: {response.status}")
            if i >= warm:
                times.append(elapsed)
    finally:
        connection.close()
    return times, body


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far (Linux /proc), all threads;
    what a request costs the server whatever else the machine is doing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def wrk(url: str, connections: int, seconds: int, script: Path) -> dict[str, float]:
    """One bounded wrk run; its summary as the Lua script wrote it."""
    command = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("{")][-1]
    result: dict[str, float] = json.loads(line)
    return result


@contextmanager
def postgresql() -> Iterator[Callable[[str], str]]:
    from tests.support.pgserver import PgServer

    server = PgServer()
    admin = server.start()

    def make(name: str) -> str:
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        engine.dispose()
        return admin.rsplit("/", 1)[0] + f"/{name}"

    try:
        yield make
    finally:
        server.stop()


def measure(
    name: str, db_url: str, args: argparse.Namespace, tmp: Path, rows: list[list[str]]
) -> None:
    started = time.perf_counter()
    branch_id, service_id = prepare(db_url)
    print(f"{name}: demo data in {time.perf_counter() - started:.1f} s", flush=True)
    page = f"/b/{branch_id}/services/{service_id}/"
    with serving(db_url, tmp / f"serve-{name}.log", args.threads) as server:
        cpu = cpu_seconds(server.process.pid)
        times, body = timed_gets(server, page + "?days=30", args.requests)
        cpu = (cpu_seconds(server.process.pid) - cpu) * 1000 / (len(times) + 10)
        days = len(re.findall(r'class="day"', body))
        slots = len(re.findall(r'class="slot"', body))
        first = re.search(r'class="slot" data-start="[^"]+" href="([^"]+)"', body)
        form = first.group(1).replace("&amp;", "&") if first else page
        rows.append(
            [
                name,
                f"30-day page, 1 client ({days} days, {slots} times)",
                f"{len(times)}",
                f"{statistics.median(times):.1f}",
                f"{percentile(times, 0.95):.1f}",
                "",
                "",
                f"{cpu:.1f}",
            ]
        )
        print(rows[-1], flush=True)
        if args.no_wrk or shutil.which("wrk") is None:
            return
        script = tmp / "report.lua"
        script.write_text(WRK_SCRIPT, "utf-8")
        for what, path in (
            ("service page (a week)", page),
            ("30-day service page", page + "?days=30"),
            ("booking form GET", form),
        ):
            cpu = cpu_seconds(server.process.pid)
            got = wrk(server.base + path, args.connections, args.wrk_seconds, script)
            cpu = (cpu_seconds(server.process.pid) - cpu) * 1000 / max(got["requests"], 1)
            errors = sum(int(got[k]) for k in ("connect", "read", "write", "status", "timeout"))
            rows.append(
                [
                    name,
                    f"{what}, {args.connections} connections, {args.wrk_seconds} s",
                    f"{int(got['requests'])}",
                    f"{got['p50']:.1f}",
                    f"{got['p95']:.1f}",
                    f"{got['requests'] / got['seconds']:.1f}",
                    f"{errors}",
                    f"{cpu:.1f}",
                ]
            )
            print(rows[-1], flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--no-wrk", action="store_true", help="skip the load runs")
    parser.add_argument("--wrk-seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=8, help="frontdesk serve --threads")
    args = parser.parse_args()
    rows: list[list[str]] = []
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        measure("SQLite", f"sqlite:///{tmp / 'bench.sqlite3'}", args, tmp, rows)
        if not args.sqlite_only:
            with postgresql() as make:
                measure("PostgreSQL", make("bench_web"), args, tmp, rows)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print()
    header = [
        "database",
        "measure",
        "requests",
        "p50 ms",
        "p95 ms",
        "req/s",
        "errors",
        "server CPU ms/request",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
