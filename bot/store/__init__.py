"""Storage for the Slack bot: event de-duplication and escalations to HR.

A small interface over SQLAlchemy 2 (Core): `Store.open(url)` and a few
methods. SQLite by default, PostgreSQL for several processes; the "only once"
rules are database constraints and conditional UPDATEs (see `tables`).

The operations live by table: delivery keys, lasting once-only keys, jobs and the
purge here; escalations in `escalation_table`, the question log in `question_log`, review confirmations in
`review_table`;
the rows they return in `rows`. Errors opening or upgrading a database are one
sentence (`bot.errors.StoreError`).

    store = Store.open("sqlite:///smpolicy.db")
    if store.first_time("Ev123", "event"):
        esc, created = store.add_escalation(origin="Ev123", user_id="U1", question="...", ...)
        if store.claim(esc.id, PENDING):
            store.mark_posted(esc.id, "C_HR", "1700000000.000100")
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, create_engine, event, insert, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError

from ..errors import StoreError
from .escalation_table import EscalationTable
from .migrate import upgrade
from .question_log import QuestionLog
from .review_table import ReviewTable
from .rows import Escalation, LoggedQuestion, Review
from .tables import (
    ANSWERED,
    OPEN,
    PENDING,
    RELAYING,
    STATES,
    UNDELIVERABLE,
    escalations,
    jobs,
    once_flags,
    processed_events,
    questions,
    utcnow,
)

__all__ = ["Store", "Escalation", "LoggedQuestion", "Review", "PENDING", "OPEN", "RELAYING", "ANSWERED",
           "UNDELIVERABLE", "STATES", "utcnow"]


def _first_line(exc: BaseException) -> str:
    """The driver's message, without SQLAlchemy's statement, parameters and background link."""
    inner = getattr(exc, "orig", None) or exc
    return (str(inner).strip().splitlines() or [""])[0][:200]


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Store(EscalationTable, QuestionLog, ReviewTable):
    """Escalations and processed events in one SQL database."""

    def __init__(self, db: Engine):
        self.db = db  # the SQLAlchemy engine; named apart from the answer engine

    @classmethod
    def open(cls, url: str, *, create: bool = True) -> Store:
        """Connect to `url` (any SQLAlchemy URL) and create missing tables.

        Raises StoreError (one sentence, no password) for a URL that is not a database
        URL, a database that cannot be reached, or one with a newer schema.
        """
        try:
            shown = make_url(url).render_as_string(hide_password=True)
        except (ArgumentError, ValueError, TypeError) as exc:
            raise StoreError("SMPOLICY_DATABASE_URL is not a database URL "
                             "(e.g. sqlite:///smpolicy.db or postgresql+psycopg://user:pw@host/db)") from exc
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except (SQLAlchemyError, ImportError, ValueError, TypeError) as exc:
            raise StoreError(f"cannot use the database {shown}: {exc.__class__.__name__}: {_first_line(exc)}") from exc
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine)
        if create:
            try:
                upgrade(engine)
            except StoreError as exc:
                engine.dispose()
                raise StoreError(f"database {shown}: {exc}") from exc
            except SQLAlchemyError as exc:
                engine.dispose()
                raise StoreError(f"could not open the database {shown}: {exc.__class__.__name__}: "
                                 f"{_first_line(exc)}") from exc
        return store

    def close(self) -> None:
        self.db.dispose()

    # --- de-duplication ----------------------------------------------------------------

    def first_time(self, key: str, kind: str) -> bool:
        """Record `key` as processed; False when it was already (a retry or a second worker)."""
        try:
            with self.db.begin() as conn:
                conn.execute(insert(processed_events).values(id=key[:255], kind=kind, received_at=utcnow()))
            return True
        except IntegrityError:
            return False

    def forget_event(self, key: str) -> None:
        """Undo `first_time(key)`: the work it guarded failed and may be tried again."""
        with self.db.begin() as conn:
            conn.execute(processed_events.delete().where(processed_events.c.id == key[:255]))

    def forget_events(self, before: dt.datetime) -> int:
        """Delete processed-event keys older than `before` (Slack retries within minutes)."""
        with self.db.begin() as conn:
            return conn.execute(processed_events.delete().where(processed_events.c.received_at < before)).rowcount

    # --- lasting once-only rules --------------------------------------------------------

    def claim_once(self, key: str, kind: str) -> bool:
        """Record `key` as done for good (never pruned); False when it was done before, by any process.

        For rules that must hold longer than a Slack retry: one "New FAQ" per escalation,
        knowledge problems posted once per version.
        """
        try:
            with self.db.begin() as conn:
                conn.execute(insert(once_flags).values(id=key[:255], kind=kind, created_at=utcnow()))
            return True
        except IntegrityError:
            return False

    def release_once(self, key: str) -> None:
        """Undo `claim_once(key)`: the work it guarded failed and may be tried again."""
        with self.db.begin() as conn:
            conn.execute(once_flags.delete().where(once_flags.c.id == key[:255]))

    # --- escalations ---------------------------------------------------------------------

    # --- retention ---------------------------------------------------------------------------

    def claim_job(self, name: str, every: dt.timedelta, now: dt.datetime | None = None) -> bool:
        """True for exactly one caller per period `every`, across processes sharing the database."""
        now = now or utcnow()
        with self.db.begin() as conn:
            claimed = conn.execute(update(jobs).where(jobs.c.name == name, jobs.c.last_run <= now - every)
                                   .values(last_run=now)).rowcount
            if claimed:
                return True
        try:
            with self.db.begin() as conn:
                conn.execute(insert(jobs).values(name=name, last_run=now))
            return True
        except IntegrityError:
            return False  # it exists and ran within the period (or another worker just inserted it)

    def purge(self, retention: dt.timedelta, now: dt.datetime | None = None) -> dict[str, int]:
        """Delete question and reply texts older than `retention`; keep the counts HR's report needs.

        Escalations still waiting for HR keep their text and user id (the reply
        must still reach the person); they are purged once answered and old.
        """
        cutoff = (now or utcnow()) - retention
        with self.db.begin() as conn:
            texts = conn.execute(update(questions).where(questions.c.asked_at < cutoff, questions.c.text.is_not(None))
                                 .values(text=None)).rowcount
            answered = conn.execute(
                update(escalations)
                .where(escalations.c.state.in_((ANSWERED, UNDELIVERABLE)), escalations.c.created_at < cutoff,
                       escalations.c.question != "")
                .values(question="", reply=None, user_id="")
            ).rowcount
            events = conn.execute(processed_events.delete().where(processed_events.c.received_at < cutoff)).rowcount
        return {"question_texts": texts, "escalations": answered, "events": events}
