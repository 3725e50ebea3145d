"""The lazy table model every list of the desk is built on: ids in, rows read in pages.

A list on the desk (the address book, the booking panel's customer results, the audit
trail, the approval queue) is a sequence of ids that something else decided: a search, a
query, the queue's order. This model keeps that sequence and nothing copied from the
database but the display values of rows it has read, in a bounded least-recently-used
cache. Rows are shown a page at a time (``fetchMore``) and a page's values are read before
its rows are announced, so a view never sees a row without its values and never makes the
model read while it paints: a row pushed out of the cache answers nothing for a moment and
its page is read again from a zero-delay timer, then announced with ``dataChanged``.

Owners reset it with a new id list (and whatever rows they already read with it), refresh
one row or a few after a write, or hand in rows read on a worker thread; each reset starts
a new *generation*, and rows or queued re-reads belonging to an older one are dropped, so
a slow read can never paint an old search's rows over a new one. Lists too long to know
whole (the whole address book) grow in pages through :meth:`LazyIdTableModel.read_more_ids`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Container, Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

_ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex

#: Role answering the id of a row (an int) on every lazy model.
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Rows whose values are kept by default: many screens of rows, a few hundred KB.
DEFAULT_CACHE_ROWS = 5000

R = TypeVar("R")


class LazyIdTableModel(QAbstractTableModel, Generic[R]):
    """Ids in a given order, shown ``page`` at a time, with an LRU cache of row values.

    Subclasses name their columns (:meth:`column_titles`), say what a cell shows
    (:meth:`cell`) and, unless every row is handed in, how rows are read by id
    (:meth:`read_rows`). ``page`` None shows every id at once (the owner hands in every
    row); ``cache_rows`` None keeps every row read (needed when rows cannot be read again);
    ``more`` True: the list starts empty and read_more_ids gives its first ids.
    """

    IdRole = ID_ROLE

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        page: int | None = 50,
        cache_rows: int | None = DEFAULT_CACHE_ROWS,
        more: bool = False,
    ) -> None:
        super().__init__(parent)
        if page is not None and page <= 0:
            raise ValueError("page must be positive")
        if cache_rows is not None and cache_rows < (page or 1):
            raise ValueError("the cache must hold at least one page")
        self._page = page
        self._cache_rows = cache_rows
        self._ids: list[int] = []
        #: How many ids are shown as rows (the rest wait for fetchMore).
        self._shown = 0
        #: Whether read_more_ids may still add ids after the known ones.
        self._more_ids = more
        self._rows: OrderedDict[int, R] = OrderedDict()
        #: Ids read and not found (deleted meanwhile) that have no stand-in row.
        self._absent: set[int] = set()
        self._positions: dict[int, int] | None = None
        self._generation = 0
        self._titles: tuple[str, ...] | None = None
        #: Shown rows whose values fell out of the cache, read again by the timer.
        self._wanted: set[int] = set()
        self._reread = QTimer(self)
        self._reread.setSingleShot(True)
        self._reread.setInterval(0)
        self._reread.timeout.connect(self._read_wanted)

    # -- what subclasses say --------------------------------------------------------------

    def column_titles(self) -> Sequence[str]:
        """The columns' header titles (translated); their number is the column count."""
        raise NotImplementedError

    def cell(self, value: R, column: int, role: int) -> Any:
        """What a shown row with ``value`` answers for ``column`` and ``role``."""
        raise NotImplementedError

    def read_rows(self, ids: Sequence[int]) -> Mapping[int, R]:
        """Read the rows of ``ids`` (ids not found are left out). By default nothing is
        read: every row is handed in by the owner."""
        return {}

    def stand_in(self, row_id: int) -> R | None:
        """The row shown for an id the read did not find (deleted meanwhile); None: the
        row stays empty."""
        return None

    def read_more_ids(self) -> tuple[Sequence[int], Mapping[int, R], bool]:
        """The next ids after the known ones, their rows if read with them, and whether
        more may follow; called by fetchMore once every known id is shown."""
        return [], {}, False

    def extra_row_count(self) -> int:
        """Rows after the ids (the type-ahead's "New customer" row)."""
        return 0

    def extra_data(self, extra: int, column: int, role: int) -> Any:
        """Data of extra row ``extra`` (0 for the first after the ids)."""
        return None

    # -- what owners call -------------------------------------------------------------------

    @property
    def generation(self) -> int:
        """Changes on every reset: pass it along with work whose rows come back later."""
        return self._generation

    def reset_ids(
        self,
        ids: Iterable[int],
        rows: Mapping[int, R] | None = None,
        *,
        more: bool = False,
    ) -> None:
        """Show ``ids`` (duplicates after the first dropped) in this order from the top.

        ``rows``: values already read with the ids, so they are not read again; ``more``:
        read_more_ids may add ids after these. Every other cached row is forgotten (a
        reset follows a write or a new search, so they may be stale) and the first
        page's rows are read before the reset is announced.
        """
        self.beginResetModel()
        self._generation += 1
        self._ids = list(dict.fromkeys(ids))
        self._positions = None
        self._more_ids = more
        self._shown = 0
        self._wanted.clear()
        self._absent.clear()
        self._reread.stop()
        self._rows.clear()
        self._remember(rows or {}, only=set(self._ids))
        self._reveal()
        self.endResetModel()

    def accept_rows(self, generation: int, rows: Mapping[int, R]) -> bool:
        """Rows read elsewhere (a worker) for ``generation``: kept and shown if that is
        still the current list, dropped (False) if the model was reset since."""
        if generation != self._generation:
            return False
        self._remember(rows, only=self._id_set())
        self._changed(rows.keys())
        return True

    def refresh_ids(self, ids: Iterable[int]) -> None:
        """Read these ids' rows again now (they changed) and repaint the rows showing them.

        Only rows shown or cached are read (the others are read when their page shows);
        a row that vanished gets its stand-in or stays empty.
        """
        stale = [i for i in dict.fromkeys(ids) if i in self._rows or self.row_of_id(i) is not None]
        if not stale:
            return
        fresh = self.read_rows(stale)
        for row_id in stale:
            self._rows.pop(row_id, None)
            self._absent.discard(row_id)
        self._store(stale, fresh)
        self._changed(stale)

    def refresh_row(self, row: int) -> None:
        """Read row ``row`` again (after a write to it) and repaint it."""
        row_id = self.id_at(row)
        if row_id is not None:
            self.refresh_ids([row_id])

    def put_rows(self, rows: Mapping[int, R]) -> None:
        """Replace the values of listed rows with ones the owner read, and repaint them."""
        self._remember(rows, only=self._id_set())
        self._changed(rows.keys())

    def ids(self) -> list[int]:
        """Every id known, shown or not."""
        return list(self._ids)

    def total(self) -> int:
        """How many ids are known (shown or waiting for fetchMore)."""
        return len(self._ids)

    def shown_count(self) -> int:
        return self._shown

    def id_at(self, row: int) -> int | None:
        """The id on shown row ``row``, or None."""
        return self._ids[row] if 0 <= row < self._shown else None

    def row_of_id(self, row_id: int) -> int | None:
        """The shown row of ``row_id``, or None."""
        if self._positions is None:
            self._positions = {i: n for n, i in enumerate(self._ids)}
        row = self._positions.get(row_id)
        return row if row is not None and row < self._shown else None

    def value_at(self, row: int) -> R | None:
        """The values of shown row ``row``: None out of range, for an id not found, or
        while a row that fell out of the cache waits to be read again."""
        row_id = self.id_at(row)
        if row_id is None:
            return None
        value = self._rows.get(row_id)
        if value is not None:
            self._rows.move_to_end(row_id)
            return value
        if row_id not in self._absent:
            self._wanted.add(row)
            self._reread.start()
        return None

    def cached_count(self) -> int:
        """How many rows' values are held (for tests and diagnostics)."""
        return len(self._rows)

    # -- Qt's model interface -----------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.isValid():
            return 0
        return self._shown + self.extra_row_count()

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._column_titles())

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and (self._shown < len(self._ids) or self._more_ids)

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if parent.isValid():
            return
        if self._shown >= len(self._ids) and self._more_ids:
            ids, rows, more = self.read_more_ids()
            self._more_ids = more
            self._append(ids, rows)
        first = self._shown
        wanted = self._next_page()
        if not wanted:
            return
        # Read first, then announce: the view must never see a row without its values.
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
        titles = self._column_titles()
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row, column = index.row(), index.column()
        if not 0 <= column < len(self._column_titles()):
            return None
        if row >= self._shown:
            return self.extra_data(row - self._shown, column, role)
        value = self.value_at(row)
        if value is None:
            return None
        if role == ID_ROLE:
            return self._ids[row]
        return self.cell(value, column, role)

    # -- inside ---------------------------------------------------------------------------

    def _column_titles(self) -> tuple[str, ...]:
        if self._titles is None:
            self._titles = tuple(self.column_titles())
        return self._titles

    def _id_set(self) -> Container[int]:
        """The known ids, for membership tests (the position index, built once per list)."""
        if self._positions is None:
            self._positions = {i: n for n, i in enumerate(self._ids)}
        return self._positions.keys()

    def _next_page(self) -> list[int]:
        end = len(self._ids) if self._page is None else self._shown + self._page
        return self._ids[self._shown : end]

    def _reveal(self) -> None:
        """Show the next page without signals (callers wrap this in a reset)."""
        wanted = self._next_page()
        self._read_missing(wanted)
        self._shown += len(wanted)

    def _append(self, ids: Sequence[int], rows: Mapping[int, R]) -> None:
        known = self._id_set()
        new = [i for i in dict.fromkeys(ids) if i not in known]
        positions = self._positions
        if positions is not None:
            for n, row_id in enumerate(new, start=len(self._ids)):
                positions[row_id] = n
        self._ids.extend(new)
        self._remember(rows, only=set(new))

    def _read_missing(self, ids: Sequence[int]) -> None:
        missing = [i for i in ids if i not in self._rows and i not in self._absent]
        if missing:
            self._store(missing, self.read_rows(missing))

    def _store(self, asked: Sequence[int], found: Mapping[int, R]) -> None:
        """Keep what a read found; an id it did not find gets its stand-in or is marked
        absent, so it is not asked for again and again."""
        for row_id in asked:
            value = found.get(row_id)
            if value is None:
                value = self.stand_in(row_id)
            if value is None:
                self._absent.add(row_id)
            else:
                self._put(row_id, value)

    def _remember(self, rows: Mapping[int, R], *, only: Container[int]) -> None:
        for row_id, value in rows.items():
            if row_id in only:
                self._absent.discard(row_id)
                self._put(row_id, value)

    def _put(self, row_id: int, value: R) -> None:
        self._rows[row_id] = value
        self._rows.move_to_end(row_id)
        if self._cache_rows is not None:
            while len(self._rows) > self._cache_rows:
                self._rows.popitem(last=False)

    def _changed(self, ids: Iterable[int]) -> None:
        """Announce new values for the shown rows of ``ids``, one range per run of rows."""
        rows = sorted(r for r in (self.row_of_id(i) for i in ids) if r is not None)
        last_column = len(self._column_titles()) - 1
        start = previous = None
        for row in [*rows, None]:
            if row is not None and previous is not None and row == previous + 1:
                previous = row
                continue
            if start is not None and previous is not None:
                self.dataChanged.emit(self.index(start, 0), self.index(previous, last_column))
            start = previous = row

    def _read_wanted(self) -> None:
        """Read again, a page at a time, the shown rows asked for after their values fell
        out of the cache (run from the timer: never while the view paints)."""
        rows, self._wanted = sorted(self._wanted), set()
        page = self._page or len(self._ids) or 1
        by_page: dict[int, list[int]] = {}
        for row in rows:
            if row < self._shown:
                by_page.setdefault(row // page, []).append(row)
        for number in by_page:
            first = number * page
            ids = self._ids[first : min(first + page, self._shown)]
            missing = [i for i in ids if i not in self._rows and i not in self._absent]
            if missing:
                self._store(missing, self.read_rows(missing))
                self._changed(missing)
