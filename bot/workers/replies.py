"""Stored replies, kept safe: this process renews the delivery leases of the replies it is
sending, and sends the replies of handled updates whose deliverer died (its lease ran out;
with SQLite, one process, every undelivered one at start). Telegram will not give such an
update again (it was confirmed once committed), so this is what makes those replies arrive."""

from __future__ import annotations

import asyncio
import logging

from bot.transports.delivery import Sender
from bot.transports.session import TransportSession

log = logging.getLogger(__name__)

EVERY = 5.0  # seconds between two renewals / looks for abandoned replies


class RepliesKeeper:
    def __init__(self, core: TransportSession, sender: Sender, *, single_process: bool, every: float = EVERY) -> None:
        self.core = core
        self.sender = sender
        self.single_process = single_process
        self.every = every
        self._started = False

    async def run_once(self) -> int:
        first = not self._started
        await self.core.dispatcher.renew_delivery_leases()
        found = await self.core.redeliver_abandoned(self.sender, any_lease=first and self.single_process)
        self._started = True  # a first pass that failed is tried again as a first pass
        return found

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:
                log.exception("stored replies: renewal or redelivery failed; retrying")
            try:
                await asyncio.wait_for(stop.wait(), timeout=self.every)
            except TimeoutError:
                pass
