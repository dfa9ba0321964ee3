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

TOPICS = REPO / "tests" / "data" / "topics.yaml"


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


def test_example_drafts_are_checked_with_file_and_line(knowledge_copy):
    write(knowledge_copy, "more_drafts.yaml", """\
        example_drafts:
          - {text: "Onze omzet steeg met 12%!", sections: [confidential-information], platform: linkedin}
          - {text: "Gezellige teamdag gehad.", sections: []}
          - {text: "Kijk mijn scherm", sections: [no-such-section]}
          - {text: "Hallo", sections: confidential-information}
          - {text: "Hoi", sections: [], platform: myspace}
        """)
    found = problems_of(knowledge_copy)
    assert any("more_drafts.yaml:4" in p and "section 'no-such-section' does not exist" in p for p in found), found
    assert any("more_drafts.yaml:5" in p and "'sections' must be a list" in p for p in found), found
    assert any("more_drafts.yaml:6" in p and "'platform' must be one of" in p for p in found), found
    assert len(found) == 3, found


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


# --- hostile files: every problem is one file:line message, never a traceback ---------------------


def load_problems(root: Path) -> list[str]:
    """The problems load_knowledge raises (a KnowledgeError, nothing else)."""
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root, today=dt.date(2026, 11, 25))
    return [str(p) for p in info.value.problems]


def reviewed_line(path: Path) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if line.startswith("reviewed:"))


@pytest.mark.parametrize("value", ["2026-02-30", "2026-02-03 10:00:00", "2026-02-03T10:00:00Z"])
def test_impossible_date_or_date_with_time_is_a_problem_with_file_and_line(knowledge_copy, value):
    path = knowledge_copy / "sections" / "monitoring.yaml"
    text = path.read_text()
    path.write_text(text[:text.index("reviewed: ")] + f"reviewed: {value}\n" + text[text.index("\naudience:") + 1:])
    found = load_problems(knowledge_copy)
    assert found == [f"knowledge/sections/monitoring.yaml:{reviewed_line(path)}: section 'monitoring': "
                     + next(p.split("'monitoring': ", 1)[1] for p in found)], found
    assert "'reviewed'" in found[0] and value.split()[0][:10] in found[0]
    result = CliRunner().invoke(cli, ["validate", str(knowledge_copy)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert f"monitoring.yaml:{reviewed_line(path)}" in result.output


def test_nesting_deeper_than_the_limit_is_refused_with_a_line(knowledge_copy):
    from bot.knowledge import MAX_DEPTH

    write(knowledge_copy, "deep.yaml", "faq:\n  - " + "[" * 20000 + "]" * 20000 + "\n")
    write(knowledge_copy, "deep-block.yaml", "".join(f"{' ' * i}k{i}:\n" for i in range(200)) + " " * 200 + "x: 1\n")
    found = load_problems(knowledge_copy)
    assert f"knowledge/deep.yaml:2: nested more than {MAX_DEPTH} levels deep" in found, found
    assert any(p.startswith("knowledge/deep-block.yaml:") and "nested more than" in p for p in found), found
    assert len(found) == 2


def test_unreadable_entries_are_problems_not_tracebacks(knowledge_copy, monkeypatch):
    import os

    import bot.knowledge.load

    (knowledge_copy / "folder.yaml").mkdir()  # a directory with a YAML name
    os.mkfifo(knowledge_copy / "pipe.yaml")  # reading it would block forever
    (knowledge_copy / "latin1.yaml").write_bytes(b"faq:\n  - id: caf\xe9\n")
    (knowledge_copy / "locked.yaml").write_text("faq: []\n")
    real_open = os.open

    def open_refusing_locked(path, *args, **kwargs):  # tests run as root: chmod 000 would not stop us
        if str(path).endswith("locked.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(bot.knowledge.load.os, "open", open_refusing_locked)
    found = load_problems(knowledge_copy)
    assert sorted(found) == [
        "knowledge/folder.yaml: 'folder.yaml' is a folder, not a YAML file",
        "knowledge/latin1.yaml:2: not UTF-8 text (invalid continuation byte at byte 16); save the file as UTF-8",
        "knowledge/locked.yaml: 'locked.yaml' cannot be read (Permission denied)",
        "knowledge/pipe.yaml: 'pipe.yaml' is not a regular file (only plain YAML files belong in the knowledge folder)",
    ], found
    from bot.knowledge import content_hash

    assert content_hash(knowledge_copy) == content_hash(knowledge_copy)  # stable: HR is told once per version


def test_alias_use_is_bounded_and_a_shared_block_is_checked_once(knowledge_copy):
    from bot.knowledge import MAX_ALIASES

    write(knowledge_copy, "many.yaml", "x: &x [a]\ny: [" + ", ".join(["*x"] * (MAX_ALIASES + 10)) + "]\n")
    # A mapping with a duplicate key, reachable along 2**12 paths through aliases.
    lines = ["l0: &l0 {k: 1, k: 2}"] + [f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}]" for i in range(1, 13)]
    write(knowledge_copy, "shared.yaml", "\n".join(lines) + "\n")
    found = load_problems(knowledge_copy)
    assert any(p.startswith("knowledge/many.yaml:2: ") and f"more than {MAX_ALIASES} aliases" in p for p in found), found
    assert [p for p in found if "appears twice" in p] == ["knowledge/shared.yaml:1: key 'k' appears twice in the same block"]


def test_billion_laughs_is_refused_quickly(knowledge_copy):
    lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lol += [f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]" for p, c in zip("abcdefgh", "bcdefghi")]
    write(knowledge_copy, "lol.yaml", "\n".join(lol) + "\n")
    assert len((knowledge_copy / "lol.yaml").read_bytes()) < 400
    found = load_problems(knowledge_copy)
    assert any(p.startswith("knowledge/lol.yaml:") and "aliases" in p for p in found), found


def test_a_file_over_the_size_limit_is_refused_before_parsing(knowledge_copy, monkeypatch):
    import bot.knowledge.parse
    from bot.knowledge import MAX_FILE_BYTES

    big = knowledge_copy / "big.yaml"
    big.write_text("faq:\n" + "  - [x]\n" * (MAX_FILE_BYTES // 8 + 10))
    parsed = []
    real_parse = bot.knowledge.parse._LineLoader.get_single_node
    monkeypatch.setattr(bot.knowledge.parse._LineLoader, "get_single_node",
                        lambda self: parsed.append(1) or real_parse(self))
    found = load_problems(knowledge_copy)
    assert found == [f"knowledge/big.yaml: 'big.yaml' is 1.0 MiB; a knowledge file may be at most "
                     f"{MAX_FILE_BYTES // 1024} KiB (split it into several files)"], found
    files = bot.knowledge.knowledge_files(knowledge_copy)
    assert big not in files and len(parsed) == len(files)  # every other file parsed, big.yaml never


def test_symlinks_are_refused_and_the_snapshot_holds_only_the_validated_files(knowledge_copy, tmp_path):
    from bot.decide.engine import snapshot_knowledge

    outside = tmp_path / "outside.yaml"
    outside.write_text("contacts: []\n")
    (knowledge_copy / "linked.yaml").symlink_to(outside)
    (knowledge_copy / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (knowledge_copy / "zero.txt").symlink_to("/dev/zero")
    (knowledge_copy / "more").symlink_to(tmp_path, target_is_directory=True)
    found = load_problems(knowledge_copy)
    for name in ("linked.yaml", "dangling.yaml", "zero.txt", "more"):
        assert any(p.startswith(f"knowledge/{name}: '{name}' is a symbolic link") for p in found), (name, found)
    assert len(found) == 4

    for name in ("linked.yaml", "dangling.yaml", "zero.txt", "more"):
        (knowledge_copy / name).unlink()
    (knowledge_copy / "notes.txt").write_text("HR's notes, not knowledge\n")
    (knowledge_copy / ".faq.yaml.tmp").write_text("faq: [half written\n")
    knowledge = load_knowledge(knowledge_copy)
    snapshot_knowledge(knowledge, tmp_path / "gen")
    copied = sorted(p.relative_to(tmp_path / "gen" / "knowledge").as_posix()
                    for p in (tmp_path / "gen" / "knowledge").rglob("*") if p.is_file())
    expected = sorted(p.relative_to(knowledge_copy).as_posix() for p in knowledge_copy.rglob("*.yaml"))
    assert copied == expected
    assert load_knowledge(tmp_path / "gen" / "knowledge").content_hash == knowledge.content_hash


def test_a_file_of_too_many_values_is_refused_where_the_limit_is_reached(knowledge_copy):
    """Under 1 MiB but 240,000 tiny values: the work stops at MAX_NODES instead of taking seconds per reload."""
    from bot.knowledge import MAX_NODES

    write(knowledge_copy, "dense.yaml", "faq:\n" + "  - [x]\n" * 120_000)
    found = load_problems(knowledge_copy)
    assert len(found) == 1 and found[0].startswith("knowledge/dense.yaml:")
    assert f"more than {MAX_NODES:,} values in one file" in found[0], found


def test_the_core_values_have_one_pocket_line_each_in_both_languages(knowledge):
    core = knowledge.sections["core-principles"]
    for language in ("nl", "en"):
        names = [line.partition(":")[0] for line in core.pocket.get(language)]
        assert len(names) == 4 and all(name and name.casefold() in core.rule.get(language).casefold() for name in names)
    assert all(not s.pocket.nl for sid, s in knowledge.sections.items() if sid != "core-principles")
    assert not any(d.field == "pocket" for d in knowledge.docs())  # shown on the App Home, never searched


def test_the_review_dm_lists_sections_past_review_or_due_within_30_days_per_contact(knowledge):
    from dataclasses import replace

    from bot.slack.reviews import due_by_contact

    today = dt.date(2026, 12, 1)
    base = knowledge.sections["private-use"]
    sections = {
        "late": replace(base, id="late", reviewed=today - dt.timedelta(days=400)),
        "soon": replace(base, id="soon", reviewed=today - dt.timedelta(days=365 - 29)),
        "later": replace(base, id="later", reviewed=today - dt.timedelta(days=365 - 31)),
        "other": replace(base, id="other", contact="privacy-officer", reviewed=today - dt.timedelta(days=366)),
    }
    due = due_by_contact(replace(knowledge, sections=sections), today, 365)
    assert {k: [s.id for s in v] for k, v in due.items()} == {base.contact: ["late", "soon"],
                                                              "privacy-officer": ["other"]}
