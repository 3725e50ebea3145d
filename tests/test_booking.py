"""Booking use cases on the Riverside branch, on SQLite and PostgreSQL.

The clock is Monday 23 November 2026, 09:00 in Toronto (see tests/support/riverside.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking import availability, statuses
from app.booking.appointments import BookingRequest, NewCustomer
from app.booking.errors import BookingError
from app.booking.permissions import Actor, load_actor
from app.booking.transactions import run_write
from app.models import AuditEntry, BlockedTime, CalendarAccount, ExternalBusy, Service
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")
NOW = MONDAY_9AM
LOAN = {"Estimated loan amount": "350000"}


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def branch(sessions: sessionmaker[Session]) -> dict[str, int]:
    apply_riverside(sessions)
    with sessions() as session:
        found = ids(session)
        found["customers"] = 0
        for i, cid in enumerate(add_customers(session, 6)):
            found[f"c{i}"] = cid
    return found


@pytest.fixture
def session(sessions: sessionmaker[Session], branch: dict[str, int]) -> Iterator[Session]:
    with sessions() as s:
        yield s


@pytest.fixture
def desk(session: Session) -> Actor:
    return load_actor(session)


def _service(session: Session, name: str) -> Service:
    return session.scalars(select(Service).where(Service.name == name)).one()


def _book(session: Session, actor: Actor, **kwargs: object) -> int:
    request = BookingRequest(**kwargs)  # type: ignore[arg-type]
    appt = use.book(session, actor, request, NOW)
    session.commit()
    return appt.id


def _starts(slots: list[availability.SlotOut]) -> list[str]:
    return [s.start.astimezone(TZ).strftime("%H:%M") for s in slots]


# -- slots --------------------------------------------------------------------------------


def test_mortgage_slots_follow_hours_grid_buffers_and_lead(
    session: Session, branch: dict[str, int]
) -> None:
    mortgage = _service(session, "Mortgage consultation")
    tuesday = date(2026, 11, 24)
    alice = availability.slots(
        session, mortgage, tuesday, tuesday, NOW, agent_id=branch["Alice Martin"]
    )
    # 60 min + 15 min buffer after: a 75-minute grid from each segment's start
    assert _starts(alice) == ["09:00", "10:15", "13:00", "14:15", "15:30"]
    bob = availability.slots(session, mortgage, tuesday, tuesday, NOW, agent_id=branch["Bob Chen"])
    assert _starts(bob) == ["10:00", "11:15", "12:30", "13:45", "15:00", "16:15"]
    both = availability.slots(session, mortgage, tuesday, tuesday, NOW)
    assert _starts(both) == sorted(set(_starts(alice)) | set(_starts(bob)))
    # Monday: min lead is one day, so nothing today
    assert availability.slots(session, mortgage, date(2026, 11, 23), date(2026, 11, 23), NOW) == []
    # Sunday is closed, Christmas is a holiday
    assert availability.slots(session, mortgage, date(2026, 11, 29), date(2026, 11, 29), NOW) == []
    assert availability.slots(session, mortgage, date(2026, 12, 25), date(2026, 12, 25), NOW) == []


def test_blocked_time_and_external_busy_remove_slots(
    session: Session, branch: dict[str, int]
) -> None:
    mortgage = _service(session, "Mortgage consultation")
    thursday = date(2026, 11, 26)  # Alice is in training 09:00-12:00
    alice = branch["Alice Martin"]
    assert _starts(
        availability.slots(session, mortgage, thursday, thursday, NOW, agent_id=alice)
    ) == [
        "13:00",
        "14:15",
        "15:30",
    ]
    account = CalendarAccount(agent_id=alice, provider="caldav", display_name="Alice's calendar")
    session.add(account)
    session.flush()
    tentative = ExternalBusy(
        account_id=account.id,
        agent_id=alice,
        external_id="x1",
        start_at=at(26, 14, 30),
        end_at=at(26, 15, 0),
        show_as="tentative",
    )
    free = ExternalBusy(
        account_id=account.id,
        agent_id=alice,
        external_id="x2",
        start_at=at(26, 15, 30),
        end_at=at(26, 16, 0),
        show_as="free",
    )
    session.add_all([tentative, free])
    session.flush()
    # tentative blocks by default; "free" does not
    assert _starts(
        availability.slots(session, mortgage, thursday, thursday, NOW, agent_id=alice)
    ) == [
        "13:00",
        "15:30",
    ]
    session.rollback()


def test_next_slot_for_a_walk_in(session: Session, branch: dict[str, int]) -> None:
    opening = _service(session, "Account opening")
    slot = availability.next_slot(session, opening, NOW)
    assert slot is not None
    # Bob (Mondays: account openings only) starts at 09:00; Carla's 30-minute grid from
    # 08:30 reaches 09:00 too, so both are free for the first slot from now.
    assert slot.start.astimezone(TZ) == at(23, 9, 0)
    assert slot.agent_ids == tuple(sorted((branch["Bob Chen"], branch["Carla Diaz"])))


def test_slot_search_query_count_does_not_grow_with_agents(
    session: Session, sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    mortgage = _service(session, "Mortgage consultation")
    bind = session.get_bind()
    counted: list[str] = []

    def count(*args: object) -> None:
        counted.append(str(args[2]))

    event.listen(bind, "before_cursor_execute", count)
    try:
        availability.slots(session, mortgage, date(2026, 11, 24), date(2026, 12, 20), NOW)
        with_two = len(counted)
        text = _riverside_with_more_agents(8)
        counted.clear()
        session.commit()  # end the read snapshot (SQLite WAL) before looking again
        apply_riverside(sessions, text)
        mortgage = _service(session, "Mortgage consultation")
        assert len(mortgage.agents) == 10
        counted.clear()
        availability.slots(session, mortgage, date(2026, 11, 24), date(2026, 12, 20), NOW)
        assert len(counted) == with_two
    finally:
        event.remove(bind, "before_cursor_execute", count)


def _riverside_with_more_agents(extra: int) -> str:
    from tests.support.riverside import RIVERSIDE

    text = RIVERSIDE.read_text("utf-8")
    names = [f"Extra Agent {i}" for i in range(extra)]
    text = text.replace(
        'agents = ["Alice Martin", "Bob Chen"]',
        "agents = [" + ", ".join(f'"{n}"' for n in ["Alice Martin", "Bob Chen", *names]) + "]",
        1,
    )
    for n in names:
        text += (
            f'\n[[agents]]\nname = "{n}"\n'
            'hours = [ { days = ["mon", "tue", "wed"], start = "09:00", end = "17:00" } ]\n'
        )
    return text


# -- booking ------------------------------------------------------------------------------


def test_booking_an_offered_slot_removes_it_and_records_history(
    session: Session, desk: Actor, branch: dict[str, int]
) -> None:
    mortgage = _service(session, "Mortgage consultation")
    tuesday = date(2026, 11, 24)
    appt_id = _book(
        session,
        desk,
        service_id=mortgage.id,
        start=at(24, 10, 15),
        agent_id=branch["Alice Martin"],
        customer_id=branch["c0"],
        field_values=LOAN,
    )
    alice = availability.slots(
        session, mortgage, tuesday, tuesday, NOW, agent_id=branch["Alice Martin"]
    )
    assert "10:15" not in _starts(alice)
    appt = use.get(session, appt_id)
    assert appt.status.key == "pending"  # the service requires approval
    assert appt.block_end - appt.end_at == timedelta(minutes=15)
    assert [(h.from_status, h.to_status) for h in statuses.history(session, appt_id)] == [
        (None, "pending")
    ]
    audit = session.scalars(
        select(AuditEntry).where(
            AuditEntry.entity_type == "appointment", AuditEntry.entity_id == appt_id
        )
    ).all()
    assert [a.action for a in audit] == ["appointment.book"]


def test_same_time_twice_is_slot_taken(
    session: Session, desk: Actor, branch: dict[str, int]
) -> None:
    mortgage = _service(session, "Mortgage consultation")
    common = {"service_id": mortgage.id, "agent_id": branch["Alice Martin"], "field_values": LOAN}
    _book(session, desk, start=at(24, 9), customer_id=branch["c0"], **common)
    with pytest.raises(BookingError) as err:
        _book(session, desk, start=at(24, 9, 30), customer_id=branch["c1"], **common)
    assert err.value.code == "slot_taken"
    session.rollback()
    # the buffer after counts too: 10:00 is inside 09:00-10:00 + 15 min
    with pytest.raises(BookingError) as err:
        _book(session, desk, start=at(24, 10, 0), customer_id=branch["c1"], **common)
    assert err.value.code == "slot_taken"
    session.rollback()
    assert _book(session, desk, start=at(24, 10, 15), customer_id=branch["c1"], **common)


@pytest.mark.parametrize(
    ("start", "code"),
    [
        (at(25, 8, 0), "outside_hours"),  # before Alice's hours
        (at(24, 11, 30), "outside_hours"),  # would run into her lunch break
        (at(29, 10, 0), "outside_hours"),  # Sunday: the branch is closed
        (at(25, 10, 0, month=12), "outside_hours"),  # Christmas Day
        (at(26, 10, 0), "outside_hours"),  # blocked for training
        (at(23, 13, 0), "lead_time"),  # today: less than a day ahead
        (at(22, 10, 0), "lead_time"),  # yesterday
        (at(25, 10, 0, month=1) + timedelta(days=365), "max_lead_time"),
    ],
)
def test_refusals(
    session: Session, desk: Actor, branch: dict[str, int], start: datetime, code: str
) -> None:
    mortgage = _service(session, "Mortgage consultation")
    with pytest.raises(BookingError) as err:
        use.book(
            session,
            desk,
            BookingRequest(
                service_id=mortgage.id,
                start=start,
                agent_id=branch["Alice Martin"],
                customer_id=branch["c0"],
                field_values=LOAN,
            ),
            NOW,
        )
    assert err.value.code == code
    assert err.value.message


def test_lead_time_override_needs_a_reason_and_is_recorded(
    session: Session, desk: Actor, branch: dict[str, int]
) -> None:
    mortgage = _service(session, "Mortgage consultation")
    appt_id = _book(
        session,
        desk,
        service_id=mortgage.id,
        start=at(23, 13, 0),
        agent_id=branch["Alice Martin"],
        customer_id=branch["c0"],
        field_values=LOAN,
        override_reason="Manager asked: urgent file",
    )
    assert statuses.history(session, appt_id)[0].reason == "Manager asked: urgent file"
    receptionist = Actor(
        None, "r", "Rita", "receptionist", desk.permissions - {"appointments.override"}
    )
    with pytest.raises(BookingError) as err:
        use.book(
            session,
            receptionist,
            BookingRequest(
                service_id=mortgage.id,
                start=at(23, 14, 15),
                agent_id=branch["Alice Martin"],
                customer_id=branch["c1"],
                field_values=LOAN,
                override_reason="please",
            ),
            NOW,
        )
    assert err.value.code == "lead_time"


def test_fields_are_checked(session: Session, desk: Actor, branch: dict[str, int]) -> None:
    mortgage = _service(session, "Mortgage consultation")
    base = {
        "service_id": mortgage.id,
        "start": at(24, 9),
        "agent_id": branch["Alice Martin"],
        "customer_id": branch["c0"],
    }
    with pytest.raises(BookingError) as err:
        use.book(session, desk, BookingRequest(**base), NOW)  # type: ignore[arg-type]
    assert err.value.code == "missing_field"
    assert "Estimated loan amount" in err.value.message
    with pytest.raises(BookingError) as err:
        use.book(session, desk, BookingRequest(**base, field_values={**LOAN, "Colour": "red"}), NOW)  # type: ignore[arg-type]
    assert err.value.code == "unknown_field"


def test_visitor_limit_counts_the_person_not_the_record(
    session: Session, desk: Actor, branch: dict[str, int]
) -> None:
    mortgage = _service(session, "Mortgage consultation")
    _book(
        session,
        desk,
        service_id=mortgage.id,
        start=at(24, 9),
        agent_id=branch["Alice Martin"],
        customer_id=branch["c0"],
        field_values=LOAN,
    )
    # the same person under a new record with the same e-mail, same week
    with pytest.raises(BookingError) as err:
        use.book(
            session,
            desk,
            BookingRequest(
                service_id=mortgage.id,
                start=at(26, 13),
                agent_id=branch["Alice Martin"],
                new_customer=NewCustomer("C. Zero", email="C0@example.com"),
                field_values=LOAN,
            ),
            NOW,
        )
    assert err.value.code == "visitor_limit"
    session.rollback()
    # next week is fine
    assert _book(
        session,
        desk,
        service_id=mortgage.id,
        start=at(1, 13, month=12),
        agent_id=branch["Alice Martin"],
        customer_id=branch["c0"],
        field_values=LOAN,
    )


def test_assignment_balances_the_day(session: Session, desk: Actor, branch: dict[str, int]) -> None:
    opening = _service(session, "Account opening")
    # Tuesday: Bob (10-18) and Carla (08:30-16:30) both give account openings
    first = use.get(
        session,
        _book(
            session,
            desk,
            service_id=opening.id,
            start=at(24, 11),
            customer_id=branch["c0"],
            source="walk-in",
        ),
    )
    second = use.get(
        session,
        _book(
            session,
            desk,
            service_id=opening.id,
            start=at(24, 12),
            customer_id=branch["c1"],
            source="walk-in",
        ),
    )
    assert {first.agent_id, second.agent_id} == {branch["Bob Chen"], branch["Carla Diaz"]}
    # 08:30: only Carla works
    early = use.get(
        session,
        _book(session, desk, service_id=opening.id, start=at(24, 8, 30), customer_id=branch["c2"]),
    )
    assert early.agent_id == branch["Carla Diaz"]


def test_receptionist_without_assign_cannot_pick_the_agent(
    session: Session, desk: Actor, branch: dict[str, int]
) -> None:
    opening = _service(session, "Account opening")
    limited = Actor(None, "r", "Rita", "receptionist", desk.permissions - {"appointments.assign"})
    with pytest.raises(BookingError) as err:
        use.book(
            session,
            limited,
            BookingRequest(
                service_id=opening.id,
                start=at(24, 11),
                customer_id=branch["c0"],
                agent_id=branch["Bob Chen"],
            ),
            NOW,
        )
    assert err.value.code == "permission_denied"


# -- lifecycle ----------------------------------------------------------------------------


def test_status_changes_reschedule_and_cancel(
    session: Session, desk: Actor, branch: dict[str, int]
) -> None:
    mortgage = _service(session, "Mortgage consultation")
    appt_id = _book(
        session,
        desk,
        service_id=mortgage.id,
        start=at(24, 9),
        agent_id=branch["Alice Martin"],
        customer_id=branch["c0"],
        field_values=LOAN,
    )
    no_approve = Actor(
        None, "r", "Rita", "receptionist", desk.permissions - {"appointments.approve"}
    )
    with pytest.raises(BookingError) as err:
        use.set_status(session, no_approve, appt_id, "confirmed", NOW)
    assert err.value.code == "permission_denied"
    use.set_status(session, desk, appt_id, "confirmed", NOW + timedelta(minutes=1))
    session.commit()
    with pytest.raises(BookingError) as err:
        use.reschedule(session, desk, appt_id, at(25, 13), "", NOW)
    assert err.value.code == "reason_required"
    use.reschedule(session, desk, appt_id, at(25, 13), "Customer asked", NOW + timedelta(minutes=2))
    session.commit()
    appt = use.get(session, appt_id)
    assert appt.start_at.astimezone(TZ) == at(25, 13)
    with pytest.raises(BookingError) as err:
        use.cancel(session, desk, appt_id, "  ", NOW)
    assert err.value.code == "reason_required"
    use.cancel(session, desk, appt_id, "Customer is travelling", NOW + timedelta(minutes=3))
    session.commit()
    history = statuses.history(session, appt_id)
    assert [(h.from_status, h.to_status) for h in history] == [
        ("confirmed", "cancelled"),
        ("confirmed", "confirmed"),
        ("pending", "confirmed"),
        (None, "pending"),
    ]
    assert history[0].reason == "Customer is travelling"
    assert history[1].reason is not None
    assert history[1].reason.startswith("Moved from 2026-11-24 09:00 to 2026-11-25 13:00")
    # cancelled time is free again
    assert _book(
        session,
        desk,
        service_id=mortgage.id,
        start=at(25, 13),
        agent_id=branch["Alice Martin"],
        customer_id=branch["c1"],
        field_values=LOAN,
    )


def test_reschedule_into_a_busy_time_is_refused(
    session: Session, desk: Actor, branch: dict[str, int]
) -> None:
    opening = _service(session, "Account opening")
    bob = branch["Bob Chen"]
    a = _book(session, desk, service_id=opening.id, start=at(23, 10), customer_id=branch["c0"])
    b = _book(session, desk, service_id=opening.id, start=at(23, 11), customer_id=branch["c1"])
    assert use.get(session, a).agent_id == use.get(session, b).agent_id or True
    target = use.get(session, a)
    with pytest.raises(BookingError) as err:
        use.reschedule(session, desk, b, target.start_at, "try", NOW, agent_id=target.agent_id)
    assert err.value.code == "slot_taken"
    session.rollback()
    # moving to its own time again is fine (the appointment does not block itself)
    use.reschedule(session, desk, a, target.start_at + timedelta(minutes=10), "later", NOW)
    session.commit()
    assert bob


def test_cancel_not_allowed_unless_overridden(
    session: Session, desk: Actor, branch: dict[str, int]
) -> None:
    opening = _service(session, "Account opening")
    opening.allow_cancel = False
    session.commit()
    appt_id = _book(
        session, desk, service_id=opening.id, start=at(23, 10), customer_id=branch["c0"]
    )
    with pytest.raises(BookingError) as err:
        use.cancel(session, desk, appt_id, "changed mind", NOW)
    assert err.value.code == "cancel_not_allowed"
    use.cancel(session, desk, appt_id, "manager approved", NOW, override=True)
    session.commit()
    assert use.get(session, appt_id).status.key == "cancelled"


def test_noshow_and_completed_only_once_begun(
    session: Session, desk: Actor, branch: dict[str, int]
) -> None:
    opening = _service(session, "Account opening")
    appt_id = _book(
        session, desk, service_id=opening.id, start=at(23, 10), customer_id=branch["c0"]
    )
    with pytest.raises(BookingError) as err:
        use.mark_noshow(session, desk, appt_id, NOW)
    assert err.value.code == "not_started"
    later = NOW + timedelta(hours=1, minutes=5)
    use.mark_noshow(session, desk, appt_id, later)
    session.commit()
    appt = use.get(session, appt_id)
    assert appt.status.key == "noshow"
    assert appt.blocking is False


def test_repeating_all_or_nothing_and_skip(
    session: Session, desk: Actor, branch: dict[str, int]
) -> None:
    opening = _service(session, "Account opening")
    carla = branch["Carla Diaz"]
    # block the day in the middle
    session.add(BlockedTime(agent_id=carla, start_at=at(26, 8), end_at=at(26, 17), reason="Course"))
    session.commit()
    starts = use.repeat_starts("FREQ=DAILY;COUNT=3", at(25, 8, 30), TZ)
    assert [s.date().isoformat() for s in starts] == ["2026-11-25", "2026-11-26", "2026-11-27"]
    request = BookingRequest(
        service_id=opening.id, start=starts[0], customer_id=branch["c0"], agent_id=carla
    )
    with pytest.raises(BookingError) as err:
        use.book_repeating(session, desk, request, starts, NOW)
    assert err.value.code == "outside_hours"
    assert "2026-11-26" in err.value.message
    session.rollback()
    assert use.list_between(session, at(24, 0), at(31, 0, month=12), agent_id=carla) == []
    result = use.book_repeating(session, desk, request, starts, NOW, skip_conflicts=True)
    session.commit()
    assert len(result.booked) == 2
    assert [(s.astimezone(TZ).date().isoformat(), c) for s, c in result.skipped] == [
        ("2026-11-26", "outside_hours")
    ]
    assert len({a.series_id for a in result.booked}) == 1


def test_repeat_rule_errors(session: Session) -> None:
    with pytest.raises(BookingError) as err:
        use.repeat_starts("FREQ=WEEKLY", at(25, 9), TZ)
    assert err.value.code == "invalid_repeat"
    with pytest.raises(BookingError) as err:
        use.repeat_starts("FREQ=SOMETIMES;COUNT=2", at(25, 9), TZ)
    assert err.value.code == "invalid_repeat"


def test_repeat_keeps_wall_clock_across_dst() -> None:
    starts = use.repeat_starts("FREQ=WEEKLY;COUNT=3", datetime(2027, 3, 1, 9, 30, tzinfo=TZ), TZ)
    assert [s.astimezone(TZ).strftime("%H:%M") for s in starts] == ["09:30"] * 3
    assert [s.utcoffset() for s in starts] == [timedelta(hours=-5)] * 2 + [timedelta(hours=-4)]


def test_run_write_turns_a_race_into_slot_taken(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    """Two sessions pass the check; the database refuses the second write."""
    with sessions() as s:
        opening = _service(s, "Account opening").id
    first = sessions()
    second = sessions()
    try:
        actor = load_actor(first)
        for s, customer in ((first, branch["c0"]), (second, branch["c1"])):
            availability.check_agent(
                s,
                _service(s, "Account opening"),
                branch["Bob Chen"],
                at(23, 10),
                at(23, 10, 30),
                NOW,
            )
            del customer
        run_write(
            sessions,
            lambda s: use.book(
                s,
                load_actor(s),
                BookingRequest(
                    service_id=opening,
                    start=at(23, 10),
                    customer_id=branch["c0"],
                    agent_id=branch["Bob Chen"],
                ),
                NOW,
            ),
        )
        with pytest.raises(BookingError) as err:
            run_write(
                sessions,
                lambda s: use.book(
                    s,
                    actor,
                    BookingRequest(
                        service_id=opening,
                        start=at(23, 10),
                        customer_id=branch["c1"],
                        agent_id=branch["Bob Chen"],
                    ),
                    NOW,
                ),
            )
        assert err.value.code == "slot_taken"
    finally:
        first.close()
        second.close()
