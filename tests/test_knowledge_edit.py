"""Adding an escalated question to the knowledge keeps HR's file intact and the folder valid."""

from __future__ import annotations

import pytest

from bot.errors import KnowledgeError
from bot.knowledge import load_knowledge
from bot.knowledge_edit import add_faq, add_phrasing


def test_add_phrasing_keeps_comments_and_everything_else(knowledge_copy):
    path = knowledge_copy / "sections" / "monitoring.yaml"
    path.write_text("# HR note: reviewed with the works council\n" + path.read_text())
    before = path.read_text().splitlines()
    assert add_phrasing(knowledge_copy, "monitoring", "Kijkt de baas mee op mijn Strava?", "nl")
    after = path.read_text().splitlines()
    assert after[0] == "# HR note: reviewed with the works council"
    assert len(after) == len(before) + 1
    assert [line.strip() for line in after if line not in before] == ["- Kijkt de baas mee op mijn Strava?"]
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
