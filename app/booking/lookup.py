"""Finding branches, services, agents and customers by what people type: names, ids,
e-mail addresses and phone numbers. Used by the CLI and the desk's forms."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.booking.customers import default_region, normalise_email, normalise_phone
from app.booking.errors import BookingError, NotFound
from app.models import Agent, Branch, Customer, Service


def branch(session: Session, name: str | None = None) -> Branch:
    """The named branch, or the only one when no name is given."""
    if name is not None:
        found = session.scalars(select(Branch).where(Branch.name == name)).one_or_none()
        if found is None:
            raise NotFound("branch", repr(name))
        return found
    branches = list(session.scalars(select(Branch).order_by(Branch.name).limit(2)))
    if not branches:
        raise BookingError(
            "no_branch", "No branch is set up yet; apply a setup file (frontdesk setup apply)."
        )
    if len(branches) > 1:
        raise BookingError("branch_required", "Several branches exist; name one with --branch.")
    return branches[0]


def service(session: Session, branch_id: int, name: str) -> Service:
    found = session.scalars(
        select(Service).where(Service.branch_id == branch_id, Service.name == name)
    ).one_or_none()
    if found is None:
        found = session.scalars(
            select(Service).where(
                Service.branch_id == branch_id, func.lower(Service.name) == name.lower()
            )
        ).one_or_none()
    if found is None:
        names = session.scalars(
            select(Service.name).where(Service.branch_id == branch_id).order_by(Service.position)
        )
        raise BookingError("not_found", f"No service named {name!r}. Services: {', '.join(names)}.")
    return found


def agent(session: Session, branch_id: int, name: str) -> Agent:
    found = session.scalars(
        select(Agent).where(Agent.branch_id == branch_id, func.lower(Agent.name) == name.lower())
    ).one_or_none()
    if found is None:
        names = session.scalars(
            select(Agent.name).where(Agent.branch_id == branch_id).order_by(Agent.position)
        )
        raise BookingError("not_found", f"No agent named {name!r}. Agents: {', '.join(names)}.")
    return found


def customer(session: Session, key: str) -> Customer:
    """A customer by id (``42`` or ``#42``), e-mail address or phone number."""
    key = key.strip()
    if key.lstrip("#").isdigit() and len(key.lstrip("#")) < 9:
        found = session.get(Customer, int(key.lstrip("#")))
        if found is None:
            raise NotFound("customer", key)
        return found
    if "@" in key:
        email = normalise_email(key)
        matches = list(
            session.scalars(
                select(Customer).where(func.lower(Customer.email) == (email or "").lower())
            )
        )
    else:
        phone = normalise_phone(key, default_region(session))
        matches = list(session.scalars(select(Customer).where(Customer.phone == phone)))
    if not matches:
        raise NotFound("customer", key)
    if len(matches) > 1:
        ids = ", ".join(f"#{c.id}" for c in matches)
        raise BookingError(
            "ambiguous_customer", f"Several customers match {key}: {ids}. Give the id instead."
        )
    return matches[0]
