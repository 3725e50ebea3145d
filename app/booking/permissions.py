"""Who is acting, and what they may do.

Permissions are checked here, in the booking layer, whatever a screen shows. With no
sign-in (the single-desk mode of the local database) the built-in ``desk`` user acts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.booking.errors import BookingError
from app.models import Role, User

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
    user = session.scalars(
        select(User)
        .where(User.username == username, User.active.is_(True))
        .options(selectinload(User.role).selectinload(Role.permissions))
    ).one_or_none()
    if user is None:
        raise BookingError("unknown_user", f"There is no active user named {username!r}.")
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role.key,
        permissions=frozenset(p.permission for p in user.role.permissions),
    )


#: Acts for the program itself (migrations, demo data, the sync worker's system changes).
SYSTEM = Actor(None, "system", "Front Desk", "system", frozenset(ALL_PERMISSIONS))
