"""The export property: for any file F that applies,
export(apply(F)) == export(apply(export(apply(F)))), and the second apply changes nothing.

Files are generated with Hypothesis: names with quotes, backslashes and accents, every
duration spelling, holidays as dates and ranges, agents' hours for some services only,
blocked times as wall-clock or with an offset (in zones with half-hour offsets and
daylight-saving time), availability periods with rules and exceptions, custom statuses
(shared by the examples, so later files update earlier ones), every branch setting, the
mail server with its certificate authority, and e-mail templates for the branch and for
its services.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from app.booking.durations import format_duration
from app.booking.permissions import SYSTEM
from app.booking.setup_file import apply_setup, export_setup, parse_setup
from app.models.db import write_session
from app.scheduling.days import DAY_CODES

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
ZONES = ["America/Toronto", "Europe/Paris", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéÉçß'\"\\- 0123456789"

names = st.text(NAME_CHARS, min_size=1, max_size=12).map(str.strip).filter(bool)
free_text = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t"), max_size=30
)
colors = st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)
days_in_2026 = st.dates(date(2026, 1, 1), date(2027, 12, 31))


def spelled(minutes: int, how: int) -> str:
    """One of the accepted spellings of a duration."""
    if how == 0:
        return format_duration(minutes)
    if how == 1:
        return f"{minutes}m"
    if how == 2:
        return f"PT{minutes}M"
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest}m"


@st.composite
def durations(draw: st.DrawFn, low: int, high: int) -> tuple[int, str]:
    minutes = draw(st.integers(low, high))
    return minutes, spelled(minutes, draw(st.integers(0, 3)))


@st.composite
def holiday_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        first = draw(days_in_2026)
        entry: dict[str, Any]
        if draw(st.booleans()):
            entry = {"date": first.isoformat() if draw(st.booleans()) else first}
        else:
            last = first + timedelta(days=draw(st.integers(0, 20)))
            entry = {"from": first.isoformat(), "to": last.isoformat()}
        if draw(st.booleans()):
            entry["name"] = draw(names)
        out.append(entry)
    return out


@st.composite
def hours_lists(draw: st.DrawFn, services: list[str]) -> list[dict[str, Any]]:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, 95)) * 15
        end = draw(st.integers(start // 15 + 1, 96)) * 15
        entry: dict[str, Any] = {
            "days": draw(st.lists(st.sampled_from(DAY_CODES), min_size=1, max_size=7)),
            "start": f"{start // 60:02d}:{start % 60:02d}",
            "end": f"{end // 60:02d}:{end % 60:02d}",
        }
        if services and draw(st.booleans()):
            entry["services"] = draw(st.lists(st.sampled_from(services), min_size=1, unique=True))
        out.append(entry)
    return out


@st.composite
def setup_files(draw: st.DrawFn) -> str:
    branch: dict[str, Any] = {"name": draw(names), "timezone": draw(st.sampled_from(ZONES))}
    if draw(st.booleans()):
        branch["country"] = draw(st.sampled_from(["CA", "fr", "AU", "IN"]))
    if draw(st.booleans()):
        branch["theme_color"] = draw(colors)
    if draw(st.booleans()):
        branch["greeting"] = draw(free_text)
    branch["closed_weekdays"] = draw(st.lists(st.sampled_from(DAY_CODES), max_size=3))
    branch["holidays"] = draw(holiday_lists())

    agent_names = draw(st.lists(names, max_size=3, unique=True))
    service_names = draw(st.lists(names, max_size=3, unique=True))
    services = []
    givers: dict[str, list[str]] = {}
    for name in service_names:
        _minutes, text = draw(durations(1, 600))
        service: dict[str, Any] = {"name": name, "duration": text}
        givers[name] = (
            draw(st.lists(st.sampled_from(agent_names), unique=True)) if agent_names else []
        )
        if givers[name]:
            service["agents"] = givers[name]
        if draw(st.booleans()):
            low, low_text = draw(durations(0, 3000))
            _high, high_text = draw(durations(low, low + 90 * 1440))
            service["min_lead"], service["max_lead"] = low_text, high_text
        for key in ("buffer_before", "buffer_after", "slot_step", "reminder_before"):
            if draw(st.booleans()):
                service[key] = draw(durations(1, 3000))[1]
        for key in ("allow_choose_agent", "allow_cancel", "requires_approval", "active"):
            if draw(st.booleans()):
                service[key] = draw(st.booleans())
        if draw(st.booleans()):
            service["color"] = draw(colors)
        if draw(st.booleans()):
            service["description"] = draw(free_text)
        if draw(st.booleans()):
            per = draw(st.sampled_from(["day", "week", "month", "future"]))
            service["visitor_limit"] = {"count": draw(st.integers(1, 5)), "per": per}
        if draw(st.booleans()):
            service["availability"] = "agents+service"
            service["hours"] = draw(hours_lists([])) or [
                {"days": ["mon"], "start": "09:00", "end": "17:00"}
            ]
        field_names = draw(st.lists(names, max_size=3, unique=True))
        fields = []
        for field_name in field_names:
            field: dict[str, Any] = {"name": field_name, "required": draw(st.booleans())}
            kind = draw(st.sampled_from(["text", "multiline", "number", "date", "choice"]))
            field["kind"] = kind
            if kind == "choice":
                field["choices"] = draw(st.lists(names, min_size=1, max_size=3, unique=True))
            fields.append(field)
        if fields:
            service["fields"] = fields
        service["holidays"] = draw(holiday_lists())
        services.append(service)

    agents = []
    for i, name in enumerate(agent_names):
        gives = [s for s, who in givers.items() if name in who]
        agent: dict[str, Any] = {"name": name, "hours": draw(hours_lists(gives))}
        if draw(st.booleans()):
            agent["email"] = f"agent{i}@branch.example"
        if draw(st.booleans()):
            agent["phone"] = f"+1 416 555 01{i:02d}"
        if draw(st.booleans()):
            agent["bio"] = draw(free_text)
        if draw(st.booleans()):
            agent["active"] = draw(st.booleans())
        agent["holidays"] = draw(holiday_lists())
        blocked = []
        for _ in range(draw(st.integers(0, 3))):
            day = draw(days_in_2026)
            start = datetime(day.year, day.month, day.day, draw(st.integers(8, 17)), 0)
            end = start + timedelta(minutes=15 * draw(st.integers(1, 40)))
            if draw(st.booleans()):
                # An instant with an offset: any hour, including the repeated one.
                start = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
                    minutes=30 * draw(st.integers(0, 47))
                )
                end = start + timedelta(minutes=30 * draw(st.integers(1, 8)))
                entry = {"start": start.isoformat(), "end": end.isoformat()}
            else:
                entry = {"start": start.isoformat(timespec="minutes"), "end": end.isoformat()}
            if draw(st.booleans()):
                entry["reason"] = draw(names)
            blocked.append(entry)
        agent["blocked"] = blocked
        agents.append(agent)

    periods = []
    for _ in range(draw(st.integers(0, 3)) if agent_names else 0):
        who = draw(st.sampled_from(agent_names))
        day = draw(days_in_2026)
        start = datetime(day.year, day.month, day.day, draw(st.integers(6, 18)), 0)
        window = 15 * draw(st.integers(1, 16))
        period: dict[str, Any] = {
            "agent": who,
            "start": start.isoformat(timespec="minutes"),
            "end": (start + timedelta(minutes=window)).isoformat(timespec="minutes"),
        }
        gives = [s for s, agents_of in givers.items() if who in agents_of]
        if gives and draw(st.booleans()):
            period["service"] = draw(st.sampled_from(gives))
        if draw(st.booleans()):
            period["slot"] = spelled(draw(st.integers(1, window)), draw(st.integers(0, 3)))
        rule = draw(
            st.sampled_from([None, "FREQ=DAILY;COUNT=5", "FREQ=WEEKLY;COUNT=4", "FREQ=WEEKLY"])
        )
        if rule:
            period["repeat"] = rule
            period["except"] = draw(st.lists(days_in_2026.map(date.isoformat), max_size=3))
        periods.append(period)

    data: dict[str, Any] = {"branch": branch, "services": services, "agents": agents}
    if periods:
        data["availability"] = periods
    statuses = draw(status_lists(service_names))
    if statuses:
        data["statuses"] = statuses
    if draw(st.booleans()):
        data["settings"] = draw(settings_tables())
    templates = draw(template_lists(service_names))
    if templates:
        data["templates"] = templates
    if draw(st.booleans()):
        data["mail"] = {"host": "smtp.branch.example", "ca_file": "/etc/ssl/company-ca.pem"}
    return tomli_w.dumps(data, multiline_strings=draw(st.booleans()))


@st.composite
def template_lists(draw: st.DrawFn, services: list[str]) -> list[dict[str, Any]]:
    """Templates for the branch and for some services, bodies over several lines."""
    out = []
    wheres = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["created", "cancelled", "reminder"]),
                st.sampled_from(["customer", "agent"]),
                st.sampled_from([None, *services]),
            ),
            max_size=3,
            unique=True,
        )
    )
    for event, recipient, service in wheres:
        entry: dict[str, Any] = {
            "event": event,
            "recipient": recipient,
            "subject": draw(names) + " {!Service Name}",
            "body": draw(free_text) + "\n{!Customer Name}, {!Start Time}\n" + draw(free_text),
        }
        if service is not None:
            entry["service"] = service
        out.append(entry)
    return out


#: Status keys shared by the examples, so later examples update what earlier ones made.
STATUS_KEYS = ["on_hold", "signed", "awaiting-docs", "x1"]


@st.composite
def status_lists(draw: st.DrawFn, services: list[str]) -> list[dict[str, Any]]:
    out = []
    for key in draw(st.lists(st.sampled_from(STATUS_KEYS), max_size=3, unique=True)):
        entry: dict[str, Any] = {"key": key, "name": draw(names)}
        if draw(st.booleans()):
            entry["description"] = draw(free_text)
        if draw(st.booleans()):
            entry["position"] = draw(st.integers(0, 50))
        if draw(st.booleans()):
            entry["predicate"] = draw(st.sampled_from(["start", "confirmation", "cancellation"]))
        if draw(st.booleans()):
            entry["color"] = draw(colors)
        if draw(st.booleans()):
            entry["blocks_time"] = draw(st.booleans())
        if draw(st.booleans()):
            entry["services"] = (
                draw(st.lists(st.sampled_from(services), unique=True)) if services else []
            )
        out.append(entry)
    return out


@st.composite
def settings_tables(draw: st.DrawFn) -> dict[str, Any]:
    """Some of the branch settings, in the spellings a person may use."""
    table: dict[str, Any] = {}
    if draw(st.booleans()):
        table["contact_requirement"] = draw(
            st.sampled_from(["email", "phone", "both", "either", "none"])
        )
    if draw(st.booleans()):
        table["phone_region"] = draw(st.sampled_from(["CA", "fr", "Au", "IN"]))
    if draw(st.booleans()):
        extra = draw(
            st.lists(st.sampled_from(["tentative", "oof", "workingElsewhere", "unknown", "free"]))
        )
        table["blocking_show_as"] = draw(st.permutations(list(dict.fromkeys(["busy", *extra]))))
    if draw(st.booleans()):
        table["min_agent_share"] = draw(
            st.one_of(st.sampled_from([0, 1]), st.floats(0, 1, allow_nan=False))
        )
    for key, values in (
        ("earliest_bookable_day", st.integers(0, 400)),
        ("disabled_window", durations(0, 5000).map(lambda d: d[1])),
    ):
        per: dict[str, Any] = {}
        for audience in ("desk", "self_service"):
            if draw(st.booleans()):
                per[audience] = draw(values)
        if per:
            table[key] = per
    if draw(st.booleans()):
        table["approval"] = {"timeout_hours": draw(st.integers(0, 200))}
    if draw(st.booleans()):
        table["archive"] = {"after_days": draw(st.integers(1, 4000).filter(lambda d: d <= 3660))}
    return table


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=setup_files())
def test_export_of_any_applied_file_is_a_fixed_point(
    sessions: sessionmaker[Session], text: str
) -> None:
    setup = parse_setup(text, "generated.toml")
    name = setup.branch.name
    with write_session(sessions) as s:
        apply_setup(s, SYSTEM, setup, NOW)
    with sessions() as s:
        first = export_setup(s, name)
    with write_session(sessions) as s:
        report = apply_setup(s, SYSTEM, parse_setup(first, "export.toml"), NOW)
    with sessions() as s:
        second = export_setup(s, name)
    assert second == first
    assert not report.changed, report.to_json()
