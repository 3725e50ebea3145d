"""The Microsoft 365 provider, over Microsoft Graph's REST API with plain HTTP (requests).

Why it is written this way:

* changes are read with ``calendarView/delta`` over the sync window, following
  ``@odata.nextLink`` pages to the ``@odata.deltaLink``, which is the cursor kept for the
  next round; a delta link the service no longer accepts (410 Gone, ``syncStateNotFound``
  or ``resyncRequired``) raises :class:`CursorExpired`, and the engine reads everything
  again while keeping what it stored;
* times are asked for in UTC (``Prefer: outlook.timezone="UTC"``); all-day events are
  whole days of the branch's time zone, whatever zone the agent's mailbox uses;
* the desk's events carry the appointment's uid as ``transactionId`` (Graph answers a
  create repeated with the same transactionId with the event it made the first time, so
  a create retried after a crash cannot duplicate it) and in a single-value extended
  property, which is how they are recognised in listings;
* updates and deletes carry ``If-Match: <@odata.etag>``, so an event the agent edited
  meanwhile fails with 412 instead of being overwritten;
* at most :data:`MAX_CONCURRENT` requests run at once per mailbox, as Graph throttles
  mailboxes that receive more.

The access token comes from a callable (:class:`MsalTokens` in production), so the HTTP
part does not know how sign-in works; tokens never appear in messages or logs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import msal
import requests

from app.sync import secrets
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
    RateLimited,
    TransientError,
    WriteResult,
)

log = logging.getLogger(__name__)

GRAPH_URL = "https://graph.microsoft.com/v1.0"
DEFAULT_AUTHORITY = "https://login.microsoftonline.com/organizations"
SCOPES = ["Calendars.ReadWrite"]
#: Graph throttles a mailbox that has more than four requests in flight.
MAX_CONCURRENT = 4
TIMEOUT_SECONDS = 30.0
#: Events per delta page asked of the service (it may send fewer).
PAGE_SIZE = 200
#: The single-value extended property holding the desk's uid (a named string property).
UID_PROPERTY = "String {6f1d3c2a-8a43-4c4e-9a57-2f6d0f3b9c11} Name FrontDeskUid"
UID_PREFIX = "frontdesk-"
SHOW_AS = {"free", "tentative", "busy", "oof", "workingElsewhere", "unknown"}

_semaphores: dict[str, threading.BoundedSemaphore] = {}
_semaphores_lock = threading.Lock()


def _mailbox_semaphore(key: str) -> threading.BoundedSemaphore:
    with _semaphores_lock:
        found = _semaphores.get(key)
        if found is None:
            found = _semaphores[key] = threading.BoundedSemaphore(MAX_CONCURRENT)
        return found


class MsalTokens:
    """Access tokens for one account through msal, its token cache kept in the keyring.

    The cache (refresh token included) is serialized under the account's ``keyring_ref``
    with :func:`app.sync.secrets.set_secret`, which splits it into chunks small enough for
    the Windows Credential Manager. ``msal_options`` go to msal's application (tests send
    its requests to a local server through ``http_client``).
    """

    def __init__(
        self,
        client_id: str,
        ref: str,
        authority: str = DEFAULT_AUTHORITY,
        *,
        app: msal.PublicClientApplication | None = None,
        **msal_options: Any,
    ) -> None:
        self.ref = ref
        self.cache = msal.SerializableTokenCache()
        stored = secrets.get_secret(ref)
        if stored:
            self.cache.deserialize(stored)
        self.app = app or msal.PublicClientApplication(
            client_id, authority=authority, token_cache=self.cache, **msal_options
        )

    def _save(self) -> None:
        if self.cache.has_state_changed:
            secrets.set_secret(self.ref, self.cache.serialize())
            self.cache.has_state_changed = False

    def __call__(self) -> str:
        """A valid access token, refreshed silently; TransientError when sign-in is needed."""
        accounts = self.app.get_accounts()
        try:
            result = (
                self.app.acquire_token_silent(SCOPES, account=accounts[0]) if accounts else None
            )
        except requests.RequestException as exc:
            raise TransientError(
                f"Microsoft's sign-in service could not be reached ({type(exc).__name__}); "
                "trying again later."
            ) from None
        self._save()
        if not result or "access_token" not in result:
            raise TransientError(
                "The Microsoft 365 sign-in of this calendar account has expired or was "
                "withdrawn; sign in again with 'frontdesk accounts add --provider graph'."
            )
        return str(result["access_token"])

    def has_token(self) -> bool:
        return bool(self.app.get_accounts())

    def start_device_flow(self) -> dict[str, Any]:
        """Begin the device-code sign-in; the result's ``message`` tells where to go."""
        flow: dict[str, Any] = self.app.initiate_device_flow(scopes=SCOPES)
        if "user_code" not in flow:
            raise PermanentError(
                "Microsoft 365 did not start the sign-in: "
                + str(flow.get("error_description") or flow.get("error") or "no reason given")
            )
        return flow

    def finish_device_flow(self, flow: dict[str, Any]) -> None:
        """Wait until the person signed in on the web page, then keep the token cache."""
        result = self.app.acquire_token_by_device_flow(flow)
        self._save()
        if "access_token" not in result:
            raise PermanentError(
                "The Microsoft 365 sign-in did not complete: "
                + str(result.get("error_description") or result.get("error") or "no reason")
            )

    def sign_in_interactive(self) -> None:
        """Sign in through the browser on this computer (a localhost redirect)."""
        result = self.app.acquire_token_interactive(SCOPES)
        self._save()
        if "access_token" not in result:
            raise PermanentError("The Microsoft 365 sign-in did not complete.")


class GraphProvider:
    """One mailbox's calendars on Microsoft Graph.

    ``token`` returns a current access token (called before each request, so a refresh
    happens when needed). ``mailbox`` keys the per-mailbox concurrency limit.
    """

    def __init__(
        self,
        token: Callable[[], str],
        base_url: str = GRAPH_URL,
        *,
        mailbox: str = "me",
        timeout: float = TIMEOUT_SECONDS,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.timeout = timeout
        self.page_size = page_size
        self._http = requests.Session()
        self._gate = _mailbox_semaphore(f"{self.base_url}|{mailbox}")

    # -- HTTP -------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base_url + path

    def _request(
        self,
        method: str,
        path: str,
        *,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        delta: bool = False,
    ) -> requests.Response:
        sent = {
            "Authorization": f"Bearer {self._token()}",
            "Accept": "application/json",
            "Prefer": f'outlook.timezone="UTC", odata.maxpagesize={self.page_size}',
            **(headers or {}),
        }
        try:
            with self._gate:
                response = self._http.request(
                    method,
                    self._url(path),
                    json=body,
                    headers=sent,
                    params=params,
                    timeout=self.timeout,
                )
        except requests.Timeout:
            raise TransientError(
                "Microsoft 365 did not answer in time; trying again later."
            ) from None
        except requests.RequestException as exc:
            raise TransientError(
                f"Microsoft 365 could not be reached ({type(exc).__name__}); trying again later."
            ) from None
        if response.status_code < 400:
            return response
        raise _error(response, delta)

    def _json(self, response: requests.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError:
            raise TransientError("Microsoft 365 sent an answer that could not be read.") from None
        if not isinstance(data, dict):
            raise TransientError("Microsoft 365 sent an answer that could not be read.")
        return data

    # -- reading ----------------------------------------------------------------------

    def list_calendars(self) -> list[CalendarInfo]:
        found: list[CalendarInfo] = []
        url: str | None = "/me/calendars"
        while url:
            data = self._json(self._request("GET", url))
            for item in data.get("value") or []:
                found.append(CalendarInfo(str(item["id"]), str(item.get("name") or "")))
            url = data.get("@odata.nextLink")
        return found

    def read_changes(
        self,
        calendar: str,
        cursor: str | None,
        window: tuple[datetime, datetime],
        zone: ZoneInfo,
    ) -> Changes:
        changes = Changes(cursor=None, complete=cursor is None)
        url: str | None
        params: dict[str, str] | None = None
        if cursor is None:
            url = f"/me/calendars/{quote(calendar, safe='')}/calendarView/delta"
            params = {"startDateTime": _iso(window[0]), "endDateTime": _iso(window[1])}
        else:
            url = cursor
        while url:
            data = self._json(self._request("GET", url, params=params, delta=True))
            params = None
            for item in data.get("value") or []:
                self._take(item, zone, changes)
            url = data.get("@odata.nextLink")
            if not url:
                changes.cursor = data.get("@odata.deltaLink")
        return changes

    def _take(self, item: dict[str, Any], zone: ZoneInfo, changes: Changes) -> None:
        event_id = str(item["id"])
        if "@removed" in item:
            changes.removed.add(event_id)
            return
        uid = _uid_of(item)
        start, end = _times(item, zone)
        if uid is not None:
            etag = item.get("@odata.etag")
            if item.get("isCancelled"):
                changes.own.append(OwnEvent(event_id, uid, None, None, etag, deleted=True))
            else:
                changes.own.append(OwnEvent(event_id, uid, start, end, etag))
            return
        changes.changed.add(event_id)
        show_as = str(item.get("showAs") or "busy")
        if show_as not in SHOW_AS:
            show_as = "unknown"
        if item.get("isCancelled") or show_as == "free" or start is None or end is None:
            return
        if end <= start:
            return
        changes.busy.append(BusyInterval(event_id, event_id, start, end, show_as))

    def read_event(self, calendar: str, external_id: str) -> OwnEvent | None:
        try:
            response = self._request(
                "GET",
                f"/me/events/{quote(external_id, safe='')}",
                params={
                    "$expand": f"singleValueExtendedProperties($filter=id eq '{UID_PROPERTY}')"
                },
            )
        except Gone:
            return None
        item = self._json(response)
        start, end = _times(item, ZoneInfo("UTC"))
        etag = item.get("@odata.etag")
        uid = _uid_of(item) or ""
        if item.get("isCancelled"):
            return OwnEvent(str(item["id"]), uid, None, None, etag, deleted=True)
        return OwnEvent(str(item["id"]), uid, start, end, etag)

    # -- writing ----------------------------------------------------------------------

    def create_event(self, calendar: str, event: EventData) -> WriteResult:
        body = _body(event)
        body["transactionId"] = event.uid
        body["singleValueExtendedProperties"] = [{"id": UID_PROPERTY, "value": event.uid}]
        data = self._json(
            self._request("POST", f"/me/calendars/{quote(calendar, safe='')}/events", body=body)
        )
        return WriteResult(str(data["id"]), data.get("@odata.etag"))

    def update_event(
        self, calendar: str, external_id: str, event: EventData, etag: str | None
    ) -> WriteResult:
        response = self._request(
            "PATCH",
            f"/me/events/{quote(external_id, safe='')}",
            body=_body(event),
            headers={"If-Match": etag} if etag else None,
        )
        data = self._json(response)
        return WriteResult(str(data.get("id") or external_id), data.get("@odata.etag"))

    def delete_event(self, calendar: str, external_id: str, etag: str | None) -> None:
        self._request(
            "DELETE",
            f"/me/events/{quote(external_id, safe='')}",
            headers={"If-Match": etag} if etag else None,
        )

    def close(self) -> None:
        self._http.close()


# -- helpers ----------------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _body(event: EventData) -> dict[str, Any]:
    return {
        "subject": event.summary,
        "body": {"contentType": "text", "content": event.description},
        "location": {"displayName": event.location},
        "start": {"dateTime": _graph_time(event.start), "timeZone": "UTC"},
        "end": {"dateTime": _graph_time(event.end), "timeZone": "UTC"},
        "showAs": "busy",
    }


def _graph_time(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def _uid_of(item: dict[str, Any]) -> str | None:
    """The desk's uid when ``item`` is one of the desk's events, else None."""
    for prop in item.get("singleValueExtendedProperties") or []:
        if str(prop.get("id", "")).lower() == UID_PROPERTY.lower() and prop.get("value"):
            return str(prop["value"])
    transaction = item.get("transactionId")
    if isinstance(transaction, str) and transaction.startswith(UID_PREFIX):
        return transaction
    return None


def _parse_time(value: dict[str, Any] | None) -> tuple[datetime, str] | None:
    if not value or not value.get("dateTime"):
        return None
    text = str(value["dateTime"])
    if "." in text:  # Graph sends seven fractional digits, more than Python reads
        head, fraction = text.split(".", 1)
        text = f"{head}.{fraction[:6]}"
    return datetime.fromisoformat(text.rstrip("Z")), str(value.get("timeZone") or "UTC")


def _times(item: dict[str, Any], zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """Start and end as aware UTC; all-day events span whole days of ``zone``."""
    start = _parse_time(item.get("start"))
    end = _parse_time(item.get("end"))
    if start is None or end is None:
        return None, None
    if item.get("isAllDay"):
        first: date = start[0].date()
        last: date = end[0].date()
        return (
            datetime.combine(first, time(), zone).astimezone(UTC),
            datetime.combine(max(last, first + timedelta(days=1)), time(), zone).astimezone(UTC),
        )
    return _aware(*start), _aware(*end)


def _aware(naive: datetime, zone_name: str) -> datetime:
    if zone_name.upper() in {"UTC", "Z", "GMT"}:
        return naive.replace(tzinfo=UTC)
    try:
        return naive.replace(tzinfo=ZoneInfo(zone_name)).astimezone(UTC)
    except (KeyError, ValueError):
        return naive.replace(tzinfo=UTC)  # asked for UTC; an unknown zone name is a slip


def _retry_after(response: requests.Response) -> float | None:
    raw = response.headers.get("Retry-After")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        return None


def _error(response: requests.Response, delta: bool) -> Exception:
    """The provider exception for a Graph error answer, in words for a receptionist."""
    status = response.status_code
    code = ""
    try:
        payload = response.json()
        if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
            code = str(payload["error"].get("code") or "")
    except ValueError:
        pass
    if code in {"syncStateNotFound", "resyncRequired", "SyncStateNotFound"} or (
        delta and status == 410
    ):
        return CursorExpired("The calendar's change list was reset; reading it again in full.")
    if status == 412:
        return PreconditionFailed("The event was changed in the agent's calendar meanwhile.")
    if status in {404, 410}:
        return Gone("The event is no longer in the agent's calendar.")
    if status in {429, 503}:
        wait = _retry_after(response)
        if wait is not None:
            return RateLimited(
                f"Microsoft 365 asked to slow down; trying again in {wait:g} seconds.", wait
            )
    if status == 401:
        return TransientError(
            "Microsoft 365 refused the sign-in of this calendar account; sign in again."
        )
    if status >= 500 or status == 429:
        return TransientError(f"Microsoft 365 is not available right now (HTTP {status}).")
    if status == 403:
        return PermanentError("Microsoft 365 does not allow this account to change that calendar.")
    words = f" ({code})" if code else ""
    return PermanentError(f"Microsoft 365 refused the calendar change{words}.")


def provider_for(
    account_options: dict[str, Any], server_url: str | None, ref: str | None
) -> GraphProvider:
    """The provider of a stored account: msal tokens from the keyring entry ``ref``."""
    client_id = str(account_options.get("client_id") or "")
    if not client_id or not ref:
        raise PermanentError(
            "This Microsoft 365 account is not signed in; add it again with "
            "'frontdesk accounts add --provider graph'."
        )
    try:
        tokens = MsalTokens(
            client_id, ref, str(account_options.get("authority") or DEFAULT_AUTHORITY)
        )
    except requests.RequestException as exc:  # msal reads the authority's settings first
        raise TransientError(
            f"Microsoft's sign-in service could not be reached ({type(exc).__name__}); "
            "trying again later."
        ) from None
    except ValueError:  # msal's word for an authority it could not read, whatever the cause
        raise TransientError(
            "Microsoft's sign-in service could not be reached, or this account's sign-in "
            "authority is wrong; trying again later."
        ) from None
    return GraphProvider(tokens, server_url or GRAPH_URL, mailbox=ref)


def sign_in(
    client_id: str,
    ref: str,
    show: Callable[[str], None],
    authority: str = DEFAULT_AUTHORITY,
    *,
    browser: bool = False,
    **msal_options: Any,
) -> MsalTokens:
    """Tokens for a new account: the cached sign-in of ``ref``, else a new one.

    Without a cached token this runs the device-code flow (``show`` receives Microsoft's
    instruction: the web address and the code to type there) or, with ``browser``, the
    interactive sign-in in this computer's browser. The token cache lands in the keyring.
    """
    tokens = MsalTokens(client_id, ref, authority, **msal_options)
    if tokens.has_token():
        return tokens
    if browser:
        tokens.sign_in_interactive()
    else:
        flow = tokens.start_device_flow()
        show(str(flow.get("message") or f"{flow['verification_uri']}: {flow['user_code']}"))
        tokens.finish_device_flow(flow)
    return tokens
