"""Replies worked out after the update's commit (`events.AfterCommit`): sent in turn with the others.

What comes before an `AfterCommit` is delivered first; then its `produce` runs with a session of its
own (reads only, outside SQLite's write lock), and what it returns is delivered with what follows.
A failure there gets a short apology instead of the replies.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.core import texts
from handlers.core.events import Action, AfterCommit, SendText

log = logging.getLogger(__name__)

Deliver = Callable[[list[Action]], Awaitable[None]]


async def send_in_turn(sessions: async_sessionmaker[AsyncSession], replies: list[Action], deliver: Deliver) -> None:
    ready: list[Action] = []
    for reply in replies:
        if isinstance(reply, AfterCommit):
            if ready:
                await deliver(ready)
            ready = await _produce(sessions, reply)
        else:
            ready.append(reply)
    if ready:
        await deliver(ready)


async def _produce(sessions: async_sessionmaker[AsyncSession], later: AfterCommit) -> list[Action]:
    try:
        async with sessions() as session:  # reads only: neither the write lock nor a write
            produced = await later.produce(session)
    except Exception:
        log.exception("replies worked out after the commit failed")
        return [SendText(texts.LATER_FAILED)]
    return [r for r in produced if not isinstance(r, AfterCommit)]
