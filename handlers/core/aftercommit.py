"""Run a side effect only once the handler's transaction is committed (e.g. refresh a chat's
command menu after a staff change): never for a change that was rolled back."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

log = logging.getLogger(__name__)
_running: set[asyncio.Task] = set()


def after_commit(session: AsyncSession, effect: Callable[[], Awaitable[None]]) -> None:
    def _start(_session) -> None:
        task = asyncio.get_running_loop().create_task(_guarded(effect))
        _running.add(task)
        task.add_done_callback(_running.discard)

    event.listen(session.sync_session, "after_commit", _start, once=True)


async def _guarded(effect: Callable[[], Awaitable[None]]) -> None:
    try:
        await effect()
    except Exception:
        log.exception("side effect after commit failed")


async def settle() -> None:
    """Wait for the side effects started so far (tests, shutdown)."""
    while _running:
        await asyncio.gather(*list(_running), return_exceptions=True)
