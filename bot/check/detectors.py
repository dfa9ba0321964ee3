"""Built-in risk detectors: what a draft can get wrong that needs no HR input.

Each detector is a few regular expressions over the draft as typed (so the offsets of a hit slice
the quoted words out of the draft), tied to the guideline section it touches. Some need a context
word elsewhere in the same sentence or draft (a figure is only sensitive next to "omzet" or
"revenue"), and some are cancelled by a nearby word ("geen", "no ... on camera", "officially
announced"). Pure: text in, hits out, no model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .sentences import Span, sentence_spans

Severity = str  # "caution" | "risk"

_I = re.IGNORECASE


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), _I)


@dataclass(frozen=True)
class Hit:
    """One detector firing on the draft: `start`/`end` are offsets into the checked text."""

    kind: str  # the detector's name; its why and suggestion are messages check.<kind>.why/.do
    section: str
    severity: Severity
    start: int
    end: int


@dataclass(frozen=True)
class Detector:
    """A pattern tied to a section. `needs` must match in the same sentence (or, with `needs_draft`,
    anywhere in the draft); `unless` in the same sentence cancels the hit; `platforms` limits it."""

    kind: str
    section: str
    severity: Severity
    pattern: re.Pattern[str]
    needs: re.Pattern[str] | None = None
    needs_draft: bool = False
    unless: re.Pattern[str] | None = None
    unless_draft: re.Pattern[str] | None = None
    platforms: tuple[str, ...] = ()


_UNIT = r"(?:miljoen|million|miljard|billion|mln|bn|k|m)\b"
_MONEY = (rf"(?:€|\$|£|\beur\b|\beuro)\s?\d[\d.,]*(?:\s?{_UNIT})?|"
          rf"\b\d[\d.,]*\s?(?:{_UNIT}\s?)?(?:euro|eur|dollar)\b|"
          r"\b\d[\d.,]*\s?(?:miljoen|million|mln|miljard|billion)\b")
_PERCENT = r"\d[\d.,]*\s?(?:%|procent\b|percent\b)"
_BUSINESS = _rx(r"\b(?:omzet\w*|winst\w*|verlies\w*|marge\w*|kwarta\w+|jaarcijfer\w*|cijfers|target\w*|budget\w*|"
                r"prijs\w*|prijzen|tarie\w+|offerte\w*|aanbesteding\w*|order\w*|groei\w*|"
                r"revenue|profit\w*|loss(?:es)?|margin\w*|quarter\w*|q[1-4]|figures|numbers|turnover|sales|"
                r"pricing|price\w*|bid|tender|deal|growth|ebitda|forecast\w*|salar\w+|bonus\w*)\b")
_HIRING = _rx(r"\b(?:vacature\w*|we zoeken|zoeken (?:we|wij)|versterking|solliciteer\w*|kom (?:ons|bij)|"
              r"hiring|we(?:'re| are) looking|looking for|join (?:us|our)|apply|vacancy|job|role|position)\b")
_DISCLOSED = _rx(r"\b(?:ik werk (?:zelf )?(?:bij|voor)|ik ben werkzaam|werkzaam bij|mijn werkgever|disclaimer|"
                 r"full disclosure|disclosure|i work (?:at|for)|my employer|(?:werk|work) (?:er|there) zelf|"
                 r"ik werk (?:er|daar)|i(?:'m| am) (?:an? )?(?:employee|engineer|developer) (?:at|of))\b")
_NEGATED = r"\b(?:geen|niet|zonder|nooit|no|not|without|never|off|uit)\b"

DETECTORS: tuple[Detector, ...] = (
    # Figures: amounts and percentages next to business words.
    Detector("figures", "confidential-information", "risk", _rx(_MONEY, _PERCENT), needs=_BUSINESS),
    # Things not yet public.
    Detector("unannounced", "confidential-information", "risk", _rx(
        r"\bnog niet (?:officieel|openbaar|bekend|naar buiten|aangekondigd)\w*",
            r"\bvoordat (?:het|dit|ze) (?:bekend|officieel|openbaar)\w*",
        r"\bpas volgende (?:week|maand) naar buiten", r"\bverklap\w* (?:ik )?(?:alvast|al)\b", r"\balvast verklappen",
        r"\bbinnenkort\b", r"\bnot (?:yet )?(?:public|announced|official)\b",
            r"\bbefore (?:it'?s|it is|they'?re|the) (?:\w+ )?announced",
        r"\bcan'?t say (?:much|anything|too much) yet", r"\bsneak peek\b", r"\bbig things coming\b",
        r"\bstay tuned\b", r"\bwacht (?:maar )?(?:tot|af)\b", r"\bdeal closes\b", r"\bwe(?:'re| are) acquiring\b",
        r"\b(?:overname|reorganisatie|ontslagronde|ontslagen)\b", r"\b(?:wordt|worden) opgeheven\b",
        r"\bgaan er (?:bij ons )?(?:\w+ )?mensen uit\b", r"\b(?:acquisition|layoffs?|restructuring|merger)\b",
        r"\bpresenting to the board\b", r"\bals eerste hoort\b|\bhoort als eerste\b", r"\b(?:just )?between us\b",
        r"\bonder ons gezegd\b", r"\babout to lose\b", r"\bbiggest (?:client|customer)\b|\bgrootste klant\b",
        r"\b(?:internal|intern[e]?) (?:roadmap|planning|memo|cijfers|figures|document\w*)\b"),
        unless=_rx(r"\bofficieel (?:bekend|aangekondigd)\w*", r"\bofficially announced\b",
            r"\bannounced (?:publicly|today)\b")),
    # Personal data in the draft.
    Detector("personal_data", "confidential-information", "risk", _rx(
        r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",
            r"(?<!\d)(?:\+31|0031|0)\s?(?:6|[1-9]\d)[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)",
        r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}\s?(?:\d{4}\s?){2}\d{2}\b", r"\b(?:bsn|burgerservicenummer)\b[:\s]*\d{8,9}\b")),
    # Candidates and applicants talked about, or looked up, in public.
    Detector("applicant", "candidate-screening", "risk", _rx(
        r"\b(?:kandida\w+|sollicitant\w*|candidates?|applicants?)\b"),
        needs=_rx(r"\b(?:insta\w*|facebook|fb|tiktok|linkedin|profiel\w*|profile|account|social\w*|online|afgewezen|"
                  r"rejected|googled|gegoogled|hoofddoek|kinderen|vakantie|secret|geheim\w*)\b")),
    Detector("applicant_data", "candidate-data-storage", "risk", _rx(r"\bscreenshots?\b|\bbewaard\b|\bsaved\b"
        r"|\bopgeslagen\b"),
             needs=_rx(r"\b(?:kandida\w+|sollicitant\w*|candidates?|applicants?|hiring team)\b"), needs_draft=True),
    # Job ads that exclude people.
    Detector("exclusionary", "recruitment-posts", "risk", _rx(
        r"\bmax(?:imaal|imum|\.)? ?\d{2} ?(?:jaar|years?)\b", r"\b(?:under|onder|jonger dan|younger than) \d{2}\b",
        r"\bjong(?:e|en)?\b", r"\bjonge honden\b", r"\byoung\b", r"\bdigital natives?\b", r"\bnative speaker\b",
        r"\bmoedertaal\b", r"\bgirls?\b", r"\bmeisjes?\b", r"\bguys? only\b", r"\bmannen\b|\bvrouwen\b",
        r"\bmale\b|\bfemale\b", r"\bgeen (?:kinderwens|zwangerschap)\b", r"\blooks? (?:great|good)\b",
        r"\bknap\w*\b|\bpresentabel\b|\brepresentatie?f uiterlijk\b", r"\bfris(?:se)? (?:en|&) jong\b",
        r"\bgen ?z\b", r"\bboomers?\b"), needs=_HIRING, needs_draft=True),
    # Insults and profanity.
    Detector("insult", "core-principles", "risk", _rx(
        r"\b(?:dom(?:me|mer)?|idio(?:ot|ten|ten)|sukkel\w*|mongool|kanker\w*|tering\w*|kut\w*|klote\w*|debiel\w*|"
        r"achterlijk\w*|randdebiel|gestoord\w*|zielig\w*|stom(?:me)?|lul\w*)\b",
        r"\b(?:stupid|idiot\w*|moron\w*|dumb(?:est)?|fuck\w*|shit\w*|crap|bitch\w*|loser\w*|clown\w*|pathetic|"
        r"imbecile\w*|retard\w*|nonsense|liar\w*|lies)\b", r"\bwhat a joke\b", r"\blook in the mirror\b",
        r"\b(?:wore|droeg) (?:crocs|sneakers|slippers)\b", r"\bsaid 'like'|\byes,? i counted\b"),
        unless=_rx(r"\bdom(?:ein|ain)\b")),
    # Complaints about the employer, management or colleagues.
    Detector("complaint", "negative-posts", "risk", _rx(
        r"\b(?:rot|kut|klote|waardeloo?s?)(?:bedrijf|baas|tent|werkgever)\b",
        r"\b(?:this|my|our) (?:company|employer|job|workplace) (?:is|sucks)(?: a joke| the worst| terrible"
            r"| toxic)?\b",
        r"\b(?:couldn'?t|could not|doesn'?t|does not) care(?: less)?\b",
            r"\b(?:zegt|doet) (?:helemaal )?(?:niks|niets)\b",
        r"\b(?:laat|laten) ons (?:\w+ ){0,4}overwerken\b",
            r"\bniet (?:wordt )?uitbetaald\b|\bzonder (?:dat het wordt )?uitbetaald\b",
        r"\bunpaid overtime\b", r"\b#?rant\b", r"\b(?:has|have) no (?:clue|idea)\b", r"\bclueless\b",
        r"\bincompetent\w*\b", r"\b(?:ben|zijn) er (?:zo |helemaal )?klaar mee\b", r"\bdeze tent\b", r"\bben het zat\b",
        r"\b(?:sick|tired) of (?:this|my|our)\b", r"\bfed up\b", r"\bschandalig\b",
        r"\bworst (?:company|employer|boss)\b",
        r"\btoxic\b", r"\b'?forgetting'?\b",
            r"\bhate (?:my|this) (?:job|boss|manager)\b",
        r"\b(?:mijn|onze) (?:baas|manager|leidinggevende|werkgever)\b(?=[^.!?]*\b(?:nooit|weer|slecht"
            r"|waardeloos|laat|vergeet))"),
        needs=_rx(r"\b(?:werkgever|baas|manager|management|leidinggevende|directie|hr|bedrijf|company|employer|boss|"
                  r"vp|ceo|collega\w*|colleagues?|team|afdeling|werk|job|overwerken|uitbetaald|leave|verlof"
                      r"|rot\w+|kut\w+)\b"),
        needs_draft=True),
    # Praise or defence of a product without saying one works there.
    Detector("undisclosed", "disclose-affiliation", "risk", _rx(
        r"\bgeen reclame\b", r"\bnot (?:affiliated|sponsored)\b", r"\bjust a (?:fan|happy customer)\b",
        r"\b(?:gewoon )?een tevreden klant\b", r"\bde beste (?:op|van) de markt\b", r"\bbest on the market\b",
        r"\bway better than\b", r"\bveel beter dan\b", r"\bga dan naar\b", r"\bi (?:highly )?recommend\b",
        r"\baanrader\b", r"\bniet gesponsord\b", r"\bunbiased\b|\bonpartijdig\b"),
        unless_draft=_DISCLOSED),
    # Pictures of what should not be seen.
    Detector("visual", "confidential-information", "risk", _rx(
        r"\bscreenshots?\b", r"\bscreen ?caps?\b", r"\bwhite ?bo(?:a)?rd\w*\b", r"\bflip-?(?:over|chart)s?\b",
        r"\b(?:beeld)?schermen\b|\bscherm\b|\bscreens?\b|\bmonitors?\b", r"\btoegangspas\w*|\bpasje\b|\bbadges?\b",
        r"\bplanbord\b|\bkanban\b",
            r"\b(?:company |interne? |team)?(?:slack|teams|chat)(?:bericht"
                r"|message)?s?\b(?=[^.!?]*\b(?:screenshot|posted|gepost|foto))",
        r"\bpitch ?deck\b|\binterne? (?:slides?|presentatie|deck)\b", r"\bprijsberekening\w*\b|\bspreadsheet\w*\b",
        r"\bsprint ?board\b|\broadmap\b|\bswipe\b(?=[^.!?]*\b(?:plan|plans|planning|roadmap|whiteboard|board)\b)"),
        unless=_rx(r"\b(?:no|geen|without|zonder)\b[^.!?]{0,40}\b(?:on camera|in beeld|zichtbaar|visible|in shot)\b",
                   r"\b(?:schermen|scherm|screens?|monitors?) (?:uit|off)\b", r"\bout of shot\b|\bbuiten beeld\b")),
    # Old employer's inside knowledge.
    Detector("former_employer", "after-employment", "risk", _rx(
        r"\b(?:werk|ben) (?:ik )?niet meer (?:bij|voor)\b", r"\b(?:mijn )?(?:oude|vorige|ex-?)werkgever\b",
        r"\b(?:left|leaving) my (?:old |previous |former )?(?:employer|job|company)\b", r"\bformer employer\b",
        r"\bmy old (?:employer|company|job)\b", r"\bnu kan het\b|\bcan finally say\b")),
    # A new customer or contract named before it is announced.
    Detector("new_client", "confidential-information", "risk", _rx(
        r"\b(?:net|zojuist|eindelijk|vandaag) (?:\w+ ){0,3}(?:getekend|binnengehaald|gewonnen)\b",
        r"\b(?:just|finally) (?:signed|landed|closed|won)\b"),
        needs=_rx(r"\b(?:klant\w*|client\w*|customers?|contract\w*|deal|opdracht\w*|order)\b"),
        unless=_rx(r"\bofficieel (?:bekend|aangekondigd)\w*", r"\bofficially announced\b", r"\bannounced\b",
                   r"\bpersbericht\b|\bpress release\b")),
    # People who did not choose to be online: patients, pupils, customers in a picture.
    Detector("people_in_picture", "confidential-information", "risk", _rx(
        r"\b(?:pati[eë]nt\w*|patients?|leerling\w*|pupils?|bewoners?|residents?|cli[eë]nten|klanten|customers)\b"),
        needs=_rx(r"\b(?:foto\w*|photo\w*|pics?|selfie\w*|video\w*|filmpje\w*|camera|story|reel|vlog)\b"),
        unless=_rx(r"\b(?:no|geen|without|zonder)\b[^.!?]{0,40}"
                   r"\b(?:on camera|in beeld|zichtbaar|visible|in shot|herkenbaar)\b",
                   r"\b(?:toestemming|permission|consent)\b")),
    # Colleagues tagged: ask them first.
    Detector("tagging", "what-you-may-share", "caution", _rx(r"\b(?:getagd|tagged|tag(?:gen)?)\b"),
             needs=_rx(r"\b(?:collega\w*|colleagues?|team\w*|iedereen|everyone)\b"),
             unless=_rx(r"\b(?:toestemming|permission|gevraagd|asked|consent|mogen|okay|ok)\b")),
    # Pressure to share: advocacy is voluntary.
    Detector("advocacy_pressure", "employee-advocacy", "risk", _rx(
        r"\b(?:iedereen|jullie|allemaal)\b[^.!?]{0,40}\b(?:moet|moeten|verwacht)\b[^.!?]{0,40}"
        r"\b(?:liken|liket|delen|deelt|sharen|reposten)\b",
        r"\bverwacht (?:ik )?dat iedereen\b[^.!?]{0,60}\b(?:liket|deelt)\b",
        r"\b(?:everyone|everybody|all of you|you all)\b[^.!?]{0,40}"
        r"\b(?:must|has to|have to|needs? to|is expected to|should)\b"
        r"[^.!?]{0,40}\b(?:like|share|repost)\b",
        r"\bverplicht\w* (?:te )?(?:liken|delen)\b", r"\bmandatory (?:to )?(?:like|share)\w*\b",
        r"\b(?:who|wie) (?:hasn'?t|didn'?t|has not|niet) (?:shared|liked|gedeeld|geliked)\b")),
    # One's own statement or argument in a crisis: report it to webcare instead.
    Detector("crisis", "incident-reporting", "risk", _rx(
        r"\b(?:mijn|my) (?:eigen |own |persoonlijke |personal )?(?:statement|verklaring)\b",
        r"\b(?:datalek|data ?breach|hack(?:ed)?|gehackt|storing|outage)\b(?=[^.!?]*\b(?:statement|verklaring|reactie|"
        r"reply|response|wrong|onzin|nonsense|fout|klopt niet|not true)\b)",
        r"\b(?:nep-?account|fake account)\b(?=[^.!?]*\b(?:reactie|reply|replied|gereageerd|terug)\b)")),
    # Uniform or logo in a post that puts the organisation in a bad light.
    Detector("uniform", "private-use", "risk", _rx(
        r"\bin (?:mijn|ons|onze|my|our|company|the) (?:company )?(?:uniform|werkkleding|bedrijfskleding|work clothes|"
        r"work shirt)\b",
        r"\bmet (?:het|ons) (?:bedrijfs)?logo\b|\bwith (?:the|our) (?:company )?logo\b"),
        needs=_rx(r"\b(?:dronken|bezopen|drunk|wasted|zuipen|drinking|shots|feest\w*|party|prank|ruzie|fight)\b"),
        needs_draft=True),
    # Replies to reviews from one's own account.
    Detector("review_reply", "review-responses", "risk", _rx(
        r"\b(?:reactie|response|reply|antwoord) (?:van|from)\b", r"\b(?:jammer dat je|sorry (?:to hear|that you)|"
        r"you were|jij was|je was|your review|je review|this review|deze review)\b"), platforms=("glassdoor",)),
)


def _matches(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.search(text) is not None


def detect(text: str, platform: str | None = None) -> list[Hit]:
    """Every detector hit in `text`, in order of position; `text[h.start:h.end]` is the quoted words."""
    spans = sentence_spans(text)
    hits: list[Hit] = []
    for d in DETECTORS:
        if d.platforms and platform not in d.platforms:
            continue
        if d.unless_draft is not None and _matches(d.unless_draft, text):
            continue
        if d.needs is not None and d.needs_draft and not _matches(d.needs, text):
            continue
        for m in d.pattern.finditer(text):
            if m.end() <= m.start():
                continue
            sentence = _sentence_of(spans, m.start(), text)
            if d.needs is not None and not d.needs_draft and not _matches(d.needs, sentence):
                continue
            if d.unless is not None and _matches(d.unless, sentence):
                continue
            hits.append(Hit(d.kind, d.section, d.severity, m.start(), m.end()))
    return sorted(hits, key=lambda h: (h.start, h.end, h.kind))


def _sentence_of(spans: list[Span], at: int, text: str) -> str:
    for s in spans:
        if s.start <= at < s.end:
            return text[s.start:s.end]
    return text


def kinds() -> Iterator[str]:
    """The detector names, each once (for the messages' completeness test)."""
    yield from dict.fromkeys(d.kind for d in DETECTORS)
