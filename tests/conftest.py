"""Session-wide fixtures: a fresh, migrated database per test on SQLite and PostgreSQL.

The PostgreSQL server is started once per session on loopback; each test gets its own
database cloned from a template that the real migrations brought to head. SQLite tests
get a copy of a migrated template file.
"""

from __future__ import annotations

import itertools
import os
import queue
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from app.models import db
from tests.support.keyring_backend import MemoryKeyring
from tests.support.pgserver import PgServer

BACKENDS = ["sqlite", "postgresql"]
_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """URL of a maintenance database on a PostgreSQL server for this session."""
    external = os.environ.get("FRONTDESK_TEST_PG_URL")
    if external:
        yield external
        return
    server = PgServer()
    url = server.start()
    try:
        yield url
    finally:
        server.stop()


def _admin_execute(admin_url: str, *statements: str) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


class PgClones:
    """Fresh copies of the migrated template database, made ahead of need.

    Cloning takes a noticeable fraction of a second, so a worker thread keeps a few clones
    ready and drops used ones while the tests run.
    """

    AHEAD = 3

    def __init__(self, admin_url: str, template: str) -> None:
        self.admin_url = admin_url
        self.template = template
        self.ready: queue.Queue[str | BaseException] = queue.Queue()
        self.jobs: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self.engine = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.thread = threading.Thread(target=self._work, daemon=True)
        self.thread.start()
        for _ in range(self.AHEAD):
            self._order()

    def _order(self) -> None:
        self.jobs.put(("create", f"fd_test_{os.getpid()}_{next(_counter)}"))

    def _work(self) -> None:
        while (job := self.jobs.get()) is not None:
            action, name = job
            try:
                with self.engine.connect() as conn:
                    if action == "create":
                        conn.execute(
                            text(
                                f"CREATE DATABASE {name} TEMPLATE {self.template} "
                                "STRATEGY FILE_COPY"
                            )
                        )
                    else:
                        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            except BaseException as exc:  # handed to the test that waits for it
                if action == "create":
                    self.ready.put(exc)
                continue
            if action == "create":
                self.ready.put(name)

    def take(self) -> str:
        self._order()
        got = self.ready.get(timeout=120)
        if isinstance(got, BaseException):
            raise got
        return got

    def give_back(self, name: str) -> None:
        self.jobs.put(("drop", name))

    def close(self) -> None:
        self.jobs.put(None)
        self.thread.join(timeout=60)
        self.engine.dispose()


@pytest.fixture(scope="session")
def pg_template(pg_admin_url: str) -> str:
    """Name of a database migrated to head, to clone per test."""
    name = f"fd_template_{os.getpid()}"
    _admin_execute(pg_admin_url, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    engine = db.make_engine(make_url(pg_admin_url).set(database=name).render_as_string(False))
    db.upgrade(engine)
    engine.dispose()
    return name


@pytest.fixture(scope="session")
def pg_clones(pg_admin_url: str, pg_template: str) -> Iterator[PgClones]:
    clones = PgClones(pg_admin_url, pg_template)
    try:
        yield clones
    finally:
        clones.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh database at head, on the backend of this test's parameter."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "frontdesk.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    admin_url: str = request.getfixturevalue("pg_admin_url")
    clones: PgClones = request.getfixturevalue("pg_clones")
    name = clones.take()
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        clones.give_back(name)


@pytest.fixture
def empty_db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty database (no tables), for migration tests."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    admin_url: str = request.getfixturevalue("pg_admin_url")
    name = f"fd_empty_{os.getpid()}_{next(_counter)}"
    _admin_execute(admin_url, f"CREATE DATABASE {name}")
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        _admin_execute(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = db.make_engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return db.session_factory(engine)


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as s:
        yield s


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The OS keyring replaced by one in memory for the test (secrets never leave it)."""
    import keyring

    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)
