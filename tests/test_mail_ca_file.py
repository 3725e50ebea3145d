"""A company's own certificate authority: the ``mail.ca_file`` setting makes the sender
trust the loopback server's test authority (delivered through the outbox with the default
connector); a missing or broken file keeps the mails waiting with an error that names the
setting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking import settings as st
from app.booking.appointments import BookingRequest
from app.booking.permissions import load_actor
from app.models import OutboxItem
from app.notify import mailconfig, sender
from tests.support.mailserver import MailServer, TestAuthority, free_port, point_branch_at
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> TestAuthority:
    return TestAuthority(tmp_path_factory.mktemp("company-ca"))


@pytest.fixture
def server(authority: TestAuthority) -> Iterator[MailServer]:
    mail = MailServer(free_port(), security="starttls", authority=authority)
    mail.start()
    yield mail
    mail.stop()


def _book_with_ca_file(
    sessions: sessionmaker[Session], server: MailServer, ca_file: str | None
) -> int:
    """Riverside pointed at ``server`` with ``mail.ca_file``; one booking; the branch id."""
    apply_riverside(sessions)
    with sessions() as session:
        found = ids(session)
        point_branch_at(session, found["branch"], server)
        st.put(session, st.MAIL_CA_FILE, ca_file, found["branch"])
        (customer,) = add_customers(session, 1)
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
        return found["branch"]


def _errors(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as session:
        return [i.last_error or "" for i in session.scalars(select(OutboxItem))]


def test_the_setting_is_loaded_with_the_mail_settings(
    sessions: sessionmaker[Session], server: MailServer, authority: TestAuthority
) -> None:
    branch = _book_with_ca_file(sessions, server, str(authority.ca_file))
    with sessions() as session:
        assert mailconfig.load(session, branch).ca_file == str(authority.ca_file)


def test_a_server_signed_by_the_configured_authority_receives_the_mails(
    sessions: sessionmaker[Session], server: MailServer, authority: TestAuthority
) -> None:
    _book_with_ca_file(sessions, server, str(authority.ca_file))
    report = sender.send_due(sessions, MONDAY_9AM)
    assert report.retrying == []
    assert report.failed == []
    assert len(report.sent) == len(server.messages) >= 1
    assert all(e == "" for e in _errors(sessions))


def test_without_the_setting_the_same_server_is_not_trusted(
    sessions: sessionmaker[Session], server: MailServer
) -> None:
    _book_with_ca_file(sessions, server, None)
    report = sender.send_due(sessions, MONDAY_9AM)
    assert report.sent == []
    assert report.retrying
    assert all("does not trust" in e for e in _errors(sessions))
    assert server.messages == []


def test_a_missing_file_is_named_and_the_mails_wait_until_it_is_there(
    sessions: sessionmaker[Session],
    server: MailServer,
    authority: TestAuthority,
    tmp_path: Path,
) -> None:
    missing = tmp_path / "company-ca.pem"
    _book_with_ca_file(sessions, server, str(missing))
    first = sender.send_due(sessions, MONDAY_9AM)
    assert first.sent == []
    assert first.failed == []
    assert first.retrying
    errors = _errors(sessions)
    assert errors
    assert all(
        e == f"The certificate authority file {missing} set in mail.ca_file for Riverside does "
        "not exist on this computer; put the file there or change mail.ca_file."
        for e in errors
    )
    missing.write_bytes(authority.ca_file.read_bytes())
    later = sender.send_due(sessions, MONDAY_9AM + timedelta(hours=1))
    assert sorted(later.sent) == sorted(first.retrying)
    assert len(server.messages) == len(later.sent)


def test_a_file_without_a_certificate_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "notes.pem"
    broken.write_text("not a certificate\n", "utf-8")
    config = mailconfig.MailSettings(
        branch_id=1,
        branch_name="Riverside",
        host="127.0.0.1",
        port=free_port(),
        security="ssl",
        user=None,
        from_address="desk@riverside.example",
        from_name="Riverside",
        ca_file=str(broken),
    )
    with pytest.raises(sender.MailError) as info:
        sender.send_test(config, "anne@example.com", datetime(2026, 11, 23, 14, tzinfo=UTC))
    assert "mail.ca_file" in info.value.message
    assert "holds no certificate in PEM form" in info.value.message


def test_plain_connections_do_not_need_the_file(tmp_path: Path) -> None:
    mail = MailServer(free_port())
    mail.start()
    try:
        config = mailconfig.MailSettings(
            branch_id=1,
            branch_name="Riverside",
            host="127.0.0.1",
            port=mail.port,
            security="none",
            user=None,
            from_address="desk@riverside.example",
            from_name="Riverside",
            ca_file=str(tmp_path / "absent.pem"),
        )
        sender.send_test(config, "anne@example.com", datetime(2026, 11, 23, 14, tzinfo=UTC))
    finally:
        mail.stop()
    assert len(mail.messages) == 1
