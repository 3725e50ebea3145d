"""The approval queue widget, driven with pytest-qt on SQLite and PostgreSQL.

Riverside's Mortgage consultation needs approval; three requests wait, made 30, 10 and
20 hours before ``NOW`` (see tests/test_approvals.py).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments, settings, statuses
from app.booking.permissions import SYSTEM
from app.clock import fixed_clock
from app.views.approvals import ApprovalQueue
from app.views.desk import DeskState
from app.views.models.approvals import ID_ROLE, ApprovalModel
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids
from tests.test_approvals import NOW, WEDNESDAY_9AM, request

WAIT = 20_000


@pytest.fixture
def requests(sessions: sessionmaker[Session]) -> list[int]:
    apply_riverside(sessions)
    with sessions() as session:
        customers = add_customers(session, 3)
    return [
        request(sessions, customers[0], WEDNESDAY_9AM, NOW - timedelta(hours=30)),
        request(
            sessions, customers[1], WEDNESDAY_9AM + timedelta(minutes=90), NOW - timedelta(hours=10)
        ),
        request(
            sessions, customers[2], WEDNESDAY_9AM + timedelta(hours=4), NOW - timedelta(hours=20)
        ),
    ]


@pytest.fixture
def desk(sessions: sessionmaker[Session]) -> DeskState:
    return DeskState(sessions, "test database", "Desk", fixed_clock(NOW))


def branch_id(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return ids(session)["branch"]


def status_of(sessions: sessionmaker[Session], appointment_id: int) -> str:
    with sessions() as session:
        return appointments.get(session, appointment_id).status.key


def opened(qtbot: QtBot, desk: DeskState) -> ApprovalQueue:
    widget = ApprovalQueue(desk, branch_id(desk.sessions))
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    with qtbot.waitSignal(widget.refreshed, timeout=WAIT):
        widget.show()
    return widget


def test_lists_oldest_first_with_history(
    qtbot: QtBot, qtmodeltester: ModelTester, desk: DeskState, requests: list[int]
) -> None:
    widget = ApprovalQueue(desk, branch_id(desk.sessions))
    qtbot.addWidget(widget)
    with (
        qtbot.waitSignal(widget.refreshed, timeout=WAIT),
        qtbot.waitSignal(widget.count_changed, timeout=WAIT) as counted,
    ):
        widget.show()
    assert counted.args == [3]
    qtmodeltester.check(widget.model)
    model = widget.model
    assert model.ids() == [requests[0], requests[2], requests[1]]
    assert model.index(0, ApprovalModel.CUSTOMER).data() == "Customer 0"
    assert model.index(0, ApprovalModel.SERVICE).data() == "Mortgage consultation"
    assert model.index(0, ApprovalModel.AGENT).data() == "Alice Martin"
    assert model.index(0, ApprovalModel.STATUS).data() == "Pending"
    # Branch time: 09:00 in Toronto, whatever the machine's zone.
    assert "9:00" in model.index(0, ApprovalModel.START).data()
    assert model.index(0, 0).data(ID_ROLE) == requests[0]
    assert "(3 waiting)" in widget.count_label.text()
    # The first row is current; its history shows the request being made.
    assert widget.history.topLevelItemCount() == 1
    assert widget.history.topLevelItem(0).text(1) == "New: Pending"
    assert widget.confirm_button.isEnabled()
    assert widget.reject_button.isEnabled()
    assert not widget.confirm_all_button.isEnabled()


def test_confirm_from_the_keyboard(qtbot: QtBot, desk: DeskState, requests: list[int]) -> None:
    widget = opened(qtbot, desk)
    widget.table.setFocus()
    qtbot.keyClick(widget.table, Qt.Key.Key_Down)
    assert widget.selected_ids() == [requests[2]]
    with (
        qtbot.waitSignal(widget.changed, timeout=WAIT),
        qtbot.waitSignal(widget.refreshed, timeout=WAIT),
    ):
        qtbot.keyClick(widget, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert status_of(desk.sessions, requests[2]) == "confirmed"
    assert widget.model.ids() == [requests[0], requests[1]]
    assert "Confirmed: Customer 2" in widget.message.message()


def test_reject_needs_a_reason(qtbot: QtBot, desk: DeskState, requests: list[int]) -> None:
    widget = opened(qtbot, desk)
    with qtbot.waitSignal(widget.refreshed, timeout=WAIT):
        qtbot.mouseClick(widget.reject_button, Qt.MouseButton.LeftButton)
    assert widget.message.kind == "error"
    assert "Say why the request is rejected" in widget.message.message()
    assert status_of(desk.sessions, requests[0]) == "pending"

    qtbot.keyClicks(widget.reason, "Documents missing")
    with qtbot.waitSignal(widget.refreshed, timeout=WAIT):
        qtbot.keyClick(widget.reason, Qt.Key.Key_Return)
    assert status_of(desk.sessions, requests[0]) == "cancelled"
    assert widget.reason.text() == ""
    with desk.sessions() as session:
        assert statuses.history(session, requests[0])[0].reason == "Documents missing"


def test_move_and_show_confirmed(qtbot: QtBot, desk: DeskState, requests: list[int]) -> None:
    widget = opened(qtbot, desk)
    keys = [a.data() for a in widget.move_menu.actions()]
    assert "pending" not in keys
    assert "waiting" in keys
    waiting = next(a for a in widget.move_menu.actions() if a.data() == "waiting")
    with qtbot.waitSignal(widget.refreshed, timeout=WAIT):
        waiting.trigger()
    assert status_of(desk.sessions, requests[0]) == "waiting"
    assert requests[0] not in widget.model.ids()

    with qtbot.waitSignal(widget.refreshed, timeout=WAIT):
        widget.confirm_button.click()
    assert status_of(desk.sessions, requests[2]) == "confirmed"
    with qtbot.waitSignal(widget.refreshed, timeout=WAIT):
        widget.show_confirmed.click()
    assert widget.model.ids() == [requests[2], requests[1]]
    assert widget.model.index(0, ApprovalModel.STATUS).data() == "Confirmed"
    assert widget.model.awaiting_count() == 1


def test_bulk_confirm_reports_the_conflict(
    qtbot: QtBot, desk: DeskState, sessions: sessionmaker[Session]
) -> None:
    apply_riverside(sessions)
    with sessions() as session:
        customers = add_customers(session, 3)
        statuses.define_status(
            session,
            SYSTEM,
            "requested",
            "Requested",
            position=0,
            predicate="start",
            blocks_time=False,
            service_ids=[ids(session)["Mortgage consultation"]],
            now=MONDAY_9AM,
        )
        session.commit()
    asked = MONDAY_9AM + timedelta(hours=5)
    first = request(sessions, customers[0], WEDNESDAY_9AM, asked)
    rival = request(sessions, customers[1], WEDNESDAY_9AM, asked + timedelta(minutes=1))
    other = request(sessions, customers[2], WEDNESDAY_9AM + timedelta(minutes=90), asked)

    widget = opened(qtbot, desk)
    widget.table.setFocus()
    qtbot.keyClick(widget.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert widget.confirm_all_button.isEnabled()
    assert widget.confirm_all_button.text() == "Confirm &selected (3)"
    with (
        qtbot.waitSignal(widget.changed, timeout=WAIT),
        qtbot.waitSignal(widget.refreshed, timeout=WAIT),
    ):
        qtbot.mouseClick(widget.confirm_all_button, Qt.MouseButton.LeftButton)
    assert status_of(sessions, first) == "confirmed"
    assert status_of(sessions, other) == "confirmed"
    assert status_of(sessions, rival) == "requested"
    assert widget.model.ids() == [rival]
    text = widget.message.message()
    assert "Confirmed 2 of 3." in text
    assert "Customer 1" in text
    assert "This time was just taken" in text


def test_expired_requests_are_cancelled_on_refresh(
    qtbot: QtBot, desk: DeskState, requests: list[int]
) -> None:
    with desk.sessions() as session:
        settings.change_setting(
            session, SYSTEM, settings.APPROVAL_TIMEOUT_HOURS, 24, NOW, ids(session)["branch"]
        )
        session.commit()
    widget = ApprovalQueue(desk, branch_id(desk.sessions))
    qtbot.addWidget(widget)
    with (
        qtbot.waitSignal(widget.changed, timeout=WAIT),
        qtbot.waitSignal(widget.count_changed, timeout=WAIT) as counted,
    ):
        widget.show()
    assert counted.args == [2]
    assert status_of(desk.sessions, requests[0]) == "cancelled"
    assert widget.model.ids() == [requests[2], requests[1]]
    assert "not confirmed in time" in widget.message.message()

    desk.clock = fixed_clock(NOW + timedelta(hours=4))
    with qtbot.waitSignal(widget.refreshed, timeout=WAIT):
        qtbot.mouseClick(widget.refresh_button, Qt.MouseButton.LeftButton)
    assert widget.model.ids() == [requests[1]]
