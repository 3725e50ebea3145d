"""The desk as three people use it, on SQLite and PostgreSQL, through the real windows.

An administrator signs in, sets up a new service and a new agent entirely from the
administration screens and books the new service in the calendar; a manager signs in
and clears the approval queue; a receptionist signs in and is refused what her role
forbids, by the screens and by the booking layer underneath; the audit trail shows who
did each of these things.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from app.booking import admin, approvals, audit, users
from app.booking.appointments import BookingRequest, book
from app.booking.errors import BookingError
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.clock import fixed_clock
from app.models import Appointment
from app.views.admin.agents_page import AgentsPage
from app.views.admin.services_page import ServicesPage
from app.views.approvals import ApprovalQueue
from app.views.desk import DeskState
from app.views.dialogs.sign_in import SignInDialog, needs_sign_in
from app.views.main_window import MainWindow
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")
WAIT = 20_000
SECRET = "Harbour-Tulip-2026"
PEOPLE = {"ada": "administrator", "max": "manager", "rita": "receptionist"}


@pytest.fixture
def branch(sessions: sessionmaker[Session]) -> dict[str, int]:
    apply_riverside(sessions)
    with sessions() as session:
        desk = load_actor(session)
        for username, role in PEOPLE.items():
            users.add_user(
                session,
                desk,
                MONDAY_9AM - timedelta(days=7),
                username=username,
                display_name=username.title(),
                role=role,
                password=SECRET,
            )
        session.commit()
        known = ids(session)
        for i, cid in enumerate(add_customers(session, 4)):
            known[f"c{i}"] = cid
    return known


def sign_in(qtbot: QtBot, sessions: sessionmaker[Session], username: str) -> DeskState:
    """Sign in through the dialog, as the desk does at start, and return the desk."""
    with sessions() as session:
        assert needs_sign_in(session)
    dialog = SignInDialog(sessions, fixed_clock(MONDAY_9AM))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, SECRET)
    with qtbot.waitSignal(dialog.signed_in, timeout=WAIT):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.username() == username
    return DeskState(
        sessions, "test database", username.title(), fixed_clock(MONDAY_9AM), username=username
    )


def open_desk(qtbot: QtBot, state: DeskState) -> MainWindow:
    window = MainWindow(state)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.controller.snapshot_ready, timeout=WAIT):
        window.show()
    return window


def pending_request(sessions: sessionmaker[Session], known: dict[str, int], day: int) -> int:
    request = BookingRequest(
        service_id=known["Mortgage consultation"],
        start=datetime(2026, 11, day, 10, 0, tzinfo=TZ),
        customer_id=known[f"c{day % 4}"],
        agent_id=known["Alice Martin"],
        field_values={"Estimated loan amount": "400000"},
    )
    return run_write(sessions, lambda s: book(s, load_actor(s), request, MONDAY_9AM)).id


def done_by(sessions: sessionmaker[Session], username: str) -> list[str]:
    with sessions() as session:
        rows = audit.entries(session, audit.AuditFilter(user=username))
    return [row.action for row in rows]


def test_an_administrator_sets_up_a_service_and_an_agent_and_books_it(
    qtbot: QtBot, sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    state = sign_in(qtbot, sessions, "ada")
    window = open_desk(qtbot, state)
    assert window.act_admin.isEnabled()
    window.act_admin.trigger()
    administration = window.admin_window
    assert administration is not None

    services = administration.show_page("services")
    assert isinstance(services, ServicesPage)
    qtbot.mouseClick(services.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(services.name_edit, "Retirement planning")
    services.duration_edit.line.selectAll()
    qtbot.keyClicks(services.duration_edit.line, "45m")
    services.min_lead_edit.line.selectAll()
    qtbot.keyClicks(services.min_lead_edit.line, "0m")
    with qtbot.waitSignal(services.changed, timeout=WAIT):
        qtbot.mouseClick(services.save_button, Qt.MouseButton.LeftButton)

    agents = administration.show_page("agents")
    assert isinstance(agents, AgentsPage)
    qtbot.mouseClick(agents.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(agents.name, "Dana Lee")
    qtbot.keyClicks(agents.email, "dana.lee@riverside.example")
    qtbot.mouseClick(agents.service_boxes["Retirement planning"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.controller.snapshot_ready, timeout=WAIT):
        qtbot.mouseClick(agents.save_button, Qt.MouseButton.LeftButton)

    with sessions() as session:
        known = ids(session)
    dana = known["Dana Lee"]
    assert window.agent_combo.findData(dana) >= 0  # the desk knows her at once

    start = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)
    panel = window.open_booking(agent_id=dana, start=start)
    panel.prefill(service_id=known["Retirement planning"], agent_id=dana, start=start)
    selected = panel.selected_slot()
    assert selected is not None
    assert selected.start == start
    panel.customer_search.setFocus()
    qtbot.keyClicks(panel.customer_search, "Customer 3")
    qtbot.waitUntil(lambda: panel.customer_model.rowCount() > 0, timeout=WAIT)
    qtbot.keyClick(panel.customer_search, Qt.Key.Key_Return)
    assert panel.customer_chosen.text().startswith("✓ Customer 3")
    with qtbot.waitSignal(panel.booked, timeout=WAIT) as booked:
        qtbot.mouseClick(panel.book_button, Qt.MouseButton.LeftButton)
    (appointment_id,) = booked.args[0]
    with sessions() as session:
        appointment = session.get(Appointment, appointment_id)
        assert appointment is not None
        assert appointment.agent_id == dana
        assert appointment.service_id == known["Retirement planning"]
        assert appointment.start_at == start
    qtbot.waitUntil(
        lambda: (
            window.controller.snapshot is not None
            and any(a.id == appointment_id for a in window.controller.snapshot.appointments)
        ),
        timeout=WAIT,
    )
    actions = done_by(sessions, "ada")
    assert actions.count("setup.apply") == 2  # the service, then the agent
    assert "appointment.book" in actions


def test_a_manager_signs_in_and_clears_the_approval_queue(
    qtbot: QtBot, sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    waiting = [pending_request(sessions, branch, day) for day in (24, 25, 27)]
    state = sign_in(qtbot, sessions, "max")
    window = open_desk(qtbot, state)
    assert window.status_approvals.text() == "Awaiting approval: 3"
    assert not window.act_admin.isEnabled()
    window.open_approvals()
    queue = window.approval_queue
    assert isinstance(queue, ApprovalQueue)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 3, timeout=WAIT)
    queue.table.setFocus()
    qtbot.keyClick(queue.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(queue.changed, timeout=WAIT):
        qtbot.mouseClick(queue.confirm_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 0, timeout=WAIT)
    qtbot.waitUntil(lambda: window.status_approvals.text() == "Awaiting approval: 0", timeout=WAIT)
    with sessions() as session:
        assert approvals.pending_count(session) == 0
        for appointment_id in waiting:
            row = session.get(Appointment, appointment_id)
            assert row is not None
            assert row.status.key == "confirmed"
    assert done_by(sessions, "max").count("appointment.status") == 3


def test_a_receptionist_is_refused_by_the_screens_and_the_booking_layer(
    qtbot: QtBot, sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    request_id = pending_request(sessions, branch, 25)
    state = sign_in(qtbot, sessions, "rita")
    window = open_desk(qtbot, state)
    assert not window.act_admin.isEnabled()
    assert not window.act_database.isEnabled()

    window.open_approvals()
    queue = window.approval_queue
    assert isinstance(queue, ApprovalQueue)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=WAIT)
    queue.table.setFocus()
    queue.table.selectRow(0)
    with qtbot.waitSignal(queue.refreshed, timeout=WAIT):
        qtbot.mouseClick(queue.confirm_button, Qt.MouseButton.LeftButton)
    assert queue.message.kind == "error"
    assert "Rita" in queue.message.message() or "permission" in queue.message.message().lower()

    with sessions() as session, pytest.raises(BookingError) as refused:
        approvals.confirm(session, load_actor(session, "rita"), request_id, MONDAY_9AM)
    assert refused.value.code == "permission_denied"
    admin_table = {"name": "Riverside", "timezone": "Europe/Paris"}
    with sessions() as session, pytest.raises(BookingError) as refused:
        admin.save_branch(
            session, load_actor(session, "rita"), branch["branch"], admin_table, MONDAY_9AM
        )
    assert refused.value.code == "permission_denied"
    with sessions() as session:
        row = session.get(Appointment, request_id)
        assert row is not None
        assert row.status.key == "pending"
    assert done_by(sessions, "rita") == ["user.sign_in"]  # and nothing she was refused
