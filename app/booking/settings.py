"""General settings with their defaults; stored in the ``settings`` table as JSON.

Scope ``"global"`` applies everywhere; ``"branch:<id>"`` overrides it for one branch.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking.errors import BookingError
from app.models import Setting

#: Which contact details a customer must have: "email", "phone", "both", "either", "none".
CONTACT_REQUIREMENT = "contact_requirement"
CONTACT_CHOICES = ("email", "phone", "both", "either", "none")
#: ISO 3166 region ("CA") that reads and shows local phone numbers; None: from the branch.
PHONE_REGION = "phone_region"

#: Show-as values of agents' external events that block slots ("busy" always does).
BLOCKING_SHOW_AS = "blocking_show_as"
SHOW_AS_CHOICES = ("busy", "tentative", "oof", "workingElsewhere", "unknown", "free")
#: Share (0 to 1) of a service's agents that must be free for an "any agent" slot.
MIN_AGENT_SHARE = "min_agent_share"


def earliest_day_key(audience: str) -> str:
    """Days from today (branch time) before the first bookable day; 0 = today."""
    return f"earliest_bookable_day.{audience}"


def disabled_window_key(audience: str) -> str:
    """Minutes after now in which nothing can be booked."""
    return f"disabled_window_min.{audience}"


DEFAULTS: dict[str, Any] = {
    CONTACT_REQUIREMENT: "either",
    PHONE_REGION: None,
    BLOCKING_SHOW_AS: ["busy", "tentative", "workingElsewhere", "oof"],
    MIN_AGENT_SHARE: 0.0,
    earliest_day_key("desk"): 0,
    earliest_day_key("self-service"): 0,
    disabled_window_key("desk"): 0,
    disabled_window_key("self-service"): 0,
}

VALIDATORS: dict[str, tuple[str, ...]] = {CONTACT_REQUIREMENT: CONTACT_CHOICES}


def scope_for(branch_id: int | None) -> str:
    return "global" if branch_id is None else f"branch:{branch_id}"


def get(session: Session, key: str, branch_id: int | None = None) -> Any:
    """The branch's value, else the global one, else the default."""
    return get_many(session, [key], branch_id)[key]


def get_many(session: Session, keys: list[str], branch_id: int | None = None) -> dict[str, Any]:
    """Several settings in one query, each resolved as :func:`get` does."""
    scopes = [scope_for(branch_id)] if branch_id is not None else []
    scopes.append("global")
    rows = {
        (s.scope, s.key): s.value
        for s in session.scalars(
            select(Setting).where(Setting.key.in_(keys), Setting.scope.in_(scopes))
        )
    }
    out: dict[str, Any] = {}
    for key in keys:
        out[key] = next(
            (rows[(scope, key)] for scope in scopes if (scope, key) in rows), DEFAULTS.get(key)
        )
    return out


def put(session: Session, key: str, value: Any, branch_id: int | None = None) -> None:
    allowed = VALIDATORS.get(key)
    if allowed is not None and value not in allowed:
        raise BookingError(
            "invalid_setting", f"{key} must be one of {', '.join(allowed)}, not {value!r}."
        )
    scope = scope_for(branch_id)
    row = session.scalars(select(Setting).where(Setting.key == key, Setting.scope == scope)).first()
    if row is None:
        session.add(Setting(scope=scope, key=key, value=value))
    else:
        row.value = value
