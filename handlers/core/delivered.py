"""Updates whose replies have left, recorded as delivered, several in one statement.

Recording each delivery in a transaction of its own cost one more write per update (a quarter of
the statements of a sheet answer, and one more turn at SQLite's single writer). So deliveries are
recorded as a group commit: those that leave while a write is waiting for the database or running
are recorded together by the next one. With SQLite's single writer (`carry`) the dispatcher goes
further: an update's own transaction, which writes anyway, records the deliveries gathered so far
(`carried`), and their own write waits `CARRY_DELAY` for such a transaction (a person answering at
once) before it is made. Until recorded, they keep their delivery lease (the dispatcher renews it),
so no other process sends them again; only a crash between a reply leaving and its record (25 ms
and a few when the bot is idle, one database turn under load) may send that reply a second time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories import UpdatesRepository

log = logging.getLogger(__name__)

Key = tuple[int, int]  # (bot id, update id)
CARRY_DELAY = 0.025  # s a delivery waits for an update's transaction to record it (`carry`)


class DeliveredMarks:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        write_lock: Any,
        recorded: Callable[[set[Key]], None],
        *,
        carry: bool = False,
    ) -> None:
        self._sessions = sessions
        self._write_lock = write_lock
        self._recorded = recorded  # told which keys are now stored as delivered
        self._carry = carry  # updates' transactions record them (`carried`): one writer, SQLite
        self._delay = CARRY_DELAY if carry else 0.0
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

    @contextlib.contextmanager
    def carried(self) -> Iterator[set[Key]]:
        """The deliveries not yet recorded, for the transaction run inside (it holds the write lock)
        to record; given back if it fails. Empty unless `carry`, or once closing."""
        if not self._carry or self._closed:
            yield set()
            return
        batch, self._pending = self._pending, set()
        self._writing |= batch
        try:
            yield batch
        except BaseException:
            self._writing -= batch
            if batch:
                self._pending |= batch  # rolled back: written by the next transaction, or on their own
                self._write_soon()
            raise
        self._writing -= batch
        self._recorded(batch)

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
