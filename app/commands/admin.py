"""``frontdesk settings`` and ``frontdesk statuses``: general settings and custom statuses.

``settings list`` shows every setting with its value in force and where it comes from
(the built-in default, the desk-wide value, or the branch's own); ``settings set`` and
``settings reset`` change one, desk-wide or for one branch. ``statuses list`` shows every
status; ``statuses define`` creates or changes a custom one. Changes are made by the
desk's user, need the administer permission and are recorded in the audit trail.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking import lookup, statuses
from app.booking import settings as settings_store
from app.booking.transactions import run_write
from app.cli import CliError, Context
from app.models import Branch, StatusDefinition


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("settings", parents=[common], help="general settings: list, set, reset")
    settings_sub = p.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    ls = settings_sub.add_parser(
        "list", parents=[common], help="every setting, its value and where it comes from"
    )
    _branch_option(ls, "show the values in force for this branch (default: desk-wide)")
    ls.set_defaults(handler=list_settings)
    st = settings_sub.add_parser("set", parents=[common], help="change a setting")
    st.add_argument("key", metavar="KEY", help="the setting, such as min_agent_share")
    st.add_argument(
        "value",
        metavar="VALUE",
        help='the value as JSON (0.5, null, ["busy", "oof"]); anything else is a text',
    )
    _branch_option(st, "set it for this branch only (default: desk-wide)")
    st.set_defaults(handler=set_setting)
    rs = settings_sub.add_parser(
        "reset",
        parents=[common],
        help="remove a value: a branch follows the desk-wide one, desk-wide the default",
    )
    rs.add_argument("key", metavar="KEY")
    _branch_option(rs, "remove the branch's own value (default: the desk-wide value)")
    rs.set_defaults(handler=reset_setting)

    p = sub.add_parser("statuses", parents=[common], help="appointment statuses: list, define")
    statuses_sub = p.add_subparsers(dest="statuses_command", metavar="ACTION", required=True)
    ls = statuses_sub.add_parser("list", parents=[common], help="every status, in order")
    ls.set_defaults(handler=list_statuses)
    df = statuses_sub.add_parser(
        "define",
        parents=[common],
        help="create a custom status, or change one (options left out keep their value)",
    )
    df.add_argument("key", metavar="KEY", help="a lower-case key such as awaiting_documents")
    df.add_argument("--name", required=True, metavar="NAME", help="the name people see")
    df.add_argument("--description", metavar="TEXT")
    df.add_argument(
        "--predicate",
        metavar="MEANING",
        help="start, confirmation or cancellation (see docs/cli.md); none: no meaning",
    )
    df.add_argument("--color", metavar="#RRGGBB", help="its colour; none: no colour")
    df.add_argument(
        "--blocks",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="whether appointments in this status take the agent's time (default: they do)",
    )
    df.add_argument(
        "--service",
        dest="services",
        action="extend",
        nargs="+",
        metavar="NAME",
        help="only for these services (repeatable); default: every service",
    )
    df.add_argument("--all-services", action="store_true", help="usable with every service again")
    df.add_argument("--position", type=int, metavar="N", help="place in the list (default: last)")
    _branch_option(df, "the branch of the --service names (needed when there are several)")
    df.set_defaults(handler=define_status)


def _branch_option(parser: argparse.ArgumentParser, text: str) -> None:
    parser.add_argument("--branch", metavar="NAME", help=text)


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# -- settings ----------------------------------------------------------------------------


def _branch_of(session: Session, name: str | None) -> Branch | None:
    return None if name is None else lookup.branch(session, name)


def list_settings(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.sessions()() as session:
        branch = _branch_of(session, args.branch)
        rows = settings_store.effective(session, None if branch is None else branch.id)
    data = {
        "branch": None if branch is None else branch.name,
        "settings": [r.to_json() for r in rows],
    }
    width = max(len(r.key) for r in rows)
    values = [_shown(r.value) for r in rows]
    value_width = min(max(len(v) for v in values), 48)
    head = f"Settings for {branch.name}:" if branch else "Desk-wide settings:"
    lines = [head] + [
        f"  {r.key:<{width}}  {v:<{value_width}}  ({r.source})"
        for r, v in zip(rows, values, strict=True)
    ]
    ctx.out(data, lines)
    return 0


def _parse_value(text: str) -> Any:
    """JSON when the text is JSON (0.5, null, true, [..], "x"), else the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def set_setting(ctx: Context, args: argparse.Namespace) -> int:
    value = _parse_value(args.value)

    def work(session: Session) -> tuple[settings_store.SettingChange, str | None]:
        branch = _branch_of(session, args.branch)
        branch_id = None if branch is None else branch.id
        change = settings_store.change_setting(
            session, ctx.actor(session), args.key, value, ctx.now(), branch_id
        )
        return change, None if branch is None else branch.name

    change, branch_name = run_write(ctx.sessions(), work)
    where = f"for {branch_name}" if branch_name else "desk-wide"
    before = _shown(change.before) if change.had_before else "not set"
    text = f"{change.key} = {_shown(change.after)} {where} (before: {before})."
    ctx.out({"branch": branch_name, **change.to_json()}, text)
    return 0


def reset_setting(ctx: Context, args: argparse.Namespace) -> int:
    def work(session: Session) -> tuple[settings_store.SettingChange, str | None]:
        branch = _branch_of(session, args.branch)
        branch_id = None if branch is None else branch.id
        change = settings_store.reset_setting(
            session, ctx.actor(session), args.key, ctx.now(), branch_id
        )
        return change, None if branch is None else branch.name

    change, branch_name = run_write(ctx.sessions(), work)
    where = f"for {branch_name}" if branch_name else "desk-wide"
    if change.had_before:
        text = (
            f"{change.key}: the value {where} ({_shown(change.before)}) was removed; "
            f"now {_shown(change.effective)}."
        )
    else:
        text = f"{change.key} had no value {where}; nothing to remove."
    ctx.out({"branch": branch_name, **change.to_json()}, text)
    return 0


# -- statuses --------------------------------------------------------------------------


def list_statuses(ctx: Context, _args: argparse.Namespace) -> int:
    with ctx.sessions()() as session:
        rows = statuses.list_statuses(session)
    lines = []
    width = max(len(s.key) for s in rows)
    for s in rows:
        flags = [s.predicate or "-", "blocks time" if s.blocks_time else "frees time"]
        if not s.builtin:
            flags.append("custom")
        services = (
            "every service"
            if s.all_services
            else ", ".join(f"{v.name} ({v.branch})" for v in s.services) or "no service"
        )
        lines.append(
            f"{s.position:>3}  {s.key:<{width}}  {s.name}  [{', '.join(flags)}]  {services}; "
            f"{s.appointments} appointment(s)"
        )
    ctx.out({"statuses": [s.to_json() for s in rows]}, lines)
    return 0


def _none_or(text: str | None) -> str | None:
    """``none`` (any case) or an empty text clears an option's value."""
    return None if text is None or text.strip().lower() in ("", "none") else text


def define_status(ctx: Context, args: argparse.Namespace) -> int:
    if args.services and args.all_services:
        raise CliError("usage", "statuses define: give --service or --all-services, not both")

    def work(session: Session) -> dict[str, Any]:
        current = session.scalars(
            select(StatusDefinition).where(StatusDefinition.key == args.key)
        ).one_or_none()
        service_ids: list[int] | None
        branch_id: int | None = None
        if args.services:
            branch = lookup.branch(session, args.branch)
            branch_id = branch.id
            service_ids = [lookup.service(session, branch.id, n).id for n in args.services]
        elif args.all_services or current is None or current.all_services:
            service_ids = None
        else:
            service_ids = [s.id for s in current.services]

        def given(value: str | None, attr: str) -> str | None:
            """The option as given ("none" clears it), else the current value."""
            if value is not None:
                return _none_or(value)
            return None if current is None else getattr(current, attr)

        if args.description is not None:
            description = args.description
        else:
            description = "" if current is None else current.description
        if args.blocks is not None:
            blocks = bool(args.blocks)
        else:
            blocks = True if current is None else current.blocks_time
        done = statuses.define_status(
            session,
            ctx.actor(session),
            args.key,
            args.name,
            description=description,
            position=args.position,
            predicate=given(args.predicate, "predicate"),
            color=given(args.color, "color"),
            blocks_time=blocks,
            service_ids=service_ids,
            branch_id=branch_id,
            now=ctx.now(),
        )
        return done.to_json()

    data = run_write(ctx.sessions(), work)
    status = data["status"]
    if data["created"]:
        text = f"Status {status['key']} ({status['name']}) created."
    elif data["changed"]:
        text = f"Status {status['key']} changed: {', '.join(data['changed'])}."
    else:
        text = f"Status {status['key']} already has these values; nothing changed."
    if data["appointments_updated"]:
        verb = "take" if status["blocks_time"] else "no longer take"
        text += (
            f" {data['appointments_updated']} appointment(s) in it now {verb} their agent's time."
        )
    ctx.out(data, text)
    return 0
