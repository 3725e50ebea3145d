"""The audit trail's table: a model over audit entry ids, newest first.

The owner hands in the ids of the matching entries (app.booking.audit.find_ids decides
which and in what order); the model reads the entries themselves in blocks through a
loader, when the view asks for more rows (``fetchMore``), never while painting. Entries
are never edited, so a row once read stays valid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from sqlalchemy.orm import Session, sessionmaker

from app.booking import audit
from app.booking.audit import AuditRow

_ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex

#: Reads the entries of some ids (ids with no entry are left out of the answer).
AuditLoader = Callable[[Sequence[int]], Mapping[int, AuditRow]]


def audit_loader(sessions: sessionmaker[Session]) -> AuditLoader:
    """A loader reading each block of entries in one short session."""

    def load(ids: Sequence[int]) -> Mapping[int, AuditRow]:
        with sessions() as session:
            return audit.rows_by_ids(session, ids)

    return load


class AuditTableModel(QAbstractTableModel):
    """Audit entries by id, in the order handed in; columns When, User, Action, Entity,
    Changed."""

    WHEN, USER, ACTION, ENTITY, CHANGED = range(5)
    #: The audit entry id of a row.
    IdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(
        self,
        loader: AuditLoader,
        tz: ZoneInfo,
        parent: QObject | None = None,
        *,
        block: int = 100,
    ) -> None:
        super().__init__(parent)
        if block <= 0:
            raise ValueError("block must be positive")
        self._loader = loader
        self._tz = tz
        self._block = block
        self._ids: list[int] = []
        self._rows: dict[int, AuditRow] = {}
        #: How many ids have their entry read and shown (the rest wait for fetchMore).
        self._shown = 0

    # -- what the owner calls -------------------------------------------------------------

    def set_ids(self, ids: Sequence[int], tz: ZoneInfo | None = None) -> None:
        """Show the entries ``ids`` (in this order); ``tz``: the zone to show times in."""
        self.beginResetModel()
        if tz is not None:
            self._tz = tz
        self._ids = list(dict.fromkeys(ids))
        self._shown = 0
        self._reveal(self._block)
        self.endResetModel()

    def entry(self, row: int) -> AuditRow | None:
        """The entry shown on ``row`` (None out of range or if it could not be read)."""
        if 0 <= row < self._shown:
            return self._rows.get(self._ids[row])
        return None

    def total(self) -> int:
        """How many entries match (shown or not yet read)."""
        return len(self._ids)

    @property
    def tz(self) -> ZoneInfo:
        return self._tz

    # -- Qt's model interface --------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 5

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._ids)

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        first = self._shown
        wanted = self._ids[first : first + self._block]
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
        titles = (
            self.tr("When"),
            self.tr("User"),
            self.tr("Action"),
            self.tr("Entity"),
            self.tr("Changed"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        found = self.entry(index.row())
        if found is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(found, index.column())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(t for t in (self._text(found, c) for c in range(5)) if t)
        if role == self.IdRole:
            return found.id
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

    # -- reading rows ----------------------------------------------------------------------

    def _reveal(self, count: int) -> None:
        wanted = self._ids[self._shown : self._shown + count]
        self._read_missing(wanted)
        self._shown += len(wanted)

    def _read_missing(self, ids: Sequence[int]) -> None:
        missing = [i for i in ids if i not in self._rows]
        if missing:
            self._rows.update(self._loader(missing))
