"""The draft check in Slack: `/smpolicy check <draft>`, a DM "check: …" (or a quoted draft asking
whether it is fine), the message shortcut "Check with smpolicy" and the App Home's modal.

Thin listeners: each acks first and hands the text to `bot.check.check_draft`. The modal's submit is
answered in its ack (`response_action: update`): a check takes tens of milliseconds, well inside
Slack's three seconds. Privacy: the draft is never stored and never logged; the question log keeps
the verdict (outcome `check_ok|check_caution|check_risk`) and the flagged section ids only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk.errors import SlackApiError

from ..check import DraftCheck, check_draft
from ..check.request import command_draft, dm_draft
from ..decide.question import as_input
from ..messages import say
from ..render import kit
from ..render.check import check_blocks, check_message, modal_view
from ..render.kit import Message, text_message
from ..store import Store
from .directory import Directory
from .hr_actions import ephemeral
from .slackapi import is_from_person, origin_of, slack_error

log = logging.getLogger(__name__)


def is_check_command(command: dict) -> bool:
    """Listener matcher: `/smpolicy check …`."""
    return command_draft(command.get("text") or "") is not None


def is_dm_draft(event: dict) -> bool:
    """Listener matcher: a person's DM that asks for a draft check."""
    return (event.get("channel_type") == "im" and is_from_person(event)
            and dm_draft(event.get("text") or "") is not None)


class DraftChecks:
    """Drafts in, verdicts out, on every Slack surface (listeners take bolt's arguments by name)."""

    def __init__(self, engine, store: Store, client, directory: Directory):
        self.engine = engine
        self.store = store
        self.client = client
        self.directory = directory

    def check(self, text: str, *, platform: str | None, user: str, origin: str,
              source: str) -> tuple[DraftCheck, int | None]:
        """The check of `text`, logged without the text; (check, question-log id or None)."""
        result = check_draft(self.engine, as_input(text), platform)
        log.info("draft check origin=%s source=%s verdict=%s sections=%s", origin, source, result.verdict,
                 list(result.sections))
        try:
            question_id = self.store.log_question(
                origin=origin or f"{source}:{self.directory.alias(user)}", user_hash=self.directory.alias(user),
                source=source, language=result.language, outcome=f"check_{result.verdict}",
                section=result.sections[0] if result.sections else None,
                candidates=[{"section": f.section, "score": 1.0 if f.severity == "risk" else 0.5}
                            for f in result.flags],
            )
        except Exception as exc:  # the class only: a database error's parameters name no draft, but keep it short
            log.error("could not log draft check origin=%s: %s", origin, exc.__class__.__name__)
            question_id = None
        return result, question_id

    def reply(self, text: str, **where) -> Message:
        result, question_id = self.check(text, **where)
        return check_message(result, self.engine.knowledge, question_id=question_id)

    # --- listeners -------------------------------------------------------------------------

    def on_command(self, command: dict, body: dict, respond: Callable) -> None:
        """/smpolicy check <draft>: an ephemeral verdict; the usage for a bare `check`."""
        draft = command_draft(command.get("text") or "") or ""
        user = command.get("user_id") or ""
        if not draft:
            ephemeral(respond, text_message(say("check.usage", self.directory.user_language(user))))
            return
        ephemeral(respond, self.reply(draft, platform=None, user=user, origin=origin_of(body), source="command"))

    def on_direct_message(self, event: dict, body: dict) -> None:
        """'check: …' or a quoted draft asking whether it is fine, in the bot's DM."""
        draft = dm_draft(event.get("text") or "") or ""
        reply = self.reply(draft, platform=None, user=event["user"], origin=origin_of(body), source="dm")
        thread = event.get("thread_ts")
        self.client.chat_postMessage(channel=event["channel"], **({"thread_ts": thread} if thread else {}), **reply)

    def on_shortcut(self, shortcut: dict, body: dict) -> None:
        """'Check with smpolicy' on a message: ephemeral to the user in that channel, else in their DM."""
        user = (shortcut.get("user") or {}).get("id") or ""
        channel = (shortcut.get("channel") or {}).get("id")
        text = (shortcut.get("message") or {}).get("text") or ""
        reply = self.reply(text, platform=None, user=user, origin=origin_of(body), source="shortcut")
        if channel:
            try:
                self.client.chat_postEphemeral(channel=channel, user=user, **reply)
                return
            except SlackApiError as exc:  # not in that channel, a DM between others...: the user's DM instead
                log.info("shortcut reply not possible in the channel (%s); sending it as a DM", slack_error(exc))
        dm = self.client.conversations_open(users=user)["channel"]["id"]
        self.client.chat_postMessage(channel=dm, **reply)

    def on_open_modal(self, body: dict) -> None:
        """The App Home's "Check a draft" button: the modal with a draft input and a platform select."""
        user = (body.get("user") or {}).get("id")
        self.client.views_open(trigger_id=body["trigger_id"], view=modal_view(self.directory.user_language(user)))
        log.info("draft check modal opened")

    def on_submit(self, ack: Callable, body: dict, view: dict) -> None:
        """The modal's submit: the verdict shown in the modal itself (`response_action: update`)."""
        language: str = "en" if view.get("private_metadata") == "en" else "nl"
        try:
            values = (view.get("state") or {}).get("values") or {}
            text = (values.get(kit.DRAFT_INPUT, {}).get(kit.DRAFT_INPUT) or {}).get("value") or ""
            chosen = (values.get(kit.DRAFT_PLATFORM, {}).get(kit.DRAFT_PLATFORM) or {}).get("selected_option") or {}
            user = (body.get("user") or {}).get("id") or ""
            origin = f"view:{view.get('id', '')}:{view.get('hash', '')}"
            result, _ = self.check(text, platform=chosen.get("value"), user=user, origin=origin, source="modal")
            blocks = check_blocks(result, self.engine.knowledge)
        except Exception:
            log.exception("draft check from the modal failed")
            blocks = [kit.section(say("slack.error", language, contact="HR"))]
        ack(response_action="update", view=modal_view(language, result=blocks))
