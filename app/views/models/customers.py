"""The customer type-ahead's results: a table model over customer ids.

The search (app.booking.customers.find_customers) decides which customers match and in
which order; this model only keeps their ids, the rows it has been given or has read, and
an optional last row "New customer …" that lets the receptionist create a customer from
what was typed without leaving the keyboard. Rows beyond those handed in are read in
blocks through a loader when the view asks for more (``fetchMore``), never while painting.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont
from sqlalchemy.orm import Session, sessionmaker

from app.booking.customers import customers_by_ids, default_region, phone_display
from app.models import Customer

_ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class CustomerRow:
    """A customer as the results list shows it; ``phone`` is already in display form."""

    id: int
    name: str
    phone: str | None
    email: str | None


#: Reads the rows of some customer ids (missing ids are left out of the answer).
RowLoader = Callable[[Sequence[int]], Mapping[int, CustomerRow]]


def customer_row(customer: Customer, region: str | None) -> CustomerRow:
    return CustomerRow(
        id=customer.id,
        name=customer.name,
        phone=phone_display(customer.phone, region),
        email=customer.email,
    )


def row_loader(sessions: sessionmaker[Session], region: str | None = None) -> RowLoader:
    """A loader reading rows in one short session per block; ``region`` None: the
    database's home country (see app.booking.customers.default_region)."""

    def load(ids: Sequence[int]) -> Mapping[int, CustomerRow]:
        with sessions() as session:
            home = region if region is not None else default_region(session)
            return {c.id: customer_row(c, home) for c in customers_by_ids(session, ids)}

    return load


class CustomerResultsModel(QAbstractTableModel):
    """Customer ids in the order the search ranked them, plus an optional "new" row."""

    NAME, PHONE, EMAIL = range(3)
    #: The customer id of a row (None on the "new customer" row).
    IdRole = Qt.ItemDataRole.UserRole + 1
    #: True on the "new customer" row.
    NewRole = Qt.ItemDataRole.UserRole + 2

    def __init__(
        self, loader: RowLoader, parent: QObject | None = None, *, block: int = 50
    ) -> None:
        super().__init__(parent)
        if block <= 0:
            raise ValueError("block must be positive")
        self._loader = loader
        self._block = block
        self._ids: list[int] = []
        self._rows: dict[int, CustomerRow] = {}
        #: How many ids have their row shown (ids beyond wait for fetchMore).
        self._shown = 0
        self._new_text: str | None = None

    # -- what the owner calls -------------------------------------------------------------

    def set_results(
        self,
        ids: Sequence[int],
        rows: Mapping[int, CustomerRow] | None = None,
        *,
        new_text: str | None = None,
    ) -> None:
        """Show ``ids`` (best first). ``rows`` are rows already read with the search, so no
        second read is needed for them; ``new_text`` adds the "New customer" row last."""
        self.beginResetModel()
        self._ids = list(dict.fromkeys(ids))
        self._rows = {i: r for i, r in (rows or {}).items() if i in set(self._ids)}
        self._new_text = new_text
        self._shown = 0
        self._reveal(self._block)
        self.endResetModel()

    def clear(self) -> None:
        self.set_results([])

    def customer(self, row: int) -> CustomerRow | None:
        """The customer shown on ``row`` (None for the "new" row or out of range)."""
        if 0 <= row < self._shown:
            return self._rows.get(self._ids[row])
        return None

    def is_new_row(self, row: int) -> bool:
        return self._new_text is not None and row == self._shown

    @property
    def new_text(self) -> str | None:
        return self._new_text

    def total(self) -> int:
        """How many customers the search found (shown or not yet)."""
        return len(self._ids)

    def forget(self, ids: Sequence[int]) -> None:
        """Drop cached rows (the customers changed elsewhere) and read them again now."""
        stale = [i for i in ids if i in self._rows]
        if not stale:
            return
        fresh = self._loader(stale)
        for customer_id in stale:
            if customer_id in fresh:
                self._rows[customer_id] = fresh[customer_id]
        for row, customer_id in enumerate(self._ids[: self._shown]):
            if customer_id in stale:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.EMAIL))

    # -- Qt's model interface --------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.isValid():
            return 0
        return self._shown + (1 if self._new_text is not None else 0)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 3

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._ids)

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        first = self._shown
        # Read first, then announce: the view must never see a row without its values.
        wanted = self._ids[first : first + self._block]
        self._read_missing(wanted)
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
        if section == self.NAME:
            return self.tr("Name")
        if section == self.PHONE:
            return self.tr("Phone")
        if section == self.EMAIL:
            return self.tr("E-mail")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row, column = index.row(), index.column()
        if self.is_new_row(row):
            return self._new_row_data(column, role)
        found = self.customer(row)
        if found is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = (found.name, found.phone, found.email)[column]
            return value or ""
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [found.name, found.phone or "", found.email or ""]
            return ", ".join(p for p in parts if p)
        if role == self.IdRole:
            return found.id
        if role == self.NewRole:
            return False
        return None

    def _new_row_data(self, column: int, role: int) -> Any:
        text = self._new_label()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text if column == self.NAME else ""
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return text
        if role == Qt.ItemDataRole.FontRole and column == self.NAME:
            font = QFont()
            font.setItalic(True)
            return font
        if role == self.NewRole:
            return True
        return None

    def _new_label(self) -> str:
        typed = (self._new_text or "").strip()
        if not typed:
            return self.tr("New customer…")
        return self.tr("New customer: “%1”…").replace("%1", typed)

    # -- reading rows ----------------------------------------------------------------------

    def _reveal(self, count: int) -> None:
        """Show up to ``count`` more ids, reading their rows first (no signals: callers
        wrap this in a reset)."""
        wanted = self._ids[self._shown : self._shown + count]
        self._read_missing(wanted)
        self._shown += len(wanted)

    def _read_missing(self, ids: Sequence[int]) -> None:
        missing = [i for i in ids if i not in self._rows]
        if missing:
            self._rows.update(self._loader(missing))
        # A customer deleted meanwhile gets a placeholder row instead of a hole.
        for customer_id in ids:
            if customer_id not in self._rows:
                self._rows[customer_id] = CustomerRow(
                    customer_id, self.tr("(deleted customer)"), None, None
                )
