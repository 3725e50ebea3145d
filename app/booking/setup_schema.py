"""What a branch setup file says, once read and checked: frozen values, no database.

``app.booking.setup_file.parse_setup`` builds a ``BranchSetup`` from TOML text and refuses
the whole file with ``SetupFileError`` (every problem at once, each with its place in the
file) when anything is wrong, so ``apply_setup`` never meets a half-valid file. The values
here are already in the database's terms: durations in minutes, weekdays as bit masks,
blocked times as UTC instants, availability periods as the branch's wall-clock time.

This module also holds the small pieces that reading and writing share: the defaults that
an export leaves out, the time-of-day and wall-clock conversions, and the time-zone to
country table from tzdata.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from app.booking import settings as settings_store
from app.booking.errors import BookingError

# -- defaults (what a file may leave out; what an export leaves out) --------------------

DEFAULT_MIN_LEAD_MIN = 24 * 60
DEFAULT_MAX_LEAD_MIN = 30 * 24 * 60
DEFAULT_AVAILABILITY = "agents"
FIELD_KINDS = ("text", "multiline", "number", "date", "choice")
DEFAULT_FIELD_KIND = "text"
#: Longest logo accepted; it is stored in the database and shown in the desk's header.
MAX_LOGO_BYTES = 1024 * 1024
#: The keys a ``[settings]`` table may hold, as the file spells them.
SETTINGS_TABLE_KEYS = (
    "contact_requirement",
    "phone_region",
    "blocking_show_as",
    "min_agent_share",
    "earliest_bookable_day",
    "disabled_window",
    "approval",
    "archive",
)
#: The nested keys of ``[settings]`` written with a dot (``approval.timeout_hours = 48``):
#: (table key, inner key); each is the stored setting of the same dotted name.
DOTTED_SETTINGS = (("approval", "timeout_hours"), ("archive", "after_days"))
#: The keys of the two per-audience settings' inline tables, as the file spells them, with
#: the audience each stands for in the settings store.
FILE_AUDIENCES = (("desk", "desk"), ("self_service", "self-service"))
#: The stored settings a ``[settings]`` table governs for its branch, in export order: a
#: key the table leaves out is removed from the branch, which then follows the desk-wide
#: value.
SETTING_KEYS = (
    settings_store.CONTACT_REQUIREMENT,
    settings_store.PHONE_REGION,
    settings_store.BLOCKING_SHOW_AS,
    settings_store.MIN_AGENT_SHARE,
    *(settings_store.earliest_day_key(a) for _, a in FILE_AUDIENCES),
    *(settings_store.disabled_window_key(a) for _, a in FILE_AUDIENCES),
    settings_store.APPROVAL_TIMEOUT_HOURS,
    settings_store.ARCHIVE_AFTER_DAYS,
)
#: The keys of the ``[mail]`` table, each the stored setting ``mail.<key>``. The password
#: is deliberately not one of them: it lives only in the system keyring.
MAIL_TABLE_KEYS = ("host", "port", "security", "user", "from_address", "from_name", "ca_file")
#: The stored settings a ``[mail]`` table governs for its branch, in export order.
MAIL_SETTING_KEYS = tuple(f"mail.{key}" for key in MAIL_TABLE_KEYS)
#: The fields of a ``[[statuses]]`` entry.
STATUS_KEYS = (
    "key",
    "name",
    "description",
    "position",
    "predicate",
    "color",
    "blocks_time",
    "services",
)
#: The fields of a ``[[templates]]`` entry.
TEMPLATE_KEYS = ("event", "recipient", "service", "subject", "body")


# -- the values --------------------------------------------------------------------------


@dataclass(frozen=True)
class Holiday:
    """Closed from ``start`` to ``end``, both local dates of the branch, inclusive."""

    start: date
    end: date
    name: str = ""


@dataclass(frozen=True)
class WeeklyHours:
    """Open on ``days`` (bit mask) from ``start_minute`` to ``end_minute`` after midnight.

    ``services`` (agents' hours only) names the services these hours are for; empty means
    every service the agent gives.
    """

    days: int
    start_minute: int
    end_minute: int
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class VisitorLimit:
    count: int
    per: str


@dataclass(frozen=True)
class FieldSpec:
    """A form field asked for when the service is booked; ``choices`` only for "choice"."""

    name: str
    required: bool = False
    kind: str = DEFAULT_FIELD_KIND
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    duration_min: int
    color: str | None = None
    description: str | None = None
    active: bool = True
    agents: tuple[str, ...] = ()
    slot_step_min: int | None = None
    buffer_before_min: int = 0
    buffer_after_min: int = 0
    min_lead_min: int = DEFAULT_MIN_LEAD_MIN
    max_lead_min: int = DEFAULT_MAX_LEAD_MIN
    allow_choose_agent: bool = True
    allow_cancel: bool = True
    visitor_limit: VisitorLimit | None = None
    reminder_before_min: int | None = None
    requires_approval: bool = False
    availability_mode: str = DEFAULT_AVAILABILITY
    hours: tuple[WeeklyHours, ...] = ()
    holidays: tuple[Holiday, ...] = ()
    fields: tuple[FieldSpec, ...] = ()


@dataclass(frozen=True)
class BlockedSpec:
    """An agent's blocked time; ``start_at``/``end_at`` are aware UTC instants."""

    start_at: datetime
    end_at: datetime
    reason: str = ""


@dataclass(frozen=True)
class AgentSpec:
    name: str
    email: str | None = None
    phone: str | None = None
    bio: str | None = None
    meeting_url: str | None = None
    color: str | None = None
    active: bool = True
    hours: tuple[WeeklyHours, ...] = ()
    holidays: tuple[Holiday, ...] = ()
    blocked: tuple[BlockedSpec, ...] = ()


@dataclass(frozen=True)
class AvailabilitySpec:
    """A repeating availability period in the branch's wall-clock time (naive datetimes)."""

    agent: str
    start_local: datetime
    end_local: datetime
    service: str | None = None
    slot_min: int | None = None
    rrule: str | None = None
    exdates: tuple[str, ...] = ()


@dataclass(frozen=True)
class BranchSpec:
    name: str
    timezone: str
    country: str | None = None
    theme_color: str | None = None
    logo: bytes | None = field(default=None, repr=False)
    greeting: str | None = None
    closed_weekdays: int = 0
    holidays: tuple[Holiday, ...] = ()


@dataclass(frozen=True)
class PerAudience:
    """A value for desk staff and one for self-service customers; None: not set here."""

    desk: int | None = None
    self_service: int | None = None

    def items(self) -> list[tuple[str, int | None]]:
        """(audience as the settings store names it, value) pairs."""
        return [(audience, getattr(self, attr)) for attr, audience in FILE_AUDIENCES]


@dataclass(frozen=True)
class SettingsSpec:
    """Branch-level settings, already in their stored form (see app.booking.settings);
    None leaves the branch on the desk-wide value."""

    contact_requirement: str | None = None
    phone_region: str | None = None
    blocking_show_as: tuple[str, ...] | None = None
    min_agent_share: float | None = None
    #: Days from today (branch time) to the first bookable day.
    earliest_bookable_day: PerAudience = PerAudience()
    #: Minutes after now in which nothing can be booked.
    disabled_window_min: PerAudience = PerAudience()
    #: Hours after which an unconfirmed request is cancelled; 0: never.
    approval_timeout_hours: int | None = None
    #: Days after its end before an appointment is archived (at least 1).
    archive_after_days: int | None = None

    def items(self) -> list[tuple[str, Any]]:
        """(stored key, stored value or None) for every key of ``SETTING_KEYS``."""
        show_as = None if self.blocking_show_as is None else list(self.blocking_show_as)
        out: list[tuple[str, Any]] = [
            (settings_store.CONTACT_REQUIREMENT, self.contact_requirement),
            (settings_store.PHONE_REGION, self.phone_region),
            (settings_store.BLOCKING_SHOW_AS, show_as),
            (settings_store.MIN_AGENT_SHARE, self.min_agent_share),
        ]
        out += [
            (settings_store.earliest_day_key(a), v) for a, v in self.earliest_bookable_day.items()
        ]
        out += [
            (settings_store.disabled_window_key(a), v) for a, v in self.disabled_window_min.items()
        ]
        out.append((settings_store.APPROVAL_TIMEOUT_HOURS, self.approval_timeout_hours))
        out.append((settings_store.ARCHIVE_AFTER_DAYS, self.archive_after_days))
        return out


@dataclass(frozen=True)
class MailSpec:
    """The branch's outgoing mail server, already in stored form; None leaves a key on the
    desk-wide value. No password: see app.notify.mailconfig."""

    host: str | None = None
    port: int | None = None
    security: str | None = None
    user: str | None = None
    from_address: str | None = None
    from_name: str | None = None
    #: Absolute path of the PEM file of the authority that signed the server's certificate.
    ca_file: str | None = None

    def items(self) -> list[tuple[str, Any]]:
        """(stored key, stored value or None) for every key of ``MAIL_SETTING_KEYS``."""
        return [(f"mail.{key}", getattr(self, key)) for key in MAIL_TABLE_KEYS]


@dataclass(frozen=True)
class StatusSpec:
    """A custom status the file defines (statuses are shared by all branches).

    ``services`` None: usable with every service; a tuple: only with these services of
    this branch (other branches' links are theirs). ``position`` None: a new status goes
    last, an existing one stays where it is.
    """

    key: str
    name: str
    description: str = ""
    position: int | None = None
    predicate: str | None = None
    color: str | None = None
    blocks_time: bool = True
    services: tuple[str, ...] | None = None


@dataclass(frozen=True)
class TemplateSpec:
    """The branch's own e-mail for one event and recipient; ``service`` names the service
    whose e-mail it is (None: the branch-wide one, used by services without their own)."""

    event: str
    recipient: str
    subject: str
    body: str
    service: str | None = None


@dataclass(frozen=True)
class BranchSetup:
    """A whole setup file: the branch, its services, agents, availability, custom statuses,
    settings, mail server and e-mail templates."""

    branch: BranchSpec
    services: tuple[ServiceSpec, ...] = ()
    agents: tuple[AgentSpec, ...] = ()
    availability: tuple[AvailabilitySpec, ...] = ()
    settings: SettingsSpec = SettingsSpec()
    statuses: tuple[StatusSpec, ...] = ()
    mail: MailSpec = MailSpec()
    templates: tuple[TemplateSpec, ...] = ()


# -- problems ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SetupProblem:
    """One thing wrong with a setup file: where (``path``, ``line``) and what was expected.

    ``path`` names the value the way the file nests it: ``services[1].agents[0]``,
    ``agents[2].hours[0].start``; indexes count from 0 in file order. ``line`` is 1-based,
    None when the place cannot be pointed at (a table that is missing altogether).
    """

    path: str
    line: int | None
    message: str

    def describe(self, source: str) -> str:
        where = source if self.line is None else f"{source}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "message": self.message}


class SetupFileError(BookingError):
    """The setup file was refused; ``problems`` lists everything wrong, in file order.

    The message is one line naming the first problem (``FILE:LINE: path: message``) and
    how many more there are; ``details`` carries every problem as JSON-able dicts.
    """

    def __init__(self, problems: Sequence[SetupProblem], source: str = "<setup>") -> None:
        if not problems:
            raise ValueError("SetupFileError needs at least one problem")
        self.problems = tuple(problems)
        self.source = source
        message = self.problems[0].describe(source)
        more = len(self.problems) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        super().__init__(
            "invalid_setup_file",
            message,
            [{"file": source, **p.to_json()} for p in self.problems],
        )

    def __str__(self) -> str:
        return self.message


# -- times -------------------------------------------------------------------------------


def format_minute_of_day(minute: int) -> str:
    """540 -> "09:00"; 1440 -> "24:00" (the end of a day)."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def local_to_utc(wall: datetime, zone: ZoneInfo) -> datetime | None:
    """The instant of a naive wall-clock time in ``zone``; None when the clock skips it.

    A time that happens twice (when clocks go back) means its first occurrence.
    """
    aware = wall.replace(tzinfo=zone, fold=0)
    instant = aware.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != wall:
        return None
    return instant


def utc_to_local_text(instant: datetime, zone: ZoneInfo) -> str:
    """An instant as the branch's wall-clock text, "2026-11-26T09:00".

    The UTC offset is added only when the wall-clock text alone would name another
    instant: the second 01:30 of the night the clocks go back.
    """
    local = instant.astimezone(zone)
    wall = local.replace(tzinfo=None, fold=0)
    text = format_local(wall)
    if local_to_utc(wall, zone) != instant.astimezone(UTC):
        offset = local.utcoffset() or timedelta(0)
        sign = "-" if offset < timedelta(0) else "+"
        hours, rest = divmod(abs(int(offset.total_seconds())), 3600)
        text += f"{sign}{hours:02d}:{rest // 60:02d}"
    return text


def format_local(wall: datetime) -> str:
    """A naive wall-clock time as "YYYY-MM-DDTHH:MM", with ":SS" only when not zero."""
    fmt = "%Y-%m-%dT%H:%M:%S" if wall.second else "%Y-%m-%dT%H:%M"
    return wall.strftime(fmt)


# -- time zones and countries (tzdata) ---------------------------------------------------


@functools.cache
def timezone_names() -> frozenset[str]:
    """Every IANA zone name zoneinfo can load here."""
    return frozenset(available_timezones())


def _tzdata_text(name: str) -> str:
    try:
        return resources.files("tzdata").joinpath("zoneinfo", name).read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        system = Path("/usr/share/zoneinfo") / name
        return system.read_text("utf-8") if system.is_file() else ""


@functools.cache
def _zone_countries() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in _tzdata_text("zone.tab").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            out[parts[2]] = parts[0]
    return out


@functools.cache
def _zone_links() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in _tzdata_text("tzdata.zi").splitlines():
        if line.startswith("L "):
            _tag, target, link = line.split()[:3]
            out[link] = target
    return out


@functools.cache
def country_codes() -> frozenset[str]:
    """ISO 3166 alpha-2 codes as tzdata lists them (empty if tzdata is missing)."""
    codes = set()
    for line in _tzdata_text("iso3166.tab").splitlines():
        if line and not line.startswith("#"):
            codes.add(line.split("\t", 1)[0])
    return frozenset(codes)


def country_for_timezone(zone: str) -> str | None:
    """The country a zone belongs to, from tzdata's zone.tab: America/Toronto -> "CA".

    Old link names (Canada/Eastern) are followed to the zone they stand for. Zones of no
    country (UTC, Etc/GMT+5) give None.
    """
    countries = _zone_countries()
    seen: set[str] = set()
    while zone not in countries:
        if zone in seen:
            return None
        seen.add(zone)
        target = _zone_links().get(zone)
        if target is None:
            return None
        zone = target
    return countries[zone]


def image_type(data: bytes) -> str | None:
    """The MIME type of a logo, from its first bytes; None when it is no image we show."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "image/svg+xml"
    return None
