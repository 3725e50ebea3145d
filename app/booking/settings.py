"""General settings with their defaults; stored in the ``settings`` table as JSON.

Scope ``"global"`` applies everywhere; ``"branch:<id>"`` overrides it for one branch.

Every value is checked here, in one place, whoever writes it (the CLI, the setup file,
the desk's settings screen): :func:`validate` says what is expected in words a person
understands, and returns the value in its one stored form ("ca" is stored as "CA", a
show-as list in a fixed order), so that comparing two stored values is comparing meanings.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking import audit
from app.booking.errors import BookingError, NotFound
from app.booking.permissions import ADMINISTER, Actor
from app.models import Branch, Setting

#: Which contact details a customer must have: "email", "phone", "both", "either", "none".
CONTACT_REQUIREMENT = "contact_requirement"
CONTACT_CHOICES = ("email", "phone", "both", "either", "none")
#: ISO 3166 region ("CA") that reads and shows local phone numbers; None: from the branch.
PHONE_REGION = "phone_region"

#: Show-as values of agents' external events that block slots ("busy" always does).
BLOCKING_SHOW_AS = "blocking_show_as"
SHOW_AS_CHOICES = ("busy", "tentative", "oof", "workingElsewhere", "unknown", "free")
#: Share (0 to 1) of a service's agents that must be free for an "any agent" slot.
MIN_AGENT_SHARE = "min_agent_share"

#: Who is looking; each has its own earliest bookable day and disabled window.
AUDIENCES = ("desk", "self-service")

#: Outgoing mail of a branch (app.notify); the password lives only in the OS keyring.
MAIL_HOST = "mail.host"
MAIL_PORT = "mail.port"
MAIL_SECURITY = "mail.security"
MAIL_USER = "mail.user"
MAIL_FROM_ADDRESS = "mail.from_address"
MAIL_FROM_NAME = "mail.from_name"
#: A PEM file of the certificate authority that signed the mail server's certificate (a
#: company's own authority); None: the authorities this computer trusts.
MAIL_CA_FILE = "mail.ca_file"
MAIL_SECURITY_CHOICES = ("starttls", "ssl", "none")
MAIL_KEYS = (
    MAIL_HOST,
    MAIL_PORT,
    MAIL_SECURITY,
    MAIL_USER,
    MAIL_FROM_ADDRESS,
    MAIL_FROM_NAME,
    MAIL_CA_FILE,
)
#: Longest path accepted for a file a setting names.
MAX_PATH = 1024

#: Hours after which a request not yet confirmed is cancelled (app.booking.approvals); 0: never.
APPROVAL_TIMEOUT_HOURS = "approval.timeout_hours"

#: Days after its end before the nightly clean-up (app.jobs.cleanup) archives an
#: appointment; None (the default): never.
ARCHIVE_AFTER_DAYS = "archive.after_days"

#: Language of the desk's screens, desk-wide: "system" (the computer's locale), "en" or
#: "fr_CA"; the FRONTDESK_LANG environment variable overrides it on one computer.
UI_LANGUAGE = "ui.language"
UI_LANGUAGE_CHOICES = ("system", "en", "fr_CA")

#: Most appointments one person (same e-mail or phone) may have on one day, any service,
#: for a booking on the self-service pages (app.web) to be accepted; 0 or None: no limit.
SELF_SERVICE_MAX_PER_DAY = "self_service.max_per_day"
#: Public base address of the self-service pages ("https://book.riverside.example"), used
#: for the links in e-mails and the desk's copy-link buttons; None: no public pages.
WEB_PUBLIC_URL = "web.public_url"
#: The longest base address accepted.
MAX_URL = 300

#: The longest day count or window accepted: ten years, like the longest duration.
MAX_DAYS = 3660
MAX_MINUTES = MAX_DAYS * 24 * 60


def earliest_day_key(audience: str) -> str:
    """Days from today (branch time) before the first bookable day; 0 = today."""
    return f"earliest_bookable_day.{audience}"


def disabled_window_key(audience: str) -> str:
    """Minutes after now in which nothing can be booked."""
    return f"disabled_window_min.{audience}"


DEFAULTS: dict[str, Any] = {
    CONTACT_REQUIREMENT: "either",
    PHONE_REGION: None,
    BLOCKING_SHOW_AS: ["busy", "tentative", "oof", "workingElsewhere"],
    MIN_AGENT_SHARE: 0.0,
    earliest_day_key("desk"): 0,
    earliest_day_key("self-service"): 0,
    disabled_window_key("desk"): 0,
    disabled_window_key("self-service"): 0,
    APPROVAL_TIMEOUT_HOURS: 0,
    ARCHIVE_AFTER_DAYS: None,
    MAIL_HOST: None,
    MAIL_PORT: 587,
    MAIL_SECURITY: "starttls",
    MAIL_USER: None,
    MAIL_FROM_ADDRESS: None,
    MAIL_FROM_NAME: None,
    MAIL_CA_FILE: None,
    UI_LANGUAGE: "system",
    SELF_SERVICE_MAX_PER_DAY: 0,
    WEB_PUBLIC_URL: None,
}

#: What each setting means, for listings (``frontdesk settings list``) and screens.
DESCRIPTIONS: dict[str, str] = {
    CONTACT_REQUIREMENT: "Which contact details every customer must have.",
    PHONE_REGION: "Country whose phone numbers may be typed without +; null: the branch's.",
    BLOCKING_SHOW_AS: "Show-as values of agents' calendar events that take their time.",
    MIN_AGENT_SHARE: "Share of a service's agents that must be free for an any-agent slot.",
    earliest_day_key("desk"): "Days from today to the first day the desk can book.",
    earliest_day_key("self-service"): "Days from today to the first day customers can book.",
    disabled_window_key("desk"): "Minutes after now in which the desk cannot book.",
    disabled_window_key("self-service"): "Minutes after now in which customers cannot book.",
    APPROVAL_TIMEOUT_HOURS: "Hours after which an unconfirmed request is cancelled; 0: never.",
    ARCHIVE_AFTER_DAYS: "Days after its end before an appointment is archived; null: never.",
    MAIL_HOST: "Mail (SMTP) server that sends the branch's e-mails; null: no e-mail is sent.",
    MAIL_PORT: "Port of the mail server (587 for STARTTLS, 465 for SSL, 25 plain).",
    MAIL_SECURITY: 'How the mail connection is protected: "starttls", "ssl" or "none".',
    MAIL_USER: "User name for the mail server; null: no sign-in.",
    MAIL_FROM_ADDRESS: "Address the branch's e-mails come from.",
    MAIL_FROM_NAME: "Name shown as the sender of the branch's e-mails; null: the branch's name.",
    MAIL_CA_FILE: (
        "PEM file of the authority that signed the mail server's certificate; "
        "null: the authorities this computer trusts."
    ),
    UI_LANGUAGE: 'Language of the desk: "system" (the computer\'s), "en" or "fr_CA".',
    SELF_SERVICE_MAX_PER_DAY: (
        "Most appointments one person may have on one day when booking on the web pages; "
        "0 or null: no limit."
    ),
    WEB_PUBLIC_URL: (
        'Public address of the self-service pages, such as "https://book.branch.example"; '
        "null: none (e-mails carry no private link)."
    ),
}


def _invalid(key: str, expected: str, value: Any) -> BookingError:
    return BookingError(
        "invalid_setting",
        f"The setting {key} must be {expected}, not {_shown(value)}.",
        {"key": key, "expected": expected},
    )


def _shown(value: Any) -> str:
    """A value as a person typed it: JSON spelling (null, true, "text", [..])."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_contact(key: str, value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in CONTACT_CHOICES:
        return value.strip().lower()
    raise _invalid(key, "one of " + ", ".join(f'"{c}"' for c in CONTACT_CHOICES), value)


def _check_region(key: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        region = value.strip().upper()
        if len(region) == 2 and region.isalpha() and region in phonenumbers.SUPPORTED_REGIONS:
            return region
    raise _invalid(
        key,
        'a two-letter ISO 3166 country code whose phone numbers are known (such as "CA", '
        '"US" or "FR"), or null to use the branch\'s country',
        value,
    )


def _check_show_as(key: str, value: Any) -> list[str]:
    expected = (
        'a list of show-as values that always holds "busy", drawn from '
        + ", ".join(f'"{c}"' for c in SHOW_AS_CHOICES)
        + ' (such as ["busy", "tentative"])'
    )
    if not isinstance(value, list | tuple):
        raise _invalid(key, expected, value)
    by_lower = {c.lower(): c for c in SHOW_AS_CHOICES}
    found: set[str] = set()
    for item in value:
        if not isinstance(item, str) or item.strip().lower() not in by_lower:
            raise _invalid(key, expected, value)
        found.add(by_lower[item.strip().lower()])
    if "busy" not in found:
        raise BookingError(
            "invalid_setting",
            f'The setting {key} must hold "busy": busy events always take an agent\'s time '
            f"(got {_shown(list(value))}).",
            {"key": key, "expected": expected},
        )
    return [c for c in SHOW_AS_CHOICES if c in found]


def _check_share(key: str, value: Any) -> float:
    if _is_number(value) and math.isfinite(value) and 0 <= value <= 1:
        return float(value)
    raise _invalid(key, "a number from 0 to 1 (such as 0.5; 0: one free agent is enough)", value)


def _whole(key: str, value: Any, limit: int, expected: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= limit:
        return value
    raise _invalid(key, expected, value)


def _check_days(key: str, value: Any) -> int:
    return _whole(key, value, MAX_DAYS, f"a whole number of days from 0 (today) to {MAX_DAYS}")


def _check_minutes(key: str, value: Any) -> int:
    return _whole(key, value, MAX_MINUTES, f"a whole number of minutes from 0 to {MAX_MINUTES}")


def _check_hours(key: str, value: Any) -> int:
    return _whole(
        key, value, MAX_DAYS * 24, f"a whole number of hours from 0 (never) to {MAX_DAYS * 24}"
    )


def _check_retention(key: str, value: Any) -> int | None:
    if value is None:
        return None
    return _whole_from(
        key, value, 1, MAX_DAYS, f"a whole number of days from 1 to {MAX_DAYS}, or null (never)"
    )


def _whole_from(key: str, value: Any, low: int, high: int, expected: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    raise _invalid(key, expected, value)


def _check_host(key: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        host = value.strip()
        if host and len(host) <= 253 and not any(c.isspace() or c in "/@:" for c in host):
            return host
    raise _invalid(key, 'a server name or address such as "smtp.example.com", or null', value)


def _check_port(key: str, value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535:
        return value
    raise _invalid(key, "a port number from 1 to 65535 (such as 587)", value)


def _check_security(key: str, value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in MAIL_SECURITY_CHOICES:
        return value.strip().lower()
    raise _invalid(key, "one of " + ", ".join(f'"{c}"' for c in MAIL_SECURITY_CHOICES), value)


def _check_optional_text(key: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and len(value.strip()) <= 200 and "\n" not in value:
        return value.strip() or None
    raise _invalid(key, "a line of text of at most 200 characters, or null", value)


def _check_address(key: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        address = value.strip()
        local, at, domain = address.rpartition("@")
        if at and local and "." in domain and not any(c.isspace() for c in address):
            return address
    raise _invalid(key, 'an e-mail address such as "desk@branch.example", or null', value)


def _check_file(key: str, value: Any) -> str | None:
    """An absolute path, one line. Whether the file exists is checked where it is used:
    the setting may be stored from another computer than the one that sends."""
    if value is None:
        return None
    if isinstance(value, str):
        path = value.strip()
        if (
            path
            and len(path) <= MAX_PATH
            and not any(ord(c) < 32 for c in path)
            and (PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute())
        ):
            return path
    raise _invalid(
        key,
        'the full path of a PEM certificate file, such as "/etc/ssl/company-ca.pem", or null '
        "(the authorities this computer trusts)",
        value,
    )


def _check_language(key: str, value: Any) -> str:
    by_lower = {c.lower(): c for c in UI_LANGUAGE_CHOICES}
    if isinstance(value, str) and value.strip().replace("-", "_").lower() in by_lower:
        return by_lower[value.strip().replace("-", "_").lower()]
    raise _invalid(key, "one of " + ", ".join(f'"{c}"' for c in UI_LANGUAGE_CHOICES), value)


def _check_optional_count(key: str, value: Any) -> int | None:
    if value is None:
        return None
    return _whole(key, value, 1000, "a whole number from 0 (no limit) to 1000, or null (no limit)")


def _check_public_url(key: str, value: Any) -> str | None:
    """An http(s) base address without query or fragment, stored without its final slash
    so that ``base + "/m/..."`` never doubles it."""
    expected = (
        'the public address of the pages, such as "https://book.branch.example", '
        "without ? or #, or null"
    )
    if value is None:
        return None
    if isinstance(value, str):
        url = value.strip().rstrip("/")
        scheme, sep, rest = url.partition("://")
        host = rest.split("/", 1)[0]
        if (
            sep
            and scheme.lower() in ("http", "https")
            and host
            and len(url) <= MAX_URL
            and not any(c.isspace() or c in "?#@\\" or ord(c) < 32 for c in url)
        ):
            return scheme.lower() + "://" + rest
    raise _invalid(key, expected, value)


Validator = Callable[[str, Any], Any]

#: Per key: a function that returns the value in its stored form, or raises
#: ``BookingError("invalid_setting")`` naming the key and what is expected.
VALIDATORS: dict[str, Validator] = {
    CONTACT_REQUIREMENT: _check_contact,
    PHONE_REGION: _check_region,
    BLOCKING_SHOW_AS: _check_show_as,
    MIN_AGENT_SHARE: _check_share,
    **{earliest_day_key(a): _check_days for a in AUDIENCES},
    **{disabled_window_key(a): _check_minutes for a in AUDIENCES},
    APPROVAL_TIMEOUT_HOURS: _check_hours,
    ARCHIVE_AFTER_DAYS: _check_retention,
    MAIL_HOST: _check_host,
    MAIL_PORT: _check_port,
    MAIL_SECURITY: _check_security,
    MAIL_USER: _check_optional_text,
    MAIL_FROM_ADDRESS: _check_address,
    MAIL_FROM_NAME: _check_optional_text,
    MAIL_CA_FILE: _check_file,
    UI_LANGUAGE: _check_language,
    SELF_SERVICE_MAX_PER_DAY: _check_optional_count,
    WEB_PUBLIC_URL: _check_public_url,
}


def known_keys() -> list[str]:
    """Every known setting, in the order listings show them."""
    return list(DEFAULTS)


def validate(key: str, value: Any) -> Any:
    """``value`` in the stored form of ``key``; raises ``BookingError`` when it is wrong.

    ``unknown_setting`` for a key that does not exist (with the known ones listed),
    ``invalid_setting`` for a value of the wrong type or out of range.
    """
    return _known(key)(key, value)


def _known(key: str) -> Validator:
    check = VALIDATORS.get(key)
    if check is None:
        raise BookingError(
            "unknown_setting",
            f"There is no setting {key!r}. Settings: {', '.join(known_keys())}.",
            {"key": key, "known": known_keys()},
        )
    return check


def scope_for(branch_id: int | None) -> str:
    return "global" if branch_id is None else f"branch:{branch_id}"


def get(session: Session, key: str, branch_id: int | None = None) -> Any:
    """The branch's value, else the global one, else the default."""
    return get_many(session, [key], branch_id)[key]


def get_many(session: Session, keys: list[str], branch_id: int | None = None) -> dict[str, Any]:
    """Several settings in one query, each resolved as :func:`get` does."""
    scopes = [scope_for(branch_id)] if branch_id is not None else []
    scopes.append("global")
    rows = {
        (s.scope, s.key): s.value
        for s in session.scalars(
            select(Setting).where(Setting.key.in_(keys), Setting.scope.in_(scopes))
        )
    }
    out: dict[str, Any] = {}
    for key in keys:
        out[key] = next(
            (rows[(scope, key)] for scope in scopes if (scope, key) in rows), DEFAULTS.get(key)
        )
    return out


def put(session: Session, key: str, value: Any, branch_id: int | None = None) -> Any:
    """Store ``value`` for ``key`` at the global or the branch's scope; return it as stored.

    Checks the value first (:func:`validate`). No permission check and no audit: that is
    :func:`change_setting`'s job; this is the storage step others build on.
    """
    value = validate(key, value)
    row = _row(session, key, branch_id)
    if row is None:
        session.add(Setting(scope=scope_for(branch_id), key=key, value=value))
    else:
        row.value = value
    return value


def _row(session: Session, key: str, branch_id: int | None) -> Setting | None:
    return session.scalars(
        select(Setting).where(Setting.key == key, Setting.scope == scope_for(branch_id))
    ).first()


# -- use cases -------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingChange:
    """What :func:`change_setting` or :func:`reset_setting` did at one scope.

    ``before``/``after`` are the values stored at that scope, None when none is stored
    there (``had_before``/``has_after`` tell a stored null from no row). ``effective`` is
    the value in force there afterwards.
    """

    key: str
    branch_id: int | None
    before: Any
    had_before: bool
    after: Any
    has_after: bool
    effective: Any

    @property
    def changed(self) -> bool:
        return (self.had_before, self.before) != (self.has_after, self.after)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "scope": scope_for(self.branch_id),
            "before": self.before,
            "had_before": self.had_before,
            "after": self.after,
            "has_after": self.has_after,
            "effective": self.effective,
            "changed": self.changed,
        }


def change_setting(
    session: Session,
    actor: Actor,
    key: str,
    value: Any,
    now: datetime,
    branch_id: int | None = None,
) -> SettingChange:
    """Set ``key`` to ``value`` desk-wide (``branch_id`` None) or for one branch.

    Needs the "administer" permission; checks the value (``unknown_setting``,
    ``invalid_setting``); writes one audit entry with the values before and after.
    Does not commit.
    """
    actor.require(ADMINISTER)
    _check_branch(session, branch_id)
    stored = validate(key, value)
    row = _row(session, key, branch_id)
    had_before = row is not None
    before = None if row is None else row.value
    if row is None:
        row = Setting(scope=scope_for(branch_id), key=key, value=stored)
        session.add(row)
    else:
        row.value = stored
    session.flush()
    change = SettingChange(
        key, branch_id, before, had_before, stored, True, get(session, key, branch_id)
    )
    _audit(session, actor, now, "setting.change", row.id, change)
    return change


def reset_setting(
    session: Session, actor: Actor, key: str, now: datetime, branch_id: int | None = None
) -> SettingChange:
    """Remove the value stored for ``key`` at one scope: a branch then follows the
    desk-wide value, and the desk-wide value falls back to the default.

    Same permission, checks and audit as :func:`change_setting`. Does not commit.
    """
    actor.require(ADMINISTER)
    _check_branch(session, branch_id)
    _known(key)
    row = _row(session, key, branch_id)
    had_before = row is not None
    before = None if row is None else row.value
    row_id = None if row is None else row.id
    if row is not None:
        session.delete(row)
        session.flush()
    change = SettingChange(
        key, branch_id, before, had_before, None, False, get(session, key, branch_id)
    )
    _audit(session, actor, now, "setting.reset", row_id, change)
    return change


def _check_branch(session: Session, branch_id: int | None) -> None:
    if branch_id is not None and session.get(Branch, branch_id) is None:
        raise NotFound("branch", branch_id)


def _audit(
    session: Session,
    actor: Actor,
    now: datetime,
    action: str,
    row_id: int | None,
    change: SettingChange,
) -> None:
    scope = scope_for(change.branch_id)
    audit.record(
        session,
        actor,
        now,
        action,
        "setting",
        row_id,
        before={"key": change.key, "scope": scope, "value": change.before}
        if change.had_before
        else None,
        after={"key": change.key, "scope": scope, "value": change.after}
        if change.has_after
        else None,
    )


# -- listing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EffectiveSetting:
    """A setting's value in force and where it comes from: "default", "global" or "branch"."""

    key: str
    value: Any
    source: str
    default: Any
    description: str

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "value": self.value,
            "source": self.source,
            "default": self.default,
            "description": self.description,
        }


def effective(
    session: Session, branch_id: int | None = None, only: Iterable[str] | None = None
) -> list[EffectiveSetting]:
    """Every setting (or those in ``only``) as in force desk-wide or for one branch, in one
    query, each with where its value comes from."""
    wanted = known_keys() if only is None else [k for k in known_keys() if k in set(only)]
    scopes = ["global"] + ([scope_for(branch_id)] if branch_id is not None else [])
    rows = {
        (s.scope, s.key): s.value
        for s in session.scalars(
            select(Setting).where(Setting.key.in_(wanted), Setting.scope.in_(scopes))
        )
    }
    out: list[EffectiveSetting] = []
    for key in wanted:
        value, source = DEFAULTS[key], "default"
        if ("global", key) in rows:
            value, source = rows[("global", key)], "global"
        if branch_id is not None and (scope_for(branch_id), key) in rows:
            value, source = rows[(scope_for(branch_id), key)], "branch"
        out.append(EffectiveSetting(key, value, source, DEFAULTS[key], DESCRIPTIONS[key]))
    return out
