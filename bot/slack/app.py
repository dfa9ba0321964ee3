"""The bolt app: thin listeners that ack at once and hand the work to `SlackBot`.

    app = create_app(settings, engine, store)

Every listener acks first; the work (retrieval, posting) runs afterwards as a
bolt lazy listener in bolt's thread pool, so Slack's 3-second clock never runs
out. A middleware records each delivery (event id, or the trigger id of a
command or click) in the database first: a retry or a second worker sees it
and stops there.
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from ..config import Settings
from ..render import blocks as render
from ..store import Store
from .service import SlackBot

log = logging.getLogger(__name__)

COMMAND = "/smpolicy"


def make_client(settings: Settings) -> WebClient:
    """A WebClient for `settings.api_url` that waits out rate limits and retries dropped connections."""
    base_url = settings.api_url if settings.api_url.endswith("/") else settings.api_url + "/"
    return WebClient(
        token=settings.bot_token,
        base_url=base_url,
        timeout=15,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=3)],
    )


def delivery_key(body: dict) -> tuple[str, str] | None:
    """(key, kind) identifying one delivery from Slack, the same on every retry of it."""
    if body.get("type") == "event_callback" and body.get("event_id"):
        return body["event_id"], "event"
    if body.get("command") and body.get("trigger_id"):
        return f"command:{body['trigger_id']}", "command"
    if body.get("type") == "block_actions":
        action = (body.get("actions") or [{}])[0]
        trigger = body.get("trigger_id") or action.get("action_ts")
        if trigger:
            return f"action:{trigger}:{action.get('action_id', '')}", "action"
    return None


def create_app(settings: Settings, engine, store: Store, *, bot: SlackBot | None = None) -> App:
    """The bolt App for smpolicy, its WebClient pointed at `settings.api_url`.

    Args:
        settings: bot_token and signing_secret (HTTP mode) are needed; see bot.config.
        engine: a loaded `bot.engine.Engine`.
        store: escalations and processed events (`bot.store.Store`).
        bot: the `SlackBot` to use (default: a new one on a new WebClient); the
            server keeps it to retry pending escalations on a timer.

    Raises SmpolicyError (from `SlackBot`) when SMPOLICY_ENV=production and no
    SMPOLICY_PSEUDONYM_KEY is set.
    """
    bot = bot or SlackBot(settings, engine, store, make_client(settings))
    app = App(
        client=bot.client,
        signing_secret=settings.signing_secret or "",
        logger=logging.getLogger("bot.slack.bolt"),
        listener_executor=ThreadPoolExecutor(max_workers=max(2, settings.threads), thread_name_prefix="smpolicy"),
    )

    @app.middleware
    def once_per_delivery(body: dict, request, next):
        """Skip deliveries already handled (Slack retries, double clicks, a second worker)."""
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
        response = next()
        bot.retry_soon()  # a good moment to try pending escalations again
        return response

    def ack_now(ack):
        ack()

    def origin(body: dict) -> str:
        found = delivery_key(body)
        return found[0] if found else ""

    def handle_message(event, body):
        bot.on_message(event, origin(body))

    def handle_mention(event, body):
        bot.on_mention(event, origin(body))

    def handle_home(event):
        bot.on_home_opened(event)

    def handle_command(command, body, respond):
        bot.on_command(command, respond, origin(body))

    def handle_pick(body, action, respond):
        bot.on_pick(body, action, respond)

    def handle_helpful(body, action, respond):
        bot.on_helpful(body, action, respond)

    def handle_not_helpful(body, action, respond):
        bot.on_not_helpful(body, action, respond)

    def handle_forward_named(body, action, respond):
        bot.on_forward(body, action, respond, anonymous=False)

    def handle_forward_anonymous(body, action, respond):
        bot.on_forward(body, action, respond, anonymous=True)

    def handle_add_example(body, action, respond):
        bot.on_add_example(body, action, respond)

    def handle_add_faq(body, action, respond):
        bot.on_add_faq(body, action, respond)

    app.event("message")(ack=ack_now, lazy=[handle_message])
    app.event("app_mention")(ack=ack_now, lazy=[handle_mention])
    app.event("app_home_opened")(ack=ack_now, lazy=[handle_home])
    app.command(COMMAND)(ack=ack_now, lazy=[handle_command])
    app.action(re.compile(rf"^{render.PICK}_\d+$"))(ack=ack_now, lazy=[handle_pick])
    app.action(render.HELPFUL)(ack=ack_now, lazy=[handle_helpful])
    app.action(render.NOT_HELPFUL)(ack=ack_now, lazy=[handle_not_helpful])
    app.action(render.FORWARD_NAMED)(ack=ack_now, lazy=[handle_forward_named])
    app.action(render.FORWARD_ANONYMOUS)(ack=ack_now, lazy=[handle_forward_anonymous])
    app.action(render.SELECT_SECTION)(ack_now)  # choosing a section only selects; the buttons act on it
    app.action(render.ADD_EXAMPLE)(ack=ack_now, lazy=[handle_add_example])
    app.action(render.ADD_FAQ)(ack=ack_now, lazy=[handle_add_faq])

    @app.error
    def on_error(error, body):
        found = delivery_key(body or {})
        log.error("error while handling %s: %s", found[0] if found else "a request", error, exc_info=error)

    return app
