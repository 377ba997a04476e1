"""Conversation state: load (or start) a user's state, save it with optimistic locking.

The state is read into an object kept out of the session: handlers change it freely during the
update and `save` writes it at the end with one Core statement (no unit-of-work flush): an UPDATE
(`_write_now.update_now`) only when something changed, checked against the version it was read at."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Insert, Table, bindparam, insert, inspect
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConversationState
from storage.repositories._write_now import update_now

_WRITTEN = ("flow", "step", "data")


class ConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, user_id: int, read: ConversationState | None = None) -> ConversationState:
        """The user's state (`read`: already read with the person), or a new one; out of the session."""
        state = read if read is not None else await self.session.get(ConversationState, user_id)
        if state is None:
            return ConversationState(user_id=user_id, flow=None, step=None, data={})
        self.session.expunge(state)
        return state

    async def save(self, state: ConversationState, now: datetime) -> None:
        """Write what changed since `load`. A state changed meanwhile by another transaction (or
        a new state inserted by it) fails here (StaleDataError, IntegrityError): the update runs again."""
        found = inspect(state)
        values: dict[str, Any] = {key: getattr(state, key) for key in _WRITTEN} | {"updated_at": now}
        if found.transient:
            await self.session.execute(_insert(), {"user_id": state.user_id, **values})
        elif any(found.attrs[key].history.has_changes() for key in _WRITTEN):
            await update_now(self.session, state, values)  # checked against the version read


@functools.cache
def _insert() -> Insert:
    table = cast(Table, ConversationState.__table__)
    columns = ("user_id", *_WRITTEN, "updated_at")
    return insert(table).values({table.c[key]: bindparam(key) for key in columns} | {table.c.version: 1})
