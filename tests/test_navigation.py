"""Which dates each view shows and where Previous/Next lead (no widgets involved)."""

from __future__ import annotations

from datetime import date

import pytest

from app.views.calendar.navigation import ViewMode, step, visible_range, week_start


@pytest.mark.parametrize(
    ("day", "first_weekday", "expected"),
    [
        (date(2026, 11, 22), 0, date(2026, 11, 16)),  # Sunday, weeks from Monday
        (date(2026, 11, 22), 6, date(2026, 11, 22)),  # Sunday, weeks from Sunday
        (date(2026, 11, 16), 0, date(2026, 11, 16)),
        (date(2027, 1, 1), 0, date(2026, 12, 28)),  # across a year end
    ],
)
def test_week_start(day: date, first_weekday: int, expected: date) -> None:
    assert week_start(day, first_weekday) == expected


def test_visible_ranges() -> None:
    anchor = date(2028, 2, 10)
    assert visible_range(ViewMode.DAY, anchor) == (anchor, anchor)
    assert visible_range(ViewMode.WEEK, anchor) == (date(2028, 2, 7), date(2028, 2, 13))
    assert visible_range(ViewMode.MONTH, anchor) == (date(2028, 2, 1), date(2028, 2, 29))


@pytest.mark.parametrize(
    ("mode", "anchor", "delta", "expected"),
    [
        (ViewMode.DAY, date(2026, 12, 31), 1, date(2027, 1, 1)),
        (ViewMode.WEEK, date(2026, 3, 5), 1, date(2026, 3, 12)),
        (ViewMode.MONTH, date(2026, 1, 31), 1, date(2026, 2, 28)),
        (ViewMode.MONTH, date(2028, 1, 31), 1, date(2028, 2, 29)),
        (ViewMode.MONTH, date(2026, 3, 31), -1, date(2026, 2, 28)),
        (ViewMode.MONTH, date(2026, 12, 15), 1, date(2027, 1, 15)),
        (ViewMode.MONTH, date(2026, 1, 15), -1, date(2025, 12, 15)),
        (ViewMode.MONTH, date(2026, 5, 31), -14, date(2025, 3, 31)),
    ],
)
def test_step(mode: ViewMode, anchor: date, delta: int, expected: date) -> None:
    assert step(mode, anchor, delta) == expected
