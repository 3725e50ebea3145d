"""The audit trail screen with pytest-qt, on SQLite and PostgreSQL.

Entries are written by real use cases (a booking, a customer change) or by
app.booking.audit.record; the screen must list them newest first, filter them, show the
selected entry's before and after side by side, and export what matches.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from app.booking import audit
from app.booking import customers as cust
from app.booking.audit import AuditRow
from app.booking.permissions import Actor, load_actor
from app.clock import fixed_clock
from app.views.audit_view import AuditView
from app.views.desk import DeskState
from app.views.models.audit import AuditTableModel
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside

NOW = MONDAY_9AM


def minute(n: int) -> timedelta:
    return timedelta(minutes=n)


@pytest.fixture
def state(sessions: sessionmaker[Session]) -> DeskState:
    apply_riverside(sessions)
    with sessions() as session:
        customer = add_customers(session, 2)[0]
        desk = load_actor(session)
        cust.update_customer(
            session, desk, customer, now=NOW + minute(1), notes="=cmd|' /C calc'!A0"
        )
        mia = Actor(None, "mia_r", "Mia Rossi", "manager", frozenset())
        audit.record(
            session,
            mia,
            NOW + minute(2),
            "setting.change",
            "setting",
            None,
            {"key": "min_agent_share", "value": 0.5},
            {"key": "min_agent_share", "value": 0.25},
        )
        session.commit()
    return DeskState(sessions, "test", "Front desk", fixed_clock(NOW))


@pytest.fixture
def view(qtbot: QtBot, state: DeskState) -> AuditView:
    widget = AuditView(state)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    with qtbot.waitSignal(widget.refreshed, timeout=5000):
        widget.show()  # the first show reads the trail, off the GUI thread
    return widget


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def actions(view: AuditView) -> list[str]:
    model = view.model
    return [model.data(model.index(r, AuditTableModel.ACTION)) for r in range(model.rowCount())]


def test_lists_newest_first_and_passes_the_model_tester(
    view: AuditView, qtmodeltester: ModelTester
) -> None:
    assert actions(view)[:2] == ["setting.change", "customer.update"]
    assert "setup.apply" in actions(view)
    when = view.model.data(view.model.index(0, AuditTableModel.WHEN))
    assert when == "2026-11-23 09:02:00"  # Toronto time, not the machine's
    assert view.model.data(view.model.index(0, AuditTableModel.CHANGED)) == "value"
    qtmodeltester.check(view.model)


def test_filters_by_user_entity_text_and_days(qtbot: QtBot, view: AuditView) -> None:
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        QTest.keyClicks(view.user_edit, "mia_r")
    assert actions(view) == ["setting.change"]
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        view.user_edit.clear()
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        QTest.keyClicks(view.text_edit, "calc")
    assert actions(view) == ["customer.update"]
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        view.text_edit.clear()
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        view.entity_combo.setCurrentIndex(view.entity_combo.findData("branch"))
    assert actions(view) == ["setup.apply"]
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        view.entity_combo.setCurrentIndex(0)
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        view.from_edit.setDate(QDate(2026, 11, 24))
    assert actions(view) == []
    assert view.status_label.text().startswith("No audit entries match")
    with qtbot.waitSignal(view.failed, timeout=3000) as refused:
        view.to_edit.setDate(QDate(2026, 11, 23))
    assert "before the first day" in refused.args[0]
    assert view.status_label.text() == refused.args[0]
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        view.from_edit.setDate(QDate(2026, 11, 23))
    assert len(actions(view)) == 3
    assert view.status_label.text() == (
        "3 matching entries, newest first (times in America/Toronto)."
    )


def test_selecting_an_entry_shows_before_and_after_side_by_side(
    qtbot: QtBot, view: AuditView, tmp_path: Path
) -> None:
    view.table.setFocus()
    view.table.selectionModel().setCurrentIndex(
        view.model.index(1, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    selected = view.selected_entry()
    assert isinstance(selected, AuditRow)
    assert selected.action == "customer.update"
    table = view.details
    fields = {cell(table, r, 0).text(): r for r in range(table.rowCount())}
    notes = fields["notes"]
    assert cell(table, notes, 1).text() == ""
    assert cell(table, notes, 2).text() == "=cmd|' /C calc'!A0"
    assert cell(table, notes, 2).font().bold()
    assert not cell(table, fields["name"], 2).font().bold()
    assert cell(table, fields["name"], 1).text() == cell(table, fields["name"], 2).text()
    assert "customer.update" in view.entry_label.text()
    # Up arrow moves to the newest entry and shows it.
    QTest.keyClick(view.table, Qt.Key.Key_Up)
    assert view.entry_label.text().startswith("2026-11-23 09:02:00")
    values = {cell(table, r, 0).text(): r for r in range(table.rowCount())}
    assert cell(table, values["value"], 1).text() == "0.5"
    assert cell(table, values["value"], 2).text() == "0.25"
    if os.environ.get("FRONTDESK_SCREENSHOT"):
        view.grab().save(str(tmp_path / "audit.png"))


def test_export_writes_every_match_with_formulas_guarded(
    qtbot: QtBot, view: AuditView, tmp_path: Path
) -> None:
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        QTest.keyClicks(view.text_edit, "calc")
    target = tmp_path / "audit.csv"
    with qtbot.waitSignal(view.exported, timeout=3000) as signal:
        assert view.export_to(target) == 1
    assert signal.args == [str(target), 1]
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    assert rows[0] == list(audit.CSV_COLUMNS)
    assert rows[1][3] == "customer.update"
    assert "=cmd" in rows[1][7]
    assert all(cell[:1] not in ("=", "+", "-", "@") for cell in rows[1])
    assert view.status_label.text() == f"Exported 1 entry to {target}."


def test_export_to_an_unwritable_place_says_so(view: AuditView, tmp_path: Path) -> None:
    assert view.export_to(tmp_path / "missing" / "audit.csv") == 0
    assert "Cannot write" in view.status_label.text()


def test_controls_have_accessible_names(view: AuditView) -> None:
    for widget in (
        view.from_edit,
        view.to_edit,
        view.user_edit,
        view.entity_combo,
        view.text_edit,
        view.export_button,
        view.table,
        view.details,
    ):
        assert widget.accessibleName()


def test_a_refresh_asked_for_during_a_read_runs_after_it(qtbot: QtBot, view: AuditView) -> None:
    view.user_edit.setText("desk")
    view.refresh()
    assert view.is_busy()
    with qtbot.waitSignal(view.refreshed, timeout=3000) as done:
        view.user_edit.setText("mia_r")
        view.refresh()  # asked while the first read runs: only the newest answer counts
    assert done.args == [1]
    assert actions(view) == ["setting.change"]
