"""Running the bot: HTTP mode (waitress + bolt's WSGI adapter) and Socket Mode.

    serve_http(settings, engine, store)        # POST /slack/events, GET /health
    run_socket_mode(settings, engine, store)   # needs SLACK_APP_TOKEN

Both also start the housekeeping timer (`bot.slack.housekeeping`): retries of
escalations HR has not received yet and of replies that have not reached the
employee yet, the daily retention purge, and a reload when the knowledge files
change (every SMPOLICY_RELOAD_SECONDS).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import time
from collections.abc import Callable, Iterable
from urllib.parse import parse_qs

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from ..config import Settings
from ..errors import SmpolicyError
from ..store import Store
from .app import create_app, make_client
from .housekeeping import RETRY_SECONDS, start_retry_timer, timer_interval  # noqa: F401 (RETRY_SECONDS: re-exported)
from .service import SlackBot

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"


# What the WSGI guard refuses, and how (status line, the one log line's reason).
DEFAULT_MAX_BODY = 1024 * 1024
MAX_TIMESTAMP_DIGITS = 12
SIGNATURE_MAX_AGE = 300  # seconds, as Slack and bolt allow


def _reply(start_response: Callable, status: str, body: bytes = b"", content_type: str = "text/plain") -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def _header(environ: dict, name: str) -> str:
    return str(environ.get("HTTP_" + name.upper().replace("-", "_")) or "")


def _valid_timestamp(value: str, now: float) -> bool:
    return (value.isascii() and value.isdigit() and len(value) <= MAX_TIMESTAMP_DIGITS
            and abs(now - int(value)) <= SIGNATURE_MAX_AGE)


def _signature_ok(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """Slack's v0 signature (as slack_sdk.signature computes it) over the raw bytes, so that a body that
    is not valid UTF-8 is judged too instead of raising; compared in constant time."""
    expected = "v0=" + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return signature.isascii() and hmac.compare_digest(expected, signature)


def _payload_ok(body: bytes, content_type: str) -> bool:
    """The body is what Slack sends: UTF-8, and a JSON object (events) or a form whose `payload` is one."""
    try:
        text = body.decode("utf-8")
        if "application/json" in content_type:
            return isinstance(json.loads(text), dict)
        form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), errors="strict")
        if "payload" in form:
            return len(form["payload"]) == 1 and isinstance(json.loads(form["payload"][0]), dict)
        return True
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False


def build_wsgi_app(app: App, *, signing_secret: str | None = None, max_body: int = DEFAULT_MAX_BODY) -> Callable:
    """A WSGI application: Slack's POSTs to /slack/events go to bolt, GET /health says ok.

    Before bolt sees a request, a guard in front of it refuses (with one log line
    naming the reason, never anything from the body): bodies over `max_body`
    bytes (413, judged by Content-Length and by reading at most `max_body` + 1
    bytes), a missing, malformed or stale X-Slack-Request-Timestamp or a wrong
    signature (401), and a signed body that is not UTF-8 JSON / a form with a
    JSON `payload` (400). Slack's `app_rate_limited` callback is acknowledged
    here with 200 and one WARNING. `signing_secret` defaults to the app's.
    """
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    secret = signing_secret if signing_secret is not None else getattr(app, "_signing_secret", "") or ""

    def refuse(start_response: Callable, status: str, reason: str) -> list[bytes]:
        log.warning("refused %s request: %s", EVENTS_PATH, reason)
        return _reply(start_response, status, status.split(" ", 1)[1].encode())

    def events(environ: dict, start_response: Callable) -> Iterable[bytes]:
        length_header = str(environ.get("CONTENT_LENGTH") or "").strip()
        if length_header and not (length_header.isascii() and length_header.isdigit() and len(length_header) <= 18):
            return refuse(start_response, "400 Bad Request", "malformed Content-Length")
        if length_header and int(length_header) > max_body:
            return refuse(start_response, "413 Payload Too Large", f"body of {int(length_header)} bytes over the limit")
        stream = environ.get("wsgi.input")
        body = stream.read(min(int(length_header), max_body + 1) if length_header else max_body + 1) if stream else b""
        if len(body) > max_body:
            return refuse(start_response, "413 Payload Too Large", "body over the limit")
        timestamp, signature = _header(environ, "X-Slack-Request-Timestamp"), _header(environ, "X-Slack-Signature")
        if not secret.strip():
            return refuse(start_response, "401 Unauthorized", "no signing secret configured")
        if not _valid_timestamp(timestamp, time.time()):
            return refuse(start_response, "401 Unauthorized", "missing, malformed or stale timestamp")
        if not _signature_ok(secret, timestamp, body, signature):
            return refuse(start_response, "401 Unauthorized", "bad signature")
        content_type = str(environ.get("CONTENT_TYPE") or "")
        if not _payload_ok(body, content_type):
            return refuse(start_response, "400 Bad Request", "signed body is not a Slack payload")
        if "application/json" in content_type:
            data = json.loads(body)
            if data.get("type") == "app_rate_limited":
                log.warning("Slack is rate-limiting events to this app (app_rate_limited, minute %s)",
                            data.get("minute_rate_limited"))
                return _reply(start_response, "200 OK")
        inner = dict(environ)
        inner["wsgi.input"] = io.BytesIO(body)
        inner["CONTENT_LENGTH"] = str(len(body))
        return slack(inner, start_response)

    def wsgi(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            body = json.dumps({"status": "ok"}).encode()
            return _reply(start_response, "200 OK", body, "application/json")
        if path == EVENTS_PATH and method == "POST":
            return events(environ, start_response)
        return slack(environ, start_response)

    return wsgi


def waitress_options(settings: Settings) -> dict:
    """waitress limits for a public endpoint (see the README: put a reverse proxy in front too)."""
    return {
        "threads": settings.threads,
        "connection_limit": settings.connection_limit,
        "channel_timeout": settings.channel_timeout,
        "cleanup_interval": settings.cleanup_interval,
        "max_request_body_size": settings.max_body_bytes,
        "max_request_header_size": 64 * 1024,
        "ident": "smpolicy",
    }


def _check(settings: Settings, *needed: str) -> None:
    names = {"bot_token": "SLACK_BOT_TOKEN", "signing_secret": "SLACK_SIGNING_SECRET", "app_token": "SLACK_APP_TOKEN"}
    missing = [names[n] for n in needed if not getattr(settings, n)]
    if missing:
        raise SmpolicyError(f"{' and '.join(missing)} must be set for this mode; see the Slack setup in the README.")


def serve_http(settings: Settings, engine, store: Store, *, host: str = "0.0.0.0") -> None:
    """Serve Slack's requests on `settings.port` with waitress until interrupted."""
    import waitress

    _check(settings, "bot_token", "signing_secret")
    bot = SlackBot(settings, engine, store, make_client(settings))
    app = create_app(settings, engine, store, bot=bot)
    stop = start_retry_timer(bot, timer_interval(settings))
    bot.escalations.retry_soon()
    log.info("HTTP mode: listening on %s:%s%s", host, settings.port, EVENTS_PATH)
    try:
        waitress.serve(build_wsgi_app(app, signing_secret=settings.signing_secret, max_body=settings.max_body_bytes),
                       host=host, port=settings.port, **waitress_options(settings))
    finally:
        stop.set()


def run_socket_mode(settings: Settings, engine, store: Store) -> None:
    """Connect to Slack over Socket Mode (no public URL needed) until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    _check(settings, "bot_token", "app_token")
    bot = SlackBot(settings, engine, store, make_client(settings))
    app = create_app(settings, engine, store, bot=bot)
    stop = start_retry_timer(bot, timer_interval(settings))
    bot.escalations.retry_soon()
    log.info("Socket Mode: connecting")
    try:
        SocketModeHandler(app, settings.app_token, web_client=bot.client).start()
    finally:
        stop.set()
