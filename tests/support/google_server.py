"""A local Google Calendar API v3 server for the provider's tests (loopback only).

It answers as Google's documentation describes: ``/calendar/v3/...`` JSON resources with
``etag``, ``events.list`` paged by ``nextPageToken`` (a small page size) and ending with
``nextSyncToken``; incremental listings by ``syncToken`` include cancelled events;
client-chosen ids must be base32hex (5-1024 characters); 409 ``duplicate`` for an id in
use (deleted events keep theirs); 412 ``conditionNotMet`` on a stale ``If-Match``; 410
``fullSyncRequired`` for an expired sync token and ``deleted`` for a deleted event; error
bodies ``{"error": {"code", "message", "errors": [{"domain", "reason"}]}}``. ``/token``
exchanges the refresh token for a Bearer access token. Faults (429 with Retry-After,
403 ``rateLimitExceeded``, 5xx) are queued with :meth:`GoogleServer.fail_next`.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections import deque
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

_ID = re.compile(r"^[a-v0-9]{5,1024}$")


class GoogleServer:
    """Calendars kept in memory; ``url`` is the ``api_endpoint``, ``token_uri`` the token URL."""

    def __init__(self, refresh_token: str, *, page_size: int = 2) -> None:
        self.refresh_token = refresh_token
        self.page_size = page_size
        self.calendars: dict[str, dict[str, dict[str, Any]]] = {}
        self.names: dict[str, str] = {}
        self.seq = 0
        self.expired = False
        self.faults: deque[tuple[int, dict[str, str], str]] = deque()
        self.requests: list[str] = []
        self.bodies: list[str] = []
        self.tokens_issued: set[str] = set()
        self._counter = itertools.count(1)
        self.lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def token_uri(self) -> str:
        return f"{self.url}token"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- test helpers ------------------------------------------------------------------

    def make_calendar(self, name: str) -> str:
        cal = f"{name}@group.calendar.google.com"
        with self.lock:
            self.calendars[cal] = {}
            self.names[cal] = name
        return cal

    def put(self, calendar: str, event: dict[str, Any]) -> dict[str, Any]:
        """Store (or replace) an event as another client would."""
        with self.lock:
            stored = dict(event)
            stored.setdefault("status", "confirmed")
            self._stamp(stored)
            self.calendars[calendar][str(stored["id"])] = stored
            return dict(stored)

    def remove(self, calendar: str, eid: str) -> None:
        with self.lock:
            event = self.calendars[calendar][eid]
            event["status"] = "cancelled"
            self._stamp(event)

    def live(self, calendar: str) -> dict[str, dict[str, Any]]:
        """The calendar's events that are not deleted."""
        with self.lock:
            return {
                k: dict(v)
                for k, v in self.calendars[calendar].items()
                if v.get("status") != "cancelled"
            }

    def fail_next(self, count: int, status: int, reason: str = "", **headers: str) -> None:
        """The next ``count`` API requests get ``status`` (with ``reason`` and headers)."""
        for _ in range(count):
            self.faults.append(
                (status, {k.replace("_", "-"): v for k, v in headers.items()}, reason)
            )

    def _stamp(self, event: dict[str, Any]) -> None:
        self.seq += 1
        event["_seq"] = self.seq
        event["etag"] = f'"{self.seq:016d}"'
        event["updated"] = datetime(2026, 11, 20, tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _public(event: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "calendar#event", **{k: v for k, v in event.items() if k != "_seq"}}


def _instant(value: dict[str, Any]) -> datetime:
    if "dateTime" in value:
        return datetime.fromisoformat(value["dateTime"]).astimezone(UTC)
    return datetime.fromisoformat(value["date"]).replace(tzinfo=UTC)


def _handler(server: GoogleServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(
            self, status: int, body: Any = None, headers: dict[str, str] | None = None
        ) -> None:
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            if body is not None:
                self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _error(
            self, status: int, reason: str, message: str, headers: dict[str, str] | None = None
        ) -> None:
            domain = "usageLimits" if "Limit" in reason else "global"
            body = {
                "error": {
                    "code": status,
                    "message": message,
                    "errors": [{"domain": domain, "reason": reason, "message": message}],
                }
            }
            self._send(status, body, headers)

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def do_GET(self) -> None:
            self._dispatch("GET")

        def do_POST(self) -> None:
            self._dispatch("POST")

        def do_PUT(self) -> None:
            self._dispatch("PUT")

        def do_PATCH(self) -> None:
            self._dispatch("PATCH")

        def do_DELETE(self) -> None:
            self._dispatch("DELETE")

        def _dispatch(self, method: str) -> None:
            raw = self._body()
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/token" and method == "POST":
                self._token(raw)
                return
            server.requests.append(f"{method} {parts.path}")
            server.bodies.append(raw.decode("utf-8", "replace") + self.headers.as_string())
            auth = self.headers.get("Authorization") or ""
            if not auth.startswith("Bearer ") or auth[7:] not in server.tokens_issued:
                self._error(401, "authError", "Invalid Credentials")
                return
            if server.faults:
                status, headers, reason = server.faults.popleft()
                self._error(status, reason or "backendError", "Fault injected", headers)
                return
            segments = [unquote(s) for s in parts.path.split("/") if s]
            if segments[:2] != ["calendar", "v3"]:
                self._error(404, "notFound", "Not Found")
                return
            rest = segments[2:]
            with server.lock:
                if rest == ["users", "me", "calendarList"] and method == "GET":
                    items = [
                        {"kind": "calendar#calendarListEntry", "id": c, "summary": server.names[c]}
                        for c in server.calendars
                    ]
                    self._send(200, {"kind": "calendar#calendarList", "items": items})
                    return
                if len(rest) < 3 or rest[0] != "calendars" or rest[2] != "events":
                    self._error(404, "notFound", "Not Found")
                    return
                events = server.calendars.get(rest[1])
                if events is None:
                    self._error(404, "notFound", "Not Found")
                    return
                if len(rest) == 3 and method == "GET":
                    self._list(events, query)
                elif len(rest) == 3 and method == "POST":
                    self._insert(events, json.loads(raw or b"{}"))
                elif len(rest) == 4:
                    self._one(method, events, rest[3], raw)
                else:
                    self._error(405, "methodNotAllowed", "Method Not Allowed")

        def _token(self, raw: bytes) -> None:
            form = {k: v[-1] for k, v in parse_qs(raw.decode()).items()}
            if form.get("grant_type") != "refresh_token" or (
                form.get("refresh_token") != server.refresh_token
            ):
                self._send(
                    400, {"error": "invalid_grant", "error_description": "Token has been revoked."}
                )
                return
            token = f"ya29.local-{next(server._counter)}"
            server.tokens_issued.add(token)
            self._send(200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"})

        def _list(self, events: dict[str, dict[str, Any]], query: dict[str, str]) -> None:
            sync = query.get("syncToken")
            page = query.get("pageToken")
            if page:
                offset_text, snapshot_text, since_text = page.split("-")
                offset, snapshot = int(offset_text), int(snapshot_text)
                since = int(since_text) if since_text else None
            else:
                offset, snapshot = 0, server.seq
                since = None
                if sync is not None:
                    if server.expired or not sync.startswith("sync") or not sync[4:].isdigit():
                        self._error(
                            410,
                            "fullSyncRequired",
                            "Sync token is no longer valid, a full sync is required.",
                        )
                        return
                    since = int(sync[4:])
            if since is not None:
                chosen = [e for e in events.values() if since < e["_seq"] <= snapshot]
            else:
                low = query.get("timeMin")
                high = query.get("timeMax")
                chosen = []
                for e in events.values():
                    if e.get("status") == "cancelled" or e["_seq"] > snapshot:
                        continue
                    start, end = _instant(e["start"]), _instant(e["end"])
                    if low and end <= datetime.fromisoformat(low):
                        continue
                    if high and start >= datetime.fromisoformat(high):
                        continue
                    chosen.append(e)
            chosen.sort(key=lambda e: str(e["id"]))
            size = min(server.page_size, int(query.get("maxResults") or 250))
            items = [_public(e) for e in chosen[offset : offset + size]]
            body: dict[str, Any] = {"kind": "calendar#events", "items": items}
            if offset + size < len(chosen):
                body["nextPageToken"] = (
                    f"{offset + size}-{snapshot}-{'' if since is None else since}"
                )
            else:
                body["nextSyncToken"] = f"sync{snapshot}"
            self._send(200, body)

        def _insert(self, events: dict[str, dict[str, Any]], body: dict[str, Any]) -> None:
            eid = str(body.get("id") or f"gen{next(server._counter):08d}")
            if not _ID.match(eid):
                self._error(400, "invalid", "Invalid resource id value.")
                return
            if eid in events:
                self._error(409, "duplicate", "The requested identifier already exists.")
                return
            body["id"] = eid
            body.setdefault("status", "confirmed")
            server._stamp(body)
            events[eid] = body
            self._send(200, _public(body))

        def _one(
            self, method: str, events: dict[str, dict[str, Any]], eid: str, raw: bytes
        ) -> None:
            event = events.get(eid)
            if event is None:
                self._error(404, "notFound", "Not Found")
                return
            if method == "GET":
                self._send(200, _public(event))
                return
            match = self.headers.get("If-Match")
            if match and match != event["etag"]:
                self._error(412, "conditionNotMet", "Precondition Failed")
                return
            if method == "DELETE":
                if event.get("status") == "cancelled":
                    self._error(410, "deleted", "Resource has been deleted")
                    return
                event["status"] = "cancelled"
                server._stamp(event)
                self._send(204)
                return
            body = json.loads(raw or b"{}")
            if method == "PUT":
                fresh = {**body, "id": eid}
                fresh.setdefault("status", "confirmed")
            else:
                fresh = {**event, **body, "id": eid}
            server._stamp(fresh)
            events[eid] = fresh
            self._send(200, _public(fresh))

    return Handler
