"""Confusable knowledge: texts of one section that the engine would place in another.

When an example phrasing, a do or a don't of one section reads closer to a
neighbouring section, questions worded like it are answered from the wrong
section or end in a clarify. HR cannot see that from the YAML. Each text is
scored as a question with its own fold left out (the same held-out scoring
that calibration uses), and every text whose best section is not its own is
reported with its file and line, so HR can reword it or move it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..knowledge import Knowledge
from .calibrate import held_out_signals, replay
from .engine import Engine

FIELDS = ("questions", "do", "dont", "question")


@dataclass(frozen=True)
class Overlap:
    file: str
    line: int
    section: str  # where the text is
    closer_to: str  # where the engine would place it
    field: str
    text: str
    own: float  # blended score of its own section
    other: float  # blended score of the other target

    def __str__(self) -> str:
        kind = {"questions": "example", "question": "FAQ question", "do": "do", "dont": "don't"}[self.field]
        return (f"{self.file}:{self.line}: the {kind} \u201c{self.text}\u201d of {self.section} reads closer to "
                f"{self.closer_to} ({self.other:.2f}) than to its own section ({self.own:.2f})")


def _line_of(knowledge: Knowledge, file: str, text: str, fallback: int) -> int:
    """The line where `text` stands in its file (texts are not stored with their own line)."""
    source = next((data for rel, data in knowledge.sources.items() if file.endswith(rel)), b"")
    needle = text[:40]
    lines = source.decode("utf-8", "replace").splitlines()
    return next((n for n, line in enumerate(lines, 1) if needle in line), fallback)


MARGIN = 0.1  # how far another target must lead (blended score) before a text is reported


def find_overlaps(engine: Engine, folds: int = 5, margin: float = MARGIN) -> list[Overlap]:
    """Every section text whose held-out best target is another section or a not-covered matter,
    by at least `margin`, worst first."""
    state = engine._state
    knowledge, docs, targets = state.knowledge, state.index.manifest.docs, state.lexical.targets
    out: list[Overlap] = []
    for h in held_out_signals(engine, folds, FIELDS):
        doc = docs[h.doc]
        if doc.kind == "not_covered":
            continue
        scores = replay(targets, h, engine.thresholds)
        top = int(scores.order[0])
        if targets[top] == doc.target:
            continue
        own = float(scores.combined[targets.index(doc.target)])
        if float(scores.combined[top]) - own < margin:
            continue
        entry = knowledge.faq[doc.entry] if doc.kind == "faq" else knowledge.sections[doc.target]
        line = _line_of(knowledge, entry.file, doc.text, entry.line)
        out.append(Overlap(entry.file, line, doc.target, targets[top], doc.field, doc.text, own,
                           float(scores.combined[top])))
    return sorted(out, key=lambda o: o.own - o.other)
