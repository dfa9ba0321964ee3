"""Sentence-level similarity of a draft to each section's don'ts and HR's risk cues.

A risk in new words ("selfie with my three screens full of price calculations") is still close in
meaning to a don't HR wrote ("a selfie at your desk with a customer list readable on screen"). The
don'ts' vectors are already in the index; the cues are encoded once per index generation and kept
with the engine's state, so a check costs one model call for the draft's sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .sentences import Span
from .signals import is_pattern


@dataclass(frozen=True)
class References:
    """Unit vectors of the texts a draft sentence is compared with, and the section of each."""

    vectors: np.ndarray  # (n, dim)
    sections: tuple[str, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Near:
    """A draft sentence that reads like a section's don't or cue; `lead` over the next section."""

    section: str
    score: float
    lead: float
    span: Span
    matched: str


def references(state, model) -> References:
    """The don'ts (from the index) and the cues (encoded now) of `state`, cached on the state."""
    cached = state.cache.get("check.references")
    if cached is not None:
        return cached
    docs = state.index.manifest.docs
    rows = [i for i, d in enumerate(docs) if d.kind == "section" and d.field == "dont"]
    stored = state.index.vectors.reconstruct_n(0, state.index.vectors.ntotal)
    vectors = [stored[rows]] if rows else []
    sections = [docs[i].target for i in rows]
    texts = [docs[i].text for i in rows]
    cues = [(s.id, cue) for s in state.knowledge.sections.values() for _, cue in s.signals.items()
            if not is_pattern(cue) and len(cue.split()) >= 2]
    if cues:
        from ..search.vectors import embed

        vectors.append(embed(model, [c for _, c in cues]))
        sections += [s for s, _ in cues]
        texts += [c for _, c in cues]
    matrix = np.vstack(vectors).astype(np.float32) if vectors else np.zeros((0, 1), np.float32)
    found = References(matrix, tuple(sections), tuple(texts))
    state.cache["check.references"] = found
    return found


def nearest(sentence_vectors: np.ndarray, spans: list[Span], refs: References) -> list[Near]:
    """Per sentence, the section whose don't or cue it reads most like, with its lead over the next
    section; sorted by decreasing score."""
    if not len(refs.sections) or not len(spans):
        return []
    sims = sentence_vectors @ refs.vectors.T  # (sentences, refs)
    ids = sorted(set(refs.sections))
    column = np.array([ids.index(s) for s in refs.sections])
    out: list[Near] = []
    for n, span in enumerate(spans):
        per = np.full(len(ids), -1.0)
        best_ref = np.full(len(ids), -1)
        for j, score in enumerate(sims[n]):
            c = column[j]
            if score > per[c]:
                per[c], best_ref[c] = score, j
        order = np.argsort(-per)
        top = int(order[0])
        second = float(per[order[1]]) if len(order) > 1 else 0.0
        out.append(Near(ids[top], float(per[top]), float(per[top]) - second, span, refs.texts[int(best_ref[top])]))
    return sorted(out, key=lambda x: -x.score)
