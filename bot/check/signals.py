"""HR's risk cues (`signals:` per section in the knowledge) found in a draft.

A cue is a word or phrase, matched as whole words whatever the case, or a pattern written
`/like this/` (a regular expression, checked when the knowledge is loaded). A cue on its own is a
caution: HR wrote it, but a word can be innocent in another sentence; the verdict upgrades it when
the sentence also reads like one of the section's don'ts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..knowledge import Knowledge
from .detectors import Hit


def is_pattern(cue: str) -> bool:
    return len(cue) > 2 and cue.startswith("/") and cue.endswith("/")


@lru_cache(maxsize=4096)
def compile_cue(cue: str) -> re.Pattern[str] | None:
    """The cue as a case-insensitive regular expression (None for a pattern that does not compile)."""
    if is_pattern(cue):
        try:
            return re.compile(cue[1:-1], re.IGNORECASE)
        except re.error:
            return None
    words = [re.escape(w) for w in cue.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE) if words else None


def find_signals(text: str, knowledge: Knowledge) -> list[Hit]:
    """Every HR cue of every section found in `text` (both languages' cues: drafts mix them)."""
    hits: list[Hit] = []
    for section in knowledge.sections.values():
        for _, cue in section.signals.items():
            pattern = compile_cue(cue)
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    hits.append(Hit("signal", section.id, "caution", m.start(), m.end()))
    return hits
