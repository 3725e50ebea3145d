"""Printed day lists and week sheets, as PDF files or on paper.

Everything printed comes from a :class:`CalendarSnapshot` the caller already has: this
module holds no business rules and opens no database session. Documents are Qt rich-text
documents (tables repeat their header row on every page); :func:`paint_document` lays them
out on pages of any paged device (a PDF writer or a printer) and adds the footer with the
page numbers, so a saved PDF and a printed sheet look alike.

Times are the branch's wall-clock times; phone numbers are shown the way the branch's
country writes them (``region``, an ISO 3166 code, or None for the international form).
Cancelled appointments are never printed: the sheet is what the agent will actually see.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QLocale, QMarginsF, QRectF, QSizeF, Qt, QTime
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextFrameFormat,
    QTextTable,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from app.booking.calendar_data import CalAppointment, CalendarSnapshot, Span
from app.booking.customers import phone_display
from app.views.qtdates import qdate

#: Page margins, all four sides.
MARGIN_MM = 15.0
#: Resolution of saved PDFs; text stays vector, this only sets the layout's unit.
PDF_DPI = 300
#: Territories that use US Letter paper; everyone else uses A4.
LETTER_TERRITORIES = frozenset(
    {
        QLocale.Country.UnitedStates,
        QLocale.Country.Canada,
        QLocale.Country.Mexico,
        QLocale.Country.Philippines,
        QLocale.Country.Chile,
        QLocale.Country.Colombia,
        QLocale.Country.Venezuela,
        QLocale.Country.CostaRica,
        QLocale.Country.Guatemala,
        QLocale.Country.Panama,
        QLocale.Country.DominicanRepublic,
        QLocale.Country.PuertoRico,
        QLocale.Country.ElSalvador,
        QLocale.Country.Nicaragua,
    }
)
#: Property of a document: the footer's text on every page.
FOOTER_PROPERTY = "frontdesk-footer"

_CONTEXT = "Printing"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class PrintError(Exception):
    """The document could not be written or printed; the message says why, for the user."""


# -- building the documents ---------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """One line of a printed table: an appointment, or a stretch of blocked or busy time."""

    start: datetime
    end: datetime
    cells: tuple[str, ...]
    note: str
    muted: bool = False


def day_list_document(
    snapshot: CalendarSnapshot,
    day: date,
    agent_id: int | None = None,
    *,
    region: str | None = None,
    locale: QLocale | None = None,
) -> QTextDocument:
    """The appointments of ``day`` for the whole branch (one section per agent, then the
    ones nobody is assigned to) or for one agent, in time order, cancelled ones left out.

    Raises ValueError when the snapshot does not cover ``day`` or does not know the agent:
    printing an empty list for a day nobody loaded would look like a free day.
    """
    loc = locale or QLocale()
    _check_covers(snapshot, day, day)
    zone = ZoneInfo(snapshot.tz)
    agents = _agents_for(snapshot, agent_id)
    names = {a.id: a.name for a in snapshot.agents}
    title = _tr("Day list")
    day_text = loc.toString(qdate(day), QLocale.FormatType.LongFormat)
    heading = day_text if agent_id is None else f"{day_text} — {names[agent_id]}"
    parts = [_header(snapshot.branch_name, title, heading)]
    closed = _closed_note(snapshot, day)
    if closed:
        parts.append(f"<p><i>{html.escape(closed)}</i></p>")

    start, end = _day_bounds(day, zone)
    booked = [a for a in _active(snapshot.appointments) if start <= a.start < end]
    total = 0
    for agent in agents:
        rows = [
            _appointment_row(a, snapshot, loc, zone, region)
            for a in booked
            if a.agent_id == agent.id
        ]
        rows += _span_rows(snapshot, agent.id, start, end, loc, zone)
        total += sum(1 for a in booked if a.agent_id == agent.id)
        if agent_id is None:
            parts.append(f"<h2>{html.escape(agent.name)}</h2>")
        parts.append(_table(rows) if rows else _empty())
    if agent_id is None:
        unassigned = [
            _appointment_row(a, snapshot, loc, zone, region) for a in booked if a.agent_id is None
        ]
        if unassigned:
            total += len(unassigned)
            parts.append(f"<h2>{html.escape(_tr('No agent assigned'))}</h2>")
            parts.append(_table(unassigned))
    parts.append(f"<p>{html.escape(_count_text(total, loc))}</p>")
    return _document(
        "".join(parts),
        f"{snapshot.branch_name} — {title}, {heading}",
        f"{snapshot.branch_name} — {title} — {heading}",
    )


def week_sheet_document(
    snapshot: CalendarSnapshot,
    week_start: date,
    agent_id: int,
    *,
    region: str | None = None,
    locale: QLocale | None = None,
) -> QTextDocument:
    """One agent's week from ``week_start``: a section per day with the working hours, the
    appointments and the blocked or busy time, in time order; cancelled ones left out.

    Raises ValueError when the snapshot does not cover the seven days or the agent.
    """
    loc = locale or QLocale()
    last = week_start + timedelta(days=6)
    _check_covers(snapshot, week_start, last)
    zone = ZoneInfo(snapshot.tz)
    (agent,) = _agents_for(snapshot, agent_id)
    title = _tr("Week sheet")
    span_text = (
        f"{loc.toString(qdate(week_start), QLocale.FormatType.LongFormat)} – "
        f"{loc.toString(qdate(last), QLocale.FormatType.LongFormat)}"
    )
    parts = [_header(snapshot.branch_name, title, f"{agent.name} — {span_text}")]
    active = [a for a in _active(snapshot.appointments) if a.agent_id == agent.id]
    total = 0
    for offset in range(7):
        day = week_start + timedelta(days=offset)
        start, end = _day_bounds(day, zone)
        parts.append(
            f"<h2>{html.escape(loc.toString(qdate(day), QLocale.FormatType.LongFormat))}</h2>"
        )
        closed = _closed_note(snapshot, day)
        hours = _hours_text(snapshot.working.get(agent.id, []), start, end, loc, zone)
        notes = [n for n in (closed, hours) if n]
        if notes:
            parts.append(f"<p><i>{html.escape(' — '.join(notes))}</i></p>")
        booked = [a for a in active if start <= a.start < end]
        total += len(booked)
        rows = [_appointment_row(a, snapshot, loc, zone, region) for a in booked]
        rows += _span_rows(snapshot, agent.id, start, end, loc, zone)
        parts.append(_table(rows) if rows else _empty())
    parts.append(f"<p>{html.escape(_count_text(total, loc))}</p>")
    return _document(
        "".join(parts),
        f"{snapshot.branch_name} — {title}, {agent.name}, {span_text}",
        f"{snapshot.branch_name} — {title} — {agent.name}",
    )


def _check_covers(snapshot: CalendarSnapshot, first: date, last: date) -> None:
    if first < snapshot.first or last > snapshot.last:
        raise ValueError(
            f"The calendar data loaded covers {snapshot.first.isoformat()} to "
            f"{snapshot.last.isoformat()}, not {first.isoformat()} to {last.isoformat()}."
        )


def _agents_for(snapshot: CalendarSnapshot, agent_id: int | None) -> list[_AgentRef]:
    if agent_id is None:
        return [_AgentRef(a.id, a.name) for a in snapshot.agents]
    for a in snapshot.agents:
        if a.id == agent_id:
            return [_AgentRef(a.id, a.name)]
    raise ValueError(f"Agent {agent_id} is not in the calendar data loaded.")


@dataclass(frozen=True)
class _AgentRef:
    id: int
    name: str


def _active(appointments: Iterable[CalAppointment]) -> list[CalAppointment]:
    return sorted(
        (a for a in appointments if a.status_predicate != "cancellation"),
        key=lambda a: (a.start, a.end, a.id),
    )


def _day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants the branch's local ``day`` begins and ends (23 or 25 hours long on
    the days the clocks change)."""
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def _time(instant: datetime, loc: QLocale, zone: ZoneInfo) -> str:
    local = instant.astimezone(zone)
    return loc.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)


def _range_text(start: datetime, end: datetime, loc: QLocale, zone: ZoneInfo) -> str:
    """ "9:30 a.m. – 10:30 a.m.", breakable only around the dash, never inside a time."""
    return f"{_unbreakable(_time(start, loc, zone))} – {_unbreakable(_time(end, loc, zone))}"


def _unbreakable(text: str) -> str:
    # Qt's locales write "9:30\u202fa.m.", and Qt's text layout breaks lines at that narrow
    # no-break space; a plain no-break space it keeps.
    return "\u00a0".join(text.split())


def _appointment_row(
    appt: CalAppointment,
    snapshot: CalendarSnapshot,
    loc: QLocale,
    zone: ZoneInfo,
    region: str | None,
) -> _Row:
    service = snapshot.services.get(appt.service_id)
    return _Row(
        start=appt.start,
        end=appt.end,
        cells=(
            _range_text(appt.start, appt.end, loc, zone),
            appt.customer_name,
            _unbreakable(phone_display(appt.customer_phone, region) or ""),
            service.name if service else "",
            appt.status_name,
        ),
        note=(appt.notes or "").strip(),
    )


def _span_rows(
    snapshot: CalendarSnapshot,
    agent_id: int,
    start: datetime,
    end: datetime,
    loc: QLocale,
    zone: ZoneInfo,
) -> list[_Row]:
    """Blocked time (with its reason) and busy time of the agent's own calendar that day,
    printed so nobody offers those hours by mistake."""
    rows: list[_Row] = []
    sources: Sequence[tuple[list[Span], str]] = (
        (snapshot.blocked.get(agent_id, []), _tr("Blocked")),
        (snapshot.busy.get(agent_id, []), _tr("Busy (own calendar)")),
    )
    for spans, label in sources:
        for span in spans:
            if span.start < end and span.end > start:
                lo, hi = max(span.start, start), min(span.end, end)
                text = f"{label}: {span.label}" if span.label else label
                rows.append(
                    _Row(
                        start=lo,
                        end=hi,
                        cells=(_range_text(lo, hi, loc, zone), text),
                        note="",
                        muted=True,
                    )
                )
    return rows


def _hours_text(
    working: list[Span], start: datetime, end: datetime, loc: QLocale, zone: ZoneInfo
) -> str:
    pieces = [
        _range_text(max(s.start, start), min(s.end, end), loc, zone)
        for s in working
        if s.start < end and s.end > start
    ]
    if not pieces:
        return _tr("Not working")
    return _tr("Working hours: %1").replace("%1", ", ".join(pieces))


def _closed_note(snapshot: CalendarSnapshot, day: date) -> str:
    if day not in snapshot.closed_days:
        return ""
    name = snapshot.closed_days[day]
    return _tr("Branch closed: %1").replace("%1", name) if name else _tr("Branch closed")


def _count_text(count: int, loc: QLocale) -> str:
    if count == 0:
        return _tr("No appointments.")
    if count == 1:
        return _tr("1 appointment.")
    return _tr("%1 appointments.").replace("%1", loc.toString(count))


def _header(branch: str, title: str, subtitle: str) -> str:
    return (
        f"<h1>{html.escape(branch)}</h1>"
        f"<p class='sub'><b>{html.escape(title)}</b> — {html.escape(subtitle)}</p>"
    )


def _empty() -> str:
    return f"<p class='empty'>{html.escape(_tr('No appointments.'))}</p>"


def _table(rows: list[_Row]) -> str:
    heads = (_tr("Time"), _tr("Customer"), _tr("Phone"), _tr("Service"), _tr("Status"))
    widths = ("21%", "22%", "19%", "25%", "13%")
    out = [
        "<table width='100%' cellspacing='0' cellpadding='4' border='1'>",
        "<thead><tr>",
    ]
    for head, width in zip(heads, widths, strict=True):
        out.append(f"<th align='left' width='{width}' bgcolor='#eeeeee'>{html.escape(head)}</th>")
    out.append("</tr></thead>")
    for row in sorted(rows, key=lambda r: (r.start, r.end, r.muted)):
        time_cell, *rest = (html.escape(c) for c in row.cells)
        if row.muted:
            # blocked or busy time: one line across, greyed, so it reads as "not bookable"
            out.append(
                f"<tr><td style='color: #555555'>{time_cell}</td>"
                f"<td colspan='{len(heads) - 1}' style='color: #555555'><i>{rest[0]}</i></td></tr>"
            )
            continue
        customer, *others = rest
        out.append(f"<tr><td>{time_cell}</td><td><b>{customer}</b></td>")
        out.extend(f"<td>{cell}</td>" for cell in others)
        out.append("</tr>")
        if row.note:
            note = html.escape(row.note).replace("\n", "<br>")
            out.append(
                f"<tr><td></td><td colspan='{len(heads) - 1}'>"
                f"<i>{html.escape(_tr('Notes:'))}</i> {note}</td></tr>"
            )
    out.append("</table>")
    return "".join(out)


def _document(body: str, title: str, footer: str) -> QTextDocument:
    doc = QTextDocument()
    font = QFont(QGuiApplication.font())
    font.setPointSizeF(10.0)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(
        "h1 { font-size: 16pt; margin-bottom: 2px; }"
        "h2 { font-size: 12pt; margin-top: 14px; margin-bottom: 4px; }"
        "p.sub { font-size: 11pt; margin-bottom: 8px; }"
        "p.empty { color: #555555; }"
        "th { font-weight: bold; }"
    )
    doc.setHtml(f"<html><body>{body}</body></html>")
    # Qt's HTML reader gives tables a two-tone "outset" border; one thin solid line reads
    # better on paper.
    for frame in doc.rootFrame().childFrames():
        if isinstance(frame, QTextTable):
            table_format = frame.format()
            table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
            table_format.setBorderCollapse(True)
            table_format.setBorder(1.0)
            table_format.setBorderBrush(QColor("#9e9e9e"))
            frame.setFormat(table_format)
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    doc.setProperty(FOOTER_PROPERTY, footer)
    return doc


# -- pages ------------------------------------------------------------------------


def page_size_for(locale: QLocale) -> QPageSize.PageSizeId:
    """Letter where the locale's territory uses it (the Americas, the Philippines), A4
    elsewhere."""
    if locale.territory() in LETTER_TERRITORIES:
        return QPageSize.PageSizeId.Letter
    return QPageSize.PageSizeId.A4


def paint_document(document: QTextDocument, device: QPagedPaintDevice) -> int:
    """Lay ``document`` out on the pages of ``device`` (its page layout already set) and
    paint every page with a footer "<title> · Page n of N". Returns the number of pages.

    A copy of the document is laid out, so the caller's document stays as it is (a
    document shown on screen keeps its screen layout).
    """
    doc = document.clone()
    doc.documentLayout().setPaintDevice(device)
    footer_text = str(document.property(FOOTER_PROPERTY) or "")
    dpi = device.logicalDpiY()
    paint_rect = device.pageLayout().paintRectPixels(dpi)
    footer_font = QFont(doc.defaultFont())
    footer_font.setPointSizeF(8.0)
    footer_h = QFontMetricsF(footer_font, device).height() * 2.2
    width = float(paint_rect.width())
    body_h = float(paint_rect.height()) - footer_h
    if width <= 0 or body_h <= 0:
        raise PrintError(_tr("The page is too small for its margins."))
    doc.setPageSize(QSizeF(width, body_h))
    pages = doc.pageCount()
    painter = QPainter()
    if not painter.begin(device):
        raise PrintError(_tr("The printer or file could not be opened for writing."))
    try:
        for page in range(pages):
            if page and not device.newPage():
                raise PrintError(_tr("The printer refused a new page."))
            painter.save()
            painter.translate(0, -page * body_h)
            doc.drawContents(painter, QRectF(0, page * body_h, width, body_h))
            painter.restore()
            painter.setFont(footer_font)
            footer_rect = QRectF(0, body_h, width, footer_h)
            number = _tr("Page %1 of %2").replace("%1", str(page + 1)).replace("%2", str(pages))
            align = Qt.AlignmentFlag.AlignBottom
            painter.drawText(footer_rect, align | Qt.AlignmentFlag.AlignLeft, footer_text)
            painter.drawText(footer_rect, align | Qt.AlignmentFlag.AlignRight, number)
    finally:
        painter.end()
    return pages


def _set_layout(device: QPagedPaintDevice, locale: QLocale) -> None:
    device.setPageSize(QPageSize(page_size_for(locale)))
    device.setPageOrientation(QPageLayout.Orientation.Portrait)
    device.setPageMargins(
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter
    )


def save_pdf(document: QTextDocument, path: str | Path, *, locale: QLocale | None = None) -> int:
    """Write ``document`` to the PDF file ``path`` (Letter or A4 from the locale, 15 mm
    margins, page numbers). Returns the number of pages; raises PrintError when the file
    cannot be written."""
    target = Path(path)
    if not target.parent.is_dir():
        raise PrintError(_tr("The folder %1 does not exist.").replace("%1", str(target.parent)))
    writer = QPdfWriter(str(target))
    writer.setResolution(PDF_DPI)
    writer.setCreator("Front Desk")
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    _set_layout(writer, locale or QLocale())
    try:
        return paint_document(document, writer)
    except PrintError as exc:
        raise PrintError(
            _tr("Could not write %1: %2").replace("%1", str(target)).replace("%2", str(exc))
        ) from exc


def print_dialog(document: QTextDocument, parent: QWidget | None) -> QPrintDialog:
    """The print dialog for ``document``, its printer set up with the locale's paper and
    the document's title; exec() it, then :func:`paint_document` on its printer."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    printer.setCreator("Front Desk")
    _set_layout(printer, QLocale())
    dialog = _PrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("Print"))
    dialog.setAccessibleName(_tr("Print"))
    return dialog


class _PrintDialog(QPrintDialog):
    """A print dialog that keeps its printer alive: QPrintDialog does not own it."""

    def __init__(self, printer: QPrinter, parent: QWidget | None) -> None:
        super().__init__(printer, parent)
        self._printer = printer


def print_document(document: QTextDocument, parent: QWidget | None) -> bool:
    """Ask where and how to print (QPrintDialog), then print. False when the user cancels;
    raises PrintError when the printer cannot be used."""
    dialog = print_dialog(document, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        paint_document(document, dialog.printer())
        return True
    finally:
        dialog.deleteLater()


__all__ = [
    "PrintError",
    "day_list_document",
    "page_size_for",
    "paint_document",
    "print_dialog",
    "print_document",
    "save_pdf",
    "week_sheet_document",
]
