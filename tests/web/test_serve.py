"""``frontdesk serve``: its options, and the application it hands to waitress."""

from __future__ import annotations

import json
from typing import Any

import pytest
import waitress
from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

from app import cli
from app.booking import settings as st


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--port", "0"], "--port must be from 1 to 65535"),
        (["--port", "70000"], "--port must be from 1 to 65535"),
        (["--threads", "0"], "--threads must be from 1 to 256"),
        (["--trusted-proxies", "11"], "--trusted-proxies must be from 0 to 10"),
        (["--attempts", "lots"], '--attempts expects a limit such as "10 per minute"'),
    ],
)
def test_bad_options_are_usage_errors(
    args: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["serve", "--db", "sqlite://", *args]) == 2
    assert fragment in capsys.readouterr().err


def test_serve_hands_the_pages_to_waitress(
    db_url: str,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.support.riverside import apply_riverside

    apply_riverside(sessions)
    with sessions() as session:
        st.put(session, st.WEB_PUBLIC_URL, "https://book.riverside.example")
        session.commit()
    seen: dict[str, Any] = {}

    def fake_serve(app: Flask, **options: Any) -> None:
        """Stands in for waitress while the command's database is open: the pages are
        asked for here, behind one trusted proxy whose headers give the visitor."""
        seen["app"] = app
        seen["options"] = options
        page = app.test_client().get(
            "/b/1/services/2/",
            headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"},
        )
        seen["status"] = page.status_code
        seen["page"] = page.get_data(as_text=True)

    monkeypatch.setattr(waitress, "serve", fake_serve)
    code = cli.main(
        [
            "serve",
            "--db",
            db_url,
            "--json",
            "--host",
            "0.0.0.0",
            "--port",
            "8099",
            "--threads",
            "4",
            "--trusted-proxies",
            "1",
            "--attempts",
            "5 per minute",
            "--now",
            "2026-11-23T09:00-05:00",
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "listening": "http://0.0.0.0:8099/",
        "public_url": "https://book.riverside.example",
        "threads": 4,
    }
    assert seen["options"]["host"] == "0.0.0.0"
    assert seen["options"]["port"] == 8099
    assert seen["options"]["threads"] == 4
    app: Flask = seen["app"]
    assert app.config["FRONTDESK_POST_LIMIT"] == "5 per minute"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert seen["options"]["max_request_body_size"] == app.config["MAX_CONTENT_LENGTH"]
    assert seen["status"] == 200
    assert "2026-11-23T09:00" in seen["page"]  # the --now clock


def test_waitress_serves_the_pages_on_a_loopback_socket(sessions: sessionmaker[Session]) -> None:
    import threading
    import urllib.error
    import urllib.request

    from tests.support.riverside import apply_riverside
    from tests.web.conftest import make_web

    apply_riverside(sessions)
    web = make_web(sessions)
    server = waitress.create_server(
        web.app,
        host="127.0.0.1",
        port=0,
        threads=2,
        max_request_body_size=web.app.config["MAX_CONTENT_LENGTH"],
    )
    port = server.effective_port
    stop = threading.Event()

    def loop() -> None:
        # waitress's own run() cannot be stopped from another thread: turn its loop by
        # hand until the test is done, then close the server from this thread.
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        with urllib.request.urlopen(f"{base}/b/{web.branch}/", timeout=10) as page:
            assert page.status == 200
            assert page.headers["X-Frame-Options"] == "DENY"
            assert "Riverside" in page.read().decode()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(
                urllib.request.Request(
                    f"{base}/b/{web.branch}/services/{web.ids['Notary']}/book"
                    "?start=2026-11-24T13:00&agent=",
                    data=b"name=Mallory",
                    method="POST",
                ),
                timeout=10,
            )
        assert refused.value.code == 400
        refused.value.close()
        with pytest.raises(urllib.error.HTTPError) as too_big:
            urllib.request.urlopen(
                urllib.request.Request(
                    f"{base}/b/{web.branch}/", data=b"x" * 70_000, method="POST"
                ),
                timeout=10,
            )
        assert too_big.value.code == 413
        too_big.value.close()
    finally:
        stop.set()
        thread.join(timeout=10)
        server.task_dispatcher.shutdown()
        server.asyncore.close_all(server._map)  # the listener and every open connection
    assert not thread.is_alive()
