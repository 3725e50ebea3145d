"""Wall-clock time of a branch's IANA zone, converted to and from UTC minutes at the edges.

Inside the engine an instant is an ``int``: minutes since 1970-01-01 00:00 UTC. A *local
minute* is the same count on the branch's wall clock (minutes since 1970-01-01 00:00 local),
and a *local day* is ``local_minute // 1440`` (days since 1970-01-01, a Thursday). Working
with plain integers keeps the hot loops free of datetime objects; this module is the one
place that knows about zones.

Wall-clock times that do not map to exactly one instant are defined as follows, so that
"09:00 to 12:00 on Mondays" keeps meaning wall-clock time across daylight-saving changes:

* **Gap** (spring forward, e.g. 02:00-03:00 does not exist in Toronto on the second Sunday
  of March): a time inside the gap means the instant the gap ends, i.e. the moment the
  clocks jump. A window is therefore cut short by the gap, never stretched or reversed: a
  01:00-03:00 window on that night is one real hour long, and a window lying wholly inside
  the gap is empty that night.
* **Fold** (fall back, e.g. 01:00-02:00 happens twice): a repeated time means its first
  occurrence (PEP 495 ``fold=0``). A window 01:00-03:00 on that night is three real hours
  long, since it covers the repeated hour as well.

Both rules make the conversion non-decreasing, so a window's order is never reversed.
UTC offsets are taken in whole minutes (rounded down); only pre-1900 local mean times have
second offsets.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 1440
_EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 - the wall-clock origin of local minutes
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday; Monday is 0 as in date.weekday()


def day_number(day: date) -> int:
    """Local day number of a calendar date: days since 1970-01-01."""
    return day.toordinal() - _EPOCH_ORDINAL


def date_of_day(day: int) -> date:
    """The calendar date of a local day number."""
    return date.fromordinal(day + _EPOCH_ORDINAL)


def weekday_of_day(day: int) -> int:
    """``date.weekday()`` of a local day number (Monday 0 ... Sunday 6), without a date."""
    return (day + _EPOCH_WEEKDAY) % 7


def local_minute(wall: datetime) -> int:
    """A naive wall-clock datetime as a local minute (seconds are dropped)."""
    if wall.tzinfo is not None:
        raise ValueError(f"expected a naive wall-clock datetime, got {wall!r}")
    return (wall.toordinal() - _EPOCH_ORDINAL) * MINUTES_PER_DAY + wall.hour * 60 + wall.minute


def wall_clock(minute: int) -> datetime:
    """A local minute as a naive wall-clock datetime."""
    return _EPOCH + timedelta(minutes=minute)


def to_minutes(instant: datetime, *, round_up: bool = False) -> int:
    """An aware datetime as UTC minutes since the epoch.

    Seconds are rounded down by default; pass ``round_up=True`` for "now", so that a slot
    that began a few seconds ago is not offered as still ahead.
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime {instant!r} given where an instant is required")
    delta = instant - _EPOCH_UTC
    whole, rest = divmod(delta, timedelta(minutes=1))
    return whole + 1 if round_up and rest else whole


def from_minutes(minutes: int) -> datetime:
    """UTC minutes since the epoch as an aware UTC datetime."""
    return _EPOCH_UTC + timedelta(minutes=minutes)


def _offset_minutes(aware: datetime) -> int:
    offset = aware.utcoffset()
    assert offset is not None  # zoneinfo always answers for an aware datetime
    return int(offset.total_seconds()) // 60


class LocalZone:
    """Converts between local minutes and UTC minutes for one IANA zone, fast.

    Most local days have a single UTC offset; for those the conversion is one subtraction
    with the day's offset, cached per day. Days on which the offset changes take the exact
    path through ``zoneinfo``, with the gap and fold rules of this module. The cache assumes
    an offset changes at most once within a local day, which holds for every zone's rules.
    It is safe to share between threads: a race only computes the same day twice.
    """

    def __init__(self, key: str) -> None:
        self.key = key
        self.tz = ZoneInfo(key)
        #: local day -> its single UTC offset in minutes, or None for a transition day.
        self._day_offsets: dict[int, int | None] = {}

    def __repr__(self) -> str:
        return f"LocalZone({self.key!r})"

    def _offset_at_utc(self, utc_minute: int) -> int:
        return _offset_minutes(from_minutes(utc_minute).astimezone(self.tz))

    def _offset_of_wall(self, minute: int) -> int:
        """Offset zoneinfo gives a wall time with ``fold=0`` (the pre-transition one in a gap)."""
        return _offset_minutes(wall_clock(minute).replace(tzinfo=self.tz))

    def _day_offset(self, day: int) -> int | None:
        try:
            return self._day_offsets[day]
        except KeyError:
            pass
        at_start = self._offset_of_wall(day * MINUTES_PER_DAY)
        at_end = self._offset_of_wall((day + 1) * MINUTES_PER_DAY)
        offset = at_start if at_start == at_end else None
        self._day_offsets[day] = offset
        return offset

    def to_utc(self, minute: int) -> int:
        """UTC minute of a local minute (gap: the end of the gap; fold: first occurrence)."""
        offset = self._day_offset(minute // MINUTES_PER_DAY)
        if offset is not None:
            return minute - offset
        return self._to_utc_exact(minute)

    def _to_utc_exact(self, minute: int) -> int:
        before = self._offset_of_wall(minute)
        candidate = minute - before
        if self._offset_at_utc(candidate) == before:
            # A real wall time (in a fold, fold=0 already is the first occurrence).
            return candidate
        # Inside a gap: ``before`` is the offset before the jump, ``after`` the one after,
        # and the jump happened in (minute - after, minute - before]. Find its minute.
        after = _offset_minutes(wall_clock(minute).replace(tzinfo=self.tz, fold=1))
        low, high = minute - after, candidate
        while high - low > 1:
            middle = (low + high) // 2
            if self._offset_at_utc(middle) == before:
                low = middle
            else:
                high = middle
        return high

    def to_local(self, utc_minute: int) -> int:
        """Local minute of a UTC minute."""
        offset = self._day_offset((utc_minute + self._offset_hint(utc_minute)) // MINUTES_PER_DAY)
        if offset is not None:
            # The hint may sit on a neighbouring day near midnight; confirm cheaply.
            local = utc_minute + offset
            if self._day_offset(local // MINUTES_PER_DAY) == offset:
                return local
        return utc_minute + self._offset_at_utc(utc_minute)

    def _offset_hint(self, utc_minute: int) -> int:
        day = utc_minute // MINUTES_PER_DAY
        offset = self._day_offset(day)
        return offset if offset is not None else 0

    def day_start(self, day: int) -> int:
        """UTC minute at which a local day begins (the gap's end if midnight is skipped)."""
        return self.to_utc(day * MINUTES_PER_DAY)

    def day_of(self, utc_minute: int) -> int:
        """The local day an instant falls on."""
        return self.to_local(utc_minute) // MINUTES_PER_DAY

    def wall_to_utc(self, wall: datetime) -> int:
        """UTC minute of a naive wall-clock datetime."""
        return self.to_utc(local_minute(wall))

    def dates_window(self, first: date, last: date) -> tuple[int, int]:
        """``[start, end)`` in UTC minutes of local dates ``first`` to ``last`` inclusive."""
        if last < first:
            raise ValueError(f"last date {last} is before first date {first}")
        return self.day_start(day_number(first)), self.day_start(day_number(last) + 1)


@lru_cache(maxsize=64)
def zone_for(key: str) -> LocalZone:
    """The shared converter of a zone, so its per-day cache is reused across queries."""
    return LocalZone(key)


__all__ = [
    "MINUTES_PER_DAY",
    "LocalZone",
    "date_of_day",
    "day_number",
    "from_minutes",
    "local_minute",
    "to_minutes",
    "wall_clock",
    "weekday_of_day",
    "zone_for",
]
