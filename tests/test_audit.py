"""The audit trail on SQLite and PostgreSQL: each use case leaves exactly its entry (who,
when, before, after); the trail's filters, order and pages; the CSV export and its
formula guard; ``frontdesk audit``.

The clock is Monday 23 November 2026, 09:00 in Toronto; every step runs at its own minute
so that "the entries written at this instant" is exactly what one use case wrote.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking import audit
from app.booking import customers as cust
from app.booking import settings as st
from app.booking.appointments import BookingRequest
from app.booking.errors import BookingError
from app.booking.permissions import Actor, load_actor
from app.booking.setup_file import apply_setup, parse_setup
from app.cli import main
from app.models import AuditEntry, Role, Service, User
from tests.support.riverside import MONDAY_9AM, RIVERSIDE, add_customers, apply_riverside, ids

TZ = ZoneInfo("America/Toronto")
NOW = MONDAY_9AM
DESK_LABEL = "Front desk (desk)"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


def minute(n: int) -> datetime:
    return NOW + timedelta(minutes=n)


@pytest.fixture
def branch(sessions: sessionmaker[Session]) -> dict[str, int]:
    apply_riverside(sessions)
    with sessions() as session:
        found = ids(session)
        for i, cid in enumerate(add_customers(session, 4)):
            found[f"c{i}"] = cid
    return found


def written_at(session: Session, when: datetime) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.at == when)))


def only_entry(session: Session, when: datetime) -> AuditEntry:
    found = written_at(session, when)
    assert len(found) == 1, [(e.action, e.entity_type) for e in found]
    return found[0]


def service_id(session: Session, name: str) -> int:
    return session.scalars(select(Service.id).where(Service.name == name)).one()


def _desk(session: Session) -> Actor:
    return load_actor(session)


def test_the_desk_actor_label_is_what_the_entries_carry(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    with sessions() as session:
        assert _desk(session).label == DESK_LABEL


# -- one entry per use case ---------------------------------------------------------------


def test_appointment_use_cases_each_write_their_entry(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    with sessions() as session:
        desk = _desk(session)
        opening = service_id(session, "Account opening")
        appt = use.book(
            session,
            desk,
            BookingRequest(service_id=opening, start=at(24, 10), customer_id=branch["c0"]),
            minute(1),
        )
        session.commit()
        booked = only_entry(session, minute(1))
        assert (booked.action, booked.entity_type, booked.entity_id) == (
            "appointment.book",
            "appointment",
            appt.id,
        )
        assert booked.actor == DESK_LABEL
        assert booked.user_id == desk.user_id
        assert booked.at == minute(1)
        assert booked.before is None
        assert booked.after is not None
        assert booked.after["customer_id"] == branch["c0"]
        assert datetime.fromisoformat(booked.after["start"]) == at(24, 10)

        use.reschedule(session, desk, appt.id, at(24, 11), "Customer asked", minute(2))
        session.commit()
        moved = only_entry(session, minute(2))
        assert moved.action == "appointment.reschedule"
        assert moved.entity_id == appt.id
        assert moved.before is not None
        assert moved.after is not None
        assert datetime.fromisoformat(moved.before["start"]) == at(24, 10)
        assert datetime.fromisoformat(moved.after["start"]) == at(24, 11)
        assert moved.after["reason"] == "Customer asked"

        status_before = use.get(session, appt.id).status.key
        use.set_status(session, desk, appt.id, "completed", minute(3), "came in")
        session.commit()
        changed = only_entry(session, minute(3))
        assert changed.action == "appointment.status"
        assert changed.before is not None
        assert changed.after is not None
        assert changed.before["status"] == status_before
        assert changed.after["status"] == "completed"
        assert changed.after["reason"] == "came in"

        other = use.book(
            session,
            desk,
            BookingRequest(service_id=opening, start=at(25, 10), customer_id=branch["c1"]),
            minute(4),
        )
        session.commit()
        use.cancel(session, desk, other.id, "Called to cancel", minute(5))
        session.commit()
        cancelled = only_entry(session, minute(5))
        assert cancelled.action == "appointment.status"
        assert cancelled.entity_id == other.id
        assert cancelled.before is not None
        assert cancelled.after is not None
        assert cancelled.after["status"] == use.get(session, other.id).status.key
        assert cancelled.after["status"] != cancelled.before["status"]
        assert cancelled.after["reason"] == "Called to cancel"


def test_customer_use_cases_each_write_their_entry(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    with sessions() as session:
        desk = _desk(session)
        made = cust.add_customer(
            session, desk, name="Dana Scully", phone="+1 416 555 7777", now=minute(1)
        ).customer
        session.commit()
        added = only_entry(session, minute(1))
        assert (added.action, added.entity_type, added.entity_id) == (
            "customer.add",
            "customer",
            made.id,
        )
        assert added.before is None
        assert added.after is not None
        assert added.after["name"] == "Dana Scully"
        assert added.after["phone"] == "+14165557777"

        cust.update_customer(session, desk, made.id, now=minute(2), email="dana@example.com")
        session.commit()
        updated = only_entry(session, minute(2))
        assert updated.action == "customer.update"
        assert updated.before is not None
        assert updated.after is not None
        assert updated.before["email"] is None
        assert updated.after["email"] == "dana@example.com"
        assert updated.before["name"] == updated.after["name"] == "Dana Scully"

        cust.merge_customers(session, desk, made.id, branch["c2"], now=minute(3))
        session.commit()
        merged = only_entry(session, minute(3))
        assert merged.action == "customer.merge"
        assert merged.entity_id == made.id
        assert merged.before is not None
        assert merged.after is not None
        assert str(branch["c2"]) in json.dumps(merged.before)
        assert merged.actor == DESK_LABEL


def test_setting_change_and_setup_apply_write_their_entry(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    with sessions() as session:
        desk = _desk(session)
        st.change_setting(session, desk, "min_agent_share", 0.25, minute(1), branch["branch"])
        session.commit()
        entry = only_entry(session, minute(1))
        assert (entry.action, entry.entity_type) == ("setting.change", "setting")
        assert entry.after is not None
        assert entry.after["value"] == 0.25
        assert entry.after["key"] == "min_agent_share"
        # Riverside leaves the share at its default: no branch value existed before.
        assert entry.before is None
        st.change_setting(session, desk, "min_agent_share", 0.5, minute(3), branch["branch"])
        session.commit()
        again = only_entry(session, minute(3))
        assert again.before == {
            "key": "min_agent_share",
            "scope": st.scope_for(branch["branch"]),
            "value": 0.25,
        }
        assert again.after is not None
        assert again.after["value"] == 0.5

        text = RIVERSIDE.read_text("utf-8").replace('duration = "30m"', 'duration = "45m"', 1)
        apply_setup(session, desk, parse_setup(text, "riverside.toml"), minute(2))
        session.commit()
        applied = [e for e in written_at(session, minute(2)) if e.action == "setup.apply"]
        assert len(applied) == 1
        assert applied[0].entity_type == "branch"
        assert applied[0].entity_id == branch["branch"]
        assert applied[0].before is not None
        assert applied[0].after is not None
        assert "Account opening" in json.dumps(applied[0].after)


def test_a_refused_change_leaves_no_entry(
    sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    with sessions() as session:
        desk = _desk(session)
        with pytest.raises(BookingError):
            st.change_setting(session, desk, "min_agent_share", 7, minute(1), branch["branch"])
        session.rollback()
        assert written_at(session, minute(1)) == []


# -- reading the trail ----------------------------------------------------------------------


def _seed(session: Session, rows: list[tuple[int, Actor, str, str, int | None]]) -> None:
    for n, actor, action, entity, entity_id in rows:
        audit.record(session, actor, minute(n), action, entity, entity_id, None, {"n": n})
    session.commit()


@pytest.fixture
def trail(sessions: sessionmaker[Session], branch: dict[str, int]) -> sessionmaker[Session]:
    with sessions() as session:
        session.execute(delete(AuditEntry))
        role_id = session.scalars(select(Role.id)).first()
        user = User(username="mia_r", display_name="Mia Rossi", role_id=role_id, active=True)
        session.add(user)
        session.commit()
        desk = _desk(session)
        mia = Actor(user.id, "mia_r", "Mia Rossi", "manager", frozenset())
        _seed(
            session,
            [
                (10, desk, "appointment.book", "appointment", 7),
                (20, mia, "appointment.status", "appointment", 7),
                (30, desk, "customer.add", "customer", 3),
                (30, mia, "setting.change", "setting", None),
                (40, mia, "customer.update", "customer", 3),
            ],
        )
    return sessions


def test_entries_come_newest_first_and_in_pages(trail: sessionmaker[Session]) -> None:
    with trail() as session:
        everything = audit.entries(session, audit.AuditFilter())
        assert [r.at for r in everything] == sorted((r.at for r in everything), reverse=True)
        assert [r.action for r in everything][:1] == ["customer.update"]
        # Same instant: the later-written entry first.
        same = [r for r in everything if r.at == minute(30)]
        assert [r.action for r in same] == ["setting.change", "customer.add"]
        ids_all = audit.find_ids(session, audit.AuditFilter())
        assert ids_all == [r.id for r in everything]
        page = audit.entries(session, audit.AuditFilter(), limit=2, offset=2)
        assert [r.id for r in page] == ids_all[2:4]
        assert audit.count(session, audit.AuditFilter()) == 5
        assert audit.rows_by_ids(session, [*ids_all[:2], 10**9]).keys() == set(ids_all[:2])


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (audit.AuditFilter(user="mia_r"), {20, 30, 40}),
        (audit.AuditFilter(user="MIA_R"), {20, 30, 40}),
        (audit.AuditFilter(user="mia"), set()),
        (audit.AuditFilter(user="desk"), {10, 30}),
        (audit.AuditFilter(entity_type="customer"), {30, 40}),
        (audit.AuditFilter(entity_type="appointment", entity_id=7), {10, 20}),
        (audit.AuditFilter(action="customer.add"), {30}),
        (audit.AuditFilter(start=minute(20), end=minute(40)), {20, 30}),
        (audit.AuditFilter(text="ROSSI"), {20, 30, 40}),
        (audit.AuditFilter(text="setting"), {30}),
        (audit.AuditFilter(text='"n": 4'), {40}),
        (audit.AuditFilter(text="100%"), set()),
    ],
)
def test_filters(trail: sessionmaker[Session], flt: audit.AuditFilter, expected: set[int]) -> None:
    with trail() as session:
        found = audit.entries(session, flt)
        minutes = {int((r.at - NOW).total_seconds() // 60) for r in found}
        assert minutes == expected
        assert audit.count(session, flt) == len(found)


def test_text_filter_matches_values_on_both_databases(trail: sessionmaker[Session]) -> None:
    with trail() as session:
        desk = _desk(session)
        audit.record(session, desk, minute(50), "x", "customer", 9, {"name": "Zoë_ünïcode"}, None)
        session.commit()
        found = audit.entries(session, audit.AuditFilter(text="ZOë_ün"))
        assert [r.action for r in found] == ["x"]


def test_a_backwards_range_is_refused() -> None:
    with pytest.raises(BookingError) as err:
        audit.AuditFilter(start=minute(5), end=minute(1))
    assert err.value.code == "invalid_range"
    with pytest.raises(BookingError):
        audit.local_dates_range(date(2026, 11, 24), date(2026, 11, 23), TZ)


def test_local_days_follow_the_branch_zone_across_daylight_saving() -> None:
    # 1 November 2026: Toronto falls back, the day is 25 hours long.
    start, end = audit.local_dates_range(date(2026, 11, 1), date(2026, 11, 1), TZ)
    assert start == datetime(2026, 11, 1, 4, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 2, 5, 0, tzinfo=UTC)
    assert audit.local_dates_range(None, None, TZ) == (None, None)


def test_changed_fields() -> None:
    row = audit.AuditRow(1, NOW, "u", "a", "e", 1, {"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4})
    assert row.changed_fields() == ["b", "c"]


# -- CSV --------------------------------------------------------------------------------


def test_csv_export_guards_formulas_and_keeps_values() -> None:
    rows = [
        audit.AuditRow(
            5,
            datetime(2026, 11, 23, 14, 0, tzinfo=UTC),
            '=HYPERLINK("http://x") (evil)',
            "customer.update",
            "customer",
            3,
            {"name": "+1 416"},
            None,
        ),
        audit.AuditRow(4, NOW, "@SUM(A1)", "-2+3", "setting", None, None, {"v": 'a,b\n"c"'}),
    ]
    text = audit.export_csv(rows, TZ)
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == list(audit.CSV_COLUMNS)
    assert parsed[1][:6] == [
        "5",
        "2026-11-23T09:00:00-05:00",
        '\'=HYPERLINK("http://x") (evil)',
        "customer.update",
        "customer",
        "3",
    ]
    assert json.loads(parsed[1][6]) == {"name": "+1 416"}
    assert parsed[1][7] == ""
    assert parsed[2][2:4] == ["'@SUM(A1)", "'-2+3"]
    assert parsed[2][5] == ""
    assert json.loads(parsed[2][7]) == {"v": 'a,b\n"c"'}
    for line in parsed[1:]:
        for cell in line:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")


# -- frontdesk audit ---------------------------------------------------------------------


NOW_ARG = "2026-11-23T09:00:00-05:00"


def run(db_url: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["audit", *args, "--db", db_url, "--now", NOW_ARG])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_lists_filters_and_exports(
    trail: sessionmaker[Session],
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    code, out, _ = run(db_url, capsys, "--json")
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    assert data["total"] == 5
    assert data["timezone"] == "America/Toronto"
    assert data["entries"][0]["action"] == "customer.update"
    assert data["entries"][0]["at"] == "2026-11-23T09:40:00-05:00"

    code, out, _ = run(db_url, capsys, "--user", "mia_r", "--entity", "customer", "--json")
    assert [e["entity_id"] for e in json.loads(out)["entries"]] == [3]

    code, out, _ = run(db_url, capsys, "--entity", "appointment", "--id", "7")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("2026-11-23 09:20:00  Mia Rossi (mia_r)  appointment.status")
    assert lines[-1] == "(2 entries, newest first, America/Toronto time)"

    code, out, _ = run(db_url, capsys, "--from", "2026-11-24", "--json")
    assert json.loads(out)["entries"] == []
    code, out, _ = run(db_url, capsys, "--from", "2026-11-23", "--to", "2026-11-23", "--json")
    assert json.loads(out)["total"] == 5

    code, out, _ = run(db_url, capsys, "--limit", "2")
    assert out.splitlines()[-1] == "(1-2 of 5, newest first, America/Toronto time)"

    target = tmp_path / "trail.csv"
    code, out, _ = run(db_url, capsys, "--csv", str(target), "--json")
    assert code == 0
    assert json.loads(out) == {"path": str(target), "count": 5, "total": 5}
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    assert len(rows) == 6
    assert rows[0] == list(audit.CSV_COLUMNS)

    code, out, _ = run(db_url, capsys, "--csv", "-", "--action", "customer.add")
    assert list(csv.reader(io.StringIO(out)))[1][3] == "customer.add"


def test_cli_refuses_bad_input(
    trail: sessionmaker[Session], db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(db_url, capsys, "--from", "23/11/2026")
    assert code == 2
    assert "2026-11-23" in err
    code, out, _ = run(db_url, capsys, "--from", "2026-11-24", "--to", "2026-11-23", "--json")
    assert code == 1
    assert json.loads(out)["error"]["code"] == "invalid_range"
    code, out, _ = run(db_url, capsys, "--user", "nobody")
    assert code == 0
    assert out.strip() == "No audit entries match."


def test_the_trail_has_no_write_api_beyond_record() -> None:
    public = {n for n in dir(audit) if not n.startswith("_")}
    assert not {n for n in public if n.startswith(("update", "delete", "remove", "edit"))}
