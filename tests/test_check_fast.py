"""The draft check's pure parts: detectors, HR's cues, combining into flags, request forms, messages.

No model: similarity is left out (`near=[]`), so these run under `pytest -m fast`.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.check import draft_text
from bot.check.detectors import detect, kinds
from bot.check.request import command_draft, dm_draft
from bot.check.sentences import Span, sentence_spans
from bot.check.signals import compile_cue, find_signals
from bot.check.verdict import combine, verdict_of
from bot.errors import KnowledgeError
from bot.knowledge import load_knowledge
from bot.messages import TEXTS

pytestmark = pytest.mark.fast


@pytest.fixture(scope="module")
def shipped():
    from conftest import KNOWLEDGE

    return load_knowledge(KNOWLEDGE)


# Written for these tests (not taken from any evaluation set).
RISKY = [
    ("Onze omzet in Q2: €12,5 miljoen, 9% meer dan vorig jaar!", None, "figures", "confidential-information"),
    ("Kan nog niet veel zeggen, maar het contract is nog niet officieel rond 🤫", None, "unannounced",
     "confidential-information"),
    ("Vragen? Mail gerust naar j.jansen@voorbeeld.nl of bel 06-12345678", None, "personal_data",
     "confidential-information"),
    ("Vandaag sprak ik een sollicitant die op Instagram wel héél veel feestfoto's heeft, haha", None, "applicant",
     "candidate-screening"),
    ("We zoeken een jonge, dynamische collega voor ons salesteam. Solliciteer nu!", "linkedin", "exclusionary",
     "recruitment-posts"),
    ("Hiring now: we want a digital native to join our marketing team.", "linkedin", "exclusionary",
     "recruitment-posts"),
    ("That caller today was the dumbest person I've ever spoken to.", "x", "insult", "core-principles"),
    ("Mijn leidinggevende vergeet wéér mijn verlof goed te keuren, wat een rotbedrijf", "facebook", "complaint",
     "negative-posts"),
    ("Not sponsored, just a fan: the Lumo smart meter is way better than anything else out there.", "reddit",
     "undisclosed", "disclose-affiliation"),
    ("Selfie bij het whiteboard met onze planning voor 2027 📸", "instagram", "visual", "confidential-information"),
    ("Ik werk niet meer bij mijn vorige werkgever, dus hier hun prijslijst voor grote klanten", None,
     "former_employer", "after-employment"),
    ("Reactie van een medewerker: jammer dat je review zo negatief is, jij was zelf nooit op tijd.", "glassdoor",
     "review_reply", "review-responses"),
    ("Even reageren op die slechte review over onze winkel: zo ging het echt niet.", "facebook", "review_reply",
     "review-responses"),
    ("Whoever left that one-star review, I know who you are. Replying here to set the record straight.", "x",
     "review_reply", "review-responses"),
    ("Mijn baas is een graaier, echt walgelijk hoe hij met ons omgaat.", "x", "insult", "core-principles"),
    ("Weer een klant die dacht dat de retourtermijn een jaar was 🙄 #winkelleven", "tiktok", "mocking",
     "core-principles"),
    ("Top 3 of the weirdest candidates I interviewed this month, a thread", "x", "mocking", "core-principles"),
    ("Wat een middag: klant Pieter Bakker belde drie keer over zijn factuur.", "facebook", "named_person",
     "confidential-information"),
    ("Great chat today with Sophie de Boer about our analyst role. She is 31 and lives in Delft, fingers crossed!",
     "linkedin", "named_person", "confidential-information"),
    ("Kan iemand checken of dit BSN klopt? 111222333, de klant heeft het zo ingevuld.", "other", "personal_data",
     "confidential-information"),
    ("A patient told me today her chemo is finally over, so proud of her!", "instagram", "health_data",
     "confidential-information"),
    ("Die nieuwe opdracht van de provincie zit zo goed als in de tas, het contract is alleen nog niet getekend.",
     "linkedin", "unannounced", "confidential-information"),
    ("Can't share details, the launch is under embargo until Thursday.", "x", "unannounced",
     "confidential-information"),
    ("Honestly, don't buy from Fixlo. Go with Reparo instead, their service is way more reliable.", "reddit",
     "undisclosed", "disclose-affiliation"),
    ("Die stroomstoring van vorige week stond in de krant, maar ik kan je vertellen wat er echt gebeurd is.",
     "facebook", "crisis", "incident-reporting"),
    ("Namens ons bedrijf wil ik alle klanten excuses aanbieden voor de vertraging.", "facebook", "speaks_for",
     "core-principles"),
    ("Tip: maak een nepaccount en volg daarmee de privéprofielen van je teamleden, dan weet je wie er echt ziek is.",
     "linkedin", "monitoring", "monitoring"),
    ("Our manager says everyone must post twice a week, and he keeps track of who does it.", "x",
     "advocacy_pressure", "employee-advocacy"),
    ("Before you invite someone to an interview, just scroll through their Instagram first. #recruiting", "linkedin",
     "applicant", "candidate-screening"),
    ("Voor wie het vroeg: onze collega is vertrokken na een officiële waarschuwing over zijn functioneren.",
     "facebook", "personnel", "confidential-information"),
    ("De ploegleider zei in het teamoverleg dat de vestiging in Zwolle volgend jaar sluit.", "x", "unannounced",
     "confidential-information"),
    ("Zo ziet mijn werkplek eruit vandaag, met het klantdossier open op mijn tweede scherm.", "instagram", "visual",
     "confidential-information"),
    ("Nog even geheimhouden hoor, maar in maart nemen we concurrent Fixlo over!", "linkedin", "unannounced",
     "confidential-information"),
]
CLEAN = [
    "Trots op ons team: vandaag opende onze nieuwe vestiging in Zwolle officieel de deuren! 🎉",
    "Ons jaarverslag staat sinds vanmorgen online. Lees het via de link op onze website.",
    "Leuke dag gehad op de Open Dag. Bedankt aan iedereen die langs kwam bij onze stand!",
    "Friday drinks with the team after a busy week. Cheers! 🍻",
    "We're hiring a backend developer! See the vacancy on our careers page and feel free to ask me about the team.",
    "Disclaimer: ik werk bij het waterschap. De nieuwe dijk bij Kampen is vanaf vandaag open voor fietsers.",
    "Just finished my first week in the new job and I'm loving it so far.",
    "My company is hosting an open day on Saturday for anyone curious about logistics. I work there, come say hi!",
    "Worst weather ever for our team outing, but my colleagues made it a great day anyway.",
    "25 jaar in dienst! Gefeliciteerd Jan de Vries, hij is 25 jaar bij ons en nog altijd even enthousiast.",
    "Onze nieuwe app is veel sneller dan de vorige versie, knap werk van het team (ik werk er zelf).",
    "Namens het hele team: bedankt aan iedereen die op de open dag langskwam!",
    "Wat doet een UX designer? Ik praat met gebruikers, ik teken schermen en gooi de helft weer weg. #uxdesign",
    "Three years at the helpdesk today. My tip: patience, good headphones and lots of tea. Thanks, colleagues!",
    "Kom mee achter de schermen bij onze bakkerij om 4 uur 's nachts! Solliciteren? Mail werkenbij@bakkerij.nl 🥖",
    "Kerstborrel met de afdeling 🎄 Dubbel gecheckt: niks op de whiteboards achter ons.",
    "Zoals in ons persbericht van vanochtend stond: de omzet steeg vorig jaar met 9%. Mooi werk, team!",
    "Vragen over de vacature? Mail people@voorbeeld.nl, dan belt iemand van het team je terug.",
]


@pytest.mark.parametrize("text, platform, kind, section", RISKY)
def test_each_detector_finds_its_risk(text, platform, kind, section):
    hits = detect(text, platform)
    assert any(h.kind == kind and h.section == section for h in hits), [(h.kind, text[h.start:h.end]) for h in hits]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_posts_about_work_pass_the_detectors(text, shipped):
    flags = combine(text, detect(text, "linkedin"), find_signals(text, shipped), [], shipped, "nl")
    assert verdict_of(flags) == "ok", [(f.kind, f.quote) for f in flags]


def test_the_glassdoor_reply_rule_needs_the_platform():
    text = "Reactie van een medewerker: jammer dat je het zo ervaart."
    assert any(h.kind == "review_reply" for h in detect(text, "glassdoor"))
    assert not any(h.kind == "review_reply" for h in detect(text, "linkedin"))


def test_a_hostile_glassdoor_reply_is_a_risk_under_review_responses(shipped):
    text = "Response from a colleague: your review is nonsense, look in the mirror."
    flags = combine(text, detect(text, "glassdoor"), [], [], shipped, "en")
    assert any(f.section == "review-responses" and f.severity == "risk" for f in flags)


def test_a_negation_just_before_cancels_a_hit_but_not_an_exclusion():
    assert not detect("Foto's van de teamdag op LinkedIn, zonder klantnamen of interne cijfers.")
    assert any(h.kind == "visual" for h in detect("Foto's van de teamdag, met het whiteboard vol planning erachter."))
    assert any(h.kind == "exclusionary" for h in detect("We zoeken sterke collega's, geen vrouwen. Solliciteer nu!"))


def test_the_risk_model_adds_cautions_above_its_margin_and_never_twice(shipped):
    from bot.check.learned import Learned, Reading

    text = "Even een update over de afdeling. Het gaat de laatste tijd niet zo lekker."
    second = Span(34, len(text))
    def reading(risk, *sections):
        return Learned(risk, tuple(Reading(s, p, second) for s, p in sections))

    sure = reading(0.8, ("negative-posts", 0.7), ("core-principles", 0.05))
    flags = combine(text, [], [], [], shipped, "nl", learned=sure)
    assert [(f.section, f.severity, f.kind, f.quote) for f in flags] == \
        [("negative-posts", "caution", "learned", text[34:])]
    likely_two = reading(0.8, ("negative-posts", 0.5), ("core-principles", 0.3))
    both = combine(text, [], [], [], shipped, "nl", learned=likely_two)
    assert [f.section for f in both] == ["negative-posts", "core-principles"]  # the second is a third as likely
    assert combine(text, [], [], [], shipped, "nl", learned=reading(0.3, ("negative-posts", 0.3))) == ()
    hit = detect("Wat een rotbedrijf, mijn baas zegt helemaal niks.")
    again = combine("Wat een rotbedrijf, mijn baas zegt helemaal niks.", hit, [], [], shipped, "nl",
                    learned=Learned(0.9, (Reading("negative-posts", 0.9, Span(0, 18)),)))
    kinds_there = {f.kind for f in again if f.section == "negative-posts"}
    assert kinds_there == {"complaint"}, kinds_there


def test_a_draft_that_reads_clean_tones_word_hits_down_but_firm_ones_stand(shipped):
    """Detectors fire on words ("omzet ... 8%"); when the risk model reads the whole post as clean those hits
    become cautions, and when it is sure they go; an IBAN stays a risk."""
    from bot.check.learned import Learned, Reading

    text = "Trots op het team: de omzet steeg met 8%. Giften graag naar NL91ABNA0417164300."
    hits = detect(text)
    assert {h.kind for h in hits} == {"figures", "personal_data"}
    def at(risk):
        learned = Learned(risk, (Reading("confidential-information", risk, Span(0, 10)),))
        return {(f.kind, f.severity) for f in combine(text, hits, [], [], shipped, "nl", learned=learned)}

    assert at(0.9) == {("figures", "risk"), ("personal_data", "risk")}  # its section is flagged already
    assert at(0.2) == {("figures", "caution"), ("personal_data", "risk")}
    assert at(0.05) == {("personal_data", "risk")}


def test_a_sentence_like_a_dont_flags_only_a_draft_the_model_does_not_read_as_clean(shipped):
    from bot.check.learned import Learned, Reading
    from bot.check.similar import Near

    text = "Wat een week. Ik zeg niks, maar let volgende maand maar eens op."
    near = [Near("confidential-information", 0.7, 0.2, Span(14, len(text)), "a don't")]
    def kinds(risk):
        learned = Learned(risk, (Reading("confidential-information", risk, Span(14, len(text))),))
        return [f.kind for f in combine(text, [], [], near, shipped, "nl", learned=learned)]

    assert kinds(0.42) == ["similar"]
    assert kinds(0.3) == []


def test_disclosure_cancels_the_undisclosed_praise_rule():
    assert any(h.kind == "undisclosed" for h in detect("Honestly, the Voltra charger is way better than the rest."))
    assert not any(h.kind == "undisclosed"
                   for h in detect("Full disclosure: I work at Voltra. It is way better than the rest."))


def test_flags_quote_the_draft_and_explain_in_its_language(shipped):
    text = "Onze omzet dit kwartaal: €3 miljoen. Mail me op a.b@c.nl"
    flags = combine(text, detect(text), [], [], shipped, "nl")
    assert flags and all(text[f.start:f.end] == f.quote for f in flags)
    assert all(f.why == TEXTS[f"check.{f.kind}.why"]["nl"] for f in flags)
    assert verdict_of(flags) == "risk"


_PIECES = st.sampled_from(list("ab €%5,.!?\n@xyz") + [
    "omzet ", "revenue ", "screenshot ", "binnenkort ", "kandidaat ", "instagram ", "young ", "hiring ",
    "idiot ", "not affiliated ", "jammer dat je ", "18% ", "€2 miljoen ", "06-12345678 ", "x@y.nl "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_offsets_always_slice_the_quote_out_of_the_text(text):
    from conftest import KNOWLEDGE

    knowledge = _knowledge_once(KNOWLEDGE)
    hits = detect(text, "glassdoor") + find_signals(text, knowledge)
    for h in hits:
        assert 0 <= h.start < h.end <= len(text)
    for f in combine(text, detect(text, "glassdoor"), find_signals(text, knowledge), [], knowledge, "en"):
        assert text[f.start:f.end] == f.quote and f.quote


_CACHE: dict = {}


def _knowledge_once(path):
    if path not in _CACHE:
        _CACHE[path] = load_knowledge(path)
    return _CACHE[path]


@given(st.text(max_size=200))
def test_sentence_spans_are_inside_the_text_in_order(text):
    spans = sentence_spans(text)
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_long_drafts_are_cut_at_a_word_and_controls_keep_offsets():
    text, cut = draft_text("woord " * 2000)
    assert cut and len(text) <= 5000 and not text.endswith("woo")
    text, cut = draft_text("a\x07b")
    assert (text, cut) == ("a b", False)


def test_every_detector_has_why_and_what_to_do_in_both_languages():
    for kind in kinds():
        for part in ("why", "do"):
            assert set(TEXTS[f"check.{kind}.{part}"]) == {"nl", "en"}, kind


@pytest.mark.parametrize("text, draft", [
    ("check: Trots op ons team!", "Trots op ons team!"),
    ("Controleer: we zoeken een collega", "we zoeken een collega"),
    ("Kan ik dit zo posten: “Vandaag onze nieuwe collega's verwelkomd, wat een leuke groep”?",
     "Vandaag onze nieuwe collega's verwelkomd, wat een leuke groep"),
    ('Is this ok? "Proud of the team that shipped our new app today, great job everyone"',
     "Proud of the team that shipped our new app today, great job everyone"),
    ("Mag ik vacatures delen op LinkedIn?", None),
    ("check", None),
    ('Ik wil dit posten: "Trots op ons nieuwe kantoor, echt super mooi geworden!" Kan dat?',
     "Trots op ons nieuwe kantoor, echt super mooi geworden!"),  # the README's own form
    ('Ik wil dit posten: "Trots op ons nieuwe kantoor, echt super mooi geworden!" Kan dat morgen al?',
     None),  # asks when, not whether
])
def test_dm_forms_that_ask_for_a_check(text, draft):
    assert dm_draft(text) == draft


def test_the_check_subcommand():
    assert command_draft("check Trots!") == "Trots!"
    assert command_draft("CHECK") == ""
    assert command_draft("checklist voor posts?") is None and command_draft("report") is None


def test_cues_match_whole_words_and_patterns():
    assert compile_cue("jong team").search("Een Jong  Team!")
    assert not compile_cue("team").search("teamwork")
    assert compile_cue(r"/\bq[1-4]\b/").search("Q3 results")
    assert compile_cue("/([/") is None


def test_a_broken_signal_pattern_is_a_problem_with_file_and_line(knowledge_copy):
    path = knowledge_copy / "sections" / "core-principles.yaml"
    lines = path.read_text().splitlines()
    line = next(n for n, t in enumerate(lines, 1) if t.startswith("signals:"))
    path.write_text(path.read_text().replace('  nl: ["wat een sukkels"', '  nl: ["/([unclosed/", "wat een sukkels"', 1))
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(knowledge_copy)
    problem = next(p for p in exc.value.problems if "signals" in p.message)
    assert problem.file.endswith("core-principles.yaml") and problem.line == line
