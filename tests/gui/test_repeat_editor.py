"""The repeat editor with pytest-qt: plain controls to RRULE, the live preview, refusals.

The preview must list what the engine will expand (app/scheduling/recurrence.py) in the
branch's zone, so the dates and wall-clock times checked here are the calendar's. A rule
the plain controls cannot express must come back exactly as it was loaded, from the
dialog alone and through the database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from app.booking.admin import FieldProblem, SetupEditError, setup_tables
from app.clock import fixed_clock
from app.views.admin.agents_page import AgentsPage
from app.views.admin.repeat_editor import (
    Holiday,
    PlainRule,
    RepeatEditor,
    describe,
    plain_rule,
)
from app.views.desk import DeskState
from tests.support.riverside import MONDAY_9AM, RIVERSIDE, apply_riverside

TORONTO = "America/Toronto"
RIVERSIDE_PERIOD: dict[str, Any] = {
    "agent": "Carla Diaz",
    "service": "Account opening",
    "start": "2026-11-28T09:00",
    "end": "2026-11-28T12:00",
    "slot": "20m",
    "repeat": "FREQ=WEEKLY;BYDAY=SA;COUNT=8",
    "except": ["2026-12-26"],
}
#: The last weekday of each month: BYSETPOS has no plain control.
SETPOS_RULE = "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
HOLIDAYS = [
    Holiday(date(2026, 12, 25), date(2026, 12, 25), "Christmas Day"),
    Holiday(date(2026, 12, 26), date(2026, 12, 26), "Boxing Day"),
]


def editor(
    qtbot: QtBot,
    table: dict[str, Any] | None = None,
    now: datetime = MONDAY_9AM,
    **kwargs: Any,
) -> RepeatEditor:
    dialog = RepeatEditor(
        "Carla Diaz",
        ["Account opening", "Notary"],
        TORONTO,
        now,
        table,
        closed_weekdays=["sun"],
        holidays=HOLIDAYS,
        **kwargs,
    )
    qtbot.addWidget(dialog)
    dialog.show()  # clicks land where a person would click only on a laid-out dialog
    return dialog


def set_window(dialog: RepeatEditor, day: date, start: QTime, end: QTime) -> None:
    dialog.start_date.setDate(QDate(day.year, day.month, day.day))
    dialog.start_time.setTime(start)
    dialog.end_time.setTime(end)


def choose(dialog: RepeatEditor, freq: str) -> None:
    dialog.freq.setCurrentIndex(dialog.freq.findData(freq))


def days(dialog: RepeatEditor) -> list[date]:
    return [o.day for o in dialog.preview.occurrences]


def times_shown(dialog: RepeatEditor, row: int) -> str:
    item = dialog.preview_table.item(row, 1)
    assert item is not None
    return item.text()


def local_time(hour: int, minute: int = 0) -> str:
    return QLocale().toString(QTime(hour, minute), QLocale.FormatType.ShortFormat)


def test_weekly_on_saturday_eight_times_lists_the_right_dates(qtbot: QtBot) -> None:
    dialog = editor(qtbot)
    set_window(dialog, date(2026, 11, 28), QTime(9, 0), QTime(12, 0))
    choose(dialog, "WEEKLY")
    # The first window is a Saturday: weekly starts on it.
    assert [b.isChecked() for b in dialog.day_buttons] == [False] * 5 + [True, False]
    qtbot.mouseClick(dialog.ends_after, Qt.MouseButton.LeftButton)
    dialog.count.selectAll()
    qtbot.keyClicks(dialog.count, "8")
    assert dialog.rule() == "FREQ=WEEKLY;BYDAY=SA;COUNT=8"
    saturdays = [date(2026, 11, 28) + timedelta(weeks=i) for i in range(8)]
    assert days(dialog) == saturdays
    assert dialog.preview_table.rowCount() == 8
    assert times_shown(dialog, 0) == f"{local_time(9)} – {local_time(12)}"
    # Boxing Day is a Saturday: listed, flagged as a holiday without slots.
    notes = {o.day: o.note for o in dialog.preview.occurrences}
    assert "Boxing Day" in notes[date(2026, 12, 26)]
    assert notes[date(2026, 12, 5)] == ""
    assert dialog.table() == {
        "agent": "Carla Diaz",
        "start": "2026-11-28T09:00",
        "end": "2026-11-28T12:00",
        "repeat": "FREQ=WEEKLY;BYDAY=SA;COUNT=8",
    }


def test_adding_sunday_flags_the_closed_weekday(qtbot: QtBot) -> None:
    dialog = editor(qtbot)
    set_window(dialog, date(2026, 11, 28), QTime(9, 0), QTime(12, 0))
    choose(dialog, "WEEKLY")
    qtbot.mouseClick(dialog.day_buttons[6], Qt.MouseButton.LeftButton)
    assert dialog.rule() == "FREQ=WEEKLY;BYDAY=SA,SU"
    occurrences = dialog.preview.occurrences
    assert len(occurrences) == 10
    sunday = next(o for o in occurrences if o.day == date(2026, 11, 29))
    assert "Closed on" in sunday.note


def test_an_occurrence_across_the_november_change_keeps_its_wall_clock_time(
    qtbot: QtBot,
) -> None:
    # Toronto leaves daylight-saving time on Sunday 1 November 2026.
    dialog = editor(qtbot, now=datetime(2026, 10, 26, 12, 0, tzinfo=UTC))
    set_window(dialog, date(2026, 10, 31), QTime(9, 0), QTime(12, 0))
    choose(dialog, "WEEKLY")
    before, after = dialog.preview.occurrences[:2]
    assert (before.day, after.day) == (date(2026, 10, 31), date(2026, 11, 7))
    assert before.start is not None
    assert after.start is not None
    assert after.end is not None
    assert (before.start.hour, after.start.hour, after.end.hour) == (9, 9, 12)
    assert before.start.utcoffset() == timedelta(hours=-4)
    assert after.start.utcoffset() == timedelta(hours=-5)
    assert after.start.astimezone(UTC).hour == 14  # an hour later in UTC, same on the wall
    assert times_shown(dialog, 1) == f"{local_time(9)} – {local_time(12)}"


def test_a_window_inside_the_spring_gap_is_shown_as_skipped(qtbot: QtBot) -> None:
    # 02:00-03:00 does not exist in Toronto on Sunday 14 March 2027.
    dialog = editor(qtbot, now=datetime(2027, 3, 10, 12, 0, tzinfo=UTC))
    set_window(dialog, date(2027, 3, 12), QTime(2, 0), QTime(2, 45))
    choose(dialog, "DAILY")
    gap = next(o for o in dialog.preview.occurrences if o.day == date(2027, 3, 14))
    assert gap.start is None
    assert "clocks" in gap.note


def test_ends_on_a_date(qtbot: QtBot) -> None:
    dialog = editor(qtbot)
    set_window(dialog, date(2026, 11, 28), QTime(9, 0), QTime(12, 0))
    choose(dialog, "WEEKLY")
    qtbot.mouseClick(dialog.ends_on, Qt.MouseButton.LeftButton)
    assert dialog.until.isEnabled()
    assert not dialog.count.isEnabled()
    dialog.until.setDate(QDate(2026, 12, 19))
    assert dialog.rule() == "FREQ=WEEKLY;BYDAY=SA;UNTIL=20261219T235959"
    assert days(dialog) == [date(2026, 11, 28) + timedelta(weeks=i) for i in range(4)]
    assert dialog.preview_note.text() == "No further occurrences."


def test_an_except_date_removes_an_occurrence(qtbot: QtBot) -> None:
    dialog = editor(qtbot)
    set_window(dialog, date(2026, 11, 28), QTime(9, 0), QTime(12, 0))
    choose(dialog, "WEEKLY")
    assert date(2026, 12, 5) in days(dialog)
    dialog.except_date.setDate(QDate(2026, 12, 5))
    qtbot.mouseClick(dialog.except_add, Qt.MouseButton.LeftButton)
    assert date(2026, 12, 5) not in days(dialog)
    assert len(days(dialog)) == 10
    # The selected occurrence can be taken out from the preview too.
    dialog.preview_table.selectRow(1)
    assert days(dialog)[1] == date(2026, 12, 12)
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert date(2026, 12, 12) not in days(dialog)
    assert dialog.table()["except"] == ["2026-12-05", "2026-12-12"]
    # Putting a date back brings its occurrence back.
    dialog.except_list.setCurrentRow(0)
    qtbot.mouseClick(dialog.except_remove, Qt.MouseButton.LeftButton)
    assert date(2026, 12, 5) in days(dialog)


def test_monthly_on_the_nth_weekday(qtbot: QtBot) -> None:
    dialog = editor(qtbot)
    set_window(dialog, date(2026, 12, 8), QTime(13, 0), QTime(15, 0))  # 2nd Tuesday
    choose(dialog, "MONTHLY")
    assert dialog.rule() == "FREQ=MONTHLY;BYMONTHDAY=8"
    qtbot.mouseClick(dialog.on_weekday, Qt.MouseButton.LeftButton)
    assert dialog.rule() == "FREQ=MONTHLY;BYDAY=2TU"
    assert days(dialog)[:3] == [date(2026, 12, 8), date(2027, 1, 12), date(2027, 2, 9)]
    dialog.interval.setValue(2)
    assert dialog.rule() == "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU"
    assert days(dialog)[1] == date(2027, 2, 9)


def test_a_rule_whose_first_date_is_not_the_window_is_explained(qtbot: QtBot) -> None:
    dialog = editor(qtbot)
    set_window(dialog, date(2026, 11, 28), QTime(9, 0), QTime(12, 0))
    choose(dialog, "WEEKLY")
    qtbot.mouseClick(dialog.day_buttons[5], Qt.MouseButton.LeftButton)  # Sat off
    qtbot.mouseClick(dialog.day_buttons[0], Qt.MouseButton.LeftButton)  # Mon on
    assert dialog.rule() == "FREQ=WEEKLY;BYDAY=MO"
    assert dialog.preview.occurrences == []
    assert "first window must be one of the repeat's dates" in dialog.preview_note.text()


def test_a_bysetpos_rule_is_kept_as_text_and_returned_untouched(qtbot: QtBot) -> None:
    period = dict(
        RIVERSIDE_PERIOD, start="2026-11-30T09:00", end="2026-11-30T12:00", repeat=SETPOS_RULE
    )
    del period["except"]
    dialog = editor(qtbot, period)
    assert dialog.advanced.isChecked()
    assert dialog.rule_text.text() == SETPOS_RULE
    assert not dialog.freq.isEnabled()
    assert dialog.table() == period
    # The last weekday of each month, expanded by the engine.
    assert days(dialog)[:3] == [date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 29)]
    # The plain controls cannot take it over: the box stays ticked, the text kept.
    dialog.advanced.setChecked(False)
    assert dialog.advanced.isChecked()
    assert dialog.rule_text.text() == SETPOS_RULE
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert dialog.table() == period  # what a caller reads after Save
    saved: list[dict[str, Any]] = []
    dialog2 = editor(qtbot, period, save=saved.append)
    dialog2.slot.setValue(30)
    qtbot.mouseClick(dialog2.save_button, Qt.MouseButton.LeftButton)
    assert dialog2.result() == QDialog.DialogCode.Accepted
    assert saved == [dict(period, slot="30m")]


def test_a_loaded_plain_rule_keeps_its_spelling(qtbot: QtBot) -> None:
    dialog = editor(qtbot, RIVERSIDE_PERIOD)
    assert not dialog.advanced.isChecked()
    assert dialog.freq.currentData() == "WEEKLY"
    assert dialog.ends_after.isChecked()
    assert dialog.count.value() == 8
    assert dialog.table() == RIVERSIDE_PERIOD
    spelled = dict(RIVERSIDE_PERIOD, repeat="FREQ=WEEKLY;COUNT=8")  # BYDAY from the start
    assert editor(qtbot, spelled).table() == spelled
    assert days(dialog)[:2] == [date(2026, 11, 28), date(2026, 12, 5)]
    assert date(2026, 12, 26) not in days(dialog)


def test_plain_text_can_be_edited_as_text_and_back(qtbot: QtBot) -> None:
    dialog = editor(qtbot, RIVERSIDE_PERIOD)
    dialog.advanced.setChecked(True)
    assert dialog.rule_text.text() == "FREQ=WEEKLY;BYDAY=SA;COUNT=8"
    dialog.rule_text.setText("FREQ=WEEKLY;BYDAY=SA;COUNT=3")
    assert len(dialog.preview.occurrences) == 3
    dialog.advanced.setChecked(False)
    assert not dialog.advanced.isChecked()
    assert dialog.count.value() == 3
    assert dialog.rule() == "FREQ=WEEKLY;BYDAY=SA;COUNT=3"


def test_unreadable_text_is_explained_in_the_preview(qtbot: QtBot) -> None:
    dialog = editor(qtbot, RIVERSIDE_PERIOD)
    dialog.advanced.setChecked(True)
    dialog.rule_text.setText("FREQ=FORTNIGHTLY")
    assert dialog.preview.occurrences == []
    assert dialog.preview_note.text().startswith("The repeat rule cannot be read")


def test_refusals_are_shown_at_their_fields_and_the_dialog_stays(qtbot: QtBot) -> None:
    def refuse(table: dict[str, Any]) -> None:
        raise SetupEditError(
            [
                FieldProblem("availability[0].end", "end", "end is not after start"),
                FieldProblem("availability[0].except[0]", "except", "except is wrong"),
            ]
        )

    dialog = editor(qtbot, RIVERSIDE_PERIOD, save=refuse)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors["end"].text() == "End is not after start"
    assert dialog.errors["except"].text() == "Except is wrong"
    assert dialog.errors["start"].text() == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, PlainRule()),
        ("FREQ=DAILY;INTERVAL=2", PlainRule("DAILY", interval=2)),
        ("FREQ=WEEKLY", PlainRule("WEEKLY", weekdays=frozenset({5}))),
        (
            "RRULE:FREQ=WEEKLY;BYDAY=MO,FR;COUNT=3",
            PlainRule("WEEKLY", weekdays=frozenset({0, 4}), count=3),
        ),
        ("FREQ=MONTHLY;BYDAY=-1FR", PlainRule("MONTHLY", by_weekday=True, ordinal=-1, weekday=4)),
        ("FREQ=MONTHLY", PlainRule("MONTHLY", month_day=28)),
        ("FREQ=DAILY;UNTIL=20270131", PlainRule("DAILY", until=date(2027, 1, 31))),
        ("FREQ=DAILY;UNTIL=20270131T120000", None),
        ("FREQ=YEARLY", None),
        (SETPOS_RULE, None),
        ("FREQ=WEEKLY;BYDAY=1MO", None),
        ("FREQ=WEEKLY;WKST=SU", None),
        ("FREQ=MONTHLY;BYDAY=5MO", None),
    ],
)
def test_plain_rule_reads_what_the_controls_can_show(
    text: str | None, expected: PlainRule | None
) -> None:
    assert plain_rule(text, datetime(2026, 11, 28, 9, 0)) == expected
    if expected is not None and text is not None and "UNTIL" not in text:
        again = plain_rule(expected.text(), datetime(2026, 11, 28, 9, 0))
        assert again == expected


def test_describe_says_it_plainly(qtbot: QtBot) -> None:
    start = datetime(2026, 11, 28, 9, 0)
    locale = QLocale()
    saturday = locale.dayName(6, QLocale.FormatType.ShortFormat)
    rule = "FREQ=WEEKLY;BYDAY=SA;COUNT=8"
    assert describe(plain_rule(rule, start), rule) == f"weekly on {saturday}, 8 times"
    assert describe(plain_rule(SETPOS_RULE, start), SETPOS_RULE) == SETPOS_RULE
    assert describe(plain_rule(None, start), None) == "does not repeat"


# -- through the agents page and the database ---------------------------------------------


def page_for(qtbot: QtBot, sessions: sessionmaker[Session]) -> AgentsPage:
    page = AgentsPage(DeskState(sessions, "test", "Front desk", fixed_clock(MONDAY_9AM)), 1)
    qtbot.addWidget(page)
    page.select_agent("Carla Diaz")
    return page


def test_a_period_edited_in_the_editor_is_saved(
    qtbot: QtBot, sessions: sessionmaker[Session]
) -> None:
    apply_riverside(sessions)
    page = page_for(qtbot, sessions)
    assert page.periods.count() == 1
    page.periods.setCurrentRow(0)
    dialog = page.edit_period()
    assert dialog is not None
    assert dialog.table() == RIVERSIDE_PERIOD
    dialog.count.setValue(4)
    with qtbot.waitSignal(page.changed, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with sessions() as session:
        periods = setup_tables(session, 1)["availability"]
    assert periods == [dict(RIVERSIDE_PERIOD, repeat="FREQ=WEEKLY;BYDAY=SA;COUNT=4")]
    assert "4 times" in page.periods.item(0).text()


def test_a_refused_period_shows_the_key_and_writes_nothing(
    qtbot: QtBot, sessions: sessionmaker[Session]
) -> None:
    apply_riverside(sessions)
    page = page_for(qtbot, sessions)
    page.periods.setCurrentRow(0)
    dialog = page.edit_period()
    assert dialog is not None
    dialog.advanced.setChecked(True)
    dialog.rule_text.setText("FREQ=WEEKLY;BYDAY=MO;COUNT=8")  # does not start on Saturday
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "does not repeat start" in dialog.errors["repeat"].text()
    with sessions() as session:
        assert setup_tables(session, 1)["availability"] == [RIVERSIDE_PERIOD]


def test_a_bysetpos_rule_round_trips_through_the_database_untouched(
    qtbot: QtBot, sessions: sessionmaker[Session]
) -> None:
    text = RIVERSIDE.read_text("utf-8")
    text = text.replace('"FREQ=WEEKLY;BYDAY=SA;COUNT=8"', f'"{SETPOS_RULE}"')
    text = text.replace('"2026-11-28T09:00"', '"2026-11-30T09:00"')
    text = text.replace('"2026-11-28T12:00"', '"2026-11-30T12:00"')
    apply_riverside(sessions, text)
    page = page_for(qtbot, sessions)
    page.periods.setCurrentRow(0)
    dialog = page.edit_period()
    assert dialog is not None
    assert dialog.advanced.isChecked()
    assert dialog.rule_text.text() == SETPOS_RULE
    dialog.slot.setValue(30)
    with qtbot.waitSignal(page.changed, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with sessions() as session:
        (period,) = setup_tables(session, 1)["availability"]
    assert period["repeat"] == SETPOS_RULE
    assert period["slot"] == "30m"
