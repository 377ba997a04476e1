"""The periodic loop every background worker shares: one pass, then wait `interval` or the stop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


async def every(interval: float, step: Callable[[], Awaitable[object]], stop: asyncio.Event, name: str) -> None:
    """Run `step` until `stop` is set; a failing pass is logged and tried again at the next tick."""
    while not stop.is_set():
        try:
            await step()
        except Exception:
            log.exception("%s failed; retrying", name)
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval)
        except TimeoutError:
            pass
