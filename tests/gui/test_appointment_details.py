"""The appointment details dialog: what it shows and the changes it asks app.booking for.

Riverside is applied on SQLite and PostgreSQL, the clock stands at Monday 23 November
2026, 09:00 in Toronto, and the appointments are booked through app.booking beforehand.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments, statuses
from app.booking.appointments import BookingRequest
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.clock import fixed_clock
from app.models import Appointment
from app.views.desk import DeskState
from app.views.dialogs.appointment_details import AppointmentDetailsDialog, HistoryModel, HistoryRow
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TORONTO = ZoneInfo("America/Toronto")
WAIT_MS = 15_000
#: Tuesday 24 November 2026, 10:00 in Toronto: a day after "now".
TUESDAY_10AM = datetime(2026, 11, 24, 10, 0, tzinfo=TORONTO)


@pytest.fixture
def desk(sessions: sessionmaker[Session]) -> DeskState:
    apply_riverside(sessions)
    with sessions() as session:
        add_customers(session, 5)
    return DeskState(
        sessions=sessions,
        database_label="test",
        user_label="Front desk",
        clock=fixed_clock(MONDAY_9AM),
    )


def _book(
    desk: DeskState,
    service: str,
    start: datetime,
    *,
    now: datetime = MONDAY_9AM,
    fields: dict[str, str] | None = None,
) -> int:
    with desk.sessions() as session:
        known = ids(session)

    def work(session: Session) -> int:
        request = BookingRequest(
            service_id=known[service],
            start=start,
            customer_id=1,
            field_values=fields or {},
            notes="Brings the deed.",
            source="phone",
        )
        return appointments.book(session, load_actor(session), request, now).id

    return run_write(desk.sessions, work)


def _dialog(qtbot: QtBot, desk: DeskState, appointment_id: int) -> AppointmentDetailsDialog:
    dialog = AppointmentDetailsDialog(desk, appointment_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _stored(desk: DeskState, appointment_id: int) -> Appointment:
    with desk.sessions() as session:
        appt = appointments.get(session, appointment_id)
        session.expunge_all()
        return appt


def test_shows_the_appointment_in_the_branch_zone(
    qtbot: QtBot, desk: DeskState, qtmodeltester: ModelTester
) -> None:
    appt_id = _book(
        desk,
        "Mortgage consultation",
        TUESDAY_10AM,
        fields={"Estimated loan amount": "300 000 $"},
    )
    dialog = _dialog(qtbot, desk, appt_id)
    assert dialog.service_chip.text() == "Mortgage consultation"
    assert dialog.status_chip.text() == "Pending"
    assert dialog.values["customer"].text() == "Customer 0"
    assert dialog.values["phone"].text() == "(416) 555-0000"
    assert dialog.values["email"].text() == "c0@example.com"
    time_text = dialog.values["time"].text()
    assert "2026" in time_text
    assert "America/Toronto" in time_text
    # 10:00 in Toronto whatever the machine's zone (15:00 UTC would be the wrong one).
    assert "10:00" in time_text or "10:00 AM" in time_text
    assert dialog.values["fields"].text() == "Estimated loan amount: 300 000 $"
    assert dialog.values["notes"].text() == "Brings the deed."
    assert dialog.values["source"].text() == "Phone"
    assert dialog.history_model.rowCount() == 1
    assert dialog.history_model.data(dialog.history_model.index(0, HistoryModel.CHANGE)) == (
        "Booked: Pending"
    )
    qtmodeltester.check(dialog.history_model)


def test_cancel_needs_a_reason_then_shows_in_the_history(qtbot: QtBot, desk: DeskState) -> None:
    appt_id = _book(desk, "Account opening", TUESDAY_10AM)
    dialog = _dialog(qtbot, desk, appt_id)
    changes: list[int] = []
    dialog.changed.connect(changes.append)

    with qtbot.waitSignal(dialog.refused, timeout=WAIT_MS) as refused:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert refused.args[0] == "Say why the appointment is cancelled."
    assert dialog.message.message() == "Say why the appointment is cancelled."
    assert _stored(desk, appt_id).status.key == "confirmed"
    assert dialog.history_model.rowCount() == 1
    assert changes == []

    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "Customer found another date")
    with qtbot.waitSignal(dialog.changed, timeout=WAIT_MS) as changed:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert changed.args == [appt_id]
    assert _stored(desk, appt_id).status.key == "cancelled"
    assert dialog.status_chip.text() == "Cancelled"
    model = dialog.history_model
    assert model.rowCount() == 2
    assert model.data(model.index(0, HistoryModel.CHANGE)) == "Confirmed → Cancelled"
    assert model.data(model.index(0, HistoryModel.REASON)) == "Customer found another date"
    assert model.data(model.index(0, HistoryModel.BY)) == "Front desk (desk)"
    assert dialog.reason.text() == ""
    assert not dialog.cancel_button.isEnabled()
    assert dialog.message.message() == "The appointment is cancelled."


def test_no_show_is_refused_before_the_start(qtbot: QtBot, desk: DeskState) -> None:
    appt_id = _book(desk, "Account opening", TUESDAY_10AM)
    dialog = _dialog(qtbot, desk, appt_id)
    with qtbot.waitSignal(dialog.refused, timeout=WAIT_MS) as refused:
        qtbot.mouseClick(dialog.noshow_button, Qt.MouseButton.LeftButton)
    assert refused.args[0] == "An appointment can be marked no-show only once it has begun."
    assert dialog.message.isVisible()
    assert _stored(desk, appt_id).status.key == "confirmed"


def test_completed_once_it_has_taken_place(qtbot: QtBot, desk: DeskState) -> None:
    friday = datetime(2026, 11, 20, 14, 0, tzinfo=TORONTO)
    appt_id = _book(desk, "Account opening", friday, now=friday - timedelta(hours=5))
    dialog = _dialog(qtbot, desk, appt_id)
    with qtbot.waitSignal(dialog.changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.complete_button, Qt.MouseButton.LeftButton)
    assert _stored(desk, appt_id).status.key == "completed"
    assert dialog.status_chip.text() == "Completed"


def test_reschedule_to_a_free_time_with_a_reason(
    qtbot: QtBot, desk: DeskState, qtmodeltester: ModelTester
) -> None:
    appt_id = _book(desk, "Account opening", TUESDAY_10AM)
    before = _stored(desk, appt_id)
    dialog = _dialog(qtbot, desk, appt_id)
    qtbot.mouseClick(dialog.reschedule_button, Qt.MouseButton.LeftButton)
    assert dialog.reschedule_panel.isVisible()
    assert dialog.move_agent.currentData() == before.agent_id
    slots = dialog.slot_model.slots()
    assert len(slots) == 8
    assert all(s.agent_ids == (before.agent_id,) for s in slots)
    qtmodeltester.check(dialog.slot_model)
    target = slots[1]
    dialog.slot_list.setCurrentIndex(dialog.slot_model.index(1, 0))

    with qtbot.waitSignal(dialog.refused, timeout=WAIT_MS) as refused:
        qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    assert refused.args[0] == "Say why the appointment is moved."
    assert _stored(desk, appt_id).start_at == before.start_at

    qtbot.keyClicks(dialog.reason, "Customer asked for earlier")
    with qtbot.waitSignal(dialog.changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    after = _stored(desk, appt_id)
    assert after.start_at == target.start
    assert after.version == before.version + 1
    model = dialog.history_model
    assert model.data(model.index(0, HistoryModel.CHANGE)) == "Moved"
    reason = model.data(model.index(0, HistoryModel.REASON))
    assert reason.startswith("Moved from 2026-11-24 10:00 to ")
    assert reason.endswith(": Customer asked for earlier")
    assert not dialog.reschedule_panel.isVisible()
    local = target.start.astimezone(TORONTO)
    assert f"{local:%H:%M}" in dialog.values["time"].text()


def test_reschedule_to_a_typed_time_is_checked_by_the_booking_layer(
    qtbot: QtBot, desk: DeskState
) -> None:
    appt_id = _book(desk, "Account opening", TUESDAY_10AM)
    dialog = _dialog(qtbot, desk, appt_id)
    qtbot.mouseClick(dialog.reschedule_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.reason, "Customer's request")
    # Sunday 29 November: the branch is closed.
    sunday = datetime(2026, 11, 29, 11, 0, tzinfo=TORONTO)
    dialog.set_move_time(sunday)
    with qtbot.waitSignal(dialog.refused, timeout=WAIT_MS) as refused:
        qtbot.mouseClick(dialog.move_at_button, Qt.MouseButton.LeftButton)
    assert "does not take these appointments at that time" in refused.args[0]
    assert dialog.reason.text() == "Customer's request"  # kept for another try

    wednesday = datetime(2026, 11, 25, 11, 0, tzinfo=TORONTO)
    dialog.set_move_time(wednesday)
    with qtbot.waitSignal(dialog.changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.move_at_button, Qt.MouseButton.LeftButton)
    assert _stored(desk, appt_id).start_at == wednesday


def test_other_status_from_the_menu_with_the_optimistic_lock(qtbot: QtBot, desk: DeskState) -> None:
    with desk.sessions() as session:
        statuses.define_status(
            session,
            load_actor(session),
            "awaiting_documents",
            "Awaiting documents",
            now=MONDAY_9AM,
        )
        session.commit()
    appt_id = _book(desk, "Account opening", TUESDAY_10AM)
    dialog = _dialog(qtbot, desk, appt_id)
    names = [a.text() for a in dialog.status_menu.actions()]
    assert "Awaiting documents" in names
    assert "Confirmed" not in names  # the current status is not offered
    action = next(a for a in dialog.status_menu.actions() if a.data() == "awaiting_documents")

    # Another desk changes the appointment after this dialog read it.
    run_write(
        desk.sessions,
        lambda s: appointments.set_status(s, load_actor(s), appt_id, "waiting", MONDAY_9AM),
    )
    with qtbot.waitSignal(dialog.refused, timeout=WAIT_MS) as refused:
        action.trigger()
    assert "Someone else changed this appointment meanwhile" in refused.args[0]
    assert dialog.status_chip.text() == "Waiting"  # the dialog shows the other desk's change
    assert _stored(desk, appt_id).status.key == "waiting"

    action = next(a for a in dialog.status_menu.actions() if a.data() == "awaiting_documents")
    with qtbot.waitSignal(dialog.changed, timeout=WAIT_MS):
        action.trigger()
    assert _stored(desk, appt_id).status.key == "awaiting_documents"
    assert dialog.history_model.data(dialog.history_model.index(0, HistoryModel.CHANGE)) == (
        "Waiting → Awaiting documents"
    )


def test_every_control_has_an_accessible_name(qtbot: QtBot, desk: DeskState) -> None:
    dialog = _dialog(qtbot, desk, _book(desk, "Account opening", TUESDAY_10AM))
    qtbot.mouseClick(dialog.reschedule_button, Qt.MouseButton.LeftButton)
    controls = [
        w
        for w in dialog.findChildren(QWidget)
        if w.isVisibleTo(dialog)
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
        and not isinstance(w.parent(), QAbstractSpinBox | QComboBox)
    ]
    assert len(controls) > 15
    assert dialog.move_at_button in controls
    assert [w.objectName() or type(w).__name__ for w in controls if not w.accessibleName()] == []


def test_history_model_alone(qtmodeltester: ModelTester) -> None:
    at = datetime(2026, 11, 23, 14, 0, tzinfo=ZoneInfo("UTC"))
    model = HistoryModel(TORONTO)
    model.set_rows(
        [
            HistoryRow(at + timedelta(hours=1), "Confirmed", "Cancelled", "Dana", "Ill"),
            HistoryRow(at, None, "Confirmed", "Dana", None),
        ]
    )
    assert model.rowCount() == 2
    assert model.columnCount() == 4
    assert model.data(model.index(1, HistoryModel.CHANGE)) == "Booked: Confirmed"
    assert model.data(model.index(1, HistoryModel.REASON)) == ""
    when = model.data(model.index(1, HistoryModel.WHEN))
    assert "2026" in when
    assert "9:00" in when  # 14:00 UTC is 09:00 in Toronto
    qtmodeltester.check(model)
