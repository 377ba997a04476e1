"""A bare outbox worker process for the crash tests and the benchmark:

    python -m tests.support.outbox_child DB_URL API_URL LIBRARY RATE [LEASE_SECONDS [RECOVER_EVERY]]

Sends until SIGTERM; the tests SIGKILL it mid-broadcast. On PostgreSQL it shares the bot's send
budget (the `send_budget` row) with every other process, as `arobase run` does."""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import timedelta

from bot.transports.session import bot_id_of
from bot.workers.outbox import LEASE, RECOVER_EVERY, OutboxWorker
from bot.workers.pacing import make_budget
from handlers.core.services import system_clock
from storage.database import create_engine, is_sqlite, session_factory
from tests.support.outbox import library_sender

TOKEN = "123456:TEST"


class _Api:  # what library_sender needs from the fake server
    def __init__(self, base_url: str) -> None:
        self.base_url, self.token = base_url, TOKEN


async def main(db_url: str, api_url: str, library: str, rate: float, lease: float, recover_every: float) -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    engine = create_engine(db_url)
    sessions = session_factory(engine)
    budget = make_budget(sessions, shared=not is_sqlite(db_url), bot_id=bot_id_of(TOKEN), rate=rate)
    try:
        async with library_sender(_Api(api_url), library) as sender:
            print("ready", flush=True)
            worker = OutboxWorker(
                sessions,
                sender,
                system_clock,
                rate_per_second=rate,
                budget=budget,
                lease=timedelta(seconds=lease),
                recover_every=recover_every,
            )
            await worker.run(stop)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    args = sys.argv[1:]
    asyncio.run(
        main(
            args[0],
            args[1],
            args[2],
            float(args[3]),
            float(args[4]) if len(args) > 4 else LEASE.total_seconds(),
            float(args[5]) if len(args) > 5 else RECOVER_EVERY,
        )
    )
