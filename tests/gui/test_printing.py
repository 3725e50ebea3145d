"""Printed day lists and week sheets: built from snapshots, written as PDF and read back
with QtPdf, as a receptionist would open the file."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtGui import QPageSize, QTextDocument
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import calendar_data
from app.booking.calendar_data import CalAgent, CalAppointment, CalendarSnapshot, CalService, Span
from app.booking.customers import phone_display
from app.booking.demo import create_demo
from app.models import Branch
from app.views import printing
from tests.support.riverside import MONDAY_9AM

TORONTO = ZoneInfo("America/Toronto")
CANADA = QLocale(QLocale.Language.English, QLocale.Country.Canada)
FRANCE = QLocale(QLocale.Language.French, QLocale.Country.France)
MONDAY = date(2026, 11, 23)


def _at(local: str) -> datetime:
    return datetime.fromisoformat(local).replace(tzinfo=TORONTO).astimezone(UTC)


def _appt(
    ident: int,
    local: str,
    customer: str,
    *,
    agent: int | None = 1,
    service: int = 1,
    minutes: int = 30,
    phone: str | None = None,
    status: str = "confirmed",
    notes: str | None = None,
) -> CalAppointment:
    start = _at(local)
    cancelled = status == "cancelled"
    return CalAppointment(
        id=ident,
        start=start,
        end=start + timedelta(minutes=minutes),
        agent_id=agent,
        service_id=service,
        customer_id=ident,
        customer_name=customer,
        customer_phone=phone,
        status_key=status,
        status_name=status.title(),
        status_predicate="cancellation" if cancelled else "confirmation",
        blocking=not cancelled,
        source="desk",
        notes=notes,
        version=1,
    )


def _snapshot(appointments: list[CalAppointment]) -> CalendarSnapshot:
    return CalendarSnapshot(
        branch_id=1,
        branch_name="Riverside",
        tz="America/Toronto",
        first=MONDAY,
        last=MONDAY + timedelta(days=6),
        agents=[CalAgent(1, "Alice Martin", "#1565c0"), CalAgent(2, "Bob Chen", "#2e7d32")],
        services={
            1: CalService(1, "Account opening", "#2e7d32", 30),
            2: CalService(2, "Mortgage consultation", "#e65100", 60),
        },
        appointments=appointments,
        working={
            1: [Span(_at(f"2026-11-{d}T09:00"), _at(f"2026-11-{d}T12:00")) for d in range(23, 28)],
        },
        blocked={1: [Span(_at("2026-11-26T13:00"), _at("2026-11-26T15:00"), "Training")]},
        busy={2: [Span(_at("2026-11-23T16:00"), _at("2026-11-23T17:00"))]},
        closed_days={date(2026, 11, 29): "", date(2026, 11, 28): "Branch party"},
    )


def _monday() -> list[CalAppointment]:
    return [
        _appt(1, "2026-11-23T14:00", "Dana Late", agent=1, phone="+14165550104"),
        _appt(2, "2026-11-23T09:00", "Ann Early", agent=1, phone="+14165550101"),
        _appt(3, "2026-11-23T10:00", "Carl Cancelled", agent=1, status="cancelled"),
        _appt(
            4,
            "2026-11-23T11:00",
            "Bea <Roy> & Co",
            agent=2,
            service=2,
            minutes=60,
            phone="+33142685300",
            notes="Bring last year's statement.\nParking at the back.",
        ),
        _appt(5, "2026-11-23T12:00", "Nobody Assigned", agent=None),
        # 22:00 on Monday in Toronto is Tuesday in UTC: it belongs to Monday's list
        _appt(6, "2026-11-23T22:00", "Evening Eve", agent=2),
        _appt(7, "2026-11-24T09:00", "Tuesday Tom", agent=1),
    ]


def _pdf_text(path: Path) -> tuple[int, list[str]]:
    pdf = QPdfDocument(None)
    assert pdf.load(str(path)) == QPdfDocument.Error.None_
    try:
        return pdf.pageCount(), [pdf.getAllText(i).text() for i in range(pdf.pageCount())]
    finally:
        pdf.close()


def _plain(doc: QTextDocument) -> str:
    # Times and phone numbers are printed with no-break spaces so they never wrap
    return doc.toPlainText().replace("\u00a0", " ")


def test_day_list_groups_by_agent_in_time_order_without_cancelled(qtbot: QtBot) -> None:
    doc = printing.day_list_document(_snapshot(_monday()), MONDAY, region="CA", locale=CANADA)
    text = _plain(doc)
    assert text.startswith("Riverside")
    assert "Monday, November 23, 2026" in text
    assert "Carl Cancelled" not in text
    assert "Tuesday Tom" not in text
    # sections per agent in the snapshot's order, then the unassigned ones
    alice, bob, nobody = (
        text.index("Alice Martin"),
        text.index("Bob Chen"),
        text.index("No agent assigned"),
    )
    assert alice < text.index("Ann Early") < text.index("Dana Late") < bob
    assert bob < text.index("Bea <Roy> & Co") < text.index("Evening Eve") < nobody
    assert nobody < text.index("Nobody Assigned")
    # the branch's wall clock, the national phone form at home, the international abroad
    assert "9:00 a.m. – 9:30 a.m." in text
    assert "10:00 p.m. – 10:30 p.m." in text
    assert "(416) 555-0101" in text
    assert "+33 1 42 68 53 00" in text
    assert "Mortgage consultation" in text
    assert "Confirmed" in text
    assert "Bring last year's statement." in text
    assert "Parking at the back." in text
    assert "Busy (own calendar)" in text  # Bob's own calendar, 16:00 to 17:00
    assert "5 appointments." in text
    assert doc.metaInformation(QTextDocument.MetaInformation.DocumentTitle).startswith(
        "Riverside — Day list"
    )


def test_day_list_of_one_agent(qtbot: QtBot) -> None:
    doc = printing.day_list_document(
        _snapshot(_monday()), MONDAY, agent_id=2, region="CA", locale=CANADA
    )
    text = _plain(doc)
    assert "Monday, November 23, 2026 — Bob Chen" in text
    assert "Bea <Roy> & Co" in text
    assert "Evening Eve" in text
    assert "Ann Early" not in text
    assert "Nobody Assigned" not in text
    assert "2 appointments." in text


def test_day_list_of_a_closed_day_says_so(qtbot: QtBot) -> None:
    text = _plain(
        printing.day_list_document(_snapshot(_monday()), date(2026, 11, 28), locale=CANADA)
    )
    assert "Branch closed: Branch party" in text
    assert "No appointments." in text
    sunday = _plain(
        printing.day_list_document(_snapshot(_monday()), date(2026, 11, 29), locale=CANADA)
    )
    assert "Branch closed" in sunday


def test_documents_refuse_days_and_agents_the_snapshot_does_not_hold(qtbot: QtBot) -> None:
    snapshot = _snapshot(_monday())
    with pytest.raises(ValueError, match="covers 2026-11-23 to 2026-11-29"):
        printing.day_list_document(snapshot, date(2026, 11, 30))
    with pytest.raises(ValueError, match="Agent 9"):
        printing.day_list_document(snapshot, MONDAY, agent_id=9)
    with pytest.raises(ValueError, match="not 2026-11-24 to 2026-11-30"):
        printing.week_sheet_document(snapshot, date(2026, 11, 24), 1)


def test_day_list_pdf_reads_back(qtbot: QtBot, tmp_path: Path) -> None:
    doc = printing.day_list_document(_snapshot(_monday()), MONDAY, region="CA", locale=CANADA)
    path = tmp_path / "day.pdf"
    assert printing.save_pdf(doc, path, locale=CANADA) == 1
    pages, texts = _pdf_text(path)
    assert pages == 1
    page = texts[0].replace("\u00a0", " ")
    assert "Riverside" in page
    assert "Ann Early" in page
    assert "(416) 555-0101" in page
    assert "Carl Cancelled" not in page
    assert "Page 1 of 1" in page


def test_week_sheet_has_a_section_per_day(qtbot: QtBot, tmp_path: Path) -> None:
    snapshot = _snapshot(_monday())
    doc = printing.week_sheet_document(snapshot, MONDAY, 1, region="CA", locale=CANADA)
    text = _plain(doc)
    body = text.index("\n", text.index("Week sheet"))  # past the subtitle's date range
    days = [
        text.index(CANADA.toString(MONDAY + timedelta(days=i), QLocale.FormatType.LongFormat), body)
        for i in range(7)
    ]
    assert days == sorted(days)
    assert "Alice Martin" in text
    assert text.index("Ann Early") < text.index("Dana Late") < days[1]
    assert days[1] < text.index("Tuesday Tom") < days[2]
    assert "Working hours: 9:00 a.m. – 12:00 p.m." in text
    assert "Blocked: Training" in text
    assert "Branch closed: Branch party" in text
    assert "Not working" in text  # the weekend
    assert "Carl Cancelled" not in text
    assert "Bea <Roy> & Co" not in text  # Bob's
    assert "3 appointments." in text

    path = tmp_path / "week.pdf"
    printed = printing.save_pdf(doc, path, locale=CANADA)
    pages, texts = _pdf_text(path)
    assert pages == printed > 0
    everything = " ".join(texts).replace("\u00a0", " ")
    assert "Riverside" in texts[0]
    assert "Tuesday Tom" in everything
    assert f"Page {pages} of {pages}" in everything


def test_long_lists_run_over_pages_with_numbers(qtbot: QtBot, tmp_path: Path) -> None:
    many = [
        _appt(100 + i, f"2026-11-23T{8 + i // 6:02d}:{(i % 6) * 10:02d}", f"Guest {i:03d}")
        for i in range(90)
    ]
    doc = printing.day_list_document(_snapshot(many), MONDAY, locale=CANADA)
    path = tmp_path / "long.pdf"
    count = printing.save_pdf(doc, path, locale=CANADA)
    pages, texts = _pdf_text(path)
    assert count == pages >= 2
    assert f"Page 2 of {pages}" in texts[1]
    # the table's header row is repeated on the next page
    assert "Customer" in texts[1]
    assert "Guest 089" in " ".join(texts)


@pytest.mark.parametrize(
    ("locale", "size", "points"),
    [
        (CANADA, QPageSize.PageSizeId.Letter, (612, 792)),
        (QLocale(QLocale.Language.English, QLocale.Country.UnitedStates), None, (612, 792)),
        (FRANCE, QPageSize.PageSizeId.A4, (595, 842)),
        (QLocale(QLocale.Language.German, QLocale.Country.Germany), None, (595, 842)),
    ],
)
def test_paper_follows_the_locale(
    qtbot: QtBot,
    tmp_path: Path,
    locale: QLocale,
    size: QPageSize.PageSizeId | None,
    points: tuple[int, int],
) -> None:
    if size is not None:
        assert printing.page_size_for(locale) == size
    doc = printing.day_list_document(_snapshot(_monday()), MONDAY, locale=locale)
    path = tmp_path / "paper.pdf"
    printing.save_pdf(doc, path, locale=locale)
    pdf = QPdfDocument(None)
    pdf.load(str(path))
    page = pdf.pagePointSize(0)
    pdf.close()
    assert (round(page.width()), round(page.height())) == points


def test_saving_into_a_missing_folder_says_which(qtbot: QtBot, tmp_path: Path) -> None:
    doc = printing.day_list_document(_snapshot(_monday()), MONDAY)
    with pytest.raises(printing.PrintError, match="does not exist"):
        printing.save_pdf(doc, tmp_path / "nowhere" / "day.pdf")


def test_printing_paints_on_a_printer_too(qtbot: QtBot, tmp_path: Path) -> None:
    """The printer path is the same as the PDF path; a PDF printer stands in for paper."""
    doc = printing.day_list_document(_snapshot(_monday()), MONDAY, region="CA", locale=CANADA)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert printing.paint_document(doc, printer) == 1
    pages, texts = _pdf_text(tmp_path / "printed.pdf")
    assert pages == 1
    assert "Ann Early" in texts[0]


def test_print_dialog_is_set_up_and_cancel_prints_nothing(qtbot: QtBot) -> None:
    doc = printing.day_list_document(_snapshot(_monday()), MONDAY, locale=CANADA)
    previous = QLocale()
    QLocale.setDefault(CANADA)
    try:
        dialog = printing.print_dialog(doc, None)
        qtbot.addWidget(dialog)
        assert isinstance(dialog, QPrintDialog)
        assert dialog.windowTitle() == "Print"
        printer = dialog.printer()
        assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.Letter
        assert printer.docName().startswith("Riverside — Day list")

        seen: list[str] = []

        def cancel() -> None:
            modal = QApplication.activeModalWidget()
            if isinstance(modal, QPrintDialog):
                seen.append(modal.windowTitle())
                modal.reject()
            else:
                QTimer.singleShot(20, cancel)

        QTimer.singleShot(0, cancel)
        assert printing.print_document(doc, None) is False
        assert seen == ["Print"]
    finally:
        QLocale.setDefault(previous)


# -- the demo branch, on both databases ------------------------------------------------


def test_demo_day_list_and_week_sheet(
    qtbot: QtBot, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    create_demo(sessions, MONDAY_9AM)
    with sessions() as session:
        branch_id = session.scalars(select(Branch.id)).one()
        snapshot = calendar_data.load(session, branch_id, MONDAY, MONDAY + timedelta(days=6))
    # a day of the week with a cancelled appointment of someone not otherwise booked then
    for offset in range(6):
        day = MONDAY + timedelta(days=offset)
        start = datetime.combine(day, datetime.min.time(), tzinfo=TORONTO)
        end = start + timedelta(days=1)
        that_day = [a for a in snapshot.appointments if start <= a.start < end]
        live = [a for a in that_day if a.status_predicate != "cancellation"]
        gone = {a.customer_name for a in that_day if a.status_predicate == "cancellation"}
        gone -= {a.customer_name for a in live}
        if gone and any(a.customer_phone for a in live):
            break
    else:
        pytest.fail("the demo week has no cancelled appointment to leave out")
    with_phone = next(a for a in live if a.customer_phone)
    doc = printing.day_list_document(snapshot, day, region="CA", locale=CANADA)
    path = tmp_path / "day.pdf"
    printing.save_pdf(doc, path, locale=CANADA)
    pages, texts = _pdf_text(path)
    assert pages > 0
    page = texts[0].replace("\u00a0", " ")
    assert "Riverside" in page
    assert with_phone.customer_name in " ".join(texts)
    assert str(phone_display(with_phone.customer_phone, "CA")) in " ".join(texts).replace(
        "\u00a0", " "
    )
    everything = " ".join(texts).replace("\u00a0", " ")
    for name in gone:
        assert name not in everything
    assert f"{len(live)} appointments." in everything

    agent = snapshot.agents[0]
    week = printing.week_sheet_document(snapshot, MONDAY, agent.id, region="CA", locale=CANADA)
    week_path = tmp_path / "week.pdf"
    printing.save_pdf(week, week_path, locale=CANADA)
    pages, texts = _pdf_text(week_path)
    assert pages > 0
    assert agent.name in texts[0]
    assert "Training" in " ".join(texts)  # Alice's blocked Thursday morning
