"""The pages: branch list, branch, service (free times), agent, booking form, and the
customer's private page with its reschedule and cancel steps.

Views read through the request's session (app.web.factory.db) and write only through
app.web.selfservice inside app.booking.transactions.run_write, so every booking rule and
the no-double-booking rule of the database apply. Refusals are worded from the page's
language items, never from the booking layer's desk messages (those may name a customer
record, which a visitor must never see).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
)
from flask_limiter import Limiter
from flask_wtf.csrf import CSRFError
from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException, NotFound

from app.booking import availability
from app.booking.customers import ContactRules
from app.booking.errors import BookingError
from app.booking.transactions import run_write
from app.models import Agent, Appointment, Branch, Service, ServiceAgent
from app.web import language, links, selfservice
from app.web.factory import db, end_reading, state
from app.web.forms import (
    BookingForm,
    choices_of,
    field_limit,
    format_start,
    input_name,
    parse_agent,
    parse_start,
    read_form,
)
from app.web.language import Texts

log = logging.getLogger("frontdesk.web")

_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr_CA": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}
_MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr_CA": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}
#: Booking-layer refusal codes → the language item that explains them to a visitor.
_REASONS = {
    "lead_time": "reason_lead_time",
    "max_lead_time": "reason_max_lead_time",
    "too_soon": "reason_too_soon",
    "visitor_limit": "reason_visitor_limit",
    "daily_limit": "reason_daily_limit",
    "cancel_not_allowed": "reason_cancel_not_allowed",
    "too_late": "reason_too_late",
    "closed": "reason_closed",
    "cancelled": "reason_closed",
}
#: Codes that mean "someone else has this time now".
_GONE = frozenset({"slot_taken", "outside_hours", "stale"})
#: Contact refusals of the booking layer → the input they belong to.
_CONTACT_INPUT = {"invalid_email": "email", "invalid_phone": "phone", "invalid_name": "name"}


# -- small helpers ---------------------------------------------------------------------


def _locale() -> str:
    asked = request.args.get("lang")
    if asked and language.normalise_locale(asked):
        session["lang"] = language.normalise_locale(asked)
    return language.negotiate(asked or session.get("lang"), request.headers.get("Accept-Language"))


def _texts(service_id: int | None = None) -> Texts:
    return language.texts_for(db(), _locale(), service_id)


def _now() -> datetime:
    return state().clock()


def _zone_note(texts: Texts, tz: ZoneInfo) -> str:
    city = str(tz.key).rsplit("/", 1)[-1].replace("_", " ")
    abbr = _now().astimezone(tz).tzname() or ""
    return texts.get("times_zone_note", zone=city, abbr=abbr)


def _day_label(day: date, locale: str) -> str:
    weekday = _WEEKDAYS.get(locale, _WEEKDAYS["en"])[day.weekday()]
    month = _MONTHS.get(locale, _MONTHS["en"])[day.month - 1]
    return f"{weekday} {day.day} {month}"


def _time_label(at: datetime, tz: ZoneInfo, locale: str) -> str:
    local = at.astimezone(tz)
    clock = f"{local:%H:%M}" if locale != "fr_CA" else f"{local:%H} h {local:%M}"
    return f"{_day_label(local.date(), locale)} {local.year}, {clock} ({local.tzname()})"


def _span(minutes: int, locale: str) -> str:
    french = locale == "fr_CA"
    if minutes % 1440 == 0:
        n, unit = minutes // 1440, ("jour" if french else "day")
    elif minutes % 60 == 0:
        n, unit = minutes // 60, ("heure" if french else "hour")
    else:
        n, unit = minutes, "minute"
    return f"{n} {unit}{'s' if n != 1 else ''}"


def _page(template: str, http_status: int = 200, **context: Any) -> Response:
    texts: Texts = context.get("t") or _texts()
    context["t"] = texts
    context.setdefault("html_lang", "fr-CA" if texts.locale == "fr_CA" else "en")
    other = "en" if texts.locale == "fr_CA" else "fr"
    context.setdefault("switch_url", _with_args(lang=other))
    response = Response(render_template(template, **context), status=http_status)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    return response


def _with_args(**changes: str) -> str:
    args = dict(request.args.items())
    args.update(changes)
    return request.path + "?" + urlencode(args)


def _notice(
    status: int, key: str, *, element_id: str, texts: Texts | None = None, **extra: Any
) -> Response:
    texts = texts or _texts()
    return _page(
        "message.html",
        status,
        t=texts,
        heading=None,
        message=texts[key],
        element_id=element_id,
        **extra,
    )


def _refusal_text(texts: Texts, exc: BookingError, service: Service | None) -> str:
    item = _REASONS.get(exc.code, "reason_other")
    values: dict[str, str] = {}
    if service is not None and exc.code == "lead_time":
        values["lead"] = _span(service.min_lead_min, texts.locale)
    if service is not None and exc.code == "max_lead_time":
        values["lead"] = _span(service.max_lead_min, texts.locale)
    return texts.get("refused_notice", reason=texts.get(item, **values))


def _branch(branch_id: int) -> Branch:
    branch = db().get(Branch, branch_id)
    if branch is None:
        abort(404)
    return branch


def _service_agents(service_id: int) -> list[Agent]:
    return list(
        db().scalars(
            select(Agent)
            .join(ServiceAgent, ServiceAgent.agent_id == Agent.id)
            .where(ServiceAgent.service_id == service_id, Agent.active.is_(True))
            .order_by(ServiceAgent.position, Agent.id)
        )
    )


def _sniff(data: bytes) -> str | None:
    """The image type of a stored logo or photo, from its first bytes; None: not served."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _image(data: bytes | None) -> Response:
    kind = _sniff(data) if data else None
    if data is None or kind is None:
        abort(404)
    response = Response(data, mimetype=kind)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


# -- the pages ---------------------------------------------------------------------------


def index() -> Response:
    """Branches that have at least one service offered; a single one: go straight to it."""
    offered = exists().where(Service.branch_id == Branch.id, Service.active.is_(True))
    branches = list(db().scalars(select(Branch).where(offered).order_by(Branch.name)))
    if len(branches) == 1:
        return redirect(links.branch_path(branches[0].id), 302)  # type: ignore[return-value]
    return _page("index.html", branches=branches, links=links)


def branch_page(branch_id: int) -> Response:
    branch = _branch(branch_id)
    services = list(
        db().scalars(
            select(Service)
            .where(Service.branch_id == branch.id, Service.active.is_(True))
            .order_by(Service.position, Service.id)
        )
    )
    agents = list(
        db().scalars(
            select(Agent)
            .where(
                Agent.branch_id == branch.id,
                Agent.active.is_(True),
                exists().where(
                    ServiceAgent.agent_id == Agent.id,
                    ServiceAgent.service_id == Service.id,
                    Service.active.is_(True),
                ),
            )
            .order_by(Agent.position, Agent.id)
        )
    )
    return _page("branch.html", branch=branch, services=services, agents=agents, links=links)


def branch_logo(branch_id: int) -> Response:
    return _image(_branch(branch_id).logo)


def branch_theme(branch_id: int) -> Response:
    """The branch's colour as a style sheet (no inline style: the CSP forbids it)."""
    colour = _branch(branch_id).theme_color or ""
    if not (
        len(colour) in (4, 7, 9)
        and colour.startswith("#")
        and all(c in "0123456789abcdefABCDEF" for c in colour[1:])
    ):
        colour = "#1565c0"
    response = Response(f":root {{ --theme: {colour}; }}\n", mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def agent_photo(branch_id: int, agent_id: int) -> Response:
    agent = db().get(Agent, agent_id)
    if agent is None or agent.branch_id != branch_id or not agent.active:
        abort(404)
    return _image(agent.photo)


def agent_page(branch_id: int, agent_id: int) -> Response:
    branch = _branch(branch_id)
    agent = db().get(Agent, agent_id)
    if agent is None or agent.branch_id != branch.id or not agent.active:
        abort(404)
    services = list(
        db().scalars(
            select(Service)
            .join(ServiceAgent, ServiceAgent.service_id == Service.id)
            .where(ServiceAgent.agent_id == agent.id, Service.active.is_(True))
            .order_by(Service.position, Service.id)
        )
    )
    return _page("agent.html", branch=branch, agent=agent, services=services, links=links)


@dataclass(frozen=True)
class DayTimes:
    day: date
    label: str
    times: list[tuple[str, str]]  # (start as YYYY-MM-DDTHH:MM, shown HH:MM)


def _window() -> tuple[date, int]:
    """The first day and the number of days the visitor asked for (``from``, ``days``)."""
    per_page = int(current_app.config["FRONTDESK_DAYS_PER_PAGE"])
    most = int(current_app.config["FRONTDESK_MAX_DAYS_PER_PAGE"])
    days_text = request.args.get("days", "")
    days = int(days_text) if days_text.isdigit() and len(days_text) <= 3 else per_page
    days = max(1, min(days, most))
    first_text = request.args.get("from", "")
    try:
        first = date.fromisoformat(first_text) if len(first_text) == 10 else None
    except ValueError:
        first = None
    return (first or date.min), days


def _free_days(
    service: Service, tz: ZoneInfo, agent_id: int | None, locale: str
) -> tuple[list[DayTimes], date, int, date]:
    """The days of the visitor's window with their free times (one slot search)."""
    now = _now()
    today = now.astimezone(tz).date()
    asked, days = _window()
    first = max(asked, today)
    last_bookable = (now + timedelta(minutes=service.max_lead_min)).astimezone(tz).date()
    first = min(first, last_bookable)
    last = first + timedelta(days=days - 1)
    try:
        found = availability.slots(
            db(), service, first, last, now, agent_id=agent_id, audience="self-service"
        )
    except BookingError as exc:
        if exc.code != "agent_not_for_service":
            raise
        found = []  # the appointment's agent left the service: no time to move to
    by_day: dict[date, list[tuple[str, str]]] = {}
    for slot in found:
        local = slot.start.astimezone(tz)
        # Formatted by hand: strftime costs several times more, hundreds of times a page.
        clock = f"{local.hour:02d}:{local.minute:02d}"
        by_day.setdefault(local.date(), []).append((f"{local.date().isoformat()}T{clock}", clock))
    out = [
        DayTimes(first + timedelta(days=i), _day_label(first + timedelta(days=i), locale), [])
        for i in range(days)
    ]
    out = [DayTimes(d.day, d.label, by_day.get(d.day, [])) for d in out]
    return out, first, days, last_bookable


def _paging(
    first: date, days: int, today: date, last_bookable: date
) -> tuple[str | None, str | None]:
    previous = None
    if first > today:
        previous = _with_args(**{"from": max(today, first - timedelta(days=days)).isoformat()})
    following = None
    if first + timedelta(days=days) <= last_bookable:
        following = _with_args(**{"from": (first + timedelta(days=days)).isoformat()})
    return previous, following


def service_page(branch_id: int, service_id: int) -> Response:
    branch = _branch(branch_id)
    service = db().get(Service, service_id)
    if service is None or service.branch_id != branch.id:
        abort(404)
    texts = _texts(service.id)
    if not service.active:
        return _notice(
            404, "not_available_notice", element_id="not-available", texts=texts, branch=branch
        )
    agents = _service_agents(service.id)
    tz = ZoneInfo(branch.timezone)
    base: dict[str, Any] = {
        "branch": branch,
        "service": service,
        "t": texts,
        "links": links,
        "zone_note": _zone_note(texts, tz),
    }
    if not agents:
        return _page("service.html", **base, agents=[], days=[], no_agents=True)
    chosen = parse_agent(request.args.get("agent"))
    if not service.allow_choose_agent or chosen not in {a.id for a in agents}:
        chosen = None
    days, first, count, last_bookable = _free_days(service, tz, chosen, texts.locale)
    previous, following = _paging(first, count, _now().astimezone(tz).date(), last_bookable)
    book_base = f"/b/{branch.id}/services/{service.id}/book"
    return _page(
        "service.html",
        **base,
        agents=agents if service.allow_choose_agent else [],
        chosen=chosen,
        days=days,
        previous=previous,
        following=following,
        book_base=book_base,
        agent_param="" if chosen is None else str(chosen),
        no_agents=False,
    )


# -- booking -----------------------------------------------------------------------------


def _booking_target(branch_id: int, service_id: int) -> tuple[Branch, Service, ZoneInfo]:
    branch = _branch(branch_id)
    service = (
        db()
        .scalars(
            select(Service)
            .where(Service.id == service_id, Service.branch_id == branch.id)
            .options(selectinload(Service.fields))
        )
        .first()
    )
    if service is None:
        abort(404)
    return branch, service, ZoneInfo(branch.timezone)


def _form_page(
    status: int,
    branch: Branch,
    service: Service,
    tz: ZoneInfo,
    start: datetime,
    agent_id: int | None,
    texts: Texts,
    form: BookingForm,
    refusal: str | None = None,
) -> Response:
    agent_name = None
    if agent_id is not None:
        agent = db().get(Agent, agent_id)
        agent_name = agent.name if agent is not None else None
    fields = [
        {
            "name": input_name(f),
            "label": f.name,
            "required": f.required,
            "kind": f.kind,
            "choices": choices_of(f),
            "limit": field_limit(f),
        }
        for f in service.fields
    ]
    return _page(
        "book.html",
        status,
        t=texts,
        branch=branch,
        service=service,
        links=links,
        start=format_start(start, tz),
        agent_param="" if agent_id is None else str(agent_id),
        agent_name=agent_name,
        when=_time_label(start, tz, texts.locale),
        zone_note=_zone_note(texts, tz),
        fields=fields,
        form=form,
        refusal=refusal,
        back=links.service_path(branch.id, service.id, agent_id),
        limits={"name": 200, "email": 254, "phone": 32},
    )


def _time_gone(texts: Texts, back: str, branch: Branch) -> Response:
    return _notice(
        409, "time_gone_notice", element_id="time-gone", texts=texts, back=back, branch=branch
    )


def book(branch_id: int, service_id: int) -> Response:
    branch, service, tz = _booking_target(branch_id, service_id)
    texts = _texts(service.id)
    if not service.active:
        return _notice(
            404, "not_available_notice", element_id="not-available", texts=texts, branch=branch
        )
    source = request.form if request.method == "POST" else request.args
    start = parse_start(source.get("start") or request.args.get("start"), tz)
    if start is None:
        abort(404)
    agent_id = parse_agent(source.get("agent") or request.args.get("agent"))
    if not service.allow_choose_agent:
        agent_id = None
    back = links.service_path(branch.id, service.id, agent_id)
    now = _now()
    if request.method == "GET":
        if not selfservice.offered(db(), service, start, now, agent_id):
            return _time_gone(texts, back, branch)
        return _form_page(200, branch, service, tz, start, agent_id, texts, BookingForm())
    form = read_form(request.form, service, ContactRules.load(db()), texts)
    if not form.valid:
        return _form_page(422, branch, service, tz, start, agent_id, texts, form)
    contact = selfservice.Contact(form.name, form.email, form.phone)
    end_reading()
    try:
        outcome = run_write(
            state().sessions,
            lambda s: selfservice.book(
                s, service.id, branch.id, start, agent_id, contact, form.field_values, now
            ),
        )
    except BookingError as exc:
        if exc.code in _GONE:
            return _time_gone(texts, back, branch)
        if exc.code == "service_inactive":
            return _notice(
                404, "not_available_notice", element_id="not-available", texts=texts, branch=branch
            )
        if exc.code in _CONTACT_INPUT:
            key = _CONTACT_INPUT[exc.code]
            form.errors[key] = texts[
                {"email": "error_email", "phone": "error_phone", "name": "error_required"}[key]
            ]
            return _form_page(422, branch, service, tz, start, agent_id, texts, form)
        if exc.code == "missing_contact":
            form.errors["email"] = texts["error_contact_either"]
            return _form_page(422, branch, service, tz, start, agent_id, texts, form)
        return _form_page(
            422,
            branch,
            service,
            tz,
            start,
            agent_id,
            texts,
            form,
            _refusal_text(texts, exc, service),
        )
    return redirect(links.manage_path(outcome.token), 303)  # type: ignore[return-value]


# -- the private page ----------------------------------------------------------------------


def _appointment(token: str) -> Appointment:
    try:
        return selfservice.by_token(db(), token)
    except BookingError:
        abort(404)


def manage(token: str) -> Response:
    appt = _appointment(token)
    service = appt.service
    branch = service.branch
    tz = ZoneInfo(branch.timezone)
    texts = _texts(service.id)
    now = _now()
    status = selfservice.outcome_status(db(), appt)
    move_problem = selfservice.changeable(appt, now)
    cancel_problem = selfservice.cancellable(appt, now)
    return _page(
        "manage.html",
        t=texts,
        branch=branch,
        service=service,
        agent=appt.agent,
        links=links,
        token=token,
        outcome=status,
        notice=texts[f"{status}_notice"] if status != "confirmed" else texts["booked_notice"],
        status_text=texts[f"status_{status}"],
        awaiting=appt.status.predicate == "start",
        when=_time_label(appt.start_at, tz, texts.locale),
        zone_note=_zone_note(texts, tz),
        can_move=move_problem is None and service.active,
        can_cancel=cancel_problem is None,
        manage_path=links.manage_path(token),
    )


def reschedule(token: str) -> Response:
    appt = _appointment(token)
    service = appt.service
    branch = service.branch
    tz = ZoneInfo(branch.timezone)
    texts = _texts(service.id)
    now = _now()
    back = links.manage_path(token)
    if request.method == "POST":
        start = parse_start(request.form.get("start"), tz)
        if start is None:
            abort(404)
        end_reading()
        try:
            run_write(state().sessions, lambda s: selfservice.reschedule(s, token, start, now))
        except BookingError as exc:
            if exc.code in _GONE:
                return _time_gone(texts, request.path, branch)
            return _notice_refused(texts, exc, service, back)
        return redirect(back, 303)  # type: ignore[return-value]
    problem = selfservice.changeable(appt, now)
    if problem is None and not service.active:
        problem = BookingError("closed", "not offered")
    if problem is not None:
        return _notice_refused(texts, problem, service, back, status=200)
    days, first, count, last_bookable = _free_days(service, tz, appt.agent_id, texts.locale)
    previous, following = _paging(first, count, now.astimezone(tz).date(), last_bookable)
    return _page(
        "reschedule.html",
        t=texts,
        branch=branch,
        service=service,
        days=days,
        previous=previous,
        following=following,
        current=format_start(appt.start_at, tz),
        when=_time_label(appt.start_at, tz, texts.locale),
        zone_note=_zone_note(texts, tz),
        back=back,
    )


def _notice_refused(
    texts: Texts, exc: BookingError, service: Service, back: str, status: int = 422
) -> Response:
    return _page(
        "message.html",
        status,
        t=texts,
        heading=None,
        message=_refusal_text(texts, exc, service),
        element_id="refused",
        back=back,
        branch=service.branch,
    )


def cancel(token: str) -> Response:
    appt = _appointment(token)
    service = appt.service
    branch = service.branch
    tz = ZoneInfo(branch.timezone)
    texts = _texts(service.id)
    now = _now()
    back = links.manage_path(token)
    if request.method == "POST":
        reason = request.form.get("reason", "")
        if len(reason) > selfservice.MAX_REASON:
            return _page(
                "cancel.html",
                422,
                t=texts,
                branch=branch,
                service=service,
                when=_time_label(appt.start_at, tz, texts.locale),
                back=back,
                reason=reason,
                error=texts.get("error_too_long", max=selfservice.MAX_REASON),
                max_reason=selfservice.MAX_REASON,
            )
        end_reading()
        try:
            run_write(state().sessions, lambda s: selfservice.cancel(s, token, reason, now))
        except BookingError as exc:
            return _notice_refused(texts, exc, service, back)
        return redirect(back, 303)  # type: ignore[return-value]
    problem = selfservice.cancellable(appt, now)
    if problem is not None:
        return _notice_refused(texts, problem, service, back, status=200)
    return _page(
        "cancel.html",
        t=texts,
        branch=branch,
        service=service,
        when=_time_label(appt.start_at, tz, texts.locale),
        back=back,
        reason="",
        error=None,
        max_reason=selfservice.MAX_REASON,
    )


# -- errors --------------------------------------------------------------------------------


def _error_page(status: int, key: str, element_id: str) -> Response:
    try:
        texts = _texts()
    except Exception:  # the database itself may be what failed
        texts = Texts("en", {})
    return _page(
        "message.html", status, t=texts, heading=None, message=texts[key], element_id=element_id
    )


def _on_http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    if isinstance(exc, CSRFError) or status == 400:
        return _error_page(400, "bad_request_notice", "bad-request")
    if status == 404 or isinstance(exc, NotFound):
        return _error_page(404, "not_found_notice", "not-found")
    if status == 405:
        response = _error_page(405, "method_notice", "not-allowed")
        allowed = exc.get_response().headers.get("Allow")
        if allowed:
            response.headers["Allow"] = allowed
        return response
    if status == 413:
        return _error_page(413, "too_large_notice", "too-large")
    if status == 429:
        return _error_page(429, "rate_limited_notice", "rate-limited")
    return _error_page(status, "error_notice", "error")


def _on_error(exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        return _on_http_error(exc)
    log.exception("unexpected error on %s", request.path)
    return _error_page(500, "error_notice", "error")


# -- wiring ----------------------------------------------------------------------------------


def register(app: Flask, limiter: Limiter) -> None:
    """Add the pages' routes; booking, moving and cancelling share one rate limit per
    client address (``FRONTDESK_POST_LIMIT``), counted on POST only."""
    attempts = limiter.shared_limit(
        lambda: str(current_app.config["FRONTDESK_POST_LIMIT"]), scope="attempts", methods=["POST"]
    )

    def route(
        rule: str, view: Callable[..., Response], methods: tuple[str, ...] = ("GET",)
    ) -> None:
        wrapped = attempts(view) if "POST" in methods else view
        app.add_url_rule(rule, view.__name__, wrapped, methods=list(methods))

    route("/", index)
    route("/b/<int:branch_id>/", branch_page)
    route("/b/<int:branch_id>/logo", branch_logo)
    route("/b/<int:branch_id>/theme.css", branch_theme)
    route("/b/<int:branch_id>/agents/<int:agent_id>/", agent_page)
    route("/b/<int:branch_id>/agents/<int:agent_id>/photo", agent_photo)
    route("/b/<int:branch_id>/services/<int:service_id>/", service_page)
    route("/b/<int:branch_id>/services/<int:service_id>/book", book, ("GET", "POST"))
    route("/m/<token>", manage)
    route("/m/<token>/reschedule", reschedule, ("GET", "POST"))
    route("/m/<token>/cancel", cancel, ("GET", "POST"))
    app.register_error_handler(HTTPException, _on_http_error)
    app.register_error_handler(Exception, _on_error)
