"""The address book screen: find, add, edit, delete, merge, import and export customers.

A search field above a table of customers (app.views.models.customer_table: ids read in
blocks as the table scrolls), the selected customer's appointment history beside it, and
the actions as buttons. Every key typed searches at once, on the screen's own search
thread, so typing never waits for the database: a search asked for while another runs
waits for it, only the newest one waiting is run, and results that arrive after a newer
key was typed are dropped, so the table always ends up showing what the field holds.
Every write is an app.booking use case run through ``run_write``;
a refusal (a customer with appointments cannot be deleted, say) is shown in the message
line above the table with the booking layer's own words. Imports and exports of the whole
address book run on a worker thread.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QItemSelection, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.booking.customer_io import export_csv, export_vcard
from app.booking.customers import (
    DuplicateGroup,
    customers_by_ids,
    default_region,
    delete_customer,
    find_duplicates,
    merge_customers,
    phone_display,
)
from app.booking.errors import BookingError
from app.booking.transactions import run_write
from app.models import Agent, Appointment, Branch, Service, StatusDefinition
from app.views.desk import DeskState
from app.views.dialogs.customer_edit import CustomerEditDialog
from app.views.dialogs.customer_import import CustomerImportDialog
from app.views.models.customer_table import (
    AddressRow,
    CustomerTableModel,
    SortKey,
    block_loader,
)
from app.views.qtdates import qdate
from app.views.worker import BackgroundTask

#: Customers read with each search (more are read as the table scrolls).
SEARCH_BLOCK = 50
#: Appointments listed in a customer's history (newest first).
HISTORY_LIMIT = 200


@dataclass(frozen=True)
class HistoryRow:
    """One past or coming appointment of a customer, as the history list shows it."""

    appointment_id: int
    start: datetime
    service: str
    agent: str | None
    status: str
    #: Archived by the nightly clean-up: kept in the history, shown as archived.
    archived: bool = False


def appointment_history(
    session: Session, customer_id: int, limit: int = HISTORY_LIMIT
) -> list[HistoryRow]:
    """A customer's appointments, newest first; ``start`` in its branch's time zone.

    Archived appointments are included (the history is where they remain visible) and
    marked ``archived``.
    """
    statement = (
        select(
            Appointment.id,
            Appointment.start_at,
            Service.name,
            Agent.name,
            StatusDefinition.name,
            Branch.timezone,
            Appointment.archived_at,
        )
        .join(Service, Service.id == Appointment.service_id)
        .join(StatusDefinition, StatusDefinition.id == Appointment.status_id)
        .join(Branch, Branch.id == Appointment.branch_id)
        .outerjoin(Agent, Agent.id == Appointment.agent_id)
        .where(Appointment.customer_id == customer_id)
        .order_by(Appointment.start_at.desc(), Appointment.id.desc())
        .limit(limit)
    )
    return [
        HistoryRow(
            aid, start.astimezone(ZoneInfo(tz)), service, agent, status, archived is not None
        )
        for aid, start, service, agent, status, tz, archived in session.execute(statement)
    ]


def _branch_zone(session: Session) -> ZoneInfo:
    """The zone dates are shown in: the branch's (the first one when there are several)."""
    name = session.scalar(select(Branch.timezone).order_by(Branch.id).limit(1))
    return ZoneInfo(name or "UTC")


class _Relay(QObject):
    """Brings a search's outcome from the search thread to the GUI thread (queued)."""

    #: (search number, query, sort key, descending, the finished Future of its rows)
    found = Signal(int, str, object, bool, object)


class CustomersView(QWidget):
    """The address book. Emits ``changed`` after every write so other screens refresh."""

    #: Emitted with the id of a customer added, edited or kept by a merge (0: deletions,
    #: imports and other changes touching several customers).
    changed = Signal(int)
    #: Emitted with a one-line message for the status bar (export written, import done).
    message = Signal(str)

    def __init__(self, state: DeskState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._task: BackgroundTask | None = None
        with state.sessions() as session:
            self._tz = _branch_zone(session)
        self._loader = block_loader(state.sessions)
        self.model = CustomerTableModel(self._loader, self, block=SEARCH_BLOCK, tz=self._tz)
        #: The search thread: one, so searches never pile up on the database; started with
        #: the first search and stopped when the screen is hidden.
        self._searcher: ThreadPoolExecutor | None = None
        #: Number of the newest search asked for; older results are dropped.
        self._search_number = 0
        self._relay = _Relay(self)
        self._relay.found.connect(self._found)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name, phone or e-mail"))
        self.search.setAccessibleName(self.tr("Search customers"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.search_in_background)
        self.search.returnPressed.connect(self.run_search)

        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Customers"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CustomerTableModel.EMAIL, QHeaderView.ResizeMode.Stretch)
        char = self.fontMetrics().averageCharWidth()
        self.table.setColumnWidth(CustomerTableModel.NAME, char * 30)
        self.table.setColumnWidth(CustomerTableModel.PHONE, char * 20)
        self.table.setColumnWidth(CustomerTableModel.CREATED, char * 14)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() * 3 // 2)
        header.setSortIndicator(CustomerTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)

        self.add_button = self._button(self.tr("&New customer…"), self.add_customer)
        self.edit_button = self._button(self.tr("&Edit…"), self.edit_selected)
        self.delete_button = self._button(self.tr("&Delete"), self.delete_selected)
        self.duplicates_button = self._button(self.tr("D&uplicates…"), self.show_duplicates)
        self.import_button = self._button(self.tr("&Import…"), self.import_file)
        self.export_csv_button = self._button(self.tr("Export &CSV…"), self.export_csv)
        self.export_vcard_button = self._button(self.tr("Export &vCard…"), self.export_vcard)
        # Table keys act only while the table has the focus (Delete in the search field
        # deletes a character, never a customer); Find works anywhere in the screen.
        within = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus).setContext(within)
        only_table = Qt.ShortcutContext.WidgetShortcut
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.delete_selected).setContext(
            only_table
        )
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, self.edit_selected).setContext(only_table)

        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Message"))
        self.notice.hide()

        self.history_title = QLabel(self.tr("Select a customer to see their appointments."))
        self.history_title.setWordWrap(True)
        self.history = QTreeWidget()
        self.history.setAccessibleName(self.tr("Appointment history"))
        self.history.setRootIsDecorated(False)
        self.history.setHeaderLabels(
            [self.tr("Date"), self.tr("Service"), self.tr("Agent"), self.tr("Status")]
        )
        self.history.header().setStretchLastSection(False)
        self.history.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.history.setColumnWidth(0, char * 22)

        actions = QHBoxLayout()
        actions.addWidget(self.search, 1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            actions.addWidget(button)
        tools = QHBoxLayout()
        for button in (
            self.duplicates_button,
            self.import_button,
            self.export_csv_button,
            self.export_vcard_button,
        ):
            tools.addWidget(button)
        tools.addStretch(1)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.history_title)
        side_layout.addWidget(self.history, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(tools)

        order = [
            self.search,
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.table,
            self.history,
            self.duplicates_button,
            self.import_button,
            self.export_csv_button,
            self.export_vcard_button,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        self.model.reload()

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    # -- searching and selecting -------------------------------------------------------------

    def run_search(self) -> None:
        """Search now, on this thread, for what is typed (Enter); a search still running
        on the search thread is dropped when it arrives."""
        self._search_number += 1
        query = self.search.text()
        if query == self.model.query():
            return
        self.model.set_query(query)
        self._searched()

    def search_in_background(self, query: str) -> Future[Sequence[AddressRow] | None]:
        """Read the first block of ``query`` on the search thread (every key calls this).

        The read waits only for a search already running; if a newer one is asked for
        meanwhile, this one is skipped or its rows dropped (see _found).
        """
        self._search_number += 1
        number = self._search_number
        key, descending = self.model.order_for(query)
        loader = self._loader

        def read() -> Sequence[AddressRow] | None:
            if number != self._search_number:  # a newer key came while this one waited
                return None
            return loader(query, key, descending, 0, SEARCH_BLOCK, None)

        if self._searcher is None:
            self._searcher = ThreadPoolExecutor(1, thread_name_prefix="customer-search")
        future = self._searcher.submit(read)
        relay = self._relay
        future.add_done_callback(
            lambda done: relay.found.emit(number, query, key, descending, done)
        )
        return future

    def _found(
        self,
        number: int,
        query: str,
        key: SortKey,
        descending: bool,
        done: Future[Sequence[AddressRow] | None],
    ) -> None:
        """A search's rows, on the GUI thread: shown unless a newer search was asked for."""
        if number != self._search_number or done.cancelled():
            return
        error = done.exception()
        if error is not None:
            self.show_notice(
                error.message
                if isinstance(error, BookingError)
                else self.tr("The search failed: %1").replace("%1", str(error))
            )
            return
        rows = done.result()
        if rows is None:
            return
        self.model.show_first_block(query, key, descending, rows)
        self._searched()

    def _searched(self) -> None:
        self.table.horizontalHeader().setSortIndicator(*self.model.sort_indicator())
        if self.model.rowCount():
            self.table.selectRow(0)

    def searching(self) -> bool:
        """Whether a search asked for has not been shown yet (for tests and tools)."""
        return self.search.text() != self.model.query()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: search for what the field holds if its rows were dropped on hide."""
        super().showEvent(event)
        if self.searching():
            self.search_in_background(self.search.text())

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop the search thread while nobody can type here (the window was closed):
        searches not started are dropped, a running one is waited for (it is short), so
        no thread outlives the screen or its database. The next key starts it again."""
        self._search_number += 1
        if self._searcher is not None:
            self._searcher.shutdown(wait=True, cancel_futures=True)
            self._searcher = None
        super().hideEvent(event)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.customer_id(rows[0].row()) if rows else None

    def select_customer(self, customer_id: int) -> bool:
        """Select ``customer_id`` if it is among the rows fetched; False otherwise."""
        row = self.model.row_of(customer_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _selection_changed(
        self, _selected: QItemSelection | None = None, _deselected: QItemSelection | None = None
    ) -> None:
        customer_id = self.selected_id()
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(customer_id is not None)
        self.show_history(customer_id)

    def show_history(self, customer_id: int | None) -> None:
        """List the customer's appointments, newest first, in the branch's time zone."""
        self.history.clear()
        if customer_id is None:
            self.history_title.setText(self.tr("Select a customer to see their appointments."))
            return
        with self.state.sessions() as session:
            found = customers_by_ids(session, [customer_id])
            rows = appointment_history(session, customer_id)
            region = default_region(session)
            if not found:
                self.history_title.setText(self.tr("This customer no longer exists."))
                return
            customer = found[0]
            contact = [v for v in (phone_display(customer.phone, region), customer.email) if v]
            title = customer.name + (" — " + ", ".join(contact) if contact else "")
        locale = QLocale()
        if rows:
            self.history_title.setText(
                self.tr("%1: %2 appointment(s)").replace("%1", title).replace("%2", str(len(rows)))
            )
        else:
            self.history_title.setText(self.tr("%1: no appointments yet").replace("%1", title))
        for row in rows:
            when = (
                locale.toString(qdate(row.start.date()), QLocale.FormatType.ShortFormat)
                + " "
                + row.start.strftime("%H:%M")
            )
            status = row.status
            if row.archived:
                status = self.tr("%1 (archived)").replace("%1", row.status)
            item = QTreeWidgetItem([when, row.service, row.agent or self.tr("(any)"), status])
            item.setData(0, Qt.ItemDataRole.UserRole, row.appointment_id)
            if row.archived:
                # Dimmed like disabled text of the palette: history, no longer on the calendar.
                dim = self.history.palette().brush(
                    QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
                )
                for column in range(item.columnCount()):
                    item.setForeground(column, dim)
                    item.setToolTip(
                        column, self.tr("Archived: kept in the history, no longer on the calendar.")
                    )
            self.history.addTopLevelItem(item)

    def show_notice(self, text: str) -> None:
        """Show a message (a refusal, an outcome) above the table until the next action."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def refresh(self, keep: int | None = None) -> None:
        """Read the table again (after a write here or elsewhere), keeping a selection."""
        keep = keep if keep is not None else self.selected_id()
        self._search_number += 1  # a search still on its way would show the old rows
        if self.search.text() != self.model.query():
            self.model.set_query(self.search.text())
        else:
            self.model.reload()
        if (keep is None or not self.select_customer(keep)) and self.model.rowCount():
            self.table.selectRow(0)

    # -- actions -----------------------------------------------------------------------------

    def add_customer(self) -> CustomerEditDialog:
        """Open the new-customer dialog (pre-filled with a typed name when it looks like one)."""
        dialog = CustomerEditDialog(self.state, None, self)
        typed = self.search.text().strip()
        if typed and not any(ch.isdigit() or ch == "@" for ch in typed):
            dialog.name.setText(typed)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def edit_selected(self) -> CustomerEditDialog | None:
        customer_id = self.selected_id()
        if customer_id is None:
            return None
        dialog = CustomerEditDialog(self.state, customer_id, self)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def _saved(self, customer_id: int) -> None:
        self.show_notice("")
        self.refresh(customer_id)
        self.changed.emit(customer_id)

    def delete_selected(self, *, confirm: bool = True) -> bool:
        """Delete the selected customer; a refusal (appointments on record) is shown."""
        customer_id = self.selected_id()
        if customer_id is None:
            return False
        if confirm:
            row = self.table.selectionModel().selectedRows()[0].row()
            name = self.model.index(row, CustomerTableModel.NAME).data()
            answer = QMessageBox.question(
                self,
                self.tr("Delete customer"),
                self.tr("Delete %1 from the address book?").replace("%1", str(name)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        state = self.state

        def work(session: Session) -> None:
            delete_customer(session, state.actor(session), customer_id, now=state.now())

        try:
            run_write(self.state.sessions, work)
        except BookingError as exc:
            self.show_notice(exc.message)
            return False
        self.show_notice(self.tr("The customer was deleted."))
        self.refresh()
        self.changed.emit(0)
        return True

    def show_duplicates(self) -> DuplicatesDialog:
        dialog = DuplicatesDialog(self.state, self)
        dialog.merged.connect(self._merged)
        dialog.open()
        return dialog

    def _merged(self, keep_id: int) -> None:
        self.refresh(keep_id)
        self.changed.emit(keep_id)

    def import_file(self, path: str | None = None) -> CustomerImportDialog:
        dialog = CustomerImportDialog(self.state, self)
        dialog.imported.connect(self._imported)
        if path:
            dialog.load_file(path)
        dialog.open()
        return dialog

    def _imported(self, ids: list[int]) -> None:
        self.refresh()
        text = self.tr("%1 customer(s) imported.").replace("%1", str(len(ids)))
        self.show_notice(text)
        self.message.emit(text)
        self.changed.emit(0)

    def export_csv(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export customers"), "customers.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_to(path, "csv")

    def export_vcard(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export customers"), "customers.vcf", self.tr("vCard files (*.vcf)")
        )
        if path:
            self.export_to(path, "vcard")

    def export_to(self, path: str, fmt: str) -> BackgroundTask:
        """Write the whole address book to ``path`` on a worker thread."""
        sessions = self.state.sessions
        target = Path(path)

        def work() -> None:
            with sessions() as session:
                text = export_csv(session) if fmt == "csv" else export_vcard(session)
            # The text already holds its CRLF line ends; write it byte for byte.
            target.write_bytes(text.encode("utf-8"))

        task = BackgroundTask(work, self)
        for button in (self.export_csv_button, self.export_vcard_button):
            button.setEnabled(False)
        task.succeeded.connect(lambda _none: self._exported(str(target)))
        task.failed.connect(lambda exc: self.show_notice(self._failure_text(exc)))
        task.finished.connect(self._export_finished)
        self._task = task
        task.start()
        return task

    def _exported(self, path: str) -> None:
        text = self.tr("Customers exported to %1.").replace("%1", path)
        self.show_notice(text)
        self.message.emit(text)

    def _export_finished(self) -> None:
        for button in (self.export_csv_button, self.export_vcard_button):
            button.setEnabled(True)
        self._task = None

    def _failure_text(self, exc: object) -> str:
        if isinstance(exc, BookingError):
            return exc.message
        if isinstance(exc, OSError):
            return self.tr("The file could not be written: %1").replace("%1", str(exc.strerror))
        return self.tr("The export failed: %1").replace("%1", str(exc))


class DuplicatesDialog(QDialog):
    """Groups of customers sharing a phone or an e-mail, and merging a group into one.

    The receptionist selects the record to keep (its name stays; its empty phone or
    e-mail is filled from the others) and merges: every other record of the group is
    folded into it by app.booking.customers.merge_customers, appointments included, in
    one transaction.
    """

    #: Emitted with the id of the record kept after a merge.
    merged = Signal(int)

    def __init__(self, state: DeskState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(self.tr("Possible duplicates"))
        self.groups: list[DuplicateGroup] = []
        self.intro = QLabel(
            self.tr(
                "Customers below share a phone number or an e-mail address. Select the "
                "record to keep and merge: the others' appointments move to it."
            )
        )
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Duplicate groups"))
        self.tree.setHeaderLabels(
            [self.tr("Name"), self.tr("Phone"), self.tr("E-mail"), self.tr("Appointments")]
        )
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.currentItemChanged.connect(lambda *_args: self._update_buttons())
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Message"))
        self.merge_button = QPushButton(self.tr("&Keep selected, merge the others"))
        self.merge_button.setAccessibleName(self.tr("Keep selected, merge the others"))
        self.merge_button.clicked.connect(self.merge_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 110, self.fontMetrics().lineSpacing() * 28)
        self.reload()

    def reload(self) -> None:
        """Find the groups again and list them, each member with its appointment count."""
        self.tree.clear()
        with self.state.sessions() as session:
            self.groups = find_duplicates(session)
            region = default_region(session)
            members = [i for g in self.groups for i in g.ids]
            customers = {c.id: c for c in customers_by_ids(session, members)}
            counts: dict[int, int] = {
                cid: int(n)
                for cid, n in session.execute(
                    select(Appointment.customer_id, func.count())
                    .where(Appointment.customer_id.in_(members))
                    .group_by(Appointment.customer_id)
                )
            }
            for group in self.groups:
                shared = ", ".join(
                    (phone_display(value, region) or value) if kind == "phone" else value
                    for kind, value in group.shared
                )
                heading = (
                    self.tr("%1 records share %2")
                    .replace("%1", str(len(group.ids)))
                    .replace("%2", shared)
                )
                top = QTreeWidgetItem([heading])
                top.setFirstColumnSpanned(True)
                top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                self.tree.addTopLevelItem(top)
                for cid in group.ids:
                    c = customers[cid]
                    child = QTreeWidgetItem(
                        [
                            c.name,
                            phone_display(c.phone, region) or "",
                            c.email or "",
                            str(counts.get(cid, 0)),
                        ]
                    )
                    child.setData(0, Qt.ItemDataRole.UserRole, cid)
                    top.addChild(child)
                top.setFirstColumnSpanned(True)
        self.tree.expandAll()
        if not self.groups:
            self.notice.setText(self.tr("No two customers share a phone number or e-mail."))
        self._update_buttons()

    def select_customer(self, customer_id: int) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount() if top is not None else 0):
                child = top.child(j) if top is not None else None
                if child is not None and child.data(0, Qt.ItemDataRole.UserRole) == customer_id:
                    self.tree.setCurrentItem(child)
                    return True
        return False

    def _current_group(self) -> tuple[int, list[int]] | None:
        item = self.tree.currentItem()
        if item is None or item.parent() is None:
            return None
        keep = int(item.data(0, Qt.ItemDataRole.UserRole))
        group = next(g for g in self.groups if keep in g.ids)
        return keep, [i for i in group.ids if i != keep]

    def _update_buttons(self) -> None:
        self.merge_button.setEnabled(self._current_group() is not None)

    def merge_selected(self) -> bool:
        """Merge the selected record's group into it; a refusal is shown in the dialog."""
        chosen = self._current_group()
        if chosen is None:
            self.notice.setText(self.tr("Select the record to keep first."))
            return False
        keep, others = chosen
        state = self.state

        def work(session: Session) -> int:
            actor = state.actor(session)
            moved = 0
            for other in others:
                result = merge_customers(session, actor, keep, other, now=state.now())
                moved += len(result.moved_appointments)
            return moved

        try:
            moved = run_write(self.state.sessions, work)
        except BookingError as exc:
            self.notice.setText(exc.message)
            return False
        self.reload()
        self.notice.setText(
            self.tr("Merged %1 record(s); %2 appointment(s) moved.")
            .replace("%1", str(len(others)))
            .replace("%2", str(moved))
        )
        self.merged.emit(keep)
        return True
