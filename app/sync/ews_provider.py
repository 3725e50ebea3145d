"""The on-premises Exchange provider, over Exchange Web Services (EWS) with exchangelib.

Why it is written this way:

* the connection is explicit: the EWS address (``https://host/EWS/Exchange.asmx``), the
  server's version (Exchange 2013, 2016 or 2019) and the sign-in kind (NTLM or Basic) are
  stored on the account, so a desk that starts offline never tries autodiscover (DNS
  look-ups and probes of other hosts) and never guesses the version with extra requests;
* the password comes from the keyring through the engine; exchangelib keeps it in memory
  only, and messages say what failed without it;
* other events are read with ``SyncFolderItems``; its sync state is the cursor. A sync
  state the server no longer accepts (``ErrorInvalidSyncStateData``) raises
  :class:`CursorExpired`, and the engine reads everything again keeping what it stored.
  Recurring masters are expanded over the sync window with one ``CalendarView``, their
  occurrences named ``<master id>#<start>`` so a changed or deleted series replaces them
  all. Once the window has moved a day the next read is a full one, so occurrences that
  come into the window are found;
* the desk's events carry their uid in a named extended property (our own property set,
  :data:`KEY_PROPERTY_NAME`); before a create, ``FindItem`` looks for an item with that
  key, so a create retried after a crash adopts the event instead of writing it twice;
* the ChangeKey is the etag: updates use ``ConflictResolution="NeverOverwrite"`` with the
  stored ChangeKey (Exchange answers ``ErrorIrresolvableConflict`` when the agent changed
  the event), deletes read the ChangeKey first and refuse when it moved; no meeting
  invitation or cancellation is ever sent (``SendToNone``);
* TLS: the server's certificate is checked against the system's authorities, or against
  the account's own CA file; checking can be turned off per account (a lab server).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import requests
import requests.adapters
import urllib3
from exchangelib import (
    BASIC,
    DELEGATE,
    NTLM,
    Account,
    Build,
    CalendarItem,
    Configuration,
    Credentials,
    EWSDateTime,
    ExtendedProperty,
    FailFast,
    Version,
)
from exchangelib import errors as ews_errors
from exchangelib.folders import Calendar, FolderCollection
from exchangelib.properties import ItemId
from exchangelib.protocol import BaseProtocol, Protocol

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

#: Exchange versions the desk connects to, as the command line and the screen name them.
VERSIONS: dict[str, Build] = {
    "2013": Build(15, 0),
    "2016": Build(15, 1),
    "2019": Build(15, 2),
}
AUTH_TYPES: dict[str, str] = {"ntlm": NTLM, "basic": BASIC}
TIMEOUT_SECONDS = 30.0
#: Changes per SyncFolderItems page asked of the server (at most 512 by EWS's schema).
PAGE_SIZE = 100
#: The named property holding the desk's uid on its events: a property set of our own,
#: so no other program's property can be mistaken for it.
KEY_PROPERTY_SET = "3f5b0c4e-7d21-4a8e-9c36-1b2f6e8d4a70"
KEY_PROPERTY_NAME = "FrontDeskKey"
#: Busy-time mapping of LegacyFreeBusyStatus onto the desk's show-as values.
SHOW_AS = {
    "Free": "free",
    "Tentative": "tentative",
    "Busy": "busy",
    "OOF": "oof",
    "WorkingElsewhere": "workingElsewhere",
    "NoData": "unknown",
}
SEND_NONE = "SendToNone"
#: The fields the desk writes (and rewrites on a reschedule).
_WRITTEN = ("subject", "body", "location", "start", "end", "legacy_free_busy_status")
_ITEM_FIELDS = (
    "changekey",
    "start",
    "end",
    "is_all_day",
    "legacy_free_busy_status",
    "is_cancelled",
    "type",
    "uid",
    "frontdesk_key",
)


class FrontDeskKey(ExtendedProperty):  # type: ignore[misc]
    """The desk's uid on an Exchange calendar item (a named string property)."""

    property_set_id = KEY_PROPERTY_SET
    property_name = KEY_PROPERTY_NAME
    property_type = "String"


def _register_key() -> None:
    """Teach exchangelib the property once per process (registration is per class)."""
    if "frontdesk_key" not in {f.name for f in CalendarItem.FIELDS}:
        CalendarItem.register("frontdesk_key", FrontDeskKey)


_register_key()


# -- TLS and time-outs per server ---------------------------------------------------------


class _ServerAdapter(requests.adapters.HTTPAdapter):
    """exchangelib's HTTP adapter, with each server's TLS checking and time-out.

    exchangelib builds its sessions itself and takes the adapter *class* from
    ``BaseProtocol.HTTP_ADAPTER_CLS``, so per-account settings are looked up here by the
    request's origin (scheme, host and port): the system's authorities by default, an
    account's own CA file, or no checking when an account asks for it.
    """

    _verify: ClassVar[dict[str, bool | str]] = {}
    _timeout: ClassVar[dict[str, float]] = {}
    _lock = threading.Lock()

    @classmethod
    def configure(cls, url: str, verify: bool | str, timeout: float) -> None:
        with cls._lock:
            cls._verify[_origin(url)] = verify
            cls._timeout[_origin(url)] = timeout
        if verify is False:
            # the administrator chose not to check this server: no warning per request
            host = re.escape(urlsplit(url).hostname or "")
            warnings.filterwarnings(
                "ignore",
                message=f"Unverified HTTPS request is being made to host '{host}'",
                category=urllib3.exceptions.InsecureRequestWarning,
            )

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        origin = _origin(request.url or "")
        with self._lock:
            verify = self._verify.get(origin)
            timeout = self._timeout.get(origin)
        if verify is not None:
            kwargs["verify"] = verify
        if timeout is not None:
            kwargs["timeout"] = timeout
        return super().send(request, *args, **kwargs)


BaseProtocol.HTTP_ADAPTER_CLS = _ServerAdapter


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}"


class _HideSignIn(logging.Filter):
    """exchangelib logs a failed request's headers at DEBUG level, sign-in header included
    (Basic's is the password in base64): such records are rewritten without it."""

    _header = re.compile(r"""(['"]?(?:Proxy-)?Authorization['"]?\s*[:=]\s*)(['"]?)[^'",}]*""", re.I)

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if "uthorization" in text:
            record.msg = self._header.sub(r"\1\2********", text)
            record.args = ()
        return True


for _name in ("exchangelib.util", "exchangelib.protocol", "exchangelib.services.common"):
    logging.getLogger(_name).addFilter(_HideSignIn())


# -- settings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EwsSettings:
    """Where and how to sign in; everything but the password, kept on the account.

    ``server_url`` and ``username`` are the account's columns; the rest lives in the
    account's ``options`` (:meth:`options` / :meth:`from_account`).
    """

    server_url: str
    username: str
    email: str
    version: str = "2016"
    auth: str = "ntlm"
    ca_file: str | None = None
    verify_tls: bool = True

    def check(self) -> None:
        """Refuse settings that cannot work, in plain words (PermanentError)."""
        parts = urlsplit(self.server_url)
        if parts.scheme not in {"https", "http"} or not parts.netloc:
            raise PermanentError(
                "The Exchange server address must be a web address such as "
                "https://mail.example.com/EWS/Exchange.asmx."
            )
        if self.version not in VERSIONS:
            raise PermanentError(
                f"The Exchange version must be one of {', '.join(VERSIONS)}, not {self.version!r}."
            )
        if self.auth not in AUTH_TYPES:
            raise PermanentError("The Exchange sign-in must be 'ntlm' or 'basic'.")
        if not self.username:
            raise PermanentError("The Exchange account has no user name.")
        if "@" not in self.email:
            raise PermanentError(
                "The Exchange account needs the mailbox's e-mail address (its primary SMTP "
                "address)."
            )

    def options(self) -> dict[str, Any]:
        """What the account's ``options`` keep (with the calendars checked)."""
        return {
            "email": self.email,
            "ews_version": self.version,
            "auth": self.auth,
            "ca_file": self.ca_file,
            "verify_tls": self.verify_tls,
        }

    @classmethod
    def from_account(
        cls, server_url: str | None, username: str | None, options: dict[str, Any]
    ) -> EwsSettings:
        ca_file = options.get("ca_file")
        return cls(
            server_url=server_url or "",
            username=username or "",
            email=str(options.get("email") or username or ""),
            version=str(options.get("ews_version") or "2016"),
            auth=str(options.get("auth") or "ntlm"),
            ca_file=str(ca_file) if ca_file else None,
            verify_tls=bool(options.get("verify_tls", True)),
        )


# -- the provider ----------------------------------------------------------------------------


class EwsProvider:
    """One Exchange mailbox's calendars, signed in with a user name and password."""

    def __init__(
        self,
        settings: EwsSettings,
        password: str | None,
        *,
        timeout: float = TIMEOUT_SECONDS,
        page_size: int = PAGE_SIZE,
    ) -> None:
        settings.check()
        self.settings = settings
        self.page_size = page_size
        self._password = password or ""
        self._where = urlsplit(settings.server_url).netloc
        verify: bool | str = (settings.ca_file or True) if settings.verify_tls else False
        _ServerAdapter.configure(settings.server_url, verify, timeout)
        self._config = Configuration(
            service_endpoint=settings.server_url,
            credentials=Credentials(settings.username, self._password),
            auth_type=AUTH_TYPES[settings.auth],
            version=Version(build=VERSIONS[settings.version]),
            retry_policy=FailFast(),
        )
        self._account = Account(
            primary_smtp_address=settings.email,
            config=self._config,
            autodiscover=False,
            access_type=DELEGATE,
            default_timezone=ZoneInfo("UTC"),
        )

    # -- protocol ----------------------------------------------------------------------

    def list_calendars(self) -> list[CalendarInfo]:
        def run() -> list[CalendarInfo]:
            default = Calendar.get_distinguished(root=self._account.root)
            found = [CalendarInfo(str(default.id), str(default.name or "Calendar"))]
            below = FolderCollection(account=self._account, folders=[default])
            for folder in below.find_folders(depth="Deep"):
                if isinstance(folder, Calendar):
                    found.append(CalendarInfo(str(folder.id), str(folder.name or folder.id)))
            return found

        return self._guard(run)

    def read_changes(
        self,
        calendar: str,
        cursor: str | None,
        window: tuple[datetime, datetime],
        zone: ZoneInfo,
    ) -> Changes:
        state, until = _read_cursor(cursor)
        if state is not None and until is not None and window[1].date() > until:
            state = None  # the window moved a day: a full read finds new occurrences
        changes = Changes(cursor=None, complete=state is None)

        def run() -> str | None:
            folder = self._folder(calendar)
            series: dict[str, tuple[str, str]] = {}
            for kind, item in folder.sync_items(
                sync_state=state,
                only_fields=list(_ITEM_FIELDS),
                max_changes_returned=self.page_size,
            ):
                if kind == "delete" and isinstance(item, ItemId):
                    changes.removed.add(str(item.id))
                elif kind in {"create", "update"} and isinstance(item, CalendarItem):
                    self._take(item, zone, changes, series)
            if series:
                self._expand(folder, series, window, zone, changes)
            new_state: str | None = folder.item_sync_state
            return new_state

        new_state = self._guard(run, reading=True)
        changes.cursor = json.dumps({"state": new_state, "until": window[1].date().isoformat()})
        return changes

    def read_event(self, calendar: str, external_id: str) -> OwnEvent | None:
        def run() -> OwnEvent | None:
            item = self._get(external_id)
            if item is None:
                return None
            return _own(item, ZoneInfo("UTC"))

        return self._guard(run)

    def create_event(self, calendar: str, event: EventData) -> WriteResult:
        def run() -> WriteResult:
            folder = self._folder(calendar)
            for found in folder.filter(frontdesk_key=event.uid).only("id", "changekey"):
                raise PreconditionFailed(
                    "The appointment is already in the agent's calendar.", str(found.id)
                )
            item = CalendarItem(account=self._account, folder=folder, frontdesk_key=event.uid)
            _fill(item, event)
            item.save(send_meeting_invitations=SEND_NONE)
            return WriteResult(str(item.id), str(item.changekey))

        return self._guard(run)

    def update_event(
        self, calendar: str, external_id: str, event: EventData, etag: str | None
    ) -> WriteResult:
        def run() -> WriteResult:
            item = CalendarItem(
                account=self._account,
                folder=self._folder(calendar),
                id=external_id,
                changekey=etag,
            )
            _fill(item, event)
            item.save(
                update_fields=list(_WRITTEN),
                conflict_resolution="NeverOverwrite" if etag else "AlwaysOverwrite",
                send_meeting_invitations=SEND_NONE,
            )
            return WriteResult(str(item.id or external_id), str(item.changekey))

        return self._guard(run)

    def delete_event(self, calendar: str, external_id: str, etag: str | None) -> None:
        def run() -> None:
            item = self._get(external_id)
            if item is None:
                raise Gone("The event is no longer in the agent's calendar.")
            if etag and item.changekey != etag:
                raise PreconditionFailed("The event was changed in the agent's calendar meanwhile.")
            item.delete(
                send_meeting_cancellations=SEND_NONE, affected_task_occurrences="AllOccurrences"
            )

        self._guard(run)

    def close(self) -> None:
        """Close the connections and drop exchangelib's cached sign-in for this server."""
        with contextlib.suppress(Exception):  # closing must never hide the real outcome
            self._account.protocol.close()
        with contextlib.suppress(KeyError):
            del Protocol[self._config]

    # -- helpers -----------------------------------------------------------------------

    def _folder(self, calendar: str) -> Calendar:
        if calendar in {"", "calendar"}:
            return Calendar.get_distinguished(root=self._account.root)
        return Calendar(root=self._account.root, id=calendar)

    def _get(self, external_id: str) -> CalendarItem | None:
        for found in self._account.fetch(ids=[ItemId(id=external_id)], only_fields=[*_ITEM_FIELDS]):
            if isinstance(found, ews_errors.ErrorItemNotFound):
                return None
            if isinstance(found, Exception):
                raise found
            if isinstance(found, CalendarItem):
                return found
        return None

    def _take(
        self,
        item: CalendarItem,
        zone: ZoneInfo,
        changes: Changes,
        series: dict[str, tuple[str, str]],
    ) -> None:
        item_id = str(item.id)
        if item.frontdesk_key:
            changes.own.append(_own(item, zone))
            return
        changes.changed.add(item_id)
        show_as = SHOW_AS.get(str(item.legacy_free_busy_status or "Busy"), "unknown")
        if item.is_cancelled or show_as == "free":
            return
        if item.type == "RecurringMaster":
            if item.uid:
                series[str(item.uid)] = (item_id, show_as)
            return
        start, end = _times(item, zone)
        if start is not None and end is not None and end > start:
            changes.busy.append(BusyInterval(item_id, item_id, start, end, show_as))

    def _expand(
        self,
        folder: Calendar,
        series: dict[str, tuple[str, str]],
        window: tuple[datetime, datetime],
        zone: ZoneInfo,
        changes: Changes,
    ) -> None:
        """The occurrences of changed recurring series over the window (one CalendarView)."""
        view = folder.view(
            start=EWSDateTime.from_datetime(window[0].astimezone(UTC)),
            end=EWSDateTime.from_datetime(window[1].astimezone(UTC)),
        ).only("start", "end", "is_all_day", "legacy_free_busy_status", "is_cancelled", "uid")
        for occurrence in view:
            found = series.get(str(occurrence.uid or ""))
            if found is None or occurrence.is_cancelled:
                continue
            master_id, master_show_as = found
            show_as = SHOW_AS.get(str(occurrence.legacy_free_busy_status or ""), master_show_as)
            if show_as == "free":
                continue  # an exception made free does not block
            start, end = _times(occurrence, zone)
            if start is None or end is None or end <= start:
                continue
            changes.busy.append(
                BusyInterval(
                    master_id,
                    f"{master_id}#{start.strftime('%Y%m%dT%H%M%SZ')}",
                    start,
                    end,
                    show_as,
                )
            )

    def _guard(self, run: Callable[[], T], *, reading: bool = False) -> T:
        """Run ``run``, turning exchangelib's and the network's failures into provider errors."""
        try:
            return run()
        except ProviderError:
            raise  # ours, worded here without the password
        except Exception as exc:  # every failure of the library has a plain-words mapping
            mapped = _map_error(exc, self._where, self.settings.username, reading)
            mapped.message = self._scrub(mapped.message)
            mapped.args = (mapped.message,)
            log.debug("Exchange request failed: %s", type(exc).__name__)
            raise mapped from None

    def _scrub(self, text: str) -> str:
        return text.replace(self._password, "********") if self._password else text


# -- mapping -----------------------------------------------------------------------------------


def _map_error(exc: Exception, where: str, user: str, reading: bool) -> ProviderError:
    """The provider exception for one of exchangelib's, in words for a receptionist."""
    if isinstance(exc, ews_errors.ErrorInvalidSyncStateData):
        return CursorExpired("Exchange reset the calendar's change list; reading it again in full.")
    if isinstance(exc, ews_errors.ErrorServerBusy):
        wait = float(exc.back_off) if exc.back_off else 60.0
        return RateLimited(f"Exchange asked to slow down; trying again in {wait:g} seconds.", wait)
    if isinstance(exc, ews_errors.UnauthorizedError | ews_errors.CASError) or _says_401(exc):
        return TransientError(
            f"Exchange at {where} refused the sign-in of {user}: check the password (or "
            "whether the account is locked) and enter it again in the calendar accounts."
        )
    if isinstance(
        exc,
        ews_errors.ErrorIrresolvableConflict
        | ews_errors.ErrorChangeKeyRequiredForWriteOperations
        | ews_errors.ErrorChangeKeyRequired
        | ews_errors.ErrorInvalidChangeKey
        | ews_errors.ErrorStaleObject,
    ):
        return PreconditionFailed("The event was changed in the agent's calendar meanwhile.")
    if isinstance(exc, ews_errors.ErrorItemNotFound):
        return Gone("The event is no longer in the agent's calendar.")
    if isinstance(exc, ews_errors.ErrorFolderNotFound):
        return PermanentError(
            "The calendar is no longer in the agent's mailbox; choose it again in the "
            "calendar accounts."
        )
    if isinstance(exc, ews_errors.ErrorAccessDenied):
        return PermanentError("Exchange does not allow this account to change that calendar.")
    if _is_tls(exc):
        return TransientError(
            f"The secure connection to Exchange at {where} failed: its certificate is not "
            "trusted by this computer (or has expired). Give the account the certificate "
            "authority's file, or ask the mail administrator."
        )
    if isinstance(exc, ews_errors.ErrorTimeoutExpired | requests.RequestException | OSError):
        text = str(exc)
        if "Timeout" in text or "timed out" in text or isinstance(exc, requests.Timeout):
            return TransientError(
                f"Exchange at {where} did not answer in time; trying again later."
            )
        return TransientError(f"Exchange at {where} could not be reached; trying again later.")
    if isinstance(exc, ews_errors.RedirectError):
        return PermanentError(
            f"Exchange at {where} sends the desk elsewhere; check the server address "
            "(it ends in /EWS/Exchange.asmx)."
        )
    if isinstance(
        exc,
        ews_errors.ErrorInternalServerError
        | ews_errors.ErrorInternalServerTransientError
        | ews_errors.ErrorMailboxStoreUnavailable
        | ews_errors.ErrorMailboxMoveInProgress
        | ews_errors.MalformedResponseError
        | ews_errors.SOAPError,
    ):
        return TransientError(f"Exchange at {where} is not available right now.")
    if isinstance(exc, ews_errors.ResponseMessageError):
        return PermanentError(f"Exchange refused the calendar change ({type(exc).__name__}).")
    if isinstance(exc, ews_errors.EWSError):
        return TransientError(f"Exchange at {where} is not available right now.")
    if reading:
        log.error("Unexpected failure reading an Exchange calendar: %s", type(exc).__name__)
    return PermanentError(f"The Exchange calendar could not be used ({type(exc).__name__}).")


def _says_401(exc: Exception) -> bool:
    return isinstance(exc, ews_errors.TransportError) and "401" in str(exc)


def _is_tls(exc: Exception) -> bool:
    if isinstance(exc, requests.exceptions.SSLError):
        return True
    text = str(exc)
    return isinstance(exc, ews_errors.TransportError) and bool(
        re.search(r"SSL|CERTIFICATE|certificate verify|TLS", text)
    )


# -- items ---------------------------------------------------------------------------------------


def _fill(item: CalendarItem, event: EventData) -> None:
    item.subject = event.summary
    item.body = event.description
    item.location = event.location
    item.start = EWSDateTime.from_datetime(event.start.astimezone(UTC))
    item.end = EWSDateTime.from_datetime(event.end.astimezone(UTC))
    item.legacy_free_busy_status = "Busy"
    item.is_all_day = False


def _own(item: CalendarItem, zone: ZoneInfo) -> OwnEvent:
    key = str(item.frontdesk_key or "")
    changekey = str(item.changekey) if item.changekey else None
    if item.is_cancelled:
        return OwnEvent(str(item.id), key, None, None, changekey, deleted=True)
    start, end = _times(item, zone)
    return OwnEvent(str(item.id), key, start, end, changekey)


def _times(item: CalendarItem, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """Start and end as aware UTC; all-day items are whole days of the branch's ``zone``.

    exchangelib gives all-day items as dates with an inclusive last day.
    """
    start, end = item.start, item.end
    if start is None or end is None:
        return None, None
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        first = _as_date(start)
        last = _as_date(end) + timedelta(days=1)
        return (
            datetime.combine(first, time(), zone).astimezone(UTC),
            datetime.combine(max(last, first + timedelta(days=1)), time(), zone).astimezone(UTC),
        )
    return _utc(start), _utc(end)


def _as_date(value: date | datetime) -> date:
    day = value.date() if isinstance(value, datetime) else value
    return date(day.year, day.month, day.day)  # a plain date, not exchangelib's subclass


def _utc(value: datetime) -> datetime:
    """A plain aware UTC datetime (exchangelib's subclass only converts to its own zones)."""
    plain = datetime(*value.timetuple()[:6], value.microsecond, tzinfo=value.tzinfo or UTC)
    return plain.astimezone(UTC)


def _read_cursor(cursor: str | None) -> tuple[str | None, date | None]:
    """The sync state and the last day of the window it was read for."""
    if not cursor:
        return None, None
    try:
        data = json.loads(cursor)
        state = data.get("state") if isinstance(data, dict) else None
        until = date.fromisoformat(str(data["until"])) if data.get("until") else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None, None  # unreadable: a full read
    return (str(state) if state else None), until


# -- opening -------------------------------------------------------------------------------------


def provider_for(
    server_url: str | None,
    username: str | None,
    options: dict[str, Any],
    password: str | None,
) -> EwsProvider:
    """The provider of a stored account; its password comes from the keyring (engine)."""
    settings = EwsSettings.from_account(server_url, username, options)
    if not password:
        raise TransientError(
            "The Exchange password of this calendar account is not in this computer's "
            "keyring; enter it again in the calendar accounts."
        )
    return EwsProvider(settings, password)


def parse_version(text: str) -> str:
    """A version as typed ("2016", "Exchange 2016", "exchange2019") to its key."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits not in VERSIONS:
        raise ValueError(f"Exchange {text!r} is not supported; use {', '.join(VERSIONS)}.")
    return digits
