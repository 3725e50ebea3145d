"""The general settings page with pytest-qt, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import settings
from app.booking.errors import BookingError
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.booking.users import add_user
from app.clock import fixed_clock
from app.models import AuditEntry, Branch, Setting
from app.views.admin.settings_page import (
    ChoiceEditor,
    JsonEditor,
    NumberEditor,
    RegionEditor,
    SettingsPage,
    ShowAsEditor,
)
from app.views.desk import DeskState
from tests.support.riverside import MONDAY_9AM, apply_riverside


@pytest.fixture
def state(sessions: sessionmaker[Session]) -> DeskState:
    apply_riverside(sessions)
    with sessions() as session:
        settings.change_setting(
            session, load_actor(session), settings.MIN_AGENT_SHARE, 0.25, MONDAY_9AM
        )
        session.commit()
    return DeskState(sessions, "test", "Front desk", fixed_clock(MONDAY_9AM))


def _branch_id(state: DeskState) -> int:
    with state.sessions() as session:
        return session.scalars(select(Branch.id)).one()


@pytest.fixture
def page(qtbot: QtBot, state: DeskState) -> SettingsPage:
    widget = SettingsPage(state, _branch_id(state))
    qtbot.addWidget(widget)
    widget.resize(1000, 900)
    widget.show()
    return widget


def _stored(state: DeskState, branch_id: int) -> dict[str, Any]:
    with state.sessions() as session:
        return {
            s.key: s.value
            for s in session.scalars(select(Setting).where(Setting.scope == f"branch:{branch_id}"))
        }


def _audit(state: DeskState) -> list[str]:
    with state.sessions() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def _click_save(qtbot: QtBot, page: SettingsPage, ok: bool = True) -> None:
    with qtbot.waitSignal(page.save_finished, timeout=20_000) as blocker:
        QTest.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [ok]


def _editor(page: SettingsPage, key: str) -> Any:
    return page.rows[key].editor


def test_every_setting_but_mail_has_a_row(page: SettingsPage) -> None:
    expected = [k for k in settings.known_keys() if not k.startswith("mail.")]
    assert sorted(page.rows) == sorted(expected)
    for row in page.rows.values():
        assert row.editor.focusProxy() is not None
        assert row.use_default.accessibleName()


def test_rows_show_the_values_in_force_and_where_they_come_from(page: SettingsPage) -> None:
    share = page.rows[settings.MIN_AGENT_SHARE]
    assert isinstance(share.editor, NumberEditor)
    assert share.editor.spin.value() == 25
    assert share.source.text() == "Inherited: desk-wide value"
    contact = page.rows[settings.CONTACT_REQUIREMENT]
    assert contact.editor.value() == "either"
    assert contact.source.text() == "Inherited: default"
    assert not contact.use_default.isEnabled()
    show_as = _editor(page, settings.BLOCKING_SHOW_AS)
    assert isinstance(show_as, ShowAsEditor)
    assert not show_as.boxes["busy"].isEnabled()
    assert show_as.boxes["oof"].isChecked()
    assert not show_as.boxes["free"].isChecked()
    assert not page.save_button.isEnabled()


def test_edits_are_saved_as_the_branch_s_own_values(
    qtbot: QtBot, page: SettingsPage, state: DeskState
) -> None:
    before = len(_audit(state))
    changes: list[bool] = []
    page.changed.connect(lambda: changes.append(True))
    contact = _editor(page, settings.CONTACT_REQUIREMENT)
    assert isinstance(contact, ChoiceEditor)
    contact.combo.setCurrentIndex(contact.combo.findData("phone"))
    show_as = _editor(page, settings.BLOCKING_SHOW_AS)
    QTest.mouseClick(show_as.boxes["oof"], Qt.MouseButton.LeftButton)
    share = _editor(page, settings.MIN_AGENT_SHARE)
    share.spin.setFocus()
    share.spin.selectAll()
    QTest.keyClicks(share.spin, "50")
    days = _editor(page, settings.earliest_day_key("self-service"))
    days.spin.setValue(2)
    window = _editor(page, settings.disabled_window_key("desk"))
    window.spin.setValue(90)
    timeout = _editor(page, settings.APPROVAL_TIMEOUT_HOURS)
    timeout.spin.setValue(48)
    assert page.save_button.isEnabled()

    _click_save(qtbot, page)

    stored = _stored(state, page.branch_id)
    assert stored == {
        settings.CONTACT_REQUIREMENT: "phone",
        settings.BLOCKING_SHOW_AS: ["busy", "tentative", "workingElsewhere"],
        settings.MIN_AGENT_SHARE: 0.5,
        settings.earliest_day_key("self-service"): 2,
        settings.disabled_window_key("desk"): 90,
        settings.APPROVAL_TIMEOUT_HOURS: 48,
    }
    assert changes == [True]
    assert _audit(state)[before:] == ["setting.change"] * 6
    assert page.rows[settings.CONTACT_REQUIREMENT].source.text() == "This branch's own value"
    assert page.rows[settings.CONTACT_REQUIREMENT].use_default.isEnabled()
    assert not page.save_button.isEnabled()


def test_a_country_is_chosen_by_name(qtbot: QtBot, page: SettingsPage, state: DeskState) -> None:
    region = _editor(page, settings.PHONE_REGION)
    assert isinstance(region, RegionEditor)
    assert region.value() is None
    region.combo.setCurrentIndex(region.combo.findData("FR"))
    assert "(FR)" in region.combo.currentText()
    _click_save(qtbot, page)
    assert _stored(state, page.branch_id) == {settings.PHONE_REGION: "FR"}


def test_a_bad_value_is_shown_under_its_row_and_nothing_is_written(
    qtbot: QtBot, page: SettingsPage, state: DeskState
) -> None:
    before = _audit(state)
    _editor(page, settings.APPROVAL_TIMEOUT_HOURS).spin.setValue(12)
    region = _editor(page, settings.PHONE_REGION)
    line = region.combo.lineEdit()
    assert isinstance(line, QLineEdit)
    line.selectAll()
    QTest.keyClicks(line, "ZZ")
    _click_save(qtbot, page, ok=False)
    assert "phone_region" in page.problem(settings.PHONE_REGION)
    assert "ZZ" in page.problem(settings.PHONE_REGION)
    assert page.problem(settings.APPROVAL_TIMEOUT_HOURS) == ""
    assert _stored(state, page.branch_id) == {}
    assert _audit(state) == before
    assert page.save_button.isEnabled()


def test_use_default_removes_the_branch_s_own_value(
    qtbot: QtBot, page: SettingsPage, state: DeskState
) -> None:
    _editor(page, settings.MIN_AGENT_SHARE).spin.setValue(80)
    _editor(page, settings.APPROVAL_TIMEOUT_HOURS).spin.setValue(24)
    _click_save(qtbot, page)
    share = page.rows[settings.MIN_AGENT_SHARE]
    assert share.source.text() == "This branch's own value"
    # An edit of another row waits while "Use default" is written.
    _editor(page, settings.earliest_day_key("desk")).spin.setValue(3)
    with qtbot.waitSignal(page.save_finished, timeout=20_000) as blocker:
        QTest.mouseClick(share.use_default, Qt.MouseButton.LeftButton)
    assert blocker.args == [True]
    assert share.source.text() == "Inherited: desk-wide value"
    assert share.editor.value() == 0.25
    assert not share.use_default.isEnabled()
    assert _editor(page, settings.earliest_day_key("desk")).spin.value() == 3
    assert page.edited_keys() == [settings.earliest_day_key("desk")]
    assert _stored(state, page.branch_id) == {settings.APPROVAL_TIMEOUT_HOURS: 24}
    assert _audit(state)[-1] == "setting.reset"


def test_revert_restores_the_values_read(qtbot: QtBot, page: SettingsPage) -> None:
    contact = _editor(page, settings.CONTACT_REQUIREMENT)
    contact.combo.setCurrentIndex(contact.combo.findData("none"))
    _editor(page, settings.disabled_window_key("self-service")).spin.setValue(120)
    assert page.revert_button.isEnabled()
    QTest.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert contact.value() == "either"
    assert _editor(page, settings.disabled_window_key("self-service")).value() == 0
    assert not page.save_button.isEnabled()


def test_a_branch_value_written_elsewhere_shows_after_reload(
    page: SettingsPage, state: DeskState
) -> None:
    with state.sessions() as session:
        settings.change_setting(
            session,
            load_actor(session),
            settings.CONTACT_REQUIREMENT,
            "both",
            MONDAY_9AM,
            page.branch_id,
        )
        session.commit()
        assert session.scalar(select(func.count()).select_from(Setting)) == 2
    page.reload()
    row = page.rows[settings.CONTACT_REQUIREMENT]
    assert row.editor.value() == "both"
    assert row.source.text() == "This branch's own value"


def test_a_setting_without_an_editor_of_its_own_is_typed_as_json(
    qtbot: QtBot, state: DeskState, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "queue.greeting_seconds"

    def check(key: str, value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        raise BookingError(
            "invalid_setting", f"The setting {key} must be a whole number.", {"key": key}
        )

    monkeypatch.setitem(settings.DEFAULTS, key, 5)
    monkeypatch.setitem(settings.VALIDATORS, key, check)
    monkeypatch.setitem(settings.DESCRIPTIONS, key, "Seconds the greeting stays on screen.")
    page = SettingsPage(state, _branch_id(state))
    qtbot.addWidget(page)
    editor = _editor(page, key)
    assert isinstance(editor, JsonEditor)
    assert editor.line.text() == "5"
    editor.line.setText('"soon"')
    _click_save(qtbot, page, ok=False)
    assert "whole number" in page.problem(key)
    editor.line.setText("12")
    _click_save(qtbot, page)
    assert _stored(state, page.branch_id) == {key: 12}


def test_a_receptionist_is_refused_and_told_why(
    qtbot: QtBot, page: SettingsPage, state: DeskState
) -> None:
    run_write(
        state.sessions,
        lambda s: add_user(
            s, load_actor(s), MONDAY_9AM, username="rita", display_name="Rita", role="receptionist"
        ),
    )
    state.username = "rita"
    _editor(page, settings.APPROVAL_TIMEOUT_HOURS).spin.setValue(5)
    _click_save(qtbot, page, ok=False)
    assert "permission" in page.message.message().lower()
    assert _stored(state, page.branch_id) == {}
