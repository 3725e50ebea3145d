"""Notification templates and the leases that keep a scheduled job on one desk."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime

EVENTS = (
    "request_received",
    "confirmed",
    "rejected",
    "created",
    "rescheduled",
    "cancelled",
    "noshow",
    "reminder",
)


class NotificationTemplate(Base):
    """Subject and body of one e-mail; a service's own template wins over the branch's."""

    __tablename__ = "notification_templates"
    __table_args__ = (
        UniqueConstraint("branch_id", "service_id", "event", "recipient", "locale"),
        CheckConstraint("recipient IN ('customer','agent')", name="recipient_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id", ondelete="CASCADE"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(10), default="en")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)


class JobLease(Base):
    """Held by the desk that runs a job now; others skip the job while it is valid."""

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    until: Mapped[datetime] = mapped_column(UTCDateTime)
