"""The pure core, without the model: the decision at every threshold edge, compound splitting,
question cleaning and folding, as tables and (where natural) hypothesis properties.

Runs with `pytest -m fast` in seconds.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.decide.engine import Thresholds, decide
from bot.decide.question import InvalidQuestion, clean_question
from bot.search.retrieve import Scores
from bot.search.text import fold, split_compound

pytestmark = pytest.mark.fast

# Thresholds with values exact in binary, so "at the edge" means exactly at it.
EDGE = Thresholds(floor_dense=0.25, min_support=0.375, min_dense=0.5, min_coverage=0.625, min_classified=0.125,
                  answer_margin=0.125, agree_margin=0.0625, clarify_window=0.25, not_covered_margin=0.0,
                  clarify_lead=0.75)
TARGETS = ("a", "b", "c", "elsewhere")
KINDS = {"a": "section", "b": "section", "c": "section", "elsewhere": "not_covered"}


def scores(combined, dense=None, lexical=None, coverage=None, classified=None) -> Scores:
    """Scores for TARGETS; unspecified signals make target 'a' confidently supported."""
    n = len(TARGETS)
    combined = np.array(combined, dtype=np.float64)
    dense = np.array(dense if dense is not None else [0.75] + [0.0] * (n - 1), dtype=np.float64)
    lexical = np.array(lexical if lexical is not None else [1.0] + [0.0] * (n - 1), dtype=np.float64)
    coverage = np.array(coverage if coverage is not None else [1.0] * n, dtype=np.float64)
    classified = np.array(classified if classified is not None else [1.0] * n, dtype=np.float64)
    order = np.array(sorted(range(n), key=lambda i: (-combined[i], -dense[i])), dtype=np.int64)
    return Scores(TARGETS, dense, np.zeros(n, dtype=np.int64), lexical, coverage, classified, combined, order)


def outcome(s: Scores, t: Thresholds = EDGE):
    result, picks, elsewhere = decide(s, KINDS, t)
    return result, [TARGETS[i] for i in picks], TARGETS[elsewhere] if elsewhere is not None else None


@pytest.mark.parametrize("elsewhere, expected", [
    (0.875, "escalate"),  # the not-covered matter leads
    (0.75, "escalate"),   # ties with the best section: margin 0 means "at least as high"
    (0.74, "answer"),     # just below: the section is answered
])
def test_a_not_covered_matter_on_top_escalates_with_its_redirect(elsewhere, expected):
    result, picks, matter = outcome(scores([0.75, 0.25, 0.125, elsewhere]))
    assert result == expected
    assert (matter == "elsewhere") == (expected == "escalate")
    if expected == "escalate":
        assert picks == ["a", "b", "c"]


def test_not_covered_margin_may_be_negative():
    t = Thresholds(**{**EDGE.__dict__, "not_covered_margin": -0.125})
    assert outcome(scores([0.75, 0.25, 0.125, 0.625]), t)[0] == "escalate"
    assert outcome(scores([0.75, 0.25, 0.125, 0.620]), t)[0] == "answer"


@pytest.mark.parametrize("dense, coverage, classified, expected", [
    (0.5, 0.375, 1.0, "answer"),       # dense exactly min_dense, coverage exactly min_support
    (0.4999, 0.375, 1.0, "escalate"),  # dense below min_dense and coverage below min_coverage
    (0.4999, 0.625, 1.0, "answer"),    # ...but coverage exactly min_coverage carries it
    (0.4999, 0.6249, 1.0, "escalate"),
    (0.25, 0.625, 1.0, "answer"),      # dense exactly floor_dense
    (0.2499, 1.0, 1.0, "escalate"),    # under the floor, whatever the words say
    (0.9, 0.3749, 1.0, "escalate"),    # under min_support, whatever the cosine
    (0.9, 1.0, 0.125, "answer"),       # classified exactly min_classified
    (0.9, 1.0, 0.1249, "escalate"),
])
def test_support_edges(dense, coverage, classified, expected):
    s = scores([0.75, 0.25, 0.125, 0.0], dense=[dense, 0.1, 0.1, 0.0], coverage=[coverage, 1, 1, 1],
               classified=[classified, 1, 1, 1])
    result, picks, matter = outcome(s)
    assert result == expected and matter is None
    assert picks == ["a", "b", "c"]  # escalations carry the closest sections for HR


@pytest.mark.parametrize("runner_up, expected, offered", [
    (0.0, "clarify", ["a"]),         # too weak to answer, lead exactly clarify_lead: "did you mean...?"
    (0.0001, "escalate", ["a", "b", "c"]),  # just under it: escalated with the closest sections
])
def test_a_clear_favourite_on_thin_evidence_is_offered_not_asserted(runner_up, expected, offered):
    s = scores([0.75, runner_up, 0.0, 0.0], dense=[0.4, 0.1, 0.1, 0.0], coverage=[0.5, 1, 1, 1])
    assert outcome(s) == (expected, offered, None)


def test_a_favourite_the_classifier_does_not_support_is_not_offered():
    """'what's the deadline for my timesheet' leads on one shared word; the classifier sees no section in it."""
    s = scores([0.75, 0.0, 0.0, 0.0], dense=[0.4, 0.1, 0.1, 0.0], coverage=[0.5, 1, 1, 1],
               classified=[EDGE.min_classified - 0.01, 0.0, 0.0, 0.0])
    assert outcome(s)[0] == "escalate"


def test_thin_evidence_under_the_floor_is_never_offered():
    s = scores([0.75, 0.0, 0.0, 0.0], dense=[0.2499, 0.1, 0.1, 0.0])
    assert outcome(s)[0] == "escalate"


@pytest.mark.parametrize("runner_up, agree, expected", [
    (0.625, False, "answer"),     # lead exactly answer_margin
    (0.626, False, "clarify"),    # just under it, signals disagree
    (0.6875, True, "answer"),     # lead exactly agree_margin, dense and lexical both pick 'a'
    (0.6876, True, "clarify"),    # just under it
    (0.6875, False, "clarify"),   # the same lead without agreement
])
def test_margin_edges(runner_up, agree, expected):
    dense = [0.75, 0.5, 0.0, 0.0] if agree else [0.75, 0.8, 0.0, 0.0]  # 'b' has the best cosine unless agree
    s = scores([0.75, runner_up, 0.125, 0.0], dense=dense, lexical=[1.0, 0.5, 0.0, 0.0])
    result, picks, _ = outcome(s)
    assert result == expected
    if expected == "clarify":
        assert picks == ["a", "b"]  # 'c' is outside the clarify window


@pytest.mark.parametrize("third, offered", [(0.5, ["a", "b", "c"]), (0.4999, ["a", "b"])])
def test_clarify_window_edge(third, offered):
    s = scores([0.75, 0.7, third, 0.0], dense=[0.75, 0.8, 0.1, 0.0])
    assert outcome(s) == ("clarify", offered, None)


def test_one_section_in_scope_is_answered_when_supported():
    s = Scores(("a", "elsewhere"), np.array([0.75, 0.1]), np.zeros(2, dtype=np.int64), np.array([1.0, 0.0]),
               np.array([1.0, 1.0]), np.array([1.0, 1.0]), np.array([0.75, 0.1]), np.array([0, 1]))
    assert decide(s, KINDS, EDGE) == ("answer", [0], None)


def test_only_not_covered_targets_escalate():
    s = Scores(("elsewhere",), np.array([0.1]), np.zeros(1, dtype=np.int64), np.array([0.0]), np.array([0.0]),
               np.array([0.0]), np.array([0.1]), np.array([0]))
    assert decide(s, KINDS, EDGE) == ("escalate", [], 0)


def test_the_default_thresholds_answer_a_clear_lead_and_clarify_a_close_call():
    t = Thresholds()
    assert outcome(scores([0.9, 0.7, 0.1, 0.0]), t)[0] == "answer"
    close = scores([0.9, 0.9 - t.answer_margin / 2, 0.1, 0.0], dense=[0.6, 0.7, 0.1, 0.0])
    assert outcome(close, t) == ("clarify", ["a", "b"], None)


unit = st.floats(min_value=0, max_value=1, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(unit, unit, unit, unit, unit), min_size=4, max_size=4))
def test_decide_always_returns_a_consistent_outcome(rows):
    combined, dense, lexical, coverage, classified = (list(col) for col in zip(*rows, strict=True))
    s = scores(combined, dense, lexical, coverage, classified)
    result, picks, matter = decide(s, KINDS, Thresholds())
    assert result in ("answer", "clarify", "escalate")
    assert all(KINDS[TARGETS[i]] == "section" for i in picks) and len(picks) <= 3
    assert matter is None or (result == "escalate" and TARGETS[matter] == "elsewhere")
    if result == "clarify":
        lead = combined[picks[0]] - sorted((combined[i] for i in range(3)), reverse=True)[1]
        assert len(picks) >= 2 or lead >= Thresholds().clarify_lead
    if result == "answer":
        assert picks and combined[picks[0]] == max(combined[i] for i in range(3))


# --- compound splitting ----------------------------------------------------------------------

VOCABULARY = frozenset({"sollicitatie", "dossier", "bedrijf", "feest", "huis", "hond", "hok", "werk", "gever",
                        "werkgever", "beleid", "foto", "ab"})


@pytest.mark.parametrize("word, parts", [
    ("sollicitatiedossier", ("sollicitatie", "dossier")),
    ("bedrijfsfeest", ("bedrijf", "feest")),        # linking s
    ("hondehok", ("hond", "hok")),                 # linking e
    ("huisenfeest", ("huis", "feest")),             # linking en
    ("werkgeverbeleid", ("werkgever", "beleid")),   # the longest known head wins
    ("fotoab", ()),                                 # a tail shorter than min_part is no word
    ("bedrijfx", ()),                               # unknown tail
    ("xyzfeest", ()),                               # unknown head
    ("hokhok", ()),                                 # too short to hold two parts of three
    ("", ()),
])
def test_split_compound(word, parts):
    assert split_compound(word, VOCABULARY) == parts


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abdefghiklnorstuvw", max_size=25))
def test_a_split_is_made_of_known_words_and_rebuilds_the_word(word):
    parts = split_compound(word, VOCABULARY)
    if parts:
        head, tail = parts
        assert head in VOCABULARY and tail in VOCABULARY and len(head) >= 3 and len(tail) >= 3
        assert word in {head + link + tail for link in ("", "s", "e", "en")}


@given(st.sampled_from(sorted(w for w in VOCABULARY if len(w) >= 3)),
       st.sampled_from(["", "s", "e", "en"]),
       st.sampled_from(sorted(w for w in VOCABULARY if len(w) >= 3)))
def test_two_known_words_with_a_link_are_split(head, link, tail):
    assume(len(head + link + tail) >= 7)  # shorter words are never split (two parts of three and one more)
    parts = split_compound(head + link + tail, VOCABULARY)
    assert parts  # some split is found (possibly a longer head, e.g. werk+gever -> werkgever)


# --- question cleaning ---------------------------------------------------------------------------


@pytest.mark.parametrize("raw, reason", [
    ("", "empty"), ("   \n\t ", "empty"), (":smile: :+1:", "empty"), ("<@U123> <!channel>", "empty"),
    ("?!?! ...", "no_words"), ("🙂🙂", "no_words"),
    (b"\xff\xfe", "binary"), ("a\x00b", "binary"), ("qwz \udcff prt", "binary"), ("\x01\x02\x03abc", "binary"),
])
def test_refused_input(raw, reason):
    with pytest.raises(InvalidQuestion) as exc:
        clean_question(raw)
    assert exc.value.reason == reason


@pytest.mark.parametrize("raw, text", [
    ("  Mag   ik\tdit posten?  ", "Mag ik dit posten?"),
    ("<@U123> mag ik dit posten?", "mag ik dit posten?"),
    ("kijk op <https://example.nl|de site> :wink:", "kijk op de site"),
    ("<https://example.nl>", "https://example.nl"),
    ("&lt;b&gt; &amp; co", "<b> & co"),
    ("Mag ik dit\x07 posten op LinkedIn of op Instagram?", "Mag ik dit posten op LinkedIn of op Instagram?"),
    ("Mag ik dit privé delen?".encode(), "Mag ik dit privé delen?"),
])
def test_cleaned_input(raw, text):
    assert clean_question(raw).text == text


def test_long_input_is_cut_at_a_word_boundary():
    q = clean_question("woord " * 500, max_chars=2000)
    assert q.truncated and len(q.text) <= 2000 and q.text.endswith("woord")
    assert not clean_question("kort", max_chars=2000).truncated


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.binary()), st.integers(min_value=1, max_value=300))
def test_clean_question_refuses_only_with_invalid_question_and_respects_the_limit(raw, max_chars):
    try:
        q = clean_question(raw, max_chars)
    except InvalidQuestion as exc:
        assert exc.reason in ("empty", "no_words", "binary")
        return
    assert q.text and q.text == q.text.strip() and len(q.text) <= max_chars
    assert q.truncated or len(q.text) < max_chars or len(q.text) == max_chars


# --- folding ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, folded", [
    ("Privé-gebruik!", "prive gebruik"), ("  LinkedIn  ", "linkedin"), ("Ⅻ ﬁle", "xii file"), ("", ""),
])
def test_fold(text, folded):
    assert fold(text) == folded


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_fold_is_idempotent_and_plain(text):
    once = fold(text)
    assert fold(once) == once
    assert set(once) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ")
