"""The branch administration page with pytest-qt, on SQLite and PostgreSQL.

Edits are made through the page's widgets, saved, and read back from the database; a
refused value must show under its field and leave the database as it was.
"""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.booking.users import add_user
from app.clock import fixed_clock
from app.models import AuditEntry, Branch, Closure
from app.scheduling.days import mask_from_codes
from app.views.admin.branch_page import BranchPage
from app.views.desk import DeskState
from tests.support.riverside import MONDAY_9AM, apply_riverside

# A 1x1 transparent PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture
def state(sessions: sessionmaker[Session]) -> DeskState:
    apply_riverside(sessions)
    return DeskState(sessions, "test", "Front desk", fixed_clock(MONDAY_9AM))


def _branch_id(state: DeskState) -> int:
    with state.sessions() as session:
        return session.scalars(select(Branch.id)).one()


@pytest.fixture
def page(qtbot: QtBot, state: DeskState) -> BranchPage:
    widget = BranchPage(state, _branch_id(state))
    qtbot.addWidget(widget)
    widget.resize(900, 900)
    widget.show()
    return widget


def _zone_line(page: BranchPage) -> QLineEdit:
    line = page.timezone_combo.lineEdit()
    assert line is not None
    return line


def _audit_count(state: DeskState) -> int:
    with state.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _save(qtbot: QtBot, page: BranchPage, ok: bool = True) -> None:
    with qtbot.waitSignal(page.save_finished, timeout=20_000) as blocker:
        QTest.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [ok]


def test_the_form_shows_the_branch(page: BranchPage) -> None:
    assert page.name_edit.text() == "Riverside"
    assert page.timezone_combo.currentText() == "America/Toronto"
    assert page.color_picker.color() == "#1565c0"
    assert page.day_boxes["sun"].isChecked()
    assert not page.day_boxes["mon"].isChecked()
    assert page.holiday_row_count() == 3
    start, end, name = page.holiday_editors(0)
    assert start.date() == QDate(2026, 12, 25)
    assert end.date() == QDate(2026, 12, 25)
    assert name.text() == "Christmas Day"
    assert not page.save_button.isEnabled()
    assert not page.revert_button.isEnabled()


def test_days_follow_the_branch_locale_order(page: BranchPage) -> None:
    """Canada's week starts on Sunday: the Sunday box comes first."""
    layout = page._days_layout
    item = layout.itemAt(0)
    assert item is not None
    first = item.widget()
    assert first is page.day_boxes["sun"]
    assert all(box.accessibleName() for box in page.day_boxes.values())


def test_edits_are_saved_and_read_back(
    qtbot: QtBot, page: BranchPage, state: DeskState, tmp_path: Path
) -> None:
    before = _audit_count(state)
    changes: list[bool] = []
    page.changed.connect(lambda: changes.append(True))

    page.name_edit.clear()
    QTest.keyClicks(page.name_edit, "Riverside Centre")
    assert page.save_button.isEnabled()
    page.timezone_combo.setFocus()
    _zone_line(page).selectAll()
    QTest.keyClicks(_zone_line(page), "America/Vancouver")
    page.color_picker._pick = lambda _start, _parent: QColor("#AA3300")
    QTest.mouseClick(page.color_picker.button, Qt.MouseButton.LeftButton)
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    page.choose_logo_file = lambda: str(logo)
    QTest.mouseClick(page.logo_choose, Qt.MouseButton.LeftButton)
    assert not page.logo_preview.pixmap().isNull()
    page.greeting_edit.setFocus()
    page.greeting_edit.selectAll()
    QTest.keyClicks(page.greeting_edit, "Hello")
    QTest.mouseClick(page.day_boxes["sat"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(page.add_holiday_button, Qt.MouseButton.LeftButton)
    start, end, name = page.holiday_editors(page.holiday_row_count() - 1)
    start.setDate(QDate(2026, 12, 1))
    end.setDate(QDate(2026, 12, 3))
    QTest.keyClicks(name, "Renovation")

    _save(qtbot, page)
    assert changes == [True]
    assert not page.save_button.isEnabled()
    assert "saved" in page.message.message()

    with state.sessions() as session:
        branch = session.get(Branch, page.branch_id)
        assert branch is not None
        assert branch.name == "Riverside Centre"
        assert branch.timezone == "America/Vancouver"
        assert branch.theme_color == "#aa3300"
        assert branch.logo == PNG
        assert branch.greeting == "Hello"
        assert branch.closed_weekdays == mask_from_codes(["sat", "sun"])
        closures = sorted(
            (c.start_date, c.end_date, c.name)
            for c in session.scalars(select(Closure).where(Closure.branch_id == branch.id))
        )
    assert (date(2026, 12, 1), date(2026, 12, 3), "Renovation") in closures
    assert len(closures) == 4
    # Shown sorted after the save: the new range comes first.
    start, end, name = page.holiday_editors(0)
    assert name.text() == "Renovation"
    assert _audit_count(state) > before


def test_removing_a_holiday_and_the_logo(qtbot: QtBot, page: BranchPage, state: DeskState) -> None:
    page.holidays_table.selectRow(1)
    QTest.mouseClick(page.remove_holiday_button, Qt.MouseButton.LeftButton)
    assert page.holiday_row_count() == 2
    QTest.mouseClick(page.color_picker.clear_button, Qt.MouseButton.LeftButton)
    _save(qtbot, page)
    with state.sessions() as session:
        branch = session.get(Branch, page.branch_id)
        assert branch is not None
        assert branch.theme_color is None
        names = sorted(
            c.name for c in session.scalars(select(Closure).where(Closure.branch_id == branch.id))
        )
    assert names == ["Christmas Day", "New Year's Day"]


def test_an_unknown_time_zone_is_shown_under_the_field_and_nothing_is_written(
    qtbot: QtBot, page: BranchPage, state: DeskState
) -> None:
    before = _audit_count(state)
    _zone_line(page).selectAll()
    QTest.keyClicks(_zone_line(page), "Mars/Olympus")
    page.name_edit.setText("Somewhere else")
    _save(qtbot, page, ok=False)
    assert "Mars/Olympus" in page.problem("timezone")
    assert page.problem("name") == ""
    assert page.save_button.isEnabled()  # the edit is still there to correct
    with state.sessions() as session:
        branch = session.get(Branch, page.branch_id)
        assert branch is not None
        assert (branch.name, branch.timezone) == ("Riverside", "America/Toronto")
    assert _audit_count(state) == before


def test_an_end_before_the_start_is_shown_under_the_holidays(
    qtbot: QtBot, page: BranchPage, state: DeskState
) -> None:
    start, end, _name = page.holiday_editors(2)
    start.setDate(QDate(2027, 1, 10))
    end.setDate(QDate(2027, 1, 5))
    _save(qtbot, page, ok=False)
    problem = page.problem("holidays")
    assert problem.startswith("Row 3:")
    assert "before" in problem
    with state.sessions() as session:
        days = sorted(
            c.start_date
            for c in session.scalars(select(Closure).where(Closure.branch_id == page.branch_id))
        )
    assert date(2027, 1, 10) not in days


def test_revert_restores_the_values_read(qtbot: QtBot, page: BranchPage) -> None:
    page.name_edit.setText("Other")
    QTest.mouseClick(page.day_boxes["mon"], Qt.MouseButton.LeftButton)
    page.holidays_table.selectRow(0)
    QTest.mouseClick(page.remove_holiday_button, Qt.MouseButton.LeftButton)
    assert page.revert_button.isEnabled()
    QTest.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.name_edit.text() == "Riverside"
    assert not page.day_boxes["mon"].isChecked()
    assert page.holiday_row_count() == 3
    assert not page.save_button.isEnabled()


def test_typing_back_the_original_value_disables_save(page: BranchPage) -> None:
    page.name_edit.setText("Riverside 2")
    assert page.save_button.isEnabled()
    page.name_edit.setText("Riverside")
    assert not page.save_button.isEnabled()


def test_a_too_large_logo_is_refused_before_reading(page: BranchPage, tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    big.write_bytes(PNG + b"\0" * (1024 * 1024))
    page.set_logo_file(big)
    assert "1 MiB" in page.problem("logo")
    assert not page.save_button.isEnabled()


def test_a_receptionist_is_refused_and_told_why(
    qtbot: QtBot, page: BranchPage, state: DeskState
) -> None:
    run_write(
        state.sessions,
        lambda s: add_user(
            s, load_actor(s), MONDAY_9AM, username="rita", display_name="Rita", role="receptionist"
        ),
    )
    state.username = "rita"
    page.name_edit.setText("Rita's branch")
    _save(qtbot, page, ok=False)
    assert "permission" in page.message.message().lower()
    with state.sessions() as session:
        branch = session.get(Branch, page.branch_id)
        assert branch is not None
        assert branch.name == "Riverside"


def test_a_label_s_mnemonic_reaches_its_field(qtbot: QtBot, page: BranchPage) -> None:
    page.activateWindow()
    qtbot.waitActive(page)
    page.name_edit.setFocus()
    QTest.keyClick(page.name_edit, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    assert page.greeting_edit.hasFocus()


def test_tab_goes_from_field_to_field(qtbot: QtBot, page: BranchPage) -> None:
    page.activateWindow()
    qtbot.waitActive(page)
    page.name_edit.setFocus()
    QTest.keyClick(page.name_edit, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused in (page.timezone_combo, page.timezone_combo.lineEdit())
