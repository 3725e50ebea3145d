"""What the pages refuse: forged or missing CSRF tokens, unknown private links, too many
attempts; and the headers every response carries. Also the signing key's home."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.clock import fixed_clock
from app.models import Appointment, Customer, Setting
from app.web import create_app, security
from tests.web.conftest import NOW, Web, csrf_of, text, token_of


def _count(web: Web) -> tuple[int, int]:
    with web.sessions() as session:
        return (
            session.scalar(select(func.count()).select_from(Appointment)) or 0,
            session.scalar(select(func.count()).select_from(Customer)) or 0,
        )


def _booking_data(start: str, token: str | None) -> dict[str, str]:
    data = {"start": start, "agent": "", "name": "Mallory", "email": "m@example.com"}
    if token is not None:
        data["csrf_token"] = token
    return data


def test_a_post_without_or_with_a_wrong_csrf_token_is_400_and_writes_nothing(web: Web) -> None:
    before = _count(web)
    url = web.book_url("Account opening", "2026-11-24T10:00")
    web.client.get(url)  # the visitor has a session cookie, but the form is forged
    for token in (None, "", "forged-token", "IjAwMDAi.aaaa.bbbb"):
        response = web.client.post(url, data=_booking_data("2026-11-24T10:00", token))
        assert response.status_code == 400, token
        assert 'id="bad-request"' in text(response)
    assert _count(web) == before


def test_a_token_from_another_visitor_is_refused(web: Web) -> None:
    url = web.book_url("Account opening", "2026-11-24T10:00")
    other = web.app.test_client()
    stolen = csrf_of(other.get(url))
    web.client.get(url)
    response = web.client.post(url, data=_booking_data("2026-11-24T10:00", stolen))
    assert response.status_code == 400


def test_reschedule_and_cancel_need_the_csrf_token_too(web: Web) -> None:
    token = token_of(web.book("Account opening", "2026-11-24T10:00"))
    moved = web.client.post(f"/m/{token}/reschedule", data={"start": "2026-11-25T10:00"})
    cancelled = web.client.post(f"/m/{token}/cancel", data={})
    assert moved.status_code == cancelled.status_code == 400
    assert 'data-status="confirmed"' in text(web.client.get(f"/m/{token}"))


def test_an_unknown_private_link_is_the_ordinary_404_page(web: Web) -> None:
    ordinary = web.client.get("/no-such-page")
    for path in ("/m/not-a-token", "/m/" + "x" * 32, "/m/" + "x" * 200, "/m/x/reschedule"):
        response = web.client.get(path)
        assert response.status_code == 404, path
        assert text(response).replace(path, "") == text(ordinary).replace("/no-such-page", "")


def test_appointment_ids_do_not_open_private_pages(web: Web) -> None:
    web.book("Account opening", "2026-11-24T10:00")
    with web.sessions() as session:
        appt_id = session.scalars(select(Appointment.id)).one()
    assert web.client.get(f"/m/{appt_id}").status_code == 404


def test_a_private_page_shows_nothing_of_the_customer(web: Web) -> None:
    token = token_of(
        web.book("Account opening", "2026-11-24T10:00", phone="+1 416 555 0142", name="Zoë Q")
    )
    page = text(web.client.get(f"/m/{token}"))
    for secret in ("Zoë", "dana@example.com", "555", "0142"):
        assert secret not in page


def test_booking_attempts_are_limited_per_client_address(
    web_factory: Callable[..., Web],
) -> None:
    web = web_factory(FRONTDESK_POST_LIMIT="2 per minute")
    url = web.book_url("Account opening", "2026-11-24T10:00")
    token = csrf_of(web.client.get(url))
    statuses = [
        web.client.post(
            url, data=_booking_data("2026-11-24T10:00", token) | {"name": ""}
        ).status_code
        for _ in range(2)
    ]
    assert statuses == [422, 422]
    limited = web.client.post(url, data=_booking_data("2026-11-24T10:00", token))
    assert limited.status_code == 429
    assert 'id="rate-limited"' in text(limited)
    assert limited.headers["Content-Security-Policy"] == security.CONTENT_SECURITY_POLICY
    # The limit is shared by moving and cancelling, and counts POSTs only.
    assert web.client.post("/m/whatever/cancel", data={"csrf_token": token}).status_code == 429
    assert web.client.get(url).status_code == 200
    # Another address has its own count.
    other = web.client.post(
        url,
        data=_booking_data("2026-11-24T10:00", token),
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert other.status_code == 303


def test_security_headers_on_every_response(web: Web) -> None:
    token = token_of(web.book("Account opening", "2026-11-24T10:00"))
    for path in (f"/b/{web.branch}/", "/nothing", f"/m/{token}", "/static/pages.css"):
        response = web.client.get(path)
        assert response.headers["Content-Security-Policy"] == security.CONTENT_SECURITY_POLICY
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert "script-src 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["X-Frame-Options"] == "DENY"
        response.close()  # the style sheet is streamed from its file
    for path in (f"/m/{token}", f"/m/{token}/reschedule", f"/m/{token}/cancel", "/m/unknown"):
        assert web.client.get(path).headers["Cache-Control"] == "no-store", path
    page = text(web.client.get(f"/b/{web.branch}/"))
    assert "<script" not in page
    assert "style=" not in page


def test_the_session_cookie_is_http_only_and_same_site(web: Web) -> None:
    response = web.client.get(web.book_url("Account opening", "2026-11-24T10:00"))
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_the_signing_key_is_made_once_and_kept_in_the_database(
    riverside: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(security.SECRET_ENV, raising=False)
    first = create_app(riverside, fixed_clock(NOW)).config["SECRET_KEY"]
    second = create_app(riverside, fixed_clock(NOW)).config["SECRET_KEY"]
    assert first == second
    assert len(first) == 64
    with riverside() as session:
        rows = session.scalars(select(Setting).where(Setting.scope == "internal")).all()
        assert [(r.key, r.value) for r in rows] == [("web.secret_key", first)]
    # A form opened before a restart is still accepted after it.
    before = create_app(riverside, fixed_clock(NOW)).test_client()
    url = "/b/1/services/2/book?start=2026-11-24T10:00&agent="
    token = csrf_of(before.get(url))
    after = create_app(riverside, fixed_clock(NOW)).test_client()
    cookie = before.get_cookie("frontdesk")
    assert cookie is not None
    after.set_cookie("frontdesk", cookie.value)
    response = after.post(url, data=_booking_data("2026-11-24T10:00", token))
    assert response.status_code == 303
    monkeypatch.setenv(security.SECRET_ENV, "from-the-environment")
    assert create_app(riverside, fixed_clock(NOW)).config["SECRET_KEY"] == "from-the-environment"


def test_the_stored_key_is_not_a_setting_anyone_lists(riverside: sessionmaker[Session]) -> None:
    from app.booking import settings

    create_app(riverside, fixed_clock(NOW))
    with riverside() as session:
        keys = {s.key for s in settings.effective(session)}
    assert security.SECRET_KEY_NAME not in keys
