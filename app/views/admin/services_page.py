"""The services administration page: every rule a setup file gives a service, on screen.

The page edits one service at a time in the shape of the setup file's ``[[services]]``
table and hands that table to app.booking.admin (``save_service``, ``remove_service``),
which checks it with the setup file's own reader. So the page accepts exactly what a
setup file would, and a refusal names the key at fault: the page shows it under that
field and brings its tab forward. Durations are typed as the setup file writes them
("45m", "1h30m") and echoed in plain words while typing, so what a manager reads on the
screen is what an exported file will say.

Reads (the branch's setup, how many appointments use each service) are short and run on
the GUI thread when the page reloads; writes run off it through ``WriteRunner``. A saved
service shows the address of its self-service page under its name, with a Copy button,
and its own wording of those pages in the "Booking page texts" tab (saved on its own).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QEvent,
    QLocale,
    QObject,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
    QShortcut,
    QValidator,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.booking import admin
from app.booking.admin import FieldProblem, SetupEditError
from app.booking.durations import DAY, HOUR, WEEK, DurationError, parse_duration
from app.booking.errors import BookingError
from app.models import Appointment, Service
from app.views.admin.page_link import PageLink
from app.views.admin.page_texts import PageTextsEditor
from app.views.desk import DeskState
from app.views.dialogs import FieldError, MessageArea, WriteRunner
from app.web import links

Table = dict[str, Any]

#: Where a problem sits in the checked setup: ``services[2].fields[1].name``.
_SERVICE_PATH = re.compile(r"^services\[(\d+)\](?:\.(.*))?$")
_HEAD = re.compile(r"^([A-Za-z_]+)(?:\[(\d+)\])?")
_AGENT_HOURS_SERVICES = re.compile(r"^agents\[\d+\]\.hours\[\d+\]\.services")

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FIELD_KINDS = ("text", "multiline", "number", "date", "choice")
_PERIODS = ("day", "week", "month", "future")
_MODES = ("agents", "agents+service")

#: The tabs, in order.
_GENERAL, _TIMES, _BOOKING, _QUESTIONS, _HOURS = range(5)

#: Which tab shows each key of a ``[[services]]`` table.
_TAB_OF = {
    "name": _GENERAL,
    "description": _GENERAL,
    "color": _GENERAL,
    "active": _GENERAL,
    "requires_approval": _GENERAL,
    "duration": _TIMES,
    "slot_step": _TIMES,
    "buffer_before": _TIMES,
    "buffer_after": _TIMES,
    "min_lead": _TIMES,
    "max_lead": _TIMES,
    "reminder_before": _TIMES,
    "agents": _BOOKING,
    "allow_choose_agent": _BOOKING,
    "allow_cancel": _BOOKING,
    "visitor_limit": _BOOKING,
    "fields": _QUESTIONS,
    "availability": _HOURS,
    "hours": _HOURS,
    "holidays": _HOURS,
}

#: What a new service starts from: the setup file's defaults, spelled out.
_NEW_SERVICE: Table = {
    "name": "",
    "duration": "30m",
    "min_lead": "1d",
    "max_lead": "30d",
    "buffer_before": "0m",
    "buffer_after": "0m",
}


def _tr(text: str) -> str:
    """Translate in the page's context (for helpers that are not QObjects)."""
    return QCoreApplication.translate("ServicesPage", text)


def describe_minutes(minutes: int) -> str:
    """A duration in plain words: ``90`` → "1 hour 30 minutes", ``0`` → "no time"."""
    if minutes == 0:
        return _tr("no time")
    parts: list[str] = []
    rest = minutes
    # Whole weeks read as weeks; otherwise days, as the setup file writes them ("60d").
    units = ((WEEK, _tr("1 week"), _tr("{n} weeks")),) if minutes % WEEK == 0 else ()
    for size, one, many in (
        *units,
        (DAY, _tr("1 day"), _tr("{n} days")),
        (HOUR, _tr("1 hour"), _tr("{n} hours")),
        (1, _tr("1 minute"), _tr("{n} minutes")),
    ):
        count, rest = divmod(rest, size)
        if count:
            parts.append(one if count == 1 else many.format(n=count))
    return " ".join(parts)


def _sentence(message: str) -> str:
    """The reader's messages start in lower case (they follow a key); a label starts upper."""
    text = message[:1].upper() + message[1:]
    return text if text.endswith(".") else text + "."


#: Setup-file keys as the page names them, for the reader's messages shown on the page.
_KEY_WORDS = {
    "min_lead": "the earliest booking time",
    "max_lead": "the latest booking time",
    "buffer_before": "the buffer before",
    "buffer_after": "the buffer after",
    "slot_step": "the slot step",
    "reminder_before": "the reminder",
    "visitor_limit": "the limit per customer",
    "allow_choose_agent": "choosing the agent",
    "allow_cancel": "cancelling",
    "requires_approval": "approval",
}
_KEY_PATTERN = re.compile(r"\b(" + "|".join(_KEY_WORDS) + r")\b")


def _plain(message: str, key: str) -> str:
    """A reader's message worded for the page: no leading key, keys named as on screen.

    The setup file's reader names keys ("max_lead (1d) is shorter than min_lead (2d)")
    because a file's author types them; a manager on this page never sees those names.
    """
    text = message
    if text.startswith(f"{key}: "):
        text = text[len(key) + 2 :]
    text = _KEY_PATTERN.sub(lambda m: _tr(_KEY_WORDS[m.group(1)]), text)
    return _sentence(text)


def _swatch(color: str | None, size: int, palette: QPalette) -> QIcon:
    """A square of the service's colour with a thin frame (a hollow frame when it has none)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(palette.color(QPalette.ColorRole.Mid))
    if color:
        painter.setBrush(QColor(color))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)


# -- small editors ----------------------------------------------------------------------


class _DurationValidator(QValidator):
    """Acceptable when the text is a setup-file duration; never blocks typing.

    Every text stays typeable (Intermediate) so the booking layer, not the keyboard, gives
    the reason a value is refused; the echo beside the field says it while typing.
    """

    def validate(self, text: str, pos: int) -> object:
        try:
            parse_duration(text)
        except DurationError:
            return QValidator.State.Intermediate
        return QValidator.State.Acceptable


class _DurationEdit(QWidget):
    """A duration typed as the setup file writes it, echoed in plain words."""

    edited = Signal()

    def __init__(self, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit(self)
        self.line.setAccessibleName(accessible)
        self.line.setPlaceholderText(self.tr("such as 45m"))
        self.line.setToolTip(self.tr('Weeks, days, hours and minutes: "45m", "1h30m", "2d", "2w".'))
        self.line.setValidator(_DurationValidator(self.line))
        width = self.line.fontMetrics().horizontalAdvance("such as 1h30m") * 1.3
        self.line.setMaximumWidth(int(width))
        self.echo = QLabel(self)
        self.echo.setAccessibleName(self.tr("%s in words") % accessible)
        self.echo.setWordWrap(True)
        self.echo.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.line)
        layout.addWidget(self.echo, 1)
        self.setFocusProxy(self.line)
        self.line.textChanged.connect(self._echo)
        self.line.textChanged.connect(self.edited)
        self._echo(self.line.text())

    def text(self) -> str:
        return self.line.text().strip()

    def set_text(self, text: str) -> None:
        self.line.setText(text)

    def _echo(self, text: str) -> None:
        if not text.strip():
            self.echo.setText("")
            return
        try:
            self.echo.setText(describe_minutes(parse_duration(text)))
        except DurationError:
            # The full reason shows under the field when saving; here, a short hint.
            self.echo.setText(self.tr('not a duration (such as "45m", "1h30m" or "2d")'))


class _ColorEdit(QWidget):
    """A colour as "#rrggbb" (empty: none), with a swatch button that opens a picker."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QToolButton(self)
        self.button.setAccessibleName(self.tr("Choose colour"))
        self.button.setToolTip(self.tr("Choose the colour"))
        self.line = QLineEdit(self)
        self.line.setAccessibleName(self.tr("Colour"))
        self.line.setPlaceholderText(self.tr('none, or "#1565c0"'))
        self.line.setMaximumWidth(self.line.fontMetrics().horizontalAdvance("#0000000") * 2)
        layout.addWidget(self.button)
        layout.addWidget(self.line)
        layout.addStretch(1)
        self.setFocusProxy(self.line)
        self.button.clicked.connect(self._pick)
        self.line.textChanged.connect(self._paint)
        self.line.textChanged.connect(self.edited)
        self._paint(self.line.text())

    def text(self) -> str:
        return self.line.text().strip()

    def set_text(self, text: str) -> None:
        self.line.setText(text)

    def _pick(self) -> None:
        start = QColor(self.text()) if QColor.isValidColorName(self.text()) else QColor()
        chosen = QColorDialog.getColor(start, self, self.tr("Service colour"))
        if chosen.isValid():
            self.line.setText(chosen.name())

    def _paint(self, text: str) -> None:
        size = self.fontMetrics().height()
        value = text.strip()
        valid = bool(re.fullmatch(r"#[0-9a-fA-F]{6}", value))
        self.button.setIcon(_swatch(value if valid else None, size, self.palette()))


class _DaysEdit(QWidget):
    """Seven check boxes, Monday first, named in the desk's language."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(2)
        locale = QLocale()
        self.boxes: list[QCheckBox] = []
        for number, key in enumerate(_DAYS, start=1):
            box = QCheckBox(locale.dayName(number, QLocale.FormatType.ShortFormat), self)
            box.setAccessibleName(locale.dayName(number, QLocale.FormatType.LongFormat))
            box.setProperty("day", key)
            box.toggled.connect(self.edited)
            layout.addWidget(box)
            self.boxes.append(box)

    def days(self) -> list[str]:
        return [key for key, box in zip(_DAYS, self.boxes, strict=True) if box.isChecked()]

    def set_days(self, days: Sequence[str]) -> None:
        wanted = {d.lower() for d in days}
        for key, box in zip(_DAYS, self.boxes, strict=True):
            box.setChecked(key in wanted)


def _date_of(value: object, fallback: date) -> QDate:
    if isinstance(value, date):
        return QDate(value.year, value.month, value.day)
    if isinstance(value, str):
        parsed = QDate.fromString(value, "yyyy-MM-dd")
        if parsed.isValid():
            return parsed
    return QDate(fallback.year, fallback.month, fallback.day)


class _RowTable(QWidget):
    """Rows of small editors (one widget per cell) with Add, Remove, Move up, Move down.

    ``make(values, notify)`` builds a row's cell widgets from a table and connects their
    change signals to ``notify``; ``read(widgets)`` gives the table back. A reorder reads
    every row and builds them again, so a row's widgets never move between cells.
    """

    edited = Signal()

    def __init__(
        self,
        what: str,
        headers: Sequence[str],
        make: Callable[[Table, Callable[[], None]], list[QWidget]],
        read: Callable[[list[QWidget]], Table],
        blank: Callable[[], Table],
        *,
        reorder: bool,
        stretch: Sequence[int] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._make = make
        self._read = read
        self._blank = blank
        self._rows: list[list[QWidget]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(headers), self)
        self.table.setAccessibleName(what)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(not stretch)
        for column in stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setTabKeyNavigation(False)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setAccessibleName(self.tr("Add to %s") % what)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setAccessibleName(self.tr("Remove from %s") % what)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        self.up_button: QPushButton | None = None
        self.down_button: QPushButton | None = None
        if reorder:
            self.up_button = QPushButton(self.tr("Move up"), self)
            self.up_button.setAccessibleName(self.tr("Move up in %s") % what)
            self.down_button = QPushButton(self.tr("Move down"), self)
            self.down_button.setAccessibleName(self.tr("Move down in %s") % what)
            buttons.addWidget(self.up_button)
            buttons.addWidget(self.down_button)
            self.up_button.clicked.connect(lambda: self._move(-1))
            self.down_button.clicked.connect(lambda: self._move(1))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_current)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def values(self) -> list[Table]:
        return [self._read(row) for row in self._rows]

    def set_values(self, values: Sequence[Table]) -> None:
        self.table.setRowCount(0)
        self._rows = []
        for value in values:
            self._append(value)
        self._update_buttons()

    def row_count(self) -> int:
        return len(self._rows)

    def cell(self, row: int, column: int) -> QWidget:
        return self._rows[row][column]

    def current_row(self) -> int:
        return self.table.currentRow()

    def select_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.table.selectRow(row)
            self.table.setCurrentCell(row, 0)
            self._rows[row][0].setFocus()

    def add_row(self) -> None:
        self._append(self._blank())
        self.select_row(len(self._rows) - 1)
        self.edited.emit()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._rows):
            return
        kept = [v for i, v in enumerate(self.values()) if i != row]
        self.set_values(kept)
        self.select_row(min(row, len(kept) - 1))
        self.edited.emit()

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return
        values = self.values()
        values[row], values[target] = values[target], values[row]
        self.set_values(values)
        self.select_row(target)
        self.edited.emit()

    def _append(self, value: Table) -> None:
        row = len(self._rows)
        widgets = self._make(value, self._notify)
        self.table.insertRow(row)
        for column, widget in enumerate(widgets):
            widget.setAutoFillBackground(True)
            self.table.setCellWidget(row, column, widget)
            for part in (widget, *widget.findChildren(QWidget)):
                part.installEventFilter(self)
        self._rows.append(widgets)
        self.table.resizeColumnsToContents()

    def _notify(self, *_args: object) -> None:
        """Any change inside a row (editors' signals carry values; only the news matters)."""
        self.edited.emit()

    def _update_buttons(self) -> None:
        row = self.table.currentRow()
        has = 0 <= row < len(self._rows)
        self.remove_button.setEnabled(has)
        if self.up_button is not None and self.down_button is not None:
            self.up_button.setEnabled(has and row > 0)
            self.down_button.setEnabled(has and row < len(self._rows) - 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A click in, or focus entering, a row's editor makes that row the current one."""
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress):
            for row, widgets in enumerate(self._rows):
                column = next(
                    (
                        i
                        for i, w in enumerate(widgets)
                        if w is watched
                        or (isinstance(watched, QWidget) and w.isAncestorOf(watched))
                    ),
                    None,
                )
                if column is not None:
                    if self.table.currentRow() != row:
                        self.table.setCurrentCell(row, column)
                    break
        return super().eventFilter(watched, event)


# -- the page -----------------------------------------------------------------------------


class ServicesPage(QWidget):
    """The branch's services on the left, the selected one's rules on the right.

    Emits ``changed`` after each successful save or removal, so the window can reload the
    calendar. ``refused`` carries the refusal's message once it is shown on the page.
    """

    changed = Signal()
    refused = Signal(str)

    def __init__(self, state: DeskState, branch_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.branch_id = branch_id
        self._tables: list[Table] = []
        self._agents: list[tuple[str, bool]] = []
        self._uses: dict[str, int] = {}
        #: Saved services' ids by name, for their page addresses.
        self._ids: dict[str, int] = {}
        #: The public base address of the booking pages (``web.public_url``), or None.
        self._public_url: str | None = None
        self._zone = ZoneInfo("UTC")
        #: The selected service's saved name; None for a new service not yet saved.
        self._original: str | None = None
        self._editing_new = False
        self._baseline: Table = {}
        self._loading = False
        self._errors: dict[str, FieldError] = {}
        self._writer = WriteRunner(state.sessions, self)
        self._writer.succeeded.connect(self._write_succeeded)
        self._writer.refused.connect(self._write_refused)
        self._writer.crashed.connect(self._write_crashed)
        self._writer.busy_changed.connect(lambda _busy: self._update_buttons())
        self._after_write: Callable[[], None] = lambda: None
        #: The saved order of the selected service's agents (their order of preference).
        self._agent_order: list[str] = []
        #: The service's place in the checked setup, to tell its problems from others'.
        self._position = 0
        self._build()
        self.reload()

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        self.setAccessibleName(self.tr("Services"))
        outer = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(splitter, 1)

        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(self.tr("Services"), left)
        left_layout.addWidget(caption)
        self.service_list = QListWidget(left)
        self.service_list.setAccessibleName(self.tr("Services of the branch"))
        caption.setBuddy(self.service_list)
        em = self.fontMetrics().height()
        self.service_list.setIconSize(QSize(em, em))
        left_layout.addWidget(self.service_list, 1)
        row = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New"), left)
        self.new_button.setAccessibleName(self.tr("New service"))
        self.remove_button = QPushButton(self.tr("Remove…"), left)
        self.remove_button.setAccessibleName(self.tr("Remove service"))
        row.addWidget(self.new_button)
        row.addWidget(self.remove_button)
        left_layout.addLayout(row)
        splitter.addWidget(left)

        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(right)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAccessibleName(self.tr("Selected service"))
        right_layout.addWidget(self.title)
        self.page_link = PageLink(self.tr("the service's booking page"), right)
        right_layout.addWidget(self.page_link)
        self.tabs = QTabWidget(right)
        self.tabs.setAccessibleName(self.tr("Rules of the service"))
        right_layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_general(), self.tr("General"))
        self.tabs.addTab(self._build_times(), self.tr("Times"))
        self.tabs.addTab(self._build_booking(), self.tr("Agents and booking"))
        self.tabs.addTab(self._build_questions(), self.tr("Questions"))
        self.tabs.addTab(self._build_hours(), self.tr("Opening hours"))
        self.page_texts = PageTextsEditor(self.state, self.tabs)
        self.page_texts.changed.connect(self.changed)
        self.tabs.addTab(self.page_texts, self.tr("Booking page texts"))
        self.message = MessageArea(right)
        right_layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton(self.tr("Revert"), right)
        self.revert_button.setAccessibleName(self.tr("Revert changes"))
        self.save_button = QPushButton(self.tr("Save"), right)
        self.save_button.setAccessibleName(self.tr("Save service"))
        self.save_button.setDefault(True)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        right_layout.addLayout(buttons)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([em * 14, em * 42])

        self.service_list.currentRowChanged.connect(self._row_changed)
        self.new_button.clicked.connect(self.new_service)
        self.remove_button.clicked.connect(self.remove_selected)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        save_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.activated.connect(self.save)
        self.service_list.installEventFilter(self)

    def _error(self, key: str, parent: QWidget) -> FieldError:
        error = FieldError(parent)
        error.setObjectName(f"{key}Error")
        self._errors[key] = error
        return error

    def _form_page(self) -> tuple[QScrollArea, QFormLayout, QWidget]:
        """A scrolling tab page holding a form, its rows packed at the top."""
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget(scroll)
        column = QVBoxLayout(inner)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        column.addLayout(form)
        column.addStretch(1)
        scroll.setWidget(inner)
        return scroll, form, inner

    def _add_row(self, form: QFormLayout, label: str, widget: QWidget, key: str) -> None:
        form.addRow(label, widget)
        form.addRow("", self._error(key, widget.parentWidget() or self))

    def _check(self, text: str, accessible: str, parent: QWidget) -> QCheckBox:
        box = QCheckBox(text, parent)
        box.setAccessibleName(accessible)
        box.toggled.connect(self._edited)
        return box

    def _build_general(self) -> QWidget:
        page, form, inner = self._form_page()
        self.name_edit = QLineEdit(inner)
        self.name_edit.setAccessibleName(self.tr("Name"))
        self.name_edit.textChanged.connect(self._edited)
        self._add_row(form, self.tr("&Name:"), self.name_edit, "name")
        self.description_edit = QPlainTextEdit(inner)
        self.description_edit.setAccessibleName(self.tr("Description"))
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.description_edit.textChanged.connect(self._edited)
        self._add_row(form, self.tr("&Description:"), self.description_edit, "description")
        self.color_edit = _ColorEdit(inner)
        self.color_edit.edited.connect(self._edited)
        self._add_row(form, self.tr("&Colour:"), self.color_edit, "color")
        self.active_box = self._check(
            self.tr("Bookable (when off, the service is kept but takes no new bookings)"),
            self.tr("Bookable"),
            inner,
        )
        self._add_row(form, "", self.active_box, "active")
        self.approval_box = self._check(
            self.tr("New bookings wait for a manager's approval"),
            self.tr("Requires approval"),
            inner,
        )
        self._add_row(form, "", self.approval_box, "requires_approval")
        return page

    def _duration(self, accessible: str, parent: QWidget) -> _DurationEdit:
        edit = _DurationEdit(accessible, parent)
        edit.edited.connect(self._edited)
        return edit

    def _build_times(self) -> QWidget:
        page, form, inner = self._form_page()
        self.duration_edit = self._duration(self.tr("Duration"), inner)
        self._add_row(form, self.tr("D&uration:"), self.duration_edit, "duration")

        self.step_box = self._check(self.tr("Own slot step"), self.tr("Own slot step"), inner)
        self.step_edit = self._duration(self.tr("Slot step"), inner)
        self.step_box.setToolTip(
            self.tr("Off: slots start one appointment (with its buffers) apart.")
        )
        self.step_box.toggled.connect(self.step_edit.setEnabled)
        self._add_row(form, "", self.step_box, "slot_step_switch")
        self._add_row(form, self.tr("Slots start every:"), self.step_edit, "slot_step")

        buffers = QGroupBox(self.tr("Free time kept around each appointment"), inner)
        buffers_form = QFormLayout(buffers)
        self.buffer_before_edit = self._duration(self.tr("Buffer before"), buffers)
        self.buffer_after_edit = self._duration(self.tr("Buffer after"), buffers)
        self._add_row(buffers_form, self.tr("&Before:"), self.buffer_before_edit, "buffer_before")
        self._add_row(buffers_form, self.tr("&After:"), self.buffer_after_edit, "buffer_after")
        form.addRow(buffers)

        leads = QGroupBox(self.tr("How far ahead it can be booked, counted from now"), inner)
        leads_form = QFormLayout(leads)
        self.min_lead_edit = self._duration(self.tr("Minimum lead time"), leads)
        self.max_lead_edit = self._duration(self.tr("Maximum lead time"), leads)
        self._add_row(leads_form, self.tr("At the &earliest:"), self.min_lead_edit, "min_lead")
        self._add_row(leads_form, self.tr("At the &latest:"), self.max_lead_edit, "max_lead")
        form.addRow(leads)

        self.reminder_box = self._check(
            self.tr("Send a reminder"), self.tr("Send a reminder"), inner
        )
        self.reminder_edit = self._duration(self.tr("Reminder before"), inner)
        self.reminder_box.toggled.connect(self.reminder_edit.setEnabled)
        self._add_row(form, "", self.reminder_box, "reminder_switch")
        self._add_row(form, self.tr("&Reminder before:"), self.reminder_edit, "reminder_before")
        return page

    def _build_booking(self) -> QWidget:
        page, form, inner = self._form_page()
        self.agents_group = QGroupBox(self.tr("Agents who give this service"), inner)
        self.agents_group.setAccessibleName(self.tr("Agents who give this service"))
        self.agents_layout = QVBoxLayout(self.agents_group)
        self.agent_boxes: dict[str, QCheckBox] = {}
        form.addRow(self.agents_group)
        form.addRow(self._error("agents", inner))
        self.choose_box = self._check(
            self.tr("The desk may choose the agent (off: the system assigns, balancing the load)"),
            self.tr("Allow choosing the agent"),
            inner,
        )
        self._add_row(form, "", self.choose_box, "allow_choose_agent")
        self.cancel_box = self._check(
            self.tr("Customers may cancel themselves"), self.tr("Allow cancelling"), inner
        )
        self._add_row(form, "", self.cancel_box, "allow_cancel")

        limit = QWidget(inner)
        limit_layout = QHBoxLayout(limit)
        limit_layout.setContentsMargins(0, 0, 0, 0)
        self.limit_box = self._check(
            self.tr("Limit appointments per customer:"), self.tr("Limit per customer"), limit
        )
        self.limit_count = QSpinBox(limit)
        self.limit_count.setRange(1, 10_000)
        self.limit_count.setAccessibleName(self.tr("Visitor limit count"))
        self.limit_count.valueChanged.connect(self._edited)
        self.limit_per = QComboBox(limit)
        self.limit_per.setAccessibleName(self.tr("Visitor limit period"))
        for key, label in zip(
            _PERIODS,
            (
                self.tr("per day"),
                self.tr("per week"),
                self.tr("per month"),
                self.tr("in the future"),
            ),
            strict=True,
        ):
            self.limit_per.addItem(label, key)
        self.limit_per.currentIndexChanged.connect(self._edited)
        self.limit_box.toggled.connect(self.limit_count.setEnabled)
        self.limit_box.toggled.connect(self.limit_per.setEnabled)
        limit_layout.addWidget(self.limit_box)
        limit_layout.addWidget(self.limit_count)
        limit_layout.addWidget(self.limit_per)
        limit_layout.addStretch(1)
        self._add_row(form, "", limit, "visitor_limit")
        return page

    def _build_questions(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        note = QLabel(
            self.tr(
                "Questions the desk answers when booking this service. Answers are kept "
                "under the question's name: renaming one starts a new question."
            ),
            page,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.fields_table = _RowTable(
            self.tr("Questions"),
            [self.tr("Question"), self.tr("Required"), self.tr("Kind"), self.tr("Choices")],
            self._make_field_row,
            self._read_field_row,
            lambda: {"name": ""},
            reorder=True,
            stretch=(0, 3),
            parent=page,
        )
        self.fields_table.edited.connect(self._edited)
        layout.addWidget(self.fields_table, 1)
        layout.addWidget(self._error("fields", page))
        return page

    def _build_hours(self) -> QWidget:
        page, form, inner = self._form_page()
        self.mode_combo = QComboBox(inner)
        self.mode_combo.setAccessibleName(self.tr("Availability"))
        self.mode_combo.addItem(self.tr("When an agent who gives it works"), "agents")
        self.mode_combo.addItem(
            self.tr("Only when an agent works and the service's own hours are open"),
            "agents+service",
        )
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        self._add_row(form, self.tr("&Bookable:"), self.mode_combo, "availability")
        self.hours_table = _RowTable(
            self.tr("The service's own hours"),
            [self.tr("Days"), self.tr("From"), self.tr("To")],
            self._make_hours_row,
            self._read_hours_row,
            lambda: {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00"},
            reorder=False,
            parent=inner,
        )
        self.hours_table.edited.connect(self._edited)
        self.hours_table.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self._add_row(form, self.tr("Own hours:"), self.hours_table, "hours")
        self.holidays_table = _RowTable(
            self.tr("Days the service is closed"),
            [self.tr("From"), self.tr("To"), self.tr("Name")],
            self._make_holiday_row,
            self._read_holiday_row,
            self._blank_holiday,
            reorder=False,
            parent=inner,
        )
        self.holidays_table.edited.connect(self._edited)
        self.holidays_table.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self._add_row(form, self.tr("Closed on:"), self.holidays_table, "holidays")
        return page

    # -- rows of the tables -----------------------------------------------------------

    def _make_field_row(self, value: Table, notify: Callable[[], None]) -> list[QWidget]:
        name = QLineEdit(str(value.get("name", "")))
        name.setAccessibleName(self.tr("Question"))
        name.textChanged.connect(notify)
        required = QCheckBox(self.tr("Required"))
        required.setAccessibleName(self.tr("Answer required"))
        required.setChecked(bool(value.get("required", False)))
        required.toggled.connect(notify)
        kind = QComboBox()
        kind.setAccessibleName(self.tr("Kind of answer"))
        for key, label in zip(
            _FIELD_KINDS,
            (
                self.tr("Text"),
                self.tr("Several lines"),
                self.tr("Number"),
                self.tr("Date"),
                self.tr("Choice"),
            ),
            strict=True,
        ):
            kind.addItem(label, key)
        at = kind.findData(value.get("kind", "text"))
        kind.setCurrentIndex(max(at, 0))
        choices = QLineEdit("; ".join(str(c) for c in value.get("choices", [])))
        choices.setAccessibleName(self.tr("Choices"))
        choices.setPlaceholderText(self.tr("choices separated by ;"))
        choices.setEnabled(kind.currentData() == "choice")
        kind.currentIndexChanged.connect(
            lambda _i: choices.setEnabled(kind.currentData() == "choice")
        )
        kind.currentIndexChanged.connect(notify)
        choices.textChanged.connect(notify)
        return [name, required, kind, choices]

    @staticmethod
    def _read_field_row(widgets: list[QWidget]) -> Table:
        name, required, kind, choices = widgets
        assert isinstance(name, QLineEdit)
        assert isinstance(required, QCheckBox)
        assert isinstance(kind, QComboBox)
        assert isinstance(choices, QLineEdit)
        out: Table = {"name": name.text().strip()}
        if required.isChecked():
            out["required"] = True
        if kind.currentData() != "text":
            out["kind"] = kind.currentData()
        listed = [c.strip() for c in choices.text().split(";") if c.strip()]
        if kind.currentData() == "choice" and listed:
            # Left out when empty, so the reader says a choice needs its choices.
            out["choices"] = listed
        return out

    def _make_hours_row(self, value: Table, notify: Callable[[], None]) -> list[QWidget]:
        days = _DaysEdit()
        days.set_days([str(d) for d in value.get("days", [])])
        days.edited.connect(notify)
        cells: list[QWidget] = [days]
        for key, label in (("start", self.tr("From")), ("end", self.tr("To"))):
            edit = QLineEdit(str(value.get(key, "")))
            edit.setAccessibleName(label)
            edit.setPlaceholderText("09:00")
            edit.setToolTip(self.tr('24-hour time such as "09:00"; "24:00" is midnight.'))
            edit.textChanged.connect(notify)
            cells.append(edit)
        return cells

    @staticmethod
    def _read_hours_row(widgets: list[QWidget]) -> Table:
        days, start, end = widgets
        assert isinstance(days, _DaysEdit)
        assert isinstance(start, QLineEdit)
        assert isinstance(end, QLineEdit)
        return {"days": days.days(), "start": start.text().strip(), "end": end.text().strip()}

    def _blank_holiday(self) -> Table:
        today = self.state.now().astimezone(self._zone).date().isoformat()
        return {"date": today}

    def _make_holiday_row(self, value: Table, notify: Callable[[], None]) -> list[QWidget]:
        today = self.state.now().astimezone(self._zone).date()
        first = _date_of(value.get("from", value.get("date")), today)
        last = _date_of(value.get("to", value.get("date")), today)
        cells: list[QWidget] = []
        for day, label in (
            (first, self.tr("First closed day")),
            (last, self.tr("Last closed day")),
        ):
            edit = QDateEdit(day)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(label)
            edit.dateChanged.connect(notify)
            cells.append(edit)
        name = QLineEdit(str(value.get("name", "")))
        name.setAccessibleName(self.tr("Holiday name"))
        name.setPlaceholderText(self.tr("optional"))
        name.textChanged.connect(notify)
        cells.append(name)
        return cells

    @staticmethod
    def _read_holiday_row(widgets: list[QWidget]) -> Table:
        first, last, name = widgets
        assert isinstance(first, QDateEdit)
        assert isinstance(last, QDateEdit)
        assert isinstance(name, QLineEdit)
        start = first.date().toString("yyyy-MM-dd")
        end = last.date().toString("yyyy-MM-dd")
        out: Table = {"date": start} if start == end else {"from": start, "to": end}
        if name.text().strip():
            out["name"] = name.text().strip()
        return out

    # -- reading ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the branch's services again and show the selected one.

        Unsaved changes on the form are kept (the window reloads every page when anything
        changes at this desk or another); otherwise the service is shown as saved.
        """
        pending = self.current_table() if self.is_modified() else None
        was_new = self._editing_new
        with self.state.sessions() as session:
            data = admin.setup_tables(session, self.branch_id)
            self._uses = self._count_uses(session)
            self._ids = {
                str(name): int(service_id)
                for service_id, name in session.execute(
                    select(Service.id, Service.name).where(Service.branch_id == self.branch_id)
                )
            }
            self._public_url = links.public_url(session, self.branch_id)
        self._zone = ZoneInfo(str(data["branch"]["timezone"]))
        self._tables = list(data.get("services", []))
        self._agents = [
            (str(a["name"]), bool(a.get("active", True))) for a in data.get("agents", [])
        ]
        self._build_agent_boxes()
        keep = self._original
        names = [str(t["name"]) for t in self._tables]
        self._editing_new = was_new and pending is not None
        self._fill_list()
        if self._editing_new:
            row = len(self._tables)
        else:
            row = names.index(keep) if keep in names else (0 if names else -1)
        self._select_row(row)
        if pending is not None and (self._editing_new or keep in names):
            self._load(pending, saved=False)

    def _count_uses(self, session: Session) -> dict[str, int]:
        """Appointments per service name: whether a removal deletes or keeps the service."""
        rows = session.execute(
            select(Service.name, func.count(Appointment.id))
            .join(Appointment, Appointment.service_id == Service.id)
            .where(Service.branch_id == self.branch_id)
            .group_by(Service.name)
        )
        return {str(name): int(count) for name, count in rows}

    def _build_agent_boxes(self) -> None:
        for box in self.agent_boxes.values():
            self.agents_layout.removeWidget(box)
            box.deleteLater()
        self.agent_boxes = {}
        for name, active in self._agents:
            label = name if active else self.tr("%s (inactive)") % name
            box = QCheckBox(label, self.agents_group)
            box.setAccessibleName(name)
            box.toggled.connect(self._edited)
            self.agents_layout.addWidget(box)
            self.agent_boxes[name] = box
        if not self._agents:
            self.agents_group.setTitle(self.tr("Agents who give this service (none yet)"))

    def _fill_list(self) -> None:
        with QSignalBlocker(self.service_list):
            self.service_list.clear()
            size = self.fontMetrics().height()
            palette = self.palette()
            greyed = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            for table in self._tables:
                name = str(table["name"])
                active = bool(table.get("active", True))
                text = name if active else self.tr("%s (inactive)") % name
                item = QListWidgetItem(_swatch(table.get("color"), size, palette), text)
                item.setData(Qt.ItemDataRole.UserRole, name)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
                if not active:
                    item.setForeground(greyed)
                    item.setToolTip(self.tr("Kept for its appointments; no longer bookable."))
                self.service_list.addItem(item)
            if self._editing_new:
                item = QListWidgetItem(_swatch(None, size, palette), self.tr("New service"))
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
                self.service_list.addItem(item)

    def _select_row(self, row: int) -> None:
        with QSignalBlocker(self.service_list):
            self.service_list.setCurrentRow(row)
        self._show_row(row)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self._tables):
            self._original = str(self._tables[row]["name"])
            self._editing_new = False
            self._load(self._tables[row])
        else:
            self._original = None
            self._load(dict(_NEW_SERVICE))
        self._update_buttons()

    def _load(self, table: Table, *, saved: bool = True) -> None:
        """Fill the form from a ``[[services]]`` table.

        ``saved``: the table is the service as saved, what Save compares with and Revert
        returns to; otherwise it is unsaved work put back on the form.
        """
        self._loading = True
        try:
            self.name_edit.setText(str(table.get("name", "")))
            self.description_edit.setPlainText(str(table.get("description", "")))
            self.color_edit.set_text(str(table.get("color", "")))
            self.active_box.setChecked(bool(table.get("active", True)))
            self.approval_box.setChecked(bool(table.get("requires_approval", False)))
            self.duration_edit.set_text(str(table.get("duration", "")))
            has_step = "slot_step" in table
            self.step_box.setChecked(has_step)
            self.step_edit.set_text(str(table.get("slot_step", "")))
            self.step_edit.setEnabled(has_step)
            self.buffer_before_edit.set_text(str(table.get("buffer_before", "0m")))
            self.buffer_after_edit.set_text(str(table.get("buffer_after", "0m")))
            self.min_lead_edit.set_text(str(table.get("min_lead", "1d")))
            self.max_lead_edit.set_text(str(table.get("max_lead", "30d")))
            has_reminder = "reminder_before" in table
            self.reminder_box.setChecked(has_reminder)
            self.reminder_edit.set_text(str(table.get("reminder_before", "1d")))
            self.reminder_edit.setEnabled(has_reminder)
            chosen = [str(a) for a in table.get("agents", [])]
            for name, box in self.agent_boxes.items():
                box.setChecked(name in chosen)
            self._agent_order = chosen
            self.choose_box.setChecked(bool(table.get("allow_choose_agent", True)))
            self.cancel_box.setChecked(bool(table.get("allow_cancel", True)))
            limit = table.get("visitor_limit")
            has_limit = isinstance(limit, dict)
            self.limit_box.setChecked(has_limit)
            self.limit_count.setValue(int(limit.get("count", 1)) if isinstance(limit, dict) else 1)
            per = limit.get("per", "week") if isinstance(limit, dict) else "week"
            self.limit_per.setCurrentIndex(max(self.limit_per.findData(per), 0))
            self.limit_count.setEnabled(has_limit)
            self.limit_per.setEnabled(has_limit)
            self.fields_table.set_values(list(table.get("fields", [])))
            mode = str(table.get("availability", "agents"))
            self.mode_combo.setCurrentIndex(max(self.mode_combo.findData(mode), 0))
            self.hours_table.set_values(list(table.get("hours", [])))
            self.hours_table.setEnabled(mode == "agents+service")
            self.holidays_table.set_values(list(table.get("holidays", [])))
        finally:
            self._loading = False
        if saved:
            self._clear_problems()
            self.message.clear()
            self._baseline = self.current_table()
        self._update_title()
        self._update_link()
        self._update_buttons()

    def _update_link(self) -> None:
        """Show the selected service's page address (none for a service not saved yet),
        with why the page turns customers away when it does."""
        service_id = self._ids.get(self._original) if self._original is not None else None
        self.page_texts.set_service(service_id)
        if service_id is None:
            self.page_link.set_link(self._public_url, None)
            return
        saved = next((t for t in self._tables if t.get("name") == self._original), {})
        remark = ""
        if not saved.get("active", True):
            remark = self.tr("The service is not bookable, so its page says it is not available.")
        elif not saved.get("agents"):
            remark = self.tr(
                "No agent gives the service, so its page says it takes no appointments."
            )
        self.page_link.set_link(
            self._public_url, links.service_path(self.branch_id, service_id), remark
        )

    # -- the table the form holds -----------------------------------------------------

    def current_table(self) -> Table:
        """The service as the form shows it, in setup-file shape."""
        out: Table = {"name": self.name_edit.text().strip()}
        description = self.description_edit.toPlainText()
        if description.strip():
            out["description"] = description
        if self.color_edit.text():
            out["color"] = self.color_edit.text()
        out["active"] = self.active_box.isChecked()
        out["duration"] = self.duration_edit.text()
        if self.step_box.isChecked():
            out["slot_step"] = self.step_edit.text()
        out["buffer_before"] = self.buffer_before_edit.text()
        out["buffer_after"] = self.buffer_after_edit.text()
        out["min_lead"] = self.min_lead_edit.text()
        out["max_lead"] = self.max_lead_edit.text()
        if self.reminder_box.isChecked():
            out["reminder_before"] = self.reminder_edit.text()
        out["requires_approval"] = self.approval_box.isChecked()
        checked = [name for name, box in self.agent_boxes.items() if box.isChecked()]
        # The list is in order of preference: keep the saved order, add new ones after.
        out["agents"] = [a for a in self._agent_order if a in checked] + [
            a for a in checked if a not in self._agent_order
        ]
        out["allow_choose_agent"] = self.choose_box.isChecked()
        out["allow_cancel"] = self.cancel_box.isChecked()
        if self.limit_box.isChecked():
            out["visitor_limit"] = {
                "count": self.limit_count.value(),
                "per": self.limit_per.currentData(),
            }
        mode = str(self.mode_combo.currentData())
        out["availability"] = mode
        if mode == "agents+service":
            out["hours"] = self.hours_table.values()
        out["holidays"] = self.holidays_table.values()
        out["fields"] = self.fields_table.values()
        return out

    def is_modified(self) -> bool:
        return self.current_table() != self._baseline

    def _edited(self) -> None:
        if self._loading:
            return
        self._update_title()
        self._update_buttons()

    def _mode_changed(self) -> None:
        own = self.mode_combo.currentData() == "agents+service"
        self.hours_table.setEnabled(own)
        if own and not self._loading and self.hours_table.row_count() == 0:
            self.hours_table.add_row()
        self._edited()

    def _update_title(self) -> None:
        name = self.name_edit.text().strip()
        if self._original is None:
            text = self.tr("New service: %s") % name if name else self.tr("New service")
        else:
            text = name or self._original
        if self.is_modified():
            text += self.tr(" (not saved)")
        self.title.setText(text)

    def _update_buttons(self) -> None:
        busy = self._writer.busy()
        modified = self.is_modified()
        editing = bool(self._tables) or self._editing_new
        self.save_button.setEnabled(editing and modified and not busy)
        self.revert_button.setEnabled(editing and modified and not busy)
        self.remove_button.setEnabled(self._original is not None and not busy)
        self.new_button.setEnabled(not busy)
        # Nothing is edited while a write runs: its outcome reloads the form.
        self.tabs.setEnabled(editing and not busy)
        self.service_list.setEnabled(not busy)

    # -- choosing a service -----------------------------------------------------------

    def _row_changed(self, row: int) -> None:
        if self._unsaved() and not self._ask(
            self.tr("Unsaved changes"),
            self.tr("The changes to this service are not saved. Discard them?"),
        ):
            with QSignalBlocker(self.service_list):
                self.service_list.setCurrentRow(self._current_row())
            return
        if row < len(self._tables) and self._editing_new:
            self._editing_new = False
            self._fill_list()
            with QSignalBlocker(self.service_list):
                self.service_list.setCurrentRow(row)
        self._show_row(row)

    def _unsaved(self) -> bool:
        """Edits that leaving this service would lose: its rules or its page texts."""
        return self.is_modified() or self.page_texts.is_dirty()

    def _current_row(self) -> int:
        if self._editing_new:
            return len(self._tables)
        names = [str(t["name"]) for t in self._tables]
        return names.index(self._original) if self._original in names else -1

    def select_service(self, name: str) -> bool:
        """Show the service called ``name`` (False when there is none, or when kept)."""
        for row in range(len(self._tables)):
            if self._tables[row]["name"] == name:
                self.service_list.setCurrentRow(row)
                return self._original == name
        return False

    def new_service(self) -> None:
        """Start a new service from the setup file's defaults; Save adds it."""
        if self._unsaved() and not self._ask(
            self.tr("Unsaved changes"),
            self.tr("The changes to this service are not saved. Discard them?"),
        ):
            return
        self._editing_new = True
        self._fill_list()
        self._select_row(len(self._tables))
        self.tabs.setCurrentIndex(_GENERAL)
        self.name_edit.setFocus()

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- writing ----------------------------------------------------------------------

    def save(self) -> None:
        """Save the form through app.booking.admin; a refusal is shown at its field."""
        if not self.save_button.isEnabled():
            return
        table = self.current_table()
        original = self._original
        branch_id = self.branch_id
        state = self.state
        position = self._current_row() if original is not None else len(self._tables)

        def work(session: Session) -> None:
            admin.save_service(
                session, state.actor(session), branch_id, original, table, state.now()
            )

        def done() -> None:
            self._original = str(table["name"])
            self._editing_new = False
            self._baseline = self.current_table()  # saved: nothing pending to keep
            self.reload()
            self.message.show_info(self.tr("Saved."))

        self._clear_problems()
        self.message.clear()
        self._position = position
        self._after_write = done
        self._writer.start(work)

    def revert(self) -> None:
        """Show the selected service as saved (a new one: back to the defaults)."""
        self._show_row(self._current_row())

    def remove_selected(self) -> None:
        """Remove the selected service after confirmation: deleted, or kept inactive."""
        name = self._original
        if name is None:
            return
        uses = self._uses.get(name, 0)
        if uses:
            text = self.tr(
                "“%1” is used by %2 appointment(s), so it cannot be deleted. It will be "
                "kept, inactive: its appointments stay, and it can no longer be booked."
            )
            text = text.replace("%1", name).replace("%2", str(uses))
        else:
            text = self.tr(
                "No appointment uses “%1”, so it will be deleted, with the agents' hours "
                "kept only for it."
            ).replace("%1", name)
        if not self._ask(self.tr("Remove service"), text + "\n\n" + self.tr("Remove it?")):
            return
        branch_id = self.branch_id
        state = self.state

        def work(session: Session) -> None:
            admin.remove_service(session, state.actor(session), branch_id, name, state.now())

        def done() -> None:
            self._baseline = self.current_table()
            self.reload()
            if uses:
                self.message.show_info(self.tr("“%1” is kept, inactive.").replace("%1", name))
            else:
                self.message.show_info(self.tr("“%1” was deleted.").replace("%1", name))

        self._clear_problems()
        self.message.clear()
        self._position = self._current_row()
        self._after_write = done
        self._writer.start(work)

    def wait(self) -> None:
        """Block until a running write is over (its outcome is still reported)."""
        self._writer.wait()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete on the list of services asks to remove the selected one."""
        if (
            watched is self.service_list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            if self.remove_button.isEnabled():
                self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._writer.wait()
        self.page_texts.runner.wait()
        super().closeEvent(event)

    def _write_succeeded(self, _result: object) -> None:
        after, self._after_write = self._after_write, lambda: None
        after()
        self.changed.emit()

    def _write_refused(self, error: object) -> None:
        self._after_write = lambda: None
        assert isinstance(error, BookingError)
        if isinstance(error, SetupEditError):
            self._show_problems(error.problems)
        else:
            self.message.show_error(error.message)
        self._update_buttons()
        self.refused.emit(error.message)

    def _write_crashed(self, _error: object) -> None:
        self._after_write = lambda: None
        text = self.tr(
            "Something went wrong and nothing was saved. Try again; if it happens again, "
            "tell your administrator."
        )
        self.message.show_error(text)
        self._update_buttons()
        self.refused.emit(text)

    # -- problems at their fields -----------------------------------------------------

    def _clear_problems(self) -> None:
        for error in self._errors.values():
            error.set_message("")

    def _show_problems(self, problems: Sequence[FieldProblem]) -> None:
        """Each problem under its field, the first one's tab brought forward."""
        first_tab: int | None = None
        focus: QWidget | None = None
        elsewhere: list[str] = []
        shown: dict[str, list[str]] = {}
        for problem in problems:
            key, row = self._locate(problem.path)
            if key is None or key not in self._errors:
                elsewhere.append(_sentence(problem.message))
                continue
            text = self._agent_hours_message(problem.path) or _plain(problem.message, problem.key)
            if row is not None:
                text = self.tr("Row %1: %2").replace("%1", str(row + 1)).replace("%2", text)
            shown.setdefault(key, []).append(text)
            if first_tab is None:
                first_tab = _TAB_OF.get(key, _GENERAL)
                focus = self._focus_for(key, row)
        for key, texts in shown.items():
            self._errors[key].set_message("\n".join(texts))
        summary = self.tr("Not saved: correct what is marked, then save again.")
        self.message.show_error("\n".join([summary, *elsewhere]) if shown else "\n".join(elsewhere))
        if first_tab is not None:
            self.tabs.setCurrentIndex(first_tab)
        if focus is not None:
            # After the write's end has enabled the form again.
            QTimer.singleShot(0, focus.setFocus)

    def _agent_hours_message(self, path: str) -> str | None:
        """Taking an agent off a service that their working hours name: say what to do."""
        match = re.match(r"^agents\[(\d+)\]\.hours", path)
        if match is None or int(match.group(1)) >= len(self._agents):
            return None
        agent = self._agents[int(match.group(1))][0]
        return self.tr(
            "Some of %1's working hours are kept for this service, so %1 must stay one "
            "of its agents. Change those hours on the Agents page first."
        ).replace("%1", agent)

    def _locate(self, path: str) -> tuple[str | None, int | None]:
        """The form key and table row a problem's path names, if it is this service's."""
        if path.startswith("service."):
            return path.split(".", 1)[1], None
        if _AGENT_HOURS_SERVICES.match(path):
            return "agents", None
        match = _SERVICE_PATH.match(path)
        if match is None or int(match.group(1)) != self._position or not match.group(2):
            return None, None
        head = _HEAD.match(match.group(2))
        if head is None:
            return None, None
        row = int(head.group(2)) if head.group(2) is not None else None
        return head.group(1), row

    def _focus_for(self, key: str, row: int | None) -> QWidget | None:
        tables = {
            "fields": self.fields_table,
            "hours": self.hours_table,
            "holidays": self.holidays_table,
        }
        if key in tables:
            table = tables[key]
            if row is not None and 0 <= row < table.row_count():
                table.select_row(row)
                return table.cell(row, 0)
            return table.table
        editors: dict[str, QWidget] = {
            "name": self.name_edit,
            "description": self.description_edit,
            "color": self.color_edit,
            "duration": self.duration_edit,
            "slot_step": self.step_edit,
            "buffer_before": self.buffer_before_edit,
            "buffer_after": self.buffer_after_edit,
            "min_lead": self.min_lead_edit,
            "max_lead": self.max_lead_edit,
            "reminder_before": self.reminder_edit,
            "visitor_limit": self.limit_count,
            "availability": self.mode_combo,
        }
        return editors.get(key)
