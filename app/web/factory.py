"""Building the Flask application of the self-service pages.

The database (a session factory) and the clock are passed in, never read from globals,
so the tests run the pages at any instant on SQLite and PostgreSQL, and ``frontdesk
serve`` runs them on the database the global ``--db`` chose. Each request gets its own
SQLAlchemy session for reading (closed when the request ends); every write runs in its
own transaction through app.booking.transactions.run_write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.middleware.proxy_fix import ProxyFix

from app.clock import Clock, system_clock
from app.web import security
from app.web.forms import MAX_CONTENT_LENGTH

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "web"

#: Defaults of the pages' own settings (override through ``create_app(config=...)``).
DEFAULT_CONFIG: dict[str, Any] = {
    "MAX_CONTENT_LENGTH": MAX_CONTENT_LENGTH,
    "MAX_FORM_MEMORY_SIZE": MAX_CONTENT_LENGTH,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "frontdesk",
    # A form stays valid for a day: a customer may leave the tab open over lunch.
    "WTF_CSRF_TIME_LIMIT": 24 * 3600,
    # The CSRF token is checked against the session; the Referer is never sent
    # (Referrer-Policy: no-referrer), so the strict HTTPS Referer check cannot apply.
    "WTF_CSRF_SSL_STRICT": False,
    #: Booking, moving and cancelling attempts per client address (Flask-Limiter syntax).
    "FRONTDESK_POST_LIMIT": "10 per minute",
    #: Reverse proxies in front of the server whose X-Forwarded-For/-Proto to trust.
    "FRONTDESK_TRUSTED_PROXIES": 0,
    #: Days shown per page of free times (a week), and the most a visitor may ask for.
    "FRONTDESK_DAYS_PER_PAGE": 7,
    "FRONTDESK_MAX_DAYS_PER_PAGE": 31,
}


@dataclass(frozen=True)
class WebState:
    """What every view needs from outside Flask."""

    sessions: sessionmaker[Session]
    clock: Clock


def state() -> WebState:
    found: WebState = current_app.extensions["frontdesk"]
    return found


def db() -> Session:
    """The request's reading session (created on first use, closed at the request's end)."""
    if "frontdesk_db" not in g:
        g.frontdesk_db = state().sessions()
    session: Session = g.frontdesk_db
    return session


def end_reading() -> None:
    """Close the request's reading transaction before a write, so that what the write
    checks is read fresh by the write's own transaction, not by an older snapshot."""
    session: Session | None = g.get("frontdesk_db")
    if session is not None:
        session.rollback()


def _close_db(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("frontdesk_db", None)
    if session is not None:
        session.close()


def _headers(response: Response) -> Response:
    for name, value in security.HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith("/m/"):
        response.headers["Cache-Control"] = "no-store"
    elif "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-cache"
    return response


def build_app(
    sessions: sessionmaker[Session],
    clock: Clock = system_clock,
    config: Mapping[str, Any] | None = None,
) -> Flask:
    """The pages' application; see :func:`app.web.create_app`."""
    app = Flask(
        "app.web",
        template_folder=str(RESOURCES / "templates"),
        static_folder=str(RESOURCES / "static"),
        static_url_path="/static",
    )
    app.config.update(DEFAULT_CONFIG)
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = security.secret_key(sessions)
    proxies = int(app.config["FRONTDESK_TRUSTED_PROXIES"])
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    app.extensions["frontdesk"] = WebState(sessions, clock)
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    CSRFProtect(app)
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri="memory://",
        headers_enabled=False,
        strategy="moving-window",
    )
    app.teardown_appcontext(_close_db)
    app.after_request(_headers)

    from app.web import views

    views.register(app, limiter)
    return app
