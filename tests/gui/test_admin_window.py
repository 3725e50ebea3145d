"""The administration window: its pages, the first branch of an empty database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.clock import fixed_clock
from app.models import Branch
from app.views.admin.window import AdministrationWindow
from app.views.desk import DeskState
from tests.support.riverside import MONDAY_9AM, apply_riverside, ids


def _desk(sessions: sessionmaker[Session]) -> DeskState:
    return DeskState(sessions, "test database", "Desk", fixed_clock(MONDAY_9AM))


def test_every_page_opens_once_and_is_kept(qtbot: QtBot, sessions: sessionmaker[Session]) -> None:
    apply_riverside(sessions)
    with sessions() as session:
        branch_id = ids(session)["branch"]
    window = AdministrationWindow(_desk(sessions), branch_id)
    qtbot.addWidget(window)
    window.resize(1200, 720)
    window.show()
    keys = [
        window.nav.item(row).data(Qt.ItemDataRole.UserRole) for row in range(window.nav.count())
    ]
    assert keys == [
        "branch",
        "services",
        "agents",
        "statuses",
        "settings",
        "mail",
        "templates",
        "users",
    ]
    made = {key: window.show_page(key) for key in keys}
    assert window.stack.count() == len(keys)
    for key, page in made.items():
        assert window.show_page(key) is page
        assert window.stack.currentWidget() is page
    window.nav.setCurrentRow(2)
    assert window.stack.currentWidget() is made["agents"]


def test_a_save_on_one_page_tells_the_desk(qtbot: QtBot, sessions: sessionmaker[Session]) -> None:
    apply_riverside(sessions)
    with sessions() as session:
        branch_id = ids(session)["branch"]
    window = AdministrationWindow(_desk(sessions), branch_id)
    qtbot.addWidget(window)
    agents = window.show_page("agents")
    services = window.show_page("services")
    reloaded: list[bool] = []
    agents.reload = lambda: reloaded.append(True)  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.changed, timeout=5000):
        services.changed.emit()  # type: ignore[attr-defined]
    assert reloaded == [True]


def test_an_empty_database_starts_with_its_first_branch(
    qtbot: QtBot, sessions: sessionmaker[Session]
) -> None:
    zone = "Europe/Paris"
    window = AdministrationWindow(_desk(sessions), None)
    qtbot.addWidget(window)
    window.show()
    assert window.nav.count() == 1
    form = window.new_branch
    qtbot.keyClicks(form.name, "Lakeside")
    form.zone.setCurrentText("Nowhere/Town")
    qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)
    assert "time zone" in form.message.text().lower() or "timezone" in form.message.text()
    with sessions() as session:
        assert session.scalars(select(Branch)).all() == []
    form.zone.setCurrentText(zone)
    with qtbot.waitSignal(window.changed, timeout=5000):
        qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)
    with sessions() as session:
        branch = session.scalars(select(Branch)).one()
    assert branch.name == "Lakeside"
    assert branch.timezone == zone
    assert window.branch_id == branch.id
    assert window.nav.count() == 8
