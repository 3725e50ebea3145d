"""``frontdesk setup apply`` and ``frontdesk setup export`` through app.cli.main."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app import cli
from app.booking import setup_apply
from app.booking.setup_file import export_setup
from app.models import Branch, Service
from tests.test_setup_apply import DATA, RIVERSIDE, dump_tables
from tests.test_setup_file import BAD_FILES, expectation

NOW = "2026-11-20T10:00-05:00"
RIVERSIDE_FILE = (
    Path(__file__).resolve().parent.parent / "resources" / "examples" / "riverside.toml"
)


def run(capsys: pytest.CaptureFixture[str], db_url: str, *args: str) -> tuple[int, str, str]:
    code = cli.main([*args, "--db", db_url, "--now", NOW])
    out, err = capsys.readouterr()
    return code, out, err


def test_apply_then_export_to_stdout(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    code, out, err = run(capsys, db_url, "setup", "apply", str(RIVERSIDE_FILE))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == 'Branch "Riverside" created.'
    assert "  services: created 3: Mortgage consultation; Account opening; Notary" in out
    code, out, err = run(capsys, db_url, "setup", "export")
    assert (code, err) == (0, "")
    assert out == (DATA / "riverside_export.toml").read_text("utf-8")
    code, out, _ = run(capsys, db_url, "setup", "apply", str(RIVERSIDE_FILE))
    assert code == 0
    assert out == 'Branch "Riverside" already matches the file; nothing to change.\n'


def test_apply_json(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    code, out, _ = run(capsys, db_url, "setup", "apply", str(RIVERSIDE_FILE), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["file"] == str(RIVERSIDE_FILE)
    assert data["dry_run"] is False
    assert data["branch"] == "Riverside"
    assert data["branch_created"] is True
    assert data["changes"]["agents"]["created"] == ["Alice Martin", "Bob Chen", "Carla Diaz"]
    assert data["changes"]["availability"]["created"] == ["Carla Diaz: 2026-11-28T09:00"]


def test_dry_run_reports_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], db_url: str, engine: Engine
) -> None:
    before = dump_tables(engine)
    code, out, _ = run(capsys, db_url, "setup", "apply", str(RIVERSIDE_FILE), "--dry-run")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == 'Branch "Riverside" would be created.'
    assert "  agents: would create 3: Alice Martin; Bob Chen; Carla Diaz" in lines
    assert lines[-1] == "Dry run: nothing was written."
    assert dump_tables(engine) == before

    run(capsys, db_url, "setup", "apply", str(RIVERSIDE_FILE))
    before = dump_tables(engine)
    changed = DATA / "riverside_changed.toml"
    code, out, _ = run(capsys, db_url, "setup", "apply", str(changed), "--dry-run", "--json")
    data = json.loads(out)
    assert data["dry_run"] is True
    assert data["changes"]["services"]["created"] == ["Safe deposit box"]
    assert data["changes"]["services"]["deleted"] == ["Notary"]
    assert dump_tables(engine) == before


def test_export_to_a_file_and_as_json(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    run(capsys, db_url, "setup", "apply", str(RIVERSIDE_FILE))
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "out.toml"
    code, out, _ = run(capsys, db_url, "setup", "export", "--output", str(target))
    assert code == 0
    assert out == f'Wrote the setup of "Riverside" to {target}.\n'
    expected = (DATA / "riverside_export.toml").read_text("utf-8")
    assert target.read_text("utf-8") == expected
    assert [p.name for p in folder.iterdir()] == ["out.toml"]  # no temporary file left
    code, out, _ = run(capsys, db_url, "setup", "export", "--json", "--branch", "Riverside")
    assert code == 0
    assert json.loads(out) == {"branch": "Riverside", "toml": expected}
    code, _, err = run(capsys, db_url, "setup", "export", "-o", str(tmp_path / "no" / "x.toml"))
    assert code == 1
    assert "the folder" in err


def test_export_with_several_branches_needs_a_name(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    code, _, err = run(capsys, db_url, "setup", "export")
    assert code == 1
    assert "no branch yet" in err
    harbour = tmp_path / "harbour.toml"
    harbour.write_text('[branch]\nname = "Harbour"\ntimezone = "America/Halifax"\n', "utf-8")
    run(capsys, db_url, "setup", "apply", str(RIVERSIDE_FILE))
    run(capsys, db_url, "setup", "apply", str(harbour))
    code, out, err = run(capsys, db_url, "setup", "export", "--json")
    assert code == 1
    assert json.loads(out)["error"]["code"] == "branch_required"
    assert err.count("\n") == 1
    code, out, _ = run(capsys, db_url, "setup", "export", "--branch", "Harbour")
    assert (code, out) == (0, harbour.read_text("utf-8"))
    code, out, _ = run(capsys, db_url, "setup", "export", "--branch", "Nowhere", "--json")
    assert code == 1
    assert json.loads(out)["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_file_is_refused_and_the_database_is_left_exactly_as_it_was(
    capsys: pytest.CaptureFixture[str], db_url: str, engine: Engine, path: Path
) -> None:
    # Every bad file names the Riverside branch: if it got through, it would change it.
    run(capsys, db_url, "setup", "apply", str(RIVERSIDE_FILE))
    before = dump_tables(engine)
    want_path, want_line, fragments = expectation(path)

    code, out, err = run(capsys, db_url, "setup", "apply", str(path))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    where = f"{path}:{want_line}: " if want_line is not None else f"{path}: "
    assert err.startswith(where + (f"{want_path}: " if want_path else ""))
    for fragment in fragments:
        assert fragment in err

    code, out, err = run(capsys, db_url, "setup", "apply", str(path), "--json")
    assert code == 1
    error = json.loads(out)["error"]
    assert error["code"] == "invalid_setup_file"
    assert error["message"] == err.strip()
    first = error["details"][0]
    assert (first["path"], first["line"], first["file"]) == (want_path, want_line, str(path))
    assert dump_tables(engine) == before


def test_every_problem_is_in_the_json_details(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    path = DATA / "many_problems.toml"
    code, out, err = run(capsys, db_url, "setup", "apply", str(path), "--json")
    assert code == 1
    details = json.loads(out)["error"]["details"]
    assert [(d["path"], d["line"]) for d in details] == [
        ("branch.theme_color", 6),
        ("services[0].duration", 10),
        ("services[0].agents[0]", 11),
        ("agents[0].hours[0].days[0]", 15),
        ("agents[0].hours[0].start", 15),
    ]
    assert err.strip().endswith("(and 4 more problems)")


def test_a_failure_while_writing_leaves_the_database_as_it_was(
    capsys: pytest.CaptureFixture[str],
    db_url: str,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run(capsys, db_url, "setup", "apply", str(RIVERSIDE_FILE))
    before = dump_tables(engine)

    def explode(self: Any, branch: Branch) -> None:
        raise RuntimeError("disk on fire")

    # Settings come last, after services, agents and their rows have been written.
    monkeypatch.setattr(setup_apply._Applier, "apply_settings", explode)
    code, out, _err = run(
        capsys, db_url, "setup", "apply", str(DATA / "riverside_changed.toml"), "--json"
    )
    assert code == 1
    assert json.loads(out)["error"]["code"] == "internal_error"
    assert dump_tables(engine) == before


def test_missing_file(capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path) -> None:
    code, _, err = run(capsys, db_url, "setup", "apply", str(tmp_path / "absent.toml"))
    assert code == 1
    assert err.startswith(f"{tmp_path / 'absent.toml'}: cannot read the file")


def test_usage_errors(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    code, _, err = run(capsys, db_url, "setup")
    assert code == 2
    code, _, err = run(capsys, db_url, "setup", "apply")
    assert code == 2
    assert "FILE" in err


def test_applied_file_is_what_export_returns(
    capsys: pytest.CaptureFixture[str], db_url: str, sessions: sessionmaker[Session]
) -> None:
    """The CLI commits: another session sees the branch and its services."""
    run(capsys, db_url, "setup", "apply", str(RIVERSIDE_FILE))
    with sessions() as s:
        assert s.scalars(select(Service.name).order_by(Service.position)).all() == [
            "Mortgage consultation",
            "Account opening",
            "Notary",
        ]
        assert export_setup(s) == export_setup(s, "Riverside")
    assert RIVERSIDE.startswith("# A branch described as data.")
