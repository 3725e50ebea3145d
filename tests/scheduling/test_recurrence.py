"""Weekly segments, repeating periods and closed days, expanded only inside the window."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil import rrule as du
from hypothesis import given, settings
from hypothesis import strategies as st

from app.scheduling.days import ALL_DAYS, mask_from_codes
from app.scheduling.recurrence import (
    DateRange,
    RepeatingPeriod,
    WeeklySegment,
    anchored_text,
    closed_intervals,
    fast_forward,
    occurrence_starts,
    parse_rule,
    period_windows,
    segment_windows,
    validate_rule,
)
from app.scheduling.zone import LocalZone, local_minute, zone_for
from tests.scheduling.helpers import at, naive_period_windows, utc, wall

WEEKDAYS = mask_from_codes(["mon", "tue", "wed", "thu", "fri"])

# (zone, first and last local date of a week around the change, the change's date)
DST_WEEKS = [
    ("America/Toronto", date(2026, 3, 5), date(2026, 3, 11), date(2026, 3, 8)),
    ("America/Toronto", date(2026, 10, 29), date(2026, 11, 4), date(2026, 11, 1)),
    ("Europe/Berlin", date(2026, 3, 26), date(2026, 4, 1), date(2026, 3, 29)),
    ("Europe/Berlin", date(2026, 10, 22), date(2026, 10, 28), date(2026, 10, 25)),
    ("Australia/Sydney", date(2026, 4, 2), date(2026, 4, 8), date(2026, 4, 5)),
    ("Australia/Sydney", date(2026, 10, 1), date(2026, 10, 7), date(2026, 10, 4)),
]


def local_spans(tz: str, windows: list[tuple[int, int]]) -> list[tuple[str, str]]:
    return [(wall(tz, start), wall(tz, end)) for start, end in windows]


# --- weekly segments -------------------------------------------------------------------


@pytest.mark.parametrize(("tz", "first", "last", "change"), DST_WEEKS)
def test_segment_keeps_wall_clock_hours_across_dst(
    tz: str, first: date, last: date, change: date
) -> None:
    zone = LocalZone(tz)
    start, end = zone.dates_window(first, last)
    windows = segment_windows([WeeklySegment(ALL_DAYS, 9 * 60, 17 * 60)], zone, start, end)
    assert len(windows) == 7
    days = [first + timedelta(days=i) for i in range(7)]
    assert local_spans(tz, windows) == [(f"{d}T09:00", f"{d}T17:00") for d in days]
    # UTC moves by the hour the clocks moved.
    before, after = windows[0][0], windows[-1][0]

    def offset(day: date) -> int:
        aware = datetime.combine(day, datetime.min.time()).replace(tzinfo=ZoneInfo(tz))
        return (aware - aware.replace(tzinfo=UTC)) // timedelta(minutes=-1)

    offset_change = offset(last) - offset(first)
    assert abs(offset_change) == 60
    assert after - before == 6 * 1440 - offset_change


@pytest.mark.parametrize(("tz", "first", "last", "change"), DST_WEEKS)
def test_one_to_three_window_on_the_change_night(
    tz: str, first: date, last: date, change: date
) -> None:
    zone = LocalZone(tz)
    start, end = zone.dates_window(first, last)
    windows = segment_windows([WeeklySegment(ALL_DAYS, 60, 180)], zone, start, end)
    lengths = {wall(tz, s)[:10]: e - s for s, e in windows}
    spring = lengths[change.isoformat()] == 60
    assert lengths[change.isoformat()] == (60 if spring else 180)
    assert all(length == 120 for day, length in lengths.items() if day != change.isoformat())


def test_segment_inside_the_gap_is_empty_that_night_only() -> None:
    zone = LocalZone("Europe/Berlin")
    start, end = zone.dates_window(date(2026, 3, 28), date(2026, 3, 30))
    windows = segment_windows([WeeklySegment(ALL_DAYS, 120, 150)], zone, start, end)
    assert [wall("Europe/Berlin", s)[:10] for s, _ in windows] == ["2026-03-28", "2026-03-30"]


def test_segments_by_weekday_clipped_to_window_and_ending_at_midnight() -> None:
    tz = "America/Toronto"
    zone = zone_for(tz)
    segments = [
        WeeklySegment(WEEKDAYS, 9 * 60, 12 * 60),
        WeeklySegment(mask_from_codes(["sat"]), 20 * 60, 24 * 60),
    ]
    # Friday 10:00 to Sunday 23:00: Friday's segment overlaps the start, Saturday's ends at 24:00.
    windows = segment_windows(
        segments, zone, at(tz, "2026-06-05T10:00"), at(tz, "2026-06-07T23:00")
    )
    assert local_spans(tz, windows) == [
        ("2026-06-05T09:00", "2026-06-05T12:00"),
        ("2026-06-06T20:00", "2026-06-07T00:00"),
    ]


def test_segment_validation() -> None:
    with pytest.raises(ValueError, match="start < end"):
        WeeklySegment(ALL_DAYS, 600, 600)
    with pytest.raises(ValueError, match="start < end"):
        WeeklySegment(ALL_DAYS, 0, 1441)
    with pytest.raises(ValueError, match="days mask"):
        WeeklySegment(1 << 7, 0, 60)
    assert WeeklySegment(ALL_DAYS, 0, 1440, frozenset({3})).allows(3)
    assert not WeeklySegment(ALL_DAYS, 0, 1440, frozenset({3})).allows(4)
    assert WeeklySegment(ALL_DAYS, 0, 1440).allows(4)


# --- closed days ------------------------------------------------------------------------


def test_closed_weekdays_and_ranges_cover_whole_local_days() -> None:
    tz = "Europe/Berlin"
    zone = zone_for(tz)
    start, end = zone.dates_window(date(2026, 3, 27), date(2026, 4, 6))
    closed = closed_intervals(
        zone,
        start,
        end,
        weekdays=mask_from_codes(["sun"]),
        ranges=[
            DateRange(date(2026, 4, 3), date(2026, 4, 6)),
            DateRange(date(2020, 1, 1), date(2020, 1, 2)),
        ],
    )
    assert local_spans(tz, closed) == [
        ("2026-03-29T00:00", "2026-03-30T00:00"),
        ("2026-04-03T00:00", "2026-04-07T00:00"),
    ]
    # The spring-forward Sunday is a 23-hour day.
    assert closed[0][1] - closed[0][0] == 23 * 60


def test_date_range_validation() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        DateRange(date(2026, 1, 2), date(2026, 1, 1))


# --- periods ----------------------------------------------------------------------------


def expand(tz: str, period: RepeatingPeriod, first: str, last: str) -> list[tuple[str, str]]:
    zone = zone_for(tz)
    start, end = zone.dates_window(date.fromisoformat(first), date.fromisoformat(last))
    return local_spans(tz, period_windows(period, zone, start, end))


def test_byday_with_count() -> None:
    period = RepeatingPeriod(
        datetime(2026, 1, 5, 9), datetime(2026, 1, 5, 10), "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5"
    )
    spans = expand("America/Toronto", period, "2026-01-01", "2026-03-01")
    assert [s for s, _ in spans] == [
        "2026-01-05T09:00",
        "2026-01-07T09:00",
        "2026-01-12T09:00",
        "2026-01-14T09:00",
        "2026-01-19T09:00",
    ]
    # A window after the fifth occurrence is empty, one in the middle holds only its part.
    assert expand("America/Toronto", period, "2026-01-20", "2026-02-20") == []
    assert len(expand("America/Toronto", period, "2026-01-12", "2026-01-13")) == 1


@pytest.mark.parametrize(
    ("rule", "last"),
    [
        ("FREQ=DAILY;UNTIL=20260110T090000", "2026-01-10"),
        ("FREQ=DAILY;UNTIL=20260110", "2026-01-10"),  # a date: that whole day included
        ("FREQ=DAILY;UNTIL=20260110T085959", "2026-01-09"),
        ("RRULE:FREQ=DAILY;UNTIL=20260110T140000Z", "2026-01-10"),  # 09:00 in Toronto
        ("FREQ=DAILY;UNTIL=20260110T135959Z", "2026-01-09"),
    ],
)
def test_until_local_date_and_utc(rule: str, last: str) -> None:
    period = RepeatingPeriod(datetime(2026, 1, 5, 9), datetime(2026, 1, 5, 12), rule)
    spans = expand("America/Toronto", period, "2026-01-01", "2026-02-01")
    assert spans[0][0] == "2026-01-05T09:00"
    assert spans[-1][0] == f"{last}T09:00"


def test_exdates_remove_occurrences_by_local_date() -> None:
    period = RepeatingPeriod(
        datetime(2026, 11, 28, 9),
        datetime(2026, 11, 28, 12),
        "FREQ=WEEKLY;BYDAY=SA;COUNT=8",
        exdates=frozenset({date(2026, 12, 26)}),
    )
    spans = expand("America/Toronto", period, "2026-11-01", "2027-02-28")
    assert [s[:10] for s, _ in spans] == [
        "2026-11-28",
        "2026-12-05",
        "2026-12-12",
        "2026-12-19",
        "2027-01-02",
        "2027-01-09",
        "2027-01-16",
    ]


def test_single_occurrence_and_midnight_crossing() -> None:
    period = RepeatingPeriod(datetime(2026, 6, 5, 22), datetime(2026, 6, 6, 2))
    assert expand("Europe/Berlin", period, "2026-06-06", "2026-06-06") == [
        ("2026-06-05T22:00", "2026-06-06T02:00")
    ]
    assert expand("Europe/Berlin", period, "2026-06-07", "2026-06-30") == []
    nightly = RepeatingPeriod(datetime(2026, 6, 1, 22), datetime(2026, 6, 2, 2), "FREQ=DAILY")
    assert expand("Europe/Berlin", nightly, "2026-06-10", "2026-06-10") == [
        ("2026-06-09T22:00", "2026-06-10T02:00"),
        ("2026-06-10T22:00", "2026-06-11T02:00"),
    ]


@pytest.mark.parametrize(("tz", "first", "last", "change"), DST_WEEKS)
def test_period_keeps_wall_clock_time_across_dst(
    tz: str, first: date, last: date, change: date
) -> None:
    period = RepeatingPeriod(datetime(2019, 2, 1, 9), datetime(2019, 2, 1, 12), "FREQ=DAILY")
    spans = expand(tz, period, first.isoformat(), last.isoformat())
    days = [first + timedelta(days=i) for i in range(7)]
    assert spans == [(f"{d}T09:00", f"{d}T12:00") for d in days]


def test_monthly_from_january_31st_skips_short_months() -> None:
    period = RepeatingPeriod(datetime(2016, 1, 31, 9), datetime(2016, 1, 31, 10), "FREQ=MONTHLY")
    spans = expand("UTC", period, "2026-01-01", "2026-12-31")
    assert [s[:10] for s, _ in spans] == [
        "2026-01-31",
        "2026-03-31",
        "2026-05-31",
        "2026-07-31",
        "2026-08-31",
        "2026-10-31",
        "2026-12-31",
    ]


def test_last_day_of_month() -> None:
    period = RepeatingPeriod(
        datetime(2015, 1, 31, 9), datetime(2015, 1, 31, 10), "FREQ=MONTHLY;BYMONTHDAY=-1"
    )
    spans = expand("UTC", period, "2028-01-15", "2028-04-15")
    assert [s[:10] for s, _ in spans] == ["2028-01-31", "2028-02-29", "2028-03-31"]


def test_february_29th_yearly_only_in_leap_years() -> None:
    period = RepeatingPeriod(datetime(2016, 2, 29, 9), datetime(2016, 2, 29, 17), "FREQ=YEARLY")
    spans = expand("Australia/Sydney", period, "2025-01-01", "2033-12-31")
    assert [s[:10] for s, _ in spans] == ["2028-02-29", "2032-02-29"]


def test_rule_that_never_occurs_is_refused_or_empty() -> None:
    with pytest.raises(ValueError, match="do not exist"):
        validate_rule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")
    # Defaults taken from DTSTART can make a valid text impossible: January 30th ->
    # "every February 30th". It expands to nothing, quickly.
    period = RepeatingPeriod(
        datetime(2020, 1, 30, 9), datetime(2020, 1, 30, 10), "FREQ=YEARLY;BYMONTH=2"
    )
    assert expand("UTC", period, "2026-01-01", "2026-12-31") == []


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=SECONDLY",
        "FREQ=FORTNIGHTLY",
        "INTERVAL=2",
        "FREQ=DAILY;COUNT=3;UNTIL=20260101",
        "FREQ=DAILY;COUNT=0",
        "FREQ=DAILY;INTERVAL=x",
        "FREQ=DAILY;DTSTART=20260101T090000",
        "FREQ=DAILY;FREQ=WEEKLY",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=DAILY;UNTIL=2026-01-01",
        "FREQ=DAILY;BYHOUR",
        "FREQ=DAILY;COUNT=1000001",
    ],
)
def test_invalid_rules_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match=r"RRULE|UNTIL"):
        validate_rule(text)


def test_utc_until_needs_a_zone() -> None:
    with pytest.raises(ValueError, match="time zone"):
        validate_rule("FREQ=DAILY;UNTIL=20260101T000000Z")
    assert parse_rule("FREQ=DAILY;UNTIL=20260101T050000Z", "America/Toronto").until == datetime(
        2026, 1, 1
    )


def test_period_validation() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        RepeatingPeriod(datetime(2026, 1, 1, 10), datetime(2026, 1, 1, 9))
    with pytest.raises(ValueError, match="naive"):
        RepeatingPeriod(
            datetime(2026, 1, 1, 9, tzinfo=ZoneInfo("UTC")),
            datetime(2026, 1, 1, 10, tzinfo=ZoneInfo("UTC")),
        )
    with pytest.raises(ValueError, match="positive"):
        RepeatingPeriod(datetime(2026, 1, 1, 9), datetime(2026, 1, 1, 10), slot_step=0)


# --- fast-forwarding ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dtstart", "target", "expected"),
    [
        ("FREQ=DAILY;INTERVAL=3", "2010-01-01T09:00", "2026-03-10T00:00", "2026-03-08T09:00"),
        ("FREQ=WEEKLY;INTERVAL=2", "2010-01-04T09:00", "2026-03-10T00:00", "2026-03-09T09:00"),
        ("FREQ=MONTHLY;INTERVAL=5", "2010-01-31T09:00", "2026-03-10T00:00", "2025-11-01T09:00"),
        ("FREQ=YEARLY;INTERVAL=4", "2012-02-29T09:00", "2026-03-10T00:00", "2024-01-01T09:00"),
        ("FREQ=HOURLY;INTERVAL=5", "2026-01-01T09:30", "2026-01-02T00:00", "2026-01-01T19:30"),
        ("FREQ=DAILY", "2026-03-09T09:00", "2026-03-01T00:00", "2026-03-09T09:00"),
        ("FREQ=MONTHLY", "2026-03-09T09:00", "2026-03-20T00:00", "2026-03-09T09:00"),
        ("FREQ=DAILY;COUNT=4000", "2010-01-01T09:00", "2026-03-10T00:00", "2010-01-01T09:00"),
    ],
)
def test_fast_forward_lands_within_one_period_before_the_window(
    text: str, dtstart: str, target: str, expected: str
) -> None:
    rule = parse_rule(text)
    assert fast_forward(
        rule, datetime.fromisoformat(dtstart), datetime.fromisoformat(target)
    ) == datetime.fromisoformat(expected)


def test_anchored_text_pins_the_parts_dtstart_implied() -> None:
    start = datetime(2016, 1, 31, 9)
    assert anchored_text(parse_rule("FREQ=MONTHLY"), start) == "FREQ=MONTHLY;BYMONTHDAY=31"
    assert anchored_text(parse_rule("FREQ=YEARLY"), start) == "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31"
    assert anchored_text(parse_rule("FREQ=YEARLY;BYMONTH=3"), start) == (
        "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31"
    )
    assert anchored_text(parse_rule("FREQ=WEEKLY"), start) == "FREQ=WEEKLY;BYDAY=SU"
    assert anchored_text(parse_rule("FREQ=MONTHLY;BYDAY=1MO"), start) == "FREQ=MONTHLY;BYDAY=1MO"


def test_old_dtstart_does_not_iterate_from_the_start() -> None:
    """A rule that began a century ago is expanded from the window, not from DTSTART.

    dateutil cannot jump ahead by itself, so without fast-forwarding this would walk
    36,500 daily occurrences; counting what dateutil hands back proves it does not.
    """
    period = RepeatingPeriod(datetime(1926, 3, 9, 9), datetime(1926, 3, 9, 12), "FREQ=DAILY")
    first = local_minute(datetime(2026, 3, 9))
    starts = occurrence_starts(period, "UTC", first, first + 3 * 1440)
    assert [datetime(1970, 1, 1) + timedelta(minutes=m) for m in starts] == [
        datetime(2026, 3, 9, 9),
        datetime(2026, 3, 10, 9),
        datetime(2026, 3, 11, 9),
    ]
    rule = parse_rule("FREQ=DAILY")
    moved = fast_forward(rule, period.start_local, datetime(2026, 3, 9))
    produced = du.rrulestr(rule.text, dtstart=moved).between(moved, datetime(2026, 3, 12), inc=True)
    assert len(produced) <= 4


RULES = st.one_of(
    st.builds(
        lambda n, days: f"FREQ=DAILY;INTERVAL={n}" + (f";BYDAY={days}" if days else ""),
        st.integers(1, 4),
        st.sampled_from(["", "MO,WE,FR", "SA,SU"]),
    ),
    st.builds(
        lambda n, days: f"FREQ=WEEKLY;INTERVAL={n}" + (f";BYDAY={days}" if days else ""),
        st.integers(1, 3),
        st.sampled_from(["", "MO", "TU,TH", "MO,SU", "FR,SA"]),
    ),
    st.builds(
        lambda n, part: f"FREQ=MONTHLY;INTERVAL={n}" + (f";{part}" if part else ""),
        st.integers(1, 5),
        st.sampled_from(
            [
                "",
                "BYMONTHDAY=-1",
                "BYMONTHDAY=1,15",
                "BYDAY=2TU",
                "BYDAY=-1FR",
                "BYDAY=MO,TU;BYSETPOS=1",
            ]
        ),
    ),
    st.builds(
        lambda n, part: f"FREQ=YEARLY;INTERVAL={n}" + (f";{part}" if part else ""),
        st.integers(1, 3),
        st.sampled_from(["", "BYMONTH=3,9", "BYMONTH=11;BYDAY=4TH", "BYYEARDAY=100"]),
    ),
)


@settings(max_examples=80, deadline=None)
@given(
    text=RULES,
    until=st.one_of(st.none(), st.dates(date(2025, 6, 1), date(2027, 6, 1))),
    dtstart=st.datetimes(datetime(2008, 1, 1), datetime(2018, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0)
    ),
    hours=st.integers(1, 30),
    window_day=st.dates(date(2025, 1, 1), date(2027, 12, 31)),
    window_days=st.integers(1, 45),
    tz=st.sampled_from(["America/Toronto", "Europe/Berlin", "Australia/Sydney"]),
    exdate_offsets=st.lists(st.integers(0, 45), max_size=3),
)
def test_fast_forwarded_expansion_equals_naive_expansion(
    text: str,
    until: date | None,
    dtstart: datetime,
    hours: int,
    window_day: date,
    window_days: int,
    tz: str,
    exdate_offsets: list[int],
) -> None:
    if until is not None:
        text += f";UNTIL={until:%Y%m%d}"
    period = RepeatingPeriod(
        dtstart,
        dtstart + timedelta(hours=hours),
        text,
        exdates=frozenset(window_day + timedelta(days=n) for n in exdate_offsets),
    )
    zone = zone_for(tz)
    start, end = zone.dates_window(window_day, window_day + timedelta(days=window_days))
    assert period_windows(period, zone, start, end) == naive_period_windows(
        period, zone, start, end
    )


@settings(max_examples=30, deadline=None)
@given(
    count=st.integers(1, 400),
    window_day=st.dates(date(2024, 1, 1), date(2026, 12, 31)),
    tz=st.sampled_from(["America/Toronto", "Europe/Berlin", "Australia/Sydney"]),
)
def test_counted_rules_equal_naive_expansion(count: int, window_day: date, tz: str) -> None:
    period = RepeatingPeriod(
        datetime(2024, 1, 1, 8, 30),
        datetime(2024, 1, 1, 11),
        f"FREQ=DAILY;BYDAY=MO,TH;COUNT={count}",
    )
    zone = zone_for(tz)
    start, end = zone.dates_window(window_day, window_day + timedelta(days=20))
    assert period_windows(period, zone, start, end) == naive_period_windows(
        period, zone, start, end
    )


def test_windows_before_dtstart_are_empty() -> None:
    period = RepeatingPeriod(datetime(2026, 6, 1, 9), datetime(2026, 6, 1, 10), "FREQ=DAILY")
    assert expand("UTC", period, "2026-01-01", "2026-05-31") == []
    assert (
        utc("2026-06-01T09:00")
        == period_windows(
            period, zone_for("UTC"), utc("2026-01-01T00:00"), utc("2026-06-02T00:00")
        )[0][0]
    )
