"""The manager's approval queue: requests awaiting confirmation, and what to do with them.

The widget shows app.booking.approvals.queue for one branch (oldest request first), and
confirms, rejects, moves or bulk-confirms through the booking layer, which checks the
approve permission and every other rule; a refusal is shown inline as the layer words it.
Reads and writes run off the GUI thread, one at a time. Each refresh first cancels the
requests past the branch's confirmation timeout (app.booking.approvals.expire_due), until
the scheduled jobs take that over.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QLocale,
    QModelIndex,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.booking import appointments, approvals, statuses
from app.booking.approvals import BulkResult, QueueItem
from app.booking.errors import BookingError
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.models import Branch
from app.views.desk import DeskState
from app.views.dialogs import MessageArea
from app.views.models.approvals import ID_ROLE, ApprovalModel
from app.views.qtdates import qdate
from app.views.worker import BackgroundTask

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StatusChoice:
    """A status the "Move to" menu offers."""

    key: str
    name: str


@dataclass(frozen=True)
class QueueSnapshot:
    """What one background read returns: everything the widget shows until the next."""

    tz: ZoneInfo
    items: tuple[QueueItem, ...]
    choices: tuple[StatusChoice, ...]
    expired: tuple[int, ...]


def load_queue(state: DeskState, branch_id: int, include_confirmed: bool) -> QueueSnapshot:
    """Expire overdue requests, then read the queue (runs on the worker thread)."""
    now = state.now()
    expired = approvals.expire_due(state.sessions, now)
    with state.sessions() as session:
        branch = session.get(Branch, branch_id)
        if branch is None:
            raise BookingError(
                "not_found",
                QCoreApplication.translate(
                    "ApprovalQueue", "The branch %1 no longer exists."
                ).replace("%1", str(branch_id)),
            )
        items = approvals.queue(session, now, branch_id, include_confirmed=include_confirmed)
        choices = tuple(
            StatusChoice(s.key, s.name)
            for s in statuses.all_statuses(session)
            if s.predicate != "start"
        )
        return QueueSnapshot(ZoneInfo(branch.timezone), tuple(items), choices, tuple(expired))


class ApprovalQueue(QWidget):
    """The queue of one branch, for managers.

    Loads when first shown and on :meth:`refresh`. The window that holds it should call
    :meth:`refresh` when the data changes elsewhere and show :attr:`count_changed` in its
    status bar.
    """

    #: Emitted after any write this widget made (confirm, reject, move, expiry).
    changed = Signal()
    #: The number of requests awaiting confirmation, after each load.
    count_changed = Signal(int)
    #: Emitted when a load has been shown (or has failed and its error is shown).
    refreshed = Signal()

    def __init__(self, state: DeskState, branch_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._branch_id = branch_id
        self._task: BackgroundTask | None = None
        self._outcome: tuple[bool, Any] | None = None
        self._again = False
        self._loaded_once = False
        self._tz = ZoneInfo("UTC")
        self.setAccessibleName(self.tr("Approval queue"))

        self.title = QLabel(self.tr("Requests awaiting confirmation"), self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Requests waiting"))
        self.show_confirmed = QCheckBox(self.tr("Show con&firmed"), self)
        self.show_confirmed.setAccessibleName(self.tr("Show confirmed appointments"))
        self.show_confirmed.toggled.connect(self.refresh)
        self.refresh_button = QPushButton(self.tr("Re&fresh"), self)
        self.refresh_button.setAccessibleName(self.tr("Refresh the queue"))
        self.refresh_button.clicked.connect(self.refresh)

        self.model = ApprovalModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("approvalTable")
        self.table.setAccessibleName(self.tr("Requests"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.confirm_button = QPushButton(self.tr("&Confirm"), self)
        self.confirm_button.setAccessibleName(self.tr("Confirm the request"))
        self.confirm_button.clicked.connect(self.confirm_current)
        self.confirm_all_button = QPushButton(self.tr("Confirm &selected"), self)
        self.confirm_all_button.setAccessibleName(self.tr("Confirm the selected requests"))
        self.confirm_all_button.clicked.connect(self.confirm_selected)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Reason (the customer is told)"))
        self.reason.setAccessibleName(self.tr("Reason for rejecting or moving"))
        self.reason.setClearButtonEnabled(True)
        self.reason.returnPressed.connect(self.reject_current)
        self.reject_button = QPushButton(self.tr("&Reject"), self)
        self.reject_button.setAccessibleName(self.tr("Reject the request with the reason"))
        self.reject_button.clicked.connect(self.reject_current)
        self.move_button = QToolButton(self)
        self.move_button.setText(self.tr("&Move to"))
        self.move_button.setAccessibleName(self.tr("Move the request to another status"))
        self.move_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.move_menu = QMenu(self.move_button)
        self.move_menu.setAccessibleName(self.tr("Statuses"))
        self.move_button.setMenu(self.move_menu)

        self.message = MessageArea(self)

        self.history_label = QLabel(self.tr("History of the selected request"), self)
        self.history = QTreeWidget(self)
        self.history.setAccessibleName(self.tr("Status history"))
        self.history.setRootIsDecorated(False)
        self.history.setHeaderLabels(
            [self.tr("When"), self.tr("Change"), self.tr("By"), self.tr("Reason")]
        )
        self.history.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.header().setStretchLastSection(True)
        self.history_label.setBuddy(self.history)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.show_confirmed)
        top.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        actions.addWidget(self.confirm_button)
        actions.addWidget(self.confirm_all_button)
        actions.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        actions.addWidget(self.reason, 1)
        actions.addWidget(self.reject_button)
        actions.addWidget(self.move_button)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.history_label)
        lower_layout.addWidget(self.history)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)

        for first, second in (
            (self.show_confirmed, self.refresh_button),
            (self.refresh_button, self.table),
            (self.table, self.confirm_button),
            (self.confirm_button, self.confirm_all_button),
            (self.confirm_all_button, self.reason),
            (self.reason, self.reject_button),
            (self.reject_button, self.move_button),
            (self.move_button, self.history),
        ):
            QWidget.setTabOrder(first, second)
        self._show_count()
        self._update_actions()

    # -- reading -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.refresh()

    def refresh(self) -> None:
        """Expire overdue requests and read the queue again (off the GUI thread)."""
        self._loaded_once = True
        if self._task is not None:
            self._again = True
            return
        state, branch_id = self._state, self._branch_id
        confirmed = self.show_confirmed.isChecked()
        self._run(lambda: load_queue(state, branch_id, confirmed), self._loaded, reading=True)

    def _loaded(self, snapshot: QueueSnapshot) -> None:
        keep = set(self.selected_ids())
        current = self._current_id()
        old_row = self.table.selectionModel().currentIndex().row()
        self._tz = snapshot.tz
        self.model.set_items(
            [i.id for i in snapshot.items], {i.id: i for i in snapshot.items}, snapshot.tz
        )
        self._fill_menu(snapshot.choices)
        self._reselect(keep, current, old_row)
        self._show_count()
        self._update_actions()
        self._show_history()
        if snapshot.expired:
            self.message.show_info(
                self.tr(
                    "%n request(s) not confirmed in time were cancelled.", "", len(snapshot.expired)
                )
            )
            self.changed.emit()
        self.count_changed.emit(self.model.awaiting_count())
        self.refreshed.emit()

    def _reselect(self, keep: set[int], current: int | None, old_row: int) -> None:
        """Keep the selection and the current row across a reload; when the current
        request has left the queue, the one that took its place becomes current, so a
        manager can work down the list."""
        model = self.table.selectionModel()
        flags = model.SelectionFlag
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        kept = False
        for row, appointment_id in enumerate(self.model.ids()):
            if appointment_id in keep:
                selection.select(self.model.index(row, 0), self.model.index(row, last))
                kept = True
        model.select(selection, flags.ClearAndSelect)
        row = self.model.row_of(current) if current is not None else -1
        if row < 0 and self.model.rowCount():
            row = min(max(old_row, 0), self.model.rowCount() - 1)
        if row >= 0:
            how = flags.Current | (flags.NoUpdate if kept else flags.ClearAndSelect | flags.Rows)
            model.setCurrentIndex(self.model.index(row, 0), how)

    def _fill_menu(self, choices: tuple[StatusChoice, ...]) -> None:
        self.move_menu.clear()
        for choice in choices:
            action = QAction(choice.name, self.move_menu)
            action.setData(choice.key)
            action.triggered.connect(lambda _=False, key=choice.key: self.move_current(key))
            self.move_menu.addAction(action)

    def _show_count(self) -> None:
        waiting = self.model.awaiting_count()
        self.count_label.setText(
            self.tr("(%n waiting)", "", waiting) if waiting else self.tr("(none waiting)")
        )

    # -- selection -----------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """Ids of the selected rows, in the queue's order."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.ids()[r] for r in rows]

    def _current_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        value = self.model.data(index, ID_ROLE) if index.isValid() else None
        return value if isinstance(value, int) else None

    def _current_item(self) -> QueueItem | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_actions()

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        self._show_history()

    def _update_actions(self) -> None:
        idle = self._task is None
        item = self._current_item()
        awaiting = [i for i in self.selected_ids() if self._awaiting(i)]
        self.confirm_button.setEnabled(idle and item is not None and item.awaiting)
        self.reject_button.setEnabled(idle and item is not None and item.awaiting)
        self.move_button.setEnabled(idle and item is not None and not self.move_menu.isEmpty())
        self.confirm_all_button.setEnabled(idle and len(awaiting) > 1)
        self.confirm_all_button.setText(
            self.tr("Confirm &selected (%n)", "", len(awaiting))
            if len(awaiting) > 1
            else self.tr("Confirm &selected")
        )
        self.refresh_button.setEnabled(idle)

    def _awaiting(self, appointment_id: int) -> bool:
        row = self.model.row_of(appointment_id)
        item = self.model.item(row)
        return item is not None and item.awaiting

    def _show_history(self) -> None:
        """The current request's status changes, newest first (a short read)."""
        self.history.clear()
        appointment_id = self._current_id()
        if appointment_id is None:
            return
        try:
            with self._state.sessions() as session:
                entries = statuses.history(session, appointment_id)
                names = {s.key: s.name for s in statuses.all_statuses(session)}
        except BookingError:  # gone since the last load; the next refresh drops the row
            return
        for entry in entries:
            change = (
                f"{names.get(entry.from_status, entry.from_status)} → "
                if entry.from_status
                else self.tr("New: ")
            ) + names.get(entry.to_status, entry.to_status)
            row = QTreeWidgetItem([self._when(entry.at), change, entry.actor, entry.reason or ""])
            row.setToolTip(3, entry.reason or "")
            self.history.addTopLevelItem(row)

    def _when(self, at: datetime) -> str:
        local = at.astimezone(self._tz)
        locale = QLocale()
        return (
            locale.toString(qdate(local.date()), "ddd d MMM")
            + " "
            + locale.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
        )

    # -- writing -------------------------------------------------------------------------

    def confirm_current(self) -> None:
        item = self._current_item()
        if item is None:
            return
        username, now = self._state.username, self._state.now()

        def work(session: Session) -> None:
            actor = load_actor(session, username)
            approvals.confirm(session, actor, item.id, now, expected_version=item.version)

        self._write(
            work,
            self.tr("Confirmed: %1, %2.")
            .replace("%1", item.customer)
            .replace("%2", self._when(item.start_at)),
        )

    def reject_current(self) -> None:
        item = self._current_item()
        if item is None or not self.reject_button.isEnabled():
            return
        username, now, reason = self._state.username, self._state.now(), self.reason.text()

        def work(session: Session) -> None:
            actor = load_actor(session, username)
            approvals.reject(session, actor, item.id, reason, now, expected_version=item.version)

        self._write(work, self.tr("Rejected: %1.").replace("%1", item.customer))

    def move_current(self, status_key: str) -> None:
        item = self._current_item()
        if item is None:
            return
        username, now = self._state.username, self._state.now()
        reason = self.reason.text().strip() or None

        def work(session: Session) -> None:
            appointments.set_status(
                session,
                load_actor(session, username),
                item.id,
                status_key,
                now,
                reason,
                expected_version=item.version,
            )

        self._write(work, self.tr("Moved: %1.").replace("%1", item.customer))

    def confirm_selected(self) -> None:
        ids = [i for i in self.selected_ids() if self._awaiting(i)]
        if not ids:
            return
        sessions, username, now = self._state.sessions, self._state.username, self._state.now()
        names = {i: self.model.item(self.model.row_of(i)) for i in ids}
        self.message.clear()
        self._run(
            lambda: approvals.confirm_many(sessions, username, ids, now),
            lambda result: self._bulk_done(result, names),
        )

    def _bulk_done(self, result: BulkResult, items: dict[int, QueueItem | None]) -> None:
        lines = [
            self.tr("Confirmed %1 of %2.")
            .replace("%1", str(len(result.confirmed)))
            .replace("%2", str(len(result.confirmed) + len(result.failed)))
        ]
        for failure in result.failed:
            item = items.get(failure.id)
            who = f"{item.customer}, {self._when(item.start_at)}" if item else str(failure.id)
            lines.append(f"{who}: {failure.message}")
        if result.failed:
            self.message.show_error("\n".join(lines))
        else:
            self.message.show_info(lines[0])
        if result.confirmed:
            self.changed.emit()
        self._again = True

    def _write(self, work: Callable[[Session], None], done_message: str) -> None:
        sessions = self._state.sessions
        self.message.clear()

        def succeeded(_: object) -> None:
            self.message.show_info(done_message)
            self.reason.clear()
            self.changed.emit()
            self._again = True

        self._run(lambda: run_write(sessions, work), succeeded)

    def _run(
        self, fn: Callable[[], Any], on_success: Callable[[Any], None], *, reading: bool = False
    ) -> None:
        """Run ``fn`` on a worker thread; ``on_success`` gets its result on this thread. A
        refusal is shown as worded (after a refused write the queue is read again, since
        it was probably stale); anything else is logged and apologised for."""
        task = BackgroundTask(fn, self)
        self._task = task
        self._outcome = None
        task.succeeded.connect(lambda value: setattr(self, "_outcome", (True, value)))
        task.failed.connect(lambda exc: setattr(self, "_outcome", (False, exc)))
        task.finished.connect(lambda: self._finished(on_success, reading))
        self._update_actions()
        task.start()

    def _finished(self, on_success: Callable[[Any], None], reading: bool) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.deleteLater()
        outcome, self._outcome = self._outcome, None
        if outcome is not None:
            ok, value = outcome
            if ok:
                on_success(value)
            else:
                if isinstance(value, BookingError):
                    self.message.show_error(value.message)
                else:
                    log.error("The approval queue failed", exc_info=value)
                    self.message.show_error(
                        self.tr("Something went wrong; the queue could not be updated. Try again.")
                    )
                if reading:
                    self.refreshed.emit()
                else:
                    self._again = True
        self._update_actions()
        if self._again:
            self._again = False
            self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Let a running read or write finish: its thread must not outlive the widget."""
        self.wait()
        super().closeEvent(event)

    def wait(self, msecs: int = 30_000) -> None:
        """Block until the running read or write is over (for closing and tests)."""
        if self._task is not None:
            self._task.wait(msecs)
