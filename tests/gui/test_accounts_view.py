"""The calendar accounts screen with pytest-qt, on SQLite and PostgreSQL.

Bob Chen's CalDAV account is connected from the dialog against a real Radicale server
(the password lands in the keyring only), synced with "Sync now", paused, resumed and
removed; his moves and deletions in the calendar come up under "Changes to review",
where Accept and "Keep the desk's version" each settle one in one transaction. A fake
provider with 10,000 events shows the sync runs off the GUI thread (its timing is a
benchmark: benchmarks/bench_sync_gui.py).
The clock is Monday 23 November 2026, 09:00 in Toronto (tests/support/riverside.py).
"""

from __future__ import annotations

import gc
import itertools
import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from caldav.davclient import DAVClient
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QStandardItemModel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking.appointments import BookingRequest
from app.booking.permissions import load_actor
from app.clock import fixed_clock
from app.models import Base, CalendarAccount, ExternalBusy, OutboxItem
from app.sync import accounts, engine
from app.sync.outbox import event_uid
from app.sync.provider import (
    BusyInterval,
    CalendarInfo,
    CalendarProvider,
    Changes,
    EventData,
    OwnEvent,
    WriteResult,
)
from app.views.accounts_view import AccountsView, provider_available
from app.views.desk import DeskState
from tests.support.keyring_backend import MemoryKeyring
from tests.support.radicale import RadicaleServer
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")
NOW = MONDAY_9AM
USER = "bob"
PASSWORD = "Vw-accounts-secret-8841"
_names = itertools.count()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    server = RadicaleServer(tmp_path_factory.mktemp("radicale-accounts"), {USER: PASSWORD})
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def calendar(radicale: RadicaleServer) -> str:
    return radicale.make_calendar(USER, f"desk{next(_names)}")


@pytest.fixture
def found(sessions: sessionmaker[Session], memory_keyring: MemoryKeyring) -> dict[str, int]:
    """Riverside with four customers."""
    apply_riverside(sessions)
    with sessions() as session:
        out = ids(session)
        for i, cid in enumerate(add_customers(session, 4)):
            out[f"c{i}"] = cid
        session.commit()
    return out


def _connect(
    sessions: sessionmaker[Session], found: dict[str, int], radicale: RadicaleServer, cal: str
) -> int:
    with sessions() as session:
        account = accounts.add_account(
            session,
            load_actor(session),
            NOW,
            agent_id=found["Bob Chen"],
            provider="caldav",
            server_url=radicale.url,
            username=USER,
            password=PASSWORD,
            target_calendar=cal,
        )
        session.commit()
        return account.id


def _book(sessions: sessionmaker[Session], found: dict[str, int], start: datetime, c: int) -> int:
    with sessions() as session:
        appt = use.book(
            session,
            load_actor(session),
            BookingRequest(
                service_id=found["Account opening"],
                start=start,
                customer_id=found[f"c{c}"],
                agent_id=found["Bob Chen"],
            ),
            NOW,
        )
        session.commit()
        return appt.id


def _client(radicale: RadicaleServer) -> DAVClient:
    return DAVClient(url=radicale.url, username=USER, password=PASSWORD, enable_rfc6764=False)


def _events(radicale: RadicaleServer, cal: str) -> dict[str, icalendar.Event]:
    with _client(radicale) as client:
        found: dict[str, icalendar.Event] = {}
        for obj in client.calendar(url=cal).events():
            for comp in icalendar.Calendar.from_ical(obj.data).walk("VEVENT"):
                found[str(comp["UID"])] = comp
        return found


def _move(radicale: RadicaleServer, cal: str, uid: str, start: datetime, end: datetime) -> None:
    """The agent moves the desk's event in their own calendar program."""
    event = _events(radicale, cal)[uid]
    event["DTSTART"] = icalendar.vDDDTypes(start.astimezone(UTC))
    event["DTEND"] = icalendar.vDDDTypes(end.astimezone(UTC))
    body = icalendar.Calendar()
    body.add("version", "2.0")
    body.add("prodid", "-//Other client//EN")
    body.add_component(event)
    with _client(radicale) as client:
        assert client.put(f"{cal}{uid}.ics", body.to_ical().decode()).status == 204


def _delete(radicale: RadicaleServer, cal: str, uid: str) -> None:
    with _client(radicale) as client:
        assert client.delete(f"{cal}{uid}.ics").status in (200, 204)


def _state(sessions: sessionmaker[Session], now: datetime = NOW) -> DeskState:
    return DeskState(sessions, "test", "Front desk", fixed_clock(now))


_opened: list[AccountsView] = []


@pytest.fixture(autouse=True)
def _work_ends_with_the_test(sessions: sessionmaker[Session]) -> Iterator[None]:
    """No read of a view outlives its test's database."""
    yield
    while _opened:
        _opened.pop().wait_for_work()


def open_view(qtbot: QtBot, state: DeskState, **kwargs: Any) -> AccountsView:
    view = AccountsView(state, **kwargs)
    _opened.append(view)
    qtbot.addWidget(view)
    view.resize(1300, 640)
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.show()
    return view


def refresh(qtbot: QtBot, view: AccountsView) -> None:
    """A read that starts after everything done so far."""
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=30_000)
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.refresh()


def click(qtbot: QtBot, button: Any) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _secret_in_database(sessions: sessionmaker[Session], secret: str) -> list[str]:
    hits = []
    with sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                if any(secret in str(value) for value in row):
                    hits.append(table.name)
    return hits


def test_dialog_finds_calendars_and_connects_with_the_password_in_the_keyring_only(
    qtbot: QtBot,
    sessions: sessionmaker[Session],
    found: dict[str, int],
    radicale: RadicaleServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
    qtmodeltester: ModelTester,
) -> None:
    caplog.set_level(logging.DEBUG)
    other = radicale.make_calendar(USER, f"personal{next(_names)}")
    view = open_view(qtbot, _state(sessions))
    assert view.model.rowCount() == 0
    assert view.review_list.count() == 0
    assert not view.sync_button.isEnabled()

    click(qtbot, view.add_button)
    dialog = view.dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.agent_box.setCurrentIndex(dialog.agent_box.findText("Bob Chen"))
    providers = dialog.provider_box.model()
    assert isinstance(providers, QStandardItemModel)
    for i in range(dialog.provider_box.count()):
        name = str(dialog.provider_box.itemData(i))
        assert providers.item(i).isEnabled() == provider_available(name)
    assert provider_available("caldav")
    assert not provider_available("fax")
    qtbot.keyClicks(dialog.url_edit, radicale.url)
    qtbot.keyClicks(dialog.user_edit, USER)

    # a wrong password is refused in plain words, without the password typed
    qtbot.keyClicks(dialog.password_edit, "wrong-" + PASSWORD)
    with qtbot.waitSignal(dialog.calendars_found, timeout=20_000):
        click(qtbot, dialog.find_button)
    qtbot.waitUntil(dialog.find_button.isEnabled)
    assert dialog.message.text()
    assert dialog.message.font().bold()
    assert PASSWORD not in dialog.message.text()
    assert dialog.target_box.count() == 1  # only "Not added to a calendar"

    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.calendars_found, timeout=20_000):
        click(qtbot, dialog.find_button)
    qtbot.waitUntil(lambda: dialog.find_button.isEnabled())
    targets = [str(dialog.target_box.itemData(i)) for i in range(1, dialog.target_box.count())]
    assert calendar in targets
    assert other in targets
    dialog.target_box.setCurrentIndex(dialog.target_box.findData(calendar))
    for i in range(dialog.check_list.count()):
        item = dialog.check_list.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == other:
            item.setCheckState(Qt.CheckState.Checked)

    with (
        qtbot.waitSignal(view.accounts_changed, timeout=10_000),
        qtbot.waitSignal(view.refreshed, timeout=10_000),
    ):
        click(qtbot, dialog.save_button)
    assert view.dialog is None  # closed
    assert view.model.rowCount() == 1
    qtmodeltester.check(view.model)
    row = view.model.row_at(0)
    assert row is not None
    assert (row.agent, row.provider, row.target_calendar, row.checked) == (
        "Bob Chen",
        "caldav",
        calendar,
        [other],
    )
    texts = [view.model.index(0, c).data() for c in range(view.model.columnCount())]
    assert texts[0] == "Bob Chen"
    assert texts[1] == "CalDAV"
    assert texts[6] == "never"
    assert texts[7] == "Mon 23 Nov 09:00"  # next run, in Toronto time
    assert list(memory_keyring.passwords.values()) == [PASSWORD]
    assert _secret_in_database(sessions, PASSWORD) == []
    assert PASSWORD not in caplog.text


def test_sync_now_pause_resume_and_remove(
    qtbot: QtBot,
    sessions: sessionmaker[Session],
    found: dict[str, int],
    radicale: RadicaleServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    account_id = _connect(sessions, found, radicale, calendar)
    appt_id = _book(sessions, found, at(23, 10), 0)
    view = open_view(qtbot, _state(sessions))
    assert view.model.index(0, 8).data() == "1"  # one calendar write waiting
    assert view.model.index(0, 3).data() == calendar

    assert view.select_account(account_id)
    with qtbot.waitSignal(view.synced, timeout=30_000) as synced:
        click(qtbot, view.sync_button)
        assert not view.sync_button.isEnabled()  # one sync at a time
    report = synced.args[0]
    assert isinstance(report, engine.SyncReport)
    assert len(report.pushed) == 1
    assert report.error is None
    assert "1 calendar write" in view.status_label.text()
    qtbot.waitUntil(lambda: view.model.index(0, 8).data() == "0", timeout=10_000)
    assert view.model.index(0, 6).data() == "Mon 23 Nov 09:00"
    assert event_uid(appt_id, account_id) in _events(radicale, calendar)

    assert view.select_account(account_id)
    with qtbot.waitSignal(view.accounts_changed, timeout=10_000):
        click(qtbot, view.enable_button)
    refresh(qtbot, view)
    assert view.model.index(0, 0).data() == "Bob Chen (paused)"
    assert view.model.index(0, 7).data() == "paused"
    assert view.select_account(account_id)
    assert view.enable_button.text() == "Res&ume"
    with qtbot.waitSignal(view.accounts_changed, timeout=10_000):
        click(qtbot, view.enable_button)
    refresh(qtbot, view)
    with sessions() as session:
        row = session.get(CalendarAccount, account_id)
        assert row is not None
        assert row.enabled
        actions = session.execute(
            text("SELECT action FROM audit_log WHERE entity_type = 'calendar_account'")
        ).scalars()
        assert {"calendar_account.disable", "calendar_account.enable"} <= set(actions)

    # declining the confirmation keeps the account
    asked: list[str] = []

    def decline(question: str) -> bool:
        asked.append(question)
        return False

    monkeypatch.setattr(view, "confirm", decline)
    assert view.select_account(account_id)
    click(qtbot, view.remove_button)
    assert "Bob Chen" in asked[0]
    with sessions() as session:
        assert session.get(CalendarAccount, account_id) is not None

    monkeypatch.setattr(view, "confirm", lambda q: True)
    assert view.select_account(account_id)
    with qtbot.waitSignal(view.accounts_changed, timeout=10_000):
        click(qtbot, view.remove_button)
    refresh(qtbot, view)
    assert view.model.rowCount() == 0
    assert memory_keyring.passwords == {}
    with sessions() as session:
        assert session.scalars(select(CalendarAccount)).all() == []


def test_changes_to_review_accept_and_keep(
    qtbot: QtBot,
    sessions: sessionmaker[Session],
    found: dict[str, int],
    radicale: RadicaleServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
    qtmodeltester: ModelTester,
) -> None:
    account_id = _connect(sessions, found, radicale, calendar)
    moved = _book(sessions, found, at(23, 10), 0)
    deleted = _book(sessions, found, at(23, 11), 1)
    kept = _book(sessions, found, at(23, 13), 2)
    assert len(engine.sync_account(sessions, account_id, NOW).pushed) == 3
    _move(radicale, calendar, event_uid(moved, account_id), at(23, 15), at(23, 15, 30))
    _move(radicale, calendar, event_uid(kept, account_id), at(23, 16), at(23, 16, 30))
    _delete(radicale, calendar, event_uid(deleted, account_id))
    later = NOW + timedelta(minutes=5)
    assert len(engine.sync_account(sessions, account_id, later).conflicts) == 3

    view = open_view(qtbot, _state(sessions, later))
    qtmodeltester.check(view.model)
    assert view.model.index(0, view.model.columnCount() - 1).data() == ""
    texts = [view.review_list.item(i).text() for i in range(view.review_list.count())]
    assert len(texts) == 3
    by_id = {
        view.review_list.item(i).data(Qt.ItemDataRole.UserRole): t for i, t in enumerate(texts)
    }
    assert by_id[moved] == (
        "Bob Chen moved Account opening: Customer 0 (Mon 23 Nov 10:00) to "
        "Mon 23 Nov 15:00–15:30 in their calendar."
    )
    assert by_id[deleted] == (
        "Bob Chen deleted Account opening: Customer 1 (Mon 23 Nov 11:00) from their calendar."
    )

    def select(appointment_id: int) -> None:
        for i in range(view.review_list.count()):
            if view.review_list.item(i).data(Qt.ItemDataRole.UserRole) == appointment_id:
                view.review_list.setCurrentRow(i)
                return
        raise AssertionError(f"no change to review for {appointment_id}")

    # accept the move: the appointment moves to the calendar's time, the change is settled
    select(moved)
    with qtbot.waitSignal(view.reviewed, timeout=10_000):
        click(qtbot, view.accept_button)
    refresh(qtbot, view)
    with sessions() as session:
        appt = use.get(session, moved)
        assert appt.start_at == at(23, 15)
        assert moved not in dict(engine.conflicts(session, account_id))

    # accept the deletion: cancelled here with the reason given
    select(deleted)
    with qtbot.waitSignal(view.reviewed, timeout=10_000):
        click(qtbot, view.accept_button)
    refresh(qtbot, view)
    with sessions() as session:
        appt = use.get(session, deleted)
        assert appt.status.predicate == "cancellation"
        reasons = session.execute(
            text("SELECT after FROM audit_log WHERE entity_id = :id AND entity_type = :t"),
            {"id": deleted, "t": "appointment"},
        ).scalars()
        assert any("Deleted in the agent's calendar" in str(r) for r in reasons)

    # keep the desk's version: the conflict goes and the desk's time is written again
    select(kept)
    with qtbot.waitSignal(view.reviewed, timeout=10_000):
        click(qtbot, view.keep_button)
    refresh(qtbot, view)
    assert view.review_list.count() == 0
    assert not view.accept_button.isEnabled()
    assert not view.keep_button.isEnabled()
    with sessions() as session:
        assert engine.conflicts(session, account_id) == []
        assert use.get(session, kept).start_at == at(23, 13)
    report = engine.sync_account(sessions, account_id, later + timedelta(minutes=5))
    assert report.failed == []
    assert report.conflicts == []
    events = _events(radicale, calendar)
    assert events[event_uid(kept, account_id)].decoded("DTSTART") == at(23, 13)
    assert events[event_uid(moved, account_id)].decoded("DTSTART") == at(23, 15)
    assert event_uid(deleted, account_id) not in events


def test_keep_the_desk_version_writes_a_deleted_event_again(
    qtbot: QtBot,
    sessions: sessionmaker[Session],
    found: dict[str, int],
    radicale: RadicaleServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
) -> None:
    account_id = _connect(sessions, found, radicale, calendar)
    appt_id = _book(sessions, found, at(24, 10), 3)
    engine.sync_account(sessions, account_id, NOW)
    _delete(radicale, calendar, event_uid(appt_id, account_id))
    engine.sync_account(sessions, account_id, NOW + timedelta(minutes=5))
    view = open_view(qtbot, _state(sessions, NOW + timedelta(minutes=6)))
    assert view.review_list.count() == 1
    view.review_list.setCurrentRow(0)
    with qtbot.waitSignal(view.reviewed, timeout=10_000):
        click(qtbot, view.keep_button)
    report = engine.sync_account(sessions, account_id, NOW + timedelta(minutes=10))
    assert len(report.pushed) == 1
    assert report.failed == []
    event = _events(radicale, calendar)[event_uid(appt_id, account_id)]
    assert event.decoded("DTSTART") == at(24, 10)


def test_a_receptionist_without_the_permission_is_refused_inline(
    qtbot: QtBot,
    sessions: sessionmaker[Session],
    found: dict[str, int],
    radicale: RadicaleServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
) -> None:
    from app.booking import users

    account_id = _connect(sessions, found, radicale, calendar)
    with sessions() as session:
        users.add_user(
            session,
            load_actor(session),
            NOW,
            username="rita",
            display_name="Rita",
            role="receptionist",
        )
        session.commit()
    state = DeskState(sessions, "test", "Rita", fixed_clock(NOW), username="rita")
    view = open_view(qtbot, state)
    assert view.select_account(account_id)
    with qtbot.waitSignal(view.failed, timeout=10_000) as refused:
        click(qtbot, view.enable_button)
    assert refused.args[0] == view.status_label.text()
    assert "administer" in refused.args[0]
    assert view.status_label.font().bold()
    with sessions() as session:
        row = session.get(CalendarAccount, account_id)
        assert row is not None
        assert row.enabled


class ManyEvents:
    """A calendar with ``count`` other events: a big first listing for one sync."""

    def __init__(self, count: int) -> None:
        self.count = count

    def list_calendars(self) -> list[CalendarInfo]:
        return [CalendarInfo("work", "Work")]

    def read_changes(
        self,
        calendar: str,
        cursor: str | None,
        window: tuple[datetime, datetime],
        zone: ZoneInfo,
    ) -> Changes:
        start = window[0] + timedelta(days=1, hours=1)
        busy = [
            BusyInterval(
                f"ev{i}",
                f"ev{i}",
                start + timedelta(minutes=15 * i),
                start + timedelta(minutes=15 * i + 10),
                "busy",
            )
            for i in range(self.count)
        ]
        return Changes("c1", True, busy)

    def read_event(self, calendar: str, external_id: str) -> OwnEvent | None:
        return None

    def create_event(self, calendar: str, event: EventData) -> WriteResult:
        return WriteResult(event.uid, "e1")

    def update_event(
        self, calendar: str, external_id: str, event: EventData, etag: str | None
    ) -> WriteResult:
        return WriteResult(external_id, "e2")

    def delete_event(self, calendar: str, external_id: str, etag: str | None) -> None:
        return None

    def close(self) -> None:
        return None


def test_a_sync_of_ten_thousand_events_runs_off_the_gui_thread(
    qtbot: QtBot,
    sessions: sessionmaker[Session],
    found: dict[str, int],
    memory_keyring: MemoryKeyring,
) -> None:
    """The behaviour that keeps the desk responsive; how long the GUI thread waits is
    measured by benchmarks/bench_sync_gui.py, not asserted here."""
    with sessions() as session:
        account = accounts.add_account(
            session,
            load_actor(session),
            NOW,
            agent_id=found["Bob Chen"],
            provider="caldav",
            server_url="http://127.0.0.1:9/",
            username=None,
            password=None,
            target_calendar="work",
        )
        session.commit()
        account_id = account.id
    threads: list[int] = []

    def factory(account: CalendarAccount, password: str | None) -> CalendarProvider:
        threads.append(threading.get_ident())
        return ManyEvents(10_000)

    view = open_view(qtbot, _state(sessions), provider_factory=factory)
    assert view.select_account(account_id)
    beats: list[int] = []
    collections: list[int] = []

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    heartbeat = QTimer()
    heartbeat.setInterval(2)
    heartbeat.timeout.connect(lambda: beats.append(1))
    gc.callbacks.append(collected)
    heartbeat.start()
    try:
        with qtbot.waitSignal(view.synced, timeout=120_000) as synced:
            click(qtbot, view.sync_button)
            assert view.is_busy()  # the click returned while the sync runs
            assert not view.sync_button.isEnabled()
    finally:
        heartbeat.stop()
        gc.callbacks.remove(collected)
    report = synced.args[0]
    assert isinstance(report, engine.SyncReport)
    assert report.busy_stored == 10_000
    assert report.error is None
    assert threads
    assert threading.get_ident() not in threads  # the provider ran elsewhere
    assert len(beats) > 20  # the GUI thread served its timer all along
    # the cycle collector stops every thread; the view holds it off during a sync
    assert collections == []
    assert "10000 busy interval(s)" in view.status_label.text()
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=30_000)
    assert gc.isenabled()
    assert view.sync_button.isEnabled()
    with sessions() as session:
        assert len(session.scalars(select(ExternalBusy.id)).all()) == 10_000


def test_screenshot(
    qtbot: QtBot,
    sessions: sessionmaker[Session],
    found: dict[str, int],
    radicale: RadicaleServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
    db_url: str,
) -> None:
    account_id = _connect(sessions, found, radicale, calendar)
    moved = _book(sessions, found, at(23, 10), 0)
    deleted = _book(sessions, found, at(23, 11), 1)
    engine.sync_account(sessions, account_id, NOW)
    _move(radicale, calendar, event_uid(moved, account_id), at(23, 15), at(23, 15, 30))
    _delete(radicale, calendar, event_uid(deleted, account_id))
    engine.sync_account(sessions, account_id, NOW + timedelta(minutes=5))
    with sessions() as session:
        accounts.add_account(
            session,
            load_actor(session),
            NOW,
            agent_id=found["Alice Martin"],
            provider="caldav",
            server_url="http://127.0.0.1:9/",
            username="alice",
            password=None,
            target_calendar=None,
            checked=["http://127.0.0.1:9/alice/personal/"],
        )
        session.add(
            OutboxItem(
                kind="calendar",
                action="create",
                idempotency_key="screenshot-failed",
                appointment_id=moved,
                account_id=account_id,
                payload={},
                state="failed",
                created_at=NOW,
                due_at=NOW,
                attempts=10,
                last_error="The calendar server refused the write.",
            )
        )
        session.commit()
    view = open_view(qtbot, _state(sessions, NOW + timedelta(minutes=6)))
    assert view.model.rowCount() == 2
    assert view.review_list.count() == 2
    view.select_account(account_id)
    if db_url.startswith("sqlite"):
        path = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "accounts.png"
        assert view.grab().save(str(path))
