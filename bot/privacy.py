"""Pseudonyms for Slack user ids: HR sees patterns, not people, unless a person asks HR directly.

A keyed hash (HMAC-SHA256) rather than a plain hash: Slack ids are few and
guessable, so an unkeyed hash could be reversed by trying them all.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from .config import Settings
from .errors import SmpolicyError

KEY_FILE_NAME = "pseudonym.key"  # in the data directory (SMPOLICY_DATA_DIR)


def pseudonym(user_id: str, key: str) -> str:
    """A stable, non-reversible stand-in for `user_id` (32 hex characters)."""
    return hmac.new(key.encode(), user_id.encode(), hashlib.sha256).hexdigest()[:32]


def resolve_key(settings: Settings, key_file: Path | None = None) -> str:
    """The configured key; in development, a generated one kept in a private file.

    Production refuses to run without SMPOLICY_PSEUDONYM_KEY: a key that only
    lives on one machine would give the same person different pseudonyms
    across processes and after a redeploy.
    """
    if settings.pseudonym_key:
        return settings.pseudonym_key
    if settings.env == "production":
        raise SmpolicyError("SMPOLICY_PSEUDONYM_KEY must be set when SMPOLICY_ENV=production "
                            "(generate one with: python -c 'import secrets; print(secrets.token_hex(32))')")
    key_file = key_file or settings.data_dir / KEY_FILE_NAME
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process got there first
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key + "\n")
    return key
