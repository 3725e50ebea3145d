"""Telling other desks what changed.

A use case that changes appointments calls :func:`announce` inside its transaction. On
PostgreSQL that is a ``NOTIFY`` on the channel ``frontdesk_changes``, delivered to every
listening desk when (and only if) the transaction commits, with the branch and the
changed time range as JSON. SQLite has no such thing; desks sharing a SQLite file notice
commits through ``PRAGMA data_version`` instead (see app/views/watcher.py) and reload what
they show.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

CHANNEL = "frontdesk_changes"


@dataclass(frozen=True)
class Change:
    """What changed: a branch, a time range (None: unknown, reload everything shown)."""

    branch_id: int | None
    start: datetime | None
    end: datetime | None
    appointment_ids: tuple[int, ...] = ()

    def to_json(self) -> str:
        return json.dumps(
            {
                "branch": self.branch_id,
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None,
                "ids": list(self.appointment_ids),
            }
        )

    @classmethod
    def from_json(cls, payload: str) -> Change:
        try:
            data: dict[str, Any] = json.loads(payload)
            return cls(
                branch_id=data.get("branch"),
                start=datetime.fromisoformat(data["start"]) if data.get("start") else None,
                end=datetime.fromisoformat(data["end"]) if data.get("end") else None,
                appointment_ids=tuple(int(i) for i in data.get("ids") or ()),
            )
        except (ValueError, KeyError, TypeError):
            return cls(None, None, None)

    def touches(self, branch_id: int, start: datetime, end: datetime) -> bool:
        """Whether a view of ``branch_id`` over [start, end) must reload."""
        if self.branch_id is not None and self.branch_id != branch_id:
            return False
        if self.start is None or self.end is None:
            return True
        return self.start < end and self.end > start


def announce(session: Session, change: Change) -> None:
    """Queue the notice in the current transaction (PostgreSQL); a no-op on SQLite."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": CHANNEL, "payload": change.to_json()},
    )
