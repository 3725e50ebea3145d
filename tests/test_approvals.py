"""The approval queue: order, confirm, reject, bulk confirm, the timeout, and the CLI.

Riverside's Mortgage consultation requires approval, so its bookings start "pending".
Every test runs on SQLite and PostgreSQL (the ``sessions``/``db_url`` fixtures).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments, approvals, settings, statuses
from app.booking.appointments import BookingRequest
from app.booking.errors import BookingError
from app.booking.permissions import DESK_USERNAME, SYSTEM, Actor, load_actor
from app.booking.transactions import run_write
from app.booking.users import add_user
from app.cli import main
from app.models import AuditEntry
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

MORTGAGE = "Mortgage consultation"
#: Wednesday 25 November 2026 at 09:00 in Toronto (UTC-5): the requested day.
WEDNESDAY_9AM = MONDAY_9AM + timedelta(days=2)
#: Tuesday 24 November 2026 at 15:00 in Toronto: when the manager looks at the queue.
NOW = MONDAY_9AM + timedelta(hours=30)


def request(
    sessions: sessionmaker[Session],
    customer_id: int,
    start: datetime,
    asked: datetime,
) -> int:
    """Book a Mortgage consultation with Alice as the desk at ``asked`` (its created_at)."""

    def work(session: Session) -> int:
        known = ids(session)
        appt = appointments.book(
            session,
            load_actor(session),
            BookingRequest(
                service_id=known[MORTGAGE],
                start=start,
                customer_id=customer_id,
                agent_id=known["Alice Martin"],
                field_values={"Estimated loan amount": "350000"},
            ),
            asked,
        )
        return appt.id

    return run_write(sessions, work)


@pytest.fixture
def queue(sessions: sessionmaker[Session]) -> list[int]:
    """Three pending requests, made 30, 10 and 20 hours before ``NOW``."""
    apply_riverside(sessions)
    with sessions() as session:
        customers = add_customers(session, 3)
    return [
        request(sessions, customers[0], WEDNESDAY_9AM, NOW - timedelta(hours=30)),
        request(
            sessions,
            customers[1],
            WEDNESDAY_9AM + timedelta(minutes=90),
            NOW - timedelta(hours=10),
        ),
        request(
            sessions, customers[2], WEDNESDAY_9AM + timedelta(hours=4), NOW - timedelta(hours=20)
        ),
    ]


def status_of(sessions: sessionmaker[Session], appointment_id: int) -> str:
    with sessions() as session:
        return appointments.get(session, appointment_id).status.key


def test_queue_is_oldest_request_first(sessions: sessionmaker[Session], queue: list[int]) -> None:
    with sessions() as session:
        items = approvals.queue(session, NOW)
        assert [i.id for i in items] == [queue[0], queue[2], queue[1]]
        first = items[0]
        assert (first.service, first.agent, first.customer) == (
            MORTGAGE,
            "Alice Martin",
            "Customer 0",
        )
        assert first.start_at == WEDNESDAY_9AM
        assert first.requested_at == NOW - timedelta(hours=30)
        assert first.awaiting
        assert first.status_key == "pending"
        assert approvals.pending_count(session) == 3
        assert approvals.pending_count(session, ids(session)["branch"]) == 3


def test_confirm_and_show_confirmed(sessions: sessionmaker[Session], queue: list[int]) -> None:
    run_write(sessions, lambda s: approvals.confirm(s, load_actor(s), queue[0], NOW))
    assert status_of(sessions, queue[0]) == "confirmed"
    with sessions() as session:
        assert [i.id for i in approvals.queue(session, NOW)] == [queue[2], queue[1]]
        shown = approvals.queue(session, NOW, include_confirmed=True)
        assert [i.id for i in shown] == [queue[0], queue[2], queue[1]]
        assert not shown[0].awaiting
        # Once the confirmed appointment is over, it is history, not queue.
        later = approvals.queue(session, WEDNESDAY_9AM + timedelta(hours=1), include_confirmed=True)
        assert queue[0] not in [i.id for i in later]
        entries = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "appointment.status", AuditEntry.entity_id == queue[0]
            )
        ).all()
        assert len(entries) == 1
    with pytest.raises(BookingError) as caught:
        run_write(sessions, lambda s: approvals.confirm(s, load_actor(s), queue[0], NOW))
    assert caught.value.code == "not_awaiting"


def test_reject_needs_a_reason(sessions: sessionmaker[Session], queue: list[int]) -> None:
    def reject(reason: str) -> None:
        run_write(sessions, lambda s: approvals.reject(s, load_actor(s), queue[1], reason, NOW))

    for blank in ("", "   "):
        with pytest.raises(BookingError) as caught:
            reject(blank)
        assert caught.value.code == "reason_required"
    assert status_of(sessions, queue[1]) == "pending"
    run_write(
        sessions,
        lambda s: approvals.reject(s, load_actor(s), queue[1], " No documents ", NOW),
    )
    assert status_of(sessions, queue[1]) == "cancelled"
    with sessions() as session:
        latest = statuses.history(session, queue[1])[0]
        assert (latest.from_status, latest.to_status, latest.reason) == (
            "pending",
            "cancelled",
            "No documents",
        )


def test_move_to_a_custom_status(sessions: sessionmaker[Session], queue: list[int]) -> None:
    run_write(
        sessions,
        lambda s: appointments.set_status(s, load_actor(s), queue[2], "waiting", NOW),
    )
    assert status_of(sessions, queue[2]) == "waiting"
    with sessions() as session:
        assert queue[2] not in [i.id for i in approvals.queue(session, NOW)]


def test_approve_permission_is_checked(sessions: sessionmaker[Session], queue: list[int]) -> None:
    clerk = Actor(None, "clerk", "Clerk", "receptionist", frozenset({"appointments.edit"}))
    with pytest.raises(BookingError) as caught:
        run_write(sessions, lambda s: approvals.confirm(s, clerk, queue[0], NOW))
    assert caught.value.code == "permission_denied"
    assert status_of(sessions, queue[0]) == "pending"


def test_bulk_confirm_reports_the_conflict(sessions: sessionmaker[Session]) -> None:
    """Requests in a start status that does not hold time may ask for the same slot; the
    second one confirmed is refused (slot_taken), the others are confirmed."""
    apply_riverside(sessions)
    with sessions() as session:
        customers = add_customers(session, 3)
        mortgage = ids(session)[MORTGAGE]
        statuses.define_status(
            session,
            SYSTEM,
            "requested",
            "Requested",
            position=0,
            predicate="start",
            blocks_time=False,
            service_ids=[mortgage],
            now=MONDAY_9AM,
        )
        session.commit()
    asked = MONDAY_9AM + timedelta(hours=5)
    first = request(sessions, customers[0], WEDNESDAY_9AM, asked)
    rival = request(sessions, customers[1], WEDNESDAY_9AM, asked + timedelta(minutes=1))
    other = request(sessions, customers[2], WEDNESDAY_9AM + timedelta(minutes=90), asked)
    assert status_of(sessions, rival) == "requested"

    result = approvals.confirm_many(sessions, DESK_USERNAME, [first, rival, other], NOW)
    assert result.confirmed == (first, other)
    assert [(f.id, f.code) for f in result.failed] == [(rival, "slot_taken")]
    assert status_of(sessions, rival) == "requested"
    assert status_of(sessions, other) == "confirmed"


def test_timeout_cancels_old_requests(sessions: sessionmaker[Session], queue: list[int]) -> None:
    # Off by default: nothing expires.
    assert approvals.expire_due(sessions, NOW) == []
    with sessions() as session:
        settings.change_setting(
            session, SYSTEM, settings.APPROVAL_TIMEOUT_HOURS, 24, NOW, ids(session)["branch"]
        )
        session.commit()
    assert approvals.expire_due(sessions, NOW) == [queue[0]]
    assert status_of(sessions, queue[0]) == "cancelled"
    with sessions() as session:
        assert statuses.history(session, queue[0])[0].reason == "Not confirmed within 24 hours"
        assert [i.id for i in approvals.queue(session, NOW)] == [queue[2], queue[1]]
        entry = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_id == queue[0])
            .order_by(AuditEntry.id.desc())
        ).first()
        assert entry is not None
        assert entry.action == "appointment.status"
    # Four hours later the request made 20 hours before NOW is 24 hours old.
    assert approvals.expire_due(sessions, NOW + timedelta(hours=4)) == [queue[2]]
    assert approvals.timeout_reason(1) == "Not confirmed within 1 hour"


@pytest.mark.parametrize("value", [-1, 1.5, "12", True, None])
def test_timeout_setting_is_checked(value: Any) -> None:
    with pytest.raises(BookingError) as caught:
        settings.validate(settings.APPROVAL_TIMEOUT_HOURS, value)
    assert caught.value.code == "invalid_setting"
    assert settings.validate(settings.APPROVAL_TIMEOUT_HOURS, 48) == 48


CLI_NOW = "2026-11-24T15:00:00-05:00"  # NOW, as the CLI takes it


def cli(capsys: pytest.CaptureFixture[str], db_url: str, *args: str, code: int = 0) -> Any:
    got = main([*args, "--db", db_url, "--now", CLI_NOW, "--json"])
    out, err = capsys.readouterr()
    assert got == code, err
    return json.loads(out) if out.strip() else None


def test_cli_lists_confirms_and_rejects(
    capsys: pytest.CaptureFixture[str],
    db_url: str,
    sessions: sessionmaker[Session],
    queue: list[int],
) -> None:
    data = cli(capsys, db_url, "approvals")
    assert data["waiting"] == 3
    assert data["expired"] == []
    assert [r["id"] for r in data["appointments"]] == [queue[0], queue[2], queue[1]]
    assert data["appointments"][0] | {"id": 0} == {
        "id": 0,
        "service": MORTGAGE,
        "agent": "Alice Martin",
        "customer": "Customer 0",
        "phone": "+14165550000",
        "email": "c0@example.com",
        "start": "2026-11-25T09:00:00-05:00",
        "end": "2026-11-25T10:00:00-05:00",
        "requested_at": "2026-11-23T09:00:00-05:00",
        "status": "pending",
        "awaiting": True,
    }

    done = cli(capsys, db_url, "approvals", "confirm", str(queue[0]), str(queue[2]))
    assert done == {"confirmed": [queue[0], queue[2]], "failed": []}
    again = cli(capsys, db_url, "approvals", "confirm", str(queue[0]), code=1)
    assert again["confirmed"] == []
    assert again["failed"][0]["code"] == "not_awaiting"

    cli(capsys, db_url, "approvals", "reject", str(queue[1]), "--reason", " ", code=1)
    out = cli(capsys, db_url, "approvals", "reject", str(queue[1]), "--reason", "Incomplete file")
    assert out == {"id": queue[1], "status": "cancelled", "reason": "Incomplete file"}

    assert cli(capsys, db_url, "approvals")["appointments"] == []
    shown = cli(capsys, db_url, "approvals", "--all")
    assert [r["id"] for r in shown["appointments"]] == [queue[0], queue[2]]
    assert shown["waiting"] == 0


def test_cli_refuses_a_role_without_approval(
    capsys: pytest.CaptureFixture[str],
    db_url: str,
    sessions: sessionmaker[Session],
    queue: list[int],
) -> None:
    """The approve permission is checked in the booking layer, whoever asks: a
    receptionist acting through ``--as`` is refused, and the request stays pending."""
    with sessions() as session:
        add_user(session, SYSTEM, NOW, username="rita", display_name="Rita", role="receptionist")
        session.commit()
    data = cli(capsys, db_url, "approvals", "confirm", str(queue[0]), "--as", "rita", code=1)
    assert data["confirmed"] == []
    assert data["failed"][0]["code"] == "permission_denied"
    assert status_of(sessions, queue[0]) == "pending"
    # Listing is reading: anyone may see what waits.
    assert cli(capsys, db_url, "approvals", "--as", "rita")["waiting"] == 3
