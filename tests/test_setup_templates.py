"""E-mail templates, the approval timeout, archiving and the mail server's authority in the
setup file: read with the template editor's checks (each problem at its key and line),
applied with the branch (a template the file drops falls back to the default), exported
as a fixed point."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import settings as st
from app.booking.permissions import SYSTEM
from app.booking.setup_file import (
    TemplateSpec,
    apply_setup,
    export_setup,
    parse_setup,
)
from app.models import Branch, NotificationTemplate, Service
from app.models.db import write_session
from app.notify.templates import DEFAULTS, resolve
from tests.test_setup_file import HEAD, problems_of

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)

SERVICE = (
    '[[services]]\nname = "Notary"\nduration = "45m"\n'
    'fields = [ { name = "Deed number" } ]\n'
    '[[services]]\nname = "Loans"\nduration = "1h"\n'
)  # lines 4 to 10 after HEAD

BRANCH_TEMPLATE = '''
[[templates]]
event = "created"
recipient = "customer"
subject = "Booked: {!Service Name}"
body = """
Dear {!Customer Name},

See you on {!Start Time}.
"""
'''

NOTARY_TEMPLATE = """
[[templates]]
event = "reminder"
recipient = "customer"
service = "Notary"
subject = "Bring deed {!Deed number}"
body = "Hello {!Customer Name}, your deed {!Deed number} is ready."
"""


def test_templates_read_with_their_service_and_custom_fields() -> None:
    setup = parse_setup(HEAD + SERVICE + BRANCH_TEMPLATE + NOTARY_TEMPLATE)
    assert setup.templates == (
        TemplateSpec(
            "created",
            "customer",
            "Booked: {!Service Name}",
            "Dear {!Customer Name},\n\nSee you on {!Start Time}.\n",
        ),
        TemplateSpec(
            "reminder",
            "customer",
            "Bring deed {!Deed number}",
            "Hello {!Customer Name}, your deed {!Deed number} is ready.",
            "Notary",
        ),
    )


def test_every_bad_template_value_is_refused_with_its_key_and_line() -> None:
    text = (
        HEAD
        + SERVICE
        + (
            "[[templates]]\n"  # line 11
            'event = "booked"\n'  # 12
            'recipient = "manager"\n'  # 13
            'service = "Notarie"\n'  # 14
            'subject = "Two\\nlines"\n'  # 15
            'body = "Hi {!Custmer Name}"\n'  # 16
            "[[templates]]\n"  # 17
            'event = "created"\n'  # 18
            'recipient = "agent"\n'  # 19
            'service = "Loans"\n'  # 20
            'subject = "Deed {!Deed number}"\n'  # 21 (Notary's field)
            'body = "  "\n'  # 22
        )
    )
    found = {(p.path, p.line): p.message for p in problems_of(text)}
    assert set(found) == {
        ("templates[0].event", 12),
        ("templates[0].recipient", 13),
        ("templates[0].service", 14),
        ("templates[0].subject", 15),
        ("templates[0].body", 16),
        ("templates[1].subject", 21),
        ("templates[1].body", 22),
    }
    assert "booked" in found[("templates[0].event", 12)]
    assert 'did you mean "Notary"' in found[("templates[0].service", 14)]
    assert "{!Custmer Name} is unknown" in found[("templates[0].body", 16)]
    assert "{!Deed number} is unknown" in found[("templates[1].subject", 21)]


def test_a_template_given_twice_or_without_its_keys_is_refused() -> None:
    twice = problems_of(HEAD + BRANCH_TEMPLATE + BRANCH_TEMPLATE)
    assert [(p.path, p.line) for p in twice] == [("templates[1]", 15)]
    assert "already given by templates[0]" in twice[0].message
    missing = problems_of(HEAD + '[[templates]]\nevent = "created"\n')
    assert {p.message.split(";")[0] for p in missing} == {
        'the required key "recipient" is missing',
        'the required key "subject" is missing',
        'the required key "body" is missing',
    }


def test_a_branch_wide_template_may_use_any_services_field() -> None:
    text = HEAD + SERVICE + BRANCH_TEMPLATE.replace("{!Start Time}", "{!Deed number}")
    assert parse_setup(text).templates[0].body.endswith("{!Deed number}.\n")


def test_approval_timeout_and_archiving_are_settings_of_the_file() -> None:
    text = HEAD + "[settings]\napproval.timeout_hours = 48\narchive = { after_days = 365 }\n"
    settings = dict(parse_setup(text).settings.items())
    assert settings[st.APPROVAL_TIMEOUT_HOURS] == 48
    assert settings[st.ARCHIVE_AFTER_DAYS] == 365
    bad = problems_of(
        HEAD + "[settings]\napproval.timeout_hours = -1\narchive.after_days = 0\n"
        "archive.after_dayz = 3\n"
    )
    assert [(p.path, p.line) for p in bad] == [
        ("settings.approval.timeout_hours", 5),
        ("settings.archive.after_days", 6),
        ("settings.archive.after_dayz", 7),
    ]
    assert "whole number of hours" in bad[0].message
    assert "from 1 to" in bad[1].message
    assert bad[2].message.startswith(
        'unknown key "after_dayz" in settings.archive; did you mean "after_days"?'
    )


def test_a_relative_ca_file_is_read_from_the_setup_files_folder(tmp_path: Path) -> None:
    text = HEAD + '[mail]\nhost = "smtp.example.com"\nca_file = "certs/ca.pem"\n'
    setup = parse_setup(text, str(tmp_path / "branch.toml"))
    assert setup.mail.ca_file == str(tmp_path / "certs" / "ca.pem")
    absolute = parse_setup(HEAD + '[mail]\nca_file = "/etc/ssl/ca.pem"\n', "x/y.toml")
    assert absolute.mail.ca_file == "/etc/ssl/ca.pem"
    bad = problems_of(HEAD + "[mail]\nca_file = 3\n")
    assert [(p.path, p.line) for p in bad] == [("mail.ca_file", 5)]


def _apply(sessions: sessionmaker[Session], text: str) -> dict[str, list[str]]:
    with write_session(sessions) as s:
        report = apply_setup(s, SYSTEM, parse_setup(text, "branch.toml"), NOW)
    return report.changes["templates"].to_json()


def _in_force(sessions: sessionmaker[Session], event: str, service: str) -> str:
    with sessions() as s:
        branch_id = s.scalars(select(Branch.id)).one()
        service_id = s.scalars(select(Service.id).where(Service.name == service)).one()
        return resolve(s, branch_id, service_id, event, "customer").subject


def test_applied_templates_are_used_and_dropped_ones_fall_back(
    sessions: sessionmaker[Session],
) -> None:
    full = HEAD + SERVICE + BRANCH_TEMPLATE + NOTARY_TEMPLATE
    assert _apply(sessions, full)["created"] == [
        "created to customer",
        "reminder to customer (Notary)",
    ]
    assert _in_force(sessions, "created", "Loans") == "Booked: {!Service Name}"
    assert _in_force(sessions, "reminder", "Notary") == "Bring deed {!Deed number}"
    assert _apply(sessions, full) == {
        "created": [],
        "updated": [],
        "deactivated": [],
        "deleted": [],
    }

    changed = HEAD + SERVICE + BRANCH_TEMPLATE.replace("Booked:", "Your visit:")
    assert _apply(sessions, changed) == {
        "created": [],
        "updated": ["created to customer"],
        "deactivated": [],
        "deleted": ["reminder to customer (Notary)"],
    }
    assert _in_force(sessions, "created", "Notary") == "Your visit: {!Service Name}"
    default = DEFAULTS[("reminder", "customer")].subject
    assert _in_force(sessions, "reminder", "Notary") == default

    assert _apply(sessions, HEAD + SERVICE)["deleted"] == ["created to customer"]
    with sessions() as s:
        assert s.scalars(select(NotificationTemplate)).all() == []


def test_templates_and_new_settings_export_as_a_fixed_point(
    sessions: sessionmaker[Session],
) -> None:
    text = (
        HEAD
        + SERVICE
        + "[settings]\napproval.timeout_hours = 24\narchive.after_days = 90\n"
        + '[mail]\nhost = "smtp.example.com"\nca_file = "/etc/ssl/company-ca.pem"\n'
        + NOTARY_TEMPLATE
        + BRANCH_TEMPLATE
    )
    _apply(sessions, text)
    with sessions() as s:
        first = export_setup(s)
    assert "approval.timeout_hours = 24\narchive.after_days = 90\n" in first
    assert 'ca_file = "/etc/ssl/company-ca.pem"\n' in first
    # The branch's own template first, then the services'; bodies over several lines.
    assert first.index('event = "created"') < first.index('event = "reminder"')
    assert 'body = """\nDear {!Customer Name},\n\nSee you on {!Start Time}.\n"""' in first
    assert _apply(sessions, first) == {
        "created": [],
        "updated": [],
        "deactivated": [],
        "deleted": [],
    }
    with sessions() as s:
        assert export_setup(s) == first
