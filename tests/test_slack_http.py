"""The public HTTP endpoint under hostile input: body limits, idle connections, malformed and
unsigned requests, Slack's app_rate_limited callback. Real waitress, real bolt app, real engine,
real SQLite; Slack's Web API is the fake (tests/fake_slack.py), requests are signed as Slack signs them.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from urllib.parse import urlsplit

import pytest
import requests

from fake_slack import sign
from test_slack_e2e import SECRET, start_bot

MARKER = "ZQXJ-SECRET-BODY-MARKER"


def address(bot) -> tuple[str, int]:
    parts = urlsplit(bot.server.url)
    return parts.hostname, parts.port


def raw_request(bot, head: bytes, body: bytes = b"", timeout: float = 20.0) -> bytes:
    """Send bytes on a fresh connection; what the server answers until it closes or pauses."""
    with socket.create_connection(address(bot), timeout=timeout) as sock:
        sock.sendall(head + body)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        return data


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


def marker_is_answered(bot, slack) -> None:
    """A genuine DM afterwards still gets its answer: the server is in service."""
    bot.send.dm("hello", channel="D0MARKER")
    slack.wait_for("chat.postMessage", channel="D0MARKER")


# --- 1. body size ----------------------------------------------------------------------------------


def test_announced_oversized_body_gets_413_without_being_sent(bot, slack):
    head = (b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 104857600\r\n\r\n")
    response = raw_request(bot, head)  # the 100 MB body never follows: the answer must not wait for it
    assert status_of(response) == 413
    marker_is_answered(bot, slack)


def test_chunked_oversized_body_gets_413(bot, slack):
    chunk = b"x" * (256 * 1024)

    def body():
        for _ in range(8):  # 2 MiB in all, no Content-Length
            yield chunk

    try:
        response = requests.post(bot.send.url, data=body(), headers={"Content-Type": "application/json"}, timeout=20)
        assert response.status_code == 413
    except requests.ConnectionError:
        pass  # the server answered 413 and closed while the client was still sending: also refused
    marker_is_answered(bot, slack)


def test_body_over_a_smaller_limit_is_refused_by_the_wsgi_guard(settings, engine, slack, db_url):
    running = start_bot(settings, engine, slack, db_url, max_body_bytes=2000)
    try:
        body = json.dumps({"type": "event_callback", "padding": "x" * 3000})
        response = running.send._post(body, "application/json")
        assert response.status_code == 413
        _, ok = running.send.dm("hello", channel="D0MARKER")
        assert ok.status_code == 200
    finally:
        running.stop()


# --- 2. idle connections ---------------------------------------------------------------------------


def test_many_idle_connections_do_not_stop_service(bot, slack):
    idle = [socket.create_connection(address(bot), timeout=10) for _ in range(150)]
    try:
        response = requests.get(bot.server.url + "/health", timeout=15)
        assert response.status_code == 200
        marker_is_answered(bot, slack)
    finally:
        for s in idle:
            s.close()


def test_idle_connection_is_closed_after_the_channel_timeout(settings, engine, slack, db_url):
    running = start_bot(settings, engine, slack, db_url, channel_timeout=1, cleanup_interval=1)
    try:
        with socket.create_connection(address(running), timeout=60) as sock:
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")  # a request that never completes
            assert sock.recv(1024) == b""  # closed by the server, not by our 60 s timeout
    finally:
        running.stop()


def test_waitress_limits_are_settings():
    from bot.config import Settings
    from bot.slack.server import waitress_options

    options = waitress_options(Settings.from_env({"SMPOLICY_CONNECTION_LIMIT": "2500", "SMPOLICY_CHANNEL_TIMEOUT": "7",
                                                  "SMPOLICY_CLEANUP_INTERVAL": "3", "SMPOLICY_MAX_BODY_BYTES": "65536"}))
    assert (options["connection_limit"], options["channel_timeout"], options["cleanup_interval"],
            options["max_request_body_size"]) == (2500, 7, 3, 65536)
    defaults = waitress_options(Settings.from_env({}))
    assert defaults["connection_limit"] >= 1000 and defaults["channel_timeout"] <= 30
    assert defaults["max_request_body_size"] == 1024 * 1024


# --- 3. malformed requests -------------------------------------------------------------------------

MALFORMED = {
    "truncated json": ("application/json", ('{"type": "event_callback", "x": "' + MARKER).encode()),
    "json array": ("application/json", json.dumps([MARKER, 1]).encode()),
    "invalid utf-8": ("application/json", b'{"x": "' + MARKER.encode() + b'\xff\xfe"}'),
    "payload not json": ("application/x-www-form-urlencoded", ("payload=" + MARKER + "{").encode()),
}


def bot_warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def assert_one_clean_line(caplog) -> None:
    records = bot_warnings(caplog)
    assert len(records) == 1, [r.getMessage() for r in records]
    assert not any(r.exc_info for r in caplog.records)
    assert not any(MARKER in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_malformed_unsigned_request_gets_401_and_one_clean_log_line(bot, slack, caplog, case):
    content_type, body = MALFORMED[case]
    with caplog.at_level(logging.INFO):
        response = requests.post(bot.send.url, data=body, headers={"Content-Type": content_type,
                                                                   **sign("not-the-secret", "x")}, timeout=10)
    assert response.status_code in (400, 401)
    assert MARKER not in response.text
    assert_one_clean_line(caplog)
    marker_is_answered(bot, slack)


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_malformed_signed_request_gets_400_and_one_clean_log_line(bot, slack, caplog, case):
    content_type, body = MALFORMED[case]
    ts = str(int(time.time()))
    import hashlib
    import hmac

    digest = hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    with caplog.at_level(logging.INFO):
        response = requests.post(bot.send.url, data=body, timeout=10, headers={
            "Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"})
    assert response.status_code == 400
    assert_one_clean_line(caplog)


@pytest.mark.parametrize("timestamp", ["abc", "9" * 5000, "", "-1", "1e9"], ids=["abc", "5000 digits", "empty", "negative", "float"])
def test_bad_timestamp_gets_401_and_one_clean_log_line(bot, slack, caplog, timestamp):
    body = json.dumps({"type": "event_callback", "event_id": "Ev" + MARKER, "event": {"type": "message"}})
    headers = {"Content-Type": "application/json", **sign(SECRET, body)}
    headers["X-Slack-Request-Timestamp"] = timestamp
    with caplog.at_level(logging.INFO):
        response = requests.post(bot.send.url, data=body, headers=headers, timeout=10)
    assert response.status_code == 401
    assert_one_clean_line(caplog)


# --- 4. app_rate_limited ---------------------------------------------------------------------------


def test_app_rate_limited_callback_is_acknowledged_and_logged_once(bot, slack, caplog):
    body = json.dumps({"token": "legacy", "type": "app_rate_limited", "team_id": "T0001",
                       "minute_rate_limited": 1518467820, "api_app_id": "A0001"})
    with caplog.at_level(logging.INFO):
        response = bot.send._post(body, "application/json")
    assert response.status_code == 200
    records = bot_warnings(caplog)
    assert len(records) == 1 and "app_rate_limited" in records[0].getMessage()
    assert not any(r.exc_info for r in caplog.records)
