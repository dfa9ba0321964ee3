"""The `smpolicy` command: each subcommand parses, calls the core, prints.

Human notes go to stderr, machine output (`--json`) to stdout.
"""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

import click

from ..config import Settings, prepare_process, unknown_variables
from ..errors import SmpolicyError

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
    from ..config import masked
    from ..store import Store

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
    from ..decide.engine import Engine

    return Engine.load(settings, log_to=note)


@click.group()
@click.version_option(package_name="smpolicy")
def cli() -> None:
    """smpolicy answers employees' questions about the social media guidelines.

    \b
    Examples:
        smpolicy ask "Mag ik een foto van het bedrijfsfeest posten?"
        smpolicy check "Trots op ons nieuwe kantoor! #werk"
        smpolicy validate knowledge/
        smpolicy run            # Slack, or a local chat without Slack tokens
    """


# The subcommands register themselves on `cli` when imported.
from . import ask, check, hr_commands, knowledge_commands, run  # noqa: E402, F401


def main() -> None:
    cli()
