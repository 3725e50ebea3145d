"""The real migrations, from empty to head and back one step, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from app import models as m
from app.models import db


def test_upgrade_from_empty_creates_every_table(empty_db_url: str) -> None:
    engine = db.make_engine(empty_db_url)
    try:
        assert db.current_revision(engine) is None
        db.upgrade(engine)
        assert db.current_revision(engine) == db.head_revision()
        tables = set(inspect(engine).get_table_names())
        assert set(m.Base.metadata.tables) <= tables
        with engine.connect() as conn:
            keys = conn.execute(text("SELECT key FROM statuses ORDER BY position")).scalars()
            assert list(keys) == [
                "pending",
                "confirming",
                "confirmed",
                "waiting",
                "cancelled",
                "noshow",
                "completed",
            ]
    finally:
        engine.dispose()


def test_downgrade_one_step_and_up_again(db_url: str) -> None:
    engine = db.make_engine(db_url)
    try:
        head = db.head_revision()
        db.downgrade(engine, "-1")
        assert db.current_revision(engine) != head
        db.upgrade(engine)
        assert db.current_revision(engine) == head
        db.downgrade(engine, "base")
        assert db.current_revision(engine) is None
        db.upgrade(engine)
        assert db.current_revision(engine) == head
    finally:
        engine.dispose()


def test_models_match_migrations(engine: db.Engine) -> None:
    """Autogenerate finds nothing to do: the models and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(ctx, m.Base.metadata)
    # The search index objects live only in migrations 0002 and 0005 (dialect-specific).
    db_only = {"ix_customers_search_trgm", "ix_customers_search_text"}
    diff = [
        d
        for d in diff
        if not (d[0] == "remove_table" and d[1].name.startswith("customers_fts"))
        and not (d[0] == "remove_index" and d[1].name in db_only)
    ]
    assert diff == []


def _appointment_rows(session: db.Session, start: datetime, minutes: int) -> None:
    branch = m.Branch(name="B", timezone="UTC")
    service = m.Service(branch=branch, name="S", duration_min=30)
    agent = m.Agent(branch=branch, name="A")
    customer = m.Customer(name="C", search_text="c")
    session.add_all([branch, service, agent, customer])
    session.flush()
    confirmed = session.scalars(
        select(m.StatusDefinition).where(m.StatusDefinition.key == "confirmed")
    ).one()
    end = start + timedelta(minutes=minutes)
    session.add(
        m.Appointment(
            branch_id=branch.id,
            service_id=service.id,
            agent_id=agent.id,
            customer_id=customer.id,
            start_at=start,
            end_at=end,
            block_start=start,
            block_end=end,
            status_id=confirmed.id,
            blocking=True,
        )
    )
    session.flush()


def test_database_refuses_overlapping_blocking_appointments(session: db.Session) -> None:
    start = datetime(2026, 3, 8, 14, 0, tzinfo=UTC)
    _appointment_rows(session, start, 30)
    first = session.scalars(select(m.Appointment)).one()
    clash = m.Appointment(
        branch_id=first.branch_id,
        service_id=first.service_id,
        agent_id=first.agent_id,
        customer_id=first.customer_id,
        start_at=start + timedelta(minutes=15),
        end_at=start + timedelta(minutes=45),
        block_start=start + timedelta(minutes=15),
        block_end=start + timedelta(minutes=45),
        status_id=first.status_id,
        blocking=True,
    )
    session.add(clash)
    with pytest.raises((IntegrityError, DBAPIError)):
        session.flush()
    session.rollback()


def test_database_allows_touching_and_non_blocking_appointments(session: db.Session) -> None:
    start = datetime(2026, 3, 8, 14, 0, tzinfo=UTC)
    _appointment_rows(session, start, 30)
    first = session.scalars(select(m.Appointment)).one()
    end = first.end_at
    touching = m.Appointment(
        branch_id=first.branch_id,
        service_id=first.service_id,
        agent_id=first.agent_id,
        customer_id=first.customer_id,
        start_at=end,
        end_at=end + timedelta(minutes=30),
        block_start=end,
        block_end=end + timedelta(minutes=30),
        status_id=first.status_id,
        blocking=True,
    )
    cancelled = m.Appointment(
        branch_id=first.branch_id,
        service_id=first.service_id,
        agent_id=first.agent_id,
        customer_id=first.customer_id,
        start_at=start,
        end_at=end,
        block_start=start,
        block_end=end,
        status_id=first.status_id,
        blocking=False,
    )
    session.add_all([touching, cancelled])
    session.flush()
    assert session.scalar(select(m.Appointment.id).where(m.Appointment.id == touching.id))


def test_instants_come_back_aware_utc(session: db.Session) -> None:
    start = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    _appointment_rows(session, start, 30)
    session.commit()
    session.expire_all()
    appt = session.scalars(select(m.Appointment)).one()
    assert appt.start_at == start
    assert appt.start_at.tzinfo is not None


def test_naive_instant_is_refused(session: db.Session) -> None:
    session.add(
        m.BlockedTime(agent_id=1, start_at=datetime(2026, 1, 1), end_at=datetime(2026, 1, 2))
    )
    with pytest.raises(Exception, match="naive datetime"):
        session.flush()
    session.rollback()
