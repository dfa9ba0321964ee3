"""The App Home as a pocket card, and the topic modal it opens.

    home_view(knowledge, "nl", top=hr_summary_blocks)   # views.publish
    topic_modal(knowledge, "private-use", "nl")          # views.open, from a topic's button

The guideline content comes from the knowledge (the core values' one-liners are the
`pocket` lines of the sections that have them); this module only lays it out within
Slack's view limits (100 blocks, 3,000 characters per text, 75 per button label,
24 per modal title).
"""

from __future__ import annotations

from ..knowledge import Knowledge, Section
from ..messages import say
from ..slack.directory import slack_id_kind
from .employee import mention
from .kit import (
    MAX_VIEW_BLOCKS,
    OPEN_DRAFT_CHECK,
    OPEN_TOPIC,
    button,
    clip,
    escape,
    message,
    section,
    sections,
)
from .values import ButtonValue

MAX_MODAL_TITLE = 24  # Slack's limit for a modal's title and its close button


def _header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, 150)}}


def _divider() -> dict:
    return {"type": "divider"}


def pocket_line(line: str) -> str:
    """'Respect: be decent' as a bullet with the value's name in bold (escaped like all knowledge text)."""
    name, sep, rest = line.partition(":")
    if sep and 0 < len(name) <= 40:
        return f"• *{escape(name.strip())}*: {escape(rest.strip())}"
    return f"• {escape(line)}"


def pocket_card(knowledge: Knowledge, language: str) -> list[dict]:
    """The core values, one line each: every section's `pocket` lines (none: no card)."""
    lines = [pocket_line(line) for s in knowledge.sections.values() for line in s.pocket.get(language)]
    if not lines:
        return []
    return [section(f"*{say('slack.home.values', language)}*\n" + "\n".join(lines))]


def topic_row(s: Section, language: str) -> dict:
    """One topic: its title, and a button that opens it in a modal (the value: language and section id)."""
    return {**section(f"*{escape(s.title.get(language))}*"),
            "accessory": button(say("slack.home.open_topic", language), OPEN_TOPIC,
                                ButtonValue(language=language, section=s.id).encode())}


def home_view(knowledge: Knowledge, language: str, *, top: list[dict] | None = None) -> dict:
    """The App Home tab in `language`: the core values, how and what to ask, the topics (each opens a
    modal), "Check a draft", the contacts. `top` (HR's summary, for HR users) comes first, above a divider.
    """
    lang = language
    blocks: list[dict] = [*top, _divider()] if top else []
    blocks += [_header(say("slack.home.title", lang)), *pocket_card(knowledge, lang)]
    blocks += [
        section(f"*{say('slack.home.examples_title', lang)}*\n{say('slack.home.examples', lang)}"),
        section(f"*{say('slack.home.how_title', lang)}*\n{say('slack.home.how', lang)}"),
        {**section(say("slack.home.draft", lang)),
         "accessory": button(say("slack.home.draft_button", lang), OPEN_DRAFT_CHECK, lang)},
        _divider(),
        section(f"*{say('slack.home.topics', lang)}*\n{say('slack.home.topics_hint', lang)}"),
    ]
    for s in sorted(knowledge.sections.values(), key=lambda s: s.title.get(lang).casefold()):
        blocks.append(topic_row(s, lang))
    blocks += [_divider(), section(f"*{say('slack.home.contacts', lang)}*")]
    for c in knowledge.contacts.values():
        role = c.role.get(lang)
        reach = f"<@{c.slack}> · " if slack_id_kind(c.slack) == "user" else ""
        blocks.append(section(f"*{escape(c.name)}*" + (f" – {escape(role)}" if role else "")
                              + f"\n{reach}<mailto:{c.email}|{escape(c.email)}>"))
    return {"type": "home", "blocks": message("", blocks, limit=MAX_VIEW_BLOCKS)["blocks"]}


def topic_modal(knowledge: Knowledge, section_id: str, language: str) -> dict:
    """A topic as a modal: its rule, do's, don'ts, contact and link (a short note for an unknown id)."""
    lang = language
    s = knowledge.sections.get(section_id)
    close = {"type": "plain_text", "text": clip(say("slack.topic.close", lang), MAX_MODAL_TITLE)}
    if s is None:
        return {"type": "modal", "title": {"type": "plain_text", "text": clip(say("slack.home.topics", lang),
                                                                              MAX_MODAL_TITLE)},
                "close": close, "blocks": [section(say("slack.topic.gone", lang))]}
    title = s.title.get(lang)
    blocks = [*sections(f"*{escape(title)}*\n{escape(s.rule.get(lang))}")]
    for key, icon, items in (("label.do", "✅", s.do.get(lang)), ("label.dont", "❌", s.dont.get(lang))):
        if items:
            blocks += sections(f"*{icon} {say(key, lang)}*\n" + "\n".join(f"• {escape(e)}" for e in items))
    contact = knowledge.contacts.get(s.contact)
    role = contact.role.get(lang) if contact else ""
    blocks.append(section(f"{say('label.contact', lang)} {mention(contact, lang)}"
                          + (f" – {escape(role)}" if role else "")))
    if s.link:
        blocks.append(section(f"<{s.link}|{say('label.link', lang)}>"))
    blocks.append({"type": "context", "elements": [
        {"type": "mrkdwn", "text": f"{say('label.reviewed', lang)} {s.reviewed.isoformat()}"}]})
    return {"type": "modal", "callback_id": "smpolicy_topic", "private_metadata": s.id,
            "title": {"type": "plain_text", "text": clip(title, MAX_MODAL_TITLE)}, "close": close,
            "blocks": message("", blocks, limit=MAX_VIEW_BLOCKS)["blocks"]}
