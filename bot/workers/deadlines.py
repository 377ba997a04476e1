"""Runs the action sheets' deadline reminders (handlers.sheets.reminders) every minute."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.workers.loop import every
from handlers.content.deadlines import Deadline
from handlers.content.edition import Edition
from handlers.sheets.reminders import queue_due_reminders


class DeadlineScheduler:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        deadlines: Sequence[Deadline],
        edition: Edition | Callable[[], Edition],
        clock: Callable[[], datetime],
        zone: ZoneInfo,
        *,
        write_lock: AbstractAsyncContextManager[object] | None = None,
        interval: float = 60.0,
    ) -> None:
        self.sessions = sessions
        # SQLite has one writer: share the dispatcher's queue instead of SQLite's busy-wait sleeps.
        self._write_lock = write_lock or contextlib.nullcontext()
        self.deadlines = deadlines
        self._edition = edition
        self.clock = clock
        self.zone = zone
        self.interval = interval

    @property
    def edition(self) -> Edition:
        return self._edition() if callable(self._edition) else self._edition

    async def run_once(self) -> int:
        """Queue the reminders due now; returns how many messages were queued."""
        async with self._write_lock, self.sessions() as session, session.begin():
            return await queue_due_reminders(session, self.deadlines, self.edition, self.clock(), self.zone)

    async def run(self, stop: asyncio.Event) -> None:
        await every(self.interval, self.run_once, stop, "deadline scheduler")
