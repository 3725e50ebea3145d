"""Noticing changes made elsewhere: other desks, the sync worker, the command line.

A ``ChangeWatcher`` runs in its own thread with its own connection and emits ``changed``
with an app.booking.changes.Change. On PostgreSQL it LISTENs for the notices the booking
use cases send on commit (they carry the branch and time range). On SQLite it reads
``PRAGMA data_version`` every couple of seconds, which moves whenever another connection
commits; the range is then unknown and the window reloads what it shows. Nothing here
touches a widget: the signal is queued to the GUI thread.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal
from sqlalchemy import make_url

from app.booking.changes import CHANNEL, Change

log = logging.getLogger(__name__)


class ChangeWatcher(QObject):
    #: An app.booking.changes.Change; range None means "something changed".
    changed = Signal(object)

    def __init__(
        self, db_url: str, *, interval: float = 2.0, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._url = make_url(db_url)
        self._interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        #: Set once the watcher listens (tests wait for it before changing data).
        self.ready = threading.Event()

    def start(self) -> None:
        if self._thread is not None:
            return
        target = (
            self._run_postgres
            if self._url.get_backend_name() == "postgresql"
            else (self._run_sqlite)
        )
        self._thread = threading.Thread(target=target, name="change-watcher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _emit(self, change: Change) -> None:
        try:
            self.changed.emit(change)
        except RuntimeError:  # the Qt object is gone (its window closed): stop quietly
            self._stop.set()

    # -- SQLite ---------------------------------------------------------------------------

    def _run_sqlite(self) -> None:
        path = self._url.database
        if not path or path == ":memory:":
            return
        last: int | None = None
        conn: sqlite3.Connection | None = None
        while not self._stop.is_set():
            try:
                if conn is None:
                    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
                version = int(conn.execute("PRAGMA data_version").fetchone()[0])
                if last is not None and version != last:
                    self._emit(Change(None, None, None))
                last = version
                self.ready.set()
            except sqlite3.Error as exc:
                log.warning("change watcher: %s", exc)
                if conn is not None:
                    conn.close()
                conn = None
            self._stop.wait(self._interval)
        if conn is not None:
            conn.close()

    # -- PostgreSQL -------------------------------------------------------------------------

    def _run_postgres(self) -> None:
        import psycopg

        from app.config import password_for_url

        conninfo = self._url.set(drivername="postgresql").render_as_string(hide_password=False)
        # A remembered server's password is in the keyring, never in the URL.
        password = password_for_url(self._url.render_as_string(hide_password=False))
        extra: dict[str, Any] = {} if password is None else {"password": password}
        backoff = 1.0
        missed = False
        while not self._stop.is_set():
            try:
                with psycopg.connect(
                    conninfo, autocommit=True, connect_timeout=10, **extra
                ) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.ready.set()
                    backoff = 1.0
                    if missed:  # notices sent while we were away are lost: reload
                        self._emit(Change(None, None, None))
                        missed = False
                    while not self._stop.is_set():
                        for notice in conn.notifies(timeout=0.5):
                            self._emit(Change.from_json(notice.payload))
            except psycopg.Error as exc:
                log.warning("change watcher lost the database: %s", type(exc).__name__)
                missed = True
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 30.0)
