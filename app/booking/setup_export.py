"""Write a branch back as a setup file: canonical TOML in the layout of riverside.toml.

The text depends only on what the database holds, never on how a file first said it:
durations in their canonical short form ("1h30m", "2w"), times in the branch's wall-clock,
lists in a fixed order, and every value equal to its default left out. So applying an
export and exporting again gives the same text, which makes exports good to keep in
version control and to compare.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import tomli_w
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.booking.durations import format_duration
from app.booking.errors import BookingError, NotFound
from app.booking.settings import (
    BLOCKING_SHOW_AS,
    CONTACT_REQUIREMENT,
    MIN_AGENT_SHARE,
    PHONE_REGION,
    SHOW_AS_CHOICES,
    disabled_window_key,
    earliest_day_key,
    scope_for,
)
from app.booking.setup_schema import (
    DEFAULT_AVAILABILITY,
    DEFAULT_FIELD_KIND,
    DEFAULT_MAX_LEAD_MIN,
    DEFAULT_MIN_LEAD_MIN,
    DOTTED_SETTINGS,
    FILE_AUDIENCES,
    MAIL_SETTING_KEYS,
    MAIL_TABLE_KEYS,
    SETTING_KEYS,
    country_for_timezone,
    format_local,
    format_minute_of_day,
    image_type,
    utc_to_local_text,
)
from app.models import (
    Agent,
    AvailabilityPeriod,
    BlockedTime,
    Branch,
    Closure,
    NotificationTemplate,
    Service,
    Setting,
    StatusDefinition,
)
from app.models.notifications import EVENTS
from app.notify.templates import RECIPIENTS
from app.scheduling.days import codes_from_mask

#: An ordered list of (key, TOML value text) lines of one table.
Lines = list[tuple[str, str]]


def export_setup(session: Session, branch_name: str | None = None) -> str:
    """The setup file of one branch as TOML text.

    With a single branch in the database the name may be left out; with several it is
    required (``BookingError("branch_required")``).
    """
    if branch_name is None:
        branches = session.scalars(select(Branch).order_by(Branch.name)).all()
        if not branches:
            raise BookingError(
                "no_branch", "There is no branch yet; apply a setup file to create one."
            )
        if len(branches) > 1:
            names = ", ".join(b.name for b in branches)
            raise BookingError(
                "branch_required",
                f"This database holds {len(branches)} branches ({names}); name the one to export.",
                {"branches": [b.name for b in branches]},
            )
        return export_branch(session, branches[0])
    branch = session.scalars(select(Branch).where(Branch.name == branch_name)).one_or_none()
    if branch is None:
        raise NotFound("branch", branch_name)
    return export_branch(session, branch)


def export_branch(session: Session, branch: Branch) -> str:
    """The setup file of ``branch`` (already loaded) as TOML text."""
    zone = ZoneInfo(branch.timezone)
    services = sorted(branch.services, key=lambda s: (s.position, s.id))
    agents = sorted(branch.agents, key=lambda a: (a.position, a.id))
    service_order = {s.id: (s.position, s.name) for s in services}

    out: list[str] = []
    out.append(_table("[branch]", _branch_lines(branch)))
    for service in services:
        out.append(_table("[[services]]", _service_lines(service)))
    for agent in agents:
        out.append(_table("[[agents]]", _agent_lines(session, agent, zone, service_order)))
    for period in _periods(session, agents, service_order):
        out.append(_table("[[availability]]", _period_lines(period, agents, services)))
    for status in _custom_statuses(session):
        out.append(_table("[[statuses]]", _status_lines(status, branch, service_order)))
    settings = _settings_lines(session, branch)
    if settings:
        out.append(_table("[settings]", settings))
    mail = _mail_lines(session, branch)
    if mail:
        out.append(_table("[mail]", mail))
    for template in _templates(session, branch, service_order):
        out.append(_table("[[templates]]", _template_lines(template, services)))
    return "\n".join(out)


# -- tables ----------------------------------------------------------------------------


def _branch_lines(branch: Branch) -> Lines:
    lines: Lines = [("name", _str(branch.name)), ("timezone", _str(branch.timezone))]
    if branch.country and branch.country != country_for_timezone(branch.timezone):
        lines.append(("country", _str(branch.country)))
    _optional(lines, "theme_color", branch.theme_color)
    if branch.logo:
        mime = image_type(branch.logo) or "application/octet-stream"
        lines.append(("logo", _str(f"data:{mime};base64,{base64.b64encode(branch.logo).decode()}")))
    _optional(lines, "greeting", branch.greeting)
    if branch.closed_weekdays:
        lines.append(("closed_weekdays", _array(codes_from_mask(branch.closed_weekdays))))
    _holidays(lines, branch.closures)
    return lines


def _service_lines(service: Service) -> Lines:
    lines: Lines = [("name", _str(service.name))]
    _optional(lines, "description", service.description)
    _optional(lines, "color", service.color)
    if not service.active:
        lines.append(("active", "false"))
    lines.append(("duration", _str(format_duration(service.duration_min))))
    if service.slot_step_min is not None:
        lines.append(("slot_step", _str(format_duration(service.slot_step_min))))
    agents = [link.agent_id for link in sorted(service.agent_links, key=lambda k: k.position)]
    names = {a.id: a.name for a in service.branch.agents}
    if agents:
        lines.append(("agents", _array(names[a] for a in agents if a in names)))
    if service.min_lead_min != DEFAULT_MIN_LEAD_MIN:
        lines.append(("min_lead", _str(format_duration(service.min_lead_min))))
    if service.max_lead_min != DEFAULT_MAX_LEAD_MIN:
        lines.append(("max_lead", _str(format_duration(service.max_lead_min))))
    if service.buffer_before_min:
        lines.append(("buffer_before", _str(format_duration(service.buffer_before_min))))
    if service.buffer_after_min:
        lines.append(("buffer_after", _str(format_duration(service.buffer_after_min))))
    if not service.allow_choose_agent:
        lines.append(("allow_choose_agent", "false"))
    if not service.allow_cancel:
        lines.append(("allow_cancel", "false"))
    if service.visitor_limit_count is not None and service.visitor_limit_per is not None:
        limit = _inline(
            [("count", str(service.visitor_limit_count)), ("per", _str(service.visitor_limit_per))]
        )
        lines.append(("visitor_limit", limit))
    if service.reminder_before_min is not None:
        lines.append(("reminder_before", _str(format_duration(service.reminder_before_min))))
    if service.requires_approval:
        lines.append(("requires_approval", "true"))
    if service.availability_mode != DEFAULT_AVAILABILITY:
        lines.append(("availability", _str(service.availability_mode)))
    hours = [
        _inline(_hours_items(h.days, h.start_minute, h.end_minute))
        for h in sorted(service.hours, key=lambda h: (h.position, h.id))
    ]
    _inline_array(lines, "hours", hours)
    _holidays(lines, service.closures)
    fields = []
    for f in sorted(service.fields, key=lambda f: (f.position, f.id)):
        items = [("name", _str(f.name))]
        if f.required:
            items.append(("required", "true"))
        if f.kind != DEFAULT_FIELD_KIND:
            items.append(("kind", _str(f.kind)))
        if f.choices:
            items.append(("choices", _array(f.choices.split("\n"))))
        fields.append(_inline(items))
    _inline_array(lines, "fields", fields)
    return lines


def _agent_lines(
    session: Session,
    agent: Agent,
    zone: ZoneInfo,
    service_order: dict[int, tuple[int, str]],
) -> Lines:
    lines: Lines = [("name", _str(agent.name))]
    _optional(lines, "email", agent.email)
    _optional(lines, "phone", agent.phone)
    _optional(lines, "bio", agent.bio)
    _optional(lines, "meeting_url", agent.meeting_url)
    _optional(lines, "color", agent.color)
    if not agent.active:
        lines.append(("active", "false"))
    hours = []
    for h in sorted(agent.hours, key=lambda h: (h.position, h.id)):
        items = _hours_items(h.days, h.start_minute, h.end_minute)
        services = sorted(
            (s for s in h.services if s.id in service_order), key=lambda s: service_order[s.id]
        )
        if services:
            items.append(("services", _array(s.name for s in services)))
        hours.append(_inline(items))
    _inline_array(lines, "hours", hours)
    _holidays(lines, agent.closures)
    blocked = session.scalars(
        select(BlockedTime)
        .where(BlockedTime.agent_id == agent.id)
        .order_by(BlockedTime.start_at, BlockedTime.end_at, BlockedTime.reason, BlockedTime.id)
    ).all()
    entries = []
    for b in blocked:
        items = [
            ("start", _str(utc_to_local_text(b.start_at, zone))),
            ("end", _str(utc_to_local_text(b.end_at, zone))),
        ]
        if b.reason:
            items.append(("reason", _str(b.reason)))
        entries.append(_inline(items))
    _inline_array(lines, "blocked", entries)
    return lines


def _periods(
    session: Session, agents: Sequence[Agent], service_order: dict[int, tuple[int, str]]
) -> list[AvailabilityPeriod]:
    if not agents:
        return []
    agent_order = {a.id: i for i, a in enumerate(agents)}
    rows = session.scalars(
        select(AvailabilityPeriod).where(AvailabilityPeriod.agent_id.in_(agent_order))
    ).all()

    def key(p: AvailabilityPeriod) -> tuple[Any, ...]:
        service = (-1, "") if p.service_id is None else service_order.get(p.service_id, (-1, ""))
        return (
            agent_order[p.agent_id],
            p.start_local,
            p.end_local,
            service,
            p.slot_min or 0,
            p.rrule or "",
            tuple(p.exdates or ()),
            p.id,
        )

    return sorted(rows, key=key)


def _period_lines(
    period: AvailabilityPeriod, agents: Sequence[Agent], services: Sequence[Service]
) -> Lines:
    agent_names = {a.id: a.name for a in agents}
    service_names = {s.id: s.name for s in services}
    lines: Lines = [("agent", _str(agent_names[period.agent_id]))]
    if period.service_id is not None and period.service_id in service_names:
        lines.append(("service", _str(service_names[period.service_id])))
    lines.append(("start", _str(format_local(period.start_local))))
    lines.append(("end", _str(format_local(period.end_local))))
    if period.slot_min is not None:
        lines.append(("slot", _str(format_duration(period.slot_min))))
    _optional(lines, "repeat", period.rrule)
    if period.exdates:
        lines.append(("except", _array(sorted(period.exdates))))
    return lines


def _custom_statuses(session: Session) -> list[StatusDefinition]:
    """Every custom status: they are shared by all branches, and a branch's file lists
    them all so that it can set up a new database on its own."""
    return list(
        session.scalars(
            select(StatusDefinition)
            .where(StatusDefinition.builtin.is_(False))
            .options(selectinload(StatusDefinition.services))
            .order_by(StatusDefinition.position, StatusDefinition.key)
        )
    )


def _status_lines(
    status: StatusDefinition, branch: Branch, service_order: dict[int, tuple[int, str]]
) -> Lines:
    lines: Lines = [("key", _str(status.key)), ("name", _str(status.name))]
    _optional(lines, "description", status.description)
    lines.append(("position", str(status.position)))
    _optional(lines, "predicate", status.predicate)
    _optional(lines, "color", status.color)
    if not status.blocks_time:
        lines.append(("blocks_time", "false"))
    if not status.all_services:
        # This branch's services only; the other branches' files speak for theirs.
        ours = sorted(
            (s for s in status.services if s.branch_id == branch.id and s.id in service_order),
            key=lambda s: service_order[s.id],
        )
        lines.append(("services", _array(s.name for s in ours)))
    return lines


def _settings_lines(session: Session, branch: Branch) -> Lines:
    """The settings the branch sets itself, even to the default value: such a value keeps
    the branch on it whatever the desk-wide setting becomes."""
    rows = {
        s.key: s.value
        for s in session.scalars(
            select(Setting).where(
                Setting.scope == scope_for(branch.id), Setting.key.in_(SETTING_KEYS)
            )
        )
    }
    lines: Lines = []
    for key in (CONTACT_REQUIREMENT, PHONE_REGION):
        if rows.get(key) is not None:
            lines.append((key, _str(str(rows[key]))))
    show_as = rows.get(BLOCKING_SHOW_AS)
    if isinstance(show_as, list):
        lines.append(("blocking_show_as", _array(c for c in SHOW_AS_CHOICES if c in show_as)))
    share = rows.get(MIN_AGENT_SHARE)
    if share is not None:
        lines.append(("min_agent_share", _value(float(share))))
    days = [
        (attr, _value(int(rows[earliest_day_key(a)])))
        for attr, a in FILE_AUDIENCES
        if rows.get(earliest_day_key(a)) is not None
    ]
    if days:
        lines.append(("earliest_bookable_day", _inline(days)))
    windows = [
        (attr, _str(format_duration(int(rows[disabled_window_key(a)]))))
        for attr, a in FILE_AUDIENCES
        if rows.get(disabled_window_key(a)) is not None
    ]
    if windows:
        lines.append(("disabled_window", _inline(windows)))
    for table_key, key in DOTTED_SETTINGS:
        value = rows.get(f"{table_key}.{key}")
        if value is not None:
            lines.append((f"{table_key}.{key}", _value(int(value))))
    return lines


def _mail_lines(session: Session, branch: Branch) -> Lines:
    """The branch's own mail settings; never a password (it is not in the database)."""
    rows = {
        s.key: s.value
        for s in session.scalars(
            select(Setting).where(
                Setting.scope == scope_for(branch.id), Setting.key.in_(MAIL_SETTING_KEYS)
            )
        )
    }
    lines: Lines = []
    for key in MAIL_TABLE_KEYS:
        value = rows.get(f"mail.{key}")
        if value is not None:
            lines.append((key, _value(int(value)) if key == "port" else _str(str(value))))
    return lines


def _templates(
    session: Session, branch: Branch, service_order: dict[int, tuple[int, str]]
) -> list[NotificationTemplate]:
    """The branch's own templates, then each service's in service order; within each, in
    the order of the events and recipients."""
    rows = session.scalars(
        select(NotificationTemplate).where(
            NotificationTemplate.locale == "en",
            (
                (NotificationTemplate.branch_id == branch.id)
                & NotificationTemplate.service_id.is_(None)
            )
            | NotificationTemplate.service_id.in_(list(service_order)),
        )
    ).all()

    def key(t: NotificationTemplate) -> tuple[Any, ...]:
        where = (0, 0, "") if t.service_id is None else (1, *service_order[t.service_id])
        kind = (
            EVENTS.index(t.event) if t.event in EVENTS else len(EVENTS),
            RECIPIENTS.index(t.recipient) if t.recipient in RECIPIENTS else len(RECIPIENTS),
        )
        return (*where, *kind, t.id)

    return sorted(rows, key=key)


def _template_lines(template: NotificationTemplate, services: Sequence[Service]) -> Lines:
    lines: Lines = [("event", _str(template.event)), ("recipient", _str(template.recipient))]
    if template.service_id is not None:
        name = next(s.name for s in services if s.id == template.service_id)
        lines.append(("service", _str(name)))
    lines.append(("subject", _str(template.subject)))
    lines.append(("body", _text_block(template.body)))
    return lines


# -- TOML text -------------------------------------------------------------------------


def _text_block(text: str) -> str:
    """A TOML string over several lines when the text has line breaks, so an e-mail body
    reads as it will be sent (a carriage return keeps the one-line form, which holds it)."""
    if "\n" not in text or "\r" in text:
        return _str(text)
    return tomli_w.dumps({"v": text}, multiline_strings=True).removeprefix("v = ").rstrip("\n")


def _table(header: str, lines: Lines) -> str:
    body = "".join(f"{key} = {value}\n" for key, value in lines)
    return f"{header}\n{body}"


def _str(text: str) -> str:
    """A TOML string with tomli_w's escaping."""
    return tomli_w.dumps({"v": text}).removeprefix("v = ").rstrip("\n")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _str(value)
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


def _array(items: Iterable[str]) -> str:
    return "[" + ", ".join(_str(i) for i in items) + "]"


def _inline(items: Lines) -> str:
    return "{ " + ", ".join(f"{k} = {v}" for k, v in items) + " }"


def _inline_array(lines: Lines, key: str, tables: list[str]) -> None:
    """``key = [ {...} ]`` for one table; one table a line, indented, for more."""
    if not tables:
        return
    if len(tables) == 1:
        lines.append((key, f"[ {tables[0]} ]"))
    else:
        lines.append((key, "[\n" + "".join(f"  {t},\n" for t in tables) + "]"))


def _optional(lines: Lines, key: str, value: str | None) -> None:
    if value:
        lines.append((key, _str(value)))


def _hours_items(days: int, start: int, end: int) -> Lines:
    return [
        ("days", _array(codes_from_mask(days))),
        ("start", _str(format_minute_of_day(start))),
        ("end", _str(format_minute_of_day(end))),
    ]


def _holidays(lines: Lines, closures: Iterable[Closure]) -> None:
    entries = []
    for c in sorted(closures, key=lambda c: (c.start_date, c.end_date, c.name)):
        items = (
            [("date", _date(c.start_date))]
            if c.start_date == c.end_date
            else [("from", _date(c.start_date)), ("to", _date(c.end_date))]
        )
        if c.name:
            items.append(("name", _str(c.name)))
        entries.append(_inline(items))
    _inline_array(lines, "holidays", entries)


def _date(day: date) -> str:
    return _str(day.isoformat())
