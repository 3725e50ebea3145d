"""The customer import dialog: preview, column mapping, dry run report, import, cancel.

Every test runs on SQLite and PostgreSQL with the Riverside branch applied and the clock
at Monday 23 November 2026, 09:00 in Toronto. Checks and imports run on the dialog's
worker thread; the tests wait for its ``finished`` signal.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.booking.customer_io import ImportReport
from app.booking.customers import add_customer
from app.booking.permissions import load_actor
from app.clock import fixed_clock
from app.models import AuditEntry, Customer
from app.views.customers_view import CustomersView
from app.views.desk import DeskState
from app.views.dialogs.customer_import import (
    CustomerImportDialog,
    auto_target,
    csv_preview,
    vcard_preview,
)
from tests.support.riverside import MONDAY_9AM, apply_riverside

WAIT_MS = 60_000

CSV_TEXT = (
    "Full,Cell,Mail,Member no,Remark\r\n"
    "Léa Fortin,416 555 0101,lea@example.com,M-1,first\r\n"
    "Paul Roy,12,paul@example.com,M-2,bad phone\r\n"
    "\r\n"
    "Nadia Côté,416 555 0103,,M-3,\r\n"
    "Old Friend,416 555 0900,,M-4,already a customer\r\n"
)


@pytest.fixture
def desk(sessions: sessionmaker[Session]) -> DeskState:
    apply_riverside(sessions)
    with sessions() as session:
        add_customer(
            session, load_actor(session), now=MONDAY_9AM, name="Old Friend", phone="+14165550900"
        )
        session.commit()
    return DeskState(
        sessions=sessions,
        database_label="test",
        user_label="Front desk",
        clock=fixed_clock(MONDAY_9AM),
    )


def _count(desk: DeskState) -> int:
    with desk.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Customer)) or 0)


def _dialog(qtbot: QtBot, desk: DeskState, path: Path) -> CustomerImportDialog:
    dialog = CustomerImportDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.load_file(path)
    return dialog


def _run(qtbot: QtBot, dialog: CustomerImportDialog, *, dry_run: bool) -> None:
    task = dialog.check() if dry_run else dialog.start_import()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    assert not dialog.is_running()


def test_reading_helpers() -> None:
    assert [auto_target(h) for h in ("Téléphone", "E-mail", "id", "Member no", "")] == [
        "phone",
        "email",
        "",
        "field",
        "",
    ]
    headers, rows = csv_preview(CSV_TEXT, rows=2)
    assert headers == ["Full", "Cell", "Mail", "Member no", "Remark"]
    assert [r[0] for r in rows] == ["Léa Fortin", "Paul Roy"]
    cards = vcard_preview(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana\r\n  Silva\r\nTEL:tel:+1-416-555-0150\r\n"
        "EMAIL:ana@example.com\r\nEND:VCARD\r\n"
    )
    assert cards == [["Ana Silva", "+1-416-555-0150", "ana@example.com"]]


def test_preview_mapping_dry_run_then_import_skipping_the_bad_rows(
    qtbot: QtBot, desk: DeskState, tmp_path: Path
) -> None:
    source = tmp_path / "members.csv"
    source.write_text(CSV_TEXT, "utf-8")
    dialog = _dialog(qtbot, desk, source)
    # The preview: a row of column choices, then the first data rows.
    assert dialog.preview.columnCount() == 5
    assert dialog.preview.rowCount() == 1 + 4
    item = dialog.preview.item(1, 0)
    assert item is not None
    assert item.text() == "Léa Fortin"
    # Recognised headings are chosen already; "Full" is not one, so it is a custom field.
    assert dialog.mapping() == {
        "Full": "field:Full",
        "Cell": "phone",
        "Mail": "email",
        "Member no": "field:Member no",
        "Remark": "field:Remark",
    }
    dialog.set_target("Full", "name")
    dialog.set_target("Remark", "notes")
    dialog.combos[3].setCurrentIndex(dialog.combos[3].count() - 1)  # Member no: ignore
    assert dialog.mapping() == {"Full": "name", "Cell": "phone", "Mail": "email", "Remark": "notes"}

    with qtbot.waitSignal(dialog.reported, timeout=WAIT_MS) as reported:
        _run(qtbot, dialog, dry_run=True)
    report = reported.args[0]
    assert isinstance(report, ImportReport)
    assert (report.dry_run, report.total, report.valid) == (True, 4, 2)
    assert "2 of 4 rows can be imported; 2 cannot" in dialog.summary.text()
    assert dialog.rejections.topLevelItemCount() == 2
    first, second = (dialog.rejections.topLevelItem(i) for i in range(2))
    assert first is not None
    assert second is not None
    assert first.text(0) == "line 3"
    assert "'12' is not a valid phone number" in first.text(1)
    assert second.text(0) == "line 6"
    assert "duplicate of existing customer" in second.text(1)
    assert _count(desk) == 1  # a dry run writes nothing

    # All or nothing: refused with the first reason, nothing written.
    _run(qtbot, dialog, dry_run=False)
    assert "Nothing was imported" in dialog.summary.text()
    assert dialog.rejections.topLevelItemCount() == 2
    assert _count(desk) == 1

    dialog.skip_invalid.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as imported:
        _run(qtbot, dialog, dry_run=False)
    assert len(imported.args[0]) == 2
    assert "Imported 2 of 4 rows; 2 skipped." in dialog.summary.text()
    with desk.sessions() as session:
        lea = session.scalars(select(Customer).where(Customer.name == "Léa Fortin")).one()
        assert (lea.phone, lea.email, lea.notes, lea.fields) == (
            "+14165550101",
            "lea@example.com",
            "first",
            {},
        )
        assert session.scalars(select(Customer).where(Customer.name == "Nadia Côté")).one()


def test_a_file_that_cannot_be_read_is_explained(
    qtbot: QtBot, desk: DeskState, tmp_path: Path
) -> None:
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("name\nJos\xe9\n".encode("latin-1"))
    dialog = CustomerImportDialog(desk)
    qtbot.addWidget(dialog)
    assert not dialog.load_file(bad)
    assert "is not UTF-8 text" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.start_import() is None


def test_vcard_import_from_the_address_book(qtbot: QtBot, desk: DeskState, tmp_path: Path) -> None:
    source = tmp_path / "cards.vcf"
    source.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Silva\r\nTEL;TYPE=CELL:416 555 0150\r\n"
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Li\r\nEMAIL:ben@example.com\r\n"
        "END:VCARD\r\n",
        "utf-8",
    )
    view = CustomersView(desk)
    qtbot.addWidget(view)
    dialog = view.import_file(str(source))
    qtbot.addWidget(dialog)
    assert dialog.preview.rowCount() == 2
    assert not dialog.combos  # a vCard names its values: nothing to map
    with qtbot.waitSignal(view.changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert _count(desk) == 3
    assert view.model.rowCount() == 3
    assert "2 customer(s) imported." in view.notice.text()


def test_cancelling_a_large_import_leaves_nothing(
    qtbot: QtBot, desk: DeskState, tmp_path: Path
) -> None:
    rows = ["name,phone,email"] + [
        f"Person {i},+1905555{i:04d},p{i}@example.com" for i in range(4000)
    ]
    source = tmp_path / "large.csv"
    source.write_text("\r\n".join(rows) + "\r\n", "utf-8")
    dialog = _dialog(qtbot, desk, source)
    with desk.sessions() as session:
        audit_before = session.scalar(select(func.count()).select_from(AuditEntry))
    task = dialog.start_import()
    assert task is not None
    assert dialog.progress.isVisible()
    assert dialog.cancel_button.text() == "Cancel"
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.summary.text() == "Import cancelled: no customer was imported."
    assert dialog.isVisible()  # cancelling the import does not close the dialog
    assert not dialog.progress.isVisible()
    assert _count(desk) == 1
    with desk.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before
    # The same file imports whole when not cancelled, with the progress bar counting.
    steps: list[int] = []
    dialog._progress.step.connect(lambda done, _expected: steps.append(done))
    _run(qtbot, dialog, dry_run=False)
    assert _count(desk) == 4001
    assert steps
    assert steps == sorted(steps)


@pytest.mark.parametrize("dry_run", [False, True])
def test_cancel_while_rows_are_checked_writes_nothing_and_says_so(
    qtbot: QtBot, desk: DeskState, tmp_path: Path, dry_run: bool
) -> None:
    rows = ["name,phone,email"] + [
        f"Person {i},+1905555{i:04d},p{i}@example.com" for i in range(1000)
    ]
    source = tmp_path / "large.csv"
    source.write_text("\r\n".join(rows) + "\r\n", "utf-8")
    dialog = _dialog(qtbot, desk, source)
    with desk.sessions() as session:
        audit_before = session.scalar(select(func.count()).select_from(AuditEntry))
    # Hold the worker at its first progress report beyond row 0 (called in the worker's
    # thread) until Cancel has been clicked, so the cancel lands in the checking phase.
    reached, clicked = threading.Event(), threading.Event()
    phases: list[int] = []

    def hold(done: int, _total: int) -> None:
        phases.append(done)
        if done > 0 and not reached.is_set():
            reached.set()
            clicked.wait(WAIT_MS / 1000)

    dialog._progress.checking.connect(hold, Qt.ConnectionType.DirectConnection)
    written: list[int] = []
    dialog._progress.step.connect(lambda done, _total: written.append(done))
    task = dialog.check() if dry_run else dialog.start_import()
    assert task is not None
    qtbot.waitUntil(reached.is_set, timeout=WAIT_MS)
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        clicked.set()
    expected = (
        "Check cancelled: nothing was written."
        if dry_run
        else "Import cancelled: no customer was imported."
    )
    assert dialog.summary.text() == expected
    assert max(phases) < 1000  # stopped before the last row was checked
    assert written == []  # never reached writing
    assert dialog.isVisible()
    assert not dialog.progress.isVisible()
    assert _count(desk) == 1
    with desk.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before
