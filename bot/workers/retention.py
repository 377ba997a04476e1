"""Retention: what is kept only for a while is purged on schedule, for everyone.

- handled updates (`processed_updates`, kept to answer a re-delivered update once): 7 days;
- the audit log (staff actions, refused accesses): 365 days (`AUDIT_RETENTION_DAYS`).
The periods are stated to users in /mesdonnees and in the README. Runs hourly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.workers.loop import every
from handlers.personal_data.core_tables import AUDIT_RETENTION_DAYS, UPDATES_RETENTION_DAYS
from storage.repositories import AuditRepository, UpdatesRepository

log = logging.getLogger(__name__)


class RetentionWorker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
        *,
        write_lock: AbstractAsyncContextManager[object] | None = None,
        interval: float = 3600.0,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self._write_lock = write_lock or contextlib.nullcontext()
        self.interval = interval

    async def run_once(self) -> tuple[int, int]:
        """Purge what is past its retention; returns (updates, audit entries) removed."""
        now = self.clock()
        async with self._write_lock, self.sessions() as session, session.begin():
            updates = await UpdatesRepository(session).purge_older_than(timedelta(days=UPDATES_RETENTION_DAYS), now)
            audit = await AuditRepository(session).purge_older_than(timedelta(days=AUDIT_RETENTION_DAYS), now)
        if updates or audit:
            log.info("retention: %d handled update(s) and %d audit entr(ies) purged", updates, audit)
        return updates, audit

    async def run(self, stop: asyncio.Event) -> None:
        await every(self.interval, self.run_once, stop, "retention")
