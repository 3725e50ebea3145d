"""Which dates a view shows and where Previous/Next/Today lead: plain date arithmetic,
tested without widgets."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import Enum


class ViewMode(Enum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


def week_start(day: date, first_weekday: int = 0) -> date:
    """The first day of ``day``'s week; ``first_weekday`` as date.weekday() (Monday 0)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def visible_range(mode: ViewMode, anchor: date, first_weekday: int = 0) -> tuple[date, date]:
    """First and last date (inclusive) the view shows around ``anchor``."""
    if mode is ViewMode.DAY:
        return anchor, anchor
    if mode is ViewMode.WEEK:
        start = week_start(anchor, first_weekday)
        return start, start + timedelta(days=6)
    first = anchor.replace(day=1)
    last = anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
    return first, last


def step(mode: ViewMode, anchor: date, delta: int) -> date:
    """Move ``delta`` days, weeks or months; a month step keeps the day where it exists
    (31 January + 1 month is 28 or 29 February)."""
    if mode is ViewMode.DAY:
        return anchor + timedelta(days=delta)
    if mode is ViewMode.WEEK:
        return anchor + timedelta(weeks=delta)
    month_index = anchor.year * 12 + (anchor.month - 1) + delta
    year, month = divmod(month_index, 12)
    month += 1
    day = min(anchor.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
