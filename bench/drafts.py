"""The draft check's figures: risky drafts caught with a right section, clean drafts called risk or
flagged at all, beside the baseline of scoring the whole draft as if it were a question; per-draft speed.

A draft file holds `drafts:` with `text`, `platform` and either `risks` (dev format: [] = clean) or
`risky` + `expect` (blind format).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from bot.check import check_draft


@dataclass(frozen=True)
class Draft:
    text: str
    platform: str | None
    expect: tuple[str, ...]  # () = clean


def read_drafts(path: Path) -> list[Draft]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["drafts"]
    out = []
    for r in rows:
        expect = r.get("risks") if "risks" in r else (r.get("expect") if r.get("risky") else [])
        out.append(Draft(r["text"], r.get("platform"), tuple(expect or ())))
    return out


def figures(engine, drafts: list[Draft]) -> dict:
    """Shares (0-1) and counts of the check and of the question-scoring baseline on `drafts`."""
    risky = [d for d in drafts if d.expect]
    clean = [d for d in drafts if not d.expect]
    caught = first = top3 = clean_risk = clean_flagged = 0
    times: list[float] = []
    for d in drafts:  # warm-up (the cue vectors are encoded on the first check)
        check_draft(engine, d.text, d.platform)
        break
    for d in drafts:
        t0 = time.perf_counter()
        result = check_draft(engine, d.text, d.platform)
        times.append((time.perf_counter() - t0) * 1000)
        if d.expect:
            caught += bool(set(result.sections) & set(d.expect))
            ranked = _ranked(engine, d.text)
            first += ranked[0] in d.expect
            top3 += bool(set(ranked[:3]) & set(d.expect))
        else:
            clean_risk += result.verdict == "risk"
            clean_flagged += result.verdict != "ok"
    return {"risky": len(risky), "clean": len(clean), "caught": caught / max(1, len(risky)),
            "clean_risk": clean_risk / max(1, len(clean)), "clean_flagged": clean_flagged / max(1, len(clean)),
            "baseline_first": first / max(1, len(risky)), "baseline_top3": top3 / max(1, len(risky)),
            "p50_ms": float(np.percentile(times, 50)), "p95_ms": float(np.percentile(times, 95))}


def _ranked(engine, text: str) -> list[str]:
    """Sections best first when the whole draft is scored as a question (the measured baseline)."""
    scores = engine.score(text)
    return [scores.targets[i] for i in scores.order if engine.kinds[scores.targets[i]] == "section"]


def print_figures(name: str, f: dict) -> None:
    print(f"  {name}: {f['risky']} risky, {f['clean']} clean")
    print(f"    draft check: risky caught with a right section {100 * f['caught']:.1f}%, "
          f"clean called risk {100 * f['clean_risk']:.1f}%, clean flagged at all {100 * f['clean_flagged']:.1f}%")
    print(f"    baseline (whole draft scored as a question): right topic first {100 * f['baseline_first']:.1f}%, "
          f"in the top three {100 * f['baseline_top3']:.1f}%; says nothing about clean drafts")
    print(f"    per draft: p50 {f['p50_ms']:.1f} ms, p95 {f['p95_ms']:.1f} ms")
