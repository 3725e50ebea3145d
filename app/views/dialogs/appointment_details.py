"""One appointment in full, with what the desk can do to it.

Shows the customer, service, agent, time (in the branch's zone), status, source, custom
fields, notes and the status history, newest first. The actions (reschedule, cancel,
no-show, completed and any other status enabled for the service) are app.booking use
cases run through ``run_write`` on a worker thread, with the version the dialog shows as
the optimistic lock where the use case takes one: a change made meanwhile at another desk
is refused as stale instead of being overwritten. The dialog decides nothing itself; a
refusal (no reason given, not started yet, the time is taken...) appears in it with its
message, and the reason typed stays for the next try.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.booking import appointments, availability, permissions, statuses
from app.booking.customers import default_region, phone_display
from app.booking.errors import BookingError, NotFound
from app.models import Branch, Service
from app.views.calendar.style import contrast_text
from app.views.desk import DeskState
from app.views.dialogs import MessageArea, WriteRunner
from app.views.models.slots import (
    OfferedSlot,
    SlotListModel,
    SlotPager,
    format_slot,
    format_times,
)

_ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex


# -- what the dialog reads ---------------------------------------------------------------


@dataclass(frozen=True)
class StatusChoice:
    key: str
    name: str
    predicate: str | None
    color: str | None


@dataclass(frozen=True)
class HistoryRow:
    """One status change with the statuses' names (None: the booking itself)."""

    at: datetime
    from_name: str | None
    to_name: str
    actor: str
    reason: str | None


@dataclass(frozen=True)
class Details:
    """An appointment as plain values, read in one short session."""

    id: int
    version: int
    tz: str
    service_id: int
    service_name: str
    service_color: str | None
    duration_min: int
    max_lead_min: int
    agent_id: int | None
    agent_name: str | None
    customer_name: str
    customer_phone: str | None
    customer_email: str | None
    start: datetime
    end: datetime
    status: StatusChoice
    source: str
    fields: dict[str, str]
    notes: str | None
    history: tuple[HistoryRow, ...]
    #: Statuses usable with the service, in display order.
    statuses: tuple[StatusChoice, ...]
    #: The service's active agents (id, name).
    agents: tuple[tuple[int, str], ...]
    may_assign: bool


def read_details(session: Session, state: DeskState, appointment_id: int) -> Details:
    appt = appointments.get(session, appointment_id)
    branch = session.get(Branch, appt.branch_id)
    if branch is None:
        raise NotFound("branch", appt.branch_id)
    service = session.get(Service, appt.service_id)
    if service is None:
        raise NotFound("service", appt.service_id)
    defined = statuses.all_statuses(session)
    names = {s.key: s.name for s in defined}

    def choice(s: Any) -> StatusChoice:
        return StatusChoice(s.key, s.name, s.predicate, s.color)

    region = default_region(session)
    return Details(
        id=appt.id,
        version=appt.version,
        tz=branch.timezone,
        service_id=service.id,
        service_name=service.name,
        service_color=service.color,
        duration_min=service.duration_min,
        max_lead_min=service.max_lead_min,
        agent_id=appt.agent_id,
        agent_name=appt.agent.name if appt.agent else None,
        customer_name=appt.customer.name,
        customer_phone=phone_display(appt.customer.phone, region),
        customer_email=appt.customer.email,
        start=appt.start_at,
        end=appt.end_at,
        status=choice(appt.status),
        source=appt.source,
        fields={str(k): str(v) for k, v in (appt.field_values or {}).items()},
        notes=appt.notes,
        history=tuple(
            HistoryRow(
                at=h.at,
                from_name=names.get(h.from_status, h.from_status) if h.from_status else None,
                to_name=names.get(h.to_status, h.to_status),
                actor=h.actor,
                reason=h.reason,
            )
            for h in statuses.history(session, appointment_id)
        ),
        statuses=tuple(choice(s) for s in defined if statuses.enabled_for(s, service.id)),
        agents=tuple((a.id, a.name) for a in service.agents if a.active),
        may_assign=state.actor(session).may(permissions.ASSIGN),
    )


# -- the history table ---------------------------------------------------------------------


class HistoryModel(QAbstractTableModel):
    """The status history, newest first, as handed in (no reading of its own)."""

    WHEN, CHANGE, BY, REASON = range(4)

    def __init__(
        self, tz: ZoneInfo, parent: QObject | None = None, *, locale: QLocale | None = None
    ) -> None:
        super().__init__(parent)
        self._tz = tz
        self._locale = locale or QLocale()
        self._rows: list[HistoryRow] = []

    def set_rows(self, rows: Sequence[HistoryRow], tz: ZoneInfo | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if tz is not None:
            self._tz = tz
        self.endResetModel()

    def row(self, number: int) -> HistoryRow | None:
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 4

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
        titles = {
            self.WHEN: self.tr("When"),
            self.CHANGE: self.tr("Status"),
            self.BY: self.tr("By"),
            self.REASON: self.tr("Reason"),
        }
        return titles.get(section)

    def change_text(self, row: HistoryRow) -> str:
        if row.from_name is None:
            return self.tr("Booked: %1").replace("%1", row.to_name)
        if row.from_name == row.to_name:
            return self.tr("Moved")
        return f"{row.from_name} → {row.to_name}"

    def when_text(self, row: HistoryRow) -> str:
        local = row.at.astimezone(self._tz)
        day = self._locale.toString(QDate(local.year, local.month, local.day), "ddd d MMM yyyy")
        time = self._locale.toString(
            QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat
        )
        return f"{day}, {time}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row = self.row(index.row())
        if row is None:
            return None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            column = index.column()
            if column == self.WHEN:
                return self.when_text(row)
            if column == self.CHANGE:
                return self.change_text(row)
            if column == self.BY:
                return row.actor
            if column == self.REASON:
                return row.reason or ""
        return None


# -- the dialog ------------------------------------------------------------------------------


class AppointmentDetailsDialog(QDialog):
    """An appointment and its actions. ``changed`` carries the appointment's id after
    each change the dialog made; ``refused`` the message of a refusal it shows."""

    #: int: the id of the appointment just changed.
    changed = Signal(int)
    #: str: a refusal's message, as shown in the dialog.
    refused = Signal(str)

    def __init__(
        self, state: DeskState, appointment_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.appointment_id = appointment_id
        self.locale_ = QLocale()
        self.details: Details | None = None
        self._pager: SlotPager | None = None
        self._page = 0
        self._runner = WriteRunner(state.sessions, self)
        self._runner.succeeded.connect(self._saved)
        self._runner.refused.connect(self._show_refusal)
        self._runner.crashed.connect(self._crashed)
        self._runner.busy_changed.connect(self._busy)
        self._success_text = ""
        #: A close asked for while a change was being written (done()'s result).
        self._close_pending: int | None = None
        self.setObjectName("appointmentDetails")
        self.setWindowTitle(self.tr("Appointment"))
        self._build()
        em = self.fontMetrics().height()
        self.resize(int(em * 52), int(em * 42))
        self.refresh()
        self.reason.setFocus()

    # -- building ------------------------------------------------------------------

    def _build(self) -> None:
        em = self.fontMetrics().height()
        outer = QVBoxLayout(self)

        header = QHBoxLayout()
        self.service_chip = QLabel(self)
        self.service_chip.setObjectName("serviceChip")
        self.service_chip.setAccessibleName(self.tr("Service"))
        self.service_chip.setMargin(em // 4)
        font = self.service_chip.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.service_chip.setFont(font)
        self.service_chip.setAutoFillBackground(True)
        self.status_chip = QLabel(self)
        self.status_chip.setObjectName("statusChip")
        self.status_chip.setAccessibleName(self.tr("Status"))
        self.status_chip.setMargin(em // 4)
        self.status_chip.setAutoFillBackground(True)
        header.addWidget(self.service_chip)
        header.addWidget(self.status_chip)
        header.addStretch(1)
        outer.addLayout(header)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("customer", self.tr("Customer")),
            ("phone", self.tr("Phone")),
            ("email", self.tr("E-mail")),
            ("time", self.tr("Time")),
            ("agent", self.tr("Agent")),
            ("source", self.tr("Source")),
            ("fields", self.tr("Fields")),
            ("notes", self.tr("Notes")),
        ):
            value = QLabel(self)
            value.setObjectName(f"value:{key}")
            value.setAccessibleName(label)
            value.setWordWrap(True)
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            value.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(label, value)
            self.values[key] = value
        outer.addLayout(form)

        history_box = QGroupBox(self.tr("History"), self)
        history_layout = QVBoxLayout(history_box)
        self.history_model = HistoryModel(ZoneInfo("UTC"), self, locale=self.locale_)
        self.history_view = QTableView(self)
        self.history_view.setObjectName("historyView")
        self.history_view.setAccessibleName(self.tr("Status history, newest first"))
        self.history_view.setModel(self.history_model)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.setWordWrap(True)
        self.history_view.verticalHeader().hide()
        self.history_view.setShowGrid(False)
        self.history_view.setAlternatingRowColors(True)
        header_view = self.history_view.horizontalHeader()
        for column in (HistoryModel.WHEN, HistoryModel.CHANGE, HistoryModel.BY):
            header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(HistoryModel.REASON, QHeaderView.ResizeMode.Stretch)
        self.history_view.setMinimumHeight(int(em * 6))
        history_layout.addWidget(self.history_view)
        outer.addWidget(history_box, 1)

        actions = QGroupBox(self.tr("Change"), self)
        actions_layout = QVBoxLayout(actions)
        reason_row = QHBoxLayout()
        reason_label = QLabel(self.tr("&Reason"), self)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("Why? (needed to cancel or to move)"))
        reason_label.setBuddy(self.reason)
        reason_row.addWidget(reason_label)
        reason_row.addWidget(self.reason, 1)
        actions_layout.addLayout(reason_row)
        buttons = QHBoxLayout()
        self.reschedule_button = QPushButton(self.tr("Re&schedule…"), self)
        self.reschedule_button.setCheckable(True)
        self.reschedule_button.setAccessibleName(self.tr("Reschedule"))
        self.reschedule_button.toggled.connect(self._toggle_reschedule)
        self.cancel_button = QPushButton(self.tr("&Cancel appointment"), self)
        self.cancel_button.setAccessibleName(self.tr("Cancel appointment"))
        self.cancel_button.clicked.connect(self.cancel_appointment)
        self.noshow_button = QPushButton(self.tr("&No-show"), self)
        self.noshow_button.setAccessibleName(self.tr("Mark as no-show"))
        self.noshow_button.clicked.connect(self.mark_noshow)
        self.complete_button = QPushButton(self.tr("Co&mpleted"), self)
        self.complete_button.setAccessibleName(self.tr("Mark as completed"))
        self.complete_button.clicked.connect(self.mark_completed)
        self.status_button = QToolButton(self)
        self.status_button.setText(self.tr("Other s&tatus"))
        self.status_button.setAccessibleName(self.tr("Other status"))
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.status_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.status_menu = QMenu(self)
        self.status_button.setMenu(self.status_menu)
        for button in (
            self.reschedule_button,
            self.cancel_button,
            self.noshow_button,
            self.complete_button,
        ):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addWidget(self.status_button)
        buttons.addStretch(1)
        actions_layout.addLayout(buttons)
        actions_layout.addWidget(self._build_reschedule())
        outer.addWidget(actions)

        self.message = MessageArea(self)
        outer.addWidget(self.message)
        bottom = QHBoxLayout()
        self.busy_label = QLabel(self)
        bottom.addWidget(self.busy_label, 1)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        bottom.addWidget(self.close_button)
        outer.addLayout(bottom)

    def _build_reschedule(self) -> QWidget:
        em = self.fontMetrics().height()
        box = QWidget(self)
        box.setObjectName("reschedulePanel")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.move_agent = QComboBox(box)
        self.move_agent.setAccessibleName(self.tr("Agent for the new time"))
        self.move_agent.currentIndexChanged.connect(lambda _i: self.reload_slots())
        self.move_from = QDateEdit(box)
        self.move_from.setAccessibleName(self.tr("Free times from"))
        self.move_from.setCalendarPopup(True)
        self.move_from.setDisplayFormat("yyyy-MM-dd")
        self.move_from.dateChanged.connect(lambda _d: self.reload_slots())
        self.move_earlier = QPushButton(self.tr("Earlier"), box)
        self.move_earlier.setAutoDefault(False)
        self.move_earlier.setAccessibleName(self.tr("Earlier times"))
        self.move_earlier.clicked.connect(lambda: self.show_page(self._page - 1))
        self.move_later = QPushButton(self.tr("Later"), box)
        self.move_later.setAutoDefault(False)
        self.move_later.setAccessibleName(self.tr("Later times"))
        self.move_later.clicked.connect(lambda: self.show_page(self._page + 1))
        agent_label = QLabel(self.tr("A&gent"), box)
        agent_label.setBuddy(self.move_agent)
        from_label = QLabel(self.tr("&From"), box)
        from_label.setBuddy(self.move_from)
        row.addWidget(agent_label)
        row.addWidget(self.move_agent, 1)
        row.addWidget(from_label)
        row.addWidget(self.move_from)
        row.addWidget(self.move_earlier)
        row.addWidget(self.move_later)
        layout.addLayout(row)
        self.slot_model = SlotListModel(ZoneInfo("UTC"), parent=self, locale=self.locale_)
        self.slot_list = QListView(box)
        self.slot_list.setObjectName("rescheduleSlots")
        self.slot_list.setAccessibleName(self.tr("Free times"))
        self.slot_list.setModel(self.slot_model)
        self.slot_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.slot_list.setMinimumHeight(int(em * 1.45 * 8.5))
        layout.addWidget(self.slot_list)
        self.no_slots = QLabel(self.tr("No free time for this agent in the bookable period."), box)
        self.no_slots.hide()
        layout.addWidget(self.no_slots)
        self.move_button = QPushButton(self.tr("Move to the selected time"), box)
        self.move_button.setObjectName("moveToSlot")
        self.move_button.setAccessibleName(self.tr("Move to the selected time"))
        self.move_button.setAutoDefault(False)
        self.move_button.clicked.connect(self.move_to_selected)
        self.move_at = QDateTimeEdit(box)
        self.move_at.setObjectName("moveAt")
        self.move_at.setAccessibleName(self.tr("Another date and time"))
        self.move_at.setCalendarPopup(True)
        self.move_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        # Wall-clock time of the branch, kept as plain fields: no machine zone may shift it.
        self.move_at.setTimeZone(QTimeZone(QTimeZone.Initialization.UTC))
        self.move_at_button = QPushButton(self.tr("Move to this date and time"), box)
        self.move_at_button.setObjectName("moveToTime")
        self.move_at_button.setAccessibleName(self.tr("Move to this date and time"))
        self.move_at_button.setAutoDefault(False)
        self.move_at_button.clicked.connect(self.move_to_typed)
        bottom = QHBoxLayout()
        bottom.addWidget(self.move_button)
        bottom.addStretch(1)
        or_label = QLabel(self.tr("or &at"), box)
        or_label.setBuddy(self.move_at)
        bottom.addWidget(or_label)
        bottom.addWidget(self.move_at)
        bottom.addWidget(self.move_at_button)
        layout.addLayout(bottom)
        box.hide()
        self.reschedule_panel = box
        return box

    # -- showing ------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the appointment again and show it."""
        try:
            with self.state.sessions() as session:
                details = read_details(session, self.state, self.appointment_id)
        except BookingError as exc:
            self.details = None
            self.message.show_error(exc.message)
            self._update_actions()
            return
        self.details = details
        tz = ZoneInfo(details.tz)
        self.setWindowTitle(
            self.tr("Appointment — %1, %2")
            .replace("%1", details.customer_name)
            .replace("%2", details.service_name)
        )
        self._paint_chip(self.service_chip, details.service_name, details.service_color)
        self._paint_chip(self.status_chip, details.status.name, details.status.color)
        self.values["customer"].setText(details.customer_name)
        self.values["phone"].setText(details.customer_phone or self.tr("—"))
        self.values["email"].setText(details.customer_email or self.tr("—"))
        local = details.start.astimezone(tz)
        day = self.locale_.toString(QDate(local.year, local.month, local.day), "dddd d MMMM yyyy")
        span = format_times(details.start, details.end, tz, self.locale_)
        self.values["time"].setText(f"{day}, {span} ({details.tz})")
        self.values["agent"].setText(details.agent_name or self.tr("Not assigned"))
        self.values["source"].setText(self._source_label(details.source))
        self.values["fields"].setText(
            "\n".join(f"{k}: {v}" for k, v in details.fields.items()) or self.tr("—")
        )
        self.values["notes"].setText(details.notes or self.tr("—"))
        self.history_model.set_rows(details.history, tz)
        self.slot_model.set_slots([])
        self._fill_status_menu(details)
        self._fill_move_agents(details)
        self._update_actions()
        self.set_move_time(details.start)
        if self.reschedule_panel.isVisible():
            self.reload_slots()

    def _update_actions(self) -> None:
        """Enable what makes sense for what is shown (the booking layer still decides)."""
        details = self.details
        for widget in self._action_widgets():
            widget.setEnabled(details is not None)
        if details is not None:
            self.cancel_button.setEnabled(details.status.predicate != "cancellation")
            self.status_button.setEnabled(bool(self.status_menu.actions()))

    def _action_widgets(self) -> list[QWidget]:
        return [
            self.reschedule_button,
            self.cancel_button,
            self.noshow_button,
            self.complete_button,
            self.status_button,
            self.reschedule_panel,
        ]

    def _paint_chip(self, label: QLabel, text: str, color: str | None) -> None:
        label.setText(text)
        palette = label.palette()
        if color:
            background = QColor(color)
            palette.setColor(QPalette.ColorRole.Window, background)
            palette.setColor(QPalette.ColorRole.WindowText, contrast_text(background))
        else:
            base = self.palette()
            palette.setColor(QPalette.ColorRole.Window, base.color(QPalette.ColorRole.Button))
            palette.setColor(
                QPalette.ColorRole.WindowText, base.color(QPalette.ColorRole.ButtonText)
            )
        label.setPalette(palette)

    def _source_label(self, source: str) -> str:
        labels = {
            "walk-in": self.tr("Walk-in"),
            "phone": self.tr("Phone"),
            "desk": self.tr("At the desk"),
            "self-service": self.tr("Booked online"),
            "sync": self.tr("From an agent's calendar"),
            "import": self.tr("Imported"),
        }
        return labels.get(source, source)

    def _fill_status_menu(self, details: Details) -> None:
        self.status_menu.clear()
        for choice in details.statuses:
            if choice.key == details.status.key:
                continue
            action = self.status_menu.addAction(choice.name)
            action.setData(choice.key)
            action.triggered.connect(lambda _c=False, key=choice.key: self.set_status(key))

    def _fill_move_agents(self, details: Details) -> None:
        self.move_agent.blockSignals(True)
        self.move_agent.clear()
        agents = list(details.agents)
        if details.agent_id is not None and details.agent_id not in dict(agents):
            agents.insert(0, (details.agent_id, details.agent_name or ""))
        for agent_id, name in agents:
            if details.may_assign or agent_id == details.agent_id or details.agent_id is None:
                self.move_agent.addItem(name, agent_id)
        index = self.move_agent.findData(details.agent_id)
        self.move_agent.setCurrentIndex(max(index, 0))
        self.move_agent.setEnabled(self.move_agent.count() > 1)
        self.move_agent.blockSignals(False)

    # -- reschedule: the free times ------------------------------------------------------

    def _toggle_reschedule(self, shown: bool) -> None:
        self.reschedule_panel.setVisible(shown)
        if shown:
            details = self.details
            if details is not None:
                today = self.state.now().astimezone(ZoneInfo(details.tz)).date()
                self.move_from.blockSignals(True)
                self.move_from.setMinimumDate(_qdate(today))
                self.move_from.setDate(_qdate(today))
                self.move_from.blockSignals(False)
            self.reload_slots()
            self.slot_list.setFocus()

    def reload_slots(self) -> None:
        details = self.details
        if details is None or not self.reschedule_panel.isVisible():
            return
        agent_id = self.move_agent.currentData()
        tz = ZoneInfo(details.tz)
        now = self.state.now()
        last = (now + timedelta(minutes=details.max_lead_min)).astimezone(tz).date()
        picked = self.move_from.date()
        first = max(date(picked.year(), picked.month(), picked.day()), now.astimezone(tz).date())
        sessions = self.state.sessions
        clock = self.state.now
        service_id = details.service_id

        def fetch(lo: date, hi: date) -> list[availability.SlotOut]:
            with sessions() as session:
                service = session.get(Service, service_id)
                if service is None:
                    raise NotFound("service", service_id)
                return availability.slots(
                    session, service, lo, hi, clock(), agent_id=agent_id if agent_id else None
                )

        self._pager = SlotPager(fetch, first, last)
        self.slot_model.set_slots([], dict(details.agents), tz=tz)
        self.show_page(0)

    def show_page(self, number: int) -> None:
        if self._pager is None:
            return
        number = max(number, 0)
        try:
            found = [OfferedSlot.of(s) for s in self._pager.page(number)]
            later = self._pager.has_page(number + 1)
        except BookingError as exc:
            found, later = [], False
            self.message.show_error(exc.message)
        self._page = number
        self.slot_model.set_slots(found)
        if found:
            self.slot_list.setCurrentIndex(self.slot_model.index(0, 0))
        self.no_slots.setVisible(not found)
        self.move_earlier.setEnabled(number > 0)
        self.move_later.setEnabled(later)

    def selected_slot(self) -> OfferedSlot | None:
        index = self.slot_list.currentIndex()
        return self.slot_model.slot(index.row()) if index.isValid() else None

    # -- actions ---------------------------------------------------------------------

    def _run(self, success: str, work: Callable[[Session, Any, datetime], object]) -> None:
        """Run ``work(session, actor, now)`` as one write; ``success`` is shown after."""
        if self._runner.busy() or self.details is None:
            return
        self.message.clear()
        self._success_text = success
        state = self.state

        def write(session: Session) -> object:
            return work(session, state.actor(session), state.now())

        self._runner.start(write)

    def _version(self) -> int | None:
        return self.details.version if self.details is not None else None

    def cancel_appointment(self) -> None:
        appointment_id, reason, version = self.appointment_id, self.reason.text(), self._version()
        self._run(
            self.tr("The appointment is cancelled."),
            lambda s, actor, now: appointments.cancel(
                s, actor, appointment_id, reason, now, expected_version=version
            ),
        )

    def mark_noshow(self) -> None:
        appointment_id, version = self.appointment_id, self._version()
        self._run(
            self.tr("Marked as no-show."),
            lambda s, actor, now: appointments.mark_noshow(
                s, actor, appointment_id, now, expected_version=version
            ),
        )

    def mark_completed(self) -> None:
        appointment_id, version = self.appointment_id, self._version()
        self._run(
            self.tr("Marked as completed."),
            lambda s, actor, now: appointments.mark_completed(
                s, actor, appointment_id, now, expected_version=version
            ),
        )

    def set_status(self, key: str) -> None:
        if self.details is None:
            return
        appointment_id, version = self.appointment_id, self.details.version
        reason = self.reason.text().strip() or None
        name = next((s.name for s in self.details.statuses if s.key == key), key)
        self._run(
            self.tr("The status is now %1.").replace("%1", name),
            lambda s, actor, now: appointments.set_status(
                s, actor, appointment_id, key, now, reason, expected_version=version
            ),
        )

    def move_to_selected(self) -> None:
        slot = self.selected_slot()
        if slot is None:
            text = self.tr("Choose one of the free times first, or type a date and time.")
            self.message.show_error(text)
            self.refused.emit(text)
            return
        self.reschedule(slot.start)

    def set_move_time(self, start: datetime) -> None:
        """Put ``start`` (aware) in the date-and-time box, in the branch's wall-clock time."""
        if self.details is None:
            return
        local = start.astimezone(ZoneInfo(self.details.tz))
        self.move_at.setDateTime(
            QDateTime(
                _qdate(local.date()),
                QTime(local.hour, local.minute),
                QTimeZone(QTimeZone.Initialization.UTC),
            )
        )

    def move_to_typed(self) -> None:
        if self.details is None:
            return
        tz = ZoneInfo(self.details.tz)
        chosen = self.move_at.dateTime()
        day, clock = chosen.date(), chosen.time()
        start = datetime(
            day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=tz
        )
        self.reschedule(start)

    def reschedule(self, start: datetime) -> None:
        """Move the appointment to ``start`` (aware), with the agent chosen in the panel."""
        if self.details is None:
            return
        appointment_id, version = self.appointment_id, self.details.version
        reason = self.reason.text()
        agent = self.move_agent.currentData()
        agent_id = int(agent) if agent is not None and agent != self.details.agent_id else None
        tz = ZoneInfo(self.details.tz)
        when = format_slot(
            start, start + timedelta(minutes=self.details.duration_min), tz, self.locale_
        )
        self._run(
            self.tr("Moved to %1.").replace("%1", when),
            lambda s, actor, now: appointments.reschedule(
                s,
                actor,
                appointment_id,
                start,
                reason,
                now,
                agent_id=agent_id,
                expected_version=version,
            ),
        )

    # -- outcomes ------------------------------------------------------------------------

    def _busy(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("Saving…") if busy else "")
        if busy:
            for widget in self._action_widgets():
                widget.setEnabled(False)
        else:
            self._update_actions()
            if self._close_pending is not None:
                pending, self._close_pending = self._close_pending, None
                if self.isVisible():
                    super().done(pending)

    def _saved(self, _result: object) -> None:
        self.reason.clear()
        self.reschedule_button.setChecked(False)
        self.refresh()
        self.message.show_info(self._success_text)
        self.changed.emit(self.appointment_id)

    def _show_refusal(self, error: object) -> None:
        if not isinstance(error, BookingError):
            return
        self.message.show_error(error.message)
        if error.code == "reason_required":
            self.reason.setFocus()
        elif error.code == "stale":
            # Show what the other desk did; the reason typed stays for another try.
            reason = self.reason.text()
            self.refresh()
            self.reason.setText(reason)
            self.message.show_error(error.message)
        elif error.code in ("slot_taken", "outside_hours") and self.reschedule_panel.isVisible():
            self.reload_slots()
        self.refused.emit(error.message)

    def _crashed(self, _error: object) -> None:
        text = self.tr(
            "The change could not be saved because of an unexpected problem (it has been "
            "logged). Nothing was changed; try again, or call for help if it happens again."
        )
        self.message.show_error(text)
        self.refused.emit(text)

    def done(self, result: int) -> None:
        """Close; while a change is being written, close once it is over."""
        if self._runner.busy():
            self._close_pending = result
            return
        super().done(result)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


__all__ = ["AppointmentDetailsDialog", "Details", "HistoryModel", "HistoryRow", "read_details"]
