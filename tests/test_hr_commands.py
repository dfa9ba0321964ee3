"""HR-only Slack features: the summary (a pure function), `/smpolicy report`, `/smpolicy reload`, HR's App Home."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.render import blocks as render
from bot.slack.hr import summarize
from bot.store import LoggedQuestion
from conftest import start_bot
from test_slack_e2e import EMPLOYEE, HR_LEAD, HR_MEMBER, OUTSIDER, all_text

TODAY = dt.date(2026, 11, 25)


def q(days_ago: int, outcome: str = "answer", *, top: str | None = None, matter: str | None = None,
      escalation_id: int | None = None, today: dt.date = TODAY, n: list = [0]) -> LoggedQuestion:
    n[0] += 1
    asked = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(12))
    candidates = ({"section": top, "score": 0.4},) if top else ()
    return LoggedQuestion(n[0], asked, "dm", "nl", outcome, None, matter, candidates, 0.4 if top else None,
                          None, escalation_id, None)


def test_summary_counts_rates_topics_and_overdue_reviews(knowledge):
    a, b, c, d = list(knowledge.sections)[:4]
    log = [
        q(0), q(6), q(7, "clarify"),  # today and 6 days ago are within 7 days; 7 days ago is not
        q(1, "escalate", top=a, escalation_id=1), q(2, "escalate", top=a, escalation_id=2),
        q(3, "escalate", top=b),  # no HR channel: still a question HR had to answer
        q(10, "answer", top=c, escalation_id=3),  # "Not helpful" and forwarded
        q(11, "escalate", top=d, matter="leave"),  # redirected: not HR's
        q(29, "escalate", top=d), q(30, "escalate", top=d), q(45),  # 30 and 45 days ago: outside
    ]
    s = summarize(log, knowledge, TODAY, open_escalations=2)
    assert (s.last_7, s.last_30) == (5, 9)
    assert s.answered == pytest.approx(2 / 9) and s.clarified == pytest.approx(1 / 9)
    assert s.escalated == pytest.approx(5 / 9) and s.redirected == pytest.approx(1 / 9)
    assert s.top_escalated == ((a, 2), *sorted([(b, 1), (c, 1), (d, 1)])[:2])
    assert s.open_escalations == 2


def test_summary_lists_sections_not_reviewed_for_a_year_oldest_first(knowledge):
    reviewed = sorted(s.reviewed for s in knowledge.sections.values())
    assert summarize([], knowledge, reviewed[0] + dt.timedelta(days=365)).overdue == ()
    later = summarize([], knowledge, reviewed[-1] + dt.timedelta(days=366))
    assert len(later.overdue) == len(knowledge.sections)
    assert [d for _, d in later.overdue] == reviewed
    empty = summarize([], knowledge, TODAY)
    assert (empty.last_30, empty.answered, empty.top_escalated) == (0, 0.0, ())


def test_summary_renders_within_slack_limits(knowledge):
    later = TODAY + dt.timedelta(days=4000)
    s = summarize([q(1, "escalate", top=next(iter(knowledge.sections)), today=later)], knowledge, later)
    message = render.summary_message(s, knowledge, "en")
    assert "1 in the last 7 days" in message["text"] and "100% to HR" in message["text"]
    assert "and 9 more" in message["text"]  # 19 overdue sections, 10 listed
    assert all(len(b["text"]["text"]) <= render.MAX_SECTION_TEXT for b in message["blocks"] if b["type"] == "section")


def seed(bot, engine) -> None:
    section = next(iter(engine.knowledge.sections))
    for i, outcome in enumerate(("answer", "answer", "clarify", "escalate")):
        bot.store.log_question(origin=f"Ev-seed-{i}", user_hash="h", source="dm", language="en", outcome=outcome,
                               candidates=[{"section": section, "score": 0.3}])
    bot.store.add_escalation(origin="Ev-seed-3", user_id="U1", question="?", language="en", source="dm")


SUMMARY_TEXTS = {
    "en": ("HR summary", "4 in the last 7 days, 4 in the last 30 days", "50% answered · 25% clarified · 25% to HR",
           "Questions waiting for HR: 1"),
    "nl": ("HR-overzicht", "4 in de laatste 7 dagen, 4 in de laatste 30 dagen",
           "50% beantwoord · 25% verduidelijkt · 25% naar HR", "Open vragen bij HR: 1"),
}


@pytest.fixture(params=["en", "nl"], ids=["SMPOLICY_HR_LANGUAGE=en", "SMPOLICY_HR_LANGUAGE=nl"])
def hr_bot(request, settings, engine, slack, db_url):
    """A running bot whose HR texts are in the parametrized SMPOLICY_HR_LANGUAGE (the viewer's locale is en)."""
    running = start_bot(settings, engine, slack, db_url, hr_language=request.param)
    running.hr_language = request.param
    yield running
    running.stop()


@pytest.mark.parametrize("user", [HR_LEAD, HR_MEMBER], ids=["SMPOLICY_HR_USERS", "HR channel member"])
def test_report_gives_hr_the_summary_in_the_hr_language(hr_bot, slack, engine, user):
    seed(hr_bot, engine)
    hr_bot.send.command("report", user=user)
    [call] = slack.wait_for("response_url")
    assert call.params["response_type"] == "ephemeral"
    text = call.params["text"]
    _, counts, rates, waiting = SUMMARY_TEXTS[hr_bot.hr_language]
    assert counts in text and rates in text and waiting in text
    title = getattr(next(iter(engine.knowledge.sections.values())).title, hr_bot.hr_language)
    assert title in text  # the escalated topic, in the HR language too


@pytest.mark.parametrize("word", ["report", "reload"])
def test_hr_commands_are_refused_to_everyone_else(bot, slack, engine, word, monkeypatch):
    monkeypatch.setattr(bot.bot.engine, "reload", lambda: pytest.fail("reloaded for a non-HR user"))
    seed(bot, engine)
    bot.send.command(word, user=OUTSIDER)
    [call] = slack.wait_for("response_url")
    assert call.params["response_type"] == "ephemeral"
    assert f"/smpolicy {word}` is for HR only" in call.params["text"]
    assert "last 7 days" not in call.params["text"]


def test_reload_of_unchanged_knowledge_says_so(bot, slack):
    bot.send.command("reload", user=HR_LEAD)
    busy, result = slack.wait_for("response_url", count=2)
    assert "reloading" in busy.params["text"].lower()
    assert "has not changed" in result.params["text"]


def test_hr_app_home_starts_with_the_summary_in_the_hr_language_and_others_do_not_see_it(hr_bot, slack, engine):
    title, counts, _, _ = SUMMARY_TEXTS[hr_bot.hr_language]
    seed(hr_bot, engine)
    hr_bot.send.event({"type": "app_home_opened", "user": HR_LEAD, "tab": "home"})
    [hr_home] = slack.wait_for("views.publish", user_id=HR_LEAD)
    blocks = hr_home.params["view"]["blocks"]
    assert blocks[0]["text"]["text"] == title
    assert counts in all_text(blocks)
    assert next(iter(engine.knowledge.contacts.values())).name in all_text(blocks)  # the normal home follows
    assert "Topics I know" in all_text(blocks)  # the rest of the home is in the viewer's language (en)
    assert len(blocks) <= render.MAX_VIEW_BLOCKS

    hr_bot.send.event({"type": "app_home_opened", "user": EMPLOYEE, "tab": "home"})
    [home] = slack.wait_for("views.publish", user_id=EMPLOYEE)
    assert title not in all_text(home.params["view"]["blocks"])
