"""A person's messages in the outbox, for « mes données »: those to them and those to others
that carry their data (`about_telegram_id`), read for the export and emptied on erasure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.outbox import OutboxMessage, OutboxStatus
from storage.repositories._rowcount import changed_rows


class OutboxPersonalData:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_chat(self, chat_id: int) -> Sequence[OutboxMessage]:
        """Every message queued for or sent to one person, oldest first."""
        query = select(OutboxMessage).where(OutboxMessage.chat_id == chat_id).order_by(OutboxMessage.id)
        return (await self.session.scalars(query)).all()

    async def about(self, telegram_id: int) -> Sequence[OutboxMessage]:
        """Messages to others that are about this person (their question shown to staff, a
        decision they took told to colleagues…), oldest first."""
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.about_telegram_id == telegram_id, OutboxMessage.chat_id != telegram_id)
            .order_by(OutboxMessage.id)
        )
        return (await self.session.scalars(query)).all()

    async def forget_chat(self, chat_id: int) -> int:
        """Erasure: messages not sent to the person, or about them to others (their question shown
        to staff…), are cancelled and emptied (a row to them keeps the chat id, which `people` keeps
        too); those sent keep only their kind, status and dates."""
        emptied: dict[str, Any] = {"text": "", "buttons": [], "dedupe_key": None, "last_error": "", "report": None}
        unsent = [OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.CANCELLED]
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status.in_(unsent))
            .values(status=OutboxStatus.CANCELLED, about_telegram_id=None, **emptied)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.about_telegram_id == chat_id, OutboxMessage.status.in_(unsent))
            .values(status=OutboxStatus.CANCELLED, about_telegram_id=None, **emptied)
            .execution_options(synchronize_session=False)
        )
        about = await changed_rows(
            self.session,
            update(OutboxMessage)
            .where(OutboxMessage.about_telegram_id == chat_id)
            .values(about_telegram_id=None, **emptied)
            .execution_options(synchronize_session=False),
        )
        return about + await changed_rows(
            self.session,
            update(OutboxMessage)
            .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status != OutboxStatus.CANCELLED)
            .values(chat_id=0, about_telegram_id=None, **emptied)
            .execution_options(synchronize_session=False),
        )
