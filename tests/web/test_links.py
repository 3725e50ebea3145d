"""Page addresses (app.web.links) and the private link in the customer's e-mails."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import settings as st
from app.models import OutboxItem
from app.notify import templates
from app.web import links
from tests.web.conftest import Web, token_of


def test_paths() -> None:
    assert links.branch_path(1) == "/b/1/"
    assert links.service_path(1, 2) == "/b/1/services/2/"
    assert links.service_path(1, 2, 3) == "/b/1/services/2/?agent=3"
    assert links.agent_path(1, 3) == "/b/1/agents/3/"
    assert links.manage_path("abc-_9") == "/m/abc-_9"
    assert links.manage_path("a/b?c") == "/m/a%2Fb%3Fc"


def test_absolute_joins_with_one_slash() -> None:
    for base in ("https://book.riverside.example", "https://book.riverside.example/"):
        assert links.absolute(base, "/m/x") == "https://book.riverside.example/m/x"
    assert (
        links.absolute("http://desk.local:8080/book", "/b/1/") == "http://desk.local:8080/book/b/1/"
    )


def test_public_url_from_the_setting_branch_first(sessions: sessionmaker[Session]) -> None:
    from tests.support.riverside import apply_riverside, ids

    apply_riverside(sessions)
    with sessions() as session:
        branch = ids(session)["branch"]
        assert links.public_url(session) is None
        assert links.public_url(session, branch) is None
        st.put(session, st.WEB_PUBLIC_URL, "https://book.bank.example/")
        assert links.public_url(session) == "https://book.bank.example"
        assert links.public_url(session, branch) == "https://book.bank.example"
        st.put(session, st.WEB_PUBLIC_URL, "https://riverside.example", branch)
        assert links.public_url(session, branch) == "https://riverside.example"
        assert links.public_url(session) == "https://book.bank.example"


def test_the_links_lead_to_the_pages(web: Web) -> None:
    alice = web.ids["Alice Martin"]
    mortgage = web.ids["Mortgage consultation"]
    assert web.client.get(links.branch_path(web.branch)).status_code == 200
    assert web.client.get(links.agent_path(web.branch, alice)).status_code == 200
    page = web.client.get(links.service_path(web.branch, mortgage, alice))
    assert page.status_code == 200
    assert f'<option value="{alice}" selected>' in page.get_data(as_text=True)


def _mail_setup(web: Web, public: str | None) -> None:
    with web.sessions() as session:
        st.put(session, st.MAIL_HOST, "smtp.riverside.example", web.branch)
        st.put(session, st.MAIL_FROM_ADDRESS, "desk@riverside.example", web.branch)
        if public is not None:
            st.put(session, st.WEB_PUBLIC_URL, public, web.branch)
        session.commit()


def _customer_mail(web: Web) -> str:
    with web.sessions() as session:
        items = session.scalars(select(OutboxItem).order_by(OutboxItem.id)).all()
        bodies = [i.payload["body"] for i in items if i.payload.get("recipient") == "customer"]
    assert len(bodies) == 1
    return str(bodies[0])


def test_the_confirmation_mail_carries_the_private_link(web: Web) -> None:
    _mail_setup(web, "https://book.riverside.example")
    token = token_of(web.book("Account opening", "2026-11-24T10:00"))
    body = _customer_mail(web)
    assert f"https://book.riverside.example/m/{token}" in body
    assert "{!" not in body


def test_without_a_public_address_the_mail_has_no_link_and_no_hole(web: Web) -> None:
    _mail_setup(web, None)
    web.book("Account opening", "2026-11-24T10:00")
    body = _customer_mail(web)
    assert "/m/" not in body
    assert "\n\n\n" not in body
    assert body.endswith("\n\nRiverside")


def test_the_placeholder_is_known_and_used_by_the_customer_defaults() -> None:
    assert templates.MANAGE_LINK in templates.PLACEHOLDERS
    templates.check_template("See {!Manage Link}", None)
    with_link = {
        event
        for (event, recipient), template in templates.DEFAULTS.items()
        if recipient == "customer" and "{!Manage Link}" in template.body
    }
    assert with_link == {"request_received", "confirmed", "created", "rescheduled", "reminder"}
    assert not any(
        "{!Manage Link}" in t.body for (_, r), t in templates.DEFAULTS.items() if r == "agent"
    )
