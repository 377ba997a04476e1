"""People: find or create by Telegram id, track blocked state and roles."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Select, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Collectivity, ConversationState, Person
from storage.models.membership import Membership
from storage.repositories.memberships import PREFETCHED_DOSSIER
from storage.types import utcnow

SEEN_PRECISION = timedelta(minutes=10)


class PeopleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.conversation: ConversationState | None = None  # read with the person (`with_conversation`)

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
        with_conversation: bool = False,
    ) -> Person:
        """`with_conversation`: the person's conversation state is read in the same query and left in
        `self.conversation` (None: no state yet, `ConversationRepository.load` starts one); so are
        their collectivity and latest membership there, for `MembershipRepository.collectivity_and_latest`."""
        now = now or utcnow()
        if with_conversation:
            row = (await self.session.execute(_person_conversation_and_dossier(), {"telegram_id": telegram_id})).first()
            person = row[0] if row is not None else None
            self.conversation = row[1] if row is not None else None
            if row is not None and row[0].collectivity_id is not None:
                self.session.info[PREFETCHED_DOSSIER] = (row[0].id, row[0].collectivity_id, row[2], row[3])
        else:
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


@functools.cache
def _person_conversation_and_dossier() -> Select[Person, ConversationState, Collectivity, Membership]:
    latest = (
        select(func.max(Membership.id))
        .where(Membership.person_id == Person.id, Membership.collectivity_id == Person.collectivity_id)
        .correlate(Person)
        .scalar_subquery()
    )
    return (
        select(Person, ConversationState, Collectivity, Membership)
        .outerjoin(ConversationState, ConversationState.user_id == Person.telegram_id)
        .outerjoin(Collectivity, Collectivity.id == Person.collectivity_id)
        .outerjoin(Membership, Membership.id == latest)
        .where(Person.telegram_id == bindparam("telegram_id"))
    )
