"""The customer address book: validation, add/update/delete, search, duplicates and merge.

Customers are bank-wide (no branch). Every write goes through this module so that the
stored forms stay uniform: phone numbers in E.164 (``+14165550100``), e-mail addresses as
email-validator normalises them, names trimmed, and ``search_text`` (the one column the
search indexes cover) recomputed from them.

Transactions: every function here works inside the session it is given and only flushes;
**the caller commits** (``app.models.db.write_session`` does it for the CLI and the desk's
workers). That lets a caller put several use cases, or an import of thousands of rows, into
one all-or-nothing transaction. Writes check the ``customers.edit`` permission and write
one audit entry each, in that same transaction.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import (
    ColumnElement,
    Integer,
    Text,
    and_,
    case,
    column,
    func,
    or_,
    select,
    table,
    text,
    update,
)
from sqlalchemy.orm import Session

from app.booking import audit, settings
from app.booking.errors import BookingError, NotFound
from app.booking.permissions import CUSTOMERS, Actor
from app.models import Appointment, Branch, Customer

NAME_MAX = 200
FIELD_NAME_MAX = 100
DEFAULT_LIMIT = 50
#: Shortest word the trigram indexes can answer; shorter words are matched by scanning.
TRIGRAM = 3
#: search_text starts with this; see search_text_for.
SEARCH_PAD = "  "

# -- normalising what people type ---------------------------------------------------------

#: Letters that NFKD does not take apart but that people type without their mark.
_FOLD_EXTRA = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_SPACES = re.compile(r"\s+")


def fold(value: str) -> str:
    """Lower-case, accent-free, single-spaced text: the form search compares.

    "Éloïse  Lévêque" and "eloise leveque" fold alike, so a receptionist need not type
    accents, and the same function folds both the stored text and the query.
    """
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", plain.translate(_FOLD_EXTRA)).strip()


def normalise_name(value: str | None) -> str:
    """The name as stored: trimmed, inner runs of spaces made one; required, <= 200."""
    name = _SPACES.sub(" ", value or "").strip()
    if not name:
        raise BookingError("invalid_name", "A customer needs a name.")
    if len(name) > NAME_MAX:
        raise BookingError(
            "invalid_name",
            f"The name is {len(name)} characters long; at most {NAME_MAX} are allowed.",
        )
    return name


def _parse_phone(value: str, region: str | None) -> Any:
    """phonenumbers' parse, turning every failure into one receptionist-readable error."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        if region is None and not value.lstrip().startswith("+"):
            raise BookingError(
                "invalid_phone",
                f"'{value}' is not a phone number Front Desk can read: no home country is "
                "set, so numbers must start with + and the country code "
                "(for example +1 416 555 0100).",
            )
        raise BookingError("invalid_phone", f"'{value}' is not a valid phone number.")
    return number


def normalise_phone(value: str | None, region: str | None) -> str | None:
    """E.164 form of a typed number, read in ``region`` unless it starts with +.

    Blank means "no phone" (None). A number phonenumbers cannot read, or one that cannot
    exist (wrong length for its country), is refused with ``invalid_phone``.
    """
    typed = (value or "").strip()
    if not typed:
        return None
    number = _parse_phone(typed, region)
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def phone_display(e164: str | None, region: str | None) -> str | None:
    """How a stored number is shown: national form at home, international otherwise.

    "At home" compares country calling codes, so a desk in Canada shows a US number in
    the (416) 555-0100 style too, as people in the North American plan write them.
    Answers are remembered (phonenumbers takes about a tenth of a millisecond a number,
    five milliseconds for a page of results typed letter by letter).
    """
    if not e164:
        return None
    return _phone_display(e164, region)


@functools.lru_cache(maxsize=20_000)
def _phone_display(e164: str, region: str | None) -> str:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164  # not written by this module; show it as stored
    home = phonenumbers.country_code_for_region(region) if region else 0
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home and number.country_code == home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return str(phonenumbers.format_number(number, style))


def normalise_email(value: str | None) -> str | None:
    """The address as email-validator normalises it (domain lower-cased); blank is None.

    Deliverability is not checked: that needs the network, and a desk must work offline.
    """
    typed = (value or "").strip()
    if not typed:
        return None
    try:
        result = validate_email(typed, check_deliverability=False)
    except EmailNotValidError as exc:
        raise BookingError(
            "invalid_email", f"'{typed}' is not a valid e-mail address: {exc}"
        ) from exc
    return str(result.normalized)


def normalise_notes(value: str | None) -> str | None:
    notes = (value or "").strip()
    return notes or None


def normalise_fields(values: Mapping[str, Any] | None) -> dict[str, str]:
    """Custom fields as stored: names trimmed and unique, blank values dropped."""
    out: dict[str, str] = {}
    for raw_name, raw_value in (values or {}).items():
        name = _SPACES.sub(" ", str(raw_name)).strip()
        if not name:
            raise BookingError("invalid_field", "A custom field needs a name.")
        if len(name) > FIELD_NAME_MAX:
            raise BookingError(
                "invalid_field",
                f"The custom field name '{name[:40]}...' is longer than "
                f"{FIELD_NAME_MAX} characters.",
            )
        value = "" if raw_value is None else str(raw_value).strip()
        if value:
            out[name] = value
    return out


def search_text_for(name: str, phone: str | None, email: str | None) -> str:
    """The derived ``search_text`` column: folded name, phone digits, folded e-mail.

    Folded (lower-case, accent-free) so that search ignores case and accents. The name
    comes first so that "the name starts with the query" is a prefix test. Two spaces
    lead (they occur nowhere else, since fold leaves single spaces) and one space ends
    it: that lets the SQLite trigram index answer one- and two-letter queries ("  m" is
    the trigram of names starting with m; every two-letter run starts some trigram)
    and puts a space before the first word as before every other. A phone contributes
    its E.164 digits and its national digits (with the trunk prefix too where the
    country has one, e.g. 0612345678 in France), so "416 555", "555 0100" and "+1 416"
    all find +14165550100.
    """
    parts = [fold(name)]
    if phone:
        digits = [phone.lstrip("+")]
        try:
            number = phonenumbers.parse(phone, None)
        except phonenumbers.NumberParseException:
            number = None
        if number is not None:
            national = str(phonenumbers.national_significant_number(number))
            formatted = str(
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
            )
            digits.append(national)
            digits.append("".join(ch for ch in formatted if ch.isdigit()))
        parts.extend(dict.fromkeys(d for d in digits if d))
    if email:
        parts.append(fold(email))
    return SEARCH_PAD + " ".join(parts) + " "


# -- the rules in force -------------------------------------------------------------------

REQUIREMENT_MESSAGES: Final = {
    "email": "An e-mail address is required for every customer.",
    "phone": "A phone number is required for every customer.",
    "both": "Both a phone number and an e-mail address are required for every customer.",
    "either": "A phone number or an e-mail address is required for every customer.",
}


def default_region(session: Session) -> str | None:
    """The country whose numbers may be typed without +: setting, else the branch's.

    The ``phone_region`` setting wins. Without it, the branches' country is used when
    they agree on one (one branch, or several in the same country); with none or with
    several countries there is no sensible default and only +international numbers parse.
    """
    value = settings.get(session, settings.PHONE_REGION)
    if value:
        region = str(value).strip().upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise BookingError(
                "invalid_setting",
                f"The phone_region setting {value!r} is not a known two-letter country code.",
            )
        return region
    countries = {
        str(c).strip().upper()
        for c in session.scalars(select(Branch.country).where(Branch.country.is_not(None)))
        if c and str(c).strip()
    }
    if len(countries) == 1:
        region = countries.pop()
        return region if region in phonenumbers.SUPPORTED_REGIONS else None
    return None


@dataclass(frozen=True)
class ContactRules:
    """What a customer record must satisfy right now: read once per use case or import."""

    region: str | None
    requirement: str

    @classmethod
    def load(cls, session: Session) -> ContactRules:
        requirement = str(settings.get(session, settings.CONTACT_REQUIREMENT))
        if requirement not in settings.CONTACT_CHOICES:
            raise BookingError(
                "invalid_setting",
                f"The contact_requirement setting {requirement!r} is not one of "
                f"{', '.join(settings.CONTACT_CHOICES)}.",
            )
        return cls(region=default_region(session), requirement=requirement)

    def check_contact(self, phone: str | None, email: str | None) -> None:
        missing = {
            "email": not email,
            "phone": not phone,
            "both": not (phone and email),
            "either": not (phone or email),
            "none": False,
        }[self.requirement]
        if missing:
            raise BookingError("missing_contact", REQUIREMENT_MESSAGES[self.requirement])


@dataclass(frozen=True)
class CustomerData:
    """A customer's values after validation, in their stored forms."""

    name: str
    phone: str | None
    email: str | None
    notes: str | None
    fields: dict[str, str]

    @property
    def search_text(self) -> str:
        return search_text_for(self.name, self.phone, self.email)


def validate_customer(
    rules: ContactRules,
    *,
    name: str | None,
    phone: str | None = None,
    email: str | None = None,
    notes: str | None = None,
    fields: Mapping[str, Any] | None = None,
) -> CustomerData:
    """Check and normalise one customer's values; the first problem raises BookingError.

    Shared by add_customer and the importers, so that a file row is judged exactly like
    a customer typed in the desk window (update_customer uses the same normalisers).
    """
    data = CustomerData(
        name=normalise_name(name),
        phone=normalise_phone(phone, rules.region),
        email=normalise_email(email),
        notes=normalise_notes(notes),
        fields=normalise_fields(fields),
    )
    rules.check_contact(data.phone, data.email)
    return data


# -- reading ------------------------------------------------------------------------------


def snapshot(customer: Customer) -> dict[str, Any]:
    """The audit form of a customer: its user-visible values, JSON-safe."""
    return {
        "id": customer.id,
        "name": customer.name,
        "phone": customer.phone,
        "email": customer.email,
        "notes": customer.notes,
        "fields": dict(customer.fields or {}),
    }


def customer_to_json(customer: Customer, region: str | None) -> dict[str, Any]:
    """The JSON shape of a customer used by the CLI (and any other machine reader)."""
    return {
        "id": customer.id,
        "name": customer.name,
        "phone": customer.phone,
        "phone_display": phone_display(customer.phone, region),
        "email": customer.email,
        "notes": customer.notes,
        "fields": dict(customer.fields or {}),
        "created_at": customer.created_at.isoformat() if customer.created_at else None,
        "updated_at": customer.updated_at.isoformat() if customer.updated_at else None,
    }


def get_customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound("customer", f"#{customer_id}")
    return customer


def duplicates_of(
    session: Session, phone: str | None, email: str | None, exclude_id: int | None = None
) -> list[int]:
    """Ids of customers with the same phone or the same e-mail (ignoring case)."""
    conditions: list[ColumnElement[bool]] = []
    if phone:
        conditions.append(Customer.phone == phone)
    if email:
        conditions.append(Customer.email == email)
        conditions.append(func.lower(Customer.email) == email.lower())
    if not conditions:
        return []
    query = select(Customer.id).where(or_(*conditions)).order_by(Customer.id)
    if exclude_id is not None:
        query = query.where(Customer.id != exclude_id)
    return list(session.scalars(query))


# -- writing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveResult:
    """A customer just written, with the ids of others it may duplicate (to warn about)."""

    customer: Customer
    duplicates: list[int]


class _Keep:
    """Marker for "leave this value as it is" in update_customer."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()


def add_customer(
    session: Session,
    actor: Actor,
    *,
    now: datetime,
    name: str,
    phone: str | None = None,
    email: str | None = None,
    notes: str | None = None,
    fields: Mapping[str, Any] | None = None,
    rules: ContactRules | None = None,
) -> SaveResult:
    """Create a customer. A duplicate (same phone or e-mail) is allowed but reported."""
    actor.require(CUSTOMERS)
    rules = rules or ContactRules.load(session)
    data = validate_customer(rules, name=name, phone=phone, email=email, notes=notes, fields=fields)
    duplicates = duplicates_of(session, data.phone, data.email)
    customer = _insert(session, data, now)
    audit.record(
        session, actor, now, "customer.add", "customer", customer.id, None, snapshot(customer)
    )
    return SaveResult(customer, duplicates)


def _insert(session: Session, data: CustomerData, now: datetime) -> Customer:
    customer = Customer(
        name=data.name,
        phone=data.phone,
        email=data.email,
        notes=data.notes,
        fields=data.fields,
        search_text=data.search_text,
        created_at=now,
        updated_at=now,
    )
    session.add(customer)
    session.flush()
    return customer


def update_customer(
    session: Session,
    actor: Actor,
    customer_id: int,
    *,
    now: datetime,
    name: str | _Keep = KEEP,
    phone: str | _Keep | None = KEEP,
    email: str | _Keep | None = KEEP,
    notes: str | _Keep | None = KEEP,
    fields: Mapping[str, Any] | _Keep | None = KEEP,
) -> SaveResult:
    """Change some of a customer's values (KEEP leaves one alone; None or "" clears it).

    ``fields`` replaces the whole set of custom fields. Only the values given are
    validated (a number stored years ago is not re-judged when the name is corrected),
    but the contact requirement is checked on the result, so clearing the only contact
    detail the rules require is refused.
    """
    actor.require(CUSTOMERS)
    customer = get_customer(session, customer_id)
    before = snapshot(customer)
    rules = ContactRules.load(session)
    data = CustomerData(
        name=customer.name if isinstance(name, _Keep) else normalise_name(name),
        phone=customer.phone if isinstance(phone, _Keep) else normalise_phone(phone, rules.region),
        email=customer.email if isinstance(email, _Keep) else normalise_email(email),
        notes=customer.notes if isinstance(notes, _Keep) else normalise_notes(notes),
        fields=dict(customer.fields or {})
        if isinstance(fields, _Keep)
        else normalise_fields(fields),
    )
    rules.check_contact(data.phone, data.email)
    _assign(customer, data)
    after = snapshot(customer)
    if after != before:
        customer.updated_at = now
        session.flush()
        audit.record(session, actor, now, "customer.update", "customer", customer.id, before, after)
    return SaveResult(customer, duplicates_of(session, data.phone, data.email, customer.id))


def _assign(customer: Customer, data: CustomerData) -> None:
    customer.name = data.name
    customer.phone = data.phone
    customer.email = data.email
    customer.notes = data.notes
    customer.fields = data.fields
    customer.search_text = data.search_text


def delete_customer(session: Session, actor: Actor, customer_id: int, *, now: datetime) -> None:
    """Remove a customer who has never had an appointment (history is never orphaned)."""
    actor.require(CUSTOMERS)
    customer = get_customer(session, customer_id)
    count = session.scalar(
        select(func.count()).select_from(Appointment).where(Appointment.customer_id == customer.id)
    )
    if count:
        raise BookingError(
            "customer_has_appointments",
            f"{customer.name} has {count} appointment(s) and cannot be deleted; "
            "merge the record into another instead.",
        )
    before = snapshot(customer)
    session.delete(customer)
    session.flush()
    audit.record(session, actor, now, "customer.delete", "customer", customer_id, before, None)


@dataclass(frozen=True)
class MergeResult:
    customer: Customer
    merged_id: int
    moved_appointments: list[int]


def merge_customers(
    session: Session, actor: Actor, keep_id: int, other_id: int, *, now: datetime
) -> MergeResult:
    """Fold ``other_id`` into ``keep_id`` and delete it.

    The other's appointments move to the kept record (their status history is keyed by
    appointment, so it moves with them; their version is bumped so a desk holding a stale
    copy cannot silently write the old customer back). The kept record's empty phone and
    e-mail are filled from the other, notes are appended, custom fields merged with the
    kept record's values winning. One audit entry holds both records before and the
    result after.
    """
    actor.require(CUSTOMERS)
    if keep_id == other_id:
        raise BookingError("merge_same", "A customer cannot be merged with itself.")
    keep = get_customer(session, keep_id)
    other = get_customer(session, other_id)
    before = {"kept": snapshot(keep), "merged": snapshot(other)}

    moved = list(
        session.scalars(
            select(Appointment.id)
            .where(Appointment.customer_id == other.id)
            .order_by(Appointment.id)
        )
    )
    if moved:
        session.execute(
            update(Appointment)
            .where(Appointment.customer_id == other.id)
            .values(customer_id=keep.id, version=Appointment.version + 1, updated_at=now)
            .execution_options(synchronize_session="fetch")
        )
    notes = keep.notes
    if other.notes and other.notes != keep.notes:
        notes = f"{keep.notes}\n\n{other.notes}" if keep.notes else other.notes
    data = CustomerData(
        name=keep.name,
        phone=keep.phone or other.phone,
        email=keep.email or other.email,
        notes=notes,
        fields={**(other.fields or {}), **(keep.fields or {})},
    )
    session.delete(other)
    session.flush()
    _assign(keep, data)
    keep.updated_at = now
    session.flush()
    after = {**snapshot(keep), "moved_appointments": moved}
    audit.record(session, actor, now, "customer.merge", "customer", keep.id, before, after)
    return MergeResult(keep, other_id, moved)


# -- duplicates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateGroup:
    """Customers linked by a shared phone or e-mail (directly or through one another)."""

    ids: list[int]
    #: What links them: ("phone", "+14165550100"), ("email", "a@example.com").
    shared: list[tuple[str, str]] = field(default_factory=list)


def find_duplicates(session: Session) -> list[DuplicateGroup]:
    """Every group of two or more customers sharing a phone or an e-mail (case-blind).

    Links chain: if A shares a phone with B and B an e-mail with C, all three are one
    group, because merging them is one decision. Groups come smallest id first.
    """
    rows = session.execute(
        select(Customer.id, Customer.phone, Customer.email).where(
            or_(Customer.phone.is_not(None), Customer.email.is_not(None))
        )
    ).all()
    by_key: dict[tuple[str, str], list[int]] = {}
    for cid, phone, email in rows:
        if phone:
            by_key.setdefault(("phone", phone), []).append(cid)
        if email:
            by_key.setdefault(("email", email.casefold()), []).append(cid)
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    shared_keys = {k: ids for k, ids in by_key.items() if len(ids) > 1}
    for ids in shared_keys.values():
        first = root(ids[0])
        for other in ids[1:]:
            other_root = root(other)
            if other_root != first:
                parent[max(first, other_root)] = min(first, other_root)
                first = min(first, other_root)
    members: dict[int, list[int]] = {}
    for cid in parent:
        members.setdefault(root(cid), []).append(cid)
    keys_of: dict[int, list[tuple[str, str]]] = {}
    for key, ids in shared_keys.items():
        keys_of.setdefault(root(ids[0]), []).append(key)
    return [
        DuplicateGroup(sorted(ids), sorted(keys_of.get(r, [])))
        for r, ids in sorted(members.items())
        if len(ids) > 1
    ]


# -- search -------------------------------------------------------------------------------

_PHONE_LIKE = re.compile(r"[\d\s+\-.()]+")
#: Characters after which a query word counts as starting a word of the customer's: the
#: spaces between words and parts, e-mail dots and the @, hyphenated names.
_WORD_BREAKS = " .@-"
#: The FTS5 table migration 0002 keeps in step with customers.search_text (SQLite only).
_FTS = table("customers_fts", column("rowid", Integer), column("customers_fts", Text))
#: A per-connection view of the FTS5 index's terms (TEMP: nothing is added to the file).
_VOCAB_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.customers_fts_vocab "
    "USING fts5vocab(main, customers_fts, row)"
)


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: the words that must all occur, and the phrase for the name rank."""

    words: tuple[str, ...]
    #: The folded query when it is plain text: names starting with it come first.
    phrase: str | None


def _phone_digits(token: str) -> str | None:
    if _PHONE_LIKE.fullmatch(token) and any(ch.isdigit() for ch in token):
        return "".join(ch for ch in token if ch.isdigit())
    return None


def parse_query(query: str) -> SearchQuery:
    """Split a typed query into folded words.

    A query made only of digits and phone punctuation is one phone number ("(416) 555-01"
    looks for 41655501); inside a text query a phone-like word is reduced to its digits
    too (and then no name can start with the query as typed). Words contained in another
    word are dropped: they cannot narrow the result.
    """
    folded = fold(query)
    if not folded:
        return SearchQuery((), None)
    whole = _phone_digits(folded)
    if whole is not None:
        return SearchQuery((whole,), None)
    words: list[str] = []
    converted = False
    for token in folded.split(" "):
        digits = _phone_digits(token)
        converted = converted or digits is not None
        words.append(token if digits is None else digits)
    unique = list(dict.fromkeys(words))
    kept = tuple(w for w in unique if not any(w != o and w in o for o in unique))
    return SearchQuery(kept, None if converted else folded)


def escape_like(value: str) -> str:
    """Quote LIKE's wildcards (and the escape character) so they match themselves."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_string(value: str) -> str:
    """Text as an FTS5 string: quoted, so operators and punctuation in it are plain text.

    With the trigram tokenizer a quoted string matches wherever it occurs as a substring.
    """
    return '"' + value.replace('"', '""') + '"'


def _fts_any(values: Iterable[str]) -> str:
    return "(" + " OR ".join(_fts_string(v) for v in values) + ")"


def search_order(dialect: str) -> ColumnElement[str]:
    """``search_text`` as the address book is ordered by name: the order of the B-tree
    index of migration 0005 (byte order: SQLite's BINARY, PostgreSQL's "C" collation,
    asked for explicitly so that the database's default collation does not matter)."""
    if dialect == "postgresql":
        return Customer.search_text.collate("C")
    return Customer.search_text.expression


#: Rows at the start of the name order in which a band of matches is looked for first.
#: A band with a match in every 160 rows or so (a letter, a digit, a common name start)
#: is answered there, from the index, by stopping at the limit; a rarer band is then
#: fetched through the search indexes and sorted, which costs little because it is rare.
WALK_ROWS = 8000
#: The longest single word whose bands are walked first: the first keys of a search.
WALK_WORD = 4

#: LIKE patterns a row must match: every group, one pattern of each group.
_Patterns = tuple[tuple[str, ...], ...]


def _matches(text_column: ColumnElement[str], patterns: _Patterns) -> list[ColumnElement[bool]]:
    return [
        or_(*(text_column.like(pattern, escape="\\") for pattern in group)) for group in patterns
    ]


def _starts_patterns(word: str) -> tuple[str, ...]:
    """``word`` follows a space or a break (search_text starts with spaces, so the first
    word counts). A few LIKEs: both databases run them far faster than a GLOB class or a
    regular expression, and pg_trgm can answer each from its index."""
    return tuple(f"%{escape_like(brk + word)}%" for brk in _WORD_BREAKS)


@dataclass(frozen=True)
class _Band:
    """One rank band of results, fetched by name with a LIMIT after the bands before it.

    ``prefix``: the band is "search_text starts with this" (a range of the name index).
    ``patterns``: LIKE tests every row of the band passes; ``walk``: see _band_ids.
    ``fts`` (SQLite): gives the FTS5 expressions (AND-ed) that find the band's rows
    through the trigram index; it answers None when the band is known to be empty.
    """

    prefix: str | None = None
    patterns: _Patterns = ()
    fts: Callable[[], tuple[str, ...] | None] | None = None
    #: Look among the first WALK_ROWS names before asking the search indexes.
    walk: bool = False
    #: Rows meeting these patterns (as ``patterns``) come first: two ranks in one band.
    rank: _Patterns = ()


def _bands(session: Session, search: SearchQuery, dialect: str) -> list[_Band]:
    """The rank bands of a query, best first.

    Ranks: (0) the name starts with the query, (1) every word starts a word of the
    customer's (name, phone number, e-mail part), (2) every word occurs somewhere.
    find_customer_ids fetches band after band and stops once the list is full.

    Rank 0 is a range of the name index (search_text starts with two spaces then the
    name). For a single word of up to WALK_WORD characters, ranks 1 and 2 are two bands,
    each first looked for among the first WALK_ROWS rows in name order (see _band_ids)
    and, when that does not fill the list, fetched through the search indexes. Other
    queries are rare enough to fetch ranks 1 and 2 as one band through the indexes,
    ordered by a CASE (word starts first), in one read.
    PostgreSQL's planner uses pg_trgm's GIN index for the LIKE tests by itself. SQLite
    is told the FTS5 trigram strings: a word of 3+ characters is its own trigram
    string; word starts are the trigrams " ab", ".ab", "@ab", "-ab"; a two-letter word
    anywhere and a one-character word at a word start are the indexed trigrams that
    begin with them, read from the FTS5 vocabulary (search_text ends with a space, so
    every occurrence begins a trigram); a one-character word anywhere has no trigram and
    is a LIKE test on the rows the other words let through.
    """
    words = search.words
    sqlite = dialect == "sqlite"
    # One short word (what the first keys of a search are) is common: many customers
    # have it, so the walk finds the first ones quickly, while the trigram indexes can
    # say little about it. Longer or several words are rare together: straight to the
    # indexes.
    walk = len(words) == 1 and len(words[0]) <= WALK_WORD
    bands: list[_Band] = []
    if search.phrase is not None:
        bands.append(_Band(prefix=SEARCH_PAD + search.phrase))

    def starts_fts() -> tuple[str, ...] | None:
        out: list[str] = []
        for word in words:
            if len(word) >= TRIGRAM - 1:
                out.append(_fts_any(brk + word for brk in _WORD_BREAKS))
                continue
            terms = [t for brk in _WORD_BREAKS for t in _vocabulary(session, brk + word)]
            if not terms:
                return None
            out.append(_fts_any(terms))
        return tuple(out)

    def contains_fts() -> tuple[str, ...] | None:
        out: list[str] = []
        for word in words:
            if len(word) >= TRIGRAM:
                out.append(_fts_string(word))
            elif len(word) == TRIGRAM - 1:
                terms = _vocabulary(session, word)
                if not terms:  # no indexed trigram starts with it: nobody contains it
                    return None
                out.append(_fts_any(terms))
        return tuple(out)

    starts = tuple(_starts_patterns(w) for w in words)
    contains = tuple((f"%{escape_like(w)}%",) for w in words)
    if not walk:
        # Rare words: ranks 1 and 2 in one read through the indexes, word starts first.
        bands.append(_Band(patterns=contains, fts=contains_fts if sqlite else None, rank=starts))
        return bands
    bands.append(_Band(patterns=starts, fts=starts_fts if sqlite else None, walk=True))
    bands.append(_Band(patterns=contains, fts=contains_fts if sqlite else None, walk=True))
    return bands


def _vocabulary(session: Session, start: str) -> list[str]:
    """The FTS5 index's trigrams that begin with ``start`` (one or two characters)."""
    session.execute(text(_VOCAB_DDL))
    high = start[:-1] + chr(ord(start[-1]) + 1)
    return list(
        session.scalars(
            text("SELECT term FROM temp.customers_fts_vocab WHERE term >= :low AND term < :high"),
            {"low": start, "high": high},
        )
    )


def _band_ids(
    session: Session,
    band: _Band,
    seen: list[int],
    limit: int,
    walk_end: Callable[[], str | None],
) -> list[int]:
    """Up to ``limit`` ids of a band in name order, leaving out ``seen``.

    Reaching a band means every row of the bands before it is in ``seen``. A prefix band
    is a range of the name index. A band marked ``walk`` is first looked for among the
    first WALK_ROWS rows in name order, up to ``walk_end()`` (None: the address book is not
    longer than that): a walk of the name index that stops at the limit. If it finds
    ``limit`` rows they are the band's first ones, since every row before them was
    looked at. Otherwise the band is fetched whole through the search indexes and sorted.
    """
    dialect = session.get_bind().dialect.name
    order = search_order(dialect)
    if band.prefix is not None:
        high = band.prefix[:-1] + chr(ord(band.prefix[-1]) + 1)
        statement = select(Customer.id).where(order >= band.prefix, order < high)
        if seen:
            statement = statement.where(Customer.id.not_in(seen))
        return list(session.scalars(statement.order_by(order, Customer.id).limit(limit)))

    if band.walk:
        bound = walk_end()
        walk = select(Customer.id).where(*_matches(Customer.search_text.expression, band.patterns))
        if bound is not None:
            walk = walk.where(order <= bound)
        if seen:
            walk = walk.where(Customer.id.not_in(seen))
        found = list(session.scalars(walk.order_by(order, Customer.id).limit(limit)))
        if len(found) >= limit or bound is None:  # full, or the walk covered everyone
            return found

    statement = select(Customer.id)
    if band.fts is not None:
        fts = band.fts()
        if fts is None:
            return []
        if fts:
            statement = statement.join(_FTS, _FTS.c.rowid == Customer.id).where(
                _FTS.c.customers_fts.op("MATCH")(" AND ".join(fts))
            )
    text_column = Customer.search_text.expression
    statement = statement.where(*_matches(text_column, band.patterns))
    if seen:
        statement = statement.where(Customer.id.not_in(seen))
    first: list[ColumnElement[int]] = []
    if band.rank:
        first.append(case((and_(*_matches(text_column, band.rank)), 0), else_=1))
    return list(session.scalars(statement.order_by(*first, order, Customer.id).limit(limit)))


def find_customers(session: Session, query: str, limit: int = DEFAULT_LIMIT) -> list[Customer]:
    """Customers matching every word of ``query`` in name, phone digits or e-mail.

    Best first: the name starts with the query, then every word starts a word of the
    customer's (name, e-mail part, number), then the rest; ties by name. Case and accents
    are ignored; LIKE wildcards and FTS syntax in the query are plain characters. An
    empty query lists the address book by name.
    """
    return customers_by_ids(session, find_customer_ids(session, query, limit))


def find_customer_ids(session: Session, query: str, limit: int = DEFAULT_LIMIT) -> list[int]:
    """The ids find_customers would return, in its order, without reading the rows.

    For a caller that reads only some columns of the matches (the address book's table)
    or only their ids: one round trip less, and no ORM objects built.
    """
    if limit <= 0:
        return []
    search = parse_query(query)
    dialect = session.get_bind().dialect.name
    if not search.words:
        order = search_order(dialect)
        return list(session.scalars(select(Customer.id).order_by(order, Customer.id).limit(limit)))
    order = search_order(dialect)
    ends: list[str | None] = []

    def walk_end() -> str | None:
        """The name key of the last row of the walk (read once, when first needed)."""
        if not ends:
            ends.append(
                session.scalar(
                    select(order).order_by(order, Customer.id).offset(WALK_ROWS - 1).limit(1)
                )
            )
        return ends[0]

    ids: list[int] = []
    for band in _bands(session, search, dialect):
        ids.extend(_band_ids(session, band, ids, limit - len(ids), walk_end))
        if len(ids) >= limit:
            break
    return ids


def customers_by_ids(session: Session, ids: Iterable[int]) -> list[Customer]:
    """The customers with these ids, in the order given (missing ids are skipped)."""
    wanted = list(ids)
    if not wanted:
        return []
    found = {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(wanted)))}
    return [found[i] for i in wanted if i in found]


__all__: Sequence[str] = (
    "KEEP",
    "ContactRules",
    "CustomerData",
    "DuplicateGroup",
    "MergeResult",
    "SaveResult",
    "SearchQuery",
    "add_customer",
    "customer_to_json",
    "customers_by_ids",
    "default_region",
    "delete_customer",
    "duplicates_of",
    "find_customer_ids",
    "find_customers",
    "find_duplicates",
    "fold",
    "get_customer",
    "merge_customers",
    "normalise_email",
    "normalise_name",
    "normalise_phone",
    "parse_query",
    "phone_display",
    "search_text_for",
    "update_customer",
    "validate_customer",
)
