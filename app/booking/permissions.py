"""Who is acting, and what they may do.

Permissions are checked here, in the booking layer, whatever a screen shows. With no
sign-in (the single-desk mode of the local database) the built-in ``desk`` user acts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking.errors import BookingError
from app.models import Role, RolePermission, User

CREATE = "appointments.create"
EDIT = "appointments.edit"
ASSIGN = "appointments.assign"
DELETE = "appointments.delete"
APPROVE = "appointments.approve"
OVERRIDE = "appointments.override"
CUSTOMERS = "customers.edit"
ADMINISTER = "administer"

ALL_PERMISSIONS = (CREATE, EDIT, ASSIGN, DELETE, APPROVE, OVERRIDE, CUSTOMERS, ADMINISTER)
DESK_USERNAME = "desk"


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    display_name: str
    role: str
    permissions: frozenset[str]

    @property
    def label(self) -> str:
        return f"{self.display_name} ({self.username})"

    def may(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        if permission not in self.permissions:
            raise BookingError(
                "permission_denied",
                f"{self.display_name} ({self.role}) may not do this: it needs the "
                f"'{permission}' permission.",
            )


def load_actor(session: Session, username: str = DESK_USERNAME) -> Actor:
    """The active user ``username`` with the permissions of their role (one query)."""
    rows = session.execute(
        select(User.id, User.username, User.display_name, Role.key, RolePermission.permission)
        .join(Role, Role.id == User.role_id)
        .outerjoin(RolePermission, RolePermission.role_id == Role.id)
        .where(User.username == username, User.active.is_(True))
    ).all()
    if not rows:
        raise BookingError("unknown_user", f"There is no active user named {username!r}.")
    first = rows[0]
    return Actor(
        user_id=first.id,
        username=first.username,
        display_name=first.display_name,
        role=first.key,
        permissions=frozenset(r.permission for r in rows if r.permission is not None),
    )


#: Acts for the program itself (migrations, demo data, the sync worker's system changes).
SYSTEM = Actor(None, "system", "Front Desk", "system", frozenset(ALL_PERMISSIONS))

#: Acts for a customer on the self-service pages (app.web): may book (creating the
#: customer record) and move or cancel an appointment, nothing else; no assign, approve,
#: override or delete, so the services' rules always apply. The pages reach an existing
#: appointment only through its private link's token, so it edits only its own.
PUBLIC = Actor(
    None, "self-service", "Self-service page", "public", frozenset({CREATE, EDIT, CUSTOMERS})
)
