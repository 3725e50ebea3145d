"""Where the data lives: the database URL from --db, FRONTDESK_DB or the default file."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_DB = "FRONTDESK_DB"


def data_dir() -> Path:
    return Path(user_data_dir("frontdesk", appauthor=False))


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'frontdesk.sqlite3'}"


def resolve_db_url(cli_value: str | None = None) -> str:
    """``--db`` wins over ``FRONTDESK_DB``, which wins over the default local file."""
    if cli_value:
        return normalise_url(cli_value)
    env = os.environ.get(ENV_DB)
    if env:
        return normalise_url(env)
    return default_db_url()


def normalise_url(url: str) -> str:
    """Accept a bare path for SQLite and ``postgresql://`` for psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().absolute()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url
