"""HR's YAML folder as typed entries, and the checks that keep a bad edit out.

Every problem is reported with the file and line HR has to open, and all
problems are collected in one pass: HR fixes a folder in one go, not one error
per run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml

from ..errors import KnowledgeError, Problem

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


# --- reading YAML with line numbers -------------------------------------------------


class _Lined(dict):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _Limit(Exception):
    """A file exceeds one of the limits above; `line` is where (1-based)."""

    def __init__(self, line: int | None, message: str):
        self.line, self.message = line, message
        super().__init__(message)


class _BadDate(str):
    """A scalar that looks like a timestamp but is none (2026-02-30): kept as text, refused by the checks."""


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings remember where they and their keys are, and that enforces
    MAX_DEPTH, MAX_ALIASES and MAX_NODES while composing (before any Python object is built),
    so the work on one file is bounded whatever it holds."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._nodes = 0
        self.where: int | None = None  # line of the node being constructed, for value errors

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _Limit(self.peek_event().start_mark.line + 1,
                             f"more than {MAX_ALIASES} aliases (*name) in one file; write the texts out instead")
            return super().compose_node(parent, index)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Limit(self.peek_event().start_mark.line + 1,
                         f"more than {MAX_NODES:,} values in one file; split it into several files")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Limit(self.peek_event().start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node, deep=False):
        self.where = node.start_mark.line + 1
        return super().construct_object(node, deep)


def _construct_lined(loader: _LineLoader, node: yaml.MappingNode):
    mapping = _Lined()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {
        str(k.value): k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)
    }
    yield mapping
    mapping.update(loader.construct_mapping(node, deep=True))


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:  # 2026-02-30: PyYAML would raise; the checks say which field and line
        return _BadDate(node.value)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_lined)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _check_duplicate_keys(root: yaml.Node, rel: str, problems: list[Problem]) -> None:
    """PyYAML silently keeps the last of two equal keys; HR would lose an edit.

    Each node is visited once: aliases make the node graph a DAG (or a cycle),
    and walking every path through it would take exponential time.
    """
    stack, visited = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
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


_FAILED = object()


def _parse(text: str, rel: str, problems: list[Problem]) -> Any:
    """The file's data, or _FAILED after recording why it could not be read (never raises)."""
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_duplicate_keys(node, rel, problems)
        return loader.construct_document(node)
    except _Limit as exc:
        problems.append(Problem(rel, exc.line, exc.message))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(rel, line, f"YAML syntax error: {reason}"))
    except RecursionError:
        problems.append(Problem(rel, loader.where, "nested too deeply to read"))
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an integer of more than 4,300 digits
        problems.append(Problem(rel, loader.where, f"a value cannot be read: {exc}"))
    finally:
        loader.dispose()
    return _FAILED


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
    if isinstance(reviewed, dt.datetime):
        r.problem(f"'reviewed' must be a date without a time, like 2026-05-31, not '{reviewed}'", "reviewed")
        reviewed = None
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


def _display(root: Path, rel: str) -> str:
    """How a file is named in problems: with the folder's own name (knowledge/sections/x.yaml)."""
    return f"{root.name}/{rel}" if root.name else rel


def _read_source(path: Path) -> bytes:
    """A regular file's bytes, at most MAX_FILE_BYTES; never follows a symlink, never blocks on a FIFO."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _Refused("is not a regular file (only plain YAML files belong in the knowledge folder)")
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES or info.st_size > MAX_FILE_BYTES:
        size = max(len(data), info.st_size)
        raise _Refused(f"is {size / 1024 / 1024:.1f} MiB; a knowledge file may be at most "
                       f"{MAX_FILE_BYTES // 1024} KiB (split it into several files)")
    return data


class _Refused(Exception):
    """A folder entry that is not read, and why."""


def _scan(root: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """The knowledge folder's YAML files: {path relative to root: bytes} of the regular files
    read, and {path: reason} of the entries refused (symlinks, FIFOs, devices, folders named
    *.yaml, unreadable or oversized files). Both sorted by path; never raises for an entry."""
    found: dict[str, bytes] = {}
    refused: dict[str, str] = {}

    def walk_error(exc: OSError) -> None:
        rel = Path(os.path.relpath(exc.filename, root)).as_posix() if exc.filename else "."
        refused[rel] = f"cannot be read ({exc.strerror or exc.__class__.__name__})"

    for folder, dirs, names in os.walk(root, onerror=walk_error):  # never descends into symlinks
        here = Path(folder)
        for name in list(dirs):
            path = here / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                refused[rel] = "is a symbolic link; symlinks are not allowed in the knowledge folder (copy the files in)"
            elif name.endswith(YAML_SUFFIXES):
                refused[rel] = "is a folder, not a YAML file"
        for name in names:
            path = here / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                refused[rel] = "is a symbolic link; symlinks are not allowed in the knowledge folder (copy the file in)"
                continue
            if not name.endswith(YAML_SUFFIXES):
                continue
            try:
                found[rel] = _read_source(path)
            except _Refused as exc:
                refused[rel] = str(exc)
            except OSError as exc:
                refused[rel] = f"cannot be read ({exc.strerror or exc.__class__.__name__})"
    return dict(sorted(found.items())), dict(sorted(refused.items()))


def _hash(found: dict[str, bytes], refused: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for rel, data in found.items():
        digest.update(rel.encode() + b"\0")
        digest.update(data + b"\0")
    for rel, reason in refused.items():  # a refused entry is part of the version HR is told about
        digest.update(b"\1" + rel.encode("utf-8", "surrogateescape") + b"\0" + reason.encode() + b"\0")
    return digest.hexdigest()


def knowledge_files(root: Path) -> list[Path]:
    """The YAML files that make up the knowledge (regular files only), in a stable order."""
    root = Path(root)
    return [root / rel for rel in _scan(root)[0]]


def content_hash(root: Path) -> str:
    """A hash of every knowledge file's name and bytes (and of refused entries): the index is
    stale when it changes. Never raises for the folder's contents."""
    return _hash(*_scan(Path(root)))


def read_knowledge(root: Path | str, *, today: dt.date | None = None) -> tuple[Knowledge, list[Problem]]:
    """Read the folder and collect every problem; never raises for content errors."""
    root = Path(root)
    today = today or dt.date.today()
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), None, "knowledge folder not found")])
    found, refused = _scan(root)
    for rel, reason in refused.items():
        problems.append(Problem(_display(root, rel), None, f"'{Path(rel).name}' {reason}"))
    if not found and not refused:
        problems.append(Problem(str(root), None, "no .yaml files in the knowledge folder"))
    files = list(found)
    items: dict[str, list[tuple[Any, _Reader]]] = {k: [] for k in _LIST_KINDS}
    for source in files:
        rel = _display(root, source)
        try:
            text = found[source].decode("utf-8")
        except UnicodeDecodeError as exc:
            line = found[source].count(b"\n", 0, exc.start) + 1
            problems.append(Problem(rel, line, f"not UTF-8 text ({exc.reason} at byte {exc.start}); "
                                               "save the file as UTF-8"))
            continue
        data = _parse(text, rel, problems)
        if data is _FAILED:
            continue
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
    knowledge = Knowledge(root, sections, faq, not_covered, contacts, _hash(found, refused), found)
    return knowledge, problems


def load_knowledge(root: Path | str, *, today: dt.date | None = None) -> Knowledge:
    """The folder's knowledge, or KnowledgeError listing every problem."""
    knowledge, problems = read_knowledge(root, today=today)
    if problems:
        raise KnowledgeError(problems)
    return knowledge
