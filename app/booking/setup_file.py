"""Branch setup files: read and check TOML (here), write it to the database
(``setup_apply``) and back (``setup_export``).

A setup file describes one branch: its time zone, closed days and holidays, its services
with their rules, its agents with their hours, repeating availability periods, custom
statuses and the branch's settings (docs/setup-file.md is the reference,
resources/examples/riverside.toml the example). ``parse_setup`` checks the whole file
before anything is written and reports every problem at once, each with the line it is
on, so a receptionist can fix a file in one pass; the result is a ``BranchSetup`` whose
values are already in the database's terms, which ``apply_setup`` writes in the caller's
transaction.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import difflib
import json
import math
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path as FsPath
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from app.booking import settings as settings_store
from app.booking.durations import EXAMPLES as DURATION_EXAMPLES
from app.booking.durations import DurationError, format_duration, parse_duration
from app.booking.errors import BookingError
from app.booking.settings import CONTACT_CHOICES, SHOW_AS_CHOICES
from app.booking.setup_apply import ApplyReport, KindReport, apply_setup
from app.booking.setup_export import export_setup
from app.booking.setup_schema import (
    DEFAULT_AVAILABILITY,
    DEFAULT_MAX_LEAD_MIN,
    DEFAULT_MIN_LEAD_MIN,
    FIELD_KINDS,
    FILE_AUDIENCES,
    MAIL_TABLE_KEYS,
    MAX_LOGO_BYTES,
    SETTINGS_TABLE_KEYS,
    STATUS_KEYS,
    TEMPLATE_KEYS,
    AgentSpec,
    AvailabilitySpec,
    BlockedSpec,
    BranchSetup,
    BranchSpec,
    FieldSpec,
    Holiday,
    MailSpec,
    PerAudience,
    ServiceSpec,
    SettingsSpec,
    SetupFileError,
    SetupProblem,
    StatusSpec,
    TemplateSpec,
    VisitorLimit,
    WeeklyHours,
    country_codes,
    country_for_timezone,
    format_local,
    image_type,
    local_to_utc,
    timezone_names,
)
from app.booking.statuses import BUILTIN_KEYS as BUILTIN_STATUS_KEYS
from app.booking.statuses import KEY_MAX as STATUS_KEY_MAX
from app.booking.statuses import KEY_PATTERN as STATUS_KEY_PATTERN
from app.booking.statuses import NAME_MAX as STATUS_NAME_MAX
from app.booking.statuses import POSITION_MAX as STATUS_POSITION_MAX
from app.models.appointments import PREDICATES
from app.models.notifications import EVENTS
from app.models.services import AVAILABILITY_MODES, VISITOR_LIMIT_PERIODS
from app.notify.templates import RECIPIENTS, check_template
from app.scheduling.days import DAY_CODES

__all__ = [
    "AgentSpec",
    "ApplyReport",
    "AvailabilitySpec",
    "BlockedSpec",
    "BranchSetup",
    "BranchSpec",
    "FieldSpec",
    "Holiday",
    "KindReport",
    "MailSpec",
    "PerAudience",
    "ServiceSpec",
    "SettingsSpec",
    "SetupFileError",
    "SetupProblem",
    "StatusSpec",
    "TemplateSpec",
    "VisitorLimit",
    "WeeklyHours",
    "apply_setup",
    "export_setup",
    "parse_setup",
    "parse_setup_data",
    "read_setup_file",
]

PathPart = str | int
KeyPath = tuple[PathPart, ...]

# -- where things are in the text -------------------------------------------------------

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def render_path(path: KeyPath) -> str:
    """``("services", 1, "agents", 0)`` -> ``"services[1].agents[0]"``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class Locator:
    """Where each table, key and array element of a TOML text starts (1-based lines)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0
        self._line = 1
        self._lines: dict[KeyPath, int] = {}
        self._aot_counts: dict[KeyPath, int] = {}
        # On odd input keep what was found so far: lines are a help, not a requirement.
        with contextlib.suppress(IndexError, ValueError, tomllib.TOMLDecodeError):
            self._scan()

    def line(self, path: KeyPath) -> int | None:
        """The line of ``path``, or of the nearest enclosing place that has one."""
        while path:
            found = self._lines.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return None

    def exact(self, path: KeyPath) -> int | None:
        return self._lines.get(path)

    # -- scanning ---------------------------------------------------------------------

    def _peek(self, n: int = 1) -> str:
        return self._text[self._pos : self._pos + n]

    def _advance(self, n: int = 1) -> None:
        chunk = self._text[self._pos : self._pos + n]
        self._line += chunk.count("\n")
        self._pos += n

    def _skip_blank(self, *, newlines: bool) -> None:
        """Skip spaces, tabs, comments and (when asked) line breaks."""
        text = self._text
        while self._pos < len(text):
            ch = text[self._pos]
            if ch in " \t\r":
                self._pos += 1
            elif ch == "\n" and newlines:
                self._advance()
            elif ch == "#":
                end = text.find("\n", self._pos)
                self._pos = len(text) if end < 0 else end
            else:
                return

    def _scan(self) -> None:
        current: KeyPath = ()
        text = self._text
        while True:
            self._skip_blank(newlines=True)
            if self._pos >= len(text):
                return
            start = self._pos
            if self._peek(2) == "[[":
                self._advance(2)
                keys = self._read_key("]")
                self._skip_blank(newlines=False)
                self._advance(2)
                table = self._resolve(keys)
                index = self._aot_counts.get(table, 0)
                self._aot_counts[table] = index + 1
                self._lines.setdefault(table, self._line)
                current = (*table, index)
                self._lines[current] = self._line
            elif self._peek() == "[":
                self._advance()
                keys = self._read_key("]")
                self._skip_blank(newlines=False)
                self._advance()
                current = self._resolve(keys)
                self._lines.setdefault(current, self._line)
            else:
                line = self._line
                keys = self._read_key("=")
                self._skip_blank(newlines=False)
                self._advance()  # "="
                path = (*current, *keys)
                self._lines.setdefault(path, line)
                self._read_value(path)
            if self._pos == start:  # never stand still on input we do not understand
                self._advance()

    def _resolve(self, keys: tuple[str, ...]) -> KeyPath:
        """A header's keys as a path; an array of tables before the last key stands for
        its last element (``[[services.fields]]`` belongs to the latest service)."""
        path: KeyPath = ()
        for key in keys[:-1]:
            path = (*path, key)
            count = self._aot_counts.get(path)
            if count:
                path = (*path, count - 1)
        return (*path, *keys[-1:])

    def _read_key(self, stop: str) -> tuple[str, ...]:
        """A dotted key up to ``stop`` ("=" or "]"), left unconsumed."""
        parts: list[str] = []
        text = self._text
        while self._pos < len(text):
            self._skip_blank(newlines=False)
            ch = self._peek()
            if ch in ('"', "'"):
                begin = self._pos
                self._skip_string()
                parts.append(tomllib.loads(f"k = {text[begin : self._pos]}")["k"])
            else:
                begin = self._pos
                while self._pos < len(text) and text[self._pos] in _BARE:
                    self._pos += 1
                if self._pos == begin:
                    break
                parts.append(text[begin : self._pos])
            self._skip_blank(newlines=False)
            if self._peek() == ".":
                self._pos += 1
                continue
            break
        if self._peek() != stop:
            raise ValueError("unexpected text in a key")
        return tuple(parts)

    def _skip_string(self) -> None:
        text = self._text
        quote = text[self._pos]
        triple = text[self._pos : self._pos + 3] == quote * 3
        if triple:
            self._advance(3)
            end = self._pos
            while True:
                end = text.index(quote * 3, end)
                if quote == '"' and _escaped(text, end):
                    end += 1
                    continue
                break
            # A closing run may hold up to two extra quotes that belong to the string.
            while text[end + 3 : end + 4] == quote:
                end += 1
            self._advance(end + 3 - self._pos)
            return
        self._pos += 1
        while True:
            ch = text[self._pos]
            if ch == "\\" and quote == '"':
                self._pos += 2
                continue
            self._pos += 1
            if ch == quote:
                return
            if ch == "\n":
                raise ValueError("string not closed on its line")

    def _read_value(self, path: KeyPath) -> None:
        self._skip_blank(newlines=False)
        ch = self._peek()
        if ch in ('"', "'"):
            self._skip_string()
        elif ch == "[":
            self._advance()
            index = 0
            while True:
                self._skip_blank(newlines=True)
                if self._peek() in ("]", ""):
                    self._advance()
                    return
                element = (*path, index)
                self._lines.setdefault(element, self._line)
                self._read_value(element)
                index += 1
                self._skip_blank(newlines=True)
                if self._peek() == ",":
                    self._advance()
        elif ch == "{":
            self._advance()
            while True:
                self._skip_blank(newlines=True)
                if self._peek() in ("}", ""):
                    self._advance()
                    return
                line = self._line
                keys = self._read_key("=")
                self._advance()
                key_path = (*path, *keys)
                self._lines.setdefault(key_path, line)
                self._read_value(key_path)
                self._skip_blank(newlines=True)
                if self._peek() == ",":
                    self._advance()
        else:
            text = self._text
            while self._pos < len(text) and text[self._pos] not in ",]}\n#":
                self._pos += 1


def _escaped(text: str, index: int) -> bool:
    """True when the character at ``index`` follows an odd run of backslashes."""
    count = 0
    while index - 1 - count >= 0 and text[index - 1 - count] == "\\":
        count += 1
    return count % 2 == 1


# -- reading ---------------------------------------------------------------------------


#: Column widths of the database, checked here so that PostgreSQL never has to refuse.
NAME_MAX = 200
EMAIL_MAX = 320
PHONE_MAX = 32
URL_MAX = 500

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HHMM = re.compile(r"(\d{1,2}):(\d{2})")
_LOCAL = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?", re.I)
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_SYNTAX = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_SYNTAX_AT_END = re.compile(r"\s*\(at end of document\)\s*$")
_NOT_SET: Any = object()


def parse_setup(text: str, source: str = "<setup>") -> BranchSetup:
    """Read a setup file's text; raise ``SetupFileError`` listing every problem.

    ``source`` names the file in messages; a ``logo`` path is read relative to its folder.
    Nothing here touches the database: the file is checked whole before anything is
    written.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SetupFileError([_syntax_problem(exc, text)], source) from None
    reader = _Reader(Locator(text), FsPath(source).parent)
    setup = reader.read(data)
    if reader.problems or setup is None:
        ordered = sorted(reader.problems, key=lambda p: (p.line is None, p.line or 0))
        raise SetupFileError(ordered, source)
    return setup


def parse_setup_data(data: dict[str, Any], source: str = "<setup>") -> BranchSetup:
    """Check setup values that are already TOML-shaped (a screen's form, not a file).

    The same reader as ``parse_setup`` with no text to point into: problems carry their
    key path and no line. A ``logo`` must then be a ``data:`` address or an absolute path.
    """
    reader = _Reader(Locator(""), FsPath(source).parent)
    setup = reader.read(data)
    if reader.problems or setup is None:
        raise SetupFileError(reader.problems or [SetupProblem("", None, "nothing to read")], source)
    return setup


def read_setup_file(path: str | FsPath) -> BranchSetup:
    """Read and check a setup file from disk (UTF-8, a byte-order mark is allowed)."""
    source = str(path)
    try:
        raw = FsPath(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise SetupFileError(
            [SetupProblem("", None, f"cannot read the file: {reason}")], source
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SetupFileError(
            [SetupProblem("", line, "the file is not UTF-8 text; save it as UTF-8")], source
        ) from None
    return parse_setup(text, source)


def _syntax_problem(exc: tomllib.TOMLDecodeError, text: str) -> SetupProblem:
    """tomllib's message, its place turned into our line (its column kept in the text)."""
    message = str(exc)
    match = _SYNTAX.search(message)
    line: int | None = None
    if match:
        line = int(match.group(1))
        message = f"{message[: match.start()]} (column {match.group(2)})"
    elif at_end := _SYNTAX_AT_END.search(message):
        # Something left open until the end: the last line that holds anything.
        line = max(1, len(text.rstrip().splitlines()))
        message = f"{message[: at_end.start()]} before the end of the file"
    message = message[:1].lower() + message[1:]
    return SetupProblem("", line, f"TOML syntax error: {message}")


def _kind(value: object) -> str:
    """How a TOML value is called in messages."""
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        # JSON quoting shows escapes ("a\nb") instead of breaking the message's line.
        return json.dumps(value, ensure_ascii=False) if len(value) <= 60 else "a long text"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, time):
        return f"the time {value.isoformat()}"
    return type(value).__name__


def _control_character(text: str, *, allow_breaks: bool) -> str | None:
    """The first control character of ``text`` (NUL, escape, ...), if any.

    Names and codes have none; free texts may break lines. PostgreSQL refuses NUL outright.
    """
    for ch in text:
        if unicodedata.category(ch) == "Cc" and not (allow_breaks and ch in "\n\r\t"):
            return ch
    return None


def _names(values: Sequence[str]) -> str:
    return ", ".join(values) if values else "(none)"


class _Reader:
    """Walks the parsed TOML, collecting problems and building the frozen values.

    Each value reader reports what is wrong at the key's own path and returns None (or
    the default) so that reading goes on and every problem of the file is found.
    """

    def __init__(self, locator: Locator, base_dir: FsPath) -> None:
        self.locator = locator
        self.base_dir = base_dir
        self.problems: list[SetupProblem] = []
        self.zone: ZoneInfo | None = None
        self.country: str | None = None

    def problem(self, path: KeyPath, message: str) -> None:
        self.problems.append(SetupProblem(render_path(path), self.locator.line(path), message))

    # -- the file's parts -------------------------------------------------------------

    def read(self, data: dict[str, Any]) -> BranchSetup | None:
        before = len(self.problems)
        self.check_keys(
            data,
            (),
            (
                "branch",
                "services",
                "agents",
                "availability",
                "statuses",
                "settings",
                "mail",
                "templates",
            ),
            "the file",
        )
        branch = None
        if "branch" not in data:
            self.problem(
                ("branch",),
                "the [branch] table is missing; expected [branch] with at least name and timezone",
            )
        else:
            table = self.table(data["branch"], ("branch",), "branch", "[branch]")
            if table is not None:
                branch = self.read_branch(table)

        service_tables = list(self.tables(data, (), "services", "[[services]]"))
        agent_tables = list(self.tables(data, (), "agents", "[[agents]]"))
        service_names = self.unique_names(service_tables, "service")
        agent_names = self.unique_names(agent_tables, "agent")
        # Which agents give which service, to check the services named in agents' hours
        # and in availability periods.
        givers: dict[str, set[str]] = {}
        for _path, table in service_tables:
            agents = table.get("agents")
            name = table.get("name")
            if isinstance(name, str):
                listed = agents if isinstance(agents, list) else []
                givers[name.strip()] = {a.strip() for a in listed if isinstance(a, str)}

        services = [self.read_service(path, table, agent_names) for path, table in service_tables]
        agents = [
            self.read_agent(path, table, service_names, givers) for path, table in agent_tables
        ]
        availability = [
            self.read_availability(path, table, agent_names, service_names, givers)
            for path, table in self.tables(data, (), "availability", "[[availability]]")
        ]
        statuses = self.read_statuses(data, service_names)
        settings = SettingsSpec()
        if "settings" in data:
            table = self.table(data["settings"], ("settings",), "settings", "[settings]")
            if table is not None:
                settings = self.read_settings(table)
        mail = MailSpec()
        if "mail" in data:
            table = self.table(data["mail"], ("mail",), "mail", "[mail]")
            if table is not None:
                mail = self.read_mail(table)
        templates = self.read_templates(data, service_tables)

        if len(self.problems) > before or branch is None:
            return None
        return BranchSetup(
            branch=branch,
            services=tuple(s for s in services if s is not None),
            agents=tuple(a for a in agents if a is not None),
            availability=tuple(a for a in availability if a is not None),
            settings=settings,
            statuses=statuses,
            mail=mail,
            templates=templates,
        )

    def read_branch(self, t: dict[str, Any]) -> BranchSpec | None:
        p: KeyPath = ("branch",)
        self.check_keys(
            t,
            p,
            (
                "name",
                "timezone",
                "country",
                "theme_color",
                "logo",
                "greeting",
                "closed_weekdays",
                "holidays",
            ),
            "[branch]",
        )
        name = self.name(t, p, "branch")
        zone_name = self.string(t, p, "timezone", required=True, what="an IANA time zone")
        if zone_name is not None:
            if zone_name in timezone_names():
                self.zone = ZoneInfo(zone_name)
            else:
                close = difflib.get_close_matches(zone_name, sorted(timezone_names()), n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                self.problem(
                    (*p, "timezone"),
                    f'timezone "{zone_name}" is not a known IANA time zone{hint}; expected a '
                    'name such as "America/Toronto" or "Europe/Paris"',
                )
        country = self.string(t, p, "country", what="a two-letter country code such as CA")
        if country is not None:
            country = country.upper()
            known = country_codes()
            if not re.fullmatch(r"[A-Z]{2}", country) or (known and country not in known):
                self.problem(
                    (*p, "country"),
                    f'country "{t["country"]}" is not an ISO 3166 country code; expected two '
                    'letters such as "CA", "US" or "FR"',
                )
                country = None
        elif zone_name is not None:
            country = country_for_timezone(zone_name)
        self.country = country
        theme = self.color(t, p, "theme_color")
        logo = self.logo(t, p)
        greeting = self.string(t, p, "greeting", strip=False, what="a text")
        closed = self.days(t, p, "closed_weekdays", allow_empty=True)
        holidays = self.holidays(t, p)
        if name is None or zone_name is None or self.zone is None:
            return None
        return BranchSpec(
            name=name,
            timezone=zone_name,
            country=country,
            theme_color=theme,
            logo=logo,
            greeting=greeting,
            closed_weekdays=closed or 0,
            holidays=holidays,
        )

    def read_service(
        self, p: KeyPath, t: dict[str, Any], agent_names: set[str]
    ) -> ServiceSpec | None:
        before = len(self.problems)
        self.check_keys(
            t,
            p,
            (
                "name",
                "description",
                "color",
                "active",
                "duration",
                "slot_step",
                "buffer_before",
                "buffer_after",
                "min_lead",
                "max_lead",
                "allow_choose_agent",
                "allow_cancel",
                "visitor_limit",
                "reminder_before",
                "requires_approval",
                "availability",
                "hours",
                "agents",
                "fields",
                "holidays",
            ),
            "[[services]]",
        )
        name = self.name(t, p, "service")
        description = self.string(t, p, "description", strip=False, what="a text")
        color = self.color(t, p, "color")
        active = self.boolean(t, p, "active", True)
        duration = self.duration(t, p, "duration", required=True, positive=True)
        slot_step = self.duration(t, p, "slot_step", positive=True)
        buffer_before = self.duration(t, p, "buffer_before")
        buffer_after = self.duration(t, p, "buffer_after")
        min_lead = self.duration(t, p, "min_lead")
        max_lead = self.duration(t, p, "max_lead")
        if min_lead is None and "min_lead" not in t:
            min_lead = DEFAULT_MIN_LEAD_MIN
        if max_lead is None and "max_lead" not in t:
            max_lead = DEFAULT_MAX_LEAD_MIN
        if min_lead is not None and max_lead is not None and max_lead < min_lead:
            where = (*p, "max_lead") if "max_lead" in t else (*p, "min_lead")
            self.problem(
                where,
                f"max_lead ({format_duration(max_lead)}) is shorter than min_lead "
                f"({format_duration(min_lead)}); expected max_lead at least as long as "
                "min_lead (defaults: min_lead 1d, max_lead 30d)",
            )
        allow_choose = self.boolean(t, p, "allow_choose_agent", True)
        allow_cancel = self.boolean(t, p, "allow_cancel", True)
        limit = self.visitor_limit(t, p)
        reminder = self.duration(t, p, "reminder_before", positive=True)
        approval = self.boolean(t, p, "requires_approval", False)
        mode = self.choice(t, p, "availability", AVAILABILITY_MODES) or DEFAULT_AVAILABILITY
        hours = self.hours(t, p, with_services=False)
        if mode == "agents+service" and "hours" not in t:
            self.problem(
                (*p, "availability"),
                'availability = "agents+service" needs the service\'s own hours; expected '
                'hours = [ { days = ["mon"], start = "09:00", end = "17:00" } ]',
            )
        if "hours" in t and mode != "agents+service":
            self.problem(
                (*p, "hours"),
                "hours are the service's own opening hours and count only with "
                'availability = "agents+service"; expected that line too, or no hours',
            )
        agents = self.references(t, p, "agents", agent_names, "agent", "[[agents]]")
        fields = self.fields(t, p)
        holidays = self.holidays(t, p)
        if len(self.problems) > before or name is None or duration is None:
            return None
        assert min_lead is not None
        assert max_lead is not None
        return ServiceSpec(
            name=name,
            duration_min=duration,
            color=color,
            description=description,
            active=active,
            agents=agents,
            slot_step_min=slot_step,
            buffer_before_min=buffer_before or 0,
            buffer_after_min=buffer_after or 0,
            min_lead_min=min_lead,
            max_lead_min=max_lead,
            allow_choose_agent=allow_choose,
            allow_cancel=allow_cancel,
            visitor_limit=limit,
            reminder_before_min=reminder,
            requires_approval=approval,
            availability_mode=mode,
            hours=hours,
            holidays=holidays,
            fields=fields,
        )

    def read_agent(
        self,
        p: KeyPath,
        t: dict[str, Any],
        service_names: set[str],
        givers: dict[str, set[str]],
    ) -> AgentSpec | None:
        before = len(self.problems)
        self.check_keys(
            t,
            p,
            (
                "name",
                "email",
                "phone",
                "bio",
                "meeting_url",
                "color",
                "active",
                "hours",
                "holidays",
                "blocked",
            ),
            "[[agents]]",
        )
        name = self.name(t, p, "agent")
        email = self.email(t, p)
        phone = self.phone(t, p)
        bio = self.string(t, p, "bio", strip=False, what="a text")
        url = self.url(t, p)
        color = self.color(t, p, "color")
        active = self.boolean(t, p, "active", True)
        hours = self.hours(
            t, p, with_services=True, service_names=service_names, agent=name, givers=givers
        )
        holidays = self.holidays(t, p)
        blocked = self.blocked(t, p)
        if len(self.problems) > before or name is None:
            return None
        return AgentSpec(
            name=name,
            email=email,
            phone=phone,
            bio=bio,
            meeting_url=url,
            color=color,
            active=active,
            hours=hours,
            holidays=holidays,
            blocked=blocked,
        )

    def read_availability(
        self,
        p: KeyPath,
        t: dict[str, Any],
        agent_names: set[str],
        service_names: set[str],
        givers: dict[str, set[str]],
    ) -> AvailabilitySpec | None:
        before = len(self.problems)
        self.check_keys(
            t,
            p,
            ("agent", "service", "start", "end", "slot", "repeat", "except"),
            "[[availability]]",
        )
        agent = self.string(t, p, "agent", required=True, what="an agent's name")
        if agent is not None and agent not in agent_names:
            self.unknown_reference((*p, "agent"), "agent", agent, agent_names, "[[agents]]")
        service = self.string(t, p, "service", what="a service's name")
        if service is not None:
            if service not in service_names:
                self.unknown_reference(
                    (*p, "service"), "service", service, service_names, "[[services]]"
                )
            elif agent is not None and agent not in givers.get(service, {agent}):
                self.problem(
                    (*p, "service"),
                    f'service: {agent} does not give "{service}" (the service\'s agents list '
                    "does not name them); expected a service this agent gives, or no service "
                    "for all of them",
                )
        start = self.wall_clock(t, p, "start", required=True)
        end = self.wall_clock(t, p, "end", required=True)
        if start is not None and end is not None and end <= start:
            self.problem(
                (*p, "end"),
                f"end ({format_local(end)}) is not after start ({format_local(start)}); "
                "expected the end of the first window, after its start",
            )
        slot = self.duration(t, p, "slot", positive=True)
        if slot is not None and start is not None and end is not None and end > start:
            window = int((end - start).total_seconds() // 60)
            if slot > window:
                self.problem(
                    (*p, "slot"),
                    f"slot ({format_duration(slot)}) is longer than the window from start to "
                    f"end ({format_duration(window)}); expected a slot that fits in it",
                )
        rule = self.rrule(t, p, start)
        exdates = self.exdates(t, p)
        if len(self.problems) > before or agent is None or start is None or end is None:
            return None
        return AvailabilitySpec(
            agent=agent,
            start_local=start,
            end_local=end,
            service=service,
            slot_min=slot,
            rrule=rule,
            exdates=exdates,
        )

    def read_settings(self, t: dict[str, Any]) -> SettingsSpec:
        p: KeyPath = ("settings",)
        self.check_keys(t, p, SETTINGS_TABLE_KEYS, "[settings]")
        contact = self.choice(t, p, "contact_requirement", CONTACT_CHOICES)
        region = self.string(t, p, "phone_region", what='a two-letter country code such as "CA"')
        if region is not None:
            try:
                region = settings_store.validate(settings_store.PHONE_REGION, region)
            except BookingError:
                self.problem(
                    (*p, "phone_region"),
                    f'phone_region "{region}" is not a country whose phone numbers are known; '
                    'expected two letters such as "CA", "US" or "FR" (left out: the '
                    "branch's country)",
                )
                region = None
        return SettingsSpec(
            contact_requirement=contact,
            phone_region=region,
            blocking_show_as=self.show_as(t, p),
            min_agent_share=self.share(t, p),
            earliest_bookable_day=self.per_audience(t, p, "earliest_bookable_day", days=True),
            disabled_window_min=self.per_audience(t, p, "disabled_window", days=False),
            approval_timeout_hours=self.dotted_setting(t, p, "approval", "timeout_hours"),
            archive_after_days=self.dotted_setting(t, p, "archive", "after_days"),
        )

    def dotted_setting(self, t: dict[str, Any], p: KeyPath, table_key: str, key: str) -> Any:
        """``approval.timeout_hours = 48``: the stored setting of that dotted name, checked
        as ``frontdesk settings set`` checks it."""
        if table_key not in t:
            return None
        tp = (*p, table_key)
        table = self.table(t[table_key], tp, table_key, f"{table_key}.{key} = ...")
        if table is None:
            return None
        self.check_keys(table, tp, (key,), f"settings.{table_key}")
        if key not in table:
            return None
        stored = f"{table_key}.{key}"
        value = table[key]
        if stored == settings_store.ARCHIVE_AFTER_DAYS:
            expected = (
                f"a whole number of days from 1 to {settings_store.MAX_DAYS}, no quotes (left "
                "out: the desk-wide value, never by default)"
            )
        else:
            expected = (
                f"a whole number of hours from 0 (never) to {settings_store.MAX_DAYS * 24}, "
                "no quotes"
            )
        if value is not None:
            with contextlib.suppress(BookingError):
                return settings_store.validate(stored, value)
        self.problem((*tp, key), f"{stored} must be {expected}, not {_kind(value)}")
        return None

    def read_mail(self, t: dict[str, Any]) -> MailSpec:
        """The ``[mail]`` table: each key checked as the setting ``mail.<key>`` is."""
        p: KeyPath = ("mail",)
        if "password" in t:
            self.problem(
                (*p, "password"),
                "a mail password never goes in a setup file; store it in the system keyring "
                "with `frontdesk mail set-password`",
            )
        self.check_keys(
            {k: v for k, v in t.items() if k != "password"}, p, MAIL_TABLE_KEYS, "[mail]"
        )
        values: dict[str, Any] = {}
        for key in MAIL_TABLE_KEYS:
            if key not in t:
                continue
            value = t[key]
            if key == "ca_file" and isinstance(value, str) and value.strip():
                # Relative to the setup file, like a logo; stored as a full path.
                value = os.path.normpath((self.base_dir / value.strip()).absolute())
            try:
                values[key] = settings_store.validate(f"mail.{key}", value)
            except BookingError:
                expected = {
                    "host": 'a server name such as "smtp.example.com"',
                    "port": "a port number from 1 to 65535, no quotes",
                    "security": '"starttls", "ssl" or "none"',
                    "user": "a user name of one line",
                    "from_address": 'an e-mail address such as "desk@branch.example"',
                    "from_name": "a name of one line",
                    "ca_file": "the path of a PEM certificate file, relative to this file or full",
                }[key]
                self.problem((*p, key), f"{key} must be {expected}, not {_kind(t[key])}")
        return MailSpec(**values)

    def read_templates(
        self, data: dict[str, Any], service_tables: list[tuple[KeyPath, dict[str, Any]]]
    ) -> tuple[TemplateSpec, ...]:
        """The ``[[templates]]``: checked as the template editor checks a template, with the
        custom fields of the file's own services as extra placeholders."""
        fields_of: dict[str, list[str]] = {}
        for _sp, st in service_tables:
            name = st.get("name")
            listed = st.get("fields")
            if isinstance(name, str):
                fields_of[name.strip()] = [
                    f["name"].strip()
                    for f in (listed if isinstance(listed, list) else [])
                    if isinstance(f, dict) and isinstance(f.get("name"), str)
                ]
        out: list[TemplateSpec] = []
        seen: dict[tuple[str, str, str | None], KeyPath] = {}
        for p, t in self.tables(data, (), "templates", "[[templates]]"):
            before = len(self.problems)
            self.check_keys(t, p, TEMPLATE_KEYS, "[[templates]]")
            event = self.choice_required(t, p, "event", EVENTS)
            recipient = self.choice_required(t, p, "recipient", RECIPIENTS)
            service = self.string(t, p, "service", what="a service name of this file")
            if service is not None and service not in fields_of:
                self.unknown_reference(
                    (*p, "service"), "service", service, set(fields_of), "[[services]]"
                )
                service = None
            subject = self.string(t, p, "subject", required=True, what="the e-mail's subject")
            if subject is not None and ("\n" in subject or len(subject) > 300):
                self.problem(
                    (*p, "subject"),
                    "subject must be one line of at most 300 characters; expected a short "
                    'subject such as "Your appointment: {!Service Name}"',
                )
                subject = None
            body = self.template_body(t, p)
            extra = (
                fields_of.get(service, [])
                if service is not None
                else [n for names in fields_of.values() for n in names]
            )
            for key, text in (("subject", subject), ("body", body)):
                if text is None:
                    continue
                try:
                    check_template(text, None, extra)
                except BookingError as exc:
                    self.problem((*p, key), f"{key}: {exc.message}")
            if event is not None and recipient is not None:
                where = (event, recipient, service)
                if where in seen and len(self.problems) == before:
                    whose = f'service "{service}"' if service else "the branch"
                    self.problem(
                        p,
                        f"the {event} e-mail to the {recipient} for {whose} is already given "
                        f"by {render_path(seen[where])}; expected each once",
                    )
                seen.setdefault(where, p)
            if (
                len(self.problems) == before
                and event is not None
                and recipient is not None
                and subject is not None
                and body is not None
            ):
                out.append(TemplateSpec(event, recipient, subject, body, service))
        return tuple(out)

    def choice_required(
        self, t: dict[str, Any], p: KeyPath, key: str, allowed: Sequence[str]
    ) -> str | None:
        if key not in t:
            self.problem(
                p, f'the required key "{key}" is missing; expected one of: {", ".join(allowed)}'
            )
            return None
        return self.choice(t, p, key, allowed)

    def template_body(self, t: dict[str, Any], p: KeyPath) -> str | None:
        """The body exactly as written (line breaks kept), refused when blank."""
        if "body" not in t:
            self.problem(p, 'the required key "body" is missing; expected body = """..."""')
            return None
        value = t["body"]
        if not isinstance(value, str):
            self.problem((*p, "body"), f"body must be a text in quotes, not {_kind(value)}")
            return None
        if not value.strip():
            self.problem((*p, "body"), "body is empty; expected the text of the e-mail")
            return None
        bad = _control_character(value, allow_breaks=True)
        if bad is not None:
            self.problem(
                (*p, "body"),
                f"body contains the control character U+{ord(bad):04X}; expected plain text "
                "(line breaks and tabs are fine)",
            )
            return None
        return value

    def show_as(self, t: dict[str, Any], p: KeyPath) -> tuple[str, ...] | None:
        key = "blocking_show_as"
        if key not in t:
            return None
        before = len(self.problems)
        values = self.string_list(t, p, key, what="show-as values")
        by_lower = {c.lower(): c for c in SHOW_AS_CHOICES}
        found: list[str] = []
        for i, value in enumerate(values):
            known = by_lower.get(value.lower())
            if known is None:
                self.problem(
                    (*p, key, i),
                    f'{key}: "{value}" is not a show-as value; expected one of: '
                    f"{', '.join(SHOW_AS_CHOICES)}",
                )
            elif known in found:
                self.problem((*p, key, i), f'{key}: "{value}" is listed twice; expected each once')
            else:
                found.append(known)
        if len(self.problems) > before:
            return None
        if "busy" not in found:
            self.problem(
                (*p, key),
                f'{key} must hold "busy" (busy events always take the agent\'s time); expected '
                'a list such as ["busy", "tentative"]',
            )
            return None
        return tuple(c for c in SHOW_AS_CHOICES if c in found)

    def share(self, t: dict[str, Any], p: KeyPath) -> float | None:
        key = "min_agent_share"
        if key not in t:
            return None
        value = t[key]
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and 0 <= value <= 1
        ):
            return float(value)
        self.problem(
            (*p, key),
            f"{key} must be a number from 0 to 1 (no quotes) such as 0.5, not {_kind(value)}",
        )
        return None

    def per_audience(self, t: dict[str, Any], p: KeyPath, key: str, *, days: bool) -> PerAudience:
        """``{ desk = ..., self_service = ... }``: whole days, or durations in minutes."""
        if key not in t:
            return PerAudience()
        example = (
            "{ desk = 0, self_service = 1 }" if days else '{ desk = "0m", self_service = "2h" }'
        )
        kp = (*p, key)
        table = self.table(t[key], kp, key, example)
        if table is None:
            return PerAudience()
        names = tuple(name for name, _ in FILE_AUDIENCES)
        self.check_keys(table, kp, names, key)
        values: dict[str, int | None] = {}
        for name in names:
            if name not in table:
                continue
            if days:
                value = table[name]
                if (
                    isinstance(value, int)
                    and not isinstance(value, bool)
                    and 0 <= value <= settings_store.MAX_DAYS
                ):
                    values[name] = value
                else:
                    self.problem(
                        (*kp, name),
                        f"{name} must be a whole number of days from 0 (today) to "
                        f"{settings_store.MAX_DAYS}, no quotes, not {_kind(value)}",
                    )
            else:
                values[name] = self.duration(table, kp, name)
        return PerAudience(values.get("desk"), values.get("self_service"))

    def read_statuses(
        self, data: dict[str, Any], service_names: set[str]
    ) -> tuple[StatusSpec, ...]:
        out: list[StatusSpec] = []
        seen: dict[str, KeyPath] = {}
        for p, t in self.tables(data, (), "statuses", "[[statuses]]"):
            before = len(self.problems)
            self.check_keys(t, p, STATUS_KEYS, "[[statuses]]")
            key = self.string(
                t, p, "key", required=True, what='a status key such as "awaiting_documents"'
            )
            if key is not None:
                if key in BUILTIN_STATUS_KEYS:
                    self.problem(
                        (*p, "key"),
                        f'key "{key}" is a built-in status, which a setup file cannot redefine '
                        'or remove; expected a key of your own, such as "awaiting_documents"',
                    )
                elif len(key) > STATUS_KEY_MAX or not STATUS_KEY_PATTERN.fullmatch(key):
                    self.problem(
                        (*p, "key"),
                        f'key "{key}" is not a status key; expected lower-case letters and '
                        'digits, words joined by "-" or "_", starting with a letter, at most '
                        f'{STATUS_KEY_MAX} characters, such as "awaiting_documents"',
                    )
                elif key in seen:
                    self.problem(
                        (*p, "key"),
                        f'key "{key}" is already used by {render_path(seen[key])}; expected '
                        "each status key once",
                    )
                else:
                    seen[key] = p
            name = self.string(
                t, p, "name", required=True, what="the status's name", max_len=STATUS_NAME_MAX
            )
            description = self.string(t, p, "description", strip=False, what="a text")
            position = None
            if "position" in t:
                value = t["position"]
                if (
                    isinstance(value, int)
                    and not isinstance(value, bool)
                    and 0 <= value <= STATUS_POSITION_MAX
                ):
                    position = value
                else:
                    self.problem(
                        (*p, "position"),
                        f"position must be a whole number from 0 to {STATUS_POSITION_MAX} "
                        f"(no quotes), not {_kind(value)}",
                    )
            predicate = self.choice(t, p, "predicate", PREDICATES)
            color = self.color(t, p, "color")
            blocks = self.boolean(t, p, "blocks_time", True)
            services = None
            if "services" in t:
                services = self.references(
                    t, p, "services", service_names, "service", "[[services]]"
                )
            if len(self.problems) == before and key is not None and name is not None:
                out.append(
                    StatusSpec(
                        key=key,
                        name=name,
                        description=description or "",
                        position=position,
                        predicate=predicate,
                        color=color,
                        blocks_time=blocks,
                        services=services,
                    )
                )
        return tuple(out)

    # -- structure --------------------------------------------------------------------

    def check_keys(self, t: dict[str, Any], p: KeyPath, allowed: Sequence[str], where: str) -> None:
        for key in t:
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.7)
            hint = f'did you mean "{close[0]}"? ' if close else ""
            self.problem(
                (*p, key),
                f'unknown key "{key}" in {where}; {hint}allowed keys: {", ".join(allowed)}',
            )

    def table(self, value: Any, p: KeyPath, key: str, what: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.problem(p, f"{key} must be a table ({what}), not {_kind(value)}")
        return None

    def tables(
        self, t: dict[str, Any], p: KeyPath, key: str, what: str
    ) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
        """The tables of an array such as ``[[services]]`` or ``holidays = [ {...} ]``."""
        if key not in t:
            return
        value = t[key]
        if not isinstance(value, list):
            self.problem(
                (*p, key), f"{key} must be an array of tables ({what}), not {_kind(value)}"
            )
            return
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield (*p, key, i), item
            else:
                self.problem(
                    (*p, key, i),
                    f"{key} must hold tables ({what}), but entry {i + 1} is {_kind(item)}",
                )

    def unique_names(self, tables: list[tuple[KeyPath, dict[str, Any]]], what: str) -> set[str]:
        """The names a section defines; a name given twice is a problem at its second use."""
        first: dict[str, KeyPath] = {}
        for p, t in tables:
            name = t.get("name")
            if not isinstance(name, str) or not name.strip():
                continue
            name = name.strip()
            if name in first:
                self.problem(
                    (*p, "name"),
                    f'name "{name}" is already used by {render_path(first[name])}; expected '
                    f"each {what} name once",
                )
            else:
                first[name] = p
        return set(first)

    def references(
        self,
        t: dict[str, Any],
        p: KeyPath,
        key: str,
        known: set[str],
        what: str,
        section: str,
    ) -> tuple[str, ...]:
        names = self.string_list(t, p, key, what=f"{what} names")
        seen: set[str] = set()
        out: list[str] = []
        for i, name in enumerate(names):
            if name not in known:
                self.unknown_reference((*p, key, i), what, name, known, section, key=key)
            elif name in seen:
                self.problem(
                    (*p, key, i), f'{key}: "{name}" is listed twice; expected each {what} once'
                )
            else:
                seen.add(name)
                out.append(name)
        return tuple(out)

    def unknown_reference(
        self,
        p: KeyPath,
        what: str,
        name: str,
        known: set[str],
        section: str,
        *,
        key: str | None = None,
    ) -> None:
        close = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        self.problem(
            p,
            f'{key or what}: no {what} named "{name}" in this file{hint}; expected one of the '
            f"{section} names: {_names(sorted(known))}",
        )

    # -- scalar values ----------------------------------------------------------------

    def string(
        self,
        t: dict[str, Any],
        p: KeyPath,
        key: str,
        *,
        required: bool = False,
        what: str = "a text",
        strip: bool = True,
        max_len: int | None = None,
    ) -> str | None:
        if key not in t:
            if required:
                self.problem(p, f'the required key "{key}" is missing; expected {key} = {what}')
            return None
        value = t[key]
        if not isinstance(value, str):
            self.problem((*p, key), f"{key} must be {what} in quotes, not {_kind(value)}")
            return None
        if strip:
            value = value.strip()
            if not value:
                self.problem((*p, key), f"{key} is empty; expected {what}")
                return None
        elif not value.strip():
            return None  # an empty free text says nothing
        bad = _control_character(value, allow_breaks=not strip)
        if bad is not None:
            self.problem(
                (*p, key),
                f"{key} contains the control character U+{ord(bad):04X}; expected plain text"
                + ("" if strip else " (line breaks and tabs are fine)"),
            )
            return None
        if max_len is not None and len(value) > max_len:
            self.problem(
                (*p, key), f"{key} is {len(value)} characters long; expected at most {max_len}"
            )
            return None
        return value

    def name(self, t: dict[str, Any], p: KeyPath, what: str) -> str | None:
        return self.string(t, p, "name", required=True, what=f"the {what}'s name", max_len=NAME_MAX)

    def boolean(self, t: dict[str, Any], p: KeyPath, key: str, default: bool) -> bool:
        if key not in t:
            return default
        value = t[key]
        if not isinstance(value, bool):
            self.problem((*p, key), f"{key} must be true or false (no quotes), not {_kind(value)}")
            return default
        return value

    def choice(self, t: dict[str, Any], p: KeyPath, key: str, allowed: Sequence[str]) -> str | None:
        value = self.string(t, p, key, what=" or ".join(f'"{a}"' for a in allowed))
        if value is not None and value not in allowed:
            self.problem(
                (*p, key),
                f'{key} "{value}" is not known; expected one of: {", ".join(allowed)}',
            )
            return None
        return value

    def color(self, t: dict[str, Any], p: KeyPath, key: str) -> str | None:
        value = self.string(t, p, key, what='a colour "#rrggbb"')
        if value is None:
            return None
        if not _COLOR.fullmatch(value):
            self.problem(
                (*p, key),
                f'{key} "{value}" is not a colour; expected "#rrggbb" with six hexadecimal '
                'digits, such as "#1565c0"',
            )
            return None
        return value.lower()

    def duration(
        self,
        t: dict[str, Any],
        p: KeyPath,
        key: str,
        *,
        required: bool = False,
        positive: bool = False,
    ) -> int | None:
        if key not in t:
            if required:
                self.problem(
                    p,
                    f'the required key "{key}" is missing; expected {key} = a duration such '
                    'as "30m"',
                )
            return None
        value = t[key]
        if not isinstance(value, str):
            hint = f' (write "{value}m" for minutes)' if isinstance(value, int) else ""
            self.problem(
                (*p, key),
                f"{key} must be a duration in quotes{hint}, such as {DURATION_EXAMPLES}; "
                f"not {_kind(value)}",
            )
            return None
        try:
            minutes = parse_duration(value)
        except DurationError as exc:
            self.problem((*p, key), f"{key}: {exc}")
            return None
        if positive and minutes == 0:
            self.problem((*p, key), f'{key} is zero; expected a duration longer than "0m"')
            return None
        return minutes

    def email(self, t: dict[str, Any], p: KeyPath) -> str | None:
        value = self.string(t, p, "email", what="an e-mail address", max_len=EMAIL_MAX)
        if value is None:
            return None
        from email_validator import EmailNotValidError, validate_email

        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            self.problem(
                (*p, "email"),
                f'email "{value}" is not an e-mail address ({exc}); expected name@example.com',
            )
            return None

    def phone(self, t: dict[str, Any], p: KeyPath) -> str | None:
        value = self.string(t, p, "phone", what="a phone number", max_len=PHONE_MAX)
        if value is None:
            return None
        import phonenumbers

        try:
            number = phonenumbers.parse(value, self.country)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_possible_number(number):
            where = f" for {self.country}" if self.country else ""
            self.problem(
                (*p, "phone"),
                f'phone "{value}" is not a phone number{where}; expected a number such as '
                '"+1 416 555 0100" (with + and the country code when the branch has no '
                "country)",
            )
            return None
        formatted: str = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return formatted

    def url(self, t: dict[str, Any], p: KeyPath) -> str | None:
        value = self.string(t, p, "meeting_url", what="a web address", max_len=URL_MAX)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
            self.problem(
                (*p, "meeting_url"),
                f'meeting_url "{value}" is not a web address; expected one starting with '
                "https:// such as https://meet.example.com/alice",
            )
            return None
        return value

    def logo(self, t: dict[str, Any], p: KeyPath) -> bytes | None:
        value = self.string(t, p, "logo", what="an image file's path")
        if value is None:
            return None
        key_path = (*p, "logo")
        if value.startswith("data:"):
            header, _, payload = value.partition(",")
            if not header.endswith(";base64"):
                self.problem(
                    key_path,
                    'logo is a data address without base64; expected "data:image/png;base64,..."'
                    " or a file path",
                )
                return None
            try:
                data = base64.b64decode(payload, validate=True)
            except (binascii.Error, ValueError):
                self.problem(key_path, "logo holds damaged base64 data; expected a file path")
                return None
        else:
            path = self.base_dir / value
            try:
                size = path.stat().st_size
                if size > MAX_LOGO_BYTES:
                    self.problem(
                        key_path,
                        f'logo "{value}" is {size // 1024} KiB; expected an image of at most '
                        f"{MAX_LOGO_BYTES // 1024} KiB",
                    )
                    return None
                data = path.read_bytes()
            except OSError as exc:
                self.problem(
                    key_path,
                    f'logo "{value}" cannot be read ({exc.strerror or type(exc).__name__}); '
                    "expected the path of an image file, relative to this setup file",
                )
                return None
        if len(data) > MAX_LOGO_BYTES:
            self.problem(
                key_path,
                f"logo is larger than {MAX_LOGO_BYTES // 1024} KiB; expected a smaller image",
            )
            return None
        if image_type(data) is None:
            self.problem(
                key_path, "logo is not a PNG, JPEG, GIF, WebP or SVG image; expected one of those"
            )
            return None
        return data

    def string_list(self, t: dict[str, Any], p: KeyPath, key: str, *, what: str) -> list[str]:
        if key not in t:
            return []
        value = t[key]
        if not isinstance(value, list):
            self.problem(
                (*p, key),
                f'{key} must be an array of {what} such as ["a", "b"], not {_kind(value)}',
            )
            return []
        out: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                bad = _control_character(item, allow_breaks=False)
                if bad is not None:
                    self.problem(
                        (*p, key, i),
                        f"{key}: entry {i + 1} contains the control character U+{ord(bad):04X}; "
                        "expected plain text",
                    )
                    continue
                out.append(item.strip())
            else:
                self.problem(
                    (*p, key, i),
                    f"{key}: entry {i + 1} is {_kind(item)}; expected {what} in quotes",
                )
        return out

    def days(
        self, t: dict[str, Any], p: KeyPath, key: str, *, allow_empty: bool, required: bool = False
    ) -> int | None:
        if key not in t:
            if required:
                self.problem(
                    p, f'the required key "{key}" is missing; expected {key} = ["mon", "tue"]'
                )
            return None
        before = len(self.problems)
        codes = self.string_list(t, p, key, what="day codes")
        if len(self.problems) > before:
            return None
        mask = 0
        for i, code in enumerate(codes):
            lowered = code.lower()
            if lowered in DAY_CODES:
                mask |= 1 << DAY_CODES.index(lowered)
            else:
                self.problem(
                    (*p, key, i),
                    f'{key}: "{code}" is not a day; expected one of {", ".join(DAY_CODES)}',
                )
                return None
        if not mask and not allow_empty:
            self.problem((*p, key), f'{key} is empty; expected at least one day such as ["mon"]')
            return None
        return mask

    def time_of_day(self, t: dict[str, Any], p: KeyPath, key: str, *, is_end: bool) -> int | None:
        if key not in t:
            self.problem(p, f'the required key "{key}" is missing; expected {key} = "HH:MM"')
            return None
        value = t[key]
        if isinstance(value, time) and not value.second and not value.microsecond:
            return value.hour * 60 + value.minute
        text = value if isinstance(value, str) else None
        match = _HHMM.fullmatch(text.strip()) if text is not None else None
        if match is not None:
            hour, minute = int(match.group(1)), int(match.group(2))
            if minute < 60 and (hour < 24 or (is_end and hour == 24 and minute == 0)):
                return hour * 60 + minute
        limit = '"00:00" to "24:00"' if is_end else '"00:00" to "23:59"'
        self.problem(
            (*p, key),
            f'{key} must be a time "HH:MM" from {limit}, not {_kind(value)}',
        )
        return None

    def date_value(self, value: Any, p: KeyPath, key: str) -> date | None:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str) and _DATE.fullmatch(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(
            p, f'{key} must be a date "YYYY-MM-DD" such as "2026-12-25", not {_kind(value)}'
        )
        return None

    def date_time(
        self, t: dict[str, Any], p: KeyPath, key: str, *, required: bool
    ) -> datetime | None:
        """A date-time as written: naive (wall-clock) or with a UTC offset."""
        if key not in t:
            if required:
                self.problem(
                    p,
                    f'the required key "{key}" is missing; expected {key} = "YYYY-MM-DDTHH:MM"',
                )
            return None
        value = t[key]
        if isinstance(value, datetime):
            return value.replace(microsecond=0)
        if isinstance(value, str) and _LOCAL.fullmatch(value.strip()):
            try:
                return datetime.fromisoformat(value.strip().upper().replace("Z", "+00:00"))
            except ValueError:
                pass
        self.problem(
            (*p, key),
            f'{key} must be a date and time "YYYY-MM-DDTHH:MM" such as "2026-11-26T09:00", '
            f"not {_kind(value)}",
        )
        return None

    def wall_clock(
        self, t: dict[str, Any], p: KeyPath, key: str, *, required: bool
    ) -> datetime | None:
        value = self.date_time(t, p, key, required=required)
        if value is not None and value.tzinfo is not None:
            self.problem(
                (*p, key),
                f"{key} is wall-clock time of the branch and takes no UTC offset; expected "
                f'"{format_local(value.replace(tzinfo=None))}"',
            )
            return None
        return value

    def instant(self, t: dict[str, Any], p: KeyPath, key: str) -> datetime | None:
        """A wall-clock time of the branch (or a time with an offset) as a UTC instant."""
        value = self.date_time(t, p, key, required=True)
        if value is None:
            return None
        if value.tzinfo is not None:
            return value.astimezone(UTC)
        if self.zone is None:
            return None  # the time zone is wrong; that problem is reported already
        instant = local_to_utc(value, self.zone)
        if instant is None:
            self.problem(
                (*p, key),
                f"{key} {format_local(value)} does not exist in {self.zone.key}: the clocks "
                "skip that hour when daylight-saving time starts; expected a time that exists "
                "(such as one hour later)",
            )
        return instant

    # -- composite values -------------------------------------------------------------

    def holidays(self, t: dict[str, Any], p: KeyPath) -> tuple[Holiday, ...]:
        out: list[Holiday] = []
        for hp, h in self.tables(t, p, "holidays", "{ date = ..., name = ... }"):
            self.check_keys(h, hp, ("date", "from", "to", "name"), "a holiday")
            name = self.string(h, hp, "name", strip=True, max_len=NAME_MAX) if "name" in h else ""
            if "date" in h:
                if "from" in h or "to" in h:
                    self.problem(
                        hp,
                        "a holiday has either date, or from and to; expected "
                        '{ date = "2026-12-25" } or { from = "2026-12-21", to = "2027-01-08" }',
                    )
                    continue
                day = self.date_value(h["date"], (*hp, "date"), "date")
                if day is not None and name is not None:
                    out.append(Holiday(day, day, name))
            elif "from" in h or "to" in h:
                if "from" not in h or "to" not in h:
                    missing = "to" if "from" in h else "from"
                    self.problem(
                        hp,
                        f"a holiday with {'from' if missing == 'to' else 'to'} needs "
                        f'{missing} too; expected {{ from = "2026-12-21", to = "2027-01-08" }}',
                    )
                    continue
                first = self.date_value(h["from"], (*hp, "from"), "from")
                last = self.date_value(h["to"], (*hp, "to"), "to")
                if first is not None and last is not None:
                    if last < first:
                        self.problem(
                            (*hp, "to"),
                            f"to ({last.isoformat()}) is before from ({first.isoformat()}); "
                            "expected the last closed day, on or after from",
                        )
                    elif name is not None:
                        out.append(Holiday(first, last, name))
            else:
                self.problem(
                    hp,
                    'a holiday needs date = "YYYY-MM-DD", or from and to; expected '
                    '{ date = "2026-12-25", name = "Christmas Day" }',
                )
        return tuple(out)

    def hours(
        self,
        t: dict[str, Any],
        p: KeyPath,
        *,
        with_services: bool,
        service_names: set[str] | None = None,
        agent: str | None = None,
        givers: dict[str, set[str]] | None = None,
    ) -> tuple[WeeklyHours, ...]:
        """Weekly hours; an agent's entries may name the services they are for."""
        out: list[WeeklyHours] = []
        allowed = (
            ("days", "start", "end", "services") if with_services else ("days", "start", "end")
        )
        example = '{ days = ["mon"], start = "09:00", end = "17:00" }'
        for hp, h in self.tables(t, p, "hours", example):
            before = len(self.problems)
            self.check_keys(h, hp, allowed, "an hours entry")
            days = self.days(h, hp, "days", allow_empty=False, required=True)
            start = self.time_of_day(h, hp, "start", is_end=False)
            end = self.time_of_day(h, hp, "end", is_end=True)
            if start is not None and end is not None and end <= start:
                self.problem(
                    (*hp, "end"),
                    f'end "{h["end"]}" is not after start "{h["start"]}"; expected an end later '
                    'the same day (use "24:00" for midnight)',
                )
            services: tuple[str, ...] = ()
            if with_services and service_names is not None:
                services = self.references(
                    h, hp, "services", service_names, "service", "[[services]]"
                )
                for service in services:
                    if agent is not None and givers and agent not in givers.get(service, {agent}):
                        index = next(
                            i
                            for i, raw in enumerate(h["services"])
                            if isinstance(raw, str) and raw.strip() == service
                        )
                        where = (*hp, "services", index)
                        self.problem(
                            where,
                            f'services: {agent} does not give "{service}" (that service\'s '
                            "agents list does not name them); expected services this agent "
                            "gives",
                        )
            if len(self.problems) == before and days and start is not None and end is not None:
                out.append(WeeklyHours(days, start, end, services))
        return tuple(out)

    def fields(self, t: dict[str, Any], p: KeyPath) -> tuple[FieldSpec, ...]:
        out: list[FieldSpec] = []
        seen: dict[str, int] = {}
        for fp, f in self.tables(t, p, "fields", '{ name = "...", required = true }'):
            before = len(self.problems)
            self.check_keys(f, fp, ("name", "required", "kind", "choices"), "a field")
            name = self.string(
                f, fp, "name", required=True, what="the field's label", max_len=NAME_MAX
            )
            required = self.boolean(f, fp, "required", False)
            kind = self.choice(f, fp, "kind", FIELD_KINDS) or "text"
            choices = self.string_list(f, fp, "choices", what="choices")
            if name is not None:
                if name in seen:
                    self.problem(
                        (*fp, "name"),
                        f'name "{name}" is already used by field {seen[name] + 1} of this '
                        "service; expected each field name once",
                    )
                else:
                    seen[name] = len(seen)
            if kind == "choice" and not choices and "choices" not in f:
                self.problem(
                    fp, 'a field of kind "choice" needs choices; expected choices = ["a", "b"]'
                )
            if "choices" in f and kind != "choice":
                self.problem(
                    (*fp, "choices"),
                    f'choices are only for kind = "choice", and this field is "{kind}"; '
                    'expected kind = "choice" or no choices',
                )
            for i, c in enumerate(choices):
                if "\n" in c or choices.index(c) != i:
                    self.problem(
                        (*fp, "choices", i),
                        f'choices: "{c}" is listed twice or spans lines; expected each choice '
                        "once, on one line",
                    )
            if len(self.problems) == before and name is not None:
                out.append(FieldSpec(name, required, kind, tuple(choices)))
        return tuple(out)

    def visitor_limit(self, t: dict[str, Any], p: KeyPath) -> VisitorLimit | None:
        if "visitor_limit" not in t:
            return None
        lp = (*p, "visitor_limit")
        table = self.table(t["visitor_limit"], lp, "visitor_limit", '{ count = 1, per = "week" }')
        if table is None:
            return None
        self.check_keys(table, lp, ("count", "per"), "visitor_limit")
        count = table.get("count")
        ok = True
        if count is None:
            self.problem(lp, 'visitor_limit needs count; expected { count = 1, per = "week" }')
            ok = False
        elif isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 10_000:
            self.problem(
                (*lp, "count"),
                f"count must be a whole number from 1 to 10000 (no quotes), not {_kind(count)}",
            )
            ok = False
        if "per" not in table:
            self.problem(
                lp, 'visitor_limit needs per; expected per = "day", "week", "month" or "future"'
            )
            return None
        per = self.choice(table, lp, "per", VISITOR_LIMIT_PERIODS)
        if not ok or per is None:
            return None
        assert isinstance(count, int)
        return VisitorLimit(count, per)

    def blocked(self, t: dict[str, Any], p: KeyPath) -> tuple[BlockedSpec, ...]:
        out: list[BlockedSpec] = []
        example = '{ start = "2026-11-26T09:00", end = "2026-11-26T12:00", reason = "Training" }'
        for bp, b in self.tables(t, p, "blocked", example):
            before = len(self.problems)
            self.check_keys(b, bp, ("start", "end", "reason"), "a blocked time")
            start = self.instant(b, bp, "start")
            end = self.instant(b, bp, "end")
            reason = self.string(b, bp, "reason", max_len=NAME_MAX) if "reason" in b else ""
            if start is not None and end is not None and end <= start:
                self.problem(
                    (*bp, "end"),
                    f'end "{b["end"]}" is not after start "{b["start"]}"; expected the end of '
                    "the blocked time, after its start",
                )
            if len(self.problems) == before and start and end and reason is not None:
                out.append(BlockedSpec(start, end, reason))
        return tuple(out)

    def rrule(self, t: dict[str, Any], p: KeyPath, start: datetime | None) -> str | None:
        # Read as free text: a pasted "DTSTART:...\nRRULE:..." gets its own message below.
        rule = self.string(
            t, p, "repeat", what='an RRULE such as "FREQ=WEEKLY;COUNT=8"', strip=False
        )
        if rule is None:
            return None
        rule = rule.strip()
        key_path = (*p, "repeat")
        if rule.upper().startswith("RRULE:"):
            rule = rule[6:].strip()
        upper = rule.upper()
        if "\n" in rule or "DTSTART" in upper:
            self.problem(
                key_path,
                "repeat is one RRULE without DTSTART (the series starts at start); expected "
                'text such as "FREQ=WEEKLY;BYDAY=SA;COUNT=8"',
            )
            return None
        if not re.search(r"(^|;)FREQ=", upper):
            self.problem(
                key_path,
                f'repeat "{rule}" has no FREQ; expected an RRULE such as '
                '"FREQ=WEEKLY;BYDAY=SA;COUNT=8"',
            )
            return None
        if start is None:
            return rule
        from dateutil.rrule import rrulestr

        try:
            parsed = rrulestr(rule, dtstart=start)
            first = next(iter(parsed), None)
        except (ValueError, TypeError, OverflowError) as exc:
            reason = str(exc)
            if "UNTIL" in reason:
                reason = "UNTIL must be wall-clock time too, without Z (UNTIL=20270131T235959)"
            self.problem(
                key_path,
                f'repeat "{rule}" is not a valid RRULE ({reason}); expected text such as '
                '"FREQ=WEEKLY;BYDAY=SA;COUNT=8"',
            )
            return None
        if first != start:
            found = "no occurrence at all" if first is None else f"first {format_local(first)}"
            self.problem(
                key_path,
                f'repeat "{rule}" does not repeat start {format_local(start)} ({found}); '
                "expected a rule whose first occurrence is start",
            )
            return None
        return rule

    def exdates(self, t: dict[str, Any], p: KeyPath) -> tuple[str, ...]:
        if "except" not in t:
            return ()
        value = t["except"]
        if not isinstance(value, list):
            self.problem(
                (*p, "except"),
                f'except must be an array of dates such as ["2026-12-26"], not {_kind(value)}',
            )
            return ()
        days: set[str] = set()
        for i, item in enumerate(value):
            day = self.date_value(item, (*p, "except", i), "except")
            if day is not None:
                days.add(day.isoformat())
        return tuple(sorted(days))
