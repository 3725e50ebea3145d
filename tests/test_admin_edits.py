"""Administration edits: one part of the setup changed, checked like a setup file."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import admin
from app.booking.appointments import BookingRequest, book
from app.booking.errors import BookingError
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.models import Agent, AgentHours, Appointment, AuditEntry, Branch, Service
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids


@pytest.fixture
def riverside(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    apply_riverside(sessions)
    return sessions


def _branch_id(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalars(select(Branch.id)).one()


def _service(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in data["services"] if s["name"] == name)


def test_setup_tables_are_the_exported_file(riverside: sessionmaker[Session]) -> None:
    with riverside() as session:
        data = admin.setup_tables(session, _branch_id(riverside))
    assert data["branch"]["name"] == "Riverside"
    assert [s["name"] for s in data["services"]] == [
        "Mortgage consultation",
        "Account opening",
        "Notary",
    ]
    assert _service(data, "Notary")["agents"] == ["Carla Diaz"]


def test_save_service_changes_one_rule_and_keeps_the_rest(
    riverside: sessionmaker[Session],
) -> None:
    branch_id = _branch_id(riverside)
    with riverside() as session:
        table = _service(admin.setup_tables(session, branch_id), "Notary")
        before_id = ids(session)["Notary"]
    table["buffer_before"] = "10m"
    run_write(
        riverside,
        lambda s: admin.save_service(s, load_actor(s), branch_id, "Notary", table, MONDAY_9AM),
    )
    with riverside() as session:
        notary = session.get(Service, before_id)
        assert notary is not None
        assert notary.buffer_before_min == 10
        assert notary.duration_min == 45
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None


def test_a_bad_value_is_refused_by_its_key_and_nothing_changes(
    riverside: sessionmaker[Session],
) -> None:
    branch_id = _branch_id(riverside)
    with riverside() as session:
        table = _service(admin.setup_tables(session, branch_id), "Notary")
    table["duration"] = "forever"
    table["color"] = "blue"
    with pytest.raises(admin.SetupEditError) as caught:
        run_write(
            riverside,
            lambda s: admin.save_service(s, load_actor(s), branch_id, "Notary", table, MONDAY_9AM),
        )
    keys = {p.key for p in caught.value.problems}
    assert keys == {"duration", "color"}
    assert caught.value.code == "invalid_setup"
    with riverside() as session:
        notary = session.scalars(select(Service).where(Service.name == "Notary")).one()
        assert notary.duration_min == 45


def test_renaming_a_service_keeps_its_id_and_every_reference(
    riverside: sessionmaker[Session],
) -> None:
    branch_id = _branch_id(riverside)
    with riverside() as session:
        table = _service(admin.setup_tables(session, branch_id), "Account opening")
        old_id = ids(session)["Account opening"]
    table["name"] = "New account"
    run_write(
        riverside,
        lambda s: admin.save_service(
            s, load_actor(s), branch_id, "Account opening", table, MONDAY_9AM
        ),
    )
    with riverside() as session:
        assert ids(session)["New account"] == old_id
        data = admin.setup_tables(session, branch_id)
    bob = next(a for a in data["agents"] if a["name"] == "Bob Chen")
    assert bob["hours"][0]["services"] == ["New account"]
    assert data["availability"][0]["service"] == "New account"


def test_a_rename_to_a_taken_name_is_refused(riverside: sessionmaker[Session]) -> None:
    branch_id = _branch_id(riverside)
    with riverside() as session:
        table = _service(admin.setup_tables(session, branch_id), "Notary")
    table["name"] = "Account opening"
    with pytest.raises(admin.SetupEditError, match="already called"):
        run_write(
            riverside,
            lambda s: admin.save_service(s, load_actor(s), branch_id, "Notary", table, MONDAY_9AM),
        )
    with riverside() as session:
        assert "Notary" in ids(session)


def test_a_new_service_and_agent_from_the_screens_can_be_booked(
    riverside: sessionmaker[Session],
) -> None:
    branch_id = _branch_id(riverside)
    service = {"name": "Retirement planning", "duration": "30m", "min_lead": "0m", "agents": []}
    agent = {
        "name": "Dana Lee",
        "email": "dana.lee@riverside.example",
        "hours": [{"days": ["mon"], "start": "09:00", "end": "12:00"}],
    }

    def work(s: Session) -> None:
        actor = load_actor(s)
        admin.save_service(s, actor, branch_id, None, service, MONDAY_9AM)
        admin.save_agent(s, actor, branch_id, None, agent, ["Retirement planning"], MONDAY_9AM)

    run_write(riverside, work)
    with riverside() as session:
        known = ids(session)
        (customer,) = add_customers(session, 1)
    appt = run_write(
        riverside,
        lambda s: book(
            s,
            load_actor(s),
            BookingRequest(
                service_id=known["Retirement planning"],
                customer_id=customer,
                start=MONDAY_9AM,
                agent_id=known["Dana Lee"],
            ),
            MONDAY_9AM,
        ),
    )
    with riverside() as session:
        row = session.get(Appointment, appt.id)
        assert row is not None
        assert row.agent_id == known["Dana Lee"]


def test_removing_a_used_agent_keeps_it_inactive(riverside: sessionmaker[Session]) -> None:
    branch_id = _branch_id(riverside)
    with riverside() as session:
        known = ids(session)
        (customer,) = add_customers(session, 1)
    run_write(
        riverside,
        lambda s: book(
            s,
            load_actor(s),
            BookingRequest(
                service_id=known["Account opening"],
                customer_id=customer,
                start=MONDAY_9AM,
                agent_id=known["Carla Diaz"],
            ),
            MONDAY_9AM,
        ),
    )
    run_write(
        riverside,
        lambda s: admin.remove_agent(s, load_actor(s), branch_id, "Carla Diaz", MONDAY_9AM),
    )
    with riverside() as session:
        carla = session.get(Agent, known["Carla Diaz"])
        assert carla is not None
        assert not carla.active
        notary = session.get(Service, known["Notary"])
        assert notary is not None


def test_removing_a_service_drops_hours_kept_only_for_it(
    riverside: sessionmaker[Session],
) -> None:
    branch_id = _branch_id(riverside)
    run_write(
        riverside,
        lambda s: admin.remove_service(s, load_actor(s), branch_id, "Account opening", MONDAY_9AM),
    )
    with riverside() as session:
        known = ids(session)
        assert "Account opening" not in known
        bob_hours = session.scalars(
            select(AgentHours).where(AgentHours.agent_id == known["Bob Chen"])
        ).all()
        assert len(bob_hours) == 1  # the Mon/Wed/Fri account-opening segment went


def test_branch_rename_and_time_zone(riverside: sessionmaker[Session]) -> None:
    branch_id = _branch_id(riverside)
    with riverside() as session:
        table = admin.setup_tables(session, branch_id)["branch"]
    table["name"] = "Riverside North"
    table["closed_weekdays"] = ["sat", "sun"]
    run_write(
        riverside, lambda s: admin.save_branch(s, load_actor(s), branch_id, table, MONDAY_9AM)
    )
    with riverside() as session:
        branch = session.get(Branch, branch_id)
        assert branch is not None
        assert branch.name == "Riverside North"
        assert branch.closed_weekdays != 0


def test_a_bad_time_zone_is_refused(riverside: sessionmaker[Session]) -> None:
    branch_id = _branch_id(riverside)
    with riverside() as session:
        table = admin.setup_tables(session, branch_id)["branch"]
    table["timezone"] = "Mars/Olympus"
    with pytest.raises(admin.SetupEditError) as caught:
        run_write(
            riverside,
            lambda s: admin.save_branch(s, load_actor(s), branch_id, table, MONDAY_9AM),
        )
    assert caught.value.problems[0].key == "timezone"


def test_availability_added_and_removed_by_index(riverside: sessionmaker[Session]) -> None:
    branch_id = _branch_id(riverside)
    period = {
        "agent": "Alice Martin",
        "start": "2026-11-28T09:00",
        "end": "2026-11-28T11:00",
        "slot": "30m",
        "repeat": "FREQ=WEEKLY;COUNT=4",
    }
    run_write(
        riverside,
        lambda s: admin.save_availability(s, load_actor(s), branch_id, None, period, MONDAY_9AM),
    )
    with riverside() as session:
        assert len(admin.setup_tables(session, branch_id)["availability"]) == 2
    run_write(
        riverside,
        lambda s: admin.remove_availability(s, load_actor(s), branch_id, 1, MONDAY_9AM),
    )
    with riverside() as session:
        assert len(admin.setup_tables(session, branch_id)["availability"]) == 1


def test_only_administrators_edit(riverside: sessionmaker[Session]) -> None:
    from app.booking.users import add_user

    branch_id = _branch_id(riverside)
    run_write(
        riverside,
        lambda s: add_user(
            s,
            load_actor(s),
            MONDAY_9AM,
            username="rita",
            display_name="Rita",
            role="receptionist",
        ),
    )
    with riverside() as session:
        table = admin.setup_tables(session, branch_id)["branch"]
    with pytest.raises(BookingError) as caught:
        run_write(
            riverside,
            lambda s: admin.save_branch(s, load_actor(s, "rita"), branch_id, table, MONDAY_9AM),
        )
    assert caught.value.code == "permission_denied"


def test_a_first_branch_is_created_from_its_table(sessions: sessionmaker[Session]) -> None:
    table = {"name": "Lakeside", "timezone": "Europe/Paris"}
    report = run_write(sessions, lambda s: admin.create_branch(s, load_actor(s), table, MONDAY_9AM))
    assert report.branch_created
    with sessions() as session:
        branch = session.scalars(select(Branch)).one()
        assert branch.timezone == "Europe/Paris"
    with pytest.raises(admin.SetupEditError, match="already called"):
        run_write(sessions, lambda s: admin.create_branch(s, load_actor(s), table, MONDAY_9AM))
    with pytest.raises(admin.SetupEditError) as caught:
        run_write(
            sessions,
            lambda s: admin.create_branch(
                s, load_actor(s), {"name": "Hillside", "timezone": "Nowhere/Town"}, MONDAY_9AM
            ),
        )
    assert caught.value.problems[0].key == "timezone"
