"""Interval algebra: unit cases plus laws checked against a set-of-minutes model."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from app.scheduling.intervals import (
    Interval,
    Intervals,
    clip,
    covers,
    intersect,
    normalize,
    overlap_length,
    subtract,
    total_length,
    union,
)

raw_pieces = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 60)).map(lambda p: (min(p), max(p))),
    max_size=8,
)
canonical = raw_pieces.map(normalize)


def minutes(pieces: list[Interval]) -> set[int]:
    return {minute for start, end in pieces for minute in range(start, end)}


def is_canonical(pieces: Intervals) -> bool:
    if any(start >= end for start, end in pieces):
        return False
    return all(a[1] < b[0] for a, b in pairwise(pieces))


def test_normalize_sorts_merges_touching_and_drops_empty() -> None:
    assert normalize([(5, 7), (1, 3), (3, 4), (6, 9), (10, 10), (12, 11)]) == [(1, 4), (5, 9)]
    assert normalize([]) == []


def test_operations_on_known_lists() -> None:
    a = [(0, 10), (20, 30)]
    b = [(5, 25), (28, 40)]
    assert union(a, b) == [(0, 40)]
    assert intersect(a, b) == [(5, 10), (20, 25), (28, 30)]
    assert subtract(a, b) == [(0, 5), (25, 28)]
    assert subtract(b, a) == [(10, 20), (30, 40)]
    assert union(a, []) == a
    assert intersect(a, []) == []
    assert subtract(a, []) == a


def test_subtract_several_removals_inside_one_piece() -> None:
    assert subtract([(0, 100)], [(10, 20), (30, 40), (90, 120)]) == [(0, 10), (20, 30), (40, 90)]


def test_clip_cuts_pieces_at_the_bounds() -> None:
    pieces = [(0, 10), (20, 30), (40, 50)]
    assert clip(pieces, 5, 45) == [(5, 10), (20, 30), (40, 45)]
    assert clip(pieces, 10, 20) == []
    assert clip(pieces, 30, 30) == []
    assert clip(pieces, 25, 26) == [(25, 26)]
    assert pieces == [(0, 10), (20, 30), (40, 50)]  # the input is not modified


def test_covers_needs_one_continuous_piece() -> None:
    pieces = [(0, 10), (10 + 1, 30)]
    assert covers(pieces, 0, 10)
    assert covers(pieces, 11, 30)
    assert not covers(pieces, 5, 15)
    assert not covers(pieces, 29, 31)
    assert not covers(pieces, 3, 3)
    assert not covers([], 0, 1)


def test_lengths() -> None:
    assert total_length([(0, 10), (20, 25)]) == 15
    assert overlap_length([(0, 10), (20, 25)], 5, 22) == 7


@settings(max_examples=200)
@given(raw_pieces)
def test_normalize_is_canonical_and_keeps_coverage(pieces: list[Interval]) -> None:
    result = normalize(pieces)
    assert is_canonical(result)
    assert minutes(result) == minutes(pieces)
    assert normalize(result) == result


@settings(max_examples=200)
@given(canonical, canonical)
def test_operations_match_set_model(a: Intervals, b: Intervals) -> None:
    for result, expected in (
        (union(a, b), minutes(a) | minutes(b)),
        (intersect(a, b), minutes(a) & minutes(b)),
        (subtract(a, b), minutes(a) - minutes(b)),
    ):
        assert is_canonical(result)
        assert minutes(result) == expected


@settings(max_examples=150)
@given(canonical, canonical, canonical)
def test_algebra_laws(a: Intervals, b: Intervals, c: Intervals) -> None:
    assert union(a, b) == union(b, a)
    assert intersect(a, b) == intersect(b, a)
    assert union(union(a, b), c) == union(a, union(b, c))
    assert intersect(intersect(a, b), c) == intersect(a, intersect(b, c))
    assert intersect(a, union(b, c)) == union(intersect(a, b), intersect(a, c))
    assert subtract(a, union(b, c)) == subtract(subtract(a, b), c)
    assert subtract(a, subtract(a, b)) == intersect(a, b)
    assert union(subtract(a, b), intersect(a, b)) == a
    assert intersect(subtract(a, b), b) == []


@settings(max_examples=150)
@given(canonical, st.integers(-5, 65), st.integers(-5, 65))
def test_clip_and_covers_match_set_model(a: Intervals, start: int, end: int) -> None:
    window = set(range(start, end))
    clipped = clip(a, start, end)
    assert is_canonical(clipped)
    assert minutes(clipped) == minutes(a) & window
    assert clipped == intersect(a, [(start, end)] if start < end else [])
    expected_cover = start < end and any(s <= start and end <= e for s, e in a)
    assert covers(a, start, end) == expected_cover
    assert overlap_length(a, start, end) == len(minutes(a) & window)
