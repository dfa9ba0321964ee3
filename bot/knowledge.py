"""HR's YAML folder as typed entries, and the checks that keep a bad edit out.

Every problem is reported with the file and line HR has to open, and all
problems are collected in one pass: HR fixes a folder in one go, not one error
per run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from .errors import KnowledgeError, Problem

LANGUAGES = ("nl", "en")
AUDIENCES = ("all", "managers", "recruiters", "hr")
REVIEW_DAYS = 365  # a section reviewed longer ago than this is due for review


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
    link: str | None = None
    file: str = ""
    line: int = 0


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
class Knowledge:
    root: Path
    sections: dict[str, Section]
    faq: dict[str, FaqEntry]
    not_covered: dict[str, NotCovered]
    contacts: dict[str, Contact]
    content_hash: str

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


# --- reading YAML with line numbers -------------------------------------------------


class _Lined(dict):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings remember where they and their keys are."""


def _construct_lined(loader: _LineLoader, node: yaml.MappingNode):
    mapping = _Lined()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {
        str(k.value): k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)
    }
    yield mapping
    mapping.update(loader.construct_mapping(node, deep=True))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_lined)


def _check_duplicate_keys(text: str, rel: str, problems: list[Problem]) -> None:
    """PyYAML silently keeps the last of two equal keys; HR would lose an edit."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in seen:
                        problems.append(Problem(rel, k.start_mark.line + 1, f"key '{k.value}' appears twice in the same block"))
                    seen.add(k.value)
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


# --- validation helpers -----------------------------------------------------------------


class _Reader:
    """Turns one raw mapping into typed fields, recording problems instead of raising."""

    def __init__(self, raw: _Lined, rel: str, problems: list[Problem], kind: str):
        self.raw, self.rel, self.problems, self.kind = raw, rel, problems, kind

    def line(self, key: str | None = None) -> int:
        if key is not None and key in getattr(self.raw, "key_lines", {}):
            return self.raw.key_lines[key]
        return getattr(self.raw, "line", 0)

    def problem(self, message: str, key: str | None = None) -> None:
        ident = self.raw.get("id") if isinstance(self.raw.get("id"), str) else None
        prefix = f"{self.kind} '{ident}': " if ident else f"{self.kind}: "
        self.problems.append(Problem(self.rel, self.line(key), prefix + message))

    def check_fields(self, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
        for key in self.raw:
            if key not in required and key not in optional:
                allowed = ", ".join(required + optional)
                self.problem(f"unknown field '{key}' (allowed: {allowed})", key)
        for key in required:
            if key not in self.raw:
                self.problem(f"missing field '{key}'")

    def ident(self) -> str:
        value = self.raw.get("id")
        if not isinstance(value, str) or not value.strip():
            self.problem("'id' must be a non-empty text", "id")
            return ""
        if value != value.strip() or " " in value:
            self.problem(f"id '{value}' must not contain spaces", "id")
        return value.strip()

    def string(self, key: str, *, required: bool = True) -> str | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.problem(f"'{key}' must be a text", key)
            return None
        text = str(value).strip()
        if required and not text:
            self.problem(f"'{key}' is empty", key)
        return text or None

    def text(self, key: str) -> Text:
        value = self.raw.get(key)
        if value is None:
            return Text()
        if isinstance(value, str):
            if not value.strip():
                self.problem(f"'{key}' is empty", key)
            return Text(nl=value.strip(), en=value.strip())
        if isinstance(value, dict):
            self._languages(key, value)
            parts = {}
            for lang in LANGUAGES:
                item = value.get(lang)
                if item is None:
                    continue
                if not isinstance(item, str) or not item.strip():
                    self.problem(f"'{key}.{lang}' is empty or not a text", key)
                    continue
                parts[lang] = item.strip()
            if not parts:
                self.problem(f"'{key}' has no text in nl or en", key)
            return Text(**parts)
        self.problem(f"'{key}' must be a text or a mapping with nl/en", key)
        return Text()

    def texts(self, key: str) -> Texts:
        value = self.raw.get(key)
        if value is None:
            return Texts()
        if isinstance(value, list):
            value = {"nl": value, "en": value}
        if not isinstance(value, dict):
            self.problem(f"'{key}' must be a list or a mapping with nl/en lists", key)
            return Texts()
        self._languages(key, value)
        parts = {}
        for lang in LANGUAGES:
            items = value.get(lang)
            if items is None:
                continue
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list):
                self.problem(f"'{key}.{lang}' must be a list", key)
                continue
            clean = []
            for item in items:
                if not isinstance(item, (str, int, float)) or not str(item).strip():
                    self.problem(f"'{key}.{lang}' has an empty or non-text item", key)
                    continue
                clean.append(str(item).strip())
            parts[lang] = tuple(clean)
        if not any(parts.values()):
            self.problem(f"'{key}' has no items", key)
        return Texts(**parts)

    def _languages(self, key: str, value: dict) -> None:
        for lang in value:
            if lang not in LANGUAGES:
                self.problem(f"'{key}' has unknown language '{lang}' (use nl or en)", key)


_SECTION_REQUIRED = ("id", "title", "rule", "do", "dont", "contact", "reviewed", "keywords", "questions")
_SECTION_OPTIONAL = ("link", "audience")


def _read_section(r: _Reader, today: dt.date) -> Section | None:
    r.check_fields(_SECTION_REQUIRED, _SECTION_OPTIONAL)
    ident = r.ident()
    reviewed = r.raw.get("reviewed")
    if isinstance(reviewed, str):
        try:
            reviewed = dt.date.fromisoformat(reviewed)
        except ValueError:
            r.problem(f"'reviewed' must be a date like 2026-05-31, not '{reviewed}'", "reviewed")
            reviewed = None
    if reviewed is not None and not isinstance(reviewed, dt.date):
        r.problem("'reviewed' must be a date like 2026-05-31", "reviewed")
        reviewed = None
    if isinstance(reviewed, dt.date) and reviewed > today:
        r.problem(f"'reviewed' date {reviewed} is in the future", "reviewed")
    audience = r.string("audience") or "all"
    if audience not in AUDIENCES:
        r.problem(f"'audience' must be one of {', '.join(AUDIENCES)}", "audience")
    link = r.string("link", required=False)
    if link and not link.startswith(("http://", "https://")):
        r.problem("'link' must start with http:// or https://", "link")
    section = Section(
        id=ident,
        title=r.text("title"),
        rule=r.text("rule"),
        do=r.texts("do"),
        dont=r.texts("dont"),
        contact=r.string("contact") or "",
        reviewed=reviewed or dt.date.min,
        keywords=r.texts("keywords"),
        questions=r.texts("questions"),
        audience=audience,
        link=link,
        file=r.rel,
        line=r.line(),
    )
    return section if ident else None


def _read_faq(r: _Reader) -> FaqEntry | None:
    r.check_fields(("id", "section", "questions", "answer"), ())
    ident = r.ident()
    entry = FaqEntry(ident, r.string("section") or "", r.texts("questions"), r.text("answer"), r.rel, r.line())
    return entry if ident else None


def _read_not_covered(r: _Reader) -> NotCovered | None:
    r.check_fields(("id", "title", "redirect", "questions"), ("keywords",))
    ident = r.ident()
    entry = NotCovered(ident, r.text("title"), r.text("redirect"), r.texts("keywords"), r.texts("questions"), r.rel, r.line())
    return entry if ident else None


def _read_contact(r: _Reader) -> Contact | None:
    r.check_fields(("id", "name", "email"), ("role", "slack"))
    ident = r.ident()
    email = r.string("email") or ""
    if email and "@" not in email:
        r.problem(f"'email' '{email}' is not an e-mail address", "email")
    slack = r.string("slack", required=False)
    if slack and not (slack[:1] in "UWCG" and slack[1:].isalnum() and slack.isupper()):
        r.problem(f"'slack' '{slack}' must be a Slack user id (U…) or channel id (C…)", "slack")
    contact = Contact(ident, r.string("name") or "", r.text("role"), email, slack)
    return contact if ident else None


_LIST_KINDS = {"sections": "section", "faq": "FAQ entry", "not_covered": "not-covered entry", "contacts": "contact"}


def knowledge_files(root: Path) -> list[Path]:
    """The YAML files that make up the knowledge, in a stable order."""
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def content_hash(root: Path) -> str:
    """A hash of every knowledge file's name and bytes: the index is stale when it changes."""
    digest = hashlib.sha256()
    for path in knowledge_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def read_knowledge(root: Path | str, *, today: dt.date | None = None) -> tuple[Knowledge, list[Problem]]:
    """Read the folder and collect every problem; never raises for content errors."""
    root = Path(root)
    today = today or dt.date.today()
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), None, "knowledge folder not found")])
    files = knowledge_files(root)
    if not files:
        problems.append(Problem(str(root), None, "no .yaml files in the knowledge folder"))
    items: dict[str, list[tuple[Any, _Reader]]] = {k: [] for k in _LIST_KINDS}
    for path in files:
        rel = path.relative_to(root.parent).as_posix() if root.parent != root else path.name
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(rel, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
            continue
        try:
            data = yaml.load(text, Loader=_LineLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else None
            reason = getattr(exc, "problem", None) or str(exc)
            problems.append(Problem(rel, line, f"YAML syntax error: {reason}"))
            continue
        _check_duplicate_keys(text, rel, problems)
        if data is None:
            continue  # an empty file is allowed (HR may keep a placeholder)
        if not isinstance(data, dict):
            problems.append(Problem(rel, 1, "a knowledge file must be a mapping (a section, or lists under sections/faq/not_covered/contacts)"))
            continue
        if "id" in data:  # a single section per file
            items["sections"].append((data, _Reader(data, rel, problems, "section")))
            continue
        for key, value in data.items():
            if key not in _LIST_KINDS:
                problems.append(Problem(rel, data.key_lines.get(key), f"unknown top-level key '{key}' (allowed: id for a section, or {', '.join(_LIST_KINDS)})"))
                continue
            if not isinstance(value, list):
                problems.append(Problem(rel, data.key_lines.get(key), f"'{key}' must be a list"))
                continue
            for raw in value:
                if not isinstance(raw, dict):
                    problems.append(Problem(rel, data.key_lines.get(key), f"every item under '{key}' must be a mapping"))
                    continue
                items[key].append((raw, _Reader(raw, rel, problems, _LIST_KINDS[key])))

    seen: dict[str, Problem] = {}

    def unique(entry, r: _Reader) -> bool:
        if entry is None:
            return False
        if entry.id in seen:
            first = seen[entry.id]
            r.problem(f"duplicate id (first defined at {first.file}:{first.line})", "id")
            return False
        seen[entry.id] = Problem(r.rel, r.line("id"), "")
        return True

    sections, faq, not_covered, contacts = {}, {}, {}, {}
    for raw, r in items["contacts"]:
        c = _read_contact(r)
        if c and c.id in contacts:
            r.problem("duplicate contact id", "id")
        elif c:
            contacts[c.id] = c
    for raw, r in items["sections"]:
        s = _read_section(r, today)
        if unique(s, r):
            sections[s.id] = s
            if s.contact and s.contact not in contacts:
                r.problem(f"contact '{s.contact}' is not in the contacts file (known: {', '.join(sorted(contacts)) or 'none'})", "contact")
    for raw, r in items["faq"]:
        f = _read_faq(r)
        if unique(f, r):
            faq[f.id] = f
            if f.section and f.section not in sections:
                r.problem(f"section '{f.section}' does not exist", "section")
    for raw, r in items["not_covered"]:
        n = _read_not_covered(r)
        if unique(n, r):
            not_covered[n.id] = n
    if files and not sections:
        problems.append(Problem(str(root), None, "the knowledge has no sections"))
    knowledge = Knowledge(root, sections, faq, not_covered, contacts, content_hash(root))
    return knowledge, problems


def load_knowledge(root: Path | str, *, today: dt.date | None = None) -> Knowledge:
    """The folder's knowledge, or KnowledgeError listing every problem."""
    knowledge, problems = read_knowledge(root, today=today)
    if problems:
        raise KnowledgeError(problems)
    return knowledge
