"""``frontdesk db upgrade``, ``frontdesk db current`` and ``frontdesk db copy-to``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sqlalchemy import make_url

from app.cli import CliError, Context
from app.models import db


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("db", help="database schema", parents=[common])
    dbsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = dbsub.add_parser(
        "upgrade", parents=[common], help="bring the database to the newest schema"
    )
    up.set_defaults(handler=upgrade)
    cur = dbsub.add_parser("current", parents=[common], help="show the schema revision")
    cur.set_defaults(handler=current)
    copy = dbsub.add_parser(
        "copy-to",
        parents=[common],
        help="copy all of this desk's data into a new, empty database (all or nothing)",
        description="Copy every table of the current database (--db, FRONTDESK_DB or the "
        "stored choice) into the empty database at URL, keeping ids, and check the counts. "
        "The password of a server comes from the system keyring (stored by the database "
        "dialog), never from the URL shown in messages.",
    )
    copy.add_argument("url", metavar="URL", help="the new database, e.g. postgresql://...")
    copy.add_argument(
        "--switch",
        action="store_true",
        help="afterwards, make that server this computer's stored choice "
        "(a password given is then kept in the system keyring)",
    )
    copy.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the server password from the first line of standard input",
    )
    copy.set_defaults(handler=copy_to)


def upgrade(ctx: Context, _args: argparse.Namespace) -> int:
    before = db.current_revision(ctx.engine)
    backup = db.prepare_database(ctx.engine, ctx.now())
    after = db.current_revision(ctx.engine)
    data = {
        "database": ctx.engine.url.render_as_string(hide_password=True),
        "from": before,
        "to": after,
        "backup": str(backup) if backup else None,
    }
    if before == after:
        text = f"Database already at the newest revision ({after})."
    else:
        text = f"Database upgraded from {before or 'empty'} to {after}."
        if backup:
            text += f" Backup: {backup}"
    ctx.out(data, text)
    return 0


def current(ctx: Context, _args: argparse.Namespace) -> int:
    rev = db.current_revision(ctx.engine)
    head = db.head_revision()
    data = {
        "database": ctx.engine.url.render_as_string(hide_password=True),
        "current": rev,
        "head": head,
        "up_to_date": rev == head,
    }
    state = "up to date" if rev == head else f"behind; newest is {head}"
    ctx.out(data, f"{rev or 'empty'} ({state})")
    return 0


def copy_to(ctx: Context, args: argparse.Namespace) -> int:
    """Move this desk's data to a new database; optionally switch the stored choice."""
    from app import config
    from app.models.transfer import CopyProgress, TransferError, copy_database

    target = config.normalise_url(args.url)
    server: config.ServerSettings | None = None
    try:
        server = config.ServerSettings.from_url(target)
    except ValueError as exc:
        if args.switch:
            raise CliError("usage", f"--switch: {exc}") from None
    if server is not None:  # a password stored for that server is handed to the driver
        config.remember_keyring_target(server)
    password: str | None = None
    if args.password_stdin:
        password = sys.stdin.readline().removesuffix("\n").removesuffix("\r") or None
    in_url = make_url(target).password
    if password is None and in_url is not None:
        password = str(in_url)
    ctx.sessions()  # the source at the current schema first (with its backup)

    last_table = ""

    def progress(step: CopyProgress) -> None:
        nonlocal last_table
        if not ctx.json and step.table != last_table:
            last_table = step.table
            ctx.note(f"copying {step.table} ({step.table_total} rows)")

    try:
        report = copy_database(ctx.db_url, target, progress=progress, dst_password=password)
    except TransferError as exc:
        raise CliError(exc.code, exc.message) from None
    switched = False
    if args.switch and server is not None:
        try:
            if password:
                config.store_password(server, password)
            config.save_choice(config.StoredChoice("server", server))
        except config.PasswordStoreError as exc:
            raise CliError(
                "keyring_unavailable", f"The data was copied, but not switched: {exc}"
            ) from None
        except config.ConfigError as exc:
            raise CliError("config_unwritable", f"The data was copied, but {exc.message}") from None
        switched = True
    data = {
        "source": report.source,
        "target": report.target,
        "tables": {t.table: t.copied for t in report.tables},
        "rows": report.rows,
        "seconds": round(report.seconds, 2),
        "switched": switched,
    }
    width = max(len(t.table) for t in report.tables)
    lines = [f"Copied {report.rows} rows from {report.source} to {report.target}:"]
    lines += [f"  {t.table:<{width}}  {t.copied:>8}" for t in report.tables]
    lines.append("Every table's count matches the original.")
    if switched:
        lines.append(
            f"This computer now uses {server.label() if server else report.target}; "
            "the change takes effect when Front Desk starts next."
        )
    ctx.out(data, lines)
    return 0
