"""Add or edit one customer: name, phone, e-mail and notes.

The dialog judges nothing itself: Save calls app.booking.customers.add_customer or
update_customer through ``run_write``, so a customer typed here is held to exactly the
rules an import or the CLI applies. A refusal is shown under the field it is about (an
unreadable phone number under the phone, a missing contact detail under both), the
values typed stay, and the receptionist corrects and saves again. Custom fields are kept
as they are (they come from imports and the branch's setup, not from this form).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.booking.customers import (
    add_customer,
    default_region,
    get_customer,
    phone_display,
    update_customer,
)
from app.booking.errors import BookingError
from app.booking.transactions import run_write
from app.views.desk import DeskState

#: Which fields a refusal code is about (the rest are shown above the buttons).
FIELDS_OF_CODE: dict[str, tuple[str, ...]] = {
    "invalid_name": ("name",),
    "invalid_phone": ("phone",),
    "invalid_email": ("email",),
    "missing_contact": ("phone", "email"),
}


class CustomerEditDialog(QDialog):
    """Edits ``customer_id``, or creates a customer when it is None."""

    #: The id of the customer just saved.
    saved = Signal(int)

    def __init__(
        self, state: DeskState, customer_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.customer_id = customer_id
        self.setWindowTitle(self.tr("New customer") if customer_id is None else self.tr("Customer"))
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Name"))
        self.phone = QLineEdit()
        self.phone.setAccessibleName(self.tr("Phone"))
        self.email = QLineEdit()
        self.email.setAccessibleName(self.tr("E-mail"))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, editor in (
            ("name", self.tr("&Name"), self.name),
            ("phone", self.tr("&Phone"), self.phone),
            ("email", self.tr("&E-mail"), self.email),
            ("notes", self.tr("N&otes"), self.notes),
        ):
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(editor)
            error = QLabel()
            error.setWordWrap(True)
            bold = error.font()
            bold.setBold(True)
            error.setFont(bold)
            error.setAccessibleName(self.tr("Problem with %1").replace("%1", key))
            error.hide()
            box.addWidget(error)
            self.errors[key] = error
            row_label = QLabel(label)
            row_label.setBuddy(editor)
            form.addRow(row_label, box)
        self.general_error = QLabel()
        self.general_error.setWordWrap(True)
        self.general_error.setAccessibleName(self.tr("Problem"))
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName(self.tr("Save customer"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.name, self.phone)
        self.setTabOrder(self.phone, self.email)
        self.setTabOrder(self.email, self.notes)
        if customer_id is not None:
            self._load(customer_id)
        self.resize(self.fontMetrics().averageCharWidth() * 60, self.sizeHint().height())

    def _load(self, customer_id: int) -> None:
        with self.state.sessions() as session:
            customer = get_customer(session, customer_id)
            region = default_region(session)
            self.name.setText(customer.name)
            self.phone.setText(phone_display(customer.phone, region) or "")
            self.email.setText(customer.email or "")
            self.notes.setPlainText(customer.notes or "")

    def clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.clear()
            label.hide()

    def show_error(self, error: BookingError) -> None:
        """Put the refusal under the field(s) it is about and move the focus there."""
        self.clear_errors()
        keys = FIELDS_OF_CODE.get(error.code, ())
        targets = [self.errors[k] for k in keys] or [self.general_error]
        for label in targets:
            label.setText(error.message)
            label.show()
        editors = {"name": self.name, "phone": self.phone, "email": self.email}
        if keys and keys[0] in editors:
            editors[keys[0]].setFocus()
            editors[keys[0]].selectAll()

    def save(self) -> None:
        """Write through the use case; on refusal keep the dialog open with the reason."""
        name, phone, email = self.name.text(), self.phone.text(), self.email.text()
        notes = self.notes.toPlainText()
        state, customer_id = self.state, self.customer_id

        def work(session: Session) -> int:
            actor = state.actor(session)
            if customer_id is None:
                result = add_customer(
                    session,
                    actor,
                    now=state.now(),
                    name=name,
                    phone=phone,
                    email=email,
                    notes=notes,
                )
            else:
                result = update_customer(
                    session,
                    actor,
                    customer_id,
                    now=state.now(),
                    name=name,
                    phone=phone,
                    email=email,
                    notes=notes,
                )
            return result.customer.id

        try:
            saved_id = run_write(self.state.sessions, work)
        except BookingError as exc:
            self.show_error(exc)
            return
        self.clear_errors()
        self.customer_id = saved_id
        self.saved.emit(saved_id)
        self.accept()
