"""Desk users, their roles, the role permission table, and signing in.

Every change here needs the "administer" permission (a user may change their own
password), is written to the audit trail, and never lets the desk lose its last
administrator: otherwise nobody could ever change users or settings again. Passwords are
hashed with argon2 (argon2-cffi); neither a password nor its hash appears in an audit
row, a log line or an error message. Signing in says only that the user name or password
was wrong, never which, so the message does not reveal who has an account.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from app.booking import audit
from app.booking.errors import BookingError, NotFound
from app.booking.permissions import (
    ADMINISTER,
    ALL_PERMISSIONS,
    DESK_USERNAME,
    Actor,
    load_actor,
)
from app.models import Agent, Role, RolePermission, User

log = logging.getLogger(__name__)

#: The built-in roles, from the most to the least powerful.
ROLE_KEYS = ("administrator", "manager", "booking_manager", "agent", "receptionist")
ADMINISTRATOR = "administrator"
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
USERNAME_MAX = 100
DISPLAY_NAME_MAX = 200

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so a wrong name costs as long as a
    wrong password and the time taken does not tell which one was wrong. Made on first
    use: hashing takes a quarter second that no other command should pay at start (the
    first unknown name after start costs that once more; later ones do not)."""
    return _hasher.hash("front desk: no such user")


@dataclass(frozen=True)
class UserInfo:
    """One user as screens and the CLI show it (never the password hash)."""

    id: int
    username: str
    display_name: str
    role: str
    role_name: str
    agent_id: int | None
    agent: str | None
    active: bool
    can_sign_in: bool
    last_sign_in_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "role_name": self.role_name,
            "agent": self.agent,
            "active": self.active,
            "can_sign_in": self.can_sign_in,
            "last_sign_in_at": (
                None if self.last_sign_in_at is None else self.last_sign_in_at.isoformat()
            ),
        }


@dataclass(frozen=True)
class RoleInfo:
    """A role and the permissions it grants, in the order of ALL_PERMISSIONS."""

    key: str
    name: str
    permissions: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "permissions": list(self.permissions)}


# -- reading -----------------------------------------------------------------------------


def _infos(session: Session, users: Iterable[User]) -> list[UserInfo]:
    """Users as UserInfo, with their agents' names read in one query."""
    users = list(users)
    agent_ids = {u.agent_id for u in users if u.agent_id is not None}
    names: dict[int, str] = {}
    if agent_ids:
        rows = session.execute(select(Agent.id, Agent.name).where(Agent.id.in_(agent_ids)))
        names = {row.id: row.name for row in rows}
    return [
        UserInfo(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=user.role.key,
            role_name=user.role.name,
            agent_id=user.agent_id,
            agent=None if user.agent_id is None else names.get(user.agent_id),
            active=user.active,
            can_sign_in=user.password_hash is not None,
            last_sign_in_at=user.last_sign_in_at,
        )
        for user in users
    ]


def list_users(session: Session, actor: Actor, *, include_inactive: bool = False) -> list[UserInfo]:
    """Every user by user name; removed (inactive) ones only when asked."""
    actor.require(ADMINISTER)
    query = select(User).options(joinedload(User.role)).order_by(User.username)
    if not include_inactive:
        query = query.where(User.active.is_(True))
    return _infos(session, session.scalars(query))


def get_user(session: Session, actor: Actor, username: str) -> UserInfo:
    actor.require(ADMINISTER)
    return _infos(session, [_user(session, username)])[0]


def list_roles(session: Session) -> list[RoleInfo]:
    """The roles with their permissions: the permission table (readable by anyone, so a
    screen can say why a button is off)."""
    roles = session.scalars(select(Role).options(joinedload(Role.permissions))).unique().all()
    order = {key: i for i, key in enumerate(ROLE_KEYS)}
    out = [_role_info(r) for r in roles]
    return sorted(out, key=lambda r: (order.get(r.key, len(order)), r.key))


def _role_info(role: Role) -> RoleInfo:
    granted = {p.permission for p in role.permissions}
    known = [p for p in ALL_PERMISSIONS if p in granted]
    extra = sorted(granted - set(ALL_PERMISSIONS))
    return RoleInfo(role.key, role.name, tuple(known + extra))


# -- changing users ----------------------------------------------------------------------


def add_user(
    session: Session,
    actor: Actor,
    now: datetime,
    *,
    username: str,
    display_name: str,
    role: str,
    password: str | None = None,
    agent_id: int | None = None,
) -> UserInfo:
    """Create a user. Without a password the account exists but cannot sign in (it can
    still act through ``--as`` on the command line, like the single-desk user).

    Refusals: ``invalid_username``, ``username_taken``, ``invalid_name``,
    ``unknown_role``, ``weak_password``, ``not_found`` (the agent). Does not commit.
    """
    actor.require(ADMINISTER)
    username = _check_username(username)
    display_name = _check_display_name(display_name)
    role_row = _role(session, role)
    taken = session.scalar(select(func.count()).select_from(User).where(User.username == username))
    if taken:
        raise BookingError(
            "username_taken",
            f"The user name {username!r} is already in use (perhaps by a removed user); "
            "choose another.",
        )
    if agent_id is not None and session.get(Agent, agent_id) is None:
        raise NotFound("agent", agent_id)
    password_hash = None if password is None else _hash(password)
    user = User(
        username=username,
        display_name=display_name,
        password_hash=password_hash,
        role_id=role_row.id,
        agent_id=agent_id,
        active=True,
        created_at=now,
        updated_at=now,
    )
    user.role = role_row
    session.add(user)
    session.flush()
    info = _infos(session, [user])[0]
    audit.record(session, actor, now, "user.add", "user", user.id, None, _audit_view(info))
    return info


def find_agent(session: Session, name: str) -> int:
    """The id of the agent called ``name`` (case-insensitive), for linking a user to it."""
    rows = session.execute(
        select(Agent.id).where(func.lower(Agent.name) == name.strip().lower())
    ).all()
    if not rows:
        raise BookingError("not_found", f"No agent is called {name!r}.")
    if len(rows) > 1:
        raise BookingError("ambiguous_agent", f"More than one branch has an agent called {name!r}.")
    return int(rows[0][0])


def set_role(session: Session, actor: Actor, username: str, role: str, now: datetime) -> UserInfo:
    """Give ``username`` another role; refused (``last_administrator``) when that would
    leave no active administrator. Does not commit."""
    actor.require(ADMINISTER)
    user = _user(session, username)
    role_row = _role(session, role)
    before = _infos(session, [user])[0]
    if role_row.id == user.role_id:
        return before
    losing_admin = _grants_administer(session, user.role_id) and not _grants_administer(
        session, role_row.id
    )
    if user.active and losing_admin:
        _keep_an_administrator(session, excluding=user.id)
    user.role_id = role_row.id
    user.role = role_row
    user.updated_at = now
    session.flush()
    after = _infos(session, [user])[0]
    audit.record(
        session, actor, now, "user.role", "user", user.id, _audit_view(before), _audit_view(after)
    )
    return after


def set_password(
    session: Session, actor: Actor, username: str, password: str | None, now: datetime
) -> None:
    """Set or clear (``None``: no sign-in) a user's password. Administrators may do it for
    anyone; a user may change their own. The audit row says only that it changed."""
    if actor.username != username:
        actor.require(ADMINISTER)
    user = _user(session, username)
    had = user.password_hash is not None
    user.password_hash = None if password is None else _hash(password)
    user.updated_at = now
    session.flush()
    audit.record(
        session,
        actor,
        now,
        "user.password",
        "user",
        user.id,
        {"can_sign_in": had},
        {"can_sign_in": password is not None, "password_changed": True},
    )


def remove_user(session: Session, actor: Actor, username: str, now: datetime) -> UserInfo:
    """Remove a user from the desk. The row stays, inactive, so the audit trail and the
    appointments they made still name them; they can no longer sign in or act. Refused
    (``last_administrator``) for the last active administrator. Does not commit."""
    actor.require(ADMINISTER)
    user = _user(session, username)
    if not user.active:
        raise BookingError("already_removed", f"{user.display_name} was already removed.")
    if _grants_administer(session, user.role_id):
        _keep_an_administrator(session, excluding=user.id)
    before = _infos(session, [user])[0]
    user.active = False
    user.updated_at = now
    session.flush()
    after = _infos(session, [user])[0]
    audit.record(
        session, actor, now, "user.remove", "user", user.id, _audit_view(before), _audit_view(after)
    )
    return after


# -- the permission table ----------------------------------------------------------------


def change_role_permissions(
    session: Session,
    actor: Actor,
    role: str,
    now: datetime,
    *,
    grant: Iterable[str] = (),
    revoke: Iterable[str] = (),
) -> RoleInfo:
    """Grant and revoke permissions of one role. The administrator role always keeps
    "administer" (``administrator_keeps_administer``), and no change may leave the desk
    without an active user who can administer (``last_administrator``). Refusals also:
    ``unknown_permission``, ``unknown_role``, ``grant_and_revoke``. Does not commit."""
    actor.require(ADMINISTER)
    grant_set = {_check_permission(p) for p in grant}
    revoke_set = {_check_permission(p) for p in revoke}
    both = grant_set & revoke_set
    if both:
        raise BookingError(
            "grant_and_revoke",
            f"Cannot both grant and revoke {', '.join(sorted(both))}.",
        )
    role_row = _role(session, role)
    before = _role_info(role_row)
    if ADMINISTER in revoke_set and ADMINISTER in before.permissions:
        if role_row.key == ADMINISTRATOR:
            raise BookingError(
                "administrator_keeps_administer",
                "The administrator role always keeps the 'administer' permission.",
            )
        _keep_an_administrator(session, excluding_role=role_row.id)
    current = {p.permission for p in role_row.permissions}
    for p in sorted(grant_set - current):
        role_row.permissions.append(RolePermission(permission=p))
    for row in [r for r in role_row.permissions if r.permission in revoke_set]:
        role_row.permissions.remove(row)
    session.flush()
    after = _role_info(role_row)
    if after != before:
        audit.record(
            session,
            actor,
            now,
            "role.permissions",
            "role",
            role_row.id,
            {"role": before.key, "permissions": list(before.permissions)},
            {"role": after.key, "permissions": list(after.permissions)},
        )
    return after


# -- signing in --------------------------------------------------------------------------


def sign_in(session: Session, username: str, password: str, now: datetime) -> Actor:
    """The acting user for ``username`` if ``password`` is theirs.

    Any failure (unknown or removed user, account without password, wrong password)
    raises the same ``sign_in_failed``. A hash made with older argon2 parameters is
    replaced on success. Records the sign-in in the audit trail. Does not commit.
    """
    user = session.scalars(
        select(User).where(User.username == username.strip(), User.active.is_(True))
    ).one_or_none()
    stored = user.password_hash if user is not None else None
    try:
        _hasher.verify(stored or _dummy_hash(), password)
        ok = stored is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None or stored is None:
        log.info("sign-in refused for a user name of %d characters", len(username))
        raise _sign_in_failed()
    if _hasher.check_needs_rehash(stored):
        user.password_hash = _hasher.hash(password)
    user.last_sign_in_at = now
    session.flush()
    actor = load_actor(session, user.username)
    audit.record(session, actor, now, "user.sign_in", "user", user.id)
    return actor


#: Failed tries in a row that a sign-in screen accepts without waiting; then it waits
#: one second, and twice as long after each further failure, up to SIGN_IN_MAX_WAIT.
SIGN_IN_FREE_TRIES = 3
SIGN_IN_MAX_WAIT = 30.0


def sign_in_wait(failures: int) -> float:
    """Seconds a sign-in screen makes the person wait after ``failures`` failed tries in a
    row before it accepts another. A typing slip costs nothing; guessing a colleague's
    password from the desk becomes slow. The count belongs to the screen (a fresh sign-in
    resets it), so it slows guessing at one desk, not a determined attacker elsewhere."""
    if failures < SIGN_IN_FREE_TRIES:
        return 0.0
    return min(SIGN_IN_MAX_WAIT, 2.0 ** (failures - SIGN_IN_FREE_TRIES))


def _sign_in_failed() -> BookingError:
    return BookingError(
        "sign_in_failed", "The user name or the password is not right. Please try again."
    )


# -- helpers -----------------------------------------------------------------------------


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BookingError(
            "weak_password", f"A password needs at least {MIN_PASSWORD_LENGTH} characters."
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise BookingError(
            "weak_password", f"A password may have at most {MAX_PASSWORD_LENGTH} characters."
        )
    if not password.strip():
        raise BookingError("weak_password", "A password cannot be only spaces.")
    return _hasher.hash(password)


def _check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > USERNAME_MAX or any(c.isspace() for c in name):
        raise BookingError(
            "invalid_username",
            f"A user name is one word of 1 to {USERNAME_MAX} characters, without spaces.",
        )
    return name


def _check_display_name(display_name: str) -> str:
    name = " ".join(display_name.split())
    if not name or len(name) > DISPLAY_NAME_MAX:
        raise BookingError(
            "invalid_name", f"Give the person's name (1 to {DISPLAY_NAME_MAX} characters)."
        )
    return name


def _check_permission(permission: str) -> str:
    if permission not in ALL_PERMISSIONS:
        raise BookingError(
            "unknown_permission",
            f"There is no permission {permission!r}; the permissions are "
            f"{', '.join(ALL_PERMISSIONS)}.",
        )
    return permission


def _user(session: Session, username: str) -> User:
    user = session.scalars(
        select(User).options(joinedload(User.role)).where(User.username == username.strip())
    ).one_or_none()
    if user is None:
        raise BookingError("not_found", f"There is no user named {username!r}.")
    return user


def _role(session: Session, key: str) -> Role:
    role = (
        session.scalars(
            select(Role).options(joinedload(Role.permissions)).where(Role.key == key.strip())
        )
        .unique()
        .one_or_none()
    )
    if role is None:
        keys = ", ".join(session.scalars(select(Role.key).order_by(Role.id)))
        raise BookingError("unknown_role", f"There is no role {key!r}; the roles are {keys}.")
    return role


def _grants_administer(session: Session, role_id: int) -> bool:
    return bool(
        session.scalar(
            select(func.count())
            .select_from(RolePermission)
            .where(RolePermission.role_id == role_id, RolePermission.permission == ADMINISTER)
        )
    )


def _keep_an_administrator(
    session: Session, *, excluding: int | None = None, excluding_role: int | None = None
) -> None:
    """Refuse when no other active user could administer after the change.

    The remaining administrators' rows are locked (PostgreSQL) so that two desks removing
    two different administrators at once cannot both succeed; SQLite serialises writers.
    """
    query = (
        select(User.id)
        .join(RolePermission, RolePermission.role_id == User.role_id)
        .where(User.active.is_(True), RolePermission.permission == ADMINISTER)
        .with_for_update(of=User)
    )
    if excluding is not None:
        query = query.where(User.id != excluding)
    if excluding_role is not None:
        query = query.where(User.role_id != excluding_role)
    if not session.execute(query).first():
        raise BookingError(
            "last_administrator",
            "This would leave nobody who can administer the desk. "
            "Make another user an administrator first.",
        )


def _audit_view(info: UserInfo) -> dict[str, Any]:
    """What the audit trail keeps of a user: never a password or its hash."""
    return {
        "username": info.username,
        "display_name": info.display_name,
        "role": info.role,
        "agent_id": info.agent_id,
        "active": info.active,
        "can_sign_in": info.can_sign_in,
    }


__all__ = [
    "ADMINISTRATOR",
    "DESK_USERNAME",
    "ROLE_KEYS",
    "RoleInfo",
    "UserInfo",
    "add_user",
    "change_role_permissions",
    "find_agent",
    "get_user",
    "list_roles",
    "list_users",
    "remove_user",
    "set_password",
    "set_role",
    "sign_in",
    "sign_in_wait",
]
