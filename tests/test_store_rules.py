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

    with store.engine.begin() as conn:
        conn.execute(insert(schema_version).values(version=CURRENT + 1))
    store.close()
    with pytest.raises(SmpolicyError, match="newer than this smpolicy") as info:
        Store.open(url)
    assert "\n" not in str(info.value)


def test_old_once_only_keys_move_out_of_processed_events(tmp_path):
    from bot.store.tables import processed_events, schema_version

    url = f"sqlite:///{tmp_path / 'v3.db'}"
    store = Store.open(url)
    with store.engine.begin() as conn:
        conn.execute(insert(processed_events).values(id="add-faq:7", kind="knowledge", received_at=utcnow()))
        conn.execute(insert(schema_version).values(version=3, upgraded_at=utcnow() + dt.timedelta(seconds=1)))
    store.close()
    store = Store.open(url)
    store.forget_events(utcnow() + dt.timedelta(days=2))
    assert store.claim_once("add-faq:7", "knowledge") is False
    store.close()
