"""The report's values: frozen dataclasses, computed purely from question-log rows (see `bot.report`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..hr_figures import redirected as is_redirected
from ..hr_figures import unanswered as is_unanswered
from ..hr_figures import went_to_hr
from ..knowledge import REVIEW_DAYS, Knowledge
from ..search.text import fold

OUTCOMES = ("answer", "clarify", "escalate", "help", "smalltalk", "invalid")
DEFAULT_DAYS = 90
SIMILARITY = 0.7
TITLE_LANGUAGE = "en"

Embed = Callable[[list[str]], np.ndarray]


# --- the values ------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """Questions per outcome; `rate` is a share of `total` (0.0 when there are none)."""

    answer: int = 0
    clarify: int = 0
    escalate: int = 0
    help: int = 0
    smalltalk: int = 0
    invalid: int = 0

    @classmethod
    def of(cls, rows: Iterable) -> Counts:
        c = Counter(r.outcome for r in rows)
        return cls(**{o: c[o] for o in OUTCOMES})

    @property
    def total(self) -> int:
        return sum(getattr(self, o) for o in OUTCOMES)

    def rate(self, outcome: str) -> float:
        return getattr(self, outcome) / self.total if self.total else 0.0


@dataclass(frozen=True)
class Week:
    label: str  # ISO week, e.g. "2026-W47"
    start: dt.date  # its Monday
    counts: Counts


@dataclass(frozen=True)
class LanguageSplit:
    language: str
    counts: Counts


@dataclass(frozen=True)
class SectionRef:
    id: str
    title: str  # the id itself when the section is no longer in the knowledge


@dataclass(frozen=True)
class Helpfulness:
    section: SectionRef
    helpful: int
    not_helpful: int

    @property
    def rated(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def share(self) -> float:
        """Share of ratings that were helpful."""
        return self.helpful / self.rated if self.rated else 0.0


@dataclass(frozen=True)
class GapGroup:
    """Similar unanswered questions: how many, the most typical one, a few others, where they come closest."""

    size: int
    representative: str
    examples: tuple[str, ...]  # up to two more, different from the representative
    sections: tuple[SectionRef, ...]  # closest sections by mean candidate score, best first (up to 3)
    escalated: int
    not_helpful: int


@dataclass(frozen=True)
class Redirect:
    """Questions about a matter outside the guidelines (`matter.id` is a not-covered id)."""

    matter: SectionRef
    count: int


@dataclass(frozen=True)
class Overdue:
    section: SectionRef
    reviewed: dt.date | None  # None: no review date known
    age_days: int | None


@dataclass(frozen=True)
class Confirmation:
    """A "Still correct" from the review DM: who confirmed a section, and the `reviewed` date written."""

    section: SectionRef
    confirmed_by: str  # the contact's or HR user's Slack id
    reviewed_on: dt.date


@dataclass(frozen=True)
class Report:
    start: dt.date
    end: dt.date
    days: int
    counts: Counts
    weeks: tuple[Week, ...]
    languages: tuple[LanguageSplit, ...]  # most questions first
    helpfulness: tuple[Helpfulness, ...]  # most ratings first
    redirects: tuple[Redirect, ...]  # most frequent first
    unanswered: int  # went to HR or not helpful, in the period (`bot.hr_figures.unanswered`)
    unanswered_with_text: int  # of which the text is still stored (and grouped)
    gaps: tuple[GapGroup, ...]  # largest first
    similarity: float
    unasked: tuple[SectionRef, ...]
    overdue: tuple[Overdue, ...]  # oldest review first
    review_days: int
    sections: int  # sections in the knowledge
    undelivered: int = 0  # escalations given up: never reached HR, or HR's reply never reached the asker
    went_to_hr: int = 0  # questions that reached HR (`bot.hr_figures.went_to_hr`, as in `/smpolicy report`)
    confirmed: tuple[Confirmation, ...] = ()  # reviews confirmed in the period, newest first
    language: str = TITLE_LANGUAGE  # of the titles and of the labels the renderers write (SMPOLICY_HR_LANGUAGE)

    @property
    def rated(self) -> tuple[int, int]:
        """(helpful, not helpful) over all sections."""
        return sum(h.helpful for h in self.helpfulness), sum(h.not_helpful for h in self.helpfulness)


# --- computing ---------------------------------------------------------------------------


def build_report(rows: Sequence, knowledge: Knowledge, today: dt.date, *, embed: Embed | None = None,
                 days: int = DEFAULT_DAYS, review_days: int = REVIEW_DAYS, similarity: float = SIMILARITY,
                 undelivered: int = 0, reviews: Sequence = (), language: str = TITLE_LANGUAGE) -> Report:
    """The report over the `days` days up to and including `today`; rows outside the period are ignored.

    `undelivered`: escalations of the period that could not be delivered (`Store.count_escalations`).
    `reviews`: `bot.store.Review` rows ("Still correct" in the review DM); those of the period are listed.
    `language`: of the section titles (and of the renderers' labels), `nl` or `en`.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    start = today - dt.timedelta(days=days - 1)
    rows = [r for r in rows if start <= r.asked_at.date() <= today]
    title = _titles(knowledge, language)
    redirected = Counter(r.matter for r in rows if is_redirected(r))
    redirects = tuple(Redirect(_matter(knowledge, m, language), n)
                      for m, n in sorted(redirected.items(), key=lambda kv: (-kv[1], kv[0])))
    unanswered = [r for r in rows if is_unanswered(r)]
    with_text = [r for r in unanswered if r.text and r.text.strip()]
    overdue = [Overdue(title(s.id), s.reviewed, (today - s.reviewed).days)
               for s in knowledge.overdue(today, review_days)]
    return Report(start, today, days, Counts.of(rows), _weeks(rows, start, today), _languages(rows),
                  _helpfulness(rows, title), redirects, len(unanswered), len(with_text),
                  tuple(_gap_groups(with_text, embed, similarity, title)), similarity, _unasked(rows, knowledge, title),
                  tuple(overdue), review_days, len(knowledge.sections), undelivered,
                  went_to_hr=sum(1 for r in rows if went_to_hr(r)),
                  confirmed=tuple(Confirmation(title(v.section), v.confirmed_by, v.reviewed_on) for v in reviews
                                  if start <= v.confirmed_at.date() <= today),
                  language=language)


def _weeks(rows: Sequence, start: dt.date, today: dt.date) -> tuple[Week, ...]:
    """Every ISO week of the period, also weeks without questions."""
    weeks = []
    monday = start - dt.timedelta(days=start.weekday())
    by_week = defaultdict(list)
    for r in rows:
        by_week[_monday(r.asked_at.date())].append(r)
    while monday <= today:
        year, week, _ = monday.isocalendar()
        weeks.append(Week(f"{year}-W{week:02d}", monday, Counts.of(by_week[monday])))
        monday += dt.timedelta(days=7)
    return tuple(weeks)


def _languages(rows: Sequence) -> tuple[LanguageSplit, ...]:
    by_language = defaultdict(list)
    for r in rows:
        by_language[r.language].append(r)
    return tuple(LanguageSplit(lang, Counts.of(rs))
                 for lang, rs in sorted(by_language.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def _helpfulness(rows: Sequence, title) -> tuple[Helpfulness, ...]:
    ratings: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        if r.feedback in ("helpful", "not_helpful"):
            ratings[r.section or _top(r) or "(none)"][r.feedback] += 1
    return tuple(sorted(
        (Helpfulness(title(s), c["helpful"], c["not_helpful"]) for s, c in ratings.items()),
        key=lambda h: (-h.rated, h.share, h.section.title)))


def _unasked(rows: Sequence, knowledge: Knowledge, title) -> tuple[SectionRef, ...]:
    asked = set()
    for r in rows:
        if r.section:
            asked.add(r.section)
        if r.candidates:
            asked.add(r.candidates[0].get("section"))
        if r.outcome == "clarify":
            asked.update(c.get("section") for c in r.candidates)
    return tuple(title(s) for s in knowledge.sections if s not in asked)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _top(row) -> str | None:
    return row.candidates[0].get("section") if row.candidates else None


def _matter(knowledge: Knowledge, matter_id: str, language: str) -> SectionRef:
    matter = knowledge.not_covered.get(matter_id)
    return SectionRef(matter_id, matter.title.get(language) if matter else matter_id)


def _titles(knowledge: Knowledge, language: str) -> Callable[[str], SectionRef]:
    def title(section_id: str) -> SectionRef:
        section = knowledge.sections.get(section_id)
        return SectionRef(section_id, section.title.get(language) if section else section_id)

    return title


def group_similar(vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage agglomerative clustering of unit vectors by cosine similarity.

    Merges the two groups with the highest mean pairwise cosine until no pair
    reaches `threshold`. Returns lists of row indices, largest group first
    (ties: earliest member first), each list in ascending order.
    """
    n = len(vectors)
    if n == 0:
        return []
    v = np.asarray(vectors, dtype=np.float64)
    sums = v @ v.T  # sum of pairwise cosines between groups i and j
    sizes = np.ones(n)
    members = [[i] for i in range(n)]
    alive = np.ones(n, dtype=bool)
    while alive.sum() > 1:
        mean = sums / np.outer(sizes, sizes)
        mean[~alive, :] = -np.inf
        mean[:, ~alive] = -np.inf
        np.fill_diagonal(mean, -np.inf)
        i, j = np.unravel_index(int(np.argmax(mean)), mean.shape)
        if mean[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        sizes[i] += sizes[j]
        members[i] += members[j]
        alive[j] = False
    groups = [sorted(members[i]) for i in range(n) if alive[i]]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def _gap_groups(rows: list, embed: Embed | None, threshold: float, title) -> list[GapGroup]:
    if not rows:
        return []
    texts = [" ".join(r.text.split()) for r in rows]
    if embed is not None:
        vectors = np.asarray(embed(texts), dtype=np.float64)
    else:  # the same words make the same "vector": only exact repeats group
        keys = {k: i for i, k in enumerate(dict.fromkeys(fold(t) for t in texts))}
        vectors = np.eye(len(keys))[[keys[fold(t)] for t in texts]]
    out = []
    for group in group_similar(vectors, threshold):
        sims = vectors[group] @ vectors[group].T
        central = [group[k] for k in np.argsort(-sims.mean(axis=1), kind="stable")]
        distinct = list(dict.fromkeys(texts[k] for k in central))
        folded, examples = {fold(distinct[0])}, []
        for text in distinct[1:]:
            if fold(text) not in folded and len(examples) < 2:
                folded.add(fold(text))
                examples.append(text)
        scores: dict[str, float] = defaultdict(float)
        for k in group:
            for c in rows[k].candidates:
                if c.get("section"):
                    scores[c["section"]] += float(c.get("score") or 0.0)
            if rows[k].section and rows[k].section not in scores:
                scores[rows[k].section] += 0.0
        closest = sorted(scores, key=lambda s: (-scores[s], s))[:3]
        out.append(GapGroup(
            size=len(group), representative=distinct[0], examples=tuple(examples),
            sections=tuple(title(s) for s in closest),
            escalated=sum(rows[k].outcome == "escalate" for k in group),
            not_helpful=sum(rows[k].feedback == "not_helpful" for k in group),
        ))
    return out


