"""Broadcast progress: refreshes each job's counts, edits its staff progress message (at most
every few seconds, only when something changed, never while « Annuler la diffusion ? » waits
for an answer), and closes jobs once final — done, or cancelled with the sends in flight at the
cancel settled — with a report queued in the outbox (survives a restart, sent once).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.transports.delivery import Sender
from bot.transports.errors import DeliveryError, MessageGone, NotModified
from bot.workers.loop import every
from handlers.broadcast import texts as t
from handlers.broadcast.report import queue_report
from storage.models import BroadcastJob
from storage.repositories.broadcasts import BroadcastRepository

log = logging.getLogger(__name__)


class BroadcastMonitor:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        sender: Sender,
        clock: Callable[[], datetime],
        *,
        write_lock: AbstractAsyncContextManager | None = None,
        interval: float = 3.0,
    ) -> None:
        self.sessions = sessions
        # SQLite has one writer: share the dispatcher's queue instead of SQLite's busy-wait sleeps.
        self._write_lock = write_lock or contextlib.nullcontext()
        self.sender = sender
        self.clock = clock
        self.interval = interval
        self._shown: dict[int, str] = {}  # job id -> progress text last shown

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncSession]:
        async with self._write_lock, self.sessions() as session, session.begin():
            yield session

    async def run_once(self) -> None:
        async with self._transaction() as session:
            repo = BroadcastRepository(session)
            edits: list[tuple[BroadcastJob, str]] = []
            for job in await repo.active():
                if await repo.close_if_settled(job, self.clock()):
                    log.info(
                        "broadcast %s %s: %s sent, %s blocked, %s failed",
                        job.id,
                        job.status,
                        job.sent,
                        job.blocked,
                        job.failed,
                    )
                    await queue_report(session, job)
                if job.confirming:  # « Annuler la diffusion ? » stays until answered
                    continue
                text = t.progress_text(job, in_flight=await repo.in_flight(job))
                if job.status_message_id is not None and self._shown.get(job.id) != text:
                    edits.append((job, text))
        for job, text in edits:  # after the commit: a slow Telegram never holds the database
            await self._edit(job, text)

    async def _edit(self, job: BroadcastJob, text: str) -> None:
        chat_id, message_id = job.status_chat_id, job.status_message_id
        if chat_id is None or message_id is None:  # no progress message to edit
            return
        try:
            await self.sender.edit_text(chat_id, message_id, text, t.control_buttons(job))
        except NotModified:
            pass
        except MessageGone:
            log.info("progress message of broadcast %s is gone", job.id)
        except DeliveryError as exc:  # a 429 or a network error: the next tick tries again
            log.info("progress of broadcast %s not shown: %s", job.id, exc)
            return
        self._shown[job.id] = text

    async def run(self, stop: asyncio.Event) -> None:
        await every(self.interval, self.run_once, stop, "broadcast monitor")
