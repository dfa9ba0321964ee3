"""One rule for "is the index fresh": `bot.search.vectors.freshness`, used by the engine and `smpolicy index`."""

from __future__ import annotations

from click.testing import CliRunner

from bot.cli import cli
from bot.search.vectors import freshness


def test_fresh_stale_and_missing(engine, settings, tmp_path):
    index, reason = freshness(settings.index, engine.knowledge, settings.model)
    assert index is not None and reason is None
    index, reason = freshness(settings.index, engine.knowledge, "another-model")
    assert index is not None and "another-model" in reason
    index, reason = freshness(tmp_path / "nothing-here", engine.knowledge, settings.model)
    assert index is None and reason


def test_the_index_command_uses_the_same_rule(engine, settings):
    env = {"SMPOLICY_KNOWLEDGE": str(settings.knowledge), "SMPOLICY_INDEX": str(settings.index),
           "SMPOLICY_MODEL": settings.model}
    result = CliRunner().invoke(cli, ["index"], env=env)
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
