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


@pytest.fixture
def url(tmp_path) -> str:
    """A SQLite database file of this test."""
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def store(url):
    from bot.store import Store

    s = Store.open(url)
    yield s
    s.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database: a SQLite file, and a new PostgreSQL database when a server is configured.

    PostgreSQL runs when SMPOLICY_TEST_POSTGRES_URL is set (`.ci/run` sets it after starting a server).
    """
    from databases import fresh_database

    server = None
    if request.param == "postgresql":
        server = os.environ.get("SMPOLICY_TEST_POSTGRES_URL")
        if not server:
            pytest.skip("SMPOLICY_TEST_POSTGRES_URL is not set (no PostgreSQL server)")
    with fresh_database(server, tmp_path) as url:
        yield url
