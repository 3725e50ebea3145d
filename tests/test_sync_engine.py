"""The sync engine's fault paths with an in-memory provider, on SQLite and PostgreSQL.

412 (adopt our own landed write, or record a conflict), 429 with Retry-After, an expired
cursor (410) that resyncs fully while keeping local data until the new listing is in,
transient failures with jittered backoff that hold the queue in order, permanent ones
that fail a single item in plain words. The end-to-end path is in test_sync_caldav.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking.appointments import BookingRequest
from app.booking.permissions import load_actor
from app.jobs import registry
from app.models import CalendarAccount, ExternalBusy, ExternalEventLink, OutboxItem
from app.sync import accounts, engine
from app.sync.engine import Conflict, sync_account
from app.sync.provider import (
    BusyInterval,
    Changes,
    EventData,
    OwnEvent,
    PermanentError,
    RateLimited,
    TransientError,
)
from tests.support.fake_calendar import CAL, FakeProvider
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")
NOW = MONDAY_9AM


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def desk(sessions: sessionmaker[Session]) -> dict[str, int]:
    apply_riverside(sessions)
    with sessions() as session:
        found = ids(session)
        for i, cid in enumerate(add_customers(session, 4)):
            found[f"c{i}"] = cid
        account = accounts.add_account(
            session,
            load_actor(session),
            NOW,
            agent_id=found["Bob Chen"],
            provider="caldav",
            server_url="https://calendar.example/",
            username="bob",
            password=None,
            target_calendar=CAL,
        )
        session.commit()
        found["account"] = account.id
    return found


@pytest.fixture
def fake() -> FakeProvider:
    return FakeProvider()


def _book(sessions: sessionmaker[Session], desk: dict[str, int], start: datetime, c: int) -> int:
    with sessions() as session:
        appt = use.book(
            session,
            load_actor(session),
            BookingRequest(
                service_id=desk["Account opening"],
                start=start,
                customer_id=desk[f"c{c}"],
                agent_id=desk["Bob Chen"],
            ),
            NOW,
        )
        session.commit()
        return appt.id


def _sync(
    sessions: sessionmaker[Session], desk: dict[str, int], fake: FakeProvider, now: datetime
) -> engine.SyncReport:
    return sync_account(sessions, desk["account"], now, fake, rng=lambda: 0.0)  # type: ignore[arg-type]


def _items(sessions: sessionmaker[Session]) -> list[OutboxItem]:
    with sessions() as session:
        return list(
            session.scalars(
                select(OutboxItem).where(OutboxItem.kind == "calendar").order_by(OutboxItem.id)
            )
        )


def _account(sessions: sessionmaker[Session], desk: dict[str, int]) -> CalendarAccount:
    with sessions() as session:
        account = session.get(CalendarAccount, desk["account"])
        assert account is not None
        return account


def test_rate_limited_write_waits_for_retry_after(
    sessions: sessionmaker[Session], desk: dict[str, int], fake: FakeProvider
) -> None:
    _book(sessions, desk, at(23, 10), 0)
    _book(sessions, desk, at(23, 11), 1)
    fake.failures["create_event"] = [RateLimited("The calendar server asked to wait.", 120)]
    report = _sync(sessions, desk, fake, NOW)
    assert report.pushed == []
    assert report.retrying == [_items(sessions)[0].id]
    first, second = _items(sessions)
    assert first.due_at == NOW + timedelta(seconds=120)
    assert first.last_error == "The calendar server asked to wait."
    assert second.attempts == 0  # the queue stops behind the first item
    assert _account(sessions, desk).next_run_at == NOW + timedelta(minutes=5)
    # a minute later the service's wish still holds: nothing is sent
    assert _sync(sessions, desk, fake, NOW + timedelta(minutes=1)).pushed == []
    report = _sync(sessions, desk, fake, NOW + timedelta(minutes=2))
    assert report.pushed == [first.id, second.id]
    assert len(fake.events) == 2


def test_rate_limited_pull_delays_the_next_run(
    sessions: sessionmaker[Session], desk: dict[str, int], fake: FakeProvider
) -> None:
    fake.failures["read_changes"] = [RateLimited("The calendar server asked to wait.", 900)]
    report = _sync(sessions, desk, fake, NOW)
    assert report.error == "The calendar server asked to wait."
    account = _account(sessions, desk)
    assert account.next_run_at == NOW + timedelta(seconds=900)
    assert account.last_success_at is None


def test_transient_failure_backs_off_with_jitter_and_keeps_order(
    sessions: sessionmaker[Session], desk: dict[str, int], fake: FakeProvider
) -> None:
    appt = _book(sessions, desk, at(23, 10), 0)
    with sessions() as session:
        use.reschedule(session, load_actor(session), appt, at(23, 14), "Later", NOW)
        session.commit()
    fake.failures["create_event"] = [
        TransientError("The calendar server could not be reached."),
        TransientError("The calendar server could not be reached."),
    ]
    assert _sync(sessions, desk, fake, NOW).retrying
    first, second = _items(sessions)
    # attempt 1: a minute, half fixed and half random (rng 0.0 here)
    assert first.due_at == NOW + timedelta(seconds=30)
    assert (first.attempts, second.attempts) == (1, 0)
    later = NOW + timedelta(seconds=30)
    assert _sync(sessions, desk, fake, later).retrying
    first, _ = _items(sessions)
    assert first.due_at == later + timedelta(minutes=1)  # attempt 2: two minutes, jittered
    report = _sync(sessions, desk, fake, later + timedelta(minutes=1))
    assert report.pushed == [first.id, second.id]
    ((_href, (event, _etag)),) = fake.events.items()
    assert event.start == at(23, 14)
    assert fake.calls.count("update_event") == 1


def test_permanent_failure_fails_one_item_and_the_queue_goes_on(
    sessions: sessionmaker[Session], desk: dict[str, int], fake: FakeProvider
) -> None:
    _book(sessions, desk, at(23, 10), 0)
    _book(sessions, desk, at(23, 11), 1)
    fake.failures["create_event"] = [PermanentError("The calendar is read-only.")]
    report = _sync(sessions, desk, fake, NOW)
    first, second = _items(sessions)
    assert report.failed == [first.id]
    assert report.pushed == [second.id]
    assert first.state == "failed"
    assert first.last_error == "The calendar is read-only."
    with sessions() as session:
        assert [row.failed for row in accounts.list_accounts(session)] == [1]


def test_gives_up_after_max_attempts(
    sessions: sessionmaker[Session], desk: dict[str, int], fake: FakeProvider
) -> None:
    _book(sessions, desk, at(23, 10), 0)
    fake.failures["create_event"] = [TransientError("down") for _ in range(engine.MAX_ATTEMPTS)]
    when = NOW
    for _ in range(engine.MAX_ATTEMPTS):
        _sync(sessions, desk, fake, when)
        when += timedelta(days=1)
    (item,) = _items(sessions)
    assert item.state == "failed"
    assert item.attempts == engine.MAX_ATTEMPTS


def test_412_after_our_own_write_landed_is_adopted(
    sessions: sessionmaker[Session], desk: dict[str, int], fake: FakeProvider
) -> None:
    appt = _book(sessions, desk, at(23, 10), 0)
    _sync(sessions, desk, fake, NOW)
    with sessions() as session:
        use.reschedule(session, load_actor(session), appt, at(23, 14), "Later", NOW)
        session.commit()
    ((href, (event, _)),) = fake.events.items()
    # our update reached the server, then the desk died before recording the new etag
    landed = EventData(event.uid, event.summary, "", event.location, at(23, 14), at(23, 14, 30), "")
    fake.events[href] = (landed, '"landed"')
    report = _sync(sessions, desk, fake, NOW + timedelta(minutes=5))
    assert len(report.pushed) == 1
    assert report.conflicts == []
    with sessions() as session:
        link = session.scalars(select(ExternalEventLink)).one()
        assert link.etag == '"landed"'
        assert link.pushed_start_at == at(23, 14)
        assert link.conflict is None


def test_412_with_a_remote_move_records_a_conflict_and_writes_nothing(
    sessions: sessionmaker[Session], desk: dict[str, int], fake: FakeProvider
) -> None:
    appt = _book(sessions, desk, at(23, 10), 0)
    _sync(sessions, desk, fake, NOW)
    with sessions() as session:
        use.reschedule(session, load_actor(session), appt, at(23, 14), "Later", NOW)
        session.commit()
    (href,) = fake.events
    fake.move(href, at(23, 15), at(23, 15, 30))
    report = _sync(sessions, desk, fake, NOW + timedelta(minutes=5))
    assert report.pushed == []
    assert len(report.failed) == 1
    assert fake.events[href][0].start == at(23, 15)  # the agent's side is untouched
    with sessions() as session:
        ((appt_id, conflict),) = engine.conflicts(session)
    assert appt_id == appt
    assert conflict.proposal == "conflict"
    assert (conflict.start, conflict.end) == (at(23, 15), at(23, 15, 30))
    # the desk deals with it and forgets it
    with sessions() as session:
        engine.clear_conflict(session, appt, desk["account"])
        session.commit()
        assert engine.conflicts(session) == []


def test_remote_delete_makes_update_a_cancel_proposal_and_delete_a_no_op(
    sessions: sessionmaker[Session], desk: dict[str, int], fake: FakeProvider
) -> None:
    moved = _book(sessions, desk, at(23, 10), 0)
    cancelled = _book(sessions, desk, at(23, 11), 1)
    _sync(sessions, desk, fake, NOW)
    fake.events.clear()  # the agent deleted both
    with sessions() as session:
        use.reschedule(session, load_actor(session), moved, at(23, 14), "Later", NOW)
        use.cancel(session, load_actor(session), cancelled, "Not needed", NOW)
        session.commit()
    report = _sync(sessions, desk, fake, NOW + timedelta(minutes=5))
    update_item, delete_item = _items(sessions)[2:]
    assert report.failed == [update_item.id]
    assert report.pushed == [delete_item.id]
    assert update_item.last_error is not None
    assert "deleted this appointment" in update_item.last_error
    with sessions() as session:
        found = dict(engine.conflicts(session))
    assert list(found) == [moved]
    assert found[moved].proposal == "cancel"
    assert fake.events == {}  # nothing was written back


def test_expired_cursor_resyncs_fully_and_keeps_data_until_then(
    sessions: sessionmaker[Session], desk: dict[str, int], fake: FakeProvider
) -> None:
    fake.others = {
        "a": BusyInterval("a", "a", at(23, 12), at(23, 13), "busy"),
        "b": BusyInterval("b", "b", at(24, 12), at(24, 13), "tentative"),
    }
    assert _sync(sessions, desk, fake, NOW).busy_stored == 2
    fake.cursor_valid = False
    del fake.others["a"]

    # the full read after the expiry fails: what was stored stays
    original = fake.read_changes
    calls = {"n": 0}

    def flaky(
        calendar: str, cursor: str | None, window: tuple[datetime, datetime], zone: ZoneInfo
    ) -> Changes:
        calls["n"] += 1
        if calls["n"] == 2:
            raise TransientError("The calendar server could not be reached.")
        return original(calendar, cursor, window, zone)

    fake.read_changes = flaky  # type: ignore[method-assign]
    report = _sync(sessions, desk, fake, NOW + timedelta(minutes=5))
    assert report.error == "The calendar server could not be reached."
    with sessions() as session:
        assert len(session.scalars(select(ExternalBusy)).all()) == 2
    assert fake.reads[-1] == "c1"  # the stale cursor was tried, the full read failed
    report = _sync(sessions, desk, fake, NOW + timedelta(minutes=10))
    assert report.error is None
    assert fake.reads[-2:] == ["c1", None]  # expired, then everything
    with sessions() as session:
        rows = session.scalars(select(ExternalBusy)).all()
        assert [(r.external_id, r.show_as) for r in rows] == [("b", "tentative")]
    assert _account(sessions, desk).last_success_at == NOW + timedelta(minutes=10)


def test_remote_move_seen_on_pull_is_a_reschedule_proposal(
    sessions: sessionmaker[Session], desk: dict[str, int], fake: FakeProvider
) -> None:
    appt = _book(sessions, desk, at(23, 10), 0)
    _sync(sessions, desk, fake, NOW)
    (href,) = fake.events
    fake.move(href, at(23, 16), at(23, 16, 30))
    event, etag = fake.events[href]

    original = fake.read_changes

    def with_own(
        calendar: str, cursor: str | None, window: tuple[datetime, datetime], zone: ZoneInfo
    ) -> Changes:
        changes = original(calendar, cursor, window, zone)
        changes.own.append(OwnEvent(href, event.uid, event.start, event.end, etag))
        return changes

    fake.read_changes = with_own  # type: ignore[method-assign]
    report = _sync(sessions, desk, fake, NOW + timedelta(minutes=5))
    assert report.conflicts == [appt]
    with sessions() as session:
        link = session.scalars(select(ExternalEventLink)).one()
        conflict = Conflict.from_text(link.conflict)
        assert link.etag != etag  # kept: a later write of ours must not overwrite the move
    assert conflict is not None
    assert conflict.proposal == "reschedule"
    assert conflict.start == at(23, 16)


def test_each_enabled_account_is_a_scheduled_job(
    sessions: sessionmaker[Session], desk: dict[str, int]
) -> None:
    name = accounts.job_name(desk["account"])
    with sessions() as session:
        account = session.get(CalendarAccount, desk["account"])
        assert account is not None
        account.server_url = "http://127.0.0.1:9/"  # nothing listens there
        account.interval_min = 15
        session.commit()
    try:
        assert accounts.register_jobs(sessions) == [name]
        spec = registry.get(name)
        assert spec is not None
        assert spec.interval == timedelta(minutes=15)
        assert spec.schedule == "every 15 minutes"
        outcome = registry.run_job(sessions, spec, NOW, "test-desk", only_if_due=False)
        assert outcome.ran
        assert "could not be reached" in outcome.result
        with sessions() as session:
            account = session.get(CalendarAccount, desk["account"])
            assert account is not None
            account.enabled = False
            session.commit()
        assert accounts.register_jobs(sessions) == []
        assert registry.get(name) is None
    finally:
        registry.unregister(name)
