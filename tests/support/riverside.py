"""The Riverside branch of the shared example, applied to a test database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking.customers import search_text_for
from app.booking.permissions import load_actor
from app.booking.setup_file import apply_setup, parse_setup
from app.models import Agent, Branch, Customer, Service

RIVERSIDE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "riverside.toml"
#: Monday 23 November 2026, 09:00 in Toronto.
MONDAY_9AM = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def apply_riverside(sessions: sessionmaker[Session], text: str | None = None) -> None:
    with sessions() as session:
        setup = parse_setup(text or RIVERSIDE.read_text("utf-8"), "riverside.toml")
        apply_setup(session, load_actor(session), setup, MONDAY_9AM)
        session.commit()


def ids(session: Session) -> dict[str, int]:
    """Service and agent ids by name."""
    out = {s.name: s.id for s in session.scalars(select(Service))}
    out |= {a.name: a.id for a in session.scalars(select(Agent))}
    out["branch"] = session.scalars(select(Branch.id)).one()
    return out


def add_customers(session: Session, count: int) -> list[int]:
    made = [
        Customer(
            name=f"Customer {i}",
            phone=f"+1416555{i:04d}",
            email=f"c{i}@example.com",
            search_text=search_text_for(f"Customer {i}", f"+1416555{i:04d}", f"c{i}@example.com"),
        )
        for i in range(count)
    ]
    session.add_all(made)
    session.commit()
    return [c.id for c in made]
