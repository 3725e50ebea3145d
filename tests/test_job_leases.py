"""Job leases on SQLite and PostgreSQL: one desk runs a job at a time, an expired lease is
taken over, each run is recorded, and eight processes racing for one job run it once."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from app.jobs import JobFailed, job_states, run_leased
from app.models import JobLease

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
TTL = timedelta(minutes=10)
HOUR = timedelta(hours=1)
ROOT = Path(__file__).resolve().parents[1]


def _counting(calls: list[datetime], result: str = "did it") -> Callable[..., str]:
    def job(_sessions: sessionmaker[Session], now: datetime) -> str:
        calls.append(now)
        return result

    return job


def _lease(sessions: sessionmaker[Session], name: str) -> JobLease:
    with sessions() as session:
        lease = session.get(JobLease, name)
        assert lease is not None
        return lease


def test_a_run_is_recorded_and_the_next_one_waits_until_due(
    sessions: sessionmaker[Session],
) -> None:
    calls: list[datetime] = []
    job = _counting(calls, "3 things done")

    def plus_hour(at: datetime) -> datetime:
        return at + HOUR

    first = run_leased(
        sessions, "tidy", NOW, "desk-a", TTL, job, next_run=plus_hour, schedule="hourly"
    )
    assert (first.ran, first.ok, first.result, first.skipped) == (True, True, "3 things done", None)
    lease = _lease(sessions, "tidy")
    assert (lease.holder, lease.until, lease.last_started_at, lease.last_finished_at) == (
        "desk-a",
        NOW,
        NOW,
        NOW,
    )
    assert (lease.last_ok, lease.last_result, lease.next_run_at, lease.schedule) == (
        True,
        "3 things done",
        NOW + HOUR,
        "hourly",
    )

    # another desk, half an hour later: not due yet
    early = run_leased(
        sessions, "tidy", NOW + HOUR / 2, "desk-b", TTL, job, next_run=plus_hour, only_if_due=True
    )
    assert not early.ran
    assert early.skipped == f"not due before {(NOW + HOUR).isoformat()}"
    # a minute early is due when the grace allows it
    close = run_leased(
        sessions,
        "tidy",
        NOW + HOUR - timedelta(minutes=1),
        "desk-b",
        TTL,
        job,
        next_run=plus_hour,
        only_if_due=True,
        grace=timedelta(minutes=1),
    )
    assert close.ran
    # without only_if_due (a person asked for it) it runs whatever the next run says
    forced = run_leased(sessions, "tidy", NOW + HOUR, "desk-a", TTL, job)
    assert forced.ran
    assert calls == [NOW, NOW + HOUR - timedelta(minutes=1), NOW + HOUR]

    with sessions() as session:
        state = job_states(session)["tidy"]
    assert state.to_json(NOW + HOUR)["last_run"] == (NOW + HOUR).isoformat()
    assert state.to_json(NOW + HOUR)["running"] is False


def test_a_held_lease_keeps_other_desks_away_until_it_expires(
    sessions: sessionmaker[Session],
) -> None:
    seen: list[str] = []

    def long_job(inner_sessions: sessionmaker[Session], now: datetime) -> str:
        # while desk A runs, desk B tries the same job and is told who runs it
        other = run_leased(inner_sessions, "sync", now, "desk-b", TTL, _counting([]))
        seen.append(other.skipped or "ran")
        return "done"

    outcome = run_leased(sessions, "sync", NOW, "desk-a", TTL, long_job)
    assert outcome.ran
    assert seen == [f"running on desk-a until {(NOW + TTL).isoformat()}"]


def test_an_expired_lease_of_a_crashed_desk_is_taken_over(
    sessions: sessionmaker[Session],
) -> None:
    calls: list[datetime] = []
    # desk A took the lease and died before finishing: the row says so
    run_leased(sessions, "flush", NOW - HOUR, "desk-a", TTL, _counting([]))
    with sessions() as session:
        session.execute(
            update(JobLease)
            .where(JobLease.name == "flush")
            .values(holder="desk-a", until=NOW + TTL, last_started_at=NOW)
        )
        session.commit()

    blocked = run_leased(sessions, "flush", NOW + TTL / 2, "desk-b", TTL, _counting(calls))
    assert not blocked.ran
    assert "desk-a" in str(blocked.skipped)

    taken = run_leased(sessions, "flush", NOW + TTL, "desk-b", TTL, _counting(calls))
    assert taken.ran
    assert calls == [NOW + TTL]
    lease = _lease(sessions, "flush")
    assert (lease.holder, lease.last_ok) == ("desk-b", True)


def test_a_late_finish_of_a_desk_that_lost_its_lease_is_not_recorded(
    sessions: sessionmaker[Session],
) -> None:
    def slow(inner_sessions: sessionmaker[Session], now: datetime) -> str:
        # the lease ran out during this run and desk B took the job over
        run_leased(inner_sessions, "slow", now + TTL, "desk-b", TTL, _counting([], "b's run"))
        return "a's run"

    outcome = run_leased(sessions, "slow", NOW, "desk-a", TTL, slow)
    assert outcome.ran
    lease = _lease(sessions, "slow")
    assert (lease.holder, lease.last_result) == ("desk-b", "b's run")


def test_a_failing_job_is_recorded_with_its_reason_and_frees_the_lease(
    sessions: sessionmaker[Session],
) -> None:
    def broken(_sessions: sessionmaker[Session], _now: datetime) -> str:
        raise JobFailed("2 reminders queued; 1 failed (appointment 7: no template)")

    outcome = run_leased(
        sessions, "reminders", NOW, "desk-a", TTL, broken, next_run=lambda at: at + HOUR
    )
    assert (outcome.ran, outcome.ok) == (True, False)
    assert outcome.result == "JobFailed: 2 reminders queued; 1 failed (appointment 7: no template)"
    lease = _lease(sessions, "reminders")
    assert (lease.last_ok, lease.until, lease.next_run_at) == (False, NOW, NOW + HOUR)
    assert lease.last_result == outcome.result
    # the next interval tries again, on any desk
    again = run_leased(sessions, "reminders", NOW + HOUR, "desk-b", TTL, _counting([]))
    assert (again.ran, again.ok) == (True, True)


RACER = """
import json, sys, time
from datetime import datetime, timedelta
from pathlib import Path
from app.jobs import run_leased
from app.models import db

url, now = sys.argv[1], datetime.fromisoformat(sys.argv[2])
work, index = Path(sys.argv[3]), sys.argv[4]
engine = db.make_engine(url)
sessions = db.session_factory(engine)
with sessions() as session:  # connect before the start, so all start together
    session.connection()

def job(_sessions, at):
    with open(work / "ran", "a") as out:
        out.write(index + "\\n")
    time.sleep(0.3)
    return "ran in " + index

(work / f"ready-{index}").touch()
while not (work / "go").exists():
    time.sleep(0.005)
outcome = run_leased(
    sessions, "race", now, "desk-" + index, timedelta(minutes=5), job,
    next_run=lambda at: at + timedelta(minutes=1), only_if_due=True,
)
print(json.dumps(outcome.to_json()))
engine.dispose()
"""


def test_eight_processes_racing_for_one_job_run_it_exactly_once(
    db_url: str, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, db_url, NOW.isoformat(), str(tmp_path), str(i)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(8)
    ]
    try:
        deadline = time.monotonic() + 120
        while len(list(tmp_path.glob("ready-*"))) < 8:
            assert time.monotonic() < deadline, "the racing processes did not start"
            assert all(p.poll() is None for p in racers), [p.communicate() for p in racers]
            time.sleep(0.02)
        (tmp_path / "go").touch()
        outputs = [p.communicate(timeout=120) for p in racers]
    finally:
        for p in racers:
            if p.poll() is None:
                p.kill()
                p.wait()
    assert [p.returncode for p in racers] == [0] * 8, [err[-2000:] for _, err in outputs]
    outcomes = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]
    ran = [o for o in outcomes if o["ran"]]
    assert len(ran) == 1, outcomes
    assert (tmp_path / "ran").read_text().split() == [ran[0]["result"].removeprefix("ran in ")]
    assert all(o["skipped"] for o in outcomes if not o["ran"])
    with sessions() as session:
        lease = session.scalars(select(JobLease).where(JobLease.name == "race")).one()
    assert lease.last_result == ran[0]["result"]
    assert lease.next_run_at == NOW + timedelta(minutes=1)
