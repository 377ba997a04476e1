"""Benchmark of the collectivity search (handlers/collectivity_search.py): load time of the
~36,000-row INSEE directory and latency per query (median and 95th percentile).

    .venv/bin/python bench/collectivity_search.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from handlers.content.collectivities import CollectivityDirectory, read_entries  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    started = time.perf_counter()
    directory = CollectivityDirectory(read_entries(ROOT / "data" / "collectivites.csv"))
    print(f"load: {(time.perf_counter() - started) * 1000:.0f} ms for {len(directory)} collectivities")
    every: list[float] = []
    print(f"{'query':28} {'median':>8} {'p95':>8}  best match")
    for query in QUERIES:
        timings = []
        for _ in range(args.repeat):
            begin = time.perf_counter()
            found = directory.search(query)
            timings.append((time.perf_counter() - begin) * 1000)
        every += timings
        p95 = statistics.quantiles(timings, n=20)[-1]
        best = found[0].label if found else "(rien)"
        print(f"{query:28} {statistics.median(timings):6.1f}ms {p95:6.1f}ms  {best}")
    print(
        f"all queries: median {statistics.median(every):.1f} ms, p95 {statistics.quantiles(every, n=20)[-1]:.1f} ms, "
        f"max {max(every):.1f} ms ({len(every)} searches)"
    )


if __name__ == "__main__":
    main()
