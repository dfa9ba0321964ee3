"""Scoring: how well each knowledge target (section or not-covered matter) fits a question.

Two signals, each a small function over plain arrays:
- dense: cosine similarity of the question to the target's best-matching text (FAISS);
- lexical: BM25 over each target's texts, on folded, stemmed, compound-split
  terms, with misspelt words first mapped onto the knowledge's vocabulary by
  rapidfuzz (typo repair is where fuzzy matching helps most; see QUALITY.md).
- classified: a classifier's probability, learned from all the knowledge's texts
  (bot.search.classifier).
`blend` scales each per question and mixes them; the engine decides on the result.
"""

from __future__ import annotations

from dataclasses import dataclass

import faiss
import numpy as np
from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process

from ..knowledge import Doc
from .text import PARTICLES, SLANG, english_verb_forms, fold, split_compound, stems, words


@dataclass(frozen=True)
class Weights:
    """How the signals are mixed: `lexical` is BM25's share against the cosine, `classifier` the
    classifier's share of the whole."""

    lexical: float  # the values come from `Thresholds` (calibrated), never from here
    classifier: float


@dataclass(frozen=True)
class Scores:
    """Per-target scores for one question; arrays are aligned with `targets`."""

    targets: tuple[str, ...]
    dense: np.ndarray  # best cosine per target
    dense_doc: np.ndarray  # index (into docs) of the text giving that cosine
    lexical: np.ndarray  # BM25 per target
    coverage: np.ndarray  # share of the question's words found in the target's vocabulary
    classified: np.ndarray  # the classifier's probability per target
    combined: np.ndarray  # blended, 0..1
    order: np.ndarray  # target indices, best first


class LexicalScorer:
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
        self.known_terms: frozenset[str] = frozenset().union(*self.target_words)

    def _known(self, word: str, repair: bool) -> tuple[str, ...]:
        """Words of the vocabulary that `word` stands for (itself, its compound parts, its repair)."""
        if word in self.vocabulary:
            parts = split_compound(word, self.vocabulary) if len(word) >= 9 else ()
            return (word, *parts)
        parts = split_compound(word, self.vocabulary)
        if parts:
            return (word, *parts)
        if word in SLANG:
            return (word, *SLANG[word])
        english = [w for w in english_verb_forms(word) if w in self.vocabulary]
        if english:
            return (word, english[0])
        if repair and len(word) >= 5:
            # Typos keep the first letter far more often than not; requiring it stops
            # everyday words the knowledge lacks ("morgen") turning into ones it has ("zorgen").
            candidates = self._by_initial.get(word[0], ())
            match = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=82)
            if match:
                return (match[0],)
        return (word,)

    def terms_of(self, text: str, repair: bool = True) -> list[str]:
        """The stemmed terms of a text; for questions (`repair`), misspellings are repaired first,
        slang is mapped and separated Dutch verbs are joined."""
        out: list[str] = []
        for word in words(text):
            for known in self._known(word, repair):
                out.extend(stems(known))
        if repair:
            out.extend(self._separable_verbs(text))
        return out

    def _separable_verbs(self, text: str) -> list[str]:
        """Terms of Dutch verbs split over a sentence: 'hoe houdt HR dat bij' -> the stem of 'bijhouden'."""
        tokens = fold(text).split()
        found: list[str] = []
        for n, particle in enumerate(tokens):
            if particle not in PARTICLES:
                continue
            for verb in tokens[max(0, n - 6):n]:
                if len(verb) < 3 or verb in PARTICLES:
                    continue
                bases = (verb, verb[:-1]) if verb.endswith("t") else (verb,)  # houdt -> houd
                for joined in {particle + b + tail for b in bases for tail in ("", "en")}:
                    found.extend(s for s in stems(joined) if s in self.known_terms and len(s) > len(particle) + 2)
        return list(dict.fromkeys(found))

    def word_coverage(self, text: str) -> np.ndarray:
        """Per target, the share of the text's words it knows (in any of their forms).

        Counted per word, not per stem: a word's Dutch and English stems would
        otherwise count twice, and one everyday word ("toegestaan", "office")
        would look like half a question.
        """
        groups = [{s for known in self._known(w, True) for s in stems(known)} for w in words(text)]
        if not groups:
            return np.zeros(len(self.targets))
        return np.array([sum(bool(g & tw) for g in groups) / len(groups) for tw in self.target_words])

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


def _scaled(values: np.ndarray) -> np.ndarray:
    """Divided by the best value for this question (0..1); all zeros stay zeros."""
    values = np.clip(values, 0.0, None)
    return values / values.max() if values.max() > 0 else values


def blend(dense: np.ndarray, lexical: np.ndarray, classified: np.ndarray, weights: Weights) -> np.ndarray:
    """The three signals, each scaled by its best value for this question, mixed by `weights`."""
    words_and_meaning = weights.lexical * _scaled(lexical) + (1.0 - weights.lexical) * _scaled(dense)
    return (1.0 - weights.classifier) * words_and_meaning + weights.classifier * _scaled(classified)


def rank(combined: np.ndarray, dense: np.ndarray) -> np.ndarray:
    """Target indices, best first; equal blended scores are ordered by the dense signal."""
    return np.lexsort((-dense, -combined))


@dataclass(frozen=True)
class Evidence:
    """The raw signals of one text against every target (aligned with the targets)."""

    dense: np.ndarray
    dense_doc: np.ndarray
    lexical: np.ndarray
    coverage: np.ndarray
    classified: np.ndarray


def gather(query_vec: np.ndarray, terms: list[str], coverage: np.ndarray, classified: np.ndarray,
           index: faiss.Index, lexical: LexicalScorer, doc_target: np.ndarray,
           exclude: np.ndarray | None = None) -> Evidence:
    """All signals of one query; `coverage` is `LexicalScorer.word_coverage`, `classified` the classifier's
    probability per target."""
    dense, dense_doc = dense_scores(index, query_vec, doc_target, len(lexical.targets), exclude)
    bm25, _ = lexical.score(terms)
    return Evidence(dense, dense_doc, bm25, coverage, classified)


def merge(whole: Evidence, focus: Evidence | None, focus_weight: float) -> Evidence:
    """A message's evidence: the focused query (`focus`) weighs `focus_weight`, the whole message the rest.

    Each signal is mixed per target, so calibration can replay any weight; a
    target's word coverage is the better of the two (a story dilutes it).
    """
    if focus is None:
        return whole
    w = focus_weight
    pick = focus.dense >= whole.dense
    return Evidence(
        dense=w * focus.dense + (1 - w) * whole.dense,
        dense_doc=np.where(pick, focus.dense_doc, whole.dense_doc),
        lexical=w * focus.lexical + (1 - w) * whole.lexical,
        coverage=np.maximum(focus.coverage, whole.coverage),
        classified=w * focus.classified + (1 - w) * whole.classified,
    )


def scores_of(targets: tuple[str, ...], e: Evidence, weights: Weights) -> Scores:
    """The evidence blended and ranked: what the decision reads."""
    combined = blend(e.dense, e.lexical, e.classified, weights)
    return Scores(targets, e.dense, e.dense_doc, e.lexical, e.coverage, e.classified, combined,
                  rank(combined, e.dense))
