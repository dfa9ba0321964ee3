"""Block Kit primitives: Slack's limits, escaping and cutting, sections, buttons, messages.

Every message is a dict with `text` (the plain fallback Slack shows in notifications,
always set) and `blocks`, ready to pass as keyword arguments to `chat.postMessage`,
`say` or `respond`. Slack's limits are applied here, once: 3,000 characters per
section text, 75 per button label, 2,000 per button value, 150 per select option
value, 50 blocks per message (100 in a view).
"""

from __future__ import annotations

import re

# Slack's limits.
MAX_SECTION_TEXT = 3000
MAX_CONTEXT_TEXT = 2000
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_OPTION_VALUE = 150
MAX_OPTION_TEXT = 75
MAX_OPTIONS = 100
MAX_FALLBACK_TEXT = 3000
MAX_BLOCKS = 50
MAX_VIEW_BLOCKS = 100

# Action ids the Slack app listens for.
PICK = "smpolicy_pick"  # followed by _<n>: one clarify button per candidate
HELPFUL = "smpolicy_helpful"
NOT_HELPFUL = "smpolicy_not_helpful"
FORWARD_NAMED = "smpolicy_forward_named"
FORWARD_ANONYMOUS = "smpolicy_forward_anonymous"
SELECT_SECTION = "smpolicy_add_section"  # HR: the section menu of "Add to knowledge" (choosing only selects)
ADD_EXAMPLE = "smpolicy_add_example"  # HR: the escalated question becomes an example phrasing of a section
OPEN_DRAFT_CHECK = "open_draft_check"  # App Home: opens the draft-check modal
DRAFT_CHECK_VIEW = "smpolicy_draft_check"  # callback id of that modal (its view_submission)
DRAFT_INPUT, DRAFT_PLATFORM = "smpolicy_draft", "smpolicy_draft_platform"  # the modal's block / action ids
CHECK_SHORTCUT = "check_with_smpolicy"  # callback id of the message shortcut "Check with smpolicy"
ADD_FAQ = "smpolicy_add_faq"  # HR: the question and HR's reply become a new FAQ entry
ASK_HR_ANYWAY = "smpolicy_ask_hr_anyway"  # under a "not covered" redirect: put the question to HR after all
OPEN_TOPIC = "smpolicy_open_topic"  # App Home: a topic's button opens its rule, do's and don'ts in a modal
REDIRECT_BLOCK = "smpolicy_ask_hr"  # the block of "Ask HR anyway" / "Forward anonymously" under a redirect
CONFIRM_REVIEW = "smpolicy_confirm_review"  # a contact's review DM: "Still correct" for one section

Message = dict  # {"text": str, "blocks": list[dict]}


# --- small pieces -------------------------------------------------------------------------


# Bidirectional-text controls (U+202A-U+202E, U+2066-U+2069): they can make a message read
# differently from what it says, so they never reach Slack from user or knowledge text.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What a cut must never fall inside: an entity (&amp;), markup (<@U1>, <https://…|label>), a code span.
_ATOMS = re.compile(r"&#?\w{1,10};|<[^<>\n]*>|`[^`\n]*`")


def escape(text: str) -> str:
    """Text safe inside mrkdwn and in a message's `text` fallback: Slack reads &, < and > as markup.

    The one escape for every user- or knowledge-provided string; also drops bidi controls.
    """
    return _BIDI.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _atom_at(text: str, index: int) -> re.Match | None:
    """The entity, markup or code span that `index` falls strictly inside, if any."""
    for m in _ATOMS.finditer(text, max(0, index - 3000)):
        if m.start() >= index:
            return None
        if m.end() > index:
            return m
    return None


def _safe_cut(text: str, limit: int, *, prefer_breaks: bool = True) -> int:
    """An index <= `limit` to cut `text` at: at a line break or space when one is near, never inside an atom."""
    cut = limit
    if prefer_breaks:
        for sep in ("\n", " "):
            at = text.rfind(sep, 0, limit + 1)
            if at > limit // 2:
                cut = at
                break
    atom = _atom_at(text, cut)
    if atom is not None:
        if atom.start() > 0:
            cut = atom.start()
        else:  # one atom longer than the limit: cut it, but not inside an entity
            entity = re.compile(r"&#?\w{1,10};")
            inner = next((m for m in entity.finditer(text, max(0, limit - 12)) if m.start() < limit < m.end()), None)
            cut = inner.start() if inner else limit
    return max(1, cut)


def clip(text: str, limit: int) -> str:
    """`text` within `limit` characters, ending in "…" when cut; never cut inside an entity, markup or code span."""
    if len(text) <= limit:
        return text
    return text[: _safe_cut(text, limit - 1, prefer_breaks=False)].rstrip() + "…"


def split_mrkdwn(text: str, limit: int = MAX_SECTION_TEXT) -> list[str]:
    """`text` in pieces of at most `limit` characters, split at line breaks (else spaces), never inside an atom."""
    pieces = []
    while len(text) > limit:
        cut = _safe_cut(text, limit)
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip(" \n")
    pieces.append(text)
    return [p for p in pieces if p.strip()] or [""]


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)}}


def sections(text: str, *, quote: bool = False, limit: int = MAX_SECTION_TEXT) -> list[dict]:
    """As many section blocks as `text` needs (Slack takes 3,000 characters per section), nothing lost.

    With `quote`, every line of `text` is quoted ("> "), continuation pieces too.
    """
    if not quote:
        return [section(p) for p in split_mrkdwn(text, limit)]
    quoted = "\n".join("> " + line for line in text.splitlines() or [""])
    out = []
    for piece in split_mrkdwn(quoted, limit - 2):
        out.append(section(piece if piece.startswith("> ") else "> " + piece))
    return out


def context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, MAX_CONTEXT_TEXT)}]}


def button(label: str, action_id: str, value: str, style: str | None = None) -> dict:
    element = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(label, MAX_BUTTON_TEXT), "emoji": True},
        "action_id": action_id,
        "value": value[:MAX_BUTTON_VALUE],
    }
    if style:
        element["style"] = style
    return element


def actions(block_id: str, elements: list[dict]) -> dict:
    return {"type": "actions", "block_id": block_id, "elements": elements[:25]}


def message(text: str, blocks: list[dict], *, limit: int = MAX_BLOCKS) -> Message:
    """A message within Slack's limits: at most `limit` blocks (the buttons kept), text set."""
    if len(blocks) > limit:  # say how much did not fit rather than losing it silently
        tail = [b for b in blocks[-2:] if b["type"] in ("actions", "context")]
        keep = limit - len(tail) - 1
        blocks = blocks[:keep] + [context(f"… (+{len(blocks) - keep - len(tail)})")] + tail
    return {"text": clip(text.strip() or "…", MAX_FALLBACK_TEXT), "blocks": blocks}


def option(text: str, value: str) -> dict:
    return {"text": {"type": "plain_text", "text": clip(text, MAX_OPTION_TEXT), "emoji": True}, "value": value}


def text_message(text: str) -> Message:
    """A message of one text (as many sections as it needs is `message(text, sections(text))`)."""
    return message(text, [section(text)])
