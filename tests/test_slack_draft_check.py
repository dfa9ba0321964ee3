"""The draft check end to end in Slack: real bolt app in HTTP mode, real engine and SQLite, signed
requests; only Slack's Web API is faked. Slash command, DM forms, message shortcut, App Home modal,
and the privacy promise: no draft text in the database or the logs."""

from __future__ import annotations

import json
import logging

from bot.render import kit
from conftest import EMPLOYEE, EMPLOYEE_DM
from test_slack_e2e import all_text, buttons
from test_slack_question_log import wait_rows

RISKY = "Sneak peek of our Q3 numbers: €4,1 miljoen omzet, 12% boven target! Pas volgende maand officieel 🤫"
CLEAN = "Trots op mijn team: vandaag is onze nieuwe vestiging in Zwolle officieel geopend! 🎉"


def test_slash_command_check_replies_ephemerally_with_flags_and_buttons(bot, slack, engine):
    response_url, response = bot.send.command(f"check {RISKY}")
    assert response.status_code == 200 and response.text == ""
    [call] = slack.wait_for("response_url")
    assert call.path == response_url.removeprefix(slack.url) and call.params["response_type"] == "ephemeral"
    text = all_text(call.params["blocks"])
    title = engine.knowledge.sections["confidential-information"].title
    assert "🛑" in text and (title.nl in text or title.en in text)
    assert "€4,1 miljoen" in text
    assert set(buttons(call.params["blocks"])) == {kit.HELPFUL, kit.NOT_HELPFUL}
    assert not slack.of("chat.postMessage")


def test_bare_check_command_explains_how(bot, slack):
    bot.send.command("check")
    [call] = slack.wait_for("response_url")
    assert "/smpolicy check" in all_text(call.params["blocks"])


def test_dm_check_prefix_and_quoted_draft_are_checked(bot, slack):
    bot.send.dm(f"check: {CLEAN}")
    [first] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    assert "✅" in all_text(first.params["blocks"])
    bot.send.dm(f"Kan ik dit zo posten? “{RISKY}”")
    calls = slack.wait_for("chat.postMessage", count=2, channel=EMPLOYEE_DM)
    assert "🛑" in all_text(calls[1].params["blocks"])


def test_a_dm_question_is_still_answered_as_a_question(bot, slack):
    bot.send.dm("Mag ik vacatures van ons bedrijf delen op LinkedIn?")
    [call] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    assert "✅ Ziet er goed uit" not in all_text(call.params["blocks"])
    [row] = wait_rows(bot.store)
    assert not row.outcome.startswith("check_")


def test_message_shortcut_replies_ephemerally_in_the_channel(bot, slack):
    response = bot.send.shortcut(kit.CHECK_SHORTCUT, RISKY, channel="C0TEAM")
    assert response.status_code == 200
    [call] = slack.wait_for("chat.postEphemeral")
    assert (call.params["channel"], call.params["user"]) == ("C0TEAM", EMPLOYEE)
    assert "🛑" in all_text(call.params["blocks"])
    assert not slack.of("chat.postMessage")


def test_message_shortcut_falls_back_to_a_dm_when_the_channel_refuses(bot, slack):
    slack.fail("chat.postEphemeral", "channel_not_found")
    bot.send.shortcut(kit.CHECK_SHORTCUT, CLEAN, channel="C0PRIVATE")
    [call] = slack.wait_for("chat.postMessage")
    assert call.params["channel"] == "D0EMPLOYEE" and "✅" in all_text(call.params["blocks"])


def test_app_home_button_opens_the_modal_and_submit_shows_the_result_in_it(bot, slack, engine):
    bot.send.event({"type": "app_home_opened", "user": EMPLOYEE, "channel": EMPLOYEE_DM, "tab": "home"})
    [home] = slack.wait_for("views.publish")
    button = buttons(home.params["view"]["blocks"])[kit.OPEN_DRAFT_CHECK]
    bot.send.click(button["action_id"], button["value"])
    [opened] = slack.wait_for("views.open")
    view = opened.params["view"]
    assert opened.params["trigger_id"] and view["callback_id"] == kit.DRAFT_CHECK_VIEW
    kinds = {b.get("element", {}).get("type") for b in view["blocks"] if b["type"] == "input"}
    assert kinds == {"plain_text_input", "static_select"}
    response = bot.send.submit(opened.response["view"], {
        kit.DRAFT_INPUT: {kit.DRAFT_INPUT: {"type": "plain_text_input", "value": RISKY}},
        kit.DRAFT_PLATFORM: {kit.DRAFT_PLATFORM: {"type": "static_select", "selected_option": {"value": "linkedin"}}},
    })
    assert response.status_code == 200
    body = response.json()
    assert body["response_action"] == "update"
    assert "🛑" in all_text(body["view"]["blocks"]) and body["view"]["callback_id"] == kit.DRAFT_CHECK_VIEW
    [row] = wait_rows(bot.store)
    assert (row.source, row.outcome, row.section) == ("modal", "check_risk", "confidential-information")


def test_no_draft_text_reaches_the_database_or_the_logs(bot, slack, caplog):
    caplog.set_level(logging.DEBUG, logger="bot")
    secret = "Vertrouwelijk xq7: onze omzet is €9,9 miljoen, de overname van Zwaluw BV is binnenkort rond"
    bot.send.command(f"check {secret}")
    bot.send.dm(f"check: {secret}")
    bot.send.shortcut(kit.CHECK_SHORTCUT, secret)
    slack.wait_for("response_url")
    slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    slack.wait_for("chat.postEphemeral")
    rows = wait_rows(bot.store, 3)
    assert sorted(r.source for r in rows) == ["command", "dm", "shortcut"]
    assert {r.outcome for r in rows} == {"check_risk"} and all(r.text is None for r in rows)
    assert all("confidential-information" in [c["section"] for c in r.candidates] for r in rows)
    with bot.store.db.connect() as conn:
        tables = [t for (t,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")]
        dump = json.dumps({t: [list(r) for r in conn.exec_driver_sql(f"SELECT * FROM {t}").all()] for t in tables},
                          default=str)
    for words in ("xq7", "Zwaluw", "9,9 miljoen", "overname"):
        assert words not in dump
        assert words not in caplog.text
    assert "draft check" in caplog.text  # the logs do say a check happened (verdict, sections)
