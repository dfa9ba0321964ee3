"""A Block Kit message as readable plain text, for the local terminal chat."""

from __future__ import annotations

import re

from .kit import Message

_LINK = re.compile(r"<([^<>|]+)\|([^<>]+)>")
_BARE = re.compile(r"<([@#!]?)([^<>|]+)>")


def mrkdwn_to_text(text: str, names: dict[str, str] | None = None) -> str:
    """Slack mrkdwn as plain text; `names` turns user ids in mentions into names."""
    names = names or {}
    text = _LINK.sub(lambda m: m.group(2) if m.group(1).startswith("mailto:") else f"{m.group(2)} ({m.group(1)})", text)
    text = _BARE.sub(lambda m: f"{m.group(1)}{names.get(m.group(2), m.group(2))}" if m.group(1) in ("@", "#") else m.group(2), text)
    text = re.sub(r"(?<!\w)\*([^*\n]+)\*(?!\w)", r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def as_text(msg: Message, names: dict[str, str] | None = None) -> str:
    """A Block Kit message as readable text: sections, context lines and [buttons]."""
    blocks = msg.get("blocks") or []
    if not blocks:
        return mrkdwn_to_text(msg.get("text", ""), names)
    out: list[str] = []
    for b in blocks:
        kind = b.get("type")
        if kind in ("section", "header"):
            out.append(mrkdwn_to_text(b["text"]["text"], names))
        elif kind == "context":
            out.append("  " + " ".join(mrkdwn_to_text(e.get("text", ""), names) for e in b.get("elements", [])))
        elif kind == "actions":
            out.append(" ".join(f"[{e['text']['text']}]" for e in b.get("elements", []) if e.get("type") == "button"))
        elif kind == "divider":
            out.append("—" * 40)
    return "\n".join(out)
