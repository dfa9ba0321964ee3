"""What a whole draft reads like, learned from posts HR has judged.

Detectors and cues find the words they were written for; a new writer says the same risk in
other words (README, "Draft check": regular expressions alone caught 36% of a new writer's risky
drafts). The index's risk model (`bot.search.vectors.train_risk`) has learned, from every section's
don'ts and dos and HR's `example_drafts`, which section a post touches or that it is CLEAN. A draft
it finds risky enough gets a caution under that section, quoting the sentence that reads most like it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..search.vectors import CLEAN
from .sentences import Span


@dataclass(frozen=True)
class Learned:
    """The risk model's reading of a draft: the section it most likely touches and how likely any is."""

    section: str
    risk: float  # 1 - P(clean)
    span: Span  # the sentence reading most like that section


def assess(state, text: str, text_vector: np.ndarray, spans: list[Span],
           sentence_vectors: np.ndarray) -> Learned | None:
    """The model's section and risk for `text`; None when it knows no section (no examples, no don'ts)."""
    model = state.index.risk
    if CLEAN not in model.targets or len(model.targets) < 2 or not spans:
        return None
    clean = model.targets.index(CLEAN)
    # One pass over the draft and its sentences: row 0 is the whole draft.
    rows = model.probabilities([text] + [text[s.start:s.end] for s in spans],
                               np.vstack([text_vector.reshape(1, -1), sentence_vectors]))
    whole = rows[0].copy()
    risk = 1.0 - float(whole[clean])
    whole[clean] = -1.0
    best = int(whole.argmax())
    return Learned(model.targets[best], risk, spans[int(rows[1:, best].argmax())])
