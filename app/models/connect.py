"""Opening a database by URL with an explicit password, and testing a connection in plain
words.

The database dialog and the guided move both need to reach a server before its choice is
saved, with a password typed in the dialog rather than stored. The password goes to the
driver in ``connect_args``, never into the URL, so the URL can be shown or logged. Driver
failures are turned into sentences a receptionist can act on; neither the password nor a
stack trace reaches them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, func, inspect, make_url, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from app.models import Branch, Customer
from app.models.db import alembic_config, head_revision, make_engine

log = logging.getLogger(__name__)

#: Seconds a connection attempt may take before the check reports a timeout.
CONNECT_TIMEOUT = 5


def open_engine(
    url: str, *, password: str | None = None, connect_timeout: int | None = None
) -> Engine:
    """An engine (no pool) for a one-off job: a test, a copy. The password, when given,
    is handed to the driver and never written into the URL."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return make_engine(url, poolclass=NullPool)
    connect_args: dict[str, Any] = {}
    if password:
        connect_args["password"] = password
    if connect_timeout is not None:
        connect_args["connect_timeout"] = connect_timeout
    return make_engine(url, poolclass=NullPool, connect_args=connect_args)


@dataclass(frozen=True)
class ConnectionCheck:
    """The result of a connection test.

    ``code`` is one of: ready, empty, needs_upgrade (usable), newer, unreachable,
    unknown_host, bad_login, no_database, tls_unavailable, timeout, failed (not usable).
    """

    ok: bool
    code: str
    message: str
    server_version: str | None = None
    #: True when the database already holds a branch or customers.
    has_data: bool = False


def where(url: str) -> str:
    """``host:port`` of a server URL, or the file of a SQLite URL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database or "memory")
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}"


def describe_failure(url: str, exc: BaseException) -> tuple[str, str]:
    """A failure to connect as ``(code, plain message)``; the message holds no password."""
    parsed = make_url(url)
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = str(orig)
    lowered = text.lower()
    place = where(url)
    user = parsed.username or ""
    database = parsed.database or ""
    if "timeout expired" in lowered or type(orig).__name__ == "ConnectionTimeout":
        return (
            "timeout",
            f"The server at {place} did not answer in time. Check the address, "
            "and that no firewall blocks the port.",
        )
    if "failed to resolve host" in lowered or "could not translate host name" in lowered:
        return (
            "unknown_host",
            f"The server name {parsed.host} is not known on this network. Check its spelling.",
        )
    if "connection refused" in lowered or "no route to host" in lowered:
        return (
            "unreachable",
            f"No database server answers at {place}. Check the address and the port, "
            "and that the server is running.",
        )
    if (
        "password authentication failed" in lowered
        or "no password supplied" in lowered
        or ("role" in lowered and "does not exist" in lowered)
        or "authentication failed" in lowered
        or "no pg_hba.conf entry" in lowered
    ):
        return (
            "bad_login",
            f"The server at {place} refused the user name {user!r} or its password.",
        )
    if "database" in lowered and "does not exist" in lowered:
        return (
            "no_database",
            f"The server at {place} has no database named {database!r}. "
            "Ask whoever runs the server to create it (empty), then try again.",
        )
    if "does not support ssl" in lowered:
        return (
            "tls_unavailable",
            f"The server at {place} does not offer TLS (encryption), but the TLS setting "
            "requires it. Enable TLS on the server, or choose a TLS setting that allows "
            "an unencrypted connection.",
        )
    if "certificate" in lowered or "ssl" in lowered:
        return (
            "tls_unavailable",
            f"The server at {place} could not prove its identity with a trusted "
            "certificate, which the TLS setting requires.",
        )
    log.info("connection to %s failed: %s", place, type(orig).__name__)
    return ("failed", f"Front Desk could not use the database at {place}.")


def check_connection(
    url: str, *, password: str | None = None, timeout: int = CONNECT_TIMEOUT
) -> ConnectionCheck:
    """Connect once and say, in plain words, whether the database can be used.

    Success names the server version and whether the database is empty (no Front Desk
    tables yet), ready (at this version's schema) or needs an upgrade.
    """
    engine = open_engine(url, password=password, connect_timeout=timeout)
    try:
        with engine.connect() as conn:
            info = engine.dialect.server_version_info or ()
            name = "PostgreSQL" if engine.dialect.name == "postgresql" else "SQLite"
            version = f"{name} {'.'.join(str(p) for p in info)}".strip()
            revision = MigrationContext.configure(conn).get_current_revision()
            tables = set(inspect(conn).get_table_names())
            has_data = False
            if {"branches", "customers"} <= tables:
                branches = conn.scalar(select(func.count()).select_from(Branch)) or 0
                customers = conn.scalar(select(func.count()).select_from(Customer)) or 0
                has_data = bool(branches or customers)
    except SQLAlchemyError as exc:
        code, message = describe_failure(url, exc)
        return ConnectionCheck(False, code, message)
    finally:
        engine.dispose()
    connected = f"Connected to {version}."
    if revision is None:
        if tables - {"alembic_version"}:
            return ConnectionCheck(
                False,
                "failed",
                f"{connected} The database holds tables that are not Front Desk's; "
                "use an empty database.",
                version,
            )
        return ConnectionCheck(
            True,
            "empty",
            f"{connected} The database is empty; Front Desk will set it up.",
            version,
        )
    head = head_revision()
    if revision == head:
        contents = "holds a branch's data" if has_data else "holds no data yet"
        return ConnectionCheck(
            True,
            "ready",
            f"{connected} The database is ready and {contents}.",
            version,
            has_data,
        )
    try:
        script = ScriptDirectory.from_config(alembic_config("sqlite://"))
        known = script.get_revision(revision) is not None
    except CommandError:  # alembic's answer to a revision id it does not know
        known = False
    if known:
        return ConnectionCheck(
            True,
            "needs_upgrade",
            f"{connected} The database was made by an older Front Desk; it is upgraded "
            "when the desk opens it.",
            version,
            has_data,
        )
    return ConnectionCheck(
        False,
        "newer",
        f"{connected} The database was made by a newer Front Desk; update Front Desk on "
        "this computer before using it.",
        version,
        has_data,
    )
