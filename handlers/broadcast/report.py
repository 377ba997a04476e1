"""The final report of a broadcast, queued in the outbox to the staff chat that follows it, once
the job is final (done, or cancelled with its last sends settled): sent once, survives a restart."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.broadcast import texts as t
from storage.models import BroadcastJob
from storage.repositories import OutboxRepository

KIND = "broadcast_report"


async def queue_report(session: AsyncSession, job: BroadcastJob) -> None:
    if job.status_chat_id is None or job.finished_at is None:
        return
    await OutboxRepository(session).schedule(
        job.status_chat_id, t.report_text(job), kind=KIND, send_after=job.finished_at, dedupe_key=t.report_key(job)
    )
