"""Upgrading a database from an older schema keeps every stored escalation."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, create_engine, insert, inspect

from bot.store import Store
from bot.store.migrate import CURRENT, database_version


def test_version_1_database_is_upgraded_without_losing_escalations(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = MetaData()
    # The schema as the first release created it: only these two tables (columns as then).
    from bot.store.tables import escalations, processed_events

    escalations.to_metadata(old)
    processed_events.to_metadata(old)
    engine = create_engine(url)
    old.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(old.tables["escalations"]).values(
            origin="Ev1", state="open", user_id="U1", question="Mag dit?", language="nl", source="dm",
            candidates=[], attempts=1, hr_channel="C1", hr_ts="1.1"))
    with engine.connect() as conn:
        assert database_version(conn) == 1
    store = Store.open(url)
    with store.db.connect() as conn:
        assert database_version(conn) == CURRENT
    assert {"questions", "jobs", "schema_version"} <= set(inspect(store.db).get_table_names())
    kept = store.escalations()
    assert [(e.origin, e.question, e.state) for e in kept] == [("Ev1", "Mag dit?", "open")]
    # Opening again is a no-op.
    Store.open(url)
    assert len(Store.open(url).escalations()) == 1


def test_a_newer_database_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    store = Store.open(url)
    from bot.store.tables import schema_version

    with store.db.begin() as conn:
        conn.execute(insert(schema_version).values(version=CURRENT + 1))

    with pytest.raises(RuntimeError, match="newer than this smpolicy"):
        Store.open(url)


def test_version_4_question_log_keeps_its_matters_under_the_new_column_name(tmp_path):
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'v4.db'}"
    store = Store.open(url)
    store.log_question(origin="Ev4", user_hash="h", source="dm", language="nl", outcome="escalate",
                       matter="leave-and-holidays")
    with store.db.begin() as conn:  # make it look as version 4 left it
        conn.execute(text("ALTER TABLE questions RENAME COLUMN matter TO redirect"))
        conn.execute(text("DELETE FROM schema_version"))
        conn.execute(text("INSERT INTO schema_version (version, upgraded_at) VALUES (4, CURRENT_TIMESTAMP)"))
    store.close()
    upgraded = Store.open(url)
    assert "matter" in {c["name"] for c in inspect(upgraded.db).get_columns("questions")}
    assert [q.matter for q in upgraded.logged_questions()] == ["leave-and-holidays"]


def test_version_5_database_gains_the_reviews_table_and_keeps_its_rows(tmp_path):
    import datetime as dt

    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'v5.db'}"
    store = Store.open(url)
    store.log_question(origin="Ev5", user_hash="h", source="dm", language="nl", outcome="answer")
    with store.db.begin() as conn:  # make it look as version 5 left it: no reviews table
        conn.execute(text("DROP TABLE reviews"))
        conn.execute(text("DELETE FROM schema_version"))
        conn.execute(text("INSERT INTO schema_version (version, upgraded_at) VALUES (5, CURRENT_TIMESTAMP)"))
    store.close()
    upgraded = Store.open(url)
    with upgraded.db.connect() as conn:
        assert database_version(conn) == CURRENT == 6
    assert len(upgraded.logged_questions()) == 1
    day = dt.date(2026, 12, 1)
    assert upgraded.record_review(section="private-use", contact="hr-social-media", confirmed_by="U07", reviewed_on=day)
    assert not upgraded.record_review(section="private-use", contact=None, confirmed_by="U08", reviewed_on=day)
    [review] = upgraded.reviews()
    assert (review.section, review.confirmed_by, review.reviewed_on) == ("private-use", "U07", day)
    upgraded.close()
