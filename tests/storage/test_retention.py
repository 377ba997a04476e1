"""Retention, on both databases: handled updates go after 7 days, audit entries after 365 days,
for everyone, whatever else happens; what is younger stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.workers.retention import RetentionWorker
from storage.database import create_engine, session_factory
from storage.models import AuditEntry, ProcessedUpdate

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def test_the_retention_worker_purges_what_is_past_its_period(database_url):
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    try:
        async with sessions() as s, s.begin():
            for update_id, age in ((1, timedelta(days=8)), (2, timedelta(days=6))):
                s.add(ProcessedUpdate(bot_id=1, update_id=update_id, user_id=42, processed_at=NOW - age, replies=[]))
            for action, age in (("old", timedelta(days=366)), ("recent", timedelta(days=30))):
                s.add(AuditEntry(at=NOW - age, actor_telegram_id=42, action=action, target="", details={}))
        assert await RetentionWorker(sessions, lambda: NOW).run_once() == (1, 1)
        async with sessions() as s:
            assert await s.get(ProcessedUpdate, (1, 1)) is None and await s.get(ProcessedUpdate, (1, 2)) is not None
        assert await RetentionWorker(sessions, lambda: NOW).run_once() == (0, 0)
    finally:
        await engine.dispose()
