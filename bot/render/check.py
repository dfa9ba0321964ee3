"""A `DraftCheck` as a person reads it: terminal text, a Slack message, the draft-check modal.

One line verdict, then per flag the quoted words, the guideline it touches (title, linked), why and
what to do instead, then the contact; in Slack, "Helpful / Not helpful" like answers. Every text from
the draft or the knowledge is escaped (`kit.escape`).
"""

from __future__ import annotations

import textwrap

from ..check.verdict import PLATFORMS, DraftCheck
from ..knowledge import Knowledge
from ..messages import say
from .employee import mention
from .kit import (
    DRAFT_CHECK_VIEW,
    DRAFT_INPUT,
    DRAFT_PLATFORM,
    HELPFUL,
    MAX_VIEW_BLOCKS,
    NOT_HELPFUL,
    Message,
    actions,
    button,
    clip,
    context,
    escape,
    message,
    option,
    section,
    text_message,
)
from .terminal import contact_line
from .values import ButtonValue

_QUOTE_CHARS = 300


def _contact(check: DraftCheck, knowledge: Knowledge):
    return knowledge.contact_for(check.sections[0] if check.sections else None)


def render_check_text(check: DraftCheck, knowledge: Knowledge) -> str:
    """The check for a terminal (`smpolicy check`)."""
    lang = check.language
    if check.verdict == "invalid":
        return say(f"invalid.{check.message}", lang)
    out = [say("check.truncated", lang)] if check.truncated else []
    out.append(say(f"check.verdict.{check.verdict}", lang))
    if not check.flags:
        out.append(say("check.ok_detail", lang))
    for f in check.flags:
        s = knowledge.sections.get(f.section)
        title = s.title.get(lang) if s else f.section
        out.append("")
        out.append(f"{'🛑' if f.severity == 'risk' else '⚠️'} “{clip(f.quote, _QUOTE_CHARS)}”  [{f.section}]")
        out.append(f"  {say('check.rule', lang)}: {title}" + (f" ({s.link})" if s and s.link else ""))
        out.append(textwrap.fill(f"{say('check.why', lang)}: {f.why}", 88, initial_indent="  ", subsequent_indent="  "))
        if f.suggestion:
            out.append(textwrap.fill(f"{say('check.instead', lang)}: {f.suggestion}", 88, initial_indent="  ",
                                     subsequent_indent="  "))
    if check.flags:
        out.append("")
        out.append(say("check.contact", lang, contact=contact_line(_contact(check, knowledge), lang)))
    return "\n".join(out)


def check_blocks(check: DraftCheck, knowledge: Knowledge) -> list[dict]:
    """The check's blocks, without buttons (a modal shows these)."""
    lang = check.language
    if check.verdict == "invalid":
        return [section(say(f"invalid.{check.message}", lang))]
    blocks = [context(say("check.truncated", lang))] if check.truncated else []
    blocks.append(section(f"*{say(f'check.verdict.{check.verdict}', lang)}*"))
    if not check.flags:
        blocks.append(section(say("check.ok_detail", lang)))
    for f in check.flags[:12]:
        s = knowledge.sections.get(f.section)
        title = escape(s.title.get(lang) if s else f.section)
        rule = f"<{s.link}|{title}>" if s and s.link else title
        icon = "🛑" if f.severity == "risk" else "⚠️"
        lines = [f"{icon} “{escape(clip(f.quote, _QUOTE_CHARS))}”", f"*{say('check.rule', lang)}:* {rule}",
                 f"*{say('check.why', lang)}:* {escape(f.why)}"]
        if f.suggestion:
            lines.append(f"*{say('check.instead', lang)}:* {escape(f.suggestion)}")
        blocks.append(section("\n".join(lines)))
    if check.flags:
        blocks.append(context(say("check.contact", lang, contact=mention(_contact(check, knowledge), lang))))
    return blocks


def check_message(check: DraftCheck, knowledge: Knowledge, *, question_id: int | None = None) -> Message:
    """The check as a Slack message, with Helpful / Not helpful (the draft is not in the buttons)."""
    lang = check.language
    blocks = check_blocks(check, knowledge)
    if check.verdict != "invalid":
        value = ButtonValue(language=lang, section=check.sections[0] if check.sections else None,
                            candidates=check.sections[:3], question_id=question_id).encode()
        blocks.append(actions("smpolicy_feedback", [button(say("slack.helpful", lang), HELPFUL, value),
                                                    button(say("slack.not_helpful", lang), NOT_HELPFUL, value)]))
        return message(say(f"check.verdict.{check.verdict}", lang), blocks)
    return text_message(say(f"invalid.{check.message}", lang))


def _platform_select(lang: str) -> dict:
    return {"type": "static_select", "action_id": DRAFT_PLATFORM,
            "placeholder": {"type": "plain_text", "text": say("check.modal.platform", lang)},
            "options": [option(p.capitalize() if p != "x" else "X", p) for p in PLATFORMS]}


def modal_view(language: str, *, result: list[dict] | None = None) -> dict:
    """The draft-check modal: a multi-line input and a platform select; `result` blocks on top after a check."""
    lang = language
    blocks = list(result or [])
    if result:
        blocks.append({"type": "divider"})
    blocks += [
        {"type": "input", "block_id": DRAFT_INPUT,
         "label": {"type": "plain_text", "text": say("check.modal.draft", lang)},
         "element": {"type": "plain_text_input", "action_id": DRAFT_INPUT, "multiline": True, "max_length": 3000}},
        {"type": "input", "block_id": DRAFT_PLATFORM, "optional": True,
         "label": {"type": "plain_text", "text": say("check.modal.platform", lang)}, "element": _platform_select(lang)},
        context(say("check.modal.hint", lang)),
    ]
    return {"type": "modal", "callback_id": DRAFT_CHECK_VIEW, "private_metadata": lang,
            "title": {"type": "plain_text", "text": say("check.modal.title", lang)},
            "submit": {"type": "plain_text", "text": say("check.modal.submit", lang)},
            "close": {"type": "plain_text", "text": say("check.modal.close", lang)},
            "blocks": message("", blocks, limit=MAX_VIEW_BLOCKS)["blocks"]}
