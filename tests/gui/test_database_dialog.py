"""The database dialog driven like a receptionist would: choose the shared server, fill it
in, test it against the test session's real PostgreSQL server, save (password to the
keyring only), move a desk's data with the progress and counts, and the first start
answered "Not now" keeps the data on this computer."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QRadioButton
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, func, make_url, select, text

from app import config
from app.booking.demo import create_demo
from app.cli import Context
from app.clock import fixed_clock
from app.config import ENV_CONFIG_DIR, ENV_DB, ServerSettings, StoredChoice, load_choice
from app.models import Appointment, db
from app.models.connect import ConnectionCheck
from app.views.app import choose_database_at_first_start
from app.views.dialogs.database_dialog import DatabaseDialog, open_database_settings
from tests.support.keyring_backend import MemoryKeyring
from tests.support.riverside import MONDAY_9AM, apply_riverside

SECRET = "gui-Secret-42"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
_names = itertools.count()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENV_CONFIG_DIR, str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv(ENV_DB, raising=False)
    return tmp_path


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def server_db(pg_admin_url: str) -> Iterator[ServerSettings]:
    """A new, empty database on the test server, as the dialog would be told about it."""
    name = f"fd_dialog_{os.getpid()}_{next(_names)}"
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        url = make_url(pg_admin_url)
        yield ServerSettings(
            host=url.host or "127.0.0.1",
            port=url.port or 5432,
            database=name,
            user=url.username or "postgres",
            tls="disable",
        )
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    finally:
        admin.dispose()


def choose(qtbot: QtBot, radio: QRadioButton) -> None:
    """Click the choice on its label, where a receptionist clicks."""
    at = QPoint(radio.fontMetrics().averageCharWidth() * 4, radio.height() // 2)
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=at)
    assert radio.isChecked()


def fill(qtbot: QtBot, dialog: DatabaseDialog, server: ServerSettings, password: str) -> None:
    choose(qtbot, dialog.server_radio)
    assert dialog.server_box.isEnabled()
    qtbot.keyClicks(dialog.host, server.host)
    dialog.port.selectAll()
    qtbot.keyClicks(dialog.port, str(server.port))
    qtbot.keyClicks(dialog.database, server.database)
    qtbot.keyClicks(dialog.user, server.user)
    qtbot.keyClicks(dialog.password, password)
    dialog.tls.setCurrentIndex(dialog.tls.findData(server.tls))


def test_choose_server_test_and_save(
    qtbot: QtBot, home: Path, memory_keyring: MemoryKeyring, server_db: ServerSettings
) -> None:
    dialog = DatabaseDialog(None, first_start=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Where should Front Desk keep its data?"
    assert dialog.local_radio.isChecked()
    assert not dialog.server_box.isEnabled()
    assert not dialog.move_box.isVisible()  # nothing to move on a first start

    fill(qtbot, dialog, server_db, SECRET)
    with qtbot.waitSignal(dialog.tested, timeout=20_000) as tested:
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    result = tested.args[0]
    assert isinstance(result, ConnectionCheck)
    assert (result.ok, result.code) == (True, "empty")
    assert dialog.test_result.text().startswith("It works. Connected to PostgreSQL 1")
    assert "The database is empty; Front Desk will set it up." in dialog.test_result.text()

    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert saved.args[0] == StoredChoice("server", server_db)
    assert load_choice() == StoredChoice("server", server_db)
    assert memory_keyring.passwords == {("frontdesk", server_db.keyring_user()): SECRET}
    assert SECRET not in config.config_path().read_text("utf-8")
    assert json.loads(config.config_path().read_text("utf-8"))["kind"] == "server"
    assert SECRET not in config.resolve_db_url()


def test_a_failed_test_is_shown_in_the_dialog(
    qtbot: QtBot, home: Path, memory_keyring: MemoryKeyring, server_db: ServerSettings
) -> None:
    dialog = DatabaseDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog, server_db, "")
    dialog.tls.setCurrentIndex(dialog.tls.findData("require"))
    with qtbot.waitSignal(dialog.tested, timeout=20_000):
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    shown = dialog.test_result.text()
    assert shown.startswith("It does not work. The server at ")
    assert "does not offer TLS" in shown


def test_missing_fields_are_named_under_each_field_and_nothing_is_saved(
    qtbot: QtBot, home: Path, memory_keyring: MemoryKeyring
) -> None:
    dialog = DatabaseDialog(StoredChoice.local())
    qtbot.addWidget(dialog)
    dialog.show()
    choose(qtbot, dialog.server_radio)
    qtbot.keyClicks(dialog.host, "db branch")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors["host"].text() == (
        "A server address has no spaces or slashes, e.g. db.example."
    )
    assert dialog.errors["database"].text() == "Type the database's name."
    assert dialog.errors["user"].isVisible()
    assert not dialog.errors["port"].isVisible()
    assert dialog.focusWidget() is dialog.database
    assert load_choice() is None

    # back to "this computer only" clears the problems and saves that
    choose(qtbot, dialog.local_radio)
    assert not dialog.errors["host"].isVisible()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert load_choice() == StoredChoice.local()


def test_settings_page_shows_the_stored_server_and_keyring_password(
    qtbot: QtBot, home: Path, memory_keyring: MemoryKeyring
) -> None:
    server = ServerSettings(host="db.example", database="riverside", user="desk", tls="require")
    config.store_password(server, SECRET)
    dialog = DatabaseDialog(StoredChoice("server", server), current_url="sqlite:///x.sqlite3")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Where the data lives"
    assert dialog.server_radio.isChecked()
    assert (dialog.host.text(), dialog.database.text(), dialog.user.text()) == (
        "db.example",
        "riverside",
        "desk",
    )
    assert dialog.tls.currentData() == "require"
    assert dialog.password.text() == ""
    assert "Stored in the system keyring" in dialog.password.placeholderText()
    assert dialog.move_box.isVisible()
    # saving without typing a password keeps the stored one
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert config.load_password(server) == SECRET


def test_move_this_desks_data_to_the_server(
    qtbot: QtBot,
    home: Path,
    memory_keyring: MemoryKeyring,
    server_db: ServerSettings,
    tmp_path: Path,
) -> None:
    source = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    engine = db.make_engine(source)
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    apply_riverside(sessions)
    create_demo(sessions, MONDAY_9AM, customers=60, force=True)
    with sessions() as session:
        appointments = session.scalar(select(func.count()).select_from(Appointment))
    engine.dispose()

    dialog = DatabaseDialog(StoredChoice.local(), current_url=source)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog, server_db, SECRET)
    assert dialog.move_button.isEnabled()
    with qtbot.waitSignal(dialog.moved, timeout=60_000) as moved:
        qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
        assert not dialog.save_button.isEnabled()  # no switching while the copy runs
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled())
    report = moved.args[0]
    assert dialog.progress.value() == dialog.progress.maximum() == report.rows
    shown = {
        dialog.counts.item(row, 0).text(): dialog.counts.item(row, 1).text()
        for row in range(dialog.counts.rowCount())
    }
    assert shown["appointments"] == f"{appointments:,}"
    assert shown["customers"] == "60"
    assert dialog.move_status.text().startswith(f"All {report.rows:,} rows were copied")
    assert "restart Front Desk" in dialog.move_status.text()
    assert load_choice() == StoredChoice("server", server_db)
    assert memory_keyring.passwords == {("frontdesk", server_db.keyring_user()): SECRET}

    # docs/screenshots/database-dialog.png is refreshed only when asked for, so a test
    # run leaves the working tree as it found it
    folder = SCREENSHOT if os.environ.get("FRONTDESK_SCREENSHOTS") else tmp_path
    dialog.resize(dialog.width(), dialog.sizeHint().height())
    folder.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(folder / "database-dialog.png"))

    # a second move into the now filled database is refused in plain words
    with qtbot.waitSignal(dialog.move_failed, timeout=60_000) as failed:
        qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    assert "already holds data" in failed.args[0]
    assert dialog.move_status.text() == failed.args[0]


def _answer_modal(button: str) -> None:
    """Click a button of the dialog that is about to run modally."""

    def click() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, DatabaseDialog):
            QTimer.singleShot(20, click)
            return
        getattr(dialog, button).click()

    QTimer.singleShot(0, click)


def test_first_start_not_now_keeps_the_data_on_this_computer(qtbot: QtBot, home: Path) -> None:
    ctx = Context(db_url=config.resolve_db_url(), json=False, clock=fixed_clock(MONDAY_9AM))
    _answer_modal("cancel_button")
    choose_database_at_first_start(ctx)
    assert ctx.db_url == config.default_db_url()
    assert load_choice() == StoredChoice.local()

    # asked once: the next start finds the stored choice and shows nothing
    asked: list[str] = []
    again = Context(db_url=config.resolve_db_url(), json=False, clock=fixed_clock(MONDAY_9AM))
    _refuse_any_question(asked)
    choose_database_at_first_start(again)
    QApplication.processEvents()
    assert asked == []


def _refuse_any_question(asked: list[str]) -> None:
    """Close (and note) a database dialog if one is shown, so a wrong one cannot hang."""

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, DatabaseDialog):
            asked.append(dialog.windowTitle())
            dialog.reject()

    QTimer.singleShot(0, check)


def test_first_start_is_skipped_when_the_database_is_named(
    qtbot: QtBot, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    named = f"sqlite:///{home / 'named.sqlite3'}"
    ctx = Context(db_url=named, json=False, clock=fixed_clock(MONDAY_9AM))
    _refuse_any_question(asked)
    choose_database_at_first_start(ctx)  # --db: no question
    assert ctx.db_url == named

    monkeypatch.setenv(ENV_DB, config.default_db_url())
    ctx = Context(db_url=config.resolve_db_url(), json=False, clock=fixed_clock(MONDAY_9AM))
    choose_database_at_first_start(ctx)  # FRONTDESK_DB: no question
    QApplication.processEvents()
    assert asked == []
    assert load_choice() is None


def test_settings_page_names_a_damaged_file_and_replaces_it(
    qtbot: QtBot, home: Path, memory_keyring: MemoryKeyring
) -> None:
    path = config.config_path()
    path.parent.mkdir(parents=True)
    path.write_text("{damaged", "utf-8")
    seen: list[str] = []

    def look_then_save() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, DatabaseDialog):
            QTimer.singleShot(20, look_then_save)
            return
        seen.append(dialog.problem.text())
        dialog.save_button.click()

    QTimer.singleShot(0, look_then_save)
    choice = open_database_settings(None, config.default_db_url())
    assert choice == StoredChoice.local()
    assert len(seen) == 1
    assert str(path) in seen[0]
    assert "damaged" in seen[0]
    assert load_choice() == StoredChoice.local()
