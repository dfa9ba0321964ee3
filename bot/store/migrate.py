"""Schema versions: create a new database, or upgrade an old one without losing escalations.

Each step is a list of portable DDL statements, applied in one transaction
and recorded in `schema_version`. A database made before versions existed
(version 1: processed_events and escalations only) is recognised by its
tables. New tables are created by `metadata.create_all`, which never touches
existing ones; steps only alter what already exists.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy import Connection, Engine, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from ..errors import StoreError
from .tables import metadata, schema_version, utcnow

log = logging.getLogger(__name__)

CURRENT = 6

# version -> statements that bring a database at version-1 up to it (beyond create_all).
STEPS: dict[int, list[str | Callable[[Connection], None]]] = {
    2: [],  # questions, jobs and schema_version are new tables: create_all adds them
    3: [
        # Forward clicks were keyed "forward:<Slack user id>:<offer>": drop the user id (the key only
        # stops double clicks, which are long past), and clear the asker's id where HR's reply was
        # delivered (only relaying needed it).
        "UPDATE escalations SET origin = 'forward:migrated:' || CAST(id AS VARCHAR(20)) WHERE origin LIKE 'forward:%'",
        "UPDATE escalations SET user_id = '' WHERE state = 'answered'",
    ],
    4: [
        # Lasting once-only keys lived in processed_events, which is pruned after a day: move them
        # into once_flags (created by create_all), which is never pruned.
        "INSERT INTO once_flags (id, kind, created_at) SELECT id, kind, received_at FROM processed_events "
        "WHERE id LIKE 'add-faq:%' OR id LIKE 'knowledge-problems:%'",
        "DELETE FROM processed_events WHERE id LIKE 'add-faq:%' OR id LIKE 'knowledge-problems:%'",
    ],
    # The question log's "redirect" held the not-covered matter's id, not a redirect text: say so.
    5: [lambda conn: _rename_column(conn, "questions", "redirect", "matter")],
    6: [],  # reviews ("Still correct" in the review DM) is a new table: create_all adds it
}


def _rename_column(conn: Connection, table: str, old: str, new: str) -> None:
    """Rename where the old column exists (a table create_all just made has the new name already)."""
    if old in {c["name"] for c in inspect(conn).get_columns(table)}:
        conn.execute(text(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}"))


def database_version(conn: Connection) -> int:
    """0 for an empty database, 1 for one from before schema versions, else what it records."""
    names = set(inspect(conn).get_table_names())
    if "schema_version" in names:
        row = conn.execute(select(schema_version.c.version).order_by(schema_version.c.id.desc())).first()
        if row:
            return int(row[0])
    return 1 if "escalations" in names else 0


def _upgrade(engine: Engine) -> int:
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(7261001)"))  # one upgrader at a time
        found = database_version(conn)
        if found > CURRENT:
            raise StoreError(f"the database has schema version {found}, newer than this smpolicy "
                             f"({CURRENT}); upgrade smpolicy")
        metadata.create_all(conn)  # new tables only; existing ones and their rows are left alone
        if found == CURRENT:
            return found
        for version in range(max(found, 1) + 1, CURRENT + 1):
            for statement in STEPS.get(version, []):
                statement(conn) if callable(statement) else conn.execute(text(statement))
        conn.execute(insert(schema_version).values(version=CURRENT, upgraded_at=utcnow()))
    if found:
        log.info("database schema upgraded from version %s to %s", found, CURRENT)
    return found


def _first_line(exc: Exception) -> str:
    """The driver's message without SQLAlchemy's statement, parameters and background link."""
    inner = getattr(exc, "orig", None) or exc
    return (str(inner).strip().splitlines() or [""])[0][:200]


def upgrade(engine: Engine, attempts: int = 3) -> int:
    """Bring the database to CURRENT; returns the version it was at.

    Processes starting together may race to create tables on SQLite (PostgreSQL
    serialises them with an advisory lock); the loser simply tries again. Raises
    StoreError (one sentence) when the database is newer or cannot be upgraded.
    """
    for attempt in range(attempts):
        try:
            return _upgrade(engine)
        except (OperationalError, ProgrammingError, IntegrityError) as exc:
            if attempt == attempts - 1:
                raise StoreError(f"could not create or upgrade the database schema "
                                 f"({exc.__class__.__name__}: {_first_line(exc)})") from exc
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")
