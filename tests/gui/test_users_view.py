"""The users screen and the permission table, driven with pytest-qt on SQLite and
PostgreSQL.

Every change is made through the widgets and read back through app.booking.users; the
refusals come from the booking layer and appear next to the field they concern.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from app.booking import users
from app.booking.errors import BookingError
from app.booking.permissions import ADMINISTER, ASSIGN, DELETE, DESK_USERNAME, load_actor
from app.clock import fixed_clock
from app.views.desk import DeskState
from app.views.users_view import (
    AddUserDialog,
    PasswordDialog,
    RoleDialog,
    UserFormDialog,
    UsersView,
)
from tests.support.riverside import apply_riverside, ids

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
SECRET = "Tulip-Harbour-42"
NEW_SECRET = "Maple-Lantern-77"
WAIT = 20_000


def add_user(sessions: sessionmaker[Session], username: str, role: str) -> None:
    with sessions() as session:
        users.add_user(
            session,
            load_actor(session),
            NOW,
            username=username,
            display_name=username.title(),
            role=role,
            password=SECRET,
        )
        session.commit()


def opened(
    qtbot: QtBot, sessions: sessionmaker[Session], username: str = DESK_USERNAME
) -> UsersView:
    state = DeskState(sessions, "test database", username.title(), fixed_clock(NOW), username)
    view = UsersView(state)
    qtbot.addWidget(view)
    view.resize(900, 520)
    view.show()
    return view


def read_user(sessions: sessionmaker[Session], username: str) -> users.UserInfo:
    with sessions() as session:
        return users.get_user(session, load_actor(session), username)


def role_table(sessions: sessionmaker[Session]) -> dict[str, set[str]]:
    with sessions() as session:
        return {r.key: set(r.permissions) for r in users.list_roles(session)}


def save(qtbot: QtBot, dialog: UserFormDialog) -> None:
    """Press Save and wait until the write is over (whatever its outcome)."""
    with qtbot.waitSignal(dialog.runner.busy_changed, timeout=WAIT):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.runner.busy(), timeout=WAIT)


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def select(view: UsersView, username: str) -> None:
    assert view.select_user(username)
    selected = view.selected_user()
    assert selected is not None
    assert selected.username == username


def test_administrator_adds_a_user_through_the_dialog(
    qtbot: QtBot, qtmodeltester: ModelTester, sessions: sessionmaker[Session]
) -> None:
    apply_riverside(sessions)
    view = opened(qtbot, sessions)
    qtmodeltester.check(view.users_model)
    assert [view.users_model.user(r).username for r in range(view.users_model.rowCount())] == [
        DESK_USERNAME
    ]
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, AddUserDialog)
    assert dialog.role_box.currentData() == "receptionist"

    type_into(qtbot, dialog.username_edit, "rita")
    type_into(qtbot, dialog.name_edit, "Rita  Ross")
    dialog.role_box.setCurrentIndex(dialog.role_box.findData("agent"))
    dialog.agent_box.setCurrentIndex(dialog.agent_box.findText("Bob Chen"))
    type_into(qtbot, dialog.password_edit, SECRET)
    type_into(qtbot, dialog.repeat_edit, SECRET + "!")
    dialog.save_button.click()
    assert not dialog.runner.busy()
    assert dialog.error_text("repeat") == "The two passwords are not the same. Type them again."
    assert dialog.password_edit.text() == ""

    type_into(qtbot, dialog.password_edit, "short")
    type_into(qtbot, dialog.repeat_edit, "short")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_text("password") == "A password needs at least 8 characters."
    assert dialog.error_text("repeat") == ""

    type_into(qtbot, dialog.username_edit, "desk")
    type_into(qtbot, dialog.password_edit, SECRET)
    type_into(qtbot, dialog.repeat_edit, SECRET)
    save(qtbot, dialog)
    assert "already in use" in dialog.error_text("username")
    assert dialog.error_text("password") == ""

    type_into(qtbot, dialog.username_edit, "rita")
    with qtbot.waitSignal(view.changed, timeout=WAIT):
        save(qtbot, dialog)
    qtbot.waitUntil(lambda: view.dialog is None, timeout=WAIT)
    assert view.users_message.message() == "Rita Ross was added."
    selected = view.selected_user()
    assert selected is not None
    assert selected.username == "rita"
    qtmodeltester.check(view.users_model)

    stored = read_user(sessions, "rita")
    with sessions() as session:
        bob = ids(session)["Bob Chen"]
    assert (stored.display_name, stored.role, stored.agent_id, stored.active) == (
        "Rita Ross",
        "agent",
        bob,
        True,
    )
    row = view.users_model.row_of("rita")
    shown = [view.users_model.index(row, c).data() for c in range(view.users_model.columnCount())]
    assert shown == ["rita", "Rita Ross", "Agent", "Bob Chen", "Yes", "Never"]
    with sessions() as session:
        assert users.sign_in(session, "rita", SECRET, NOW).role == "agent"


def test_change_role_and_the_last_administrator_is_kept(
    qtbot: QtBot, sessions: sessionmaker[Session]
) -> None:
    add_user(sessions, "rita", "receptionist")
    view = opened(qtbot, sessions)
    changes: list[None] = []
    view.changed.connect(lambda: changes.append(None))

    select(view, "rita")
    qtbot.mouseClick(view.role_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, RoleDialog)
    assert dialog.role_box.currentData() == "receptionist"
    dialog.role_box.setCurrentIndex(dialog.role_box.findData("manager"))
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: view.dialog is None, timeout=WAIT)
    assert read_user(sessions, "rita").role == "manager"
    assert view.users_message.message() == "Rita is now Manager."
    assert len(changes) == 1

    # The only administrator cannot become a receptionist: the booking layer says why,
    # under the role, and the dialog stays open to choose again.
    select(view, DESK_USERNAME)
    view.change_role()
    dialog = view.dialog
    assert isinstance(dialog, RoleDialog)
    dialog.role_box.setCurrentIndex(dialog.role_box.findData("receptionist"))
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "nobody who can administer" in dialog.error_text("role")
    assert read_user(sessions, DESK_USERNAME).role == "administrator"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.dialog is None, timeout=WAIT)
    assert len(changes) == 1


def test_reset_password(qtbot: QtBot, sessions: sessionmaker[Session]) -> None:
    add_user(sessions, "rita", "receptionist")
    view = opened(qtbot, sessions)
    select(view, "rita")
    qtbot.mouseClick(view.password_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, PasswordDialog)
    type_into(qtbot, dialog.password_edit, "        ")
    type_into(qtbot, dialog.repeat_edit, "        ")
    save(qtbot, dialog)
    assert dialog.error_text("password") == "A password cannot be only spaces."

    type_into(qtbot, dialog.password_edit, NEW_SECRET)
    type_into(qtbot, dialog.repeat_edit, NEW_SECRET)
    with qtbot.waitSignal(view.changed, timeout=WAIT):
        save(qtbot, dialog)
    assert view.users_message.message() == "The password of Rita was changed."
    with sessions() as session:
        assert users.sign_in(session, "rita", NEW_SECRET, NOW).username == "rita"
        with pytest.raises(BookingError) as refused:
            users.sign_in(session, "rita", SECRET, NOW)
        assert refused.value.code == "sign_in_failed"


def test_warns_before_no_administrator_could_sign_in(
    qtbot: QtBot, sessions: sessionmaker[Session]
) -> None:
    view = opened(qtbot, sessions)
    assert view.sign_in_mode.kind == "info"
    assert view.sign_in_mode.message().startswith("Nobody signs in at this desk yet")

    add_user(sessions, "rita", "receptionist")
    view.reload()
    assert view.sign_in_mode.kind == "error"
    assert "no administrator has a password" in view.sign_in_mode.message()

    # The built-in administrator gets a password from the screen: the warning goes.
    select(view, DESK_USERNAME)
    view.reset_password()
    dialog = view.dialog
    assert isinstance(dialog, PasswordDialog)
    type_into(qtbot, dialog.password_edit, NEW_SECRET)
    type_into(qtbot, dialog.repeat_edit, NEW_SECRET)
    with qtbot.waitSignal(view.changed, timeout=WAIT):
        save(qtbot, dialog)
    assert view.sign_in_mode.message() == ""
    with sessions() as session:
        assert users.sign_in(session, DESK_USERNAME, NEW_SECRET, NOW).role == "administrator"


def confirm(qtbot: QtBot, view: UsersView, answer: QMessageBox.StandardButton) -> None:
    box = view.confirm_box
    assert box is not None
    assert "Remove Rita (rita)?" in box.text()
    qtbot.mouseClick(box.button(answer), Qt.MouseButton.LeftButton)


def test_remove_asks_first_and_keeps_the_last_administrator(
    qtbot: QtBot, qtmodeltester: ModelTester, sessions: sessionmaker[Session]
) -> None:
    add_user(sessions, "rita", "receptionist")
    view = opened(qtbot, sessions)
    select(view, "rita")
    qtbot.mouseClick(view.remove_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, view, QMessageBox.StandardButton.Cancel)
    assert not view.runner.busy()
    assert read_user(sessions, "rita").active

    select(view, "rita")
    view.remove_user()
    with qtbot.waitSignal(view.changed, timeout=WAIT):
        confirm(qtbot, view, QMessageBox.StandardButton.Yes)
    assert not read_user(sessions, "rita").active
    assert view.users_message.message() == "Rita was removed."
    assert view.users_model.row_of("rita") == -1

    view.show_removed.click()
    row = view.users_model.row_of("rita")
    assert view.users_model.index(row, 4).data() == "Removed"
    assert view.users_model.index(row, 0).data(Qt.ItemDataRole.FontRole).italic()
    qtmodeltester.check(view.users_model)
    select(view, "rita")
    assert not view.remove_button.isEnabled()
    assert not view.role_button.isEnabled()

    select(view, DESK_USERNAME)
    view.remove_user()
    box = view.confirm_box
    assert box is not None
    with qtbot.waitSignal(view.runner.busy_changed, timeout=WAIT):
        box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not view.runner.busy(), timeout=WAIT)
    assert "nobody who can administer" in view.users_message.message()
    assert view.users_message.kind == "error"
    assert read_user(sessions, DESK_USERNAME).active


def test_permission_matrix_toggled_and_saved(
    qtbot: QtBot, qtmodeltester: ModelTester, sessions: sessionmaker[Session]
) -> None:
    view = opened(qtbot, sessions)
    model = view.permission_model
    qtmodeltester.check(model)
    view.tabs.setCurrentIndex(1)
    assert model.editable()
    assert not view.save_permissions_button.isEnabled()
    before = role_table(sessions)
    assert ASSIGN in before["receptionist"]

    # From the keyboard: the cell with the focus, then Space.
    table = view.permission_table
    assign = model.index_of("receptionist", ASSIGN)
    table.setFocus()
    table.setCurrentIndex(assign)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert assign.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert assign.data() == "changed"
    assert view.save_permissions_button.isEnabled()
    # And with the mouse on the box of another cell.
    delete = model.index_of("booking_manager", DELETE)
    assert model.setData(delete, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtmodeltester.check(model)

    # Undo goes back to what is saved; nothing was written.
    view.undo_permissions_button.click()
    assert assign.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert not view.save_permissions_button.isEnabled()
    assert role_table(sessions) == before

    table.setCurrentIndex(assign)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    model.setData(delete, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    with qtbot.waitSignal(view.changed, timeout=WAIT):
        view.save_permissions_button.click()
    after = role_table(sessions)
    assert after["receptionist"] == before["receptionist"] - {ASSIGN}
    assert after["booking_manager"] == before["booking_manager"] | {DELETE}
    assert {k: v for k, v in after.items() if k not in ("receptionist", "booking_manager")} == {
        k: v for k, v in before.items() if k not in ("receptionist", "booking_manager")
    }
    assert view.permissions_message.message() == "The permissions were saved."
    assert not model.is_dirty()
    assert model.index_of("receptionist", ASSIGN).data() is None


def test_administer_stays_with_an_active_administrator(
    qtbot: QtBot, sessions: sessionmaker[Session]
) -> None:
    view = opened(qtbot, sessions)
    model = view.permission_model
    locked = model.index_of("administrator", ADMINISTER)
    assert not model.flags(locked) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(locked, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert "always keeps" in locked.data(Qt.ItemDataRole.ToolTipRole)

    # Managers may administer too; then the built-in administrator can go.
    manager = model.index_of("manager", ADMINISTER)
    model.setData(manager, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    with qtbot.waitSignal(view.changed, timeout=WAIT):
        view.save_permissions_button.click()
    assert ADMINISTER in role_table(sessions)["manager"]
    add_user(sessions, "maria", "manager")
    with sessions() as session:
        users.remove_user(session, load_actor(session, "maria"), DESK_USERNAME, NOW)
        session.commit()

    # Maria cannot take "administer" from her own role: nobody could administer after.
    view = opened(qtbot, sessions, "maria")
    model = view.permission_model
    assert model.editable()
    model.setData(
        model.index_of("manager", ADMINISTER),
        Qt.CheckState.Unchecked,
        Qt.ItemDataRole.CheckStateRole,
    )
    with qtbot.waitSignal(view.runner.refused, timeout=WAIT):
        view.save_permissions_button.click()
    qtbot.waitUntil(lambda: not view.runner.busy(), timeout=WAIT)
    assert "nobody who can administer" in view.permissions_message.message()
    assert model.is_dirty()
    assert ADMINISTER in role_table(sessions)["manager"]


def test_a_non_administrator_sees_the_table_read_only(
    qtbot: QtBot, sessions: sessionmaker[Session]
) -> None:
    add_user(sessions, "maria", "manager")
    view = opened(qtbot, sessions, "maria")
    assert view.users_model.rowCount() == 0
    assert not view.users_table.isVisibleTo(view)
    assert not view.add_button.isEnabled()
    assert "Only an administrator can see and change users" in view.users_note.text()
    assert "Maria (maria)" in view.users_note.text()

    view.tabs.setCurrentIndex(1)
    model = view.permission_model
    assert not model.editable()
    assert model.rowCount() == 8
    assert model.columnCount() == 5
    assert "Only an administrator can change this table" in view.permissions_note.text()
    assert not view.save_permissions_button.isVisibleTo(view)
    assign = model.index_of("receptionist", ASSIGN)
    assert not model.flags(assign) & Qt.ItemFlag.ItemIsUserCheckable
    view.permission_table.setCurrentIndex(assign)
    qtbot.keyClick(view.permission_table, Qt.Key.Key_Space)
    assert assign.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert not model.setData(assign, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert not model.is_dirty()
