"""The send budget in virtual time: the rate holds in every sliding second even when a busy event
loop wakes several senders late at once, replies go first and background sends use the rest, a
429 pause gives held rows back and stops background sends (not replies), each chat waits its
interval."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import random

import pytest

from bot.workers.budget_stores import MemoryStore
from bot.workers.pacing import BudgetPaused, ChatSpacing, SendBudget
from storage.repositories.budget import BudgetRules


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
            for _ in range(50):  # let every woken task run until it sleeps again
                await asyncio.sleep(0)
            if not self._sleepers:
                continue
            wake = self._sleepers[0][0]
            if self.stall_every and wake % self.stall_every < self.stall:  # the loop was busy
                wake += self.stall - wake % self.stall_every
            self.now = max(self.now, wake)
            while self._sleepers and self._sleepers[0][0] <= self.now:
                future = heapq.heappop(self._sleepers)[2]
                if not future.done():  # a sleep cancelled meanwhile (woken by something else)
                    future.set_result(None)
        for task in tasks:
            task.result()


def max_in_any_second(stamps: list[float]) -> int:
    return max(sum(1 for s in stamps if start <= s < start + 1.0) for start in stamps)


def budget(clock: VirtualTime, rate: float) -> SendBudget:
    return SendBudget(MemoryStore(BudgetRules.per_second(rate), monotonic=clock.monotonic), sleep=clock.sleep)


async def test_the_rate_holds_at_telegram_whatever_the_delays_of_requests_and_wake_ups():
    """Requests take 0–200 ms to reach Telegram and 0–100 ms to come back; the event loop stalls
    now and then: Telegram never sees more than the rate in any second."""
    clock = VirtualTime(stall_every=2.0, stall=0.6)
    shared = budget(clock, 25)
    rng = random.Random(7)
    arrivals: list[float] = []

    async def sender(count: int, reply: bool):
        for _ in range(count):
            async with shared.sending(reply=reply):
                await clock.sleep(rng.uniform(0.0, 0.2))  # the request on its way
                arrivals.append(clock.now)  # Telegram counts it now
                await clock.sleep(rng.uniform(0.0, 0.1))  # the answer on its way back

    await clock.run(*(sender(50, reply=False) for _ in range(8)), *(sender(25, reply=True) for _ in range(4)))
    assert len(arrivals) == 500
    assert max_in_any_second(sorted(arrivals)) <= 25


async def test_replies_go_first_and_background_sends_use_what_is_left():
    clock = VirtualTime()
    shared = budget(clock, 20)
    background: list[float] = []
    waits: list[float] = []

    async def broadcast():
        for _ in range(200):
            async with shared.sending(reply=False):
                background.append(clock.now)
                await clock.sleep(0.01)

    async def chatting():
        for _ in range(20):
            await clock.sleep(0.37)
            asked = clock.now
            async with shared.sending(reply=True):
                waits.append(clock.now - asked)
                await clock.sleep(0.01)

    await clock.run(broadcast(), chatting())
    spacing = BudgetRules.per_second(20).spacing  # a reply waits at most for the next places that free
    assert max(waits) <= 2 * spacing + 0.02
    assert max_in_any_second(sorted(background)) <= 20
    assert len(background) / background[-1] > 0.9 * 20 - 3  # the broadcast keeps what the replies leave


async def test_a_pause_gives_held_rows_back_stops_background_sends_and_lets_replies_through():
    clock = VirtualTime()
    shared = budget(clock, 100)
    events: list[str] = []

    async def scenario():
        await shared.done(await shared.acquire(reply=False))
        await shared.pause(5.0)
        paused_at = clock.now
        with pytest.raises(BudgetPaused):
            await shared.acquire(reply=False, give_back_on_pause=True)  # a worker holding a row
        await shared.acquire(reply=True)
        events.append(f"reply after {clock.now - paused_at:.1f}")
        await shared.acquire(reply=False)  # a progress edit: waits the pause out
        events.append(f"background after {clock.now - paused_at:.1f}")

    await clock.run(scenario())
    assert events == ["reply after 0.0", "background after 5.0"]


async def test_one_chat_waits_its_interval():
    clock = VirtualTime()
    spacing = ChatSpacing(1.0, monotonic=clock.monotonic, sleep=clock.sleep)
    stamps: list[float] = []

    async def scenario():
        for chat in (7, 8, 7, 7):
            await spacing.wait(chat)
            stamps.append(clock.now)

    await clock.run(scenario())
    assert stamps == [0.0, 0.0, 1.0, 2.0]
