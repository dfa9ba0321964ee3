"""The local terminal chat: the Slack bot's DM handling without Slack.

    local_chat(settings, engine, store, sys.stdin, sys.stdout)

Each line read is delivered to the bot's direct-message listener
(`Conversation.on_direct_message`, guarded like bolt's) as a direct-message event, exactly as Slack would deliver it, and what the bot would post is
printed as readable text instead of being sent. Used when no Slack tokens are
set. Pass a throwaway store (`Store.open("sqlite://")`) unless escalations
typed here should be kept.
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Iterable
from typing import IO

from ..config import Settings
from ..render.plain import as_text
from ..store import Store
from .draft_check import is_dm_draft
from .service import SlackBot
from .slackapi import guarded

USER = "ULOCAL"
CHANNEL = "DLOCAL"


class TerminalClient:
    """Stands in for `slack_sdk.WebClient`: prints what would be posted, answers like Slack."""

    def __init__(self, output: IO[str], names: dict[str, str] | None = None):
        self.output = output
        self.names = names or {}  # Slack id -> name, so mentions read as names
        self._ts = itertools.count(1)

    def _print(self, text: str) -> None:
        self.output.write(text.rstrip() + "\n\n")
        self.output.flush()

    def _next_ts(self) -> str:
        return f"{time.time():.0f}.{next(self._ts):06d}"

    def chat_postMessage(self, *, channel: str, text: str = "", blocks: list | None = None, thread_ts: str | None = None, **_) -> dict:
        where = "" if channel == CHANNEL else f"[to {channel}{' thread ' + thread_ts if thread_ts else ''}]\n"
        self._print(where + as_text({"text": text, "blocks": blocks or []}, self.names))
        return {"ok": True, "channel": channel, "ts": self._next_ts()}

    def chat_update(self, *, channel: str, ts: str, text: str = "", blocks: list | None = None, **_) -> dict:
        return {"ok": True, "channel": channel, "ts": ts}

    def conversations_open(self, *, users: str, **_) -> dict:
        return {"ok": True, "channel": {"id": CHANNEL}}

    def conversations_members(self, *, channel: str, **_) -> dict:
        return {"ok": True, "members": [], "response_metadata": {"next_cursor": ""}}

    def reactions_add(self, **_) -> dict:
        return {"ok": True}

    def users_info(self, *, user: str, **_) -> dict:
        return {"ok": True, "user": {"id": user, "locale": ""}}

    def views_publish(self, *, user_id: str, view: dict, **_) -> dict:
        self._print(as_text({"blocks": view.get("blocks", [])}, self.names))
        return {"ok": True}


def local_chat(settings: Settings, engine, store: Store, input: Iterable[str], output: IO[str]) -> int:
    """Answer each line of `input` as a DM would be answered, printing the replies; returns the count."""
    names = {c.slack: c.name for c in engine.knowledge.contacts.values() if c.slack}
    bot = SlackBot(settings, engine, store, TerminalClient(output, names), dm_source="local")
    on_direct_message = guarded(bot.conversation.on_direct_message)
    on_draft = guarded(bot.drafts.on_direct_message)  # "check: …", as bolt's matcher routes it in Slack
    prompt = getattr(input, "isatty", lambda: False)()
    count = 0
    if prompt:
        output.write("Ask a question about the social media guidelines (Ctrl-D to stop).\n> ")
        output.flush()
    for line in input:
        text = line.rstrip("\r\n")
        if text.strip():
            event = {"type": "message", "channel_type": "im", "channel": CHANNEL, "user": USER,
                     "text": text, "ts": f"{time.time():.6f}"}
            handler = on_draft if is_dm_draft(event) else on_direct_message
            handler(event, {"type": "event_callback", "event_id": f"local:{uuid.uuid4().hex}"})
            count += 1
        if prompt:
            output.write("> ")
            output.flush()
    return count
