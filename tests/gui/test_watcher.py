"""Changes committed elsewhere reach a watching desk: with their range on PostgreSQL,
as "something changed" on SQLite; and nothing is announced for a rolled-back change."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking.changes import Change
from app.booking.errors import BookingError
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.views.watcher import ChangeWatcher
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")


def test_a_booking_elsewhere_is_noticed(
    qtbot: QtBot, db_url: str, backend: str, sessions: sessionmaker[Session]
) -> None:
    apply_riverside(sessions)
    with sessions() as session:
        known = ids(session)
        (customer,) = add_customers(session, 1)
    watcher = ChangeWatcher(db_url, interval=0.1)
    watcher.start()
    try:
        assert watcher.ready.wait(10)
        start = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
        request = use.BookingRequest(
            service_id=known["Account opening"],
            start=start,
            agent_id=known["Bob Chen"],
            customer_id=customer,
        )
        with qtbot.waitSignal(watcher.changed, timeout=10_000) as blocker:
            appt = run_write(sessions, lambda s: use.book(s, load_actor(s), request, MONDAY_9AM))
        change = blocker.args[0]
        assert isinstance(change, Change)
        if backend == "postgresql":
            assert change.branch_id == known["branch"]
            assert change.appointment_ids == (appt.id,)
            assert change.start is not None
            assert change.start <= start
            assert not change.touches(known["branch"] + 1, start, start)
        else:
            assert change.start is None
        assert change.touches(known["branch"], start, start.replace(hour=11))
    finally:
        watcher.stop()


def test_payload_survives_a_round_trip_and_garbage() -> None:
    change = Change(3, datetime(2026, 1, 1, tzinfo=TZ), datetime(2026, 1, 2, tzinfo=TZ), (7, 8))
    assert Change.from_json(change.to_json()) == change
    assert Change.from_json("not json") == Change(None, None, None)


def test_a_refused_booking_announces_nothing(
    qtbot: QtBot, db_url: str, sessions: sessionmaker[Session]
) -> None:
    apply_riverside(sessions)
    with sessions() as session:
        known = ids(session)
        (customer,) = add_customers(session, 1)
    watcher = ChangeWatcher(db_url, interval=0.1)
    watcher.start()
    try:
        assert watcher.ready.wait(10)
        sunday = use.BookingRequest(
            service_id=known["Account opening"],
            start=datetime(2026, 11, 29, 10, 0, tzinfo=TZ),
            agent_id=known["Bob Chen"],
            customer_id=customer,
        )
        with (
            qtbot.assertNotEmitted(watcher.changed, wait=1000),
            pytest.raises(BookingError, match="does not take"),
        ):
            run_write(sessions, lambda s: use.book(s, load_actor(s), sunday, MONDAY_9AM))
    finally:
        watcher.stop()
