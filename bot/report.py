"""HR's knowledge-gap report from the question log: the figures, as terminal text and as one HTML page.

`build_report` is pure: rows of the question log, the knowledge and a date in,
a frozen `Report` out. The only outside help it takes is `embed`, a function
from texts to unit vectors (e.g. `lambda texts: bot.index.embed(model, texts)`),
called once and only when there are unanswered questions with text to group.

    report = build_report(store.logged_questions(since), knowledge, today, embed=embed_texts)
    print(format_text(report))
    Path("report.html").write_text(render_html(report), encoding="utf-8")

How the figures are made:

- The period is the `days` days up to and including `today` (dates of `asked_at`, UTC).
- Weeks are ISO weeks (Monday to Sunday), labelled like 2026-W47; every week of the
  period is listed, also weeks without questions.
- Helpfulness counts the 👍/👎 feedback per section: the row's `section`, else its
  top candidate.
- Unanswered questions are those escalated to HR or marked not helpful. Questions
  sent elsewhere (leave, IT... the `redirect` of a not-covered matter) are no gap in
  the guidelines: they are counted per matter instead. Only rows whose text is still
  stored can be shown (the retention purge clears texts); the report says how many
  had no text left. They are grouped by average-linkage agglomerative
  clustering on cosine similarity: start with every question alone, repeatedly merge
  the two groups whose mean pairwise cosine is highest, stop when no pair reaches
  `similarity` (default 0.7). The bundled model is English-first: Dutch questions
  group by shared wording more than by meaning, which is why the threshold is
  stricter than the 0.6 one might pick for English. Without `embed`, only questions
  with the same words (case, accents and punctuation aside) are grouped.
- A section counts as asked about when it was answered (or picked, or rated), was
  offered in a clarify, or was the top candidate of any question in the period.
- A section is overdue when its `reviewed` date is more than `review_days` days
  before `today` (default 365).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np

from .knowledge import REVIEW_DAYS, Knowledge
from .text import fold

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
    def of(cls, rows: Iterable) -> "Counts":
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
class Report:
    start: dt.date
    end: dt.date
    days: int
    counts: Counts
    weeks: tuple[Week, ...]
    languages: tuple[LanguageSplit, ...]  # most questions first
    helpfulness: tuple[Helpfulness, ...]  # most ratings first
    redirects: tuple[Redirect, ...]  # most frequent first
    unanswered: int  # escalated to HR or not helpful, in the period
    unanswered_with_text: int  # of which the text is still stored (and grouped)
    gaps: tuple[GapGroup, ...]  # largest first
    similarity: float
    unasked: tuple[SectionRef, ...]
    overdue: tuple[Overdue, ...]  # oldest review first
    review_days: int
    sections: int  # sections in the knowledge
    undelivered: int = 0  # escalations given up: never reached HR, or HR's reply never reached the asker

    @property
    def rated(self) -> tuple[int, int]:
        """(helpful, not helpful) over all sections."""
        return sum(h.helpful for h in self.helpfulness), sum(h.not_helpful for h in self.helpfulness)


# --- computing ---------------------------------------------------------------------------


def build_report(rows: Sequence, knowledge: Knowledge, today: dt.date, *, embed: Embed | None = None,
                 days: int = DEFAULT_DAYS, review_days: int = REVIEW_DAYS, similarity: float = SIMILARITY,
                 undelivered: int = 0) -> Report:
    """The report over the `days` days up to and including `today`; rows outside the period are ignored.

    `undelivered`: escalations of the period that could not be delivered (`Store.count_escalations`).
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    start = today - dt.timedelta(days=days - 1)
    rows = [r for r in rows if start <= r.asked_at.date() <= today]
    title = _titles(knowledge)

    weeks = []
    monday = start - dt.timedelta(days=start.weekday())
    by_week = defaultdict(list)
    for r in rows:
        by_week[_monday(r.asked_at.date())].append(r)
    while monday <= today:
        year, week, _ = monday.isocalendar()
        weeks.append(Week(f"{year}-W{week:02d}", monday, Counts.of(by_week[monday])))
        monday += dt.timedelta(days=7)

    by_language = defaultdict(list)
    for r in rows:
        by_language[r.language].append(r)
    languages = tuple(LanguageSplit(lang, Counts.of(rs))
                      for lang, rs in sorted(by_language.items(), key=lambda kv: (-len(kv[1]), kv[0])))

    ratings: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        if r.feedback in ("helpful", "not_helpful"):
            ratings[r.section or _top(r) or "(none)"][r.feedback] += 1
    helpfulness = tuple(sorted(
        (Helpfulness(title(s), c["helpful"], c["not_helpful"]) for s, c in ratings.items()),
        key=lambda h: (-h.rated, h.share, h.section.title)))

    redirected = Counter(r.redirect for r in rows if r.redirect and r.feedback != "not_helpful")
    redirects = tuple(Redirect(_matter(knowledge, m), n)
                      for m, n in sorted(redirected.items(), key=lambda kv: (-kv[1], kv[0])))
    unanswered = [r for r in rows
                  if (r.outcome == "escalate" and not r.redirect) or r.feedback == "not_helpful"]
    with_text = [r for r in unanswered if r.text and r.text.strip()]
    gaps = tuple(_gap_groups(with_text, embed, similarity, title))

    asked = set()
    for r in rows:
        if r.section:
            asked.add(r.section)
        if r.candidates:
            asked.add(r.candidates[0].get("section"))
        if r.outcome == "clarify":
            asked.update(c.get("section") for c in r.candidates)
    unasked = tuple(title(s) for s in knowledge.sections if s not in asked)

    overdue = [Overdue(title(s.id), s.reviewed, (today - s.reviewed).days)
               for s in knowledge.overdue(today, review_days)]

    return Report(start, today, days, Counts.of(rows), tuple(weeks), languages, helpfulness, redirects, len(unanswered),
                  len(with_text), gaps, similarity, unasked, tuple(overdue), review_days, len(knowledge.sections),
                  undelivered)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _top(row) -> str | None:
    return row.candidates[0].get("section") if row.candidates else None


def _matter(knowledge: Knowledge, matter_id: str) -> SectionRef:
    matter = knowledge.not_covered.get(matter_id)
    return SectionRef(matter_id, matter.title.get(TITLE_LANGUAGE) if matter else matter_id)


def _titles(knowledge: Knowledge) -> Callable[[str], SectionRef]:
    def title(section_id: str) -> SectionRef:
        section = knowledge.sections.get(section_id)
        return SectionRef(section_id, section.title.get(TITLE_LANGUAGE) if section else section_id)

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


# --- terminal text -----------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_text(report: Report) -> str:
    """The report as plain text for a terminal (about 90 columns)."""
    r, c = report, report.counts
    out = [f"Knowledge-gap report {r.start} to {r.end} ({r.days} days)", ""]
    if not c.total:
        out.append("No questions yet in this period.")
    else:
        out.append(f"Questions: {c.total}   answered {_pct(c.rate('answer'))}   clarify {_pct(c.rate('clarify'))}   "
                   f"escalated {_pct(c.rate('escalate'))}   help {_pct(c.rate('help'))}   invalid {_pct(c.rate('invalid'))}")
        out += ["", "Per week", f"  {'week':<10}{'questions':>10}{'answer':>9}{'clarify':>9}{'escalate':>10}{'help':>7}{'invalid':>9}"]
        for w in r.weeks:
            k = w.counts
            out.append(f"  {w.label:<10}{k.total:>10}" + "".join(
                f"{(_pct(k.rate(o)) if k.total else '-'):>{n}}"
                for o, n in zip(OUTCOMES, (9, 9, 10, 7, 9))))
        out += ["", "Per language"]
        for lang in r.languages:
            k = lang.counts
            out.append(f"  {lang.language:<4}{k.total:>6} questions ({_pct(k.total / c.total)})   answered "
                       f"{_pct(k.rate('answer'))}   clarify {_pct(k.rate('clarify'))}   escalated {_pct(k.rate('escalate'))}")
    out += ["", "Helpfulness per section"]
    if r.helpfulness:
        out.append(f"  {'section':<48}{'helpful':>9}{'not helpful':>13}{'helpful %':>11}")
        for h in r.helpfulness:
            out.append(f"  {_cut(h.section.title, 46):<48}{h.helpful:>9}{h.not_helpful:>13}{_pct(h.share):>11}")
    else:
        out.append("  No feedback yet.")
    out += ["", f"Unanswered questions: {r.unanswered} (escalated to HR or not helpful); "
                f"{r.unanswered_with_text} with text, in {len(r.gaps)} group(s) (similarity ≥ {r.similarity:.2f})"]
    if r.unanswered > r.unanswered_with_text:
        out.append(f"  {r.unanswered - r.unanswered_with_text} without text (cleared by the retention purge).")
    out.append(f"  Escalations that could not be delivered: {r.undelivered}"
               + (" (HR was told in the HR channel, or the bot's log says why)" if r.undelivered else ""))
    for g in r.gaps:
        out.append(f"  {g.size:>4}×  {_cut(g.representative, 80)}")
        for e in g.examples:
            out.append(f"         also: {_cut(e, 74)}")
        if g.sections:
            out.append(f"         closest: {', '.join(s.title for s in g.sections)}")
    out += ["", f"Sent elsewhere (outside the guidelines): {sum(x.count for x in r.redirects)}"]
    out += [f"  {x.count:>4}×  {x.matter.title}" for x in r.redirects]
    out += ["", f"Sections nobody asked about: {len(r.unasked)} of {r.sections}"]
    out += [f"  - {s.title} ({s.id})" for s in r.unasked]
    out += ["", f"Sections past their review date (more than {r.review_days} days): {len(r.overdue)}"]
    for o in r.overdue:
        when = f"reviewed {o.reviewed}, {o.age_days} days ago" if o.reviewed else "no review date"
        out.append(f"  - {o.section.title} ({o.section.id}): {when}")
    return "\n".join(out)


# --- HTML --------------------------------------------------------------------------------

COLOURS = {"answer": "#2e7d32", "clarify": "#1e88e5", "escalate": "#ef6c00", "help": "#9e9e9e", "smalltalk": "#bdbdbd", "invalid": "#d7ccc8"}
LABELS = {"answer": "answered", "clarify": "clarify", "escalate": "escalated", "help": "help", "smalltalk": "small talk", "invalid": "invalid"}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;margin:0;background:#f4f5f7;color:#1f2933}
main{max-width:1100px;margin:0 auto;padding:28px 32px 48px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:34px 0 10px}
.sub{color:#52606d;margin:0 0 20px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(125px,1fr));gap:12px}
.card{background:#fff;border-radius:8px;padding:14px 16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card .v{font-size:28px;font-weight:600}.card .l{color:#52606d;font-size:13px;margin-top:2px}
.panel{background:#fff;border-radius:8px;padding:16px 18px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.chart svg{width:100%;height:auto;display:block}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #e4e7eb;vertical-align:top}
th{background:#eef1f4;font-weight:600}td.n,th.n{text-align:right;white-space:nowrap}
.q{font-weight:600}.ex{color:#52606d;font-size:13px;margin-top:3px}
.tag{display:inline-block;background:#eef1f4;border-radius:4px;padding:1px 6px;margin:1px 4px 1px 0;font-size:13px}
.note{color:#52606d;font-size:13px;margin:6px 0 0}.empty{color:#52606d;font-style:italic}
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _svg(fig, prefix: str) -> str:
    """A matplotlib figure as inline SVG whose ids cannot clash with another chart's on the page."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": prefix, "svg.fonttype": "path"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'\bid="', f'id="{prefix}-', svg)
    svg = re.sub(r'(href="#|url\(#)', rf"\g<1>{prefix}-", svg)
    return svg


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    return fig, fig.add_subplot()


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color("#9aa5b1")
    ax.spines["bottom"].set_color("#9aa5b1")
    ax.tick_params(colors="#3e4c59", labelsize=10)


def weeks_chart(report: Report) -> str:
    """Stacked bars: questions per ISO week by outcome."""
    fig, ax = _figure(10, 3.6)
    labels = [w.label.split("-")[1] + "\n" + w.start.strftime("%d %b") for w in report.weeks]
    x = np.arange(len(labels))
    bottom = np.zeros(len(labels))
    for o in OUTCOMES:
        values = np.array([getattr(w.counts, o) for w in report.weeks], dtype=float)
        ax.bar(x, values, 0.7, bottom=bottom, color=COLOURS[o], label=LABELS[o])
        bottom += values
    for xi, total in zip(x, bottom):
        if total:
            ax.text(xi, total, f"{int(total)}", ha="center", va="bottom", fontsize=8, color="#3e4c59")
    ax.set_xticks(x, labels)
    ax.set_ylabel("questions", fontsize=9, color="#3e4c59")
    ax.set_ylim(0, max(bottom.max() * 1.15, 1))
    ax.yaxis.get_major_locator().set_params(integer=True)
    _style(ax)
    ax.legend(ncols=len(OUTCOMES), loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False, fontsize=9)
    return _svg(fig, "weeks")


def helpfulness_chart(report: Report, limit: int = 20) -> str:
    """Horizontal stacked bars: helpful and not helpful ratings per section (most rated on top)."""
    rows = report.helpfulness[:limit]
    fig, ax = _figure(10, 1.0 + 0.36 * len(rows))
    y = np.arange(len(rows))[::-1]
    helpful = np.array([h.helpful for h in rows], dtype=float)
    not_helpful = np.array([h.not_helpful for h in rows], dtype=float)
    ax.barh(y, helpful, 0.65, color=COLOURS["answer"], label="helpful")
    ax.barh(y, not_helpful, 0.65, left=helpful, color="#c62828", label="not helpful")
    for yi, h in zip(y, rows):
        ax.text(h.rated, yi, f"  {_pct(h.share)}", va="center", fontsize=9, color="#3e4c59")
    ax.set_yticks(y, [_cut(h.section.title, 44) for h in rows])
    ax.set_xlim(0, max((helpful + not_helpful).max() * 1.25, 1))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("ratings (percentage: share rated helpful)", fontsize=9, color="#3e4c59")
    _style(ax)
    ax.legend(ncols=2, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=9)
    return _svg(fig, "helpful")


def _card(value: str, label: str) -> str:
    return f'<div class="card"><div class="v">{_e(value)}</div><div class="l">{_e(label)}</div></div>'


def _table(head: Sequence[tuple[str, bool]], rows: list[list[str]], widths: Sequence[str] = ()) -> str:
    """`head` is (label, numeric); cells are HTML already escaped; `widths` are CSS widths per column."""
    cols = "<colgroup>" + "".join(f'<col style="width:{w}">' for w in widths) + "</colgroup>" if widths else ""
    th = "".join(f'<th class="n">{_e(h)}</th>' if n else f"<th>{_e(h)}</th>" for h, n in head)
    body = "".join("<tr>" + "".join(f'<td class="n">{c}</td>' if head[i][1] else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table>{cols}<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page: inline CSS and inline SVG charts, nothing fetched."""
    r, c = report, report.counts
    helpful, not_helpful = r.rated
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>smpolicy knowledge-gap report {_e(r.start)} to {_e(r.end)}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        "<h1>Social media guidelines: knowledge-gap report</h1>",
        f'<p class="sub">{_e(r.start.strftime("%d %B %Y"))} to {_e(r.end.strftime("%d %B %Y"))} '
        f"({r.days} days) · questions asked to the smpolicy assistant</p>",
        '<div class="cards">',
        _card(str(c.total), "questions"),
        _card(_pct(c.rate("answer")) if c.total else "–", "answered"),
        _card(_pct(c.rate("clarify")) if c.total else "–", "asked to clarify"),
        _card(_pct(c.rate("escalate")) if c.total else "–", "escalated to HR"),
        _card(_pct(helpful / (helpful + not_helpful)) if helpful + not_helpful else "–",
              f"helpful ({helpful + not_helpful} ratings)"),
        _card(str(len(r.gaps)), "groups of unanswered questions"),
        _card(str(len(r.overdue)), "sections overdue for review"),
        _card(str(r.undelivered), "escalations that could not be delivered"),
        "</div>",
    ]
    parts.append("<h2>Questions per week</h2>")
    if c.total:
        parts.append(f'<div class="panel chart">{weeks_chart(r)}</div>')
        rows = [[_e(w.label), _e(w.start), str(w.counts.total)]
                + [_pct(w.counts.rate(o)) if w.counts.total else "–" for o in OUTCOMES] for w in r.weeks]
        rows.append(["<b>all</b>", "", f"<b>{c.total}</b>"] + [f"<b>{_pct(c.rate(o))}</b>" for o in OUTCOMES])
        parts.append(_table([("ISO week", False), ("from", False), ("questions", True)]
                            + [(LABELS[o], True) for o in OUTCOMES], rows))
    else:
        parts.append('<p class="panel empty">No questions yet in this period.</p>')

    parts.append("<h2>Helpfulness per section</h2>")
    if r.helpfulness:
        parts.append(f'<div class="panel chart">{helpfulness_chart(r)}</div>')
    else:
        parts.append('<p class="panel empty">No feedback yet.</p>')

    parts.append("<h2>Unanswered questions, grouped</h2>")
    parts.append(f'<p class="note">{r.unanswered} question(s) were escalated to HR or marked not helpful; '
                 f"{r.unanswered_with_text} still have their text and are grouped by meaning "
                 f"(cosine similarity ≥ {r.similarity:.2f}).")
    if r.unanswered > r.unanswered_with_text:
        parts.append(f" {r.unanswered - r.unanswered_with_text} no longer have a text (retention purge).")
    parts.append("</p>")
    if r.gaps:
        rows = []
        for g in r.gaps:
            examples = "".join(f'<div class="ex">“{_e(e)}”</div>' for e in g.examples)
            sections = "".join(f'<span class="tag">{_e(s.title)}</span>' for s in g.sections) or "–"
            rows.append([str(g.size), f'<div class="q">“{_e(g.representative)}”</div>{examples}',
                         f"{g.escalated} / {g.not_helpful}", sections])
        parts.append(_table([("questions", True), ("typical question and examples", False),
                             ("escalated / not helpful", True), ("closest sections", False)], rows,
                            widths=("8%", "42%", "11%", "39%")))
    else:
        parts.append('<p class="panel empty">No unanswered questions with text in this period.</p>')

    total = sum(x.count for x in r.redirects)
    parts.append(f"<h2>Sent elsewhere: outside the guidelines ({total})</h2>")
    if r.redirects:
        parts.append('<p class="note">Questions about other matters (leave, IT, payroll…) that the assistant '
                     "redirected; not a gap in the guidelines, but shows what people expect it to know.</p>")
        parts.append(_table([("matter", False), ("questions", True)],
                            [[_e(x.matter.title), str(x.count)] for x in r.redirects]))
    else:
        parts.append('<p class="panel empty">No questions were redirected.</p>')

    parts.append(f"<h2>Sections nobody asked about ({len(r.unasked)} of {r.sections})</h2>")
    if r.unasked:
        parts.append(_table([("section", False), ("id", False)], [[_e(s.title), _e(s.id)] for s in r.unasked]))
    else:
        parts.append('<p class="panel empty">Every section was asked about.</p>')

    parts.append(f"<h2>Sections past their review date ({len(r.overdue)})</h2>")
    parts.append(f'<p class="note">Reviewed more than {r.review_days} days before {_e(r.end)}.</p>')
    if r.overdue:
        parts.append(_table([("section", False), ("id", False), ("last reviewed", False), ("days ago", True)],
                            [[_e(o.section.title), _e(o.section.id), _e(o.reviewed or "never"),
                              str(o.age_days) if o.age_days is not None else "–"] for o in r.overdue]))
    else:
        parts.append('<p class="panel empty">All sections were reviewed recently.</p>')

    parts.append("<h2>Per language</h2>")
    if r.languages:
        parts.append(_table([("language", False), ("questions", True), ("share", True)]
                            + [(LABELS[o], True) for o in OUTCOMES],
                            [[_e(x.language), str(x.counts.total), _pct(x.counts.total / c.total)]
                             + [_pct(x.counts.rate(o)) for o in OUTCOMES] for x in r.languages]))
    else:
        parts.append('<p class="panel empty">No questions yet in this period.</p>')
    parts.append(f'<p class="note">Generated by smpolicy on {_e(r.end)}.</p></main></body></html>')
    return "\n".join(parts)
