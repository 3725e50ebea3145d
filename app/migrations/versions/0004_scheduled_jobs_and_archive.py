"""Scheduled jobs: each job's last run and next run beside its lease, APScheduler's job
store, and the archive mark the nightly clean-up sets on old appointments.

On SQLite the new appointment column is dropped with a plain ``ALTER TABLE ... DROP
COLUMN`` rather than a batch copy: copying the table would lose the overlap triggers of
revision 0002.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEASE_COLUMNS = (
    ("schedule", sa.String(length=200)),
    ("last_started_at", sa.DateTime(timezone=True)),
    ("last_finished_at", sa.DateTime(timezone=True)),
    ("last_ok", sa.Boolean()),
    ("last_result", sa.Text()),
    ("next_run_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    op.add_column("appointments", sa.Column("archived_at", sa.DateTime(timezone=True)))
    for name, type_ in LEASE_COLUMNS:
        op.add_column("job_leases", sa.Column(name, type_))
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(length=191), nullable=False),
        sa.Column("next_run_time", sa.Float(precision=25), nullable=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apscheduler_jobs")),
    )
    op.create_index(
        op.f("ix_apscheduler_jobs_next_run_time"), "apscheduler_jobs", ["next_run_time"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_apscheduler_jobs_next_run_time"), table_name="apscheduler_jobs")
    op.drop_table("apscheduler_jobs")
    bind = op.get_bind()
    columns = [("job_leases", name) for name, _ in reversed(LEASE_COLUMNS)]
    columns.append(("appointments", "archived_at"))
    for table, column in columns:
        if bind.dialect.name == "sqlite":
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            op.drop_column(table, column)
