"""What employees see: answers, "did you mean", escalation notes, help, HR's relayed reply (the App Home: `home`).

Buttons under an answer carry the id of the logged question (`ButtonValue.question_id`)
so that feedback and clarify picks reach the right row of the log.
"""

from __future__ import annotations

from ..decide.answer import Answer
from ..knowledge import Contact, Knowledge, Section
from ..messages import TEXTS, say
from ..slack.directory import slack_id_kind
from .kit import (
    ASK_HR_ANYWAY,
    FORWARD_ANONYMOUS,
    FORWARD_NAMED,
    HELPFUL,
    NOT_HELPFUL,
    PICK,
    REDIRECT_BLOCK,
    Message,
    actions,
    button,
    clip,
    context,
    escape,
    message,
    section,
    sections,
    text_message,
)
from .values import ButtonValue


def mention(contact: Contact | None, language: str) -> str:
    """How to reach a contact: a Slack mention when the id is known, else name and e-mail."""
    if contact is None:
        return "HR"
    kind = slack_id_kind(contact.slack)
    if kind == "user":
        return f"<@{contact.slack}>"
    if kind == "channel":
        return f"{escape(contact.name)} (<#{contact.slack}>)"
    return f"{escape(contact.name)} (<mailto:{contact.email}|{escape(contact.email)}>)"


def feedback_value(answer: Answer, question_id: int | None = None) -> str:
    """What the feedback and forward buttons carry: the logged question's id ('i') and enough
    to forward the question later (the text lives here, in the user's own message, not in our log)."""
    return ButtonValue(language=answer.language, section=answer.section,
                       candidates=tuple(c.section for c in answer.candidates[:3]), question_id=question_id,
                       question=answer.question).encode()


def _truncated_note(answer: Answer, max_chars: int) -> list[dict]:
    return [context(say("truncated", answer.language, limit=max_chars))] if answer.truncated else []


# --- the answer to a question -------------------------------------------------------------


def answer_message(answer: Answer, knowledge: Knowledge, *, max_chars: int = 2000, feedback: bool = True,
                   question_id: int | None = None) -> Message:
    """The reply to a question, for every outcome but escalate (see `escalated_message`).

    `question_id` (the question log's row) goes into the buttons' values.
    """
    if answer.outcome == "answer" and answer.section in knowledge.sections:
        return _continuing(answer, knowledge, section_message(answer, knowledge, max_chars=max_chars,
                                                              feedback=feedback, question_id=question_id))
    if answer.outcome == "clarify" and answer.candidates:
        return _continuing(answer, knowledge, clarify_message(answer, knowledge, max_chars=max_chars,
                                                              question_id=question_id))
    if answer.outcome == "escalate":
        ask_hr = feedback_value(answer, question_id) if feedback and answer.redirect else None
        return escalated_message(answer, knowledge, to_hr=False, max_chars=max_chars, ask_hr=ask_hr)
    if answer.outcome == "invalid":
        key = f"invalid.{answer.message}"
        text = say(key, answer.language) if key in TEXTS else (escape(answer.message or "") or say("invalid.empty", answer.language))
        return message(text, _truncated_note(answer, max_chars) + [section(text)])
    if answer.outcome == "smalltalk":
        return text_message(say(f"smalltalk.{answer.message}", answer.language))
    return help_message(answer.language)


def follow_up_line(answer: Answer, knowledge: Knowledge) -> str | None:
    """'Following up on your previous question about <topic>' for a follow-up, else None."""
    continued = knowledge.sections.get(answer.continues or "") if answer.follow_up else None
    if continued is None:
        return None
    return say("follow_up", answer.language, topic=escape(continued.title.get(answer.language)))


def _continuing(answer: Answer, knowledge: Knowledge, reply: Message) -> Message:
    """`reply` with the follow-up's context line on top, so the reader sees which topic it continues."""
    line = follow_up_line(answer, knowledge)
    if line is None:
        return reply
    return message(reply["text"], [context(line), *reply["blocks"]])


def section_message(answer: Answer, knowledge: Knowledge, *, max_chars: int = 2000, feedback: bool = True,
                    question_id: int | None = None) -> Message:
    """Rule first, then do / don't, contact, link, and a context line with title and review date."""
    lang = answer.language
    s: Section = knowledge.sections[answer.section]
    title = s.title.get(lang)
    blocks = _truncated_note(answer, max_chars)
    faq = knowledge.faq.get(answer.faq or "")
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
    elements = [
        button(knowledge.sections[sid].title.get(lang), f"{PICK}_{n}",
               ButtonValue(language=lang, section=sid, question_id=question_id, question=answer.question).encode())
        for n, sid in enumerate(picks)
    ]
    elements.append(button(say("slack.none_of_these", lang), NOT_HELPFUL, feedback_value(answer, question_id)))
    titles = ", ".join(escape(knowledge.sections[sid].title.get(lang)) for sid in picks)
    text = say("clarify" if len(picks) > 1 else "clarify_one", lang)
    blocks = _truncated_note(answer, max_chars) + [section(text), actions("smpolicy_clarify", elements)]
    return message(f"{text} {titles}", blocks)


def escalated_message(answer: Answer, knowledge: Knowledge, *, to_hr: bool, max_chars: int = 2000,
                      ask_hr: str | None = None) -> Message:
    """What the user reads when the guidelines have no answer.

    A redirect (leave, IT, payroll...) names where to go and nothing goes to HR; with
    `ask_hr` (the buttons' value, `feedback_value`) it offers "Ask HR anyway", named or
    anonymously, so someone whose question the redirect does not answer still reaches a person.
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
    blocks = _truncated_note(answer, max_chars) + [section(text)]
    if answer.redirect and ask_hr:
        blocks += [context(say("slack.ask_hr_anyway_hint", lang)), actions(REDIRECT_BLOCK, [
            button(say("slack.ask_hr_anyway", lang), ASK_HR_ANYWAY, ask_hr),
            button(say("slack.forward_anonymous", lang), FORWARD_ANONYMOUS, ask_hr),
        ])]
    return message(text, blocks)


def help_message(language: str) -> Message:
    text = say("help", language)
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


def relay_message(question: str, reply: str, language: str) -> Message:
    """HR's reply, as the employee receives it in a direct message."""
    head = say("slack.hr_answer", language)
    quoted = "\n".join("> " + line for line in escape(clip(question, 1000)).splitlines() or [""])
    return message(f"{head} {reply}", [
        *sections(f"*{head}*\n{reply}"),
        context(f"{say('slack.your_question', language)}:\n{quoted}"),
    ])
