"""The CalDAV provider (Nextcloud, iCloud, Fastmail, Radicale...), over the ``caldav`` library.

``caldav.DAVClient`` does the HTTP part (session, sign-in negotiation, discovery of the
calendars); the requests that matter for safety are written here explicitly:

* our event lives at a deterministic href, ``<calendar>/<uid>.ics``, created with
  ``If-None-Match: *``: a create retried after a crash cannot make a second event;
* updates and deletes carry ``If-Match: <etag>``: a change the agent made meanwhile makes
  the write fail with 412 instead of being overwritten;
* changes are read with ``sync-collection`` (RFC 6578) when the server offers it, else
  by a ``calendar-query`` over a time range whose etags are compared with the previous
  listing (the cursor then holds that listing);
* other events become busy intervals only: TRANSP:TRANSPARENT and cancelled events do
  not block, tentative ones are "tentative", Outlook's BUSYSTATUS is honoured; all-day
  and floating events are read in the branch's time zone; repeating events are expanded
  over the sync window.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urljoin, urlparse
from zoneinfo import ZoneInfo

import icalendar
import niquests
import recurring_ical_events
from caldav.davclient import DAVClient
from caldav.lib import error as caldav_error
from lxml import etree

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

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"
NS = {"d": DAV, "c": CALDAV}
#: Property that marks an event as written by the desk (besides its UID prefix).
MARKER = "X-FRONTDESK-APPOINTMENT"
UID_PREFIX = "frontdesk-"
#: Hrefs fetched per calendar-multiget request.
MULTIGET_BATCH = 200
TIMEOUT_SECONDS = 30

_BUSYSTATUS = {
    "FREE": "free",
    "TENTATIVE": "tentative",
    "BUSY": "busy",
    "OOF": "oof",
    "WORKINGELSEWHERE": "workingElsewhere",
}


class CaldavProvider:
    """One account on one CalDAV server.

    ``use_sync_collection`` False forces the time-range fallback (for servers that
    advertise RFC 6578 but answer it badly, and for tests of the fallback).
    """

    def __init__(
        self,
        url: str,
        username: str | None,
        password: str | None,
        *,
        use_sync_collection: bool = True,
        timeout: int = TIMEOUT_SECONDS,
    ) -> None:
        self.url = url
        self._password = password
        self.use_sync_collection = use_sync_collection
        self._where = _host(url)
        self._client = DAVClient(
            url=url,
            username=username,
            password=password,
            timeout=timeout,
            enable_rfc6764=False,
            rate_limit_handle=False,
        )

    # -- protocol --------------------------------------------------------------------

    def list_calendars(self) -> list[CalendarInfo]:
        def run() -> list[CalendarInfo]:
            found = []
            for cal in self._client.principal().calendars():  # type: ignore[no-untyped-call]
                name = cal.get_display_name() if hasattr(cal, "get_display_name") else None
                url = str(cal.url)
                found.append(CalendarInfo(id=url, name=str(name or url.rstrip("/").split("/")[-1])))
            return found

        return self._guard(run)

    def read_changes(
        self,
        calendar: str,
        cursor: str | None,
        window: tuple[datetime, datetime],
        zone: ZoneInfo,
    ) -> Changes:
        calendar = _folder(calendar)
        if cursor is not None and cursor.startswith("etags:"):
            return self._read_by_etags(calendar, json.loads(cursor[6:]), window, zone)
        if self.use_sync_collection:
            token = cursor[5:] if cursor and cursor.startswith("sync:") else None
            result = self._read_by_sync(calendar, token, window, zone)
            if result is not None:
                return result
        return self._read_by_etags(calendar, None, window, zone)

    def read_event(self, calendar: str, external_id: str) -> OwnEvent | None:
        response = self._request("GET", external_id, "", {})
        if response.status == 404:
            return None
        self._check(response.status, "read the event")
        etag = _header(response.headers, "ETag")
        for own in _own_events(external_id, etag, response.raw):
            return own
        return None

    def create_event(self, calendar: str, event: EventData) -> WriteResult:
        href = urljoin(_folder(calendar), f"{event.uid}.ics")
        headers = {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"}
        response = self._request("PUT", href, to_ics(event), headers)
        if response.status == 412:
            raise PreconditionFailed("The event is already in the calendar.", href)
        self._check(response.status, "add the event")
        return WriteResult(href, _header(response.headers, "ETag") or self._etag_of(href))

    def update_event(
        self, calendar: str, external_id: str, event: EventData, etag: str | None
    ) -> WriteResult:
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        headers["If-Match"] = etag if etag else "*"
        response = self._request("PUT", external_id, to_ics(event), headers)
        if response.status == 412:
            if etag is None:
                raise Gone("The event is no longer in the calendar.")
            raise PreconditionFailed("The event was changed in the calendar meanwhile.")
        if response.status == 404:
            raise Gone("The event is no longer in the calendar.")
        self._check(response.status, "change the event")
        etag_now = _header(response.headers, "ETag") or self._etag_of(external_id)
        return WriteResult(external_id, etag_now)

    def delete_event(self, calendar: str, external_id: str, etag: str | None) -> None:
        headers = {"If-Match": etag} if etag else {}
        response = self._request("DELETE", external_id, "", headers)
        if response.status == 404:
            raise Gone("The event is no longer in the calendar.")
        if response.status == 412:
            raise PreconditionFailed("The event was changed in the calendar meanwhile.")
        self._check(response.status, "remove the event")

    def close(self) -> None:
        try:
            self._client.close()
        except Exception as exc:  # closing must never hide the real outcome
            log.debug("closing the CalDAV client failed: %s", type(exc).__name__)

    # -- reading ---------------------------------------------------------------------

    def _read_by_sync(
        self, calendar: str, token: str | None, window: tuple[datetime, datetime], zone: ZoneInfo
    ) -> Changes | None:
        """RFC 6578; None when the server does not do it (only asked on a first read)."""
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<d:sync-collection xmlns:d="{DAV}">'
            f"<d:sync-token>{_xml_text(token or '')}</d:sync-token>"
            "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop>"
            "</d:sync-collection>"
        )
        try:
            response = self._request("REPORT", calendar, body, {"Depth": "0"}, expired=token)
        except CursorExpired:
            raise
        except PermanentError:
            if token is None:
                return None
            raise
        if response.status in (400, 403, 405, 409, 415, 501):
            if token is not None:
                raise CursorExpired("The calendar's change marker expired; reading everything.")
            return None
        self._check(response.status, "read the calendar's changes")
        tree = _parse_xml(response.raw)
        new_token = tree.findtext("d:sync-token", namespaces=NS)
        changes = Changes(cursor=f"sync:{new_token}" if new_token else None, complete=token is None)
        fetch: list[str] = []
        for item in tree.findall("d:response", NS):
            href = urljoin(calendar, item.findtext("d:href", default="", namespaces=NS))
            if not href.endswith(".ics"):
                continue
            status = item.findtext("d:status", default="", namespaces=NS)
            if " 404" in status:
                changes.removed.add(href)
            else:
                fetch.append(href)
        self._fetch(calendar, fetch, changes, window, zone)
        return changes

    def _read_by_etags(
        self,
        calendar: str,
        known: dict[str, str] | None,
        window: tuple[datetime, datetime],
        zone: ZoneInfo,
    ) -> Changes:
        """The fallback: list (href, etag) over the window, fetch what is new or changed."""
        lo, hi = window
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<c:calendar-query xmlns:d="{DAV}" xmlns:c="{CALDAV}">'
            "<d:prop><d:getetag/></d:prop>"
            '<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">'
            f'<c:time-range start="{_stamp(lo)}" end="{_stamp(hi)}"/>'
            "</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>"
        )
        response = self._request("REPORT", calendar, body, {"Depth": "1"})
        self._check(response.status, "list the calendar's events")
        listed: dict[str, str] = {}
        for item in _parse_xml(response.raw).findall("d:response", NS):
            href = urljoin(calendar, item.findtext("d:href", default="", namespaces=NS))
            etag = item.findtext("d:propstat/d:prop/d:getetag", default="", namespaces=NS)
            if href.endswith(".ics"):
                listed[href] = etag
        changes = Changes(cursor="etags:" + json.dumps(listed, sort_keys=True), complete=True)
        previous = known or {}
        fetch = [href for href, etag in listed.items() if previous.get(href) != etag]
        changes.removed = {href for href in previous if href not in listed}
        self._fetch(calendar, fetch, changes, window, zone)
        if known is not None:
            # unchanged objects were not fetched: the listing is not complete busy data
            changes.complete = False
        return changes

    def _fetch(
        self,
        calendar: str,
        hrefs: list[str],
        changes: Changes,
        window: tuple[datetime, datetime],
        zone: ZoneInfo,
    ) -> None:
        for start in range(0, len(hrefs), MULTIGET_BATCH):
            batch = hrefs[start : start + MULTIGET_BATCH]
            refs = "".join(f"<d:href>{_xml_text(urlparse(h).path)}</d:href>" for h in batch)
            body = (
                '<?xml version="1.0" encoding="utf-8"?>'
                f'<c:calendar-multiget xmlns:d="{DAV}" xmlns:c="{CALDAV}">'
                f"<d:prop><d:getetag/><c:calendar-data/></d:prop>{refs}</c:calendar-multiget>"
            )
            response = self._request("REPORT", calendar, body, {"Depth": "1"})
            self._check(response.status, "read the calendar's events")
            for item in _parse_xml(response.raw).findall("d:response", NS):
                href = urljoin(calendar, item.findtext("d:href", default="", namespaces=NS))
                data = item.findtext("d:propstat/d:prop/c:calendar-data", default="", namespaces=NS)
                etag = item.findtext("d:propstat/d:prop/d:getetag", default="", namespaces=NS)
                if not data:
                    changes.removed.add(href)
                    continue
                _classify(href, etag or None, data, changes, window, zone)

    def _etag_of(self, href: str) -> str | None:
        response = self._request("GET", href, "", {})
        return _header(response.headers, "ETag") if response.status == 200 else None

    # -- transport -------------------------------------------------------------------

    def _guard(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except ProviderError:
            raise
        except Exception as exc:
            raise self._translate(exc, None) from None

    def _request(
        self,
        method: str,
        url: str,
        body: str,
        headers: Mapping[str, str],
        expired: str | None = None,
    ) -> Any:
        try:
            return self._client.request(url, method, body, dict(headers))
        except Exception as exc:
            raise self._translate(exc, expired) from None

    def _translate(self, exc: Exception, expired: str | None) -> ProviderError:
        where = self._where
        if isinstance(exc, caldav_error.RateLimitError):
            seconds = exc.retry_after_seconds if exc.retry_after_seconds is not None else 60.0
            return RateLimited(f"The calendar server {where} asked to wait.", float(seconds))
        if isinstance(exc, caldav_error.AuthorizationError):
            body = getattr(exc, "body", None)
            text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")
            if expired is not None and "valid-sync-token" in text:
                return CursorExpired("The calendar's change marker expired; reading everything.")
            if getattr(exc, "status", None) == 403:
                return PermanentError(
                    f"The calendar server {where} does not allow this user to do that."
                )
            return TransientError(f"The calendar server {where} refused the user name or password.")
        if isinstance(exc, niquests.exceptions.Timeout | TimeoutError):
            return TransientError(f"The calendar server {where} did not answer in time.")
        if isinstance(exc, niquests.exceptions.ConnectionError | OSError):
            return TransientError(f"The calendar server {where} could not be reached.")
        if isinstance(exc, caldav_error.DAVError):
            return TransientError(f"The calendar server {where} gave an unexpected answer.")
        return TransientError(
            f"The calendar server {where} could not be used ({type(exc).__name__})."
        )

    def _check(self, status: int, doing: str) -> None:
        if 200 <= status < 300:
            return
        where = self._where
        if status in (404, 410):
            raise Gone(f"The calendar server {where} no longer has it (could not {doing}).")
        if status >= 500 or status in (408, 425):
            raise TransientError(f"The calendar server {where} failed (code {status}) to {doing}.")
        raise PermanentError(f"The calendar server {where} refused (code {status}) to {doing}.")


# -- iCalendar ------------------------------------------------------------------------


def to_ics(event: EventData) -> str:
    """The desk's event as an iCalendar object, in UTC (no VTIMEZONE needed)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Front Desk//Appointments//EN")
    cal.add("version", "2.0")
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", datetime.now(UTC).replace(microsecond=0))
    vevent.add("dtstart", event.start.astimezone(UTC))
    vevent.add("dtend", event.end.astimezone(UTC))
    vevent.add("summary", event.summary)
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    vevent.add("transp", "OPAQUE")
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add(MARKER, event.uid)
    cal.add_component(vevent)
    return str(cal.to_ical().decode("utf-8"))


def _classify(
    href: str,
    etag: str | None,
    data: str,
    changes: Changes,
    window: tuple[datetime, datetime],
    zone: ZoneInfo,
) -> None:
    # parsed once for both questions: parsing is most of a first sync's CPU time
    try:
        cal = icalendar.Calendar.from_ical(data)
    except ValueError:
        cal = None
    own = list(_own_events(href, etag, cal)) if cal is not None else []
    if own:
        changes.own.extend(own)
        changes.changed.add(href)  # never busy time of its own: the appointment blocks
        return
    changes.changed.add(href)
    changes.busy.extend(busy_intervals(href, cal if cal is not None else data, window, zone))


def _own_events(href: str, etag: str | None, data: str | icalendar.Calendar) -> Iterator[OwnEvent]:
    if isinstance(data, icalendar.Calendar):
        cal = data
    else:
        try:
            cal = icalendar.Calendar.from_ical(data)
        except ValueError:
            return
    for comp in cal.walk("VEVENT"):
        uid = str(comp.get("UID", ""))
        if not uid.startswith(UID_PREFIX) or comp.get(MARKER) is None:
            continue
        start = _instant(comp.decoded("DTSTART"), ZoneInfo("UTC")) if "DTSTART" in comp else None
        end = _instant(comp.decoded("DTEND"), ZoneInfo("UTC")) if "DTEND" in comp else None
        cancelled = str(comp.get("STATUS", "")).upper() == "CANCELLED"
        yield OwnEvent(href, uid, start, end, etag, deleted=cancelled)
        return


def busy_intervals(
    href: str,
    data: str | icalendar.Calendar,
    window: tuple[datetime, datetime],
    zone: ZoneInfo,
) -> list[BusyInterval]:
    """The blocking intervals of one calendar object (text, or already parsed) over
    ``window`` (no titles)."""
    try:
        cal = data if isinstance(data, icalendar.Calendar) else icalendar.Calendar.from_ical(data)
        occurrences = list(recurring_ical_events.of(cal).between(window[0], window[1]))
    except Exception as exc:  # an unreadable event must not stop the sync
        log.info("An event in the calendar could not be read (%s); ignored", type(exc).__name__)
        return []
    found: list[BusyInterval] = []
    for comp in occurrences:
        show_as = _show_as(comp)
        if show_as == "free" or "DTSTART" not in comp:
            continue
        raw_start = comp.decoded("DTSTART")
        start = _instant(raw_start, zone)
        if "DTEND" in comp:
            end = _instant(comp.decoded("DTEND"), zone)
        elif "DURATION" in comp:
            end = start + comp.decoded("DURATION")
        elif not isinstance(raw_start, datetime):
            end = _instant(raw_start + timedelta(days=1), zone)
        else:
            end = start
        if end <= start:
            continue
        found.append(BusyInterval(href, href, start, end, show_as))
    if len(found) > 1:
        found = [
            BusyInterval(b.source_id, f"{href}#{_stamp(b.start)}", b.start, b.end, b.show_as)
            for b in found
        ]
        unique = {b.external_id: b for b in found}
        found = list(unique.values())
    return found


def _show_as(comp: Any) -> str:
    status = str(comp.get("STATUS", "")).upper()
    if status == "CANCELLED" or str(comp.get("TRANSP", "")).upper() == "TRANSPARENT":
        return "free"
    busy = str(comp.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper()
    if busy in _BUSYSTATUS:
        return _BUSYSTATUS[busy]
    if status == "TENTATIVE":
        return "tentative"
    return "busy"


def _instant(value: Any, zone: ZoneInfo) -> datetime:
    """An aware UTC instant; dates are local midnights, floating times local wall time."""
    if isinstance(value, datetime):
        aware: datetime = value if value.tzinfo is not None else value.replace(tzinfo=zone)
        return aware.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=zone).astimezone(UTC)
    raise ValueError("not a date or time")


# -- small helpers --------------------------------------------------------------------


def _folder(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _host(url: str) -> str:
    parsed = urlparse(url)
    return parsed.hostname + (f":{parsed.port}" if parsed.port else "") if parsed.hostname else url


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _parse_xml(raw: str) -> Any:
    try:
        return etree.fromstring(raw.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        raise TransientError("The calendar server gave an answer that could not be read.") from None


def _header(headers: Any, name: str) -> str | None:
    value = headers.get(name) if headers is not None else None
    return str(value) if value else None
