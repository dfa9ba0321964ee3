"""Hot reload of the knowledge: notice edits to the folder, validate, swap the new version in.

A broken version is not loaded (the engine keeps answering from the last good
one); its problems (file:line) go to the HR channel once per version, across
processes (a lasting once-only key in the store). `reload_reply` is the same
reload on demand (`/smpolicy reload`, after "Add to knowledge"), as a message.
"""

from __future__ import annotations

import logging
import time

from ..errors import KnowledgeError
from ..knowledge import content_hash
from ..messages import say
from ..render import hr
from ..render.kit import Message, text_message
from ..store import Store
from .slackapi import hint, slack_error

log = logging.getLogger(__name__)


class KnowledgeWatcher:
    """Checks the engine's knowledge folder every SMPOLICY_RELOAD_SECONDS (0 = never).

    Args:
        settings: reload_seconds, hr_channel (where problems are posted), knowledge (fallback folder).
        engine: `knowledge`, `reload()` and (optionally) `settings.knowledge`, the folder it reads.
        store: keeps "problems of version X were posted" for good.
        client: a `slack_sdk.WebClient` (or anything with chat_postMessage).
    """

    def __init__(self, settings, engine, store: Store, client):
        self.settings = settings
        self.engine = engine
        self.store = store
        self.client = client
        self._next_check = time.monotonic()
        self._bad_hash: str | None = None  # a broken knowledge version already reported

    @property
    def knowledge_root(self):
        """The folder the engine reads (and "Add to knowledge" writes)."""
        engine_settings = getattr(self.engine, "settings", None)
        return engine_settings.knowledge if engine_settings is not None else self.settings.knowledge

    def check_due(self) -> bool:
        """True (and the next check scheduled) when SMPOLICY_RELOAD_SECONDS have passed since the last."""
        if self.settings.reload_seconds <= 0:
            return False
        now = time.monotonic()
        if now < self._next_check:
            return False
        self._next_check = now + self.settings.reload_seconds
        return True

    def check(self) -> bool:
        """Reload when the knowledge files changed; True when a new version is now answering."""
        root = self.knowledge_root
        try:
            current = content_hash(root)
        except OSError as exc:
            log.error("could not read the knowledge folder %s: %s", root, exc)
            return False
        if current in (self.engine.knowledge.content_hash, self._bad_hash):
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
        if not self.store.claim_once(key, "knowledge"):
            return True  # this or another process has posted them
        try:
            self.client.chat_postMessage(channel=self.settings.hr_channel, **hr.problems_message(
                "slack.knowledge.broken", problems, self.settings.hr_language))
        except Exception as exc:
            self.store.release_once(key)
            error = slack_error(exc)
            log.error("could not post the knowledge problems to HR channel %s: %s%s", self.settings.hr_channel,
                      error, hint(error))
            return False
        return True

    def reload_reply(self, language: str) -> Message:
        """Validate and reload the knowledge now; the outcome as a message (problems with file:line)."""
        try:
            changed, detail = self.engine.reload()
        except KnowledgeError as exc:
            log.error("reload: knowledge folder has %s problem(s)", len(exc.problems))
            return hr.problems_message("slack.reload.failed", exc.problems, language)
        except Exception as exc:
            log.exception("reload failed")
            return text_message(say("slack.reload.error", language, error=exc.__class__.__name__))
        self._bad_hash = None
        log.info("reload: %s", detail)
        return text_message(say("slack.reload.changed", language, detail=detail) if changed
                            else say("slack.reload.unchanged", language))
