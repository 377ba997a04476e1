"""Conversation state: load (or start) a user's state, save it with optimistic locking.

The state is read into an object kept out of the session: handlers change it freely during the
update and `save` writes it at the end with one Core statement (no unit-of-work flush), an UPDATE
only when something changed, checked against the version it was read at."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Insert, Table, Update, bindparam, insert, inspect, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from storage.models import ConversationState

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
        params: dict[str, Any] = {f"new_{key}": getattr(state, key) for key in _WRITTEN}
        params |= {"user": state.user_id, "now": now}
        if found.transient:
            await self.session.execute(_insert(), params)
            return
        if not any(found.attrs[key].history.has_changes() for key in _WRITTEN):
            return
        result = cast("CursorResult[Any]", await self.session.execute(_update(), params | {"seen": state.version}))
        if result.rowcount != 1:
            raise StaleDataError(f"conversation state of {state.user_id} changed since it was read")


def _table() -> Table:
    return cast(Table, ConversationState.__table__)


def _written() -> dict[Any, Any]:
    c = _table().c
    return {c[key]: bindparam(f"new_{key}") for key in _WRITTEN} | {c.updated_at: bindparam("now")}


@functools.cache
def _insert() -> Insert:
    c = _table().c
    return insert(_table()).values({c.user_id: bindparam("user"), c.version: 1, **_written()})


@functools.cache
def _update() -> Update:
    c = _table().c
    return (
        update(_table())
        .where(c.user_id == bindparam("user"), c.version == bindparam("seen"))
        .values({c.version: c.version + 1, **_written()})
    )
