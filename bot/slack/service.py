"""The Slack bot, assembled: one object holding the parts bolt's listeners are registered on.

    bot = SlackBot(settings, engine, store, client)
    bot.conversation   # DMs, mentions, /smpolicy <question>, clarify picks, feedback, forwarding
    bot.drafts         # the draft check: /smpolicy check, DM "check: …", the message shortcut, the modal
    bot.escalations    # to HR and back: claim → post → mark → relay, retries, giving up
    bot.hr_actions     # /smpolicy report | reload, "Add to knowledge"
    bot.watcher        # hot reload of the knowledge folder
    bot.home           # the App Home (pocket card) and its topic modals
    bot.reviews        # the monthly review DM to each contact and its "Still correct" button
    bot.directory      # who is HR, users' languages, pseudonyms
    bot.housekeeping() # what the server's timer runs

It talks to Slack only through `client` (a `slack_sdk.WebClient`, or the terminal
stand-in of `local_chat`) and the `respond` callables bolt hands to listeners, so the
same code serves HTTP mode, Socket Mode and the terminal. Privacy: question and
reply texts are never logged at INFO, nor an employee's Slack id.
"""

from __future__ import annotations

import datetime as dt

from ..config import Settings
from ..knowledge import Knowledge
from ..privacy import resolve_key
from ..store import Store
from . import hr
from .conversation import Conversation
from .directory import Directory
from .draft_check import DraftChecks
from .escalations import Escalations
from .home import Home
from .housekeeping import KEEP_EVENTS, Housekeeping
from .hr_actions import HrActions
from .reviews import Reviews
from .watcher import KnowledgeWatcher


class SlackBot:
    """The bot's behaviour in Slack, as its parts.

    Args:
        settings: hr_channel, hr_users, max_chars, retention_days, reload_seconds, give_up_hours and
            the pseudonym key (`bot.privacy.resolve_key`) are used.
        engine: a loaded `bot.decide.engine.Engine` (`ask`, `answer_for`, `knowledge`, `reload`).
        store: where escalations, processed events and the question log live.
        client: a `slack_sdk.WebClient` (or anything with the same methods).
        retry_delay: seconds before a failed post or relay is tried again.
        members_ttl: seconds the HR channel's member list is cached.
        dm_source: the question log's `source` for direct messages ("local" in the terminal chat).

    Raises SmpolicyError when SMPOLICY_ENV=production and SMPOLICY_PSEUDONYM_KEY is not set.
    """

    def __init__(self, settings: Settings, engine, store: Store, client, *, retry_delay: float = 30.0,
                 members_ttl: float = 300.0, dm_source: str = "dm"):
        self.settings = settings
        self.engine = engine
        self.store = store
        self.client = client
        self.directory = Directory(settings, client, resolve_key(settings), members_ttl=members_ttl)
        self.escalations = Escalations(settings, store, client, self.directory,
                                       knowledge=lambda: engine.knowledge, retry_delay=retry_delay)
        self.watcher = KnowledgeWatcher(settings, engine, store, client)
        self.hr_actions = HrActions(settings, engine, store, client, self.directory, self.watcher)
        self.conversation = Conversation(settings, engine, store, client, self.directory, self.escalations,
                                         self.hr_actions, dm_source=dm_source)
        self.drafts = DraftChecks(engine, store, client, self.directory)
        self.home = Home(settings, engine, client, self.directory, self.hr_actions)
        self.reviews = Reviews(settings, engine, store, client, self.directory, self.watcher)
        self.keeper = Housekeeping(settings, store, self.escalations, self.watcher, self.reviews)

    @property
    def knowledge(self) -> Knowledge:
        return self.engine.knowledge

    @property
    def retry_delay(self) -> float:
        return self.escalations.retry_delay

    @retry_delay.setter
    def retry_delay(self, seconds: float) -> None:
        self.escalations.retry_delay = seconds

    # What the server, the CLI's callers and tests ask of the bot as a whole.

    def housekeeping(self, keep_events: dt.timedelta = KEEP_EVENTS) -> None:
        """Retries, old event ids, the daily retention purge, knowledge reload (`Housekeeping.run`)."""
        self.keeper.run(keep_events)

    def retry_due(self) -> int:
        return self.escalations.retry_due()

    def summary(self, today: dt.date | None = None) -> hr.Summary:
        return self.hr_actions.summary(today)

    def reply_to(self, text: str, *, user: str, origin: str, source: str):
        return self.conversation.reply_to(text, user=user, origin=origin, source=source)

    def _edit_knowledge(self, escalation, section_id: str, title: str, user: str, *, faq: bool):
        return self.hr_actions.edit_knowledge(escalation, section_id, title, user, faq=faq)
