"""The Google Calendar provider, over google-api-python-client and google-auth.

The account's keyring entry holds a JSON object with the OAuth ``refresh_token``,
``client_id`` and ``client_secret`` of the desk's installed-app client (see
:func:`secret_blob`); the database keeps only the API address (``server_url``, empty for
Google's own) and, in ``options["token_uri"]``, a token endpoint other than Google's.

Sign-in: the desk has no browser flow of its own (google-auth-oauthlib is not a
dependency). Someone runs Google's installed-app consent once, for the scope
:data:`SCOPE`, with the branch's OAuth client, and pastes the refresh token it returns
into ``frontdesk accounts add --provider google --password-stdin``.

Safety in the requests:

* our event's id is chosen by the desk, derived from the appointment's uid
  (:func:`event_id`, base32hex as Google requires), and the uid is also kept in
  ``extendedProperties.private``: a create retried after a crash meets 409 and the
  engine adopts the event instead of writing it twice;
* updates and deletes carry ``If-Match: <etag>``, so a change the agent made meanwhile
  makes Google answer 412 instead of being overwritten;
* changes are read with ``events.list`` (``singleEvents=true``): a full listing over the
  sync window, page by page to its ``nextSyncToken``, then incrementally with that
  token; Google's 410 means the token expired and everything is read again. The cursor
  also keeps where the window ended, so that once the window has moved on a day the
  calendar is read in full again (events that lay beyond it would never be listed);
* an occurrence of a repeating event is stored as ``<series id>#<occurrence id>``, so
  that deleting the whole series (one cancelled item) removes all its occurrences.
* The client's own retries are off (``num_retries=0``): the engine decides when to try
  again, from the exception class.
"""

from __future__ import annotations

import base64
import json
import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import google.auth.exceptions
import google_auth_httplib2  # type: ignore[import-untyped]
import httplib2  # type: ignore[import-untyped]
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from app.sync.provider import (
    BusyInterval,
    CalendarInfo,
    Changes,
    CursorExpired,
    EventData,
    Gone,
    OwnEvent,
    PermanentError,
    PreconditionFailed,
    ProviderError,
    RateLimited,
    TransientError,
    WriteResult,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

API_ENDPOINT = "https://www.googleapis.com/"
SERVICE_PATH = "calendar/v3/"
TOKEN_URI = "https://oauth2.googleapis.com/token"
SCOPE = "https://www.googleapis.com/auth/calendar"
#: Key of ``extendedProperties.private`` that holds the desk's uid of the event.
UID_KEY = "frontdeskUid"
PAGE_SIZE = 250
TIMEOUT_SECONDS = 30
#: Wait this long when Google limits the rate without saying for how long.
DEFAULT_RETRY_AFTER = 30.0
#: A full read again once the sync window has moved this far past the last one.
RELIST_AFTER = timedelta(days=1)
_RATE_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"}


def event_id(uid: str) -> str:
    """Google's id for the desk's event ``uid``: base32hex, lower case, no padding.

    Google accepts client-chosen ids of 5 to 1024 characters from ``a-v`` and ``0-9``;
    the same uid always gives the same id, which makes creates idempotent.
    """
    text = base64.b32hexencode(uid.encode("utf-8")).decode("ascii").rstrip("=").lower()
    if len(text) < 5:
        text = text.ljust(5, "0")
    if len(text) > 1024:
        raise PermanentError("The appointment's calendar identity is too long for Google.")
    return text


def secret_blob(refresh_token: str, client_id: str, client_secret: str) -> str:
    """What the keyring keeps for a Google account (one entry, read back by the sync)."""
    return json.dumps(
        {"refresh_token": refresh_token, "client_id": client_id, "client_secret": client_secret},
        sort_keys=True,
    )


def parse_secret(blob: str | None) -> tuple[str, str, str]:
    """(refresh token, client id, client secret) from the keyring entry."""
    if not blob:
        raise TransientError(
            "The Google account has no sign-in stored on this computer; connect it again."
        )
    try:
        data = json.loads(blob)
        return str(data["refresh_token"]), str(data["client_id"]), str(data["client_secret"])
    except (ValueError, KeyError, TypeError):
        raise PermanentError(
            "The stored Google sign-in is unreadable; remove the account and connect it again."
        ) from None


class GoogleProvider:
    """One Google account, signed in with a refresh token.

    ``api_endpoint`` replaces Google's address (a local test server); ``token_uri``
    likewise for the token endpoint.
    """

    def __init__(
        self,
        refresh_token: str,
        client_id: str,
        client_secret: str,
        *,
        api_endpoint: str | None = None,
        token_uri: str | None = None,
        timeout: int = TIMEOUT_SECONDS,
    ) -> None:
        self._secrets = [s for s in (refresh_token, client_secret) if s]
        credentials = Credentials(  # type: ignore[no-untyped-call]
            token=None,
            refresh_token=refresh_token,
            token_uri=token_uri or TOKEN_URI,
            client_id=client_id,
            client_secret=client_secret,
            scopes=[SCOPE],
        )
        self._http = google_auth_httplib2.AuthorizedHttp(
            credentials, http=httplib2.Http(timeout=timeout)
        )
        self._service: Any = build(
            "calendar",
            "v3",
            http=self._http,
            static_discovery=True,
            cache_discovery=False,
            # the client takes api_endpoint as the whole base URL (rootUrl + servicePath)
            client_options={"api_endpoint": urljoin(api_endpoint or API_ENDPOINT, SERVICE_PATH)},
        )

    # -- protocol --------------------------------------------------------------------

    def list_calendars(self) -> list[CalendarInfo]:
        found: list[CalendarInfo] = []
        page: str | None = None
        while True:
            answer = self._run(
                self._service.calendarList().list(pageToken=page), "list the calendars"
            )
            for item in answer.get("items", []):
                found.append(CalendarInfo(id=str(item["id"]), name=str(item.get("summary", ""))))
            page = answer.get("nextPageToken")
            if not page:
                return found

    def read_changes(
        self,
        calendar: str,
        cursor: str | None,
        window: tuple[datetime, datetime],
        zone: ZoneInfo,
    ) -> Changes:
        token, listed_until = _parse_cursor(cursor)
        if listed_until is None or window[1] - listed_until > RELIST_AFTER:
            # the window has moved on: events that were beyond it when the token was
            # issued, and have not changed since, would never be listed incrementally
            token, listed_until = None, window[1]
        changes = Changes(cursor=None, complete=token is None)
        page: str | None = None
        while True:
            params: dict[str, Any] = {
                "calendarId": calendar,
                "singleEvents": True,
                "maxResults": PAGE_SIZE,
            }
            if token is None:
                params["timeMin"] = _rfc3339(window[0])
                params["timeMax"] = _rfc3339(window[1])
            else:
                params["syncToken"] = token  # deleted events are then listed too
            if page:
                params["pageToken"] = page
            try:
                answer = self._run(self._service.events().list(**params), "read the calendar")
            except Gone:
                if token is None:
                    raise PermanentError("The Google calendar no longer exists.") from None
                raise CursorExpired("The calendar must be read again in full.") from None
            for item in answer.get("items", []):
                self._take(item, changes, window, zone)
            page = answer.get("nextPageToken")
            if not page:
                following = answer.get("nextSyncToken")
                changes.cursor = _cursor(str(following), listed_until) if following else None
                return changes

    def read_event(self, calendar: str, external_id: str) -> OwnEvent | None:
        try:
            item = self._run(
                self._service.events().get(calendarId=calendar, eventId=external_id),
                "read the event",
            )
        except Gone:
            return None
        return _own(item, ZoneInfo("UTC"))

    def create_event(self, calendar: str, event: EventData) -> WriteResult:
        eid = event_id(event.uid)
        try:
            item = self._run(
                self._service.events().insert(
                    calendarId=calendar, body=_body(eid, event), sendUpdates="none"
                ),
                "add the appointment",
            )
        except _Duplicate:
            existing = self.read_event(calendar, eid)
            if existing is not None and existing.deleted and existing.uid == event.uid:
                # the id stays taken by the deleted event: bring it back instead
                return self.update_event(calendar, eid, event, existing.etag)
            raise PreconditionFailed(
                "The calendar already has this appointment's event.", external_id=eid
            ) from None
        return WriteResult(str(item["id"]), item.get("etag"))

    def update_event(
        self, calendar: str, external_id: str, event: EventData, etag: str | None
    ) -> WriteResult:
        request = self._service.events().update(
            calendarId=calendar,
            eventId=external_id,
            body=_body(external_id, event),
            sendUpdates="none",
        )
        if etag:
            request.headers["If-Match"] = etag
        item = self._run(request, "change the appointment")
        return WriteResult(str(item["id"]), item.get("etag"))

    def delete_event(self, calendar: str, external_id: str, etag: str | None) -> None:
        request = self._service.events().delete(
            calendarId=calendar, eventId=external_id, sendUpdates="none"
        )
        if etag:
            request.headers["If-Match"] = etag
        self._run(request, "remove the appointment")

    def close(self) -> None:
        self._service.close()

    # -- internals -------------------------------------------------------------------

    def _take(
        self,
        item: dict[str, Any],
        changes: Changes,
        window: tuple[datetime, datetime],
        zone: ZoneInfo,
    ) -> None:
        """Sort one listed event into busy time, removals or the desk's own events."""
        # an occurrence is named after its series, so that the series' deletion (one
        # cancelled item with the series' id) removes every occurrence stored
        series = item.get("recurringEventId")
        eid = f"{series}#{item['id']}" if series else str(item["id"])
        if _uid_of(item) is not None:
            own = _own(item, zone)
            if own is not None:
                changes.own.append(own)
            return
        if item.get("status") == "cancelled":
            changes.removed.add(eid)
            return
        changes.changed.add(eid)
        if item.get("transparency") == "transparent":
            return
        times = _times(item, zone)
        if times is None:
            return
        start, end = times
        if end <= start or end <= window[0] or start >= window[1]:
            return
        show_as = "oof" if item.get("eventType") == "outOfOffice" else "busy"
        changes.busy.append(BusyInterval(eid, eid, start, end, show_as))

    def _run(self, request: Any, what: str) -> dict[str, Any]:
        """Execute ``request`` once, mapping Google's answers onto the provider errors."""
        try:
            answer = request.execute(num_retries=0)
        except HttpError as exc:
            raise self._mapped(exc, what) from None
        except google.auth.exceptions.RefreshError:
            raise TransientError(
                "Google refused the sign-in (the refresh token is wrong or was revoked); "
                "connect the account again."
            ) from None
        except google.auth.exceptions.TransportError:
            raise TransientError("Google's sign-in service could not be reached.") from None
        except TimeoutError:
            raise TransientError(f"Google did not answer in time (could not {what}).") from None
        except (OSError, httplib2.HttpLib2Error):
            raise TransientError(f"Google could not be reached (could not {what}).") from None
        return dict(answer or {})

    def _mapped(self, exc: HttpError, what: str) -> ProviderError:
        status = int(exc.resp.status)
        reason, message = _error_details(exc.content)
        message = self._scrub(message)
        if status == 409:
            return _Duplicate("The event exists already.")
        if status == 412:
            return PreconditionFailed(
                "The event was changed in the calendar meanwhile (Google refused to overwrite it)."
            )
        if status in (404, 410):
            return Gone("The event is no longer in the Google calendar.")
        if status == 429 or (status == 403 and reason in _RATE_REASONS):
            return RateLimited(
                "Google asked the desk to slow down; the calendar will be updated shortly.",
                _retry_after(exc.resp.get("retry-after")),
            )
        if status == 401:
            return TransientError(
                "Google refused the sign-in (the refresh token is wrong or was revoked); "
                "connect the account again."
            )
        if status >= 500:
            return TransientError(f"Google is not available at the moment (could not {what}).")
        detail = f": {message}" if message else ""
        return PermanentError(f"Google refused to {what} (error {status}){detail}.")

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "********")
        return text


class _Duplicate(PreconditionFailed):
    """409 on insert: an event with our id exists (perhaps deleted)."""


def _error_details(content: bytes | str | None) -> tuple[str, str]:
    """(first reason, message) of Google's JSON error body, empty when absent."""
    try:
        raw = content.decode("utf-8") if isinstance(content, bytes) else (content or "")
        error = json.loads(raw).get("error") or {}
        errors = error.get("errors") or [{}]
        return str(errors[0].get("reason") or ""), str(error.get("message") or "")[:200]
    except (ValueError, AttributeError, TypeError):
        return "", ""


def _retry_after(value: str | None) -> float:
    if not value:
        return DEFAULT_RETRY_AFTER
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER


def _cursor(token: str, listed_until: datetime) -> str:
    """The stored cursor: Google's sync token and the end of the window last listed."""
    return json.dumps({"token": token, "until": listed_until.astimezone(UTC).isoformat()})


def _parse_cursor(cursor: str | None) -> tuple[str | None, datetime | None]:
    if not cursor:
        return None, None
    try:
        data = json.loads(cursor)
        return str(data["token"]), datetime.fromisoformat(str(data["until"]))
    except (ValueError, KeyError, TypeError):
        return None, None  # unreadable: read everything again


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _uid_of(item: dict[str, Any]) -> str | None:
    private = (item.get("extendedProperties") or {}).get("private") or {}
    uid = private.get(UID_KEY)
    if uid and event_id(str(uid)) == item.get("id"):
        return str(uid)
    return None


def _own(item: dict[str, Any], zone: ZoneInfo) -> OwnEvent | None:
    uid = _uid_of(item)
    if uid is None:
        return None
    deleted = item.get("status") == "cancelled"
    times = None if deleted else _times(item, zone)
    return OwnEvent(
        external_id=str(item["id"]),
        uid=uid,
        start=times[0] if times else None,
        end=times[1] if times else None,
        etag=item.get("etag"),
        deleted=deleted,
    )


def _times(item: dict[str, Any], zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    """Start and end in UTC; an all-day event covers whole days in the branch's zone."""
    start, end = item.get("start") or {}, item.get("end") or {}
    if "dateTime" in start and "dateTime" in end:
        return _instant(start["dateTime"]), _instant(end["dateTime"])
    if "date" in start and "date" in end:
        first = date.fromisoformat(start["date"])
        last = date.fromisoformat(end["date"])
        if last <= first:
            last = first + timedelta(days=1)
        return _midnight(first, zone), _midnight(last, zone)
    return None


def _instant(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _body(eid: str, event: EventData) -> dict[str, Any]:
    zone = ZoneInfo(event.timezone)
    return {
        "id": eid,
        "summary": event.summary,
        "description": event.description,
        "location": event.location,
        "start": {"dateTime": event.start.astimezone(zone).isoformat(), "timeZone": event.timezone},
        "end": {"dateTime": event.end.astimezone(zone).isoformat(), "timeZone": event.timezone},
        "status": "cancelled" if event.cancelled else "confirmed",
        "transparency": "opaque",
        "extendedProperties": {"private": {UID_KEY: event.uid}},
    }


def open_google(
    api_endpoint: str | None, options: dict[str, Any], secret: str | None
) -> GoogleProvider:
    """The provider for a stored account (``secret`` is its keyring entry)."""
    refresh_token, client_id, client_secret = parse_secret(secret)
    return GoogleProvider(
        refresh_token,
        client_id,
        client_secret,
        api_endpoint=api_endpoint or None,
        token_uri=str(options.get("token_uri") or "") or None,
    )
