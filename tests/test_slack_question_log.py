"""The question log, end to end: real bolt app over HTTP, real engine, real SQLite, fake Slack Web API.

What HR may later read: outcome, section, candidates, a keyed pseudonym instead
of the Slack id, and the text only for questions that went to HR or were
marked "Not helpful". Button values carry the logged row's id.
"""

from __future__ import annotations

import io
import json

import pytest

from bot.decide.answer import Answer, Candidate
from bot.errors import SmpolicyError
from bot.privacy import pseudonym
from bot.render import blocks as render
from bot.slack import SlackBot, create_app, local_chat
from bot.slack.local import TerminalClient
from bot.store import Store
from fake_slack import BOT_USER
from test_slack_e2e import (
    ANSWERABLE,
    EMPLOYEE,
    EMPLOYEE_DM,
    HR,
    UNANSWERABLE,
    buttons,
    question_with,
    redirected_question,
)

KEY = "test-pseudonym-key"  # what start_bot configures


def wait_rows(store: Store, count: int = 1, timeout: float = 5.0):
    """The log once it has `count` rows (the row is written just before the reply is posted)."""
    import time

    deadline = time.monotonic() + timeout
    while len(rows := store.logged_questions()) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    return rows


def test_dm_answer_is_logged_under_a_pseudonym_without_text_and_buttons_carry_its_id(bot, slack, engine):
    question = question_with(engine, "answer", ANSWERABLE)
    expected = engine.ask(question)
    bot.send.dm(question)
    [reply] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    [row] = wait_rows(bot.store)
    assert (row.source, row.outcome, row.section, row.language) == ("dm", "answer", expected.section, "en")
    assert row.text is None and row.escalation_id is None and row.feedback is None
    assert [c["section"] for c in row.candidates] == [c.section for c in expected.candidates]
    with bot.store.db.connect() as conn:
        stored = [dict(r._mapping) for r in conn.exec_driver_sql("SELECT * FROM questions").all()]
    assert stored[0]["user_hash"] == pseudonym(EMPLOYEE, KEY)
    assert EMPLOYEE not in json.dumps(stored, default=str) and question not in json.dumps(stored, default=str)

    helpful = buttons(reply.params["blocks"])[render.HELPFUL]
    assert render.decode_value(helpful["value"])["i"] == row.id
    bot.send.click(render.HELPFUL, helpful["value"])
    slack.wait_for("response_url")
    assert bot.store.logged_questions()[0].feedback == "helpful"


def test_not_helpful_keeps_the_text_and_forwarding_links_the_escalation(bot, slack, engine):
    question = question_with(engine, "answer", ANSWERABLE)
    bot.send.command(question)
    [answer] = slack.wait_for("response_url")
    value = buttons(answer.params["blocks"])[render.NOT_HELPFUL]["value"]
    bot.send.click(render.NOT_HELPFUL, value)
    _, offer = slack.wait_for("response_url", count=2)
    [row] = bot.store.logged_questions()
    assert (row.source, row.feedback, row.text) == ("command", "not_helpful", question)

    forward = buttons(offer.params["blocks"])[render.FORWARD_NAMED]
    bot.send.click(forward["action_id"], forward["value"], message_ts="1700000888.000100")
    slack.wait_for("response_url", count=3)
    [escalation] = bot.store.escalations()
    assert bot.store.logged_questions()[0].escalation_id == escalation.id


def test_escalated_question_is_logged_with_its_text_and_escalation(bot, slack, engine):
    question = question_with(engine, "escalate", UNANSWERABLE)
    bot.send.dm(question)
    slack.wait_for("chat.postMessage", channel=HR)
    slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    [row] = wait_rows(bot.store)
    [escalation] = bot.store.escalations()
    assert (row.outcome, row.escalation_id, row.text, row.matter) == ("escalate", escalation.id, question, None)


def test_mention_is_logged_with_its_source(bot, slack, engine):
    question = question_with(engine, "answer", ANSWERABLE)
    bot.send.event({"type": "app_mention", "channel": "C0GENERAL", "user": EMPLOYEE,
                    "text": f"<@{BOT_USER}> {question}", "ts": "1700000500.000300"})
    slack.wait_for("chat.postMessage", channel="C0GENERAL")
    [row] = wait_rows(bot.store)
    assert row.source == "mention" and row.text is None


def test_redirect_is_logged_with_the_not_covered_id(bot, slack, engine):
    question = redirected_question(engine)
    bot.send.dm(question)
    slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    [row] = wait_rows(bot.store)
    assert row.matter in engine.knowledge.not_covered
    assert engine.ask(question).redirect in engine.knowledge.not_covered[row.matter].redirect.get(row.language)
    assert row.text is None and row.escalation_id is None


def test_the_answer_names_the_not_covered_matter_it_redirects_to(engine):
    redirected = engine.ask(redirected_question(engine))
    assert redirected.matter in engine.knowledge.not_covered
    assert redirected.redirect == engine.knowledge.not_covered[redirected.matter].redirect.get(redirected.language)
    assert engine.ask("Mag ik vacatures van ons bedrijf delen op LinkedIn?").matter is None


def test_clarify_pick_updates_the_logged_section(bot, slack, engine):
    k = engine.knowledge
    first, second = list(k.sections)[:2]
    qid = bot.store.log_question(origin="Ev-clarify", user_hash=pseudonym(EMPLOYEE, KEY), source="dm", language="en",
                                 outcome="clarify",
                                 candidates=[{"section": first, "score": 0.5}, {"section": second, "score": 0.45}])
    clarify = Answer("can i post about work", "clarify", "en", candidates=(
        Candidate(first, 0.5, 0.5, 0.5, "", first), Candidate(second, 0.45, 0.4, 0.4, "", second)))
    pick = buttons(render.clarify_message(clarify, k, question_id=qid)["blocks"])[f"{render.PICK}_1"]
    bot.send.click(pick["action_id"], pick["value"])
    [call] = slack.wait_for("response_url")
    assert bot.store.logged_questions()[0].section == second
    assert render.decode_value(buttons(call.params["blocks"])[render.HELPFUL]["value"])["i"] == qid


def test_a_retried_event_handled_by_another_process_is_logged_once(settings, engine, db_url):
    s = settings.with_(pseudonym_key=KEY, hr_channel=None)
    stores = [Store.open(db_url), Store.open(db_url)]  # two processes sharing one database
    try:
        bots = [SlackBot(s, engine, store, TerminalClient(io.StringIO())) for store in stores]
        question = question_with(engine, "answer", ANSWERABLE)
        replies = [b.reply_to(question, user=EMPLOYEE, origin="EvSAME", source="dm") for b in bots]
        [row] = stores[0].logged_questions()
        ids = {render.decode_value(buttons(r["blocks"])[render.HELPFUL]["value"])["i"] for r in replies}
        assert ids == {row.id}
    finally:
        for store in stores:
            store.close()


def test_local_chat_is_logged_with_source_local(settings, engine, tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'local.db'}")
    try:
        local_chat(settings.with_(pseudonym_key=KEY, hr_channel=None), engine, store,
                   io.StringIO(question_with(engine, "answer", ANSWERABLE) + "\n"), io.StringIO())
        [row] = store.logged_questions()
        assert row.source == "local"
    finally:
        store.close()


def test_production_refuses_to_start_without_a_pseudonym_key(settings, engine, slack, tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'prod.db'}")
    production = settings.with_(env="production", pseudonym_key=None, bot_token="xoxb-test", signing_secret="s",
                                api_url=slack.api_url)
    try:
        with pytest.raises(SmpolicyError, match="SMPOLICY_PSEUDONYM_KEY"):
            SlackBot(production, engine, store, TerminalClient(io.StringIO()))
        with pytest.raises(SmpolicyError, match="SMPOLICY_PSEUDONYM_KEY"):
            create_app(production, engine, store)
        assert create_app(production.with_(pseudonym_key="k" * 64), engine, store) is not None
    finally:
        store.close()


def test_feedback_value_keeps_the_id_within_slack_limits():
    answer = Answer("é" * 5000, "answer", "nl", section="s", candidates=())
    value = render.feedback_value(answer, 123456)
    assert len(value) <= render.MAX_BUTTON_VALUE and render.decode_value(value)["i"] == 123456
