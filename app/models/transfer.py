"""Moving one desk's data to a new shared server: copy everything, verify, then switch.

A branch that started on "this computer only" keeps its data when it moves to a shared
PostgreSQL server. The copy is all or nothing: the target must be empty, it is brought to
the current schema and filled inside one transaction on the target, table by table in
foreign-key order, ids kept. Each table's count is checked against the source before the
commit; any mismatch, error or cancel rolls the target back to the state it was in, so a
failed move can simply be tried again. The source is read in one transaction, so desks
that keep working during the move cannot make the copy inconsistent (their later changes
are simply not in it).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Integer, Table, func, inspect, make_url, select, text
from sqlalchemy.exc import SQLAlchemyError

import app.models  # noqa: F401  (registers every table on the metadata)
from app.models.base import Base
from app.models.connect import CONNECT_TIMEOUT, describe_failure, open_engine, where
from app.models.db import alembic_config, head_revision

log = logging.getLogger(__name__)

#: Tables the migrations fill with built-in rows (statuses, roles, the desk user). An
#: otherwise empty target holds these; they are replaced by the source's own rows.
SEEDED_TABLES = frozenset({"statuses", "roles", "role_permissions", "users"})
BATCH_SIZE = 1000


class TransferError(Exception):
    """The move did not happen; ``message`` says why in plain words, and the target was
    left as it was."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class CopyProgress:
    """Where the copy is: the current table and the whole job, in rows."""

    table: str
    table_done: int
    table_total: int
    done: int
    total: int


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    copied: int


@dataclass(frozen=True)
class CopyReport:
    source: str
    target: str
    revision: str
    seconds: float
    tables: list[TableCount] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(t.copied for t in self.tables)


ProgressFn = Callable[[CopyProgress], None]
CancelFn = Callable[[], bool]


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _count(conn: Connection, table: Table) -> int:
    return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def _check_target_empty(dst: Connection, target: str) -> None:
    """Refuse a target that holds anything a desk wrote; built-in rows are allowed."""
    names = set(inspect(dst).get_table_names())
    revision = MigrationContext.configure(dst).get_current_revision()
    ours = {t.name for t in _tables()}
    foreign = names - ours - {"alembic_version", "customers_fts"}
    foreign = {n for n in foreign if not n.startswith("customers_fts_")}
    if foreign:
        raise TransferError(
            "target_not_empty",
            f"The database at {target} holds tables that are not Front Desk's "
            f"({', '.join(sorted(foreign)[:5])}). Use a new, empty database.",
        )
    if revision is not None and revision != head_revision():
        raise TransferError(
            "target_not_empty",
            f"The database at {target} was already set up by another version of Front "
            "Desk. Use a new, empty database.",
        )
    filled: list[str] = []
    for table in _tables():
        if table.name not in names:
            continue
        rows = _count(dst, table)
        if table.name == "users" and rows <= 1:
            continue  # the built-in desk user
        if rows and table.name not in SEEDED_TABLES - {"users"}:
            filled.append(f"{table.name} ({rows})")
    if filled:
        raise TransferError(
            "target_not_empty",
            f"The database at {target} already holds data: {', '.join(filled[:6])}. "
            "Nothing was copied; use a new, empty database so no branch's data is mixed "
            "with another's.",
        )


def _upgrade_in(dst: Connection, dst_url: str) -> None:
    cfg = alembic_config(make_url(dst_url).render_as_string(hide_password=True))
    cfg.attributes["connection"] = dst
    command.upgrade(cfg, "head")


def _move_sequences(dst: Connection) -> None:
    """Put each PostgreSQL id sequence past the highest copied id, so new rows continue."""
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer) or pk[0].name != "id":
            continue
        sequence = dst.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name})
        if sequence is None:
            continue
        highest = dst.scalar(select(func.max(pk[0])))
        if highest is None:
            dst.execute(text("SELECT setval(:s, 1, false)"), {"s": sequence})
        else:
            dst.execute(text("SELECT setval(:s, :v, true)"), {"s": sequence, "v": highest})


def _set_indexes_aside(dst: Connection) -> list[str]:
    """Drop the PostgreSQL indexes that back no constraint and return their definitions.

    Filling a table under a trigram (GIN) index costs far more than building the index
    once afterwards, as pg_restore does. Dropped and recreated inside the copy's
    transaction, so a failed move leaves them as they were.
    """
    rows = dst.execute(
        text(
            "SELECT i.schemaname, i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND NOT EXISTS ("
            " SELECT 1 FROM pg_constraint c JOIN pg_class x ON x.oid = c.conindid "
            " WHERE x.relname = i.indexname)"
        )
    ).all()
    for schema, name, _definition in rows:
        dst.execute(text(f'DROP INDEX "{schema}"."{name}"'))
    return [str(definition) for _schema, _name, definition in rows]


def copy_database(
    src_url: str,
    dst_url: str,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    dst_password: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> CopyReport:
    """Copy every row of the database at ``src_url`` into the empty one at ``dst_url``.

    ``progress`` is called (on the calling thread) after each batch; ``cancel`` is asked
    before each batch and stops the move when it returns True. ``dst_password`` is handed
    to the driver, never put in a URL. Raises TransferError (the target untouched) when
    the target is not empty, cannot be reached, a count differs, or the move is stopped.
    """
    source, target = where(src_url), where(dst_url)
    if make_url(src_url).render_as_string(False) == make_url(dst_url).render_as_string(False):
        raise TransferError("same_database", "The data is already in that database.")
    started = time.monotonic()
    src_engine = open_engine(src_url)
    dst_engine = open_engine(dst_url, password=dst_password, connect_timeout=CONNECT_TIMEOUT)
    stage = "source"
    current_table = ""
    try:
        with src_engine.connect() as src_raw:
            if MigrationContext.configure(src_raw).get_current_revision() != head_revision():
                raise TransferError(
                    "source_outdated",
                    f"This desk's database ({source}) is not at the current version; "
                    "open it once with this Front Desk (or run `frontdesk db upgrade`), "
                    "then move it.",
                )
        src_options = (
            {"isolation_level": "REPEATABLE READ"}
            if src_engine.dialect.name == "postgresql"
            else {}
        )
        src_conn = src_engine.connect().execution_options(**src_options)
        stage = "connect"
        with (
            src_conn as src,
            dst_engine.connect() as dst,
            src.begin(),
            dst.begin(),
        ):
            stage = "check"
            _check_target_empty(dst, target)
            stage = "upgrade"
            _upgrade_in(dst, dst_url)
            stage = "copy"
            tables = _tables()
            for table in reversed(tables):
                if table.name in SEEDED_TABLES:
                    dst.execute(table.delete())
            indexes = _set_indexes_aside(dst) if dst_engine.dialect.name == "postgresql" else []
            totals = {t.name: _count(src, t) for t in tables}
            total = sum(totals.values())
            done = 0
            copied: dict[str, int] = {}
            for table in tables:
                current_table = table.name
                table_done = 0
                if progress is not None:
                    progress(CopyProgress(table.name, 0, totals[table.name], done, total))
                order = list(table.primary_key.columns)
                result = src.execution_options(stream_results=True, yield_per=batch_size).execute(
                    select(table).order_by(*order)
                )
                for batch in result.partitions(batch_size):
                    if cancel is not None and cancel():
                        raise TransferError(
                            "cancelled",
                            f"The move was stopped; the database at {target} was left as it was.",
                        )
                    dst.execute(table.insert(), [dict(row._mapping) for row in batch])
                    table_done += len(batch)
                    done += len(batch)
                    if progress is not None:
                        progress(
                            CopyProgress(table.name, table_done, totals[table.name], done, total)
                        )
                copied[table.name] = table_done
            current_table = ""
            stage = "index"
            for definition in indexes:
                dst.execute(text(definition))
            stage = "verify"
            counts = [TableCount(t.name, totals[t.name], _count(dst, t)) for t in tables]
            wrong = [c for c in counts if not c.source == c.copied == copied[c.table]]
            if wrong:
                listed = ", ".join(f"{c.table} {c.copied} of {c.source}" for c in wrong[:5])
                raise TransferError(
                    "count_mismatch",
                    f"The copy did not match the original ({listed}); the database at "
                    f"{target} was rolled back and left as it was.",
                )
            if dst_engine.dialect.name == "postgresql":
                _move_sequences(dst)
            stage = "commit"
    except TransferError:
        raise
    except SQLAlchemyError as exc:
        if stage == "source":
            raise TransferError(
                "source_unavailable",
                f"This desk's database ({source}) could not be read: {_first_line(exc)}",
            ) from None
        if stage in ("connect", "check"):
            code, message = describe_failure(dst_url, exc)
            raise TransferError(code, message) from None
        log.warning(
            "copy to %s failed at %s %s: %s", target, stage, current_table, type(exc).__name__
        )
        what = f" while copying {current_table}" if current_table else f" ({stage})"
        raise TransferError(
            "copy_failed",
            f"The move failed{what}; the database at {target} was rolled back and left as "
            f"it was. The server said: {_first_line(exc)}",
        ) from None
    finally:
        src_engine.dispose()
        dst_engine.dispose()
    return CopyReport(
        source=source,
        target=target,
        revision=head_revision(),
        seconds=time.monotonic() - started,
        tables=counts,
    )


def _first_line(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0][:300] if lines else type(orig).__name__
