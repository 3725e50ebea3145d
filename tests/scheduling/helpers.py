"""Small builders shared by the scheduling tests: readable times in, engine minutes out.

They convert with ``zoneinfo`` directly rather than through the engine's own converter,
so the tests do not grade the engine against itself.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule as du

from app.scheduling.intervals import Intervals
from app.scheduling.recurrence import RepeatingPeriod, parse_rule
from app.scheduling.zone import LocalZone, local_minute

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def utc(text: str) -> int:
    """``"2026-03-09T14:00"`` read as UTC -> minutes since the epoch."""
    return (datetime.fromisoformat(text).replace(tzinfo=UTC) - EPOCH) // timedelta(minutes=1)


def at(tz: str, text: str) -> int:
    """A wall-clock time of ``tz`` (an unambiguous one) -> UTC minutes since the epoch."""
    aware = datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz))
    return (aware - EPOCH) // timedelta(minutes=1)


def wall(tz: str, minutes: int) -> str:
    """UTC minutes -> ``"2026-03-09T09:00"`` on the wall clock of ``tz``."""
    moment = (EPOCH + timedelta(minutes=minutes)).astimezone(ZoneInfo(tz))
    return moment.strftime("%Y-%m-%dT%H:%M")


def walls(tz: str, starts: list[int]) -> list[str]:
    return [wall(tz, start) for start in starts]


def naive_period_windows(
    period: RepeatingPeriod, zone: LocalZone, start: int, end: int
) -> Intervals:
    """Reference expansion: iterate the rule from DTSTART, no fast-forwarding, no caches."""
    length = local_minute(period.end_local) - local_minute(period.start_local)
    last = zone.to_local(end) + 2 * 1440
    if period.rrule is None:
        occurrences = [period.start_local]
    else:
        text = parse_rule(period.rrule, zone.key).text
        occurrences = []
        for occurrence in du.rrulestr(text, dtstart=period.start_local):
            if local_minute(occurrence) > last:
                break
            occurrences.append(occurrence)
    windows: Intervals = []
    for occurrence in occurrences:
        if occurrence.date() in period.exdates:
            continue
        minute = local_minute(occurrence)
        utc_start, utc_end = zone.to_utc(minute), zone.to_utc(minute + length)
        if utc_start < utc_end and utc_start < end and utc_end > start:
            windows.append((utc_start, utc_end))
    return windows
