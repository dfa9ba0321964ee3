"""Settings: one table, documented in the README, with sources, a data directory, warnings and errors at the edge.

No model and no server: these run with `pytest -m fast`.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

import bot.cli
from bot.cli import cli
from bot.config import TABLE, Settings, masked, unknown_variables
from bot.errors import SmpolicyError
from bot.privacy import resolve_key
from conftest import REPO

pytestmark = pytest.mark.fast


def readme_table() -> dict[str, str]:
    """Variable -> default cell of the README's configuration table."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\| `([A-Z_]+)` \| (.*?) \| (.*) \|$", line)
        if m:
            assert m.group(1) not in rows, f"{m.group(1)} is in the README's table twice"
            rows[m.group(1)] = m.group(2)
    return rows


def test_the_readme_documents_every_setting_with_its_default_and_nothing_else():
    rows = readme_table()
    documented, settings = set(rows), {s.env for s in TABLE.values()}
    assert documented - settings == set(), "the README documents variables that are no setting"
    assert settings - documented == set(), "settings missing from the README's configuration table"
    for s in TABLE.values():
        assert rows[s.env] == s.documented_default, f"{s.env}: README says {rows[s.env]}"


def test_every_setting_has_help_and_a_field():
    fields = set(Settings.__dataclass_fields__)
    for name, s in TABLE.items():
        assert s.help.strip().endswith((".", ")")), name
        assert name in fields, name


def test_sources_default_environment_option(tmp_path):
    s = Settings.from_env({"SMPOLICY_RETENTION_DAYS": "30", "SMPOLICY_DATA_DIR": str(tmp_path)}, index="/x")
    assert (s.retention_days, s.source("retention_days")) == (30, "environment")
    assert (str(s.index), s.source("index")) == ("/x", "option")
    assert (s.threads, s.source("threads")) == (8, "default")
    assert s.source("data_dir") == "environment"


def test_writable_defaults_go_to_the_data_directory(tmp_path, monkeypatch):
    s = Settings.from_env({"SMPOLICY_DATA_DIR": str(tmp_path / "data")})
    assert s.data_dir == tmp_path / "data"
    assert s.index == REPO / "index"  # the index sits beside the shipped knowledge it is built from
    assert s.database_url == f"sqlite:///{tmp_path / 'data' / 'smpolicy.db'}"
    monkeypatch.chdir(tmp_path)
    default = Settings.from_env({})
    assert default.data_dir == tmp_path / ".smpolicy" and default.index == REPO / "index"
    assert default.knowledge == REPO / "knowledge"  # the shipped knowledge is read from the repo
    explicit = Settings.from_env({"SMPOLICY_INDEX": "/srv/index", "SMPOLICY_DATABASE_URL": "sqlite://"})
    assert (str(explicit.index), explicit.database_url) == ("/srv/index", "sqlite://")


def test_the_pseudonym_key_is_generated_into_the_data_directory(tmp_path):
    s = Settings.from_env({}, data_dir=str(tmp_path / "data"))
    key = resolve_key(s)
    path = tmp_path / "data" / "pseudonym.key"
    assert path.read_text().strip() == key and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert resolve_key(s) == key


@pytest.mark.parametrize("value, expected", [("nl", "nl"), ("EN", "en"), (" en ", "en")])
def test_hr_language(value, expected):
    assert Settings.from_env({"SMPOLICY_HR_LANGUAGE": value}).hr_language == expected


@pytest.mark.parametrize("env", [{"SMPOLICY_HR_LANGUAGE": "de"}, {"SMPOLICY_REPORT_SIMILARITY": "1.5"},
                                 {"SMPOLICY_REVIEW_DAYS": "a year"}])
def test_bad_values_are_refused(env):
    with pytest.raises(ValueError):
        Settings.from_env(env)


def test_policy_defaults():
    s = Settings.from_env({})
    assert (s.review_days, s.report_days, s.report_similarity, s.hr_language) == (365, 90, 0.7, "nl")


def test_unknown_variables_are_warned_about_with_a_suggestion():
    warnings = unknown_variables({"SMPOLICY_RETENTON_DAYS": "3", "SMPOLICY_TEST_POSTGRES_URL": "postgresql://",
                                  "SMPOLICY_QQQ": "1", "HOME": "/root", "SMPOLICY_INDEX": "/x"})
    assert warnings == ["warning: unknown setting SMPOLICY_QQQ is ignored",
                        "warning: unknown setting SMPOLICY_RETENTON_DAYS is ignored; "
                        "did you mean SMPOLICY_RETENTION_DAYS?"]


def test_secrets_are_masked():
    assert masked("bot_token", "xoxb-123") == "****** (set)"
    assert masked("pseudonym_key", None) == "—"
    assert "s3cret" not in masked("database_url", "postgresql+psycopg://u:s3cret@db/smpolicy")
    assert masked("database_url", "nonsense") == "nonsense"


def test_config_command_prints_every_setting_value_and_source(tmp_path):
    env = {"SMPOLICY_RETENTION_DAYS": "30", "SLACK_BOT_TOKEN": "xoxb-very-secret", "SMPOLICY_RETENTON_DAYS": "1",
           "SMPOLICY_DATABASE_URL": "postgresql+psycopg://u:pw-secret@db/x", "SMPOLICY_DATA_DIR": str(tmp_path)}
    bot.cli._warned = False
    result = CliRunner().invoke(cli, ["config", "--index", str(tmp_path / "i")], env=env)
    assert result.exit_code == 0, result.output
    out = result.output
    for s in TABLE.values():
        assert s.env in out and s.help in out
    lines = {line.split()[0]: line for line in out.splitlines() if line and not line[0].isspace()}
    assert lines["SMPOLICY_RETENTION_DAYS"].split()[1:] == ["30", "(environment)"]
    assert lines["SMPOLICY_INDEX"].endswith("(option)") and lines["SMPOLICY_THREADS"].endswith("(default)")
    assert "xoxb-very-secret" not in out and "pw-secret" not in out
    assert "did you mean SMPOLICY_RETENTION_DAYS?" in out  # the warning (stderr, mixed in by CliRunner)


def run_cli(*args, **env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SMPOLICY_")}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, timeout=120,
                          env={**environ, "PYTHONPATH": str(REPO), **env})


@pytest.mark.parametrize("command", [["purge"], ["report"]])
def test_a_bad_database_url_is_one_sentence_not_a_traceback(command):
    proc = run_cli(*command, SMPOLICY_DATABASE_URL="nonsense://x")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "database" in proc.stderr and proc.stdout == ""


def test_run_with_a_bad_database_url_is_one_sentence(monkeypatch):
    monkeypatch.setattr(bot.cli, "load_engine", lambda settings: object())
    result = CliRunner().invoke(cli, ["run", "--http"], env={"SMPOLICY_DATABASE_URL": "nonsense://x"})
    assert result.exit_code == 1 and result.exception.__class__ is SystemExit
    assert result.output.startswith("Error: ") and "database" in result.output
    assert len(result.output.splitlines()) == 1 and "Traceback" not in result.output


def test_a_newer_schema_is_one_sentence(tmp_path):
    from sqlalchemy import create_engine, insert

    from bot.store import Store
    from bot.store.migrate import CURRENT
    from bot.store.tables import schema_version, utcnow

    url = f"sqlite:///{tmp_path / 'newer.db'}"
    Store.open(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(schema_version).values(version=CURRENT + 1, upgraded_at=utcnow()))
    engine.dispose()
    for command in (["purge"], ["report"]):
        proc = run_cli(*command, SMPOLICY_DATABASE_URL=url)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "newer" in proc.stderr


def test_a_smpolicy_error_from_the_store_is_one_sentence(monkeypatch, tmp_path):
    from bot.store import Store

    def refuse(cls, url, **kwargs):
        raise SmpolicyError("the database has schema version 9, newer than this smpolicy (3); upgrade smpolicy")

    monkeypatch.setattr(Store, "open", classmethod(refuse))
    result = CliRunner().invoke(cli, ["purge"], env={"SMPOLICY_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == "Error: the database has schema version 9, newer than this smpolicy (3); " \
                                    "upgrade smpolicy"


def test_purge_on_a_fresh_data_directory_creates_the_default_database(tmp_path):
    proc = run_cli("purge", SMPOLICY_DATA_DIR=str(tmp_path / "data"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "data" / "smpolicy.db").exists() and proc.stdout.startswith("Purged texts older than 90 days")
