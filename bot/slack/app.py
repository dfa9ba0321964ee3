"""The bolt app: listeners registered the bolt way, on the bot's parts.

    app = create_app(settings, engine, store)

Every listener acks first; the work (retrieval, posting) runs afterwards as a
bolt lazy listener in bolt's thread pool, so Slack's 3-second clock never runs
out. Listeners are the parts' bound methods, taking bolt's arguments by name;
`matchers=` decide which events reach which (bolt runs the first listener that
matches), and each is wrapped once, here, so a failure is logged with its name
and never with the user's text. Two middlewares: `once_per_delivery` records each
delivery (event id, or the trigger id of a command or click) in the database
first, so a retry or a second worker stops there; then housekeeping queues a retry
of due escalations after each request.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from ..config import Settings
from ..render import kit
from ..store import Store
from .conversation import is_dm_question, is_person
from .draft_check import is_check_command, is_dm_draft
from .home import is_home_tab
from .hr_actions import is_hr_command
from .service import SlackBot
from .slackapi import delivery_key, guarded, is_from_person

log = logging.getLogger(__name__)

COMMAND = "/smpolicy"
__all__ = ["COMMAND", "create_app", "delivery_key", "make_client"]


def make_client(settings: Settings) -> WebClient:
    """A WebClient for `settings.api_url` that waits out rate limits and retries dropped connections."""
    base_url = settings.api_url if settings.api_url.endswith("/") else settings.api_url + "/"
    return WebClient(
        token=settings.bot_token,
        base_url=base_url,
        timeout=15,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=3)],
    )


def ack_now(ack) -> None:
    ack()


def is_hr_thread_reply(event: dict) -> bool:
    """A person answering in a thread outside the bot's DM (maybe HR under an escalation)."""
    thread = event.get("thread_ts")
    return event.get("channel_type") != "im" and bool(thread) and thread != event.get("ts") and is_from_person(event)


def once_per_delivery(store: Store) -> Callable:
    """Middleware: skip deliveries already handled (Slack retries, double clicks, a second worker)."""

    def middleware(body: dict, request, next):
        found = delivery_key(body)
        if found is not None:
            key, kind = found
            retry = (request.headers.get("x-slack-retry-num") or [None])[0]
            if not store.first_time(key, kind):
                log.info("duplicate %s %s skipped (retry=%s)", kind, key, retry)
                return BoltResponse(status=200, body="", headers={"x-slack-no-retry": "1"})
            if retry:
                reason = (request.headers.get("x-slack-retry-reason") or [""])[0]
                log.info("%s %s first seen on retry %s (%s)", kind, key, retry, reason)
        return next()

    return middleware


def register(app: App, bot: SlackBot) -> None:
    """Every listener: ack at once, the bound method as a lazy listener, guarded once."""
    talk, escalations, hr, drafts = bot.conversation, bot.escalations, bot.hr_actions, bot.drafts

    def on(listen: Callable, method: Callable) -> None:
        listen(ack=ack_now, lazy=[guarded(method)])

    on(app.event("message", matchers=[is_dm_draft]), drafts.on_direct_message)
    on(app.event("message", matchers=[is_dm_question]), talk.on_direct_message)
    on(app.event("message", matchers=[talk.is_thread_follow_up]), talk.on_thread_follow_up)
    on(app.event("message", matchers=[is_hr_thread_reply]), escalations.on_thread_reply)
    app.event("message")(ack_now)  # edits, joins, bots, channel chatter: acknowledged, nothing to do
    on(app.event("app_mention", matchers=[is_person]), talk.on_mention)
    app.event("app_mention")(ack_now)
    on(app.event("app_home_opened", matchers=[is_home_tab]), bot.home.on_home_opened)
    app.event("app_home_opened")(ack_now)
    on(app.command(COMMAND, matchers=[is_hr_command]), hr.on_command)
    on(app.command(COMMAND, matchers=[is_check_command]), drafts.on_command)
    on(app.command(COMMAND), talk.on_command)
    on(app.shortcut(kit.CHECK_SHORTCUT), drafts.on_shortcut)
    on(app.action(kit.OPEN_DRAFT_CHECK), drafts.on_open_modal)
    app.view(kit.DRAFT_CHECK_VIEW)(guarded(drafts.on_submit))  # answered in its ack: response_action update
    app.action(kit.DRAFT_PLATFORM)(ack_now)  # choosing a platform in the modal only selects
    on(app.action(re.compile(rf"^{kit.PICK}_\d+$")), talk.on_pick)
    on(app.action(kit.HELPFUL), talk.on_helpful)
    on(app.action(kit.NOT_HELPFUL), talk.on_not_helpful)
    on(app.action(kit.FORWARD_NAMED), talk.on_forward_named)
    on(app.action(kit.FORWARD_ANONYMOUS), talk.on_forward_anonymous)
    app.action(kit.SELECT_SECTION)(ack_now)  # choosing a section only selects; the buttons act on it
    on(app.action(kit.ADD_EXAMPLE), hr.on_add_example)
    on(app.action(kit.ADD_FAQ), hr.on_add_faq)
    on(app.action(kit.OPEN_TOPIC), bot.home.on_open_topic)
    on(app.action(kit.ASK_HR_ANYWAY), talk.on_ask_hr_anyway)
    on(app.action(kit.CONFIRM_REVIEW), bot.reviews.on_confirm)


def listener_pool(settings: Settings) -> ThreadPoolExecutor:
    """The thread pool bolt's lazy listeners run in, sized by SMPOLICY_THREADS."""
    return ThreadPoolExecutor(max_workers=max(2, settings.threads), thread_name_prefix="smpolicy")


def create_app(settings: Settings, engine, store: Store, *, bot: SlackBot | None = None,
               executor: ThreadPoolExecutor | None = None) -> App:
    """The bolt App for smpolicy, its WebClient pointed at `settings.api_url`.

    Args:
        settings: bot_token and signing_secret (HTTP mode) are needed; see bot.config.
        engine: a loaded `bot.decide.engine.Engine`.
        store: escalations and processed events (`bot.store.Store`).
        bot: the `SlackBot` to use (default: a new one on a new WebClient); the
            server keeps it to run housekeeping on a timer.
        executor: the pool the lazy listeners run in (default: a new one of
            `settings.threads`); pass one to be able to wait for them on shutdown.

    Raises SmpolicyError (from `SlackBot`) when SMPOLICY_ENV=production and no
    SMPOLICY_PSEUDONYM_KEY is set.
    """
    bot = bot or SlackBot(settings, engine, store, make_client(settings))
    app = App(
        client=bot.client,
        signing_secret=settings.signing_secret or "",
        logger=logging.getLogger("bot.slack.bolt"),
        listener_executor=executor or listener_pool(settings),
    )
    app.middleware(once_per_delivery(store))
    app.middleware(bot.keeper.after_request)
    register(app, bot)

    @app.error
    def on_error(error, body):
        found = delivery_key(body or {})
        log.error("error while handling %s: %s", found[0] if found else "a request", error, exc_info=error)

    return app
