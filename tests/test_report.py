"""HR's knowledge-gap report: rows written through the real store, grouped by the real model, the page in a real browser."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from bot.cli import cli
from bot.knowledge import load_knowledge
from bot.report import build_report, format_text, group_similar, render_html
from bot.search.vectors import embed
from bot.store import Store
from bot.store.tables import questions

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
TODAY = dt.date(2026, 11, 25)  # a Wednesday in ISO week 2026-W48
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)

SALARY = "mag ik mijn salaris op linkedin zetten"
WAGE = "kan ik mijn loon op linkedin delen"
DRESS = "wat is de dresscode op het bedrijfsfeest"


class Log:
    """Writes questions the way the bot does, then dates them `days_ago` before TODAY."""

    def __init__(self, store: Store, today: dt.date = TODAY):
        self.store, self.today, self.n = store, today, 0

    def __call__(self, outcome: str, *, days_ago: int = 0, language: str = "nl", section: str | None = None,
                 candidates=(), text: str | None = None, feedback: str | None = None,
                 matter: str | None = None) -> int:
        self.n += 1
        qid = self.store.log_question(origin=f"Ev{self.n}", user_hash="h", source="dm", language=language,
                                      outcome=outcome, section=section, matter=matter,
                                      candidates=[{"section": s, "score": sc} for s, sc in candidates],
                                      text=text if outcome == "escalate" else None)
        if feedback:
            self.store.record_feedback(qid, feedback, text=text)
        asked = dt.datetime.combine(self.today - dt.timedelta(days=days_ago), dt.time(10, self.n % 60))
        with self.store.db.begin() as conn:
            conn.execute(update(questions).where(questions.c.id == qid).values(asked_at=asked))
        return qid

    def rows(self):
        return self.store.logged_questions()


def model_embed(model):
    return lambda texts: embed(model, texts)


def test_outcome_rates_overall_per_week_and_per_language(store, knowledge):
    log = Log(store)
    for outcome in ("answer", "answer", "clarify", "escalate"):  # this week (W48)
        log(outcome, candidates=[("private-use", 0.7)])
    for outcome in ("answer", "answer", "answer", "help", "invalid", "escalate"):  # last week (W47)
        log(outcome, days_ago=7, language="en")
    log("answer", days_ago=40)  # outside the period

    report = build_report(log.rows(), knowledge, TODAY, days=14)

    assert (report.start, report.end) == (dt.date(2026, 11, 12), TODAY)
    c = report.counts
    assert (c.total, c.answer, c.clarify, c.escalate, c.help, c.invalid) == (10, 5, 1, 2, 1, 1)
    assert c.rate("answer") == pytest.approx(0.5) and c.rate("escalate") == pytest.approx(0.2)
    assert [w.label for w in report.weeks] == ["2026-W46", "2026-W47", "2026-W48"]
    assert [w.start for w in report.weeks] == [dt.date(2026, 11, 9), dt.date(2026, 11, 16), dt.date(2026, 11, 23)]
    w46, w47, w48 = (w.counts for w in report.weeks)
    assert w46.total == 0 and w46.rate("answer") == 0.0
    assert w47.total == 6 and w47.rate("answer") == pytest.approx(0.5) and w47.rate("help") == pytest.approx(1 / 6)
    assert w48.total == 4 and w48.rate("clarify") == pytest.approx(0.25) and w48.rate("escalate") == pytest.approx(0.25)
    assert [(x.language, x.counts.total) for x in report.languages] == [("en", 6), ("nl", 4)]
    text = format_text(report)
    assert "2026-W47" in text and "answered 50%" in text


def test_helpfulness_per_section(store, knowledge):
    log = Log(store)
    for feedback in ("helpful", "helpful", "helpful", "not_helpful"):
        log("answer", section="private-use", feedback=feedback, text="werkt niet")
    log("answer", section="monitoring", feedback="not_helpful", text="snap ik niet")
    log("answer", candidates=[("enforcement", 0.6)], feedback="helpful")  # no section: its top candidate
    log("answer", section="monitoring")  # not rated

    report = build_report(log.rows(), knowledge, TODAY)

    rated = {h.section.id: (h.helpful, h.not_helpful, h.share) for h in report.helpfulness}
    assert rated == {"private-use": (3, 1, 0.75), "monitoring": (0, 1, 0.0), "enforcement": (1, 0, 1.0)}
    assert report.helpfulness[0].section.title == knowledge.sections["private-use"].title.en
    assert report.rated == (4, 2)


def test_unanswered_questions_are_grouped_by_meaning(store, knowledge, model):
    log = Log(store)
    log("escalate", text=SALARY, candidates=[("what-you-may-share", 0.5), ("private-use", 0.4)])
    log("escalate", text=WAGE, days_ago=3, candidates=[("what-you-may-share", 0.45)])
    log("answer", section="private-use", feedback="not_helpful", text=SALARY.capitalize() + "?", days_ago=5)
    log("escalate", text=DRESS, days_ago=1, candidates=[("core-principles", 0.3)])
    log("escalate", text=None, days_ago=2)  # its text was purged: counted, not shown
    log("escalate", matter="leave-and-holidays")  # sent elsewhere: not a gap in the guidelines

    report = build_report(log.rows(), knowledge, TODAY, embed=model_embed(model))

    assert (report.unanswered, report.unanswered_with_text) == (5, 4)
    assert [g.size for g in report.gaps] == [3, 1]
    salary, dress = report.gaps
    assert {salary.representative, *salary.examples} == {SALARY, WAGE}  # the capitalised repeat is no new example
    assert (salary.escalated, salary.not_helpful) == (2, 1)
    assert salary.sections[0].id == "what-you-may-share"
    assert dress.representative == DRESS and dress.sections[0].id == "core-principles"
    assert [(r.matter.id, r.count) for r in report.redirects] == [("leave-and-holidays", 1)]
    assert report.redirects[0].matter.title == knowledge.not_covered["leave-and-holidays"].title.en
    text = format_text(report)
    assert "3×" in text and SALARY in text and "1 without text" in text


def test_group_similar_is_average_linkage_and_sorted():
    a, b = [1.0, 0.0], [0.0, 1.0]
    near_a = [0.8, 0.6]  # cosine 0.8 with a, 0.6 with b
    groups = group_similar([b, a, near_a, a], 0.7)
    assert groups == [[1, 2, 3], [0]]
    assert group_similar([a, b], 0.7) == [[0], [1]]
    assert group_similar([], 0.7) == []


def test_without_a_model_only_repeats_group(store, knowledge):
    log = Log(store)
    log("escalate", text=SALARY)
    log("escalate", text="  Mag ik mijn SALARIS op LinkedIn zetten? ")
    log("escalate", text=WAGE)
    report = build_report(log.rows(), knowledge, TODAY)
    assert [g.size for g in report.gaps] == [2, 1]


def test_unasked_sections(store, knowledge):
    log = Log(store)
    log("answer", section="private-use", candidates=[("private-use", 0.8), ("monitoring", 0.5)])
    log("clarify", candidates=[("enforcement", 0.6), ("negative-posts", 0.55)])  # both were offered
    log("escalate", candidates=[("core-principles", 0.3), ("after-employment", 0.2)], text="iets")
    log("answer", section="hr-processes", days_ago=200)  # outside the period

    report = build_report(log.rows(), knowledge, TODAY, days=30)

    asked = {"private-use", "enforcement", "negative-posts", "core-principles"}
    assert {s.id for s in report.unasked} == set(knowledge.sections) - asked
    assert "monitoring" in {s.id for s in report.unasked}  # a runner-up candidate is not "asked about"
    assert "hr-processes" in {s.id for s in report.unasked}


def test_overdue_sections(knowledge):
    sections = dict(knowledge.sections)
    fresh = {sid: dataclasses.replace(s, reviewed=TODAY - dt.timedelta(days=30)) for sid, s in sections.items()}
    fresh["monitoring"] = dataclasses.replace(sections["monitoring"], reviewed=TODAY - dt.timedelta(days=400))
    fresh["enforcement"] = dataclasses.replace(sections["enforcement"], reviewed=TODAY - dt.timedelta(days=366))
    fresh["private-use"] = dataclasses.replace(sections["private-use"], reviewed=TODAY - dt.timedelta(days=365))
    edited = dataclasses.replace(knowledge, sections=fresh)

    report = build_report([], edited, TODAY)
    assert [(o.section.id, o.age_days) for o in report.overdue] == [("monitoring", 400), ("enforcement", 366)]
    assert [o.section.id for o in build_report([], edited, TODAY, review_days=30).overdue][:2] == ["monitoring", "enforcement"]
    assert "past their review date (more than 365 days): 2" in format_text(report)


def test_empty_log_renders_without_the_model(knowledge):
    def no_model(texts):
        raise AssertionError("the model must not be needed for an empty log")

    report = build_report([], knowledge, TODAY, embed=no_model)
    assert report.counts.total == 0 and report.gaps == ()
    assert "No questions yet" in format_text(report)
    page = render_html(report)
    assert "No questions yet" in page and "<h1>" in page


def test_html_escapes_questions_and_is_self_contained(store, knowledge):
    log = Log(store)
    log("escalate", text="<script>alert('x')</script> mag ik dit posten?", candidates=[("private-use", 0.4)])
    log("answer", section="private-use", feedback="helpful")
    page = render_html(build_report(log.rows(), knowledge, TODAY))

    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; mag ik dit posten?" in page
    assert page.count("<svg") == 2  # outcomes per week, helpfulness per section
    for external in ("<link", "src=", "@import", "url(http", "@font-face"):
        assert external not in page


@pytest.mark.parametrize("hr_language, heading, html_heading", [
    ("en", "Knowledge-gap report", "Social media guidelines: knowledge-gap report"),
    ("nl", "Rapport kennishiaten", "Social media richtlijnen: rapport kennishiaten"),
])
def test_cli_writes_the_report_in_the_hr_language(store, tmp_path, model, monkeypatch, hr_language, heading,
                                                  html_heading):
    import bot.decide.engine

    log = Log(store, today=dt.datetime.now(dt.UTC).date())
    log("answer", section="private-use", candidates=[("private-use", 0.8)], feedback="helpful")
    log("escalate", text=SALARY, candidates=[("what-you-may-share", 0.5)])
    log("escalate", text=WAGE, days_ago=8)
    monkeypatch.setattr(bot.decide.engine, "load_model", lambda name: model)
    out = tmp_path / "out" / "report.html"
    out.parent.mkdir()
    env = {"SMPOLICY_DATABASE_URL": str(store.db.url), "SMPOLICY_KNOWLEDGE": str(KNOWLEDGE),
           "SMPOLICY_HR_LANGUAGE": hr_language}

    result = CliRunner().invoke(cli, ["report", "--days", "30", "--html", str(out)], env=env)

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(heading) and "2×" in result.stdout
    assert load_knowledge(KNOWLEDGE).sections["private-use"].title.get(hr_language) in result.stdout
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and SALARY in page
    assert f"<h1>{html_heading}</h1>" in page and f'<html lang="{hr_language}">' in page


def test_cli_says_when_there_is_no_database(tmp_path):
    env = {"SMPOLICY_DATABASE_URL": f"sqlite:///{tmp_path / 'missing.db'}"}
    result = CliRunner().invoke(cli, ["report"], env=env)
    assert result.exit_code == 1
    assert "no question log at" in result.output and not (tmp_path / "missing.db").exists()


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium)")
def test_report_page_renders_in_a_headless_browser(store, knowledge, tmp_path, model):
    log = Log(store)
    sections = list(knowledge.sections)
    for i in range(60):
        outcome = ("answer", "answer", "answer", "clarify", "escalate", "help")[i % 6]
        section = sections[i % len(sections)]
        log(outcome, days_ago=i % 35, language="en" if i % 4 == 0 else "nl",
            section=section if outcome == "answer" else None, candidates=[(section, 0.6)],
            feedback=("helpful", "not_helpful", None)[i % 3] if outcome == "answer" else None,
            text=(SALARY, WAGE, DRESS, "<b>vet</b> mag ik een podcast maken?")[i % 4])
    page = tmp_path / "report.html"
    page.write_text(render_html(build_report(log.rows(), knowledge, TODAY, embed=model_embed(model), days=42)),
                    encoding="utf-8")
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}"]
    png = tmp_path / "report.png"

    subprocess.run(args + [f"--screenshot={png}", "--window-size=1280,2400", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    dom = subprocess.run(args + ["--dump-dom", page.as_uri()], check=True, capture_output=True, text=True,
                         timeout=120).stdout

    assert png.stat().st_size > 20_000
    from PIL import Image  # matplotlib's own dependency

    with Image.open(png) as image:
        assert image.size == (1280, 2400)
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 50  # charts and text, not a blank page
    for heading in ("knowledge-gap report", "Questions per week", "Helpfulness per section",
                    "Unanswered questions, grouped", "Sections nobody asked about", "Sections past their review date"):
        assert heading in dom
    assert dom.count("<svg") == 2
    assert "<b>vet</b>" not in dom and "&lt;b&gt;vet&lt;/b&gt;" in dom
