"""`smpolicy check`: a draft post in, its guideline risks out, as text or JSON (one object per JSONL line)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable

import click

from .. import cli as app  # app.load_engine is looked up when called: tests replace bot.cli.load_engine
from ..check.verdict import PLATFORMS, DraftCheck
from ..config import Settings
from . import cli, common_options


def _request(line: str | bytes) -> tuple[str | bytes, str | None]:
    """(draft, platform) of one JSON Lines input line; a line that is not such an object is checked as
    the raw input it is, so it gets the same `invalid` messages as a question would (binary, empty...)."""
    if isinstance(line, bytes):
        return line, None
    try:
        data = json.loads(line)
    except ValueError:
        return line if line.strip() else "", None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return "", None
    platform = data.get("platform")
    return data["text"], platform if isinstance(platform, str) else None


@cli.command()
@click.argument("draft", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (per input line without DRAFT).")
@click.option("--platform", type=click.Choice(PLATFORMS), default=None,
              help="Where the draft will be posted (a Glassdoor reply touches review responses).")
@common_options
def check(settings: Settings, draft: tuple[str, ...], as_json: bool, platform: str | None) -> None:
    """Check a draft post against the guidelines before you publish it.

    Without DRAFT and with --json, reads JSON Lines from standard input, each an object with
    `text` and an optional `platform`, and prints one JSON object per line, in order.
    Drafts over 5,000 characters are checked on their first 5,000.

    \b
    Examples:
        smpolicy check "Sneak peek van onze kwartaalcijfers: 18% groei!"
        smpolicy check --json --platform glassdoor "Thanks for your review..."
        printf '{"text": "Trots op ons team!", "platform": "linkedin"}\\n' | smpolicy check --json
    """
    from ..check import check_draft
    from ..decide.question import as_input, read_lines
    from ..render.check import render_check_text

    engine = app.load_engine(settings)
    requests: Iterable[tuple[str | bytes, str | None]]
    if draft:
        requests = [(as_input(" ".join(draft)), platform)]
    elif as_json:
        requests = (_request(line) for line in read_lines(sys.stdin.buffer))
    else:
        requests = [(as_input(sys.stdin.read()), platform)]
    for text, where in requests:
        result: DraftCheck = check_draft(engine, text, where)
        if as_json:
            click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            click.echo(render_check_text(result, engine.knowledge))
