"""Writing HR's decisions back into the YAML files, keeping their comments and layout.

Used by "Add to knowledge" on an answered escalation (the employee's question
becomes a new example phrasing of a section, or a new FAQ entry with HR's
answer) and by "Still correct" in the review DM (a new `reviewed` date). ruamel.yaml edits the file round-trip, so HR's comments and formatting
elsewhere in the file survive; the file's own indentation is detected and kept,
so a diff shows only the added lines. A change that would make the folder
invalid is rolled back and reported.

ruamel.yaml writes YAML 1.2 but the bot reads YAML 1.1 (PyYAML), where `yes`,
`No`, `on`, `1:20` or `12:30:00` are booleans and numbers: every string this
module adds is written double-quoted, so it reads back as the same text.

Edits are serialised across threads and processes by an exclusive `flock` on
the knowledge folder, held from reading the folder to validating the result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import io
import os
import re
from collections import Counter
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..errors import KnowledgeError, Problem
from ..search.text import fold
from .load import load_knowledge
from .model import LANGUAGES

FAQ_FILE = "faq.yaml"
DEFAULT_INDENT = (2, 4, 2)  # ruamel's (mapping, sequence, offset) for a file without nested blocks

_COMMENT = re.compile(r"\s+#.*$")


def _quoted(text: str) -> DoubleQuotedScalarString:
    """A string that reads back as the same text in YAML 1.1 and 1.2 (never as a bool or number)."""
    return DoubleQuotedScalarString(text)


def detect_indent(text: str) -> tuple[int, int, int]:
    """The file's block indentation as ruamel's (mapping, sequence, offset): the most common
    step from a `key:` line to its nested mapping, to its sequence's dash, and to the item text."""
    lines = []
    for raw in text.splitlines():
        body = raw.strip()
        if body and not body.startswith("#"):
            lines.append((len(raw) - len(raw.lstrip(" ")), _COMMENT.sub("", body)))
    mapping, sequence, offset = Counter(), Counter(), Counter()
    for (indent, body), (child, child_body) in zip(lines, lines[1:]):
        if not body.endswith(":"):
            continue
        column = indent
        while body.startswith("-"):  # `- key:`: the key starts after the dash
            rest = body[1:].lstrip(" ")
            column += len(body) - len(rest)
            body = rest
        if (child_body == "-" or child_body.startswith("- ")) and child >= column:  # dash may align with the key
            after = child_body[1:]
            offset[child - column] += 1
            sequence[child - column + 1 + len(after) - len(after.lstrip(" "))] += 1
        elif child > column:
            mapping[child - column] += 1
    m, s, o = DEFAULT_INDENT
    o = offset.most_common(1)[0][0] if offset else o
    s = max(sequence.most_common(1)[0][0] if sequence else s, o + 2)
    m = mapping.most_common(1)[0][0] if mapping else (s - o if sequence else m)
    return m, s, o


def _yaml(text: str = "") -> YAML:
    yaml = YAML()  # round-trip mode
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap HR's long lines
    mapping, sequence, offset = detect_indent(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


@contextlib.contextmanager
def _folder_lock(root: Path):
    """One edit of the knowledge folder at a time, across threads and processes."""
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _edit(root: Path, path: Path, change) -> None:
    """Apply `change` to the parsed file, write it, and roll back if the folder stops validating.

    The caller holds the folder lock.
    """
    original = path.read_text(encoding="utf-8") if path.exists() else None
    yaml = _yaml(original or "")
    data = yaml.load(original) if original else None
    if data is None:  # a new file, an empty one or only comments: keep what is there, add below
        data = CommentedMap()
        change(data)
        buffer = io.StringIO()
        yaml.dump(data, buffer)
        head = original.rstrip("\n") + "\n" if original and original.strip() else ""
        text = head + buffer.getvalue()
    else:
        change(data)
        buffer = io.StringIO()
        yaml.dump(data, buffer)
        text = buffer.getvalue()
    _write_atomically(path, text)
    try:
        load_knowledge(root)
    except Exception:  # invalid, or anything else: the file is as it was
        if original is None:
            path.unlink()
        else:
            _write_atomically(path, original)
        raise


def _section_map(data, section_id: str):
    if isinstance(data, dict) and data.get("id") == section_id:
        return data
    for item in (data or {}).get("sections", []) if isinstance(data, dict) else []:
        if isinstance(item, dict) and item.get("id") == section_id:
            return item
    return None


def _add_question(target, language: str, question: str, where: Problem) -> None:
    """Append to `questions` in whichever valid shape it has: {nl: [...]}, {nl: "one"}, [...] or empty."""
    item = _quoted(question)
    questions = target.get("questions")
    if questions is None:
        target["questions"] = CommentedMap({language: CommentedSeq([item])})
    elif isinstance(questions, list):  # one list for both languages
        questions.append(item)
    elif isinstance(questions, dict):
        current = questions.get(language)
        if current is None:
            questions[language] = CommentedSeq([item])
        elif isinstance(current, list):
            current.append(item)
        else:  # one phrasing written as a plain string
            questions[language] = CommentedSeq([current, item])
    else:
        raise KnowledgeError([Problem(where.file, where.line, "'questions' has a shape that cannot be added to")])


def add_phrasing(root: Path | str, section_id: str, question: str, language: str) -> bool:
    """Add `question` to the section's example phrasings; False when it is already there."""
    root = Path(root)
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}")
    question = " ".join(question.split())
    with _folder_lock(root):
        knowledge = load_knowledge(root)
        section = knowledge.sections.get(section_id)
        if section is None:
            raise KnowledgeError([Problem(str(root), None, f"section '{section_id}' does not exist")])
        if fold(question) in {fold(q) for _, q in section.questions.items()}:
            return False
        where = Problem(section.file, section.line, "")

        def change(data):
            target = _section_map(data, section_id)
            if target is None:
                raise KnowledgeError([Problem(section.file, None, f"section '{section_id}' was not found in this file")])
            _add_question(target, language, question, where)

        _edit(root, root.parent / section.file, change)
    return True


def add_faq(root: Path | str, section_id: str, question: str, answer: str, language: str) -> str:
    """Add a new FAQ entry under `section_id` with HR's answer; returns its id."""
    root = Path(root)
    with _folder_lock(root):
        knowledge = load_knowledge(root)
        if section_id not in knowledge.sections:
            raise KnowledgeError([Problem(str(root), None, f"section '{section_id}' does not exist")])
        existing = next((f for f in knowledge.faq.values()), None)
        path = root.parent / existing.file if existing else root / FAQ_FILE
        slug = "-".join(fold(question).split()[:6]) or "question"
        ident, n = f"faq-{slug}", 2
        taken = set(knowledge.faq) | set(knowledge.sections) | set(knowledge.not_covered)
        while ident in taken:
            ident, n = f"faq-{slug}-{n}", n + 1
        entry = CommentedMap()
        entry["id"] = _quoted(ident)
        entry["section"] = _quoted(section_id)
        entry["questions"] = CommentedMap({language: CommentedSeq([_quoted(" ".join(question.split()))])})
        entry["answer"] = CommentedMap({language: _quoted(answer.strip())})
        rel = path.relative_to(root.parent).as_posix()

        def change(data):
            if not isinstance(data, dict):
                raise KnowledgeError([Problem(rel, 1, "the FAQ file is not a mapping with 'faq:'")])
            faq = data.get("faq")
            if faq is None:
                data["faq"] = CommentedSeq([entry])
            elif isinstance(faq, list):
                faq.append(entry)
            else:
                raise KnowledgeError([Problem(rel, None, "'faq' must be a list")])

        _edit(root, path, change)
    return ident


def set_reviewed(root: Path | str, section_id: str, day: dt.date) -> bool:
    """Write `reviewed: <day>` into the section's YAML (a review was confirmed); False when it already says so.

    Same path as the other edits: the folder lock, a round-trip write that keeps comments
    and layout, validation (a date in the future is refused) and a rollback when invalid.
    """
    root = Path(root)
    with _folder_lock(root):
        knowledge = load_knowledge(root)
        section = knowledge.sections.get(section_id)
        if section is None:
            raise KnowledgeError([Problem(str(root), None, f"section '{section_id}' does not exist")])
        if section.reviewed == day:
            return False

        def change(data):
            target = _section_map(data, section_id)
            if target is None:
                raise KnowledgeError([Problem(section.file, None, f"section '{section_id}' was not found in this file")])
            target["reviewed"] = day

        _edit(root, root.parent / section.file, change)
    return True
