"""The day/week time grid and the legend, driven through real widgets: painting, clicks,
keys, drags; on a hand-made snapshot, and once on the Riverside demo data of both
databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QMouseEvent, QPalette
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import calendar_data
from app.booking.demo import create_demo
from app.models import Branch
from app.views.calendar.layout import PlacedAppointment
from app.views.calendar.navigation import ViewMode, visible_range
from app.views.calendar.style import (
    LegendWidget,
    block_colors,
    contrast_ratio,
    status_style,
    text_color_for,
)
from app.views.calendar.timegrid import HitKind, TimeGridView
from tests.support.riverside import MONDAY_9AM
from tests.test_calendar_layout import (
    ALICE,
    BOB,
    CARLA,
    EARLY,
    MONDAY,
    appt,
    at,
    minutes,
    sample_snapshot,
)

#: Monday 23 November 2026, 10:20 in Toronto.
MID_MORNING = datetime(2026, 11, 23, 15, 20, tzinfo=UTC)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def make_view(
    qtbot: QtBot,
    *,
    mode: ViewMode = ViewMode.DAY,
    size: tuple[int, int] = (900, 700),
    now: datetime = EARLY,
    **kwargs: object,
) -> TimeGridView:
    view = TimeGridView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.set_snapshot(sample_snapshot(), mode=mode, day=MONDAY, now=now, **kwargs)  # type: ignore[arg-type]
    view.show()
    qtbot.waitExposed(view)
    view.setFocus()
    return view


def column_of(view: TimeGridView, agent_id: int | None, day: date = MONDAY) -> int:
    grid = view.grid()
    assert grid is not None
    for index, column in enumerate(grid.columns):
        if column.day == day and (grid.mode is ViewMode.WEEK or column.agent_id == agent_id):
            return index
    raise AssertionError(f"no column for {agent_id} on {day}")


def piece(view: TimeGridView, appointment_id: int) -> PlacedAppointment:
    grid = view.grid()
    assert grid is not None
    return grid.placed(appointment_id)[0][1]


def block_center(view: TimeGridView, appointment_id: int) -> QPoint:
    rect = view.block_rect(appointment_id)
    assert rect is not None
    return rect.center()


def send_mouse(view: TimeGridView, kind: QEvent.Type, pos: QPoint, buttons: Qt.MouseButton) -> None:
    """A mouse event with the held buttons set (a drag in progress)."""
    viewport = view.viewport()
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(
        kind,
        QPointF(pos),
        QPointF(viewport.mapToGlobal(pos)),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, event)


def drag(view: TimeGridView, start: QPoint, end: QPoint) -> None:
    held = Qt.MouseButton.LeftButton
    send_mouse(view, QEvent.Type.MouseButtonPress, start, held)
    steps = 4
    for i in range(1, steps + 1):
        point = start + (end - start) * (i / steps)
        send_mouse(view, QEvent.Type.MouseMove, point, held)
    send_mouse(view, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


# -- style ----------------------------------------------------------------------------


def test_text_color_by_contrast() -> None:
    assert text_color_for("#ffffff") == "#000000"
    assert text_color_for("#000000") == "#ffffff"
    assert text_color_for("#e65100") == "#000000"  # orange reads better with black
    assert text_color_for("#2e7d32") == "#ffffff"
    assert text_color_for("#6a1b9a") == "#ffffff"
    assert text_color_for("#fff") == "#000000"
    for color in ("#e65100", "#2e7d32", "#6a1b9a", "#f9a825", "#607d8b", "#1565c0"):
        assert contrast_ratio(color, text_color_for(color)) >= 4.5
    with pytest.raises(ValueError, match="colour"):
        text_color_for("orange")


def test_status_styles_follow_the_meaning() -> None:
    assert status_style("pending", "start").striped
    assert status_style("awaiting_manager", "start").outlined  # a custom start status
    assert status_style("cancelled", "cancellation").hidden_by_default
    assert status_style("withdrawn", "cancellation").faded
    assert status_style("noshow", None).struck
    assert status_style("completed", None).muted
    plain = status_style("confirmed", "confirmation")
    assert [plain.outlined, plain.striped, plain.faded, plain.struck, plain.muted] == [False] * 5


@pytest.mark.parametrize("background", ["#ffffff", "#1e1e1e"])
def test_block_text_contrasts_with_its_fill_in_light_and_dark(background: str) -> None:
    for key, predicate in (
        ("confirmed", "confirmation"),
        ("pending", "start"),
        ("noshow", None),
        ("completed", None),
    ):
        for service in ("#e65100", "#2e7d32", "#6a1b9a", "#fdd835"):
            look = block_colors(service, status_style(key, predicate), QColor(background))
            assert contrast_ratio(look.fill.name(), look.text.name()) >= 4.5, (key, service)


def test_legend_lists_services_and_visible_statuses(qtbot: QtBot) -> None:
    legend = LegendWidget()
    qtbot.addWidget(legend)
    legend.set_snapshot(sample_snapshot())
    labels = [e.label for e in legend.entries]
    assert "Mortgage consultation" in labels
    assert "Pending" in labels
    assert "Cancelled" not in labels
    assert "Busy elsewhere" in labels
    legend.set_snapshot(sample_snapshot(), show_cancelled=True)
    assert "Cancelled" in [e.label for e in legend.entries]
    assert legend.heightForWidth(200) > legend.heightForWidth(1200)
    assert "Mortgage consultation" in legend.accessibleDescription()
    legend.resize(600, legend.heightForWidth(600))
    legend.show()
    assert not legend.grab().isNull()


# -- painting -------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [ViewMode.DAY, ViewMode.WEEK])
@pytest.mark.parametrize("size", [(320, 240), (900, 700), (1600, 1000)])
def test_paints_at_several_sizes(qtbot: QtBot, mode: ViewMode, size: tuple[int, int]) -> None:
    view = make_view(qtbot, mode=mode, size=size, now=MID_MORNING)
    image = view.grab().toImage()
    assert image.width() == size[0]
    assert image.height() == size[1]
    # Some of the grid is on screen: the first column's header area is painted.
    assert len({image.pixel(x, y) for x in range(0, size[0], 7) for y in range(0, size[1], 7)}) > 3


def test_appointments_are_filled_with_their_service_colour(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    rect = view.block_rect(1)  # Alice 09:00-10:00, confirmed mortgage consultation
    assert rect is not None
    image = view.grab().toImage()
    assert QColor(image.pixel(rect.right() - 4, rect.bottom() - 3)).name() == "#e65100"
    # The overlapping pending one sits beside it, not on it.
    other = view.block_rect(2)
    assert other is not None
    assert other.left() >= rect.right()
    assert abs(other.width() - rect.width()) <= 2


def test_now_line_in_todays_column(qtbot: QtBot) -> None:
    view = make_view(qtbot, now=MID_MORNING)
    grid = view.grid()
    assert grid is not None
    assert grid.now_minute == minutes("10:20")
    point = view.point_at(column_of(view, CARLA), minutes("10:20"))
    image = view.grab().toImage()
    reds = [QColor(image.pixel(point.x(), point.y() + dy)).name() for dy in (-1, 0, 1)]
    assert "#e53935" in reds


def test_horizontal_scroll_only_when_columns_do_not_fit(qtbot: QtBot) -> None:
    wide = make_view(qtbot, mode=ViewMode.WEEK, size=(1600, 700))
    assert wide.horizontalScrollBar().maximum() == 0
    narrow = make_view(qtbot, mode=ViewMode.WEEK, size=(500, 700))
    assert narrow.horizontalScrollBar().maximum() > 0


def test_dark_palette_paints(qtbot: QtBot) -> None:
    view = TimeGridView()
    qtbot.addWidget(view)
    palette = view.palette()
    for role, color in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#eeeeee"),
        (QPalette.ColorRole.WindowText, "#eeeeee"),
    ):
        palette.setColor(role, QColor(color))
    view.setPalette(palette)
    view.resize(900, 700)
    view.set_snapshot(sample_snapshot(), mode=ViewMode.DAY, day=MONDAY, now=EARLY)
    view.show()
    image = view.grab().toImage()
    # Outside working hours the grid is dark, as the palette asks.
    point = view.point_at(column_of(view, ALICE), minutes("12:30"))
    assert QColor(image.pixel(point)).lightnessF() < 0.35


# -- cancelled ------------------------------------------------------------------------


def test_cancelled_hidden_unless_asked(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    assert view.block_rect(3) is None
    view.set_snapshot(
        sample_snapshot(), mode=ViewMode.DAY, day=MONDAY, now=EARLY, show_cancelled=True
    )
    rect = view.block_rect(3)
    assert rect is not None
    image = view.grab().toImage()
    fill = QColor(image.pixel(rect.right() - 4, rect.bottom() - 3))
    # Faded: much closer to the background than the service's own green.
    assert fill.lightnessF() > QColor("#2e7d32").lightnessF() + 0.3


# -- clicks ---------------------------------------------------------------------------


def test_click_on_free_time_offers_that_quarter_hour(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    point = view.point_at(column_of(view, CARLA), minutes("10:22"))
    with qtbot.waitSignal(view.free_time_clicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [CARLA, at(MONDAY, "10:15")]
    assert blocker.args[1].tzinfo is not None
    assert blocker.args[1].utcoffset() == timedelta(0)


def test_click_in_the_week_view_books_with_any_agent(qtbot: QtBot) -> None:
    view = make_view(qtbot, mode=ViewMode.WEEK)
    tuesday = MONDAY + timedelta(days=1)
    point = view.point_at(column_of(view, None, tuesday), minutes("14:40"))
    with qtbot.waitSignal(view.free_time_clicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [None, at(tuesday, "14:30")]


def test_click_outside_free_time_offers_nothing(qtbot: QtBot) -> None:
    view = make_view(qtbot, now=MID_MORNING)
    alice = column_of(view, ALICE)
    for where in (
        view.point_at(alice, minutes("12:30")),  # lunch
        view.point_at(column_of(view, CARLA), minutes("13:30")),  # training
        view.point_at(column_of(view, BOB), minutes("15:30")),  # busy elsewhere
        view.point_at(column_of(view, CARLA), minutes("08:45")),  # free, but past
    ):
        with qtbot.assertNotEmitted(view.free_time_clicked):
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_click_on_an_appointment_selects_and_opens_it(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    with qtbot.waitSignal(view.appointment_activated) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=block_center(view, 2))
    assert blocker.args == [2]
    assert view.selected_appointment() == 2
    assert "Ben Roy" in view.accessibleDescription()


# -- keyboard -------------------------------------------------------------------------


def test_arrow_keys_walk_appointments_and_free_time(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    assert view.select_appointment(1)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selected_appointment() == 2  # overlapping, starts 09:30
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selected_appointment() is None  # 10:30, free
    with qtbot.waitSignal(view.free_time_clicked) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == [ALICE, at(MONDAY, "10:30")]
    qtbot.keyClick(view, Qt.Key.Key_Right)  # Bob at 10:30
    assert view.selected_appointment() is None
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert view.selected_appointment() == 4  # next appointment straight away
    with qtbot.waitSignal(view.appointment_activated) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Enter)
    assert opened.args == [4]
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.selected_appointment() is None
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert view.selected_appointment() in (1, 2)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.selected_appointment() is None
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.selected_appointment() is None
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.selected_appointment() is None


def test_left_right_keep_the_time(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    assert view.select_appointment(1)  # Alice 09:00
    qtbot.keyClick(view, Qt.Key.Key_Right)  # Bob 09:00: not working, no appointment
    assert view.selected_appointment() is None
    qtbot.keyClick(view, Qt.Key.Key_Right)  # Carla 09:00: the completed appointment
    assert view.selected_appointment() == 5
    qtbot.keyClick(view, Qt.Key.Key_Right)  # the unassigned column has nothing at 09:00
    assert view.selected_appointment() is None
    with qtbot.assertNotEmitted(view.free_time_clicked):
        qtbot.keyClick(view, Qt.Key.Key_Space)  # nobody works there


def test_selection_is_announced(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    with qtbot.waitSignal(view.selection_changed) as blocker:
        view.select_appointment(4)
    assert blocker.args == [4]
    description = view.accessibleDescription()
    assert "Dan Lee" in description
    assert "No-show" in description
    assert view.accessibleName() == "Day calendar"


# -- dragging -------------------------------------------------------------------------


def test_drag_to_another_time(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    start = block_center(view, 1)
    grid = view.grid()
    assert grid is not None
    hour = view.point_at(0, minutes("11:00")).y() - view.point_at(0, minutes("10:00")).y()
    with qtbot.waitSignal(view.reschedule_requested) as blocker:
        drag(view, start, start + QPoint(0, hour * 2 + 3))
    assert blocker.args == [1, at(MONDAY, "11:00"), ALICE]
    # The block stays where the snapshot has it until a new snapshot comes.
    assert piece(view, 1).start == minutes("09:00")
    assert view.block_rect(1) is not None


def test_drag_to_another_agent(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    start = block_center(view, 1)
    target = view.point_at(column_of(view, BOB), minutes("14:30"))
    with qtbot.waitSignal(view.reschedule_requested) as blocker:
        drag(view, start, target)
    assert blocker.args == [1, at(MONDAY, "14:00"), BOB]


def test_drag_gives_an_agent_to_an_unassigned_appointment(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    start = block_center(view, 6)  # 14:00-14:30, no agent yet
    target = view.point_at(column_of(view, ALICE), minutes("14:05"))
    with qtbot.waitSignal(view.reschedule_requested) as blocker:
        drag(view, start, QPoint(target.x(), start.y()))
    assert blocker.args == [6, at(MONDAY, "14:00"), ALICE]
    # Back into the column without agent: nothing to ask.
    first = block_center(view, 1)
    nobody = view.point_at(column_of(view, None), minutes("09:30"))
    with qtbot.assertNotEmitted(view.reschedule_requested):
        drag(view, first, QPoint(nobody.x(), first.y()))


def test_drag_in_the_week_view_moves_the_day_not_the_agent(qtbot: QtBot) -> None:
    view = make_view(qtbot, mode=ViewMode.WEEK, size=(1400, 800))
    start = block_center(view, 1)
    wednesday = MONDAY + timedelta(days=2)
    target = view.point_at(column_of(view, None, wednesday), minutes("09:30"))
    with qtbot.waitSignal(view.reschedule_requested) as blocker:
        drag(view, start, target)
    assert blocker.args == [1, at(wednesday, "09:00"), ALICE]


def test_ghost_shows_while_dragging_and_escape_cancels(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    start = block_center(view, 1)
    target = view.point_at(column_of(view, ALICE), minutes("15:30"))
    held = Qt.MouseButton.LeftButton
    before = view.grab().toImage()
    send_mouse(view, QEvent.Type.MouseButtonPress, start, held)
    send_mouse(view, QEvent.Type.MouseMove, start + QPoint(0, 20), held)
    send_mouse(view, QEvent.Type.MouseMove, target, held)
    during = view.grab().toImage()
    assert _differs_near(before, during, target)
    with qtbot.assertNotEmitted(view.reschedule_requested):
        qtbot.keyClick(view, Qt.Key.Key_Escape)
        send_mouse(view, QEvent.Type.MouseButtonRelease, target, Qt.MouseButton.NoButton)


def test_drop_where_it_was_asks_nothing(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    start = block_center(view, 1)
    with qtbot.assertNotEmitted(view.reschedule_requested):
        drag(view, start, start + QPoint(0, 4))


def _differs_near(a: QImage, b: QImage, point: QPoint) -> bool:
    return any(
        a.pixel(point.x() + dx, point.y() + dy) != b.pixel(point.x() + dx, point.y() + dy)
        for dx in range(-10, 11, 2)
        for dy in range(-10, 11, 2)
    )


# -- tooltips -------------------------------------------------------------------------


def _tooltip_at(view: TimeGridView, point: QPoint) -> str:
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_tooltips(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    text = _tooltip_at(view, block_center(view, 1))
    for part in ("Ann Smith", "+14165550001", "Mortgage consultation", "Confirmed", "Bring ID"):
        assert part in text
    assert _tooltip_at(view, view.point_at(column_of(view, BOB), minutes("15:30"))) == "Busy"
    training = _tooltip_at(view, view.point_at(column_of(view, CARLA), minutes("13:30")))
    assert training == "Blocked: Training"
    assert "10:15" in _tooltip_at(view, view.point_at(column_of(view, CARLA), minutes("10:20")))
    QToolTip.hideText()


def test_hit_kinds(qtbot: QtBot) -> None:
    view = make_view(qtbot, mode=ViewMode.WEEK, size=(1400, 800))
    sunday = MONDAY + timedelta(days=6)
    assert view.hit(view.point_at(column_of(view, None, sunday), minutes("11:00"))).kind is (
        HitKind.CLOSED
    )
    assert view.hit(QPoint(2, 2)).kind is HitKind.NOTHING


# -- new snapshots --------------------------------------------------------------------


def test_new_snapshot_keeps_scroll_and_selection(qtbot: QtBot) -> None:
    view = make_view(qtbot, size=(900, 400))
    assert view.select_appointment(4)
    view.scroll_to_minute(minutes("13:00"))
    scrolled = view.verticalScrollBar().value()
    assert scrolled > 0
    moved = [
        appt(4, BOB, MONDAY, "11:30", "12:30", status="noshow", customer="Dan Lee"),
        appt(1, ALICE, MONDAY, "09:00", "10:00"),
    ]
    with qtbot.assertNotEmitted(view.selection_changed):
        view.set_snapshot(sample_snapshot(moved), mode=ViewMode.DAY, day=MONDAY, now=EARLY)
    assert view.verticalScrollBar().value() == scrolled
    assert view.selected_appointment() == 4
    assert piece(view, 4).start == minutes("11:30")
    with qtbot.waitSignal(view.selection_changed) as blocker:
        view.set_snapshot(sample_snapshot(moved[1:]), mode=ViewMode.DAY, day=MONDAY, now=EARLY)
    assert blocker.args == [None]
    assert view.selected_appointment() is None
    assert view.verticalScrollBar().value() == scrolled


def test_one_agent_view(qtbot: QtBot) -> None:
    view = make_view(qtbot, agent_filter={CARLA})
    grid = view.grid()
    assert grid is not None
    assert [c.agent_id for c in grid.columns] == [CARLA]
    assert view.block_rect(1) is None
    assert view.block_rect(5) is not None


# -- the Riverside demo, on both databases --------------------------------------------


def test_riverside_demo_snapshot(qtbot: QtBot, sessions: sessionmaker[Session]) -> None:
    create_demo(sessions, MONDAY_9AM)
    monday = date(2026, 11, 23)
    with sessions() as session:
        branch_id = session.scalars(select(Branch.id)).one()
        day_snapshot = calendar_data.load(session, branch_id, monday, monday)
        first, last = visible_range(ViewMode.WEEK, monday)
        week_snapshot = calendar_data.load(session, branch_id, first, last)
    assert day_snapshot.appointments
    view = TimeGridView()
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.set_snapshot(day_snapshot, mode=ViewMode.DAY, day=monday, now=MONDAY_9AM)
    view.show()
    grid = view.grid()
    assert grid is not None
    assert [grid.agent_names[c.agent_id] for c in grid.columns if c.agent_id] == [
        "Alice Martin",
        "Bob Chen",
        "Carla Diaz",
    ]
    shown = [p.id for c in grid.columns for p in c.appointments]
    hidden = {a.id for a in day_snapshot.appointments if a.status_predicate == "cancellation"}
    assert set(shown) == {a.id for a in day_snapshot.appointments} - hidden
    assert all(view.block_rect(i) is not None for i in shown)
    assert not view.grab().isNull()
    view.set_snapshot(week_snapshot, mode=ViewMode.WEEK, day=monday, now=MONDAY_9AM)
    grid = view.grid()
    assert grid is not None
    assert len(grid.columns) == 7
    assert grid.columns[6].closed == ""  # Sundays the branch is closed
    assert not view.grab().isNull()
