"""The "Booking page texts" editor: one service's own wording of the self-service pages.

Every text a customer reads on the pages has an English and a French default
(app.web.language.default_items). A row per text shows its key and one line per language;
an empty line shows the default in grey as its placeholder, so the manager sees what the
customer reads without copying it. Typing a text replaces the default for this service
only; emptying the line again brings the default back. The edits are saved together with
their own button (one transaction: ``save_item`` for a text, ``remove_item`` for a line
emptied), apart from the service's rules, so a wording change never waits on a rule that
does not check out. A refusal is shown above the table in the booking layer's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.booking.errors import BookingError
from app.views.admin.forms import help_label
from app.views.desk import DeskState
from app.views.dialogs import MessageArea, WriteRunner
from app.web import language

KEY_COLUMN = 0
#: The table's column of each page language, after the key.
LOCALE_COLUMNS = {locale: index + 1 for index, locale in enumerate(language.LOCALES)}


@dataclass
class _Cell:
    """One text of one language: its editor and the text stored when last read."""

    key: str
    locale: str
    edit: QLineEdit
    stored: str = ""

    def value(self) -> str:
        return self.edit.text().strip()

    def dirty(self) -> bool:
        return self.value() != self.stored


class PageTextsEditor(QWidget):
    """The texts of the service handed to :meth:`set_service`; ``changed`` after a save."""

    changed = Signal()
    #: Emitted when a save is over: True when written, False when refused.
    save_finished = Signal(bool)

    def __init__(self, state: DeskState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.service_id: int | None = None
        self.cells: dict[tuple[str, str], _Cell] = {}
        self._filling = False
        self.runner = WriteRunner(state.sessions, self)
        self.runner.succeeded.connect(self._saved)
        self.runner.refused.connect(self._refused)
        self.runner.crashed.connect(self._crashed)
        self.runner.busy_changed.connect(lambda _busy: self._update_buttons())
        self._build()
        self.set_service(None)

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.intro = help_label(
            self.tr(
                "What customers read on this service's booking pages. An empty line shows "
                "the default, in grey; type to replace it for this service, empty the line "
                "to bring the default back. Saved with the button below, apart from the "
                "service's rules."
            ),
            self,
        )
        layout.addWidget(self.intro)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Find a text…"))
        self.search.setAccessibleName(self.tr("Find a booking page text"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        layout.addWidget(self.search)
        self.message = MessageArea(self)
        layout.addWidget(self.message)

        defaults = language.default_items()
        names = {"en": self.tr("English"), "fr_CA": self.tr("French")}
        self.table = QTableWidget(len(defaults), 1 + len(LOCALE_COLUMNS), self)
        self.table.setAccessibleName(self.tr("Booking page texts"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Text"), *(names.get(loc, loc) for loc in LOCALE_COLUMNS)]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab moves between the line editors, not through the table's own cells.
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(KEY_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        for column in LOCALE_COLUMNS.values():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        row_height = self.fontMetrics().height() * 2
        for row, (key, texts) in enumerate(defaults.items()):
            item = QTableWidgetItem(key)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setToolTip(texts.get(language.DEFAULT_LOCALE, ""))
            self.table.setItem(row, KEY_COLUMN, item)
            for locale, column in LOCALE_COLUMNS.items():
                edit = QLineEdit(self.table)
                edit.setMaxLength(language.MAX_TEXT)
                edit.setPlaceholderText(texts.get(locale, ""))
                edit.setToolTip(self.tr("Default: %1").replace("%1", texts.get(locale, "")))
                edit.setAccessibleName(
                    self.tr("%1 text of %2")
                    .replace("%1", names.get(locale, locale))
                    .replace("%2", key)
                )
                edit.setAccessibleDescription(
                    self.tr("Empty: the default, %1").replace("%1", texts.get(locale, ""))
                )
                edit.textChanged.connect(self._edited)
                self.table.setCellWidget(row, column, edit)
                self.cells[(key, locale)] = _Cell(key, locale, edit)
            self.table.setRowHeight(row, row_height)
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.count_label = help_label("", self)
        actions.addWidget(self.count_label, 1)
        self.revert_button = QPushButton(self.tr("Revert texts"), self)
        self.revert_button.setAccessibleName(self.tr("Revert the booking page texts"))
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton(self.tr("Save texts"), self)
        self.save_button.setAccessibleName(self.tr("Save the booking page texts"))
        self.save_button.clicked.connect(self.save)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)
        layout.addLayout(actions)
        previous: QWidget = self.search
        for row in range(self.table.rowCount()):
            for column in LOCALE_COLUMNS.values():
                editor = self.table.cellWidget(row, column)
                QWidget.setTabOrder(previous, editor)
                previous = editor
        QWidget.setTabOrder(previous, self.revert_button)
        QWidget.setTabOrder(self.revert_button, self.save_button)

    # -- reading ---------------------------------------------------------------------------

    def set_service(self, service_id: int | None) -> None:
        """Show ``service_id``'s texts (None: a service not saved yet, nothing to edit).

        The same service again keeps unsaved edits (the page reloads when anything is saved
        elsewhere); otherwise its texts are read afresh.
        """
        if service_id is not None and service_id == self.service_id and self.is_dirty():
            return
        self.service_id = service_id
        stored: dict[str, dict[str, str]] = {}
        if service_id is not None:
            with self.state.sessions() as session:
                stored = language.service_items(session, service_id)
        self._filling = True
        try:
            for cell in self.cells.values():
                cell.stored = stored.get(cell.key, {}).get(cell.locale, "")
                cell.edit.setText(cell.stored)
                cell.edit.setCursorPosition(0)
        finally:
            self._filling = False
        self.message.clear()
        if service_id is None:
            self.message.show_info(
                self.tr("Save the service first; then its texts can be changed.")
            )
        self.search.setEnabled(service_id is not None)
        self._update_buttons()

    def is_dirty(self) -> bool:
        return any(cell.dirty() for cell in self.cells.values())

    def own_count(self) -> int:
        """How many texts the service has of its own, as saved."""
        return sum(1 for cell in self.cells.values() if cell.stored)

    def cell(self, key: str, locale: str) -> QLineEdit:
        """The editor of ``key`` in ``locale`` (for tests and the page's focus)."""
        return self.cells[(key, locale)].edit

    def _filter(self, text: str) -> None:
        """Show only the rows whose key or texts (typed or default) contain ``text``."""
        wanted = text.strip().casefold()
        for row in range(self.table.rowCount()):
            item = self.table.item(row, KEY_COLUMN)
            key = item.text() if item is not None else ""
            words = [key]
            for locale in LOCALE_COLUMNS:
                edit = self.cells[(key, locale)].edit
                words += [edit.text(), edit.placeholderText()]
            hay = " ".join(words).casefold()
            self.table.setRowHidden(row, bool(wanted) and wanted not in hay)

    # -- saving ------------------------------------------------------------------------------

    def _edited(self) -> None:
        if not self._filling:
            self._update_buttons()

    def _update_buttons(self) -> None:
        dirty = self.is_dirty()
        busy = self.runner.busy()
        self.save_button.setEnabled(dirty and not busy and self.service_id is not None)
        self.revert_button.setEnabled(dirty and not busy)
        # Nothing is typed while a save runs: its outcome reloads the lines.
        self.table.setEnabled(self.service_id is not None and not busy)
        count = self.own_count()
        self.count_label.setText(
            self.tr("All texts are the defaults.")
            if count == 0
            else self.tr("Texts of this service's own: %1.").replace("%1", str(count))
        )

    def revert(self) -> None:
        """Show the texts as last saved again."""
        self._filling = True
        try:
            for cell in self.cells.values():
                cell.edit.setText(cell.stored)
        finally:
            self._filling = False
        self.message.clear()
        self._update_buttons()

    def save(self) -> None:
        """Save every edited line (an emptied one removes the service's own text)."""
        service_id = self.service_id
        if service_id is None or not self.is_dirty() or self.runner.busy():
            return
        changes = [(c.key, c.locale, c.value()) for c in self.cells.values() if c.dirty()]
        state = self.state
        self.message.clear()

        def work(session: Session) -> None:
            actor = state.actor(session)
            now = state.now()
            for key, locale, text in changes:
                if text:
                    language.save_item(session, actor, service_id, key, locale, text, now)
                else:
                    language.remove_item(session, actor, service_id, key, locale, now)

        self.runner.start(work)

    def _saved(self, _result: object) -> None:
        service_id, self.service_id = self.service_id, None
        self.set_service(service_id)
        self.message.show_info(self.tr("The booking page texts are saved."))
        self.changed.emit()
        self.save_finished.emit(True)

    def _refused(self, exc: object) -> None:
        assert isinstance(exc, BookingError)
        self.message.show_error(exc.message)
        self._update_buttons()
        self.save_finished.emit(False)

    def _crashed(self, _exc: object) -> None:
        self.message.show_error(
            self.tr("The texts could not be saved because of an unexpected error; it is logged.")
        )
        self._update_buttons()
        self.save_finished.emit(False)
