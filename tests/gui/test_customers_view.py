"""The address book screen: search as you type, lazy table, edit, delete, merge, history.

Every test runs on SQLite and PostgreSQL with the Riverside branch applied and the clock
at Monday 23 November 2026, 09:00 in Toronto.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import availability
from app.booking.appointments import BookingRequest, book
from app.booking.customers import add_customer
from app.booking.permissions import load_actor
from app.clock import fixed_clock
from app.models import Appointment, Customer, Service
from app.views.customers_view import CustomersView, DuplicatesDialog, appointment_history
from app.views.desk import DeskState
from app.views.dialogs.customer_edit import CustomerEditDialog
from app.views.models.customer_table import (
    AddressRow,
    CustomerTableModel,
    SortKey,
    address_book_page,
    block_loader,
)
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside

WAIT_MS = 15_000


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


def _view(qtbot: QtBot, desk: DeskState) -> CustomersView:
    view = CustomersView(desk)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    return view


def _names(model: CustomerTableModel) -> list[str]:
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


def _customer_id(desk: DeskState, name: str) -> int:
    with desk.sessions() as session:
        return session.scalars(select(Customer.id).where(Customer.name == name)).one()


def _book(desk: DeskState, customer_id: int, days: int = 0) -> int:
    """Book the first free Account opening after Monday 9:00 + ``days`` for a customer."""
    with desk.sessions() as session:
        service = session.scalars(select(Service).where(Service.name == "Account opening")).one()
        slot = availability.next_slot(session, service, MONDAY_9AM + timedelta(days=days))
        assert slot is not None
        request = BookingRequest(service_id=service.id, start=slot.start, customer_id=customer_id)
        appt = book(session, load_actor(session), request, MONDAY_9AM)
        session.commit()
        return appt.id


def test_search_as_you_type_then_everyone_by_name(qtbot: QtBot, desk: DeskState) -> None:
    view = _view(qtbot, desk)
    assert view.model.rowCount() == 32
    assert _names(view.model)[:2] == ["Ann Tremblay", "Annie Roy"]  # by name, before "Customer"
    view.search.setFocus()
    qtbot.keyClicks(view.search, "anni")
    qtbot.waitUntil(lambda: view.model.query() == "anni", timeout=WAIT_MS)
    assert _names(view.model) == ["Annie Roy"]
    assert view.selected_id() == _customer_id(desk, "Annie Roy")
    assert "Annie Roy" in view.history_title.text()
    qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: view.model.query() == "ann", timeout=WAIT_MS)
    assert sorted(_names(view.model)) == ["Ann Tremblay", "Annie Roy"]
    qtbot.keyClicks(view.search, "x")
    qtbot.waitUntil(lambda: view.model.query() == "annx", timeout=WAIT_MS)
    assert view.model.rowCount() == 0
    assert view.selected_id() is None
    assert not view.edit_button.isEnabled()
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.query() == "", timeout=WAIT_MS)
    assert view.model.rowCount() == 32
    assert view.model.sort_key() is SortKey.NAME


def test_the_table_fetches_blocks_lazily_and_sorts_in_sql(
    qtbot: QtBot, desk: DeskState, qtmodeltester: ModelTester
) -> None:
    with desk.sessions() as session:
        session.add_all(
            Customer(name=f"Zed {i:03d}", phone=f"+1647555{i:04d}", search_text=f"  zed {i:03d} ")
            for i in range(250)
        )
        session.commit()
    offsets: list[int] = []
    load = block_loader(desk.sessions)

    def counting(
        query: str, key: SortKey, desc: bool, offset: int, limit: int, after: AddressRow | None
    ) -> Sequence[AddressRow]:
        offsets.append(offset)
        assert (after is None) == (offset == 0)
        return load(query, key, desc, offset, limit, after)

    model = CustomerTableModel(counting, block=100)
    model.reload()
    assert model.rowCount() == 100
    assert model.canFetchMore()
    assert offsets == [0]
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 282
    assert offsets == [0, 100, 200]
    qtmodeltester.check(model)
    # Qt's tester stays attached and fetches everything on each reset: sort a second model.
    model = CustomerTableModel(load, block=100)
    model.sort(CustomerTableModel.PHONE, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 100
    assert model.index(0, CustomerTableModel.PHONE).data() == "(647) 555-0249"
    model.set_query("zed")
    assert model.sort_key() is SortKey.RELEVANCE  # a new search: best matches first
    assert _names(model)[:3] == ["Zed 000", "Zed 001", "Zed 002"]
    model.sort(CustomerTableModel.PHONE, Qt.SortOrder.DescendingOrder)
    assert _names(model)[:2] == ["Zed 249", "Zed 248"]
    model.sort(-1)
    assert model.sort_key() is SortKey.RELEVANCE
    assert _names(model)[:3] == ["Zed 000", "Zed 001", "Zed 002"]
    model.set_query("")
    assert model.sort_key() is SortKey.NAME
    qtmodeltester.check(model)


@pytest.mark.parametrize("descending", [False, True])
def test_paging_by_the_last_row_matches_one_ordered_read(desk: DeskState, descending: bool) -> None:
    """Blocks read after the last row shown, with ties and missing values, give exactly
    the rows one long ordered read gives, for every column."""
    with desk.sessions() as session:
        session.add_all(
            Customer(
                name=f"Tie {i % 4}",
                phone=None if i % 3 == 0 else f"+1905555{i % 5:04d}",
                email=None if i % 4 == 0 else f"t{i % 6}@example.com",
                search_text=f"  tie {i % 4} ",
                created_at=MONDAY_9AM - timedelta(days=i % 7) if i % 5 else None,
            )
            for i in range(40)
        )
        session.commit()
    load = block_loader(desk.sessions)
    for key in (SortKey.NAME, SortKey.PHONE, SortKey.EMAIL, SortKey.CREATED):
        with desk.sessions() as session:
            expected = [c.id for c in address_book_page(session, "", key, descending, 0, 10_000)]
        model = CustomerTableModel(load, block=7)
        model.sort(model.sort_indicator()[0], Qt.SortOrder.AscendingOrder)
        column = (SortKey.NAME, SortKey.PHONE, SortKey.EMAIL, SortKey.CREATED).index(key)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        model.sort(column, order)
        while model.canFetchMore():
            model.fetchMore()
        assert [model.customer_id(r) for r in range(model.rowCount())] == expected, key
        assert len(expected) == 72


def test_clicking_a_header_sorts_and_scrolling_fetches_more(qtbot: QtBot, desk: DeskState) -> None:
    with desk.sessions() as session:
        session.add_all(
            Customer(
                name=f"Yan {i:03d}",
                email=f"y{299 - i:03d}@example.com",
                search_text=f"  yan {i:03d} ",
            )
            for i in range(300)
        )
        session.commit()
    view = _view(qtbot, desk)
    assert view.model.rowCount() == 50
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() > 50, timeout=WAIT_MS)
    header = view.table.horizontalHeader()
    column = CustomerTableModel.EMAIL
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )
    assert view.model.sort_key() is SortKey.EMAIL
    assert view.model.rowCount() == 50
    assert view.model.index(0, column).data() == "c0@example.com"


def test_edit_with_a_bad_phone_is_refused_at_the_field_then_fixed(
    qtbot: QtBot, desk: DeskState
) -> None:
    view = _view(qtbot, desk)
    ann = _customer_id(desk, "Ann Tremblay")
    assert view.select_customer(ann)
    dialog = view.edit_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "Ann Tremblay"
    assert dialog.phone.text() == "(416) 555-0301"
    dialog.phone.setText("555")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors["phone"].isVisibleTo(dialog)
    assert "not a valid phone number" in dialog.errors["phone"].text()
    assert not dialog.errors["name"].isVisibleTo(dialog)
    with desk.sessions() as session:
        assert session.get(Customer, ann).phone == "+14165550301"  # type: ignore[union-attr]
    dialog.phone.setText("416 555 0399")
    dialog.email.setText("Ann@Example.COM")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [ann]
    assert not dialog.isVisible()
    with desk.sessions() as session:
        row = session.get(Customer, ann)
        assert row is not None
        assert (row.phone, row.email) == ("+14165550399", "Ann@example.com")
    assert view.selected_id() == ann
    row_index = view.model.row_of(ann)
    assert row_index is not None
    assert view.model.index(row_index, CustomerTableModel.PHONE).data() == "(416) 555-0399"


def test_new_customer_without_a_name_is_refused(qtbot: QtBot, desk: DeskState) -> None:
    view = _view(qtbot, desk)
    dialog = view.add_customer()
    qtbot.addWidget(dialog)
    dialog.phone.setText("416 555 0777")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["name"].text() == "A customer needs a name."
    dialog.name.setText("Chloé Bouchard")
    with qtbot.waitSignal(view.changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert view.selected_id() == _customer_id(desk, "Chloé Bouchard")


def test_delete_is_refused_with_the_reason_when_there_are_appointments(
    qtbot: QtBot, desk: DeskState
) -> None:
    ann = _customer_id(desk, "Ann Tremblay")
    _book(desk, ann)
    view = _view(qtbot, desk)
    view.select_customer(ann)
    assert not view.delete_selected(confirm=False)
    assert "has 1 appointment(s) and cannot be deleted" in view.notice.text()
    assert view.notice.isVisibleTo(view)
    annie = _customer_id(desk, "Annie Roy")
    view.select_customer(annie)
    assert view.delete_selected(confirm=False)
    with desk.sessions() as session:
        assert session.get(Customer, annie) is None
        assert session.get(Customer, ann) is not None
    assert view.model.row_of(annie) is None


def test_history_lists_appointments_newest_first(qtbot: QtBot, desk: DeskState) -> None:
    ann = _customer_id(desk, "Ann Tremblay")
    first = _book(desk, ann)
    later = _book(desk, ann, days=7)
    with desk.sessions() as session:
        assert [r.appointment_id for r in appointment_history(session, ann)] == [later, first]
    view = _view(qtbot, desk)
    view.select_customer(ann)
    assert view.history.topLevelItemCount() == 2
    top = view.history.topLevelItem(0)
    assert top is not None
    assert top.data(0, Qt.ItemDataRole.UserRole) == later
    assert top.text(3)  # the status's name
    assert "2 appointment(s)" in view.history_title.text()


def test_merge_from_the_duplicates_view_moves_appointments(qtbot: QtBot, desk: DeskState) -> None:
    with desk.sessions() as session:
        actor = load_actor(session)
        keep = add_customer(
            session, actor, now=MONDAY_9AM, name="Marc Gagnon", phone="+14165550400"
        ).customer.id
        other = add_customer(
            session,
            actor,
            now=MONDAY_9AM,
            name="M. Gagnon",
            phone="+14165550400",
            email="marc@example.com",
        ).customer.id
        session.commit()
    moved = _book(desk, other)
    view = _view(qtbot, desk)
    dialog = view.show_duplicates()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, DuplicatesDialog)
    assert [g.ids for g in dialog.groups] == [[keep, other]]
    assert not dialog.merge_button.isEnabled()
    assert dialog.select_customer(keep)
    assert dialog.merge_button.isEnabled()
    with qtbot.waitSignal(view.changed, timeout=WAIT_MS) as changed:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert changed.args == [keep]
    assert "1 appointment(s) moved" in dialog.notice.text()
    assert dialog.groups == []
    with desk.sessions() as session:
        assert session.get(Customer, other) is None
        kept = session.get(Customer, keep)
        assert kept is not None
        assert kept.email == "marc@example.com"
        appt = session.get(Appointment, moved)
        assert appt is not None
        assert appt.customer_id == keep
    assert view.selected_id() == keep
    assert view.history.topLevelItemCount() == 1


def test_export_writes_every_customer(qtbot: QtBot, desk: DeskState, tmp_path: Path) -> None:
    view = _view(qtbot, desk)
    target = tmp_path / "book.csv"
    task = view.export_to(str(target), "csv")
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    lines = target.read_text("utf-8").splitlines()
    assert lines[0] == "id,name,phone,email,notes"
    with desk.sessions() as session:
        assert len(lines) - 1 == session.scalar(select(func.count()).select_from(Customer))
    assert "exported" in view.notice.text()
    vcard = tmp_path / "book.vcf"
    task = view.export_to(str(vcard), "vcard")
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    assert vcard.read_text("utf-8").count("BEGIN:VCARD") == 32


def test_keys_in_the_table_edit_and_keys_in_the_search_stay_there(
    qtbot: QtBot, desk: DeskState
) -> None:
    view = _view(qtbot, desk)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)  # shortcuts work only in the active window
    annie = _customer_id(desk, "Annie Roy")
    view.select_customer(annie)
    view.search.setFocus()
    qtbot.keyClick(view.search, Qt.Key.Key_Delete)
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert not view.findChildren(CustomerEditDialog)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialogs = view.findChildren(CustomerEditDialog)
    assert len(dialogs) == 1
    assert dialogs[0].name.text() == "Annie Roy"
    assert _count_customers(desk) == 32


def _count_customers(desk: DeskState) -> int:
    with desk.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Customer)) or 0)


def test_search_results_overtaken_by_a_newer_key_are_dropped(qtbot: QtBot, desk: DeskState) -> None:
    view = _view(qtbot, desk)
    real = view._loader
    release = threading.Event()
    asked: list[str] = []

    def slow_first(
        query: str, key: SortKey, desc: bool, offset: int, limit: int, after: AddressRow | None
    ) -> Sequence[AddressRow]:
        asked.append(query)
        if query == "a":  # the first key's search is slow: the next keys come meanwhile
            release.wait(WAIT_MS / 1000)
        return real(query, key, desc, offset, limit, after)

    view._loader = slow_first  # type: ignore[assignment]
    shown: list[str] = []
    view.model.modelReset.connect(lambda: shown.append(view.model.query()))
    view.search.setFocus()
    first = view.search_in_background("a")
    qtbot.waitUntil(lambda: asked == ["a"], timeout=WAIT_MS)
    qtbot.keyClicks(view.search, "ann")  # "a", "an", "ann" while "a" still reads
    release.set()
    qtbot.waitUntil(lambda: view.model.query() == "ann", timeout=WAIT_MS)
    assert first.result() is not None  # it was read, then dropped on arrival
    # Searches that waited behind the slow one were skipped, not run, except the newest.
    assert asked == ["a", "ann"]
    assert shown == ["ann"]
    assert sorted(_names(view.model)) == ["Ann Tremblay", "Annie Roy"]
    assert not view.searching()


def test_enter_searches_at_once_and_drops_a_search_on_its_way(
    qtbot: QtBot, desk: DeskState
) -> None:
    view = _view(qtbot, desk)
    real = view._loader
    release = threading.Event()

    def slow(
        query: str, key: SortKey, desc: bool, offset: int, limit: int, after: AddressRow | None
    ) -> Sequence[AddressRow]:
        release.wait(WAIT_MS / 1000)
        return real(query, key, desc, offset, limit, after)

    view._loader = slow  # type: ignore[assignment]
    view.search.setFocus()
    qtbot.keyClicks(view.search, "annie")  # each key's search waits on the search thread
    view._loader = real  # type: ignore[assignment]
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.model.query() == "annie"
    assert _names(view.model) == ["Annie Roy"]
    qtbot.keyClick(view.search, Qt.Key.Key_Backspace)  # "anni", searched in the background
    release.set()
    qtbot.waitUntil(lambda: view.model.query() == "anni", timeout=WAIT_MS)
    assert _names(view.model) == ["Annie Roy"]
