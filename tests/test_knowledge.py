"""The knowledge folder: the shipped content is complete, and every kind of bad edit is named with file and line."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import cli
from bot.errors import KnowledgeError
from bot.knowledge import load_knowledge, read_knowledge

from conftest import KNOWLEDGE, REPO

TOPICS = REPO.parent / "shared" / "topics.yaml"


def test_shipped_knowledge_is_valid_and_covers_every_topic():
    knowledge = load_knowledge(KNOWLEDGE)
    if TOPICS.exists():
        ids = [t["id"] for t in yaml.safe_load(TOPICS.read_text())["topics"]]
        assert sorted(ids) == sorted(knowledge.sections)
    for section in knowledge.sections.values():
        for lang in ("nl", "en"):
            assert len(section.questions.get(lang)) >= 8, (section.id, lang)
            assert getattr(section.rule, lang) and getattr(section.title, lang)
            assert getattr(section.do, lang) and getattr(section.dont, lang)
        assert section.contact in knowledge.contacts


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(root: Path) -> list[str]:
    _, problems = read_knowledge(root, today=dt.date(2026, 11, 25))
    return [str(p) for p in problems]


def test_yaml_syntax_error_names_file_and_line(knowledge_copy):
    write(knowledge_copy, "sections/broken.yaml", """\
        id: broken
        title: {nl: "Kapot", en: "Broken"
        rule: x
        """)
    found = problems_of(knowledge_copy)
    assert any(p.startswith("knowledge/sections/broken.yaml:") and "YAML syntax error" in p for p in found), found


def test_duplicate_id_points_at_the_first_definition(knowledge_copy):
    original = (knowledge_copy / "sections" / "monitoring.yaml").read_text()
    (knowledge_copy / "sections" / "monitoring-copy.yaml").write_text(original)
    found = problems_of(knowledge_copy)
    assert any("monitoring-copy.yaml:1" in p and "duplicate id" in p and "monitoring.yaml:1" in p for p in found), found


def test_field_problems_are_each_reported(knowledge_copy):
    path = knowledge_copy / "sections" / "monitoring.yaml"
    data = path.read_text()
    data = data.replace("contact: ", "contact: nobody-", 1)
    data = data.replace("reviewed: ", "colour: blue\nreviewed: 2099-01-01\nold_reviewed: ", 1)
    path.write_text(data)
    found = "\n".join(problems_of(knowledge_copy))
    assert "unknown field 'colour'" in found
    assert "is not in the contacts file" in found
    assert "in the future" in found
    assert "monitoring.yaml:" in found


def test_faq_pointing_at_unknown_section_and_empty_text(knowledge_copy):
    write(knowledge_copy, "extra.yaml", """\
        faq:
          - id: faq-orphan
            section: no-such-section
            questions: {nl: ["Waar is dit?"], en: ["Where is this?"]}
            answer: {nl: "", en: "Somewhere."}
        """)
    found = problems_of(knowledge_copy)
    assert any("extra.yaml:3" in p and "section 'no-such-section' does not exist" in p for p in found), found
    assert any("extra.yaml:5" in p and "'answer.nl' is empty" in p for p in found), found


def test_missing_field_and_duplicate_key(knowledge_copy):
    write(knowledge_copy, "sections/half.yaml", """\
        id: half
        title: {nl: Half, en: Half}
        title: {nl: Dubbel, en: Double}
        rule: {nl: Iets, en: Something}
        """)
    found = "\n".join(problems_of(knowledge_copy))
    assert "half.yaml:3: " in found and "key 'title' appears twice" in found
    assert "missing field 'contact'" in found


def test_load_knowledge_raises_with_every_problem(knowledge_copy):
    write(knowledge_copy, "bad.yaml", "- just\n- a list\n")
    write(knowledge_copy, "worse.yaml", "contacts: nope\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(knowledge_copy)
    assert len(info.value.problems) == 2


def test_validate_command_exit_codes(knowledge_copy):
    runner = CliRunner()
    ok = runner.invoke(cli, ["validate", str(knowledge_copy)])
    assert ok.exit_code == 0, ok.output
    assert "19 sections" in ok.output
    write(knowledge_copy, "sections/broken.yaml", "id: [unclosed\n")
    bad = runner.invoke(cli, ["validate", str(knowledge_copy)])
    assert bad.exit_code == 1
    assert "knowledge/sections/broken.yaml:1" in bad.output or "knowledge/sections/broken.yaml:2" in bad.output
