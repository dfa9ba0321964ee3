"""Load on HTTP mode: many signed questions at once, as Slack would send them in a busy hour.

Starts the real bolt app under waitress on loopback, with Slack's Web API
played by the test suite's fake server, sends N signed DM events with C
concurrent senders, and reports acknowledgement latency, answers delivered,
lost and duplicated, and what the question log added per question.
"""

from __future__ import annotations

import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from bot.config import Settings
from bot.slack import SlackBot, build_wsgi_app, create_app, make_client
from bot.store import Store
from tests.fake_slack import FakeSlack, SlackSender  # `python -m bench` runs from the repo root
from tests.http_server import HttpServer

from .databases import fresh_database

SECRET = "bench-signing-secret"


def run_load_check(settings: Settings, engine, questions: list[str], *, database_url: str | None,
                   total: int = 200, concurrency: int = 20) -> dict:
    """`database_url`: None for a SQLite file, or a PostgreSQL server URL (a fresh database is made on it)."""
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as slack, fresh_database(database_url, tmp, "smpolicy_bench") as url:
        s = settings.with_(bot_token="xoxb-bench", signing_secret=SECRET, api_url=slack.api_url,
                           hr_channel="C0HRBENCH", database_url=url, threads=max(settings.threads, 8))
        store = Store.open(url)
        log_ms: list[float] = []
        log_question = store.log_question

        def timed_log_question(**kwargs):  # measures what the question log adds to each question
            t0 = time.perf_counter()
            try:
                return log_question(**kwargs)
            finally:
                log_ms.append((time.perf_counter() - t0) * 1000)

        store.log_question = timed_log_question
        bot = SlackBot(s, engine, store, make_client(s))
        server = HttpServer(build_wsgi_app(create_app(s, engine, store, bot=bot)), threads=s.threads).start()
        sender = SlackSender(server.url, SECRET, slack)
        run_id = f"{time.time_ns() % 10**8:08d}"

        def one(n: int) -> tuple[float, int]:
            t0 = time.perf_counter()
            _, response = sender.dm(questions[n % len(questions)], user=f"U{run_id}{n:04d}", channel=f"D{run_id}{n:04d}")
            return (time.perf_counter() - t0) * 1000, response.status_code

        started = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            results = list(pool.map(one, range(total)))
        acked = time.perf_counter() - started
        dm = lambda c: str(c.params.get("channel", "")).startswith(f"D{run_id}")
        try:
            slack.wait_until(lambda: len({c.params["channel"] for c in slack.calls
                                          if c.method == "chat.postMessage" and dm(c)}) >= total,
                             timeout=300, what="every answer")
        except AssertionError:
            pass
        time.sleep(1.0)  # let any duplicate arrive before counting
        done = time.perf_counter() - started
        posts = [c.params["channel"] for c in slack.of("chat.postMessage") if dm(c)]
        delivered = len(set(posts))
        duplicated = len(posts) - delivered
        lat = np.array([r[0] for r in results])
        errors = sum(1 for r in results if r[1] != 200)
        server.stop()
        logged = sum(1 for q in store.logged_questions() if q.source == "dm")
        store.close()
        kind = url.split(":", 1)[0]
        writes = np.array(log_ms or [0.0])
        print(f"  [{kind}] {total} questions, {concurrency} at a time: ack p50 {np.percentile(lat, 50):.0f} ms, "
              f"p95 {np.percentile(lat, 95):.0f} ms, max {lat.max():.0f} ms; non-200 acks {errors}; "
              f"answers delivered {delivered}/{total}, lost {total - delivered}, duplicated {duplicated}; "
              f"all acked in {acked:.1f} s, all answered in {done:.1f} s\n"
              f"  [{kind}] question log: {logged}/{total} rows written, write p50 {np.percentile(writes, 50):.1f} ms, "
              f"p95 {np.percentile(writes, 95):.1f} ms, max {writes.max():.1f} ms per question")
        return {"p50": float(np.percentile(lat, 50)), "p95": float(np.percentile(lat, 95)), "max": float(lat.max()),
                "errors": errors, "delivered": delivered, "duplicated": duplicated, "logged": logged}
