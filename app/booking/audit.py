"""The audit trail: writing one row per change, and reading the trail back.

``record`` writes in the transaction of the change, so a change and its audit row are
committed or rolled back together. The rest of this module only reads: the trail is
filtered (time range, user, entity, action, free text), listed newest first in pages, and
exported to CSV. There is deliberately no function that updates or deletes an entry; the
program cannot edit its own trail.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Text, cast, func, or_, select
from sqlalchemy.orm import QueryableAttribute, Session

from app.booking.errors import BookingError
from app.booking.permissions import Actor
from app.models import AuditEntry, Branch
from app.scheduling.zone import from_minutes, zone_for

#: Columns of the CSV export, in order.
CSV_COLUMNS = ("id", "at", "user", "action", "entity_type", "entity_id", "before", "after")


def record(
    session: Session,
    actor: Actor,
    at: datetime,
    action: str,
    entity_type: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=at,
            user_id=actor.user_id,
            actor=actor.label,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            before=before,
            after=after,
        )
    )


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show; every field left as None matches everything.

    ``start`` is inclusive and ``end`` exclusive (aware instants). ``user`` is a username
    (matched case-insensitively against who acted, even if that user was removed since);
    ``text`` is searched, case-insensitively, in who, the action, the entity type and the
    before and after values.
    """

    start: datetime | None = None
    end: datetime | None = None
    user: str | None = None
    entity_type: str | None = None
    entity_id: int | None = None
    action: str | None = None
    text: str | None = None

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"AuditFilter.{name} must be an aware datetime")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise BookingError(
                "invalid_range",
                "The end of the period must come after its start.",
                {"start": self.start.isoformat(), "end": self.end.isoformat()},
            )


@dataclass(frozen=True)
class AuditRow:
    """One entry of the trail as read back (``at`` is an aware UTC instant)."""

    id: int
    at: datetime
    user: str
    action: str
    entity_type: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def to_json(self, tz: ZoneInfo | None = None) -> dict[str, Any]:
        at = self.at.astimezone(tz) if tz is not None else self.at
        return {
            "id": self.id,
            "at": at.isoformat(),
            "user": self.user,
            "action": self.action,
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "before": self.before,
            "after": self.after,
        }

    def changed_fields(self) -> list[str]:
        """Top-level keys whose value differs between before and after, in a stable order
        (before's keys first, then keys only after has)."""
        before = self.before or {}
        after = self.after or {}
        keys = list(dict.fromkeys([*before, *after]))
        return [k for k in keys if before.get(k) != after.get(k)]


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(flt: AuditFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if flt.start is not None:
        where.append(AuditEntry.at >= flt.start.astimezone(UTC))
    if flt.end is not None:
        where.append(AuditEntry.at < flt.end.astimezone(UTC))
    if flt.user and flt.user.strip():
        # The label is "Display Name (username)"; it survives the user's removal.
        name = _like_escape(flt.user.strip().lower())
        where.append(func.lower(AuditEntry.actor).like(f"%({name})", escape="\\"))
    if flt.entity_type and flt.entity_type.strip():
        where.append(AuditEntry.entity_type == flt.entity_type.strip())
    if flt.entity_id is not None:
        where.append(AuditEntry.entity_id == flt.entity_id)
    if flt.action and flt.action.strip():
        where.append(AuditEntry.action == flt.action.strip())
    if flt.text and flt.text.strip():
        words = flt.text.strip().lower()
        pattern = f"%{_like_escape(words)}%"
        # SQLite keeps JSON with non-ASCII characters escaped (\u00eb); look for that too.
        escaped = f"%{_like_escape(json.dumps(words)[1:-1])}%"
        columns: list[QueryableAttribute[Any]] = [
            AuditEntry.actor,
            AuditEntry.action,
            AuditEntry.entity_type,
        ]
        values = [cast(AuditEntry.before, Text), cast(AuditEntry.after, Text)]
        where.append(
            or_(
                *(func.lower(c).like(pattern, escape="\\") for c in columns),
                *(func.lower(v).like(p, escape="\\") for v in values for p in {pattern, escaped}),
            )
        )
    return where


def find_ids(
    session: Session, flt: AuditFilter, *, limit: int | None = None, offset: int = 0
) -> list[int]:
    """Ids of the matching entries, newest first (ties: the later-written first)."""
    query = (
        select(AuditEntry.id)
        .where(*_conditions(flt))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def count(session: Session, flt: AuditFilter) -> int:
    """How many entries match."""
    query = select(func.count(AuditEntry.id)).where(*_conditions(flt))
    return int(session.scalar(query) or 0)


def _row(entry: AuditEntry) -> AuditRow:
    return AuditRow(
        id=entry.id,
        at=entry.at,
        user=entry.actor,
        action=entry.action,
        entity_type=entry.entity_type,
        entity_id=entry.entity_id,
        before=entry.before,
        after=entry.after,
    )


def rows_by_ids(session: Session, ids: Iterable[int]) -> dict[int, AuditRow]:
    """The entries of ``ids`` (ids with no entry are left out), read in one query."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    found = session.scalars(select(AuditEntry).where(AuditEntry.id.in_(wanted)))
    return {e.id: _row(e) for e in found}


def entries(
    session: Session, flt: AuditFilter, *, limit: int | None = None, offset: int = 0
) -> list[AuditRow]:
    """One page of matching entries, newest first."""
    query = (
        select(AuditEntry)
        .where(*_conditions(flt))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return [_row(e) for e in session.scalars(query)]


def entity_types(session: Session) -> list[str]:
    """The entity types present in the trail, sorted (for a filter's choices)."""
    query = select(AuditEntry.entity_type).distinct().order_by(AuditEntry.entity_type)
    return list(session.scalars(query))


def branch_zone(session: Session) -> ZoneInfo:
    """The zone times of the trail are shown in: the branch's, or UTC before any setup."""
    key = session.scalars(select(Branch.timezone).order_by(Branch.id).limit(1)).first()
    return ZoneInfo(key) if key else ZoneInfo("UTC")


def local_dates_range(
    first: date | None, last: date | None, tz: ZoneInfo
) -> tuple[datetime | None, datetime | None]:
    """``[start, end)`` instants of the local dates ``first`` to ``last`` inclusive, in
    ``tz`` (daylight-saving days keep their real length); either side may be open."""
    zone = zone_for(tz.key)
    if first is not None and last is not None and last < first:
        raise BookingError(
            "invalid_range",
            f"The last day ({last.isoformat()}) is before the first day ({first.isoformat()}).",
            {"from": first.isoformat(), "to": last.isoformat()},
        )
    start = from_minutes(zone.dates_window(first, first)[0]) if first is not None else None
    end = from_minutes(zone.dates_window(last, last)[1]) if last is not None else None
    return start, end


def _json_cell(value: Mapping[str, Any] | None) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def export_csv(rows: Sequence[AuditRow], tz: ZoneInfo) -> str:
    """The entries as CSV text (times in ``tz``, before/after as JSON), each cell guarded
    against spreadsheet formulas as the customers export does."""
    # Imported here: customer_io writes audit entries, so it imports this module.
    from app.booking.customer_io import escape_cell

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        cells = [
            str(row.id),
            row.at.astimezone(tz).isoformat(),
            row.user,
            row.action,
            row.entity_type,
            "" if row.entity_id is None else str(row.entity_id),
            _json_cell(row.before),
            _json_cell(row.after),
        ]
        writer.writerow([escape_cell(c) for c in cells])
    return out.getvalue()


__all__ = [
    "CSV_COLUMNS",
    "AuditFilter",
    "AuditRow",
    "branch_zone",
    "count",
    "entity_types",
    "entries",
    "export_csv",
    "find_ids",
    "local_dates_range",
    "record",
    "rows_by_ids",
]
