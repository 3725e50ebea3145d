"""The mail settings page with pytest-qt, on SQLite and PostgreSQL: values saved through
the settings (checked as the setup file's [mail] is), the password only in the keyring,
refusals under their field, and a test mail through a real loopback SMTP server.

The clock is Monday 23 November 2026, 09:00 in Toronto (tests/support/riverside.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import settings as st
from app.clock import fixed_clock
from app.models import AuditEntry, Setting
from app.notify import mailconfig
from app.views.desk import DeskState
from app.views.mail.settings_page import MailSettingsPage
from tests.support.keyring_backend import MemoryKeyring
from tests.support.mailserver import MailServer, TestAuthority, free_port
from tests.support.riverside import MONDAY_9AM, apply_riverside, ids

PASSWORD = "Pg-Mail-secret-5520"
USER = "desk@riverside.example"


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def branch_id(sessions: sessionmaker[Session]) -> int:
    apply_riverside(sessions)
    with sessions() as session:
        return ids(session)["branch"]


@pytest.fixture
def page(qtbot: QtBot, sessions: sessionmaker[Session], branch_id: int) -> MailSettingsPage:
    state = DeskState(sessions, "test", "Front desk", fixed_clock(MONDAY_9AM))
    widget = MailSettingsPage(state, branch_id)
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    return widget


def fill(page: MailSettingsPage, qtbot: QtBot, port: int, password: str = PASSWORD) -> None:
    page.host_edit.clear()
    qtbot.keyClicks(page.host_edit, "127.0.0.1")
    page.security_combo.setCurrentIndex(page.security_combo.findData("none"))
    page.port_spin.setValue(port)
    qtbot.keyClicks(page.user_edit, USER)
    qtbot.keyClicks(page.password_edit, password)
    qtbot.keyClicks(page.from_address_edit, "desk@riverside.example")
    qtbot.keyClicks(page.from_name_edit, "Riverside Front Desk")


def stored_mail_settings(sessions: sessionmaker[Session]) -> dict[str, object]:
    with sessions() as session:
        rows = session.scalars(select(Setting).where(Setting.key.like("mail.%")))
        return {r.key: r.value for r in rows}


def test_save_stores_the_settings_and_the_password_only_in_the_keyring(
    qtbot: QtBot,
    page: MailSettingsPage,
    sessions: sessionmaker[Session],
    branch_id: int,
    memory_keyring: MemoryKeyring,
) -> None:
    assert page.password_state.text() == "no password stored"
    assert page.host_edit.text() == ""
    assert page.port_spin.value() == 587
    fill(page, qtbot, 2525)

    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert page.status_label.text() == "Mail settings saved."
    assert stored_mail_settings(sessions) == {
        st.MAIL_HOST: "127.0.0.1",
        st.MAIL_PORT: 2525,
        st.MAIL_SECURITY: "none",
        st.MAIL_USER: USER,
        st.MAIL_FROM_ADDRESS: "desk@riverside.example",
        st.MAIL_FROM_NAME: "Riverside Front Desk",
    }
    assert memory_keyring.passwords == {
        (mailconfig.KEYRING_SERVICE, mailconfig.keyring_user(branch_id)): PASSWORD
    }
    with sessions() as session:
        everything = json.dumps(
            [[s.key, s.value] for s in session.scalars(select(Setting))]
            + [[a.action, a.before, a.after] for a in session.scalars(select(AuditEntry))],
            default=str,
        )
        changes = list(
            session.scalars(select(AuditEntry.action).where(AuditEntry.action == "setting.change"))
        )
    assert PASSWORD not in everything
    assert len(changes) == 6  # one audit entry per changed setting
    # Never read back into the field; only whether one is stored.
    assert page.password_edit.text() == ""
    assert page.password_state.text() == "a password is stored"
    assert page.forget_button.isEnabled()

    assert page.forget_password()
    assert memory_keyring.passwords == {}
    assert page.password_state.text() == "no password stored"


def test_a_refused_value_is_shown_under_its_field_and_nothing_is_written(
    qtbot: QtBot,
    page: MailSettingsPage,
    sessions: sessionmaker[Session],
    memory_keyring: MemoryKeyring,
) -> None:
    fill(page, qtbot, 2525)
    page.host_edit.setText("smtp example.com")
    page.from_address_edit.setText("desk-at-riverside")

    with qtbot.assertNotEmitted(page.changed):
        assert not page.save()

    assert "server name such as smtp.example.com" in page.problem(st.MAIL_HOST)
    assert "e-mail address such as desk@branch.example" in page.problem(st.MAIL_FROM_ADDRESS)
    assert page.problem(st.MAIL_PORT) == ""
    assert page.status_label.text() == "Nothing was saved; see the marked fields."
    assert stored_mail_settings(sessions) == {}
    assert memory_keyring.passwords == {}

    page.host_edit.setText("smtp.example.com")
    page.from_address_edit.setText("desk@riverside.example")
    assert page.save()
    assert page.problem(st.MAIL_HOST) == ""
    assert page.status_label.text() == "Mail settings saved."
    assert stored_mail_settings(sessions)[st.MAIL_HOST] == "smtp.example.com"

    # Accepted as the setup file accepts it, with a word on what it means.
    page.from_address_edit.clear()
    assert page.save()
    assert page.status_label.text() == (
        "Mail settings saved. E-mail stays off until a sender address is set."
    )
    assert stored_mail_settings(sessions)[st.MAIL_FROM_ADDRESS] is None


def test_the_usual_port_follows_the_security(page: MailSettingsPage) -> None:
    assert page.port_spin.value() == 587
    page.security_combo.setCurrentIndex(page.security_combo.findData("ssl"))
    assert page.port_spin.value() == 465
    page.port_spin.setValue(2465)
    page.security_combo.setCurrentIndex(page.security_combo.findData("starttls"))
    assert page.port_spin.value() == 2465  # a port someone chose stays


def test_a_test_mail_goes_through_the_saved_settings(
    qtbot: QtBot, page: MailSettingsPage, sessions: sessionmaker[Session]
) -> None:
    server = MailServer(free_port(), logins={USER: PASSWORD})
    server.start()
    try:
        fill(page, qtbot, server.port)
        qtbot.keyClicks(page.test_to_edit, "anne@example.com")
        with qtbot.waitSignal(page.test_finished) as unsaved:
            qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        assert unsaved.args == [
            False,
            "Save your changes first: the test uses the saved settings.",
        ]
        assert page.save()

        with qtbot.waitSignal(page.test_finished, timeout=20_000) as sent:
            qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        assert sent.args[0] is True
        assert "anne@example.com" in sent.args[1]
        assert page.test_result.text() == sent.args[1]
        (message,) = server.messages
        assert message["To"] == "anne@example.com"
        assert message["Subject"] == "Test message from Riverside"
    finally:
        server.stop()

    with qtbot.waitSignal(page.test_finished, timeout=20_000) as down:
        qtbot.keyClick(page.test_to_edit, Qt.Key.Key_Return)
    assert down.args == [
        False,
        f"The mail server 127.0.0.1:{server.port} refused the connection; is it running?",
    ]
    assert page.test_result.font().bold()
    page.wait()


def test_a_company_authority_is_chosen_as_a_file_and_trusted_by_the_test_mail(
    qtbot: QtBot,
    sessions: sessionmaker[Session],
    branch_id: int,
    tmp_path: Path,
) -> None:
    """The file chooser fills the field; saved as mail.ca_file; a missing file is said
    after saving; the test mail reaches a server signed by that authority."""
    authority = TestAuthority(tmp_path)
    asked: list[str] = []

    def choose(parent: QWidget, current: str) -> str:
        asked.append(current)
        return str(chosen)

    state = DeskState(sessions, "test", "Front desk", fixed_clock(MONDAY_9AM))
    page = MailSettingsPage(state, branch_id, choose_file=choose)
    qtbot.addWidget(page)
    page.show()
    server = MailServer(free_port(), security="starttls", authority=authority)
    server.start()
    try:
        fill(page, qtbot, server.port, password="")
        page.user_edit.clear()
        page.security_combo.setCurrentIndex(page.security_combo.findData("starttls"))
        page.port_spin.setValue(server.port)
        chosen = tmp_path / "later" / "company-ca.pem"
        qtbot.mouseClick(page.ca_file_button, Qt.MouseButton.LeftButton)
        assert asked == [""]
        assert page.ca_file_edit.text() == str(chosen)
        assert page.save()
        assert page.status_label.text() == (
            f"Mail settings saved. The certificate file {chosen} is not on this computer: "
            "e-mails wait until it is."
        )
        assert stored_mail_settings(sessions)[st.MAIL_CA_FILE] == str(chosen)

        qtbot.keyClicks(page.test_to_edit, "anne@example.com")
        with qtbot.waitSignal(page.test_finished, timeout=20_000) as missing:
            qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        assert missing.args[0] is False
        assert "mail.ca_file" in missing.args[1]

        chosen = authority.ca_file
        qtbot.mouseClick(page.ca_file_button, Qt.MouseButton.LeftButton)
        assert asked[-1] == str(tmp_path / "later" / "company-ca.pem")
        assert page.save()
        assert page.status_label.text() == "Mail settings saved."
        with qtbot.waitSignal(page.test_finished, timeout=20_000) as sent:
            qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        assert sent.args[0] is True, sent.args
        assert [m["To"] for m in server.messages] == ["anne@example.com"]

        page.ca_file_edit.setText("company-ca.pem")
        assert not page.save()
        assert "full path" in page.problem(st.MAIL_CA_FILE)
    finally:
        server.stop()
        page.wait()
