"""The self-service pages end to end: a customer in a real headless Chromium against a
real ``frontdesk serve``, and the desk reading the same database through app.booking.

Riverside at Monday 23 November 2026, 09:00 Toronto (the server's ``--now``): Account
opening is bookable from now on with the agent assigned by the branch; Notary only on
Tuesday and Thursday afternoons with Carla Diaz, so a desk booking can take its time.
Every scenario runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import appointments
from app.booking.appointments import BookingRequest, NewCustomer
from app.booking.permissions import load_actor
from app.booking.transactions import run_write
from app.models import Appointment
from tests.support.riverside import MONDAY_9AM, ids
from tests.web_e2e.conftest import PHONE_WIDTH, Site, screenshot

TORONTO = ZoneInfo("America/Toronto")
WAIT = 20


def wait_for(driver: webdriver.Chrome, css: str) -> WebElement:
    found: WebElement = WebDriverWait(driver, WAIT).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )
    return found


def click_and_wait(driver: webdriver.Chrome, element: WebElement, css: str) -> WebElement:
    """Click ``element`` (a link or a submit button) and wait for the next page's ``css``."""
    element.click()
    WebDriverWait(driver, WAIT).until(expected_conditions.staleness_of(element))
    return wait_for(driver, css)


def local_start(data_start: str) -> datetime:
    return datetime.fromisoformat(data_start).replace(tzinfo=TORONTO)


def self_service(sessions: sessionmaker[Session]) -> list[dict[str, object]]:
    """What the desk lists of the appointments booked on the pages (its own query)."""
    with sessions() as session:
        found = appointments.list_between(
            session, MONDAY_9AM, MONDAY_9AM.replace(year=2027), branch_id=ids(session)["branch"]
        )
        return [appointments.to_json(a, TORONTO) for a in found if a.source == "self-service"]


def status_predicate(sessions: sessionmaker[Session], appointment_id: int) -> str | None:
    with sessions() as session:
        return appointments.get(session, appointment_id).status.predicate


def fill_contact(driver: webdriver.Chrome, name: str, email: str, phone: str) -> None:
    for field, value in (("name", name), ("email", email), ("phone", phone)):
        box = driver.find_element(By.NAME, field)
        box.clear()
        box.send_keys(value)


def http(site: Site, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
    """A plain request (no browser, no cookie): the status and the body."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(site.url(path), data=body)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def main_part(html: str) -> str:
    found = re.search(r"<main>(.*)</main>", html, re.S)
    assert found is not None, html[:300]
    return found.group(1)


def test_a_customer_books_reschedules_and_cancels_and_the_desk_sees_each_step(
    browser: webdriver.Chrome, site: Site, riverside: sessionmaker[Session], shots: Path
) -> None:
    with riverside() as session:
        known = ids(session)
    branch, account = known["branch"], known["Account opening"]

    browser.get(site.url(f"/b/{branch}/"))
    wait_for(browser, "main")
    assert "Welcome to Riverside" in browser.page_source
    screenshot(browser, shots, "branch")
    screenshot(browser, shots, "branch_phone", PHONE_WIDTH)
    link = browser.find_element(By.LINK_TEXT, "Account opening")
    first_slot = click_and_wait(browser, link, "a.slot")
    assert browser.current_url.startswith(site.url(f"/b/{branch}/services/{account}/"))
    assert "Toronto" in browser.find_element(By.CSS_SELECTOR, "main").text
    screenshot(browser, shots, "service")
    screenshot(browser, shots, "service_phone", PHONE_WIDTH)

    chosen = str(first_slot.get_attribute("data-start"))
    assert local_start(chosen) >= MONDAY_9AM  # nothing in the past is offered
    click_and_wait(browser, first_slot, "#confirm")
    assert f"start={chosen}" in urllib.parse.unquote(browser.current_url)
    fill_contact(browser, "Nora Singh", "nora.singh@example.com", "416 555 0142")
    screenshot(browser, shots, "form")
    screenshot(browser, shots, "form_phone", PHONE_WIDTH)
    outcome = click_and_wait(browser, browser.find_element(By.ID, "confirm"), "#outcome")
    assert outcome.get_attribute("data-status") == "confirmed"
    manage_url = browser.current_url
    token = manage_url.rsplit("/m/", 1)[1]
    assert len(token) >= 20
    screenshot(browser, shots, "confirmation")

    booked = self_service(riverside)
    assert len(booked) == 1
    first = booked[0]
    assert first["start"] == local_start(chosen).isoformat()
    assert dict(first["customer"])["name"] == "Nora Singh"  # type: ignore[call-overload]
    assert first["service"] == "Account opening"
    assert first["agent"] in ("Bob Chen", "Carla Diaz")
    appointment_id = int(str(first["id"]))
    assert status_predicate(riverside, appointment_id) == "confirmation"
    with riverside() as session:  # the private link is the token, never the id
        assert session.get(Appointment, appointment_id).manage_token == token  # type: ignore[union-attr]

    # Reschedule: another free time of the same week.
    reschedule = browser.find_element(By.ID, "reschedule")
    wait = click_and_wait(browser, reschedule, "button.slot")
    assert wait.is_displayed()
    screenshot(browser, shots, "reschedule")
    offered = [
        b.get_attribute("data-start")
        for b in browser.find_elements(By.CSS_SELECTOR, "button.slot")
        if b.is_enabled()
    ]
    assert chosen not in offered  # the time it has now is not offered again
    later = [
        b
        for b in browser.find_elements(By.CSS_SELECTOR, "button.slot")
        if b.is_enabled() and str(b.get_attribute("data-start")) > chosen
    ]
    moved_to = str(later[3].get_attribute("data-start"))
    outcome = click_and_wait(browser, later[3], "#outcome")
    assert browser.current_url == manage_url
    assert outcome.get_attribute("data-status") == "rescheduled"
    moved = self_service(riverside)
    assert [m["id"] for m in moved] == [appointment_id]
    assert moved[0]["start"] == local_start(moved_to).isoformat()
    assert status_predicate(riverside, appointment_id) == "confirmation"

    # Cancel.
    click_and_wait(browser, browser.find_element(By.ID, "cancel"), "#confirm-cancel")
    screenshot(browser, shots, "cancel")
    browser.find_element(By.ID, "reason").send_keys("Found a closer branch")
    outcome = click_and_wait(browser, browser.find_element(By.ID, "confirm-cancel"), "#outcome")
    assert outcome.get_attribute("data-status") == "cancelled"
    assert browser.find_elements(By.ID, "reschedule") == []
    assert browser.find_elements(By.ID, "cancel") == []
    screenshot(browser, shots, "cancelled")
    assert status_predicate(riverside, appointment_id) == "cancellation"
    with riverside() as session:
        row = session.get(Appointment, appointment_id)
        assert row is not None
        assert row.source == "self-service"


def test_a_request_needing_approval_says_request_received(
    browser: webdriver.Chrome, site: Site, riverside: sessionmaker[Session], shots: Path
) -> None:
    with riverside() as session:
        known = ids(session)
    branch, mortgage = known["branch"], known["Mortgage consultation"]
    browser.get(site.url(f"/b/{branch}/services/{mortgage}/?agent={known['Alice Martin']}"))
    slot = wait_for(browser, "a.slot")
    assert f"agent={known['Alice Martin']}" in str(slot.get_attribute("href"))
    click_and_wait(browser, slot, "#confirm")
    fill_contact(browser, "Omar Haddad", "omar@example.com", "")
    browser.find_element(By.ID, "confirm").click()
    error = wait_for(browser, ".error")  # the required loan amount is missing
    assert browser.find_element(By.NAME, "name").get_attribute("value") == "Omar Haddad"
    screenshot(browser, shots, "form_errors")
    assert error.is_displayed()
    assert self_service(riverside) == []
    fields = browser.find_elements(By.CSS_SELECTOR, "input[name^='field-']")
    amount = [f for f in fields if f.get_attribute("id") and "loan" in f.get_attribute("id")]
    target = amount[0] if amount else fields[-1]
    target.send_keys("350000")
    outcome = click_and_wait(browser, browser.find_element(By.ID, "confirm"), "#outcome")
    assert outcome.get_attribute("data-status") == "requested"
    [request] = self_service(riverside)
    assert request["agent"] == "Alice Martin"
    assert status_predicate(riverside, int(str(request["id"]))) == "start"


def test_a_desk_booking_while_the_customer_fills_the_form_makes_the_time_gone(
    browser: webdriver.Chrome, site: Site, riverside: sessionmaker[Session], shots: Path
) -> None:
    with riverside() as session:
        known = ids(session)
    branch, notary = known["branch"], known["Notary"]
    browser.get(site.url(f"/b/{branch}/services/{notary}/"))
    slot = wait_for(browser, "a.slot")
    chosen = str(slot.get_attribute("data-start"))
    click_and_wait(browser, slot, "#confirm")
    fill_contact(browser, "Lea Tremblay", "lea@example.com", "")

    # Meanwhile, at the desk, the same time is given to a walk-in.
    run_write(
        riverside,
        lambda s: appointments.book(
            s,
            load_actor(s),
            BookingRequest(
                service_id=notary,
                start=local_start(chosen),
                new_customer=NewCustomer("Walk-in customer", phone="+14165550199"),
                agent_id=known["Carla Diaz"],
                source="walk-in",
            ),
            MONDAY_9AM,
        ),
    )
    gone = click_and_wait(browser, browser.find_element(By.ID, "confirm"), "#time-gone")
    assert gone.is_displayed()
    screenshot(browser, shots, "time_gone")
    back = browser.find_elements(By.CSS_SELECTOR, "main a")
    assert any(f"/b/{branch}/services/{notary}/" in str(a.get_attribute("href")) for a in back)
    assert self_service(riverside) == []
    with riverside() as session:
        sources = session.scalars(select(Appointment.source)).all()
    assert sources == ["walk-in"]


def test_forged_posts_and_bad_private_links_are_refused(
    browser: webdriver.Chrome, site: Site, riverside: sessionmaker[Session], shots: Path
) -> None:
    with riverside() as session:
        known = ids(session)
    branch, account = known["branch"], known["Account opening"]
    browser.get(site.url(f"/b/{branch}/services/{account}/"))
    click_and_wait(browser, wait_for(browser, "a.slot"), "#confirm")
    fill_contact(browser, "Mallory", "mallory@example.com", "")

    # A wrong token in the page's own form, with the browser's session cookie.
    browser.execute_script(
        "document.querySelector('input[name=csrf_token]').value = 'forged-token'"
    )
    refused = click_and_wait(browser, browser.find_element(By.ID, "confirm"), "#bad-request")
    assert refused.is_displayed()
    screenshot(browser, shots, "bad_request")
    # No token at all.
    browser.back()
    wait_for(browser, "#confirm")
    browser.execute_script("document.querySelector('input[name=csrf_token]').remove()")
    fill_contact(browser, "Mallory", "mallory@example.com", "")
    click_and_wait(browser, browser.find_element(By.ID, "confirm"), "#bad-request")
    # A post from elsewhere: no cookie, no token.
    form_path = f"/b/{branch}/services/{account}/book?start=2026-11-23T10:00&agent="
    status, _body = http(site, form_path, {"name": "Mallory", "email": "m@example.com"})
    assert status == 400
    assert self_service(riverside) == []

    # An unknown private link is the same 404 page as any missing page.
    browser.get(site.url("/m/not-a-real-token"))
    assert wait_for(browser, "#not-found").is_displayed()
    screenshot(browser, shots, "not_found")
    status, unknown = http(site, "/m/not-a-real-token")
    assert status == 404
    missing_status, missing = http(site, "/no/such/page")
    assert missing_status == 404
    assert main_part(unknown) == main_part(missing)
    for path in ("/m/not-a-real-token/cancel", "/m/not-a-real-token/reschedule"):
        assert http(site, path)[0] == 404
        assert http(site, path, {"csrf_token": "x"})[0] in (400, 404)


def test_the_pages_in_french(
    browser: webdriver.Chrome, site: Site, riverside: sessionmaker[Session], shots: Path
) -> None:
    with riverside() as session:
        known = ids(session)
    branch, account = known["branch"], known["Account opening"]
    browser.get(site.url(f"/b/{branch}/?lang=fr"))
    wait_for(browser, "main")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr-CA"
    assert "Choisissez un service" in browser.page_source
    screenshot(browser, shots, "branch_fr")
    browser.get(site.url(f"/b/{branch}/services/{account}/?lang=fr"))
    wait_for(browser, "a.slot")
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Les heures sont à l'heure de" in text
    assert "Toronto" in text
    screenshot(browser, shots, "service_fr")
    switch = browser.find_element(By.CSS_SELECTOR, "a.lang")
    assert switch.text == "English"


def test_no_page_is_wider_than_a_phone(
    browser: webdriver.Chrome, site: Site, riverside: sessionmaker[Session]
) -> None:
    with riverside() as session:
        known = ids(session)
    branch = known["branch"]
    pages = [
        f"/b/{branch}/",
        f"/b/{branch}/services/{known['Account opening']}/",
        f"/b/{branch}/services/{known['Mortgage consultation']}/",
        f"/b/{branch}/agents/{known['Alice Martin']}/",
        "/m/nothing-here",
    ]
    browser.set_window_size(PHONE_WIDTH, 800)
    too_wide = []
    for path in pages:
        browser.get(site.url(path))
        wait_for(browser, "main")
        width = int(browser.execute_script("return document.documentElement.scrollWidth"))
        inner = int(browser.execute_script("return window.innerWidth"))
        if width > inner:
            too_wide.append(f"{path}: {width} > {inner}")
    assert too_wide == []
