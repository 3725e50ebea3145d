"""The notifications proof, on SQLite and PostgreSQL, through the real command line.

The Riverside file with a ``[mail]`` section pointing at a loopback SMTP server (aiosmtpd)
that is down. Every step is its own ``python -m app --db URL --now ISO ...`` process, so
each is a restart with nothing kept in memory:

1. Monday 23 November 2026, 09:00 Toronto: the file is applied; Anne (with an e-mail) is
   booked for an account opening on Tuesday 10:00; Bruno for two on Monday 13:00 and
   Tuesday 13:00 (account openings remind two hours ahead in this copy of the file).
2. 09:10 Anne's appointment moves to Wednesday 11:00; 09:20 it is cancelled.
3. 09:30 ``jobs run``: the server is down, every mail is kept with its reason and a later
   due time (backoff); nothing is lost, nothing failed for good.
4. No process runs until Tuesday 12:00. Bruno's Monday reminder time (11:00) and his
   Monday appointment pass; his Tuesday reminder time (11:00) passes with the appointment
   still ahead.
5. The server starts. Tuesday 12:00 ``outbox flush``; 12:01 ``jobs run``; 12:06 ``jobs
   run`` and ``outbox flush`` again.

The server then holds exactly: for Anne, created, rescheduled and cancelled, each to her
and to the agent, once, with the branch's times in the text and invitations that share
one UID with SEQUENCE strictly increasing and METHOD REQUEST, REQUEST, CANCEL; for Bruno,
created twice (to him and the agent) and one reminder each for Tuesday only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage, Message
from pathlib import Path
from typing import Any

import icalendar
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import OutboxItem
from tests.support.mailserver import MailServer, free_port
from tests.support.riverside import RIVERSIDE

ROOT = Path(__file__).resolve().parents[1]
#: Monday 23 November 2026, 09:00 in Toronto (EST, UTC-5).
MONDAY_9 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
#: Tuesday 24 November 2026, 12:00 in Toronto: the first run after the quiet night.
TUESDAY_NOON = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
ANNE = "anne.tremblay@example.com"
BRUNO = "bruno.roy@example.com"

#: The subject's first words in the shipped templates, per (event, recipient).
SUBJECTS = {
    "Your appointment:": ("created", "customer"),
    "New appointment:": ("created", "agent"),
    "New time:": ("rescheduled", "customer"),
    "Moved:": ("rescheduled", "agent"),
    "Cancelled: Account opening on": ("cancelled", "customer"),
    "Cancelled: Account opening with": ("cancelled", "agent"),
    "Reminder: Account opening on": ("reminder", "customer"),
    "Reminder: Account opening with": ("reminder", "agent"),
}


def setup_text(port: int) -> str:
    """The Riverside file, account openings reminded two hours ahead, mail to ``port``."""
    text = RIVERSIDE.read_text("utf-8")
    anchor = 'max_lead = "14d"\n'
    assert text.count(anchor) == 1
    text = text.replace(anchor, anchor + 'reminder_before = "2h"\n')
    return (
        text
        + "\n[mail]\n"
        + f'host = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
        + 'from_address = "desk@riverside.example"\nfrom_name = "Riverside Front Desk"\n'
    )


class Desk:
    """Runs ``python -m app`` in a new process for every command, like a restart."""

    def __init__(self, db_url: str, home: Path) -> None:
        self.db_url = db_url
        self.env = {
            **os.environ,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        }

    def __call__(self, now: datetime, *args: str, code: int = 0) -> Any:
        command = [sys.executable, "-m", "app", *args, "--db", self.db_url]
        done = subprocess.run(
            [*command, "--now", now.isoformat(), "--json"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == code, (args, done.stdout, done.stderr)
        return json.loads(done.stdout) if done.stdout.strip() else None


@pytest.fixture
def server() -> Iterator[MailServer]:
    mail = MailServer(free_port())  # not started: the server is down
    yield mail
    mail.stop()


def _subject(message: Message) -> str:
    """The subject on one line, as a mail program shows it (long ones arrive folded)."""
    return " ".join(str(message["Subject"]).split())


def _kind(message: Message) -> tuple[str, str]:
    subject = _subject(message)
    found = [kind for start, kind in SUBJECTS.items() if subject.startswith(start)]
    assert len(found) == 1, subject
    return found[0]


def _invitation(message: Message) -> icalendar.Calendar | None:
    assert isinstance(message, EmailMessage)
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return icalendar.Calendar.from_ical(payload)
    return None


def _outbox(sessions: sessionmaker[Session]) -> list[OutboxItem]:
    with sessions() as session:
        return list(session.scalars(select(OutboxItem).order_by(OutboxItem.id)))


def test_book_move_cancel_and_remind_across_an_outage_and_restarts(
    db_url: str, sessions: sessionmaker[Session], server: MailServer, tmp_path: Path
) -> None:
    desk = Desk(db_url, tmp_path)
    setup = tmp_path / "riverside.toml"
    setup.write_text(setup_text(server.port), "utf-8")

    # 1-2: book, move, cancel, each in a process of its own, the server down.
    desk(MONDAY_9, "setup", "apply", str(setup))
    anne = desk(
        MONDAY_9 + timedelta(minutes=1),
        *("book", "--service", "Account opening", "--start", "2026-11-24T10:00"),
        *("--name", "Anne Tremblay", "--email", ANNE),
    )
    bruno = desk(
        MONDAY_9 + timedelta(minutes=2),
        *("book", "--service", "Account opening", "--start", "2026-11-23T13:00"),
        *("--name", "Bruno Roy", "--email", BRUNO, "--repeat", "FREQ=DAILY;COUNT=2"),
    )
    assert [a["start"][:16] for a in bruno["appointments"]] == [
        "2026-11-23T13:00",
        "2026-11-24T13:00",
    ]
    desk(
        MONDAY_9 + timedelta(minutes=10),
        *("reschedule", str(anne["id"]), "--start", "2026-11-25T11:00"),
        *("--reason", "Anne asked for Wednesday"),
    )
    desk(
        MONDAY_9 + timedelta(minutes=20),
        *("cancel", str(anne["id"]), "--reason", "Anne opened her account online"),
    )

    # 3: the jobs run while the server is down: kept, with the reason, due again later.
    ran = desk(MONDAY_9 + timedelta(minutes=30), "jobs", "run")
    assert {r["name"]: r["ok"] for r in ran["results"] if r["ran"]}["outbox_flush"] is True
    waiting = _outbox(sessions)
    assert len(waiting) == 10  # Anne: 3 changes x 2 recipients; Bruno: 2 bookings x 2
    for item in waiting:
        assert item.state == "pending"
        assert item.attempts == 1
        assert "refused the connection" in (item.last_error or "")
        assert item.due_at > MONDAY_9 + timedelta(minutes=30)

    # 4-5: after a quiet night, the server is up again.
    server.start()
    flushed = desk(TUESDAY_NOON, "outbox", "flush")
    assert len(flushed["sent"]) == 10
    assert flushed["retrying"] == flushed["failed"] == []
    desk(TUESDAY_NOON + timedelta(minutes=1), "jobs", "run")
    desk(TUESDAY_NOON + timedelta(minutes=6), "jobs", "run")
    again = desk(TUESDAY_NOON + timedelta(minutes=6, seconds=30), "outbox", "flush")
    assert again["sent"] == []

    messages = server.messages
    recipients = [tuple(r) for r in server.collector.recipients]
    assert len({m["Message-ID"] for m in messages}) == len(messages) == 12
    assert all(item.state == "sent" for item in _outbox(sessions))

    agent_address = {
        "Bob Chen": "bob.chen@riverside.example",
        "Carla Diaz": "carla.diaz@riverside.example",
    }
    to_anne_agent = agent_address[anne["agent"]]
    seen = Counter((_kind(m), r) for m, r in zip(messages, recipients, strict=True))
    expected: Counter[tuple[tuple[str, str], tuple[str, ...]]] = Counter()
    for event in ("created", "rescheduled", "cancelled"):
        expected[((event, "customer"), (ANNE,))] += 1
        expected[((event, "agent"), (to_anne_agent,))] += 1
    for booked in bruno["appointments"]:
        expected[(("created", "customer"), (BRUNO,))] += 1
        expected[(("created", "agent"), (agent_address[booked["agent"]],))] += 1
    # Only Tuesday's is reminded: Monday's was over before any process ran again.
    (tuesday,) = (a for a in bruno["appointments"] if a["start"].startswith("2026-11-24"))
    expected[(("reminder", "customer"), (BRUNO,))] += 1
    expected[(("reminder", "agent"), (agent_address[tuesday["agent"]],))] += 1
    assert seen == expected
    for message, _ in (
        (m, r) for m, r in zip(messages, recipients, strict=True) if _kind(m)[0] == "reminder"
    ):
        body = message.get_body(("plain",))
        assert body is not None
        assert "Tuesday 24 November 2026, 13:00 EST" in body.get_content()

    # Anne's messages: the placeholders filled in Toronto time, one event updated in place.
    to_her = {_kind(m)[0]: m for m, r in zip(messages, recipients, strict=True) if r == (ANNE,)}
    assert set(to_her) == {"created", "rescheduled", "cancelled"}

    def text(event: str) -> str:
        body = to_her[event].get_body(("plain",))
        assert body is not None
        content = body.get_content()
        assert isinstance(content, str)
        return content

    assert _subject(to_her["created"]) == (
        "Your appointment: Account opening on Tuesday 24 November 2026, 10:00 EST"
    )
    assert text("created").startswith("Dear Anne Tremblay,")
    assert f"with {anne['agent']}" in text("created")
    assert "Tuesday 24 November 2026, 10:00 EST to Tuesday 24 November 2026, 10:30 EST" in (
        text("created")
    )
    assert "Wednesday 25 November 2026, 11:00 EST" in text("rescheduled")
    assert "Reason: Anne asked for Wednesday" in text("rescheduled")
    assert "Reason: Anne opened her account online" in text("cancelled")
    assert "{!" not in "".join(text(e) for e in to_her)

    anne_messages = [
        m for m, r in zip(messages, recipients, strict=True) if r in {(ANNE,), (to_anne_agent,)}
    ]
    uids: set[str] = set()
    for who in ((ANNE,), (to_anne_agent,)):
        ordered = [
            to
            for event in ("created", "rescheduled", "cancelled")
            for to in [
                m
                for m, r in zip(messages, recipients, strict=True)
                if r == who and _kind(m)[0] == event
            ]
        ]
        calendars = [_invitation(m) for m in ordered]
        assert all(c is not None for c in calendars)
        methods = [str(c["METHOD"]) for c in calendars if c is not None]
        assert methods == ["REQUEST", "REQUEST", "CANCEL"]
        events = [next(iter(c.walk("VEVENT"))) for c in calendars if c is not None]
        uids |= {str(e["UID"]) for e in events}
        sequences = [int(e["SEQUENCE"]) for e in events]
        assert sequences == sorted(set(sequences)), sequences
        starts = [e.decoded("DTSTART").astimezone(UTC) for e in events]
        assert starts[0] == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
        assert starts[1] == datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
    assert len(uids) == 1
    assert len(anne_messages) == 6
