"""The booking panel: book a customer into free time from the keyboard.

Fields, in tab order: the customer (a type-ahead over name, phone digits and e-mail, or a
new customer typed inline), the service, the agent ("Any agent" unless the acting user may
assign), the time (the next free slots, eight at a time), the service's own fields, a
repeat rule, notes and the source. Enter books the selected time from anywhere except the
multi-line boxes; Escape closes. A phone booking of a known customer into the next free
slot is: type the name, Enter (pick), Enter (book).

The panel holds no booking rule: app.booking decides, through ``run_write`` on a worker
thread, and a refusal appears in the panel with its message while the form stays as it
was. Reads (the services, the customer search, the slots) are short queries on the GUI
thread: each takes a few milliseconds to a few tens.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QEvent, QLocale, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.booking import appointments, availability, permissions
from app.booking.appointments import BookingRequest, NewCustomer
from app.booking.customers import ContactRules, find_customers, parse_query, validate_customer
from app.booking.errors import BookingError, NotFound
from app.models import Branch, Service
from app.views.desk import DeskState
from app.views.dialogs import FieldError, MessageArea, WriteRunner
from app.views.models.customers import CustomerResultsModel, CustomerRow, customer_row, row_loader
from app.views.models.slots import OfferedSlot, SlotListModel, SlotPager

log = logging.getLogger(__name__)

#: Typing pauses this long before the customer search runs.
SEARCH_DELAY_MS = 150
#: Customers listed under the search field.
SEARCH_LIMIT = 50
#: Repeat choices: (label, RRULE without COUNT).
REPEATS = (
    ("none", None),
    ("weekly", "FREQ=WEEKLY"),
    ("fortnightly", "FREQ=WEEKLY;INTERVAL=2"),
    ("monthly", "FREQ=MONTHLY"),
)
#: Sources the desk books with, in the order offered; phone is the default.
DESK_SOURCES = ("phone", "walk-in", "desk")
#: Refusals about the new customer's values, and the field each belongs to.
_CUSTOMER_CODES = {
    "invalid_name": "name",
    "invalid_phone": "phone",
    "invalid_email": "email",
    "missing_contact": "phone",
}
#: Refusals about the time: the slot list gets the focus (and is read again if stale).
_TIME_CODES = frozenset(
    {"slot_taken", "outside_hours", "lead_time", "max_lead_time", "invalid_time", "visitor_limit"}
)


# -- what the panel reads once ---------------------------------------------------------


@dataclass(frozen=True)
class FieldInfo:
    name: str
    required: bool
    kind: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    name: str
    color: str | None
    duration_min: int
    max_lead_min: int
    agents: tuple[tuple[int, str], ...]
    fields: tuple[FieldInfo, ...]


@dataclass(frozen=True)
class PanelSetup:
    """The branch's bookable services and what the acting user may do, as plain values."""

    branch_id: int
    branch_name: str
    tz: str
    services: tuple[ServiceInfo, ...]
    may_assign: bool
    rules: ContactRules


def read_setup(session: Session, state: DeskState, branch_id: int) -> PanelSetup:
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise NotFound("branch", branch_id)
    services = session.scalars(
        select(Service)
        .where(Service.branch_id == branch_id, Service.active.is_(True))
        .options(selectinload(Service.fields), selectinload(Service.agents))
        .order_by(Service.position, Service.name)
    ).all()
    return PanelSetup(
        branch_id=branch.id,
        branch_name=branch.name,
        tz=branch.timezone,
        services=tuple(
            ServiceInfo(
                id=s.id,
                name=s.name,
                color=s.color,
                duration_min=s.duration_min,
                max_lead_min=s.max_lead_min,
                agents=tuple((a.id, a.name) for a in s.agents if a.active),
                fields=tuple(
                    FieldInfo(
                        f.name,
                        f.required,
                        f.kind,
                        tuple(c for c in (f.choices or "").splitlines() if c.strip()),
                    )
                    for f in s.fields
                ),
            )
            for s in services
        ),
        may_assign=state.actor(session).may(permissions.ASSIGN),
        rules=ContactRules.load(session),
    )


def swatch(color: str | None, size: int) -> QIcon:
    """A small square of a service's colour for its combo entry."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color or "#607d8b"))
    return QIcon(pixmap)


class BookingPanel(QDialog):
    """Book one appointment (or a repeating series) for a customer.

    ``booked`` carries the list of the new appointments' ids; the panel then closes.
    ``refused`` carries the message of a refusal just shown in the panel.
    """

    #: list[int]: the ids of the appointments just booked.
    booked = Signal(object)
    #: str: a refusal's message, as shown in the panel.
    refused = Signal(str)

    def __init__(self, state: DeskState, branch_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        with state.sessions() as session:
            self.setup = read_setup(session, state, branch_id)
        self.branch_id = branch_id
        self.tz = ZoneInfo(self.setup.tz)
        self.locale_ = QLocale()
        self._customer: CustomerRow | None = None
        self._new_mode = False
        self._prefilled: datetime | None = None
        self._chosen: OfferedSlot | None = None
        self._pager: SlotPager | None = None
        self._page = 0
        self._field_widgets: dict[str, QWidget] = {}
        #: Which part of the form the last refusal sent the focus to.
        self._focus_target = ""
        #: A close asked for while a booking was being written (done()'s result).
        self._close_pending: int | None = None
        self._runner = WriteRunner(state.sessions, self)
        self._runner.succeeded.connect(self._booked)
        self._runner.refused.connect(self._show_refusal)
        self._runner.crashed.connect(self._crashed)
        self._runner.busy_changed.connect(self._busy)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)

        self.setObjectName("bookingPanel")
        self.setWindowTitle(
            self.tr("Book an appointment — %1").replace("%1", self.setup.branch_name)
        )
        self._build()
        em = self.fontMetrics().height()
        self.resize(int(em * 60), int(em * 40))
        self._fill_services()
        self._service_changed()
        self.customer_search.setFocus()

    # -- building ------------------------------------------------------------------

    def _build(self) -> None:
        em = self.fontMetrics().height()
        outer = QVBoxLayout(self)
        top = QGridLayout()
        top.setColumnStretch(0, 5)
        top.setColumnStretch(1, 4)
        top.setHorizontalSpacing(em)
        outer.addLayout(top)

        # customer, service, agent (left)
        left = QFormLayout()
        left.setHorizontalSpacing(em // 2)
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        customer_box = QVBoxLayout()
        customer_box.setSpacing(em // 4)
        self.customer_search = QLineEdit(self)
        self.customer_search.setObjectName("customerSearch")
        self.customer_search.setPlaceholderText(self.tr("Name, phone or e-mail"))
        self.customer_search.setAccessibleName(self.tr("Customer"))
        self.customer_search.setAccessibleDescription(
            self.tr("Type to search; Down and Up move in the results, Enter picks.")
        )
        self.customer_search.setClearButtonEnabled(True)
        self.customer_search.textEdited.connect(self._search_edited)
        self.customer_search.installEventFilter(self)
        self.customer_model = CustomerResultsModel(row_loader(self.state.sessions), self)
        self.customer_results = QTableView(self)
        self.customer_results.setObjectName("customerResults")
        self.customer_results.setAccessibleName(self.tr("Matching customers"))
        self.customer_results.setModel(self.customer_model)
        self.customer_results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.customer_results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.customer_results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.customer_results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.customer_results.setShowGrid(False)
        self.customer_results.setWordWrap(False)
        self.customer_results.verticalHeader().hide()
        self.customer_results.verticalHeader().setDefaultSectionSize(int(em * 1.5))
        header = self.customer_results.horizontalHeader()
        header.setSectionResizeMode(CustomerResultsModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(
            CustomerResultsModel.PHONE, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(CustomerResultsModel.EMAIL, QHeaderView.ResizeMode.Stretch)
        self.customer_results.setMinimumHeight(int(em * 7))
        self.customer_results.setMaximumHeight(int(em * 10))
        self.customer_results.clicked.connect(lambda index: self.pick(index.row()))
        self.customer_results.hide()
        self.customer_chosen = QLabel(self)
        self.customer_chosen.setObjectName("customerChosen")
        self.customer_chosen.setWordWrap(True)
        self.customer_chosen.hide()
        customer_box.addWidget(self.customer_search)
        customer_box.addWidget(self.customer_results)
        customer_box.addWidget(self.customer_chosen)
        customer_box.addWidget(self._build_new_customer())
        customer_label = QLabel(self.tr("&Customer"), self)
        customer_label.setBuddy(self.customer_search)
        left.addRow(customer_label, customer_box)

        self.service_combo = QComboBox(self)
        self.service_combo.setObjectName("serviceCombo")
        self.service_combo.setAccessibleName(self.tr("Service"))
        self.service_combo.currentIndexChanged.connect(lambda _i: self._service_changed())
        self.agent_combo = QComboBox(self)
        self.agent_combo.setObjectName("agentCombo")
        self.agent_combo.setAccessibleName(self.tr("Agent"))
        self.agent_combo.currentIndexChanged.connect(lambda _i: self.reload_slots())
        if not self.setup.may_assign:
            self.agent_combo.setToolTip(
                self.tr("Your role may not choose the agent; the branch assigns one.")
            )
        left.addRow(self.tr("&Service"), self.service_combo)
        left.addRow(self.tr("&Agent"), self.agent_combo)
        top.addLayout(left, 0, 0)

        # time (right)
        time_box = QGroupBox(self.tr("Time"), self)
        time_layout = QVBoxLayout(time_box)
        from_row = QHBoxLayout()
        self.from_date = QDateEdit(self)
        self.from_date.setObjectName("fromDate")
        self.from_date.setAccessibleName(self.tr("Free times from"))
        self.from_date.setCalendarPopup(True)
        self.from_date.setDisplayFormat("yyyy-MM-dd")
        today = self._today()
        self.from_date.setDate(QDate(today.year, today.month, today.day))
        self.from_date.setMinimumDate(QDate(today.year, today.month, today.day))
        self.from_date.dateChanged.connect(lambda _d: self.reload_slots())
        from_label = QLabel(self.tr("&From"), self)
        from_label.setBuddy(self.from_date)
        self.earlier_button = QPushButton(self.tr("&Earlier"), self)
        self.earlier_button.setAccessibleName(self.tr("Earlier times"))
        self.earlier_button.clicked.connect(lambda: self.show_page(self._page - 1))
        self.later_button = QPushButton(self.tr("&Later"), self)
        self.later_button.setAccessibleName(self.tr("Later times"))
        self.later_button.clicked.connect(lambda: self.show_page(self._page + 1))
        from_row.addWidget(from_label)
        from_row.addWidget(self.from_date, 1)
        from_row.addWidget(self.earlier_button)
        from_row.addWidget(self.later_button)
        time_layout.addLayout(from_row)
        self.slot_model = SlotListModel(self.tz, parent=self, locale=self.locale_)
        self.slot_list = QListView(self)
        self.slot_list.setObjectName("slotList")
        self.slot_list.setAccessibleName(self.tr("Free times"))
        self.slot_list.setModel(self.slot_model)
        self.slot_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.slot_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.slot_list.setUniformItemSizes(True)
        self.slot_list.setMinimumHeight(int(em * 1.45 * 8.5))
        self.slot_list.setMinimumWidth(int(em * 19))
        time_layout.addWidget(self.slot_list, 1)
        self.no_slots = QLabel(self)
        self.no_slots.setObjectName("noSlots")
        self.no_slots.setWordWrap(True)
        self.no_slots.hide()
        time_layout.addWidget(self.no_slots)
        top.addWidget(time_box, 0, 1, 3, 1)

        # details (below the customer, left)
        details = QGroupBox(self.tr("Details"), self)
        details_layout = QFormLayout(details)
        details_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields_form = QFormLayout()
        self.fields_form.setContentsMargins(0, 0, 0, 0)
        self.fields_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields_holder = QWidget(self)
        self.fields_holder.setLayout(self.fields_form)
        details_layout.addRow(self.fields_holder)
        repeat_row = QHBoxLayout()
        self.repeat_combo = QComboBox(self)
        self.repeat_combo.setObjectName("repeatCombo")
        self.repeat_combo.setAccessibleName(self.tr("Repeat"))
        labels = {
            "none": self.tr("Does not repeat"),
            "weekly": self.tr("Every week"),
            "fortnightly": self.tr("Every 2 weeks"),
            "monthly": self.tr("Every month"),
        }
        for key, rule in REPEATS:
            self.repeat_combo.addItem(labels[key], rule)
        self.repeat_count = QSpinBox(self)
        self.repeat_count.setObjectName("repeatCount")
        self.repeat_count.setAccessibleName(self.tr("Number of appointments"))
        self.repeat_count.setRange(2, 52)
        self.repeat_count.setValue(4)
        self.repeat_count.setSuffix(self.tr(" times"))
        self.repeat_count.setEnabled(False)
        self.repeat_combo.currentIndexChanged.connect(
            lambda _i: self.repeat_count.setEnabled(self.repeat_combo.currentData() is not None)
        )
        repeat_row.addWidget(self.repeat_combo, 1)
        repeat_row.addWidget(self.repeat_count)
        repeat_label = QLabel(self.tr("&Repeat"), self)
        repeat_label.setBuddy(self.repeat_combo)
        details_layout.addRow(repeat_label, repeat_row)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("notes")
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(int(em * 3.6))
        details_layout.addRow(self.tr("&Notes"), self.notes)
        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("sourceCombo")
        self.source_combo.setAccessibleName(self.tr("Source"))
        source_labels = {
            "phone": self.tr("Phone"),
            "walk-in": self.tr("Walk-in"),
            "desk": self.tr("At the desk"),
        }
        for key in DESK_SOURCES:
            self.source_combo.addItem(source_labels[key], key)
        details_layout.addRow(self.tr("S&ource"), self.source_combo)
        self.required_hint = QLabel(self.tr("* required"), self)
        self.required_hint.setEnabled(False)
        details_layout.addRow(self.required_hint)
        details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        top.addWidget(details, 1, 0)
        top.setRowStretch(2, 1)

        self.message = MessageArea(self)
        outer.addWidget(self.message)

        buttons = QHBoxLayout()
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("busyLabel")
        buttons.addWidget(self.busy_label, 1)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAccessibleName(self.tr("Close without booking"))
        self.close_button.clicked.connect(self.reject)
        self.book_button = QPushButton(self.tr("&Book"), self)
        self.book_button.setObjectName("bookButton")
        self.book_button.setAccessibleName(self.tr("Book the selected time"))
        self.book_button.setToolTip(self.tr("Book the selected time (Enter)"))
        self.book_button.setDefault(True)
        self.book_button.clicked.connect(self.book)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.book_button)
        outer.addLayout(buttons)

    def _build_new_customer(self) -> QWidget:
        box = QGroupBox(self.tr("New customer"), self)
        box.setObjectName("newCustomerBox")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.new_name = QLineEdit(box)
        self.new_name.setAccessibleName(self.tr("New customer's name"))
        self.new_phone = QLineEdit(box)
        self.new_phone.setAccessibleName(self.tr("New customer's phone"))
        self.new_phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.new_email = QLineEdit(box)
        self.new_email.setAccessibleName(self.tr("New customer's e-mail"))
        self.new_email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        requirement = self.setup.rules.requirement
        needs_phone = requirement in ("phone", "both")
        needs_email = requirement in ("email", "both")
        self.new_errors: dict[str, FieldError] = {}
        rows = (
            ("name", self.tr("Na&me *"), self.new_name),
            ("phone", self.tr("&Phone *") if needs_phone else self.tr("&Phone"), self.new_phone),
            ("email", self.tr("E-ma&il *") if needs_email else self.tr("E-ma&il"), self.new_email),
        )
        for key, label, edit in rows:
            form.addRow(label, edit)
            error = FieldError(box)
            error.setObjectName(f"{key}Error")
            self.new_errors[key] = error
            form.addRow("", error)
            edit.textEdited.connect(lambda _t, k=key: self._clear_customer_error(k))
        if requirement == "either":
            hint = QLabel(self.tr("A phone number or an e-mail address is needed."), box)
            hint.setEnabled(False)
            hint.setWordWrap(True)
            form.addRow("", hint)
        self.new_customer_box = box
        box.hide()
        return box

    def _fill_services(self) -> None:
        size = self.fontMetrics().height() // 2 + 4
        self.service_combo.blockSignals(True)
        self.service_combo.clear()
        for service in self.setup.services:
            self.service_combo.addItem(swatch(service.color, size), service.name, service.id)
        self.service_combo.blockSignals(False)
        if not self.setup.services:
            self.message.show_info(self.tr("This branch offers no service to book yet."))
            self.book_button.setEnabled(False)

    def _apply_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.customer_search,
            self.new_name,
            self.new_phone,
            self.new_email,
            self.service_combo,
            self.agent_combo,
            self.from_date,
            self.slot_list,
            self.earlier_button,
            self.later_button,
            *self._field_widgets.values(),
            self.repeat_combo,
            self.repeat_count,
            self.notes,
            self.source_combo,
            self.book_button,
            self.close_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- prefilling ------------------------------------------------------------------

    def prefill(
        self,
        *,
        service_id: int | None = None,
        agent_id: int | None = None,
        start: datetime | None = None,
        walk_in: bool = False,
    ) -> None:
        """Start from what the desk already knows.

        ``start`` (a click on free time) selects that time when it is offered, else shows
        it as the "chosen time". ``walk_in`` books for now: source walk-in, any agent, the
        next free slot selected and the service focused, so choosing a service and Enter
        is all that is left once the customer is picked.
        """
        if start is not None and (start.tzinfo is None or start.utcoffset() is None):
            raise ValueError("prefill start must be an aware datetime")
        self._set_combo(self.service_combo, service_id)
        self._service_changed(reload=False)
        if walk_in:
            agent_id, start = None, None
            self._set_combo(self.source_combo, "walk-in")
        if agent_id is not None and self.setup.may_assign:
            self._set_combo(self.agent_combo, agent_id)
        self._prefilled = start
        day = start.astimezone(self.tz).date() if start is not None else self._today()
        self.from_date.blockSignals(True)
        self.from_date.setDate(QDate(day.year, day.month, day.day))
        self.from_date.blockSignals(False)
        self.reload_slots()
        if walk_in:
            self.service_combo.setFocus()
        else:
            self.customer_search.setFocus()

    @staticmethod
    def _set_combo(combo: QComboBox, value: object) -> None:
        if value is None:
            return
        index = combo.findData(value)
        if index >= 0:
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

    # -- the customer ------------------------------------------------------------------

    def _search_edited(self, text: str) -> None:
        if self._customer is not None:
            self._customer = None
            self.customer_chosen.hide()
        if text.strip():
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self.customer_model.clear()
            self.customer_results.hide()

    def run_search(self) -> None:
        """Search now (the debounce timer calls this; Enter and Down do not wait for it)."""
        self._search_timer.stop()
        text = self.customer_search.text().strip()
        if not text or self._customer is not None:
            return
        try:
            with self.state.sessions() as session:
                found = find_customers(session, text, SEARCH_LIMIT)
                rows = {c.id: customer_row(c, self.setup.rules.region) for c in found}
        except BookingError as exc:
            self.message.show_error(exc.message)
            return
        self.customer_model.set_results([c.id for c in found], rows, new_text=text)
        self.customer_results.show()
        self._move_result(0, absolute=True)

    def _move_result(self, delta: int, *, absolute: bool = False) -> None:
        rows = self.customer_model.rowCount()
        if rows == 0:
            return
        current = self.customer_results.currentIndex().row()
        row = delta if absolute else max(0, current + delta)
        if row >= rows and self.customer_model.canFetchMore(QModelIndex()):
            self.customer_model.fetchMore(QModelIndex())
            rows = self.customer_model.rowCount()
        row = min(row, rows - 1)
        index = self.customer_model.index(row, 0)
        self.customer_results.setCurrentIndex(index)
        self.customer_results.scrollTo(index)

    def pick(self, row: int) -> None:
        """Take the customer (or the "new customer" choice) on ``row`` of the results."""
        if self.customer_model.is_new_row(row):
            self._start_new_customer(self.customer_model.new_text or "")
            return
        found = self.customer_model.customer(row)
        if found is not None:
            self.choose_customer(found)

    def choose_customer(self, row: CustomerRow) -> None:
        self._customer = row
        self._new_mode = False
        self.new_customer_box.hide()
        self.customer_search.setText(row.name)
        self.customer_results.hide()
        details = " · ".join(p for p in (row.phone, row.email) if p)
        self.customer_chosen.setText(
            self.tr("✓ %1").replace("%1", row.name + (f" · {details}" if details else ""))
        )
        self.customer_chosen.setAccessibleName(self.tr("Chosen customer"))
        self.customer_chosen.show()
        if self.message.kind == "error" and self._focus_target == "customer":
            self.message.clear()
        self.service_combo.setFocus()

    def _start_new_customer(self, typed: str) -> None:
        self._customer = None
        self._new_mode = True
        self.customer_results.hide()
        self.customer_chosen.hide()
        self.new_customer_box.show()
        typed = typed.strip()
        if typed:
            target = self.new_name
            if "@" in typed:
                target = self.new_email
            elif parse_query(typed).phrase is None:  # digits: a phone number
                target = self.new_phone
            if not target.text():
                target.setText(typed)
        for edit in (self.new_name, self.new_phone, self.new_email):
            if not edit.text().strip():
                edit.setFocus()
                return
        self.service_combo.setFocus()

    def _new_customer(self) -> NewCustomer:
        """The new customer's values, checked as app.booking will check them."""
        data = validate_customer(
            self.setup.rules,
            name=self.new_name.text(),
            phone=self.new_phone.text(),
            email=self.new_email.text(),
        )
        return NewCustomer(name=data.name, phone=data.phone, email=data.email)

    def _show_customer_error(self, key: str, message: str) -> None:
        self.new_errors[key].set_message(message)
        edit = {"name": self.new_name, "phone": self.new_phone, "email": self.new_email}[key]
        edit.setAccessibleDescription(message)
        edit.setFocus()
        edit.selectAll()

    def _clear_customer_error(self, key: str) -> None:
        self.new_errors[key].set_message("")
        edit = {"name": self.new_name, "phone": self.new_phone, "email": self.new_email}[key]
        edit.setAccessibleDescription("")

    # -- service, agent, fields ------------------------------------------------------------

    def service(self) -> ServiceInfo | None:
        service_id = self.service_combo.currentData()
        return next((s for s in self.setup.services if s.id == service_id), None)

    def agent_id(self) -> int | None:
        value = self.agent_combo.currentData()
        return int(value) if value is not None else None

    def _service_changed(self, *, reload: bool = True) -> None:
        service = self.service()
        keep = self.agent_id()
        self.agent_combo.blockSignals(True)
        self.agent_combo.clear()
        self.agent_combo.addItem(self.tr("Any agent"), None)
        if service is not None and self.setup.may_assign:
            for agent_id, name in service.agents:
                self.agent_combo.addItem(name, agent_id)
        index = self.agent_combo.findData(keep) if keep is not None else 0
        self.agent_combo.setCurrentIndex(max(index, 0))
        self.agent_combo.setEnabled(self.setup.may_assign)
        self.agent_combo.blockSignals(False)
        self._build_fields(service)
        if reload:
            self.reload_slots()

    def _build_fields(self, service: ServiceInfo | None) -> None:
        kept = self.field_values()
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self._field_widgets = {}
        for field in service.fields if service is not None else ():
            widget = self._field_widget(field, kept.get(field.name, ""))
            label = QLabel(f"{field.name} *" if field.required else field.name, self.fields_holder)
            label.setBuddy(widget)
            label.setWordWrap(True)
            self.fields_form.addRow(label, widget)
            self._field_widgets[field.name] = widget
        self.fields_holder.setVisible(bool(self._field_widgets))
        self.required_hint.setVisible(
            service is not None and any(f.required for f in service.fields)
        )
        self._apply_tab_order()

    def _field_widget(self, field: FieldInfo, value: str) -> QWidget:
        name = self.tr("%1 (required)").replace("%1", field.name) if field.required else field.name
        widget: QWidget
        if field.kind == "multiline":
            edit = QPlainTextEdit(self.fields_holder)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(int(self.fontMetrics().height() * 3.6))
            edit.setPlainText(value)
            widget = edit
        elif field.kind == "choice":
            combo = QComboBox(self.fields_holder)
            combo.addItem("", "")
            for choice in field.choices:
                combo.addItem(choice, choice)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            widget = combo
        elif field.kind == "date":
            date_edit = QDateEdit(self.fields_holder)
            date_edit.setCalendarPopup(True)
            date_edit.setDisplayFormat("yyyy-MM-dd")
            # The minimum stands for "no date" and shows as blank.
            date_edit.setMinimumDate(QDate(1900, 1, 1))
            date_edit.setSpecialValueText(" ")
            try:
                day = date.fromisoformat(value) if value else None
            except ValueError:
                day = None
            date_edit.setDate(
                QDate(day.year, day.month, day.day) if day else date_edit.minimumDate()
            )
            widget = date_edit
        else:
            line = QLineEdit(self.fields_holder)
            line.setText(value)
            if field.kind == "number":
                line.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
            widget = line
        widget.setObjectName(f"field:{field.name}")
        widget.setAccessibleName(name)
        return widget

    def field_widget(self, name: str) -> QWidget | None:
        return self._field_widgets.get(name)

    def field_values(self) -> dict[str, str]:
        """The custom fields as typed (blank ones left out)."""
        values: dict[str, str] = {}
        for name, widget in self._field_widgets.items():
            text = ""
            if isinstance(widget, QPlainTextEdit):
                text = widget.toPlainText()
            elif isinstance(widget, QComboBox):
                text = str(widget.currentData() or "")
            elif isinstance(widget, QDateEdit):
                if widget.date() != widget.minimumDate():
                    text = widget.date().toString("yyyy-MM-dd")
            elif isinstance(widget, QLineEdit):
                text = widget.text()
            if text.strip():
                values[name] = text.strip()
        return values

    # -- time --------------------------------------------------------------------------

    def _today(self) -> date:
        return self.state.now().astimezone(self.tz).date()

    def reload_slots(self, keep: datetime | None = None) -> None:
        """Read the free times again from the "from" date; select ``keep`` or the
        prefilled time when offered, else the first."""
        service = self.service()
        self._chosen = None
        if service is None:
            self._pager = None
            self.slot_model.set_slots([])
            self._update_paging()
            return
        now = self.state.now()
        today = now.astimezone(self.tz).date()
        last = (now + timedelta(minutes=service.max_lead_min)).astimezone(self.tz).date()
        self.from_date.blockSignals(True)
        self.from_date.setMaximumDate(QDate(last.year, last.month, last.day))
        self.from_date.blockSignals(False)
        picked = self.from_date.date()
        first = max(date(picked.year(), picked.month(), picked.day()), today)
        agent_id = self.agent_id()
        sessions = self.state.sessions
        clock = self.state.now

        def fetch(lo: date, hi: date) -> list[availability.SlotOut]:
            with sessions() as session:
                row = session.get(Service, service.id)
                if row is None:
                    raise NotFound("service", service.id)
                return availability.slots(session, row, lo, hi, clock(), agent_id=agent_id)

        self._pager = SlotPager(fetch, first, last)
        names = dict(service.agents)
        self.slot_model.set_slots([], names)
        wanted = keep or self._prefilled
        page: int | None = 0
        if wanted is not None:
            page = self._page_of(wanted)
            if page is None:
                duration = timedelta(minutes=service.duration_min)
                self._chosen = OfferedSlot(
                    wanted, wanted + duration, (agent_id,) if agent_id else (), chosen=True
                )
                page = 0
        self.show_page(page or 0, select=wanted)

    def _page_of(self, start: datetime) -> int | None:
        """The page offering ``start``, reading no further than needed."""
        if self._pager is None:
            return None
        number = 0
        while True:
            try:
                slots = self._pager.page(number)
            except BookingError:
                return None
            if not slots or slots[0].start > start:
                return None
            if any(s.start == start for s in slots):
                return number
            number += 1

    def show_page(self, number: int, *, select: datetime | None = None) -> None:
        if self._pager is None:
            return
        number = max(number, 0)
        try:
            found = [OfferedSlot.of(s) for s in self._pager.page(number)]
        except BookingError as exc:
            found = []
            self.message.show_error(exc.message)
        if number == 0 and self._chosen is not None:
            found.insert(0, self._chosen)
        self._page = number
        self.slot_model.set_slots(found)
        row = self.slot_model.row_of(select) if select is not None else None
        if row is None and found:
            row = 0
        if row is not None:
            self.slot_list.setCurrentIndex(self.slot_model.index(row, 0))
        self._update_paging()

    def _update_paging(self) -> None:
        pager = self._pager
        self.earlier_button.setEnabled(pager is not None and self._page > 0)
        try:
            later = pager is not None and pager.has_page(self._page + 1)
        except BookingError:
            later = False
        self.later_button.setEnabled(later)
        if self.slot_model.rowCount() == 0:
            service = self.service()
            self.no_slots.setText(
                self.tr("No free time for %1 in the bookable period.").replace(
                    "%1", service.name if service else ""
                )
            )
            self.no_slots.show()
        else:
            self.no_slots.hide()

    def selected_slot(self) -> OfferedSlot | None:
        index = self.slot_list.currentIndex()
        return self.slot_model.slot(index.row()) if index.isValid() else None

    # -- booking -----------------------------------------------------------------------

    def repeat_rule(self) -> str | None:
        base = self.repeat_combo.currentData()
        if base is None:
            return None
        return f"{base};COUNT={self.repeat_count.value()}"

    def book(self) -> None:
        """Book the selected time (Enter). Refusals appear in the panel; nothing typed is
        lost."""
        if self._runner.busy():
            return
        self.message.clear()
        self._focus_target = ""
        for key in self.new_errors:
            self._clear_customer_error(key)
        service = self.service()
        if service is None:
            return
        new_customer: NewCustomer | None = None
        if self._new_mode:
            try:
                new_customer = self._new_customer()
            except BookingError as exc:
                self._show_customer_error(_CUSTOMER_CODES.get(exc.code, "name"), exc.message)
                self.refused.emit(exc.message)
                return
        slot = self.selected_slot()
        if slot is None:
            text = self.tr("Choose a time in the list of free times first.")
            self.message.show_error(text)
            self.slot_list.setFocus()
            self.refused.emit(text)
            return
        request = BookingRequest(
            service_id=service.id,
            start=slot.start,
            customer_id=self._customer.id if self._customer is not None else None,
            new_customer=new_customer,
            agent_id=self.agent_id(),
            field_values=self.field_values(),
            notes=self.notes.toPlainText().strip() or None,
            source=str(self.source_combo.currentData()),
        )
        rule = self.repeat_rule()
        tz = self.tz
        state = self.state

        def work(session: Session) -> list[int]:
            actor = state.actor(session)
            now = state.now()
            if rule is None:
                return [appointments.book(session, actor, request, now).id]
            starts = appointments.repeat_starts(rule, request.start, tz)
            result = appointments.book_repeating(session, actor, request, starts, now)
            return [a.id for a in result.booked]

        self._runner.start(work)

    def _busy(self, busy: bool) -> None:
        self.book_button.setEnabled(not busy)
        self.busy_label.setText(self.tr("Booking…") if busy else "")
        if not busy and self._close_pending is not None:
            pending, self._close_pending = self._close_pending, None
            if self.isVisible():
                super().done(pending)

    def _booked(self, ids: object) -> None:
        booked = list(ids) if isinstance(ids, Sequence) else []
        self.booked.emit(booked)
        self.accept()

    def _show_refusal(self, error: object) -> None:
        if not isinstance(error, BookingError):
            return
        code = error.code
        if self._new_mode and code in _CUSTOMER_CODES:
            self._show_customer_error(_CUSTOMER_CODES[code], error.message)
            self.refused.emit(error.message)
            return
        self.message.show_error(error.message)
        if code in ("customer_required", "not_found") and self._customer is None:
            self._focus_target = "customer"
            self.customer_search.setFocus()
            self.customer_search.selectAll()
        elif code in ("missing_field", "unknown_field"):
            self._focus_target = "fields"
            self._focus_missing_field()
        elif code in _TIME_CODES:
            self._focus_target = "time"
            selected = self.selected_slot()
            if code in ("slot_taken", "outside_hours"):
                self.reload_slots(keep=selected.start if selected else None)
            self.slot_list.setFocus()
        elif code.startswith("agent"):
            self._focus_target = "agent"
            self.agent_combo.setFocus()
        elif code == "invalid_repeat" or code == "no_occurrences":
            self._focus_target = "repeat"
            self.repeat_combo.setFocus()
        self.refused.emit(error.message)

    def _focus_missing_field(self) -> None:
        service = self.service()
        values = self.field_values()
        for field in service.fields if service is not None else ():
            if field.required and field.name not in values:
                widget = self._field_widgets.get(field.name)
                if widget is not None:
                    widget.setFocus()
                return

    def _crashed(self, _error: object) -> None:
        text = self.tr(
            "The booking could not be saved because of an unexpected problem (it has been "
            "logged). Nothing was booked; try again, or call for help if it happens again."
        )
        self.message.show_error(text)
        self.refused.emit(text)

    # -- keys and closing ----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.customer_search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._search_key(event)
        return super().eventFilter(watched, event)

    def _search_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if key == Qt.Key.Key_Down else -1
            if self._search_timer.isActive():
                # Typed faster than the pause: search now and move as if it had shown.
                self.run_search()
                self._move_result(step)
            elif self.customer_results.isVisible():
                self._move_result(step)
            elif self._customer is None:
                self.run_search()  # bring the results back, the best match first
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._search_timer.isActive():
                self.run_search()
            if self.customer_results.isVisible() and self.customer_model.rowCount():
                self.pick(max(self.customer_results.currentIndex().row(), 0))
                return True
        return False  # Enter without results: the dialog books

    def done(self, result: int) -> None:
        """Close; while a booking is being written, close once it is over (its outcome
        still counts: a booking made is announced)."""
        self._search_timer.stop()
        if self._runner.busy():
            self._close_pending = result
            return
        super().done(result)


__all__ = ["BookingPanel", "PanelSetup", "ServiceInfo", "read_setup"]
