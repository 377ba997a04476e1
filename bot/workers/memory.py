"""Give the memory a heavy job freed back to the system (Linux with glibc; elsewhere nothing).

An export of a whole edition builds a few hundred MB of rows and files, then frees them. glibc
keeps the freed pages of its heap for later as long as a block still in use sits above them, so
the process's resident memory stayed near the export's peak for the rest of its life.
`malloc_trim(0)` hands the free pages back; it takes about 0.1 ms, and runs every few seconds.
Measured with `bench/edition.py --library ptb` (SQLite, an edition's size): resident memory after
the staff screens 268 → 235 MB.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import functools
from collections.abc import Callable

from bot.workers.loop import every


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): its allocator gives pages back itself
        return None


def release_freed_memory() -> bool:
    """Return the heap's free pages to the system; False where the C library has no malloc_trim."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


class MemoryTrimmer:
    def __init__(self, interval: float = 5.0) -> None:
        self.interval = interval

    async def run_once(self) -> None:
        release_freed_memory()

    async def run(self, stop: asyncio.Event) -> None:
        await every(self.interval, self.run_once, stop, "memory")
