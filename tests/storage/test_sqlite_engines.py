"""SQLite's two engines: the writer runs statements in the loop's thread (a transaction is never
cut by another task), the reader in aiosqlite's thread (a long read never stops the loop); both
see the same committed data, and a failed statement rolls its transaction back."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from storage.database import Engines, session_factory
from storage.models import AuditEntry, Person

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@contextlib.asynccontextmanager
async def ticking():
    """A task that counts how often the event loop lets it run."""
    ticks = [0]

    async def tick() -> None:
        while True:
            ticks[0] += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(tick())
    await asyncio.sleep(0)
    try:
        yield ticks
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_a_write_transaction_is_never_cut_by_another_task(sqlite_url):
    engines = Engines.for_url(sqlite_url)
    writes = session_factory(engines.writer)
    try:
        async with ticking() as ticks, writes() as session, session.begin():
            before = ticks[0]
            for n in range(30):
                session.add(AuditEntry(at=NOW, actor_telegram_id=n, action="test", target="", details={}))
                await session.flush()
                await session.scalar(select(func.count()).select_from(AuditEntry))
            during = ticks[0] - before
        assert during == 0
    finally:
        await engines.dispose()


async def test_a_long_read_on_the_reader_lets_the_loop_run_and_sees_what_was_committed(sqlite_url):
    engines = Engines.for_url(sqlite_url)
    writes, reads = session_factory(engines.writer), session_factory(engines.reader)
    try:
        async with writes() as session, session.begin():
            session.add_all(
                AuditEntry(at=NOW, actor_telegram_id=n, action="test", target="", details={}) for n in range(2000)
            )
        async with ticking() as ticks, reads() as session:
            before = ticks[0]
            rows = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
            during = ticks[0] - before
        assert len(rows) == 2000
        assert during > 0
    finally:
        await engines.dispose()


async def test_a_failed_statement_on_the_writer_rolls_its_transaction_back(sqlite_url):
    engines = Engines.for_url(sqlite_url)
    writes = session_factory(engines.writer)
    try:
        async with writes() as session, session.begin():
            session.add(Person(telegram_id=1, first_name="Claire"))
        with pytest.raises(IntegrityError):
            async with writes() as session, session.begin():
                session.add(AuditEntry(at=NOW, actor_telegram_id=1, action="kept?", target="", details={}))
                session.add(Person(telegram_id=1, first_name="Claire encore"))
        async with writes() as session:
            assert await session.scalar(select(func.count()).select_from(AuditEntry)) == 0
            assert (await session.scalars(select(Person.first_name))).all() == ["Claire"]
    finally:
        await engines.dispose()


async def test_a_lock_held_by_another_process_is_waited_for_without_stopping_the_loop(sqlite_url):
    engines = Engines.for_url(sqlite_url)
    writes = session_factory(engines.writer)
    other = sqlite3.connect(make_url(sqlite_url).database, isolation_level=None)  # a CLI command writing
    try:
        other.execute("BEGIN IMMEDIATE")
        asyncio.get_running_loop().call_later(0.6, other.rollback)
        async with ticking() as ticks:
            async with writes() as session, session.begin():
                session.add(AuditEntry(at=NOW, actor_telegram_id=1, action="after the wait", target="", details={}))
            waited_ticks = ticks[0]
        assert waited_ticks > 10  # the loop kept running while the write waited
        async with writes() as session:
            assert (await session.scalars(select(AuditEntry.action))).all() == ["after the wait"]
    finally:
        other.close()
        await engines.dispose()


async def test_postgresql_has_one_engine_for_both():
    engines = Engines.for_url("postgresql://127.0.0.1/unused")
    try:
        assert engines.reader is engines.writer
    finally:
        await engines.dispose()
