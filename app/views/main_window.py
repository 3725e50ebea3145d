"""The desk's main window: toolbar, the month/week/day calendar, and the status bar.

The window holds no business rules. It asks the CalendarController for a snapshot of the
dates it shows (loaded off the GUI thread), hands it to the visible view, and turns the
views' intents into dialogs and app.booking use cases: a click on free time opens the
booking panel there, a click on an appointment opens its details, a drag asks for a reason
and reschedules (a refused move snaps back and says why). Changes made here, on another
desk or by the sync worker reload the range shown, keeping scroll and selection.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStatusBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from app import __version__
from app.booking import appointments as use
from app.booking import queries
from app.booking.calendar_data import CalendarSnapshot
from app.booking.errors import BookingError
from app.booking.permissions import ADMINISTER
from app.models import Branch, CalendarAccount
from app.views.calendar.controller import CalendarController, Request
from app.views.calendar.month import MonthView, grid_range, qt_first_weekday
from app.views.calendar.navigation import ViewMode, step, visible_range
from app.views.calendar.style import LegendWidget
from app.views.calendar.timegrid import TimeGridView
from app.views.desk import DeskState
from app.views.dialogs import WriteRunner
from app.views.mail.outbox_view import failed_count
from app.views.qtdates import qdate
from app.views.watcher import ChangeWatcher
from app.views.worker import BackgroundTask


class MainWindow(QMainWindow):
    """The desk. ``mode_changed`` and ``date_changed`` say what the calendar shows."""

    #: The view mode (ViewMode) now shown.
    mode_changed = Signal(object)
    #: The anchor date (datetime.date) now shown.
    date_changed = Signal(object)
    #: A CalendarSnapshot just handed to the visible view.
    snapshot_shown = Signal(object)
    #: A background job ran (emitted from the job's thread; handled on the GUI thread).
    jobs_ran = Signal()

    def __init__(self, state: DeskState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        #: Long work started for this window (the first-start demo data), if any.
        self.demo_task: BackgroundTask | None = None
        #: The watcher of other desks' changes, when the window was opened with one.
        self.watcher: ChangeWatcher | None = None
        self.locale_ = QLocale()
        self.mode = ViewMode.WEEK
        self.show_cancelled = False
        self.agent_filter: int | None = None
        self.branch_id: int | None = None
        self.branch_tz = ZoneInfo("UTC")
        self.branch_region: str | None = None
        self._read_branch()
        self.anchor = self._today()
        self.setObjectName("mainWindow")
        self.resize(1280, 820)

        self._tools: dict[str, QDialog] = {}
        self.approval_queue: Any = None
        self.admin_window: Any = None
        #: The background jobs of this desk (app.jobs.scheduler.DeskScheduler), if started.
        self.scheduler: Any = None
        self.controller = CalendarController(state, self)
        self.controller.snapshot_ready.connect(self._show_snapshot)
        self.controller.load_failed.connect(self._load_failed)
        self.writer = WriteRunner(state.sessions, self)
        self.writer.succeeded.connect(self._written)
        self.writer.refused.connect(self._refused)
        self.writer.crashed.connect(self._crashed)

        self._build_central()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._apply_permissions()
        self.jobs_ran.connect(self.refresh_status)
        self.refresh_status()
        self._show()
        self._clock = QTimer(self)  # moves the current-time line and "today"
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()

    # -- branch ---------------------------------------------------------------------

    def _read_branch(self) -> None:
        with self.state.sessions() as session:
            branch = session.scalars(select(Branch).order_by(Branch.name).limit(1)).first()
            if branch is not None:
                self.branch_id = branch.id
                self.branch_tz = ZoneInfo(branch.timezone)
                self.branch_region = branch.country

    def _today(self) -> date:
        return self.state.now().astimezone(self.branch_tz).date()

    # -- building -------------------------------------------------------------------

    def _build_central(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 4)
        top = QHBoxLayout()
        self.title = QLabel(central)
        self.title.setObjectName("rangeTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        top.addWidget(self.title, 1)
        self.agent_combo = QComboBox(central)
        self.agent_combo.setObjectName("agentFilter")
        self.agent_combo.setAccessibleName(self.tr("Agents shown"))
        self.agent_combo.currentIndexChanged.connect(self._agent_changed)
        top.addWidget(QLabel(self.tr("Agents:"), central))
        top.addWidget(self.agent_combo)
        self.cancelled_box = QCheckBox(self.tr("Show cancelled"), central)
        self.cancelled_box.setObjectName("showCancelled")
        self.cancelled_box.toggled.connect(self._cancelled_toggled)
        top.addWidget(self.cancelled_box)
        layout.addLayout(top)
        self.notice = QLabel(central)
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Notice"))
        self.notice.hide()
        layout.addWidget(self.notice)
        self.stack = QStackedWidget(central)
        self.timegrid = TimeGridView(self.stack)
        self.month = MonthView(self.stack)
        self.empty = QLabel(
            self.tr(
                "No branch yet: create one with Administration, Branch, services and agents "
                "(Ctrl+Shift+M), or apply a branch setup file (frontdesk setup apply FILE.toml)."
            ),
            self.stack,
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack.addWidget(self.timegrid)
        self.stack.addWidget(self.month)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        self.legend = LegendWidget(central)
        layout.addWidget(self.legend)
        self.setCentralWidget(central)
        self.timegrid.free_time_clicked.connect(self._free_time_clicked)
        self.timegrid.appointment_activated.connect(self.open_details)
        self.timegrid.reschedule_requested.connect(self._reschedule_requested)
        self.month.day_activated.connect(self._day_activated)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self.notice.hide)
        self._fill_agents()

    def _fill_agents(self) -> None:
        self.agent_combo.blockSignals(True)
        self.agent_combo.clear()
        self.agent_combo.addItem(self.tr("Whole team"), None)
        if self.branch_id is not None:
            with self.state.sessions() as session:
                from app.models import Agent

                for agent_id, name in session.execute(
                    select(Agent.id, Agent.name)
                    .where(Agent.branch_id == self.branch_id, Agent.active.is_(True))
                    .order_by(Agent.position, Agent.name)
                ):
                    self.agent_combo.addItem(name, agent_id)
        index = self.agent_combo.findData(self.agent_filter)
        self.agent_combo.setCurrentIndex(max(0, index))
        self.agent_combo.blockSignals(False)

    def _build_actions(self) -> None:
        def action(text: str, keys: list[QKeySequence], tip: str, slot: Any) -> QAction:
            act = QAction(text, self)
            act.setShortcuts(keys)
            act.setToolTip(tip)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        ctrl, alt = Qt.Modifier.CTRL, Qt.Modifier.ALT
        self.act_today = action(
            self.tr("&Today"),
            [QKeySequence(ctrl | Qt.Key.Key_T)],
            self.tr("Go to today (Ctrl+T)"),
            self.go_today,
        )
        self.act_prev = action(
            self.tr("&Previous"),
            [QKeySequence(alt | Qt.Key.Key_Left), QKeySequence(Qt.Key.Key_PageUp)],
            self.tr("Previous (Alt+Left)"),
            lambda: self.go(-1),
        )
        self.act_next = action(
            self.tr("&Next"),
            [QKeySequence(alt | Qt.Key.Key_Right), QKeySequence(Qt.Key.Key_PageDown)],
            self.tr("Next (Alt+Right)"),
            lambda: self.go(1),
        )
        self.act_new = action(
            self.tr("&New booking…"),
            [QKeySequence(ctrl | Qt.Key.Key_N)],
            self.tr("Book a caller or a customer (Ctrl+N)"),
            lambda: self.open_booking(),
        )
        self.act_walk_in = action(
            self.tr("&Walk-in…"),
            [QKeySequence(Qt.Key.Key_F2)],
            self.tr("The next free slot from now, any agent (F2)"),
            lambda: self.open_booking(walk_in=True),
        )
        self.act_refresh = action(
            self.tr("&Refresh"),
            [QKeySequence(Qt.Key.Key_F5)],
            self.tr("Read again (F5)"),
            self.reload,
        )
        self.act_print_day = action(
            self.tr("&Print the day…"),
            [QKeySequence(ctrl | Qt.Key.Key_P)],
            self.tr("Print the day's list (Ctrl+P)"),
            self.print_day,
        )
        self.act_pdf_day = action(
            self.tr("Save the day as P&DF…"),
            [],
            self.tr("Save the day's list as a PDF file"),
            self.save_day_pdf,
        )
        self.act_week_sheet = action(
            self.tr("Save the &week sheet as PDF…"),
            [],
            self.tr("One agent's week, to hand out"),
            self.save_week_sheet,
        )
        shift = Qt.Modifier.SHIFT
        self.act_customers = action(
            self.tr("&Customers…"),
            [QKeySequence(ctrl | shift | Qt.Key.Key_C)],
            self.tr("The address book (Ctrl+Shift+C)"),
            self.open_customers,
        )
        self.act_approvals = action(
            self.tr("&Approval queue…"),
            [QKeySequence(ctrl | shift | Qt.Key.Key_A)],
            self.tr("Requests awaiting confirmation (Ctrl+Shift+A)"),
            self.open_approvals,
        )
        self.act_audit = action(
            self.tr("Audit &trail…"), [], self.tr("Who changed what, and when"), self.open_audit
        )
        self.act_admin = action(
            self.tr("&Branch, services and agents…"),
            [QKeySequence(ctrl | shift | Qt.Key.Key_M)],
            self.tr("Set up the branch, its services, agents, rules and e-mails (Ctrl+Shift+M)"),
            lambda: self.open_administration(),
        )
        self.act_users = action(
            self.tr("&Users and permissions…"),
            [],
            self.tr("Who may sign in, and what each role may do"),
            lambda: self.open_administration("users"),
        )
        self.act_accounts = action(
            self.tr("&Calendar accounts…"),
            [],
            self.tr("Agents' Outlook, Exchange, Google and CalDAV calendars, kept in step"),
            self.open_accounts,
        )
        self.act_outbox = action(
            self.tr("&Outbox…"),
            [],
            self.tr("E-mails waiting, sent and failed"),
            self.open_outbox,
        )
        self.act_database = action(
            self.tr("&Database…"),
            [],
            self.tr("Where this desk keeps its data: this computer or a shared server"),
            self.open_database_settings,
        )
        self.view_group = QActionGroup(self)
        self.view_group.setExclusive(True)
        self.view_actions: dict[ViewMode, QAction] = {}
        labels = {
            ViewMode.DAY: (self.tr("&Day"), Qt.Key.Key_1),
            ViewMode.WEEK: (self.tr("&Week"), Qt.Key.Key_2),
            ViewMode.MONTH: (self.tr("&Month"), Qt.Key.Key_3),
        }
        for mode, (label, key) in labels.items():
            act = QAction(label, self)
            act.setCheckable(True)
            act.setShortcut(QKeySequence(ctrl | key))
            act.setToolTip(f"{label.replace('&', '')} (Ctrl+{key.name[-1]})")
            act.triggered.connect(lambda _checked=False, m=mode: self.set_mode(m))
            self.view_group.addAction(act)
            self.view_actions[mode] = act
        self.view_actions[self.mode].setChecked(True)
        self.act_quit = QAction(self.tr("&Quit"), self)
        self.act_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.act_quit.triggered.connect(self.close)
        self.act_about = QAction(self.tr("&About Front Desk"), self)
        self.act_about.triggered.connect(self.show_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        for act in (self.act_print_day, self.act_pdf_day, self.act_week_sheet):
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        book_menu = bar.addMenu(self.tr("&Booking"))
        book_menu.addAction(self.act_new)
        book_menu.addAction(self.act_walk_in)
        book_menu.addSeparator()
        book_menu.addAction(self.act_customers)
        book_menu.addAction(self.act_approvals)
        book_menu.addAction(self.act_audit)
        view_menu = bar.addMenu(self.tr("&View"))
        for act in (self.act_today, self.act_prev, self.act_next):
            view_menu.addAction(act)
        view_menu.addSeparator()
        for act in self.view_actions.values():
            view_menu.addAction(act)
        view_menu.addSeparator()
        view_menu.addAction(self.act_refresh)
        admin_menu = bar.addMenu(self.tr("&Administration"))
        admin_menu.addAction(self.act_admin)
        admin_menu.addAction(self.act_users)
        admin_menu.addAction(self.act_accounts)
        admin_menu.addSeparator()
        admin_menu.addAction(self.act_outbox)
        admin_menu.addAction(self.act_database)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        tb = QToolBar(self.tr("Navigation"), self)
        tb.setObjectName("navigationToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.addAction(self.act_new)
        tb.addAction(self.act_walk_in)
        tb.addAction(self.act_customers)
        tb.addAction(self.act_approvals)
        tb.addSeparator()
        tb.addAction(self.act_today)
        tb.addAction(self.act_prev)
        tb.addAction(self.act_next)
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("datePicker")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setAccessibleName(self.tr("Go to date"))
        # ISO dates read the same in English and French, as Canadian forms use them.
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(qdate(self.anchor))
        self.date_edit.dateChanged.connect(self._picked)
        tb.addWidget(self.date_edit)
        tb.addSeparator()
        for act in self.view_actions.values():
            tb.addAction(act)
        self.addToolBar(tb)
        self.toolbar = tb

    def _build_status_bar(self) -> None:
        bar = QStatusBar(self)
        self.status_database = QLabel()
        self.status_database.setObjectName("statusDatabase")
        self.status_branch = QLabel()
        self.status_branch.setObjectName("statusBranch")
        self.status_user = QLabel()
        self.status_user.setObjectName("statusUser")
        self.status_sync = QLabel()
        self.status_sync.setObjectName("statusSync")
        self.status_approvals = QLabel()
        self.status_approvals.setObjectName("statusApprovals")
        self.status_mail = QLabel()
        self.status_mail.setObjectName("statusMail")
        self.status_mail.setAccessibleName(self.tr("E-mails that could not be sent"))
        for label in (
            self.status_branch,
            self.status_user,
            self.status_sync,
            self.status_approvals,
            self.status_mail,
        ):
            label.setContentsMargins(10, 0, 10, 0)
            bar.addPermanentWidget(label)
        bar.addWidget(self.status_database, 1)
        self.setStatusBar(bar)

    # -- status -----------------------------------------------------------------------

    def refresh_status(self) -> None:
        """Re-read the branch, the approval count and the sync state (short queries)."""
        had_branch = self.branch_id is not None
        self._read_branch()
        with self.state.sessions() as session:
            found = queries.branches(session)
            waiting = queries.awaiting_approval_count(session, self.branch_id)
            accounts = int(session.scalar(select(func.count()).select_from(CalendarAccount)) or 0)
            failed_mail = failed_count(session)
        if failed_mail:
            self.status_mail.setText(
                self.tr("E-mails not sent: %1 (Administration, Outbox)").replace(
                    "%1", str(failed_mail)
                )
            )
            self.status_mail.show()
        else:
            self.status_mail.clear()
            self.status_mail.hide()
        self.status_database.setText(
            self.tr("Database: %1").replace("%1", self.state.database_label)
        )
        if found:
            names = ", ".join(b.name for b in found)
            self.status_branch.setText(
                self.tr("Branch: %1 (%2)").replace("%1", names).replace("%2", found[0].timezone)
            )
            self.setWindowTitle(self.tr("Front Desk — %1").replace("%1", names))
        else:
            self.status_branch.setText(self.tr("No branch set up yet"))
            self.setWindowTitle(self.tr("Front Desk"))
        self.status_user.setText(self.tr("Signed in: %1").replace("%1", self.state.user_label))
        self.status_sync.setText(
            self.tr("Calendar sync: %1 accounts").replace("%1", str(accounts))
            if accounts
            else self.tr("Calendar sync: not set up")
        )
        self.status_approvals.setText(self.tr("Awaiting approval: %1").replace("%1", str(waiting)))
        if not had_branch and self.branch_id is not None:
            self._fill_agents()
            self.anchor = self._today()
            self._show()

    # -- navigation -------------------------------------------------------------------

    def set_mode(self, mode: ViewMode) -> None:
        if mode is self.mode:
            return
        self.mode = mode
        self.view_actions[mode].setChecked(True)
        self._show()
        self.mode_changed.emit(mode)

    def go(self, delta: int) -> None:
        self.set_anchor(step(self.mode, self.anchor, delta))

    def go_today(self) -> None:
        self.set_anchor(self._today())

    def set_anchor(self, day: date) -> None:
        if day == self.anchor:
            return
        self.anchor = day
        self._show()
        self.date_changed.emit(day)

    def _picked(self, qdate: QDate) -> None:
        self.set_anchor(qdate.toPython())  # type: ignore[arg-type]

    def _agent_changed(self, _index: int) -> None:
        data = self.agent_combo.currentData()
        self.agent_filter = int(data) if data is not None else None
        self._show()

    def _cancelled_toggled(self, checked: bool) -> None:
        self.show_cancelled = checked
        if self.controller.snapshot is not None:
            self._show_snapshot(self.controller.snapshot)

    def _day_activated(self, day: object) -> None:
        if isinstance(day, date):
            self.anchor = day
            self.set_mode(ViewMode.DAY)
            self.date_changed.emit(day)

    def _first_weekday(self) -> int:
        return qt_first_weekday(self.locale_)

    def visible_dates(self) -> tuple[date, date]:
        if self.mode is ViewMode.MONTH:
            return grid_range(self.anchor, self._first_weekday())
        return visible_range(self.mode, self.anchor, self._first_weekday())

    def _show(self) -> None:
        """Show the range title at once, and ask for the range's snapshot."""
        first, last = visible_range(self.mode, self.anchor, self._first_weekday())
        self.title.setText(self._range_title(first, last))
        if self.date_edit.date().toPython() != self.anchor:
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(qdate(self.anchor))
            self.date_edit.blockSignals(False)
        if self.branch_id is None:
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self.month if self.mode is ViewMode.MONTH else self.timegrid)
        first, last = self.visible_dates()
        agents = (self.agent_filter,) if self.agent_filter is not None else None
        self.controller.show(Request(self.branch_id, first, last, agents))

    def _range_title(self, first: date, last: date) -> str:
        loc = self.locale_
        if self.mode is ViewMode.DAY:
            return loc.toString(qdate(first), "dddd d MMMM yyyy")
        if self.mode is ViewMode.MONTH:
            return loc.toString(qdate(first), "MMMM yyyy")
        left = "d MMM yyyy" if first.year != last.year else "d MMM"
        return f"{loc.toString(qdate(first), left)} – {loc.toString(qdate(last), 'd MMM yyyy')}"

    def reload(self) -> None:
        self.controller.reload()
        self.refresh_status()

    def _tick(self) -> None:
        """Every minute: move the current-time line (and "today" after midnight)."""
        if self.mode is not ViewMode.MONTH:
            self.timegrid.set_now(self.state.now())
        elif self.controller.snapshot is not None:
            self._show_snapshot(self.controller.snapshot)

    def _show_snapshot(self, snapshot: object) -> None:
        if not isinstance(snapshot, CalendarSnapshot):
            return
        now = self.state.now()
        if self.mode is ViewMode.MONTH:
            self.month.set_snapshot(
                snapshot,
                anchor=self.anchor,
                show_cancelled=self.show_cancelled,
                today=self._today(),
            )
        else:
            self.timegrid.set_snapshot(
                snapshot,
                mode=self.mode,
                day=self.anchor,
                agent_filter={self.agent_filter} if self.agent_filter is not None else None,
                show_cancelled=self.show_cancelled,
                now=now,
            )
        self.legend.set_snapshot(snapshot, show_cancelled=self.show_cancelled)
        self.snapshot_shown.emit(snapshot)

    def _load_failed(self, exc: object) -> None:
        self.say(self.tr("The calendar could not be read: %1").replace("%1", str(exc)), error=True)

    def on_change(self, change: object) -> None:
        """Slot for ChangeWatcher.changed (another desk, the sync worker, the CLI)."""
        self.controller.on_change(change)
        self.refresh_status()
        if "admin" in self._tools and self.admin_window is not None:
            self.admin_window.reload()
        if "approvals" in self._tools and self.approval_queue is not None:
            self.approval_queue.refresh()

    # -- intents from the views ---------------------------------------------------------

    def open_booking(
        self,
        *,
        walk_in: bool = False,
        agent_id: int | None = None,
        start: datetime | None = None,
    ) -> Any:
        if self.branch_id is None:
            self.say(self.tr("Set up a branch first."), error=True)
            return None
        from app.views.dialogs.booking_panel import BookingPanel

        panel = BookingPanel(self.state, self.branch_id, self)
        panel.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        panel.prefill(agent_id=agent_id, start=start, walk_in=walk_in)
        panel.booked.connect(self._booked)
        panel.open()
        self.booking_panel = panel
        return panel

    def _free_time_clicked(self, agent_id: object, start: object) -> None:
        self.open_booking(
            agent_id=agent_id if isinstance(agent_id, int) else None,
            start=start if isinstance(start, datetime) else None,
        )

    def _booked(self, ids: object) -> None:
        count = len(ids) if isinstance(ids, list) else 1
        self.say(self.tr("Booked (%1).").replace("%1", str(count)))
        self.reload()

    def open_details(self, appointment_id: int) -> Any:
        from app.views.dialogs.appointment_details import AppointmentDetailsDialog

        dialog = AppointmentDetailsDialog(self.state, appointment_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(lambda _id: self.reload())
        dialog.open()
        self.details_dialog = dialog
        return dialog

    def _reschedule_requested(self, appointment_id: int, start: object, agent_id: object) -> None:
        if not isinstance(start, datetime):
            return
        local = start.astimezone(self.branch_tz).strftime("%Y-%m-%d %H:%M")
        reason, ok = self.ask_reason(
            self.tr("Move the appointment to %1: why?").replace("%1", local)
        )
        if not ok or not reason.strip():
            self.say(self.tr("Not moved: a reason is needed."), error=True)
            self.reload()  # the block snaps back
            return
        new_agent = agent_id if isinstance(agent_id, int) else None
        now = self.state.now()
        state = self.state

        def work(session: Any) -> object:
            return use.reschedule(
                session,
                state.actor(session),
                appointment_id,
                start,
                reason,
                now,
                agent_id=new_agent,
            ).id

        self._pending_move = local
        self.writer.start(work)

    def ask_reason(self, question: str) -> tuple[str, bool]:
        """Ask for a reason (a seam the tests replace)."""
        return QInputDialog.getText(self, self.tr("Reason"), question)

    def _written(self, _result: object) -> None:
        self.say(self.tr("Moved to %1.").replace("%1", getattr(self, "_pending_move", "")))
        self.reload()

    def _refused(self, exc: object) -> None:
        message = exc.message if isinstance(exc, BookingError) else str(exc)
        self.say(self.tr("Not moved: %1").replace("%1", message), error=True)
        self.reload()  # the block goes back where it was

    def _crashed(self, exc: object) -> None:
        self.say(
            self.tr("Something went wrong; nothing was changed (%1).").replace(
                "%1", type(exc).__name__
            ),
            error=True,
        )
        self.reload()

    def say(self, text: str, *, error: bool = False) -> None:
        """A notice above the calendar for a few seconds (refusals stay longer)."""
        self.notice.setText(text)
        self.notice.setProperty("error", error)
        role = "red" if error else ""
        self.notice.setStyleSheet(f"color: {role};" if role else "")
        self.notice.show()
        self._notice_timer.start(12_000 if error else 5_000)
        self.statusBar().showMessage(text, 12_000 if error else 5_000)

    # -- tool windows ---------------------------------------------------------------------

    def _tool(self, name: str, title: str, make: Any) -> QDialog:
        """A non-modal window holding one screen; shown again when already open."""
        window = self._tools.get(name)
        if window is None:
            window = QDialog(self)
            window.setObjectName(f"{name}Window")
            window.setWindowTitle(title)
            window.setAccessibleName(title)
            layout = QVBoxLayout(window)
            layout.setContentsMargins(4, 4, 4, 4)
            widget = make(window)
            layout.addWidget(widget)
            window.resize(1100, 700)
            window.finished.connect(lambda _result, n=name: self._tools.pop(n, None))
            self._tools[name] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def open_customers(self) -> QDialog:
        from app.views.customers_view import CustomersView

        def make(parent: QWidget) -> QWidget:
            view = CustomersView(self.state, parent)
            view.changed.connect(lambda _id: self.reload())
            view.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
            return view

        return self._tool("customers", self.tr("Customers"), make)

    def open_approvals(self) -> QDialog | None:
        if self.branch_id is None:
            self.say(self.tr("Set up a branch first."), error=True)
            return None
        from app.views.approvals import ApprovalQueue

        branch_id = self.branch_id

        def make(parent: QWidget) -> QWidget:
            queue = ApprovalQueue(self.state, branch_id, parent)
            queue.changed.connect(self.reload)
            queue.count_changed.connect(
                lambda n: self.status_approvals.setText(
                    self.tr("Awaiting approval: %1").replace("%1", str(n))
                )
            )
            self.approval_queue = queue
            return queue

        return self._tool("approvals", self.tr("Approval queue"), make)

    def open_administration(self, page: str | None = None) -> QDialog:
        """The administration window, on ``page`` when given (e.g. "users")."""
        from app.views.admin.window import AdministrationWindow

        def make(parent: QWidget) -> QWidget:
            window = AdministrationWindow(self.state, self.branch_id, parent)
            window.changed.connect(self._administration_changed)
            self.admin_window = window
            return window

        dialog = self._tool("admin", self.tr("Administration"), make)
        if page is not None and self.admin_window is not None and self.branch_id is not None:
            self.admin_window.show_page(page)
        return dialog

    def _administration_changed(self) -> None:
        had_branch = self.branch_id is not None
        self._read_branch()
        self._fill_agents()
        if not had_branch and self.branch_id is not None:
            self.anchor = self._today()
            self._show()
        else:
            self.reload()

    def open_accounts(self) -> QDialog:
        from app.views.accounts_view import AccountsView

        def make(parent: QWidget) -> QWidget:
            view = AccountsView(self.state, parent)
            view.accounts_changed.connect(self._accounts_changed)
            view.reviewed.connect(self.reload)
            view.synced.connect(lambda _report: self.reload())
            return view

        return self._tool("accounts", self.tr("Calendar accounts"), make)

    def _accounts_changed(self) -> None:
        """An account was added, removed, paused or resumed: its sync job follows."""
        from app.sync.accounts import register_jobs

        register_jobs(self.state.sessions)
        if self.scheduler is not None:
            self.scheduler.sync_jobs()
        self.refresh_status()

    def open_outbox(self) -> QDialog:
        from app.views.mail import OutboxView

        def make(parent: QWidget) -> QWidget:
            view = OutboxView(self.state, parent)
            view.failed_count_changed.connect(lambda _n: self.refresh_status())
            return view

        return self._tool("outbox", self.tr("Outbox"), make)

    def open_database_settings(self) -> None:
        from app.views.dialogs.database_dialog import open_database_settings

        open_database_settings(self, self.state.db_url)

    def _apply_permissions(self) -> None:
        """Grey out what the signed-in role may not do (app.booking refuses it anyway)."""
        with self.state.sessions() as session:
            actor = self.state.actor(session)
        administer = actor.may(ADMINISTER)
        for act in (self.act_admin, self.act_database, self.act_accounts):
            act.setEnabled(administer)
            if not administer:
                act.setToolTip(self.tr("Only an administrator can change this."))

    def open_audit(self) -> QDialog:
        from app.views.audit_view import AuditView

        return self._tool(
            "audit", self.tr("Audit trail"), lambda parent: AuditView(self.state, parent)
        )

    # -- printing -------------------------------------------------------------------------

    def _snapshot_for_day(self) -> CalendarSnapshot | None:
        from app.booking import calendar_data

        if self.branch_id is None:
            return None
        with self.state.sessions() as session:
            return calendar_data.load(session, self.branch_id, self.anchor, self.anchor)

    def save_day_pdf(self, path: str | None = None) -> str | None:
        from app.views import printing

        snapshot = self._snapshot_for_day()
        if snapshot is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the day as PDF"),
                f"day-{self.anchor.isoformat()}.pdf",
                self.tr("PDF files (*.pdf)"),
            )
        if not path:
            return None
        document = printing.day_list_document(
            snapshot, self.anchor, agent_id=self.agent_filter, region=self.branch_region
        )
        printing.save_pdf(document, path)
        self.say(self.tr("Saved %1.").replace("%1", path))
        return path

    def print_day(self) -> None:
        from app.views import printing

        snapshot = self._snapshot_for_day()
        if snapshot is None:
            return
        document = printing.day_list_document(
            snapshot, self.anchor, agent_id=self.agent_filter, region=self.branch_region
        )
        printing.print_document(document, self)

    def save_week_sheet(self, path: str | None = None) -> str | None:
        from app.booking import calendar_data
        from app.views import printing

        if self.branch_id is None:
            return None
        agent = self.agent_filter
        if agent is None:
            self.say(
                self.tr("Choose an agent first: the week sheet is one agent's week."), error=True
            )
            return None
        start, end = visible_range(ViewMode.WEEK, self.anchor, self._first_weekday())
        with self.state.sessions() as session:
            snapshot = calendar_data.load(session, self.branch_id, start, end, agent_ids=[agent])
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the week sheet"),
                f"week-{start.isoformat()}.pdf",
                self.tr("PDF files (*.pdf)"),
            )
        if not path:
            return None
        document = printing.week_sheet_document(snapshot, start, agent, region=self.branch_region)
        printing.save_pdf(document, path)
        self.say(self.tr("Saved %1.").replace("%1", path))
        return path

    # -- misc ---------------------------------------------------------------------------

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Front Desk"),
            self.tr("Front Desk %1\nThe appointment desk of a bank branch.").replace(
                "%1", __version__
            ),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._clock.stop()
        if self.watcher is not None:
            self.watcher.stop()
        self.controller.close()
        super().closeEvent(event)


__all__ = ["DeskState", "MainWindow"]
