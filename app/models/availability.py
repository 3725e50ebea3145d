"""Blocked times and repeating availability periods of agents.

A blocked time is an instant range (UTC). A repeating availability period is wall-clock
time of the branch: its first occurrence runs from ``start_local`` to ``end_local`` and
``rrule`` (RFC 5545, without DTSTART) repeats it; ``exdates`` lists the local dates of
removed occurrences.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, JSONValue, UTCDateTime


class BlockedTime(Base):
    __tablename__ = "blocked_times"
    __table_args__ = (CheckConstraint("end_at > start_at", name="times_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(200), default="")


class AvailabilityPeriod(Base):
    __tablename__ = "availability_periods"
    __table_args__ = (
        CheckConstraint("end_local > start_local", name="times_in_order"),
        CheckConstraint("slot_min IS NULL OR slot_min > 0", name="slot_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    #: None: every service of the agent.
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    start_local: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    end_local: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    slot_min: Mapped[int | None] = mapped_column(Integer)
    rrule: Mapped[str | None] = mapped_column(Text)
    #: ISO dates ("2026-12-26") of removed occurrences.
    exdates: Mapped[list[str]] = mapped_column(JSONValue, default=list)
