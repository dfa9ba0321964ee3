"""Shared fixtures: the real model loaded once, the shipped knowledge, real temp folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

from bot.config import Settings  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"


@pytest.fixture(scope="session")
def model():
    from bot.engine import load_model

    return load_model(Settings.from_env({}).model)


@pytest.fixture(scope="session")
def session_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("smpolicy")


@pytest.fixture(scope="session")
def settings(session_dir) -> Settings:
    """Settings on the shipped knowledge with an index and database of this test session."""
    return Settings.from_env(
        {}, knowledge=str(KNOWLEDGE), index=str(session_dir / "index"),
        database_url=f"sqlite:///{session_dir / 'smpolicy.db'}",
    )


@pytest.fixture(scope="session")
def engine(settings, model):
    from bot.engine import Engine

    return Engine.load(settings, model=model)


@pytest.fixture
def knowledge_copy(tmp_path) -> Path:
    """A writable copy of the shipped knowledge, for tests that edit or break it."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target
