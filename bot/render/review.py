"""The monthly review DM to a contact: the sections they own that are due, each with "Still correct"."""

from __future__ import annotations

import datetime as dt

from ..knowledge import Contact, Section
from ..messages import say
from .kit import CONFIRM_REVIEW, Message, button, context, escape, message, section
from .values import ButtonValue


def file_link(knowledge_url: str | None, file: str) -> str:
    """The section's file as a link under SMPOLICY_KNOWLEDGE_URL, or its path in code when none is set."""
    if knowledge_url and not any(c in file for c in "<>| \n"):
        return f"<{knowledge_url.rstrip('/')}/{file}|{escape(file)}>"
    return f"`{escape(file)}`"


def due_line(s: Section, today: dt.date, review_days: int, language: str) -> str:
    """'overdue: last reviewed on …' or 'review due by …'."""
    due = s.reviewed + dt.timedelta(days=review_days)
    if due < today:
        return say("review.overdue", language, reviewed=s.reviewed.isoformat())
    return say("review.due", language, due=due.isoformat(), reviewed=s.reviewed.isoformat())


def review_message(contact: Contact, due: list[Section], *, today: dt.date, review_days: int, language: str,
                   knowledge_url: str | None = None) -> Message:
    """A DM listing `due` (oldest review first) with a "Still correct" button and a file link per section."""
    intro = say("review.intro", language, name=escape(contact.name), days=review_days)
    blocks = [section(intro)]
    for s in due:
        text = (f"*{escape(s.title.get(language))}*\n{due_line(s, today, review_days, language)}\n"
                f"{say('review.file', language)}: {file_link(knowledge_url, s.file)}")
        blocks.append({**section(text), "accessory": button(say("review.confirm", language), CONFIRM_REVIEW,
                                                             ButtonValue(language=language, section=s.id).encode(),
                                                             style="primary")})
    blocks.append(context(today.isoformat()))
    titles = ", ".join(escape(s.title.get(language)) for s in due)
    return message(f"{intro}\n{titles}", blocks)
