"""Where the data lives: the database URL from --db, FRONTDESK_DB, the stored choice or the
default file.

A receptionist never edits environment variables, so the choice between "this computer
only" (the SQLite file in the user's data folder) and "shared server" (PostgreSQL) is made
in a dialog and kept in a small JSON file in the user's config folder. The order is
``--db`` > ``FRONTDESK_DB`` > the stored choice > the default file.

The server's password never appears in that file nor in any URL string: it lives in the
OS keyring (service ``frontdesk``, user key ``user@host:port/database``) and is handed to
the driver when a connection opens, by a SQLAlchemy ``do_connect`` hook installed here.
URLs built from a stored choice therefore can go into logs, messages and window titles.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import keyring
import keyring.errors
from platformdirs import user_config_dir, user_data_dir
from sqlalchemy import URL, Engine, event, make_url

log = logging.getLogger(__name__)

ENV_DB = "FRONTDESK_DB"
#: Overrides the folder of the stored choice (tests, portable installs).
ENV_CONFIG_DIR = "FRONTDESK_CONFIG_DIR"
CONFIG_FILE = "database.json"
KEYRING_SERVICE = "frontdesk"
DEFAULT_PORT = 5432

TlsMode = Literal["disable", "prefer", "require", "verify-full"]
TLS_MODES: tuple[TlsMode, ...] = ("disable", "prefer", "require", "verify-full")
Kind = Literal["local", "server"]


class ConfigError(Exception):
    """The stored choice cannot be read or written; the message names the file."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class PasswordStoreError(Exception):
    """The OS keyring refused to store or remove a password (locked, or none installed)."""


# -- folders -------------------------------------------------------------------------------


def data_dir() -> Path:
    return Path(user_data_dir("frontdesk", appauthor=False))


def config_dir() -> Path:
    """The folder of the stored choice: FRONTDESK_CONFIG_DIR, else the user's config dir."""
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override).expanduser()
    return Path(user_config_dir("frontdesk", appauthor=False))


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'frontdesk.sqlite3'}"


# -- the choice ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerSettings:
    """A shared PostgreSQL server, without its password (that is in the keyring)."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    tls: TlsMode = "prefer"

    def url(self) -> str:
        """The SQLAlchemy URL, free of any password, safe to show or log."""
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            host=self.host,
            port=self.port,
            database=self.database,
            query={"sslmode": self.tls},
        ).render_as_string(hide_password=False)

    def keyring_user(self) -> str:
        return keyring_user(self.user, self.host, self.port, self.database)

    def label(self) -> str:
        """How a receptionist names it: ``frontdesk on db.branch.local:5432``."""
        return f"{self.database} on {self.host}:{self.port}"

    @classmethod
    def from_url(cls, url: str) -> ServerSettings:
        """The server settings of a PostgreSQL URL (its password, if any, is dropped)."""
        parsed = make_url(normalise_url(url))
        if parsed.get_backend_name() != "postgresql":
            raise ValueError("only a PostgreSQL server can be the shared server")
        if not parsed.host or not parsed.database or not parsed.username:
            raise ValueError("the server address needs a host, a database and a user name")
        mode = parsed.query.get("sslmode", "prefer")
        if not isinstance(mode, str) or mode not in TLS_MODES:
            raise ValueError(f"TLS mode must be one of {', '.join(TLS_MODES)}")
        tls: TlsMode = mode
        return cls(
            host=parsed.host,
            database=parsed.database,
            user=parsed.username,
            port=parsed.port or DEFAULT_PORT,
            tls=tls,
        )


@dataclass(frozen=True)
class StoredChoice:
    """What the user chose in the database dialog."""

    kind: Kind
    server: ServerSettings | None = None

    def url(self) -> str:
        if self.kind == "server" and self.server is not None:
            return self.server.url()
        return default_db_url()

    @classmethod
    def local(cls) -> StoredChoice:
        return cls("local")


def _choice_from_json(data: Any) -> StoredChoice:
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    kind = data.get("kind")
    if kind == "local":
        return StoredChoice.local()
    if kind != "server":
        raise ValueError(f"unknown kind {kind!r}")
    server = data.get("server")
    if not isinstance(server, dict):
        raise ValueError("the server settings are missing")
    host, database, user = server.get("host"), server.get("database"), server.get("user")
    port, tls = server.get("port", DEFAULT_PORT), server.get("tls", "prefer")
    if not (
        isinstance(host, str)
        and isinstance(database, str)
        and isinstance(user, str)
        and host
        and database
        and user
    ):
        raise ValueError("host, database and user must be non-empty text")
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise ValueError("the port must be a number from 1 to 65535")
    if tls not in TLS_MODES:
        raise ValueError(f"the TLS mode must be one of {', '.join(TLS_MODES)}")
    return StoredChoice(
        "server",
        ServerSettings(host=host, database=database, user=user, port=port, tls=tls),
    )


def load_choice(path: Path | None = None) -> StoredChoice | None:
    """The stored choice, or None when none was made yet.

    Raises ConfigError naming the file when it exists but cannot be read or understood;
    the file is left as it is, so nothing in it is lost.
    """
    path = path or config_path()
    try:
        raw = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(
            f"The database settings file {path} cannot be read ({exc.strerror or exc}).", path
        ) from None
    try:
        return _choice_from_json(json.loads(raw))
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        raise ConfigError(
            f"The database settings file {path} is damaged ({exc}); "
            "choose where the data lives again.",
            path,
        ) from None


def save_choice(choice: StoredChoice, path: Path | None = None) -> Path:
    """Write the choice atomically. A damaged file it replaces is kept beside it.

    Returns the path written. Raises ConfigError when the folder is not writable.
    """
    path = path or config_path()
    data: dict[str, Any] = {"kind": choice.kind}
    if choice.kind == "server" and choice.server is not None:
        s = choice.server
        data["server"] = {
            "host": s.host,
            "port": s.port,
            "database": s.database,
            "user": s.user,
            "tls": s.tls,
        }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            try:
                load_choice(path)
            except ConfigError:
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
                path.replace(path.with_name(f"{path.name}.damaged-{stamp}"))
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise ConfigError(
            f"The database settings file {path} cannot be written ({exc.strerror or exc}).",
            path,
        ) from None
    return path


# -- resolving -----------------------------------------------------------------------------


def resolve_db_url(cli_value: str | None = None) -> str:
    """``--db`` wins over ``FRONTDESK_DB``, then the stored choice, then the default file.

    A damaged settings file is reported in the log (on standard error for commands) and
    the default file is used; the desk asks again before opening (see
    app.views.app.choose_database_at_first_start).
    """
    if cli_value:
        return normalise_url(cli_value)
    env = os.environ.get(ENV_DB)
    if env:
        return normalise_url(env)
    try:
        choice = load_choice()
    except ConfigError as exc:
        log.warning("%s", exc.message)
        choice = None
    if choice is not None:
        if choice.server is not None:
            remember_keyring_target(choice.server)
        return choice.url()
    return default_db_url()


def url_is_overridden() -> bool:
    """True when FRONTDESK_DB names the database, so no stored choice applies."""
    return bool(os.environ.get(ENV_DB))


def normalise_url(url: str) -> str:
    """Accept a bare path for SQLite and ``postgresql://`` for psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().absolute()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


# -- the password ------------------------------------------------------------------------


def keyring_user(user: str, host: str, port: int | None, database: str) -> str:
    """The keyring's user key for one server login: ``user@host:port/database``."""
    return f"{user}@{host}:{port or DEFAULT_PORT}/{database}"


def load_password(server: ServerSettings) -> str | None:
    """The stored password, or None when none is stored or the keyring cannot be read."""
    try:
        return keyring.get_password(KEYRING_SERVICE, server.keyring_user())
    except keyring.errors.KeyringError as exc:
        log.warning("the system keyring could not be read (%s)", type(exc).__name__)
        return None


def store_password(server: ServerSettings, password: str) -> None:
    """Keep (or, with an empty password, forget) the server password in the OS keyring.

    Raises PasswordStoreError with a plain message, which never contains the password.
    """
    try:
        if password:
            keyring.set_password(KEYRING_SERVICE, server.keyring_user(), password)
        else:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                keyring.delete_password(KEYRING_SERVICE, server.keyring_user())
    except keyring.errors.KeyringError as exc:
        raise PasswordStoreError(
            "The system keyring could not store the password "
            f"({type(exc).__name__}); unlock it or install a keyring service and try again."
        ) from None
    remember_keyring_target(server)


_targets_lock = threading.Lock()
#: keyring user keys whose password the connect hook may fetch from the keyring.
_keyring_targets: set[str] = set()


def remember_keyring_target(server: ServerSettings) -> None:
    """Let connections to this server take their password from the keyring.

    Only servers named here (the stored choice, a server being tested or filled) are
    looked up, so unrelated connections (tests, other tools) never wait on a keyring.
    """
    with _targets_lock:
        _keyring_targets.add(server.keyring_user())


def _params_key(cparams: dict[str, Any]) -> str | None:
    user, host, dbname = cparams.get("user"), cparams.get("host"), cparams.get("dbname")
    if not (user and host and dbname):
        return None
    port = cparams.get("port")
    return keyring_user(str(user), str(host), int(port) if port else None, str(dbname))


def _hand_password_to_driver(
    dialect: Any, _conn_rec: Any, _cargs: Any, cparams: dict[str, Any]
) -> None:
    """SQLAlchemy ``do_connect`` hook: add the keyring password for a remembered server."""
    if dialect.name != "postgresql" or cparams.get("password"):
        return
    key = _params_key(cparams)
    if key is None:
        return
    with _targets_lock:
        known = key in _keyring_targets
    if not known:
        return
    try:
        password = keyring.get_password(KEYRING_SERVICE, key)
    except keyring.errors.KeyringError as exc:
        log.warning("the system keyring could not be read (%s)", type(exc).__name__)
        return
    if password:
        cparams["password"] = password


def password_for_url(url: str) -> str | None:
    """The keyring password of a remembered server URL, for code that connects with the
    driver directly (psycopg.connect) rather than through an engine."""
    parsed = make_url(url)
    if parsed.password:
        return str(parsed.password)
    if parsed.get_backend_name() != "postgresql" or not parsed.host or not parsed.database:
        return None
    key = keyring_user(parsed.username or "", parsed.host, parsed.port, parsed.database)
    with _targets_lock:
        if key not in _keyring_targets:
            return None
    try:
        return keyring.get_password(KEYRING_SERVICE, key)
    except keyring.errors.KeyringError:
        return None


def install_password_hook() -> None:
    """Install the connect hook on every engine (idempotent)."""
    if not event.contains(Engine, "do_connect", _hand_password_to_driver):
        event.listen(Engine, "do_connect", _hand_password_to_driver)


install_password_hook()
