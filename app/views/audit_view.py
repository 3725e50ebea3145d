"""The audit trail screen: who changed what and when, with before and after side by side.

Filters (first and last local day, username, entity type, free text) narrow the trail;
the table lists the matching entries newest first over a lazy model of ids; selecting an
entry shows its values before and after, one field a line, changed fields in bold.
The matching ids are read on a worker thread (100,000 entries take a few hundred
milliseconds on SQLite), first when the screen is shown, then after each filter change;
the model reads the entries themselves in blocks as the table scrolls. "Export CSV…"
writes every matching entry (not just the rows read so far) with the same spreadsheet
formula guard as the customers export. The screen only reads: the trail cannot be
edited from the program.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.booking import audit
from app.booking.audit import AuditFilter, AuditRow
from app.booking.errors import BookingError
from app.views.desk import DeskState
from app.views.models.audit import AuditTableModel, audit_loader
from app.views.worker import BackgroundTask

log = logging.getLogger(__name__)

#: The earliest day the date fields offer; showing it means "no limit".
_NO_LIMIT = QDate(2000, 1, 1)
#: Typing in the user or text fields waits this long before the trail is read again.
_TYPING_PAUSE_MS = 300


@dataclass(frozen=True)
class _Reading:
    """What one read of the trail brings back to the GUI thread."""

    tz: ZoneInfo
    types: list[str]
    filter: AuditFilter
    ids: list[int]


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _py_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class AuditView(QWidget):
    """The audit trail, filtered, with the selected entry's before and after."""

    #: Emitted after an export with the file's path and how many entries it holds.
    exported = Signal(str, int)
    #: Emitted after each read of the trail with how many entries match.
    refreshed = Signal(int)
    #: Emitted when a read of the trail is refused or fails, with the message shown.
    failed = Signal(str)

    def __init__(self, state: DeskState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._tz = ZoneInfo("UTC")
        self._filter = AuditFilter()
        self._task: BackgroundTask | None = None
        self._outcome: tuple[bool, Any] | None = None
        self._again = False
        self._shown_once = False
        self.setAccessibleName(self.tr("Audit trail"))

        self.from_edit = self._date_edit(self.tr("From day"))
        self.to_edit = self._date_edit(self.tr("To day"))
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText(self.tr("username"))
        self.user_edit.setAccessibleName(self.tr("User"))
        self.user_edit.setClearButtonEnabled(True)
        self.entity_combo = QComboBox()
        self.entity_combo.setAccessibleName(self.tr("Entity type"))
        self.entity_combo.addItem(self.tr("Any"), "")
        # Wide enough for "appointment" before the types are read, and for any type after.
        self.entity_combo.setMinimumContentsLength(12)
        self.entity_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(self.tr("search who, action and values"))
        self.text_edit.setAccessibleName(self.tr("Search text"))
        self.text_edit.setClearButtonEnabled(True)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setAccessibleName(self.tr("Export the matching entries as CSV"))
        self.status_label = QLabel()
        self.status_label.setAccessibleName(self.tr("Audit status"))
        self.status_label.setWordWrap(True)

        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("&From:"), self.from_edit),
            (self.tr("&To:"), self.to_edit),
            (self.tr("&User:"), self.user_edit),
            (self.tr("&Entity:"), self.entity_combo),
            (self.tr("&Search:"), self.text_edit),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget, 1 if widget in (self.user_edit, self.text_edit) else 0)
        filters.addWidget(self.export_button)

        self.model = AuditTableModel(audit_loader(state.sessions), self._tz, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Audit entries"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AuditTableModel.CHANGED, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.entry_label = QLabel(self.tr("Select an entry to see its values before and after."))
        self.entry_label.setAccessibleName(self.tr("Selected entry"))
        self.entry_label.setWordWrap(True)
        self.details = QTableWidget(0, 3)
        self.details.setAccessibleName(self.tr("Values before and after"))
        self.details.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("Before"), self.tr("After")]
        )
        self.details.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.details.verticalHeader().setVisible(False)
        self.details.setWordWrap(True)
        dheader = self.details.horizontalHeader()
        dheader.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        dheader.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        dheader.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.entry_label)
        lower_layout.addWidget(self.details)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.status_label)
        layout.addWidget(splitter, 1)

        for first, second in (
            (self.from_edit, self.to_edit),
            (self.to_edit, self.user_edit),
            (self.user_edit, self.entity_combo),
            (self.entity_combo, self.text_edit),
            (self.text_edit, self.export_button),
            (self.export_button, self.table),
            (self.table, self.details),
        ):
            QWidget.setTabOrder(first, second)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(_TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.refresh)
        self.user_edit.textChanged.connect(self._typing.start)
        self.text_edit.textChanged.connect(self._typing.start)
        self.from_edit.dateChanged.connect(self.refresh)
        self.to_edit.dateChanged.connect(self.refresh)
        self.entity_combo.currentIndexChanged.connect(self.refresh)
        self.export_button.clicked.connect(self._ask_export)
        self._refresh_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        self._refresh_key.activated.connect(self.refresh)

    # -- reading ---------------------------------------------------------------------------

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(_NO_LIMIT)
        edit.setSpecialValueText(self.tr("any day"))
        edit.setDate(_NO_LIMIT)
        edit.setAccessibleName(name)
        return edit

    def _day(self, edit: QDateEdit) -> date | None:
        value = edit.date()
        return None if value == _NO_LIMIT else _py_date(value)

    def refresh(self) -> None:
        """Read the matching ids (and the entity types on offer) again, off the GUI thread;
        ``refreshed`` or ``failed`` tells when it is done. A refresh asked for while one
        runs is done after it, with the fields as they are then."""
        self._typing.stop()
        if self._task is not None:
            self._again = True
            return
        first, last = self._day(self.from_edit), self._day(self.to_edit)
        user = self.user_edit.text().strip() or None
        entity = self.entity_combo.currentData() or None
        text = self.text_edit.text().strip() or None
        sessions = self._state.sessions

        def read() -> _Reading:
            with sessions() as session:
                tz = audit.branch_zone(session)
                start, end = audit.local_dates_range(first, last, tz)
                flt = AuditFilter(start=start, end=end, user=user, entity_type=entity, text=text)
                return _Reading(tz, audit.entity_types(session), flt, audit.find_ids(session, flt))

        task = BackgroundTask(read, self)
        self._task = task
        self._outcome = None
        task.succeeded.connect(lambda value: setattr(self, "_outcome", (True, value)))
        task.failed.connect(lambda exc: setattr(self, "_outcome", (False, exc)))
        task.finished.connect(self._read_finished)
        task.start()

    def is_busy(self) -> bool:
        """A read of the trail is under way."""
        return self._task is not None

    def wait(self, msecs: int = 30_000) -> None:
        """Wait for a running read (before the widget goes away)."""
        if self._task is not None:
            self._task.wait(msecs)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.wait()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.refresh()

    def _read_finished(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.deleteLater()
        outcome, self._outcome = self._outcome, None
        if self._again:
            # The fields changed meanwhile: this answer is stale.
            self._again = False
            self.refresh()
            return
        if outcome is None:
            return
        ok, value = outcome
        if ok:
            self._apply(value)
            return
        if isinstance(value, BookingError):
            message = value.message
        else:
            log.error("Reading the audit trail failed", exc_info=value)
            message = self.tr("The audit trail could not be read. Try again.")
        self._show_status(message, error=True)
        self.failed.emit(message)

    def _apply(self, reading: _Reading) -> None:
        self._tz = reading.tz
        self._fill_entity_types(reading.types)
        self._filter = reading.filter
        ids = reading.ids
        self.model.set_ids(ids, self._tz)
        self._show_entry(None)
        if len(ids) == 1:
            text = self.tr("1 matching entry (times in %1).")
        elif ids:
            text = self.tr("%2 matching entries, newest first (times in %1).").replace(
                "%2", str(len(ids))
            )
        else:
            text = self.tr("No audit entries match these filters (times in %1).")
        self._show_status(text.replace("%1", self._tz.key), error=False)
        self.refreshed.emit(len(ids))

    def _fill_entity_types(self, types: list[str]) -> None:
        current = self.entity_combo.currentData()
        offered = [self.entity_combo.itemData(i) for i in range(1, self.entity_combo.count())]
        if offered == types:
            return
        self.entity_combo.blockSignals(True)
        try:
            while self.entity_combo.count() > 1:
                self.entity_combo.removeItem(1)
            for kind in types:
                self.entity_combo.addItem(kind, kind)
            found = self.entity_combo.findData(current)
            self.entity_combo.setCurrentIndex(max(found, 0))
        finally:
            self.entity_combo.blockSignals(False)

    def _show_status(self, text: str, *, error: bool) -> None:
        self.status_label.setText(text)
        font = self.status_label.font()
        font.setBold(error)
        self.status_label.setFont(font)

    # -- the selected entry ----------------------------------------------------------------

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = {i.row() for i in selected.indexes()}
        self._show_entry(self.model.entry(min(rows)) if rows else None)

    def selected_entry(self) -> AuditRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def _show_entry(self, row: AuditRow | None) -> None:
        self.details.setRowCount(0)
        if row is None:
            self.entry_label.setText(self.tr("Select an entry to see its values before and after."))
            return
        when = row.at.astimezone(self._tz).strftime("%Y-%m-%d %H:%M:%S")
        what = row.entity_type + ("" if row.entity_id is None else f" #{row.entity_id}")
        self.entry_label.setText(
            self.tr("%1 — %2 — %3 — %4")
            .replace("%1", when)
            .replace("%2", row.user)
            .replace("%3", row.action)
            .replace("%4", what)
        )
        before = row.before or {}
        after = row.after or {}
        changed = set(row.changed_fields())
        keys = list(dict.fromkeys([*before, *after]))
        self.details.setRowCount(len(keys))
        bold = QFont(self.details.font())
        bold.setBold(True)
        for line, key in enumerate(keys):
            cells = (
                key,
                _value_text(before.get(key)) if key in before else "",
                _value_text(after.get(key)) if key in after else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if key in changed:
                    item.setFont(bold)
                self.details.setItem(line, column, item)
        self.details.resizeRowsToContents()

    # -- export ----------------------------------------------------------------------------

    def _ask_export(self) -> None:
        path, _selected = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the audit trail"),
            str(Path.home() / "audit.csv"),
            self.tr("CSV files (*.csv)"),
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> int:
        """Write every entry matching the current filters to ``path``; returns how many."""
        with self._state.sessions() as session:
            rows = audit.entries(session, self._filter)
        content = audit.export_csv(rows, self._tz)
        try:
            # utf-8-sig: spreadsheets read UTF-8 only when the file starts with a BOM.
            Path(path).write_text(content, encoding="utf-8-sig", newline="")
        except OSError as exc:
            self._show_status(
                self.tr("Cannot write %1: %2")
                .replace("%1", str(path))
                .replace("%2", exc.strerror or type(exc).__name__),
                error=True,
            )
            return 0
        self._show_status(
            (
                self.tr("Exported 1 entry to %1.")
                if len(rows) == 1
                else self.tr("Exported %2 entries to %1.").replace("%2", str(len(rows)))
            ).replace("%1", str(path)),
            error=False,
        )
        self.exported.emit(str(path), len(rows))
        return len(rows)
