"""The main window shell, driven through its real widgets and shortcuts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app import models as m
from app.clock import fixed_clock
from app.views.calendar.navigation import ViewMode
from app.views.desk import DeskState
from app.views.main_window import MainWindow

NOW = datetime(2026, 3, 9, 15, 0, tzinfo=UTC)  # a Monday, 11:00 in Toronto


def _window(qtbot: QtBot, sessions: sessionmaker[Session]) -> MainWindow:
    state = DeskState(
        sessions=sessions,
        database_label="test.sqlite3",
        user_label="Front desk",
        clock=fixed_clock(NOW),
    )
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(window.isActiveWindow)
    window.calendar.setFocus()
    return window


def _branch_with_pending(session: Session) -> None:
    branch = m.Branch(name="Riverside", timezone="America/Toronto", country="CA")
    service = m.Service(branch=branch, name="Mortgage", duration_min=60, requires_approval=True)
    agent = m.Agent(branch=branch, name="Alice")
    customer = m.Customer(name="Ann", search_text="ann")
    session.add_all([branch, service, agent, customer])
    session.flush()
    pending = session.scalars(
        select(m.StatusDefinition).where(m.StatusDefinition.key == "pending")
    ).one()
    for hours in (24, 48):
        start = NOW + timedelta(hours=hours)
        session.add(
            m.Appointment(
                branch_id=branch.id,
                service_id=service.id,
                agent_id=agent.id,
                customer_id=customer.id,
                start_at=start,
                end_at=start + timedelta(hours=1),
                block_start=start,
                block_end=start + timedelta(hours=1),
                status_id=pending.id,
                blocking=True,
            )
        )
    session.commit()


def test_empty_database_says_so(qtbot: QtBot, sessions: sessionmaker[Session]) -> None:
    window = _window(qtbot, sessions)
    assert window.status_branch.text() == "No branch set up yet"
    assert window.status_database.text() == "Database: test.sqlite3"
    assert window.status_user.text() == "Signed in: Front desk"
    assert window.status_approvals.text() == "Awaiting approval: 0"
    assert "setup apply" in window.calendar.hint.text()


def test_status_bar_names_branch_and_counts_requests(
    qtbot: QtBot, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    with sessions() as session:
        _branch_with_pending(session)
    window = _window(qtbot, sessions)
    assert window.status_branch.text() == "Branch: Riverside (America/Toronto)"
    assert window.status_approvals.text() == "Awaiting approval: 2"
    assert window.windowTitle() == "Front Desk — Riverside"
    # today is the branch's local date
    assert window.anchor == NOW.astimezone().date() or window.anchor.isoformat() == "2026-03-09"
    assert window.grab().save(str(tmp_path / "main_window.png"))


def test_keyboard_navigation(qtbot: QtBot, sessions: sessionmaker[Session]) -> None:
    window = _window(qtbot, sessions)
    assert window.mode is ViewMode.WEEK
    start = window.anchor
    qtbot.keyClick(window.calendar, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert (window.anchor - start).days == 7
    qtbot.keyClick(window.calendar, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.mode is ViewMode.MONTH
    qtbot.keyClick(window.calendar, Qt.Key.Key_PageDown)
    assert window.anchor.month == (start.month % 12) + 1
    with qtbot.waitSignal(window.date_changed) as blocker:
        qtbot.keyClick(window.calendar, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [start]
    qtbot.keyClick(window.calendar, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.mode is ViewMode.DAY
    assert window.view_actions[ViewMode.DAY].isChecked()
    qtbot.keyClick(window.calendar, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert (start - window.anchor).days == 1
    assert window.date_edit.date() == QDate(window.anchor)


def test_date_picker_moves_the_view(qtbot: QtBot, sessions: sessionmaker[Session]) -> None:
    window = _window(qtbot, sessions)
    with qtbot.waitSignal(window.date_changed):
        window.date_edit.setDate(QDate(2026, 12, 24))
    assert window.anchor.isoformat() == "2026-12-24"
    assert "2026" in window.calendar.title.text()
