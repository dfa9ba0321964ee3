"""Whether a message asks for a draft check, and which text is the draft. Pure, no model.

Two forms (README, "Draft check"): a message that starts with "check:" (or "controleer:"), and a
message that quotes a draft and asks whether it is fine ("Kan ik dit zo posten: '…'?").
"""

from __future__ import annotations

import re

from ..search.understand import quoted_draft

_PREFIX = re.compile(r"^\s*(?:check|controleer|check ?dit|check this)\s*[:\-–]\s*(?=\S)", re.IGNORECASE)
_COMMAND = re.compile(r"^\s*check\b[:\s]*", re.IGNORECASE)
_FINE = re.compile(
    r"\b(?:is (?:dit|dat|het) (?:zo )?(?:goed|ok|oke|oké|prima|in orde|akkoord)|kan (?:dit|dat) (?:zo|wel|door)|"
    r"kan (?:dit|dat)(?=\s*[?!.]|\s*$)|"
    r"mag (?:dit|dat)(?: zo)?|kan ik (?:dit|dat) (?:zo )?(?:posten|plaatsen|delen|versturen)|"
    r"mag ik (?:dit|dat) (?:zo )?(?:posten|plaatsen|delen)|is (?:this|that|it) (?:ok|okay|fine|alright|good)|"
    r"(?:can|may|could) i (?:post|share|publish|send) (?:this|that|it)|good to go|ok to post|fine to post)\b",
    re.IGNORECASE,
)


def dm_draft(text: str) -> str | None:
    """The draft a DM asks to check, or None when the message is a question for the engine."""
    prefixed = _PREFIX.match(text)
    if prefixed:
        return text[prefixed.end():]
    draft, rest = quoted_draft(text)
    if draft and _FINE.search(rest):
        return draft
    return None


def command_draft(text: str) -> str | None:
    """`/smpolicy check <draft>`: the draft ('' for a bare `check`), or None for another command."""
    m = _COMMAND.match(text)
    return text[m.end():].strip() if m else None
