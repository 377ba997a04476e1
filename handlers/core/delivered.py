"""Updates whose replies have left, recorded as delivered, several in one statement.

Recording each delivery in a transaction of its own cost one more write per update (a quarter of
the statements of a sheet answer, and one more turn at SQLite's single writer). So deliveries are
recorded as a group commit: the first one is written at once; those that leave while a write is
waiting for the database or running are recorded together by the next one. Until recorded, they
keep their delivery lease (the dispatcher renews it), so no other process sends them again; only a
crash between a reply leaving and its record (a few milliseconds when the bot is idle, one database
turn under load) may send that reply a second time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories import UpdatesRepository

log = logging.getLogger(__name__)

Key = tuple[int, int]  # (bot id, update id)


class DeliveredMarks:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        write_lock: Any,
        recorded: Callable[[set[Key]], None],
        delay: float = 0.0,
    ) -> None:
        self._sessions = sessions
        self._write_lock = write_lock
        self._recorded = recorded  # told which keys are now stored as delivered
        self._delay = delay
        self._waiting = False  # the writer is waiting `delay` for a transaction to carry them
        self._closed = False  # closing: no transaction takes them any more, `close` records them
        self._pending: set[Key] = set()
        self._writing: set[Key] = set()  # the batch being recorded
        self._writer: asyncio.Task | None = None

    def __contains__(self, key: Key) -> bool:
        """Delivered, though perhaps not yet recorded (a duplicate update must not send it again)."""
        return key in self._pending or key in self._writing

    def add(self, key: Key) -> None:
        self._pending.add(key)
        self._write_soon()

    def take(self) -> set[Key]:
        """The deliveries not yet recorded, for a transaction that holds the write lock and will record
        them; it then calls `carried` with the outcome of its commit."""
        if self._closed:
            return set()
        batch, self._pending = self._pending, set()
        self._writing |= batch
        return batch

    def carried(self, batch: set[Key], committed: bool) -> None:
        self._writing -= batch
        if committed:
            self._recorded(batch)
        elif batch:
            self._pending |= batch  # rolled back: written by the next transaction, or on their own
            self._write_soon()

    def _write_soon(self) -> None:
        if self._closed:
            return  # `close` records them
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._flush_later(), name="arobase-delivered")

    async def _flush_later(self) -> None:
        if self._delay:
            self._waiting = True
            try:
                await asyncio.sleep(self._delay)
            finally:
                self._waiting = False
        await self.flush()

    async def flush(self) -> None:
        """Record every delivery gathered so far (also at shutdown)."""
        while self._pending:
            async with self._write_lock:  # those that leave while waiting for it join this batch
                if not self._pending:
                    break  # an update's transaction carried them meanwhile
                batch, self._pending = self._pending, set()
                self._writing |= batch
                try:
                    async with self._sessions() as session, session.begin():
                        await UpdatesRepository(session).mark_all_delivered(batch)
                except Exception:
                    log.exception("could not record %d deliveries (their replies may be sent again)", len(batch))
                finally:
                    self._writing -= batch
            self._recorded(batch)

    async def close(self) -> None:
        self._closed = True
        if self._writer is not None and not self._writer.done():
            if self._waiting:
                self._writer.cancel()  # no transaction will come to carry them: written below
                with contextlib.suppress(asyncio.CancelledError):
                    await self._writer
            else:
                await self._writer  # a write under way is finished, not cut
        async with self._write_lock:
            pass  # an update's transaction carrying some ends first (and gives them back if it fails)
        await self.flush()
