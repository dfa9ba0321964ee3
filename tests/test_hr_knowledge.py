"""Knowledge changes in a running bot: live reload from housekeeping, problems reported to HR once,
and "Add to knowledge" on an answered escalation, end to end over HTTP with a real engine.

Each engine here works on a trimmed copy of the shipped knowledge (four sections, their FAQ
entries, four not-covered matters): real files, but an index rebuild takes seconds, not half a minute.
"""

from __future__ import annotations

import io
import json
import time

import pytest
from ruamel.yaml import YAML

from bot.decide.engine import Engine
from bot.errors import KnowledgeError
from bot.knowledge import load_knowledge
from bot.knowledge.edit import add_phrasing
from bot.render import blocks as render
from bot.slack import SlackBot
from bot.slack.local import TerminalClient
from bot.store import Store
from conftest import KNOWLEDGE
from test_slack_e2e import EMPLOYEE_DM, HR, HR_LEAD, OUTSIDER, all_text, hr_reply, start_bot

KEEP = ("recruitment-posts", "review-responses", "negative-posts", "private-use")
NONSENSE = ("xylophone quantum banana orbit", "what is the meaning of life and cheese",
            "purple elephants juggling spreadsheets on tuesdays", "hoeveel kaas past er in een olifant")
REBUILD = 180  # seconds a test waits for work that includes an index rebuild


@pytest.fixture
def small_knowledge(tmp_path):
    import shutil

    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    for path in (root / "sections").iterdir():
        if path.stem not in KEEP:
            path.unlink()
    yaml = YAML()
    yaml.preserve_quotes = True  # example drafts hold '?' and ':' that are only safe inside their quotes
    drafts = [(path.relative_to(root).as_posix(), "example_drafts", lambda e: set(e["sections"]) <= set(KEEP))
              for path in sorted((root / "example_drafts").glob("*.yaml"))]
    for name, key, keep in (("faq.yaml", "faq", lambda e: e["section"] in KEEP), *drafts,
                            ("not_covered.yaml", "not_covered", lambda e, n=iter(range(10**6)): next(n) < 4)):
        data = yaml.load(root / name)
        data[key] = [e for e in data[key] if keep(e)]
        yaml.dump(data, root / name)
    assert len(load_knowledge(root).sections) == len(KEEP)
    return root


@pytest.fixture
def live(settings, model, small_knowledge, slack, db_url, tmp_path):
    """A running bot on its own engine over the trimmed copy; the knowledge is checked on every housekeeping."""
    s = settings.with_(knowledge=small_knowledge, index=tmp_path / "index", reload_seconds=0.001)
    engine = Engine.load(s, model=model)
    running = start_bot(s, engine, slack, db_url)
    yield running
    running.stop()


def first_with(engine, outcome: str, questions) -> str:
    return next(q for q in questions if engine.ask(q).outcome == outcome and not engine.ask(q).redirect)


def test_edit_is_picked_up_by_housekeeping_and_a_broken_edit_is_reported_to_hr_once(live, slack, db_url):
    engine, bot = live.bot.engine, live.bot
    question = "Are glitter stickers on my thermos flask allowed?"  # nothing in the knowledge answers it yet
    assert engine.ask(question).section != "private-use" or engine.ask(question).outcome != "answer"

    add_phrasing(engine.settings.knowledge, "private-use", question, "en")  # HR's edit lands in the YAML
    idle = SlackBot(bot.settings.with_(reload_seconds=0), engine, live.store, TerminalClient(io.StringIO()))
    idle.housekeeping()  # SMPOLICY_RELOAD_SECONDS=0: no checks
    assert engine.ask(question).outcome != "answer" or engine.ask(question).section != "private-use"

    bot.housekeeping()
    answer = engine.ask(question)
    assert (answer.outcome, answer.section) == ("answer", "private-use")
    live.send.dm(question)
    [reply] = slack.wait_for("chat.postMessage", channel=EMPLOYEE_DM)
    assert engine.knowledge.sections["private-use"].rule.en[:50] in all_text(reply.params["blocks"])

    path = engine.settings.knowledge / "sections" / "review-responses.yaml"
    path.write_text(path.read_text().replace("contact: comms-webcare", "contact: nobody"))
    with pytest.raises(KnowledgeError) as broken:
        load_knowledge(engine.settings.knowledge)
    [problem] = broken.value.problems
    where = f"{problem.file}:{problem.line}"
    assert where.startswith("knowledge/sections/review-responses.yaml:")

    bot.housekeeping()
    [post] = slack.wait_for("chat.postMessage", channel=HR)
    assert where in post.params["text"] and "laatste goede versie" in post.params["text"]  # HR channel: Dutch
    assert engine.ask(question).section == "private-use"  # still answering from the old index
    bot.housekeeping()
    other = Store.open(db_url)  # a second process sharing the database, with its own memory
    try:
        SlackBot(bot.settings, engine, other, bot.client).housekeeping()
    finally:
        other.close()
    assert len(slack.of("chat.postMessage")) == 2  # the answer above and one report, not one per check

    live.send.command("reload", user=HR_LEAD)
    _, result = slack.wait_for("response_url", count=2)
    assert where in result.params["text"] and "not loaded" in result.params["text"]


def interact(live, action: dict, *, user: str, ts: str, selected: dict | None = None) -> None:
    """HR's `action` on the HR post `ts`, with `selected` as the option chosen in its section menu."""
    state = {render.SELECT_SECTION: {"type": "static_select", "selected_option": selected}} if selected else {}
    payload = {
        "type": "block_actions", "api_app_id": "A0001", "team": {"id": "T0001"}, "user": {"id": user},
        "channel": {"id": HR}, "container": {"type": "message", "message_ts": ts, "channel_id": HR},
        "trigger_id": live.send.next_id("trigger."), "response_url": live.send.fake.response_url(),
        "state": {"values": {"smpolicy_knowledge": state}},
        "actions": [{**action, "block_id": "smpolicy_knowledge", "action_ts": f"{time.time():.6f}"}],
    }
    from urllib.parse import urlencode

    response = live.send._post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
    assert response.status_code == 200


def choose(live, option: dict, *, user: str, ts: str) -> None:
    """HR picks a section in the "Choose a topic…" menu of the HR post `ts` (this only selects)."""
    interact(live, {"type": "static_select", "action_id": render.SELECT_SECTION, "selected_option": option},
             user=user, ts=ts, selected=option)


def press(live, button: dict, *, user: str, ts: str, selected: dict | None = None) -> None:
    """HR presses one of the "Add to knowledge" buttons, with `selected` chosen in the menu."""
    interact(live, {"type": "button", "action_id": button["action_id"], "value": button["value"]},
             user=user, ts=ts, selected=selected)


def answered_escalation(live, slack, question: str, reply: str, count: int):
    """`question` goes to HR, HR replies; returns the HR post and its "Add to knowledge" elements."""
    live.send.dm(question, channel=f"D0ASK{count}")
    def escalations():
        return [c for c in slack.of("chat.postMessage") if c.params["channel"] == HR and not c.params.get("thread_ts")]

    slack.wait_until(lambda: len(escalations()) >= count, what=f"escalation {count} in the HR channel")
    post = escalations()[count - 1]
    slack.wait_for("chat.postMessage", channel=f"D0ASK{count}")  # the asker is told after the post is stored
    hr_reply(live, post, HR_LEAD, reply)
    update = slack.wait_for("chat.update", count=count)[-1]
    assert update.params["ts"] == post.response["ts"]
    [block] = [b for b in update.params["blocks"] if b.get("block_id") == "smpolicy_knowledge"]
    menu, example, faq = block["elements"]
    return post, menu, example, faq


def test_hr_adds_an_escalated_question_as_example_and_as_faq(live, slack):
    engine, knowledge = live.bot.engine, live.bot.engine.knowledge
    root = engine.settings.knowledge
    first, second = first_with(engine, "escalate", NONSENSE), first_with(engine, "escalate", NONSENSE[::-1])
    assert first != second

    post, menu, example, faq = answered_escalation(live, slack, first, "Dat mag, zolang je geen klanten noemt.", 1)
    assert len(menu["options"]) == len(knowledge.sections)
    assert all(len(o["value"]) <= render.MAX_OPTION_VALUE for o in menu["options"])
    [option] = [o for o in menu["options"] if render.decode_value(o["value"])["s"] == "negative-posts"]

    press(live, example, user=OUTSIDER, ts=post.response["ts"], selected=option)
    [refusal] = slack.wait_for("response_url")
    assert "Only HR" in refusal.params["text"] or "Alleen HR" in refusal.params["text"]
    assert first not in (root / "sections" / "negative-posts.yaml").read_text()

    choose(live, option, user=HR_LEAD, ts=post.response["ts"])  # choosing only selects...
    press(live, example, user=HR_LEAD, ts=post.response["ts"], selected=option)  # ...the button adds
    [done] = slack.wait_for("chat.postMessage", channel=HR, thread_ts=post.response["ts"], timeout=REBUILD)
    assert "negative-posts.yaml" in done.params["text"] and "opnieuw geladen" in done.params["text"]
    assert first in (root / "sections" / "negative-posts.yaml").read_text()
    assert (engine.ask(first).outcome, engine.ask(first).section) == ("answer", "negative-posts")
    choose(live, option, user=HR_LEAD, ts=post.response["ts"])  # choosing again adds nothing, says nothing
    assert len(slack.of("response_url")) == 1  # only the outsider's refusal
    assert [c for c in slack.of("chat.postMessage") if c.params.get("thread_ts") == post.response["ts"]] == [done]

    reply = "Alleen na overleg met webcare; zij reageren namens ons."
    post2, _, _, faq2 = answered_escalation(live, slack, second, reply, 2)
    live.send.click(render.ADD_FAQ, faq2["value"], user=HR_LEAD, channel=HR, message_ts=post2.response["ts"])
    [added] = slack.wait_for("chat.postMessage", channel=HR, thread_ts=post2.response["ts"], timeout=REBUILD)
    assert "FAQ `faq-" in added.params["text"]
    faq_id = added.params["text"].split("FAQ `", 1)[1].split("`", 1)[0]
    entry = engine.knowledge.faq[faq_id]
    assert entry.answer.get("nl") == reply and second in [q for _, q in entry.questions.items()]
    assert faq_id in (root / "faq.yaml").read_text()
    expected_section = next(c["section"] for c in live.store.get(2).candidates if c["section"] in knowledge.sections)
    assert entry.section == expected_section  # no section chosen: the closest topic

    live.send.dm(second, channel="D0AGAIN")
    [again] = slack.wait_for("chat.postMessage", channel="D0AGAIN")
    assert reply in all_text(again.params["blocks"])  # the bot now gives HR's answer itself

    live.send.click(render.ADD_FAQ, faq2["value"], user=HR_LEAD, channel=HR, message_ts=post2.response["ts"])
    slack.wait_for("chat.postMessage", channel=HR, thread_ts=post2.response["ts"], count=2)
    assert (root / "faq.yaml").read_text().count(second) == 1  # not added twice


def test_files_that_used_to_crash_the_reader_are_reported_to_hr_once_and_the_last_good_version_serves(
        live, slack, model):
    """An impossible date and 20,000-deep nesting: HR gets the file:line problems once, `/smpolicy
    reload` lists them too, the bot keeps answering, and a restart on the folder still starts."""
    import re

    engine, bot = live.bot.engine, live.bot
    root, good = engine.settings.knowledge, engine.knowledge.content_hash
    path = root / "sections" / "private-use.yaml"
    path.write_text(re.sub(r"(?m)^reviewed: .*$", "reviewed: 2026-02-30", path.read_text()))
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("reviewed:"))
    (root / "deep.yaml").write_text("faq:\n  - " + "[" * 20000 + "]" * 20000 + "\n")

    bot.housekeeping()
    [post] = slack.wait_for("chat.postMessage", channel=HR)
    assert f"knowledge/sections/private-use.yaml:{line}" in post.params["text"]
    assert "knowledge/deep.yaml:2" in post.params["text"]
    assert engine.knowledge.content_hash == good
    bot.housekeeping()
    bot.housekeeping()
    assert len(slack.of("chat.postMessage")) == 1  # told once, not once per check

    live.send.command("reload", user=HR_LEAD)
    _, result = slack.wait_for("response_url", count=2)
    assert f"private-use.yaml:{line}" in result.params["text"] and "RecursionError" not in result.params["text"]

    restarted = Engine.load(engine.settings, model=model)  # a restart on the broken folder
    assert restarted.knowledge.content_hash == good
