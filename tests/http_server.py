"""A waitress server for the Slack WSGI app that runs in a thread and can be stopped.

Used by the tests (tests/conftest.py) and the load test (bench/slack_load.py); the bot
itself serves with `bot.slack.server.serve_http`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from bot.config import Settings
from bot.slack.server import waitress_options


class HttpServer:
    """A waitress server for the WSGI app that can run in a thread and be stopped (tests, embedding)."""

    def __init__(self, wsgi: Callable, *, host: str = "127.0.0.1", port: int = 0, threads: int = 4,
                 settings: Settings | None = None):
        """`settings` applies the same waitress limits as `serve_http` (else waitress's defaults)."""
        import waitress

        options = {"threads": threads, "ident": "smpolicy"}
        if settings is not None:
            options = {**waitress_options(settings), "threads": threads}
        self._server = waitress.create_server(wsgi, host=host, port=port, **options)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self._server.effective_host}:{self._server.effective_port}"

    def start(self) -> HttpServer:
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
