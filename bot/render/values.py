"""What a button carries: one small typed value, and its encode / decode pair.

    value = ButtonValue(language="en", section="private-use", question_id=12, question="Mag ik...?")
    button(label, HELPFUL, value.encode())
    ButtonValue.decode(action["value"])  # the same value back; None for anything that is not one

On the wire it is compact JSON with one-letter keys (Slack allows 2,000 characters
per button value and 150 per menu option): `l` language, `s` section, `c` candidate
sections, `i` the logged question's id, `e` the escalation's id, `q` the question
text. Fields left at their default are not written; the question is shortened
(last) when the value would not fit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields

from .kit import MAX_BUTTON_VALUE

LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class ButtonValue:
    """A button's (or menu option's) payload; every field optional."""

    language: str | None = None  # "nl" | "en": the asker's language
    section: str | None = None  # the section the button is about (an answer's, a clarify pick, a menu option)
    candidates: tuple[str, ...] = ()  # the answer's closest sections, best first (forwarded to HR)
    question_id: int | None = None  # the question log's row: feedback and picks change only that row
    escalation_id: int | None = None  # HR's "Add to knowledge" acts on this escalation
    question: str = ""  # the question text (lives in the user's own message, not in our log)

    @property
    def lang(self) -> str:
        """The language to answer in: the value's, else Dutch."""
        return self.language if self.language in LANGUAGES else "nl"

    def encode(self, limit: int = MAX_BUTTON_VALUE) -> str:
        """The value as a button value of at most `limit` characters (the question is shortened to fit)."""
        return encode_value(self.as_dict(), limit)

    def as_dict(self) -> dict:
        data: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != f.default:
                data[_KEYS[f.name]] = list(value) if isinstance(value, tuple) else value
        return data

    @classmethod
    def decode(cls, value: str | None) -> ButtonValue | None:
        """The value a button carried; None when it is not one (not JSON, not an object, a wrong type)."""
        data = decode_value(value) if value else {}
        if value and not data and value.strip() != "{}":
            return None
        try:
            return cls(**{name: _check(name, data[key]) for name, key in _KEYS.items() if key in data})
        except (TypeError, ValueError):
            return None


_KEYS = {"language": "l", "section": "s", "candidates": "c", "question_id": "i", "escalation_id": "e",
         "question": "q"}


def _check(name: str, raw):
    """A field's wire value, typed; ValueError for a wrong type."""
    if name in ("question_id", "escalation_id"):
        if raw is None or (isinstance(raw, int) and not isinstance(raw, bool)):
            return raw
    elif name == "candidates":
        if isinstance(raw, list) and all(isinstance(s, str) for s in raw):
            return tuple(raw)
    elif name == "question":
        if isinstance(raw, str):
            return raw
    elif raw is None or isinstance(raw, str):  # language, section
        return raw
    raise ValueError(f"button value field {name!r} has the wrong type")


def encode_value(data: dict, limit: int = MAX_BUTTON_VALUE) -> str:
    """A button value holding `data`; the question ('q') is shortened to fit `limit` characters."""
    data = dict(data)
    value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    while len(value) > limit and data.get("q"):
        data["q"] = data["q"][: max(0, len(data["q"]) - (len(value) - limit) - 1)]
        value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return value


def decode_value(value: str | None) -> dict:
    """The raw JSON object of a button value ({} for anything else); `ButtonValue.decode` types it."""
    try:
        data = json.loads(value or "{}")
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}
