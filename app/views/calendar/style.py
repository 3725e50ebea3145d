"""How calendar blocks look: colours, contrast, status looks and the legend that explains them.

Shared by the day/week time grid and the month view so that an appointment looks the same
everywhere. An appointment is filled with its service's colour; its status changes the
*look* (pending outlined and striped, cancelled faded, no-show struck through, completed
muted), never the hue, so the service stays recognisable at a glance and the status stays
readable for people who do not tell colours apart. Everything else (grid lines, free,
blocked and busy time) is derived from the widget's palette, so light and dark themes both
work; only text on a service colour is fixed black or white, whichever contrasts more.
"""

from __future__ import annotations

import ctypes
import math
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

#: Used when a service's colour is missing or unreadable.
FALLBACK_SERVICE_COLOR = "#607d8b"
BLACK = "#000000"
WHITE = "#ffffff"


# -- PySide6 6.12 on Python 3.11 ------------------------------------------------------


@contextmanager
def none_refs_kept() -> Iterator[None]:
    """Give ``None`` back the references PySide6 6.12 takes from it inside the block.

    On Python 3.11, where ``None`` is not yet immortal, each call of a Qt method that
    returns nothing (setPen, fillRect, update...) drops a reference to ``None`` it never
    took. A calendar repaint makes thousands of such calls, and the interpreter aborts
    with "deallocating None" once the count runs out. The references lost in the block
    are counted and added back in one step. A block that legitimately frees references
    to ``None`` gets them back too, which only keeps ``None`` alive, as it always is.
    From Python 3.12 on ``None`` is immortal and nothing is done.
    """
    if sys.version_info >= (3, 12):
        yield
        return
    before = sys.getrefcount(None)
    try:
        yield
    finally:
        lost = before - sys.getrefcount(None)
        if lost > 0:
            # ob_refcnt is the first field of every object on CPython 3.11; the GIL is
            # held, so no other thread changes it meanwhile.
            ctypes.c_ssize_t.from_address(id(None)).value += lost


# -- contrast (pure) ------------------------------------------------------------------


def parse_hex(color: str) -> tuple[int, int, int]:
    """``#rgb``, ``#rrggbb`` or Qt's ``#aarrggbb`` as an (r, g, b) triple of 0-255."""
    text = color.strip()
    digits = text[1:] if text.startswith("#") else ""
    try:
        if len(digits) == 3:
            return (int(digits[0] * 2, 16), int(digits[1] * 2, 16), int(digits[2] * 2, 16))
        if len(digits) in (6, 8):
            rgb = digits[-6:]
            return (int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16))
    except ValueError:
        pass
    raise ValueError(f"{color!r} is not a colour of the form #rrggbb")


def _linear(channel: int) -> float:
    c = channel / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour: 0 for black, 1 for white."""
    r, g, b = parse_hex(color)
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    a, b = relative_luminance(first), relative_luminance(second)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def text_color_for(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (``"#000000"``/``"#ffffff"``).

    Decided by WCAG contrast rather than a brightness guess, so mid-tone colours such as
    orange get black text and deep ones get white.
    """
    if contrast_ratio(background, BLACK) >= contrast_ratio(background, WHITE):
        return BLACK
    return WHITE


# -- status looks (pure) --------------------------------------------------------------


class StatusLook(Enum):
    NORMAL = "normal"
    PENDING = "pending"
    CANCELLED = "cancelled"
    NO_SHOW = "noshow"
    COMPLETED = "completed"


@dataclass(frozen=True)
class StatusStyle:
    """How a status changes a block drawn in its service's colour."""

    look: StatusLook
    #: Light fill with a solid border in the service colour (not yet confirmed).
    outlined: bool = False
    #: Diagonal stripes over the fill.
    striped: bool = False
    #: Washed far towards the background with a dashed border (no longer happening).
    faded: bool = False
    #: The text is struck through.
    struck: bool = False
    #: Colour desaturated and dimmed (done; of less interest now).
    muted: bool = False
    #: Left out of the grid unless the user asks to see cancelled appointments.
    hidden_by_default: bool = False


_STYLES = {
    StatusLook.NORMAL: StatusStyle(StatusLook.NORMAL),
    StatusLook.PENDING: StatusStyle(StatusLook.PENDING, outlined=True, striped=True),
    StatusLook.CANCELLED: StatusStyle(StatusLook.CANCELLED, faded=True, hidden_by_default=True),
    StatusLook.NO_SHOW: StatusStyle(StatusLook.NO_SHOW, struck=True),
    StatusLook.COMPLETED: StatusStyle(StatusLook.COMPLETED, muted=True),
}


def status_style(status_key: str, predicate: str | None) -> StatusStyle:
    """The look of a status. The meaning (predicate) wins over the key, so a status an
    administrator adds with the ``cancellation`` meaning is hidden like the built-in one;
    the built-in ``noshow`` and ``completed`` keys have no predicate and are known by key."""
    if predicate == "cancellation":
        return _STYLES[StatusLook.CANCELLED]
    if predicate == "start":
        return _STYLES[StatusLook.PENDING]
    look = {
        "pending": StatusLook.PENDING,
        "cancelled": StatusLook.CANCELLED,
        "noshow": StatusLook.NO_SHOW,
        "completed": StatusLook.COMPLETED,
    }.get(status_key, StatusLook.NORMAL)
    return _STYLES[look]


# -- colours from the palette ---------------------------------------------------------


def mix(first: QColor, second: QColor, amount: float) -> QColor:
    """``first`` moved ``amount`` (0..1) of the way towards ``second``, opaque."""
    t = min(max(amount, 0.0), 1.0)
    return QColor(
        round(first.red() + (second.red() - first.red()) * t),
        round(first.green() + (second.green() - first.green()) * t),
        round(first.blue() + (second.blue() - first.blue()) * t),
    )


def service_qcolor(color: str | None) -> QColor:
    """A service's colour as a QColor, or the fallback when it is missing or unreadable."""
    found = QColor(color) if color else QColor()
    if not found.isValid():
        found = QColor(FALLBACK_SERVICE_COLOR)
    found.setAlpha(255)
    return found


def contrast_text(background: QColor) -> QColor:
    return QColor(text_color_for(background.name()))


@dataclass(frozen=True)
class BlockColors:
    fill: QColor
    text: QColor
    border: QColor
    #: Colour of the stripes of a striped look, else None.
    stripe: QColor | None
    #: Dashed border (faded looks).
    dashed: bool


def block_colors(service_color: str | None, style: StatusStyle, background: QColor) -> BlockColors:
    """Fill, text and border of a block of ``service_color`` in ``style`` over ``background``.

    Lightened and muted fills are mixed with the background rather than drawn translucent,
    so the text colour can be chosen for the colour actually on screen.
    """
    base = service_qcolor(service_color)
    stripe: QColor | None = None
    dashed = False
    if style.faded:
        fill = mix(base, background, 0.78)
        border = mix(base, background, 0.35)
        dashed = True
    elif style.outlined:
        fill = mix(base, background, 0.72)
        border = base
        if style.striped:
            stripe = mix(base, background, 0.45)
    elif style.muted:
        grey = QColor.fromHslF(base.hslHueF(), base.hslSaturationF() * 0.3, base.lightnessF())
        fill = mix(grey.toRgb(), background, 0.45)
        border = mix(grey.toRgb(), background, 0.15)
    elif style.struck:
        fill = mix(base, background, 0.35)
        border = base
    else:
        fill = base
        border = base.darker(130)
    text = contrast_text(fill)
    if style.faded:
        # Still readable (contrast kept), visibly quieter than live appointments.
        text = mix(text, fill, 0.25)
    return BlockColors(fill, text, border, stripe, dashed)


def paint_block(
    painter: QPainter,
    rect: QRectF,
    colors: BlockColors,
    *,
    radius: float,
    line_width: float,
    stripe_spacing: float,
) -> None:
    """The block's background: rounded fill, stripes if any, and border (no text)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    path = QPainterPath()
    inner = rect.adjusted(line_width / 2, line_width / 2, -line_width / 2, -line_width / 2)
    path.addRoundedRect(inner, radius, radius)
    painter.fillPath(path, colors.fill)
    if colors.stripe is not None and stripe_spacing > 0:
        painter.setClipPath(path, Qt.ClipOperation.IntersectClip)
        pen = QPen(colors.stripe, max(1.0, line_width * 0.75))
        painter.setPen(pen)
        height = inner.height()
        x = inner.left() - height
        while x < inner.right():
            painter.drawLine(QPointF(x, inner.bottom()), QPointF(x + height, inner.top()))
            x += stripe_spacing
        painter.setClipping(False)
    pen = QPen(colors.border, line_width)
    if colors.dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    painter.restore()


@dataclass(frozen=True)
class GridColors:
    """Colours of the calendar's background layers, derived from a palette."""

    working: QColor
    non_working: QColor
    free: QColor
    free_hover: QColor
    blocked: QColor
    blocked_hatch: QColor
    busy: QColor
    closed: QColor
    closed_hatch: QColor
    hour_line: QColor
    half_hour_line: QColor
    text: QColor
    dim_text: QColor
    now: QColor
    selection: QColor
    header: QColor


def grid_colors(palette: QPalette) -> GridColors:
    base = palette.color(QPalette.ColorRole.Base)
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.Text)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    return GridColors(
        working=base,
        non_working=mix(window, text, 0.09),
        free=mix(base, highlight, 0.13),
        free_hover=mix(base, highlight, 0.28),
        blocked=mix(base, text, 0.16),
        blocked_hatch=mix(base, text, 0.28),
        busy=mix(base, text, 0.22),
        closed=mix(window, text, 0.12),
        closed_hatch=mix(window, text, 0.2),
        hour_line=mix(base, text, 0.2),
        half_hour_line=mix(base, text, 0.08),
        text=text,
        dim_text=mix(text, base, 0.35),
        now=QColor("#e53935"),
        selection=highlight,
        header=window,
    )


def paint_hatch(painter: QPainter, rect: QRectF, color: QColor, spacing: float) -> None:
    """Thin diagonal lines over ``rect`` (blocked and closed time)."""
    painter.save()
    painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(color, 1.0))
    step = max(spacing, 2.0)
    # Lines X + Y = c for c on a fixed lattice, so neighbouring rectangles continue each
    # other's hatching.
    c = math.ceil((rect.left() + rect.top()) / step) * step
    while c < rect.right() + rect.bottom():
        painter.drawLine(
            QPointF(c - rect.bottom(), rect.bottom()), QPointF(c - rect.top(), rect.top())
        )
        c += step
    painter.restore()


# -- the legend -----------------------------------------------------------------------


@dataclass(frozen=True)
class LegendEntry:
    kind: str  # "service", "status", "free", "blocked", "busy", "closed", "title"
    label: str
    color: str = FALLBACK_SERVICE_COLOR
    style: StatusStyle = _STYLES[StatusLook.NORMAL]


class LegendWidget(QWidget):
    """What the colours and looks of the calendar mean: services, statuses, free time.

    A small widget the window places near the calendar; fill it with ``set_snapshot`` or
    ``set_entries``. It wraps its entries to the width it is given.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarLegend")
        self.setAccessibleName(self.tr("Calendar legend"))
        sp = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)
        self._entries: list[LegendEntry] = []
        self.set_entries([], {})

    @property
    def entries(self) -> list[LegendEntry]:
        return list(self._entries)

    def set_snapshot(self, snapshot: object, *, show_cancelled: bool = False) -> None:
        """Entries for the services and statuses of a CalendarSnapshot."""
        services = getattr(snapshot, "services", {})
        statuses = getattr(snapshot, "statuses", {})
        self.set_entries(
            [(s.name, s.color) for s in sorted(services.values(), key=lambda s: s.name)],
            statuses,
            show_cancelled=show_cancelled,
        )

    def set_entries(
        self,
        services: Iterable[tuple[str, str]],
        statuses: Mapping[str, tuple[str, str, str | None]],
        *,
        show_cancelled: bool = False,
    ) -> None:
        """``services``: (name, colour) pairs; ``statuses``: key -> (name, colour, predicate)
        as in CalendarSnapshot.statuses. Hidden statuses are listed only when shown."""
        entries: list[LegendEntry] = []
        service_list = list(services)
        if service_list:
            entries.append(LegendEntry("title", self.tr("Services:")))
            entries.extend(LegendEntry("service", name, color) for name, color in service_list)
        # Statuses that look alike share one sample: "Confirming, Confirmed, Waiting".
        by_look: dict[StatusLook, list[str]] = {}
        styles: dict[StatusLook, StatusStyle] = {}
        for key, (name, _color, predicate) in statuses.items():
            style = status_style(key, predicate)
            if style.hidden_by_default and not show_cancelled:
                continue
            by_look.setdefault(style.look, []).append(name)
            styles[style.look] = style
        looks = [
            LegendEntry("status", ", ".join(names), FALLBACK_SERVICE_COLOR, styles[look])
            for look, names in by_look.items()
        ]
        if looks:
            entries.append(LegendEntry("title", self.tr("Statuses:")))
            entries.extend(looks)
        entries.append(LegendEntry("title", self.tr("Time:")))
        entries.append(LegendEntry("free", self.tr("Free (click to book)")))
        entries.append(LegendEntry("blocked", self.tr("Blocked")))
        entries.append(LegendEntry("busy", self.tr("Busy elsewhere")))
        entries.append(LegendEntry("closed", self.tr("Closed")))
        self._entries = entries
        self.setAccessibleDescription(
            "; ".join(e.label if e.kind != "title" else e.label.rstrip(":") for e in entries)
        )
        self.updateGeometry()
        self.update()

    # -- geometry ---------------------------------------------------------------------

    def _metrics(self) -> tuple[QFontMetricsF, float, float, float]:
        fm = QFontMetricsF(self.font())
        swatch = fm.height() * 1.6
        gap = fm.averageCharWidth()
        row = fm.height() * 1.5
        return fm, swatch, gap, row

    def _layout(self, width: float) -> list[tuple[LegendEntry, QRectF]]:
        fm, swatch, gap, row = self._metrics()
        bold = QFont(self.font())
        bold.setBold(True)
        fm_bold = QFontMetricsF(bold)
        x = y = gap / 2
        placed: list[tuple[LegendEntry, QRectF]] = []

        def width_of(entry: LegendEntry) -> float:
            if entry.kind == "title":
                return fm_bold.horizontalAdvance(entry.label) + gap
            return swatch + gap / 2 + fm.horizontalAdvance(entry.label) + gap * 2

        for index, entry in enumerate(self._entries):
            w = width_of(entry)
            # A title never ends a line: it goes with its first entry.
            needed = w
            if entry.kind == "title" and index + 1 < len(self._entries):
                needed += width_of(self._entries[index + 1])
            if x > gap / 2 and x + needed > width:
                x = gap / 2
                y += row
            placed.append((entry, QRectF(x, y, w, row)))
            x += w
        return placed

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        placed = self._layout(float(width))
        if not placed:
            return 0
        return math.ceil(placed[-1][1].bottom() + self._metrics()[2] / 2)

    def sizeHint(self) -> QSize:
        fm, _swatch, _gap, _row = self._metrics()
        width = math.ceil(fm.averageCharWidth() * 100)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        width = math.ceil(fm.averageCharWidth() * 30)
        return QSize(width, self.heightForWidth(width))

    # -- painting ---------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        with none_refs_kept():
            self._paint()

    def _paint(self) -> None:
        painter = QPainter(self)
        fm, swatch, gap, _row = self._metrics()
        colors = grid_colors(self.palette())
        background = self.palette().color(QPalette.ColorRole.Base)
        bold = QFont(self.font())
        bold.setBold(True)
        line = max(1.0, fm.height() / 12)
        for entry, rect in self._layout(float(self.width())):
            if entry.kind == "title":
                painter.setFont(bold)
                painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
                painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, entry.label)
                continue
            sample = QRectF(
                rect.left(), rect.center().y() - fm.height() * 0.55, swatch, fm.height() * 1.1
            )
            if entry.kind in ("service", "status"):
                look = block_colors(entry.color, entry.style, background)
                paint_block(
                    painter,
                    sample,
                    look,
                    radius=line * 2,
                    line_width=line * (2 if entry.style.outlined else 1),
                    stripe_spacing=fm.height() / 3,
                )
                if entry.style.struck:
                    painter.setPen(QPen(look.text, line))
                    y = sample.center().y()
                    painter.drawLine(
                        QPointF(sample.left() + line * 3, y), QPointF(sample.right() - line * 3, y)
                    )
            else:
                fill = {
                    "free": colors.free,
                    "blocked": colors.blocked,
                    "busy": colors.busy,
                    "closed": colors.closed,
                }[entry.kind]
                painter.fillRect(sample, fill)
                if entry.kind in ("blocked", "closed"):
                    hatch = colors.blocked_hatch if entry.kind == "blocked" else colors.closed_hatch
                    paint_hatch(painter, sample, hatch, fm.height() / 3)
                painter.setPen(QPen(colors.hour_line, 1.0))
                painter.drawRect(sample)
            painter.setFont(self.font())
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            text_rect = QRectF(
                sample.right() + gap / 2, rect.top(), rect.right() - sample.right(), rect.height()
            )
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, entry.label)
        painter.end()


__all__ = [
    "FALLBACK_SERVICE_COLOR",
    "BlockColors",
    "GridColors",
    "LegendEntry",
    "LegendWidget",
    "StatusLook",
    "StatusStyle",
    "block_colors",
    "contrast_ratio",
    "grid_colors",
    "mix",
    "none_refs_kept",
    "paint_block",
    "paint_hatch",
    "parse_hex",
    "relative_luminance",
    "service_qcolor",
    "status_style",
    "text_color_for",
]
