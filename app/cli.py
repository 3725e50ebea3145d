"""The ``frontdesk`` command: the desk window with no subcommand, scripting subcommands
otherwise.

Every subcommand accepts ``--json``. On failure a command exits non-zero with one line on
stderr, and with ``--json`` also prints ``{"error": {"code": ..., "message": ...}}`` on
stdout. The subcommands live in app.commands, one module per area.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app import __version__
from app.booking.errors import BookingError
from app.booking.permissions import DESK_USERNAME, Actor
from app.clock import Clock, fixed_clock, system_clock
from app.config import resolve_db_url

log = logging.getLogger("frontdesk")

Handler = Callable[["Context", argparse.Namespace], int]


class CliError(Exception):
    """A usage or environment problem reported to the user as is."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Context:
    """What every command gets: where the data is, how to answer, and what time it is."""

    db_url: str
    json: bool
    clock: Clock
    #: Who acts (the global --as option); the single-desk user when nobody is named.
    username: str = DESK_USERNAME
    _engine: Engine | None = field(default=None, repr=False)
    _sessions: sessionmaker[Session] | None = field(default=None, repr=False)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from app.models.db import make_engine

            self._engine = make_engine(self.db_url)
        return self._engine

    def sessions(self, *, upgrade: bool = True) -> sessionmaker[Session]:
        """A session factory on a database at head (upgrading it first, with a backup)."""
        if self._sessions is None:
            from app.models import db

            if upgrade:
                backup = db.prepare_database(self.engine, self.clock())
                if backup is not None:
                    self.note(f"Database upgraded; the previous file was saved as {backup}")
            self._sessions = db.session_factory(self.engine)
        return self._sessions

    def now(self) -> datetime:
        return self.clock()

    def actor(self, session: Session) -> Actor:
        """The acting user (--as, else the single-desk user) with their role's permissions;
        every use case then refuses what that role may not do (``permission_denied``)."""
        from app.booking.permissions import load_actor

        return load_actor(session, self.username)

    def out(self, data: Any, text: str | Sequence[str] | None = None) -> None:
        """Print ``data`` as JSON with --json, else ``text`` (a line or lines)."""
        if self.json:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        elif text is not None:
            lines = [text] if isinstance(text, str) else list(text)
            for line in lines:
                print(line)

    def note(self, message: str) -> None:
        """Something the user should know that is not the command's result."""
        print(message, file=sys.stderr)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def parse_now(value: str) -> datetime:
    try:
        at = datetime.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"--now expects an ISO 8601 date-time such as 2026-11-23T09:00-05:00, not {value!r}"
        ) from exc
    if at.tzinfo is None:
        raise argparse.ArgumentTypeError(
            "--now needs a UTC offset (2026-11-23T09:00-05:00) or Z, so it means one instant"
        )
    return at.astimezone(UTC)


def _common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default: Any = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help="database URL (sqlite:///path or postgresql+psycopg://...); "
        "default: FRONTDESK_DB or the local file",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="machine-readable output",
    )
    parser.add_argument(
        "--now",
        metavar="ISO",
        type=parse_now,
        default=default,
        help="answer as if it were this instant (for what-if questions and tests)",
    )
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USER",
        default=default,
        help="act as this user, with that user's permissions (default: the desk user)",
    )


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise CliError(
            "usage",
            f"{self.prog.removeprefix('frontdesk ')}: {message}"
            if self.prog != "frontdesk"
            else message,
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="frontdesk",
        description="Front Desk: the appointment desk of a bank branch. "
        "Without a command it opens the desk window.",
    )
    parser.add_argument("--version", action="version", version=f"frontdesk {__version__}")
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check this installation end to end in a temporary folder (database, "
        "migrations, example branch, a booking, the window rendered offscreen) and exit",
    )
    _common_options(parser, top=True)
    common = _Parser(add_help=False)
    _common_options(common, top=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    from app import commands

    for module in commands.MODULES:
        module.register(sub, common)
    return parser


def _fail(ctx_json: bool, code: str, message: str, exit_code: int = 1, details: Any = None) -> int:
    one_line = " ".join(message.split())
    print(f"frontdesk: {one_line}", file=sys.stderr)
    if ctx_json:
        error: dict[str, Any] = {"code": code, "message": message}
        if details is not None:
            error["details"] = details
        print(json.dumps({"error": error}, ensure_ascii=False, default=str))
    return exit_code


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args_list = list(sys.argv[1:] if argv is None else argv)
    wants_json = "--json" in args_list
    try:
        args = build_parser().parse_args(args_list)
    except CliError as exc:
        return _fail(wants_json, exc.code, exc.message, 2)

    ctx = Context(
        db_url=resolve_db_url(args.db),
        json=bool(args.json),
        clock=fixed_clock(args.now) if args.now else system_clock,
        username=args.as_user or DESK_USERNAME,
    )
    try:
        handler: Handler | None = getattr(args, "handler", None)
        if getattr(args, "self_check", False) and handler is None:
            from app.selfcheck import run as self_check

            return self_check(ctx)
        if handler is None:
            from app.views.app import run_desk

            return run_desk(ctx)
        return handler(ctx, args)
    except BookingError as exc:
        return _fail(ctx.json, exc.code, exc.message, details=exc.details)
    except CliError as exc:
        return _fail(ctx.json, exc.code, exc.message, 2 if exc.code == "usage" else 1)
    except OperationalError as exc:  # the environment: server down, file unreadable
        where = make_url(ctx.db_url).render_as_string(hide_password=True)
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        return _fail(ctx.json, "database_unavailable", f"cannot use the database {where}: {reason}")
    except Exception as exc:  # a bug: keep the trace in the log, tell the user plainly
        log.exception("unexpected error")
        return _fail(ctx.json, "internal_error", f"unexpected error: {type(exc).__name__}")
    finally:
        ctx.close()


if __name__ == "__main__":
    raise SystemExit(main())
