"""The outbox worker: sends due outbox rows through a transport's `Sender`.

- bot-wide rate (default 25 messages/s) and at most one message per second per chat;
- a 429 pauses every outbox send for `retry_after` seconds and puts the row back in the queue;
- a 403 marks the row `blocked` and the person blocked: their later rows are settled
  `blocked` without a call until they write to the bot again;
- network errors are retried with backoff (then `failed`), other errors recorded as `failed`;
- rows are claimed (`sending`) in a committed transaction before the call, so a crash can only
  send again the rows that were in flight; rows left `sending` are resent at start.

Runs as its own task; conversation replies never go through it, so a broadcast does not slow them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.transports.delivery import Sender
from bot.transports.errors import BotBlocked, DeliveryError, NetworkFailure, RetryAfter
from bot.transports.splitting import split_html
from bot.workers.pacing import Pacer
from handlers.core.keyboards import decode
from storage.database import is_sqlite
from storage.models import OutboxMessage, OutboxStatus
from storage.repositories import OutboxRepository, PeopleRepository
from storage.repositories.broadcasts import BroadcastRepository
from storage.repositories.outbox import Claimed, backoff

log = logging.getLogger(__name__)

POLL_INTERVAL = 1.0  # seconds between looks at the queue when nothing is due sooner
LEASE = timedelta(minutes=2)  # PostgreSQL: a row `sending` for longer belongs to a dead worker
MAX_IN_FLIGHT = 8  # concurrent Telegram calls: the most a crash can send twice


class OutboxWorker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        sender: Sender,
        clock: Callable[[], datetime],
        rate_per_second: float = 25,
        per_chat_interval: float = 1.0,
        batch: int | None = None,
        *,
        write_lock: AbstractAsyncContextManager | None = None,
        max_in_flight: int = MAX_IN_FLIGHT,
        max_attempts: int = 5,
        poll_interval: float = POLL_INTERVAL,
    ) -> None:
        self.sessions = sessions
        # SQLite has one writer: share the dispatcher's queue instead of SQLite's busy-wait sleeps.
        self._write_lock = write_lock or contextlib.nullcontext()
        self.sender = sender
        self.clock = clock
        self.pacer = Pacer(rate_per_second, per_chat_interval)
        self.batch = batch or max(10, int(rate_per_second))
        self.max_attempts = max_attempts
        self.poll_interval = poll_interval
        self._slots = asyncio.Semaphore(max_in_flight)
        self.multi_worker = not is_sqlite(str(sessions.kw["bind"].url))
        self._recovered = False

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncSession]:
        async with self._write_lock, self.sessions() as session, session.begin():
            yield session

    # -- public ----------------------------------------------------------------
    async def recover(self) -> int:
        """Put rows left `sending` by a crash back in the queue (once, at start)."""
        self._recovered = True
        async with self._transaction() as session:
            before = self.clock() - LEASE if self.multi_worker else None
            count = await OutboxRepository(session).recover(claimed_before=before)
        if count:
            log.warning("outbox: %d message(s) left in flight by a previous run will be sent again", count)
        return count

    async def run_once(self) -> int:
        """Send every row due now (and settle expired/blocked ones); returns how many were handled."""
        if not self._recovered:
            await self.recover()
        return await self._drain(None)

    async def run(self, stop: asyncio.Event) -> None:
        """Send due rows until `stop` is set; then let in-flight sends finish."""
        last_recovery = asyncio.get_running_loop().time()
        while not stop.is_set():
            try:
                if not self._recovered:
                    await self.recover()
                await self._drain(stop)
                if self.multi_worker and asyncio.get_running_loop().time() - last_recovery > 60:
                    await self.recover()
                    last_recovery = asyncio.get_running_loop().time()
                wait = await self._seconds_until_next_due()
            except Exception:
                log.exception("outbox worker failed; retrying shortly")
                wait = self.poll_interval * 5
            try:
                await asyncio.wait_for(stop.wait(), timeout=wait)
            except TimeoutError:
                pass

    # -- one pass --------------------------------------------------------------
    async def _drain(self, stop: asyncio.Event | None) -> int:
        handled = 0
        tasks: set[asyncio.Task] = set()
        exhausted = False
        low_water = self.batch // 2
        try:
            while True:
                stopping = stop is not None and stop.is_set()
                if not stopping and (not tasks or (len(tasks) <= low_water and not exhausted)):
                    claimed = await self._claim(self.batch - len(tasks))
                    handled += claimed.expired + claimed.blocked
                    tasks |= {asyncio.create_task(self._deliver(row)) for row in claimed.to_send}
                    exhausted = claimed.empty
                    if claimed.empty and not tasks:
                        return handled
                    if not tasks:
                        continue
                if not tasks:
                    return handled
                done, tasks = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                handled += len(done)
                if not tasks:
                    exhausted = False
        except asyncio.CancelledError:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise

    async def _claim(self, limit: int) -> Claimed:
        async with self._transaction() as session:
            paused = await BroadcastRepository(session).paused_ids()
            return await OutboxRepository(session).claim_due(
                self.clock(), max(1, limit), paused_jobs=paused, skip_locked=self.multi_worker
            )

    async def _seconds_until_next_due(self) -> float:
        async with self.sessions() as session:
            paused = await BroadcastRepository(session).paused_ids()
            due = await OutboxRepository(session).next_due_at(paused_jobs=paused)
        if due is None:
            return self.poll_interval
        return min(self.poll_interval, max(0.05, (due - self.clock()).total_seconds()))

    # -- one message -------------------------------------------------------------
    async def _deliver(self, row: OutboxMessage) -> None:
        # The slot is held until the outcome is committed: at most `max_in_flight` messages
        # are ever sent but not yet recorded, which bounds what a crash can send twice.
        async with self._slots:
            await self._send_and_record(row)

    async def _send_and_record(self, row: OutboxMessage) -> None:
        started = False
        try:
            parts = split_html(row.text)
            for index, part in enumerate(parts):
                await self.pacer.wait_turn(row.chat_id)
                started = True
                buttons = decode(row.buttons) if index == len(parts) - 1 else []
                await self.sender.send_text(row.chat_id, part, buttons)
        except asyncio.CancelledError:
            if not started:  # stopping before the call: the row simply waits for the next run
                await asyncio.shield(self._settle(row, OutboxRepository.release))
            raise
        except RetryAfter as exc:
            log.warning("outbox: 429, every send paused for %ss", exc.seconds)
            self.pacer.pause(exc.seconds)
            await self._settle(row, OutboxRepository.release)
        except BotBlocked as exc:
            await self._blocked(row, str(exc))
        except NetworkFailure as exc:
            await self._network_failure(row, str(exc))
        except DeliveryError as exc:
            log.info("outbox: message %s to %s failed: %s", row.id, row.chat_id, exc)
            await self._failed(row, str(exc))
        except Exception as exc:  # a bug or an unmapped library error: record it, keep going
            log.exception("outbox: unexpected error sending %s", row.id)
            await self._failed(row, repr(exc))
        else:
            await self._settle(row, lambda repo, i: repo.mark(i, OutboxStatus.SENT, now=self.clock()))

    async def _failed(self, row: OutboxMessage, error: str) -> None:
        await self._settle(row, lambda repo, i: repo.mark(i, OutboxStatus.FAILED, now=self.clock(), error=error))

    async def _settle(self, row: OutboxMessage, change) -> None:
        async with self._transaction() as session:
            await change(OutboxRepository(session), row.id)

    async def _blocked(self, row: OutboxMessage, error: str) -> None:
        async with self._transaction() as session:
            await OutboxRepository(session).mark(row.id, OutboxStatus.BLOCKED, now=self.clock(), error=error)
            await PeopleRepository(session).set_blocked(row.chat_id, True)

    async def _network_failure(self, row: OutboxMessage, error: str) -> None:
        async with self._transaction() as session:
            repo = OutboxRepository(session)
            if row.attempts + 1 >= self.max_attempts:
                await repo.mark(row.id, OutboxStatus.FAILED, now=self.clock(), error=f"network: {error}")
            else:
                await repo.retry_later(row.id, at=self.clock() + backoff(row.attempts), error=error)
