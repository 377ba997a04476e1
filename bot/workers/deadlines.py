"""Deadline reminders: when a reminder's time comes (data/echeances.toml), queue one outbox
message for each member of each collectivity that still has sheets to submit.

Each message's dedupe key names the deadline, its date, the offset and the person, so a
reminder goes once per person even across restarts and repeated passes; the outbox worker
sends it. Runs every minute; nothing happens while the deadline's date is empty.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.content.deadlines import Deadline, due_reminders
from handlers.content.edition import Edition
from handlers.deadline_reminders import RESUME_BUTTON, reminder_text
from storage.models import Person
from storage.repositories import OutboxRepository
from storage.repositories.audience_sources import AudienceUnavailable, unsubmitted_drafts_by_collectivity

log = logging.getLogger(__name__)

DraftsSource = Callable[[AsyncSession, int | None], Awaitable[dict[int, list[str]]]]


class DeadlineScheduler:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        deadlines: list[Deadline],
        edition: Edition | Callable[[], Edition],
        clock: Callable[[], datetime],
        zone: ZoneInfo,
        *,
        write_lock: AbstractAsyncContextManager | None = None,
        drafts: DraftsSource = unsubmitted_drafts_by_collectivity,
        interval: float = 60.0,
    ) -> None:
        self.sessions = sessions
        # SQLite has one writer: share the dispatcher's queue instead of SQLite's busy-wait sleeps.
        self._write_lock = write_lock or contextlib.nullcontext()
        self.deadlines = deadlines
        self._edition = edition
        self.clock = clock
        self.zone = zone
        self.drafts = drafts
        self.interval = interval
        self._warned = False

    @property
    def edition(self) -> Edition:
        return self._edition() if callable(self._edition) else self._edition

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncSession]:
        async with self._write_lock, self.sessions() as session, session.begin():
            yield session

    async def run_once(self) -> int:
        """Queue the reminders due now; returns how many messages were queued."""
        now = self.clock()
        due = due_reminders(self.deadlines, self.edition, now, self.zone)
        if not due:
            return 0
        queued = 0
        async with self._transaction() as session:
            try:
                drafts = await self.drafts(session, self.edition.year or None)
            except AudienceUnavailable:
                if not self._warned:
                    log.warning("deadline reminders need the sheets feature; none sent")
                    self._warned = True
                return 0
            members = (
                await session.execute(
                    select(Person.telegram_id, Person.collectivity_id).where(
                        Person.collectivity_id.in_(list(drafts)), Person.blocked.is_(False)
                    )
                )
            ).all()
            outbox = OutboxRepository(session)
            today = now.astimezone(self.zone).date()
            for reminder in due:
                already = await outbox.existing_keys(reminder.dedupe_prefix)
                not_after = datetime.combine(reminder.day + timedelta(days=1), time(0, 0), self.zone)
                for telegram_id, collectivity_id in members:
                    key = f"{reminder.dedupe_prefix}{telegram_id}"
                    if key in already:
                        continue
                    await outbox.schedule(
                        telegram_id,
                        reminder_text(reminder, drafts[collectivity_id], today),
                        kind="deadline",
                        send_after=now,
                        buttons=RESUME_BUTTON,
                        dedupe_key=key,
                        not_after=not_after,
                    )
                    queued += 1
        if queued:
            log.info("deadline reminders: %d queued", queued)
        return queued

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:
                log.exception("deadline scheduler failed; retrying")
            try:
                await asyncio.wait_for(stop.wait(), timeout=self.interval)
            except asyncio.TimeoutError:
                pass
