"""HR's operations: report, purge, and config (the settings in effect)."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import TABLE, Settings
from . import _database_errors, _one_line, cli, common_options, note, open_store


@cli.command(name="config")
@common_options
def config_(settings: Settings) -> None:
    """Print every setting: its variable, effective value (secrets masked), where it came from, and what it does.

    Sources: 'default', 'environment' (the variable is set) or 'option' (a command-line option).

    \b
    Example:
        SMPOLICY_RETENTION_DAYS=30 smpolicy config
    """
    width = max(len(s.env) for s in TABLE.values())
    for _name, setting, value, source in settings.describe():
        click.echo(f"{setting.env:<{width}}  {value}  ({source})")
        click.echo(f"{'':<{width}}  {setting.help}")


@cli.command()
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="Report on the last N days, today included (env SMPOLICY_REPORT_DAYS; default 90).")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the report as one self-contained HTML page (charts included) to FILE.")
@click.option("--review-days", type=click.IntRange(min=1), default=None,
              help="A section is overdue when its 'reviewed' date is more than this many days ago "
                   "(env SMPOLICY_REVIEW_DAYS; default 365).")
@click.option("--similarity", type=click.FloatRange(0, 1), default=None,
              help="Cosine similarity at which unanswered questions count as one group "
                   "(env SMPOLICY_REPORT_SIMILARITY; default 0.7).")
@common_options(days="report_days", review_days="review_days", similarity="report_similarity")
def report(settings: Settings, days: int, html_file: Path | None, review_days: int, similarity: float) -> None:
    """Knowledge-gap report for HR from the question log (SMPOLICY_DATABASE_URL).

    Outcomes per week and language, helpfulness per section, unanswered questions
    grouped by meaning, sections nobody asks about and sections overdue for review.

    \b
    Examples:
        smpolicy report
        smpolicy report --days 30 --html report.html
    """
    import datetime as dt

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from ..knowledge import load_knowledge
    from ..report import build_report, format_text, render_html
    from ..store import UNDELIVERABLE, utcnow

    try:
        url = make_url(settings.database_url)
    except _database_errors() as exc:
        raise click.ClickException(f"could not open the database: {_one_line(exc)}") from None
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") \
            and not Path(url.database).exists():
        raise click.ClickException(f"no question log at {url.database}; set SMPOLICY_DATABASE_URL "
                                   "to the database the bot writes to")
    today = utcnow().date()
    store = open_store(settings)
    try:
        try:
            since = dt.datetime.combine(today - dt.timedelta(days=days - 1), dt.time.min)
            rows = store.logged_questions(since=since)
            undelivered = store.count_escalations((UNDELIVERABLE,), since=since)
            reviews = store.reviews(since=since)
        finally:
            store.close()
    except SQLAlchemyError as exc:
        problem = f"{exc.__class__.__name__}: {_one_line(exc)}"
        raise click.ClickException(f"could not read the question log: {problem}") from None
    knowledge = load_knowledge(settings.knowledge)

    def embed_texts(texts: list[str]):
        from ..decide.engine import load_model
        from ..search.vectors import embed

        note(f"Grouping {len(texts)} unanswered question(s) with the model…")
        return embed(load_model(settings.model), texts)

    result = build_report(rows, knowledge, today, embed=embed_texts, days=days, review_days=review_days,
                          similarity=similarity, undelivered=undelivered, reviews=reviews,
                          language=settings.hr_language)
    click.echo(format_text(result))
    if html_file is not None:
        html_file.write_text(render_html(result), encoding="utf-8")
        note(f"HTML report written to {html_file}")


@cli.command()
@common_options
def purge(settings: Settings) -> None:
    """Delete question texts older than SMPOLICY_RETENTION_DAYS (the bot also does this daily).

    \b
    Example:
        SMPOLICY_RETENTION_DAYS=30 smpolicy purge
    """
    from ..retention import run_purge

    store = open_store(settings)
    try:
        cleared = run_purge(settings, store)
    finally:
        store.close()
    click.echo(f"Purged texts older than {settings.retention_days} days: {cleared['question_texts']} question(s), "
               f"{cleared['escalations']} answered escalation(s); {cleared['events']} old event id(s) forgotten.")
