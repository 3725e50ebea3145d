"""The provider-neutral calendar sync: pull other events' busy time, push the desk's writes.

:func:`sync_account` does one round for one account:

1. **Pull.** For the target calendar and each calendar checked for conflicts, read the
   changes since the stored cursor. Busy intervals of other events replace what was
   stored for the same remote object; a complete listing (first read, or the full
   resync after :class:`~app.sync.provider.CursorExpired`) replaces the calendar's
   stored busy time in one transaction, so nothing is dropped before the new listing is
   in hand. The desk's own events are compared with what was last written
   (``ExternalEventLink.pushed_start_at/pushed_end_at``): an event the agent moved or
   deleted is recorded on the link as a reschedule or cancel *proposal*
   (:class:`Conflict`); neither side is changed until someone at the desk decides.
2. **Push.** The account's ``calendar`` outbox items are written strictly in order
   (oldest first); the first that is not due yet, or fails for a reason that time may
   cure, stops the queue, so an offline desk drains everything in order once the server
   answers. Each item is claimed with a lease (as the mail sender does) and its outcome
   recorded in a second transaction. Creates are idempotent by the event's deterministic
   uid; a create retried after a crash finds its event (412) and adopts it. Updates and
   deletes are conditional on the stored etag; a 412 re-reads the event: if it shows
   what we wrote, our earlier write landed and is adopted, else a conflict is recorded.

Errors are kept in plain words on the item and the account, never with a secret.
"""

from __future__ import annotations

import json
import logging
import random
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.models import (
    Agent,
    Appointment,
    Branch,
    CalendarAccount,
    ExternalBusy,
    ExternalEventLink,
    OutboxItem,
    StatusDefinition,
    SyncCursor,
)
from app.notify.sender import backoff
from app.sync import secrets
from app.sync.outbox import KIND
from app.sync.provider import (
    CalendarProvider,
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
)

log = logging.getLogger(__name__)

#: Stored as the etag of an event we adopted without seeing our own version of it: it
#: matches no real etag, so conditional writes over it are refused (412) and re-read.
UNSEEN_ETAG = '"frontdesk-unseen"'
#: After this many failed attempts an item stops being retried by itself.
MAX_ATTEMPTS = 10
LEASE = timedelta(minutes=5)
#: Busy time is kept from a day back to this many days ahead (account option
#: ``horizon_days`` overrides it).
HORIZON_DAYS = 120

ProviderFactory = Callable[[CalendarAccount, str | None], CalendarProvider]


@dataclass(frozen=True)
class Conflict:
    """What the agent did to one of the desk's events, for the desk to accept or undo.

    ``proposal`` is ``reschedule`` (with the event's new times), ``cancel`` (the agent
    deleted it) or ``conflict`` (both sides changed; someone must choose). ``etag`` is
    that of the agent's version the desk was shown: keeping the desk's version overwrites
    that version only, not an edit the agent makes after the desk decided.
    """

    proposal: str
    message: str
    seen_at: datetime
    start: datetime | None = None
    end: datetime | None = None
    etag: str | None = None

    def to_text(self) -> str:
        return json.dumps(
            {
                "proposal": self.proposal,
                "message": self.message,
                "seen_at": self.seen_at.isoformat(),
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None,
                "etag": self.etag,
            },
            sort_keys=True,
        )

    @classmethod
    def from_text(cls, text: str | None) -> Conflict | None:
        if not text:
            return None
        data = json.loads(text)
        return cls(
            proposal=str(data["proposal"]),
            message=str(data["message"]),
            seen_at=datetime.fromisoformat(data["seen_at"]),
            start=datetime.fromisoformat(data["start"]) if data.get("start") else None,
            end=datetime.fromisoformat(data["end"]) if data.get("end") else None,
            etag=str(data["etag"]) if data.get("etag") else None,
        )


@dataclass
class SyncReport:
    account_id: int
    busy_stored: int = 0
    conflicts: list[int] = field(default_factory=list)
    pushed: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    waiting: int = 0
    error: str | None = None
    #: The service asked to wait until then (429 Retry-After).
    slow_down_until: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "busy_stored": self.busy_stored,
            "conflicts": self.conflicts,
            "pushed": self.pushed,
            "retrying": self.retrying,
            "failed": self.failed,
            "waiting": self.waiting,
            "error": self.error,
        }

    def summary(self) -> str:
        text = f"{len(self.pushed)} calendar write(s), {self.busy_stored} busy interval(s)"
        if self.conflicts:
            text += f", {len(self.conflicts)} change(s) made in the calendar to review"
        if self.waiting:
            text += f", {self.waiting} waiting"
        if self.failed:
            text += f", {len(self.failed)} failed"
        if self.error:
            text += f"; {self.error}"
        return text


@dataclass(frozen=True)
class _Account:
    id: int
    agent_id: int
    provider: str
    target: str | None
    calendars: list[str]
    zone: ZoneInfo
    interval: timedelta
    horizon: timedelta
    keyring_ref: str | None


def open_provider(account: CalendarAccount, password: str | None) -> CalendarProvider:
    """The provider for ``account``; only CalDAV is built in so far."""
    if account.provider == "caldav":
        from app.sync.caldav_provider import CaldavProvider

        if not account.server_url:
            raise PermanentError("The calendar account has no server address.")
        return CaldavProvider(account.server_url, account.username, password)
    if account.provider == "google":
        from app.sync.google_provider import open_google

        return open_google(account.server_url, dict(account.options or {}), password)
    if account.provider == "graph":
        from app.sync.graph_provider import provider_for

        return provider_for(dict(account.options or {}), account.server_url, account.keyring_ref)
    if account.provider == "ews":
        from app.sync import ews_provider

        return ews_provider.provider_for(
            account.server_url, account.username, dict(account.options or {}), password
        )
    raise PermanentError(f"Calendar accounts of type {account.provider} are not supported yet.")


def sync_account(
    sessions: sessionmaker[Session],
    account_id: int,
    now: datetime,
    provider: CalendarProvider | None = None,
    *,
    factory: ProviderFactory = open_provider,
    rng: Callable[[], float] = random.random,
    worker: str | None = None,
) -> SyncReport:
    """Pull then push one account at ``now``; records the outcome on the account.

    ``provider`` is used as given (and not closed); without it one is opened with the
    password from the keyring and closed at the end.
    """
    report = SyncReport(account_id)
    with sessions() as session:
        account = _load(session, account_id)
        row = session.get(CalendarAccount, account_id)
        assert row is not None
        password = secrets.get_password(account.keyring_ref) if account.keyring_ref else None
        opened: CalendarProvider | None = None
        if provider is None:
            try:
                opened = provider = factory(row, password)
            except ProviderError as exc:
                report.error = _scrub(exc.message, password)
    next_run = now + account.interval
    if provider is not None:
        try:
            try:
                _pull(sessions, account, provider, now, report)
            except RateLimited as exc:
                report.error = _scrub(exc.message, password)
                report.slow_down_until = now + timedelta(seconds=exc.retry_after)
            except ProviderError as exc:
                report.error = _scrub(exc.message, password)
            me = worker or f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
            wait_until = _push(sessions, account, provider, now, me, rng, report, password)
            if report.slow_down_until is not None:
                next_run = max(next_run, report.slow_down_until)
            elif wait_until is not None:
                next_run = max(now, min(next_run, wait_until))
        finally:
            if opened is not None:
                opened.close()
    with sessions() as session:
        report.waiting = _waiting(session, account_id)
        values: dict[str, Any] = {"next_run_at": next_run, "last_error": report.error}
        if report.error is None:
            values["last_success_at"] = now
        session.execute(
            update(CalendarAccount)
            .where(CalendarAccount.id == account_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        session.commit()
    if report.error:
        log.warning("Calendar account %s: %s", account_id, report.error)
    return report


def _load(session: Session, account_id: int) -> _Account:
    row = session.get(CalendarAccount, account_id)
    if row is None:
        raise PermanentError(f"There is no calendar account {account_id}.")
    agent = session.get(Agent, row.agent_id)
    branch = session.get(Branch, agent.branch_id) if agent else None
    options = dict(row.options or {})
    calendars: list[str] = []
    for cal in [row.target_calendar, *list(options.get("check") or [])]:
        if cal and cal not in calendars:
            calendars.append(str(cal))
    return _Account(
        id=row.id,
        agent_id=row.agent_id,
        provider=row.provider,
        target=row.target_calendar,
        calendars=calendars,
        zone=ZoneInfo(branch.timezone if branch else "UTC"),
        interval=timedelta(minutes=max(1, row.interval_min)),
        horizon=timedelta(days=int(options.get("horizon_days") or HORIZON_DAYS)),
        keyring_ref=row.keyring_ref,
    )


def _waiting(session: Session, account_id: int) -> int:
    return len(
        session.scalars(
            select(OutboxItem.id).where(
                OutboxItem.kind == KIND,
                OutboxItem.account_id == account_id,
                OutboxItem.state == "pending",
            )
        ).all()
    )


# -- pull -------------------------------------------------------------------------------


def _pull(
    sessions: sessionmaker[Session],
    account: _Account,
    provider: CalendarProvider,
    now: datetime,
    report: SyncReport,
) -> None:
    window = (now - timedelta(days=1), now + account.horizon)
    for calendar in account.calendars:
        with sessions() as session:
            cursor = session.scalar(
                select(SyncCursor.cursor).where(
                    SyncCursor.account_id == account.id, SyncCursor.calendar == calendar
                )
            )
        try:
            changes = provider.read_changes(calendar, cursor, window, account.zone)
        except CursorExpired:
            log.info("Calendar account %s: full resync of one calendar", account.id)
            changes = provider.read_changes(calendar, None, window, account.zone)
        with sessions() as session:
            _apply(session, account, calendar, changes, window, now, report)
            session.commit()


def _apply(
    session: Session,
    account: _Account,
    calendar: str,
    changes: Changes,
    window: tuple[datetime, datetime],
    now: datetime,
    report: SyncReport,
) -> None:
    mine = (ExternalBusy.account_id == account.id) & (ExternalBusy.calendar == calendar)
    if changes.complete:
        session.execute(delete(ExternalBusy).where(mine))
    else:
        for source in changes.changed | changes.removed:
            session.execute(
                delete(ExternalBusy).where(
                    mine,
                    or_(
                        ExternalBusy.external_id == source,
                        ExternalBusy.external_id.startswith(source + "#", autoescape=True),
                    ),
                )
            )
    session.flush()
    for busy in changes.busy:
        if busy.end <= window[0] or busy.start >= window[1]:
            continue
        session.add(
            ExternalBusy(
                account_id=account.id,
                agent_id=account.agent_id,
                calendar=calendar,
                external_id=busy.external_id[:500],
                start_at=busy.start,
                end_at=busy.end,
                show_as=busy.show_as,
            )
        )
        report.busy_stored += 1
    seen = {own.external_id for own in changes.own}
    for own in changes.own:
        _observe(session, account, own, now, report)
    missing = set(changes.removed)
    if changes.complete and calendar == account.target:
        # a full listing (first read, or a resync after an expired cursor) names no
        # deletions: our events in the window that it does not list were deleted
        missing |= set(
            session.scalars(
                select(ExternalEventLink.external_id).where(
                    ExternalEventLink.account_id == account.id,
                    ExternalEventLink.external_id.is_not(None),
                    ExternalEventLink.pushed_start_at < window[1],
                    ExternalEventLink.pushed_end_at > window[0],
                )
            )
        )
    for external_id in missing - seen:
        _observe(session, account, OwnEvent(external_id, "", None, None, None, True), now, report)
    cursor = session.scalars(
        select(SyncCursor).where(
            SyncCursor.account_id == account.id, SyncCursor.calendar == calendar
        )
    ).one_or_none()
    if cursor is None:
        cursor = SyncCursor(account_id=account.id, calendar=calendar)
        session.add(cursor)
    cursor.cursor = changes.cursor
    cursor.updated_at = now


def _observe(
    session: Session, account: _Account, own: OwnEvent, now: datetime, report: SyncReport
) -> None:
    """Compare one of our events as the calendar has it with what we last wrote."""
    link = session.scalars(
        select(ExternalEventLink).where(
            ExternalEventLink.account_id == account.id,
            ExternalEventLink.external_id == own.external_id,
        )
    ).one_or_none()
    if link is None or link.pushed_start_at is None:
        return  # not written by this desk, or a write still in flight: the push decides
    if _pending(session, account.id, link.appointment_id):
        return  # our own change is on its way; its conditional write will tell
    if own.deleted:
        if _cancelled(session, link.appointment_id):
            return
        conflict = Conflict(
            "cancel",
            "The agent deleted this appointment from their calendar; cancel it here too?",
            now,
        )
    elif (own.start, own.end) != (link.pushed_start_at, link.pushed_end_at):
        conflict = Conflict(
            "reschedule",
            "The agent moved this appointment in their calendar; move it here too?",
            now,
            own.start,
            own.end,
            own.etag,
        )
    else:
        if own.etag:
            link.etag = own.etag  # same times, other details edited: nothing to decide
        return
    # the stored etag stays the one we wrote: a later write of ours must fail with 412
    # rather than overwrite what the agent did
    _record(link, conflict, report)


def _record(link: ExternalEventLink, conflict: Conflict, report: SyncReport) -> None:
    old = Conflict.from_text(link.conflict)
    if old is not None and (old.proposal, old.start, old.end) == (
        conflict.proposal,
        conflict.start,
        conflict.end,
    ):
        return
    link.conflict = conflict.to_text()
    report.conflicts.append(link.appointment_id)


def _pending(session: Session, account_id: int, appointment_id: int) -> bool:
    return (
        session.scalar(
            select(OutboxItem.id)
            .where(
                OutboxItem.kind == KIND,
                OutboxItem.account_id == account_id,
                OutboxItem.appointment_id == appointment_id,
                OutboxItem.state == "pending",
            )
            .limit(1)
        )
        is not None
    )


def _cancelled(session: Session, appointment_id: int) -> bool:
    predicate = session.scalar(
        select(StatusDefinition.predicate)
        .join(Appointment, Appointment.status_id == StatusDefinition.id)
        .where(Appointment.id == appointment_id)
    )
    return predicate == "cancellation"


# -- push -------------------------------------------------------------------------------


def _push(
    sessions: sessionmaker[Session],
    account: _Account,
    provider: CalendarProvider,
    now: datetime,
    me: str,
    rng: Callable[[], float],
    report: SyncReport,
    password: str | None,
) -> datetime | None:
    """Drain the account's items in order; returns when the queue wants to run again."""
    while True:
        with sessions() as session:
            item = session.scalars(
                select(OutboxItem)
                .where(
                    OutboxItem.kind == KIND,
                    OutboxItem.account_id == account.id,
                    OutboxItem.state == "pending",
                )
                .order_by(OutboxItem.id)
                .limit(1)
            ).one_or_none()
            if item is None:
                return None
            if item.due_at > now:
                return item.due_at
            if item.locked_until is not None and item.locked_until > now:
                return item.locked_until
            item_id, attempts = item.id, item.attempts
            won = session.execute(
                update(OutboxItem)
                .where(
                    OutboxItem.id == item_id,
                    OutboxItem.state == "pending",
                    or_(OutboxItem.locked_until.is_(None), OutboxItem.locked_until <= now),
                )
                .values(locked_by=me, locked_until=now + LEASE)
                .execution_options(synchronize_session=False)
            )
            if getattr(won, "rowcount", 0) != 1:
                return None
            session.commit()
        try:
            with sessions() as session:
                _write(session, provider, item_id, now, report)
                _release(session, item_id, {"state": "sent", "sent_at": now, "last_error": None})
                session.commit()
            report.pushed.append(item_id)
        except _Refused as refused:
            with sessions() as session:
                _write_conflict(session, item_id, refused, report)
                _release(session, item_id, {"state": "failed", "last_error": refused.message})
                session.commit()
            report.failed.append(item_id)
        except RateLimited as exc:
            until = now + timedelta(seconds=max(exc.retry_after, 1.0))
            _finish(sessions, item_id, attempts + 1, until, _scrub(exc.message, password))
            report.retrying.append(item_id)
            report.error = _scrub(exc.message, password)
            report.slow_down_until = until
            return until
        except (TransientError, Gone, PreconditionFailed) as exc:
            message = _scrub(exc.message, password)
            if attempts + 1 >= MAX_ATTEMPTS:
                _finish(sessions, item_id, attempts + 1, now, message, failed=True)
                report.failed.append(item_id)
                continue
            until = now + backoff(attempts + 1, rng)
            _finish(sessions, item_id, attempts + 1, until, message)
            report.retrying.append(item_id)
            report.error = message
            return until
        except PermanentError as exc:
            message = _scrub(exc.message, password)
            _finish(sessions, item_id, attempts + 1, now, message, failed=True)
            report.failed.append(item_id)


class _Refused(Exception):
    """The calendar and the desk disagree about an event: recorded, not retried."""

    def __init__(self, message: str, conflict: Conflict, link_id: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.conflict = conflict
        self.link_id = link_id


def _release(session: Session, item_id: int, values: dict[str, Any]) -> None:
    item = session.get(OutboxItem, item_id)
    assert item is not None
    item.attempts += 1
    item.locked_by = None
    item.locked_until = None
    for key, value in values.items():
        setattr(item, key, value)


def _finish(
    sessions: sessionmaker[Session],
    item_id: int,
    attempts: int,
    due: datetime,
    message: str,
    *,
    failed: bool = False,
) -> None:
    values: dict[str, Any] = {
        "attempts": attempts,
        "due_at": due,
        "last_error": message,
        "locked_by": None,
        "locked_until": None,
    }
    if failed:
        values["state"] = "failed"
    with sessions() as session:
        session.execute(
            update(OutboxItem)
            .where(OutboxItem.id == item_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        session.commit()


def _write_conflict(session: Session, item_id: int, refused: _Refused, report: SyncReport) -> None:
    if refused.link_id is None:
        return
    link = session.get(ExternalEventLink, refused.link_id)
    if link is not None:
        _record(link, refused.conflict, report)


def _event(payload: dict[str, Any]) -> EventData:
    return EventData(
        uid=str(payload["uid"]),
        summary=str(payload.get("summary") or ""),
        description=str(payload.get("description") or ""),
        location=str(payload.get("location") or ""),
        start=datetime.fromisoformat(str(payload["start"])),
        end=datetime.fromisoformat(str(payload["end"])),
        timezone=str(payload.get("timezone") or "UTC"),
    )


def _link(session: Session, item: OutboxItem) -> ExternalEventLink | None:
    if item.appointment_id is None or item.account_id is None:
        return None
    link = session.scalars(
        select(ExternalEventLink).where(
            ExternalEventLink.appointment_id == item.appointment_id,
            ExternalEventLink.account_id == item.account_id,
        )
    ).one_or_none()
    if link is None:
        link = ExternalEventLink(appointment_id=item.appointment_id, account_id=item.account_id)
        session.add(link)
        session.flush()
    return link


def _write(
    session: Session, provider: CalendarProvider, item_id: int, now: datetime, report: SyncReport
) -> None:
    """Perform one item's remote write and record it on the link (not committed)."""
    item = session.get(OutboxItem, item_id)
    assert item is not None
    payload = dict(item.payload)
    calendar = str(payload["calendar"])
    event = _event(payload)
    version = int(payload.get("version") or 0)
    link = _link(session, item)
    if item.action == "delete":
        if link is None or link.external_id is None:
            return
        try:
            provider.delete_event(calendar, link.external_id, link.etag)
        except Gone:
            pass
        except PreconditionFailed:
            current = provider.read_event(calendar, link.external_id)
            if current is not None and not current.deleted:
                raise _Refused(
                    "The appointment was cancelled here, but the agent changed the event in "
                    "their calendar meanwhile, so it was left there; remove it there by hand.",
                    Conflict(
                        "conflict",
                        "Cancelled here but changed in the agent's calendar; the event is "
                        "still there.",
                        now,
                        current.start,
                        current.end,
                        current.etag,
                    ),
                    link.id,
                ) from None
        link.external_id = None
        link.etag = None
        link.pushed_start_at = link.pushed_end_at = None
        link.pushed_version = version
        link.conflict = None
        return
    if link is None:
        raise PermanentError("The appointment of this calendar write no longer exists.")
    if item.action == "update" and link.external_id is not None:
        try:
            result = provider.update_event(calendar, link.external_id, event, link.etag)
        except PreconditionFailed:
            current = provider.read_event(calendar, link.external_id)
            if current is None or current.deleted:
                raise _refused_gone(link, now) from None
            if (current.start, current.end) != (event.start, event.end):
                raise _Refused(
                    "The appointment was moved here, and the agent changed it in their "
                    "calendar too; choose which time is right.",
                    Conflict(
                        "conflict",
                        "Moved here and changed in the agent's calendar; choose the right time.",
                        now,
                        current.start,
                        current.end,
                        current.etag,
                    ),
                    link.id,
                ) from None
            _adopt(link, current.external_id, current.etag, event, version)
            return
        except Gone:
            raise _refused_gone(link, now) from None
        _adopt(link, result.external_id, result.etag, event, version)
        return
    try:
        result = provider.create_event(calendar, event)
    except PreconditionFailed as exc:
        existing = provider.read_event(calendar, exc.external_id) if exc.external_id else None
        if existing is None or existing.uid != event.uid:
            raise PermanentError(
                "The calendar already has another event where this appointment belongs."
            ) from None
        # our earlier write landed before a crash: adopt it instead of writing twice
        _adopt(link, existing.external_id, existing.etag, event, version)
        if (existing.start, existing.end) != (event.start, event.end):
            # the agent changed it since; its etag is not the one of what we wrote, so a
            # write of ours queued meanwhile must get a 412 instead of overwriting
            link.etag = UNSEEN_ETAG
            _record(
                link,
                Conflict(
                    "reschedule",
                    "The agent moved this appointment in their calendar; move it here too?",
                    now,
                    existing.start,
                    existing.end,
                    existing.etag,
                ),
                report,
            )
        return
    _adopt(link, result.external_id, result.etag, event, version)


def _refused_gone(link: ExternalEventLink, now: datetime) -> _Refused:
    return _Refused(
        "The agent deleted this appointment from their calendar; cancel it here or book it again.",
        Conflict(
            "cancel",
            "The agent deleted this appointment from their calendar; cancel it here too?",
            now,
        ),
        link.id,
    )


def _adopt(
    link: ExternalEventLink,
    external_id: str,
    etag: str | None,
    event: EventData,
    version: int,
) -> None:
    link.external_id = external_id
    link.etag = etag
    link.pushed_version = version
    link.pushed_start_at = event.start
    link.pushed_end_at = event.end


def _scrub(text: str, password: str | None) -> str:
    """``text`` without the secret, whatever a server echoed back."""
    if password:
        text = text.replace(password, "********")
    return text


def conflicts(session: Session, account_id: int | None = None) -> list[tuple[int, Conflict]]:
    """Open conflicts as (appointment id, conflict), for the desk to review."""
    query = select(ExternalEventLink).where(ExternalEventLink.conflict.is_not(None))
    if account_id is not None:
        query = query.where(ExternalEventLink.account_id == account_id)
    found: list[tuple[int, Conflict]] = []
    for link in session.scalars(query.order_by(ExternalEventLink.id)):
        conflict = Conflict.from_text(link.conflict)
        if conflict is not None:
            found.append((link.appointment_id, conflict))
    return found


def clear_conflict(session: Session, appointment_id: int, account_id: int) -> None:
    """Forget a conflict once the desk has dealt with it (does not commit)."""
    session.execute(
        update(ExternalEventLink)
        .where(
            ExternalEventLink.appointment_id == appointment_id,
            ExternalEventLink.account_id == account_id,
        )
        .values(conflict=None)
        .execution_options(synchronize_session=False)
    )


def keep_desk_version(
    session: Session, appointment_id: int, account_id: int, now: datetime
) -> OutboxItem | None:
    """The desk's time wins over what the agent did in their calendar (does not commit).

    Clears the conflict and queues the desk's event again: over the agent's edit (the
    write is conditional on the etag of the version the desk was shown, so an edit the
    agent makes later comes back as a conflict), or as a new event when the
    agent deleted it. For a cancelled appointment whose event the agent kept (changed
    after the cancel), the desk's version is no event: it is deleted, unconditionally.
    Returns the queued item, if any.
    """
    from app.sync.outbox import event_payload

    link = session.scalars(
        select(ExternalEventLink).where(
            ExternalEventLink.appointment_id == appointment_id,
            ExternalEventLink.account_id == account_id,
        )
    ).one_or_none()
    if link is None:
        return None
    conflict = Conflict.from_text(link.conflict)
    link.conflict = None
    account = session.get(CalendarAccount, account_id)
    appt = session.get(Appointment, appointment_id)
    if account is None or appt is None or not account.target_calendar:
        return None
    action = "update"
    if _cancelled(session, appointment_id):
        if link.external_id is None:
            return None  # nothing in the calendar, nothing to write
        action = "delete"
    # over the agent's version the desk was shown, and no later one
    link.etag = conflict.etag if conflict is not None else None
    if conflict is not None and conflict.proposal == "cancel":
        link.external_id = None  # gone from the calendar: write it anew
    seen = conflict.seen_at.isoformat() if conflict is not None else now.isoformat()
    item = OutboxItem(
        kind=KIND,
        action=action,
        idempotency_key=f"{KIND}:{account_id}:{appointment_id}:keep:{appt.version}:{seen}"[:200],
        appointment_id=appointment_id,
        account_id=account_id,
        payload=event_payload(session, account, appt),
        state="pending",
        created_at=now,
        due_at=now,
        attempts=0,
    )
    session.add(item)
    session.flush()
    return item
