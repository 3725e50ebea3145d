"""Where the data lives: the stored choice, its order against --db and FRONTDESK_DB, the
server password in the keyring only, and the connection test in plain words against the
test session's real PostgreSQL server."""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from app import config
from app.config import (
    ENV_CONFIG_DIR,
    ENV_DB,
    ConfigError,
    ServerSettings,
    StoredChoice,
    load_choice,
    resolve_db_url,
    save_choice,
    store_password,
)
from app.models import db
from app.models.connect import check_connection
from tests.support.keyring_backend import MemoryKeyring
from tests.support.pgserver import PASSWORD_ROLE

SECRET = "s3cret-Pa55-word"
SERVER = ServerSettings(host="db.branch.example", database="frontdesk", user="desk", port=6432)


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv(ENV_CONFIG_DIR, str(folder))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv(ENV_DB, raising=False)
    return folder


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


# -- the stored choice ---------------------------------------------------------------------


def test_order_is_cli_then_environment_then_stored_choice_then_default(
    config_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    default = config.default_db_url()
    assert str(tmp_path / "data") in default
    assert resolve_db_url() == default

    save_choice(StoredChoice("server", SERVER))
    stored = "postgresql+psycopg://desk@db.branch.example:6432/frontdesk?sslmode=prefer"
    assert resolve_db_url() == stored

    monkeypatch.setenv(ENV_DB, "postgresql://env@envhost/envdb")
    assert resolve_db_url() == "postgresql+psycopg://env@envhost/envdb"
    assert config.url_is_overridden()

    assert resolve_db_url(str(tmp_path / "cli.sqlite3")) == f"sqlite:///{tmp_path / 'cli.sqlite3'}"

    monkeypatch.delenv(ENV_DB)
    save_choice(StoredChoice.local())
    assert resolve_db_url() == default


def test_choice_round_trips_through_the_file(config_home: Path) -> None:
    assert load_choice() is None
    choice = StoredChoice(
        "server",
        ServerSettings(host="10.0.0.5", database="riverside", user="front", tls="verify-full"),
    )
    path = save_choice(choice)
    assert path == config_home / "database.json"
    assert load_choice() == choice
    assert json.loads(path.read_text("utf-8")) == {
        "kind": "server",
        "server": {
            "host": "10.0.0.5",
            "port": 5432,
            "database": "riverside",
            "user": "front",
            "tls": "verify-full",
        },
    }
    assert ServerSettings.from_url(choice.url()) == choice.server


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '{"kind": "cloud"}',
        '{"kind": "server", "server": {"host": "", "database": "d", "user": "u"}}',
        '{"kind": "server", "server": {"host": "h", "database": "d", "user": "u", "port": 0}}',
        '{"kind": "server", "server": {"host": "h", "database": "d", "user": "u", "tls": "x"}}',
        "[]",
    ],
)
def test_a_damaged_file_is_named_and_kept(
    config_home: Path, content: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = config_home / "database.json"
    config_home.mkdir(parents=True)
    path.write_text(content, "utf-8")
    with pytest.raises(ConfigError) as damaged:
        load_choice()
    assert str(path) in damaged.value.message
    assert "damaged" in damaged.value.message
    assert damaged.value.path == path

    # the command line falls back to the default file and says why in the log
    with caplog.at_level(logging.WARNING, logger="app.config"):
        assert resolve_db_url() == config.default_db_url()
    assert str(path) in caplog.text

    # a new choice replaces it, and the damaged text is kept beside it
    save_choice(StoredChoice.local())
    assert load_choice() == StoredChoice.local()
    kept = [p for p in config_home.iterdir() if p.name.startswith("database.json.damaged-")]
    assert [p.read_text("utf-8") for p in kept] == [content]


def test_an_unwritable_folder_is_a_plain_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    with pytest.raises(ConfigError) as failed:
        save_choice(StoredChoice.local(), blocker / "database.json")
    assert str(blocker / "database.json") in failed.value.message


def test_from_url_refuses_what_cannot_be_a_shared_server() -> None:
    with pytest.raises(ValueError, match="PostgreSQL"):
        ServerSettings.from_url("sqlite:///x.sqlite3")
    with pytest.raises(ValueError, match="user"):
        ServerSettings.from_url("postgresql://host/db")
    with pytest.raises(ValueError, match="TLS"):
        ServerSettings.from_url("postgresql://u@host/db?sslmode=allow")
    parsed = ServerSettings.from_url("postgresql://u:pw@host/db?sslmode=require")
    assert parsed == ServerSettings(host="host", database="db", user="u", tls="require")
    assert "pw" not in parsed.url()


# -- the password --------------------------------------------------------------------------


def test_password_lives_in_the_keyring_only(
    config_home: Path, memory_keyring: MemoryKeyring
) -> None:
    store_password(SERVER, SECRET)
    path = save_choice(StoredChoice("server", SERVER))
    assert memory_keyring.passwords == {
        ("frontdesk", "desk@db.branch.example:6432/frontdesk"): SECRET
    }
    assert SECRET not in path.read_text("utf-8")
    assert SECRET not in resolve_db_url()
    assert SECRET not in repr(load_choice())
    assert config.load_password(SERVER) == SECRET

    store_password(SERVER, "")  # an empty password forgets it
    assert memory_keyring.passwords == {}
    store_password(SERVER, "")  # forgetting twice is fine
    assert config.load_password(SERVER) is None


def test_a_locked_keyring_is_a_plain_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring.backends.fail

    before = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        with pytest.raises(config.PasswordStoreError) as refused:
            store_password(SERVER, SECRET)
        assert "keyring" in str(refused.value)
        assert SECRET not in str(refused.value)
        assert config.load_password(SERVER) is None
    finally:
        keyring.set_keyring(before)


@pytest.fixture
def password_role(pg_admin_url: str) -> Iterator[ServerSettings]:
    """A role that must sign in with SECRET (scram-sha-256, see tests/support/pgserver.py)."""
    if os.environ.get("FRONTDESK_TEST_PG_URL"):
        pytest.skip("needs the test session's own server and its pg_hba.conf")
    admin = make_url(pg_admin_url)
    engine = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f"DROP ROLE IF EXISTS {PASSWORD_ROLE}"))
            conn.execute(text(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{SECRET}'"))
        yield ServerSettings(
            host=admin.host or "127.0.0.1",
            port=admin.port or 5432,
            database=admin.database or "postgres",
            user=PASSWORD_ROLE,
            tls="disable",
        )
        with engine.connect() as conn:
            conn.execute(text(f"DROP ROLE IF EXISTS {PASSWORD_ROLE}"))
    finally:
        engine.dispose()


def test_stored_choice_connects_with_the_keyring_password(
    config_home: Path,
    memory_keyring: MemoryKeyring,
    password_role: ServerSettings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    save_choice(StoredChoice("server", password_role))
    url = resolve_db_url()
    engine = db.make_engine(url)
    try:
        with pytest.raises(OperationalError, match="no password supplied"):
            engine.connect()
        store_password(password_role, SECRET)
        with caplog.at_level(logging.DEBUG), engine.connect() as conn:
            assert conn.scalar(text("SELECT current_user")) == PASSWORD_ROLE
    finally:
        engine.dispose()
    assert SECRET not in url
    assert SECRET not in caplog.text
    assert config.password_for_url(url) == SECRET


# -- the connection test -------------------------------------------------------------------


def test_check_success_names_version_and_state(db_url: str, empty_db_url: str) -> None:
    ready = check_connection(db_url)
    assert ready.ok
    assert ready.code == "ready"
    assert not ready.has_data
    assert ready.server_version is not None
    assert ready.server_version in ready.message
    assert "ready and holds no data yet" in ready.message

    empty = check_connection(empty_db_url)
    assert (empty.ok, empty.code) == (True, "empty")
    assert "empty" in empty.message

    engine = db.make_engine(empty_db_url)
    db.upgrade(engine, "0002")
    engine.dispose()
    older = check_connection(empty_db_url)
    assert (older.ok, older.code) == (True, "needs_upgrade")
    assert "older Front Desk" in older.message


def test_check_on_postgresql_names_the_server_version(pg_admin_url: str) -> None:
    result = check_connection(pg_admin_url)
    assert result.message.startswith("Connected to PostgreSQL 1")


def test_check_wrong_password(
    password_role: ServerSettings, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        wrong = check_connection(password_role.url(), password="not-" + SECRET)
        right = check_connection(password_role.url(), password=SECRET)
    assert (wrong.ok, wrong.code) == (False, "bad_login")
    assert wrong.message == (
        f"The server at {password_role.host}:{password_role.port} refused the user name "
        f"'{PASSWORD_ROLE}' or its password."
    )
    assert SECRET not in wrong.message
    assert SECRET not in caplog.text
    assert right.ok


def test_check_missing_database(pg_admin_url: str) -> None:
    url = make_url(pg_admin_url).set(database="no_such_branch").render_as_string(False)
    result = check_connection(url)
    assert (result.ok, result.code) == (False, "no_database")
    assert "has no database named 'no_such_branch'" in result.message


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_check_nothing_listening() -> None:
    port = _free_port()
    result = check_connection(f"postgresql+psycopg://desk@127.0.0.1:{port}/frontdesk")
    assert (result.ok, result.code) == (False, "unreachable")
    assert result.message.startswith(f"No database server answers at 127.0.0.1:{port}.")
    assert "Traceback" not in result.message


def test_check_tls_required_but_not_offered(pg_admin_url: str) -> None:
    admin = make_url(pg_admin_url)
    for mode in ("require", "verify-full"):
        url = admin.set(query={"sslmode": mode}).render_as_string(False)
        result = check_connection(url)
        assert (result.ok, result.code) == (False, "tls_unavailable"), mode
        assert "does not offer TLS" in result.message


def test_check_timeout() -> None:
    """A port that accepts the connection but never answers: the short timeout speaks."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        result = check_connection(
            f"postgresql+psycopg://desk@127.0.0.1:{port}/frontdesk?sslmode=disable", timeout=2
        )
    assert (result.ok, result.code) == (False, "timeout")
    assert result.message.startswith(f"The server at 127.0.0.1:{port} did not answer in time.")


def test_check_unknown_host() -> None:
    result = check_connection("postgresql+psycopg://desk@no-such-host.invalid/frontdesk")
    assert (result.ok, result.code) == (False, "unknown_host")
    assert "no-such-host.invalid" in result.message
