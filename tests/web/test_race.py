"""A web booking and a desk booking of the same agent's time, at the same moment.

Two threads, each with its own connection, are released by a barrier: the page posts its
form while the desk books through app.booking. The database's no-double-booking rule lets
exactly one win; when the desk wins, the page answers 409 with ``id="time-gone"``.
"""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.booking import appointments
from app.booking.errors import BookingError
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.models import Appointment
from tests.support.riverside import add_customers
from tests.web.conftest import NOW, Web, csrf_of, text

TZ = ZoneInfo("America/Toronto")
# Carla is the only notary; Tuesday and Thursday afternoons, 45 minutes each.
STARTS = ("2026-11-24T13:00", "2026-11-24T13:45", "2026-11-26T14:30")


def _race(web: Web, start: str, customer_id: int) -> tuple[int, str]:
    url = web.book_url("Notary", start)
    client = web.app.test_client()
    token = csrf_of(client.get(url))
    data = {
        "csrf_token": token,
        "start": start,
        "agent": "",
        "name": "Web Visitor",
        "email": f"web-{start.replace(':', '')}@example.com",
    }
    request = appointments.BookingRequest(
        service_id=web.ids["Notary"],
        start=datetime.fromisoformat(start).replace(tzinfo=TZ),
        customer_id=customer_id,
        agent_id=web.ids["Carla Diaz"],
    )
    barrier = threading.Barrier(2, timeout=30)
    results: dict[str, object] = {}

    def page() -> None:
        barrier.wait()
        results["page"] = client.post(url, data=data)

    def desk() -> None:
        barrier.wait()
        try:
            run_write(web.sessions, lambda s: appointments.book(s, load_actor(s), request, NOW))
            results["desk"] = "ok"
        except BookingError as exc:
            results["desk"] = exc.code

    threads = [threading.Thread(target=page), threading.Thread(target=desk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    response = results["page"]
    from werkzeug.test import TestResponse

    assert isinstance(response, TestResponse)
    return response.status_code, str(results["desk"]) + "|" + text(response)


def test_exactly_one_of_a_web_and_a_desk_booking_wins(web: Web) -> None:
    with web.sessions() as session:
        (customer_id,) = add_customers(session, 1)
    outcomes = []
    for start in STARTS:
        status, rest = _race(web, start, customer_id)
        desk, page = rest.split("|", 1)
        if status == 303:
            assert desk == "slot_taken", start
        else:
            assert status == 409, (start, status)
            assert desk == "ok", start
            assert 'id="time-gone"' in page
        outcomes.append((status, desk))
        with web.sessions() as session:
            at = datetime.fromisoformat(start).replace(tzinfo=TZ)
            count = session.scalar(
                select(func.count())
                .select_from(Appointment)
                .where(Appointment.start_at == at, Appointment.blocking.is_(True))
            )
        assert count == 1, start
    assert len(outcomes) == len(STARTS)


def test_a_desk_booking_made_while_the_form_is_open_makes_the_time_gone(web: Web) -> None:
    with web.sessions() as session:
        (customer_id,) = add_customers(session, 1)
    url = web.book_url("Notary", "2026-11-24T13:00")
    token = csrf_of(web.client.get(url))
    request = appointments.BookingRequest(
        service_id=web.ids["Notary"],
        start=datetime(2026, 11, 24, 13, 0, tzinfo=TZ),
        customer_id=customer_id,
    )
    run_write(web.sessions, lambda s: appointments.book(s, load_actor(s), request, NOW))
    response = web.client.post(
        url,
        data={"csrf_token": token, "start": "2026-11-24T13:00", "name": "Late", "email": "l@x.ca"},
    )
    assert response.status_code == 409
    page = text(response)
    assert 'id="time-gone"' in page
    assert f'href="/b/{web.branch}/services/{web.ids["Notary"]}/"' in page
    with web.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Appointment)) == 1
