"""Benchmark: answer quality against two baselines, speed, memory and Slack load, in one run.

    python -m bench [--questions FILE ...] [--skip-slack]

Prints figures only; nothing here asserts. Numbers in the README and the
issue notes come from this script.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz

from bot.cli import configure_logging
from bot.config import Settings
from bot.decide.answer import Answer, Candidate
from bot.decide.calibrate import held_out_signals, outcomes
from bot.decide.engine import Engine
from bot.decide.evaluate import (
    evaluate,
    evaluate_conversations,
    format_conversations,
    format_report,
    read_conversations,
    read_questions,
)
from bot.knowledge import Knowledge
from bot.search.text import fold

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "eval"
# (file, what it is); the tuning set chose thresholds and is shown apart, never as a blind figure.
QUESTION_SETS = (
    (SHARED / "dev_questions.yaml", "dev: tidy questions"),
    (SHARED / "realistic_dev.yaml", "dev: realistic messages"),
    (HERE / "realistic_blind.yaml", "BLIND: realistic messages, written without sight of knowledge/"),
    (HERE / "realistic_unseen6.yaml", "BLIND: realistic messages, a seventh writer (never used to develop)"),
    (HERE / "realistic_unseen5.yaml", "UNSEEN, then dev: a sixth writer's, developed on after one measurement"),
    (HERE / "realistic_unseen4.yaml", "UNSEEN, then dev: a fifth writer's, developed on after one measurement"),
    (HERE / "realistic_unseen3.yaml", "UNSEEN, then dev: a fourth writer's, developed on after one measurement"),
    (HERE / "realistic_unseen2.yaml", "UNSEEN, then dev: a second writer's, developed on after one measurement"),
    (HERE / "realistic_unseen.yaml", "UNSEEN, then dev: a third writer's, developed on after one measurement"),
    (HERE / "questions_blind.yaml", "BLIND: tidy questions, written from the topic list"),
    (HERE / "realistic_tune.yaml", "TUNING set (thresholds were chosen on it)"),
)
# The draft check's sets: dev chose the margins and detectors; blind was written without sight of knowledge/.
# The earlier blind sets, each measured once, were developed on and then became example drafts
# (knowledge/example_drafts/labelled_sets.yaml).
DRAFT_SETS = (
    (SHARED / "drafts_dev.yaml", "dev (margins and detectors were developed on it)"),
    (HERE / "drafts_blind10.yaml", "BLIND: tenth writer (never read; measured before and after this work)"),
    (HERE / "drafts_blind9.yaml", "BLIND: ninth writer (never read; measured before and after this work)"),
    (HERE / "drafts_blind8.yaml", "BLIND: eighth writer (never read; measured before and after this work)"),
    (HERE / "drafts_blind7.yaml", "BLIND, measured three times: seventh writer (never read)"),
    (HERE / "drafts_blind6.yaml", "BLIND, measured three times: sixth writer (never read)"),
    (HERE / "drafts_blind5.yaml", "BLIND, measured often: fifth writer (never read, measured at each step)"),
    (HERE / "drafts_blind4.yaml", "BLIND, measured often: fourth writer (never read, measured at each step)"),
)
# Conversations: the dev set chose the follow-up weights (bot.decide.context.FollowUp); the blind one did not.
CONVERSATION_SETS = (
    (SHARED / "conversations_dev.yaml", "dev: conversations (follow-up weights chosen on it)"),
    (HERE / "conversations_blind.yaml", "BLIND: conversations, written without sight of knowledge/"),
)


def conversation_quality(engine: Engine) -> None:
    """First turns and later turns right, with the conversation's context and with every turn alone."""
    for path, label in CONVERSATION_SETS:
        if not path.exists():
            print(f"\n(skipping {path}: not found)")
            continue
        convs = read_conversations(path)
        print(f"\n== conversations: {label} ({path.name}, {len(convs)} conversations, "
              f"{sum(map(len, convs))} turns) ==")
        with_context = evaluate_conversations(convs, lambda q, ctx, now: engine.ask(q, context=ctx, now=now))
        alone = evaluate_conversations(convs, lambda q, ctx, now: engine.ask(q))
        print(format_conversations("with context", with_context))
        print(format_conversations("each turn alone", alone))


def _answer(question: str, ranked: list[tuple[str, float]], knowledge: Knowledge, gate: float) -> Answer:
    """A baseline's Answer: the top target if it is a section above `gate`, else an escalation."""
    top, score = ranked[0]
    cands = tuple(Candidate(t, s, 0.0, s, "", t) for t, s in ranked[:3] if t in knowledge.sections)
    if top in knowledge.sections and score > gate:
        return Answer(question, "answer", "nl", section=top, candidates=cands)
    return Answer(question, "escalate", "nl", candidates=cands)


def bm25_baseline(engine: Engine):
    """rank-bm25 over each target's folded texts: no stemming, no dense signal."""
    docs = engine.index.manifest.docs
    targets = list(dict.fromkeys(d.target for d in docs))
    bags = {t: [] for t in targets}
    for d in docs:
        bags[d.target].extend(fold(d.text).split())
    bm25 = BM25Okapi([bags[t] for t in targets])

    def ask(q: str) -> Answer:
        scores = bm25.get_scores(fold(q).split())
        ranked = sorted(zip(targets, scores), key=lambda x: -x[1])
        return _answer(q, ranked, engine.knowledge, 0.0)

    return ask


def rapidfuzz_baseline(engine: Engine):
    """rapidfuzz token_set_ratio, best over each target's texts, answering above 60."""
    docs = [(d.target, fold(d.text)) for d in engine.index.manifest.docs]

    def ask(q: str) -> Answer:
        fq = fold(q)
        best: dict[str, float] = {}
        for target, text in docs:
            s = fuzz.token_set_ratio(fq, text)
            if s > best.get(target, -1):
                best[target] = s
        ranked = sorted(best.items(), key=lambda x: -x[1])
        return _answer(q, ranked, engine.knowledge, 60.0)

    return ask


def percentile(values: list[float], p: float) -> float:
    return float(np.percentile(np.array(values), p))


def measure_latency(engine: Engine, questions: list[str], rounds: int = 5) -> dict:
    for q in questions:  # warm-up
        engine.ask(q)
    times = []
    for _ in range(rounds):
        for q in questions:
            t0 = time.perf_counter()
            engine.ask(q)
            times.append((time.perf_counter() - t0) * 1000)
    return {"n": len(times), "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
            "max_ms": max(times)}


def measure_build(engine: Engine, settings: Settings) -> float:
    from bot.search.vectors import build_index

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        build_index(engine.knowledge, engine.model, settings.model, Path(tmp))
        return time.perf_counter() - t0


def measure_bare_model_load(settings: Settings) -> float:
    """A new process that only loads the model: the floor a cold start is compared with."""
    code = ("import os; os.environ['HF_HUB_OFFLINE']='1'; from sentence_transformers import SentenceTransformer; "
            f"SentenceTransformer({settings.model!r}, device='cpu').encode(['warm'])")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    return time.perf_counter() - t0


def measure_cold_start(settings: Settings, question: str) -> dict:
    """Process start to first answer, with the index already built (what a restart costs)."""
    env = {**os.environ, "SMPOLICY_KNOWLEDGE": str(settings.knowledge), "SMPOLICY_INDEX": str(settings.index)}
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", question],
                          capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t0
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    ok = proc.returncode == 0 and json.loads(proc.stdout.splitlines()[-1])["outcome"] is not None
    return {"seconds": seconds, "ok": ok, "peak_rss_mb": child_rss}


def draft_block(engine: Engine) -> None:
    """The draft check on dev and blind drafts, beside the question-scoring baseline."""
    from .drafts import figures, print_figures, read_drafts

    print("\n== draft check (smpolicy check) ==")
    for path, label in DRAFT_SETS:
        if not path.exists():
            print(f"  (skipping {path}: not found)")
            continue
        print_figures(f"{label} ({path.name})", figures(engine, read_drafts(path)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, nargs="+", default=None,
                        help="labelled question files (dev_questions.yaml format); default: every known set")
    parser.add_argument("--skip-slack", action="store_true", help="skip the Slack HTTP load check")
    parser.add_argument("--drafts-only", action="store_true", help="only the draft-check figures")
    parser.add_argument("--conversations-only", action="store_true",
                        help="only the conversation figures (follow-ups with and without context)")
    args = parser.parse_args(argv)
    configure_logging("WARNING")
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # queue depth notes are expected under load
    settings = Settings.from_env()
    if args.conversations_only:
        conversation_quality(Engine.load(settings))
        return
    sets = [(p, p.name) for p in args.questions] if args.questions else list(QUESTION_SETS)

    if args.drafts_only:
        draft_block(Engine.load(settings))
        return
    print("== cold start (new process, index present) ==")
    Engine.load(settings)  # make sure the index exists before timing a cold start
    bare = measure_bare_model_load(settings)
    cold = measure_cold_start(settings, "Mag ik vacatures delen op LinkedIn?")
    print(f"  bare model load and one encode: {bare:.2f} s")
    print(f"  process start to first answer: {cold['seconds']:.2f} s ({cold['seconds'] / bare:.2f}x the bare model; "
          f"ok={cold['ok']}), peak RSS {cold['peak_rss_mb']:.0f} MB")

    engine = Engine.load(settings)
    engines = (("smpolicy (understanding + BM25/stems/typo repair + MiniLM + classifier, calibrated decision)",
                engine.ask),
               ("baseline: BM25 only (rank-bm25, folded words)", bm25_baseline(engine)),
               ("baseline: rapidfuzz only (token_set_ratio >= 60)", rapidfuzz_baseline(engine)))
    items = []
    for path, label in sets:
        if not path.exists():
            print(f"\n(skipping {path}: not found)")
            continue
        file_items = read_questions(path)
        items.extend(file_items)
        print(f"\n== answer quality: {label} ({path.name}, {len(file_items)} messages) ==")
        for name, ask in engines:
            report = evaluate(file_items, ask)
            print(format_report(name, report))
            if ask is engine.ask:
                help_for_questions = sum(r["outcome"] == "help" and r["expect"] for r in report.rows)
                print(f"  help text for a message that asks something: {help_for_questions}")
    draft_block(engine)
    conversation_quality(engine)

    print("\n== held-out knowledge phrasings (5 folds, each scored with its own fold left out of all signals) ==")
    held = held_out_signals(engine)
    rates = outcomes(engine.index_targets, engine.kinds, held, engine.thresholds)
    print(f"  {len(held)} phrasings: " + ", ".join(f"{k} {100 * v:.1f}%" for k, v in rates.items()))

    print("\n== speed ==")
    lat = measure_latency(engine, [i.question for i in items])
    print(f"  per question in process after warm-up: p50 {lat['p50_ms']:.1f} ms, p95 {lat['p95_ms']:.1f} ms, "
          f"max {lat['max_ms']:.1f} ms over {lat['n']} asks")
    build = measure_build(engine, settings)
    print(f"  index build ({engine.index.manifest.count} texts, embeddings + classifier): {build:.2f} s")
    print(f"  peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    if not args.skip_slack:
        from .slack_load import run_load_check

        questions = [i.question for i in items] or ["Mag ik vacatures delen op LinkedIn?"]
        print("\n== Slack HTTP mode under load (waitress, signed requests, fake Slack Web API on loopback) ==")
        run_load_check(settings, engine, questions, database_url=None)
        for url in filter(None, [os.environ.get("SMPOLICY_BENCH_POSTGRES_URL")]):
            run_load_check(settings, engine, questions, database_url=url)


if __name__ == "__main__":
    main()
