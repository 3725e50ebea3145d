"""The public pages one by one: what each shows, and the status code of each case."""

from __future__ import annotations

import re

from sqlalchemy import update

from app.models import Agent, Branch, Service
from tests.web.conftest import Web, slot_links, text

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


def test_a_single_branch_sends_the_visitor_straight_to_it(web: Web) -> None:
    response = web.client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/b/{web.branch}/"


def test_several_branches_are_listed_by_name_but_only_those_with_a_service(web: Web) -> None:
    with web.sessions() as session:
        harbour = Branch(name="Harbour", timezone="America/Halifax")
        empty = Branch(name="Empty", timezone="America/Toronto")
        session.add_all([harbour, empty])
        session.flush()
        session.add(Service(branch_id=harbour.id, name="Safe deposit", duration_min=20))
        session.commit()
        harbour_id, empty_id = harbour.id, empty.id
    page = text(web.client.get("/"))
    assert f'href="/b/{harbour_id}/"' in page
    assert f'href="/b/{web.branch}/"' in page
    assert f'href="/b/{empty_id}/"' not in page
    assert page.index("Harbour") < page.index("Riverside")


def test_the_branch_page_shows_greeting_theme_and_enabled_services(web: Web) -> None:
    response = web.client.get(f"/b/{web.branch}/")
    assert response.status_code == 200
    page = text(response)
    assert "Welcome to Riverside. Choose a service and a time that suits you." in page
    assert f'href="/b/{web.branch}/theme.css"' in page
    for name in ("Mortgage consultation", "Account opening", "Notary"):
        assert f'href="/b/{web.branch}/services/{web.ids[name]}/"' in page
    assert f'href="/b/{web.branch}/agents/{web.ids["Alice Martin"]}/"' in page
    theme = web.client.get(f"/b/{web.branch}/theme.css")
    assert theme.status_code == 200
    assert theme.mimetype == "text/css"
    assert "--theme: #1565c0;" in text(theme)


def test_a_bad_theme_colour_never_reaches_the_style_sheet(web: Web) -> None:
    with web.sessions() as session:
        session.execute(update(Branch).values(theme_color="red;}a{b"))
        session.commit()
    assert "--theme: #1565c0;" in text(web.client.get(f"/b/{web.branch}/theme.css"))


def test_logo_and_photo_are_served_only_as_images(web: Web) -> None:
    assert web.client.get(f"/b/{web.branch}/logo").status_code == 404
    with web.sessions() as session:
        session.execute(update(Branch).values(logo=PNG))
        session.execute(update(Agent).where(Agent.id == web.ids["Alice Martin"]).values(photo=PNG))
        session.execute(
            update(Agent).where(Agent.id == web.ids["Bob Chen"]).values(photo=b"<svg onload=x>")
        )
        session.commit()
    logo = web.client.get(f"/b/{web.branch}/logo")
    assert logo.status_code == 200
    assert logo.mimetype == "image/png"
    assert logo.data == PNG
    assert f'src="/b/{web.branch}/logo"' in text(web.client.get(f"/b/{web.branch}/"))
    alice = web.client.get(f"/b/{web.branch}/agents/{web.ids['Alice Martin']}/photo")
    assert alice.status_code == 200
    assert alice.mimetype == "image/png"
    bob = web.client.get(f"/b/{web.branch}/agents/{web.ids['Bob Chen']}/photo")
    assert bob.status_code == 404


def test_unknown_branch_service_and_agent_are_404(web: Web) -> None:
    for path in (
        "/b/999/",
        f"/b/{web.branch}/services/999/",
        f"/b/{web.branch}/agents/999/",
        "/b/999/services/1/",
        "/nothing-here",
    ):
        response = web.client.get(path)
        assert response.status_code == 404, path
        assert 'id="not-found"' in text(response)


def test_a_service_of_another_branch_is_not_found_under_this_one(web: Web) -> None:
    with web.sessions() as session:
        other = Branch(name="Harbour", timezone="America/Halifax")
        session.add(other)
        session.commit()
        other_id = other.id
    response = web.client.get(f"/b/{other_id}/services/{web.ids['Notary']}/")
    assert response.status_code == 404


def test_the_service_page_lists_free_times_as_slot_links(web: Web) -> None:
    response = web.client.get(web.service_url("Account opening"))
    assert response.status_code == 200
    page = text(response)
    assert "Times are Toronto time (EST)." in page
    slots = slot_links(response)
    # Now is 09:00 and account openings need no notice: the first is right now.
    assert slots[0] == (
        "2026-11-23T09:00",
        f"/b/{web.branch}/services/{web.ids['Account opening']}/book?start=2026-11-23T09:00&agent=",
    )
    days = {start[:10] for start, _ in slots}
    assert "2026-11-29" not in days  # Sunday: the branch is closed
    assert min(days) == "2026-11-23"
    assert max(days) <= "2026-11-29"
    # The branch assigns the agent for account openings: no choice offered.
    assert 'name="agent"' not in page.split('<div class="days">')[0]


def test_agent_choice_narrows_the_times_where_the_service_allows_it(web: Web) -> None:
    page = text(web.client.get(web.service_url("Mortgage consultation")))
    assert '<select name="agent" id="agent">' in page
    alice, bob = web.ids["Alice Martin"], web.ids["Bob Chen"]
    assert f'<option value="{alice}">Alice Martin</option>' in page
    both = slot_links(web.client.get(web.service_url("Mortgage consultation")))
    only_bob = slot_links(web.client.get(web.service_url("Mortgage consultation", agent=str(bob))))
    assert only_bob
    assert len(only_bob) < len(both)
    # Bob gives mortgages only on Tuesdays and Thursdays.
    assert {start[:10] for start, _ in only_bob} <= {"2026-11-24", "2026-11-26"}
    assert all(href.endswith(f"&agent={bob}") for _, href in only_bob)
    # Min lead is a day: nothing on Monday itself.
    assert all(not start.startswith("2026-11-23") for start, _ in both)


def test_an_agent_of_a_service_without_choice_is_ignored(web: Web) -> None:
    bob = web.ids["Bob Chen"]
    plain = slot_links(web.client.get(web.service_url("Account opening")))
    asked = slot_links(web.client.get(web.service_url("Account opening", agent=str(bob))))
    assert asked == plain


def test_paging_moves_by_the_days_shown_and_never_before_today(web: Web) -> None:
    first = web.client.get(web.service_url("Account opening"))
    page = text(first)
    assert 'class="previous"' not in page
    following = re.search(r'<a class="next" href="([^"]+)"', page)
    assert following is not None
    assert "from=2026-11-30" in following.group(1)
    second = web.client.get(web.service_url("Account opening", **{"from": "2026-11-30"}))
    starts = [s for s, _ in slot_links(second)]
    assert starts
    assert min(starts) >= "2026-11-30"
    assert 'class="previous"' in text(second)
    past = web.client.get(web.service_url("Account opening", **{"from": "2020-01-01"}))
    assert slot_links(past)[0][0] == "2026-11-23T09:00"


def test_a_month_of_days_can_be_asked_for_at_once(web: Web) -> None:
    response = web.client.get(web.service_url("Mortgage consultation", days="30"))
    days = {start[:10] for start, _ in slot_links(response)}
    assert "2026-12-21" in days
    assert "2026-12-23" not in days  # 30 days from Monday 23 November end on 22 December
    assert text(response).count('class="day"') == 30


def test_a_disabled_service_leaves_the_branch_page_and_says_not_available(web: Web) -> None:
    with web.sessions() as session:
        session.execute(update(Service).where(Service.id == web.ids["Notary"]).values(active=False))
        session.commit()
    branch_page = text(web.client.get(f"/b/{web.branch}/"))
    assert f"/services/{web.ids['Notary']}/" not in branch_page
    response = web.client.get(web.service_url("Notary"))
    assert response.status_code == 404
    assert 'id="not-available"' in text(response)
    form = web.client.get(web.book_url("Notary", "2026-11-24T13:00"))
    assert form.status_code == 404
    assert 'id="not-available"' in text(form)


def test_a_service_without_agents_takes_no_appointments(web: Web) -> None:
    with web.sessions() as session:
        lonely = Service(branch_id=web.branch, name="Tax advice", duration_min=30)
        session.add(lonely)
        session.commit()
        lonely_id = lonely.id
    response = web.client.get(f"/b/{web.branch}/services/{lonely_id}/")
    assert response.status_code == 200
    assert 'id="no-appointments"' in text(response)
    assert 'class="slot"' not in text(response)


def test_the_agent_page_shows_bio_and_links_services_with_the_agent(web: Web) -> None:
    alice = web.ids["Alice Martin"]
    response = web.client.get(f"/b/{web.branch}/agents/{alice}/")
    assert response.status_code == 200
    page = text(response)
    assert "Mortgage advisor, twelve years at the branch." in page
    assert (
        f'href="/b/{web.branch}/services/{web.ids["Mortgage consultation"]}/?agent={alice}"' in page
    )
    assert "Services with Alice Martin" in page
    assert f"/services/{web.ids['Notary']}/" not in page


def test_an_inactive_agent_has_no_page(web: Web) -> None:
    with web.sessions() as session:
        session.execute(update(Agent).where(Agent.id == web.ids["Bob Chen"]).values(active=False))
        session.commit()
    assert web.client.get(f"/b/{web.branch}/agents/{web.ids['Bob Chen']}/").status_code == 404


def test_the_booking_form_has_the_contract_inputs(web: Web) -> None:
    response = web.client.get(web.book_url("Mortgage consultation", "2026-11-24T10:00"))
    assert response.status_code == 200
    page = text(response)
    for needle in (
        'name="name"',
        'name="email"',
        'name="phone"',
        'name="csrf_token"',
        'type="hidden" name="start" value="2026-11-24T10:00"',
        'type="hidden" name="agent" value=""',
        '<button type="submit" id="confirm">Send the request</button>',
        "Estimated loan amount *",
        "Property address",
        "Tuesday 24 November 2026, 10:00 (EST)",
    ):
        assert needle in page, needle
    confirm = text(web.client.get(web.book_url("Account opening", "2026-11-23T10:00")))
    assert '<button type="submit" id="confirm">Confirm the appointment</button>' in confirm


def test_a_form_for_a_time_not_offered_says_the_time_is_gone(web: Web) -> None:
    response = web.client.get(web.book_url("Account opening", "2026-11-29T10:00"))  # Sunday
    assert response.status_code == 409
    page = text(response)
    assert 'id="time-gone"' in page
    assert f'href="/b/{web.branch}/services/{web.ids["Account opening"]}/"' in page


def test_a_malformed_start_is_not_a_page(web: Web) -> None:
    for start in ("tomorrow", "2026-11-24", "2026-13-01T10:00", ""):
        response = web.client.get(web.book_url("Account opening", start))
        assert response.status_code == 404, start


def test_a_method_a_page_does_not_take_is_405(web: Web) -> None:
    response = web.client.post(f"/b/{web.branch}/", data={})
    assert response.status_code == 405
    assert 'id="not-allowed"' in text(response)
    assert "GET" in response.headers["Allow"]
    assert web.client.delete("/m/whatever/cancel").status_code == 405


def test_an_agent_who_does_not_give_the_service_offers_no_time(web: Web) -> None:
    carla = web.ids["Carla Diaz"]  # no mortgages
    response = web.client.get(web.book_url("Mortgage consultation", "2026-11-24T13:00", str(carla)))
    assert response.status_code == 409
    assert 'id="time-gone"' in text(response)
    assert (
        web.client.get(web.book_url("Mortgage consultation", "2026-11-24T13:00", "999")).status_code
        == 409
    )


def test_moving_an_appointment_whose_agent_left_offers_no_time(web: Web) -> None:
    from tests.web.conftest import token_of

    token = token_of(web.book("Notary", "2026-11-24T13:00"))
    with web.sessions() as session:
        session.execute(update(Agent).where(Agent.id == web.ids["Carla Diaz"]).values(active=False))
        session.commit()
    response = web.client.get(f"/m/{token}/reschedule")
    assert response.status_code == 200
    assert 'id="no-times"' in text(response)
    assert 'class="slot"' not in text(response)
