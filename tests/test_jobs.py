"""The scheduled jobs on SQLite and PostgreSQL, with an injected clock and a real SMTP
server on loopback (aiosmtpd): reminders once at their time, caught up after a restart
only while the appointment is ahead, moved with a reschedule, never for a cancellation;
the confirmation timeout; the clean-up at the branch's midnight across a DST change; the
desk scheduler's job store in the database.

Riverside is in Toronto; the booking clock is Monday 23 November 2026, 09:00 there.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage, Message
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking import approvals, calendar_data
from app.booking import settings as st
from app.booking.appointments import BookingRequest
from app.booking.errors import BookingError
from app.booking.permissions import SYSTEM, load_actor
from app.clock import fixed_clock
from app.jobs import builtin, cleanup, registry, reminders
from app.jobs.scheduler import DeskScheduler
from app.models import Appointment, AuditEntry, OutboxItem, Service, StatusDefinition
from app.notify import sender
from tests.support.mailserver import MailServer, free_port
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")
NOW = MONDAY_9AM
REMIND_MIN = 120
HOLDER = "test-desk"


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def server() -> Iterator[MailServer]:
    mail = MailServer(free_port())
    mail.start()
    yield mail
    mail.stop()


@pytest.fixture
def branch(sessions: sessionmaker[Session]) -> dict[str, int]:
    """Riverside with three customers; account openings remind two hours ahead."""
    apply_riverside(sessions)
    with sessions() as session:
        found = ids(session)
        for i, cid in enumerate(add_customers(session, 3)):
            found[f"c{i}"] = cid
        session.execute(
            update(Service)
            .where(Service.id == found["Account opening"])
            .values(reminder_before_min=REMIND_MIN)
        )
        session.commit()
    return found


@pytest.fixture
def mail_on(
    sessions: sessionmaker[Session], branch: dict[str, int], server: MailServer
) -> MailServer:
    with sessions() as session:
        b = branch["branch"]
        st.put(session, st.MAIL_HOST, "127.0.0.1", b)
        st.put(session, st.MAIL_PORT, server.port, b)
        st.put(session, st.MAIL_SECURITY, "none", b)
        st.put(session, st.MAIL_FROM_ADDRESS, "desk@riverside.example", b)
        session.commit()
    return server


def _book(
    sessions: sessionmaker[Session], branch: dict[str, int], start: datetime, customer: str = "c0"
) -> int:
    with sessions() as session:
        appt = use.book(
            session,
            load_actor(session),
            BookingRequest(
                service_id=branch["Account opening"],
                start=start,
                agent_id=branch["Carla Diaz"],
                customer_id=branch[customer],
            ),
            NOW,
        )
        session.commit()
        return appt.id


def _reminder_items(sessions: sessionmaker[Session]) -> list[OutboxItem]:
    with sessions() as session:
        return list(
            session.scalars(
                select(OutboxItem).where(OutboxItem.action == "reminder").order_by(OutboxItem.id)
            )
        )


def _text(message: Message) -> str:
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def _reminders_received(server: MailServer) -> list[Message]:
    return [m for m in server.messages if str(m["Subject"]).startswith("Reminder:")]


def test_a_reminder_is_queued_once_at_its_time_and_delivered_once(
    sessions: sessionmaker[Session], branch: dict[str, int], mail_on: MailServer
) -> None:
    appt_id = _book(sessions, branch, at(11, 24, 10))
    reminder_time = at(11, 24, 10) - timedelta(minutes=REMIND_MIN)

    assert reminders.send_reminders(sessions, reminder_time - timedelta(minutes=1)).startswith(
        "0 reminder"
    )
    assert _reminder_items(sessions) == []

    result = reminders.send_reminders(sessions, reminder_time)
    assert result == "2 reminder e-mail(s) queued for 1 appointment(s)"
    items = _reminder_items(sessions)
    assert [(i.appointment_id, i.payload["recipient"]) for i in items] == [
        (appt_id, "customer"),
        (appt_id, "agent"),
    ]
    assert {i.payload["reminder_for"] for i in items} == {
        at(11, 24, 10).astimezone(UTC).isoformat()
    }

    # a second run, a minute later or on another desk at the same instant: nothing more
    assert reminders.send_reminders(sessions, reminder_time).startswith("0 reminder")
    assert reminders.send_reminders(sessions, reminder_time + timedelta(minutes=1)).startswith(
        "0 reminder"
    )
    sender.send_due(sessions, reminder_time + timedelta(minutes=1))
    sender.send_due(sessions, reminder_time + timedelta(minutes=2))
    received = _reminders_received(mail_on)
    assert [m["To"] for m in received] == [
        "Customer 0 <c0@example.com>",
        "Carla Diaz <carla.diaz@riverside.example>",
    ]
    assert "Tuesday 24 November 2026, 10:00 EST" in _text(received[0])


def test_an_edit_that_keeps_the_time_does_not_remind_again(
    sessions: sessionmaker[Session], branch: dict[str, int], mail_on: MailServer
) -> None:
    appt_id = _book(sessions, branch, at(11, 24, 10))
    reminder_time = at(11, 24, 8)
    reminders.send_reminders(sessions, reminder_time)
    with sessions() as session:
        appt = session.get(Appointment, appt_id)
        assert appt is not None
        appt.notes = "Bring two pieces of identification"
        session.commit()
        assert appt.version == 2
    assert reminders.send_reminders(sessions, reminder_time + timedelta(minutes=5)).startswith(
        "0 reminder"
    )
    assert len(_reminder_items(sessions)) == 2


def test_a_rescheduled_appointment_is_reminded_for_its_new_time(
    sessions: sessionmaker[Session], branch: dict[str, int], mail_on: MailServer
) -> None:
    appt_id = _book(sessions, branch, at(11, 24, 10))
    reminders.send_reminders(sessions, at(11, 24, 8))
    assert len(_reminder_items(sessions)) == 2
    with sessions() as session:
        use.reschedule(
            session,
            load_actor(session),
            appt_id,
            at(11, 25, 11),
            "Customer asked for Wednesday",
            at(11, 24, 8, 30),
        )
        session.commit()
    # not before the new reminder time
    assert reminders.send_reminders(sessions, at(11, 25, 8, 59)).startswith("0 reminder")
    result = reminders.send_reminders(sessions, at(11, 25, 9))
    assert result == "2 reminder e-mail(s) queued for 1 appointment(s)"
    new = _reminder_items(sessions)[2:]
    assert {i.payload["reminder_for"] for i in new} == {at(11, 25, 11).astimezone(UTC).isoformat()}
    sender.send_due(sessions, at(11, 25, 9, 1))
    customer_reminders = [
        m for m in _reminders_received(mail_on) if m["To"] == "Customer 0 <c0@example.com>"
    ]
    assert len(customer_reminders) == 2
    assert "Wednesday 25 November 2026, 11:00 EST" in _text(customer_reminders[-1])


def test_a_cancelled_appointment_is_not_reminded(
    sessions: sessionmaker[Session], branch: dict[str, int], mail_on: MailServer
) -> None:
    appt_id = _book(sessions, branch, at(11, 24, 10))
    with sessions() as session:
        use.cancel(session, load_actor(session), appt_id, "Customer cancelled", NOW)
        session.commit()
    assert reminders.send_reminders(sessions, at(11, 24, 8, 30)).startswith("0 reminder")
    assert _reminder_items(sessions) == []


def test_a_request_is_reminded_only_once_confirmed(
    sessions: sessionmaker[Session], branch: dict[str, int], mail_on: MailServer
) -> None:
    # mortgage consultations need approval and remind 24 hours ahead
    with sessions() as session:
        request = use.book(
            session,
            load_actor(session),
            BookingRequest(
                service_id=branch["Mortgage consultation"],
                start=at(11, 26, 14),
                agent_id=branch["Alice Martin"],
                customer_id=branch["c0"],
                field_values={"Estimated loan amount": "200000"},
            ),
            NOW,
        )
        session.commit()
        request_id = request.id
    assert reminders.send_reminders(sessions, at(11, 25, 14, 30)).startswith("0 reminder")
    with sessions() as session:
        approvals.confirm(session, load_actor(session), request_id, at(11, 25, 15))
        session.commit()
    result = reminders.send_reminders(sessions, at(11, 25, 15, 1))
    assert result == "2 reminder e-mail(s) queued for 1 appointment(s)"
    assert {i.appointment_id for i in _reminder_items(sessions)} == {request_id}


def test_a_branch_without_mail_queues_no_reminder(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    _book(sessions, branch, at(11, 24, 10))
    assert reminders.send_reminders(sessions, at(11, 24, 8, 30)).startswith("0 reminder")
    assert _reminder_items(sessions) == []


def test_after_a_restart_missed_reminders_go_out_only_for_appointments_still_ahead(
    sessions: sessionmaker[Session], branch: dict[str, int], mail_on: MailServer
) -> None:
    ahead = _book(sessions, branch, at(11, 24, 11), "c0")
    past = _book(sessions, branch, at(11, 24, 9), "c1")
    # every desk was closed from Monday until Tuesday 09:30: both reminder times passed,
    # the 09:00 appointment has begun, the 11:00 one is still ahead
    first = DeskScheduler(sessions, fixed_clock(at(11, 24, 9, 30)), "desk-a")
    first.start()
    try:
        assert first.caught_up.wait(60)
    finally:
        first.stop()
    assert [i.appointment_id for i in _reminder_items(sessions)] == [ahead, ahead]
    assert past not in {i.appointment_id for i in _reminder_items(sessions)}
    assert [m["To"] for m in _reminders_received(mail_on)] == [
        "Customer 0 <c0@example.com>",
        "Carla Diaz <carla.diaz@riverside.example>",
    ]

    # another restart (a new scheduler, another desk) sends nothing again
    second = DeskScheduler(sessions, fixed_clock(at(11, 24, 9, 45)), "desk-b")
    second.start()
    try:
        assert second.caught_up.wait(60)
    finally:
        second.stop()
    assert len(_reminders_received(mail_on)) == 2
    assert len(_reminder_items(sessions)) == 2


def test_the_scheduler_keeps_its_jobs_in_the_database_across_restarts(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    first = DeskScheduler(sessions, fixed_clock(NOW), "desk-a")
    first.start()
    try:
        assert first.caught_up.wait(60)
        stored = first.stored_jobs()
    finally:
        first.stop()
    assert set(stored) == {spec.name for spec in registry.specs()}
    assert set(builtin.NAMES) <= set(stored)

    second = DeskScheduler(sessions, fixed_clock(NOW), "desk-b")
    second.start()
    try:
        assert second.caught_up.wait(60)
        # the stored schedule is kept, not made anew
        assert second.stored_jobs() == stored
    finally:
        second.stop()
    with sessions() as session:
        from app.jobs import job_states

        states = job_states(session)
    assert {name: states[name].last_ok for name in builtin.NAMES} == dict.fromkeys(
        builtin.NAMES, True
    )


def test_a_job_registered_at_run_time_is_scheduled_and_removed(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    calls: list[datetime] = []

    def sync_account(_sessions: sessionmaker[Session], now: datetime) -> str:
        calls.append(now)
        return "account 7 in step"

    spec = registry.JobSpec("sync:7", timedelta(minutes=5), sync_account, "every 5 minutes")
    desk = DeskScheduler(sessions, fixed_clock(NOW), "desk-a")
    desk.start()
    try:
        assert desk.caught_up.wait(60)
        registry.register(spec)
        desk.sync_jobs()
        assert "sync:7" in desk.stored_jobs()
        outcome = desk.run_now("sync:7")
        assert outcome is not None
        assert (outcome.ran, outcome.result) == (True, "account 7 in step")
        registry.unregister("sync:7")
        desk.sync_jobs()
        assert "sync:7" not in desk.stored_jobs()
    finally:
        registry.unregister("sync:7")
        desk.stop()
    assert calls == [NOW]


def test_a_failing_job_is_logged_in_one_line_and_retried_at_its_next_interval(
    sessions: sessionmaker[Session], branch: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    attempts: list[datetime] = []

    def flaky(_sessions: sessionmaker[Session], now: datetime) -> str:
        attempts.append(now)
        if len(attempts) == 1:
            raise ConnectionError("calendar server unreachable")
        return "in step"

    clock_at = [NOW]
    registry.register(registry.JobSpec("sync:9", timedelta(minutes=5), flaky, "every 5 minutes"))
    desk = DeskScheduler(sessions, lambda: clock_at[0], "desk-a")
    try:
        with caplog.at_level(logging.WARNING, logger="app.jobs"):
            failed = desk.run_now("sync:9")
        assert failed is not None
        assert (failed.ran, failed.ok) == (True, False)
        (record,) = [r for r in caplog.records if "sync:9" in r.getMessage()]
        assert record.getMessage() == (
            "Scheduled job sync:9 failed: ConnectionError: calendar server unreachable"
        )
        assert record.exc_info is None
        # not due again before its interval; then it runs and succeeds
        assert desk.run_now("sync:9") is not None
        assert len(attempts) == 1
        clock_at[0] = NOW + timedelta(minutes=5)
        retried = desk.run_now("sync:9")
        assert retried is not None
        assert (retried.ran, retried.ok, retried.result) == (True, True, "in step")
    finally:
        registry.unregister("sync:9")


def test_only_one_desk_scheduler_runs_per_process(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    first = DeskScheduler(sessions, fixed_clock(NOW), "desk-a")
    first.start()
    try:
        with pytest.raises(RuntimeError, match="already running"):
            DeskScheduler(sessions, fixed_clock(NOW), "desk-b").start()
    finally:
        first.stop()


def test_the_confirmation_timeout_cancels_an_old_request(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    with sessions() as session:
        st.change_setting(session, SYSTEM, st.APPROVAL_TIMEOUT_HOURS, 24, NOW, branch["branch"])
        request = use.book(
            session,
            load_actor(session),
            BookingRequest(
                service_id=branch["Mortgage consultation"],
                start=at(11, 26, 14),
                agent_id=branch["Alice Martin"],
                customer_id=branch["c0"],
                field_values={"Estimated loan amount": "200000"},
            ),
            NOW,
        )
        session.commit()
        request_id = request.id
    spec = registry.get(builtin.CONFIRMATION_TIMEOUT)
    assert spec is not None
    early = registry.run_job(sessions, spec, NOW + timedelta(hours=23), HOLDER)
    assert early.result == "0 unconfirmed request(s) cancelled"
    late = registry.run_job(sessions, spec, NOW + timedelta(hours=24, minutes=5), HOLDER)
    assert late.result == "1 unconfirmed request(s) cancelled"
    with sessions() as session:
        appt = session.get(Appointment, request_id)
        assert appt is not None
        status = session.get(StatusDefinition, appt.status_id)
        assert status is not None
        assert status.key == "cancelled"


# -- the nightly clean-up ----------------------------------------------------------------


def _past_appointment(
    session: Session, branch: dict[str, int], start: datetime, minutes: int = 30
) -> int:
    """An appointment in the past, written directly (booking refuses the past)."""
    confirmed = session.scalars(
        select(StatusDefinition).where(StatusDefinition.key == "confirmed")
    ).one()
    end = start + timedelta(minutes=minutes)
    appt = Appointment(
        branch_id=branch["branch"],
        service_id=branch["Account opening"],
        agent_id=branch["Carla Diaz"],
        customer_id=branch["c0"],
        start_at=start,
        end_at=end,
        block_start=start,
        block_end=end,
        status_id=confirmed.id,
        blocking=True,
    )
    session.add(appt)
    session.flush()
    return appt.id


def _archived(sessions: sessionmaker[Session]) -> set[int]:
    with sessions() as session:
        return set(
            session.scalars(select(Appointment.id).where(Appointment.archived_at.is_not(None)))
        )


def test_clean_up_archives_only_what_is_older_than_the_retention_at_local_midnight_across_dst(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    # Toronto leaves daylight saving time on Sunday 1 November 2026 (02:00 EDT -> 01:00 EST)
    with sessions() as session:
        oct29 = _past_appointment(session, branch, at(10, 29, 10))
        oct30_late = _past_appointment(session, branch, at(10, 30, 23, 30))  # ends at midnight
        oct31 = _past_appointment(session, branch, at(10, 31, 10))
        session.commit()
    spec = registry.get(builtin.CLEANUP)
    assert spec is not None

    # never by default
    first = registry.run_job(sessions, spec, at(10, 31, 12), HOLDER)
    assert first.result == "0 appointment(s) archived"
    assert _archived(sessions) == set()
    with sessions() as session:
        st.change_setting(session, SYSTEM, st.ARCHIVE_AFTER_DAYS, 2, NOW, branch["branch"])
        session.commit()
        from app.models import JobLease

        lease = session.get(JobLease, builtin.CLEANUP)
        assert lease is not None
        # next due at Sunday's midnight, still daylight time: 04:00 UTC
        assert lease.next_run_at == datetime(2026, 11, 1, 4, 0, tzinfo=UTC)

    # a minute before that midnight the job is not due
    assert not registry.run_job(sessions, spec, at(10, 31, 23, 59), HOLDER).ran
    # Sunday 00:00 EDT: day 1 Nov, retention 2 days: what ended by 30 Oct 00:00 goes
    sunday = registry.run_job(sessions, spec, datetime(2026, 11, 1, 4, 0, tzinfo=UTC), HOLDER)
    assert sunday.result == "1 appointment(s) archived"
    assert _archived(sessions) == {oct29}
    with sessions() as session:
        lease = session.get(JobLease, builtin.CLEANUP)
        assert lease is not None
        # Sunday is 25 hours long: the next midnight is 00:00 EST, 05:00 UTC
        assert lease.next_run_at == datetime(2026, 11, 2, 5, 0, tzinfo=UTC)

    # 24 hours later is 23:00 EST on Sunday, not midnight: not due
    assert not registry.run_job(sessions, spec, datetime(2026, 11, 2, 4, 0, tzinfo=UTC), HOLDER).ran
    monday = registry.run_job(sessions, spec, datetime(2026, 11, 2, 5, 0, tzinfo=UTC), HOLDER)
    assert monday.result == "1 appointment(s) archived"
    assert _archived(sessions) == {oct29, oct30_late}
    assert oct31 not in _archived(sessions)

    with sessions() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "appointments.archive")
        ).all()
        assert [e.after["archived"] for e in entries if e.after] == [1, 1]
        # archived appointments leave the calendar
        snapshot = calendar_data.load(
            session, branch["branch"], date(2026, 10, 29), date(2026, 10, 31)
        )
        assert [a.id for a in snapshot.appointments] == [oct31]


def test_archive_cutoff_counts_local_days() -> None:
    # at 00:30 EST on 2 Nov, three days back is 30 Oct 00:00 EDT
    assert cleanup.archive_cutoff(
        "America/Toronto", 3, datetime(2026, 11, 2, 5, 30, tzinfo=UTC)
    ) == datetime(2026, 10, 30, 4, 0, tzinfo=UTC)
    # Paris springs forward on 29 March 2026: from 00:30 CET that day, the next midnight
    # is 30 March 00:00 CEST, 23 hours later
    assert cleanup.next_midnight("Europe/Paris", datetime(2026, 3, 28, 23, 30, tzinfo=UTC)) == (
        datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    )


@pytest.mark.parametrize("value", [0, -1, 1.5, "30", True, st.MAX_DAYS + 1])
def test_the_retention_setting_is_whole_days_or_never(value: object) -> None:
    with pytest.raises(BookingError) as err:
        st.validate(st.ARCHIVE_AFTER_DAYS, value)
    assert err.value.code == "invalid_setting"
    assert "whole number of days from 1" in err.value.message


def test_the_retention_setting_accepts_days_and_null() -> None:
    assert st.validate(st.ARCHIVE_AFTER_DAYS, None) is None
    assert st.validate(st.ARCHIVE_AFTER_DAYS, 365) == 365
    assert st.DEFAULTS[st.ARCHIVE_AFTER_DAYS] is None
