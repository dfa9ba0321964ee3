"""A supervised ranker: which target does a question belong to, learned from the knowledge's own texts.

BM25 and the cosine each look at one text at a time. A classifier trained on
every text of every target (phrasings, keywords, rule, examples) learns which
words and word pieces set one target apart from its neighbours, and what they
share counts for less. Features: character n-grams (robust to typos and Dutch
compounds), stemmed words, and the sentence embedding; multinomial logistic
regression. Measured on realistic messages it lifts the blend's top-1 by about
ten points (README, "How answers are chosen").

It is trained when the index is built and saved in the index generation, as
plain arrays and a JSON vocabulary (no pickle), so loading is quick and safe.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from .text import fold, stems, words

NAME = "classifier"  # saved as <name>.npz (arrays) and <name>.json (vocabulary)
C = 10.0  # weak regularisation: the knowledge's texts are few and all meant


def stemmed_words(text: str) -> list[str]:
    """The words of a text as Dutch and English stems (the word features)."""
    return [s for w in words(text) for s in stems(w)]


def _vectorizers(char_vocabulary: dict[str, int] | None = None,
                 word_vocabulary: dict[str, int] | None = None) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), preprocessor=fold, sublinear_tf=True,
                           min_df=2, vocabulary=char_vocabulary, dtype=np.float32)
    word = TfidfVectorizer(analyzer=stemmed_words, sublinear_tf=True, vocabulary=word_vocabulary,
                           dtype=np.float32)
    return char, word


@dataclass(frozen=True)
class Classifier:
    """Probabilities over `targets` for a question's text and embedding."""

    targets: tuple[str, ...]
    char: TfidfVectorizer
    word: TfidfVectorizer
    coef: np.ndarray  # (targets, features)
    intercept: np.ndarray  # (targets,)

    def _features(self, texts: list[str], vectors: np.ndarray):
        return hstack([self.char.transform(texts), self.word.transform(texts), csr_matrix(vectors)]).tocsr()

    def probabilities(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        """One row per text, one column per target, each row summing to 1."""
        logits = np.asarray(self._features(texts, vectors) @ self.coef.T) + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, folder: Path, name: str = NAME) -> None:
        np.savez(folder / f"{name}.npz", coef=self.coef, intercept=self.intercept,
                 char_idf=self.char.idf_, word_idf=self.word.idf_)
        data = {"targets": list(self.targets), "char": self.char.vocabulary_, "word": self.word.vocabulary_}
        (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def train_classifier(texts: list[str], labels: list[str], vectors: np.ndarray) -> Classifier:
    """Fit on the knowledge's texts (one label per text). Takes a few seconds for ~2,000 texts."""
    targets = tuple(dict.fromkeys(labels))
    position = {t: i for i, t in enumerate(targets)}
    y = np.array([position[label] for label in labels])
    char, word = _vectorizers()
    features = hstack([char.fit_transform(texts), word.fit_transform(texts), csr_matrix(vectors)]).tocsr()
    if len(targets) == 1:  # nothing to tell apart
        coef, intercept = np.zeros((1, features.shape[1])), np.zeros(1)
    else:
        model = LogisticRegression(C=C, max_iter=300, tol=1e-3)
        model.fit(features, y)
        coef, intercept = model.coef_, model.intercept_
        if len(targets) == 2:  # binary LR keeps one row; make it two so `probabilities` is uniform
            coef, intercept = np.vstack([-coef, coef]) / 2, np.array([-intercept[0], intercept[0]]) / 2
    return Classifier(targets, char, word, coef.astype(np.float32), intercept.astype(np.float32))


def load_classifier(folder: Path, name: str = NAME) -> Classifier:
    """The classifier saved with an index generation (OSError / ValueError / KeyError when unreadable)."""
    data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    with np.load(folder / f"{name}.npz") as arrays:
        coef, intercept = arrays["coef"], arrays["intercept"]
        char, word = _vectorizers(data["char"], data["word"])
        char.idf_, word.idf_ = arrays["char_idf"], arrays["word_idf"]
    return Classifier(tuple(data["targets"]), char, word, coef, intercept)
