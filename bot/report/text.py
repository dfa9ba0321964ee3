"""The report as plain text for a terminal."""

from __future__ import annotations

from .figures import Report


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
                for o, n in zip(("answer", "clarify", "escalate", "help", "invalid"), (9, 9, 10, 7, 9))))
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
    out += ["", f"Went to HR: {r.went_to_hr} (escalated by the bot or forwarded after \"Not helpful\")"]
    out += [f"Unanswered questions: {r.unanswered} (went to HR or not helpful); "
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
    out += ["", f"Reviews confirmed (\"Still correct\" in the review DM): {len(r.confirmed)}"]
    for v in r.confirmed:
        out.append(f"  - {v.section.title} ({v.section.id}): confirmed by {v.confirmed_by}, reviewed {v.reviewed_on}")
    return "\n".join(out)

