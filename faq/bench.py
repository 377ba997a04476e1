"""Benchmark of the FAQ matcher on a dev set, against a naive baseline.

    python -m faq.bench [--kb faq/data/faq.toml] [--dev tests/data/faq_dev.tsv]
                        [--verbose] [--repeat 20] [--loo]

Dev set: TSV with header ``question<TAB>expected``; ``#`` lines are comments;
expected is an entry id, ``id1|id2`` (any of them is right), or
``HORS_SUJET`` (must be declined).  "Declined" means an outcome
OUT_OF_SCOPE, UNKNOWN or SMALLTALK (no entry given as answer/suggestion).
Baseline: rapidfuzz ``fuzz.WRatio`` with ``utils.default_process`` against
the canonical questions only, declining below ``BASELINE_THRESHOLD``.
Latency is measured on cold caches (tokenisation and typo caches cleared
before each timed run).  ``--loo`` also measures leave-one-out on the KB's own phrasings (each
phrasing removed from the index and asked), a check that does not depend on
the dev set.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from faq.knowledge import KnowledgeBase, load_knowledge_base
from faq.matcher import Matcher, Outcome
from faq.normalize import clear_caches

OFF = "HORS_SUJET"
BASELINE_THRESHOLD = 70.0
DECLINED = {Outcome.OUT_OF_SCOPE, Outcome.UNKNOWN, Outcome.SMALLTALK}


@dataclass
class Case:
    question: str
    expected: tuple[str, ...]  # empty tuple: out of scope


def read_dev(path: str | Path) -> list[Case]:
    cases: list[Case] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        question, _, expected = line.partition("\t")
        if number == 1 or (question, expected.strip()) == ("question", "expected"):
            continue
        expected = expected.strip()
        cases.append(Case(question, () if expected == OFF else tuple(expected.split("|"))))
    return cases


# A system answers (ranked ids, declined?) for a question; ``reset`` clears
# its caches so that each timed run is a cold (never seen) message.
System = Callable[[str], tuple[list[str], bool]]


def ours(matcher: Matcher) -> System:
    def run(text: str) -> tuple[list[str], bool]:
        res = matcher.match(text)
        return [c for c, _ in res.candidates], res.outcome in DECLINED

    def reset() -> None:
        clear_caches()
        matcher.index.clear_cache()

    run.reset = reset  # type: ignore[attr-defined]
    return run


def baseline(kb: KnowledgeBase, threshold: float = BASELINE_THRESHOLD) -> System:
    questions = [utils.default_process(e.question) for e in kb]
    ids = [e.id for e in kb]

    def run(text: str) -> tuple[list[str], bool]:
        found = process.extract(utils.default_process(text), questions, scorer=fuzz.WRatio, processor=None, limit=3)
        ranked = [ids[i] for _, _, i in found]
        return ranked, not found or found[0][1] < threshold

    return run


def evaluate(system: System, cases: list[Case], repeat: int) -> dict:
    top1 = top3 = wrong_declined = off_declined = 0
    misses: list[str] = []
    timings: list[float] = []
    for case in cases:
        ranked, declined = system(case.question)
        reset = getattr(system, "reset", None)
        for _ in range(repeat):
            if reset is not None:
                reset()
            start = time.perf_counter()
            system(case.question)
            timings.append((time.perf_counter() - start) * 1000)
        if not case.expected:
            off_declined += declined
            if not declined:
                misses.append(f"NOT DECLINED  {case.question!r} -> {ranked[:1]}")
            continue
        ok1 = bool(ranked) and ranked[0] in case.expected
        top1 += ok1
        top3 += any(r in case.expected for r in ranked[:3])
        wrong_declined += declined
        if not ok1 or declined:
            tag = "DECLINED" if declined else "MISS"
            misses.append(f"{tag:13} {case.question!r} expected {'|'.join(case.expected)} got {ranked[:3]}")
    n_in = sum(1 for c in cases if c.expected) or 1
    n_off = sum(1 for c in cases if not c.expected) or 1
    timings.sort()
    return {
        "top1": top1 / n_in,
        "top3": top3 / n_in,
        "off_declined": off_declined / n_off,
        "in_declined": wrong_declined / n_in,
        "n_in": n_in,
        "n_off": n_off,
        "p50": statistics.median(timings) if timings else 0.0,
        "p99": timings[int(0.99 * (len(timings) - 1))] if timings else 0.0,
        "misses": misses,
    }


def leave_one_out(kb: KnowledgeBase) -> tuple[float, int]:
    """Top-1 accuracy of each KB phrasing asked to an index without it."""
    good = total = 0
    for entry in kb:
        for k, phrasing in enumerate(entry.phrasings):
            others = entry.phrasings[:k] + entry.phrasings[k + 1 :]
            reduced = KnowledgeBase([replace(e, phrasings=others) if e.id == entry.id else e for e in kb], kb.path)
            res = Matcher(reduced).match(phrasing)
            good += res.top_id == entry.id
            total += 1
    return (good / total if total else 0.0), total


def _line(name: str, r: dict) -> str:
    return (
        f"{name:10} top-1 {r['top1']:6.1%}   top-3 {r['top3']:6.1%}   "
        f"off-topic declined {r['off_declined']:6.1%}   in-scope declined "
        f"{r['in_declined']:6.1%}   latency p50 {r['p50']:.3f} ms  p99 {r['p99']:.3f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", default="faq/data/faq.toml")
    ap.add_argument("--dev", default="tests/data/faq_dev.tsv")
    ap.add_argument("--repeat", type=int, default=20, help="timed repetitions per question")
    ap.add_argument("--verbose", action="store_true", help="list the misses")
    ap.add_argument("--loo", action="store_true", help="leave-one-out on KB phrasings")
    args = ap.parse_args(argv)
    kb = load_knowledge_base(args.kb)
    cases = read_dev(args.dev)
    start = time.perf_counter()
    matcher = Matcher(kb)
    build_ms = (time.perf_counter() - start) * 1000
    n_in = sum(1 for c in cases if c.expected)
    print(
        f"KB {args.kb}: {len(kb)} entries (index built in {build_ms:.0f} ms); dev {args.dev}:"
        f" {len(cases)} questions ({n_in} in scope, {len(cases) - n_in} out of scope)"
    )
    results = {
        "matcher": evaluate(ours(matcher), cases, args.repeat),
        "baseline": evaluate(baseline(kb), cases, args.repeat),
    }
    for name, r in results.items():
        print(_line(name, r))
    if args.loo:
        acc, total = leave_one_out(kb)
        print(f"leave-one-out on {total} KB phrasings: top-1 {acc:.1%}")
    if args.verbose:
        for name, r in results.items():
            print(f"\n{name} misses ({len(r['misses'])}):")
            for miss in r["misses"]:
                print("  " + miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
