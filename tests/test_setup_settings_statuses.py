"""The setup file's ``[settings]`` (every branch setting) and ``[[statuses]]`` (custom
statuses): reading with line-numbered problems, applying, canonical export and the round
trip, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking import settings as st
from app.booking import statuses
from app.booking.appointments import BookingRequest
from app.booking.errors import BookingError
from app.booking.permissions import SYSTEM, load_actor
from app.booking.setup_file import (
    BranchSetup,
    BranchSpec,
    PerAudience,
    SettingsSpec,
    StatusSpec,
    apply_setup,
    export_setup,
    parse_setup,
    read_setup_file,
)
from app.models import Appointment, Branch, Service, Setting
from app.models.db import write_session
from tests.support.riverside import add_customers
from tests.test_setup_apply import dump_tables
from tests.test_setup_file import HEAD, problems_of

DATA = Path(__file__).resolve().parent / "data" / "setup"
LOOSE = DATA / "riverside_settings.toml"
CANONICAL = DATA / "riverside_settings_export.toml"
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)

SERVICES = '[[services]]\nname = "Notary"\nduration = "45m"\n'  # lines 4 to 6 after HEAD


# -- reading -----------------------------------------------------------------------------


def test_every_setting_reads_into_its_stored_form() -> None:
    setup = read_setup_file(LOOSE)
    assert setup.settings == SettingsSpec(
        contact_requirement="phone",
        phone_region="CA",
        blocking_show_as=("busy", "tentative"),
        min_agent_share=1.0,
        earliest_bookable_day=PerAudience(desk=0, self_service=1),
        disabled_window_min=PerAudience(desk=None, self_service=120),
    )
    assert dict(setup.settings.items()) == {
        "contact_requirement": "phone",
        "phone_region": "CA",
        "blocking_show_as": ["busy", "tentative"],
        "min_agent_share": 1.0,
        "earliest_bookable_day.desk": 0,
        "earliest_bookable_day.self-service": 1,
        "disabled_window_min.desk": None,
        "disabled_window_min.self-service": 120,
        "approval.timeout_hours": None,
        "archive.after_days": None,
    }
    # what the file stores is what the settings store itself would store
    for key, value in setup.settings.items():
        if value is not None:
            assert st.validate(key, value) == value


def test_statuses_read_with_their_defaults() -> None:
    signed, awaiting = read_setup_file(LOOSE).statuses
    assert signed == StatusSpec(
        key="signed",
        name="Signed",
        description="The deed is signed.",
        position=None,
        predicate="confirmation",
        color="#2e7d32",
        blocks_time=True,
        services=("Notary",),
    )
    assert awaiting == StatusSpec(
        key="awaiting_documents", name="Awaiting documents", position=20, blocks_time=False
    )
    assert awaiting.services is None  # left out: every service
    none = parse_setup(
        HEAD + SERVICES + '[[statuses]]\nkey = "x"\nname = "X"\nservices = []\n'
    ).statuses
    assert none[0].services == ()  # none of this branch's services


def test_a_file_without_settings_or_statuses_sets_nothing() -> None:
    setup = parse_setup(HEAD)
    assert setup.statuses == ()
    assert all(value is None for _, value in setup.settings.items())


@pytest.mark.parametrize(
    ("body", "path", "line", "fragment"),
    [
        ('phone_region = "XX"\n', "settings.phone_region", 5, 'phone_region "XX" is not a country'),
        ("phone_region = 44\n", "settings.phone_region", 5, "phone_region must be a two-letter"),
        (
            'blocking_show_as = ["busy", "away"]\n',
            "settings.blocking_show_as[1]",
            5,
            '"away" is not a show-as value; expected one of: busy, tentative',
        ),
        (
            'blocking_show_as = [\n  "busy",\n  "Busy",\n]\n',
            "settings.blocking_show_as[1]",
            7,
            "listed twice",
        ),
        ('blocking_show_as = "busy"\n', "settings.blocking_show_as", 5, "must be an array"),
        ("blocking_show_as = []\n", "settings.blocking_show_as", 5, 'must hold "busy"'),
        ("min_agent_share = 1.5\n", "settings.min_agent_share", 5, "a number from 0 to 1"),
        ('min_agent_share = "0.5"\n', "settings.min_agent_share", 5, 'not "0.5"'),
        ("min_agent_share = true\n", "settings.min_agent_share", 5, "not true"),
        ("min_agent_share = nan\n", "settings.min_agent_share", 5, "no quotes"),
        (
            "earliest_bookable_day = 1\n",
            "settings.earliest_bookable_day",
            5,
            "must be a table ({ desk = 0, self_service = 1 })",
        ),
        (
            "earliest_bookable_day = { desk = -1 }\n",
            "settings.earliest_bookable_day.desk",
            5,
            "desk must be a whole number of days from 0 (today)",
        ),
        (
            'earliest_bookable_day = { self_service = "1d" }\n',
            "settings.earliest_bookable_day.self_service",
            5,
            'no quotes, not "1d"',
        ),
        (
            'disabled_window = { desk = "2x" }\n',
            "settings.disabled_window.desk",
            5,
            'desk: "2x" is not a duration',
        ),
        (
            'disabled_window = { web = "2h" }\n',
            "settings.disabled_window.web",
            5,
            "allowed keys: desk, self_service",
        ),
        (
            'disabled_window = "2h"\n',
            "settings.disabled_window",
            5,
            """must be a table ({ desk = "0m", self_service = "2h" })""",
        ),
        (
            "earliest_day = { desk = 1 }\n",
            "settings.earliest_day",
            5,
            'did you mean "earliest_bookable_day"?',
        ),
    ],
)
def test_settings_problems(body: str, path: str, line: int, fragment: str) -> None:
    problem = problems_of(HEAD + "[settings]\n" + body)[0]
    assert (problem.path, problem.line) == (path, line)
    assert fragment in problem.message


STATUS = HEAD + SERVICES + "[[statuses]]\n"  # the [[statuses]] header is line 7


@pytest.mark.parametrize(
    ("body", "path", "line", "fragment"),
    [
        ('name = "X"\n', "statuses[0]", 7, 'the required key "key" is missing'),
        ('key = "x"\n', "statuses[0]", 7, 'the required key "name" is missing'),
        ('key = "Awaiting"\nname = "X"\n', "statuses[0].key", 8, "is not a status key"),
        ('key = "a b"\nname = "X"\n', "statuses[0].key", 8, "lower-case letters and digits"),
        (f'key = "{"k" * 41}"\nname = "X"\n', "statuses[0].key", 8, "at most 40 characters"),
        ('key = "noshow"\nname = "X"\n', "statuses[0].key", 8, '"noshow" is a built-in status'),
        (
            'key = "x"\nname = "X"\n[[statuses]]\nkey = "x"\nname = "Y"\n',
            "statuses[1].key",
            11,
            'key "x" is already used by statuses[0]',
        ),
        (f'key = "x"\nname = "{"n" * 101}"\n', "statuses[0].name", 9, "at most 100"),
        (
            'key = "x"\nname = "X"\npredicate = "approval"\n',
            "statuses[0].predicate",
            10,
            "expected one of: start, confirmation, cancellation",
        ),
        ('key = "x"\nname = "X"\ncolor = "green"\n', "statuses[0].color", 10, "is not a colour"),
        ('key = "x"\nname = "X"\nposition = "1"\n', "statuses[0].position", 10, "(no quotes)"),
        ('key = "x"\nname = "X"\nposition = -1\n', "statuses[0].position", 10, "from 0 to"),
        (
            'key = "x"\nname = "X"\nblocks_time = "no"\n',
            "statuses[0].blocks_time",
            10,
            "must be true or false",
        ),
        (
            'key = "x"\nname = "X"\nservices = "Notary"\n',
            "statuses[0].services",
            10,
            "must be an array of service names",
        ),
        (
            'key = "x"\nname = "X"\nenabled = true\n',
            "statuses[0].enabled",
            10,
            'unknown key "enabled" in [[statuses]]',
        ),
        (
            'key = "x"\nname = "X"\nservices = ["Notary", "Notary"]\n',
            "statuses[0].services[1]",
            10,
            "listed twice",
        ),
    ],
)
def test_status_problems(body: str, path: str, line: int, fragment: str) -> None:
    problem = problems_of(STATUS + body)[0]
    assert (problem.path, problem.line) == (path, line)
    assert fragment in problem.message


def test_statuses_must_be_tables() -> None:
    problem = problems_of('statuses = ["on_hold"]\n' + HEAD)[0]
    assert (problem.path, problem.line) == ("statuses[0]", 1)
    assert "statuses must hold tables ([[statuses]])" in problem.message


# -- applying and exporting ----------------------------------------------------------------


def apply_file(sessions: sessionmaker[Session], text: str) -> dict[str, Any]:
    with write_session(sessions) as session:
        report = apply_setup(session, load_actor(session), parse_setup(text), NOW)
    return report.to_json()["changes"]


def changed(changes: dict[str, Any]) -> bool:
    return any(any(lists.values()) for lists in changes.values())


def export(sessions: sessionmaker[Session], branch: str = "Riverside") -> str:
    with sessions() as session:
        return export_setup(session, branch)


def test_apply_export_and_round_trip(sessions: sessionmaker[Session]) -> None:
    changes = apply_file(sessions, LOOSE.read_text("utf-8"))
    assert changes["statuses"]["created"] == ["signed", "awaiting_documents"]
    assert changes["settings"]["created"] == [
        "contact_requirement = phone",
        "phone_region = CA",
        "blocking_show_as = busy, tentative",
        "min_agent_share = 1.0",
        "earliest_bookable_day.desk = 0",
        "earliest_bookable_day.self_service = 1",
        "disabled_window.self_service = 2h",
    ]
    with sessions() as session:
        branch = session.scalars(select(Branch)).one()
        stored = {
            row.key: row.value
            for row in session.scalars(
                select(Setting).where(Setting.scope == f"branch:{branch.id}")
            )
        }
        assert stored == {
            "contact_requirement": "phone",
            "phone_region": "CA",
            "blocking_show_as": ["busy", "tentative"],
            "min_agent_share": 1.0,
            "earliest_bookable_day.desk": 0,
            "earliest_bookable_day.self-service": 1,
            "disabled_window_min.self-service": 120,
        }
        assert session.scalars(select(Setting).where(Setting.scope == "global")).all() == []
        signed = statuses.by_key(session, "signed")
        assert (signed.position, signed.predicate, signed.all_services, signed.builtin) == (
            8,
            "confirmation",
            False,
            False,
        )
        assert [s.name for s in signed.services] == ["Notary"]
        awaiting = statuses.by_key(session, "awaiting_documents")
        assert (awaiting.position, awaiting.blocks_time, awaiting.all_services) == (20, False, True)

    first = export(sessions)
    assert first == CANONICAL.read_text("utf-8")
    assert not changed(apply_file(sessions, first))
    assert export(sessions) == first
    assert not changed(apply_file(sessions, LOOSE.read_text("utf-8")))


def test_changes_and_omissions(sessions: sessionmaker[Session]) -> None:
    apply_file(sessions, LOOSE.read_text("utf-8"))
    text = (
        CANONICAL.read_text("utf-8")
        .replace("min_agent_share = 1.0\n", "min_agent_share = 0.5\n")
        .replace('disabled_window = { self_service = "2h" }\n', "")
        .replace('phone_region = "CA"\n', "")
        .replace('name = "Signed"', 'name = "Deed signed"')
        .replace('services = ["Notary"]\n', 'services = ["Notary", "Account opening"]\n')
    )
    text = text.replace(
        text[text.index('[[statuses]]\nkey = "awaiting') : text.index("[settings]")], ""
    )
    changes = apply_file(sessions, text)
    assert changes["settings"]["updated"] == ["min_agent_share = 0.5"]
    assert changes["settings"]["deleted"] == ["phone_region", "disabled_window.self_service"]
    assert changes["statuses"]["updated"] == ["signed: name, services"]
    # A custom status the file no longer lists is left alone: other branches may use it.
    with sessions() as session:
        assert statuses.by_key(session, "awaiting_documents").blocks_time is False
    assert '[[statuses]]\nkey = "awaiting_documents"' in export(sessions)


def test_a_status_s_services_speak_for_the_file_s_branch_only(
    sessions: sessionmaker[Session],
) -> None:
    riverside = LOOSE.read_text("utf-8")
    uptown = (
        riverside.replace('name = "Riverside"', 'name = "Uptown"')
        .replace('services = ["Notary"]', 'services = ["Account opening"]')
        .replace("[settings]\n", "[settings]\n# Uptown's own\n")
    )
    apply_file(sessions, riverside)
    changes = apply_file(sessions, uptown)
    assert changes["statuses"]["updated"] == ["signed: services"]
    with sessions() as session:
        links = {(s.branch.name, s.name) for s in statuses.by_key(session, "signed").services}
        assert links == {("Riverside", "Notary"), ("Uptown", "Account opening")}
    assert 'services = ["Notary"]' in export(sessions, "Riverside")
    assert 'services = ["Account opening"]' in export(sessions, "Uptown")
    # Each export applies to its own branch without changing the other's links.
    for name in ("Riverside", "Uptown"):
        changes = apply_file(sessions, export(sessions, name))
        assert not changed(changes), name


def test_a_built_in_status_is_refused_at_apply_too(sessions: sessionmaker[Session]) -> None:
    """The reader refuses built-in keys; apply checks the database's own flag as well."""
    setup = BranchSetup(
        branch=BranchSpec(name="Riverside", timezone="America/Toronto"),
        statuses=(StatusSpec(key="completed", name="Done"),),
    )
    with pytest.raises(BookingError) as err, write_session(sessions) as session:
        apply_setup(session, SYSTEM, setup, NOW)
    assert err.value.code == "builtin_status"
    with sessions() as session:
        assert session.scalars(select(Branch)).all() == []
        assert statuses.by_key(session, "completed").name == "Completed"


def test_a_file_that_makes_a_status_double_book_is_refused_whole(
    sessions: sessionmaker[Session], engine: Engine
) -> None:
    """Two appointments of Carla at the same time, one of them awaiting documents (which
    frees the time): a file that makes that status block time is refused as slot_taken,
    and the database stays as it was. Once the clash is gone, the same file goes through."""
    apply_file(sessions, LOOSE.read_text("utf-8"))
    with sessions() as session:
        desk = load_actor(session)
        opening = session.scalars(select(Service).where(Service.name == "Account opening")).one()
        carla = next(a.id for a in opening.agents if a.name == "Carla Diaz")
        customers = add_customers(session, 2)
        start = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # 11:00 in Toronto

        def book(customer_id: int) -> int:
            request = BookingRequest(opening.id, start, customer_id=customer_id, agent_id=carla)
            appt = use.book(session, desk, request, NOW)
            session.commit()
            return appt.id

        held = book(customers[0])
        use.set_status(session, desk, held, "awaiting_documents", NOW)
        session.commit()
        other = book(customers[1])  # the held appointment does not take Carla's time

    before = dump_tables(engine)
    blocking = LOOSE.read_text("utf-8").replace("blocks_time = false\n", "")
    with pytest.raises(BookingError) as err:
        apply_file(sessions, blocking)
    assert err.value.code == "slot_taken"
    assert "Awaiting documents cannot take the agents' time" in err.value.message
    assert dump_tables(engine) == before

    with sessions() as session:
        use.cancel(session, load_actor(session), other, "The customer called to cancel.", NOW)
        session.commit()
    changes = apply_file(sessions, blocking)
    assert changes["statuses"]["updated"] == ["awaiting_documents: blocks_time"]
    with sessions() as session:
        assert session.scalars(select(Appointment.blocking).where(Appointment.id == held)).one()
