"""The e-mail template editor with pytest-qt, on SQLite and PostgreSQL: an unknown
placeholder is refused and nothing is written, the preview is filled from the next real
appointment in the branch's zone, and a service's own template is what the next booking's
mail says, read back from a real loopback SMTP server.

The clock is Monday 23 November 2026, 09:00 in Toronto (tests/support/riverside.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import keyring
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments as use
from app.booking.appointments import BookingRequest
from app.booking.permissions import load_actor
from app.clock import fixed_clock
from app.models import AuditEntry, NotificationTemplate
from app.notify import sender, templates
from app.views.desk import DeskState
from app.views.mail import TemplatesPage
from tests.support.keyring_backend import MemoryKeyring
from tests.support.mailserver import MailServer, free_port, point_branch_at
from tests.support.riverside import MONDAY_9AM, add_customers, apply_riverside, ids

NOW = MONDAY_9AM


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def server() -> Iterator[MailServer]:
    mail = MailServer(free_port())
    mail.start()
    yield mail
    mail.stop()


@pytest.fixture
def branch(sessions: sessionmaker[Session], server: MailServer) -> dict[str, int]:
    apply_riverside(sessions)
    with sessions() as session:
        found = ids(session)
        for i, customer in enumerate(add_customers(session, 2)):
            found[f"c{i}"] = customer
        point_branch_at(session, found["branch"], server)
        session.commit()
    return found


def book(sessions: sessionmaker[Session], service_id: int, customer_id: int, hours: int) -> int:
    with sessions() as session:
        appt = use.book(
            session,
            load_actor(session),
            BookingRequest(
                service_id=service_id, customer_id=customer_id, start=NOW + timedelta(hours=hours)
            ),
            NOW,
        )
        session.commit()
        return appt.id


@pytest.fixture
def page(qtbot: QtBot, sessions: sessionmaker[Session], branch: dict[str, int]) -> TemplatesPage:
    state = DeskState(sessions, "test", "Front desk", fixed_clock(NOW))
    widget = TemplatesPage(state, branch["branch"])
    qtbot.addWidget(widget)
    widget.resize(1200, 650)
    widget.show()
    return widget


def own_templates(sessions: sessionmaker[Session]) -> list[tuple[str, str, int | None]]:
    with sessions() as session:
        return [
            (t.event, t.recipient, t.service_id)
            for t in session.scalars(select(NotificationTemplate))
        ]


def audit_actions(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as session:
        query = select(AuditEntry.action).where(AuditEntry.action.like("template.%"))
        return list(session.scalars(query))


def test_an_unknown_placeholder_is_refused_at_save_and_nothing_is_written(
    qtbot: QtBot, page: TemplatesPage, sessions: sessionmaker[Session]
) -> None:
    page.choose("confirmed", "customer")
    page.body_edit.setFocus()
    page.body_edit.moveCursor(page.body_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(page.body_edit, " See you, {!Nope}")
    # Flagged while typing, before any save.
    assert page.problem().startswith("The placeholder {!Nope} is unknown.")

    with qtbot.assertNotEmitted(page.changed):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert page.problem().startswith("The placeholder {!Nope} is unknown. Use one of:")
    assert "{!Customer Name}" in page.problem()
    assert page.status_label.text() == "Not saved."
    assert own_templates(sessions) == []
    assert audit_actions(sessions) == []


def test_the_preview_shows_the_next_appointment_in_local_time(
    page: TemplatesPage, sessions: sessionmaker[Session], branch: dict[str, int]
) -> None:
    book(sessions, branch["Account opening"], branch["c0"], hours=2)  # 11:00 in Toronto

    page.choose("confirmed", "customer", branch["Account opening"])

    body = page.preview_body.toPlainText()
    assert body.startswith("Dear Customer 0,")
    assert "Monday 23 November 2026, 11:00 EST" in body
    assert page.preview_subject.text() == (
        "Confirmed: Account opening on Monday 23 November 2026, 11:00 EST"
    )
    assert "next appointment: Customer 0" in page.preview_source.text()
    assert "{!" not in body

    # Live: the preview follows the typing.
    page.subject_edit.setText("Hello {!Customer Name}")
    assert page.preview_subject.text() == "Hello Customer 0"

    # A service with nothing booked is previewed with a made-up appointment tomorrow.
    page.choose("confirmed", "customer", branch["Notary"])
    assert "made-up" in page.preview_source.text()
    assert "Alex Sample" in page.preview_body.toPlainText()
    assert "Tuesday 24 November 2026, 10:00 EST" in page.preview_body.toPlainText()


def test_a_service_template_is_used_by_the_next_booking_mail(
    qtbot: QtBot,
    page: TemplatesPage,
    sessions: sessionmaker[Session],
    branch: dict[str, int],
    server: MailServer,
) -> None:
    service = branch["Account opening"]
    page.choose("created", "customer", service)
    assert page.source_label.text().startswith("This service uses the shipped text")
    page.subject_edit.clear()
    qtbot.keyClicks(page.subject_edit, "Welcome ")
    # The placeholder list inserts at the cursor of the editor used last.
    (name_item,) = page.placeholder_list.findItems("{!Customer Name}", Qt.MatchFlag.MatchExactly)
    qtbot.mouseClick(
        page.placeholder_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=page.placeholder_list.visualItemRect(name_item).center(),
    )
    assert page.subject_edit.text() == "Welcome {!Customer Name}"
    page.body_edit.setPlainText("Your {!Service Name} is on {!Start Time}.")

    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.status_label.text() == "Template saved."
    assert page.source_label.text() == "This service has its own text."
    assert own_templates(sessions) == [("created", "customer", service)]

    book(sessions, service, branch["c1"], hours=3)
    book(sessions, branch["Notary"], branch["c0"], hours=29)
    report = sender.send_due(sessions, NOW)
    assert report.failed == []
    subjects = {str(m["To"]): str(m["Subject"]) for m in server.messages}
    assert subjects["Customer 1 <c1@example.com>"] == "Welcome Customer 1"
    (mine,) = [m for m in server.messages if m["To"] == "Customer 1 <c1@example.com>"]
    body = mine.get_body(("plain",))
    assert body is not None
    assert body.get_content().strip() == (
        "Your Account opening is on Monday 23 November 2026, 12:00 EST."
    )
    # Another service keeps the shipped text.
    assert subjects["Customer 0 <c0@example.com>"].startswith("Your appointment: Notary on ")


def test_back_to_the_default_removes_the_own_template(
    qtbot: QtBot, page: TemplatesPage, sessions: sessionmaker[Session]
) -> None:
    page.choose("reminder", "agent")
    assert not page.default_button.isEnabled()
    page.subject_edit.setText("Tomorrow: {!Customer Name}")
    assert page.save()
    assert own_templates(sessions) == [("reminder", "agent", None)]
    assert page.default_button.isEnabled()

    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(page.default_button, Qt.MouseButton.LeftButton)

    assert own_templates(sessions) == []
    shipped = templates.DEFAULTS[("reminder", "agent")]
    assert page.subject_edit.text() == shipped.subject
    assert page.body_edit.toPlainText() == shipped.body
    assert audit_actions(sessions) == ["template.save", "template.remove"]
    assert not page.default_button.isEnabled()


def test_a_draft_survives_looking_at_another_template(page: TemplatesPage) -> None:
    page.choose("cancelled", "customer")
    page.subject_edit.setText("Sorry, {!Customer Name}")
    page.choose("cancelled", "agent")
    assert page.subject_edit.text() == templates.DEFAULTS[("cancelled", "agent")].subject
    page.choose("cancelled", "customer")
    assert page.subject_edit.text() == "Sorry, {!Customer Name}"
    assert page.status_label.text() == "Changes not saved."
    assert "the advisor is away that day" in page.preview_body.toPlainText()
