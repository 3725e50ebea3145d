"""Bring a branch in the database in line with a checked setup file.

The branch is found by name (or created); its services and agents are matched by name,
so their ids, and everything that points at them (appointments, calendar accounts), stay
put when a file is applied again. Child rows (agent links, form fields, hours, holidays,
blocked times, availability periods) are made equal to the file, leaving untouched the
rows that already match. A service or agent the file no longer names is deleted, unless
appointments (or, for an agent, a calendar account) still refer to it: then it is kept
with ``active = false`` so that history stays readable, and an export shows it that way.

Custom statuses the file lists are created or updated through
``app.booking.statuses.define_status``; statuses are shared by all branches, so those the
file does not list are left alone, and a status's services are replaced for this branch's
services only. The branch's settings are made equal to the ``[settings]`` table: a key it
leaves out is removed for the branch, which then follows the desk-wide value; the
``[mail]`` table governs the ``mail.*`` settings the same way (never a password), and
``[[templates]]`` the branch's and its services' own e-mail templates.

Nothing is committed here: the caller owns the transaction, so a failure anywhere leaves
the database as it was. One audit entry records the apply with the branch's previous
setup text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.booking import audit, statuses
from app.booking import settings as settings_store
from app.booking.durations import format_duration
from app.booking.permissions import ADMINISTER, Actor
from app.booking.setup_export import export_branch
from app.booking.setup_schema import (
    FILE_AUDIENCES,
    MAIL_SETTING_KEYS,
    SETTING_KEYS,
    AgentSpec,
    BranchSetup,
    Holiday,
    ServiceSpec,
    WeeklyHours,
    format_local,
)
from app.models import (
    Agent,
    AgentHours,
    Appointment,
    AvailabilityPeriod,
    BlockedTime,
    Branch,
    CalendarAccount,
    Closure,
    NotificationTemplate,
    Service,
    ServiceAgent,
    ServiceField,
    ServiceHours,
    Setting,
)

#: The kinds of things an apply reports on, in the order they are shown.
KINDS = (
    "branch",
    "services",
    "agents",
    "holidays",
    "blocked",
    "availability",
    "statuses",
    "settings",
    "templates",
)

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")


@dataclass
class KindReport:
    """What changed of one kind; each entry is a short label a person can read."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.deactivated or self.deleted)

    def to_json(self) -> dict[str, list[str]]:
        return {
            "created": list(self.created),
            "updated": list(self.updated),
            "deactivated": list(self.deactivated),
            "deleted": list(self.deleted),
        }


@dataclass
class ApplyReport:
    """The outcome of ``apply_setup``: the branch and, per kind, what changed."""

    branch: str
    branch_id: int
    branch_created: bool
    changes: dict[str, KindReport] = field(default_factory=lambda: {k: KindReport() for k in KINDS})

    @property
    def changed(self) -> bool:
        return any(self.changes.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "branch": self.branch,
            "branch_id": self.branch_id,
            "branch_created": self.branch_created,
            "changed": self.changed,
            "changes": {kind: report.to_json() for kind, report in self.changes.items()},
        }

    def summary(self, *, dry_run: bool = False) -> list[str]:
        """Lines for a person: one per kind that changed, naming what changed."""
        if dry_run:
            verbs = {
                "created": "would create",
                "updated": "would update",
                "deactivated": "would deactivate",
                "deleted": "would delete",
            }
        else:
            verbs = {k: k for k in ("created", "updated", "deactivated", "deleted")}
        if self.branch_created:
            head = f'Branch "{self.branch}" {"would be created" if dry_run else "created"}.'
        elif self.changed:
            head = f'Branch "{self.branch}" {"would be updated" if dry_run else "updated"}.'
        else:
            head = f'Branch "{self.branch}" already matches the file; nothing to change.'
        lines = [head]
        for kind, report in self.changes.items():
            if kind == "branch" and self.branch_created:
                continue  # said by the first line
            for attr, verb in verbs.items():
                items: list[str] = getattr(report, attr)
                if items:
                    lines.append(f"  {kind}: {verb} {len(items)}: {'; '.join(items)}")
        if dry_run:
            lines.append("Dry run: nothing was written.")
        return lines


def apply_setup(session: Session, actor: Actor, setup: BranchSetup, now: datetime) -> ApplyReport:
    """Create the file's branch, or bring the branch of that name in line with the file.

    Needs the "administer" permission. Writes one audit entry. Does not commit.
    """
    actor.require(ADMINISTER)
    return _Applier(session, setup).run(actor, now)


class _Applier:
    """One apply: the file's values written in an order the foreign keys allow.

    Services and agents come first (their ids are needed by the links between them),
    then what hangs off them, then the availability periods; only then is what the file
    dropped retired, once nothing the file describes points at it any more.
    """

    def __init__(self, session: Session, setup: BranchSetup) -> None:
        self.session = session
        self.setup = setup
        self.changes = {k: KindReport() for k in KINDS}
        self.services: dict[str, Service] = {}
        self.agents: dict[str, Agent] = {}

    def run(self, actor: Actor, now: datetime) -> ApplyReport:
        session = self.session
        spec = self.setup.branch
        branch = session.scalars(select(Branch).where(Branch.name == spec.name)).one_or_none()
        created = branch is None
        before_text = None if branch is None else export_branch(session, branch)
        branch = self.apply_branch(branch)
        self.apply_services(branch)
        self.apply_agents(branch)
        session.flush()
        for service_spec in self.setup.services:
            self.apply_service_children(self.services[service_spec.name], service_spec)
        for agent_spec in self.setup.agents:
            self.apply_agent_children(self.agents[agent_spec.name], agent_spec)
        self.apply_availability()
        session.flush()
        self.retire_absent(branch)
        self.apply_statuses(actor, branch, now)
        self.apply_settings(branch)
        self.apply_templates(branch)
        session.flush()
        # Rows removed by the database's own cascades may still sit in loaded collections.
        session.expire_all()
        report = ApplyReport(spec.name, branch.id, created, self.changes)
        audit.record(
            session,
            actor,
            now,
            "setup.apply",
            "branch",
            branch.id,
            before=None if before_text is None else {"setup": before_text},
            after=report.to_json(),
        )
        session.flush()
        return report

    # -- the branch -------------------------------------------------------------------

    def apply_branch(self, branch: Branch | None) -> Branch:
        spec = self.setup.branch
        values = {
            "timezone": spec.timezone,
            "country": spec.country,
            "theme_color": spec.theme_color,
            "logo": spec.logo,
            "greeting": spec.greeting,
            "closed_weekdays": spec.closed_weekdays,
        }
        if branch is None:
            branch = Branch(name=spec.name, **values)
            self.session.add(branch)
            self.changes["branch"].created.append(spec.name)
        else:
            changed = _assign(branch, values)
            if changed:
                self.changes["branch"].updated.append(f"{spec.name}: {', '.join(changed)}")
        self.sync_closures(branch.closures, spec.holidays, "")
        return branch

    # -- services and agents ----------------------------------------------------------

    def apply_services(self, branch: Branch) -> None:
        existing = {s.name: s for s in branch.services}
        for position, spec in enumerate(self.setup.services):
            values = _service_values(spec, position)
            service = existing.get(spec.name)
            if service is None:
                service = Service(name=spec.name, **values)
                branch.services.append(service)
                self.changes["services"].created.append(spec.name)
            else:
                changed = _assign(service, values)
                if changed:
                    self.changes["services"].updated.append(f"{spec.name}: {', '.join(changed)}")
            self.services[spec.name] = service

    def apply_agents(self, branch: Branch) -> None:
        existing = {a.name: a for a in branch.agents}
        for position, spec in enumerate(self.setup.agents):
            values = _agent_values(spec, position)
            agent = existing.get(spec.name)
            if agent is None:
                agent = Agent(name=spec.name, **values)
                branch.agents.append(agent)
                self.changes["agents"].created.append(spec.name)
            else:
                changed = _assign(agent, values)
                if changed:
                    self.changes["agents"].updated.append(f"{spec.name}: {', '.join(changed)}")
            self.agents[spec.name] = agent

    def note_update(self, kind: str, name: str, what: str) -> None:
        """Add ``what`` to the "Name: a, b" update entry of ``name`` (or start one)."""
        report = self.changes[kind]
        if name in report.created:
            return
        for i, entry in enumerate(report.updated):
            if entry.startswith(f"{name}: "):
                report.updated[i] = f"{entry}, {what}"
                return
        report.updated.append(f"{name}: {what}")

    def apply_service_children(self, service: Service, spec: ServiceSpec) -> None:
        # Agents, in the file's order.
        wanted = [self.agents[name].id for name in spec.agents]
        current = [link.agent_id for link in service.agent_links]
        if wanted != current:
            by_agent = {link.agent_id: link for link in service.agent_links}
            for link in list(service.agent_links):
                if link.agent_id not in wanted:
                    service.agent_links.remove(link)
            for position, agent_id in enumerate(wanted):
                existing = by_agent.get(agent_id)
                if existing is None:
                    service.agent_links.append(ServiceAgent(agent_id=agent_id, position=position))
                else:
                    existing.position = position
            self.note_update("services", spec.name, "agents")
        # Form fields, matched by name so their ids stay.
        by_name = {f.name: f for f in service.fields}
        fields_changed = [f.name for f in service.fields] != [f.name for f in spec.fields]
        for position, field_spec in enumerate(spec.fields):
            values = {
                "required": field_spec.required,
                "kind": field_spec.kind,
                "choices": "\n".join(field_spec.choices) if field_spec.choices else None,
                "position": position,
            }
            row = by_name.pop(field_spec.name, None)
            if row is None:
                service.fields.append(ServiceField(name=field_spec.name, **values))
                fields_changed = True
            elif _assign(row, values):
                fields_changed = True
        for row in by_name.values():
            service.fields.remove(row)
        if fields_changed:
            self.note_update("services", spec.name, "fields")
        # The service's own hours.
        if self.sync_hours(service.hours, spec.hours, ServiceHours):
            self.note_update("services", spec.name, "hours")
        self.sync_closures(service.closures, spec.holidays, f"{spec.name}: ")

    def apply_agent_children(self, agent: Agent, spec: AgentSpec) -> None:
        if self.sync_hours(agent.hours, spec.hours, AgentHours):
            self.note_update("agents", spec.name, "hours")
        self.sync_closures(agent.closures, spec.holidays, f"{spec.name}: ")
        rows = self.session.scalars(
            select(BlockedTime).where(BlockedTime.agent_id == agent.id).order_by(BlockedTime.id)
        ).all()
        wanted = [(b.start_at, b.end_at, b.reason) for b in spec.blocked]
        removed, added = _diff(rows, lambda r: (r.start_at, r.end_at, r.reason), wanted)
        for row in removed:
            self.session.delete(row)
            self.changes["blocked"].deleted.append(self.blocked_label(spec.name, row))
        for start_at, end_at, reason in added:
            row = BlockedTime(agent_id=agent.id, start_at=start_at, end_at=end_at, reason=reason)
            self.session.add(row)
            self.changes["blocked"].created.append(self.blocked_label(spec.name, row))

    def blocked_label(self, agent: str, row: BlockedTime) -> str:
        zone = ZoneInfo(self.setup.branch.timezone)
        start = row.start_at.astimezone(zone)
        end = row.end_at.astimezone(zone)
        until = (
            end.strftime("%H:%M")
            if end.date() == start.date()
            else format_local(end.replace(tzinfo=None))
        )
        label = f"{agent}: {format_local(start.replace(tzinfo=None))}–{until}"
        return f"{label} {row.reason}" if row.reason else label

    def sync_hours(
        self,
        rows: list[Any],
        wanted: Sequence[WeeklyHours],
        model: type[ServiceHours] | type[AgentHours],
    ) -> bool:
        """Make ``rows`` (a service's or agent's hours) equal ``wanted``; True if changed.

        Rows are reused in order, so an unchanged list keeps its ids.
        """
        with_services = model is AgentHours

        def key(row: Any) -> tuple[Any, ...]:
            services = frozenset(s.id for s in row.services) if with_services else frozenset()
            return (row.days, row.start_minute, row.end_minute, services)

        def wanted_services(hours: WeeklyHours) -> list[Service]:
            return [self.services[name] for name in hours.services]

        target = [
            (h.days, h.start_minute, h.end_minute, frozenset(s.id for s in wanted_services(h)))
            for h in wanted
        ]
        if [key(r) for r in rows] == target:
            return False
        for position, hours in enumerate(wanted):
            values: dict[str, Any] = {
                "days": hours.days,
                "start_minute": hours.start_minute,
                "end_minute": hours.end_minute,
                "position": position,
            }
            if position < len(rows):
                row = rows[position]
                _assign(row, values)
            else:
                row = model(**values)
                rows.append(row)
            if with_services and {s.id for s in row.services} != {
                s.id for s in wanted_services(hours)
            }:
                row.services = wanted_services(hours)
        for row in rows[len(wanted) :]:
            rows.remove(row)
        return True

    def sync_closures(self, rows: list[Closure], wanted: Iterable[Holiday], owner: str) -> None:
        removed, added = _diff(
            rows,
            lambda c: (c.start_date, c.end_date, c.name),
            [(h.start, h.end, h.name) for h in wanted],
        )
        for row in removed:
            rows.remove(row)
            self.changes["holidays"].deleted.append(
                owner + _holiday_label(row.start_date, row.end_date, row.name)
            )
        for start, end, name in added:
            rows.append(Closure(start_date=start, end_date=end, name=name))
            self.changes["holidays"].created.append(owner + _holiday_label(start, end, name))

    # -- availability periods ---------------------------------------------------------

    def apply_availability(self) -> None:
        agent_ids = [a.id for a in self.agents.values()]
        names = {a.id: name for name, a in self.agents.items()}
        rows = (
            self.session.scalars(
                select(AvailabilityPeriod)
                .where(AvailabilityPeriod.agent_id.in_(agent_ids))
                .order_by(AvailabilityPeriod.id)
            ).all()
            if agent_ids
            else []
        )
        wanted = [
            (
                self.agents[p.agent].id,
                None if p.service is None else self.services[p.service].id,
                p.start_local,
                p.end_local,
                p.slot_min,
                p.rrule,
                tuple(p.exdates),
            )
            for p in self.setup.availability
        ]

        def key(r: AvailabilityPeriod) -> tuple[Any, ...]:
            return (
                r.agent_id,
                r.service_id,
                r.start_local,
                r.end_local,
                r.slot_min,
                r.rrule,
                tuple(r.exdates or ()),
            )

        removed, added = _diff(rows, key, wanted)
        for row in removed:
            self.session.delete(row)
            label = f"{names.get(row.agent_id, '?')}: {format_local(row.start_local)}"
            self.changes["availability"].deleted.append(label)
        for agent_id, service_id, start, end, slot, rule, exdates in added:
            self.session.add(
                AvailabilityPeriod(
                    agent_id=agent_id,
                    service_id=service_id,
                    start_local=start,
                    end_local=end,
                    slot_min=slot,
                    rrule=rule,
                    exdates=list(exdates),
                )
            )
            label = f"{names[agent_id]}: {format_local(start)}"
            self.changes["availability"].created.append(label)

    # -- what the file no longer names --------------------------------------------------

    def retire_absent(self, branch: Branch) -> None:
        """Delete services and agents the file dropped, or keep them inactive if needed."""
        session = self.session
        kept_position = len(self.setup.services)
        for service in list(branch.services):
            if service.name in self.services:
                continue
            used = session.scalar(select(exists().where(Appointment.service_id == service.id)))
            if used:
                changed = _assign(service, {"active": False, "position": kept_position})
                kept_position += 1
                if "active" in changed:
                    self.changes["services"].deactivated.append(service.name)
            else:
                branch.services.remove(service)
                self.changes["services"].deleted.append(service.name)
        kept_position = len(self.setup.agents)
        for agent in list(branch.agents):
            if agent.name in self.agents:
                continue
            used = session.scalar(
                select(exists().where(Appointment.agent_id == agent.id))
            ) or session.scalar(select(exists().where(CalendarAccount.agent_id == agent.id)))
            if used:
                changed = _assign(agent, {"active": False, "position": kept_position})
                kept_position += 1
                if "active" in changed:
                    self.changes["agents"].deactivated.append(agent.name)
                self.prune_kept_agent(agent)
            else:
                branch.agents.remove(agent)
                self.changes["agents"].deleted.append(agent.name)

    def prune_kept_agent(self, agent: Agent) -> None:
        """Drop a kept agent's hours and periods that name services it no longer gives.

        The file's services say who gives them; an agent it dropped gives none of them any
        more, and hours "only for X" of an agent who does not give X mean nothing.
        """
        given = set(
            self.session.scalars(
                select(ServiceAgent.service_id).where(ServiceAgent.agent_id == agent.id)
            )
        )
        pruned = False
        for hours in list(agent.hours):
            if not hours.services:
                continue
            keep = [s for s in hours.services if s.id in given]
            if not keep:
                agent.hours.remove(hours)
                pruned = True
            elif len(keep) != len(hours.services):
                hours.services = keep
                pruned = True
        if pruned:
            self.note_update("agents", agent.name, "hours")
        for period in self.session.scalars(
            select(AvailabilityPeriod).where(
                AvailabilityPeriod.agent_id == agent.id,
                AvailabilityPeriod.service_id.is_not(None),
            )
        ):
            if period.service_id not in given:
                self.session.delete(period)
                self.changes["availability"].deleted.append(
                    f"{agent.name}: {format_local(period.start_local)}"
                )

    # -- custom statuses --------------------------------------------------------------

    def apply_statuses(self, actor: Actor, branch: Branch, now: datetime) -> None:
        """Create or update the custom statuses the file lists; leave the others alone.

        Statuses are shared by every branch, so one the file does not list may be another
        branch's. A listed status's ``services`` speak for this branch's services only.
        """
        for spec in self.setup.statuses:
            service_ids = (
                None
                if spec.services is None
                else [self.services[name].id for name in spec.services]
            )
            done = statuses.define_status(
                self.session,
                actor,
                spec.key,
                spec.name,
                description=spec.description,
                position=spec.position,
                predicate=spec.predicate,
                color=spec.color,
                blocks_time=spec.blocks_time,
                service_ids=service_ids,
                branch_id=branch.id,
                now=now,
            )
            if done.created:
                self.changes["statuses"].created.append(spec.key)
            elif done.changed:
                self.changes["statuses"].updated.append(f"{spec.key}: {', '.join(done.changed)}")

    # -- settings ---------------------------------------------------------------------

    def apply_settings(self, branch: Branch) -> None:
        scope = settings_store.scope_for(branch.id)
        rows = {
            row.key: row
            for row in self.session.scalars(
                select(Setting).where(
                    Setting.scope == scope, Setting.key.in_((*SETTING_KEYS, *MAIL_SETTING_KEYS))
                )
            )
        }
        for key, value in [*self.setup.settings.items(), *self.setup.mail.items()]:
            row = rows.get(key)
            if value is None:
                if row is not None:
                    self.session.delete(row)
                    self.changes["settings"].deleted.append(_setting_label(key))
            elif row is None:
                settings_store.put(self.session, key, value, branch.id)
                self.changes["settings"].created.append(_setting_text(key, value))
            elif row.value != value:
                settings_store.put(self.session, key, value, branch.id)
                self.changes["settings"].updated.append(_setting_text(key, value))

    # -- e-mail templates -------------------------------------------------------------

    def apply_templates(self, branch: Branch) -> None:
        """Make the branch's and its services' own templates equal to ``[[templates]]``.

        A template the file no longer lists is removed, so the next in line (the branch's,
        or the shipped default) is used again. The texts were checked when the file was
        read, with the same rules as the template editor.
        """
        by_id: dict[int, str] = {
            row.id: row.name
            for row in self.session.execute(
                select(Service.id, Service.name).where(Service.branch_id == branch.id)
            )
        }
        service_ids = list(by_id)
        rows = {
            (row.event, row.recipient, row.service_id): row
            for row in self.session.scalars(
                select(NotificationTemplate).where(
                    NotificationTemplate.locale == "en",
                    (
                        (NotificationTemplate.branch_id == branch.id)
                        & NotificationTemplate.service_id.is_(None)
                    )
                    | NotificationTemplate.service_id.in_(service_ids),
                )
            )
        }
        report = self.changes["templates"]
        wanted: set[tuple[str, str, int | None]] = set()
        for spec in self.setup.templates:
            service_id = None if spec.service is None else self.services[spec.service].id
            where = (spec.event, spec.recipient, service_id)
            wanted.add(where)
            label = _template_label(spec.event, spec.recipient, spec.service)
            row = rows.get(where)
            if row is None:
                self.session.add(
                    NotificationTemplate(
                        branch_id=branch.id if service_id is None else None,
                        service_id=service_id,
                        event=spec.event,
                        recipient=spec.recipient,
                        locale="en",
                        subject=spec.subject,
                        body=spec.body,
                    )
                )
                report.created.append(label)
            elif (row.subject, row.body) != (spec.subject, spec.body):
                row.subject, row.body = spec.subject, spec.body
                report.updated.append(label)
        for where, row in rows.items():
            if where not in wanted:
                event, recipient, service_id = where
                service = None if service_id is None else by_id.get(service_id)
                report.deleted.append(_template_label(event, recipient, service))
                self.session.delete(row)


# -- helpers ---------------------------------------------------------------------------


def _template_label(event: str, recipient: str, service: str | None) -> str:
    """ "created to customer (Account opening)" as an apply report names a template."""
    return f"{event} to {recipient}" + ("" if service is None else f" ({service})")


def _service_values(spec: ServiceSpec, position: int) -> dict[str, Any]:
    limit = spec.visitor_limit
    return {
        "description": spec.description,
        "color": spec.color,
        "position": position,
        "active": spec.active,
        "duration_min": spec.duration_min,
        "slot_step_min": spec.slot_step_min,
        "buffer_before_min": spec.buffer_before_min,
        "buffer_after_min": spec.buffer_after_min,
        "min_lead_min": spec.min_lead_min,
        "max_lead_min": spec.max_lead_min,
        "allow_choose_agent": spec.allow_choose_agent,
        "allow_cancel": spec.allow_cancel,
        "visitor_limit_count": None if limit is None else limit.count,
        "visitor_limit_per": None if limit is None else limit.per,
        "reminder_before_min": spec.reminder_before_min,
        "requires_approval": spec.requires_approval,
        "availability_mode": spec.availability_mode,
    }


def _agent_values(spec: AgentSpec, position: int) -> dict[str, Any]:
    return {
        "email": spec.email,
        "phone": spec.phone,
        "bio": spec.bio,
        "meeting_url": spec.meeting_url,
        "color": spec.color,
        "active": spec.active,
        "position": position,
    }


#: How changed columns are named in reports: the setup file's key, not the column's.
_LABELS = {
    "duration_min": "duration",
    "slot_step_min": "slot_step",
    "buffer_before_min": "buffer_before",
    "buffer_after_min": "buffer_after",
    "min_lead_min": "min_lead",
    "max_lead_min": "max_lead",
    "visitor_limit_count": "visitor_limit",
    "visitor_limit_per": "visitor_limit",
    "reminder_before_min": "reminder_before",
    "availability_mode": "availability",
    "position": "order",
}


def _assign(row: Any, values: dict[str, Any]) -> list[str]:
    """Set the attributes that differ; return their names as the setup file calls them."""
    changed: list[str] = []
    for attr, value in values.items():
        if getattr(row, attr) != value:
            setattr(row, attr, value)
            label = _LABELS.get(attr, attr)
            if label not in changed:
                changed.append(label)
    return changed


def _diff(rows: Sequence[R], key: Callable[[R], K], wanted: Iterable[K]) -> tuple[list[R], list[K]]:
    """Rows to remove and keys to add so that the rows' keys equal ``wanted`` as a multiset."""
    wanted = list(wanted)
    need = Counter(wanted)
    order = list(dict.fromkeys(wanted))
    removed: list[R] = []
    for row in rows:
        k = key(row)
        if need[k] > 0:
            need[k] -= 1
        else:
            removed.append(row)
    added = [k for k in order for _ in range(need[k])]
    return removed, added


def _setting_label(key: str) -> str:
    """A stored setting key as the setup file names it: "disabled_window.self_service"."""
    for attr, audience in FILE_AUDIENCES:
        if key == settings_store.earliest_day_key(audience):
            return f"earliest_bookable_day.{attr}"
        if key == settings_store.disabled_window_key(audience):
            return f"disabled_window.{attr}"
    return key


def _setting_text(key: str, value: Any) -> str:
    """ "label = value" as a person reads it: durations spelled, lists joined."""
    if key.startswith(settings_store.disabled_window_key("")):
        shown = format_duration(int(value))
    elif isinstance(value, list):
        shown = ", ".join(str(v) for v in value)
    else:
        shown = str(value)
    return f"{_setting_label(key)} = {shown}"


def _holiday_label(start: Any, end: Any, name: str) -> str:
    days = start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"
    return f"{days} {name}" if name else days
