"""What the knowledge folder holds, typed: sections, FAQ entries, not-covered topics, contacts.

Also the folder's rules (languages, audiences, review age, size limits) and `Knowledge.docs`,
the searchable texts in the index's order. Reading and checking the files is `load`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = ("nl", "en")
AUDIENCES = ("all", "managers", "recruiters", "hr")
REVIEW_DAYS = 365  # a section reviewed longer ago than this is due for review
YAML_SUFFIXES = (".yaml", ".yml")
# Limits on one knowledge file (documented in the README, "The knowledge folder"). They keep a
# bad or hostile file from taking the bot down: it is refused with a message instead.
MAX_FILE_BYTES = 1024 * 1024  # larger files are refused before they are parsed
MAX_DEPTH = 50  # blocks nested deeper than this are refused (the shipped files nest 4 deep)
MAX_ALIASES = 50  # more *alias references than this in one file are refused
MAX_NODES = 20_000  # more values (texts, lists, mappings) than this in one file are refused (shipped: < 1,000)


@dataclass(frozen=True)
class Text:
    """A user-facing text in Dutch and/or English."""

    nl: str = ""
    en: str = ""

    def get(self, language: str) -> str:
        """The text in `language`, falling back to the other one when missing."""
        own = getattr(self, language, "")
        return own or self.nl or self.en


@dataclass(frozen=True)
class Texts:
    """A list of texts per language (examples, keywords, phrasings)."""

    nl: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def get(self, language: str) -> tuple[str, ...]:
        own = getattr(self, language, ())
        return own or self.nl or self.en

    def items(self) -> Iterator[tuple[str, str]]:
        """(language, text) pairs, Dutch first."""
        for language in LANGUAGES:
            for text in getattr(self, language):
                yield language, text


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    role: Text
    email: str
    slack: str | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    rule: Text
    do: Texts
    dont: Texts
    contact: str
    reviewed: dt.date
    keywords: Texts
    questions: Texts
    audience: str = "all"
    signals: Texts = Texts()  # HR's risk cues for the draft check (words, phrases or /regex/), optional
    link: str | None = None
    file: str = ""
    line: int = 0
    # One-liners for the App Home's pocket card (the core values at a glance); not searched, only shown.
    pocket: Texts = field(default_factory=Texts)


@dataclass(frozen=True)
class FaqEntry:
    id: str
    section: str
    questions: Texts
    answer: Text
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class NotCovered:
    """A matter people ask about that the guidelines do not cover, and where to go instead."""

    id: str
    title: Text
    redirect: Text
    keywords: Texts
    questions: Texts
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Doc:
    """One searchable text: what gets embedded and matched lexically.

    `target` is what a match votes for: a section id, or a not-covered id.
    """

    target: str
    kind: str  # "section" | "faq" | "not_covered"
    entry: str  # section, FAQ or not-covered id the text comes from
    field: str  # "title", "rule", "question", ...
    language: str
    text: str


@dataclass(frozen=True)
class ExampleDraft:
    """A post HR has judged: the sections it touches, or none for a post that is fine.

    The draft check learns from these (with the sections' don'ts and dos) what risky posts read
    like, so a risk in words no detector knows is still noticed. Never searched for answers.
    """

    text: str
    sections: tuple[str, ...]  # () = a clean post
    platform: str | None = None
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Knowledge:
    root: Path
    sections: dict[str, Section]
    faq: dict[str, FaqEntry]
    not_covered: dict[str, NotCovered]
    contacts: dict[str, Contact]
    content_hash: str
    example_drafts: tuple[ExampleDraft, ...] = ()
    # The validated files, path relative to `root` -> the exact bytes that were read and checked.
    sources: Mapping[str, bytes] = field(default_factory=dict, repr=False, compare=False)

    def copy_to(self, target: Path) -> None:
        """Write the validated files (and only those) into `target`, e.g. the index's snapshot."""
        target = Path(target)
        for rel, data in self.sources.items():
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def contact_for(self, section_id: str | None = None) -> Contact | None:
        """The contact of a section; for questions no section owns, the first contact (general HR)."""
        section = self.sections.get(section_id or "")
        if section and section.contact in self.contacts:
            return self.contacts[section.contact]
        return next(iter(self.contacts.values()), None)

    def overdue(self, today: dt.date, review_days: int = REVIEW_DAYS) -> list[Section]:
        """Sections whose last review is more than `review_days` before `today`, oldest first."""
        late = [s for s in self.sections.values() if (today - s.reviewed).days > review_days]
        return sorted(late, key=lambda s: (s.reviewed, s.id))

    def docs(self) -> list[Doc]:
        """Every searchable text, in a stable order (the index's vector order)."""
        out: list[Doc] = []
        for s in self.sections.values():
            for lang in LANGUAGES:
                for name in ("title", "rule"):
                    text = getattr(getattr(s, name), lang)
                    if text:
                        out.append(Doc(s.id, "section", s.id, name, lang, text))
            for name in ("questions", "do", "dont"):
                for lang, text in getattr(s, name).items():
                    out.append(Doc(s.id, "section", s.id, name, lang, text))
            for lang, words in (("nl", s.keywords.nl), ("en", s.keywords.en)):
                if words:
                    out.append(Doc(s.id, "section", s.id, "keywords", lang, ", ".join(words)))
        for f in self.faq.values():
            for lang, text in f.questions.items():
                out.append(Doc(f.section, "faq", f.id, "question", lang, text))
            for lang in LANGUAGES:
                if getattr(f.answer, lang):
                    out.append(Doc(f.section, "faq", f.id, "answer", lang, getattr(f.answer, lang)))
        for n in self.not_covered.values():
            for lang in LANGUAGES:
                if getattr(n.title, lang):
                    out.append(Doc(n.id, "not_covered", n.id, "title", lang, getattr(n.title, lang)))
            for lang, text in n.questions.items():
                out.append(Doc(n.id, "not_covered", n.id, "questions", lang, text))
            for lang, words in (("nl", n.keywords.nl), ("en", n.keywords.en)):
                if words:
                    out.append(Doc(n.id, "not_covered", n.id, "keywords", lang, ", ".join(words)))
        return out

