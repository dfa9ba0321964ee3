"""Exceptions the core raises; adapters turn them into one sentence for a person."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the knowledge folder, located so HR can fix it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class SmpolicyError(Exception):
    """Base class: anything the user can act on."""


class KnowledgeError(SmpolicyError):
    """The knowledge folder has problems; `problems` lists each with file and line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem(s) in the knowledge folder:\n"
            + "\n".join(f"  {p}" for p in problems)
        )


class StoreError(SmpolicyError, RuntimeError):
    """The database could not be opened, upgraded or used; the message is one sentence for an operator.

    Also a RuntimeError, which is what a refused (newer) schema raised before.
    """


class IndexUnavailable(SmpolicyError):
    """The index is missing, stale or unreadable and could not be rebuilt here."""


class ModelError(SmpolicyError):
    """The embedding model could not be loaded (wrong name, no network for a hub model)."""
