"""Questions put to HR: claim → post → mark → relay, with retries, backoff and giving up.

    escalations = Escalations(settings, store, client, directory, knowledge=lambda: engine.knowledge)
    escalations.escalate(answer, user="U1", origin="Ev1", source="dm")   # stored first, then posted
    escalations.on_thread_reply(event)   # HR's first reply in the post's thread reaches the asker
    escalations.retry_due()              # what housekeeping runs

Needs no bolt: it talks to Slack only through `client` (a `slack_sdk.WebClient`).

The HR post carries its escalation id as message metadata, so a crash between
posting and recording neither posts it twice nor loses HR's reply. Failed posts
and relays are retried with exponential backoff and given up (HR is told, the
report counts them) after SMPOLICY_GIVE_UP_HOURS.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from ..decide.answer import Answer
from ..knowledge import Knowledge
from ..messages import say
from ..render import employee, hr
from ..render.kit import Message, escape, message, sections, text_message
from ..store import OPEN, PENDING, RELAYING, Escalation, Store, utcnow
from .directory import Directory
from .slackapi import hint, is_from_person, slack_error

log = logging.getLogger(__name__)

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


def relayable_reply(event: dict) -> str:
    """What of an HR reply can reach the employee: its text, and a link to each shared file; "" for nothing."""
    text = (event.get("text") or "").strip()
    links = []
    for f in event.get("files") or []:
        link = str(f.get("permalink") or "")
        if link.startswith("https://") and not any(c in link for c in "<>| \n"):
            name = escape(str(f.get("name") or f.get("title") or link))
            links.append(f"📎 <{link}|{name}>")
    return "\n".join([text, *links] if text else links)


class Escalations:
    """Escalations to the HR channel and HR's replies back to the asker.

    Args:
        settings: hr_channel and give_up_hours are used.
        store: where escalations live (every state change is a conditional UPDATE there).
        client: a `slack_sdk.WebClient` (or anything with the same methods).
        directory: who is HR (a reply counts only from HR).
        knowledge: returns the knowledge answering now (contacts, section titles).
        retry_delay: seconds before a failed post or relay is tried again (doubling per failure).
    """

    def __init__(self, settings, store: Store, client, directory: Directory, *,
                 knowledge: Callable[[], Knowledge], retry_delay: float = 30.0):
        self.settings = settings
        self.store = store
        self.client = client
        self.directory = directory
        self.knowledge = knowledge
        self.retry_delay = retry_delay
        self._retry_lock = threading.Lock()
        self._retry_queued = threading.Event()
        self._retry_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="smpolicy-retry")

    @property
    def lease_seconds(self) -> float:
        return max(self.retry_delay, 60)

    # --- to HR ------------------------------------------------------------------------------

    def escalate(self, answer: Answer, *, user: str, origin: str, source: str, anonymous: bool = False,
                 candidates: list[dict] | None = None) -> Escalation | None:
        """Store the question for HR and post it to the HR channel; None when no HR channel is set.

        Stored once per `origin` (a repeat returns the stored one). A post that fails
        stays in the store as pending and is retried (`retry_due`).
        """
        if not self.settings.hr_channel:
            log.warning("escalation origin=%s not sent: SMPOLICY_HR_CHANNEL is not set", origin)
            return None
        if candidates is None:
            candidates = [{"section": c.section, "score": round(c.score, 4)} for c in answer.candidates[:3]]
        contact = self.knowledge().contact_for(answer.section)
        escalation, created = self.store.add_escalation(
            origin=origin, user_id=user, question=answer.question, language=answer.language, source=source,
            candidates=candidates, contact=contact.id if contact else None, anonymous=anonymous,
        )
        if created:
            log.info("escalation %s created origin=%s source=%s anonymous=%s", escalation.id, origin, source, anonymous)
            self.post(escalation.id)
        return escalation

    def post(self, escalation_id: int) -> bool:
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
        try:
            posted = self.client.chat_postMessage(channel=channel, metadata=marker(escalation.id),
                                                  **self.hr_post(escalation))
        except Exception as exc:  # SlackApiError, connection errors: keep it, try later
            self._failed(escalation, slack_error(exc), "could not be posted to HR channel " + str(channel))
            return False
        self.store.mark_posted(escalation.id, posted["channel"], posted["ts"])
        log.info("escalation %s posted to %s ts=%s", escalation.id, posted["channel"], posted["ts"])
        return True

    def find_hr_post(self, channel: str, escalation: Escalation) -> str | None:
        """The ts of the bot's own post of `escalation` in `channel` (recent history, by marker), if any."""
        oldest = escalation.created_at.replace(tzinfo=dt.UTC).timestamp() - 60
        try:
            page = self.client.conversations_history(channel=channel, oldest=f"{oldest:.6f}", limit=HISTORY_WINDOW,
                                                     include_all_metadata=True)
        except Exception as exc:
            log.warning("escalation %s: could not look for an earlier post in %s (%s)", escalation.id, channel,
                        slack_error(exc))
            return None
        for msg in page.get("messages") or []:
            if msg.get("bot_id") and marked_escalation(msg) == escalation.id and msg.get("ts"):
                return str(msg["ts"])
        return None

    def hr_post(self, escalation: Escalation) -> Message:
        return hr.hr_message(
            escalation_id=escalation.id, question=escalation.question,
            user_id=None if escalation.anonymous else escalation.user_id, language=escalation.language,
            source=escalation.source, candidates=escalation.candidates, knowledge=self.knowledge(),
            hr_language=self.settings.hr_language,
        )

    # --- HR's reply ---------------------------------------------------------------------------

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
        if not self.directory.is_hr(user, channel):
            log.info("escalation %s: reply from %s ignored (not in HR)", escalation.id, self.directory.alias(user))
            return
        reply = relayable_reply(event)
        if not reply:
            log.info("escalation %s: reply by %s has no text or usable file; HR asked for text", escalation.id, user)
            self.client.chat_postMessage(channel=channel, thread_ts=thread,
                                         **text_message(say("slack.hr.need_text", self.settings.hr_language)))
            return
        claimed = self.store.claim_reply(channel, thread, answered_by=user, reply=reply,
                                         lease_seconds=self.lease_seconds, escalation_id=escalation.id)
        if claimed is not None:
            self.relay(claimed)

    def relay(self, escalation: Escalation) -> bool:
        """Send HR's reply to the employee's DM, then mark the HR post answered."""
        try:
            dm = self.client.conversations_open(users=escalation.user_id)["channel"]["id"]
            self.client.chat_postMessage(channel=dm, **employee.relay_message(escalation.question,
                                                                              escalation.reply or "",
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
                                    **hr.hr_answered_message(self.hr_post(escalation), escalation.answered_by,
                                                             hr_language=self.settings.hr_language,
                                                             escalation_id=escalation.id, knowledge=self.knowledge()))
        except Exception as exc:
            log.warning("escalation %s: could not update the HR post (%s)", escalation.id, slack_error(exc))

    # --- failures and retries -----------------------------------------------------------------

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
        if escalation.state == RELAYING and escalation.hr_channel:
            where = {"channel": escalation.hr_channel, "thread_ts": escalation.hr_ts}
            text = say("slack.hr.relay_given_up", self.settings.hr_language, id=escalation.id, hours=hours, error=escape(error))
        elif self.settings.hr_channel:
            where = {"channel": self.settings.hr_channel}
            quoted = "\n".join("> " + line for line in escape(escalation.question).splitlines() or [""])
            text = say("slack.hr.post_given_up", self.settings.hr_language, id=escalation.id, hours=hours, error=escape(error),
                       question=quoted)
        else:
            return
        try:
            self.client.chat_postMessage(**where, **message(text, sections(text)))
        except Exception as exc:
            log.error("escalation %s: could not tell HR that it was given up either (%s%s)", escalation.id,
                      slack_error(exc), hint(slack_error(exc)))

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
                    done += self.post(escalation.id)
                elif escalation.state == RELAYING:
                    claimed = self.store.claim(escalation.id, RELAYING, lease_seconds=self.lease_seconds)
                    if claimed is not None:
                        done += self.relay(claimed)
        except Exception:
            log.exception("retrying escalations failed")
        finally:
            self._retry_lock.release()
        return done
