"""CSV and vCard import/export of customers (app.booking.customer_io), on both databases.

Sample files live in tests/data/customers: good ones in English and French layouts, and
bad ones holding one of every kind of problem, each on a known line or card.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.booking import customer_io as cio
from app.booking import customers as cust
from app.booking.errors import BookingError
from app.booking.permissions import load_actor
from app.models import Customer
from tests.test_customers import NOBODY, NOW, add, audit_rows, set_region, set_requirement

DATA = Path(__file__).parent / "data" / "customers"


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Customer)) or 0)


def stored(session: Session) -> list[tuple[Any, ...]]:
    return [
        (c.name, c.phone, c.email, c.notes, c.fields)
        for c in session.scalars(select(Customer).order_by(Customer.id))
    ]


def import_csv(session: Session, source: str | Path | bytes, **options: Any) -> cio.ImportReport:
    return cio.import_csv(session, load_actor(session), source, now=NOW, **options)


def import_vcard(session: Session, source: str | Path | bytes, **options: Any) -> cio.ImportReport:
    return cio.import_vcard(session, load_actor(session), source, now=NOW, **options)


def rejections(report: cio.ImportReport) -> list[tuple[str, str]]:
    return [(r.where, r.code) for r in report.rejected]


# -- CSV: reading the file ---------------------------------------------------------------


def test_english_headers_are_recognised(session: Session) -> None:
    set_region(session, "CA")
    report = import_csv(session, DATA / "good_en.csv")
    assert (report.total, report.valid, len(report.imported), report.rejected) == (3, 3, 3, [])
    assert report.mapping == {
        "Full name": "name",
        "Phone": "phone",
        "E-mail": "email",
        "Notes": "notes",
        "Member no": "field:Member no",
        "id": "ignored",
    }
    assert stored(session) == [
        (
            "Ann Roy",
            "+14165550100",
            "Ann.Roy@example.com",
            "Prefers mornings, calls first",
            {"Member no": "A-100"},
        ),
        ("Éloïse Lévêque", "+33612345678", None, "Speaks French\nand English", {}),
        ("Bob Smith", None, "bob@example.com", None, {"Member no": "B-7"}),
    ]
    imported = audit_rows(session, "customer.import")
    assert [e.entity_id for e in imported] == report.imported
    assert imported[0].after is not None
    assert imported[0].after["source"] == "csv"
    assert cust.find_customers(session, "leveque")[0].name == "Éloïse Lévêque"


def test_french_headers_semicolons_bom_and_crlf(session: Session) -> None:
    set_region(session, "CA")
    report = import_csv(session, DATA / "good_fr.csv")
    assert report.mapping == {
        "Prénom": "first_name",
        "Nom": "last_name",
        "Téléphone": "phone",
        "Courriel": "email",
        "Remarques": "notes",
    }
    assert stored(session) == [
        ("Zoé Côté", "+15145550123", "zoe@example.ca", "Cliente depuis 2010", {}),
        ("Jean Tremblay", "+14185550199", None, "Préfère; le matin", {}),
    ]


def test_tab_separated_with_first_and_last_names(session: Session) -> None:
    set_region(session, "CA")
    import_csv(session, DATA / "good_tab.csv")
    assert stored(session) == [("Li Wang", "+16045550100", "li.wang@example.com", None, {})]


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("name,phone", ","),
        ("name;phone", ";"),
        ("name\tphone", "\t"),
        ('"Name, full";phone;email', ";"),
        ("name", ","),
        ("\n\nname;phone", ";"),
    ],
)
def test_delimiter_is_read_from_the_header(header: str, delimiter: str) -> None:
    assert cio.sniff_delimiter(header + "\nAnn, Roy;+1,x\n") == delimiter


def test_explicit_mapping_reads_only_the_named_columns(session: Session) -> None:
    set_region(session, "CA")
    text = "Client,Cell,Member,Phone,Branch\nAnn Roy,416 555 0100,M-1,999,Uptown\n"
    report = import_csv(
        session, text, mapping=["Client=name", "cell=phone", "Member=field:Member number"]
    )
    assert report.mapping == {
        "Client": "name",
        "Cell": "phone",
        "Member": "field:Member number",
        "Phone": "ignored",
        "Branch": "ignored",
    }
    assert stored(session) == [("Ann Roy", "+14165550100", None, None, {"Member number": "M-1"})]


@pytest.mark.parametrize(
    ("mapping", "code", "quoted"),
    [
        (["Nickname=name"], "unknown_column", "'Nickname'"),
        (["Client=surname"], "invalid_mapping", "'surname'"),
        (["Client"], "invalid_mapping", "'Client'"),
        (["Client=field:"], "invalid_mapping", "'field:'"),
        (["Client=name", "Cell=name"], "invalid_mapping", "name"),
        (["Cell=phone"], "no_name_column", "Client, Cell"),
    ],
)
def test_mapping_mistakes_are_explained(
    session: Session, mapping: list[str], code: str, quoted: str
) -> None:
    with pytest.raises(BookingError) as err:
        import_csv(session, "Client,Cell\nAnn Roy,+14165550100\n", mapping=mapping)
    assert err.value.code == code
    assert quoted in err.value.message
    assert count(session) == 0


def test_undecodable_bytes_name_their_line(session: Session) -> None:
    for source in (DATA / "latin1.csv", (DATA / "latin1.csv").read_bytes()):
        with pytest.raises(BookingError) as err:
            import_csv(session, source, dry_run=True)
        assert err.value.code == "bad_encoding"
        assert err.value.message.startswith("Line 3 is not UTF-8 text (byte 0xe9).")
        assert err.value.details == {"line": 3}


def test_a_header_line_is_required(session: Session, tmp_path: Path) -> None:
    with pytest.raises(BookingError) as err:
        import_csv(session, DATA / "no_header.csv")
    assert err.value.code == "no_name_column"
    assert "Ann Roy, +1 416 555 0100, ann@example.com" in err.value.message
    for empty in ("", "\ufeff", "\n\n"):
        with pytest.raises(BookingError) as err:
            import_csv(session, empty)
        assert err.value.code == "empty_file"
    with pytest.raises(BookingError) as err:
        import_csv(session, tmp_path / "missing.csv")
    assert err.value.code == "unreadable_file"


def test_broken_quoting_is_reported_with_its_line(session: Session) -> None:
    with pytest.raises(BookingError) as err:
        import_csv(session, 'name,phone\nAnn,+14165550100\n"Bob" Roy,1\n')
    assert err.value.code == "bad_csv"
    assert err.value.message.startswith("Line 3:")


# -- CSV: judging rows ---------------------------------------------------------------------

BAD_ROWS = [
    ("line 3", "invalid_phone"),
    ("line 4", "invalid_email"),
    ("line 5", "invalid_name"),
    ("line 6", "missing_contact"),
    ("line 7", "duplicate_customer"),
    ("line 10", "duplicate_in_file"),
    ("line 11", "too_many_cells"),
    ("line 12", "too_few_cells"),
]


@pytest.fixture
def existing(session: Session) -> Customer:
    set_region(session, "CA")
    return add(session, "Ann Existing", phone="+14165550100")


def test_every_kind_of_bad_row_is_reported_with_its_line(
    session: Session, existing: Customer
) -> None:
    report = import_csv(session, DATA / "bad_rows.csv", dry_run=True)
    assert rejections(report) == BAD_ROWS
    reasons = {r.where: r.reason for r in report.rejected}
    assert reasons["line 3"] == "'555-01' is not a valid phone number."
    assert "'bob@'" in reasons["line 4"]
    assert reasons["line 7"] == f"is a duplicate of existing customer #{existing.id} (same phone)."
    assert reasons["line 10"] == "is a duplicate of line 2 (same e-mail)."
    assert "5 cells" in reasons["line 11"]
    assert "2 cells" in reasons["line 12"]
    assert (report.total, report.valid, report.blank_rows, report.imported) == (12, 4, 1, [])
    assert count(session) == 1  # a dry run writes nothing
    assert audit_rows(session, "customer.import") == []


def test_one_bad_row_means_nothing_is_imported(session: Session, existing: Customer) -> None:
    with pytest.raises(BookingError) as err:
        import_csv(session, DATA / "bad_rows.csv")
    assert err.value.code == "import_rejected"
    assert err.value.message.startswith("Nothing was imported: 8 of 12 rows are not acceptable")
    details = err.value.details
    assert [(r["where"], r["code"]) for r in details["rejected"]] == BAD_ROWS
    assert details["rejected"][0]["line"] == 3
    assert (details["valid"], details["imported"]) == (4, 0)
    assert count(session) == 1
    assert audit_rows(session, "customer.import") == []


def test_skip_invalid_imports_the_good_rows(session: Session, existing: Customer) -> None:
    report = import_csv(session, DATA / "bad_rows.csv", skip_invalid=True)
    assert rejections(report) == BAD_ROWS
    assert len(report.imported) == 4
    assert stored(session)[1:] == [
        ("Ann Good", "+14165550101", "ann@example.com", "fine", {}),
        ("Multi Line", "+14165550107", "multi@example.com", "first\nsecond", {}),
        ("Carl Good", "+14165550113", "carl@example.com", None, {}),
        ("=Formula Name", "+14165550114", None, None, {}),
    ]
    assert [e.entity_id for e in audit_rows(session, "customer.import")] == report.imported


def test_contact_requirement_applies_to_imported_rows(session: Session) -> None:
    set_requirement(session, "both")
    text = "name,phone,email\nAnn,+14165550100,ann@example.com\nBob,+14165550101,\n"
    report = import_csv(session, text, dry_run=True)
    assert rejections(report) == [("line 3", "missing_contact")]
    assert "Both a phone number and an e-mail address" in report.rejected[0].reason


def test_blank_rows_and_empty_trailing_cells_are_harmless(session: Session) -> None:
    text = "name,email\n\nAnn,ann@example.com,,\n,\nBob,bob@example.com\n"
    report = import_csv(session, text)
    assert (report.total, report.blank_rows, len(report.imported)) == (2, 2, 2)


def test_imports_need_the_customers_permission(session: Session) -> None:
    with pytest.raises(BookingError) as err:
        cio.import_csv(session, NOBODY, "name,email\nAnn,ann@example.com\n", now=NOW)
    assert err.value.code == "permission_denied"


def _large_csv(rows: int) -> str:
    lines = ["name,phone,email"]
    lines += [f"Person {i},+1905555{i:04d},p{i}@example.com" for i in range(rows)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("dry_run", [False, True])
def test_cancel_while_checking_stops_before_anything_is_written(
    session: Session, dry_run: bool
) -> None:
    before = count(session)
    told: list[tuple[str, int, int]] = []
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return any(done >= 2 * cio.CHECK_STEP for _phase, done, _total in told)

    with pytest.raises(cio.ImportCancelled) as err:
        import_csv(
            session,
            _large_csv(1000),
            dry_run=dry_run,
            progress=lambda *step: told.append(step),
            cancelled=cancelled,
        )
    assert err.value.code == "import_cancelled"
    expected = (
        "The check was cancelled: nothing was written."
        if dry_run
        else "The import was cancelled: no customer was imported."
    )
    assert err.value.message == expected
    # Stopped at the first question after 200 rows were checked, long before the end.
    assert told == [(cio.CHECKING, done, 1000) for done in (0, 100, 200)]
    assert asked == 4
    assert count(session) == before
    assert audit_rows(session, "customer.import") == []


def test_cancel_while_writing_is_rolled_back_by_the_caller(session: Session) -> None:
    before = count(session)
    told: list[tuple[str, int, int]] = []

    def cancelled() -> bool:
        return any(phase == cio.WRITING and done > 0 for phase, done, _total in told)

    with pytest.raises(cio.ImportCancelled):
        import_csv(
            session, _large_csv(300), progress=lambda *s: told.append(s), cancelled=cancelled
        )
    assert told[-2:] == [(cio.WRITING, 0, 300), (cio.WRITING, 100, 300)]
    assert (cio.CHECKING, 300, 300) in told
    session.rollback()
    assert count(session) == before
    assert audit_rows(session, "customer.import") == []


def test_progress_counts_both_phases_to_the_end(session: Session) -> None:
    told: list[tuple[str, int, int]] = []
    report = import_csv(session, _large_csv(250), progress=lambda *s: told.append(s))
    assert len(report.imported) == 250
    assert [s for s in told if s[0] == cio.CHECKING] == [
        (cio.CHECKING, done, 250) for done in (0, 100, 200, 250)
    ]
    assert [s for s in told if s[0] == cio.WRITING] == [
        (cio.WRITING, done, 250) for done in (0, 100, 200, 250)
    ]


# -- CSV: export and the formula guard -----------------------------------------------------


def test_formula_cells_are_guarded_and_the_guard_is_undone_on_import(session: Session) -> None:
    set_requirement(session, "none")
    values = [
        ('=HYPERLINK("http://x")', "+14165550100", None, "+1 call back", {"Code": "-5"}),
        ("@Home Roy", None, "a@example.com", "=1+1", {"Code": "@x"}),
        ("Plain, Name", "+33612345678", None, "line one\nline two", {}),
        ("'Quoted already", None, None, "'=kept", {"Other": "=2"}),
    ]
    for name, phone, email, notes, fields in values:
        add(session, name, phone=phone, email=email, notes=notes, fields=fields)
    before = stored(session)
    exported = cio.export_csv(session)
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0] == ["id", "name", "phone", "email", "notes", "Code", "Other"]
    assert rows[1][1:] == [
        '\'=HYPERLINK("http://x")',
        "'+14165550100",
        "",
        "'+1 call back",
        "'-5",
        "",
    ]
    assert rows[2][1:] == ["'@Home Roy", "", "a@example.com", "'=1+1", "'@x", ""]
    assert rows[3][4] == "line one\nline two"
    assert rows[4][1:] == ["'Quoted already", "", "", "''=kept", "", "'=2"]
    assert exported.endswith("\r\n")
    for gone in session.scalars(select(Customer)).all():
        cust.delete_customer(session, load_actor(session), gone.id, now=NOW)
    import_csv(session, exported)
    assert stored(session) == before


@pytest.mark.parametrize("cell", ["=x", "+x", "-x", "@x", "\tx", "\rx"])
def test_escape_cell_covers_every_formula_start(cell: str) -> None:
    assert cio.escape_cell(cell) == "'" + cell
    assert cio.unescape_cell(cio.escape_cell(cell)) == cell
    assert cio.escape_cell("'" + cell) == "''" + cell
    assert cio.unescape_cell(cio.escape_cell("'" + cell)) == "'" + cell
    assert cio.escape_cell("x=1") == "x=1"
    assert cio.escape_cell("'x") == "'x"
    assert cio.unescape_cell("'x") == "'x"


# -- vCard ---------------------------------------------------------------------------------


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")[:-1]


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcard_export_shape(session: Session, version: str) -> None:
    a = add(session, "Jean Tremblay", phone="+14165550100", email="jean@example.com", notes="VIP")
    b = add(session, "Zoé", email="zoe@example.ca")
    text = cio.export_vcard(session, version)
    assert "\n" not in text.replace("\r\n", "")
    lines = unfold(text)
    first = lines[: lines.index("END:VCARD") + 1]
    assert first[:2] == ["BEGIN:VCARD", f"VERSION:{version}"]
    assert first[2] == f"UID:{cio.customer_uid(a)}"
    assert "FN:Jean Tremblay" in first
    assert "N:Tremblay;Jean;;;" in first
    assert "NOTE:VIP" in first
    assert "REV:20261123T143000Z" in first
    if version == "4.0":
        assert "TEL;VALUE=uri;TYPE=voice:tel:+1-416-555-0100" in first
        assert "EMAIL:jean@example.com" in first
    else:
        assert "TEL;TYPE=VOICE:+14165550100" in first
        assert "EMAIL;TYPE=INTERNET:jean@example.com" in first
    assert "N:Zoé;;;;" in lines
    uids = [line for line in lines if line.startswith("UID:")]
    assert uids == [f"UID:{cio.customer_uid(a)}", f"UID:{cio.customer_uid(b)}"]
    assert len(set(uids)) == 2
    assert cio.export_vcard(session, version) == text  # stable


def test_vcard_escapes_and_folds_at_75_octets(session: Session) -> None:
    name = "Roy, Ann; \\the\\ Éloïse-Lévêque " + "Çà " * 40
    notes = "first line\nsecond, with; specials\\ " + "é" * 120
    customer = add(session, name.strip(), email="ann@example.com", notes=notes)
    text = cio.vcard_for(customer, "4.0")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    assert any(line.startswith(" ") for line in physical)
    assert text.encode("utf-8").decode("utf-8") == text  # no character cut in half
    assert f"FN:{cio._escape_text(customer.name)}" in unfold(text)
    assert "NOTE:first line\\nsecond\\, with\\; specials\\\\ " in unfold(text)[-3]
    cust.delete_customer(session, load_actor(session), customer.id, now=NOW)
    import_vcard(session, text)
    [(got_name, _phone, _email, got_notes, _fields)] = stored(session)
    assert (got_name, got_notes) == (customer.name, notes.strip())


def test_vcard_30_and_40_files_import(session: Session) -> None:
    set_region(session, "CA")
    report3 = import_vcard(session, DATA / "good_v3.vcf")
    report4 = import_vcard(session, DATA / "good_v4.vcf")
    assert (report3.total, len(report3.imported), report4.total, len(report4.imported)) == (
        2,
        2,
        1,
        1,
    )
    assert stored(session) == [
        (
            "Jean Tremblay",
            "+16475550101",
            "Jean.Tremblay@example.com",
            "Likes early slots, mornings; no calls\nafter 5\n"
            "Also in the vCard: phone +1 416 555 0100.",
            {},
        ),
        (
            "Éloïse Lévêque",
            None,
            "eloise@example.org",
            "This note is long enough to need folding when it is written by a phone: it "
            "goes on past the seventy-five octet limit.",
            {},
        ),
        (
            "Zoé Côté",
            "+15145550123",
            "zoe@example.ca",
            "Also in the vCard: phone +1-514-555-0124.",
            {"Member no": "Z-1"},
        ),
    ]
    assert audit_rows(session, "customer.import")[0].after["source"] == "vcard"  # type: ignore[index]


BAD_CARDS = [
    ("card 2 (line 6)", "missing_end"),
    ("card 3 (line 10)", "bad_vcard_line"),
    ("card 4 (line 15)", "unsupported_vcard"),
    ("card 5 (line 20)", "unsupported_vcard"),
    ("card 6 (line 25)", "invalid_name"),
    ("card 7 (line 29)", "invalid_phone"),
]


def test_broken_cards_are_reported_without_losing_the_others(session: Session) -> None:
    set_region(session, "CA")
    report = import_vcard(session, DATA / "bad_cards.vcf", dry_run=True)
    assert rejections(report) == BAD_CARDS
    assert [r.card for r in report.rejected] == [2, 3, 4, 5, 6, 7]
    reasons = [r.reason for r in report.rejected]
    assert reasons[1] == "line 13: 'this line has no colon' is not a vCard line (NAME:value)."
    assert "version '2.1'" in reasons[2]
    assert "QUOTED-PRINTABLE" in reasons[3]
    assert (report.total, report.valid) == (8, 2)
    with pytest.raises(BookingError) as err:
        import_vcard(session, DATA / "bad_cards.vcf")
    assert err.value.code == "import_rejected"
    assert "6 of 8 cards are not acceptable" in err.value.message
    assert count(session) == 0
    report = import_vcard(session, DATA / "bad_cards.vcf", skip_invalid=True)
    assert [name for name, *_ in stored(session)] == ["Good One", "Good Two"]
    assert len(report.imported) == 2


def test_vcard_file_level_problems(session: Session) -> None:
    with pytest.raises(BookingError) as err:
        import_vcard(session, "name,phone\nAnn,+14165550100\n")
    assert err.value.code == "not_vcard"
    text = (
        "junk before\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann\r\nEMAIL:a@example.com\r\n"
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Twin\r\nEMAIL:A@example.com\r\n"
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut\r\n"
    )
    report = import_vcard(session, text, dry_run=True)
    assert rejections(report) == [
        ("line 1", "outside_card"),
        ("card 2 (line 7)", "duplicate_in_file"),
        ("card 3 (line 12)", "missing_end"),
    ]
    assert report.rejected[1].reason == "is a duplicate of card 1 (same e-mail)."


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcard_round_trip(session: Session, version: str) -> None:
    set_region(session, "CA")
    add(session, "Jean-Pierre St-Onge", phone="+14165550100", email="JP@Example.com")
    add(session, "Éloïse", phone="+33612345678", notes="a;b,c\\d\ne", fields={"K;1": "v,2"})
    add(session, "Bob", email="bob@example.com")
    before = stored(session)
    text = cio.export_vcard(session, version)
    for c in session.scalars(select(Customer)).all():
        cust.delete_customer(session, load_actor(session), c.id, now=NOW + timedelta(seconds=1))
    import_vcard(session, text)
    assert stored(session) == before


def test_format_follows_the_extension_unless_given() -> None:
    assert cio.format_for_path("people.CSV") == "csv"
    assert cio.format_for_path("people.vcf") == "vcard"
    assert cio.format_for_path("people.txt", "vcard") == "vcard"
    for path, given, code in [
        ("people.xlsx", None, "unknown_format"),
        ("people.csv", "xml", "invalid_format"),
    ]:
        with pytest.raises(BookingError) as err:
            cio.format_for_path(path, given)
        assert err.value.code == code


def test_vcard_version_is_checked(session: Session) -> None:
    add(session, "Ann", email="ann@example.com")
    with pytest.raises(BookingError) as err:
        cio.export_vcard(session, "2.1")
    assert err.value.code == "invalid_vcard_version"
    assert re.search(r"3\.0 or 4\.0", err.value.message)
