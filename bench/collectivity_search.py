"""Benchmark of the collectivity search (handlers/content/collectivities.py): load time of the
~36,000-row INSEE directory and latency per query (median, 95th and 99th percentile, and the CPU
time, which other processes on a busy machine inflate less), next to the search as it was before
issue 15 (bench/collectivity_search_reference.py), timed in the same run.

    .venv/bin/python bench/collectivity_search.py [--repeat 30] [--compare 2000] [--no-reference]
    .venv/bin/python bench/collectivity_search.py --record tests/data/collectivity_search_expected.json

It also checks that both give the same results: on every bench query (exit status 1 otherwise) and
on --compare generated queries (typos, prefixes, departments, « mairie de »…; differences are listed).
--record writes the reference's results for the bench queries and 400 generated ones, the fixture
that tests/core/test_collectivity_search.py compares the search with.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.collectivity_search_reference import ReferenceDirectory  # noqa: E402
from bench.common import Figure  # noqa: E402
from handlers.content.collectivities import CollectivityDirectory, Entry, read_entries  # noqa: E402

QUERIES = [
    "Albi",
    "st germain en laye",
    "Saint-Martin",
    "saint martin 32",
    "81000",
    "Montpelier",
    "bordeau",
    "cc du pays de",
    "ca albigeois",
    "metropole grand paris",
    "mairie de albi",
    "les sables d olonne",
    "ville d avray",
    "zzqxw",
    "pas une commune du tout",
]
RECORDED = 400  # generated queries in the fixture


def generated_queries(entries: list[Entry], count: int, seed: int = 15) -> list[str]:
    """What people type: names as written, lowercased, with a typo, cut short, with a department…"""
    rng = random.Random(seed)
    by_population = sorted(entries, key=lambda e: (-e.population, e.code))
    big = by_population[:2000]  # people from big places are many: half the queries name one of them
    letters = "abcdefghijklmnopqrstuvwxyz"
    queries: list[str] = []
    while len(queries) < count:
        entry = rng.choice(big if rng.random() < 0.5 else entries)
        name = entry.name
        plain = name.lower().replace("-", " ").replace("'", " ")
        kind = rng.randrange(9)
        if kind == 0:
            query = name
        elif kind == 1:
            query = plain
        elif kind == 2 and len(plain) > 3:  # one typo: a letter dropped, changed or doubled
            at = rng.randrange(1, len(plain))
            change = rng.randrange(3)
            replaced = plain[at + 1 :] if change == 0 else rng.choice(letters) + plain[at + 1 :]
            query = plain[:at] + (plain[at] + plain[at:] if change == 2 else replaced)
        elif kind == 3:
            query = plain[: rng.randrange(3, 11)]
        elif kind == 4:
            query = f"{plain} {entry.department.split()[0]}"
        elif kind == 5:
            query = f"mairie de {plain}"
        elif kind == 6:
            query = plain.replace("saint ", "st ").replace("sainte ", "ste ")
        elif kind == 7:
            query = rng.choice(plain.split())
        else:
            words = plain.split()
            query = " ".join(words[-2:]) if len(words) > 1 else plain[::-1]
        if query.strip():
            queries.append(query)
    return queries


def codes(found: list[Entry]) -> list[str]:
    return [e.code for e in found]


def percentile(values: list[float], share: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1]


@dataclass(frozen=True)
class SearchTimes:
    """Milliseconds over every timed search."""

    median: float
    p95: float
    p99: float
    cpu_p99: float


def timed(label: str, search: Callable[[str], list[Entry]], repeat: int) -> SearchTimes:
    every: list[float] = []
    cpu: list[float] = []  # this thread's CPU time: what the search costs, whatever else the machine runs
    fastest: dict[str, float] = {}  # each query's best run: its cost when nothing else competed for the CPU
    print(f"\n{label}\n{'query':28} {'median':>8} {'p95':>8} {'p99':>8}  best match")
    for query in QUERIES:
        timings = []
        for _ in range(repeat):
            begin, begin_cpu = time.perf_counter(), time.thread_time()
            found = search(query)
            timings.append((time.perf_counter() - begin) * 1000)
            cpu.append((time.thread_time() - begin_cpu) * 1000)
        every += timings
        fastest[query] = min(timings)
        best = found[0].label if found else "(rien)"
        print(
            f"{query:28} {statistics.median(timings):6.1f}ms {percentile(timings, 95):6.1f}ms "
            f"{percentile(timings, 99):6.1f}ms  {best}"
        )
    print(
        f"all queries: median {statistics.median(every):.1f} ms, p95 {percentile(every, 95):.1f} ms, "
        f"p99 {percentile(every, 99):.1f} ms, max {max(every):.1f} ms ({len(every)} searches; "
        f"CPU: median {statistics.median(cpu):.1f} ms, p95 {percentile(cpu, 95):.1f} ms, "
        f"p99 {percentile(cpu, 99):.1f} ms)"
    )
    slowest = max(fastest, key=fastest.__getitem__)
    print(f"each query's fastest run: at most {fastest[slowest]:.1f} ms ({slowest!r})")
    return SearchTimes(statistics.median(every), percentile(every, 95), percentile(every, 99), percentile(cpu, 99))


def figures(repeat: int = 30, compare: int = 200, reference: bool = True) -> list[Figure]:
    """Goal (issue 15): p99 ≤ 15 ms over the bench queries, with the reference's results."""
    entries = read_entries(ROOT / "data" / "collectivites.csv")
    directory, before = CollectivityDirectory(entries), ReferenceDirectory(entries)
    queries = QUERIES + (generated_queries(entries, compare, seed=1015) if compare else [])
    same = sum(codes(directory.search(q)) == codes(before.search(q)) for q in queries)
    was = timed("before (bench/collectivity_search_reference.py)", before.search, repeat) if reference else None
    now = timed("now (handlers/content/collectivities.py)", directory.search, repeat)
    return [
        Figure(
            "collectivity search: p99",
            f"{now.p99:.1f} ms",
            "goal ≤ 15 ms" + (f"; before issue 15 {was.p99:.1f} ms" if was else ""),
            now.p99 <= 15,
        ),
        Figure("collectivity search: median", f"{now.median:.1f} ms", f"before {was.median:.1f} ms" if was else ""),
        Figure("collectivity search: CPU p99", f"{now.cpu_p99:.1f} ms", "this thread's CPU time"),
        Figure(
            "collectivity search: same results",
            f"{same}/{len(queries)}",
            "as the search before issue 15",
            same == len(queries),
        ),
    ]


def main() -> None:
    """Goal (issue 15): p99 ≤ 15 ms over the bench queries, with the reference's results."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--compare", type=int, default=2000, help="generated queries compared with the reference")
    parser.add_argument("--no-reference", action="store_true", help="do not time the search as it was before")
    parser.add_argument("--record", type=Path, help="write the reference's results to this JSON fixture and stop")
    args = parser.parse_args()
    entries = read_entries(ROOT / "data" / "collectivites.csv")
    reference = ReferenceDirectory(entries)
    if args.record:
        queries = QUERIES + generated_queries(entries, RECORDED)
        found = {q: [f"{e.code} {e.name}" for e in reference.search(q)] for q in queries}
        lines = [f"{json.dumps(q, ensure_ascii=False)}: {json.dumps(f, ensure_ascii=False)}" for q, f in found.items()]
        args.record.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
        print(f"{len(lines)} queries recorded in {args.record}")
        return
    started = time.perf_counter()
    directory = CollectivityDirectory(entries)
    print(f"load: {(time.perf_counter() - started) * 1000:.0f} ms for {len(directory)} collectivities")

    different = [q for q in QUERIES if codes(directory.search(q)) != codes(reference.search(q))]
    print(f"bench queries: {len(QUERIES) - len(different)}/{len(QUERIES)} with the reference's results")
    for query in different:
        print(f"  DIFFERENT {query!r}: {codes(directory.search(query))} != {codes(reference.search(query))}")
    if args.compare:
        queries = generated_queries(entries, args.compare, seed=1015)  # not the recorded ones
        apart = [q for q in queries if codes(directory.search(q)) != codes(reference.search(q))]
        print(f"generated queries: {len(queries) - len(apart)}/{len(queries)} with the reference's results")
        for query in apart[:20]:
            print(f"  different {query!r}: {codes(directory.search(query))} != {codes(reference.search(query))}")

    if not args.no_reference:
        timed("before (bench/collectivity_search_reference.py)", reference.search, args.repeat)
    timed("now (handlers/content/collectivities.py)", directory.search, args.repeat)
    if different:
        sys.exit(1)


if __name__ == "__main__":
    main()
