"""The report as plain text for a terminal, in the report's language (`Report.language`)."""

from __future__ import annotations

from .figures import Report
from .labels import label


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_text(report: Report) -> str:
    """The report as plain text for a terminal (about 90 columns)."""
    r, c, lang = report, report.counts, report.language

    def t(key: str, **values) -> str:
        return label(key, lang, **values)

    names = [t(f"outcome.{o}") for o in ("answer", "clarify", "escalate", "help", "invalid")]
    out = [t("title", start=r.start, end=r.end, days=r.days), ""]
    if not c.total:
        out.append(t("no_questions"))
    else:
        out.append(f"{t('questions')}: {c.total}   " + "   ".join(
            f"{name} {_pct(c.rate(o))}" for name, o in zip(names, ("answer", "clarify", "escalate", "help", "invalid"))))
        widths = (9, 9, 10, 7, 9)
        out += ["", t("per_week"), f"  {t('week'):<10}{t('questions_lc'):>10}"
                + "".join(f"{_cut(name, n - 1):>{n}}" for name, n in zip(names, widths))]
        for w in r.weeks:
            k = w.counts
            out.append(f"  {w.label:<10}{k.total:>10}" + "".join(
                f"{(_pct(k.rate(o)) if k.total else '-'):>{n}}"
                for o, n in zip(("answer", "clarify", "escalate", "help", "invalid"), widths)))
        out += ["", t("per_language")]
        for split in r.languages:
            k = split.counts
            out.append(f"  {split.language:<4}{k.total:>6} {t('questions_lc')} ({_pct(k.total / c.total)})   "
                       f"{names[0]} {_pct(k.rate('answer'))}   {names[1]} {_pct(k.rate('clarify'))}   "
                       f"{names[2]} {_pct(k.rate('escalate'))}")
    out += ["", t("helpfulness")]
    if r.helpfulness:
        out.append(f"  {t('section'):<48}{t('helpful'):>9}{t('not_helpful'):>13}{t('helpful_pct'):>11}")
        for h in r.helpfulness:
            out.append(f"  {_cut(h.section.title, 46):<48}{h.helpful:>9}{h.not_helpful:>13}{_pct(h.share):>11}")
    else:
        out.append("  " + t("no_feedback"))
    out += ["", t("went_to_hr", count=r.went_to_hr)]
    out += [t("unanswered", count=r.unanswered, with_text=r.unanswered_with_text, groups=len(r.gaps),
              similarity=f"{r.similarity:.2f}")]
    if r.unanswered > r.unanswered_with_text:
        out.append("  " + t("without_text", count=r.unanswered - r.unanswered_with_text))
    out.append("  " + t("undelivered", count=r.undelivered) + (t("undelivered_why") if r.undelivered else ""))
    for g in r.gaps:
        out.append(f"  {g.size:>4}×  {_cut(g.representative, 80)}")
        for e in g.examples:
            out.append(f"         {t('also')}: {_cut(e, 74)}")
        if g.sections:
            out.append(f"         {t('closest')}: {', '.join(s.title for s in g.sections)}")
    out += ["", t("sent_elsewhere", count=sum(x.count for x in r.redirects))]
    out += [f"  {x.count:>4}×  {x.matter.title}" for x in r.redirects]
    out += ["", t("unasked", count=len(r.unasked), total=r.sections)]
    out += [f"  - {s.title} ({s.id})" for s in r.unasked]
    out += ["", t("overdue", days=r.review_days, count=len(r.overdue))]
    for o in r.overdue:
        when = t("reviewed_ago", reviewed=o.reviewed, age=o.age_days) if o.reviewed else t("no_review_date")
        out.append(f"  - {o.section.title} ({o.section.id}): {when}")
    out += ["", t("confirmed", count=len(r.confirmed))]
    for v in r.confirmed:
        out.append(f"  - {v.section.title} ({v.section.id}): {t('confirmed_line', user=v.confirmed_by, day=v.reviewed_on)}")
    return "\n".join(out)
