"""The classifier over the knowledge's texts: trained, saved as plain arrays, loaded back identical."""

from __future__ import annotations

import numpy as np
import pytest

from bot.search.classifier import NAME, load_classifier, train_classifier

TEXTS = {
    "review-responses": ["reageren op een slechte review op glassdoor", "how do I answer a bad glassdoor review",
                         "wie reageert op reviews namens ons", "should a manager reply to a one-star review"],
    "candidate-screening": ["mag ik het instagram profiel van een kandidaat bekijken",
                            "can I check an applicant's socials",
                            "social media screening van sollicitanten", "is screening candidates online allowed"],
    "leave": ["hoeveel vakantiedagen heb ik nog", "how do I request annual leave", "verlof aanvragen",
              "days off left"],
}


def _data(seed: int = 0):
    rng = np.random.default_rng(seed)
    texts = [t for ts in TEXTS.values() for t in ts]
    labels = [label for label, ts in TEXTS.items() for _ in ts]
    vectors = rng.normal(size=(len(texts), 8)).astype(np.float32)
    return texts, labels, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_probabilities_favour_the_right_target_and_sum_to_one():
    texts, labels, vectors = _data()
    clf = train_classifier(texts, labels, vectors)
    questions = ["kan ik reageren op die glassdoor review?", "vakantiedagen over?"]
    p = clf.probabilities(questions, np.zeros((2, 8), np.float32))
    assert p.shape == (2, 3)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert [clf.targets[i] for i in p.argmax(axis=1)] == ["review-responses", "leave"]


def test_saved_and_loaded_it_gives_the_same_probabilities(tmp_path):
    texts, labels, vectors = _data()
    clf = train_classifier(texts, labels, vectors)
    clf.save(tmp_path)
    assert (tmp_path / f"{NAME}.npz").exists() and (tmp_path / f"{NAME}.json").exists()
    again = load_classifier(tmp_path)
    questions = ["screening van kandidaten op linkedin", "who replies to reviews"]
    probe = np.ones((2, 8), np.float32) / np.sqrt(8)
    assert again.targets == clf.targets
    assert np.allclose(again.probabilities(questions, probe), clf.probabilities(questions, probe), atol=1e-6)


@pytest.mark.parametrize("n_targets", [1, 2])
def test_one_or_two_targets_still_give_one_column_each(n_targets):
    texts, labels, vectors = _data()
    keep = [i for i, label in enumerate(labels) if label in list(TEXTS)[:n_targets]]
    clf = train_classifier([texts[i] for i in keep], [labels[i] for i in keep], vectors[keep])
    p = clf.probabilities(["glassdoor review"], np.zeros((1, 8), np.float32))
    assert p.shape == (1, n_targets) and np.isclose(p.sum(), 1.0)


def test_a_damaged_classifier_file_is_an_unreadable_index(tmp_path, knowledge_copy, model):
    from bot.errors import IndexUnavailable
    from bot.knowledge import load_knowledge
    from bot.search.vectors import build_index, load_index

    built = build_index(load_knowledge(knowledge_copy), model, "m", tmp_path / "index")
    (built.path / f"{NAME}.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexUnavailable):
        load_index(tmp_path / "index")
