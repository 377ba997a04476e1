"""Conversation state: load (or start) a user's state, save it with optimistic locking."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConversationState


class ConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, user_id: int) -> ConversationState:
        state = await self.session.get(ConversationState, user_id)
        if state is None:
            state = ConversationState(user_id=user_id, flow=None, step=None, data={})
            self.session.add(state)
        return state
