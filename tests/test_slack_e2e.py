"""The Slack bot end to end: real bolt app in HTTP mode (waitress on a free port), real engine,
real SQLite, signed HTTP requests; only Slack's Web API is a fake (tests/fake_slack.py).

Work happens after the ack, so tests wait for the fake to record the bot's calls.
"""

from __future__ import annotations

import json
import time

import pytest
import requests

from bot.decide.answer import Answer, Candidate
from bot.render import blocks as render
from bot.slack.server import start_retry_timer
from bot.store import ANSWERED, OPEN, PENDING
from conftest import (  # noqa: F401 (shared)
    ANSWERABLE,
    EMPLOYEE,
    EMPLOYEE_DM,
    HR,
    HR_LEAD,
    HR_MEMBER,
    OUTSIDER,
    SECRET,
    UNANSWERABLE,
    Running,
    start_bot,
)
from fake_slack import BOT_ID, BOT_USER, FakeSlack


def question_with(engine, outcome: str, questions) -> str:
    """The first of `questions` the real engine gives `outcome` (the knowledge may move on)."""
    for q in questions:
        answer = engine.ask(q)
        if answer.outcome == outcome and not (outcome == "escalate" and answer.redirect):
            return q
    pytest.fail(f"none of {questions} gives outcome {outcome!r} with the current knowledge")


def all_text(blocks: list[dict]) -> str:
    out = []
    for b in blocks:
        if "text" in b:
            out.append(b["text"]["text"])
        for e in b.get("elements", []):
            out.append(e["text"]["text"] if isinstance(e.get("text"), dict) else e.get("text", ""))
    return "\n".join(out)


def buttons(blocks: list[dict]) -> dict[str, dict]:
    """Every button by action id: in actions blocks and as a section's accessory."""
    found = {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}
    found.update({b["accessory"]["action_id"]: b["accessory"] for b in blocks
                  if b.get("accessory", {}).get("type") == "button"})
    return found


def escalate_via_forward(bot: Running, slack: FakeSlack, engine, *, anonymous: bool = False):
    """An employee clicks 'Not helpful' then 'forward': returns the HR post."""
    question = question_with(engine, "answer", ANSWERABLE)
    answer = engine.ask(question)
    value = render.feedback_value(answer)
    offer_url, _ = bot.send.click(render.NOT_HELPFUL, value)
    [offer] = slack.wait_for("response_url")
    assert offer.path == offer_url.removeprefix(slack.url)
    forward = buttons(offer.params["blocks"])[render.FORWARD_ANONYMOUS if anonymous else render.FORWARD_NAMED]
    bot.send.click(forward["action_id"], forward["value"], message_ts="1700000999.000100")
    [post] = slack.wait_for("chat.postMessage", channel=HR)
    slack.wait_for("response_url", count=2)  # the user's confirmation: the escalation is stored as posted
    return question, post


# --- asking -----------------------------------------------------------------------------------


def test_dm_question_gets_an_answer_with_rule_examples_contact_and_buttons(bot, slack, engine):
    question = question_with(engine, "answer", ANSWERABLE)
    answer = engine.ask(question)
    section = engine.knowledge.sections[answer.section]
    contact = engine.knowledge.contacts[section.contact]

    _, response = bot.send.dm(question)
    assert response.status_code == 200

    [call] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    blocks, text = call.params["blocks"], all_text(call.params["blocks"])
    assert call.params["text"]  # plain fallback always set
    rule_index = next(i for i, b in enumerate(blocks) if section.rule.get("en")[:60] in b.get("text", {}).get("text", ""))
    assert rule_index <= 1  # the rule first (after an FAQ's short answer, if any)
    assert section.do.get("en")[0][:40] in text and section.dont.get("en")[0][:40] in text
    assert "*✅ Do*" in text and "*❌ Don't*" in text
    assert f"<@{contact.slack}>" in text
    assert section.reviewed.isoformat() in blocks[-2]["elements"][0]["text"]
    if section.link:
        assert section.link in text
    assert set(buttons(blocks)) == {render.HELPFUL, render.NOT_HELPFUL}


def test_dutch_question_gets_a_dutch_answer(bot, slack, engine):
    question = "Mag ik vacatures van ons bedrijf delen op LinkedIn?"
    answer = engine.ask(question)
    assert answer.language == "nl"
    bot.send.dm(question)
    [call] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    if answer.outcome == "answer":
        assert "Wel doen" in all_text(call.params["blocks"])
    elif answer.outcome == "clarify":
        assert "Bedoel je" in all_text(call.params["blocks"])


def test_slash_command_answers_ephemerally_via_response_url(bot, slack, engine):
    question = question_with(engine, "answer", ANSWERABLE)
    response_url, response = bot.send.command(question)
    assert response.status_code == 200 and response.text == ""  # acked at once, empty
    [call] = slack.wait_for("response_url")
    assert call.path == response_url.removeprefix(slack.url)
    assert call.params["response_type"] == "ephemeral"
    assert set(buttons(call.params["blocks"])) == {render.HELPFUL, render.NOT_HELPFUL}
    assert not slack.of("chat.postMessage")


@pytest.mark.parametrize("text", ["help", "", "  "])
def test_slash_command_help_and_bare_command_explain_the_bot(bot, slack, text):
    bot.send.command(text, user="U0DUTCH")
    [call] = slack.wait_for("response_url")
    assert call.params["response_type"] == "ephemeral"
    assert call.params["text"].startswith("Hoi!")  # Dutch Slack locale
    assert call.params["text"].count("\n•") == 3  # three example questions


def test_mention_is_answered_in_a_thread(bot, slack, engine):
    question = question_with(engine, "answer", ANSWERABLE)
    event = {"type": "app_mention", "channel": "C0GENERAL", "user": EMPLOYEE, "text": f"<@{BOT_USER}> {question}",
             "ts": "1700000500.000200"}
    bot.send.event(event)
    [call] = slack.wait_for("chat.postMessage", channel="C0GENERAL")
    assert call.params["thread_ts"] == "1700000500.000200"
    assert render.HELPFUL in buttons(call.params["blocks"])


def test_clarify_offers_buttons_and_a_click_shows_the_chosen_answer(bot, slack, engine):
    k = engine.knowledge
    first, second = list(k.sections)[:2]
    clarify = Answer("can i post about work", "clarify", "en", candidates=(
        Candidate(first, 0.5, 0.5, 0.5, "", first), Candidate(second, 0.45, 0.4, 0.4, "", second)))
    message = render.clarify_message(clarify, k)
    picks = [b for a, b in buttons(message["blocks"]).items() if a.startswith(render.PICK)]
    assert [p["text"]["text"] for p in picks] == [k.sections[first].title.en, k.sections[second].title.en]

    response_url, response = bot.send.click(picks[1]["action_id"], picks[1]["value"])
    assert response.status_code == 200
    [call] = slack.wait_for("response_url")
    assert call.params["replace_original"] is True
    assert k.sections[second].rule.en[:60] in all_text(call.params["blocks"])


def test_engine_clarify_reaches_slack_with_pick_buttons(bot, slack, engine):
    questions = ("can i post about work", "Mag ik een foto van ons teamuitje op Instagram zetten?",
                 "how many days of leave do I have", "social media")
    question = next((q for q in questions if engine.ask(q).outcome == "clarify"), None)
    if question is None:
        pytest.skip("the current knowledge answers all of these outright")
    bot.send.dm(question)
    [call] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    assert any(a.startswith(render.PICK) for a in buttons(call.params["blocks"]))


def test_app_home_shows_topics_and_contacts(bot, slack, engine):
    bot.send.event({"type": "app_home_opened", "user": EMPLOYEE, "channel": EMPLOYEE_DM, "tab": "home"})
    [call] = slack.wait_for("views.publish")
    assert call.params["user_id"] == EMPLOYEE
    view = call.params["view"]
    text = all_text(view["blocks"])
    assert view["type"] == "home"
    for section in engine.knowledge.sections.values():
        assert section.title.en in text
    for contact in engine.knowledge.contacts.values():
        assert contact.name in text
    assert "/smpolicy" in text


def test_helpful_click_thanks_the_user(bot, slack, engine):
    answer = engine.ask(question_with(engine, "answer", ANSWERABLE))
    bot.send.click(render.HELPFUL, render.feedback_value(answer))
    [call] = slack.wait_for("response_url")
    assert "thanks" in call.params["text"].lower()


# --- escalation to HR and the relay back ---------------------------------------------------------


def test_not_helpful_then_forward_posts_to_hr_naming_the_asker(bot, slack, engine):
    question, post = escalate_via_forward(bot, slack, engine)
    assert question in post.params["text"]
    assert f"<@{EMPLOYEE}>" in all_text(post.params["blocks"])
    _, confirmation = slack.wait_for("response_url", count=2)
    assert confirmation.params["replace_original"] is True and "HR" in confirmation.params["text"]
    deadline = time.monotonic() + 5
    while bot.store.escalations()[0].state != OPEN and time.monotonic() < deadline:
        time.sleep(0.02)  # the background retry may have been the one to post it: its DB write follows
    [stored] = bot.store.escalations()
    assert stored.state == OPEN and stored.hr_ts == post.response["ts"] and stored.source == "feedback"


def test_anonymous_forward_does_not_name_the_asker(bot, slack, engine):
    _, post = escalate_via_forward(bot, slack, engine, anonymous=True)
    assert EMPLOYEE not in json.dumps(post.params)
    assert "anoniem" in all_text(post.params["blocks"])


def test_engine_escalation_goes_to_hr_and_tells_the_user(bot, slack, engine):
    question = question_with(engine, "escalate", UNANSWERABLE)
    bot.send.dm(question)
    [reply] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    [post] = slack.wait_for("chat.postMessage", channel=HR)
    assert "HR" in reply.params["text"] and "<@U" in reply.params["text"]  # who the contact is
    assert question in post.params["text"]


def redirected_question(engine) -> str:
    """A question the engine sends elsewhere (leave, IT, payroll); skips when the knowledge has none for them."""
    questions = ("How many vacation days do I have left?", "hoeveel verlofdagen heb ik nog", "my laptop is broken",
                 "when is salary paid")
    question = next((q for q in questions if engine.ask(q).redirect), None)
    if question is None:
        pytest.skip("the current knowledge has no not-covered matter for these questions")
    return question


def test_redirect_is_shown_and_not_escalated(bot, slack, engine):
    question = redirected_question(engine)
    bot.send.dm(question)
    [reply] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    assert engine.ask(question).redirect[:40] in reply.params["text"]
    bot.send.dm(question_with(engine, "answer", ANSWERABLE), channel="D0OTHER")
    slack.wait_for("chat.postMessage", channel="D0OTHER")
    assert not slack.of("chat.postMessage") or all(c.params["channel"] != HR for c in slack.of("chat.postMessage"))
    assert bot.store.escalations() == []


def hr_reply(bot: Running, post, user: str, text: str = "Ja, dat mag, als je geen klantnamen noemt."):
    return bot.send.event({"type": "message", "channel": HR, "channel_type": "channel", "user": user, "text": text,
                           "ts": f"{time.time():.6f}", "thread_ts": post.response["ts"]})


def test_hr_thread_reply_is_relayed_to_the_employee_once(bot, slack, engine):
    question, post = escalate_via_forward(bot, slack, engine)
    hr_reply(bot, post, HR_LEAD)
    [opened] = slack.wait_for("conversations.open")
    assert opened.params["users"] == EMPLOYEE
    [relay] = slack.wait_for("chat.postMessage", channel=opened.response["channel"]["id"])
    assert "Ja, dat mag" in relay.params["text"]
    [reaction] = slack.wait_for("reactions.add")
    assert reaction.params["timestamp"] == post.response["ts"] and reaction.params["channel"] == HR
    [update] = slack.wait_for("chat.update")
    assert HR_LEAD in update.params["text"]
    assert bot.store.escalations()[0].state == ANSWERED

    hr_reply(bot, post, HR_MEMBER, "Een tweede antwoord")
    bot.send.dm("hi", channel="D0MARKER")  # a later event, to know the second reply has been handled
    slack.wait_for("chat.postMessage", channel="D0MARKER")
    assert len(slack.of("conversations.open")) == 1
    assert not any("tweede" in c.params.get("text", "") for c in slack.of("chat.postMessage"))


def test_reply_from_outside_hr_is_not_relayed_but_a_member_of_the_hr_channel_is(bot, slack, engine):
    _, post = escalate_via_forward(bot, slack, engine)
    hr_reply(bot, post, OUTSIDER, "Ik ben niet van HR")
    [members] = slack.wait_for("conversations.members")
    assert members.params["channel"] == HR
    assert bot.store.escalations()[0].state == OPEN
    hr_reply(bot, post, HR_MEMBER, "Antwoord van HR")
    [relay] = slack.wait_for("chat.postMessage", channel="D0EMPLOYEE")
    assert "Antwoord van HR" in relay.params["text"]
    slack.wait_for("chat.update")
    assert not any("niet van HR" in c.params.get("text", "") for c in slack.of("chat.postMessage"))


def test_restart_between_escalation_and_hr_reply_still_relays(settings, engine, slack, db_url):
    first = start_bot(settings, engine, slack, db_url)
    try:
        _, post = escalate_via_forward(first, slack, engine)
    finally:
        first.stop()
    second = start_bot(settings, engine, slack, db_url)
    try:
        hr_reply(second, post, HR_LEAD, "Antwoord na herstart")
        [relay] = slack.wait_for("chat.postMessage", channel="D0EMPLOYEE")
        assert "Antwoord na herstart" in relay.params["text"]
        slack.wait_for("chat.update")
    finally:
        second.stop()


def test_escalation_that_cannot_be_posted_stays_pending_and_is_posted_on_retry(bot, slack, engine):
    slack.fail("chat.postMessage", "channel_not_found", times=10**6, channel=HR)
    question = question_with(engine, "escalate", UNANSWERABLE)
    bot.send.dm(question)
    slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)  # the user is told HR will have it
    [failed, *_] = slack.wait_for("chat.postMessage", channel=HR)
    assert failed.response == {"ok": False, "error": "channel_not_found"}
    [kept] = bot.store.escalations()
    assert kept.state == PENDING and kept.last_error == "channel_not_found"

    slack.fail("chat.postMessage", "channel_not_found", times=0)
    bot.send.event({"type": "app_home_opened", "user": EMPLOYEE, "tab": "home"})  # any next event
    slack.wait_until(lambda: any(c.ok for c in slack.of("chat.postMessage") if c.params.get("channel") == HR),
                     what="a successful post to HR")
    deadline = time.monotonic() + 5
    while bot.store.escalations()[0].state != OPEN and time.monotonic() < deadline:
        time.sleep(0.02)  # the DB write follows the post by a moment
    assert bot.store.escalations()[0].state == OPEN


def test_pending_escalation_is_posted_by_the_timer_without_new_events(bot, slack, engine):
    slack.fail("chat.postMessage", "not_in_channel", times=1, channel=HR)
    bot.send.dm(question_with(engine, "escalate", UNANSWERABLE))
    slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    stop = start_retry_timer(bot.bot, interval=0.05)
    try:
        slack.wait_until(lambda: any(c.ok for c in slack.of("chat.postMessage") if c.params.get("channel") == HR),
                         what="the timer's post to HR")
    finally:
        stop.set()


def test_mention_in_an_escalation_thread_is_not_answered_as_a_question(bot, slack, engine):
    _, post = escalate_via_forward(bot, slack, engine)
    text = f"<@{BOT_USER}> ja dat mag"
    ts = f"{time.time():.6f}"
    bot.send.event({"type": "app_mention", "channel": HR, "user": HR_LEAD, "text": text, "ts": ts,
                    "thread_ts": post.response["ts"]})
    bot.send.event({"type": "message", "channel": HR, "channel_type": "channel", "user": HR_LEAD, "text": text,
                    "ts": ts, "thread_ts": post.response["ts"]})
    slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)  # the relay
    bot.send.dm("hello", channel="D0MARKER")
    slack.wait_for("chat.postMessage", channel="D0MARKER")
    assert [c.params["channel"] for c in slack.of("chat.postMessage")] == [HR, EMPLOYEE_DM, "D0MARKER"]


def test_ratelimited_call_is_retried_after_retry_after(bot, slack, engine):
    slack.fail("chat.postMessage", "ratelimited", times=1, retry_after=1, channel=EMPLOYEE_DM)
    bot.send.dm(question_with(engine, "answer", ANSWERABLE))
    limited, answered = slack.wait_for("chat.postMessage", count=2, channel=EMPLOYEE_DM)
    assert not limited.ok and answered.ok


# --- reliability ---------------------------------------------------------------------------------


def test_retried_event_is_answered_once(bot, slack, engine):
    event, first = bot.send.dm(question_with(engine, "answer", ANSWERABLE), event_id="EvRETRY1")
    retry = bot.send.event(event, event_id="EvRETRY1", retry_num=1)
    assert first.status_code == 200 and retry.status_code == 200
    assert retry.headers.get("x-slack-no-retry") == "1"  # skipped before any listener ran
    slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    bot.send.dm("hello", channel="D0MARKER")  # handled after anything still in flight
    slack.wait_for("chat.postMessage", channel="D0MARKER")
    assert [c.params["channel"] for c in slack.of("chat.postMessage")] == [EMPLOYEE_DM, "D0MARKER"]


def test_double_click_on_forward_makes_one_escalation(bot, slack, engine):
    answer = engine.ask(question_with(engine, "answer", ANSWERABLE))
    value = render.feedback_value(answer)
    bot.send.click(render.FORWARD_NAMED, value, message_ts="1700000777.000100")
    bot.send.click(render.FORWARD_ANONYMOUS, value, message_ts="1700000777.000100")
    slack.wait_for("response_url", count=2)
    assert len(bot.store.escalations()) == 1
    assert len(slack.of("chat.postMessage")) == 1


@pytest.mark.parametrize("forgery", ["wrong secret", "old timestamp"])
def test_bad_signature_gets_401_and_nothing_happens(bot, slack, engine, forgery):
    kw = {"secret": "not-the-secret"} if forgery == "wrong secret" else {"timestamp": int(time.time()) - 3600}
    _, response = bot.send.dm(question_with(engine, "answer", ANSWERABLE), **kw)
    assert response.status_code == 401
    _, response = bot.send.command("help", **kw)
    assert response.status_code == 401
    bot.send.dm("hello", channel="D0MARKER")  # a genuine one afterwards
    slack.wait_for("chat.postMessage", channel="D0MARKER")
    assert [c.params["channel"] for c in slack.of("chat.postMessage")] == ["D0MARKER"]
    assert not slack.of("response_url")


@pytest.mark.parametrize("event", [
    {"type": "message", "channel_type": "im", "channel": EMPLOYEE_DM, "bot_id": "B0OTHER", "subtype": "bot_message", "text": "x"},
    {"type": "message", "channel_type": "im", "channel": EMPLOYEE_DM, "user": BOT_USER, "bot_id": BOT_ID, "text": "x"},
    {"type": "message", "channel_type": "im", "channel": EMPLOYEE_DM, "subtype": "message_changed",
     "message": {"user": EMPLOYEE, "text": "edited"}},
    {"type": "message", "channel_type": "im", "channel": EMPLOYEE_DM, "subtype": "message_deleted"},
], ids=["other bot", "own message", "edit", "delete"])
def test_bots_edits_and_deletes_are_ignored(bot, slack, event):
    event = {**event, "ts": "1700000001.000100"}
    assert bot.send.event(event).status_code == 200
    bot.send.dm("hello", channel="D0MARKER")
    slack.wait_for("chat.postMessage", channel="D0MARKER")
    assert [c.params["channel"] for c in slack.of("chat.postMessage")] == ["D0MARKER"]


def test_health_and_unknown_paths(bot):
    response = requests.get(bot.server.url + "/health", timeout=5)
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert requests.get(bot.server.url + "/nope", timeout=5).status_code == 404


def test_url_verification_challenge_is_answered(bot):
    body = json.dumps({"token": "legacy", "challenge": "abc123", "type": "url_verification"})
    response = bot.send._post(body, "application/json")
    assert response.status_code == 200 and "abc123" in response.text


def test_question_text_is_not_logged_at_info(bot, slack, engine, caplog):
    question = question_with(engine, "escalate", UNANSWERABLE)
    with caplog.at_level("INFO"):
        bot.send.dm(question)
        slack.wait_for("chat.postMessage", channel=HR)
        slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    assert caplog.records
    assert not any(question in r.getMessage() for r in caplog.records if r.levelno >= 20)


def test_engine_failure_is_logged_and_the_user_is_told(bot, slack, monkeypatch, caplog):
    def broken(text):
        raise RuntimeError("index gone")

    monkeypatch.setattr(bot.bot.engine, "ask", broken)
    bot.send.dm("Mag ik dit posten?")
    [reply] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    assert "ging iets mis" in reply.params["text"]
    assert any("engine failed" in r.getMessage() for r in caplog.records)
