"""SQL expressions that differ between SQLite and PostgreSQL, written once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class epoch_floor(FunctionElement[int]):
    """Whole minutes since 1970-01-01 UTC of an instant column, rounded down.

    Lets hot queries hand integers to the scheduling engine instead of building a
    datetime per row.
    """

    type = BigInteger()
    inherit_cache = True
    name = "epoch_floor"


class epoch_ceil(FunctionElement[int]):
    """Like :class:`epoch_floor`, rounded up (for the end of a busy interval)."""

    type = BigInteger()
    inherit_cache = True
    name = "epoch_ceil"


def _sqlite_seconds(element: FunctionElement[int], compiler: Any, **kw: Any) -> str:
    (column,) = list(element.clauses)
    return f"CAST(strftime('%s', {compiler.process(column, **kw)}) AS INTEGER)"


@compiles(epoch_floor, "sqlite")
def _floor_sqlite(element: epoch_floor, compiler: Any, **kw: Any) -> str:
    return f"({_sqlite_seconds(element, compiler, **kw)} / 60)"


@compiles(epoch_ceil, "sqlite")
def _ceil_sqlite(element: epoch_ceil, compiler: Any, **kw: Any) -> str:
    return f"(({_sqlite_seconds(element, compiler, **kw)} + 59) / 60)"


def _pg_seconds(element: FunctionElement[int], compiler: Any, **kw: Any) -> str:
    (column,) = list(element.clauses)
    return f"EXTRACT(EPOCH FROM {compiler.process(column, **kw)})"


@compiles(epoch_floor, "postgresql")
def _floor_pg(element: epoch_floor, compiler: Any, **kw: Any) -> str:
    return f"CAST(floor({_pg_seconds(element, compiler, **kw)} / 60) AS BIGINT)"


@compiles(epoch_ceil, "postgresql")
def _ceil_pg(element: epoch_ceil, compiler: Any, **kw: Any) -> str:
    return f"CAST(ceil({_pg_seconds(element, compiler, **kw)} / 60) AS BIGINT)"
