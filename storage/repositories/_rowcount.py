"""How many rows an UPDATE or DELETE touched."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import UpdateBase


async def changed_rows(session: AsyncSession, statement: UpdateBase) -> int:
    """Run an UPDATE or DELETE and return its row count. Such a statement always gives a
    CursorResult (which has `rowcount`); `AsyncSession.execute` is only typed as a plain Result."""
    result = cast("CursorResult[Any]", await session.execute(statement))
    return result.rowcount or 0
