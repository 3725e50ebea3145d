"""A local stand-in for Microsoft Graph's calendar API, on a free loopback port.

It answers as Graph's documentation describes: ``/me/calendars``; ``calendarView/delta``
pages of at most ``page_size`` events linked by ``@odata.nextLink`` and ending with an
``@odata.deltaLink``; ``@removed`` entries for deleted events; creates deduplicated by
``transactionId``; ``@odata.etag`` checked against ``If-Match`` (412); errors as
``{"error": {"code", "message"}}``. Tests can make it expire delta links (410
``syncStateNotFound``), answer 429 with Retry-After, fail with 5xx, or hang.
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse


@dataclass
class _Calendar:
    id: str
    name: str
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: event id -> change sequence of its last change (deleted events too)
    changed_at: dict[str, int] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)


#: The sign-in host the tests' msal believes it talks to (msal insists on https); their
#: HTTP client sends its requests to this server instead.
SIGN_IN_HOST = "https://login.contoso.test"


def _parse(value: str) -> datetime:
    text = value.rstrip("Z")
    if "." in text:
        head, fraction = text.split(".", 1)
        text = f"{head}.{fraction[:6]}"
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _encode(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode()


def _decode(token: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(base64.urlsafe_b64decode(token.encode()))
    return result


class GraphServer:
    """The in-memory Graph; ``token`` is the only bearer token it accepts."""

    def __init__(self, token: str, page_size: int = 3) -> None:
        self.token = token
        self.page_size = page_size
        self.lock = threading.Lock()
        self.calendars: dict[str, _Calendar] = {}
        self.seq = 0
        #: delta links issued before this sequence answer 410
        self.expired_before = 0
        self._ids = itertools.count(1)
        self._faults: list[tuple[int, float | None, float]] = []
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.delay = 0.0
        #: what the sign-in endpoints hand out, and the grants they were asked for
        self.refresh_token = "refresh-" + "r" * 4000  # real ones are long: chunked storage
        self.token_lifetime = 3600
        self.token_grants: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1.0"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- what tests do to the calendar ---------------------------------------------------

    def add_calendar(self, name: str) -> str:
        with self.lock:
            cal_id = f"AAMkCal{next(self._ids)}"
            self.calendars[cal_id] = _Calendar(cal_id, name)
            return cal_id

    def put_event(self, calendar: str, event: dict[str, Any], event_id: str | None = None) -> str:
        """Add or replace an event as another Outlook client would (new etag)."""
        with self.lock:
            return self._store(self.calendars[calendar], event, event_id)

    def remove_event(self, calendar: str, event_id: str) -> None:
        with self.lock:
            self._remove(self.calendars[calendar], event_id)

    def events(self, calendar: str) -> dict[str, dict[str, Any]]:
        with self.lock:
            return {k: dict(v) for k, v in self.calendars[calendar].events.items()}

    def expire_delta_links(self) -> None:
        with self.lock:
            self.expired_before = self.seq + 1

    def fail_next(
        self, status: int, count: int = 1, retry_after: float | None = None, *, after: int = 0
    ) -> None:
        """Answer ``status`` to ``count`` requests, once ``after`` more were answered."""
        with self.lock:
            self._faults.extend([(-1, None, 0.0)] * after)
            self._faults.extend([(status, retry_after, 0.0)] * count)

    def hang_next(self, seconds: float, count: int = 1) -> None:
        with self.lock:
            self._faults.extend([(0, None, seconds)] * count)

    # -- storage ------------------------------------------------------------------------

    def _store(self, cal: _Calendar, event: dict[str, Any], event_id: str | None) -> str:
        self.seq += 1
        event_id = event_id or f"AAMkEv{next(self._ids)}"
        stored = dict(event)
        stored["id"] = event_id
        stored["@odata.etag"] = f'W/"etag-{self.seq}"'
        cal.events[event_id] = stored
        cal.changed_at[event_id] = self.seq
        cal.deleted.discard(event_id)
        return event_id

    def _remove(self, cal: _Calendar, event_id: str) -> None:
        self.seq += 1
        cal.events.pop(event_id)
        cal.changed_at[event_id] = self.seq
        cal.deleted.add(event_id)

    def _find(self, event_id: str) -> tuple[_Calendar, dict[str, Any]] | None:
        for cal in self.calendars.values():
            if event_id in cal.events:
                return cal, cal.events[event_id]
        return None

    # -- HTTP -----------------------------------------------------------------------------

    def _sign_in(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """Microsoft identity platform endpoints for the tenant ``contoso`` (as documented).

        The device code is approved at once: the first token request succeeds.
        """
        base = f"{SIGN_IN_HOST}/contoso"  # what msal sees; its HTTP client comes here
        if path == "/contoso/v2.0/.well-known/openid-configuration":
            return 200, {
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
                "issuer": f"{base}/v2.0",
            }
        if path == "/contoso/oauth2/v2.0/devicecode":
            return 200, {
                "device_code": "device-code-1",
                "user_code": "FDK7-QW2P",
                "verification_uri": "https://microsoft.com/devicelogin",
                "expires_in": 900,
                "interval": 0,
                "message": "To sign in, use a web browser to open the page "
                "https://microsoft.com/devicelogin and enter the code FDK7-QW2P.",
            }
        if path == "/contoso/oauth2/v2.0/token":
            grant = form.get("grant_type", "")
            if grant.endswith("device_code") or grant == "refresh_token":
                self.token_grants.append(grant)
                claims = {
                    "iss": f"{base}/v2.0",
                    "sub": "bob-sub",
                    "aud": form.get("client_id", ""),
                    "tid": "contoso-tid",
                    "oid": "bob-oid",
                    "preferred_username": "bob@riverside.example",
                    "exp": 4102444800,
                    "iat": 1700000000,
                }
                id_token = (
                    ".".join(
                        base64.urlsafe_b64encode(json.dumps(part).encode()).decode().rstrip("=")
                        for part in ({"alg": "none"}, claims)
                    )
                    + "."
                )
                info = {"uid": "bob-oid", "utid": "contoso-tid"}
                return 200, {
                    "token_type": "Bearer",
                    "scope": "Calendars.ReadWrite",
                    "expires_in": self.token_lifetime,
                    "access_token": self.token,
                    "refresh_token": self.refresh_token,
                    "id_token": id_token,
                    "client_info": base64.urlsafe_b64encode(json.dumps(info).encode())
                    .decode()
                    .rstrip("="),
                }
            return 400, {"error": "invalid_grant", "error_description": "Unknown grant."}
        return 404, {"error": "not_found"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        graph = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _send(
                self, status: int, body: Any = None, headers: dict[str, str] | None = None
            ) -> None:
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, code: str, message: str, **headers: str) -> None:
                self._send(status, {"error": {"code": code, "message": message}}, headers)

            def _body(self) -> dict[str, Any]:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b"{}"
                result: dict[str, Any] = json.loads(raw or b"{}")
                return result

            def _handle(self, method: str) -> None:
                if self.path.startswith("/contoso/"):
                    length = int(self.headers.get("Content-Length") or 0)
                    raw = self.rfile.read(length).decode() if length else ""
                    form = {k: v[0] for k, v in parse_qs(raw).items()}
                    with graph.lock:
                        status, answer = graph._sign_in(urlparse(self.path).path, form)
                    self._send(status, answer)
                    return
                body = self._body() if method in {"POST", "PATCH"} else {}
                with graph.lock:
                    graph.requests.append((method, self.path, dict(self.headers.items())))
                    fault = graph._faults.pop(0) if graph._faults else None
                    graph.in_flight += 1
                    graph.max_in_flight = max(graph.max_in_flight, graph.in_flight)
                # A request is "in flight" while the server works on it; it stops being so
                # before the answer is written, or a client that has read its answer and
                # sent the next request could be counted twice.
                try:
                    if graph.delay:
                        time.sleep(graph.delay)
                finally:
                    with graph.lock:
                        graph.in_flight -= 1
                if fault is not None and fault[0] != -1:
                    status, retry_after, hang = fault
                    if hang:
                        time.sleep(hang)  # the client has given up by now
                        self.close_connection = True
                        return
                    headers = {} if retry_after is None else {"Retry-After": f"{retry_after:g}"}
                    code = "TooManyRequests" if status == 429 else "serviceNotAvailable"
                    self._error(status, code, "Try later", **headers)
                    return
                if self.headers.get("Authorization") != f"Bearer {graph.token}":
                    self._error(401, "InvalidAuthenticationToken", "Access token is empty.")
                    return
                with graph.lock:
                    self._route(method, body)

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

            def do_PATCH(self) -> None:
                self._handle("PATCH")

            def do_DELETE(self) -> None:
                self._handle("DELETE")

            def _route(self, method: str, body: dict[str, Any]) -> None:
                parsed = urlparse(self.path)
                parts = [unquote(p) for p in parsed.path.split("/") if p]
                query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
                if parts[:1] != ["v1.0"] or parts[1:2] != ["me"]:
                    self._error(404, "ResourceNotFound", "Unknown path")
                    return
                rest = parts[2:]
                if rest == ["calendars"] and method == "GET":
                    self._send(
                        200,
                        {"value": [{"id": c.id, "name": c.name} for c in graph.calendars.values()]},
                    )
                elif (
                    len(rest) == 4
                    and rest[0] == "calendars"
                    and rest[2:]
                    == [
                        "calendarView",
                        "delta",
                    ]
                ):
                    self._delta(rest[1], query)
                elif len(rest) == 3 and rest[0] == "calendars" and rest[2] == "events":
                    self._create(rest[1], body)
                elif len(rest) == 2 and rest[0] == "events":
                    self._event(method, rest[1], body)
                else:
                    self._error(400, "BadRequest", "Unsupported request")

            def _delta(self, cal_id: str, query: dict[str, str]) -> None:
                cal = graph.calendars.get(cal_id)
                if cal is None:
                    self._error(404, "ErrorItemNotFound", "The calendar was not found.")
                    return
                if "$deltatoken" in query:
                    state = _decode(query["$deltatoken"])
                    if state["since"] < graph.expired_before:
                        self._error(410, "syncStateNotFound", "The sync state is gone.")
                        return
                    state = {**state, "upto": graph.seq, "offset": 0}
                elif "$skiptoken" in query:
                    state = _decode(query["$skiptoken"])
                elif "startDateTime" in query and "endDateTime" in query:
                    state = {
                        "since": 0,
                        "upto": graph.seq,
                        "offset": 0,
                        "start": query["startDateTime"],
                        "end": query["endDateTime"],
                    }
                else:
                    self._error(400, "ErrorInvalidParameter", "startDateTime is required.")
                    return
                start, end = _parse(state["start"]), _parse(state["end"])
                ids = sorted(
                    (i for i, at in cal.changed_at.items() if state["since"] < at <= state["upto"]),
                    key=lambda i: cal.changed_at[i],
                )
                items: list[dict[str, Any]] = []
                for event_id in ids:
                    event = cal.events.get(event_id)
                    inside = event is not None and (
                        _parse(event["start"]["dateTime"]) < end
                        and _parse(event["end"]["dateTime"]) > start
                    )
                    if inside and event is not None:
                        items.append(event)
                    elif state["since"] > 0:
                        items.append({"id": event_id, "@removed": {"reason": "deleted"}})
                offset = state["offset"]
                page = items[offset : offset + graph.page_size]
                base = f"{graph.url}/me/calendars/{cal_id}/calendarView/delta"
                answer: dict[str, Any] = {"value": page}
                if offset + graph.page_size < len(items):
                    token = _encode({**state, "offset": offset + graph.page_size})
                    answer["@odata.nextLink"] = f"{base}?$skiptoken={token}"
                else:
                    token = _encode({**state, "since": state["upto"], "offset": 0})
                    answer["@odata.deltaLink"] = f"{base}?$deltatoken={token}"
                self._send(200, answer)

            def _create(self, cal_id: str, body: dict[str, Any]) -> None:
                cal = graph.calendars.get(cal_id)
                if cal is None:
                    self._error(404, "ErrorItemNotFound", "The calendar was not found.")
                    return
                transaction = body.get("transactionId")
                if transaction:
                    for event in cal.events.values():
                        if event.get("transactionId") == transaction:
                            self._send(201, event)
                            return
                event = {"isCancelled": False, "isAllDay": False, "showAs": "busy", **body}
                event_id = graph._store(cal, event, None)
                self._send(201, cal.events[event_id])

            def _event(self, method: str, event_id: str, body: dict[str, Any]) -> None:
                found = graph._find(event_id)
                if found is None:
                    self._error(404, "ErrorItemNotFound", "The specified object was not found.")
                    return
                cal, event = found
                match = self.headers.get("If-Match")
                if method in {"PATCH", "DELETE"} and match and match != event["@odata.etag"]:
                    self._error(412, "ErrorIrresolvableConflict", "The etag does not match.")
                    return
                if method == "GET":
                    self._send(200, event)
                elif method == "PATCH":
                    graph._store(cal, {**event, **body}, event_id)
                    self._send(200, cal.events[event_id])
                elif method == "DELETE":
                    graph._remove(cal, event_id)
                    self._send(204)
                else:
                    self._error(405, "MethodNotAllowed", "Not allowed")

        return Handler
