"""Calendar account secrets (passwords, token caches) in the OS keyring, never the database.

``CalendarAccount.keyring_ref`` names the keyring entry (service :data:`KEYRING_SERVICE`).
A locked or missing keyring reads as "no password" (the sync then reports a refused
sign-in in plain words) and refuses to store with :class:`SecretStoreError`.
"""

from __future__ import annotations

import contextlib
import logging
import uuid

import keyring
import keyring.errors

log = logging.getLogger(__name__)

KEYRING_SERVICE = "frontdesk-calendar"


class SecretStoreError(Exception):
    """The keyring refused to store or remove a secret; the message never holds it."""


def new_ref(provider: str, username: str | None) -> str:
    """A fresh keyring entry name for a new account (unique even for the same user)."""
    return f"{provider}:{username or ''}:{uuid.uuid4().hex[:12]}"


def get_password(ref: str) -> str | None:
    try:
        return keyring.get_password(KEYRING_SERVICE, ref)
    except keyring.errors.KeyringError as exc:
        log.warning("the system keyring could not be read (%s)", type(exc).__name__)
        return None


def set_password(ref: str, secret: str) -> None:
    try:
        keyring.set_password(KEYRING_SERVICE, ref, secret)
    except keyring.errors.KeyringError as exc:
        raise SecretStoreError(
            "The system keyring could not store the calendar password "
            f"({type(exc).__name__}); unlock it or install a keyring service and try again."
        ) from None


def delete_password(ref: str) -> None:
    try:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(KEYRING_SERVICE, ref)
    except keyring.errors.KeyringError as exc:
        raise SecretStoreError(
            f"The system keyring could not remove the calendar password ({type(exc).__name__})."
        ) from None
