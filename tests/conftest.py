"""Shared fixtures: the real model loaded once, the shipped knowledge, real temp folders, a running Slack bot.

Tests that need neither the model nor a database are marked `fast` (`pytest -m fast`).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

from bot.config import Settings  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"

# The Slack workspace the end-to-end tests play in.
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
HR = "C0HR"
EMPLOYEE, EMPLOYEE_DM = "U0EMPLOYEE", "D0EMPLOYEE"
HR_LEAD, HR_MEMBER, OUTSIDER = "U0HRLEAD", "U0HRMEMBER", "U0OUTSIDER"

ANSWERABLE = ("Can I share job openings on LinkedIn?", "Someone wrote a bad review of us on Glassdoor, what do I do?")
UNANSWERABLE = ("what is the meaning of life and cheese", "xylophone quantum banana orbit", "mijn laptop is kapot")


@pytest.fixture(scope="session")
def model():
    from bot.decide.engine import load_model

    return load_model(Settings.from_env({}).model)


@pytest.fixture(scope="session")
def session_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("smpolicy")


@pytest.fixture(scope="session")
def settings(session_dir) -> Settings:
    """Settings on the shipped knowledge with a data directory, index and database of this test session."""
    return Settings.from_env(
        {}, data_dir=str(session_dir), knowledge=str(KNOWLEDGE), index=str(session_dir / "index"),
        database_url=f"sqlite:///{session_dir / 'smpolicy.db'}",
    )


@pytest.fixture(scope="session")
def engine(settings, model):
    from bot.decide.engine import Engine

    return Engine.load(settings, model=model)


@pytest.fixture(scope="module")
def knowledge():
    """The shipped knowledge, read once per module."""
    from bot.knowledge import load_knowledge

    return load_knowledge(KNOWLEDGE)


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
    from bench.databases import fresh_database

    server = None
    if request.param == "postgresql":
        server = os.environ.get("SMPOLICY_TEST_POSTGRES_URL")
        if not server:
            pytest.skip("SMPOLICY_TEST_POSTGRES_URL is not set (no PostgreSQL server)")
    with fresh_database(server, tmp_path) as url:
        yield url


# --- a running Slack bot (HTTP mode on a free port, Slack's Web API faked) -----------------------------


@dataclass
class Running:
    server: Any  # tests.http_server.HttpServer
    store: Any  # bot.store.Store
    bot: Any  # bot.slack.SlackBot
    send: Any  # fake_slack.SlackSender
    listeners: Any  # the ThreadPoolExecutor bolt's lazy listeners run in

    def stop(self) -> None:
        """Stop taking requests, then wait for listeners still running, so none logs into the next test."""
        self.server.stop()
        self.listeners.shutdown(wait=True)
        self.store.close()


def start_bot(settings, engine, slack, db_url: str, **changes) -> Running:
    from bot.slack import SlackBot, build_wsgi_app, create_app, make_client
    from bot.slack.app import listener_pool
    from bot.store import Store
    from fake_slack import SlackSender
    from tests.http_server import HttpServer

    s = settings.with_(bot_token="xoxb-test", signing_secret=SECRET, api_url=slack.api_url, hr_channel=HR,
                       hr_users=frozenset({HR_LEAD}), database_url=db_url, pseudonym_key="test-pseudonym-key",
                       **changes)
    store = Store.open(db_url)
    bot = SlackBot(s, engine, store, make_client(s), retry_delay=0)
    listeners = listener_pool(s)
    app = create_app(s, engine, store, bot=bot, executor=listeners)
    server = HttpServer(build_wsgi_app(app, max_body=s.max_body_bytes), settings=s).start()
    return Running(server, store, bot, SlackSender(server.url, SECRET, slack), listeners)


@pytest.fixture
def slack():
    from fake_slack import FakeSlack

    with FakeSlack(channel_members={HR: [HR_MEMBER, "U0SOMEONE"]}, locales={"U0DUTCH": "nl-NL"}) as fake:
        yield fake


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture
def bot(settings, engine, slack, db_url):
    running = start_bot(settings, engine, slack, db_url)
    yield running
    running.stop()


# Modules whose tests need neither the model nor a database; `pytest -m fast` runs them in seconds.
# (New model-free test modules set `pytestmark = pytest.mark.fast` themselves.)
FAST_MODULES = {"test_knowledge", "test_slack_blocks", "test_understand"}
SLOW_FIXTURES = {"model", "engine", "store", "url", "database_url", "bot", "slack"}


def pytest_collection_modifyitems(items):
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and module.__name__ in FAST_MODULES and not SLOW_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.fast)
