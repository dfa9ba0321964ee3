"""`smpolicy ask`: questions from the command line or stdin, answers as text or JSON."""

from __future__ import annotations

import json
import sys

import click

from .. import cli as app  # app.load_engine is looked up when called: tests replace bot.cli.load_engine
from ..config import Settings
from . import cli, common_options


@cli.command()
@click.argument("question", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per question.")
@common_options
def ask(settings: Settings, question: tuple[str, ...], as_json: bool) -> None:
    """Answer a question; without one, answer each line of standard input.

    \b
    Examples:
        smpolicy ask "Can I share our job openings on LinkedIn?"
        printf 'hoi\\nmag ik dit posten?\\n' | smpolicy ask --json
    """
    from ..decide.question import as_input, read_lines
    from ..render.terminal import render_text

    engine = app.load_engine(settings)
    # stdin as bytes, line by line: an undecodable line is refused as binary, the others are answered.
    lines = [as_input(" ".join(question))] if question else read_lines(sys.stdin.buffer)
    for line in lines:
        answer = engine.ask(line)
        if as_json:
            click.echo(json.dumps(answer.to_dict(), ensure_ascii=False))
        else:
            click.echo(render_text(answer, engine.knowledge))
            if not question:
                click.echo()
