"""Page languages and language items: defaults in English and French (Canada), the choice
of language, per-service overrides, and the desk's save/remove functions."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from app.booking.errors import BookingError
from app.booking.permissions import SYSTEM, Actor
from app.models import AuditEntry, LanguageItem
from app.web import language
from tests.web.conftest import NOW, Web, token_of
from tests.web.conftest import text as raw_text


def text(response: TestResponse) -> str:
    """The page as a reader sees it: entities such as &#39; turned back into characters."""
    return html.unescape(raw_text(response))


CLERK = Actor(None, "rita", "Rita", "receptionist", frozenset({"appointments.create"}))


def test_every_item_has_an_english_and_a_french_default() -> None:
    items = language.default_items()
    assert set(items) == set(language.KEYS)
    for key, texts in items.items():
        assert set(texts) == {"en", "fr_CA"}, key
        assert texts["en"].strip(), key
        assert texts["fr_CA"].strip(), key
        assert len(texts["en"]) <= language.MAX_TEXT
    # A caller may keep and change its copy without touching the shipped texts.
    items["confirm_button"]["en"] = "changed"
    assert language.default_items()["confirm_button"]["en"] == "Confirm the appointment"


@pytest.mark.parametrize(
    ("asked", "accept", "expected"),
    [
        ("fr", None, "fr_CA"),
        ("fr-CA", "en", "fr_CA"),
        ("en", "fr-CA,fr;q=0.9", "en"),
        (None, "fr-CA,fr;q=0.9,en;q=0.8", "fr_CA"),
        (None, "de-DE,fr;q=0.5,en;q=0.7", "en"),
        (None, "de-DE,fr;q=0.8,en;q=0.7", "fr_CA"),
        (None, "fr;q=0", "en"),
        (None, "de", "en"),
        (None, None, "en"),
        ("xx", "fr-BE", "fr_CA"),
        (None, "fr;q=abc, en", "en"),
    ],
)
def test_the_page_language(asked: str | None, accept: str | None, expected: str) -> None:
    assert language.negotiate(asked, accept) == expected


def test_fill_replaces_only_known_names() -> None:
    assert language.fill("At most {max} of {what} {}", {"max": 3}) == "At most 3 of {what} {}"


def test_french_pages_by_parameter_and_by_browser(web: Web) -> None:
    french = web.client.get(web.service_url("Account opening", lang="fr"))
    page = text(french)
    assert '<html lang="fr-CA">' in page
    assert "Choisissez une heure" in page
    assert "Les heures sont à l'heure de Toronto (EST)." in page
    assert "lundi 23 novembre" in page
    # The choice sticks for the visitor's next pages.
    assert "Choisissez un service" in text(web.client.get(f"/b/{web.branch}/"))
    assert "Choose a service" in text(web.client.get(f"/b/{web.branch}/?lang=en"))
    browser = web.app.test_client()
    page = text(browser.get(f"/b/{web.branch}/", headers={"Accept-Language": "fr-CA,fr;q=0.9"}))
    assert "Choisissez un service" in page
    assert 'hreflang="en"' in page
    assert "Choose a service" in text(browser.get(f"/b/{web.branch}/"))  # no header: English


def test_french_booking_and_private_page(web: Web) -> None:
    web.client.get(f"/b/{web.branch}/?lang=fr")
    form = text(web.client.get(web.book_url("Account opening", "2026-11-24T10:00")))
    assert "Confirmer le rendez-vous" in form
    assert "mardi 24 novembre 2026, 10 h 00 (EST)" in form
    token = token_of(web.book("Account opening", "2026-11-24T10:00"))
    page = text(web.client.get(f"/m/{token}"))
    assert "Confirmé : votre rendez-vous est réservé." in page
    missing = web.client.get("/m/unknown")
    assert "Cette page n'existe pas" in text(missing)


def test_a_service_item_overrides_the_default_in_its_locale_only(
    web: Web, session: Session
) -> None:
    service_id = web.ids["Account opening"]
    language.save_item(
        session, SYSTEM, service_id, "confirm_button", "en", "  Open my account  ", NOW
    )
    language.save_item(session, SYSTEM, service_id, "booked_notice", "fr_CA", "C'est réservé!", NOW)
    session.commit()
    form = text(web.client.get(web.book_url("Account opening", "2026-11-24T10:00")))
    assert '<button type="submit" id="confirm">Open my account</button>' in form
    other = text(web.client.get(web.book_url("Notary", "2026-11-24T13:00")))
    assert "Confirm the appointment" in other  # another service keeps the default
    token = token_of(web.book("Account opening", "2026-11-24T10:00"))
    assert "Confirmed: your appointment is booked." in text(web.client.get(f"/m/{token}"))
    assert "C'est réservé!" in text(web.client.get(f"/m/{token}?lang=fr"))

    assert language.service_items(session, service_id) == {
        "booked_notice": {"fr_CA": "C'est réservé!"},
        "confirm_button": {"en": "Open my account"},
    }
    assert language.remove_item(session, SYSTEM, service_id, "confirm_button", "en", NOW)
    assert not language.remove_item(session, SYSTEM, service_id, "confirm_button", "en", NOW)
    session.commit()
    form = text(web.client.get(web.book_url("Account opening", "2026-11-24T11:00") + "&lang=en"))
    assert "Confirm the appointment" in form
    actions = list(
        session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity_type == "language_item")
            .order_by(AuditEntry.id)
        )
    )
    assert actions == ["language_item.save", "language_item.save", "language_item.remove"]


def test_a_saved_item_replaces_the_previous_text(web: Web, session: Session) -> None:
    service_id = web.ids["Notary"]
    language.save_item(session, SYSTEM, service_id, "cancel_button", "en", "Cancel it", NOW)
    language.save_item(session, SYSTEM, service_id, "cancel_button", "en", "Drop it", NOW)
    session.commit()
    rows = session.scalars(select(LanguageItem).where(LanguageItem.service_id == service_id)).all()
    assert [(r.key, r.locale, r.text) for r in rows] == [("cancel_button", "en", "Drop it")]
    before = session.scalars(
        select(AuditEntry.before).where(AuditEntry.action == "language_item.save")
    ).all()
    assert before[-1] == {
        "service_id": service_id,
        "key": "cancel_button",
        "locale": "en",
        "text": "Cancel it",
    }


@pytest.mark.parametrize(
    ("key", "locale", "value", "code"),
    [
        ("no_such_key", "en", "x", "unknown_language_item"),
        ("confirm_button", "de", "x", "unknown_locale"),
        ("confirm_button", "fr", "x", "unknown_locale"),
        ("confirm_button", "en", "   ", "invalid_language_item"),
        ("confirm_button", "en", "x" * (language.MAX_TEXT + 1), "invalid_language_item"),
    ],
)
def test_bad_items_are_refused(
    web: Web, session: Session, key: str, locale: str, value: str, code: str
) -> None:
    with pytest.raises(BookingError) as err:
        language.save_item(session, SYSTEM, web.ids["Notary"], key, locale, value, NOW)
    assert err.value.code == code
    assert session.scalars(select(LanguageItem)).first() is None


def test_items_need_the_administer_permission_and_a_known_service(
    web: Web, session: Session
) -> None:
    with pytest.raises(BookingError) as err:
        language.save_item(session, CLERK, web.ids["Notary"], "cancel_button", "en", "x", NOW)
    assert err.value.code == "permission_denied"
    with pytest.raises(BookingError) as err:
        language.remove_item(session, CLERK, web.ids["Notary"], "cancel_button", "en", NOW)
    assert err.value.code == "permission_denied"
    with pytest.raises(BookingError) as err:
        language.save_item(session, SYSTEM, 999, "cancel_button", "en", "x", NOW)
    assert err.value.code == "not_found"


def test_a_brace_in_an_edited_text_is_shown_as_typed(web: Web, session: Session) -> None:
    language.save_item(
        session, SYSTEM, web.ids["Account opening"], "duration_note", "en", "{minutes} min {x}", NOW
    )
    session.commit()
    page = text(web.client.get(web.service_url("Account opening")))
    assert "30 min {x}" in page
