"""Calendar accounts, cached busy time of other events, sync cursors, links and the outbox.

Nothing here holds a secret: ``keyring_ref`` names the OS keyring entry that does.
``external_busy`` keeps only start, end and show-as of other people's events, never a title.
The outbox is written in the same transaction as the change that causes it and drained by
the sync and mail workers with its ``idempotency_key``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, JSONValue, Timestamps, UTCDateTime

PROVIDERS = ("graph", "google", "ews", "caldav")
SHOW_AS = ("free", "tentative", "busy", "oof", "workingElsewhere", "unknown")


class CalendarAccount(Timestamps, Base):
    __tablename__ = "calendar_accounts"
    __table_args__ = (
        CheckConstraint("provider IN ('graph','google','ews','caldav')", name="provider_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(20))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    username: Mapped[str | None] = mapped_column(String(320))
    server_url: Mapped[str | None] = mapped_column(String(500))
    #: Non-secret options: calendars checked for conflicts, blocking show-as values, version.
    options: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    #: The calendar that receives the branch's appointments; None: don't add to a calendar.
    target_calendar: Mapped[str | None] = mapped_column(String(500))
    keyring_ref: Mapped[str | None] = mapped_column(String(200))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    interval_min: Mapped[int] = mapped_column(Integer, default=5)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


class ExternalBusy(Base):
    __tablename__ = "external_busy"
    __table_args__ = (
        UniqueConstraint("account_id", "calendar", "external_id"),
        Index("ix_external_busy_agent_range", "agent_id", "start_at", "end_at"),
        CheckConstraint("end_at > start_at", name="times_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("calendar_accounts.id", ondelete="CASCADE"))
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    calendar: Mapped[str] = mapped_column(String(500), default="")
    external_id: Mapped[str] = mapped_column(String(500))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    show_as: Mapped[str] = mapped_column(String(20), default="busy")


class SyncCursor(Base):
    """Where the last incremental read of one calendar stopped (delta link, sync token)."""

    __tablename__ = "sync_cursors"
    __table_args__ = (UniqueConstraint("account_id", "calendar"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("calendar_accounts.id", ondelete="CASCADE"))
    calendar: Mapped[str] = mapped_column(String(500), default="")
    cursor: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ExternalEventLink(Base):
    """A desk appointment as it was written to an agent's calendar."""

    __tablename__ = "external_event_links"
    __table_args__ = (UniqueConstraint("appointment_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("calendar_accounts.id", ondelete="CASCADE"))
    external_id: Mapped[str | None] = mapped_column(String(500))
    etag: Mapped[str | None] = mapped_column(String(500))
    pushed_version: Mapped[int | None] = mapped_column(Integer)
    #: Start/end as last written, to tell a remote move from our own write.
    pushed_start_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pushed_end_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    conflict: Mapped[str | None] = mapped_column(Text)


class OutboxItem(Base):
    """A message to the outside world (mail or calendar write), sent at least once, applied once."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "state", "due_at"),
        CheckConstraint("kind IN ('mail','calendar')", name="kind_known"),
        CheckConstraint("state IN ('pending','sent','failed','cancelled')", name="state_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="SET NULL"), index=True
    )
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("calendar_accounts.id", ondelete="CASCADE")
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_by: Mapped[str | None] = mapped_column(String(100))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
