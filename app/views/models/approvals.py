"""The approval queue's table: a model over appointment ids.

The queue's order and content are decided by app.booking.approvals.queue; this model
keeps the ids in that order and the plain rows read with them (off the GUI thread), and
formats them in the branch's time zone; app.views.models.lazy holds the ids and rows. It
never opens a session: the widget hands it what a background read returned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale, QObject, Qt, QTime
from PySide6.QtGui import QColor, QFont

from app.booking.approvals import QueueItem
from app.views.calendar.style import service_qcolor
from app.views.models.lazy import ID_ROLE, LazyIdTableModel
from app.views.qtdates import qdate

__all__ = ["ID_ROLE", "ApprovalModel"]


class ApprovalModel(LazyIdTableModel[QueueItem]):
    """Rows: appointments in the queue's order; columns: Requested, Time, Service, Agent,
    Customer, Status. Every row is handed in with the ids (the queue is short and read on
    a worker thread), so all are shown at once and none is ever read here."""

    REQUESTED, START, SERVICE, AGENT, CUSTOMER, STATUS = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent, page=None, cache_rows=None)
        self._tz = ZoneInfo("UTC")

    # -- content -----------------------------------------------------------------------

    def set_items(self, ids: Sequence[int], rows: Mapping[int, QueueItem], tz: ZoneInfo) -> None:
        """Show ``ids`` in this order; ``rows`` holds each one's values (ids without a row
        are left out: they vanished between the two reads)."""
        self._tz = tz
        self.reset_ids([i for i in ids if i in rows], rows)

    def item(self, row: int) -> QueueItem | None:
        return self.value_at(row)

    def row_of(self, appointment_id: int) -> int:
        """The row showing ``appointment_id``, or -1."""
        row = self.row_of_id(appointment_id)
        return -1 if row is None else row

    def awaiting_count(self) -> int:
        return sum(1 for r in range(self.shown_count()) if (i := self.value_at(r)) and i.awaiting)

    # -- the lazy model's hooks ------------------------------------------------------------

    def column_titles(self) -> Sequence[str]:
        return (
            self.tr("Requested"),
            self.tr("Time"),
            self.tr("Service"),
            self.tr("Agent"),
            self.tr("Customer"),
            self.tr("Status"),
        )

    def cell(self, value: QueueItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(value, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(value, column)
        if role == Qt.ItemDataRole.DecorationRole and column == self.SERVICE:
            return QColor(service_qcolor(value.service_color))
        if role == Qt.ItemDataRole.FontRole and not value.awaiting:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._text(value, column)
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
            if item.source == "self-service":
                return self.tr("%1, self-service").replace("%1", self._when(item.requested_at))
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
        if column == self.REQUESTED and item.source == "self-service":
            return self.tr("Requested by the customer on the self-service booking pages")
        if column == self.CUSTOMER:
            contact = [c for c in (item.customer_phone, item.customer_email) if c]
            return "\n".join([item.customer, *contact])
        if column == self.STATUS and not item.awaiting:
            return self.tr("Already confirmed")
        return None
