"""The services administration page, driven with pytest-qt on SQLite and PostgreSQL.

Each test starts from the Riverside example branch with the clock at Monday 23 November
2026, 09:00 Toronto, and checks what the page wrote by reading the database (or the
branch's setup tables) back, not the widgets alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import admin
from app.booking.appointments import BookingRequest, book
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.clock import fixed_clock
from app.models import Appointment, Service
from app.views.admin.services_page import ServicesPage, describe_minutes
from app.views.desk import DeskState
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

WAIT = 20_000
TIMES_TAB = 1
QUESTIONS_TAB = 3
HOURS_TAB = 4


@pytest.fixture
def desk(sessions: sessionmaker[Session]) -> DeskState:
    apply_riverside(sessions)
    return DeskState(sessions, "test database", "Desk", fixed_clock(MONDAY_9AM))


def branch_id(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return ids(session)["branch"]


def services_table(sessions: sessionmaker[Session]) -> list[dict[str, Any]]:
    with sessions() as session:
        services: list[dict[str, Any]] = admin.setup_tables(session, branch_id(sessions))[
            "services"
        ]
        return services


def opened(qtbot: QtBot, desk: DeskState, service: str | None = None) -> ServicesPage:
    page = ServicesPage(desk, branch_id(desk.sessions))
    qtbot.addWidget(page)
    page.resize(1100, 640)
    page.show()
    qtbot.waitExposed(page)
    if service is not None:
        assert page.select_service(service)
    return page


def retype(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    """Select everything in ``line`` and type ``text`` over it, as a person would."""
    line.setFocus()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(line, text)


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(4, widget.height() // 2))


def save(qtbot: QtBot, page: ServicesPage) -> None:
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(page.changed, timeout=WAIT):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)


def save_refused(qtbot: QtBot, page: ServicesPage) -> str:
    with qtbot.waitSignal(page.refused, timeout=WAIT) as blocker:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    message = blocker.args[0] if blocker.args else ""
    assert isinstance(message, str)
    return message


def answer_next_question(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Answer the next message box with ``button``, keeping its text in ``seen``."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, answer)


def list_texts(page: ServicesPage) -> list[str]:
    return [page.service_list.item(i).text() for i in range(page.service_list.count())]


# -- plain words -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0, "no time"),
        (1, "1 minute"),
        (90, "1 hour 30 minutes"),
        (24 * 60, "1 day"),
        (60 * 24 * 60, "60 days"),
        (14 * 24 * 60, "2 weeks"),
        (24 * 60 + 125, "1 day 2 hours 5 minutes"),
    ],
)
def test_durations_are_echoed_in_plain_words(minutes: int, words: str) -> None:
    assert describe_minutes(minutes) == words


def test_typing_a_duration_shows_it_in_words(qtbot: QtBot, desk: DeskState) -> None:
    page = opened(qtbot, desk, "Notary")
    retype(qtbot, page.duration_edit.line, "1h30m")
    assert page.duration_edit.echo.text() == "1 hour 30 minutes"
    assert page.duration_edit.line.hasAcceptableInput()
    retype(qtbot, page.duration_edit.line, "forever")
    assert "not a duration" in page.duration_edit.echo.text()
    assert not page.duration_edit.line.hasAcceptableInput()


# -- showing the branch's services -------------------------------------------------------


def test_lists_the_services_and_shows_every_rule_of_the_selected_one(
    qtbot: QtBot, desk: DeskState
) -> None:
    page = opened(qtbot, desk)
    assert list_texts(page) == ["Mortgage consultation", "Account opening", "Notary"]
    assert page.name_edit.text() == "Mortgage consultation"
    assert page.color_edit.text() == "#e65100"
    assert page.duration_edit.text() == "1h"
    assert page.buffer_after_edit.text() == "15m"
    assert page.max_lead_edit.text() == "60d"
    assert page.reminder_box.isChecked()
    assert page.approval_box.isChecked()
    assert page.limit_box.isChecked()
    assert page.limit_count.value() == 1
    assert page.limit_per.currentData() == "week"
    assert [n for n, b in page.agent_boxes.items() if b.isChecked()] == [
        "Alice Martin",
        "Bob Chen",
    ]
    assert page.fields_table.values() == [
        {"name": "Property address"},
        {"name": "Estimated loan amount", "required": True},
    ]
    assert not page.save_button.isEnabled()
    assert not page.revert_button.isEnabled()
    assert page.select_service("Notary")
    assert page.mode_combo.currentData() == "agents+service"
    assert page.hours_table.values() == [{"days": ["tue", "thu"], "start": "13:00", "end": "17:00"}]
    assert page.holidays_table.values() == [
        {"from": "2026-12-21", "to": "2027-01-08", "name": "Notary office closed"}
    ]


# -- writing ----------------------------------------------------------------------------


def test_a_new_service_made_on_the_page_can_be_booked(
    qtbot: QtBot, desk: DeskState, sessions: sessionmaker[Session]
) -> None:
    page = opened(qtbot, desk)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.name_edit.text() == ""
    assert not page.save_button.isEnabled()
    qtbot.keyClicks(page.name_edit, "Retirement planning")
    retype(qtbot, page.color_edit.line, "#00838f")
    page.tabs.setCurrentIndex(TIMES_TAB)
    retype(qtbot, page.duration_edit.line, "45m")
    retype(qtbot, page.min_lead_edit.line, "0m")
    alice = page.agent_boxes["Alice Martin"]
    click(qtbot, alice)
    assert alice.isChecked()
    save(qtbot, page)

    assert "Retirement planning" in list_texts(page)
    assert page.service_list.currentItem().text() == "Retirement planning"
    assert not page.save_button.isEnabled()
    with sessions() as session:
        known = ids(session)
        created = session.get(Service, known["Retirement planning"])
        assert created is not None
        assert created.duration_min == 45
        assert created.min_lead_min == 0
        assert created.color == "#00838f"
        (customer,) = add_customers(session, 1)
    start = MONDAY_9AM + timedelta(hours=1)
    appointment = run_write(
        sessions,
        lambda s: book(
            s,
            load_actor(s),
            BookingRequest(
                service_id=known["Retirement planning"],
                customer_id=customer,
                start=start,
                agent_id=known["Alice Martin"],
            ),
            MONDAY_9AM,
        ),
    )
    with sessions() as session:
        row = session.get(Appointment, appointment.id)
        assert row is not None
        assert row.service_id == known["Retirement planning"]
        assert row.end_at - row.start_at == timedelta(minutes=45)


def test_an_edited_rule_is_saved_and_read_back(
    qtbot: QtBot, desk: DeskState, sessions: sessionmaker[Session]
) -> None:
    page = opened(qtbot, desk, "Notary")
    page.tabs.setCurrentIndex(TIMES_TAB)
    retype(qtbot, page.buffer_before_edit.line, "10m")
    assert page.save_button.isEnabled()
    assert page.title.text().endswith("(not saved)")
    retype(qtbot, page.buffer_before_edit.line, "0m")
    assert not page.save_button.isEnabled(), "back to the saved value: nothing to save"
    retype(qtbot, page.buffer_before_edit.line, "10m")
    page.tabs.setCurrentIndex(QUESTIONS_TAB)
    qtbot.mouseClick(page.fields_table.add_button, Qt.MouseButton.LeftButton)
    question = page.fields_table.cell(0, 0)
    assert isinstance(question, QLineEdit)
    qtbot.keyClicks(question, "Documents to sign")
    required = page.fields_table.cell(0, 1)
    assert isinstance(required, QCheckBox)
    click(qtbot, required)
    save(qtbot, page)

    with sessions() as session:
        notary = session.scalars(select(Service).where(Service.name == "Notary")).one()
        assert notary.buffer_before_min == 10
        assert notary.duration_min == 45
    notary_table = next(t for t in services_table(sessions) if t["name"] == "Notary")
    assert notary_table["fields"] == [{"name": "Documents to sign", "required": True}]
    assert notary_table["hours"] == [{"days": ["tue", "thu"], "start": "13:00", "end": "17:00"}]
    assert page.buffer_before_edit.text() == "10m"
    assert page.fields_table.values() == [{"name": "Documents to sign", "required": True}]
    assert not page.save_button.isEnabled()


def test_questions_can_be_reordered(
    qtbot: QtBot, desk: DeskState, sessions: sessionmaker[Session]
) -> None:
    page = opened(qtbot, desk, "Mortgage consultation")
    page.tabs.setCurrentIndex(QUESTIONS_TAB)
    page.fields_table.select_row(1)
    assert page.fields_table.up_button is not None
    qtbot.mouseClick(page.fields_table.up_button, Qt.MouseButton.LeftButton)
    save(qtbot, page)
    mortgage = next(t for t in services_table(sessions) if t["name"] == "Mortgage consultation")
    assert [f["name"] for f in mortgage["fields"]] == ["Estimated loan amount", "Property address"]


def test_a_rename_keeps_the_service_id(
    qtbot: QtBot, desk: DeskState, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        before = ids(session)["Account opening"]
    page = opened(qtbot, desk, "Account opening")
    retype(qtbot, page.name_edit, "New account")
    save(qtbot, page)
    with sessions() as session:
        known = ids(session)
    assert known["New account"] == before
    assert "Account opening" not in known
    assert list_texts(page) == ["Mortgage consultation", "New account", "Notary"]
    assert page.name_edit.text() == "New account"


def _bad_duration(qtbot: QtBot, page: ServicesPage) -> None:
    retype(qtbot, page.duration_edit.line, "forever")


def _max_below_min(qtbot: QtBot, page: ServicesPage) -> None:
    retype(qtbot, page.min_lead_edit.line, "2d")
    retype(qtbot, page.max_lead_edit.line, "1d")


def _nameless_question(qtbot: QtBot, page: ServicesPage) -> None:
    page.tabs.setCurrentIndex(QUESTIONS_TAB)
    qtbot.mouseClick(page.fields_table.add_button, Qt.MouseButton.LeftButton)


def _choice_without_choices(qtbot: QtBot, page: ServicesPage) -> None:
    page.tabs.setCurrentIndex(QUESTIONS_TAB)
    qtbot.mouseClick(page.fields_table.add_button, Qt.MouseButton.LeftButton)
    question = page.fields_table.cell(0, 0)
    assert isinstance(question, QLineEdit)
    qtbot.keyClicks(question, "Kind of deed")
    kind = page.fields_table.cell(0, 2)
    assert isinstance(kind, QComboBox)
    kind.setCurrentIndex(kind.findData("choice"))


def _end_before_start(qtbot: QtBot, page: ServicesPage) -> None:
    page.tabs.setCurrentIndex(HOURS_TAB)
    end = page.hours_table.cell(0, 2)
    assert isinstance(end, QLineEdit)
    retype(qtbot, end, "12:00")


@pytest.mark.parametrize(
    ("service", "edit", "key", "tab", "words"),
    [
        ("Notary", _bad_duration, "duration", TIMES_TAB, "forever"),
        ("Account opening", _max_below_min, "max_lead", TIMES_TAB, "shorter than the earliest"),
        ("Mortgage consultation", _nameless_question, "fields", QUESTIONS_TAB, "Row 3"),
        ("Notary", _choice_without_choices, "fields", QUESTIONS_TAB, "needs choices"),
        ("Notary", _end_before_start, "hours", HOURS_TAB, "not after start"),
    ],
    ids=["duration", "lead-times", "field-name", "choices", "hours"],
)
def test_bad_input_is_shown_at_its_field_and_nothing_is_written(
    qtbot: QtBot,
    desk: DeskState,
    sessions: sessionmaker[Session],
    service: str,
    edit: Callable[[QtBot, ServicesPage], None],
    key: str,
    tab: int,
    words: str,
) -> None:
    before = services_table(sessions)
    page = opened(qtbot, desk, service)
    edit(qtbot, page)
    page.tabs.setCurrentIndex(0)
    message = save_refused(qtbot, page)

    assert message
    shown = page._errors[key]
    assert shown.isVisible()
    assert words in shown.text()
    assert page.tabs.currentIndex() == tab, "the tab holding the problem is brought forward"
    others = [k for k, e in page._errors.items() if k != key and e.text()]
    assert others == []
    assert "Not saved" in page.message.message()
    assert services_table(sessions) == before
    assert page.save_button.isEnabled(), "the refused values stay on screen to be corrected"


def test_a_problem_clears_once_corrected_and_saved(
    qtbot: QtBot, desk: DeskState, sessions: sessionmaker[Session]
) -> None:
    page = opened(qtbot, desk, "Notary")
    retype(qtbot, page.duration_edit.line, "forever")
    save_refused(qtbot, page)
    retype(qtbot, page.duration_edit.line, "50m")
    save(qtbot, page)
    assert page._errors["duration"].text() == ""
    with sessions() as session:
        assert (
            session.scalars(select(Service.duration_min).where(Service.name == "Notary")).one()
            == 50
        )


def test_removing_a_used_service_keeps_it_inactive(
    qtbot: QtBot, desk: DeskState, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        known = ids(session)
        (customer,) = add_customers(session, 1)
    run_write(
        sessions,
        lambda s: book(
            s,
            load_actor(s),
            BookingRequest(
                service_id=known["Account opening"],
                customer_id=customer,
                start=MONDAY_9AM + timedelta(hours=2),
                agent_id=known["Carla Diaz"],
            ),
            MONDAY_9AM,
        ),
    )
    page = opened(qtbot, desk, "Account opening")
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.Yes, seen)
    with qtbot.waitSignal(page.changed, timeout=WAIT):
        qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)

    assert "used by 1 appointment" in seen[0]
    assert "kept" in seen[0]
    with sessions() as session:
        kept = session.get(Service, known["Account opening"])
        assert kept is not None
        assert not kept.active
    (item,) = page.service_list.findItems("Account opening", Qt.MatchFlag.MatchStartsWith)
    assert item.text() == "Account opening (inactive)"
    greyed = page.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert item.foreground().color() == greyed
    assert page.name_edit.text() == "Account opening"
    assert not page.active_box.isChecked()
    assert "kept, inactive" in page.message.message()


def test_removing_an_unused_service_asks_then_deletes_it(
    qtbot: QtBot, desk: DeskState, sessions: sessionmaker[Session]
) -> None:
    page = opened(qtbot, desk, "Notary")
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.No, seen)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert "will be deleted" in seen[0]
    with sessions() as session:
        assert "Notary" in ids(session)

    answer_next_question(QMessageBox.StandardButton.Yes, seen)
    with qtbot.waitSignal(page.changed, timeout=WAIT):
        qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    with sessions() as session:
        assert "Notary" not in ids(session)
    assert list_texts(page) == ["Mortgage consultation", "Account opening"]


def test_revert_restores_the_saved_service(
    qtbot: QtBot, desk: DeskState, sessions: sessionmaker[Session]
) -> None:
    page = opened(qtbot, desk, "Mortgage consultation")
    retype(qtbot, page.name_edit, "Mortgages")
    retype(qtbot, page.duration_edit.line, "2h")
    click(qtbot, page.agent_boxes["Carla Diaz"])
    page.mode_combo.setCurrentIndex(page.mode_combo.findData("agents+service"))
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)

    assert page.name_edit.text() == "Mortgage consultation"
    assert page.duration_edit.text() == "1h"
    assert not page.agent_boxes["Carla Diaz"].isChecked()
    assert page.mode_combo.currentData() == "agents"
    assert page.hours_table.values() == []
    assert not page.save_button.isEnabled()
    assert not page.revert_button.isEnabled()
    assert page.title.text() == "Mortgage consultation"
    with sessions() as session:
        assert "Mortgage consultation" in ids(session)


def test_switching_services_with_unsaved_changes_asks_first(qtbot: QtBot, desk: DeskState) -> None:
    page = opened(qtbot, desk, "Notary")
    retype(qtbot, page.duration_edit.line, "50m")
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.No, seen)
    page.service_list.setCurrentRow(0)
    assert len(seen) == 1
    assert "not saved" in seen[0]
    assert page.name_edit.text() == "Notary"
    assert page.duration_edit.text() == "50m"
    assert page.service_list.currentRow() == 2

    answer_next_question(QMessageBox.StandardButton.Yes, seen)
    page.service_list.setCurrentRow(0)
    assert page.name_edit.text() == "Mortgage consultation"


def test_an_agent_whose_hours_name_the_service_cannot_be_taken_off_it(
    qtbot: QtBot, desk: DeskState, sessions: sessionmaker[Session]
) -> None:
    before = services_table(sessions)
    page = opened(qtbot, desk, "Account opening")
    click(qtbot, page.agent_boxes["Bob Chen"])
    assert not page.agent_boxes["Bob Chen"].isChecked()
    save_refused(qtbot, page)
    assert "Some of Bob Chen's working hours" in page._errors["agents"].text()
    assert page.tabs.currentIndex() == 2
    assert services_table(sessions) == before


def test_a_receptionist_is_refused_and_told_why(
    qtbot: QtBot, desk: DeskState, sessions: sessionmaker[Session]
) -> None:
    from app.booking.users import add_user

    run_write(
        sessions,
        lambda s: add_user(
            s,
            load_actor(s),
            MONDAY_9AM,
            username="rita",
            display_name="Rita",
            role="receptionist",
        ),
    )
    desk.username = "rita"
    before = services_table(sessions)
    page = opened(qtbot, desk, "Notary")
    retype(qtbot, page.duration_edit.line, "50m")
    message = save_refused(qtbot, page)
    assert page.message.message() == message
    assert message
    assert services_table(sessions) == before


def test_a_reload_keeps_unsaved_changes(
    qtbot: QtBot, desk: DeskState, sessions: sessionmaker[Session]
) -> None:
    page = opened(qtbot, desk, "Notary")
    retype(qtbot, page.duration_edit.line, "50m")
    page.reload()
    assert page.name_edit.text() == "Notary"
    assert page.duration_edit.text() == "50m"
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.duration_edit.text() == "45m"

    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.name_edit, "Safe deposit")
    page.reload()
    assert page.name_edit.text() == "Safe deposit"
    assert page.service_list.currentItem().text() == "New service"


def test_delete_on_the_list_asks_to_remove(qtbot: QtBot, desk: DeskState) -> None:
    page = opened(qtbot, desk, "Notary")
    page.service_list.setFocus()
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.No, seen)
    qtbot.keyClick(page.service_list, Qt.Key.Key_Delete)
    assert len(seen) == 1
    assert "Notary" in seen[0]


def test_a_row_is_removed_from_the_editor_that_has_the_focus(qtbot: QtBot, desk: DeskState) -> None:
    page = opened(qtbot, desk, "Notary")
    page.tabs.setCurrentIndex(HOURS_TAB)
    qtbot.mouseClick(page.hours_table.add_button, Qt.MouseButton.LeftButton)
    assert page.hours_table.row_count() == 2
    first_days = page.hours_table.cell(0, 0)
    monday = first_days.findChildren(QCheckBox)[0]
    click(qtbot, monday)
    assert page.hours_table.current_row() == 0
    qtbot.mouseClick(page.hours_table.remove_button, Qt.MouseButton.LeftButton)
    assert page.hours_table.values() == [
        {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00"}
    ]
