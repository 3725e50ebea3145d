"""Run long work off the GUI thread and hand the result back as a Qt signal.

One worker object lives in one QThread; the callable it runs gets no widget, only plain
values, and opens its own database session. Results and errors come back through queued
signals, so no widget is ever touched from the worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot


class _Job(QObject):
    #: Emitted with the callable's return value.
    succeeded = Signal(object)
    #: Emitted with the exception the callable raised.
    failed = Signal(object)

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._fn = fn

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # handed to the GUI thread, which decides what to show
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class BackgroundTask(QObject):
    """Runs ``fn`` once in its own thread. Keep a reference until ``finished`` fires."""

    #: The callable's return value.
    succeeded = Signal(object)
    #: The exception it raised.
    failed = Signal(object)
    #: Emitted last, after succeeded or failed, once the thread has stopped.
    finished = Signal()

    def __init__(self, fn: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("background-task")
        self._job = _Job(fn)
        self._job.moveToThread(self._thread)
        self._thread.started.connect(self._job.run)
        self._job.succeeded.connect(self.succeeded)
        self._job.failed.connect(self.failed)
        # quit() is thread-safe; calling it directly from the worker ends the thread even
        # while the GUI thread is blocked (for example waiting for it at exit).
        direct = Qt.ConnectionType.DirectConnection
        self._job.succeeded.connect(self._thread.quit, direct)
        self._job.failed.connect(self._thread.quit, direct)
        self._thread.finished.connect(self.finished)

    def start(self) -> None:
        self._thread.start()

    def wait(self, msecs: int = 30_000) -> bool:
        return self._thread.wait(msecs)

    def is_running(self) -> bool:
        return self._thread.isRunning()
