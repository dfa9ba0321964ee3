"""The index: built on first use, rebuilt when stale, and never left corrupt by a crash."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engine import Engine
from bot.errors import IndexUnavailable, KnowledgeError
from bot.index import CURRENT, build_index, load_index, stale_reason
from bot.knowledge import load_knowledge



def test_manifest_describes_the_build(engine, settings):
    m = engine.index.manifest
    assert m.model == settings.model
    assert m.dimension == 384
    assert m.count == engine.index.vectors.ntotal == len(m.docs) > 19 * 30
    assert m.content_hash == engine.knowledge.content_hash
    assert {d.target for d in m.docs} >= set(engine.knowledge.sections)
    on_disk = json.loads((engine.index.path / "manifest.json").read_text())
    assert on_disk["count"] == m.count and on_disk["built_at"]


def test_missing_index_is_built_on_first_use_and_stale_index_rebuilt(tmp_path, knowledge_copy, model):
    s = Settings.from_env({}, knowledge=str(knowledge_copy), index=str(tmp_path / "idx"))
    first = Engine.load(s, model=model)
    assert (tmp_path / "idx" / CURRENT).exists()
    # Changing the knowledge makes the index stale; a non-building load says how to fix it.
    path = knowledge_copy / "sections" / "monitoring.yaml"
    path.write_text(path.read_text() + "\n# HR edited this file\n")
    reason = stale_reason(load_index(s.index).manifest, load_knowledge(knowledge_copy), s.model)
    assert reason == "the knowledge folder changed since the index was built"
    with pytest.raises(IndexUnavailable, match="smpolicy index"):
        Engine.load(s, model=model, build=False)
    second = Engine.load(s, model=model)
    assert second.index.path != first.index.path
    assert not first.index.path.exists()  # the old generation is cleaned up
    # A different model name makes it stale too.
    assert "model" in stale_reason(second.index.manifest, second.knowledge, "another-model")


def test_failure_before_publish_keeps_the_previous_index(tmp_path, knowledge_copy, model):
    s = Settings.from_env({}, knowledge=str(knowledge_copy), index=str(tmp_path / "idx"))
    good = Engine.load(s, model=model).index.path

    def crash(knowledge, generation):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        build_index(load_knowledge(knowledge_copy), model, s.model, s.index, before_publish=crash)
    assert load_index(s.index).path == good


def test_killing_a_build_leaves_a_usable_index(tmp_path, knowledge_copy, model):
    """kill -9 a real `smpolicy index --force` at several moments; the index must always load."""
    s = Settings.from_env({}, knowledge=str(knowledge_copy), index=str(tmp_path / "idx"))
    Engine.load(s, model=model)
    env = {**os.environ, "SMPOLICY_KNOWLEDGE": str(knowledge_copy), "SMPOLICY_INDEX": str(s.index)}
    killed = 0
    for delay in (1.0, 4.0, 6.0, 7.5, 9.0):
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "index", "--force"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        loaded = load_index(s.index)  # raises if CURRENT points at anything incomplete
        assert loaded.vectors.ntotal == loaded.manifest.count
        assert stale_reason(loaded.manifest, load_knowledge(knowledge_copy), s.model) is None
    assert killed >= 2
    # The next build cleans up what the killed ones left behind.
    build_index(load_knowledge(knowledge_copy), model, s.model, s.index)
    leftovers = [p.name for p in Path(s.index).iterdir() if p.is_dir()]
    assert len(leftovers) == 1


def test_broken_knowledge_never_replaces_a_good_index(tmp_path, knowledge_copy, model):
    s = Settings.from_env({}, knowledge=str(knowledge_copy), index=str(tmp_path / "idx"))
    good = Engine.load(s, model=model)
    (knowledge_copy / "sections" / "monitoring.yaml").write_text("id: [broken\n")
    with pytest.raises(KnowledgeError):
        good.reload()
    assert load_index(s.index).path == good.index.path
    # A restart on the broken folder serves the last good knowledge kept with the index.
    restarted = Engine.load(s, model=model)
    assert "monitoring" in restarted.knowledge.sections
    assert restarted.ask("Does the company track what staff post?").outcome != "invalid"


def test_unreadable_index_is_reported(tmp_path):
    (tmp_path / CURRENT).write_text("gen-missing\n")
    with pytest.raises(IndexUnavailable, match="unreadable"):
        load_index(tmp_path)


def test_any_model_path_can_be_configured_and_makes_the_old_index_stale(tmp_path, settings, engine):
    """SMPOLICY_MODEL may name any sentence-transformers model folder; the index follows it."""
    import shutil

    from bot.engine import load_model

    copy = tmp_path / "my-model"
    shutil.copytree(settings.model, copy)
    s = settings.with_(model=str(copy), index=tmp_path / "idx")
    shutil.copytree(settings.index, s.index)  # start from the index built with the bundled model
    assert "model" in stale_reason(load_index(s.index).manifest, engine.knowledge, s.model)
    other = Engine.load(s, model=load_model(str(copy)))
    assert other.index.manifest.model == str(copy)
    assert other.ask("Mag ik vacatures van ons bedrijf delen op LinkedIn?").outcome in ("answer", "clarify")


def test_an_unknown_model_is_a_clear_error(monkeypatch):
    from bot.engine import load_model
    from bot.errors import ModelError

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="SMPOLICY_MODEL"):
        load_model("no-such-org/no-such-model")
