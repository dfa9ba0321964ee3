"""Running the bot: HTTP mode (waitress + bolt's WSGI adapter) and Socket Mode.

    serve_http(settings, engine, store)        # POST /slack/events, GET /health
    run_socket_mode(settings, engine, store)   # needs SLACK_APP_TOKEN

Both also start a timer (`SlackBot.housekeeping`) that retries escalations HR
has not received yet and replies that have not reached the employee yet, runs
the daily retention purge, and reloads the knowledge when its files change
(every SMPOLICY_RELOAD_SECONDS).
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from ..config import Settings
from ..errors import SmpolicyError
from ..store import Store
from .app import create_app, make_client
from .service import SlackBot

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"
RETRY_SECONDS = 60.0


def build_wsgi_app(app: App) -> Callable:
    """A WSGI application: Slack's POSTs to /slack/events go to bolt, GET /health says ok."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def wsgi(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            body = json.dumps({"status": "ok"}).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        return slack(environ, start_response)

    return wsgi


def timer_interval(settings: Settings) -> float:
    """Seconds between housekeeping runs: every minute, or as often as the knowledge check needs."""
    if settings.reload_seconds > 0:
        return max(1.0, min(RETRY_SECONDS, settings.reload_seconds))
    return RETRY_SECONDS


def start_retry_timer(bot: SlackBot, interval: float = RETRY_SECONDS) -> threading.Event:
    """Run `bot.housekeeping` (retries, purges, knowledge reload) every `interval` seconds in a daemon thread.

    Set the returned event to stop it.
    """
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            bot.housekeeping()

    threading.Thread(target=loop, name="smpolicy-retry-timer", daemon=True).start()
    return stop


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
    bot.retry_soon()
    log.info("HTTP mode: listening on %s:%s%s", host, settings.port, EVENTS_PATH)
    try:
        waitress.serve(build_wsgi_app(app), host=host, port=settings.port, threads=settings.threads, ident="smpolicy")
    finally:
        stop.set()


def run_socket_mode(settings: Settings, engine, store: Store) -> None:
    """Connect to Slack over Socket Mode (no public URL needed) until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    _check(settings, "bot_token", "app_token")
    bot = SlackBot(settings, engine, store, make_client(settings))
    app = create_app(settings, engine, store, bot=bot)
    stop = start_retry_timer(bot, timer_interval(settings))
    bot.retry_soon()
    log.info("Socket Mode: connecting")
    try:
        SocketModeHandler(app, settings.app_token, web_client=bot.client).start()
    finally:
        stop.set()


class HttpServer:
    """A waitress server for the WSGI app that can run in a thread and be stopped (tests, embedding)."""

    def __init__(self, wsgi: Callable, *, host: str = "127.0.0.1", port: int = 0, threads: int = 4):
        import waitress

        self._server = waitress.create_server(wsgi, host=host, port=port, threads=threads, ident="smpolicy")
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self._server.effective_host}:{self._server.effective_port}"

    def start(self) -> "HttpServer":
        self._thread = threading.Thread(target=self._server.run, name="smpolicy-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        from waitress import wasyncore

        server = self._server
        server.task_dispatcher.shutdown()
        if self._thread is not None and self._thread.is_alive():
            # Close the sockets inside the server's own loop, which then ends (its map is empty).
            server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
            self._thread.join(timeout=5)
        else:
            wasyncore.close_all(server._map)
