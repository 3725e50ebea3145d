"""The calendar controller loads snapshots off the GUI thread and keeps them current."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking.calendar_data import CalendarSnapshot
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.clock import fixed_clock
from app.views.calendar.controller import CalendarController, Request
from app.views.desk import DeskState
from app.views.watcher import ChangeWatcher
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")


def _book(sessions: sessionmaker[Session], known: dict[str, int], customer: int, hour: int) -> int:
    request = use.BookingRequest(
        service_id=known["Account opening"],
        start=datetime(2026, 11, 24, hour, 0, tzinfo=TZ),
        agent_id=known["Carla Diaz"],
        customer_id=customer,
    )
    return run_write(sessions, lambda s: use.book(s, load_actor(s), request, MONDAY_9AM)).id


def test_loads_reloads_on_change_and_keeps_the_last_request(
    qtbot: QtBot, db_url: str, sessions: sessionmaker[Session]
) -> None:
    apply_riverside(sessions)
    with sessions() as session:
        known = ids(session)
        (customer,) = add_customers(session, 1)
    first = _book(sessions, known, customer, 9)
    state = DeskState(sessions, "test", "Front desk", fixed_clock(MONDAY_9AM))
    controller = CalendarController(state)
    week = Request(known["branch"], date(2026, 11, 23), date(2026, 11, 29))
    with qtbot.waitSignal(controller.snapshot_ready, timeout=10_000) as blocker:
        controller.show(Request(known["branch"], date(2026, 12, 7), date(2026, 12, 13)))
        controller.show(week)  # replaces the first before it is shown
    snapshot = blocker.args[0]
    assert isinstance(snapshot, CalendarSnapshot)
    assert (snapshot.first, snapshot.last) == (week.first, week.last)
    assert [a.id for a in snapshot.appointments] == [first]

    watcher = ChangeWatcher(db_url, interval=0.1)
    watcher.changed.connect(controller.on_change)
    watcher.start()
    try:
        assert watcher.ready.wait(10)
        with qtbot.waitSignal(controller.snapshot_ready, timeout=10_000) as blocker:
            second = _book(sessions, known, customer, 11)
        assert [a.id for a in blocker.args[0].appointments] == [first, second]
    finally:
        watcher.stop()
        controller.close()
