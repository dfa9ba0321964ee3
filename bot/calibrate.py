"""Choosing the decision's thresholds from the knowledge itself, not from the test questions.

Thresholds tuned on a few dozen dev questions do not carry over to new
wording (QUALITY.md). Here every example phrasing in the knowledge takes a
turn as an unseen question: k folds, each scored against an index with that
fold's phrasings masked out (dense and lexical). Not-covered phrasings play the
out-of-scope questions. The grid search then picks the thresholds with the
most correct answers while keeping wrong answers and answered out-of-scope
questions under the caps.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .engine import Engine, Thresholds, _State, decide
from .retrieve import LexicalIndex, Scores, blend, dense_scores

QUESTION_FIELDS = ("questions", "question")


@dataclass(frozen=True)
class HeldOut:
    expect: str | None  # section id, or None for a not-covered phrasing
    dense: np.ndarray
    dense_doc: np.ndarray
    lexical: np.ndarray
    coverage: np.ndarray


def held_out_signals(engine: Engine, folds: int = 5) -> tuple[tuple[str, ...], dict[str, str], list[HeldOut]]:
    """Raw signals of every knowledge phrasing, scored with its own fold masked out."""
    state: _State = engine._state
    docs = state.index.manifest.docs
    phrasings = [i for i, d in enumerate(docs) if d.field in QUESTION_FIELDS]
    vectors = state.index.vectors.reconstruct_n(0, state.index.vectors.ntotal)  # already embedded
    out: list[HeldOut] = []
    targets = state.lexical.targets
    for fold in range(folds):
        held = [i for n, i in enumerate(phrasings) if n % folds == fold]
        mask = np.zeros(len(docs), dtype=bool)
        mask[held] = True
        lexical = LexicalIndex(docs, targets, exclude=set(held))
        for i in held:
            vec = vectors[i]
            dense, dense_doc = dense_scores(state.index.vectors, vec, state.doc_target, len(targets), mask)
            bm25, coverage = lexical.score(lexical.terms_of(docs[i].text))
            expect = None if state.kinds[docs[i].target] == "not_covered" else docs[i].target
            out.append(HeldOut(expect, dense, dense_doc, bm25, coverage))
    return targets, state.kinds, out


def outcomes(targets, kinds, items: list[HeldOut], t: Thresholds) -> dict[str, float]:
    """Rates of correct / clarified / wrong / missed / out-of-scope answered under `t`."""
    c = dict(correct=0, clarified=0, wrong=0, missed=0, answered=0, rejected=0)
    for h in items:
        combined = blend(h.dense, h.lexical, t.lexical_weight)
        order = np.lexsort((-h.dense, -combined))
        s = Scores(targets, h.dense, h.dense_doc, h.lexical, h.coverage, combined, order)
        outcome, picks, _ = decide(s, kinds, t)
        offered = [targets[i] for i in picks]
        if h.expect is None:
            c["answered" if outcome == "answer" else "rejected"] += 1
        elif outcome == "answer":
            c["correct" if offered[0] == h.expect else "wrong"] += 1
        elif outcome == "clarify":
            c["clarified" if h.expect in offered else "wrong"] += 1
        else:
            c["missed"] += 1
    n_in = max(1, c["correct"] + c["clarified"] + c["wrong"] + c["missed"])
    n_out = max(1, c["answered"] + c["rejected"])
    return {k: v / (n_out if k in ("answered", "rejected") else n_in) for k, v in c.items()}


GRID = {
    "lexical_weight": (0.4, 0.5, 0.6, 0.7, 0.8),
    "min_dense": (0.4, 0.45, 0.5, 0.55),
    "min_coverage": (0.4, 0.5, 0.6, 0.7),
    "floor_dense": (0.2, 0.25, 0.3, 0.35),
    "answer_margin": (0.08, 0.12, 0.16, 0.2, 0.25, 0.3),
    "agree_margin": (0.02, 0.05, 0.08, 0.12, 0.16, 0.2),
    "clarify_window": (0.15, 0.25),
    "not_covered_margin": (0.0, 0.05),
}


def search(targets, kinds, items, max_wrong: float = 0.02, max_oos: float = 0.05,
           grid: dict = GRID, passes: int = 3) -> tuple[Thresholds, dict[str, float]]:
    """Coordinate ascent over `grid`: the most correct answers with wrong and out-of-scope rates under the caps.

    One parameter moves at a time while the others stay put; a few passes
    settle. Points over a cap count as worse than any point under them.
    """

    def value(t: Thresholds):
        r = outcomes(targets, kinds, items, t)
        over = max(0.0, r["wrong"] - max_wrong) + max(0.0, r["answered"] - max_oos)
        return (-over, r["correct"] + 0.5 * r["clarified"], -r["wrong"]), r

    best = Thresholds()
    best_key, best_rates = value(best)
    for _ in range(passes):
        moved = False
        for name, options in grid.items():
            for option in options:
                candidate = replace(best, **{name: option})
                key, rates = value(candidate)
                if key > best_key:
                    best, best_key, best_rates, moved = candidate, key, rates, True
        if not moved:
            break
    return best, best_rates
