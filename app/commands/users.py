"""``frontdesk users``: desk users, their roles and the role permission table.

``users add`` asks for the password twice at a prompt, or reads one line from standard
input with ``--password-stdin``; a password is never a command-line argument, where
other people on the computer and the shell history could read it. Every change is made by
the acting user (``--as``, else the desk user), needs the administer permission and is
recorded in the audit trail.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from sqlalchemy.orm import Session

from app.booking import users
from app.booking.errors import BookingError
from app.booking.permissions import ALL_PERMISSIONS
from app.booking.transactions import run_write
from app.cli import CliError, Context


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "users", parents=[common], help="desk users, roles and permissions: add, list, ..."
    )
    users_sub = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    add = users_sub.add_parser("add", parents=[common], help="create a user")
    add.add_argument("username", metavar="USERNAME", help="the name to sign in with")
    add.add_argument("--name", required=True, metavar="NAME", help="the person's full name")
    add.add_argument(
        "--role", required=True, metavar="ROLE", help=f"one of {', '.join(users.ROLE_KEYS)}"
    )
    add.add_argument("--agent", metavar="NAME", help="the agent this user is")
    _password_options(add, "create an account that cannot sign in (it may still act through --as)")
    add.set_defaults(handler=add_user)

    ls = users_sub.add_parser("list", parents=[common], help="every user and their role")
    ls.add_argument("--all", action="store_true", help="include removed users")
    ls.set_defaults(handler=list_users)

    sr = users_sub.add_parser("set-role", parents=[common], help="give a user another role")
    sr.add_argument("username", metavar="USERNAME")
    sr.add_argument("role", metavar="ROLE")
    sr.set_defaults(handler=set_role)

    pw = users_sub.add_parser(
        "set-password", parents=[common], help="set a user's password (prompt or stdin)"
    )
    pw.add_argument("username", metavar="USERNAME")
    _password_options(pw, "remove the password: the account can no longer sign in")
    pw.set_defaults(handler=set_password)

    rm = users_sub.add_parser(
        "remove", parents=[common], help="remove a user (kept, inactive, for the audit trail)"
    )
    rm.add_argument("username", metavar="USERNAME")
    rm.set_defaults(handler=remove_user)

    perms = users_sub.add_parser(
        "permissions",
        parents=[common],
        help="show the role permission table, or change one role's permissions",
    )
    perms.add_argument("role", metavar="ROLE", nargs="?", help="one role (default: all)")
    perms.add_argument(
        "--grant",
        action="append",
        default=[],
        metavar="PERMISSION",
        help=f"add a permission ({', '.join(ALL_PERMISSIONS)}); may repeat",
    )
    perms.add_argument(
        "--revoke", action="append", default=[], metavar="PERMISSION", help="may repeat"
    )
    perms.set_defaults(handler=permissions)


class _RefusePassword(argparse.Action):
    """``--password VALUE`` is refused without echoing VALUE (argparse would print it)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        raise CliError(
            "usage",
            "a password is never given as an argument (others could read it): "
            "type it at the prompt, or pipe it in with --password-stdin",
        )


def _password_options(parser: argparse.ArgumentParser, no_password_help: str) -> None:
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input (default: ask twice)",
    )
    how.add_argument("--no-password", action="store_true", help=no_password_help)
    parser.add_argument("--password", action=_RefusePassword, help=argparse.SUPPRESS)


def _read_password(args: argparse.Namespace) -> str | None:
    """The new password, read before any database work (None with --no-password)."""
    if args.no_password:
        return None
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line.removesuffix("\n").removesuffix("\r")
        if not password:
            raise CliError("usage", "--password-stdin: standard input holds no password")
        return password
    if not sys.stdin.isatty():
        raise CliError(
            "usage",
            "no terminal to ask the password at: use --password-stdin or --no-password",
        )
    first = getpass.getpass("Password: ")
    second = getpass.getpass("Password again: ")
    if first != second:
        raise CliError("password_mismatch", "The two passwords differ; nothing was changed.")
    return first


def _user_line(u: users.UserInfo) -> str:
    extras = []
    if u.agent:
        extras.append(f"agent {u.agent}")
    if not u.can_sign_in:
        extras.append("no sign-in")
    if not u.active:
        extras.append("removed")
    tail = f"  ({', '.join(extras)})" if extras else ""
    return f"{u.username:<16} {u.role:<16} {u.display_name}{tail}"


def add_user(ctx: Context, args: argparse.Namespace) -> int:
    password = _read_password(args)

    def work(session: Session) -> users.UserInfo:
        agent_id = users.find_agent(session, args.agent) if args.agent else None
        return users.add_user(
            session,
            ctx.actor(session),
            ctx.now(),
            username=args.username,
            display_name=args.name,
            role=args.role,
            password=password,
            agent_id=agent_id,
        )

    info = run_write(ctx.sessions(), work)
    ctx.out(info.to_json(), f"Added {info.display_name} ({info.username}) as {info.role_name}.")
    return 0


def list_users(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.sessions()() as session:
        found = users.list_users(session, ctx.actor(session), include_inactive=args.all)
    ctx.out([u.to_json() for u in found], [_user_line(u) for u in found])
    return 0


def set_role(ctx: Context, args: argparse.Namespace) -> int:
    info = run_write(
        ctx.sessions(),
        lambda s: users.set_role(s, ctx.actor(s), args.username, args.role, ctx.now()),
    )
    ctx.out(info.to_json(), f"{info.display_name} ({info.username}) is now {info.role_name}.")
    return 0


def set_password(ctx: Context, args: argparse.Namespace) -> int:
    password = _read_password(args)
    run_write(
        ctx.sessions(),
        lambda s: users.set_password(s, ctx.actor(s), args.username, password, ctx.now()),
    )
    done = "removed: the account can no longer sign in" if password is None else "changed"
    ctx.out(
        {"username": args.username, "can_sign_in": password is not None},
        f"The password of {args.username} was {done}.",
    )
    return 0


def remove_user(ctx: Context, args: argparse.Namespace) -> int:
    info = run_write(
        ctx.sessions(), lambda s: users.remove_user(s, ctx.actor(s), args.username, ctx.now())
    )
    ctx.out(info.to_json(), f"Removed {info.display_name} ({info.username}).")
    return 0


def permissions(ctx: Context, args: argparse.Namespace) -> int:
    if (args.grant or args.revoke) and not args.role:
        raise CliError("usage", "users permissions: name the ROLE to --grant or --revoke")
    if args.grant or args.revoke:
        role = run_write(
            ctx.sessions(),
            lambda s: users.change_role_permissions(
                s, ctx.actor(s), args.role, ctx.now(), grant=args.grant, revoke=args.revoke
            ),
        )
        roles = [role]
    else:
        with ctx.sessions()() as session:
            every = users.list_roles(session)
        roles = [r for r in every if r.key == args.role] if args.role else every
        if not roles:
            keys = ", ".join(r.key for r in every)
            raise BookingError(
                "unknown_role", f"There is no role {args.role!r}; the roles are {keys}."
            )
    lines = [f"{r.name} ({r.key}): {', '.join(r.permissions) or 'nothing'}" for r in roles]
    ctx.out([r.to_json() for r in roles], lines)
    return 0
