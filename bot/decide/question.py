"""Turning whatever a user typed into a question the engine can score, or a reason it can't.

Slack delivers markup (`<@U123>`, `<https://…|label>`, `:emoji:`) and people
paste anything: empty lines, megabytes, binary. This module decides once, for
every adapter, what counts as a question.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_SLACK_MENTION = re.compile(r"<[@!][^>]*>")
_SLACK_LINK = re.compile(r"<(?:#[A-Z0-9]+\|)?([^>|]*)(?:\|([^>]*))?>")
_EMOJI_CODE = re.compile(r":[a-z0-9_+\-']+:")
_SPACES = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")  # in a str these are always lone: undecodable bytes, bad escapes


class InvalidQuestion(ValueError):
    """The input is not a question; `reason` is a key into bot.messages (invalid.*)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Question:
    text: str
    truncated: bool = False


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t"


def as_input(text: str) -> str | bytes:
    """What an adapter hands the engine for `text`: the text itself, or, when it holds lone
    surrogates (undecodable bytes carried by errors='surrogateescape', or a JSON "\\ud800"
    escape from Slack), bytes that are not UTF-8, which clean_question refuses as binary
    (and which nothing tries to detect a language in)."""
    return text.encode("utf-8", "surrogatepass") if _SURROGATE.search(text) else text


def read_lines(stream) -> Iterator[str | bytes]:
    """Lines of a binary stream without their line ends: text when valid UTF-8, else the bytes."""
    for raw in stream:
        raw = raw.rstrip(b"\n")
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield raw


@dataclass(frozen=True)
class Line:
    """One line of `smpolicy ask` input: the text to answer, the conversation it belongs to, or why it can't be.

    `thread` is None for a plain line (it stands alone); `invalid` is a key into bot.messages
    (invalid.*) for a JSON line that is not an object with a string `text`.
    """

    text: str | bytes
    thread: str | None = None
    invalid: str | None = None


def as_line(raw: str | bytes) -> Line:
    """A plain line as itself; a line that starts like JSON (`{` or `[`) as `{"text": ..., "thread": ...}`.

    `thread` may be any JSON scalar (it is compared as text); a line with a `thread` that is not a
    scalar, with no string `text`, or that does not parse, is refused as invalid.json, never guessed.
    """
    if isinstance(raw, bytes) or not raw.lstrip().startswith(("{", "[")):
        return Line(raw)
    try:
        data = json.loads(raw)
    except ValueError:
        return Line(raw, invalid="json")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return Line(raw, invalid="json")
    thread = data.get("thread")
    if thread is not None and not isinstance(thread, (str, int, float, bool)):
        return Line(raw, invalid="json")
    return Line(as_input(data["text"]), None if thread is None else str(thread))


def clean_question(raw: str | bytes, max_chars: int = 2000) -> Question:
    """The question as plain text, at most `max_chars` long; InvalidQuestion when there is none.

    Long input is cut, not refused: the first part of a long story usually
    holds the question, and the user is told that the rest was not read.
    """
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidQuestion("binary") from None
    if _SURROGATE.search(raw):  # not text: nothing downstream (language detection, JSON, Slack) can encode it
        raise InvalidQuestion("binary")
    # Bound the work on huge input before any regex runs over it.
    raw = raw[: max_chars * 4]
    controls = sum(_is_control(ch) for ch in raw)
    if "\x00" in raw or (raw and controls / len(raw) > 0.05):
        raise InvalidQuestion("binary")
    text = "".join(" " if _is_control(ch) else ch for ch in raw)
    text = _SLACK_MENTION.sub(" ", text)
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _EMOJI_CODE.sub(" ", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = _SPACES.sub(" ", text).strip()
    if not text:
        raise InvalidQuestion("empty")
    if not any(unicodedata.category(ch)[0] in "LN" for ch in text):
        raise InvalidQuestion("no_words")
    truncated = len(text) > max_chars
    if truncated:
        cut = text[:max_chars]
        space = cut.rfind(" ")
        text = cut[:space] if space > max_chars * 0.8 else cut
    return Question(text, truncated)
