"""The CLI's conventions and the db commands, on both databases."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app import __version__
from app.cli import main
from app.models import db


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"frontdesk {__version__}"


def test_usage_error_is_one_line_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "no-such-command", "--json")
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert json.loads(out)["error"]["code"] == "usage"


def test_now_needs_an_offset(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--now", "2026-11-23T09:00", "db", "current")
    assert code == 2
    assert "UTC offset" in err


def test_db_current_and_upgrade(capsys: pytest.CaptureFixture[str], empty_db_url: str) -> None:
    code, out, _ = run(capsys, "db", "current", "--db", empty_db_url, "--json")
    assert code == 0
    assert json.loads(out) | {"database": None} == {
        "database": None,
        "current": None,
        "head": db.head_revision(),
        "up_to_date": False,
    }
    code, out, _ = run(capsys, "--json", "--db", empty_db_url, "db", "upgrade")
    assert code == 0
    data = json.loads(out)
    assert (data["from"], data["to"], data["backup"]) == (None, db.head_revision(), None)
    code, out, _ = run(capsys, "db", "upgrade", "--db", empty_db_url)
    assert code == 0
    assert "already at the newest revision" in out


def test_upgrade_backs_up_an_older_sqlite_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "desk.sqlite3"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine, "0002")
    engine.dispose()
    code, out, _ = run(
        capsys, "db", "upgrade", "--db", str(path), "--json", "--now", "2026-11-23T14:00:00Z"
    )
    assert code == 0
    data = json.loads(out)
    assert data["from"] == "0002"
    backup = Path(data["backup"])
    assert backup.name == "desk.sqlite3.20261123T140000Z.0002.bak"
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)


def test_bad_database_url_is_reported_plainly(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "db", "current", "--db", "postgresql://nobody@127.0.0.1:1/none", "--json"
    )
    assert code == 1
    assert json.loads(out)["error"]["code"] == "database_unavailable"
    assert "127.0.0.1" in err


def test_database_password_never_shown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "db", "current", "--db", "postgresql://clerk:s3cr3t-pw@127.0.0.1:1/x", "--json"
    )
    assert code == 1
    assert "s3cr3t-pw" not in out + err
    assert "clerk" in err
