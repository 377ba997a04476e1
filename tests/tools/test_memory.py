"""The memory worker: what a heavy job freed goes back to the system instead of staying resident."""

from __future__ import annotations

import platform

import pytest

from bot.workers.memory import release_freed_memory


def resident_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS"))


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_memory_an_export_freed_is_given_back_to_the_system():
    rows = [bytearray(4000) for _ in range(50_000)]  # ~200 MB of blocks, as an export's rows
    last = rows[-1]  # still in use above the others: glibc keeps the pages below it by itself
    del rows[:-1]
    before = resident_mb()
    assert release_freed_memory()
    assert resident_mb() < before - 150, "the freed rows stayed resident"
    assert len(last) == 4000
