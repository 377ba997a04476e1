"""Processed update ids: claim an update once, remember its replies until they are sent."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedUpdate
from storage.repositories._rowcount import changed_rows
from storage.types import utcnow


class UpdatesRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def find(self, bot_id: int, update_id: int) -> ProcessedUpdate | None:
        return await self.session.get(ProcessedUpdate, (bot_id, update_id))

    def record(self, bot_id: int, update_id: int, user_id: int, replies: list[dict[str, Any]]) -> ProcessedUpdate:
        row = ProcessedUpdate(bot_id=bot_id, update_id=update_id, user_id=user_id, replies=replies, delivered=False)
        self.session.add(row)
        return row

    async def mark_delivered(self, bot_id: int, update_id: int) -> None:
        await self.session.execute(
            update(ProcessedUpdate)
            .where(ProcessedUpdate.bot_id == bot_id, ProcessedUpdate.update_id == update_id)
            .values(delivered=True, replies=[])
        )

    async def purge_older_than(self, age: timedelta, now: datetime | None = None) -> int:
        cutoff = (now or utcnow()) - age
        return await changed_rows(self.session, delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff))

    async def count_for_user(self, user_id: int) -> int:
        return int(await self.session.scalar(select(func.count()).where(ProcessedUpdate.user_id == user_id)) or 0)

    async def forget_user(self, user_id: int) -> int:
        """Drop the person's handled updates (their replies may quote what they typed)."""
        return await changed_rows(self.session, delete(ProcessedUpdate).where(ProcessedUpdate.user_id == user_id))
