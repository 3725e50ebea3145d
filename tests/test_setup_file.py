"""Reading and checking setup files (no database): values, defaults, and every problem
reported with its path, its line and what was expected."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.booking.errors import BookingError
from app.booking.setup_file import (
    BranchSetup,
    SetupFileError,
    SetupProblem,
    parse_setup,
    read_setup_file,
)
from app.booking.setup_schema import (
    DEFAULT_MAX_LEAD_MIN,
    DEFAULT_MIN_LEAD_MIN,
    country_for_timezone,
    local_to_utc,
    utc_to_local_text,
)
from app.scheduling.days import mask_from_codes

ROOT = Path(__file__).resolve().parent.parent
RIVERSIDE = ROOT / "resources" / "examples" / "riverside.toml"
DATA = Path(__file__).resolve().parent / "data" / "setup"
BAD_FILES = sorted(p for p in DATA.glob("*.toml") if "# expect:" in p.read_text("utf-8"))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16

HEAD = '[branch]\nname = "Riverside"\ntimezone = "America/Toronto"\n'


def expectation(path: Path) -> tuple[str, int | None, list[str]]:
    """The ``# expect: PATH | LINE | FRAGMENT | ...`` comment of a bad test file."""
    line = next(x for x in path.read_text("utf-8").splitlines() if x.startswith("# expect:"))
    parts = [p.strip() for p in line.removeprefix("# expect:").split("|")]
    return parts[0], None if parts[1] == "-" else int(parts[1]), parts[2:]


def problems_of(text: str, source: str = "test.toml") -> list[SetupProblem]:
    with pytest.raises(SetupFileError) as info:
        parse_setup(text, source)
    return list(info.value.problems)


def only_problem(text: str) -> SetupProblem:
    found = problems_of(text)
    assert len(found) == 1, found
    return found[0]


# -- the reference file ------------------------------------------------------------------


def test_riverside_reads_into_database_terms() -> None:
    setup = parse_setup(RIVERSIDE.read_text("utf-8"), str(RIVERSIDE))
    branch = setup.branch
    assert branch.name == "Riverside"
    assert branch.timezone == "America/Toronto"
    assert branch.country == "CA"  # from the time zone
    assert branch.theme_color == "#1565c0"
    assert branch.closed_weekdays == mask_from_codes(["sun"])
    assert [(h.start, h.end, h.name) for h in branch.holidays] == [
        (date(2026, 12, 25), date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 26), date(2026, 12, 26), "Boxing Day"),
        (date(2027, 1, 1), date(2027, 1, 1), "New Year's Day"),
    ]
    mortgage, opening, notary = setup.services
    assert mortgage.duration_min == 60
    assert mortgage.agents == ("Alice Martin", "Bob Chen")
    assert (mortgage.min_lead_min, mortgage.max_lead_min) == (DEFAULT_MIN_LEAD_MIN, 60 * 1440)
    assert mortgage.buffer_after_min == 15
    assert mortgage.visitor_limit is not None
    assert (mortgage.visitor_limit.count, mortgage.visitor_limit.per) == (1, "week")
    assert mortgage.reminder_before_min == 24 * 60
    assert mortgage.requires_approval is True
    assert [(f.name, f.required, f.kind) for f in mortgage.fields] == [
        ("Property address", False, "text"),
        ("Estimated loan amount", True, "text"),
    ]
    assert (opening.min_lead_min, opening.max_lead_min) == (0, 14 * 1440)
    assert opening.allow_choose_agent is False
    assert opening.allow_cancel is True
    assert notary.availability_mode == "agents+service"
    assert notary.max_lead_min == DEFAULT_MAX_LEAD_MIN
    assert [(h.days, h.start_minute, h.end_minute) for h in notary.hours] == [
        (mask_from_codes(["tue", "thu"]), 13 * 60, 17 * 60)
    ]
    assert notary.holidays[0].start == date(2026, 12, 21)
    assert notary.holidays[0].end == date(2027, 1, 8)

    alice, bob, carla = setup.agents
    assert alice.email == "alice.martin@riverside.example"
    assert alice.meeting_url == "https://meet.riverside.example/alice"
    # 09:00 in Toronto on 26 November (standard time, UTC-5) is 14:00 UTC.
    assert alice.blocked[0].start_at == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    assert alice.blocked[0].end_at == datetime(2026, 11, 26, 17, 0, tzinfo=UTC)
    assert alice.blocked[0].reason == "Training"
    assert bob.hours[0].services == ("Account opening",)
    assert bob.hours[1].services == ()
    assert carla.hours[0].start_minute == 8 * 60 + 30

    (period,) = setup.availability
    assert period.agent == "Carla Diaz"
    assert period.service == "Account opening"
    assert period.start_local == datetime(2026, 11, 28, 9, 0)
    assert period.start_local.tzinfo is None
    assert period.slot_min == 20
    assert period.rrule == "FREQ=WEEKLY;BYDAY=SA;COUNT=8"
    assert period.exdates == ("2026-12-26",)
    assert setup.settings.contact_requirement is None


def test_defaults_of_a_minimal_service_and_agent() -> None:
    setup = parse_setup(
        HEAD + '[[services]]\nname = "S"\nduration = "30m"\n[[agents]]\nname = "A"\n'
        'phone = "(416) 555-0100"\n'
    )
    (service,) = setup.services
    assert service.min_lead_min == 24 * 60
    assert service.max_lead_min == 30 * 24 * 60
    assert service.availability_mode == "agents"
    assert service.allow_choose_agent is True
    assert service.allow_cancel is True
    assert service.requires_approval is False
    assert service.active is True
    assert service.buffer_before_min == service.buffer_after_min == 0
    assert service.slot_step_min is None
    assert service.visitor_limit is None
    (agent,) = setup.agents
    assert agent.active is True
    assert agent.hours == ()
    assert agent.phone == "+14165550100"  # a local number, read in the branch's country


def test_extended_keys(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.png").write_bytes(PNG)
    text = """
[branch]
name = "Gare"
timezone = "Europe/Paris"
country = "mc"
logo = "img/logo.png"

[[services]]
name = "Conseil"
description = "Un rendez-vous d'une heure."
color = "#ABCDEF"
active = false
duration = "PT1H"
slot_step = "15m"
buffer_before = "5m"
agents = ["Zoé"]
fields = [ { name = "Motif", kind = "choice", choices = ["Prêt", "Épargne"], required = true } ]

[[agents]]
name = "Zoé"
phone = "+33 6 12 34 56 78"
color = "#00AA00"
active = false

[settings]
contact_requirement = "phone"
"""
    source = tmp_path / "gare.toml"
    setup = parse_setup(text, str(source))
    assert setup.branch.country == "MC"
    assert setup.branch.logo == PNG
    (service,) = setup.services
    assert service.description == "Un rendez-vous d'une heure."
    assert service.color == "#abcdef"
    assert service.active is False
    assert (service.slot_step_min, service.buffer_before_min) == (15, 5)
    assert service.fields[0].kind == "choice"
    assert service.fields[0].choices == ("Prêt", "Épargne")
    (agent,) = setup.agents
    assert agent.phone == "+33612345678"
    assert agent.color == "#00aa00"
    assert agent.active is False
    assert setup.settings.contact_requirement == "phone"


def test_logo_as_data_address_and_bad_logos(tmp_path: Path) -> None:
    data = base64.b64encode(PNG).decode()
    setup = parse_setup(HEAD + f'logo = "data:image/png;base64,{data}"\n')
    assert setup.branch.logo == PNG
    (tmp_path / "notes.txt").write_text("not an image", "utf-8")
    source = str(tmp_path / "x.toml")
    p = problems_of(HEAD + 'logo = "notes.txt"\n', source)[0]
    assert (p.path, p.line) == ("branch.logo", 4)
    assert "not a PNG, JPEG, GIF, WebP or SVG image" in p.message
    p = problems_of(HEAD + 'logo = "missing.png"\n', source)[0]
    assert 'logo "missing.png" cannot be read' in p.message
    assert "relative to this setup file" in p.message


def test_toml_native_dates_and_times_are_accepted() -> None:
    text = (
        HEAD
        + "holidays = [ { date = 2026-12-25 } ]\n"
        + '[[agents]]\nname = "A"\n'
        + 'hours = [ { days = ["mon"], start = 09:00:00, end = 17:30:00 } ]\n'
        + "blocked = [ { start = 2026-11-26T09:00:00, end = 2026-11-26T10:00:00 } ]\n"
    )
    setup = parse_setup(text)
    assert setup.branch.holidays[0].start == date(2026, 12, 25)
    assert setup.agents[0].hours[0].start_minute == 540
    assert setup.agents[0].hours[0].end_minute == 17 * 60 + 30
    assert setup.agents[0].blocked[0].start_at == datetime(2026, 11, 26, 14, tzinfo=UTC)


def test_hours_may_end_at_midnight_and_times_may_drop_the_leading_zero() -> None:
    text = (
        HEAD
        + '[[agents]]\nname = "A"\nhours = [ { days = ["sat"], start = "9:00", end = "24:00" } ]\n'
    )
    hours = parse_setup(text).agents[0].hours[0]
    assert (hours.start_minute, hours.end_minute) == (540, 1440)
    p = only_problem(
        HEAD
        + '[[agents]]\nname = "A"\nhours = [ { days = ["sat"], start = "24:00", end = "24:00" } ]\n'
    )
    assert p.path == "agents[0].hours[0].start"
    assert '"00:00" to "23:59"' in p.message


def test_blocked_times_with_an_offset_and_in_the_repeated_hour() -> None:
    text = HEAD + (
        '[[agents]]\nname = "A"\nblocked = [\n'
        '  { start = "2026-11-01T01:30", end = "2026-11-01T03:00" },\n'
        '  { start = "2026-11-01T01:30-05:00", end = "2026-11-01T02:00-05:00" },\n'
        "]\n"
    )
    first, second = parse_setup(text).agents[0].blocked
    # 01:30 happens twice that night; without an offset it means the first one (EDT).
    assert first.start_at == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert second.start_at == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)


def test_export_writes_an_offset_only_for_the_second_of_a_repeated_hour() -> None:
    zone = ZoneInfo("America/Toronto")
    assert utc_to_local_text(datetime(2026, 11, 1, 5, 30, tzinfo=UTC), zone) == "2026-11-01T01:30"
    assert (
        utc_to_local_text(datetime(2026, 11, 1, 6, 30, tzinfo=UTC), zone)
        == "2026-11-01T01:30-05:00"
    )
    assert local_to_utc(datetime(2026, 3, 8, 2, 30), zone) is None


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("America/Toronto", "CA"),
        ("Europe/Paris", "FR"),
        ("Europe/Vaduz", "LI"),
        ("Canada/Eastern", "CA"),  # an old link name
        ("UTC", None),
        ("Etc/GMT+5", None),
    ],
)
def test_country_comes_from_the_time_zone(zone: str, country: str | None) -> None:
    assert country_for_timezone(zone) == country


# -- refusing bad files ------------------------------------------------------------------


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_file_names_key_line_and_expectation(path: Path) -> None:
    want_path, want_line, fragments = expectation(path)
    with pytest.raises(SetupFileError) as info:
        read_setup_file(path)
    first = info.value.problems[0]
    assert (first.path, first.line) == (want_path, want_line), info.value.problems
    for fragment in fragments:
        assert fragment in first.message
    where = f"{path}:{want_line}" if want_line is not None else str(path)
    assert str(info.value).startswith(f"{where}: {want_path + ': ' if want_path else ''}")


def test_all_problems_are_reported_in_file_order() -> None:
    with pytest.raises(SetupFileError) as info:
        read_setup_file(DATA / "many_problems.toml")
    error = info.value
    assert [(p.path, p.line) for p in error.problems] == [
        ("branch.theme_color", 6),
        ("services[0].duration", 10),
        ("services[0].agents[0]", 11),
        ("agents[0].hours[0].days[0]", 15),
        ("agents[0].hours[0].start", 15),
    ]
    assert str(error).endswith("(and 4 more problems)")
    assert "\n" not in str(error)
    assert isinstance(error, BookingError)
    assert error.code == "invalid_setup_file"
    details = json.loads(json.dumps(error.to_json()))["details"]
    assert [d["path"] for d in details] == [p.path for p in error.problems]
    assert details[1]["line"] == 10
    assert details[1]["file"].endswith("many_problems.toml")
    assert "forty-five minutes" in details[1]["message"]


def test_one_more_problem_is_singular() -> None:
    with pytest.raises(SetupFileError) as info:
        parse_setup(HEAD + 'theme_color = "red"\ngreeting = 5\n', "f.toml")
    assert str(info.value).startswith('f.toml:4: branch.theme_color: theme_color "red"')
    assert str(info.value).endswith("(and 1 more problem)")


@pytest.mark.parametrize(
    ("body", "path", "line", "fragment"),
    [
        # a missing key points at its table's header
        ('[[services]]\nname = "S"\n', "services[0]", 4, 'required key "duration"'),
        ('[[agents]]\nemail = "a@b.example"\n', "agents[0]", 4, 'required key "name"'),
        # wrong types, each saying what was expected
        (
            '[[services]]\nname = "S"\nduration = "1h"\nagents = "A"\n',
            "services[0].agents",
            7,
            'must be an array of agent names such as ["a", "b"]',
        ),
        (
            '[[services]]\nname = "S"\nduration = "1h"\nvisitor_limit = 3\n',
            "services[0].visitor_limit",
            7,
            "visitor_limit must be a table",
        ),
        (
            '[[services]]\nname = "S"\nduration = "1h"\n'
            'visitor_limit = { count = 0, per = "day" }\n',
            "services[0].visitor_limit.count",
            7,
            "count must be a whole number from 1 to 10000",
        ),
        ('holidays = "2026-12-25"\n', "branch.holidays", 4, "holidays must be an array of tables"),
        (
            '[[services]]\nname = "S"\nduration = "0m"\n',
            "services[0].duration",
            6,
            'longer than "0m"',
        ),
        (
            '[[services]]\nname = "S"\nduration = "1h"\nmin_lead = "2d"\nmax_lead = "1d"\n',
            "services[0].max_lead",
            8,
            "max_lead (1d) is shorter than min_lead (2d)",
        ),
        (
            '[[services]]\nname = "S"\nduration = "1h"\navailability = "agents+service"\n',
            "services[0].availability",
            7,
            "needs the service's own hours",
        ),
        (
            '[[services]]\nname = "S"\nduration = "1h"\navailability = "service"\n',
            "services[0].availability",
            7,
            "agents, agents+service",
        ),
        (
            '[[services]]\nname = "S"\nduration = "1h"\n'
            'fields = [ { name = "F", kind = "choice" } ]\n',
            "services[0].fields[0]",
            7,
            'kind "choice" needs choices',
        ),
        (
            '[[services]]\nname = "S"\nduration = "1h"\n'
            'fields = [ { name = "F", choices = ["a"] } ]\n',
            "services[0].fields[0].choices",
            7,
            'only for kind = "choice"',
        ),
        (
            '[[services]]\nname = "S"\nduration = "1h"\nfields = [\n  { name = "F" },\n'
            '  { name = "F" },\n]\n',
            "services[0].fields[1].name",
            9,
            "already used by field 1",
        ),
        (
            '[[agents]]\nname = "A"\nemail = "not an address"\n',
            "agents[0].email",
            6,
            "is not an e-mail address",
        ),
        ('[[agents]]\nname = "A"\nphone = "12"\n', "agents[0].phone", 6, "is not a phone number"),
        (
            '[[agents]]\nname = "A"\nmeeting_url = "meet.example.com"\n',
            "agents[0].meeting_url",
            6,
            "starting with https://",
        ),
        (
            '[[agents]]\nname = "A"\n'
            'blocked = [ { start = "2026-11-26T10:00", end = "2026-11-26T09:00" } ]\n',
            "agents[0].blocked[0].end",
            6,
            "is not after start",
        ),
        (
            '[[agents]]\nname = "A"\nholidays = [ { name = "Off" } ]\n',
            "agents[0].holidays[0]",
            6,
            'a holiday needs date = "YYYY-MM-DD", or from and to',
        ),
        (
            '[[agents]]\nname = "A"\nholidays = [ { date = "2026-12-24", from = "2026-12-24" } ]\n',
            "agents[0].holidays[0]",
            6,
            "either date, or from and to",
        ),
        (
            '[[agents]]\nname = "A"\nhours = [ { days = [], start = "09:00", end = "10:00" } ]\n',
            "agents[0].hours[0].days",
            6,
            "expected at least one day",
        ),
        ('greeting = "Hello\\u0000"\n', "branch.greeting", 4, "control character U+0000"),
        ('[[agents]]\nname = "A\\tB"\n', "agents[0].name", 5, "control character U+0009"),
        (
            '[settings]\ncontact_requirement = "fax"\n',
            "settings.contact_requirement",
            5,
            "email, phone, both, either, none",
        ),
        (
            '[settings]\nlanguage = "fr"\n',
            "settings.language",
            5,
            "allowed keys: contact_requirement",
        ),
        ('country = "XX"\n', "branch.country", 4, "not an ISO 3166 country code"),
        ('name2 = "x"\n', "branch.name2", 4, 'unknown key "name2" in [branch]'),
        ("[extra]\nx = 1\n", "extra", 4, 'unknown key "extra" in the file'),
    ],
)
def test_problem_kinds(body: str, path: str, line: int, fragment: str) -> None:
    p = problems_of(HEAD + body)[0]
    assert (p.path, p.line) == (path, line)
    assert fragment in p.message


AVAILABILITY = (
    HEAD
    + '[[services]]\nname = "S"\nduration = "30m"\nagents = ["A"]\n'
    + '[[services]]\nname = "T"\nduration = "30m"\n'
    + '[[agents]]\nname = "A"\n'
    + "[[availability]]\n"
)  # the [[availability]] header is line 13


@pytest.mark.parametrize(
    ("body", "path", "line", "fragment"),
    [
        (
            'agent = "A"\nstart = "2026-11-28T09:00-05:00"\nend = "2026-11-28T12:00"\n',
            "availability[0].start",
            15,
            "takes no UTC offset",
        ),
        (
            'agent = "A"\nstart = "2026-11-28T09:00"\nend = "2026-11-28T12:00"\nslot = "4h"\n',
            "availability[0].slot",
            17,
            "slot (4h) is longer than the window from start to end (3h)",
        ),
        (
            'agent = "A"\nstart = "2026-11-28T09:00"\nend = "2026-11-28T12:00"\n'
            'repeat = "FREQ=WEEKLY;BYDAY=SU"\n',
            "availability[0].repeat",
            17,
            "does not repeat start 2026-11-28T09:00 (first 2026-11-29T09:00)",
        ),
        (
            'agent = "A"\nstart = "2026-11-28T09:00"\nend = "2026-11-28T12:00"\n'
            'repeat = "FREQ=WEEKLY;UNTIL=20270101T000000Z"\n',
            "availability[0].repeat",
            17,
            "UNTIL must be wall-clock time too",
        ),
        (
            'agent = "A"\nstart = "2026-11-28T09:00"\nend = "2026-11-28T12:00"\n'
            'repeat = "DTSTART:20261128T090000\\nRRULE:FREQ=DAILY"\n',
            "availability[0].repeat",
            17,
            "without DTSTART",
        ),
        (
            'agent = "A"\nstart = "2026-11-28T09:00"\nend = "2026-11-28T12:00"\n'
            'repeat = "BYDAY=SA"\n',
            "availability[0].repeat",
            17,
            "has no FREQ",
        ),
        (
            'agent = "A"\nservice = "T"\nstart = "2026-11-28T09:00"\nend = "2026-11-28T12:00"\n',
            "availability[0].service",
            15,
            'A does not give "T"',
        ),
        (
            'agent = "A"\nservice = "U"\nstart = "2026-11-28T09:00"\nend = "2026-11-28T12:00"\n',
            "availability[0].service",
            15,
            'no service named "U"',
        ),
        (
            'agent = "A"\nstart = "28/11/2026 09:00"\nend = "2026-11-28T12:00"\n',
            "availability[0].start",
            15,
            'must be a date and time "YYYY-MM-DDTHH:MM"',
        ),
        ('agent = "A"\nend = "2026-11-28T12:00"\n', "availability[0]", 13, 'required key "start"'),
    ],
)
def test_availability_problems(body: str, path: str, line: int, fragment: str) -> None:
    p = problems_of(AVAILABILITY + body)[0]
    assert (p.path, p.line) == (path, line)
    assert fragment in p.message


def test_agent_hours_only_for_services_the_agent_gives() -> None:
    p = only_problem(
        HEAD
        + '[[services]]\nname = "S"\nduration = "30m"\n'
        + '[[agents]]\nname = "A"\n'
        + 'hours = [ { days = ["mon"], start = "09:00", end = "10:00", services = ["S"] } ]\n'
    )
    assert (p.path, p.line) == ("agents[0].hours[0].services[0]", 9)
    assert 'A does not give "S"' in p.message


def test_lines_of_dotted_keys_and_nested_array_tables() -> None:
    text = (
        HEAD
        + '[[services]]\nname = "S"\nduration = "1h"\n'
        + 'visitor_limit.count = 1\nvisitor_limit.per = "year"\n'
        + '[[services]]\nname = "T"\nduration = "1h"\n'
        + '[[services.fields]]\nname = "F"\nkind = "colour"\n'
    )
    found = problems_of(text)
    assert [(p.path, p.line) for p in found] == [
        ("services[0].visitor_limit.per", 8),
        ("services[1].fields[0].kind", 14),
    ]


def test_syntax_error_has_the_reader_line_and_no_path() -> None:
    p = only_problem(HEAD + 'greeting = "unclosed\nname = "x"\n')
    assert p.path == ""
    assert p.line == 4
    assert p.message.startswith("TOML syntax error: ")
    assert "(column 21)" in p.message  # the line break after 20 characters
    assert p.describe("x.toml").startswith("x.toml:4: TOML syntax error")


def test_syntax_error_at_the_end_points_at_the_last_line() -> None:
    p = only_problem(HEAD + 'closed_weekdays = ["sun",\n  "sat"\n\n')
    assert p.line == 5
    assert p.message.endswith("before the end of the file")


def test_read_setup_file_refuses_unreadable_and_non_utf8(tmp_path: Path) -> None:
    latin = tmp_path / "latin.toml"
    latin.write_bytes(HEAD.encode() + 'greeting = "Bienvenue à la banque"\n'.encode("latin-1"))
    with pytest.raises(SetupFileError) as info:
        read_setup_file(latin)
    assert info.value.problems[0].line == 4
    assert "not UTF-8" in str(info.value)
    with pytest.raises(SetupFileError) as info:
        read_setup_file(tmp_path / "absent.toml")
    assert "cannot read the file" in str(info.value)
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + HEAD.encode())
    assert isinstance(read_setup_file(bom), BranchSetup)
