"""What the Slack bot does, without bolt: bolt's listeners (and the terminal chat) call these methods.

`SlackBot` turns Slack events into engine questions and Block Kit replies,
puts unanswered questions to HR, and relays HR's first reply back. It talks to
Slack only through `client` (a `slack_sdk.WebClient`, or the terminal stand-in
of `local_chat`) and the `respond` callables bolt hands to listeners, so the
same code serves HTTP mode, Socket Mode and the terminal.

Every question is also written to the question log (`Store.log_question`),
keyed by the event that carried it, under a keyed pseudonym of the user, with
its text only when it went to HR. HR users get `/smpolicy report` and
`/smpolicy reload`, a summary on their App Home, and "Add to knowledge" on
answered escalations. `housekeeping` (the server's timer) retries, runs the
daily retention purge and reloads the knowledge when its files change.

Privacy: question and reply texts are never logged at INFO; logs carry ids,
outcomes and sections, never an employee's Slack id (a keyed pseudonym where a
user must be told apart). Buttons only change the clicker's own logged question.

Escalations: the HR post carries its escalation id as message metadata, so a
crash between posting and recording neither posts it twice nor loses HR's reply;
failed posts and relays are retried with exponential backoff and given up (HR is
told, the report counts them) after SMPOLICY_GIVE_UP_HOURS.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from slack_sdk.errors import SlackApiError

from ..answer import Answer
from ..config import Settings
from ..errors import KnowledgeError, Problem
from ..knowledge import Knowledge, content_hash
from ..knowledge_edit import add_faq, add_phrasing
from ..messages import say
from ..privacy import pseudonym, resolve_key
from ..question import as_input
from ..render import blocks as render
from ..retention import purge_if_due
from ..store import ANSWERED, OPEN, PENDING, RELAYING, UNDELIVERABLE, Escalation, Store, utcnow
from . import hr

log = logging.getLogger(__name__)

# Message subtypes that are still a person writing (everything else is an edit, a delete, a join...).
PERSON_SUBTYPES = (None, "thread_broadcast", "file_share")
HELP_WORDS = ("", "help", "hulp", "?", "info")
# /smpolicy <word> for HR (the word alone; anything longer is a question).
HR_COMMANDS = {"report": "report", "rapport": "report", "reload": "reload", "herlaad": "reload", "herladen": "reload"}


def _guarded(handler: Callable) -> Callable:
    """Log a handler's failure with its name and the traceback, never the user's text."""

    @functools.wraps(handler)
    def run(self: "SlackBot", *args, **kwargs):
        try:
            return handler(self, *args, **kwargs)
        except Exception:
            log.exception("handler %s failed", handler.__name__)
            return None

    return run


def slack_error(exc: Exception) -> str:
    """The short error code of a Slack API failure ('channel_not_found'), or the exception's name."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or exc.response.status_code)
    return f"{exc.__class__.__name__}: {exc}"


# What to do about the Slack errors an operator can fix.
HINTS = {
    "channel_not_found": "check SMPOLICY_HR_CHANNEL (a channel id like C0123456789)",
    "not_in_channel": "invite the bot to the HR channel (/invite @smpolicy)",
    "is_archived": "the HR channel is archived; set SMPOLICY_HR_CHANNEL to an active one",
    "invalid_auth": "check SLACK_BOT_TOKEN",
    "missing_scope": "add the scopes in slack-manifest.yml and reinstall the app",
}


# The HR post carries its escalation id as message metadata: after a crash between Slack accepting
# the post and the database recording it, the bot finds its own post again instead of posting twice,
# and a reply under either post reaches the employee.
MARKER_EVENT = "smpolicy_escalation"
HISTORY_WINDOW = 200  # messages of the HR channel searched for an earlier post of an escalation
MAX_BACKOFF = 3600.0  # seconds: the longest pause between two attempts


def marker(escalation_id: int) -> dict:
    return {"event_type": MARKER_EVENT, "event_payload": {"escalation_id": escalation_id}}


def marked_escalation(message: dict) -> int | None:
    """The escalation id in a message's smpolicy marker, if it has one."""
    meta = message.get("metadata") or {}
    if meta.get("event_type") != MARKER_EVENT:
        return None
    found = (meta.get("event_payload") or {}).get("escalation_id")
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def backoff(attempts: int, base: float, cap: float = MAX_BACKOFF) -> float:
    """Seconds before attempt `attempts` + 1: `base`, doubling per failed attempt, at most `cap`."""
    return min(cap, base * 2 ** max(0, min(attempts, 40) - 1))


def hint(error: str) -> str:
    return f" ({HINTS[error]})" if error in HINTS else ""


# Mentions typed as text: Slack delivers a typed "<!channel>" or "<@U123>" HTML-escaped. The user
# saw markup, not words, so the engine does not score them (real mentions are removed by
# bot.question.clean_question already).
_TYPED_MENTION = re.compile(r"&lt;[!@#][^\s&<>]{0,80}&gt;")


def prepare_text(text: str) -> str:
    """A Slack message's text as the engine should score it: typed mentions removed, not decoded into words."""
    return _TYPED_MENTION.sub(" ", text)


def relayable_reply(event: dict) -> str:
    """What of an HR reply can reach the employee: its text, and a link to each shared file; "" for nothing."""
    text = (event.get("text") or "").strip()
    links = []
    for f in event.get("files") or []:
        link = str(f.get("permalink") or "")
        if link.startswith("https://") and not any(c in link for c in "<>| \n"):
            name = render.escape(str(f.get("name") or f.get("title") or link))
            links.append(f"📎 <{link}|{name}>")
    return "\n".join([text, *links] if text else links)


def is_from_person(event: dict) -> bool:
    """A message typed by a person: not a bot (ours or another), not an edit, delete or join."""
    return (
        not event.get("bot_id")
        and event.get("subtype") in PERSON_SUBTYPES
        and bool(event.get("user"))
        and "bot_profile" not in event
    )


class SlackBot:
    """The bot's behaviour in Slack.

    Args:
        settings: hr_channel, hr_users, max_chars, retention_days, reload_seconds and the
            pseudonym key (`bot.privacy.resolve_key`) are used.
        engine: a loaded `bot.engine.Engine` (`ask`, `answer_for`, `knowledge`, `reload`).
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
        self.retry_delay = retry_delay
        self.members_ttl = members_ttl
        self.dm_source = dm_source
        self.pseudonym_key = resolve_key(settings)
        self._next_knowledge_check = time.monotonic()
        self._bad_hash: str | None = None  # a broken knowledge version already reported
        self._edit_lock = threading.Lock()
        self._members: dict[str, tuple[float, frozenset[str]]] = {}
        self._locales: dict[str, str] = {}
        self._retry_lock = threading.Lock()
        self._retry_queued = threading.Event()
        self._retry_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="smpolicy-retry")

    @property
    def knowledge(self) -> Knowledge:
        return self.engine.knowledge

    @property
    def knowledge_root(self):
        """The folder the engine reads (and "Add to knowledge" writes)."""
        engine_settings = getattr(self.engine, "settings", None)
        return engine_settings.knowledge if engine_settings is not None else self.settings.knowledge

    # --- questions -----------------------------------------------------------------------

    def reply_to(self, text: str, *, user: str, origin: str, source: str) -> render.Message:
        """The reply to a question; puts it to HR first when the engine escalates."""
        try:
            answer = self.engine.ask(as_input(prepare_text(text)))  # lone surrogates (a "\\ud800" escape) are binary
        except Exception:
            log.exception("engine failed on origin=%s", origin)
            contact = render.mention(self.knowledge.contact_for(), "nl")
            return render.text_message(say("slack.error", "nl", contact=contact))
        log.info("question origin=%s source=%s outcome=%s language=%s section=%s top=%s",
                 origin, source, answer.outcome, answer.language, answer.section,
                 [(c.section, round(c.score, 3)) for c in answer.candidates[:3]])
        if answer.outcome == "escalate" and not answer.redirect:
            escalation = self.escalate(answer, user=user, origin=origin, source=source)
            self.log_question(answer, user=user, origin=origin, source=source, escalation=escalation)
            return render.escalated_message(answer, self.knowledge, to_hr=escalation is not None,
                                            max_chars=self.settings.max_chars)
        question_id = self.log_question(answer, user=user, origin=origin, source=source)
        return render.answer_message(answer, self.knowledge, max_chars=self.settings.max_chars,
                                     question_id=question_id)

    def log_question(self, answer: Answer, *, user: str, origin: str, source: str,
                     escalation: Escalation | None = None) -> int | None:
        """Write the question to the log once per `origin` (the event that carried it); its row id.

        The same id comes back when `origin` was logged before (a retry, or another
        process). The text is kept only when the question went to HR. A failure
        here is logged and costs the log entry, never the answer (then None).
        """
        try:
            question_id = self.store.log_question(
                origin=origin, user_hash=pseudonym(user, self.pseudonym_key), source=source,
                language=answer.language, outcome=answer.outcome, section=answer.section,
                redirect=answer.matter,
                candidates=[{"section": c.section, "score": round(c.score, 4)} for c in answer.candidates],
                escalation_id=escalation.id if escalation else None,
                text=answer.question if escalation else None,
            )
            return question_id if question_id is not None else self.store.question_id(origin)
        except Exception as exc:  # the message only: a database error's parameters would include the text
            log.error("could not log question origin=%s: %s", origin, exc.__class__.__name__)
            return None

    @_guarded
    def on_direct_message(self, event: dict, origin: str) -> None:
        """A message in the bot's DM: answer it there."""
        if not is_from_person(event):
            return
        reply = self.reply_to(event.get("text") or "", user=event["user"], origin=origin, source=self.dm_source)
        thread = event.get("thread_ts")  # a question asked in a thread of the DM is answered there
        self.client.chat_postMessage(channel=event["channel"], **({"thread_ts": thread} if thread else {}), **reply)

    @_guarded
    def on_mention(self, event: dict, origin: str) -> None:
        """@smpolicy in a channel: answer in a thread under the mention."""
        if not is_from_person(event):
            return
        thread = event.get("thread_ts")
        if thread and self.escalation_for_thread(event["channel"], thread):
            return  # HR answering an escalation while mentioning the bot: the message event relays it
        reply = self.reply_to(event.get("text") or "", user=event["user"], origin=origin, source="mention")
        self.client.chat_postMessage(channel=event["channel"], thread_ts=thread or event["ts"], **reply)

    @_guarded
    def on_command(self, command: dict, respond: Callable, origin: str) -> None:
        """/smpolicy <question>: an ephemeral reply; help for a bare command or 'help'."""
        text = (command.get("text") or "").strip()
        if text.lower() in HR_COMMANDS:
            self.on_hr_command(HR_COMMANDS[text.lower()], command, respond)
            return
        if text.lower() in HELP_WORDS:
            reply = render.help_message(self.user_language(command.get("user_id")))
            log.info("help origin=%s source=command", origin)
        else:
            reply = self.reply_to(text, user=command["user_id"], origin=origin, source="command")
        respond(response_type="ephemeral", replace_original=False, **reply)

    @_guarded
    def on_message(self, event: dict, origin: str) -> None:
        """Every `message` event: a DM question, or maybe HR answering an escalation."""
        if event.get("channel_type") == "im":
            self.on_direct_message(event, origin)
        elif event.get("thread_ts") and event.get("thread_ts") != event.get("ts"):
            self.on_thread_reply(event)

    @_guarded
    def on_home_opened(self, event: dict) -> None:
        """The App Home; HR users see their summary on top."""
        if event.get("tab", "home") != "home":
            return
        user = event["user"]
        language = self.user_language(user)
        top = None
        if self.is_hr(user):
            try:
                top = render.summary_blocks(self.summary(), self.knowledge, language)
            except Exception:
                log.exception("could not compute the HR summary for the App Home")
        self.client.views_publish(user_id=user, view=render.home_view(self.knowledge, language, top=top))
        log.info("home published hr=%s", top is not None)

    # --- HR commands ---------------------------------------------------------------------

    def summary(self, today: dt.date | None = None) -> hr.Summary:
        """HR's summary from the question log of the last 30 days."""
        today = today or utcnow().date()
        since = dt.datetime.combine(today - dt.timedelta(days=hr.WINDOW_LONG), dt.time())
        return hr.summarize(self.store.logged_questions(since=since), self.knowledge, today,
                            open_escalations=self.store.count_escalations(),
                            undelivered=self.store.count_escalations((UNDELIVERABLE,), since=since))

    def on_hr_command(self, name: str, command: dict, respond: Callable) -> None:
        """/smpolicy report | reload: for HR users only; everyone else is told so."""
        user = command["user_id"]
        language = self.user_language(user)
        if not self.is_hr(user):
            log.info("hr command %s refused user=%s", name, self.alias(user))
            respond(response_type="ephemeral", replace_original=False,
                    **render.text_message(say("slack.hr_only", language, command=name)))
            return
        log.info("hr command %s user=%s", name, user)
        if name == "report":
            reply = render.summary_message(self.summary(), self.knowledge, language)
        else:
            respond(response_type="ephemeral", replace_original=False,
                    **render.text_message(say("slack.reload.busy", language)))
            reply = self.reload_reply(language)
        respond(response_type="ephemeral", replace_original=False, **reply)

    def reload_reply(self, language: str) -> render.Message:
        """Validate and reload the knowledge now; the outcome as a message (problems with file:line)."""
        try:
            changed, detail = self.engine.reload()
        except KnowledgeError as exc:
            log.error("reload: knowledge folder has %s problem(s)", len(exc.problems))
            return render.problems_message("slack.reload.failed", exc.problems, language)
        except Exception as exc:
            log.exception("reload failed")
            return render.text_message(say("slack.reload.error", language, error=exc.__class__.__name__))
        self._bad_hash = None
        log.info("reload: %s", detail)
        return render.text_message(say("slack.reload.changed", language, detail=detail) if changed
                                   else say("slack.reload.unchanged", language))

    # --- buttons -----------------------------------------------------------------------

    @_guarded
    def on_pick(self, body: dict, action: dict, respond: Callable) -> None:
        """A clarify button: the chosen section's answer replaces the question."""
        data = render.decode_value(action.get("value"))
        if not self._owned(body, data, respond, "pick"):
            return
        answer = self.engine.answer_for(data.get("s", ""), data.get("l", "nl"), data.get("q", ""))
        question_id = data.get("i")
        if isinstance(question_id, int):
            self.store.set_section(question_id, answer.section)
        log.info("picked section=%s question=%s", answer.section, question_id)
        respond(replace_original=True, **render.answer_message(answer, self.knowledge, max_chars=self.settings.max_chars,
                                                               question_id=question_id if isinstance(question_id, int) else None))

    @_guarded
    def on_helpful(self, body: dict, action: dict, respond: Callable) -> None:
        data = render.decode_value(action.get("value"))
        if not self._owned(body, data, respond, "helpful"):
            return
        if isinstance(data.get("i"), int):
            self.store.record_feedback(data["i"], "helpful")
        log.info("feedback helpful section=%s question=%s", data.get("s"), data.get("i"))
        respond(response_type="ephemeral", replace_original=False,
                **render.text_message(say("slack.thanks", data.get("l", "nl"))))

    @_guarded
    def on_not_helpful(self, body: dict, action: dict, respond: Callable) -> None:
        data = render.decode_value(action.get("value"))
        if not self._owned(body, data, respond, "not-helpful"):
            return
        if isinstance(data.get("i"), int):  # HR may read what did not help (until the retention purge)
            self.store.record_feedback(data["i"], "not_helpful", text=data.get("q") or None)
        log.info("feedback not-helpful section=%s question=%s", data.get("s"), data.get("i"))
        respond(response_type="ephemeral", replace_original=False,
                **render.forward_offer(action.get("value") or "{}", data.get("l", "nl")))

    def alias(self, user: str) -> str:
        """The keyed pseudonym of a Slack user id: what logs and keys carry instead of the id."""
        return pseudonym(user, self.pseudonym_key)

    def owns(self, question_id: int, user: str) -> bool:
        """Whether logged question `question_id` was asked by `user` (compared by pseudonym)."""
        return self.store.question_owner(question_id) == self.alias(user)

    def _owned(self, body: dict, data: dict, respond: Callable, what: str) -> bool:
        """A button naming a logged question ('i') may only change the clicker's own question.

        Otherwise the click is ignored (one log line) and the clicker is told nothing changed.
        """
        question_id = data.get("i")
        if question_id is None:
            return True
        user = (body.get("user") or {}).get("id") or ""
        if isinstance(question_id, int) and not isinstance(question_id, bool) and self.owns(question_id, user):
            return True
        log.warning("%s click on question %s ignored: it is not the clicker's question", what,
                    question_id if isinstance(question_id, int) else "(invalid)")
        respond(response_type="ephemeral", replace_original=False,
                **render.text_message(say("slack.not_yours", data.get("l", "nl") if data.get("l") in ("nl", "en") else "nl")))
        return False

    @_guarded
    def on_forward(self, body: dict, action: dict, respond: Callable, *, anonymous: bool) -> None:
        """'Forward to HR' after 'Not helpful': one escalation per offer, however often clicked."""
        data = render.decode_value(action.get("value"))
        user = body["user"]["id"]
        container = body.get("container") or {}
        offer = container.get("message_ts") or body.get("trigger_id") or action.get("action_ts")
        answer = Answer(question=data.get("q", ""), outcome="escalate", language=data.get("l", "nl"),
                        section=data.get("s"))
        candidates = [{"section": s, "score": 0.0} for s in data.get("c", [])]
        escalation = self.escalate(answer, user=user, origin=f"forward:{self.alias(user)}:{offer}", source="feedback",
                                   anonymous=anonymous, candidates=candidates)
        if escalation is not None and isinstance(data.get("i"), int):
            if self.owns(data["i"], user):
                self.store.link_escalation(data["i"], escalation.id, answer.question)
            else:
                log.info("forward: question %s belongs to someone else; not linked", data["i"])
        contact = self.knowledge.contact_for(data.get("s"))
        if escalation is None:
            reply = render.text_message(say("escalate.cli", answer.language,
                                                   contact=render.mention(contact, answer.language)))
        else:
            reply = render.forwarded_message(contact, answer.language, anonymous=anonymous)
        respond(replace_original=True, **reply)

    # --- escalation to HR ------------------------------------------------------------------

    def escalate(self, answer: Answer, *, user: str, origin: str, source: str, anonymous: bool = False,
                 candidates: list[dict] | None = None) -> Escalation | None:
        """Store the question for HR and post it to the HR channel; None when no HR channel is set.

        A post that fails stays in the store as pending and is retried (`retry_due`).
        """
        if not self.settings.hr_channel:
            log.warning("escalation origin=%s not sent: SMPOLICY_HR_CHANNEL is not set", origin)
            return None
        if candidates is None:
            candidates = [{"section": c.section, "score": round(c.score, 4)} for c in answer.candidates[:3]]
        contact = self.knowledge.contact_for(answer.section)
        escalation, created = self.store.add_escalation(
            origin=origin, user_id=user, question=answer.question, language=answer.language, source=source,
            candidates=candidates, contact=contact.id if contact else None, anonymous=anonymous,
        )
        if created:
            log.info("escalation %s created origin=%s source=%s anonymous=%s", escalation.id, origin, source, anonymous)
            self.post_escalation(escalation.id)
        return escalation

    def post_escalation(self, escalation_id: int) -> bool:
        """Post a pending escalation to the HR channel; True when it is there now.

        A second attempt first looks for the bot's own earlier post of it (its marker
        in the HR channel's recent history): a crash after Slack accepted the post but
        before it was recorded must not post it twice.
        """
        escalation = self.store.claim(escalation_id, PENDING)
        if escalation is None:
            return False
        channel = self.settings.hr_channel
        if escalation.attempts > 1:
            earlier = self.find_hr_post(channel, escalation)
            if earlier is not None:
                self.store.mark_posted(escalation.id, channel, earlier)
                log.info("escalation %s: found its earlier post in %s ts=%s; not posted again", escalation.id,
                         channel, earlier)
                return True
        msg = self._hr_message(escalation)
        try:
            posted = self.client.chat_postMessage(channel=channel, metadata=marker(escalation.id), **msg)
        except Exception as exc:  # SlackApiError, connection errors: keep it, try later
            self._failed(escalation, slack_error(exc), "could not be posted to HR channel " + str(channel))
            return False
        self.store.mark_posted(escalation.id, posted["channel"], posted["ts"])
        log.info("escalation %s posted to %s ts=%s", escalation.id, posted["channel"], posted["ts"])
        return True

    def find_hr_post(self, channel: str, escalation: Escalation) -> str | None:
        """The ts of the bot's own post of `escalation` in `channel` (recent history, by marker), if any."""
        oldest = escalation.created_at.replace(tzinfo=dt.timezone.utc).timestamp() - 60
        try:
            page = self.client.conversations_history(channel=channel, oldest=f"{oldest:.6f}", limit=HISTORY_WINDOW,
                                                     include_all_metadata=True)
        except Exception as exc:
            log.warning("escalation %s: could not look for an earlier post in %s (%s)", escalation.id, channel,
                        slack_error(exc))
            return None
        for message in page.get("messages") or []:
            if message.get("bot_id") and marked_escalation(message) == escalation.id and message.get("ts"):
                return str(message["ts"])
        return None

    def escalation_for_thread(self, channel: str, thread: str) -> Escalation | None:
        """The escalation a thread in `channel` belongs to: recorded under that post, or (HR channel only)
        named by the marker of the thread's parent message (a post the database never recorded)."""
        escalation = self.store.find_by_hr_message(channel, thread)
        if escalation is not None or channel != self.settings.hr_channel:
            return escalation
        try:
            page = self.client.conversations_replies(channel=channel, ts=thread, limit=1, include_all_metadata=True)
        except Exception as exc:
            log.warning("could not read the parent of thread %s in %s (%s)", thread, channel, slack_error(exc))
            return None
        parent = next((m for m in page.get("messages") or [] if m.get("ts") == thread), None)
        found = marked_escalation(parent) if parent and parent.get("bot_id") else None
        return self.store.get(found) if found is not None else None

    def _failed(self, escalation: Escalation, error: str, what: str) -> None:
        """A post or relay failed: try again after a growing pause, or give up after SMPOLICY_GIVE_UP_HOURS."""
        started = (escalation.answered_at if escalation.state == RELAYING else None) or escalation.created_at
        if utcnow() - started >= dt.timedelta(hours=self.settings.give_up_hours):
            self.give_up(escalation, error, what)
            return
        delay = backoff(escalation.attempts, self.retry_delay)
        self.store.mark_failed(escalation.id, error, retry_at=utcnow() + dt.timedelta(seconds=delay))
        log.error("escalation %s %s: %s%s; kept (attempt %s), retried in %ss", escalation.id, what, error,
                  hint(error), escalation.attempts, round(delay, 1))

    def give_up(self, escalation: Escalation, error: str, what: str) -> None:
        """Stop retrying: mark it undeliverable (the report counts it) and tell HR, or log when HR can't be told."""
        if not self.store.mark_undeliverable(escalation.id, error):
            return
        hours = f"{self.settings.give_up_hours:g}"
        log.error("escalation %s %s: %s%s; given up after %s attempt(s) over %s hour(s)", escalation.id, what, error,
                  hint(error), escalation.attempts, hours)
        lang = render.HR_LANGUAGE
        if escalation.state == RELAYING and escalation.hr_channel:
            where = {"channel": escalation.hr_channel, "thread_ts": escalation.hr_ts}
            text = say("slack.hr.relay_given_up", lang, id=escalation.id, hours=hours, error=render.escape(error))
        elif self.settings.hr_channel:
            where = {"channel": self.settings.hr_channel}
            quoted = "\n".join("> " + line for line in render.escape(escalation.question).splitlines() or [""])
            text = say("slack.hr.post_given_up", lang, id=escalation.id, hours=hours, error=render.escape(error),
                       question=quoted)
        else:
            return
        try:
            self.client.chat_postMessage(**where, **render.message(text, render.sections(text)))
        except Exception as exc:
            log.error("escalation %s: could not tell HR that it was given up either (%s%s)", escalation.id,
                      slack_error(exc), hint(slack_error(exc)))

    def _hr_message(self, escalation: Escalation) -> render.Message:
        return render.hr_message(
            escalation_id=escalation.id, question=escalation.question,
            user_id=None if escalation.anonymous else escalation.user_id, language=escalation.language,
            source=escalation.source, candidates=escalation.candidates, knowledge=self.knowledge,
        )

    @_guarded
    def on_thread_reply(self, event: dict) -> None:
        """A reply in a thread: when it answers an open escalation and comes from HR, relay it once."""
        if not is_from_person(event):
            return
        channel, thread = event.get("channel"), event.get("thread_ts")
        escalation = self.escalation_for_thread(channel, thread)
        if escalation is None:
            return
        user = event["user"]
        if escalation.state == PENDING and escalation.hr_ts is None and channel == self.settings.hr_channel:
            # HR answers under a post the database never recorded (a crash right after posting): adopt it.
            self.store.mark_posted(escalation.id, channel, thread)
            escalation = self.store.get(escalation.id)
        if escalation.state != OPEN:
            log.info("escalation %s already has its reply; ignoring a later one", escalation.id)
            return
        if not self.is_hr(user, channel):
            log.info("escalation %s: reply from %s ignored (not in HR)", escalation.id, self.alias(user))
            return
        reply = relayable_reply(event)
        if not reply:
            log.info("escalation %s: reply by %s has no text or usable file; HR asked for text", escalation.id, user)
            self.client.chat_postMessage(channel=channel, thread_ts=thread,
                                         **render.text_message(say("slack.hr.need_text", render.HR_LANGUAGE)))
            return
        claimed = self.store.claim_reply(channel, thread, answered_by=user, reply=reply,
                                         lease_seconds=max(self.retry_delay, 60), escalation_id=escalation.id)
        if claimed is not None:
            self.relay(claimed)

    def relay(self, escalation: Escalation) -> bool:
        """Send HR's reply to the employee's DM, then mark the HR post answered."""
        try:
            dm = self.client.conversations_open(users=escalation.user_id)["channel"]["id"]
            self.client.chat_postMessage(channel=dm, **render.relay_message(escalation.question, escalation.reply or "",
                                                                             escalation.language))
        except Exception as exc:
            self._failed(escalation, slack_error(exc), "HR's reply could not be sent to the employee")
            return False
        self.store.mark_relayed(escalation.id)
        log.info("escalation %s answered by %s and relayed", escalation.id, escalation.answered_by)
        self._mark_answered_in_hr(escalation)
        return True

    def _mark_answered_in_hr(self, escalation: Escalation) -> None:
        """A check mark and a closing line on the HR post; failures here only cost the decoration."""
        try:
            self.client.reactions_add(channel=escalation.hr_channel, timestamp=escalation.hr_ts, name="white_check_mark")
        except Exception as exc:
            if slack_error(exc) != "already_reacted":
                log.warning("escalation %s: could not add a reaction (%s)", escalation.id, slack_error(exc))
        try:
            self.client.chat_update(channel=escalation.hr_channel, ts=escalation.hr_ts,
                                    **render.hr_answered_message(self._hr_message(escalation), escalation.answered_by,
                                                                 escalation_id=escalation.id, knowledge=self.knowledge))
        except Exception as exc:
            log.warning("escalation %s: could not update the HR post (%s)", escalation.id, slack_error(exc))

    def retry_soon(self) -> None:
        """Run `retry_due` in the background, at most one queued at a time."""
        if self._retry_queued.is_set():
            return
        self._retry_queued.set()

        def run() -> None:
            self._retry_queued.clear()
            self.retry_due()

        self._retry_thread.submit(run)

    def retry_due(self) -> int:
        """Post pending escalations and relay unsent replies whose retry time has come; how many succeeded."""
        if not self._retry_lock.acquire(blocking=False):
            return 0  # another thread of this process is at it
        done = 0
        try:
            for escalation in self.store.due():
                if escalation.state == PENDING and self.settings.hr_channel:
                    done += self.post_escalation(escalation.id)
                elif escalation.state == RELAYING:
                    claimed = self.store.claim(escalation.id, RELAYING, lease_seconds=max(self.retry_delay, 60))
                    if claimed is not None:
                        done += self.relay(claimed)
        except Exception:
            log.exception("retrying escalations failed")
        finally:
            self._retry_lock.release()
        return done

    # --- "Add to knowledge" (HR, on an answered escalation) -------------------------------------

    @_guarded
    def on_add_example(self, body: dict, action: dict, respond: Callable) -> None:
        """'Add as example': the escalated question becomes an example phrasing of the section chosen
        in the menu (choosing there only selects), else of the closest topic."""
        data = render.decode_value(action.get("value"))
        self.add_to_knowledge(body, respond, data.get("e"), render.selected_section(body), faq=False)

    @_guarded
    def on_add_faq(self, body: dict, action: dict, respond: Callable) -> None:
        """'New FAQ entry': question and HR's reply, under the chosen section or the closest topic."""
        data = render.decode_value(action.get("value"))
        self.add_to_knowledge(body, respond, data.get("e"), render.selected_section(body), faq=True)

    def add_to_knowledge(self, body: dict, respond: Callable, escalation_id, section_id: str | None, *,
                         faq: bool) -> None:
        """Write the change into the YAML, reload the engine, and say so in the escalation's thread."""
        user = body["user"]["id"]
        lang = render.HR_LANGUAGE
        if not self.is_hr(user):
            log.info("add to knowledge refused user=%s", self.alias(user))
            respond(response_type="ephemeral", replace_original=False, **render.text_message(say("slack.add.hr_only", lang)))
            return
        escalation = self.store.get(escalation_id) if isinstance(escalation_id, int) else None
        if escalation is None or escalation.state != ANSWERED or not escalation.hr_channel:
            log.warning("add to knowledge: escalation %s is not an answered one", escalation_id)
            return
        if not escalation.question.strip() or (faq and not (escalation.reply or "").strip()):
            respond(response_type="ephemeral", replace_original=False, **render.text_message(say("slack.add.no_text", lang)))
            return
        knowledge = self.knowledge
        if section_id not in knowledge.sections:
            section_id = next((c.get("section") for c in escalation.candidates if c.get("section") in knowledge.sections),
                              next(iter(knowledge.sections)))
        title = knowledge.sections[section_id].title.get(lang)
        with self._edit_lock:
            reply = self._edit_knowledge(escalation, section_id, title, user, faq=faq)
        self.client.chat_postMessage(channel=escalation.hr_channel, thread_ts=escalation.hr_ts, **reply)

    def _edit_knowledge(self, escalation: Escalation, section_id: str, title: str, user: str, *,
                        faq: bool) -> render.Message:
        lang, root = render.HR_LANGUAGE, self.knowledge_root
        once = f"add-faq:{escalation.id}"
        if faq and not self.store.first_time(once, "knowledge"):
            return render.text_message(say("slack.add.faq_exists", lang))
        try:
            if faq:
                faq_id = add_faq(root, section_id, escalation.question, escalation.reply or "", escalation.language)
                text = say("slack.add.faq_done", lang, user=user, faq=faq_id, section=render.escape(title))
            elif add_phrasing(root, section_id, escalation.question, escalation.language):
                text = say("slack.add.example_done", lang, user=user, section=render.escape(title),
                           file=render.escape(self.knowledge.sections[section_id].file))
            else:
                return render.text_message(say("slack.add.example_known", lang, section=render.escape(title)))
        except KnowledgeError as exc:
            if faq:
                self.store.forget_event(once)
            log.error("add to knowledge (escalation %s): the change would break the knowledge", escalation.id)
            return render.problems_message("slack.add.failed", exc.problems, lang)
        except Exception as exc:  # HR always gets a reply; the edit was rolled back
            if faq:
                self.store.forget_event(once)
            log.exception("add to knowledge (escalation %s) failed", escalation.id)
            problem = Problem(str(root), None, f"the change could not be made ({exc.__class__.__name__}: {exc})")
            return render.problems_message("slack.add.error", [problem], lang)
        log.info("escalation %s added to knowledge by %s (%s, section=%s)", escalation.id, user,
                 "faq" if faq else "example", section_id)
        result = self.reload_reply(lang)
        return render.message(f"{text}\n{result['text']}", [render.section(text), *result["blocks"]])

    # --- the timer ---------------------------------------------------------------------------

    def housekeeping(self, keep_events: dt.timedelta = dt.timedelta(days=1)) -> None:
        """What the server's timer runs: retry due escalations, forget old event ids, the daily
        retention purge (once across processes), and a reload when the knowledge files changed."""
        self.retry_due()
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
        if self._knowledge_check_due():
            self.check_knowledge()

    def _knowledge_check_due(self) -> bool:
        if self.settings.reload_seconds <= 0:
            return False
        now = time.monotonic()
        if now < self._next_knowledge_check:
            return False
        self._next_knowledge_check = now + self.settings.reload_seconds
        return True

    def check_knowledge(self) -> bool:
        """Reload when the knowledge files changed; True when a new version is now answering.

        A broken version is not loaded (the engine keeps the last good one); its
        problems (file:line) go to the HR channel once per version, across processes.
        """
        root = self.knowledge_root
        try:
            current = content_hash(root)
        except OSError as exc:
            log.error("could not read the knowledge folder %s: %s", root, exc)
            return False
        if current in (self.knowledge.content_hash, self._bad_hash):
            return False
        try:
            changed, detail = self.engine.reload()
        except KnowledgeError as exc:
            log.error("knowledge folder %s changed but has %s problem(s); still answering from the last good "
                      "version: %s", root, len(exc.problems), "; ".join(str(p) for p in exc.problems[:5]))
            if self.report_problems(current, exc.problems):
                self._bad_hash = current
            return False
        except Exception:
            log.exception("reloading the knowledge failed; still answering from the last good version")
            return False
        self._bad_hash = None
        log.info("knowledge changed: %s", detail)
        return changed

    def report_problems(self, version: str, problems) -> bool:
        """Post a broken knowledge version's problems to the HR channel, once per version; True when done."""
        if not self.settings.hr_channel:
            return True
        key = f"knowledge-problems:{version}"
        if not self.store.first_time(key, "knowledge"):
            return True  # this or another process has posted them
        try:
            self.client.chat_postMessage(channel=self.settings.hr_channel,
                                         **render.problems_message("slack.knowledge.broken", problems, render.HR_LANGUAGE))
        except Exception as exc:
            self.store.forget_event(key)
            error = slack_error(exc)
            log.error("could not post the knowledge problems to HR channel %s: %s%s", self.settings.hr_channel,
                      error, hint(error))
            return False
        return True

    # --- who is who ----------------------------------------------------------------------

    def is_hr(self, user: str, channel: str | None = None) -> bool:
        """In SMPOLICY_HR_USERS, or a member of the HR channel (asked via conversations.members)."""
        if user in self.settings.hr_users:
            return True
        channel = channel or self.settings.hr_channel
        return bool(channel) and user in self.channel_members(channel)

    def channel_members(self, channel: str) -> frozenset[str]:
        cached = self._members.get(channel)
        if cached and time.monotonic() - cached[0] < self.members_ttl:
            return cached[1]
        members: set[str] = set()
        cursor = None
        try:
            while True:
                page = self.client.conversations_members(channel=channel, cursor=cursor, limit=1000)
                members.update(page.get("members", []))
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        except Exception as exc:
            log.error("could not list members of HR channel %s: %s%s; only SMPOLICY_HR_USERS count as HR",
                      channel, slack_error(exc), hint(slack_error(exc)))
            return frozenset()
        result = frozenset(members)
        self._members[channel] = (time.monotonic(), result)
        return result

    def user_language(self, user: str | None) -> str:
        """'nl' or 'en' from the user's Slack locale (Dutch when unknown)."""
        if not user:
            return "nl"
        if user not in self._locales:
            try:
                locale = self.client.users_info(user=user, include_locale=True)["user"].get("locale") or ""
            except Exception as exc:
                log.warning("could not read a user's locale (%s)", slack_error(exc))
                return "nl"
            if len(self._locales) > 10_000:
                self._locales.clear()
            self._locales[user] = "en" if locale.lower().startswith("en") else "nl"
        return self._locales[user]
