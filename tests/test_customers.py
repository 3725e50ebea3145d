"""The address book's use cases (app.booking.customers) on SQLite and PostgreSQL.

Validation and normalisation, contact requirements, audit rows, duplicates, merge with
appointments and their history, and search semantics, including a comparison of the
tiered, index-driven search against a plain Python reference on a varied corpus.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.booking import customers as cust
from app.booking import settings
from app.booking.errors import BookingError
from app.booking.permissions import Actor, load_actor
from app.models import (
    Agent,
    Appointment,
    AuditEntry,
    Branch,
    Customer,
    Service,
    Setting,
    StatusDefinition,
    StatusHistory,
)

NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
NOBODY = Actor(7, "guest", "Guest", "viewer", frozenset())


# -- helpers shared with test_customer_io and test_cli_customers ----------------------------


def set_region(session: Session, region: str | None) -> None:
    settings.put(session, settings.PHONE_REGION, region)
    session.flush()


def set_requirement(session: Session, requirement: str) -> None:
    settings.put(session, settings.CONTACT_REQUIREMENT, requirement)
    session.flush()


def audit_rows(session: Session, action: str | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return list(session.scalars(query))


def make_branch(session: Session, *, country: str | None = "CA") -> dict[str, int]:
    """A branch with one service and one agent, enough to hang appointments on."""
    branch = Branch(name=f"Riverside {country}", timezone="America/Toronto", country=country)
    session.add(branch)
    session.flush()
    service = Service(branch_id=branch.id, name="Mortgage advice", duration_min=30)
    agent = Agent(branch_id=branch.id, name="Dana Advisor")
    session.add_all([service, agent])
    session.flush()
    return {"branch": branch.id, "service": service.id, "agent": agent.id}


def make_appointment(
    session: Session, ids: dict[str, int], customer_id: int, start: datetime, status: str
) -> Appointment:
    status_id = session.scalars(
        select(StatusDefinition.id).where(StatusDefinition.key == status)
    ).one()
    appointment = Appointment(
        branch_id=ids["branch"],
        service_id=ids["service"],
        agent_id=ids["agent"],
        customer_id=customer_id,
        start_at=start,
        end_at=start + timedelta(minutes=30),
        block_start=start,
        block_end=start + timedelta(minutes=30),
        status_id=status_id,
        blocking=status != "cancelled",
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(appointment)
    session.flush()
    session.add(
        StatusHistory(
            appointment_id=appointment.id,
            from_status_id=None,
            to_status_id=status_id,
            changed_at=NOW,
            actor="Front desk (desk)",
        )
    )
    session.flush()
    return appointment


def add(session: Session, name: str, **values: Any) -> Customer:
    return cust.add_customer(session, load_actor(session), now=NOW, name=name, **values).customer


# -- normalising what people type (no database) -----------------------------------------


def test_fold_drops_case_accents_and_extra_spaces() -> None:
    assert cust.fold("  Éloïse   LÉVÊQUE ") == "eloise leveque"
    assert cust.fold("Søren Øvergaard-Łukasz") == "soren overgaard-lukasz"
    assert cust.fold("Straße") == "strasse"


def test_names_are_trimmed_required_and_bounded() -> None:
    assert cust.normalise_name("  Jean   Roy ") == "Jean Roy"
    assert cust.normalise_name("x" * 200) == "x" * 200
    for bad in ("", "   ", None, "x" * 201):
        with pytest.raises(BookingError) as err:
            cust.normalise_name(bad)
        assert err.value.code == "invalid_name"


@pytest.mark.parametrize(
    ("typed", "region", "stored"),
    [
        ("416 555 0100", "CA", "+14165550100"),
        ("(416) 555-0100", "CA", "+14165550100"),
        ("+1 416-555-0100", None, "+14165550100"),
        ("+44 20 7946 0958", "CA", "+442079460958"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("  ", "CA", None),
        (None, None, None),
    ],
)
def test_phones_are_stored_in_e164(typed: str | None, region: str | None, stored: str) -> None:
    assert cust.normalise_phone(typed, region) == stored


@pytest.mark.parametrize(
    ("typed", "region", "hint"),
    [
        ("555-0100", "CA", "not a valid phone number"),
        ("call me", "CA", "not a valid phone number"),
        ("+1 416 555", None, "not a valid phone number"),
        ("416 555 0100", None, "must start with + and the country code"),
    ],
)
def test_bad_phones_are_refused_quoting_what_was_typed(
    typed: str, region: str | None, hint: str
) -> None:
    with pytest.raises(BookingError) as err:
        cust.normalise_phone(typed, region)
    assert err.value.code == "invalid_phone"
    assert f"'{typed}'" in err.value.message
    assert hint in err.value.message


def test_phones_show_national_at_home_and_international_elsewhere() -> None:
    assert cust.phone_display("+14165550100", "CA") == "(416) 555-0100"
    assert cust.phone_display("+12125550100", "CA") == "(212) 555-0100"  # same plan (+1)
    assert cust.phone_display("+33612345678", "CA") == "+33 6 12 34 56 78"
    assert cust.phone_display("+33612345678", "FR") == "06 12 34 56 78"
    assert cust.phone_display("+14165550100", None) == "+1 416-555-0100"
    assert cust.phone_display(None, "CA") is None


def test_emails_keep_the_local_part_and_lower_case_the_domain() -> None:
    assert cust.normalise_email(" Jose.Garcia@Example.COM ") == "Jose.Garcia@example.com"
    assert cust.normalise_email("") is None
    for bad in ("jose@", "jose.example.com", "jose@localhost", "a b@example.com"):
        with pytest.raises(BookingError) as err:
            cust.normalise_email(bad)
        assert err.value.code == "invalid_email"
        assert f"'{bad}'" in err.value.message


def test_search_text_holds_folded_name_phone_digits_and_email() -> None:
    text = cust.search_text_for("Éloïse Lévêque", "+33612345678", "E.Leveque@Example.org")
    assert text == "  eloise leveque 33612345678 612345678 0612345678 e.leveque@example.org "
    assert cust.search_text_for("Bob", None, None) == "  bob "
    assert cust.search_text_for("Ann Roy", "+14165550100", None) == (
        "  ann roy 14165550100 4165550100 "
    )


def test_queries_split_into_folded_words_and_phone_digits() -> None:
    assert cust.parse_query(" Jean  TR ") == cust.SearchQuery(("jean", "tr"), "jean tr")
    assert cust.parse_query("(416) 555-01") == cust.SearchQuery(("41655501",), None)
    assert cust.parse_query("roy 555-0100") == cust.SearchQuery(("roy", "5550100"), None)
    assert cust.parse_query("mar martin") == cust.SearchQuery(("martin",), "mar martin")
    assert cust.parse_query("   ") == cust.SearchQuery((), None)


# -- the rules in force ---------------------------------------------------------------------


def test_region_comes_from_the_setting_else_from_the_branches(session: Session) -> None:
    assert cust.default_region(session) is None
    make_branch(session, country="CA")
    assert cust.default_region(session) == "CA"
    session.add(Branch(name="Uptown", timezone="America/Toronto", country="CA"))
    session.flush()
    assert cust.default_region(session) == "CA"  # several branches, one country
    session.add(Branch(name="Lyon", timezone="Europe/Paris", country="FR"))
    session.flush()
    assert cust.default_region(session) is None
    set_region(session, "fr")
    assert cust.default_region(session) == "FR"
    # A value stored by hand (or by an older version) that names no known country.
    stored = session.scalars(select(Setting).where(Setting.key == settings.PHONE_REGION)).one()
    stored.value = "XX"
    session.flush()
    with pytest.raises(BookingError) as err:
        cust.default_region(session)
    assert err.value.code == "invalid_setting"


def test_local_numbers_are_read_in_the_branch_country(session: Session) -> None:
    make_branch(session, country="CA")
    customer = add(session, "Ann Roy", phone="416 555 0100")
    assert customer.phone == "+14165550100"


@pytest.mark.parametrize(
    ("requirement", "phone", "email", "ok"),
    [
        ("either", "+14165550100", None, True),
        ("either", None, "a@example.com", True),
        ("either", None, None, False),
        ("phone", None, "a@example.com", False),
        ("phone", "+14165550100", None, True),
        ("email", "+14165550100", None, False),
        ("email", None, "a@example.com", True),
        ("both", "+14165550100", None, False),
        ("both", "+14165550100", "a@example.com", True),
        ("none", None, None, True),
    ],
)
def test_contact_requirement_is_enforced_on_add(
    session: Session, requirement: str, phone: str | None, email: str | None, ok: bool
) -> None:
    set_requirement(session, requirement)
    if ok:
        assert add(session, "Ann Roy", phone=phone, email=email).id
        return
    with pytest.raises(BookingError) as err:
        add(session, "Ann Roy", phone=phone, email=email)
    assert err.value.code == "missing_contact"
    assert session.scalar(select(func.count()).select_from(Customer)) == 0


def test_contact_requirement_is_enforced_on_update(session: Session) -> None:
    customer = add(session, "Ann Roy", email="ann@example.com")
    actor = load_actor(session)
    with pytest.raises(BookingError) as err:
        cust.update_customer(session, actor, customer.id, now=NOW, email=None)
    assert err.value.code == "missing_contact"
    set_requirement(session, "none")
    cust.update_customer(session, actor, customer.id, now=NOW, email="")
    assert customer.email is None


# -- add, update, delete ---------------------------------------------------------------------


def test_add_stores_normal_forms_and_writes_an_audit_row(session: Session) -> None:
    actor = load_actor(session)
    result = cust.add_customer(
        session,
        actor,
        now=NOW,
        name="  Éloïse   Lévêque ",
        phone="+1 (416) 555-0100",
        email="Eloise@Example.COM",
        notes="  prefers mornings ",
        fields={" Member no ": " 123 ", "Empty": "  "},
    )
    c = result.customer
    assert (c.name, c.phone, c.email, c.notes) == (
        "Éloïse Lévêque",
        "+14165550100",
        "Eloise@example.com",
        "prefers mornings",
    )
    assert c.fields == {"Member no": "123"}
    assert c.search_text == "  eloise leveque 14165550100 4165550100 eloise@example.com "
    assert c.created_at == NOW
    assert result.duplicates == []
    [entry] = audit_rows(session)
    assert (entry.action, entry.entity_type, entry.entity_id) == ("customer.add", "customer", c.id)
    assert (entry.user_id, entry.actor, entry.at) == (actor.user_id, actor.label, NOW)
    assert entry.before is None
    assert entry.after == cust.snapshot(c)


def test_add_reports_duplicates_by_phone_or_email_ignoring_case(session: Session) -> None:
    first = add(session, "Ann Roy", phone="+14165550100")
    second = add(session, "Bob Roy", email="Bob@Example.com")
    result = cust.add_customer(
        session,
        load_actor(session),
        now=NOW,
        name="Ann R.",
        phone="+1 416 555 0100",
        email="bob@example.com",
    )
    assert result.duplicates == [first.id, second.id]
    assert result.customer.id not in result.duplicates


def test_writes_need_the_customers_permission(session: Session) -> None:
    customer = add(session, "Ann Roy", phone="+14165550100")
    attempts = [
        lambda: cust.add_customer(session, NOBODY, now=NOW, name="X", phone="+14165550101"),
        lambda: cust.update_customer(session, NOBODY, customer.id, now=NOW, name="Y"),
        lambda: cust.delete_customer(session, NOBODY, customer.id, now=NOW),
        lambda: cust.merge_customers(session, NOBODY, customer.id, customer.id + 1, now=NOW),
    ]
    for attempt in attempts:
        with pytest.raises(BookingError) as err:
            attempt()
        assert err.value.code == "permission_denied"
        assert "customers.edit" in err.value.message
    assert session.scalar(select(func.count()).select_from(Customer)) == 1
    assert len(audit_rows(session)) == 1


def test_update_changes_only_what_is_given_and_audits_before_and_after(session: Session) -> None:
    customer = add(session, "Ann Roy", phone="+14165550100", notes="old")
    before = cust.snapshot(customer)
    later = NOW + timedelta(hours=1)
    result = cust.update_customer(
        session, load_actor(session), customer.id, now=later, email="ANN@EXAMPLE.COM"
    )
    assert result.customer.phone == "+14165550100"
    assert result.customer.notes == "old"
    assert result.customer.email == "ANN@example.com"
    assert result.customer.updated_at == later
    assert "ann@example.com" in result.customer.search_text
    entry = audit_rows(session, "customer.update")[0]
    assert entry.before == before
    assert entry.after == cust.snapshot(customer)
    # Nothing changed: nothing audited.
    cust.update_customer(session, load_actor(session), customer.id, now=later, name="Ann Roy")
    assert len(audit_rows(session, "customer.update")) == 1


def test_update_judges_only_the_values_given(session: Session) -> None:
    customer = add(session, "Ann Roy", phone="+14165550100")
    customer.phone = "+1555"  # stored long ago, no longer a valid number
    session.flush()
    actor = load_actor(session)
    cust.update_customer(session, actor, customer.id, now=NOW, name="Ann Roy-Smith")
    assert (customer.name, customer.phone) == ("Ann Roy-Smith", "+1555")
    with pytest.raises(BookingError) as err:
        cust.update_customer(session, actor, customer.id, now=NOW, phone="+1 555")
    assert err.value.code == "invalid_phone"


def test_update_refuses_bad_values_and_unknown_ids(session: Session) -> None:
    customer = add(session, "Ann Roy", phone="+14165550100")
    actor = load_actor(session)
    with pytest.raises(BookingError) as err:
        cust.update_customer(session, actor, customer.id, now=NOW, name=" ")
    assert err.value.code == "invalid_name"
    with pytest.raises(BookingError) as err:
        cust.update_customer(session, actor, customer.id + 99, now=NOW, name="X")
    assert err.value.code == "not_found"
    assert customer.name == "Ann Roy"


def test_delete_only_without_appointments(session: Session) -> None:
    ids = make_branch(session)
    keep = add(session, "Ann Roy", phone="+14165550100")
    gone = add(session, "Bob Roy", phone="+14165550101")
    make_appointment(session, ids, keep.id, NOW + timedelta(days=1), "confirmed")
    actor = load_actor(session)
    cust.delete_customer(session, actor, gone.id, now=NOW)
    assert session.get(Customer, gone.id) is None
    entry = audit_rows(session, "customer.delete")[0]
    assert (entry.entity_id, entry.after, entry.before["name"]) == (gone.id, None, "Bob Roy")
    with pytest.raises(BookingError) as err:
        cust.delete_customer(session, actor, keep.id, now=NOW)
    assert err.value.code == "customer_has_appointments"


# -- duplicates and merge --------------------------------------------------------------------


def test_duplicate_groups_chain_phone_and_email_links(session: Session) -> None:
    a = add(session, "Ann Roy", phone="+14165550100")
    b = add(session, "Ann R", phone="+14165550100", email="ann@example.com")
    c = add(session, "A. Roy", email="ANN@example.com")
    d = add(session, "Bob", phone="+14165550199")
    e = add(session, "Bobby", phone="+14165550199")
    add(session, "Carl", phone="+14165550111")
    groups = cust.find_duplicates(session)
    assert [g.ids for g in groups] == [[a.id, b.id, c.id], [d.id, e.id]]
    assert groups[0].shared == [("email", "ann@example.com"), ("phone", "+14165550100")]
    assert groups[1].shared == [("phone", "+14165550199")]


def test_merge_moves_appointments_with_their_history(session: Session) -> None:
    ids = make_branch(session)
    keep = add(session, "Ann Roy", email="ann@example.com", notes="VIP", fields={"Tier": "gold"})
    other = add(
        session,
        "Ann R",
        phone="+14165550100",
        email="other@example.com",
        notes="Speaks French",
        fields={"Tier": "silver", "Member no": "42"},
    )
    kept_appointment = make_appointment(session, ids, keep.id, NOW + timedelta(days=1), "confirmed")
    moved = [
        make_appointment(session, ids, other.id, NOW + timedelta(days=2), "confirmed"),
        make_appointment(session, ids, other.id, NOW - timedelta(days=3), "completed"),
    ]
    versions = {a.id: a.version for a in moved}
    other_id = other.id
    later = NOW + timedelta(minutes=5)

    result = cust.merge_customers(session, load_actor(session), keep.id, other_id, now=later)

    assert result.merged_id == other_id
    assert result.moved_appointments == sorted(a.id for a in moved)
    assert session.get(Customer, other_id) is None
    merged = result.customer
    assert merged.id == keep.id
    assert (merged.phone, merged.email) == ("+14165550100", "ann@example.com")
    assert merged.notes == "VIP\n\nSpeaks French"
    assert merged.fields == {"Tier": "gold", "Member no": "42"}
    assert "14165550100" in merged.search_text
    assert merged.updated_at == later
    session.expire_all()
    owned = session.scalars(
        select(Appointment.id).where(Appointment.customer_id == keep.id).order_by(Appointment.id)
    ).all()
    assert owned == sorted([kept_appointment.id, *versions])
    for appointment_id, version in versions.items():
        appointment = session.get(Appointment, appointment_id)
        assert appointment is not None
        assert appointment.version == version + 1
        assert [h.appointment_id for h in appointment.history] == [appointment_id]
    [entry] = audit_rows(session, "customer.merge")
    assert entry.entity_id == keep.id
    assert entry.before is not None
    assert entry.after is not None
    assert entry.before["merged"]["id"] == other_id
    assert entry.after["moved_appointments"] == result.moved_appointments


def test_merge_keeps_filled_values_and_refuses_self_and_missing(session: Session) -> None:
    keep = add(session, "Ann Roy", phone="+14165550100", email="ann@example.com")
    other = add(session, "Ann R", phone="+14165550199", email="ann.r@example.com")
    actor = load_actor(session)
    for keep_id, other_id, code in [
        (keep.id, keep.id, "merge_same"),
        (keep.id, 999_999, "not_found"),
        (999_999, other.id, "not_found"),
    ]:
        with pytest.raises(BookingError) as err:
            cust.merge_customers(session, actor, keep_id, other_id, now=NOW)
        assert err.value.code == code
    assert audit_rows(session, "customer.merge") == []
    result = cust.merge_customers(session, actor, keep.id, other.id, now=NOW)
    assert (result.customer.phone, result.customer.email) == ("+14165550100", "ann@example.com")
    assert result.moved_appointments == []


# -- search --------------------------------------------------------------------------------


def names(found: list[Customer]) -> list[str]:
    return [c.name for c in found]


@pytest.fixture
def book(session: Session) -> Session:
    rows = [
        ("Jean Tremblay", "+14165550100", "jean.tremblay@example.com"),
        ("Éloïse Lévêque", "+33612345678", "eloise@example.org"),
        ("Marc-André Côté", "+15145550123", None),
        ("Tremblay Jeanne", None, "jt@videotron.ca"),
        ("Anne Martin", "+14165550199", "anne.martin@example.com"),
        ("Pierre Lemartin", None, "pierre@example.com"),
        ("100% Plomberie", "+14165550111", None),
        ("A_B Conseil", None, "ab@example.com"),
        ("AxB Conseil", None, "axb@example.com"),
        ('Quote "NEAR" AND OR*', None, "q@example.com"),
    ]
    for name, phone, email in rows:
        add(session, name, phone=phone, email=email)
    return session


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mbla", ["Jean Tremblay", "Tremblay Jeanne"]),
        ("eloise", ["Éloïse Lévêque"]),
        ("ÉLOÏSE lév", ["Éloïse Lévêque"]),
        ("cote", ["Marc-André Côté"]),
        ("andre", ["Marc-André Côté"]),
        ("jean tr", ["Jean Tremblay", "Tremblay Jeanne"]),
        ("jean zz", []),
        ("416 555", ["100% Plomberie", "Anne Martin", "Jean Tremblay"]),
        ("555 0100", ["Jean Tremblay"]),
        ("(416) 555-0100", ["Jean Tremblay"]),
        ("+1 416", ["100% Plomberie", "Anne Martin", "Jean Tremblay"]),
        ("06 12 34", ["Éloïse Lévêque"]),
        ("videotron", ["Tremblay Jeanne"]),
        ("@example.org", ["Éloïse Lévêque"]),
        ("%", ["100% Plomberie"]),
        ("a_b", ["A_B Conseil"]),
        ("_", ["A_B Conseil"]),
        ('"near"', ['Quote "NEAR" AND OR*']),
        ("and or*", ['Quote "NEAR" AND OR*']),
        ("or*", ['Quote "NEAR" AND OR*']),
        ("NEAR(", []),
        ("^jean", []),
        ("xyzzy", []),
    ],
)
def test_search_matches_any_part_of_name_digits_or_email(
    book: Session, query: str, expected: list[str]
) -> None:
    assert sorted(names(cust.find_customers(book, query))) == sorted(expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Name starts with the query, then word starts (by name), then the rest (by name).
        ("martin", ["Anne Martin", "Pierre Lemartin"]),
        ("tr", ["Tremblay Jeanne", "Jean Tremblay"]),
        ("jean", ["Jean Tremblay", "Tremblay Jeanne"]),
        (
            "an",
            [
                "Anne Martin",
                "Marc-André Côté",
                'Quote "NEAR" AND OR*',
                "Jean Tremblay",
                "Tremblay Jeanne",
            ],
        ),
        ("e", ["Éloïse Lévêque", "A_B Conseil", "Anne Martin", "AxB Conseil"]),
        ("ma", ["Marc-André Côté", "Anne Martin", "Pierre Lemartin"]),
        ("om", ["100% Plomberie", "A_B Conseil", "Anne Martin", "AxB Conseil"]),
        ("5550", ["100% Plomberie", "Anne Martin", "Jean Tremblay", "Marc-André Côté"]),
    ],
)
def test_search_ranks_name_start_then_word_start_then_the_rest(
    book: Session, query: str, expected: list[str]
) -> None:
    found = names(cust.find_customers(book, query))
    assert found[: len(expected)] == expected
    assert found == reference_search(all_customers(book), query, 1000)


def test_two_letter_words_found_at_the_very_end_and_mid_word(book: Session) -> None:
    # "om" only occurs inside "plomberie" and at the end of ".com" addresses.
    found = names(cust.find_customers(book, "om"))
    assert "100% Plomberie" in found
    assert "Jean Tremblay" in found  # jean.tremblay@example.com
    assert "Marc-André Côté" not in found


def test_search_limit_and_empty_query(book: Session) -> None:
    assert len(cust.find_customers(book, "e", limit=3)) == 3
    assert cust.find_customers(book, "e", limit=0) == []
    everyone = names(cust.find_customers(book, "  "))
    assert everyone[:3] == ["100% Plomberie", "A_B Conseil", "Anne Martin"]
    assert len(everyone) == 10


def test_search_follows_updates_and_deletes(book: Session) -> None:
    actor = load_actor(book)
    [jean] = cust.find_customers(book, "jean.tremblay")
    cust.update_customer(book, actor, jean.id, now=NOW, name="Jean Gagnon", email=None)
    assert cust.find_customers(book, "jean.tremblay") == []
    assert names(cust.find_customers(book, "gagnon")) == ["Jean Gagnon"]
    cust.delete_customer(book, actor, jean.id, now=NOW)
    assert cust.find_customers(book, "gagnon") == []


# -- the tiered search against a plain reference ----------------------------------------------


def all_customers(session: Session) -> list[Customer]:
    return list(session.scalars(select(Customer)))


def reference_search(customers: list[Customer], query: str, limit: int) -> list[str]:
    """What find_customers must return, computed the obvious way in Python."""
    search = cust.parse_query(query)
    ranked = []
    for c in customers:
        text = c.search_text
        if not all(w in text for w in search.words):
            continue
        if search.phrase is not None and text.startswith(cust.SEARCH_PAD + search.phrase):
            rank = 0
        elif all(any(b + w in text for b in cust._WORD_BREAKS) for w in search.words):
            rank = 1
        else:
            rank = 2
        ranked.append((rank if search.words else 0, text, c.id, c.name))
    return [name for *_key, name in sorted(ranked)[:limit]]


def _corpus(rng: random.Random) -> list[tuple[str, str | None, str | None]]:
    firsts = "Jean Jeanne Éloïse Zoé Marc Marc-André Anne Ann Léa Luc Noé Ève Al Bo Yu".split()
    lasts = "Tremblay Côté Roy Martin Lemartin O'Brien Ng Li Øvergaard St-Pierre Ma".split()
    domains = ["example.com", "example.org", "videotron.ca", "mail.example.net"]
    rows = []
    for i in range(140):
        name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        phone = None
        if rng.random() < 0.7:
            phone = f"+1{rng.choice(['416', '514', '613'])}555{rng.randrange(10_000):04d}"
        if rng.random() < 0.1:
            phone = f"+336123{rng.randrange(10_000, 99_999)}"
        email = None
        if rng.random() < 0.7 or phone is None:
            local = cust.fold(name).replace(" ", rng.choice([".", "_", ""])).replace("'", "")
            email = f"{local}{i}@{rng.choice(domains)}"
        rows.append((name, phone, email))
    return rows


def test_tiered_search_agrees_with_the_reference(session: Session) -> None:
    rng = random.Random(20261123)
    set_requirement(session, "none")
    for name, phone, email in _corpus(rng):
        add(session, name, phone=phone, email=email)
    customers = all_customers(session)
    texts = [c.search_text.strip() for c in customers]
    queries = ["e", "a", "ma", "ea", "om", "'b", "st-p", "o'b", "-", ".", "@", "q", "zz", "555"]
    for _ in range(120):
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        queries.append(text[start : start + rng.choice([1, 2, 2, 3, 4, 6])])
    queries += ["jean tr", "an ma", "e a", "ma 514", "lea 613 555", "zo e", "l ea"]
    for query in queries:
        for limit in (1000, 7, 1):
            expected = reference_search(customers, query, limit)
            found = names(cust.find_customers(session, query, limit))
            assert found == expected, (query, limit)
