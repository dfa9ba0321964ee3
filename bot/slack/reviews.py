"""HR's review workflow: once a month each contact gets a DM with the sections they own that are past
review or due within `NOTICE_DAYS`, and a "Still correct" button per section.

    reviews.send_due()            # what housekeeping runs; sends at most once per contact and month
    reviews.on_confirm(...)       # "Still correct": writes `reviewed: <today>` into the YAML, reloads

Once across processes: every DM is claimed first with a lasting once-only key
(`review-dm:<YYYY-MM>:<contact id>`) in the shared store; a DM Slack refuses gives its key
back, so the next housekeeping run tries again. A confirmation goes through the same round-trip
editor as "Add to knowledge" (folder lock, validated, rolled back when invalid), is recorded in
the `reviews` table (who confirmed which section, for the report) and reloads the engine.
Contacts are HR people: logs and the table name them by Slack id; no employee appears here.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from ..errors import KnowledgeError
from ..knowledge import Knowledge, Section
from ..knowledge.edit import set_reviewed
from ..messages import say
from ..render import hr as render_hr
from ..render.kit import escape, message, section, text_message
from ..render.review import review_message
from ..render.values import ButtonValue
from ..store import Store, utcnow
from .directory import Directory, slack_id_kind
from .slackapi import hint, slack_error
from .watcher import KnowledgeWatcher

log = logging.getLogger(__name__)

NOTICE_DAYS = 30  # a section whose review falls due within this many days is listed already


def due_by_contact(knowledge: Knowledge, today: dt.date, review_days: int,
                   notice_days: int = NOTICE_DAYS) -> dict[str, list[Section]]:
    """{contact id: sections it owns that are past review or due within `notice_days`}, oldest review first.

    The rule is `Knowledge.overdue`, looked at `notice_days` ahead.
    """
    out: dict[str, list[Section]] = {}
    for s in knowledge.overdue(today + dt.timedelta(days=notice_days), review_days):
        out.setdefault(s.contact, []).append(s)
    return out


def month_key(today: dt.date, contact_id: str) -> str:
    return f"review-dm:{today:%Y-%m}:{contact_id}"


class Reviews:
    """The monthly review DMs and their "Still correct" button (listeners take bolt's arguments by name)."""

    def __init__(self, settings, engine, store: Store, client, directory: Directory, watcher: KnowledgeWatcher):
        self.settings = settings
        self.engine = engine
        self.store = store
        self.client = client
        self.directory = directory
        self.watcher = watcher
        self._sent_month: str | None = None  # this process found every DM of that month sent
        self._edit_lock = threading.Lock()

    # --- the monthly DM ----------------------------------------------------------------------

    def send_due(self, today: dt.date | None = None) -> int:
        """DM each contact with a Slack user id their due sections, once per month across processes; how many
        DMs this call sent."""
        today = today or utcnow().date()
        month = f"{today:%Y-%m}"
        if self._sent_month == month:
            return 0
        knowledge = self.engine.knowledge
        sent, complete = 0, True
        for contact_id, due in due_by_contact(knowledge, today, self.settings.review_days).items():
            contact = knowledge.contacts.get(contact_id)
            if contact is None or slack_id_kind(contact.slack) != "user":
                log.info("review: contact %s has no Slack user id; %s section(s) due are only in the report",
                         contact_id, len(due))
                continue
            key = month_key(today, contact_id)
            if not self.store.claim_once(key, "review"):
                continue  # this or another process sent it this month
            try:
                dm = self.client.conversations_open(users=contact.slack)["channel"]["id"]
                self.client.chat_postMessage(channel=dm, **review_message(
                    contact, due, today=today, review_days=self.settings.review_days,
                    language=self.settings.hr_language, knowledge_url=self.settings.knowledge_url))
            except Exception as exc:  # give the key back: the next housekeeping run tries again
                self.store.release_once(key)
                complete = False
                error = slack_error(exc)
                log.warning("review DM to contact %s failed: %s%s", contact_id, error, hint(error))
                continue
            sent += 1
            log.info("review DM sent to contact %s (%s) for %s section(s)", contact_id, contact.slack, len(due))
        if complete:
            self._sent_month = month
        return sent

    # --- "Still correct" ---------------------------------------------------------------------------

    def may_confirm(self, user: str, s: Section) -> bool:
        """The section's own contact (by Slack id) or an HR user."""
        contact = self.engine.knowledge.contacts.get(s.contact)
        return bool(contact and contact.slack == user) or self.directory.is_hr(user)

    def on_confirm(self, body: dict, action: dict, respond: Callable) -> None:
        """'Still correct': the section's `reviewed` becomes today in its YAML, recorded and reloaded."""
        lang = self.settings.hr_language
        user = (body.get("user") or {}).get("id") or ""
        value = ButtonValue.decode(action.get("value")) or ButtonValue()
        s = self.engine.knowledge.sections.get(value.section or "")
        if s is None:
            log.warning("review confirm: unknown section %s", (value.section or "")[:60])
            respond(replace_original=False, **text_message(say("review.gone", lang)))
            return
        if not self.may_confirm(user, s):
            log.info("review confirm of %s refused user=%s", s.id, self.directory.alias(user))
            respond(replace_original=False, **text_message(say("review.not_yours", lang)))
            return
        today = dt.date.today()  # the date the knowledge's own check compares with ("not in the future")
        title = escape(s.title.get(lang))
        with self._edit_lock:
            try:
                changed = set_reviewed(self.watcher.knowledge_root, s.id, today)
            except KnowledgeError as exc:
                log.error("review confirm of %s: the change would break the knowledge", s.id)
                respond(replace_original=False, **render_hr.problems_message("slack.add.failed", exc.problems, lang))
                return
            except Exception as exc:
                log.error("review confirm of %s failed (%s)", s.id, exc.__class__.__name__)
                respond(replace_original=False, **text_message(say("slack.reload.error", lang,
                                                                   error=exc.__class__.__name__)))
                return
            recorded = self.store.record_review(section=s.id, contact=s.contact, confirmed_by=user, reviewed_on=today)
        if not changed and not recorded:
            respond(replace_original=False, **text_message(say("review.already", lang, section=title)))
            return
        log.info("review of %s confirmed by %s (reviewed %s)", s.id, user, today.isoformat())
        text = say("review.done", lang, section=title, user=user, day=today.isoformat(), file=escape(s.file))
        result = self.watcher.reload_reply(lang)
        respond(replace_original=False, **message(f"{text}\n{result['text']}", [section(text), *result["blocks"]]))
