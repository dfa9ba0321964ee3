"""The store's rows as frozen values: a question of the log, an escalation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LoggedQuestion:
    """One row of the question log, as the report reads it."""

    id: int
    asked_at: dt.datetime
    source: str
    language: str
    outcome: str
    section: str | None
    matter: str | None  # the not-covered matter it was redirected to
    candidates: tuple[dict, ...]
    top_score: float | None
    feedback: str | None
    escalation_id: int | None
    text: str | None

    @classmethod
    def from_row(cls, row: Any) -> LoggedQuestion:
        m = row._mapping
        return cls(m["id"], m["asked_at"], m["source"], m["language"], m["outcome"], m["section"],
                   m["matter"], tuple(m["candidates"] or ()), m["top_score"], m["feedback"],
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
    def from_row(cls, row: Any) -> Escalation:
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


@dataclass(frozen=True)
class Review:
    """One "Still correct": `confirmed_by` (a contact's or HR user's Slack id) confirmed `section`,
    and `reviewed_on` was written into its YAML."""

    section: str
    contact: str | None
    confirmed_by: str
    reviewed_on: dt.date
    confirmed_at: dt.datetime
