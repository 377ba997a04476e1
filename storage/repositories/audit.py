"""Audit log writes and reads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry
from storage.repositories._rowcount import changed_rows


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def log(self, actor_telegram_id: int, action: str, target: str = "", **details: Any) -> None:
        self.session.add(
            AuditEntry(actor_telegram_id=actor_telegram_id, action=action, target=target[:128], details=details)
        )

    async def recent(self, limit: int = 50) -> Sequence[AuditEntry]:
        return (await self.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))).all()

    async def by_actor(self, telegram_id: int) -> Sequence[AuditEntry]:
        query = select(AuditEntry).where(AuditEntry.actor_telegram_id == telegram_id).order_by(AuditEntry.id)
        return (await self.session.scalars(query)).all()

    async def about(self, targets: Sequence[str], *, besides: int) -> Sequence[AuditEntry]:
        """Entries whose target is one of `targets` (a person's id, their membership rows), by
        someone other than `besides`."""
        query = (
            select(AuditEntry)
            .where(AuditEntry.target.in_(list(targets)), AuditEntry.actor_telegram_id != besides)
            .order_by(AuditEntry.id)
        )
        return (await self.session.scalars(query)).all()

    async def purge_older_than(self, age: timedelta, now: datetime) -> int:
        return await changed_rows(self.session, delete(AuditEntry).where(AuditEntry.at < now - age))
