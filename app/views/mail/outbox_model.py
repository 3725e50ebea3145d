"""The outbox table: a model over mail outbox ids, newest first, rows read in blocks.

The owner hands in the ids of the matching items (:func:`find_ids`, read off the GUI
thread); the model reads the items themselves a block at a time through a loader when
the view asks for more rows (``fetchMore``), never while painting, so a queue of 100,000
mails opens as fast as one of ten. Items change state (sent, retried), so the owner
hands the ids in again after every change; that also forgets the rows read before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Appointment, Branch, Customer, OutboxItem, Service
from app.notify.outbox import KIND

_ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex

#: The states a mail can be in, as the filter offers them.
STATES = ("pending", "failed", "sent", "cancelled")


@dataclass(frozen=True)
class MailRow:
    """One queued mail as the outbox screen shows it; times are aware UTC."""

    id: int
    state: str
    event: str
    to: str
    to_name: str
    subject: str
    appointment_id: int | None
    #: "Account opening with Customer 0", or "" when the appointment is gone.
    appointment: str
    appointment_start: datetime | None
    created_at: datetime
    due_at: datetime
    attempts: int
    last_error: str | None
    sent_at: datetime | None
    tz: ZoneInfo


def find_ids(session: Session, state: str | None = None) -> list[int]:
    """The ids of the mail outbox items (only those in ``state`` if given), newest first."""
    query = select(OutboxItem.id).where(OutboxItem.kind == KIND).order_by(OutboxItem.id.desc())
    if state:
        query = query.where(OutboxItem.state == state)
    return list(session.scalars(query))


def count_by_state(session: Session) -> dict[str, int]:
    """How many mails are in each state (every state of :data:`STATES`, zero included)."""
    counts = dict.fromkeys(STATES, 0)
    query = (
        select(OutboxItem.state, func.count())
        .where(OutboxItem.kind == KIND)
        .group_by(OutboxItem.state)
    )
    for state, number in session.execute(query):
        counts[str(state)] = int(number)
    return counts


def rows_by_ids(session: Session, ids: Sequence[int]) -> dict[int, MailRow]:
    """The rows of ``ids`` (ids with no mail item are left out), with the appointment they
    concern described and each time zone that of the mail's branch."""
    if not ids:
        return {}
    items = list(
        session.scalars(select(OutboxItem).where(OutboxItem.id.in_(ids), OutboxItem.kind == KIND))
    )
    appointment_ids = {i.appointment_id for i in items if i.appointment_id is not None}
    described: dict[int, tuple[str, datetime]] = {}
    if appointment_ids:
        query = (
            select(Appointment.id, Service.name, Customer.name, Appointment.start_at)
            .join(Service, Appointment.service_id == Service.id)
            .join(Customer, Appointment.customer_id == Customer.id)
            .where(Appointment.id.in_(appointment_ids))
        )
        for appt_id, service, customer, start in session.execute(query):
            described[appt_id] = (f"{service} – {customer}", start)
    zones = {b.id: ZoneInfo(b.timezone) for b in session.scalars(select(Branch))}
    utc = ZoneInfo("UTC")
    rows: dict[int, MailRow] = {}
    for item in items:
        payload = item.payload or {}
        branch_id = payload.get("branch_id")
        about = described.get(item.appointment_id) if item.appointment_id else None
        rows[item.id] = MailRow(
            id=item.id,
            state=item.state,
            event=item.action,
            to=str(payload.get("to", "")),
            to_name=str(payload.get("to_name") or ""),
            subject=str(payload.get("subject", "")),
            appointment_id=item.appointment_id,
            appointment=about[0] if about else "",
            appointment_start=about[1] if about else None,
            created_at=item.created_at,
            due_at=item.due_at,
            attempts=item.attempts,
            last_error=item.last_error,
            sent_at=item.sent_at,
            tz=zones.get(branch_id, utc) if isinstance(branch_id, int) else utc,
        )
    return rows


#: Reads the rows of some ids.
MailLoader = Callable[[Sequence[int]], Mapping[int, MailRow]]


def mail_loader(sessions: sessionmaker[Session]) -> MailLoader:
    """A loader reading each block of rows in one short session."""

    def load(ids: Sequence[int]) -> Mapping[int, MailRow]:
        with sessions() as session:
            return rows_by_ids(session, ids)

    return load


def _local(at: datetime | None, tz: ZoneInfo) -> str:
    return "" if at is None else at.astimezone(tz).strftime("%Y-%m-%d %H:%M")


class OutboxTableModel(QAbstractTableModel):
    """Mail outbox items by id, in the order handed in; columns State, To, Subject,
    Appointment, Attempts, Next try, Problem."""

    STATE, TO, SUBJECT, APPOINTMENT, ATTEMPTS, NEXT, PROBLEM = range(7)
    COLUMNS = 7
    #: The outbox id of a row.
    IdRole = Qt.ItemDataRole.UserRole + 1
    #: The state ("pending", "sent"...) of a row.
    StateRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, loader: MailLoader, parent: QObject | None = None, *, block: int = 100):
        super().__init__(parent)
        if block <= 0:
            raise ValueError("block must be positive")
        self._loader = loader
        self._block = block
        self._ids: list[int] = []
        self._rows: dict[int, MailRow] = {}
        self._shown = 0

    # -- what the owner calls -------------------------------------------------------------

    def set_ids(self, ids: Sequence[int]) -> None:
        """Show the items ``ids`` in this order, reading their rows afresh."""
        self.beginResetModel()
        self._ids = list(dict.fromkeys(ids))
        self._rows = {}
        self._shown = 0
        wanted = self._ids[: self._block]
        self._rows.update(self._loader(wanted))
        self._shown = len(wanted)
        self.endResetModel()

    def mail(self, row: int) -> MailRow | None:
        """The item shown on ``row`` (None out of range or when it could not be read)."""
        if 0 <= row < self._shown:
            return self._rows.get(self._ids[row])
        return None

    def row_of(self, outbox_id: int) -> int | None:
        """The row showing ``outbox_id``, if it is read and shown."""
        try:
            row = self._ids.index(outbox_id)
        except ValueError:
            return None
        return row if row < self._shown else None

    def total(self) -> int:
        """How many items match (shown or not yet read)."""
        return len(self._ids)

    def state_text(self, state: str) -> str:
        names = {
            "pending": self.tr("Waiting"),
            "sent": self.tr("Sent"),
            "failed": self.tr("Failed"),
            "cancelled": self.tr("Cancelled"),
        }
        return names.get(state, state)

    # -- Qt's model interface --------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._ids)

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        first = self._shown
        wanted = self._ids[first : first + self._block]
        # Read first, then announce: the view never sees a row without its values.
        self._rows.update(self._loader([i for i in wanted if i not in self._rows]))
        self.beginInsertRows(_ROOT, first, first + len(wanted) - 1)
        self._shown += len(wanted)
        self.endInsertRows()

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("State"),
            self.tr("To"),
            self.tr("Subject"),
            self.tr("Appointment"),
            self.tr("Attempts"),
            self.tr("Next try / sent"),
            self.tr("Problem"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        found = self.mail(index.row())
        if found is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(found, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.TO and found.to_name:
                return f"{found.to_name} <{found.to}>"
            return self._text(found, column) or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            texts = (self._text(found, c) for c in range(self.COLUMNS))
            return ", ".join(t for t in texts if t)
        if (
            role == Qt.ItemDataRole.FontRole
            and found.state == "failed"
            and column
            in (
                self.STATE,
                self.PROBLEM,
            )
        ):
            # Bold rather than a colour: readable in light and dark palettes alike.
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.ATTEMPTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.IdRole:
            return found.id
        if role == self.StateRole:
            return found.state
        return None

    def _text(self, row: MailRow, column: int) -> str:
        if column == self.STATE:
            return self.state_text(row.state)
        if column == self.TO:
            return row.to
        if column == self.SUBJECT:
            return row.subject
        if column == self.APPOINTMENT:
            if row.appointment_id is None:
                return ""
            if not row.appointment:
                return self.tr("#%1 (removed)").replace("%1", str(row.appointment_id))
            return f"{row.appointment}, {_local(row.appointment_start, row.tz)}"
        if column == self.ATTEMPTS:
            return str(row.attempts)
        if column == self.NEXT:
            if row.state == "sent":
                return self.tr("sent %1").replace("%1", _local(row.sent_at, row.tz))
            if row.state == "pending":
                return _local(row.due_at, row.tz)
            if row.state == "failed":
                return self.tr("after Retry")
            return ""
        if column == self.PROBLEM:
            return "" if row.state == "sent" else (row.last_error or "")
        return ""
