"""Errors split by whose fault they are.

``BookingError``: a rule said no. Its ``code`` is stable (scripts and tests match on it) and
its message is written for a receptionist. Anything else raised from app.booking is a bug.
"""

from __future__ import annotations

from typing import Any


class BookingError(Exception):
    def __init__(self, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            out["details"] = self.details
        return out


class NotFound(BookingError):
    def __init__(self, what: str, key: object) -> None:
        super().__init__("not_found", f"No {what} matches {key!s}.")
