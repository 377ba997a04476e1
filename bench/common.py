"""What the benchmarks share: throw-away databases, timing a staff screen through the core, the
figures each benchmark returns and the table `python -m bench` prints.

Not part of the test suite; no timing is asserted anywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handlers.core.events import Action, SendDocument, SendPhoto
from tests.support.databases import DEFAULT_POSTGRES, postgres_admin_url, throwaway_postgres

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Figure:
    """One measured figure, printed next to what it is compared with (`ok` None: no goal)."""

    name: str
    value: str
    reference: str = ""
    ok: bool | None = None

    @property
    def mark(self) -> str:
        return "" if self.ok is None else ("✓" if self.ok else "✗")


def table(figures: Sequence[Figure], title: str = "") -> str:
    rows = [("figure", "value", "reference / goal", "")] + [(f.name, f.value, f.reference, f.mark) for f in figures]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"\n{title}"] if title else []
    for n, (name, value, reference, mark) in enumerate(rows):
        lines.append(f"{name:<{widths[0]}}  {value:>{widths[1]}}  {reference:<{widths[2]}}  {mark}".rstrip())
        if n == 0:
            lines.append("-" * (sum(widths) + 7))
    return "\n".join(lines)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


@contextlib.asynccontextmanager
async def database(kind: str, admin_url: str | None = None) -> AsyncIterator[str]:
    """A fresh database for one run: a SQLite file in a temporary folder, or a PostgreSQL database
    `arobase_bench_<random>` created on the server (127.0.0.1:5432 by default) and dropped at the end.
    Migrations only ever run on that new database, never on the server's `postgres` or `test`."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    async with throwaway_postgres(admin_url or postgres_admin_url() or DEFAULT_POSTGRES, "arobase_bench") as url:
        yield url


@dataclass(frozen=True)
class Timing:
    label: str
    seconds: float
    stall: float  # the longest the event loop (shared by every user) was blocked meanwhile
    sizes: tuple[int, ...]  # bytes of each document or picture sent

    def line(self) -> str:
        sizes = " ".join(f"{s / 1024:.0f} KiB" for s in self.sizes)
        return (
            f"{self.label:<28} {self.seconds * 1000:7.0f} ms   loop blocked ≤ {self.stall * 1000:5.0f} ms   {sizes}"
        ).rstrip()


async def _watch_loop(stalls: list[float], stop: asyncio.Event) -> None:
    """How late a 10 ms sleep wakes up: the time other users' updates would wait."""
    while not stop.is_set():
        before = time.perf_counter()
        await asyncio.sleep(0.01)
        stalls.append(time.perf_counter() - before - 0.01)


async def timed(
    label: str, action: Callable[..., Awaitable[list[Action]]], *args: Any, quiet: bool = False
) -> tuple[list[Action], Timing]:
    """Run one staff action through the core, timing it and the event loop's longest stall."""
    stalls: list[float] = []
    stop = asyncio.Event()
    watcher = asyncio.create_task(_watch_loop(stalls, stop))
    started = time.perf_counter()
    replies = await action(*args)
    elapsed = time.perf_counter() - started
    stop.set()
    await watcher
    sizes = tuple(len(r.content) for r in replies if isinstance(r, (SendDocument, SendPhoto)))
    timing = Timing(label, elapsed, max(stalls, default=0.0), sizes)
    if not quiet:
        print(timing.line(), flush=True)
    return replies, timing
