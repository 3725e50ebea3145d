"""The database's own guard against double booking, and the customer search index.

PostgreSQL: btree_gist and an exclusion constraint over (agent, blocked range) for
appointments in blocking statuses; pg_trgm and a trigram GIN index on customers.search_text.
SQLite: triggers that refuse an overlapping blocking appointment, and an FTS5 trigram
table mirrored from customers.search_text by triggers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The message SQLite's triggers raise; app.booking turns it into BookingError slot_taken.
SQLITE_OVERLAP_MESSAGE = "frontdesk_overlap"

_SQLITE_OVERLAP_CHECK = """
    NEW.blocking AND NEW.agent_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM appointments AS other
        WHERE other.agent_id = NEW.agent_id
          AND other.blocking
          AND other.id IS NOT NEW.id
          AND other.block_start < NEW.block_end
          AND other.block_end > NEW.block_start
    )
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "ALTER TABLE appointments ADD CONSTRAINT ex_appointments_no_overlap "
            "EXCLUDE USING gist (agent_id WITH =, "
            "tstzrange(block_start, block_end, '[)') WITH &&) "
            "WHERE (blocking AND agent_id IS NOT NULL)"
        )
        op.execute(
            "CREATE INDEX ix_customers_search_trgm ON customers "
            "USING gin (search_text gin_trgm_ops)"
        )
        return

    for event in ("INSERT", "UPDATE"):
        op.execute(
            f"CREATE TRIGGER appointments_no_overlap_{event.lower()} "
            f"BEFORE {event} ON appointments "
            f"WHEN {_SQLITE_OVERLAP_CHECK} "
            f"BEGIN SELECT RAISE(ABORT, '{SQLITE_OVERLAP_MESSAGE}'); END"
        )
    op.execute(
        "CREATE VIRTUAL TABLE customers_fts USING fts5("
        "search_text, content='customers', content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN "
        "INSERT INTO customers_fts(rowid, search_text) VALUES (NEW.id, NEW.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN "
        "INSERT INTO customers_fts(customers_fts, rowid, search_text) "
        "VALUES ('delete', OLD.id, OLD.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_text ON customers BEGIN "
        "INSERT INTO customers_fts(customers_fts, rowid, search_text) "
        "VALUES ('delete', OLD.id, OLD.search_text); "
        "INSERT INTO customers_fts(rowid, search_text) VALUES (NEW.id, NEW.search_text); END"
    )
    op.execute("INSERT INTO customers_fts(customers_fts) VALUES ('rebuild')")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_customers_search_trgm")
        op.execute("ALTER TABLE appointments DROP CONSTRAINT IF EXISTS ex_appointments_no_overlap")
        return
    for name in ("customers_fts_update", "customers_fts_delete", "customers_fts_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS customers_fts")
    for event in ("insert", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS appointments_no_overlap_{event}")
