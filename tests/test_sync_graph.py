"""Microsoft 365 calendar sync against a local Graph (tests/support/graph_server.py).

Bob Chen's Outlook calendar receives the desk's bookings (create, reschedule = PATCH of
the same event, cancel = delete); other events become busy time by their showAs across
several delta pages; incremental rounds bring only changes and removals; an expired delta
link means a full read that keeps stored busy time until replaced; throttling, etag
conflicts and a create retried after a crash are handled; the sign-in stays in the
keyring, in chunks the Windows Credential Manager accepts, and nowhere else. Every test
runs on SQLite and PostgreSQL. The clock is Monday 23 November 2026, 09:00 in Toronto.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
import requests
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app import cli
from app.booking import appointments as use
from app.booking.appointments import BookingRequest
from app.booking.permissions import load_actor
from app.models import (
    Base,
    CalendarAccount,
    ExternalBusy,
    ExternalEventLink,
    OutboxItem,
    SyncCursor,
)
from app.sync import accounts, secrets
from app.sync.engine import Conflict, SyncReport, sync_account
from app.sync.graph_provider import GraphProvider, MsalTokens, sign_in
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
from tests.support.graph_server import SIGN_IN_HOST, GraphServer
from tests.support.keyring_backend import MemoryKeyring
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")
NOW = MONDAY_9AM
TOKEN = "eyJ0eXAiOiJKV1Qi.graph-access-token-7731"
_names = itertools.count()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


def _when(moment: datetime) -> dict[str, str]:
    return {
        "dateTime": moment.astimezone(UTC).replace(tzinfo=None).isoformat() + ".0000000",
        "timeZone": "UTC",
    }


def _other(start: datetime, end: datetime, show_as: str = "busy", **extra: Any) -> dict[str, Any]:
    return {
        "subject": "Dentist",
        "start": _when(start),
        "end": _when(end),
        "showAs": show_as,
        "isAllDay": False,
        "isCancelled": False,
        **extra,
    }


@pytest.fixture(scope="module")
def graph() -> Iterator[GraphServer]:
    server = GraphServer(TOKEN, page_size=3)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def calendar(graph: GraphServer) -> str:
    return graph.add_calendar(f"Calendar {next(_names)}")


@pytest.fixture
def desk(
    sessions: sessionmaker[Session],
    graph: GraphServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
) -> dict[str, int]:
    """Riverside with customers and Bob's Microsoft 365 account on the local Graph."""
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
            provider="graph",
            server_url=graph.url,
            username="bob@riverside.example",
            password=None,
            target_calendar=calendar,
        )
        account.keyring_ref = secrets.new_ref("graph", "bob@riverside.example")
        secrets.set_secret(account.keyring_ref, TOKEN)
        session.commit()
        found["account"] = account.id
    return found


def _factory(graph: GraphServer) -> Any:
    """Opens the provider as production does, its token read from the keyring entry."""

    def make(row: CalendarAccount, password: str | None) -> GraphProvider:
        ref = row.keyring_ref
        assert ref is not None

        def token() -> str:
            value = secrets.get_secret(ref)
            if value is None:
                raise TransientError("Not signed in.")
            return value

        return GraphProvider(token, graph.url, mailbox=ref, timeout=2.0)

    return make


def _sync(
    sessions: sessionmaker[Session], desk: dict[str, int], graph: GraphServer, now: datetime = NOW
) -> SyncReport:
    return sync_account(sessions, desk["account"], now, factory=_factory(graph))


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
        return [(r.start_at.astimezone(UTC), r.end_at.astimezone(UTC), r.show_as) for r in rows]


def _event_time(event: dict[str, Any], key: str) -> datetime:
    return datetime.fromisoformat(event[key]["dateTime"]).replace(tzinfo=UTC)


def test_booking_reschedule_and_cancel_reach_outlook(
    sessions: sessionmaker[Session], desk: dict[str, int], graph: GraphServer, calendar: str
) -> None:
    appt_id = _book(sessions, desk, at(23, 10), 0)
    uid = event_uid(appt_id, desk["account"])
    assert graph.events(calendar) == {}
    report = _sync(sessions, desk, graph)
    assert report.error is None
    assert len(report.pushed) == 1
    first = _link(sessions, appt_id)
    events = graph.events(calendar)
    assert list(events) == [first.external_id]
    event = events[first.external_id or ""]
    assert event["transactionId"] == uid
    assert _event_time(event, "start") == at(23, 10)
    with sessions() as session:
        use.reschedule(session, load_actor(session), appt_id, at(23, 14), "Customer asked", NOW)
        session.commit()
    assert len(_sync(sessions, desk, graph).pushed) == 1
    moved = _link(sessions, appt_id)
    assert moved.external_id == first.external_id  # PATCH of the same event
    assert moved.etag != first.etag
    patched = [r for r in graph.requests if r[0] == "PATCH"][-1]
    assert patched[2]["If-Match"] == first.etag
    events = graph.events(calendar)
    assert list(events) == [first.external_id]
    assert _event_time(events[first.external_id or ""], "start") == at(23, 14)
    with sessions() as session:
        use.cancel(session, load_actor(session), appt_id, "Customer called", NOW)
        session.commit()
    assert len(_sync(sessions, desk, graph).pushed) == 1
    assert graph.events(calendar) == {}
    deleted = [r for r in graph.requests if r[0] == "DELETE"][-1]
    assert deleted[2]["If-Match"] == moved.etag


def test_other_events_become_busy_time_across_delta_pages(
    sessions: sessionmaker[Session], desk: dict[str, int], graph: GraphServer, calendar: str
) -> None:
    graph.put_event(calendar, _other(at(23, 10), at(23, 11), "busy"))
    graph.put_event(calendar, _other(at(23, 12), at(23, 13), "tentative"))
    graph.put_event(calendar, _other(at(23, 13), at(23, 14), "free"))
    graph.put_event(calendar, _other(at(23, 15), at(23, 16), "busy", isCancelled=True))
    graph.put_event(calendar, _other(at(24, 9), at(24, 10), "oof"))
    graph.put_event(calendar, _other(at(24, 11), at(24, 12), "workingElsewhere"))
    all_day = {
        "subject": "Training",
        "isAllDay": True,
        "showAs": "busy",
        "isCancelled": False,
        "start": {"dateTime": "2026-11-25T00:00:00.0000000", "timeZone": "Pacific Standard Time"},
        "end": {"dateTime": "2026-11-26T00:00:00.0000000", "timeZone": "Pacific Standard Time"},
    }
    graph.put_event(calendar, all_day)
    graph.put_event(
        calendar, _other(datetime(2027, 6, 1, 10, tzinfo=TZ), datetime(2027, 6, 1, 11, tzinfo=TZ))
    )
    before = len(graph.requests)
    report = _sync(sessions, desk, graph)
    assert report.error is None
    pages = [r for r in graph.requests[before:] if "delta" in r[1]]
    assert len(pages) == 3  # 8 events, 3 per page (the last one lies outside the window)
    assert _busy(sessions, desk["account"]) == [
        (at(23, 10).astimezone(UTC), at(23, 11).astimezone(UTC), "busy"),
        (at(23, 12).astimezone(UTC), at(23, 13).astimezone(UTC), "tentative"),
        (at(24, 9).astimezone(UTC), at(24, 10).astimezone(UTC), "oof"),
        (at(24, 11).astimezone(UTC), at(24, 12).astimezone(UTC), "workingElsewhere"),
        (at(25, 0).astimezone(UTC), at(26, 0).astimezone(UTC), "busy"),  # Toronto's day
    ]


def test_incremental_sync_brings_changes_and_removals_only(
    sessions: sessionmaker[Session], desk: dict[str, int], graph: GraphServer, calendar: str
) -> None:
    keep = graph.put_event(calendar, _other(at(23, 10), at(23, 11)))
    move = graph.put_event(calendar, _other(at(23, 12), at(23, 13)))
    drop = graph.put_event(calendar, _other(at(23, 14), at(23, 15)))
    _sync(sessions, desk, graph)
    graph.put_event(calendar, _other(at(23, 16), at(23, 17)), move)
    graph.remove_event(calendar, drop)
    before = len(graph.requests)
    _sync(sessions, desk, graph)
    answered = [r for r in graph.requests[before:] if "delta" in r[1]]
    assert len(answered) == 1
    assert "$deltatoken=" in answered[0][1]
    assert _busy(sessions, desk["account"]) == [
        (at(23, 10).astimezone(UTC), at(23, 11).astimezone(UTC), "busy"),
        (at(23, 16).astimezone(UTC), at(23, 17).astimezone(UTC), "busy"),
    ]
    assert keep in graph.events(calendar)


def test_expired_delta_link_means_a_full_read_keeping_data_until_replaced(
    sessions: sessionmaker[Session], desk: dict[str, int], graph: GraphServer, calendar: str
) -> None:
    graph.put_event(calendar, _other(at(23, 10), at(23, 11)))
    _sync(sessions, desk, graph)
    graph.put_event(calendar, _other(at(23, 12), at(23, 13)))
    graph.expire_delta_links()
    provider = _factory(graph)(_account(sessions, desk), None)
    with sessions() as session:
        cursor = session.scalar(select(SyncCursor.cursor))
    with pytest.raises(CursorExpired):
        provider.read_changes(calendar, cursor, (NOW, NOW + timedelta(days=30)), TZ)
    provider.close()
    # the delta link answers 410, the full read then fails: stored busy time stays
    graph.fail_next(500, after=1)
    report = _sync(sessions, desk, graph)
    assert report.error == "Microsoft 365 is not available right now (HTTP 500)."
    assert len(_busy(sessions, desk["account"])) == 1
    report = _sync(sessions, desk, graph)
    assert report.error is None
    assert len(_busy(sessions, desk["account"])) == 2


def _account(sessions: sessionmaker[Session], desk: dict[str, int]) -> CalendarAccount:
    with sessions() as session:
        row = session.get(CalendarAccount, desk["account"])
        assert row is not None
        session.expunge(row)
        return row


def test_throttling_puts_the_write_off_until_retry_after(
    sessions: sessionmaker[Session], desk: dict[str, int], graph: GraphServer, calendar: str
) -> None:
    appt_id = _book(sessions, desk, at(23, 10), 0)
    graph.put_event(calendar, _other(at(23, 12), at(23, 13)))
    _sync(sessions, desk, graph)  # pull and push both fine
    with sessions() as session:
        use.reschedule(session, load_actor(session), appt_id, at(23, 14), "Later", NOW)
        session.commit()
    graph.fail_next(429, count=2, retry_after=120)
    report = _sync(sessions, desk, graph)
    assert report.pushed == []
    assert report.error is not None
    assert "120" in report.error
    with sessions() as session:
        item = session.scalars(
            select(OutboxItem).where(OutboxItem.state == "pending").order_by(OutboxItem.id)
        ).first()
        assert item is not None
        assert item.due_at.astimezone(UTC) >= NOW + timedelta(seconds=120)
        account = session.get(CalendarAccount, desk["account"])
        assert account is not None
        assert account.next_run_at is not None
        assert account.next_run_at.astimezone(UTC) >= NOW + timedelta(seconds=120)
    report = _sync(sessions, desk, graph, NOW + timedelta(minutes=3))
    assert len(report.pushed) == 1


def test_changed_event_in_outlook_records_a_conflict(
    sessions: sessionmaker[Session], desk: dict[str, int], graph: GraphServer, calendar: str
) -> None:
    appt_id = _book(sessions, desk, at(23, 10), 0)
    _sync(sessions, desk, graph)
    link = _link(sessions, appt_id)
    event = graph.events(calendar)[link.external_id or ""]
    event.update(start=_when(at(23, 15)), end=_when(at(23, 15, 30)))
    graph.put_event(calendar, event, link.external_id)
    with sessions() as session:
        use.reschedule(session, load_actor(session), appt_id, at(23, 16), "Desk's choice", NOW)
        session.commit()
    report = _sync(sessions, desk, graph, NOW + timedelta(minutes=15))
    assert len(report.failed) == 1
    assert _link(sessions, appt_id).conflict is not None
    assert _event_time(graph.events(calendar)[link.external_id or ""], "start") == at(23, 15)


def test_create_retried_after_a_crash_does_not_duplicate(
    sessions: sessionmaker[Session], desk: dict[str, int], graph: GraphServer, calendar: str
) -> None:
    appt_id = _book(sessions, desk, at(23, 10), 0)
    provider = _factory(graph)(_account(sessions, desk), None)
    event = EventData(
        uid=event_uid(appt_id, desk["account"]),
        summary="Account opening",
        description="",
        location="",
        start=at(23, 10),
        end=at(23, 10, 30),
        timezone="America/Toronto",
    )
    first = provider.create_event(calendar, event)  # landed, then the desk crashed
    provider.close()
    report = _sync(sessions, desk, graph)
    assert len(report.pushed) == 1
    assert list(graph.events(calendar)) == [first.external_id]
    assert _link(sessions, appt_id).external_id == first.external_id


def test_error_answers_map_onto_provider_errors(
    sessions: sessionmaker[Session],
    desk: dict[str, int],
    graph: GraphServer,
    calendar: str,
    request: pytest.FixtureRequest,
) -> None:
    provider = _factory(graph)(_account(sessions, desk), None)
    request.addfinalizer(provider.close)
    event_id = graph.put_event(calendar, _other(at(23, 10), at(23, 11)))
    with pytest.raises(PreconditionFailed):
        provider.delete_event(calendar, event_id, 'W/"stale"')
    with pytest.raises(Gone):
        provider.delete_event(calendar, "AAMkNothing", None)
    assert provider.read_event(calendar, "AAMkNothing") is None
    graph.fail_next(503, retry_after=7)
    with pytest.raises(RateLimited) as limited:
        provider.list_calendars()
    assert limited.value.retry_after == 7
    graph.fail_next(502)
    with pytest.raises(TransientError):
        provider.list_calendars()
    graph.fail_next(403)
    with pytest.raises(PermanentError) as refused:
        provider.list_calendars()
    assert "does not allow" in refused.value.message
    graph.hang_next(4)
    with pytest.raises(TransientError) as late:
        provider.list_calendars()
    assert "in time" in late.value.message
    assert [c.id for c in provider.list_calendars()].count(calendar) == 1


def test_token_stays_in_the_keyring_only(
    sessions: sessionmaker[Session],
    desk: dict[str, int],
    graph: GraphServer,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    _book(sessions, desk, at(23, 10), 0)
    graph.fail_next(401)
    report = _sync(sessions, desk, graph)
    assert report.error is not None
    assert "sign" in report.error
    report = _sync(sessions, desk, graph, NOW + timedelta(hours=1))
    assert report.error is None
    with sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                assert TOKEN not in repr(tuple(row)), table.name
    assert TOKEN not in caplog.text
    assert report.error is None or TOKEN not in report.error


def test_large_token_cache_is_chunked_for_the_credential_manager(
    memory_keyring: MemoryKeyring,
) -> None:
    ref = secrets.new_ref("graph", "bob")
    big = "".join(f"{i:05d}é" for i in range(2000))  # 12,000 characters
    secrets.set_secret(ref, big)
    values = [
        v for (service, key), v in memory_keyring.passwords.items() if key.startswith(ref + "#")
    ]
    assert len(values) > 5
    assert all(len(v.encode("utf-16-le")) <= 2560 for v in values)
    assert secrets.get_secret(ref) == big
    assert secrets.get_password(ref) is None  # nothing the engine would mistake for a password
    secrets.set_secret(ref, "small")
    assert secrets.get_secret(ref) == "small"
    assert len([k for (_, k) in memory_keyring.passwords if k.startswith(ref)]) == 2
    secrets.delete_secret(ref)
    assert secrets.get_secret(ref) is None
    assert not [k for (_, k) in memory_keyring.passwords if k.startswith(ref)]


def test_msal_token_cache_round_trips_through_the_keyring(
    memory_keyring: MemoryKeyring,
) -> None:
    ref = secrets.new_ref("graph", "bob")
    tokens = MsalTokens("client-id", ref, app=cast(Any, _NoNetworkApp()))
    tokens.cache.has_state_changed = True
    with pytest.raises(TransientError) as expired:
        tokens()
    assert "sign in again" in expired.value.message
    assert secrets.get_secret(ref) == tokens.cache.serialize()


class _NoNetworkApp:
    """An msal application stand-in with no signed-in account."""

    def get_accounts(self) -> list[dict[str, Any]]:
        return []


class _Loopback(requests.Session):
    """msal's HTTP client: Microsoft's sign-in host answered by the local server."""

    def __init__(self, graph: GraphServer) -> None:
        super().__init__()
        self.graph = graph

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        text = url.decode() if isinstance(url, bytes) else url
        return super().request(method, text.replace(SIGN_IN_HOST, self.graph.root), *args, **kwargs)


def test_device_code_sign_in_keeps_a_chunked_token_cache_in_the_keyring(
    graph: GraphServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
    request: pytest.FixtureRequest,
) -> None:
    caplog.set_level(logging.DEBUG)
    ref = secrets.new_ref("graph", "bob@riverside.example")
    http = _Loopback(graph)
    request.addfinalizer(http.close)
    options: dict[str, Any] = {
        "http_client": http,
        "instance_discovery": False,
        "validate_authority": False,
    }
    authority = f"{SIGN_IN_HOST}/contoso"
    shown: list[str] = []
    graph.token_lifetime = 60  # msal refreshes tokens that expire within five minutes
    grants = len(graph.token_grants)
    first = sign_in("desk-client-id", ref, shown.append, authority, **options)
    assert len(shown) == 1
    assert "https://microsoft.com/devicelogin" in shown[0]
    assert "FDK7-QW2P" in shown[0]
    assert graph.token_grants[grants:] == ["urn:ietf:params:oauth:grant-type:device_code"]
    assert first.has_token()
    chunks = {k: v for (_, k), v in memory_keyring.passwords.items() if k.startswith(ref)}
    assert len(chunks) > 3  # the refresh token alone is over 4,000 characters
    assert all(len(v.encode("utf-16-le")) <= 2560 for v in chunks.values())
    # a later start of the desk: the cache comes back from the keyring alone, and the
    # access token about to expire is refreshed silently with the refresh token
    graph.token_lifetime = 3600
    again = MsalTokens("desk-client-id", ref, authority, **options)
    assert again.has_token()
    assert again() == TOKEN
    assert graph.token_grants[-1] == "refresh_token"
    provider = GraphProvider(again, graph.url)
    request.addfinalizer(provider.close)
    assert calendar in [c.id for c in provider.list_calendars()]
    assert again() == TOKEN
    assert graph.token_grants[-1] == "refresh_token"
    assert len(graph.token_grants) == grants + 2  # the fresh token is reused, not renewed
    assert TOKEN not in caplog.text
    assert graph.refresh_token not in caplog.text
    # a second sign-in of the same entry finds the cached token and asks nothing
    assert sign_in("desk-client-id", ref, shown.append, authority, **options).has_token()
    assert len(shown) == 1


def test_cli_adds_a_microsoft_365_account_with_the_device_code_and_syncs(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db_url: str,
    sessions: sessionmaker[Session],
    graph: GraphServer,
    calendar: str,
    memory_keyring: MemoryKeyring,
    request: pytest.FixtureRequest,
) -> None:
    http = _Loopback(graph)
    request.addfinalizer(http.close)

    class LocalTokens(MsalTokens):
        def __init__(self, client_id: str, ref: str, authority: str, **_: Any) -> None:
            super().__init__(
                client_id,
                ref,
                authority,
                http_client=http,
                instance_discovery=False,
                validate_authority=False,
            )

    monkeypatch.setattr("app.sync.graph_provider.MsalTokens", LocalTokens)

    def run(*args: str, code: int = 0) -> tuple[Any, str]:
        got = cli.main([*args, "--db", db_url, "--now", NOW.isoformat(), "--json"])
        out, err = capsys.readouterr()
        assert got == code, (out, err)
        for secret in (TOKEN, graph.refresh_token):
            assert secret not in out
            assert secret not in err
        return (json.loads(out) if out.strip() else None), err

    apply_riverside(sessions)
    (name,) = [n for i, n in _calendar_names(graph) if i == calendar]
    add = ["accounts", "add", "--agent", "Bob Chen", "--provider", "graph"]
    add += ["--client-id", "desk-client-id", "--user", "bob@riverside.example"]
    add += ["--url", graph.url, "--authority", f"{SIGN_IN_HOST}/contoso"]
    missing, _ = run("accounts", "add", "--agent", "Bob Chen", "--provider", "graph", code=2)
    assert missing["error"]["code"] == "usage"
    assert "--client-id" in missing["error"]["message"]
    added, err = run(*add, "--calendar", name)
    assert "https://microsoft.com/devicelogin" in err
    assert "FDK7-QW2P" in err
    assert added["target_calendar"] == calendar
    with sessions() as session:
        account = session.get(CalendarAccount, added["id"])
        assert account is not None
        assert account.keyring_ref is not None
        assert account.options["client_id"] == "desk-client-id"
        ref = account.keyring_ref
        found = ids(session)
        found["c0"] = add_customers(session, 1)[0]
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                assert TOKEN not in repr(tuple(row)), table.name
                assert graph.refresh_token[:40] not in repr(tuple(row)), table.name
    found["account"] = added["id"]
    appt_id = _book(sessions, found, at(23, 10), 0)
    (report,), _ = run("sync", "--once")
    assert len(report["pushed"]) == 1
    uids = [e.get("transactionId") for e in graph.events(calendar).values()]
    assert uids == [event_uid(appt_id, added["id"])]
    assert run("accounts", "remove", str(added["id"]))[0]["removed"] is True
    assert not [k for (_, k) in memory_keyring.passwords if k.startswith(ref)]


def _calendar_names(graph: GraphServer) -> list[tuple[str, str]]:
    with graph.lock:
        return [(c.id, c.name) for c in graph.calendars.values()]


def test_agents_moves_and_deletions_in_outlook_come_back_as_proposals(
    sessions: sessionmaker[Session], desk: dict[str, int], graph: GraphServer, calendar: str
) -> None:
    moved_id = _book(sessions, desk, at(23, 10), 0)
    deleted_id = _book(sessions, desk, at(23, 11), 1)
    _sync(sessions, desk, graph)
    _sync(sessions, desk, graph)  # reads the desk's own events back: nothing to decide
    assert _busy(sessions, desk["account"]) == []  # the desk's events are not busy time
    assert _link(sessions, moved_id).conflict is None
    moved = _link(sessions, moved_id).external_id or ""
    event = graph.events(calendar)[moved]
    event.update(start=_when(at(23, 15)), end=_when(at(23, 15, 30)))
    graph.put_event(calendar, event, moved)
    graph.remove_event(calendar, _link(sessions, deleted_id).external_id or "")
    report = _sync(sessions, desk, graph, NOW + timedelta(minutes=5))
    assert report.error is None
    proposal = Conflict.from_text(_link(sessions, moved_id).conflict)
    assert proposal is not None
    assert proposal.proposal == "reschedule"
    assert proposal.start == at(23, 15)
    gone = Conflict.from_text(_link(sessions, deleted_id).conflict)
    assert gone is not None
    assert gone.proposal == "cancel"


def test_at_most_four_requests_at_once_per_mailbox(
    sessions: sessionmaker[Session], desk: dict[str, int], graph: GraphServer, calendar: str
) -> None:
    row = _account(sessions, desk)
    providers = [_factory(graph)(row, None) for _ in range(3)]  # one mailbox, three syncs
    graph.delay = 0.2
    graph.max_in_flight = 0
    try:
        threads = [threading.Thread(target=providers[i % 3].list_calendars) for i in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        graph.delay = 0.0
        for provider in providers:
            provider.close()
    assert graph.max_in_flight == 4


def test_unreachable_sign_in_service_is_reported_in_plain_words(
    sessions: sessionmaker[Session], desk: dict[str, int], graph: GraphServer
) -> None:
    with sessions() as session:
        account = session.get(CalendarAccount, desk["account"])
        assert account is not None
        # nothing listens on port 9 of loopback: msal cannot read the authority's settings
        account.options = {**account.options, "client_id": "desk-client-id"}
        account.options["authority"] = "https://127.0.0.1:9/contoso"
        session.commit()
    report = sync_account(sessions, desk["account"], NOW)  # the real factory
    assert report.error is not None
    assert "sign-in service could not be reached" in report.error
    with sessions() as session:
        account = session.get(CalendarAccount, desk["account"])
        assert account is not None
        assert account.last_error == report.error
        assert account.last_success_at is None
