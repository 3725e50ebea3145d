"""The branch's mail settings: which server sends its e-mails, how, and as whom.

Every value but the password is an ordinary setting (``mail.host``...), checked by the
same validators as the setup file's ``[mail]`` table (app.booking.settings.validate) and
saved through ``change_setting``, so each change is in the audit trail. The password
goes only to the system keyring (app.notify.mailconfig.set_password): the page says
whether one is stored, never reads it back, and clears the field once it is saved.
"Send a test mail" sends through the saved settings on a worker thread and shows the
sender's plain-words answer. A company's own certificate authority is chosen as a PEM
file (``mail.ca_file``); empty means the authorities this computer trusts.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.booking import settings as st
from app.booking.errors import BookingError
from app.booking.permissions import ADMINISTER
from app.booking.transactions import run_write
from app.models import Branch
from app.notify import mailconfig, sender
from app.notify.sender import MailError, SmtpFactory
from app.views.desk import DeskState
from app.views.worker import BackgroundTask

log = logging.getLogger(__name__)

#: The usual port of each kind of protection, offered when the protection changes.
USUAL_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True)
class _Stored:
    """The branch's mail settings as stored, before the desk-wide fallback of from_name."""

    branch_name: str
    values: dict[str, Any]
    password_stored: bool


def _ask_for_ca_file(parent: QWidget, current: str) -> str:
    """The system's file dialog, for certificate files; "" when cancelled."""
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        parent.tr("Certificate authority of the mail server"),
        os.path.dirname(current) if current else "",
        parent.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
    )
    return path


def _read(state: DeskState, branch_id: int) -> _Stored:
    with state.sessions() as session:
        branch = session.get(Branch, branch_id)
        if branch is None:
            raise BookingError(
                "not_found",
                QCoreApplication.translate("MailSettingsPage", "No branch matches %1.").replace(
                    "%1", str(branch_id)
                ),
            )
        values = st.get_many(session, list(st.MAIL_KEYS), branch_id)
        name = branch.name
    return _Stored(name, values, mailconfig.get_password(branch_id) is not None)


class MailSettingsPage(QWidget):
    """Mail server, port, protection, sign-in, sender; Save; Send a test mail."""

    #: After each successful save.
    changed = Signal()
    #: After a test mail: whether it went out, and the message shown.
    test_finished = Signal(bool, str)

    def __init__(
        self,
        state: DeskState,
        branch_id: int,
        parent: QWidget | None = None,
        *,
        smtp_factory: SmtpFactory = sender.connect,
        choose_file: Callable[[QWidget, str], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._branch_id = branch_id
        self._smtp_factory = smtp_factory
        #: Asks for a certificate file (parent, current path) -> the chosen path or "".
        self._choose_file = choose_file or _ask_for_ca_file
        self._stored: _Stored | None = None
        self._task: BackgroundTask | None = None
        self._retired: BackgroundTask | None = None
        self._outcome: tuple[bool, Any] | None = None
        self.setAccessibleName(self.tr("Mail settings"))

        self.host_edit = QLineEdit()
        self.host_edit.setAccessibleName(self.tr("Mail server"))
        self.host_edit.setPlaceholderText(self.tr("smtp.example.com (empty: send no e-mail)"))
        self.port_spin = QSpinBox()
        self.port_spin.setAccessibleName(self.tr("Port"))
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(587)
        self.security_combo = QComboBox()
        self.security_combo.setAccessibleName(self.tr("Connection security"))
        for text, value in (
            (self.tr("STARTTLS (usually port 587)"), "starttls"),
            (self.tr("SSL/TLS from the start (usually port 465)"), "ssl"),
            (self.tr("None: unencrypted (only inside the branch's network)"), "none"),
        ):
            self.security_combo.addItem(text, value)
        self.user_edit = QLineEdit()
        self.user_edit.setAccessibleName(self.tr("User name"))
        self.user_edit.setPlaceholderText(self.tr("empty: the server asks for no sign-in"))
        self.password_edit = QLineEdit()
        self.password_edit.setAccessibleName(self.tr("New password"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("type a new password to replace it"))
        self.password_state = QLabel()
        self.password_state.setAccessibleName(self.tr("Password stored"))
        self.forget_button = QPushButton(self.tr("Remove stored password"))
        self.forget_button.setAccessibleName(self.tr("Remove the stored mail password"))
        self.from_address_edit = QLineEdit()
        self.from_address_edit.setAccessibleName(self.tr("Sender address"))
        self.from_address_edit.setPlaceholderText("desk@branch.example")
        self.from_name_edit = QLineEdit()
        self.from_name_edit.setAccessibleName(self.tr("Sender name"))
        self.ca_file_edit = QLineEdit()
        self.ca_file_edit.setAccessibleName(self.tr("Certificate authority file"))
        self.ca_file_edit.setPlaceholderText(self.tr("empty: the authorities this computer trusts"))
        self.ca_file_button = QPushButton(self.tr("C&hoose…"))
        self.ca_file_button.setAccessibleName(self.tr("Choose the certificate authority file"))

        #: One message label under each field, for the refusals about that field.
        self.problems: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password_edit, 1)
        password_row.addWidget(self.password_state)
        password_row.addWidget(self.forget_button)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file_edit, 1)
        ca_row.addWidget(self.ca_file_button)
        buddies: dict[int, QWidget] = {
            id(password_row): self.password_edit,
            id(ca_row): self.ca_file_edit,
        }
        for caption, field, key in (
            (self.tr("Mail &server:"), self.host_edit, st.MAIL_HOST),
            (self.tr("&Port:"), self.port_spin, st.MAIL_PORT),
            (self.tr("S&ecurity:"), self.security_combo, st.MAIL_SECURITY),
            (self.tr("&User name:"), self.user_edit, st.MAIL_USER),
            (self.tr("Pass&word:"), password_row, "mail.password"),
            (self.tr("Sender &address:"), self.from_address_edit, st.MAIL_FROM_ADDRESS),
            (self.tr("Sender &name:"), self.from_name_edit, st.MAIL_FROM_NAME),
            (self.tr("Cert&ificate authority:"), ca_row, st.MAIL_CA_FILE),
        ):
            label = QLabel(caption)
            label.setBuddy(buddies[id(field)] if isinstance(field, QHBoxLayout) else field)
            problem = QLabel()
            problem.setWordWrap(True)
            problem.setAccessibleName(self.tr("Problem with %1").replace("%1", caption))
            problem.hide()
            self.problems[key] = problem
            box = QVBoxLayout()
            box.setSpacing(0)
            if isinstance(field, QHBoxLayout):
                box.addLayout(field)
            else:
                box.addWidget(field)
            box.addWidget(problem)
            form.addRow(label, box)

        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setAccessibleName(self.tr("Save the mail settings"))
        self.save_button.setDefault(True)
        self.revert_button = QPushButton(self.tr("Undo changes"))
        self.revert_button.setAccessibleName(self.tr("Show the saved mail settings again"))
        self.status_label = QLabel()
        self.status_label.setAccessibleName(self.tr("Mail settings status"))
        self.status_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        self.test_to_edit = QLineEdit()
        self.test_to_edit.setAccessibleName(self.tr("Send the test mail to"))
        self.test_to_edit.setPlaceholderText(self.tr("your.name@example.com"))
        self.test_button = QPushButton(self.tr("Send a &test mail"))
        self.test_button.setAccessibleName(self.tr("Send a test mail"))
        self.test_result = QLabel()
        self.test_result.setAccessibleName(self.tr("Test mail result"))
        self.test_result.setWordWrap(True)
        test_box = QGroupBox(self.tr("Test the saved settings"))
        test_layout = QVBoxLayout(test_box)
        test_row = QHBoxLayout()
        to_label = QLabel(self.tr("Send t&o:"))
        to_label.setBuddy(self.test_to_edit)
        test_row.addWidget(to_label)
        test_row.addWidget(self.test_to_edit, 1)
        test_row.addWidget(self.test_button)
        test_layout.addLayout(test_row)
        test_layout.addWidget(self.test_result)

        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(test_box)
        layout.addStretch(1)

        for first, second in (
            (self.host_edit, self.port_spin),
            (self.port_spin, self.security_combo),
            (self.security_combo, self.user_edit),
            (self.user_edit, self.password_edit),
            (self.password_edit, self.forget_button),
            (self.forget_button, self.from_address_edit),
            (self.from_address_edit, self.from_name_edit),
            (self.from_name_edit, self.ca_file_edit),
            (self.ca_file_edit, self.ca_file_button),
            (self.ca_file_button, self.revert_button),
            (self.revert_button, self.save_button),
            (self.save_button, self.test_to_edit),
            (self.test_to_edit, self.test_button),
        ):
            QWidget.setTabOrder(first, second)

        self._last_security = "starttls"
        self.security_combo.currentIndexChanged.connect(self._security_changed)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.reload)
        self.forget_button.clicked.connect(self.forget_password)
        self.ca_file_button.clicked.connect(self.choose_ca_file)
        self.test_button.clicked.connect(self.send_test)
        self.test_to_edit.returnPressed.connect(self.send_test)
        self.reload()

    # -- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Show the saved settings (a short read; the keyring is only asked whether a
        password exists)."""
        try:
            stored = _read(self._state, self._branch_id)
        except BookingError as exc:
            self._show_status(exc.message, error=True)
            return
        self._stored = stored
        values = stored.values
        self.title.setText(self.tr("E-mail for %1").replace("%1", stored.branch_name))
        self.host_edit.setText(values[st.MAIL_HOST] or "")
        self.port_spin.setValue(int(values[st.MAIL_PORT]))
        self.security_combo.blockSignals(True)
        self.security_combo.setCurrentIndex(
            max(self.security_combo.findData(values[st.MAIL_SECURITY]), 0)
        )
        self.security_combo.blockSignals(False)
        self._last_security = str(self.security_combo.currentData())
        self.user_edit.setText(values[st.MAIL_USER] or "")
        self.password_edit.clear()
        self.from_address_edit.setText(values[st.MAIL_FROM_ADDRESS] or "")
        self.from_name_edit.setText(values[st.MAIL_FROM_NAME] or "")
        self.from_name_edit.setPlaceholderText(
            self.tr("empty: %1").replace("%1", stored.branch_name)
        )
        self.ca_file_edit.setText(values[st.MAIL_CA_FILE] or "")
        self._show_password_state(stored.password_stored)
        self._clear_problems()
        self._show_status("", error=False)

    def _show_password_state(self, stored: bool) -> None:
        self.password_state.setText(
            self.tr("a password is stored") if stored else self.tr("no password stored")
        )
        self.forget_button.setEnabled(stored)

    def _security_changed(self) -> None:
        """Follow the usual port of the new protection, unless someone chose another."""
        new = str(self.security_combo.currentData())
        if self.port_spin.value() == USUAL_PORTS.get(self._last_security):
            self.port_spin.setValue(USUAL_PORTS[new])
        self._last_security = new

    def form_values(self) -> dict[str, Any]:
        """The values as typed, in the form the settings take (empty text: None)."""
        return {
            st.MAIL_HOST: self.host_edit.text().strip() or None,
            st.MAIL_PORT: self.port_spin.value(),
            st.MAIL_SECURITY: str(self.security_combo.currentData()),
            st.MAIL_USER: self.user_edit.text().strip() or None,
            st.MAIL_FROM_ADDRESS: self.from_address_edit.text().strip() or None,
            st.MAIL_FROM_NAME: self.from_name_edit.text().strip() or None,
            st.MAIL_CA_FILE: self.ca_file_edit.text().strip() or None,
        }

    def is_dirty(self) -> bool:
        """Whether the form differs from the saved settings (a typed password counts)."""
        if self._stored is None:
            return False
        return bool(self.password_edit.text()) or self.form_values() != self._stored.values

    # -- saving ----------------------------------------------------------------------------

    def _field_message(self, key: str) -> str:
        """What a receptionist should type, for a value the setting refused."""
        return {
            st.MAIL_HOST: self.tr(
                "Enter a server name such as smtp.example.com (no spaces, no port), "
                "or leave it empty to send no e-mail."
            ),
            st.MAIL_PORT: self.tr("Choose a port from 1 to 65535."),
            st.MAIL_SECURITY: self.tr("Choose how the connection is protected."),
            st.MAIL_USER: self.tr("The user name must be one line of at most 200 characters."),
            st.MAIL_FROM_ADDRESS: self.tr("Enter an e-mail address such as desk@branch.example."),
            st.MAIL_FROM_NAME: self.tr("The name must be one line of at most 200 characters."),
            st.MAIL_CA_FILE: self.tr(
                "Choose the certificate file with Choose…, type its full path, or leave it "
                "empty to trust the authorities of this computer."
            ),
        }.get(key, "")

    def save(self) -> bool:
        """Check every value, then store the changed ones and the new password in one
        go; returns whether it was saved. Refusals show under their field."""
        self._clear_problems()
        if self._stored is None:
            self.reload()
            if self._stored is None:
                return False
        values = self.form_values()
        problems: dict[str, str] = {}
        for key, value in values.items():
            try:
                values[key] = st.validate(key, value)
            except BookingError:
                problems[key] = self._field_message(key)
        password = self.password_edit.text()
        if problems:
            for key, message in problems.items():
                self._show_problem(key, message)
            self._show_status(self.tr("Nothing was saved; see the marked fields."), error=True)
            return False
        before = self._stored.values
        changed = {k: v for k, v in values.items() if v != before.get(k)}
        state, branch_id = self._state, self._branch_id

        def work(session: Session) -> None:
            actor = state.actor(session)
            actor.require(ADMINISTER)
            now = state.now()
            for key, value in changed.items():
                st.change_setting(session, actor, key, value, now, branch_id)
            if password:
                # Last, so that a refused setting leaves the keyring untouched too.
                mailconfig.set_password(session, actor, branch_id, password)

        if not changed and not password:
            self._show_status(self.tr("Nothing to save: no value changed."), error=False)
            return True
        try:
            run_write(state.sessions, work)
        except BookingError as exc:
            refused: object = exc.details.get("key") if isinstance(exc.details, dict) else None
            if exc.code == "keyring_unavailable":
                refused = "mail.password"
            if isinstance(refused, str) and refused in self.problems:
                self._show_problem(refused, exc.message)
            self._show_status(exc.message, error=True)
            return False
        self.reload()
        self._show_status(self.tr("Mail settings saved.") + self._caveat(values), error=False)
        self.changed.emit()
        return True

    def _caveat(self, values: dict[str, Any]) -> str:
        """What the saved values still leave out, said after "saved" (not a refusal: the
        setup file accepts the same values)."""
        if values[st.MAIL_HOST] is None:
            return " " + self.tr("No mail server: the branch sends no e-mail.")
        if values[st.MAIL_FROM_ADDRESS] is None:
            return " " + self.tr("E-mail stays off until a sender address is set.")
        ca_file = values[st.MAIL_CA_FILE]
        if ca_file is not None and not os.path.isfile(ca_file):
            return " " + self.tr(
                "The certificate file %1 is not on this computer: e-mails wait until it is."
            ).replace("%1", ca_file)
        stored = self._stored
        if values[st.MAIL_USER] is None and stored is not None and stored.password_stored:
            return " " + self.tr("Without a user name the stored password is not used.")
        return ""

    def choose_ca_file(self) -> None:
        """Ask for the PEM file of the company's certificate authority; the path goes into
        the field (saved with the other values)."""
        chosen = self._choose_file(self, self.ca_file_edit.text().strip())
        if chosen:
            self.ca_file_edit.setText(os.path.abspath(chosen))
            self.ca_file_edit.setFocus()

    def forget_password(self) -> bool:
        """Remove the stored password from the keyring; returns whether it was removed."""
        state, branch_id = self._state, self._branch_id

        def work(session: Session) -> None:
            mailconfig.set_password(session, state.actor(session), branch_id, "")

        self._clear_problems()
        try:
            run_write(state.sessions, work)
        except BookingError as exc:
            self._show_problem("mail.password", exc.message)
            return False
        self._show_password_state(False)
        self._show_status(self.tr("The mail password was removed."), error=False)
        return True

    # -- test mail -------------------------------------------------------------------------

    def send_test(self) -> None:
        """Send a test mail through the saved settings, off the GUI thread;
        ``test_finished`` tells how it went."""
        if self._task is not None:
            return
        to = self.test_to_edit.text().strip()
        if "@" not in to or any(c.isspace() for c in to):
            self._finish_test(False, self.tr("Enter the address to send the test mail to."))
            return
        if self.is_dirty():
            self._finish_test(
                False, self.tr("Save your changes first: the test uses the saved settings.")
            )
            return
        state, branch_id, factory = self._state, self._branch_id, self._smtp_factory
        try:
            with state.sessions() as session:
                state.actor(session).require(ADMINISTER)
                config = mailconfig.load(session, branch_id)
        except BookingError as exc:
            self._finish_test(False, exc.message)
            return
        now = state.now()
        task = BackgroundTask(lambda: sender.send_test(config, to, now, factory), self)
        self._task = task
        self._outcome = None
        self.test_button.setEnabled(False)
        self.test_result.setText(
            self.tr("Sending a test mail through %1…").replace("%1", config.where)
        )
        task.succeeded.connect(lambda value: setattr(self, "_outcome", (True, value)))
        task.failed.connect(lambda exc: setattr(self, "_outcome", (False, exc)))
        task.finished.connect(lambda: self._test_done(to, config.where))
        task.start()

    def _test_done(self, to: str, where: str) -> None:
        task, self._task = self._task, None
        if task is not None:
            previous, self._retired = self._retired, task
            if previous is not None:
                previous.wait()
                previous.setParent(None)
        self.test_button.setEnabled(True)
        outcome, self._outcome = self._outcome, None
        if outcome is None:
            return
        ok, value = outcome
        if ok:
            text = self.tr("The test mail was sent to %1 through %2. Check that it arrived.")
            self._finish_test(True, text.replace("%1", to).replace("%2", where))
        elif isinstance(value, MailError):
            self._finish_test(False, value.message)
        else:
            log.error("The test mail failed", exc_info=value)
            self._finish_test(False, self.tr("The test mail could not be sent."))

    def _finish_test(self, ok: bool, message: str) -> None:
        self.test_result.setText(message)
        font = self.test_result.font()
        font.setBold(not ok)
        self.test_result.setFont(font)
        self.test_finished.emit(ok, message)

    def wait(self, msecs: int = 30_000) -> None:
        """Wait for a running test mail (before the widget goes away)."""
        if self._task is not None:
            self._task.wait(msecs)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.wait()
        super().closeEvent(event)

    # -- messages --------------------------------------------------------------------------

    def _show_problem(self, key: str, message: str) -> None:
        label = self.problems[key]
        label.setText(message)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.show()

    def _clear_problems(self) -> None:
        for label in self.problems.values():
            label.clear()
            label.hide()

    def problem(self, key: str) -> str:
        """The refusal shown under the field of ``key`` ("" when none)."""
        label = self.problems.get(key)
        return label.text() if label is not None and not label.isHidden() else ""

    def _show_status(self, text: str, *, error: bool) -> None:
        self.status_label.setText(text)
        font = self.status_label.font()
        font.setBold(error)
        self.status_label.setFont(font)
