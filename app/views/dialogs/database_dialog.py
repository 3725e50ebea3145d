"""Where should Front Desk keep its data? The first-start question and the settings page.

Two choices: "this computer only" (the SQLite file in the user's data folder) or a shared
PostgreSQL server (host, port, database, user, TLS mode). The password typed here is
stored in the system keyring on Save and never in the settings file. "Test connection"
runs off the GUI thread and answers in plain words (app.models.connect). From the
settings page, "Move this desk's data to the server" copies everything into the empty
server database (app.models.transfer: all or nothing, counts checked), shows the counts,
and switches the stored choice. A changed choice takes effect at the next start, because
the open window, its watcher and its workers all hold the current database.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import make_url

from app import config
from app.config import (
    ConfigError,
    PasswordStoreError,
    ServerSettings,
    StoredChoice,
    TlsMode,
)
from app.models.connect import ConnectionCheck, check_connection
from app.models.transfer import CopyProgress, CopyReport, TransferError, copy_database
from app.views.worker import BackgroundTask

FIELD_KEYS = ("host", "port", "database", "user", "password", "tls")


class _ProgressRelay(QObject):
    """Carries copy progress from the worker thread to the dialog (a queued signal)."""

    #: An app.models.transfer.CopyProgress.
    step = Signal(object)


class DatabaseDialog(QDialog):
    """Choose where the data lives; ``first_start`` asks the question of a new desk.

    ``current`` is the stored choice (None when none was made), ``current_url`` the
    database this desk uses now (the source of a move; no move is offered without it),
    ``problem`` a message to show first (a damaged settings file, for example).
    """

    #: The app.config.StoredChoice just saved.
    saved = Signal(object)
    #: The app.models.connect.ConnectionCheck of the last "Test connection".
    tested = Signal(object)
    #: The app.models.transfer.CopyReport of a completed move.
    moved = Signal(object)
    #: A move that did not complete: the plain-words reason (str).
    move_failed = Signal(str)

    def __init__(
        self,
        current: StoredChoice | None,
        parent: QWidget | None = None,
        *,
        first_start: bool = False,
        current_url: str | None = None,
        problem: str | None = None,
        config_file: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.current = current
        self.first_start = first_start
        self.current_url = current_url
        self.config_file = config_file
        #: What was saved (None until Save succeeds).
        self.choice: StoredChoice | None = None
        self.last_check: ConnectionCheck | None = None
        self.last_report: CopyReport | None = None
        self.test_task: BackgroundTask | None = None
        self.move_task: BackgroundTask | None = None
        self._stop_move = threading.Event()
        self._stored_password = False

        self.setWindowTitle(
            self.tr("Where should Front Desk keep its data?")
            if first_start
            else self.tr("Where the data lives")
        )
        self._build(problem)
        self._load(current)
        self._update_enabled()
        width = self.fontMetrics().averageCharWidth() * 90
        self.resize(width, self.sizeHint().height())

    # -- layout ----------------------------------------------------------------------------

    def _error_label(self, key: str) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        bold = label.font()
        bold.setBold(True)
        label.setFont(bold)
        label.setAccessibleName(self.tr("Problem with %1").replace("%1", key))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        return label

    def _build(self, problem: str | None) -> None:
        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr("Where should Front Desk keep its data?")
            if self.first_start
            else self.tr("Where this desk keeps its data")
        )
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        heading.setAccessibleName(self.tr("Heading"))
        layout.addWidget(heading)

        self.problem = self._error_label("settings file")
        self.problem.setAccessibleName(self.tr("Problem with the settings file"))
        if problem:
            self.problem.setText(problem)
            self.problem.show()
        layout.addWidget(self.problem)

        self.local_radio = QRadioButton(self.tr("&This computer only"))
        self.local_radio.setAccessibleName(self.tr("This computer only"))
        local_path = make_url(config.default_db_url()).database or ""
        local_note = QLabel(
            self.tr(
                "The data stays in one file on this computer (%1). Other desks cannot see it."
            ).replace("%1", local_path)
        )
        local_note.setWordWrap(True)
        local_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        local_note.setIndent(self.fontMetrics().averageCharWidth() * 4)
        self.server_radio = QRadioButton(self.tr("&Shared server (PostgreSQL)"))
        self.server_radio.setAccessibleName(self.tr("Shared server"))
        server_note = QLabel(
            self.tr(
                "Several desks share one database on a PostgreSQL server. Whoever runs the "
                "server gives you these details."
            )
        )
        server_note.setWordWrap(True)
        server_note.setIndent(self.fontMetrics().averageCharWidth() * 4)
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.local_radio)
        self.kind_group.addButton(self.server_radio)
        self.kind_group.buttonToggled.connect(self._kind_toggled)
        for widget in (self.local_radio, local_note, self.server_radio, server_note):
            layout.addWidget(widget)

        self.server_box = QWidget()
        self.server_box.setAccessibleName(self.tr("Server details"))
        form = QFormLayout(self.server_box)
        form.setContentsMargins(self.fontMetrics().averageCharWidth() * 4, 0, 0, 0)
        self.host = QLineEdit()
        self.host.setAccessibleName(self.tr("Server address"))
        self.host.setPlaceholderText(self.tr("db.branch.example or 10.0.0.5"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(config.DEFAULT_PORT)
        self.port.setAccessibleName(self.tr("Port"))
        self.database = QLineEdit()
        self.database.setAccessibleName(self.tr("Database"))
        self.user = QLineEdit()
        self.user.setAccessibleName(self.tr("User name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.tls = QComboBox()
        self.tls.setAccessibleName(self.tr("Encryption (TLS)"))
        for mode, text in (
            ("prefer", self.tr("Use it when the server offers it")),
            ("require", self.tr("Required")),
            ("verify-full", self.tr("Required, and check the server's certificate")),
            ("disable", self.tr("Off")),
        ):
            self.tls.addItem(text, mode)
        self.errors: dict[str, QLabel] = {}
        editors: dict[str, QWidget] = {
            "host": self.host,
            "port": self.port,
            "database": self.database,
            "user": self.user,
            "password": self.password,
            "tls": self.tls,
        }
        labels = {
            "host": self.tr("Server &address"),
            "port": self.tr("&Port"),
            "database": self.tr("&Database"),
            "user": self.tr("&User name"),
            "password": self.tr("Pass&word"),
            "tls": self.tr("&Encryption (TLS)"),
        }
        for key in FIELD_KEYS:
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(editors[key])
            self.errors[key] = self._error_label(key)
            box.addWidget(self.errors[key])
            row_label = QLabel(labels[key])
            row_label.setBuddy(editors[key])
            form.addRow(row_label, box)

        test_row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test &connection"))
        self.test_button.setAccessibleName(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        form.addRow(test_row)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName(self.tr("Connection test result"))
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.test_result)
        layout.addWidget(self.server_box)

        self.move_box = QWidget()
        self.move_box.setAccessibleName(self.tr("Move this desk's data"))
        move_layout = QVBoxLayout(self.move_box)
        move_layout.setContentsMargins(self.fontMetrics().averageCharWidth() * 4, 0, 0, 0)
        move_row = QHBoxLayout()
        self.move_button = QPushButton(self.tr("&Move this desk's data to the server"))
        self.move_button.setAccessibleName(self.tr("Move this desk's data to the server"))
        self.move_button.clicked.connect(self.move_data)
        self.stop_button = QPushButton(self.tr("S&top moving"))
        self.stop_button.setAccessibleName(self.tr("Stop moving"))
        self.stop_button.clicked.connect(self.stop_move)
        self.stop_button.hide()
        move_row.addWidget(self.move_button)
        move_row.addWidget(self.stop_button)
        move_row.addStretch(1)
        move_layout.addLayout(move_row)
        move_note = QLabel(
            self.tr(
                "Copies everything this desk holds into the server's empty database, checks "
                "every table's count, then makes this computer use the server."
            )
        )
        move_note.setWordWrap(True)
        move_layout.addWidget(move_note)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Move progress"))
        self.progress.hide()
        move_layout.addWidget(self.progress)
        self.move_status = QLabel()
        self.move_status.setWordWrap(True)
        self.move_status.setAccessibleName(self.tr("Move result"))
        self.move_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        move_layout.addWidget(self.move_status)
        self.counts = QTableWidget(0, 2)
        self.counts.setAccessibleName(self.tr("Rows copied per table"))
        self.counts.setHorizontalHeaderLabels([self.tr("Table"), self.tr("Rows copied")])
        self.counts.verticalHeader().hide()
        self.counts.verticalHeader().setDefaultSectionSize(
            round(self.fontMetrics().lineSpacing() * 1.4)
        )
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.counts.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.counts.setMinimumHeight(self.fontMetrics().lineSpacing() * 10)
        self.counts.hide()
        move_layout.addWidget(self.counts)
        layout.addWidget(self.move_box)
        self.move_box.setVisible(not self.first_start and self.current_url is not None)

        self.general_error = self._error_label("saving")
        self.general_error.setAccessibleName(self.tr("Problem"))
        layout.addWidget(self.general_error)
        if not self.first_start:
            restart = QLabel(
                self.tr("A changed choice takes effect the next time Front Desk starts.")
            )
            restart.setWordWrap(True)
            restart.setAccessibleName(self.tr("When the change takes effect"))
            layout.addWidget(restart)
        layout.addStretch(1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName(self.tr("Save the choice"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if self.first_start:
            self.cancel_button.setText(self.tr("Not now"))
            self.cancel_button.setAccessibleName(self.tr("Not now: keep the data on this computer"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        order: list[QWidget] = [
            self.local_radio,
            self.server_radio,
            self.host,
            self.port,
            self.database,
            self.user,
            self.password,
            self.tls,
            self.test_button,
            self.move_button,
            self.stop_button,
            self.buttons,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    def _load(self, current: StoredChoice | None) -> None:
        server = current.server if current is not None else None
        if current is not None and current.kind == "server" and server is not None:
            self.server_radio.setChecked(True)
            self.host.setText(server.host)
            self.port.setValue(server.port)
            self.database.setText(server.database)
            self.user.setText(server.user)
            self.tls.setCurrentIndex(max(0, self.tls.findData(server.tls)))
            self._stored_password = config.load_password(server) is not None
            if self._stored_password:
                self.password.setPlaceholderText(
                    self.tr("Stored in the system keyring; type to replace it")
                )
        else:
            self.local_radio.setChecked(True)
        if not self._stored_password:
            self.password.setPlaceholderText(self.tr("Kept in the system keyring"))

    # -- state -------------------------------------------------------------------------

    def _busy(self) -> bool:
        return any(t is not None and t.is_running() for t in (self.test_task, self.move_task))

    def _update_enabled(self) -> None:
        server = self.server_radio.isChecked()
        busy = self._busy()
        moving = self.move_task is not None and self.move_task.is_running()
        self.server_box.setEnabled(server and not moving)
        self.test_button.setEnabled(server and not busy)
        self.move_button.setEnabled(server and not busy)
        self.move_box.setEnabled(server)
        self.local_radio.setEnabled(not moving)
        self.server_radio.setEnabled(not moving)
        self.save_button.setEnabled(not moving)

    def _kind_toggled(self, *_args: Any) -> None:
        self.clear_errors()
        self._update_enabled()
        if self.server_radio.isChecked() and not self.host.text():
            self.host.setFocus()

    def clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.clear()
            label.hide()

    def show_field_error(self, key: str, message: str) -> None:
        label = self.errors.get(key, self.general_error)
        label.setText(message)
        label.show()

    def server_settings(self) -> ServerSettings | None:
        """The server typed in, or None after showing what is missing under each field."""
        self.clear_errors()
        missing = {
            "host": self.tr("Type the server's name or address."),
            "database": self.tr("Type the database's name."),
            "user": self.tr("Type the user name the server knows this desk by."),
        }
        values = {
            "host": self.host.text().strip(),
            "database": self.database.text().strip(),
            "user": self.user.text().strip(),
        }
        first: QWidget | None = None
        editors = {"host": self.host, "database": self.database, "user": self.user}
        for key, message in missing.items():
            if not values[key]:
                self.show_field_error(key, message)
                first = first or editors[key]
        if " " in values["host"] or "/" in values["host"]:
            self.show_field_error(
                "host", self.tr("A server address has no spaces or slashes, e.g. db.example.")
            )
            first = first or self.host
        if first is not None:
            first.setFocus()
            return None
        mode: TlsMode = self.tls.currentData()
        return ServerSettings(
            host=values["host"],
            port=self.port.value(),
            database=values["database"],
            user=values["user"],
            tls=mode,
        )

    def _password_for(self, server: ServerSettings) -> str | None:
        typed = self.password.text()
        if typed:
            return typed
        return config.load_password(server)

    # -- test ------------------------------------------------------------------------------

    def test_connection(self) -> None:
        """Try the server off the GUI thread; the answer appears under the button."""
        server = self.server_settings()
        if server is None or self._busy():
            return
        url, password = server.url(), self._password_for(server)
        self.test_result.setText(self.tr("Connecting to %1…").replace("%1", server.label()))
        task = BackgroundTask(lambda: check_connection(url, password=password), self)
        task.succeeded.connect(self._tested)
        task.failed.connect(self._test_crashed)
        task.finished.connect(self._update_enabled)
        self.test_task = task
        task.start()
        self._update_enabled()

    def _tested(self, result: object) -> None:
        assert isinstance(result, ConnectionCheck)
        self.last_check = result
        prefix = self.tr("It works.") if result.ok else self.tr("It does not work.")
        self.test_result.setText(f"{prefix} {result.message}")
        self.tested.emit(result)

    def _test_crashed(self, exc: object) -> None:
        self.test_result.setText(
            self.tr("The test could not run (%1).").replace("%1", type(exc).__name__)
        )

    # -- move ------------------------------------------------------------------------------

    def move_data(self) -> None:
        """Copy this desk's data into the server; on success switch the stored choice."""
        server = self.server_settings()
        if server is None or self._busy() or self.current_url is None:
            return
        source, url, password = self.current_url, server.url(), self._password_for(server)
        config.remember_keyring_target(server)
        self._stop_move.clear()
        relay = _ProgressRelay(self)
        relay.step.connect(self._moved_some)
        stop = self._stop_move

        def work() -> CopyReport:
            return copy_database(
                source, url, progress=relay.step.emit, cancel=stop.is_set, dst_password=password
            )

        task = BackgroundTask(work, self)
        task.succeeded.connect(lambda report: self._move_done(server, report))
        task.failed.connect(self._move_refused)
        task.finished.connect(self._move_finished)
        self.move_task = task
        self.counts.hide()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.stop_button.show()
        self.stop_button.setEnabled(True)
        self.move_status.setText(self.tr("Preparing the server…"))
        task.start()
        self._update_enabled()

    def stop_move(self) -> None:
        self._stop_move.set()
        self.stop_button.setEnabled(False)
        self.move_status.setText(self.tr("Stopping; the server is being put back as it was…"))

    def _moved_some(self, step: object) -> None:
        assert isinstance(step, CopyProgress)
        if self._stop_move.is_set():
            return
        self.progress.setRange(0, max(step.total, 1))
        self.progress.setValue(step.done)
        self.move_status.setText(
            self.tr("Copying %1 (%2 of %3 rows)…")
            .replace("%1", step.table.replace("_", " "))
            .replace("%2", f"{step.table_done:,}")
            .replace("%3", f"{step.table_total:,}")
        )

    def _move_done(self, server: ServerSettings, report: object) -> None:
        assert isinstance(report, CopyReport)
        self.last_report = report
        self.progress.setRange(0, max(report.rows, 1))
        self.progress.setValue(report.rows)
        self.counts.setRowCount(len(report.tables))
        for row, count in enumerate(sorted(report.tables, key=lambda c: c.table)):
            name = QTableWidgetItem(count.table.replace("_", " "))
            rows = QTableWidgetItem(f"{count.copied:,}")
            rows.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts.setItem(row, 0, name)
            self.counts.setItem(row, 1, rows)
        self.counts.show()
        done = self.tr("All %1 rows were copied and every table's count matches.").replace(
            "%1", f"{report.rows:,}"
        )
        if self._store(StoredChoice("server", server)):
            self.move_status.setText(
                done
                + " "
                + self.tr(
                    "This computer now uses %1; restart Front Desk to work on the server."
                ).replace("%1", server.label())
            )
        else:
            self.move_status.setText(
                done + " " + self.tr("The choice could not be saved; see the problem below.")
            )
        self.moved.emit(report)

    def _move_refused(self, exc: object) -> None:
        self.progress.hide()
        if isinstance(exc, TransferError):
            message = exc.message
        else:
            message = self.tr("The move failed (%1); the server was left as it was.").replace(
                "%1", type(exc).__name__
            )
        self.move_status.setText(message)
        self.move_failed.emit(message)

    def _move_finished(self) -> None:
        self.stop_button.hide()
        self._update_enabled()

    # -- save ------------------------------------------------------------------------------

    def _store(self, choice: StoredChoice) -> bool:
        """Keep the password (if typed) and the choice; show what went wrong inline."""
        if choice.server is not None:
            typed = self.password.text()
            try:
                if typed:
                    config.store_password(choice.server, typed)
                else:
                    config.remember_keyring_target(choice.server)
            except PasswordStoreError as exc:
                self.show_field_error("password", str(exc))
                self.password.setFocus()
                return False
        try:
            config.save_choice(choice, self.config_file)
        except ConfigError as exc:
            self.show_field_error("general", exc.message)
            return False
        self.choice = choice
        self.saved.emit(choice)
        return True

    def save(self) -> None:
        if self.server_radio.isChecked():
            server = self.server_settings()
            if server is None:
                return
            choice = StoredChoice("server", server)
        else:
            self.clear_errors()
            choice = StoredChoice.local()
        if self._store(choice):
            self.accept()

    # -- closing ---------------------------------------------------------------------------

    def wait_for_work(self) -> None:
        """Stop a move and wait for running work (they hold no widget, only results)."""
        self._stop_move.set()
        for task in (self.test_task, self.move_task):
            if task is not None:
                task.wait()

    def done(self, result: int) -> None:
        self.wait_for_work()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.wait_for_work()
        super().closeEvent(event)


def open_database_settings(parent: QWidget | None, current_url: str) -> StoredChoice | None:
    """Show the settings page for the database this desk uses (``current_url``).

    Returns the choice saved (it takes effect at the next start), or None when cancelled.
    A damaged settings file is shown as the dialog's first line and replaced on Save.
    """
    problem: str | None = None
    try:
        current = config.load_choice()
    except ConfigError as exc:
        current, problem = None, exc.message
    dialog = DatabaseDialog(current, parent, current_url=current_url, problem=problem)
    dialog.exec()
    return dialog.choice


def ask_first_start(parent: QWidget | None = None, problem: str | None = None) -> StoredChoice:
    """The first-start question. "Not now" (or closing) keeps the data on this computer
    and remembers that, so the question is not asked again."""
    dialog = DatabaseDialog(None, parent, first_start=True, problem=problem)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.choice is not None:
        return dialog.choice
    choice = StoredChoice.local()
    # When it cannot be saved the question comes again next time; the desk still opens.
    with contextlib.suppress(ConfigError):
        config.save_choice(choice)
    return choice
