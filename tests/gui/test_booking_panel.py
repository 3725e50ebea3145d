"""The booking panel, driven from the keyboard like a receptionist on the phone.

Every test runs on SQLite and PostgreSQL with the Riverside branch applied and the clock
at Monday 23 November 2026, 09:00 in Toronto. Keys go to whichever widget has the focus,
so the tests also check where the focus goes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import availability
from app.booking.availability import SlotOut
from app.booking.customers import add_customer, find_customers
from app.booking.permissions import load_actor
from app.clock import fixed_clock
from app.models import Appointment, Customer, Role, Service, User
from app.views.desk import DeskState
from app.views.dialogs.booking_panel import BookingPanel
from app.views.models.customers import CustomerResultsModel, CustomerRow
from app.views.models.slots import OfferedSlot, SlotListModel, SlotPager
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TORONTO = ZoneInfo("America/Toronto")
WAIT_MS = 15_000


# -- set-up ------------------------------------------------------------------------------


@pytest.fixture
def desk(sessions: sessionmaker[Session]) -> DeskState:
    apply_riverside(sessions)
    with sessions() as session:
        add_customers(session, 30)
        actor = load_actor(session)
        for name, phone in (("Ann Tremblay", "+14165550301"), ("Annie Roy", "+14165550302")):
            add_customer(session, actor, now=MONDAY_9AM, name=name, phone=phone)
        session.commit()
    return DeskState(
        sessions=sessions,
        database_label="test",
        user_label="Front desk",
        clock=fixed_clock(MONDAY_9AM),
    )


def _ids(desk: DeskState) -> dict[str, int]:
    with desk.sessions() as session:
        return ids(session)


def _panel(qtbot: QtBot, desk: DeskState) -> BookingPanel:
    panel = BookingPanel(desk, _ids(desk)["branch"])
    qtbot.addWidget(panel)
    panel.show()
    panel.activateWindow()
    panel.raise_()
    qtbot.waitUntil(panel.isActiveWindow)
    return panel


class Keyboard:
    """Presses keys into the focused widget, counting them."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def press(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        self.count += 1
        self.qtbot.keyClick(self.focused(), key, modifier)

    def type(self, text: str) -> None:
        """Typing a name or a number: not counted (the goal counts keys after it)."""
        self.qtbot.keyClicks(self.focused(), text)


def _next_slot(desk: DeskState, service: str) -> SlotOut:
    with desk.sessions() as session:
        row = session.scalars(select(Service).where(Service.name == service)).one()
        found = availability.next_slot(session, row, MONDAY_9AM)
    assert found is not None
    return found


def _appointments(desk: DeskState, ids_: Sequence[int]) -> list[Appointment]:
    with desk.sessions() as session:
        found = session.scalars(
            select(Appointment).where(Appointment.id.in_(ids_)).order_by(Appointment.start_at)
        ).all()
        for appt in found:
            session.expunge(appt)
        return list(found)


def _count(desk: DeskState) -> int:
    with desk.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Appointment)) or 0)


# -- keyboard booking ----------------------------------------------------------------------


def test_phone_booking_of_a_known_customer_takes_four_keys(
    qtbot: QtBot, desk: DeskState, qtmodeltester: ModelTester
) -> None:
    panel = _panel(qtbot, desk)
    keys = Keyboard(qtbot)
    assert keys.focused() is panel.customer_search
    with desk.sessions() as session:
        ranked = [c.name for c in find_customers(session, "Ann")]
    assert ranked[:2] == ["Ann Tremblay", "Annie Roy"]
    expected = _next_slot(desk, "Account opening")

    keys.type("Ann")
    keys.press(Qt.Key.Key_Down)  # the search runs at once; Down moves to the second match
    assert panel.customer_results.isVisible()
    assert panel.customer_results.currentIndex().row() == 1
    keys.press(Qt.Key.Key_Return)  # picks Annie Roy; the focus goes on to the service
    assert keys.focused() is panel.service_combo
    assert panel.customer_chosen.text().startswith("✓ Annie Roy")
    keys.press(Qt.Key.Key_Down)  # Mortgage consultation -> Account opening
    assert panel.service_combo.currentText() == "Account opening"
    selected = panel.selected_slot()
    assert selected is not None
    assert selected.start == expected.start
    with qtbot.waitSignal(panel.booked, timeout=WAIT_MS) as booked:
        keys.press(Qt.Key.Key_Return)

    assert keys.count <= 6
    assert keys.count == 4
    (appt,) = _appointments(desk, booked.args[0])
    assert appt.start_at == expected.start
    assert appt.agent_id in expected.agent_ids
    assert appt.source == "phone"
    with desk.sessions() as session:
        assert session.get(Customer, appt.customer_id).name == "Annie Roy"
    assert not panel.isVisible()
    qtmodeltester.check(panel.customer_model)
    qtmodeltester.check(panel.slot_model)


def test_search_waits_for_a_pause_then_lists_matches_and_a_new_customer_choice(
    qtbot: QtBot, desk: DeskState
) -> None:
    panel = _panel(qtbot, desk)
    keys = Keyboard(qtbot)
    with qtbot.waitSignal(panel.customer_model.modelReset, timeout=WAIT_MS):
        keys.type("tremblay")
    model = panel.customer_model
    assert model.total() == 1
    assert model.data(model.index(0, CustomerResultsModel.NAME)) == "Ann Tremblay"
    assert model.data(model.index(0, CustomerResultsModel.PHONE)) == "(416) 555-0301"
    assert model.is_new_row(1)
    assert "tremblay" in model.data(model.index(1, 0))
    keys.press(Qt.Key.Key_Down)
    assert panel.customer_results.currentIndex().row() == 1
    keys.press(Qt.Key.Key_Up)
    keys.press(Qt.Key.Key_Up)
    assert panel.customer_results.currentIndex().row() == 0
    # Editing the text again drops the pick and searches anew.
    keys.press(Qt.Key.Key_Return)
    assert panel.customer_chosen.isVisible()
    panel.customer_search.setFocus()
    keys.press(Qt.Key.Key_Backspace)
    assert not panel.customer_chosen.isVisible()


def test_new_customer_with_a_bad_phone_is_refused_inline_then_corrected(
    qtbot: QtBot, desk: DeskState
) -> None:
    panel = _panel(qtbot, desk)
    panel.prefill(service_id=_ids(desk)["Account opening"])
    keys = Keyboard(qtbot)
    before = _count(desk)
    keys.type("Zed Newman")
    keys.press(Qt.Key.Key_Return)  # no match: the only row is "New customer"
    assert panel.new_customer_box.isVisible()
    assert panel.new_name.text() == "Zed Newman"
    assert keys.focused() is panel.new_phone
    keys.type("12")
    with qtbot.waitSignal(panel.refused, timeout=WAIT_MS) as refused:
        keys.press(Qt.Key.Key_Return)
    assert "'12' is not a valid phone number" in refused.args[0]
    assert panel.new_errors["phone"].isVisible()
    assert "not a valid phone number" in panel.new_errors["phone"].text()
    assert keys.focused() is panel.new_phone
    assert panel.isVisible()
    assert _count(desk) == before

    keys.type("416 555 0199")  # the bad text is selected: typing replaces it
    assert not panel.new_errors["phone"].isVisible()
    with qtbot.waitSignal(panel.booked, timeout=WAIT_MS) as booked:
        keys.press(Qt.Key.Key_Return)
    (appt,) = _appointments(desk, booked.args[0])
    with desk.sessions() as session:
        customer = session.get(Customer, appt.customer_id)
        assert customer is not None
        assert (customer.name, customer.phone) == ("Zed Newman", "+14165550199")


def test_walk_in_books_the_next_free_slot(qtbot: QtBot, desk: DeskState) -> None:
    panel = _panel(qtbot, desk)
    panel.prefill(walk_in=True)
    keys = Keyboard(qtbot)
    assert keys.focused() is panel.service_combo
    assert panel.source_combo.currentData() == "walk-in"
    assert panel.agent_combo.currentData() is None
    expected = _next_slot(desk, "Account opening")
    keys.press(Qt.Key.Key_Down)
    assert panel.service_combo.currentText() == "Account opening"
    selected = panel.selected_slot()
    assert selected is not None
    assert selected.start == expected.start

    # No customer yet: the booking layer says so and the focus goes to the customer.
    with qtbot.waitSignal(panel.refused, timeout=WAIT_MS) as refused:
        keys.press(Qt.Key.Key_Return)
    assert "customer" in refused.args[0].lower()
    assert keys.focused() is panel.customer_search
    keys.type("Customer 7")
    keys.press(Qt.Key.Key_Return)
    assert panel.customer_chosen.text().startswith("✓ Customer 7")
    with qtbot.waitSignal(panel.booked, timeout=WAIT_MS) as booked:
        keys.press(Qt.Key.Key_Return)
    (appt,) = _appointments(desk, booked.args[0])
    assert appt.start_at == expected.start
    assert appt.source == "walk-in"
    assert appt.agent_id in expected.agent_ids


def test_refusal_is_shown_inline_and_the_form_is_kept(qtbot: QtBot, desk: DeskState) -> None:
    panel = _panel(qtbot, desk)
    panel.prefill(service_id=_ids(desk)["Mortgage consultation"])
    keys = Keyboard(qtbot)
    keys.type("Customer 2")
    keys.press(Qt.Key.Key_Return)
    panel.notes.setPlainText("Bring two pieces of ID.")
    address = panel.field_widget("Property address")
    assert isinstance(address, QLineEdit)
    address.setText("12 River Street")
    chosen = panel.selected_slot()
    assert chosen is not None
    before = _count(desk)

    with qtbot.waitSignal(panel.refused, timeout=WAIT_MS) as refused:
        keys.press(Qt.Key.Key_Return)
    message = "Estimated loan amount is required for Mortgage consultation."
    assert refused.args[0] == message
    assert panel.message.isVisible()
    assert panel.message.message() == message
    assert panel.isVisible()
    assert _count(desk) == before
    # Nothing typed is lost, and the focus is on the missing field.
    assert panel.customer_chosen.text().startswith("✓ Customer 2")
    assert panel.service_combo.currentText() == "Mortgage consultation"
    assert panel.selected_slot() == chosen
    assert panel.notes.toPlainText() == "Bring two pieces of ID."
    assert address.text() == "12 River Street"
    assert keys.focused() is panel.field_widget("Estimated loan amount")

    keys.type("350 000 $")
    with qtbot.waitSignal(panel.booked, timeout=WAIT_MS) as booked:
        keys.press(Qt.Key.Key_Return)
    (appt,) = _appointments(desk, booked.args[0])
    assert appt.field_values == {
        "Property address": "12 River Street",
        "Estimated loan amount": "350 000 $",
    }
    assert appt.notes == "Bring two pieces of ID."
    assert appt.start_at == chosen.start


def test_repeat_weekly_three_times(qtbot: QtBot, desk: DeskState) -> None:
    panel = _panel(qtbot, desk)
    panel.prefill(service_id=_ids(desk)["Notary"])
    keys = Keyboard(qtbot)
    keys.type("Customer 4")
    keys.press(Qt.Key.Key_Return)
    first = panel.selected_slot()
    assert first is not None
    panel.repeat_combo.setFocus()
    keys.press(Qt.Key.Key_Down)  # every week
    assert panel.repeat_count.isEnabled()
    panel.repeat_count.setFocus()
    panel.repeat_count.selectAll()
    keys.type("3")
    assert panel.repeat_rule() == "FREQ=WEEKLY;COUNT=3"
    with qtbot.waitSignal(panel.booked, timeout=WAIT_MS) as booked:
        keys.press(Qt.Key.Key_Return)
    made = _appointments(desk, booked.args[0])
    assert len(made) == 3
    local = [a.start_at.astimezone(TORONTO) for a in made]
    assert local[0] == first.start.astimezone(TORONTO)
    assert [x - local[0] for x in local] == [timedelta(0), timedelta(days=7), timedelta(days=14)]
    assert {x.time() for x in local} == {local[0].time()}
    assert len({a.series_id for a in made}) == 1
    assert made[0].series_id


def test_chosen_time_that_is_not_offered_is_shown_and_checked_when_booking(
    qtbot: QtBot, desk: DeskState
) -> None:
    panel = _panel(qtbot, desk)
    service = _ids(desk)["Account opening"]
    offered = _next_slot(desk, "Account opening")
    panel.prefill(service_id=service, start=offered.start)
    selected = panel.selected_slot()
    assert selected is not None
    assert selected.start == offered.start
    assert not selected.chosen

    # Sunday: the branch is closed, so the time is not offered; the desk may still try.
    sunday = datetime(2026, 11, 29, 10, 0, tzinfo=TORONTO)
    panel.prefill(service_id=service, start=sunday)
    selected = panel.selected_slot()
    assert selected is not None
    assert selected.chosen
    assert selected.start == sunday
    assert "(chosen time)" in panel.slot_model.data(panel.slot_list.currentIndex())
    keys = Keyboard(qtbot)
    keys.type("Customer 5")
    keys.press(Qt.Key.Key_Return)
    with qtbot.waitSignal(panel.refused, timeout=WAIT_MS) as refused:
        keys.press(Qt.Key.Key_Return)
    assert refused.args[0] == "Nobody gives Account opening at that time."
    assert keys.focused() is panel.slot_list


def test_later_pages_through_the_free_times(qtbot: QtBot, desk: DeskState) -> None:
    panel = _panel(qtbot, desk)
    panel.prefill(service_id=_ids(desk)["Account opening"])
    first_page = panel.slot_model.slots()
    assert len(first_page) == 8
    assert not panel.earlier_button.isEnabled()
    assert panel.later_button.isEnabled()
    qtbot.mouseClick(panel.later_button, Qt.MouseButton.LeftButton)
    second_page = panel.slot_model.slots()
    assert len(second_page) == 8
    assert second_page[0].start > first_page[-1].start
    assert panel.earlier_button.isEnabled()
    qtbot.mouseClick(panel.earlier_button, Qt.MouseButton.LeftButton)
    assert panel.slot_model.slots() == first_page

    # A later "from" date starts the list on that day, in the branch's zone.
    panel.from_date.setDate(date(2026, 11, 25))
    starts = [s.start.astimezone(TORONTO).date() for s in panel.slot_model.slots()]
    assert starts
    assert min(starts) == date(2026, 11, 25)


def test_a_user_who_may_not_assign_gets_any_agent_only(qtbot: QtBot, desk: DeskState) -> None:
    with desk.sessions() as session:
        role = session.scalars(select(Role).where(Role.key == "agent")).one()
        session.add(User(username="ines", display_name="Inès", role_id=role.id))
        session.commit()
    desk.username = "ines"
    panel = _panel(qtbot, desk)
    panel.prefill(agent_id=_ids(desk)["Alice Martin"])
    assert not panel.agent_combo.isEnabled()
    assert panel.agent_combo.count() == 1
    assert panel.agent_combo.currentData() is None

    desk.username = "desk"
    other = _panel(qtbot, desk)
    other.prefill(service_id=_ids(desk)["Mortgage consultation"], agent_id=_ids(desk)["Bob Chen"])
    assert other.agent_combo.isEnabled()
    assert [other.agent_combo.itemText(i) for i in range(other.agent_combo.count())] == [
        "Any agent",
        "Alice Martin",
        "Bob Chen",
    ]
    assert other.agent_combo.currentText() == "Bob Chen"
    assert all(s.agent_ids == (_ids(desk)["Bob Chen"],) for s in other.slot_model.slots())


# -- the models on their own ---------------------------------------------------------------


def test_customer_results_read_rows_in_blocks_as_the_view_asks(
    qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    asked: list[list[int]] = []

    def loader(wanted: Sequence[int]) -> Mapping[int, CustomerRow]:
        asked.append(list(wanted))
        return {i: CustomerRow(i, f"Person {i}", None, f"p{i}@example.com") for i in wanted}

    model = CustomerResultsModel(loader, block=10)
    ids_ = list(range(100, 125))
    known = {100: CustomerRow(100, "Already read", "(416) 555-0100", None)}
    model.set_results(ids_, known, new_text="pers")
    assert asked == [list(range(101, 110))]  # the first block, less what was handed in
    assert model.rowCount() == 11  # ten customers and "New customer"
    assert model.data(model.index(0, 0)) == "Already read"
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert asked[-1] == list(range(110, 120))
    assert model.rowCount() == 21
    assert model.is_new_row(20)
    qtmodeltester.check(model)
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 26
    assert not model.canFetchMore(QModelIndex())
    assert model.data(model.index(24, CustomerResultsModel.EMAIL)) == "p124@example.com"
    assert model.data(model.index(24, 0), CustomerResultsModel.IdRole) == 124
    qtmodeltester.check(model)
    model.clear()
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def _fake_slots(per_day: int) -> Callable[[date, date], list[SlotOut]]:
    def fetch(first: date, last: date) -> list[SlotOut]:
        out = []
        day = first
        while day <= last:
            if day.weekday() < 5:
                for i in range(per_day):
                    start = datetime(day.year, day.month, day.day, 14 + i, tzinfo=UTC)
                    out.append(SlotOut(start, start + timedelta(minutes=30), (1,)))
            day += timedelta(days=1)
        return out

    return fetch


def test_slot_pager_reads_only_as_far_as_needed(qtmodeltester: ModelTester) -> None:
    windows: list[tuple[date, date]] = []
    inner = _fake_slots(1)

    def fetch(first: date, last: date) -> list[SlotOut]:
        windows.append((first, last))
        return inner(first, last)

    pager = SlotPager(fetch, date(2026, 11, 23), date(2027, 1, 22), page_size=8)
    page = pager.page(0)
    assert [s.start.date() for s in page][:3] == [
        date(2026, 11, 23),
        date(2026, 11, 24),
        date(2026, 11, 25),
    ]
    assert len(page) == 8
    # A week gave five slots; the next window (two weeks) gave the rest.
    assert windows == [
        (date(2026, 11, 23), date(2026, 11, 29)),
        (date(2026, 11, 30), date(2026, 12, 13)),
    ]
    assert pager.has_page(1)
    assert not pager.exhausted
    assert pager.page(-1) == []
    empty = SlotPager(_fake_slots(0), date(2026, 11, 23), date(2026, 12, 1))
    assert empty.page(0) == []
    assert not empty.has_page(0)
    assert empty.exhausted

    model = SlotListModel(TORONTO, {1: "Alice Martin"})
    model.set_slots(
        [OfferedSlot.of(s) for s in page] + [OfferedSlot(page[0].start, page[0].end, chosen=True)]
    )
    assert model.data(model.index(0, 0)).endswith("Alice Martin")
    assert model.data(model.index(8, 0)).endswith("(chosen time)")
    assert model.data(model.index(0, 0), SlotListModel.SlotRole) == OfferedSlot.of(page[0])
    assert model.row_of(page[3].start) == 3
    qtmodeltester.check(model)


def test_enter_in_the_notes_is_a_new_line_and_escape_closes_without_booking(
    qtbot: QtBot, desk: DeskState
) -> None:
    panel = _panel(qtbot, desk)
    panel.prefill(service_id=_ids(desk)["Account opening"])
    keys = Keyboard(qtbot)
    keys.type("Customer 3")
    keys.press(Qt.Key.Key_Return)
    panel.notes.setFocus()
    keys.type("First line")
    keys.press(Qt.Key.Key_Return)
    keys.type("second line")
    assert panel.notes.toPlainText() == "First line\nsecond line"
    assert panel.isVisible()
    with qtbot.waitSignal(panel.rejected, timeout=WAIT_MS):
        keys.press(Qt.Key.Key_Escape)
    assert not panel.isVisible()
    assert _count(desk) == 0


def test_every_control_has_an_accessible_name(qtbot: QtBot, desk: DeskState) -> None:
    panel = _panel(qtbot, desk)
    panel.prefill(service_id=_ids(desk)["Mortgage consultation"])
    keys = Keyboard(qtbot)
    keys.type("nobody by that name")
    keys.press(Qt.Key.Key_Return)  # shows the new customer's fields too
    controls = _controls(panel)
    assert len(controls) > 15
    assert panel.new_phone in controls
    assert [w.objectName() or type(w).__name__ for w in controls if not w.accessibleName()] == []
    # Tab walks the fields in the order of the brief: customer, service, agent, time...
    panel.customer_search.setFocus()
    order = []
    for _ in range(12):
        order.append(keys.focused())
        keys.press(Qt.Key.Key_Tab)
    wanted = [
        panel.customer_search,
        panel.new_name,
        panel.new_phone,
        panel.new_email,
        panel.service_combo,
        panel.agent_combo,
        panel.from_date,
        panel.slot_list,
    ]
    positions = [order.index(w) for w in wanted if w in order]
    assert positions == sorted(positions)
    assert len(positions) == len(wanted)


def _controls(root: QWidget) -> list[QWidget]:
    """The widgets a keyboard user can reach (inner editors of spin boxes and combos
    are reached through their owner, which carries the name)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
            continue
        if widget.focusProxy() is not None:
            continue
        if not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        found.append(widget)
    return found


def test_escape_while_booking_closes_once_the_booking_is_written(
    qtbot: QtBot, desk: DeskState
) -> None:
    panel = _panel(qtbot, desk)
    panel.prefill(service_id=_ids(desk)["Account opening"])
    keys = Keyboard(qtbot)
    keys.type("Customer 6")
    keys.press(Qt.Key.Key_Return)
    with qtbot.waitSignal(panel.booked, timeout=WAIT_MS) as booked:
        keys.press(Qt.Key.Key_Return)
        assert not panel.book_button.isEnabled()  # the write runs: no second booking
        keys.press(Qt.Key.Key_Escape)
        assert panel.isVisible()  # not closed under the running write
    assert len(booked.args[0]) == 1
    assert _count(desk) == 1
    assert not panel.isVisible()
    assert panel.result() == panel.DialogCode.Accepted
