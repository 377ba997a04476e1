"""Broadcast jobs: create one with its outbox rows, change its status, refresh its counts, and
close it only once the sends in flight settled (so its report is what recipients received)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.broadcast import BroadcastJob, BroadcastStatus
from storage.models.outbox import OutboxMessage, OutboxStatus
from storage.repositories._rowcount import changed_rows
from storage.repositories.outbox import OutboxRepository

BROADCAST_KIND = "broadcast"
DEADLINE_KIND = "deadline"  # the sheets' deadline reminders (handlers.sheets.reminders), muted by /rappels too
ACTIVE = (BroadcastStatus.RUNNING, BroadcastStatus.PAUSED)


def recipient_key(job_id: int, chat_id: int) -> str:
    return f"bc:{job_id}:{chat_id}"


class BroadcastRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self,
        *,
        created_by: int,
        text: str,
        audience: dict[str, Any],
        audience_label: str,
        recipients: Iterable[int],
        now: datetime,
        status_chat_id: int | None = None,
        status_message_id: int | None = None,
    ) -> BroadcastJob:
        """The job and one pending outbox row per recipient, in the caller's transaction."""
        chat_ids = sorted(set(recipients))
        job = BroadcastJob(
            created_by=created_by,
            text=text,
            audience=audience,
            audience_label=audience_label[:200],
            status=BroadcastStatus.RUNNING,
            total=len(chat_ids),
            sent=0,
            blocked=0,
            failed=0,
            status_chat_id=status_chat_id,
            status_message_id=status_message_id,
            created_at=now,
        )
        self.session.add(job)
        await self.session.flush()
        rows = [
            {
                "chat_id": chat_id,
                "kind": BROADCAST_KIND,
                "job_id": job.id,
                "dedupe_key": recipient_key(job.id, chat_id),
                "text": text,
                "buttons": [],
                "send_after": now,
                "status": OutboxStatus.PENDING.value,
                "attempts": 0,
                "last_error": "",
                "created_at": now,
            }
            for chat_id in chat_ids
        ]
        for start in range(0, len(rows), 1000):  # one INSERT per thousand recipients
            await self.session.execute(insert(OutboxMessage), rows[start : start + 1000])
        return job

    async def get(self, job_id: int) -> BroadcastJob | None:
        return await self.session.get(BroadcastJob, job_id)

    async def active(self) -> Sequence[BroadcastJob]:
        """Running or paused jobs, and cancelled ones whose last sends have not settled yet."""
        closing = (BroadcastJob.status == BroadcastStatus.CANCELLED) & BroadcastJob.finished_at.is_(None)
        query = select(BroadcastJob).where(BroadcastJob.status.in_(list(ACTIVE)) | closing).order_by(BroadcastJob.id)
        return (await self.session.scalars(query)).all()

    async def paused_ids(self) -> list[int]:
        return list(
            (
                await self.session.scalars(select(BroadcastJob.id).where(BroadcastJob.status == BroadcastStatus.PAUSED))
            ).all()
        )

    async def statuses(self, job_ids: Iterable[int]) -> dict[int, str]:
        """The current status of these jobs (a missing job is left out)."""
        ids = sorted(set(job_ids))
        if not ids:
            return {}
        rows = await self.session.execute(select(BroadcastJob.id, BroadcastJob.status).where(BroadcastJob.id.in_(ids)))
        return {job_id: status for job_id, status in rows.all()}  # noqa: C416 — Row to a plain pair

    async def recent(self, limit: int = 5) -> Sequence[BroadcastJob]:
        return (await self.session.scalars(select(BroadcastJob).order_by(BroadcastJob.id.desc()).limit(limit))).all()

    async def created_by(self, telegram_id: int) -> Sequence[BroadcastJob]:
        query = select(BroadcastJob).where(BroadcastJob.created_by == telegram_id).order_by(BroadcastJob.id)
        return (await self.session.scalars(query)).all()

    async def forget_creator(self, telegram_id: int) -> int:
        """Erasure of a staff member: the jobs stay (counts), without their id or chat."""
        return await changed_rows(
            self.session,
            update(BroadcastJob)
            .where((BroadcastJob.created_by == telegram_id) | (BroadcastJob.status_chat_id == telegram_id))
            .values(created_by=0, status_chat_id=None, status_message_id=None)
            .execution_options(synchronize_session=False),
        )

    async def refresh_counts(self, job: BroadcastJob) -> dict[str, int]:
        """Copy the outbox outcome into the job; returns the counts by status."""
        counts = await OutboxRepository(self.session).counts(job.id)
        job.sent = counts[OutboxStatus.SENT]
        job.blocked = counts[OutboxStatus.BLOCKED]
        job.failed = counts[OutboxStatus.FAILED] + counts[OutboxStatus.EXPIRED]
        return counts

    async def cancel(self, job: BroadcastJob, now: datetime) -> int:
        """Stop a job: its pending rows are cancelled; rows being sent finish normally, and the job
        is closed (`finished_at`) once they did, here or later by `close_if_settled`."""
        cancelled = await OutboxRepository(self.session).cancel(job_id=job.id)
        job.status = BroadcastStatus.CANCELLED
        job.confirming = False
        await self.close_if_settled(job, now)
        return cancelled

    async def close_if_settled(self, job: BroadcastJob, now: datetime) -> bool:
        """Counts refreshed; a running job with nothing left to send becomes done, a cancelled one
        is closed once nothing is in flight. True when the job became final now (report it)."""
        counts = await self.refresh_counts(job)
        if job.finished_at is not None:
            return False
        if job.status == BroadcastStatus.RUNNING and counts[OutboxStatus.PENDING] + counts[OutboxStatus.SENDING] == 0:
            job.status = BroadcastStatus.DONE
        elif job.status != BroadcastStatus.CANCELLED or counts[OutboxStatus.SENDING] > 0:
            return False
        job.finished_at = now
        job.confirming = False
        return True

    async def cancel_for_muted(self, chat_id: int) -> int:
        """The person muted reminders and announcements (/rappels): what is still queued for them
        from broadcasts and deadline reminders is not sent, except a broadcast to the registrants
        of a webinar session (news of their own registration)."""
        pending = (OutboxMessage.chat_id == chat_id) & (OutboxMessage.status == OutboxStatus.PENDING)
        rows = await self.session.execute(
            select(OutboxMessage.id, BroadcastJob.audience)
            .join(BroadcastJob, BroadcastJob.id == OutboxMessage.job_id)
            .where(pending, OutboxMessage.kind == BROADCAST_KIND)
        )
        ids = [row_id for row_id, audience in rows.all() if (audience or {}).get("kind") != "session"]
        muted = (OutboxMessage.kind == DEADLINE_KIND) | OutboxMessage.id.in_(ids)
        return await changed_rows(
            self.session,
            update(OutboxMessage)
            .where(pending, muted)
            .values(status=OutboxStatus.CANCELLED)
            .execution_options(synchronize_session=False),
        )

    async def in_flight(self, job: BroadcastJob) -> int:
        """Rows of the job claimed by a worker, not settled yet."""
        return (await OutboxRepository(self.session).counts(job.id))[OutboxStatus.SENDING]
