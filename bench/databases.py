"""Throwaway databases for tests and the benchmark: a SQLite file, or a new database on a PostgreSQL server."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def fresh_database(server_url: str | None, folder: Path | str, prefix: str = "smpolicy_test") -> Iterator[str]:
    """The URL of a new, empty database; dropped afterwards (PostgreSQL) or left in `folder` (SQLite).

    `server_url` is None for SQLite, else an admin URL of a PostgreSQL server.
    """
    if server_url is None:
        yield f"sqlite:///{Path(folder) / 'shared.db'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
