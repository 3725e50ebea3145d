"""The pages on the Riverside branch, at Monday 23 November 2026 09:00 in Toronto.

Every test gets a fresh database (SQLite and PostgreSQL, from the ``sessions`` fixture),
the Riverside setup applied, and a Flask test client whose clock is fixed at MONDAY_9AM.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.test import TestResponse

from app.clock import fixed_clock
from app.web import create_app
from tests.support.riverside import MONDAY_9AM, apply_riverside, ids

NOW = MONDAY_9AM

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_SLOT = re.compile(r'<a class="slot" data-start="([^"]+)" href="([^"]+)"')
_BUTTON = re.compile(r'<button class="slot" type="submit" name="start" value="([^"]+)"')


def text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def csrf_of(response: TestResponse) -> str:
    found = _CSRF.search(text(response))
    assert found, "the page has no CSRF token"
    return found.group(1)


def slot_links(response: TestResponse) -> list[tuple[str, str]]:
    """(data-start, href) of every free time on a service page."""
    return [(start, html.unescape(href)) for start, href in _SLOT.findall(text(response))]


def slot_buttons(response: TestResponse) -> list[str]:
    return _BUTTON.findall(text(response))


def token_of(response: TestResponse) -> str:
    location = response.headers["Location"]
    assert location.startswith("/m/"), location
    return location.removeprefix("/m/")


@dataclass
class Web:
    """The pages under test with what the tests need around them."""

    app: Flask
    client: FlaskClient
    sessions: sessionmaker[Session]
    ids: dict[str, int]

    @property
    def branch(self) -> int:
        return self.ids["branch"]

    def service_url(self, name: str, **args: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in args.items())
        return f"/b/{self.branch}/services/{self.ids[name]}/" + (f"?{query}" if query else "")

    def book_url(self, name: str, start: str, agent: str = "") -> str:
        return f"/b/{self.branch}/services/{self.ids[name]}/book?start={start}&agent={agent}"

    def book(
        self,
        service: str,
        start: str,
        agent: str = "",
        client: FlaskClient | None = None,
        **fields: str,
    ) -> TestResponse:
        """Open the form for ``start`` and send it with ``fields`` (name, email...)."""
        client = client or self.client
        url = self.book_url(service, start, agent)
        form = client.get(url)
        assert form.status_code == 200, text(form)
        data = {"csrf_token": csrf_of(form), "start": start, "agent": agent}
        data.update({"name": "Dana Visitor", "email": "dana@example.com"} | fields)
        return client.post(url, data=data)


def make_web(sessions: sessionmaker[Session], **config: Any) -> Web:
    settings: dict[str, Any] = {"FRONTDESK_POST_LIMIT": "1000 per minute"} | config
    app = create_app(sessions, fixed_clock(NOW), settings)
    with sessions() as session:
        found = ids(session)
    return Web(app, app.test_client(), sessions, found)


@pytest.fixture
def riverside(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    apply_riverside(sessions)
    return sessions


@pytest.fixture
def web(riverside: sessionmaker[Session]) -> Web:
    return make_web(riverside)


@pytest.fixture
def web_factory(riverside: sessionmaker[Session]) -> Callable[..., Web]:
    def factory(**config: Any) -> Web:
        return make_web(riverside, **config)

    return factory
