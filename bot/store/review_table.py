"""Operations on the `reviews` table: who confirmed which section in the monthly review DM."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from .rows import Review
from .tables import reviews, utcnow


class ReviewTable:
    """Mixed into `Store` (which holds `db`)."""

    db: Engine

    def record_review(self, *, section: str, contact: str | None, confirmed_by: str, reviewed_on: dt.date) -> bool:
        """Record a confirmation; False when `section` was already confirmed on `reviewed_on` (by anyone)."""
        try:
            with self.db.begin() as conn:
                conn.execute(insert(reviews).values(section=section[:128], contact=(contact or None),
                                                    confirmed_by=confirmed_by[:32], reviewed_on=reviewed_on,
                                                    confirmed_at=utcnow()))
            return True
        except IntegrityError:
            return False

    def reviews(self, since: dt.datetime | None = None) -> list[Review]:
        """Confirmations since `since` (all when None), newest first."""
        query = select(reviews).order_by(reviews.c.confirmed_at.desc(), reviews.c.id.desc())
        if since is not None:
            query = query.where(reviews.c.confirmed_at >= since)
        with self.db.connect() as conn:
            return [Review(r.section, r.contact, r.confirmed_by, r.reviewed_on, r.confirmed_at)
                    for r in conn.execute(query)]
