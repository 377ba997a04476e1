"""An aiosqlite connection whose calls run at once in the event loop's thread.

aiosqlite sends every call to a thread of its own and wakes the loop when it is done: each
statement of a transaction waits for the loop to come round again, and for the GIL, while the
bot's single SQLite write lock is held. Under load the lock was held about twice as long as the
work inside it (`bench/sheets_fill.py`: 34 answers/s threaded, 74/s inline, 20 people).

The bot's writes on SQLite already run one at a time (`Dispatcher.write_lock`), and a SQLite
statement of a conversation step takes microseconds: run in place they cost less than the trip.
So the writer engine uses this connection, and long reads (exports, dossiers, lists rendered
after the commit) keep aiosqlite's thread on a second engine (`storage.database.Engines`), so
they never stop the loop.

What makes it safe: every writer of the process holds the write lock, so no statement run here
ever waits for another task of the loop. A lock held by another process (a CLI command writing,
a backup) is not waited for by SQLite's busy handler, which would stop the loop: SQLite gives up
at once and the call is made again after an `asyncio.sleep`, up to `BUSY_WAIT` seconds in all.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from typing import Any

import aiosqlite

BUSY_WAIT = 30.0  # seconds a statement waits for a lock held by another process, as the threaded engine
BUSY_SNAPSHOT = 517  # SQLITE_BUSY_SNAPSHOT (not in Python's sqlite3 module)
RETRIED = frozenset({"execute", "executemany", "commit", "rollback"})  # what SQLAlchemy's cursor and connection call


class _RunHere:
    """Stands in for aiosqlite's queue to its thread: what is put is run now, here."""

    @staticmethod
    def put_nowait(item: tuple[asyncio.Future | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as exc:  # noqa: BLE001 — handed to the awaiting caller, as aiosqlite does
            if future is not None and not future.done():
                future.set_exception(exc)
            return
        if future is not None and not future.done():
            future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """aiosqlite's interface (what SQLAlchemy's aiosqlite dialect drives), no thread."""

    def __init__(self, connector: Callable[[], sqlite3.Connection], iter_chunk_size: int = 64) -> None:
        super().__init__(connector, iter_chunk_size)  # builds a Thread object, never started
        self._tx = _RunHere()  # type: ignore[assignment]

    def __await__(self):  # aiosqlite starts its thread here
        return self._connect().__await__()

    async def _execute(self, fn, *args, **kwargs):
        if not self._running or self._connection is None:
            raise ValueError("Connection closed")
        waited, delay = 0.0, 0.01
        while True:
            try:
                return fn(*args, **kwargs)
            except sqlite3.OperationalError as exc:
                # SQLITE_BUSY (or BUSY_RECOVERY): another process holds the lock and nothing was
                # done, so the call can be made again; waited for here, asynchronously, so the loop
                # goes on meanwhile. A stale snapshot (SQLITE_BUSY_SNAPSHOT) is not waited for: the
                # transaction must run again, which the dispatcher does. Only calls that start
                # afresh are made again (not a fetch cut halfway).
                code = getattr(exc, "sqlite_errorcode", 0)
                busy = code & 0xFF == sqlite3.SQLITE_BUSY and code != BUSY_SNAPSHOT
                if not busy or getattr(fn, "__name__", "") not in RETRIED or waited >= BUSY_WAIT:
                    raise
            await asyncio.sleep(delay)
            waited, delay = waited + delay, min(delay * 2, 0.25)


def inline_connector(database: str, **options: Any) -> Callable[[], Any]:
    """An `async_creator` for SQLAlchemy: opens `database` as an InlineConnection."""

    async def connect() -> InlineConnection:
        return await InlineConnection(lambda: sqlite3.connect(database, **options))

    return connect
