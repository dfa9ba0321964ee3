"""The decision: one question in, an `Answer` out (answer, clarify, escalate or help).

Knows nothing of Slack, click or databases. `Engine.load` brings together the
knowledge, the model and the index; `Engine.ask` is pure with respect to them
and safe to call from many threads. `Engine.reload` swaps in new knowledge as
one reference assignment, so questions in flight finish on the old state.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..config import Settings
from ..errors import IndexUnavailable, KnowledgeError, ModelError
from ..knowledge import Knowledge, load_knowledge
from ..search.retrieve import Evidence, LexicalScorer, Scores, Weights, gather, merge, scores_of
from ..search.text import detect_language
from ..search.understand import small_talk, split_message
from ..search.vectors import LoadedIndex, build_index, embed, freshness, load_index
from . import context as conversation
from .answer import Answer, Candidate, Turn
from .context import FollowUp
from .question import InvalidQuestion, clean_question

log = logging.getLogger(__name__)

QUERY_LEAN = 0.6  # how far a focused query's vector and probabilities lean towards the asking sentence


@dataclass(frozen=True)
class Thresholds:
    """The decision's parameters. Defaults come from calibration (see README, 'How answers are chosen')."""

    lexical_weight: float = 0.6  # share of BM25 against the dense signal...
    classifier_weight: float = 0.2  # ...and the classifier's share of the whole blend
    min_dense: float = 0.35  # best cosine needed on its own to trust the top section...
    min_coverage: float = 0.3  # ...or this share of the question's words found in the top section
    floor_dense: float = 0.3  # below this cosine, never answer, whatever the words say
    min_support: float = 0.34  # share of the question's words the top section must know, whatever the cosine
    min_classified: float = 0.2  # the classifier's probability the top section needs
    answer_margin: float = 0.04  # blended lead over the runner-up needed to answer outright...
    agree_margin: float = 0.1  # ...or this lead when the dense and lexical signals pick the same section
    clarify_window: float = 0.25  # candidates within this of the best are offered in a clarify
    not_covered_margin: float = 0.0  # a not-covered match wins when it leads the best section by this (may be < 0)
    focus_weight: float = 0.4  # weight of the query leaning on the asking sentence against the whole message's
    clarify_lead: float = 0.4  # too weak to answer, yet this far ahead of the runner-up: ask "did you mean...?"

    @property
    def weights(self) -> Weights:
        return Weights(lexical=self.lexical_weight, classifier=self.classifier_weight)


def decide(scores: Scores, kinds: dict[str, str], t: Thresholds) -> tuple[str, list[int], int | None]:
    """The outcome and the candidate target indices (best first) from scored targets.

    Returns (outcome, candidates, not_covered_index). Pure, so calibration can
    replay it over thousands of held-out phrasings.
    """
    order = list(scores.order)
    in_scope = [i for i in order if kinds[scores.targets[i]] != "not_covered"]
    elsewhere = [i for i in order if kinds[scores.targets[i]] == "not_covered"]
    best = in_scope[0] if in_scope else None
    if elsewhere and (best is None or scores.combined[elsewhere[0]] - scores.combined[best] >= t.not_covered_margin):
        return "escalate", in_scope[:3], elsewhere[0]
    if best is None:
        return "escalate", [], None
    dense, coverage = scores.dense[best], scores.coverage[best]
    confident = (dense >= t.floor_dense and coverage >= t.min_support and scores.classified[best] >= t.min_classified
                 and (dense >= t.min_dense or coverage >= t.min_coverage))
    window = [i for i in in_scope[:3] if scores.combined[best] - scores.combined[i] <= t.clarify_window]
    runner_up = scores.combined[in_scope[1]] if len(in_scope) > 1 else 0.0
    lead = scores.combined[best] - runner_up
    if not confident:
        # A clear favourite on thin evidence (a bare keyword, a fragment) is offered, not asserted.
        if dense >= t.floor_dense and lead >= t.clarify_lead and scores.classified[best] >= t.min_classified:
            return "clarify", window, None
        return "escalate", in_scope[:3], None
    agree = max(in_scope, key=lambda i: scores.dense[i]) == max(in_scope, key=lambda i: scores.lexical[i]) == best
    if lead >= t.answer_margin or (agree and lead >= t.agree_margin) or len(window) < 2:
        return "answer", in_scope[:3], None
    return "clarify", window, None


@dataclass(frozen=True)
class _State:
    """Everything a question is scored against; replaced whole on reload."""

    knowledge: Knowledge
    index: LoadedIndex
    lexical: LexicalScorer
    doc_target: np.ndarray
    kinds: dict[str, str]
    classifier_order: np.ndarray  # classifier column of each target
    # What other cores derive from this state once (the draft check's reference vectors); dropped with it.
    cache: dict = field(default_factory=dict, compare=False, repr=False)


def load_model(name: str):
    """A sentence-transformers model from a local path (loaded without the hub) or (when online) a hub name.

    The process-wide offline switch (HF_HUB_OFFLINE) is set by `bot.config.prepare_process`.
    """
    try:
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(name, device="cpu", local_files_only=Path(name).exists())
    except Exception as exc:  # the library raises many kinds; the user needs one sentence
        raise ModelError(
            f"could not load the embedding model '{name}': {exc.__class__.__name__}: {exc}. "
            "Set SMPOLICY_MODEL to a local model folder or a model name this machine can download."
        ) from None


def _state(knowledge: Knowledge, index: LoadedIndex) -> _State:
    docs = index.manifest.docs
    kinds = {d.target: ("not_covered" if d.kind == "not_covered" else "section") for d in docs}
    targets = tuple(dict.fromkeys(d.target for d in docs))
    position = {t: i for i, t in enumerate(targets)}
    doc_target = np.array([position[d.target] for d in docs], dtype=np.int64)
    column = {t: i for i, t in enumerate(index.classifier.targets)}
    classifier_order = np.array([column[t] for t in targets], dtype=np.int64)
    return _State(knowledge, index, LexicalScorer(docs, targets), doc_target, kinds, classifier_order)


def snapshot_knowledge(knowledge: Knowledge, generation: Path) -> None:
    """Keep the validated knowledge next to its vectors: a later broken edit can't take the bot down.

    Only the files that were read and validated are written, with the bytes that were checked.
    """
    knowledge.copy_to(generation / "knowledge")


class Engine:
    """Questions in, answers out, against one knowledge folder and index."""

    def __init__(self, settings: Settings, model, state: _State, thresholds: Thresholds | None = None,
                 follow_up: FollowUp | None = None):
        self.settings = settings
        self.model = model
        self._state = state
        self.thresholds = thresholds or Thresholds()
        self.follow_up = follow_up or FollowUp()
        self._reload_lock = threading.Lock()

    # --- loading -----------------------------------------------------------------------

    @classmethod
    def load(cls, settings: Settings, *, build: bool = True, model=None, log_to=None) -> Engine:
        """Load knowledge, model and index; build the index when missing or stale (if `build`).

        When the knowledge folder is broken but an index exists, the bot starts
        on the last good knowledge kept with that index and logs the problems.
        """
        model = model or load_model(settings.model)
        try:
            knowledge = load_knowledge(settings.knowledge)
        except KnowledgeError as exc:
            fallback = cls._last_good(settings)
            if fallback is None:
                raise
            log.error("knowledge folder has problems; serving the last good version: %s", exc)
            knowledge, index = fallback
            return cls(settings, model, _state(knowledge, index))
        index = cls._fresh_index(settings, knowledge, model, build=build, log_to=log_to)
        return cls(settings, model, _state(knowledge, index))

    @staticmethod
    def _last_good(settings: Settings):
        try:
            index = load_index(settings.index)
            return load_knowledge(index.path / "knowledge"), index
        except (IndexUnavailable, KnowledgeError):
            return None

    @staticmethod
    def _fresh_index(settings: Settings, knowledge: Knowledge, model, *, build: bool, log_to=None) -> LoadedIndex:
        index, reason = freshness(settings.index, knowledge, settings.model)
        if index is not None and reason is None:
            return index
        if not build:
            raise IndexUnavailable(f"the index is out of date: {reason}. Rebuild it with `smpolicy index`.")
        if log_to:
            log_to(f"Building the index ({reason})…")
        return build_index(knowledge, model, settings.model, settings.index, before_publish=snapshot_knowledge)

    def reload(self) -> tuple[bool, str]:
        """Re-read the knowledge folder; swap in a rebuilt index if it changed and is valid.

        Returns (changed, message). A broken folder raises KnowledgeError and
        leaves the running state untouched.
        """
        with self._reload_lock:
            knowledge = load_knowledge(self.settings.knowledge)
            if knowledge.content_hash == self._state.knowledge.content_hash:
                return False, "knowledge unchanged"
            index = build_index(knowledge, self.model, self.settings.model, self.settings.index,
                                before_publish=snapshot_knowledge)
            self._state = _state(knowledge, index)
            return True, f"index rebuilt: {index.manifest.count} texts"

    @property
    def knowledge(self) -> Knowledge:
        return self._state.knowledge

    @property
    def state(self) -> _State:
        """The current knowledge, index and scorers, as one value (read it once per request)."""
        return self._state

    @property
    def index(self) -> LoadedIndex:
        return self._state.index

    @property
    def index_targets(self) -> tuple[str, ...]:
        """Every target (section and not-covered id) in score order."""
        return self._state.lexical.targets

    @property
    def kinds(self) -> dict[str, str]:
        """'section' or 'not_covered' per target."""
        return self._state.kinds

    # --- answering ---------------------------------------------------------------------

    def message_evidence(self, text: str, state: _State | None = None) -> tuple[Evidence, Evidence | None]:
        """Evidence of a cleaned message, and of the query that leans on its asking sentence (None for one
        sentence).

        One model call embeds both texts. The leaning query's vector and classifier probabilities lean
        `QUERY_LEAN` towards the asking sentence, its words count twice, and a target's word coverage is
        the better of the two texts'.
        """
        state = state or self._state
        parts = split_message(text, lambda t: len(state.lexical.terms_of(t, repair=False)))
        texts = [text] if parts.focus == text else [text, parts.focus]
        vectors = embed(self.model, texts)
        probabilities = state.index.classifier.probabilities(texts, vectors)[:, state.classifier_order]
        terms = [state.lexical.terms_of(t) for t in texts]
        coverage = [state.lexical.word_coverage(t) for t in texts]

        def gathered(vector: np.ndarray, words: list[str], covered: np.ndarray, classified: np.ndarray) -> Evidence:
            return gather(vector, words, covered, classified, state.index.vectors, state.lexical, state.doc_target)

        whole = gathered(vectors[0], terms[0], coverage[0], probabilities[0])
        if len(texts) == 1:
            return whole, None
        lean = QUERY_LEAN * vectors[1] + (1 - QUERY_LEAN) * vectors[0]
        focused = gathered(lean / np.linalg.norm(lean), terms[0] + terms[1], np.maximum(coverage[0], coverage[1]),
                           QUERY_LEAN * probabilities[1] + (1 - QUERY_LEAN) * probabilities[0])
        return whole, focused

    def score(self, text: str, state: _State | None = None) -> Scores:
        """Scores of every target for a cleaned message, its asking sentence weighed most (bot.search.understand)."""
        state = state or self._state
        whole, focus = self.message_evidence(text, state)
        merged = merge(whole, focus, self.thresholds.focus_weight)
        return scores_of(state.lexical.targets, merged, self.thresholds.weights)

    def ask(self, raw: str | bytes, context: Sequence[Turn] = (), now: float | None = None) -> Answer:
        """Decide what to reply to `raw`, exactly as typed by the user.

        `context` holds the conversation's earlier turns, oldest first (`Answer.turn` makes them);
        the latest one, when younger than `settings.context_minutes`, lets a short or elliptical
        message continue its topic (bot.decide.context). `now` is the clock (time.time() by default).
        """
        try:
            question = clean_question(raw, self.settings.max_chars)
        except InvalidQuestion as exc:
            text = raw.encode("utf-8", "replace").decode("utf-8") if isinstance(raw, str) else ""
            return Answer(question=text[:200], outcome="invalid", language=detect_language(text[:200]),
                          message=exc.reason)
        language = detect_language(question.text)
        chat = small_talk(question.text)
        if chat is not None:
            outcome = "help" if chat in ("greeting", "help") else "smalltalk"
            return Answer(question.text, outcome, language, message=chat, truncated=question.truncated)
        flagged = self._flagged_draft(question.text)
        if flagged is not None:
            return Answer(question.text, "answer", language, section=flagged, truncated=question.truncated)
        state = self._state
        read = conversation.reading(question.text)
        scored = conversation.after_switch(question.text) if read == "switch" else question.text
        scores = self.score(scored, state)
        outcome, picks, not_covered = decide(scores, state.kinds, self.thresholds)
        prior = conversation.previous(context, time.time() if now is None else now,
                                      self.settings.context_minutes * 60)
        prior = prior if prior and prior.sections and prior.sections[0] in state.knowledge.sections else None
        continues = None
        if prior is not None:
            stands_alone = read == "switch" or conversation.switches(
                scores, outcome, picks, not_covered, prior, self.follow_up, conversation.points_back(scored))
            if not stands_alone:
                outcome, picks, not_covered = self._continue(scores, state, prior, read)
                continues = prior.sections[0]
        candidates = tuple(self._candidate(state, scores, i) for i in picks)
        redirect = matter = None
        if not_covered is not None:
            matter = scores.targets[not_covered]
            redirect = state.knowledge.not_covered[matter].redirect.get(language)
        section = candidates[0].section if outcome == "answer" else None
        faq = candidates[0].faq if outcome == "answer" else None
        return Answer(question.text, outcome, language, section=section, faq=faq, candidates=candidates,
                      redirect=redirect, matter=matter, truncated=question.truncated,
                      follow_up=continues is not None, continues=continues)

    def _flagged_draft(self, text: str) -> str | None:
        """A quoted draft asked about ("'…' is this ok?") is handed to the draft check: the rule of a risk it
        finds answers the question; the words of the post would otherwise decide the topic."""
        from ..check import check_draft
        from ..check.request import dm_draft

        draft = dm_draft(text)
        if not draft:
            return None
        found = check_draft(self, draft)
        return found.sections[0] if found.verdict == "risk" and found.sections else None

    def _continue(self, scores: Scores, state: _State, prior: Turn, read: str) -> tuple[str, list[int], int | None]:
        """The decision for a message read as a follow-up of `prior`: its sections lifted, then decided.

        When the previous section stays on top it is answered: the conversation names the topic
        the message leaves out. When another section still beats it, the usual decision runs on
        the lifted scores; what it would escalate is offered as a choice between the two.
        """
        f = self.follow_up
        lifted = conversation.leaned(scores, prior, f.boost if read == "elliptical" else f.open_boost,
                                     f.runner_share)
        ranked = [int(i) for i in conversation.continued(lifted, state.kinds)]
        if not ranked:
            return "escalate", [], None
        if scores.targets[ranked[0]] == prior.sections[0]:
            return "answer", ranked[:3], None
        outcome, picks, not_covered = decide(lifted, state.kinds, self.thresholds)
        if outcome == "answer" and not_covered is None:
            return "answer", picks, None
        return "clarify", ranked[:2], None

    def answer_for(self, section_id: str, language: str, question: str = "") -> Answer:
        """An answer for a section the user picked (a clarify button)."""
        if section_id not in self._state.knowledge.sections:
            raise KeyError(f"unknown section '{section_id}'")
        return Answer(question, "answer", language if language in ("nl", "en") else "nl",
                      section=section_id)

    @staticmethod
    def _candidate(state: _State, scores: Scores, i: int) -> Candidate:
        doc_index = int(scores.dense_doc[i])
        doc = state.index.manifest.docs[doc_index] if doc_index >= 0 else None
        # An FAQ is shown when its own question is what matched best.
        faq = doc.entry if doc is not None and doc.kind == "faq" and doc.field == "question" else None
        return Candidate(
            section=scores.targets[i], score=float(scores.combined[i]), dense=float(scores.dense[i]),
            lexical=float(scores.lexical[i]), matched=doc.text if doc else "", faq=faq,
        )
