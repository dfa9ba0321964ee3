"""Housekeeping: the work no Slack event asks for, on a timer and after each request.

- retry escalations HR has not received yet and replies that have not reached the asker yet;
- forget old delivery keys (Slack retries within minutes; kept a day);
- the daily retention purge (once across processes);
- reload the knowledge when its files changed (every SMPOLICY_RELOAD_SECONDS);
- the monthly review DM to each contact (once per contact and month, across processes).

`start_retry_timer` runs it every minute (or as often as the knowledge check needs)
in a daemon thread; `after_request` is a bolt middleware that queues a retry after each
request Slack sends (a good moment: Slack is reachable).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from ..retention import purge_if_due
from ..store import Store, utcnow
from .escalations import Escalations
from .reviews import Reviews
from .watcher import KnowledgeWatcher

log = logging.getLogger(__name__)

RETRY_SECONDS = 60.0
KEEP_EVENTS = dt.timedelta(days=1)


class Housekeeping:
    """What the server's timer runs (`run`), and the retry nudge after each request (`after_request`)."""

    def __init__(self, settings, store: Store, escalations: Escalations, watcher: KnowledgeWatcher,
                 reviews: Reviews | None = None):
        self.settings = settings
        self.store = store
        self.escalations = escalations
        self.watcher = watcher
        self.reviews = reviews

    def run(self, keep_events: dt.timedelta = KEEP_EVENTS) -> None:
        """Retry due escalations, forget old event ids, the daily retention purge (once across
        processes), a reload when the knowledge files changed, and the monthly review DMs."""
        self.escalations.retry_due()
        try:
            self.store.forget_events(utcnow() - keep_events)
        except Exception:
            log.exception("could not purge old processed events")
        try:
            purged = purge_if_due(self.settings, self.store)
            if purged is not None:
                log.info("retention purge (%s days): %s", self.settings.retention_days, purged)
        except Exception:
            log.exception("retention purge failed")
        if self.watcher.check_due():
            self.watcher.check()
        if self.reviews is not None:
            try:
                self.reviews.send_due()
            except Exception:
                log.exception("review DMs failed")

    def after_request(self, next):
        """Bolt middleware: handle the request, then queue a retry of due escalations in the background."""
        response = next()
        self.escalations.retry_soon()
        return response


def timer_interval(settings) -> float:
    """Seconds between housekeeping runs: every minute, or as often as the knowledge check needs."""
    if settings.reload_seconds > 0:
        return max(1.0, min(RETRY_SECONDS, settings.reload_seconds))
    return RETRY_SECONDS


def start_retry_timer(bot, interval: float = RETRY_SECONDS) -> threading.Event:
    """Run `bot.housekeeping()` (retries, purges, knowledge reload) every `interval` seconds in a daemon
    thread. Set the returned event to stop it."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            bot.housekeeping()

    threading.Thread(target=loop, name="smpolicy-retry-timer", daemon=True).start()
    return stop
