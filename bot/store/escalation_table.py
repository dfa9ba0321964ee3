"""The escalations table's operations (mixed into `bot.store.Store`): every state change is a
conditional UPDATE, so exactly one worker wins the right to post or to relay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Engine, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from .rows import Escalation
from .tables import ANSWERED, OPEN, PENDING, RELAYING, UNDELIVERABLE, escalations, utcnow


class EscalationTable:
    """Escalations: add (once per origin), claim, mark posted / failed / relayed / undeliverable."""

    db: Engine

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
            with self.db.begin() as conn:
                new_id = conn.execute(
                    insert(escalations).values(
                        origin=origin[:255], state=PENDING, created_at=now, updated_at=now,
                        user_id=user_id, anonymous=anonymous, question=question, language=language,
                        source=source, candidates=list(candidates), contact=contact, attempts=0,
                    )
                ).inserted_primary_key[0]
            return self.get(new_id), True
        except IntegrityError:
            with self.db.connect() as conn:
                row = conn.execute(select(escalations).where(escalations.c.origin == origin[:255])).one()
            return Escalation.from_row(row), False

    def get(self, escalation_id: int) -> Escalation | None:
        with self.db.connect() as conn:
            row = conn.execute(select(escalations).where(escalations.c.id == escalation_id)).first()
        return Escalation.from_row(row) if row else None

    def find_by_hr_message(self, channel: str, ts: str) -> Escalation | None:
        """The escalation posted as message `ts` in `channel`, if any."""
        with self.db.connect() as conn:
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
        with self.db.begin() as conn:
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
        with self.db.begin() as conn:
            conn.execute(
                update(escalations)
                .where(escalations.c.id == escalation_id, escalations.c.state == PENDING)
                .values(state=OPEN, hr_channel=channel, hr_ts=ts, retry_at=None, last_error=None, updated_at=utcnow())
            )

    def mark_failed(self, escalation_id: int, error: str, *, retry_at: dt.datetime) -> None:
        """Posting or relaying failed: keep the state, note why, try again from `retry_at`."""
        with self.db.begin() as conn:
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
        with self.db.begin() as conn:
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
        with self.db.begin() as conn:
            conn.execute(
                update(escalations)
                .where(escalations.c.id == escalation_id, escalations.c.state == RELAYING)
                .values(state=ANSWERED, relayed_at=now, retry_at=None, last_error=None, updated_at=now, user_id="")
            )

    def mark_undeliverable(self, escalation_id: int, error: str) -> bool:
        """Give up posting or relaying (PENDING / RELAYING -> UNDELIVERABLE); the asker's id is cleared."""
        with self.db.begin() as conn:
            return conn.execute(
                update(escalations)
                .where(escalations.c.id == escalation_id, escalations.c.state.in_((PENDING, RELAYING)))
                .values(state=UNDELIVERABLE, last_error=error[:255], retry_at=None, updated_at=utcnow(), user_id="")
            ).rowcount == 1

    def due(self, now: dt.datetime | None = None) -> list[Escalation]:
        """Escalations that still need work (post or relay) and are not leased or waiting, oldest first."""
        now = now or utcnow()
        with self.db.connect() as conn:
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
        with self.db.connect() as conn:
            return [Escalation.from_row(r) for r in conn.execute(query).all()]

    def count_escalations(self, states: Iterable[str] = (PENDING, OPEN, RELAYING), *,
                          since: dt.datetime | None = None) -> int:
        """How many escalations are in `states` (default: all that still wait for HR or the relay),
        of those created from `since` when given."""
        query = select(func.count()).select_from(escalations).where(escalations.c.state.in_(tuple(states)))
        if since is not None:
            query = query.where(escalations.c.created_at >= since)
        with self.db.connect() as conn:
            return conn.execute(query).scalar_one()
