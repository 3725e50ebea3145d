"""A branch's mail settings, and its SMTP password in the OS keyring.

Everything but the password is an ordinary setting (``mail.host``, ``mail.port``...; see
app.booking.settings). The password is stored only in the keyring under the service name
``frontdesk-smtp`` and the user name ``branch:<id>``: never in the database, a log line or
an error message.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import keyring
import keyring.errors
from sqlalchemy.orm import Session

from app.booking import settings
from app.booking.errors import BookingError
from app.booking.permissions import ADMINISTER, Actor
from app.models import Branch

KEYRING_SERVICE = "frontdesk-smtp"


@dataclass(frozen=True)
class MailSettings:
    branch_id: int
    branch_name: str
    host: str | None
    port: int
    security: str
    user: str | None
    from_address: str | None
    from_name: str
    #: PEM file of the authority that signed the server's certificate; None: the system's.
    ca_file: str | None = None

    @property
    def enabled(self) -> bool:
        """Mail is sent only once a server and a sender address are set."""
        return bool(self.host and self.from_address)

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def load(session: Session, branch_id: int) -> MailSettings:
    branch = session.get(Branch, branch_id)
    name = branch.name if branch else f"branch {branch_id}"
    values = settings.get_many(session, list(settings.MAIL_KEYS), branch_id)
    return MailSettings(
        branch_id=branch_id,
        branch_name=name,
        host=values[settings.MAIL_HOST],
        port=int(values[settings.MAIL_PORT]),
        security=values[settings.MAIL_SECURITY],
        user=values[settings.MAIL_USER],
        from_address=values[settings.MAIL_FROM_ADDRESS],
        from_name=values[settings.MAIL_FROM_NAME] or name,
        ca_file=values[settings.MAIL_CA_FILE],
    )


def keyring_user(branch_id: int) -> str:
    return f"branch:{branch_id}"


def get_password(branch_id: int) -> str | None:
    """The branch's SMTP password, or None when none is stored or the keyring is locked."""
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_user(branch_id))
    except keyring.errors.KeyringError:
        return None


def set_password(session: Session, actor: Actor, branch_id: int, password: str) -> None:
    """Store (or, with an empty password, remove) the branch's SMTP password in the keyring.

    Needs the administer permission. Raises ``BookingError("keyring_unavailable")`` with
    the keyring's complaint, which never contains the password itself.
    """
    actor.require(ADMINISTER)
    if session.get(Branch, branch_id) is None:
        raise BookingError("not_found", f"No branch matches {branch_id}.")
    try:
        if password:
            keyring.set_password(KEYRING_SERVICE, keyring_user(branch_id), password)
        else:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                keyring.delete_password(KEYRING_SERVICE, keyring_user(branch_id))
    except keyring.errors.KeyringError as exc:
        raise BookingError(
            "keyring_unavailable",
            "The system keyring could not store the mail password "
            f"({type(exc).__name__}); unlock it or install a keyring service and try again.",
        ) from None
