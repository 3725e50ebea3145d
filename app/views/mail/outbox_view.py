"""The mail outbox screen: every e-mail the desk queued, its state, and why one failed.

The list is newest first over a lazy model of ids (app.views.mail.outbox_model): the ids
and the counts per state are read on a worker thread, the rows a block at a time as the
table scrolls, so a queue of 100,000 mails stays quick. A failed mail shows the reason
the sender recorded (already in plain words, never with the password). "Retry" puts the
selected failed mails back in the queue (app.notify.outbox.retry, same permission as
``frontdesk outbox retry``); "Send now" sends what is due (app.notify.sender.send_due)
on a worker thread, as ``frontdesk outbox flush`` does. :func:`failed_count` lets the
main window show how many mails need attention.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.booking.errors import BookingError
from app.booking.permissions import ADMINISTER
from app.booking.transactions import run_write
from app.models import OutboxItem
from app.notify import outbox, sender
from app.notify.sender import SendReport, SmtpFactory
from app.views.desk import DeskState
from app.views.mail.outbox_model import (
    MailRow,
    OutboxTableModel,
    count_by_state,
    find_ids,
    mail_loader,
)
from app.views.worker import BackgroundTask

log = logging.getLogger(__name__)


def failed_count(session: Session) -> int:
    """How many queued e-mails failed for good and wait for someone to retry them."""
    query = select(func.count()).where(OutboxItem.kind == outbox.KIND, OutboxItem.state == "failed")
    return int(session.scalar(query) or 0)


@dataclass(frozen=True)
class _Reading:
    state: str | None
    ids: list[int]
    counts: dict[str, int]


class OutboxView(QWidget):
    """The mail outbox, filtered by state, with Retry and Send now."""

    #: After each read of the outbox: how many mails match the filter.
    refreshed = Signal(int)
    #: After each read: how many mails failed (for a badge in the main window).
    failed_count_changed = Signal(int)
    #: After "Send now" finished, with the app.notify.sender.SendReport.
    sending_finished = Signal(object)
    #: After Retry put mails back in the queue, with their ids.
    retried = Signal(list)
    #: A read, retry or send was refused or failed, with the message shown.
    failed = Signal(str)

    def __init__(
        self,
        state: DeskState,
        parent: QWidget | None = None,
        *,
        smtp_factory: SmtpFactory = sender.connect,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._smtp_factory = smtp_factory
        self._read_task: BackgroundTask | None = None
        self._read_outcome: tuple[bool, Any] | None = None
        self._again = False
        self._send_task: BackgroundTask | None = None
        self._send_outcome: tuple[bool, Any] | None = None
        self._shown_once = False
        self._retired: BackgroundTask | None = None
        self._counts: dict[str, int] = {}
        #: What the last retry or sending did, shown with the counts of the next read.
        self._note: tuple[str, bool] | None = None
        self.setAccessibleName(self.tr("Mail outbox"))

        self.state_combo = QComboBox()
        self.state_combo.setAccessibleName(self.tr("Show mails in state"))
        for text, value in (
            (self.tr("All mails"), ""),
            (self.tr("Waiting"), "pending"),
            (self.tr("Failed"), "failed"),
            (self.tr("Sent"), "sent"),
            (self.tr("Cancelled"), "cancelled"),
        ):
            self.state_combo.addItem(text, value)
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.setAccessibleName(self.tr("Read the outbox again"))
        self.retry_button = QPushButton(self.tr("&Retry"))
        self.retry_button.setAccessibleName(self.tr("Retry the selected failed mails"))
        self.retry_button.setToolTip(self.tr("Put the selected failed mails back in the queue"))
        self.retry_button.setEnabled(False)
        self.send_button = QPushButton(self.tr("Send &now"))
        self.send_button.setAccessibleName(self.tr("Send the waiting mails now"))
        self.status_label = QLabel()
        self.status_label.setAccessibleName(self.tr("Outbox status"))
        self.status_label.setWordWrap(True)

        top = QHBoxLayout()
        caption = QLabel(self.tr("&Show:"))
        caption.setBuddy(self.state_combo)
        top.addWidget(caption)
        top.addWidget(self.state_combo)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.retry_button)
        top.addWidget(self.send_button)

        self.model = OutboxTableModel(mail_loader(state.sessions), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Queued mails"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(OutboxTableModel.PROBLEM, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        # Compact rows and column widths from the font, so they scale with the system's.
        self.table.verticalHeader().setDefaultSectionSize(int(metrics.height() * 1.5))
        pad = 2 * metrics.horizontalAdvance("M")
        horizontal = Qt.Orientation.Horizontal
        for column, sample in (
            (OutboxTableModel.STATE, self.model.state_text("cancelled")),
            (OutboxTableModel.TO, "firstname.last@example.com"),
            (OutboxTableModel.SUBJECT, "New appointment: Account"),
            (
                OutboxTableModel.APPOINTMENT,
                "Account opening – Firstname Last, 2026-11-23",
            ),
            (
                OutboxTableModel.ATTEMPTS,
                str(self.model.headerData(OutboxTableModel.ATTEMPTS, horizontal)),
            ),
            (OutboxTableModel.NEXT, self.model.tr("sent %1").replace("%1", "2026-11-23 10:00")),
        ):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + pad)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.detail_label = QLabel(self.tr("Select a mail to see what happened to it."))
        self.detail_label.setAccessibleName(self.tr("Selected mail"))
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_label)

        for first, second in (
            (self.state_combo, self.refresh_button),
            (self.refresh_button, self.retry_button),
            (self.retry_button, self.send_button),
            (self.send_button, self.table),
        ):
            QWidget.setTabOrder(first, second)

        self.state_combo.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.retry_button.clicked.connect(self.retry_selected)
        self.send_button.clicked.connect(self.send_now)
        self._refresh_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        self._refresh_key.activated.connect(self.refresh)

    # -- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the matching ids and the counts again, off the GUI thread; ``refreshed``
        or ``failed`` tells when it is done. A refresh asked for during a read runs after
        it, with the filter as it is then."""
        if self._read_task is not None:
            self._again = True
            return
        wanted = str(self.state_combo.currentData() or "") or None
        sessions = self._state.sessions

        def read() -> _Reading:
            with sessions() as session:
                return _Reading(wanted, find_ids(session, wanted), count_by_state(session))

        task = BackgroundTask(read, self)
        self._read_task = task
        self._read_outcome = None
        task.succeeded.connect(lambda value: setattr(self, "_read_outcome", (True, value)))
        task.failed.connect(lambda exc: setattr(self, "_read_outcome", (False, exc)))
        task.finished.connect(self._read_finished)
        task.start()

    def _retire(self, task: BackgroundTask | None) -> None:
        """Let go of a finished task safely: not from inside its own signal and not before
        its thread has returned, so the one before is released when this one finishes."""
        if task is None:
            return
        previous, self._retired = self._retired, task
        if previous is not None:
            previous.wait()
            previous.setParent(None)

    def is_busy(self) -> bool:
        """A read or a sending is under way."""
        return self._read_task is not None or self._send_task is not None

    def wait(self, msecs: int = 30_000) -> None:
        """Wait for running work (before the widget goes away)."""
        for task in (self._read_task, self._send_task):
            if task is not None:
                task.wait(msecs)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.wait()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.refresh()

    def _read_finished(self) -> None:
        task, self._read_task = self._read_task, None
        self._retire(task)
        outcome, self._read_outcome = self._read_outcome, None
        if self._again:
            self._again = False
            self.refresh()
            return
        if outcome is None:
            return
        ok, value = outcome
        if ok:
            self._apply(value)
            return
        log.error("Reading the mail outbox failed", exc_info=value)
        self._report_error(self.tr("The outbox could not be read. Try again."))

    def _apply(self, reading: _Reading) -> None:
        self.model.set_ids(reading.ids)
        self._counts = reading.counts
        self._selection_changed(QItemSelection(), QItemSelection())
        parts = [
            (self.tr("%1 waiting"), reading.counts.get("pending", 0)),
            (self.tr("%1 failed"), reading.counts.get("failed", 0)),
            (self.tr("%1 sent"), reading.counts.get("sent", 0)),
        ]
        summary = ", ".join(text.replace("%1", str(n)) for text, n in parts)
        if not any(reading.counts.values()):
            summary = self.tr("No e-mail has been queued yet.")
        elif not reading.ids:
            summary += " " + self.tr("(none of them in this state)")
        note, self._note = self._note, None
        if note is not None:
            self._show_status(f"{note[0]} {summary}", error=note[1])
        else:
            self._show_status(summary, error=False)
        self.refreshed.emit(len(reading.ids))
        self.failed_count_changed.emit(reading.counts.get("failed", 0))

    def counts(self) -> dict[str, int]:
        """Mails per state as of the last read."""
        return dict(self._counts)

    # -- selection -------------------------------------------------------------------------

    def selected_mails(self) -> list[MailRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [m for m in (self.model.mail(r) for r in rows) if m is not None]

    def select_mail(self, outbox_id: int) -> bool:
        """Select the row of ``outbox_id`` if it is shown; returns whether it was."""
        row = self.model.row_of(outbox_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _retryable(self) -> list[MailRow]:
        return [m for m in self.selected_mails() if m.state == "failed"]

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        mails = self.selected_mails()
        self.retry_button.setEnabled(bool(self._retryable()))
        if len(mails) != 1:
            self.detail_label.setText(
                self.tr("Select a mail to see what happened to it.")
                if not mails
                else self.tr("%1 mails selected.").replace("%1", str(len(mails)))
            )
            return
        (mail,) = mails
        lines = [
            self.tr("To %1: %2").replace("%1", mail.to).replace("%2", mail.subject),
        ]
        when = mail.created_at.astimezone(mail.tz).strftime("%Y-%m-%d %H:%M")
        lines.append(
            self.tr("Queued %1, attempts: %2.")
            .replace("%1", when)
            .replace("%2", str(mail.attempts))
        )
        if mail.state == "sent" and mail.sent_at is not None:
            lines.append(
                self.tr("Sent %1.").replace(
                    "%1", mail.sent_at.astimezone(mail.tz).strftime("%Y-%m-%d %H:%M")
                )
            )
        elif mail.last_error:
            lines.append(self.tr("Problem: %1").replace("%1", mail.last_error))
        if mail.state == "failed":
            lines.append(self.tr("It will not be tried again until you press Retry."))
        self.detail_label.setText("\n".join(lines))

    # -- retry and send --------------------------------------------------------------------

    def retry_selected(self) -> list[int]:
        """Put the selected failed mails back in the queue, due now; returns their ids."""
        ids = [m.id for m in self._retryable()]
        if not ids:
            return []
        state = self._state

        def work(session: Session) -> None:
            state.actor(session).require(ADMINISTER)
            now = state.now()
            for outbox_id in ids:
                outbox.retry(session, outbox_id, now)

        try:
            run_write(state.sessions, work)
        except BookingError as exc:
            self._report_error(exc.message)
            return []
        text = self.tr("%1 mail(s) queued again; press Send now to send them at once.")
        self._note = (text.replace("%1", str(len(ids))), False)
        self._show_status(self._note[0], error=False)
        self.retried.emit(ids)
        self.refresh()
        return ids

    def send_now(self) -> None:
        """Send every mail that is due, on a worker thread; ``sending_finished`` follows."""
        if self._send_task is not None:
            return
        sessions, now, factory = self._state.sessions, self._state.now(), self._smtp_factory
        task = BackgroundTask(lambda: sender.send_due(sessions, now, smtp_factory=factory), self)
        self._send_task = task
        self._send_outcome = None
        self.send_button.setEnabled(False)
        self._show_status(self.tr("Sending…"), error=False)
        task.succeeded.connect(lambda value: setattr(self, "_send_outcome", (True, value)))
        task.failed.connect(lambda exc: setattr(self, "_send_outcome", (False, exc)))
        task.finished.connect(self._send_finished)
        task.start()

    def _send_finished(self) -> None:
        task, self._send_task = self._send_task, None
        self._retire(task)
        self.send_button.setEnabled(True)
        outcome, self._send_outcome = self._send_outcome, None
        if outcome is None:
            return
        ok, value = outcome
        if not ok:
            log.error("Sending the outbox failed", exc_info=value)
            self._report_error(self.tr("The mails could not be sent. Try again later."))
            return
        report: SendReport = value
        self._note = (self._report_text(report), bool(report.failed))
        self._show_status(*self._note[:1], error=self._note[1])
        self.sending_finished.emit(report)
        self.refresh()

    def _report_text(self, report: SendReport) -> str:
        if not (report.sent or report.retrying or report.failed):
            return self.tr("Nothing was due to be sent.")
        text = self.tr("Sent %1 mail(s).").replace("%1", str(len(report.sent)))
        if report.retrying:
            text += " " + self.tr("%1 will be tried again later.").replace(
                "%1", str(len(report.retrying))
            )
        if report.failed:
            text += " " + self.tr("%1 failed; select them to see why.").replace(
                "%1", str(len(report.failed))
            )
        return text

    # -- messages --------------------------------------------------------------------------

    def _report_error(self, message: str) -> None:
        self._show_status(message, error=True)
        self.failed.emit(message)

    def _show_status(self, text: str, *, error: bool) -> None:
        self.status_label.setText(text)
        font = self.status_label.font()
        font.setBold(error)
        self.status_label.setFont(font)
