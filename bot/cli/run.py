"""`smpolicy run`: the bot on Slack (HTTP or Socket Mode), or a chat in this terminal."""

from __future__ import annotations

import logging
import sys

import click

from .. import cli as app  # app.load_engine is looked up when called: tests replace bot.cli.load_engine
from ..config import Settings
from . import cli, common_options, note, open_store


@cli.command()
@click.option("--http", "mode", flag_value="http",
              help="Serve Slack's HTTP requests on $PORT at /slack/events (waitress).")
@click.option("--socket", "mode", flag_value="socket",
              help="Connect to Slack over Socket Mode (needs SLACK_APP_TOKEN).")
@click.option("--local", "mode", flag_value="local",
              help="Chat in this terminal through the same handlers, without Slack.")
@common_options
def run(settings: Settings, mode: str | None) -> None:
    """Run the bot. Without a mode: Socket Mode when SLACK_APP_TOKEN is set, HTTP mode when
    SLACK_BOT_TOKEN is set, otherwise a local chat in this terminal.

    \b
    Examples:
        smpolicy run                      # local chat (no Slack tokens set)
        SLACK_BOT_TOKEN=xoxb-… SLACK_SIGNING_SECRET=… smpolicy run --http
    """
    from ..slack import local_chat, run_socket_mode, serve_http

    if mode is None:
        mode = "socket" if settings.app_token else "http" if settings.bot_token else "local"
    engine = app.load_engine(settings)  # model and index are ready before the first event is acknowledged
    if mode == "local":
        note("No Slack tokens set: chatting in this terminal (escalations are kept in memory only).")
        if settings.source("log_level") == "default":
            logging.getLogger("bot").setLevel(logging.WARNING)  # keep the conversation readable
        local_chat(settings, engine, open_store(settings, "sqlite://"), sys.stdin, sys.stdout)
        return
    store = open_store(settings)
    (serve_http if mode == "http" else run_socket_mode)(settings, engine, store)
