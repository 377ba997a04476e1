"""Updates whose replies have left, recorded as delivered in batches.

Recording each delivery in a transaction of its own cost one more write per update (a quarter of
the statements of a sheet answer, and one more turn at SQLite's single writer). Deliveries are
gathered for `DELAY` seconds and recorded in one statement. Until then they keep their delivery
lease (the dispatcher renews it), so no other process sends them again; only a crash in that
short window may send those replies a second time — the same promise as a crash between a send
and its record.
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

DELAY = 0.2  # seconds a delivery may wait to be recorded with others

Key = tuple[int, int]  # (bot id, update id)


class DeliveredMarks:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        write_lock: Any,
        recorded: Callable[[set[Key]], None],
    ) -> None:
        self._sessions = sessions
        self._write_lock = write_lock
        self._recorded = recorded  # told which keys are now stored as delivered
        self._pending: set[Key] = set()
        self._writing: set[Key] = set()  # the batch being recorded
        self._timer: asyncio.Task | None = None

    def __contains__(self, key: Key) -> bool:
        """Delivered, though perhaps not yet recorded (a duplicate update must not send it again)."""
        return key in self._pending or key in self._writing

    def add(self, key: Key) -> None:
        self._pending.add(key)
        if self._timer is None or self._timer.done():
            self._timer = asyncio.get_running_loop().create_task(self._later(), name="arobase-delivered")

    async def _later(self) -> None:
        await asyncio.sleep(DELAY)
        await self.flush()

    async def flush(self) -> None:
        """Record every delivery gathered so far (also at shutdown)."""
        while self._pending:
            batch, self._pending = self._pending, set()
            self._writing |= batch
            try:
                async with self._write_lock, self._sessions() as session, session.begin():
                    await UpdatesRepository(session).mark_all_delivered(batch)
            except Exception:
                log.exception("could not record %d deliveries (their replies may be sent again)", len(batch))
            finally:
                self._writing -= batch
            self._recorded(batch)

    async def close(self) -> None:
        if self._timer is not None and not self._timer.done():
            self._timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._timer
        await self.flush()
