"""Mail over TLS against a real loopback server (aiosmtpd) with a certificate made for the
test session: STARTTLS and implicit SSL deliver when the server's authority is trusted,
fail with a plain-words certificate error when it is not, and the password never shows in
an error, the outbox or a log line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking import settings as st
from app.booking.appointments import BookingRequest
from app.booking.permissions import load_actor
from app.models import OutboxItem
from app.notify import mailconfig, sender
from app.notify.mailconfig import MailSettings
from tests.support.keyring_backend import MemoryKeyring
from tests.support.mailserver import MailServer, Security, TestAuthority, free_port
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
USER = "desk@riverside.example"
PASSWORD = "Tls-pass-4471-secret"


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> TestAuthority:
    return TestAuthority(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def _server(security: Security, authority: TestAuthority) -> MailServer:
    return MailServer(free_port(), security=security, authority=authority, logins={USER: PASSWORD})


@pytest.fixture(params=["starttls", "ssl"])
def server(request: pytest.FixtureRequest, authority: TestAuthority) -> Iterator[MailServer]:
    mail = _server(request.param, authority)
    mail.start()
    yield mail
    mail.stop()


def _config(server: MailServer, user: str | None = USER, host: str = "127.0.0.1") -> MailSettings:
    return MailSettings(
        branch_id=7,
        branch_name="Riverside",
        host=host,
        port=server.port,
        security=server.security,
        user=user,
        from_address="desk@riverside.example",
        from_name="Riverside Front Desk",
    )


def test_delivery_with_a_trusted_authority(
    server: MailServer, authority: TestAuthority, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password(mailconfig.KEYRING_SERVICE, mailconfig.keyring_user(7), PASSWORD)
    factory = sender.connector(sender.tls_context(authority.ca_file))

    message_id = sender.send_test(_config(server), "anne@example.com", NOW, factory)

    (received,) = server.messages
    assert received["Message-ID"] == message_id
    assert received["To"] == "anne@example.com"
    assert server.collector.recipients == [["anne@example.com"]]


def test_the_server_name_is_checked_against_the_certificate(
    server: MailServer, authority: TestAuthority, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password(mailconfig.KEYRING_SERVICE, mailconfig.keyring_user(7), PASSWORD)
    factory = sender.connector(sender.tls_context(authority.ca_file))

    sender.send_test(_config(server, host="localhost"), "anne@example.com", NOW, factory)

    assert len(server.messages) == 1


def test_an_untrusted_certificate_is_refused_in_plain_words(
    server: MailServer,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The default trusts only the system's authorities, which never signed the test one."""
    memory_keyring.set_password(mailconfig.KEYRING_SERVICE, mailconfig.keyring_user(7), PASSWORD)
    caplog.set_level(logging.DEBUG)

    with pytest.raises(sender.MailError) as refused:
        sender.send_test(_config(server), "anne@example.com", NOW)

    message = refused.value.message
    assert message.startswith(f"The mail server 127.0.0.1:{server.port} showed a certificate")
    assert "does not trust" in message
    assert "certificate" in message
    assert "CERTIFICATE_VERIFY_FAILED" not in message
    assert PASSWORD not in message
    assert PASSWORD not in caplog.text
    assert server.messages == []


def test_a_wrong_password_is_refused_without_showing_it(
    server: MailServer,
    authority: TestAuthority,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
) -> None:
    wrong = "Not-the-pass-8812"
    memory_keyring.set_password(mailconfig.KEYRING_SERVICE, mailconfig.keyring_user(7), wrong)
    caplog.set_level(logging.DEBUG)
    factory = sender.connector(sender.tls_context(authority.ca_file))

    with pytest.raises(sender.MailError) as refused:
        sender.send_test(_config(server), "anne@example.com", NOW, factory)

    assert "refused the user name or password" in refused.value.message
    assert wrong not in refused.value.message
    assert PASSWORD not in refused.value.message
    assert wrong not in caplog.text
    assert server.messages == []


def test_tls_context_without_a_file_uses_the_system_store() -> None:
    context = sender.tls_context()
    assert context.check_hostname is True
    assert context.verify_mode.name == "CERT_REQUIRED"


def test_tls_context_with_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        sender.tls_context(tmp_path / "nothing.pem")


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_outbox_over_tls_delivers_once_and_keeps_the_password_out(
    security: Security,
    authority: TestAuthority,
    sessions: sessionmaker[Session],
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Booked mails go out over TLS once trusted; an untrusted server leaves them waiting
    with the plain reason and no password anywhere in the outbox or the log."""
    caplog.set_level(logging.DEBUG)
    apply_riverside(sessions)
    mail = _server(security, authority)
    mail.start()
    try:
        with sessions() as session:
            found = ids(session)
            branch = found["branch"]
            (customer,) = add_customers(session, 1)
            for key, value in (
                (st.MAIL_HOST, "127.0.0.1"),
                (st.MAIL_PORT, mail.port),
                (st.MAIL_SECURITY, security),
                (st.MAIL_USER, USER),
                (st.MAIL_FROM_ADDRESS, "desk@riverside.example"),
            ):
                st.put(session, key, value, branch)
            mailconfig.set_password(session, load_actor(session), branch, PASSWORD)
            use.book(
                session,
                load_actor(session),
                BookingRequest(
                    service_id=found["Account opening"],
                    customer_id=customer,
                    start=MONDAY_9AM.replace(hour=15),
                ),
                MONDAY_9AM,
            )
            session.commit()

        untrusted = sender.send_due(sessions, MONDAY_9AM)
        assert untrusted.sent == []
        assert untrusted.retrying
        with sessions() as session:
            errors = [i.last_error or "" for i in session.scalars(select(OutboxItem))]
        assert errors
        assert all("does not trust" in e for e in errors)
        assert all(PASSWORD not in e for e in errors)
        assert mail.messages == []

        later = MONDAY_9AM.replace(hour=20)
        factory = sender.connector(sender.tls_context(authority.ca_file))
        trusted = sender.send_due(sessions, later, smtp_factory=factory)
        assert sorted(trusted.sent) == sorted(untrusted.retrying)
        assert len(mail.messages) == len(trusted.sent)
        assert sender.send_due(sessions, later, smtp_factory=factory).sent == []
    finally:
        mail.stop()
    assert PASSWORD not in caplog.text
