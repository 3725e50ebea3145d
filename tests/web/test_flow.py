"""The whole customer flow with the test client: book, view, reschedule, cancel; approval;
the public rules (limits, lead time, earliest day); form errors; no existence leak."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from app.booking import approvals
from app.booking import settings as st
from app.booking.customers import search_text_for
from app.models import Appointment, AuditEntry, Customer, Service, StatusHistory
from tests.web.conftest import NOW, Web, csrf_of, slot_buttons, text, token_of


def _appointment(web: Web, token: str) -> Appointment:
    with web.sessions() as session:
        appt = session.scalars(select(Appointment).where(Appointment.manage_token == token)).one()
        session.expunge(appt)
        return appt


def _status_of(web: Web, token: str) -> str:
    page = text(web.client.get(f"/m/{token}"))
    marker = 'id="outcome" data-status="'
    return page[page.index(marker) + len(marker) :].split('"', 1)[0]


def test_book_view_reschedule_and_cancel(web: Web) -> None:
    booked = web.book("Account opening", "2026-11-24T10:00", name="Dana Visitor")
    assert booked.status_code == 303
    token = token_of(booked)
    assert len(token) >= 30
    appt = _appointment(web, token)
    assert appt.source == "self-service"
    assert appt.start_at == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)

    page = web.client.get(f"/m/{token}")
    assert page.status_code == 200
    body = text(page)
    assert 'id="outcome" data-status="confirmed"' in body
    assert "Confirmed: your appointment is booked." in body
    assert "Account opening" in body
    assert "Tuesday 24 November 2026, 10:00 (EST)" in body
    assert f'href="/m/{token}/reschedule"' in body
    assert f'href="/m/{token}/cancel"' in body

    choose = web.client.get(f"/m/{token}/reschedule")
    assert choose.status_code == 200
    starts = slot_buttons(choose)
    assert "2026-11-25T11:00" in starts
    moved = web.client.post(
        f"/m/{token}/reschedule",
        data={"csrf_token": csrf_of(choose), "start": "2026-11-25T11:00"},
    )
    assert moved.status_code == 303
    assert moved.headers["Location"] == f"/m/{token}"
    assert _status_of(web, token) == "rescheduled"
    assert "Wednesday 25 November 2026, 11:00 (EST)" in text(web.client.get(f"/m/{token}"))
    assert _appointment(web, token).start_at == datetime(2026, 11, 25, 16, 0, tzinfo=UTC)

    confirm = web.client.get(f"/m/{token}/cancel")
    assert confirm.status_code == 200
    assert 'id="confirm-cancel"' in text(confirm)
    cancelled = web.client.post(
        f"/m/{token}/cancel", data={"csrf_token": csrf_of(confirm), "reason": "Found a time nearer"}
    )
    assert cancelled.status_code == 303
    assert _status_of(web, token) == "cancelled"
    after = text(web.client.get(f"/m/{token}"))
    assert "Your appointment is cancelled." in after
    assert f'href="/m/{token}/reschedule"' not in after
    with web.sessions() as session:
        reasons = list(
            session.scalars(
                select(StatusHistory.reason).where(StatusHistory.appointment_id == appt.id)
            )
        )
        actions = set(
            session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == appt.id))
        )
    assert any(r and "Found a time nearer" in r for r in reasons)
    assert {"appointment.book", "appointment.reschedule", "appointment.status"} <= actions
    # The cancelled time is free again for the next visitor.
    again = web.book(
        "Account opening", "2026-11-25T11:00", name="Eve Other", email="eve@example.com"
    )
    assert again.status_code == 303


def test_a_service_that_needs_approval_says_request_received_and_joins_the_queue(
    web: Web,
) -> None:
    response = web.book(
        "Mortgage consultation",
        "2026-11-24T13:00",
        agent=str(web.ids["Alice Martin"]),
        **{f"field-{_field_id(web, 'Estimated loan amount')}": "350000"},
    )
    assert response.status_code == 303
    token = token_of(response)
    page = text(web.client.get(f"/m/{token}"))
    assert 'data-status="requested"' in page
    assert "Request received" in page
    assert "Confirmed" not in page
    assert "Alice Martin" in page
    with web.sessions() as session:
        queue = approvals.queue(session, NOW, web.branch)
    assert [item.customer for item in queue] == ["Dana Visitor"]
    assert queue[0].awaiting
    appt = _appointment(web, token)
    assert appt.field_values == {"Estimated loan amount": "350000"}


def _field_id(web: Web, name: str) -> int:
    from app.models import ServiceField

    with web.sessions() as session:
        return session.scalars(select(ServiceField.id).where(ServiceField.name == name)).one()


def test_invalid_input_reshows_the_form_with_values_and_errors_by_their_fields(
    web: Web,
) -> None:
    field = f"field-{_field_id(web, 'Estimated loan amount')}"
    response = web.book(
        "Mortgage consultation",
        "2026-11-24T10:00",
        name="",
        email="not an address",
        phone="12",
        **{field: ""},
    )
    assert response.status_code == 422
    page = text(response)
    assert '<span class="error" id="error-name">Please fill this in.</span>' in page
    assert '<span class="error" id="error-email">This is not a valid e-mail address.</span>' in page
    assert '<span class="error" id="error-phone">This is not a valid phone number.</span>' in page
    assert f'<span class="error" id="error-{field}">Please fill this in.</span>' in page
    assert 'value="not an address"' in page
    assert 'name="csrf_token"' in page
    with web.sessions() as session:
        assert session.scalars(select(Appointment)).first() is None


def test_the_contact_requirement_of_the_branch_applies(web: Web) -> None:
    response = web.book("Account opening", "2026-11-24T10:00", email="")
    assert response.status_code == 422
    assert "Please give an e-mail address or a phone number." in text(response)
    with web.sessions() as session:
        st.put(session, st.CONTACT_REQUIREMENT, "phone")
        st.put(session, st.PHONE_REGION, "CA")
        session.commit()
    response = web.book("Account opening", "2026-11-24T10:00")
    assert response.status_code == 422
    assert 'id="error-phone">Please give your phone number.' in text(response)
    ok = web.book("Account opening", "2026-11-24T10:00", phone="416 555 0199")
    assert ok.status_code == 303


def test_too_long_input_is_refused_next_to_its_field(web: Web) -> None:
    response = web.book("Account opening", "2026-11-24T10:00", name="N" * 201)
    assert response.status_code == 422
    assert 'id="error-name">At most 200 characters, please.' in text(response)
    field = f"field-{_field_id(web, 'Property address')}"
    response = web.book(
        "Mortgage consultation",
        "2026-11-24T10:00",
        **{field: "x" * 501, f"field-{_field_id(web, 'Estimated loan amount')}": "1"},
    )
    assert response.status_code == 422
    assert f'id="error-{field}">At most 500 characters, please.' in text(response)


def test_a_request_body_over_the_limit_is_413(web: Web) -> None:
    form = web.client.get(web.book_url("Account opening", "2026-11-24T10:00"))
    response = web.client.post(
        web.book_url("Account opening", "2026-11-24T10:00"),
        data={"csrf_token": csrf_of(form), "name": "x" * 70_000},
    )
    assert response.status_code == 413
    assert 'id="too-large"' in text(response)


def test_lead_time_is_explained(web: Web) -> None:
    # Mortgages need a day's notice: 13:00 today is not offered, and a forged post says why.
    assert (
        web.client.get(web.book_url("Mortgage consultation", "2026-11-23T13:00")).status_code == 409
    )
    form = web.client.get(web.book_url("Account opening", "2026-11-24T10:00"))
    forged = web.client.post(
        web.book_url("Mortgage consultation", "2026-11-23T13:00"),
        data={
            "csrf_token": csrf_of(form),
            "start": "2026-11-23T13:00",
            "agent": "",
            "name": "Dana Visitor",
            "email": "dana@example.com",
            f"field-{_field_id(web, 'Estimated loan amount')}": "1",
        },
    )
    assert forged.status_code == 422
    assert 'id="refused"' in text(forged)
    assert "please book at least 1 day ahead" in text(forged)


def test_the_earliest_self_service_day_keeps_days_off_the_page(web: Web) -> None:
    with web.sessions() as session:
        st.put(session, st.earliest_day_key("self-service"), 2, web.branch)
        session.commit()
    starts = {s[:10] for s, _ in _slots(web, "Account opening")}
    assert min(starts) == "2026-11-25"
    form = web.client.get(web.book_url("Account opening", "2026-11-25T10:00"))
    forged = web.client.post(
        web.book_url("Account opening", "2026-11-24T10:00"),
        data={
            "csrf_token": csrf_of(form),
            "start": "2026-11-24T10:00",
            "name": "Dana Visitor",
            "email": "dana@example.com",
        },
    )
    assert forged.status_code == 422
    assert "can no longer be booked online" in text(forged)


def test_the_disabled_window_applies_to_the_pages_only(web: Web) -> None:
    with web.sessions() as session:
        st.put(session, st.disabled_window_key("self-service"), 120, web.branch)
        session.commit()
    starts = [s for s, _ in _slots(web, "Account opening")]
    assert starts[0] == "2026-11-23T11:00"


def _slots(web: Web, name: str) -> list[tuple[str, str]]:
    from tests.web.conftest import slot_links

    return slot_links(web.client.get(web.service_url(name)))


def test_the_service_visitor_limit_applies_to_web_bookings(web: Web) -> None:
    loan = f"field-{_field_id(web, 'Estimated loan amount')}"
    first = web.book("Mortgage consultation", "2026-11-24T10:00", **{loan: "1"})
    assert first.status_code == 303
    second = web.book("Mortgage consultation", "2026-11-26T14:15", **{loan: "1"})
    assert second.status_code == 422
    page = text(second)
    assert "you already have the most appointments allowed for this service" in page
    assert "Dana Visitor already has" not in page  # never the desk's wording


def test_the_daily_maximum_counts_every_service_of_the_day(web: Web) -> None:
    with web.sessions() as session:
        st.put(session, st.SELF_SERVICE_MAX_PER_DAY, 1, web.branch)
        session.commit()
    assert web.book("Account opening", "2026-11-24T10:00").status_code == 303
    same_day = web.book("Notary", "2026-11-24T13:00", email="DANA@example.com")
    assert same_day.status_code == 422
    assert "the most appointments allowed for that day" in text(same_day)
    other_day = web.book("Notary", "2026-11-26T13:00")
    assert other_day.status_code == 303


def test_no_limit_when_the_daily_maximum_is_zero(web: Web) -> None:
    with web.sessions() as session:
        st.put(session, st.SELF_SERVICE_MAX_PER_DAY, 0, web.branch)
        session.commit()
    assert web.book("Account opening", "2026-11-24T10:00").status_code == 303
    assert web.book("Account opening", "2026-11-24T11:00").status_code == 303


def test_a_known_address_gets_the_same_answer_as_an_unknown_one(web: Web) -> None:
    with web.sessions() as session:
        session.add(
            Customer(
                name="Quentin Known",
                email="known@example.com",
                phone="+14165550123",
                notes="private note",
                search_text=search_text_for("Quentin Known", "+14165550123", "known@example.com"),
            )
        )
        session.commit()
    known = web.book("Account opening", "2026-11-24T10:00", name="Kim", email="known@example.com")
    unknown = web.book("Account opening", "2026-11-24T10:00", name="Kim", email="new@example.com")
    assert known.status_code == unknown.status_code == 303
    assert {k for k, _ in known.headers} == {k for k, _ in unknown.headers}
    known_page = text(web.client.get(known.headers["Location"]))
    unknown_page = text(web.client.get(unknown.headers["Location"]))
    for secret in ("Quentin", "known@example.com", "5550123", "private note"):
        assert secret not in known_page
    assert _without_names(known_page) == _without_names(unknown_page)
    with web.sessions() as session:
        record = session.scalars(select(Customer).where(Customer.name == "Quentin Known")).one()
        appt = session.scalars(
            select(Appointment).where(Appointment.customer_id == record.id)
        ).one()
        assert record.email == "known@example.com"  # never changed by a visitor
        assert appt.notes == "Typed on the self-service page: name Kim."
    # A refused form looks the same too.
    bad_known = web.book("Account opening", "2026-11-24T12:00", name="", email="known@example.com")
    bad_unknown = web.book("Account opening", "2026-11-24T12:00", name="", email="new2@example.com")
    assert bad_known.status_code == bad_unknown.status_code == 422
    assert _without_csrf(text(bad_known)).replace("known@", "X@") == _without_csrf(
        text(bad_unknown)
    ).replace("new2@", "X@")


def _without_names(page: str) -> str:
    """The two appointments differ only by the agent the branch assigned."""
    for name in ("Bob Chen", "Carla Diaz"):
        page = page.replace(name, "AGENT")
    return page.split("/m/", 1)[0]


def _without_csrf(page: str) -> str:
    import re

    return re.sub(r'name="csrf_token" value="[^"]+"', "", page)


def test_moving_and_cancelling_respect_the_lead_time_and_the_cancel_rule(web: Web) -> None:
    booked = web.book("Account opening", "2026-11-24T10:00")
    token = token_of(booked)
    with web.sessions() as session:
        session.execute(
            update(Service)
            .where(Service.id == web.ids["Account opening"])
            .values(allow_cancel=False, min_lead_min=2 * 24 * 60)
        )
        session.commit()
    page = text(web.client.get(f"/m/{token}"))
    assert f"/m/{token}/cancel" not in page
    assert f"/m/{token}/reschedule" not in page
    cancel_page = web.client.get(f"/m/{token}/cancel")
    assert "too late to change this appointment online" in text(cancel_page)
    form = web.client.get(web.book_url("Account opening", "2026-11-26T11:00"))
    forged = web.client.post(f"/m/{token}/cancel", data={"csrf_token": csrf_of(form)})
    assert forged.status_code == 422
    assert 'id="refused"' in text(forged)
    with web.sessions() as session:
        session.execute(
            update(Service).where(Service.id == web.ids["Account opening"]).values(min_lead_min=0)
        )
        session.commit()
    refused = web.client.get(f"/m/{token}/cancel")
    assert "cannot be cancelled online" in text(refused)
    assert f"/m/{token}/reschedule" in text(web.client.get(f"/m/{token}"))
    assert _status_of(web, token) == "confirmed"


def test_a_reschedule_to_a_time_taken_meanwhile_says_the_time_is_gone(web: Web) -> None:
    first = token_of(web.book("Notary", "2026-11-24T13:00"))
    choose = web.client.get(f"/m/{first}/reschedule")
    assert "2026-11-26T13:00" in slot_buttons(choose)
    other = web.book("Notary", "2026-11-26T13:00", name="Eve", email="eve@example.com")
    assert other.status_code == 303
    moved = web.client.post(
        f"/m/{first}/reschedule", data={"csrf_token": csrf_of(choose), "start": "2026-11-26T13:00"}
    )
    assert moved.status_code == 409
    assert 'id="time-gone"' in text(moved)
    assert _appointment(web, first).start_at == datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
