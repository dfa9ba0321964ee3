"""Choosing the decision's thresholds by measurement, never on the sets that are reported.

Thresholds tuned on a few dozen dev questions do not carry over to new wording
(QUALITY.md). Two kinds of evidence are replayed here:
- every example phrasing in the knowledge takes a turn as an unseen question:
  k folds, each scored against the index and a classifier with that fold's
  phrasings left out; not-covered phrasings play the out-of-scope questions;
- a labelled tuning set of realistic messages (`bench/realistic_tune.yaml`),
  scored through the same message understanding as real questions.
The raw signals are computed once; `outcomes` replays the decision under any
thresholds and `search` picks the point with the most correct answers while wrong
answers and answered out-of-scope messages stay under their caps.
`smpolicy calibrate` runs all of it and prints the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace

import numpy as np

from ..search.classifier import train_classifier
from ..search.retrieve import Evidence, LexicalScorer, Scores, dense_scores, merge, scores_of
from ..search.understand import small_talk
from .engine import Engine, Thresholds, _State, decide
from .evaluate import Labelled, verdict
from .question import InvalidQuestion, clean_question

QUESTION_FIELDS = ("questions", "question")


@dataclass(frozen=True)
class Signals:
    """The raw signals of one labelled question, replayable under any thresholds.

    `fixed` is the verdict of a message that never reaches scoring (small talk, invalid).
    """

    expect: tuple[str, ...] | None  # acceptable section ids, None for out of scope
    whole: Evidence | None
    focus: Evidence | None = None  # the asking sentence of a longer message
    fixed: str | None = None
    doc: int = -1  # the knowledge text it comes from (held-out phrasings)


def held_out_signals(engine: Engine, folds: int = 5, fields: tuple[str, ...] = QUESTION_FIELDS) -> list[Signals]:
    """Every knowledge text of `fields` (phrasings by default), scored with its own fold left out
    of all three signals."""
    state: _State = engine._state
    docs = state.index.manifest.docs
    phrasings = [i for i, d in enumerate(docs) if d.field in fields]
    vectors = state.index.vectors.reconstruct_n(0, state.index.vectors.ntotal)  # already embedded
    targets = state.lexical.targets
    out: list[Signals] = []
    for fold in range(folds):
        held = [i for n, i in enumerate(phrasings) if n % folds == fold]
        mask = np.zeros(len(docs), dtype=bool)
        mask[held] = True
        keep = np.flatnonzero(~mask)
        lexical = LexicalScorer(docs, targets, exclude=set(held))
        classifier = train_classifier([docs[i].text for i in keep], [docs[i].target for i in keep], vectors[keep])
        column = {t: n for n, t in enumerate(classifier.targets)}
        probabilities = classifier.probabilities([docs[i].text for i in held], vectors[held])
        for row, i in enumerate(held):
            dense, dense_doc = dense_scores(state.index.vectors, vectors[i], state.doc_target, len(targets), mask)
            bm25, _ = lexical.score(lexical.terms_of(docs[i].text))
            coverage = lexical.word_coverage(docs[i].text)
            classified = np.array([probabilities[row, column[t]] if t in column else 0.0 for t in targets])
            expect = None if state.kinds[docs[i].target] == "not_covered" else (docs[i].target,)
            out.append(Signals(expect, Evidence(dense, dense_doc, bm25, coverage, classified), doc=i))
    return out


def message_signals(engine: Engine, items: Iterable[Labelled]) -> list[Signals]:
    """Labelled messages scored exactly as `Engine.ask` scores them."""
    out: list[Signals] = []
    for item in items:
        try:
            text = clean_question(item.question, engine.settings.max_chars).text
        except InvalidQuestion:
            text = ""
        if not text or small_talk(text) is not None:
            out.append(Signals(item.expect, None, fixed=verdict("help", [], item.expect)))
            continue
        out.append(Signals(item.expect, *engine.message_evidence(text)))
    return out


def replay(targets: tuple[str, ...], h: Signals, t: Thresholds) -> Scores:
    """The scores `h` gets under the weights of `t`."""
    assert h.whole is not None
    return scores_of(targets, merge(h.whole, h.focus, t.focus_weight), t.weights)


def outcomes(targets: tuple[str, ...], kinds: dict[str, str], items: list[Signals], t: Thresholds) -> dict[str, float]:
    """Rates of correct / clarified / wrong / missed (of in scope) and answered / rejected (of out of scope)."""
    c = dict(correct=0, clarified=0, wrong=0, missed=0, answered=0, rejected=0)
    for h in items:
        if h.fixed:
            c[h.fixed] += 1
            continue
        outcome, picks, _ = decide(replay(targets, h, t), kinds, t)
        c[verdict(outcome, [targets[i] for i in picks], h.expect)] += 1
    n_in = max(1, c["correct"] + c["clarified"] + c["wrong"] + c["missed"])
    n_out = max(1, c["answered"] + c["rejected"])
    return {k: v / (n_out if k in ("answered", "rejected") else n_in) for k, v in c.items()}


GRID: dict[str, tuple[float, ...]] = {
    "lexical_weight": (0.3, 0.4, 0.5, 0.6, 0.7),
    "classifier_weight": (0.2, 0.3, 0.4, 0.5, 0.6, 0.7),
    "min_dense": (0.35, 0.4, 0.45, 0.5, 0.55),
    "min_coverage": (0.3, 0.4, 0.5, 0.6, 0.7),
    "floor_dense": (0.15, 0.2, 0.25, 0.3, 0.35),
    "min_support": (0.34, 0.4, 0.5),  # under a third, one shared everyday word carries an answer (tests)
    "min_classified": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
    "answer_margin": (0.04, 0.06, 0.08, 0.1, 0.12, 0.16, 0.2),
    "agree_margin": (0.02, 0.04, 0.06, 0.08, 0.1, 0.12),
    "clarify_window": (0.1, 0.15, 0.2, 0.25),
    "not_covered_margin": (-0.1, -0.05, 0.0, 0.05),
    "focus_weight": (0.4, 0.6, 0.8, 1.0),
    "clarify_lead": (0.2, 0.3, 0.4, 0.5, 0.6, 9.0),
}


@dataclass(frozen=True)
class Caps:
    """What a set may cost at most: wrong answers (of in scope) and answered out-of-scope messages."""

    wrong: float
    oos_answered: float


TUNE_CAPS = Caps(wrong=0.015, oos_answered=0.05)
HELD_OUT_CAPS = Caps(wrong=0.08, oos_answered=0.05)


def search(targets: tuple[str, ...], kinds: dict[str, str], sets: list[tuple[list[Signals], Caps]],
           start: Thresholds | None = None, grid: dict[str, tuple[float, ...]] = GRID,
           passes: int = 3) -> tuple[Thresholds, list[dict[str, float]]]:
    """Coordinate ascent over `grid`: most correct answers (clarify counts half) summed over `sets`,
    with every set's wrong and out-of-scope rates under its caps.

    One parameter moves at a time; a few passes settle. Points over a cap rank
    below every point under them. Deterministic: same signals, same result.
    """

    def value(t: Thresholds):
        rates = [outcomes(targets, kinds, items, t) for items, _ in sets]
        over = sum(max(0.0, r["wrong"] - caps.wrong) + max(0.0, r["answered"] - caps.oos_answered)
                   for r, (_, caps) in zip(rates, sets))
        gain = sum(r["correct"] + 0.5 * r["clarified"] for r in rates)
        return (-round(over, 6), round(gain, 6), -sum(r["wrong"] for r in rates)), rates

    best = start or Thresholds()
    best_key, best_rates = value(best)
    names = [f.name for f in fields(Thresholds)]
    for _ in range(passes):
        moved = False
        for name, options in grid.items():
            assert name in names, name
            for option in options:
                candidate = replace(best, **{name: option})
                key, rates = value(candidate)
                if key > best_key:
                    best, best_key, best_rates, moved = candidate, key, rates, True
        if not moved:
            break
    return best, best_rates
