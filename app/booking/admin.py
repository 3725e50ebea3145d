"""Administration screens' edits: one part of a branch's setup changed at a time.

A screen edits the branch, a service, an agent or a repeating availability period in the
same shape the setup file gives it (a TOML table as ``tomllib`` reads it: strings for
durations, times and dates, lists of tables for hours and holidays). The change is made
on the branch's current setup, read inside the caller's transaction, and the whole result
is checked by the setup file's own reader and written by ``apply_setup``. So a screen can
accept nothing a setup file would refuse, refusals name the key that is wrong, an edit
made at another desk to another part of the branch is never undone, and the audit trail
records the change with the branch's previous setup.

Names are how a setup file matches services and agents; a rename is therefore done on
the row first (so its id, its appointments and its calendar links stay) and then in every
place the setup names it.

Nothing here commits: the caller owns the transaction (``run_write``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking.errors import BookingError, NotFound
from app.booking.permissions import ADMINISTER, Actor
from app.booking.setup_apply import ApplyReport, apply_setup
from app.booking.setup_export import export_branch
from app.booking.setup_file import parse_setup_data
from app.booking.setup_schema import SetupFileError
from app.models import Agent, Branch, Service

Table = dict[str, Any]

__all__ = [
    "FieldProblem",
    "SetupEditError",
    "create_branch",
    "edit_setup",
    "remove_agent",
    "remove_availability",
    "remove_service",
    "save_agent",
    "save_availability",
    "save_branch",
    "save_service",
    "setup_tables",
]


@dataclass(frozen=True)
class FieldProblem:
    """One refused value: ``path`` as the setup file names it, ``key`` its last key."""

    path: str
    key: str
    message: str


class SetupEditError(BookingError):
    """A screen's values were refused; ``problems`` says which key and why, for each."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        first = problems[0]
        message = first.message[:1].upper() + first.message[1:]
        if not message.endswith("."):
            message += "."
        more = len(problems) - 1
        if more:
            message += f" ({more} more problem{'s' if more > 1 else ''})"
        super().__init__(
            "invalid_setup",
            message,
            [{"path": p.path, "key": p.key, "message": p.message} for p in problems],
        )


def _last_key(path: str) -> str:
    """``agents[1].hours[0].start`` → ``start``; ``services[2]`` → ``services``."""
    tail = path.rsplit(".", 1)[-1]
    return tail.split("[", 1)[0]


def _branch(session: Session, branch_id: int) -> Branch:
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise NotFound("branch", branch_id)
    return branch


def setup_tables(session: Session, branch_id: int) -> Table:
    """The branch's setup as TOML tables: what each screen starts its form from."""
    return tomllib.loads(export_branch(session, _branch(session, branch_id)))


def edit_setup(
    session: Session,
    actor: Actor,
    branch_id: int,
    edit: Callable[[Table], None],
    now: datetime,
) -> ApplyReport:
    """Change the branch's current setup with ``edit``, check it whole and apply it.

    Needs "administer". Raises ``SetupEditError`` (code ``invalid_setup``) naming each
    refused key; the database is then untouched by this call.
    """
    actor.require(ADMINISTER)
    data = setup_tables(session, branch_id)
    edit(data)
    try:
        setup = parse_setup_data(data, source="the form")
    except SetupFileError as exc:
        raise SetupEditError(
            [FieldProblem(p.path, _last_key(p.path), p.message) for p in exc.problems]
        ) from None
    return apply_setup(session, actor, setup, now)


# -- renames ---------------------------------------------------------------------------


def _rename_service_refs(data: Table, old: str, new: str) -> None:
    for agent in data.get("agents", []):
        for hours in agent.get("hours", []):
            listed = hours.get("services")
            if isinstance(listed, list):
                hours["services"] = [new if s == old else s for s in listed]
    for period in data.get("availability", []):
        if period.get("service") == old:
            period["service"] = new
    for status in data.get("statuses", []):
        listed = status.get("services")
        if isinstance(listed, list):
            status["services"] = [new if s == old else s for s in listed]


def _rename_agent_refs(data: Table, old: str, new: str) -> None:
    for service in data.get("services", []):
        listed = service.get("agents")
        if isinstance(listed, list):
            service["agents"] = [new if a == old else a for a in listed]
    for period in data.get("availability", []):
        if period.get("agent") == old:
            period["agent"] = new


def _new_name(table: Table, what: str) -> str:
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SetupEditError([FieldProblem(f"{what}.name", "name", f"the {what} needs a name")])
    return name.strip()


def _index(items: list[Table], name: str) -> int | None:
    for i, item in enumerate(items):
        if isinstance(item.get("name"), str) and item["name"].strip() == name:
            return i
    return None


# -- the branch --------------------------------------------------------------------------


def save_branch(
    session: Session, actor: Actor, branch_id: int, table: Table, now: datetime
) -> ApplyReport:
    """Replace the ``[branch]`` table (name, time zone, color, logo, greeting, closures).

    A new name renames the branch in place; a name another branch has is refused.
    """
    actor.require(ADMINISTER)
    branch = _branch(session, branch_id)
    new = _new_name(table, "branch")
    if new != branch.name:
        taken = session.scalar(select(Branch.id).where(Branch.name == new, Branch.id != branch_id))
        if taken is not None:
            raise SetupEditError(
                [FieldProblem("branch.name", "name", f'another branch is already called "{new}"')]
            )
        branch.name = new
        session.flush()

    def edit(data: Table) -> None:
        data["branch"] = {**table, "name": new}

    return edit_setup(session, actor, branch_id, edit, now)


def create_branch(session: Session, actor: Actor, table: Table, now: datetime) -> ApplyReport:
    """Create a branch from its ``[branch]`` table alone (name and time zone at least).

    A database that has no branch yet (a new shared server, a desk started without demo
    data) gets its first one this way; services and agents are added afterwards.
    """
    actor.require(ADMINISTER)
    new = _new_name(table, "branch")
    if session.scalar(select(Branch.id).where(Branch.name == new)) is not None:
        raise SetupEditError(
            [FieldProblem("branch.name", "name", f'a branch is already called "{new}"')]
        )
    try:
        setup = parse_setup_data({"branch": {**table, "name": new}}, source="the form")
    except SetupFileError as exc:
        raise SetupEditError(
            [FieldProblem(p.path, _last_key(p.path), p.message) for p in exc.problems]
        ) from None
    return apply_setup(session, actor, setup, now)


# -- services ----------------------------------------------------------------------------


def save_service(
    session: Session,
    actor: Actor,
    branch_id: int,
    original: str | None,
    table: Table,
    now: datetime,
) -> ApplyReport:
    """Add a service (``original`` None) or replace the one named ``original``.

    ``table`` is the service's whole ``[[services]]`` table, ``agents`` included; a new
    name renames the service everywhere the setup names it.
    """
    actor.require(ADMINISTER)
    new = _new_name(table, "service")
    if original is not None and new != original:
        _rename_row(session, Service, branch_id, original, new, "service")

    def edit(data: Table) -> None:
        services: list[Table] = data.setdefault("services", [])
        if original is not None:
            _rename_service_refs(data, original, new)
            at = _index(services, new)
            if at is None:
                raise NotFound("service", original)
            services[at] = {**table, "name": new}
        else:
            if _index(services, new) is not None:
                raise SetupEditError(
                    [FieldProblem("service.name", "name", f'a service is already called "{new}"')]
                )
            services.append({**table, "name": new})

    return edit_setup(session, actor, branch_id, edit, now)


def remove_service(
    session: Session, actor: Actor, branch_id: int, name: str, now: datetime
) -> ApplyReport:
    """Remove a service: deleted, or kept inactive when appointments still name it.

    Hours segments kept only for this service go with it, as do its availability periods.
    """

    def edit(data: Table) -> None:
        services: list[Table] = data.get("services", [])
        at = _index(services, name)
        if at is None:
            raise NotFound("service", name)
        del services[at]
        for agent in data.get("agents", []):
            kept = []
            for hours in agent.get("hours", []):
                listed = hours.get("services")
                if isinstance(listed, list) and name in listed:
                    listed = [s for s in listed if s != name]
                    if not listed:
                        continue  # the segment was for this service only
                    hours["services"] = listed
                kept.append(hours)
            if "hours" in agent:
                agent["hours"] = kept
        data["availability"] = [p for p in data.get("availability", []) if p.get("service") != name]
        for status in data.get("statuses", []):
            listed = status.get("services")
            if isinstance(listed, list):
                status["services"] = [s for s in listed if s != name]

    return edit_setup(session, actor, branch_id, edit, now)


# -- agents ------------------------------------------------------------------------------


def save_agent(
    session: Session,
    actor: Actor,
    branch_id: int,
    original: str | None,
    table: Table,
    services: list[str] | None,
    now: datetime,
) -> ApplyReport:
    """Add an agent (``original`` None) or replace the one named ``original``.

    ``table`` is the agent's ``[[agents]]`` table (profile, hours, holidays, blocked
    times). ``services``, when given, are the services the agent gives: the setup keeps
    that list on each service, so the agent is added to or taken off those services.
    """
    actor.require(ADMINISTER)
    new = _new_name(table, "agent")
    if original is not None and new != original:
        _rename_row(session, Agent, branch_id, original, new, "agent")

    def edit(data: Table) -> None:
        agents: list[Table] = data.setdefault("agents", [])
        if original is not None:
            _rename_agent_refs(data, original, new)
            at = _index(agents, new)
            if at is None:
                raise NotFound("agent", original)
            agents[at] = {**table, "name": new}
        else:
            if _index(agents, new) is not None:
                raise SetupEditError(
                    [FieldProblem("agent.name", "name", f'an agent is already called "{new}"')]
                )
            agents.append({**table, "name": new})
        if services is not None:
            wanted = set(services)
            known = {s.get("name") for s in data.get("services", [])}
            unknown = sorted(wanted - known)
            if unknown:
                raise SetupEditError(
                    [
                        FieldProblem(
                            "agent.services", "services", f'there is no service "{unknown[0]}"'
                        )
                    ]
                )
            for service in data.get("services", []):
                listed = list(service.get("agents", []))
                if service.get("name") in wanted and new not in listed:
                    listed.append(new)
                elif service.get("name") not in wanted and new in listed:
                    listed.remove(new)
                service["agents"] = listed

    return edit_setup(session, actor, branch_id, edit, now)


def remove_agent(
    session: Session, actor: Actor, branch_id: int, name: str, now: datetime
) -> ApplyReport:
    """Remove an agent: deleted, or kept inactive when appointments or a calendar need it."""

    def edit(data: Table) -> None:
        agents: list[Table] = data.get("agents", [])
        at = _index(agents, name)
        if at is None:
            raise NotFound("agent", name)
        del agents[at]
        for service in data.get("services", []):
            listed = service.get("agents")
            if isinstance(listed, list):
                service["agents"] = [a for a in listed if a != name]
        data["availability"] = [p for p in data.get("availability", []) if p.get("agent") != name]

    return edit_setup(session, actor, branch_id, edit, now)


# -- repeating availability periods ---------------------------------------------------------


def save_availability(
    session: Session,
    actor: Actor,
    branch_id: int,
    index: int | None,
    table: Table,
    now: datetime,
) -> ApplyReport:
    """Add a period (``index`` None) or replace the one at ``index`` of ``setup_tables``."""

    def edit(data: Table) -> None:
        periods: list[Table] = data.setdefault("availability", [])
        if index is None:
            periods.append(dict(table))
        elif 0 <= index < len(periods):
            periods[index] = dict(table)
        else:
            raise NotFound("availability period", index + 1)

    return edit_setup(session, actor, branch_id, edit, now)


def remove_availability(
    session: Session, actor: Actor, branch_id: int, index: int, now: datetime
) -> ApplyReport:
    """Remove the period at ``index`` of ``setup_tables``."""

    def edit(data: Table) -> None:
        periods: list[Table] = data.get("availability", [])
        if not 0 <= index < len(periods):
            raise NotFound("availability period", index + 1)
        del periods[index]

    return edit_setup(session, actor, branch_id, edit, now)


def _rename_row(
    session: Session,
    model: type[Service] | type[Agent],
    branch_id: int,
    old: str,
    new: str,
    what: str,
) -> None:
    rows: list[Service | Agent] = list(
        session.scalars(select(model).where(model.branch_id == branch_id))
    )
    row = next((r for r in rows if r.name == old), None)
    if row is None:
        raise NotFound(what, old)
    if any(r.name == new and r.id != row.id for r in rows):
        article = "an" if what == "agent" else "a"
        raise SetupEditError(
            [FieldProblem(f"{what}.name", "name", f'{article} {what} is already called "{new}"')]
        )
    row.name = new
    session.flush()
