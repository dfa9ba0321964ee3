"""Reading one knowledge YAML file: every mapping remembers its lines, limits keep a hostile file out,
and `_Reader` turns a raw mapping into typed fields, recording problems instead of raising."""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import Problem
from .model import LANGUAGES, MAX_ALIASES, MAX_DEPTH, MAX_NODES, Text, Texts

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

