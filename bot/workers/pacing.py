"""Send pacing for the outbox worker: a bot-wide rate, a minimum interval per chat, and a
bot-wide pause when Telegram answers 429.

Real (monotonic) time, whatever clock the database side uses. Each send reserves the next
free slot, so concurrent senders never exceed the rate; the pause applies to the outbox
only (conversation replies go straight through the transport).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable


class Pacer:
    def __init__(
        self,
        rate_per_second: float,
        per_chat_interval: float = 1.0,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self.interval = 1.0 / rate_per_second
        # Telegram counts messages per sliding second: a late wake-up (a busy event loop) must
        # not let delayed slots and on-time ones leave in the same second.
        self.per_window = max(1, math.floor(rate_per_second))
        self._window: deque[float] = deque()
        self.per_chat_interval = per_chat_interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._next_slot = 0.0
        self._chat_next: dict[int, float] = {}
        self.paused_until = 0.0
        self.pauses = 0

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nothing leaves the outbox for `seconds`."""
        self.pauses += 1
        self.paused_until = max(self.paused_until, self._monotonic() + seconds)

    async def wait_turn(self, chat_id: int) -> None:
        """Return when one more message to `chat_id` may leave."""
        await self._reserve_chat(chat_id)
        while True:
            now = self._monotonic()
            if self.paused_until > now:
                await self._sleep(self.paused_until - now)
                continue
            slot = max(now, self._next_slot)
            self._next_slot = slot + self.interval
            if slot > now:
                await self._sleep(slot - now)
            if self.paused_until > self._monotonic():  # a 429 arrived while we waited
                continue
            if await self._window_has_room():
                return

    async def _window_has_room(self) -> bool:
        """Record a send if fewer than `per_window` left in the last second; else wait and say no."""
        now = self._monotonic()
        while self._window and self._window[0] <= now - 1.0:
            self._window.popleft()
        if len(self._window) < self.per_window:
            self._window.append(now)
            return True
        await self._sleep(self._window[0] + 1.0 - now)
        return False

    async def _reserve_chat(self, chat_id: int) -> None:
        now = self._monotonic()
        slot = max(now, self._chat_next.get(chat_id, 0.0))
        self._chat_next[chat_id] = slot + self.per_chat_interval
        if len(self._chat_next) > 50_000:  # forget chats whose interval is long over
            self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
        if slot > now:
            await self._sleep(slot - now)
