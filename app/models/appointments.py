"""Appointments, status definitions and the status history.

``block_start``/``block_end`` are the appointment widened by its buffers: the time the
agent is kept from other appointments. ``blocking`` copies the status's ``blocks_time`` so
that PostgreSQL's exclusion constraint can test it without a join; app.booking keeps the
two in step. ``version`` is SQLAlchemy's optimistic lock: a stale write raises
``StaleDataError`` instead of overwriting another desk's change.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, JSONValue, Timestamps, UTCDateTime

if TYPE_CHECKING:
    from app.models.people import Agent, Customer
    from app.models.services import Service

SOURCES = ("walk-in", "phone", "desk", "self-service", "sync", "import")
PREDICATES = ("start", "confirmation", "cancellation")

status_services = Table(
    "status_services",
    Base.metadata,
    Column("status_id", ForeignKey("statuses.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)


class StatusDefinition(Base):
    """A status an appointment can be in; seven are built in, more can be added."""

    __tablename__ = "statuses"
    __table_args__ = (
        CheckConstraint(
            "predicate IS NULL OR predicate IN ('start','confirmation','cancellation')",
            name="predicate_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    predicate: Mapped[str | None] = mapped_column(String(20))
    color: Mapped[str | None] = mapped_column(String(9))
    blocks_time: Mapped[bool] = mapped_column(Boolean, default=True)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    #: True: usable with every service; False: only with ``services``.
    all_services: Mapped[bool] = mapped_column(Boolean, default=True)

    services: Mapped[list[Service]] = relationship(secondary=status_services)


class Appointment(Timestamps, Base):
    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="times_in_order"),
        CheckConstraint("block_start <= start_at AND block_end >= end_at", name="block_covers"),
        Index("ix_appointments_agent_block", "agent_id", "block_start", "block_end"),
        Index("ix_appointments_start", "start_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    block_start: Mapped[datetime] = mapped_column(UTCDateTime)
    block_end: Mapped[datetime] = mapped_column(UTCDateTime)
    status_id: Mapped[int] = mapped_column(ForeignKey("statuses.id"))
    blocking: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(20), default="desk")
    field_values: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)
    #: Shared by the occurrences of a repeating reservation.
    series_id: Mapped[str | None] = mapped_column(String(36), index=True)
    #: Unguessable token of the customer's private link (self-service pages).
    manage_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: Set by the nightly clean-up (app.jobs.cleanup) once the appointment is older than
    #: the branch's retention; the calendar and the job queries skip archived rows.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    service: Mapped[Service] = relationship()
    agent: Mapped[Agent | None] = relationship()
    customer: Mapped[Customer] = relationship()
    status: Mapped[StatusDefinition] = relationship()
    history: Mapped[list[StatusHistory]] = relationship(
        back_populates="appointment",
        cascade="all, delete-orphan",
        order_by="(StatusHistory.changed_at.desc(), StatusHistory.id.desc())",
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it)


class StatusHistory(Base):
    """One status change; never updated, only appended."""

    __tablename__ = "status_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE"), index=True
    )
    from_status_id: Mapped[int | None] = mapped_column(ForeignKey("statuses.id"))
    to_status_id: Mapped[int] = mapped_column(ForeignKey("statuses.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Who did it, as shown to people ("Dana (receptionist)", "sync: Outlook").
    actor: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str | None] = mapped_column(Text)

    appointment: Mapped[Appointment] = relationship(back_populates="history")
    from_status: Mapped[StatusDefinition | None] = relationship(foreign_keys=[from_status_id])
    to_status: Mapped[StatusDefinition] = relationship(foreign_keys=[to_status_id])
