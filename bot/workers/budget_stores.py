"""Where the send budget's state lives: in memory (SQLite, one process) or in the database row every
process of the bot shares (PostgreSQL). Both apply `storage.repositories.budget.decide`; the queue
in front of them is `bot.workers.pacing.SendBudget`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories.budget import BudgetRules, BudgetState, Decision, SendBudgetRepository, decide, done

log = logging.getLogger(__name__)


class BudgetStore(Protocol):
    async def take(self, *, reply: bool, token: str) -> Decision: ...

    async def done(self, token: str) -> None: ...

    async def pause(self, seconds: float) -> None: ...

    async def paused_for(self) -> float: ...


class MemoryStore:
    """The budget of a single process (SQLite, tests), on the monotonic clock."""

    def __init__(self, rules: BudgetRules, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.rules = rules
        self.state = BudgetState()
        self._monotonic = monotonic

    async def take(self, *, reply: bool, token: str) -> Decision:
        return self.take_now(reply=reply, token=token)

    async def done(self, token: str) -> None:
        self.done_now(token)

    def take_now(self, *, reply: bool, token: str) -> Decision:
        return decide(self.state, self._monotonic(), reply=reply, rules=self.rules, token=token)

    def done_now(self, token: str) -> None:
        done(self.state, self._monotonic(), token)

    async def pause(self, seconds: float) -> None:
        self.state.paused_until = max(self.state.paused_until, self._monotonic() + seconds)

    async def paused_for(self) -> float:
        return max(0.0, self.state.paused_until - self._monotonic())


class DatabaseStore:
    """The budget every process of the bot shares (PostgreSQL): one short transaction a decision.

    A call reported done is written with this process's next decision (or within `FLUSH_AFTER`
    when none comes): one transaction per message instead of two."""

    FLUSH_AFTER = 0.03

    def __init__(self, sessions: async_sessionmaker[AsyncSession], bot_id: int, rules: BudgetRules) -> None:
        self.sessions = sessions
        self.bot_id = bot_id
        self.rules = rules
        self._finished: list[str] = []
        self._flusher: asyncio.Task | None = None

    async def take(self, *, reply: bool, token: str) -> Decision:
        finished, self._finished = self._finished, []
        try:
            async with self.sessions() as session, session.begin():
                return await SendBudgetRepository(session, self.bot_id).take(
                    reply=reply, rules=self.rules, token=token, finished=finished
                )
        except BaseException:
            self._finished[:0] = finished  # not written: next time
            raise

    async def done(self, token: str) -> None:
        self._finished.append(token)
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_soon(), name="arobase-budget-flush")

    async def _flush_soon(self) -> None:
        await asyncio.sleep(self.FLUSH_AFTER)
        finished, self._finished = self._finished, []
        if not finished:
            return
        try:
            async with self.sessions() as session, session.begin():
                await SendBudgetRepository(session, self.bot_id).done(finished)
        except Exception:  # their places free themselves after IN_FLIGHT_TTL
            log.exception("send budget: could not record %d call(s) as done", len(finished))

    async def pause(self, seconds: float) -> None:
        async with self.sessions() as session, session.begin():
            await SendBudgetRepository(session, self.bot_id).pause(seconds)

    async def paused_for(self) -> float:
        async with self.sessions() as session:
            return await SendBudgetRepository(session, self.bot_id).paused_for()
