"""``frontdesk mail test|set-password`` and ``frontdesk outbox [flush|retry]``.

The mail password is read from a prompt or standard input (``--password-stdin``), never
from the command line, where other users of the computer could see it in the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from sqlalchemy.orm import Session

from app.booking import lookup
from app.booking.permissions import ADMINISTER
from app.booking.transactions import run_write
from app.cli import CliError, Context
from app.notify import mailconfig, outbox, sender

STATES = ("pending", "sent", "failed", "cancelled")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    m = sub.add_parser("mail", help="the branch's outgoing e-mail", parents=[common])
    msub = m.add_subparsers(dest="mail_command", metavar="ACTION", required=True)
    test = msub.add_parser("test", parents=[common], help="send a test message now")
    test.add_argument("--to", required=True, metavar="ADDRESS", help="where to send it")
    test.add_argument("--branch", metavar="NAME", help="whose mail settings (if several)")
    test.set_defaults(handler=mail_test)
    pw = msub.add_parser(
        "set-password",
        parents=[common],
        help="store the mail server password in the system keyring (prompt or stdin)",
    )
    pw.add_argument("--branch", metavar="NAME", help="whose password (if several)")
    pw.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input; empty removes it",
    )
    pw.set_defaults(handler=set_password)

    o = sub.add_parser("outbox", help="e-mails waiting, sent or failed", parents=[common])
    o.add_argument("--state", choices=STATES, action="append", help="only these (repeatable)")
    o.set_defaults(handler=list_outbox)
    osub = o.add_subparsers(dest="outbox_command", metavar="ACTION")
    fl = osub.add_parser("flush", parents=[common], help="send what is due now and wait")
    fl.set_defaults(handler=flush)
    rt = osub.add_parser("retry", parents=[common], help="queue a failed e-mail again")
    rt.add_argument("id", type=int, help="the e-mail's number in `frontdesk outbox`")
    rt.set_defaults(handler=retry)


def list_outbox(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.sessions()() as session:
        rows = outbox.list_mail(session, tuple(args.state) if args.state else None)
    counts = {state: sum(1 for r in rows if r.state == state) for state in STATES}
    lines = [
        f"{r.id:>5}  {r.state:<9} {r.event:<16} {r.to:<32} "
        + (
            f"sent {r.sent_at:%Y-%m-%d %H:%M}Z"
            if r.sent_at
            else f"due {r.due_at:%Y-%m-%d %H:%M}Z, {r.attempts} attempt(s)"
        )
        + (f"\n       {r.last_error}" if r.last_error and r.state != "sent" else "")
        for r in rows
    ]
    summary = ", ".join(f"{n} {state}" for state, n in counts.items() if n) or "empty"
    ctx.out(
        {"counts": counts, "items": [r.to_json() for r in rows]},
        [*lines, f"Outbox: {summary}."],
    )
    return 0


def flush(ctx: Context, _args: argparse.Namespace) -> int:
    report = sender.send_due(ctx.sessions(), ctx.now())
    text = f"Sent {len(report.sent)} e-mail(s)"
    if report.retrying:
        text += f"; {len(report.retrying)} will be retried later"
    if report.failed:
        text += f"; {len(report.failed)} failed (see `frontdesk outbox --state failed`)"
    text += "."
    if not (report.retrying or report.failed):
        ctx.out(report.to_json(), text)
        return 0
    # Not everything went out: the JSON still lists what happened, the one-line
    # explanation goes to standard error as for every failing command.
    if ctx.json:
        ctx.out(report.to_json())
    ctx.note(text)
    return 1


def retry(ctx: Context, args: argparse.Namespace) -> int:
    def work(session: Session) -> None:
        ctx.actor(session).require(ADMINISTER)
        outbox.retry(session, args.id, ctx.now())

    run_write(ctx.sessions(), work)
    ctx.out({"id": args.id, "state": "pending"}, f"E-mail {args.id} is queued again.")
    return 0


def mail_test(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.sessions()() as session:
        ctx.actor(session).require(ADMINISTER)
        config = mailconfig.load(session, lookup.branch(session, args.branch).id)
    try:
        message_id = sender.send_test(config, args.to, ctx.now())
    except sender.MailError as exc:
        raise CliError("mail_failed", exc.message) from None
    ctx.out(
        {"to": args.to, "server": config.where, "message_id": message_id},
        f"Test message sent to {args.to} through {config.where}.",
    )
    return 0


def set_password(ctx: Context, args: argparse.Namespace) -> int:
    password = _read_password(args)

    def work(session: Session) -> tuple[int, str]:
        branch = lookup.branch(session, args.branch)
        mailconfig.set_password(session, ctx.actor(session), branch.id, password)
        return branch.id, branch.name

    branch_id, name = run_write(ctx.sessions(), work)
    stored = "stored in the system keyring" if password else "removed from the system keyring"
    ctx.out(
        {"branch": name, "keyring_service": mailconfig.KEYRING_SERVICE, "stored": bool(password)},
        f"Mail password for {name} {stored} "
        f"({mailconfig.KEYRING_SERVICE}, {mailconfig.keyring_user(branch_id)}).",
    )
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    if not sys.stdin.isatty():
        raise CliError("usage", "no terminal to ask the password at: use --password-stdin")
    first = getpass.getpass("Mail server password: ")
    second = getpass.getpass("Again: ")
    if first != second:
        raise CliError("password_mismatch", "The two passwords differ; nothing was changed.")
    return first
