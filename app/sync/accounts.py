"""Connecting agents' calendar accounts: add, list, remove, and their scheduled sync jobs.

The password goes to the OS keyring (:mod:`app.sync.secrets`); the database keeps only
the keyring entry's name. Each enabled account is one scheduled job, ``sync:<id>``, at
the account's interval (:func:`register_jobs`); a desk calls it at start and after
accounts change, then ``DeskScheduler.sync_jobs()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import audit, permissions
from app.booking.errors import BookingError, NotFound
from app.booking.permissions import Actor
from app.jobs import registry
from app.jobs.leases import Job
from app.models import Agent, CalendarAccount, OutboxItem
from app.models.sync import PROVIDERS
from app.sync import secrets
from app.sync.outbox import KIND

JOB_PREFIX = "sync:"
#: Calendars checked for conflicts per account, besides the target one.
MAX_CHECKED = 4


@dataclass(frozen=True)
class AccountRow:
    """One account as lists show it: never with its secret."""

    id: int
    agent: str
    provider: str
    username: str | None
    server_url: str | None
    target_calendar: str | None
    checked: list[str]
    enabled: bool
    interval_min: int
    last_success_at: datetime | None
    next_run_at: datetime | None
    waiting: int
    failed: int
    last_error: str | None
    conflicts: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "agent": self.agent,
            "provider": self.provider,
            "username": self.username,
            "server_url": self.server_url,
            "target_calendar": self.target_calendar,
            "checked": self.checked,
            "enabled": self.enabled,
            "interval_min": self.interval_min,
            "last_success_at": self.last_success_at.isoformat() if self.last_success_at else None,
            "next_run_at": self.next_run_at.isoformat() if self.next_run_at else None,
            "waiting": self.waiting,
            "failed": self.failed,
            "last_error": self.last_error,
            "conflicts": self.conflicts,
        }


def add_account(
    session: Session,
    actor: Actor,
    now: datetime,
    *,
    agent_id: int,
    provider: str,
    server_url: str | None,
    username: str | None,
    password: str | None,
    target_calendar: str | None,
    checked: list[str] | None = None,
    interval_min: int = 5,
    display_name: str = "",
) -> CalendarAccount:
    """Connect a calendar account of an agent (does not commit).

    ``target_calendar`` None: the branch's appointments are not added to a calendar.
    Raises ``BookingError`` in plain words (unknown provider, too many calendars, keyring
    refused).
    """
    actor.require(permissions.ADMINISTER)
    if provider not in PROVIDERS:
        raise BookingError(
            "unknown_provider",
            f"Calendar accounts can be of type {', '.join(PROVIDERS)}, not {provider!r}.",
        )
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFound("agent", agent_id)
    check = [c for c in dict.fromkeys(checked or []) if c and c != target_calendar]
    if len(check) > MAX_CHECKED:
        raise BookingError(
            "too_many_calendars",
            f"At most {MAX_CHECKED} calendars can be checked for conflicts per account.",
        )
    if interval_min < 1:
        raise BookingError("invalid_interval", "The sync interval must be at least a minute.")
    ref = secrets.new_ref(provider, username) if password else None
    if ref is not None and password is not None:
        try:
            secrets.set_password(ref, password)
        except secrets.SecretStoreError as exc:
            raise BookingError("keyring_unavailable", str(exc)) from None
    account = CalendarAccount(
        agent_id=agent_id,
        provider=provider,
        display_name=display_name or f"{agent.name} ({provider})",
        username=username,
        server_url=server_url,
        options={"check": check},
        target_calendar=target_calendar,
        keyring_ref=ref,
        enabled=True,
        interval_min=interval_min,
        next_run_at=now,
    )
    session.add(account)
    session.flush()
    audit.record(
        session,
        actor,
        now,
        "calendar_account.add",
        "calendar_account",
        account.id,
        None,
        {"agent_id": agent_id, "provider": provider, "username": username, "url": server_url},
    )
    return account


def remove_account(session: Session, actor: Actor, account_id: int, now: datetime) -> None:
    """Disconnect an account: its busy time, links and queued writes go, and its password
    leaves the keyring. Events already written stay in the agent's calendar."""
    actor.require(permissions.ADMINISTER)
    account = session.get(CalendarAccount, account_id)
    if account is None:
        raise NotFound("calendar account", account_id)
    ref = account.keyring_ref
    audit.record(
        session,
        actor,
        now,
        "calendar_account.remove",
        "calendar_account",
        account_id,
        {"agent_id": account.agent_id, "provider": account.provider},
        None,
    )
    session.delete(account)
    session.flush()
    if ref:
        try:
            secrets.delete_password(ref)
        except secrets.SecretStoreError as exc:
            raise BookingError("keyring_unavailable", str(exc)) from None
    registry.unregister(job_name(account_id))


def list_accounts(session: Session) -> list[AccountRow]:
    """Every account with its last success, next run, queued and failed writes."""
    counts: dict[tuple[int, str], int] = {}
    for account_id, state, count in session.execute(
        select(OutboxItem.account_id, OutboxItem.state, func.count())
        .where(OutboxItem.kind == KIND, OutboxItem.account_id.is_not(None))
        .group_by(OutboxItem.account_id, OutboxItem.state)
    ):
        if account_id is not None:
            counts[(int(account_id), str(state))] = int(count)
    from app.sync.engine import conflicts

    open_conflicts: dict[int, int] = {}
    rows: list[AccountRow] = []
    accounts = session.scalars(select(CalendarAccount).order_by(CalendarAccount.id)).all()
    for account in accounts:
        open_conflicts[account.id] = len(conflicts(session, account.id))
        agent = session.get(Agent, account.agent_id)
        rows.append(
            AccountRow(
                id=account.id,
                agent=agent.name if agent else f"agent {account.agent_id}",
                provider=account.provider,
                username=account.username,
                server_url=account.server_url,
                target_calendar=account.target_calendar,
                checked=list((account.options or {}).get("check") or []),
                enabled=account.enabled,
                interval_min=account.interval_min,
                last_success_at=account.last_success_at,
                next_run_at=account.next_run_at,
                waiting=counts.get((account.id, "pending"), 0),
                failed=counts.get((account.id, "failed"), 0),
                last_error=account.last_error,
                conflicts=open_conflicts[account.id],
            )
        )
    return rows


def job_name(account_id: int) -> str:
    return f"{JOB_PREFIX}{account_id}"


def sync_job(account_id: int) -> Job:
    """The scheduled job of one account: one sync round, summarised in a line."""

    def run(sessions: sessionmaker[Session], now: datetime) -> str:
        from app.sync.engine import sync_account

        return sync_account(sessions, account_id, now).summary()

    return run


def register_jobs(sessions: sessionmaker[Session]) -> list[str]:
    """Register one scheduled job per enabled account and drop those of removed or
    disabled accounts; returns the registered names."""
    with sessions() as session:
        enabled = [
            (a.id, a.interval_min)
            for a in session.scalars(
                select(CalendarAccount).where(CalendarAccount.enabled.is_(True))
            )
        ]
    names = []
    for account_id, minutes in enabled:
        minutes = max(1, minutes)
        registry.register(
            registry.JobSpec(
                job_name(account_id),
                timedelta(minutes=minutes),
                sync_job(account_id),
                f"every {minutes} minute{'s' if minutes != 1 else ''}",
                order=40,
                ttl=timedelta(minutes=30),
            )
        )
        names.append(job_name(account_id))
    for spec in registry.specs():
        if spec.name.startswith(JOB_PREFIX) and spec.name not in names:
            registry.unregister(spec.name)
    return names
