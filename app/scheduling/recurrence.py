"""Wall-clock schedules turned into UTC minute intervals, only inside the window asked for.

Three kinds of local-time rules meet here: weekly hours segments ("Mon-Fri 09:00-12:00"),
repeating availability periods (a first occurrence plus an RFC 5545 RRULE, minus exception
dates) and closed days (weekdays and date ranges). Each is expanded for the local days that
cover a UTC window and converted with :class:`~app.scheduling.zone.LocalZone`, so 09:00
stays 09:00 on the wall across daylight-saving changes (see that module for gaps and folds).

Recurrences are never expanded from DTSTART onwards. A rule with COUNT is bounded by its
count, so its occurrences are computed once and cached; a rule without COUNT is
*fast-forwarded*: its start is moved by whole multiples of the rule's period (days, weeks,
months, years) to just before the window, keeping its phase and wall-clock time, and only
then handed to python-dateutil. A period that began years ago thus costs what one that
began this week does. Parsed rules are cached by their text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from dateutil import rrule as du

from app.scheduling.days import ALL_DAYS, DAY_CODES
from app.scheduling.intervals import Interval, Intervals, normalize
from app.scheduling.zone import (
    MINUTES_PER_DAY,
    LocalZone,
    day_number,
    local_minute,
    wall_clock,
    weekday_of_day,
    zone_for,
)

#: How far local and UTC clocks may disagree about "the same window", with room to spare
#: (offsets span UTC-12 to UTC+14); used to widen local searches before exact UTC filtering.
_ZONE_SLACK = MINUTES_PER_DAY + 60


@dataclass(frozen=True, slots=True)
class WeeklySegment:
    """One weekly working-hours segment of an agent (or a service's own hours).

    ``days`` is a weekday bit mask (app.scheduling.days); ``start_minute``/``end_minute``
    are minutes of the local day, ``end_minute`` up to 1440 (24:00). ``services`` lists the
    service ids the segment is open for; None means every service of the agent (an
    ``AgentHours`` row with an empty ``services`` list).
    """

    days: int
    start_minute: int
    end_minute: int
    services: frozenset[int] | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start_minute < self.end_minute <= MINUTES_PER_DAY:
            raise ValueError(
                f"segment minutes must satisfy 0 <= start < end <= 1440, "
                f"got {self.start_minute}-{self.end_minute}"
            )
        if not 0 <= self.days <= ALL_DAYS:
            raise ValueError(f"days mask {self.days} out of range 0..{ALL_DAYS}")

    def allows(self, service_id: int) -> bool:
        return self.services is None or service_id in self.services


@dataclass(frozen=True, slots=True)
class RepeatingPeriod:
    """A repeating availability period of an agent, in the branch's wall-clock time.

    The first occurrence runs from ``start_local`` to ``end_local`` (naive datetimes);
    ``rrule`` (RFC 5545 RRULE text without DTSTART; None: it happens once) repeats it, and
    occurrences starting on a local date in ``exdates`` are removed. ``service_id`` limits it
    to one service (None: every service of the agent); ``slot_step`` (minutes) overrides
    the service's slot step inside its occurrences. From an ``AvailabilityPeriod`` row:
    ``exdates=frozenset(map(date.fromisoformat, row.exdates))``, ``slot_step=row.slot_min``.
    """

    start_local: datetime
    end_local: datetime
    rrule: str | None = None
    exdates: frozenset[date] = frozenset()
    service_id: int | None = None
    slot_step: int | None = None

    def __post_init__(self) -> None:
        if self.start_local.tzinfo is not None or self.end_local.tzinfo is not None:
            raise ValueError("period times are wall-clock times and must be naive")
        if self.end_local <= self.start_local:
            raise ValueError(f"period ends ({self.end_local}) before it starts")
        if self.slot_step is not None and self.slot_step <= 0:
            raise ValueError(f"slot step must be positive, got {self.slot_step}")

    def allows(self, service_id: int) -> bool:
        return self.service_id is None or self.service_id == service_id


@dataclass(frozen=True, slots=True)
class DateRange:
    """Local calendar dates ``first`` to ``last``, both inclusive (a closure, a holiday)."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"date range ends ({self.last}) before it starts ({self.first})")


# --- weekly segments ---------------------------------------------------------------------


def _days_covering(zone: LocalZone, start: int, end: int) -> range:
    """Local days on which some instant of ``[start, end)`` falls."""
    return range(zone.day_of(start), zone.day_of(end - 1) + 1)


def segment_windows(
    segments: Iterable[WeeklySegment], zone: LocalZone, start: int, end: int
) -> Intervals:
    """Each segment's occurrence on each local day meeting ``[start, end)``, as UTC intervals.

    Returned sorted by start and *not merged*: every occurrence is a window whose start is
    the origin of a slot grid. An occurrence made empty by a daylight-saving gap is left out.
    """
    if start >= end:
        return []
    segments = tuple(segments)
    windows: Intervals = []
    for day in _days_covering(zone, start, end):
        bit = 1 << weekday_of_day(day)
        base = day * MINUTES_PER_DAY
        for segment in segments:
            if segment.days & bit:
                utc_start = zone.to_utc(base + segment.start_minute)
                utc_end = zone.to_utc(base + segment.end_minute)
                if utc_start < utc_end and utc_start < end and utc_end > start:
                    windows.append((utc_start, utc_end))
    windows.sort()
    return windows


# --- closed days -------------------------------------------------------------------------


def closed_intervals(
    zone: LocalZone,
    start: int,
    end: int,
    *,
    weekdays: int = 0,
    ranges: Sequence[DateRange] = (),
) -> Intervals:
    """Whole local days inside or touching ``[start, end)`` that are closed, as UTC intervals.

    A day is closed when its weekday is in the ``weekdays`` bit mask or it lies in one of
    ``ranges``. Each closed day covers its local midnight to the next, so an overnight
    window loses only its part on the closed day.
    """
    if start >= end:
        return []
    pieces: list[Interval] = []
    days = _days_covering(zone, start, end)
    if weekdays:
        for day in days:
            if weekdays & (1 << weekday_of_day(day)):
                pieces.append((zone.day_start(day), zone.day_start(day + 1)))
    for closure in ranges:
        first = max(day_number(closure.first), days.start)
        last = min(day_number(closure.last), days.stop - 1)
        if first <= last:
            pieces.append((zone.day_start(first), zone.day_start(last + 1)))
    return normalize(pieces)


# --- RRULE parsing and caching ----------------------------------------------------------

_FREQUENCIES = {
    "YEARLY": du.YEARLY,
    "MONTHLY": du.MONTHLY,
    "WEEKLY": du.WEEKLY,
    "DAILY": du.DAILY,
    "HOURLY": du.HOURLY,
    "MINUTELY": du.MINUTELY,
}
_WALL_UNTIL = re.compile(r"\d{8}T\d{6}")
_DATE_UNTIL = re.compile(r"\d{8}")
#: COUNT rules are expanded whole (and cached); this bounds that work and memory.
MAX_COUNT = 100_000
_DAY_PARTS = ("BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYEASTER")
_RFC_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
assert len(_RFC_DAYS) == len(DAY_CODES)


@dataclass(frozen=True, slots=True)
class ParsedRule:
    """An RRULE read once: what fast-forwarding needs, and text dateutil accepts as is.

    ``text`` has no ``RRULE:`` prefix and a wall-clock UNTIL (a UTC ``...Z`` UNTIL is
    converted to the branch's zone, a date-only UNTIL means the end of that local day).
    """

    text: str
    freq: int
    interval: int
    count: int | None
    #: The last possible occurrence start, in wall-clock time; None: no UNTIL.
    until: datetime | None
    has_day_part: bool
    has_month_part: bool


def _format_wall(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S")


@lru_cache(maxsize=2048)
def parse_rule(text: str, zone_key: str | None = None) -> ParsedRule:
    """Read and check RRULE text; ValueError (with the reason) when dateutil cannot use it.

    ``zone_key`` is needed only for a UTC UNTIL (``...Z``), which is turned into the
    branch's wall-clock time because the periods themselves are wall-clock times.
    """
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    parts: dict[str, str] = {}
    for item in filter(None, body.split(";")):
        name, sep, value = item.partition("=")
        name = name.strip().upper()
        if not sep or not value.strip():
            raise ValueError(f"malformed RRULE part {item!r} in {text!r}")
        if name in parts:
            raise ValueError(f"RRULE part {name} given twice in {text!r}")
        if name == "DTSTART":
            raise ValueError(f"RRULE text must not contain DTSTART: {text!r}")
        parts[name] = value.strip().upper()
    freq_name = parts.get("FREQ")
    if freq_name not in _FREQUENCIES:
        known = ", ".join(_FREQUENCIES)
        raise ValueError(f"RRULE FREQ must be one of {known}; got {freq_name!r} in {text!r}")
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValueError(f"RRULE may not have both COUNT and UNTIL: {text!r}")
    until = parts.get("UNTIL")
    if until is not None:
        parts["UNTIL"] = _wall_until(until, zone_key, text)
    try:
        interval = int(parts.get("INTERVAL", "1"))
        count = int(parts["COUNT"]) if "COUNT" in parts else None
    except ValueError:
        raise ValueError(f"RRULE INTERVAL and COUNT must be integers: {text!r}") from None
    if interval < 1 or (count is not None and count < 1):
        raise ValueError(f"RRULE INTERVAL and COUNT must be positive: {text!r}")
    if count is not None and count > MAX_COUNT:
        raise ValueError(f"RRULE COUNT above {MAX_COUNT} is not supported: {text!r}")
    normalized = ";".join(f"{name}={value}" for name, value in parts.items())
    if _never_occurs(normalized):
        raise ValueError(f"RRULE {text!r} names days that do not exist in its months")
    try:
        # Let dateutil reject what it cannot read (BYDAY=XX, BYMONTH=13, ...).
        du.rrulestr(normalized, dtstart=wall_clock(0))
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise ValueError(f"invalid RRULE {text!r}: {error}") from None
    return ParsedRule(
        text=normalized,
        freq=_FREQUENCIES[freq_name],
        interval=interval,
        count=count,
        until=_parse_wall(parts["UNTIL"]) if "UNTIL" in parts else None,
        has_day_part=any(part in parts for part in _DAY_PARTS),
        has_month_part="BYMONTH" in parts,
    )


def _parse_wall(value: str) -> datetime:
    return datetime.strptime(value, "%Y%m%dT%H%M%S")  # noqa: DTZ007 - wall-clock time


#: Longest length of each month (February in a leap year).
_MONTH_LENGTHS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@lru_cache(maxsize=2048)
def _never_occurs(text: str) -> bool:
    """True when BYMONTHDAY names no day that exists in any month the rule allows.

    dateutil searches such a rule ("February 30th") year by year up to 9999 before giving
    up, which takes seconds; catching the impossible combination here keeps one mistyped
    period from slowing every query. (A rule may still be empty for subtler reasons, such
    as BYSETPOS beyond the set, which dateutil handles just as slowly.)
    """
    parts = dict(item.split("=", 1) for item in text.split(";"))
    if "BYMONTHDAY" not in parts:
        return False
    try:
        days = [int(value) for value in parts["BYMONTHDAY"].split(",")]
        months = [
            int(value) for value in parts.get("BYMONTH", "1,2,3,4,5,6,7,8,9,10,11,12").split(",")
        ]
    except ValueError:
        return False  # malformed: dateutil's own parse reports it
    lengths = [_MONTH_LENGTHS[month - 1] for month in months if 1 <= month <= 12]
    return not any(-length <= day <= length and day != 0 for day in days for length in lengths)


def _wall_until(value: str, zone_key: str | None, text: str) -> str:
    try:
        if value.endswith("Z"):
            if zone_key is None:
                raise ValueError("a UTC UNTIL needs the branch's time zone")
            instant = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            wall = instant.astimezone(zone_for(zone_key).tz).replace(tzinfo=None)
            return _format_wall(wall)
        if _WALL_UNTIL.fullmatch(value):
            return value
        if _DATE_UNTIL.fullmatch(value):
            # A date: RFC 5545 includes occurrences on that date, so run to the day's end.
            return f"{value}T235959"
        raise ValueError("expected YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ")
    except ValueError as error:
        raise ValueError(f"invalid RRULE UNTIL {value!r} in {text!r}: {error}") from None


def validate_rule(text: str, zone_key: str | None = None) -> None:
    """Raise ValueError naming the problem if ``text`` is not an RRULE the engine can expand."""
    parse_rule(text, zone_key)


@lru_cache(maxsize=4096)
def _dateutil_rule(text: str, dtstart: datetime) -> du.rrule:
    rule = du.rrulestr(text, dtstart=dtstart)
    assert isinstance(rule, du.rrule)  # parse_rule admits a single RRULE only
    return rule


@lru_cache(maxsize=1024)
def _counted_starts(text: str, dtstart: datetime) -> tuple[int, ...]:
    """Every occurrence start of a COUNT rule as local minutes (bounded by COUNT)."""
    return tuple(local_minute(occurrence) for occurrence in _dateutil_rule(text, dtstart))


def clear_caches() -> None:
    """Forget parsed and expanded rules (benchmarks use it to time a cold start)."""
    parse_rule.cache_clear()
    _dateutil_rule.cache_clear()
    _counted_starts.cache_clear()
    _block_starts.cache_clear()
    _never_occurs.cache_clear()


# --- fast-forwarding ---------------------------------------------------------------------


def anchored_text(rule: ParsedRule, dtstart: datetime) -> str:
    """The rule with the parts dateutil would derive from DTSTART written out.

    dateutil fills a missing BYMONTHDAY (MONTHLY, YEARLY), BYMONTH (YEARLY) and BYDAY
    (WEEKLY) from DTSTART. Fast-forwarding moves DTSTART (to the first of a month, for
    MONTHLY and YEARLY, since the 31st does not exist in every month), so those parts must
    be pinned to the original DTSTART first or the rule would change meaning.
    """
    if rule.has_day_part:
        return rule.text
    extra: list[str] = []
    if rule.freq == du.WEEKLY:
        extra.append(f"BYDAY={_RFC_DAYS[dtstart.weekday()]}")
    elif rule.freq == du.MONTHLY:
        extra.append(f"BYMONTHDAY={dtstart.day}")
    elif rule.freq == du.YEARLY:
        if not rule.has_month_part:
            extra.append(f"BYMONTH={dtstart.month}")
        extra.append(f"BYMONTHDAY={dtstart.day}")
    return ";".join([rule.text, *extra])


def fast_forward(rule: ParsedRule, dtstart: datetime, not_after: datetime) -> datetime:
    """The latest start, a whole number of rule periods after ``dtstart``, not after ``not_after``.

    Occurrences from the returned start on are exactly the original rule's occurrences from
    there on (with :func:`anchored_text`), as the phase (weekday, week of the interval,
    month of the interval) and the wall-clock time are kept. For MONTHLY and YEARLY the
    start lands on the 1st of the month (of January), at DTSTART's time of day. Returns
    ``dtstart`` itself when no whole period fits. Only valid for rules without COUNT,
    whose occurrences depend on how many came before.
    """
    if rule.count is not None or not_after <= dtstart:
        return dtstart
    n = rule.interval
    if rule.freq in (du.DAILY, du.WEEKLY, du.HOURLY, du.MINUTELY):
        unit = {
            du.DAILY: timedelta(days=1),
            du.WEEKLY: timedelta(weeks=1),
            du.HOURLY: timedelta(hours=1),
            du.MINUTELY: timedelta(minutes=1),
        }[rule.freq]
        periods = (not_after - dtstart) // (unit * n)
        return dtstart + unit * n * periods
    if rule.freq == du.MONTHLY:
        months = (not_after.year - dtstart.year) * 12 + not_after.month - dtstart.month
        periods = months // n
        while periods > 0:
            index = dtstart.year * 12 + dtstart.month - 1 + periods * n
            candidate = dtstart.replace(year=index // 12, month=index % 12 + 1, day=1)
            if candidate <= not_after:
                return candidate
            periods -= 1
        return dtstart
    # YEARLY
    periods = (not_after.year - dtstart.year) // n
    while periods > 0:
        candidate = dtstart.replace(year=dtstart.year + periods * n, month=1, day=1)
        if candidate <= not_after:
            return candidate
        periods -= 1
    return dtstart


#: Occurrences of rules without COUNT are expanded, and cached, in blocks of this many local
#: days: the desk paging through weeks and the growing next-slot search ask for nearby
#: windows again and again, and a cached block spares dateutil's iteration. A window thus
#: expands at most one block beyond each of its ends, never from DTSTART.
_BLOCK_DAYS = 16
_BLOCK_MINUTES = _BLOCK_DAYS * MINUTES_PER_DAY


@lru_cache(maxsize=32768)
def _block_starts(rule: ParsedRule, dtstart: datetime, block: int) -> tuple[int, ...]:
    """Occurrence starts (local minutes) of a rule without COUNT inside one block of days."""
    first = block * _BLOCK_MINUTES
    last = first + _BLOCK_MINUTES - 1
    begin = wall_clock(first)
    if rule.until is not None and rule.until < begin:
        return ()
    moved = fast_forward(rule, dtstart, begin)
    starts: list[int] = []
    for occurrence in _dateutil_rule(anchored_text(rule, dtstart), moved).xafter(begin, inc=True):
        minute = local_minute(occurrence)
        if minute > last:
            break
        starts.append(minute)
    return tuple(starts)


def occurrence_starts(
    period: RepeatingPeriod, zone_key: str | None, first: int, last: int
) -> list[int]:
    """Local minutes of the occurrence starts in ``[first, last]`` (local minutes), EXDATEs kept.

    The window is in local minutes so that this function needs no zone arithmetic; the
    caller widens it to absorb UTC offsets.
    """
    origin = local_minute(period.start_local)
    if period.rrule is None:
        return [origin] if first <= origin <= last else []
    rule = parse_rule(period.rrule, zone_key)
    if rule.count is not None:
        if _never_occurs(anchored_text(rule, period.start_local)):
            return []
        starts = _counted_starts(rule.text, period.start_local)
        low = bisect_left(starts, first)
        high = bisect_left(starts, last + 1, lo=low)
        return list(starts[low:high])
    if rule.until is not None and rule.until < wall_clock(first):
        return []
    if _never_occurs(anchored_text(rule, period.start_local)):
        return []  # e.g. YEARLY;BYMONTH=2 from a January 30th: February 30th
    result: list[int] = []
    for block in range(first // _BLOCK_MINUTES, last // _BLOCK_MINUTES + 1):
        result.extend(
            minute
            for minute in _block_starts(rule, period.start_local, block)
            if first <= minute <= last
        )
    return result


def period_windows(period: RepeatingPeriod, zone: LocalZone, start: int, end: int) -> Intervals:
    """The period's occurrences meeting ``[start, end)`` (UTC minutes), as UTC intervals.

    Sorted by start, not merged: each occurrence is a window with its own slot grid. Each
    occurrence keeps its wall-clock times (09:00-12:00 stays so across a DST change), and
    one made empty by a DST gap is left out.
    """
    if start >= end:
        return []
    length = local_minute(period.end_local) - local_minute(period.start_local)
    first = zone.to_local(start) - length - _ZONE_SLACK
    last = zone.to_local(end) + _ZONE_SLACK
    excluded = {day_number(day) for day in period.exdates}
    windows: Intervals = []
    for minute in occurrence_starts(period, zone.key, first, last):
        if excluded and minute // MINUTES_PER_DAY in excluded:
            continue
        utc_start = zone.to_utc(minute)
        utc_end = zone.to_utc(minute + length)
        if utc_start < utc_end and utc_start < end and utc_end > start:
            windows.append((utc_start, utc_end))
    return windows


__all__ = [
    "DateRange",
    "ParsedRule",
    "RepeatingPeriod",
    "WeeklySegment",
    "anchored_text",
    "clear_caches",
    "closed_intervals",
    "fast_forward",
    "occurrence_starts",
    "parse_rule",
    "period_windows",
    "segment_windows",
    "validate_rule",
]
