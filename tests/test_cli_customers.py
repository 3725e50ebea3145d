"""``frontdesk customers ...`` end to end: app.cli.main against a fresh database of each kind.

Checks JSON shapes, text where it matters, exit codes (0 done, 1 refused, 2 usage) and the
error JSON, including the import refusal that carries its report.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.cli import main
from app.models import Customer
from tests.test_customers import add, make_appointment, make_branch, set_region

NOW_ARG = "2026-11-23T09:30:00-05:00"
NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
DATA = Path(__file__).parent / "data" / "customers"
CUSTOMER_KEYS = {
    "id",
    "name",
    "phone",
    "phone_display",
    "email",
    "notes",
    "fields",
    "created_at",
    "updated_at",
}


class Cli:
    """Runs the command on the test database and hands back (exit code, stdout, stderr)."""

    def __init__(self, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.db_url = db_url
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = main([*args, "--db", self.db_url, "--now", NOW_ARG])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> tuple[int, Any]:
        code, out, _err = self(*args, "--json")
        return code, json.loads(out)


@pytest.fixture
def cli(db_url: str, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_url, capsys)


@pytest.fixture
def in_canada(sessions: sessionmaker[Session]) -> dict[str, int]:
    """A Canadian branch (so local numbers read as +1) with a service and an agent."""
    with sessions() as s:
        ids = make_branch(s, country="CA")
        s.commit()
    return ids


def count(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return int(s.scalar(select(func.count()).select_from(Customer)) or 0)


def test_add_prints_the_customer_and_its_duplicates(cli: Cli, in_canada: dict[str, int]) -> None:
    code, first = cli.json(
        "customers",
        "add",
        "--name",
        " Éloïse  Lévêque ",
        "--phone",
        "416 555 0100",
        "--email",
        "Eloise@Example.COM",
        "--notes",
        "VIP",
        "--field",
        "Member no=A-1",
        "--field",
        "Language=fr",
    )
    assert code == 0
    assert set(first) == CUSTOMER_KEYS | {"duplicates"}
    assert first["name"] == "Éloïse Lévêque"
    assert (first["phone"], first["phone_display"]) == ("+14165550100", "(416) 555-0100")
    assert first["email"] == "Eloise@example.com"
    assert first["fields"] == {"Member no": "A-1", "Language": "fr"}
    assert first["created_at"] == "2026-11-23T14:30:00+00:00"
    assert first["duplicates"] == []
    code, out, _err = cli("customers", "add", "--name", "E. Leveque", "--phone", "(416) 555-0100")
    assert code == 0
    assert out.splitlines()[1].startswith(f"Warning: same phone or e-mail as #{first['id']}")
    code, third = cli.json("customers", "add", "--name", "Lev", "--email", "eloise@example.com")
    assert third["duplicates"] == [first["id"]]


@pytest.mark.parametrize(
    ("args", "exit_code", "error_code"),
    [
        (["--name", "Ann", "--phone", "555-01"], 1, "invalid_phone"),
        (["--name", "Ann", "--email", "ann@"], 1, "invalid_email"),
        (["--name", "  ", "--email", "ann@example.com"], 1, "invalid_name"),
        (["--name", "Ann"], 1, "missing_contact"),
        (["--email", "ann@example.com"], 2, "usage"),
        (["--name", "Ann", "--field", "no equals sign"], 2, "usage"),
    ],
)
def test_add_refusals_exit_non_zero_with_error_json(
    cli: Cli,
    sessions: sessionmaker[Session],
    args: list[str],
    exit_code: int,
    error_code: str,
) -> None:
    code, out, err = cli("customers", "add", *args, "--json")
    assert code == exit_code
    error = json.loads(out)["error"]
    assert error["code"] == error_code
    assert err.startswith("frontdesk: ")
    assert len(err.splitlines()) == 1
    assert count(sessions) == 0


def test_find_lists_best_first_and_honours_the_limit(cli: Cli, in_canada: dict[str, int]) -> None:
    for name, phone in [("Anne Martin", "416 555 0199"), ("Pierre Lemartin", "416 555 0101")]:
        assert cli("customers", "add", "--name", name, "--phone", phone)[0] == 0
    code, found = cli.json("customers", "find", "martin")
    assert code == 0
    assert [c["name"] for c in found] == ["Anne Martin", "Pierre Lemartin"]
    assert set(found[0]) == CUSTOMER_KEYS
    code, found = cli.json("customers", "find", "416 555", "--limit", "1")
    assert [c["name"] for c in found] == ["Anne Martin"]
    code, out, _err = cli("customers", "find", "zz")
    assert (code, out) == (0, "No customer matches 'zz'.\n")
    code, out, _err = cli("customers", "find", "0101")
    assert out == "#2  Pierre Lemartin  ((416) 555-0101)\n"
    assert cli("customers", "find", "x", "--limit", "0", "--json")[0] == 2


def test_show_lists_appointments_newest_first_in_branch_time(
    cli: Cli, sessions: sessionmaker[Session], in_canada: dict[str, int]
) -> None:
    with sessions() as s:
        customer = add(s, "Ann Roy", phone="+14165550100")
        older = make_appointment(s, in_canada, customer.id, NOW - timedelta(days=7), "completed")
        newer = make_appointment(s, in_canada, customer.id, NOW + timedelta(days=2), "confirmed")
        s.commit()
        ids = (customer.id, older.id, newer.id)
    code, shown = cli.json("customers", "show", str(ids[0]))
    assert code == 0
    assert set(shown) == CUSTOMER_KEYS | {"appointments"}
    assert shown["appointments"] == [
        {
            "id": ids[2],
            "start": "2026-11-25T09:30:00-05:00",
            "branch": "Riverside CA",
            "service": "Mortgage advice",
            "agent": "Dana Advisor",
            "status": "confirmed",
            "status_name": "Confirmed",
        },
        {
            "id": ids[1],
            "start": "2026-11-16T09:30:00-05:00",
            "branch": "Riverside CA",
            "service": "Mortgage advice",
            "agent": "Dana Advisor",
            "status": "completed",
            "status_name": "Completed",
        },
    ]
    code, out, _err = cli("customers", "show", str(ids[0]))
    assert f"    #{ids[2]}  2026-11-25 09:30  Mortgage advice  Dana Advisor  Confirmed" in out
    code, missing = cli.json("customers", "show", "999")
    assert (code, missing["error"]["code"]) == (1, "not_found")
    assert cli("customers", "show", "zero", "--json")[0] == 2


def test_import_dry_run_refusal_and_skip_invalid(
    cli: Cli, sessions: sessionmaker[Session], in_canada: dict[str, int]
) -> None:
    with sessions() as s:
        add(s, "Ann Existing", phone="+14165550100")
        s.commit()
    path = str(DATA / "bad_rows.csv")
    code, report = cli.json("customers", "import", path, "--dry-run")
    assert code == 0
    assert (report["dry_run"], report["total"], report["valid"], report["imported"]) == (
        True,
        12,
        4,
        0,
    )
    assert [r["line"] for r in report["rejected"]] == [3, 4, 5, 6, 7, 10, 11, 12]
    assert count(sessions) == 1

    code, out, err = cli("customers", "import", path, "--json")
    assert code == 1
    error = json.loads(out)["error"]
    assert error["code"] == "import_rejected"
    assert [r["where"] for r in error["details"]["rejected"]][:2] == ["line 3", "line 4"]
    assert "  line 3: '555-01' is not a valid phone number." in err.splitlines()
    assert count(sessions) == 1

    code, report = cli.json("customers", "import", path, "--skip-invalid")
    assert (code, report["imported"], len(report["imported_ids"])) == (0, 4, 4)
    assert count(sessions) == 5
    code, out, _err = cli("customers", "import", str(DATA / "good_en.csv"), "--dry-run")
    assert out.splitlines() == [  # Ann Roy's number now belongs to Ann Existing (#1)
        "Dry run: 2 of 3 rows would be imported; 1 rejected.",
        "  line 2: is a duplicate of existing customer #1 (same phone).",
    ]


def test_import_with_mapping_and_vcard(cli: Cli, tmp_path: Path, in_canada: dict[str, int]) -> None:
    source = tmp_path / "people.txt"
    source.write_text("Client;Cell\nAnn Roy;416 555 0100\n", encoding="utf-8")
    code, report = cli.json(
        "customers", "import", str(source), "--map", "Client=name", "--map", "Cell=phone"
    )
    assert (code, report["imported"], report["mapping"]) == (
        0,
        1,
        {"Client": "name", "Cell": "phone"},
    )
    code, report = cli.json("customers", "import", str(DATA / "good_v4.vcf"))
    assert (code, report["format"], report["imported"]) == (0, "vcard", 1)
    code, report = cli.json("customers", "import", str(DATA / "good_v3.vcf"), "--format", "vcard")
    assert (code, report["imported"]) == (0, 2)


@pytest.mark.parametrize(
    ("args", "exit_code", "error_code"),
    [
        (["people.xlsx"], 1, "unknown_format"),
        (["missing.csv"], 1, "unreadable_file"),
        (["people.vcf", "--map", "A=name"], 2, "usage"),
        (["people.csv", "--format", "xml"], 2, "usage"),
    ],
)
def test_import_usage_and_file_errors(
    cli: Cli, args: list[str], exit_code: int, error_code: str
) -> None:
    code, out, _err = cli("customers", "import", *args, "--json")
    assert code == exit_code
    assert json.loads(out)["error"]["code"] == error_code


def test_export_to_files_and_stdout(
    cli: Cli, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    with sessions() as s:
        set_region(s, "CA")
        add(s, "Ann Roy", phone="+14165550100", email="ann@example.com")
        add(s, "=Bob", email="bob@example.com", fields={"Tier": "gold"})
        s.commit()
    target = tmp_path / "out.csv"
    code, summary = cli.json("customers", "export", str(target))
    assert (code, summary) == (0, {"path": str(target), "format": "csv", "count": 2})
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,name,phone,email,notes,Tier\r\n")
    assert b"1,Ann Roy,'+14165550100,ann@example.com,,\r\n" in data
    assert b"2,'=Bob,,bob@example.com,,gold\r\n" in data

    code, out, _err = cli("customers", "export", "-", "--json")
    assert code == 0
    assert out.startswith("id,name,phone,email,notes,Tier\r\n")  # the data, not a summary

    code, out, _err = cli("customers", "export", "-", "--format", "vcard", "--vcard-version", "3.0")
    assert out.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert out.count("BEGIN:VCARD") == 2

    vcf = tmp_path / "out.vcf"
    code, summary = cli.json("customers", "export", str(vcf))
    assert summary == {"path": str(vcf), "format": "vcard", "count": 2, "vcard_version": "4.0"}
    assert b"TEL;VALUE=uri;TYPE=voice:tel:+1-416-555-0100\r\n" in vcf.read_bytes()
    code, out, _err = cli("customers", "export", str(tmp_path / "none" / "x.csv"), "--json")
    assert (code, json.loads(out)["error"]["code"]) == (1, "unwritable_file")


def test_merge_and_duplicates(
    cli: Cli, sessions: sessionmaker[Session], in_canada: dict[str, int]
) -> None:
    with sessions() as s:
        keep = add(s, "Ann Roy", phone="+14165550100")
        other = add(s, "Ann R", phone="+14165550100", email="ann@example.com")
        appointment = make_appointment(s, in_canada, other.id, NOW, "confirmed")
        s.commit()
        keep_id, other_id, appointment_id = keep.id, other.id, appointment.id

    code, groups = cli.json("customers", "duplicates")
    assert code == 0
    assert len(groups) == 1
    assert groups[0]["ids"] == [keep_id, other_id]
    assert groups[0]["shared"] == [{"kind": "phone", "value": "+14165550100"}]
    assert [c["name"] for c in groups[0]["customers"]] == ["Ann Roy", "Ann R"]
    code, out, _err = cli("customers", "duplicates")
    assert out.splitlines()[0] == "Same phone (416) 555-0100:"

    code, merged = cli.json("customers", "merge", str(keep_id), str(other_id))
    assert code == 0
    assert set(merged) == CUSTOMER_KEYS | {"merged_id", "moved_appointments"}
    assert (merged["id"], merged["email"], merged["merged_id"]) == (
        keep_id,
        "ann@example.com",
        other_id,
    )
    assert merged["moved_appointments"] == [appointment_id]
    code, out, _err = cli("customers", "duplicates")
    assert out == "No duplicates: no two customers share a phone or an e-mail.\n"
    assert cli.json("customers", "duplicates") == (0, [])

    code, again = cli.json("customers", "merge", str(keep_id), str(keep_id))
    assert (code, again["error"]["code"]) == (1, "merge_same")
    code, gone = cli.json("customers", "merge", str(keep_id), str(other_id))
    assert (code, gone["error"]["code"]) == (1, "not_found")
