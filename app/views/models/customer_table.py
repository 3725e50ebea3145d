"""The address book's table: a model over customer ids, read lazily in blocks.

The model keeps only the ids it has been shown so far and the display rows of those ids;
it never copies the address book. Each block (ids and their rows together) is read in one
short session when the view asks for more (``fetchMore``), never while painting, so a
search over 100,000 customers reads one block and the table fills as the receptionist
scrolls. An empty search lists everyone by name; a search lists the best matches first
(app.booking.customers.find_customers decides), unless a column header asks for another
order, in which case the matches are ordered by that column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from sqlalchemy import ColumnElement, UnaryExpression, and_, or_, select
from sqlalchemy.orm import QueryableAttribute, Session, sessionmaker

from app.booking.customers import default_region, find_customers, phone_display
from app.models import Customer
from app.views.qtdates import qdate

_ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex

#: How many matches of a search are ordered by a column header (a search is for finding one
#: person; past this many matches the receptionist types more rather than scrolls).
SORTED_MATCHES_MAX = 2000


class SortKey(Enum):
    """What the table is ordered by. RELEVANCE only means something for a search."""

    RELEVANCE = "relevance"
    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"
    CREATED = "created"


@dataclass(frozen=True)
class AddressRow:
    """One customer as the table shows it; ``phone`` is already in display form."""

    id: int
    name: str
    phone: str | None
    email: str | None
    created_at: datetime | None
    #: The raw value the table is ordered by (search text, stored phone...): where the
    #: next block of the whole address book starts.
    cursor: Any = None


_COLUMNS: dict[SortKey, QueryableAttribute[Any]] = {
    SortKey.RELEVANCE: Customer.search_text,
    SortKey.NAME: Customer.search_text,
    SortKey.PHONE: Customer.phone,
    SortKey.EMAIL: Customer.email,
    SortKey.CREATED: Customer.created_at,
}


def _order(key: SortKey, descending: bool) -> list[UnaryExpression[Any]]:
    column = _COLUMNS[key]
    # Customers without the value come last either way, on SQLite as on PostgreSQL.
    first = (column.desc() if descending else column.asc()).nulls_last()
    tie = Customer.id.desc() if descending else Customer.id.asc()
    return [first, tie]


def _after(key: SortKey, descending: bool, last: AddressRow) -> ColumnElement[bool]:
    """Rows that come after ``last`` in the order of _order (keyset paging).

    Paging by the last row's values instead of OFFSET keeps a block deep in 100,000
    customers as cheap as the first one.
    """
    column = _COLUMNS[key]
    later_id = Customer.id < last.id if descending else Customer.id > last.id
    if last.cursor is None:  # already among the customers without the value
        return and_(column.is_(None), later_id)
    beyond = column < last.cursor if descending else column > last.cursor
    return or_(beyond, and_(column == last.cursor, later_id), column.is_(None))


def address_book_page(
    session: Session,
    query: str,
    key: SortKey,
    descending: bool,
    offset: int,
    limit: int,
    after: AddressRow | None = None,
) -> list[Customer]:
    """One block of the table: ``limit`` customers after the ``offset`` shown, in order.

    The empty search pages through the whole address book in SQL, from the last row
    shown (``after``) when given. A search re-asks find_customers for ``offset + limit``
    matches (its ranking has no offset) and keeps the tail; ordered by a column, the
    first SORTED_MATCHES_MAX matches are ordered.
    """
    if not query.strip():
        if key is SortKey.RELEVANCE:
            key = SortKey.NAME
        statement = select(Customer).order_by(*_order(key, descending))
        if after is not None:
            statement = statement.where(_after(key, descending, after))
        else:
            statement = statement.offset(offset)
        return list(session.scalars(statement.limit(limit)))
    if key is SortKey.RELEVANCE:
        return find_customers(session, query, limit=offset + limit)[offset:]
    matches = [c.id for c in find_customers(session, query, limit=SORTED_MATCHES_MAX)]
    if not matches:
        return []
    statement = select(Customer).where(Customer.id.in_(matches)).order_by(*_order(key, descending))
    return list(session.scalars(statement.offset(offset).limit(limit)))


#: Reads one block: (query, key, descending, offset, limit, last row shown) -> rows.
BlockLoader = Callable[[str, SortKey, bool, int, int, AddressRow | None], Sequence[AddressRow]]


def block_loader(sessions: sessionmaker[Session]) -> BlockLoader:
    """A loader reading each block of rows in one short session."""

    def load(
        query: str,
        key: SortKey,
        descending: bool,
        offset: int,
        limit: int,
        after: AddressRow | None = None,
    ) -> Sequence[AddressRow]:
        with sessions() as session:
            customers = address_book_page(session, query, key, descending, offset, limit, after)
            region = default_region(session)
            column = _COLUMNS[key].key
            return [
                AddressRow(
                    c.id,
                    c.name,
                    phone_display(c.phone, region),
                    c.email,
                    c.created_at,
                    getattr(c, column),
                )
                for c in customers
            ]

    return load


class CustomerTableModel(QAbstractTableModel):
    """Customer ids of the current search in table order, fetched ``block`` at a time."""

    NAME, PHONE, EMAIL, CREATED = range(4)
    #: The customer id of a row.
    IdRole = Qt.ItemDataRole.UserRole + 1
    _KEYS = (SortKey.NAME, SortKey.PHONE, SortKey.EMAIL, SortKey.CREATED)

    def __init__(
        self,
        loader: BlockLoader,
        parent: QObject | None = None,
        *,
        block: int = 50,
        tz: ZoneInfo | None = None,
    ) -> None:
        super().__init__(parent)
        self._loader = loader
        self._block = block
        self._tz = tz if tz is not None else ZoneInfo("UTC")
        self._rows: list[AddressRow] = []
        self._query = ""
        self._key = SortKey.NAME
        self._descending = False
        self._more = True

    # -- what the view asks -------------------------------------------------------------

    def set_time_zone(self, tz: ZoneInfo) -> None:
        """The branch's zone, in which "created" dates are shown."""
        self._tz = tz
        if self._rows:
            last = self.index(len(self._rows) - 1, self.CREATED)
            self.dataChanged.emit(self.index(0, self.CREATED), last)

    def query(self) -> str:
        return self._query

    def sort_key(self) -> SortKey:
        return self._key

    def sort_indicator(self) -> tuple[int, Qt.SortOrder]:
        """The header's sort arrow for the current order (column -1: best matches first)."""
        column = self._KEYS.index(self._key) if self._key in self._KEYS else -1
        order = Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder
        return column, order

    def set_query(self, query: str) -> None:
        """Show the customers matching ``query``, best first; everyone by name when empty.

        A changed search always starts with the best matches: ordering matches by a column
        costs a read of up to SORTED_MATCHES_MAX of them, too slow to redo on every key.
        A column chosen for the whole address book stays when the search is cleared.
        """
        if query.strip():
            self._key, self._descending = SortKey.RELEVANCE, False
        elif self._key is SortKey.RELEVANCE:
            self._key, self._descending = SortKey.NAME, False
        self._query = query
        self.reload()

    def reload(self) -> None:
        """Forget every row and read the first block again (after a write, a new search)."""
        self.beginResetModel()
        self._rows = []
        self._more = True
        self._append_block()
        self.endResetModel()

    def _append_block(self) -> list[AddressRow]:
        rows = list(self._read_block())
        self._more = len(rows) >= self._block
        self._rows.extend(rows)
        return rows

    def _read_block(self) -> Sequence[AddressRow]:
        last = self._rows[-1] if self._rows else None
        return self._loader(
            self._query, self._key, self._descending, len(self._rows), self._block, last
        )

    def customer_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, customer_id: int) -> int | None:
        """The row showing ``customer_id`` among those fetched, or None."""
        for i, r in enumerate(self._rows):
            if r.id == customer_id:
                return i
        return None

    # -- QAbstractItemModel -----------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 4

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if parent.isValid() or not self._more:
            return
        start = len(self._rows)
        rows = list(self._read_block())
        self._more = len(rows) >= self._block
        if not rows:
            return
        self.beginInsertRows(_ROOT, start, start + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order by a column in SQL (a negative column: back to best matches first)."""
        if column < 0 or column >= len(self._KEYS):
            key, descending = (SortKey.RELEVANCE if self._query.strip() else SortKey.NAME), False
        else:
            key = self._KEYS[column]
            descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._key, self._descending):
            return
        self._key, self._descending = key, descending
        self.reload()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Name"), self.tr("Phone"), self.tr("E-mail"), self.tr("Created"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == self.IdRole:
            return row.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.NAME:
                return row.name
            if column == self.PHONE:
                return row.phone or ""
            if column == self.EMAIL:
                return row.email or ""
            if column == self.CREATED:
                return self._created_text(row.created_at)
        return None

    def _created_text(self, created: datetime | None) -> str:
        if created is None:
            return ""
        day = created.astimezone(self._tz).date()
        return QLocale().toString(qdate(day), QLocale.FormatType.ShortFormat)
