"""The retention purge: `run_purge` (what `smpolicy purge` calls) and the bot's daily run, on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import update

from bot.retention import run_purge
from bot.slack import SlackBot
from bot.slack.local import TerminalClient
from bot.store import OPEN, Store, utcnow
from bot.store.tables import escalations, questions

DAY = dt.timedelta(days=1)




def log(store: Store, origin: str, age_days: float, text: str | None = "Mag ik dit posten?") -> int:
    qid = store.log_question(origin=origin, user_hash="h", source="dm", language="nl", outcome="escalate", text=text)
    with store.db.begin() as conn:
        conn.execute(update(questions).where(questions.c.id == qid).values(asked_at=utcnow() - age_days * DAY))
    return qid


def escalation(store: Store, origin: str, age_days: float, *, answered: bool) -> int:
    esc, _ = store.add_escalation(origin=origin, user_id="U1", question="Wat als…?", language="nl", source="dm")
    store.claim(esc.id, "pending")
    store.mark_posted(esc.id, "C_HR", f"{origin}.1")
    if answered:
        store.claim_reply("C_HR", f"{origin}.1", answered_by="U_HR", reply="Zo.")
        store.mark_relayed(esc.id)
    with store.db.begin() as conn:
        conn.execute(update(escalations).where(escalations.c.id == esc.id)
                     .values(created_at=utcnow() - age_days * DAY))
    return esc.id


def texts(store: Store) -> dict[int, str | None]:
    return {q.id: q.text for q in store.logged_questions()}


def test_run_purge_clears_old_texts_keeps_recent_ones_and_open_escalations(settings, store):
    old, recent = log(store, "Ev-old", 100), log(store, "Ev-recent", 10)
    waiting, done = escalation(store, "Ev-wait", 100, answered=False), escalation(store, "Ev-done", 100, answered=True)

    counts = run_purge(settings.with_(retention_days=90), store)

    assert counts["question_texts"] == 1 and counts["escalations"] == 1
    assert texts(store) == {old: None, recent: "Mag ik dit posten?"}
    assert store.get(waiting).state == OPEN and store.get(waiting).question == "Wat als…?"
    assert store.get(waiting).user_id == "U1"  # HR's reply must still reach the person
    assert store.get(done).question == "" and store.get(done).reply is None and store.get(done).user_id == ""
    assert len(store.logged_questions()) == 2  # the counts stay for the report


def test_run_purge_opens_the_configured_database(settings, url, store):
    old = log(store, "Ev-old", 31)
    assert run_purge(settings.with_(retention_days=30, database_url=url)) == {"question_texts": 1, "escalations": 0,
                                                                              "events": 0}
    assert texts(store) == {old: None}


def test_claim_job_admits_one_caller_per_period_across_stores(url):
    first, second = Store.open(url), Store.open(url)
    try:
        now = utcnow()
        assert first.claim_job("purge", DAY, now=now) is True
        assert second.claim_job("purge", DAY, now=now) is False
        assert first.claim_job("purge", DAY, now=now + DAY / 2) is False
        assert second.claim_job("purge", DAY, now=now + DAY + dt.timedelta(seconds=1)) is True
        assert first.claim_job("purge", DAY, now=now + DAY + dt.timedelta(seconds=2)) is False
    finally:
        first.close()
        second.close()


def test_housekeeping_purges_once_a_day_across_processes(settings, engine, url):
    s = settings.with_(retention_days=90, reload_seconds=0, hr_channel=None, pseudonym_key="k")
    stores = [Store.open(url), Store.open(url)]
    try:
        bots = [SlackBot(s, engine, store, TerminalClient(io.StringIO())) for store in stores]
        first = log(stores[0], "Ev-1", 100)
        bots[0].housekeeping()
        assert texts(stores[0]) == {first: None}
        later = log(stores[0], "Ev-2", 100)
        bots[1].housekeeping()  # the other process, the same day: the purge already ran
        bots[0].housekeeping()
        assert texts(stores[0])[later] == "Mag ik dit posten?"
    finally:
        for store in stores:
            store.close()


def test_purge_command_clears_old_texts(tmp_path, monkeypatch):
    import datetime as dt

    from click.testing import CliRunner
    from sqlalchemy import update

    from bot.cli import cli
    from bot.store import Store
    from bot.store.tables import questions

    url = f"sqlite:///{tmp_path / 'purge.db'}"
    store = Store.open(url)
    old = store.log_question(origin="Ev-old", user_hash="h", source="dm", language="nl", outcome="escalate", text="oud")
    new = store.log_question(origin="Ev-new", user_hash="h", source="dm", language="nl", outcome="escalate", text="nieuw")
    with store.db.begin() as conn:
        conn.execute(update(questions).where(questions.c.id == old).values(asked_at=dt.datetime(2020, 1, 1)))
    monkeypatch.setenv("SMPOLICY_DATABASE_URL", url)
    monkeypatch.setenv("SMPOLICY_RETENTION_DAYS", "30")
    result = CliRunner().invoke(cli, ["purge"])
    assert result.exit_code == 0, result.output
    assert "1 question(s)" in result.output
    texts = {q.id: q.text for q in store.logged_questions()}
    assert texts == {old: None, new: "nieuw"}
