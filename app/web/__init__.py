"""The self-service web pages (issue 9): customers book, view, move and cancel their own
appointments in a browser.

:func:`create_app` builds the Flask application; the rest of the package is imported
lazily so that :mod:`app.web.links` and :mod:`app.web.language`, which the desk and the
e-mails use, never pull Flask into the desk's process.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from app.clock import Clock, system_clock

if TYPE_CHECKING:
    from flask import Flask


def create_app(
    sessions: sessionmaker[Session],
    clock: Clock = system_clock,
    config: Mapping[str, Any] | None = None,
) -> Flask:
    """The self-service pages as a WSGI application on the database of ``sessions``.

    ``clock`` gives "now" (tests pass a fixed one). ``config`` overrides Flask's and the
    pages' settings (app.web.factory.DEFAULT_CONFIG): e.g. ``FRONTDESK_POST_LIMIT``
    ("10 per minute"), ``FRONTDESK_TRUSTED_PROXIES`` (reverse proxies to trust),
    ``SECRET_KEY`` (else the key stored in the database, app.web.security).
    """
    from app.web.factory import build_app

    return build_app(sessions, clock, config)
