"""The desk's dialogs (booking panel, appointment details) and what they share.

Shared here: :class:`WriteRunner`, which runs one app.booking use case at a time through
``run_write`` on a worker thread and reports back on the GUI thread, sorting the outcome
into success, a refusal (``BookingError``, shown as is) and a bug (logged with its trace,
shown as an apology); :class:`MessageArea`, the visible place where refusals appear;
:class:`FieldError`, a problem shown under the field it concerns. Text on a service's own
colour uses app.views.calendar.style.contrast_text, as the calendar does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QStyle, QWidget
from sqlalchemy.orm import Session, sessionmaker

from app.booking.errors import BookingError
from app.booking.transactions import run_write
from app.views.worker import BackgroundTask

log = logging.getLogger(__name__)


class MessageArea(QFrame):
    """A refusal or a notice, shown in the dialog until the next attempt; hidden when empty.

    Uses the style's warning and information icons and the palette's text colours, so it
    reads in light and dark themes alike.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageArea")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Message"))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QHBoxLayout(self)
        self.icon = QLabel(self)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(self)
        self.text.setObjectName("messageText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        self.kind = ""
        self.hide()

    def show_error(self, message: str) -> None:
        self._show(message, QStyle.StandardPixmap.SP_MessageBoxWarning, "error")

    def show_info(self, message: str) -> None:
        self._show(message, QStyle.StandardPixmap.SP_MessageBoxInformation, "info")

    def clear(self) -> None:
        self.kind = ""
        self.text.clear()
        self.setAccessibleDescription("")
        self.hide()

    def message(self) -> str:
        return "" if self.isHidden() else self.text.text()

    def _show(self, message: str, pixmap: QStyle.StandardPixmap, kind: str) -> None:
        self.kind = kind
        size = self.fontMetrics().height() * 2
        self.icon.setPixmap(self.style().standardIcon(pixmap).pixmap(size, size))
        self.text.setText(message)
        self.setAccessibleDescription(message)
        self.show()


class FieldError(QWidget):
    """A problem with one field, shown right under it with the style's warning icon."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Problem"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.icon = QLabel(self)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        self.hide()

    def set_message(self, message: str) -> None:
        if not message:
            self.label.clear()
            self.setAccessibleDescription("")
            self.hide()
            return
        size = self.fontMetrics().height()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.icon.setPixmap(icon.pixmap(size, size))
        self.label.setText(message)
        self.setAccessibleDescription(message)
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()


class WriteRunner(QObject):
    """One booking write at a time, off the GUI thread, reported on the GUI thread.

    ``start(work)`` runs ``work(session)`` inside ``run_write`` (one transaction, retried
    when PostgreSQL asks). The outcome is reported only after the worker thread has
    stopped, so a dialog may close as soon as it hears of it; ``busy_changed(False)``
    follows the outcome.
    """

    #: The work's return value.
    succeeded = Signal(object)
    #: The BookingError a rule raised: its message is for the receptionist.
    refused = Signal(object)
    #: Any other exception (a bug or the database gone); already logged with its trace.
    crashed = Signal(object)
    #: True while a write runs, False once it is over.
    busy_changed = Signal(bool)

    def __init__(self, sessions: sessionmaker[Session], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._task: BackgroundTask | None = None
        self._outcome: tuple[str, Any] | None = None

    def busy(self) -> bool:
        return self._task is not None

    def start(self, work: Callable[[Session], Any]) -> bool:
        """Start ``work``; False (and nothing started) while another write runs."""
        if self._task is not None:
            return False
        sessions = self._sessions
        task = BackgroundTask(lambda: run_write(sessions, work), self)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self._task = task
        self._outcome = None
        self.busy_changed.emit(True)
        task.start()
        return True

    def wait(self, msecs: int = 30_000) -> None:
        """Block until the running write (if any) is over; its outcome still follows."""
        if self._task is not None:
            self._task.wait(msecs)

    def _succeeded(self, result: object) -> None:
        self._outcome = ("ok", result)

    def _failed(self, exc: object) -> None:
        self._outcome = ("failed", exc)

    def _finished(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.deleteLater()
        outcome, self._outcome = self._outcome, None
        if outcome is not None:
            kind, value = outcome
            if kind == "ok":
                self.succeeded.emit(value)
            elif isinstance(value, BookingError):
                self.refused.emit(value)
            else:
                if isinstance(value, BaseException):
                    log.error("A desk write failed unexpectedly", exc_info=value)
                self.crashed.emit(value)
        # Last, so that whoever waits for the end sees the outcome handled already.
        self.busy_changed.emit(False)
