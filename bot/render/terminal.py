"""An `Answer` as plain text for a terminal: what a person reads after `smpolicy ask`."""

from __future__ import annotations

import textwrap

from ..decide.answer import Answer
from ..knowledge import Contact, Knowledge
from ..messages import say


def contact_line(contact: Contact | None, language: str) -> str:
    if contact is None:
        return ""
    role = contact.role.get(language)
    return f"{contact.name}" + (f" ({role})" if role else "") + f", {contact.email}"


def _wrap(text: str, indent: str = "  ") -> str:
    return "\n".join(textwrap.fill(p, 88, initial_indent=indent, subsequent_indent=indent)
                     for p in text.splitlines() if p.strip())


def render_text(answer: Answer, knowledge: Knowledge) -> str:
    lang = answer.language
    out: list[str] = []
    if answer.truncated:
        out.append(say("truncated", lang, limit=2000))
    continued = knowledge.sections.get(answer.continues or "") if answer.follow_up else None
    if continued is not None:
        out.append(say("follow_up", lang, topic=continued.title.get(lang)).replace("*", ""))
    if answer.outcome == "invalid":
        out.append(say(f"invalid.{answer.message}", lang))
    elif answer.outcome == "help":
        out.append(say("help", lang))
    elif answer.outcome == "smalltalk":
        out.append(say(f"smalltalk.{answer.message}", lang))
    elif answer.outcome == "escalate":
        if answer.redirect:
            out.append(say("redirect", lang, redirect=answer.redirect))
        else:
            out.append(say("escalate.cli", lang, contact=contact_line(knowledge.contact_for(), lang)))
    elif answer.outcome == "clarify":
        out.append(say("clarify" if len(answer.candidates) > 1 else "clarify_one", lang))
        for n, c in enumerate(answer.candidates, 1):
            out.append(f"  {n}. {knowledge.sections[c.section].title.get(lang)}  [{c.section}]")
    else:
        section = knowledge.sections[answer.section]
        out.append(f"{section.title.get(lang)}")
        out.append("=" * len(section.title.get(lang)))
        faq = knowledge.faq.get(answer.faq or "")
        if faq:
            out.append(f"{say('label.faq', lang)}:")
            out.append(_wrap(faq.answer.get(lang)))
        out.append(f"{say('label.rule', lang)}:")
        out.append(_wrap(section.rule.get(lang)))
        for key, examples in (("label.do", section.do.get(lang)), ("label.dont", section.dont.get(lang))):
            out.append(f"{say(key, lang)}:")
            out.extend(_wrap(f"- {e}", "  ") for e in examples)
        out.append(f"{say('label.contact', lang)}: {contact_line(knowledge.contact_for(section.id), lang)}")
        if section.link:
            out.append(f"{say('label.link', lang)}: {section.link}")
        out.append(f"({say('label.reviewed', lang)}: {section.reviewed.isoformat()})")
    return "\n".join(out)
