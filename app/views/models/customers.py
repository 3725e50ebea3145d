"""The customer type-ahead's results: a table model over customer ids.

The search (app.booking.customers.find_customers) decides which customers match and in
which order; this model only keeps their ids, the rows it has been given or has read, and
an optional last row "New customer …" that lets the receptionist create a customer from
what was typed without leaving the keyboard. Rows beyond those handed in are read in
blocks through a loader when the view asks for more (``fetchMore``), never while painting
(app.views.models.lazy does the paging and caching).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont
from sqlalchemy.orm import Session, sessionmaker

from app.booking.customers import customers_by_ids, default_region, phone_display
from app.models import Customer
from app.views.models.lazy import DEFAULT_CACHE_ROWS, ID_ROLE, LazyIdTableModel


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


class CustomerResultsModel(LazyIdTableModel[CustomerRow]):
    """Customer ids in the order the search ranked them, plus an optional "new" row."""

    NAME, PHONE, EMAIL = range(3)
    #: The customer id of a row (None on the "new customer" row).
    IdRole = ID_ROLE
    #: True on the "new customer" row.
    NewRole = Qt.ItemDataRole.UserRole + 2

    def __init__(
        self, loader: RowLoader, parent: QObject | None = None, *, block: int = 50
    ) -> None:
        if block <= 0:
            raise ValueError("block must be positive")
        super().__init__(parent, page=block, cache_rows=max(DEFAULT_CACHE_ROWS, block))
        self._loader = loader
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
        self._new_text = new_text
        self.reset_ids(ids, rows)

    def clear(self) -> None:
        self.set_results([])

    def customer(self, row: int) -> CustomerRow | None:
        """The customer shown on ``row`` (None for the "new" row or out of range)."""
        return self.value_at(row)

    def is_new_row(self, row: int) -> bool:
        return self._new_text is not None and row == self.shown_count()

    @property
    def new_text(self) -> str | None:
        return self._new_text

    def forget(self, ids: Sequence[int]) -> None:
        """Drop cached rows (the customers changed elsewhere) and read them again now."""
        self.refresh_ids(ids)

    # -- the lazy model's hooks ------------------------------------------------------------

    def column_titles(self) -> Sequence[str]:
        return (self.tr("Name"), self.tr("Phone"), self.tr("E-mail"))

    def read_rows(self, ids: Sequence[int]) -> Mapping[int, CustomerRow]:
        return self._loader(ids)

    def stand_in(self, row_id: int) -> CustomerRow:
        # A customer deleted meanwhile gets a placeholder row instead of a hole.
        return CustomerRow(row_id, self.tr("(deleted customer)"), None, None)

    def cell(self, value: CustomerRow, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (value.name, value.phone, value.email)[column] or ""
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [value.name, value.phone or "", value.email or ""]
            return ", ".join(p for p in parts if p)
        if role == self.NewRole:
            return False
        return None

    def extra_row_count(self) -> int:
        return 0 if self._new_text is None else 1

    def extra_data(self, extra: int, column: int, role: int) -> Any:
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
