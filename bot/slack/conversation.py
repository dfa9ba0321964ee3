"""Talking with employees: DMs, mentions, `/smpolicy <question>`, clarify picks, feedback, forwarding.

Every question is written to the question log (`Store.log_question`), keyed by the
event that carried it, under a keyed pseudonym of the user, with its text only when
it went to HR. Buttons only change the clicker's own logged question. Question and
reply texts are never logged at INFO; logs carry ids, outcomes and sections.

Listeners take bolt's arguments by name (`event`, `body`, `command`, `action`,
`respond`); which events reach which listener is decided at registration
(`bot.slack.app`, with the matchers below).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from ..decide.answer import Answer
from ..decide.memory import ConversationMemory
from ..decide.question import as_input
from ..messages import say
from ..render import employee
from ..render.kit import REDIRECT_BLOCK, Message, text_message
from ..render.values import ButtonValue
from ..search.understand import small_talk
from ..store import Escalation, Store
from .directory import Directory
from .escalations import Escalations
from .hr_actions import HrActions, ephemeral
from .slackapi import is_from_person, origin_of

log = logging.getLogger(__name__)

# Mentions typed as text: Slack delivers a typed "<!channel>" or "<@U123>" HTML-escaped. The user
# saw markup, not words, so the engine does not score them (real mentions are removed by
# bot.decide.question.clean_question already).
_TYPED_MENTION = re.compile(r"&lt;[!@#][^\s&<>]{0,80}&gt;")


def prepare_text(text: str) -> str:
    """A Slack message's text as the engine should score it: typed mentions removed, not decoded into words."""
    return _TYPED_MENTION.sub(" ", text)


def asks_for_help(text: str) -> bool:
    """The bare command, or a greeting or help request ("help", "hoi", "wat kun je?")."""
    return not text.strip() or small_talk(text) in ("help", "greeting")


# --- listener matchers (bolt passes `event` by name) ----------------------------------------


def is_dm_question(event: dict) -> bool:
    """A person writing in the bot's DM."""
    return event.get("channel_type") == "im" and is_from_person(event)


def mentions_bot(event: dict, bot_user_id: str | None) -> bool:
    """Whether the message mentions the bot (then the app_mention event carries it, not this one)."""
    return bool(bot_user_id) and f"<@{bot_user_id}>" in (event.get("text") or "")


def is_person(event: dict) -> bool:
    return is_from_person(event)


class Conversation:
    """Questions in, answers out; feedback and forwarding on the buttons under them."""

    def __init__(self, settings, engine, store: Store, client, directory: Directory, escalations: Escalations,
                 hr_actions: HrActions, *, dm_source: str = "dm", memory: ConversationMemory | None = None):
        self.settings = settings
        self.memory = memory or ConversationMemory(settings.context_minutes * 60)
        self.engine = engine
        self.store = store
        self.client = client
        self.directory = directory
        self.escalations = escalations
        self.hr_actions = hr_actions
        self.dm_source = dm_source

    # --- questions -------------------------------------------------------------------------

    def conversation_key(self, channel: str, thread: str | None, user: str) -> str:
        """Names one person's conversation: a channel, a thread in it ('' for a DM's main view), a pseudonym."""
        return f"{channel}:{thread or ''}:{self.directory.alias(user)}"

    def reply_to(self, text: str, *, user: str, origin: str, source: str,
                 conversation: tuple[str, ...] = ()) -> Message:
        """The reply to a question; puts it to HR first when the engine escalates.

        `conversation` lists the keys (`conversation_key`) whose recent turns give the message its
        context, the first that has any wins; the answer's turn is remembered under the first.
        """
        knowledge = self.engine.knowledge
        now = self.memory.clock()
        context = next((turns for turns in map(self.memory.recall, conversation) if turns), ())
        try:
            # lone surrogates (a "\\ud800" escape) are binary
            answer = self.engine.ask(as_input(prepare_text(text)), context=context, now=now)
        except Exception:
            log.exception("engine failed on origin=%s", origin)
            return text_message(say("slack.error", "nl", contact=employee.mention(knowledge.contact_for(), "nl")))
        if conversation:
            self.memory.remember(conversation[0], answer.turn(now))
        log.info("question origin=%s source=%s outcome=%s language=%s section=%s follow_up=%s top=%s",
                 origin, source, answer.outcome, answer.language, answer.section, answer.continues,
                 [(c.section, round(c.score, 3)) for c in answer.candidates[:3]])
        if answer.outcome == "escalate" and not answer.redirect:
            escalation = self.escalations.escalate(answer, user=user, origin=origin, source=source)
            self.log_question(answer, user=user, origin=origin, source=source, escalation=escalation)
            return employee.escalated_message(answer, knowledge, to_hr=escalation is not None,
                                              max_chars=self.settings.max_chars)
        question_id = self.log_question(answer, user=user, origin=origin, source=source)
        # Buttons under an answer; under a redirect only when there is an HR channel to ask anyway.
        feedback = answer.outcome != "escalate" or bool(self.settings.hr_channel)
        return employee.answer_message(answer, knowledge, max_chars=self.settings.max_chars, question_id=question_id,
                                       feedback=feedback)

    def log_question(self, answer: Answer, *, user: str, origin: str, source: str,
                     escalation: Escalation | None = None) -> int | None:
        """Write the question to the log once per `origin` (the event that carried it); its row id.

        The same id comes back when `origin` was logged before (a retry, or another
        process). The text is kept only when the question went to HR. A failure
        here is logged and costs the log entry, never the answer (then None).
        """
        try:
            return self.store.log_question(
                origin=origin, user_hash=self.directory.alias(user), source=source,
                language=answer.language, outcome=answer.outcome, section=answer.section,
                matter=answer.matter,
                candidates=[{"section": c.section, "score": round(c.score, 4)} for c in answer.candidates],
                escalation_id=escalation.id if escalation else None,
                text=answer.question if escalation else None,
            )
        except Exception as exc:  # the message only: a database error's parameters would include the text
            log.error("could not log question origin=%s: %s", origin, exc.__class__.__name__)
            return None

    def on_direct_message(self, event: dict, body: dict) -> None:
        """A message in the bot's DM: answer it there (in its thread, when asked in one).

        Its context is the thread's recent turns, or, for the first message of a thread (one under
        the bot's own reply), the DM's.
        """
        channel, user, thread = event["channel"], event["user"], event.get("thread_ts")
        keys = (self.conversation_key(channel, thread, user), self.conversation_key(channel, None, user))
        reply = self.reply_to(event.get("text") or "", user=user, origin=origin_of(body), source=self.dm_source,
                              conversation=keys if thread else keys[1:])
        self.client.chat_postMessage(channel=channel, **({"thread_ts": thread} if thread else {}), **reply)

    def on_mention(self, event: dict, body: dict) -> None:
        """@smpolicy in a channel: answer in a thread under the mention; that thread is the conversation."""
        thread = event.get("thread_ts")
        if thread and self.escalations.escalation_for_thread(event["channel"], thread):
            return  # HR answering an escalation while mentioning the bot: the message event relays it
        where = thread or event["ts"]
        reply = self.reply_to(event.get("text") or "", user=event["user"], origin=origin_of(body), source="mention",
                              conversation=(self.conversation_key(event["channel"], where, event["user"]),))
        self.client.chat_postMessage(channel=event["channel"], thread_ts=where, **reply)

    def is_thread_follow_up(self, event: dict, context: dict) -> bool:
        """Matcher: a person replying, without mentioning the bot, in a channel thread where the bot
        answered them (a thread under a mention, or under the bot's reply) within the context time.

        Never in the HR channel: replies there belong to escalations (`Escalations.on_thread_reply`).
        """
        thread, channel = event.get("thread_ts"), event.get("channel")
        if (event.get("channel_type") == "im" or not thread or thread == event.get("ts") or not is_from_person(event)
                or not channel or channel == self.settings.hr_channel
                or mentions_bot(event, context.get("bot_user_id"))):
            return False
        return bool(self.memory.recall(self.conversation_key(channel, thread, event["user"])))

    def on_thread_follow_up(self, event: dict, body: dict) -> None:
        """A reply in a thread the bot is talking in: answered in that thread, in the thread's context.

        A thread that carries an escalation is left to the escalation flow.
        """
        channel, thread = event["channel"], event["thread_ts"]
        if self.escalations.escalation_for_thread(channel, thread):
            self.escalations.on_thread_reply(event)
            return
        reply = self.reply_to(event.get("text") or "", user=event["user"], origin=origin_of(body), source="mention",
                              conversation=(self.conversation_key(channel, thread, event["user"]),))
        self.client.chat_postMessage(channel=channel, thread_ts=thread, **reply)

    def on_command(self, command: dict, body: dict, respond: Callable) -> None:
        """/smpolicy <question>: an ephemeral reply; help for a bare command, a greeting or 'help'."""
        text = (command.get("text") or "").strip()
        origin = origin_of(body)
        if asks_for_help(text):
            reply = employee.help_message(self.directory.user_language(command.get("user_id")))
            log.info("help origin=%s source=command", origin)
        else:
            reply = self.reply_to(text, user=command["user_id"], origin=origin, source="command")
        ephemeral(respond, reply)

    # --- buttons -----------------------------------------------------------------------------

    def on_pick(self, body: dict, action: dict, respond: Callable) -> None:
        """A clarify button: the chosen section's answer replaces the question."""
        value = self._owned(body, action, respond, "pick")
        if value is None:
            return
        answer = self.engine.answer_for(value.section or "", value.lang, value.question)
        if value.question_id is not None:
            self.store.set_section(value.question_id, answer.section)
        log.info("picked section=%s question=%s", answer.section, value.question_id)
        respond(replace_original=True, **employee.answer_message(answer, self.engine.knowledge,
                                                                 max_chars=self.settings.max_chars,
                                                                 question_id=value.question_id))

    def on_helpful(self, body: dict, action: dict, respond: Callable) -> None:
        value = self._owned(body, action, respond, "helpful")
        if value is None:
            return
        if value.question_id is not None:
            self.store.record_feedback(value.question_id, "helpful")
        log.info("feedback helpful section=%s question=%s", value.section, value.question_id)
        ephemeral(respond, text_message(say("slack.thanks", value.lang)))

    def on_not_helpful(self, body: dict, action: dict, respond: Callable) -> None:
        value = self._owned(body, action, respond, "not-helpful")
        if value is None:
            return
        if value.question_id is not None:  # HR may read what did not help (until the retention purge)
            self.store.record_feedback(value.question_id, "not_helpful", text=value.question or None)
        log.info("feedback not-helpful section=%s question=%s", value.section, value.question_id)
        ephemeral(respond, employee.forward_offer(action.get("value") or "{}", value.lang))

    def on_forward_named(self, body: dict, action: dict, respond: Callable) -> None:
        self.forward(body, action, respond, anonymous=False)

    def on_ask_hr_anyway(self, body: dict, action: dict, respond: Callable) -> None:
        """'Ask HR anyway' under a "not covered" redirect: forwarded with the asker's name, like
        'Forward with my name' (its neighbour 'Forward anonymously' is the anonymous one)."""
        self.forward(body, action, respond, anonymous=False)

    def on_forward_anonymous(self, body: dict, action: dict, respond: Callable) -> None:
        self.forward(body, action, respond, anonymous=True)

    def forward(self, body: dict, action: dict, respond: Callable, *, anonymous: bool) -> None:
        """'Forward to HR' after 'Not helpful' or under a redirect: one escalation per offer, however often
        clicked (the offer is the message the buttons are on, so named and anonymous make one between them)."""
        value = ButtonValue.decode(action.get("value")) or ButtonValue()
        user = body["user"]["id"]
        container = body.get("container") or {}
        offer = container.get("message_ts") or body.get("trigger_id") or action.get("action_ts")
        answer = Answer(question=value.question, outcome="escalate", language=value.lang, section=value.section)
        source = "redirect" if action.get("block_id") == REDIRECT_BLOCK else "feedback"
        escalation = self.escalations.escalate(
            answer, user=user, origin=f"forward:{self.directory.alias(user)}:{offer}", source=source,
            anonymous=anonymous, candidates=[{"section": s, "score": 0.0} for s in value.candidates])
        if escalation is not None and value.question_id is not None:
            if self.owns(value.question_id, user):
                self.store.link_escalation(value.question_id, escalation.id, answer.question)
            else:
                log.info("forward: question %s belongs to someone else; not linked", value.question_id)
        contact = self.engine.knowledge.contact_for(value.section)
        if escalation is None:
            reply = text_message(say("escalate.cli", answer.language,
                                     contact=employee.mention(contact, answer.language)))
        else:
            reply = employee.forwarded_message(contact, answer.language, anonymous=anonymous)
        respond(replace_original=True, **reply)

    def owns(self, question_id: int, user: str) -> bool:
        """Whether logged question `question_id` was asked by `user` (compared by pseudonym)."""
        return self.store.question_owner(question_id) == self.directory.alias(user)

    def _owned(self, body: dict, action: dict, respond: Callable, what: str) -> ButtonValue | None:
        """The click's value when it may act: no logged question named, or the clicker's own.

        Otherwise (someone else's question, or a value that is not one of ours) the click
        is ignored with one log line, the clicker is told nothing changed, and None returned.
        """
        value = ButtonValue.decode(action.get("value"))
        if value is not None and value.question_id is None:
            return value
        user = (body.get("user") or {}).get("id") or ""
        if value is not None and self.owns(value.question_id, user):
            return value
        log.warning("%s click on question %s ignored: it is not the clicker's question", what,
                    value.question_id if value is not None else "(invalid)")
        ephemeral(respond, text_message(say("slack.not_yours", value.lang if value else "nl")))
        return None
