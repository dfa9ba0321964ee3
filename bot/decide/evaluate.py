"""Answer quality on a labelled question file, counted the way HR experiences it.

A question is *correct* when answered with an expected section, *clarified*
when a clarify offers one, *wrong* when answered (or clarified) without one,
*missed* when an in-scope question is escalated, and an out-of-scope question
(expect: null) is *answered* when it gets an answer or a clarify: anything that
offers a guideline section. `expect` may list several acceptable sections.
This is the one definition; calibration counts with the same `verdict`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..search.text import detect_language
from .answer import Answer


@dataclass(frozen=True)
class Labelled:
    question: str
    expect: tuple[str, ...] | None  # acceptable section ids; None = outside the guidelines
    language: str


def _expect(value) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(str(v) for v in value) if isinstance(value, (list, tuple)) else (str(value),)


def read_questions(path: Path | str) -> list[Labelled]:
    """Questions from a file shaped like dev_questions.yaml: `questions: [{q, expect}]`."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    items = data.get("questions", data) if isinstance(data, dict) else data
    out = []
    for item in items:
        q = str(item["q"])
        out.append(Labelled(q, _expect(item.get("expect")), item.get("language") or detect_language(q)))
    return out


def verdict(outcome: str, offered: list[str] | tuple[str, ...], expect: tuple[str, ...] | None) -> str:
    """One of correct, clarified, wrong, missed (in scope); rejected, answered (out of scope).

    `offered` are the sections shown, the answered one first.
    """
    if expect is None:
        return "answered" if outcome in ("answer", "clarify") else "rejected"
    if outcome == "answer":
        return "correct" if offered and offered[0] in expect else "wrong"
    if outcome == "clarify":
        return "clarified" if set(offered) & set(expect) else "wrong"
    return "missed"


def verdict_of(answer: Answer, expect: tuple[str, ...] | None) -> str:
    offered = [answer.section] if answer.outcome == "answer" else [c.section for c in answer.candidates]
    return verdict(answer.outcome, offered, expect)


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    by_language: dict[str, Counter] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)

    def add(self, item: Labelled, answer: Answer) -> None:
        v = verdict_of(answer, item.expect)
        self.counts[v] += 1
        self.by_language.setdefault(item.language, Counter())[v] += 1
        expect = list(item.expect) if item.expect else None
        self.rows.append({"question": item.question, "expect": expect, "verdict": v,
                          "outcome": answer.outcome, "section": answer.section,
                          "candidates": [c.section for c in answer.candidates]})

    @staticmethod
    def summary(c: Counter) -> dict:
        in_scope = c["correct"] + c["clarified"] + c["wrong"] + c["missed"]
        out_scope = c["rejected"] + c["answered"]
        pct = lambda n, d: round(100.0 * n / d, 1) if d else 0.0
        return {
            "in_scope": in_scope, "out_of_scope": out_scope,
            "correct": c["correct"], "correct_pct": pct(c["correct"], in_scope),
            "clarified": c["clarified"], "clarified_pct": pct(c["clarified"], in_scope),
            "wrong": c["wrong"], "wrong_pct": pct(c["wrong"], in_scope),
            "missed": c["missed"], "missed_pct": pct(c["missed"], in_scope),
            "oos_answered": c["answered"], "oos_answered_pct": pct(c["answered"], out_scope),
        }

    def to_dict(self) -> dict:
        return {"all": self.summary(self.counts),
                **{lang: self.summary(c) for lang, c in sorted(self.by_language.items())}}


def evaluate(items: Iterable[Labelled], ask: Callable[[str], Answer]) -> Report:
    report = Report()
    for item in items:
        report.add(item, ask(item.question))
    return report


# --- conversations ------------------------------------------------------------------------------

RIGHT = frozenset({"correct", "clarified", "rejected"})  # answered or clarified with a right section, or kept out


@dataclass(frozen=True)
class LabelledTurn:
    question: str
    expect: tuple[str, ...] | None
    follow_up: bool | None  # as labelled (continues the topic), None when the file does not say


def read_conversations(path: Path | str) -> list[list[LabelledTurn]]:
    """Conversations from either file shape: `conversations: [[{q, expect}]]` or
    `conversations: [{lang, turns: [{q, expect, follow_up}]}]`."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    out = []
    for conv in data.get("conversations", []):
        turns = conv["turns"] if isinstance(conv, dict) else conv
        out.append([LabelledTurn(str(t["q"]), _expect(t.get("expect")), t.get("follow_up")) for t in turns])
    return out


def evaluate_conversations(conversations: Iterable[list[LabelledTurn]],
                           ask: Callable[[str, list, float], Answer]) -> dict[str, Counter]:
    """Verdicts counted per kind of turn: 'first', 'later' (every turn after the first), and among later
    ones 'continues' / 'switches' (as labelled). `ask(text, context, now)` answers one turn; `context` is
    the conversation's turns so far (`Answer.turn`), one second apart, `now` the turn's time."""
    counts: dict[str, Counter] = {k: Counter() for k in ("first", "later", "continues", "switches")}
    for conv in conversations:
        context: list = []
        for n, item in enumerate(conv):
            answer = ask(item.question, context, float(n))
            right = verdict_of(answer, item.expect) in RIGHT
            kinds = ["first"] if n == 0 else ["later"] + (
                [] if item.follow_up is None else ["continues" if item.follow_up else "switches"])
            for kind in kinds:
                counts[kind]["right" if right else "not"] += 1
                counts[kind]["read_as_follow_up"] += answer.follow_up
            turn = answer.turn(float(n))
            if turn is not None:
                context.append(turn)
    return counts


def format_conversations(name: str, counts: dict[str, Counter]) -> str:
    parts = []
    for kind, c in counts.items():
        n = c["right"] + c["not"]
        if n:
            parts.append(f"{kind} {100.0 * c['right'] / n:.1f}% right of {n} "
                         f"(read as follow-up {c['read_as_follow_up']})")
    return f"  {name:<16} " + "; ".join(parts)


def format_report(name: str, report: Report) -> str:
    lines = [f"{name}"]
    header = f"  {'':<4} {'in':>4} {'correct':>9} {'clarify':>9} {'wrong':>8} {'missed':>8} {'oos answered':>13}"
    lines.append(header)
    for key, s in report.to_dict().items():
        lines.append(
            f"  {key:<4} {s['in_scope']:>4} {s['correct_pct']:>8.1f}% {s['clarified_pct']:>8.1f}% "
            f"{s['wrong_pct']:>7.1f}% {s['missed_pct']:>7.1f}% {s['oos_answered']:>5}/{s['out_of_scope']:<3}"
            f"({s['oos_answered_pct']:.0f}%)"
        )
    return "\n".join(lines)
