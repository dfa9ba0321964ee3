"""What the Slack bot does, without bolt: bolt's listeners (and the terminal chat) call these methods.

`SlackBot` turns Slack events into engine questions and Block Kit replies,
puts unanswered questions to HR, and relays HR's first reply back. It talks to
Slack only through `client` (a `slack_sdk.WebClient`, or the terminal stand-in
of `local_chat`) and the `respond` callables bolt hands to listeners, so the
same code serves HTTP mode, Socket Mode and the terminal.

Privacy: question and reply texts are never logged at INFO; logs carry ids,
outcomes and sections.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from slack_sdk.errors import SlackApiError

from ..answer import Answer
from ..config import Settings
from ..messages import say
from ..render import blocks as render
from ..store import OPEN, PENDING, RELAYING, Escalation, Store, utcnow

log = logging.getLogger(__name__)

# Message subtypes that are still a person writing (everything else is an edit, a delete, a join...).
PERSON_SUBTYPES = (None, "thread_broadcast", "file_share")
HELP_WORDS = ("", "help", "hulp", "?", "info")


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


def hint(error: str) -> str:
    return f" ({HINTS[error]})" if error in HINTS else ""


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
        settings: hr_channel, hr_users and max_chars are used.
        engine: a loaded `bot.engine.Engine` (`ask`, `answer_for`, `knowledge`).
        store: where escalations and processed events live.
        client: a `slack_sdk.WebClient` (or anything with the same methods).
        retry_delay: seconds before a failed post or relay is tried again.
        members_ttl: seconds the HR channel's member list is cached.
    """

    def __init__(self, settings: Settings, engine, store: Store, client, *, retry_delay: float = 30.0,
                 members_ttl: float = 300.0):
        self.settings = settings
        self.engine = engine
        self.store = store
        self.client = client
        self.retry_delay = retry_delay
        self.members_ttl = members_ttl
        self._members: dict[str, tuple[float, frozenset[str]]] = {}
        self._locales: dict[str, str] = {}
        self._retry_lock = threading.Lock()
        self._retry_queued = threading.Event()
        self._retry_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="smpolicy-retry")

    @property
    def knowledge(self):
        return self.engine.knowledge

    # --- questions -----------------------------------------------------------------------

    def reply_to(self, text: str, *, user: str, origin: str, source: str) -> render.Message:
        """The reply to a question; puts it to HR first when the engine escalates."""
        try:
            answer = self.engine.ask(text)
        except Exception:
            log.exception("engine failed on origin=%s", origin)
            contact = render.mention(render.contact_for(self.knowledge), "nl")
            return render.text_message(say("slack.error", "nl", contact=contact))
        log.info("question origin=%s source=%s outcome=%s language=%s section=%s top=%s",
                 origin, source, answer.outcome, answer.language, answer.section,
                 [(c.section, round(c.score, 3)) for c in answer.candidates[:3]])
        if answer.outcome == "escalate" and not answer.redirect:
            escalation = self.escalate(answer, user=user, origin=origin, source=source)
            return render.escalated_message(answer, self.knowledge, to_hr=escalation is not None,
                                            max_chars=self.settings.max_chars)
        return render.answer_message(answer, self.knowledge, max_chars=self.settings.max_chars)

    @_guarded
    def on_direct_message(self, event: dict, origin: str) -> None:
        """A message in the bot's DM: answer it there."""
        if not is_from_person(event):
            return
        reply = self.reply_to(event.get("text") or "", user=event["user"], origin=origin, source="dm")
        self.client.chat_postMessage(channel=event["channel"], **reply)

    @_guarded
    def on_mention(self, event: dict, origin: str) -> None:
        """@smpolicy in a channel: answer in a thread under the mention."""
        if not is_from_person(event):
            return
        thread = event.get("thread_ts")
        if thread and self.store.find_by_hr_message(event["channel"], thread):
            return  # HR answering an escalation while mentioning the bot: the message event relays it
        reply = self.reply_to(event.get("text") or "", user=event["user"], origin=origin, source="mention")
        self.client.chat_postMessage(channel=event["channel"], thread_ts=thread or event["ts"], **reply)

    @_guarded
    def on_command(self, command: dict, respond: Callable, origin: str) -> None:
        """/smpolicy <question>: an ephemeral reply; help for a bare command or 'help'."""
        text = (command.get("text") or "").strip()
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
        if event.get("tab", "home") != "home":
            return
        user = event["user"]
        self.client.views_publish(user_id=user, view=render.home_view(self.knowledge, self.user_language(user)))
        log.info("home published user=%s", user)

    # --- buttons -----------------------------------------------------------------------

    @_guarded
    def on_pick(self, body: dict, action: dict, respond: Callable) -> None:
        """A clarify button: the chosen section's answer replaces the question."""
        data = render.decode_value(action.get("value"))
        answer = self.engine.answer_for(data.get("s", ""), data.get("l", "nl"), data.get("q", ""))
        log.info("picked section=%s user=%s", answer.section, body.get("user", {}).get("id"))
        respond(replace_original=True, **render.answer_message(answer, self.knowledge, max_chars=self.settings.max_chars))

    @_guarded
    def on_helpful(self, body: dict, action: dict, respond: Callable) -> None:
        data = render.decode_value(action.get("value"))
        log.info("feedback helpful section=%s user=%s", data.get("s"), body.get("user", {}).get("id"))
        respond(response_type="ephemeral", replace_original=False,
                **render.text_message(say("slack.thanks", data.get("l", "nl"))))

    @_guarded
    def on_not_helpful(self, body: dict, action: dict, respond: Callable) -> None:
        data = render.decode_value(action.get("value"))
        log.info("feedback not-helpful section=%s user=%s", data.get("s"), body.get("user", {}).get("id"))
        respond(response_type="ephemeral", replace_original=False,
                **render.forward_offer(action.get("value") or "{}", data.get("l", "nl")))

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
        escalation = self.escalate(answer, user=user, origin=f"forward:{user}:{offer}", source="feedback",
                                   anonymous=anonymous, candidates=candidates)
        contact = render.contact_for(self.knowledge, data.get("s"))
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
        contact = render.contact_for(self.knowledge, answer.section)
        escalation, created = self.store.add_escalation(
            origin=origin, user_id=user, question=answer.question, language=answer.language, source=source,
            candidates=candidates, contact=contact.id if contact else None, anonymous=anonymous,
        )
        if created:
            log.info("escalation %s created origin=%s source=%s anonymous=%s", escalation.id, origin, source, anonymous)
            self.post_escalation(escalation.id)
        return escalation

    def post_escalation(self, escalation_id: int) -> bool:
        """Post a pending escalation to the HR channel; True when it is there now."""
        escalation = self.store.claim(escalation_id, PENDING)
        if escalation is None:
            return False
        channel = self.settings.hr_channel
        msg = self._hr_message(escalation)
        try:
            posted = self.client.chat_postMessage(channel=channel, **msg)
        except Exception as exc:  # SlackApiError, connection errors: keep it, try later
            error = slack_error(exc)
            self.store.mark_failed(escalation.id, error, retry_at=utcnow() + dt.timedelta(seconds=self.retry_delay))
            log.error("escalation %s could not be posted to HR channel %s: %s%s; kept pending (attempt %s), "
                      "retried in %ss", escalation.id, channel, error, hint(error), escalation.attempts, self.retry_delay)
            return False
        self.store.mark_posted(escalation.id, posted["channel"], posted["ts"])
        log.info("escalation %s posted to %s ts=%s", escalation.id, posted["channel"], posted["ts"])
        return True

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
        escalation = self.store.find_by_hr_message(channel, thread)
        if escalation is None:
            return
        if escalation.state != OPEN:
            log.info("escalation %s already has its reply; ignoring a later one", escalation.id)
            return
        user = event["user"]
        if not self.is_hr(user, channel):
            log.info("escalation %s: reply from %s ignored (not in HR)", escalation.id, user)
            return
        claimed = self.store.claim_reply(channel, thread, answered_by=user, reply=event.get("text") or "",
                                         lease_seconds=max(self.retry_delay, 60))
        if claimed is not None:
            self.relay(claimed)

    def relay(self, escalation: Escalation) -> bool:
        """Send HR's reply to the employee's DM, then mark the HR post answered."""
        try:
            dm = self.client.conversations_open(users=escalation.user_id)["channel"]["id"]
            self.client.chat_postMessage(channel=dm, **render.relay_message(escalation.question, escalation.reply or "",
                                                                             escalation.language))
        except Exception as exc:
            error = slack_error(exc)
            self.store.mark_failed(escalation.id, error, retry_at=utcnow() + dt.timedelta(seconds=self.retry_delay))
            log.error("escalation %s: HR's reply could not be sent to the employee: %s%s; retried in %ss",
                      escalation.id, error, hint(error), self.retry_delay)
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
                                    **render.hr_answered_message(self._hr_message(escalation), escalation.answered_by))
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

    def housekeeping(self, keep_events: dt.timedelta = dt.timedelta(days=1)) -> None:
        """What the server's timer runs: retry due escalations, forget old event ids."""
        self.retry_due()
        try:
            self.store.forget_events(utcnow() - keep_events)
        except Exception:
            log.exception("could not purge old processed events")

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
                log.warning("could not read the locale of %s (%s)", user, slack_error(exc))
                return "nl"
            if len(self._locales) > 10_000:
                self._locales.clear()
            self._locales[user] = "en" if locale.lower().startswith("en") else "nl"
        return self._locales[user]
