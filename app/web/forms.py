"""Reading the booking form: lengths, required fields, kinds, contact details.

Every problem is attached to the input it belongs to (the page shows it next to that
input) and worded from the page's language items, never from the booking layer's desk
messages. The checks are the desk's own (app.booking.customers normalisers and contact
requirement), so a web booking is judged like one typed at the desk; the booking layer
checks again when it writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.booking.customers import ContactRules, normalise_email, normalise_phone
from app.booking.errors import BookingError
from app.models import Service, ServiceField
from app.web.language import Texts

#: Longest value accepted per input, in characters (the database allows more; a page
#: visitor has no reason to send more).
MAX_NAME = 200
MAX_EMAIL = 254
MAX_PHONE = 32
MAX_TEXT_FIELD = 500
MAX_MULTILINE_FIELD = 2000
#: The whole request body: far above any honest form, far below anything harmful.
MAX_CONTENT_LENGTH = 64 * 1024

#: "2026-11-24T10:00": the slot start in the branch's local time, as links carry it.
START_FORMAT = "%Y-%m-%dT%H:%M"


def input_name(f: ServiceField) -> str:
    """The form input of a service's custom field: ``field-<id>`` (ids are stable and
    safe in HTML; names may hold any character)."""
    return f"field-{f.id}"


def field_limit(f: ServiceField) -> int:
    return MAX_MULTILINE_FIELD if f.kind == "multiline" else MAX_TEXT_FIELD


def choices_of(f: ServiceField) -> list[str]:
    return [c.strip() for c in (f.choices or "").splitlines() if c.strip()]


def parse_start(text: str | None, tz: ZoneInfo) -> datetime | None:
    """The aware start of a local ``YYYY-MM-DDTHH:MM``; None when it is not one.

    A wall-clock time that does not exist or exists twice (daylight-saving changes) is
    read with ``fold=0``, the earlier instant, like the slot links are written.
    """
    if not text or len(text) != 16 or text[10] != "T":
        return None
    try:
        local = datetime.fromisoformat(text)
    except ValueError:
        return None
    return local.replace(tzinfo=tz)


def format_start(at: datetime, tz: ZoneInfo) -> str:
    return at.astimezone(tz).strftime(START_FORMAT)


def parse_agent(text: str | None) -> int | None:
    """The ``agent`` parameter: empty for any agent, else a positive id; a bad value is
    treated as "any agent" rather than as an error (the slot links always send a good one)."""
    if text and text.isdigit() and len(text) <= 9:
        return int(text)
    return None


@dataclass
class BookingForm:
    """The form's values as typed (to show them again) and the problems per input."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    #: Custom field values by field name, as the booking layer takes them.
    field_values: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def name(self) -> str:
        return self.values.get("name", "").strip()

    @property
    def email(self) -> str | None:
        return self.values.get("email", "").strip() or None

    @property
    def phone(self) -> str | None:
        return self.values.get("phone", "").strip() or None


def read_form(
    data: Mapping[str, str], service: Service, rules: ContactRules, texts: Texts
) -> BookingForm:
    """Check the posted ``data`` against the service's fields and the contact rules."""
    form = BookingForm()
    limits = {"name": MAX_NAME, "email": MAX_EMAIL, "phone": MAX_PHONE}
    for key, limit in limits.items():
        value = data.get(key, "")
        form.values[key] = value
        if len(value) > limit:
            form.errors[key] = texts.get("error_too_long", max=limit)
    if "name" not in form.errors and not form.name:
        form.errors["name"] = texts["error_required"]
    if "email" not in form.errors and form.email:
        try:
            normalise_email(form.email)
        except BookingError:
            form.errors["email"] = texts["error_email"]
    if "phone" not in form.errors and form.phone:
        try:
            normalise_phone(form.phone, rules.region)
        except BookingError:
            form.errors["phone"] = texts["error_phone"]
    _contact_requirement(form, rules.requirement, texts)
    for f in service.fields:
        _custom_field(form, data, f, texts)
    return form


def _contact_requirement(form: BookingForm, requirement: str, texts: Texts) -> None:
    if requirement in ("email", "both") and not form.email and "email" not in form.errors:
        form.errors["email"] = texts["error_contact_email"]
    if requirement in ("phone", "both") and not form.phone and "phone" not in form.errors:
        form.errors["phone"] = texts["error_contact_phone"]
    if (
        requirement == "either"
        and not (form.email or form.phone)
        and "email" not in form.errors
        and "phone" not in form.errors
    ):
        form.errors["email"] = texts["error_contact_either"]


def _custom_field(
    form: BookingForm, data: Mapping[str, str], f: ServiceField, texts: Texts
) -> None:
    key = input_name(f)
    raw = data.get(key, "")
    form.values[key] = raw
    value = raw.strip()
    limit = field_limit(f)
    if len(raw) > limit:
        form.errors[key] = texts.get("error_too_long", max=limit)
        return
    if not value:
        if f.required:
            form.errors[key] = texts["error_required"]
        return
    if f.kind == "number":
        try:
            float(value.replace(",", "."))
        except ValueError:
            form.errors[key] = texts["error_number"]
            return
    elif f.kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            form.errors[key] = texts["error_date"]
            return
    elif f.kind == "choice" and value not in choices_of(f):
        form.errors[key] = texts["error_choice"]
        return
    form.field_values[f.name] = value
