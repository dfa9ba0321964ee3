"""The Slack adapter: the bolt app, its HTTP / Socket Mode servers and the local terminal chat.

Entry points for the CLI (`smpolicy run`):

    serve_http(settings, engine, store)                     # --http: waitress, POST /slack/events
    run_socket_mode(settings, engine, store)                # --socket: needs SLACK_APP_TOKEN
    local_chat(settings, engine, store, sys.stdin, sys.stdout)  # no Slack tokens set

The names are imported on first use, so that `bot.slack.directory` (used by the renderers)
can be imported without loading bolt.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "create_app": ".app", "make_client": ".app", "local_chat": ".local", "build_wsgi_app": ".server",
    "serve_http": ".server", "run_socket_mode": ".server", "SlackBot": ".service",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
