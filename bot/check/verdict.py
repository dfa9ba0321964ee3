"""The draft check's value: detector hits, HR's cues and sentence similarity combined into flags.

`DraftCheck.to_dict()` is the JSON contract of `smpolicy check --json` (README, "Draft check"):
verdict, flags (section, severity, quote, start, end, why, suggestion), language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Literal

from ..knowledge import Knowledge
from ..knowledge.load import DRAFT_PLATFORMS
from ..messages import say
from .detectors import Hit
from .learned import Learned
from .similar import Near

Verdict = Literal["ok", "caution", "risk", "invalid"]
PLATFORMS = DRAFT_PLATFORMS
_RANK = {"caution": 1, "risk": 2}


@dataclass(frozen=True)
class Margins:
    """When similarity flags a sentence or confirms a cue, and how the risk model's reading counts. The
    similarity margins were chosen on the dev drafts, the model's leaving one writer of example drafts out
    at a time (README, "Draft check"); never on a blind set."""

    flag: float = 0.62  # a sentence this close to a don't or cue is flagged (caution) on its own...
    lead: float = 0.06  # ...when that section leads the next by this much
    confirm: float = 0.45  # a cue (or detector) in a sentence at least this close to its section's don'ts is a risk
    learned: float = 0.45  # the risk model's 1 - P(clean) that flags a draft (caution) under its likeliest section...
    second: float = 0.2  # ...and under the next one too when that is at least this share as likely
    downgrade: float = 0.4  # below this 1 - P(clean) the draft reads clean: word hits are cautions, likeness to a
    # don't alone flags nothing...
    dismiss: float = 0.1  # ...and below this they are dropped (firm hits, such as an IBAN, always stand)


@dataclass(frozen=True)
class Flag:
    """One risk in the draft: `draft[start:end] == quote`; `why` and `suggestion` in the draft's language."""

    section: str
    severity: Literal["caution", "risk"]
    quote: str
    start: int
    end: int
    why: str
    suggestion: str
    kind: str  # the detector, "signal" (HR's cue), "similar" (reads like a don't) or "learned" (the risk model)


@dataclass(frozen=True)
class DraftCheck:
    verdict: Verdict
    language: str
    flags: tuple[Flag, ...] = ()
    platform: str | None = None
    truncated: bool = False
    message: str | None = None  # why the input could not be checked (invalid.*)
    sections: tuple[str, ...] = field(default=())  # flagged section ids, most severe first

    def to_dict(self) -> dict:
        """JSON-ready form; keep stable (the CLI's `--json` contract)."""
        data = asdict(self)
        data["flags"] = [asdict(f) for f in self.flags]
        data["sections"] = list(self.sections)
        return data


def _explain(kind: str, section: str, knowledge: Knowledge, language: str, matched: str = "") -> tuple[str, str]:
    entry = knowledge.sections.get(section)
    do = entry.do.get(language)[0] if entry and entry.do.get(language) else ""
    if kind in ("signal", "similar", "learned"):
        why = say(f"check.{kind}.why", language, title=entry.title.get(language) if entry else section, dont=matched)
        return why, do
    return say(f"check.{kind}.why", language), say(f"check.{kind}.do", language)


def combine(text: str, hits: list[Hit], cues: list[Hit], near: list[Near], knowledge: Knowledge, language: str,
            margins: Margins | None = None, learned: Learned | None = None) -> tuple[Flag, ...]:
    """Flags, most severe first then by position; one per section and sentence span."""
    margins = margins or Margins()
    def closeness(section: str, start: int) -> float:
        return max((n.score for n in near if n.section == section and n.span.start <= start < n.span.end),
                   default=0.0)

    raw: list[tuple[Hit, str]] = [(h, "") for h in hits]
    for cue in cues:
        severity = "risk" if closeness(cue.section, cue.start) >= margins.confirm else "caution"
        raw.append((Hit("signal", cue.section, severity, cue.start, cue.end), ""))
    if any(h.kind == "review_reply" for h in hits):
        hostile = [h for h in hits if h.kind in ("insult", "complaint")]
        raw += [(Hit("review_reply", "review-responses", "risk", h.start, h.end), "") for h in hostile]
    flagged = {h.section for h, _ in raw}
    for n in near:
        if n.section in knowledge.sections and n.score >= margins.flag and n.lead >= margins.lead \
                and n.section not in flagged:
            raw.append((Hit("similar", n.section, "caution", n.span.start, n.span.end), n.matched))
            flagged.add(n.section)
    if learned is not None:
        raw = _read_with(learned, raw, margins, knowledge)
    flags: list[Flag] = []
    for hit, matched in sorted(raw, key=lambda x: (-_RANK[x[0].severity], x[0].start)):
        if any(f.section == hit.section and f.start < hit.end and hit.start < f.end for f in flags):
            continue
        why, do = _explain(hit.kind, hit.section, knowledge, language, matched)
        flags.append(Flag(hit.section, hit.severity, text[hit.start:hit.end], hit.start, hit.end,  # type: ignore[arg-type]
                          why, do, hit.kind))
    return tuple(sorted(flags, key=lambda f: (-_RANK[f.severity], f.start)))


def _read_with(learned: Learned, raw: list[tuple[Hit, str]], margins: Margins,
               knowledge: Knowledge) -> list[tuple[Hit, str]]:
    """The word hits weighed by the risk model's reading of the whole draft, plus its own cautions."""
    if learned.risk < margins.dismiss:
        raw = [(h, m) for h, m in raw if h.firm]
    elif learned.risk < margins.downgrade:
        raw = [(h if h.firm else replace(h, severity="caution"), m) for h, m in raw if h.kind != "similar"]
    flagged = {h.section for h, _ in raw}
    if learned.risk >= margins.learned and learned.readings:
        first = learned.readings[0].probability
        for reading in learned.readings:
            if reading.probability >= margins.second * first and reading.section not in flagged \
                    and reading.section in knowledge.sections:
                raw.append((Hit("learned", reading.section, "caution", reading.span.start, reading.span.end), ""))
    return raw


def verdict_of(flags: tuple[Flag, ...]) -> Verdict:
    if any(f.severity == "risk" for f in flags):
        return "risk"
    return "caution" if flags else "ok"


def sections_of(flags: tuple[Flag, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.section for f in flags))
