"""The desk's users and the role permission table, for administrators.

Two tabs. "Users" lists every account (user name, name, role, linked agent, whether it is
active and can sign in, the last sign-in) and adds users, changes a role, resets a password
and removes a user. "Permissions" is the matrix of permissions by role, edited with check
boxes and saved in one transaction. Every change goes through app.booking.users, which
checks the administer permission, hashes passwords, keeps the last administrator and
writes the audit trail; this screen only shows its refusals next to the field they concern.

Someone without the administer permission sees no users and a read-only permission table
with a note saying so: the booking layer would refuse their changes anyway. The tables are
small (a branch has tens of users and five roles), so they are read in one short query on
the GUI thread when the screen opens and after each change; writes run on a worker thread
(argon2 hashing takes a noticeable moment).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking import users
from app.booking.errors import BookingError
from app.booking.permissions import (
    ADMINISTER,
    ALL_PERMISSIONS,
    APPROVE,
    ASSIGN,
    CREATE,
    CUSTOMERS,
    DELETE,
    EDIT,
    OVERRIDE,
)
from app.booking.users import RoleInfo, UserInfo
from app.models import Agent, Branch
from app.views.desk import DeskState
from app.views.dialogs import FieldError, MessageArea, WriteRunner

Index = QModelIndex | QPersistentModelIndex
#: The user name of a row of :class:`UsersModel`.
USERNAME_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class AgentChoice:
    """An agent a user can be linked to."""

    id: int
    name: str


@dataclass(frozen=True)
class UsersSnapshot:
    """One read of everything the screen shows."""

    may_administer: bool
    actor_label: str
    roles: tuple[RoleInfo, ...]
    users: tuple[UserInfo, ...]
    agents: tuple[AgentChoice, ...]
    tz: ZoneInfo


def load_users(state: DeskState, include_removed: bool) -> UsersSnapshot:
    """Read the roles, and for an administrator the users and the agents to link to.

    Sign-in times are shown in the zone of the first branch (a desk serves one branch; with
    several, they share a zone in practice), UTC before any branch exists.
    """
    with state.sessions() as session:
        actor = state.actor(session)
        roles = tuple(users.list_roles(session))
        zone = session.scalars(select(Branch.timezone).order_by(Branch.id).limit(1)).first()
        tz = ZoneInfo(zone) if zone else ZoneInfo("UTC")
        if not actor.may(ADMINISTER):
            return UsersSnapshot(False, actor.label, roles, (), (), tz)
        listed = tuple(users.list_users(session, actor, include_inactive=include_removed))
        agents = tuple(
            AgentChoice(row.id, row.name)
            for row in session.execute(
                select(Agent.id, Agent.name).where(Agent.active.is_(True)).order_by(Agent.name)
            )
        )
        return UsersSnapshot(True, actor.label, roles, listed, agents, tz)


# -- the users table ---------------------------------------------------------------------


class UsersModel(QAbstractTableModel):
    """The users of one read, one row each; removed users in italics."""

    COLUMNS = ("username", "name", "role", "agent", "active", "sign_in")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[UserInfo] = []
        self._tz = ZoneInfo("UTC")
        self._titles = (
            self.tr("User name"),
            self.tr("Name"),
            self.tr("Role"),
            self.tr("Linked agent"),
            self.tr("Active"),
            self.tr("Last sign-in"),
        )

    def set_users(self, rows: Sequence[UserInfo], tz: ZoneInfo) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._tz = tz
        self.endResetModel()

    def user(self, row: int) -> UserInfo:
        return self._rows[row]

    def row_of(self, username: str) -> int:
        """The row of ``username``, or -1."""
        return next((i for i, u in enumerate(self._rows) if u.username == username), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._titles)
        ):
            return self._titles[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        user = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(user, column)
        if role == USERNAME_ROLE:
            return user.username
        if role == Qt.ItemDataRole.FontRole and not user.active:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == "active":
            if not user.active:
                return self.tr("Removed: cannot sign in or act; kept for the history.")
            if not user.can_sign_in:
                return self.tr("No password: this account cannot sign in.")
        return None

    def _text(self, user: UserInfo, column: str) -> str:
        if column == "username":
            return user.username
        if column == "name":
            return user.display_name
        if column == "role":
            return user.role_name
        if column == "agent":
            return user.agent or ""
        if column == "active":
            if not user.active:
                return self.tr("Removed")
            return self.tr("Yes") if user.can_sign_in else self.tr("Yes (no password)")
        if user.last_sign_in_at is None:
            return self.tr("Never")
        local = user.last_sign_in_at.astimezone(self._tz)
        moment = QDateTime(
            QDate(local.year, local.month, local.day), QTime(local.hour, local.minute)
        )
        return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


# -- the permission table ----------------------------------------------------------------


def permission_texts(obj: QObject) -> dict[str, tuple[str, str]]:
    """Each permission's short label and what it allows, in words for the desk."""
    return {
        CREATE: (obj.tr("Create appointments"), obj.tr("Book new appointments.")),
        EDIT: (
            obj.tr("Edit appointments"),
            obj.tr("Move, cancel and change the status of appointments."),
        ),
        ASSIGN: (
            obj.tr("Assign agents"),
            obj.tr("Choose the agent of an appointment instead of letting the branch assign."),
        ),
        DELETE: (obj.tr("Delete appointments"), obj.tr("Remove appointments for good.")),
        APPROVE: (
            obj.tr("Approve requests"),
            obj.tr("Confirm appointments that wait for approval."),
        ),
        OVERRIDE: (
            obj.tr("Override rules"),
            obj.tr("Book or cancel against the lead-time and cancellation rules, on purpose."),
        ),
        CUSTOMERS: (obj.tr("Edit customers"), obj.tr("Add, change, merge and delete customers.")),
        ADMINISTER: (
            obj.tr("Administer"),
            obj.tr("Manage users, roles, the branch setup and settings."),
        ),
    }


class PermissionModel(QAbstractTableModel):
    """Permissions (rows) by role (columns), check boxes editable by administrators.

    Holds the saved table and the pending one; changed cells say "changed" until saved
    or undone. The administrator role's "administer" box is locked: the booking layer never
    lets that role lose it, so that somebody can always manage the desk.
    """

    #: Whether the pending table differs from the saved one.
    dirty_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._roles: list[RoleInfo] = []
        self._saved: dict[str, frozenset[str]] = {}
        self._pending: dict[str, set[str]] = {}
        self._editable = False
        self._texts = permission_texts(self)

    def set_roles(self, roles: Sequence[RoleInfo], editable: bool) -> None:
        self.beginResetModel()
        self._roles = list(roles)
        self._saved = {r.key: frozenset(r.permissions) for r in roles}
        self._pending = {r.key: set(r.permissions) for r in roles}
        self._editable = editable
        self.endResetModel()
        self.dirty_changed.emit(False)

    def editable(self) -> bool:
        return self._editable

    def undo(self) -> None:
        """Back to the saved table."""
        self.set_roles(self._roles, self._editable)

    def is_dirty(self) -> bool:
        return any(self._pending[k] != self._saved[k] for k in self._saved)

    def changes(self) -> list[tuple[str, list[str], list[str]]]:
        """(role, granted, revoked) for every role whose permissions changed."""
        out = []
        for role in self._roles:
            pending, saved = self._pending[role.key], self._saved[role.key]
            if pending != saved:
                out.append((role.key, sorted(pending - saved), sorted(saved - pending)))
        return out

    def granted(self, role: str, permission: str) -> bool:
        return permission in self._pending[role]

    def locked(self, row: int, column: int) -> bool:
        return ALL_PERMISSIONS[row] == ADMINISTER and self._roles[column].key == users.ADMINISTRATOR

    def index_of(self, role: str, permission: str) -> QModelIndex:
        column = next(i for i, r in enumerate(self._roles) if r.key == role)
        return self.index(ALL_PERMISSIONS.index(permission), column)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ALL_PERMISSIONS)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._roles)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._roles) and role == Qt.ItemDataRole.DisplayRole:
                return self._roles[section].name
            return None
        if not 0 <= section < len(ALL_PERMISSIONS):
            return None
        label, description = self._texts[ALL_PERMISSIONS[section]]
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == Qt.ItemDataRole.ToolTipRole:
            return description
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable
        if self.locked(index.row(), index.column()):
            return flags
        flags |= Qt.ItemFlag.ItemIsEnabled
        if self._editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self._cell_exists(index):
            return None
        key = self._roles[index.column()].key
        permission = ALL_PERMISSIONS[index.row()]
        has = permission in self._pending[key]
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if has else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.AccessibleTextRole:
            label = self._texts[permission][0]
            role_name = self._roles[index.column()].name
            answer = self.tr("allowed") if has else self.tr("not allowed")
            return f"{role_name}: {label}: {answer}"
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.locked(index.row(), index.column()):
                return self.tr(
                    "The administrator role always keeps this permission, so that "
                    "somebody can always manage the desk."
                )
            return self._texts[permission][1]
        changed = has != (permission in self._saved[key])
        if role == Qt.ItemDataRole.DisplayRole and changed:
            return self.tr("changed")
        if role == Qt.ItemDataRole.FontRole and changed:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not index.isValid()
            or not self._cell_exists(index)
            or not self._editable
            or self.locked(index.row(), index.column())
        ):
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
        key = self._roles[index.column()].key
        permission = ALL_PERMISSIONS[index.row()]
        was_dirty = self.is_dirty()
        if state == Qt.CheckState.Checked:
            self._pending[key].add(permission)
        else:
            self._pending[key].discard(permission)
        self.dataChanged.emit(index, index)
        if self.is_dirty() != was_dirty:
            self.dirty_changed.emit(not was_dirty)
        return True

    def _cell_exists(self, index: Index) -> bool:
        return 0 <= index.row() < len(ALL_PERMISSIONS) and 0 <= index.column() < len(self._roles)


# -- the dialogs -------------------------------------------------------------------------


class UserFormDialog(QDialog):
    """A small form that runs one app.booking.users change and closes when it succeeds.

    Refusals appear under the field they concern (by their code) or, for anything else, in
    the message area above the buttons; the dialog stays open to correct them.
    """

    #: The use case's result, once saved.
    saved = Signal(object)

    #: Which field a refusal code concerns; the rest go to the message area.
    FIELD_OF: ClassVar[Mapping[str, str]] = {}

    def __init__(self, state: DeskState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.form = QFormLayout()
        self.errors: dict[str, FieldError] = {}
        self.message = MessageArea(self)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setAccessibleName(self.tr("Save"))
        self.save_button.setDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self.runner = WriteRunner(state.sessions, self)
        self.runner.succeeded.connect(self._succeeded)
        self.runner.refused.connect(self._refused)
        self.runner.crashed.connect(self._crashed)
        self.runner.busy_changed.connect(lambda busy: self.save_button.setEnabled(not busy))

    def set_title(self, title: str) -> None:
        self.setWindowTitle(title)
        self.setAccessibleName(title)

    def add_field(self, key: str, label: str, widget: QWidget, accessible: str) -> None:
        """A row of the form with its error line right under the field."""
        widget.setAccessibleName(accessible)
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        error = FieldError(box)
        column.addWidget(error)
        self.errors[key] = error
        self.form.addRow(label, box)

    def password_fields(self) -> tuple[QLineEdit, QLineEdit]:
        """The password and its repetition, both hidden while typed."""
        first, second = QLineEdit(self), QLineEdit(self)
        for edit in (first, second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(users.MAX_PASSWORD_LENGTH)
        first.setPlaceholderText(self.tr("At least %n characters", "", users.MIN_PASSWORD_LENGTH))
        self.add_field("password", self.tr("&Password:"), first, self.tr("Password"))
        self.add_field("repeat", self.tr("&Repeat password:"), second, self.tr("Repeat password"))
        return first, second

    def error_text(self, key: str) -> str:
        return self.errors[key].text()

    def save(self) -> None:
        """Check what can be checked here, then run the change on the worker thread."""
        if self.runner.busy():
            return
        for error in self.errors.values():
            error.set_message("")
        self.message.clear()
        work = self.work()
        if work is not None:
            self.runner.start(work)

    def work(self) -> Callable[[Session], Any] | None:
        """The change to run, or None after showing why not."""
        raise NotImplementedError

    def check_passwords(self, first: QLineEdit, second: QLineEdit) -> bool:
        """The two typings must match; the length rules are the booking layer's."""
        if first.text() != second.text():
            self.errors["repeat"].set_message(
                self.tr("The two passwords are not the same. Type them again.")
            )
            first.clear()
            second.clear()
            first.setFocus()
            return False
        return True

    def done(self, result: int) -> None:
        """Closing waits for a running write, so no worker outlives the dialog."""
        self.runner.wait()
        super().done(result)

    def _succeeded(self, result: object) -> None:
        self.saved.emit(result)
        self.accept()

    def _refused(self, error: object) -> None:
        assert isinstance(error, BookingError)
        key = self.FIELD_OF.get(error.code)
        if key is not None and key in self.errors:
            self.errors[key].set_message(error.message)
        else:
            self.message.show_error(error.message)

    def _crashed(self, _error: object) -> None:
        self.message.show_error(
            self.tr("The change could not be saved because of a problem with the database.")
        )


class AddUserDialog(UserFormDialog):
    """Name, display name, role, an optional agent link and the first password."""

    FIELD_OF: ClassVar[Mapping[str, str]] = {
        "invalid_username": "username",
        "username_taken": "username",
        "invalid_name": "display_name",
        "unknown_role": "role",
        "not_found": "agent",
        "weak_password": "password",
    }

    def __init__(
        self,
        state: DeskState,
        roles: Sequence[RoleInfo],
        agents: Sequence[AgentChoice],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, parent)
        self.set_title(self.tr("Add a user"))
        self.username_edit = QLineEdit(self)
        self.username_edit.setMaxLength(users.USERNAME_MAX)
        self.username_edit.setPlaceholderText(self.tr("One word, for signing in"))
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(users.DISPLAY_NAME_MAX)
        self.role_box = QComboBox(self)
        for role in roles:
            self.role_box.addItem(role.name, role.key)
        receptionist = self.role_box.findData("receptionist")
        self.role_box.setCurrentIndex(max(0, receptionist))
        self.agent_box = QComboBox(self)
        self.agent_box.addItem(self.tr("None"), None)
        for agent in agents:
            self.agent_box.addItem(agent.name, agent.id)
        self.add_field("username", self.tr("&User name:"), self.username_edit, self.tr("User name"))
        self.add_field("display_name", self.tr("&Name:"), self.name_edit, self.tr("Name"))
        self.add_field("role", self.tr("R&ole:"), self.role_box, self.tr("Role"))
        self.add_field("agent", self.tr("&Linked agent:"), self.agent_box, self.tr("Linked agent"))
        self.password_edit, self.repeat_edit = self.password_fields()
        self.username_edit.setFocus()

    def work(self) -> Callable[[Session], Any] | None:
        if not self.check_passwords(self.password_edit, self.repeat_edit):
            return None
        state = self._state
        now = state.now()
        username = self.username_edit.text()
        display_name = self.name_edit.text()
        role = str(self.role_box.currentData())
        agent = self.agent_box.currentData()
        agent_id = None if agent is None else int(agent)
        password = self.password_edit.text()

        def add(session: Session) -> UserInfo:
            return users.add_user(
                session,
                state.actor(session),
                now,
                username=username,
                display_name=display_name,
                role=role,
                password=password,
                agent_id=agent_id,
            )

        return add


class RoleDialog(UserFormDialog):
    """Another role for one user; the booking layer keeps the last administrator."""

    FIELD_OF: ClassVar[Mapping[str, str]] = {"unknown_role": "role", "last_administrator": "role"}

    def __init__(
        self,
        state: DeskState,
        user: UserInfo,
        roles: Sequence[RoleInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, parent)
        self.set_title(self.tr("Change role"))
        self.username = user.username
        who = QLabel(f"{user.display_name} ({user.username})", self)
        self.form.addRow(self.tr("User:"), who)
        self.role_box = QComboBox(self)
        for role in roles:
            self.role_box.addItem(role.name, role.key)
        self.role_box.setCurrentIndex(max(0, self.role_box.findData(user.role)))
        self.add_field("role", self.tr("R&ole:"), self.role_box, self.tr("Role"))
        self.role_box.setFocus()

    def work(self) -> Callable[[Session], Any] | None:
        state, username, now = self._state, self.username, self._state.now()
        role = str(self.role_box.currentData())
        return lambda session: users.set_role(session, state.actor(session), username, role, now)


class PasswordDialog(UserFormDialog):
    """A new password for one user (typed twice)."""

    FIELD_OF: ClassVar[Mapping[str, str]] = {"weak_password": "password"}

    def __init__(self, state: DeskState, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.set_title(self.tr("Reset password"))
        self.username = user.username
        who = QLabel(f"{user.display_name} ({user.username})", self)
        self.form.addRow(self.tr("User:"), who)
        self.password_edit, self.repeat_edit = self.password_fields()
        self.password_edit.setFocus()

    def work(self) -> Callable[[Session], Any] | None:
        if not self.check_passwords(self.password_edit, self.repeat_edit):
            return None
        state, username, now = self._state, self.username, self._state.now()
        password = self.password_edit.text()

        def reset(session: Session) -> str:
            users.set_password(session, state.actor(session), username, password, now)
            return username

        return reset


# -- the screen --------------------------------------------------------------------------


class UsersView(QWidget):
    """Users and the permission table. Emits :attr:`changed` after each saved change."""

    changed = Signal()

    def __init__(self, state: DeskState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._snapshot: UsersSnapshot | None = None
        #: The open add/role/password dialog or removal question, if any.
        self.dialog: QDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.setAccessibleName(self.tr("Users and permissions"))

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Users and permissions"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._users_tab(), self.tr("&Users"))
        self.tabs.addTab(self._permissions_tab(), self.tr("&Permissions"))

        self._outcome_area = self.users_message
        self._notice: Callable[[object], str] = lambda _result: ""
        self.runner = WriteRunner(state.sessions, self)
        self.runner.succeeded.connect(self._succeeded)
        self.runner.refused.connect(self._refused)
        self.runner.crashed.connect(self._crashed)
        self.runner.busy_changed.connect(lambda _busy: self._update_buttons())
        self.reload()

    # -- building ------------------------------------------------------------------------

    def _users_tab(self) -> QWidget:
        page = QWidget(self)
        self.users_note = QLabel(page)
        self.users_note.setWordWrap(True)
        #: Whether this desk asks for a sign-in, and a warning when no administrator could.
        self.sign_in_mode = MessageArea(page)
        self.show_removed = QCheckBox(self.tr("Show &removed users"), page)
        self.show_removed.setAccessibleName(self.tr("Show removed users"))
        self.show_removed.toggled.connect(lambda _on: self.reload())
        self.users_model = UsersModel(self)
        self.users_table = QTableView(page)
        self.users_table.setAccessibleName(self.tr("Users"))
        self.users_table.setModel(self.users_model)
        self.users_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.users_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.users_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.users_table.verticalHeader().hide()
        self.users_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.users_table.setAlternatingRowColors(True)
        header = self.users_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.users_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.users_table.doubleClicked.connect(lambda _i: self.change_role())

        self.add_button = QPushButton(self.tr("&Add user…"), page)
        self.role_button = QPushButton(self.tr("Change r&ole…"), page)
        self.password_button = QPushButton(self.tr("Reset pass&word…"), page)
        self.remove_button = QPushButton(self.tr("Re&move…"), page)
        for button, name, slot in (
            (self.add_button, self.tr("Add user"), self.add_user),
            (self.role_button, self.tr("Change role"), self.change_role),
            (self.password_button, self.tr("Reset password"), self.reset_password),
            (self.remove_button, self.tr("Remove user"), self.remove_user),
        ):
            button.setAccessibleName(name)
            button.clicked.connect(slot)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.role_button, self.password_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        self.users_message = MessageArea(page)

        column = QVBoxLayout(page)
        column.addWidget(self.users_note)
        column.addWidget(self.sign_in_mode)
        column.addWidget(self.show_removed)
        column.addWidget(self.users_table, 1)
        column.addWidget(self.users_message)
        column.addLayout(buttons)
        return page

    def _permissions_tab(self) -> QWidget:
        page = QWidget(self)
        self.permissions_note = QLabel(page)
        self.permissions_note.setWordWrap(True)
        self.permission_model = PermissionModel(self)
        self.permission_model.dirty_changed.connect(lambda _d: self._update_buttons())
        self.permission_table = QTableView(page)
        self.permission_table.setAccessibleName(self.tr("Permissions by role"))
        self.permission_table.setModel(self.permission_model)
        self.permission_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.permission_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        columns = self.permission_table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Role names above the left edge of their column, where the check boxes are.
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.permission_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.save_permissions_button = QPushButton(self.tr("&Save permissions"), page)
        self.save_permissions_button.setAccessibleName(self.tr("Save permissions"))
        self.save_permissions_button.clicked.connect(self.save_permissions)
        self.undo_permissions_button = QPushButton(self.tr("U&ndo changes"), page)
        self.undo_permissions_button.setAccessibleName(self.tr("Undo changes"))
        self.undo_permissions_button.clicked.connect(self._undo_permissions)
        self.permissions_message = MessageArea(page)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.undo_permissions_button)
        buttons.addWidget(self.save_permissions_button)
        column = QVBoxLayout(page)
        column.addWidget(self.permissions_note)
        self.permission_table.setSizeAdjustPolicy(
            QAbstractItemView.SizeAdjustPolicy.AdjustToContents
        )
        column.addWidget(self.permission_table)
        column.addWidget(self.permissions_message)
        column.addLayout(buttons)
        column.addStretch(1)
        return page

    # -- reading -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the users and roles again, keeping the selected user selected."""
        selected = self.selected_user()
        try:
            snapshot = load_users(self._state, self.show_removed.isChecked())
        except BookingError as error:
            self._snapshot = None
            self.users_model.set_users([], ZoneInfo("UTC"))
            self.permission_model.set_roles([], editable=False)
            self.users_note.setText(error.message)
            self.sign_in_mode.clear()
            self.permissions_note.setText(error.message)
            self._update_buttons()
            return
        self._snapshot = snapshot
        self.users_model.set_users(snapshot.users, snapshot.tz)
        self.permission_model.set_roles(snapshot.roles, editable=snapshot.may_administer)
        if snapshot.may_administer:
            self.users_note.setText(
                self.tr(
                    "People who may use this desk. Removed users stay in the history "
                    "but can no longer sign in."
                )
            )
            self.permissions_note.setText(
                self.tr(
                    "Tick what each role may do, then save. The administrator role always "
                    "keeps \u201cAdminister\u201d, so that somebody can always manage the desk."
                )
            )
        else:
            self.users_note.setText(
                self.tr(
                    "You are working as %1. Only an administrator can see and change users."
                ).replace("%1", snapshot.actor_label)
            )
            self.permissions_note.setText(
                self.tr(
                    "What each role may do. Only an administrator can change this table; "
                    "ask one if your role needs more."
                )
            )
        self.users_table.setVisible(snapshot.may_administer)
        self.show_removed.setVisible(snapshot.may_administer)
        self._show_sign_in_mode(snapshot)
        if selected is not None:
            self.select_user(selected.username)
        self._update_buttons()

    def _show_sign_in_mode(self, snapshot: UsersSnapshot) -> None:
        """Say when nobody signs in, and warn before the desk locks its administrators out.

        The desk asks for a sign-in as soon as one active user has a password. If none of
        those can administer (the built-in ``desk`` user has no password), the next start
        leaves users and settings reachable only from the command line.
        """
        if not snapshot.may_administer:
            self.sign_in_mode.clear()
            return
        grants = {role.key: role.permissions for role in snapshot.roles}
        can_sign_in = [u for u in snapshot.users if u.active and u.can_sign_in]
        if not can_sign_in:
            self.sign_in_mode.show_info(
                self.tr(
                    "Nobody signs in at this desk yet: it opens for everyone as the built-in "
                    "desk user. As soon as a user has a password, everyone signs in."
                )
            )
        elif not any(ADMINISTER in grants.get(u.role, ()) for u in can_sign_in):
            self.sign_in_mode.show_error(
                self.tr(
                    "From the next start everyone signs in, but no administrator has a "
                    "password: give one to an administrator (Reset password), or users and "
                    "settings can then be changed only from the command line."
                )
            )
        else:
            self.sign_in_mode.clear()

    def selected_user(self) -> UserInfo | None:
        rows = self.users_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.users_model.user(rows[0].row())

    def select_user(self, username: str) -> bool:
        row = self.users_model.row_of(username)
        if row < 0:
            return False
        self.users_table.selectRow(row)
        return True

    def _update_buttons(self) -> None:
        admin = self._snapshot is not None and self._snapshot.may_administer
        idle = not self.runner.busy()
        user = self.selected_user()
        self.add_button.setEnabled(admin and idle)
        self.role_button.setEnabled(admin and idle and user is not None and user.active)
        self.password_button.setEnabled(admin and idle and user is not None and user.active)
        self.remove_button.setEnabled(admin and idle and user is not None and user.active)
        dirty = self.permission_model.is_dirty()
        self.save_permissions_button.setVisible(admin)
        self.undo_permissions_button.setVisible(admin)
        self.save_permissions_button.setEnabled(admin and idle and dirty)
        self.undo_permissions_button.setEnabled(admin and idle and dirty)

    # -- changing users ------------------------------------------------------------------

    def add_user(self) -> None:
        if self._snapshot is None or not self._snapshot.may_administer:
            return
        dialog = AddUserDialog(self._state, self._snapshot.roles, self._snapshot.agents, self)
        self._open(dialog, lambda info: self.tr("%1 was added.").replace("%1", _name(info)))

    def change_role(self) -> None:
        user = self.selected_user()
        if self._snapshot is None or user is None or not self.role_button.isEnabled():
            return
        dialog = RoleDialog(self._state, user, self._snapshot.roles, self)
        self._open(
            dialog,
            lambda info: (
                self.tr("%1 is now %2.")
                .replace("%1", _name(info))
                .replace("%2", info.role_name if isinstance(info, UserInfo) else "")
            ),
        )

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is None or not self.password_button.isEnabled():
            return
        dialog = PasswordDialog(self._state, user, self)
        self._open(
            dialog,
            lambda _username: self.tr("The password of %1 was changed.").replace(
                "%1", user.display_name
            ),
        )

    def _open(self, dialog: UserFormDialog, notice: Callable[[object], str]) -> None:
        """Show ``dialog`` window-modal; on save, reload, announce and select the user."""
        self.users_message.clear()
        self.dialog = dialog

        def saved(result: object) -> None:
            self.reload()
            if isinstance(result, UserInfo):
                self.select_user(result.username)
            self.users_message.show_info(notice(result))
            self.changed.emit()

        def closed(_code: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.saved.connect(saved)
        dialog.finished.connect(closed)
        dialog.open()

    def remove_user(self) -> None:
        """Ask first; a removed user stays in the history but can no longer act."""
        user = self.selected_user()
        if user is None or not self.remove_button.isEnabled():
            return
        self.users_message.clear()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove user"),
            self.tr(
                "Remove %1? They will no longer be able to sign in or act at the desk. "
                "Their name stays on the appointments and in the audit trail."
            ).replace("%1", f"{user.display_name} ({user.username})"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Remove"))
        self.confirm_box = box

        def answered(button: int) -> None:
            self.confirm_box = None
            box.deleteLater()
            if button == QMessageBox.StandardButton.Yes:
                self._remove(user)

        box.finished.connect(answered)
        box.open()

    def _remove(self, user: UserInfo) -> None:
        state, now, username = self._state, self._state.now(), user.username

        def remove(session: Session) -> UserInfo:
            return users.remove_user(session, state.actor(session), username, now)

        self._run(
            remove,
            self.users_message,
            lambda _r: self.tr("%1 was removed.").replace("%1", user.display_name),
        )

    # -- the permission table ------------------------------------------------------------

    def save_permissions(self) -> None:
        """Save every changed role in one transaction: all of it or nothing.

        Grants go first, so that moving "administer" from one role to another in the same
        save never looks, half-way, like leaving the desk without an administrator.
        """
        changes = self.permission_model.changes()
        if not changes or not self.permission_model.editable():
            return
        state, now = self._state, self._state.now()

        def save(session: Session) -> None:
            actor = state.actor(session)
            for role, grant, _revoke in changes:
                if grant:
                    users.change_role_permissions(session, actor, role, now, grant=grant)
            for role, _grant, revoke in changes:
                if revoke:
                    users.change_role_permissions(session, actor, role, now, revoke=revoke)

        self._run(save, self.permissions_message, lambda _r: self.tr("The permissions were saved."))

    def _undo_permissions(self) -> None:
        self.permission_model.undo()
        self.permissions_message.clear()

    # -- running writes ------------------------------------------------------------------

    def _run(
        self,
        work: Callable[[Session], Any],
        area: MessageArea,
        notice: Callable[[object], str],
    ) -> None:
        """Run one change; its outcome is shown in ``area`` (the tab it was made from)."""
        if self.runner.busy():
            return
        area.clear()
        self._outcome_area = area
        self._notice = notice
        self.runner.start(work)

    def _succeeded(self, result: object) -> None:
        self.reload()
        self._outcome_area.show_info(self._notice(result))
        self.changed.emit()

    def _refused(self, error: object) -> None:
        assert isinstance(error, BookingError)
        self._outcome_area.show_error(error.message)

    def _crashed(self, _error: object) -> None:
        self._outcome_area.show_error(
            self.tr("The change could not be saved because of a problem with the database.")
        )

    def wait(self) -> None:
        """Block until a running write is over (before the window closes)."""
        self.runner.wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        """A write under way finishes before the screen goes, so no worker outlives it."""
        self.runner.wait()
        super().closeEvent(event)


def _name(info: object) -> str:
    return info.display_name if isinstance(info, UserInfo) else ""
