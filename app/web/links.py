"""Addresses of the self-service pages, as plain strings.

The desk (copy-link buttons), the e-mail templates and the web views all build their links
here, so a page's address is spelt in one place. Nothing here imports Flask: paths are
relative to the site's root, and :func:`absolute` joins one to the public base address the
branch configured (the ``web.public_url`` setting, read by :func:`public_url`).

Ids, never names, appear in paths: a branch, service or agent id is public; an appointment
is reached only through its unguessable ``manage_token``.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from sqlalchemy.orm import Session

from app.booking import settings


def branch_path(branch_id: int) -> str:
    """The branch's page: its greeting and the services customers can book."""
    return f"/b/{int(branch_id)}/"


def service_path(branch_id: int, service_id: int, agent_id: int | None = None) -> str:
    """A service's free times, optionally narrowed to one agent (``?agent=``)."""
    path = f"/b/{int(branch_id)}/services/{int(service_id)}/"
    if agent_id is not None:
        path += "?" + urlencode({"agent": int(agent_id)})
    return path


def agent_path(branch_id: int, agent_id: int) -> str:
    """An agent's page: bio and the services the agent takes."""
    return f"/b/{int(branch_id)}/agents/{int(agent_id)}/"


def manage_path(token: str) -> str:
    """The customer's private page for one appointment (view, reschedule, cancel).

    The token is quoted so that a stray character can never change the path's meaning.
    """
    return "/m/" + quote(token, safe="")


def public_url(session: Session, branch_id: int | None = None) -> str | None:
    """The public base address of the pages (``web.public_url``), without a final slash;
    None when the pages are not published. A branch's own value wins over the global one."""
    value = settings.get(session, settings.WEB_PUBLIC_URL, branch_id)
    return str(value).rstrip("/") if value else None


def absolute(base: str, path: str) -> str:
    """``path`` (from the functions above) under the public ``base`` address, with exactly
    one slash between them."""
    return base.rstrip("/") + "/" + path.lstrip("/")
