"""``frontdesk setup apply FILE`` and ``frontdesk setup export``: branches as TOML files.

``apply`` checks the whole file first and refuses it with every problem listed (one line on
stderr for the first, all of them in the JSON details), then writes in one transaction, so
a failure leaves the database exactly as it was. ``--dry-run`` goes through the same
steps and rolls back, to show what would change. ``export`` writes the canonical file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.booking.setup_file import SetupFileError, apply_setup, export_setup, read_setup_file
from app.cli import CliError, Context
from app.models import Branch
from app.models.db import write_session


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("setup", help="branch setup files (TOML): apply, export", parents=[common])
    setup_sub = p.add_subparsers(dest="setup_command", metavar="ACTION", required=True)
    ap = setup_sub.add_parser(
        "apply",
        parents=[common],
        help="create a branch from a setup file, or bring the branch of that name in line",
    )
    ap.add_argument("file", metavar="FILE", help="the setup file (TOML, UTF-8)")
    ap.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and show what would change, but write nothing",
    )
    ap.set_defaults(handler=apply)
    ex = setup_sub.add_parser("export", parents=[common], help="write a branch as a setup file")
    ex.add_argument(
        "--branch", metavar="NAME", help="the branch to export (needed when there are several)"
    )
    ex.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE instead of standard output"
    )
    ex.set_defaults(handler=export)


def apply(ctx: Context, args: argparse.Namespace) -> int:
    try:
        setup = read_setup_file(args.file)
    except SetupFileError as exc:
        return _refuse(ctx, exc)
    factory = ctx.sessions()
    if args.dry_run:
        with factory() as session:
            try:
                report = apply_setup(session, ctx.actor(session), setup, ctx.now())
            finally:
                session.rollback()
    else:
        with write_session(factory) as session:
            report = apply_setup(session, ctx.actor(session), setup, ctx.now())
    data = {"file": args.file, "dry_run": bool(args.dry_run), **report.to_json()}
    ctx.out(data, report.summary(dry_run=args.dry_run))
    return 0


def _refuse(ctx: Context, exc: SetupFileError) -> int:
    """Exit 1 with the first problem on one line (a compiler-style ``FILE:LINE:``)."""
    print(" ".join(exc.message.split()), file=sys.stderr)
    if ctx.json:
        print(json.dumps({"error": exc.to_json()}, ensure_ascii=False, indent=2))
    return 1


def export(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.sessions()() as session:
        text = export_setup(session, args.branch)
        name = args.branch or session.scalars(select(Branch.name)).one()
    if args.output is None:
        if ctx.json:
            ctx.out({"branch": name, "toml": text})
        else:
            sys.stdout.write(text)
        return 0
    path = Path(args.output)
    _write_atomically(path, text)
    ctx.out(
        {"branch": name, "toml": text, "output": str(path)},
        f'Wrote the setup of "{name}" to {path}.',
    )
    return 0


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` only once the whole text is written: never a half file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CliError(
            "no_such_folder", f"Cannot write {path}: the folder {folder} does not exist."
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
