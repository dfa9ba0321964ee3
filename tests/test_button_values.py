"""The button payload codec: a typed value, round trip, and garbage refused (fast, no Slack)."""

from __future__ import annotations

import pytest

from bot.render.kit import MAX_BUTTON_VALUE, MAX_OPTION_VALUE
from bot.render.values import ButtonValue, decode_value


@pytest.mark.parametrize("value", [
    ButtonValue(),
    ButtonValue(language="en", section="private-use", candidates=("private-use", "monitoring"), question_id=12,
                question="Mag ik een foto delen?"),
    ButtonValue(language="nl", section="x", question_id=0, question="één vraag 🙂 <b>&amp;</b>"),
    ButtonValue(escalation_id=7),
    ButtonValue(escalation_id=7, section="negative-posts"),
    ButtonValue(language="en", section=None, candidates=(), question=""),
])
def test_round_trip(value):
    assert ButtonValue.decode(value.encode()) == value


@pytest.mark.parametrize("value, wire", [
    (ButtonValue(escalation_id=7), {"e": 7}),
    (ButtonValue(escalation_id=7, section="s1"), {"e": 7, "s": "s1"}),
    (ButtonValue(language="nl", section="s", candidates=("a", "b"), question_id=3, question="q"),
     {"l": "nl", "s": "s", "c": ["a", "b"], "i": 3, "q": "q"}),
])
def test_the_wire_format_keeps_its_one_letter_keys(value, wire):
    assert decode_value(value.encode()) == wire


@pytest.mark.parametrize("garbage", [
    "not json", "[1, 2]", '"a string"', "42", "null", '{"i": "12"}', '{"i": true}', '{"e": 1.5}',
    '{"c": "private-use"}', '{"c": [1, 2]}', '{"q": 5}', '{"l": ["nl"]}', '{"s": {"x": 1}}', "{" * 10_000,
])
def test_garbage_decodes_to_none(garbage):
    assert ButtonValue.decode(garbage) is None


@pytest.mark.parametrize("empty", [None, "", "{}"])
def test_no_value_is_the_empty_value(empty):
    assert ButtonValue.decode(empty) == ButtonValue()


def test_unknown_keys_are_ignored():
    assert ButtonValue.decode('{"e": 3, "zz": 1}') == ButtonValue(escalation_id=3)


def test_a_long_question_is_shortened_to_fit_and_the_rest_is_kept():
    value = ButtonValue(language="nl", section="s", question_id=99, question="één vraag 🙂 " * 400)
    wire = value.encode()
    assert len(wire) <= MAX_BUTTON_VALUE
    back = ButtonValue.decode(wire)
    assert back.question_id == 99 and back.section == "s" and value.question.startswith(back.question)
    assert len(ButtonValue(escalation_id=1, section="x" * 500).encode(MAX_OPTION_VALUE)) > MAX_OPTION_VALUE


def test_lang_falls_back_to_dutch():
    assert ButtonValue(language="en").lang == "en"
    assert ButtonValue(language="fr").lang == ButtonValue().lang == "nl"
