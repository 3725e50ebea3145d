"""Import customers from a CSV or vCard file: preview, column mapping, dry run, import.

The receptionist chooses a file; the dialog shows its first rows and, for CSV, a choice
per column of what it holds (recognised headings are chosen already). "Check" runs a dry
run of app.booking.customer_io and lists every row that would be refused, with where it
is and why. "Import" writes, all or nothing unless "skip rows that cannot be imported" is
ticked. Checks and imports run on a worker thread with a progress bar; Cancel stops a
check or an import while rows are checked as well as while they are written (the
importer asks between blocks of rows), and nothing is kept, because the whole import is
one transaction that a cancel rolls back. The dialog decides nothing itself: the rules
are the importer's.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.booking.customer_io import (
    AUTO_HEADERS,
    CHECKING,
    ImportCancelled,
    ImportReport,
    format_for_path,
    import_csv,
    import_vcard,
    read_source,
    sniff_delimiter,
    unescape_cell,
)
from app.booking.customers import fold
from app.booking.errors import BookingError
from app.booking.transactions import run_write
from app.views.desk import DeskState
from app.views.worker import BackgroundTask

#: Data rows shown in the preview.
PREVIEW_ROWS = 8
#: The importer's targets a column can be mapped to, in the order the combo lists them;
#: "field" stands for a custom field named after the column, "" for "ignore".
TARGETS = ("name", "first_name", "last_name", "phone", "email", "notes", "field", "")
__all__ = [
    "PREVIEW_ROWS",
    "TARGETS",
    "CustomerImportDialog",
    "ImportCancelled",
    "auto_target",
    "csv_preview",
    "vcard_preview",
]


def auto_target(header: str) -> str:
    """What the importer would read a column as by its heading (see AUTO_HEADERS)."""
    key = re.sub(r"[^a-z0-9]", "", fold(header))
    for target, aliases in AUTO_HEADERS.items():
        if key in aliases:
            return "" if target == "id" else target
    return "field" if header.strip() else ""


def csv_preview(text: str, rows: int = PREVIEW_ROWS) -> tuple[list[str], list[list[str]]]:
    """The heading line and the first ``rows`` non-blank data rows of CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    headers: list[str] | None = None
    data: list[list[str]] = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if headers is None:
                headers = [unescape_cell(c.strip()) for c in cells]
                continue
            data.append([unescape_cell(c) for c in cells])
            if len(data) >= rows:
                break
    except csv.Error as exc:
        raise BookingError(
            "bad_csv",
            QCoreApplication.translate(
                "CustomerImportDialog", "Line %1: the file is not valid CSV (%2)."
            )
            .replace("%1", str(reader.line_num))
            .replace("%2", str(exc)),
        ) from exc
    if headers is None:
        raise BookingError(
            "empty_file",
            QCoreApplication.translate(
                "CustomerImportDialog", "The file is empty: there is not even a header line."
            ),
        )
    return headers, data


def vcard_preview(text: str, rows: int = PREVIEW_ROWS) -> list[list[str]]:
    """Name, first phone and first e-mail of the first ``rows`` cards, for a glance only
    (the importer reads the cards properly)."""
    cards: list[list[str]] = []
    current: dict[str, str] | None = None
    unfolded: list[str] = []
    for line in text.splitlines():
        if line[:1] in (" ", "\t") and unfolded:
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    for line in unfolded:
        name, _sep, value = line.partition(":")
        prop = name.split(";", 1)[0].split(".")[-1].upper()
        if prop == "BEGIN" and value.strip().upper() == "VCARD":
            current = {}
        elif prop == "END" and current is not None:
            cards.append([current.get("FN", ""), current.get("TEL", ""), current.get("EMAIL", "")])
            current = None
            if len(cards) >= rows:
                break
        elif current is not None and prop in ("FN", "TEL", "EMAIL"):
            current.setdefault(prop, value.removeprefix("tel:").replace("\\,", ","))
    return cards


class _Progress(QObject):
    """Carries progress out of the worker thread (a queued signal to the dialog)."""

    #: Writing: (customers written, customers to write).
    step = Signal(int, int)
    #: Checking: (rows checked, rows in the file).
    checking = Signal(int, int)


class CustomerImportDialog(QDialog):
    """Import customers from a file chosen here. Emits ``imported`` with the new ids."""

    #: The ids of the customers just imported.
    imported = Signal(list)
    #: The report of the last check or import (an ImportReport).
    reported = Signal(object)

    def __init__(self, state: DeskState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(self.tr("Import customers"))
        self.path: Path | None = None
        self.format: str | None = None
        self.headers: list[str] = []
        self.combos: list[QComboBox] = []
        self.report: ImportReport | None = None
        self._task: BackgroundTask | None = None
        self._cancel = threading.Event()
        self._progress = _Progress(self)
        self._progress.step.connect(self._show_progress)
        self._progress.checking.connect(self._show_checking)

        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setAccessibleName(self.tr("File to import"))
        self.file_edit.setPlaceholderText(self.tr("A CSV (.csv) or vCard (.vcf) file"))
        self.choose_button = QPushButton(self.tr("&Choose file…"))
        self.choose_button.setAccessibleName(self.tr("Choose file"))
        self.choose_button.clicked.connect(self.choose_file)
        self.mapping_hint = QLabel()
        self.mapping_hint.setWordWrap(True)
        self.preview = QTableWidget()
        self.preview.setAccessibleName(self.tr("Preview of the file"))
        self.preview.verticalHeader().hide()
        self.preview.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Result"))
        self.rejections = QTreeWidget()
        self.rejections.setAccessibleName(self.tr("Rows that cannot be imported"))
        self.rejections.setRootIsDecorated(False)
        self.rejections.setHeaderLabels([self.tr("Where"), self.tr("Why")])
        self.rejections.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.rejections.hide()
        self.skip_invalid = QCheckBox(self.tr("&Skip rows that cannot be imported"))
        self.skip_invalid.setAccessibleName(self.tr("Skip rows that cannot be imported"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Import progress"))
        self.progress.hide()
        self.check_button = QPushButton(self.tr("C&heck"))
        self.check_button.setAccessibleName(self.tr("Check the file without importing"))
        self.check_button.clicked.connect(self.check)
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setAccessibleName(self.tr("Import"))
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)

        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_invalid)
        buttons.addStretch(1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.mapping_hint)
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.rejections, 1)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.setTabOrder(self.choose_button, self.preview)
        self.setTabOrder(self.preview, self.skip_invalid)
        self.setTabOrder(self.skip_invalid, self.check_button)
        self.setTabOrder(self.check_button, self.import_button)
        self.setTabOrder(self.import_button, self.cancel_button)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 130, metrics.lineSpacing() * 36)
        self._set_running(False)

    # -- the file and its preview ------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import customers"),
            "",
            self.tr("Address books (*.csv *.txt *.tsv *.vcf *.vcard);;All files (*)"),
        )
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> bool:
        """Read the file's first rows into the preview; a problem is shown instead."""
        self.path = Path(path)
        self.file_edit.setText(str(self.path))
        self.report = None
        self.rejections.clear()
        self.rejections.hide()
        self.summary.clear()
        self.preview.clear()
        self.preview.setRowCount(0)
        self.preview.setColumnCount(0)
        self.combos = []
        self.headers = []
        try:
            self.format = format_for_path(str(self.path))
            text = read_source(self.path)
            if self.format == "csv":
                self._preview_csv(text)
            else:
                self._preview_vcard(text)
        except BookingError as exc:
            self.format = None
            self.summary.setText(exc.message)
            self._set_running(False)
            return False
        self._set_running(False)
        return True

    def _preview_csv(self, text: str) -> None:
        headers, rows = csv_preview(text)
        self.headers = headers
        self.mapping_hint.setText(
            self.tr("Choose what each column holds. Columns set to “Ignore” are not read.")
        )
        self.preview.setColumnCount(len(headers))
        self.preview.setHorizontalHeaderLabels([h or "—" for h in headers])
        self.preview.setRowCount(len(rows) + 1)
        for column, header in enumerate(headers):
            combo = QComboBox()
            combo.setAccessibleName(self.tr("Column %1 holds").replace("%1", header or "—"))
            for target in TARGETS:
                combo.addItem(self._target_label(target, header), target)
            if not header:  # a column without a heading cannot be named to the importer
                combo.setEnabled(False)
            combo.setCurrentIndex(TARGETS.index(auto_target(header)))
            combo.currentIndexChanged.connect(lambda _i: self._mapping_changed())
            self.preview.setCellWidget(0, column, combo)
            self.combos.append(combo)
        for r, cells in enumerate(rows, start=1):
            for c in range(len(headers)):
                self.preview.setItem(r, c, QTableWidgetItem(cells[c] if c < len(cells) else ""))

    def _preview_vcard(self, text: str) -> None:
        cards = vcard_preview(text)
        if not cards:
            raise BookingError("not_vcard", "The file holds no vCard: it has no BEGIN:VCARD line.")
        self.mapping_hint.setText(
            self.tr("A vCard file names what each value is; nothing needs to be mapped.")
        )
        self.preview.setColumnCount(3)
        self.preview.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Phone"), self.tr("E-mail")]
        )
        self.preview.setRowCount(len(cards))
        for r, cells in enumerate(cards):
            for c, value in enumerate(cells):
                self.preview.setItem(r, c, QTableWidgetItem(value))

    def _target_label(self, target: str, header: str) -> str:
        labels = {
            "name": self.tr("Name"),
            "first_name": self.tr("First name"),
            "last_name": self.tr("Last name"),
            "phone": self.tr("Phone"),
            "email": self.tr("E-mail"),
            "notes": self.tr("Notes"),
            "field": self.tr("Custom field “%1”").replace("%1", header),
            "": self.tr("Ignore"),
        }
        return labels[target]

    def set_target(self, header: str, target: str) -> None:
        """Map the column named ``header`` to ``target`` (one of TARGETS), as the combo does."""
        combo = self.combos[self.headers.index(header)]
        combo.setCurrentIndex(TARGETS.index(target))

    def mapping(self) -> dict[str, str]:
        """{heading: importer field} for every column not ignored."""
        out: dict[str, str] = {}
        for header, combo in zip(self.headers, self.combos, strict=True):
            target = str(combo.currentData() or "")
            if header and target:
                out[header] = f"field:{header}" if target == "field" else target
        return out

    def _mapping_changed(self) -> None:
        self.report = None
        self.rejections.clear()
        self.rejections.hide()
        self.summary.setText(self.tr("Mapping changed: check the file again."))

    # -- checking and importing -------------------------------------------------------------

    def check(self) -> BackgroundTask | None:
        """Dry run: list what would be refused, write nothing."""
        return self._run(dry_run=True)

    def start_import(self) -> BackgroundTask | None:
        """Import for real, in one transaction (all or nothing unless skipping)."""
        return self._run(dry_run=False)

    def _run(self, *, dry_run: bool) -> BackgroundTask | None:
        if self.path is None or self.format is None or self._task is not None:
            return None
        path, fmt, state = self.path, self.format, self.state
        mapping = self.mapping() if fmt == "csv" else None
        skip = self.skip_invalid.isChecked()
        cancel = self._cancel
        cancel.clear()
        progress = self._progress

        def told(phase: str, done: int, total: int) -> None:
            (progress.checking if phase == CHECKING else progress.step).emit(done, total)

        def work(session: Session) -> ImportReport:
            actor = state.actor(session)
            now = state.now()
            if fmt == "csv":
                report = import_csv(
                    session,
                    actor,
                    path,
                    now=now,
                    mapping=mapping,
                    dry_run=dry_run,
                    skip_invalid=skip,
                    progress=told,
                    cancelled=cancel.is_set,
                )
            else:
                report = import_vcard(
                    session,
                    actor,
                    path,
                    now=now,
                    dry_run=dry_run,
                    skip_invalid=skip,
                    progress=told,
                    cancelled=cancel.is_set,
                )
            session.flush()
            if cancel.is_set():  # the last moment before commit: nothing is kept
                raise ImportCancelled(dry_run)
            return report

        def run() -> ImportReport:
            return run_write(state.sessions, work)

        task = BackgroundTask(run, self)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self._task = task
        self.summary.setText(self.tr("Checking the file…") if dry_run else self.tr("Importing…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self._set_running(True)
        task.start()
        return task

    def cancel(self) -> None:
        """Stop a running import (nothing is kept) or close the dialog when idle."""
        if self._task is None:
            self.reject()
            return
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.summary.setText(self.tr("Cancelling…"))

    def is_running(self) -> bool:
        return self._task is not None

    def _show_progress(self, done: int, expected: int) -> None:
        if self._task is None or self._cancel.is_set():
            return
        if expected > 0:
            self.progress.setRange(0, expected)
            self.progress.setValue(min(done, expected))
        self.summary.setText(self.tr("Importing… %1 customers").replace("%1", str(done)))

    def _show_checking(self, done: int, total: int) -> None:
        if self._task is None or self._cancel.is_set():
            return
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        self.summary.setText(
            self.tr("Checking… %1 of %2 rows").replace("%1", str(done)).replace("%2", str(total))
        )

    def _succeeded(self, report: object) -> None:
        assert isinstance(report, ImportReport)
        self.report = report
        self.summary.setText(self._summary_text(report))
        self._list_rejections(report.rejected)
        self.reported.emit(report)
        if not report.dry_run:
            self.imported.emit(list(report.imported))

    def _failed(self, exc: object) -> None:
        if isinstance(exc, ImportCancelled):
            if exc.dry_run:
                self.summary.setText(self.tr("Check cancelled: nothing was written."))
            else:
                self.summary.setText(self.tr("Import cancelled: no customer was imported."))
            return
        if isinstance(exc, BookingError):
            self.summary.setText(exc.message)
            details = exc.details if isinstance(exc.details, dict) else {}
            rejected = details.get("rejected")
            if isinstance(rejected, list):
                self._list_json_rejections(rejected)
            return
        self.summary.setText(self.tr("The import failed: %1").replace("%1", str(exc)))

    def _finished(self) -> None:
        self._task = None
        self.progress.hide()
        self._set_running(False)

    def _summary_text(self, report: ImportReport) -> str:
        unit = self.tr("rows") if report.format == "csv" else self.tr("cards")
        if report.dry_run:
            head = (
                self.tr("Check: %1 of %2 %3 can be imported; %4 cannot.")
                .replace("%1", str(report.valid))
                .replace("%2", str(report.total))
                .replace("%3", unit)
                .replace("%4", str(len(report.rejected)))
            )
        else:
            head = (
                self.tr("Imported %1 of %2 %3; %4 skipped.")
                .replace("%1", str(len(report.imported)))
                .replace("%2", str(report.total))
                .replace("%3", unit)
                .replace("%4", str(len(report.rejected)))
            )
        return head

    def _list_rejections(self, rejections: list[Any]) -> None:
        self._list_json_rejections([r.to_json() for r in rejections])

    def _list_json_rejections(self, rejections: list[Any]) -> None:
        self.rejections.clear()
        for r in rejections:
            if isinstance(r, dict):
                item = QTreeWidgetItem([str(r.get("where", "")), str(r.get("reason", ""))])
                item.setToolTip(1, str(r.get("reason", "")))
                self.rejections.addTopLevelItem(item)
        self.rejections.setVisible(self.rejections.topLevelItemCount() > 0)

    def _set_running(self, running: bool) -> None:
        ready = self.format is not None and not running
        self.choose_button.setEnabled(not running)
        self.check_button.setEnabled(ready)
        self.import_button.setEnabled(ready)
        self.skip_invalid.setEnabled(not running)
        for combo in self.combos:
            combo.setEnabled(not running and bool(self.headers[self.combos.index(combo)]))
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(self.tr("Cancel") if running else self.tr("Close"))

    def reject(self) -> None:
        """Closing while an import runs cancels it first (the dialog waits for the worker)."""
        if self._task is not None:
            self._cancel.set()
            self._task.wait()
        super().reject()
