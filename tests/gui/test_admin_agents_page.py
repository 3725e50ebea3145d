"""The agents administration page with pytest-qt, on SQLite and PostgreSQL.

Each test drives the real widgets on the Riverside branch and checks the outcome in the
database: through ``setup_tables`` (what a setup file export would say), the agent's row,
and the booking layer's own slots for a new agent.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QDateTimeEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking.admin import remove_availability, setup_tables
from app.booking.availability import slots
from app.booking.permissions import load_actor
from app.clock import fixed_clock
from app.models import Agent, CalendarAccount, Service
from app.views.admin.agents_page import AgentsPage
from app.views.desk import DeskState
from tests.support.riverside import MONDAY_9AM, apply_riverside

TUESDAY = date(2026, 11, 24)


@pytest.fixture
def page(qtbot: QtBot, sessions: sessionmaker[Session]) -> AgentsPage:
    apply_riverside(sessions)
    widget = AgentsPage(DeskState(sessions, "test", "Front desk", fixed_clock(MONDAY_9AM)), 1)
    qtbot.addWidget(widget)
    widget.resize(1100, 900)
    widget.show()
    return widget


def tables(sessions: sessionmaker[Session]) -> dict[str, Any]:
    with sessions() as session:
        return setup_tables(session, 1)


def agent_table(sessions: sessionmaker[Session], name: str) -> dict[str, Any]:
    return next(a for a in tables(sessions)["agents"] if a["name"] == name)


def agent_id(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as session:
        return session.scalars(select(Agent.id).where(Agent.name == name)).one()


def answer(monkeypatch: pytest.MonkeyPatch, reply: QMessageBox.StandardButton) -> list[str]:
    """Answer the page's confirmations with ``reply``; the questions asked are returned."""
    asked: list[str] = []

    def question(parent: QWidget, title: str, text: str, *args: object) -> Any:
        asked.append(text)
        return reply

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def cell(page: AgentsPage, row: int, column: int) -> Any:
    item = page.hours.item(row, column)
    assert item is not None
    return item


def save(qtbot: QtBot, page: AgentsPage) -> None:
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(page.changed, timeout=5000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)


def test_lists_the_agents_and_shows_the_first(page: AgentsPage) -> None:
    names = [page.agent_list.item(i).text() for i in range(page.agent_list.count())]
    assert names == ["Alice Martin", "Bob Chen", "Carla Diaz"]
    assert page.name.text() == "Alice Martin"
    assert page.meeting_url.text() == "https://meet.riverside.example/alice"
    assert page.hours.rowCount() == 2
    assert page.blocked.rowCount() == 1
    assert page.service_boxes["Mortgage consultation"].isChecked()
    assert not page.service_boxes["Notary"].isChecked()
    # Nothing changed yet: nothing to save or revert.
    assert not page.save_button.isEnabled()
    assert not page.revert_button.isEnabled()


def test_a_new_agent_with_hours_and_a_service_gets_slots(
    qtbot: QtBot, page: AgentsPage, sessions: sessionmaker[Session]
) -> None:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.name.text() == ""
    assert page.hours.rowCount() == 1  # Monday to Friday, 09:00-17:00, to start from
    assert page.save_button.isEnabled()
    assert not page.period_add.isEnabled()  # periods need a saved agent
    qtbot.keyClicks(page.name, "Dana Lee")
    qtbot.keyClicks(page.email, "dana.lee@riverside.example")
    qtbot.mouseClick(page.service_boxes["Account opening"], Qt.MouseButton.LeftButton)
    cell(page, 0, 8).setText("12:00")
    save(qtbot, page)

    dana = agent_table(sessions, "Dana Lee")
    assert dana["hours"] == [
        {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "12:00"}
    ]
    with sessions() as session:
        service = session.scalars(select(Service).where(Service.name == "Account opening")).one()
        found = slots(
            session, service, TUESDAY, TUESDAY, MONDAY_9AM, agent_id=agent_id(sessions, "Dana Lee")
        )
    assert found
    assert min(s.start for s in found).astimezone(page.tz).hour == 9
    assert max(s.end for s in found).astimezone(page.tz).hour == 12
    assert page.agent_list.currentItem().text() == "Dana Lee"
    assert page.period_add.isEnabled()
    assert not page.save_button.isEnabled()


def test_editing_hours_is_saved_and_read_back(
    qtbot: QtBot, page: AgentsPage, sessions: sessionmaker[Session]
) -> None:
    page.select_agent("Bob Chen")
    page.hours.setCurrentCell(1, 8)
    cell(page, 1, 8).setText("16:00")
    cell(page, 1, 0).setCheckState(Qt.CheckState.Checked)  # add Monday
    assert page.save_button.isEnabled()
    # The second segment only for mortgages, from the check boxes under the table.
    qtbot.mouseClick(page.only_for["Mortgage consultation"], Qt.MouseButton.LeftButton)
    assert cell(page, 1, 9).text() == "Mortgage consultation"
    save(qtbot, page)
    assert agent_table(sessions, "Bob Chen")["hours"] == [
        {
            "days": ["mon", "wed", "fri"],
            "start": "09:00",
            "end": "17:00",
            "services": ["Account opening"],
        },
        {
            "days": ["mon", "tue", "thu"],
            "start": "10:00",
            "end": "16:00",
            "services": ["Mortgage consultation"],
        },
    ]
    # Shown afresh from the database, nothing left to save.
    assert cell(page, 1, 8).text() == "16:00"
    assert not page.save_button.isEnabled()


def test_days_off_and_blocked_times_are_saved(
    qtbot: QtBot, page: AgentsPage, sessions: sessionmaker[Session]
) -> None:
    page.select_agent("Carla Diaz")
    qtbot.mouseClick(page.holidays_add, Qt.MouseButton.LeftButton)
    row = page.holidays.currentRow()
    page.holidays.item(row, 0).setData(Qt.ItemDataRole.EditRole, QDate(2026, 12, 14))
    page.holidays.item(row, 1).setData(Qt.ItemDataRole.EditRole, QDate(2026, 12, 18))
    page.holidays.item(row, 2).setText("Training week")
    qtbot.mouseClick(page.blocked_add, Qt.MouseButton.LeftButton)
    row = page.blocked.currentRow()
    page.blocked.item(row, 0).setData(
        Qt.ItemDataRole.EditRole, QDateTime(QDate(2026, 11, 27), QTime(14, 0))
    )
    page.blocked.item(row, 1).setData(
        Qt.ItemDataRole.EditRole, QDateTime(QDate(2026, 11, 27), QTime(15, 30))
    )
    page.blocked.item(row, 2).setText("Dentist")
    save(qtbot, page)
    carla = agent_table(sessions, "Carla Diaz")
    assert carla["holidays"] == [
        {"from": "2026-12-14", "to": "2026-12-18", "name": "Training week"}
    ]
    assert carla["blocked"] == [
        {"start": "2026-11-27T14:00", "end": "2026-11-27T15:30", "reason": "Dentist"}
    ]


def test_rename_keeps_the_id(
    qtbot: QtBot, page: AgentsPage, sessions: sessionmaker[Session]
) -> None:
    before = agent_id(sessions, "Bob Chen")
    page.select_agent("Bob Chen")
    page.name.selectAll()
    qtbot.keyClicks(page.name, "Robert Chen")
    save(qtbot, page)
    assert agent_id(sessions, "Robert Chen") == before
    services = {s["name"]: s["agents"] for s in tables(sessions)["services"]}
    assert services["Account opening"] == ["Robert Chen", "Carla Diaz"]
    assert page.agent_list.currentItem().text() == "Robert Chen"


def test_revert_forgets_the_changes(qtbot: QtBot, page: AgentsPage) -> None:
    page.phone.setText("416 555 0100")
    cell(page, 0, 7).setText("10:00")
    assert page.revert_button.isEnabled()
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.phone.text() == ""
    assert cell(page, 0, 7).text() == "09:00"
    assert not page.save_button.isEnabled()


def _hours_end_before_start(page: AgentsPage) -> None:
    cell(page, 1, 8).setText("12:30")  # 13:00 to 12:30


def _blocked_end_before_start(page: AgentsPage) -> None:
    page.blocked.item(0, 1).setData(
        Qt.ItemDataRole.EditRole, QDateTime(QDate(2026, 11, 26), QTime(8, 0))
    )


def _bad_email(page: AgentsPage) -> None:
    page.email.setText("alice.martin@")


@pytest.mark.parametrize(
    ("spoil", "field", "words"),
    [
        (_hours_end_before_start, "hours", 'Row 2: End "12:30" is not after start "13:00"'),
        (_blocked_end_before_start, "blocked", "Row 1: End"),
        (_bad_email, "email", 'Email "alice.martin@" is not an e-mail address'),
    ],
)
def test_bad_input_is_shown_at_the_field_and_writes_nothing(
    qtbot: QtBot,
    page: AgentsPage,
    sessions: sessionmaker[Session],
    spoil: Any,
    field: str,
    words: str,
) -> None:
    before = tables(sessions)
    spoil(page)
    changed: list[bool] = []
    page.changed.connect(lambda: changed.append(True))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert words in page.errors[field].text()
    assert all(e.text() == "" for k, e in page.errors.items() if k != field)
    assert "Nothing was saved" in page.message.message()
    assert tables(sessions) == before
    assert changed == []
    # The form keeps what was typed, so it can be corrected.
    assert page.save_button.isEnabled()


def test_removing_an_agent_without_appointments_deletes_them(
    qtbot: QtBot,
    page: AgentsPage,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(page.changed, timeout=5000):
        qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert "will be deleted" in asked[0]
    assert "Alice Martin" in asked[0]
    assert [a["name"] for a in tables(sessions)["agents"]] == ["Bob Chen", "Carla Diaz"]
    assert page.agent_list.count() == 2


def test_removing_an_agent_with_a_calendar_keeps_them_inactive(
    qtbot: QtBot,
    page: AgentsPage,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with sessions() as session:
        session.add(CalendarAccount(agent_id=agent_id(sessions, "Carla Diaz"), provider="caldav"))
        session.commit()
    page.select_agent("Carla Diaz")
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(page.changed, timeout=5000):
        qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert "kept as inactive" in asked[0]
    assert agent_table(sessions, "Carla Diaz").get("active") is False
    item = page.agent_list.item(2)
    assert item.text() == "Carla Diaz (inactive)"
    disabled = page.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert item.foreground().color() == disabled
    assert not page.active.isChecked()
    assert tables(sessions).get("availability", []) == []


def test_cancelling_the_removal_keeps_the_agent(
    qtbot: QtBot,
    page: AgentsPage,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert len(tables(sessions)["agents"]) == 3
    assert page.name.text() == "Alice Martin"


def test_switching_agents_with_unsaved_changes_asks_first(
    page: AgentsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.phone.setText("416 555 0100")
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    page.agent_list.setCurrentRow(1)
    assert asked == ["Discard the changes to Alice Martin?"]
    assert page.name.text() == "Alice Martin"
    assert page.agent_list.currentRow() == 0
    answer(monkeypatch, QMessageBox.StandardButton.Discard)
    page.agent_list.setCurrentRow(1)
    assert page.name.text() == "Bob Chen"


def test_a_period_is_added_and_removed_from_the_page(
    qtbot: QtBot,
    page: AgentsPage,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page.select_agent("Bob Chen")
    assert page.periods.count() == 0
    dialog = page.add_period()
    assert dialog is not None
    dialog.start_date.setDate(QDate(2026, 12, 5))
    dialog.freq.setCurrentIndex(dialog.freq.findData("WEEKLY"))
    with qtbot.waitSignal(page.changed, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    bob = [p for p in tables(sessions)["availability"] if p["agent"] == "Bob Chen"]
    assert bob == [
        {
            "agent": "Bob Chen",
            "start": "2026-12-05T09:00",
            "end": "2026-12-05T12:00",
            "repeat": "FREQ=WEEKLY;BYDAY=SA",
        }
    ]
    assert page.periods.count() == 1
    page.periods.setCurrentRow(0)
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(page.changed, timeout=5000):
        qtbot.mouseClick(page.period_remove, Qt.MouseButton.LeftButton)
    assert [p["agent"] for p in tables(sessions)["availability"]] == ["Carla Diaz"]
    assert page.periods.count() == 0


def test_a_period_changed_at_another_desk_is_not_overwritten(
    qtbot: QtBot, page: AgentsPage, sessions: sessionmaker[Session]
) -> None:
    page.select_agent("Carla Diaz")
    page.periods.setCurrentRow(0)
    dialog = page.edit_period()
    assert dialog is not None
    with sessions() as session:  # another desk removes it meanwhile
        remove_availability(session, load_actor(session), 1, 0, MONDAY_9AM)
        session.commit()
    dialog.count.setValue(4)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "changed at another desk" in dialog.message.message()
    assert tables(sessions).get("availability", []) == []


def test_tab_goes_down_the_form_through_the_services(qtbot: QtBot, page: AgentsPage) -> None:
    page.activateWindow()
    page.active.setFocus()
    qtbot.waitUntil(page.active.hasFocus)
    order = []
    for _ in range(4):
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
        order.append(page.focusWidget())
    assert order == [*page.service_boxes.values(), page.hours]


def test_a_blocked_time_edited_in_its_editor_keeps_the_digits_typed(
    qtbot: QtBot, page: AgentsPage, sessions: sessionmaker[Session]
) -> None:
    index = page.blocked.model().index(0, 1)
    assert page.blocked.itemDelegateForColumn(1).displayText(index.data(), page.locale()) == (
        f"{page.locale().toString(QDate(2026, 11, 26), QLocale.FormatType.ShortFormat)} "
        f"{page.locale().toString(QTime(12, 0), QLocale.FormatType.ShortFormat)}"
    )
    page.blocked.setCurrentIndex(index)
    page.blocked.edit(index)
    editor = page.blocked.findChild(QDateTimeEdit)
    assert editor is not None
    assert (editor.time().hour(), editor.time().minute()) == (12, 0)
    editor.setTime(QTime(12, 45))
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view commits and closes it queued
    qtbot.waitUntil(lambda: page.blocked.state() == QAbstractItemView.State.NoState)
    save(qtbot, page)
    assert agent_table(sessions, "Alice Martin")["blocked"] == [
        {"start": "2026-11-26T09:00", "end": "2026-11-26T12:45", "reason": "Training"}
    ]


def test_reload_keeps_unsaved_changes(
    qtbot: QtBot, page: AgentsPage, sessions: sessionmaker[Session]
) -> None:
    page.phone.setText("416 555 0100")
    qtbot.mouseClick(page.service_boxes["Notary"], Qt.MouseButton.LeftButton)
    page.reload()
    assert page.phone.text() == "416 555 0100"
    assert page.service_boxes["Notary"].isChecked()
    assert page.service_boxes["Mortgage consultation"].isChecked()
    save(qtbot, page)
    alice = agent_table(sessions, "Alice Martin")
    assert alice["phone"] == "+14165550100"
    notary = next(s for s in tables(sessions)["services"] if s["name"] == "Notary")
    assert notary["agents"] == ["Carla Diaz", "Alice Martin"]
    # Saved: a reload now shows the agent as stored.
    page.reload()
    assert page.phone.text() == "+14165550100"
    assert not page.save_button.isEnabled()
