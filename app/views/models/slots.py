"""Offered times: a list model of slots, and the pager that reads them a window at a time.

The slots come from app.booking.availability (which applies every rule); this module only
pages through them, about eight at a time, and shows them in the branch's time zone. A
time picked on the calendar that is not an offered slot can be shown too, marked as the
"chosen time": the desk may book any free time, and app.booking checks it when booking.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
)
from PySide6.QtGui import QFont

from app.booking.availability import SlotOut

_ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex

#: Slots shown at once: what fits in a glance, and in the list without scrolling.
PAGE_SIZE = 8


@dataclass(frozen=True)
class OfferedSlot:
    """A time the list offers: aware UTC instants and the ids of the agents free then.

    ``chosen`` marks a time picked elsewhere (a click on free time) that the slot search
    does not offer; booking it is for app.booking to accept or refuse.
    """

    start: datetime
    end: datetime
    agent_ids: tuple[int, ...] = ()
    chosen: bool = False

    @classmethod
    def of(cls, slot: SlotOut) -> OfferedSlot:
        return cls(slot.start, slot.end, tuple(slot.agent_ids))


def format_times(start: datetime, end: datetime, tz: ZoneInfo, locale: QLocale) -> str:
    """ "09:30 – 10:00" in the branch's zone (the end's day added if it differs)."""
    first = start.astimezone(tz)
    last = end.astimezone(tz)
    fmt = QLocale.FormatType.ShortFormat
    begin = locale.toString(QTime(first.hour, first.minute), fmt)
    finish = locale.toString(QTime(last.hour, last.minute), fmt)
    if last.date() != first.date():
        finish = locale.toString(QDate(last.year, last.month, last.day), "ddd d MMM") + " " + finish
    return f"{begin} – {finish}"


def format_slot(start: datetime, end: datetime, tz: ZoneInfo, locale: QLocale) -> str:
    """ "Mon 23 Nov, 09:30 – 10:00" in the branch's zone and the desk's language."""
    first = start.astimezone(tz)
    day = locale.toString(QDate(first.year, first.month, first.day), "ddd d MMM")
    return f"{day}, {format_times(start, end, tz, locale)}"


class SlotListModel(QAbstractListModel):
    """The offered slots of one page, with the names of the agents free for each."""

    #: The OfferedSlot of a row.
    SlotRole = Qt.ItemDataRole.UserRole + 1

    def __init__(
        self,
        tz: ZoneInfo,
        agent_names: Mapping[int, str] | None = None,
        parent: QObject | None = None,
        *,
        locale: QLocale | None = None,
    ) -> None:
        super().__init__(parent)
        self._tz = tz
        self._names = dict(agent_names or {})
        self._locale = locale or QLocale()
        self._slots: list[OfferedSlot] = []

    def set_slots(
        self,
        slots: Sequence[OfferedSlot],
        agent_names: Mapping[int, str] | None = None,
        *,
        tz: ZoneInfo | None = None,
    ) -> None:
        """Show ``slots``; ``agent_names`` and ``tz`` replace the names and zone if given."""
        self.beginResetModel()
        self._slots = list(slots)
        if agent_names is not None:
            self._names = dict(agent_names)
        if tz is not None:
            self._tz = tz
        self.endResetModel()

    def slots(self) -> list[OfferedSlot]:
        return list(self._slots)

    def slot(self, row: int) -> OfferedSlot | None:
        return self._slots[row] if 0 <= row < len(self._slots) else None

    def row_of(self, start: datetime) -> int | None:
        """The row of the slot starting at ``start`` (any zone), if shown."""
        for row, slot in enumerate(self._slots):
            if slot.start == start:
                return row
        return None

    def label(self, slot: OfferedSlot) -> str:
        text = format_slot(slot.start, slot.end, self._tz, self._locale)
        if slot.chosen:
            return self.tr("%1 (chosen time)").replace("%1", text)
        names = [self._names[i] for i in slot.agent_ids if i in self._names]
        if names:
            return f"{text}  ·  {', '.join(names)}"
        return text

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._slots)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or index.column() != 0:
            return None
        slot = self.slot(index.row())
        if slot is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.label(slot)
        if role == Qt.ItemDataRole.ToolTipRole:
            if slot.chosen:
                return self.tr("Not among the offered times; the booking is checked when you book.")
            names = [self._names[i] for i in slot.agent_ids if i in self._names]
            return self.tr("Free: %1").replace("%1", ", ".join(names)) if names else None
        if role == Qt.ItemDataRole.FontRole and slot.chosen:
            font = QFont()
            font.setItalic(True)
            return font
        if role == self.SlotRole:
            return slot
        return None


#: Reads the slots of local dates first..last (inclusive), earliest first.
SlotFetch = Callable[[date, date], Sequence[SlotOut]]

#: Days read at once: a week, then wider windows while nothing is found.
_WINDOWS = (7, 14, 28)


class SlotPager:
    """Pages of ``page_size`` slots from ``first_day`` up to ``last_day`` (local dates).

    Reads only as far as the page asked for (plus one slot, to know whether a later page
    exists): a busy service costs a week's search, a sparse one a few wider windows.
    """

    def __init__(
        self, fetch: SlotFetch, first_day: date, last_day: date, page_size: int = PAGE_SIZE
    ) -> None:
        if page_size <= 0:
            raise ValueError("page_size must be positive")
        self._fetch = fetch
        self._first = first_day
        self._last = last_day
        self.page_size = page_size
        self._found: list[SlotOut] = []
        #: The next local date not read yet.
        self._next = first_day
        self._window = 0

    @property
    def exhausted(self) -> bool:
        return self._next > self._last

    def page(self, number: int) -> list[SlotOut]:
        """Slots of page ``number`` (0 = the earliest); empty past the last slot."""
        if number < 0:
            return []
        start = number * self.page_size
        self._read_until(start + self.page_size)
        return self._found[start : start + self.page_size]

    def has_page(self, number: int) -> bool:
        if number < 0:
            return False
        self._read_until(number * self.page_size + 1)
        return len(self._found) > number * self.page_size

    def _read_until(self, count: int) -> None:
        while len(self._found) < count and not self.exhausted:
            days = _WINDOWS[min(self._window, len(_WINDOWS) - 1)]
            self._window += 1
            last = min(self._last, self._next + timedelta(days=days - 1))
            self._found.extend(self._fetch(self._next, last))
            self._next = last + timedelta(days=1)
