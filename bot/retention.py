"""The retention purge: question and reply texts are kept `SMPOLICY_RETENTION_DAYS`, then cleared.

    run_purge(settings)   # what `smpolicy purge` calls; the Slack bot also runs it daily

Counts (how many questions, outcomes, sections) stay for HR's report; only the
words people typed and who typed them go. Escalations still waiting for HR keep
theirs until answered (see `bot.store.Store.purge`).
"""

from __future__ import annotations

import datetime as dt

from .config import Settings
from .store import Store

JOB = "purge"  # the name under which the daily run is claimed in the `jobs` table
EVERY = dt.timedelta(days=1)


def retention(settings: Settings) -> dt.timedelta:
    return dt.timedelta(days=settings.retention_days)


def run_purge(settings: Settings, store: Store | None = None, *, now: dt.datetime | None = None) -> dict[str, int]:
    """Clear texts older than the retention period; returns what was cleared, by kind.

    Opens (and closes) the store at `settings.database_url` unless `store` is given.
    Prints nothing: `{"question_texts": n, "escalations": n, "events": n}`.
    """
    own = store is None
    store = store or Store.open(settings.database_url)
    try:
        return store.purge(retention(settings), now=now)
    finally:
        if own:
            store.close()


def purge_if_due(settings: Settings, store: Store, *, now: dt.datetime | None = None) -> dict[str, int] | None:
    """Run the purge when no process sharing this database has run it in the last day; else None."""
    if not store.claim_job(JOB, EVERY, now=now):
        return None
    return run_purge(settings, store, now=now)
