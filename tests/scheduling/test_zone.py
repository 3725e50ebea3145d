"""Local wall-clock time <-> UTC minutes, with the documented gap and fold rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.scheduling.zone import (
    LocalZone,
    date_of_day,
    day_number,
    from_minutes,
    local_minute,
    to_minutes,
    weekday_of_day,
    zone_for,
)
from tests.scheduling.helpers import at, utc

ZONES = ["America/Toronto", "Europe/Berlin", "Australia/Sydney"]

# (zone, local date of the change, UTC of 01:00, UTC of 03:00); the gap is 02:00-03:00
SPRING = [
    ("America/Toronto", "2026-03-08", "2026-03-08T06:00", "2026-03-08T07:00"),
    ("Europe/Berlin", "2026-03-29", "2026-03-29T00:00", "2026-03-29T01:00"),
    ("Australia/Sydney", "2026-10-04", "2026-10-03T15:00", "2026-10-03T16:00"),
]
# (zone, local date of the change, UTC of 01:00, UTC of 03:00, a repeated wall time)
AUTUMN = [
    ("America/Toronto", "2026-11-01", "2026-11-01T05:00", "2026-11-01T08:00", "01:30"),
    ("Europe/Berlin", "2026-10-25", "2026-10-24T23:00", "2026-10-25T02:00", "02:30"),
    ("Australia/Sydney", "2026-04-05", "2026-04-04T14:00", "2026-04-04T17:00", "02:30"),
]


@pytest.mark.parametrize(("tz", "day", "one", "three"), SPRING)
def test_spring_gap_maps_to_the_jump(tz: str, day: str, one: str, three: str) -> None:
    zone = LocalZone(tz)
    base = local_minute(datetime.fromisoformat(f"{day}T00:00"))
    assert zone.to_utc(base + 60) == utc(one)
    assert zone.to_utc(base + 180) == utc(three)
    # 02:00 and 02:30 do not exist: they mean the moment the clocks jump (= 03:00).
    assert zone.to_utc(base + 120) == utc(three)
    assert zone.to_utc(base + 150) == utc(three)
    # So a 01:00-03:00 window that night is one real hour.
    assert zone.to_utc(base + 180) - zone.to_utc(base + 60) == 60


@pytest.mark.parametrize(("tz", "day", "one", "three", "repeated"), AUTUMN)
def test_autumn_fold_takes_first_occurrence(
    tz: str, day: str, one: str, three: str, repeated: str
) -> None:
    zone = LocalZone(tz)
    base = local_minute(datetime.fromisoformat(f"{day}T00:00"))
    assert zone.to_utc(base + 60) == utc(one)
    assert zone.to_utc(base + 180) == utc(three)
    # The repeated time happens twice; the engine takes the first, an hour before the other.
    expected = datetime.fromisoformat(f"{day}T{repeated}").replace(tzinfo=zone.tz, fold=0)
    first = zone.to_utc(local_minute(expected.replace(tzinfo=None)))
    assert first == to_minutes(expected)
    assert to_minutes(expected.replace(fold=1)) - first == 60
    # A 01:00-03:00 window that night covers the repeated hour: three real hours.
    assert zone.to_utc(base + 180) - zone.to_utc(base + 60) == 180


@pytest.mark.parametrize("tz", ZONES)
def test_day_start_and_dates_window(tz: str) -> None:
    zone = zone_for(tz)
    assert zone.day_start(day_number(date(2026, 7, 1))) == at(tz, "2026-07-01T00:00")
    start, end = zone.dates_window(date(2026, 7, 1), date(2026, 7, 3))
    assert (start, end) == (at(tz, "2026-07-01T00:00"), at(tz, "2026-07-04T00:00"))
    with pytest.raises(ValueError, match="before"):
        zone.dates_window(date(2026, 7, 3), date(2026, 7, 1))


def test_midnight_in_a_gap_starts_the_day_at_the_jump() -> None:
    # Chile jumped from 24:00 to 01:00 on 2026-09-06 (Santiago); that day starts at 01:00.
    zone = LocalZone("America/Santiago")
    day = day_number(date(2026, 9, 6))
    expected = at("America/Santiago", "2026-09-06T01:00")
    assert zone.day_start(day) == expected
    assert zone.day_start(day) == zone.to_utc(day * 1440 + 30)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([*ZONES, "America/Santiago", "Australia/Lord_Howe", "UTC"]),
    st.integers(utc("2024-01-01T00:00"), utc("2028-12-31T00:00")),
)
def test_to_local_and_back_match_zoneinfo(tz: str, instant: int) -> None:
    zone = zone_for(tz)
    expected_wall = from_minutes(instant).astimezone(zone.tz).replace(tzinfo=None)
    local = zone.to_local(instant)
    assert local == local_minute(expected_wall)
    # Going back lands on the instant, or on the first occurrence of a repeated time.
    back = zone.to_utc(local)
    first = to_minutes(expected_wall.replace(tzinfo=zone.tz, fold=0))
    assert back == first
    assert zone.day_of(instant) == local // 1440


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([*ZONES, "America/Santiago", "Australia/Lord_Howe"]),
    st.integers(local_minute(datetime(2025, 1, 1)), local_minute(datetime(2027, 12, 31))),
    st.integers(0, 600),
)
def test_to_utc_never_goes_backwards(tz: str, minute: int, later: int) -> None:
    zone = zone_for(tz)
    assert zone.to_utc(minute) <= zone.to_utc(minute + later)


def test_day_helpers() -> None:
    assert weekday_of_day(day_number(date(2026, 3, 9))) == date(2026, 3, 9).weekday() == 0
    assert date_of_day(day_number(date(2028, 2, 29))) == date(2028, 2, 29)


def test_minutes_conversions() -> None:
    moment = datetime(2026, 3, 9, 14, 0, 30, tzinfo=UTC)
    assert to_minutes(moment) == utc("2026-03-09T14:00")
    assert to_minutes(moment, round_up=True) == utc("2026-03-09T14:01")
    assert to_minutes(moment.replace(second=0), round_up=True) == utc("2026-03-09T14:00")
    assert from_minutes(utc("2026-03-09T14:00")) == moment.replace(second=0)
    with pytest.raises(ValueError, match="naive"):
        to_minutes(datetime(2026, 3, 9, 14, 0))
    with pytest.raises(ValueError, match="naive"):
        local_minute(moment)


def _transition_days(tz: str, year: int) -> list[date]:
    """Local dates of ``year`` whose UTC offset at midnight differs from the next midnight's."""
    zone = ZoneInfo(tz)
    days = []
    for day in range(day_number(date(year, 1, 1)), day_number(date(year + 1, 1, 1))):
        here = datetime.combine(date_of_day(day), time()).replace(tzinfo=zone)
        there = datetime.combine(date_of_day(day + 1), time()).replace(tzinfo=zone)
        if here.utcoffset() != there.utcoffset():
            days.append(date_of_day(day))
    return days


@pytest.mark.parametrize("tz", [*ZONES, "America/Santiago", "Australia/Lord_Howe"])
def test_every_ten_minutes_around_each_change_matches_zoneinfo(tz: str) -> None:
    zone = LocalZone(tz)
    days = _transition_days(tz, 2026)
    assert len(days) == 2
    for day in days:
        begin = to_minutes(datetime.combine(day, time()).replace(tzinfo=zone.tz)) - 720
        for instant in range(begin, begin + 48 * 60, 10):
            wall_time = from_minutes(instant).astimezone(zone.tz).replace(tzinfo=None)
            assert zone.to_local(instant) == local_minute(wall_time)
            assert zone.to_utc(local_minute(wall_time)) == to_minutes(
                wall_time.replace(tzinfo=zone.tz, fold=0)
            )
