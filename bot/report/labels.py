"""The report's words in Dutch and English, in one place: the text and HTML renderers pick them by
`Report.language` (SMPOLICY_HR_LANGUAGE), so HR reads the report in the language it works in."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "title": {"en": "Knowledge-gap report {start} to {end} ({days} days)",
              "nl": "Rapport kennishiaten {start} t/m {end} ({days} dagen)"},
    "no_questions": {"en": "No questions yet in this period.", "nl": "Nog geen vragen in deze periode."},
    "questions": {"en": "Questions", "nl": "Vragen"},
    "per_week": {"en": "Per week", "nl": "Per week"},
    "week": {"en": "week", "nl": "week"},
    "per_language": {"en": "Per language", "nl": "Per taal"},
    "questions_lc": {"en": "questions", "nl": "vragen"},
    "helpfulness": {"en": "Helpfulness per section", "nl": "Nuttigheid per onderwerp"},
    "section": {"en": "section", "nl": "onderwerp"},
    "helpful": {"en": "helpful", "nl": "nuttig"},
    "not_helpful": {"en": "not helpful", "nl": "niet nuttig"},
    "helpful_pct": {"en": "helpful %", "nl": "nuttig %"},
    "no_feedback": {"en": "No feedback yet.", "nl": "Nog geen beoordelingen."},
    "went_to_hr": {"en": "Went to HR: {count} (escalated by the bot or forwarded after \"Not helpful\")",
                   "nl": "Naar HR: {count} (door de bot doorgezet of doorgestuurd na \"Niet nuttig\")"},
    "unanswered": {"en": "Unanswered questions: {count} (went to HR or not helpful); {with_text} with text, in "
                         "{groups} group(s) (similarity ≥ {similarity})",
                   "nl": "Onbeantwoorde vragen: {count} (naar HR of niet nuttig); {with_text} met tekst, in "
                         "{groups} groep(en) (gelijkenis ≥ {similarity})"},
    "without_text": {"en": "{count} without text (cleared by the retention purge).",
                     "nl": "{count} zonder tekst (gewist na de bewaartermijn)."},
    "undelivered": {"en": "Escalations that could not be delivered: {count}",
                    "nl": "Vragen die niet bezorgd konden worden: {count}"},
    "undelivered_why": {"en": " (HR was told in the HR channel, or the bot's log says why)",
                        "nl": " (HR is ingelicht in het HR-kanaal, of het log van de bot zegt waarom)"},
    "also": {"en": "also", "nl": "ook"},
    "closest": {"en": "closest", "nl": "dichtstbij"},
    "sent_elsewhere": {"en": "Sent elsewhere (outside the guidelines): {count}",
                       "nl": "Doorverwezen (buiten de richtlijnen): {count}"},
    "unasked": {"en": "Sections nobody asked about: {count} of {total}",
                "nl": "Onderwerpen waar niemand naar vroeg: {count} van {total}"},
    "overdue": {"en": "Sections past their review date (more than {days} days): {count}",
                "nl": "Onderwerpen over hun controledatum (meer dan {days} dagen): {count}"},
    "reviewed_ago": {"en": "reviewed {reviewed}, {age} days ago",
                     "nl": "gecontroleerd op {reviewed}, {age} dagen geleden"},
    "no_review_date": {"en": "no review date", "nl": "geen controledatum"},
    "confirmed": {"en": "Reviews confirmed (\"Still correct\" in the review DM): {count}",
                  "nl": "Bevestigde controles (\"Klopt nog\" in het controlebericht): {count}"},
    "confirmed_line": {"en": "confirmed by {user}, reviewed {day}", "nl": "bevestigd door {user}, gecontroleerd {day}"},
    "outcome.answer": {"en": "answered", "nl": "beantwoord"},
    "outcome.clarify": {"en": "clarify", "nl": "verduidelijkt"},
    "outcome.escalate": {"en": "escalated", "nl": "naar HR"},
    "outcome.help": {"en": "help", "nl": "hulp"},
    "outcome.smalltalk": {"en": "small talk", "nl": "praatje"},
    "outcome.invalid": {"en": "invalid", "nl": "ongeldig"},
    # HTML only
    "html.title": {"en": "Social media guidelines: knowledge-gap report",
                   "nl": "Social media richtlijnen: rapport kennishiaten"},
    "html.sub": {"en": "{start} to {end} ({days} days) · questions asked to the smpolicy assistant",
                 "nl": "{start} t/m {end} ({days} dagen) · vragen aan de smpolicy-assistent"},
    "card.asked_to_clarify": {"en": "asked to clarify", "nl": "om verduidelijking gevraagd"},
    "card.escalated": {"en": "escalated to HR", "nl": "naar HR doorgezet"},
    "card.went_to_hr": {"en": "went to HR (escalated or forwarded)", "nl": "naar HR (doorgezet of doorgestuurd)"},
    "card.helpful": {"en": "helpful ({count} ratings)", "nl": "nuttig ({count} beoordelingen)"},
    "card.groups": {"en": "groups of unanswered questions", "nl": "groepen onbeantwoorde vragen"},
    "card.overdue": {"en": "sections overdue for review", "nl": "onderwerpen over hun controledatum"},
    "card.undelivered": {"en": "escalations that could not be delivered",
                         "nl": "vragen die niet bezorgd konden worden"},
    "card.confirmed": {"en": "reviews confirmed", "nl": "bevestigde controles"},
    "h.weeks": {"en": "Questions per week", "nl": "Vragen per week"},
    "h.gaps": {"en": "Unanswered questions, grouped", "nl": "Onbeantwoorde vragen, gegroepeerd"},
    "h.redirects": {"en": "Sent elsewhere: outside the guidelines ({count})",
                    "nl": "Doorverwezen: buiten de richtlijnen ({count})"},
    "h.unasked": {"en": "Sections nobody asked about ({count} of {total})",
                  "nl": "Onderwerpen waar niemand naar vroeg ({count} van {total})"},
    "h.overdue": {"en": "Sections past their review date ({count})",
                  "nl": "Onderwerpen over hun controledatum ({count})"},
    "h.confirmed": {"en": "Reviews confirmed ({count})", "nl": "Bevestigde controles ({count})"},
    "generated": {"en": "Generated by smpolicy on {day}.", "nl": "Gemaakt door smpolicy op {day}."},
    "col.confirmed_by": {"en": "confirmed by", "nl": "bevestigd door"},
    "col.reviewed": {"en": "reviewed", "nl": "gecontroleerd"},
    "empty.confirmed": {"en": "No review was confirmed in this period.",
                        "nl": "In deze periode is geen controle bevestigd."},
}


def label(key: str, language: str, **values) -> str:
    """The report's word for `key` in `language` (English when the language has none), filled in."""
    texts = LABELS[key]
    text = texts.get(language) or texts["en"]
    return text.format(**values) if values else text
