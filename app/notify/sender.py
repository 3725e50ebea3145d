"""Sending the mail outbox over SMTP, each message once.

:func:`send_due` works one item at a time: it first *claims* the item with a lease
(``locked_by``/``locked_until``, set by a conditional UPDATE that only one worker can win),
commits, sends, and then records the result in a second transaction. Two workers on one
PostgreSQL database therefore never send the same item. The message's ``Message-ID`` is
derived from the outbox id, so if the program dies between the server's "250 OK" and the
commit, the retry after the lease expires sends the very same Message-ID, which mail
systems treat as a duplicate: as close to "exactly once" as SMTP allows.

A failure (server down, refused sign-in) is retried later with exponential backoff and
jitter; ``last_error`` says what went wrong in plain words, never with the password. A
recipient the server refuses, or an item that failed :data:`MAX_ATTEMPTS` times, ends in
state ``failed`` until someone retries it (``frontdesk outbox retry``).
"""

from __future__ import annotations

import contextlib
import logging
import random
import smtplib
import socket
import ssl
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.models import OutboxItem
from app.notify import ics, mailconfig
from app.notify.mailconfig import MailSettings
from app.notify.outbox import KIND

log = logging.getLogger(__name__)

#: After this many failed attempts an item stops being retried by itself.
MAX_ATTEMPTS = 10
#: First retry after about a minute, then doubling, never more than six hours apart.
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
#: How long a claimed item stays reserved for the worker that claimed it.
LEASE = timedelta(minutes=5)
TIMEOUT_SECONDS = 30.0


class SmtpClient(Protocol):
    def send_message(self, msg: EmailMessage) -> Any: ...

    def quit(self) -> Any: ...


#: Opens a connected, signed-in client for a branch's settings and password.
SmtpFactory = Callable[[MailSettings, str | None], SmtpClient]


class MailError(Exception):
    """Sending failed; ``message`` is for people, ``permanent`` means retrying is useless."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent


def tls_context(cafile: str | Path | None = None) -> ssl.SSLContext:
    """The context that checks the mail server's certificate and name: the system's
    trusted authorities, or only those in ``cafile`` (a company's own authority)."""
    return ssl.create_default_context(cafile=None if cafile is None else str(cafile))


def configured_context(config: MailSettings) -> ssl.SSLContext:
    """:func:`tls_context` for the branch's ``mail.ca_file``; a file that is missing or
    holds no certificate is a ``MailError`` naming the setting (retried: once the file is
    put in place, the waiting e-mails go)."""
    if config.ca_file is None:
        return tls_context()
    try:
        return tls_context(config.ca_file)
    except FileNotFoundError:
        problem = "does not exist on this computer"
    except PermissionError:
        problem = "cannot be read by this program (permission denied)"
    except IsADirectoryError:
        problem = "is a folder, not a certificate file"
    except ssl.SSLError:
        problem = "holds no certificate in PEM form"
    except OSError as exc:
        problem = f"cannot be read ({exc.strerror or type(exc).__name__})"
    raise MailError(
        f"The certificate authority file {config.ca_file} set in mail.ca_file for "
        f"{config.branch_name} {problem}; put the file there or change mail.ca_file."
    )


def connector(context: ssl.SSLContext) -> SmtpFactory:
    """A :data:`SmtpFactory` like :func:`connect` that trusts what ``context`` trusts."""

    def factory(config: MailSettings, password: str | None) -> SmtpClient:
        return connect(config, password, context=context)

    return factory


def connect(
    config: MailSettings, password: str | None, *, context: ssl.SSLContext | None = None
) -> SmtpClient:
    """An ``smtplib`` client for ``config``: SSL from the start, STARTTLS, or plain.

    ``context`` decides which certificates are trusted; by default the authority in the
    branch's ``mail.ca_file``, else the system's store (:func:`tls_context`), so a server
    with an unknown certificate is refused.
    """
    if not config.host:
        raise MailError(f"E-mail is not set up for {config.branch_name}: no mail server.")
    if config.user and not password:
        raise MailError(
            f"No mail password is stored for {config.branch_name}; "
            "run `frontdesk mail set-password`."
        )
    if context is None and config.security != "none":
        context = configured_context(config)
    client: smtplib.SMTP
    if config.security == "ssl":
        client = smtplib.SMTP_SSL(
            config.host, config.port, timeout=TIMEOUT_SECONDS, context=context
        )
    else:
        client = smtplib.SMTP(config.host, config.port, timeout=TIMEOUT_SECONDS)
    try:
        if config.security == "starttls":
            client.starttls(context=context)
        if config.user and password:
            client.login(config.user, password)
    except BaseException:
        client.close()
        raise
    return client


def backoff(attempts: int, rng: Callable[[], float] = random.random) -> timedelta:
    """Wait before attempt ``attempts + 1``: doubling from a minute, capped, with "equal
    jitter" (half fixed, half random) so that many desks do not retry in step."""
    delay = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** max(attempts - 1, 0)))
    half: timedelta = delay / 2
    return half + half * rng()


@dataclass
class SendReport:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"sent": self.sent, "retrying": self.retrying, "failed": self.failed}


def send_due(
    sessions: sessionmaker[Session],
    now: datetime,
    *,
    smtp_factory: SmtpFactory = connect,
    worker: str | None = None,
    limit: int | None = None,
    rng: Callable[[], float] = random.random,
) -> SendReport:
    """Send every pending mail item due at ``now`` (at most ``limit``), one at a time.

    Each item is tried at most once per call. Returns what happened to each.
    """
    me = worker or f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
    report = SendReport()
    tried: set[int] = set()
    while limit is None or len(tried) < limit:
        item_id = _claim(sessions, now, me, tried)
        if item_id is None:
            break
        tried.add(item_id)
        _send_one(sessions, item_id, now, me, smtp_factory, rng, report)
    return report


def _claim(sessions: sessionmaker[Session], now: datetime, me: str, tried: set[int]) -> int | None:
    free = or_(OutboxItem.locked_until.is_(None), OutboxItem.locked_until <= now)
    with sessions() as session:
        query = (
            select(OutboxItem.id)
            .where(
                OutboxItem.kind == KIND,
                OutboxItem.state == "pending",
                OutboxItem.due_at <= now,
                free,
            )
            .order_by(OutboxItem.due_at, OutboxItem.id)
            .limit(len(tried) + 20)
        )
        for candidate in session.scalars(query).all():
            if candidate in tried:
                continue
            won = session.execute(
                update(OutboxItem)
                .where(OutboxItem.id == candidate, OutboxItem.state == "pending", free)
                .values(locked_by=me, locked_until=now + LEASE)
                .execution_options(synchronize_session=False)
            )
            if getattr(won, "rowcount", 0) == 1:
                session.commit()
                return candidate
        session.rollback()
    return None


def _send_one(
    sessions: sessionmaker[Session],
    item_id: int,
    now: datetime,
    me: str,
    smtp_factory: SmtpFactory,
    rng: Callable[[], float],
    report: SendReport,
) -> None:
    with sessions() as session:
        item = session.get(OutboxItem, item_id)
        if item is None:
            return
        payload = dict(item.payload)
        attempts = item.attempts
        config = mailconfig.load(session, int(payload["branch_id"]))
    password = mailconfig.get_password(config.branch_id) if config.user else None
    try:
        message = build_message(item_id, payload, config, now)
        _deliver(config, password, message, smtp_factory)
    except MailError as exc:
        error = _scrub(exc.message, password)
        attempts += 1
        give_up = exc.permanent or attempts >= MAX_ATTEMPTS
        values: dict[str, Any] = {
            "attempts": attempts,
            "last_error": error,
            "due_at": now + backoff(attempts, rng),
            "locked_by": None,
            "locked_until": None,
        }
        if give_up:
            values["state"] = "failed"
        _finish(sessions, item_id, me, values)
        log.warning("E-mail %s not sent (attempt %s): %s", item_id, attempts, error)
        (report.failed if give_up else report.retrying).append(item_id)
        return
    _finish(
        sessions,
        item_id,
        me,
        {
            "state": "sent",
            "sent_at": now,
            "attempts": attempts + 1,
            "last_error": None,
            "locked_by": None,
            "locked_until": None,
        },
    )
    log.info("E-mail %s sent to the %s", item_id, payload.get("recipient", "recipient"))
    report.sent.append(item_id)


def _finish(sessions: sessionmaker[Session], item_id: int, me: str, values: dict[str, Any]) -> None:
    """Record the outcome, only if the lease is still ours (another worker may have taken
    an item whose lease ran out; then its outcome counts)."""
    with sessions() as session:
        session.execute(
            update(OutboxItem)
            .where(OutboxItem.id == item_id, OutboxItem.locked_by == me)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        session.commit()


def message_id(item_id: int, config: MailSettings) -> str:
    domain = (config.from_address or "frontdesk.invalid").rpartition("@")[2]
    return f"<outbox-{item_id}.{ics.slug(config.branch_name)}@{domain}>"


def build_message(
    item_id: int, payload: dict[str, Any], config: MailSettings, now: datetime
) -> EmailMessage:
    """The e-mail of one outbox item, with its invitation attached when it has one."""
    if not config.enabled:
        raise MailError(
            f"E-mail is not set up for {config.branch_name}: set mail.host and mail.from_address."
        )
    msg = EmailMessage()
    msg["Subject"] = str(payload["subject"])
    msg["From"] = formataddr((config.from_name, config.from_address or ""))
    msg["To"] = formataddr((str(payload.get("to_name") or ""), str(payload["to"])))
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id(item_id, config)
    msg.set_content(str(payload["body"]))
    invitation = payload.get("ics")
    if invitation:
        msg.add_attachment(
            str(invitation),
            subtype="calendar",
            filename="invitation.ics",
            params={"method": str(payload.get("ics_method") or "REQUEST")},
        )
    return msg


def send_test(config: MailSettings, to: str, now: datetime, factory: SmtpFactory = connect) -> str:
    """Send a short test message to ``to``; returns its Message-ID. Raises ``MailError``."""
    password = mailconfig.get_password(config.branch_id) if config.user else None
    if not config.enabled:
        raise MailError(
            f"E-mail is not set up for {config.branch_name}: set mail.host and mail.from_address."
        )
    msg = EmailMessage()
    msg["Subject"] = f"Test message from {config.branch_name}"
    msg["From"] = formataddr((config.from_name, config.from_address or ""))
    msg["To"] = to
    msg["Date"] = format_datetime(now)
    domain = (config.from_address or "").rpartition("@")[2]
    msg["Message-ID"] = f"<test-{uuid.uuid4().hex}@{domain}>"
    msg.set_content(
        f"This message shows that {config.branch_name} can send e-mail through {config.where}."
    )
    try:
        _deliver(config, password, msg, factory)
    except MailError as exc:
        raise MailError(_scrub(exc.message, password), permanent=exc.permanent) from None
    return str(msg["Message-ID"])


def _deliver(
    config: MailSettings, password: str | None, message: EmailMessage, factory: SmtpFactory
) -> None:
    """Connect, send, quit; every failure becomes a ``MailError`` in plain words."""
    where = config.where
    try:
        client = factory(config, password)
        try:
            client.send_message(message)
        finally:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                client.quit()
    except MailError:
        raise
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(exc.recipients)
        raise MailError(
            f"The mail server {where} refused the address {refused}.", permanent=True
        ) from None
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(
            f"The mail server {where} refused the user name or password (code {exc.smtp_code})."
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(
            f"The mail server {where} does not offer what the settings ask for "
            "(sign-in or STARTTLS); check mail.security and mail.user."
        ) from None
    except smtplib.SMTPResponseException as exc:
        raw = exc.smtp_error
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw or "")
        raise MailError(f"The mail server {where} answered {exc.smtp_code}: {text}") from None
    except smtplib.SMTPServerDisconnected:
        raise MailError(f"The mail server {where} closed the connection.") from None
    except smtplib.SMTPException as exc:
        raise MailError(f"The mail server {where} refused the message ({exc}).") from None
    except ConnectionRefusedError:
        raise MailError(f"The mail server {where} refused the connection; is it running?") from None
    except socket.gaierror:
        raise MailError(f"The mail server name {config.host} could not be found.") from None
    except TimeoutError:
        raise MailError(f"The mail server {where} did not answer in time.") from None
    except ssl.SSLCertVerificationError as exc:
        raise MailError(
            f"The mail server {where} showed a certificate this computer does not trust "
            f"({exc.verify_message or 'certificate check failed'}); check the server name, "
            "or have its certificate authority installed on this computer."
        ) from None
    except ssl.SSLError as exc:
        raise MailError(
            f"No secure connection to {where} could be made ({exc.reason or 'TLS error'})."
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise MailError(f"The mail server {where} could not be reached ({reason}).") from None


def _scrub(text: str, password: str | None) -> str:
    """``text`` without the password, whatever a server echoed back."""
    if password:
        text = text.replace(password, "********")
    return text
