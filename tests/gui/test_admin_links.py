"""The self-service pages on the desk: page addresses with Copy buttons on the branch,
service and agent pages, the two web settings on the Booking rules page, and the
"self-service" source in the time grid and the approval queue.

Database tests start from the Riverside example with the clock at Monday 23 November
2026, 09:00 Toronto, on SQLite and PostgreSQL; the time grid and the queue model are
checked on hand-made values.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QHelpEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QToolTip, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import settings
from app.booking.approvals import QueueItem
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.booking.users import add_user
from app.clock import fixed_clock
from app.models import AuditEntry, Setting
from app.views.admin.agents_page import AgentsPage
from app.views.admin.branch_page import BranchPage
from app.views.admin.page_link import PageLink
from app.views.admin.services_page import ServicesPage
from app.views.admin.settings_page import AddressEditor, NumberEditor, SettingsPage
from app.views.admin.window import AdministrationWindow
from app.views.calendar.navigation import ViewMode
from app.views.calendar.timegrid import TimeGridView
from app.views.desk import DeskState
from app.views.models.approvals import ApprovalModel
from app.web import language
from tests.support.riverside import MONDAY_9AM, apply_riverside, ids
from tests.test_calendar_layout import MONDAY, appt, sample_snapshot

WAIT = 20_000
BASE = "https://book.riverside.example"
NOTE = "Set the public address of the booking pages in Booking rules."


@pytest.fixture
def desk(sessions: sessionmaker[Session]) -> DeskState:
    apply_riverside(sessions)
    return DeskState(sessions, "test database", "Desk", fixed_clock(MONDAY_9AM))


def known(desk: DeskState) -> dict[str, int]:
    with desk.sessions() as session:
        return ids(session)


def publish(desk: DeskState, url: str | None, branch_id: int | None = None) -> None:
    """Set ``web.public_url`` as an administrator would (desk-wide unless a branch)."""
    with desk.sessions() as session:
        settings.change_setting(
            session, load_actor(session), settings.WEB_PUBLIC_URL, url, MONDAY_9AM, branch_id
        )
        session.commit()


def shown(qtbot: QtBot, widget: QWidget, size: tuple[int, int] = (1100, 760)) -> None:
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)


def copy_with_the_button(qtbot: QtBot, link: PageLink) -> str:
    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(link.copied, timeout=WAIT) as blocker:
        qtbot.mouseClick(link.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert blocker.args == [copied]
    return copied


# -- the address row on its own -------------------------------------------------------------


def test_a_page_link_says_why_it_has_no_address(qtbot: QtBot) -> None:
    link = PageLink("the test page")
    shown(qtbot, link, (600, 120))
    assert link.url() is None
    assert link.copy_button.isHidden()
    assert link.address.isHidden()
    assert "once this is saved" in link.explanation()

    link.set_link(None, "/b/3/")
    assert link.url() is None
    assert link.explanation() == NOTE
    assert link.copy_button.isHidden()

    link.set_link(BASE + "/", "/b/3/", "The page is closed.")
    assert link.url() == BASE + "/b/3/"
    assert link.address.text() == BASE + "/b/3/"
    assert link.address.isReadOnly()
    assert not link.copy_button.isHidden()
    assert link.explanation() == "The page is closed."
    assert link.copy_button.accessibleName() == "Copy the address of the test page"
    assert link.address.accessibleName() == "Address of the test page"


def test_the_copy_button_works_from_the_keyboard(qtbot: QtBot) -> None:
    link = PageLink("the test page")
    link.set_link(BASE, "/b/7/")
    shown(qtbot, link, (600, 120))
    QGuiApplication.clipboard().clear()
    link.copy_button.setFocus()
    with qtbot.waitSignal(link.copied, timeout=WAIT):
        qtbot.keyClick(link.copy_button, Qt.Key.Key_Space)
    assert QGuiApplication.clipboard().text() == BASE + "/b/7/"
    assert link.explanation().startswith("Copied")


# -- branch, services, agents ----------------------------------------------------------------


def test_branch_page_shows_its_address_once_the_pages_are_public(
    qtbot: QtBot, desk: DeskState
) -> None:
    branch_id = known(desk)["branch"]
    page = BranchPage(desk, branch_id)
    shown(qtbot, page)
    assert page.page_link.url() is None
    assert page.page_link.explanation() == NOTE

    publish(desk, BASE + "/")
    page.reload()
    assert page.page_link.url() == f"{BASE}/b/{branch_id}/"
    assert copy_with_the_button(qtbot, page.page_link) == f"{BASE}/b/{branch_id}/"


def test_a_branch_own_address_wins_over_the_desk_wide_one(qtbot: QtBot, desk: DeskState) -> None:
    branch_id = known(desk)["branch"]
    publish(desk, "https://bank.example/book")
    publish(desk, "https://riverside.example", branch_id)
    page = BranchPage(desk, branch_id)
    shown(qtbot, page)
    assert page.page_link.url() == f"https://riverside.example/b/{branch_id}/"


def test_each_service_shows_its_own_address(qtbot: QtBot, desk: DeskState) -> None:
    got = known(desk)
    publish(desk, BASE)
    page = ServicesPage(desk, got["branch"])
    shown(qtbot, page)
    for name in ("Mortgage consultation", "Account opening", "Notary"):
        assert page.select_service(name)
        expected = f"{BASE}/b/{got['branch']}/services/{got[name]}/"
        assert page.page_link.url() == expected
        assert page.page_link.explanation() == ""
    assert copy_with_the_button(qtbot, page.page_link) == (
        f"{BASE}/b/{got['branch']}/services/{got['Notary']}/"
    )

    page.new_service()
    assert page.page_link.url() is None
    assert "once this is saved" in page.page_link.explanation()


def test_a_service_made_unbookable_says_its_page_turns_customers_away(
    qtbot: QtBot, desk: DeskState
) -> None:
    got = known(desk)
    publish(desk, BASE)
    page = ServicesPage(desk, got["branch"])
    shown(qtbot, page)
    assert page.select_service("Notary")
    page.active_box.setChecked(False)
    with qtbot.waitSignal(page.changed, timeout=WAIT):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    # The address stays (a link already printed keeps working) and says what it shows.
    assert page.page_link.url() == f"{BASE}/b/{got['branch']}/services/{got['Notary']}/"
    assert "not available" in page.page_link.explanation()


def test_without_a_public_address_the_services_page_says_where_to_set_it(
    qtbot: QtBot, desk: DeskState
) -> None:
    page = ServicesPage(desk, known(desk)["branch"])
    shown(qtbot, page)
    assert page.select_service("Notary")
    assert page.page_link.url() is None
    assert page.page_link.explanation() == NOTE


def test_each_agent_shows_their_page_address(qtbot: QtBot, desk: DeskState) -> None:
    got = known(desk)
    publish(desk, BASE)
    page = AgentsPage(desk, got["branch"])
    shown(qtbot, page)
    for name in ("Alice Martin", "Bob Chen", "Carla Diaz"):
        page.select_agent(name)
        assert page.page_link.url() == f"{BASE}/b/{got['branch']}/agents/{got[name]}/"
    assert copy_with_the_button(qtbot, page.page_link) == (
        f"{BASE}/b/{got['branch']}/agents/{got['Carla Diaz']}/"
    )
    # Tab goes from the colour to the address, the Copy button, then the Active box.
    page.activateWindow()
    page.color_button.setFocus()
    qtbot.waitUntil(page.color_button.hasFocus)
    order = []
    for _ in range(3):
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
        order.append(page.focusWidget())
    assert order == [page.page_link.address, page.page_link.copy_button, page.active]

    page.new_agent()
    assert page.page_link.url() is None


# -- the two settings on the Booking rules page ----------------------------------------------


def stored(desk: DeskState, branch_id: int) -> dict[str, Any]:
    with desk.sessions() as session:
        rows = session.scalars(select(Setting).where(Setting.scope == f"branch:{branch_id}"))
        return {s.key: s.value for s in rows}


def click_save(qtbot: QtBot, page: SettingsPage, ok: bool = True) -> None:
    with qtbot.waitSignal(page.save_finished, timeout=WAIT) as blocker:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [ok]


def retype(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    line.setFocus()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(line, text)


def test_settings_page_edits_the_public_address_and_the_daily_limit(
    qtbot: QtBot, desk: DeskState
) -> None:
    branch_id = known(desk)["branch"]
    page = SettingsPage(desk, branch_id)
    shown(qtbot, page, (1000, 900))
    address = page.rows[settings.WEB_PUBLIC_URL].editor
    limit = page.rows[settings.SELF_SERVICE_MAX_PER_DAY].editor
    assert isinstance(address, AddressEditor)
    assert isinstance(limit, NumberEditor)
    assert address.line.text() == ""
    assert address.line.placeholderText().startswith("https://")
    assert limit.spin.text() == "No limit"

    retype(qtbot, address.line, "book.riverside.example")
    click_save(qtbot, page, ok=False)
    assert "public address" in page.problem(settings.WEB_PUBLIC_URL)
    assert stored(desk, branch_id) == {}

    retype(qtbot, address.line, "HTTPS://book.riverside.example/")
    limit.spin.setFocus()
    qtbot.keyClick(limit.spin, Qt.Key.Key_Up)
    qtbot.keyClick(limit.spin, Qt.Key.Key_Up)
    click_save(qtbot, page)
    assert stored(desk, branch_id) == {
        settings.WEB_PUBLIC_URL: "https://book.riverside.example",
        settings.SELF_SERVICE_MAX_PER_DAY: 2,
    }
    assert address.line.text() == "https://book.riverside.example"
    assert page.problem(settings.WEB_PUBLIC_URL) == ""

    # An emptied line means "not published": stored as null, not as "".
    address.line.clear()
    click_save(qtbot, page)
    assert stored(desk, branch_id)[settings.WEB_PUBLIC_URL] is None


def test_a_saved_address_reaches_the_other_pages_of_the_window(
    qtbot: QtBot, desk: DeskState
) -> None:
    branch_id = known(desk)["branch"]
    window = AdministrationWindow(desk, branch_id)
    shown(qtbot, window)
    branch = window.show_page("branch")
    assert isinstance(branch, BranchPage)
    assert branch.page_link.url() is None
    rules = window.show_page("settings")
    assert isinstance(rules, SettingsPage)
    editor = rules.rows[settings.WEB_PUBLIC_URL].editor
    assert isinstance(editor, AddressEditor)
    retype(qtbot, editor.line, BASE)
    with qtbot.waitSignal(window.changed, timeout=WAIT):
        qtbot.mouseClick(rules.save_button, Qt.MouseButton.LeftButton)
    assert branch.page_link.url() == f"{BASE}/b/{branch_id}/"


# -- the source of self-service bookings ---------------------------------------------------


def tooltip_at(view: TimeGridView, point: QPoint) -> str:
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_the_time_grid_marks_self_service_bookings(qtbot: QtBot) -> None:
    online = replace(
        appt(1, 1, MONDAY, "09:00", "10:00", customer="Ann Smith"), source="self-service"
    )
    at_desk = appt(2, 2, MONDAY, "11:00", "12:00", customer="Dan Lee")
    view = TimeGridView()
    shown(qtbot, view, (900, 700))
    view.set_snapshot(
        sample_snapshot([online, at_desk]), mode=ViewMode.DAY, day=MONDAY, now=MONDAY_9AM
    )
    for ident, expected in ((1, True), (2, False)):
        rect = view.block_rect(ident)
        assert rect is not None
        text = tooltip_at(view, rect.center())
        assert ("Self-service" in text) is expected, text
    QToolTip.hideText()
    view.select_appointment(1)
    assert "Self-service" in view.accessibleDescription()


def queue_item(ident: int, source: str) -> QueueItem:
    start = MONDAY_9AM + timedelta(days=1)
    return QueueItem(
        id=ident,
        branch_id=1,
        service="Mortgage consultation",
        service_color="#1565c0",
        agent=None,
        customer=f"Customer {ident}",
        customer_phone=None,
        customer_email=None,
        start_at=start,
        end_at=start + timedelta(hours=1),
        requested_at=MONDAY_9AM,
        status_key="pending",
        status_name="Pending",
        predicate="start",
        version=1,
        source=source,
    )


def test_the_approval_queue_says_which_requests_came_from_the_pages(qtmodeltester: Any) -> None:
    model = ApprovalModel()
    rows = {1: queue_item(1, "self-service"), 2: queue_item(2, "phone")}
    model.set_items([1, 2], rows, ZoneInfo("America/Toronto"))
    qtmodeltester.check(model)
    online = model.index(0, ApprovalModel.REQUESTED)
    by_phone = model.index(1, ApprovalModel.REQUESTED)
    assert str(model.data(online)).endswith("self-service")
    assert "self-service" in str(model.data(online, Qt.ItemDataRole.ToolTipRole))
    assert "self-service" not in str(model.data(by_phone))
    assert model.data(by_phone, Qt.ItemDataRole.ToolTipRole) is None


# -- booking page texts ----------------------------------------------------------------------

TEXTS_TAB = 5


def stored_texts(desk: DeskState, service_id: int) -> dict[str, dict[str, str]]:
    with desk.sessions() as session:
        return language.service_items(session, service_id)


def save_texts(qtbot: QtBot, page: ServicesPage, ok: bool = True) -> None:
    editor = page.page_texts
    assert editor.save_button.isEnabled()
    with qtbot.waitSignal(editor.save_finished, timeout=WAIT) as blocker:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
        assert not editor.table.isEnabled()  # nothing typed while the save runs
    assert blocker.args == [ok]
    assert editor.table.isEnabled()


def test_page_texts_show_the_defaults_and_save_a_service_own_wording(
    qtbot: QtBot, desk: DeskState
) -> None:
    got = known(desk)
    page = ServicesPage(desk, got["branch"])
    shown(qtbot, page)
    assert page.select_service("Mortgage consultation")
    page.tabs.setCurrentIndex(TEXTS_TAB)
    assert page.tabs.tabText(TEXTS_TAB) == "Booking page texts"
    editor = page.page_texts
    defaults = language.default_items()
    assert editor.table.rowCount() == len(defaults)
    english = editor.cell("booked_notice", "en")
    french = editor.cell("booked_notice", "fr_CA")
    assert english.text() == ""
    assert english.placeholderText() == defaults["booked_notice"]["en"]
    assert french.placeholderText() == defaults["booked_notice"]["fr_CA"]
    assert not editor.save_button.isEnabled()

    retype(qtbot, english, "Booked! See you soon.")
    french.setFocus()
    french.insert("Réservé! À bientôt.")  # as an input method would (QTest types ASCII only)
    assert page.save_button.isEnabled() is False  # the service's rules are untouched
    save_texts(qtbot, page)
    mortgage = got["Mortgage consultation"]
    assert stored_texts(desk, mortgage) == {
        "booked_notice": {"en": "Booked! See you soon.", "fr_CA": "Réservé! À bientôt."}
    }
    assert stored_texts(desk, got["Notary"]) == {}
    assert editor.count_label.text() == "Texts of this service's own: 2."

    # Another service shows its own (none), and coming back shows what was saved.
    assert page.select_service("Notary")
    assert editor.cell("booked_notice", "en").text() == ""
    assert page.select_service("Mortgage consultation")
    assert editor.cell("booked_notice", "en").text() == "Booked! See you soon."

    # An emptied line brings the default back: the stored text is removed.
    editor.cell("booked_notice", "fr_CA").clear()
    save_texts(qtbot, page)
    assert stored_texts(desk, mortgage) == {"booked_notice": {"en": "Booked! See you soon."}}
    with desk.sessions() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("language_item.%"))
        ).all()
    assert sorted(actions) == [
        "language_item.remove",
        "language_item.save",
        "language_item.save",
    ]


def test_page_texts_find_revert_and_ask_before_leaving(
    qtbot: QtBot, desk: DeskState, monkeypatch: pytest.MonkeyPatch
) -> None:
    got = known(desk)
    page = ServicesPage(desk, got["branch"])
    shown(qtbot, page)
    assert page.select_service("Notary")
    page.tabs.setCurrentIndex(TEXTS_TAB)
    editor = page.page_texts
    qtbot.keyClicks(editor.search, "annul")  # French default of the cancel texts
    visible = [
        editor.table.item(row, 0).text()
        for row in range(editor.table.rowCount())
        if not editor.table.isRowHidden(row)
    ]
    assert "cancel_link" in visible
    assert "booked_notice" not in visible
    editor.search.clear()
    assert not any(editor.table.isRowHidden(r) for r in range(editor.table.rowCount()))

    retype(qtbot, editor.cell("cancel_button", "en"), "Cancel my appointment")
    asked: list[str] = []
    monkeypatch.setattr(
        ServicesPage, "_ask", lambda _self, _title, text: asked.append(text) or False
    )
    page.service_list.setCurrentRow(0)  # leaving is refused: the edit stays
    assert asked
    assert editor.cell("cancel_button", "en").text() == "Cancel my appointment"
    qtbot.mouseClick(editor.revert_button, Qt.MouseButton.LeftButton)
    assert editor.cell("cancel_button", "en").text() == ""
    assert not editor.is_dirty()
    assert stored_texts(desk, got["Notary"]) == {}


def test_a_new_service_has_no_texts_to_edit_until_saved(qtbot: QtBot, desk: DeskState) -> None:
    page = ServicesPage(desk, known(desk)["branch"])
    shown(qtbot, page)
    page.new_service()
    assert page.page_texts.service_id is None
    assert not page.page_texts.table.isEnabled()
    assert "Save the service first" in page.page_texts.message.message()


def test_page_texts_refused_for_a_receptionist(
    qtbot: QtBot, desk: DeskState, sessions: sessionmaker[Session]
) -> None:
    run_write(
        sessions,
        lambda s: add_user(
            s, load_actor(s), MONDAY_9AM, username="rita", display_name="Rita", role="receptionist"
        ),
    )
    got = known(desk)
    desk.username = "rita"
    page = ServicesPage(desk, got["branch"])
    shown(qtbot, page)
    assert page.select_service("Notary")
    retype(qtbot, page.page_texts.cell("back_link", "en"), "Go back")
    save_texts(qtbot, page, ok=False)
    assert page.page_texts.message.kind == "error"
    assert "permission" in page.page_texts.message.message().lower()
    assert stored_texts(desk, got["Notary"]) == {}
