"""The branch and its closures (holidays), plus key/value settings.

A closure belongs to exactly one of: the branch, a service or an agent. Dates are local
calendar dates of the branch, inclusive at both ends.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, JSONValue, Timestamps

if TYPE_CHECKING:
    from app.models.people import Agent
    from app.models.services import Service


class Branch(Timestamps, Base):
    __tablename__ = "branches"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    #: ISO 3166 alpha-2; how local phone numbers are read and shown.
    country: Mapped[str | None] = mapped_column(String(2))
    theme_color: Mapped[str | None] = mapped_column(String(9))
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    greeting: Mapped[str | None] = mapped_column(Text)
    #: Bit mask, Monday = 1 << 0 ... Sunday = 1 << 6 (see app.scheduling.days).
    closed_weekdays: Mapped[int] = mapped_column(Integer, default=0)

    closures: Mapped[list[Closure]] = relationship(
        back_populates="branch",
        cascade="all, delete-orphan",
        order_by="Closure.start_date",
    )
    services: Mapped[list[Service]] = relationship(
        back_populates="branch", cascade="all, delete-orphan", order_by="Service.position"
    )
    agents: Mapped[list[Agent]] = relationship(
        back_populates="branch", cascade="all, delete-orphan", order_by="Agent.position"
    )


class Closure(Base):
    """A day or a run of days with no slot at all, for a branch, a service or an agent."""

    __tablename__ = "closures"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN branch_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN service_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN agent_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_owner",
        ),
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int | None] = mapped_column(
        ForeignKey("branches.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    agent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), index=True
    )
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200), default="")

    branch: Mapped[Branch | None] = relationship(back_populates="closures")


class Setting(Base):
    """A setting; ``scope`` is ``"global"`` or ``"branch:<id>"``."""

    __tablename__ = "settings"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40), default="global")
    key: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSONValue)
