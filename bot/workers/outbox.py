"""The outbox worker: sends due outbox rows through a transport's `Sender`.

- every send takes a grant from the bot's send budget (`bot.workers.pacing`), after the
  conversation replies; at most one message per second per chat;
- rows are claimed under this worker's name with a lease it renews while it holds them
  (`renew_every`); only the owner records an outcome; the rows of a dead worker come back to
  the queue when its lease runs out (`lease`, ~25 s), found by any worker's periodic recovery;
- a 429 pauses the background sends of every process for `retry_after`, and the rows this
  worker holds go back to the queue at once (another worker may take them after the pause);
- a row of a paused or cancelled broadcast is given back (or cancelled) just before its call;
- a 403 marks the row `blocked` and the person blocked: their later rows are settled
  `blocked` without a call until they write to the bot again;
- network errors are retried with backoff (then `failed`), other errors recorded as `failed`;
- a row's outcome is committed before the next call (`max_in_flight`, 1 by default): a crash
  can send again at most that many messages, the ones in a Telegram call at that instant.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.transports.delivery import Sender
from bot.transports.errors import BotBlocked, DeliveryError, NetworkFailure, RetryAfter
from bot.transports.splitting import split_html
from bot.workers.identity import instance_name
from bot.workers.pacing import BudgetPaused, ChatSpacing, SendBudget
from handlers.core.keyboards import decode
from storage.database import is_sqlite
from storage.models import BroadcastStatus, OutboxMessage, OutboxStatus
from storage.repositories import OutboxRepository, PeopleRepository
from storage.repositories.broadcasts import BroadcastRepository
from storage.repositories.outbox import Claimed, backoff

log = logging.getLogger(__name__)

POLL_INTERVAL = 1.0  # seconds between looks at the queue when nothing is due sooner
LEASE = timedelta(seconds=25)  # a claim not renewed for this long belongs to a dead worker
RECOVER_EVERY = 5.0  # seconds between looks for the rows of dead workers (PostgreSQL)
MAX_IN_FLIGHT = 1  # messages sent but not yet recorded: the most a crash can send twice


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
        budget: SendBudget | None = None,
        owner: str | None = None,
        lease: timedelta = LEASE,
        renew_every: float | None = None,
        recover_every: float = RECOVER_EVERY,
    ) -> None:
        self.sessions = sessions
        # SQLite has one writer: share the dispatcher's queue instead of SQLite's busy-wait sleeps.
        self._write_lock = write_lock or contextlib.nullcontext()
        self.sender = sender
        self.clock = clock
        self.budget = budget or SendBudget.in_memory(rate_per_second)
        self.spacing = ChatSpacing(per_chat_interval)
        self.batch = batch or max(5, min(100, int(rate_per_second) // 3))
        self.max_attempts = max_attempts
        self.poll_interval = poll_interval
        self.max_in_flight = max_in_flight
        self.owner = owner or instance_name()
        self.lease = lease
        self.renew_every = renew_every or max(0.2, lease.total_seconds() / 5)
        self.recover_every = recover_every
        # SQLite is one process (`storage.database.single_process_lock`): whatever is `sending`
        # at start is a crash's leftover. PostgreSQL: only rows whose lease ran out.
        self.multi_worker = not is_sqlite(str(sessions.kw["bind"].url))
        self._recovered = False
        # Broadcast id -> its status as last read: with each claim and each recorded outcome, so at
        # most one message old when the next one is checked (a pause or a cancel stops the next).
        self._jobs: dict[int, str | None] = {}
        self.wakeup = asyncio.Event()  # set when rows were queued in this process

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncSession]:
        async with self._write_lock, self.sessions() as session, session.begin():
            yield session

    def wake(self) -> None:
        """Rows were just queued (after their commit): look at the queue now."""
        self.wakeup.set()

    # -- public ----------------------------------------------------------------
    async def recover(self) -> int:
        """Put the rows of dead workers back in the queue (every one left `sending` on SQLite)."""
        self._recovered = True
        async with self._transaction() as session:
            count = await OutboxRepository(session).recover(self.clock() if self.multi_worker else None)
        if count:
            log.warning("outbox: %d message(s) left in flight by a dead worker will be sent again", count)
        return count

    async def run_once(self) -> int:
        """Send every row due now (and settle expired/blocked ones), waiting out a 429 pause;
        returns how many were handled."""
        if not self._recovered:
            await self.recover()
        handled = await self._drain(None)
        while (paused := await self.budget.paused_for()) > 0:
            await asyncio.sleep(paused)
            handled += await self._drain(None)
        return handled

    async def run(self, stop: asyncio.Event) -> None:
        """Send due rows until `stop` is set; then let the send in flight finish."""
        keeper = asyncio.create_task(self._keep_leases(stop), name="arobase-outbox-leases")
        last_recovery = -1e9
        try:
            while not stop.is_set():
                try:
                    if not self._recovered or (
                        self.multi_worker and time.monotonic() - last_recovery > self.recover_every
                    ):
                        await self.recover()
                        last_recovery = time.monotonic()
                    await self._drain(stop)
                    wait = await self._seconds_until_next_due()
                except Exception:
                    log.exception("outbox worker failed; retrying shortly")
                    wait = self.poll_interval * 5
                if self.multi_worker:
                    wait = min(wait, max(0.05, self.recover_every - (time.monotonic() - last_recovery)))
                await self._idle(stop, wait)
        finally:
            keeper.cancel()
            await asyncio.gather(keeper, return_exceptions=True)

    async def _idle(self, stop: asyncio.Event, seconds: float) -> None:
        self.wakeup.clear()
        waits = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self.wakeup.wait())}
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waits:
                task.cancel()
            await asyncio.gather(*waits, return_exceptions=True)

    async def _keep_leases(self, stop: asyncio.Event) -> None:
        """Renew this worker's claims while it is alive (a 429 pause, a slow call…)."""
        while not stop.is_set():
            await asyncio.sleep(self.renew_every)
            try:
                async with self._transaction() as session:
                    await OutboxRepository(session).renew(self.owner, self.clock() + self.lease)
            except Exception:
                log.exception("outbox: could not renew the leases of %s", self.owner)

    # -- one pass --------------------------------------------------------------
    async def _drain(self, stop: asyncio.Event | None) -> int:
        handled = 0
        while stop is None or not stop.is_set():
            if await self.budget.paused_for() > 0:
                return handled  # nothing is claimed during a 429 pause
            claimed = await self._claim(self.batch)
            handled += claimed.expired + claimed.blocked
            if claimed.empty:
                return handled
            handled += await self._send_batch(claimed.to_send, stop)
        return handled

    async def _send_batch(self, rows: list[OutboxMessage], stop: asyncio.Event | None) -> int:
        slots = asyncio.Semaphore(self.max_in_flight)

        async def one(row: OutboxMessage) -> None:
            async with slots:
                if stop is not None and stop.is_set():  # stopping: the row waits for the next run
                    await self._give_back(row)
                    return
                await self._send_and_record(row)

        tasks = [asyncio.create_task(one(row)) for row in rows]
        try:
            await asyncio.gather(*tasks)
        except asyncio.CancelledError:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        return len(rows)

    async def _claim(self, limit: int) -> Claimed:
        async with self._transaction() as session:
            broadcasts = BroadcastRepository(session)
            paused = await broadcasts.paused_ids()
            claimed = await OutboxRepository(session).claim_due(
                self.clock(),
                max(1, limit),
                owner=self.owner,
                lease=self.lease,
                paused_jobs=paused,
                skip_locked=self.multi_worker,
            )
            self._jobs.update(await broadcasts.statuses(r.job_id for r in claimed.to_send if r.job_id is not None))
            return claimed

    async def _seconds_until_next_due(self) -> float:
        paused_for = await self.budget.paused_for()
        if paused_for > 0:
            return paused_for
        async with self.sessions() as session:
            paused = await BroadcastRepository(session).paused_ids()
            due = await OutboxRepository(session).next_due_at(paused_jobs=paused)
        if due is None:
            return self.poll_interval
        return min(self.poll_interval, max(0.05, (due - self.clock()).total_seconds()))

    async def _job_status(self, job_id: int) -> str | None:
        if job_id not in self._jobs:
            async with self.sessions() as session:
                self._jobs.update(await BroadcastRepository(session).statuses([job_id]))
        return self._jobs.get(job_id)

    async def _stopped_job(self, row: OutboxMessage) -> bool:
        return row.job_id is not None and await self._job_status(row.job_id) in (
            BroadcastStatus.PAUSED,
            BroadcastStatus.CANCELLED,
        )

    async def _send_and_record(self, row: OutboxMessage) -> None:
        await self.spacing.wait(row.chat_id)
        started = False
        try:
            parts = split_html(row.text)
            for index, part in enumerate(parts):
                # Until the first part left, the row can go back to the queue; after, finish it.
                async with self.budget.sending(reply=False, give_back_on_pause=not started):
                    if not started and await self._stopped_job(row):  # paused or cancelled meanwhile
                        await self._give_back(row)
                        return
                    started = True
                    buttons = decode(row.buttons) if index == len(parts) - 1 else []
                    await self.sender.send_text(row.chat_id, part, buttons)
        except BudgetPaused:
            await self._give_back(row)
        except asyncio.CancelledError:
            if not started:  # stopping before the call: the row simply waits for the next run
                await asyncio.shield(self._give_back(row))
            raise
        except RetryAfter as exc:
            log.warning("outbox: 429, background sends paused for %ss", exc.seconds)
            await self.budget.pause(exc.seconds)
            await self._give_back(row)
        except BotBlocked as exc:
            await self._blocked(row, str(exc))
        except NetworkFailure as exc:
            await self._network_failure(row, str(exc))
        except DeliveryError as exc:
            log.info("outbox: message %s to %s failed: %s", row.id, row.chat_id, exc)
            await self._finish(row, OutboxStatus.FAILED, str(exc))
        except Exception as exc:  # a bug or an unmapped library error: record it, keep going
            log.exception("outbox: unexpected error sending %s", row.id)
            await self._finish(row, OutboxStatus.FAILED, repr(exc))
        else:
            await self._finish(row, OutboxStatus.SENT)

    async def _finish(self, row: OutboxMessage, status: OutboxStatus, error: str = "") -> None:
        async with self._transaction() as session:
            owned = await OutboxRepository(session).finish(
                row.id, status, owner=self.owner, now=self.clock(), error=error, report=row.report
            )
            if row.job_id is not None:  # fresh for the next message of this broadcast
                self._jobs.update(await BroadcastRepository(session).statuses([row.job_id]))
        if not owned:
            log.warning("outbox: message %s was no longer held by %s; %s not recorded", row.id, self.owner, status)

    async def _give_back(self, row: OutboxMessage) -> None:
        """Not sent: back to the queue, or cancelled with its broadcast."""
        cancelled = row.job_id is not None and self._jobs.get(row.job_id) == BroadcastStatus.CANCELLED
        await self._finish(row, OutboxStatus.CANCELLED if cancelled else OutboxStatus.PENDING)

    async def _blocked(self, row: OutboxMessage, error: str) -> None:
        async with self._transaction() as session:
            owned = await OutboxRepository(session).finish(
                row.id, OutboxStatus.BLOCKED, owner=self.owner, now=self.clock(), error=error, report=row.report
            )
            await PeopleRepository(session).set_blocked(row.chat_id, True)
        if not owned:
            log.warning("outbox: message %s was no longer held by %s (blocked)", row.id, self.owner)

    async def _network_failure(self, row: OutboxMessage, error: str) -> None:
        if row.attempts + 1 >= self.max_attempts:
            await self._finish(row, OutboxStatus.FAILED, f"network: {error}")
            return
        async with self._transaction() as session:
            await OutboxRepository(session).retry_later(
                row.id, owner=self.owner, at=self.clock() + backoff(row.attempts), error=error
            )
