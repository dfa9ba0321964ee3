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
from bot.decide.engine import Engine
from bot.errors import IndexUnavailable, KnowledgeError
from bot.knowledge import load_knowledge
from bot.search.vectors import CURRENT, build_index, load_index, stale_reason


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

    from bot.decide.engine import load_model

    copy = tmp_path / "my-model"
    shutil.copytree(settings.model, copy)
    s = settings.with_(model=str(copy), index=tmp_path / "idx")
    shutil.copytree(settings.index, s.index)  # start from the index built with the bundled model
    assert "model" in stale_reason(load_index(s.index).manifest, engine.knowledge, s.model)
    other = Engine.load(s, model=load_model(str(copy)))
    assert other.index.manifest.model == str(copy)
    assert other.ask("Mag ik vacatures van ons bedrijf delen op LinkedIn?").outcome in ("answer", "clarify")


def test_an_unknown_model_is_a_clear_error(monkeypatch):
    from bot.decide.engine import load_model
    from bot.errors import ModelError

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="SMPOLICY_MODEL"):
        load_model("no-such-org/no-such-model")


def tiny_knowledge(root: Path) -> Path:
    """A valid knowledge folder of one contact and one section: an index of it builds in a moment."""
    (root / "sections").mkdir(parents=True)
    (root / "contacts.yaml").write_text("contacts:\n  - {id: hr, name: HR, email: hr@example.nl}\n")
    (root / "sections" / "posting.yaml").write_text(
        "id: posting\ntitle: {nl: Posten, en: Posting}\nrule: {nl: Denk na voor je post., en: Think before you post.}\n"
        "do: [Think first.]\ndont: [Post secrets.]\ncontact: hr\nreviewed: 2026-01-01\n"
        "keywords: [post, posten]\nquestions: {nl: ['Mag ik dit posten?'], en: ['May I post this?']}\n")
    return root


def damage_current_bytes(index: Path) -> None:
    (index / CURRENT).write_bytes(b"\xff\xfe gen-\x80\n")


def damage_current_dir(index: Path) -> None:
    (index / CURRENT).unlink()
    (index / CURRENT).mkdir()


def manifest_of(index: Path) -> Path:
    return index / (index / CURRENT).read_text().strip() / "manifest.json"


def damage_manifest_list(index: Path) -> None:
    manifest_of(index).write_text(json.dumps([1, 2, 3]))


def damage_manifest_fields(index: Path) -> None:
    path = manifest_of(index)
    data = json.loads(path.read_text())
    data["docs"] = [{**d, "target": [d["target"]]} for d in data["docs"]]  # right count, wrong types
    path.write_text(json.dumps(data))


def damage_manifest_nesting(index: Path) -> None:
    manifest_of(index).write_text("[" * 100_000 + "]" * 100_000)


@pytest.mark.parametrize("damage", [damage_current_bytes, damage_current_dir, damage_manifest_list,
                                    damage_manifest_fields, damage_manifest_nesting])
def test_a_damaged_pointer_or_manifest_is_unavailable_and_rebuilt(tmp_path, model, damage):
    s = Settings.from_env({}, knowledge=str(tiny_knowledge(tmp_path / "knowledge")), index=str(tmp_path / "idx"))
    Engine.load(s, model=model)
    damage(s.index)
    with pytest.raises(IndexUnavailable) as info:
        load_index(s.index)
    assert "smpolicy index" in str(info.value)
    again = Engine.load(s, model=model)  # rebuilds instead of a traceback
    assert load_index(s.index).path == again.index.path
    assert again.ask("Mag ik dit posten?").section == "posting"


def test_a_reader_racing_the_cleanup_of_its_generation_loads_the_new_one(tmp_path, model, monkeypatch):
    """The reader has read CURRENT and the manifest when a build publishes and removes that generation."""
    import bot.search.vectors

    s = Settings.from_env({}, knowledge=str(tiny_knowledge(tmp_path / "knowledge")), index=str(tmp_path / "idx"))
    old = Engine.load(s, model=model).index.path
    real = bot.search.vectors.Manifest.from_json.__func__
    raced = []

    def from_json_then_a_build(cls, data):
        manifest = real(cls, data)
        if not raced:
            raced.append(build_index(load_knowledge(s.knowledge), model, s.model, s.index))
        return manifest

    monkeypatch.setattr(bot.search.vectors.Manifest, "from_json", classmethod(from_json_then_a_build))
    loaded = load_index(s.index)
    assert raced and not old.exists()  # the generation the reader started on is gone
    assert loaded.path == raced[0].path and loaded.vectors.ntotal == loaded.manifest.count
