"""``frontdesk db upgrade`` and ``frontdesk db current``."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli import Context
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
