"""Properties of slot search and booking through the database, on the Riverside branch.

Hypothesis picks a service, a day, an agent (or any) and one of the offered slots; booking
it must succeed, and afterwards that time is no longer offered for that agent, no offered
slot overlaps the new booking, and every offered slot respects the lead times.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking import availability
from app.booking.permissions import load_actor
from app.models import Customer, Service
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside

NOW = MONDAY_9AM
SERVICES = ["Mortgage consultation", "Account opening", "Notary"]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    service_name=st.sampled_from(SERVICES),
    day_offset=st.integers(min_value=0, max_value=13),
    pick_agent=st.booleans(),
    which=st.integers(min_value=0, max_value=10_000),
)
def test_booking_an_offered_slot_succeeds_and_removes_it(
    sessions: sessionmaker[Session],
    service_name: str,
    day_offset: int,
    pick_agent: bool,
    which: int,
) -> None:
    with sessions() as session:
        first_example = session.scalars(select(Service.id)).first() is None
    if first_example:
        apply_riverside(sessions)
        with sessions() as session:
            add_customers(session, 1)
    with sessions() as session:
        customer = session.scalars(select(Customer.id)).first()
        service = session.scalars(select(Service).where(Service.name == service_name)).one()
        day = date(2026, 11, 23) + timedelta(days=day_offset)
        agent_ids = [a.id for a in service.agents]
        agent_id = agent_ids[which % len(agent_ids)] if pick_agent else None
        offered = availability.slots(session, service, day, day, NOW, agent_id=agent_id)
        for slot in offered:
            _respects_leads(slot.start, service)
        if not offered:
            return
        slot = offered[which % len(offered)]
        chosen_agent = agent_id if agent_id is not None else slot.agent_ids[0]
        savepoint = session.begin_nested()
        try:
            appt = use.book(
                session,
                load_actor(session),
                use.BookingRequest(
                    service_id=service.id,
                    start=slot.start,
                    agent_id=chosen_agent,
                    customer_id=customer,
                    field_values={f.name: "1" for f in service.fields if f.required},
                    override_reason=None,
                ),
                NOW,
            )
            assert appt.agent_id == chosen_agent
            after = availability.slots(session, service, day, day, NOW, agent_id=chosen_agent)
            assert slot.start not in [s.start for s in after]
            for other in after:
                block_start = other.start - timedelta(minutes=service.buffer_before_min)
                block_end = other.end + timedelta(minutes=service.buffer_after_min)
                assert block_end <= appt.block_start or block_start >= appt.block_end
        finally:
            savepoint.rollback()
            session.rollback()


def _respects_leads(start: datetime, service: Service) -> None:
    assert start >= NOW + timedelta(minutes=service.min_lead_min)
    assert start <= NOW + timedelta(minutes=service.max_lead_min)
