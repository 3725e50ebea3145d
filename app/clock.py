"""The clock, passed in rather than read from a global, so every rule can be tested at any
moment (``--now`` on the command line does the same for what-if questions)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def fixed_clock(at: datetime) -> Clock:
    if at.tzinfo is None:
        raise ValueError("a fixed clock needs an aware datetime")

    def clock() -> datetime:
        return at

    return clock
