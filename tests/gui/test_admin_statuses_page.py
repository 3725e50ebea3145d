"""The statuses administration page with pytest-qt, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from app.booking import statuses
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.booking.users import add_user
from app.clock import fixed_clock
from app.models import AuditEntry, Branch, StatusDefinition
from app.views.admin.statuses_page import StatusesPage
from app.views.desk import DeskState
from tests.support.riverside import MONDAY_9AM, apply_riverside, ids


@pytest.fixture
def state(sessions: sessionmaker[Session]) -> DeskState:
    apply_riverside(sessions)
    return DeskState(sessions, "test", "Front desk", fixed_clock(MONDAY_9AM))


@pytest.fixture
def page(qtbot: QtBot, state: DeskState) -> StatusesPage:
    with state.sessions() as session:
        branch_id = session.scalars(select(Branch.id)).one()
    widget = StatusesPage(state, branch_id)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    return widget


def _status(state: DeskState, key: str) -> StatusDefinition | None:
    with state.sessions() as session:
        return session.scalars(
            select(StatusDefinition)
            .where(StatusDefinition.key == key)
            .options(selectinload(StatusDefinition.services))
        ).one_or_none()


def _audit(state: DeskState) -> list[str]:
    with state.sessions() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def _save(qtbot: QtBot, page: StatusesPage, ok: bool = True) -> None:
    with qtbot.waitSignal(page.save_finished, timeout=20_000) as blocker:
        QTest.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [ok]


def _keys_listed(page: StatusesPage) -> list[str]:
    out = []
    for i in range(page.tree.topLevelItemCount()):
        item = page.tree.topLevelItem(i)
        assert item is not None
        out.append(str(item.data(0, Qt.ItemDataRole.UserRole)))
    return out


def test_every_status_is_listed_and_built_in_ones_are_read_only(page: StatusesPage) -> None:
    keys = _keys_listed(page)
    assert set(statuses.BUILTIN_KEYS) <= set(keys)
    page.select_status("confirmed")
    assert not page.name_edit.isEnabled()
    assert not page.save_button.isEnabled()
    assert page.builtin_note.isVisibleTo(page)
    assert page.name_edit.text() == "Confirmed"


def test_a_new_status_is_saved_with_its_services(
    qtbot: QtBot, page: StatusesPage, state: DeskState
) -> None:
    changes: list[bool] = []
    page.changed.connect(lambda: changes.append(True))
    QTest.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.key_edit.hasFocus() or page.key_edit.text() == ""
    QTest.keyClicks(page.key_edit, "awaiting_documents")
    QTest.keyClicks(page.name_edit, "Awaiting documents")
    QTest.keyClicks(page.description_edit, "The customer still has to bring papers.")
    page.position_spin.setValue(4)
    page.predicate_combo.setCurrentIndex(page.predicate_combo.findData("start"))
    page.color_picker._pick = lambda _start, _parent: QColor("#6D4C41")
    QTest.mouseClick(page.color_picker.button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(page.blocks_box, Qt.MouseButton.LeftButton)
    QTest.mouseClick(page.all_services_box, Qt.MouseButton.LeftButton)
    known = ids_of(state)
    for service_id, box in page.service_boxes.items():
        assert box.isEnabled()
        if service_id == known["Account opening"]:
            QTest.mouseClick(box, Qt.MouseButton.LeftButton)  # untick: not used there

    _save(qtbot, page)

    saved = _status(state, "awaiting_documents")
    assert saved is not None
    assert saved.name == "Awaiting documents"
    assert saved.description == "The customer still has to bring papers."
    assert saved.position == 4
    assert saved.predicate == "start"
    assert saved.color == "#6d4c41"
    assert saved.blocks_time is False
    assert saved.all_services is False
    assert sorted(s.id for s in saved.services) == sorted(
        [known["Mortgage consultation"], known["Notary"]]
    )
    assert changes == [True]
    assert _audit(state)[-1] == "status.create"
    assert "awaiting_documents" in _keys_listed(page)
    assert page.key_edit.isReadOnly()
    assert not page.save_button.isEnabled()


def ids_of(state: DeskState) -> dict[str, int]:
    with state.sessions() as session:
        return ids(session)


def test_editing_a_custom_status(qtbot: QtBot, page: StatusesPage, state: DeskState) -> None:
    QTest.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    QTest.keyClicks(page.key_edit, "callback")
    QTest.keyClicks(page.name_edit, "Call back")
    _save(qtbot, page)
    page.select_status("callback")
    page.name_edit.setText("Call the customer back")
    page.predicate_combo.setCurrentIndex(page.predicate_combo.findData("cancellation"))
    assert page.save_button.isEnabled()
    _save(qtbot, page)
    saved = _status(state, "callback")
    assert saved is not None
    assert saved.name == "Call the customer back"
    assert saved.predicate == "cancellation"
    assert saved.all_services is True
    assert _audit(state)[-1] == "status.update"


def test_a_duplicate_key_is_refused_under_the_key(
    qtbot: QtBot, page: StatusesPage, state: DeskState
) -> None:
    QTest.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    QTest.keyClicks(page.key_edit, "callback")
    QTest.keyClicks(page.name_edit, "Call back")
    _save(qtbot, page)
    before = _audit(state)
    QTest.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    QTest.keyClicks(page.key_edit, "callback")
    QTest.keyClicks(page.name_edit, "Something else")
    _save(qtbot, page, ok=False)
    assert "exists already" in page.problem("key")
    saved = _status(state, "callback")
    assert saved is not None
    assert saved.name == "Call back"
    assert _audit(state) == before


def test_a_built_in_key_and_a_bad_key_are_refused(qtbot: QtBot, page: StatusesPage) -> None:
    QTest.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    QTest.keyClicks(page.key_edit, "confirmed")
    QTest.keyClicks(page.name_edit, "Mine")
    _save(qtbot, page, ok=False)
    assert "built-in" in page.problem("key")
    page.key_edit.setText("Not A Key")
    _save(qtbot, page, ok=False)
    assert "cannot be a status key" in page.problem("key")


def test_a_missing_name_is_refused_under_the_name(
    qtbot: QtBot, page: StatusesPage, state: DeskState
) -> None:
    QTest.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    QTest.keyClicks(page.key_edit, "nameless")
    _save(qtbot, page, ok=False)
    assert "needs a name" in page.problem("name")
    assert page.problem("key") == ""
    assert _status(state, "nameless") is None


def test_revert_restores_the_status(qtbot: QtBot, page: StatusesPage) -> None:
    QTest.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    QTest.keyClicks(page.key_edit, "callback")
    QTest.keyClicks(page.name_edit, "Call back")
    _save(qtbot, page)
    page.name_edit.setText("Changed")
    QTest.mouseClick(page.all_services_box, Qt.MouseButton.LeftButton)
    assert page.revert_button.isEnabled()
    QTest.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.name_edit.text() == "Call back"
    assert page.all_services_box.isChecked()
    assert not page.save_button.isEnabled()


def test_selecting_in_the_list_shows_the_status(page: StatusesPage) -> None:
    keys = _keys_listed(page)
    row = keys.index("cancelled")
    item = page.tree.topLevelItem(row)
    assert item is not None
    page.tree.setCurrentItem(item)
    assert page.key_edit.text() == "cancelled"
    assert page.predicate_combo.currentData() == "cancellation"


def test_a_receptionist_is_refused_and_told_why(
    qtbot: QtBot, page: StatusesPage, state: DeskState
) -> None:
    run_write(
        state.sessions,
        lambda s: add_user(
            s, load_actor(s), MONDAY_9AM, username="rita", display_name="Rita", role="receptionist"
        ),
    )
    state.username = "rita"
    QTest.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    QTest.keyClicks(page.key_edit, "callback")
    QTest.keyClicks(page.name_edit, "Call back")
    _save(qtbot, page, ok=False)
    assert "permission" in page.message.message().lower()
    assert _status(state, "callback") is None


def test_picking_another_status_asks_before_dropping_unsaved_changes(
    qtbot: QtBot, page: StatusesPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    QTest.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    QTest.keyClicks(page.key_edit, "callback")
    QTest.keyClicks(page.name_edit, "Call back")
    _save(qtbot, page)
    page.select_status("callback")
    page.name_edit.setText("Call the customer back")
    keys = _keys_listed(page)
    cancelled = page.tree.topLevelItem(keys.index("cancelled"))
    assert cancelled is not None

    answers = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: answers.pop(0))
    page.tree.setCurrentItem(cancelled)
    assert page.key_edit.text() == "callback"
    assert page.name_edit.text() == "Call the customer back"
    current = page.tree.currentItem()
    assert current is not None
    assert current.data(0, Qt.ItemDataRole.UserRole) == "callback"

    answers.append(QMessageBox.StandardButton.Discard)
    page.tree.setCurrentItem(cancelled)
    assert page.key_edit.text() == "cancelled"
    assert answers == []
