"""What HR does in Slack: `/smpolicy report`, `/smpolicy reload`, and "Add to knowledge".

`/smpolicy report|rapport` shows HR's summary (`bot.slack.hr.summarize`, 30 days),
`/smpolicy reload|herlaad|herladen` validates and reloads the knowledge now; both for HR
users only. On an answered escalation, "Add as example" makes the question an example
phrasing of a section and "New FAQ" makes question and reply an FAQ entry (once per
escalation, for good: a lasting once-only key in the store).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from ..errors import KnowledgeError, Problem
from ..knowledge.edit import add_faq, add_phrasing
from ..messages import say
from ..render import hr as render_hr
from ..render.kit import Message, escape, message, section, text_message
from ..render.values import ButtonValue
from ..store import ANSWERED, UNDELIVERABLE, Escalation, Store, utcnow
from . import hr
from .directory import Directory
from .watcher import KnowledgeWatcher

log = logging.getLogger(__name__)

# /smpolicy <word> for HR (the word alone; anything longer is a question).
HR_COMMANDS = {"report": "report", "rapport": "report", "reload": "reload", "herlaad": "reload", "herladen": "reload"}


def hr_command(command: dict) -> str | None:
    """'report' or 'reload' when a slash command is one of HR's words; else None (a question)."""
    return HR_COMMANDS.get((command.get("text") or "").strip().lower())


def is_hr_command(command: dict) -> bool:
    """Listener matcher: the slash command is `/smpolicy report` or `/smpolicy reload` (any spelling)."""
    return hr_command(command) is not None


def ephemeral(respond: Callable, reply: Message) -> None:
    respond(response_type="ephemeral", replace_original=False, **reply)


class HrActions:
    """HR's commands and "Add to knowledge" buttons (listeners take bolt's arguments by name)."""

    def __init__(self, settings, engine, store: Store, client, directory: Directory, watcher: KnowledgeWatcher):
        self.settings = settings
        self.engine = engine
        self.store = store
        self.client = client
        self.directory = directory
        self.watcher = watcher
        self._edit_lock = threading.Lock()

    def summary(self, today: dt.date | None = None) -> hr.Summary:
        """HR's summary from the question log of the last 30 days."""
        today = today or utcnow().date()
        since = dt.datetime.combine(today - dt.timedelta(days=hr.WINDOW_LONG), dt.time())
        return hr.summarize(self.store.logged_questions(since=since), self.engine.knowledge, today,
                            open_escalations=self.store.count_escalations(),
                            undelivered=self.store.count_escalations((UNDELIVERABLE,), since=since),
                            reviews=self.store.reviews(since=since))

    # --- /smpolicy report | reload ----------------------------------------------------------

    def on_command(self, command: dict, respond: Callable) -> None:
        """/smpolicy report | reload: for HR users only; everyone else is told so."""
        name = hr_command(command) or "report"
        user = command["user_id"]
        language = self.directory.user_language(user)
        if not self.directory.is_hr(user):
            log.info("hr command %s refused user=%s", name, self.directory.alias(user))
            ephemeral(respond, text_message(say("slack.hr_only", language, command=name)))
            return
        log.info("hr command %s user=%s", name, user)
        if name == "report":
            reply = render_hr.summary_message(self.summary(), self.engine.knowledge, self.settings.hr_language)
        else:
            ephemeral(respond, text_message(say("slack.reload.busy", language)))
            reply = self.watcher.reload_reply(language)
        ephemeral(respond, reply)

    # --- "Add to knowledge" (on an answered escalation) ---------------------------------------

    def on_add_example(self, body: dict, action: dict, respond: Callable) -> None:
        """'Add as example': the escalated question becomes an example phrasing of the section chosen
        in the menu (choosing there only selects), else of the closest topic."""
        self.add_to_knowledge(body, respond, ButtonValue.decode(action.get("value")), faq=False)

    def on_add_faq(self, body: dict, action: dict, respond: Callable) -> None:
        """'New FAQ entry': question and HR's reply, under the chosen section or the closest topic."""
        self.add_to_knowledge(body, respond, ButtonValue.decode(action.get("value")), faq=True)

    def add_to_knowledge(self, body: dict, respond: Callable, value: ButtonValue | None, *, faq: bool) -> None:
        """Write the change into the YAML, reload the engine, and say so in the escalation's thread."""
        user = body["user"]["id"]
        if not self.directory.is_hr(user):
            log.info("add to knowledge refused user=%s", self.directory.alias(user))
            ephemeral(respond, text_message(say("slack.add.hr_only", self.settings.hr_language)))
            return
        escalation_id = value.escalation_id if value else None
        escalation = self.store.get(escalation_id) if escalation_id is not None else None
        if escalation is None or escalation.state != ANSWERED or not escalation.hr_channel:
            log.warning("add to knowledge: escalation %s is not an answered one", escalation_id)
            return
        if not escalation.question.strip() or (faq and not (escalation.reply or "").strip()):
            ephemeral(respond, text_message(say("slack.add.no_text", self.settings.hr_language)))
            return
        knowledge = self.engine.knowledge
        section_id = render_hr.selected_section(body)
        if section_id not in knowledge.sections:
            section_id = next((c.get("section") for c in escalation.candidates if c.get("section") in knowledge.sections),
                              next(iter(knowledge.sections)))
        title = knowledge.sections[section_id].title.get(self.settings.hr_language)
        with self._edit_lock:
            reply = self.edit_knowledge(escalation, section_id, title, user, faq=faq)
        self.client.chat_postMessage(channel=escalation.hr_channel, thread_ts=escalation.hr_ts, **reply)

    def edit_knowledge(self, escalation: Escalation, section_id: str, title: str, user: str, *,
                       faq: bool) -> Message:
        """Add the example or FAQ (a FAQ once per escalation, ever), reload; HR's reply either way."""
        lang, root = self.settings.hr_language, self.watcher.knowledge_root
        once = f"add-faq:{escalation.id}"
        if faq and not self.store.claim_once(once, "knowledge"):
            return text_message(say("slack.add.faq_exists", lang))
        try:
            if faq:
                faq_id = add_faq(root, section_id, escalation.question, escalation.reply or "", escalation.language)
                text = say("slack.add.faq_done", lang, user=user, faq=faq_id, section=escape(title))
            elif add_phrasing(root, section_id, escalation.question, escalation.language):
                text = say("slack.add.example_done", lang, user=user, section=escape(title),
                           file=escape(self.engine.knowledge.sections[section_id].file))
            else:
                return text_message(say("slack.add.example_known", lang, section=escape(title)))
        except Exception as exc:  # HR always gets a reply; the edit was rolled back
            if faq:
                self.store.release_once(once)
            return self._edit_failed(escalation, root, exc)
        log.info("escalation %s added to knowledge by %s (%s, section=%s)", escalation.id, user,
                 "faq" if faq else "example", section_id)
        result = self.watcher.reload_reply(lang)
        return message(f"{text}\n{result['text']}", [section(text), *result["blocks"]])

    def _edit_failed(self, escalation: Escalation, root, exc: Exception) -> Message:
        if isinstance(exc, KnowledgeError):
            log.error("add to knowledge (escalation %s): the change would break the knowledge", escalation.id)
            return render_hr.problems_message("slack.add.failed", exc.problems, self.settings.hr_language)
        log.error("add to knowledge (escalation %s) failed", escalation.id, exc_info=exc)
        problem = Problem(str(root), None, f"the change could not be made ({exc.__class__.__name__}: {exc})")
        return render_hr.problems_message("slack.add.error", [problem], self.settings.hr_language)
