"""Conversation memory: the last turns of each conversation, kept in this process for a limited time.

Keyed by whatever names a conversation to the adapter (a DM channel, a thread and its user, a CLI
`thread` id); holds `Turn`s only (section ids, language, time), never question text, and forgets a
conversation once its last turn is older than the time-to-live. In memory on purpose: a follow-up
that reaches another process (several HTTP workers) is answered as a new question, which is what
happens after the time-to-live anyway, and nothing about a conversation outlives the process.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from .answer import Turn

KEEP_TURNS = 3  # the reading uses the latest; a few more cost nothing and help a future reading
MAX_CONVERSATIONS = 10_000  # the oldest are dropped beyond this, so memory stays bounded


class ConversationMemory:
    """Recent turns per conversation key, expired after `ttl_seconds` (0 keeps nothing). Thread-safe."""

    def __init__(self, ttl_seconds: float, *, clock: Callable[[], float] = time.time,
                 max_conversations: int = MAX_CONVERSATIONS):
        self.ttl_seconds = ttl_seconds
        self.clock = clock
        self.max_conversations = max_conversations
        self._turns: OrderedDict[str, tuple[Turn, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def recall(self, key: str) -> tuple[Turn, ...]:
        """The conversation's turns that are still fresh, oldest first (empty when it has gone cold)."""
        now = self.clock()
        with self._lock:
            self._expire(now)
            return tuple(t for t in self._turns.get(key, ()) if now - t.at < self.ttl_seconds)

    def remember(self, key: str, turn: Turn | None) -> None:
        """Add `turn` to the conversation (None, a turn without a section, leaves the context as it was)."""
        if turn is None or self.ttl_seconds <= 0:
            return
        with self._lock:
            turns = (*self._turns.pop(key, ()), turn)[-KEEP_TURNS:]
            self._turns[key] = turns
            while len(self._turns) > self.max_conversations:
                self._turns.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            self._expire(self.clock())
            return len(self._turns)

    def _expire(self, now: float) -> None:
        """Drop conversations whose last turn is past the time-to-live (the least recent come first)."""
        while self._turns:
            key, turns = next(iter(self._turns.items()))
            if now - turns[-1].at < self.ttl_seconds:
                break
            del self._turns[key]
