"""An in-memory calendar that keeps the CalendarProvider contract, for engine tests.

:class:`FakeProvider` is a calendar in a dict whose every listing is complete; failures
are injected one call at a time. :class:`FakeCalendar` adds what a real service does
between two syncs: a change log behind incremental cursors (which can expire), the desk's
own events reported back (moved or deleted by the agent), whole outages, a crash of the
desk right after a remote write of a chosen kind landed, throttling with Retry-After (and
a record of every request that came too early), and the agent's edit landing between the
desk's read and its conditional write (a 412 in the middle of a push).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.sync.provider import (
    BusyInterval,
    CalendarInfo,
    Changes,
    CursorExpired,
    EventData,
    Gone,
    OwnEvent,
    PreconditionFailed,
    ProviderError,
    RateLimited,
    TransientError,
    WriteResult,
)

CAL = "cal-1"


class FakeProvider:
    """A calendar in a dict; ``failures`` are raised, one per call, by the named method."""

    def __init__(self) -> None:
        self.events: dict[str, tuple[EventData, str]] = {}
        self.others: dict[str, BusyInterval] = {}
        self.failures: dict[str, list[ProviderError]] = {}
        self.calls: list[str] = []
        self.version = 0
        self.cursor_valid = True
        self.reads: list[str | None] = []

    def _maybe_fail(self, name: str) -> None:
        self.calls.append(name)
        queue = self.failures.get(name)
        if queue:
            raise queue.pop(0)

    def _etag(self) -> str:
        self.version += 1
        return f'"v{self.version}"'

    def list_calendars(self) -> list[CalendarInfo]:
        return [CalendarInfo(CAL, "Work")]

    def read_changes(
        self,
        calendar: str,
        cursor: str | None,
        window: tuple[datetime, datetime],
        zone: ZoneInfo,
    ) -> Changes:
        self._maybe_fail("read_changes")
        self.reads.append(cursor)
        if cursor is not None and not self.cursor_valid:
            raise CursorExpired("The calendar's change marker expired; reading everything.")
        self.cursor_valid = True
        busy = list(self.others.values())
        return Changes(
            cursor=f"c{len(self.reads)}",
            complete=True,
            busy=busy,
            changed={b.source_id for b in busy},
        )

    def read_event(self, calendar: str, external_id: str) -> OwnEvent | None:
        self._maybe_fail("read_event")
        found = self.events.get(external_id)
        if found is None:
            return None
        event, etag = found
        return OwnEvent(external_id, event.uid, event.start, event.end, etag)

    def create_event(self, calendar: str, event: EventData) -> WriteResult:
        self._maybe_fail("create_event")
        href = f"{calendar}/{event.uid}"
        if href in self.events:
            raise PreconditionFailed("exists", href)
        etag = self._etag()
        self.events[href] = (event, etag)
        return WriteResult(href, etag)

    def update_event(
        self, calendar: str, external_id: str, event: EventData, etag: str | None
    ) -> WriteResult:
        self._maybe_fail("update_event")
        if external_id not in self.events:
            raise Gone("The event is no longer in the calendar.")
        if etag is not None and self.events[external_id][1] != etag:
            raise PreconditionFailed("changed")
        new = self._etag()
        self.events[external_id] = (event, new)
        return WriteResult(external_id, new)

    def delete_event(self, calendar: str, external_id: str, etag: str | None) -> None:
        self._maybe_fail("delete_event")
        if external_id not in self.events:
            raise Gone("gone")
        if etag is not None and self.events[external_id][1] != etag:
            raise PreconditionFailed("changed")
        del self.events[external_id]

    def close(self) -> None:
        self.calls.append("close")

    def move(self, href: str, start: datetime, end: datetime) -> None:
        """Another client moves an event (new etag)."""
        event, _ = self.events[href]
        moved = EventData(event.uid, event.summary, "", event.location, start, end, event.timezone)
        self.events[href] = (moved, self._etag())


class Crash(Exception):
    """The desk died right after a remote write landed, before recording it."""


WRITES = ("create_event", "update_event", "delete_event")


class FakeCalendar(FakeProvider):
    """A calendar with a change log: incremental cursors, own events reported back.

    Every change (the desk's writes, the agent's edits, other events coming and going)
    gets a sequence number; a cursor ``s<n>`` lists what changed after ``n``. Cursors
    older than ``expired_before`` raise :class:`CursorExpired`, as a service does after
    pruning its log.

    Faults, each armed by the test and used up once:

    * ``down``: every call fails as an unreachable server would (until cleared);
    * ``crash_after``: ``"create"``, ``"update"`` or ``"delete"``: :class:`Crash` is
      raised right after the next write of that kind has landed (the desk's process dies
      before its transaction commits);
    * ``throttle_after`` / ``retry_after``: the write after that many more writes is
      answered 429 with Retry-After; until then (by ``now``, which the test keeps at the
      desk's clock) every request is answered 429 again and noted in ``too_early``;
    * ``race``: new times the agent gives the event that the desk's next conditional
      update or delete addresses, landing just before it (so the write gets a 412); the
      edit is noted in ``raced`` as (uid, start, end).

    ``seen_others`` is the other events as of the last successful read: what the desk's
    stored busy time must equal.
    """

    def __init__(self) -> None:
        super().__init__()
        self.seq = 0
        self.log: dict[str, int] = {}
        self.expired_before = 0
        self.down = False
        self.crash_after: str | None = None
        self.crashed: list[str] = []
        self.next_id = 0
        self.now: datetime | None = None
        self.throttle_after: int | None = None
        self.retry_after = 60.0
        self.blocked_until: datetime | None = None
        self.too_early: list[str] = []
        self.throttled = 0
        self.race: tuple[datetime, datetime] | None = None
        self.raced: list[tuple[str, datetime, datetime]] = []
        self.seen_others: dict[str, BusyInterval] = {}

    def _touch(self, key: str) -> None:
        self.seq += 1
        self.log[key] = self.seq

    def _maybe_fail(self, name: str) -> None:
        if self.down:
            self.calls.append(name)
            raise TransientError("The calendar server could not be reached.")
        if self.blocked_until is not None and self.now is not None:
            if self.now < self.blocked_until:
                self.too_early.append(name)
                raise RateLimited(
                    "The calendar server asked to slow down.",
                    (self.blocked_until - self.now).total_seconds(),
                )
            self.blocked_until = None
        if name in WRITES and self.throttle_after is not None:
            if self.throttle_after == 0:
                self.throttle_after = None
                self.throttled += 1
                if self.now is not None:
                    self.blocked_until = self.now + timedelta(seconds=self.retry_after)
                self.calls.append(name)
                raise RateLimited("The calendar server asked to slow down.", self.retry_after)
            self.throttle_after -= 1
        super()._maybe_fail(name)

    def _landed(self, action: str) -> None:
        if self.crash_after == action:
            self.crash_after = None
            self.crashed.append(action)
            raise Crash("the desk stopped")

    def _racing(self, external_id: str, etag: str | None) -> None:
        """The agent's edit lands between the desk's last read and its write."""
        if self.race is None or etag is None or external_id not in self.events:
            return
        start, end = self.race
        self.race = None
        self.move(external_id, start, end)
        self.raced.append((self.events[external_id][0].uid, start, end))

    def _own(self, href: str) -> OwnEvent:
        found = self.events.get(href)
        if found is None:
            return OwnEvent(href, "", None, None, None, deleted=True)
        event, etag = found
        return OwnEvent(href, event.uid, event.start, event.end, etag)

    def read_changes(
        self,
        calendar: str,
        cursor: str | None,
        window: tuple[datetime, datetime],
        zone: ZoneInfo,
    ) -> Changes:
        self._maybe_fail("read_changes")
        self.reads.append(cursor)
        token = f"s{self.seq}"
        if cursor is None:
            busy = list(self.others.values())
            self.seen_others = dict(self.others)
            return Changes(
                cursor=token,
                complete=True,
                busy=busy,
                changed={b.source_id for b in busy},
                own=[self._own(href) for href in sorted(self.events)],
            )
        since = int(cursor.removeprefix("s"))
        if since < self.expired_before:
            raise CursorExpired("The calendar's change marker expired; reading everything.")
        keys = {key for key, seq in self.log.items() if seq > since}
        changes = Changes(cursor=token, complete=False)
        for key in sorted(keys):
            kind, _, name = key.partition(":")
            if kind == "other":
                if name in self.others:
                    changes.busy.append(self.others[name])
                    changes.changed.add(name)
                else:
                    changes.removed.add(name)
            else:
                changes.own.append(self._own(name))
        self.seen_others = dict(self.others)
        return changes

    def create_event(self, calendar: str, event: EventData) -> WriteResult:
        """If-None-Match by uid: the service's own ids are opaque, never the uid."""
        self._maybe_fail("create_event")
        for href, (existing, _etag) in self.events.items():
            if existing.uid == event.uid:
                raise PreconditionFailed("An event with this identity exists.", href)
        self.next_id += 1
        href = f"{calendar}/evt-{self.next_id}"
        etag = self._etag()
        self.events[href] = (event, etag)
        self._touch(f"own:{href}")
        self._landed("create")
        return WriteResult(href, etag)

    def update_event(
        self, calendar: str, external_id: str, event: EventData, etag: str | None
    ) -> WriteResult:
        self._racing(external_id, etag)
        result = super().update_event(calendar, external_id, event, etag)
        self._touch(f"own:{external_id}")
        self._landed("update")
        return result

    def delete_event(self, calendar: str, external_id: str, etag: str | None) -> None:
        self._racing(external_id, etag)
        super().delete_event(calendar, external_id, etag)
        self._touch(f"own:{external_id}")
        self._landed("delete")

    # -- what the agent (or anyone with the calendar) does between syncs -----------------

    def move(self, href: str, start: datetime, end: datetime) -> None:
        super().move(href, start, end)
        self._touch(f"own:{href}")

    def edit_details(self, href: str, note: str) -> None:
        """The agent adds a note: a new etag, the same times."""
        event, _ = self.events[href]
        edited = EventData(
            event.uid, event.summary, note, event.location, event.start, event.end, event.timezone
        )
        self.events[href] = (edited, self._etag())
        self._touch(f"own:{href}")

    def remove(self, href: str) -> None:
        """The agent deletes one of the desk's events."""
        del self.events[href]
        self._touch(f"own:{href}")

    def add_other(self, busy: BusyInterval) -> None:
        self.others[busy.source_id] = busy
        self._touch(f"other:{busy.source_id}")

    def remove_other(self, source_id: str) -> None:
        del self.others[source_id]
        self._touch(f"other:{source_id}")

    def expire_cursors(self) -> None:
        """The service prunes its change log: every cursor handed out so far is refused."""
        self.expired_before = self.seq + 1
