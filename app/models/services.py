"""Services: what a customer books, with its rules, form fields and own hours.

Durations are whole minutes. ``availability_mode`` is ``"agents"`` (the agents' hours decide)
or ``"agents+service"`` (both the agent and the service's own hours must be open).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Timestamps
from app.models.branch import Closure

if TYPE_CHECKING:
    from app.models.branch import Branch
    from app.models.people import Agent

VISITOR_LIMIT_PERIODS = ("day", "week", "month", "future")
AVAILABILITY_MODES = ("agents", "agents+service")


class ServiceAgent(Base):
    """Which agents give which service."""

    __tablename__ = "service_agents"

    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), primary_key=True
    )
    agent_id: Mapped[int] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class Service(Timestamps, Base):
    __tablename__ = "services"
    __table_args__ = (
        UniqueConstraint("branch_id", "name"),
        CheckConstraint("duration_min > 0", name="duration_positive"),
        CheckConstraint("max_lead_min >= min_lead_min", name="leads_in_order"),
        CheckConstraint(
            "visitor_limit_per IS NULL OR visitor_limit_per IN ('day','week','month','future')",
            name="visitor_limit_per_known",
        ),
        CheckConstraint(
            "availability_mode IN ('agents','agents+service')", name="availability_mode_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    color: Mapped[str | None] = mapped_column(String(9))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    duration_min: Mapped[int] = mapped_column(Integer)
    #: None: slots step by duration plus buffers.
    slot_step_min: Mapped[int | None] = mapped_column(Integer)
    buffer_before_min: Mapped[int] = mapped_column(Integer, default=0)
    buffer_after_min: Mapped[int] = mapped_column(Integer, default=0)
    min_lead_min: Mapped[int] = mapped_column(Integer, default=24 * 60)
    max_lead_min: Mapped[int] = mapped_column(Integer, default=30 * 24 * 60)
    allow_choose_agent: Mapped[bool] = mapped_column(Boolean, default=True)
    allow_cancel: Mapped[bool] = mapped_column(Boolean, default=True)
    visitor_limit_count: Mapped[int | None] = mapped_column(Integer)
    visitor_limit_per: Mapped[str | None] = mapped_column(String(10))
    reminder_before_min: Mapped[int | None] = mapped_column(Integer)
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    availability_mode: Mapped[str] = mapped_column(String(20), default="agents")

    branch: Mapped[Branch] = relationship(back_populates="services")
    agents: Mapped[list[Agent]] = relationship(
        secondary="service_agents", order_by="ServiceAgent.position", viewonly=True
    )
    agent_links: Mapped[list[ServiceAgent]] = relationship(
        cascade="all, delete-orphan", order_by="ServiceAgent.position"
    )
    fields: Mapped[list[ServiceField]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="ServiceField.position"
    )
    hours: Mapped[list[ServiceHours]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="ServiceHours.position"
    )
    closures: Mapped[list[Closure]] = relationship(
        cascade="all, delete-orphan", order_by="Closure.start_date"
    )


class ServiceField(Base):
    """A custom form field asked for when the service is booked."""

    __tablename__ = "service_fields"
    __table_args__ = (UniqueConstraint("service_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    #: "text", "multiline", "number", "date" or "choice".
    kind: Mapped[str] = mapped_column(String(20), default="text")
    choices: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    service: Mapped[Service] = relationship(back_populates="fields")


class ServiceHours(Base):
    """The service's own opening hours, used when availability_mode is agents+service."""

    __tablename__ = "service_hours"
    __table_args__ = (CheckConstraint("end_minute > start_minute", name="times_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    days: Mapped[int] = mapped_column(Integer)
    start_minute: Mapped[int] = mapped_column(Integer)
    end_minute: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)

    service: Mapped[Service] = relationship(back_populates="hours")


class LanguageItem(Base):
    """A visitor-facing text of a service's booking pages, per locale."""

    __tablename__ = "language_items"
    __table_args__ = (UniqueConstraint("service_id", "key", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    locale: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
