"""The CLI contract used for evaluation: `ask`, `ask --json`, stdin batches, `eval`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

import bot.cli
from bot.cli import cli


@pytest.fixture
def runner(engine, monkeypatch):
    """CliRunner whose commands use the session's already-loaded real engine."""
    monkeypatch.setattr(bot.cli, "load_engine", lambda settings: engine)
    return CliRunner()


def test_json_batch_from_stdin_in_a_real_process(settings):
    """One process, model loaded once, one JSON object per input line, in order."""
    questions = ["hoi", "", "Mag ik vacatures delen op LinkedIn?", "Can I be fired for a tweet?",
                 "Waar vind ik mijn loonstrook?"]
    env = {**os.environ, "SMPOLICY_KNOWLEDGE": str(settings.knowledge), "SMPOLICY_INDEX": str(settings.index)}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json"], input="\n".join(questions) + "\n",
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["question"] for r in rows][2:] == questions[2:]
    assert [r["outcome"] for r in rows][:2] == ["help", "invalid"]
    for row in rows:
        assert set(row) >= {"question", "outcome", "section", "candidates", "scores", "language"}
        assert row["outcome"] in ("answer", "clarify", "escalate", "help", "invalid")
        assert row["scores"] == sorted(row["scores"], reverse=True)
    assert rows[2]["language"] == "nl" and rows[3]["language"] == "en"
    assert rows[4]["outcome"] == "escalate"


@pytest.mark.parametrize("how", ["argument", "stdin"])
def test_json_through_argument_and_stdin(runner, how):
    q = "Do I have to say that I work here when I comment on a forum about our products?"
    args, stdin = (["ask", "--json", q], None) if how == "argument" else (["ask", "--json"], q + "\n")
    result = runner.invoke(cli, args, input=stdin)
    assert result.exit_code == 0, result.output
    row = json.loads(result.output.strip().splitlines()[-1])
    assert row["question"] == q
    assert "disclose-affiliation" in row["candidates"]


def test_human_reply_has_rule_examples_contact_and_link(runner, engine):
    result = runner.invoke(cli, ["ask", "Mag ik een sollicitant afwijzen om wat ik op zijn Facebook zag?"])
    assert result.exit_code == 0
    out = result.output
    answer = engine.ask("Mag ik een sollicitant afwijzen om wat ik op zijn Facebook zag?")
    if answer.outcome == "answer":
        section = engine.knowledge.sections[answer.section]
        contact = engine.knowledge.contacts[section.contact]
        assert section.rule.nl[:40] in out.replace("\n  ", " ")
        assert "Wel doen" in out and "Niet doen" in out and contact.email in out
    else:
        assert "Bedoel je" in out or "HR" in out


def test_bad_input_prints_a_sentence_not_a_traceback(runner):
    result = runner.invoke(cli, ["ask", "   "])
    assert result.exit_code == 0
    assert "Traceback" not in result.output and "vraag" in result.output.lower()


def test_eval_reports_per_language(runner, tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text('questions:\n  - {q: "Mag ik vacatures delen op LinkedIn?", expect: recruitment-posts}\n'
                    '  - {q: "Where do I book a parking spot?", expect: null}\n')
    result = runner.invoke(cli, ["eval", str(path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["summary"]
    assert summary["all"]["in_scope"] == 1 and summary["all"]["out_of_scope"] == 1
    assert set(summary) == {"all", "nl", "en"}


def test_undecodable_stdin_lines_are_invalid_and_the_others_answered(settings):
    """`ask --json` reads stdin as bytes per line: a line that is not UTF-8 is 'invalid' / 'binary'."""
    lines = [b"hoi", b"qwz \xff prt", b"Mag ik vacatures delen op LinkedIn?", b"\xed\xa0\x80 bad \xc3",
             b"Can I be fired for a tweet?"]
    env = {**os.environ, "SMPOLICY_KNOWLEDGE": str(settings.knowledge), "SMPOLICY_INDEX": str(settings.index)}
    for locale in ("C.UTF-8", "C"):  # strict UTF-8 stdin, and the C locale's surrogateescape
        proc = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json"], input=b"\n".join(lines) + b"\n",
                              capture_output=True, env={**env, "LC_ALL": locale}, timeout=300)
        assert proc.returncode == 0, proc.stderr.decode(errors="replace")
        rows = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
        assert [r["outcome"] for r in rows][:2] == ["help", "invalid"] and rows[1]["message"] == "binary"
        assert (rows[3]["outcome"], rows[3]["message"]) == ("invalid", "binary")
        expected = ["Mag ik vacatures delen op LinkedIn?", "Can I be fired for a tweet?"]
        assert [r["question"] for r in rows[2::2]] == expected
        assert rows[2]["outcome"] != "invalid" and rows[4]["outcome"] != "invalid"


def test_an_undecodable_argument_is_binary(runner):
    result = runner.invoke(cli, ["ask", "--json", "qwz \udcff prt"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output.strip().splitlines()[-1])
    assert (row["outcome"], row["message"]) == ("invalid", "binary")
