"""Calendar sync end to end against a real Radicale CalDAV server, on SQLite and PostgreSQL.

Bob Chen's calendar on Radicale receives the desk's bookings (create, reschedule,
cancel); events another client puts there block his slots (transparent ones do not);
his own moves and deletions of the desk's events come back as proposals; an outage
queues everything, which then drains once, in order; a crash between the remote write
and the outbox commit does not duplicate the event; the password stays in the keyring.
The clock is Monday 23 November 2026, 09:00 in Toronto (tests/support/riverside.py).
"""

from __future__ import annotations

import base64
import io
import itertools
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import keyring
import pytest
from caldav.davclient import DAVClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from app import cli
from app.booking import appointments as use
from app.booking import availability
from app.booking.appointments import BookingRequest
from app.booking.permissions import load_actor
from app.models import (
    Base,
    CalendarAccount,
    ExternalBusy,
    ExternalEventLink,
    OutboxItem,
    Service,
)
from app.sync import accounts, engine
from app.sync.caldav_provider import CaldavProvider, busy_intervals
from app.sync.engine import Conflict, sync_account
from app.sync.outbox import event_uid
from app.sync.provider import CalendarProvider, EventData, WriteResult
from tests.support.keyring_backend import MemoryKeyring
from tests.support.radicale import RadicaleServer
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")
NOW = MONDAY_9AM
USER = "bob"
PASSWORD = "Rq-calendar-secret-5518"
_names = itertools.count()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    server = RadicaleServer(tmp_path_factory.mktemp("radicale"), {USER: PASSWORD})
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def calendar(radicale: RadicaleServer) -> str:
    return radicale.make_calendar(USER, f"work{next(_names)}")


@pytest.fixture
def desk(
    sessions: sessionmaker[Session],
    radicale: RadicaleServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
) -> dict[str, int]:
    """Riverside with customers and Bob's account connected to his Radicale calendar."""
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
            server_url=radicale.url,
            username=USER,
            password=PASSWORD,
            target_calendar=calendar,
        )
        session.commit()
        found["account"] = account.id
    return found


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


def _client(radicale: RadicaleServer) -> DAVClient:
    return DAVClient(url=radicale.url, username=USER, password=PASSWORD, enable_rfc6764=False)


def _events(radicale: RadicaleServer, calendar: str) -> dict[str, icalendar.Event]:
    """The calendar's events by UID, read as another client would."""
    with _client(radicale) as client:
        cal = client.calendar(url=calendar)
        found: dict[str, icalendar.Event] = {}
        for obj in cal.events():
            for comp in icalendar.Calendar.from_ical(obj.data).walk("VEVENT"):
                found[str(comp["UID"])] = comp
        return found


def _put(radicale: RadicaleServer, calendar: str, uid: str, body: str) -> None:
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other client//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261120T120000Z\r\n{body}"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with _client(radicale) as client:
        response = client.put(
            f"{calendar}{uid}.ics", data, {"Content-Type": "text/calendar; charset=utf-8"}
        )
        assert response.status in (201, 204)


def _times(event: icalendar.Event) -> tuple[datetime, datetime]:
    return event.decoded("DTSTART"), event.decoded("DTEND")


def _link(sessions: sessionmaker[Session], appt_id: int) -> ExternalEventLink:
    with sessions() as session:
        return session.scalars(
            select(ExternalEventLink).where(ExternalEventLink.appointment_id == appt_id)
        ).one()


def _sync(sessions: sessionmaker[Session], desk: dict[str, int], now: datetime = NOW) -> Any:
    return sync_account(sessions, desk["account"], now)


def test_booking_reschedule_and_cancel_reach_the_agents_calendar(
    sessions: sessionmaker[Session], desk: dict[str, int], radicale: RadicaleServer, calendar: str
) -> None:
    appt_id = _book(sessions, desk, at(23, 10), 0)
    uid = event_uid(appt_id, desk["account"])
    assert _events(radicale, calendar) == {}  # nothing leaves before the sync
    report = _sync(sessions, desk)
    assert report.error is None
    assert len(report.pushed) == 1
    event = _events(radicale, calendar)[uid]
    assert _times(event) == (at(23, 10), at(23, 10, 30))
    assert "Account opening" in str(event["SUMMARY"])
    first = _link(sessions, appt_id)
    assert first.external_id == f"{calendar}{uid}.ics"
    assert first.etag
    assert first.pushed_start_at == at(23, 10)

    with sessions() as session:
        use.reschedule(session, load_actor(session), appt_id, at(23, 14), "Customer asked", NOW)
        session.commit()
    assert len(_sync(sessions, desk).pushed) == 1
    moved = _link(sessions, appt_id)
    assert moved.external_id == first.external_id  # same href
    assert moved.etag != first.etag
    events = _events(radicale, calendar)
    assert list(events) == [uid]
    assert _times(events[uid]) == (at(23, 14), at(23, 14, 30))

    with sessions() as session:
        use.cancel(session, load_actor(session), appt_id, "Customer called", NOW)
        session.commit()
    assert len(_sync(sessions, desk).pushed) == 1
    assert _events(radicale, calendar) == {}
    with sessions() as session:
        states = session.scalars(select(OutboxItem.state).where(OutboxItem.kind == "calendar"))
        assert list(states) == ["sent", "sent", "sent"]
        account = session.get(CalendarAccount, desk["account"])
        assert account is not None
        assert account.last_success_at == NOW
        assert account.last_error is None
        assert account.next_run_at == NOW + timedelta(minutes=5)
    # a sync after our own writes finds nothing to propose
    assert _sync(sessions, desk).conflicts == []


@pytest.mark.parametrize("sync_collection", [True, False], ids=["sync-collection", "time-range"])
def test_other_events_block_slots_and_transparent_ones_do_not(
    sessions: sessionmaker[Session],
    desk: dict[str, int],
    radicale: RadicaleServer,
    calendar: str,
    sync_collection: bool,
) -> None:
    def provider() -> CalendarProvider:
        return CaldavProvider(radicale.url, USER, PASSWORD, use_sync_collection=sync_collection)

    def free(start: datetime) -> bool:
        with sessions() as session:
            service = session.get(Service, desk["Account opening"])
            assert service is not None
            problem = availability.check_agent(
                session, service, desk["Bob Chen"], start, start + timedelta(minutes=30), NOW
            )
            return problem is None

    _put(radicale, calendar, "dentist", "DTSTART:20261123T170000Z\r\nDTEND:20261123T180000Z\r\n")
    _put(
        radicale,
        calendar,
        "reminder",
        "DTSTART:20261123T190000Z\r\nDTEND:20261123T200000Z\r\nTRANSP:TRANSPARENT\r\n"
        "SUMMARY:Private note\r\n",
    )
    _put(
        radicale,
        calendar,
        "offsite",
        "DTSTART;VALUE=DATE:20261125\r\nDTEND;VALUE=DATE:20261126\r\n",
    )
    assert free(at(23, 12))
    assert free(at(25, 10))
    assert _sync(sessions, desk, NOW).error is None
    assert not free(at(23, 12))  # 17:00Z is 12:00 in Toronto
    assert free(at(23, 14))  # the transparent event does not block
    assert not free(at(25, 9))
    assert not free(at(25, 16, 30))
    with sessions() as session:
        rows = session.scalars(select(ExternalBusy).order_by(ExternalBusy.start_at)).all()
        assert [(r.start_at, r.end_at, r.show_as) for r in rows] == [
            (at(23, 12), at(23, 13), "busy"),
            (at(25, 0), at(26, 0), "busy"),
        ]
    # the dentist is moved, the day off removed: the next (incremental) sync follows
    _put(radicale, calendar, "dentist", "DTSTART:20261124T170000Z\r\nDTEND:20261124T180000Z\r\n")
    with _client(radicale) as client:
        client.delete(f"{calendar}offsite.ics")
    p = provider()
    try:
        assert sync_account(sessions, desk["account"], NOW + timedelta(minutes=5), p).error is None
    finally:
        p.close()
    assert free(at(23, 12))
    assert free(at(25, 10))
    with sessions() as session:
        rows = session.scalars(select(ExternalBusy)).all()
        assert [(r.start_at, r.end_at) for r in rows] == [(at(24, 12), at(24, 13))]
        dump = " ".join(
            str(v) for r in session.execute(text("SELECT * FROM external_busy")) for v in r
        )
        assert "Private note" not in dump
        assert "dentist" in dump


def test_remote_move_and_delete_become_proposals(
    sessions: sessionmaker[Session], desk: dict[str, int], radicale: RadicaleServer, calendar: str
) -> None:
    moved_id = _book(sessions, desk, at(23, 10), 0)
    deleted_id = _book(sessions, desk, at(23, 11), 1)
    assert len(_sync(sessions, desk).pushed) == 2
    moved_uid = event_uid(moved_id, desk["account"])
    original = _events(radicale, calendar)[moved_uid]
    original["DTSTART"] = icalendar.vDDDTypes(at(23, 15).astimezone(UTC))
    original["DTEND"] = icalendar.vDDDTypes(at(23, 15, 30).astimezone(UTC))
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", "-//Other client//EN")
    cal.add_component(original)
    with _client(radicale) as client:
        assert client.put(f"{calendar}{moved_uid}.ics", cal.to_ical().decode()).status == 204
        deleted_href = f"{calendar}{event_uid(deleted_id, desk['account'])}.ics"
        assert client.delete(deleted_href).status in (200, 204)

    report = _sync(sessions, desk, NOW + timedelta(minutes=5))
    assert sorted(report.conflicts) == sorted([moved_id, deleted_id])
    with sessions() as session:
        found = dict(engine.conflicts(session, desk["account"]))
        appt = use.get(session, moved_id)
        assert appt.start_at == at(23, 10)  # the desk's side is not touched
    assert found[moved_id].proposal == "reschedule"
    assert (found[moved_id].start, found[moved_id].end) == (at(23, 15), at(23, 15, 30))
    assert found[deleted_id].proposal == "cancel"
    # and the calendar's side is not touched either
    assert _times(_events(radicale, calendar)[moved_uid]) == (at(23, 15), at(23, 15, 30))
    # seen once, reported once
    assert _sync(sessions, desk, NOW + timedelta(minutes=10)).conflicts == []

    # the desk reschedules anyway: the conditional write refuses, the conflict stays
    with sessions() as session:
        use.reschedule(session, load_actor(session), moved_id, at(23, 16), "Desk's choice", NOW)
        session.commit()
    report = _sync(sessions, desk, NOW + timedelta(minutes=15))
    assert len(report.failed) == 1
    assert report.pushed == []
    with sessions() as session:
        item = session.get(OutboxItem, report.failed[0])
        assert item is not None
        assert item.last_error
        assert "choose" in item.last_error
        conflict = Conflict.from_text(_link(sessions, moved_id).conflict)
        assert conflict is not None
        assert conflict.proposal == "conflict"
    assert _times(_events(radicale, calendar)[moved_uid]) == (at(23, 15), at(23, 15, 30))


def test_outage_queues_then_drains_once_in_order(
    sessions: sessionmaker[Session], desk: dict[str, int], radicale: RadicaleServer, calendar: str
) -> None:
    first = _book(sessions, desk, at(23, 10), 0)
    second = _book(sessions, desk, at(23, 11), 1)
    with sessions() as session:
        use.reschedule(session, load_actor(session), first, at(23, 15), "Later", NOW)
        use.cancel(session, load_actor(session), second, "Not needed", NOW)
        session.commit()
    third = _book(sessions, desk, at(23, 12), 2)
    radicale.stop()
    try:
        report = _sync(sessions, desk, NOW)
        assert report.pushed == []
        assert report.waiting == 5
        assert report.error is not None
        assert "could not be reached" in report.error
        with sessions() as session:
            account = session.get(CalendarAccount, desk["account"])
            assert account is not None
            assert account.last_success_at is None
            assert account.last_error == report.error
            items = session.scalars(
                select(OutboxItem).where(OutboxItem.kind == "calendar").order_by(OutboxItem.id)
            ).all()
            assert [i.action for i in items] == ["create", "create", "update", "delete", "create"]
            assert [i.attempts for i in items] == [1, 0, 0, 0, 0]  # the first one waits for all
            ids_in_order = [i.id for i in items]
            retry_at = items[0].due_at
        # still down a bit later: nothing moves, nothing is lost
        assert _sync(sessions, desk, retry_at).pushed == []
    finally:
        radicale.start()
    report = _sync(sessions, desk, retry_at + timedelta(hours=2))
    assert report.pushed == ids_in_order
    assert report.waiting == 0
    events = _events(radicale, calendar)
    assert sorted(events) == sorted(
        [event_uid(first, desk["account"]), event_uid(third, desk["account"])]
    )
    assert _times(events[event_uid(first, desk["account"])]) == (at(23, 15), at(23, 15, 30))
    assert _sync(sessions, desk, retry_at + timedelta(hours=3)).pushed == []


class CrashAfterWrite:
    """Writes through to Radicale, then dies before the desk can record it."""

    def __init__(self, inner: CaldavProvider) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def create_event(self, calendar: str, event: EventData) -> WriteResult:
        self.inner.create_event(calendar, event)
        raise SystemError("power cut")


def test_crash_between_remote_write_and_commit_does_not_duplicate(
    sessions: sessionmaker[Session], desk: dict[str, int], radicale: RadicaleServer, calendar: str
) -> None:
    appt_id = _book(sessions, desk, at(23, 10), 0)
    crashing = CaldavProvider(radicale.url, USER, PASSWORD)
    with pytest.raises(SystemError):
        sync_account(sessions, desk["account"], NOW, CrashAfterWrite(crashing))  # type: ignore[arg-type]
    crashing.close()
    with sessions() as session:
        item = session.scalars(select(OutboxItem).where(OutboxItem.kind == "calendar")).one()
        assert item.state == "pending"
        assert item.locked_by
    # while the lease holds nobody writes; after it the retry adopts the event
    assert _sync(sessions, desk, NOW + timedelta(minutes=1)).pushed == []
    report = _sync(sessions, desk, NOW + timedelta(minutes=6))
    assert len(report.pushed) == 1
    assert report.failed == []
    assert report.conflicts == []
    assert list(_events(radicale, calendar)) == [event_uid(appt_id, desk["account"])]
    link = _link(sessions, appt_id)
    assert link.etag
    assert link.pushed_start_at == at(23, 10)


def test_password_never_in_database_logs_or_errors(
    sessions: sessionmaker[Session],
    desk: dict[str, int],
    radicale: RadicaleServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    _book(sessions, desk, at(23, 10), 0)
    assert _sync(sessions, desk).error is None
    assert PASSWORD in memory_keyring.passwords.values()
    # a wrong password: refused in plain words, the wrong one never repeated either
    wrong = "Wx-wrong-secret-2231"
    with sessions() as session:
        account = session.get(CalendarAccount, desk["account"])
        assert account is not None
        assert account.keyring_ref
        memory_keyring.passwords[("frontdesk-calendar", account.keyring_ref)] = wrong
    _book(sessions, desk, at(23, 11), 1)
    report = _sync(sessions, desk, NOW + timedelta(minutes=5))
    assert (
        report.error
        == f"The calendar server 127.0.0.1:{radicale.port} refused the user name or password."
    )
    with sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                dump = repr(tuple(row))
                assert PASSWORD not in dump, table.name
                assert wrong not in dump, table.name
    for secret in (PASSWORD, wrong):
        assert secret not in caplog.text
        basic = base64.b64encode(f"{USER}:{secret}".encode()).decode()
        assert basic not in caplog.text  # not even as an HTTP Basic header
        assert secret not in (report.error or "")


def test_cli_connects_lists_syncs_and_removes_an_account(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db_url: str,
    sessions: sessionmaker[Session],
    radicale: RadicaleServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
) -> None:
    def run(*args: str, code: int = 0) -> Any:
        got = cli.main([*args, "--db", db_url, "--now", NOW.isoformat(), "--json"])
        out, err = capsys.readouterr()
        assert got == code, (out, err)
        assert PASSWORD not in out
        assert PASSWORD not in err
        return json.loads(out) if out.strip() else json.loads(err)

    apply_riverside(sessions)
    name = calendar.rstrip("/").split("/")[-1]
    add = ["accounts", "add", "--agent", "Bob Chen", "--provider", "caldav"]
    add += ["--url", radicale.url, "--user", USER, "--password-stdin"]
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    wrong = run(*add, "--calendar", "holidays", code=1)
    assert wrong["error"]["code"] == "unknown_calendar"
    assert name in wrong["error"]["message"]
    monkeypatch.setattr("sys.stdin", io.StringIO("not-the-password\n"))
    refused = run(*add, "--calendar", name, code=1)
    assert "refused the user name or password" in refused["error"]["message"]
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    added = run(*add, "--calendar", name)
    assert added["target_calendar"] == calendar
    assert list(memory_keyring.passwords.values()) == [PASSWORD]

    with sessions() as session:
        found = ids(session)
        found["c0"] = add_customers(session, 1)[0]
    found["account"] = added["id"]
    appt_id = _book(sessions, found, at(23, 10), 0)
    (listed,) = run("accounts", "list")
    assert listed["waiting"] == 1
    assert listed["last_success_at"] is None
    (report,) = run("sync", "--once")
    assert len(report["pushed"]) == 1
    assert list(_events(radicale, calendar)) == [event_uid(appt_id, added["id"])]
    (listed,) = run("accounts", "list")
    assert (listed["waiting"], listed["last_error"]) == (0, None)
    assert listed["last_success_at"] == NOW.isoformat()
    assert run("accounts", "remove", str(added["id"]))["removed"] is True
    assert memory_keyring.passwords == {}
    assert run("accounts", "list") == []
    with sessions() as session:
        left = session.scalars(select(OutboxItem).where(OutboxItem.kind == "calendar")).all()
        assert left == []  # the account's writes went with it


def test_repeating_tentative_and_outlook_statuses_read_as_busy_intervals() -> None:
    """Parsing alone (no server): series expanded over the window, show-as mapped."""
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other client//EN\r\n"
        "BEGIN:VEVENT\r\nUID:standup\r\nDTSTAMP:20261120T120000Z\r\n"
        "DTSTART;TZID=America/Toronto:20261123T090000\r\n"
        "DTEND;TZID=America/Toronto:20261123T091500\r\n"
        "RRULE:FREQ=DAILY;COUNT=3\r\nSTATUS:TENTATIVE\r\nSUMMARY:Stand-up\r\n"
        "END:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:standup\r\nDTSTAMP:20261120T120000Z\r\n"
        "RECURRENCE-ID;TZID=America/Toronto:20261124T090000\r\n"
        "DTSTART;TZID=America/Toronto:20261124T100000\r\n"
        "DTEND;TZID=America/Toronto:20261124T101500\r\n"
        "X-MICROSOFT-CDO-BUSYSTATUS:OOF\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    window = (at(22, 0), at(30, 0))
    found = busy_intervals("cal/standup.ics", data, window, TZ)
    assert [(b.start, b.end, b.show_as) for b in found] == [
        (at(23, 9), at(23, 9, 15), "tentative"),
        (at(24, 10), at(24, 10, 15), "oof"),
        (at(25, 9), at(25, 9, 15), "tentative"),
    ]
    assert len({b.external_id for b in found}) == 3
    assert {b.source_id for b in found} == {"cal/standup.ics"}
    floating = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:f\r\n"
        "DTSTAMP:20261120T120000Z\r\nDTSTART:20261123T150000\r\nDURATION:PT1H\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (one,) = busy_intervals("cal/f.ics", floating, window, TZ)
    assert (one.external_id, one.start, one.end) == ("cal/f.ics", at(23, 15), at(23, 16))
    assert busy_intervals("cal/bad.ics", "not a calendar", window, TZ) == []
