"""Outbox claims on SQLite and PostgreSQL: two workers never take the same row, paused jobs
wait, a dead worker's rows come back after the lease, job counts follow the rows."""

from __future__ import annotations

from datetime import timedelta

from storage.database import create_engine, session_factory
from storage.models import BroadcastStatus
from storage.repositories import OutboxRepository
from storage.repositories.broadcasts import BroadcastRepository
from storage.types import utcnow


async def test_claims_are_disjoint_and_paused_jobs_wait(database_url):
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    now = utcnow()
    async with sessions() as session, session.begin():
        broadcasts = BroadcastRepository(session)
        running = await broadcasts.create(
            created_by=1, text="a", audience={}, audience_label="", recipients=range(1, 21), now=now
        )
        paused = await broadcasts.create(
            created_by=1, text="b", audience={}, audience_label="", recipients=[99], now=now
        )
        paused.status = BroadcastStatus.PAUSED
        running_id, paused_id = running.id, paused.id

    multi = engine.dialect.name == "postgresql"
    async with sessions() as first, sessions() as second:
        async with first.begin():
            one = await OutboxRepository(first).claim_due(now, 10, paused_jobs=[paused_id], skip_locked=multi)
            if multi:  # while the first transaction holds its rows, the second skips them
                async with second.begin():
                    two = await OutboxRepository(second).claim_due(now, 30, paused_jobs=[paused_id], skip_locked=True)
        if not multi:
            async with second.begin():
                two = await OutboxRepository(second).claim_due(now, 30, paused_jobs=[paused_id])
    first_ids = {row.id for row in one.to_send}
    second_ids = {row.id for row in two.to_send}
    assert len(first_ids) == 10 and len(second_ids) == 10 and not first_ids & second_ids

    async with sessions() as session, session.begin():
        outbox = OutboxRepository(session)
        assert (await outbox.counts(running_id))["sending"] == 20
        assert await outbox.recover(claimed_before=now - timedelta(minutes=2)) == 0  # still leased
        assert await outbox.recover(claimed_before=now + timedelta(minutes=3)) == 20
        assert (await outbox.counts(paused_id))["pending"] == 1
        assert await outbox.next_due_at(paused_jobs=[paused_id]) == now
    await engine.dispose()
