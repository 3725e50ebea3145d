"""Notification templates, the leases that keep a scheduled job on one desk, and the table
where APScheduler keeps the scheduled jobs' definitions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    LargeBinary,
    String,
    Table,
    Text,
    Unicode,
    UniqueConstraint,
)
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
    """Held by the desk that runs a job now; others skip the job while it is valid.

    The row also remembers the job's last run (when, by whom, with what result) and when
    it is next due, so that any desk, or ``frontdesk jobs``, can tell what the jobs did.
    """

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    #: How often the job runs, in words ("every minute", "at each branch's midnight").
    schedule: Mapped[str | None] = mapped_column(String(200))
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: True: the last run finished; False: it failed (``last_result`` says why).
    last_ok: Mapped[bool | None] = mapped_column(Boolean)
    last_result: Mapped[str | None] = mapped_column(Text)
    #: Before this instant the job has nothing to do; None: due now.
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


#: APScheduler's job store (SQLAlchemyJobStore, table ``apscheduler_jobs``): declared here
#: with APScheduler's own column types so the migrations create it and stay equal to the
#: models; only APScheduler reads and writes it.
apscheduler_jobs = Table(
    "apscheduler_jobs",
    Base.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)
