"""What a whole draft reads like, learned from posts HR has judged.

Detectors and cues find the words they were written for; a new writer says the same risk in
other words (README, "Draft check": regular expressions alone caught 36% of a new writer's risky
drafts). The index's risk model (`bot.search.vectors.train_risk`) has learned, from every section's
don'ts and dos and HR's `example_drafts`, which section a post touches or that it is CLEAN. Its
reading does two jobs in `verdict.combine`: a draft it finds risky enough gets a caution under its
likeliest sections, and a draft it finds reads like the clean examples tones down the detectors'
hits, which fire on words, not on what the post says ("revenue up 8%, as the press release says").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..search.vectors import CLEAN
from .sentences import Span

READINGS = 2  # sections the model may name for one draft


@dataclass(frozen=True)
class Reading:
    """One section the model finds the draft touches: how likely, and the sentence reading most like it."""

    section: str
    probability: float
    span: Span


@dataclass(frozen=True)
class Learned:
    """The risk model's reading of a draft: how likely it touches any section, and which, likeliest first."""

    risk: float  # 1 - P(clean)
    readings: tuple[Reading, ...]


def assess(state, text: str, text_vector: np.ndarray, spans: list[Span],
           sentence_vectors: np.ndarray) -> Learned | None:
    """The model's reading of `text`; None when it knows no section (no examples, no don'ts)."""
    model = state.index.risk
    if CLEAN not in model.targets or len(model.targets) < 2 or not spans:
        return None
    clean = model.targets.index(CLEAN)
    # One pass over the draft and its sentences: row 0 is the whole draft.
    rows = model.probabilities([text] + [text[s.start:s.end] for s in spans],
                               np.vstack([text_vector.reshape(1, -1), sentence_vectors]))
    whole = rows[0].copy()
    whole[clean] = -1.0
    best = [int(i) for i in np.argsort(-whole)[:READINGS] if i != clean]
    return Learned(1.0 - float(rows[0][clean]),
                   tuple(Reading(model.targets[i], float(whole[i]), spans[int(rows[1:, i].argmax())]) for i in best))
