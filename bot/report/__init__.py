"""HR's knowledge-gap report from the question log: the figures, as terminal text and as one HTML page.

`build_report` is pure: rows of the question log, the knowledge and a date in,
a frozen `Report` out. The only outside help it takes is `embed`, a function
from texts to unit vectors (e.g. `lambda texts: bot.search.vectors.embed(model, texts)`),
called once and only when there are unanswered questions with text to group.

    report = build_report(store.logged_questions(since), knowledge, today, embed=embed_texts)
    print(format_text(report))
    Path("report.html").write_text(render_html(report), encoding="utf-8")

How the figures are made:

- The period is the `days` days up to and including `today` (dates of `asked_at`, UTC).
- Weeks are ISO weeks (Monday to Sunday), labelled like 2026-W47; every week of the
  period is listed, also weeks without questions.
- Helpfulness counts the 👍/👎 feedback per section: the row's `section`, else its
  top candidate.
- "Went to HR", "unanswered" and "sent elsewhere" are the rules of `bot.hr_figures`, which the
  Slack summary (`/smpolicy report`) counts by too. Unanswered questions are those that went to
  HR or were marked not helpful. Questions
  sent elsewhere (leave, IT... the `redirect` of a not-covered matter) are no gap in
  the guidelines: they are counted per matter instead. Only rows whose text is still
  stored can be shown (the retention purge clears texts); the report says how many
  had no text left. They are grouped by average-linkage agglomerative
  clustering on cosine similarity: start with every question alone, repeatedly merge
  the two groups whose mean pairwise cosine is highest, stop when no pair reaches
  `similarity` (default 0.7). The bundled model is English-first: Dutch questions
  group by shared wording more than by meaning, which is why the threshold is
  stricter than the 0.6 one might pick for English. Without `embed`, only questions
  with the same words (case, accents and punctuation aside) are grouped.
- A section counts as asked about when it was answered (or picked, or rated), was
  offered in a clarify, or was the top candidate of any question in the period.
- A section is overdue when its `reviewed` date is more than `review_days` days
  before `today` (default 365). Reviews confirmed in the period ("Still correct" in the
  monthly review DM, `bot.slack.reviews`) are listed with who confirmed them.
- Titles and labels are in `language` (`smpolicy report` passes SMPOLICY_HR_LANGUAGE).
"""


from .figures import (  # noqa: F401
                      DEFAULT_DAYS,
                      OUTCOMES,
                      SIMILARITY,
                      TITLE_LANGUAGE,
                      Counts,
                      Embed,
                      GapGroup,
                      Helpfulness,
                      LanguageSplit,
                      Overdue,
                      Redirect,
                      Report,
                      SectionRef,
                      Week,
                      build_report,
                      group_similar,
)
from .html import COLOURS, helpfulness_chart, render_html, weeks_chart  # noqa: F401
from .labels import LABELS, label  # noqa: F401
from .text import format_text  # noqa: F401
