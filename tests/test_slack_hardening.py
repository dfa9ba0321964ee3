"""Defects from hostile testing, end to end: real bolt app over HTTP, real engine, real SQLite,
the fake Slack Web API (tests/fake_slack.py), requests signed as Slack signs them.

Typed mentions, file-only HR replies, DM threads, de-anonymisation, foreign buttons, a crash
between posting to HR and recording it, and Slack errors that never clear.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time

from sqlalchemy import inspect, text, update

from bot.render import blocks as render
from bot.report import build_report, format_text
from bot.slack.conversation import prepare_text
from bot.slack.escalations import backoff
from bot.store import ANSWERED, OPEN, PENDING, UNDELIVERABLE, Store, utcnow
from bot.store.tables import escalations
from test_slack_e2e import (
    ANSWERABLE,
    EMPLOYEE,
    EMPLOYEE_DM,
    HR,
    HR_LEAD,
    UNANSWERABLE,
    buttons,
    escalate_via_forward,
    hr_reply,
    question_with,
    start_bot,
)

KEY = "test-pseudonym-key"


def wait_state(store: Store, state: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = store.escalations()
        if found and found[0].state == state:
            return found[0]
        time.sleep(0.02)
    raise AssertionError(f"escalation never reached {state}: {[(e.id, e.state) for e in store.escalations()]}")


def marker_done(bot, slack, channel: str = "D0MARKER") -> None:
    """A later event, answered after anything still in flight."""
    bot.send.dm("hello", channel=channel)
    slack.wait_for("chat.postMessage", channel=channel)


# --- 5. typed mentions ---------------------------------------------------------------------------


def test_typed_channel_mention_neither_pings_hr_nor_changes_the_answer(bot, slack, engine):
    question = question_with(engine, "escalate", UNANSWERABLE)
    bot.send.dm(f"{question} &lt;!channel&gt; &lt;!here&gt;")  # what Slack delivers for typed "<!channel>"
    [post] = slack.wait_for("chat.postMessage", channel=HR)
    slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    assert "<!channel>" not in post.params["text"] and "<!here>" not in post.params["text"]
    assert "<!" not in json.dumps(post.params["blocks"])
    plain = engine.ask(question)
    [row] = bot.store.logged_questions()
    assert list(row.candidates) == [{"section": c.section, "score": round(c.score, 4)} for c in plain.candidates]
    assert prepare_text("a &lt;!channel&gt; b &lt;@U1|x&gt;").split() == ["a", "b"]


# --- 7. a file-only HR reply ---------------------------------------------------------------------


def test_file_only_hr_reply_relays_a_link_to_the_file(bot, slack, engine):
    _, post = escalate_via_forward(bot, slack, engine)
    bot.send.event({"type": "message", "subtype": "file_share", "channel": HR, "channel_type": "channel",
                    "user": HR_LEAD, "text": "", "ts": f"{time.time():.6f}", "thread_ts": post.response["ts"],
                    "files": [{"id": "F1", "name": "richtlijn & uitleg.pdf",
                               "permalink": "https://fake.slack.com/files/U0HRLEAD/F1/richtlijn.pdf"}]})
    [relay] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    text = render.as_text(relay.params)
    assert "https://fake.slack.com/files/U0HRLEAD/F1/richtlijn.pdf" in json.dumps(relay.params["blocks"])
    assert "richtlijn & uitleg.pdf" in text
    assert wait_state(bot.store, ANSWERED).reply


def test_hr_reply_without_text_or_file_asks_hr_for_text_and_stays_open(bot, slack, engine):
    _, post = escalate_via_forward(bot, slack, engine)
    bot.send.event({"type": "message", "subtype": "file_share", "channel": HR, "channel_type": "channel",
                    "user": HR_LEAD, "text": "", "ts": f"{time.time():.6f}", "thread_ts": post.response["ts"],
                    "files": [{"id": "F2", "name": "x.png", "mode": "hidden_by_limit"}]})
    [ask] = slack.wait_for("chat.postMessage", channel=HR, thread_ts=post.response["ts"])
    assert "tekst" in ask.params["text"]
    marker_done(bot, slack)
    assert bot.store.escalations()[0].state == OPEN
    assert not slack.of("conversations.open")
    hr_reply(bot, post, HR_LEAD, "Nu met tekst")
    [relay] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    assert "Nu met tekst" in relay.params["text"]


# --- 8. DM threads -------------------------------------------------------------------------------


def test_reply_in_a_dm_thread_is_answered_in_that_thread(bot, slack, engine):
    thread = "1700000123.000100"
    event = {"type": "message", "channel_type": "im", "channel": EMPLOYEE_DM, "user": EMPLOYEE,
             "text": question_with(engine, "answer", ANSWERABLE), "ts": "1700000124.000100", "thread_ts": thread}
    bot.send.event(event)
    [answer] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    assert answer.params.get("thread_ts") == thread


# --- 9. no raw id of an anonymous asker ----------------------------------------------------------


def database_dump(store: Store) -> str:
    out = []
    with store.db.connect() as conn:
        for table in inspect(conn).get_table_names():
            out += [json.dumps(dict(r._mapping), default=str) for r in conn.execute(text(f"SELECT * FROM {table}"))]
    return "\n".join(out)


def test_anonymous_asker_id_is_in_no_log_and_gone_from_the_database_once_relayed(bot, slack, engine, caplog):
    with caplog.at_level(logging.DEBUG, logger="bot"):
        question = question_with(engine, "answer", ANSWERABLE)
        bot.send.dm(question)
        [answer] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
        not_helpful = buttons(answer.params["blocks"])[render.NOT_HELPFUL]
        bot.send.click(render.NOT_HELPFUL, not_helpful["value"])
        [offer] = slack.wait_for("response_url")
        forward = buttons(offer.params["blocks"])[render.FORWARD_ANONYMOUS]
        bot.send.click(forward["action_id"], forward["value"], message_ts="1700000999.000100")
        [post] = slack.wait_for("chat.postMessage", channel=HR)
        slack.wait_for("response_url", count=2)
        [pending] = bot.store.escalations()
        assert not pending.origin.count(EMPLOYEE)
        hr_reply(bot, post, HR_LEAD, "Anoniem antwoord")
        slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM, count=2)
        wait_state(bot.store, ANSWERED)
        slack.wait_for("chat.update")
    assert EMPLOYEE not in database_dump(bot.store)
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("bot")]
    assert logged and not any(EMPLOYEE in line for line in logged)


def test_migration_drops_user_ids_from_old_forward_keys_and_answered_escalations(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store.open(url)
    from bot.store.tables import schema_version

    with store.db.begin() as conn:
        conn.execute(escalations.insert().values(
            origin="forward:U0EMPLOYEE:1700000999.000100", state=ANSWERED, user_id="U0EMPLOYEE", anonymous=True,
            question="q", language="nl", source="feedback", candidates=[], attempts=1, created_at=utcnow(),
            updated_at=utcnow()))
        conn.execute(escalations.insert().values(
            origin="Ev1", state=OPEN, user_id="U0OTHER", anonymous=False, question="q", language="nl", source="dm",
            candidates=[], attempts=1, created_at=utcnow(), updated_at=utcnow()))
        conn.execute(schema_version.insert().values(version=2, upgraded_at=utcnow()))
    store.close()
    upgraded = Store.open(url)
    dump = database_dump(upgraded)
    assert "U0EMPLOYEE" not in dump
    assert "U0OTHER" in dump  # still waiting for HR: the reply must reach them


# --- 10. foreign buttons --------------------------------------------------------------------------


def test_click_with_another_users_question_id_changes_nothing(bot, slack, engine, caplog):
    bot.send.dm(question_with(engine, "answer", ANSWERABLE))
    [answer] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    value = buttons(answer.params["blocks"])[render.NOT_HELPFUL]["value"]
    with caplog.at_level(logging.INFO):
        bot.send.click(render.NOT_HELPFUL, value, user="U0INTRUDER", channel="D0INTRUDER")
        [told] = slack.wait_for("response_url")
    [row] = bot.store.logged_questions()
    assert row.feedback is None and row.text is None
    assert "someone else" in told.params["text"] or "iemand anders" in told.params["text"]
    assert sum("not the clicker's question" in r.getMessage() for r in caplog.records) == 1
    bot.send.click(render.HELPFUL, buttons(answer.params["blocks"])[render.HELPFUL]["value"], user="U0INTRUDER")
    slack.wait_for("response_url", count=2)
    assert bot.store.logged_questions()[0].feedback is None
    bot.send.click(render.HELPFUL, buttons(answer.params["blocks"])[render.HELPFUL]["value"])  # the asker
    slack.wait_for("response_url", count=3)
    assert bot.store.logged_questions()[0].feedback == "helpful"


# --- 18. crash after Slack accepted the HR post ----------------------------------------------------


def crash_once_after_posting(store: Store, monkeypatch) -> None:
    real = store.mark_posted
    crashed = []

    def mark_posted(*args, **kwargs):
        if not crashed:
            crashed.append(True)
            raise RuntimeError("process killed before the post was recorded")
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "mark_posted", mark_posted)


def expire_lease(store: Store) -> None:
    """What 120 s of waiting would do: the lease of the crashed attempt runs out."""
    with store.db.begin() as conn:
        conn.execute(update(escalations).values(retry_at=utcnow() - dt.timedelta(seconds=1)))


def test_crash_between_post_and_record_does_not_post_twice(bot, slack, engine, monkeypatch):
    crash_once_after_posting(bot.store, monkeypatch)
    bot.send.dm(question_with(engine, "escalate", UNANSWERABLE))  # the "crash" also costs the employee's reply
    [first] = slack.wait_for("chat.postMessage", channel=HR)
    wait_until(lambda: bot.store.escalations()[0].retry_at is not None)
    assert bot.store.escalations()[0].state == PENDING
    expire_lease(bot.store)
    bot.bot.retry_due()
    adopted = bot.store.escalations()[0]
    assert adopted.state == OPEN and adopted.hr_ts == first.response["ts"]
    assert len([c for c in slack.of("chat.postMessage") if c.params.get("channel") == HR]) == 1
    hr_reply(bot, first, HR_LEAD, "Antwoord in de eerste thread")
    [relay] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    assert "eerste thread" in relay.params["text"]


def test_reply_under_an_unrecorded_post_is_relayed(bot, slack, engine, monkeypatch):
    crash_once_after_posting(bot.store, monkeypatch)
    bot.send.dm(question_with(engine, "escalate", UNANSWERABLE))
    [first] = slack.wait_for("chat.postMessage", channel=HR)
    hr_reply(bot, first, HR_LEAD, "Antwoord voor de herstart")  # before any retry has found the post
    [relay] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    assert "voor de herstart" in relay.params["text"]
    assert wait_state(bot.store, ANSWERED).hr_ts == first.response["ts"]


def test_reply_under_a_second_post_of_the_same_escalation_is_relayed(bot, slack, engine):
    _, post = escalate_via_forward(bot, slack, engine)
    [escalation] = bot.store.escalations()
    duplicate = slack.post_as_bot(HR, "Vraag voor HR (dubbel)",
                                  metadata={"event_type": "smpolicy_escalation",
                                            "event_payload": {"escalation_id": escalation.id}})
    bot.send.event({"type": "message", "channel": HR, "channel_type": "channel", "user": HR_LEAD,
                    "text": "Antwoord onder de dubbele", "ts": f"{time.time():.6f}", "thread_ts": duplicate["ts"]})
    [relay] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    assert "dubbele" in relay.params["text"]
    assert post.params["metadata"]["event_payload"]["escalation_id"] == escalation.id


# --- 19. errors that never clear ---------------------------------------------------------------------


def test_backoff_doubles_up_to_an_hour():
    assert [backoff(n, 30) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(50, 30) == 3600


def test_failed_posts_are_retried_with_growing_pauses(bot, slack, engine):
    bot.bot.retry_delay = 30
    slack.fail("chat.postMessage", "is_archived", times=10**6, channel=HR)
    bot.send.dm(question_with(engine, "escalate", UNANSWERABLE))
    slack.wait_for("chat.postMessage", channel=HR)
    pauses = []
    for _ in range(3):
        kept = wait_until_failed(bot.store, len(pauses) + 1)
        pauses.append((kept.retry_at - utcnow()).total_seconds())
        expire_lease(bot.store)
        bot.bot.retry_due()
    assert [round(p) for p in pauses] == [30, 60, 120]
    assert bot.store.escalations()[0].state == PENDING


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


def wait_until_failed(store: Store, attempts: int, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        [e] = store.escalations()
        if e.attempts >= attempts and e.last_error and e.retry_at and e.retry_at > utcnow():
            return e
        time.sleep(0.02)
    raise AssertionError("the failure was not recorded")


def test_relay_to_a_deactivated_account_is_given_up_hr_is_told_and_the_report_counts_it(settings, engine, slack,
                                                                                         db_url):
    running = start_bot(settings, engine, slack, db_url, give_up_hours=0)
    try:
        slack.fail("conversations.open", "user_disabled", times=10**6)
        _, post = escalate_via_forward(running, slack, engine, anonymous=True)
        hr_reply(running, post, HR_LEAD, "Antwoord dat niet aankomt")
        [told] = slack.wait_for("chat.postMessage", channel=HR, thread_ts=post.response["ts"])
        assert "user_disabled" in told.params["text"]
        given_up = wait_state(running.store, UNDELIVERABLE)
        assert given_up.user_id == ""
        running.bot.retry_due()
        assert len(slack.of("conversations.open")) == 1  # not retried any more
        count = running.store.count_escalations((UNDELIVERABLE,))
        assert count == 1
        report = build_report(running.store.logged_questions(), engine.knowledge, utcnow().date(), undelivered=count)
        assert "could not be delivered: 1" in format_text(report)
        summary = running.bot.summary()
        assert summary.undelivered == 1
        assert "Kon niet worden bezorgd (opgegeven):* 1" in json.dumps(
            render.summary_blocks(summary, engine.knowledge, "nl"), ensure_ascii=False)
    finally:
        running.stop()


def test_post_to_an_archived_hr_channel_is_given_up_and_logged(settings, engine, slack, db_url, caplog):
    running = start_bot(settings, engine, slack, db_url, give_up_hours=0)
    try:
        slack.fail("chat.postMessage", "is_archived", times=10**6, channel=HR)
        with caplog.at_level(logging.INFO):
            running.send.dm(question_with(engine, "escalate", UNANSWERABLE))
            slack.wait_for("chat.postMessage", channel=HR, count=2)  # the post, then the attempt to tell HR
            wait_state(running.store, UNDELIVERABLE)
            running.bot.retry_due()
        assert len([c for c in slack.of("chat.postMessage") if c.params.get("channel") == HR]) == 2
        assert any("given up" in r.getMessage() and "is_archived" in r.getMessage() for r in caplog.records)
        wait_until(lambda: any("could not tell HR" in r.getMessage() for r in caplog.records))
    finally:
        running.stop()
