"""The calendar accounts screen: agents' connected calendars and the changes to review.

The table lists every calendar account (agent, provider, target calendar, calendars
checked for conflicts, interval, last success, next run, calendar writes waiting and
failed, last error) from :func:`app.sync.accounts.list_accounts`, read on a worker thread
when the screen is shown, every 30 seconds while it stays shown, and on demand.

"Changes to review" lists what agents did in their own calendars to the desk's events
(:func:`app.sync.engine.conflicts`): moved or deleted. *Accept* applies the agent's change
at the desk (reschedule, or cancel with the reason "Deleted in the agent's calendar")
through the booking use cases; *Keep the desk's version* writes the desk's time to the
calendar again (:func:`app.sync.engine.keep_desk_version`). Either way the conflict is
cleared in the same transaction as the change.

Network work (finding an account's calendars, "Sync now") runs in a
:class:`~app.views.worker.BackgroundTask`, never on the GUI thread: a sync of thousands
of events must not freeze the desk. Passwords go from the dialog to the keyring only
(:func:`app.sync.accounts.add_account`), and never appear in a message.

Titles of agents' other events are not shown: providers report busy time only (no
"own titles" fetch exists), so the screen has none to show.
"""

from __future__ import annotations

import gc
import importlib.util
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QHideEvent, QShowEvent
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
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking import appointments as use
from app.booking import audit, permissions
from app.booking.errors import BookingError
from app.booking.transactions import run_write
from app.models import Agent, Appointment, CalendarAccount, Customer, Service
from app.models.sync import PROVIDERS
from app.sync import accounts, engine
from app.sync.accounts import MAX_CHECKED, AccountRow
from app.sync.engine import Conflict, ProviderFactory, SyncReport
from app.sync.provider import CalendarInfo, ProviderError
from app.views.desk import DeskState
from app.views.worker import BackgroundTask

log = logging.getLogger(__name__)

#: How often the shown screen reads the accounts again.
REFRESH_MS = 30_000
#: The reason written on an appointment cancelled because the agent deleted its event.
DELETED_REASON = "Deleted in the agent's calendar"
MOVED_REASON = "Moved in the agent's calendar"
_ItemIndex = QModelIndex | QPersistentModelIndex


def provider_available(provider: str) -> bool:
    """Whether the program has a provider for this kind of account.

    Every provider lives in its own module ``app/sync/<name>_provider.py`` and is
    registered in :func:`app.sync.engine.open_provider` with it, so the module's presence
    tells which kinds can be connected, without listing them here.
    """
    if provider not in PROVIDERS:
        return False
    return importlib.util.find_spec(f"app.sync.{provider}_provider") is not None


def set_account_enabled(
    session: Session, actor: permissions.Actor, account_id: int, enabled: bool, now: datetime
) -> None:
    """Pause or resume an account's sync (does not commit); audited."""
    actor.require(permissions.ADMINISTER)
    account = session.get(CalendarAccount, account_id)
    if account is None:
        raise BookingError("not_found", "This calendar account was removed meanwhile.")
    if account.enabled == enabled:
        return
    account.enabled = enabled
    if enabled:
        account.next_run_at = now
    audit.record(
        session,
        actor,
        now,
        "calendar_account.enable" if enabled else "calendar_account.disable",
        "calendar_account",
        account_id,
        {"enabled": not enabled},
        {"enabled": enabled},
    )


@dataclass(frozen=True)
class ReviewRow:
    """One change an agent made in their calendar to one of the desk's appointments."""

    account_id: int
    appointment_id: int
    agent: str
    title: str
    desk_start: datetime
    conflict: Conflict


@dataclass(frozen=True)
class Reading:
    """What one read brings back to the GUI thread."""

    tz: ZoneInfo
    accounts: list[AccountRow]
    reviews: list[ReviewRow]
    agents: list[tuple[int, str]]


def read_screen(session: Session) -> Reading:
    """Everything the screen shows, read in one short session."""
    tz = audit.branch_zone(session)
    rows = accounts.list_accounts(session)
    reviews: list[ReviewRow] = []
    for row in rows:
        for appointment_id, conflict in engine.conflicts(session, row.id):
            appt = session.get(Appointment, appointment_id)
            if appt is None:
                continue
            service = session.get(Service, appt.service_id)
            customer = session.get(Customer, appt.customer_id)
            title = service.name if service else "Appointment"
            if customer is not None:
                title = f"{title}: {customer.name}"
            reviews.append(
                ReviewRow(row.id, appointment_id, row.agent, title, appt.start_at, conflict)
            )
    agents = [(a.id, a.name) for a in session.scalars(select(Agent).order_by(Agent.name))]
    return Reading(tz, rows, reviews, agents)


class AccountsTableModel(QAbstractTableModel):
    """The accounts, one a row; plain values handed in, never a database call."""

    COLUMNS = (
        "Agent",
        "Provider",
        "Account",
        "Target calendar",
        "Calendars checked",
        "Every",
        "Last success",
        "Next run",
        "Waiting",
        "Failed",
        "Last error",
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AccountRow] = []
        self._tz = ZoneInfo("UTC")

    def set_rows(self, rows: list[AccountRow], tz: ZoneInfo) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._tz = tz
        self.endResetModel()

    def row_at(self, row: int) -> AccountRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, account_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == account_id), -1)

    def rowCount(self, parent: _ItemIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ItemIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index: _ItemIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (3, 4, 10):
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (8, 9):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _when(self, value: datetime | None) -> str:
        if value is None:
            return self.tr("never")
        return value.astimezone(self._tz).strftime("%a %d %b %H:%M")

    def _text(self, row: AccountRow, column: int) -> str:
        if column == 0:
            return row.agent if row.enabled else self.tr("%1 (paused)").replace("%1", row.agent)
        if column == 1:
            return provider_label(self, row.provider)
        if column == 2:
            return row.username or row.server_url or ""
        if column == 3:
            return row.target_calendar or self.tr("not added to a calendar")
        if column == 4:
            return ", ".join(row.checked) if row.checked else self.tr("none")
        if column == 5:
            return self.tr("%1 min").replace("%1", str(row.interval_min))
        if column == 6:
            return self._when(row.last_success_at)
        if column == 7:
            return self._when(row.next_run_at) if row.enabled else self.tr("paused")
        if column == 8:
            return str(row.waiting)
        if column == 9:
            return str(row.failed)
        return row.last_error or ""


def provider_label(obj: QObject, provider: str) -> str:
    labels = {
        "caldav": obj.tr("CalDAV"),
        "graph": obj.tr("Microsoft 365 (Graph)"),
        "google": obj.tr("Google Calendar"),
        "ews": obj.tr("Exchange (EWS)"),
    }
    return labels.get(provider, provider)


def _scrub(text: str, secret: str) -> str:
    return text.replace(secret, "********") if secret else text


def _probe_account(
    provider: str, url: str, user: str, options: dict[str, Any] | None = None
) -> CalendarAccount:
    """A transient account (never added to a session) to open a provider with."""
    return CalendarAccount(
        provider=provider, server_url=url or None, username=user or None, options=options or {}
    )


class AddAccountDialog(QDialog):
    """Connect an agent's calendar account: where, who, and which calendars."""

    #: Emitted with the new account's id once it is saved.
    added = Signal(int)
    #: Emitted once "Find calendars" has an answer (the calendars, or the refusal).
    calendars_found = Signal()

    def __init__(
        self,
        state: DeskState,
        agents: list[tuple[int, str]],
        factory: Callable[[], ProviderFactory],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._factory = factory
        self._task: BackgroundTask | None = None
        self.setWindowTitle(self.tr("Connect a calendar account"))

        self.agent_box = QComboBox()
        self.agent_box.setAccessibleName(self.tr("Agent"))
        for agent_id, name in agents:
            self.agent_box.addItem(name, agent_id)
        self.provider_box = QComboBox()
        self.provider_box.setAccessibleName(self.tr("Provider"))
        model = self.provider_box.model()
        for provider in ("caldav", "graph", "google", "ews"):
            self.provider_box.addItem(provider_label(self, provider), provider)
            if not provider_available(provider):
                item = getattr(model, "item", None)
                if item is not None:
                    item(self.provider_box.count() - 1).setEnabled(False)
        self.url_edit = QLineEdit()
        self.url_edit.setAccessibleName(self.tr("Server address"))
        self.url_edit.setPlaceholderText("https://calendar.example.com/dav/")
        self.user_edit = QLineEdit()
        self.user_edit.setAccessibleName(self.tr("User name"))
        self.password_edit = QLineEdit()
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        # Exchange (EWS): everything explicit, so that no autodiscover is ever needed
        self.email_edit = QLineEdit()
        self.email_edit.setAccessibleName(self.tr("Mailbox e-mail address"))
        self.email_edit.setPlaceholderText("agent@example.com")
        self.version_box = QComboBox()
        self.version_box.setAccessibleName(self.tr("Exchange version"))
        for year in ("2013", "2016", "2019"):
            self.version_box.addItem(self.tr("Exchange %1").replace("%1", year), year)
        self.version_box.setCurrentIndex(1)
        self.auth_box = QComboBox()
        self.auth_box.setAccessibleName(self.tr("Sign-in kind"))
        self.auth_box.addItem(self.tr("Windows sign-in (NTLM)"), "ntlm")
        self.auth_box.addItem(self.tr("Basic sign-in"), "basic")
        self.ca_edit = QLineEdit()
        self.ca_edit.setAccessibleName(self.tr("Certificate authority file"))
        self.ca_edit.setPlaceholderText(
            self.tr("Only for a certificate this computer does not trust")
        )
        self.verify_check = QCheckBox(self.tr("Chec&k the server's certificate"))
        self.verify_check.setChecked(True)
        self.find_button = QPushButton(self.tr("&Find calendars"))
        self.find_button.setAccessibleName(self.tr("Find calendars"))
        self.find_button.clicked.connect(self.find_calendars)
        self.target_box = QComboBox()
        self.target_box.setAccessibleName(self.tr("Calendar that receives the appointments"))
        self.check_list = QListWidget()
        self.check_list.setAccessibleName(self.tr("Calendars checked for conflicts"))
        self.check_list.itemChanged.connect(self._limit_checked)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        self._set_calendars([])

        form = QFormLayout()
        form.addRow(self.tr("&Agent:"), self.agent_box)
        form.addRow(self.tr("&Provider:"), self.provider_box)
        form.addRow(self.tr("Server a&ddress:"), self.url_edit)
        form.addRow(self.tr("&User name:"), self.user_edit)
        form.addRow(self.tr("Pass&word:"), self.password_edit)
        form.addRow(self.tr("&Mailbox address:"), self.email_edit)
        form.addRow(self.tr("E&xchange version:"), self.version_box)
        form.addRow(self.tr("Si&gn-in:"), self.auth_box)
        form.addRow(self.tr("Certificate aut&hority:"), self.ca_edit)
        form.addRow("", self.verify_check)
        self._form = form
        self._ews_fields: list[QWidget] = [
            self.email_edit,
            self.version_box,
            self.auth_box,
            self.ca_edit,
            self.verify_check,
        ]
        self.provider_box.currentIndexChanged.connect(self._provider_changed)
        self._provider_changed()
        form.addRow("", self.find_button)
        form.addRow(self.tr("Add appointments &to:"), self.target_box)
        form.addRow(
            self.tr("Check for &conflicts (up to %1):").replace("%1", str(MAX_CHECKED)),
            self.check_list,
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName(self.tr("Save"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _provider_changed(self, *_args: object) -> None:
        """Show the Exchange fields only for Exchange, with its address as the example."""
        ews = self.provider_box.currentData() == "ews"
        for widget in self._ews_fields:
            self._form.setRowVisible(widget, ews)
        self.url_edit.setPlaceholderText(
            "https://mail.example.com/EWS/Exchange.asmx"
            if ews
            else "https://calendar.example.com/dav/"
        )

    def ews_options(self) -> dict[str, Any]:
        """The Exchange settings the account keeps (empty for other providers)."""
        if self.provider_box.currentData() != "ews":
            return {}
        return {
            "email": self.email_edit.text().strip(),
            "ews_version": str(self.version_box.currentData()),
            "auth": str(self.auth_box.currentData()),
            "ca_file": self.ca_edit.text().strip() or None,
            "verify_tls": self.verify_check.isChecked(),
        }

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        font = self.message.font()
        font.setBold(bool(text))
        self.message.setFont(font)

    def _set_calendars(self, calendars: list[CalendarInfo]) -> None:
        self.target_box.clear()
        self.target_box.addItem(self.tr("Not added to a calendar"), None)
        self.check_list.clear()
        for info in calendars:
            self.target_box.addItem(info.name or info.id, info.id)
            item = QListWidgetItem(info.name or info.id)
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(info.id)
            self.check_list.addItem(item)
        if calendars:
            self.target_box.setCurrentIndex(1)

    def _limit_checked(self, item: QListWidgetItem) -> None:
        if item.checkState() == Qt.CheckState.Checked and len(self.checked()) > MAX_CHECKED:
            item.setCheckState(Qt.CheckState.Unchecked)
            self._show_error(
                self.tr("At most %1 calendars can be checked for conflicts.").replace(
                    "%1", str(MAX_CHECKED)
                )
            )

    def checked(self) -> list[str]:
        found = []
        for row in range(self.check_list.count()):
            item = self.check_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return found

    def find_calendars(self) -> None:
        """List the account's calendars on a worker thread."""
        if self._task is not None:
            return
        provider = str(self.provider_box.currentData())
        url, user = self.url_edit.text().strip(), self.user_edit.text().strip()
        password = self.password_edit.text()
        factory = self._factory()
        options = self.ews_options()

        def work() -> list[CalendarInfo]:
            opened = factory(_probe_account(provider, url, user, options), password or None)
            try:
                return opened.list_calendars()
            finally:
                opened.close()

        self.find_button.setEnabled(False)
        self._show_error("")
        self.message.setText(self.tr("Looking for calendars…"))
        task = BackgroundTask(work, self)
        task.succeeded.connect(self._found)
        task.failed.connect(lambda exc: self._not_found(exc, password))
        task.finished.connect(self._find_done)
        self._task = task
        task.start()

    def _found(self, calendars: object) -> None:
        items = calendars if isinstance(calendars, list) else []
        found = [c for c in items if isinstance(c, CalendarInfo)]
        self._set_calendars(found)
        if found:
            self._show_error("")
            self.message.setText(self.tr("%1 calendar(s) found.").replace("%1", str(len(found))))
        else:
            self._show_error(self.tr("The account has no calendar."))
        self.calendars_found.emit()

    def _not_found(self, exc: object, password: str) -> None:
        if isinstance(exc, (ProviderError, BookingError)):
            text = exc.message
        else:
            log.error("Listing calendars failed: %s", type(exc).__name__)
            text = self.tr("The calendars could not be listed.")
        self._show_error(_scrub(text, password))
        self.calendars_found.emit()

    def _find_done(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.deleteLater()
        self.find_button.setEnabled(True)

    def save(self) -> None:
        """Connect the account (password to the keyring) and close on success."""
        agent_id = self.agent_box.currentData()
        if agent_id is None:
            self._show_error(self.tr("Choose the agent whose calendar this is."))
            return
        provider = str(self.provider_box.currentData())
        if not provider_available(provider):
            self._show_error(self.tr("This kind of calendar account cannot be connected yet."))
            return
        url = self.url_edit.text().strip()
        if provider in {"caldav", "ews"} and not url:
            self._show_error(self.tr("Enter the calendar server's address."))
            return
        options = self.ews_options()
        if options and "@" not in str(options["email"]):
            self._show_error(self.tr("Enter the mailbox's e-mail address."))
            return
        user = self.user_edit.text().strip()
        password = self.password_edit.text()
        target = self.target_box.currentData()
        checked = self.checked()
        state = self._state
        now = state.now()

        def work(session: Session) -> int:
            account = accounts.add_account(
                session,
                state.actor(session),
                now,
                agent_id=int(agent_id),
                provider=provider,
                server_url=url or None,
                username=user or None,
                password=password or None,
                target_calendar=str(target) if target else None,
                checked=checked,
            )
            if options:
                account.options = {**account.options, **options}
            return int(account.id)

        try:
            account_id = run_write(state.sessions, work)
        except BookingError as exc:
            self._show_error(_scrub(exc.message, password))
            return
        self.password_edit.clear()
        self.added.emit(account_id)
        self.accept()


class AccountsView(QWidget):
    """Agents' calendar accounts, their sync state, and the changes agents made to review.

    Signals: ``refreshed`` after each read; ``accounts_changed`` after an account is
    added, removed, paused or resumed (the desk then re-registers the sync jobs:
    ``app.sync.accounts.register_jobs`` and the scheduler's ``sync_jobs``); ``synced``
    with the :class:`~app.sync.engine.SyncReport` of "Sync now"; ``reviewed`` after a
    change was accepted or the desk's version kept; ``failed`` with the message shown.
    """

    refreshed = Signal()
    accounts_changed = Signal()
    synced = Signal(object)
    reviewed = Signal()
    failed = Signal(str)

    def __init__(
        self,
        state: DeskState,
        parent: QWidget | None = None,
        *,
        provider_factory: ProviderFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._provider_factory = provider_factory
        self._tz = ZoneInfo("UTC")
        self._agents: list[tuple[int, str]] = []
        self._reviews: list[ReviewRow] = []
        self._read_task: BackgroundTask | None = None
        self._read_again = False
        self._sync_task: BackgroundTask | None = None
        self._switch_interval = sys.getswitchinterval()
        self.dialog: AddAccountDialog | None = None

        title = QLabel(self.tr("Calendar accounts"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)

        self.model = AccountsTableModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Calendar accounts"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(self.tr("&Add…"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.enable_button = QPushButton(self.tr("&Pause"))
        self.sync_button = QPushButton(self.tr("&Sync now"))
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        for button, name in (
            (self.add_button, self.tr("Add a calendar account")),
            (self.remove_button, self.tr("Remove the calendar account")),
            (self.enable_button, self.tr("Pause or resume the account's sync")),
            (self.sync_button, self.tr("Sync the account now")),
            (self.refresh_button, self.tr("Refresh the accounts")),
        ):
            button.setAccessibleName(name)
        self.add_button.clicked.connect(self.add_account)
        self.remove_button.clicked.connect(self.remove_selected)
        self.enable_button.clicked.connect(self.toggle_selected)
        self.sync_button.clicked.connect(self.sync_selected)
        self.refresh_button.clicked.connect(self.refresh)

        review_title = QLabel(self.tr("Changes to review"))
        review_title.setFont(font)
        self.review_list = QListWidget()
        self.review_list.setAccessibleName(self.tr("Changes to review"))
        self.review_list.setWordWrap(True)
        self.review_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.accept_button = QPushButton(self.tr("A&ccept the agent's change"))
        self.accept_button.setAccessibleName(self.tr("Accept the agent's change"))
        self.keep_button = QPushButton(self.tr("&Keep the desk's version"))
        self.keep_button.setAccessibleName(self.tr("Keep the desk's version"))
        self.accept_button.clicked.connect(self.accept_selected)
        self.keep_button.clicked.connect(self.keep_selected)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Status"))

        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.remove_button,
            self.enable_button,
            self.sync_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(title)
        top_layout.addWidget(self.table)
        top_layout.addLayout(buttons)

        review_buttons = QHBoxLayout()
        review_buttons.addWidget(self.accept_button)
        review_buttons.addWidget(self.keep_button)
        review_buttons.addStretch(1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(review_title)
        bottom_layout.addWidget(self.review_list)
        bottom_layout.addLayout(review_buttons)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(self.status_label)

        QWidget.setTabOrder(self.table, self.add_button)
        QWidget.setTabOrder(self.add_button, self.remove_button)
        QWidget.setTabOrder(self.remove_button, self.enable_button)
        QWidget.setTabOrder(self.enable_button, self.sync_button)
        QWidget.setTabOrder(self.sync_button, self.refresh_button)
        QWidget.setTabOrder(self.refresh_button, self.review_list)
        QWidget.setTabOrder(self.review_list, self.accept_button)
        QWidget.setTabOrder(self.accept_button, self.keep_button)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self._update_buttons()

    # -- reading ---------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        """Read the accounts and changes to review again, on a worker thread."""
        if self._read_task is not None:
            self._read_again = True
            return
        sessions = self._state.sessions

        def work() -> Reading:
            with sessions() as session:
                return read_screen(session)

        task = BackgroundTask(work, self)
        task.succeeded.connect(self._show_reading)
        task.failed.connect(self._read_failed)
        task.finished.connect(self._read_done)
        self._read_task = task
        task.start()

    def _show_reading(self, reading: object) -> None:
        if not isinstance(reading, Reading):
            return
        selected = self.selected_account()
        self._tz = reading.tz
        self._agents = reading.agents
        self.model.set_rows(reading.accounts, reading.tz)
        if selected is not None:
            self.select_account(selected.id)
        current = self.review_list.currentRow()
        self._reviews = reading.reviews
        self.review_list.clear()
        for review in reading.reviews:
            item = QListWidgetItem(self.review_text(review))
            item.setData(Qt.ItemDataRole.UserRole, review.appointment_id)
            self.review_list.addItem(item)
        if self._reviews:
            self.review_list.setCurrentRow(min(max(current, 0), len(self._reviews) - 1))
        self._update_buttons()
        self.refreshed.emit()

    def _read_failed(self, exc: object) -> None:
        log.error("Reading the calendar accounts failed: %s", exc)
        self._show_status(self.tr("The calendar accounts could not be read."), error=True)
        self.refreshed.emit()

    def _read_done(self) -> None:
        task, self._read_task = self._read_task, None
        if task is not None:
            task.deleteLater()
        if self._read_again:
            self._read_again = False
            self.refresh()

    def review_text(self, review: ReviewRow) -> str:
        """One change in words: who did what to which appointment."""
        conflict = review.conflict
        when = review.desk_start.astimezone(self._tz).strftime("%a %d %b %H:%M")
        what = f"{review.title} ({when})"
        if conflict.proposal == "cancel":
            return (
                self.tr("%1 deleted %2 from their calendar.")
                .replace("%1", review.agent)
                .replace("%2", what)
            )
        if conflict.start is not None:
            moved = conflict.start.astimezone(self._tz).strftime("%a %d %b %H:%M")
            if conflict.end is not None:
                moved += conflict.end.astimezone(self._tz).strftime("–%H:%M")
            verb = (
                self.tr("%1 moved %2 to %3 in their calendar.")
                if conflict.proposal == "reschedule"
                else self.tr("%1 changed %2 to %3 in their calendar, and the desk changed it too.")
            )
            return verb.replace("%1", review.agent).replace("%2", what).replace("%3", moved)
        return f"{review.agent}: {what}: {conflict.message}"

    # -- selection -------------------------------------------------------------------

    def selected_account(self) -> AccountRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_account(self, account_id: int) -> bool:
        row = self.model.row_of(account_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        return True

    def selected_review(self) -> ReviewRow | None:
        row = self.review_list.currentRow()
        return self._reviews[row] if 0 <= row < len(self._reviews) else None

    def _update_buttons(self, *_args: object) -> None:
        account = self.selected_account()
        has = account is not None
        self.remove_button.setEnabled(has)
        self.enable_button.setEnabled(has)
        self.sync_button.setEnabled(has and self._sync_task is None)
        if account is not None and not account.enabled:
            self.enable_button.setText(self.tr("Res&ume"))
        else:
            self.enable_button.setText(self.tr("&Pause"))
        review = self.selected_review()
        self.accept_button.setEnabled(review is not None)
        self.keep_button.setEnabled(review is not None)

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        font = self.status_label.font()
        font.setBold(error)
        self.status_label.setFont(font)
        if error:
            self.failed.emit(text)

    def _factory(self) -> ProviderFactory:
        # looked up at call time, so providers registered later are found
        return self._provider_factory or engine.open_provider

    # -- account actions -------------------------------------------------------------

    def add_account(self) -> AddAccountDialog:
        """Open the dialog that connects an account (returned, for the caller to drive)."""
        dialog = AddAccountDialog(self._state, self._agents, self._factory, self)
        dialog.added.connect(self._added)
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: AddAccountDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        if dialog._task is not None:  # a search still running keeps the dialog alive
            dialog._task.finished.connect(dialog.deleteLater)
        else:
            dialog.deleteLater()

    def _added(self, account_id: int) -> None:
        self._show_status(self.tr("The calendar account is connected."))
        self.accounts_changed.emit()
        self.refresh()

    def _write(self, work: Callable[[Session], object], done: str) -> bool:
        try:
            run_write(self._state.sessions, work)
        except BookingError as exc:
            self._show_status(exc.message, error=True)
            return False
        self._show_status(done)
        return True

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Remove the calendar account"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        account = self.selected_account()
        if account is None:
            return
        question = self.tr(
            "Disconnect %1's %2 calendar account? The desk stops writing to it and "
            "forgets its busy time; events already in the calendar stay there."
        )
        question = question.replace("%1", account.agent).replace(
            "%2", provider_label(self, account.provider)
        )
        if not self.confirm(question):
            return
        state = self._state
        now = state.now()

        def work(session: Session) -> None:
            accounts.remove_account(session, state.actor(session), account.id, now)

        if self._write(work, self.tr("The calendar account was removed.")):
            self.accounts_changed.emit()
        self.refresh()

    def toggle_selected(self) -> None:
        account = self.selected_account()
        if account is None:
            return
        state = self._state
        now = state.now()
        enable = not account.enabled

        def work(session: Session) -> None:
            set_account_enabled(session, state.actor(session), account.id, enable, now)

        done = (
            self.tr("The account's sync is resumed.")
            if enable
            else self.tr("The account's sync is paused.")
        )
        if self._write(work, done):
            self.accounts_changed.emit()
        self.refresh()

    def sync_selected(self) -> None:
        """One sync round of the selected account, on a worker thread."""
        account = self.selected_account()
        if account is None or self._sync_task is not None:
            return
        sessions, now, factory = self._state.sessions, self._state.now(), self._factory()
        account_id = account.id

        def work() -> SyncReport:
            return engine.sync_account(sessions, account_id, now, factory=factory)

        self._show_status(self.tr("Syncing %1's calendar…").replace("%1", account.agent))
        task = BackgroundTask(work, self)
        task.succeeded.connect(self._synced)
        task.failed.connect(self._sync_failed)
        task.finished.connect(self._sync_done)
        self._sync_task = task
        self._update_buttons()
        # The cycle collector stops every thread while it runs, and the collections a
        # sync's allocations trigger (a full one takes a tenth of a second or more) would
        # freeze the screen: collection waits until the sync is over (see _sync_done).
        gc.disable()
        # and the worker hands the interpreter back to the GUI thread sooner than the
        # default 5 ms, so queued events and paints are served promptly
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, 0.0005))
        task.start()

    def _synced(self, report: object) -> None:
        if isinstance(report, SyncReport):
            if report.error:
                self._show_status(report.error, error=True)
            else:
                text = self.tr(
                    "Synced: %1 calendar write(s), %2 busy interval(s), %3 change(s) to review."
                )
                text = (
                    text.replace("%1", str(len(report.pushed)))
                    .replace("%2", str(report.busy_stored))
                    .replace("%3", str(len(report.conflicts)))
                )
                self._show_status(text)
        self.synced.emit(report)

    def _sync_failed(self, exc: object) -> None:
        if isinstance(exc, ProviderError):
            text = exc.message
        else:
            log.error("Calendar sync failed: %s", type(exc).__name__)
            text = self.tr("The calendar could not be synced; try again later.")
        self._show_status(text, error=True)
        self.synced.emit(None)

    def _sync_done(self) -> None:
        # what the sync left is moved to the oldest generation (no pass over it now) and
        # collection resumes; the next full collection comes when Python decides
        gc.freeze()
        gc.unfreeze()
        gc.enable()
        sys.setswitchinterval(self._switch_interval)
        task, self._sync_task = self._sync_task, None
        if task is not None:
            task.deleteLater()
        self._update_buttons()
        self.refresh()

    # -- review actions --------------------------------------------------------------

    def accept_selected(self) -> None:
        """Apply the agent's change at the desk and clear it, in one transaction."""
        review = self.selected_review()
        if review is None:
            return
        state = self._state
        now = state.now()
        conflict = review.conflict

        def work(session: Session) -> None:
            actor = state.actor(session)
            if conflict.proposal == "cancel":
                use.cancel(session, actor, review.appointment_id, DELETED_REASON, now)
            elif conflict.start is not None:
                use.reschedule(
                    session, actor, review.appointment_id, conflict.start, MOVED_REASON, now
                )
            else:
                raise BookingError(
                    "nothing_to_accept",
                    "The calendar no longer shows a time for this appointment; keep the "
                    "desk's version instead.",
                )
            engine.clear_conflict(session, review.appointment_id, review.account_id)

        if self._write(work, self.tr("The agent's change is applied at the desk.")):
            self.reviewed.emit()
        self.refresh()

    def keep_selected(self) -> None:
        """Write the desk's version to the agent's calendar again, and clear the change."""
        review = self.selected_review()
        if review is None:
            return
        state = self._state
        now = state.now()

        def work(session: Session) -> None:
            state.actor(session).require(permissions.EDIT)
            engine.keep_desk_version(session, review.appointment_id, review.account_id, now)

        done = self.tr("The desk's version will be written to the agent's calendar again.")
        if self._write(work, done):
            self.reviewed.emit()
        self.refresh()

    def is_busy(self) -> bool:
        """Whether a read or a sync is running."""
        return self._read_task is not None or self._sync_task is not None

    def wait_for_work(self, msecs: int = 30_000) -> None:
        """Let running background work end (closing the desk)."""
        dialog_task = self.dialog._task if self.dialog is not None else None
        for task in (self._read_task, self._sync_task, dialog_task):
            if task is not None:
                task.wait(msecs)
