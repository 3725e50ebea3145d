"""Durations as people write them in setup files, and as whole minutes in the database.

Two spellings are read: the short one of the setup files ("45m", "1h30m", "2h", "1d",
"2w", units in falling order, each at most once) and ISO 8601 ("PT1H30M", "P1D", "P2W",
"P1DT12H"). Every rule of the booking system counts in whole minutes, so seconds, months
and years (months and years have no fixed length) are refused rather than rounded.

``format_duration`` writes one canonical short form so that an exported setup file is the
same text however the duration was first written: whole weeks as "2w", otherwise days,
hours and minutes ("60d", "1d12h", "1h30m"), and "0m" for nothing.
"""

from __future__ import annotations

import re

MINUTE = 1
HOUR = 60
DAY = 24 * HOUR
WEEK = 7 * DAY

#: Ten years: longer than any lead time or reminder makes sense, and far inside a 32-bit
#: integer column.
MAX_MINUTES = 3660 * DAY

EXAMPLES = '"45m", "1h30m", "2h", "1d", "2w" or ISO 8601 such as "PT1H30M" or "P1D"'

_UNITS = {"w": WEEK, "d": DAY, "h": HOUR, "m": MINUTE}
_SHORT = re.compile(r"(?:(\d+)\s*w)?\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?", re.I)
_ISO = re.compile(
    r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?",
    re.I,
)


class DurationError(ValueError):
    """A text that is not a duration; the message says what was expected."""


def parse_duration(text: str) -> int:
    """Whole minutes of ``text``; raises DurationError with a message for a receptionist."""
    raw = text.strip()
    if not raw:
        raise DurationError(f"an empty text is not a duration; expected {EXAMPLES}")
    if raw[0] in "pP":
        minutes = _parse_iso(raw)
    else:
        if raw.isdigit():
            raise DurationError(
                f'"{raw}" has no unit; write "{raw}m" for minutes, "{raw}h" for hours or '
                f'"{raw}d" for days'
            )
        match = _SHORT.fullmatch(raw)
        if match is None or all(g is None for g in match.groups()):
            raise DurationError(f'"{raw}" is not a duration; expected {EXAMPLES}')
        minutes = sum(
            int(part) * unit
            for part, unit in zip(match.groups(), _UNITS.values(), strict=True)
            if part is not None
        )
    if minutes > MAX_MINUTES:
        raise DurationError(f'"{raw}" is longer than ten years; expected a shorter duration')
    return minutes


def _parse_iso(raw: str) -> int:
    match = _ISO.fullmatch(raw)
    if match is None or all(g is None for g in match.groups()) or raw.upper().endswith("T"):
        date_part = raw.upper()[1:].split("T", 1)[0]
        if re.search(r"\d[YM]", date_part):
            raise DurationError(
                f'"{raw}" counts in months or years, which have no fixed length; '
                'expected weeks, days, hours or minutes such as "P30D"'
            )
        raise DurationError(f'"{raw}" is not a duration; expected {EXAMPLES}')
    weeks, days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    if seconds % 60:
        raise DurationError(
            f'"{raw}" is not a whole number of minutes; expected a duration in minutes'
        )
    return weeks * WEEK + days * DAY + hours * HOUR + minutes + seconds // 60


def format_duration(minutes: int) -> str:
    """The canonical short form: "2w", "60d", "1d12h", "1h30m", "0m"."""
    if minutes < 0:
        raise ValueError(f"a duration cannot be negative ({minutes} minutes)")
    if minutes == 0:
        return "0m"
    if minutes % WEEK == 0:
        return f"{minutes // WEEK}w"
    days, rest = divmod(minutes, DAY)
    hours, mins = divmod(rest, HOUR)
    out = ""
    if days:
        out += f"{days}d"
    if hours:
        out += f"{hours}h"
    if mins:
        out += f"{mins}m"
    return out
