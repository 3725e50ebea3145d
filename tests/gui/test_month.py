"""The month view, driven through the real widget: what each day shows, and opening a day
with the mouse or the keyboard. Hand-built snapshots for the details, the demo branch on
both databases for the real thing."""

from __future__ import annotations

import itertools
import sys
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import calendar_data
from app.booking.calendar_data import CalAgent, CalAppointment, CalendarSnapshot, CalService
from app.booking.demo import create_demo
from app.models import Appointment, Branch, StatusDefinition
from app.views.calendar.month import (
    MonthView,
    fitting_items,
    grid_range,
    month_grid,
    qt_first_weekday,
)
from app.views.calendar.style import block_colors, status_style
from tests.support.riverside import MONDAY_9AM

TORONTO = ZoneInfo("America/Toronto")
BRITISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)  # weeks from Monday
AMERICAN = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)  # weeks from Sunday
NOVEMBER = date(2026, 11, 23)


def _appt(
    ident: int,
    local: str,
    *,
    minutes: int = 30,
    agent: int | None = 1,
    service: int = 1,
    customer: str = "",
    status: str = "confirmed",
) -> CalAppointment:
    start = datetime.fromisoformat(local).replace(tzinfo=TORONTO).astimezone(UTC)
    cancelled = status == "cancelled"
    return CalAppointment(
        id=ident,
        start=start,
        end=start + timedelta(minutes=minutes),
        agent_id=agent,
        service_id=service,
        customer_id=ident,
        customer_name=customer or f"Customer {ident}",
        customer_phone=f"+1416555{ident:04d}",
        status_key=status,
        status_name=status.title(),
        status_predicate="cancellation" if cancelled else "confirmation",
        blocking=not cancelled,
        source="desk",
        notes=None,
        version=1,
    )


def _snapshot(
    appointments: list[CalAppointment],
    *,
    first: date = date(2026, 11, 1),
    last: date = date(2026, 11, 30),
    closed: dict[date, str] | None = None,
) -> CalendarSnapshot:
    return CalendarSnapshot(
        branch_id=1,
        branch_name="Riverside",
        tz="America/Toronto",
        first=first,
        last=last,
        agents=[CalAgent(1, "Alice Martin", "#1565c0"), CalAgent(2, "Bob Chen", "#2e7d32")],
        services={
            1: CalService(1, "Account opening", "#2e7d32", 30),
            2: CalService(2, "Mortgage consultation", "#e65100", 60),
        },
        appointments=appointments,
        closed_days=closed or {},
    )


def _view(
    qtbot: QtBot, locale: QLocale = BRITISH, size: tuple[int, int] = (1050, 700)
) -> MonthView:
    view = MonthView()
    view.setLocale(locale)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view


def _busy_day(count: int, day: str = "2026-11-24") -> list[CalAppointment]:
    return [
        _appt(100 + i, f"{day}T{9 + i // 4:02d}:{(i % 4) * 15:02d}", customer=f"Person {i:02d}")
        for i in range(count)
    ]


# -- plain functions -----------------------------------------------------------------


def test_month_grid_is_six_weeks_from_the_locales_first_weekday() -> None:
    days = month_grid(date(2026, 11, 23), first_weekday=0)
    assert len(days) == 42
    assert days[0] == date(2026, 10, 26)  # the Monday before Sunday 1 November
    assert all(b - a == timedelta(days=1) for a, b in itertools.pairwise(days))
    assert month_grid(date(2026, 11, 5), first_weekday=6)[0] == date(2026, 11, 1)
    # February 2026 starts on a Sunday: with weeks from Sunday the 1st opens the grid
    assert month_grid(date(2026, 2, 14), first_weekday=6)[0] == date(2026, 2, 1)
    assert grid_range(date(2026, 2, 14), 6) == (date(2026, 2, 1), date(2026, 3, 14))
    assert qt_first_weekday(BRITISH) == 0
    assert qt_first_weekday(AMERICAN) == 6


@pytest.mark.parametrize(
    ("count", "capacity", "expected"),
    [
        (0, 4, (0, 0)),
        (3, 4, (3, 0)),
        (4, 4, (4, 0)),  # exactly fits: no "+1 more" where the item itself fits
        (5, 4, (3, 2)),
        (40, 4, (3, 37)),
        (2, 1, (0, 2)),
        (2, 0, (0, 2)),
    ],
)
def test_fitting_items(count: int, capacity: int, expected: tuple[int, int]) -> None:
    assert fitting_items(count, capacity) == expected


# -- hand-built snapshots --------------------------------------------------------------


def test_counts_follow_the_branch_day_and_leave_cancelled_out(qtbot: QtBot) -> None:
    view = _view(qtbot)
    appointments = [
        _appt(1, "2026-11-23T09:00", customer="Ann Lee"),
        _appt(2, "2026-11-23T22:00", customer="Late Larry"),  # 03:00 UTC on the 24th
        _appt(3, "2026-11-23T10:00", customer="Cancelled Carl", status="cancelled"),
        _appt(4, "2026-11-25T11:00", service=2, customer="Bea Roy"),
    ]
    view.set_snapshot(_snapshot(appointments), anchor=NOVEMBER, today=NOVEMBER)
    assert view.appointment_count(date(2026, 11, 23)) == 2
    assert view.appointment_count(date(2026, 11, 24)) == 0
    assert view.appointment_count(date(2026, 11, 25)) == 1
    lines, more = view.visible_lines(date(2026, 11, 23))
    assert lines == ["09:00 Ann Lee", "22:00 Late Larry"]  # Toronto wall clock, in order
    assert more == 0

    view.set_snapshot(_snapshot(appointments), anchor=NOVEMBER, today=NOVEMBER, show_cancelled=True)
    assert view.appointment_count(date(2026, 11, 23)) == 3
    assert view.visible_lines(date(2026, 11, 23))[0][1] == "10:00 Cancelled Carl"


def test_items_are_listed_in_time_order_whatever_the_snapshot_order(qtbot: QtBot) -> None:
    view = _view(qtbot)
    appointments = [
        _appt(1, "2026-11-24T15:00", customer="Third"),
        _appt(2, "2026-11-24T08:30", customer="First"),
        _appt(3, "2026-11-24T12:15", customer="Second"),
    ]
    view.set_snapshot(_snapshot(appointments), anchor=NOVEMBER, today=NOVEMBER)
    lines, _ = view.visible_lines(date(2026, 11, 24))
    assert [line.split(" ", 1)[1] for line in lines] == ["First", "Second", "Third"]


def test_a_full_day_ends_with_more_and_the_count_stays_whole(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.set_snapshot(_snapshot(_busy_day(12)), anchor=NOVEMBER, today=NOVEMBER)
    day = date(2026, 11, 24)
    lines, more = view.visible_lines(day)
    assert view.appointment_count(day) == 12
    assert 0 < len(lines) < 12
    assert len(lines) + more == 12
    assert lines[0] == "09:00 Person 00"

    # a shorter window fits fewer lines; the "+N more" grows accordingly
    view.resize(1050, 460)
    smaller, more_now = view.visible_lines(day)
    assert len(smaller) < len(lines)
    assert len(smaller) + more_now == 12

    # a day with few appointments shows them all
    view.set_snapshot(_snapshot(_busy_day(2)), anchor=NOVEMBER, today=NOVEMBER)
    assert view.visible_lines(day) == (["09:00 Person 00", "09:15 Person 01"], 0)


def test_chips_wear_the_service_colour_and_the_status_look(qtbot: QtBot) -> None:
    """Chips look like the day and week views' blocks: the service's colour, the status
    changing the look (a pending one is a light chip outlined in that colour)."""
    view = _view(qtbot)
    appointments = [
        _appt(1, "2026-11-24T09:00", service=2, customer="Confirmed Cora"),
        _appt(2, "2026-11-24T10:00", service=2, customer="Pending Pia", status="pending"),
    ]
    pending = appointments[1]
    appointments[1] = CalAppointment(
        **{**pending.__dict__, "status_predicate": "start", "status_key": "pending"}
    )
    view.set_snapshot(_snapshot(appointments), anchor=NOVEMBER, today=NOVEMBER)
    image = view.grab().toImage()
    base = view.palette().color(QPalette.ColorRole.Base)

    def colours(index: int) -> set[str]:
        line = view.line_rect(date(2026, 11, 24), index)
        y = line.center().y()
        return {_pixel(image, QPoint(x, y)).name() for x in range(line.left(), line.left() + 12)}

    mortgage = "#e65100"
    assert mortgage in colours(0)
    pending_fill = block_colors(mortgage, status_style("pending", "start"), base).fill.name()
    assert pending_fill != mortgage
    assert pending_fill in colours(1)


def test_closed_days_are_labelled_with_their_name(qtbot: QtBot) -> None:
    view = _view(qtbot)
    closed = {date(2026, 11, 11): "Remembrance Day", date(2026, 11, 15): ""}
    view.set_snapshot(_snapshot([], closed=closed), anchor=NOVEMBER, today=NOVEMBER)
    assert view.closed_label(date(2026, 11, 11)) == "Remembrance Day"
    assert view.closed_label(date(2026, 11, 15)) == "Closed"
    assert view.closed_label(date(2026, 11, 12)) is None
    assert "Remembrance Day" in view.day_summary(date(2026, 11, 11))


def test_days_outside_the_month_are_dimmed_and_today_stands_out(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.set_snapshot(_snapshot([]), anchor=NOVEMBER, today=NOVEMBER)
    days = view.days()
    assert days[0] == date(2026, 10, 26)
    assert days[-1] == date(2026, 12, 6)
    assert sum(1 for d in days if d.month == 11) == 30
    image = view.grab().toImage()
    palette = view.palette()

    def corner(day: date) -> QColor:
        # the bottom-right corner of a cell holds no text: only the background
        rect = view.day_rect(day)
        return _pixel(image, rect.bottomRight() - QPoint(4, 4))

    assert corner(date(2026, 11, 10)) == palette.color(QPalette.ColorRole.Base)
    assert corner(date(2026, 10, 27)) == palette.color(QPalette.ColorRole.Window)
    assert corner(date(2026, 12, 2)) == palette.color(QPalette.ColorRole.Window)
    assert corner(NOVEMBER) != palette.color(QPalette.ColorRole.Base)
    # the snapshot says nothing about days it does not cover
    assert not view.covers(date(2026, 12, 2))
    assert view.covers(date(2026, 11, 30))


def _pixel(image: QImage, point: QPoint) -> QColor:
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(point.x() * ratio), int(point.y() * ratio))


def test_weeks_start_on_the_locales_first_day(qtbot: QtBot) -> None:
    view = _view(qtbot, locale=AMERICAN)
    view.set_snapshot(_snapshot([]), anchor=NOVEMBER, today=NOVEMBER)
    assert view.days()[0] == date(2026, 11, 1)  # a Sunday
    left = view.day_rect(date(2026, 11, 1))
    assert left.left() <= 1
    assert view.date_at(left.center()) == date(2026, 11, 1)


def test_a_click_opens_the_day_under_the_mouse(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.set_snapshot(_snapshot(_busy_day(12)), anchor=NOVEMBER, today=NOVEMBER)
    for day in (date(2026, 11, 24), date(2026, 12, 3), date(2026, 10, 26)):
        with qtbot.waitSignal(view.day_activated) as blocker:
            qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.day_rect(day).center())
        assert blocker.args == [day]
        assert view.focused_day() == day
    # the weekday header is not a day
    with qtbot.assertNotEmitted(view.day_activated):
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(20, 3))


def test_arrow_keys_move_between_days_and_enter_opens(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.set_snapshot(_snapshot([]), anchor=NOVEMBER, today=NOVEMBER)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    assert view.focused_day() == NOVEMBER
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.focused_day() == date(2026, 12, 1)
    assert "December 2026" in view.accessibleDescription()
    with qtbot.waitSignal(view.day_activated) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == [date(2026, 12, 1)]
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    with qtbot.waitSignal(view.day_activated) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert blocker.args == [date(2026, 11, 22)]
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.focused_day() == date(2026, 11, 1)
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.focused_day() == date(2026, 11, 30)
    # the focus stays within the six weeks shown
    for _ in range(10):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.focused_day() == date(2026, 11, 30)  # the last row; still a Monday
    for _ in range(10):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.focused_day() == date(2026, 12, 6)


def test_right_to_left_mirrors_the_grid_and_the_arrows(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    view.set_snapshot(_snapshot([]), anchor=NOVEMBER, today=NOVEMBER)
    monday = view.day_rect(date(2026, 10, 26))
    assert monday.right() >= view.width() - 2
    assert view.date_at(monday.center()) == date(2026, 10, 26)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.focused_day() == NOVEMBER + timedelta(days=1)


def test_a_new_snapshot_of_the_same_month_keeps_the_focused_day(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.set_snapshot(_snapshot([]), anchor=NOVEMBER, today=NOVEMBER)
    view.set_focused_day(date(2026, 11, 5))
    view.set_snapshot(_snapshot(_busy_day(3)), anchor=NOVEMBER, today=NOVEMBER)
    assert view.focused_day() == date(2026, 11, 5)
    view.set_snapshot(
        _snapshot([], first=date(2026, 12, 1), last=date(2026, 12, 31)),
        anchor=date(2026, 12, 14),
        today=NOVEMBER,
    )
    assert view.focused_day() == date(2026, 12, 14)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_painting_leaves_nones_reference_count_alone(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.set_snapshot(_snapshot(_busy_day(40)), anchor=NOVEMBER, today=NOVEMBER)
    before = sys.getrefcount(None)
    for _ in range(5):
        view.grab()
    assert sys.getrefcount(None) >= before - 50


def test_two_thousand_appointments_paint_quickly(qtbot: QtBot) -> None:
    view = _view(qtbot, size=(1400, 900))
    appointments = [
        _appt(
            i,
            f"2026-11-{1 + i % 30:02d}T{8 + (i // 30) % 10:02d}:{(i // 300) * 5:02d}",
            agent=1 + i % 2,
            service=1 + i % 2,
        )
        for i in range(2000)
    ]
    started = time.perf_counter()
    view.set_snapshot(_snapshot(appointments), anchor=NOVEMBER, today=NOVEMBER)
    grouped = time.perf_counter() - started
    assert sum(view.appointment_count(d) for d in view.days()) == 2000
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        view.grab()
        timings.append(time.perf_counter() - started)
    # A frame is 16 ms; the bounds leave room for slow test machines while still catching
    # a paint that walks every appointment.
    assert grouped < 0.5
    assert sorted(timings)[1] < 0.25


# -- the demo branch, on both databases ------------------------------------------------


def _live_count(session: Session, day: date) -> tuple[int, int]:
    """Appointments of ``day`` (Toronto) not cancelled, and cancelled, counted straight from
    the tables."""
    start = datetime.combine(day, datetime.min.time(), tzinfo=TORONTO).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=TORONTO)
    rows = session.execute(
        select(StatusDefinition.predicate)
        .join(Appointment, StatusDefinition.id == Appointment.status_id)
        .where(Appointment.start_at >= start, Appointment.start_at < end.astimezone(UTC))
    ).all()
    cancelled = sum(1 for r in rows if r.predicate == "cancellation")
    return len(rows) - cancelled, cancelled


def test_demo_month_on_both_databases(qtbot: QtBot, sessions: sessionmaker[Session]) -> None:
    create_demo(sessions, MONDAY_9AM)
    view = _view(qtbot, locale=QLocale(QLocale.Language.English, QLocale.Country.Canada))
    first, last = grid_range(NOVEMBER, qt_first_weekday(view.locale()))
    with sessions() as session:
        branch_id = session.scalars(select(Branch.id)).one()
        snapshot = calendar_data.load(session, branch_id, first, last)
        expected, cancelled = _live_count(session, date(2026, 11, 24))
        december, _ = _live_count(session, date(2026, 12, 1))
    view.set_snapshot(snapshot, anchor=NOVEMBER, today=NOVEMBER)
    assert view.appointment_count(date(2026, 11, 24)) == expected > 0
    view.set_snapshot(snapshot, anchor=NOVEMBER, today=NOVEMBER, show_cancelled=True)
    assert view.appointment_count(date(2026, 11, 24)) == expected + cancelled
    view.set_snapshot(snapshot, anchor=NOVEMBER, today=NOVEMBER)
    assert view.appointment_count(date(2026, 12, 1)) == december > 0  # dimmed, but shown
    assert view.closed_label(date(2026, 11, 22)) == "Closed"  # Sundays
    lines, more = view.visible_lines(date(2026, 11, 24))
    assert lines
    assert len(lines) + more == expected
    with qtbot.waitSignal(view.day_activated) as blocker:
        qtbot.mouseClick(
            view, Qt.MouseButton.LeftButton, pos=view.day_rect(date(2026, 11, 26)).center()
        )
    assert blocker.args == [date(2026, 11, 26)]


def test_demo_december_shows_the_holidays(qtbot: QtBot, sessions: sessionmaker[Session]) -> None:
    create_demo(sessions, MONDAY_9AM)
    view = _view(qtbot)
    anchor = date(2026, 12, 10)
    first, last = grid_range(anchor, qt_first_weekday(view.locale()))
    with sessions() as session:
        branch_id = session.scalars(select(Branch.id)).one()
        snapshot = calendar_data.load(session, branch_id, first, last)
    view.set_snapshot(snapshot, anchor=anchor, today=NOVEMBER)
    assert view.closed_label(date(2026, 12, 25)) == "Christmas Day"
    assert view.closed_label(date(2026, 12, 26)) == "Boxing Day"
    assert view.closed_label(date(2027, 1, 1)) == "New Year's Day"
    assert view.appointment_count(date(2026, 12, 25)) == 0
    # the demo's four weeks end on 6 December
    assert view.appointment_count(date(2026, 12, 4)) > 0
    assert view.appointment_count(date(2026, 12, 15)) == 0
