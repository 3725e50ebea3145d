"""The sign-in dialog and the single-desk mode, driven with pytest-qt on SQLite and
PostgreSQL.

Until a user with a password exists the desk acts as the built-in ``desk`` user without
asking; once one exists, whoever signs in acts with their own role's permissions, and the
booking layer (not only the screen) refuses what that role may not do.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments, users
from app.booking.appointments import BookingRequest
from app.booking.errors import BookingError
from app.booking.permissions import ASSIGN, DESK_USERNAME, load_actor
from app.clock import fixed_clock
from app.models import AuditEntry, User
from app.views.desk import DeskState
from app.views.dialogs.sign_in import SignInDialog, needs_sign_in, sign_in_at_start
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

NOW = datetime(2026, 11, 22, 15, 30, tzinfo=UTC)
SECRET = "Tulip-Harbour-42"
WAIT = 20_000


def add_user(
    sessions: sessionmaker[Session], username: str, role: str, password: str | None = SECRET
) -> None:
    with sessions() as session:
        users.add_user(
            session,
            load_actor(session),
            NOW,
            username=username,
            display_name=username.title(),
            role=role,
            password=password,
        )
        session.commit()


def opened(qtbot: QtBot, sessions: sessionmaker[Session]) -> SignInDialog:
    dialog = SignInDialog(sessions, fixed_clock(NOW))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def submit(qtbot: QtBot, dialog: SignInDialog, username: str, password: str) -> None:
    """Type both fields as a person would and press Enter; wait for the answer."""
    dialog.username_edit.clear()
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, password)
    with qtbot.waitSignal(dialog._runner.busy_changed, timeout=WAIT) as blocker:
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        # busy_changed(True) comes at once; wait for the False that ends the check.
    assert blocker.args == [True]
    qtbot.waitUntil(lambda: not dialog._runner.busy(), timeout=WAIT)


def test_single_desk_mode_until_someone_has_a_password(
    qtbot: QtBot, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        assert not needs_sign_in(session)
    # No dialog opens: the built-in user acts.
    assert sign_in_at_start(sessions, fixed_clock(NOW)) == DESK_USERNAME

    add_user(sessions, "nopass", "receptionist", password=None)
    with sessions() as session:
        assert not needs_sign_in(session), "an account that cannot sign in changes nothing"

    add_user(sessions, "maria", "manager")
    with sessions() as session:
        assert needs_sign_in(session)
        users.remove_user(session, load_actor(session), "maria", NOW)
        session.commit()
    with sessions() as session:
        assert not needs_sign_in(session), "a removed user no longer counts"


def test_sign_in_at_start_asks_once_a_user_has_a_password(
    qtbot: QtBot, sessions: sessionmaker[Session]
) -> None:
    add_user(sessions, "maria", "manager")
    state = DeskState(sessions, "test database", "Desk", fixed_clock(NOW))
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignInDialog)
        seen.append(dialog.windowTitle())
        dialog.username_edit.setText("maria")
        dialog.password_edit.setText(SECRET)
        dialog.sign_in_button.click()

    QTimer.singleShot(0, answer)
    assert sign_in_at_start(state, state.clock) == "maria"
    assert seen == ["Sign in to Front Desk"]

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignInDialog)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel)
    assert sign_in_at_start(state, state.clock) is None


def test_wrong_password_is_refused_and_cleared(
    qtbot: QtBot, sessions: sessionmaker[Session]
) -> None:
    add_user(sessions, "maria", "manager")
    dialog = opened(qtbot, sessions)
    submit(qtbot, dialog, "maria", "not-her-password")
    assert dialog.isVisible()
    assert dialog.username() is None
    assert dialog.message.message() == (
        "The user name or the password is not right. Please try again."
    )
    assert dialog.username_edit.text() == "maria"
    assert dialog.password_edit.text() == ""

    # An unknown user name gets exactly the same answer: nothing tells which was wrong.
    submit(qtbot, dialog, "nobody", SECRET)
    assert dialog.message.message() == (
        "The user name or the password is not right. Please try again."
    )
    assert dialog.password_edit.text() == ""
    assert dialog.failures() == 2


def test_empty_fields_are_asked_for_without_a_database_call(
    qtbot: QtBot, sessions: sessionmaker[Session]
) -> None:
    dialog = opened(qtbot, sessions)
    qtbot.keyClicks(dialog.username_edit, "maria")
    dialog.sign_in_button.click()
    assert not dialog._runner.busy()
    assert dialog.message.message() == "Enter your user name and your password."
    assert dialog.failures() == 0


def test_repeated_failures_are_slowed(qtbot: QtBot, sessions: sessionmaker[Session]) -> None:
    assert [users.sign_in_wait(n) for n in range(0, 6)] == [0, 0, 0, 1, 2, 4]
    assert users.sign_in_wait(50) == users.SIGN_IN_MAX_WAIT
    add_user(sessions, "maria", "manager")
    dialog = opened(qtbot, sessions)
    for _ in range(users.SIGN_IN_FREE_TRIES - 1):
        submit(qtbot, dialog, "maria", "wrong-guess")
        assert dialog.sign_in_button.isEnabled()
    submit(qtbot, dialog, "maria", "wrong-guess")
    assert not dialog.sign_in_button.isEnabled()
    assert dialog.wait_timer.isActive()
    assert dialog.wait_timer.interval() == 1000
    assert dialog.message.message() == (
        "The user name or the password is not right. Please try again. "
        "Too many tries: please wait a second before the next."
    )
    # While waiting, Enter does nothing at all.
    qtbot.keyClicks(dialog.password_edit, SECRET)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert not dialog._runner.busy()
    assert dialog.username() is None
    with qtbot.waitSignal(dialog.wait_timer.timeout, timeout=WAIT):
        pass
    assert dialog.sign_in_button.isEnabled()
    # The next failure waits twice as long.
    submit(qtbot, dialog, "maria", "wrong-again")
    assert dialog.wait_timer.interval() == 2000
    assert dialog.message.message().endswith("please wait 2 seconds before the next.")
    with qtbot.waitSignal(dialog.wait_timer.timeout, timeout=WAIT):
        pass
    qtbot.keyClicks(dialog.password_edit, SECRET)
    with qtbot.waitSignal(dialog.signed_in, timeout=WAIT):
        dialog.sign_in_button.click()
    assert dialog.username() == "maria"


def test_manager_signs_in_and_acts_with_manager_permissions(
    qtbot: QtBot, sessions: sessionmaker[Session]
) -> None:
    add_user(sessions, "maria", "manager")
    dialog = opened(qtbot, sessions)
    with qtbot.waitSignal(dialog.signed_in, timeout=WAIT) as blocker:
        submit(qtbot, dialog, "  maria ", SECRET)
    actor = blocker.args[0]
    assert (actor.username, actor.role) == ("maria", "manager")
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.username() == "maria"
    assert dialog.password_edit.text() == ""

    state = DeskState(sessions, "test database", "Maria", fixed_clock(NOW), dialog.username())
    with sessions() as session:
        acting = state.actor(session)
        assert acting.role == "manager"
        assert acting.may("appointments.approve")
        assert not acting.may("administer")
        user = session.scalars(select(User).where(User.username == "maria")).one()
        assert user.last_sign_in_at == NOW
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.user_id == user.id)
        ).all()
        assert "user.sign_in" in actions
        with pytest.raises(BookingError) as refused:
            users.list_users(session, acting)
        assert refused.value.code == "permission_denied"


def test_signed_in_receptionist_is_refused_an_assignment_by_the_booking_layer(
    qtbot: QtBot, sessions: sessionmaker[Session]
) -> None:
    apply_riverside(sessions)
    add_user(sessions, "rita", "receptionist")
    with sessions() as session:
        users.change_role_permissions(
            session, load_actor(session), "receptionist", NOW, revoke=[ASSIGN]
        )
        session.commit()
        known = ids(session)
        customer = add_customers(session, 1)[0]

    dialog = opened(qtbot, sessions)
    submit(qtbot, dialog, "rita", SECRET)
    state = DeskState(sessions, "test database", "Rita", fixed_clock(MONDAY_9AM), "rita")
    tz = ZoneInfo("America/Toronto")
    start = datetime(2026, 11, 24, 11, 0, tzinfo=tz)
    chosen = BookingRequest(
        known["Account opening"], start, customer_id=customer, agent_id=known["Bob Chen"]
    )
    with sessions() as session:
        with pytest.raises(BookingError) as refused:
            appointments.book(session, state.actor(session), chosen, state.now())
        assert refused.value.code == "permission_denied"
        assert "appointments.assign" in refused.value.message
        session.rollback()
        # Letting the branch assign the agent is still hers to do.
        auto = BookingRequest(known["Account opening"], start + timedelta(hours=1), customer)
        appt = appointments.book(session, state.actor(session), auto, state.now())
        assert appt.created_by_user_id is not None
        session.commit()
