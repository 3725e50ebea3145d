"""Calendar sync against a local Google Calendar API server, on SQLite and PostgreSQL.

Bob Chen's Google calendar receives the desk's bookings (create, reschedule, cancel);
other events listed over several pages block his slots (transparent and cancelled ones
do not, all-day ones take whole Toronto days); the sync token carries the next read; an
expired token means a full read that keeps the stored busy time until it succeeds; a 429
is honoured; a 412 becomes a conflict; a create retried after a crash adopts the event
(409) instead of writing it twice; the refresh token stays in the keyring.
The clock is Monday 23 November 2026, 09:00 in Toronto (tests/support/riverside.py).
"""

from __future__ import annotations

import io
import json
import logging
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from app import cli
from app.booking import appointments as use
from app.booking import availability
from app.booking.appointments import BookingRequest
from app.booking.permissions import load_actor
from app.models import Base, CalendarAccount, ExternalBusy, ExternalEventLink, OutboxItem, Service
from app.sync import accounts, engine
from app.sync.engine import SyncReport, sync_account
from app.sync.google_provider import GoogleProvider, event_id, secret_blob
from app.sync.outbox import event_uid
from app.sync.provider import (
    EventData,
    Gone,
    PermanentError,
    ProviderError,
    RateLimited,
    TransientError,
    WriteResult,
)
from tests.support.google_server import GoogleServer
from tests.support.keyring_backend import MemoryKeyring
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")
NOW = MONDAY_9AM
REFRESH_TOKEN = "1//rt-google-secret-7731"
CLIENT_ID = "desk-client.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-client-secret-4410"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


def utc(day: int, hour: int) -> str:
    return datetime(2026, 11, day, hour, tzinfo=UTC).isoformat().replace("+00:00", "Z")


@pytest.fixture
def google() -> Iterator[GoogleServer]:
    server = GoogleServer(REFRESH_TOKEN, page_size=2)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def calendar(google: GoogleServer) -> str:
    return google.make_calendar("bob")


@pytest.fixture
def desk(
    sessions: sessionmaker[Session],
    google: GoogleServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
) -> dict[str, int]:
    """Riverside with customers and Bob's account connected to his Google calendar."""
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
            provider="google",
            server_url=google.url,
            username="bob.chen@example.com",
            password=secret_blob(REFRESH_TOKEN, CLIENT_ID, CLIENT_SECRET),
            target_calendar=calendar,
        )
        account.options = {**account.options, "token_uri": google.token_uri}
        session.commit()
        found["account"] = account.id
    return found


def _provider(google: GoogleServer) -> GoogleProvider:
    return GoogleProvider(
        REFRESH_TOKEN, CLIENT_ID, CLIENT_SECRET, api_endpoint=google.url, token_uri=google.token_uri
    )


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


def _sync(sessions: sessionmaker[Session], desk: dict[str, int], now: datetime = NOW) -> SyncReport:
    return sync_account(sessions, desk["account"], now)


def _link(sessions: sessionmaker[Session], appt_id: int) -> ExternalEventLink:
    with sessions() as session:
        return session.scalars(
            select(ExternalEventLink).where(ExternalEventLink.appointment_id == appt_id)
        ).one()


def _times(event: dict[str, Any]) -> tuple[datetime, datetime]:
    return (
        datetime.fromisoformat(event["start"]["dateTime"]),
        datetime.fromisoformat(event["end"]["dateTime"]),
    )


def _busy(sessions: sessionmaker[Session]) -> list[tuple[str, datetime, datetime]]:
    with sessions() as session:
        rows = session.scalars(select(ExternalBusy).order_by(ExternalBusy.start_at)).all()
        return [(r.external_id, r.start_at, r.end_at) for r in rows]


def _free(sessions: sessionmaker[Session], desk: dict[str, int], start: datetime) -> bool:
    with sessions() as session:
        service = session.get(Service, desk["Account opening"])
        assert service is not None
        problem = availability.check_agent(
            session, service, desk["Bob Chen"], start, start + timedelta(minutes=30), NOW
        )
        return problem is None


def test_event_ids_follow_googles_rules() -> None:
    eid = event_id(event_uid(12, 3))
    assert eid == event_id("frontdesk-a12-c3")  # deterministic
    assert 5 <= len(eid) <= 1024
    assert set(eid) <= set("0123456789abcdefghijklmnopqrstuv")
    assert event_id("frontdesk-a12-c4") != eid
    assert len(event_id("a")) == 5


def test_booking_reschedule_and_cancel_reach_google(
    sessions: sessionmaker[Session], desk: dict[str, int], google: GoogleServer, calendar: str
) -> None:
    appt_id = _book(sessions, desk, at(23, 10), 0)
    eid = event_id(event_uid(appt_id, desk["account"]))
    assert google.live(calendar) == {}  # nothing leaves before the sync
    report = _sync(sessions, desk)
    assert report.error is None
    assert len(report.pushed) == 1
    event = google.live(calendar)[eid]
    assert _times(event) == (at(23, 10), at(23, 10, 30))
    assert event["start"]["timeZone"] == "America/Toronto"
    assert "Account opening" in event["summary"]
    assert event["extendedProperties"]["private"]["frontdeskUid"] == event_uid(
        appt_id, desk["account"]
    )
    first = _link(sessions, appt_id)
    assert first.external_id == eid
    assert first.etag == event["etag"]

    with sessions() as session:
        use.reschedule(session, load_actor(session), appt_id, at(23, 14), "Customer asked", NOW)
        session.commit()
    assert len(_sync(sessions, desk).pushed) == 1
    moved = _link(sessions, appt_id)
    assert moved.external_id == eid
    assert moved.etag != first.etag
    assert list(google.live(calendar)) == [eid]
    assert _times(google.live(calendar)[eid]) == (at(23, 14), at(23, 14, 30))
    put = [r for r in google.bodies if "if-match" in r.lower()]
    assert put
    assert first.etag in put[-1]  # the update was conditional

    with sessions() as session:
        use.cancel(session, load_actor(session), appt_id, "Customer called", NOW)
        session.commit()
    assert len(_sync(sessions, desk).pushed) == 1
    assert google.live(calendar) == {}
    with sessions() as session:
        states = session.scalars(select(OutboxItem.state).where(OutboxItem.kind == "calendar"))
        assert list(states) == ["sent", "sent", "sent"]
        account = session.get(CalendarAccount, desk["account"])
        assert account is not None
        assert account.last_error is None
        assert account.last_success_at == NOW
    # reading our own writes back (the deletion included) proposes nothing
    assert _sync(sessions, desk, NOW + timedelta(minutes=5)).conflicts == []


def test_other_events_over_three_pages_then_incremental(
    sessions: sessionmaker[Session], desk: dict[str, int], google: GoogleServer, calendar: str
) -> None:
    start, end = "start", "end"
    google.put(
        calendar,
        {"id": "a1dentist", start: {"dateTime": utc(23, 17)}, end: {"dateTime": utc(23, 18)}},
    )
    google.put(
        calendar,
        {
            "id": "a2reminder",
            "summary": "Private note",
            "transparency": "transparent",
            start: {"dateTime": utc(23, 19)},
            end: {"dateTime": utc(23, 20)},
        },
    )
    google.put(
        calendar, {"id": "a3offsite", start: {"date": "2026-11-25"}, end: {"date": "2026-11-26"}}
    )
    google.put(
        calendar, {"id": "a4gym", start: {"dateTime": utc(24, 15)}, end: {"dateTime": utc(24, 16)}}
    )
    google.put(
        calendar,
        {"id": "a5dropped", start: {"dateTime": utc(24, 18)}, end: {"dateTime": utc(24, 19)}},
    )
    google.remove(calendar, "a5dropped")  # cancelled: not listed, never blocks
    google.put(
        calendar,
        {"id": "a6lunch", start: {"dateTime": utc(26, 17)}, end: {"dateTime": utc(26, 18)}},
    )

    assert _sync(sessions, desk).error is None
    lists = [r for r in google.requests if r.startswith("GET") and r.endswith("/events")]
    assert len(lists) == 3  # five events listed two by two
    assert _busy(sessions) == [
        ("a1dentist", at(23, 12), at(23, 13)),
        ("a4gym", at(24, 10), at(24, 11)),
        ("a3offsite", at(25, 0), at(26, 0)),  # the whole Toronto day
        ("a6lunch", at(26, 12), at(26, 13)),
    ]
    assert not _free(sessions, desk, at(23, 12))
    assert _free(sessions, desk, at(23, 14))  # the transparent event does not block
    assert _free(sessions, desk, at(24, 13))  # the cancelled one does not either
    assert not _free(sessions, desk, at(25, 9))

    # the dentist moves, the day off is deleted, a meeting turns transparent
    google.put(
        calendar,
        {"id": "a1dentist", start: {"dateTime": utc(24, 17)}, end: {"dateTime": utc(24, 18)}},
    )
    google.remove(calendar, "a3offsite")
    google.put(
        calendar,
        {
            "id": "a4gym",
            "transparency": "transparent",
            start: {"dateTime": utc(24, 15)},
            end: {"dateTime": utc(24, 16)},
        },
    )
    before = len(google.requests)
    assert _sync(sessions, desk, NOW + timedelta(minutes=5)).error is None
    assert len([r for r in google.requests[before:] if r.endswith("/events")]) == 2
    assert _busy(sessions) == [
        ("a1dentist", at(24, 12), at(24, 13)),
        ("a6lunch", at(26, 12), at(26, 13)),
    ]
    assert _free(sessions, desk, at(23, 12))
    assert _free(sessions, desk, at(25, 10))
    with sessions() as session:
        dump = " ".join(
            str(v) for r in session.execute(text("SELECT * FROM external_busy")) for v in r
        )
    assert "Private note" not in dump


def test_expired_sync_token_reads_everything_again_keeping_what_was_stored(
    sessions: sessionmaker[Session], desk: dict[str, int], google: GoogleServer, calendar: str
) -> None:
    google.put(
        calendar,
        {"id": "b1visit", "start": {"dateTime": utc(23, 17)}, "end": {"dateTime": utc(23, 18)}},
    )
    assert _sync(sessions, desk).error is None
    stored = _busy(sessions)
    assert stored == [("b1visit", at(23, 12), at(23, 13))]

    # the token has expired and the full read fails halfway: nothing is dropped
    google.fail_next(1, 410, "fullSyncRequired")
    google.fail_next(1, 503)
    report = _sync(sessions, desk, NOW + timedelta(minutes=5))
    assert report.error is not None
    assert "not available" in report.error
    assert _busy(sessions) == stored

    google.expired = True
    google.put(
        calendar,
        {"id": "b2call", "start": {"dateTime": utc(24, 17)}, "end": {"dateTime": utc(24, 18)}},
    )
    assert _sync(sessions, desk, NOW + timedelta(minutes=10)).error is None
    assert _busy(sessions) == [
        ("b1visit", at(23, 12), at(23, 13)),
        ("b2call", at(24, 12), at(24, 13)),
    ]


def test_rate_limit_is_honoured(
    sessions: sessionmaker[Session], desk: dict[str, int], google: GoogleServer, calendar: str
) -> None:
    appt_id = _book(sessions, desk, at(23, 10), 0)
    assert _sync(sessions, desk).error is None  # pulls the empty calendar, pushes
    with sessions() as session:
        use.reschedule(session, load_actor(session), appt_id, at(23, 15), "Customer asked", NOW)
        session.commit()
    google.fail_next(2, 429, "rateLimitExceeded", Retry_After="120")
    report = _sync(sessions, desk, NOW + timedelta(minutes=1))
    assert report.pushed == []
    assert report.slow_down_until == NOW + timedelta(minutes=1, seconds=120)
    with sessions() as session:
        item = session.scalars(
            select(OutboxItem).where(OutboxItem.state == "pending", OutboxItem.kind == "calendar")
        ).one()
        assert item.due_at == NOW + timedelta(minutes=1, seconds=120)
        assert item.last_error is not None
        assert "slow down" in item.last_error
    # before the time Google asked for, the write is not tried
    before = len(google.requests)
    assert _sync(sessions, desk, NOW + timedelta(minutes=2)).pushed == []
    assert not [r for r in google.requests[before:] if r.startswith("PUT")]
    assert _sync(sessions, desk, NOW + timedelta(minutes=4)).pushed != []
    assert _times(google.live(calendar)[event_id(event_uid(appt_id, desk["account"]))]) == (
        at(23, 15),
        at(23, 15, 30),
    )


def test_changed_in_google_and_at_the_desk_is_a_conflict(
    sessions: sessionmaker[Session], desk: dict[str, int], google: GoogleServer, calendar: str
) -> None:
    appt_id = _book(sessions, desk, at(23, 10), 0)
    assert len(_sync(sessions, desk).pushed) == 1
    eid = event_id(event_uid(appt_id, desk["account"]))
    event = google.live(calendar)[eid]
    event["start"] = {"dateTime": utc(23, 20)}
    event["end"] = {"dateTime": datetime(2026, 11, 23, 20, 30, tzinfo=UTC).isoformat()}
    google.put(calendar, event)  # the agent moves it; the desk moves it too
    with sessions() as session:
        use.reschedule(session, load_actor(session), appt_id, at(23, 14), "Desk's choice", NOW)
        session.commit()
    report = _sync(sessions, desk, NOW + timedelta(minutes=5))
    assert report.pushed == []
    assert len(report.failed) == 1
    assert report.conflicts == [appt_id]
    with sessions() as session:
        found = dict(engine.conflicts(session, desk["account"]))
    assert found[appt_id].proposal == "conflict"
    assert (found[appt_id].start, found[appt_id].end) == (at(23, 15), at(23, 15, 30))
    # Google's side was not overwritten
    assert _times(google.live(calendar)[eid]) == (at(23, 15), at(23, 15, 30))


def test_repeating_events_and_a_moving_window(
    sessions: sessionmaker[Session], desk: dict[str, int], google: GoogleServer, calendar: str
) -> None:
    for day in (23, 24):
        google.put(
            calendar,
            {
                "id": f"s1_202611{day}T170000z",
                "recurringEventId": "s1",
                "start": {"dateTime": utc(day, 17)},
                "end": {"dateTime": utc(day, 18)},
            },
        )
    far = NOW + timedelta(days=125)  # beyond the 120 days kept today
    google.put(
        calendar,
        {
            "id": "far1",
            "start": {"dateTime": _z(far)},
            "end": {"dateTime": _z(far + timedelta(hours=1))},
        },
    )
    assert _sync(sessions, desk).error is None
    assert _busy(sessions) == [
        ("s1#s1_20261123T170000z", at(23, 12), at(23, 13)),
        ("s1#s1_20261124T170000z", at(24, 12), at(24, 13)),
    ]
    # the agent deletes the whole series: one cancelled item names it
    google.put(calendar, {"id": "s1", "status": "cancelled"})
    assert _sync(sessions, desk, NOW + timedelta(hours=1)).error is None
    assert _busy(sessions) == []
    # ten days on, the window reaches the event that lay beyond it
    assert _sync(sessions, desk, NOW + timedelta(days=10)).error is None
    assert [b[0] for b in _busy(sessions)] == ["far1"]


def _z(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class _CrashAfterWrite:
    """Google's provider whose first create lands but whose answer is lost."""

    def __init__(self, inner: GoogleProvider) -> None:
        self.inner = inner
        self.crashed = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def create_event(self, calendar: str, event: EventData) -> WriteResult:
        result = self.inner.create_event(calendar, event)
        if not self.crashed:
            self.crashed = True
            raise TransientError("The connection was lost.")
        return result


def test_create_retried_after_a_crash_adopts_the_event(
    sessions: sessionmaker[Session], desk: dict[str, int], google: GoogleServer, calendar: str
) -> None:
    appt_id = _book(sessions, desk, at(23, 10), 0)
    provider = _CrashAfterWrite(_provider(google))
    try:
        first = sync_account(sessions, desk["account"], NOW, provider)  # type: ignore[arg-type]
        assert first.pushed == []
        assert len(first.retrying) == 1
        assert len(google.live(calendar)) == 1  # it did land
        later = NOW + timedelta(hours=1)
        second = sync_account(sessions, desk["account"], later, provider)  # type: ignore[arg-type]
    finally:
        provider.close()
    assert len(second.pushed) == 1
    assert second.conflicts == []
    assert "409" not in str(second.to_json())
    eid = event_id(event_uid(appt_id, desk["account"]))
    assert list(google.live(calendar)) == [eid]  # one event, not two
    link = _link(sessions, appt_id)
    assert link.external_id == eid
    assert link.etag == google.live(calendar)[eid]["etag"]


def test_rebooking_a_deleted_event_revives_it(google: GoogleServer, calendar: str) -> None:
    provider = _provider(google)
    event = EventData("frontdesk-a9-c1", "Visit", "", "", at(23, 10), at(23, 11), "America/Toronto")
    try:
        made = provider.create_event(calendar, event)
        provider.delete_event(calendar, made.external_id, made.etag)
        again = provider.create_event(calendar, event)  # Google keeps deleted ids taken
        assert again.external_id == made.external_id
        assert list(google.live(calendar)) == [made.external_id]
        with pytest.raises(Gone):
            provider.delete_event(calendar, "nosuchevent", None)
    finally:
        provider.close()


@pytest.mark.parametrize(
    ("status", "reason", "expected"),
    [
        (429, "rateLimitExceeded", RateLimited),
        (403, "rateLimitExceeded", RateLimited),
        (403, "userRateLimitExceeded", RateLimited),
        (503, "backendError", TransientError),
        (500, "backendError", TransientError),
        (403, "forbidden", PermanentError),
        (400, "invalid", PermanentError),
    ],
)
def test_google_errors_become_the_engines_classes(
    google: GoogleServer, calendar: str, status: int, reason: str, expected: type[ProviderError]
) -> None:
    provider = _provider(google)
    google.fail_next(1, status, reason, Retry_After="7")
    try:
        with pytest.raises(expected) as caught:
            provider.list_calendars()
    finally:
        provider.close()
    if isinstance(caught.value, RateLimited):
        assert caught.value.retry_after == 7.0
    assert "Google" in caught.value.message
    assert len(google.requests) == 1  # the client did not retry by itself


def test_refresh_token_stays_in_the_keyring(
    sessions: sessionmaker[Session],
    desk: dict[str, int],
    google: GoogleServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    _book(sessions, desk, at(23, 10), 0)
    assert _sync(sessions, desk).error is None
    google.refresh_token = "revoked"  # Google no longer accepts the stored sign-in
    google.tokens_issued.clear()
    report = _sync(sessions, desk, NOW + timedelta(minutes=5))
    assert report.error is not None
    assert "sign-in" in report.error
    with sessions() as session:
        account = session.get(CalendarAccount, desk["account"])
        assert account is not None
        assert account.keyring_ref
        stored = memory_keyring.get_password("frontdesk-calendar", account.keyring_ref)
        assert stored is not None
        assert REFRESH_TOKEN in stored
        dump = []
        for table in Base.metadata.sorted_tables:
            for row in session.execute(table.select()):
                dump.append(" ".join(str(v) for v in row))
    everything = "\n".join(dump)
    for secret in (REFRESH_TOKEN, CLIENT_SECRET):
        assert secret not in everything
        assert secret not in caplog.text
        assert secret not in str(report.to_json())
    assert "sign-in" in everything  # the error was kept, in plain words


def test_cli_connects_a_google_account(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db_url: str,
    sessions: sessionmaker[Session],
    google: GoogleServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
) -> None:
    def run(*args: str, code: int = 0) -> Any:
        got = cli.main([*args, "--db", db_url, "--now", NOW.isoformat(), "--json"])
        out, err = capsys.readouterr()
        assert got == code, (out, err)
        for secret in (REFRESH_TOKEN, CLIENT_SECRET):
            assert secret not in out
            assert secret not in err
        return json.loads(out) if out.strip() else json.loads(err)

    apply_riverside(sessions)
    add = ["accounts", "add", "--agent", "Bob Chen", "--provider", "google"]
    add += ["--url", google.url, "--token-url", google.token_uri, "--password-stdin"]
    add += ["--user", "bob.chen@example.com", "--calendar", "bob"]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{REFRESH_TOKEN}\n{CLIENT_SECRET}\n"))
    assert run(*add, code=2)["error"]["code"] == "usage"  # no client id
    monkeypatch.setattr("sys.stdin", io.StringIO(f"1//wrong-token\n{CLIENT_SECRET}\n"))
    refused = run(*add, "--client-id", CLIENT_ID, code=1)
    assert refused["error"]["code"] == "calendar_unavailable"
    assert "refused the sign-in" in refused["error"]["message"]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{REFRESH_TOKEN}\n{CLIENT_SECRET}\n"))
    added = run(*add, "--client-id", CLIENT_ID)
    assert added["target_calendar"] == calendar
    assert list(memory_keyring.passwords.values()) == [
        secret_blob(REFRESH_TOKEN, CLIENT_ID, CLIENT_SECRET)
    ]

    with sessions() as session:
        found = ids(session)
        found["c0"] = add_customers(session, 1)[0]
    found["account"] = added["id"]
    appt_id = _book(sessions, found, at(23, 10), 0)
    (report,) = run("sync", "--once")
    assert len(report["pushed"]) == 1
    assert list(google.live(calendar)) == [event_id(event_uid(appt_id, added["id"]))]
    assert run("accounts", "remove", str(added["id"]))["removed"] is True
    assert memory_keyring.passwords == {}


def test_an_unreachable_google_is_worth_retrying() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    where = f"http://127.0.0.1:{port}/"
    provider = GoogleProvider(
        REFRESH_TOKEN, CLIENT_ID, CLIENT_SECRET, api_endpoint=where, token_uri=f"{where}token"
    )
    try:
        with pytest.raises(TransientError) as caught:
            provider.list_calendars()
    finally:
        provider.close()
    assert "could not be reached" in caught.value.message
    assert REFRESH_TOKEN not in caught.value.message
