"""On-premises Exchange calendar sync through exchangelib against a local EWS server.

Bob Chen's Exchange 2016 mailbox (tests/support/ews_server.py) receives the desk's
bookings (create with the desk's key in an extended property, reschedule = UpdateItem
guarded by the ChangeKey, cancel = DeleteItem), with no meeting invitation sent; other
items become busy time by their LegacyFreeBusyStatus over several SyncFolderItems pages,
recurring series expanded over the sync window; incremental rounds bring changes and
deletions; an invalid sync state means a full read that keeps stored busy time; the
server's back-off, refused sign-ins, outages, time-outs and TLS failures are reported in
plain words without the password, which stays in the keyring. Every database test runs on
SQLite and PostgreSQL. The clock is Monday 23 November 2026, 09:00 in Toronto.
"""

from __future__ import annotations

import base64
import gc
import json
import logging
import socket
import warnings
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app import cli
from app.booking import appointments as use
from app.booking.appointments import BookingRequest
from app.booking.errors import BookingError
from app.booking.permissions import load_actor
from app.clock import fixed_clock
from app.models import (
    Base,
    CalendarAccount,
    ExternalBusy,
    ExternalEventLink,
    OutboxItem,
    SyncCursor,
)
from app.sync import accounts
from app.sync.engine import Conflict, SyncReport, open_provider, sync_account
from app.sync.ews_provider import (
    KEY_PROPERTY_NAME,
    KEY_PROPERTY_SET,
    EwsProvider,
    EwsSettings,
    parse_version,
)
from app.sync.outbox import event_uid
from app.sync.provider import (
    CursorExpired,
    EventData,
    Gone,
    PermanentError,
    PreconditionFailed,
    RateLimited,
    TransientError,
)
from app.views.accounts_view import AddAccountDialog
from app.views.desk import DeskState
from tests.support.ews_server import EWS_PATH, EwsServer, M, T
from tests.support.keyring_backend import MemoryKeyring
from tests.support.mailserver import TestAuthority
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")
NOW = MONDAY_9AM
USER = "RIVERSIDE\\bob"
EMAIL = "bob@riverside.example"
PASSWORD = "Tr0ub4dor&3-exchange"
KEY = (KEY_PROPERTY_SET.lower(), KEY_PROPERTY_NAME)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


@pytest.fixture
def ews() -> Iterator[EwsServer]:
    server = EwsServer(USER, PASSWORD, EMAIL)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _settings(ews: EwsServer, auth: str = "basic") -> EwsSettings:
    return EwsSettings(ews.url, USER, EMAIL, version="2016", auth=auth)


@pytest.fixture
def desk(
    sessions: sessionmaker[Session], ews: EwsServer, memory_keyring: MemoryKeyring
) -> dict[str, int]:
    """Riverside with customers and Bob's Exchange account; the password in the keyring."""
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
            provider="ews",
            server_url=ews.url,
            username=USER,
            password=PASSWORD,
            target_calendar=ews.calendar,
        )
        account.options = {**account.options, **_settings(ews).options()}
        session.commit()
        found["account"] = account.id
    return found


def _small_pages(row: CalendarAccount, password: str | None) -> EwsProvider:
    """The production settings with two changes per SyncFolderItems page."""
    settings = EwsSettings.from_account(row.server_url, row.username, dict(row.options))
    return EwsProvider(settings, password, page_size=2, timeout=2.0)


def _sync(sessions: sessionmaker[Session], desk: dict[str, int], now: datetime = NOW) -> SyncReport:
    return sync_account(sessions, desk["account"], now)  # the engine's own factory


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


def _link(sessions: sessionmaker[Session], appt_id: int) -> ExternalEventLink:
    with sessions() as session:
        return session.scalars(
            select(ExternalEventLink).where(ExternalEventLink.appointment_id == appt_id)
        ).one()


def _busy(sessions: sessionmaker[Session], account: int) -> list[tuple[datetime, datetime, str]]:
    with sessions() as session:
        rows = session.scalars(
            select(ExternalBusy)
            .where(ExternalBusy.account_id == account)
            .order_by(ExternalBusy.start_at)
        ).all()
        return [(utc(r.start_at), utc(r.end_at), r.show_as) for r in rows]


def _requests(ews: EwsServer, operation: str) -> list[ET.Element]:
    return [b for b in ews.bodies if b.tag == f"{{{M}}}{operation}"]


def _event(uid: str, start: datetime) -> EventData:
    return EventData(
        uid,
        "Account opening",
        "",
        "Riverside",
        start,
        start + timedelta(minutes=30),
        "America/Toronto",
    )


def test_booking_reschedule_and_cancel_reach_exchange(
    sessions: sessionmaker[Session], desk: dict[str, int], ews: EwsServer
) -> None:
    appt_id = _book(sessions, desk, at(23, 10), 0)
    report = _sync(sessions, desk)
    assert report.error is None
    assert len(report.pushed) == 1
    first = _link(sessions, appt_id)
    items = ews.folder_items()
    assert list(items) == [first.external_id]
    created = items[first.external_id or ""]
    assert created.extended[KEY] == event_uid(appt_id, desk["account"])
    assert first.etag == created.changekey
    assert (created.start, created.end) == (utc(at(23, 10)), utc(at(23, 10, 30)))
    assert created.free_busy == "Busy"
    (create,) = _requests(ews, "CreateItem")
    assert create.get("SendMeetingInvitations") == "SendToNone"
    assert len(_requests(ews, "FindItem")) >= 1  # looked for the key before creating

    with sessions() as session:
        use.reschedule(session, load_actor(session), appt_id, at(23, 14), "Customer asked", NOW)
        session.commit()
    assert len(_sync(sessions, desk).pushed) == 1
    moved = _link(sessions, appt_id)
    assert moved.external_id == first.external_id  # the same item, updated
    assert moved.etag != first.etag
    (update,) = _requests(ews, "UpdateItem")
    assert update.get("ConflictResolution") == "NeverOverwrite"
    assert update.get("SendMeetingInvitationsOrCancellations") == "SendToNone"
    item_id = update.find(f".//{{{T}}}ItemId")
    assert item_id is not None
    assert item_id.get("ChangeKey") == first.etag
    assert ews.folder_items()[first.external_id or ""].start == utc(at(23, 14))

    with sessions() as session:
        use.cancel(session, load_actor(session), appt_id, "Customer called", NOW)
        session.commit()
    assert len(_sync(sessions, desk).pushed) == 1
    assert ews.folder_items() == {}
    (delete,) = _requests(ews, "DeleteItem")
    assert delete.get("SendMeetingCancellations") == "SendToNone"
    assert _link(sessions, appt_id).external_id is None


def test_first_sync_reads_busy_time_over_pages_with_series_expanded(
    sessions: sessionmaker[Session], desk: dict[str, int], ews: EwsServer
) -> None:
    ews.put(at(23, 10), at(23, 11), "Busy")
    ews.put(at(23, 12), at(23, 13), "Tentative")
    ews.put(at(23, 13), at(23, 14), "Free")
    ews.put(at(23, 15), at(23, 16), "Busy", cancelled=True)
    ews.put(at(24, 9), at(24, 10), "OOF")
    ews.put(at(24, 11), at(24, 12), "WorkingElsewhere")
    ews.put(at(25, 0), at(26, 0), "Busy", all_day=True)
    weekly = [(at(23 + 7 * w, 16), at(23 + 7 * w, 17)) for w in range(2)]
    weekly.append((datetime(2027, 6, 7, 16, tzinfo=TZ), datetime(2027, 6, 7, 17, tzinfo=TZ)))
    ews.put(weekly[0][0], weekly[0][1], "Busy", occurrences=weekly)
    ews.put(datetime(2027, 6, 1, 10, tzinfo=TZ), datetime(2027, 6, 1, 11, tzinfo=TZ))
    report = sync_account(sessions, desk["account"], NOW, factory=_small_pages)
    assert report.error is None
    assert len(_requests(ews, "SyncFolderItems")) == 5  # nine items, two per page
    assert _busy(sessions, desk["account"]) == [
        (utc(at(23, 10)), utc(at(23, 11)), "busy"),
        (utc(at(23, 12)), utc(at(23, 13)), "tentative"),
        (utc(at(23, 16)), utc(at(23, 17)), "busy"),  # the series, this week
        (utc(at(24, 9)), utc(at(24, 10)), "oof"),
        (utc(at(24, 11)), utc(at(24, 12)), "workingElsewhere"),
        (utc(at(25, 0)), utc(at(26, 0)), "busy"),  # the whole day in Toronto
        (utc(at(30, 16)), utc(at(30, 17)), "busy"),  # and next week
    ]
    with sessions() as session:
        names = session.scalars(select(ExternalBusy.external_id)).all()
    assert all("Dentist" not in name for name in names)


def test_an_agents_other_event_blocks_the_desks_slot(
    sessions: sessionmaker[Session], desk: dict[str, int], ews: EwsServer
) -> None:
    ews.put(at(23, 10), at(23, 11), "Busy")
    assert _sync(sessions, desk).error is None
    with pytest.raises(BookingError) as taken:
        _book(sessions, desk, at(23, 10), 0)
    assert "busy" in taken.value.message
    assert _book(sessions, desk, at(23, 11), 0) > 0


def test_incremental_rounds_and_an_invalid_sync_state(
    sessions: sessionmaker[Session], desk: dict[str, int], ews: EwsServer
) -> None:
    keep = ews.put(at(23, 10), at(23, 11))
    move = ews.put(at(23, 12), at(23, 13))
    drop = ews.put(at(23, 14), at(23, 15))
    assert _sync(sessions, desk).error is None
    ews.move(move, at(23, 16), at(23, 17))
    ews.remove(drop)
    before = len(_requests(ews, "SyncFolderItems"))
    assert _sync(sessions, desk).error is None
    rounds = _requests(ews, "SyncFolderItems")[before:]
    assert len(rounds) == 1
    assert rounds[0].findtext(f"{{{M}}}SyncState")  # incremental: from the stored state
    assert _busy(sessions, desk["account"]) == [
        (utc(at(23, 10)), utc(at(23, 11)), "busy"),
        (utc(at(23, 16)), utc(at(23, 17)), "busy"),
    ]
    assert keep in ews.folder_items()

    ews.put(at(23, 18), at(23, 19))
    ews.expire_sync_states()
    provider = EwsProvider(_settings(ews), PASSWORD)
    with sessions() as session:
        account = session.get(CalendarAccount, desk["account"])
        assert account is not None
        cursor = session.scalar(select(SyncCursor.cursor))
    with pytest.raises(CursorExpired):
        provider.read_changes(ews.calendar, cursor, (NOW, NOW + timedelta(days=30)), TZ)
    provider.close()
    # the state is refused, then the full read fails: what was stored stays
    ews.fail_next(500, after=2)  # GetFolder of the root, the refused SyncFolderItems
    report = _sync(sessions, desk)
    assert report.error is not None
    assert "not available right now" in report.error
    assert len(_busy(sessions, desk["account"])) == 2
    assert _sync(sessions, desk).error is None
    assert len(_busy(sessions, desk["account"])) == 3


def test_server_busy_puts_the_write_off_by_its_back_off(
    sessions: sessionmaker[Session], desk: dict[str, int], ews: EwsServer
) -> None:
    appt_id = _book(sessions, desk, at(23, 10), 0)
    assert _sync(sessions, desk).error is None
    with sessions() as session:
        use.reschedule(session, load_actor(session), appt_id, at(23, 14), "Later", NOW)
        session.commit()
    ews.busy_next(120_000, count=3)
    report = _sync(sessions, desk)
    assert report.pushed == []
    assert report.error is not None
    assert "120" in report.error
    with sessions() as session:
        item = session.scalars(
            select(OutboxItem).where(OutboxItem.state == "pending").order_by(OutboxItem.id)
        ).first()
        assert item is not None
        assert utc(item.due_at) >= NOW + timedelta(seconds=120)
        account = session.get(CalendarAccount, desk["account"])
        assert account is not None
        assert account.next_run_at is not None
        assert utc(account.next_run_at) >= NOW + timedelta(seconds=120)
    report = _sync(sessions, desk, NOW + timedelta(minutes=3))
    assert len(report.pushed) == 1


def test_a_change_in_outlook_wins_over_a_stale_change_key(
    sessions: sessionmaker[Session], desk: dict[str, int], ews: EwsServer
) -> None:
    appt_id = _book(sessions, desk, at(23, 10), 0)
    _sync(sessions, desk)
    link = _link(sessions, appt_id)
    ews.move(link.external_id or "", at(23, 15), at(23, 15, 30))
    with sessions() as session:
        use.reschedule(session, load_actor(session), appt_id, at(23, 16), "Desk's choice", NOW)
        session.commit()
    report = _sync(sessions, desk, NOW + timedelta(minutes=15))
    assert len(report.failed) == 1
    conflict = Conflict.from_text(_link(sessions, appt_id).conflict)
    assert conflict is not None
    assert conflict.proposal == "conflict"
    assert ews.folder_items()[link.external_id or ""].start == utc(at(23, 15))


def test_create_retried_after_a_crash_does_not_duplicate(
    sessions: sessionmaker[Session], desk: dict[str, int], ews: EwsServer
) -> None:
    appt_id = _book(sessions, desk, at(23, 10), 0)
    provider = EwsProvider(_settings(ews), PASSWORD)
    first = provider.create_event(
        ews.calendar, _event(event_uid(appt_id, desk["account"]), at(23, 10))
    )
    provider.close()  # the remote create landed, then the desk stopped before its commit
    report = _sync(sessions, desk)
    assert len(report.pushed) == 1
    assert list(ews.folder_items()) == [first.external_id]
    assert len(_requests(ews, "CreateItem")) == 1
    assert _link(sessions, appt_id).external_id == first.external_id


def test_agents_moves_and_deletions_in_outlook_come_back_as_proposals(
    sessions: sessionmaker[Session], desk: dict[str, int], ews: EwsServer
) -> None:
    moved_id = _book(sessions, desk, at(23, 10), 0)
    deleted_id = _book(sessions, desk, at(23, 11), 1)
    _sync(sessions, desk)
    _sync(sessions, desk)  # reads the desk's own items back: nothing to decide
    assert _busy(sessions, desk["account"]) == []  # the desk's items are not busy time
    assert _link(sessions, moved_id).conflict is None
    ews.move(_link(sessions, moved_id).external_id or "", at(23, 15), at(23, 15, 30))
    ews.remove(_link(sessions, deleted_id).external_id or "")
    report = _sync(sessions, desk, NOW + timedelta(minutes=5))
    assert report.error is None
    proposal = Conflict.from_text(_link(sessions, moved_id).conflict)
    assert proposal is not None
    assert proposal.proposal == "reschedule"
    assert proposal.start == at(23, 15)
    gone = Conflict.from_text(_link(sessions, deleted_id).conflict)
    assert gone is not None
    assert gone.proposal == "cancel"


def test_a_refused_sign_in_is_told_in_plain_words_without_the_password(
    sessions: sessionmaker[Session],
    desk: dict[str, int],
    ews: EwsServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    _book(sessions, desk, at(23, 10), 0)
    ews.password = "changed-by-the-administrator"
    report = _sync(sessions, desk)
    assert report.error is not None
    assert "refused the sign-in" in report.error
    assert USER in report.error
    encoded = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    for secret in (PASSWORD, encoded):
        assert secret not in report.error
        assert secret not in caplog.text
    with sessions() as session:
        account = session.get(CalendarAccount, desk["account"])
        assert account is not None
        assert account.last_error == report.error
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                assert PASSWORD not in repr(tuple(row)), table.name
    ews.password = PASSWORD
    assert _sync(sessions, desk, NOW + timedelta(hours=1)).error is None


def test_an_offline_start_needs_no_autodiscover(
    sessions: sessionmaker[Session],
    desk: dict[str, int],
    ews: EwsServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_autodiscover(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("autodiscover was attempted")

    monkeypatch.setattr("exchangelib.account.Autodiscovery", no_autodiscover)
    with socket.socket() as probe:  # a port where nothing listens: the server is down
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}{EWS_PATH}"
    with sessions() as session:
        account = session.get(CalendarAccount, desk["account"])
        assert account is not None
        account.server_url = closed
        session.commit()
    _book(sessions, desk, at(23, 10), 0)
    report = _sync(sessions, desk)
    assert report.error is not None
    assert "could not be reached" in report.error
    assert report.waiting == 1
    with sessions() as session:
        account = session.get(CalendarAccount, desk["account"])
        assert account is not None
        account.server_url = ews.url
        session.commit()
    report = _sync(sessions, desk, NOW + timedelta(minutes=5))
    assert report.error is None
    assert len(report.pushed) == 1
    assert set(ews.paths) == {EWS_PATH}  # no /autodiscover/ request, ever
    assert ews.operations[0] == "GetFolder"


def test_error_answers_map_onto_provider_errors(
    ews: EwsServer, request: pytest.FixtureRequest
) -> None:
    provider = EwsProvider(_settings(ews), PASSWORD, timeout=1.0)
    request.addfinalizer(provider.close)
    item_id = ews.put(at(23, 10), at(23, 11))
    stale = ews.folder_items()[item_id].changekey
    ews.move(item_id, at(23, 12), at(23, 13))
    with pytest.raises(PreconditionFailed):
        provider.delete_event(ews.calendar, item_id, stale)
    with pytest.raises(PreconditionFailed):
        provider.update_event(ews.calendar, item_id, _event("frontdesk-x", at(23, 9)), stale)
    with pytest.raises(Gone):
        provider.delete_event(ews.calendar, "AAMkTm90SGVyZQ==", None)
    with pytest.raises(Gone):
        provider.update_event(
            ews.calendar, "AAMkTm90SGVyZQ==", _event("frontdesk-x", at(23, 9)), "ck"
        )
    assert provider.read_event(ews.calendar, "AAMkTm90SGVyZQ==") is None
    ews.busy_next(7_500)
    with pytest.raises(RateLimited) as limited:
        provider.list_calendars()
    assert limited.value.retry_after == 7.5
    ews.fail_next(500)
    with pytest.raises(TransientError) as down:
        provider.list_calendars()
    assert "not available right now" in down.value.message
    ews.hang_next(3)
    with pytest.raises(TransientError) as late:
        provider.list_calendars()
    assert "in time" in late.value.message
    with pytest.raises(PermanentError) as missing:
        provider.read_changes("AAMkTm9Gb2xkZXI=", None, (NOW, NOW + timedelta(days=1)), TZ)
    assert "no longer in the agent's mailbox" in missing.value.message
    assert [c.name for c in provider.list_calendars()] == ["Calendar"]


def test_tls_with_the_accounts_own_authority_and_an_untrusted_certificate(
    tmp_path: Path,
) -> None:
    authority = TestAuthority(tmp_path)
    ews = EwsServer(USER, PASSWORD, EMAIL, tls=authority.server_context())
    ews.start()
    try:
        assert ews.url.startswith("https://")
        base = EwsSettings(ews.url, USER, EMAIL, auth="basic")
        for settings, works in (
            (base, False),  # this computer does not trust the test authority
            (replace(base, ca_file=str(authority.ca_file)), True),
            (replace(base, verify_tls=False), True),
        ):
            provider = EwsProvider(settings, PASSWORD, timeout=2.0)
            try:
                if works:
                    assert [c.name for c in provider.list_calendars()] == ["Calendar"]
                    continue
                with pytest.raises(TransientError) as failed:
                    provider.list_calendars()
                assert "secure connection" in failed.value.message
                assert "certificate" in failed.value.message
                assert PASSWORD not in failed.value.message
            finally:
                provider.close()
    finally:
        ews.stop()


def test_ntlm_sign_in_and_the_calendars_below_the_default_one(ews: EwsServer) -> None:
    team = ews.add_calendar("Team")
    provider = EwsProvider(_settings(ews, auth="ntlm"), PASSWORD)
    try:
        found = provider.list_calendars()
    finally:
        provider.close()
        # requests_ntlm sends the first request without a sign-in and, once answered 401,
        # goes on over a new connection; urllib3 drops the first one unclosed, to be
        # closed by the garbage collector. Collect it here, where that is expected.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()
    assert [(c.id, c.name) for c in found] == [(ews.calendar, "Calendar"), (team, "Team")]
    assert "NTLM" in ews.auth_schemes
    assert "Basic" not in ews.auth_schemes


def test_settings_refuse_what_cannot_work() -> None:
    good = EwsSettings("https://mail.example.com/EWS/Exchange.asmx", USER, EMAIL)
    good.check()
    for wrong in (
        EwsSettings("mail.example.com", USER, EMAIL),
        EwsSettings(good.server_url, USER, EMAIL, version="2010"),
        EwsSettings(good.server_url, USER, EMAIL, auth="kerberos"),
        EwsSettings(good.server_url, USER, "bob"),
    ):
        with pytest.raises(PermanentError):
            wrong.check()
    assert EwsSettings.from_account(good.server_url, USER, good.options()) == good
    assert parse_version("Exchange 2019") == "2019"
    with pytest.raises(ValueError, match="2010"):
        parse_version("2010")
    account = CalendarAccount(provider="ews", server_url=good.server_url, username=USER)
    account.options = good.options()
    with pytest.raises(TransientError) as no_password:
        open_provider(account, None)
    assert "keyring" in no_password.value.message


def test_cli_connects_an_exchange_account_and_syncs(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db_url: str,
    sessions: sessionmaker[Session],
    ews: EwsServer,
    memory_keyring: MemoryKeyring,
) -> None:
    import io

    def run(*args: str, stdin: str = "", code: int = 0) -> Any:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        got = cli.main([*args, "--db", db_url, "--now", NOW.isoformat(), "--json"])
        out, err = capsys.readouterr()
        assert got == code, (out, err)
        assert PASSWORD not in out
        assert PASSWORD not in err
        return json.loads(out) if out.strip() else None

    apply_riverside(sessions)
    add = ["accounts", "add", "--agent", "Bob Chen", "--provider", "ews"]
    add += ["--server-url", ews.url, "--version", "2016", "--auth", "basic"]
    add += ["--username", USER, "--email", EMAIL, "--password-stdin"]
    missing = run("accounts", "add", "--agent", "Bob Chen", "--provider", "ews", code=2)
    assert "--email" in missing["error"]["message"]
    refused = run(*add, "--calendar", "Calendar", stdin="wrong\n", code=1)
    assert refused["error"]["code"] == "calendar_unavailable"
    assert "refused the sign-in" in refused["error"]["message"]
    with sessions() as session:
        assert session.scalars(select(CalendarAccount)).all() == []
    added = run(*add, "--calendar", "Calendar", stdin=PASSWORD + "\n")
    assert added["target_calendar"] == ews.calendar
    with sessions() as session:
        account = session.get(CalendarAccount, added["id"])
        assert account is not None
        assert account.options["ews_version"] == "2016"
        assert account.options["auth"] == "basic"
        assert account.options["email"] == EMAIL
        found = ids(session)
        found["c0"] = add_customers(session, 1)[0]
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                assert PASSWORD not in repr(tuple(row)), table.name
    assert PASSWORD in memory_keyring.passwords.values()
    found["account"] = added["id"]
    appt_id = _book(sessions, found, at(23, 10), 0)
    (report,) = run("sync", "--once")
    assert len(report["pushed"]) == 1
    keys = [item.extended.get(KEY) for item in ews.folder_items().values()]
    assert keys == [event_uid(appt_id, added["id"])]
    assert run("accounts", "remove", str(added["id"]))["removed"] is True
    assert PASSWORD not in memory_keyring.passwords.values()


def test_the_connect_dialog_takes_the_exchange_settings(
    qtbot: QtBot,
    sessions: sessionmaker[Session],
    ews: EwsServer,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    apply_riverside(sessions)
    with sessions() as session:
        bob = ids(session)["Bob Chen"]
    state = DeskState(sessions, "test", "Front desk", fixed_clock(NOW))
    owner = QWidget()  # the accounts screen owns the dialog in the desk
    qtbot.addWidget(owner)
    dialog = AddAccountDialog(state, [(bob, "Bob Chen")], lambda: open_provider, owner)
    dialog.show()
    assert not dialog.email_edit.isVisible()  # CalDAV first: no Exchange fields
    dialog.provider_box.setCurrentIndex(dialog.provider_box.findData("ews"))
    assert dialog.email_edit.isVisible()
    assert dialog.verify_check.isChecked()
    assert "EWS/Exchange.asmx" in dialog.url_edit.placeholderText()
    qtbot.keyClicks(dialog.url_edit, ews.url)
    qtbot.keyClicks(dialog.user_edit, USER)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    dialog.auth_box.setCurrentIndex(dialog.auth_box.findData("basic"))
    dialog.version_box.setCurrentIndex(dialog.version_box.findData("2019"))
    dialog.save()
    assert "e-mail address" in dialog.message.text()  # the mailbox's address is needed
    qtbot.keyClicks(dialog.email_edit, EMAIL)
    with qtbot.waitSignal(dialog.calendars_found, timeout=20_000):
        qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.find_button.isEnabled)
    assert dialog.target_box.currentData() == ews.calendar
    with qtbot.waitSignal(dialog.added, timeout=10_000) as added:
        dialog.save()
    with sessions() as session:
        account = session.get(CalendarAccount, added.args[0] if added.args else 0)
        assert account is not None
        assert (account.provider, account.server_url, account.username) == ("ews", ews.url, USER)
        assert account.options["email"] == EMAIL
        assert account.options["ews_version"] == "2019"
        assert account.options["auth"] == "basic"
        assert account.options["verify_tls"] is True
        assert account.target_calendar == ews.calendar
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                assert PASSWORD not in repr(tuple(row)), table.name
    assert list(memory_keyring.passwords.values()) == [PASSWORD]
    assert PASSWORD not in caplog.text
