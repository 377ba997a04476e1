"""Choosing the matcher's decision thresholds by k-fold cross-validation on the dev set.

    python -m faq.tune [--kb faq/data/faq.toml] [--dev tests/data/faq_dev.tsv] [--folds 5]

Each point of a small grid of `faq.matcher.Thresholds` is scored on every dev question once.
For each fold, the point with the best utility on the other folds is chosen and measured on the
held fold: the mean over the folds is what the choice is worth on questions it was not chosen on.
The point chosen on the whole dev set is printed last, to copy into `Thresholds` if its
cross-validated figures hold.  Never run this on the held-out set.

Utility, per question: +1 a direct correct answer, +0.3 the right entry among suggestions,
-3 a wrong direct answer, -1 an in-scope question declined, -2 an off-topic question not declined.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from dataclasses import replace

from faq.bench import Case, Reply, bucket, ours, read_dev
from faq.knowledge import load_knowledge_base
from faq.matcher import Matcher, Thresholds

GRID: dict[str, tuple[float, ...]] = {
    "answer": (0.45, 0.5, 0.55, 0.6),
    "margin": (0.0, 0.02, 0.04, 0.06, 0.08),
    "sure": (0.7, 0.75, 0.8, 0.85),
    "sure_lead": (1e-6, 0.03),  # 1e-6: only an exact tie is no answer
    "ask_penalty": (0.0, 0.15, 0.25, 0.35),
}
GAIN = {"direct": 1.0, "suggested": 0.3, "suggested_wrong": 0.0, "wrong": -3.0, "declined": -1.0}
OFF_NOT_DECLINED = -2.0


def utility(case: Case, reply: Reply) -> float:
    if case.not_known:
        return 1.0 if reply.kind == "declined" or (reply.kind == "answer" and reply.unknown) else -3.0
    if not case.expected:
        return 1.0 if reply.kind == "declined" else OFF_NOT_DECLINED
    return GAIN[bucket(case, reply)]


def points() -> list[dict[str, float]]:
    names = list(GRID)
    return [dict(zip(names, values)) for values in itertools.product(*GRID.values())]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", default="faq/data/faq.toml")
    ap.add_argument("--dev", default="tests/data/faq_dev.tsv")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    cases = read_dev(args.dev)
    matcher = Matcher(load_knowledge_base(args.kb))
    run = ours(matcher)
    grid = points()
    # scores[p][i]: utility of grid point p on case i; buckets for the report
    scores: list[list[float]] = []
    kinds: list[list[str]] = []
    for point in grid:
        matcher.thresholds = replace(Thresholds(), **point)
        row, names = [], []
        for case in cases:
            reply = run(case.question)
            row.append(utility(case, reply))
            in_scope = bool(case.expected) and not case.not_known
            names.append(bucket(case, reply) if in_scope else ("off_ok" if reply.kind == "declined" else "off_ko"))
        scores.append(row)
        kinds.append(names)
    order = list(range(len(cases)))
    random.Random(args.seed).shuffle(order)
    folds = [order[k :: args.folds] for k in range(args.folds)]

    def best(indices: list[int]) -> int:
        return max(range(len(grid)), key=lambda p: (sum(scores[p][i] for i in indices), -p))

    held: dict[str, int] = {}
    for k, fold in enumerate(folds):
        train = [i for j, f in enumerate(folds) if j != k for i in f]
        chosen = best(train)
        print(f"fold {k}: chose {grid[chosen]}")
        for i in fold:
            held[kinds[chosen][i]] = held.get(kinds[chosen][i], 0) + 1
    n_in = sum(v for k, v in held.items() if not k.startswith("off"))
    n_off = held.get("off_ok", 0) + held.get("off_ko", 0)
    print("cross-validated (each question judged by thresholds chosen without it):")
    for name in ("direct", "suggested", "suggested_wrong", "wrong", "declined"):
        print(f"  {name:16} {held.get(name, 0) / max(1, n_in):6.1%}")
    print(f"  off-topic declined {held.get('off_ok', 0) / max(1, n_off):6.1%}")
    print(f"chosen on the whole dev set: {grid[best(list(range(len(cases))))]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
