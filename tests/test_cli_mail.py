"""``frontdesk mail`` and ``frontdesk outbox`` against a real SMTP server on loopback, on
SQLite and PostgreSQL; the clock is Monday 23 November 2026, 09:00 in Toronto."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import keyring
import pytest
from sqlalchemy.orm import Session, sessionmaker

from app import cli
from app.booking import appointments as use
from app.booking.appointments import BookingRequest
from app.booking.permissions import load_actor
from tests.support.keyring_backend import MemoryKeyring
from tests.support.mailserver import MailServer, free_port
from tests.support.riverside import MONDAY_9AM, RIVERSIDE, add_customers, ids

NOW = MONDAY_9AM
TZ = ZoneInfo("America/Toronto")
SECRET = "Hunter-2-very-secret"


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], db_url: str) -> None:
        self.capsys = capsys
        self.db_url = db_url
        self.last_err = ""

    def __call__(self, *args: str, code: int = 0, now: datetime = NOW) -> Any:
        got = cli.main([*args, "--db", self.db_url, "--now", now.isoformat(), "--json"])
        out, err = self.capsys.readouterr()
        self.last_err = err
        assert got == code, (out, err)
        return json.loads(out) if out.strip() else None


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], db_url: str) -> Cli:
    runner = Cli(capsys, db_url)
    runner("setup", "apply", str(RIVERSIDE))
    return runner


def _configure(run: Cli, port: int) -> None:
    for key, value in (
        ("mail.host", "127.0.0.1"),
        ("mail.port", str(port)),
        ("mail.security", "none"),
        ("mail.from_address", "desk@riverside.example"),
    ):
        run("settings", "set", key, value, "--branch", "Riverside")


def _book(sessions: sessionmaker[Session], hour: int) -> None:
    with sessions() as session:
        found = ids(session)
        (customer,) = add_customers(session, 1)
        request = BookingRequest(
            service_id=found["Account opening"],
            start=datetime(2026, 11, 23, hour, tzinfo=TZ),
            customer_id=customer,
        )
        use.book(session, load_actor(session), request, NOW)
        session.commit()


def test_mail_test_outbox_and_flush(run: Cli, sessions: sessionmaker[Session]) -> None:
    server = MailServer(free_port())
    _configure(run, server.port)
    _book(sessions, 10)
    listed = run("outbox")
    assert listed["counts"]["pending"] == 2
    assert [i["event"] for i in listed["items"]] == ["created", "created"]
    # server down: flush reports what will be retried, with the reason
    flushed = run("outbox", "flush", code=1)
    assert len(flushed["retrying"]) == 2
    assert run.last_err.strip() == "Sent 0 e-mail(s); 2 will be retried later."
    listed = run("outbox", "--state", "pending")
    assert "refused the connection" in listed["items"][0]["last_error"]
    error = run("mail", "test", "--to", "someone@example.com", code=1)
    assert error["error"]["code"] == "mail_failed"
    server.start()
    try:
        sent = run("mail", "test", "--to", "someone@example.com")
        assert sent["server"] == f"127.0.0.1:{server.port}"
        later = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
        assert len(run("outbox", "flush", now=later)["sent"]) == 2
        assert run("outbox", now=later)["counts"]["sent"] == 2
        assert len(server.messages) == 3
        error = run("outbox", "retry", str(listed["items"][0]["id"]), code=1)
        assert error["error"]["code"] == "already_sent"
    finally:
        server.stop()


def test_set_password_reads_stdin_and_keeps_it_out_of_output(
    run: Cli,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(SECRET + "\n"))
    done = run("mail", "set-password", "--password-stdin")
    assert done["stored"] is True
    assert SECRET not in json.dumps(done)
    assert list(memory_keyring.passwords.values()) == [SECRET]
    assert next(iter(memory_keyring.passwords))[0] == "frontdesk-smtp"
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert run("mail", "set-password", "--password-stdin")["stored"] is False
    assert memory_keyring.passwords == {}
