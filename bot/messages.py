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
# HR-facing texts (slack.hr.*) are shown in the HR channel in SMPOLICY_HR_LANGUAGE (`settings.hr_language`).
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
        "nl": "• Stuur me een privébericht (tabblad *Berichten* hierboven).\n• Typ `/smpolicy je vraag` in een willekeurig kanaal; alleen jij ziet het antwoord.\n• Noem me met @ in een kanaal; ik antwoord in een thread.\n• Check een concept vóór je het post: `/smpolicy check je tekst`, “check: …” hier in de chat, *Check with smpolicy* in het menu van een bericht, of de knop hieronder.\nIk antwoord in het Nederlands of Engels, net als je vraag.",
        "en": "• Send me a direct message (the *Messages* tab above).\n• Type `/smpolicy your question` in any channel; only you see the answer.\n• Mention me with @ in a channel; I answer in a thread.\n• Check a draft before you post it: `/smpolicy check your text`, “check: …” here in the chat, *Check with smpolicy* in a message's menu, or the button below.\nI answer in Dutch or English, like your question.",
    },
    "slack.home.topics": {"nl": "Onderwerpen die ik ken", "en": "Topics I know"},
    "slack.home.contacts": {"nl": "Contactpersonen bij HR", "en": "HR contacts"},
    "slack.home.values": {"nl": "Onze kernwaarden in het kort", "en": "Our core values at a glance"},
    "slack.home.examples_title": {"nl": "Vraag me bijvoorbeeld", "en": "Ask me, for example"},
    "slack.home.examples": {
        "nl": "• _Mag ik foto's van de kerstborrel op Instagram zetten?_\n• _Iemand schreef een nare review over ons, moet ik reageren?_\n• _Hoe deel ik een vacature op LinkedIn?_",
        "en": "• _Can I post photos of the Christmas drinks on Instagram?_\n• _Someone wrote a nasty review about us, should I respond?_\n• _How do I share a job opening on LinkedIn?_",
    },
    "slack.home.topics_hint": {
        "nl": "Kies een onderwerp om de regel, wat wel en wat niet te lezen.",
        "en": "Pick a topic to read its rule, the do's and the don'ts.",
    },
    "slack.home.open_topic": {"nl": "Bekijk", "en": "Open"},
    "slack.home.draft": {
        "nl": "*Twijfel je over een bericht?* Laat me je concept nakijken voordat je het plaatst.",
        "en": "*Unsure about a post?* Let me check your draft before you publish it.",
    },
    "slack.home.draft_button": {"nl": "Concept checken", "en": "Check a draft"},
    "slack.topic.close": {"nl": "Sluiten", "en": "Close"},
    "slack.topic.gone": {
        "nl": "Dit onderwerp staat niet (meer) in de richtlijnen. Open het tabblad Home opnieuw voor de actuele lijst.",
        "en": "This topic is not (or no longer) in the guidelines. Open the Home tab again for the current list.",
    },
    "slack.ask_hr_anyway": {"nl": "Toch aan HR vragen", "en": "Ask HR anyway"},
    "slack.ask_hr_anyway_hint": {
        "nl": "Helpt dat je niet verder? Dan stel ik je vraag alsnog aan HR.",
        "en": "If that doesn't help, I can still put your question to HR.",
    },
    "slack.error": {
        "nl": "Er ging iets mis bij het beantwoorden van je vraag. Probeer het later nog eens of vraag het {contact}.",
        "en": "Something went wrong while answering your question. Please try again later or ask {contact}.",
    },
})


# --- HR: report, reload, knowledge problems, "Add to knowledge" ------------------------------
TEXTS.update({
    "review.intro": {
        "nl": "Hoi {name}! Deze onderwerpen uit de social media richtlijnen staan op jouw naam en zijn toe aan een controle (elke {days} dagen). Klopt de tekst nog? Klik dan op *Klopt nog*; wil je iets aanpassen, open dan het bestand.",
        "en": "Hi {name}! These topics of the social media guidelines are yours and due for a check (every {days} days). Is the text still right? Click *Still correct*; to change something, open the file.",
    },
    "review.overdue": {"nl": "te laat: laatst gecontroleerd op {reviewed}", "en": "overdue: last reviewed on {reviewed}"},
    "review.due": {"nl": "controle uiterlijk {due} (laatst {reviewed})", "en": "review due by {due} (last {reviewed})"},
    "review.file": {"nl": "Bestand", "en": "File"},
    "review.confirm": {"nl": "✅ Klopt nog", "en": "✅ Still correct"},
    "review.done": {
        "nl": "✅ *{section}* is bevestigd door <@{user}>: `reviewed: {day}` staat nu in `{file}`.",
        "en": "✅ *{section}* was confirmed by <@{user}>: `reviewed: {day}` is now in `{file}`.",
    },
    "review.already": {
        "nl": "*{section}* is vandaag al bevestigd; er is niets veranderd.",
        "en": "*{section}* was already confirmed today; nothing changed.",
    },
    "review.not_yours": {
        "nl": "Alleen de contactpersoon van dit onderwerp of HR kan de controle bevestigen.",
        "en": "Only this topic's contact or HR can confirm its review.",
    },
    "review.gone": {
        "nl": "Dit onderwerp staat niet meer in de richtlijnen; er is niets veranderd.",
        "en": "This topic is no longer in the guidelines; nothing changed.",
    },
    "slack.report.confirmed": {"nl": "*Controles bevestigd:*", "en": "*Reviews confirmed:*"},
    "slack.report.confirmed_line": {"nl": "{section}, door <@{user}> op {day}", "en": "{section}, by <@{user}> on {day}"},
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

# --- the draft check (bot.check): verdict lines, and why / what to do per detector ---------------
TEXTS.update({
    "check.verdict.ok": {"nl": "✅ Ziet er goed uit", "en": "✅ Looks fine"},
    "check.verdict.caution": {"nl": "⚠️ Kijk er nog eens naar", "en": "⚠️ Worth a second look"},
    "check.verdict.risk": {"nl": "🛑 Zo niet plaatsen", "en": "🛑 Don't post it like this"},
    "check.ok_detail": {
        "nl": "Ik zie niets in je tekst dat tegen de richtlijnen ingaat. Twijfel je toch, vraag het gerust.",
        "en": "I see nothing in your draft that goes against the guidelines. Still unsure? Just ask.",
    },
    "check.truncated": {
        "nl": "Je tekst was erg lang: ik heb alleen de eerste 5.000 tekens gecontroleerd.",
        "en": "Your draft was very long: I only checked its first 5,000 characters.",
    },
    "check.why": {"nl": "Waarom", "en": "Why"},
    "check.instead": {"nl": "Beter", "en": "Instead"},
    "check.rule": {"nl": "Richtlijn", "en": "Guideline"},
    "check.contact": {"nl": "Vragen? {contact}", "en": "Questions? {contact}"},
    "check.button": {"nl": "Check een concept", "en": "Check a draft"},
    "check.modal.title": {"nl": "Check een concept", "en": "Check a draft"},
    "check.modal.submit": {"nl": "Controleer", "en": "Check"},
    "check.modal.close": {"nl": "Sluiten", "en": "Close"},
    "check.modal.draft": {"nl": "Je concepttekst", "en": "Your draft"},
    "check.modal.platform": {"nl": "Platform", "en": "Platform"},
    "check.modal.hint": {
        "nl": "Je tekst wordt niet opgeslagen; alleen de uitkomst wordt geteld.",
        "en": "Your text is not stored; only the outcome is counted.",
    },
    "check.usage": {
        "nl": "Plak je concept achter `/smpolicy check`, bijvoorbeeld `/smpolicy check Trots op ons team!`",
        "en": "Paste your draft after `/smpolicy check`, for example `/smpolicy check Proud of our team!`",
    },
    "check.signal.why": {
        "nl": "Dit raakt aan een signaal dat HR noemt bij “{title}”.",
        "en": "This touches a warning sign HR lists under “{title}”.",
    },
    "check.learned.why": {
        "nl": "Posts die zo klinken raken vaak aan “{title}”; lees de richtlijn na voor je plaatst.",
        "en": "Posts that read like this often touch “{title}”; check the guideline before you post.",
    },
    "check.similar.why": {
        "nl": "Deze zin lijkt op wat “{title}” afraadt: “{dont}”",
        "en": "This sentence reads like what “{title}” advises against: “{dont}”",
    },
    "check.figures.why": {
        "nl": "Bedragen, percentages of cijfers over omzet, winst of prijzen zijn vertrouwelijk tot ze officieel "
              "gepubliceerd zijn.",
        "en": "Amounts, percentages or figures about revenue, profit or prices are confidential until they have "
              "been published officially.",
    },
    "check.figures.do": {
        "nl": "Laat de cijfers weg, of deel ze pas als ze openbaar zijn (en link dan naar de publicatie).",
        "en": "Leave the figures out, or share them once they are public (and link to where they were published).",
    },
    "check.unannounced.why": {
        "nl": "Dit gaat over iets wat nog niet officieel bekend is: plannen, overnames, reorganisaties.",
        "en": "This is about something not yet announced: plans, acquisitions, restructurings.",
    },
    "check.unannounced.do": {
        "nl": "Wacht tot het nieuws officieel naar buiten is gebracht en deel dan dat bericht.",
        "en": "Wait until the news is out officially, then share that announcement.",
    },
    "check.personal_data.why": {
        "nl": "Er staan persoonsgegevens in (e-mailadres, telefoonnummer, IBAN of BSN).",
        "en": "It contains personal data (an e-mail address, phone number, IBAN or BSN).",
    },
    "check.personal_data.do": {
        "nl": "Haal de gegevens weg; verwijs naar een algemeen contactadres als dat nodig is.",
        "en": "Remove the details; point to a general contact address if one is needed.",
    },
    "check.applicant.why": {
        "nl": "Kandidaten en sollicitanten bespreek of beoordeel je niet online, en hun social media tellen niet mee.",
        "en": "Candidates and applicants are not discussed or judged in public, and their social media are no "
              "ground for a decision.",
    },
    "check.applicant.do": {
        "nl": "Laat kandidaten buiten je post; beoordeel alleen op wat voor de functie telt.",
        "en": "Keep candidates out of your post; judge only on what matters for the job.",
    },
    "check.applicant_data.why": {
        "nl": "Screenshots of opgeslagen gegevens van kandidaten vallen onder de AVG.",
        "en": "Screenshots or saved details of candidates fall under the GDPR.",
    },
    "check.applicant_data.do": {
        "nl": "Bewaar en deel geen kandidaatgegevens buiten het sollicitatiesysteem.",
        "en": "Don't keep or pass on candidate details outside the recruitment system.",
    },
    "check.exclusionary.why": {
        "nl": "Deze woorden in een vacature sluiten mensen uit op leeftijd, geslacht, uiterlijk of afkomst.",
        "en": "These words in a job ad exclude people by age, gender, looks or origin.",
    },
    "check.exclusionary.do": {
        "nl": "Beschrijf wat het werk vraagt (taken, vaardigheden, taalniveau) in plaats van wie je zoekt.",
        "en": "Describe what the job needs (tasks, skills, language level) instead of who you picture.",
    },
    "check.insult.why": {
        "nl": "Beledigende of grove woorden over klanten, kandidaten of anderen passen niet bij hoe we online zijn.",
        "en": "Insulting or crude words about customers, candidates or anyone else don't fit how we behave online.",
    },
    "check.insult.do": {
        "nl": "Schrijf het zonder iemand belachelijk te maken; een ervaring kun je ook respectvol delen.",
        "en": "Write it without making fun of anyone; an experience can be shared respectfully.",
    },
    "check.mocking.why": {
        "nl": "Dit maakt een klant, kandidaat of collega belachelijk; ook zonder naam is die vaak te herkennen.",
        "en": "This makes fun of a customer, candidate or colleague; even without a name they are often recognisable.",
    },
    "check.mocking.do": {
        "nl": "Deel de ervaring zonder iemand te kijk te zetten, of deel hem niet online.",
        "en": "Share the experience without holding anyone up to ridicule, or keep it offline.",
    },
    "check.named_person.why": {
        "nl": "Hier staan de naam en gegevens van iemand (klant, sollicitant, patiënt) die daar niet voor koos.",
        "en": "This names someone (a customer, applicant, patient) with details they never agreed to share.",
    },
    "check.named_person.do": {
        "nl": "Laat naam en persoonlijke details weg, of vraag eerst toestemming.",
        "en": "Leave out the name and personal details, or ask their permission first.",
    },
    "check.health_data.why": {
        "nl": "Wat iemand mankeert of gebruikt is een gevoelig persoonsgegeven; het hoort nooit in een post.",
        "en": "What someone is treated for or takes is sensitive personal data; it never belongs in a post.",
    },
    "check.health_data.do": {
        "nl": "Laat alles weg waaruit iemands gezondheid blijkt.",
        "en": "Leave out anything that reveals someone's health.",
    },
    "check.speaks_for.why": {
        "nl": "Je schrijft alsof je namens de organisatie spreekt; vanaf je eigen account spreek je alleen voor jezelf.",
        "en": "You write as if you speak for the organisation; from your own account you only speak for yourself.",
    },
    "check.speaks_for.do": {
        "nl": "Maak duidelijk dat het je eigen mening is, of laat officiële reacties aan communicatie over.",
        "en": "Make clear it is your own view, or leave official statements to communications.",
    },
    "check.monitoring.why": {
        "nl": "Dit beschrijft het meekijken op privéaccounts van collega's; zulk toezicht is niet toegestaan.",
        "en": "This describes watching colleagues' private accounts; that kind of monitoring is not allowed.",
    },
    "check.monitoring.do": {
        "nl": "Volg geen privéaccounts om mensen te controleren; zorgen over iemand bespreek je met HR.",
        "en": "Don't follow private accounts to keep an eye on people; take concerns about someone to HR.",
    },
    "check.personnel.why": {
        "nl": "Hoe een collega functioneert, een waarschuwing, ontslag of ziekte zijn personeelszaken; die blijven binnen.",
        "en": "A colleague's performance, a warning, a dismissal or sickness are personnel matters; they stay inside.",
    },
    "check.personnel.do": {
        "nl": "Zeg hooguit dat iemand vertrokken is en wens hem succes, zonder reden of details.",
        "en": "At most say that someone has left and wish them well, without reasons or details.",
    },
    "check.complaint.why": {
        "nl": "Klachten over je werkgever, leidinggevende of collega's horen niet online maar bij de mensen die er "
              "iets aan kunnen doen.",
        "en": "Complaints about your employer, manager or colleagues belong with people who can act on them, "
              "not online.",
    },
    "check.complaint.do": {
        "nl": "Bespreek het met je leidinggevende, HR of een vertrouwenspersoon.",
        "en": "Raise it with your manager, HR or a confidential adviser.",
    },
    "check.undisclosed.why": {
        "nl": "Je prijst een product of dienst (of kraakt een concurrent) zonder te zeggen dat je hier werkt.",
        "en": "You praise a product or service (or knock a competitor) without saying that you work here.",
    },
    "check.undisclosed.do": {
        "nl": "Zeg erbij dat je bij ons werkt, bijvoorbeeld “Disclaimer: ik werk bij …”.",
        "en": "Say that you work here, for example “Full disclosure: I work at …”.",
    },
    "check.visual.why": {
        "nl": "Op foto's of screenshots van schermen, whiteboards, pasjes, presentaties of interne chats staat vaak "
              "vertrouwelijke informatie.",
        "en": "Photos or screenshots of screens, whiteboards, badges, slides or internal chats often show "
              "confidential information.",
    },
    "check.visual.do": {
        "nl": "Kies een beeld zonder schermen, borden of documenten, of maak ze onleesbaar.",
        "en": "Pick a shot without screens, boards or documents, or make them unreadable.",
    },
    "check.former_employer.why": {
        "nl": "Ook na je vertrek blijft vertrouwelijke informatie van je oud-werkgever vertrouwelijk.",
        "en": "Confidential information of a former employer stays confidential after you leave.",
    },
    "check.former_employer.do": {
        "nl": "Deel alleen wat openbaar is; laat interne stukken en plannen weg.",
        "en": "Share only what is public; leave out internal documents and plans.",
    },
    "check.new_client.why": {
        "nl": "Een nieuwe klant, opdracht of deal noem je pas als die officieel bekend is gemaakt.",
        "en": "A new customer, contract or deal is named only once it has been announced officially.",
    },
    "check.new_client.do": {
        "nl": "Wacht op de officiële aankondiging en deel dan die.",
        "en": "Wait for the official announcement, then share that.",
    },
    "check.people_in_picture.why": {
        "nl": "Patiënten, leerlingen, bewoners of klanten in beeld: zonder hun toestemming hoort dat niet online.",
        "en": "Patients, pupils, residents or customers in a picture don't belong online without their consent.",
    },
    "check.people_in_picture.do": {
        "nl": "Kies een beeld waarop zij niet herkenbaar zijn, of vraag eerst toestemming.",
        "en": "Pick a shot where they can't be recognised, or ask their consent first.",
    },
    "check.tagging.why": {
        "nl": "Collega's taggen in een foto of bericht: niet iedereen wil zichtbaar zijn.",
        "en": "Tagging colleagues in a photo or post: not everyone wants to be visible.",
    },
    "check.tagging.do": {
        "nl": "Vraag eerst of ze het goed vinden om getagd te worden.",
        "en": "Ask them first whether they're fine with being tagged.",
    },
    "check.advocacy_pressure.why": {
        "nl": "Ambassadeurschap is vrijwillig: niemand hoeft berichten van de organisatie te liken of te delen.",
        "en": "Being an ambassador is voluntary: nobody has to like or share the organisation's posts.",
    },
    "check.advocacy_pressure.do": {
        "nl": "Nodig uit in plaats van te verplichten, en houd niet bij wie wel of niet deelt.",
        "en": "Invite rather than require, and don't keep track of who shares and who doesn't.",
    },
    "check.crisis.why": {
        "nl": "Bij een incident of crisis reageert het webcareteam; een eigen verklaring of discussie kan het erger maken.",
        "en": "In an incident or crisis the webcare team responds; your own statement or argument can make it worse.",
    },
    "check.crisis.do": {
        "nl": "Meld het bij webcare (formulier op intranet, #sm-incidenten) en reageer niet zelf.",
        "en": "Report it to webcare (intranet form, #sm-incidenten) and don't respond yourself.",
    },
    "check.uniform.why": {
        "nl": "In uniform of met ons logo ben je herkenbaar als medewerker, ook op je privéaccount.",
        "en": "In uniform or with our logo you are recognisable as an employee, even on a private account.",
    },
    "check.uniform.do": {
        "nl": "Plaats dit soort beelden niet, of alleen zonder uniform en logo.",
        "en": "Don't post such footage, or only without the uniform and logo.",
    },
    "check.review_reply.why": {
        "nl": "Dit is een reactie op een review vanaf je eigen account; reviews beantwoordt het daarvoor aangewezen team.",
        "en": "This replies to a review from your own account; reviews are answered by the team appointed for it.",
    },
    "check.review_reply.do": {
        "nl": "Reageer niet zelf; geef de review door aan HR of communicatie.",
        "en": "Don't reply yourself; pass the review on to HR or communications.",
    },
})
