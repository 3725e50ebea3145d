"""Starting the desk: the Qt application, the database check, the first-start demo data."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.booking import queries
from app.booking.permissions import DESK_USERNAME, load_actor
from app.config import default_db_url
from app.models import db
from app.views.desk import DeskState
from app.views.main_window import MainWindow
from app.views.watcher import ChangeWatcher
from app.views.worker import BackgroundTask
from resources import translations
from resources.icons import APP_ID, window_icon

if TYPE_CHECKING:
    from app.cli import Context

log = logging.getLogger(__name__)


def database_label(url: str) -> str:
    """The database as a receptionist would name it: a file path or server/database."""
    from sqlalchemy import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database or "memory")
    host = parsed.host or "localhost"
    return f"{parsed.database} on {host}"


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName("Front Desk")
    QCoreApplication.setApplicationName("Front Desk")
    QCoreApplication.setApplicationVersion(__version__)
    # Wayland compositors and X11 docks match windows to packaging/linux/<APP_ID>.desktop
    # by this name: its icon and name in the dock, one entry per program.
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setWindowIcon(window_icon())  # resources/icons, drawn for the project
    translations.install_language(app, translations.choose_language(os.environ))
    return app


def apply_desk_language(app: QApplication, ctx: Context) -> None:
    """Switch to the ``ui.language`` setting once the database is known (before any window
    is made): the branch's value when the database holds one branch (the settings page
    stores values per branch), else the desk-wide one; FRONTDESK_LANG still wins. An
    unreadable setting keeps the language chosen at start."""
    from sqlalchemy import select

    from app.booking import settings
    from app.models import Branch

    try:
        with ctx.sessions()() as session:
            branches = session.scalars(select(Branch.id).limit(2)).all()
            branch_id = branches[0] if len(branches) == 1 else None
            setting = settings.get(session, settings.UI_LANGUAGE, branch_id)
    except Exception as exc:  # a database not yet set up says so later, in words
        log.warning("the desk's language setting cannot be read: %s", type(exc).__name__)
        return
    translations.install_language(app, translations.choose_language(os.environ, setting))


def open_window(ctx: Context, username: str | None = None) -> MainWindow:
    """Prepare the database and build the main window (does not enter the event loop).

    ``username`` is who signed in (default: ``--as``, else the single-desk user). A new
    default local database is filled with demo data in the background after the window
    shows, so the window is usable (and paints) while the data is written.
    """
    sessions = ctx.sessions()
    with sessions() as session:
        user = load_actor(session, username or ctx.username)
        empty = queries.is_empty(session)
    state = DeskState(
        sessions=sessions,
        database_label=database_label(ctx.db_url),
        user_label=user.display_name,
        clock=ctx.clock,
        username=user.username,
        db_url=ctx.db_url,
    )
    window = MainWindow(state)
    watcher = ChangeWatcher(ctx.db_url, parent=window)
    watcher.changed.connect(window.on_change)
    watcher.start()
    window.watcher = watcher
    if empty and ctx.db_url == default_db_url():
        start_demo(window, ctx)
    return window


def start_demo(window: MainWindow, ctx: Context) -> BackgroundTask:
    from app.booking.demo import create_demo

    url = ctx.db_url
    now = ctx.now()

    def work() -> object:
        engine = db.make_engine(url)
        try:
            return create_demo(db.session_factory(engine), now)
        finally:
            engine.dispose()

    task = BackgroundTask(work, window)
    window.statusBar().showMessage(window.tr("Preparing demo data…"))

    def done(_report: object) -> None:
        window.statusBar().showMessage(window.tr("Demo data ready."), 5000)
        window.refresh_status()
        window.reload()

    def failed(exc: object) -> None:
        log.error("demo data failed: %s", exc)
        window.statusBar().clearMessage()
        QMessageBox.warning(
            window,
            window.tr("Demo data"),
            window.tr("The demo data could not be created: %1").replace("%1", str(exc)),
        )

    task.succeeded.connect(done)
    task.failed.connect(failed)
    window.demo_task = task
    task.start()
    return task


def choose_database_at_first_start(ctx: Context) -> None:
    """Ask where the data lives when nothing says so yet (no --db, no FRONTDESK_DB, no
    stored choice), and point ``ctx`` at the answer. A damaged settings file is shown in
    the dialog and asked again. Kept out of open_window so tests never see a dialog."""
    from app import config
    from app.views.dialogs.database_dialog import ask_first_start

    if config.url_is_overridden() or ctx.db_url != default_db_url():
        return
    problem: str | None = None
    try:
        if config.load_choice() is not None:
            return
    except config.ConfigError as exc:
        problem = exc.message
    choice = ask_first_start(None, problem)
    ctx.db_url = choice.url()


def sign_in(ctx: Context) -> str | None:
    """Who the desk acts as: ``--as`` when given, nobody to ask in single-desk mode (no
    user has a password yet), else the person who signs in; None when they cancel."""
    from app.views.dialogs.sign_in import sign_in_at_start

    if ctx.username != DESK_USERNAME:
        return ctx.username
    return sign_in_at_start(ctx.sessions(), ctx.clock)


def start_jobs(window: MainWindow, ctx: Context) -> Any:
    """Reminders, the confirmation timeout, the outbox and the nightly clean-up run in the
    background while the desk is open (on one desk at a time; see app.jobs)."""
    from app.jobs.scheduler import DeskScheduler
    from app.sync.accounts import register_jobs

    register_jobs(ctx.sessions())  # each calendar account's sync, at its own interval
    scheduler = DeskScheduler(ctx.sessions(), ctx.clock)
    try:
        scheduler.start()
    except Exception as exc:  # the desk still books without its background jobs
        log.error("scheduled jobs did not start: %s", type(exc).__name__)
        window.say(
            window.tr("Reminders and e-mails are not sent from this desk: %1").replace(
                "%1", type(exc).__name__
            ),
            error=True,
        )
        return None
    scheduler.add_listener(lambda _outcome: window.jobs_ran.emit())
    window.scheduler = scheduler
    return scheduler


def run_desk(ctx: Context) -> int:
    app = make_application()
    choose_database_at_first_start(ctx)
    apply_desk_language(app, ctx)
    username = sign_in(ctx)
    if username is None:
        return 0
    window = open_window(ctx, username)
    window.show()
    scheduler = start_jobs(window, ctx)
    code = app.exec()
    if scheduler is not None:
        scheduler.stop(wait=True)
    if window.demo_task is not None:
        window.demo_task.wait()
    if window.watcher is not None:
        window.watcher.stop()
    return int(code)
