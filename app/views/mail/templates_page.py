"""The e-mail template editor: each event's mail to the customer and to the agent, for
the whole branch or for one service, with a live preview.

The text in force is resolved as the sender resolves it (app.notify.templates.resolve:
the service's own, else the branch's, else the shipped default); Save stores an own
template through ``templates.save_template`` (which refuses an unknown placeholder, so
the message appears under the editor and nothing is written); "Back to the default"
removes the own template of the chosen scope. The preview fills the placeholders from
the next real appointment of that service (of the branch, for the branch's template), or
from a made-up one when there is none, with times in the branch's zone and format.
Drafts are kept per event, recipient and scope while the page is open, so looking at
another template does not lose typing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking.errors import BookingError, NotFound
from app.booking.transactions import run_write
from app.models import (
    Agent,
    Appointment,
    Branch,
    Customer,
    Service,
    ServiceField,
    StatusDefinition,
)
from app.models.notifications import EVENTS
from app.notify import templates
from app.notify.templates import Template, own_template, remove_template
from app.views.desk import DeskState

log = logging.getLogger(__name__)

#: Events whose mails say why (the reason placeholder has a value in the preview).
_WITH_REASON = frozenset({"rejected", "rescheduled", "cancelled"})

#: (event, recipient, service id or None for the branch's template)
Kind = tuple[str, str, int | None]


@dataclass(frozen=True)
class Sample:
    """The placeholder values a preview is filled with, and where they come from."""

    context: dict[str, str]
    #: False: made up, because the service has no appointment ahead.
    real: bool
    customer: str
    start: str


def sample_for(
    session: Session, branch_id: int, service_id: int | None, now: datetime, reason: str
) -> Sample:
    """The next appointment ahead of ``now`` of the service (any of the branch's services
    when None) that is not cancelled, or a made-up one tomorrow at 10:00 local time."""
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise NotFound("branch", branch_id)
    query = (
        select(Appointment)
        .join(StatusDefinition, Appointment.status_id == StatusDefinition.id)
        .where(
            Appointment.branch_id == branch_id,
            Appointment.start_at >= now,
            Appointment.archived_at.is_(None),
            StatusDefinition.predicate.is_distinct_from("cancellation"),
        )
        .order_by(Appointment.start_at, Appointment.id)
        .limit(1)
    )
    if service_id is not None:
        query = query.where(Appointment.service_id == service_id)
    appointment = session.scalars(query).first()
    if appointment is not None:
        context = templates.context_for(
            appointment,
            branch,
            appointment.service,
            appointment.customer,
            appointment.agent,
            reason,
        )
        return Sample(context, True, appointment.customer.name, context[templates.START_TIME])
    service = session.get(Service, service_id) if service_id is not None else None
    if service is None:
        service = session.scalars(
            select(Service)
            .where(Service.branch_id == branch_id)
            .order_by(Service.position, Service.id)
        ).first()
    agent = session.scalars(
        select(Agent)
        .where(Agent.branch_id == branch_id, Agent.active.is_(True))
        .order_by(Agent.position, Agent.id)
    ).first()
    tz = ZoneInfo(branch.timezone)
    day = (now.astimezone(tz) + timedelta(days=1)).date()
    start = datetime(day.year, day.month, day.day, 10, 0, tzinfo=tz)
    minutes = service.duration_min if service is not None else 30
    names = [f.name for f in service.fields] if service is not None else []
    # Transient objects, never added to the session: they only feed the placeholders.
    made_up = Appointment(
        start_at=start,
        end_at=start + timedelta(minutes=minutes),
        field_values={name: f"({name})" for name in names},
    )
    stand_in = Service(name="Sample service", duration_min=minutes)
    customer = Customer(name="Alex Sample")
    context = templates.context_for(made_up, branch, service or stand_in, customer, agent, reason)
    return Sample(context, False, customer.name, context[templates.START_TIME])


def field_names(session: Session, branch_id: int, service_id: int | None) -> list[str]:
    """The custom fields a template of this scope may name: the service's, or for the
    branch's template those of all its services (as save_template allows)."""
    query = select(ServiceField.name).join(Service, ServiceField.service_id == Service.id)
    if service_id is None:
        query = query.where(Service.branch_id == branch_id)
    else:
        query = query.where(Service.id == service_id)
    return list(dict.fromkeys(session.scalars(query.order_by(Service.position, ServiceField.id))))


class TemplatesPage(QWidget):
    """Choose event, recipient and scope; edit subject and body; placeholders; preview."""

    #: After each successful save or return to the default.
    changed = Signal()

    def __init__(self, state: DeskState, branch_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._branch_id = branch_id
        self._kind: Kind | None = None
        self._saved = Template("", "")
        self._drafts: dict[Kind, Template] = {}
        self._sample: Sample | None = None
        self._fields: list[str] = []
        self._filling = False
        self.setAccessibleName(self.tr("E-mail templates"))

        self.event_combo = QComboBox()
        self.event_combo.setAccessibleName(self.tr("Event"))
        for event, text in self._event_names().items():
            self.event_combo.addItem(text, event)
        self.recipient_combo = QComboBox()
        self.recipient_combo.setAccessibleName(self.tr("Recipient"))
        self.recipient_combo.addItem(self.tr("Customer"), "customer")
        self.recipient_combo.addItem(self.tr("Agent"), "agent")
        self.scope_combo = QComboBox()
        self.scope_combo.setAccessibleName(self.tr("For which service"))
        self.scope_combo.setMinimumContentsLength(18)
        self.scope_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.source_label = QLabel()
        self.source_label.setAccessibleName(self.tr("Where this text comes from"))
        self.source_label.setWordWrap(True)

        choose = QHBoxLayout()
        for caption, combo in (
            (self.tr("&E-mail:"), self.event_combo),
            (self.tr("&To:"), self.recipient_combo),
            (self.tr("&Used for:"), self.scope_combo),
        ):
            label = QLabel(caption)
            label.setBuddy(combo)
            choose.addWidget(label)
            choose.addWidget(combo)
        choose.addStretch(1)

        self.subject_edit = QLineEdit()
        self.subject_edit.setAccessibleName(self.tr("Subject"))
        self.body_edit = QPlainTextEdit()
        self.body_edit.setAccessibleName(self.tr("Body"))
        self.body_edit.setTabChangesFocus(True)
        self.problem_label = QLabel()
        self.problem_label.setAccessibleName(self.tr("Template problem"))
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setAccessibleName(self.tr("Save this template"))
        self.default_button = QPushButton(self.tr("&Back to the default"))
        self.default_button.setAccessibleName(self.tr("Remove this own template"))
        self.status_label = QLabel()
        self.status_label.setAccessibleName(self.tr("Template status"))
        self.status_label.setWordWrap(True)

        editor = QWidget()
        grid = QGridLayout(editor)
        grid.setContentsMargins(0, 0, 0, 0)
        subject_label = QLabel(self.tr("Su&bject:"))
        subject_label.setBuddy(self.subject_edit)
        body_label = QLabel(self.tr("B&ody:"))
        body_label.setBuddy(self.body_edit)
        grid.addWidget(subject_label, 0, 0)
        grid.addWidget(self.subject_edit, 0, 1)
        grid.addWidget(body_label, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.body_edit, 1, 1)
        grid.addWidget(self.problem_label, 2, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.default_button)
        buttons.addWidget(self.save_button)
        grid.addLayout(buttons, 3, 1)
        grid.setRowStretch(1, 1)

        self.placeholder_list = QListWidget()
        self.placeholder_list.setAccessibleName(self.tr("Placeholders; Enter inserts one"))
        self.placeholder_list.setToolTip(self.tr("Click a placeholder to insert it"))
        places = QGroupBox(self.tr("&Placeholders"))
        places_layout = QVBoxLayout(places)
        hint = QLabel(self.tr("Click one to insert it where the cursor is."))
        hint.setWordWrap(True)
        places_layout.addWidget(hint)
        places_layout.addWidget(self.placeholder_list)

        self.preview_source = QLabel()
        self.preview_source.setAccessibleName(self.tr("Preview sample"))
        self.preview_source.setWordWrap(True)
        self.preview_subject = QLabel()
        self.preview_subject.setAccessibleName(self.tr("Preview subject"))
        self.preview_subject.setWordWrap(True)
        self.preview_subject.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.preview_subject.font()
        bold.setBold(True)
        self.preview_subject.setFont(bold)
        self.preview_body = QPlainTextEdit()
        self.preview_body.setAccessibleName(self.tr("Preview body"))
        self.preview_body.setReadOnly(True)
        preview = QGroupBox(self.tr("Preview"))
        preview_layout = QVBoxLayout(preview)
        preview_layout.addWidget(self.preview_source)
        preview_layout.addWidget(self.preview_subject)
        preview_layout.addWidget(self.preview_body, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(editor)
        splitter.addWidget(places)
        splitter.addWidget(preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.source_label)
        layout.addWidget(splitter, 1)

        for first, second in (
            (self.event_combo, self.recipient_combo),
            (self.recipient_combo, self.scope_combo),
            (self.scope_combo, self.subject_edit),
            (self.subject_edit, self.body_edit),
            (self.body_edit, self.placeholder_list),
            (self.placeholder_list, self.default_button),
            (self.default_button, self.save_button),
            (self.save_button, self.preview_body),
        ):
            QWidget.setTabOrder(first, second)

        #: The editor a placeholder goes into: the one that last had the focus.
        self._target: QObject = self.body_edit
        self.subject_edit.installEventFilter(self)
        self.body_edit.installEventFilter(self)
        # Moving the cursor (typing, clicking) also marks the editor as the one in use.
        self.subject_edit.cursorPositionChanged.connect(
            lambda *_: setattr(self, "_target", self.subject_edit)
        )
        self.body_edit.cursorPositionChanged.connect(
            lambda: setattr(self, "_target", self.body_edit)
        )
        self.event_combo.currentIndexChanged.connect(self._choice_changed)
        self.recipient_combo.currentIndexChanged.connect(self._choice_changed)
        self.scope_combo.currentIndexChanged.connect(self._choice_changed)
        self.subject_edit.textChanged.connect(self._edited)
        self.body_edit.textChanged.connect(self._edited)
        self.placeholder_list.itemClicked.connect(self._insert_item)
        self.placeholder_list.itemActivated.connect(self._insert_item)
        self.save_button.clicked.connect(self.save)
        self.default_button.clicked.connect(self.back_to_default)
        self.reload()

    def _event_names(self) -> dict[str, str]:
        names = {
            "request_received": self.tr("Request received"),
            "confirmed": self.tr("Confirmed"),
            "rejected": self.tr("Rejected"),
            "created": self.tr("Booked"),
            "rescheduled": self.tr("Rescheduled"),
            "cancelled": self.tr("Cancelled"),
            "noshow": self.tr("No-show"),
            "reminder": self.tr("Reminder"),
        }
        return {event: names.get(event, event) for event in EVENTS}

    # -- choosing --------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the branch's services again and show the chosen template as stored."""
        with self._state.sessions() as session:
            services = list(
                session.execute(
                    select(Service.id, Service.name)
                    .where(Service.branch_id == self._branch_id)
                    .order_by(Service.position, Service.id)
                )
            )
        current = self.scope_combo.currentData()
        self._filling = True
        try:
            self.scope_combo.clear()
            self.scope_combo.addItem(self.tr("All services (branch default)"), None)
            for service_id, name in services:
                self.scope_combo.addItem(name, service_id)
            self.scope_combo.setCurrentIndex(max(self.scope_combo.findData(current), 0))
        finally:
            self._filling = False
        self._kind = None
        self._choice_changed()

    def choose(self, event: str, recipient: str, service_id: int | None = None) -> None:
        """Show the template of ``event`` to ``recipient`` for ``service_id`` (None: the
        branch's default)."""
        self._filling = True
        try:
            self.event_combo.setCurrentIndex(self.event_combo.findData(event))
            self.recipient_combo.setCurrentIndex(self.recipient_combo.findData(recipient))
            self.scope_combo.setCurrentIndex(max(self.scope_combo.findData(service_id), 0))
        finally:
            self._filling = False
        self._choice_changed()

    def kind(self) -> Kind:
        service = self.scope_combo.currentData()
        return (
            str(self.event_combo.currentData()),
            str(self.recipient_combo.currentData()),
            int(service) if service is not None else None,
        )

    def _choice_changed(self) -> None:
        if self._filling:
            return
        if self._kind is not None and self.is_dirty():
            self._drafts[self._kind] = self.draft()
        kind = self.kind()
        event, recipient, service_id = kind
        now = self._state.now()
        reason = self.tr("the advisor is away that day") if event in _WITH_REASON else ""
        with self._state.sessions() as session:
            in_force = templates.resolve(session, self._branch_id, service_id, event, recipient)
            own = own_template(session, event, recipient, self._branch_id, service_id)
            above = (
                own_template(session, event, recipient, self._branch_id, None)
                if service_id is not None
                else None
            )
            self._fields = field_names(session, self._branch_id, service_id)
            self._sample = sample_for(session, self._branch_id, service_id, now, reason)
        self._kind = kind
        self._saved = in_force
        self._show_source(own is not None, service_id is not None, above is not None)
        self._fill_placeholders()
        draft = self._drafts.pop(kind, None)
        self._set_editor(draft or in_force)
        self._hide_problem()
        self.status_label.setText(self.tr("Changes not saved.") if draft else "")

    def _show_source(self, own: bool, for_service: bool, branch_has_own: bool) -> None:
        if own:
            text = (
                self.tr("This service has its own text.")
                if for_service
                else self.tr("The branch has its own text for all its services.")
            )
        elif for_service and branch_has_own:
            text = self.tr("This service uses the branch's text; saving gives it its own.")
        elif for_service:
            text = self.tr("This service uses the shipped text; saving gives it its own.")
        else:
            text = self.tr("The branch uses the shipped text; saving gives it its own.")
        self.source_label.setText(text)
        self.default_button.setEnabled(own)

    def _fill_placeholders(self) -> None:
        self.placeholder_list.clear()
        for name in (*templates.PLACEHOLDERS, *self._fields):
            item = QListWidgetItem("{!" + name + "}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            if name in self._fields:
                item.setToolTip(self.tr("A field the customer fills in when booking"))
            self.placeholder_list.addItem(item)
        # Wide enough for the longest name (custom fields can be long), no side scrolling.
        metrics = self.placeholder_list.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(self.placeholder_list.item(i).text())
            for i in range(self.placeholder_list.count())
        )
        scrollbar = self.placeholder_list.verticalScrollBar().sizeHint().width()
        self.placeholder_list.setMinimumWidth(
            widest + scrollbar + 2 * metrics.horizontalAdvance("M")
        )

    def _set_editor(self, template: Template) -> None:
        self._filling = True
        try:
            self.subject_edit.setText(template.subject)
            self.body_edit.setPlainText(template.body)
        finally:
            self._filling = False
        self._update_preview()

    # -- editing ---------------------------------------------------------------------------

    def draft(self) -> Template:
        return Template(self.subject_edit.text(), self.body_edit.toPlainText())

    def is_dirty(self) -> bool:
        return self.draft() != self._saved

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in (self.subject_edit, self.body_edit):
            self._target = watched
        return super().eventFilter(watched, event)

    def insert_placeholder(self, name: str) -> None:
        """Put ``{!name}`` where the cursor is in the subject or body (the last one used)."""
        text = "{!" + name + "}"
        if self._target is self.subject_edit:
            self.subject_edit.insert(text)
            self.subject_edit.setFocus()
        else:
            self.body_edit.insertPlainText(text)
            self.body_edit.setFocus()

    def _insert_item(self, item: QListWidgetItem) -> None:
        self.insert_placeholder(str(item.data(Qt.ItemDataRole.UserRole)))

    def _edited(self) -> None:
        if self._filling:
            return
        self.status_label.setText(self.tr("Changes not saved.") if self.is_dirty() else "")
        self._update_preview()

    def _update_preview(self) -> None:
        """Fill the draft from the sample; an unknown placeholder is flagged at once (it
        would be refused on saving)."""
        sample = self._sample
        if sample is None:
            return
        if sample.real:
            source = self.tr("Filled from the next appointment: %1, %2.")
        else:
            source = self.tr("No appointment ahead: filled from a made-up one (%1, %2).")
        self.preview_source.setText(
            source.replace("%1", sample.customer).replace("%2", sample.start)
        )
        draft = self.draft()
        self.preview_subject.setText(
            templates.render(draft.subject, sample.context).replace("\n", " ")
        )
        self.preview_body.setPlainText(templates.render(draft.body, sample.context))
        try:
            templates.check_template(draft.subject + "\n" + draft.body, None, self._fields)
        except BookingError as exc:
            self._show_problem(exc.message)
        else:
            self._hide_problem()

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> bool:
        """Store the text as this scope's own template; returns whether it was saved. A
        refusal (unknown placeholder, empty subject...) shows under the editor."""
        if self._kind is None:
            return False
        event, recipient, service_id = self._kind
        draft = self.draft()
        state, branch_id = self._state, self._branch_id

        def work(session: Session) -> None:
            templates.save_template(
                session,
                state.actor(session),
                state.now(),
                event=event,
                recipient=recipient,
                subject=draft.subject,
                body=draft.body,
                branch_id=None if service_id is not None else branch_id,
                service_id=service_id,
            )

        try:
            run_write(state.sessions, work)
        except BookingError as exc:
            self._show_problem(exc.message)
            self.status_label.setText(self.tr("Not saved."))
            return False
        self._kind = None
        self._choice_changed()
        self.status_label.setText(self.tr("Template saved."))
        self.changed.emit()
        return True

    def back_to_default(self) -> bool:
        """Remove this scope's own template; returns whether one was removed."""
        if self._kind is None:
            return False
        event, recipient, service_id = self._kind
        state, branch_id = self._state, self._branch_id

        def work(session: Session) -> bool:
            return remove_template(
                session,
                state.actor(session),
                state.now(),
                event=event,
                recipient=recipient,
                branch_id=branch_id,
                service_id=service_id,
            )

        try:
            removed = run_write(state.sessions, work)
        except BookingError as exc:
            self._show_problem(exc.message)
            return False
        self._drafts.pop(self._kind, None)
        self._kind = None
        self._choice_changed()
        if removed:
            self.status_label.setText(self.tr("Back to the default text."))
            self.changed.emit()
        return removed

    # -- messages --------------------------------------------------------------------------

    def problem(self) -> str:
        """The refusal or warning shown under the editor ("" when none)."""
        return "" if self.problem_label.isHidden() else self.problem_label.text()

    def _show_problem(self, message: str) -> None:
        self.problem_label.setText(message)
        font = self.problem_label.font()
        font.setBold(True)
        self.problem_label.setFont(font)
        self.problem_label.show()

    def _hide_problem(self) -> None:
        self.problem_label.clear()
        self.problem_label.hide()
