"""The question log's operations (mixed into `bot.store.Store`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from .rows import LoggedQuestion
from .tables import questions, utcnow


class QuestionLog:
    """One row per question (once per origin), feedback, picks and links to escalations."""

    db: Engine

    def log_question(self, *, origin: str, user_hash: str | None, source: str, language: str, outcome: str,
                     section: str | None = None, matter: str | None = None, candidates: Iterable[dict] = (),
                     escalation_id: int | None = None, text: str | None = None) -> int:
        """Record one question; its row id, the existing one when `origin` was logged already (a retry,
        or another process)."""
        candidates = list(candidates)
        try:
            with self.db.begin() as conn:
                return conn.execute(insert(questions).values(
                    origin=origin[:255], asked_at=utcnow(), user_hash=user_hash, source=source, language=language,
                    outcome=outcome, section=section, matter=matter, candidates=candidates,
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
        with self.db.connect() as conn:
            return conn.execute(select(questions.c.id).where(questions.c.origin == origin[:255])).scalar()

    def question_owner(self, question_id: int) -> str | None:
        """The pseudonym (`user_hash`) of whoever asked logged question `question_id`, if known."""
        with self.db.connect() as conn:
            return conn.execute(select(questions.c.user_hash).where(questions.c.id == question_id)).scalar()

    def set_section(self, question_id: int, section: str) -> bool:
        """The user picked `section` in a clarify: that is what the question was about."""
        with self.db.begin() as conn:
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
        with self.db.begin() as conn:
            return conn.execute(update(questions).where(questions.c.id == question_id).values(**values)).rowcount == 1

    def link_escalation(self, question_id: int, escalation_id: int, text: str) -> None:
        """The logged question went to HR: keep its text (HR needs it) and the link."""
        with self.db.begin() as conn:
            conn.execute(update(questions).where(questions.c.id == question_id)
                         .values(escalation_id=escalation_id, text=text))

    def logged_questions(self, since: dt.datetime | None = None) -> list[LoggedQuestion]:
        """The question log, oldest first (from `since` when given)."""
        query = select(questions).order_by(questions.c.id)
        if since is not None:
            query = query.where(questions.c.asked_at >= since)
        with self.db.connect() as conn:
            return [LoggedQuestion.from_row(r) for r in conn.execute(query).all()]
