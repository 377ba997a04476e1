"""Two outbox workers (two processes, PostgreSQL) send one broadcast to 1,000 people; Telegram
answers one 429 with a retry_after longer than the lease; one worker is SIGKILLed mid-way.

Nobody is missed, at most one person gets it twice (the message in flight at the kill), the
429 pauses both workers (the paused one gives its rows back, so nobody takes them over and
sends them twice), the dead worker's rows come back once its lease ran out, and the two
workers together never exceed the configured rate in any one-second window (counted by the
fake Telegram on every sendMessage it received)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import pytest
from sqlalchemy import func, select

from storage.database import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import OutboxMessage
from storage.repositories.broadcasts import BroadcastRepository
from storage.types import utcnow
from tests.fakebotapi import FakeBotAPI
from tests.support.databases import postgres_database
from tests.support.process import ROOT
from tests.support.waiting import eventually

pytestmark = pytest.mark.slow  # real processes, one killed

RECIPIENTS = 1000
RATE = 60  # the bot's configured overall rate for this test (messages per second)
LEASE = 2.0  # seconds; the 429 asks for longer
RETRY_AFTER = 4


async def start_worker(db_url: str, api: FakeBotAPI, library: str) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.outbox_child",
        db_url,
        api.base_url,
        library,
        str(RATE),
        str(LEASE),
        "0.5",
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None
    assert (await asyncio.wait_for(process.stdout.readline(), 30)).strip() == b"ready"
    return process


def max_in_any_second(stamps: list[float]) -> int:
    stamps = sorted(stamps)
    best, start = 0, 0
    for end, stamp in enumerate(stamps):
        while stamp - stamps[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def test_two_workers_a_long_429_and_a_kill_miss_nobody_and_keep_the_rate(tmp_path):
    async with postgres_database() as db_url:
        engine = create_engine(db_url)
        await upgrade(engine)
        sessions = session_factory(engine)
        async with sessions() as session, session.begin():
            await BroadcastRepository(session).create(
                created_by=1,
                text="Message important",
                audience={"kind": "all"},
                audience_label="tous",
                recipients=range(1, RECIPIENTS + 1),
                now=utcnow(),
            )

        async def unsettled() -> int:
            async with sessions() as session:
                query = select(func.count()).where(OutboxMessage.status.in_(["pending", "sending"]))
                return int(await session.scalar(query) or 0)

        async with FakeBotAPI() as api:
            for chat_id in range(1, RECIPIENTS + 1):
                api.add_user(chat_id)

            def delivered() -> int:
                return sum(len(api.messages(chat_id)) for chat_id in range(1, RECIPIENTS + 1))

            first = await start_worker(db_url, api, "aiogram")
            second = await start_worker(db_url, api, "ptb")
            try:
                await eventually(lambda: _true(delivered() >= RECIPIENTS // 4), 60, "a quarter sent")
                api.fail_next("sendMessage", 429, retry_after=RETRY_AFTER)
                await eventually(lambda: _true(api.stats.too_many_requests == 1), 30, "the 429")
                resumed_from = delivered()
                await eventually(lambda: _true(delivered() >= resumed_from + RECIPIENTS // 4), 60, "sending again")
                first.send_signal(signal.SIGKILL)
                await first.wait()
                await eventually(lambda: _none(unsettled()), 120, "every row settled")
            finally:
                for worker in (first, second):
                    if worker.returncode is None:
                        worker.terminate()
                        await worker.wait()
            per_chat = [len(api.messages(chat_id)) for chat_id in range(1, RECIPIENTS + 1)]
            sends = [r for r in api.requests if r.method == "sendMessage"]
        async with sessions() as session:
            sent_rows = await session.scalar(select(func.count()).where(OutboxMessage.status == "sent"))
        await engine.dispose()

    refused = next(r for r in sends if r.status == 429)
    during_pause = [r for r in sends if refused.at + 0.5 < r.at < refused.at + RETRY_AFTER - 0.5]
    busiest = max_in_any_second([r.at for r in sends])
    print(
        f"\ntwo workers: {RECIPIENTS} recipients, lost {per_chat.count(0)}, "
        f"duplicated {sum(1 for n in per_chat if n > 1)}, busiest second {busiest} (rate {RATE})"
    )
    assert per_chat.count(0) == 0
    assert sum(1 for n in per_chat if n > 1) <= 1  # one crash: at most the message in flight
    assert max(per_chat) <= 2
    assert during_pause == []  # both workers waited the 429 out
    assert busiest <= RATE
    assert sent_rows == RECIPIENTS


async def _none(count) -> bool:
    return await count == 0


async def _true(value) -> bool:
    return bool(value)
