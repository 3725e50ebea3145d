"""Customer search on 100,000 customers, on SQLite and on PostgreSQL.

Run: ``.venv/bin/python -m benchmarks.bench_customer_search [--customers N] [--queries N]``.

Generates a deterministic address book (accented French and English names, Canadian and
some foreign numbers, e-mails; some records without phone or e-mail), bulk-inserts it
into a temporary SQLite file and into a throw-away PostgreSQL server (both migrated with
the real migrations, so the FTS5 trigram table and the pg_trgm GIN index are the
product's), then times ``app.booking.customers.find_customers`` over a few hundred mixed
queries: name fragments, two-letter words, phone digits, e-mail parts and misses. Each
query runs in a fresh session, as the desk does. Prints p50/p95/max per database and per
kind of query. The goal is 20 ms at the 95th percentile; nothing is asserted.

``--sqlite-cache-mb N`` runs SQLite a second time with ``PRAGMA cache_size`` raised to N MiB
on every connection (the product's engine keeps SQLite's 2 MiB default), to show what that
setting would change. The load average is printed because other work on the machine
inflates the times.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from app.booking.customers import find_customers, fold, search_text_for
from app.models import Customer
from app.models import db as dbm
from tests.support.pgserver import PgServer

SEED = 20261122
GOAL_MS = 20.0

FIRST_NAMES = (
    "Éloïse Zoé Chloé Léa Noémie Maëlle Inès Amélie Hélène Renée Geneviève Josée Mélanie "
    "Sophie Camille Emma Olivia Charlotte Alice Julie Marie Anne Isabelle Nathalie Sylvie "
    "Valérie Élodie Océane Frédérique Ariane Jade Rosalie Laurence Mia Ava Grace Emily "
    "José François Jérôme Gaël Mathéo Théo Loïc Benoît Stéphane Sébastien André René Léo "
    "Jean Pierre Marc Luc Louis Olivier Étienne Mathieu Nicolas Simon Félix Raphaël Noah "
    "William Liam James Thomas David Michael Daniel Ryan Kevin Søren Björn Łukasz Jürgen "
    "Nguyễn Wei Ming Priya Arjun Fatima Omar Youssef Ahmed Ana Lucía Sofía Mateo Diego"
).split()
LAST_NAMES = (
    "Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet Pelletier "
    "Bélanger Lévesque Bergeron Leblanc Paquette Girard Simard Boucher Caron Beaulieu "
    "Cloutier Dubé Poirier Fournier Lapointe Leclerc Lefebvre Poulin Thibault St-Pierre "
    "Nadeau Martin Landry Martel Bédard Grenier Lessard Bernier Richard Michaud Hébert "
    "Desjardins Couture Turcotte Lachance Parent Blais Gosselin Savard Proulx Beaudoin "
    "Demers Perron Boudreau Ménard Séguin Plante Charbonneau Vézina Brisson Laflamme "
    "Smith Brown Wilson Taylor Campbell Anderson Johnson Williams Jones MacDonald O'Brien "
    "Nguyen Li Wang Chen Zhang Singh Patel Sharma Kim Park García Rodríguez Hernández "
    "López Müller Schröder Wagner Rossi Russo Ferreira Silva Kowalski Nowak Øvergaard"
).split()
AREA_CODES = ("416", "647", "437", "905", "514", "438", "450", "418", "613", "819", "604")
DOMAINS = (
    "gmail.com videotron.ca bell.net hotmail.com outlook.com yahoo.ca icloud.com "
    "sympatico.ca rogers.com example.org banque-exemple.ca"
).split()


def generate(count: int, rng: random.Random) -> list[dict[str, object]]:
    """Rows ready for a bulk insert; search_text comes from the product's own function."""
    now = datetime(2026, 11, 22, 12, tzinfo=UTC)
    rows: list[dict[str, object]] = []
    for i in range(count):
        first = rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        if rng.random() < 0.08:
            last = f"{last}-{rng.choice(LAST_NAMES)}"
        name = f"{first} {last}"
        roll = rng.random()
        if roll < 0.10:
            phone = None
        elif roll < 0.14:
            phone = f"+336{rng.randrange(10_000_000, 99_999_999)}"
        elif roll < 0.16:
            phone = f"+447700{rng.randrange(100_000, 999_999)}"
        else:
            exchange = rng.randrange(200, 999)
            phone = f"+1{rng.choice(AREA_CODES)}{exchange}{rng.randrange(0, 9999):04d}"
        email: str | None = None
        if rng.random() < 0.85:
            local = fold(f"{first}.{last}").replace(" ", "").replace("'", "")
            email = f"{local}{rng.randrange(1, 999) if rng.random() < 0.6 else ''}"
            email = f"{email}@{rng.choice(DOMAINS)}"
        rows.append(
            {
                "id": i + 1,
                "name": name,
                "phone": phone,
                "email": email,
                "notes": None,
                "fields": {},
                "search_text": search_text_for(name, phone, email),
                "created_at": now,
                "updated_at": now,
            }
        )
    return rows


def make_queries(
    rows: list[dict[str, object]], count: int, rng: random.Random
) -> list[tuple[str, str]]:
    """(kind, query) pairs in a fixed shuffled order, drawn from the generated data."""
    per_kind = max(1, count // 8)
    out: list[tuple[str, str]] = []

    def pick() -> dict[str, object]:
        return rows[rng.randrange(len(rows))]

    for _ in range(per_kind):
        name = str(pick()["name"])
        start = rng.randrange(0, max(1, len(name) - 4))
        out.append(("name fragment", name[start : start + rng.randrange(3, 7)].strip() or name))
    for _ in range(per_kind):
        first, last = str(pick()["name"]).split(" ", 1)
        out.append(("first + last", f"{first[: rng.randrange(2, 5)]} {last[:4]}"))
    for _ in range(per_kind):
        out.append(("full name typed bare", fold(str(pick()["name"]))))
    for _ in range(per_kind):
        out.append(("2-letter word", fold(str(pick()["name"]))[:2]))
    for _ in range(per_kind):
        phone = None
        while not phone:
            phone = pick()["phone"]
        digits = str(phone)[2:]
        start = rng.randrange(0, len(digits) - 4)
        fragment = digits[start : start + rng.randrange(3, 8)]
        out.append(
            ("phone digits", fragment if rng.random() < 0.5 else f"{fragment[:3]} {fragment[3:]}")
        )
    for _ in range(per_kind):
        email = None
        while not email:
            email = pick()["email"]
        local, domain = str(email).split("@")
        out.append(("e-mail part", rng.choice([local[:6], f"{local}@", domain.split(".")[0]])))
    for _ in range(per_kind):
        out.append(
            (
                "miss",
                rng.choice(
                    [
                        "zzqx",
                        "qwertyuiop",
                        "xylophone",
                        "9999999",
                        "kq",
                        "jo zzz",
                        "@nowhere.invalid",
                    ]
                ),
            )
        )
    for _ in range(per_kind):
        out.append(
            ("mixed", f"{fold(str(pick()['name'])).split(' ')[-1][:5]} {rng.randrange(10, 99)}")
        )
    rng.shuffle(out)
    return out


def bulk_insert(engine: Engine, rows: list[dict[str, object]]) -> float:
    started = time.perf_counter()
    table = Customer.__table__
    with engine.begin() as conn:
        for start in range(0, len(rows), 5_000):
            conn.execute(insert(table), rows[start : start + 5_000])
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT setval('customers_id_seq', (SELECT max(id) FROM customers))"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    return time.perf_counter() - started


def time_queries(
    sessions: sessionmaker[Session], queries: list[tuple[str, str]]
) -> dict[str, list[float]]:
    """Milliseconds per query, by kind and overall; a first untimed pass warms caches."""
    for _kind, query in queries[:50]:
        with sessions() as s:
            find_customers(s, query)
    timings: dict[str, list[float]] = {"all": []}
    for kind, query in queries:
        with sessions() as s:
            started = time.perf_counter()
            find_customers(s, query)
            elapsed = (time.perf_counter() - started) * 1000
        timings["all"].append(elapsed)
        timings.setdefault(kind, []).append(elapsed)
    return timings


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: the smallest value with at least q of the values <= it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def report(database: str, load_s: float, timings: dict[str, list[float]]) -> None:
    loaded = f"loaded in {load_s:.1f} s, " if load_s else ""
    print(f"\n{database}: {loaded}load average {os.getloadavg()[0]:.2f}")
    print(f"  {'kind':<22}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind in ["all", *sorted(k for k in timings if k != "all")]:
        values = timings[kind]
        print(
            f"  {kind:<22}{len(values):>5}{statistics.median(values):>9.2f}"
            f"{percentile(values, 0.95):>9.2f}{max(values):>9.2f}"
        )
    p95 = percentile(timings["all"], 0.95)
    verdict = "meets" if p95 <= GOAL_MS else "misses"
    print(f"  p95 {p95:.2f} ms {verdict} the {GOAL_MS:.0f} ms goal")


@contextmanager
def postgres_url() -> Iterator[str]:
    server = PgServer()
    admin = server.start()
    try:
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("CREATE DATABASE bench"))
        engine.dispose()
        yield make_url(admin).set(database="bench").render_as_string(hide_password=False)
    finally:
        server.stop()


def run(
    url: str,
    label: str,
    rows: list[dict[str, object]],
    queries: list[tuple[str, str]],
    cache_mb: int | None = None,
) -> None:
    engine = dbm.make_engine(url)
    try:
        dbm.upgrade(engine)
        load_s = bulk_insert(engine, rows)
        report(label, load_s, time_queries(dbm.session_factory(engine), queries))
    finally:
        engine.dispose()
    if not cache_mb:
        return
    engine = dbm.make_engine(url)

    @event.listens_for(engine, "connect")
    def _cache(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA cache_size=-{cache_mb * 1024}")
        cursor.close()

    try:
        timings = time_queries(dbm.session_factory(engine), queries)
        report(f"{label} with cache_size {cache_mb} MiB", 0.0, timings)
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--sqlite-cache-mb", type=int, default=None, metavar="N")
    args = parser.parse_args()
    rng = random.Random(SEED)
    started = time.perf_counter()
    rows = generate(args.customers, rng)
    queries = make_queries(rows, args.queries, rng)
    print(
        f"{len(rows):,} customers generated in {time.perf_counter() - started:.1f} s; "
        f"{len(queries)} queries; load average {os.getloadavg()[0]:.2f}"
    )
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory(prefix="frontdesk-bench-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            run(url, "SQLite", rows, queries, args.sqlite_cache_mb)
    if args.only != "sqlite":
        with postgres_url() as url:
            run(url, "PostgreSQL", rows, queries)


if __name__ == "__main__":
    main()
