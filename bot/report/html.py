"""The report as one self-contained HTML page: inline CSS and inline SVG charts (matplotlib), nothing fetched."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence

import numpy as np

from .figures import OUTCOMES, Report
from .labels import label
from .text import _cut, _pct

COLOURS = {"answer": "#2e7d32", "clarify": "#1e88e5", "escalate": "#ef6c00", "help": "#9e9e9e", "smalltalk": "#bdbdbd", "invalid": "#d7ccc8"}

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
        ax.bar(x, values, 0.7, bottom=bottom, color=COLOURS[o], label=label(f"outcome.{o}", report.language))
        bottom += values
    for xi, total in zip(x, bottom):
        if total:
            ax.text(xi, total, f"{int(total)}", ha="center", va="bottom", fontsize=8, color="#3e4c59")
    ax.set_xticks(x, labels)
    ax.set_ylabel(label("questions_lc", report.language), fontsize=9, color="#3e4c59")
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
    ax.barh(y, helpful, 0.65, color=COLOURS["answer"], label=label("helpful", report.language))
    ax.barh(y, not_helpful, 0.65, left=helpful, color="#c62828", label=label("not_helpful", report.language))
    for yi, h in zip(y, rows):
        ax.text(h.rated, yi, f"  {_pct(h.share)}", va="center", fontsize=9, color="#3e4c59")
    ax.set_yticks(y, [_cut(h.section.title, 44) for h in rows])
    ax.set_xlim(0, max((helpful + not_helpful).max() * 1.25, 1))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(label("chart.ratings", report.language), fontsize=9, color="#3e4c59")
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
    parts = [*_head(report), *_weeks_part(report), *_helpfulness_part(report), *_gaps_part(report),
             *_redirects_part(report), *_sections_part(report), *_languages_part(report)]
    parts.append(f'<p class="note">{_e(label("generated", report.language, day=report.end))}</p></main></body></html>')
    return "\n".join(parts)


def _head(r: Report) -> list[str]:
    c, lang = r.counts, r.language
    helpful, not_helpful = r.rated
    return [
        "<!DOCTYPE html>", f'<html lang="{_e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>smpolicy {_e(label('title', lang, start=r.start, end=r.end, days=r.days))}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        f"<h1>{_e(label('html.title', lang))}</h1>",
        f'<p class="sub">{_e(label("html.sub", lang, start=r.start.isoformat(), end=r.end.isoformat(), days=r.days))}'
        "</p>",
        '<div class="cards">',
        _card(str(c.total), label("questions_lc", lang)),
        _card(_pct(c.rate("answer")) if c.total else "–", label("outcome.answer", lang)),
        _card(_pct(c.rate("clarify")) if c.total else "–", label("card.asked_to_clarify", lang)),
        _card(_pct(c.rate("escalate")) if c.total else "–", label("card.escalated", lang)),
        _card(str(r.went_to_hr), label("card.went_to_hr", lang)),
        _card(_pct(helpful / (helpful + not_helpful)) if helpful + not_helpful else "–",
              label("card.helpful", lang, count=helpful + not_helpful)),
        _card(str(len(r.gaps)), label("card.groups", lang)),
        _card(str(len(r.overdue)), label("card.overdue", lang)),
        _card(str(r.undelivered), label("card.undelivered", lang)),
        _card(str(len(r.confirmed)), label("card.confirmed", lang)),
        "</div>",
    ]


def _weeks_part(r: Report) -> list[str]:
    c = r.counts
    parts = [f"<h2>{_e(label('h.weeks', r.language))}</h2>"]
    if not c.total:
        return parts + [f'<p class="panel empty">{_e(label("no_questions", r.language))}</p>']
    parts.append(f'<div class="panel chart">{weeks_chart(r)}</div>')
    rows = [[_e(w.label), _e(w.start), str(w.counts.total)]
            + [_pct(w.counts.rate(o)) if w.counts.total else "–" for o in OUTCOMES] for w in r.weeks]
    rows.append(["<b>all</b>", "", f"<b>{c.total}</b>"] + [f"<b>{_pct(c.rate(o))}</b>" for o in OUTCOMES])
    parts.append(_table([("ISO week", False), ("from", False), (label("questions_lc", r.language), True)]
                        + [(label(f"outcome.{o}", r.language), True) for o in OUTCOMES], rows))
    return parts


def _helpfulness_part(r: Report) -> list[str]:
    head = f"<h2>{_e(label('helpfulness', r.language))}</h2>"
    if r.helpfulness:
        return [head, f'<div class="panel chart">{helpfulness_chart(r)}</div>']
    return [head, f'<p class="panel empty">{_e(label("no_feedback", r.language))}</p>']


def _gaps_part(r: Report) -> list[str]:
    lang = r.language
    note = label("note.gaps", lang, count=r.unanswered, with_text=r.unanswered_with_text,
                 similarity=f"{r.similarity:.2f}")
    parts = [f"<h2>{_e(label('h.gaps', lang))}</h2>", f'<p class="note">{_e(note)}']
    if r.unanswered > r.unanswered_with_text:
        parts.append(" " + _e(label("without_text", lang, count=r.unanswered - r.unanswered_with_text)))
    parts.append("</p>")
    if not r.gaps:
        return parts + [f'<p class="panel empty">{_e(label("empty.gaps", lang))}</p>']
    rows = []
    for g in r.gaps:
        examples = "".join(f'<div class="ex">“{_e(e)}”</div>' for e in g.examples)
        sections = "".join(f'<span class="tag">{_e(s.title)}</span>' for s in g.sections) or "–"
        rows.append([str(g.size), f'<div class="q">“{_e(g.representative)}”</div>{examples}',
                     f"{g.escalated} / {g.not_helpful}", sections])
    parts.append(_table([(label("questions_lc", lang), True), (label("col.typical", lang), False),
                         (label("col.escalated_not_helpful", lang), True), (label("col.closest", lang), False)], rows,
                        widths=("8%", "42%", "11%", "39%")))
    return parts


def _redirects_part(r: Report) -> list[str]:
    total = sum(x.count for x in r.redirects)
    parts = [f"<h2>{_e(label('h.redirects', r.language, count=total))}</h2>"]
    if not r.redirects:
        return parts + [f'<p class="panel empty">{_e(label("empty.redirects", r.language))}</p>']
    parts.append(f'<p class="note">{_e(label("note.redirects", r.language))}</p>')
    parts.append(_table([(label("col.matter", r.language), False), (label("questions_lc", r.language), True)],
                        [[_e(x.matter.title), str(x.count)] for x in r.redirects]))
    return parts


def _sections_part(r: Report) -> list[str]:
    lang = r.language
    parts = [f"<h2>{_e(label('h.unasked', lang, count=len(r.unasked), total=r.sections))}</h2>"]
    if r.unasked:
        parts.append(_table([(label("section", lang), False), ("id", False)],
                            [[_e(s.title), _e(s.id)] for s in r.unasked]))
    else:
        parts.append(f'<p class="panel empty">{_e(label("empty.unasked", lang))}</p>')
    parts.append(f"<h2>{_e(label('h.overdue', lang, count=len(r.overdue)))}</h2>")
    parts.append(f'<p class="note">{_e(label("note.overdue", lang, days=r.review_days, day=r.end))}</p>')
    if r.overdue:
        parts.append(_table([(label("section", lang), False), ("id", False), (label("col.last_reviewed", lang), False),
                             (label("col.days_ago", lang), True)],
                            [[_e(o.section.title), _e(o.section.id), _e(o.reviewed or label("never", lang)),
                              str(o.age_days) if o.age_days is not None else "–"] for o in r.overdue]))
    else:
        parts.append(f'<p class="panel empty">{_e(label("empty.overdue", lang))}</p>')
    parts.append(f"<h2>{_e(label('h.confirmed', lang, count=len(r.confirmed)))}</h2>")
    if r.confirmed:
        parts.append(_table([(label("section", lang), False), ("id", False), (label("col.confirmed_by", lang), False),
                             (label("col.reviewed", lang), False)],
                            [[_e(v.section.title), _e(v.section.id), _e(v.confirmed_by), _e(v.reviewed_on)]
                             for v in r.confirmed]))
    else:
        parts.append(f'<p class="panel empty">{_e(label("empty.confirmed", lang))}</p>')
    return parts


def _languages_part(r: Report) -> list[str]:
    c = r.counts
    if not r.languages:
        return [f"<h2>{_e(label('per_language', r.language))}</h2>",
                f'<p class="panel empty">{_e(label("no_questions", r.language))}</p>']
    return [f"<h2>{_e(label('per_language', r.language))}</h2>",
            _table([("language", False), (label("questions_lc", r.language), True), ("share", True)]
                   + [(label(f"outcome.{o}", r.language), True) for o in OUTCOMES],
                   [[_e(x.language), str(x.counts.total), _pct(x.counts.total / c.total)]
                    + [_pct(x.counts.rate(o)) for o in OUTCOMES] for x in r.languages])]
