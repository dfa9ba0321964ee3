"""Reading a Slack message before scoring it: small talk, the question sentence, a pasted draft.

People do not type tidy one-line questions. They say thanks, ask whether the bot
is a person, tell a short story before the question, or paste the post they want
to publish. Scoring such a message as one bag of words lets a side detail or the
words of the draft decide the topic. This module splits a message into what it is
(small talk or a question), the sentence that asks (`focus`), and the rest
(`context`, a quoted `draft`). Pure functions, no model: the engine weighs the parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold

# --- small talk: only when the whole message is nothing else --------------------------------

# Words that may surround a greeting, thanks or help request without making it a question.
_FILLER = frozenset(
    """hoi hallo hey hi hello hee hai heey hoii yo hiya dag daag goedemorgen goedemiddag goedenavond morgen
    morning good afternoon evening there all allemaal iedereen team bot smpolicy jij you u je
    ok oke okay okee oki prima cool top super mooi nice great fijn perfect helder duidelijk ah oh aha
    please pls plz aub alsjeblieft graag again weer nogmaals nog even ff so dan en and thx tnx ty
    heel erg echt really very much lot a so many veel vriendelijk hartelijk""".split()
)
_THANKS = frozenset(
    "thanks thank thankyou thx tnx ty cheers merci bedankt dank dankje dankjewel dankuwel bedankkt "
    "danku wel".split()
)
_GREETING = frozenset(
    "hoi hallo hey hi hello hee hai heey hoii yo hiya dag goedemorgen goedemiddag goedenavond "
    "morning afternoon evening".split()
)
_LAUGH = re.compile(r"^(?:(?:ha|he|hi|ja){2,}h?|l+o+l+|lmao|rofl|xd+|hihi+|😂)$")
_ACK = frozenset("ok oke okay okee oki prima cool top super mooi nice great fijn perfect helder duidelijk "
                 "begrepen understood got it gotcha aha ah oh yes ja jep yep nee no nope".split())

# Whole-message help requests and questions about the bot itself, folded.
_HELP = re.compile(
    r"^(?:help|hulp|info|menu|start|"
    r"(?:wat|waarmee) (?:kun|kan) (?:je|jij|u)(?: allemaal)?(?: (?:voor me|voor mij|mee))?(?: (?:doen|helpen))?|"
    r"wat (?:doe|doet) (?:je|jij|u)(?: allemaal)?|hoe werk(?:t)? (?:dit|je|jij|deze bot)|"
    r"hoe gebruik ik (?:dit|je|jou|deze bot)|waar(?:voor)? (?:ben|is) (?:je|jij|deze bot) voor|"
    r"what (?:can|do) you do|what are you for|how (?:does|do) (?:this|it|you) work|"
    r"how do i use (?:this|you|it|the bot|this bot)|what is this|wat is dit|"
    r"what can i ask(?: you)?|wat kan ik (?:je |jou |u )?vragen)$"
)
_ABOUT_BOT = re.compile(
    r"^(?:(?:ben|bent) (?:je|jij|u) (?:een )?(?:echte? )?(?:mens|bot|robot|ai|persoon|chatbot|computer)"
    r"(?: of (?:een )?(?:echte? )?(?:mens|bot|robot|ai|persoon))?|"
    r"are you (?:a |an )?(?:real )?(?:human|bot|robot|ai|person|chatbot)(?: or (?:a |an )?(?:human|bot|robot|ai|person))?|"
    r"wie (?:heeft|hebben) (?:je|jou|jij|deze bot) (?:gemaakt|gebouwd)|who (?:made|built|created) (?:you|this bot)|"
    r"hoe heet (?:je|jij)|what(?: is|s) your name|hoe gaat (?:het|ie)(?: vandaag)?(?: met (?:je|jou|u))?(?: vandaag)?|"
    r"how are you(?: doing)?(?: today)?|"
    r"(?:je bent|you are|youre) (?:geweldig|top|awesome|great|the best|de beste|slim|smart))$"
)


def small_talk(text: str) -> str | None:
    """'greeting', 'help', 'thanks', 'bot', 'laugh' or 'ack' when the whole message is that; else None.

    Only the whole message counts: "wat doe je als een collega iets negatiefs post?"
    starts like a help request and is a question.
    """
    tokens = fold(text).split()
    if not tokens:
        return None
    core = [t for t in tokens if t not in _FILLER or t in _THANKS]
    joined = " ".join(core)
    if not core:
        if any(t in _GREETING for t in tokens):
            return "greeting"
        return "ack"
    if len(tokens) <= 8 and all(t in _THANKS or t in _FILLER for t in tokens):
        return "thanks"
    if tokens[0] in _THANKS and len(tokens) <= 8 and "?" not in text:  # "thanks, that's all I needed!"
        return "thanks"
    stripped = " ".join(t for t in tokens if t not in _GREETING and t not in ("please", "pls", "aub", "even", "ff"))
    if _HELP.match(stripped) or _HELP.match(joined):
        return "help"
    if _ABOUT_BOT.match(stripped):
        return "bot"
    if all(_LAUGH.match(t) or t in _ACK or t in _FILLER for t in tokens) and any(_LAUGH.match(t) for t in tokens):
        return "laugh"
    if len(tokens) <= 3 and all(t in _ACK or t in _FILLER for t in tokens):
        return "ack"
    return None


# --- the parts of a question ------------------------------------------------------------------

_QUOTE_PAIRS = (('"', '"'), ("“", "”"), ("„", "”"), ("‘", "’"), ("'", "'"), ("«", "»"))
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_QUESTION_START = re.compile(
    r"^(?:mag|mogen|kan|kun|kunnen|moet|moeten|hoe|wat|wie|waar|wanneer|waarom|welke|welk|is|zijn|ben|"
    r"heb|hebben|wordt|worden|krijg|geldt|gelden|zou|zouden|klopt|hoef|hoeven|weet|"
    r"can|could|may|might|must|should|shall|do|does|did|is|are|am|was|were|will|would|how|what|who|"
    r"where|when|why|which|any|anyone|need|have|has)\b"
)
_CONTENT_MIN = 2  # a focus sentence needs this many content words to carry the topic on its own


@dataclass(frozen=True)
class Parts:
    """A message split for scoring: `focus` asks, `context` tells, `draft` is a pasted post."""

    text: str
    focus: str
    context: str
    draft: str | None


def _quoted_draft(text: str) -> tuple[str | None, str]:
    """The longest quoted passage of at least six words, and the text without it."""
    best: tuple[int, int] | None = None
    for open_, close in _QUOTE_PAIRS:
        start = 0
        while True:
            i = text.find(open_, start)
            if i < 0:
                break
            j = text.find(close, i + 1)
            if j < 0:
                break
            if open_ == "'" and i > 0 and text[i - 1].isalnum():  # an apostrophe: "it's", "foto's"
                start = i + 1
                continue
            if len(text[i + 1:j].split()) >= 6 and (best is None or j - i > best[1] - best[0]):
                best = (i, j)
            start = j + 1
    if best is None:
        return None, text
    i, j = best
    return text[i + 1:j].strip(), (text[:i] + " … " + text[j + 1:]).strip()


def quoted_draft(text: str) -> tuple[str | None, str]:
    """The longest quoted passage of at least six words (a pasted draft), and the text around it."""
    return _quoted_draft(text)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _asks(sentence: str) -> bool:
    return sentence.rstrip().endswith("?") or bool(_QUESTION_START.match(fold(sentence)))


def split_message(text: str, content_words) -> Parts:
    """The question sentence(s) of a message, the context around them, and a quoted draft.

    `content_words(text)` counts the words that can carry a topic (stop words removed).
    The focus is the last sentence that asks something, together with the one before
    it when that one asks too; a short focus ("kan dat?") is widened to the sentence
    before it, so it still names a topic.
    """
    draft, rest = _quoted_draft(text)
    if draft and content_words(rest) < _CONTENT_MIN + 1:  # "Ik wil dit posten: '…' Kan dat?": the draft is the topic
        return Parts(text, text, "", draft)
    sentences = _sentences(rest)
    asking = [n for n, s in enumerate(sentences) if _asks(s)]
    if len(sentences) <= 1 or not asking:
        return Parts(text, rest if draft else text, "", draft)
    last = asking[-1]
    chosen = [last]
    if last - 1 in asking:
        chosen.insert(0, last - 1)
    while content_words(" ".join(sentences[n] for n in chosen)) < _CONTENT_MIN and chosen[0] > 0:
        chosen.insert(0, chosen[0] - 1)
    focus = " ".join(sentences[n] for n in chosen)
    context = " ".join(s for n, s in enumerate(sentences) if n not in chosen)
    return Parts(text, focus, context, draft)
