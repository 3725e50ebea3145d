"""Subcommands of ``frontdesk``, one module per area; each has ``register(sub, common)``.

``common`` is the parent parser carrying --db, --json and --now, so those options work
after the subcommand too. A handler takes (Context, Namespace) and returns the exit code.
"""

from __future__ import annotations

from app.commands import accounts as accounts_commands
from app.commands import admin as admin_commands
from app.commands import approvals as approvals_commands
from app.commands import audit as audit_commands
from app.commands import booking as booking_commands
from app.commands import customers as customers_commands
from app.commands import db as db_commands
from app.commands import demo as demo_commands
from app.commands import jobs as jobs_commands
from app.commands import mail as mail_commands
from app.commands import serve as serve_commands
from app.commands import setup as setup_commands
from app.commands import sync as sync_commands
from app.commands import users as users_commands

MODULES = [
    db_commands,
    customers_commands,
    booking_commands,
    demo_commands,
    setup_commands,
    admin_commands,
    mail_commands,
    users_commands,
    approvals_commands,
    audit_commands,
    jobs_commands,
    accounts_commands,
    sync_commands,
    serve_commands,
]
