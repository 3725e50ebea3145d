"""Moving a desk's data to a new database: all rows, ids kept, counts checked, all or
nothing; and ``frontdesk db copy-to``.

The source is a SQLite desk filled with the Riverside branch and the demo data; the
target is an empty database on each backend (SQLite and the test session's PostgreSQL).
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import keyring
import pytest
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.orm import Session, sessionmaker

from app import config
from app.booking import availability
from app.booking.appointments import BookingRequest, NewCustomer, book
from app.booking.demo import create_demo
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.cli import main
from app.config import ENV_CONFIG_DIR, ENV_DB, load_choice
from app.models import Appointment, Base, Customer, Service, db
from app.models.transfer import CopyProgress, TransferError, copy_database
from tests.support.keyring_backend import MemoryKeyring
from tests.support.pgserver import PASSWORD_ROLE
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite desk with the Riverside branch and the demo data (made once)."""
    path = tmp_path_factory.mktemp("source") / "desk.sqlite3"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    sessions = db.session_factory(engine)
    apply_riverside(sessions)
    create_demo(sessions, MONDAY_9AM, customers=120, force=True)
    engine.dispose()
    return path


@pytest.fixture
def source_url(demo_source: Path, tmp_path: Path) -> str:
    copy = tmp_path / "desk.sqlite3"
    copy.write_bytes(demo_source.read_bytes())
    return f"sqlite:///{copy}"


def _counts(url: str) -> dict[str, int]:
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0)
                for t in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_copy_keeps_every_row_and_new_ids_continue(source_url: str, empty_db_url: str) -> None:
    seen: list[CopyProgress] = []
    report = copy_database(source_url, empty_db_url, progress=seen.append, batch_size=100)

    expected = _counts(source_url)
    assert expected["appointments"] > 100
    assert expected["customers"] == 120
    assert _counts(empty_db_url) == expected
    assert {t.table: t.copied for t in report.tables} == expected
    assert all(t.source == t.copied for t in report.tables)
    assert report.rows == sum(expected.values())
    assert report.revision == db.head_revision()
    assert seen[-1].done == seen[-1].total == report.rows
    assert [p.done for p in seen] == sorted(p.done for p in seen)

    engine = db.make_engine(empty_db_url)
    sessions = db.session_factory(engine)
    try:
        assert not db.needs_upgrade(engine)
        with sessions() as session:
            top_customer = session.scalar(select(func.max(Customer.id))) or 0
            top_appointment = session.scalar(select(func.max(Appointment.id))) or 0
            service = session.scalars(
                select(Service).where(Service.name == "Account opening")
            ).one()
            day = date(2026, 11, 24)
            free = availability.slots(session, service, day, day + timedelta(days=20), MONDAY_9AM)
            assert free
            start, service_id = free[0].start, service.id

        def work(session: Session) -> tuple[int, int]:
            appt = book(
                session,
                load_actor(session),
                BookingRequest(
                    service_id=service_id,
                    start=start,
                    new_customer=NewCustomer("Moved Customer", phone="+14165550199"),
                ),
                MONDAY_9AM,
            )
            session.flush()
            return appt.id, appt.customer_id

        appointment_id, customer_id = run_write(sessions, work)
        assert appointment_id == top_appointment + 1
        assert customer_id == top_customer + 1
    finally:
        engine.dispose()


def test_a_target_with_data_is_refused_and_left_alone(
    source_url: str, sessions: sessionmaker[Session], db_url: str
) -> None:
    with sessions() as session:
        add_customers(session, 3)
    before = _counts(db_url)
    with pytest.raises(TransferError) as refused:
        copy_database(source_url, db_url)
    assert refused.value.code == "target_not_empty"
    assert "already holds data" in refused.value.message
    assert "customers (3)" in refused.value.message
    assert _counts(db_url) == before


def test_a_target_at_the_current_schema_without_data_is_accepted(
    source_url: str, db_url: str
) -> None:
    """A database someone already set up (built-in statuses, roles, desk user only)."""
    copy_database(source_url, db_url)
    assert _counts(db_url) == _counts(source_url)


def test_cancel_rolls_the_target_back(source_url: str, empty_db_url: str) -> None:
    calls = 0

    def cancel() -> bool:
        nonlocal calls
        calls += 1
        return calls > 5

    with pytest.raises(TransferError) as stopped:
        copy_database(source_url, empty_db_url, cancel=cancel, batch_size=10)
    assert stopped.value.code == "cancelled"
    assert "left as it was" in stopped.value.message
    engine = db.make_engine(empty_db_url)
    try:
        assert db.current_revision(engine) is None  # even the schema was rolled back
    finally:
        engine.dispose()
    copy_database(source_url, empty_db_url)  # and the move can simply be tried again
    assert _counts(empty_db_url) == _counts(source_url)


def test_a_failing_row_rolls_everything_back(source_url: str, empty_db_url: str) -> None:
    """A row the target rejects half-way: nothing of the copy stays."""
    engine = db.make_engine(source_url)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA foreign_keys=OFF")
        cur.execute("UPDATE appointments SET service_id = 999999 WHERE id = 1")
        raw.commit()
    finally:
        raw.close()
        engine.dispose()
    with pytest.raises(TransferError) as failed:
        copy_database(source_url, empty_db_url)
    assert failed.value.code == "copy_failed"
    assert "while copying appointments" in failed.value.message
    assert "rolled back" in failed.value.message
    check = db.make_engine(empty_db_url)
    try:
        assert db.current_revision(check) is None
    finally:
        check.dispose()


def test_the_same_database_is_refused(source_url: str) -> None:
    with pytest.raises(TransferError) as same:
        copy_database(source_url, source_url)
    assert same.value.code == "same_database"


def test_cli_copy_to_with_switch(
    source_url: str,
    empty_db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(ENV_CONFIG_DIR, str(tmp_path / "config"))
    monkeypatch.delenv(ENV_DB, raising=False)
    switch = ["--switch"] if empty_db_url.startswith("postgresql") else []
    code = main(["--db", source_url, "--json", "db", "copy-to", empty_db_url, *switch])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    counts = _counts(source_url)
    assert data["tables"] == counts
    assert data["rows"] == sum(counts.values())
    choice = load_choice()
    if switch:
        assert choice is not None
        assert choice.server is not None
        assert data["switched"] is True
        assert choice.url().split("?")[0] == empty_db_url.split("?")[0]
    else:
        assert choice is None
        assert data["switched"] is False

    # a second copy into the now filled database is refused, in plain words
    code = main(["--db", source_url, "db", "copy-to", empty_db_url])
    out, err = capsys.readouterr()
    assert code == 1
    assert "already holds data" in err


@pytest.fixture
def password_database(pg_admin_url: str) -> Iterator[str]:
    """An empty database owned by a role that signs in with a password; its URL (no
    password in it)."""
    if os.environ.get("FRONTDESK_TEST_PG_URL"):
        pytest.skip("needs the test session's own server and its pg_hba.conf")
    name = f"fd_moved_{os.getpid()}"
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            conn.execute(text(f"DROP ROLE IF EXISTS {PASSWORD_ROLE}"))
            conn.execute(text(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD 'moved-Secret'"))
            conn.execute(text(f"CREATE DATABASE {name} OWNER {PASSWORD_ROLE}"))
        url = make_url(pg_admin_url).set(username=PASSWORD_ROLE, database=name)
        yield url.render_as_string(hide_password=False) + "?sslmode=disable"
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            conn.execute(text(f"DROP ROLE IF EXISTS {PASSWORD_ROLE}"))
    finally:
        admin.dispose()


def test_cli_copy_to_a_password_server_switches_with_the_keyring(
    source_url: str,
    password_database: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv(ENV_CONFIG_DIR, str(tmp_path / "config"))
    monkeypatch.delenv(ENV_DB, raising=False)
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        # without the password the server refuses, in plain words
        code = main(["--db", source_url, "db", "copy-to", password_database])
        _out, err = capsys.readouterr()
        assert code == 1
        assert f"refused the user name '{PASSWORD_ROLE}' or its password" in err

        monkeypatch.setattr("sys.stdin", io.StringIO("moved-Secret\n"))
        argv = ["--db", source_url, "db", "copy-to", password_database]
        code = main([*argv, "--switch", "--password-stdin"])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert "Every table's count matches the original." in out
        assert "takes effect when Front Desk starts next" in out
        assert "moved-Secret" not in out + err + caplog.text

        choice = load_choice()
        assert choice is not None
        assert choice.server is not None
        assert choice.server.user == PASSWORD_ROLE
        assert list(memory.passwords.values()) == ["moved-Secret"]
        assert "moved-Secret" not in config.config_path().read_text("utf-8")

        # the desk now opens the server with the keyring's password
        engine = db.make_engine(config.resolve_db_url())
        try:
            with engine.connect() as conn:
                assert conn.scalar(select(func.count()).select_from(Customer)) == 120
        finally:
            engine.dispose()
    finally:
        keyring.set_keyring(before)
