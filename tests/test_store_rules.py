"""Storage rules in the store: lasting once-only keys, repeated writes, one-sentence errors."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert

from bot.errors import SmpolicyError
from bot.store import Store, utcnow
from bot.store.migrate import CURRENT


def test_once_only_keys_outlive_the_pruning_of_processed_events(store):
    assert store.claim_once("add-faq:1", "knowledge") is True
    assert store.claim_once("add-faq:1", "knowledge") is False
    store.forget_events(utcnow() + dt.timedelta(days=2))  # housekeeping prunes delivery keys after a day
    store.purge(dt.timedelta(days=0), now=utcnow() + dt.timedelta(days=400))  # and the retention purge
    assert store.claim_once("add-faq:1", "knowledge") is False
    store.release_once("add-faq:1")
    assert store.claim_once("add-faq:1", "knowledge") is True


def test_a_repeated_question_log_write_returns_the_existing_id(store):
    kw = dict(origin="Ev-repeat", user_hash="h", source="dm", language="nl", outcome="answer")
    first = store.log_question(**kw)
    assert isinstance(first, int)
    assert store.log_question(**kw) == first
    assert len(store.logged_questions()) == 1


@pytest.mark.parametrize("url", ["not a url", "nosuchdialect://x/y"])
def test_a_bad_database_url_is_one_sentence(url):
    with pytest.raises(SmpolicyError) as info:
        Store.open(url)
    assert "\n" not in str(info.value)


def test_an_unreachable_database_is_one_sentence(tmp_path):
    with pytest.raises(SmpolicyError, match="could not") as info:
        Store.open(f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.db'}")
    assert "\n" not in str(info.value) and "[SQL" not in str(info.value)


def test_a_newer_schema_is_one_smpolicy_error(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    store = Store.open(url)
    from bot.store.tables import schema_version

    with store.db.begin() as conn:
        conn.execute(insert(schema_version).values(version=CURRENT + 1))
    store.close()
    with pytest.raises(SmpolicyError, match="newer than this smpolicy") as info:
        Store.open(url)
    assert "\n" not in str(info.value)


def test_old_once_only_keys_move_out_of_processed_events(tmp_path):
    from bot.store.tables import processed_events, schema_version

    url = f"sqlite:///{tmp_path / 'v3.db'}"
    store = Store.open(url)
    with store.db.begin() as conn:
        conn.execute(insert(processed_events).values(id="add-faq:7", kind="knowledge", received_at=utcnow()))
        conn.execute(insert(schema_version).values(version=3, upgraded_at=utcnow() + dt.timedelta(seconds=1)))
    store.close()
    store = Store.open(url)
    store.forget_events(utcnow() + dt.timedelta(days=2))
    assert store.claim_once("add-faq:7", "knowledge") is False
    store.close()


def test_a_second_new_faq_click_after_events_are_pruned_adds_no_duplicate_faq(settings, store, monkeypatch):
    """The bug: "add-faq:<id>" lived in processed_events, which housekeeping prunes after a day, so a
    second "New FAQ" click a day later added the same FAQ again."""
    import io
    from types import SimpleNamespace

    import bot.slack.hr_actions
    from bot.knowledge import load_knowledge
    from bot.slack import SlackBot
    from bot.slack.local import TerminalClient

    added = []

    def add_faq(root, section, question, answer, language):
        added.append(question)
        return f"faq-{len(added)}"

    monkeypatch.setattr(bot.slack.hr_actions, "add_faq", add_faq)
    engine = SimpleNamespace(knowledge=load_knowledge(settings.knowledge), settings=settings,
                             reload=lambda: (True, "1 FAQ added"))
    s = settings.with_(reload_seconds=0, hr_channel=None, pseudonym_key="k")
    slackbot = SlackBot(s, engine, store, TerminalClient(io.StringIO()))
    escalation = SimpleNamespace(id=1, question="Mag ik dit posten?", reply="Ja.", language="nl")

    first = slackbot._edit_knowledge(escalation, "monitoring", "Monitoring", "U0HR", faq=True)
    slackbot.housekeeping(keep_events=dt.timedelta(0))  # as a day later: old processed events are pruned
    second = slackbot._edit_knowledge(escalation, "monitoring", "Monitoring", "U0HR", faq=True)

    assert added == ["Mag ik dit posten?"]
    assert "faq-1" in first["text"] and "faq-" not in second["text"]
