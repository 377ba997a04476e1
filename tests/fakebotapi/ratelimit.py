"""Telegram-style flood control: sliding one-second windows, global and per chat.

Role: decide whether one more outgoing message is allowed now; when not, say
after how many whole seconds (``retry_after``, at least 1) it would be, which
the server turns into "429 Too Many Requests: retry after N".
"""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable


class RateLimiter:
    """``rate_limit`` sends/s for the whole bot and ``per_chat_limit`` sends/s per chat."""

    def __init__(
        self,
        rate_limit: int | None,
        per_chat_limit: int | None = None,
        window: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate_limit = rate_limit
        self.per_chat_limit = per_chat_limit
        self.window = window
        self._clock = clock
        self._global: deque[float] = deque()
        self._chats: dict[object, deque[float]] = defaultdict(deque)

    def _wait_needed(self, stamps: deque[float], limit: int | None, now: float) -> float:
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()
        if limit is None or len(stamps) < limit:
            return 0.0
        return stamps[len(stamps) - limit] + self.window - now

    def check(self, chat_id: object) -> int | None:
        """Record a send and return None, or return retry_after (s) without recording."""
        now = self._clock()
        chat_stamps = self._chats[chat_id]
        wait = max(
            self._wait_needed(self._global, self.rate_limit, now),
            self._wait_needed(chat_stamps, self.per_chat_limit, now),
        )
        if wait > 0:
            return max(1, math.ceil(wait))
        self._global.append(now)
        chat_stamps.append(now)
        return None

    def reset(self) -> None:
        self._global.clear()
        self._chats.clear()
