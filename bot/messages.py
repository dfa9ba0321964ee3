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
    "smalltalk.thanks": {
        "nl": "Graag gedaan! Vraag gerust als je nog iets wilt weten over social media.",
        "en": "You're welcome! Just ask if there's anything else about social media.",
    },
    "smalltalk.laugh": {
        "nl": "😄 Heb je een vraag over social media en ons werk? Stel hem gerust.",
        "en": "😄 Got a question about social media and work? Go ahead and ask.",
    },
    "smalltalk.ack": {
        "nl": "👍 Laat het weten als je nog een vraag hebt.",
        "en": "👍 Let me know if you have another question.",
    },
    "smalltalk.bot": {
        "nl": "Ik ben een bot, geen mens: ik zoek het antwoord op in onze social media richtlijnen. "
              "Weet ik het niet zeker, dan stuur ik je vraag door naar een collega van HR.",
        "en": "I'm a bot, not a person: I look the answer up in our social media guidelines. "
              "When I'm not sure, I pass your question on to a colleague in HR.",
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
    "invalid.json": {
        "nl": "Deze regel begint als JSON maar is geen object met een tekstveld \"text\", "
              "bijvoorbeeld {\"text\": \"Mag ik vacatures delen?\", \"thread\": \"1\"}.",
        "en": "This line starts like JSON but is not an object with a string \"text\" field, "
              "for example {\"text\": \"Can I share job openings?\", \"thread\": \"1\"}.",
    },
    "follow_up": {  # the context line above an answer read as a follow-up
        "nl": "↪ Vervolg op je vorige vraag over *{topic}*",
        "en": "↪ Following up on your previous question about *{topic}*",
    },
    "truncated": {
        "nl": "Je bericht was erg lang; ik heb alleen de eerste {limit} tekens gelezen.",
        "en": "Your message was very long; I only read the first {limit} characters.",
    },
    "clarify": {
        "nl": "Ik weet niet zeker welk onderwerp je bedoelt. Bedoel je een van deze?",
        "en": "I'm not sure which topic you mean. Did you mean one of these?",
    },
    "clarify_one": {
        "nl": "Ik weet niet zeker of ik je goed begrijp. Bedoel je dit onderwerp?",
        "en": "I'm not sure I understand you. Is this the topic you mean?",
    },
    "escalate": {
        "nl": "Hier kan ik in de richtlijnen geen betrouwbaar antwoord op vinden. Ik leg je vraag voor aan HR; {contact} kan je verder helpen.",
        "en": "I can't find a reliable answer to this in the guidelines. I'll put your question to HR; {contact} can help you further.",
    },
    "escalate.cli": {
        "nl": "Hier kan ik in de richtlijnen geen betrouwbaar antwoord op vinden. Stel je vraag aan {contact}.",
        "en": "I can't find a reliable answer to this in the guidelines. Please ask {contact}.",
    },
    "redirect": {  # the not-covered entry's own text says where to go instead
        "nl": "{redirect}",
        "en": "{redirect}",
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


# --- Slack: buttons, escalation to HR, the App Home -----------------------------------------
# HR-facing texts (slack.hr.*) are shown in the HR channel in HR_LANGUAGE (bot.render.kit.HR_LANGUAGE).
TEXTS.update({
    "slack.helpful": {"nl": "👍 Nuttig", "en": "👍 Helpful"},
    "slack.not_helpful": {"nl": "👎 Niet nuttig", "en": "👎 Not helpful"},
    "slack.none_of_these": {"nl": "Geen van deze", "en": "None of these"},
    "slack.thanks": {"nl": "Fijn dat ik je kon helpen, bedankt voor je reactie!", "en": "Glad I could help, thanks for letting me know!"},
    "slack.offer_forward": {
        "nl": "Jammer dat dit je niet verder hielp. Zal ik je vraag doorsturen naar HR?",
        "en": "Sorry that didn't help. Shall I forward your question to HR?",
    },
    "slack.forward_named": {"nl": "Doorsturen met mijn naam", "en": "Forward with my name"},
    "slack.forward_anonymous": {"nl": "Anoniem doorsturen", "en": "Forward anonymously"},
    "slack.forwarded": {
        "nl": "HR heeft je vraag ontvangen; {contact} kan je verder helpen. Het antwoord van HR stuur ik je hier in een privébericht.",
        "en": "HR has your question; {contact} can help you further. I'll send you HR's answer in a direct message.",
    },
    "slack.forwarded_anonymous": {
        "nl": "HR heeft je vraag ontvangen, zonder je naam; {contact} kan je verder helpen. Het antwoord van HR stuur ik je in een privébericht.",
        "en": "HR has your question, without your name; {contact} can help you further. I'll send you HR's answer in a direct message.",
    },
    "slack.reply_follows": {
        "nl": "Het antwoord van HR stuur ik je in een privébericht.",
        "en": "I'll send you HR's answer in a direct message.",
    },
    "slack.hr_answer": {"nl": "HR heeft je vraag beantwoord:", "en": "HR answered your question:"},
    "slack.your_question": {"nl": "Je vraag", "en": "Your question"},
    "slack.hr.title": {"nl": "Vraag voor HR", "en": "Question for HR"},
    "slack.hr.asked_by": {"nl": "Gesteld door", "en": "Asked by"},
    "slack.hr.anonymous": {"nl": "anoniem", "en": "anonymous"},
    "slack.hr.language": {"nl": "Taal", "en": "Language"},
    "slack.hr.via": {"nl": "Via", "en": "Via"},
    "slack.hr.topics": {"nl": "Dichtstbijzijnde onderwerpen", "en": "Closest topics"},
    "slack.hr.no_topics": {"nl": "geen", "en": "none"},
    "slack.hr.how": {
        "nl": "Antwoord in de thread onder dit bericht: het eerste antwoord van HR stuur ik door naar de medewerker.",
        "en": "Reply in the thread under this message: I send the first reply from HR to the employee.",
    },
    "slack.hr.answered": {
        "nl": "✅ Beantwoord door <@{user}>; het antwoord is doorgestuurd naar de medewerker.",
        "en": "✅ Answered by <@{user}>; the reply was sent to the employee.",
    },
    "slack.home.title": {"nl": "Social media richtlijnen-assistent", "en": "Social media guidelines assistant"},
    "slack.home.how_title": {"nl": "Zo stel je een vraag", "en": "How to ask"},
    "slack.home.how": {
        "nl": "• Stuur me een privébericht (tabblad *Berichten* hierboven).\n• Typ `/smpolicy je vraag` in een willekeurig kanaal; alleen jij ziet het antwoord.\n• Noem me met @ in een kanaal; ik antwoord in een thread.\nIk antwoord in het Nederlands of Engels, net als je vraag.",
        "en": "• Send me a direct message (the *Messages* tab above).\n• Type `/smpolicy your question` in any channel; only you see the answer.\n• Mention me with @ in a channel; I answer in a thread.\nI answer in Dutch or English, like your question.",
    },
    "slack.home.topics": {"nl": "Onderwerpen die ik ken", "en": "Topics I know"},
    "slack.home.contacts": {"nl": "Contactpersonen bij HR", "en": "HR contacts"},
    "slack.error": {
        "nl": "Er ging iets mis bij het beantwoorden van je vraag. Probeer het later nog eens of vraag het {contact}.",
        "en": "Something went wrong while answering your question. Please try again later or ask {contact}.",
    },
})


# --- HR: report, reload, knowledge problems, "Add to knowledge" ------------------------------
TEXTS.update({
    "slack.hr_only": {
        "nl": "`/smpolicy {command}` is alleen voor HR (leden van het HR-kanaal of SMPOLICY_HR_USERS). Je vraag over social media kun je gewoon stellen: `/smpolicy je vraag`.",
        "en": "`/smpolicy {command}` is for HR only (members of the HR channel or SMPOLICY_HR_USERS). You can still ask your social media question: `/smpolicy your question`.",
    },
    "slack.report.title": {"nl": "HR-overzicht", "en": "HR summary"},
    "slack.report.counts": {
        "nl": "*Vragen:* {last_7} in de laatste 7 dagen, {last_30} in de laatste 30 dagen",
        "en": "*Questions:* {last_7} in the last 7 days, {last_30} in the last 30 days",
    },
    "slack.report.rates": {
        "nl": "*Laatste 30 dagen:* {answered} beantwoord · {clarified} verduidelijkt · {escalated} naar HR · {redirected} doorverwezen",
        "en": "*Last 30 days:* {answered} answered · {clarified} clarified · {escalated} to HR · {redirected} redirected",
    },
    "slack.report.top": {"nl": "*Onderwerpen die het vaakst bij HR uitkwamen:*", "en": "*Topics most often escalated to HR:*"},
    "slack.report.open": {"nl": "*Open vragen bij HR:* {count}", "en": "*Questions waiting for HR:* {count}"},
    "slack.report.undelivered": {
        "nl": "*Kon niet worden bezorgd (opgegeven):* {count}",
        "en": "*Could not be delivered (given up):* {count}",
    },
    "slack.report.overdue": {
        "nl": "*Onderwerpen langer dan een jaar niet herzien:*",
        "en": "*Topics not reviewed for over a year:*",
    },
    "slack.report.none": {"nl": "geen", "en": "none"},
    "slack.report.more": {"nl": "en nog {count}", "en": "and {count} more"},
    "slack.reload.busy": {"nl": "De kennisbank wordt gecontroleerd en opnieuw geladen…", "en": "Checking and reloading the knowledge…"},
    "slack.reload.changed": {"nl": "✅ Kennisbank opnieuw geladen ({detail}).", "en": "✅ Knowledge reloaded ({detail})."},
    "slack.reload.unchanged": {"nl": "De kennisbank is niet veranderd; er is niets opnieuw geladen.", "en": "The knowledge has not changed; nothing was reloaded."},
    "slack.reload.failed": {
        "nl": "❌ De kennisbank is niet geladen: {count} probleem/problemen. De bot antwoordt verder met de laatste goede versie. Herstel:",
        "en": "❌ The knowledge was not loaded: {count} problem(s). The bot keeps answering from the last good version. Fix:",
    },
    "slack.reload.error": {
        "nl": "❌ Opnieuw laden mislukt ({error}); de bot antwoordt verder met de laatste goede versie.",
        "en": "❌ Reloading failed ({error}); the bot keeps answering from the last good version.",
    },
    "slack.knowledge.broken": {
        "nl": "⚠️ De kennisbank is gewijzigd maar bevat {count} probleem/problemen. De bot antwoordt verder met de laatste goede versie tot dit is hersteld:",
        "en": "⚠️ The knowledge folder changed but has {count} problem(s). The bot keeps answering from the last good version until they are fixed:",
    },
    "slack.add.choose": {"nl": "Kies een onderwerp…", "en": "Choose a topic…"},
    "slack.add.example": {"nl": "Als voorbeeld toevoegen", "en": "Add as example"},
    "slack.add.faq": {"nl": "Nieuwe FAQ met dit antwoord", "en": "New FAQ entry with this answer"},
    "slack.add.example_done": {
        "nl": "✅ <@{user}> heeft de vraag als voorbeeld toegevoegd aan *{section}* ({file}); de bot herkent deze vraag nu.",
        "en": "✅ <@{user}> added the question as an example to *{section}* ({file}); the bot now recognises it.",
    },
    "slack.add.example_known": {
        "nl": "Deze vraag staat al als voorbeeld bij *{section}*.",
        "en": "This question is already an example of *{section}*.",
    },
    "slack.add.faq_done": {
        "nl": "✅ <@{user}> heeft FAQ `{faq}` toegevoegd onder *{section}* met het antwoord van HR; de bot geeft dit antwoord nu zelf.",
        "en": "✅ <@{user}> added FAQ `{faq}` under *{section}* with HR's answer; the bot now gives this answer itself.",
    },
    "slack.add.faq_exists": {"nl": "Voor deze vraag is al een FAQ toegevoegd.", "en": "An FAQ was already added for this question."},
    "slack.add.failed": {
        "nl": "❌ Niet toegevoegd: de kennisbank zou ongeldig worden. Niets is gewijzigd.",
        "en": "❌ Not added: the knowledge would become invalid. Nothing was changed.",
    },
    "slack.add.error": {
        "nl": "❌ Niet toegevoegd: de wijziging kon niet worden weggeschreven. Niets is gewijzigd.",
        "en": "❌ Not added: the change could not be written. Nothing was changed.",
    },
    "slack.add.no_text": {
        "nl": "De tekst van deze vraag is niet meer bewaard (bewaartermijn), dus ik kan hem niet toevoegen.",
        "en": "The text of this question is no longer kept (retention period), so I can't add it.",
    },
    "slack.add.hr_only": {"nl": "Alleen HR kan de kennisbank aanvullen.", "en": "Only HR can add to the knowledge."},
})


# --- Slack: foreign buttons, file-only HR replies, escalations given up ---------------------
TEXTS.update({
    "slack.not_yours": {
        "nl": "Deze knop hoort bij de vraag van iemand anders; er is niets veranderd.",
        "en": "This button belongs to someone else's question; nothing was changed.",
    },
    "slack.hr.need_text": {
        "nl": "Dit antwoord heeft geen tekst of bestand dat ik kan doorsturen, dus de medewerker heeft nog niets "
              "ontvangen. Antwoord hier in de thread met tekst (of deel een bestand met een toelichting).",
        "en": "This reply has no text or file I can pass on, so the employee has not received anything yet. "
              "Reply in this thread with text (or share a file with a comment).",
    },
    "slack.hr.post_given_up": {
        "nl": "⚠️ Vraag #{id} kon na {hours} uur pogen niet in dit kanaal worden geplaatst ({error}); ik heb het "
              "opgegeven. De vraag:\n{question}",
        "en": "⚠️ Question #{id} could not be posted to this channel after trying for {hours} hours ({error}); I gave "
              "up. The question:\n{question}",
    },
    "slack.hr.relay_given_up": {
        "nl": "⚠️ Het antwoord op vraag #{id} kon na {hours} uur pogen niet bij de medewerker worden bezorgd "
              "({error}); ik heb het opgegeven. Neem zo nodig op een andere manier contact op.",
        "en": "⚠️ The reply to question #{id} could not be delivered to the employee after trying for {hours} hours "
              "({error}); I gave up. Reach them another way if needed.",
    },
})
