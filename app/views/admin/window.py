"""The administration window: one list of pages (branch, services, agents, ...) and the page.

Pages are made the first time they are opened and kept while the window lives, so
switching between them never loses what is being typed. A save on one page reloads the
others that are not on screen (a new service appears among an agent's services), and the
window's ``changed`` tells the desk to reload its calendar. A database without a branch
shows only the "New branch" form until one exists.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.booking import admin
from app.booking.errors import BookingError
from app.booking.transactions import run_write
from app.views.desk import DeskState

PageFactory = Callable[[DeskState, int, QWidget], QWidget]


def _branch(state: DeskState, branch_id: int, parent: QWidget) -> QWidget:
    from app.views.admin.branch_page import BranchPage

    return BranchPage(state, branch_id, parent)


def _services(state: DeskState, branch_id: int, parent: QWidget) -> QWidget:
    from app.views.admin.services_page import ServicesPage

    return ServicesPage(state, branch_id, parent)


def _agents(state: DeskState, branch_id: int, parent: QWidget) -> QWidget:
    from app.views.admin.agents_page import AgentsPage

    return AgentsPage(state, branch_id, parent)


def _statuses(state: DeskState, branch_id: int, parent: QWidget) -> QWidget:
    from app.views.admin.statuses_page import StatusesPage

    return StatusesPage(state, branch_id, parent)


def _settings(state: DeskState, branch_id: int, parent: QWidget) -> QWidget:
    from app.views.admin.settings_page import SettingsPage

    return SettingsPage(state, branch_id, parent)


def _mail(state: DeskState, branch_id: int, parent: QWidget) -> QWidget:
    from app.views.mail.settings_page import MailSettingsPage

    return MailSettingsPage(state, branch_id, parent)


def _templates(state: DeskState, branch_id: int, parent: QWidget) -> QWidget:
    from app.views.mail.templates_page import TemplatesPage

    return TemplatesPage(state, branch_id, parent)


def _users(state: DeskState, _branch_id: int, parent: QWidget) -> QWidget:
    from app.views.users_view import UsersView

    return UsersView(state, parent)


class NewBranchForm(QWidget):
    """Name and time zone: enough to create the first branch of an empty database."""

    created = Signal(int)

    def __init__(self, state: DeskState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "This database has no branch yet. Give it a name and the time zone its "
                "opening hours are in; services and agents come next."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Branch name"))
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.addItems(sorted(available_timezones()))
        self.zone.setCurrentText("America/Toronto")
        self.zone.setAccessibleName(self.tr("Time zone"))
        completer = QCompleter(self.zone.model(), self.zone)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.zone.setCompleter(completer)
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Time zone"), self.zone)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("newBranchMessage")
        layout.addWidget(self.message)
        self.create_button = QPushButton(self.tr("&Create branch"))
        self.create_button.setAccessibleName(self.tr("Create branch"))
        self.create_button.clicked.connect(self.create_branch)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.create_button)
        layout.addLayout(row)
        layout.addStretch(1)

    def create_branch(self) -> None:
        table = {"name": self.name.text(), "timezone": self.zone.currentText().strip()}
        try:
            report = run_write(
                self.state.sessions,
                lambda s: admin.create_branch(s, self.state.actor(s), table, self.state.now()),
            )
        except BookingError as exc:
            self.message.setText(exc.message)
            return
        self.message.clear()
        self.created.emit(report.branch_id)


class AdministrationWindow(QWidget):
    """The pages an administrator sets the branch up with; ``changed`` after any save."""

    changed = Signal()

    def __init__(
        self, state: DeskState, branch_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.branch_id = branch_id
        self.setObjectName("administration")
        self._factories: dict[str, PageFactory] = {
            "branch": _branch,
            "services": _services,
            "agents": _agents,
            "statuses": _statuses,
            "settings": _settings,
            "mail": _mail,
            "templates": _templates,
            "users": _users,
        }
        self._titles = {
            "branch": self.tr("Branch"),
            "services": self.tr("Services"),
            "agents": self.tr("Agents"),
            "statuses": self.tr("Statuses"),
            "settings": self.tr("Booking rules"),
            "mail": self.tr("Mail server"),
            "templates": self.tr("E-mail texts"),
            "users": self.tr("Users and permissions"),
        }
        self._pages: dict[str, QWidget] = {}
        layout = QHBoxLayout(self)
        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Administration pages"))
        self.nav.setObjectName("administrationPages")
        width = self.nav.fontMetrics().horizontalAdvance("M") * 16
        self.nav.setMaximumWidth(width)
        self.nav.setMinimumWidth(width)
        self.stack = QStackedWidget()
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.nav.currentItemChanged.connect(self._selected)
        if branch_id is None:
            self.new_branch = NewBranchForm(state, self)
            self.new_branch.created.connect(self._branch_created)
            self.stack.addWidget(self.new_branch)
            item = QListWidgetItem(self.tr("New branch"))
            item.setData(Qt.ItemDataRole.UserRole, "new")
            self.nav.addItem(item)
            self.nav.setCurrentRow(0)
        else:
            self._fill_nav()

    def _fill_nav(self) -> None:
        self.nav.clear()
        for key, title in self._titles.items():
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.setCurrentRow(0)

    def _branch_created(self, branch_id: int) -> None:
        self.branch_id = branch_id
        self.stack.removeWidget(self.new_branch)
        self.new_branch.deleteLater()
        self._fill_nav()
        self.changed.emit()

    def _selected(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is None:
            return
        key = current.data(Qt.ItemDataRole.UserRole)
        if key in self._factories:
            self.show_page(str(key))

    def page(self, key: str) -> QWidget | None:
        return self._pages.get(key)

    def show_page(self, key: str) -> QWidget:
        """Bring page ``key`` forward (making it the first time) and select it."""
        if self.branch_id is None:
            raise BookingError("no_branch", self.tr("Create the branch first."))
        page = self._pages.get(key)
        if page is None:
            page = self._factories[key](self.state, self.branch_id, self)
            signal = getattr(page, "changed", None)
            if signal is not None:
                signal.connect(lambda k=key: self._page_saved(k))
            self._pages[key] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key and self.nav.currentRow() != row:
                self.nav.setCurrentRow(row)
        return page

    def _page_saved(self, key: str) -> None:
        self.reload(except_key=key)
        self.changed.emit()

    def reload(self, except_key: str | None = None) -> None:
        """Re-read the pages not on screen (the one being edited keeps its form)."""
        shown = self.stack.currentWidget()
        for key, page in self._pages.items():
            if key == except_key or page is shown:
                continue
            reload = getattr(page, "reload", None)
            if reload is not None:
                reload()
