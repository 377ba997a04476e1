"""People: find or create by Telegram id, track blocked state and roles."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person
from storage.types import utcnow

SEEN_PRECISION = timedelta(minutes=10)


class PeopleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, telegram_id: int) -> Person | None:
        return await self.session.scalar(_person_by_telegram_id(), {"telegram_id": telegram_id})

    async def get_or_create(
        self,
        telegram_id: int,
        *,
        first_name: str = "",
        last_name: str = "",
        username: str = "",
        language: str = "",
        now: datetime | None = None,
    ) -> Person:
        now = now or utcnow()
        person = await self.get(telegram_id)
        if person is None:
            person = Person(
                telegram_id=telegram_id,
                first_name=first_name[:128],
                last_name=last_name[:128],
                username=username[:64],
                language=language[:16],
                created_at=now,
                last_seen_at=now,
            )
            try:
                async with self.session.begin_nested():
                    self.session.add(person)
            except IntegrityError:  # created concurrently by another worker
                person = await self.get(telegram_id)
                assert person is not None
        else:
            if now - person.last_seen_at > SEEN_PRECISION:  # spare a write on every message
                person.last_seen_at = now
            if first_name and person.first_name != first_name[:128]:
                person.first_name = first_name[:128]
            if last_name != person.last_name and first_name:
                person.last_name = last_name[:128]
        return person

    async def set_blocked(self, telegram_id: int, blocked: bool) -> None:
        await self.session.execute(update(Person).where(Person.telegram_id == telegram_id).values(blocked=blocked))

    async def staff(self) -> Sequence[Person]:
        return (await self.session.scalars(select(Person).where(Person.is_staff.is_(True)))).all()


@functools.cache  # read at every update: built once, bound at each call
def _person_by_telegram_id() -> Select[Person]:
    return select(Person).where(Person.telegram_id == bindparam("telegram_id"))
