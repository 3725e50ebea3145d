"""The branch's own page: name, time zone, colour, logo, greeting, closed days, holidays,
and the address of the branch's self-service booking page with a Copy button.

The form starts from the branch's ``[branch]`` table as the setup file has it
(``app.booking.admin.setup_tables``) and saves the whole table back with
``app.booking.admin.save_branch``, so the page accepts exactly what a setup file would and
a refusal names the key it concerns: that problem is shown under its field. Keys the page
does not show (such as ``country``) are sent back as they were read.
"""

from __future__ import annotations

import base64
import mimetypes
import zoneinfo
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.booking import admin
from app.booking.admin import SetupEditError
from app.booking.errors import BookingError
from app.models import Branch
from app.scheduling.days import DAY_CODES
from app.views.admin.forms import ColorPicker, Labeled, sentence
from app.views.admin.page_link import PageLink
from app.views.desk import DeskState
from app.views.dialogs import FieldError, MessageArea, WriteRunner
from app.views.qtdates import qdate
from app.web import links

Table = dict[str, Any]

#: The [branch] keys this page edits; any other key is sent back as read.
EDITED = ("name", "timezone", "theme_color", "logo", "greeting", "closed_weekdays", "holidays")
#: The setup reader refuses larger logos; checked here first so a huge file is not read.
LOGO_MAX_BYTES = 1024 * 1024
_IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}

FROM_COLUMN, TO_COLUMN, NAME_COLUMN = 0, 1, 2


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _py_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def logo_bytes(uri: str) -> bytes | None:
    """The image inside a ``data:`` URI, or None when it is not one."""
    head, comma, payload = uri.partition(",")
    if not comma or not head.startswith("data:") or not head.endswith(";base64"):
        return None
    try:
        return base64.b64decode(payload, validate=True)
    except ValueError:
        return None


def logo_uri(path: Path) -> str:
    """A logo file as the ``data:`` URI the setup reader takes."""
    kind = _IMAGE_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{kind or 'application/octet-stream'};base64,{encoded}"


class BranchPage(QWidget):
    """Edit one branch's general data; ``changed`` is emitted after each successful save."""

    changed = Signal()
    #: Emitted when a save is over: True when it was written, False when refused.
    save_finished = Signal(bool)

    def __init__(self, state: DeskState, branch_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.branch_id = branch_id
        self._loaded: Table = {}
        self._baseline: Table = {}
        self._logo: str | None = None
        self._filling = False
        #: Asks for a logo file; returns its path or None. A test may replace it.
        self.choose_logo_file: Callable[[], str | None] = self._ask_logo_file
        self.runner = WriteRunner(state.sessions, self)
        self.runner.succeeded.connect(self._saved)
        self.runner.refused.connect(self._refused)
        self.runner.crashed.connect(self._crashed)
        self.runner.busy_changed.connect(lambda _busy: self._update_buttons())
        self._build()
        self.reload()

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        title = QLabel(self.tr("Branch"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        outer.addWidget(title)
        self.message = MessageArea(self)
        outer.addWidget(self.message)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(scroll)
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.name_edit = QLineEdit(body)
        self.name_edit.setAccessibleName(self.tr("Branch name"))
        self.name_edit.setMaxLength(200)
        self.name_row = Labeled(self.name_edit, "", body)
        form.addRow(self.tr("&Name:"), self.name_row)

        self.timezone_combo = QComboBox(body)
        self.timezone_combo.setEditable(True)
        self.timezone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.timezone_combo.addItems(sorted(zoneinfo.available_timezones()))
        self.timezone_combo.setAccessibleName(self.tr("Time zone"))
        self.timezone_combo.setMinimumContentsLength(30)
        completer = QCompleter(self.timezone_combo.model(), self.timezone_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.timezone_combo.setCompleter(completer)
        self.timezone_row = Labeled(
            self.timezone_combo,
            self.tr(
                "Every time of the branch is read in this zone. Type part of a name, "
                "such as Toronto."
            ),
            body,
        )
        form.addRow(self.tr("&Time zone:"), self.timezone_row)

        self.color_picker = ColorPicker(accessible_name=self.tr("Theme colour"), parent=body)
        self.color_picker.color_changed.connect(lambda _c: self._update_buttons())
        self.color_row = Labeled(
            self.color_picker, self.tr("The branch's colour in the desk window."), body
        )
        form.addRow(self.tr("Theme &colour:"), self.color_row)

        logo_box = QWidget(body)
        logo_layout = QHBoxLayout(logo_box)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        self.logo_preview = QLabel(logo_box)
        side = self.fontMetrics().height() * 4
        self.logo_preview.setFixedSize(side * 2, side)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.logo_preview.setAccessibleName(self.tr("Logo preview"))
        self.logo_choose = QPushButton(self.tr("Choose &image…"), logo_box)
        self.logo_choose.setAccessibleName(self.tr("Choose a logo image"))
        self.logo_choose.clicked.connect(self._choose_logo)
        self.logo_remove = QPushButton(self.tr("Remove logo"), logo_box)
        self.logo_remove.setAccessibleName(self.tr("Remove the logo"))
        self.logo_remove.clicked.connect(lambda: self._set_logo(None))
        logo_layout.addWidget(self.logo_preview)
        buttons = QVBoxLayout()
        buttons.addWidget(self.logo_choose)
        buttons.addWidget(self.logo_remove)
        buttons.addStretch(1)
        logo_layout.addLayout(buttons)
        logo_layout.addStretch(1)
        logo_box.setFocusProxy(self.logo_choose)
        self.logo_row = Labeled(
            logo_box,
            self.tr("PNG, JPEG, GIF, WebP or SVG, at most 1 MiB; stored in the database."),
            body,
        )
        form.addRow(self.tr("Logo:"), self.logo_row)

        self.greeting_edit = QPlainTextEdit(body)
        self.greeting_edit.setAccessibleName(self.tr("Greeting"))
        self.greeting_edit.setTabChangesFocus(True)
        self.greeting_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.greeting_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.greeting_row = Labeled(
            self.greeting_edit, self.tr("Shown to customers on the booking pages."), body
        )
        form.addRow(self.tr("&Greeting:"), self.greeting_row)

        self.page_link = PageLink(self.tr("the branch's booking page"), body)
        form.addRow(self.tr("Booking page:"), self.page_link)

        days_box = QWidget(body)
        days_layout = QHBoxLayout(days_box)
        days_layout.setContentsMargins(0, 0, 0, 0)
        self.day_boxes: dict[str, QCheckBox] = {}
        for code in DAY_CODES:
            box = QCheckBox(days_box)
            box.toggled.connect(lambda _on: self._update_buttons())
            self.day_boxes[code] = box
        self._days_layout = days_layout
        self.days_row = Labeled(
            days_box, self.tr("No appointment can be booked on these days."), body
        )
        form.addRow(self.tr("Closed on:"), self.days_row)

        holidays_box = QWidget(body)
        holidays_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        holidays_layout = QVBoxLayout(holidays_box)
        holidays_layout.setContentsMargins(0, 0, 0, 0)
        self.holidays_table = QTableWidget(0, 3, holidays_box)
        self.holidays_table.setAccessibleName(self.tr("Holidays"))
        self.holidays_table.setHorizontalHeaderLabels(
            [self.tr("From"), self.tr("To (same day: one day)"), self.tr("Name")]
        )
        header = self.holidays_table.horizontalHeader()
        header.setSectionResizeMode(FROM_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TO_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.holidays_table.verticalHeader().hide()
        self.holidays_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.holidays_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.holidays_table.setMinimumHeight(self.fontMetrics().lineSpacing() * 9)
        holidays_layout.addWidget(self.holidays_table)
        row_buttons = QHBoxLayout()
        self.add_holiday_button = QPushButton(self.tr("&Add holiday"), holidays_box)
        self.add_holiday_button.setAccessibleName(self.tr("Add a holiday"))
        self.add_holiday_button.clicked.connect(self.add_holiday)
        self.remove_holiday_button = QPushButton(self.tr("Remove holiday"), holidays_box)
        self.remove_holiday_button.setAccessibleName(self.tr("Remove the selected holiday"))
        self.remove_holiday_button.clicked.connect(self.remove_selected_holiday)
        row_buttons.addWidget(self.add_holiday_button)
        row_buttons.addWidget(self.remove_holiday_button)
        row_buttons.addStretch(1)
        holidays_layout.addLayout(row_buttons)
        self.holidays_row = Labeled(
            holidays_box,
            self.tr("No appointment can be booked on these dates, both ends included."),
            body,
        )
        form.addRow(self.tr("Holidays:"), self.holidays_row)

        actions = QHBoxLayout()
        actions.addStretch(1)
        self.revert_button = QPushButton(self.tr("&Revert"), self)
        self.revert_button.setAccessibleName(self.tr("Revert the changes"))
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton(self.tr("&Save"), self)
        self.save_button.setAccessibleName(self.tr("Save the branch"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)
        outer.addLayout(actions)

        self.name_edit.textChanged.connect(lambda _t: self._update_buttons())
        self.timezone_combo.currentTextChanged.connect(lambda _t: self._update_buttons())
        self.greeting_edit.textChanged.connect(self._update_buttons)

        self._fields: dict[str, Labeled] = {
            "name": self.name_row,
            "timezone": self.timezone_row,
            "theme_color": self.color_row,
            "logo": self.logo_row,
            "greeting": self.greeting_row,
            "closed_weekdays": self.days_row,
            "holidays": self.holidays_row,
        }

    # -- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the branch again and show it; unsaved edits are dropped."""
        with self.state.sessions() as session:
            self._loaded = admin.setup_tables(session, self.branch_id)["branch"]
            country = self._country(session)
            base = links.public_url(session, self.branch_id)
        self.page_link.set_link(base, links.branch_path(self.branch_id))
        self._order_days(country)
        self._fill(self._loaded)

    def _country(self, session: Session) -> str | None:
        branch = session.get(Branch, self.branch_id)
        return None if branch is None else branch.country

    def _order_days(self, country: str | None) -> None:
        """Lay the day boxes out from the first day of the week where the branch is."""
        locale = QLocale()
        if country:
            territory = QLocale.codeToTerritory(country)
            if territory != QLocale.Country.AnyCountry:
                locale = QLocale(QLocale.Language.AnyLanguage, territory)
        first = locale.firstDayOfWeek().value - 1  # Qt: Monday 1 ... Sunday 7
        names = QLocale()
        while self._days_layout.count():
            self._days_layout.takeAt(0)
        for i in range(7):
            weekday = (first + i) % 7
            box = self.day_boxes[DAY_CODES[weekday]]
            day = weekday + 1
            box.setText(names.dayName(day, QLocale.FormatType.ShortFormat))
            box.setAccessibleName(
                self.tr("Closed on %1").replace(
                    "%1", names.dayName(day, QLocale.FormatType.LongFormat)
                )
            )
            self._days_layout.addWidget(box)
        self._days_layout.addStretch(1)

    def _fill(self, table: Table) -> None:
        self._filling = True
        try:
            self.name_edit.setText(str(table.get("name", "")))
            self.timezone_combo.setCurrentText(str(table.get("timezone", "")))
            self.color_picker.set_color(table.get("theme_color"))
            self._set_logo(table.get("logo"))
            self.greeting_edit.setPlainText(str(table.get("greeting") or ""))
            closed = {str(c).lower() for c in table.get("closed_weekdays", [])}
            for code, box in self.day_boxes.items():
                box.setChecked(code in closed)
            self.holidays_table.setRowCount(0)
            for entry in table.get("holidays", []):
                start = _as_date(entry.get("date", entry.get("from")))
                end = _as_date(entry.get("date", entry.get("to")))
                self._add_row(start, end, str(entry.get("name") or ""))
            self._sort_rows()
        finally:
            self._filling = False
        self._clear_problems()
        self._baseline = self.form_table()
        self._update_buttons()

    # -- the form's value --------------------------------------------------------------------

    def form_table(self) -> Table:
        """The ``[branch]`` table the form holds now, as ``save_branch`` takes it."""
        table = {k: v for k, v in self._loaded.items() if k not in EDITED}
        table["name"] = self.name_edit.text().strip()
        table["timezone"] = self.timezone_combo.currentText().strip()
        color = self.color_picker.color()
        if color:
            table["theme_color"] = color
        if self._logo:
            table["logo"] = self._logo
        greeting = self.greeting_edit.toPlainText().strip()
        if greeting:
            table["greeting"] = greeting
        table["closed_weekdays"] = [c for c in DAY_CODES if self.day_boxes[c].isChecked()]
        table["holidays"] = self._holidays()
        return table

    def _holidays(self) -> list[Table]:
        out: list[Table] = []
        for row in range(self.holidays_table.rowCount()):
            start, end, name = self._row_values(row)
            entry: Table = (
                {"date": start.isoformat()}
                if start == end
                else {"from": start.isoformat(), "to": end.isoformat()}
            )
            if name:
                entry["name"] = name
            out.append(entry)
        return out

    def is_dirty(self) -> bool:
        return self.form_table() != self._baseline

    # -- holidays table ----------------------------------------------------------------------

    def _date_edit(self, day: date, what: str) -> QDateEdit:
        edit = QDateEdit(qdate(day), self.holidays_table)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(what)
        edit.dateChanged.connect(lambda _d: self._update_buttons())
        return edit

    def _add_row(self, start: date, end: date, name: str) -> int:
        row = self.holidays_table.rowCount()
        self.holidays_table.insertRow(row)
        self.holidays_table.setCellWidget(
            row, FROM_COLUMN, self._date_edit(start, self.tr("Holiday first day"))
        )
        self.holidays_table.setCellWidget(
            row, TO_COLUMN, self._date_edit(end, self.tr("Holiday last day"))
        )
        name_edit = QLineEdit(name, self.holidays_table)
        name_edit.setAccessibleName(self.tr("Holiday name"))
        name_edit.setPlaceholderText(self.tr("Optional, such as Christmas Day"))
        name_edit.textChanged.connect(lambda _t: self._update_buttons())
        self.holidays_table.setCellWidget(row, NAME_COLUMN, name_edit)
        return row

    def _row_values(self, row: int) -> tuple[date, date, str]:
        start = self.holidays_table.cellWidget(row, FROM_COLUMN)
        end = self.holidays_table.cellWidget(row, TO_COLUMN)
        name = self.holidays_table.cellWidget(row, NAME_COLUMN)
        assert isinstance(start, QDateEdit)
        assert isinstance(end, QDateEdit)
        assert isinstance(name, QLineEdit)
        return _py_date(start.date()), _py_date(end.date()), name.text().strip()

    def _sort_rows(self) -> None:
        """Put the rows in date order (first day, then last day, then name)."""
        rows = [self._row_values(r) for r in range(self.holidays_table.rowCount())]
        ordered = sorted(rows, key=lambda v: (v[0], v[1], v[2]))
        if ordered == rows:
            return
        filling, self._filling = self._filling, True
        try:
            self.holidays_table.setRowCount(0)
            for start, end, name in ordered:
                self._add_row(start, end, name)
        finally:
            self._filling = filling

    def holiday_row_count(self) -> int:
        return self.holidays_table.rowCount()

    def holiday_editors(self, row: int) -> tuple[QDateEdit, QDateEdit, QLineEdit]:
        """The three editors of one holiday row (first day, last day, name)."""
        start = self.holidays_table.cellWidget(row, FROM_COLUMN)
        end = self.holidays_table.cellWidget(row, TO_COLUMN)
        name = self.holidays_table.cellWidget(row, NAME_COLUMN)
        assert isinstance(start, QDateEdit)
        assert isinstance(end, QDateEdit)
        assert isinstance(name, QLineEdit)
        return start, end, name

    def add_holiday(self) -> None:
        """Add a one-day holiday on today's date (branch time) and put the cursor on it."""
        try:
            today = self.state.now().astimezone(zoneinfo.ZoneInfo(self._zone_name())).date()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            today = self.state.now().date()
        row = self._add_row(today, today, "")
        self.holidays_table.selectRow(row)
        self.holidays_table.scrollToBottom()
        start, _end, _name = self.holiday_editors(row)
        start.setFocus()
        self._update_buttons()

    def _zone_name(self) -> str:
        return str(self._loaded.get("timezone") or "UTC")

    def remove_selected_holiday(self) -> None:
        rows = self.holidays_table.selectionModel().selectedRows()
        row = rows[0].row() if rows else self.holidays_table.currentRow()
        if row < 0:
            self.message.show_info(self.tr("Select the holiday to remove first."))
            return
        self.holidays_table.removeRow(row)
        self._update_buttons()

    # -- logo --------------------------------------------------------------------------------

    def _ask_logo_file(self) -> str | None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the branch's logo"),
            "",
            self.tr("Images (*.png *.jpg *.jpeg *.gif *.webp *.svg)"),
        )
        return path or None

    def _choose_logo(self) -> None:
        chosen = self.choose_logo_file()
        if chosen:
            self.set_logo_file(Path(chosen))

    def set_logo_file(self, path: Path) -> None:
        """Take the image at ``path`` as the new logo (saved with the rest of the form)."""
        try:
            size = path.stat().st_size
            if size > LOGO_MAX_BYTES:
                self.logo_row.set_error(
                    self.tr("%1 is %2 KiB; a logo may be at most 1024 KiB (1 MiB).")
                    .replace("%1", path.name)
                    .replace("%2", str((size + 1023) // 1024))
                )
                return
            uri = logo_uri(path)
        except OSError as exc:
            self.logo_row.set_error(
                self.tr("%1 cannot be read: %2")
                .replace("%1", str(path))
                .replace("%2", exc.strerror or str(exc))
            )
            return
        self.logo_row.set_error("")
        self._set_logo(uri)

    def _set_logo(self, uri: Any) -> None:
        self._logo = str(uri) if uri else None
        self.logo_preview.clear()
        if self._logo is None:
            self.logo_preview.setText(self.tr("No logo"))
        else:
            pixmap = QPixmap()
            raw = logo_bytes(self._logo)
            if raw is not None and pixmap.loadFromData(raw):
                self.logo_preview.setPixmap(
                    pixmap.scaled(
                        self.logo_preview.size(),
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            else:
                self.logo_preview.setText(self.tr("(cannot be shown)"))
        self.logo_remove.setEnabled(self._logo is not None)
        self._update_buttons()

    # -- saving ------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        if self._filling:
            return
        dirty = self.is_dirty()
        busy = self.runner.busy()
        self.save_button.setEnabled(dirty and not busy)
        self.revert_button.setEnabled(dirty and not busy)

    def revert(self) -> None:
        """Drop the edits: the form shows the values last read again."""
        self.message.clear()
        self._fill(self._loaded)

    def save(self) -> None:
        """Save the form as the branch's ``[branch]`` table, off the GUI thread."""
        if not self.is_dirty() or self.runner.busy():
            return
        self._sort_rows()
        self._clear_problems()
        self.message.clear()
        table = self.form_table()
        state, branch_id = self.state, self.branch_id

        def work(session: Session) -> None:
            admin.save_branch(session, state.actor(session), branch_id, table, state.now())

        self.runner.start(work)

    def _saved(self, _result: object) -> None:
        self.reload()
        self.message.show_info(self.tr("The branch is saved."))
        self.changed.emit()
        self.save_finished.emit(True)

    def _refused(self, exc: object) -> None:
        assert isinstance(exc, BookingError)
        if isinstance(exc, SetupEditError):
            self._show_problems(exc)
        else:
            self.message.show_error(exc.message)
        self._update_buttons()
        self.save_finished.emit(False)

    def _crashed(self, _exc: object) -> None:
        self.message.show_error(
            self.tr("The branch could not be saved because of an unexpected error; it is logged.")
        )
        self._update_buttons()
        self.save_finished.emit(False)

    def _show_problems(self, exc: SetupEditError) -> None:
        shown: dict[str, list[str]] = {}
        unplaced: list[str] = []
        for problem in exc.problems:
            field = "holidays" if ".holidays" in problem.path else problem.key
            if field in self._fields:
                text = sentence(problem.message)
                if field == "holidays":
                    row = _row_index(problem.path)
                    if row is not None:
                        text = self.tr("Row %1: %2").replace("%1", str(row + 1)).replace("%2", text)
                        self.holidays_table.selectRow(row)
                shown.setdefault(field, []).append(text)
            else:
                unplaced.append(sentence(problem.message))
        for field, texts in shown.items():
            self._fields[field].set_error(" ".join(texts))
        if unplaced:
            self.message.show_error(" ".join(unplaced))
        first = next((self._fields[f] for f in self._fields if f in shown), None)
        if first is not None:
            first.field.setFocus()

    def _clear_problems(self) -> None:
        for row in self._fields.values():
            row.set_error("")

    def problem(self, field: str) -> str:
        """The problem shown under ``field`` (a ``[branch]`` key), or ""."""
        error: FieldError = self._fields[field].error
        return error.text()


def _row_index(path: str) -> int | None:
    """``branch.holidays[2].to`` → 2."""
    _head, bracket, rest = path.partition("[")
    number = rest.split("]", 1)[0]
    return int(number) if bracket and number.isdigit() else None
