"""The seven built-in statuses, the five roles with their default permissions, and the
single-desk user that acts when nobody signs in.

The values are written out here (not imported) so that this revision never changes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = [
    # key, name, description, position, predicate, color, blocks_time
    ("pending", "Pending", "Requested; needs a manager's approval.", 1, "start", "#f9a825", True),
    ("confirming", "Confirming", "Being processed by the branch.", 2, None, "#fb8c00", True),
    ("confirmed", "Confirmed", "Booked and confirmed.", 3, "confirmation", "#2e7d32", True),
    ("waiting", "Waiting", "Waiting for payment or documents.", 4, None, "#6d4c41", True),
    (
        "cancelled",
        "Cancelled",
        "Cancelled; the time is free again.",
        5,
        "cancellation",
        "#9e9e9e",
        False,
    ),
    ("noshow", "No-show", "The customer did not come.", 6, None, "#c62828", False),
    ("completed", "Completed", "The appointment took place.", 7, None, "#546e7a", True),
]

ALL = [
    "appointments.create",
    "appointments.edit",
    "appointments.assign",
    "appointments.delete",
    "appointments.approve",
    "appointments.override",
    "customers.edit",
    "administer",
]
ROLES = [
    ("administrator", "Administrator", ALL),
    ("manager", "Manager", [p for p in ALL if p != "administer"]),
    (
        "booking_manager",
        "Booking manager",
        [
            "appointments.create",
            "appointments.edit",
            "appointments.assign",
            "appointments.approve",
            "customers.edit",
        ],
    ),
    ("agent", "Agent", ["appointments.create", "appointments.edit", "customers.edit"]),
    (
        "receptionist",
        "Receptionist",
        ["appointments.create", "appointments.edit", "appointments.assign", "customers.edit"],
    ),
]

statuses = sa.table(
    "statuses",
    sa.column("key", sa.String),
    sa.column("name", sa.String),
    sa.column("description", sa.Text),
    sa.column("position", sa.Integer),
    sa.column("predicate", sa.String),
    sa.column("color", sa.String),
    sa.column("blocks_time", sa.Boolean),
    sa.column("builtin", sa.Boolean),
    sa.column("all_services", sa.Boolean),
)
roles = sa.table(
    "roles", sa.column("id", sa.Integer), sa.column("key", sa.String), sa.column("name", sa.String)
)
role_permissions = sa.table(
    "role_permissions", sa.column("role_id", sa.Integer), sa.column("permission", sa.String)
)
users = sa.table(
    "users",
    sa.column("username", sa.String),
    sa.column("display_name", sa.String),
    sa.column("password_hash", sa.String),
    sa.column("role_id", sa.Integer),
    sa.column("active", sa.Boolean),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    op.bulk_insert(
        statuses,
        [
            {
                "key": key,
                "name": name,
                "description": description,
                "position": position,
                "predicate": predicate,
                "color": color,
                "blocks_time": blocks,
                "builtin": True,
                "all_services": True,
            }
            for key, name, description, position, predicate, color, blocks in STATUSES
        ],
    )
    bind = op.get_bind()
    for key, name, permissions in ROLES:
        role_id = bind.execute(
            sa.insert(roles).values(key=key, name=name).returning(roles.c.id)
        ).scalar_one()
        op.bulk_insert(
            role_permissions, [{"role_id": role_id, "permission": p} for p in permissions]
        )
        if key == "administrator":
            now = datetime.now(UTC)
            if bind.dialect.name == "sqlite":
                now = now.replace(tzinfo=None)
            bind.execute(
                sa.insert(users).values(
                    username="desk",
                    display_name="Front desk",
                    password_hash=None,
                    role_id=role_id,
                    active=True,
                    created_at=now,
                    updated_at=now,
                )
            )


def downgrade() -> None:
    op.execute("DELETE FROM users WHERE username = 'desk'")
    op.execute("DELETE FROM role_permissions")
    op.execute("DELETE FROM roles")
    op.execute("DELETE FROM statuses WHERE builtin")
