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
    """Forget the secret of ``ref``: a password, or the chunks of a token cache."""
    delete_secret(ref)
    try:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(KEYRING_SERVICE, ref)
    except keyring.errors.KeyringError as exc:
        raise SecretStoreError(
            f"The system keyring could not remove the calendar password ({type(exc).__name__})."
        ) from None


#: The Windows Credential Manager keeps at most 2,560 bytes per value; token caches are
#: larger, so longer secrets are stored as numbered chunks (``ref#0``, ``ref#1``...) with
#: their count under ``ref#count``. The count is never stored under ``ref`` itself: the
#: sync engine reads ``ref`` as a password and would scrub a bare number from messages.
CHUNK_CHARS = 1200  # UTF-16 in Credential Manager: 1,200 characters stay under 2,560 bytes


def _count_key(ref: str) -> str:
    return f"{ref}#count"


def set_secret(ref: str, text: str) -> None:
    """Store ``text`` under ``ref`` in as many keyring values as it needs.

    Chunks left over from a longer earlier value are removed, so a shrinking token cache
    does not leave stale pieces behind. Raises :class:`SecretStoreError`.
    """
    chunks = [text[i : i + CHUNK_CHARS] for i in range(0, len(text), CHUNK_CHARS)] or [""]
    old = _chunk_count(ref)
    try:
        for index, chunk in enumerate(chunks):
            keyring.set_password(KEYRING_SERVICE, f"{ref}#{index}", chunk)
        keyring.set_password(KEYRING_SERVICE, _count_key(ref), str(len(chunks)))
        for index in range(len(chunks), old):
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                keyring.delete_password(KEYRING_SERVICE, f"{ref}#{index}")
    except keyring.errors.KeyringError as exc:
        raise SecretStoreError(
            "The system keyring could not store the calendar sign-in "
            f"({type(exc).__name__}); unlock it or install a keyring service and try again."
        ) from None


def _chunk_count(ref: str) -> int:
    try:
        raw = keyring.get_password(KEYRING_SERVICE, _count_key(ref))
    except keyring.errors.KeyringError:
        return 0
    try:
        return max(0, int(raw)) if raw else 0
    except ValueError:
        return 0


def get_secret(ref: str) -> str | None:
    """The text stored by :func:`set_secret`, or None when absent, incomplete or unreadable."""
    count = _chunk_count(ref)
    if count == 0:
        return None
    parts: list[str] = []
    try:
        for index in range(count):
            part = keyring.get_password(KEYRING_SERVICE, f"{ref}#{index}")
            if part is None:
                log.warning("a calendar sign-in in the system keyring is incomplete")
                return None
            parts.append(part)
    except keyring.errors.KeyringError as exc:
        log.warning("the system keyring could not be read (%s)", type(exc).__name__)
        return None
    return "".join(parts)


def delete_secret(ref: str) -> None:
    """Remove every chunk of ``ref``; absent entries are not an error."""
    count = _chunk_count(ref)
    try:
        for key in [*(f"{ref}#{i}" for i in range(count)), _count_key(ref)]:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                keyring.delete_password(KEYRING_SERVICE, key)
    except keyring.errors.KeyringError as exc:
        raise SecretStoreError(
            f"The system keyring could not remove the calendar sign-in ({type(exc).__name__})."
        ) from None
