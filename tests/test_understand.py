"""Message understanding without a model: small talk, the question sentence, a quoted draft."""

from __future__ import annotations

import pytest

from bot.search.text import words
from bot.search.understand import small_talk, split_message


def count(text: str) -> int:
    return len(words(text))


@pytest.mark.parametrize("text, kind", [
    ("hoi", "greeting"), ("Hallo!", "greeting"), ("goedemorgen allemaal", "greeting"), ("hi there", "greeting"),
    ("help", "help"), ("wat kun je?", "help"), ("What can you do", "help"), ("hoi, wat kan je allemaal?", "help"),
    ("how does this work?", "help"), ("wat kan ik je vragen", "help"),
    ("merci!", "thanks"), ("thanks, that's all I needed!", "thanks"), ("Hoi! Hoe gaat het vandaag met je?", "bot"), ("top, bedankt", "thanks"), ("thanks a lot", "thanks"), ("dankjewel!!", "thanks"),
    ("ben jij een mens?", "bot"), ("are you a bot", "bot"), ("wie heeft jou gemaakt?", "bot"),
    ("haha", "laugh"), ("lol", "laugh"), ("hahaha ok", "laugh"),
    ("ok", "ack"), ("ok cool", "ack"), ("👍 top", "ack"),
])
def test_whole_message_small_talk(text, kind):
    assert small_talk(text) == kind


@pytest.mark.parametrize("text", [
    "Wat doe je als een collega iets negatiefs post?",
    "How do I use LinkedIn to share our vacancies?",
    "Wat kan je wel en niet posten over klanten?",
    "wat kun je me vertellen over reageren op glassdoor",
    "bedankt! en mag ik ook foto's van het kantoor delen?",
    "hoi, mag ik vacatures delen op LinkedIn?",
    "ok, maar wie reageert op reviews?",
])
def test_a_question_is_never_small_talk(text):
    assert small_talk(text) is None


def test_the_question_sentence_of_a_story_is_the_focus():
    text = ("We launched a new app last week. A friend asked in a WhatsApp group which app to use. "
            "Can I just tell them ours is best without saying I work here?")
    parts = split_message(text, count)
    assert parts.focus == "Can I just tell them ours is best without saying I work here?"
    assert parts.context.startswith("We launched")


def test_a_short_question_takes_the_sentence_before_it():
    parts = split_message("Een collega heeft een foto van het whiteboard op Instagram gezet. Mag dat?", count)
    assert parts.focus == "Een collega heeft een foto van het whiteboard op Instagram gezet. Mag dat?"


def test_a_quoted_draft_is_set_apart_and_the_question_around_it_is_the_focus():
    text = ("Ik wil dit posten: 'Trots op ons team, we hebben vandaag de grootste klant ooit binnengehaald!' "
            "Moet ik erbij zeggen dat ik hier werk?")
    parts = split_message(text, count)
    assert parts.draft == "Trots op ons team, we hebben vandaag de grootste klant ooit binnengehaald!"
    assert "Trots" not in parts.focus and "hier werk" in parts.focus


def test_a_draft_with_only_kan_dat_around_it_is_read_whole():
    text = "Ik wil dit posten: 'Trots op ons team, we hebben vandaag de grootste klant ooit binnengehaald!' Kan dat?"
    parts = split_message(text, count)
    assert parts.draft is not None and parts.focus == text


def test_apostrophes_are_not_quotes():
    parts = split_message("Mag ik foto's van het team's uitje delen op LinkedIn?", count)
    assert parts.draft is None and parts.focus == parts.text


def test_one_sentence_is_its_own_focus():
    parts = split_message("mag ik vacatures delen op linkedin", count)
    assert (parts.focus, parts.context, parts.draft) == (parts.text, "", None)


@pytest.mark.parametrize("word, expected", [("sharen", "share"), ("gerepost", "repost"), ("geliked", "like"),
                                            ("taggen", "tag"), ("reposten", "repost"), ("geshared", "share")])
def test_english_verbs_in_dutch_sentences_come_back_to_the_english_word(word, expected):
    from bot.search.text import english_verb_forms

    assert expected in english_verb_forms(word)


def test_a_separated_dutch_verb_is_joined_and_slang_is_mapped():
    from bot.knowledge import Doc
    from bot.search.retrieve import LexicalScorer

    docs = [Doc("monitoring", "section", "monitoring", "rule", "nl", "Wij houden bij wat er online over ons gezegd wordt; bijhouden gebeurt openlijk."),
            Doc("private-use", "section", "private-use", "rule", "nl", "Een foto op Instagram of Facebook zetten mag.")]
    lexical = LexicalScorer(docs, ("monitoring", "private-use"))
    assert set(lexical.terms_of("bijhouden", repair=False)) <= set(lexical.terms_of("hoe houdt HR dat bij?"))
    assert "instagram" in lexical.terms_of("mag het op insta?")


def test_the_asking_sentence_weighs_more_when_evidence_is_merged():
    import numpy as np

    from bot.search.retrieve import Evidence, merge

    whole = Evidence(np.array([0.8, 0.2]), np.array([0, 1]), np.array([4.0, 1.0]), np.array([0.5, 0.1]), np.array([0.7, 0.3]))
    focus = Evidence(np.array([0.2, 0.9]), np.array([2, 3]), np.array([0.0, 5.0]), np.array([0.0, 0.6]), np.array([0.1, 0.9]))
    merged = merge(whole, focus, 0.75)
    assert np.allclose(merged.dense, [0.35, 0.725]) and np.allclose(merged.classified, [0.25, 0.75])
    assert list(merged.dense_doc) == [0, 3] and np.allclose(merged.coverage, [0.5, 0.6])
    assert merge(whole, None, 0.75) is whole
