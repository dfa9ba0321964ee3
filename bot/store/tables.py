"""The tables, in SQLAlchemy Core, portable between SQLite and PostgreSQL.

Every "only once" rule lives in the database, not in a process's memory, so
that several workers (or a restarted one) agree:

- `processed_events.id` is unique: the first worker to insert an event id
  handles the event; a retry or a second worker gets an integrity error.
- `escalations.origin` is unique: one question becomes at most one escalation,
  however often the user clicks "forward".
- `escalations.state` moves forward only by `UPDATE ... WHERE state = <old>`,
  so exactly one worker wins the right to post or to relay.

Times are naive UTC (`utcnow()`), the same on both databases.

- `questions` is the question log HR's report reads: no Slack user id, only its
  keyed hash; the text only for questions HR must see (escalated, or marked
  "not helpful"), and only until the retention purge clears it.
- `once_flags` holds the lasting "only once" rules (a "New FAQ" click per escalation, knowledge
  problems posted once per version): unlike `processed_events`, which only needs to outlive
  Slack's retries and is pruned after a day, these keys are never pruned.
- `reviews` records each "Still correct" a contact clicked in the monthly review DM (schema
  version 6): one row per section and day, so a double click or a second process records it once.
- `jobs` holds when each periodic job (the retention purge) last ran; a worker
  claims a run with a conditional UPDATE, so several processes run it once.
- `schema_version` records the schema a database was created or upgraded to
  (see `bot.store.migrate`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# Escalation states, in the only order they can move.
PENDING = "pending"  # stored, not yet on the HR channel (or the post failed; retried)
OPEN = "open"  # posted to HR, waiting for the first reply from HR
RELAYING = "relaying"  # an HR reply was claimed; sending it to the employee (retried)
ANSWERED = "answered"  # the employee has HR's reply
# Given up: the post to HR or the relay to the employee kept failing for SMPOLICY_GIVE_UP_HOURS
# (an archived channel, a deactivated account...). HR is told; the report counts these.
UNDELIVERABLE = "undeliverable"
STATES = (PENDING, OPEN, RELAYING, ANSWERED, UNDELIVERABLE)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


processed_events = Table(
    "processed_events",
    metadata,
    # Slack's event_id, or a key built from trigger_id / action_ts for commands and clicks.
    Column("id", String(255), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("received_at", DateTime, nullable=False, default=utcnow),
    Index("ix_processed_events_received_at", "received_at"),
)

once_flags = Table(
    "once_flags",
    metadata,
    # "add-faq:<escalation id>", "knowledge-problems:<content hash>": done once, for good.
    Column("id", String(255), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("created_at", DateTime, nullable=False, default=utcnow),
)

escalations = Table(
    "escalations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # What caused it (event id; "forward:<pseudonym>:<offer ts>" for a forward click): one escalation
    # per cause. Never a raw user id (bot.privacy.pseudonym).
    Column("origin", String(255), nullable=False, unique=True),
    Column("state", String(16), nullable=False, default=PENDING),
    Column("created_at", DateTime, nullable=False, default=utcnow),
    Column("updated_at", DateTime, nullable=False, default=utcnow),
    # Who asked. Kept raw only because the reply must reach them: cleared once it has (or was given up).
    Column("user_id", String(32), nullable=False),
    Column("anonymous", Boolean, nullable=False, default=False),
    Column("question", Text, nullable=False),
    Column("language", String(8), nullable=False),
    Column("source", String(16), nullable=False),  # dm | command | mention | feedback
    Column("candidates", JSON, nullable=False, default=list),  # [{"section": id, "score": float}]
    Column("contact", String(64)),
    # Where it was posted for HR; the thread HR answers in.
    Column("hr_channel", String(32)),
    Column("hr_ts", String(32)),
    # Retrying: how often, why it failed last, and not before when (also a lease while busy).
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", String(255)),
    Column("retry_at", DateTime),
    # HR's answer.
    Column("answered_by", String(32)),
    Column("reply", Text),
    Column("answered_at", DateTime),
    Column("relayed_at", DateTime),
    UniqueConstraint("hr_channel", "hr_ts", name="uq_escalations_hr_message"),
    Index("ix_escalations_state", "state"),
)

questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # The event / command / click that carried the question: a retry is not a second question.
    Column("origin", String(255), nullable=False, unique=True),
    Column("asked_at", DateTime, nullable=False, default=utcnow),
    Column("user_hash", String(64)),  # HMAC of the Slack user id (bot.privacy), never the id itself
    Column("source", String(16), nullable=False),  # dm | command | mention | local
    Column("language", String(8), nullable=False),
    Column("outcome", String(16), nullable=False),  # answer | clarify | escalate | help | invalid
    Column("section", String(128)),  # answered section (or picked in a clarify)
    Column("matter", String(128)),  # the not-covered matter the question was redirected to
    Column("candidates", JSON, nullable=False, default=list),  # [{"section": id, "score": float}], best first
    Column("top_score", Float),
    Column("feedback", String(16)),  # helpful | not_helpful
    Column("escalation_id", Integer),
    # Kept only where HR needs it (escalated / not helpful); cleared by the retention purge.
    Column("text", Text),
    Index("ix_questions_asked_at", "asked_at"),
)

reviews = Table(
    "reviews",
    metadata,
    # "Still correct" on a review DM: who confirmed which section, and the date written into its YAML.
    # `confirmed_by` is the contact's (or HR user's) Slack id: HR people are named, employees never.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("section", String(128), nullable=False),
    Column("contact", String(128)),
    Column("confirmed_by", String(32), nullable=False),
    Column("reviewed_on", Date, nullable=False),
    Column("confirmed_at", DateTime, nullable=False, default=utcnow),
    UniqueConstraint("section", "reviewed_on", name="uq_reviews_section_day"),
    Index("ix_reviews_confirmed_at", "confirmed_at"),
)

jobs = Table(
    "jobs",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("last_run", DateTime, nullable=False),
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("upgraded_at", DateTime, nullable=False, default=utcnow),
)
