"""The audit trail's table: a model over audit entry ids, newest first.

The owner hands in the ids of the matching entries (app.booking.audit.find_ids decides
which and in what order); the model reads the entries themselves in blocks through a
loader, when the view asks for more rows (``fetchMore``), never while painting (paging
and the row cache are app.views.models.lazy's). Entries are never edited, so a row once
read stays valid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from sqlalchemy.orm import Session, sessionmaker

from app.booking import audit
from app.booking.audit import AuditRow
from app.views.models.lazy import DEFAULT_CACHE_ROWS, ID_ROLE, LazyIdTableModel

#: Reads the entries of some ids (ids with no entry are left out of the answer).
AuditLoader = Callable[[Sequence[int]], Mapping[int, AuditRow]]


def audit_loader(sessions: sessionmaker[Session]) -> AuditLoader:
    """A loader reading each block of entries in one short session."""

    def load(ids: Sequence[int]) -> Mapping[int, AuditRow]:
        with sessions() as session:
            return audit.rows_by_ids(session, ids)

    return load


class AuditTableModel(LazyIdTableModel[AuditRow]):
    """Audit entries by id, in the order handed in; columns When, User, Action, Entity,
    Changed."""

    WHEN, USER, ACTION, ENTITY, CHANGED = range(5)
    #: The audit entry id of a row.
    IdRole = ID_ROLE

    def __init__(
        self,
        loader: AuditLoader,
        tz: ZoneInfo,
        parent: QObject | None = None,
        *,
        block: int = 100,
    ) -> None:
        if block <= 0:
            raise ValueError("block must be positive")
        super().__init__(parent, page=block, cache_rows=max(DEFAULT_CACHE_ROWS, block))
        self._loader = loader
        self._tz = tz

    # -- what the owner calls -------------------------------------------------------------

    def set_ids(self, ids: Sequence[int], tz: ZoneInfo | None = None) -> None:
        """Show the entries ``ids`` (in this order); ``tz``: the zone to show times in."""
        if tz is not None:
            self._tz = tz
        self.reset_ids(ids)

    def entry(self, row: int) -> AuditRow | None:
        """The entry shown on ``row`` (None out of range or if it could not be read)."""
        return self.value_at(row)

    @property
    def tz(self) -> ZoneInfo:
        return self._tz

    # -- the lazy model's hooks ------------------------------------------------------------

    def column_titles(self) -> Sequence[str]:
        return (
            self.tr("When"),
            self.tr("User"),
            self.tr("Action"),
            self.tr("Entity"),
            self.tr("Changed"),
        )

    def read_rows(self, ids: Sequence[int]) -> Mapping[int, AuditRow]:
        return self._loader(ids)

    def cell(self, value: AuditRow, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(value, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(t for t in (self._text(value, c) for c in range(5)) if t)
        return None

    def _text(self, row: AuditRow, column: int) -> str:
        if column == self.WHEN:
            return row.at.astimezone(self._tz).strftime("%Y-%m-%d %H:%M:%S")
        if column == self.USER:
            return row.user
        if column == self.ACTION:
            return row.action
        if column == self.ENTITY:
            return row.entity_type + ("" if row.entity_id is None else f" #{row.entity_id}")
        if column == self.CHANGED:
            return ", ".join(row.changed_fields())
        return ""
