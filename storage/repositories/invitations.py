"""Invitations: a member invites a colleague with a single-use link (stored by its hash), used
once, before it expires; of two people using it at once, one wins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.membership import Invitation
from storage.repositories._rowcount import changed_rows


class InvitationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def create(
        self, collectivity_id: int, token_hash: str, *, by: int, now: datetime, expires_at: datetime
    ) -> Invitation:
        row = Invitation(
            collectivity_id=collectivity_id, token_hash=token_hash, created_by=by, created_at=now, expires_at=expires_at
        )
        self.session.add(row)
        return row

    async def by_hash(self, token_hash: str) -> Invitation | None:
        return await self.session.scalar(select(Invitation).where(Invitation.token_hash == token_hash))

    async def get(self, invitation_id: int) -> Invitation | None:
        return await self.session.get(Invitation, invitation_id)

    async def use(self, invitation_id: int, *, by: int, now: datetime) -> bool:
        """Mark used if still unused and unexpired; of two people at once, one wins."""
        changed = await changed_rows(
            self.session,
            update(Invitation)
            .where(Invitation.id == invitation_id, Invitation.used_at.is_(None), Invitation.expires_at > now)
            .values(used_at=now, used_by=by)
            .execution_options(synchronize_session="fetch"),
        )
        return changed == 1

    async def of_person(self, telegram_id: int) -> Sequence[Invitation]:
        query = select(Invitation).where((Invitation.created_by == telegram_id) | (Invitation.used_by == telegram_id))
        return (await self.session.scalars(query.order_by(Invitation.id))).all()

    async def forget_person(self, telegram_id: int, now: datetime) -> int:
        """Erasure: unused invitations the person sent are withdrawn; used ones keep no id."""
        withdrawn = await changed_rows(
            self.session,
            update(Invitation)
            .where(Invitation.created_by == telegram_id, Invitation.used_at.is_(None))
            .values(expires_at=now, created_by=0)
            .execution_options(synchronize_session=False),
        )
        for column in (Invitation.created_by, Invitation.used_by):
            withdrawn += await changed_rows(
                self.session,
                update(Invitation)
                .where(column == telegram_id)
                .values({column.key: 0})
                .execution_options(synchronize_session=False),
            )
        return withdrawn
