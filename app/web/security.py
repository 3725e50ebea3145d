"""The pages' defences that are not Flask extensions: the signing key and the headers.

The signing key
    Flask signs its session cookie, which carries the CSRF token of Flask-WTF, with
    ``SECRET_KEY``. That key is not a user's secret (it protects no account and opens no
    data; whoever can read the database already holds everything the pages show), but it
    must be the same in every thread and process serving one database, and survive a
    restart, or a form opened before a restart would be refused. So it is generated once
    (``secrets.token_hex(32)``) and kept in the database itself, in the ``settings`` table
    under the scope ``"internal"`` that no listing, setup file or settings screen shows.
    Two servers starting at once both try to insert it; the table's unique (scope, key)
    lets only one win and the other reads the winner's key. An operator who prefers to
    keep it elsewhere passes ``FRONTDESK_WEB_SECRET`` in the environment instead.

The headers
    Every response says: load nothing but our own files and run no script
    (Content-Security-Policy), never be framed (frame-ancestors and X-Frame-Options),
    do not guess content types, and send no Referer, because the private pages carry
    their token in the address. The private pages are also never cached.
"""

from __future__ import annotations

import os
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.models import Setting

#: Where the key lives: a scope the settings module never reads or lists.
SECRET_SCOPE = "internal"
SECRET_KEY_NAME = "web.secret_key"
#: Environment variable that replaces the stored key.
SECRET_ENV = "FRONTDESK_WEB_SECRET"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'; img-src 'self'; style-src 'self'"
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def secret_key(sessions: sessionmaker[Session]) -> str:
    """The key that signs the pages' cookies: the environment's, else the database's,
    made and stored on first use (see the module's docstring)."""
    from_env = os.environ.get(SECRET_ENV, "").strip()
    if from_env:
        return from_env
    with sessions() as session:
        stored = _stored(session)
        if stored:
            return stored
        session.add(Setting(scope=SECRET_SCOPE, key=SECRET_KEY_NAME, value=secrets.token_hex(32)))
        try:
            session.commit()
        except IntegrityError:  # another server stored one first: use that one
            session.rollback()
        stored = _stored(session)
    if not stored:  # pragma: no cover - the insert above or the other server's must be there
        raise RuntimeError("the web pages' signing key could not be stored")
    return stored


def _stored(session: Session) -> str | None:
    value = session.scalar(
        select(Setting.value).where(Setting.scope == SECRET_SCOPE, Setting.key == SECRET_KEY_NAME)
    )
    return str(value) if value else None
