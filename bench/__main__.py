"""Every benchmark, with moderate sizes, each figure next to its reference (✓ / ✗ against the
goals of issue 15). A few minutes on a laptop; `--quick` for small sizes.

    .venv/bin/python -m bench [--only faq|collectivity_search|sheets_fill|broadcast|edition]
                              [--quick] [--database sqlite|postgresql|both]

`--database` is the edition bench's (the others use SQLite). Exit status 1 when a benchmark
failed to run (not when a goal is missed: the marks say so).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench.common import ROOT, Figure, table

FAQ_SETS = ("tests/data/faq_dev.tsv", "tests/data/faq_holdout.tsv")


def faq_figures(quick: bool) -> list[Figure]:
    """python -m faq.bench on the dev and the held-out sets. Goals: direct answers ≥ 92 %, wrong
    direct answers ≤ 2 %, in-scope declined ≤ 2 %, off-topic declined ≥ 95 %, p99 ≤ 2 ms."""
    from faq.bench import evaluate, lines, ours, read_dev
    from faq.knowledge import load_knowledge_base
    from faq.matcher import Matcher

    kb = load_knowledge_base(ROOT / "faq" / "data" / "faq.toml")
    matcher = Matcher(kb)
    figures = []
    for dev in FAQ_SETS:
        name = Path(dev).stem.removeprefix("faq_")
        report = evaluate(ours(matcher), read_dev(ROOT / dev), repeat=3 if quick else 20)
        print("\n".join(lines(f"faq {name}", report)), flush=True)
        direct, wrong, declined = report.share("direct"), report.share("wrong"), report.share("declined")
        off = report.off_declined_share
        figures += [
            Figure(f"faq {name}: direct answer correct", f"{direct:.1%}", "goal ≥ 92 %", direct >= 0.92),
            Figure(f"faq {name}: wrong direct answer", f"{wrong:.1%}", "goal ≤ 2 %", wrong <= 0.02),
            Figure(f"faq {name}: in-scope declined", f"{declined:.1%}", "goal ≤ 2 %", declined <= 0.02),
            Figure(f"faq {name}: off-topic declined", f"{off:.1%}", "goal ≥ 95 %", off >= 0.95),
            Figure(f"faq {name}: latency p99", f"{report.p99:.3f} ms", "goal ≤ 2 ms", report.p99 <= 2.0),
        ]
    return figures


def collectivity_figures(quick: bool) -> list[Figure]:
    from bench import collectivity_search

    if quick:
        return collectivity_search.figures(repeat=5, compare=0, reference=False)
    return collectivity_search.figures(repeat=30, compare=200, reference=True)


def sheets_figures(quick: bool) -> list[Figure]:
    from bench import answer_calls, sheets_fill

    sizes = {"sheets": 20, "users": 5, "alone": 3} if quick else {"sheets": 100, "users": 20, "alone": 10}
    timed = asyncio.run(sheets_fill.figures("aiogram", **sizes))
    return timed + asyncio.run(answer_calls.figures(3 if quick else 10))


def broadcast_figures(quick: bool) -> list[Figure]:
    from bench import broadcast

    return asyncio.run(broadcast.figures(150 if quick else 900))


def edition_figures(quick: bool, databases: tuple[str, ...]) -> list[Figure]:
    from bench import edition

    sizes = edition.Sizes().scaled(0.1) if quick else edition.Sizes()
    figures = []
    for kind in databases:
        result = asyncio.run(edition.run_edition(kind, sizes))
        label = "SQLite" if kind == "sqlite" else "PostgreSQL"
        print(table(result.figures(), result.title()), flush=True)
        figures += [Figure(f"edition ({label}): {f.name}", f.value, f.reference, f.ok) for f in result.figures()]
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    names = ("faq", "collectivity_search", "sheets_fill", "broadcast", "edition")
    parser.add_argument("--only", choices=names, action="append", help="run only this one (repeatable)")
    parser.add_argument("--quick", action="store_true", help="small sizes (under a minute or two)")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="sqlite")
    args = parser.parse_args(argv)
    databases = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    runs: dict[str, Callable[[], list[Figure]]] = {
        "faq": lambda: faq_figures(args.quick),
        "collectivity_search": lambda: collectivity_figures(args.quick),
        "sheets_fill": lambda: sheets_figures(args.quick),
        "broadcast": lambda: broadcast_figures(args.quick),
        "edition": lambda: edition_figures(args.quick, databases),
    }
    results: dict[str, list[Figure]] = {}
    failed: list[str] = []
    for name in args.only or names:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        try:
            results[name] = runs[name]()
        except Exception:  # noqa: BLE001 — one benchmark failing must not hide the others' figures
            traceback.print_exc()
            failed.append(name)
            continue
        print(f"({name}: {time.perf_counter() - started:.0f} s)", flush=True)
    for name, figures in results.items():
        print(table(figures, f"== {name} =="))
    if failed:
        print(f"\nfailed to run: {', '.join(failed)}")
    missed = [f.name for figures in results.values() for f in figures if f.ok is False]
    print(f"\n{len(missed)} goal(s) missed" + (f": {'; '.join(missed)}" if missed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
