"""The Slack adapter: the bolt app, its HTTP / Socket Mode servers and the local terminal chat.

Entry points for the CLI (`smpolicy run`):

    serve_http(settings, engine, store)                     # --http: waitress, POST /slack/events
    run_socket_mode(settings, engine, store)                # --socket: needs SLACK_APP_TOKEN
    local_chat(settings, engine, store, sys.stdin, sys.stdout)  # no Slack tokens set
"""

from .app import create_app, make_client
from .local import local_chat
from .server import build_wsgi_app, run_socket_mode, serve_http
from .service import SlackBot

__all__ = ["create_app", "make_client", "build_wsgi_app", "serve_http", "run_socket_mode", "local_chat", "SlackBot"]
