"""Scoring: how well each knowledge target (section or not-covered matter) fits a question.

Two signals, each a small function over plain arrays:
- dense: cosine similarity of the question to the target's best-matching text (FAISS);
- lexical: BM25 over each target's texts, on folded, stemmed, compound-split
  terms, with misspelt words first mapped onto the knowledge's vocabulary by
  rapidfuzz (typo repair is where fuzzy matching helps most; see QUALITY.md).
`blend` scales both per question and mixes them; the engine decides on the result.
"""

from __future__ import annotations

from dataclasses import dataclass

import faiss
import numpy as np
from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process

from .knowledge import Doc
from .text import split_compound, stems, words


@dataclass(frozen=True)
class Scores:
    """Per-target scores for one question; arrays are aligned with `targets`."""

    targets: tuple[str, ...]
    dense: np.ndarray  # best cosine per target
    dense_doc: np.ndarray  # index (into docs) of the text giving that cosine
    lexical: np.ndarray  # BM25 per target
    coverage: np.ndarray  # share of the question's words found in the target's vocabulary
    combined: np.ndarray  # blended, 0..1
    order: np.ndarray  # target indices, best first


class LexicalIndex:
    """BM25 over one bag of terms per target, plus the vocabulary used for typo repair."""

    def __init__(self, docs: list[Doc], targets: tuple[str, ...], exclude: set[int] | None = None):
        exclude = exclude or set()
        self.targets = targets
        position = {t: i for i, t in enumerate(targets)}
        self.vocabulary: frozenset[str] = frozenset(
            w for i, d in enumerate(docs) if i not in exclude for w in words(d.text)
        )
        self._by_initial: dict[str, list[str]] = {}
        for w in sorted(self.vocabulary):
            if len(w) >= 4:
                self._by_initial.setdefault(w[0], []).append(w)
        bags: list[list[str]] = [[] for _ in targets]
        self.target_words: list[set[str]] = [set() for _ in targets]
        for i, d in enumerate(docs):
            if i in exclude:
                continue
            terms = self.terms_of(d.text, repair=False)
            bags[position[d.target]].extend(terms)
            self.target_words[position[d.target]].update(terms)
        self.bm25 = BM25Okapi([bag or ["\0"] for bag in bags])

    def _known(self, word: str, repair: bool) -> tuple[str, ...]:
        """Words of the vocabulary that `word` stands for (itself, its compound parts, its repair)."""
        if word in self.vocabulary:
            parts = split_compound(word, self.vocabulary) if len(word) >= 9 else ()
            return (word, *parts)
        parts = split_compound(word, self.vocabulary)
        if parts:
            return (word, *parts)
        if repair and len(word) >= 5:
            # Typos keep the first letter far more often than not; requiring it stops
            # everyday words the knowledge lacks ("morgen") turning into ones it has ("zorgen").
            candidates = self._by_initial.get(word[0], ())
            match = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=82)
            if match:
                return (match[0],)
        return (word,)

    def terms_of(self, text: str, repair: bool = True) -> list[str]:
        """The stemmed terms of a text; for questions (`repair`), misspellings are repaired first."""
        out: list[str] = []
        for word in words(text):
            for known in self._known(word, repair):
                out.extend(stems(known))
        return out

    def score(self, terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """BM25 per target, and the share of distinct terms each target contains."""
        if not terms:
            zeros = np.zeros(len(self.targets))
            return zeros, zeros
        bm25 = np.asarray(self.bm25.get_scores(terms), dtype=np.float64)
        distinct = set(terms)
        coverage = np.array([len(distinct & tw) / len(distinct) for tw in self.target_words])
        return bm25, coverage


def dense_scores(index: faiss.Index, query: np.ndarray, doc_target: np.ndarray, n_targets: int,
                 exclude: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Best cosine per target and the doc that gives it. `exclude` masks docs (calibration)."""
    sims, ids = index.search(query.reshape(1, -1), index.ntotal)
    sims, ids = sims[0], ids[0]
    if exclude is not None and exclude.any():
        keep = ~exclude[ids]
        sims, ids = sims[keep], ids[keep]
    best = np.full(n_targets, -1.0)
    best_doc = np.full(n_targets, -1, dtype=np.int64)
    # ids are sorted by decreasing similarity: the first hit per target is its best.
    targets = doc_target[ids]
    _, first = np.unique(targets, return_index=True)
    best[targets[first]] = sims[first]
    best_doc[targets[first]] = ids[first]
    return best, best_doc


def blend(dense: np.ndarray, lexical: np.ndarray, lexical_weight: float) -> np.ndarray:
    """Both signals divided by their best value for this question, then mixed."""
    d = np.clip(dense, 0.0, None)
    d = d / d.max() if d.max() > 0 else d
    lx = lexical / lexical.max() if lexical.max() > 0 else lexical
    return lexical_weight * lx + (1.0 - lexical_weight) * d


def score_question(query_vec: np.ndarray, terms: list[str], index: faiss.Index, lexical: LexicalIndex,
                   doc_target: np.ndarray, lexical_weight: float,
                   exclude: np.ndarray | None = None) -> Scores:
    """All signals for one question, targets sorted best first."""
    targets = lexical.targets
    dense, dense_doc = dense_scores(index, query_vec, doc_target, len(targets), exclude)
    bm25, coverage = lexical.score(terms)
    combined = blend(dense, bm25, lexical_weight)
    order = np.lexsort((-dense, -combined))  # ties broken by the dense signal
    return Scores(targets, dense, dense_doc, bm25, coverage, combined, order)
