"""The local terminal chat (lines through the DM handler, readable replies), the manifest and Procfile."""

from __future__ import annotations

import io
from pathlib import Path

import yaml

from bot.slack import local_chat
from bot.slack.app import COMMAND

REPO = Path(__file__).resolve().parent.parent


def test_local_chat_answers_each_line_as_a_dm_would(settings, engine, store):
    question = "Can I share job openings on LinkedIn?"
    answer = engine.ask(question)
    out = io.StringIO()
    count = local_chat(settings.with_(hr_channel=None), engine, store, io.StringIO(f"{question}\n\nhelp\n"), out)
    text = out.getvalue()
    assert count == 2
    assert "Hi! I answer questions" in text
    if answer.outcome == "answer":
        section = engine.knowledge.sections[answer.section]
        assert section.rule.en[:50] in text and "[👍 Helpful]" in text
        assert engine.knowledge.contacts[section.contact].name in text  # mentions read as names
    assert '{"' not in text and "<@" not in text  # readable, not raw JSON or Slack markup


def test_local_chat_without_hr_channel_points_to_the_contact(settings, engine, store):
    question = next(q for q in ("what is the meaning of life and cheese", "xylophone quantum banana orbit")
                    if engine.ask(q).outcome == "escalate" and not engine.ask(q).redirect)
    out = io.StringIO()
    local_chat(settings.with_(hr_channel=None), engine, store, io.StringIO(question + "\n"), out)
    assert "Please ask" in out.getvalue()
    assert store.escalations() == []


def test_manifest_matches_the_app():
    manifest = yaml.safe_load((REPO / "slack-manifest.yml").read_text())
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == {"message.im", "app_mention", "app_home_opened", "message.channels", "message.groups"}
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"chat:write", "commands", "app_mentions:read", "im:history", "im:write", "channels:history",
            "groups:history", "reactions:write", "users:read", "channels:read", "groups:read"} <= scopes
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    urls = {command["url"], manifest["settings"]["event_subscriptions"]["request_url"],
            manifest["settings"]["interactivity"]["request_url"]}
    assert urls == {"https://YOUR-HOST/slack/events"}
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert (REPO / "Procfile").read_text().split("\n")[:2] == ["web: smpolicy run --http", "worker: smpolicy run --socket"]


def test_local_chat_checks_a_draft_after_check_colon(settings, engine, store):
    out = io.StringIO()
    local_chat(settings.with_(hr_channel=None), engine, store,
               io.StringIO("check: Onze omzet dit kwartaal: €3 miljoen, nog niet officieel!\n"), out)
    assert "🛑" in out.getvalue()
    [row] = store.logged_questions()
    assert row.outcome == "check_risk" and row.text is None


def test_manifest_has_the_draft_check_shortcut():
    from bot.render import kit

    manifest = yaml.safe_load((REPO / "slack-manifest.yml").read_text())
    [shortcut] = manifest["features"]["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", kit.CHECK_SHORTCUT)
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
