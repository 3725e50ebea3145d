"""The visitor-side texts of the self-service pages ("language items").

Every text a customer reads on the pages (headings, button labels, notices for booked,
requested, cancelled, rescheduled, refused, time gone) has a shipped English and French
(Canada) default here. A branch can replace any of them for one service and one locale
with a ``language_items`` row; the desk lists them with :func:`default_items` and edits
them with :func:`save_item` / :func:`remove_item`, which check the key, the locale and the
length, and write an audit entry like every other change.

Texts may hold ``{name}`` placeholders (such as ``{zone}`` or ``{lead}``); :func:`fill`
replaces only the names it is given, so a brace typed by a person in an edited text is
shown as it is instead of breaking the page. Nothing here imports Flask: the desk uses it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking import audit
from app.booking.errors import BookingError, NotFound
from app.booking.permissions import ADMINISTER, Actor
from app.clock import system_clock
from app.models import LanguageItem, Service

#: The page languages; the first is the fallback.
LOCALES = ("en", "fr_CA")
DEFAULT_LOCALE = "en"
#: Longest text accepted for one item (a notice is a sentence or two, not a page).
MAX_TEXT = 1000

# key -> (English, French (Canada)). Keys are stable: stored rows and the desk refer to them.
_DEFAULTS: dict[str, tuple[str, str]] = {
    # navigation and headings
    "branches_heading": ("Book an appointment", "Prendre rendez-vous"),
    "services_heading": ("Choose a service", "Choisissez un service"),
    "agent_services_heading": ("Services with {agent}", "Services avec {agent}"),
    "choose_time_heading": ("Choose a time", "Choisissez une heure"),
    "times_zone_note": (
        "Times are {zone} time ({abbr}).",
        "Les heures sont à l'heure de {zone} ({abbr}).",
    ),
    "duration_note": ("Duration: {minutes} minutes.", "Durée : {minutes} minutes."),
    "previous_week": ("Previous week", "Semaine précédente"),
    "next_week": ("Next week", "Semaine suivante"),
    "no_times_week": (
        "No free time this week. Try the next week.",
        "Aucune heure libre cette semaine. Essayez la semaine suivante.",
    ),
    "agent_label": ("Advisor", "Conseiller"),
    "any_agent": ("Any available advisor", "N'importe quel conseiller disponible"),
    "show_times_button": ("Show times", "Afficher les heures"),
    "no_services": (
        "No service can be booked online at the moment.",
        "Aucun service ne peut être réservé en ligne pour le moment.",
    ),
    "no_branches": (
        "No branch takes online bookings at the moment.",
        "Aucune succursale ne prend de rendez-vous en ligne pour le moment.",
    ),
    "language_switch": ("Français", "English"),
    # the booking form
    "form_heading": ("Your details", "Vos coordonnées"),
    "name_label": ("Full name", "Nom complet"),
    "email_label": ("E-mail address", "Adresse courriel"),
    "phone_label": ("Phone number", "Numéro de téléphone"),
    "required_note": ("Fields marked * are required.", "Les champs marqués * sont obligatoires."),
    "confirm_button": ("Confirm the appointment", "Confirmer le rendez-vous"),
    "request_button": ("Send the request", "Envoyer la demande"),
    "other_time_link": ("Choose another time", "Choisir une autre heure"),
    "error_required": ("Please fill this in.", "Veuillez remplir ce champ."),
    "error_too_long": (
        "At most {max} characters, please.",
        "{max} caractères au plus, s'il vous plaît.",
    ),
    "error_email": (
        "This is not a valid e-mail address.",
        "Cette adresse courriel n'est pas valide.",
    ),
    "error_phone": (
        "This is not a valid phone number.",
        "Ce numéro de téléphone n'est pas valide.",
    ),
    "error_contact_email": (
        "Please give your e-mail address.",
        "Veuillez indiquer votre adresse courriel.",
    ),
    "error_contact_phone": (
        "Please give your phone number.",
        "Veuillez indiquer votre numéro de téléphone.",
    ),
    "error_contact_either": (
        "Please give an e-mail address or a phone number.",
        "Veuillez indiquer une adresse courriel ou un numéro de téléphone.",
    ),
    "error_number": ("Please enter a number.", "Veuillez entrer un nombre."),
    "error_date": (
        "Please enter a date as YYYY-MM-DD.",
        "Veuillez entrer une date au format AAAA-MM-JJ.",
    ),
    "error_choice": ("Please choose one of the options.", "Veuillez choisir une des options."),
    "choose_option": ("Choose…", "Choisir…"),
    # outcomes and notices
    "booked_notice": (
        "Confirmed: your appointment is booked.",
        "Confirmé : votre rendez-vous est réservé.",
    ),
    "requested_notice": (
        "Request received: we will confirm your appointment shortly.",
        "Demande reçue : nous confirmerons votre rendez-vous sous peu.",
    ),
    "cancelled_notice": ("Your appointment is cancelled.", "Votre rendez-vous est annulé."),
    "rescheduled_notice": (
        "Your appointment has a new time.",
        "Votre rendez-vous a une nouvelle heure.",
    ),
    "refused_notice": ("We could not do this: {reason}", "Nous n'avons pas pu le faire : {reason}"),
    "time_gone_notice": (
        "Sorry, this time was just taken. Please choose another one.",
        "Désolé, cette heure vient d'être prise. Veuillez en choisir une autre.",
    ),
    "not_available_notice": (
        "This service is not available at the moment.",
        "Ce service n'est pas offert pour le moment.",
    ),
    "no_appointments_notice": (
        "This service takes no appointments at the moment.",
        "Ce service ne prend aucun rendez-vous pour le moment.",
    ),
    "not_found_notice": (
        "This page does not exist, or the link is no longer valid.",
        "Cette page n'existe pas, ou le lien n'est plus valide.",
    ),
    "bad_request_notice": (
        "This form has expired or was not sent correctly. Please go back, reload the page "
        "and try again.",
        "Ce formulaire a expiré ou n'a pas été envoyé correctement. Revenez en arrière, "
        "rechargez la page et réessayez.",
    ),
    "rate_limited_notice": (
        "Too many attempts from your connection. Please wait a minute and try again.",
        "Trop de tentatives depuis votre connexion. Veuillez patienter une minute et réessayer.",
    ),
    "too_large_notice": ("What was sent is too long.", "Ce qui a été envoyé est trop long."),
    "method_notice": ("This page cannot be used this way.", "Cette page ne s'utilise pas ainsi."),
    "error_notice": (
        "Something went wrong on our side. Please try again later.",
        "Un problème est survenu de notre côté. Veuillez réessayer plus tard.",
    ),
    # reasons for a refusal (filled into refused_notice)
    "reason_lead_time": (
        "this time is too soon; please book at least {lead} ahead.",
        "cette heure est trop proche; réservez au moins {lead} à l'avance.",
    ),
    "reason_max_lead_time": (
        "this time is too far ahead; please book at most {lead} ahead.",
        "cette heure est trop lointaine; réservez au plus {lead} à l'avance.",
    ),
    "reason_too_soon": (
        "this time can no longer be booked online.",
        "cette heure ne peut plus être réservée en ligne.",
    ),
    "reason_visitor_limit": (
        "you already have the most appointments allowed for this service.",
        "vous avez déjà le nombre maximal de rendez-vous permis pour ce service.",
    ),
    "reason_daily_limit": (
        "you already have the most appointments allowed for that day.",
        "vous avez déjà le nombre maximal de rendez-vous permis pour cette journée.",
    ),
    "reason_cancel_not_allowed": (
        "this appointment cannot be cancelled online; please call the branch.",
        "ce rendez-vous ne peut pas être annulé en ligne; veuillez appeler la succursale.",
    ),
    "reason_too_late": (
        "it is too late to change this appointment online; please call the branch.",
        "il est trop tard pour modifier ce rendez-vous en ligne; veuillez appeler la succursale.",
    ),
    "reason_closed": (
        "this appointment can no longer be changed.",
        "ce rendez-vous ne peut plus être modifié.",
    ),
    "reason_other": (
        "the branch's rules do not allow it. Please choose another time or call the branch.",
        "les règles de la succursale ne le permettent pas. Choisissez une autre heure ou "
        "appelez la succursale.",
    ),
    # the private page
    "manage_heading": ("Your appointment", "Votre rendez-vous"),
    "private_link_note": (
        "Keep the address of this page: it is your private link to see, move or cancel "
        "the appointment. Do not share it.",
        "Conservez l'adresse de cette page : c'est votre lien privé pour voir, déplacer ou "
        "annuler le rendez-vous. Ne la partagez pas.",
    ),
    "service_label": ("Service", "Service"),
    "time_label": ("Time", "Heure"),
    "status_label": ("Status", "Statut"),
    "status_confirmed": ("Confirmed", "Confirmé"),
    "status_requested": ("Request received", "Demande reçue"),
    "status_cancelled": ("Cancelled", "Annulé"),
    "status_rescheduled": ("Moved to a new time", "Déplacé à une nouvelle heure"),
    "reschedule_link": ("Choose another time", "Choisir une autre heure"),
    "reschedule_heading": ("Choose a new time", "Choisissez une nouvelle heure"),
    "cancel_link": ("Cancel this appointment", "Annuler ce rendez-vous"),
    "cancel_heading": ("Cancel the appointment?", "Annuler le rendez-vous?"),
    "cancel_reason_label": ("Reason (optional)", "Raison (facultative)"),
    "cancel_button": ("Yes, cancel it", "Oui, l'annuler"),
    "keep_link": ("No, keep it", "Non, le garder"),
    "back_link": ("Back", "Retour"),
}

#: What the desk's editor lists: every key with its English and French defaults.
KEYS = tuple(_DEFAULTS)
_LIMIT_NAMES = re.compile(r"\{([a-z_]+)\}")


def default_items() -> dict[str, dict[str, str]]:
    """Every item's shipped text: key → locale → text (a fresh copy the caller may keep)."""
    return {key: dict(zip(LOCALES, texts, strict=True)) for key, texts in _DEFAULTS.items()}


def normalise_locale(value: str | None) -> str | None:
    """ "fr", "fr-CA", "fr_ca" → "fr_CA"; "en-US" → "en"; anything else → None."""
    if not value:
        return None
    tag = value.strip().replace("-", "_").lower()
    if tag == "fr" or tag.startswith("fr_"):
        return "fr_CA"
    if tag == "en" or tag.startswith("en_"):
        return "en"
    return None


def negotiate(asked: str | None, accept_language: str | None) -> str:
    """The page language: an explicit choice (``?lang=``) when known, else the browser's
    preferred known language (Accept-Language, by q weight), else English."""
    chosen = normalise_locale(asked)
    if chosen is not None:
        return chosen
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        locale = normalise_locale(tag)
        if locale is not None and weight > 0:
            ranked.append((-weight, index, locale))
    return min(ranked)[2] if ranked else DEFAULT_LOCALE


@dataclass(frozen=True)
class Texts:
    """The texts of one page: the defaults of ``locale`` with one service's overrides."""

    locale: str
    overrides: Mapping[str, str]

    def __getitem__(self, key: str) -> str:
        return self.get(key)

    def get(self, key: str, **values: object) -> str:
        """The text of ``key`` with its ``{name}`` placeholders filled from ``values``."""
        text = self.overrides.get(key)
        if text is None:
            english, french = _DEFAULTS[key]
            text = french if self.locale == "fr_CA" else english
        return fill(text, values) if values else text


def fill(text: str, values: Mapping[str, object]) -> str:
    """Replace ``{name}`` by ``values[name]`` for the names given; leave anything else."""
    return _LIMIT_NAMES.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text
    )


def texts_for(session: Session, locale: str, service_id: int | None = None) -> Texts:
    """The page texts in ``locale``, with ``service_id``'s own items when given (one query)."""
    if locale not in LOCALES:
        locale = DEFAULT_LOCALE
    overrides: dict[str, str] = {}
    if service_id is not None:
        rows = session.execute(
            select(LanguageItem.key, LanguageItem.text).where(
                LanguageItem.service_id == service_id, LanguageItem.locale == locale
            )
        )
        overrides = {key: text for key, text in rows if key in _DEFAULTS}
    return Texts(locale, overrides)


def service_items(session: Session, service_id: int) -> dict[str, dict[str, str]]:
    """A service's own items: key → locale → text (only what the branch changed)."""
    out: dict[str, dict[str, str]] = {}
    for row in session.scalars(
        select(LanguageItem)
        .where(LanguageItem.service_id == service_id)
        .order_by(LanguageItem.key, LanguageItem.locale)
    ):
        out.setdefault(row.key, {})[row.locale] = row.text
    return out


def _check(key: str, locale: str) -> None:
    if key not in _DEFAULTS:
        raise BookingError(
            "unknown_language_item",
            f"There is no page text {key!r}. Texts: {', '.join(KEYS)}.",
            {"key": key},
        )
    if locale not in LOCALES:
        raise BookingError(
            "unknown_locale",
            f"Page texts exist in {' and '.join(LOCALES)}, not {locale!r}.",
            {"locale": locale},
        )


def _service(session: Session, service_id: int) -> Service:
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound("service", service_id)
    return service


def _row(session: Session, service_id: int, key: str, locale: str) -> LanguageItem | None:
    return session.scalars(
        select(LanguageItem).where(
            LanguageItem.service_id == service_id,
            LanguageItem.key == key,
            LanguageItem.locale == locale,
        )
    ).first()


def save_item(
    session: Session,
    actor: Actor,
    service_id: int,
    key: str,
    locale: str,
    text: str,
    now: datetime | None = None,
) -> LanguageItem:
    """Store the service's own text for ``key`` in ``locale`` (replacing one stored before).

    Needs "administer". Refuses an unknown key (``unknown_language_item``) or locale
    (``unknown_locale``), and an empty text or one longer than :data:`MAX_TEXT`
    (``invalid_language_item``). Writes an audit entry at ``now`` (the system clock when
    not given). Does not commit.
    """
    now = now or system_clock()
    actor.require(ADMINISTER)
    _check(key, locale)
    service = _service(session, service_id)
    cleaned = (text or "").strip()
    if not cleaned:
        raise BookingError(
            "invalid_language_item",
            f"The text of {key!r} is empty; remove the item to use the default instead.",
        )
    if len(cleaned) > MAX_TEXT:
        raise BookingError(
            "invalid_language_item",
            f"The text of {key!r} is {len(cleaned)} characters long; at most {MAX_TEXT} fit.",
        )
    row = _row(session, service.id, key, locale)
    before = None if row is None else {"text": row.text}
    if row is None:
        row = LanguageItem(service_id=service.id, key=key, locale=locale, text=cleaned)
        session.add(row)
    else:
        row.text = cleaned
    session.flush()
    where = {"service_id": service.id, "key": key, "locale": locale}
    audit.record(
        session,
        actor,
        now,
        "language_item.save",
        "language_item",
        row.id,
        None if before is None else where | before,
        where | {"text": cleaned},
    )
    return row


def remove_item(
    session: Session,
    actor: Actor,
    service_id: int,
    key: str,
    locale: str,
    now: datetime | None = None,
) -> bool:
    """Remove the service's own text for ``key`` in ``locale``: the default shows again.

    Same permission and checks as :func:`save_item`; returns False when none was stored.
    Writes an audit entry with the text removed. Does not commit.
    """
    now = now or system_clock()
    actor.require(ADMINISTER)
    _check(key, locale)
    service = _service(session, service_id)
    row = _row(session, service.id, key, locale)
    if row is None:
        return False
    audit.record(
        session,
        actor,
        now,
        "language_item.remove",
        "language_item",
        row.id,
        {"service_id": service.id, "key": key, "locale": locale, "text": row.text},
        None,
    )
    session.delete(row)
    session.flush()
    return True
