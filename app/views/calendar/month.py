"""The month view: six weeks of days, each with its count and its first appointments.

The view is a single painted widget rather than 42 child widgets: a month of a busy branch
holds a couple of thousand appointments, and painting them from lists prepared once in
:meth:`MonthView.set_snapshot` (grouped by the branch's local day, times already formatted)
keeps scrolling through months smooth. Nothing is read from the database here; the grid's
geometry and "how many items fit" are plain functions, tested without painting. Each
appointment's chip takes its service's colour and its status's look from
app.views.calendar.style, so it reads the same as in the day and week views.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
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
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QRegion,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.booking.calendar_data import CalendarSnapshot
from app.views.calendar.navigation import week_start
from app.views.calendar.style import (
    FALLBACK_SERVICE_COLOR,
    BlockColors,
    StatusLook,
    StatusStyle,
    block_colors,
    mix,
    none_refs_kept,
    status_style,
)
from app.views.qtdates import qdate

WEEKS = 6
DAYS_SHOWN = WEEKS * 7
#: How many appointments a day's tooltip lists before it says how many more there are.
TOOLTIP_ITEMS = 15


def qt_first_weekday(locale: QLocale) -> int:
    """The locale's first day of the week as ``date.weekday()`` (Monday 0 ... Sunday 6)."""
    return (locale.firstDayOfWeek().value - 1) % 7


def month_grid(anchor: date, first_weekday: int = 0) -> list[date]:
    """The 42 dates the month of ``anchor`` shows: six whole weeks from the week holding
    the 1st, so every month (even a 28-day February starting on the first weekday) gets the
    same grid and the rows never jump when paging through months."""
    start = week_start(anchor.replace(day=1), first_weekday)
    return [start + timedelta(days=i) for i in range(DAYS_SHOWN)]


def grid_range(anchor: date, first_weekday: int = 0) -> tuple[date, date]:
    """First and last date (inclusive) of the grid: load the snapshot for this range to fill
    the dimmed days of the neighbouring months too."""
    days = month_grid(anchor, first_weekday)
    return days[0], days[-1]


def fitting_items(count: int, capacity: int) -> tuple[int, int]:
    """How many of ``count`` items a cell with room for ``capacity`` lines lists, and how
    many the "+N more" line then stands for (0: no such line). The "+N more" line takes a
    line of its own, so it never says "+1 more" where the item itself would have fitted."""
    if capacity <= 0:
        return 0, count
    if count <= capacity:
        return count, 0
    shown = capacity - 1
    return shown, count - shown


@dataclass(frozen=True)
class _Item:
    """One appointment as the month cell draws it, prepared in set_snapshot."""

    start_key: tuple[int, int]
    time_text: str
    label: str
    detail: str
    #: The service's colour (#rrggbb); the chip is drawn in it.
    color: str
    #: The status's look, shared with the day and week views (style.status_style).
    look: StatusStyle


@dataclass(frozen=True)
class _Style:
    """Fonts, metrics and palette colors of one paint, made once instead of per cell."""

    font: QFont
    fm: QFontMetrics
    bold: QFont
    bold_fm: QFontMetrics
    small: QFont
    small_fm: QFontMetrics
    italic: QFont
    italic_fm: QFontMetrics
    item: QFont
    item_fm: QFontMetrics
    item_bold: QFont
    item_bold_fm: QFontMetrics
    strike: QFont
    window: QColor
    base: QColor
    button: QColor
    button_text: QColor
    mid: QColor
    text: QColor
    dim: QColor
    highlight: QColor
    highlighted_text: QColor
    link: QColor
    pad: int
    top_h: int
    line_h: int
    chip: float
    rtl: bool
    leading: Qt.AlignmentFlag
    #: Chip colours by (service colour, status look), filled as the paint goes.
    chips: dict[tuple[str, StatusLook], BlockColors] = field(default_factory=dict)

    def chip_colors(self, color: str, look: StatusStyle) -> BlockColors:
        key = (color, look.look)
        found = self.chips.get(key)
        if found is None:
            found = self.chips[key] = block_colors(color, look, self.base)
        return found

    @staticmethod
    def of(view: MonthView) -> _Style:
        palette = view.palette()
        font = QFont(view.font())
        bold = QFont(font)
        bold.setBold(True)
        small = _scaled(font, 0.85)
        italic = _scaled(font, 0.92)
        italic.setItalic(True)
        item = view._item_font()
        item_bold = QFont(item)
        item_bold.setBold(True)
        strike = QFont(item)
        strike.setStrikeOut(True)
        item_fm = QFontMetrics(item)
        role = QPalette.ColorRole
        return _Style(
            font=font,
            fm=QFontMetrics(font),
            bold=bold,
            bold_fm=QFontMetrics(bold),
            small=small,
            small_fm=QFontMetrics(small),
            italic=italic,
            italic_fm=QFontMetrics(italic),
            item=item,
            item_fm=item_fm,
            item_bold=item_bold,
            item_bold_fm=QFontMetrics(item_bold),
            strike=strike,
            window=palette.color(role.Window),
            base=palette.color(role.Base),
            button=palette.color(role.Button),
            button_text=palette.color(role.ButtonText),
            mid=palette.color(role.Mid),
            text=palette.color(role.Text),
            dim=palette.color(role.PlaceholderText),
            highlight=palette.color(role.Highlight),
            highlighted_text=palette.color(role.HighlightedText),
            link=palette.color(role.Link),
            pad=view._padding(),
            top_h=view._top_height(),
            line_h=view._line_height(),
            chip=max(4.0, item_fm.ascent() * 0.62),
            rtl=view.layoutDirection() == Qt.LayoutDirection.RightToLeft,
            leading=Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading,
        )


def _scaled(font: QFont, factor: float) -> QFont:
    out = QFont(font)
    out.setPointSizeF(font.pointSizeF() * factor)
    return out


@dataclass(frozen=True)
class _Geometry:
    header: QRectF
    cells: QRectF
    cell_w: float
    cell_h: float


class MonthView(QWidget):
    """Six weeks of the branch's calendar; a day is opened with a click or Enter.

    Call :meth:`set_snapshot` with a snapshot covering at least the anchor's month
    (:func:`grid_range` covers the dimmed days of the neighbouring months as well; days the
    snapshot does not cover show only their date).
    """

    #: The day (datetime.date) the user opened with a click or Enter.
    day_activated = Signal(object)
    #: The day (datetime.date) the keyboard focus moved to.
    focus_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monthView")
        self.setAccessibleName(self.tr("Month calendar"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        # Nothing but the weekday header is drawn until the first set_snapshot.
        self._anchor = date(1970, 1, 1)
        self._today: date | None = None
        self._days: list[date] = []
        self._focus = self._anchor
        self._covered: tuple[date, date] | None = None
        self._items: dict[date, list[_Item]] = {}
        self._closed: dict[date, str] = {}
        self._pressed: date | None = None
        self._dirty = QRegion()
        self._canvas: QPixmap | None = None
        self._canvas_key: tuple[object, ...] | None = None
        self._elided: dict[tuple[date, int], list[str]] = {}
        self._elided_width = 0
        self._weekday_names: list[tuple[str, str]] = []
        self._update_weekday_names()

    # -- data -----------------------------------------------------------------------

    def set_snapshot(
        self,
        snapshot: CalendarSnapshot,
        *,
        anchor: date,
        show_cancelled: bool = False,
        today: date,
    ) -> None:
        """Show the month of ``anchor`` from ``snapshot``.

        Groups the appointments by the branch's local day and formats their times here,
        once, so that painting only walks ready-made lists. Cancelled appointments are left
        out unless ``show_cancelled``; ``today`` (the branch's local date) is highlighted.
        """
        zone = ZoneInfo(snapshot.tz)
        locale = self.locale()
        same_month = (anchor.year, anchor.month) == (self._anchor.year, self._anchor.month)
        self._anchor = anchor
        self._today = today
        self._days = month_grid(anchor, qt_first_weekday(locale))
        self._covered = (snapshot.first, snapshot.last)
        if not (same_month and self._shows(self._focus)):
            self._focus = anchor

        agents = {a.id: a.name for a in snapshot.agents}
        times: dict[tuple[int, int], str] = {}
        grouped: dict[date, list[_Item]] = defaultdict(list)
        for appt in snapshot.appointments:
            look = status_style(appt.status_key, appt.status_predicate)
            if look.hidden_by_default and not show_cancelled:
                continue
            local = appt.start.astimezone(zone)
            key = (local.hour, local.minute)
            text = times.get(key)
            if text is None:
                text = locale.toString(QTime(*key), QLocale.FormatType.ShortFormat)
                times[key] = text
            booked = snapshot.services.get(appt.service_id)
            service_name = booked.name if booked else ""
            agent_name = agents.get(appt.agent_id, "") if appt.agent_id is not None else ""
            detail = " — ".join(p for p in (service_name, agent_name, appt.status_name) if p)
            grouped[local.date()].append(
                _Item(
                    start_key=key,
                    time_text=text,
                    label=appt.customer_name or service_name,
                    detail=detail,
                    color=booked.color if booked else FALLBACK_SERVICE_COLOR,
                    look=look,
                )
            )
        # The snapshot comes sorted by start instant, which is also local order within a
        # day; sort anyway so a hand-built snapshot paints in time order too.
        for items in grouped.values():
            items.sort(key=lambda item: item.start_key)
        self._items = dict(grouped)
        self._elided = {}
        self._closed = dict(snapshot.closed_days)
        self._announce_focus()
        self._invalidate()

    def clear(self) -> None:
        """Forget the appointments (e.g. while a new snapshot loads); the dates stay."""
        self._items = {}
        self._elided = {}
        self._closed = {}
        self._covered = None
        self._invalidate()

    # -- queries (also used by the tests) -------------------------------------------

    @property
    def anchor(self) -> date:
        return self._anchor

    def days(self) -> list[date]:
        """The 42 dates shown, first weekday first."""
        return list(self._days)

    def focused_day(self) -> date:
        return self._focus

    def set_focused_day(self, day: date) -> None:
        """Move the keyboard focus to ``day`` if the grid shows it."""
        if day == self._focus or not self._shows(day):
            return
        old, self._focus = self._focus, day
        self._announce_focus()
        self.focus_changed.emit(day)
        # only the two cells whose frame changes are painted again
        self._invalidate(self.day_rect(old).adjusted(-2, -2, 2, 2))
        self._invalidate(self.day_rect(day).adjusted(-2, -2, 2, 2))

    def _shows(self, day: date) -> bool:
        return bool(self._days) and self._days[0] <= day <= self._days[-1]

    def covers(self, day: date) -> bool:
        """Whether the snapshot says anything about ``day`` (else only its date is drawn)."""
        return self._covered is not None and self._covered[0] <= day <= self._covered[1]

    def appointment_count(self, day: date) -> int:
        """How many appointments ``day`` shows (cancelled ones only with show_cancelled)."""
        return len(self._items.get(day, ()))

    def closed_label(self, day: date) -> str | None:
        """What the day's cell says about a closure: the holiday's name, "Closed" for a
        closed weekday, None on an open day."""
        if day not in self._closed:
            return None
        return self._closed[day] or self.tr("Closed")

    def visible_lines(self, day: date) -> tuple[list[str], int]:
        """The item lines drawn in ``day``'s cell at the current size, and the N of its
        "+N more" line (0 when everything fits)."""
        items = self._items.get(day, [])
        shown, more = fitting_items(len(items), self._capacity(self._geometry()))
        return [f"{i.time_text} {i.label}" for i in items[:shown]], more

    def line_rect(self, day: date, index: int) -> QRect:
        """Where the ``index``-th line of ``day``'s cell (an appointment, or the "+N more"
        line after them) is drawn, in widget coordinates; the chip is at its leading end."""
        if not self._shows(day):
            return QRect()
        cell = self._cell_rect(self._geometry(), (day - self._days[0]).days)
        pad = self._padding()
        line_h = self._line_height()
        top = cell.top() + pad + self._top_height() + index * line_h
        return QRectF(cell.left() + 2 * pad, top, cell.width() - 4 * pad, line_h).toAlignedRect()

    def day_rect(self, day: date) -> QRect:
        """The cell of ``day`` in widget coordinates (empty if the grid does not show it)."""
        if not self._shows(day):
            return QRect()
        return self._cell_rect(self._geometry(), (day - self._days[0]).days).toAlignedRect()

    def date_at(self, pos: QPoint | QPointF) -> date | None:
        """The day under ``pos`` (widget coordinates), None over the header or outside."""
        geo = self._geometry()
        point = QPointF(pos)
        if not self._days or not geo.cells.contains(point) or geo.cell_w <= 0 or geo.cell_h <= 0:
            return None
        column = int((point.x() - geo.cells.left()) // geo.cell_w)
        row = int((point.y() - geo.cells.top()) // geo.cell_h)
        column = min(max(column, 0), 6)
        row = min(max(row, 0), WEEKS - 1)
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            column = 6 - column
        return self._days[row * 7 + column]

    def day_summary(self, day: date) -> str:
        """One sentence about ``day`` for screen readers and the tooltip's first line."""
        locale = self.locale()
        text = locale.toString(qdate(day), QLocale.FormatType.LongFormat)
        closed = self.closed_label(day)
        if closed:
            text += ", " + closed
        if self.covers(day):
            count = self.appointment_count(day)
            if count == 0:
                text += ": " + self.tr("no appointments")
            elif count == 1:
                text += ": " + self.tr("1 appointment")
            else:
                text += ": " + self.tr("%1 appointments").replace("%1", locale.toString(count))
        if day == self._today:
            text += " (" + self.tr("today") + ")"
        return text

    # -- geometry -------------------------------------------------------------------

    def _item_font(self) -> QFont:
        return _scaled(self.font(), 0.92)

    def _line_height(self) -> int:
        return QFontMetrics(self._item_font()).height() + 1

    def _top_height(self) -> int:
        """Height of a cell's first line (the date), from the font, so it scales."""
        return int(QFontMetrics(self.font()).height() * 1.5)

    def _geometry(self) -> _Geometry:
        rect = QRectF(self.rect())
        header_h = QFontMetrics(self.font()).height() * 1.6
        header = QRectF(rect.left(), rect.top(), rect.width(), header_h)
        cells = QRectF(rect.left(), header.bottom(), rect.width(), rect.height() - header_h)
        return _Geometry(header, cells, cells.width() / 7, cells.height() / WEEKS)

    def _cell_rect(self, geo: _Geometry, index: int) -> QRectF:
        row, column = divmod(index, 7)
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            column = 6 - column
        left = round(geo.cells.left() + column * geo.cell_w)
        right = round(geo.cells.left() + (column + 1) * geo.cell_w)
        top = round(geo.cells.top() + row * geo.cell_h)
        bottom = round(geo.cells.top() + (row + 1) * geo.cell_h)
        return QRectF(left, top, right - left, bottom - top)

    def _capacity(self, geo: _Geometry) -> int:
        room = geo.cell_h - self._top_height() - self._padding()
        return max(0, int(room // self._line_height()))

    def _padding(self) -> int:
        return max(2, QFontMetrics(self.font()).height() // 5)

    def sizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        width = 7 * fm.horizontalAdvance("00:00 Abcdefghijklm")
        height = int(fm.height() * 1.6 + WEEKS * (fm.height() * 1.5 + 4 * fm.height()))
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        return QSize(7 * fm.horizontalAdvance("00"), int(fm.height() * (1.6 + WEEKS * 1.6)))

    # -- painting -------------------------------------------------------------------

    def _invalidate(self, rect: QRect | QRectF | None = None) -> None:
        """Mark part of the view (all of it by default) as changed, and schedule a paint."""
        if rect is None:
            self._dirty = QRegion(self.rect())
            self.update()
            return
        area = rect.toAlignedRect() if isinstance(rect, QRectF) else rect
        self._dirty = self._dirty.united(area)
        self.update(area)

    def paintEvent(self, event: QPaintEvent) -> None:
        # What is on screen is kept in a pixmap; only regions given to _invalidate are
        # painted again, so a repaint with no change is one copy.
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio, self.palette().cacheKey(), self.font().key())
        canvas = self._canvas
        if canvas is None or key != self._canvas_key:
            canvas = QPixmap(
                max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio))
            )
            canvas.setDevicePixelRatio(ratio)
            self._canvas, self._canvas_key = canvas, key
            stale = QRegion(self.rect())
        else:
            stale = self._dirty.intersected(event.region())
        self._dirty = self._dirty.subtracted(event.region())
        if not stale.isEmpty():
            with none_refs_kept():
                self._paint(canvas, stale)
        screen = QPainter(self)
        rect = event.rect()
        source = QRectF(
            rect.x() * ratio, rect.y() * ratio, rect.width() * ratio, rect.height() * ratio
        )
        screen.drawPixmap(QRectF(rect), canvas, source)
        screen.end()

    def _paint(self, device: QPixmap, stale: QRegion) -> None:
        painter = QPainter(device)
        try:
            painter.setClipRegion(stale)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            style = _Style.of(self)
            painter.fillRect(self.rect(), style.window)
            geo = self._geometry()
            self._paint_header(painter, geo, style)
            exposed = QRectF(stale.boundingRect())
            for index, day in enumerate(self._days):
                cell = self._cell_rect(geo, index)
                if cell.intersects(exposed):
                    self._paint_cell(painter, geo, cell, day, style)
            self._paint_grid(painter, geo, style)
        finally:
            painter.end()

    def _update_weekday_names(self) -> None:
        locale = self.locale()
        first = qt_first_weekday(locale)
        names = []
        for i in range(7):
            qt_day = (first + i) % 7 + 1
            names.append(
                (
                    locale.standaloneDayName(qt_day, QLocale.FormatType.LongFormat),
                    locale.standaloneDayName(qt_day, QLocale.FormatType.ShortFormat),
                )
            )
        self._weekday_names = names

    def _paint_header(self, painter: QPainter, geo: _Geometry, style: _Style) -> None:
        painter.fillRect(geo.header, style.button)
        painter.setPen(style.button_text)
        painter.setFont(style.bold)
        fm = style.bold_fm
        pad = style.pad * 2
        for column, (long_name, short_name) in enumerate(self._weekday_names):
            cell = self._cell_rect(geo, column)
            rect = QRectF(
                cell.left() + pad, geo.header.top(), cell.width() - 2 * pad, geo.header.height()
            )
            name = long_name if fm.horizontalAdvance(long_name) <= rect.width() else short_name
            name = fm.elidedText(name, Qt.TextElideMode.ElideRight, int(rect.width()))
            painter.drawText(rect, style.leading, name)

    def _paint_grid(self, painter: QPainter, geo: _Geometry, style: _Style) -> None:
        pen = QPen(style.mid)
        pen.setWidth(1)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for column in range(1, 7):
            x = round(geo.cells.left() + column * geo.cell_w)
            painter.drawLine(QPointF(x, geo.header.top()), QPointF(x, geo.cells.bottom()))
        for row in range(WEEKS):
            y = round(geo.cells.top() + row * geo.cell_h)
            painter.drawLine(QPointF(geo.cells.left(), y), QPointF(geo.cells.right(), y))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        # the focused day's frame goes over the grid lines
        if self.hasFocus() and self._shows(self._focus):
            cell = self._cell_rect(geo, (self._focus - self._days[0]).days)
            focus_pen = QPen(style.highlight)
            focus_pen.setWidthF(max(2.0, style.fm.height() / 8))
            focus_pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(focus_pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = focus_pen.widthF() / 2
            painter.drawRect(cell.adjusted(half, half, -half, -half))

    def _paint_cell(
        self, painter: QPainter, geo: _Geometry, cell: QRectF, day: date, style: _Style
    ) -> None:
        in_month = day.month == self._anchor.month
        closed = self.closed_label(day)
        base = style.base if in_month else style.window
        if closed is not None:
            base = mix(base, style.mid, 0.22)
        if day == self._today:
            base = mix(base, style.highlight, 0.14)
        painter.fillRect(cell, base)
        main_color = style.text if in_month else style.dim

        pad = style.pad
        inner = cell.adjusted(pad * 2, pad, -pad * 2, -pad)
        top = QRectF(inner.left(), inner.top(), inner.width(), style.top_h - pad)

        # the date: "1 Dec" on the first of a month, the bare number otherwise
        font, fm = (style.bold, style.bold_fm) if in_month else (style.font, style.fm)
        locale = self.locale()
        number = locale.toString(day.day)
        label = (
            f"{number} {locale.monthName(day.month, QLocale.FormatType.ShortFormat)}"
            if day.day == 1
            else number
        )
        label_w = fm.horizontalAdvance(label)
        painter.setFont(font)
        if day == self._today:
            bubble_h = fm.height() * 1.15
            bubble_w = max(bubble_h, label_w + fm.height() * 0.6)
            bubble = QRectF(top.left() - pad, top.center().y() - bubble_h / 2, bubble_w, bubble_h)
            if style.rtl:
                bubble.moveRight(top.right() + pad)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.highlight)
            painter.drawRoundedRect(bubble, bubble_h / 2, bubble_h / 2)
            painter.setPen(style.highlighted_text)
            painter.drawText(bubble, Qt.AlignmentFlag.AlignCenter, label)
            used = bubble.width() - pad
        else:
            painter.setPen(main_color)
            painter.drawText(top, style.leading, label)
            used = float(label_w)

        # the count, as a small pill at the trailing edge
        count = self.appointment_count(day) if self.covers(day) else 0
        count_w = 0.0
        if count:
            sfm = style.small_fm
            text = locale.toString(count)
            pill_h = sfm.height() * 1.05
            count_w = max(pill_h, sfm.horizontalAdvance(text) + sfm.height() * 0.8)
            pill = QRectF(top.right() - count_w, top.center().y() - pill_h / 2, count_w, pill_h)
            if style.rtl:
                pill.moveLeft(top.left())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mix(base, main_color, 0.16))
            painter.drawRoundedRect(pill, pill_h / 2, pill_h / 2)
            painter.setPen(main_color)
            painter.setFont(style.small)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)

        # the holiday's name (or "Closed") between the date and the count
        if closed:
            ifm = style.italic_fm
            gap = fm.height() * 0.4
            room = top.width() - used - count_w - 2 * gap
            if room > ifm.horizontalAdvance("…") * 2:
                rect = QRectF(top.left() + used + gap, top.top(), room, top.height())
                if style.rtl:
                    rect.moveRight(top.right() - used - gap)
                painter.setFont(style.italic)
                painter.setPen(style.dim)
                painter.drawText(
                    rect,
                    style.leading,
                    ifm.elidedText(closed, Qt.TextElideMode.ElideRight, int(room)),
                )

        items = self._items.get(day) if self.covers(day) else None
        if not items:
            return
        shown, more = fitting_items(len(items), self._capacity(geo))
        line_h = style.line_h
        chip = style.chip
        indent = chip * 1.6
        width = int(inner.width() - indent)
        lines = self._elided_lines(day, items[:shown], width, style.item_fm)
        y = cell.top() + pad + style.top_h
        item_pen = style.dim if not in_month else style.text
        chip_pen = QPen()
        chip_pen.setWidthF(max(1.0, chip / 8))
        for item, text in zip(items[:shown], lines, strict=True):
            line = QRectF(inner.left(), y, inner.width(), line_h)
            chip_rect = QRectF(0, line.center().y() - chip / 2, chip, chip)
            chip_rect.moveLeft(line.right() - chip if style.rtl else line.left())
            colors = style.chip_colors(item.color, item.look)
            chip_pen.setColor(colors.border)
            chip_pen.setStyle(Qt.PenStyle.DashLine if colors.dashed else Qt.PenStyle.SolidLine)
            painter.setPen(chip_pen)
            painter.setBrush(colors.fill)
            painter.drawRoundedRect(chip_rect, chip / 4, chip / 4)
            text_rect = (
                line.adjusted(0, 0, -indent, 0) if style.rtl else line.adjusted(indent, 0, 0, 0)
            )
            painter.setFont(style.strike if item.look.struck else style.item)
            painter.setPen(style.dim if item.look.faded else item_pen)
            painter.drawText(text_rect, style.leading, text)
            y += line_h
        if more:
            line = QRectF(inner.left(), y, inner.width(), line_h)
            painter.setFont(style.item_bold)
            painter.setPen(style.link if in_month else style.dim)
            painter.drawText(
                line,
                style.leading,
                style.item_bold_fm.elidedText(
                    self.tr("+%1 more").replace("%1", locale.toString(more)),
                    Qt.TextElideMode.ElideRight,
                    int(line.width()),
                ),
            )

    def _elided_lines(
        self, day: date, items: list[_Item], width: int, fm: QFontMetrics
    ) -> list[str]:
        """The item lines of ``day`` elided to ``width``, kept until the data or the width
        changes: eliding is the costliest part of painting a busy month."""
        if width != self._elided_width:
            self._elided = {}
            self._elided_width = width
        key = (day, len(items))
        cached = self._elided.get(key)
        if cached is None:
            cached = [
                fm.elidedText(f"{i.time_text}  {i.label}", Qt.TextElideMode.ElideRight, width)
                for i in items
            ]
            self._elided[key] = cached
        return cached

    # -- input ----------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        day = self.date_at(event.position())
        self._pressed = day
        if day is not None:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.set_focused_day(day)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        day = self.date_at(event.position())
        pressed, self._pressed = self._pressed, None
        if day is not None and day == pressed:
            self.day_activated.emit(day)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)  # Alt+arrows and the like belong to the window
            return
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        moves = {
            Qt.Key.Key_Left: 1 if rtl else -1,
            Qt.Key.Key_Right: -1 if rtl else 1,
            Qt.Key.Key_Up: -7,
            Qt.Key.Key_Down: 7,
        }
        if not self._days:
            super().keyPressEvent(event)
            return
        if key in moves:
            # past the grid's edge the focus stays put (keeping its column); Alt+arrows
            # or Page Up/Down of the window change the month
            self.set_focused_day(self._focus + timedelta(days=moves[key]))
        elif key == Qt.Key.Key_Home:
            self.set_focused_day(self._anchor.replace(day=1))
        elif key == Qt.Key.Key_End:
            next_month = (self._anchor.replace(day=28) + timedelta(days=4)).replace(day=1)
            self.set_focused_day(next_month - timedelta(days=1))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.day_activated.emit(self._focus)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._invalidate()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._invalidate()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            day = self.date_at(event.pos())
            if day is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._tooltip(day), self, self.day_rect(day))
            return True
        if event.type() == QEvent.Type.FontChange:
            self._elided = {}
        if event.type() in (QEvent.Type.LocaleChange, QEvent.Type.LayoutDirectionChange):
            self._update_weekday_names()
            if self._days:
                self._days = month_grid(self._anchor, qt_first_weekday(self.locale()))
            self._invalidate()
        return super().event(event)

    def _tooltip(self, day: date) -> str:
        lines = [self.day_summary(day)]
        items = self._items.get(day, []) if self.covers(day) else []
        for item in items[:TOOLTIP_ITEMS]:
            line = f"{item.time_text}  {item.label}"
            if item.detail:
                line += f" ({item.detail})"
            lines.append(line)
        if len(items) > TOOLTIP_ITEMS:
            rest = self.locale().toString(len(items) - TOOLTIP_ITEMS)
            lines.append(self.tr("+%1 more").replace("%1", rest))
        return "\n".join(lines)

    def _announce_focus(self) -> None:
        """Screen readers read the focused day from the accessible description."""
        self.setAccessibleDescription(
            self.day_summary(self._focus) + ". " + self.tr("Press Enter to open the day.")
        )
        if QAccessible.isActive():
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
            )


__all__ = ["MonthView", "fitting_items", "grid_range", "month_grid", "qt_first_weekday"]
