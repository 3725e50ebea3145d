"""The approval queue's table: a model over appointment ids.

The queue's order and content are decided by app.booking.approvals.queue; this model
keeps the ids in that order and the plain rows read with them (off the GUI thread), and
formats them in the branch's time zone. It never opens a session: the widget hands it
what a background read returned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
)
from PySide6.QtGui import QColor, QFont

from app.booking.approvals import QueueItem
from app.views.calendar.style import service_qcolor
from app.views.qtdates import qdate

_ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex

#: Role answering the row's appointment id (an int).
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ApprovalModel(QAbstractTableModel):
    """Rows: appointments in the queue's order; columns: :attr:`COLUMNS`."""

    REQUESTED, START, SERVICE, AGENT, CUSTOMER, STATUS = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._rows: dict[int, QueueItem] = {}
        self._tz = ZoneInfo("UTC")
        self._headers = (
            self.tr("Requested"),
            self.tr("Time"),
            self.tr("Service"),
            self.tr("Agent"),
            self.tr("Customer"),
            self.tr("Status"),
        )

    # -- content -----------------------------------------------------------------------

    def set_items(self, ids: Sequence[int], rows: Mapping[int, QueueItem], tz: ZoneInfo) -> None:
        """Show ``ids`` in this order; ``rows`` holds each one's values (ids without a row
        are left out: they vanished between the two reads)."""
        self.beginResetModel()
        self._ids = [i for i in ids if i in rows]
        self._rows = {i: rows[i] for i in self._ids}
        self._tz = tz
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def item(self, row: int) -> QueueItem | None:
        if 0 <= row < len(self._ids):
            return self._rows[self._ids[row]]
        return None

    def row_of(self, appointment_id: int) -> int:
        """The row showing ``appointment_id``, or -1."""
        try:
            return self._ids.index(appointment_id)
        except ValueError:
            return -1

    def awaiting_count(self) -> int:
        return sum(1 for i in self._ids if self._rows[i].awaiting)

    # -- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.item(index.row())
        if item is None or not 0 <= index.column() < len(self._headers):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == ID_ROLE:
            return item.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.DecorationRole and column == self.SERVICE:
            return QColor(service_qcolor(item.service_color))
        if role == Qt.ItemDataRole.FontRole and not item.awaiting:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._text(item, column)
        return None

    def _when(self, at: datetime) -> str:
        """A day and time in the branch's zone, spelled by the user's locale."""
        local = at.astimezone(self._tz)
        locale = QLocale()
        day = locale.toString(qdate(local.date()), "ddd d MMM")
        return f"{day} {self._clock(local)}"

    @staticmethod
    def _clock(local: datetime) -> str:
        return QLocale().toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)

    def _text(self, item: QueueItem, column: int) -> str:
        if column == self.REQUESTED:
            return self._when(item.requested_at)
        if column == self.START:
            end = item.end_at.astimezone(self._tz)
            return f"{self._when(item.start_at)}–{self._clock(end)}"
        if column == self.SERVICE:
            return item.service
        if column == self.AGENT:
            return item.agent or self.tr("(any agent)")
        if column == self.CUSTOMER:
            return item.customer
        return item.status_name

    def _tooltip(self, item: QueueItem, column: int) -> str | None:
        if column == self.CUSTOMER:
            contact = [c for c in (item.customer_phone, item.customer_email) if c]
            return "\n".join([item.customer, *contact])
        if column == self.STATUS and not item.awaiting:
            return self.tr("Already confirmed")
        return None
