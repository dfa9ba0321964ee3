"""The value every adapter renders: what the engine decided about one question.

Kept apart from the engine so that renderers, the Slack app and the store can
import it without pulling in the model, FAISS or anything else heavy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Outcome = Literal["answer", "clarify", "escalate", "help", "smalltalk", "invalid"]
Language = Literal["nl", "en"]


@dataclass(frozen=True)
class Turn:
    """What one answered turn leaves for the next: section ids (answered one first), language, time.

    No question text: the conversation context must not keep what the question log does not keep.
    """

    sections: tuple[str, ...]
    language: str
    at: float  # seconds since the epoch (time.time()) when the turn was answered


@dataclass(frozen=True)
class Candidate:
    """One section the question may be about, with the evidence for it."""

    section: str
    score: float
    dense: float
    lexical: float
    matched: str  # the knowledge text that matched best (shows HR why)
    faq: str | None  # the FAQ id when an FAQ question matched best


@dataclass(frozen=True)
class Answer:
    """The engine's decision.

    `outcome` is one of:
    - answer: `section` is the one entry we are confident about;
    - clarify: `candidates[:3]` are close, ask the user to pick;
    - escalate: nothing in the guidelines fits well enough (HR should answer);
      `redirect` is set when the question is about a known other matter
      (leave, IT, payroll...) and names where to go instead, `matter` is its id;
    - help: a greeting or a request for help, not a question (`message`: greeting | help);
    - smalltalk: thanks, a laugh, "are you a bot?": a short friendly reply, never a
      guideline answer (`message`: thanks | laugh | ack | bot);
    - invalid: the input cannot be a question (empty, binary...); `message` says why.

    `follow_up` is true when the message was read in the context of the conversation's
    previous turn, and `continues` names that turn's section (bot.decide.context).
    """

    question: str
    outcome: Outcome
    language: Language
    section: str | None = None
    faq: str | None = None  # the FAQ entry whose short answer leads the reply
    candidates: tuple[Candidate, ...] = ()
    redirect: str | None = None
    matter: str | None = None  # the not-covered id the redirect comes from
    message: str | None = None
    truncated: bool = False
    follow_up: bool = False  # read as a follow-up of the conversation's previous turn...
    continues: str | None = None  # ...whose section this is

    def turn(self, at: float) -> Turn | None:
        """What this answer leaves for the conversation's next message, or None when it names no section.

        A clarify leaves its candidates; small talk, help, refusals and escalations leave nothing,
        so "thanks" between two questions does not end the conversation's topic.
        """
        if self.outcome == "answer" and self.section:
            sections = (self.section, *(c.section for c in self.candidates if c.section != self.section))
        elif self.outcome == "clarify" and self.candidates:
            sections = tuple(c.section for c in self.candidates)
        else:
            return None
        return Turn(sections=sections[:3], language=self.language, at=at)

    def to_dict(self) -> dict:
        """JSON-ready form; the CLI's `--json` contract."""
        data = asdict(self)
        data["candidates"] = [c.section for c in self.candidates]
        data["scores"] = [round(c.score, 4) for c in self.candidates]
        data["evidence"] = [
            {"section": c.section, "dense": round(c.dense, 4), "lexical": round(c.lexical, 4),
             "faq": c.faq, "matched": c.matched}
            for c in self.candidates
        ]
        return data
