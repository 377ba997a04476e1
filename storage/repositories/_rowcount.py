"""How many rows an UPDATE or DELETE touched."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import UpdateBase


async def changed_rows(session: AsyncSession, statement: UpdateBase, params: Mapping[str, Any] | None = None) -> int:
    """Run an UPDATE or DELETE (with its bound `params`) and return its row count. Such a statement
    always gives a CursorResult (which has `rowcount`); `AsyncSession.execute` is only typed as a plain Result."""
    result = cast("CursorResult[Any]", await session.execute(statement, params))
    return result.rowcount or 0
