"""Every sentence the bot says, in Dutch and English, in one place.

Adapters pick a text by key and language: `say("help", "nl")`. Keeping them
here lets HR proofread the bot's voice in one file.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "help": {
        "nl": (
            "Hoi! Ik beantwoord vragen over onze social media richtlijnen: wat je wel en niet "
            "mag posten, hoe je reageert op negatieve berichten, werven via LinkedIn, privacy "
            "bij het screenen van kandidaten en meer. Stel je vraag gewoon in je eigen woorden, "
            "bijvoorbeeld:\n"
            "• Mag ik een foto van ons teamuitje op Instagram zetten?\n"
            "• Wat doe ik als iemand ons slecht beoordeelt op Glassdoor?\n"
            "• Moet ik vermelden dat ik hier werk als ik online reageer?\n"
            "Weet ik het antwoord niet zeker, dan stuur ik je vraag door naar HR."
        ),
        "en": (
            "Hi! I answer questions about our social media guidelines: what you may and may not "
            "post, how to deal with negative posts, recruiting on LinkedIn, privacy when "
            "screening candidates and more. Just ask in your own words, for example:\n"
            "• Can I put a photo of our team outing on Instagram?\n"
            "• What do I do when someone rates us badly on Glassdoor?\n"
            "• Do I have to say I work here when I comment online?\n"
            "When I'm not sure of the answer, I pass your question on to HR."
        ),
    },
    "invalid.empty": {
        "nl": "Ik zie geen vraag. Typ je vraag over social media, bijvoorbeeld: ‘Mag ik vacatures delen op LinkedIn?’",
        "en": "I don't see a question. Type your social media question, for example: ‘Can I share job openings on LinkedIn?’",
    },
    "invalid.no_words": {
        "nl": "Ik kan alleen vragen in woorden beantwoorden, niet alleen emoji of leestekens. Wat wil je weten?",
        "en": "I can only answer questions written in words, not just emoji or punctuation. What would you like to know?",
    },
    "invalid.binary": {
        "nl": "Dit lijkt geen tekst te zijn (het bevat binaire of stuurtekens). Typ je vraag als gewone tekst.",
        "en": "This does not look like text (it contains binary or control characters). Please type your question as plain text.",
    },
    "truncated": {
        "nl": "Je bericht was erg lang; ik heb alleen de eerste {limit} tekens gelezen.",
        "en": "Your message was very long; I only read the first {limit} characters.",
    },
    "clarify": {
        "nl": "Ik weet niet zeker welk onderwerp je bedoelt. Bedoel je een van deze?",
        "en": "I'm not sure which topic you mean. Did you mean one of these?",
    },
    "escalate": {
        "nl": "Hier kan ik in de richtlijnen geen betrouwbaar antwoord op vinden. Ik leg je vraag voor aan HR; {contact} kan je verder helpen.",
        "en": "I can't find a reliable answer to this in the guidelines. I'll put your question to HR; {contact} can help you further.",
    },
    "escalate.cli": {
        "nl": "Hier kan ik in de richtlijnen geen betrouwbaar antwoord op vinden. Stel je vraag aan {contact}.",
        "en": "I can't find a reliable answer to this in the guidelines. Please ask {contact}.",
    },
    "redirect": {
        "nl": "Dit valt buiten de social media richtlijnen. {redirect}",
        "en": "This is outside the social media guidelines. {redirect}",
    },
    "label.rule": {"nl": "De richtlijn", "en": "The guideline"},
    "label.do": {"nl": "Wel doen", "en": "Do"},
    "label.dont": {"nl": "Niet doen", "en": "Don't"},
    "label.contact": {"nl": "Vragen? Neem contact op met", "en": "Questions? Contact"},
    "label.link": {"nl": "Volledige richtlijn", "en": "Full guideline"},
    "label.reviewed": {"nl": "laatst herzien", "en": "last reviewed"},
    "label.faq": {"nl": "Kort antwoord", "en": "Short answer"},
    "label.candidates": {"nl": "Mogelijke onderwerpen", "en": "Possible topics"},
}


def say(key: str, language: str, **values: object) -> str:
    """The text for `key` in `language` (Dutch when unknown), with `values` filled in."""
    options = TEXTS[key]
    text = options.get(language) or options["nl"]
    return text.format(**values) if values else text
