"""What HR sees in Slack: the escalation post, its answered form with "Add to knowledge",
knowledge problems, and the summary of `/smpolicy report` and HR's App Home."""

from __future__ import annotations

from collections.abc import Iterable

from ..knowledge import Knowledge
from ..messages import say
from .kit import (
    ADD_EXAMPLE,
    ADD_FAQ,
    MAX_OPTION_VALUE,
    MAX_OPTIONS,
    MAX_SECTION_TEXT,
    SELECT_SECTION,
    Message,
    actions,
    button,
    clip,
    context,
    escape,
    message,
    option,
    section,
    sections,
)
from .plain import as_text
from .values import ButtonValue

# --- HR channel ------------------------------------------------------------------------------


def hr_message(*, escalation_id: int, question: str, user_id: str | None, language: str, source: str,
               candidates: Iterable[dict], knowledge: Knowledge, hr_language: str) -> Message:
    """The post in the HR channel: the question, who asked (or anonymous), language, closest topics.

    `language` is the asker's; the post itself is in `hr_language` (SMPOLICY_HR_LANGUAGE).
    """
    lang = hr_language
    who = f"<@{user_id}>" if user_id else f"_{say('slack.hr.anonymous', lang)}_"
    topics = []
    for c in candidates:
        s = knowledge.sections.get(c.get("section", ""))
        if s:
            topics.append(f"{escape(s.title.get(lang))} ({c.get('score', 0):.2f})")
    title = say("slack.hr.title", lang)
    question = escape(question)
    fields = [
        f"*{say('slack.hr.asked_by', lang)}:* {who}",
        f"*{say('slack.hr.language', lang)}:* {language}",
        f"*{say('slack.hr.via', lang)}:* {source}",
        f"*{say('slack.hr.topics', lang)}:* " + (", ".join(topics) or say("slack.hr.no_topics", lang)),
    ]
    quoted = sections(question, quote=True, limit=MAX_SECTION_TEXT - 100)
    quoted[0] = section(f"*{title} #{escalation_id}*\n" + quoted[0]["text"]["text"])
    blocks = [
        *quoted,
        section("\n".join(fields)),
        context(say("slack.hr.how", lang)),
    ]
    asker = f"<@{user_id}>" if user_id else say("slack.hr.anonymous", lang)
    return message(f"{title} #{escalation_id} ({asker}): {question}", blocks)


def hr_answered_message(original: Message, answered_by: str, *, hr_language: str, escalation_id: int | None = None,
                        knowledge: Knowledge | None = None) -> Message:
    """The HR post after its reply reached the employee: the same blocks with a closing line.

    With `escalation_id` and `knowledge`, "Add to knowledge" actions follow (see `knowledge_actions`).
    """
    note = say("slack.hr.answered", hr_language, user=answered_by)
    blocks = [b for b in original.get("blocks", []) if b.get("type") != "context"] + [context(note)]
    if escalation_id is not None and knowledge is not None and knowledge.sections:
        blocks.append(knowledge_actions(escalation_id, knowledge, hr_language))
    return message(f"{note} {original.get('text', '')}", blocks)


def knowledge_actions(escalation_id: int, knowledge: Knowledge, hr_language: str) -> dict:
    """HR's "Add to knowledge" on an answered escalation.

    A menu of sections (choosing one only selects it) and two buttons that act on
    the selection: "Add as example" (the question becomes an example phrasing of
    the section) and "New FAQ" (the question with HR's reply as a new FAQ entry);
    without a selection both use the escalation's closest topic. Values:
    {"e": escalation id} on the buttons, {"e", "s": section id} on a menu option.
    """
    lang = hr_language
    options = []
    for s in sorted(knowledge.sections.values(), key=lambda s: s.title.get(lang).casefold()):
        value = ButtonValue(escalation_id=escalation_id, section=s.id).encode()
        if len(value) <= MAX_OPTION_VALUE:
            options.append(option(s.title.get(lang), value))
    menu = {
        "type": "static_select",
        "action_id": SELECT_SECTION,
        "placeholder": {"type": "plain_text", "text": clip(say("slack.add.choose", lang), 150), "emoji": True},
        "options": options[:MAX_OPTIONS],
    }
    value = ButtonValue(escalation_id=escalation_id).encode()
    return actions("smpolicy_knowledge", [menu, button(say("slack.add.example", lang), ADD_EXAMPLE, value),
                                          button(say("slack.add.faq", lang), ADD_FAQ, value)])


def selected_section(body: dict, block_id: str = "smpolicy_knowledge") -> str | None:
    """The section chosen in the "Add to knowledge" menu of the clicked message (Slack sends its state)."""
    values = ((body.get("state") or {}).get("values") or {}).get(block_id) or {}
    chosen = (values.get(SELECT_SECTION) or {}).get("selected_option") or {}
    value = ButtonValue.decode(chosen.get("value"))
    return value.section if value else None


def problems_text(problems, limit: int = 20) -> str:
    """Knowledge problems as a list HR can work through: `file:line: message`, one per line."""
    lines = [f"• `{escape(str(p))}`" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"• … (+{len(problems) - limit})")
    return "\n".join(lines)


def problems_message(key: str, problems, language: str) -> Message:
    """A headline (`key`, told the number of problems) and the problems with file and line."""
    head = say(key, language, count=len(problems))
    listing = problems_text(problems)
    return message(f"{head}\n{listing}", [section(head), *sections(listing)])


# --- HR summary (/smpolicy report, HR's App Home) ------------------------------------------------


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def summary_blocks(summary, knowledge: Knowledge, language: str) -> list[dict]:
    """A `bot.slack.hr.Summary` as blocks: counts, rates, escalated topics, open questions, overdue reviews and
    the reviews confirmed in the review DM."""
    lang = language

    def title(section_id: str) -> str:
        s = knowledge.sections.get(section_id)
        return escape(s.title.get(lang)) if s else escape(section_id)

    none = say("slack.report.none", lang)
    top = "\n".join(f"{n}. {title(sid)} ({count}×)" for n, (sid, count) in enumerate(summary.top_escalated, 1))
    overdue = [f"• {title(sid)} ({reviewed.isoformat()})" for sid, reviewed in summary.overdue[:10]]
    confirmed = ["• " + say("slack.report.confirmed_line", lang, section=title(sid), user=user, day=day.isoformat())
                 for sid, user, day in getattr(summary, "confirmed", ())[:10]]
    if len(summary.overdue) > 10:
        overdue.append("• " + say("slack.report.more", lang, count=len(summary.overdue) - 10))
    return [
        {"type": "header", "text": {"type": "plain_text", "text": clip(say("slack.report.title", lang), 150)}},
        section(say("slack.report.counts", lang, last_7=summary.last_7, last_30=summary.last_30) + "\n"
                + say("slack.report.rates", lang, answered=_percent(summary.answered),
                      clarified=_percent(summary.clarified), escalated=_percent(summary.escalated),
                      redirected=_percent(summary.redirected))),
        section(say("slack.report.top", lang) + "\n" + (top or none)),
        section(say("slack.report.open", lang, count=summary.open_escalations) + "\n"
                + (say("slack.report.undelivered", lang, count=summary.undelivered) + "\n"
                   if getattr(summary, "undelivered", 0) else "")
                + say("slack.report.overdue", lang) + "\n" + ("\n".join(overdue) or none)),
        *([section(say("slack.report.confirmed", lang) + "\n" + "\n".join(confirmed))] if confirmed else []),
        context(summary.today.isoformat()),
    ]


def summary_message(summary, knowledge: Knowledge, language: str) -> Message:
    blocks = summary_blocks(summary, knowledge, language)
    return message(escape(as_text({"blocks": blocks})), blocks)
