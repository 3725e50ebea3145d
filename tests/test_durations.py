"""Durations as written in setup files: both spellings in, one canonical spelling out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.booking.durations import (
    MAX_MINUTES,
    DurationError,
    format_duration,
    parse_duration,
)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45m", 45),
        ("0m", 0),
        ("1h30m", 90),
        ("2h", 120),
        ("24h", 1440),
        ("1d", 1440),
        ("2w", 20160),
        ("1w2d3h4m", 7 * 1440 + 2 * 1440 + 3 * 60 + 4),
        ("1h 30m", 90),
        ("  15M ", 15),
        ("PT1H30M", 90),
        ("pt45m", 45),
        ("P1D", 1440),
        ("P2W", 20160),
        ("P1DT12H", 2160),
        ("PT120S", 2),
        ("PT0S", 0),
    ],
)
def test_parse_reads_both_spellings(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("abc", '"abc" is not a duration; expected "45m"'),
        ("30", 'no unit; write "30m"'),
        ("1m1h", "is not a duration"),  # units must fall: w, d, h, m
        ("-5m", "is not a duration"),
        ("1.5h", "is not a duration"),
        ("P1M", "months or years"),
        ("P1Y", "months or years"),
        ("PT90S", "whole number of minutes"),
        ("PT", "is not a duration"),
        ("P1DT", "is not a duration"),
        ("P", "is not a duration"),
        ("99999w", "longer than ten years"),
    ],
)
def test_parse_refuses_with_a_message_that_says_what_was_expected(text: str, fragment: str) -> None:
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0m"),
        (45, "45m"),
        (60, "1h"),
        (90, "1h30m"),
        (1440, "1d"),
        (2160, "1d12h"),
        (1441, "1d1m"),
        (20160, "2w"),
        (60 * 1440, "60d"),
        (8 * 1440, "8d"),
    ],
)
def test_format_is_canonical(minutes: int, text: str) -> None:
    assert format_duration(minutes) == text


def test_format_refuses_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        format_duration(-1)


@given(st.integers(min_value=0, max_value=MAX_MINUTES))
def test_format_then_parse_gives_the_same_minutes(minutes: int) -> None:
    assert parse_duration(format_duration(minutes)) == minutes


@given(
    st.integers(0, 50),
    st.integers(0, 400),
    st.integers(0, 200),
    st.integers(0, 5000),
)
def test_any_spelling_formats_like_its_minutes(w: int, d: int, h: int, m: int) -> None:
    minutes = w * 10080 + d * 1440 + h * 60 + m
    short = f"{w}w{d}d{h}h{m}m"
    iso = f"P{w}W{d}DT{h}H{m}M"
    assert parse_duration(short) == parse_duration(iso) == minutes
    assert format_duration(parse_duration(short)) == format_duration(minutes)
