"""What every window and dialog of the desk needs to know about where it runs.

Plain values, no Qt and no open session: widgets open short sessions from ``sessions``
for reads, and call app.booking use cases (through ``run_write``) as ``username`` for
writes, with ``clock`` giving "now".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from app.booking.permissions import DESK_USERNAME, Actor, load_actor
from app.clock import Clock


@dataclass
class DeskState:
    sessions: sessionmaker[Session]
    database_label: str
    user_label: str
    clock: Clock
    #: The user the desk acts as (the built-in single-desk user unless someone signed in).
    username: str = DESK_USERNAME
    #: The database the desk runs on (for the database settings page; never shown: a
    #: server's password is in the keyring, not here).
    db_url: str = ""

    def now(self) -> datetime:
        return self.clock()

    def actor(self, session: Session) -> Actor:
        return load_actor(session, self.username)
