"""The mail outbox screen with pytest-qt, on SQLite and PostgreSQL, against a real SMTP
server on loopback (aiosmtpd): a failed mail shows why, Retry queues it again and Send
now delivers it once; the table reads its rows lazily.

The clock is Monday 23 November 2026, 09:00 in Toronto (tests/support/riverside.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta

import keyring
import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking import users
from app.booking.appointments import BookingRequest
from app.booking.permissions import load_actor
from app.clock import fixed_clock
from app.models import OutboxItem
from app.notify import sender
from app.notify.sender import SendReport
from app.views.desk import DeskState
from app.views.mail import OutboxView, failed_count
from app.views.mail.outbox_model import MailRow, OutboxTableModel, mail_loader
from tests.support.keyring_backend import MemoryKeyring
from tests.support.mailserver import MailServer, free_port, point_branch_at
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

NOW = MONDAY_9AM


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def server() -> Iterator[MailServer]:
    mail = MailServer(free_port())
    mail.start()
    yield mail
    mail.stop()


@pytest.fixture
def booked(sessions: sessionmaker[Session], server: MailServer) -> dict[str, int]:
    """Riverside with mail on, one booking for Customer 0 whose mail was refused."""
    apply_riverside(sessions)
    with sessions() as session:
        found = ids(session)
        (customer,) = add_customers(session, 1)
        point_branch_at(session, found["branch"], server)
        appt = use.book(
            session,
            load_actor(session),
            BookingRequest(
                service_id=found["Account opening"],
                customer_id=customer,
                start=NOW + timedelta(hours=2),
            ),
            NOW,
        )
        session.commit()
        found["appointment"] = appt.id
    server.collector.refuse.add("c0@example.com")
    report = sender.send_due(sessions, NOW)
    (found["failed"],) = report.failed
    server.collector.refuse.clear()
    return found


@pytest.fixture
def state(sessions: sessionmaker[Session]) -> DeskState:
    return DeskState(sessions, "test", "Front desk", fixed_clock(NOW + timedelta(minutes=5)))


def open_view(qtbot: QtBot, state: DeskState) -> OutboxView:
    view = OutboxView(state)
    qtbot.addWidget(view)
    view.resize(1200, 500)
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.show()
    return view


def shown(view: OutboxView) -> list[MailRow]:
    rows = [view.model.mail(r) for r in range(view.model.rowCount())]
    assert all(r is not None for r in rows)
    return [r for r in rows if r is not None]


def text(view: OutboxView, row: int, column: int) -> str:
    return str(view.model.data(view.model.index(row, column)))


def test_a_failed_mail_shows_its_reason_and_retry_then_send_now_delivers_it(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    sessions: sessionmaker[Session],
    state: DeskState,
    booked: dict[str, int],
    server: MailServer,
) -> None:
    failed_id = booked["failed"]
    delivered_before = len(server.messages)
    view = open_view(qtbot, state)
    qtmodeltester.check(view.model)

    rows = shown(view)
    assert [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)  # newest first
    failed_row = view.model.row_of(failed_id)
    assert failed_row is not None
    assert text(view, failed_row, OutboxTableModel.STATE) == "Failed"
    assert text(view, failed_row, OutboxTableModel.TO) == "c0@example.com"
    problem = text(view, failed_row, OutboxTableModel.PROBLEM)
    assert problem == (
        f"The mail server 127.0.0.1:{server.port} refused the address c0@example.com."
    )
    assert text(view, failed_row, OutboxTableModel.APPOINTMENT).startswith(
        "Account opening – Customer 0, 2026-11-23 11:00"  # local Toronto time
    )
    assert "1 failed" in view.status_label.text()
    assert not view.retry_button.isEnabled()

    assert view.select_mail(failed_id)
    assert view.retry_button.isEnabled()
    assert problem in view.detail_label.text()
    assert "until you press Retry" in view.detail_label.text()

    with (
        qtbot.waitSignal(view.retried) as retried,
        qtbot.waitSignal(view.refreshed, timeout=10_000),
        qtbot.waitSignal(view.failed_count_changed, timeout=10_000) as count,
    ):
        qtbot.mouseClick(view.retry_button, Qt.MouseButton.LeftButton)
    assert retried.args == [[failed_id]]
    assert count.args == [0]
    with sessions() as session:
        item = session.get(OutboxItem, failed_id)
        assert item is not None
        assert item.state == "pending"
        assert failed_count(session) == 0
    row = view.model.row_of(failed_id)
    assert row is not None
    assert text(view, row, OutboxTableModel.STATE) == "Waiting"

    with (
        qtbot.waitSignal(view.sending_finished, timeout=20_000) as finished,
        qtbot.waitSignal(view.refreshed, timeout=20_000),
    ):
        qtbot.mouseClick(view.send_button, Qt.MouseButton.LeftButton)
    report = finished.args[0]
    assert isinstance(report, SendReport)
    assert report.sent == [failed_id]
    assert "Sent 1 mail(s)." in view.status_label.text()
    new = server.messages[delivered_before:]
    assert [m["To"] for m in new] == ["Customer 0 <c0@example.com>"]
    row = view.model.row_of(failed_id)
    assert row is not None
    assert text(view, row, OutboxTableModel.STATE) == "Sent"
    assert text(view, row, OutboxTableModel.PROBLEM) == ""

    # Sending again sends nothing more: each mail goes out once.
    with qtbot.waitSignal(view.sending_finished, timeout=20_000) as again:
        view.send_now()
    assert again.args[0].sent == []
    assert len(server.messages) == delivered_before + 1
    view.wait()


def test_the_state_filter_and_the_failed_count(
    qtbot: QtBot, sessions: sessionmaker[Session], state: DeskState, booked: dict[str, int]
) -> None:
    with sessions() as session:
        assert failed_count(session) == 1
        everything = len(list(session.scalars(select(OutboxItem.id))))
    view = open_view(qtbot, state)
    assert view.model.rowCount() == everything
    assert view.counts()["failed"] == 1

    with qtbot.waitSignal(view.refreshed, timeout=10_000) as filtered:
        view.state_combo.setCurrentIndex(view.state_combo.findData("failed"))
    assert filtered.args == [1]
    assert [r.id for r in shown(view)] == [booked["failed"]]

    with qtbot.waitSignal(view.refreshed, timeout=10_000) as none_waiting:
        view.state_combo.setCurrentIndex(view.state_combo.findData("pending"))
    assert none_waiting.args == [0]
    assert "none of them in this state" in view.status_label.text()


def test_retry_is_refused_inline_for_a_receptionist(
    qtbot: QtBot, sessions: sessionmaker[Session], booked: dict[str, int]
) -> None:
    with sessions() as session:
        users.add_user(
            session,
            load_actor(session),
            NOW,
            username="rita",
            display_name="Rita",
            role="receptionist",
        )
        session.commit()
    rita = DeskState(sessions, "test", "Rita", fixed_clock(NOW), username="rita")
    view = open_view(qtbot, rita)
    assert view.select_mail(booked["failed"])

    with qtbot.waitSignal(view.failed) as refused:
        qtbot.mouseClick(view.retry_button, Qt.MouseButton.LeftButton)
    assert refused.args[0] == view.status_label.text()
    assert view.status_label.font().bold()
    with sessions() as session:
        item = session.get(OutboxItem, booked["failed"])
        assert item is not None
        assert item.state == "failed"


def test_rows_are_read_in_blocks(
    qtmodeltester: ModelTester, sessions: sessionmaker[Session]
) -> None:
    apply_riverside(sessions)
    with sessions() as session:
        branch = ids(session)["branch"]
        session.execute(
            insert(OutboxItem),
            [
                {
                    "kind": "mail",
                    "action": "created",
                    "idempotency_key": f"bulk:{n}",
                    "payload": {"branch_id": branch, "to": f"c{n}@example.com", "subject": "Hi"},
                    "state": "failed" if n % 10 == 0 else "sent",
                    "created_at": NOW,
                    "due_at": NOW,
                    "attempts": 1,
                    "last_error": "The mail server closed the connection." if n % 10 == 0 else None,
                    "sent_at": None if n % 10 == 0 else NOW,
                }
                for n in range(2500)
            ],
        )
        session.commit()
        all_ids = list(session.scalars(select(OutboxItem.id).order_by(OutboxItem.id.desc())))
        assert failed_count(session) == 250

    asked: list[int] = []
    read = mail_loader(sessions)

    def counting(wanted: Sequence[int]) -> Mapping[int, MailRow]:
        asked.extend(wanted)
        return read(wanted)

    model = OutboxTableModel(counting, block=100)
    model.set_ids(all_ids)
    assert model.total() == 2500
    assert model.rowCount() == 100
    assert asked == all_ids[:100]
    assert model.canFetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 200
    assert len(asked) == 200
    last = model.mail(199)
    assert last is not None
    assert last.id == all_ids[199]
    assert last.tz.key == "America/Toronto"
    qtmodeltester.check(model)
