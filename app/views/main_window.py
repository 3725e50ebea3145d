"""The desk's main window: menus, toolbar, the calendar area and the status bar.

The window holds no business rules. It reads through app.booking.queries in short sessions
and leaves long work (first-start demo data, imports, sync) to background tasks.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStatusBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.booking import queries
from app.views.calendar.navigation import ViewMode, step, visible_range
from app.views.desk import DeskState
from app.views.worker import BackgroundTask


class CalendarArea(QFrame):
    """Where the month, week and day views go; shows the range being looked at."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarArea")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Calendar"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("rangeTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.hint.setForegroundRole(self.hint.foregroundRole())
        layout.addWidget(self.title)
        layout.addWidget(self.hint, 1)

    def show_range(self, mode: ViewMode, first: date, last: date, locale: QLocale) -> None:
        if mode is ViewMode.DAY:
            text = locale.toString(QDate(first), "dddd d MMMM yyyy")
        elif mode is ViewMode.MONTH:
            text = locale.toString(QDate(first), "MMMM yyyy")
        elif first.year != last.year:
            text = (
                f"{locale.toString(QDate(first), 'd MMM yyyy')} – "
                f"{locale.toString(QDate(last), 'd MMM yyyy')}"
            )
        else:
            text = (
                f"{locale.toString(QDate(first), 'd MMM')} – "
                f"{locale.toString(QDate(last), 'd MMM yyyy')}"
            )
        self.title.setText(text)

    def set_message(self, text: str) -> None:
        self.hint.setText(text)


class MainWindow(QMainWindow):
    """The desk. ``mode_changed`` and ``date_changed`` tell the calendar what to show."""

    #: The view mode (ViewMode) now shown.
    mode_changed = Signal(object)
    #: The anchor date (datetime.date) now shown.
    date_changed = Signal(object)

    def __init__(self, state: DeskState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        #: Long work started for this window (the first-start demo data), if any.
        self.demo_task: BackgroundTask | None = None
        self.locale_ = QLocale()
        self.mode = ViewMode.WEEK
        self.anchor = self._today()
        self.setObjectName("mainWindow")
        self.resize(1200, 780)
        self.calendar = CalendarArea(self)
        self.setCentralWidget(self.calendar)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self.refresh_status()
        self._show()

    # -- building -------------------------------------------------------------------

    def _today(self) -> date:
        tz = self._branch_tz()
        now = self.state.clock()
        return now.astimezone(tz).date() if tz is not None else now.date()

    def _branch_tz(self) -> ZoneInfo | None:
        with self.state.sessions() as session:
            found = queries.branches(session)
        return ZoneInfo(found[0].timezone) if found else None

    def _build_actions(self) -> None:
        self.act_today = QAction(self.tr("&Today"), self)
        self.act_today.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_T))
        self.act_today.setToolTip(self.tr("Go to today (Ctrl+T)"))
        self.act_today.triggered.connect(self.go_today)
        self.act_prev = QAction(self.tr("&Previous"), self)
        self.act_prev.setShortcuts(
            [QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left), QKeySequence(Qt.Key.Key_PageUp)]
        )
        self.act_prev.setToolTip(self.tr("Previous (Alt+Left)"))
        self.act_prev.triggered.connect(lambda: self.go(-1))
        self.act_next = QAction(self.tr("&Next"), self)
        self.act_next.setShortcuts(
            [QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Right), QKeySequence(Qt.Key.Key_PageDown)]
        )
        self.act_next.setToolTip(self.tr("Next (Alt+Right)"))
        self.act_next.triggered.connect(lambda: self.go(1))
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
            act.setShortcut(QKeySequence(Qt.Modifier.CTRL | key))
            act.setData(mode.value)
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
        file_menu.addAction(self.act_quit)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(self.act_today)
        view_menu.addAction(self.act_prev)
        view_menu.addAction(self.act_next)
        view_menu.addSeparator()
        for act in self.view_actions.values():
            view_menu.addAction(act)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        tb = QToolBar(self.tr("Navigation"), self)
        tb.setObjectName("navigationToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.addAction(self.act_today)
        tb.addAction(self.act_prev)
        tb.addAction(self.act_next)
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("datePicker")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setAccessibleName(self.tr("Go to date"))
        # ISO dates read the same in English and French, as Canadian forms use them.
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(QDate(self.anchor))
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
        self.status_approvals = QLabel()
        self.status_approvals.setObjectName("statusApprovals")
        for label in (self.status_branch, self.status_user, self.status_approvals):
            label.setContentsMargins(12, 0, 12, 0)
            bar.addPermanentWidget(label)
        bar.addWidget(self.status_database, 1)
        self.setStatusBar(bar)

    # -- behaviour ------------------------------------------------------------------

    def refresh_status(self) -> None:
        """Re-read the branch and the approval count (a short query each)."""
        with self.state.sessions() as session:
            found = queries.branches(session)
            waiting = queries.awaiting_approval_count(session)
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
        self.status_approvals.setText(self.tr("Awaiting approval: %1").replace("%1", str(waiting)))
        self.calendar.set_message(
            self.tr("The calendar of this range appears here.")
            if found
            else self.tr(
                "No branch yet: apply a branch setup file (frontdesk setup apply FILE.toml)."
            )
        )

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

    def _show(self) -> None:
        first, last = visible_range(self.mode, self.anchor, self._first_weekday())
        self.calendar.show_range(self.mode, first, last, self.locale_)
        if self.date_edit.date().toPython() != self.anchor:
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(QDate(self.anchor))
            self.date_edit.blockSignals(False)

    def _first_weekday(self) -> int:
        # Qt: Monday = 1 ... Sunday = 7; Python: Monday = 0.
        return (self.locale_.firstDayOfWeek().value - 1) % 7

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Front Desk"),
            self.tr("Front Desk %1\nThe appointment desk of a bank branch.").replace(
                "%1", __version__
            ),
        )
