"""Facts about Slack's payloads and errors, shared by the adapter's modules (no bolt needed).

- `delivery_key(body)`: what identifies one delivery (event id, or a command's / click's trigger);
- `is_from_person(event)`: a message a person typed (not a bot, an edit, a join...);
- `slack_error(exc)` and `hint(error)`: a failed Web API call as its short code, and what an operator can do;
- `guarded(handler)`: a listener whose failure is logged with its name, never the user's text.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from slack_sdk.errors import SlackApiError

log = logging.getLogger("bot.slack")

# Message subtypes that are still a person writing (everything else is an edit, a delete, a join...).
PERSON_SUBTYPES = (None, "thread_broadcast", "file_share")

# What to do about the Slack errors an operator can fix.
HINTS = {
    "channel_not_found": "check SMPOLICY_HR_CHANNEL (a channel id like C0123456789)",
    "not_in_channel": "invite the bot to the HR channel (/invite @smpolicy)",
    "is_archived": "the HR channel is archived; set SMPOLICY_HR_CHANNEL to an active one",
    "invalid_auth": "check SLACK_BOT_TOKEN",
    "missing_scope": "add the scopes in slack-manifest.yml and reinstall the app",
}


def delivery_key(body: dict) -> tuple[str, str] | None:
    """(key, kind) identifying one delivery from Slack, the same on every retry of it."""
    if body.get("type") == "event_callback" and body.get("event_id"):
        return body["event_id"], "event"
    if body.get("command") and body.get("trigger_id"):
        return f"command:{body['trigger_id']}", "command"
    if body.get("type") == "message_action" and body.get("trigger_id"):
        return f"shortcut:{body['trigger_id']}", "shortcut"
    if body.get("type") == "view_submission" and (body.get("view") or {}).get("id"):
        view = body["view"]
        return f"view:{view['id']}:{view.get('hash', '')}", "view"
    if body.get("type") == "block_actions":
        action = (body.get("actions") or [{}])[0]
        trigger = body.get("trigger_id") or action.get("action_ts")
        if trigger:
            return f"action:{trigger}:{action.get('action_id', '')}", "action"
    return None


def origin_of(body: dict) -> str:
    """The delivery key of `body` as the question log's and escalations' `origin` ("" when none)."""
    found = delivery_key(body or {})
    return found[0] if found else ""


def is_from_person(event: dict) -> bool:
    """A message typed by a person: not a bot (ours or another), not an edit, delete or join."""
    return (
        not event.get("bot_id")
        and event.get("subtype") in PERSON_SUBTYPES
        and bool(event.get("user"))
        and "bot_profile" not in event
    )


def slack_error(exc: Exception) -> str:
    """The short error code of a Slack API failure ('channel_not_found'), or the exception's name."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or exc.response.status_code)
    return f"{exc.__class__.__name__}: {exc}"


def hint(error: str) -> str:
    return f" ({HINTS[error]})" if error in HINTS else ""


def guarded(handler: Callable) -> Callable:
    """`handler` (a listener, usually a bound method) that logs its failure with its name and the
    traceback, never the user's text, and returns None. Bolt still sees the handler's own arguments."""
    name = getattr(handler, "__qualname__", getattr(handler, "__name__", "handler"))

    @functools.wraps(handler)
    def run(*args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except Exception:
            log.exception("handler %s failed", name)
            return None

    return run
