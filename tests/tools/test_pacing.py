"""The outbox pacer in virtual time: the rate holds in every sliding second even when a busy
event loop wakes several senders late at once, each chat waits its interval, a 429 pause stops all."""

from __future__ import annotations

import asyncio
import heapq
import itertools

from bot.workers.pacing import Pacer


class VirtualTime:
    """Sleeps end in virtual time; during a stall nothing wakes, then every late sleeper at once."""

    def __init__(self, stall_every: float = 0.0, stall: float = 0.0) -> None:
        self.now = 0.0
        self.stall_every, self.stall = stall_every, stall
        self._sleepers: list = []
        self._order = itertools.count()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(0.0, seconds), next(self._order), future))
        await future

    async def run(self, *coroutines) -> None:
        tasks = [asyncio.ensure_future(c) for c in coroutines]
        while not all(t.done() for t in tasks):
            for _ in range(5):
                await asyncio.sleep(0)
            if not self._sleepers:
                continue
            wake = self._sleepers[0][0]
            if self.stall_every and wake % self.stall_every < self.stall:  # the loop was busy
                wake += self.stall - wake % self.stall_every
            self.now = max(self.now, wake)
            while self._sleepers and self._sleepers[0][0] <= self.now:
                heapq.heappop(self._sleepers)[2].set_result(None)
        for task in tasks:
            task.result()


def max_in_any_second(stamps: list[float]) -> int:
    return max(sum(1 for s in stamps if start <= s < start + 1.0) for start in stamps)


async def test_the_rate_holds_in_every_second_even_when_senders_wake_late_together():
    clock = VirtualTime(stall_every=2.0, stall=0.6)
    pacer = Pacer(25, 0.0, monotonic=clock.monotonic, sleep=clock.sleep)
    stamps: list[float] = []

    async def sender(chats):
        for chat in chats:
            await pacer.wait_turn(chat)
            stamps.append(clock.now)

    await clock.run(*(sender(range(i, 400, 8)) for i in range(8)))
    assert len(stamps) == 400
    assert max_in_any_second(sorted(stamps)) <= 25


async def test_one_chat_waits_its_interval_and_a_pause_stops_everything():
    clock = VirtualTime()
    pacer = Pacer(100, 1.0, monotonic=clock.monotonic, sleep=clock.sleep)
    stamps: list[float] = []

    async def scenario():
        for chat in (7, 7, 7):
            await pacer.wait_turn(chat)
            stamps.append(clock.now)
        pacer.pause(5.0)
        paused_at = clock.now
        await pacer.wait_turn(8)
        stamps.append(clock.now - paused_at)

    await clock.run(scenario())
    assert [round(b - a, 3) for a, b in zip(stamps[:3], stamps[1:3])] == [1.0, 1.0]
    assert stamps[3] >= 5.0
