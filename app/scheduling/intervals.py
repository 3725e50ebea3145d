"""Half-open integer intervals and their algebra: the scheduling engine's working material.

An interval is a ``(start, end)`` tuple of integers with ``start < end`` that covers
``start <= x < end`` (in the engine: minutes since the Unix epoch, UTC). An *interval list*
is kept canonical: sorted by start, with every interval non-empty and strictly separated
from the next (``a.end < b.start``), so touching or overlapping pieces are always merged.
A canonical form makes equality meaningful (two lists cover the same time exactly when
they are equal) and lets every operation below be a single linear merge of sorted inputs,
which is what keeps slot searches over months of busy times fast.

Every function except :func:`normalize` expects canonical lists and returns one; feed raw
data through :func:`normalize` first.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

Interval = tuple[int, int]
"""``(start, end)``, half-open: ``start <= x < end``."""

Intervals = list[Interval]
"""A canonical interval list: sorted, non-empty pieces, separated by gaps."""


def normalize(pieces: Iterable[Interval]) -> Intervals:
    """Sort, drop empty pieces and merge overlapping or touching ones: any input, canonical out.

    Sorting is ``O(n log n)`` in general but linear on input that is already sorted (as
    rows read with ``ORDER BY start`` are), since Python's sort detects runs.
    """
    ordered = sorted(piece for piece in pieces if piece[0] < piece[1])
    merged: Intervals = []
    if not ordered:
        return merged
    cur_start, cur_end = ordered[0]
    for start, end in ordered:
        if start <= cur_end:
            if end > cur_end:
                cur_end = end
        else:
            merged.append((cur_start, cur_end))
            cur_start, cur_end = start, end
    merged.append((cur_start, cur_end))
    return merged


def union(a: Sequence[Interval], b: Sequence[Interval]) -> Intervals:
    """Everything covered by ``a`` or ``b``, by one merge of the two sorted lists."""
    result: Intervals = []
    i = j = 0
    len_a, len_b = len(a), len(b)
    while i < len_a or j < len_b:
        if j >= len_b or (i < len_a and a[i][0] <= b[j][0]):
            start, end = a[i]
            i += 1
        else:
            start, end = b[j]
            j += 1
        if result and start <= result[-1][1]:
            if end > result[-1][1]:
                result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> Intervals:
    """What ``a`` and ``b`` both cover, walking both lists once."""
    result: Intervals = []
    i = j = 0
    len_a, len_b = len(a), len(b)
    while i < len_a and j < len_b:
        a_start, a_end = a[i]
        b_start, b_end = b[j]
        start = a_start if a_start > b_start else b_start
        end = a_end if a_end < b_end else b_end
        if start < end:
            result.append((start, end))
        # Whichever piece ends first cannot meet anything further in the other list.
        if a_end < b_end:
            i += 1
        else:
            j += 1
    return result


def subtract(a: Sequence[Interval], b: Sequence[Interval]) -> Intervals:
    """What ``a`` covers and ``b`` does not, walking both lists once."""
    result: Intervals = []
    j = 0
    len_b = len(b)
    for start, end in a:
        # Skip removals that end before this piece starts; they cannot touch later pieces.
        while j < len_b and b[j][1] <= start:
            j += 1
        k = j
        cursor = start
        while k < len_b and b[k][0] < end:
            b_start, b_end = b[k]
            if b_start > cursor:
                result.append((cursor, b_start))
            if b_end > cursor:
                cursor = b_end
            if cursor >= end:
                break
            k += 1
        if cursor < end:
            result.append((cursor, end))
    return result


def clip(a: Sequence[Interval], start: int, end: int) -> Intervals:
    """The part of ``a`` inside ``[start, end)``, found by bisection rather than a full walk.

    This is how long lists (a quarter's busy times) are cut down to the few days a query
    looks at before the linear operations run.
    """
    if start >= end or not a:
        return []
    first = bisect_right(a, (start, start))
    if first > 0 and a[first - 1][1] > start:
        first -= 1
    last = bisect_left(a, (end, end), lo=first)
    result = list(a[first:last])
    if result:
        if result[0][0] < start:
            result[0] = (start, result[0][1])
        if result[-1][1] > end:
            result[-1] = (result[-1][0], end)
    return result


def covers(a: Sequence[Interval], start: int, end: int) -> bool:
    """True when ``[start, end)`` lies wholly inside one piece of ``a`` (so in continuous time)."""
    if start >= end:
        return False
    index = bisect_right(a, (start, end)) - 1
    # The candidate is the last piece starting at or before ``start``; a piece starting
    # exactly at ``start`` but ending before ``end`` sorts after (start, end) only if it is
    # longer, so look one further too.
    for candidate in (index, index + 1):
        if 0 <= candidate < len(a):
            piece_start, piece_end = a[candidate]
            if piece_start <= start and end <= piece_end:
                return True
    return False


def overlap_length(a: Sequence[Interval], start: int, end: int) -> int:
    """How much of ``[start, end)`` ``a`` covers (e.g. booked minutes within one day)."""
    return total_length(clip(a, start, end))


def total_length(a: Iterable[Interval]) -> int:
    """The summed length of the pieces (of a canonical list: the time covered)."""
    return sum(end - start for start, end in a)


__all__ = [
    "Interval",
    "Intervals",
    "clip",
    "covers",
    "intersect",
    "normalize",
    "overlap_length",
    "subtract",
    "total_length",
    "union",
]
