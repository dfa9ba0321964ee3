"""HR's and the developers' commands on the knowledge: validate, index, lint, calibrate, eval."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from .. import cli as app  # app.load_engine is looked up when called: tests replace bot.cli.load_engine
from ..config import Settings
from ..errors import KnowledgeError
from . import cli, common_options, note

REPO = Path(__file__).resolve().parents[2]
DEFAULT_TUNE = REPO / "bench" / "realistic_tune.yaml"
DEFAULT_EVAL = REPO / "bench" / "questions_blind.yaml"


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
    from ..knowledge import read_knowledge

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
               f"{len(knowledge.not_covered)} not-covered matters, {len(knowledge.contacts)} contacts, "
               f"{len(knowledge.example_drafts)} example drafts")


@cli.command()
@click.option("--force", is_flag=True, help="Rebuild even when the index is up to date.")
@common_options
def index(settings: Settings, force: bool) -> None:
    """Embed the knowledge into the FAISS index (only when it changed, unless --force).

    \b
    Example:
        smpolicy index --knowledge knowledge/ --index index/
    """
    from ..decide.engine import load_model, snapshot_knowledge
    from ..knowledge import load_knowledge
    from ..search.vectors import build_index, freshness

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
    from ..decide.overlap import find_overlaps

    overlaps = find_overlaps(app.load_engine(settings))
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
    from ..decide.calibrate import HELD_OUT_CAPS, TUNE_CAPS, held_out_signals, message_signals, outcomes, search
    from ..decide.evaluate import read_questions

    engine = app.load_engine(settings)
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
    from ..decide.evaluate import evaluate, format_report, read_questions

    file = file or DEFAULT_EVAL
    if not file.exists():
        raise click.UsageError(f"no question file given and {file} does not exist")
    engine = app.load_engine(settings)
    report = evaluate(read_questions(file), engine.ask)
    if as_json:
        click.echo(json.dumps({"summary": report.to_dict(), "questions": report.rows}, ensure_ascii=False))
        return
    click.echo(format_report(f"smpolicy on {file}", report))
    for row in report.rows:
        if row["verdict"] in ("wrong", "missed", "answered"):
            click.echo(f"  {row['verdict']:>8}: {row['question']!r} expected {row['expect']}, "
                       f"got {row['outcome']} {row['section'] or row['candidates']}")
