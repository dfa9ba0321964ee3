"""A local fake of Slack's Web API, for end-to-end tests of the real bolt app.

A threaded `http.server` on a free port that answers the methods the bot uses
the way Slack does (`{"ok": true, ...}`) and records every call, so a test can
wait for what the bot posted:

    with FakeSlack() as slack:
        client = WebClient(token="xoxb-test", base_url=slack.api_url)
        ...
        [call] = slack.wait_for("chat.postMessage")
        assert call.params["channel"] == "D123"

`fail(method, error, times)` makes the next calls of a method fail (e.g.
`channel_not_found`, or `ratelimited` with a Retry-After header and HTTP 429).
`response_url()` hands out a URL on this server that records what is posted
to it, like the response_url Slack puts in commands and button clicks.

Messages the bot posts are kept per channel (with their metadata), so that
`conversations.history` and `conversations.replies` answer like Slack's;
`post_as_bot(channel, ...)` adds one as if an earlier run of the bot had posted it.

`SlackSender` is Slack's other side: it sends events, slash commands and
button clicks to the bot over HTTP, signed with the signing secret exactly as
Slack signs them.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode

import requests

BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T0001"


@dataclass
class Call:
    """One request the bot made: the API method (or 'response_url') and its parameters."""

    method: str
    params: dict
    path: str
    headers: dict = field(default_factory=dict)
    response: dict = field(default_factory=dict)  # what the fake answered

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))


@dataclass
class _Failure:
    error: str
    times: int
    retry_after: int | None
    channel: str | None


class FakeSlack:
    """Slack's Web API on 127.0.0.1:<free port>; a context manager that starts and stops it."""

    def __init__(self, *, channel_members: dict[str, list[str]] | None = None, locales: dict[str, str] | None = None):
        self.calls: list[Call] = []
        self.channel_members = dict(channel_members or {})
        self.locales = dict(locales or {})
        self._failures: dict[str, _Failure] = {}
        self.messages: dict[str, list[dict]] = {}  # channel -> messages posted there, oldest first
        self._changed = threading.Condition()
        self._ts_lock = threading.Lock()
        self._last_us = 0
        self._responses = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # --- life cycle ----------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        """The base_url for a WebClient (ends with a slash, like https://slack.com/api/)."""
        return f"{self.url}/api/"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- what tests use ------------------------------------------------------------------

    def response_url(self) -> str:
        """A fresh response_url (what Slack includes in commands and interactions)."""
        return f"{self.url}/response/{next(self._responses)}"

    def fail(self, method: str, error: str, *, times: int = 1, retry_after: int | None = None,
             channel: str | None = None) -> None:
        """Make the next `times` calls of `method` (to `channel`, if given) fail with `error`.

        With `retry_after`, answer HTTP 429 and a Retry-After header, like Slack's rate limit.
        `times=0` lifts the failure.
        """
        with self._changed:
            self._failures[method] = _Failure(error, times, retry_after, channel)

    def of(self, method: str) -> list[Call]:
        """The recorded calls of `method` so far, oldest first."""
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 15.0, **match) -> list[Call]:
        """Block until `method` was called at least `count` times (with params equal to `match`).

        Returns those calls; raises AssertionError (listing what was called) on timeout.
        """
        def found() -> list[Call]:
            return [c for c in self.calls if c.method == method
                    and all(c.params.get(k) == v for k, v in match.items())]

        self.wait_until(lambda: len(found()) >= count, timeout, f"{count} call(s) of {method} {match or ''}")
        return found()

    def wait_until(self, condition, timeout: float = 15.0, what: str = "a condition") -> list[Call]:
        """Block until `condition()` is true, re-checked after every recorded call; returns all calls."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.params.get("channel")) for c in self.calls]
                    raise AssertionError(f"timed out waiting for {what}; calls: {seen}")
                self._changed.wait(left)
            return list(self.calls)

    def post_as_bot(self, channel: str, text: str = "", *, metadata: dict | None = None,
                    thread_ts: str | None = None) -> dict:
        """A message in `channel` as if the bot had posted it (e.g. before a crash); returns it."""
        with self._changed:
            return self._store_message(channel, {"text": text, "metadata": metadata, "thread_ts": thread_ts})

    def _store_message(self, channel: str, params: dict) -> dict:
        ts = self._next_ts()
        message = {"type": "message", "text": params.get("text"), "user": BOT_USER, "bot_id": BOT_ID, "ts": ts}
        if params.get("metadata"):
            message["metadata"] = params["metadata"]
        if params.get("thread_ts"):
            message["thread_ts"] = params["thread_ts"]
        self.messages.setdefault(channel, []).append(message)
        return message

    def reset(self) -> None:
        with self._changed:
            self.calls.clear()
            self._failures.clear()

    # --- answering like Slack ---------------------------------------------------------------

    def _next_ts(self) -> str:
        """A unique, increasing message ts near the current time (as Slack's are)."""
        with self._ts_lock:
            self._last_us = max(time.time_ns() // 1000, self._last_us + 1)
            return f"{self._last_us // 10**6}.{self._last_us % 10**6:06d}"

    def _answer(self, method: str, params: dict) -> tuple[int, dict, dict]:
        """(HTTP status, extra headers, JSON body) for one call."""
        with self._changed:
            failure = self._failures.get(method)
            if failure and failure.times > 0 and failure.channel in (None, params.get("channel")):
                failure.times -= 1
                if failure.retry_after is not None:
                    return 429, {"Retry-After": str(failure.retry_after)}, {"ok": False, "error": failure.error}
                return 200, {}, {"ok": False, "error": failure.error}
        channel = params.get("channel")
        if method == "auth.test":
            body = {"url": "https://fake.slack.com/", "team": "Fake", "user": "smpolicy",
                    "team_id": TEAM, "user_id": BOT_USER, "bot_id": BOT_ID, "is_enterprise_install": False}
        elif method == "chat.postMessage":
            with self._changed:
                message = self._store_message(channel, params)
            body = {"channel": channel, "ts": message["ts"], "message": message}
        elif method in ("conversations.history", "conversations.replies"):
            body = self._history(method, params)
        elif method == "chat.postEphemeral":
            body = {"message_ts": self._next_ts()}
        elif method == "chat.update":
            body = {"channel": channel, "ts": params.get("ts"), "text": params.get("text")}
        elif method == "views.publish":
            body = {"view": {"id": "V0001", "type": "home"}}
        elif method in ("views.open", "views.update"):
            if method == "views.open" and not params.get("trigger_id"):
                return 200, {}, {"ok": False, "error": "invalid_trigger_id"}
            view = params.get("view")
            view = json.loads(view) if isinstance(view, str) else view
            body = {"view": {**(view or {}), "id": params.get("view_id") or "V0MODAL", "hash": f"h{self._next_ts()}"}}
        elif method == "conversations.open":
            users = str(params.get("users", ""))
            body = {"channel": {"id": "D" + users.split(",")[0].lstrip("UW")}}
        elif method == "conversations.members":
            if channel not in self.channel_members:
                return 200, {}, {"ok": False, "error": "channel_not_found"}
            body = {"members": self.channel_members[channel], "response_metadata": {"next_cursor": ""}}
        elif method == "reactions.add":
            body = {}
        elif method == "users.info":
            user = params.get("user")
            body = {"user": {"id": user, "name": str(user).lower(), "locale": self.locales.get(user, "en-US")}}
        else:
            return 200, {}, {"ok": False, "error": "unknown_method"}
        return 200, {}, {"ok": True, **body}

    def _history(self, method: str, params: dict) -> dict:
        """Like Slack: newest first (history) or the parent then its replies (replies); metadata only
        with include_all_metadata; `oldest` / `latest` / `inclusive` / `limit` honoured."""
        channel = params.get("channel")
        with self._changed:
            messages = [dict(m) for m in self.messages.get(channel, [])]
        if str(params.get("include_all_metadata", "")).lower() not in ("1", "true"):
            for m in messages:
                m.pop("metadata", None)
        limit = int(params.get("limit") or 100)
        if method == "conversations.replies":
            ts = params.get("ts")
            found = [m for m in messages if m["ts"] == ts or m.get("thread_ts") == ts]
            return {"messages": found[:limit], "has_more": False}
        inclusive = str(params.get("inclusive", "")).lower() in ("1", "true")
        oldest, latest = float(params.get("oldest") or 0), float(params.get("latest") or 1e12)
        found = [m for m in messages if not m.get("thread_ts")
                 and (oldest <= float(m["ts"]) <= latest if inclusive else oldest < float(m["ts"]) < latest)]
        found.reverse()
        return {"messages": found[:limit], "has_more": len(found) > limit}

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                params = _parse(raw, self.headers.get("Content-Type", ""))
                path, _, query = self.path.partition("?")
                if query:  # GET methods (conversations.history...) send their arguments in the query
                    params = {**_parse(query, "application/x-www-form-urlencoded"), **params}
                if path.startswith("/response/"):
                    fake._record(Call("response_url", params, path, dict(self.headers)))
                    self._send(200, {}, "ok", "text/html")
                    return
                if not path.startswith("/api/"):
                    self._send(404, {}, "not found", "text/plain")
                    return
                method = path[len("/api/"):]
                status, headers, body = fake._answer(method, params)
                fake._record(Call(method, params, path, dict(self.headers), body))
                self._send(status, headers, json.dumps(body), "application/json; charset=utf-8")

            do_GET = do_POST

            def _send(self, status: int, headers: dict, body: str, content_type: str) -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _parse(raw: str, content_type: str) -> dict:
    """Slack accepts JSON or form bodies; form fields that hold JSON (blocks) are decoded."""
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    params = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
    for key in ("blocks", "view", "attachments", "metadata"):
        if isinstance(params.get(key), str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                pass
    return params


# --- Slack's side of the Events API: signed requests to the bot ---------------------------------


def sign(secret: str, body: str, timestamp: int | None = None) -> dict:
    """The headers Slack adds to a request: v0 HMAC-SHA256 of 'v0:<timestamp>:<body>'."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


class SlackSender:
    """Sends events, slash commands and button clicks to the bot, signed as Slack signs them."""

    def __init__(self, url: str, secret: str, fake: FakeSlack):
        self.url = url.rstrip("/") + "/slack/events"
        self.secret = secret
        self.fake = fake
        self._ids = itertools.count(1)

    def _post(self, body: str, content_type: str, *, secret: str | None = None, timestamp: int | None = None,
              headers: dict | None = None) -> requests.Response:
        all_headers = {"Content-Type": content_type, **sign(secret or self.secret, body, timestamp), **(headers or {})}
        return requests.post(self.url, data=body.encode("utf-8"), headers=all_headers, timeout=10)

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):06d}"

    def event(self, event: dict, *, event_id: str | None = None, retry_num: int | None = None, **kw) -> requests.Response:
        body = json.dumps({
            "token": "legacy", "team_id": TEAM, "api_app_id": "A0001", "event": event,
            "type": "event_callback", "event_id": event_id or self.next_id("Ev"), "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
        })
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else {}
        return self._post(body, "application/json", headers=headers, **kw)

    def dm(self, text: str, *, user: str = "U0EMPLOYEE", channel: str = "D0EMPLOYEE", **kw) -> tuple[dict, requests.Response]:
        event = {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text,
                 "ts": self.fake._next_ts()}
        return event, self.event(event, **kw)

    def command(self, text: str, *, user: str = "U0EMPLOYEE", channel: str = "C0GENERAL", **kw) -> tuple[str, requests.Response]:
        response_url = self.fake.response_url()
        body = urlencode({
            "token": "legacy", "team_id": TEAM, "channel_id": channel, "user_id": user, "user_name": "employee",
            "command": "/smpolicy", "text": text, "api_app_id": "A0001", "response_url": response_url,
            "trigger_id": self.next_id("trigger."),
        })
        return response_url, self._post(body, "application/x-www-form-urlencoded", **kw)

    def shortcut(self, callback_id: str, text: str, *, user: str = "U0EMPLOYEE", channel: str = "C0GENERAL",
                 **kw) -> requests.Response:
        """A message shortcut used on a message with `text` in `channel`."""
        payload = {
            "type": "message_action", "token": "legacy", "callback_id": callback_id, "team": {"id": TEAM},
            "user": {"id": user, "team_id": TEAM}, "channel": {"id": channel, "name": "general"},
            "message": {"type": "message", "user": "U0AUTHOR", "ts": self.fake._next_ts(), "text": text},
            "message_ts": self.fake._next_ts(), "trigger_id": self.next_id("trigger."),
            "response_url": self.fake.response_url(), "action_ts": f"{time.time():.6f}",
        }
        return self._post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded", **kw)

    def submit(self, view: dict, values: dict, *, user: str = "U0EMPLOYEE", **kw) -> requests.Response:
        """The user submits modal `view` (as opened) with `values` ({block_id: {action_id: value}})."""
        payload = {
            "type": "view_submission", "token": "legacy", "team": {"id": TEAM}, "user": {"id": user, "team_id": TEAM},
            "api_app_id": "A0001", "trigger_id": self.next_id("trigger."),
            "view": {**view, "id": view.get("id", "V0MODAL"), "hash": view.get("hash", "h1"), "state": {"values": values}},
        }
        return self._post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded", **kw)

    def click(self, action_id: str, value: str, *, user: str = "U0EMPLOYEE", channel: str = "D0EMPLOYEE",
              message_ts: str | None = None, block_id: str = "b", **kw) -> tuple[str, requests.Response]:
        response_url = self.fake.response_url()
        message_ts = message_ts or self.fake._next_ts()
        payload = {
            "type": "block_actions", "token": "legacy", "api_app_id": "A0001", "team": {"id": TEAM},
            "user": {"id": user, "team_id": TEAM}, "channel": {"id": channel},
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": False},
            "trigger_id": self.next_id("trigger."), "response_url": response_url,
            "actions": [{"type": "button", "action_id": action_id, "block_id": block_id, "value": value,
                         "action_ts": f"{time.time():.6f}"}],
        }
        body = urlencode({"payload": json.dumps(payload)})
        return response_url, self._post(body, "application/x-www-form-urlencoded", **kw)
