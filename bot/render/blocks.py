"""An `Answer` (and the bot's other posts) as Slack Block Kit messages.

Every function returns a message as a dict with `text` (the plain fallback
Slack shows in notifications, always set) and `blocks`, ready to pass as
keyword arguments to `chat.postMessage`, `say` or `respond`. Slack's limits
are applied here, once: 3,000 characters per section text, 75 per button
label, 2,000 per button value, 150 per select option value, 50 blocks per
message (100 in a view).

Buttons under an answer carry the id of the logged question ('i' in their
value) so that feedback and clarify picks reach the right row of the log.

`as_text(message)` turns such a message back into readable plain text for the
local terminal chat.
"""

from __future__ import annotations

import json
import re
from typing import Iterable

from ..answer import Answer
from ..knowledge import Contact, Knowledge, Section
from ..messages import TEXTS, say

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
ADD_FAQ = "smpolicy_add_faq"  # HR: the question and HR's reply become a new FAQ entry

# Language of the posts in the HR channel.
HR_LANGUAGE = "nl"

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


def encode_value(data: dict) -> str:
    """A button value holding `data`; the question ('q') is shortened to fit Slack's 2,000 characters."""
    data = dict(data)
    value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    while len(value) > MAX_BUTTON_VALUE and data.get("q"):
        data["q"] = data["q"][: max(0, len(data["q"]) - (len(value) - MAX_BUTTON_VALUE) - 1)]
        value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return value


def decode_value(value: str | None) -> dict:
    try:
        data = json.loads(value or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def mention(contact: Contact | None, language: str) -> str:
    """How to reach a contact: a Slack mention when the id is known, else name and e-mail."""
    if contact is None:
        return "HR"
    if contact.slack and contact.slack[0] in "UW":
        return f"<@{contact.slack}>"
    if contact.slack and contact.slack[0] in "CG":
        return f"{escape(contact.name)} (<#{contact.slack}>)"
    return f"{escape(contact.name)} (<mailto:{contact.email}|{escape(contact.email)}>)"


def feedback_value(answer: Answer, question_id: int | None = None) -> str:
    """What the feedback and forward buttons carry: the logged question's id ('i') and enough
    to forward the question later (the text lives here, in the user's own message, not in our log)."""
    data = {"l": answer.language, "s": answer.section, "c": [c.section for c in answer.candidates][:3]}
    if question_id is not None:
        data["i"] = question_id
    data["q"] = answer.question
    return encode_value(data)


def _truncated_note(answer: Answer, max_chars: int) -> list[dict]:
    return [context(say("truncated", answer.language, limit=max_chars))] if answer.truncated else []


# --- the answer to a question -------------------------------------------------------------


def answer_message(answer: Answer, knowledge: Knowledge, *, max_chars: int = 2000, feedback: bool = True,
                   question_id: int | None = None) -> Message:
    """The reply to a question, for every outcome but escalate (see `escalated_message`).

    `question_id` (the question log's row) goes into the buttons' values.
    """
    if answer.outcome == "answer" and answer.section in knowledge.sections:
        return section_message(answer, knowledge, max_chars=max_chars, feedback=feedback, question_id=question_id)
    if answer.outcome == "clarify" and answer.candidates:
        return clarify_message(answer, knowledge, max_chars=max_chars, question_id=question_id)
    if answer.outcome == "escalate":
        return escalated_message(answer, knowledge, to_hr=False, max_chars=max_chars)
    if answer.outcome == "invalid":
        key = f"invalid.{answer.message}"
        text = say(key, answer.language) if key in TEXTS else (escape(answer.message or "") or say("invalid.empty", answer.language))
        return message(text, _truncated_note(answer, max_chars) + [section(text)])
    if answer.outcome == "smalltalk":
        return text_message(say(f"smalltalk.{answer.message}", answer.language))
    return help_message(answer.language)


def section_message(answer: Answer, knowledge: Knowledge, *, max_chars: int = 2000, feedback: bool = True,
                    question_id: int | None = None) -> Message:
    """Rule first, then do / don't, contact, link, and a context line with title and review date."""
    lang = answer.language
    s: Section = knowledge.sections[answer.section]
    title = s.title.get(lang)
    blocks = _truncated_note(answer, max_chars)
    faq = knowledge.faq.get(answer.entry or "")
    fallback = []
    if faq and faq.section == s.id:
        blocks.append(section(f"*{say('label.faq', lang)}*\n{escape(faq.answer.get(lang))}"))
        fallback.append(escape(faq.answer.get(lang)))
    blocks.append(section(f"*{escape(title)}*\n{escape(s.rule.get(lang))}"))
    fallback.append(f"{escape(title)}: {escape(s.rule.get(lang))}")
    for key, icon, examples in (("label.do", "✅", s.do.get(lang)), ("label.dont", "❌", s.dont.get(lang))):
        if examples:
            items = "\n".join(f"• {escape(e)}" for e in examples)
            blocks.append(section(f"*{icon} {say(key, lang)}*\n{items}"))
    contact = knowledge.contacts.get(s.contact)
    blocks.append(section(f"{say('label.contact', lang)} {mention(contact, lang)}"
                          + (f" – {escape(contact.role.get(lang))}" if contact and contact.role.get(lang) else "")))
    if s.link:
        blocks.append(section(f"<{s.link}|{say('label.link', lang)}>"))
    blocks.append(context(f"{escape(title)} · {say('label.reviewed', lang)} {s.reviewed.isoformat()}"))
    if feedback:
        value = feedback_value(answer, question_id)
        blocks.append(actions("smpolicy_feedback", [
            button(say("slack.helpful", lang), HELPFUL, value),
            button(say("slack.not_helpful", lang), NOT_HELPFUL, value),
        ]))
    return message("\n".join(fallback), blocks)


def clarify_message(answer: Answer, knowledge: Knowledge, *, max_chars: int = 2000,
                    question_id: int | None = None) -> Message:
    """'Did you mean…?' with one button per candidate section, and a way out to HR."""
    lang = answer.language
    picks = [c.section for c in answer.candidates if c.section in knowledge.sections][:3]
    logged = {} if question_id is None else {"i": question_id}
    elements = [
        button(knowledge.sections[sid].title.get(lang), f"{PICK}_{n}",
               encode_value({"s": sid, "l": lang, **logged, "q": answer.question}))
        for n, sid in enumerate(picks)
    ]
    elements.append(button(say("slack.none_of_these", lang), NOT_HELPFUL, feedback_value(answer, question_id)))
    titles = ", ".join(escape(knowledge.sections[sid].title.get(lang)) for sid in picks)
    text = say("clarify", lang)
    blocks = _truncated_note(answer, max_chars) + [section(text), actions("smpolicy_clarify", elements)]
    return message(f"{text} {titles}", blocks)


def escalated_message(answer: Answer, knowledge: Knowledge, *, to_hr: bool, max_chars: int = 2000) -> Message:
    """What the user reads when the guidelines have no answer.

    A redirect (leave, IT, payroll...) names where to go and nothing goes to HR.
    Otherwise `to_hr` says whether the question was put to HR (an HR channel is set).
    """
    lang = answer.language
    if answer.redirect:
        text = say("redirect", lang, redirect=escape(answer.redirect))
    else:
        who = mention(knowledge.contact_for(answer.section), lang)
        if to_hr:
            text = say("escalate", lang, contact=who) + " " + say("slack.reply_follows", lang)
        else:
            text = say("escalate.cli", lang, contact=who)
    return message(text, _truncated_note(answer, max_chars) + [section(text)])


def help_message(language: str) -> Message:
    text = say("help", language)
    return message(text, [section(text)])


def text_message(text: str) -> Message:
    return message(text, [section(text)])


# --- feedback and forwarding -----------------------------------------------------------------


def forward_offer(value: str, language: str) -> Message:
    """After 'Not helpful': offer to forward the question to HR, named or anonymously."""
    text = say("slack.offer_forward", language)
    return message(text, [
        section(text),
        actions("smpolicy_forward", [
            button(say("slack.forward_named", language), FORWARD_NAMED, value, style="primary"),
            button(say("slack.forward_anonymous", language), FORWARD_ANONYMOUS, value),
        ]),
    ])


def forwarded_message(contact: Contact | None, language: str, *, anonymous: bool) -> Message:
    key = "slack.forwarded_anonymous" if anonymous else "slack.forwarded"
    return text_message(say(key, language, contact=mention(contact, language)))


# --- HR channel ------------------------------------------------------------------------------


def hr_message(*, escalation_id: int, question: str, user_id: str | None, language: str, source: str,
               candidates: Iterable[dict], knowledge: Knowledge) -> Message:
    """The post in the HR channel: the question, who asked (or anonymous), language, closest topics."""
    lang = HR_LANGUAGE
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


def hr_answered_message(original: Message, answered_by: str, *, escalation_id: int | None = None,
                        knowledge: Knowledge | None = None) -> Message:
    """The HR post after its reply reached the employee: the same blocks with a closing line.

    With `escalation_id` and `knowledge`, "Add to knowledge" actions follow (see `knowledge_actions`).
    """
    note = say("slack.hr.answered", HR_LANGUAGE, user=answered_by)
    blocks = [b for b in original.get("blocks", []) if b.get("type") != "context"] + [context(note)]
    if escalation_id is not None and knowledge is not None and knowledge.sections:
        blocks.append(knowledge_actions(escalation_id, knowledge))
    return message(f"{note} {original.get('text', '')}", blocks)


def option(text: str, value: str) -> dict:
    return {"text": {"type": "plain_text", "text": clip(text, MAX_OPTION_TEXT), "emoji": True}, "value": value}


def knowledge_actions(escalation_id: int, knowledge: Knowledge) -> dict:
    """HR's "Add to knowledge" on an answered escalation.

    A menu of sections (choosing one only selects it) and two buttons that act on
    the selection: "Add as example" (the question becomes an example phrasing of
    the section) and "New FAQ" (the question with HR's reply as a new FAQ entry);
    without a selection both use the escalation's closest topic. Values:
    {"e": escalation id} on the buttons, {"e", "s": section id} on a menu option.
    """
    lang = HR_LANGUAGE
    options = []
    for s in sorted(knowledge.sections.values(), key=lambda s: s.title.get(lang).casefold()):
        value = encode_value({"e": escalation_id, "s": s.id})
        if len(value) <= MAX_OPTION_VALUE:
            options.append(option(s.title.get(lang), value))
    menu = {
        "type": "static_select",
        "action_id": SELECT_SECTION,
        "placeholder": {"type": "plain_text", "text": clip(say("slack.add.choose", lang), 150), "emoji": True},
        "options": options[:MAX_OPTIONS],
    }
    value = encode_value({"e": escalation_id})
    return actions("smpolicy_knowledge", [menu, button(say("slack.add.example", lang), ADD_EXAMPLE, value),
                                          button(say("slack.add.faq", lang), ADD_FAQ, value)])


def selected_section(body: dict, block_id: str = "smpolicy_knowledge") -> str | None:
    """The section chosen in the "Add to knowledge" menu of the clicked message (Slack sends its state)."""
    values = ((body.get("state") or {}).get("values") or {}).get(block_id) or {}
    chosen = (values.get(SELECT_SECTION) or {}).get("selected_option") or {}
    return decode_value(chosen.get("value")).get("s")


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
    """A `bot.slack.hr.Summary` as blocks: counts, rates, escalated topics, open questions, overdue reviews."""
    lang = language

    def title(section_id: str) -> str:
        s = knowledge.sections.get(section_id)
        return escape(s.title.get(lang)) if s else escape(section_id)

    none = say("slack.report.none", lang)
    top = "\n".join(f"{n}. {title(sid)} ({count}×)" for n, (sid, count) in enumerate(summary.top_escalated, 1))
    overdue = [f"• {title(sid)} ({reviewed.isoformat()})" for sid, reviewed in summary.overdue[:10]]
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
        context(summary.today.isoformat()),
    ]


def summary_message(summary, knowledge: Knowledge, language: str) -> Message:
    blocks = summary_blocks(summary, knowledge, language)
    return message(escape(as_text({"blocks": blocks})), blocks)


def relay_message(question: str, reply: str, language: str) -> Message:
    """HR's reply, as the employee receives it in a direct message."""
    head = say("slack.hr_answer", language)
    quoted = "\n".join("> " + line for line in escape(clip(question, 1000)).splitlines() or [""])
    return message(f"{head} {reply}", [
        *sections(f"*{head}*\n{reply}"),
        context(f"{say('slack.your_question', language)}:\n{quoted}"),
    ])


# --- App Home -----------------------------------------------------------------------------


def home_view(knowledge: Knowledge, language: str, *, top: list[dict] | None = None) -> dict:
    """The App Home tab: what the bot is, how to ask, the topics it knows, the HR contacts.

    `top` (HR's summary, for HR users) comes first, above a divider.
    """
    lang = language
    blocks: list[dict] = ([*top, {"type": "divider"}] if top else []) + [
        {"type": "header", "text": {"type": "plain_text", "text": clip(say("slack.home.title", lang), 150)}},
        section(say("help", lang)),
        {"type": "divider"},
        section(f"*{say('slack.home.how_title', lang)}*\n{say('slack.home.how', lang)}"),
        {"type": "divider"},
    ]
    titles = sorted((s.title.get(lang) for s in knowledge.sections.values()), key=str.casefold)
    chunk = f"*{say('slack.home.topics', lang)}*"
    for title in titles:
        line = f"\n• {escape(title)}"
        if len(chunk) + len(line) > MAX_SECTION_TEXT:
            blocks.append(section(chunk))
            chunk = ""
        chunk += line
    blocks.append(section(chunk))
    blocks.append({"type": "divider"})
    blocks.append(section(f"*{say('slack.home.contacts', lang)}*"))
    for c in knowledge.contacts.values():
        role = c.role.get(lang)
        reach = f"<@{c.slack}> · " if c.slack and c.slack[0] in "UW" else ""
        blocks.append(section(f"*{escape(c.name)}*" + (f" – {escape(role)}" if role else "")
                              + f"\n{reach}<mailto:{c.email}|{escape(c.email)}>"))
    return {"type": "home", "blocks": message("", blocks, limit=MAX_VIEW_BLOCKS)["blocks"]}


# --- as plain text (local chat) ------------------------------------------------------------------

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
