"""The day and week time grid: agents' (or days') columns against a time axis.

It paints a :class:`~app.booking.calendar_data.CalendarSnapshot` and nothing else: working
hours, closed days, blocked and external busy time, free time one can click to book, and
appointments in their service's colour with their status's look. It holds no rules; what
the user asks for leaves as signals (book here, open this appointment, move it there) and
the window hands those to app.booking. A move the booking layer refuses needs no undo: the
block stays drawn where the snapshot has it until a new snapshot says otherwise.

All geometry is derived from font metrics, all colours from the palette (see style.py),
all times shown in the branch's zone (the snapshot's ``tz``), never the machine's.

Keyboard: Up/Down walk the focused column in time order, stopping at every appointment
and every quarter hour not covered by one; Left/Right go to the same time in the
neighbouring column; Ctrl+arrows jump straight between appointments; Home/End go to the
column's first and last stop; Enter or Space opens the appointment or books the free
quarter hour; Escape cancels a drag or leaves an appointment for the time under it.
"""

from __future__ import annotations

import html
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from PySide6.QtCore import (
    QDate,
    QEvent,
    QLocale,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QRegion,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from app.booking.calendar_data import CalAppointment, CalendarSnapshot
from app.scheduling.zone import MINUTES_PER_DAY
from app.views.calendar.layout import (
    QUARTER,
    GridColumn,
    GridModel,
    PlacedAppointment,
    build_grid,
    floor_quarter,
    instant_at,
    snap_quarter,
)
from app.views.calendar.navigation import ViewMode
from app.views.calendar.style import (
    BlockColors,
    GridColors,
    StatusLook,
    block_colors,
    grid_colors,
    none_refs_kept,
    paint_block,
    paint_hatch,
    status_style,
)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class HitKind(Enum):
    NOTHING = "nothing"
    HEADER = "header"
    AXIS = "axis"
    APPOINTMENT = "appointment"
    FREE = "free"
    PAST = "past"
    BLOCKED = "blocked"
    BUSY = "busy"
    CLOSED = "closed"
    OTHER = "other"


@dataclass(frozen=True)
class Hit:
    kind: HitKind
    column: int = -1
    minute: float = 0.0
    piece: PlacedAppointment | None = None
    label: str = ""


@dataclass(frozen=True)
class _Geometry:
    header: float
    axis: float
    per_minute: float
    column_width: float
    content_width: float
    content_height: float
    pad: float
    line: float
    #: Fonts of the text inside blocks (a little smaller than the widget's).
    block_font: QFont
    block_bold: QFont
    block_struck: QFont
    block_struck_bold: QFont
    block_metrics: QFontMetricsF
    block_bold_metrics: QFontMetricsF


@dataclass
class _Press:
    pos: QPoint
    hit: Hit
    grab_minutes: float = 0.0
    dragging: bool = False
    target: tuple[int, int] | None = None  # (column, start minute) of the ghost


class TimeGridView(QAbstractScrollArea):
    """Day (one column per agent) and week (one column per date) calendar grid."""

    #: The user picked free time: the column's agent id (or None for "any agent") and the
    #: start as an aware UTC datetime, rounded down to the quarter hour.
    free_time_clicked = Signal(object, object)
    #: The user opened an appointment (click, Enter): its id.
    appointment_activated = Signal(int)
    #: The user dropped an appointment elsewhere: its id, the new start (aware UTC
    #: datetime) and the agent id it should go to (unchanged unless moved to another
    #: agent's column; None when it has no agent).
    reschedule_requested = Signal(int, object, object)
    #: The selected appointment's id, or None when the cursor is on empty time.
    selection_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeGrid")
        self.setAccessibleName(self.tr("Calendar grid"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.horizontalScrollBar().setAccessibleName(self.tr("Scroll columns"))
        self.verticalScrollBar().setAccessibleName(self.tr("Scroll hours"))
        self._snapshot: CalendarSnapshot | None = None
        self._grid: GridModel | None = None
        # What is on screen is kept in a pixmap; a paint event redraws only what changed
        # since (regions given to _invalidate), so a repaint with no change is one copy.
        self._canvas: QPixmap | None = None
        self._canvas_key: tuple[object, ...] | None = None
        self._dirty = QRegion()
        self._now: datetime | None = None
        self._selected: int | None = None
        self._cursor: tuple[int, int] = (0, 0)  # (column, minute) of the keyboard cursor
        self._hover: tuple[int, int] | None = None  # free quarter under the mouse
        self._press: _Press | None = None
        self._params: tuple[ViewMode, date, frozenset[int] | None, bool] | None = None
        self._locale = QLocale()
        self._geometry_cache: tuple[tuple[int, int, str], _Geometry] | None = None
        #: Elided lines of a block by (appointment id, width, rows).
        self._texts: dict[tuple[int, int, int], list[tuple[str, bool]]] = {}
        #: Block colours by (service colour, status look, background).
        self._looks: dict[tuple[str | None, StatusLook, int], BlockColors] = {}

    # -- public API -------------------------------------------------------------------

    def set_snapshot(
        self,
        snapshot: CalendarSnapshot,
        *,
        mode: ViewMode,
        day: date,
        agent_filter: set[int] | None = None,
        show_cancelled: bool = False,
        now: datetime,
    ) -> None:
        """Show ``snapshot``: in DAY mode ``day`` with a column per agent (only those in
        ``agent_filter`` when given), in WEEK mode the week of ``day`` (the locale's first
        weekday, as the window's navigation) with a column per date. The scroll position
        (the time at the top) and the selected appointment are kept when still there."""
        with none_refs_kept():
            self._set_snapshot(snapshot, mode, day, agent_filter, show_cancelled, now)

    def _set_snapshot(
        self,
        snapshot: CalendarSnapshot,
        mode: ViewMode,
        day: date,
        agent_filter: set[int] | None,
        show_cancelled: bool,
        now: datetime,
    ) -> None:
        if now.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        top_minute = self._top_minute()
        previous = self._grid
        old_cursor = self._cursor
        old_day = previous.columns[old_cursor[0]].day if previous and previous.columns else None
        self._snapshot = snapshot
        self._now = now
        self._forget_layout()
        self._params = (
            mode,
            day,
            frozenset(agent_filter) if agent_filter is not None else None,
            show_cancelled,
        )

        def include(appointment: CalAppointment) -> bool:
            style = status_style(appointment.status_key, appointment.status_predicate)
            return show_cancelled or not style.hidden_by_default

        self._grid = build_grid(
            snapshot,
            mode=mode,
            day=day,
            now=now,
            agent_filter=agent_filter,
            include=include,
            first_weekday=(self._locale.firstDayOfWeek().value - 1) % 7,
        )
        grid = self._grid
        self.setAccessibleName(
            self.tr("Day calendar") if mode is ViewMode.DAY else self.tr("Week calendar")
        )
        self._press = None
        self._hover = None
        if self._selected is not None and not grid.placed(self._selected):
            self._selected = None
            self.selection_changed.emit(None)
        if self._selected is not None:
            column, piece = grid.placed(self._selected)[0]
            self._cursor = (column, piece.start)
        else:
            column = min(old_cursor[0], max(len(grid.columns) - 1, 0))
            if old_day is None or (mode is ViewMode.WEEK and grid.columns[column].day != old_day):
                column = self._default_column()
            minute = old_cursor[1] if previous is not None else self._first_minute(column)
            self._cursor = (column, min(max(minute, grid.axis_start), grid.axis_end - QUARTER))
        self._update_scrollbars()
        if previous is None or top_minute is None:
            self._scroll_to_start()
        else:
            self._set_top_minute(top_minute)
        self._announce()
        self._invalidate()

    def set_now(self, now: datetime) -> None:
        """Move the current-time line (a timer of the window calls this every minute)."""
        if self._snapshot is None or self._params is None:
            self._now = now
            return
        mode, day, agents, show_cancelled = self._params
        self.set_snapshot(
            self._snapshot,
            mode=mode,
            day=day,
            agent_filter=set(agents) if agents is not None else None,
            show_cancelled=show_cancelled,
            now=now,
        )

    def grid(self) -> GridModel | None:
        """The columns as laid out from the last snapshot."""
        return self._grid

    def selected_appointment(self) -> int | None:
        return self._selected

    def select_appointment(self, appointment_id: int | None) -> bool:
        """Select an appointment shown in the grid (None: none); False if it is not shown."""
        with none_refs_kept():
            return self._select(appointment_id)

    def _select(self, appointment_id: int | None) -> bool:
        if appointment_id is None:
            self._set_selected(None)
            return True
        if self._grid is None or not self._grid.placed(appointment_id):
            return False
        column, piece = self._grid.placed(appointment_id)[0]
        self._cursor = (column, piece.start)
        self._set_selected(appointment_id)
        self._ensure_visible(column, piece.start, piece.end)
        return True

    def block_rect(self, appointment_id: int) -> QRect | None:
        """Where the appointment's (first) block is drawn, in viewport coordinates."""
        if self._grid is None:
            return None
        found = self._grid.placed(appointment_id)
        if not found:
            return None
        column, piece = found[0]
        return self._block_rect(column, piece).toAlignedRect()

    def point_at(self, column: int, minute: float) -> QPoint:
        """The viewport point in ``column`` at ``minute`` of the day (mid-column)."""
        g = self._geometry()
        x = self._column_x(column, g) + g.column_width / 2
        return QPointF(x, self._minute_y(minute, g)).toPoint()

    def scroll_to_minute(self, minute: int) -> None:
        """Scroll so that ``minute`` of the day is at the top."""
        with none_refs_kept():
            self._set_top_minute(minute)

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(math.ceil(fm.averageCharWidth() * 110), math.ceil(fm.lineSpacing() * 36))

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(math.ceil(fm.averageCharWidth() * 30), math.ceil(fm.lineSpacing() * 10))

    # -- geometry ---------------------------------------------------------------------

    def _geometry(self) -> _Geometry:
        """Sizes from the font and the viewport; computed again only when one changes."""
        key = (self.viewport().width(), self.viewport().height(), self.font().key())
        if self._geometry_cache is None or self._geometry_cache[0] != key:
            self._geometry_cache = (key, self._compute_geometry())
            self._texts.clear()
        return self._geometry_cache[1]

    def _compute_geometry(self) -> _Geometry:
        fm = QFontMetricsF(self.font())
        line = fm.lineSpacing()
        pad = max(2.0, fm.averageCharWidth() / 2)
        header = math.ceil(line * 2 + pad * 3)
        widest = max(fm.horizontalAdvance(self._time_text(h * 60)) for h in (0, 9, 10, 12, 21, 23))
        axis = math.ceil(widest + pad * 4)
        per_minute = line * 4.4 / 60
        grid = self._grid
        columns = len(grid.columns) if grid is not None else 0
        minimum = fm.averageCharWidth() * 16
        available = max(1.0, self.viewport().width() - axis)
        width = max(minimum, available / columns) if columns else available
        span = (grid.axis_end - grid.axis_start) if grid is not None else 0
        block = QFont(self.font())
        block.setPointSizeF(max(1.0, self.font().pointSizeF() * 0.9))
        bold = QFont(block)
        bold.setBold(True)
        struck = QFont(block)
        struck.setStrikeOut(True)
        struck_bold = QFont(bold)
        struck_bold.setStrikeOut(True)
        return _Geometry(
            header=header,
            axis=axis,
            per_minute=per_minute,
            column_width=width,
            content_width=width * columns,
            content_height=span * per_minute,
            pad=pad,
            line=line,
            block_font=block,
            block_bold=bold,
            block_struck=struck,
            block_struck_bold=struck_bold,
            block_metrics=QFontMetricsF(block),
            block_bold_metrics=QFontMetricsF(bold),
        )

    def _forget_layout(self) -> None:
        """Drop sizes and texts worked out for the previous snapshot, font or palette."""
        self._geometry_cache = None
        self._texts.clear()
        self._looks.clear()

    def _column_x(self, column: int, g: _Geometry) -> float:
        return g.axis + column * g.column_width - self.horizontalScrollBar().value()

    def _minute_y(self, minute: float, g: _Geometry) -> float:
        start = self._grid.axis_start if self._grid is not None else 0
        return g.header + (minute - start) * g.per_minute - self.verticalScrollBar().value()

    def _minute_at(self, y: float, g: _Geometry) -> float:
        start = self._grid.axis_start if self._grid is not None else 0
        return start + (y - g.header + self.verticalScrollBar().value()) / g.per_minute

    def _column_at(self, x: float, g: _Geometry) -> int:
        return math.floor((x - g.axis + self.horizontalScrollBar().value()) / g.column_width)

    def _block_rect(
        self, column: int, piece: PlacedAppointment, g: _Geometry | None = None
    ) -> QRectF:
        g = g or self._geometry()
        left = self._column_x(column, g) + g.pad / 2
        usable = g.column_width - g.pad / 2 - g.pad * 3
        share = usable / max(piece.subs, 1)
        top = self._minute_y(piece.start, g) + 1
        height = max((piece.end - piece.start) * g.per_minute - 2, g.line / 3)
        return QRectF(left + piece.sub * share, top, share - g.pad / 2, height)

    def _cell_rect(self, column: int, minute: int) -> QRect:
        """The quarter hour at ``minute`` of ``column``, in viewport coordinates."""
        g = self._geometry()
        top = self._minute_y(minute, g)
        rect = QRectF(self._column_x(column, g), top, g.column_width, QUARTER * g.per_minute)
        return rect.toAlignedRect().adjusted(-1, -1, 1, 1)

    def _update_scrollbars(self) -> None:
        g = self._geometry()
        body_h = max(0, self.viewport().height() - g.header)
        body_w = max(0, self.viewport().width() - g.axis)
        v = self.verticalScrollBar()
        v.setRange(0, max(0, math.ceil(g.content_height - body_h)))
        v.setPageStep(max(1, int(body_h)))
        v.setSingleStep(max(1, int(g.line)))
        h = self.horizontalScrollBar()
        h.setRange(0, max(0, math.ceil(g.content_width - body_w)))
        h.setPageStep(max(1, int(body_w)))
        h.setSingleStep(max(1, int(g.column_width / 4)))

    def _top_minute(self) -> float | None:
        if self._grid is None:
            return None
        g = self._geometry()
        return self._grid.axis_start + self.verticalScrollBar().value() / g.per_minute

    def _set_top_minute(self, minute: float) -> None:
        if self._grid is None:
            return
        g = self._geometry()
        self.verticalScrollBar().setValue(round((minute - self._grid.axis_start) * g.per_minute))

    def _scroll_to_start(self) -> None:
        """First view: the top of the axis, unless the current time would be hidden."""
        grid = self._grid
        self.verticalScrollBar().setValue(0)
        if grid is None or not any(c.day == grid.today for c in grid.columns):
            return
        g = self._geometry()
        body_h = self.viewport().height() - g.header
        if self._minute_y(grid.now_minute, g) > g.header + body_h * 0.8:
            self._set_top_minute(grid.now_minute - body_h / g.per_minute / 3)

    def _ensure_visible(self, column: int, start: int, end: int) -> None:
        g = self._geometry()
        top = self._minute_y(start, g)
        bottom = self._minute_y(end, g)
        view_top, view_bottom = g.header, self.viewport().height()
        v = self.verticalScrollBar()
        if bottom > view_bottom:
            v.setValue(v.value() + math.ceil(min(bottom - view_bottom, top - view_top)))
        if top < view_top:
            v.setValue(v.value() - math.ceil(view_top - top))
        left = self._column_x(column, g)
        right = left + g.column_width
        h = self.horizontalScrollBar()
        if right > self.viewport().width():
            h.setValue(h.value() + math.ceil(right - self.viewport().width()))
        if left < g.axis:
            h.setValue(h.value() - math.ceil(g.axis - left))

    def _first_minute(self, column: int) -> int:
        """Where the keyboard cursor starts: the current quarter hour in today's column,
        else the start of working time."""
        grid = self._grid
        if grid is None or not grid.columns:
            return 0
        col = grid.columns[column]
        if col.day == grid.today:
            return floor_quarter(grid.now_minute)
        starts = [start for start, _end in col.working]
        return floor_quarter(starts[0]) if starts else grid.axis_start

    def _default_column(self) -> int:
        grid = self._grid
        if grid is None:
            return 0
        for index, column in enumerate(grid.columns):
            if column.day == grid.today:
                return index
        return 0

    # -- hit testing ------------------------------------------------------------------

    def hit(self, pos: QPoint | QPointF) -> Hit:
        """What is under a viewport point."""
        grid = self._grid
        g = self._geometry()
        x, y = float(pos.x()), float(pos.y())
        if grid is None:
            return Hit(HitKind.NOTHING)
        if y < g.header:
            column = self._column_at(x, g) if x >= g.axis else -1
            valid = 0 <= column < len(grid.columns)
            return Hit(HitKind.HEADER if valid else HitKind.NOTHING, column if valid else -1)
        if x < g.axis:
            return Hit(HitKind.AXIS, -1, self._minute_at(y, g))
        column = self._column_at(x, g)
        minute = self._minute_at(y, g)
        if not 0 <= column < len(grid.columns) or not grid.axis_start <= minute < grid.axis_end:
            return Hit(HitKind.NOTHING)
        col = grid.columns[column]
        for piece in reversed(col.appointments):
            if self._block_rect(column, piece).contains(QPointF(x, y)):
                return Hit(HitKind.APPOINTMENT, column, minute, piece)
        m = int(minute)
        for blocked in col.blocked:
            if blocked.start <= m < blocked.end:
                return Hit(HitKind.BLOCKED, column, minute, label=blocked.label)
        if any(a <= m < b for a, b in col.busy):
            return Hit(HitKind.BUSY, column, minute)
        if col.is_free(m):
            past = self._is_past(col, floor_quarter(m))
            return Hit(HitKind.PAST if past else HitKind.FREE, column, minute)
        if col.closed is not None:
            return Hit(HitKind.CLOSED, column, minute, label=col.closed)
        return Hit(HitKind.OTHER, column, minute)

    def _is_past(self, column: GridColumn, quarter: int) -> bool:
        """Free time whose quarter hour has already ended is not offered for booking."""
        grid = self._grid
        assert grid is not None
        if column.day != grid.today:
            return column.day < grid.today
        return quarter + QUARTER <= grid.now_minute

    # -- selection and keyboard -------------------------------------------------------

    def _set_selected(self, appointment_id: int | None) -> None:
        if appointment_id != self._selected:
            self._selected = appointment_id
            self.selection_changed.emit(appointment_id)
        self._announce()
        self._invalidate()

    def _stops(self, column: int) -> list[tuple[int, int, int]]:
        """A column's keyboard stops in order: (minute, rank, appointment id or -1).
        Appointments rank 1 + their sub-column; quarter hours rank 0 and only where no
        appointment covers them."""
        grid = self._grid
        assert grid is not None
        col = grid.columns[column]
        stops = [(p.start, 1 + p.sub, p.id) for p in col.appointments]
        for minute in range(grid.axis_start, grid.axis_end, QUARTER):
            if not any(p.start <= minute < p.end for p in col.appointments):
                stops.append((minute, 0, -1))
        stops.sort()
        return stops

    def _current_stop(self) -> tuple[int, int, int]:
        column, minute = self._cursor
        if self._selected is not None and self._grid is not None:
            for index, piece in self._grid.placed(self._selected):
                if index == column:
                    return (piece.start, 1 + piece.sub, piece.id)
        return (minute, 0, -1)

    def _go_to_stop(self, column: int, stop: tuple[int, int, int]) -> None:
        minute, _rank, ident = stop
        self._cursor = (column, minute)
        self._set_selected(ident if ident >= 0 else None)
        end = minute + QUARTER
        if ident >= 0 and self._grid is not None:
            end = max(p.end for i, p in self._grid.placed(ident) if i == column)
        self._ensure_visible(column, minute, end)
        self._invalidate()

    def _move_vertical(self, step: int, appointments_only: bool) -> None:
        column = self._cursor[0]
        stops = self._stops(column)
        if appointments_only:
            stops = [s for s in stops if s[2] >= 0]
        current = self._current_stop()
        if step > 0:
            index = bisect_right(stops, current)
            if index < len(stops):
                self._go_to_stop(column, stops[index])
        else:
            index = bisect_left(stops, current) - 1
            if index >= 0:
                self._go_to_stop(column, stops[index])

    def _move_horizontal(self, step: int, appointments_only: bool) -> None:
        grid = self._grid
        assert grid is not None
        minute = self._current_stop()[0]
        column = self._cursor[0] + step
        while 0 <= column < len(grid.columns):
            pieces = grid.columns[column].appointments
            if appointments_only:
                if pieces:
                    nearest = min(pieces, key=lambda p: (abs(p.start - minute), p.start, p.sub))
                    self._go_to_stop(column, (nearest.start, 1 + nearest.sub, nearest.id))
                    return
                column += step
                continue
            covering = [p for p in pieces if p.start <= minute < p.end]
            if covering:
                first = min(covering, key=lambda p: (p.sub, p.start))
                self._go_to_stop(column, (first.start, 1 + first.sub, first.id))
            else:
                self._go_to_stop(column, (floor_quarter(minute), 0, -1))
            return

    def _activate_cursor(self) -> None:
        grid = self._grid
        if grid is None or not grid.columns:
            return
        if self._selected is not None:
            self.appointment_activated.emit(self._selected)
            return
        column, minute = self._cursor
        col = grid.columns[column]
        if col.is_free(minute) and not self._is_past(col, minute):
            self._emit_free(column, minute)

    def _emit_free(self, column: int, minute: float) -> None:
        grid = self._grid
        assert grid is not None
        col = grid.columns[column]
        quarter = floor_quarter(int(minute))
        self.free_time_clicked.emit(col.agent_id, instant_at(grid.zone, col.day, quarter))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        grid = self._grid
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Escape and self._press is not None and self._press.dragging:
            self._press = None
            self.viewport().unsetCursor()
            self._invalidate()
            return
        if grid is None or not grid.columns:
            super().keyPressEvent(event)
            return
        if event.modifiers() & Qt.KeyboardModifier.AltModifier:
            super().keyPressEvent(event)  # Alt+arrows belong to the window's navigation
            return
        if key == Qt.Key.Key_Down:
            self._move_vertical(1, ctrl)
        elif key == Qt.Key.Key_Up:
            self._move_vertical(-1, ctrl)
        elif key == Qt.Key.Key_Right:
            self._move_horizontal(1, ctrl)
        elif key == Qt.Key.Key_Left:
            self._move_horizontal(-1, ctrl)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            stops = self._stops(self._cursor[0])
            if stops:
                self._go_to_stop(self._cursor[0], stops[0 if key == Qt.Key.Key_Home else -1])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._activate_cursor()
        elif key == Qt.Key.Key_Escape and self._selected is not None:
            self._set_selected(None)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: object) -> None:
        super().focusInEvent(event)  # type: ignore[arg-type]
        self._announce()
        self._invalidate()

    def focusOutEvent(self, event: object) -> None:
        super().focusOutEvent(event)  # type: ignore[arg-type]
        self._invalidate()

    # -- mouse ------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._grid is None:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position().toPoint()
        found = self.hit(pos)
        press = _Press(pos=pos, hit=found)
        if found.kind is HitKind.APPOINTMENT and found.piece is not None:
            press.grab_minutes = found.minute - found.piece.start
            self._cursor = (found.column, found.piece.start)
            self._set_selected(found.piece.id)
        elif found.column >= 0 and found.kind is not HitKind.HEADER:
            self._cursor = (found.column, floor_quarter(int(found.minute)))
            self._set_selected(None)
        self._press = press
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        press = self._press
        if press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            piece = press.hit.piece
            if piece is not None:
                distance = (pos - press.pos).manhattanLength()
                if press.dragging or distance >= QApplication.startDragDistance():
                    press.dragging = True
                    self._autoscroll(pos)
                    press.target = self._drop_target(pos, press)
                    self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
                    self._invalidate()
            event.accept()
            return
        found = self.hit(pos)
        hover = (
            (found.column, floor_quarter(int(found.minute))) if found.kind is HitKind.FREE else None
        )
        if hover != self._hover:
            for cell in (self._hover, hover):
                if cell is not None:
                    self._invalidate(self._cell_rect(*cell))
            self._hover = hover
        if found.kind in (HitKind.FREE, HitKind.APPOINTMENT):
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.viewport().unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press = self._press
        self._press = None
        if press is None or event.button() != Qt.MouseButton.LeftButton or self._grid is None:
            super().mouseReleaseEvent(event)
            return
        self.viewport().unsetCursor()
        piece = press.hit.piece
        if press.dragging and piece is not None:
            self._finish_drag(press, piece)
        elif press.hit.kind is HitKind.APPOINTMENT and piece is not None:
            self.appointment_activated.emit(piece.id)
        elif press.hit.kind is HitKind.FREE:
            released = self.hit(event.position().toPoint())
            if released.kind is HitKind.FREE and released.column == press.hit.column:
                self._emit_free(press.hit.column, press.hit.minute)
        self._invalidate()
        event.accept()

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._hover = None
            self._invalidate()
        super().leaveEvent(event)

    def _autoscroll(self, pos: QPoint) -> None:
        g = self._geometry()
        v = self.verticalScrollBar()
        if pos.y() < g.header + g.line:
            v.setValue(v.value() - int(g.line))
        elif pos.y() > self.viewport().height() - g.line:
            v.setValue(v.value() + int(g.line))

    def _drop_target(self, pos: QPoint, press: _Press) -> tuple[int, int]:
        """Column and start minute where a dragged block would go: quarter hours, inside
        the axis; in the day view any agent's column (an appointment without agent can be
        given one so), in the week view any date."""
        grid = self._grid
        piece = press.hit.piece
        assert grid is not None
        assert piece is not None
        g = self._geometry()
        column = min(max(self._column_at(pos.x(), g), 0), len(grid.columns) - 1)
        target = grid.columns[column]
        if grid.mode is ViewMode.DAY and target.agent_id is None:
            column = press.hit.column  # the column of appointments without agent takes none
        duration = self._duration_minutes(piece.appointment)
        start = snap_quarter(self._minute_at(pos.y(), g) - press.grab_minutes)
        latest = max(grid.axis_start, grid.axis_end - duration)
        start = min(max(start, grid.axis_start), floor_quarter(latest))
        return column, start

    @staticmethod
    def _duration_minutes(appointment: CalAppointment) -> int:
        return max(1, math.ceil((appointment.end - appointment.start).total_seconds() / 60))

    def _finish_drag(self, press: _Press, piece: PlacedAppointment) -> None:
        grid = self._grid
        assert grid is not None
        if press.target is None:
            return
        column, minute = press.target
        col = grid.columns[column]
        appointment = piece.appointment
        new_start = instant_at(grid.zone, col.day, minute)
        agent = appointment.agent_id
        if grid.mode is ViewMode.DAY and col.agent_id is not None:
            agent = col.agent_id
        if new_start == appointment.start and agent == appointment.agent_id:
            return
        self.reschedule_requested.emit(appointment.id, new_start, agent)

    # -- events -----------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        with none_refs_kept():
            return super().event(event)

    def viewportEvent(self, event: QEvent) -> bool:
        with none_refs_kept():
            return self._viewport_event(event)

    def _viewport_event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self._tooltip(self.hit(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        top = self._top_minute()
        super().resizeEvent(event)
        self._update_scrollbars()
        if top is not None:
            self._set_top_minute(top)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._forget_layout()
            self._update_scrollbars()
            self._invalidate()
        super().changeEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self._invalidate()

    # -- texts ------------------------------------------------------------------------

    def _time_text(self, minute: int) -> str:
        # Midnight at the end of the day reads as 00:00, as on a clock.
        minute = min(max(minute, 0), MINUTES_PER_DAY) % MINUTES_PER_DAY
        return self._locale.toString(
            QTime(minute // 60, minute % 60), QLocale.FormatType.ShortFormat
        )

    def _range_text(self, start: int, end: int) -> str:
        return f"{self._time_text(start)}–{self._time_text(end)}"

    def _appointment_times(self, appointment: CalAppointment) -> str:
        grid = self._grid
        assert grid is not None
        zone = grid.zone.tz
        start = appointment.start.astimezone(zone)
        end = appointment.end.astimezone(zone)
        text = self._range_text(start.hour * 60 + start.minute, end.hour * 60 + end.minute)
        if start.date() != end.date():
            text += " " + self.tr("(ends %1)").replace(
                "%1", self._locale.toString(_qdate(end.date()), QLocale.FormatType.ShortFormat)
            )
        return text

    def _column_title(self, column: GridColumn) -> tuple[str, str]:
        grid = self._grid
        assert grid is not None
        if grid.mode is ViewMode.DAY:
            if column.unassigned:
                return self.tr("No agent yet"), ""
            name = grid.agent_names.get(column.agent_id or -1, "")
            return name, ""
        return (
            self._locale.dayName(column.day.isoweekday(), QLocale.FormatType.LongFormat),
            self._locale.toString(_qdate(column.day), "d MMM"),
        )

    def _describe(self, hit: Hit) -> str:
        """One line about the cursor, for screen readers."""
        grid = self._grid
        if grid is None or hit.column < 0:
            return ""
        col = grid.columns[hit.column]
        where = " ".join(t for t in self._column_title(col) if t)
        if hit.piece is not None:
            a = hit.piece.appointment
            service = self._service_name(a)
            times = self._appointment_times(a)
            text = f"{where}, {times}, {a.customer_name}, {service}, {a.status_name}"
            if a.source == "self-service":
                text += ", " + self._self_service_text()
            return text
        quarter = floor_quarter(int(hit.minute))
        state = {
            HitKind.FREE: self.tr("free"),
            HitKind.PAST: self.tr("past"),
            HitKind.BLOCKED: self.tr("blocked: %1").replace("%1", hit.label),
            HitKind.BUSY: self.tr("busy"),
            HitKind.CLOSED: self.tr("closed"),
        }.get(hit.kind, self.tr("not working"))
        return f"{where}, {self._time_text(quarter)}, {state}"

    def _announce(self) -> None:
        grid = self._grid
        if grid is None or not grid.columns:
            self.setAccessibleDescription("")
            return
        column, minute = self._cursor
        piece = None
        if self._selected is not None:
            found = [p for i, p in grid.placed(self._selected) if i == column]
            piece = found[0] if found else None
        col = grid.columns[column]
        if piece is not None:
            hit = Hit(HitKind.APPOINTMENT, column, piece.start, piece)
        elif col.is_free(minute):
            past = self._is_past(col, minute)
            hit = Hit(HitKind.PAST if past else HitKind.FREE, column, minute)
        else:
            blocked = [b for b in col.blocked if b.start <= minute < b.end]
            if blocked:
                hit = Hit(HitKind.BLOCKED, column, minute, label=blocked[0].label)
            elif any(a <= minute < b for a, b in col.busy):
                hit = Hit(HitKind.BUSY, column, minute)
            elif col.closed is not None:
                hit = Hit(HitKind.CLOSED, column, minute)
            else:
                hit = Hit(HitKind.OTHER, column, minute)
        self.setAccessibleDescription(self._describe(hit))
        if self.hasFocus() and QAccessible.isActive():
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
            )

    def _service_name(self, appointment: CalAppointment) -> str:
        snapshot = self._snapshot
        service = snapshot.services.get(appointment.service_id) if snapshot else None
        return service.name if service is not None else ""

    def _service_color(self, appointment: CalAppointment) -> str | None:
        snapshot = self._snapshot
        service = snapshot.services.get(appointment.service_id) if snapshot else None
        return service.color if service is not None else None

    def _self_service_text(self) -> str:
        """How an appointment the customer booked on the self-service pages is marked
        (the desk's own bookings carry no such line)."""
        return self.tr("Self-service: booked online by the customer")

    def _tooltip(self, hit: Hit) -> str:
        grid = self._grid
        if grid is None:
            return ""
        e = html.escape
        if hit.kind is HitKind.APPOINTMENT and hit.piece is not None:
            a = hit.piece.appointment
            rows = [f"<b>{e(a.customer_name)}</b>"]
            if a.customer_phone:
                rows.append(e(a.customer_phone))
            rows.append(e(self._service_name(a)))
            rows.append(e(self._appointment_times(a)))
            if a.agent_id is not None:
                rows.append(
                    e(self.tr("With %1").replace("%1", grid.agent_names.get(a.agent_id, "")))
                )
            rows.append(e(self.tr("Status: %1").replace("%1", a.status_name)))
            if a.source == "self-service":
                rows.append(e(self._self_service_text()))
            if a.notes:
                rows.append(e(self.tr("Notes: %1").replace("%1", a.notes)).replace("\n", "<br>"))
            return "<qt>" + "<br>".join(rows) + "</qt>"
        quarter = floor_quarter(int(hit.minute))
        if hit.kind is HitKind.FREE:
            return self.tr("Free: click to book at %1").replace("%1", self._time_text(quarter))
        if hit.kind is HitKind.BLOCKED:
            return (
                self.tr("Blocked: %1").replace("%1", hit.label) if hit.label else self.tr("Blocked")
            )
        if hit.kind is HitKind.BUSY:
            return self.tr("Busy")
        if hit.kind is HitKind.CLOSED:
            return hit.label or self.tr("Closed")
        return ""

    # -- painting ---------------------------------------------------------------------

    def _invalidate(self, rect: QRect | QRectF | None = None) -> None:
        """Mark part of the viewport (all of it by default) as changed, and schedule a paint."""
        viewport = self.viewport()
        if rect is None:
            self._dirty = QRegion(viewport.rect())
            viewport.update()
            return
        area = rect.toAlignedRect() if isinstance(rect, QRectF) else rect
        self._dirty = self._dirty.united(area)
        viewport.update(area)

    def paintEvent(self, event: QPaintEvent) -> None:
        viewport = self.viewport()
        ratio = viewport.devicePixelRatioF()
        key = (
            viewport.width(),
            viewport.height(),
            ratio,
            self.horizontalScrollBar().value(),
            self.verticalScrollBar().value(),
            self.palette().cacheKey(),
            self.font().key(),
        )
        if self._canvas is None or key != self._canvas_key:
            canvas = QPixmap(
                max(1, round(viewport.width() * ratio)), max(1, round(viewport.height() * ratio))
            )
            canvas.setDevicePixelRatio(ratio)
            self._canvas, self._canvas_key = canvas, key
            stale = QRegion(viewport.rect())
        else:
            stale = self._dirty.intersected(event.region())
        self._dirty = self._dirty.subtracted(event.region())
        if not stale.isEmpty():
            painter = QPainter(self._canvas)
            painter.setClipRegion(stale)
            self._paint_canvas(painter, stale.boundingRect())
        screen = QPainter(viewport)
        rect = event.rect()
        source = QRectF(
            rect.x() * ratio, rect.y() * ratio, rect.width() * ratio, rect.height() * ratio
        )
        screen.drawPixmap(QRectF(rect), self._canvas, source)
        screen.end()

    def _paint_canvas(self, painter: QPainter, area: QRect) -> None:
        colors = grid_colors(self.palette())
        g = self._geometry()
        width, height = self.viewport().width(), self.viewport().height()
        painter.fillRect(QRectF(area), colors.header)
        grid = self._grid
        if grid is None or not grid.columns:
            painter.setPen(colors.dim_text)
            message = (
                self.tr("Nothing to show yet.")
                if grid is None
                else self.tr("No agent to show for this day.")
            )
            painter.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, message)
            painter.end()
            return
        body = QRectF(g.axis, g.header, width - g.axis, height - g.header)
        exposed = QRectF(area).adjusted(-2, -2, 2, 2)
        painter.save()
        painter.setClipRect(body, Qt.ClipOperation.IntersectClip)
        first = max(0, self._column_at(g.axis, g))
        last = min(len(grid.columns) - 1, self._column_at(width, g))
        for index in range(first, last + 1):
            x = self._column_x(index, g)
            if x + g.column_width >= exposed.left() and x <= exposed.right():
                self._paint_column(painter, index, g, colors, exposed)
        self._paint_drag(painter, g)
        painter.restore()
        self._paint_header(painter, g, colors, first, last)
        self._paint_axis(painter, g, colors)
        painter.end()

    def _paint_column(
        self, painter: QPainter, index: int, g: _Geometry, colors: GridColors, exposed: QRectF
    ) -> None:
        grid = self._grid
        assert grid is not None
        col = grid.columns[index]
        x = self._column_x(index, g)
        w = g.column_width
        top = self._minute_y(grid.axis_start, g)
        bottom = self._minute_y(grid.axis_end, g)

        def band(start: int, end: int) -> QRectF:
            y0 = self._minute_y(max(start, grid.axis_start), g)
            y1 = self._minute_y(min(end, grid.axis_end), g)
            return QRectF(x, y0, w, y1 - y0)

        painter.fillRect(QRectF(x, top, w, bottom - top), colors.non_working)
        for start, end in col.working:
            painter.fillRect(band(start, end), colors.working)
        # Free time from the current quarter hour on; earlier free time stays plain.
        cut = -1
        if col.day == grid.today:
            cut = floor_quarter(grid.now_minute)
        elif col.day > grid.today:
            cut = 0
        if cut >= 0:
            for start, end in col.free:
                if end > cut:
                    painter.fillRect(band(max(start, cut), end), colors.free)
        if self._hover is not None and self._hover[0] == index:
            painter.fillRect(band(self._hover[1], self._hover[1] + QUARTER), colors.free_hover)

        small = QFont(self.font())
        small.setPointSizeF(max(1.0, self.font().pointSizeF() * 0.9))
        fm_small = QFontMetricsF(small)
        painter.setFont(small)
        for blocked in col.blocked:
            rect = band(blocked.start, blocked.end)
            painter.fillRect(rect, colors.blocked)
            paint_hatch(painter, rect, colors.blocked_hatch, g.line / 2)
            self._paint_label(
                painter, rect, blocked.label or self.tr("Blocked"), fm_small, g, colors
            )
        for start, end in col.busy:
            rect = band(start, end)
            painter.fillRect(rect, colors.busy)
            self._paint_label(painter, rect, self.tr("Busy"), fm_small, g, colors)

        # Hour and half-hour lines.
        first_hour = grid.axis_start - grid.axis_start % 60
        for minute in range(first_hour, grid.axis_end + 1, 30):
            y = round(self._minute_y(minute, g)) + 0.5
            painter.setPen(QPen(colors.hour_line if minute % 60 == 0 else colors.half_hour_line, 1))
            painter.drawLine(QPointF(x, y), QPointF(x + w, y))

        if col.closed is not None:
            rect = QRectF(x, top, w, bottom - top)
            painter.fillRect(rect, colors.closed)
            paint_hatch(painter, rect, colors.closed_hatch, g.line / 2)
            label = col.closed or self.tr("Closed")
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            visible_top = max(top, g.header) + g.line
            text_rect = QRectF(x + g.pad, visible_top, w - 2 * g.pad, g.line * 4)
            painter.setPen(colors.text)
            painter.drawText(
                text_rect,
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                label,
            )

        # Keyboard cursor on empty time.
        if self.hasFocus() and self._selected is None and self._cursor[0] == index:
            rect = band(self._cursor[1], self._cursor[1] + QUARTER).adjusted(1, 1, -1, -1)
            pen = QPen(colors.selection, max(1.5, g.line / 8))
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)

        # Column separator.
        painter.setPen(QPen(colors.hour_line, 1))
        painter.drawLine(QPointF(round(x + w) - 0.5, top), QPointF(round(x + w) - 0.5, bottom))

        if col.day == grid.today and grid.axis_start <= grid.now_minute <= grid.axis_end:
            y = self._minute_y(grid.now_minute, g)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(colors.now, max(1.5, g.line / 9)))
            painter.drawLine(QPointF(x, y), QPointF(x + w, y))
            radius = g.line / 5
            painter.setBrush(colors.now)
            painter.drawEllipse(QPointF(x + radius, y), radius, radius)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

        # Appointments last, over the current-time line (which would read as struck text).
        for piece in col.appointments:
            rect = self._block_rect(index, piece, g)
            if rect.intersects(exposed):
                self._paint_appointment(painter, rect, piece, g, colors)

    def _paint_label(
        self,
        painter: QPainter,
        rect: QRectF,
        text: str,
        fm: QFontMetricsF,
        g: _Geometry,
        colors: GridColors,
    ) -> None:
        if rect.height() < fm.height() * 0.8:
            return
        inner = rect.adjusted(g.pad, g.pad / 2, -g.pad, -g.pad / 2)
        painter.setPen(colors.dim_text)
        painter.drawText(
            inner,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            fm.elidedText(text, Qt.TextElideMode.ElideRight, inner.width()),
        )

    def _paint_appointment(
        self,
        painter: QPainter,
        rect: QRectF,
        piece: PlacedAppointment,
        g: _Geometry,
        colors: GridColors,
    ) -> None:
        appointment = piece.appointment
        style = status_style(appointment.status_key, appointment.status_predicate)
        service_color = self._service_color(appointment)
        look_key = (service_color, style.look, colors.working.rgb())
        look = self._looks.get(look_key)
        if look is None:
            look = self._looks[look_key] = block_colors(service_color, style, colors.working)
        line = max(1.0, g.line / 14)
        paint_block(
            painter,
            rect,
            look,
            radius=line * 3,
            line_width=line * (2 if style.outlined else 1),
            stripe_spacing=g.line / 2.5,
        )
        if appointment.id == self._selected:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            width = max(2.0, g.line / 7)
            painter.setPen(QPen(colors.selection, width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(
                rect.adjusted(-width / 2, -width / 2, width / 2, width / 2), line * 4, line * 4
            )
            painter.restore()
        inner = rect.adjusted(g.pad, g.pad / 4, -g.pad / 2, -g.pad / 4)
        if inner.width() < g.pad * 2 or inner.height() < g.line * 0.6:
            return
        lines = self._block_lines(appointment, inner, g)
        plain = g.block_struck if style.struck else g.block_font
        bold = g.block_struck_bold if style.struck else g.block_bold
        painter.save()
        painter.setClipRect(rect)
        painter.setPen(look.text)
        y = inner.top()
        step = g.block_metrics.lineSpacing()
        for text, is_bold in lines:
            painter.setFont(bold if is_bold else plain)
            metrics = g.block_bold_metrics if is_bold else g.block_metrics
            painter.drawText(QPointF(inner.left(), y + metrics.ascent()), text)
            y += step
        painter.restore()

    def _block_lines(
        self, appointment: CalAppointment, inner: QRectF, g: _Geometry
    ) -> list[tuple[str, bool]]:
        """The block's text, elided to its width: as many lines as fit of time (and status
        unless plainly confirmed), customer (bold) and service. Kept until the snapshot,
        the font or the size changes, since repaints (hover, scrolling) are frequent."""
        rows = max(1, int(inner.height() // g.block_metrics.lineSpacing()))
        key = (appointment.id, round(inner.width()), min(rows, 3))
        found = self._texts.get(key)
        if found is not None:
            return found
        grid = self._grid
        assert grid is not None
        local = appointment.start.astimezone(grid.zone.tz)
        start_text = self._time_text(local.hour * 60 + local.minute)
        times = self._appointment_times(appointment)
        if appointment.status_predicate != "confirmation":
            times = f"{times} · {appointment.status_name}"
        wanted: list[tuple[str, bool]]
        if rows == 1:
            wanted = [(f"{start_text} {appointment.customer_name}", True)]
        elif rows == 2:
            wanted = [(times, False), (appointment.customer_name, True)]
        else:
            wanted = [
                (times, False),
                (appointment.customer_name, True),
                (self._service_name(appointment), False),
            ]
        width = inner.width()
        if g.block_metrics.horizontalAdvance(start_text) > width:
            # Too narrow for a time (side-by-side blocks): the customer matters most, and
            # the time is on the axis and in the tooltip.
            wanted = [(appointment.customer_name, True), (self._service_name(appointment), False)]
            wanted = wanted[:rows]
        lines = [
            (
                (g.block_bold_metrics if is_bold else g.block_metrics).elidedText(
                    text, Qt.TextElideMode.ElideRight, width
                ),
                is_bold,
            )
            for text, is_bold in wanted
        ]
        self._texts[key] = lines
        return lines

    def _paint_drag(self, painter: QPainter, g: _Geometry) -> None:
        press = self._press
        grid = self._grid
        if press is None or not press.dragging or press.target is None or grid is None:
            return
        piece = press.hit.piece
        assert piece is not None
        column, minute = press.target
        duration = self._duration_minutes(piece.appointment)
        x = self._column_x(column, g)
        top = self._minute_y(minute, g)
        rect = QRectF(
            x + g.pad / 2, top + 1, g.column_width - g.pad * 3, duration * g.per_minute - 2
        )
        base = QColor(self._service_color(piece.appointment) or "#607d8b")
        fill = QColor(base)
        fill.setAlpha(110)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(fill)
        pen = QPen(base.darker(140), max(1.5, g.line / 8))
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(rect, g.line / 5, g.line / 5)
        text = self._range_text(minute, minute + duration)
        col = grid.columns[column]
        if grid.mode is ViewMode.DAY and col.agent_id != piece.appointment.agent_id:
            text += " · " + grid.agent_names.get(col.agent_id or -1, "")
        fm = QFontMetricsF(self.font())
        label = QRectF(
            rect.left() + g.pad, rect.top(), rect.width() - g.pad * 2, fm.height() + g.pad
        )
        painter.setPen(self.palette().color(self.foregroundRole()))
        back = QColor(self.palette().color(self.backgroundRole()))
        back.setAlpha(220)
        painter.fillRect(
            QRectF(
                label.left(),
                label.top(),
                min(label.width(), fm.horizontalAdvance(text) + g.pad),
                label.height(),
            ),
            back,
        )
        painter.drawText(
            label,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(text, Qt.TextElideMode.ElideRight, label.width()),
        )
        painter.restore()

    def _paint_header(
        self, painter: QPainter, g: _Geometry, colors: GridColors, first: int, last: int
    ) -> None:
        grid = self._grid
        assert grid is not None
        width = self.viewport().width()
        painter.save()
        painter.setClipRect(QRectF(g.axis, 0, width - g.axis, g.header))
        fm = QFontMetricsF(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        fm_bold = QFontMetricsF(bold)
        snapshot = self._snapshot
        agent_colors = {a.id: a.color for a in snapshot.agents} if snapshot else {}
        for index in range(first, last + 1):
            col = grid.columns[index]
            x = self._column_x(index, g)
            rect = QRectF(x, 0, g.column_width, g.header)
            today = col.day == grid.today
            line1, line2 = self._column_title(col)
            inner = rect.adjusted(g.pad, g.pad, -g.pad, -g.pad)
            painter.setPen(colors.text)
            chip = 0.0
            if grid.mode is ViewMode.DAY and col.agent_id is not None:
                chip = fm.height() * 0.7
                painter.save()
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setBrush(QColor(agent_colors.get(col.agent_id, "#607d8b")))
                painter.setPen(Qt.PenStyle.NoPen)
                cy = inner.top() + fm.height() / 2
                painter.drawEllipse(QPointF(inner.left() + chip / 2, cy), chip / 2, chip / 2)
                painter.restore()
                chip += g.pad
            font = bold if (today or grid.mode is ViewMode.DAY) else self.font()
            metrics = fm_bold if font is bold else fm
            painter.setFont(font)
            painter.setPen(
                colors.selection if today and grid.mode is ViewMode.WEEK else colors.text
            )
            text_w = inner.width() - chip
            painter.drawText(
                QPointF(inner.left() + chip, inner.top() + metrics.ascent()),
                metrics.elidedText(line1, Qt.TextElideMode.ElideRight, text_w),
            )
            second = line2
            if col.closed is not None:
                closed = col.closed or self.tr("Closed")
                second = f"{line2} · {closed}" if line2 else closed
            if second:
                painter.setFont(self.font())
                painter.setPen(colors.text if not col.closed else colors.dim_text)
                painter.drawText(
                    QPointF(inner.left(), inner.top() + g.line + fm.ascent()),
                    fm.elidedText(second, Qt.TextElideMode.ElideRight, inner.width()),
                )
            if today:
                painter.fillRect(
                    QRectF(x + 1, g.header - g.pad, g.column_width - 2, g.pad), colors.selection
                )
            painter.setPen(QPen(colors.hour_line, 1))
            painter.drawLine(
                QPointF(round(x + g.column_width) - 0.5, 0),
                QPointF(round(x + g.column_width) - 0.5, g.header),
            )
        painter.setPen(QPen(colors.hour_line, 1))
        painter.drawLine(QPointF(g.axis, g.header - 0.5), QPointF(width, g.header - 0.5))
        painter.restore()

    def _paint_axis(self, painter: QPainter, g: _Geometry, colors: GridColors) -> None:
        grid = self._grid
        assert grid is not None
        height = self.viewport().height()
        painter.save()
        painter.fillRect(QRectF(0, g.header, g.axis, height - g.header), colors.header)
        painter.setClipRect(QRectF(0, g.header, g.axis, height - g.header))
        fm = QFontMetricsF(self.font())
        painter.setFont(self.font())
        painter.setPen(colors.dim_text)
        first_hour = grid.axis_start - grid.axis_start % 60
        for minute in range(first_hour, grid.axis_end, 60):
            y = self._minute_y(minute, g)
            rect = QRectF(0, y + 1, g.axis - g.pad * 1.5, fm.height())
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                self._time_text(minute),
            )
        if any(c.day == grid.today for c in grid.columns) and (
            grid.axis_start <= grid.now_minute <= grid.axis_end
        ):
            y = self._minute_y(grid.now_minute, g)
            text = self._time_text(grid.now_minute)
            box = QRectF(g.pad / 2, y - fm.height() / 2, g.axis - g.pad, fm.height())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setBrush(colors.now)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(box, fm.height() / 4, fm.height() / 4)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
        painter.setPen(QPen(colors.hour_line, 1))
        painter.drawLine(QPointF(g.axis - 0.5, g.header), QPointF(g.axis - 0.5, height))
        # Corner: the zone the times are in.
        corner = QRectF(0, 0, g.axis, g.header)
        painter.fillRect(corner, colors.header)
        zone_name = self._zone_abbreviation()
        painter.setPen(colors.dim_text)
        painter.drawText(
            corner.adjusted(g.pad, g.pad, -g.pad, -g.pad),
            Qt.AlignmentFlag.AlignCenter,
            fm.elidedText(zone_name, Qt.TextElideMode.ElideRight, g.axis - 2 * g.pad),
        )

    def _zone_abbreviation(self) -> str:
        grid = self._grid
        if grid is None or not grid.columns:
            return ""
        noon = instant_at(grid.zone, grid.columns[0].day, 12 * 60)
        return noon.astimezone(grid.zone.tz).tzname() or grid.tz


__all__ = ["Hit", "HitKind", "TimeGridView"]
