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

    A line may be a JSON object {"text": "...", "thread": "any id"}: lines with the same thread
    are turns of one conversation, in order (threads may be interleaved), and a short follow-up
    is read in the context of its thread's previous turn ("follow_up": true in the JSON).

    \b
    Examples:
        smpolicy ask "Can I share our job openings on LinkedIn?"
        printf 'hoi\\nmag ik dit posten?\\n' | smpolicy ask --json
        printf '{"text":"Mag ik op Instagram posten?","thread":"a"}\\n{"text":"en op Facebook?","thread":"a"}\\n' \\
            | smpolicy ask --json
    """
    from ..decide.answer import Answer
    from ..decide.memory import ConversationMemory
    from ..decide.question import as_input, as_line, read_lines
    from ..render.terminal import render_text
    from ..search.text import detect_language

    engine = app.load_engine(settings)
    # A conversation's turns arrive in order on this stdin; the time-to-live still applies between lines.
    memory = ConversationMemory(settings.context_minutes * 60)
    # stdin as bytes, line by line: an undecodable line is refused as binary, the others are answered.
    lines = [as_input(" ".join(question))] if question else read_lines(sys.stdin.buffer)
    for raw in lines:
        line = as_line(raw) if not question else None
        if line is not None and line.invalid:
            text = line.text if isinstance(line.text, str) else ""
            answer = Answer(question=text[:200], outcome="invalid",
                            language="en" if detect_language(text[:200]) == "en" else "nl", message=line.invalid)
        elif line is not None and line.thread is not None:
            answer = engine.ask(line.text, context=memory.recall(line.thread), now=memory.clock())
            memory.remember(line.thread, answer.turn(memory.clock()))
        else:
            answer = engine.ask(raw)
        if as_json:
            click.echo(json.dumps(answer.to_dict(), ensure_ascii=False))
        else:
            click.echo(render_text(answer, engine.knowledge))
            if not question:
                click.echo()
