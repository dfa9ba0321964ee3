"""The `smpolicy` command: each subcommand parses, calls the core, prints.

Human notes go to stderr, machine output (`--json`) to stdout.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
import time
from pathlib import Path

import click

from .config import TABLE, Settings, prepare_process, unknown_variables
from .errors import KnowledgeError, SmpolicyError

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TUNE = REPO / "bench" / "realistic_tune.yaml"
DEFAULT_EVAL = REPO / "bench" / "questions_blind.yaml"

_warned = False


def _database_errors() -> tuple[type[BaseException], ...]:
    from sqlalchemy.exc import ArgumentError, OperationalError

    return ArgumentError, OperationalError


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__


def common_options(func=None, **settings_options: str):
    """--knowledge, --index and --model on every command; environment variables are the fallback.

    `settings_options` maps a command's own options onto settings (`days="report_days"`): given on
    the command line they override the setting (source 'option'), else the setting's value is passed.
    Errors the user can act on (SmpolicyError, a database that cannot be opened) become one
    sentence and exit code 1, never a traceback.
    """
    if func is None:
        return functools.partial(common_options, **settings_options)

    @click.option("--knowledge", "knowledge", type=click.Path(path_type=Path), default=None,
                  help="Knowledge folder (env SMPOLICY_KNOWLEDGE; default: ./knowledge of this repo).")
    @click.option("--index", "index", type=click.Path(path_type=Path), default=None,
                  help="Index folder (env SMPOLICY_INDEX; default: <repo>/index).")
    @click.option("--model", "model", default=None,
                  help="sentence-transformers model name or path "
                       "(env SMPOLICY_MODEL; default: bundled all-MiniLM-L6-v2).")
    @functools.wraps(func)
    def wrapper(*args, knowledge=None, index=None, model=None, **kwargs):
        global _warned
        overrides = {setting: kwargs.get(option) for option, setting in settings_options.items()}
        try:
            settings = Settings.from_env(knowledge=knowledge, index=index, model=model, **overrides)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        if not _warned:
            _warned = True
            for warning in unknown_variables():
                note(warning)
        prepare_process(settings)
        configure_logging(settings.log_level)
        for option, setting in settings_options.items():
            kwargs[option] = getattr(settings, setting)
        try:
            return func(settings, *args, **kwargs)
        except SmpolicyError as exc:
            raise click.ClickException(str(exc)) from None
        except _database_errors() as exc:
            raise click.ClickException(f"could not open the database: {_one_line(exc)}") from None

    return wrapper


def configure_logging(level: str) -> None:
    """Our own logs at `level`; the libraries' chatter (faiss, transformers) only when it matters."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("bot").setLevel(level)


def open_store(settings: Settings, url: str | None = None):
    """The store at `url` (default: SMPOLICY_DATABASE_URL), or one sentence saying why it cannot be opened."""
    from .config import masked
    from .store import Store

    if url is None:
        url = settings.database_url
        if settings.source("database_url") == "default":
            settings.data_dir.mkdir(parents=True, exist_ok=True)  # the default SQLite file lives there
    try:
        return Store.open(url)
    except SmpolicyError as exc:
        raise click.ClickException(_one_line(exc)) from None
    except _database_errors() + (RuntimeError,) as exc:  # RuntimeError: the schema check, until it is a SmpolicyError
        shown = masked("database_url", url)
        raise click.ClickException(f"could not open the database {shown}: {_one_line(exc)}") from None


def note(message: str) -> None:
    click.echo(message, err=True)


def load_engine(settings: Settings):
    from .decide.engine import Engine

    return Engine.load(settings, log_to=note)


@click.group()
@click.version_option(package_name="smpolicy")
def cli() -> None:
    """smpolicy answers employees' questions about the social media guidelines.

    \b
    Examples:
        smpolicy ask "Mag ik een foto van het bedrijfsfeest posten?"
        smpolicy validate knowledge/
        smpolicy run            # Slack, or a local chat without Slack tokens
    """


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path), required=False)
@common_options
def validate(settings: Settings, directory: Path | None) -> None:
    """Check a knowledge folder and list every problem with file and line.

    Exit code 1 when there are problems.

    \b
    Example:
        smpolicy validate knowledge/
    """
    from .knowledge import read_knowledge

    root = directory or settings.knowledge
    try:
        knowledge, problems = read_knowledge(root)
    except KnowledgeError as exc:
        problems, knowledge = exc.problems, None
    for problem in problems:
        click.echo(str(problem))
    if problems or knowledge is None:
        raise click.ClickException(f"{len(problems)} problem(s) found in {root}")
    click.echo(f"OK: {len(knowledge.sections)} sections, {len(knowledge.faq)} FAQ entries, "
               f"{len(knowledge.not_covered)} not-covered matters, {len(knowledge.contacts)} contacts")


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
@click.option("--force", is_flag=True, help="Rebuild even when the index is up to date.")
@common_options
def index(settings: Settings, force: bool) -> None:
    """Embed the knowledge into the FAISS index (only when it changed, unless --force).

    \b
    Example:
        smpolicy index --knowledge knowledge/ --index index/
    """
    from .decide.engine import load_model, snapshot_knowledge
    from .knowledge import load_knowledge
    from .search.vectors import build_index, freshness

    knowledge = load_knowledge(settings.knowledge)
    if not force:
        current, reason = freshness(settings.index, knowledge, settings.model)
        if current is not None and reason is None:
            click.echo(f"Index in {settings.index} is up to date.")
            return
        note(f"Rebuilding: {reason}")
    started = time.perf_counter()
    built = build_index(knowledge, load_model(settings.model), settings.model, settings.index,
                        before_publish=snapshot_knowledge)
    m = built.manifest
    click.echo(f"Indexed {m.count} texts ({m.dimension}-dim, model {m.model}) in "
               f"{time.perf_counter() - started:.1f}s -> {built.path}")


@cli.command()
@click.option("--strict", is_flag=True, help="Exit with code 1 when any overlap is found.")
@common_options
def lint(settings: Settings, strict: bool) -> None:
    """Find confusable knowledge: examples, do's and don'ts that read closer to another section.

    Each text is scored as a question with its own fold held out, as calibration does;
    every text the bot would place in another section is listed with file and line.

    \b
    Example:
        smpolicy lint --knowledge knowledge/
    """
    from .decide.overlap import find_overlaps

    overlaps = find_overlaps(load_engine(settings))
    for overlap in overlaps:
        click.echo(str(overlap))
    click.echo(f"{len(overlaps)} text(s) read closer to another section than to their own.", err=bool(overlaps))
    if overlaps and strict:
        raise click.ClickException("overlapping knowledge found")


@cli.command()
@click.option("--tune", "tune_file", type=click.Path(exists=True, path_type=Path), default=None,
              help="Labelled realistic messages to tune on (default: bench/realistic_tune.yaml).")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True,
              help="Folds of the knowledge's own phrasings held out in turn.")
@common_options
def calibrate(settings: Settings, tune_file: Path | None, folds: int) -> None:
    """Re-derive the decision's thresholds from held-out phrasings and a tuning set, and print them.

    The caps: at most 1.5% wrong and 5% out-of-scope answered on the tuning set, at most 8%
    wrong and 5% on the held-out phrasings (border cases, harder). Never tune on a set you report.

    \b
    Example:
        smpolicy calibrate --tune bench/realistic_tune.yaml
    """
    from .decide.calibrate import HELD_OUT_CAPS, TUNE_CAPS, held_out_signals, message_signals, outcomes, search
    from .decide.evaluate import read_questions

    engine = load_engine(settings)
    tune_file = tune_file or DEFAULT_TUNE
    targets, kinds = engine.index_targets, engine.kinds
    held = held_out_signals(engine, folds)
    tune = message_signals(engine, read_questions(tune_file))
    sets = [(tune, TUNE_CAPS), (held, HELD_OUT_CAPS)]
    best, _ = search(targets, kinds, sets, start=engine.thresholds)
    for label, t in (("current", engine.thresholds), ("calibrated", best)):
        click.echo(f"{label}: {t}")
        for name, items in (("tuning set", tune), ("held-out phrasings", held)):
            r = outcomes(targets, kinds, items, t)
            click.echo(f"  {name} ({len(items)}): " + ", ".join(f"{k} {100 * v:.1f}%" for k, v in r.items()))


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
    from .decide.question import as_input, read_lines
    from .render.terminal import render_text

    engine = load_engine(settings)
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


@cli.command(name="eval")
@click.argument("file", type=click.Path(exists=True, path_type=Path), required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the figures and every question's verdict as JSON.")
@common_options
def eval_(settings: Settings, file: Path | None, as_json: bool) -> None:
    """Score answer quality on a labelled question file (default: bench/questions_blind.yaml).

    \b
    Example:
        smpolicy eval bench/questions_blind.yaml
    """
    from .decide.evaluate import evaluate, format_report, read_questions

    file = file or DEFAULT_EVAL
    if not file.exists():
        raise click.UsageError(f"no question file given and {file} does not exist")
    engine = load_engine(settings)
    report = evaluate(read_questions(file), engine.ask)
    if as_json:
        click.echo(json.dumps({"summary": report.to_dict(), "questions": report.rows}, ensure_ascii=False))
        return
    click.echo(format_report(f"smpolicy on {file}", report))
    for row in report.rows:
        if row["verdict"] in ("wrong", "missed", "answered"):
            click.echo(f"  {row['verdict']:>8}: {row['question']!r} expected {row['expect']}, "
                       f"got {row['outcome']} {row['section'] or row['candidates']}")


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
    from .render import blocks
    from .slack import local_chat, run_socket_mode, serve_http

    blocks.HR_LANGUAGE = settings.hr_language  # SMPOLICY_HR_LANGUAGE, until bot.slack reads it from settings
    if mode is None:
        mode = "socket" if settings.app_token else "http" if settings.bot_token else "local"
    engine = load_engine(settings)  # model and index are ready before the first event is acknowledged
    if mode == "local":
        note("No Slack tokens set: chatting in this terminal (escalations are kept in memory only).")
        if settings.source("log_level") == "default":
            logging.getLogger("bot").setLevel(logging.WARNING)  # keep the conversation readable
        local_chat(settings, engine, open_store(settings, "sqlite://"), sys.stdin, sys.stdout)
        return
    store = open_store(settings)
    (serve_http if mode == "http" else run_socket_mode)(settings, engine, store)


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

    from .knowledge import load_knowledge
    from .report import build_report, format_text, render_html
    from .store import UNDELIVERABLE, utcnow

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
        finally:
            store.close()
    except SQLAlchemyError as exc:
        problem = f"{exc.__class__.__name__}: {_one_line(exc)}"
        raise click.ClickException(f"could not read the question log: {problem}") from None
    knowledge = load_knowledge(settings.knowledge)

    def embed_texts(texts: list[str]):
        from .decide.engine import load_model
        from .search.vectors import embed

        note(f"Grouping {len(texts)} unanswered question(s) with the model…")
        return embed(load_model(settings.model), texts)

    result = build_report(rows, knowledge, today, embed=embed_texts, days=days, review_days=review_days,
                          similarity=similarity, undelivered=undelivered)
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
    from .retention import run_purge

    store = open_store(settings)
    try:
        cleared = run_purge(settings, store)
    finally:
        store.close()
    click.echo(f"Purged texts older than {settings.retention_days} days: {cleared['question_texts']} question(s), "
               f"{cleared['escalations']} answered escalation(s); {cleared['events']} old event id(s) forgotten.")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
