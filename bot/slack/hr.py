"""The short HR summary shown by `/smpolicy report` and on HR's App Home.

`summarize` is pure: the question log, the knowledge and today's date in, a
`Summary` out. The full HTML report is `bot.report`'s business; this is the
glance HR gets in Slack.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..hr_figures import redirected, went_to_hr
from ..knowledge import Knowledge
from ..store import LoggedQuestion, Review

WINDOW_SHORT, WINDOW_LONG = 7, 30  # days


@dataclass(frozen=True)
class Summary:
    """Counts over the last 7 and 30 days (today included); rates are shares of the 30-day count, 0..1.

    `escalated` counts questions that went to HR (`bot.hr_figures.went_to_hr`, the rule
    `smpolicy report` counts by too); `redirected` those sent elsewhere (leave, IT...) without HR. `top_escalated` is
    [(section id, count)], most frequent first: the topics closest to what HR had to
    answer. `overdue` is [(section id, reviewed)], oldest review first.
    """

    today: dt.date
    last_7: int
    last_30: int
    answered: float
    clarified: float
    escalated: float
    redirected: float
    top_escalated: tuple[tuple[str, int], ...]
    open_escalations: int
    overdue: tuple[tuple[str, dt.date], ...]
    undelivered: int = 0  # escalations given up in the last 30 days (never reached HR, or the reply never reached the asker)
    confirmed: tuple[tuple[str, str, dt.date], ...] = ()  # (section id, confirmed by, reviewed on), newest first


def summarize(questions: Iterable[LoggedQuestion], knowledge: Knowledge, today: dt.date, *,
              open_escalations: int = 0, undelivered: int = 0, reviews: Iterable[Review] = ()) -> Summary:
    """The summary of `questions` as of `today` (dates compared in UTC, like `asked_at`); `reviews` are the
    confirmations of the review DM to list (the caller picks the period)."""
    def within(q: LoggedQuestion, days: int) -> bool:
        return today - dt.timedelta(days=days) < q.asked_at.date() <= today

    recent = [q for q in questions if within(q, WINDOW_LONG)]
    n = len(recent)

    def share(pred) -> float:
        return sum(1 for q in recent if pred(q)) / n if n else 0.0

    topics: Counter[str] = Counter()
    for q in recent:
        if went_to_hr(q) and q.candidates and q.candidates[0].get("section") in knowledge.sections:
            topics[q.candidates[0]["section"]] += 1
    overdue = [(s.id, s.reviewed) for s in knowledge.overdue(today)]
    return Summary(
        today=today,
        last_7=sum(1 for q in recent if within(q, WINDOW_SHORT)),
        last_30=n,
        answered=share(lambda q: q.outcome == "answer" and q.escalation_id is None),
        clarified=share(lambda q: q.outcome == "clarify" and q.escalation_id is None),
        escalated=share(went_to_hr),
        redirected=share(redirected),
        top_escalated=tuple(sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))[:3]),
        open_escalations=open_escalations,
        overdue=tuple(overdue),
        undelivered=undelivered,
        confirmed=tuple((v.section, v.confirmed_by, v.reviewed_on) for v in reviews),
    )
