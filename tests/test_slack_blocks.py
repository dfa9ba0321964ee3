"""Block Kit rendering: the answer's layout and Slack's limits, on the shipped knowledge and on extremes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bot.decide.answer import Answer, Candidate
from bot.knowledge import Contact, Knowledge, Text, Texts
from bot.render import blocks as render

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


def within_limits(message: dict, max_blocks: int = render.MAX_BLOCKS) -> None:
    assert message["text"].strip() and len(message["text"]) <= render.MAX_FALLBACK_TEXT
    assert len(message["blocks"]) <= max_blocks
    for b in message["blocks"]:
        if b["type"] == "section":
            assert len(b["text"]["text"]) <= render.MAX_SECTION_TEXT
        for e in b.get("elements", []):
            if e.get("type") == "button":
                assert len(e["text"]["text"]) <= render.MAX_BUTTON_TEXT
                assert len(e["value"]) <= render.MAX_BUTTON_VALUE


def huge_knowledge(knowledge: Knowledge) -> Knowledge:
    """One section with texts far beyond Slack's limits."""
    base = next(iter(knowledge.sections.values()))
    big = replace(base, id="huge", title=Text(en="T" * 300, nl="T" * 300), rule=Text(en="rule " * 2000),
                  do=Texts(en=tuple(f"do {i} " * 40 for i in range(200))), dont=Texts(en=("don't " * 1000,)))
    return replace(knowledge, sections={**knowledge.sections, "huge": big})


def test_every_shipped_section_renders_within_limits_in_both_languages(knowledge):
    for sid in knowledge.sections:
        for lang in ("nl", "en"):
            message = render.section_message(Answer("q", "answer", lang, section=sid), knowledge)
            within_limits(message)
            assert {render.HELPFUL, render.NOT_HELPFUL} <= {e["action_id"] for e in message["blocks"][-1]["elements"]}


def test_faq_short_answer_comes_above_the_rule(knowledge):
    faq = next(iter(knowledge.faq.values()))
    message = render.section_message(Answer("q", "answer", "en", section=faq.section, faq=faq.id), knowledge)
    assert message["blocks"][0]["text"]["text"].startswith("*Short answer*")
    assert knowledge.sections[faq.section].rule.en[:50] in message["blocks"][1]["text"]["text"]


def test_oversized_section_is_clipped_to_slack_limits(knowledge):
    k = huge_knowledge(knowledge)
    message = render.section_message(Answer("q" * 5000, "answer", "en", section="huge", truncated=True), k)
    within_limits(message)
    assert message["blocks"][-1]["type"] == "actions"  # the buttons survive


def test_button_value_fits_and_round_trips_with_a_long_unicode_question():
    value = render.encode_value({"l": "nl", "s": "x", "q": "één vraag 🙂 " * 400})
    assert len(value) <= render.MAX_BUTTON_VALUE
    data = render.decode_value(value)
    assert data["s"] == "x" and data["q"].startswith("één vraag 🙂")
    assert render.decode_value("not json") == {} and render.decode_value(None) == {}


def test_clarify_has_one_button_per_candidate_and_a_way_out(knowledge):
    ids = list(knowledge.sections)[:3]
    answer = Answer("q", "clarify", "nl", candidates=tuple(Candidate(i, 0.5, 0.5, 0.5, "", i) for i in ids))
    message = render.clarify_message(answer, knowledge)
    within_limits(message)
    elements = message["blocks"][-1]["elements"]
    assert [e["text"]["text"] for e in elements[:3]] == [knowledge.sections[i].title.nl for i in ids]
    assert [json.loads(e["value"])["s"] for e in elements[:3]] == ids
    assert elements[-1]["action_id"] == render.NOT_HELPFUL
    assert message["text"].startswith("Ik weet niet zeker")


def test_contact_is_a_mention_when_the_slack_id_is_known_else_name_and_email():
    role = Text(en="adviser")
    assert render.mention(Contact("a", "Ann", role, "ann@example.nl", "U123ABC"), "en") == "<@U123ABC>"
    assert "<#C0HR>" in render.mention(Contact("a", "Ann", role, "ann@example.nl", "C0HR"), "en")
    assert render.mention(Contact("a", "Ann <x>", role, "ann@example.nl"), "en") == "Ann &lt;x&gt; (<mailto:ann@example.nl|ann@example.nl>)"


def test_escalate_redirect_invalid_and_help_texts(knowledge):
    redirect = render.escalated_message(Answer("q", "escalate", "en", redirect="Ask the IT desk."), knowledge, to_hr=True)
    assert redirect["text"] == "Ask the IT desk."  # the not-covered entry's own text says it all
    to_hr = render.escalated_message(Answer("q", "escalate", "nl"), knowledge, to_hr=True)
    assert "HR" in to_hr["text"] and "<@U" in to_hr["text"]
    invalid = render.answer_message(Answer("", "invalid", "en", message="no_words"), knowledge)
    assert "emoji" in invalid["text"]
    assert render.answer_message(Answer("hi", "help", "en"), knowledge)["text"].startswith("Hi!")


@pytest.mark.parametrize("hr_language, anonymous_word, label", [("nl", "anoniem", "Gesteld door"),
                                                                  ("en", "anonymous", "Asked by")])
def test_hr_message_names_the_asker_or_says_anonymous_in_the_hr_language(knowledge, hr_language, anonymous_word,
                                                                          label):
    sid = next(iter(knowledge.sections))
    kw = dict(escalation_id=7, question="Mag ik <dit> posten & delen?", language="nl", source="dm",
              candidates=[{"section": sid, "score": 0.42}], knowledge=knowledge, hr_language=hr_language)
    named = render.hr_message(user_id="U0EMP", **kw)
    anonymous = render.hr_message(user_id=None, **kw)
    within_limits(named)
    assert "<@U0EMP>" in named["blocks"][1]["text"]["text"] and "U0EMP" not in json.dumps(anonymous)
    assert anonymous_word in anonymous["blocks"][1]["text"]["text"]
    assert label in named["blocks"][1]["text"]["text"]
    assert "&lt;dit&gt; posten &amp; delen" in named["blocks"][0]["text"]["text"]
    assert getattr(knowledge.sections[sid].title, hr_language) in named["blocks"][1]["text"]["text"]
    answered = render.hr_answered_message(named, "U0HR", hr_language=hr_language)
    assert "<@U0HR>" in answered["blocks"][-1]["elements"][0]["text"]


def test_home_view_lists_all_topics_and_contacts_within_view_limits(knowledge):
    view = render.home_view(knowledge, "en")
    within_limits({"text": "x", "blocks": view["blocks"]}, render.MAX_VIEW_BLOCKS)
    text = json.dumps(view, ensure_ascii=False)
    assert all(s.title.en in text for s in knowledge.sections.values())
    assert all(c.email in text for c in knowledge.contacts.values())


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_topic_modal_and_the_home_fit_slack_limits_in_both_languages(knowledge, language):
    from bot.render.home import MAX_MODAL_TITLE

    for big in (knowledge, huge_knowledge(knowledge)):
        view = render.home_view(big, language)
        within_limits({"text": "x", "blocks": view["blocks"]}, render.MAX_VIEW_BLOCKS)
        for sid in big.sections:
            modal = render.topic_modal(big, sid, language)
            within_limits({"text": "x", "blocks": modal["blocks"]}, render.MAX_VIEW_BLOCKS)
            assert len(modal["title"]["text"]) <= MAX_MODAL_TITLE and modal["private_metadata"] == sid
    gone = render.topic_modal(knowledge, "no-such-topic", language)
    assert gone["type"] == "modal" and "private_metadata" not in gone


def test_a_redirect_offers_ask_hr_anyway_only_with_a_value(knowledge):
    answer = Answer("hoeveel verlofdagen heb ik", "escalate", "nl", redirect="Kijk in MijnHR.")
    plain = render.escalated_message(answer, knowledge, to_hr=False)
    assert render.ASK_HR_ANYWAY not in json.dumps(plain)
    offered = render.answer_message(answer, knowledge, question_id=5)
    [block] = [b for b in offered["blocks"] if b.get("block_id") == render.REDIRECT_BLOCK]
    ask, anonymous = block["elements"]
    assert (ask["action_id"], anonymous["action_id"]) == (render.ASK_HR_ANYWAY, render.FORWARD_ANONYMOUS)
    value = render.ButtonValue.decode(ask["value"])
    assert (value.question_id, value.question, value.lang) == (5, answer.question, "nl")
    within_limits(offered)
    assert render.ASK_HR_ANYWAY not in json.dumps(render.answer_message(answer, knowledge, feedback=False))


def test_as_text_is_readable(knowledge):
    sid = next(iter(knowledge.sections))
    text = render.as_text(render.section_message(Answer("q", "answer", "en", section=sid), knowledge))
    assert knowledge.sections[sid].rule.en[:50] in text
    assert "[👍 Helpful] [👎 Not helpful]" in text
    assert "<@" not in text and '{"' not in text and "&amp;" not in text


def test_add_to_knowledge_actions_fit_slack_limits_and_the_chosen_section_is_read_back(knowledge):
    original = render.hr_message(escalation_id=7, question="Mag dit?", user_id="U1", language="nl", source="dm",
                                 candidates=[], knowledge=knowledge, hr_language="nl")
    answered = render.hr_answered_message(original, "U0HR", hr_language="nl", escalation_id=7, knowledge=knowledge)
    within_limits(answered)
    [block] = [b for b in answered["blocks"] if b.get("block_id") == "smpolicy_knowledge"]
    menu, example, faq = block["elements"]
    assert menu["type"] == "static_select" and len(menu["options"]) == len(knowledge.sections) <= render.MAX_OPTIONS
    assert all(len(o["value"]) <= render.MAX_OPTION_VALUE and len(o["text"]["text"]) <= render.MAX_OPTION_TEXT
               for o in menu["options"])
    assert menu["action_id"] == render.SELECT_SECTION  # choosing in the menu only selects
    assert (example["type"], example["action_id"], faq["type"], faq["action_id"]) == (
        "button", render.ADD_EXAMPLE, "button", render.ADD_FAQ)
    assert render.decode_value(faq["value"]) == render.decode_value(example["value"]) == {"e": 7}
    body = {"state": {"values": {"smpolicy_knowledge": {render.SELECT_SECTION: {"selected_option": menu["options"][2]}}}}}
    assert render.selected_section(body) == render.decode_value(menu["options"][2]["value"])["s"]
    assert render.selected_section({}) is None
    assert "smpolicy_knowledge" not in json.dumps(render.hr_answered_message(original, "U0HR", hr_language="nl"))


# --- every text fallback escaped; nothing lost to clipping ------------------------------------------

import re  # noqa: E402

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
RAW_AMP = re.compile(r"&(?!amp;|lt;|gt;)")


def assert_safe_fallback(text: str) -> None:
    assert "<!" not in text and "<@U999" not in text and "<x>" not in text
    assert not RAW_AMP.search(text), text
    assert not any(ch in text for ch in BIDI)


def test_hr_post_text_fallback_is_escaped_and_free_of_bidi_controls(knowledge):
    question = "Let op <!channel> & <@U999> \u202egnp.exe\u202c \u2066x\u2069 <x>"
    msg = render.hr_message(escalation_id=3, question=question, user_id=None, language="en", source="dm",
                            candidates=[], knowledge=knowledge, hr_language="en")
    assert_safe_fallback(msg["text"])
    assert "&lt;!channel&gt;" in msg["text"] and "&amp;" in msg["text"]
    assert not any(ch in json.dumps(msg, ensure_ascii=False) for ch in BIDI)
    assert_safe_fallback(render.hr_answered_message(msg, "U0HR", hr_language="en")["text"])


def test_answer_redirect_and_clarify_fallbacks_escape_knowledge_text(knowledge):
    sid, other = list(knowledge.sections)[:2]
    faq = next(f for f in knowledge.faq.values() if f.section in knowledge.sections)
    s = knowledge.sections[faq.section]
    k = replace(knowledge,
                sections={**knowledge.sections, faq.section: replace(s, title=Text(en="Q&A <x>", nl="V&A <x>"),
                                                                     rule=Text(en="Do & don't <!here>", nl="Wel & niet"))},
                faq={**knowledge.faq, faq.id: replace(faq, answer=Text(en="Yes & no <!channel>", nl="Ja & nee"))})
    answered = render.answer_message(Answer("q", "answer", "en", section=faq.section, faq=faq.id), k)
    assert_safe_fallback(answered["text"])
    assert "Yes &amp; no" in answered["text"] and "Do &amp; don't" in answered["text"]
    redirect = render.escalated_message(Answer("q", "escalate", "en", redirect="Ask <!here> & MijnHR"), k, to_hr=False)
    assert_safe_fallback(redirect["text"])
    assert_safe_fallback(json.dumps(redirect["blocks"]))
    clarify = Answer("q", "clarify", "en", candidates=(Candidate(faq.section, 0.5, 0.5, 0.5, "", faq.section),
                                                       Candidate(other, 0.4, 0.4, 0.4, "", other)))
    assert_safe_fallback(render.clarify_message(clarify, k)["text"])


def section_texts(msg: dict) -> list[str]:
    return [b["text"]["text"] for b in msg["blocks"] if b["type"] == "section"]


def assert_no_broken_atom(text: str) -> None:
    assert not re.search(r"&#?\w*$", text), text[-20:]  # an entity cut at the end
    unquoted = re.sub(r"(?m)^> ", "", text)
    assert unquoted.count("<") == unquoted.count(">"), "a link or mention was cut"
    for line in text.splitlines():
        assert line.count("`") % 2 == 0, "a code span was cut"


def test_long_hr_reply_is_relayed_in_full_over_several_sections_without_cutting_links():
    links = [f"see <https://intranet.example.nl/page/{i}|page number {i}> and" for i in range(150)]
    reply = " ".join(links)  # about 7,000 characters
    msg = render.relay_message("Mag dit?", reply, "nl")
    within_limits(msg)
    texts = section_texts(msg)
    assert len(texts) >= 3
    for t in texts:
        assert_no_broken_atom(t)
    joined = " ".join(texts)
    for i in range(150):
        assert f"<https://intranet.example.nl/page/{i}|page number {i}>" in joined


def test_long_question_in_the_hr_post_is_not_cut_inside_an_entity(knowledge):
    question = "a & b " * 1000
    msg = render.hr_message(escalation_id=9, question=question, user_id="U0EMP", language="en", source="dm",
                            candidates=[], knowledge=knowledge, hr_language="nl")
    within_limits(msg)
    texts = section_texts(msg)
    for t in texts:
        assert_no_broken_atom(t)
        assert not t.startswith("amp;") and "\n> amp;" not in t
    assert sum(t.count("&amp;") for t in texts) == 1000
    assert_no_broken_atom(msg["text"].removesuffix("…"))


def test_long_list_of_knowledge_problems_is_not_cut_inside_a_code_span():
    problems = [f"sections/topic-{i}.yaml:{i}: " + "the field 'questions' must be a list of texts " * 6 for i in range(20)]
    msg = render.problems_message("slack.knowledge.broken", problems, "en")
    within_limits(msg)
    texts = section_texts(msg)
    for t in texts:
        assert_no_broken_atom(t)
    joined = "\n".join(texts)
    for p in problems:
        assert f"`{p}`" in joined


def test_a_message_with_too_many_blocks_says_how_many_did_not_fit():
    blocks = [render.section(f"part {i}") for i in range(60)] + [render.actions("a", [render.button("b", "x", "v")])]
    msg = render.message("t", blocks)
    assert len(msg["blocks"]) == render.MAX_BLOCKS and msg["blocks"][-1]["type"] == "actions"
    assert any(b["type"] == "context" and "+" in b["elements"][0]["text"] for b in msg["blocks"])
