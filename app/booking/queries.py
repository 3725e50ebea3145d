"""Small read-only queries for the views and the CLI (no writes here)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Appointment, Branch, Customer, StatusDefinition


@dataclass(frozen=True)
class BranchInfo:
    id: int
    name: str
    timezone: str


def branches(session: Session) -> list[BranchInfo]:
    rows = session.execute(select(Branch.id, Branch.name, Branch.timezone).order_by(Branch.name))
    return [BranchInfo(id=r.id, name=r.name, timezone=r.timezone) for r in rows]


def is_empty(session: Session) -> bool:
    """True when the database holds no branch and no customer (a new database)."""
    has_branch = session.scalar(select(func.count()).select_from(Branch)) or 0
    has_customer = session.scalar(select(func.count()).select_from(Customer)) or 0
    return has_branch == 0 and has_customer == 0


def awaiting_approval_count(session: Session, branch_id: int | None = None) -> int:
    """Appointments in a start (unconfirmed) status."""
    query = (
        select(func.count())
        .select_from(Appointment)
        .join(StatusDefinition, Appointment.status_id == StatusDefinition.id)
        .where(StatusDefinition.predicate == "start")
    )
    if branch_id is not None:
        query = query.where(Appointment.branch_id == branch_id)
    return int(session.scalar(query) or 0)
