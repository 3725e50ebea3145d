"""Starting the desk: a new default database is created, migrated and filled with the demo
branch in the background while the window is already up; any other database is not."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.cli import Context
from app.clock import fixed_clock
from app.config import default_db_url
from app.models import Appointment, Customer
from app.views.app import open_window
from app.views.worker import BackgroundTask

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path


def test_first_start_fills_the_default_database_in_the_background(qtbot: QtBot, home: Path) -> None:
    url = default_db_url()
    assert str(home) in url
    ctx = Context(db_url=url, json=False, clock=fixed_clock(NOW))
    window = open_window(ctx)
    qtbot.addWidget(window)
    task = window.demo_task
    assert isinstance(task, BackgroundTask)
    window.show()
    assert window.statusBar().currentMessage() == "Preparing demo data…"
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    assert window.status_branch.text() == "Branch: Riverside (America/Toronto)"
    assert window.status_approvals.text() != "Awaiting approval: 0"
    with ctx.sessions()() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 500
        assert (session.scalar(select(func.count()).select_from(Appointment)) or 0) > 100
    ctx.close()

    # the second start finds data and leaves it alone
    again = Context(db_url=url, json=False, clock=fixed_clock(NOW))
    second = open_window(again)
    qtbot.addWidget(second)
    assert second.demo_task is None
    again.close()


def test_another_empty_database_gets_no_demo(qtbot: QtBot, home: Path) -> None:
    ctx = Context(db_url=f"sqlite:///{home / 'other.sqlite3'}", json=False, clock=fixed_clock(NOW))
    window = open_window(ctx)
    qtbot.addWidget(window)
    assert window.demo_task is None
    assert window.status_branch.text() == "No branch set up yet"
    ctx.close()
