"""Customer import and export: CSV (as spreadsheets write it) and vCard 3.0/4.0.

Imports judge every row or card exactly as add_customer judges a typed customer (same
validation, same contact requirement), plus duplicates: a row whose phone or e-mail
belongs to an existing customer, or to an earlier row of the same file, is refused with
where it clashes. Nothing is half-imported: by default one refused row means nothing is
written (``BookingError("import_rejected")`` carrying the full report in ``details``);
``skip_invalid=True`` imports the good rows and lists the others; ``dry_run=True`` writes
nothing and returns the report. Like the use cases in app.booking.customers, imports run
in the caller's session and transaction; **the caller commits**.

A large file takes a while to check and write, so an import takes two optional callables:
``progress(phase, done, total)`` is told how far checking ("checking") and writing
("writing") have come, and ``cancelled()`` is asked every CHECK_STEP rows, in both phases;
when it answers True the import raises ImportCancelled, and since nothing is committed
here the caller's rollback leaves the address book as it was.

Exports defend spreadsheets: a CSV cell that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) gets a leading apostrophe, and the
importer takes it off again, so phone numbers (+1...) round-trip.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking import audit
from app.booking.customers import (
    ContactRules,
    CustomerData,
    fold,
    snapshot,
    validate_customer,
)
from app.booking.errors import BookingError
from app.booking.permissions import CUSTOMERS, Actor
from app.models import Customer

FORMATS = ("csv", "vcard")
VCARD_VERSIONS = ("3.0", "4.0")
#: What a spreadsheet reads as the start of a formula.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
DELIMITERS: Final = (",", ";", "\t")
#: Fields an explicit column mapping may name (plus "field:<Custom Name>").
MAPPABLE = ("name", "first_name", "last_name", "phone", "email", "notes")
CSV_COLUMNS = ("id", "name", "phone", "email", "notes")
#: Namespace of the customers' vCard UIDs (uuid5 of id and creation instant).
UID_NAMESPACE: Final = uuid.UUID("6f1f7c8e-3a52-5b8e-9a51-3c0f4f2d7a10")
CUSTOM_FIELD_PROPERTY = "X-FRONTDESK-FIELD"
#: Rows checked or written between two questions to ``cancelled`` and two progress reports.
CHECK_STEP = 100
#: The phases ``progress`` is told about.
CHECKING, WRITING = "checking", "writing"

#: Told (phase, rows done, rows in the phase) while an import runs.
Progress = Callable[[str, int, int], None]
#: Asked now and then while an import runs; True stops it.
Cancelled = Callable[[], bool]

#: Headers recognised without a mapping, folded and stripped of everything but a-z0-9.
AUTO_HEADERS: Final = {
    "name": ("name", "fullname", "customername", "customer", "nomcomplet", "client"),
    "first_name": ("firstname", "first", "givenname", "forename", "prenom"),
    "last_name": ("lastname", "last", "surname", "familyname", "nom", "nomdefamille"),
    "phone": (
        "phone",
        "phonenumber",
        "telephone",
        "tel",
        "mobile",
        "mobilephone",
        "cell",
        "cellphone",
        "numerodetelephone",
        "cellulaire",
        "portable",
    ),
    "email": ("email", "emailaddress", "mail", "courriel", "adressecourriel", "adresseemail"),
    "notes": ("notes", "note", "remarques", "remarque", "comments", "commentaires"),
    # The exporter's id column: the database gives new ids, so it is read and dropped.
    "id": ("id",),
}
_HEADER_FIELD = {alias: f for f, aliases in AUTO_HEADERS.items() for alias in aliases}


# -- the report ---------------------------------------------------------------------------


class ImportCancelled(BookingError):
    """The receptionist stopped the import: raised inside the caller's transaction, so
    rolling it back (as write_session and run_write do on any error) keeps nothing."""

    def __init__(self, dry_run: bool = False) -> None:
        message = (
            "The check was cancelled: nothing was written."
            if dry_run
            else "The import was cancelled: no customer was imported."
        )
        super().__init__("import_cancelled", message)
        self.dry_run = dry_run


@dataclass(frozen=True)
class Rejection:
    """One refused row or card: where it is and why, in words a receptionist can act on."""

    where: str
    line: int
    code: str
    reason: str
    card: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"where": self.where, "line": self.line}
        if self.card is not None:
            out["card"] = self.card
        out.update(code=self.code, reason=self.reason)
        return out


@dataclass
class ImportReport:
    format: str
    dry_run: bool
    #: Rows (CSV) or cards (vCard) read, blank rows left out.
    total: int = 0
    #: How CSV columns were understood: header -> field ("ignored" for dropped ones).
    mapping: dict[str, str] = field(default_factory=dict)
    rejected: list[Rejection] = field(default_factory=list)
    #: Rows that pass (and are written unless this is a dry run or the import refused).
    valid: int = 0
    #: Ids of the customers created (empty for a dry run).
    imported: list[int] = field(default_factory=list)
    blank_rows: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "dry_run": self.dry_run,
            "total": self.total,
            "valid": self.valid,
            "imported": len(self.imported),
            "imported_ids": list(self.imported),
            "rejected": [r.to_json() for r in self.rejected],
            "blank_rows": self.blank_rows,
            "mapping": dict(self.mapping),
        }

    def summary(self) -> str:
        unit = "rows" if self.format == "csv" else "cards"
        if self.dry_run:
            head = f"Dry run: {self.valid} of {self.total} {unit} would be imported"
        else:
            head = f"Imported {len(self.imported)} of {self.total} {unit}"
        return f"{head}; {len(self.rejected)} rejected."


@dataclass
class _Candidate:
    """A customer as read from a file, before validation."""

    where: str
    line: int
    card: int | None = None
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    notes: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    #: A reading problem found before validation: (code, reason).
    problem: tuple[str, str] | None = None


# -- reading files --------------------------------------------------------------------------


def read_source(source: str | Path | bytes) -> str:
    """The text of an import: ``str`` is the text itself, ``Path`` a file, ``bytes`` raw.

    Files are UTF-8, with or without a byte-order mark. Other bytes are refused with
    the line they are on, because guessing a legacy code page garbles names silently.
    """
    if isinstance(source, str):
        return source.removeprefix("\ufeff")
    if isinstance(source, Path):
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise BookingError(
                "unreadable_file", f"Cannot read {source}: {exc.strerror or exc}."
            ) from exc
    else:
        data = source
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BookingError(
            "bad_encoding",
            f"Line {line} is not UTF-8 text (byte 0x{data[exc.start]:02x}). Save the file as "
            "UTF-8 (in Excel: \u201cCSV UTF-8\u201d) and import it again.",
            {"line": line},
        ) from exc


def _guarded(value: str) -> bool:
    """Starts, after any apostrophes, with what a spreadsheet reads as a formula."""
    return value.lstrip("'")[:1] in FORMULA_STARTS


def unescape_cell(value: str) -> str:
    """Undo the exporter's formula guard: "'+1416..." -> "+1416..."."""
    return value[1:] if value[:1] == "'" and _guarded(value) else value


def escape_cell(value: str) -> str:
    """Guard a cell against spreadsheet formula injection with a leading apostrophe.

    A value that already starts with apostrophes before such a character gets one more,
    so that unescape_cell gives back exactly what was stored.
    """
    return "'" + value if _guarded(value) else value


def _header_key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(header))


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; and tab that the header line uses most (outside quotes).

    The header is judged alone because names and notes in data rows contain commas;
    a one-column file has none and gets the comma.
    """
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties: the earlier in DELIMITERS
    return best if counts[best] else ","


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``["Cell=phone", "Member no=field:Member number"]`` -> {header: field}."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.rpartition("=")
        header, target = header.strip(), target.strip()
        if not sep or not header:
            raise BookingError(
                "invalid_mapping",
                f'Column mappings look like "Header=field", not {pair!r}.',
            )
        mapping[header] = _check_target(target)
    return mapping


def _check_target(target: str) -> str:
    if target in MAPPABLE:
        return target
    if target.startswith("field:") and target[len("field:") :].strip():
        return "field:" + target[len("field:") :].strip()
    raise BookingError(
        "invalid_mapping",
        f"{target!r} is not a field a column can go to. Use one of "
        f"{', '.join(MAPPABLE)}, or field:<custom field name>.",
    )


def _resolve_mapping(headers: list[str], explicit: Mapping[str, str] | None) -> dict[int, str]:
    """Column index -> field. Automatic from known headers, or exactly as given.

    Automatic: known English and French headers go to their field; the exporter's id
    column is dropped; any other column becomes a custom field of that name (that is
    how the exporter writes them). Explicit: only the named columns are read.
    """
    by_index: dict[int, str] = {}
    if explicit is not None:
        for header, target in explicit.items():
            matches = [i for i, h in enumerate(headers) if h == header] or [
                i for i, h in enumerate(headers) if fold(h) == fold(header)
            ]
            if not matches:
                raise BookingError(
                    "unknown_column",
                    f"The file has no column named {header!r}. Its columns are: "
                    f"{', '.join(repr(h) for h in headers)}.",
                )
            if len(matches) > 1:
                raise BookingError(
                    "ambiguous_column",
                    f"The file has {len(matches)} columns named {header!r}; rename one.",
                )
            by_index[matches[0]] = _check_target(target)
    else:
        for i, header in enumerate(headers):
            if not header:
                continue
            target = _HEADER_FIELD.get(_header_key(header), f"field:{header}")
            if target == "id":
                continue
            if target in by_index.values():  # a second "Phone" column: keep its data
                target = f"field:{header}"
            by_index[i] = target
    taken = [t for t in by_index.values() if not t.startswith("field:")]
    for target in set(taken):
        if taken.count(target) > 1:
            raise BookingError(
                "invalid_mapping", f"Two columns are mapped to {target}; map only one."
            )
    if not {"name", "first_name", "last_name"} & set(by_index.values()):
        raise BookingError(
            "no_name_column",
            "No column holds the customers' names. The first line must name the columns "
            f"(e.g. name, phone, email); this file's first line reads: {', '.join(headers)}. "
            'If the names are there under another heading, map it: --map "Heading=name".',
        )
    return by_index


def _csv_candidates(
    text: str, explicit: Mapping[str, str] | None, report: ImportReport
) -> Iterator[_Candidate]:
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        headers = next(reader, None)
        while headers is not None and not any(h.strip() for h in headers):
            headers = next(reader, None)
        if headers is None:
            raise BookingError("empty_file", "The file is empty: there is not even a header line.")
        headers = [unescape_cell(h.strip()) for h in headers]
        mapping = _resolve_mapping(headers, explicit)
        report.mapping = {
            h or f"(column {i + 1})": mapping.get(i, "ignored") for i, h in enumerate(headers)
        }
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                report.blank_rows += 1
                continue
            yield _csv_row(cells, headers, mapping, start)
    except csv.Error as exc:
        raise BookingError(
            "bad_csv", f"Line {reader.line_num}: the file is not valid CSV ({exc})."
        ) from exc


def _csv_row(
    cells: list[str], headers: list[str], mapping: dict[int, str], line: int
) -> _Candidate:
    candidate = _Candidate(where=f"line {line}", line=line)
    if len(cells) < len(headers):
        candidate.problem = (
            "too_few_cells",
            f"has {len(cells)} cells but the header has {len(headers)} columns.",
        )
        return candidate
    if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
        candidate.problem = (
            "too_many_cells",
            f"has {len(cells)} cells but the header has {len(headers)} columns "
            "(a value with a comma or semicolon that is not in quotes?).",
        )
        return candidate
    values: dict[str, str] = {}
    for index, target in mapping.items():
        values[target] = unescape_cell(cells[index].strip())
    first, last = values.get("first_name", ""), values.get("last_name", "")
    candidate.name = values.get("name") or " ".join(p for p in (first, last) if p)
    candidate.phone = values.get("phone")
    candidate.email = values.get("email")
    candidate.notes = values.get("notes")
    candidate.fields = {
        t[len("field:") :]: v for t, v in values.items() if t.startswith("field:") and v
    }
    return candidate


# -- vCard reading ------------------------------------------------------------------------


@dataclass
class _Property:
    name: str
    params: dict[str, list[str]]
    value: str


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the physical line number each starts on (RFC 6350 section 3.2)."""
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        if raw[:1] in (" ", "\t") and out:
            first, sofar = out[-1]
            out[-1] = (first, sofar + raw[1:])
        else:
            out.append((number, raw))
    return out


def _split_unquoted(value: str, sep: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in value:
        if ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == sep and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _parse_property(line: str) -> _Property:
    head, sep, value = "", "", ""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            head, sep, value = line[:i], ":", line[i + 1 :]
            break
    if not sep or not head:
        raise ValueError(f"'{line[:40]}' is not a vCard line (NAME:value)")
    name, *raw_params = _split_unquoted(head, ";")
    name = name.rpartition(".")[2].strip().upper()  # drop a group prefix ("item1.TEL")
    params: dict[str, list[str]] = {}
    for raw in raw_params:
        key, eq, val = raw.partition("=")
        if not eq:  # vCard 2.1 style bare type ("TEL;HOME:")
            key, val = "TYPE", key
        values = [v.strip().strip('"') for v in _split_unquoted(val, ",")]
        params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
    return _Property(name, params, value)


def _unescape_text(value: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _split_structured(value: str) -> list[str]:
    """Components of a structured value (N, ...): split on ; that are not escaped."""
    parts: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            current.append(value[i : i + 2])
            i += 2
            continue
        if ch == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return [_unescape_text(p) for p in parts]


def _is_preferred(prop: _Property) -> bool:
    types = {t.lower() for t in prop.params.get("TYPE", [])}
    return "pref" in types or prop.params.get("PREF", ["100"])[0] == "1"


def _ordered(props: list[_Property]) -> list[_Property]:
    return sorted(props, key=lambda p: not _is_preferred(p))  # stable: file order otherwise


def _tel_value(prop: _Property) -> str:
    value = prop.value.strip()
    if value.lower().startswith("tel:") or "uri" in (
        v.lower() for v in prop.params.get("VALUE", [])
    ):
        value = value.split(":", 1)[1] if ":" in value else value
        value = value.split(";", 1)[0]  # ;ext=... and other URI parameters
    return value


def _email_value(prop: _Property) -> str:
    value = prop.value.strip()
    return value[len("mailto:") :] if value.lower().startswith("mailto:") else value


def _card_candidate(card: int, line: int, props: list[_Property]) -> _Candidate:
    candidate = _Candidate(where=f"card {card} (line {line})", line=line, card=card)
    by_name: dict[str, list[_Property]] = {}
    for prop in props:
        by_name.setdefault(prop.name, []).append(prop)
    version = (by_name.get("VERSION") or [_Property("VERSION", {}, "")])[0].value.strip()
    if version not in VCARD_VERSIONS:
        candidate.problem = (
            "unsupported_vcard",
            f"is vCard version {version!r}; only 3.0 and 4.0 can be imported "
            "(export the contacts again as vCard 3.0 or 4.0)."
            if version
            else "has no VERSION line.",
        )
        return candidate
    for prop in props:
        encoding = {e.lower() for e in prop.params.get("ENCODING", [])}
        if prop.name in ("FN", "N", "TEL", "EMAIL", "NOTE") and encoding - {"8bit"}:
            candidate.problem = (
                "unsupported_vcard",
                f"uses the {'/'.join(sorted(encoding)).upper()} encoding on {prop.name}, "
                "which Front Desk cannot read.",
            )
            return candidate
    name = _unescape_text(by_name["FN"][0].value).strip() if "FN" in by_name else ""
    if not name and "N" in by_name:
        parts = _split_structured(by_name["N"][0].value) + [""] * 5
        family, given, additional, prefix, suffix = (p.strip() for p in parts[:5])
        name = " ".join(p for p in (prefix, given, additional, family, suffix) if p)
    candidate.name = name
    tels = _ordered(by_name.get("TEL", []))
    emails = _ordered(by_name.get("EMAIL", []))
    candidate.phone = _tel_value(tels[0]) if tels else None
    candidate.email = _email_value(emails[0]) if emails else None
    notes = [_unescape_text(p.value).strip() for p in by_name.get("NOTE", [])]
    extra = [f"phone {_tel_value(p)}" for p in tels[1:]] + [
        f"e-mail {_email_value(p)}" for p in emails[1:]
    ]
    if extra:
        notes.append("Also in the vCard: " + ", ".join(extra) + ".")
    candidate.notes = "\n".join(n for n in notes if n) or None
    for prop in by_name.get(CUSTOM_FIELD_PROPERTY, []):
        parts = _split_structured(prop.value)
        if len(parts) >= 2 and parts[0].strip():
            candidate.fields[parts[0].strip()] = ";".join(parts[1:])
    return candidate


def _vcard_candidates(text: str, report: ImportReport) -> Iterator[_Candidate]:
    """Cards of a file; a broken card becomes a rejection and reading goes on."""
    card_no = 0
    props: list[_Property] | None = None
    start = 0
    problem: tuple[str, str] | None = None
    for line_no, line in _unfold(text):
        stripped = line.strip()
        upper = stripped.upper()
        if not stripped:
            continue
        if upper == "BEGIN:VCARD":
            if props is not None:  # the previous card never ended
                yield _broken(
                    card_no, start, "missing_end", "has no END:VCARD before the next card."
                )
            card_no += 1
            props, start, problem = [], line_no, None
            continue
        if props is None:
            report.rejected.append(
                Rejection(
                    f"line {line_no}",
                    line_no,
                    "outside_card",
                    "is outside any BEGIN:VCARD ... END:VCARD card; is this a vCard file?",
                )
            )
            continue
        if upper == "END:VCARD":
            yield (
                _broken(card_no, start, *problem)
                if problem
                else _card_candidate(card_no, start, props)
            )
            props = None
            continue
        if problem is None:
            try:
                props.append(_parse_property(line))
            except ValueError as exc:
                problem = ("bad_vcard_line", f"line {line_no}: {exc}.")
    if props is not None:
        yield _broken(card_no, start, "missing_end", "ends without END:VCARD.")


def _broken(card: int, line: int, code: str, reason: str) -> _Candidate:
    candidate = _Candidate(where=f"card {card} (line {line})", line=line, card=card)
    candidate.problem = (code, reason)
    return candidate


# -- judging and writing --------------------------------------------------------------------


def _existing_keys(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    """Phone -> id and folded e-mail -> id of every customer: one query, then dict lookups."""
    phones: dict[str, int] = {}
    emails: dict[str, int] = {}
    rows = session.execute(
        select(Customer.id, Customer.phone, Customer.email).order_by(Customer.id)
    )
    for cid, phone, email in rows:
        if phone:
            phones.setdefault(phone, cid)
        if email:
            emails.setdefault(email.casefold(), cid)
    return phones, emails


def _run_import(
    session: Session,
    actor: Actor,
    candidates: Iterable[_Candidate],
    report: ImportReport,
    *,
    now: datetime,
    skip_invalid: bool,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    actor.require(CUSTOMERS)
    rules = ContactRules.load(session)
    phones, emails = _existing_keys(session)
    seen_phone: dict[str, str] = {}
    seen_email: dict[str, str] = {}
    accepted: list[CustomerData] = []
    rows = list(candidates)

    def step(phase: str, done: int, total: int) -> None:
        """Between two blocks of rows: stop if asked to, else say how far we are."""
        if cancelled is not None and cancelled():
            raise ImportCancelled(report.dry_run)
        if progress is not None:
            progress(phase, done, total)

    for done, cand in enumerate(rows):
        if done % CHECK_STEP == 0:
            step(CHECKING, done, len(rows))
        report.total += 1
        verdict = _judge(cand, rules, phones, emails, seen_phone, seen_email)
        if isinstance(verdict, Rejection):
            report.rejected.append(verdict)
        else:
            accepted.append(verdict)
    step(CHECKING, len(rows), len(rows))
    report.rejected.sort(key=lambda r: r.line)
    report.valid = len(accepted)
    if report.dry_run:
        return report
    if report.rejected and not skip_invalid:
        count = len(report.rejected)
        first = report.rejected[0]
        raise BookingError(
            "import_rejected",
            f"Nothing was imported: {count} of {report.total} "
            f"{'rows' if report.format == 'csv' else 'cards'} {'is' if count == 1 else 'are'} "
            f"not acceptable; the first is {first.where}: {first.reason} Correct the file, "
            "or import only the acceptable ones (skip the others: --skip-invalid).",
            report.to_json(),
        )
    customers = [
        Customer(
            name=d.name,
            phone=d.phone,
            email=d.email,
            notes=d.notes,
            fields=d.fields,
            search_text=d.search_text,
            created_at=now,
            updated_at=now,
        )
        for d in accepted
    ]
    session.add_all(customers)
    session.flush()
    for done, customer in enumerate(customers):
        if done % CHECK_STEP == 0:
            step(WRITING, done, len(customers))
        after = {**snapshot(customer), "source": report.format}
        audit.record(session, actor, now, "customer.import", "customer", customer.id, None, after)
    session.flush()
    step(WRITING, len(customers), len(customers))
    report.imported = [c.id for c in customers]
    return report


def _judge(
    cand: _Candidate,
    rules: ContactRules,
    phones: dict[str, int],
    emails: dict[str, int],
    seen_phone: dict[str, str],
    seen_email: dict[str, str],
) -> CustomerData | Rejection:
    def reject(code: str, reason: str) -> Rejection:
        return Rejection(cand.where, cand.line, code, reason, cand.card)

    if cand.problem is not None:
        return reject(*cand.problem)
    try:
        data = validate_customer(
            rules,
            name=cand.name,
            phone=cand.phone,
            email=cand.email,
            notes=cand.notes,
            fields=cand.fields,
        )
    except BookingError as exc:
        return reject(exc.code, exc.message)
    email_key = data.email.casefold() if data.email else None
    for kind, existing in (
        ("phone", phones.get(data.phone) if data.phone else None),
        ("e-mail", emails.get(email_key) if email_key else None),
    ):
        if existing is not None:
            return reject(
                "duplicate_customer",
                f"is a duplicate of existing customer #{existing} (same {kind}).",
            )
    for kind, earlier in (
        ("phone", seen_phone.get(data.phone) if data.phone else None),
        ("e-mail", seen_email.get(email_key) if email_key else None),
    ):
        if earlier is not None:
            return reject("duplicate_in_file", f"is a duplicate of {earlier} (same {kind}).")
    label = cand.where if cand.card is None else f"card {cand.card}"
    if data.phone:
        seen_phone[data.phone] = label
    if email_key:
        seen_email[email_key] = label
    return data


def import_csv(
    session: Session,
    actor: Actor,
    source: str | Path | bytes,
    *,
    now: datetime,
    mapping: Mapping[str, str] | Sequence[str] | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Import customers from CSV text (``str``), a file (``Path``) or raw ``bytes``.

    ``mapping``: None for automatic column recognition, else {header: field} or
    ``["Header=field", ...]``. Problems with the file as a whole (encoding, no header,
    a mapping naming a missing column) raise BookingError before any row is judged.
    ``progress`` and ``cancelled``: see the module's docstring (ImportCancelled).
    """
    explicit = parse_mapping(mapping) if isinstance(mapping, Sequence) else mapping
    if explicit is not None:
        explicit = {h: _check_target(t) for h, t in explicit.items()}
    report = ImportReport("csv", dry_run)
    text = read_source(source)
    candidates = list(_csv_candidates(text, explicit, report))
    return _run_import(
        session,
        actor,
        candidates,
        report,
        now=now,
        skip_invalid=skip_invalid,
        progress=progress,
        cancelled=cancelled,
    )


def import_vcard(
    session: Session,
    actor: Actor,
    source: str | Path | bytes,
    *,
    now: datetime,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Import customers from vCard 3.0/4.0 text, a file or bytes (several cards a file);
    ``progress`` and ``cancelled`` as for import_csv."""
    report = ImportReport("vcard", dry_run)
    candidates = list(_vcard_candidates(read_source(source), report))
    if not candidates:
        raise BookingError("not_vcard", "The file holds no vCard: it has no BEGIN:VCARD line.")
    return _run_import(
        session,
        actor,
        candidates,
        report,
        now=now,
        skip_invalid=skip_invalid,
        progress=progress,
        cancelled=cancelled,
    )


# -- export -------------------------------------------------------------------------------


def _all_customers(session: Session) -> list[Customer]:
    return list(session.scalars(select(Customer).order_by(Customer.id)))


def export_csv(session: Session, customers: Iterable[Customer] | None = None) -> str:
    """CSV (comma, CRLF, RFC 4180 quoting): id,name,phone,email,notes, then custom fields.

    Custom field columns are the union of every exported customer's field names, sorted.
    Every text cell goes through escape_cell.
    """
    rows = _all_customers(session) if customers is None else list(customers)
    extra = sorted({name for c in rows for name in (c.fields or {})}, key=str.casefold)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in (*CSV_COLUMNS, *extra)])
    for c in rows:
        cells = [c.name, c.phone or "", c.email or "", c.notes or ""]
        cells += [str((c.fields or {}).get(name, "")) for name in extra]
        writer.writerow([str(c.id), *(escape_cell(v) for v in cells)])
    return out.getvalue()


def _escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets (continuations start with a space), CRLF ended.

    Splits only between characters, never inside a UTF-8 sequence.
    """
    chunks: list[str] = []
    current: list[str] = []
    size, limit = 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, 74  # a continuation's leading space is an octet
        current.append(ch)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks) + "\r\n"


def customer_uid(customer: Customer) -> str:
    """A UID that stays the same across exports of one customer and differs between
    customers and between databases (it hashes the id with the creation instant)."""
    created = customer.created_at.astimezone(UTC).isoformat() if customer.created_at else ""
    return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, f'{customer.id}/{created}')}"


def _split_name(name: str) -> tuple[str, str]:
    """(family, given) for N: the last word is taken as the family name."""
    given, _, family = name.rpartition(" ")
    return family, given


def vcard_for(customer: Customer, version: str = "4.0") -> str:
    """One customer as a vCard (3.0 or 4.0), folded, CRLF line ends."""
    if version not in VCARD_VERSIONS:
        raise BookingError(
            "invalid_vcard_version", f"vCard version must be 3.0 or 4.0, not {version!r}."
        )
    family, given = _split_name(customer.name)
    lines = [
        "BEGIN:VCARD",
        f"VERSION:{version}",
        f"UID:{customer_uid(customer)}",
        f"FN:{_escape_text(customer.name)}",
        f"N:{_escape_text(family)};{_escape_text(given)};;;",
    ]
    if customer.phone:
        if version == "4.0":
            uri = _tel_uri(customer.phone)
            lines.append(f"TEL;VALUE=uri;TYPE=voice:{uri}")
        else:
            lines.append(f"TEL;TYPE=VOICE:{customer.phone}")
    if customer.email:
        lines.append(
            f"EMAIL:{customer.email}"
            if version == "4.0"
            else f"EMAIL;TYPE=INTERNET:{customer.email}"
        )
    if customer.notes:
        lines.append(f"NOTE:{_escape_text(customer.notes)}")
    for name, value in sorted((customer.fields or {}).items()):
        lines.append(f"{CUSTOM_FIELD_PROPERTY}:{_escape_text(name)};{_escape_text(str(value))}")
    if customer.updated_at:
        lines.append(f"REV:{customer.updated_at.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) for line in lines)


def _tel_uri(e164: str) -> str:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return f"tel:{e164}"
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966))


def export_vcard(
    session: Session, version: str = "4.0", customers: Iterable[Customer] | None = None
) -> str:
    rows = _all_customers(session) if customers is None else list(customers)
    return "".join(vcard_for(c, version) for c in rows)


def format_for_path(path: str, given: str | None = None) -> str:
    """The import/export format: as given, else from the file name's extension."""
    if given is not None:
        if given not in FORMATS:
            raise BookingError("invalid_format", f"The format must be csv or vcard, not {given!r}.")
        return given
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if suffix in (".vcf", ".vcard"):
        return "vcard"
    raise BookingError(
        "unknown_format",
        f"Cannot tell the format of {path!r} from its name; say --format csv or --format vcard.",
    )
