"""``frontdesk accounts add|list|remove``: agents' calendar accounts.

The password is read from a prompt or standard input (``--password-stdin``), never from
the command line, and goes to the system keyring; the database keeps only the name of
the keyring entry. ``add`` signs in once to find the calendars by name, so a typo in the
address, user or password shows at once rather than at the first sync.

Google accounts (``--provider google --client-id ID``): run Google's installed-app
consent once for the scope ``https://www.googleapis.com/auth/calendar`` with the
branch's OAuth client, then give the refresh token it returns and the client's secret
on two lines (prompts, or standard input with ``--password-stdin``); both go to the
keyring together (:func:`app.sync.google_provider.secret_blob`).

Microsoft 365 accounts (``--provider graph --client-id ID --user ADDRESS``): the desk's
app registration in Entra ID (public client, delegated ``Calendars.ReadWrite``); ``add``
prints Microsoft's sign-in address and code (device-code flow) or, with ``--browser``,
opens the sign-in in this computer's browser; the token cache goes to the keyring.

On-premises Exchange accounts (``--provider ews --server-url https://host/EWS/Exchange.asmx
--version 2016 --auth ntlm|basic --username DOMAIN\\user --email ADDRESS``): the server's
address and version are given, never discovered, so a desk that starts offline makes no
autodiscover attempt; the password is read like CalDAV's. ``--ca-file`` names the
certificate authority of a server whose certificate this computer does not trust.
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
from app.sync import accounts, secrets
from app.sync.provider import CalendarInfo, CalendarProvider, ProviderError

PROVIDERS = ("caldav", "google", "graph", "ews")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    a = sub.add_parser("accounts", help="agents' calendar accounts", parents=[common])
    asub = a.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)
    add = asub.add_parser(
        "add", parents=[common], help="connect an agent's calendar (password from a prompt)"
    )
    add.add_argument("--agent", required=True, metavar="NAME", help="the agent's name")
    add.add_argument("--branch", metavar="NAME", help="the agent's branch (if several)")
    add.add_argument("--provider", required=True, choices=PROVIDERS, help="kind of account")
    add.add_argument(
        "--url",
        "--server-url",
        metavar="URL",
        help="the calendar server (Google: only for a proxy or test server)",
    )
    add.add_argument(
        "--user",
        "--username",
        metavar="USER",
        help="the sign-in name (Google: the account's address)",
    )
    add.add_argument(
        "--version",
        dest="ews_version",
        default="2016",
        metavar="YEAR",
        help="Exchange: the server's version, 2013, 2016 or 2019 (2016)",
    )
    add.add_argument(
        "--auth", choices=("ntlm", "basic"), default="ntlm", help="Exchange: sign-in kind (ntlm)"
    )
    add.add_argument("--email", metavar="ADDRESS", help="Exchange: the mailbox's e-mail address")
    add.add_argument(
        "--ca-file", metavar="FILE", help="Exchange: certificate authority of the server (PEM)"
    )
    add.add_argument(
        "--no-verify-tls",
        action="store_true",
        help="Exchange: do not check the server's certificate (test servers only)",
    )
    add.add_argument(
        "--client-id", metavar="ID", help="Google, Microsoft 365: the desk's OAuth client id"
    )
    add.add_argument(
        "--authority", metavar="URL", help="Microsoft 365: sign-in authority (organizations)"
    )
    add.add_argument("--browser", action="store_true", help="Microsoft 365: sign in in the browser")
    add.add_argument("--token-url", metavar="URL", help="Google: a token endpoint of a proxy")
    add.add_argument(
        "--calendar",
        metavar="NAME",
        help="the calendar that receives the branch's appointments (name or address); "
        "without it appointments are not added to a calendar",
    )
    add.add_argument(
        "--check",
        metavar="CAL",
        action="append",
        default=[],
        help="another calendar whose events block the agent's time (up to 4; repeatable)",
    )
    add.add_argument(
        "--interval", type=int, default=5, metavar="MIN", help="minutes between syncs (5)"
    )
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    add.set_defaults(handler=add_account)
    ls = asub.add_parser(
        "list", parents=[common], help="accounts: last success, next run, waiting, last error"
    )
    ls.set_defaults(handler=list_accounts)
    rm = asub.add_parser(
        "remove", parents=[common], help="disconnect an account and forget its password"
    )
    rm.add_argument("id", type=int, help="the account's number in `frontdesk accounts list`")
    rm.set_defaults(handler=remove_account)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    if not sys.stdin.isatty():
        raise CliError("usage", "no terminal to ask the password at: use --password-stdin")
    return getpass.getpass(f"Calendar password for {args.user}: ")


def _google(args: argparse.Namespace) -> tuple[CalendarProvider, str]:
    """Google's provider from the refresh token and client secret, and what the keyring keeps."""
    from app.sync.google_provider import GoogleProvider, secret_blob

    if not args.client_id:
        raise CliError("usage", "a Google account needs --client-id (the desk's OAuth client)")
    if args.password_stdin:
        token = sys.stdin.readline().strip()
        client_secret = sys.stdin.readline().strip()
    elif not sys.stdin.isatty():
        raise CliError("usage", "no terminal to ask the refresh token at: use --password-stdin")
    else:
        token = getpass.getpass("Google refresh token: ").strip()
        client_secret = getpass.getpass("OAuth client secret: ").strip()
    if not token:
        raise CliError("usage", "the Google refresh token is empty")
    provider = GoogleProvider(
        token, args.client_id, client_secret, api_endpoint=args.url, token_uri=args.token_url
    )
    return provider, secret_blob(token, args.client_id, client_secret)


def _graph(args: argparse.Namespace) -> tuple[CalendarProvider, str]:
    """Microsoft 365's provider after signing in, and the keyring entry of its tokens."""
    from app.sync import graph_provider

    if not args.client_id or not args.user:
        raise CliError("usage", "a Microsoft 365 account needs --client-id and --user")
    ref = secrets.new_ref("graph", args.user)

    def show(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        tokens = graph_provider.sign_in(
            args.client_id,
            ref,
            show,
            args.authority or graph_provider.DEFAULT_AUTHORITY,
            browser=args.browser,
        )
    except (ProviderError, secrets.SecretStoreError) as exc:
        secrets.delete_secret(ref)
        raise CliError("calendar_unavailable", str(exc)) from None
    except (ValueError, OSError) as exc:  # msal: bad authority, sign-in server unreachable
        secrets.delete_secret(ref)
        raise CliError(
            "calendar_unavailable",
            "Microsoft's sign-in could not be reached or refused the settings "
            f"({type(exc).__name__}).",
        ) from None
    return graph_provider.GraphProvider(tokens, args.url or graph_provider.GRAPH_URL), ref


def _ews(args: argparse.Namespace) -> tuple[CalendarProvider, str, dict[str, Any]]:
    """Exchange's provider from the explicit settings, the password, and the options kept."""
    from app.sync import ews_provider

    if not args.url or not args.user or not args.email:
        raise CliError("usage", "an Exchange account needs --server-url, --username and --email")
    try:
        version = ews_provider.parse_version(args.ews_version)
    except ValueError as exc:
        raise CliError("usage", str(exc)) from None
    settings = ews_provider.EwsSettings(
        server_url=args.url,
        username=args.user,
        email=args.email,
        version=version,
        auth=args.auth,
        ca_file=args.ca_file,
        verify_tls=not args.no_verify_tls,
    )
    password = _read_password(args)
    try:
        provider = ews_provider.EwsProvider(settings, password or None)
    except ProviderError as exc:
        raise CliError("usage", exc.message) from None
    return provider, password, settings.options()


def _pick(found: list[CalendarInfo], wanted: str) -> str:
    """A calendar's id by its name, its address or the last part of its address."""
    for cal in found:
        if wanted in (cal.id, cal.name) or cal.id.rstrip("/").split("/")[-1] == wanted:
            return cal.id
    names = ", ".join(sorted(c.name for c in found)) or "none"
    raise CliError("unknown_calendar", f"There is no calendar {wanted!r}; there are: {names}.")


def add_account(ctx: Context, args: argparse.Namespace) -> int:
    from app.sync.caldav_provider import CaldavProvider

    with ctx.sessions()() as session:
        ctx.actor(session).require(ADMINISTER)
        branch_id = lookup.branch(session, args.branch).id
        agent = lookup.agent(session, branch_id, args.agent)
        agent_id, agent_name = agent.id, agent.name
    provider: CalendarProvider
    graph_ref: str | None = None
    ews_options: dict[str, Any] = {}
    if args.provider == "google":
        provider, password = _google(args)
    elif args.provider == "graph":
        provider, graph_ref = _graph(args)
        password = ""
    elif args.provider == "ews":
        provider, password, ews_options = _ews(args)
    else:
        if not args.url or not args.user:
            raise CliError("usage", "a CalDAV account needs --url and --user")
        password = _read_password(args)
        provider = CaldavProvider(args.url, args.user, password or None)
    try:
        found = provider.list_calendars()
    except ProviderError as exc:
        if graph_ref is not None:
            secrets.delete_secret(graph_ref)
        message = exc.message.replace(password, "********") if password else exc.message
        raise CliError("calendar_unavailable", message) from None
    finally:
        provider.close()
    target = _pick(found, args.calendar) if args.calendar else None
    checked = [_pick(found, name) for name in args.check]

    def work(session: Session) -> int:
        account = accounts.add_account(
            session,
            ctx.actor(session),
            ctx.now(),
            agent_id=agent_id,
            provider=args.provider,
            server_url=args.url,
            username=args.user,
            password=password or None,
            target_calendar=target,
            checked=checked,
            interval_min=args.interval,
        )
        if graph_ref is not None:
            account.keyring_ref = graph_ref
            account.options = {
                **account.options,
                "client_id": args.client_id,
                **({"authority": args.authority} if args.authority else {}),
            }
        if ews_options:
            account.options = {**account.options, **ews_options}
        if args.provider == "google" and args.token_url:
            account.options = {**account.options, "token_uri": args.token_url}
        return account.id

    account_id = run_write(ctx.sessions(), work)
    where = f"appointments go to {target}" if target else "appointments are not added"
    ctx.out(
        {"id": account_id, "agent": agent_name, "target_calendar": target, "checked": checked},
        f"Calendar account {account_id} connected for {agent_name}; {where}"
        + (f"; {len(checked)} more calendar(s) checked for conflicts." if checked else "."),
    )
    return 0


def list_accounts(ctx: Context, _args: argparse.Namespace) -> int:
    with ctx.sessions()() as session:
        rows = accounts.list_accounts(session)

    def when(value: Any) -> str:
        return f"{value:%Y-%m-%d %H:%M}Z" if value else "never"

    lines: list[str] = []
    for r in rows:
        state = "" if r.enabled else " (disabled)"
        lines.append(f"{r.id:>4}  {r.agent:<24} {r.provider:<7} {r.username or ''}{state}")
        lines.append(f"      calendar: {r.target_calendar or 'appointments not added'}")
        lines.append(
            f"      last success {when(r.last_success_at)}; next run "
            f"{when(r.next_run_at) if r.enabled else 'none'}; {r.waiting} waiting"
            + (f", {r.failed} failed" if r.failed else "")
            + (f", {r.conflicts} change(s) to review" if r.conflicts else "")
        )
        if r.last_error:
            lines.append(f"      last error: {r.last_error}")
    ctx.out([r.to_json() for r in rows], lines or ["No calendar accounts."])
    return 0


def remove_account(ctx: Context, args: argparse.Namespace) -> int:
    def work(session: Session) -> None:
        accounts.remove_account(session, ctx.actor(session), args.id, ctx.now())

    run_write(ctx.sessions(), work)
    ctx.out(
        {"id": args.id, "removed": True},
        f"Calendar account {args.id} removed; events already in the calendar stay there.",
    )
    return 0
