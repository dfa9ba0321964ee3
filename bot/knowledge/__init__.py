"""HR's knowledge folder: the typed entries (`model`), reading and checking the YAML files
(`parse`, `load`) and HR's edits from Slack (`edit`, imported on its own)."""

from .load import content_hash, knowledge_files, load_knowledge, read_knowledge
from .model import (
    AUDIENCES,
    LANGUAGES,
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    REVIEW_DAYS,
    YAML_SUFFIXES,
    Contact,
    Doc,
    ExampleDraft,
    FaqEntry,
    Knowledge,
    NotCovered,
    Section,
    Text,
    Texts,
)

__all__ = [
    "AUDIENCES", "LANGUAGES", "MAX_ALIASES", "MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "REVIEW_DAYS",
    "YAML_SUFFIXES", "Contact", "Doc", "ExampleDraft", "FaqEntry", "Knowledge", "NotCovered", "Section", "Text",
    "Texts",
    "content_hash", "knowledge_files", "load_knowledge", "read_knowledge",
]
