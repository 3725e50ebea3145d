"""The agents administration page: profile, services, hours, days off and periods.

The page edits one agent at a time in the shape the setup file gives it (its
``[[agents]]`` table, read with ``app.booking.admin.setup_tables``), plus the services
the agent gives (kept on each service in the setup file) and the agent's repeating
availability periods (``[[availability]]`` tables, edited in the repeat editor). Saving
goes through ``app.booking.admin.save_agent`` inside ``run_write``, so the page accepts
exactly what a setup file would; a refusal names the key that is wrong and is shown
under that field (or under the table, naming its row). Nothing is written until Save,
and Save is offered only when something differs from what was loaded. Periods are
separate entries of the setup, so each is saved on its own from the repeat editor.

Removing an agent asks first and says what will happen, which the booking layer decides:
an agent with appointments or a linked calendar is kept inactive, otherwise deleted. The
page learns which by running the removal in a transaction it rolls back.

A saved agent's profile shows the address of the agent's self-service page with a Copy
button.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    QTime,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QDateTimeEdit,
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
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking.admin import (
    SetupEditError,
    remove_agent,
    remove_availability,
    save_agent,
    save_availability,
    setup_tables,
)
from app.booking.errors import BookingError
from app.booking.transactions import run_write
from app.models import Agent
from app.views.admin.page_link import PageLink
from app.views.admin.repeat_editor import FILE_DAYS, Holiday, RepeatEditor, describe, plain_rule
from app.views.desk import DeskState
from app.views.dialogs import FieldError, MessageArea
from app.views.qtdates import qdate
from app.web import links

Table = dict[str, Any]

#: Keys of an ``[[agents]]`` table the form edits; any other key is carried over as is.
_EDITED = (
    "name",
    "email",
    "phone",
    "bio",
    "meeting_url",
    "color",
    "active",
    "hours",
    "holidays",
    "blocked",
)
_PROFILE = ("name", "email", "phone", "bio", "meeting_url", "color", "active")
#: ``agents[3].hours[1].end`` → ("hours", 1, "end").
_ROW_PATH = re.compile(r"\.(hours|holidays|blocked)\[(\d+)\](?:\.(\w+))?")
#: Columns of the hours table: seven days, then these.
_START, _END, _SERVICES = 7, 8, 9
_ORIGINAL = Qt.ItemDataRole.UserRole + 1


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _wall(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime.combine(_pydate(d), time(t.hour(), t.minute()))


def _cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item every cell of the page's tables has (each row is made whole)."""
    item = table.item(row, column)
    assert item is not None
    return item


def _qdatetime(value: datetime) -> QDateTime:
    """A wall-clock time as a QDateTime pinned to UTC, so that Qt never moves its digits.

    A QDateTime in the machine's local time would shift a time that falls in the
    machine's own daylight-saving gap (02:30 becomes 03:30); the branch's zone may not be
    the machine's, and the digits are what the setup file means.
    """
    return QDateTime(qdate(value.date()), QTime(value.hour, value.minute), QTimeZone.utc())


class _WallClockDelegate(QStyledItemDelegate):
    """Shows and edits the blocked times' wall-clock digits, kept in UTC-pinned values."""

    def displayText(self, value: Any, locale: QLocale | QLocale.Language) -> str:
        if isinstance(value, QDateTime):
            shown = locale if isinstance(locale, QLocale) else QLocale(locale)
            return (
                shown.toString(value.date(), QLocale.FormatType.ShortFormat)
                + " "
                + shown.toString(value.time(), QLocale.FormatType.ShortFormat)
            )
        return str(super().displayText(value, locale))

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QDateTimeEdit(parent)
        editor.setTimeZone(QTimeZone.utc())
        editor.setCalendarPopup(True)
        editor.setAccessibleName(self.tr("Date and time"))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDateTimeEdit) and isinstance(value, QDateTime):
            editor.setDateTime(value)

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QDateTimeEdit):
            value = editor.dateTime().toTimeZone(QTimeZone.utc())
            model.setData(index, value, Qt.ItemDataRole.EditRole)


def _parse_day(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        return None


def _wall_of(text: object, tz: ZoneInfo) -> datetime | None:
    """A setup-file date-time as naive wall-clock time in ``tz`` (offsets converted)."""
    try:
        value = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(tz).replace(tzinfo=None)
    return value


def _table(columns: Sequence[str], name: str, parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(list(columns))
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setTabKeyNavigation(False)
    # Room for four rows, then the table scrolls: the form around it stays in view.
    rows = 4
    table.setFixedHeight(
        table.horizontalHeader().sizeHint().height()
        + table.verticalHeader().defaultSectionSize() * rows
        + 2 * table.frameWidth()
    )
    return table


class AgentsPage(QWidget):
    """The branch's agents on the left; the selected agent's form on the right.

    ``changed`` is emitted after each successful write (agent saved or removed, period
    saved or removed) so the window can reload the calendar.
    """

    changed = Signal()

    def __init__(self, state: DeskState, branch_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.branch_id = branch_id
        self.setup: Table = {}
        #: Saved agents' ids by name, for their page addresses.
        self.agent_ids: dict[str, int] = {}
        #: The public base address of the booking pages (``web.public_url``), or None.
        self.public_url: str | None = None
        #: The name of the agent in the form as saved; None for a new agent.
        self.current: str | None = None
        self.loaded: Table = {}
        self.baseline: tuple[Table, list[str]] = ({}, [])
        self.errors: dict[str, FieldError] = {}
        self.period_indexes: list[int] = []
        self.editor: RepeatEditor | None = None
        self._filling = False
        #: True while the form shows a new agent not saved yet.
        self._adding = False
        self.setAccessibleName(self.tr("Agents"))

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._list_pane())
        splitter.addWidget(self._form_pane())
        splitter.setStretchFactor(1, 1)
        list_width = self.fontMetrics().horizontalAdvance("M") * 16
        splitter.setSizes([list_width, list_width * 4])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.reload()

    # -- building ------------------------------------------------------------------------

    def _error(self, key: str, parent: QWidget) -> FieldError:
        error = FieldError(parent)
        self.errors[key] = error
        return error

    def _list_pane(self) -> QWidget:
        pane = QWidget(self)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("&Agents"), pane)
        self.agent_list = QListWidget(pane)
        self.agent_list.setAccessibleName(self.tr("Agents of the branch"))
        title.setBuddy(self.agent_list)
        layout.addWidget(title)
        layout.addWidget(self.agent_list, 1)
        row = QHBoxLayout()
        self.new_button = QPushButton(self.tr("Ne&w"), pane)
        self.new_button.setAccessibleName(self.tr("New agent"))
        self.remove_button = QPushButton(self.tr("Remo&ve"), pane)
        self.remove_button.setAccessibleName(self.tr("Remove the agent"))
        row.addWidget(self.new_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.agent_list.currentItemChanged.connect(self._agent_chosen)
        self.new_button.clicked.connect(self.new_agent)
        self.remove_button.clicked.connect(self.remove_current)
        return pane

    def _form_pane(self) -> QWidget:
        pane = QWidget(self)
        outer = QVBoxLayout(pane)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(pane)
        scroll.setWidgetResizable(True)
        self.form = QWidget(scroll)
        form = QVBoxLayout(self.form)
        form.addWidget(self._profile_box())
        form.addWidget(self._services_box())
        form.addWidget(self._hours_box())
        form.addWidget(self._holidays_box())
        form.addWidget(self._blocked_box())
        form.addWidget(self._periods_box())
        form.addStretch(1)
        scroll.setWidget(self.form)
        outer.addWidget(scroll, 1)
        self.message = MessageArea(pane)
        outer.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.revert_button = QPushButton(self.tr("&Revert"), pane)
        self.revert_button.setAccessibleName(self.tr("Revert the agent's changes"))
        self.save_button = QPushButton(self.tr("&Save"), pane)
        self.save_button.setAccessibleName(self.tr("Save the agent"))
        self.save_button.setDefault(True)
        row.addWidget(self.revert_button)
        row.addWidget(self.save_button)
        outer.addLayout(row)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        return pane

    def _profile_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Profile"), self.form)
        form = QFormLayout(box)

        def line(key: str, label: str, name: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(box)
            edit.setAccessibleName(name)
            edit.setPlaceholderText(placeholder)
            edit.textChanged.connect(self._edited)
            form.addRow(label, edit)
            form.addRow("", self._error(key, box))
            return edit

        self.name = line("name", self.tr("&Name:"), self.tr("Name"))
        self.email = line(
            "email", self.tr("&E-mail:"), self.tr("E-mail"), self.tr("name@example.com")
        )
        self.phone = line("phone", self.tr("&Phone:"), self.tr("Phone"))
        self.bio = QPlainTextEdit(box)
        self.bio.setAccessibleName(self.tr("Bio"))
        self.bio.setTabChangesFocus(True)
        self.bio.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.bio.textChanged.connect(self._edited)
        bio_label = QLabel(self.tr("&Bio:"), box)
        bio_label.setBuddy(self.bio)
        form.addRow(bio_label, self.bio)
        form.addRow("", self._error("bio", box))
        self.meeting_url = line(
            "meeting_url", self.tr("&Meeting link:"), self.tr("Meeting link"), "https://"
        )
        color_row = QHBoxLayout()
        self.color = QLineEdit(box)
        self.color.setAccessibleName(self.tr("Colour"))
        self.color.setPlaceholderText(self.tr("#rrggbb, or empty"))
        self.color.textChanged.connect(self._edited)
        self.color.textChanged.connect(self._show_swatch)
        self.color_button = QToolButton(box)
        self.color_button.setText(self.tr("Choose…"))
        self.color_button.setAccessibleName(self.tr("Choose a colour"))
        self.color_button.clicked.connect(self._choose_color)
        color_row.addWidget(self.color, 1)
        color_row.addWidget(self.color_button)
        color_label = QLabel(self.tr("&Colour:"), box)
        color_label.setBuddy(self.color)
        form.addRow(color_label, color_row)
        form.addRow("", self._error("color", box))
        self.active = QCheckBox(self.tr("Ac&tive: can be given new appointments"), box)
        self.active.setAccessibleName(self.tr("Active"))
        self.active.toggled.connect(self._edited)
        self.page_link = PageLink(self.tr("the agent's booking page"), box)
        form.addRow(self.tr("Booking page:"), self.page_link)
        form.addRow("", self.active)
        form.addRow("", self._error("active", box))
        return box

    def _services_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Services the agent gives"), self.form)
        self.services_layout = QHBoxLayout()
        layout = QVBoxLayout(box)
        layout.addLayout(self.services_layout)
        layout.addWidget(self._error("services", box))
        self.service_boxes: dict[str, QCheckBox] = {}
        return box

    def _buttons(self, add: str, remove: str, parent: QWidget) -> tuple[QPushButton, QPushButton]:
        plus = QPushButton(add, parent)
        plus.setAccessibleName(add.replace("&", ""))
        minus = QPushButton(remove, parent)
        minus.setAccessibleName(remove.replace("&", ""))
        return plus, minus

    def _hours_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Working hours"), self.form)
        layout = QVBoxLayout(box)
        locale = QLocale()
        days = [locale.dayName(i + 1, QLocale.FormatType.ShortFormat) for i in range(7)]
        self.hours = _table(
            [*days, self.tr("Start"), self.tr("End"), self.tr("Only for")],
            self.tr("Working hours"),
            box,
        )
        header = self.hours.horizontalHeader()
        for column in range(7):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.hours.itemChanged.connect(self._edited)
        self.hours.currentCellChanged.connect(self._hours_row_chosen)
        layout.addWidget(self.hours)
        row = QHBoxLayout()
        self.hours_add, self.hours_remove = self._buttons(
            self.tr("Add hours"), self.tr("Remove hours"), box
        )
        self.hours_add.clicked.connect(lambda: self._add_hours({}))
        self.hours_remove.clicked.connect(lambda: self._remove_row(self.hours))
        row.addWidget(self.hours_add)
        row.addWidget(self.hours_remove)
        row.addStretch(1)
        layout.addLayout(row)
        self.only_for_label = QLabel(
            self.tr("The selected hours are only for (none ticked: all the agent's services):"),
            box,
        )
        self.only_for_label.setWordWrap(True)
        layout.addWidget(self.only_for_label)
        self.only_for_layout = QHBoxLayout()
        layout.addLayout(self.only_for_layout)
        self.only_for: dict[str, QCheckBox] = {}
        hint = QLabel(
            self.tr('Times as 09:00; "24:00" for midnight. Two rows make a lunch break.'), box
        )
        hint.setEnabled(False)
        layout.addWidget(hint)
        layout.addWidget(self._error("hours", box))
        return box

    def _holidays_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Days off"), self.form)
        layout = QVBoxLayout(box)
        self.holidays = _table(
            [self.tr("From"), self.tr("To"), self.tr("Name")], self.tr("Days off"), box
        )
        self.holidays.horizontalHeader().setStretchLastSection(True)
        self.holidays.horizontalHeader().setMinimumSectionSize(
            self.fontMetrics().horizontalAdvance("2026-12-31") + self.fontMetrics().height()
        )
        for column in (0, 1):
            self.holidays.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.holidays.itemChanged.connect(self._edited)
        layout.addWidget(self.holidays)
        row = QHBoxLayout()
        self.holidays_add, self.holidays_remove = self._buttons(
            self.tr("Add days off"), self.tr("Remove days off"), box
        )
        self.holidays_add.clicked.connect(lambda: self._add_holiday({}))
        self.holidays_remove.clicked.connect(lambda: self._remove_row(self.holidays))
        row.addWidget(self.holidays_add)
        row.addWidget(self.holidays_remove)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self._error("holidays", box))
        return box

    def _blocked_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Blocked times"), self.form)
        layout = QVBoxLayout(box)
        self.blocked = _table(
            [self.tr("Start"), self.tr("End"), self.tr("Reason")], self.tr("Blocked times"), box
        )
        self.blocked.horizontalHeader().setStretchLastSection(True)
        self.blocked.horizontalHeader().setMinimumSectionSize(
            self.fontMetrics().horizontalAdvance("2026-12-31 23:59") + self.fontMetrics().height()
        )
        for column in (0, 1):
            self.blocked.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.wall_clock_delegate = _WallClockDelegate(self.blocked)
        for column in (0, 1):
            self.blocked.setItemDelegateForColumn(column, self.wall_clock_delegate)
        self.blocked.itemChanged.connect(self._edited)
        layout.addWidget(self.blocked)
        row = QHBoxLayout()
        self.blocked_add, self.blocked_remove = self._buttons(
            self.tr("Add blocked time"), self.tr("Remove blocked time"), box
        )
        self.blocked_add.clicked.connect(lambda: self._add_blocked({}))
        self.blocked_remove.clicked.connect(lambda: self._remove_row(self.blocked))
        row.addWidget(self.blocked_add)
        row.addWidget(self.blocked_remove)
        row.addStretch(1)
        layout.addLayout(row)
        self.zone_note = QLabel(box)
        self.zone_note.setEnabled(False)
        layout.addWidget(self.zone_note)
        layout.addWidget(self._error("blocked", box))
        return box

    def _periods_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Repeating availability periods"), self.form)
        layout = QVBoxLayout(box)
        self.periods = QListWidget(box)
        self.periods.setAccessibleName(self.tr("Repeating availability periods"))
        self.periods.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.periods.itemActivated.connect(lambda _item: self.edit_period())
        self.periods.currentRowChanged.connect(lambda _row: self._sync_buttons())
        layout.addWidget(self.periods)
        row = QHBoxLayout()
        self.period_add = QPushButton(self.tr("Add period…"), box)
        self.period_add.setAccessibleName(self.tr("Add a repeating availability period"))
        self.period_edit = QPushButton(self.tr("Edit period…"), box)
        self.period_edit.setAccessibleName(self.tr("Edit the selected period"))
        self.period_remove = QPushButton(self.tr("Remove period"), box)
        self.period_remove.setAccessibleName(self.tr("Remove the selected period"))
        self.period_add.clicked.connect(lambda: self.add_period())
        self.period_edit.clicked.connect(lambda: self.edit_period())
        self.period_remove.clicked.connect(self.remove_period)
        for button in (self.period_add, self.period_edit, self.period_remove):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.periods_note = QLabel(box)
        self.periods_note.setWordWrap(True)
        layout.addWidget(self.periods_note)
        self.periods_message = MessageArea(box)
        layout.addWidget(self.periods_message)
        return box

    # -- reading -------------------------------------------------------------------------

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(str(self.setup.get("branch", {}).get("timezone", "UTC")))

    def agent_tables(self) -> list[Table]:
        return list(self.setup.get("agents", []))

    def service_names(self) -> list[str]:
        return [str(s.get("name")) for s in self.setup.get("services", [])]

    def services_of(self, agent: str | None) -> list[str]:
        """The services that name ``agent`` in their agents list, in the setup's order."""
        if agent is None:
            return []
        return [
            str(s.get("name"))
            for s in self.setup.get("services", [])
            if agent in (s.get("agents") or [])
        ]

    def _read(self) -> None:
        with self.state.sessions() as session:
            self.setup = setup_tables(session, self.branch_id)
            self.agent_ids = {
                str(name): int(agent_id)
                for agent_id, name in session.execute(
                    select(Agent.id, Agent.name).where(Agent.branch_id == self.branch_id)
                )
            }
            self.public_url = links.public_url(session, self.branch_id)

    def reload(self) -> None:
        """Read the branch's setup again and show it.

        The agent in the form is shown afresh unless it has unsaved changes, which are
        kept (the list, the services and the periods are refreshed around them).
        """
        keep = self.current
        dirty = self.is_dirty()
        given = self.form_values()[1] if dirty else []
        self._read()
        self._fill_service_boxes()
        self._fill_list(keep)
        if dirty:
            for name in given:
                if name in self.service_boxes:
                    self.service_boxes[name].setChecked(True)
            self._fill_periods()
            self._show_link(self.loaded)
            self._sync_buttons()
            return
        names = [str(a.get("name")) for a in self.agent_tables()]
        if keep in names:
            self._show_agent(keep)
        elif names:
            self._show_agent(names[0])
        else:
            self._show_agent(None)

    def _fill_list(self, select: str | None) -> None:
        with QSignalBlocker(self.agent_list):
            self.agent_list.clear()
            disabled = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            for agent in self.agent_tables():
                name = str(agent.get("name"))
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, name)
                if agent.get("active") is False:
                    item.setText(self.tr("%1 (inactive)").replace("%1", name))
                    item.setForeground(disabled)
                    item.setToolTip(self.tr("Kept for past appointments; gets no new ones."))
                self.agent_list.addItem(item)
                if name == select:
                    self.agent_list.setCurrentItem(item)

    def _fill_service_boxes(self) -> None:
        for boxes, layout in (
            (self.service_boxes, self.services_layout),
            (self.only_for, self.only_for_layout),
        ):
            for box in boxes.values():
                layout.removeWidget(box)
                box.deleteLater()
            boxes.clear()
            while layout.count():
                layout.takeAt(0)
        for name in self.service_names():
            gives = QCheckBox(name, self.form)
            gives.setAccessibleName(self.tr("Gives %1").replace("%1", name))
            gives.toggled.connect(self._edited)
            gives.toggled.connect(self._sync_only_for)
            self.services_layout.addWidget(gives)
            self.service_boxes[name] = gives
            only = QCheckBox(name, self.form)
            only.setAccessibleName(self.tr("Selected hours only for %1").replace("%1", name))
            only.toggled.connect(self._only_for_toggled)
            self.only_for_layout.addWidget(only)
            self.only_for[name] = only
        self.services_layout.addStretch(1)
        self.only_for_layout.addStretch(1)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        """Tab through the page top to bottom; the service boxes are made after the rest."""
        chain: list[QWidget] = [
            self.agent_list,
            self.new_button,
            self.remove_button,
            self.name,
            self.email,
            self.phone,
            self.bio,
            self.meeting_url,
            self.color,
            self.color_button,
            self.page_link.address,
            self.page_link.copy_button,
            self.active,
            *self.service_boxes.values(),
            self.hours,
            self.hours_add,
            self.hours_remove,
            *self.only_for.values(),
            self.holidays,
            self.holidays_add,
            self.holidays_remove,
            self.blocked,
            self.blocked_add,
            self.blocked_remove,
            self.periods,
            self.period_add,
            self.period_edit,
            self.period_remove,
            self.revert_button,
            self.save_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- the form ------------------------------------------------------------------------

    def _show_agent(self, name: str | None) -> None:
        """Fill the form from the agent's table (None: an empty form for a new agent)."""
        table: Table = {}
        for agent in self.agent_tables():
            if agent.get("name") == name:
                table = agent
        self.current = name if table else None
        self.loaded = dict(table)
        self._filling = True
        try:
            self.name.setText(str(table.get("name", "")))
            self.email.setText(str(table.get("email", "")))
            self.phone.setText(str(table.get("phone", "")))
            self.bio.setPlainText(str(table.get("bio", "")))
            self.meeting_url.setText(str(table.get("meeting_url", "")))
            self.color.setText(str(table.get("color", "")))
            self.active.setChecked(table.get("active", True) is not False)
            given = set(self.services_of(self.current))
            for service, box in self.service_boxes.items():
                box.setChecked(service in given)
            self.hours.setRowCount(0)
            for hours in table.get("hours", []):
                self._add_hours(hours)
            self.holidays.setRowCount(0)
            for holiday in table.get("holidays", []):
                self._add_holiday(holiday)
            self.blocked.setRowCount(0)
            for blocked in table.get("blocked", []):
                self._add_blocked(blocked)
        finally:
            self._filling = False
        self.zone_note.setText(self.tr("Wall-clock times in %1.").replace("%1", self.tz.key))
        self._show_link(table)
        self.baseline = self.form_values()
        self.clear_errors()
        self.message.clear()
        self._fill_periods()
        self._sync_only_for()
        self._sync_buttons()

    def _show_link(self, table: Table) -> None:
        """The saved agent's page address, and why the page turns customers away if it does."""
        agent_id = self.agent_ids.get(self.current) if self.current is not None else None
        if agent_id is None:
            self.page_link.set_link(self.public_url, None)
            return
        remark = ""
        if table.get("active", True) is False:
            remark = self.tr("The agent is inactive, so the page takes no bookings.")
        elif not self.services_of(self.current):
            remark = self.tr("The agent gives no service yet, so the page offers nothing to book.")
        self.page_link.set_link(self.public_url, links.agent_path(self.branch_id, agent_id), remark)

    def _add_hours(self, hours: Table) -> None:
        table = self.hours
        row = table.rowCount()
        with QSignalBlocker(table):
            table.insertRow(row)
            days = hours.get("days", [])
            locale = QLocale()
            for i, code in enumerate(FILE_DAYS):
                item = QTableWidgetItem()
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                item.setCheckState(
                    Qt.CheckState.Checked if code in days else Qt.CheckState.Unchecked
                )
                item.setToolTip(locale.dayName(i + 1, QLocale.FormatType.LongFormat))
                table.setItem(row, i, item)
            table.setItem(row, _START, QTableWidgetItem(str(hours.get("start", "09:00"))))
            table.setItem(row, _END, QTableWidgetItem(str(hours.get("end", "17:00"))))
            services = QTableWidgetItem()
            services.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            listed = hours.get("services")
            services.setData(
                Qt.ItemDataRole.UserRole, list(listed) if isinstance(listed, list) else []
            )
            table.setItem(row, _SERVICES, services)
            self._show_only_for(row)
        if not self._filling:
            table.setCurrentCell(row, _START)
            self._edited()

    def _show_only_for(self, row: int) -> None:
        item = _cell(self.hours, row, _SERVICES)
        listed = item.data(Qt.ItemDataRole.UserRole) or []
        item.setText(", ".join(listed) if listed else self.tr("All services"))

    def _add_holiday(self, holiday: Table) -> None:
        table = self.holidays
        row = table.rowCount()
        first = _parse_day(holiday.get("date", holiday.get("from")))
        last = _parse_day(holiday.get("date", holiday.get("to")))
        today = self.state.now().astimezone(self.tz).date()
        with QSignalBlocker(table):
            table.insertRow(row)
            for column, day in ((0, first or today), (1, last or first or today)):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.EditRole, qdate(day))
                table.setItem(row, column, item)
            table.setItem(row, 2, QTableWidgetItem(str(holiday.get("name", ""))))
        if not self._filling:
            table.setCurrentCell(row, 0)
            self._edited()

    def _add_blocked(self, blocked: Table) -> None:
        table = self.blocked
        row = table.rowCount()
        tz = self.tz
        default = datetime.combine(self.state.now().astimezone(tz).date(), time(9, 0)).replace(
            second=0
        )
        with QSignalBlocker(table):
            table.insertRow(row)
            for column, key in ((0, "start"), (1, "end")):
                text = blocked.get(key)
                value = _wall_of(text, tz) if text is not None else None
                if value is None:
                    value = default.replace(hour=9 if key == "start" else 12)
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.EditRole, _qdatetime(value))
                if text is not None:
                    # The text as loaded (it may carry an offset that picks one side of a
                    # clock change): written back unchanged unless the time is edited.
                    item.setData(_ORIGINAL, (str(text), value))
                table.setItem(row, column, item)
            table.setItem(row, 2, QTableWidgetItem(str(blocked.get("reason", ""))))
        if not self._filling:
            table.setCurrentCell(row, 0)
            self._edited()

    def _remove_row(self, table: QTableWidget) -> None:
        row = table.currentRow()
        if row >= 0:
            table.removeRow(row)
            self._sync_only_for()
            self._edited()

    def _hours_row_chosen(self, row: int, *_: int) -> None:
        self._sync_only_for()

    def _sync_only_for(self) -> None:
        """Show the selected hours row's services; only services the agent gives apply."""
        row = self.hours.currentRow()
        item = _cell(self.hours, row, _SERVICES) if row >= 0 else None
        listed = set(item.data(Qt.ItemDataRole.UserRole) or []) if item is not None else set()
        for name, box in self.only_for.items():
            gives = self.service_boxes[name].isChecked()
            with QSignalBlocker(box):
                box.setChecked(name in listed)
            box.setEnabled(item is not None and (gives or name in listed))
        self.only_for_label.setEnabled(item is not None)

    def _only_for_toggled(self) -> None:
        row = self.hours.currentRow()
        if row < 0:
            return
        listed = [name for name, box in self.only_for.items() if box.isChecked()]
        item = _cell(self.hours, row, _SERVICES)
        with QSignalBlocker(self.hours):
            item.setData(Qt.ItemDataRole.UserRole, listed)
            self._show_only_for(row)
        self._edited()

    def _show_swatch(self, text: str) -> None:
        color = QColor(text.strip())
        if color.isValid() and text.strip():
            pixmap_size = self.fontMetrics().height()
            pixmap = QPixmap(pixmap_size, pixmap_size)
            pixmap.fill(color)
            self.color_button.setIcon(QIcon(pixmap))
            self.color_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        else:
            self.color_button.setIcon(QIcon())

    def _choose_color(self) -> None:
        start = QColor(self.color.text().strip())
        chosen = QColorDialog.getColor(
            start if start.isValid() else QColor("#1565c0"), self, self.tr("Agent's colour")
        )
        if chosen.isValid():
            self.color.setText(chosen.name())

    def form_values(self) -> tuple[Table, list[str]]:
        """The agent's ``[[agents]]`` table and the services it gives, as the form says."""
        table: Table = {k: v for k, v in self.loaded.items() if k not in _EDITED}
        table["name"] = self.name.text().strip()
        for key, edit in (
            ("email", self.email),
            ("phone", self.phone),
            ("meeting_url", self.meeting_url),
            ("color", self.color),
        ):
            text = edit.text().strip()
            if text:
                table[key] = text
        bio = self.bio.toPlainText()
        if bio.strip():
            table["bio"] = bio.strip()
        if not self.active.isChecked():
            table["active"] = False
        hours = []
        for row in range(self.hours.rowCount()):
            entry: Table = {
                "days": [
                    code
                    for i, code in enumerate(FILE_DAYS)
                    if _cell(self.hours, row, i).checkState() == Qt.CheckState.Checked
                ],
                "start": _cell(self.hours, row, _START).text().strip(),
                "end": _cell(self.hours, row, _END).text().strip(),
            }
            listed = _cell(self.hours, row, _SERVICES).data(Qt.ItemDataRole.UserRole) or []
            if listed:
                entry["services"] = list(listed)
            hours.append(entry)
        if hours:
            table["hours"] = hours
        holidays = []
        for row in range(self.holidays.rowCount()):
            first = _pydate(_cell(self.holidays, row, 0).data(Qt.ItemDataRole.EditRole))
            last = _pydate(_cell(self.holidays, row, 1).data(Qt.ItemDataRole.EditRole))
            holiday: Table = (
                {"date": first.isoformat()}
                if first == last
                else {"from": first.isoformat(), "to": last.isoformat()}
            )
            name = _cell(self.holidays, row, 2).text().strip()
            if name:
                holiday["name"] = name
            holidays.append(holiday)
        if holidays:
            table["holidays"] = holidays
        blocked = []
        for row in range(self.blocked.rowCount()):
            entry = {}
            for column, key in ((0, "start"), (1, "end")):
                item = _cell(self.blocked, row, column)
                value = _wall(item.data(Qt.ItemDataRole.EditRole))
                original = item.data(_ORIGINAL)
                if original is not None and original[1] == value:
                    entry[key] = original[0]
                else:
                    entry[key] = value.strftime("%Y-%m-%dT%H:%M")
            reason = _cell(self.blocked, row, 2).text().strip()
            if reason:
                entry["reason"] = reason
            blocked.append(entry)
        if blocked:
            table["blocked"] = blocked
        services = [name for name, box in self.service_boxes.items() if box.isChecked()]
        return table, services

    def is_dirty(self) -> bool:
        """True when the form differs from what was loaded (or shows a new agent)."""
        if not self.setup:
            return False
        return self._adding or self.form_values() != self.baseline

    def _edited(self, *_: object) -> None:
        if not self._filling:
            self._sync_buttons()

    def _sync_buttons(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        has_agent = self.current is not None
        self.remove_button.setEnabled(has_agent and not self._adding)
        self.form.setEnabled(has_agent or self._adding)
        saved = has_agent and not self._adding
        self.period_add.setEnabled(saved)
        chosen = self.periods.currentRow() >= 0
        self.period_edit.setEnabled(saved and chosen)
        self.period_remove.setEnabled(saved and chosen)
        if not saved:
            self.periods_note.setText(self.tr("Save the new agent first to add periods."))
        else:
            self.periods_note.setText("")
        self.periods_note.setVisible(not saved)

    # -- choosing, new, revert ---------------------------------------------------------------

    def _agent_chosen(self, item: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        name = None if item is None else str(item.data(Qt.ItemDataRole.UserRole))
        if name == self.current and not self._adding:
            return
        if self.is_dirty() and not self._confirm_discard():
            if previous is not None:
                with QSignalBlocker(self.agent_list):
                    self.agent_list.setCurrentItem(previous)
            return
        self._adding = False
        self._show_agent(name)

    def _confirm_discard(self) -> bool:
        who = self.name.text().strip() or self.tr("the new agent")
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("Discard the changes to %1?").replace("%1", who),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def select_agent(self, name: str) -> None:
        """Show the agent called ``name`` (as the list does when it is clicked)."""
        for row in range(self.agent_list.count()):
            item = self.agent_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self.agent_list.setCurrentItem(item)
                return

    def new_agent(self) -> None:
        """Clear the form for a new agent (nothing is written until Save)."""
        if self.is_dirty() and not self._confirm_discard():
            return
        with QSignalBlocker(self.agent_list):
            self.agent_list.setCurrentRow(-1)
            self.agent_list.clearSelection()
        self._adding = True
        self._show_agent(None)
        self._adding = True
        self._add_hours({"days": ["mon", "tue", "wed", "thu", "fri"]})
        self._sync_buttons()
        self.name.setFocus()

    def revert(self) -> None:
        """Forget the form's changes: show the agent as saved (or nothing, if new)."""
        if self._adding:
            self._adding = False
            self.reload()
            return
        self._show_agent(self.current)

    # -- saving ------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.set_message("")
        self.message.clear()

    def _upper(self, text: str) -> str:
        return text[:1].upper() + text[1:]

    def show_refusal(self, error: BookingError) -> None:
        """Each refused key under its field; table rows named; the rest below the form."""
        self.clear_errors()
        if not isinstance(error, SetupEditError):
            self.message.show_error(error.message)
            return
        loose: list[str] = []
        shown: dict[str, list[str]] = {}
        for problem in error.problems:
            text = self._upper(problem.message)
            match = _ROW_PATH.search(problem.path)
            if match is not None and problem.path.startswith(("agents[", "agent.")):
                section, row = match.group(1), int(match.group(2))
                shown.setdefault(section, []).append(
                    self.tr("Row %1: %2").replace("%1", str(row + 1)).replace("%2", text)
                )
                table = {"hours": self.hours, "holidays": self.holidays, "blocked": self.blocked}[
                    section
                ]
                if row < table.rowCount():
                    table.selectRow(row)
            elif problem.path.startswith(("agents[", "agent.")) and problem.key in self.errors:
                shown.setdefault(problem.key, []).append(text)
            else:
                loose.append(text)
        first: QWidget | None = None
        for key, texts in shown.items():
            self.errors[key].set_message("\n".join(texts))
            first = first or self.errors[key]
        if loose:
            self.message.show_error("\n".join(loose))
        elif first is not None:
            self.message.show_error(self.tr("Nothing was saved: see the problems marked above."))
        if first is not None:
            first.setFocus()

    def save(self) -> bool:
        """Write the form with ``save_agent``; True when saved."""
        if not self.is_dirty():
            return False
        table, services = self.form_values()
        original = None if self._adding else self.current

        def work(session: Session) -> None:
            save_agent(
                session,
                self.state.actor(session),
                self.branch_id,
                original,
                table,
                services,
                self.state.now(),
            )

        self.clear_errors()
        try:
            run_write(self.state.sessions, work)
        except BookingError as error:
            self.show_refusal(error)
            return False
        self._adding = False
        self.current = table["name"]
        self._read()
        self._fill_service_boxes()
        self._fill_list(self.current)
        self._show_agent(self.current)
        self.message.show_info(self.tr("%1 saved.").replace("%1", table["name"]))
        self.changed.emit()
        return True

    # -- removing ----------------------------------------------------------------------------

    def removal_outcome(self, name: str) -> str:
        """ "deleted" or "kept" (inactive), as ``remove_agent`` would decide now.

        Found by running the removal in a transaction that is rolled back, so the page
        holds no rule of its own about when an agent must be kept.
        """
        with self.state.sessions() as session:
            try:
                report = remove_agent(
                    session, self.state.actor(session), self.branch_id, name, self.state.now()
                )
            finally:
                session.rollback()
        return "deleted" if name in report.changes["agents"].deleted else "kept"

    def remove_current(self) -> bool:
        """Ask, then remove the agent in the form; True when removed."""
        name = self.current
        if name is None or self._adding:
            return False
        try:
            outcome = self.removal_outcome(name)
        except BookingError as error:
            self.message.show_error(error.message)
            return False
        if outcome == "deleted":
            text = self.tr(
                "%1 has no appointments and no linked calendar, and will be deleted with "
                "their hours, days off, blocked times and availability periods."
            )
        else:
            text = self.tr(
                "%1 has appointments or a linked calendar, so %1 will be kept as inactive: "
                "past and booked appointments stay, no new ones can be made, and their "
                "availability periods are removed."
            )
        answer = QMessageBox.question(
            self,
            self.tr("Remove agent"),
            text.replace("%1", name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False

        def work(session: Session) -> None:
            remove_agent(session, self.state.actor(session), self.branch_id, name, self.state.now())

        try:
            run_write(self.state.sessions, work)
        except BookingError as error:
            self.message.show_error(error.message)
            return False
        self.baseline = self.form_values()  # nothing of the old form is to be kept
        self.current = name if outcome == "kept" else None
        self.reload()
        done = self.tr("%1 is now inactive.") if outcome == "kept" else self.tr("%1 deleted.")
        self.message.show_info(done.replace("%1", name))
        self.changed.emit()
        return True

    # -- repeating availability periods ------------------------------------------------------

    def _fill_periods(self) -> None:
        self.periods.clear()
        self.period_indexes = []
        if self.current is None:
            return
        locale = QLocale()
        for index, period in enumerate(self.setup.get("availability", [])):
            if period.get("agent") != self.current:
                continue
            start = _wall_of(period.get("start"), self.tz)
            end = _wall_of(period.get("end"), self.tz)
            if start is None or end is None:
                when = f"{period.get('start')} – {period.get('end')}"
            else:
                when = "{} {} – {}".format(
                    locale.toString(qdate(start.date()), QLocale.FormatType.ShortFormat),
                    locale.toString(
                        QTime(start.hour, start.minute), QLocale.FormatType.ShortFormat
                    ),
                    locale.toString(QTime(end.hour, end.minute), QLocale.FormatType.ShortFormat),
                )
            rule = period.get("repeat")
            words = describe(
                plain_rule(rule, start) if start is not None else None,
                rule if isinstance(rule, str) else None,
            )
            service = period.get("service") or self.tr("all services")
            item = QListWidgetItem(f"{when} · {words} · {service}")
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.periods.addItem(item)
            self.period_indexes.append(index)

    def _holidays_for_editor(self) -> list[Holiday]:
        out: list[Holiday] = []
        agent = next((a for a in self.agent_tables() if a.get("name") == self.current), {})
        for entry in [
            *self.setup.get("branch", {}).get("holidays", []),
            *agent.get("holidays", []),
        ]:
            first = _parse_day(entry.get("date", entry.get("from")))
            last = _parse_day(entry.get("date", entry.get("to")))
            if first is not None and last is not None:
                out.append(Holiday(first, last, str(entry.get("name", ""))))
        return out

    def _open_editor(self, index: int | None) -> RepeatEditor | None:
        name = self.current
        if name is None or self._adding:
            return None
        table = None if index is None else dict(self.setup["availability"][index])

        def save(period: Table) -> None:
            def work(session: Session) -> None:
                if index is not None and table is not None:
                    self._check_period(session, index, table)
                save_availability(
                    session,
                    self.state.actor(session),
                    self.branch_id,
                    index,
                    period,
                    self.state.now(),
                )

            run_write(self.state.sessions, work)

        editor = RepeatEditor(
            name,
            self.services_of(name),
            self.tz.key,
            self.state.now(),
            table,
            closed_weekdays=list(self.setup.get("branch", {}).get("closed_weekdays", [])),
            holidays=self._holidays_for_editor(),
            save=save,
            parent=self,
        )
        editor.accepted.connect(self._period_saved)
        editor.finished.connect(editor.deleteLater)
        self.editor = editor
        editor.open()
        return editor

    def _check_period(self, session: Session, index: int, expected: Table) -> None:
        """Refuse to write a period by its place in the list if another desk changed it.

        Periods have no name: they are addressed by their index in the setup, which a
        removal at another desk shifts. Checked inside the writing transaction.
        """
        periods = setup_tables(session, self.branch_id).get("availability", [])
        if not 0 <= index < len(periods) or periods[index] != expected:
            raise BookingError(
                "stale_period",
                self.tr(
                    "This period was changed at another desk meanwhile. Close this window "
                    "and open the period again to see it as it is now."
                ),
            )

    def add_period(self) -> RepeatEditor | None:
        """Open the repeat editor for a new period of the agent (saved from the editor)."""
        return self._open_editor(None)

    def edit_period(self) -> RepeatEditor | None:
        """Open the repeat editor on the selected period."""
        row = self.periods.currentRow()
        if not 0 <= row < len(self.period_indexes):
            return None
        return self._open_editor(self.period_indexes[row])

    def _period_saved(self) -> None:
        self.periods_message.show_info(self.tr("Period saved."))
        self._after_period_write()

    def _after_period_write(self) -> None:
        row = self.periods.currentRow()
        self._read()
        self._fill_periods()
        if self.periods.count():
            self.periods.setCurrentRow(min(max(row, 0), self.periods.count() - 1))
        self._sync_buttons()
        self.changed.emit()

    def remove_period(self) -> bool:
        """Ask, then remove the selected period; True when removed."""
        row = self.periods.currentRow()
        if not 0 <= row < len(self.period_indexes):
            return False
        index = self.period_indexes[row]
        expected = dict(self.setup["availability"][index])
        answer = QMessageBox.question(
            self,
            self.tr("Remove period"),
            self.tr("Remove this availability period?\n%1").replace(
                "%1", self.periods.item(row).text()
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False

        def work(session: Session) -> None:
            self._check_period(session, index, expected)
            remove_availability(
                session, self.state.actor(session), self.branch_id, index, self.state.now()
            )

        try:
            run_write(self.state.sessions, work)
        except BookingError as error:
            self.periods_message.show_error(error.message)
            return False
        self.periods_message.show_info(self.tr("Period removed."))
        self._after_period_write()
        return True


__all__ = ["AgentsPage"]
