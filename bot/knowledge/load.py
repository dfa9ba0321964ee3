"""HR's YAML folder as typed entries: the files found and hashed, each entry read and checked.

Every problem is reported with the file and line HR has to open, and all
problems are collected in one pass: HR fixes a folder in one go, not one error
per run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any

from ..errors import KnowledgeError, Problem
from .model import (
    AUDIENCES,
    MAX_FILE_BYTES,
    YAML_SUFFIXES,
    Contact,
    ExampleDraft,
    FaqEntry,
    Knowledge,
    NotCovered,
    Section,
    Texts,
)
from .parse import _FAILED, _parse, _Reader

_SECTION_REQUIRED = ("id", "title", "rule", "do", "dont", "contact", "reviewed", "keywords", "questions")
_SECTION_OPTIONAL = ("link", "audience", "pocket", "signals")


def _signals(r: _Reader) -> Texts:
    """HR's risk cues: words or phrases, or a pattern written /like this/ that must compile."""
    signals = r.texts("signals")
    for _, cue in signals.items():
        if len(cue) > 2 and cue.startswith("/") and cue.endswith("/"):
            try:
                re.compile(cue[1:-1], re.IGNORECASE)
            except re.error as exc:
                r.problem(f"'signals' pattern {cue} is not a valid regular expression: {exc}", "signals")
    return signals


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
        signals=_signals(r),
        link=link,
        file=r.rel,
        line=r.line(),
        pocket=r.texts("pocket"),
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


def _read_example_draft(r: _Reader, sections: dict) -> ExampleDraft | None:
    r.check_fields(("text", "sections"), ("platform",))
    text = r.string("text")
    listed = r.raw.get("sections")
    if not isinstance(listed, list) or not all(isinstance(s, str) for s in listed):
        r.problem("'sections' must be a list of section ids ([] for a post that is fine)", "sections")
        return None
    for ident in listed:
        if ident not in sections:
            r.problem(f"section '{ident}' does not exist", "sections")
    platform = r.string("platform", required=False)
    if platform and platform not in DRAFT_PLATFORMS:
        r.problem(f"'platform' must be one of {', '.join(DRAFT_PLATFORMS)}", "platform")
    return ExampleDraft(text, tuple(listed), platform, r.rel, r.line()) if text else None


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


_LIST_KINDS = {"sections": "section", "faq": "FAQ entry", "not_covered": "not-covered entry", "contacts": "contact",
               "example_drafts": "example draft"}
DRAFT_PLATFORMS = ("linkedin", "instagram", "x", "tiktok", "facebook", "glassdoor", "reddit", "other")


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
    items = _raw_items(root, found, problems)
    sections, faq, not_covered, contacts, drafts = _entries(items, problems, today)
    if found and not sections:
        problems.append(Problem(str(root), None, "the knowledge has no sections"))
    knowledge = Knowledge(root, sections, faq, not_covered, contacts, _hash(found, refused), drafts, found)
    return knowledge, problems


def _raw_items(root: Path, found: dict, problems: list[Problem]) -> dict[str, list[tuple[Any, _Reader]]]:
    """Every file parsed and its entries sorted by kind, each with a reader that reports to `problems`."""
    items: dict[str, list[tuple[Any, _Reader]]] = {k: [] for k in _LIST_KINDS}
    for source in found:
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
            problems.append(Problem(rel, 1, "a knowledge file must be a mapping (a section, or lists under sections/faq/not_covered/contacts/example_drafts)"))
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
    return items


def _entries(items: dict[str, list[tuple[Any, _Reader]]], problems: list[Problem], today: dt.date):
    """The typed sections, FAQ, not-covered matters and contacts, with ids and references checked."""
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
    drafts = tuple(d for _, r in items["example_drafts"] if (d := _read_example_draft(r, sections)))
    return sections, faq, not_covered, contacts, drafts


def load_knowledge(root: Path | str, *, today: dt.date | None = None) -> Knowledge:
    """The folder's knowledge, or KnowledgeError listing every problem."""
    knowledge, problems = read_knowledge(root, today=today)
    if problems:
        raise KnowledgeError(problems)
    return knowledge
