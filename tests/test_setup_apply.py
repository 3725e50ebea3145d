"""Applying setup files to the database and exporting them back, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import settings as settings_store
from app.booking.errors import BookingError
from app.booking.permissions import SYSTEM, Actor, load_actor
from app.booking.setup_file import ApplyReport, apply_setup, export_setup, parse_setup
from app.models import (
    Agent,
    AgentHours,
    Appointment,
    AuditEntry,
    AvailabilityPeriod,
    Base,
    BlockedTime,
    Branch,
    CalendarAccount,
    Closure,
    Customer,
    Role,
    Service,
    ServiceAgent,
    ServiceField,
    ServiceHours,
    Setting,
    StatusDefinition,
    User,
)
from app.models.db import write_session
from app.scheduling.days import mask_from_codes

ROOT = Path(__file__).resolve().parent.parent
RIVERSIDE = (ROOT / "resources" / "examples" / "riverside.toml").read_text("utf-8")
DATA = Path(__file__).resolve().parent / "data" / "setup"
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def dump_tables(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order: to prove nothing was written."""
    with engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


def apply_text(
    sessions: sessionmaker[Session], text: str, actor: Actor | None = None
) -> ApplyReport:
    setup = parse_setup(text, "test.toml")
    with write_session(sessions) as session:
        return apply_setup(session, actor or load_actor(session), setup, NOW)


def export(sessions: sessionmaker[Session], name: str | None = None) -> str:
    with sessions() as session:
        return export_setup(session, name)


def book(session: Session, service: str, agent: str, start: datetime) -> None:
    """An appointment row, made directly: only its references matter here."""
    svc = session.scalars(select(Service).where(Service.name == service)).one()
    who = session.scalars(select(Agent).where(Agent.name == agent)).one()
    customer = Customer(name="Dana Smith", phone="+14165550100", fields={}, search_text="dana")
    status = session.scalars(select(StatusDefinition).where(StatusDefinition.key == "confirmed"))
    end = start + timedelta(minutes=svc.duration_min)
    session.add(
        Appointment(
            branch_id=svc.branch_id,
            service=svc,
            agent=who,
            customer=customer,
            start_at=start,
            end_at=end,
            block_start=start,
            block_end=end,
            status=status.one(),
            field_values={},
        )
    )


def test_riverside_apply_export_apply_export_gives_the_same_text(
    sessions: sessionmaker[Session],
) -> None:
    apply_text(sessions, RIVERSIDE)
    first = export(sessions)
    second_report = apply_text(sessions, first)
    second = export(sessions)
    assert second == first
    assert not second_report.changed
    # The canonical layout: defaults left out, durations in their short form.
    assert first == (DATA / "riverside_export.toml").read_text("utf-8")


def test_apply_writes_every_part_of_riverside(sessions: sessionmaker[Session]) -> None:
    report = apply_text(sessions, RIVERSIDE)
    assert report.branch_created
    assert report.changes["services"].created == [
        "Mortgage consultation",
        "Account opening",
        "Notary",
    ]
    with sessions() as s:
        branch = s.scalars(select(Branch)).one()
        assert (branch.name, branch.timezone, branch.country) == (
            "Riverside",
            "America/Toronto",
            "CA",
        )
        assert branch.closed_weekdays == 1 << 6
        assert [(c.start_date, c.name) for c in branch.closures] == [
            (date(2026, 12, 25), "Christmas Day"),
            (date(2026, 12, 26), "Boxing Day"),
            (date(2027, 1, 1), "New Year's Day"),
        ]
        services = {sv.name: sv for sv in branch.services}
        agents = {a.name: a for a in branch.agents}
        mortgage = services["Mortgage consultation"]
        assert (mortgage.duration_min, mortgage.buffer_after_min) == (60, 15)
        assert (mortgage.min_lead_min, mortgage.max_lead_min) == (1440, 60 * 1440)
        assert (mortgage.visitor_limit_count, mortgage.visitor_limit_per) == (1, "week")
        assert mortgage.reminder_before_min == 1440
        assert mortgage.requires_approval
        assert [a.name for a in mortgage.agents] == ["Alice Martin", "Bob Chen"]
        assert [(f.name, f.required, f.position) for f in mortgage.fields] == [
            ("Property address", False, 0),
            ("Estimated loan amount", True, 1),
        ]
        opening = services["Account opening"]
        assert (opening.min_lead_min, opening.allow_choose_agent) == (0, False)
        assert [a.name for a in opening.agents] == ["Bob Chen", "Carla Diaz"]
        notary = services["Notary"]
        assert notary.availability_mode == "agents+service"
        assert [(h.days, h.start_minute, h.end_minute) for h in notary.hours] == [
            (mask_from_codes(["tue", "thu"]), 780, 1020)
        ]
        assert [(c.start_date, c.end_date) for c in notary.closures] == [
            (date(2026, 12, 21), date(2027, 1, 8))
        ]
        bob = agents["Bob Chen"]
        assert [[sv.name for sv in h.services] for h in bob.hours] == [["Account opening"], []]
        assert bob.closures[0].name == "Vacation"
        blocked = s.scalars(select(BlockedTime)).one()
        assert blocked.agent_id == agents["Alice Martin"].id
        assert blocked.start_at == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
        period = s.scalars(select(AvailabilityPeriod)).one()
        assert period.agent_id == agents["Carla Diaz"].id
        assert period.service_id == opening.id
        assert period.start_local == datetime(2026, 11, 28, 9, 0)
        assert period.slot_min == 20
        assert period.exdates == ["2026-12-26"]
        entry = s.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.entity_type, entry.entity_id) == (
            "setup.apply",
            "branch",
            branch.id,
        )
        assert entry.before is None
        assert entry.after is not None
        assert entry.after["changes"]["agents"]["created"] == [
            "Alice Martin",
            "Bob Chen",
            "Carla Diaz",
        ]


def ids(session: Session, model: Any) -> dict[str, int]:
    return {row.name: row.id for row in session.scalars(select(model))}


def test_reapplying_a_changed_file_updates_in_place_and_retires_what_was_dropped(
    sessions: sessionmaker[Session],
) -> None:
    apply_text(sessions, RIVERSIDE)
    with write_session(sessions) as s:
        book(s, "Notary", "Carla Diaz", datetime(2026, 11, 24, 18, tzinfo=UTC))
        book(s, "Mortgage consultation", "Bob Chen", datetime(2026, 11, 25, 15, tzinfo=UTC))
    with sessions() as s:
        services_before = ids(s, Service)
        agents_before = ids(s, Agent)
        fields_before = ids(s, ServiceField)
        branch_id = s.scalars(select(Branch.id)).one()
        carla_hours = s.scalars(
            select(AgentHours.id).where(AgentHours.agent_id == agents_before["Carla Diaz"])
        ).all()
        period_id = s.scalars(select(AvailabilityPeriod.id)).one()

    report = apply_text(sessions, (DATA / "riverside_changed.toml").read_text("utf-8"))

    assert report.branch_id == branch_id
    assert report.changes["branch"].updated == ["Riverside: theme_color, greeting, closed_weekdays"]
    assert report.changes["services"].created == ["Safe deposit box"]
    assert report.changes["services"].deactivated == ["Notary"]
    assert report.changes["services"].deleted == []
    assert report.changes["agents"].deactivated == ["Bob Chen"]
    assert report.changes["blocked"].deleted == ["Alice Martin: 2026-11-26T09:00–12:00 Training"]
    assert report.changes["holidays"].created == ["Alice Martin: 2026-11-27 Day off"]
    assert report.changes["holidays"].deleted == ["2026-12-26 Boxing Day"]
    assert report.changes["settings"].created == ["contact_requirement = phone"]
    updated = dict(entry.split(": ", 1) for entry in report.changes["services"].updated)
    assert updated["Mortgage consultation"] == "order, duration, visitor_limit, agents, fields"
    assert updated["Account opening"] == "order, agents"

    with sessions() as s:
        services = {sv.name: sv for sv in s.scalars(select(Service))}
        agents = {a.name: a for a in s.scalars(select(Agent))}
        # Matched by name: same rows, same ids.
        for name in ("Mortgage consultation", "Account opening", "Notary"):
            assert services[name].id == services_before[name]
        for name in ("Alice Martin", "Bob Chen", "Carla Diaz"):
            assert agents[name].id == agents_before[name]
        fields = ids(s, ServiceField)
        assert fields["Estimated loan amount"] == fields_before["Estimated loan amount"]
        assert "Property address" not in fields
        assert s.scalars(
            select(AgentHours.id).where(AgentHours.agent_id == agents["Carla Diaz"].id)
        ).all() == list(carla_hours)
        assert s.scalars(select(AvailabilityPeriod.id)).one() == period_id
        # The new order and values.
        assert [sv.name for sv in sorted(services.values(), key=lambda x: x.position)] == [
            "Account opening",
            "Mortgage consultation",
            "Safe deposit box",
            "Notary",
        ]
        assert services["Mortgage consultation"].duration_min == 90
        assert [a.name for a in services["Account opening"].agents] == ["Carla Diaz"]
        # Dropped but referenced by appointments: kept, inactive.
        assert services["Notary"].active is False
        assert agents["Bob Chen"].active is False
        # Bob's hours "only for Account opening" meant nothing once he stopped giving it.
        assert [(h.days, [x.name for x in h.services]) for h in agents["Bob Chen"].hours] == [
            (mask_from_codes(["tue", "thu"]), [])
        ]
        assert s.scalars(select(BlockedTime)).all() == []
        value = settings_store.get(s, "contact_requirement", branch_id)
        assert value == "phone"
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 2
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None
        assert last.before is not None
        assert 'name = "Bob Chen"' in last.before["setup"]

    exported = export(sessions)
    assert '[[services]]\nname = "Notary"\ncolor = "#6a1b9a"\nactive = false\n' in exported
    assert (
        '[[agents]]\nname = "Bob Chen"\nemail = "bob.chen@riverside.example"\nactive = false\n'
        in (exported)
    )
    assert '[settings]\ncontact_requirement = "phone"\n' in exported
    # The export of this state applies cleanly and changes nothing.
    again = apply_text(sessions, exported)
    assert not again.changed
    assert export(sessions) == exported


def test_dropped_rows_without_appointments_are_deleted(sessions: sessionmaker[Session]) -> None:
    apply_text(sessions, RIVERSIDE)
    smaller = """
[branch]
name = "Riverside"
timezone = "America/Toronto"

[[services]]
name = "Account opening"
duration = "30m"
agents = ["Carla Diaz"]

[[agents]]
name = "Carla Diaz"
"""
    report = apply_text(sessions, smaller)
    assert report.changes["services"].deleted == ["Mortgage consultation", "Notary"]
    assert report.changes["agents"].deleted == ["Alice Martin", "Bob Chen"]
    with sessions() as s:
        assert [x.name for x in s.scalars(select(Service))] == ["Account opening"]
        assert [x.name for x in s.scalars(select(Agent))] == ["Carla Diaz"]
        # Their children went with them.
        assert s.scalars(select(ServiceField)).all() == []
        assert s.scalars(select(ServiceHours)).all() == []
        assert s.scalars(select(BlockedTime)).all() == []
        assert s.scalars(select(AvailabilityPeriod)).all() == []
        assert len(s.scalars(select(ServiceAgent)).all()) == 1
        assert s.scalars(select(Closure)).all() == []


def test_an_agent_with_a_calendar_account_is_kept_inactive(
    sessions: sessionmaker[Session],
) -> None:
    apply_text(sessions, RIVERSIDE)
    with write_session(sessions) as s:
        alice = s.scalars(select(Agent).where(Agent.name == "Alice Martin")).one()
        s.add(CalendarAccount(agent_id=alice.id, provider="graph", options={}))
    text = RIVERSIDE.replace('"Alice Martin", "Bob Chen"', '"Bob Chen"')
    start = text.index('[[agents]]\nname = "Alice Martin"')
    text = text[:start] + text[text.index('[[agents]]\nname = "Bob Chen"') :]
    report = apply_text(sessions, text)
    assert report.changes["agents"].deactivated == ["Alice Martin"]
    with sessions() as s:
        alice = s.scalars(select(Agent).where(Agent.name == "Alice Martin")).one()
        assert not alice.active
        assert s.scalars(select(CalendarAccount)).one().agent_id == alice.id


def test_reactivating_by_naming_again(sessions: sessionmaker[Session]) -> None:
    apply_text(sessions, RIVERSIDE)
    with write_session(sessions) as s:
        book(s, "Notary", "Carla Diaz", datetime(2026, 11, 24, 18, tzinfo=UTC))
    start = RIVERSIDE.index('[[services]]\nname = "Notary"')
    without = RIVERSIDE[:start] + RIVERSIDE[RIVERSIDE.index("[[agents]]") :]
    apply_text(sessions, without)
    report = apply_text(sessions, RIVERSIDE)
    assert report.changes["services"].updated == ["Notary: active"]
    with sessions() as s:
        notary = s.scalars(select(Service).where(Service.name == "Notary")).one()
        assert notary.active


def test_apply_needs_the_administer_permission(
    sessions: sessionmaker[Session], engine: Engine
) -> None:
    with write_session(sessions) as s:
        role = s.scalars(select(Role).where(Role.key == "receptionist")).one()
        s.add(User(username="rita", display_name="Rita", role_id=role.id))
    before = dump_tables(engine)
    with pytest.raises(BookingError) as info, write_session(sessions) as s:
        apply_setup(s, load_actor(s, "rita"), parse_setup(RIVERSIDE), NOW)
    assert info.value.code == "permission_denied"
    assert "'administer'" in info.value.message
    assert dump_tables(engine) == before


def test_settings_are_stored_for_the_branch_and_removed_with_the_key(
    sessions: sessionmaker[Session],
) -> None:
    apply_text(sessions, RIVERSIDE + '\n[settings]\ncontact_requirement = "email"\n')
    with sessions() as s:
        branch_id = s.scalars(select(Branch.id)).one()
        row = s.scalars(select(Setting)).one()
        assert (row.scope, row.key, row.value) == (
            f"branch:{branch_id}",
            "contact_requirement",
            "email",
        )
    report = apply_text(sessions, RIVERSIDE)
    assert report.changes["settings"].deleted == ["contact_requirement"]
    with sessions() as s:
        assert s.scalars(select(Setting)).all() == []
        assert settings_store.get(s, "contact_requirement", branch_id) == "either"
    assert "[settings]" not in export(sessions)


def test_logo_and_extended_keys_round_trip(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(40))
    (tmp_path / "logo.png").write_bytes(png)
    text = """
[branch]
name = "Gare du Nord"
timezone = "Europe/Paris"
country = "MC"
logo = "logo.png"
greeting = "Bienvenue !\\nChoisissez un \\"service\\"."

[[services]]
name = "Conseil \\\\ épargne"
description = "Une heure avec un conseiller."
duration = "PT1H"
slot_step = "15m"
buffer_before = "10m"
active = false
agents = ["Zoé Roy"]
fields = [ { name = "Motif", kind = "choice", choices = ["Prêt", "Épargne"] } ]

[[agents]]
name = "Zoé Roy"
phone = "+33 6 12 34 56 78"
color = "#AA00AA"
active = false
blocked = [ { start = "2026-10-25T02:30+01:00", end = "2026-10-25T04:00" } ]
"""
    with write_session(sessions) as s:
        apply_setup(s, SYSTEM, parse_setup(text, str(tmp_path / "gare.toml")), NOW)
    with sessions() as s:
        branch = s.scalars(select(Branch)).one()
        assert branch.logo == png
        assert branch.country == "MC"
    first = export(sessions)
    assert f'logo = "data:image/png;base64,{base64.b64encode(png).decode()}"' in first
    assert 'country = "MC"' in first
    assert 'greeting = "Bienvenue !\\nChoisissez un \\"service\\"."' in first
    assert 'duration = "1h"\nslot_step = "15m"' in first
    assert 'phone = "+33612345678"\ncolor = "#aa00aa"\nactive = false' in first
    # 02:30+01:00 is the second 02:30 of that night in Paris: the offset must stay.
    assert '{ start = "2026-10-25T02:30+01:00", end = "2026-10-25T04:00" }' in first
    assert '{ name = "Motif", kind = "choice", choices = ["Prêt", "Épargne"] }' in first
    again = apply_text(sessions, first)
    assert not again.changed
    assert export(sessions) == first


def test_export_needs_a_name_when_there_are_several_branches(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as s, pytest.raises(BookingError) as info:
        export_setup(s)
    assert info.value.code == "no_branch"
    apply_text(sessions, RIVERSIDE)
    apply_text(sessions, '[branch]\nname = "Harbour"\ntimezone = "America/Halifax"\n')
    with sessions() as s:
        with pytest.raises(BookingError) as info:
            export_setup(s)
        assert info.value.code == "branch_required"
        assert "Harbour, Riverside" in info.value.message
        assert export_setup(s, "Harbour") == (
            '[branch]\nname = "Harbour"\ntimezone = "America/Halifax"\n'
        )
        with pytest.raises(BookingError) as info:
            export_setup(s, "Nowhere")
        assert info.value.code == "not_found"


def test_apply_does_not_commit(sessions: sessionmaker[Session], engine: Engine) -> None:
    before = dump_tables(engine)
    with sessions() as s:
        apply_setup(s, load_actor(s), parse_setup(RIVERSIDE), NOW)
        s.rollback()
    assert dump_tables(engine) == before


def test_deleting_what_kept_rows_point_at(sessions: sessionmaker[Session]) -> None:
    """An agent deleted under a kept service, and a kept agent whose hours were only for a
    service deleted in the same apply: both leave a consistent state that exports and
    applies again unchanged."""
    apply_text(sessions, RIVERSIDE)
    with write_session(sessions) as s:
        # Notary is kept by an appointment with no agent yet; Bob by his own appointment.
        book(s, "Notary", "Carla Diaz", datetime(2026, 11, 24, 18, tzinfo=UTC))
        appointment = s.scalars(select(Appointment)).one()
        appointment.agent = None
        book(s, "Mortgage consultation", "Bob Chen", datetime(2026, 11, 25, 15, tzinfo=UTC))
    only_alice = """
[branch]
name = "Riverside"
timezone = "America/Toronto"

[[services]]
name = "Mortgage consultation"
duration = "1h"
agents = ["Alice Martin"]

[[agents]]
name = "Alice Martin"
"""
    report = apply_text(sessions, only_alice)
    assert report.changes["services"].deactivated == ["Notary"]
    assert report.changes["services"].deleted == ["Account opening"]
    assert report.changes["agents"].deactivated == ["Bob Chen"]
    assert report.changes["agents"].deleted == ["Carla Diaz"]
    with sessions() as s:
        notary = s.scalars(select(Service).where(Service.name == "Notary")).one()
        assert notary.agents == []
        bob = s.scalars(select(Agent).where(Agent.name == "Bob Chen")).one()
        # His hours "only for Account opening" went with the service; the rest stay.
        assert [(h.days, h.services) for h in bob.hours] == [(mask_from_codes(["tue", "thu"]), [])]
    exported = export(sessions)
    assert (
        '[[services]]\nname = "Notary"\ncolor = "#6a1b9a"\nactive = false\nduration = "45m"\n'
        in (exported)
    )
    again = apply_text(sessions, exported)
    assert not again.changed
    assert export(sessions) == exported


def test_a_kept_agent_keeps_hours_for_the_kept_services_it_still_gives(
    sessions: sessionmaker[Session],
) -> None:
    text = RIVERSIDE.replace('agents = ["Carla Diaz"]', 'agents = ["Carla Diaz", "Bob Chen"]')
    text = text.replace(
        'services = ["Account opening"]', 'services = ["Account opening", "Notary"]'
    )
    apply_text(sessions, text)
    with write_session(sessions) as s:
        book(s, "Notary", "Bob Chen", datetime(2026, 11, 24, 18, tzinfo=UTC))
    only_alice = (
        '[branch]\nname = "Riverside"\ntimezone = "America/Toronto"\n'
        '[[agents]]\nname = "Alice Martin"\n'
    )
    report = apply_text(sessions, only_alice)
    assert report.changes["services"].deactivated == ["Notary"]
    assert report.changes["agents"].deactivated == ["Bob Chen"]
    with sessions() as s:
        bob = s.scalars(select(Agent).where(Agent.name == "Bob Chen")).one()
        assert [[sv.name for sv in h.services] for h in bob.hours] == [["Notary"], []]
    exported = export(sessions)
    assert 'start = "09:00", end = "17:00", services = ["Notary"] }' in exported
    assert not apply_text(sessions, exported).changed
    assert export(sessions) == exported
