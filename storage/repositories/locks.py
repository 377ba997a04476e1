"""Advisory locks (PostgreSQL): one person's updates are handled one at a time by every process.

The lock is taken inside the update's transaction and released by its commit or rollback, so
a crashed process never leaves it held. SQLite has one writer and one process: nothing to do.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

_NAMESPACE = b"arobase:person:"


def person_key(telegram_id: int) -> int:
    """A stable signed 64-bit key for one person (PostgreSQL's advisory lock key space)."""
    digest = hashlib.blake2b(_NAMESPACE + str(telegram_id).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


async def lock_person(session: AsyncSession, telegram_id: int) -> None:
    """Wait until no other transaction handles this person, then hold them until this one ends."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(person_key(telegram_id))))
