"""Conversations: what a message means given the turns before it.

"Mag ik een filmpje van de teamdag op Instagram zetten?" followed by "en op
Facebook?" is one question asked in two messages. This module keeps what a later
message needs from an earlier one, a `Turn` (the sections it was answered or
clarified with, its language and its time; never its text), and reads a new
message against it: a short or elliptical message continues the topic, an
explicit switch ("andere vraag", "something else") starts afresh, and strong
evidence for another section on its own wins over the context.

Pure functions over `Scores`; the engine (`Engine.ask(raw, context=...)`) calls them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from ..search.retrieve import Scores, rank
from ..search.text import fold, words
from .answer import Turn

Reading = Literal["switch", "elliptical", "open"]


@dataclass(frozen=True)
class FollowUp:
    """How context weighs on a follow-up; chosen on the dev conversations (see README, 'Conversations')."""

    boost: float = 0.6  # added to the previous section's blended score (0..1 scale) for an elliptical message...
    open_boost: float = 0.25  # ...and for a message that names a topic of its own
    runner_share: float = 0.5  # the previous turn's other candidates get this share of the boost
    switch_lead: float = 0.3  # a confident answer elsewhere leading the previous section by this is a new topic
    matter_classified: float = 0.5  # a matter outside the guidelines also needs this classifier probability


# Explicit markers of a new question: whatever follows is read without context.
_SWITCH = re.compile(
    r"\b(?:andere vraag|ander vraagje|ander onderwerp|nieuwe vraag|iets anders|nog een vraag|nog iets|los daarvan|"
    r"(?:a |one )?(?:different|separate|other|another|unrelated) (?:question|topic|thing)|something else|"
    r"new (?:question|topic)|on another note|changing the subject|anders gevraagd)\b"
)
# Openings of a message that leans on the one before: "en op Facebook?", "and if I do it again?".
_LEAN_START = re.compile(
    r"^(?:en|and|ook|also|maar|but|of|or|dus|so|dan|then|even|zelfs|nog|what about|how about|what if|"
    r"and what|wat als|en als|en wat|hoe zit het met|geldt dat|does that|is that|same|hetzelfde|idem)\b"
)
# Words that point back at something said before.
_POINTERS = frozenset(
    "dat dit die deze daar daarvan daarover daarvoor daarmee daarna dan het hij zij ze hem haar hun zo "
    "it that this those these they them he she him her there such".split()
)
_SHORT = 6  # a message of at most this many words, with at most one topic word, leans on the turn before


def reading(text: str) -> Reading:
    """'switch' for an explicit new question, 'elliptical' for a message that leans on the previous turn,
    'open' for a message that may stand alone (context still weighs, less)."""
    folded = fold(text)
    if _SWITCH.search(folded):
        return "switch"
    tokens = folded.split()
    content = words(text)
    if _LEAN_START.match(folded) and len(content) <= 4:
        return "elliptical"
    if len(tokens) <= _SHORT and (len(content) <= 1 or any(t in _POINTERS for t in tokens)):
        return "elliptical"
    return "open"


def points_back(text: str) -> bool:
    """Whether a message opens like a continuation ("en …", "what about …") or points at something said
    before ("dat", "it"); a short message without either ("wat is het weer morgen") may be new."""
    folded = fold(text)
    # "het" is the Dutch article as often as "it": it marks a short message as leaning, not as pointing back.
    return bool(_LEAN_START.match(folded)) or any(t in _POINTERS and t != "het" for t in folded.split())


def after_switch(text: str) -> str:
    """The new question after an explicit switch marker ("Andere vraag: hoe meten we…" -> "hoe meten we…").

    The marker's words ("different", "question") name no topic and would only dilute the
    question's evidence; the text is returned whole when nothing with words follows the marker.
    """
    markers = len(_SWITCH.findall(fold(text)))
    if not markers:
        return text
    tokens = text.split()
    # The shortest run of leading words that holds every marker; the question is what follows it.
    cut = next(k for k in range(1, len(tokens) + 1) if len(_SWITCH.findall(fold(" ".join(tokens[:k])))) == markers)
    rest = " ".join(tokens[cut:])
    rest = rest.lstrip(" :;,.-–—!?")
    return rest if words(rest) else text


def previous(context: Sequence[Turn], now: float, ttl_seconds: float) -> Turn | None:
    """The latest turn still within `ttl_seconds` of `now` (None when the conversation has gone cold)."""
    for turn in reversed(context):
        if now - turn.at < ttl_seconds:
            return turn
        break  # turns are in order: an older one has expired as well
    return None


def leaned(scores: Scores, turn: Turn, boost: float, runner_share: float) -> Scores:
    """`scores` with the previous turn's sections lifted: its first by `boost`, the others by a share of it.

    Returns new Scores, re-ranked; the raw signals stay as they were, so the decision's evidence
    gates still read the message's own words.
    """
    position = {t: i for i, t in enumerate(scores.targets)}
    combined = scores.combined.copy()
    for n, section in enumerate(turn.sections[:3]):
        if section in position:
            combined[position[section]] += boost if n == 0 else boost * runner_share
    return replace(scores, combined=combined, order=rank(combined, scores.dense))


def switches(scores: Scores, outcome: str, picks: list[int], not_covered: int | None, turn: Turn,
             f: FollowUp, leans: bool = True) -> bool:
    """Whether the message alone clearly points away from the previous turn's section.

    Either a confident answer for another section, or a matter outside the guidelines ("en mijn
    loonstrook?", redirected) that the classifier is sure of (a bare platform name, "en op
    LinkedIn?", matches the matter of help with one's own account, and is what a follow-up varies),
    leading the previous section by `f.switch_lead` in the message's own blended scores. The
    classifier's certainty is asked only of a message that `leans` on the turn before (`points_back`).
    """
    if not_covered is not None:
        if leans and scores.classified[not_covered] < f.matter_classified:
            return False
        top = not_covered
    elif outcome == "answer" and picks:
        top = picks[0]
    else:
        return False
    if scores.targets[top] in turn.sections[:1]:
        return False
    position = {t: i for i, t in enumerate(scores.targets)}
    before = position.get(turn.sections[0]) if turn.sections else None
    if before is None:
        return True
    return bool(scores.combined[top] - scores.combined[before] >= f.switch_lead)


def continued(scores: Scores, kinds: dict[str, str]) -> np.ndarray:
    """Candidate indices of the leaned scores, in-scope only, best first (for a follow-up's clarify)."""
    return np.array([i for i in scores.order if kinds[scores.targets[i]] != "not_covered"], dtype=np.int64)
