"""Dates between Python and Qt, spelled once (Qt's typing stubs take only y, m, d)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
