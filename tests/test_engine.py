"""The decision on real questions: help, bad input, languages, answers, escalations."""

from __future__ import annotations

import pytest

from bot.search.text import detect_language


@pytest.mark.parametrize("text", ["hoi", "Hallo!", "help", "hi there", "goedemorgen", "wat kun je?", "What can you do"])
def test_greetings_get_help(engine, text):
    assert engine.ask(text).outcome == "help"


@pytest.mark.parametrize("text, kind", [("merci!", "thanks"), ("top, bedankt", "thanks"), ("ben jij een mens?", "bot"),
                                        ("haha", "laugh"), ("ok cool", "ack")])
def test_small_talk_gets_a_short_reply_not_a_guideline(engine, text, kind):
    answer = engine.ask(text)
    assert (answer.outcome, answer.message, answer.section) == ("smalltalk", kind, None)


@pytest.mark.parametrize("text", [
    "Wat doe je als een collega iets negatiefs post over ons?",
    "How do I use LinkedIn to share our vacancies?",
    "Wat kan je wel en niet posten over klanten?",
])
def test_questions_that_open_like_a_help_request_are_answered(engine, text):
    assert engine.ask(text).outcome in ("answer", "clarify")


@pytest.mark.parametrize("raw, reason", [
    ("", "empty"), ("   \n\t ", "empty"), ("🙂🙂🙂", "no_words"), ("?!?! ...", "no_words"),
    (b"\xff\xfe\x00\x01", "binary"), ("abc\x00\x01\x02\x03def", "binary"), ("<@U0123ABCD>", "empty"),
])
def test_bad_input_is_invalid_with_a_reason(engine, raw, reason):
    answer = engine.ask(raw)
    assert answer.outcome == "invalid"
    assert answer.message == reason


def test_huge_input_is_cut_and_flagged(engine):
    answer = engine.ask("Mag ik vacatures van ons bedrijf delen op LinkedIn? " * 500)
    assert answer.truncated
    assert len(answer.question) <= engine.settings.max_chars
    assert answer.outcome in ("answer", "clarify")


def test_hostile_text_is_just_text(engine):
    answer = engine.ask("'; DROP TABLE escalations; -- <script>alert(1)</script> {{7*7}} ${jndi:ldap://x}")
    assert answer.outcome in ("escalate", "clarify", "answer")


@pytest.mark.parametrize("text, language", [
    ("Mag ik een foto van mijn werkplek op Instagram zetten?", "nl"),
    ("Can I put a picture of my desk on Instagram?", "en"),
    ("hoe zit t met linkedin", "nl"),
    ("whats the deal with tiktok", "en"),
    ("merci!", "nl"),  # Dutch thanks borrowed from French: a Dutch user gets a Dutch reply
    ("top, dankjewel", "nl"),
])
def test_language_detection_offline(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("question, section", [
    ("Mag ik als recruiter de LinkedIn en Instagram van een kandidaat bekijken voordat ik hem uitnodig?", "candidate-screening"),
    ("How long are we allowed to keep screenshots of an applicant's profile in our files?", "candidate-data-storage"),
    ("Iemand heeft ons op Glassdoor een slechte recensie gegeven als werkgever, reageren we daarop?", "review-responses"),
    ("Does the employer secretly watch my private Facebook account?", "monitoring"),
])
def test_clear_questions_are_answered_with_the_right_section(engine, question, section):
    answer = engine.ask(question)
    assert section in [c.section for c in answer.candidates][:3]
    assert answer.outcome in ("answer", "clarify")
    if answer.outcome == "answer":
        assert answer.section == section


@pytest.mark.parametrize("question", [
    "Wat is de hoofdstad van Australië?",
    "Hoe declareer ik mijn reiskosten voor de trein?",
    "My password expired and I can't log in to my laptop",
])
def test_unrelated_questions_are_not_answered(engine, question):
    answer = engine.ask(question)
    assert answer.outcome == "escalate", answer


def test_other_hr_matters_are_redirected(engine):
    answer = engine.ask("Hoe vraag ik ouderschapsverlof aan?")
    assert answer.outcome == "escalate"
    assert answer.redirect


def test_answer_follows_the_question_language(engine):
    nl = engine.ask("Mag ik vertrouwelijke informatie van klanten delen op LinkedIn?")
    en = engine.ask("May I share confidential client information on LinkedIn?")
    assert (nl.language, en.language) == ("nl", "en")


LONE_SURROGATES = ["qwz \udcff prt", "Mag ik \ud800 vacatures delen op LinkedIn?", "\udc80\udc81 hello there friend"]


@pytest.mark.parametrize("text", LONE_SURROGATES)
def test_lone_surrogates_are_binary_and_adapters_hand_them_over_as_bytes(engine, text):
    from bot.decide.question import InvalidQuestion, as_input, clean_question

    with pytest.raises(InvalidQuestion) as info:
        clean_question(text)
    assert info.value.reason == "binary"
    assert isinstance(as_input(text), bytes) and as_input("gewone vraag") == "gewone vraag"
    answer = engine.ask(as_input(text))
    assert (answer.outcome, answer.message) == ("invalid", "binary")
    direct = engine.ask(text)  # a caller that hands the string over as it is
    assert (direct.outcome, direct.message) == ("invalid", "binary")


@pytest.mark.parametrize("text", LONE_SURROGATES)
def test_slack_text_with_lone_surrogates_gets_the_binary_message_not_the_error(settings, engine, store, text):
    """Slack's JSON can carry "\\ud800": the user is told it is not text, not that something broke."""
    import io

    from bot.messages import say
    from bot.slack import SlackBot
    from bot.slack.local import TerminalClient

    bot = SlackBot(settings.with_(hr_channel=None), engine, store, TerminalClient(io.StringIO()))
    reply = bot.reply_to(text, user="U0EMPLOYEE", origin="Ev-surrogate", source="dm")
    assert say("invalid.binary", "nl") in reply["text"] or say("invalid.binary", "en") in reply["text"], reply


@pytest.mark.parametrize("text, section", [
    ("We brachten vorige week een nieuwe app uit. In een appgroep vroeg een vriend welke app hij moet nemen. "
     "Mag ik gewoon zeggen dat de onze de beste is, zonder te vermelden dat ik er werk?", "disclose-affiliation"),
    ("I run the recruitment team. We found an applicant's old party photos on Instagram. "
     "Can we take those into account when we decide?", "candidate-screening"),
    ("Ik wil dit op LinkedIn zetten: 'Super trots, we hebben net het contract met onze grootste klant ooit "
     "getekend!' Mag ik dat al delen voordat het officieel bekend is gemaakt?", "confidential-information"),
])
def test_a_story_or_a_pasted_draft_is_answered_from_its_question(engine, text, section):
    """The question sentence decides; the story and the quoted post are context."""
    answer = engine.ask(text)
    assert (answer.outcome, answer.section) == ("answer", section)


@pytest.mark.parametrize("text", ["Zijn glitterstickers op mijn thermosfles toegestaan?",
                                  "mag ik mijn fiets in de gang zetten?"])
def test_one_shared_everyday_word_does_not_carry_an_answer(engine, text):
    assert engine.ask(text).outcome == "escalate"


def test_a_quoted_draft_asked_about_is_answered_from_the_risk_the_draft_check_finds(engine):
    """The post's own words ("team", "collega") would pick a topic; the check names the rule it breaks."""
    answer = engine.ask("'Wij zoeken een jonge collega van max. 30 jaar, Nederlands als moedertaal!' kan dit zo?")
    assert (answer.outcome, answer.section) == ("answer", "recruitment-posts")


def test_a_quoted_clean_draft_is_scored_as_the_question_around_it(engine):
    answer = engine.ask("'Wat een mooie teamdag gehad vandaag!' kan dit zo?")
    assert answer.outcome != "answer" or answer.section != "recruitment-posts"
