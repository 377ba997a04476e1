"""Outbox claims on SQLite and PostgreSQL: two workers never take the same row, paused jobs
wait, a dead worker's rows come back once its lease ran out (a live one renews it), only the
owner records an outcome, job counts follow the rows, a report target is told the outcome."""

from __future__ import annotations

from datetime import timedelta

from storage.database import create_engine, session_factory
from storage.models import BroadcastStatus, OutboxStatus
from storage.repositories import OutboxRepository
from storage.repositories.broadcasts import BroadcastRepository
from storage.repositories.outbox_personal import OutboxPersonalData
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
    lease = timedelta(seconds=25)
    async with sessions() as first, sessions() as second:
        async with first.begin():
            one = await OutboxRepository(first).claim_due(
                now, 10, owner="a", lease=lease, paused_jobs=[paused_id], skip_locked=multi
            )
            if multi:  # while the first transaction holds its rows, the second skips them
                async with second.begin():
                    two = await OutboxRepository(second).claim_due(
                        now, 30, owner="b", lease=lease, paused_jobs=[paused_id], skip_locked=True
                    )
        if not multi:
            async with second.begin():
                two = await OutboxRepository(second).claim_due(now, 30, owner="b", lease=lease, paused_jobs=[paused_id])
    first_ids = {row.id for row in one.to_send}
    second_ids = {row.id for row in two.to_send}
    assert len(first_ids) == 10 and len(second_ids) == 10 and not first_ids & second_ids

    async with sessions() as session, session.begin():
        outbox = OutboxRepository(session)
        assert (await outbox.counts(running_id))["sending"] == 20
        assert await outbox.recover(now + timedelta(seconds=20)) == 0  # both leases still hold
        assert await outbox.renew("a", now + timedelta(seconds=60)) == 10  # "a" is alive
        assert await outbox.recover(now + timedelta(seconds=30)) == 10  # "b" died: its rows come back
        assert (await outbox.counts(running_id))["sending"] == 10
        assert (await outbox.counts(paused_id))["pending"] == 1
        assert await outbox.next_due_at(paused_jobs=[paused_id]) == now
    await engine.dispose()


async def test_only_the_owner_records_an_outcome_and_the_report_target_is_told(database_url):
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    now = utcnow()
    report = {"chat": 9000, "sent": "✅ remis", "blocked": "⚠️ bloqué", "failed": "⚠️ non remis"}
    async with sessions() as session, session.begin():
        outbox = OutboxRepository(session)
        for chat in (1, 2):
            await outbox.schedule(
                chat, "Réponse", kind="faq_answer", send_after=now, dedupe_key=f"a:{chat}", report=report
            )
    async with sessions() as session, session.begin():
        claimed = await OutboxRepository(session).claim_due(now, 10, owner="a", lease=timedelta(seconds=25))
    first, second = sorted(claimed.to_send, key=lambda row: row.chat_id)
    async with sessions() as session, session.begin():
        outbox = OutboxRepository(session)
        report = first.report
        assert not await outbox.finish(first.id, OutboxStatus.SENT, owner="b", now=now, report=report)  # not b's
        assert await outbox.finish(first.id, OutboxStatus.SENT, owner="a", now=now, report=report)
        assert not await outbox.finish(first.id, OutboxStatus.SENT, owner="a", now=now, report=report)  # once
        assert await outbox.finish(second.id, OutboxStatus.BLOCKED, owner="a", now=now, report=second.report)
    async with sessions() as session:
        notices = {row.dedupe_key: row.text for row in await OutboxPersonalData(session).for_chat(9000)}
    assert notices == {f"report:{first.id}": "✅ remis", f"report:{second.id}": "⚠️ bloqué"}
    await engine.dispose()
