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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale, QObject, Qt
from sqlalchemy import ColumnElement, UnaryExpression, and_, or_, select
from sqlalchemy.orm import QueryableAttribute, Session, sessionmaker

from app.booking.customers import (
    default_region,
    find_customer_ids,
    find_customers,
    phone_display,
    search_order,
)
from app.models import Customer
from app.views.models.lazy import DEFAULT_CACHE_ROWS, ID_ROLE, LazyIdTableModel
from app.views.qtdates import qdate

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


def _column(key: SortKey, dialect: str) -> ColumnElement[Any]:
    """The column a key orders by; the name as the name index orders it (migration 0005)."""
    if key in (SortKey.RELEVANCE, SortKey.NAME):
        return search_order(dialect)
    return _COLUMNS[key].expression


def _order(key: SortKey, descending: bool, dialect: str) -> list[UnaryExpression[Any]]:
    column = _column(key, dialect)
    tie = Customer.id.desc() if descending else Customer.id.asc()
    if key in (SortKey.RELEVANCE, SortKey.NAME):
        # search_text is never NULL: the plain order is the index's, read without a sort.
        return [column.desc() if descending else column.asc(), tie]
    # Customers without the value come last either way, on SQLite as on PostgreSQL.
    first = (column.desc() if descending else column.asc()).nulls_last()
    return [first, tie]


def _after(key: SortKey, descending: bool, last: AddressRow, dialect: str) -> ColumnElement[bool]:
    """Rows that come after ``last`` in the order of _order (keyset paging).

    Paging by the last row's values instead of OFFSET keeps a block deep in 100,000
    customers as cheap as the first one.
    """
    column = _column(key, dialect)
    later_id = Customer.id < last.id if descending else Customer.id > last.id
    if last.cursor is None:  # already among the customers without the value
        return and_(column.is_(None), later_id)
    beyond = column < last.cursor if descending else column > last.cursor
    if key in (SortKey.RELEVANCE, SortKey.NAME):  # never NULL: a plain range of the index
        return or_(beyond, and_(column == last.cursor, later_id))
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
    dialect = session.get_bind().dialect.name
    if not query.strip():
        if key is SortKey.RELEVANCE:
            key = SortKey.NAME
        statement = select(Customer).order_by(*_order(key, descending, dialect))
        if after is not None:
            statement = statement.where(_after(key, descending, after, dialect))
        else:
            statement = statement.offset(offset)
        return list(session.scalars(statement.limit(limit)))
    if key is SortKey.RELEVANCE:
        return find_customers(session, query, limit=offset + limit)[offset:]
    matches = [c.id for c in find_customers(session, query, limit=SORTED_MATCHES_MAX)]
    if not matches:
        return []
    statement = (
        select(Customer).where(Customer.id.in_(matches)).order_by(*_order(key, descending, dialect))
    )
    return list(session.scalars(statement.offset(offset).limit(limit)))


#: Reads one block: (query, key, descending, offset, limit, last row shown) -> rows.
BlockLoader = Callable[[str, SortKey, bool, int, int, AddressRow | None], Sequence[AddressRow]]

#: The columns a table row is made of (the whole Customer would also read notes and
#: custom fields, which the table never shows).
_ROW_COLUMNS = (Customer.id, Customer.name, Customer.phone, Customer.email, Customer.created_at)


class AddressBookReader:
    """Reads the table's blocks, each in one short session (a BlockLoader), and single
    rows by id (after a write, or when a row fell out of the model's cache).

    The phone numbers' home country is read with the first block and kept until
    :meth:`forget_settings` (the owner calls it when it reloads after a write), since
    reading it costs two queries and it changes only when an administrator changes it.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._region: tuple[str | None] | None = None

    def __call__(
        self,
        query: str,
        key: SortKey,
        descending: bool,
        offset: int,
        limit: int,
        after: AddressRow | None = None,
    ) -> Sequence[AddressRow]:
        with self._sessions() as session:
            if query.strip() and key is SortKey.RELEVANCE:
                # The common case while typing: ids first (the search's own queries),
                # then only the shown columns of those rows, in one more round trip.
                ids = find_customer_ids(session, query, limit=offset + limit)[offset:]
                return self._rows_in_order(session, ids, key)
            customers = address_book_page(session, query, key, descending, offset, limit, after)
            region = self._home(session)
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

    def rows(self, ids: Sequence[int], key: SortKey = SortKey.NAME) -> dict[int, AddressRow]:
        """The rows of ``ids`` (ids no longer in the address book are left out)."""
        with self._sessions() as session:
            return {r.id: r for r in self._rows_in_order(session, ids, key)}

    def forget_settings(self) -> None:
        """Read the home country again with the next block."""
        self._region = None

    def _home(self, session: Session) -> str | None:
        if self._region is None:
            self._region = (default_region(session),)
        return self._region[0]

    def _rows_in_order(
        self, session: Session, ids: Sequence[int], key: SortKey
    ) -> list[AddressRow]:
        if not ids:
            return []
        cursor = _COLUMNS[key]
        found = {
            row[0]: row
            for row in session.execute(
                select(*_ROW_COLUMNS, cursor).where(Customer.id.in_(list(ids)))
            )
        }
        region = self._home(session)
        return [
            AddressRow(
                found[i][0],
                found[i][1],
                phone_display(found[i][2], region),
                found[i][3],
                found[i][4],
                found[i][5],
            )
            for i in ids
            if i in found
        ]


def block_loader(sessions: sessionmaker[Session]) -> AddressBookReader:
    """A loader reading each block of rows in one short session."""
    return AddressBookReader(sessions)


class CustomerTableModel(LazyIdTableModel[AddressRow]):
    """Customer ids of the current search in table order, fetched ``block`` at a time.

    The ids themselves arrive a block at a time with their rows (the whole address book
    is never listed), through ``read_more_ids``; rows that fall out of the lazy model's
    cache are read again by id when the loader can (an AddressBookReader), which is why
    the cache is unbounded with any other loader.
    """

    NAME, PHONE, EMAIL, CREATED = range(4)
    #: The customer id of a row.
    IdRole = ID_ROLE
    _KEYS = (SortKey.NAME, SortKey.PHONE, SortKey.EMAIL, SortKey.CREATED)

    def __init__(
        self,
        loader: BlockLoader,
        parent: QObject | None = None,
        *,
        block: int = 50,
        tz: ZoneInfo | None = None,
    ) -> None:
        reader = loader if isinstance(loader, AddressBookReader) else None
        cache = max(DEFAULT_CACHE_ROWS, block) if reader is not None else None
        super().__init__(parent, page=block, cache_rows=cache, more=True)
        self._loader = loader
        self._reader = reader
        self._block = block
        self._tz = tz if tz is not None else ZoneInfo("UTC")
        self._query = ""
        self._key = SortKey.NAME
        self._descending = False
        #: The last row read: where the next block of the whole address book starts.
        self._last: AddressRow | None = None

    # -- what the view asks -------------------------------------------------------------

    def set_time_zone(self, tz: ZoneInfo) -> None:
        """The branch's zone, in which "created" dates are shown."""
        self._tz = tz
        if self.shown_count():
            last = self.index(self.shown_count() - 1, self.CREATED)
            self.dataChanged.emit(self.index(0, self.CREATED), last)

    def query(self) -> str:
        return self._query

    def sort_key(self) -> SortKey:
        return self._key

    def is_descending(self) -> bool:
        return self._descending

    def sort_indicator(self) -> tuple[int, Qt.SortOrder]:
        """The header's sort arrow for the current order (column -1: best matches first)."""
        column = self._KEYS.index(self._key) if self._key in self._KEYS else -1
        order = Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder
        return column, order

    def order_for(self, query: str) -> tuple[SortKey, bool]:
        """The order a search for ``query`` is shown in (see :meth:`set_query`)."""
        if query.strip():
            return SortKey.RELEVANCE, False
        if self._key is SortKey.RELEVANCE:
            return SortKey.NAME, False
        return self._key, self._descending

    def set_query(self, query: str) -> None:
        """Show the customers matching ``query``, best first; everyone by name when empty.

        A changed search always starts with the best matches: ordering matches by a column
        costs a read of up to SORTED_MATCHES_MAX of them, too slow to redo on every key.
        A column chosen for the whole address book stays when the search is cleared.
        """
        self._key, self._descending = self.order_for(query)
        self._query = query
        self.reload()

    def show_first_block(
        self, query: str, key: SortKey, descending: bool, rows: Sequence[AddressRow]
    ) -> None:
        """Show a first block read elsewhere (on a worker thread, as the search field
        does) for ``query`` in this order: the same as set_query without the read."""
        self._query, self._key, self._descending = query, key, descending
        self._show(rows)

    def reload(self) -> None:
        """Forget every row and read the first block again (after a write, a new search)."""
        if self._reader is not None:
            self._reader.forget_settings()
        self._last = None
        self._show(self._read_block(0))

    def _show(self, rows: Sequence[AddressRow]) -> None:
        self._last = rows[-1] if rows else None
        self.reset_ids([r.id for r in rows], {r.id: r for r in rows}, more=len(rows) >= self._block)

    def _read_block(self, offset: int) -> Sequence[AddressRow]:
        return self._loader(
            self._query, self._key, self._descending, offset, self._block, self._last
        )

    def customer_id(self, row: int) -> int | None:
        return self.id_at(row)

    def row_of(self, customer_id: int) -> int | None:
        """The row showing ``customer_id`` among those fetched, or None."""
        return self.row_of_id(customer_id)

    # -- the lazy model's hooks -----------------------------------------------------------

    def read_more_ids(self) -> tuple[Sequence[int], Mapping[int, AddressRow], bool]:
        rows = list(self._read_block(self.total()))
        if rows:
            self._last = rows[-1]
        return [r.id for r in rows], {r.id: r for r in rows}, len(rows) >= self._block

    def read_rows(self, ids: Sequence[int]) -> Mapping[int, AddressRow]:
        return {} if self._reader is None else self._reader.rows(ids, self._key)

    def column_titles(self) -> Sequence[str]:
        return (self.tr("Name"), self.tr("Phone"), self.tr("E-mail"), self.tr("Created"))

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

    def cell(self, value: AddressRow, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.NAME:
                return value.name
            if column == self.PHONE:
                return value.phone or ""
            if column == self.EMAIL:
                return value.email or ""
            if column == self.CREATED:
                return self._created_text(value.created_at)
        return None

    def _created_text(self, created: datetime | None) -> str:
        if created is None:
            return ""
        day = created.astimezone(self._tz).date()
        return QLocale().toString(qdate(day), QLocale.FormatType.ShortFormat)
