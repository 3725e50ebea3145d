"""``frontdesk jobs`` and ``frontdesk jobs run`` on SQLite and PostgreSQL, with a real SMTP
server on loopback: the listing's JSON shape, due jobs run once, a named job run on
demand, an unknown job refused. The clock is Monday 23 November 2026, 09:00 in Toronto."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from app import cli
from app.booking import settings as st
from app.jobs import builtin
from app.models import Service
from tests.support.mailserver import MailServer, free_port
from tests.support.riverside import MONDAY_9AM, RIVERSIDE, add_customers, ids

NOW = MONDAY_9AM
TZ = ZoneInfo("America/Toronto")
ORDER = [
    builtin.CONFIRMATION_TIMEOUT,
    builtin.REMINDERS,
    builtin.CLEANUP,
    builtin.OUTBOX_FLUSH,
]


def iso(at: datetime) -> str:
    """How the listing spells an instant: ISO 8601 in UTC."""
    return at.astimezone(UTC).isoformat()


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], db_url: str) -> None:
        self.capsys = capsys
        self.db_url = db_url
        self.last_err = ""

    def __call__(self, *args: str, code: int = 0, now: datetime = NOW, as_json: bool = True) -> Any:
        extra = ["--json"] if as_json else []
        got = cli.main([*args, "--db", self.db_url, "--now", now.isoformat(), *extra])
        out, err = self.capsys.readouterr()
        self.last_err = err
        assert got == code, (out, err)
        if not as_json:
            return out
        return json.loads(out) if out.strip() else None


@pytest.fixture
def server() -> Iterator[MailServer]:
    mail = MailServer(free_port())
    mail.start()
    yield mail
    mail.stop()


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], db_url: str) -> Cli:
    runner = Cli(capsys, db_url)
    runner("setup", "apply", str(RIVERSIDE))
    return runner


def test_jobs_lists_every_job_due_before_its_first_run(run: Cli) -> None:
    data = run("jobs")
    assert data["now"] == iso(NOW)
    assert [job["name"] for job in data["jobs"]] == ORDER
    first = data["jobs"][0]
    assert set(first) == {
        "name",
        "schedule",
        "running",
        "lease_holder",
        "lease_until",
        "last_run",
        "last_finished",
        "last_ok",
        "last_result",
        "next_run",
        "registered",
        "due",
    }
    assert first["schedule"] == "every 5 minutes"
    assert (first["last_run"], first["next_run"], first["due"], first["running"]) == (
        None,
        None,
        True,
        False,
    )
    assert data["jobs"][2]["schedule"] == "at each branch's midnight (local time)"


def test_jobs_run_runs_the_due_jobs_once_and_the_listing_shows_it(
    run: Cli, sessions: sessionmaker[Session], server: MailServer
) -> None:
    with sessions() as session:
        found = ids(session)
        (customer,) = add_customers(session, 1)
        session.execute(
            update(Service)
            .where(Service.id == found["Account opening"])
            .values(reminder_before_min=60)
        )
        for key, value in (
            (st.MAIL_HOST, "127.0.0.1"),
            (st.MAIL_PORT, server.port),
            (st.MAIL_SECURITY, "none"),
            (st.MAIL_FROM_ADDRESS, "desk@riverside.example"),
        ):
            st.put(session, key, value, found["branch"])
        session.commit()
    run(
        "book",
        "--service",
        "Account opening",
        "--agent",
        "Carla Diaz",
        "--customer",
        str(customer),
        "--start",
        "2026-11-23T11:00",
    )
    ten = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
    data = run("jobs", "run", now=ten)
    assert [(r["name"], r["ran"], r["ok"]) for r in data["results"]] == [
        (name, True, True) for name in ORDER
    ]
    results = {r["name"]: r["result"] for r in data["results"]}
    assert results[builtin.REMINDERS] == "2 reminder e-mail(s) queued for 1 appointment(s)"
    # the flush runs last and sends the reminders with the booking's own mails
    assert results[builtin.OUTBOX_FLUSH] == "4 e-mail(s) sent"
    assert sum(str(m["Subject"]).startswith("Reminder:") for m in server.messages) == 2

    # a cron run thirty seconds later finds nothing due
    again = run("jobs", "run", now=ten + timedelta(seconds=30))
    assert [r["skipped"] for r in again["results"]] == [
        f"not due before {iso(ten + timedelta(minutes=5))}",
        f"not due before {iso(ten + timedelta(minutes=1))}",
        f"not due before {iso(datetime(2026, 11, 24, 0, 0, tzinfo=TZ))}",
        f"not due before {iso(ten + timedelta(minutes=1))}",
    ]

    listing = {job["name"]: job for job in run("jobs", now=ten + timedelta(seconds=30))["jobs"]}
    reminders_job = listing[builtin.REMINDERS]
    assert reminders_job["last_run"] == iso(ten)
    assert reminders_job["last_ok"] is True
    assert reminders_job["last_result"] == results[builtin.REMINDERS]
    assert reminders_job["next_run"] == iso(ten + timedelta(minutes=1))
    assert reminders_job["due"] is False
    assert reminders_job["lease_holder"].startswith("cli:")
    assert listing[builtin.CLEANUP]["next_run"] == iso(datetime(2026, 11, 24, 0, 0, tzinfo=TZ))

    # a named job runs on demand even when not due; nothing is reminded twice
    forced = run("jobs", "run", builtin.REMINDERS, now=ten + timedelta(seconds=40))
    assert [(r["name"], r["ran"], r["result"]) for r in forced["results"]] == [
        (builtin.REMINDERS, True, "0 reminder e-mail(s) queued for 0 appointment(s)")
    ]

    text = run("jobs", now=ten + timedelta(seconds=40), as_json=False)
    assert "reminders              every minute" in text
    assert "0 reminder e-mail(s) queued for 0 appointment(s)" in text


def test_jobs_run_refuses_an_unknown_job(run: Cli) -> None:
    data = run("jobs", "run", "reminderz", code=1)
    assert data["error"]["code"] == "unknown_job"
    assert "reminders" in data["error"]["message"]


def test_a_calendar_account_is_a_job_of_its_own(
    run: Cli, sessions: sessionmaker[Session], memory_keyring: object
) -> None:
    from app.booking.permissions import load_actor
    from app.sync import accounts

    run("setup", "apply", str(RIVERSIDE))
    with sessions() as session:
        account = accounts.add_account(
            session,
            load_actor(session),
            NOW,
            agent_id=ids(session)["Carla Diaz"],
            provider="caldav",
            server_url="http://127.0.0.1:9/dav/carla/",
            username="carla",
            password="not used here",
            target_calendar=None,
            interval_min=10,
        )
        session.commit()
        name = accounts.job_name(account.id)
    listed = {row["name"]: row for row in run("jobs")["jobs"]}
    assert listed[name]["schedule"] == "every 10 minutes"
    assert listed[name]["registered"] is True
