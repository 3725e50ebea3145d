"""``frontdesk serve``: the self-service booking pages, served by waitress.

waitress is a production WSGI server (pure Python, threads, no shell-out), so the same
command runs on the branch's Windows or Linux machine. It serves plain HTTP: put it
behind a TLS reverse proxy (see docs/web.md) and tell it so with ``--trusted-proxies``,
so that rate limits count the visitor's address rather than the proxy's.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.booking import settings
from app.cli import CliError, Context


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "serve",
        parents=[common],
        help="serve the self-service booking pages",
        description="Serve the customers' booking pages (branch, service and agent pages, "
        "the booking form and the private link of each appointment) from the database "
        "chosen by --db or FRONTDESK_DB, with waitress. Plain HTTP: put a TLS reverse "
        "proxy in front of it on the internet.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port to listen on (default: 8080)")
    p.add_argument("--threads", type=int, default=8, help="requests handled at once (default: 8)")
    p.add_argument(
        "--trusted-proxies",
        type=int,
        default=0,
        metavar="N",
        help="number of reverse proxies in front whose X-Forwarded-For/-Proto/-Host "
        "headers to trust (default: 0, trust none)",
    )
    p.add_argument(
        "--attempts",
        default="10 per minute",
        metavar="LIMIT",
        help="booking, moving and cancelling attempts allowed per visitor address, such "
        'as "10 per minute" or "100 per hour" (default: 10 per minute)',
    )
    p.set_defaults(handler=serve)


def _check(args: argparse.Namespace) -> None:
    if not 1 <= args.port <= 65535:
        raise CliError("usage", f"serve: --port must be from 1 to 65535, not {args.port}")
    if not 1 <= args.threads <= 256:
        raise CliError("usage", f"serve: --threads must be from 1 to 256, not {args.threads}")
    if not 0 <= args.trusted_proxies <= 10:
        raise CliError(
            "usage", f"serve: --trusted-proxies must be from 0 to 10, not {args.trusted_proxies}"
        )
    from limits import parse_many

    try:
        parse_many(args.attempts)
    except ValueError:
        raise CliError(
            "usage",
            f'serve: --attempts expects a limit such as "10 per minute", not {args.attempts!r}',
        ) from None


def serve(ctx: Context, args: argparse.Namespace) -> int:
    """Run until interrupted; every request reads "now" from the command's clock."""
    _check(args)
    import waitress

    from app.web import create_app

    sessions = ctx.sessions()
    with sessions() as session:
        public = settings.get(session, settings.WEB_PUBLIC_URL)
    config: dict[str, Any] = {
        "FRONTDESK_POST_LIMIT": args.attempts,
        "FRONTDESK_TRUSTED_PROXIES": args.trusted_proxies,
        # Cookies only over HTTPS when the public address is HTTPS.
        "SESSION_COOKIE_SECURE": bool(public and str(public).startswith("https://")),
    }
    app = create_app(sessions, ctx.clock, config)
    where = f"http://{args.host}:{args.port}/"
    ctx.out(
        {"listening": where, "public_url": public, "threads": args.threads},
        [f"Serving the booking pages on {where} (Ctrl+C stops)."]
        + (
            [f"Public address: {public}"]
            if public
            else ["No web.public_url is set: e-mails carry no private link."]
        ),
    )
    try:
        waitress.serve(
            app,
            host=args.host,
            port=args.port,
            threads=args.threads,
            ident="frontdesk",
            # The request body limit of the pages, enforced before Flask sees the request.
            max_request_body_size=app.config["MAX_CONTENT_LENGTH"],
        )
    except KeyboardInterrupt:  # Ctrl+C: the ordinary way to stop a foreground server
        ctx.note("Stopped.")
    return 0
