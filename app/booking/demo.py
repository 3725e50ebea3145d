"""A realistic demo branch: the Riverside services and agents, 500 customers, and four weeks
of appointments around today in mixed statuses, with their status history.

The appointments are laid out directly (the booking rules such as lead times would refuse
the past ones), but they follow the rules that matter for the picture: agents' hours and
services, closed days, holidays, blocked times, buffers, no overlap, approval statuses.
Everything is drawn from a seeded random generator, so a given ``now`` gives the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from app.booking import queries
from app.booking.customers import search_text_for
from app.booking.errors import BookingError
from app.booking.permissions import load_actor
from app.booking.setup_file import apply_setup, parse_setup
from app.models import (
    Agent,
    AgentHours,
    Appointment,
    BlockedTime,
    Branch,
    Closure,
    Customer,
    Service,
    StatusDefinition,
    StatusHistory,
)
from app.models.db import write_session
from app.scheduling.days import has_weekday

FIRST_NAMES = (
    "Olivia Liam Emma Noah Charlotte William Amelia Benjamin Sophia Lucas Chloé Gabriel "
    "Léa Félix Zoé Samuel Maëlle Nathan Aisha Omar Mei Wei Priya Arjun Sofía Mateo Hana "
    "Kenji Fatima Yusuf Ingrid Lars Aoife Cian Élodie Jérôme Nadia Karim Ava Ethan Mia "
    "Jacob Isabella Logan Émilie Thomas Camille Raphaël Ana João"
).split()
LAST_NAMES = (
    "Smith Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Brown Wilson "
    "Martin Lee Nguyen Patel Singh Kim Chen Wong García Rodríguez Silva Santos Müller "
    "Schmidt Novak Kowalski O'Brien MacDonald Campbell Anderson Taylor Thomas Leblanc "
    "Pelletier Bélanger Lévesque Bergeron Girard Ahmed Ali Haddad Khoury Sato Tanaka Park "
    "Johansson Rossi Bianchi"
).split()
AREA_CODES = ("416", "647", "437", "905", "289", "514", "613")
SOURCES = ("walk-in", "phone", "phone", "desk", "self-service")
CANCEL_REASONS = (
    "Customer asked to cancel by phone.",
    "Customer is travelling.",
    "Documents not ready yet.",
    "Booked by mistake.",
)


@dataclass(frozen=True)
class DemoReport:
    branch: str
    customers: int
    appointments: int


def riverside_text() -> str:
    return resources.files("resources.examples").joinpath("riverside.toml").read_text("utf-8")


def create_demo(
    sessions: sessionmaker[Session],
    now: datetime,
    *,
    force: bool = False,
    customers: int = 500,
    seed: int = 2026,
) -> DemoReport:
    """Fill the database with the demo branch in one transaction.

    Refuses a database that already holds a branch or a customer unless ``force``.
    """
    rng = random.Random(seed)
    with write_session(sessions) as session:
        if not force and not queries.is_empty(session):
            raise BookingError(
                "not_empty",
                "This database already holds branches or customers; the demo is only added "
                "to an empty database (use --force to add it anyway).",
            )
        actor = load_actor(session)
        setup = parse_setup(riverside_text(), "riverside.toml")
        apply_setup(session, actor, setup, now)
        session.flush()
        branch = session.scalars(select(Branch).where(Branch.name == setup.branch.name)).one()
        people = _make_customers(session, rng, customers)
        count = _make_appointments(session, rng, branch, people, now)
        return DemoReport(branch=branch.name, customers=len(people), appointments=count)


def _make_customers(session: Session, rng: random.Random, count: int) -> list[Customer]:
    made: list[Customer] = []
    used_phones: set[str] = set()
    for i in range(count):
        first = rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        phone: str | None = None
        while phone is None or phone in used_phones:
            phone = f"+1{rng.choice(AREA_CODES)}55501{rng.randrange(100):02d}"
        used_phones.add(phone)
        local = f"{_ascii(first)}.{_ascii(last)}{i}".lower()
        email: str | None = f"{local}@example.com"
        kind = rng.random()
        if kind >= 0.85:
            phone = None  # e-mail only
        elif kind >= 0.70:
            email = None  # phone only
        customer = Customer(
            name=name,
            phone=phone,
            email=email,
            notes=rng.choice([None, None, None, "Prefers French.", "Hard of hearing: speak up."]),
            fields={},
            search_text=search_text_for(name, phone, email),
        )
        made.append(customer)
    session.add_all(made)
    session.flush()
    return made


def _ascii(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if c.isalnum() and c.isascii())


def _make_appointments(
    session: Session,
    rng: random.Random,
    branch: Branch,
    people: list[Customer],
    now: datetime,
) -> int:
    tz = ZoneInfo(branch.timezone)
    statuses = {s.key: s for s in session.scalars(select(StatusDefinition))}
    agents = session.scalars(
        select(Agent)
        .where(Agent.branch_id == branch.id, Agent.active.is_(True))
        .options(selectinload(Agent.hours).selectinload(AgentHours.services))
        .order_by(Agent.position)
    ).all()
    services = session.scalars(
        select(Service)
        .where(Service.branch_id == branch.id, Service.active.is_(True))
        .options(
            selectinload(Service.agents), selectinload(Service.hours), selectinload(Service.fields)
        )
    ).all()
    closures = session.scalars(select(Closure)).all()
    blocked = session.scalars(select(BlockedTime)).all()

    def closed(day: date, *, agent_id: int | None = None, service_id: int | None = None) -> bool:
        for c in closures:
            owner_ok = (
                c.branch_id == branch.id
                or (agent_id is not None and c.agent_id == agent_id)
                or (service_id is not None and c.service_id == service_id)
            )
            if owner_ok and c.start_date <= day <= c.end_date:
                return True
        return False

    today = now.astimezone(tz).date()
    made = 0
    for offset in range(-14, 14):
        day = today + timedelta(days=offset)
        if has_weekday(branch.closed_weekdays, day.weekday()) or closed(day):
            continue
        for agent in agents:
            if closed(day, agent_id=agent.id):
                continue
            agent_services = [s for s in services if any(a.id == agent.id for a in s.agents)]
            for segment in agent.hours:
                if not has_weekday(segment.days, day.weekday()):
                    continue
                allowed = [
                    s for s in agent_services if not segment.services or s in segment.services
                ]
                minute = segment.start_minute
                while minute < segment.end_minute:
                    service = rng.choice(allowed) if allowed else None
                    if service is None or rng.random() < 0.4:
                        minute += 30
                        continue
                    if closed(day, service_id=service.id) or not _service_open(
                        service, day, minute
                    ):
                        minute += 15
                        continue
                    begin = minute + service.buffer_before_min
                    finish = begin + service.duration_min
                    block_end = finish + service.buffer_after_min
                    if block_end > segment.end_minute:
                        break
                    start_at = _instant(day, begin, tz)
                    end_at = _instant(day, finish, tz)
                    block_start = start_at - timedelta(minutes=service.buffer_before_min)
                    block_stop = end_at + timedelta(minutes=service.buffer_after_min)
                    if any(
                        b.agent_id == agent.id
                        and b.start_at < block_stop
                        and b.end_at > block_start
                        for b in blocked
                    ):
                        minute += 30
                        continue
                    _add(
                        session,
                        rng,
                        branch,
                        service,
                        agent,
                        rng.choice(people),
                        statuses,
                        start_at,
                        end_at,
                        block_start,
                        block_stop,
                        now,
                    )
                    made += 1
                    # continue on the quarter-hour grid of the segment
                    minute = segment.start_minute + _ceil_quarter(block_end - segment.start_minute)
    session.flush()
    return made


def _ceil_quarter(minutes: int) -> int:
    return -(-minutes // 15) * 15


def _service_open(service: Service, day: date, minute: int) -> bool:
    if service.availability_mode != "agents+service":
        return True
    end = minute + service.buffer_before_min + service.duration_min + service.buffer_after_min
    return any(
        has_weekday(h.days, day.weekday()) and h.start_minute <= minute and end <= h.end_minute
        for h in service.hours
    )


def _instant(day: date, minute: int, tz: ZoneInfo) -> datetime:
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz)
    return local.astimezone(UTC)


def _add(
    session: Session,
    rng: random.Random,
    branch: Branch,
    service: Service,
    agent: Agent,
    customer: Customer,
    statuses: dict[str, StatusDefinition],
    start_at: datetime,
    end_at: datetime,
    block_start: datetime,
    block_end: datetime,
    now: datetime,
) -> None:
    created = min(now, start_at - timedelta(days=rng.randint(1, 12), minutes=rng.randint(0, 600)))
    first = statuses["pending"] if service.requires_approval else statuses["confirmed"]
    steps: list[tuple[StatusDefinition, str | None]] = []
    roll = rng.random()
    if end_at <= now:
        if service.requires_approval:
            steps.append((statuses["confirmed"], None))
        if roll < 0.12:
            steps.append((statuses["cancelled"], rng.choice(CANCEL_REASONS)))
        elif roll < 0.20:
            steps.append((statuses["noshow"], None))
        else:
            steps.append((statuses["completed"], None))
    elif service.requires_approval:
        if roll < 0.5:
            steps.append((statuses["confirmed"], None))
        elif roll < 0.6:
            steps.append((statuses["cancelled"], "Rejected: the branch cannot offer this time."))
    elif roll < 0.10:
        steps.append((statuses["cancelled"], rng.choice(CANCEL_REASONS)))
    elif roll < 0.16:
        steps.append((statuses["waiting"], "Waiting for the customer's documents."))
    elif roll < 0.20:
        steps.append((statuses["confirming"], None))
    final = steps[-1][0] if steps else first
    fields = {}
    for f in service.fields:
        if f.required or rng.random() < 0.5:
            fields[f.name] = (
                f"{rng.randrange(150, 900) * 1000:,} $"
                if "amount" in f.name.lower()
                else f"{rng.randrange(10, 999)} River Street"
            )
    appt = Appointment(
        branch_id=branch.id,
        service_id=service.id,
        agent_id=agent.id,
        customer_id=customer.id,
        start_at=start_at,
        end_at=end_at,
        block_start=block_start,
        block_end=block_end,
        status_id=final.id,
        blocking=final.blocks_time,
        source=rng.choice(SOURCES),
        field_values=fields,
        created_at=created,
        updated_at=created,
    )
    session.add(appt)
    history = [
        StatusHistory(
            from_status_id=None,
            to_status_id=first.id,
            changed_at=created,
            actor="Front desk (demo)",
            reason=None,
        )
    ]
    previous = first
    at = created
    for status, reason in steps:
        at = min(now, at + timedelta(hours=rng.randint(1, 48)))
        history.append(
            StatusHistory(
                from_status_id=previous.id,
                to_status_id=status.id,
                changed_at=at,
                actor="Front desk (demo)",
                reason=reason,
            )
        )
        previous = status
    appt.history.extend(history)
