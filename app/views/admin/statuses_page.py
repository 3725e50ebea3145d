"""Appointment statuses: the built-in ones for context, and custom ones to add and edit.

Statuses are shared by every branch; what a page of one branch says about services speaks
for that branch's services only (``define_status`` with ``branch_id``), so links to other
branches' services are kept. Every write goes through ``app.booking.statuses.define_status``
(the same checks as a setup file's ``[[statuses]]``), and a refusal is shown under the
field it concerns. A new status whose key is already taken is refused here, inside the
write's transaction, instead of silently redefining the existing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking import statuses
from app.booking.errors import BookingError
from app.booking.statuses import StatusInfo
from app.models import Service
from app.views.admin.forms import ColorPicker, Labeled, help_label, sentence
from app.views.desk import DeskState
from app.views.dialogs import MessageArea, WriteRunner

KEY_ROLE = Qt.ItemDataRole.UserRole

#: Which field a refusal of ``define_status`` concerns, by its code.
FIELD_OF_CODE = {
    "invalid_status_key": "key",
    "builtin_status": "key",
    "duplicate_status_key": "key",
    "invalid_status_name": "name",
    "invalid_status_description": "description",
    "invalid_position": "position",
    "unknown_predicate": "predicate",
    "invalid_color": "color",
    "slot_taken": "blocks_time",
    "not_found": "services",
}


@dataclass(frozen=True)
class BranchService:
    id: int
    name: str
    active: bool


class StatusesPage(QWidget):
    """List every status; add and edit custom ones. ``changed`` follows each save."""

    changed = Signal()
    #: Emitted when a save is over: True when it was written, False when refused.
    save_finished = Signal(bool)

    def __init__(self, state: DeskState, branch_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.branch_id = branch_id
        self._statuses: dict[str, StatusInfo] = {}
        self._services: list[BranchService] = []
        #: The key of the custom status in the form; None while a new one is typed.
        self._editing: str | None = None
        self._baseline: dict[str, Any] = {}
        self._filling = False
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
        title = QLabel(self.tr("Appointment statuses"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        outer.addWidget(title)
        outer.addWidget(
            help_label(
                self.tr(
                    "Statuses are shared by every branch. The seven built-in statuses are "
                    "shown for reference and cannot be changed; add statuses of your own "
                    "beside them."
                ),
                self,
            )
        )
        self.message = MessageArea(self)
        outer.addWidget(self.message)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(splitter, 1)

        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget(left)
        self.tree.setAccessibleName(self.tr("Statuses"))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels(
            [self.tr("Status"), self.tr("Key"), self.tr("Meaning"), self.tr("Appointments")]
        )
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._current_changed)
        left_layout.addWidget(self.tree)
        self.new_button = QPushButton(self.tr("&New status"), left)
        self.new_button.setAccessibleName(self.tr("Add a new status"))
        self.new_button.clicked.connect(self.new_status)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_button)
        new_row.addStretch(1)
        left_layout.addLayout(new_row)

        self.editor = QGroupBox(self.tr("Status"), splitter)
        form = QFormLayout(self.editor)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.builtin_note = help_label(
            self.tr("A built-in status: its meaning is part of the booking rules."), self.editor
        )
        form.addRow(self.builtin_note)

        self.key_edit = QLineEdit(self.editor)
        self.key_edit.setAccessibleName(self.tr("Status key"))
        self.key_edit.setMaxLength(statuses.KEY_MAX)
        self.key_edit.setPlaceholderText("awaiting_documents")
        self.key_row = Labeled(
            self.key_edit,
            self.tr(
                "Used by scripts and the command line: lower-case letters and digits, "
                "words joined by - or _. It cannot be changed once saved."
            ),
            self.editor,
        )
        form.addRow(self.tr("&Key:"), self.key_row)

        self.name_edit = QLineEdit(self.editor)
        self.name_edit.setAccessibleName(self.tr("Status name"))
        self.name_edit.setMaxLength(statuses.NAME_MAX)
        self.name_row = Labeled(self.name_edit, self.tr("What people see."), self.editor)
        form.addRow(self.tr("&Name:"), self.name_row)

        self.description_edit = QPlainTextEdit(self.editor)
        self.description_edit.setAccessibleName(self.tr("Status description"))
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.description_row = Labeled(
            self.description_edit, self.tr("A sentence on what the status means."), self.editor
        )
        form.addRow(self.tr("&Description:"), self.description_row)

        self.position_spin = QSpinBox(self.editor)
        self.position_spin.setAccessibleName(self.tr("Status position"))
        self.position_spin.setRange(0, statuses.POSITION_MAX)
        self.position_spin.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 14)
        self.position_row = Labeled(
            self.position_spin,
            self.tr("Its place in status lists; the built-in statuses are 1 to 7."),
            self.editor,
        )
        form.addRow(self.tr("&Position:"), self.position_row)

        self.predicate_combo = QComboBox(self.editor)
        self.predicate_combo.setAccessibleName(self.tr("What moving to the status means"))
        self._predicate_help = {
            None: self.tr("Moving to this status has no special effect."),
            "start": self.tr(
                "New bookings of services that need approval begin in the first such status; "
                "a manager confirms them."
            ),
            "confirmation": self.tr(
                "Moving here confirms the appointment (from a start status this needs the "
                "approve permission); bookings of other services begin in the first such "
                "status."
            ),
            "cancellation": self.tr(
                "Moving here cancels the appointment: a reason is required and the "
                "service's cancellation rule applies."
            ),
        }
        self.predicate_combo.addItem(self.tr("No special meaning"), None)
        self.predicate_combo.addItem(self.tr("Start: awaits confirmation"), "start")
        self.predicate_combo.addItem(self.tr("Confirmation: confirms"), "confirmation")
        self.predicate_combo.addItem(self.tr("Cancellation: cancels"), "cancellation")
        self.predicate_row = Labeled(self.predicate_combo, " ", self.editor)
        self.predicate_combo.currentIndexChanged.connect(self._predicate_changed)
        form.addRow(self.tr("&Meaning:"), self.predicate_row)

        self.color_picker = ColorPicker(
            accessible_name=self.tr("Status colour"), parent=self.editor
        )
        self.color_picker.color_changed.connect(lambda _c: self._update_buttons())
        self.color_row = Labeled(
            self.color_picker, self.tr("The status's colour in the calendar."), self.editor
        )
        form.addRow(self.tr("Colour:"), self.color_row)

        self.blocks_box = QCheckBox(self.tr("Keeps the agent's time taken"), self.editor)
        self.blocks_box.setAccessibleName(self.tr("Appointments in this status take the time"))
        self.blocks_box.toggled.connect(lambda _on: self._update_buttons())
        self.blocks_row = Labeled(
            self.blocks_box,
            self.tr("Untick for statuses whose appointments free the agent's time."),
            self.editor,
        )
        form.addRow(self.tr("Agent's time:"), self.blocks_row)

        services_box = QWidget(self.editor)
        self._services_layout = QVBoxLayout(services_box)
        self._services_layout.setContentsMargins(0, 0, 0, 0)
        self.all_services_box = QCheckBox(self.tr("Every service of every branch"), services_box)
        self.all_services_box.setAccessibleName(self.tr("Used with every service"))
        self.all_services_box.toggled.connect(self._all_services_toggled)
        self._services_layout.addWidget(self.all_services_box)
        self.service_boxes: dict[int, QCheckBox] = {}
        services_box.setFocusProxy(self.all_services_box)
        self.services_row = Labeled(
            services_box,
            self.tr(
                "Untick it to use the status only with the services ticked above (this "
                "branch's; other branches choose their own)."
            ),
            self.editor,
        )
        form.addRow(self.tr("Used with:"), self.services_row)

        actions = QHBoxLayout()
        actions.addStretch(1)
        self.revert_button = QPushButton(self.tr("&Revert"), self.editor)
        self.revert_button.setAccessibleName(self.tr("Revert the changes"))
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton(self.tr("&Save"), self.editor)
        self.save_button.setAccessibleName(self.tr("Save the status"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)
        form.addRow(actions)

        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.key_edit.textChanged.connect(lambda _t: self._update_buttons())
        self.name_edit.textChanged.connect(lambda _t: self._update_buttons())
        self.description_edit.textChanged.connect(self._update_buttons)
        self.position_spin.valueChanged.connect(lambda _v: self._update_buttons())

        self._fields: dict[str, Labeled] = {
            "key": self.key_row,
            "name": self.name_row,
            "description": self.description_row,
            "position": self.position_row,
            "predicate": self.predicate_row,
            "color": self.color_row,
            "blocks_time": self.blocks_row,
            "services": self.services_row,
        }
        self._inputs: list[QWidget] = [
            self.key_edit,
            self.name_edit,
            self.description_edit,
            self.position_spin,
            self.predicate_combo,
            self.color_picker,
            self.blocks_box,
            self.all_services_box,
        ]
        self.setTabOrder(self.tree, self.new_button)
        self.setTabOrder(self.new_button, self.key_edit)

    # -- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the statuses and the branch's services again; select what was selected."""
        keep = self._editing
        with self.state.sessions() as session:
            found = statuses.list_statuses(session)
            services = [
                BranchService(s.id, s.name, s.active)
                for s in session.scalars(
                    select(Service)
                    .where(Service.branch_id == self.branch_id)
                    .order_by(Service.active.desc(), Service.position, Service.id)
                )
            ]
        self._statuses = {s.key: s for s in found}
        self._set_services(services)
        self._fill_tree(found)
        target = keep if keep in self._statuses else None
        if target is None:
            target = next((s.key for s in found if not s.builtin), found[0].key if found else None)
        if target is not None:
            self.select_status(target)
        else:
            self.new_status()

    def _set_services(self, services: list[BranchService]) -> None:
        for box in self.service_boxes.values():
            self._services_layout.removeWidget(box)
            box.deleteLater()
        self.service_boxes = {}
        self._services = services
        parent = self.all_services_box.parentWidget()
        previous: QWidget = self.all_services_box
        for service in services:
            text = (
                service.name
                if service.active
                else self.tr("%1 (inactive)").replace("%1", service.name)
            )
            box = QCheckBox(text, parent)
            box.setAccessibleName(self.tr("Used with %1").replace("%1", service.name))
            box.toggled.connect(lambda _on: self._update_buttons())
            self._services_layout.addWidget(box)
            self.service_boxes[service.id] = box
            self.setTabOrder(previous, box)
            previous = box
        self._inputs = [w for w in self._inputs if not isinstance(w, QCheckBox)] + [
            self.blocks_box,
            self.all_services_box,
            *self.service_boxes.values(),
        ]

    def _fill_tree(self, found: list[StatusInfo]) -> None:
        self.tree.blockSignals(True)
        try:
            self.tree.clear()
            side = self.fontMetrics().height()
            meanings = {
                None: "",
                "start": self.tr("Start"),
                "confirmation": self.tr("Confirmation"),
                "cancellation": self.tr("Cancellation"),
            }
            for status in found:
                name = status.name
                if status.builtin:
                    name = self.tr("%1 (built-in)").replace("%1", status.name)
                item = QTreeWidgetItem(
                    [name, status.key, meanings.get(status.predicate, ""), str(status.appointments)]
                )
                item.setData(0, KEY_ROLE, status.key)
                if status.color:
                    pixmap = QPixmap(side, side)
                    pixmap.fill(QColor(status.color))
                    item.setIcon(0, QIcon(pixmap))
                item.setTextAlignment(
                    3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                if status.description:
                    item.setToolTip(0, status.description)
                if status.builtin:
                    item.setForeground(0, self.palette().placeholderText())
                self.tree.addTopLevelItem(item)
        finally:
            self.tree.blockSignals(False)

    # -- selecting -------------------------------------------------------------------------

    def select_status(self, key: str) -> None:
        """Show the status ``key`` in the form (read-only when it is built in)."""
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, KEY_ROLE) == key:
                self.tree.blockSignals(True)
                self.tree.setCurrentItem(item)
                self.tree.blockSignals(False)
                break
        status = self._statuses[key]
        self._editing = key
        self._fill(status)

    def _current_changed(
        self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None
    ) -> None:
        if current is None:
            return
        key = str(current.data(0, KEY_ROLE))
        if key != self._editing and self.is_dirty() and not self._discard_asked():
            # Stay on the status being edited; its changes are kept.
            if previous is not None:
                self.tree.blockSignals(True)
                self.tree.setCurrentItem(previous)
                self.tree.blockSignals(False)
            return
        self.select_status(key)

    def _discard_asked(self) -> bool:
        """Ask before unsaved changes are dropped by picking another status."""
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("The status you are editing has unsaved changes. Drop them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def new_status(self) -> None:
        """Clear the form for a new custom status, placed after every other status."""
        self.tree.blockSignals(True)
        self.tree.clearSelection()
        self.tree.setCurrentIndex(QModelIndex())
        self.tree.blockSignals(False)
        self._editing = None
        last = max((s.position for s in self._statuses.values()), default=0)
        self._fill(None, position=min(last + 1, statuses.POSITION_MAX))
        self.key_edit.setFocus()

    def _fill(self, status: StatusInfo | None, position: int = 0) -> None:
        self._filling = True
        try:
            builtin = status is not None and status.builtin
            self.editor.setTitle(
                self.tr("New status")
                if status is None
                else self.tr("Status: %1").replace("%1", status.name)
            )
            self.builtin_note.setVisible(builtin)
            self.key_edit.setText("" if status is None else status.key)
            self.name_edit.setText("" if status is None else status.name)
            self.description_edit.setPlainText("" if status is None else status.description)
            self.position_spin.setValue(position if status is None else status.position)
            predicate = None if status is None else status.predicate
            self.predicate_combo.setCurrentIndex(max(self.predicate_combo.findData(predicate), 0))
            self.color_picker.set_color(None if status is None else status.color)
            self.blocks_box.setChecked(True if status is None else status.blocks_time)
            every = True if status is None else status.all_services
            linked = set() if status is None else {s.id for s in status.services}
            self.all_services_box.setChecked(every)
            for service_id, box in self.service_boxes.items():
                box.setChecked(every or service_id in linked)
            for widget in self._inputs:
                widget.setEnabled(not builtin)
            self.key_edit.setReadOnly(status is not None)
            self._all_services_toggled(every)
            self._predicate_changed()
        finally:
            self._filling = False
        self._clear_problems()
        self._baseline = self.form_values()
        self._update_buttons()

    def _all_services_toggled(self, every: bool) -> None:
        builtin = self._is_builtin()
        for box in self.service_boxes.values():
            box.setEnabled(not every and not builtin)
            if every:
                box.setChecked(True)
        self._update_buttons()

    def _predicate_changed(self, _index: int = 0) -> None:
        help_line = self.predicate_row.help
        if help_line is not None:
            help_line.setText(self._predicate_help.get(self.predicate_combo.currentData(), ""))
        self._update_buttons()

    def _is_builtin(self) -> bool:
        status = self._statuses.get(self._editing or "")
        return status is not None and status.builtin

    # -- the form's value ------------------------------------------------------------------

    def form_values(self) -> dict[str, Any]:
        """What the form holds, as ``define_status`` takes it."""
        every = self.all_services_box.isChecked()
        return {
            "key": self.key_edit.text().strip(),
            "name": self.name_edit.text().strip(),
            "description": self.description_edit.toPlainText().strip(),
            "position": self.position_spin.value(),
            "predicate": self.predicate_combo.currentData(),
            "color": self.color_picker.color(),
            "blocks_time": self.blocks_box.isChecked(),
            "service_ids": None
            if every
            else [i for i, box in self.service_boxes.items() if box.isChecked()],
        }

    def is_dirty(self) -> bool:
        return self.form_values() != self._baseline

    def _update_buttons(self) -> None:
        if self._filling:
            return
        editable = not self._is_builtin()
        busy = self.runner.busy()
        dirty = self.is_dirty()
        new = self._editing is None
        self.save_button.setEnabled(editable and not busy and (dirty or new))
        self.revert_button.setEnabled(editable and not busy and dirty)
        self.new_button.setEnabled(not busy)

    # -- saving ------------------------------------------------------------------------------

    def revert(self) -> None:
        """Show the selected status as last read again (or an empty form for a new one)."""
        self.message.clear()
        if self._editing is None:
            self.new_status()
        else:
            self.select_status(self._editing)

    def save(self) -> None:
        """Create the new status or update the selected one, off the GUI thread."""
        if self._is_builtin() or self.runner.busy():
            return
        self._clear_problems()
        self.message.clear()
        values = self.form_values()
        creating = self._editing is None
        state, branch_id = self.state, self.branch_id
        taken = self.tr(
            'A status with the key "%1" exists already; choose another key, or select that '
            "status in the list to change it."
        ).replace("%1", values["key"])

        def work(session: Session) -> str:
            key = values["key"]
            if creating and key and key not in statuses.BUILTIN_KEYS:
                try:
                    statuses.by_key(session, key)
                except BookingError:
                    pass  # not taken
                else:
                    raise BookingError("duplicate_status_key", taken, {"key": key})
            done = statuses.define_status(
                session,
                state.actor(session),
                key,
                values["name"],
                description=values["description"],
                position=values["position"],
                predicate=values["predicate"],
                color=values["color"],
                blocks_time=values["blocks_time"],
                service_ids=values["service_ids"],
                branch_id=branch_id,
                now=state.now(),
            )
            return done.status.key

        self.runner.start(work)

    def _saved(self, key: object) -> None:
        self._editing = str(key)
        self.reload()
        self.message.show_info(
            self.tr("The status %1 is saved.").replace("%1", self._statuses[str(key)].name)
        )
        self.changed.emit()
        self.save_finished.emit(True)

    def _refused(self, exc: object) -> None:
        assert isinstance(exc, BookingError)
        field = FIELD_OF_CODE.get(exc.code)
        if field is not None:
            row = self._fields[field]
            row.set_error(sentence(exc.message))
            row.field.setFocus()
        else:
            self.message.show_error(exc.message)
        self._update_buttons()
        self.save_finished.emit(False)

    def _crashed(self, _exc: object) -> None:
        self.message.show_error(
            self.tr("The status could not be saved because of an unexpected error; it is logged.")
        )
        self._update_buttons()
        self.save_finished.emit(False)

    def _clear_problems(self) -> None:
        for row in self._fields.values():
            row.set_error("")

    def problem(self, field: str) -> str:
        """The problem shown under ``field`` ("key", "name", "color"...), or ""."""
        return self._fields[field].error.text()
