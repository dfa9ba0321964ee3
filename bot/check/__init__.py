"""The draft check: a post someone means to publish in, its guideline risks out (`DraftCheck`).

    check = check_draft(engine, "Sneak peek of our Q3 numbers 📊", platform="linkedin")
    check.verdict  # "risk"

Knows nothing of Slack or click. Detectors (`detectors`) and HR's cues (`signals`) find the words;
sentence similarity to the don'ts (`similar`) confirms cues; the risk model learned from HR's example
drafts (`learned`) notices risks said in new words; `verdict` combines them. The draft is checked as
typed (offsets slice the quote out of it), on its first `MAX_DRAFT_CHARS` characters.
"""

from __future__ import annotations

import unicodedata

from ..decide.question import InvalidQuestion, clean_question
from ..search.text import detect_language
from .detectors import detect
from .learned import assess
from .sentences import sentence_spans
from .signals import find_signals
from .similar import nearest, references
from .verdict import PLATFORMS, DraftCheck, Flag, Margins, combine, sections_of, verdict_of

MAX_DRAFT_CHARS = 5000
DEFAULT_MARGINS = Margins()
__all__ = ["MAX_DRAFT_CHARS", "PLATFORMS", "DraftCheck", "Flag", "Margins", "check_draft", "draft_text"]


def draft_text(raw: str, max_chars: int = MAX_DRAFT_CHARS) -> tuple[str, bool]:
    """The part of `raw` that is checked (cut at a word boundary) with control characters as spaces,
    so offsets into it are offsets into what the user typed; and whether it was cut."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" and ch not in "\n\t" else ch for ch in raw)
    if len(text) <= max_chars:
        return text, False
    cut = text[:max_chars]
    space = cut.rfind(" ")
    return (cut[:space] if space > max_chars * 0.8 else cut), True


def check_draft(engine, raw: str | bytes, platform: str | None = None,
                margins: Margins = DEFAULT_MARGINS) -> DraftCheck:
    """The verdict and flags for `raw`; verdict 'invalid' (message: empty | no_words | binary) when it is not text."""
    platform = platform if platform in PLATFORMS else None
    try:
        cleaned = clean_question(raw, MAX_DRAFT_CHARS)
    except InvalidQuestion as exc:
        return DraftCheck("invalid", "nl", platform=platform, message=exc.reason)
    text, truncated = draft_text(raw if isinstance(raw, str) else raw.decode("utf-8"))
    language = detect_language(cleaned.text)
    state = engine.state
    spans = sentence_spans(text)
    near, learned = [], None
    if spans:
        from ..search.vectors import embed  # faiss and the model only when a draft is checked

        vectors = embed(engine.model, [text[s.start:s.end] for s in spans])
        near = nearest(vectors, spans, references(state, engine.model))
        # The whole draft in a call of its own: batched with its sentences, they would all be padded to its length.
        whole = embed(engine.model, [text])[0] if len(spans) > 1 else vectors[0]
        learned = assess(state, text, whole, spans, vectors)
    flags = combine(text, detect(text, platform), find_signals(text, state.knowledge), near, state.knowledge,
                    language, margins, learned)
    return DraftCheck(verdict_of(flags), language, flags, platform, truncated, sections=sections_of(flags))
