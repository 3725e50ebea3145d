"""The booking commands end to end, with the Riverside file applied by the CLI itself."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.cli import main
from tests.support.riverside import RIVERSIDE

NOW = "2026-11-23T09:00:00-05:00"  # Monday, 09:00 in Toronto


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], db_url: str) -> None:
        self.capsys = capsys
        self.db_url = db_url

    def __call__(self, *args: str, ok: bool = True) -> Any:
        code = main([*args, "--db", self.db_url, "--now", NOW, "--json"])
        out, err = self.capsys.readouterr()
        data = json.loads(out) if out.strip() else None
        if ok:
            assert code == 0, err
        else:
            assert code == 1
            assert len(err.strip().splitlines()) == 1
        return data


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_url: str) -> Cli:
    run = Cli(capsys, db_url)
    run("setup", "apply", str(RIVERSIDE))
    return run


def test_slots_json_shape(cli: Cli) -> None:
    data = cli(
        "slots", "--service", "Mortgage consultation", "--from", "2026-11-24", "--to", "2026-11-24"
    )
    assert data["service"] == "Mortgage consultation"
    assert data["timezone"] == "America/Toronto"
    first = data["slots"][0]
    assert first == {
        "start": "2026-11-24T09:00:00-05:00",
        "end": "2026-11-24T10:00:00-05:00",
        "agents": ["Alice Martin"],
    }
    assert {
        "start": "2026-11-24T10:00:00-05:00",
        "end": "2026-11-24T11:00:00-05:00",
        "agents": ["Bob Chen"],
    } in data["slots"]
    one = cli(
        "slots",
        "--service",
        "Mortgage consultation",
        "--from",
        "2026-11-24",
        "--to",
        "2026-11-24",
        "--agent",
        "Bob Chen",
    )
    assert {tuple(s["agents"]) for s in one["slots"]} == {("Bob Chen",)}


def test_book_reschedule_cancel_history(cli: Cli) -> None:
    walk_in = cli("next-slot", "--service", "Account opening")
    assert walk_in["slot"]["start"] == "2026-11-23T09:00:00-05:00"
    booked = cli(
        "book",
        "--service",
        "Account opening",
        "--start",
        walk_in["slot"]["start"],
        "--name",
        "Dana Walker",
        "--phone",
        "416 555 0142",
        "--source",
        "walk-in",
    )
    assert booked["status"] == "confirmed"
    assert booked["agent"] in ("Bob Chen", "Carla Diaz")
    assert booked["customer"]["name"] == "Dana Walker"
    again = cli(
        "book",
        "--service",
        "Account opening",
        "--start",
        "2026-11-23T09:00",
        "--customer",
        "+14165550142",
        "--agent",
        booked["agent"],
        ok=False,
    )
    assert again["error"]["code"] == "slot_taken"
    moved = cli(
        "reschedule",
        str(booked["id"]),
        "--start",
        "2026-11-23T11:00",
        "--reason",
        "Customer running late",
    )
    assert moved["start"] == "2026-11-23T11:00:00-05:00"
    listed = cli("appointments", "--from", "2026-11-23", "--to", "2026-11-23")
    assert [a["id"] for a in listed["appointments"]] == [booked["id"]]
    refused = cli("cancel", str(booked["id"]), "--reason", "", ok=False)
    assert refused["error"]["code"] == "reason_required"
    cancelled = cli("cancel", str(booked["id"]), "--reason", "Came on another day")
    assert cancelled["status"] == "cancelled"
    history = cli("history", str(booked["id"]))["history"]
    assert [(h["from"], h["to"]) for h in history] == [
        ("confirmed", "cancelled"),
        ("confirmed", "confirmed"),
        (None, "confirmed"),
    ]
    assert history[0]["reason"] == "Came on another day"
    assert history[0]["at"].endswith("-05:00")


def test_book_with_fields_status_and_approval(cli: Cli) -> None:
    missing = cli(
        "book",
        "--service",
        "Mortgage consultation",
        "--start",
        "2026-11-24T09:00",
        "--name",
        "Eve Stone",
        "--email",
        "eve@example.com",
        ok=False,
    )
    assert missing["error"]["code"] == "missing_field"
    booked = cli(
        "book",
        "--service",
        "Mortgage consultation",
        "--start",
        "2026-11-24T09:00",
        "--name",
        "Eve Stone",
        "--email",
        "eve@example.com",
        "--field",
        "Estimated loan amount=420000",
    )
    assert booked["status"] == "pending"
    assert booked["fields"] == {"Estimated loan amount": "420000"}
    confirmed = cli("status", str(booked["id"]), "confirmed")
    assert confirmed["status"] == "confirmed"
    unknown = cli("status", str(booked["id"]), "lost", ok=False)
    assert unknown["error"]["code"] == "unknown_status"


def test_repeat_from_the_cli(cli: Cli) -> None:
    data = cli(
        "book",
        "--service",
        "Account opening",
        "--start",
        "2026-11-24T08:30",
        "--agent",
        "Carla Diaz",
        "--name",
        "Fay Long",
        "--phone",
        "+1 647 555 0100",
        "--repeat",
        "FREQ=DAILY;COUNT=3",
    )
    assert [a["start"][:10] for a in data["appointments"]] == [
        "2026-11-24",
        "2026-11-25",
        "2026-11-26",
    ]
    assert len({a["series_id"] for a in data["appointments"]}) == 1
    assert data["skipped"] == []


def test_lookup_errors_are_plain(cli: Cli) -> None:
    err = cli(
        "slots", "--service", "Astrology", "--from", "2026-11-24", "--to", "2026-11-24", ok=False
    )
    assert err["error"]["code"] == "not_found"
    assert "Mortgage consultation" in err["error"]["message"]
    err = cli(
        "book",
        "--service",
        "Account opening",
        "--start",
        "2026-11-24T10:00",
        "--customer",
        "nobody@example.com",
        ok=False,
    )
    assert err["error"]["code"] == "not_found"
