"""Signing in at the desk, and deciding whether the desk needs it at all.

A desk on its own local database runs in single-desk mode: nobody signs in and the
built-in ``desk`` user acts. As soon as the database holds an active user with a password
(an administrator gave someone an account), every start asks who is there. Checking the
password, recording the sign-in and deciding how long a person waits after repeated
failures all belong to app.booking.users; this dialog only asks, shows the answer in plain
words (never which of the two fields was wrong) and waits as it is told.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import exists, select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import users
from app.booking.errors import BookingError
from app.booking.permissions import DESK_USERNAME, Actor
from app.clock import Clock
from app.models import User
from app.views.desk import DeskState
from app.views.dialogs import MessageArea, WriteRunner


def needs_sign_in(session: Session) -> bool:
    """True once an active user has a password: from then on the desk asks who is there.

    Until then (the default local database, a fresh shared server) the desk runs in
    single-desk mode as the built-in ``desk`` user, because nobody could sign in anyway.
    """
    query = select(exists().where(User.active.is_(True), User.password_hash.is_not(None)))
    return bool(session.scalar(query))


class SignInDialog(QDialog):
    """Asks for a user name and password and signs in through app.booking.users.sign_in.

    On success it emits :attr:`signed_in` with the :class:`Actor` and is accepted; the
    user name to act as is then :meth:`username`. A failure keeps the user name, clears
    the password and, after a few failures in a row, keeps the button off for as long as
    ``users.sign_in_wait`` says.
    """

    #: The Actor who signed in (their user name, role and permissions).
    signed_in = Signal(object)

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._failures = 0
        self._actor: Actor | None = None
        self.setWindowTitle(self.tr("Sign in to Front Desk"))
        self.setAccessibleName(self.tr("Sign in"))

        intro = QLabel(self.tr("Please sign in with your user name and password."), self)
        intro.setWordWrap(True)
        self.username_edit = QLineEdit(self)
        self.username_edit.setAccessibleName(self.tr("User name"))
        self.username_edit.setMaxLength(users.USERNAME_MAX)
        self.password_edit = QLineEdit(self)
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(users.MAX_PASSWORD_LENGTH)
        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.username_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)

        self.message = MessageArea(self)
        self.buttons = QDialogButtonBox(self)
        self.sign_in_button = self.buttons.addButton(
            self.tr("&Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setAccessibleName(self.tr("Sign in"))
        self.sign_in_button.setDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.username_edit, self.password_edit)
        self.setTabOrder(self.password_edit, self.sign_in_button)
        self.setTabOrder(self.sign_in_button, cancel)

        self._runner = WriteRunner(sessions, self)
        self._runner.succeeded.connect(self._succeeded)
        self._runner.refused.connect(self._refused)
        self._runner.crashed.connect(self._crashed)
        self._runner.busy_changed.connect(self._busy)
        #: Turns the button back on once the wait after repeated failures is over.
        self.wait_timer = QTimer(self)
        self.wait_timer.setSingleShot(True)
        self.wait_timer.timeout.connect(self._wait_over)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 52)
        self.username_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def actor(self) -> Actor | None:
        """Who signed in, once the dialog was accepted."""
        return self._actor

    def username(self) -> str | None:
        """The user name to act as, once the dialog was accepted."""
        return None if self._actor is None else self._actor.username

    def failures(self) -> int:
        """Failed tries in a row since the dialog opened."""
        return self._failures

    def try_sign_in(self) -> None:
        """Check the user name and password (on a worker thread: argon2 takes a moment)."""
        if self._runner.busy() or self.wait_timer.isActive():
            return
        name = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not name or not password:
            self.message.show_error(self.tr("Enter your user name and your password."))
            (self.username_edit if not name else self.password_edit).setFocus()
            return
        self.message.clear()
        now = self._clock()
        self._runner.start(lambda session: users.sign_in(session, name, password, now))

    def done(self, result: int) -> None:
        """Closing waits for a running check, so no worker outlives the dialog."""
        self._runner.wait()
        super().done(result)

    def _succeeded(self, actor: object) -> None:
        assert isinstance(actor, Actor)
        self._actor = actor
        self._failures = 0
        self.password_edit.clear()
        self.signed_in.emit(actor)
        self.accept()

    def _refused(self, error: object) -> None:
        assert isinstance(error, BookingError)
        self._failures += 1
        self.password_edit.clear()
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        wait = users.sign_in_wait(self._failures)
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            if seconds == 1:
                pause = self.tr("Too many tries: please wait a second before the next.")
            else:
                pause = self.tr("Too many tries: please wait %1 seconds before the next.").replace(
                    "%1", str(seconds)
                )
            self.message.show_error(f"{error.message} {pause}")
            self.sign_in_button.setEnabled(False)
            self.wait_timer.start(int(wait * 1000))
        else:
            self.message.show_error(error.message)

    def _crashed(self, _error: object) -> None:
        self.password_edit.clear()
        self.message.show_error(
            self.tr(
                "Signing in did not work because of a problem with the database. "
                "Try again; if it keeps happening, call your administrator."
            )
        )

    def _busy(self, busy: bool) -> None:
        self.sign_in_button.setEnabled(not busy and not self.wait_timer.isActive())
        self.username_edit.setReadOnly(busy)
        self.password_edit.setReadOnly(busy)

    def _wait_over(self) -> None:
        self.sign_in_button.setEnabled(not self._runner.busy())


def sign_in_at_start(
    state_or_sessions: DeskState | sessionmaker[Session],
    clock: Clock,
    parent: QWidget | None = None,
) -> str | None:
    """The user name the desk acts as: ``desk`` in single-desk mode, else whoever signs
    in; None when the person cancelled (the desk should then not open)."""
    if isinstance(state_or_sessions, DeskState):
        sessions = state_or_sessions.sessions
    else:
        sessions = state_or_sessions
    with sessions() as session:
        if not needs_sign_in(session):
            return DESK_USERNAME
    dialog = SignInDialog(sessions, clock, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.username()
    finally:
        dialog.deleteLater()
