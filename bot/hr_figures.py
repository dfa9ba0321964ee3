"""The rules HR's figures count by, defined once: the Slack summary (`/smpolicy report`, HR's App
Home) and the CLI report (`smpolicy report`) both use these, so they agree for the same days.

Each takes one row of the question log (`bot.store.LoggedQuestion`, or anything with the same fields).
"""

from __future__ import annotations


def went_to_hr(q) -> bool:
    """The question reached HR: the bot escalated it (not a redirect elsewhere), or the asker forwarded it
    after "Not helpful" (then the row is linked to its escalation)."""
    return q.escalation_id is not None or (q.outcome == "escalate" and not q.matter)


def unanswered(q) -> bool:
    """A gap in the guidelines: the question went to HR, or its answer was marked not helpful."""
    return went_to_hr(q) or q.feedback == "not_helpful"


def redirected(q) -> bool:
    """Sent elsewhere (leave, IT...: a not-covered matter's redirect), and neither to HR nor a gap."""
    return bool(q.matter) and not unanswered(q)
