"""Custom statuses: defining and listing them, the refusals, services they are for, the
``blocking`` copy of appointments kept in step (and refused by the database when that
would double-book), and the ``statuses`` commands. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app import cli
from app.booking import appointments as use
from app.booking import availability, statuses
from app.booking.appointments import BookingRequest
from app.booking.errors import BookingError
from app.booking.permissions import Actor, load_actor
from app.models import Appointment, AuditEntry, Service, StatusDefinition
from tests.support.riverside import (
    MONDAY_9AM,
    RIVERSIDE,
    add_customers,
    apply_riverside,
    ids,
)

NOW = MONDAY_9AM
TZ = ZoneInfo("America/Toronto")
TUESDAY = date(2026, 11, 24)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 24, hour, minute, tzinfo=TZ)


@pytest.fixture
def found(sessions: sessionmaker[Session]) -> dict[str, int]:
    apply_riverside(sessions)
    with sessions() as session:
        out = ids(session)
        for i, customer_id in enumerate(add_customers(session, 3)):
            out[f"c{i}"] = customer_id
    return out


@pytest.fixture
def session(sessions: sessionmaker[Session], found: dict[str, int]) -> Iterator[Session]:
    with sessions() as s:
        yield s


@pytest.fixture
def desk(session: Session) -> Actor:
    return load_actor(session)


def _service(session: Session, name: str) -> Service:
    return session.scalars(select(Service).where(Service.name == name)).one()


def _book(session: Session, actor: Actor, found: dict[str, int], agent: str, customer: str) -> int:
    appt = use.book(
        session,
        actor,
        BookingRequest(
            service_id=_service(session, "Account opening").id,
            start=at(11),
            agent_id=found[agent],
            customer_id=found[customer],
        ),
        NOW,
    )
    session.commit()
    return appt.id


# -- defining ------------------------------------------------------------------------------


def test_define_creates_last_then_updates_and_audits(session: Session, desk: Actor) -> None:
    done = statuses.define_status(
        session,
        desk,
        "awaiting_documents",
        "  Awaiting documents ",
        description="The customer brings papers.",
        color="#AA00AA",
        now=NOW,
    )
    assert (done.created, done.changed, done.appointments_updated) == (True, (), 0)
    status = done.status
    assert (status.name, status.position, status.color, status.builtin) == (
        "Awaiting documents",
        8,  # after the seven built-in statuses
        "#aa00aa",
        False,
    )
    assert (status.blocks_time, status.all_services, status.predicate) == (True, True, None)

    same = statuses.define_status(
        session,
        desk,
        "awaiting_documents",
        "Awaiting documents",
        description="The customer brings papers.",
        color="#aa00aa",
        now=NOW,
    )
    assert (same.created, same.changed) == (False, ())
    moved = statuses.define_status(
        session,
        desk,
        "awaiting_documents",
        "Waiting for papers",
        position=0,
        predicate="start",
        blocks_time=False,
        now=NOW,
    )
    assert moved.changed == (
        "name",
        "description",
        "position",
        "predicate",
        "color",
        "blocks_time",
    )
    session.commit()
    listed = statuses.list_statuses(session)
    assert listed[0].key == "awaiting_documents"
    assert [s.key for s in listed[1:]] == list(statuses.BUILTIN_KEYS)
    assert (listed[0].description, listed[0].color, listed[0].builtin) == ("", None, False)
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == "status").order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == ["status.create", "status.update"]  # not the no-op
    assert entries[0].before is None
    assert entries[1].before is not None
    assert entries[1].before["name"] == "Awaiting documents"
    assert entries[1].after is not None
    assert entries[1].after["name"] == "Waiting for papers"
    assert entries[1].entity_id == moved.status.id


@pytest.mark.parametrize(
    ("key", "kwargs", "code"),
    [
        ("confirmed", {}, "builtin_status"),
        ("noshow", {"blocks_time": True}, "builtin_status"),
        ("Awaiting", {}, "invalid_status_key"),
        ("awaiting documents", {}, "invalid_status_key"),
        ("1st", {}, "invalid_status_key"),
        ("a" * 41, {}, "invalid_status_key"),
        ("ok", {"color": "red"}, "invalid_color"),
        ("ok", {"color": "#12345"}, "invalid_color"),
        ("ok", {"predicate": "approval"}, "unknown_predicate"),
        ("ok", {"position": -1}, "invalid_position"),
        ("ok", {"service_ids": [999_999]}, "not_found"),
        ("ok", {"name": "   "}, "invalid_status_name"),
        ("ok", {"name": "Tab\there"}, "invalid_status_name"),
        ("ok", {"name": "x" * 101}, "invalid_status_name"),
        ("ok", {"description": "nul\x00"}, "invalid_status_description"),
    ],
)
def test_define_refusals(
    session: Session, desk: Actor, key: str, kwargs: dict[str, Any], code: str
) -> None:
    kwargs = dict(kwargs)  # the same dict serves both databases' runs
    name = kwargs.pop("name", "Some status")
    with pytest.raises(BookingError) as err:
        statuses.define_status(session, desk, key, name, now=NOW, **kwargs)
    assert err.value.code == code
    session.rollback()
    assert statuses.by_key(session, "confirmed").builtin
    assert session.scalars(select(StatusDefinition).where(~StatusDefinition.builtin)).all() == []


def test_define_needs_the_administer_permission(session: Session, desk: Actor) -> None:
    clerk = Actor(None, "rita", "Rita", "receptionist", desk.permissions - {"administer"})
    with pytest.raises(BookingError) as err:
        statuses.define_status(session, clerk, "on_hold", "On hold", now=NOW)
    assert err.value.code == "permission_denied"


def test_a_status_for_some_services_only(
    session: Session, desk: Actor, found: dict[str, int]
) -> None:
    """A confirmation status placed first and enabled for account openings only: new
    account openings start there, other services still start in "confirmed"."""
    opening = _service(session, "Account opening")
    statuses.define_status(
        session,
        desk,
        "booked",
        "Booked",
        position=0,
        predicate="confirmation",
        service_ids=[opening.id],
        now=NOW,
    )
    session.commit()
    booked = statuses.by_key(session, "booked")
    assert statuses.enabled_for(booked, opening.id)
    assert not statuses.enabled_for(booked, _service(session, "Notary").id)
    appt_id = _book(session, desk, found, "Carla Diaz", "c0")
    assert use.get(session, appt_id).status.key == "booked"
    info = next(s for s in statuses.list_statuses(session) if s.key == "booked")
    assert [(v.name, v.branch) for v in info.services] == [("Account opening", "Riverside")]
    assert info.appointments == 1

    statuses.define_status(session, desk, "booked", "Booked", position=0, predicate="confirmation")
    session.commit()
    assert statuses.by_key(session, "booked").all_services
    assert statuses.by_key(session, "booked").services == []


def test_branch_scoped_services_keep_other_branches_links(
    sessions: sessionmaker[Session], found: dict[str, int]
) -> None:
    apply_riverside(sessions, RIVERSIDE.read_text("utf-8").replace('"Riverside"', '"Uptown"'))
    with sessions() as session:
        desk = load_actor(session)
        by_branch = {(s.branch.name, s.name): s.id for s in session.scalars(select(Service)).all()}
        riverside = found["branch"]
        uptown = session.scalars(
            select(Service.branch_id).where(Service.id == by_branch[("Uptown", "Notary")])
        ).one()
        statuses.define_status(
            session,
            desk,
            "notarised",
            "Notarised",
            service_ids=[by_branch[("Riverside", "Notary")]],
            branch_id=riverside,
            now=NOW,
        )
        statuses.define_status(
            session,
            desk,
            "notarised",
            "Notarised",
            service_ids=[by_branch[("Uptown", "Notary")], by_branch[("Uptown", "Account opening")]],
            branch_id=uptown,
            now=NOW,
        )
        session.commit()
        status = statuses.by_key(session, "notarised")
        assert {s.id for s in status.services} == {
            by_branch[("Riverside", "Notary")],
            by_branch[("Uptown", "Notary")],
            by_branch[("Uptown", "Account opening")],
        }
        with pytest.raises(BookingError) as err:  # a service of the other branch
            statuses.define_status(
                session,
                desk,
                "notarised",
                "Notarised",
                service_ids=[by_branch[("Uptown", "Notary")]],
                branch_id=riverside,
                now=NOW,
            )
        assert err.value.code == "not_found"


# -- blocks_time and the appointments in the status ----------------------------------------------


def _blocking(session: Session, appointment_id: int) -> bool:
    session.expire_all()
    return session.scalars(
        select(Appointment.blocking).where(Appointment.id == appointment_id)
    ).one()


def _carla_free_at_11(session: Session, found: dict[str, int]) -> bool:
    slots = availability.slots(
        session,
        _service(session, "Account opening"),
        TUESDAY,
        TUESDAY,
        NOW,
        agent_id=found["Carla Diaz"],
    )
    return any(s.start == at(11) for s in slots)


def test_flipping_blocks_time_updates_appointments_in_the_status(
    session: Session, desk: Actor, found: dict[str, int]
) -> None:
    statuses.define_status(session, desk, "on_hold", "On hold", now=NOW)
    session.commit()
    held = _book(session, desk, found, "Carla Diaz", "c0")
    other = _book(session, desk, found, "Bob Chen", "c1")
    use.set_status(session, desk, held, "on_hold", NOW)
    session.commit()
    assert _blocking(session, held)
    assert not _carla_free_at_11(session, found)

    done = statuses.define_status(session, desk, "on_hold", "On hold", blocks_time=False, now=NOW)
    assert (done.changed, done.appointments_updated) == (("blocks_time",), 1)
    session.commit()
    assert not _blocking(session, held)
    assert _blocking(session, other)  # confirmed, untouched
    assert _carla_free_at_11(session, found)

    done = statuses.define_status(session, desk, "on_hold", "On hold", blocks_time=True, now=NOW)
    assert done.appointments_updated == 1
    session.commit()
    assert _blocking(session, held)
    assert not _carla_free_at_11(session, found)
    entry = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "status.update")
        .order_by(AuditEntry.id.desc())
    ).first()
    assert entry is not None
    assert entry.after is not None
    assert entry.after["appointments_updated"] == 1


def test_making_a_status_blocking_that_would_double_book_is_slot_taken(
    session: Session, desk: Actor, found: dict[str, int]
) -> None:
    statuses.define_status(session, desk, "on_hold", "On hold", blocks_time=False, now=NOW)
    session.commit()
    held = _book(session, desk, found, "Carla Diaz", "c0")
    use.set_status(session, desk, held, "on_hold", NOW)
    session.commit()
    assert not _blocking(session, held)
    # The held appointment frees Carla's time, so the same time can be booked again.
    again = _book(session, desk, found, "Carla Diaz", "c1")
    assert _blocking(session, again)

    with pytest.raises(BookingError) as err:
        statuses.define_status(session, desk, "on_hold", "On hold", blocks_time=True, now=NOW)
    assert err.value.code == "slot_taken"
    assert "On hold cannot take the agents' time" in err.value.message
    session.rollback()
    assert not statuses.by_key(session, "on_hold").blocks_time
    assert not _blocking(session, held)
    assert _blocking(session, again)


# -- the commands --------------------------------------------------------------------------------


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], db_url: str) -> None:
        self.capsys = capsys
        self.db_url = db_url

    def __call__(self, *args: str, ok: bool = True, json_out: bool = True) -> Any:
        extra = ["--json"] if json_out else []
        code = cli.main([*args, "--db", self.db_url, "--now", NOW.isoformat(), *extra])
        out, err = self.capsys.readouterr()
        if ok:
            assert code == 0, err
        else:
            assert code != 0, (out, err)
        if not json_out:
            return out
        return json.loads(out) if out.strip() else None


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], db_url: str) -> Cli:
    runner = Cli(capsys, db_url)
    runner("setup", "apply", str(RIVERSIDE))
    return runner


def test_statuses_list_json(run: Cli) -> None:
    data = run("statuses", "list")
    keys = [s["key"] for s in data["statuses"]]
    assert keys == list(statuses.BUILTIN_KEYS)
    cancelled = data["statuses"][4]
    assert cancelled == {
        "key": "cancelled",
        "name": "Cancelled",
        "description": "Cancelled; the time is free again.",
        "position": 5,
        "predicate": "cancellation",
        "color": "#9e9e9e",
        "blocks_time": False,
        "builtin": True,
        "all_services": True,
        "services": [],
        "appointments": 0,
    }


def test_statuses_define_creates_then_changes_only_what_is_given(run: Cli) -> None:
    data = run(
        "statuses",
        "define",
        "awaiting_documents",
        "--name",
        "Awaiting documents",
        "--color",
        "#6D4C41",
        "--no-blocks",
        "--service",
        "Notary",
        "Account opening",
        "--description",
        "Papers to bring.",
    )
    assert data["created"] is True
    status = data["status"]
    assert (status["position"], status["color"], status["blocks_time"]) == (8, "#6d4c41", False)
    assert status["all_services"] is False
    listed = {s["key"]: s for s in run("statuses", "list")["statuses"]}
    assert [v["name"] for v in listed["awaiting_documents"]["services"]] == [
        "Account opening",
        "Notary",
    ]

    # Options left out keep their value; "none" clears one.
    data = run(
        "statuses", "define", "awaiting_documents", "--name", "Awaiting papers", "--color", "none"
    )
    assert (data["created"], data["changed"]) == (False, ["name", "color"])
    status = data["status"]
    assert (status["description"], status["blocks_time"], status["color"]) == (
        "Papers to bring.",
        False,
        None,
    )
    assert status["all_services"] is False
    data = run(
        "statuses",
        "define",
        "awaiting_documents",
        "--name",
        "Awaiting papers",
        "--all-services",
        "--predicate",
        "start",
        "--position",
        "3",
    )
    assert data["changed"] == ["position", "predicate", "services"]
    assert data["status"]["all_services"] is True
    text = run(
        "statuses", "define", "awaiting_documents", "--name", "Awaiting papers", json_out=False
    )
    assert text == "Status awaiting_documents already has these values; nothing changed.\n"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("confirmed", "--name", "Done"), "builtin_status"),
        (("Bad", "--name", "Bad"), "invalid_status_key"),
        (("ok", "--name", "Ok", "--color", "blue"), "invalid_color"),
        (("ok", "--name", "Ok", "--predicate", "approved"), "unknown_predicate"),
        (("ok", "--name", "Ok", "--service", "Safe deposit box"), "not_found"),
        (("ok", "--name", "Ok", "--service", "Notary", "--all-services"), "usage"),
    ],
)
def test_statuses_define_refusals(run: Cli, args: tuple[str, ...], code: str) -> None:
    data = run("statuses", "define", *args, ok=False)
    assert data["error"]["code"] == code
    assert [s["key"] for s in run("statuses", "list")["statuses"]] == list(statuses.BUILTIN_KEYS)


def test_statuses_define_reports_appointments_it_flips(
    run: Cli, sessions: sessionmaker[Session]
) -> None:
    run("statuses", "define", "on_hold", "--name", "On hold")
    booked = run(
        "book",
        "--service",
        "Account opening",
        "--start",
        "2026-11-24T11:00",
        "--agent",
        "Carla Diaz",
        "--name",
        "Ann Roy",
        "--phone",
        "+14165550100",
    )
    run("status", str(booked["id"]), "on_hold")
    text = run("statuses", "define", "on_hold", "--name", "On hold", "--no-blocks", json_out=False)
    assert text == (
        "Status on_hold changed: blocks_time. 1 appointment(s) in it now no longer take "
        "their agent's time.\n"
    )
    with sessions() as session:
        assert not _blocking(session, booked["id"])
