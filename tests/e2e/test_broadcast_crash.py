"""Kill the outbox worker (SIGKILL) in the middle of a broadcast and start it again: every
recipient gets the message, and only messages in flight at the kill may arrive twice."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.workers.outbox import MAX_IN_FLIGHT
from storage.database import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import OutboxMessage
from storage.repositories.broadcasts import BroadcastRepository
from storage.types import utcnow
from tests.fakebotapi import FakeBotAPI
from tests.support.waiting import eventually

pytestmark = pytest.mark.slow  # real processes, killed and restarted

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = 300
RATE = 150


async def start_worker(db_url: str, api: FakeBotAPI, library: str) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.outbox_child",
        db_url,
        api.base_url,
        library,
        str(RATE),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert (await asyncio.wait_for(process.stdout.readline(), 30)).strip() == b"ready"
    return process


def delivered(api: FakeBotAPI) -> int:
    return sum(len(api.messages(chat_id)) for chat_id in range(1, RECIPIENTS + 1))


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_a_killed_worker_resumes_and_nobody_is_skipped(tmp_path, library):
    db_url = f"sqlite:///{tmp_path / 'crash.db'}"
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

    async def rows_in(*states: str) -> int:
        async with sessions() as session:
            return await session.scalar(select(func.count()).where(OutboxMessage.status.in_(states)))

    async with FakeBotAPI() as api:
        for chat_id in range(1, RECIPIENTS + 1):
            api.add_user(chat_id)
        worker = await start_worker(db_url, api, library)
        await eventually(lambda: _at_least(delivered(api), RECIPIENTS // 3), timeout=30, what="a third sent")
        worker.send_signal(signal.SIGKILL)
        await worker.wait()
        claimed = await rows_in("sending")
        before_restart = delivered(api)

        worker = await start_worker(db_url, api, library)
        await eventually(lambda: _none(rows_in("pending", "sending")), timeout=60, what="queue drained")
        worker.terminate()
        await worker.wait()

        per_chat = [len(api.messages(chat_id)) for chat_id in range(1, RECIPIENTS + 1)]
    await engine.dispose()
    lost = per_chat.count(0)
    duplicated = sum(1 for n in per_chat if n > 1)
    print(
        f"\n[{library}] crash test: {RECIPIENTS} recipients, killed after {before_restart} sent, "
        f"{claimed} claimed at the kill (at most {MAX_IN_FLIGHT} of them in a Telegram call); "
        f"lost {lost}, duplicated {duplicated}"
    )
    assert lost == 0
    assert duplicated <= min(claimed, MAX_IN_FLIGHT)
    assert max(per_chat) <= 2
    assert await _count_sent(db_url) == RECIPIENTS


async def _at_least(value: int, target: int) -> bool:
    return value >= target


async def _none(count) -> bool:
    return await count == 0


async def _count_sent(db_url: str) -> int:
    engine = create_engine(db_url)
    try:
        async with session_factory(engine)() as session:
            return await session.scalar(select(func.count()).where(OutboxMessage.status == "sent"))
    finally:
        await engine.dispose()
