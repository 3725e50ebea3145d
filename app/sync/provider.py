"""What every calendar provider (CalDAV, Microsoft Graph, Google, EWS) offers the sync engine.

The engine (:mod:`app.sync.engine`) knows nothing of HTTP, XML or JSON: it reads changes
and writes the desk's own events through a :class:`CalendarProvider`, and tells failures
apart by the exception classes below. A new provider implements the protocol and maps
its service's answers onto these exceptions:

* :class:`CursorExpired`: the saved delta link / sync token is no longer accepted (Graph
  410 ``syncStateNotFound``, Google 410, CalDAV ``valid-sync-token``); the engine then
  reads everything again *keeping* what it stored until the full listing replaces it.
* :class:`PreconditionFailed`: a conditional write lost (HTTP 412, etag or changekey
  mismatch, or an ``If-None-Match: *`` create whose target exists already).
* :class:`Gone`: the event is not there any more (404/410 on one event).
* :class:`RateLimited`: the service asked us to slow down, with its Retry-After.
* :class:`TransientError`: worth retrying later (network down, 5xx, time-out, a refused
  password that someone may fix).
* :class:`PermanentError`: retrying cannot help (the calendar is read-only, the event is
  invalid for the service).

Every message is meant for a receptionist and never contains a password or token.
Other people's events are returned as busy intervals only (start, end, show-as): titles
and bodies never leave the provider.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo


class ProviderError(Exception):
    """A provider failure; ``message`` is in plain words and free of secrets."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CursorExpired(ProviderError):
    """The incremental cursor is no longer valid: read everything again."""


class PreconditionFailed(ProviderError):
    """A conditional write failed: the event changed (or exists) on the other side.

    ``external_id`` names the existing event when the provider knows it (a create whose
    deterministic target exists already), so that the engine can read it back.
    """

    def __init__(self, message: str, external_id: str | None = None) -> None:
        super().__init__(message)
        self.external_id = external_id


class Gone(ProviderError):
    """The event no longer exists on the calendar."""


class RateLimited(ProviderError):
    """The service asked to wait ``retry_after`` seconds before the next request."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TransientError(ProviderError):
    """Try again later: the server is unreachable, busy or refused the sign-in."""


class PermanentError(ProviderError):
    """Trying again will not help."""


@dataclass(frozen=True)
class CalendarInfo:
    """One calendar of the account; ``id`` is what the account stores (a URL for CalDAV)."""

    id: str
    name: str


@dataclass(frozen=True)
class BusyInterval:
    """Time taken by someone else's event: never its title or body.

    ``source_id`` names the remote object (one event, or a whole recurring series);
    ``external_id`` names this one interval (an occurrence of the series).
    """

    source_id: str
    external_id: str
    start: datetime
    end: datetime
    show_as: str


@dataclass(frozen=True)
class OwnEvent:
    """One of the desk's own events as the calendar has it now (or its deletion)."""

    external_id: str
    uid: str
    start: datetime | None
    end: datetime | None
    etag: str | None
    deleted: bool = False


@dataclass
class Changes:
    """What changed on one calendar since a cursor.

    ``complete`` means the listing is everything there is (a first read or a full resync):
    stored busy time of this calendar that is not listed is gone. Otherwise only the
    objects in ``changed`` (replace their intervals; no intervals means nothing blocks any
    more) and ``removed`` were touched.
    """

    cursor: str | None
    complete: bool
    busy: list[BusyInterval] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    own: list[OwnEvent] = field(default_factory=list)


@dataclass(frozen=True)
class EventData:
    """The desk's event as written to an agent's calendar.

    ``uid`` is deterministic per appointment and account, so that a create retried after
    a crash addresses the same remote object (the idempotency key of every provider).
    """

    uid: str
    summary: str
    description: str
    location: str
    start: datetime
    end: datetime
    timezone: str
    cancelled: bool = False


@dataclass(frozen=True)
class WriteResult:
    external_id: str
    etag: str | None


class CalendarProvider(Protocol):
    """One signed-in connection to one calendar account."""

    def list_calendars(self) -> list[CalendarInfo]:
        """The calendars the account can see."""
        ...

    def read_changes(
        self,
        calendar: str,
        cursor: str | None,
        window: tuple[datetime, datetime],
        zone: ZoneInfo,
    ) -> Changes:
        """Changes since ``cursor`` (None: everything) for events overlapping ``window``.

        ``zone`` is the branch's time zone, for all-day and floating-time events. Raises
        :class:`CursorExpired` when ``cursor`` is not accepted any more.
        """
        ...

    def read_event(self, calendar: str, external_id: str) -> OwnEvent | None:
        """The desk's event as it is now, or None when it is not there."""
        ...

    def create_event(self, calendar: str, event: EventData) -> WriteResult:
        """Create only if absent (idempotent by ``event.uid``); raises
        :class:`PreconditionFailed` when it exists already."""
        ...

    def update_event(
        self, calendar: str, external_id: str, event: EventData, etag: str | None
    ) -> WriteResult:
        """Replace the event only if it still has ``etag``."""
        ...

    def delete_event(self, calendar: str, external_id: str, etag: str | None) -> None:
        """Delete the event only if it still has ``etag``; :class:`Gone` if absent."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...
