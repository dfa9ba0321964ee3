"""Follow-ups: the engine with a conversation's context, `ask --json` with threads, and Slack end to end
(a DM follow-up, a thread follow-up under a mention, a topic switch, the context expiring)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import bot.cli
from bot.cli import cli
from bot.decide.answer import Turn
from conftest import EMPLOYEE, EMPLOYEE_DM, HR, HR_LEAD, start_bot  # noqa: F401 (shared)
from fake_slack import BOT_USER
from test_slack_e2e import all_text

PHOTO = "Mag ik een foto van ons teamuitje op Instagram plaatsen?"
PRIVATE = "Gelden de regels ook voor mijn eigen privé-account?"
ADVOCACY = "Can my manager require me to repost company content on my LinkedIn?"
SWITCH = "ok, andere vraag: mag ik als recruiter het Instagramprofiel van een kandidaat bekijken?"


def conversation(engine, texts: list[str], start: float = 1000.0, gap: float = 10.0):
    """Each text's answer, asked in order as one conversation, `gap` seconds apart."""
    turns: list[Turn] = []
    answers = []
    for n, text in enumerate(texts):
        now = start + n * gap
        answer = engine.ask(text, context=turns, now=now)
        answers.append(answer)
        turn = answer.turn(now)
        if turn:
            turns.append(turn)
    return answers


# --- the engine --------------------------------------------------------------------------------


def test_an_elliptical_follow_up_continues_the_previous_topic(engine):
    alone = engine.ask("en op Facebook?")
    first, follow = conversation(engine, [PHOTO, "en op Facebook?"])
    topic = first.section  # a photo of a team outing: what may be shared, or what must not be seen in it
    assert first.outcome == "answer" and topic in ("what-you-may-share", "confidential-information")
    assert not first.follow_up
    assert (follow.outcome, follow.section, follow.follow_up, follow.continues) == ("answer", topic, True, topic)
    assert (alone.outcome, alone.section) != ("answer", topic)  # the context made the difference
    data = follow.to_dict()
    assert data["follow_up"] is True and data["continues"] == topic


def test_a_follow_up_that_points_elsewhere_on_its_own_switches(engine):
    first, follow = conversation(engine, ["Can I post photos of our team day on Instagram?",
                                          "and who do I report it to if a colleague leaks something?"])
    assert first.section != "incident-reporting"
    assert follow.section == "incident-reporting" or "incident-reporting" in [c.section for c in follow.candidates]


def test_an_explicit_new_question_starts_afresh(engine):
    first, switched = conversation(engine, [PRIVATE, SWITCH])
    assert switched.section == "candidate-screening"
    assert not switched.follow_up and switched.continues is None


def test_a_matter_outside_the_guidelines_keeps_its_redirect_in_a_follow_up(engine):
    _, follow = conversation(engine, [ADVOCACY, "and what about my payslip?"])
    assert follow.outcome == "escalate" and follow.redirect and not follow.follow_up


def test_a_short_new_question_outside_the_guidelines_is_not_taken_for_a_follow_up(engine):
    """No "en …" and nothing pointing back: a weather question after an advocacy one is its own message."""
    alone = engine.ask("wat is het weer morgen")
    _, follow = conversation(engine, ["Ben ik verplicht om posts van het bedrijf te delen?", "wat is het weer morgen"])
    assert not follow.follow_up and (follow.outcome, follow.matter) == (alone.outcome, alone.matter)


def test_context_expires_after_the_configured_minutes(engine):
    minutes = engine.settings.context_minutes
    _, late = conversation(engine, [PRIVATE, "ook op TikTok?"], gap=minutes * 60 + 1)
    _, soon = conversation(engine, [PRIVATE, "ook op TikTok?"], gap=minutes * 60 - 1)
    assert not late.follow_up and soon.follow_up


def test_small_talk_between_turns_keeps_the_topic(engine):
    *_, follow = conversation(engine, [ADVOCACY, "thanks!", "and if I say no?"])
    assert follow.follow_up and follow.section == "employee-advocacy"


# --- the CLI contract ----------------------------------------------------------------------------


@pytest.fixture
def runner(engine, monkeypatch):
    monkeypatch.setattr(bot.cli, "load_engine", lambda settings: engine)
    return CliRunner()


def test_json_lines_with_interleaved_threads_are_read_as_conversations(runner):
    lines = [{"text": PRIVATE, "thread": "a"}, {"text": ADVOCACY, "thread": "b"},
             {"text": "ook op TikTok?", "thread": "a"}, {"text": "and if I say no?", "thread": "b"},
             {"text": SWITCH, "thread": "a"}]
    stdin = "\n".join(json.dumps(line) for line in lines) + "\nook op TikTok?\n"
    result = runner.invoke(cli, ["ask", "--json"], input=stdin)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 6
    assert [r["follow_up"] for r in rows] == [False, False, True, True, False, False]
    assert [r["continues"] for r in rows][2:4] == ["private-use", "employee-advocacy"]
    assert rows[2]["section"] == "private-use" and rows[3]["section"] == "employee-advocacy"
    assert rows[4]["section"] == "candidate-screening"
    assert rows[5]["question"] == "ook op TikTok?"  # a plain line stands alone, whatever came before


@pytest.mark.parametrize("bad", ['{"text": 42, "thread": "a"}', "[1, 2]", '{"thread": "a"}', '{"text": "x"'])
def test_a_json_line_that_is_not_an_object_with_text_is_invalid_and_the_others_answered(runner, bad):
    first, follow = (json.dumps({"text": t, "thread": "a"}) for t in (PRIVATE, "ook op TikTok?"))
    stdin = f"{first}\n{bad}\n{follow}\n"
    result = runner.invoke(cli, ["ask", "--json"], input=stdin)
    assert result.exit_code == 0 and "Traceback" not in result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["outcome"] for r in rows][1] == "invalid" and rows[1]["message"] == "json"
    assert rows[2]["follow_up"] is True  # the bad line did not break the thread


def test_the_human_reply_says_which_topic_a_follow_up_continues(runner, engine):
    stdin = "\n".join(json.dumps({"text": t, "thread": "x"}) for t in (PRIVATE, "ook op TikTok?")) + "\n"
    result = runner.invoke(cli, ["ask"], input=stdin)
    title = engine.knowledge.sections["private-use"].title.get("nl")
    assert result.output.count(title) >= 2
    assert f"Vervolg op je vorige vraag over {title}" in result.output


# --- Slack, end to end (signed requests, fake Slack Web API) -------------------------------------


def _posts(slack, channel: str, count: int):
    return slack.wait_for("chat.postMessage", count=count, channel=channel)


def test_dm_follow_up_is_answered_in_context_and_says_which_topic_it_continues(bot, slack, engine):
    bot.send.dm(PRIVATE)
    _posts(slack, EMPLOYEE_DM, 1)
    bot.send.dm("ook op TikTok?")
    first, second = _posts(slack, EMPLOYEE_DM, 2)
    title = engine.knowledge.sections["private-use"].title.get("nl")
    assert second.params["blocks"][0]["type"] == "context"
    assert f"Vervolg op je vorige vraag over *{title}*" in all_text(second.params["blocks"][:1])
    assert title in all_text(second.params["blocks"][1:])  # and the answer is that topic's
    assert "Vervolg" not in all_text(first.params["blocks"])
    logged = bot.store.logged_questions()
    assert [q.section for q in logged] == ["private-use", "private-use"]
    assert all(q.text is None for q in logged)  # answered questions keep no text, follow-ups neither


def test_thread_reply_under_a_mention_is_answered_in_that_thread_in_context(bot, slack, engine):
    root = "1700000600.000100"
    bot.send.event({"type": "app_mention", "channel": "C0GENERAL", "user": EMPLOYEE,
                    "text": f"<@{BOT_USER}> {ADVOCACY}", "ts": root})
    _posts(slack, "C0GENERAL", 1)
    bot.send.event({"type": "message", "channel": "C0GENERAL", "channel_type": "channel", "user": EMPLOYEE,
                    "text": "and if I say no?", "ts": "1700000610.000100", "thread_ts": root})
    _, reply = _posts(slack, "C0GENERAL", 2)
    assert reply.params["thread_ts"] == root
    title = engine.knowledge.sections["employee-advocacy"].title.get("en")
    assert f"Following up on your previous question about *{title}*" in all_text(reply.params["blocks"])

    # Someone else chatting in that thread is not this conversation: the bot stays out of it.
    bot.send.event({"type": "message", "channel": "C0GENERAL", "channel_type": "channel", "user": "U0SOMEONE",
                    "text": "and if I say no?", "ts": "1700000620.000100", "thread_ts": root})
    bot.send.dm("hoi", channel="D0MARKER")
    slack.wait_for("chat.postMessage", channel="D0MARKER")
    assert len(slack.of("chat.postMessage")) == 3


def test_topic_switch_in_a_dm_is_answered_as_a_new_question(bot, slack, engine):
    bot.send.dm(PRIVATE)
    _posts(slack, EMPLOYEE_DM, 1)
    bot.send.dm(SWITCH)
    _, second = _posts(slack, EMPLOYEE_DM, 2)
    text = all_text(second.params["blocks"])
    assert engine.knowledge.sections["candidate-screening"].title.get("nl") in text
    assert "Vervolg" not in text


def test_with_no_context_time_every_message_stands_alone(settings, engine, slack, db_url):
    running = start_bot(settings, engine, slack, db_url, context_minutes=0)
    try:
        root = "1700000700.000100"
        running.send.event({"type": "app_mention", "channel": "C0GENERAL", "user": EMPLOYEE,
                            "text": f"<@{BOT_USER}> {ADVOCACY}", "ts": root})
        _posts(slack, "C0GENERAL", 1)
        running.send.dm(PRIVATE)
        _posts(slack, EMPLOYEE_DM, 1)
        running.send.dm("ook op TikTok?")
        _, second = _posts(slack, EMPLOYEE_DM, 2)
        assert "Vervolg" not in all_text(second.params["blocks"])
        # A plain thread reply is no longer part of a conversation the bot remembers: not answered.
        running.send.event({"type": "message", "channel": "C0GENERAL", "channel_type": "channel", "user": EMPLOYEE,
                            "text": "and if I say no?", "ts": "1700000710.000100", "thread_ts": root})
        running.send.dm("hoi", channel="D0MARKER")
        slack.wait_for("chat.postMessage", channel="D0MARKER")
        assert len(slack.of("chat.postMessage")) == 4
    finally:
        running.stop()


def test_thread_replies_in_the_hr_channel_are_never_taken_for_follow_ups(bot, slack, engine):
    root = "1700000800.000100"
    bot.send.event({"type": "app_mention", "channel": HR, "user": HR_LEAD, "text": f"<@{BOT_USER}> {ADVOCACY}",
                    "ts": root})
    _posts(slack, HR, 1)
    assert bot.bot.conversation.memory.recall(bot.bot.conversation.conversation_key(HR, root, HR_LEAD))
    bot.send.event({"type": "message", "channel": HR, "channel_type": "group", "user": HR_LEAD,
                    "text": "and if I say no?", "ts": "1700000810.000100", "thread_ts": root})
    bot.send.dm("hoi", channel="D0MARKER")
    slack.wait_for("chat.postMessage", channel="D0MARKER")
    assert len(slack.of("chat.postMessage")) == 2
