"""Escalations against the fake Slack Web API, without bolt: post, relay, retry, give up."""

from __future__ import annotations

import json

import pytest
from slack_sdk import WebClient

from bot.decide.answer import Answer, Candidate
from bot.knowledge import load_knowledge
from bot.slack.directory import Directory
from bot.slack.escalations import Escalations, marked_escalation
from bot.store import ANSWERED, OPEN, PENDING, UNDELIVERABLE
from conftest import KNOWLEDGE
from fake_slack import FakeSlack

HR, HR_LEAD, EMPLOYEE = "C0HR", "U0HRLEAD", "U0EMPLOYEE"


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge(KNOWLEDGE)


@pytest.fixture
def parts(settings, store, knowledge):
    with FakeSlack(channel_members={HR: [HR_LEAD]}) as slack:
        s = settings.with_(hr_channel=HR, hr_users=frozenset(), pseudonym_key="k")
        client = WebClient(token="xoxb-test", base_url=slack.api_url if slack.api_url.endswith("/")
                           else slack.api_url + "/")
        directory = Directory(s, client, "k")
        yield slack, Escalations(s, store, client, directory, knowledge=lambda: knowledge, retry_delay=0), store


def question(knowledge) -> Answer:
    section = next(iter(knowledge.sections))
    return Answer("Mag ik dit?", "escalate", "nl", candidates=(Candidate(section, 0.3, 0.3, 0.3, "", section),))


def test_escalation_is_posted_with_its_marker_and_the_hr_reply_is_relayed(parts, knowledge):
    slack, escalations, store = parts
    escalation = escalations.escalate(question(knowledge), user=EMPLOYEE, origin="Ev1", source="dm")
    [post] = slack.of("chat.postMessage")
    assert post.params["channel"] == HR
    metadata = post.params["metadata"]
    metadata = json.loads(metadata) if isinstance(metadata, str) else metadata
    assert marked_escalation({"metadata": metadata}) == escalation.id
    assert store.get(escalation.id).state == OPEN
    assert escalations.escalate(question(knowledge), user=EMPLOYEE, origin="Ev1", source="dm").id == escalation.id
    assert len(slack.of("chat.postMessage")) == 1  # the same origin: stored once, posted once

    escalations.on_thread_reply({"type": "message", "channel": HR, "user": HR_LEAD, "text": "Ja, dat mag.",
                                 "ts": "1700000001.000200", "thread_ts": post.response["ts"]})
    relay = slack.of("chat.postMessage")[-1]
    assert "Ja, dat mag." in relay.params["text"] and relay.params["channel"] != HR
    assert store.get(escalation.id).state == ANSWERED
    assert slack.of("chat.update") and slack.of("reactions.add")


def test_a_failed_post_stays_pending_is_retried_and_given_up_after_the_give_up_time(parts, knowledge):
    slack, escalations, store = parts
    slack.fail("chat.postMessage", "channel_not_found", times=10**6, channel=HR)
    escalation = escalations.escalate(question(knowledge), user=EMPLOYEE, origin="Ev2", source="dm")
    kept = store.get(escalation.id)
    assert kept.state == PENDING and kept.last_error == "channel_not_found"
    escalations.settings = escalations.settings.with_(give_up_hours=0)
    escalations.retry_due()
    assert store.get(escalation.id).state == UNDELIVERABLE
