"""Sentences of a draft as character spans, so every flag can point at the words it is about."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOUNDARY = re.compile(r"[.!?…]+(?=\s|$)|\n+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def sentence_spans(text: str) -> list[Span]:
    """Non-empty sentences of `text` as (start, end) offsets, leading and trailing spaces left out."""
    spans: list[Span] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        spans.append(Span(start, m.end()))
        start = m.end()
    spans.append(Span(start, len(text)))
    out = []
    for s in spans:
        a, b = s.start, s.end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append(Span(a, b))
    return out
