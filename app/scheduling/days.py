"""Weekdays as bits: Monday = 1 << 0 ... Sunday = 1 << 6 (Python's ``date.weekday()``)."""

from __future__ import annotations

from collections.abc import Iterable

DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAYS = (1 << 7) - 1


def mask_from_codes(codes: Iterable[str]) -> int:
    """``["mon", "wed"]`` -> 0b101. Raises ValueError naming an unknown code."""
    mask = 0
    for code in codes:
        try:
            mask |= 1 << DAY_CODES.index(code)
        except ValueError:
            raise ValueError(
                f"unknown day {code!r}; expected one of {', '.join(DAY_CODES)}"
            ) from None
    return mask


def codes_from_mask(mask: int) -> list[str]:
    return [code for i, code in enumerate(DAY_CODES) if mask & (1 << i)]


def has_weekday(mask: int, weekday: int) -> bool:
    """``weekday`` as ``date.weekday()``: Monday 0 ... Sunday 6."""
    return bool(mask & (1 << weekday))
