"""The draft check with the real model and index: similarity, the CLI contract (argument, --json, JSON
Lines on stdin with bad lines, one process), long drafts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner

import bot.cli
from bot.check import check_draft
from bot.check.sentences import Span
from bot.check.similar import nearest, references
from bot.cli import cli
from bot.search.vectors import embed

RISKY = "Sneak peek: our Q3 revenue came in at €4.1 million, 12% above target. Numbers go public next month!"
CLEAN = "Proud of my team today: we opened our new office in Zwolle, officially announced this morning! 🎉"


@pytest.fixture
def runner(engine, monkeypatch):
    monkeypatch.setattr(bot.cli, "load_engine", lambda settings: engine)
    return CliRunner()


def test_a_risky_draft_and_a_clean_one(engine):
    risky = check_draft(engine, RISKY, "linkedin")
    assert risky.verdict == "risk" and risky.sections[0] == "confidential-information"
    assert all(RISKY[f.start:f.end] == f.quote for f in risky.flags)
    assert check_draft(engine, CLEAN, "linkedin").verdict == "ok"


def test_the_risk_model_notices_a_risk_no_detector_words(engine):
    """Said in words no detector or cue holds, a complaint about the employer still reads like the posts HR
    labelled negative-posts; a clean post about work does not."""
    from bot.check.detectors import detect

    draft = "Honestly the way this place treats its people lately makes me want to walk out. Management just shrugs."
    assert not detect(draft, "x")
    check = check_draft(engine, draft, "x")
    assert any(f.kind == "learned" and f.section in ("negative-posts", "core-principles") for f in check.flags), \
        check.flags
    assert not any(f.kind == "learned" for f in check_draft(engine, CLEAN, "linkedin").flags)


def test_a_word_or_two_is_no_risk(engine):
    """A draft of a word or two gives the model almost nothing to read; it must not flag it
    (found by hand: "Hallo" was once a caution under confidential-information)."""
    for text in ("Hallo", "test", "ok 👍", "Goedemorgen allemaal!"):
        check = check_draft(engine, text, "other")
        assert check.verdict == "ok", (text, check.flags)


def test_a_risk_in_one_sentence_of_a_long_positive_post_is_found(engine):
    """The whole draft reads mostly clean; the detectors still see the figure and the model does not drop it."""
    draft = ("Wat een jaar! Ons team heeft de nieuwe planningstool uitgerold in alle twaalf vestigingen en de "
             "reacties van collega's zijn geweldig.\n\nDank aan iedereen die meedacht, testte en geduld had. "
             "Tussen ons: de marge op het project was uiteindelijk maar 3%, maar dat zie je hier niet terug 😉"
             "\n\nOp naar volgend jaar! #trots #teamwork")
    check = check_draft(engine, draft, "linkedin")
    assert "confidential-information" in check.sections, check.flags


def test_the_risk_model_is_saved_with_the_index_and_learns_the_example_drafts(engine):
    model = engine.index.risk
    assert "clean" in model.targets and set(engine.knowledge.sections) <= set(model.targets)
    assert len(engine.knowledge.example_drafts) >= 200


def test_a_rebuild_embeds_only_example_drafts_the_model_has_not_seen(model):
    """Live reload retrains the risk model; the example drafts' vectors are kept per model, so HR adding a
    post costs one embedding, not all of them, and a removed post is forgotten."""
    from bot.search.vectors import _DRAFT_VECTORS, _draft_vectors, embed

    class Counting:  # the real model, counting the texts it is asked to encode
        def __init__(self):
            self.texts = 0

        def encode(self, texts, **kw):
            self.texts += len(texts)
            return model.encode(texts, **kw)

    counting = Counting()
    first = _draft_vectors(counting, ["Trots op het team!", "Onze omzet steeg met 12%"])
    again = _draft_vectors(counting, ["Onze omzet steeg met 12%", "Nieuwe collega's gezocht"])
    assert counting.texts == 3
    assert set(_DRAFT_VECTORS[counting]) == {"Onze omzet steeg met 12%", "Nieuwe collega's gezocht"}
    assert np.allclose(again["Onze omzet steeg met 12%"], first["Onze omzet steeg met 12%"])
    assert np.allclose(again["Nieuwe collega's gezocht"], embed(model, ["Nieuwe collega's gezocht"])[0], atol=1e-5)


def test_each_dont_is_nearest_to_its_own_section(engine):
    """The don'ts' vectors come out of the index in the right rows: a don't reads most like its own section."""
    refs = references(engine.state, engine.model)
    assert references(engine.state, engine.model) is refs  # encoded once per index generation
    for section in list(engine.knowledge.sections.values())[:6]:
        text = section.dont.get("en")[0]
        [near] = nearest(embed(engine.model, [text]), [Span(0, len(text))], refs)
        assert near.section == section.id and near.score > 0.99


def test_a_risk_in_new_words_is_found_by_similarity(engine):
    refs = references(engine.state, engine.model)
    text = "Selfie at my desk, you can see the customer list on my screen lol"
    [near] = nearest(embed(engine.model, [text]), [Span(0, len(text))], refs)
    assert near.section == "confidential-information"
    assert near.score >= 0.62 and near.lead >= 0.06  # enough to flag on its own (Margins)


def test_bad_input_gets_the_questions_messages(engine):
    assert (check_draft(engine, "   ").verdict, check_draft(engine, "   ").message) == ("invalid", "empty")
    assert check_draft(engine, "🙂🎉").message == "no_words"
    assert check_draft(engine, b"\xff\xfe bad").message == "binary"


def test_a_long_draft_is_checked_on_its_first_5000_characters(engine):
    result = check_draft(engine, "Mooie dag op kantoor. " * 400 + "Mail me op a@b.nl")
    assert result.truncated and "personal_data" not in {f.kind for f in result.flags}


def test_cli_prints_the_verdict_and_flags_as_a_person_reads_them(runner, engine):
    result = runner.invoke(cli, ["check", RISKY])
    assert result.exit_code == 0, result.output
    assert "🛑" in result.output and engine.knowledge.sections["confidential-information"].title.en in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [["check", "--json", RISKY], ["check", "--json", "--platform", "linkedin", RISKY]])
def test_cli_json_contract(runner, args):
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    row = json.loads(result.output.strip().splitlines()[-1])
    assert row["verdict"] == "risk" and row["language"] == "en"
    for flag in row["flags"]:
        assert set(flag) >= {"section", "severity", "quote", "start", "end", "why", "suggestion"}
        assert RISKY[flag["start"]:flag["end"]] == flag["quote"] and flag["severity"] in ("caution", "risk")


def test_cli_jsonl_stdin_in_one_real_process_with_bad_lines(settings):
    lines = [json.dumps({"text": RISKY, "platform": "linkedin"}).encode(), json.dumps({"text": ""}).encode(),
             json.dumps({"text": "🙂🙂"}).encode(), b"\xff\xfe not utf-8",
             json.dumps({"text": "Reactie: jammer dat je zo over ons denkt, jij was zelf altijd te laat.",
                         "platform": "glassdoor"}).encode(),
             json.dumps({"text": CLEAN}).encode()]
    env = {**os.environ, "SMPOLICY_KNOWLEDGE": str(settings.knowledge), "SMPOLICY_INDEX": str(settings.index)}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "check", "--json"], input=b"\n".join(lines) + b"\n",
                          capture_output=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [r["verdict"] for r in rows] == ["risk", "invalid", "invalid", "invalid", "risk", "ok"]
    assert [r["message"] for r in rows[1:4]] == ["empty", "no_words", "binary"]
    assert "review-responses" in rows[4]["sections"] and rows[4]["platform"] == "glassdoor"
    assert proc.stderr.decode().count("Loading weights") <= 1  # the model is loaded once
