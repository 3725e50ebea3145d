"""No double booking, ever: several processes race for one agent's time.

Each worker is a separate process with its own engine and connection, released by a
barrier at the same moment. Exactly one booking may win; every other gets slot_taken.
"""

from __future__ import annotations

import multiprocessing as mp
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Appointment, StatusDefinition
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")
WORKERS = 8


def _book_worker(
    url: str, barrier: Any, results: Any, service: int, agent: int, customer: int, start: str
) -> None:
    from app.booking import appointments as use
    from app.booking.errors import BookingError
    from app.booking.permissions import load_actor
    from app.booking.transactions import run_write
    from app.models import db

    engine = db.make_engine(url)
    sessions = db.session_factory(engine)
    request = use.BookingRequest(
        service_id=service,
        start=datetime.fromisoformat(start),
        agent_id=agent,
        customer_id=customer,
        field_values={"Estimated loan amount": "1"},
    )
    try:
        with sessions() as s:
            load_actor(s)  # warm up: connect before the race starts
        barrier.wait(timeout=60)
        appt = run_write(sessions, lambda s: use.book(s, load_actor(s), request, MONDAY_9AM))
        results.put(("ok", appt.id))
    except BookingError as exc:
        results.put((exc.code, None))
    except Exception as exc:  # reported to the test, which fails on it
        results.put(("error", repr(exc)))
    finally:
        engine.dispose()


def _confirm_worker(url: str, barrier: Any, results: Any, appt_id: int) -> None:
    from app.booking import appointments as use
    from app.booking.errors import BookingError
    from app.booking.permissions import load_actor
    from app.booking.transactions import run_write
    from app.models import db

    engine = db.make_engine(url)
    sessions = db.session_factory(engine)
    try:
        with sessions() as s:
            load_actor(s)
        barrier.wait(timeout=60)
        run_write(
            sessions,
            lambda s: use.set_status(s, load_actor(s), appt_id, "confirmed", MONDAY_9AM),
        )
        results.put(("ok", appt_id))
    except BookingError as exc:
        results.put((exc.code, appt_id))
    except Exception as exc:
        results.put(("error", repr(exc)))
    finally:
        engine.dispose()


def _race(target: Any, args_list: list[tuple[Any, ...]]) -> list[tuple[str, Any]]:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.test_concurrency"])
    barrier = ctx.Barrier(len(args_list))
    results = ctx.Queue()
    procs = [ctx.Process(target=target, args=(a[0], barrier, results, *a[1:])) for a in args_list]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return outcomes


@pytest.mark.slow
def test_eight_desks_one_winner(db_url: str, sessions: sessionmaker[Session]) -> None:
    apply_riverside(sessions)
    with sessions() as session:
        known = ids(session)
        customers = add_customers(session, WORKERS)
    start = datetime(2026, 11, 24, 10, 15, tzinfo=TZ).isoformat()
    outcomes = _race(
        _book_worker,
        [
            (db_url, known["Mortgage consultation"], known["Alice Martin"], c, start)
            for c in customers
        ],
    )
    codes = sorted(code for code, _ in outcomes)
    assert codes == ["ok"] + ["slot_taken"] * (WORKERS - 1), outcomes
    with sessions() as session:
        rows = session.scalars(select(Appointment)).all()
        assert len(rows) == 1


@pytest.mark.slow
def test_confirming_two_requests_for_one_time(db_url: str, sessions: sessionmaker[Session]) -> None:
    """A branch whose pending requests do not hold the time: two requests for the same time
    may wait side by side, but only one of them can be confirmed."""
    apply_riverside(sessions)
    with sessions() as session:
        pending = session.scalars(
            select(StatusDefinition).where(StatusDefinition.key == "pending")
        ).one()
        pending.blocks_time = False
        session.commit()
        known = ids(session)
        customers = add_customers(session, 2)
    from app.booking import appointments as use
    from app.booking.permissions import load_actor

    made = []
    for customer in customers:
        with sessions() as session:
            appt = use.book(
                session,
                load_actor(session),
                use.BookingRequest(
                    service_id=known["Mortgage consultation"],
                    start=datetime(2026, 11, 24, 9, 0, tzinfo=TZ),
                    agent_id=known["Alice Martin"],
                    customer_id=customer,
                    field_values={"Estimated loan amount": "1"},
                ),
                MONDAY_9AM,
            )
            session.commit()
            assert appt.status.key == "pending"
            made.append(appt.id)
    outcomes = _race(_confirm_worker, [(db_url, appt_id) for appt_id in made])
    assert sorted(code for code, _ in outcomes) == ["ok", "slot_taken"], outcomes
    with sessions() as session:
        keys = sorted(
            session.scalars(
                select(StatusDefinition.key).join(
                    Appointment, Appointment.status_id == StatusDefinition.id
                )
            )
        )
        assert keys == ["confirmed", "pending"]
