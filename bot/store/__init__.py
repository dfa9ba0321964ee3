"""Storage for the Slack bot: event de-duplication and escalations to HR.

A small interface over SQLAlchemy 2 (Core): `Store.open(url)` and a few
methods. SQLite by default, PostgreSQL for several processes; the "only once"
rules are database constraints and conditional UPDATEs (see `tables`).

    store = Store.open("sqlite:///smpolicy.db")
    if store.first_time("Ev123", "event"):
        esc, created = store.add_escalation(origin="Ev123", user_id="U1", question="...", ...)
        if store.claim(esc.id, PENDING):
            store.mark_posted(esc.id, "C_HR", "1700000000.000100")
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import Engine, create_engine, event, func, insert, or_, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError

from ..errors import StoreError
from .migrate import upgrade
from .tables import (ANSWERED, OPEN, PENDING, RELAYING, STATES, UNDELIVERABLE, escalations, jobs, once_flags,
                     processed_events, questions, utcnow)

__all__ = ["Store", "Escalation", "LoggedQuestion", "PENDING", "OPEN", "RELAYING", "ANSWERED", "UNDELIVERABLE",
           "STATES", "utcnow"]


@dataclass(frozen=True)
class LoggedQuestion:
    """One row of the question log, as the report reads it."""

    id: int
    asked_at: dt.datetime
    source: str
    language: str
    outcome: str
    section: str | None
    redirect: str | None
    candidates: tuple[dict, ...]
    top_score: float | None
    feedback: str | None
    escalation_id: int | None
    text: str | None

    @classmethod
    def from_row(cls, row: Any) -> "LoggedQuestion":
        m = row._mapping
        return cls(m["id"], m["asked_at"], m["source"], m["language"], m["outcome"], m["section"],
                   m["redirect"], tuple(m["candidates"] or ()), m["top_score"], m["feedback"],
                   m["escalation_id"], m["text"])


@dataclass(frozen=True)
class Escalation:
    """One question put to HR, as stored."""

    id: int
    origin: str
    state: str
    user_id: str
    anonymous: bool
    question: str
    language: str
    source: str
    candidates: tuple[dict, ...]
    contact: str | None
    hr_channel: str | None
    hr_ts: str | None
    attempts: int
    last_error: str | None
    retry_at: dt.datetime | None
    answered_by: str | None
    reply: str | None
    created_at: dt.datetime
    answered_at: dt.datetime | None
    relayed_at: dt.datetime | None

    @classmethod
    def from_row(cls, row: Any) -> "Escalation":
        m = row._mapping
        return cls(
            id=m["id"], origin=m["origin"], state=m["state"], user_id=m["user_id"],
            anonymous=bool(m["anonymous"]), question=m["question"], language=m["language"],
            source=m["source"], candidates=tuple(m["candidates"] or ()), contact=m["contact"],
            hr_channel=m["hr_channel"], hr_ts=m["hr_ts"], attempts=m["attempts"],
            last_error=m["last_error"], retry_at=m["retry_at"], answered_by=m["answered_by"],
            reply=m["reply"], created_at=m["created_at"], answered_at=m["answered_at"],
            relayed_at=m["relayed_at"],
        )


def _first_line(exc: BaseException) -> str:
    """The driver's message, without SQLAlchemy's statement, parameters and background link."""
    inner = getattr(exc, "orig", None) or exc
    return (str(inner).strip().splitlines() or [""])[0][:200]


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Store:
    """Escalations and processed events in one SQL database."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def open(cls, url: str, *, create: bool = True) -> "Store":
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
        self.engine.dispose()

    # --- de-duplication ----------------------------------------------------------------

    def first_time(self, key: str, kind: str) -> bool:
        """Record `key` as processed; False when it was already (a retry or a second worker)."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(processed_events).values(id=key[:255], kind=kind, received_at=utcnow()))
            return True
        except IntegrityError:
            return False

    def forget_event(self, key: str) -> None:
        """Undo `first_time(key)`: the work it guarded failed and may be tried again."""
        with self.engine.begin() as conn:
            conn.execute(processed_events.delete().where(processed_events.c.id == key[:255]))

    def forget_events(self, before: dt.datetime) -> int:
        """Delete processed-event keys older than `before` (Slack retries within minutes)."""
        with self.engine.begin() as conn:
            return conn.execute(processed_events.delete().where(processed_events.c.received_at < before)).rowcount

    # --- lasting once-only rules --------------------------------------------------------

    def claim_once(self, key: str, kind: str) -> bool:
        """Record `key` as done for good (never pruned); False when it was done before, by any process.

        For rules that must hold longer than a Slack retry: one "New FAQ" per escalation,
        knowledge problems posted once per version.
        """
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(once_flags).values(id=key[:255], kind=kind, created_at=utcnow()))
            return True
        except IntegrityError:
            return False

    def release_once(self, key: str) -> None:
        """Undo `claim_once(key)`: the work it guarded failed and may be tried again."""
        with self.engine.begin() as conn:
            conn.execute(once_flags.delete().where(once_flags.c.id == key[:255]))

    # --- escalations ---------------------------------------------------------------------

    def add_escalation(
        self,
        *,
        origin: str,
        user_id: str,
        question: str,
        language: str,
        source: str,
        candidates: Iterable[dict] = (),
        contact: str | None = None,
        anonymous: bool = False,
    ) -> tuple[Escalation, bool]:
        """Store a new pending escalation; (existing one, False) when `origin` was seen before."""
        now = utcnow()
        try:
            with self.engine.begin() as conn:
                new_id = conn.execute(
                    insert(escalations).values(
                        origin=origin[:255], state=PENDING, created_at=now, updated_at=now,
                        user_id=user_id, anonymous=anonymous, question=question, language=language,
                        source=source, candidates=list(candidates), contact=contact, attempts=0,
                    )
                ).inserted_primary_key[0]
            return self.get(new_id), True
        except IntegrityError:
            with self.engine.connect() as conn:
                row = conn.execute(select(escalations).where(escalations.c.origin == origin[:255])).one()
            return Escalation.from_row(row), False

    def get(self, escalation_id: int) -> Escalation | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(escalations).where(escalations.c.id == escalation_id)).first()
        return Escalation.from_row(row) if row else None

    def find_by_hr_message(self, channel: str, ts: str) -> Escalation | None:
        """The escalation posted as message `ts` in `channel`, if any."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(escalations).where(escalations.c.hr_channel == channel, escalations.c.hr_ts == ts)
            ).first()
        return Escalation.from_row(row) if row else None

    def claim(self, escalation_id: int, state: str, *, lease_seconds: float = 120, now: dt.datetime | None = None) -> Escalation | None:
        """Take the right to work on an escalation in `state` (PENDING: post it; RELAYING: relay it).

        Atomic: sets a lease (`retry_at` in the future) only when the escalation is
        still in `state` and not leased or waiting; None when someone else has it.
        """
        now = now or utcnow()
        with self.engine.begin() as conn:
            claimed = conn.execute(
                update(escalations)
                .where(
                    escalations.c.id == escalation_id,
                    escalations.c.state == state,
                    or_(escalations.c.retry_at.is_(None), escalations.c.retry_at <= now),
                )
                .values(retry_at=now + dt.timedelta(seconds=lease_seconds), attempts=escalations.c.attempts + 1, updated_at=now)
            ).rowcount
        return self.get(escalation_id) if claimed == 1 else None

    def mark_posted(self, escalation_id: int, channel: str, ts: str) -> None:
        """The escalation is on the HR channel as message `ts`: wait for HR."""
        with self.engine.begin() as conn:
            conn.execute(
                update(escalations)
                .where(escalations.c.id == escalation_id, escalations.c.state == PENDING)
                .values(state=OPEN, hr_channel=channel, hr_ts=ts, retry_at=None, last_error=None, updated_at=utcnow())
            )

    def mark_failed(self, escalation_id: int, error: str, *, retry_at: dt.datetime) -> None:
        """Posting or relaying failed: keep the state, note why, try again from `retry_at`."""
        with self.engine.begin() as conn:
            conn.execute(
                update(escalations)
                .where(escalations.c.id == escalation_id)
                .values(last_error=error[:255], retry_at=retry_at, updated_at=utcnow())
            )

    def claim_reply(self, channel: str, ts: str, *, answered_by: str, reply: str, lease_seconds: float = 120,
                    escalation_id: int | None = None) -> Escalation | None:
        """Claim the first HR reply to escalation message `ts`: OPEN -> RELAYING, once.

        With `escalation_id`, the escalation is that one, whatever message it was
        recorded under (HR answered under a second post of it, found by its marker).
        Returns the escalation (with `reply` set) for the one caller that wins;
        None when there is no such escalation or it already has its reply.
        """
        now = utcnow()
        which = ((escalations.c.id == escalation_id,) if escalation_id is not None
                 else (escalations.c.hr_channel == channel, escalations.c.hr_ts == ts))
        with self.engine.begin() as conn:
            claimed = conn.execute(
                update(escalations)
                .where(*which, escalations.c.state == OPEN)
                .values(
                    state=RELAYING, answered_by=answered_by, reply=reply, answered_at=now,
                    retry_at=now + dt.timedelta(seconds=lease_seconds), attempts=0, last_error=None, updated_at=now,
                )
            ).rowcount
        if claimed != 1:
            return None
        return self.get(escalation_id) if escalation_id is not None else self.find_by_hr_message(channel, ts)

    def mark_relayed(self, escalation_id: int) -> None:
        """The employee has HR's reply: their Slack id is no longer needed and is cleared."""
        now = utcnow()
        with self.engine.begin() as conn:
            conn.execute(
                update(escalations)
                .where(escalations.c.id == escalation_id, escalations.c.state == RELAYING)
                .values(state=ANSWERED, relayed_at=now, retry_at=None, last_error=None, updated_at=now, user_id="")
            )

    def mark_undeliverable(self, escalation_id: int, error: str) -> bool:
        """Give up posting or relaying (PENDING / RELAYING -> UNDELIVERABLE); the asker's id is cleared."""
        with self.engine.begin() as conn:
            return conn.execute(
                update(escalations)
                .where(escalations.c.id == escalation_id, escalations.c.state.in_((PENDING, RELAYING)))
                .values(state=UNDELIVERABLE, last_error=error[:255], retry_at=None, updated_at=utcnow(), user_id="")
            ).rowcount == 1

    def due(self, now: dt.datetime | None = None) -> list[Escalation]:
        """Escalations that still need work (post or relay) and are not leased or waiting, oldest first."""
        now = now or utcnow()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(escalations)
                .where(
                    escalations.c.state.in_((PENDING, RELAYING)),
                    or_(escalations.c.retry_at.is_(None), escalations.c.retry_at <= now),
                )
                .order_by(escalations.c.id)
            ).all()
        return [Escalation.from_row(r) for r in rows]

    def escalations(self, state: str | None = None) -> list[Escalation]:
        """All escalations (in `state` when given), oldest first."""
        query = select(escalations).order_by(escalations.c.id)
        if state is not None:
            query = query.where(escalations.c.state == state)
        with self.engine.connect() as conn:
            return [Escalation.from_row(r) for r in conn.execute(query).all()]

    def count_escalations(self, states: Iterable[str] = (PENDING, OPEN, RELAYING), *,
                          since: dt.datetime | None = None) -> int:
        """How many escalations are in `states` (default: all that still wait for HR or the relay),
        of those created from `since` when given."""
        query = select(func.count()).select_from(escalations).where(escalations.c.state.in_(tuple(states)))
        if since is not None:
            query = query.where(escalations.c.created_at >= since)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one()

    # --- question log ----------------------------------------------------------------------

    def log_question(self, *, origin: str, user_hash: str | None, source: str, language: str, outcome: str,
                     section: str | None = None, redirect: str | None = None, candidates: Iterable[dict] = (),
                     escalation_id: int | None = None, text: str | None = None) -> int:
        """Record one question; its row id, the existing one when `origin` was logged already (a retry,
        or another process)."""
        candidates = list(candidates)
        try:
            with self.engine.begin() as conn:
                return conn.execute(insert(questions).values(
                    origin=origin[:255], asked_at=utcnow(), user_hash=user_hash, source=source, language=language,
                    outcome=outcome, section=section, redirect=redirect, candidates=candidates,
                    top_score=candidates[0]["score"] if candidates else None, escalation_id=escalation_id,
                    text=text,
                )).inserted_primary_key[0]
        except IntegrityError:
            existing = self.question_id(origin)
            if existing is None:
                raise
            return existing

    def question_id(self, origin: str) -> int | None:
        """The id of the question logged for `origin` (by this or another process), if any."""
        with self.engine.connect() as conn:
            return conn.execute(select(questions.c.id).where(questions.c.origin == origin[:255])).scalar()

    def question_owner(self, question_id: int) -> str | None:
        """The pseudonym (`user_hash`) of whoever asked logged question `question_id`, if known."""
        with self.engine.connect() as conn:
            return conn.execute(select(questions.c.user_hash).where(questions.c.id == question_id)).scalar()

    def set_section(self, question_id: int, section: str) -> bool:
        """The user picked `section` in a clarify: that is what the question was about."""
        with self.engine.begin() as conn:
            return conn.execute(update(questions).where(questions.c.id == question_id)
                                .values(section=section)).rowcount == 1

    def record_feedback(self, question_id: int, feedback: str, *, text: str | None = None,
                        section: str | None = None) -> bool:
        """Helpful / not helpful on a logged question; `text` is kept only for 'not_helpful'."""
        values: dict[str, Any] = {"feedback": feedback}
        if feedback == "not_helpful" and text:
            values["text"] = text
        if section:
            values["section"] = section
        with self.engine.begin() as conn:
            return conn.execute(update(questions).where(questions.c.id == question_id).values(**values)).rowcount == 1

    def link_escalation(self, question_id: int, escalation_id: int, text: str) -> None:
        """The logged question went to HR: keep its text (HR needs it) and the link."""
        with self.engine.begin() as conn:
            conn.execute(update(questions).where(questions.c.id == question_id)
                         .values(escalation_id=escalation_id, text=text))

    def logged_questions(self, since: dt.datetime | None = None) -> list[LoggedQuestion]:
        """The question log, oldest first (from `since` when given)."""
        query = select(questions).order_by(questions.c.id)
        if since is not None:
            query = query.where(questions.c.asked_at >= since)
        with self.engine.connect() as conn:
            return [LoggedQuestion.from_row(r) for r in conn.execute(query).all()]

    # --- retention ---------------------------------------------------------------------------

    def claim_job(self, name: str, every: dt.timedelta, now: dt.datetime | None = None) -> bool:
        """True for exactly one caller per period `every`, across processes sharing the database."""
        now = now or utcnow()
        with self.engine.begin() as conn:
            claimed = conn.execute(update(jobs).where(jobs.c.name == name, jobs.c.last_run <= now - every)
                                   .values(last_run=now)).rowcount
            if claimed:
                return True
        try:
            with self.engine.begin() as conn:
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
        with self.engine.begin() as conn:
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
