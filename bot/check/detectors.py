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
    firm: bool = False  # stands whatever the risk model reads (an e-mail address is personal data in any post)


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
    negatable: bool = True  # "zonder klantnamen", "no whiteboard in shot": a negation just before cancels the hit
    firm: bool = False  # the words are the risk, whatever the post says around them (Hit.firm)


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
_ANNOUNCED = (r"\bofficieel (?:bekend|aangekondigd)\w*", r"\bofficially announced\b",
              r"\bannounced (?:publicly|today)\b")  # news that is out: not unannounced
# Already public: announced, or cited from the publication itself.
_PUBLISHED = _rx(*_ANNOUNCED, r"\b(?:persbericht\w*|press release|jaarverslag\w*|annual report|gepubliceerd|published|"
                 r"jaarcijfers (?:zijn|staan) (?:vandaag |net )?online)\b")
_NAME = r"(?-i:[A-Z][a-z]+(?: (?:van (?:der |den |de )?|de |der |ter )?[A-Z][a-z]+)+)"  # "Anna Visser", "Lisa van Dijk"
_PEOPLE = (r"\b(?:klant\w*|customers?|cli[eë]nt\w*|clients?|pati[eë]nt\w*|patients?|kandida\w+|candidates?|"
           r"sollicitant\w*|applicants?|collega\w*|colleagues?|coworkers?|gen ?z|boomers?|stagiair\w*|interns?|"
           r"baas|boss|manager)\b")  # the people we work with and for
_NEGATION_BEFORE = re.compile(r"\b(?:zonder|without|geen|no|nooit|never|nothing|niks|niets)\b(?:\W+\w+){0,3}\W*$", _I)

DETECTORS: tuple[Detector, ...] = (
    # Figures: amounts and percentages next to business words.
    Detector("figures", "confidential-information", "risk", _rx(_MONEY, _PERCENT), needs=_BUSINESS,
             unless_draft=_PUBLISHED),
    # Things not yet public.
    Detector("unannounced", "confidential-information", "risk", _rx(
        r"\bnog niet (?:officieel|openbaar|bekend|naar buiten|aangekondigd)\w*",
            r"\bvoordat (?:het|dit|ze) (?:bekend|officieel|openbaar)\w*",
        r"\bpas volgende (?:week|maand) naar buiten", r"\bpas (?:na|in|over|volgende|later) (?:\w+ ){0,3}(?:getekend|"
            r"ondertekend|bekend\w*|aangekondigd|officieel)\b",
        r"\bmag (?:het|dit|dat) (?:eigenlijk )?(?:nog )?niet (?:zeggen|vertellen|delen|verklappen)\b",
        r"\b(?:officiële )?aankondiging volgt\b", r"\bannouncement (?:follows|comes|is due|will be)\b",
        r"\b(?:you )?didn'?t hear (?:it|this|that) from me\b", r"\bik zeg (?:verder )?(?:niks|niets),? maar\b",
        r"\b(?:don'?t|do not) tell (?:my|the|our) (?:boss|manager)\b", r"\bniet (?:tegen|aan) (?:mijn|de) baas\b",
        r"\blet (?:\w+ ){0,3}op het nieuws\b|\bwatch the news\b", r"\b(?:wil|willen) (?:ons )?(?:\w+ )?overnemen\b",
        r"\b(?:nemen|neemt|nam|namen) (?:we |wij |ze |zij |jullie )?(?:\w+ ){0,3}(?:concurrent\w*|bedrijf\w*|"
            r"branchegeno\w+|start-?up|(?-i:[A-Z])[\w-]+) over\b",
        r"\b(?:overgenomen|takeover|taken over|buying us)\b", r"\b(?:rate card|tarievenkaart|prijslijst|price list)\b",
        r"\b(?:internal|interne?)\s+(?:\w+\s+){0,2}(?:deck|slides?|document\w*|memo|cijfers|figures|data|rapport|"
            r"report|tests?|analyse|analysis|planning|rate card)\b",
        r"\b(?:ran|tested|measured|benchmarked) internally\b|\bintern (?:getest|gemeten)\b",
        r"\bnog niet (?:getekend|ondertekend|rond|definitief)\b",
        r"\bnot (?:yet )?(?:signed|final|finali[sz]ed)\b", r"\bembargo\w*\b",
        r"\bofficial(?:ly)? (?:announcement|announced|launch) (?:is |comes )?(?:next|later|in)\b",
        r"\bverklap\w* (?:ik )?(?:alvast|al)\b", r"\balvast verklappen",
        r"\bbinnenkort\b", r"\bnot (?:yet )?(?:public|announced|official)\b",
            r"\bbefore (?:it'?s|it is|they'?re|the) (?:\w+ )?announced",
        r"\bcan'?t say (?:much|anything|too much) yet", r"\bsneak peek\b", r"\bbig things coming\b",
        r"\bstay tuned\b", r"\bwacht (?:maar )?(?:tot|af)\b", r"\bdeal closes\b", r"\bwe(?:'re| are) acquiring\b",
        r"\b(?:overname|reorganisatie|ontslagronde|ontslagen)\b", r"\b(?:wordt|worden) opgeheven\b",
        r"\bgaan er (?:bij ons )?(?:\w+ )?mensen uit\b", r"\b(?:acquisition|layoffs?|restructuring|merger)\b",
        r"\bpresenting to the board\b", r"\bals eerste hoort\b|\bhoort als eerste\b", r"\b(?:just )?between us\b",
        r"\bonder ons gezegd\b", r"\babout to lose\b", r"\bbiggest (?:client|customer)\b|\bgrootste klant\b",
        r"\b(?:internal|intern[e]?) (?:roadmap|planning|memo|cijfers|figures|document\w*)\b"),
        unless=_rx(*_ANNOUNCED)),
    # What was said inside, passed on outside.
    Detector("unannounced", "confidential-information", "risk", _rx(
        r"\b(?:all-?hands|town ?hall|personeelsbijeenkomst|interne? (?:meeting|bijeenkomst|overleg)|teamoverleg|"
        r"mt-overleg|kwartaalmeeting|board meeting)\b"),
        needs=_rx(r"\b(?:zei|zegt|vertelde|kondigde|announced|said|told|geschrapt|cut|schrappen|ontslagen|bonus\w*|"
                  r"reorganisatie|verhuizen|sluit|closing)\b")),
    # Personal data in the draft.
    Detector("personal_data", "confidential-information", "risk", _rx(
        # an address of a person, not a team's public mailbox (careers@, info@, pers@ ...)
        r"\b(?!(?:info|careers|jobs|vacatures?|werkenbij|recruitment|hr|pers|press|contact|support|people|talent|"
        r"team|communicatie|communications|media|privacy|klachten|complaints|sales|office|receptie|secretariaat|"
        r"klantenservice|service|webcare|hello|hallo|noreply|no-reply)@)[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",
        r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}\s?(?:\d{4}\s?){2}\d{2}\b", r"\b(?:bsn|burgerservicenummer)\b[:\s]*\d{8,9}\b"),
        firm=True),
    # A phone number: a person's, or an office's in an official reply (the risk model tells them apart).
    Detector("personal_data", "confidential-information", "risk", _rx(
        r"(?<!\d)(?:\+31|0031|0)\s?(?:6|[1-9]\d)[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")),
    # A bare nine-digit number in a draft that speaks of citizen service numbers.
    Detector("personal_data", "confidential-information", "risk", _rx(r"(?<!\d)(?<!\d[.,])\d{9}(?!\d|[.,]\d)"),
             needs=_rx(r"\b(?:bsn|burgerservice\w*|sofi\w*|social security|citizen service)\b"), needs_draft=True,
             firm=True),
    Detector("personal_data", "confidential-information", "risk", _rx(
        r"\b(?:klantnamen|klantgegevens|afleveradres\w*|adresgegevens|customer (?:names|details|data)|"
        r"delivery addresses|(?:hun|their|zijn|haar|his|her) (?:namen|names),? (?:\w+ ){0,2}(?:adres|address)\w*|"
        r"telefoonnummers?|phone numbers?)\b"),
        unless=_rx(r"\b(?:geen|no|zonder|without|onherkenbaar|blurred|geblurd|weggehaald)\b")),
    # A colleague's performance, warnings, dismissal or sickness: personnel matters stay inside.
    Detector("personnel", "confidential-information", "risk", _rx(
        r"\b(?:officiële |formele )?waarschuwing\b", r"\b(?:written|formal|official|final) warning\b",
        r"\b(?:zijn|haar|his|her) (?:prestaties|performance|functioneren)\b", r"\bverbetertraject\b|\bPIP\b",
        r"\b(?:was|is|got|werd|wordt) (?:\w+ )?(?:fired|ontslagen|let go|op staande voet)\b",
        r"\b(?:ziek ?gemeld|burn-?out|sick leave|ziekteverlof|in de ziektewet)\b"),
        needs=_rx(_PEOPLE, r"\b(?:team|afdeling|department)\b"), needs_draft=True),
    # Named people with details that identify them: customers, applicants, patients.
    Detector("named_person", "confidential-information", "risk", _rx(
        rf"\b(?:klant|cliënt|client|customer|patiënt|patient|sollicitant|kandidaat|candidate|applicant)"
        rf"(?: (?:of ours|van ons))?,? {_NAME}",
        rf"\b(?:sollicitatiegesprek|gesprek|interview)(?: gehad| had)? (?:met|with) {_NAME}",
        rf"\binterviewed {_NAME}",
        r"\b(?-i:[A-Z][a-z]+) (?:from|uit) (?-i:[A-Z][a-z]+)\b(?=[^.!?]*(?:reading this|dit leest|lees je dit))",
        r"\b(?:mevrouw|meneer|patiënt\w*|bewoner\w*|cliënt\w*|patient|resident|the lady|the man)\b (?:\w+ ){0,3}"
        r"(?:op|in|on|from) (?:kamer|room|bed) \d+",
        r"\b(?:mevrouw|meneer|bewoner\w*|patiënt\w*|the lady|the gentleman)\b[^.!?]{0,40}\b\d{2} (?:jaar|years?)\b"),
        unless=_rx(r"\b(?:toestemming|permission|consent)\b")),
    Detector("named_person", "confidential-information", "risk", _rx(
        r"\b(?:ze|zij|hij|she|he) is \d{2}\b(?! (?:jaar|years?) (?:in dienst|bij|at|with|hier|here))",
        r"\b\d{2} (?:jaar oud|years old)\b", r"\bwoont (?:in|op|aan)\b",
        r"\blives (?:in|on|at)\b", r"\b(?:haar|zijn|her|his) (?:adres|address|huisnummer)\b"),
        needs=_rx(_NAME), needs_draft=True, unless_draft=_rx(r"\b(?:toestemming|permission|consent)\b")),
    # Health: what a customer or patient is treated for is special personal data.
    Detector("health_data", "confidential-information", "risk", _rx(
        r"\b(?:antidepressiva|antidepressants?|medicijn\w*|medicatie|medication|medicine|prescriptions?|recept\w*|"
        r"diagnos\w+|ziekte\w*|therap\w+|chemo\w*)\b"),
        needs=_rx(r"\b(?:klant\w*|customers?|cli[eë]nt\w*|clients?|pati[eë]nt\w*|patients?|she|he|ze|hij|zij)\b"),
        needs_draft=True),
    # Candidates and applicants talked about, or looked up, in public.
    Detector("applicant", "candidate-screening", "risk", _rx(
        r"\b(?:kandida\w+|sollicitant\w*|candidates?|applicants?)\b"),
        needs=_rx(r"\b(?:insta\w*|facebook|fb|tiktok|linkedin|profiel\w*|profile|account|social\w*|online|afgewezen|"
                  r"rejected|googled|gegoogled|hoofddoek|kinderen|kids|children|zwanger\w*|pregnan\w*|religi\w+|"
                  r"gelovig|leeftijd|age|\d{2},|vakantie|secret|geheim\w*)\b")),
    # Screening people on their private socials before hiring them.
    Detector("applicant", "candidate-screening", "risk", _rx(
        r"\b(?:scroll|check|look|kijk|google|stalk|bekijk|doorzoek|spit)\w* (?:\w+ ){0,4}(?:their|hun|zijn|haar|his"
            r"|her)"
        r" (?:facebook|instagram|insta|socials?|profiel\w*|profiles?|tiktok|accounts?|feed)\b"),
        needs=_rx(r"\b(?:interview\w*|sollicit\w+|recruit\w*|kandida\w+|applicants?|candidates?|hire|hiring|aannemen|"
                  r"uitnodig\w*|inviting)\b"), needs_draft=True),
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
        r"\bgen ?z\b", r"\bboomers?\b"), needs=_HIRING, needs_draft=True, negatable=False,
        firm=True),  # "geen vrouwen" excludes
    # Insults and profanity.
    Detector("insult", "core-principles", "risk", _rx(
        r"\b(?:dom(?:me|mer)?|idio(?:ot|ten|ten)|sukkel\w*|mongool|kanker\w*|tering\w*|kut\w*|klote\w*|debiel\w*|"
        r"achterlijk\w*|randdebiel|gestoord\w*|zielig\w*|stom(?:me)?|lul\w*)\b",
        r"\b(?:stupid|idiot\w*|moron\w*|dumb(?:est)?|fuck\w*|shit\w*|crap|bitch\w*|loser\w*|clown\w*|pathetic|"
        r"imbecile\w*|retard\w*|nonsense|liar\w*|lies|annoying|greedy)\b", r"\bwhat a joke\b",
        r"\blook in the mirror\b",
        r"\b(?:hebberig\w*|graaier\w*|walgelijk\w*|irritant\w*|vervelend\w* mens\w*)\b",
        r"\bniet (?:goed )?(?:bij|wijs in) (?:hun|zijn|haar|je) hoofd\b", r"\bnever shuts? up\b",
        r"\bhoudt? (?:nooit|never) (?:zijn|haar|z'n|d'r) (?:mond|kop)\b",
        r"\b(?:pestkop\w*|bull(?:y|ies)|schreeuwlelijk)\b",
        r"\b(?:deserves?|verdient|verdienen) (?:their|hun|het|it)\b(?=[^.!?]*\b(?:lost|kwijt|pech|failure))",
        "\U0001F595|\U0001F921",
        r"\b(?:rating|ranking) (?:my|our) (?:coworkers|colleagues|customers|clients)\b"),
        unless=_rx(r"\bdom(?:ein|ain)\b")),
    # Mocking the people we work with: a customer, candidate or colleague next to a sneer.
    Detector("mocking", "core-principles", "risk", _rx(
        "\U0001F644|\U0001F480|\U0001F921", r"\bstorytime\b",
        rf"\b(?:worst|ergste|raarste|weirdest|dumbest|domste|irritantste|most annoying)\b(?= (?:\w+ ){{0,2}}{_PEOPLE})",
        r"\b(?:gen ?z|boomers?|millennials?),? (?:please|alsjeblieft)\b", r"\bok(?:é|ay)? boomer\b"),
        needs=_rx(_PEOPLE), needs_draft=True),
    # Complaints about the employer, management or colleagues.
    Detector("complaint", "negative-posts", "risk", _rx(
        r"\b(?:rot|kut|klote|waardeloo?s?)(?:bedrijf|baas|tent|werkgever)\b",
        r"\b(?:this|my|our) (?:company|employer|job|workplace) (?:sucks|is (?:a joke|the worst|terrible|toxic"
            r"|a mess))\b",
        r"\b(?:betaalt|betalen) (?:\w+ ){0,3}niet uit\b", r"\bga (?:nooit|never) (?:werken )?bij\b",
        r"\bnever (?:work|apply) (?:for|at)\b", r"\b(?:als|like) (?:vuil|oud vuil|dirt|garbage|trash)\b",
        r"\bgeen (?:moer|bal|donder|reet)\b", r"\b(?:een )?schande\b", r"\bthanks for nothing\b|#thanksfornothing",
        r"\b(?:liegen|liegt|lie|lying) (?:over|about)\b", r"\blove that for us\b", r"\bonder het minimum\b",
        r"\b(?:caused by|veroorzaakt door|de schuld van|fault of) (?:the )?(?:management|directie|leiding|bazen)\b",
        r"#(?:hatemyjob|corporatehell|toxicworkplace|ikbenerklaarmee)\b",
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
        needs=_rx(r"\b(?:werkgever|baas|manager|management|leidinggevende|directie|directeur|director|ceo|personeel|"
                  r"staff|medewerkers|roosters?|bonus\w*|hr|bedrijf|company|employer|boss|"
                  r"vp|ceo|collega\w*|colleagues?|team|afdeling|werk|job|overwerken|uitbetaald|leave|verlof"
                      r"|rot\w+|kut\w+)\b"),
        needs_draft=True),
    # Praise or defence of a product without saying one works there.
    Detector("undisclosed", "disclose-affiliation", "risk", _rx(
        r"\bgeen reclame\b", r"\bnot (?:affiliated|sponsored)\b", r"\bjust a (?:fan|happy customer)\b",
        r"\b(?:gewoon )?een tevreden klant\b", r"\bde beste (?:op|van) de markt\b", r"\bbest on the market\b",
        r"\bway better than\b", r"\bveel beter dan\b", r"\bga dan naar\b", r"\bi (?:highly )?recommend\b",
        r"\baanrader\b", r"\bniet gesponsord\b", r"\bunbiased\b|\bonpartijdig\b",
        r"\bdon'?t buy (?:from |at )?\b", r"\bkoop (?:geen|niet|nooit)\b", r"\bgo with \w+ instead\b",
        r"\b(?:stap|switch) (?:over )?(?:naar|to)\b", r"\b(?:neutral|independent) (?:observer|opinion)\b",
        r"\bneutrale (?:buitenstaander|waarnemer|mening)\b",
        r"\b(?:is|zijn|are) (?:gewoon |echt |veel |way |far |much )?(?:beter|better|veiliger|safer|goedkoper|cheaper|"
        r"more (?:secure|reliable)) (?:dan|than) (?:(?-i:[A-Z])\w+|de concurr\w+|the competition|competitors?|de rest|"
        r"the rest|anderen|others|alle andere\w*|any other)", r"\bgewoon beter\b", r"\bis een drama\b",
        r"#niet ?gesponsord\b|#eerlijke ?review\b|#notsponsored\b|#honestreview\b",
        r"\bjust a (?:regular|normal|random) (?:user|customer|guy|buyer)\b", r"\bgewoon een (?:klant|gebruiker)\b",
        r"\bbest (?:value|deal|\w+) on the market\b", r"\bbeste \w+ (?:die ik ooit|ooit)\b",
        r"\bdon'?t waste your money\b|\bzonde van je geld\b", r"\bswitch already\b",
        r"\b\w+ keer (?:beter|slimmer|sneller|goedkoper) dan\b", r"\b(?:beat|verslaat|versloeg) (?:them|hen|ze)\b",
        r"\bik weet toevallig\b|\bi happen to know\b|\btrust me\b(?=[^.!?]*\b(?:product|brand|merk|factory|fabriek))"),
        unless_draft=_DISCLOSED),
    Detector("undisclosed", "disclose-affiliation", "risk", _rx(
        r"\b(?:waar ik werk|where i work|mijn (?:eigen )?werkgever|my (?:own )?employer|(?:ik|i) work there)\b"),
        needs=_rx(r"\b(?:reviews?|recensie\w*|sterren|stars|rating|beoordeling)\b|⭐"), needs_draft=True,
        unless_draft=_rx(r"\b(?:disclaimer|full disclosure|eerlijkheidshalve)\b")),
    # Pictures of what should not be seen.
    Detector("visual", "confidential-information", "risk", _rx(
        r"\bscreenshots?\b", r"\bscreen ?caps?\b", r"\bwhite ?bo(?:a)?rd\w*\b", r"\bflip-?(?:over|chart)s?\b",
        r"\btoegangspas\w*|\bpasje\b|\bbadges?\b",
        r"\bplanbord\b|\bkanban\b",
            r"\b(?:company |interne? |team)?(?:slack|teams|chat)(?:bericht"
                r"|message)?s?\b(?=[^.!?]*\b(?:screenshot|posted|gepost|foto))",
        r"\bpitch ?deck\b|\binterne? (?:slides?|presentatie|deck)\b", r"\bprijsberekening\w*\b|\bspreadsheet\w*\b",
        r"\bsprint ?board\b|\broadmap\b|\bswipe\b(?=[^.!?]*\b(?:plan|plans|planning|roadmap|whiteboard|board)\b)"),
        unless=_rx(r"\b(?:no|geen|without|zonder)\b[^.!?]{0,40}\b(?:on camera|in beeld|zichtbaar|visible|in shot)\b",
                   r"\b(?:schermen|scherm|screens?|monitors?) (?:uit|off)\b", r"\bout of shot\b|\bbuiten beeld\b")),
    Detector("visual", "confidential-information", "risk", _rx(
        r"\b(?:beeld)?schermen\b|\bscherm\b|\bscreens?\b|\bmonitor(?:s|en)?\b"),
        needs=_rx(r"\b(?:foto\w*|photo\w*|pics?|selfie\w*|video\w*|filmpje\w*|camera|story|reel|vlog\w*|in beeld|"
                  r"te zien|zichtbaar|visible|behind|achter|background|achtergrond|kijkje|tour|rondleiding|filming"
                      r"|filmen|"
                  r"werkplek|workspace|desk|bureau|setup)\b"),
        needs_draft=True,
        unless=_rx(r"\b(?:no|geen|without|zonder)\b[^.!?]{0,40}\b(?:on camera|in beeld|zichtbaar|visible|in shot)\b",
                   r"\b(?:schermen|scherm|screens?|monitors?) (?:uit|off)\b", r"\bout of shot\b|\bbuiten beeld\b",
                   r"\bachter de schermen\b|\bscreen ?readers?\b|\bbehind the screens?\b")),  # idioms, tools
    # Old employer's inside knowledge.
    Detector("former_employer", "after-employment", "risk", _rx(
        r"\b(?:werk|ben) (?:ik )?niet meer (?:bij|voor)\b", r"\b(?:mijn )?(?:oude|vorige|ex-?)werkgever\b",
        r"\b(?:left|leaving) my (?:old |previous |former )?(?:employer|job|company)\b", r"\bformer employer\b",
        r"\bmy old (?:employer|company|job)\b", r"\bnu kan het\b|\bcan finally say\b",
        r"\b(?:vertrokken|weg(?:gegaan)?) bij (?-i:[A-Z])\w+", r"\bsince i left (?-i:[A-Z])\w+",
        r"\b(?:eindelijk|finally) (?:\w+ ){0,2}(?:openlijk|openly|vrijuit|freely)\b"),
        unless=_rx(r"\bannounced\b|\bofficieel\b|\bbekendgemaakt\b")),
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
        r"\b(?:who|wie) (?:hasn'?t|didn'?t|has not|niet) (?:shared|liked|gedeeld|geliked)\b",
        r"\b(?:asked|told|wants|expects) (?:all of us|everyone|us all|the whole team) to (?:leave|write|post|share"
            r"|like)\b",
        r"\b(?:checking|checks|tracks|keeps track of) who\b", r"\b(?:hou|houd|houdt) (?:ik )?bij wie\b",
        r"\b(?:deelt|delen|post|posten|liket|liken) (?:\w+ ){0,5}verplicht\b",
        r"\b(?:mee in|part of) (?:de|het|your|the) (?:jaarlijkse |annual )?(?:beoordeling|functionering\w*|"
        r"performance review|appraisal)\b")),
    # Watching colleagues' private accounts.
    Detector("monitoring", "monitoring", "risk", _rx(
        r"\b(?:fake|nep|anoniem\w*|anonymous|secret|geheim\w*)[- ]?(?:account|profiel)\w*\b",
        r"\b(?:volg|follow|check|bekijk|stalk)\w* (?:\w+ ){0,4}(?:privé|private|personal)[- ]?(?:\w+ )?"
        r"(?:accounts?|insta'?s?|profiel\w*|profiles?|socials?)\b"),
        needs=_rx(r"\b(?:team\w*|medewerkers?|employees?|staff|personeel|collega\w*|colleagues?|ondergeschikten)\b"),
        needs_draft=True),
    # One's own statement or argument in a crisis: report it to webcare instead.
    Detector("crisis", "incident-reporting", "risk", _rx(
        r"\b(?:mijn|my) (?:eigen |own |persoonlijke |personal )?(?:statement|verklaring)\b",
        r"\b(?:datalek|data ?breach|hack(?:ed)?|gehackt|storing|outage)\b(?=[^.!?]*\b(?:statement|verklaring|reactie|"
        r"reply|response|wrong|onzin|nonsense|fout|klopt niet|not true)\b)",
        r"\b(?:nep-?account|fake account)\b(?=[^.!?]*\b(?:reactie|reply|replied|gereageerd|terug)\b)")),
    # Telling the story behind news about us: the organisation answers that through its own channels.
    Detector("crisis", "incident-reporting", "risk", _rx(
        r"\bwat er (?:echt|werkelijk|eigenlijk) (?:is )?gebeurd\b", r"\bwhat (?:really|actually) happened\b",
        r"\bde (?:echte|ware) (?:reden|oorzaak|toedracht)\b", r"\bthe (?:real|true) (?:reason|cause|story)\b",
        r"\b(?:ik kan|kan ik) (?:je )?(?:bevestigen|vertellen dat)\b", r"\bi can (?:confirm|tell you that)\b",
        r"\b(?:insider|van binnenuit)\b", r"\bniet wat (?:de|het) (?:krant|nieuws|media) (?:zegt|schrijft)\b",
        r"\bnot what (?:the|our) (?:\w+ ){0,2}(?:says|said|claims)\b",
        r"\b(?:they'?ll|ze gaan|zullen) (?:het )?(?:deny|ontkennen)\b",
        r"\beveryone (?:inside|here|internally) knows\b|\biedereen (?:hier |intern )?weet (?:het|dat)\b",
        r"\b(?:reassure|geruststellen)\b", r"\bwe take this (?:\w+ )?seriously\b",
        r"\b(?:fully|volledig) (?:contained|onder controle)\b",
        r"\b(?:as someone who works there|als iemand die (?:er|daar) werkt)\b"),
        needs=_rx(r"\b(?:nieuws|news|krant\w*|pers|press|journalist\w*|artikel|article|media|incident\w*|ongeluk|"
                  r"accident|brand|fire|recall|storing|outage|datalek|breach|onderzoek|investigation|rel|ophef|"
                  r"viral|trending|ransomware|hack\w*|lek|leak|status ?page|staking|strike)\b"), needs_draft=True),
    # Speaking as the organisation from a personal account.
    Detector("speaks_for", "core-principles", "caution", _rx(
        r"\bnamens (?:het bedrijf|de organisatie|ons bedrijf|onze organisatie|de directie|(?-i:[A-Z])\w+)\b",
        r"\bon behalf of (?:the company|our company|the organi[sz]ation|management|(?-i:[A-Z])\w+)\b",
        r"\b(?:ons|our) (?:officiële |official )?(?:standpunt|position|statement) is\b",
        r"\b(?:als|as (?:a|the)) (?:woordvoerder|spokes(?:person|man|woman))\b",
        r"\bwe (?:as a company|als bedrijf|als organisatie)\b",
        r"\bik spreek (?:hier )?voor (?:het bedrijf|ons allemaal)\b",
        r"\bnamens (?:alle|al onze|al mijn|de hele) (?:medewerkers|collega\w*|personeel|staff)\b",
        r"\bwe (?:at|bij) (?-i:[A-Z])\w+\b(?! (?:are hiring|zoeken))"),
        unless=_rx(r"\bniet namens\b|\bnot on behalf\b|\bpersoonlijke? (?:mening|titel)\b|\bmy own (?:views?"
            r"|opinion)\b")),
    # Uniform or logo in a post that puts the organisation in a bad light.
    Detector("uniform", "private-use", "risk", _rx(
        r"\b(?:in|wearing|met|still in) (?:mijn |ons |onze |my |our |the |company )?(?:\w+ )?(?:uniform|werkkleding|"
        r"bedrijfskleding|work clothes|work shirt|werkshirt)\b",
        r"\bmet (?:het|ons) (?:bedrijfs)?logo\b|\bwith (?:the|our) (?:company )?logo\b"),
        needs=_rx(r"\b(?:dronken|bezopen|drunk|wasted|zuipen|drinking|shots|feest\w*|party\w*|prank|ruzie|fight|"
                  r"afterwork|kroeg\w*|bar|3am|noregrets)\b|\U0001F37B|\U0001F37A|\U0001F92A"),
        needs_draft=True),
    # Replies to reviews from one's own account.
    Detector("review_reply", "review-responses", "risk", _rx(
        r"\b(?:reactie|response|reply|antwoord) (?:van|from)\b", r"\b(?:jammer dat je|sorry (?:to hear|that you)|"
        r"you were|jij was|je was|your review|je review|this review|deze review)\b"), platforms=("glassdoor",)),
    Detector("review_reply", "review-responses", "risk", _rx(
        r"\b(?:reply|replying|responding|response|reageren|reageer|reactie|antwoord)\w* (?:\w+ ){0,4}(?:to|on|op) "
        r"(?:the |that |this |a |your |die |de |deze |een |jouw |je )?(?:\w+ ){0,2}(?:reviews?|recensie\w*)\b",
        r"\b(?:response|reply|reactie|antwoord) (?:to|op) ['\u2018\u201c\"]",
        r"\b(?:whoever|wie (?:er )?ook|to the person who) (?:\w+ ){0,3}(?:left|wrote|posted|placed|geschreven"
            r"|geplaatst|"
        r"achtergelaten) (?:that |this |the |die |deze |de |een )?(?:[\w-]+ ){0,2}(?:reviews?|recensie\w*)\b",
        r"\b(?:reactie|reply|response|antwoord) (?:\w+ ){0,2}(?:op|to) (?:\w+ ){0,2}[\w-]*(?:recensie|review)s?\b",
        r"\b(?:beste|geachte) (?:meneer|mevrouw|heer)\b(?=[^\n]*\b(?:u was|u bent|uw (?:review|recensie)))")),
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
            if d.negatable and _NEGATION_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                continue
            hits.append(Hit(d.kind, d.section, d.severity, m.start(), m.end(), d.firm))
    return sorted(hits, key=lambda h: (h.start, h.end, h.kind))


def _sentence_of(spans: list[Span], at: int, text: str) -> str:
    for s in spans:
        if s.start <= at < s.end:
            return text[s.start:s.end]
    return text


def kinds() -> Iterator[str]:
    """The detector names, each once (for the messages' completeness test)."""
    yield from dict.fromkeys(d.kind for d in DETECTORS)
