"""Processed update ids: claim an update once, remember its replies until they are sent, and
who delivers them (a lease, renewed while delivering, so two instances never both send them)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Insert, Table, Update, and_, bindparam, delete, func, insert, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedUpdate
from storage.repositories._rowcount import changed_rows
from storage.types import utcnow


class UpdatesRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def find(self, bot_id: int, update_id: int) -> ProcessedUpdate | None:
        return await self.session.get(ProcessedUpdate, (bot_id, update_id))

    async def record(
        self,
        bot_id: int,
        update_id: int,
        user_id: int,
        replies: list[dict[str, Any]],
        *,
        owner: str | None = None,
        lease_until: datetime | None = None,
        now: datetime | None = None,
    ) -> None:
        """Claim the update with its replies: one seen before fails here (IntegrityError).
        A Core INSERT rather than an ORM object: no unit-of-work flush for a row never read again."""
        await self.session.execute(
            _insert_update(),
            {
                "bot_id": bot_id,
                "update_id": update_id,
                "user_id": user_id,
                "replies": replies,
                "delivered": False,
                "delivery_owner": owner,
                "delivery_lease_until": lease_until,
                "processed_at": now or utcnow(),
            },
        )

    async def renew(self, keys: Iterable[tuple[int, int]], owner: str, until: datetime) -> int:
        """The owner is still delivering these updates' replies: its leases hold until `until`."""
        keys = list(keys)
        if not keys:
            return 0
        return await changed_rows(
            self.session,
            update(ProcessedUpdate)
            .where(
                tuple_(ProcessedUpdate.bot_id, ProcessedUpdate.update_id).in_(keys),
                ProcessedUpdate.delivery_owner == owner,
                ProcessedUpdate.delivered.is_(False),
            )
            .values(delivery_lease_until=until)
            .execution_options(synchronize_session=False),
        )

    async def abandoned(
        self,
        *,
        now: datetime,
        owner: str,
        until: datetime,
        newer_than: datetime,
        limit: int = 50,
        any_lease: bool = False,
        skip_locked: bool = False,
    ) -> Sequence[ProcessedUpdate]:
        """Handled updates whose replies were never confirmed sent and whose deliverer is gone
        (lease run out; `any_lease`: every one, SQLite at start): now delivered by `owner`."""
        condition = and_(ProcessedUpdate.delivered.is_(False), ProcessedUpdate.processed_at > newer_than)
        if any_lease:  # every other deliverer is gone; this process's own deliveries are its business
            condition = and_(
                condition,
                or_(ProcessedUpdate.delivery_owner.is_(None), ProcessedUpdate.delivery_owner != owner),
            )
        else:
            condition = and_(
                condition,
                or_(ProcessedUpdate.delivery_lease_until.is_(None), ProcessedUpdate.delivery_lease_until < now),
            )
        query = select(ProcessedUpdate).where(condition).order_by(ProcessedUpdate.update_id).limit(limit)
        if skip_locked:
            query = query.with_for_update(skip_locked=True)
        rows = (await self.session.scalars(query)).all()
        for row in rows:
            row.delivery_owner, row.delivery_lease_until = owner, until
        await self.session.flush()
        return rows

    async def mark_all_delivered(self, keys: set[tuple[int, int]]) -> None:
        """Several updates (bot id, update id) delivered, in one statement per bot."""
        by_bot: dict[int, list[int]] = {}
        for bot_id, update_id in keys:
            by_bot.setdefault(bot_id, []).append(update_id)
        for bot_id, update_ids in by_bot.items():
            await self.session.execute(_mark_delivered(), {"of_bot": bot_id, "of_updates": sorted(update_ids)})

    async def purge_older_than(self, age: timedelta, now: datetime | None = None) -> int:
        cutoff = (now or utcnow()) - age
        return await changed_rows(self.session, delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff))

    async def count_for_user(self, user_id: int) -> int:
        return int(await self.session.scalar(select(func.count()).where(ProcessedUpdate.user_id == user_id)) or 0)

    async def forget_user(self, user_id: int) -> int:
        """Drop the person's handled updates (their replies may quote what they typed)."""
        return await changed_rows(self.session, delete(ProcessedUpdate).where(ProcessedUpdate.user_id == user_id))


@functools.cache  # after every update's replies: built once, on the table (no ORM objects to keep in step)
def _mark_delivered() -> Update:
    table = cast(Table, ProcessedUpdate.__table__)
    return (
        update(table)
        .where(table.c.bot_id == bindparam("of_bot"), table.c.update_id.in_(bindparam("of_updates", expanding=True)))
        .values(delivered=True, replies=[])
    )


@functools.cache
def _insert_update() -> Insert:
    return insert(cast(Table, ProcessedUpdate.__table__))
