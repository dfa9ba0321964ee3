"""Writing HR's decisions back into the YAML files, keeping their comments and layout.

Used by "Add to knowledge" on an answered escalation: the employee's question
becomes a new example phrasing of a section, or a new FAQ entry with HR's
answer. ruamel.yaml edits the file round-trip, so HR's comments and formatting
elsewhere in the file survive. A change that would make the folder invalid is
rolled back and reported.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .errors import KnowledgeError, Problem
from .knowledge import LANGUAGES, load_knowledge
from .text import fold

FAQ_FILE = "faq.yaml"


def _yaml() -> YAML:
    yaml = YAML()  # round-trip mode
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap HR's long lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _edit(root: Path, path: Path, change) -> None:
    """Apply `change` to the parsed file, write it, and roll back if the folder stops validating."""
    yaml = _yaml()
    original = path.read_text(encoding="utf-8") if path.exists() else None
    data = yaml.load(original) if original else CommentedMap()
    change(data)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    _write_atomically(path, buffer.getvalue())
    try:
        load_knowledge(root)
    except KnowledgeError:
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


def add_phrasing(root: Path | str, section_id: str, question: str, language: str) -> bool:
    """Add `question` to the section's example phrasings; False when it is already there."""
    root = Path(root)
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}")
    knowledge = load_knowledge(root)
    section = knowledge.sections.get(section_id)
    if section is None:
        raise KnowledgeError([Problem(str(root), None, f"section '{section_id}' does not exist")])
    question = " ".join(question.split())
    if fold(question) in {fold(q) for _, q in section.questions.items()}:
        return False
    path = root.parent / section.file

    def change(data):
        target = _section_map(data, section_id)
        questions = target.setdefault("questions", CommentedMap())
        questions.setdefault(language, CommentedSeq()).append(question)

    _edit(root, path, change)
    return True


def add_faq(root: Path | str, section_id: str, question: str, answer: str, language: str) -> str:
    """Add a new FAQ entry under `section_id` with HR's answer; returns its id."""
    root = Path(root)
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
    entry["id"] = ident
    entry["section"] = section_id
    entry["questions"] = CommentedMap({language: CommentedSeq([" ".join(question.split())])})
    entry["answer"] = CommentedMap({language: answer.strip()})

    def change(data):
        data.setdefault("faq", CommentedSeq()).append(entry)

    _edit(root, path, change)
    return ident
