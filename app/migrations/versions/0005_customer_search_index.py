"""A B-tree index on customers.search_text: the address book read in name order.

The search lists customers by ``search_text`` (the folded name first), fifty at a time.
Without an index in that order every search and the plain "everyone by name" list sort
all matching customers to keep fifty; with it, the database walks the index in order and
stops once it has them, which is what makes a one- or two-character search as fast as a
long one on 100,000 customers (see BENCHMARKS.md, "Customer search").

PostgreSQL: the index is in the "C" collation (byte order, as SQLite's BINARY), and the
queries that use it ask for that collation explicitly, so the order and the index agree
whatever the database's default collation is; ``id`` follows as the tie-breaker, which
makes it the exact order the search asks for. SQLite: the row id rides along in every
index already. The index lives only here, like the search indexes of revision 0002.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_customers_search_text"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'CREATE INDEX {INDEX} ON customers (search_text COLLATE "C", id)')
    else:
        op.execute(f"CREATE INDEX {INDEX} ON customers (search_text)")


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
