"""Running a use case as one transaction, and turning the database's refusals into
``BookingError``.

Double booking is stopped by the database itself (exclusion constraint on PostgreSQL,
triggers on SQLite, see migration 0002). When it refuses, the writer gets ``slot_taken``.
PostgreSQL serialization failures and deadlocks are retried a few times: they mean only
that two desks met, not that anything is wrong.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.booking.errors import BookingError
from app.models.db import write_session

T = TypeVar("T")

#: Raised by the SQLite triggers of migration 0002.
SQLITE_OVERLAP_MESSAGE = "frontdesk_overlap"
PG_EXCLUSION_VIOLATION = "23P01"
PG_RETRYABLE = frozenset({"40001", "40P01"})  # serialization failure, deadlock


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None)


def is_overlap(exc: BaseException) -> bool:
    if not isinstance(exc, DBAPIError):
        return False
    if _sqlstate(exc) == PG_EXCLUSION_VIOLATION:
        return True
    return SQLITE_OVERLAP_MESSAGE in str(exc.orig)


def slot_taken() -> BookingError:
    return BookingError(
        "slot_taken",
        "This time was just taken by another booking. Choose another time.",
    )


def flush(session: Session) -> None:
    """Flush, turning an overlap refused by the database into ``slot_taken``."""
    try:
        session.flush()
    except (IntegrityError, OperationalError) as exc:
        if is_overlap(exc):
            raise slot_taken() from None
        raise


def run_write(
    sessions: sessionmaker[Session],
    work: Callable[[Session], T],
    *,
    attempts: int = 5,
) -> T:
    """Run ``work`` in one write transaction and commit; retry when PostgreSQL asks to."""
    for attempt in range(1, attempts + 1):
        try:
            with write_session(sessions) as session:
                result = work(session)
                flush(session)
            return result
        except DBAPIError as exc:
            if is_overlap(exc):
                raise slot_taken() from None
            if _sqlstate(exc) in PG_RETRYABLE and attempt < attempts:
                time.sleep(random.uniform(0.005, 0.05) * attempt)
                continue
            raise
    raise AssertionError("unreachable")  # pragma: no cover
