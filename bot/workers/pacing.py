"""One send budget for the whole bot, and the per-chat spacing of the outbox.

Every message the bot sends takes a grant from the budget first, and tells it when the call
returned (`async with budget.sending(reply=…)`): conversation replies (`reply=True`) are served
first, background sends (outbox, progress edits) use what is left.
The rule itself is `storage.repositories.budget.decide`; it is kept in memory with SQLite (one
process) or in the `send_budget` row with PostgreSQL, where every process of the bot shares it
(the two stores: `bot.workers.budget_stores`).

In a process, callers queue here (replies ahead of background sends) and one pump asks the
store, so waiting senders never hammer the database. A 429 pauses the background sends of every
process; a background sender holding a claimed row is told (`BudgetPaused`) so it can give the
row back instead of sleeping on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.transports.errors import RetryAfter
from bot.workers.budget_stores import BudgetStore, DatabaseStore, MemoryStore
from handlers.core.events import InlineResult, Keyboard
from storage.repositories.budget import BudgetRules, Decision

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


class BudgetPaused(Exception):
    """Background sends are paused (a 429) for `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"paused for {seconds:.1f}s")
        self.seconds = seconds


@dataclass(eq=False)
class _Waiter:
    future: asyncio.Future
    give_back_on_pause: bool = False
    token: str = field(default_factory=lambda: secrets.token_hex(6))


@dataclass
class SendBudget:
    """The bot's budget as one process sees it: `await acquire(reply=…)` before each send."""

    store: BudgetStore
    sleep: Sleep = asyncio.sleep
    pauses: int = 0
    _replies: deque[_Waiter] = field(default_factory=deque)
    _background: deque[_Waiter] = field(default_factory=deque)
    _pump: asyncio.Task | None = None
    _nudge: asyncio.Event = field(default_factory=asyncio.Event)
    _fallback: MemoryStore | None = None
    _granted_locally: set[str] = field(default_factory=set)  # tokens the fallback store granted
    _latency: float = 0.0  # how long a question to the store takes (moving average)

    @classmethod
    def in_memory(cls, rate: float, background_rate: float | None = None, **options) -> SendBudget:
        return cls(MemoryStore(BudgetRules.per_second(rate, background_rate)), **options)

    @contextlib.asynccontextmanager
    async def sending(self, *, reply: bool, give_back_on_pause: bool = False) -> AsyncIterator[None]:
        """Hold a place for one call, from the grant until the call returned."""
        token = await self.acquire(reply=reply, give_back_on_pause=give_back_on_pause)
        try:
            yield
        finally:
            if isinstance(self.store, MemoryStore) and token not in self._granted_locally:
                self.store.done_now(token)  # nothing to wait for: no task to shield it in
            else:
                await asyncio.shield(self.done(token))

    async def acquire(self, *, reply: bool, give_back_on_pause: bool = False) -> str:
        """Wait for one more place; returns its token, to give to `done` once the call returned.
        Background callers that hold something others could send (`give_back_on_pause`) get
        `BudgetPaused` during a 429 pause instead of waiting."""
        if self._idle() and isinstance(self.store, MemoryStore):
            # Nobody waits and the pump sleeps: decide here, as the pump would, without a task
            # switch or a future (a third of the budget's cost to a reply on one process).
            token = secrets.token_hex(6)
            if self.store.take_now(reply=reply, token=token).granted:
                return token
        waiter = _Waiter(asyncio.get_running_loop().create_future(), give_back_on_pause)
        (self._replies if reply else self._background).append(waiter)
        self._nudge.set()
        if self._pump is None or self._pump.done():
            self._pump = asyncio.create_task(self._run(), name="arobase-send-budget")
        try:
            await waiter.future
        except asyncio.CancelledError:
            with contextlib.suppress(ValueError):
                (self._replies if reply else self._background).remove(waiter)
            if waiter.future.done() and not waiter.future.cancelled() and waiter.future.exception() is None:
                await asyncio.shield(self.done(waiter.token))  # granted just as we were cancelled
            raise
        return waiter.token

    async def done(self, token: str) -> None:
        """The call of this grant returned (or failed): its place is held one window from now."""
        if token in self._granted_locally:
            self._granted_locally.discard(token)
            await self._local().done(token)
            return
        try:
            await self.store.done(token)
        except Exception:  # the place frees itself after IN_FLIGHT_TTL
            log.exception("send budget: could not record a call as done")

    async def pause(self, seconds: float) -> None:
        """Telegram said 429: background sends of every process wait `seconds`."""
        self.pauses += 1
        try:
            await self.store.pause(seconds)
        except Exception:  # the database is out of reach: pause this process at least
            log.exception("send budget: could not record a pause")
            await self._local().pause(seconds)
        self._nudge.set()

    async def paused_for(self) -> float:
        try:
            return await self.store.paused_for()
        except Exception:
            log.exception("send budget: could not read the pause")
            return await self._local().paused_for()

    # -- the pump ------------------------------------------------------------
    def _idle(self) -> bool:
        return not self._replies and not self._background and (self._pump is None or self._pump.done())

    def _local(self) -> MemoryStore:
        if self._fallback is None:
            rules = getattr(self.store, "rules", BudgetRules.per_second(20))
            self._fallback = MemoryStore(rules)
        return self._fallback

    async def _take(self, waiter: _Waiter, reply: bool) -> Decision:
        asked = time.monotonic()
        try:
            decision = await self.store.take(reply=reply, token=waiter.token)
            self._latency = 0.8 * self._latency + 0.2 * (time.monotonic() - asked)
            return decision
        except Exception:  # fail open to this process's own pacing, never to no pacing
            log.exception("send budget: the shared budget is out of reach, pacing this process alone")
            decision = await self._local().take(reply=reply, token=waiter.token)
            if decision.granted:
                self._granted_locally.add(waiter.token)
            return decision

    @staticmethod
    def _head(queue: deque[_Waiter]) -> _Waiter | None:
        while queue and queue[0].future.done():
            queue.popleft()
        return queue[0] if queue else None

    async def _run(self) -> None:
        while True:
            self._nudge.clear()  # before asking: a reply queued during the question wakes us
            reply_waiter = self._head(self._replies)
            waiter = reply_waiter or self._head(self._background)
            if waiter is None:
                return
            reply = reply_waiter is not None
            decision = await self._take(waiter, reply)
            if decision.granted:
                queue = self._replies if reply else self._background
                if queue and queue[0] is waiter:
                    queue.popleft()
                if not waiter.future.done():
                    waiter.future.set_result(None)
                else:  # cancelled while we asked: give the place back
                    await self.done(waiter.token)
                continue
            if decision.paused:
                self._give_back(decision.wait)
            if not reply and self._head(self._replies) is not None:
                continue  # a reply came meanwhile: it goes first
            # The answer took a while to come: ask again that much earlier, to be there on time.
            wait = decision.wait if decision.paused else max(0.0, decision.wait - self._latency / 2)
            if reply:
                await self.sleep(wait)
            elif self._head(self._background) is not None:
                await self._sleep_or_nudge(wait)  # a reply arriving meanwhile goes first

    def _give_back(self, seconds: float) -> None:
        kept: deque[_Waiter] = deque()
        for waiter in self._background:
            if waiter.give_back_on_pause and not waiter.future.done():
                waiter.future.set_exception(BudgetPaused(seconds))
            elif not waiter.future.done():
                kept.append(waiter)
        self._background = kept

    async def _sleep_or_nudge(self, seconds: float) -> None:
        sleeping = asyncio.ensure_future(self.sleep(seconds))
        nudged = asyncio.ensure_future(self._nudge.wait())
        try:
            await asyncio.wait({sleeping, nudged}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeping, nudged):
                task.cancel()
            await asyncio.gather(sleeping, nudged, return_exceptions=True)


class PacedSender:
    """A transport's sender whose sends and edits first take a grant from the budget.

    Conversation replies use `reply=True`; a 429 still reaches the caller (its retries), and
    pauses the background sends of the whole bot. Callback and inline answers are not messages
    and go straight through."""

    def __init__(self, sender, budget: SendBudget, *, reply: bool) -> None:
        self.sender = sender
        self.budget = budget
        self.reply = reply

    async def _paced(self, call: Callable[[], Awaitable]):
        try:
            async with self.budget.sending(reply=self.reply):
                return await call()
        except RetryAfter as exc:
            await self.budget.pause(exc.seconds)
            raise

    async def send_text(self, chat_id: int, text: str, buttons: Keyboard) -> int:
        return await self._paced(lambda: self.sender.send_text(chat_id, text, buttons))

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> None:
        await self._paced(lambda: self.sender.edit_text(chat_id, message_id, text, buttons))

    async def send_document(self, chat_id: int, filename: str, content: bytes, caption: str, mime_type: str) -> int:
        return await self._paced(lambda: self.sender.send_document(chat_id, filename, content, caption, mime_type))

    async def send_photo(self, chat_id: int, content: bytes, caption: str, filename: str) -> int:
        return await self._paced(lambda: self.sender.send_photo(chat_id, content, caption, filename))

    async def send_file(self, chat_id: int, file_id: str, kind: str, caption: str) -> int:
        return await self._paced(lambda: self.sender.send_file(chat_id, file_id, kind, caption))

    async def answer_callback(self, callback_id: str, text: str, alert: bool) -> None:
        await self.sender.answer_callback(callback_id, text, alert)

    async def answer_inline(self, query_id: str, results: list[InlineResult]) -> None:
        await self.sender.answer_inline(query_id, results)

    def __getattr__(self, name: str):  # set_commands, bot_username…
        return getattr(self.sender, name)


class ChatSpacing:
    """At most one outbox message per `interval` seconds in one chat (Telegram: ~1/s per chat)."""

    def __init__(
        self,
        interval: float = 1.0,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.interval = interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._next: dict[int, float] = {}

    async def wait(self, chat_id: int) -> None:
        now = self._monotonic()
        slot = max(now, self._next.get(chat_id, 0.0))
        self._next[chat_id] = slot + self.interval
        if len(self._next) > 50_000:  # forget chats whose interval is long over
            self._next = {c: t for c, t in self._next.items() if t > now}
        if slot > now:
            await self._sleep(slot - now)


def make_budget(
    sessions: async_sessionmaker[AsyncSession],
    *,
    shared: bool,
    bot_id: int,
    rate: float,
    background_rate: float | None = None,
) -> SendBudget:
    """The bot's budget: shared through the database (several processes), else in memory."""
    rules = BudgetRules.per_second(rate, background_rate)
    store: BudgetStore = DatabaseStore(sessions, bot_id, rules) if shared else MemoryStore(rules)
    return SendBudget(store)
