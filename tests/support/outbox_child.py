"""A bare outbox worker process for the crash test: `python -m tests.support.outbox_child
DB_URL API_URL LIBRARY RATE`. Sends until SIGTERM; the test SIGKILLs it mid-broadcast."""

from __future__ import annotations

import asyncio
import signal
import sys

from bot.workers.outbox import OutboxWorker
from handlers.core.services import system_clock
from storage.database import create_engine, session_factory
from tests.support.outbox import library_sender


class _Api:  # what library_sender needs from the fake server
    def __init__(self, base_url: str) -> None:
        self.base_url, self.token = base_url, "123456:TEST"


async def main(db_url: str, api_url: str, library: str, rate: float) -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    engine = create_engine(db_url)
    try:
        async with library_sender(_Api(api_url), library) as sender:
            print("ready", flush=True)
            await OutboxWorker(session_factory(engine), sender, system_clock, rate_per_second=rate).run(stop)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])))
