"""Adding an escalated question to the knowledge keeps HR's file intact and the folder valid."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
import textwrap

import pytest
from ruamel.yaml import YAML

from bot.errors import KnowledgeError
from bot.knowledge import load_knowledge
from bot.knowledge.edit import add_faq, add_phrasing


def test_add_phrasing_keeps_comments_and_everything_else(knowledge_copy):
    path = knowledge_copy / "sections" / "monitoring.yaml"
    path.write_text("# HR note: reviewed with the works council\n" + path.read_text())
    before = path.read_text().splitlines()
    assert add_phrasing(knowledge_copy, "monitoring", "Kijkt de baas mee op mijn Strava?", "nl")
    after = path.read_text().splitlines()
    assert after[0] == "# HR note: reviewed with the works council"
    assert len(after) == len(before) + 1
    assert [line.strip() for line in after if line not in before] == ['- "Kijkt de baas mee op mijn Strava?"']
    knowledge = load_knowledge(knowledge_copy)
    assert "Kijkt de baas mee op mijn Strava?" in knowledge.sections["monitoring"].questions.nl
    # Adding the same question again changes nothing.
    assert not add_phrasing(knowledge_copy, "monitoring", "kijkt de baas mee op mijn strava", "nl")


def test_add_faq_creates_a_valid_entry(knowledge_copy):
    ident = add_faq(knowledge_copy, "private-use", "Mag ik op Strava laten zien waar ons kantoor is?",
                    "Ja, het adres is openbaar; zet er geen beveiligingsdetails bij.", "nl")
    knowledge = load_knowledge(knowledge_copy)
    entry = knowledge.faq[ident]
    assert entry.section == "private-use"
    assert entry.answer.get("en").startswith("Ja, het adres")  # falls back to the language given
    assert "# " in (knowledge_copy / "faq.yaml").read_text().splitlines()[0]  # header comment kept


def test_an_edit_that_breaks_the_folder_is_rolled_back(knowledge_copy):
    path = knowledge_copy / "sections" / "monitoring.yaml"
    original = path.read_text()
    with pytest.raises(KnowledgeError):
        add_faq(knowledge_copy, "private-use", "Vraag?", "   ", "nl")  # an empty answer is invalid
    assert path.read_text() == original
    assert load_knowledge(knowledge_copy)


def test_added_strings_read_back_as_the_same_text_in_yaml_1_1(knowledge_copy):
    """ruamel writes YAML 1.2, PyYAML reads 1.1: unquoted, these would come back as True, False, 80, 45000."""
    phrasings = ["yes", "No", "on", "1:20", "12:30:00", "null", "0x1F"]
    for phrasing in phrasings:
        assert add_phrasing(knowledge_copy, "monitoring", phrasing, "en")
    assert set(phrasings) <= set(load_knowledge(knowledge_copy).sections["monitoring"].questions.en)
    ident = add_faq(knowledge_copy, "private-use", "Mag ik mijn werkmail op Strava zetten?", "No", "nl")
    assert load_knowledge(knowledge_copy).faq[ident].answer.nl == "No"


def replace_questions(path, block: str) -> None:
    text = path.read_text()
    path.write_text(text[:text.index("questions:")] + textwrap.dedent(block))


def test_every_valid_shape_of_questions_and_an_faq_file_of_only_comments(knowledge_copy):
    monitoring = knowledge_copy / "sections" / "monitoring.yaml"
    replace_questions(monitoring, """\
        questions:
          - "Houdt de werkgever in de gaten wat ik post?"
          - "Does my employer watch what I post?"
        """)
    assert add_phrasing(knowledge_copy, "monitoring", "Leest HR mijn tweets?", "nl")
    assert "Leest HR mijn tweets?" in load_knowledge(knowledge_copy).sections["monitoring"].questions.nl

    private = knowledge_copy / "sections" / "private-use.yaml"
    text = private.read_text()
    replace_questions(private, """\
        questions:
          nl: ["Mag ik privé posten over mijn werk?"]
          en: "Can I post about work privately?"
        """)
    assert add_phrasing(knowledge_copy, "private-use", "May I tweet from home?", "en")
    assert load_knowledge(knowledge_copy).sections["private-use"].questions.en == (
        "Can I post about work privately?", "May I tweet from home?")

    faq = knowledge_copy / "faq.yaml"
    faq.write_text("# FAQ entries: id, section, questions, answer\n# (HR keeps this file)\n")
    ident = add_faq(knowledge_copy, "private-use", "Mag ik op Strava laten zien waar ik werk?", "Ja.", "nl")
    assert faq.read_text().startswith("# FAQ entries: id, section, questions, answer\n# (HR keeps this file)\n")
    assert load_knowledge(knowledge_copy).faq[ident].answer.nl == "Ja."


def test_an_edit_keeps_the_files_own_indentation(knowledge_copy):
    path = knowledge_copy / "sections" / "monitoring.yaml"
    yaml = YAML()
    yaml.preserve_quotes, yaml.width = True, 4096
    yaml.indent(mapping=4, sequence=2, offset=0)  # another style: 4-space blocks, dashes under the key
    data = yaml.load(path.read_text())
    with path.open("w") as handle:
        yaml.dump(data, handle)
    before = path.read_text().splitlines()
    assert add_phrasing(knowledge_copy, "monitoring", "Kijkt de baas mee op mijn Strava?", "nl")
    diff = [line for line in difflib.unified_diff(before, path.read_text().splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert diff == ['+    - "Kijkt de baas mee op mijn Strava?"'], diff


ADDER = """
import sys, time
from pathlib import Path
from bot.knowledge.edit import add_phrasing
root, who, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
while not go.exists():
    time.sleep(0.01)
for n in range(8):
    add_phrasing(root, "monitoring", f"Parallel vraag {who} nummer {n}?", "nl")
"""


def test_two_processes_adding_at_once_lose_nothing(knowledge_copy, tmp_path):
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [subprocess.Popen([sys.executable, "-c", ADDER, str(knowledge_copy), who, str(go)], env=env)
             for who in ("a", "b")]
    go.touch()
    assert [p.wait(timeout=600) for p in procs] == [0, 0]
    questions = load_knowledge(knowledge_copy).sections["monitoring"].questions.nl
    assert sorted(q for q in questions if q.startswith("Parallel")) == sorted(
        f"Parallel vraag {who} nummer {n}?" for who in "ab" for n in range(8))


def test_hr_gets_a_reply_whatever_goes_wrong_in_an_edit(settings, engine, store, monkeypatch):
    """Not only invalid knowledge: any failure (here a full disk) is answered in HR's thread, not swallowed."""
    import io
    from types import SimpleNamespace

    import bot.slack.hr_actions
    from bot.slack import SlackBot
    from bot.slack.local import TerminalClient

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bot.slack.hr_actions, "add_phrasing", disk_full)
    slackbot = SlackBot(settings, engine, store, TerminalClient(io.StringIO()))
    escalation = SimpleNamespace(id=1, question="Mag ik dit posten?", reply="Ja.", language="nl")
    reply = slackbot._edit_knowledge(escalation, "monitoring", "Monitoring", "U0HR", faq=False)
    assert "No space left on device" in reply["text"] and "❌" in reply["text"]
