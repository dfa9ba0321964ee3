"""Two bot processes behind one URL, sharing one database, behave as one bot.

Real `smpolicy run --http` processes (waitress), real signed HTTP, a real
database: SQLite always, PostgreSQL when SMPOLICY_TEST_POSTGRES_URL names a
server (`.ci/run` installs and starts one). Only Slack's Web API is a fake.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from fake_slack import FakeSlack, SlackSender

SECRET = "multi-process-signing-secret"
HR, HR_LEAD = "C0HRMULTI", "U0HRLEAD"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_bots(database_url, settings, engine, tmp_path):
    """Start two bot processes on one database; yields (fake slack, [sender A, sender B])."""
    with FakeSlack() as slack:
        env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-multi", "SLACK_SIGNING_SECRET": SECRET,
               "SLACK_API_URL": slack.api_url, "SMPOLICY_HR_CHANNEL": HR, "SMPOLICY_HR_USERS": HR_LEAD,
               "SMPOLICY_DATABASE_URL": database_url, "SMPOLICY_KNOWLEDGE": str(settings.knowledge),
               "SMPOLICY_INDEX": str(settings.index), "SMPOLICY_PSEUDONYM_KEY": "multi-process-key"}
        env.pop("SLACK_APP_TOKEN", None)
        procs, senders = [], []
        for n in range(2):
            port = free_port()
            log = open(tmp_path / f"bot{n}.log", "w")
            procs.append(subprocess.Popen([sys.executable, "-m", "bot.cli", "run", "--http"],
                                          env={**env, "PORT": str(port)}, stdout=log, stderr=log))
            senders.append(SlackSender(f"http://127.0.0.1:{port}", SECRET, slack))
        try:
            deadline = time.monotonic() + 120
            for proc, sender in zip(procs, senders):
                health = sender.url.replace("/slack/events", "/health")
                while True:
                    assert proc.poll() is None, (tmp_path / "bot0.log").read_text() + (tmp_path / "bot1.log").read_text()
                    try:
                        if requests.get(health, timeout=1).ok:
                            break
                    except requests.ConnectionError:
                        pass
                    assert time.monotonic() < deadline, "bot process did not start"
                    time.sleep(0.3)
            yield slack, senders
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=20)


def dms_to(slack: FakeSlack, channel: str) -> list:
    return [c for c in slack.of("chat.postMessage") if c.params.get("channel") == channel]


def test_event_retried_to_the_other_process_is_answered_once(two_bots):
    slack, (a, b) = two_bots
    event = {"type": "message", "channel_type": "im", "channel": "D0RETRY", "user": "U0ASKER",
             "text": "Mag ik vacatures van ons bedrijf delen op LinkedIn?", "ts": "1700000001.000100"}
    first = a.event(event, event_id="EvSAME0001")
    second = b.event(event, event_id="EvSAME0001", retry_num=1)
    assert first.status_code == second.status_code == 200
    slack.wait_for("chat.postMessage", channel="D0RETRY")
    # Both deliveries raced on the same event id; sending the same event to both at once too:
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda s: s.event({**event, "channel": "D0RACE", "ts": "1700000002.000100"},
                                        event_id="EvRACE0001"), (a, b)))
    slack.wait_for("chat.postMessage", channel="D0RACE")
    a.dm("hoi", channel="D0MARKER-A", event_id="EvMARKA0001")
    b.dm("hoi", channel="D0MARKER-B", event_id="EvMARKB0001")
    slack.wait_for("chat.postMessage", channel="D0MARKER-A")
    slack.wait_for("chat.postMessage", channel="D0MARKER-B")
    assert len(dms_to(slack, "D0RETRY")) == 1
    assert len(dms_to(slack, "D0RACE")) == 1


def test_escalation_is_relayed_once_when_both_processes_see_hr_replies(two_bots):
    slack, (a, b) = two_bots
    a.dm("Wat is de hoofdstad van Mongolië eigenlijk?", user="U0EMPL", channel="D0EMPL", event_id="EvASK0001")
    [post] = slack.wait_for("chat.postMessage", channel=HR)
    thread = post.response["ts"]

    def reply(sender, n):
        return sender.event({"type": "message", "channel": HR, "channel_type": "channel", "user": HR_LEAD,
                             "text": f"Antwoord {n} van HR", "ts": f"17000001{n}.000100", "thread_ts": thread},
                            event_id=f"EvHRREPLY{n}")

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda args: reply(*args), ((a, 1), (b, 2))))
    slack.wait_for("conversations.open")
    slack.wait_for("reactions.add")
    a.dm("hoi", channel="D0MARK2A", event_id="EvMARK2A")
    b.dm("hoi", channel="D0MARK2B", event_id="EvMARK2B")
    slack.wait_for("chat.postMessage", channel="D0MARK2A")
    slack.wait_for("chat.postMessage", channel="D0MARK2B")
    relays = [c for c in slack.of("chat.postMessage") if "Antwoord" in str(c.params.get("text", ""))]
    assert len(relays) == 1
    assert len(slack.of("conversations.open")) == 1


CLAIM = """
import sys, datetime as dt
from bot.store import Store
store = Store.open(sys.argv[1])
print(store.claim_job("purge", dt.timedelta(days=1)))
"""


def test_daily_purge_is_claimed_by_one_process(database_url):
    """Two processes ask at the same moment which of them runs today's purge: exactly one does."""
    from bot.store import Store

    Store.open(database_url)  # schema in place before the race
    procs = [subprocess.Popen([sys.executable, "-c", CLAIM, database_url], stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    answers = sorted(p.communicate(timeout=60)[0].strip() for p in procs)
    assert answers == ["False", "True"]
