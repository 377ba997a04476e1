"""Outbox: schedule messages idempotently, claim due ones, record each outcome."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.outbox import OutboxMessage, OutboxStatus


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def schedule(
        self,
        chat_id: int,
        text: str,
        *,
        kind: str,
        send_after: datetime,
        buttons: list[list[dict[str, Any]]] | None = None,
        dedupe_key: str | None = None,
        not_after: datetime | None = None,
        job_id: int | None = None,
    ) -> OutboxMessage | None:
        """Queue a message; with a `dedupe_key` already used, do nothing and return None."""
        row = OutboxMessage(
            chat_id=chat_id,
            kind=kind,
            text=text,
            buttons=buttons or [],
            send_after=send_after,
            not_after=not_after,
            dedupe_key=dedupe_key,
            job_id=job_id,
            status=OutboxStatus.PENDING,
        )
        if dedupe_key is None:
            self.session.add(row)
            return row
        if await self.session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)):
            return None
        try:
            async with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:  # scheduled concurrently by another worker
            return None
        return row

    async def cancel(self, *, dedupe_prefix: str | None = None, job_id: int | None = None) -> int:
        """Cancel pending messages by key prefix (e.g. one registration's reminders) or job."""
        condition = OutboxMessage.status == OutboxStatus.PENDING
        if dedupe_prefix is not None:
            condition = and_(condition, OutboxMessage.dedupe_key.startswith(dedupe_prefix, autoescape=True))
        if job_id is not None:
            condition = and_(condition, OutboxMessage.job_id == job_id)
        result = await self.session.execute(
            update(OutboxMessage).where(condition).values(status=OutboxStatus.CANCELLED)
        )
        return result.rowcount or 0

    async def due(self, now: datetime, limit: int, *, paused_jobs: Sequence[int] = ()) -> Sequence[OutboxMessage]:
        """Pending messages whose time has come, plus those left `sending` by a crash, oldest first."""
        query = (
            select(OutboxMessage)
            .where(
                OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
                OutboxMessage.send_after <= now,
            )
            .order_by(OutboxMessage.send_after, OutboxMessage.id)
            .limit(limit)
        )
        if paused_jobs:
            query = query.where(or_(OutboxMessage.job_id.is_(None), OutboxMessage.job_id.not_in(list(paused_jobs))))
        return (await self.session.scalars(query)).all()

    async def mark(self, message_id: int, status: OutboxStatus, *, now: datetime, error: str = "") -> None:
        values: dict[str, Any] = {"status": status, "last_error": error[:300]}
        if status == OutboxStatus.SENT:
            values["sent_at"] = now
        await self.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))

    async def retry_later(self, message_id: int, *, at: datetime, error: str) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(
                status=OutboxStatus.PENDING,
                send_after=at,
                attempts=OutboxMessage.attempts + 1,
                last_error=error[:300],
            )
        )

    async def claim(self, ids: Sequence[int]) -> None:
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id.in_(list(ids))).values(status=OutboxStatus.SENDING)
        )

    async def pending_for(self, dedupe_prefix: str) -> Sequence[OutboxMessage]:
        return (
            await self.session.scalars(
                select(OutboxMessage).where(OutboxMessage.dedupe_key.startswith(dedupe_prefix, autoescape=True))
            )
        ).all()


def backoff(attempts: int) -> timedelta:
    """Network retry delays: 2 s, 4 s, 8 s… capped at 5 minutes."""
    return timedelta(seconds=min(300, 2 ** (attempts + 1)))
