"""The permission matrix, enforced by app/booking whatever a screen shows.

For each of the five roles and each action a desk can take, the role's default
permissions (written out below as the issue's role table, not imported, so a changed
migration fails here) allow the action or refuse it with ``permission_denied``. Overriding
the lead time is the one refusal with another code: without the override permission the
rule itself (``lead_time``) answers, as if no override had been asked for. Changing the
table changes the outcome at once. Runs on SQLite and PostgreSQL, on the Riverside branch,
at Monday 23 November 2026, 09:00 in Toronto.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking import settings as settings_store
from app.booking import users
from app.booking.appointments import BookingRequest
from app.booking.customers import update_customer
from app.booking.errors import BookingError
from app.booking.permissions import Actor, load_actor
from app.booking.setup_file import apply_setup, parse_setup
from app.models import Service
from tests.support.riverside import MONDAY_9AM, RIVERSIDE, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")
NOW = MONDAY_9AM
LOAN = {"Estimated loan amount": "350000"}

C, E, A, D, P, OV, CU, AD = (
    "appointments.create",
    "appointments.edit",
    "appointments.assign",
    "appointments.delete",
    "appointments.approve",
    "appointments.override",
    "customers.edit",
    "administer",
)
DEFAULT_TABLE: dict[str, frozenset[str]] = {
    "administrator": frozenset({C, E, A, D, P, OV, CU, AD}),
    "manager": frozenset({C, E, A, D, P, OV, CU}),
    "booking_manager": frozenset({C, E, A, P, CU}),
    "agent": frozenset({C, E, CU}),
    "receptionist": frozenset({C, E, A, CU}),
}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


class World:
    """The Riverside branch with two customers and two appointments made by the desk:
    a confirmed account opening (to move and cancel) and a pending mortgage request."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        apply_riverside(sessions)
        with sessions() as session:
            self.ids = ids(session)
            self.customers = add_customers(session, 3)
            desk = load_actor(session)
            self.opening = self._service(session, "Account opening")
            self.mortgage = self._service(session, "Mortgage consultation")
            self.booked = use.book(
                session,
                desk,
                BookingRequest(self.opening, at(25, 10), customer_id=self.customers[0]),
                NOW,
            ).id
            self.pending = use.book(
                session,
                desk,
                BookingRequest(
                    self.mortgage,
                    at(24, 9),
                    customer_id=self.customers[1],
                    agent_id=self.ids["Alice Martin"],
                    field_values=LOAN,
                ),
                NOW,
            ).id
            for role in DEFAULT_TABLE:
                users.add_user(
                    session, desk, NOW, username=role, display_name=role.title(), role=role
                )
            session.commit()

    @staticmethod
    def _service(session: Session, name: str) -> int:
        return session.scalars(select(Service.id).where(Service.name == name)).one()


Action = Callable[[Session, Actor, World], object]


def _book(s: Session, actor: Actor, w: World) -> object:
    request = BookingRequest(w.opening, at(24, 11), customer_id=w.customers[2])
    return use.book(s, actor, request, NOW)


def _book_agent(s: Session, actor: Actor, w: World) -> object:
    request = BookingRequest(
        w.opening, at(24, 11), customer_id=w.customers[2], agent_id=w.ids["Bob Chen"]
    )
    return use.book(s, actor, request, NOW)


def _reschedule(s: Session, actor: Actor, w: World) -> object:
    return use.reschedule(s, actor, w.booked, at(25, 14), "Customer asked", NOW)


def _cancel(s: Session, actor: Actor, w: World) -> object:
    return use.cancel(s, actor, w.booked, "Customer is travelling", NOW)


def _cancel_begun(s: Session, actor: Actor, w: World) -> object:
    # Half an hour into the appointment: cancelling now erases a visit that has begun.
    return use.cancel(s, actor, w.booked, "Entered by mistake", at(25, 10, 30))


def _confirm(s: Session, actor: Actor, w: World) -> object:
    return use.set_status(s, actor, w.pending, "confirmed", NOW)


def _override_lead(s: Session, actor: Actor, w: World) -> object:
    request = BookingRequest(
        w.mortgage,
        at(23, 14),  # this afternoon: under the mortgage's one-day lead time
        customer_id=w.customers[2],
        agent_id=w.ids["Alice Martin"],
        field_values=LOAN,
        override_reason="Urgent file, agreed with the customer",
    )
    return use.book(s, actor, request, NOW)


def _edit_customer(s: Session, actor: Actor, w: World) -> object:
    return update_customer(s, actor, w.customers[0], now=NOW, notes="Prefers mornings")


def _apply_setup(s: Session, actor: Actor, w: World) -> object:
    text = RIVERSIDE.read_text("utf-8").replace(
        'theme_color = "#1565c0"', 'theme_color = "#000080"'
    )
    return apply_setup(s, actor, parse_setup(text, "riverside.toml"), NOW)


def _change_setting(s: Session, actor: Actor, w: World) -> object:
    return settings_store.change_setting(s, actor, settings_store.MIN_AGENT_SHARE, 0.5, NOW)


#: action name -> (use case, permissions it needs, error code when refused)
ACTIONS: dict[str, tuple[Action, frozenset[str], str]] = {
    "book": (_book, frozenset({C}), "permission_denied"),
    "book choosing an agent": (_book_agent, frozenset({C, A}), "permission_denied"),
    "reschedule": (_reschedule, frozenset({E}), "permission_denied"),
    "cancel": (_cancel, frozenset({E}), "permission_denied"),
    "cancel after it began": (_cancel_begun, frozenset({E, D}), "permission_denied"),
    "confirm a pending request": (_confirm, frozenset({E, P}), "permission_denied"),
    "override lead time": (_override_lead, frozenset({C, A, OV}), "lead_time"),
    "edit a customer": (_edit_customer, frozenset({CU}), "permission_denied"),
    "apply a setup file": (_apply_setup, frozenset({AD}), "permission_denied"),
    "change a setting": (_change_setting, frozenset({AD}), "permission_denied"),
}


@pytest.fixture
def world(sessions: sessionmaker[Session]) -> World:
    return World(sessions)


@pytest.fixture
def session(sessions: sessionmaker[Session], world: World) -> Iterator[Session]:
    with sessions() as s:
        yield s


def _outcome(session: Session, username: str, action: Action, world: World) -> str:
    """ "allowed" or the refusal's code; nothing is kept either way."""
    actor = load_actor(session, username)
    try:
        action(session, actor, world)
        session.flush()
    except BookingError as exc:
        return exc.code
    finally:
        session.rollback()
    return "allowed"


def _mismatches(session: Session, world: World, table: dict[str, frozenset[str]]) -> list[str]:
    wrong = []
    for role, granted in table.items():
        for name, (action, needs, refusal) in ACTIONS.items():
            expected = "allowed" if needs <= granted else refusal
            got = _outcome(session, role, action, world)
            if got != expected:
                wrong.append(f"{role} / {name}: expected {expected}, got {got}")
    return wrong


def test_default_roles_hold_the_documented_permissions(session: Session, world: World) -> None:
    table = {r.key: frozenset(r.permissions) for r in users.list_roles(session)}
    assert table == DEFAULT_TABLE


def test_every_role_and_action_follows_the_default_table(session: Session, world: World) -> None:
    assert _mismatches(session, world, DEFAULT_TABLE) == []


def test_refusals_name_the_person_and_the_missing_permission(
    session: Session, world: World
) -> None:
    with pytest.raises(BookingError) as err:
        _change_setting(session, load_actor(session, "receptionist"), world)
    assert err.value.code == "permission_denied"
    assert "Receptionist" in err.value.message
    assert "administer" in err.value.message


def test_changing_the_table_changes_the_outcome(
    sessions: sessionmaker[Session], session: Session, world: World
) -> None:
    with sessions() as s:
        desk = load_actor(s)
        users.change_role_permissions(s, desk, "receptionist", NOW, grant=[P], revoke=[A])
        users.change_role_permissions(s, desk, "agent", NOW, grant=[AD, OV, A])
        users.change_role_permissions(s, desk, "manager", NOW, revoke=[OV])
        s.commit()
    changed = dict(DEFAULT_TABLE)
    changed["receptionist"] = DEFAULT_TABLE["receptionist"] - {A} | {P}
    changed["agent"] = DEFAULT_TABLE["agent"] | {AD, OV, A}
    changed["manager"] = DEFAULT_TABLE["manager"] - {OV}
    assert _outcome(session, "receptionist", _book_agent, world) == "permission_denied"
    assert _outcome(session, "receptionist", _confirm, world) == "allowed"
    assert _outcome(session, "agent", _change_setting, world) == "allowed"
    assert _outcome(session, "manager", _override_lead, world) == "lead_time"
    assert _mismatches(session, world, changed) == []


def test_a_removed_user_cannot_act(
    sessions: sessionmaker[Session], session: Session, world: World
) -> None:
    with sessions() as s:
        users.remove_user(s, load_actor(s), "manager", NOW)
        s.commit()
    with pytest.raises(BookingError) as err:
        load_actor(session, "manager")
    assert err.value.code == "unknown_user"


def test_a_refusal_comes_before_any_change(session: Session, world: World) -> None:
    """Committing after a refusal keeps nothing: the check runs before the change."""
    with pytest.raises(BookingError):
        _confirm(session, load_actor(session, "agent"), world)
    with pytest.raises(BookingError):
        _change_setting(session, load_actor(session, "manager"), world)
    session.commit()
    assert use.get(session, world.pending).status.key == "pending"
    assert settings_store.get(session, settings_store.MIN_AGENT_SHARE) != 0.5
