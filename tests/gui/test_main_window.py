"""The desk's main window with its real views, dialogs and shortcuts, on both databases."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking.calendar_data import CalendarSnapshot
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.clock import fixed_clock
from app.views.calendar.navigation import ViewMode
from app.views.desk import DeskState
from app.views.main_window import MainWindow
from app.views.watcher import ChangeWatcher
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")


def _window(qtbot: QtBot, sessions: sessionmaker[Session], *, wait: bool = True) -> MainWindow:
    state = DeskState(sessions, "test.sqlite3", "Front desk", fixed_clock(MONDAY_9AM))
    window = MainWindow(state)
    qtbot.addWidget(window)
    if wait and window.branch_id is not None:
        qtbot.waitSignal(window.controller.snapshot_ready, timeout=10_000).wait()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.stack.currentWidget().setFocus()
    return window


@pytest.fixture
def riverside(sessions: sessionmaker[Session]) -> dict[str, int]:
    apply_riverside(sessions)
    with sessions() as session:
        known = ids(session)
        for i, cid in enumerate(add_customers(session, 3)):
            known[f"c{i}"] = cid
    return known


def _book(
    sessions: sessionmaker[Session], known: dict[str, int], hour: int, customer: str = "c0"
) -> int:
    request = use.BookingRequest(
        service_id=known["Account opening"],
        start=datetime(2026, 11, 23, hour, 0, tzinfo=TZ),
        agent_id=known["Carla Diaz"],
        customer_id=known[customer],
    )
    return run_write(sessions, lambda s: use.book(s, load_actor(s), request, MONDAY_9AM)).id


def test_empty_database_says_so(qtbot: QtBot, sessions: sessionmaker[Session]) -> None:
    window = _window(qtbot, sessions)
    assert window.stack.currentWidget() is window.empty
    assert window.status_branch.text() == "No branch set up yet"
    assert window.status_database.text() == "Database: test.sqlite3"
    assert window.status_user.text() == "Signed in: Front desk"
    assert window.status_sync.text() == "Calendar sync: not set up"
    assert window.status_approvals.text() == "Awaiting approval: 0"


def test_week_of_the_branch_with_its_appointments(
    qtbot: QtBot, sessions: sessionmaker[Session], riverside: dict[str, int], tmp_path: Path
) -> None:
    appt = _book(sessions, riverside, 10)
    window = _window(qtbot, sessions)
    assert window.status_branch.text() == "Branch: Riverside (America/Toronto)"
    assert window.windowTitle() == "Front Desk — Riverside"
    assert window.mode is ViewMode.WEEK
    assert window.stack.currentWidget() is window.timegrid
    snapshot = window.controller.snapshot
    assert isinstance(snapshot, CalendarSnapshot)
    assert (snapshot.first, snapshot.last) == (date(2026, 11, 23), date(2026, 11, 29))
    assert [a.id for a in snapshot.appointments] == [appt]
    assert window.title.text() == "23 Nov – 29 Nov 2026"
    assert window.grab().save(str(tmp_path / "week.png"))


def test_keyboard_navigation_and_views(
    qtbot: QtBot, sessions: sessionmaker[Session], riverside: dict[str, int]
) -> None:
    window = _window(qtbot, sessions)
    focus = window.stack.currentWidget()
    start = window.anchor
    with qtbot.waitSignal(window.snapshot_shown, timeout=10_000) as shown:
        qtbot.keyClick(focus, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert (window.anchor - start).days == 7
    assert shown.args[0].first == date(2026, 11, 30)
    with qtbot.waitSignal(window.snapshot_shown, timeout=10_000):
        qtbot.keyClick(
            window.stack.currentWidget(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier
        )
    assert window.mode is ViewMode.MONTH
    assert window.stack.currentWidget() is window.month
    assert window.title.text() == "November 2026"
    with qtbot.waitSignal(window.date_changed) as changed:
        qtbot.keyClick(window.month, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == [start]
    with qtbot.waitSignal(window.snapshot_shown, timeout=10_000):
        window.month.day_activated.emit(date(2026, 11, 25))
    assert window.mode is ViewMode.DAY
    assert window.anchor == date(2026, 11, 25)
    assert window.date_edit.date() == QDate(2026, 11, 25)
    assert window.title.text() == "Wednesday 25 November 2026"


def test_free_time_click_opens_the_booking_panel_there(
    qtbot: QtBot, sessions: sessionmaker[Session], riverside: dict[str, int]
) -> None:
    window = _window(qtbot, sessions)
    start = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    window.timegrid.free_time_clicked.emit(riverside["Carla Diaz"], start)
    panel = window.booking_panel
    assert panel.isVisible()
    panel.reject()
    qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_F2)
    assert window.booking_panel is not panel
    assert window.booking_panel.isVisible()


def test_drag_asks_a_reason_and_reschedules(
    qtbot: QtBot, sessions: sessionmaker[Session], riverside: dict[str, int]
) -> None:
    appt = _book(sessions, riverside, 10)
    blocker_appt = _book(sessions, riverside, 14, "c1")
    window = _window(qtbot, sessions)
    window.ask_reason = lambda _q: ("Customer asked", True)  # type: ignore[method-assign]
    new_start = datetime(2026, 11, 23, 11, 0, tzinfo=TZ)
    with qtbot.waitSignal(window.snapshot_shown, timeout=10_000) as shown:
        window.timegrid.reschedule_requested.emit(appt, new_start, riverside["Carla Diaz"])
    moved = {a.id: a for a in shown.args[0].appointments}[appt]
    assert moved.start == new_start
    assert "Moved" in window.notice.text()
    # a refused move (onto the other booking) snaps back and says why
    with qtbot.waitSignal(window.snapshot_shown, timeout=10_000) as shown:
        window.timegrid.reschedule_requested.emit(
            appt, datetime(2026, 11, 23, 14, 0, tzinfo=TZ), riverside["Carla Diaz"]
        )
    again = {a.id: a for a in shown.args[0].appointments}
    assert again[appt].start == new_start
    assert again[blocker_appt].start == datetime(2026, 11, 23, 14, 0, tzinfo=TZ)
    assert window.notice.text().startswith("Not moved:")
    # no reason, no move
    window.ask_reason = lambda _q: ("", True)  # type: ignore[method-assign]
    window.timegrid.reschedule_requested.emit(
        appt, datetime(2026, 11, 23, 15, 0, tzinfo=TZ), riverside["Carla Diaz"]
    )
    assert "reason" in window.notice.text()


def test_a_booking_by_another_process_appears(
    qtbot: QtBot, db_url: str, sessions: sessionmaker[Session], riverside: dict[str, int]
) -> None:
    """Another desk (here the command line, in its own process) books: the week reloads."""
    window = _window(qtbot, sessions)
    watcher = ChangeWatcher(db_url, interval=0.1)
    watcher.changed.connect(window.on_change)
    watcher.start()
    try:
        assert watcher.ready.wait(10)
        command = [
            sys.executable,
            "-m",
            "app",
            "book",
            "--db",
            db_url,
            "--json",
            "--now",
            MONDAY_9AM.isoformat(),
            "--service",
            "Account opening",
            "--start",
            "2026-11-23T11:00",
            "--agent",
            "Carla Diaz",
            "--customer",
            str(riverside["c2"]),
        ]
        with qtbot.waitSignal(window.snapshot_shown, timeout=30_000) as shown:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            assert done.returncode == 0, done.stderr
        appt = json.loads(done.stdout)["id"]
        assert appt in [a.id for a in shown.args[0].appointments]
    finally:
        watcher.stop()


def test_save_the_day_as_pdf(
    qtbot: QtBot, sessions: sessionmaker[Session], riverside: dict[str, int], tmp_path: Path
) -> None:
    from PySide6.QtPdf import QPdfDocument

    _book(sessions, riverside, 10)
    window = _window(qtbot, sessions)
    path = window.save_day_pdf(str(tmp_path / "day.pdf"))
    assert path is not None
    doc = QPdfDocument()
    assert doc.load(path) == QPdfDocument.Error.None_
    assert doc.pageCount() >= 1
    text = doc.getAllText(0).text()
    assert "Riverside" in text
    assert "Customer 0" in text


def test_tool_windows_open_from_the_menu(
    qtbot: QtBot, sessions: sessionmaker[Session], riverside: dict[str, int]
) -> None:
    from app.views.accounts_view import AccountsView
    from app.views.admin.window import AdministrationWindow
    from app.views.approvals import ApprovalQueue
    from app.views.audit_view import AuditView
    from app.views.customers_view import CustomersView
    from app.views.mail import OutboxView
    from app.views.users_view import UsersView

    window = _window(qtbot, sessions)
    shown: dict[type, QDialog] = {}
    for action, kind in (
        (window.act_customers, CustomersView),
        (window.act_approvals, ApprovalQueue),
        (window.act_audit, AuditView),
        (window.act_admin, AdministrationWindow),
        (window.act_outbox, OutboxView),
        (window.act_accounts, AccountsView),
    ):
        action.trigger()
        dialogs = [d for d in window.findChildren(QDialog) if d.isVisible()]
        found = [d for d in dialogs if d.findChildren(kind)]
        assert len(found) == 1, kind
        shown[kind] = found[0]
    # triggered again, the same window comes back instead of a second one
    window.act_customers.trigger()
    assert [d for d in window.findChildren(QDialog) if d.findChildren(CustomersView)] == [
        shown[CustomersView]
    ]
    # Users and permissions is a page of the administration window, brought forward.
    window.act_users.trigger()
    admin = shown[AdministrationWindow].findChildren(AdministrationWindow)[0]
    assert isinstance(admin.stack.currentWidget(), UsersView)
    for dialog in shown.values():
        dialog.close()
