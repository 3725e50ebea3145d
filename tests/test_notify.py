"""E-mail notifications against a real SMTP server on loopback (aiosmtpd), on SQLite and
PostgreSQL: templates and placeholders, the outbox written with each booking change,
delivery exactly once across an outage, leases, ICS invitations, and the password kept out
of the database, the logs and the error messages.

The clock is Monday 23 November 2026, 09:00 in Toronto (see tests/support/riverside.py).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.message import Message
from zoneinfo import ZoneInfo

import keyring
import keyring.backend
import pytest
from icalendar import Calendar
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking import settings as st
from app.booking.appointments import BookingRequest
from app.booking.errors import BookingError
from app.booking.permissions import Actor, load_actor
from app.booking.setup_file import MailSpec, SetupFileError, export_setup, parse_setup
from app.models import NotificationTemplate, OutboxItem
from app.notify import mailconfig, outbox, sender, templates
from tests.support.keyring_backend import MemoryKeyring
from tests.support.mailserver import MailServer, free_port
from tests.support.riverside import MONDAY_9AM, RIVERSIDE, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")
NOW = MONDAY_9AM
LOAN = {"Estimated loan amount": "350000"}
PASSWORD = "Zq-very-secret-9731"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


@pytest.fixture
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
def branch(sessions: sessionmaker[Session]) -> dict[str, int]:
    apply_riverside(sessions)
    with sessions() as session:
        found = ids(session)
        for i, cid in enumerate(add_customers(session, 3)):
            found[f"c{i}"] = cid
    return found


def _mail_settings(
    sessions: sessionmaker[Session], branch_id: int, port: int, user: str | None = None
) -> None:
    with sessions() as session:
        st.put(session, st.MAIL_HOST, "127.0.0.1", branch_id)
        st.put(session, st.MAIL_PORT, port, branch_id)
        st.put(session, st.MAIL_SECURITY, "none", branch_id)
        st.put(session, st.MAIL_USER, user, branch_id)
        st.put(session, st.MAIL_FROM_ADDRESS, "desk@riverside.example", branch_id)
        st.put(session, st.MAIL_FROM_NAME, "Riverside Front Desk", branch_id)
        session.commit()


@pytest.fixture
def mail_on(
    sessions: sessionmaker[Session], branch: dict[str, int], server: MailServer
) -> MailServer:
    _mail_settings(sessions, branch["branch"], server.port)
    return server


def _desk(session: Session) -> Actor:
    return load_actor(session)


def _book(sessions: sessionmaker[Session], **kwargs: object) -> int:
    with sessions() as session:
        appt = use.book(session, _desk(session), BookingRequest(**kwargs), NOW)  # type: ignore[arg-type]
        session.commit()
        return appt.id


def _items(sessions: sessionmaker[Session]) -> list[OutboxItem]:
    with sessions() as session:
        return list(session.scalars(select(OutboxItem).order_by(OutboxItem.id)))


def _ics(message: Message) -> Calendar:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_content())
    raise AssertionError("no invitation attached")


def _event(cal: Calendar) -> tuple[str, str, int, datetime]:
    (event,) = cal.walk("VEVENT")
    return (
        str(cal["METHOD"]),
        str(event["UID"]),
        int(event["SEQUENCE"]),
        event.decoded("DTSTART"),
    )


# -- templates (no server) ---------------------------------------------------------------


def test_every_event_has_a_default_for_both_recipients_using_only_known_placeholders() -> None:
    from app.models.notifications import EVENTS

    assert set(templates.DEFAULTS) == {(e, r) for e in EVENTS for r in templates.RECIPIENTS}
    for template in templates.DEFAULTS.values():
        templates.check_template(template.subject, None)
        templates.check_template(template.body, None)


def test_render_fills_known_placeholders_and_drops_empty_lines() -> None:
    out = templates.render(
        "Hi {!Customer Name},\n\n{!Meeting URL}\n\n\nBye {! Branch Name }",
        {"Customer Name": "Ann", "Branch Name": "Riverside"},
    )
    assert out == "Hi Ann,\n\nBye Riverside"


def test_times_are_local_and_name_their_zone() -> None:
    winter = templates.format_time(at(24, 10), TZ)
    assert winter == "Tuesday 24 November 2026, 10:00 EST"
    summer = templates.format_time(datetime(2026, 7, 1, 14, 0, tzinfo=ZoneInfo("UTC")), TZ)
    assert summer == "Wednesday 1 July 2026, 10:00 EDT"


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    assert sender.backoff(1, lambda: 0.0) == timedelta(seconds=30)
    assert sender.backoff(1, lambda: 1.0) == timedelta(minutes=1)
    assert sender.backoff(4, lambda: 1.0) == timedelta(minutes=8)
    assert sender.backoff(30, lambda: 1.0) == sender.BACKOFF_CAP
    assert sender.backoff(30, lambda: 0.5) < sender.BACKOFF_CAP


def test_a_template_with_an_unknown_placeholder_is_refused(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    with sessions() as session:
        desk = _desk(session)
        with pytest.raises(BookingError) as err:
            templates.save_template(
                session,
                desk,
                NOW,
                event="created",
                recipient="customer",
                subject="Hello {!Custmer Name}",
                body="Body",
                branch_id=branch["branch"],
            )
        assert err.value.code == "unknown_placeholder"
        assert "{!Custmer Name}" in err.value.message
        # a custom field is known to its own service, not to another one
        with pytest.raises(BookingError) as err:
            templates.save_template(
                session,
                desk,
                NOW,
                event="created",
                recipient="customer",
                subject="Account",
                body="Loan: {!Estimated loan amount}",
                service_id=branch["Account opening"],
            )
        assert err.value.code == "unknown_placeholder"
        assert session.scalars(select(NotificationTemplate)).all() == []
        receptionist = Actor(None, "rita", "Rita", "receptionist", frozenset())
        with pytest.raises(BookingError) as err:
            templates.save_template(
                session,
                receptionist,
                NOW,
                event="created",
                recipient="customer",
                subject="x",
                body="y",
                branch_id=branch["branch"],
            )
        assert err.value.code == "permission_denied"


def test_service_template_wins_over_branch_template_over_default(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    mortgage, account = branch["Mortgage consultation"], branch["Account opening"]
    with sessions() as session:
        desk = _desk(session)
        templates.save_template(
            session,
            desk,
            NOW,
            event="request_received",
            recipient="customer",
            subject="Branch: {!Service Name}",
            body="Branch body",
            branch_id=branch["branch"],
        )
        templates.save_template(
            session,
            desk,
            NOW,
            event="request_received",
            recipient="customer",
            subject="Mortgage request for {!Estimated loan amount}",
            body="Service body",
            service_id=mortgage,
        )
        session.commit()
        found = templates.resolve(
            session, branch["branch"], mortgage, "request_received", "customer"
        )
        assert found.subject == "Mortgage request for {!Estimated loan amount}"
        found = templates.resolve(
            session, branch["branch"], account, "request_received", "customer"
        )
        assert found.subject == "Branch: {!Service Name}"
        found = templates.resolve(session, branch["branch"], account, "created", "agent")
        assert found == templates.DEFAULTS[("created", "agent")]
        actions = session.scalars(text("SELECT action FROM audit_log")).all()
        assert actions.count("template.save") == 2


# -- the outbox and sending --------------------------------------------------------------


def test_no_mail_server_set_means_no_mail_queued(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    _book(
        sessions, service_id=branch["Account opening"], start=at(23, 10), customer_id=branch["c0"]
    )
    assert _items(sessions) == []


def test_a_booking_sends_exactly_the_expected_mails_with_placeholders_filled(
    sessions: sessionmaker[Session], branch: dict[str, int], mail_on: MailServer
) -> None:
    appt_id = _book(
        sessions,
        service_id=branch["Mortgage consultation"],
        start=at(24, 9),
        agent_id=branch["Alice Martin"],
        customer_id=branch["c0"],
        field_values=LOAN,
    )
    items = _items(sessions)
    assert [(i.action, i.payload["recipient"], i.state) for i in items] == [
        ("request_received", "customer", "pending"),
        ("request_received", "agent", "pending"),
    ]
    assert items[0].idempotency_key == f"mail:{appt_id}:request_received:customer:1"

    report = sender.send_due(sessions, NOW)
    assert report.sent == [i.id for i in items]
    assert report.retrying == report.failed == []
    assert len(mail_on.messages) == 2
    to_customer, to_agent = mail_on.messages
    assert mail_on.collector.recipients == [["c0@example.com"], ["alice.martin@riverside.example"]]
    assert to_customer["Subject"] == "We received your request: Mortgage consultation"
    assert to_customer["From"] == "Riverside Front Desk <desk@riverside.example>"
    body = to_customer.get_body(("plain",))
    assert body is not None
    content = body.get_content()
    assert "Dear Customer 0," in content
    assert "Tuesday 24 November 2026, 09:00 EST" in content
    assert "Riverside" in content
    assert "{!" not in content
    assert to_agent["Subject"] == "Request to approve: Mortgage consultation with Customer 0"
    assert to_customer["Message-ID"] == f"<outbox-{items[0].id}.riverside@riverside.example>"
    assert all(i.state == "sent" and i.sent_at == NOW for i in _items(sessions))
    # nothing is sent twice
    assert sender.send_due(sessions, NOW + timedelta(hours=1)).sent == []
    assert len(mail_on.messages) == 2


def test_custom_field_placeholder_and_status_events(
    sessions: sessionmaker[Session], branch: dict[str, int], mail_on: MailServer
) -> None:
    with sessions() as session:
        templates.save_template(
            session,
            _desk(session),
            NOW,
            event="rejected",
            recipient="customer",
            subject="Declined: {!Service Name}",
            body="Loan {!Estimated loan amount} with {!Agent Name}: {!Reason}",
            service_id=branch["Mortgage consultation"],
        )
        session.commit()
    first = _book(
        sessions,
        service_id=branch["Mortgage consultation"],
        start=at(24, 9),
        agent_id=branch["Alice Martin"],
        customer_id=branch["c0"],
        field_values=LOAN,
    )
    second = _book(
        sessions,
        service_id=branch["Mortgage consultation"],
        start=at(24, 10),
        agent_id=branch["Bob Chen"],
        customer_id=branch["c1"],
        field_values=LOAN,
    )
    with sessions() as session:
        use.set_status(session, _desk(session), first, "confirmed", NOW)
        use.cancel(session, _desk(session), second, "Income too low", NOW)
        session.commit()
    events = [(i.action, i.payload["recipient"]) for i in _items(sessions)][4:]
    assert events == [
        ("confirmed", "customer"),
        ("confirmed", "agent"),
        ("rejected", "customer"),
        ("rejected", "agent"),
    ]
    sender.send_due(sessions, NOW)
    rejected = next(
        m for m in mail_on.messages if m["Subject"] == "Declined: Mortgage consultation"
    )
    body = rejected.get_body(("plain",))
    assert body is not None
    assert body.get_content().strip() == "Loan 350000 with Bob Chen: Income too low"
    method, _, _, _ = _event(_ics(rejected))
    assert method == "CANCEL"


def test_server_down_then_up_delivers_every_message_exactly_once(
    sessions: sessionmaker[Session], branch: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    mail = MailServer(free_port())
    _mail_settings(sessions, branch["branch"], mail.port)
    for i, hour in enumerate((10, 11, 12)):
        _book(
            sessions,
            service_id=branch["Account opening"],
            start=at(23, hour),
            customer_id=branch[f"c{i}"],
        )
    items = _items(sessions)
    assert len(items) == 6
    with caplog.at_level(logging.WARNING, logger="app.notify.sender"):
        report = sender.send_due(sessions, NOW, rng=lambda: 1.0)
    assert report.sent == []
    assert report.retrying == [i.id for i in items]
    for item in _items(sessions):
        assert item.state == "pending"
        assert item.attempts == 1
        assert item.due_at == NOW + timedelta(minutes=1)
        assert item.last_error is not None
        assert "refused the connection" in item.last_error
        assert item.locked_by is None
    assert "refused the connection" in caplog.text
    # not due yet: nothing is tried
    assert sender.send_due(sessions, NOW + timedelta(seconds=30)).retrying == []
    mail.start()
    try:
        later = NOW + timedelta(minutes=2)
        assert sorted(sender.send_due(sessions, later).sent) == [i.id for i in items]
        assert sender.send_due(sessions, later + timedelta(hours=1)).sent == []
        ids_seen = [m["Message-ID"] for m in mail.messages]
        assert len(ids_seen) == 6 == len(set(ids_seen))
        assert all(i.state == "sent" and i.attempts == 2 for i in _items(sessions))
    finally:
        mail.stop()


def test_a_claimed_item_is_left_alone_until_its_lease_runs_out(
    sessions: sessionmaker[Session], branch: dict[str, int], mail_on: MailServer
) -> None:
    _book(
        sessions, service_id=branch["Account opening"], start=at(23, 10), customer_id=branch["c0"]
    )
    first, second = (i.id for i in _items(sessions))
    # worker A claims the first item and dies before recording the outcome
    assert sender._claim(sessions, NOW, "worker-a", set()) == first
    report = sender.send_due(sessions, NOW, worker="worker-b")
    assert report.sent == [second]
    assert len(mail_on.messages) == 1
    report = sender.send_due(sessions, NOW + sender.LEASE, worker="worker-b")
    assert report.sent == [first]
    assert [m["Message-ID"] for m in mail_on.messages][1].startswith(f"<outbox-{first}.")


def test_invitations_keep_one_uid_with_growing_sequence(
    sessions: sessionmaker[Session], branch: dict[str, int], mail_on: MailServer
) -> None:
    appt_id = _book(
        sessions, service_id=branch["Account opening"], start=at(23, 10), customer_id=branch["c0"]
    )
    with sessions() as session:
        use.reschedule(session, _desk(session), appt_id, at(23, 14), "Customer asked", NOW)
        session.commit()
    with sessions() as session:
        use.cancel(session, _desk(session), appt_id, "Customer is ill", NOW)
        session.commit()
    sender.send_due(sessions, NOW)
    to_customer = [m for m in mail_on.messages if m["To"] == "Customer 0 <c0@example.com>"]
    assert len(to_customer) == 3
    seen = [_event(_ics(m)) for m in to_customer]
    uid = f"appointment-{appt_id}@riverside.frontdesk"
    assert [(s[0], s[1]) for s in seen] == [
        ("REQUEST", uid),
        ("REQUEST", uid),
        ("CANCEL", uid),
    ]
    sequences = [s[2] for s in seen]
    assert sequences == sorted(sequences)
    assert len(set(sequences)) == 3
    assert seen[0][3] == at(23, 10)
    assert seen[1][3] == at(23, 14)
    assert seen[1][3].utcoffset() == timedelta(0)
    (event,) = _ics(to_customer[1]).walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:desk@riverside.example"
    attendees = sorted(str(a) for a in event["ATTENDEE"])
    assert "mailto:c0@example.com" in attendees
    assert to_customer[2]["Subject"].startswith("Cancelled: Account opening")


def test_no_password_in_database_logs_or_errors(
    sessions: sessionmaker[Session],
    branch: dict[str, int],
    server: MailServer,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _mail_settings(sessions, branch["branch"], server.port, user="desk")
    with sessions() as session:
        # no password yet: a clear error, retried later
        _book(
            sessions,
            service_id=branch["Account opening"],
            start=at(23, 10),
            customer_id=branch["c0"],
        )
        report = sender.send_due(sessions, NOW)
        assert len(report.retrying) == 2
        assert "frontdesk mail set-password" in (_items(sessions)[0].last_error or "")
        mailconfig.set_password(session, _desk(session), branch["branch"], PASSWORD)
    assert memory_keyring.passwords == {("frontdesk-smtp", f"branch:{branch['branch']}"): PASSWORD}
    assert mailconfig.get_password(branch["branch"]) == PASSWORD
    with caplog.at_level(logging.DEBUG):
        # this server offers no sign-in, so the login fails with the password in hand
        report = sender.send_due(sessions, NOW + timedelta(hours=1))
        with sessions() as session:
            config = mailconfig.load(session, branch["branch"])
        with pytest.raises(sender.MailError) as err:
            sender.send_test(config, "someone@example.com", NOW)
    assert len(report.retrying) == 2
    assert server.messages == []
    assert "does not offer" in err.value.message
    assert PASSWORD not in err.value.message
    assert PASSWORD not in caplog.text
    assert "does not offer" in caplog.text
    with sessions() as session:
        for table in ("settings", "outbox", "audit_log"):
            rows = session.execute(text(f"SELECT * FROM {table}")).all()
            assert PASSWORD not in json.dumps([list(map(str, r)) for r in rows])
    # an empty password removes it
    with sessions() as session:
        mailconfig.set_password(session, _desk(session), branch["branch"], "")
    assert memory_keyring.passwords == {}


def test_retry_puts_a_failed_mail_back_in_the_queue(
    sessions: sessionmaker[Session], branch: dict[str, int], mail_on: MailServer
) -> None:
    _book(
        sessions, service_id=branch["Account opening"], start=at(23, 10), customer_id=branch["c0"]
    )
    item_id = _items(sessions)[0].id
    with sessions() as session:
        session.execute(
            text("UPDATE outbox SET state = 'failed', last_error = 'x' WHERE id = :i"),
            {"i": item_id},
        )
        session.commit()
    assert item_id not in sender.send_due(sessions, NOW).sent
    with sessions() as session:
        failed = outbox.list_mail(session, ("failed",))
        assert [r.id for r in failed] == [item_id]
        assert failed[0].last_error == "x"
        outbox.retry(session, item_id, NOW)
        session.commit()
    assert sender.send_due(sessions, NOW).sent == [item_id]
    with sessions() as session, pytest.raises(BookingError) as err:
        outbox.retry(session, item_id, NOW)
    assert err.value.code == "already_sent"


def test_a_refused_recipient_fails_at_once(
    sessions: sessionmaker[Session], branch: dict[str, int], mail_on: MailServer
) -> None:
    _book(
        sessions, service_id=branch["Account opening"], start=at(23, 10), customer_id=branch["c0"]
    )
    with sessions() as session:
        item = session.scalars(select(OutboxItem).order_by(OutboxItem.id)).first()
        assert item is not None
        bad_id = item.id
    mail_on.collector.refuse.add("c0@example.com")

    report = sender.send_due(sessions, NOW)
    assert bad_id in report.failed
    with sessions() as session:
        bad = session.get(OutboxItem, bad_id)
        assert bad is not None
        assert bad.state == "failed"
        assert bad.attempts == 1
        assert (
            bad.last_error
            == "The mail server 127.0.0.1:"
            + str(mail_on.port)
            + " refused the address c0@example.com."
        )


# -- the [mail] section of the setup file ------------------------------------------------

MAIL_SECTION = """
[mail]
host = "smtp.riverside.example"
port = 465
security = "SSL"
user = "frontdesk"
from_address = "desk@riverside.example"
"""


def test_setup_file_mail_section_applies_exports_and_round_trips(
    sessions: sessionmaker[Session],
) -> None:
    apply_riverside(sessions, RIVERSIDE.read_text("utf-8") + MAIL_SECTION)
    with sessions() as session:
        branch_id = ids(session)["branch"]
        config = mailconfig.load(session, branch_id)
        assert (config.host, config.port, config.security, config.user) == (
            "smtp.riverside.example",
            465,
            "ssl",
            "frontdesk",
        )
        assert config.from_name == "Riverside"
        exported = export_setup(session)
    assert '[mail]\nhost = "smtp.riverside.example"\nport = 465\nsecurity = "ssl"\n' in exported
    assert "password" not in exported
    assert parse_setup(exported, "export.toml").mail == MailSpec(
        host="smtp.riverside.example",
        port=465,
        security="ssl",
        user="frontdesk",
        from_address="desk@riverside.example",
    )
    # a file without [mail] puts the branch back on the desk-wide values
    apply_riverside(sessions)
    with sessions() as session:
        assert not mailconfig.load(session, branch_id).enabled


def test_setup_file_refuses_a_password_and_bad_mail_values() -> None:
    text = RIVERSIDE.read_text("utf-8") + MAIL_SECTION.replace(
        "port = 465", 'port = "465"\npassword = "hunter2"'
    ).replace('security = "SSL"', 'security = "tls"\nhots = "x"')
    with pytest.raises(SetupFileError) as err:
        parse_setup(text, "riverside.toml")
    message = "\n".join(p.describe("riverside.toml") for p in err.value.problems)
    assert "a mail password never goes in a setup file" in message
    assert 'port must be a port number from 1 to 65535, no quotes, not "465"' in message
    assert 'security must be "starttls", "ssl" or "none"' in message
    assert 'unknown key "hots" in [mail]; did you mean "host"?' in message
    assert "hunter2" not in message
