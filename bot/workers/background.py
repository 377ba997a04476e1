"""Start and stop the background workers with the bot: outbox sender, broadcast progress,
deadline reminders, retention purges, stored replies (lease renewal and redelivery), the freed
memory given back. Each is its own task, so none of them slows the conversation."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from bot.transports.session import TransportSession
from bot.workers.broadcasts import BroadcastMonitor
from bot.workers.deadlines import DeadlineScheduler
from bot.workers.memory import MemoryTrimmer
from bot.workers.outbox import OutboxWorker
from bot.workers.pacing import PacedSender
from bot.workers.replies import RepliesKeeper
from bot.workers.retention import RetentionWorker
from storage.database import is_sqlite

log = logging.getLogger(__name__)


@dataclass
class BackgroundWorkers:
    outbox: OutboxWorker
    monitor: BroadcastMonitor
    deadlines: DeadlineScheduler
    retention: RetentionWorker
    replies: RepliesKeeper
    memory: MemoryTrimmer = field(default_factory=MemoryTrimmer)
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task] = field(default_factory=list)

    def start(self) -> BackgroundWorkers:
        workers = (
            ("outbox", self.outbox),
            ("broadcasts", self.monitor),
            ("deadlines", self.deadlines),
            ("retention", self.retention),
            ("replies", self.replies),
            ("memory", self.memory),
        )
        for name, worker in workers:
            self.tasks.append(asyncio.create_task(worker.run(self.stop_event), name=f"arobase-{name}"))
        return self

    async def stop(self, timeout: float = 10.0) -> None:
        """Let the send in flight finish (rows not yet sent stay queued for the next start)."""
        self.stop_event.set()
        done, pending = await asyncio.wait(self.tasks, timeout=timeout)
        for task in pending:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                log.error("worker %s ended with %r", task.get_name(), task.exception())


def start_workers(app, sender, core: TransportSession | None = None) -> BackgroundWorkers:
    """The workers of a running bot (`app`: bot.app.App), sending through `sender`, started."""
    return build_workers(app, sender, core).start()


def build_workers(app, sender, core: TransportSession | None = None) -> BackgroundWorkers:
    """The workers of a running bot (`app`: bot.app.App), sending through `sender`, not started."""
    services = app.services
    # SQLite: the dispatcher queues its transactions (one writer); the workers join that queue.
    lock = app.dispatcher.write_lock
    core = core or TransportSession(app.dispatcher, services.staff_ids, app.budget)
    outbox = OutboxWorker(
        app.sessions,
        sender,
        services.clock,
        rate_per_second=app.settings.outbox.rate_per_second,
        write_lock=lock,
        budget=app.budget,
        owner=app.dispatcher.owner,
        max_in_flight=app.settings.outbox.max_in_flight,
    )
    app.dispatcher.outbox_wakeup = outbox.wake
    return BackgroundWorkers(
        outbox=outbox,
        monitor=BroadcastMonitor(
            app.sessions, PacedSender(sender, app.budget, reply=False), services.clock, write_lock=lock
        ),
        deadlines=DeadlineScheduler(
            app.sessions,
            services.content.deadlines,
            lambda: services.content.edition,
            services.clock,
            services.timezone,
            write_lock=lock,
        ),
        retention=RetentionWorker(app.sessions, services.clock, write_lock=lock),
        replies=RepliesKeeper(core, sender, single_process=is_sqlite(app.settings.database.url)),
    )
