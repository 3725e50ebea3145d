"""The lazy id table model every list is built on (app.views.models.lazy), without a database.

A small subclass over a dict of rows stands for a screen's model; its loader counts what
it is asked, so the tests see exactly which pages are read and when.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.views.models.lazy import ID_ROLE, LazyIdTableModel

WAIT_MS = 5_000


class People(LazyIdTableModel[tuple[str, int]]):
    """Rows (name, age) read from ``store``; ids missing from it read as "(gone)"."""

    def __init__(
        self,
        store: dict[int, tuple[str, int]],
        *,
        page: int | None = 10,
        cache_rows: int | None = 1000,
        stand_in: bool = True,
        more: list[list[int]] | None = None,
    ) -> None:
        super().__init__(page=page, cache_rows=cache_rows, more=bool(more))
        self.store = store
        self.asked: list[list[int]] = []
        self._stand_in = stand_in
        self._more = more or []

    def column_titles(self) -> Sequence[str]:
        return ("Name", "Age")

    def cell(self, value: tuple[str, int], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return value[column]
        return None

    def read_rows(self, ids: Sequence[int]) -> Mapping[int, tuple[str, int]]:
        self.asked.append(list(ids))
        return {i: self.store[i] for i in ids if i in self.store}

    def stand_in(self, row_id: int) -> tuple[str, int] | None:
        return ("(gone)", 0) if self._stand_in else None

    def read_more_ids(self) -> tuple[Sequence[int], Mapping[int, tuple[str, int]], bool]:
        block = self._more.pop(0)
        return block, {i: self.store[i] for i in block}, bool(self._more)


def _store(count: int) -> dict[int, tuple[str, int]]:
    return {i: (f"Person {i}", 20 + i % 50) for i in range(1, count + 1)}


def _names(model: People) -> list[Any]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_pages_are_read_before_they_are_shown(qtmodeltester: ModelTester) -> None:
    model = People(_store(25))
    model.reset_ids(range(1, 26))
    assert model.asked == [list(range(1, 11))]
    assert model.rowCount() == 10
    assert model.columnCount() == 2
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Age"
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.asked[-1] == list(range(11, 21))
    assert model.rowCount() == 20
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 25
    assert not model.canFetchMore(QModelIndex())
    assert model.index(24, 0).data() == "Person 25"
    assert model.index(24, 1).data(ID_ROLE) == 25
    assert model.row_of_id(17) == 16
    assert model.id_at(16) == 17
    assert model.total() == 25
    qtmodeltester.check(model)


def test_rows_handed_in_are_not_read_and_duplicates_are_dropped() -> None:
    model = People(_store(30))
    model.reset_ids([3, 1, 3, 2, 1], {3: ("Three, handed in", 3)})
    assert model.ids() == [3, 1, 2]
    assert model.asked == [[1, 2]]
    assert _names(model) == ["Three, handed in", "Person 1", "Person 2"]


def test_a_list_growing_in_pages(qtmodeltester: ModelTester) -> None:
    model = People(_store(30), more=[list(range(1, 11)), list(range(11, 21)), [21, 22]])
    assert model.rowCount() == 0
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 10
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 22
    assert model.asked == []  # every row came with its ids
    assert model.row_of_id(22) == 21
    qtmodeltester.check(model)


def test_refreshing_one_row_reads_it_and_repaints_only_it(qtbot: QtBot) -> None:
    store = _store(30)
    model = People(store)
    model.reset_ids(range(1, 31))
    store[4] = ("Person 4, renamed", 99)
    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda first, last, _roles: changed.append(
            (first.row(), first.column(), last.row(), last.column())
        )
    )
    model.refresh_row(3)
    assert model.asked[-1] == [4]
    assert changed == [(3, 0, 3, 1)]
    assert model.index(3, 0).data() == "Person 4, renamed"
    # A customer deleted meanwhile shows its stand-in; ids not shown are not read.
    del store[5]
    model.refresh_ids([5, 25])
    assert model.asked[-1] == [5]
    assert model.index(4, 0).data() == "(gone)"


def test_rows_pushed_out_of_the_cache_are_read_again_outside_data(qtbot: QtBot) -> None:
    model = People(_store(40), page=10, cache_rows=20)
    model.reset_ids(range(1, 41))
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 40
    assert model.cached_count() == 20  # the first two pages were pushed out
    asked = len(model.asked)
    assert model.index(2, 0).data() is None  # no read while the view paints...
    assert len(model.asked) == asked
    with qtbot.waitSignal(model.dataChanged, timeout=WAIT_MS) as changed:
        pass
    assert model.asked[-1] == list(range(1, 11))  # ...its page is read from the timer
    assert changed.args is not None
    assert changed.args[0].row() == 0
    assert model.index(2, 0).data() == "Person 3"


def test_a_reset_drops_stale_rows_and_queued_reads(qtbot: QtBot) -> None:
    model = People(_store(40), page=10, cache_rows=10)
    model.reset_ids(range(1, 21))
    model.fetchMore(QModelIndex())
    assert model.index(0, 0).data() is None  # pushed out: a re-read is queued
    old = model.generation
    model.reset_ids([30, 31])
    asked = len(model.asked)
    qtbot.wait(50)  # the queued read of the old list's first page must not happen
    assert len(model.asked) == asked
    # Rows read elsewhere for the old list arrive late: dropped, the new list is kept.
    assert not model.accept_rows(old, {30: ("stale", 1), 1: ("stale", 1)})
    assert _names(model) == ["Person 30", "Person 31"]
    assert model.accept_rows(model.generation, {31: ("Fresh 31", 5), 1: ("not listed", 0)})
    assert _names(model) == ["Person 30", "Fresh 31"]
    assert model.row_of_id(1) is None


def test_ids_not_found_without_a_stand_in_stay_empty_and_are_not_read_again(
    qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    model = People(_store(5), stand_in=False)
    model.reset_ids([1, 99, 2])
    assert model.asked == [[1, 99, 2]]
    assert _names(model) == ["Person 1", None, "Person 2"]
    assert model.index(1, 0).data(ID_ROLE) is None
    qtmodeltester.check(model)
    qtbot.wait(20)
    assert model.asked == [[1, 99, 2]]


def test_everything_at_once_when_every_row_is_handed_in(qtmodeltester: ModelTester) -> None:
    store = _store(120)
    model = People({}, page=None, cache_rows=None)
    model.reset_ids(store, store)
    assert model.rowCount() == 120
    assert not model.canFetchMore(QModelIndex())
    assert model.asked == []
    model.put_rows({7: ("Seven, updated", 7)})
    assert model.index(6, 0).data() == "Seven, updated"
    qtmodeltester.check(model)


def test_sizes_are_checked() -> None:
    with pytest.raises(ValueError, match="page"):
        People({}, page=0)
    with pytest.raises(ValueError, match="cache"):
        People({}, page=10, cache_rows=5)
