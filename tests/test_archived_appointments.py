"""Archived appointments (``archived_at`` set by the nightly clean-up) are history: left
out of appointment lists, the approval queue, its count and its timeout, and the calendar
snapshots printing uses; kept, marked archived, in the customer's appointment history.

Two mortgage requests of two customers: the first on Tuesday 24 November, archived by a
clean-up on 1 December with a one-day retention; the second on 15 December, not archived.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking import approvals
from app.booking import settings as st
from app.booking.appointments import BookingRequest, list_between
from app.booking.calendar_data import load
from app.booking.permissions import SYSTEM, load_actor
from app.clock import fixed_clock
from app.jobs.cleanup import archive_branch
from app.models import Appointment
from app.views.customers_view import CustomersView, appointment_history
from app.views.desk import DeskState
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

#: Tuesday 24 November 2026, 10:00 and Tuesday 15 December 2026, 10:00 in Toronto.
OLD_START = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
NEW_START = datetime(2026, 12, 15, 15, 0, tzinfo=UTC)
#: The clean-up's run: Tuesday 1 December 2026, 00:05 in Toronto.
CLEANUP = datetime(2026, 12, 1, 5, 5, tzinfo=UTC)


@dataclass(frozen=True)
class Booked:
    branch: int
    old: int
    new: int
    customer: int


@pytest.fixture
def booked(sessions: sessionmaker[Session]) -> Booked:
    apply_riverside(sessions)
    with sessions() as session:
        found = ids(session)
        first, second = add_customers(session, 2)
        actor = load_actor(session)
        made = [
            use.book(
                session,
                actor,
                BookingRequest(
                    service_id=found["Mortgage consultation"],
                    customer_id=customer,
                    agent_id=found["Alice Martin"],
                    start=start,
                    field_values={"Estimated loan amount": "250000"},
                ),
                MONDAY_9AM,
            ).id
            for customer, start in ((first, OLD_START), (second, NEW_START))
        ]
        st.put(session, st.ARCHIVE_AFTER_DAYS, 1, found["branch"])
        session.commit()
        assert archive_branch(session, found["branch"], CLEANUP) == 1
        session.commit()
        return Booked(found["branch"], made[0], made[1], first)


def test_the_clean_up_archived_only_the_old_request(
    sessions: sessionmaker[Session], booked: Booked
) -> None:
    with sessions() as session:
        old, new = session.get(Appointment, booked.old), session.get(Appointment, booked.new)
        assert old is not None
        assert old.archived_at == CLEANUP
        assert new is not None
        assert new.archived_at is None


def test_lists_leave_archived_appointments_out(
    sessions: sessionmaker[Session], booked: Booked
) -> None:
    with sessions() as session:
        everything = list_between(session, OLD_START.replace(day=1), NEW_START.replace(day=31))
        assert [a.id for a in everything] == [booked.new]
        assert list_between(session, OLD_START, OLD_START.replace(hour=23)) == []


def test_the_approval_queue_and_its_count_leave_archived_requests_out(
    sessions: sessionmaker[Session], booked: Booked
) -> None:
    with sessions() as session:
        assert [i.id for i in approvals.queue(session, CLEANUP)] == [booked.new]
        assert [
            i.id for i in approvals.queue(session, CLEANUP, booked.branch, include_confirmed=True)
        ] == [booked.new]
        assert approvals.pending_count(session) == 1
        assert approvals.pending_count(session, booked.branch) == 1
        assert set(approvals.items_by_ids(session, [booked.old, booked.new])) == {booked.new}


def test_the_approval_timeout_leaves_archived_requests_as_they_are(
    sessions: sessionmaker[Session], booked: Booked
) -> None:
    with sessions() as session:
        st.put(session, st.APPROVAL_TIMEOUT_HOURS, 1, booked.branch)
        assert approvals.expire_requests(session, SYSTEM, CLEANUP) == [booked.new]
        session.commit()
        old = session.get(Appointment, booked.old)
        assert old is not None
        assert old.status.predicate == "start"  # still the request it was when archived


def test_calendar_snapshots_for_printing_leave_archived_appointments_out(
    sessions: sessionmaker[Session], booked: Booked
) -> None:
    with sessions() as session:
        old_week = load(session, booked.branch, date(2026, 11, 23), date(2026, 11, 29))
        new_week = load(session, booked.branch, date(2026, 12, 14), date(2026, 12, 20))
    assert old_week.appointments == []
    assert [a.id for a in new_week.appointments] == [booked.new]


def test_the_customers_history_shows_the_archived_appointment_as_archived(
    qtbot: QtBot, sessions: sessionmaker[Session], booked: Booked
) -> None:
    with sessions() as session:
        rows = appointment_history(session, booked.customer)
    assert [(r.appointment_id, r.archived) for r in rows] == [(booked.old, True)]

    view = CustomersView(DeskState(sessions, "test", "Front desk", fixed_clock(CLEANUP)))
    qtbot.addWidget(view)
    view.show()
    view.select_customer(booked.customer)
    assert view.history.topLevelItemCount() == 1
    item = view.history.topLevelItem(0)
    assert item is not None
    assert item.text(3) == f"{rows[0].status} (archived)"
    assert "Archived" in item.toolTip(0)
    assert item.foreground(0).color() != view.history.palette().text().color()
    with sessions() as session:
        other = session.scalars(
            select(Appointment.customer_id).where(Appointment.id == booked.new)
        ).one()
    view.select_customer(other)
    current = view.history.topLevelItem(0)
    assert current is not None
    assert "(archived)" not in current.text(3)
