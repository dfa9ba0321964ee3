"""The App Home as a pocket card and its topic browser, "Ask HR anyway" under a redirect, the HR language,
and HR's review workflow (the monthly DM, "Still correct", the report), end to end: signed requests to the
running bot, Slack's Web API faked, the real model, index, YAML and SQL.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.decide.engine import Engine
from bot.knowledge import load_knowledge
from bot.knowledge.edit import set_reviewed
from bot.render import blocks as render
from bot.render.home import MAX_MODAL_TITLE
from bot.slack.reviews import due_by_contact
from conftest import EMPLOYEE, EMPLOYEE_DM, HR, HR_LEAD, OUTSIDER, start_bot
from test_hr_knowledge import small_knowledge  # noqa: F401  (a fixture: a trimmed knowledge copy)
from test_slack_e2e import all_text, buttons, redirected_question

# --- the App Home -----------------------------------------------------------------------------------


def accessories(blocks: list[dict]) -> list[dict]:
    return [b["accessory"] for b in blocks if b.get("accessory")]


@pytest.mark.parametrize("user, language", [(EMPLOYEE, "en"), ("U0DUTCH", "nl")])
def test_app_home_is_a_pocket_card_and_a_topic_opens_in_a_modal(bot, slack, engine, user, language):
    knowledge = engine.knowledge
    bot.send.event({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"})
    [call] = slack.wait_for("views.publish")
    view = call.params["view"]
    text = all_text(view["blocks"])
    assert len(view["blocks"]) <= render.MAX_VIEW_BLOCKS
    pocket = [line for s in knowledge.sections.values() for line in s.pocket.get(language)]
    assert len(pocket) == 4  # the four core values, from the knowledge
    for line in pocket:
        name, _, rest = line.partition(":")
        assert f"*{name}*: {rest.strip()}" in text
    topic_buttons = [a for a in accessories(view["blocks"]) if a["action_id"] == render.OPEN_TOPIC]
    assert len(topic_buttons) == len(knowledge.sections)
    assert any(a["action_id"] == render.OPEN_DRAFT_CHECK for a in accessories(view["blocks"]))
    assert all(len(a["text"]["text"]) <= render.MAX_BUTTON_TEXT for a in accessories(view["blocks"]))
    for contact in knowledge.contacts.values():
        assert contact.name in text
    assert "Question for HR" not in text and "HR-overzicht" not in text and "HR summary" not in text

    chosen = next(a for a in topic_buttons if render.ButtonValue.decode(a["value"]).section == "private-use")
    _, response = bot.send.click(render.OPEN_TOPIC, chosen["value"], user=user, channel="D0HOME")
    assert response.status_code == 200
    [opened] = slack.wait_for("views.open")
    modal = opened.params["view"]
    s = knowledge.sections["private-use"]
    assert opened.params["trigger_id"].startswith("trigger.")
    assert modal["type"] == "modal" and modal["private_metadata"] == "private-use"
    assert len(modal["title"]["text"]) <= MAX_MODAL_TITLE
    body = all_text(modal["blocks"])
    assert render.escape(s.rule.get(language)[:80]) in body
    assert render.escape(s.do.get(language)[0][:60]) in body and render.escape(s.dont.get(language)[0][:60]) in body
    assert f"<@{knowledge.contacts[s.contact].slack}>" in body


def test_hr_sees_the_summary_on_the_home_in_the_hr_language_and_check_a_draft_opens_its_modal(
        settings, engine, slack, db_url):
    running = start_bot(settings, engine, slack, db_url, hr_language="en")
    try:
        running.send.event({"type": "app_home_opened", "user": HR_LEAD, "channel": "D0HOME", "tab": "home"})
        [call] = slack.wait_for("views.publish")
        assert call.params["view"]["blocks"][0]["text"]["text"] == "HR summary"
        _, response = running.send.click(render.OPEN_DRAFT_CHECK, "en", user=EMPLOYEE, channel="D0HOME")
        assert response.status_code == 200
        [opened] = slack.wait_for("views.open")
        assert opened.params["view"]["callback_id"] == render.DRAFT_CHECK_VIEW
    finally:
        running.stop()


# --- "Ask HR anyway" and the HR language -------------------------------------------------------------


@pytest.mark.parametrize("hr_language, anonymous, title", [("nl", False, "Vraag voor HR"),
                                                           ("en", True, "Question for HR")])
def test_ask_hr_anyway_under_a_redirect_escalates_to_the_hr_channel(settings, engine, slack, db_url, caplog,
                                                                     hr_language, anonymous, title):
    question = redirected_question(engine)
    running = start_bot(settings, engine, slack, db_url, hr_language=hr_language)
    try:
        caplog.set_level(logging.INFO, logger="bot")
        running.send.dm(question)
        [reply] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
        assert engine.ask(question).redirect[:40] in reply.params["text"]
        assert running.store.escalations() == []  # a redirect alone goes nowhere
        offered = buttons(reply.params["blocks"])
        button = offered[render.FORWARD_ANONYMOUS if anonymous else render.ASK_HR_ANYWAY]

        running.send.click(button["action_id"], button["value"], block_id=render.REDIRECT_BLOCK,
                           message_ts=reply.response["ts"])
        [post] = slack.wait_for("chat.postMessage", channel=HR)
        [confirmation] = slack.wait_for("response_url")
        assert question in post.params["text"] and title in post.params["text"]
        assert confirmation.params["replace_original"] is True and "HR" in confirmation.params["text"]
        [stored] = running.store.escalations()
        assert stored.source == "redirect" and stored.anonymous is anonymous
        if anonymous:
            assert EMPLOYEE not in json.dumps(post.params) and EMPLOYEE not in stored.origin
            assert EMPLOYEE not in caplog.text
        else:
            assert f"<@{EMPLOYEE}>" in all_text(post.params["blocks"])
        [logged] = [q for q in running.store.logged_questions() if q.outcome == "escalate"]
        assert logged.escalation_id == stored.id  # the report counts it as gone to HR
    finally:
        running.stop()


# --- HR's review workflow -----------------------------------------------------------------------------


OLD = dt.date(2025, 1, 15)  # more than a year ago: past review


@pytest.fixture
def review_engine(settings, model, small_knowledge, tmp_path):  # noqa: F811
    """An engine on a trimmed knowledge copy in which private-use was last reviewed long ago."""
    set_reviewed(small_knowledge, "private-use", OLD)
    s = settings.with_(knowledge=small_knowledge, index=tmp_path / "index", reload_seconds=0)
    return Engine.load(s, model=model)


def test_review_dm_once_a_month_across_two_bots_and_still_correct_updates_yaml_engine_and_report(
        review_engine, slack, db_url, tmp_path):
    engine = review_engine
    root = engine.settings.knowledge
    knowledge = engine.knowledge
    today = dt.datetime.now(dt.UTC).date()
    due = due_by_contact(knowledge, today, 365)
    owner = knowledge.contacts[knowledge.sections["private-use"].contact]
    assert "private-use" in [s.id for s in due[owner.id]]
    url = "https://git.example.nl/hr/smpolicy/-/blob/main"
    one = start_bot(engine.settings, engine, slack, db_url, knowledge_url=url)
    two = start_bot(engine.settings, engine, slack, db_url, knowledge_url=url)
    try:
        for _ in range(2):  # the timer's work, twice in each process
            one.bot.housekeeping()
            two.bot.housekeeping()
        dms = [c for c in slack.of("chat.postMessage") if c.params["channel"].startswith("D")]
        owners = {knowledge.contacts[c].slack for c in due if knowledge.contacts[c].slack}
        assert sorted(c.params["channel"] for c in dms) == sorted("D" + u.lstrip("U") for u in owners)
        [dm] = [c for c in dms if c.params["channel"] == "D" + owner.slack.lstrip("U")]
        text = all_text(dm.params["blocks"])
        assert knowledge.sections["private-use"].title.nl in text  # the HR language (nl by default)
        assert f"<{url}/{knowledge.sections['private-use'].file}|" in text
        confirm = next(a for a in accessories(dm.params["blocks"])
                       if render.ButtonValue.decode(a["value"]).section == "private-use")
        assert confirm["action_id"] == render.CONFIRM_REVIEW

        # (the clicks go through one sender: each sender numbers its trigger ids from 1, and a repeated
        # trigger id is a repeated delivery the bots rightly skip)
        two.send.click(confirm["action_id"], confirm["value"], user=OUTSIDER, channel=dm.params["channel"])
        [refused] = slack.wait_for("response_url")
        assert "contactpersoon" in refused.params["text"]
        assert load_knowledge(root).sections["private-use"].reviewed == OLD

        before = (root.parent / knowledge.sections["private-use"].file).read_text(encoding="utf-8")
        two.send.click(confirm["action_id"], confirm["value"], user=owner.slack, channel=dm.params["channel"])
        [_, done] = slack.wait_for("response_url", count=2, timeout=180)
        new_day = dt.date.today()
        after = (root.parent / knowledge.sections["private-use"].file).read_text(encoding="utf-8")
        assert f"reviewed: {new_day.isoformat()}" in after
        changed = [line for line in after.splitlines() if line not in before.splitlines()]
        assert changed == [f"reviewed: {new_day.isoformat()}"]  # round trip: only the date line changed
        assert f"<@{owner.slack}>" in done.params["text"]
        assert engine.knowledge.sections["private-use"].reviewed == new_day  # the bot reloaded
        shown = render.section_message(engine.answer_for("private-use", "en", "q"), engine.knowledge)
        assert f"reviewed {new_day.isoformat()}" in all_text(shown["blocks"]).lower()  # answers show the new date
        [review] = one.store.reviews()
        assert (review.section, review.confirmed_by, review.reviewed_on) == ("private-use", owner.slack, new_day)

        summary = all_text(render.summary_blocks(one.bot.summary(), engine.knowledge, "en"))
        assert f"<@{owner.slack}>" in summary and "Reviews confirmed" in summary
        env = {"SMPOLICY_DATABASE_URL": db_url, "SMPOLICY_KNOWLEDGE": str(root)}
        out = tmp_path / "report.html"
        result = CliRunner().invoke(cli, ["report", "--days", "30", "--html", str(out)], env=env)
        assert result.exit_code == 0, result.output
        assert f"bevestigd door {owner.slack}, gecontroleerd {new_day.isoformat()}" in result.stdout  # HR: nl
        assert owner.slack in out.read_text(encoding="utf-8")
    finally:
        one.stop()
        two.stop()
