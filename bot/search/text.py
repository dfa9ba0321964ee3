"""Text handling shared by indexing and querying: folding, terms, language.

Dutch and English questions arrive informal and misspelt. Terms are folded
(case, accents, punctuation), stop words dropped, and every word contributes
both its Dutch and its English stem, so one analysis serves both languages and
mixed questions ("mag ik een selfie posten?").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+")

STOPWORDS = frozenset(
    """
    de het een en of maar dat die dit deze der den des van voor naar met bij op in uit aan om over
    tot toe te ter door als dan ook nog wel niet geen wat wie waar wanneer hoe waarom welke welk
    ik je jij u hij zij ze wij we jullie mij me mijn jouw uw zijn haar ons onze hun hen men er hier daar
    is ben bent was waren wordt worden werd zijn heb hebt heeft hebben had kan kun kunt kunnen
    zal zou zullen moet moeten mag mogen wil wilt willen ga gaat gaan doe doet doen
    al alle alles iets iemand zo dus even eens ff gewoon eigenlijk nou toch maar
    the a an and or but if then of to in on at by for with from about into over as
    is are was were be been being am do does did doing have has had having can could
    will would shall should may might must i me my mine you your yours he him his she her
    it its we us our they them their this that these those what which who whom whose when
    where why how there here not no so just any some all also too very really
    """.split()
)

_STEMMERS = {lang: snowballstemmer.stemmer(name) for lang, name in (("nl", "dutch"), ("en", "english"))}


def fold(text: str) -> str:
    """Lower case without accents or punctuation: 'Privé-gebruik!' -> 'prive gebruik'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(stripped))


def words(text: str) -> list[str]:
    """Folded words of two or more characters, stop words removed."""
    return [w for w in fold(text).split() if len(w) > 1 and w not in STOPWORDS]


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The word's Dutch and English stems (one when they agree)."""
    nl = _STEMMERS["nl"].stemWord(word)
    en = _STEMMERS["en"].stemWord(word)
    return (nl,) if nl == en else (nl, en)


def split_compound(word: str, vocabulary: frozenset[str] | set[str], min_part: int = 3) -> tuple[str, ...]:
    """Split a Dutch compound into two known words: 'sollicitatiedossier' -> ('sollicitatie', 'dossier').

    Tries the split that keeps the longest head, allowing the linking letters
    's', 'e' and 'en' between the parts. Returns () when no split is found.
    """
    if len(word) < 2 * min_part + 1:
        return ()
    for cut in range(len(word) - min_part, min_part - 1, -1):
        head, tail = word[:cut], word[cut:]
        if tail not in vocabulary or len(tail) < min_part:
            continue
        for link in ("", "s", "e", "en"):
            if link and not head.endswith(link):
                continue
            base = head[: len(head) - len(link)] if link else head
            if len(base) >= min_part and base in vocabulary:
                return (base, tail)
    return ()


# --- platform slang and English verbs in Dutch sentences --------------------------------

# Short forms people type for platforms and things they post; mapped to the words the knowledge uses.
SLANG: dict[str, tuple[str, ...]] = {
    "insta": ("instagram",), "ig": ("instagram",), "fb": ("facebook",), "li": ("linkedin",),
    "tiktokje": ("tiktok", "video"), "tt": ("tiktok",), "twitter": ("x", "twitter"), "tweet": ("x", "tweet"),
    "dm": ("bericht", "message"), "pm": ("bericht", "message"), "pic": ("foto", "photo"), "pics": ("foto", "photo"),
    "fotootje": ("foto",), "filmpje": ("video", "filmpje"), "vid": ("video",), "vlog": ("video", "vlog"),
    "reel": ("video", "reel"), "reels": ("video", "reel"), "screenie": ("screenshot",), "screeny": ("screenshot",),
    "selfie": ("foto", "selfie"), "repost": ("delen", "share", "repost"), "retweet": ("delen", "share"),
    "baas": ("leidinggevende", "manager"), "teamlead": ("leidinggevende", "manager"),
}
# Dutch separable-verb particles: "houdt … bij" is a form of "bijhouden".
PARTICLES = frozenset("bij op aan uit in mee af door over terug weg voor na toe vast neer rond".split())


def english_verb_forms(word: str) -> tuple[str, ...]:
    """English verbs conjugated the Dutch way, back to the English word: 'sharen', 'gerepost', 'geliked' -> 'share', 'repost', 'like'.

    Candidates only; the caller keeps those its vocabulary knows.
    """
    out: list[str] = []
    if word.startswith("ge") and len(word) > 5:  # past participle: ge-post, ge-shared, ge-tagd
        stem = word[2:]
        for ending in ("ed", "d", "t"):
            if stem.endswith(ending):
                out += [stem[: -len(ending)], stem[: -len(ending)] + "e"]
        out.append(stem)
    for ending in ("en", "n", "t", "de", "te"):  # infinitive and present: sharen, reposten, liket
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[: -len(ending)]
            out += [base, base + "e"]
            if len(base) > 3 and base[-1] == base[-2]:  # taggen -> tag
                out.append(base[:-1])
    return tuple(dict.fromkeys(w for w in out if len(w) >= 3 and w != word))


# --- language ---------------------------------------------------------------------------

_NL_HINTS = frozenset("de het een ik je jij mag moet wat hoe wie waar wanneer niet geen mijn ons onze bij van voor over op is zijn heb kan kun wil hoi hallo dank bedankt dankjewel merci toppie goedemorgen graag welke waarom als ook nog".split())
_EN_HINTS = frozenset("the a an i you my our can may must what how who where when not no of for about on is are do does have hi hello thanks thank please which why if also still".split())


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.DUTCH, Language.ENGLISH).build()


def detect_language(text: str, default: str = "nl") -> str:
    """'nl' or 'en', offline.

    Function words decide when they clearly point one way (robust for very
    short, informal questions); otherwise lingua's statistical model decides.
    """
    tokens = fold(text).split()
    nl = sum(t in _NL_HINTS for t in tokens)
    en = sum(t in _EN_HINTS for t in tokens)
    if nl >= 2 * en + 1 and nl >= 1 and en == 0 or nl >= en + 2:
        return "nl"
    if en >= 2 * nl + 1 and en >= 1 and nl == 0 or en >= nl + 2:
        return "en"
    if not tokens:
        return default
    from lingua import Language

    values = _detector().compute_language_confidence_values(text)
    best = values[0] if values else None
    if best is None or best.value < 0.6:
        return default
    return "nl" if best.language == Language.DUTCH else "en"
