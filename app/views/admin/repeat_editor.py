"""The repeat editor: one repeating availability period of an agent, in plain terms.

A period is an ``[[availability]]`` table of the setup file: a first window (wall-clock
times in the branch's zone), an optional service and slot length, an RFC 5545 RRULE and
dates taken out of the series. Receptionists do not write RRULEs, so the dialog offers
"does not repeat / daily / weekly on chosen days / monthly on day N or on the Nth
weekday", every N, and an end (never, after N times, on a date), and writes the RRULE
text itself. A rule that those controls cannot express (BYSETPOS, BYHOUR, yearly...) is
shown as its text in an advanced field and handed back exactly as it was loaded, so
opening and saving a period never rewrites what someone wrote in a setup file.

The next occurrences are listed live with the engine's own expansion
(app.scheduling.recurrence), converted through the branch's zone, so what the list shows
is what the calendar will offer: 09:00 stays 09:00 across a daylight-saving change, a
window inside the spring-forward gap is shown as skipped, and dates on which the branch
or the agent is closed are flagged since no slot will be offered there.

The dialog holds no database session: its caller passes ``save``, which writes the table
(``app.booking.admin.save_availability`` through ``run_write``); a refusal
(``SetupEditError``) is shown under the field its key names and the dialog stays open.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import rrule as du
from PySide6.QtCore import QCoreApplication, QDate, QLocale, QSignalBlocker, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.booking.admin import SetupEditError
from app.booking.durations import DurationError, format_duration, parse_duration
from app.booking.errors import BookingError
from app.scheduling.recurrence import RepeatingPeriod, occurrence_starts, parse_rule
from app.scheduling.zone import (
    MINUTES_PER_DAY,
    from_minutes,
    local_minute,
    to_minutes,
    wall_clock,
    zone_for,
)
from app.views.dialogs import FieldError, MessageArea
from app.views.qtdates import qdate

Table = dict[str, Any]

#: RFC 5545 weekday codes, Monday first as ``date.weekday()``.
RFC_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: The setup file's weekday names, Monday first.
FILE_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: How many occurrences the preview lists.
PREVIEW_COUNT = 10
#: The preview looks this far ahead for occurrences before it says there are no more.
_HORIZON_DAYS = 3 * 366
_FIRST_SPAN_DAYS = 31
_BYDAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")

NONE, DAILY, WEEKLY, MONTHLY = "", "DAILY", "WEEKLY", "MONTHLY"


@dataclass(frozen=True)
class Holiday:
    """Local dates ``first`` to ``last`` (both included) on which no slot is offered."""

    first: date
    last: date
    name: str


@dataclass(frozen=True)
class PlainRule:
    """A repeat rule in the terms the dialog's controls speak.

    ``freq`` is "" (does not repeat), "DAILY", "WEEKLY" or "MONTHLY". Weekly rules repeat
    on ``weekdays`` (0 = Monday); monthly rules on ``month_day`` or, when ``by_weekday``,
    on the ``ordinal`` (1-4, -1 for the last) ``weekday`` of the month. ``count`` or
    ``until`` (a local date, occurrences on it included) end the series; neither: never.
    """

    freq: str = NONE
    interval: int = 1
    weekdays: frozenset[int] = frozenset()
    by_weekday: bool = False
    month_day: int = 1
    ordinal: int = 1
    weekday: int = 0
    count: int | None = None
    until: date | None = None

    def text(self) -> str | None:
        """The RRULE text for this rule; None when it does not repeat."""
        if self.freq == NONE:
            return None
        parts = [f"FREQ={self.freq}"]
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.freq == WEEKLY and self.weekdays:
            parts.append("BYDAY=" + ",".join(RFC_DAYS[d] for d in sorted(self.weekdays)))
        elif self.freq == MONTHLY:
            if self.by_weekday:
                parts.append(f"BYDAY={self.ordinal}{RFC_DAYS[self.weekday]}")
            else:
                parts.append(f"BYMONTHDAY={self.month_day}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        elif self.until is not None:
            parts.append(f"UNTIL={self.until:%Y%m%d}T235959")
        return ";".join(parts)


def plain_rule(text: str | None, start: datetime) -> PlainRule | None:
    """``text`` in plain terms, or None when the plain controls cannot express it.

    ``start`` is the first window's start: a weekly rule without BYDAY repeats on its
    weekday and a monthly rule without BYMONTHDAY on its day, as RFC 5545 says.
    """
    if text is None or not text.strip():
        return PlainRule()
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    parts: dict[str, str] = {}
    for item in filter(None, body.split(";")):
        name, sep, value = item.partition("=")
        name = name.strip().upper()
        if not sep or name in parts:
            return None
        parts[name] = value.strip().upper()
    freq = parts.pop("FREQ", "")
    if freq not in (DAILY, WEEKLY, MONTHLY):
        return None
    rule = PlainRule(freq=freq)
    try:
        if "INTERVAL" in parts:
            rule = replace(rule, interval=int(parts.pop("INTERVAL")))
        if "COUNT" in parts:
            rule = replace(rule, count=int(parts.pop("COUNT")))
        if "UNTIL" in parts:
            until = parts.pop("UNTIL")
            if not re.fullmatch(r"\d{8}(T235959)?", until):
                return None  # an UNTIL at another time of day (or in UTC) stays as text
            rule = replace(rule, until=datetime.strptime(until[:8], "%Y%m%d").date())  # noqa: DTZ007
    except ValueError:
        return None
    if rule.interval < 1 or (rule.count is not None and rule.count < 1):
        return None
    if rule.count is not None and rule.until is not None:
        return None
    byday = parts.pop("BYDAY", None)
    monthday = parts.pop("BYMONTHDAY", None)
    if parts:
        return None  # BYSETPOS, BYHOUR, WKST, BYMONTH...: kept as text
    if freq == DAILY:
        return rule if byday is None and monthday is None else None
    if freq == WEEKLY:
        if monthday is not None:
            return None
        if byday is None:
            return replace(rule, weekdays=frozenset({start.weekday()}))
        days: set[int] = set()
        for code in byday.split(","):
            match = _BYDAY.fullmatch(code)
            if match is None or match.group(1):
                return None
            days.add(RFC_DAYS.index(match.group(2)))
        return replace(rule, weekdays=frozenset(days))
    # MONTHLY
    if byday is not None and monthday is not None:
        return None
    if byday is not None:
        match = _BYDAY.fullmatch(byday)
        if match is None or match.group(1) is None:
            return None
        ordinal = int(match.group(1))
        if ordinal not in (1, 2, 3, 4, -1):
            return None
        return replace(
            rule, by_weekday=True, ordinal=ordinal, weekday=RFC_DAYS.index(match.group(2))
        )
    if monthday is None:
        return replace(rule, month_day=start.day)
    try:
        day = int(monthday)
    except ValueError:
        return None
    return replace(rule, month_day=day) if 1 <= day <= 31 else None


@dataclass(frozen=True)
class Occurrence:
    """One window of the series as the calendar will have it, in the branch's zone.

    ``start`` and ``end`` are aware datetimes (branch zone); both are None when the whole
    window falls in a daylight-saving gap. ``note`` says why no slot will be offered, if so.
    """

    day: date
    start: datetime | None
    end: datetime | None
    note: str = ""


@dataclass
class Preview:
    """The next occurrences, or why there are none."""

    occurrences: list[Occurrence] = field(default_factory=list)
    problem: str = ""
    #: The rule's first occurrence when it is not the first window's start.
    first: datetime | None = None


def _parse_wall(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return value.replace(tzinfo=None) if value.tzinfo is None else None


def next_occurrences(
    start: datetime,
    end: datetime,
    rule: str | None,
    exdates: Sequence[date],
    zone_key: str,
    after: datetime,
    limit: int = PREVIEW_COUNT,
) -> list[tuple[int, int]]:
    """Local-minute (start, end) pairs of the next ``limit`` occurrences ending after ``after``.

    ``start``/``end`` are the first window (naive, wall-clock) and ``after`` an aware
    instant. Uses the engine's expansion, so the list is the calendar's. Raises ValueError
    (dateutil's or the engine's reason) for a rule that cannot be expanded.
    """
    period = RepeatingPeriod(start, end, rule, frozenset(exdates))
    zone = zone_for(zone_key)
    length = local_minute(end) - local_minute(start)
    first = zone.to_local(to_minutes(after)) - length
    first = max(first, local_minute(start))
    excluded = set(exdates)
    found: list[tuple[int, int]] = []
    span = _FIRST_SPAN_DAYS * MINUTES_PER_DAY
    stop = first + _HORIZON_DAYS * MINUTES_PER_DAY
    low = first
    while low <= stop and len(found) < limit:
        high = min(low + span - 1, stop)
        for minute in occurrence_starts(period, zone_key, low, high):
            if wall_clock(minute).date() in excluded:
                continue
            found.append((minute, minute + length))
            if len(found) == limit:
                break
        low, span = high + 1, span * 2
    return found


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _pytime(value: QTime) -> time:
    return time(value.hour(), value.minute())


def _embolden(widget: QWidget, on: bool) -> None:
    """A chosen day reads bold as well as pressed: some styles barely show the press."""
    font = widget.font()
    font.setBold(on)
    widget.setFont(font)


def _spinbox(low: int, high: int, value: int, name: str, parent: QWidget) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(low, high)
    box.setValue(value)
    box.setAccessibleName(name)
    return box


class RepeatEditor(QDialog):
    """Edit or add one repeating availability period of ``agent``.

    ``table`` is the period's ``[[availability]]`` table as ``setup_tables`` gives it (None
    for a new period); ``services`` are the services the agent gives; ``zone`` the branch's
    IANA zone; ``now`` the instant the preview starts from. ``closed_weekdays`` (setup-file
    day names) and ``holidays`` (the branch's and the agent's) flag occurrences that will
    offer no slot. ``save(table)`` writes the period and may raise ``BookingError``; the
    dialog closes only when it returns.
    """

    def __init__(
        self,
        agent: str,
        services: Sequence[str],
        zone: str,
        now: datetime,
        table: Table | None = None,
        *,
        closed_weekdays: Sequence[str] = (),
        holidays: Sequence[Holiday] = (),
        save: Callable[[Table], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.agent = agent
        self.zone_key = zone
        self.tz = ZoneInfo(zone)
        self.now = now
        self.closed = {FILE_DAYS.index(d) for d in closed_weekdays if d in FILE_DAYS}
        self.holidays = list(holidays)
        self._save = save
        self.original: Table = dict(table or {})
        self.preview = Preview()
        self.errors: dict[str, FieldError] = {}
        new = table is None
        self.setWindowTitle(
            self.tr("New availability period") if new else self.tr("Availability period")
        )
        self.setAccessibleName(self.windowTitle())

        local_now = now.astimezone(self.tz).replace(tzinfo=None)
        default_start = datetime.combine(local_now.date() + timedelta(days=1), time(9, 0))
        start = _parse_wall(self.original.get("start", "")) or default_start
        end = _parse_wall(self.original.get("end", "")) or start + timedelta(hours=3)

        layout = QVBoxLayout(self)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._window_box(services, start, end))
        left.addWidget(self._repeat_box(start))
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._preview_box(), 1)
        right.addWidget(self._except_box(start))
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns, 1)
        self.message = MessageArea(self)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName(self.tr("Save the period"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._load_rule(self.original.get("repeat"), start)
        for day in self.original.get("except", []):
            parsed = _parse_wall(f"{day}T00:00")
            if parsed is not None:
                self._add_except(parsed.date())
        self._connect()
        self.refresh()

    # -- building ------------------------------------------------------------------------

    def _error(self, key: str, parent: QWidget) -> FieldError:
        error = FieldError(parent)
        self.errors[key] = error
        return error

    def _window_box(self, services: Sequence[str], start: datetime, end: datetime) -> QGroupBox:
        box = QGroupBox(self.tr("Window"), self)
        form = QFormLayout(box)
        self.agent_label = QLabel(self.agent, box)
        self.agent_label.setAccessibleName(self.tr("Agent"))
        form.addRow(self.tr("Agent:"), self.agent_label)
        form.addRow("", self._error("agent", box))

        self.service = QComboBox(box)
        self.service.setAccessibleName(self.tr("Service"))
        self.service.addItem(self.tr("Every service of the agent"), None)
        for name in services:
            self.service.addItem(name, name)
        wanted = self.original.get("service")
        if wanted is not None:
            if self.service.findData(wanted) < 0:
                self.service.addItem(str(wanted), wanted)
            self.service.setCurrentIndex(self.service.findData(wanted))
        form.addRow(self.tr("&Service:"), self.service)
        form.addRow("", self._error("service", box))

        self.start_date = QDateEdit(qdate(start.date()), box)
        self.start_date.setCalendarPopup(True)
        self.start_date.setAccessibleName(self.tr("First date"))
        self.start_time = QTimeEdit(QTime(start.hour, start.minute), box)
        self.start_time.setAccessibleName(self.tr("Start time"))
        self.end_time = QTimeEdit(QTime(end.hour, end.minute), box)
        self.end_time.setAccessibleName(self.tr("End time"))
        self.end_date = QDateEdit(qdate(end.date()), box)
        self.end_date.setCalendarPopup(True)
        self.end_date.setAccessibleName(self.tr("End date"))
        row = QHBoxLayout()
        row.addWidget(self.start_date)
        row.addWidget(self.start_time)
        row.addWidget(QLabel(self.tr("to"), box))
        row.addWidget(self.end_time)
        row.addWidget(self.end_date)
        row.addStretch(1)
        label = QLabel(self.tr("&First window:"), box)
        label.setBuddy(self.start_date)
        form.addRow(label, row)
        form.addRow("", self._error("start", box))
        form.addRow("", self._error("end", box))
        self.zone_note = QLabel(self.tr("Times in %1").replace("%1", self.zone_key), box)
        self.zone_note.setEnabled(False)
        form.addRow("", self.zone_note)

        original_slot = self.original.get("slot")
        minutes = 0
        if isinstance(original_slot, str):
            try:
                minutes = parse_duration(original_slot)
            except DurationError:
                minutes = 0
        self.slot = _spinbox(0, MINUTES_PER_DAY, minutes, self.tr("Slot length"), box)
        self.slot.setSuffix(self.tr(" min"))
        self.slot.setSingleStep(5)
        self.slot.setSpecialValueText(self.tr("The service's own step"))
        form.addRow(self.tr("S&lot length:"), self.slot)
        form.addRow("", self._error("slot", box))
        return box

    def _repeat_box(self, start: datetime) -> QGroupBox:
        box = QGroupBox(self.tr("Repeat"), self)
        form = QFormLayout(box)
        self.freq = QComboBox(box)
        self.freq.setAccessibleName(self.tr("Repeats"))
        for caption, value in (
            (self.tr("Does not repeat"), NONE),
            (self.tr("Daily"), DAILY),
            (self.tr("Weekly"), WEEKLY),
            (self.tr("Monthly"), MONTHLY),
        ):
            self.freq.addItem(caption, value)
        form.addRow(self.tr("&Repeats:"), self.freq)

        self.interval = _spinbox(1, 99, 1, self.tr("Repeat every"), box)
        self.interval_unit = QLabel(box)
        every = QHBoxLayout()
        every.addWidget(self.interval)
        every.addWidget(self.interval_unit)
        every.addStretch(1)
        self.every_label = QLabel(self.tr("E&very:"), box)
        self.every_label.setBuddy(self.interval)
        form.addRow(self.every_label, every)

        # Weekly: seven day toggles; monthly: day N or the Nth weekday.
        self.pattern = QStackedWidget(box)
        self.pattern.addWidget(QWidget(self.pattern))
        days = QWidget(self.pattern)
        days_layout = QHBoxLayout(days)
        days_layout.setContentsMargins(0, 0, 0, 0)
        locale = QLocale()
        self.day_buttons: list[QToolButton] = []
        for i in range(7):
            button = QToolButton(days)
            button.setCheckable(True)
            button.setText(locale.dayName(i + 1, QLocale.FormatType.ShortFormat))
            button.setAccessibleName(
                self.tr("Repeat on %1").replace(
                    "%1", locale.dayName(i + 1, QLocale.FormatType.LongFormat)
                )
            )
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.toggled.connect(lambda on, b=button: _embolden(b, on))
            days_layout.addWidget(button)
            self.day_buttons.append(button)
        days_layout.addStretch(1)
        self.pattern.addWidget(days)

        monthly = QWidget(self.pattern)
        monthly_layout = QVBoxLayout(monthly)
        monthly_layout.setContentsMargins(0, 0, 0, 0)
        self.on_day = QRadioButton(self.tr("On day"), monthly)
        self.on_day.setAccessibleName(self.tr("Monthly on a day of the month"))
        self.month_day = _spinbox(1, 31, start.day, self.tr("Day of the month"), monthly)
        self.on_weekday = QRadioButton(self.tr("On the"), monthly)
        self.on_weekday.setAccessibleName(self.tr("Monthly on a weekday of the month"))
        self.ordinal = QComboBox(monthly)
        self.ordinal.setAccessibleName(self.tr("Which weekday of the month"))
        for label, number in (
            (self.tr("first"), 1),
            (self.tr("second"), 2),
            (self.tr("third"), 3),
            (self.tr("fourth"), 4),
            (self.tr("last"), -1),
        ):
            self.ordinal.addItem(label, number)
        self.weekday = QComboBox(monthly)
        self.weekday.setAccessibleName(self.tr("Weekday"))
        for i in range(7):
            self.weekday.addItem(locale.dayName(i + 1, QLocale.FormatType.LongFormat), i)
        self.monthly_group = QButtonGroup(monthly)
        self.monthly_group.addButton(self.on_day)
        self.monthly_group.addButton(self.on_weekday)
        self.on_day.setChecked(True)
        row = QHBoxLayout()
        row.addWidget(self.on_day)
        row.addWidget(self.month_day)
        row.addStretch(1)
        monthly_layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.on_weekday)
        row.addWidget(self.ordinal)
        row.addWidget(self.weekday)
        row.addStretch(1)
        monthly_layout.addLayout(row)
        self.pattern.addWidget(monthly)
        self.pattern_label = QLabel(self.tr("On:"), box)
        form.addRow(self.pattern_label, self.pattern)

        ends = QWidget(box)
        ends_layout = QVBoxLayout(ends)
        ends_layout.setContentsMargins(0, 0, 0, 0)
        self.ends_never = QRadioButton(self.tr("&Never"), ends)
        self.ends_never.setAccessibleName(self.tr("Ends never"))
        self.ends_after = QRadioButton(self.tr("&After"), ends)
        self.ends_after.setAccessibleName(self.tr("Ends after a number of times"))
        self.count = _spinbox(1, 999, 8, self.tr("Number of times"), ends)
        self.count.setSuffix(self.tr(" times"))
        self.ends_on = QRadioButton(self.tr("&On"), ends)
        self.ends_on.setAccessibleName(self.tr("Ends on a date"))
        self.until = QDateEdit(qdate(start.date() + timedelta(weeks=8)), ends)
        self.until.setCalendarPopup(True)
        self.until.setAccessibleName(self.tr("Last date"))
        self.ends_group = QButtonGroup(ends)
        for choice in (self.ends_never, self.ends_after, self.ends_on):
            self.ends_group.addButton(choice)
        self.ends_never.setChecked(True)
        ends_layout.addWidget(self.ends_never)
        row = QHBoxLayout()
        row.addWidget(self.ends_after)
        row.addWidget(self.count)
        row.addStretch(1)
        ends_layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.ends_on)
        row.addWidget(self.until)
        row.addStretch(1)
        ends_layout.addLayout(row)
        self.ends_label = QLabel(self.tr("Ends:"), box)
        form.addRow(self.ends_label, ends)

        self.advanced = QCheckBox(self.tr("Edit the rule as RRULE te&xt"), box)
        self.advanced.setAccessibleName(self.tr("Edit the rule as RRULE text"))
        self.rule_text = QLineEdit(box)
        self.rule_text.setAccessibleName(self.tr("RRULE text"))
        self.rule_text.setPlaceholderText("FREQ=WEEKLY;BYDAY=SA;COUNT=8")
        form.addRow(self.advanced)
        form.addRow(self.rule_text)
        self.advanced_note = QLabel(box)
        self.advanced_note.setWordWrap(True)
        self.advanced_note.hide()
        form.addRow(self.advanced_note)
        form.addRow(self._error("repeat", box))
        return box

    def _except_box(self, start: datetime) -> QGroupBox:
        box = QGroupBox(self.tr("Except on"), self)
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.except_list = QListWidget(box)
        self.except_list.setAccessibleName(self.tr("Dates taken out of the series"))
        self.except_list.setMaximumHeight(self.fontMetrics().height() * 5)
        row.addWidget(self.except_list, 1)
        side = QVBoxLayout()
        self.except_date = QDateEdit(qdate(start.date()), box)
        self.except_date.setCalendarPopup(True)
        self.except_date.setAccessibleName(self.tr("Date to take out"))
        self.except_add = QPushButton(self.tr("A&dd date"), box)
        self.except_add.setAccessibleName(self.tr("Take this date out of the series"))
        self.except_remove = QPushButton(self.tr("R&emove date"), box)
        self.except_remove.setAccessibleName(self.tr("Put the selected date back"))
        side.addWidget(self.except_date)
        side.addWidget(self.except_add)
        side.addWidget(self.except_remove)
        side.addStretch(1)
        row.addLayout(side)
        layout.addLayout(row)
        layout.addWidget(self._error("except", box))
        return box

    def _preview_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Next occurrences"), self)
        layout = QVBoxLayout(box)
        self.preview_table = QTableWidget(0, 3, box)
        self.preview_table.setAccessibleName(self.tr("Next occurrences"))
        self.preview_table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Time"), ""])
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.preview_table.verticalHeader().hide()
        header = self.preview_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        rows = PREVIEW_COUNT + 1
        self.preview_table.setMinimumHeight(
            self.preview_table.verticalHeader().defaultSectionSize() * rows
        )
        layout.addWidget(self.preview_table)
        bottom = QHBoxLayout()
        self.preview_note = QLabel(box)
        self.preview_note.setWordWrap(True)
        self.skip_button = QPushButton(self.tr("S&kip the selected date"), box)
        self.skip_button.setAccessibleName(self.tr("Take the selected occurrence's date out"))
        bottom.addWidget(self.preview_note, 1)
        bottom.addWidget(self.skip_button)
        layout.addLayout(bottom)
        return box

    def _connect(self) -> None:
        for edit in (self.start_date, self.end_date):
            edit.dateChanged.connect(self.refresh)
        for time_edit in (self.start_time, self.end_time):
            time_edit.timeChanged.connect(self.refresh)
        self.start_date.dateChanged.connect(self._start_moved)
        self._last_start = self.start_date.date()
        self.freq.currentIndexChanged.connect(self._freq_changed)
        for spin in (self.interval, self.month_day, self.count, self.slot):
            spin.valueChanged.connect(self.refresh)
        for button in self.day_buttons:
            button.toggled.connect(self.refresh)
        for combo in (self.ordinal, self.weekday, self.service):
            combo.currentIndexChanged.connect(self.refresh)
        self.monthly_group.buttonToggled.connect(self.refresh)
        self.ends_group.buttonToggled.connect(self.refresh)
        self.until.dateChanged.connect(self.refresh)
        self.advanced.toggled.connect(self._advanced_toggled)
        self.rule_text.textChanged.connect(self.refresh)
        self.except_add.clicked.connect(self._except_clicked)
        self.except_remove.clicked.connect(self._remove_except)
        self.skip_button.clicked.connect(self._skip_selected)
        self.preview_table.itemSelectionChanged.connect(self._update_skip)

    # -- the rule ------------------------------------------------------------------------

    def _load_rule(self, text: object, start: datetime) -> None:
        """Show a loaded rule in the plain controls, or as text when they cannot express it."""
        self.original_rule = text if isinstance(text, str) else None
        plain = plain_rule(self.original_rule, start)
        self.original_plain = plain
        if plain is None:
            self.rule_text.setText(self.original_rule or "")
            self.advanced.setChecked(True)
            self.advanced_note.setText(
                self.tr(
                    "This rule has parts the simple controls cannot show; it is kept as "
                    "written. Edit the text, or clear it and untick the box to start over."
                )
            )
            self.advanced_note.show()
        else:
            self._show_plain(plain)
        self._sync_enabled()

    def _show_plain(self, plain: PlainRule) -> None:
        self.freq.setCurrentIndex(max(0, self.freq.findData(plain.freq)))
        self.interval.setValue(plain.interval)
        for i, button in enumerate(self.day_buttons):
            button.setChecked(i in plain.weekdays)
        if plain.freq == WEEKLY and not plain.weekdays:
            self.day_buttons[self._start().weekday()].setChecked(True)
        self.month_day.setValue(plain.month_day)
        (self.on_weekday if plain.by_weekday else self.on_day).setChecked(True)
        self.ordinal.setCurrentIndex(max(0, self.ordinal.findData(plain.ordinal)))
        self.weekday.setCurrentIndex(plain.weekday)
        if plain.count is not None:
            self.count.setValue(plain.count)
            self.ends_after.setChecked(True)
        elif plain.until is not None:
            self.until.setDate(qdate(plain.until))
            self.ends_on.setChecked(True)
        else:
            self.ends_never.setChecked(True)

    def plain(self) -> PlainRule:
        """What the plain controls say now."""
        freq = str(self.freq.currentData())
        return PlainRule(
            freq=freq,
            interval=self.interval.value() if freq else 1,
            weekdays=frozenset(i for i, b in enumerate(self.day_buttons) if b.isChecked())
            if freq == WEEKLY
            else frozenset(),
            by_weekday=freq == MONTHLY and self.on_weekday.isChecked(),
            month_day=self.month_day.value() if freq == MONTHLY else 1,
            ordinal=int(self.ordinal.currentData()) if freq == MONTHLY else 1,
            weekday=int(self.weekday.currentData()) if freq == MONTHLY else 0,
            count=self.count.value() if freq and self.ends_after.isChecked() else None,
            until=_pydate(self.until.date()) if freq and self.ends_on.isChecked() else None,
        )

    def rule(self) -> str | None:
        """The RRULE text the period will have (None: it does not repeat).

        Advanced text is taken as typed; a plain rule the user did not change keeps the
        text it was loaded with, so an equivalent spelling is never rewritten.
        """
        if self.advanced.isChecked():
            return self.rule_text.text().strip() or None
        plain = self.plain()
        if self.original_plain is not None and plain == self._normalised(self.original_plain):
            return self.original_rule
        return plain.text()

    def _normalised(self, plain: PlainRule) -> PlainRule:
        """``plain`` as the controls would read it back (for the "unchanged" test)."""
        if plain.freq == WEEKLY and not plain.weekdays:
            return replace(plain, weekdays=frozenset({self._start().weekday()}))
        if plain.freq != MONTHLY:
            return replace(plain, month_day=1, ordinal=1, weekday=0, by_weekday=False)
        return plain

    def _freq_changed(self) -> None:
        """A newly chosen frequency starts from the first window's day, as people expect."""
        start = self._start()
        freq = self.freq.currentData()
        if freq == WEEKLY and not any(b.isChecked() for b in self.day_buttons):
            with QSignalBlocker(self.day_buttons[start.weekday()]):
                self.day_buttons[start.weekday()].setChecked(True)
        elif freq == MONTHLY:
            with QSignalBlocker(self.month_day), QSignalBlocker(self.weekday):
                self.month_day.setValue(start.day)
                self.weekday.setCurrentIndex(start.weekday())
            nth = (start.day - 1) // 7 + 1  # the 5th weekday of a month is its last
            with QSignalBlocker(self.ordinal):
                self.ordinal.setCurrentIndex(self.ordinal.findData(nth if nth <= 4 else -1))
        self.refresh()

    def _advanced_toggled(self, on: bool) -> None:
        if on:
            self.rule_text.setText(self.plain().text() or "")
        else:
            plain = plain_rule(self.rule_text.text(), self._start())
            if plain is None:
                with QSignalBlocker(self.advanced):
                    self.advanced.setChecked(True)
                self.advanced_note.setText(
                    self.tr(
                        "The simple controls cannot show this rule. Clear the text to start "
                        "over with them."
                    )
                )
                self.advanced_note.show()
                return
            self._show_plain(plain)
            self.advanced_note.hide()
        self._sync_enabled()
        self.refresh()

    def _sync_enabled(self) -> None:
        advanced = self.advanced.isChecked()
        self.rule_text.setVisible(advanced)
        freq = str(self.freq.currentData())
        self.freq.setEnabled(not advanced)
        repeats = bool(freq) and not advanced
        toggled: tuple[QWidget, ...] = (
            self.interval,
            self.interval_unit,
            self.every_label,
            self.ends_never,
            self.ends_after,
            self.ends_on,
            self.ends_label,
        )
        for widget in toggled:
            widget.setVisible(bool(freq))
            widget.setEnabled(repeats)
        self.count.setVisible(bool(freq))
        self.until.setVisible(bool(freq))
        self.count.setEnabled(repeats and self.ends_after.isChecked())
        self.until.setEnabled(repeats and self.ends_on.isChecked())
        index = {WEEKLY: 1, MONTHLY: 2}.get(freq, 0)
        self.pattern.setCurrentIndex(index)
        self.pattern.setVisible(index != 0)
        self.pattern_label.setVisible(index != 0)
        self.pattern.setEnabled(not advanced)
        self.month_day.setEnabled(self.on_day.isChecked())
        self.ordinal.setEnabled(self.on_weekday.isChecked())
        self.weekday.setEnabled(self.on_weekday.isChecked())
        n = self.interval.value()
        units = {
            DAILY: self.tr("day") if n == 1 else self.tr("days"),
            WEEKLY: self.tr("week") if n == 1 else self.tr("weeks"),
            MONTHLY: self.tr("month") if n == 1 else self.tr("months"),
        }
        self.interval_unit.setText(units.get(freq, ""))

    # -- except dates ----------------------------------------------------------------------

    def except_dates(self) -> list[date]:
        dates = [
            self.except_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.except_list.count())
        ]
        return sorted(d for d in dates if isinstance(d, date))

    def _add_except(self, day: date) -> None:
        """Add ``day`` to the list, kept in date order (locale text does not sort by date)."""
        dates = sorted({*self.except_dates(), day})
        self.except_list.clear()
        for each in dates:
            item = QListWidgetItem(QLocale().toString(qdate(each), QLocale.FormatType.LongFormat))
            item.setData(Qt.ItemDataRole.UserRole, each)
            self.except_list.addItem(item)
        self.except_list.setCurrentRow(dates.index(day))

    def add_except(self, day: date) -> None:
        """Take ``day`` out of the series."""
        self._add_except(day)
        self.refresh()

    def _except_clicked(self) -> None:
        self.add_except(_pydate(self.except_date.date()))

    def _remove_except(self) -> None:
        row = self.except_list.currentRow()
        if row >= 0:
            self.except_list.takeItem(row)
            self.refresh()

    def _skip_selected(self) -> None:
        row = self.preview_table.currentRow()
        if 0 <= row < len(self.preview.occurrences):
            self.add_except(self.preview.occurrences[row].day)

    def _update_skip(self) -> None:
        row = self.preview_table.currentRow()
        self.skip_button.setEnabled(
            0 <= row < len(self.preview.occurrences) and self.rule() is not None
        )

    # -- values ----------------------------------------------------------------------------

    def _start(self) -> datetime:
        return datetime.combine(_pydate(self.start_date.date()), _pytime(self.start_time.time()))

    def _end(self) -> datetime:
        return datetime.combine(_pydate(self.end_date.date()), _pytime(self.end_time.time()))

    def _start_moved(self, new: QDate) -> None:
        """Moving the first date moves the end date with it, keeping the window's length."""
        shift = self._last_start.daysTo(new)
        self._last_start = new
        if shift:
            with QSignalBlocker(self.end_date):
                self.end_date.setDate(self.end_date.date().addDays(shift))
            self.refresh()

    @staticmethod
    def _wall_text(value: datetime) -> str:
        return value.strftime("%Y-%m-%dT%H:%M")

    def table(self) -> Table:
        """The period as an ``[[availability]]`` table, for ``save_availability``."""
        out: Table = {"agent": self.agent}
        service = self.service.currentData()
        if service is not None:
            out["service"] = service
        start, end = self._start(), self._end()
        original_start = _parse_wall(self.original.get("start", ""))
        original_end = _parse_wall(self.original.get("end", ""))
        out["start"] = self.original["start"] if start == original_start else self._wall_text(start)
        out["end"] = self.original["end"] if end == original_end else self._wall_text(end)
        minutes = self.slot.value()
        if minutes:
            original_slot = self.original.get("slot")
            try:
                same = isinstance(original_slot, str) and parse_duration(original_slot) == minutes
            except DurationError:
                same = False
            out["slot"] = original_slot if same else format_duration(minutes)
        rule = self.rule()
        if rule is not None:
            out["repeat"] = rule
            exdates = self.except_dates()
            if exdates:
                out["except"] = [d.isoformat() for d in exdates]
        return out

    # -- preview ---------------------------------------------------------------------------

    def _closed_note(self, day: date) -> str:
        if day.weekday() in self.closed:
            name = QLocale().dayName(day.weekday() + 1, QLocale.FormatType.LongFormat)
            return self.tr("Closed on %1: no slots").replace("%1", name)
        for holiday in self.holidays:
            if holiday.first <= day <= holiday.last:
                return self.tr("%1: no slots").replace("%1", holiday.name or self.tr("Holiday"))
        return ""

    def compute_preview(self) -> Preview:
        """The next occurrences for the values shown now (or why there are none)."""
        start, end = self._start(), self._end()
        if end <= start:
            return Preview(problem=self.tr("The window must end after it starts."))
        rule = self.rule()
        if rule is not None:
            try:
                parsed = parse_rule(rule, self.zone_key)
                first = next(iter(du.rrulestr(parsed.text, dtstart=start)), None)
            except (ValueError, TypeError) as error:
                return Preview(
                    problem=self.tr("The repeat rule cannot be read: %1").replace("%1", str(error))
                )
            if first != start:
                when = self.tr("never") if first is None else self._long(first)
                return Preview(
                    problem=self.tr(
                        "The first window must be one of the repeat's dates; this rule would "
                        "first repeat %1. Move the first date or change the days."
                    ).replace("%1", when),
                    first=first,
                )
        try:
            pairs = next_occurrences(start, end, rule, self.except_dates(), self.zone_key, self.now)
        except ValueError as error:
            return Preview(
                problem=self.tr("The repeat rule cannot be read: %1").replace("%1", str(error))
            )
        zone = zone_for(self.zone_key)
        out: list[Occurrence] = []
        for low, high in pairs:
            day = wall_clock(low).date()
            utc_start, utc_end = zone.to_utc(low), zone.to_utc(high)
            if utc_start >= utc_end:
                out.append(Occurrence(day, None, None, self.tr("Skipped: the clocks go forward")))
                continue
            out.append(
                Occurrence(
                    day,
                    from_minutes(utc_start).astimezone(self.tz),
                    from_minutes(utc_end).astimezone(self.tz),
                    self._closed_note(day),
                )
            )
        return Preview(out)

    def _long(self, value: datetime) -> str:
        locale = QLocale()
        return (
            locale.toString(qdate(value.date()), QLocale.FormatType.LongFormat)
            + " "
            + locale.toString(QTime(value.hour, value.minute), QLocale.FormatType.ShortFormat)
        )

    def refresh(self) -> None:
        """Re-read the controls: enable what applies, recompute the preview."""
        self._sync_enabled()
        self.preview = self.compute_preview()
        locale = QLocale()
        table = self.preview_table
        table.setRowCount(len(self.preview.occurrences))
        for row, occurrence in enumerate(self.preview.occurrences):
            day = QTableWidgetItem(
                locale.toString(qdate(occurrence.day), self.tr("ddd d MMM yyyy"))
            )
            if occurrence.start is None or occurrence.end is None:
                when = "—"
            else:
                when = "{} – {}".format(
                    locale.toString(
                        QTime(occurrence.start.hour, occurrence.start.minute),
                        QLocale.FormatType.ShortFormat,
                    ),
                    locale.toString(
                        QTime(occurrence.end.hour, occurrence.end.minute),
                        QLocale.FormatType.ShortFormat,
                    ),
                )
                if occurrence.end.date() != occurrence.start.date():
                    when += self.tr(" (next day)")
            times = QTableWidgetItem(when)
            note = QTableWidgetItem(occurrence.note)
            if occurrence.note:
                icon = self.style().standardIcon(self.style().StandardPixmap.SP_MessageBoxWarning)
                note.setIcon(icon)
                note.setToolTip(occurrence.note)
            for column, item in enumerate((day, times, note)):
                table.setItem(row, column, item)
        if self.preview.problem:
            self.preview_note.setText(self.preview.problem)
        elif not self.preview.occurrences:
            self.preview_note.setText(self.tr("No occurrence from today on."))
        elif self.rule() is None:
            self.preview_note.setText(self.tr("Happens once."))
        elif len(self.preview.occurrences) < PREVIEW_COUNT:
            self.preview_note.setText(self.tr("No further occurrences."))
        else:
            self.preview_note.setText("")
        self._update_skip()

    # -- saving ----------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.set_message("")
        self.message.clear()

    def show_refusal(self, error: BookingError) -> None:
        """Show each refused key under its field; the rest in the message area."""
        self.clear_errors()
        if isinstance(error, SetupEditError):
            loose: list[str] = []
            for problem in error.problems:
                target = self.errors.get(problem.key)
                text = problem.message[:1].upper() + problem.message[1:]
                if target is None:
                    loose.append(text)
                elif target.text():
                    target.set_message(target.text() + "\n" + text)
                else:
                    target.set_message(text)
            if loose:
                self.message.show_error("\n".join(loose))
            return
        self.message.show_error(error.message)

    def accept(self) -> None:
        self.clear_errors()
        if self._save is not None:
            try:
                self._save(self.table())
            except BookingError as error:
                self.show_refusal(error)
                return
        super().accept()


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("RepeatEditor", text, None, n)


def describe(plain: PlainRule | None, text: str | None) -> str:
    """A rule in a few plain words for lists ("weekly on Sat, 8 times"); RRULE text if odd."""
    if plain is None:
        return text or ""
    if plain.freq == NONE:
        return _tr("does not repeat")
    locale = QLocale()
    n = plain.interval
    if plain.freq == DAILY:
        out = _tr("daily") if n == 1 else _tr("every %n days", n)
    elif plain.freq == WEEKLY:
        days = ", ".join(
            locale.dayName(d + 1, QLocale.FormatType.ShortFormat) for d in sorted(plain.weekdays)
        )
        out = _tr("weekly") if n == 1 else _tr("every %n weeks", n)
        if days:
            out += " " + _tr("on %1").replace("%1", days)
    else:
        out = _tr("monthly") if n == 1 else _tr("every %n months", n)
        if plain.by_weekday:
            ordinals = {
                1: _tr("first"),
                2: _tr("second"),
                3: _tr("third"),
                4: _tr("fourth"),
                -1: _tr("last"),
            }
            out += " " + _tr("on the %1 %2").replace("%1", ordinals[plain.ordinal]).replace(
                "%2", locale.dayName(plain.weekday + 1, QLocale.FormatType.LongFormat)
            )
        else:
            out += " " + _tr("on day %1").replace("%1", str(plain.month_day))
    if plain.count is not None:
        out += ", " + (_tr("once") if plain.count == 1 else _tr("%n times", plain.count))
    elif plain.until is not None:
        out += ", " + _tr("until %1").replace(
            "%1", locale.toString(qdate(plain.until), QLocale.FormatType.ShortFormat)
        )
    return out


__all__ = [
    "Holiday",
    "Occurrence",
    "PlainRule",
    "Preview",
    "RepeatEditor",
    "describe",
    "next_occurrences",
    "plain_rule",
]
