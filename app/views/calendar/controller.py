"""Keeps the calendar's snapshot current without blocking the GUI thread.

The window says which dates (and agents) it shows; the controller loads a
CalendarSnapshot for them in a background task with its own session and hands it back
with ``snapshot_ready``. Only one load runs at a time: a request made meanwhile replaces
any queued one, and a result that no longer matches what the window shows is dropped.
Changes noticed by the ChangeWatcher (other desks, the sync worker) reload the range
when they touch it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal

from app.booking import calendar_data
from app.booking.calendar_data import CalendarSnapshot
from app.booking.changes import Change
from app.views.desk import DeskState
from app.views.worker import BackgroundTask


@dataclass(frozen=True)
class Request:
    branch_id: int
    first: date
    last: date
    agent_ids: tuple[int, ...] | None = None


class CalendarController(QObject):
    #: A CalendarSnapshot for the range last asked for.
    snapshot_ready = Signal(object)
    #: An exception raised while loading (the window shows it in the status bar).
    load_failed = Signal(object)

    def __init__(self, state: DeskState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.wanted: Request | None = None
        self.snapshot: CalendarSnapshot | None = None
        self._running: BackgroundTask | None = None
        self._running_request: Request | None = None
        self._again = False
        self._closed = False

    def show(self, request: Request) -> None:
        """Load ``request`` (now, or right after the load that is running)."""
        self.wanted = request
        if self._closed:
            return
        if self._running is not None:
            self._again = True
            return
        self._start(request)

    def reload(self) -> None:
        if self.wanted is not None:
            self.show(self.wanted)

    def on_change(self, change: object) -> None:
        """Slot for ChangeWatcher.changed: reload when the change touches what is shown."""
        wanted = self.wanted
        if wanted is None or not isinstance(change, Change):
            return
        tz = ZoneInfo(self.snapshot.tz) if self.snapshot is not None else None
        if tz is not None:
            start = datetime.combine(wanted.first, time(), tz)
            end = datetime.combine(wanted.last + timedelta(days=1), time(), tz)
            if not change.touches(wanted.branch_id, start, end):
                return
        self.reload()

    def _start(self, request: Request) -> None:
        sessions = self.state.sessions

        def work() -> CalendarSnapshot:
            with sessions() as session:
                ids = list(request.agent_ids) if request.agent_ids is not None else None
                return calendar_data.load(
                    session, request.branch_id, request.first, request.last, agent_ids=ids
                )

        task = BackgroundTask(work, self)
        task.succeeded.connect(self._loaded)
        task.failed.connect(self.load_failed)
        task.finished.connect(self._finished)
        self._running = task
        self._running_request = request
        self._again = False
        task.start()

    def _loaded(self, snapshot: object) -> None:
        if not isinstance(snapshot, CalendarSnapshot):
            return
        if self._running_request != self.wanted:
            return  # the window moved on; the queued load brings the right one
        self.snapshot = snapshot
        self.snapshot_ready.emit(snapshot)

    def _finished(self) -> None:
        task = self._running
        self._running = None
        if task is not None:
            task.wait(5_000)  # the thread is ending; make sure before it is deleted
            task.deleteLater()
        if self._again and self.wanted is not None and not self._closed:
            self._start(self.wanted)

    def close(self, msecs: int = 30_000) -> None:
        """Start nothing more and wait for a running load (at exit)."""
        self._closed = True
        self._again = False
        if self._running is not None:
            self._running.wait(msecs)
