"""General settings: every key's validation, storage by scope, the change use case with
its permission and audit, the effect on slot searches, and the ``settings`` commands."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app import cli
from app.booking import availability
from app.booking import settings as st
from app.booking.errors import BookingError
from app.booking.permissions import SYSTEM, Actor, load_actor
from app.models import AuditEntry, Branch, Service, Setting
from tests.support.riverside import MONDAY_9AM, RIVERSIDE, apply_riverside, ids

NOW = MONDAY_9AM
TZ = ZoneInfo("America/Toronto")
RECEPTIONIST = Actor(
    None, "rita", "Rita", "receptionist", frozenset({"appointments.create", "customers.edit"})
)

# -- validation (no database) ------------------------------------------------------------

GOOD: list[tuple[str, Any, Any]] = [
    ("contact_requirement", "phone", "phone"),
    ("contact_requirement", " Either ", "either"),
    ("contact_requirement", "none", "none"),
    ("phone_region", "CA", "CA"),
    ("phone_region", "fr", "FR"),
    ("phone_region", None, None),
    ("blocking_show_as", ["busy"], ["busy"]),
    ("blocking_show_as", ["tentative", "busy", "busy"], ["busy", "tentative"]),
    ("blocking_show_as", ["OOF", "busy", "workingelsewhere"], ["busy", "oof", "workingElsewhere"]),
    ("blocking_show_as", list(st.SHOW_AS_CHOICES), list(st.SHOW_AS_CHOICES)),
    ("min_agent_share", 0, 0.0),
    ("min_agent_share", 0.5, 0.5),
    ("min_agent_share", 1, 1.0),
    ("earliest_bookable_day.desk", 0, 0),
    ("earliest_bookable_day.self-service", 2, 2),
    ("earliest_bookable_day.desk", st.MAX_DAYS, st.MAX_DAYS),
    ("disabled_window_min.desk", 0, 0),
    ("disabled_window_min.self-service", 120, 120),
    ("mail.host", " smtp.example.com ", "smtp.example.com"),
    ("mail.host", None, None),
    ("mail.port", 465, 465),
    ("mail.security", "SSL", "ssl"),
    ("mail.user", " desk ", "desk"),
    ("mail.from_address", "desk@riverside.example", "desk@riverside.example"),
    ("mail.from_name", "Riverside", "Riverside"),
    ("mail.ca_file", " /etc/ssl/company-ca.pem ", "/etc/ssl/company-ca.pem"),
    ("mail.ca_file", "C:\\Certificates\\company-ca.pem", "C:\\Certificates\\company-ca.pem"),
    ("mail.ca_file", None, None),
    ("ui.language", "fr-CA", "fr_CA"),
    ("ui.language", " EN ", "en"),
    ("ui.language", "system", "system"),
    ("approval.timeout_hours", 0, 0),
    ("approval.timeout_hours", 48, 48),
    ("archive.after_days", 30, 30),
    ("archive.after_days", None, None),
    ("self_service.max_per_day", 0, 0),
    ("self_service.max_per_day", 2, 2),
    ("self_service.max_per_day", None, None),
    ("web.public_url", " https://book.riverside.example/ ", "https://book.riverside.example"),
    ("web.public_url", "HTTP://desk.local:8080/book", "http://desk.local:8080/book"),
    ("web.public_url", None, None),
]

BAD: list[tuple[str, Any, str]] = [
    ("contact_requirement", "fax", '"email", "phone", "both", "either", "none"'),
    ("contact_requirement", None, "one of"),
    ("contact_requirement", 1, "one of"),
    ("phone_region", "XX", "two-letter ISO 3166 country code"),
    ("phone_region", "CAN", "two-letter"),
    ("phone_region", "", "or null"),
    ("phone_region", 1, "two-letter"),
    ("blocking_show_as", "busy", "a list of show-as values"),
    ("blocking_show_as", ["busy", "away"], '"tentative"'),
    ("blocking_show_as", ["busy", 3], "a list"),
    ("blocking_show_as", ["tentative"], 'must hold "busy"'),
    ("blocking_show_as", [], 'must hold "busy"'),
    ("min_agent_share", 1.5, "a number from 0 to 1"),
    ("min_agent_share", -0.1, "a number from 0 to 1"),
    ("min_agent_share", float("nan"), "a number from 0 to 1"),
    ("min_agent_share", "0.5", "a number from 0 to 1"),
    ("min_agent_share", True, "a number from 0 to 1"),
    ("earliest_bookable_day.desk", -1, "whole number of days"),
    ("earliest_bookable_day.desk", 1.5, "whole number of days"),
    ("earliest_bookable_day.self-service", "2", "whole number of days"),
    ("earliest_bookable_day.desk", True, "whole number of days"),
    ("earliest_bookable_day.desk", st.MAX_DAYS + 1, "whole number of days"),
    ("disabled_window_min.desk", -5, "whole number of minutes"),
    ("disabled_window_min.self-service", "2h", "whole number of minutes"),
    ("disabled_window_min.desk", None, "whole number of minutes"),
    ("mail.host", "smtp://x", "a server name"),
    ("mail.port", 0, "a port number"),
    ("mail.security", "tls", '"starttls", "ssl", "none"'),
    ("mail.user", "a\nb", "a line of text"),
    ("mail.from_address", "desk", "an e-mail address"),
    ("mail.from_name", 3, "a line of text"),
    ("mail.ca_file", "company-ca.pem", "the full path of a PEM certificate file"),
    ("ui.language", "de", '"system", "en", "fr_CA"'),
    ("ui.language", None, "one of"),
    ("mail.ca_file", "", "the full path of a PEM certificate file"),
    ("mail.ca_file", "/etc/ssl/a\nb.pem", "the full path of a PEM certificate file"),
    ("approval.timeout_hours", -1, "whole number of hours"),
    ("approval.timeout_hours", "24", "whole number of hours"),
    ("archive.after_days", 0, "whole number of days from 1"),
    ("archive.after_days", "30", "whole number of days from 1"),
    ("self_service.max_per_day", -1, "whole number from 0 (no limit)"),
    ("self_service.max_per_day", "2", "whole number from 0 (no limit)"),
    ("self_service.max_per_day", True, "whole number from 0 (no limit)"),
    ("web.public_url", "book.riverside.example", "the public address of the pages"),
    ("web.public_url", "ftp://book.riverside.example", "the public address of the pages"),
    ("web.public_url", "https://book.example/?a=1", "without ? or #"),
    ("web.public_url", "https://", "the public address of the pages"),
    ("web.public_url", "https://user@book.example", "the public address of the pages"),
]


@pytest.mark.parametrize(("key", "value", "stored"), GOOD)
def test_good_values_are_stored_in_one_form(key: str, value: Any, stored: Any) -> None:
    assert st.validate(key, value) == stored


@pytest.mark.parametrize(("key", "value", "fragment"), BAD)
def test_bad_values_name_the_key_and_what_is_expected(key: str, value: Any, fragment: str) -> None:
    with pytest.raises(BookingError) as err:
        st.validate(key, value)
    assert err.value.code == "invalid_setting"
    assert f"The setting {key} must" in err.value.message
    assert fragment in err.value.message
    assert err.value.details["key"] == key


def test_every_key_has_a_default_that_passes_its_own_check() -> None:
    assert set(st.VALIDATORS) == set(st.DEFAULTS) == set(st.DESCRIPTIONS)
    for key in st.known_keys():
        assert st.validate(key, st.DEFAULTS[key]) == st.DEFAULTS[key], key
    covered = {key for key, _, _ in GOOD} & {key for key, _, _ in BAD}
    assert covered == set(st.known_keys())


def test_an_unknown_key_is_refused_with_the_known_ones() -> None:
    with pytest.raises(BookingError) as err:
        st.validate("language", "fr")
    assert err.value.code == "unknown_setting"
    assert "min_agent_share" in err.value.message


# -- storage and the use case --------------------------------------------------------------


def _branch(session: Session, name: str = "Riverside") -> Branch:
    branch = Branch(name=name, timezone="America/Toronto", country="CA")
    session.add(branch)
    session.flush()
    return branch


def test_put_refuses_bad_values_and_branch_overrides_global(session: Session) -> None:
    branch = _branch(session)
    key = st.earliest_day_key("desk")
    with pytest.raises(BookingError) as err:
        st.put(session, key, -1)
    assert err.value.code == "invalid_setting"
    assert session.scalars(select(Setting)).all() == []
    assert st.put(session, st.PHONE_REGION, "ca") == "CA"
    st.put(session, key, 3)
    session.flush()
    assert st.get(session, key, branch.id) == 3
    st.put(session, key, 1, branch.id)
    session.flush()
    assert st.get(session, key, branch.id) == 1
    assert st.get(session, key) == 3
    assert st.get(session, st.PHONE_REGION, branch.id) == "CA"
    sources = {e.key: (e.value, e.source) for e in st.effective(session, branch.id)}
    assert sources[key] == (1, "branch")
    assert sources[st.PHONE_REGION] == ("CA", "global")
    assert sources[st.MIN_AGENT_SHARE] == (0.0, "default")
    desk_wide = {e.key: (e.value, e.source) for e in st.effective(session)}
    assert desk_wide[key] == (3, "global")


def test_change_setting_audits_before_and_after(session: Session) -> None:
    branch = _branch(session)
    actor = load_actor(session)
    first = st.change_setting(session, actor, "min_agent_share", 0.5, NOW, branch.id)
    assert (first.had_before, first.after, first.effective, first.changed) == (
        False,
        0.5,
        0.5,
        True,
    )
    second = st.change_setting(session, actor, "min_agent_share", 1, NOW, branch.id)
    assert (second.before, second.after) == (0.5, 1.0)
    session.commit()
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == "setting").order_by(AuditEntry.id)
    ).all()
    scope = f"branch:{branch.id}"
    assert [(a.action, a.before, a.after) for a in rows] == [
        ("setting.change", None, {"key": "min_agent_share", "scope": scope, "value": 0.5}),
        (
            "setting.change",
            {"key": "min_agent_share", "scope": scope, "value": 0.5},
            {"key": "min_agent_share", "scope": scope, "value": 1.0},
        ),
    ]
    assert {a.actor for a in rows} == {actor.label}
    assert rows[0].at == NOW

    reset = st.reset_setting(session, actor, "min_agent_share", NOW, branch.id)
    assert (reset.had_before, reset.before, reset.has_after, reset.effective) == (
        True,
        1.0,
        False,
        0.0,
    )
    again = st.reset_setting(session, actor, "min_agent_share", NOW, branch.id)
    assert not again.changed
    session.commit()
    assert session.scalars(select(Setting)).all() == []
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last is not None
    assert last.action == "setting.reset"


def test_change_setting_refusals_write_nothing(session: Session) -> None:
    branch = _branch(session)
    cases: list[tuple[Actor, str, Any, int | None, str]] = [
        (RECEPTIONIST, "min_agent_share", 0.5, None, "permission_denied"),
        (SYSTEM, "min_agent_share", 2, None, "invalid_setting"),
        (SYSTEM, "colour", "red", None, "unknown_setting"),
        (SYSTEM, "min_agent_share", 0.5, branch.id + 99, "not_found"),
    ]
    for actor, key, value, branch_id, code in cases:
        with pytest.raises(BookingError) as err:
            st.change_setting(session, actor, key, value, NOW, branch_id)
        assert err.value.code == code, (key, value)
    with pytest.raises(BookingError) as err:
        st.reset_setting(session, SYSTEM, "colour", NOW)
    assert err.value.code == "unknown_setting"
    session.flush()
    assert session.scalars(select(Setting)).all() == []
    assert session.scalars(select(AuditEntry)).all() == []


# -- settings change the slot search --------------------------------------------------------


def _starts(slots: list[availability.SlotOut]) -> list[str]:
    return [s.start.astimezone(TZ).strftime("%H:%M") for s in slots]


def _opening(session: Session) -> Service:
    return session.scalars(select(Service).where(Service.name == "Account opening")).one()


def test_min_agent_share_drops_slots_only_some_agents_can_take(
    sessions: sessionmaker[Session],
) -> None:
    apply_riverside(sessions)
    tuesday = date(2026, 11, 24)  # Carla 08:30-16:30, Bob 10:00-18:00, 30-minute slots
    with sessions() as session:
        found = ids(session)
        opening = _opening(session)
        before = availability.slots(session, opening, tuesday, tuesday, NOW)
        assert _starts(before)[0] == "08:30"  # Carla alone
        assert _starts(before)[-1] == "17:30"  # Bob alone
        st.change_setting(session, SYSTEM, st.MIN_AGENT_SHARE, 0.5, NOW, found["branch"])
        assert availability.slots(session, opening, tuesday, tuesday, NOW) == before
        st.change_setting(session, SYSTEM, st.MIN_AGENT_SHARE, 1.0, NOW, found["branch"])
        both = availability.slots(session, opening, tuesday, tuesday, NOW)
        assert _starts(both)[0] == "10:00"
        assert _starts(both)[-1] == "16:00"
        pair = tuple(sorted((found["Bob Chen"], found["Carla Diaz"])))
        assert all(s.agent_ids == pair for s in both)
        # one agent's own slots are not "any agent" slots: the share does not apply
        carla = availability.slots(
            session, opening, tuesday, tuesday, NOW, agent_id=found["Carla Diaz"]
        )
        assert _starts(carla)[0] == "08:30"


def test_earliest_bookable_day_and_disabled_window_per_audience(
    sessions: sessionmaker[Session],
) -> None:
    apply_riverside(sessions)
    monday, tuesday, wednesday = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)
    with sessions() as session:
        branch_id = ids(session)["branch"]
        opening = _opening(session)  # bookable from right now (min_lead 0m)

        def first(day: date, audience: str = "desk") -> str | None:
            found = availability.slots(session, opening, day, day, NOW, audience=audience)
            return _starts(found)[0] if found else None

        assert first(monday) == "09:00"
        assert first(tuesday) == "08:30"
        st.change_setting(session, SYSTEM, st.earliest_day_key("desk"), 2, NOW, branch_id)
        assert first(monday) is None
        assert first(tuesday) is None  # tomorrow: gone
        assert first(wednesday) == "08:30"  # from the start of the day after tomorrow
        assert first(tuesday, "self-service") == "08:30"  # the other audience is untouched
        next_slot = availability.next_slot(session, opening, NOW)
        assert next_slot is not None
        assert next_slot.start == datetime(2026, 11, 25, 8, 30, tzinfo=TZ)

        # A desk-wide value applies until the branch sets its own.
        st.reset_setting(session, SYSTEM, st.earliest_day_key("desk"), NOW, branch_id)
        st.change_setting(session, SYSTEM, st.earliest_day_key("desk"), 1, NOW)
        assert first(monday) is None
        assert first(tuesday) == "08:30"
        st.change_setting(session, SYSTEM, st.earliest_day_key("desk"), 0, NOW, branch_id)
        assert first(monday) == "09:00"

        st.change_setting(session, SYSTEM, st.disabled_window_key("desk"), 120, NOW, branch_id)
        assert first(monday) == "11:00"
        assert first(monday, "self-service") == "09:00"  # the desk's window only
        session.rollback()


# -- the commands ----------------------------------------------------------------------------


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
            assert code == 1, (code, out, err)
            assert len(err.strip().splitlines()) == 1
        if not json_out:
            return out
        return json.loads(out) if out.strip() else None


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], db_url: str) -> Cli:
    runner = Cli(capsys, db_url)
    runner("setup", "apply", str(RIVERSIDE))
    return runner


def test_settings_list_shows_values_and_sources(run: Cli) -> None:
    data = run("settings", "list")
    assert data["branch"] is None
    assert [s["key"] for s in data["settings"]] == st.known_keys()
    assert {s["source"] for s in data["settings"]} == {"default"}
    run("settings", "set", "min_agent_share", "0.5")
    run("settings", "set", "contact_requirement", "phone", "--branch", "Riverside")
    data = run("settings", "list", "--branch", "Riverside")
    assert data["branch"] == "Riverside"
    by_key = {s["key"]: s for s in data["settings"]}
    assert (by_key["min_agent_share"]["value"], by_key["min_agent_share"]["source"]) == (
        0.5,
        "global",
    )
    assert (by_key["contact_requirement"]["value"], by_key["contact_requirement"]["source"]) == (
        "phone",
        "branch",
    )
    assert by_key["blocking_show_as"] == {
        "key": "blocking_show_as",
        "value": st.DEFAULTS["blocking_show_as"],
        "source": "default",
        "default": st.DEFAULTS["blocking_show_as"],
        "description": st.DESCRIPTIONS["blocking_show_as"],
    }
    text = run("settings", "list", "--branch", "Riverside", json_out=False)
    assert text.splitlines()[0] == "Settings for Riverside:"
    assert any(
        line.split() == ["contact_requirement", '"phone"', "(branch)"] for line in text.splitlines()
    )


@pytest.mark.parametrize(
    ("key", "typed", "stored"),
    [
        ("contact_requirement", "phone", "phone"),  # not JSON: a text
        ("contact_requirement", '"both"', "both"),  # JSON text
        ("phone_region", "null", None),
        ("phone_region", "fr", "FR"),
        ("min_agent_share", "0.25", 0.25),
        ("blocking_show_as", '["busy", "oof"]', ["busy", "oof"]),
        ("earliest_bookable_day.self-service", "3", 3),
        ("disabled_window_min.desk", "90", 90),
    ],
)
def test_settings_set_reads_json_else_text(run: Cli, key: str, typed: str, stored: Any) -> None:
    data = run("settings", "set", key, typed)
    assert data["key"] == key
    assert data["scope"] == "global"
    assert data["after"] == stored
    assert data["effective"] == stored
    assert data["had_before"] is False
    again = run("settings", "list")
    assert {s["key"]: s["value"] for s in again["settings"]}[key] == stored


def test_settings_set_for_a_branch_and_reset(run: Cli) -> None:
    data = run("settings", "set", "earliest_bookable_day.desk", "2", "--branch", "Riverside")
    assert (data["branch"], data["after"]) == ("Riverside", 2)
    assert data["scope"].startswith("branch:")
    text = run(
        "settings",
        "set",
        "earliest_bookable_day.desk",
        "1",
        "--branch",
        "Riverside",
        json_out=False,
    )
    assert text == "earliest_bookable_day.desk = 1 for Riverside (before: 2).\n"
    data = run("settings", "reset", "earliest_bookable_day.desk", "--branch", "Riverside")
    assert (data["before"], data["has_after"], data["effective"]) == (1, False, 0)
    listed = run("settings", "list", "--branch", "Riverside")
    assert {s["key"]: s["source"] for s in listed["settings"]}[
        "earliest_bookable_day.desk"
    ] == "default"


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("min_agent_share", "2"), "invalid_setting", "a number from 0 to 1"),
        (("blocking_show_as", '["oof"]'), "invalid_setting", 'must hold "busy"'),
        (("phone_region", "XX"), "invalid_setting", "two-letter ISO 3166"),
        (("earliest_bookable_day.desk", "-1"), "invalid_setting", "whole number of days"),
        (("language", "fr"), "unknown_setting", "There is no setting"),
        (("min_agent_share", "0.5", "--branch", "Uptown"), "not_found", "Uptown"),
    ],
)
def test_settings_set_refusals(run: Cli, args: tuple[str, ...], code: str, fragment: str) -> None:
    data = run("settings", "set", *args, ok=False)
    assert data["error"]["code"] == code
    assert fragment in data["error"]["message"]
    assert {s["source"] for s in run("settings", "list")["settings"]} == {"default"}


def test_settings_changes_from_the_cli_are_audited(
    run: Cli, sessions: sessionmaker[Session]
) -> None:
    run("settings", "set", "min_agent_share", "1")
    with sessions() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "setting")).one()
        assert entry.action == "setting.change"
        assert entry.after == {"key": "min_agent_share", "scope": "global", "value": 1.0}
        assert entry.at == NOW.astimezone(UTC)
