"""How a message is read against the conversation before it, without the model: readings, switch markers,
the memory's time-to-live, and the CLI's JSON lines."""

from __future__ import annotations

import pytest

from bot.decide.answer import Answer, Candidate, Turn
from bot.decide.context import after_switch, previous, reading
from bot.decide.memory import ConversationMemory
from bot.decide.question import as_line

pytestmark = pytest.mark.fast


@pytest.mark.parametrize("text", ["en op Facebook?", "and if I do it again?", "who should I contact?",
                                  "ook voor stagiairs?", "what about TikTok?", "geldt dat ook voor mij?",
                                  "and if I say no?"])
def test_short_and_elliptical_messages_lean_on_the_turn_before(text):
    assert reading(text) == "elliptical"


@pytest.mark.parametrize("text", ["thanks; something else: may recruiters check a candidate's Instagram?",
                                  "Andere vraag: hoe vaak worden de regels herzien?",
                                  "Different question: can I share a vacancy?", "ok, new topic: what about leave?",
                                  "nog iets: mag ik mijn werkplek filmen?"])
def test_explicit_switch_markers_start_afresh(text):
    assert reading(text) == "switch"


def test_a_full_question_may_stand_alone():
    assert reading("Mag ik als recruiter het Instagramprofiel van een sollicitant bekijken voor het gesprek?") == "open"


@pytest.mark.parametrize("text, rest", [
    ("Andere vraag: hoe vaak worden de regels herzien?", "hoe vaak worden de regels herzien?"),
    ("thanks; something else: may recruiters check Instagram?", "may recruiters check Instagram?"),
    ("something else", "something else"),  # nothing follows the marker: the message is kept whole
    ("en op Facebook?", "en op Facebook?"),
])
def test_the_question_after_a_switch_marker_is_what_gets_scored(text, rest):
    assert after_switch(text) == rest


def test_only_a_fresh_previous_turn_counts():
    turns = [Turn(("private-use",), "nl", at=100.0), Turn(("monitoring",), "nl", at=200.0)]
    assert previous(turns, now=250.0, ttl_seconds=60) == turns[1]
    assert previous(turns, now=261.0, ttl_seconds=60) is None  # the latest is too old, so is the one before
    assert previous([], now=0.0, ttl_seconds=60) is None


def test_an_answer_leaves_its_sections_and_nothing_of_its_text():
    cands = (Candidate("private-use", 0.9, 0.5, 0.5, "", None), Candidate("monitoring", 0.5, 0.4, 0.3, "", None))
    turn = Answer("Geldt dit voor mijn privé Instagram?", "answer", "nl", section="private-use",
                  candidates=cands).turn(5.0)
    assert turn == Turn(("private-use", "monitoring"), "nl", 5.0)
    assert "Instagram" not in repr(turn)
    assert Answer("?", "clarify", "en", candidates=cands).turn(1.0).sections == ("private-use", "monitoring")
    assert Answer("bedankt", "smalltalk", "nl", message="thanks").turn(1.0) is None
    assert Answer("loonstrook", "escalate", "nl", candidates=cands).turn(1.0) is None


def test_memory_forgets_a_conversation_after_its_time_to_live():
    clock = [1000.0]
    memory = ConversationMemory(60, clock=lambda: clock[0])
    memory.remember("D1::u", Turn(("private-use",), "nl", at=clock[0]))
    memory.remember("D2::u", None)  # a turn without a section leaves nothing
    assert [t.sections for t in memory.recall("D1::u")] == [("private-use",)]
    assert memory.recall("D2::u") == ()
    clock[0] += 59
    assert len(memory) == 1
    clock[0] += 2
    assert memory.recall("D1::u") == () and len(memory) == 0


def test_memory_with_no_time_to_live_keeps_nothing_and_stays_bounded():
    assert ConversationMemory(0).recall("x") == ()
    off = ConversationMemory(0, clock=lambda: 1.0)
    off.remember("x", Turn(("a",), "nl", 1.0))
    assert off.recall("x") == ()
    small = ConversationMemory(60, clock=lambda: 1.0, max_conversations=2)
    for key in "abc":
        small.remember(key, Turn((key,), "nl", 1.0))
    assert small.recall("a") == () and small.recall("c")


@pytest.mark.parametrize("raw, text, thread", [
    ('{"text": "en op Facebook?", "thread": "t1"}', "en op Facebook?", "t1"),
    ('{"text": "and if I refuse?", "thread": 7}', "and if I refuse?", "7"),
    ('{"text": "los"}', "los", None),
    ("gewoon een vraag {met haakjes}", "gewoon een vraag {met haakjes}", None),
])
def test_json_lines_carry_text_and_thread(raw, text, thread):
    line = as_line(raw)
    assert (line.text, line.thread, line.invalid) == (text, thread, None)


@pytest.mark.parametrize("raw", ['{"text": 3}', "[1, 2]", '{"thread": "a"}', "{kapot", '{"text": "x", "thread": [1]}'])
def test_a_json_line_without_a_string_text_is_invalid(raw):
    assert as_line(raw).invalid == "json"
