"""Memberships: ask to join a collectivity, decide once, join by invitation, leave, be removed (the single-use
invitation links are in `invitations.py`).

Decisions are optimistic transitions (`UPDATE … WHERE status = 'demandee'`): of two people
deciding at once, or a double tap, exactly one changes the row; the other learns who did.
Nothing here checks who is asking: `handlers.membership` checks the decider is an active
member of that collectivity or staff before calling.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Collectivity, Person
from storage.models.membership import OPEN_STATUSES, DecidedAs, Invitation, Membership, MembershipStatus
from storage.repositories._rowcount import changed_rows
from storage.repositories.locks import lock_person


@dataclass(frozen=True)
class Member:
    membership: Membership
    person: Person


@dataclass(frozen=True)
class Request:
    membership: Membership
    person: Person
    collectivity: Collectivity


# session.info key: the person's collectivity and latest membership there, read with the person
# at the start of an update (`PeopleRepository.get_or_create`): (person id, collectivity id,
# collectivity, membership). Taken once by `collectivity_and_latest`; a write here drops it.
PREFETCHED_DOSSIER = "memberships.prefetched_dossier"


class MembershipRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _drop_prefetched(self) -> None:
        """A membership changes in this transaction: what was read with the person is stale."""
        self.session.info.pop(PREFETCHED_DOSSIER, None)

    # -- reading -----------------------------------------------------------------------
    async def get(self, membership_id: int) -> Membership | None:
        return await self.session.get(Membership, membership_id)

    async def latest(self, person_id: int, collectivity_id: int) -> Membership | None:
        """The person's most recent request or membership for this collectivity."""
        query = (
            select(Membership)
            .where(Membership.person_id == person_id, Membership.collectivity_id == collectivity_id)
            .order_by(Membership.id.desc())
            .limit(1)
        )
        return await self.session.scalar(query)

    async def collectivity_and_latest(
        self, person_id: int, collectivity_id: int
    ) -> tuple[Collectivity | None, Membership | None]:
        """The collectivity and the person's most recent request or membership there, in one query."""
        prefetched = self.session.info.pop(PREFETCHED_DOSSIER, None)
        if prefetched is not None and prefetched[:2] == (person_id, collectivity_id):
            return prefetched[2], prefetched[3]
        params = {"person_id": person_id, "collectivity_id": collectivity_id}
        row = (await self.session.execute(_collectivity_and_latest(), params)).first()
        return (row[0], row[1]) if row is not None else (None, None)

    async def active_of_person(self, person_id: int) -> list[tuple[Membership, Collectivity]]:
        query = (
            select(Membership, Collectivity)
            .join(Collectivity, Collectivity.id == Membership.collectivity_id)
            .where(Membership.person_id == person_id, Membership.status == MembershipStatus.ACTIVE)
            .order_by(Collectivity.name)
        )
        return [(m, c) for m, c in (await self.session.execute(query)).all()]

    async def of_person(self, person_id: int) -> list[tuple[Membership, Collectivity]]:
        query = (
            select(Membership, Collectivity)
            .join(Collectivity, Collectivity.id == Membership.collectivity_id)
            .where(Membership.person_id == person_id)
            .order_by(Membership.id)
        )
        return [(m, c) for m, c in (await self.session.execute(query)).all()]

    async def decided_by(self, telegram_id: int) -> list[tuple[Membership, Collectivity]]:
        """The requests this person accepted, refused or ended (as a member or for staff)."""
        query = (
            select(Membership, Collectivity)
            .join(Collectivity, Collectivity.id == Membership.collectivity_id)
            .where(Membership.decided_by == telegram_id)
            .order_by(Membership.id)
        )
        return [(m, c) for m, c in (await self.session.execute(query)).all()]

    async def members(self, collectivity_id: int) -> list[Member]:
        """Active members, oldest first."""
        query = (
            select(Membership, Person)
            .join(Person, Person.id == Membership.person_id)
            .where(Membership.collectivity_id == collectivity_id, Membership.status == MembershipStatus.ACTIVE)
            .order_by(Membership.decided_at, Membership.id)
        )
        return [Member(m, p) for m, p in (await self.session.execute(query)).all()]

    async def member_telegram_ids(self, collectivity_id: int, *, reachable_only: bool = False) -> list[int]:
        query = (
            select(Person.telegram_id)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.collectivity_id == collectivity_id, Membership.status == MembershipStatus.ACTIVE)
            .order_by(Membership.id)
        )
        if reachable_only:
            query = query.where(Person.blocked.is_(False))
        return list((await self.session.scalars(query)).all())

    async def members_of_many(self, collectivity_ids: Sequence[int]) -> list[tuple[int, int]]:
        """(Telegram id, collectivity id) of the active members of these collectivities who can be
        reached and did not mute reminders (/rappels)."""
        if not collectivity_ids:
            return []
        query = (
            select(Person.telegram_id, Membership.collectivity_id)
            .join(Membership, Membership.person_id == Person.id)
            .where(
                Membership.collectivity_id.in_(list(collectivity_ids)),
                Membership.status == MembershipStatus.ACTIVE,
                Person.blocked.is_(False),
                Person.reminders_muted.is_(False),
            )
        )
        return [(telegram_id, collectivity_id) for telegram_id, collectivity_id in (await self.session.execute(query))]

    async def is_active_member(self, person_id: int, collectivity_id: int) -> bool:
        query = select(Membership.id).where(
            Membership.person_id == person_id,
            Membership.collectivity_id == collectivity_id,
            Membership.status == MembershipStatus.ACTIVE,
        )
        return await self.session.scalar(query.limit(1)) is not None

    async def count_active(self, collectivity_id: int) -> int:
        query = select(func.count()).where(
            Membership.collectivity_id == collectivity_id, Membership.status == MembershipStatus.ACTIVE
        )
        return int(await self.session.scalar(query) or 0)

    async def pending_requests(self, limit: int = 20) -> list[Request]:
        """Requests waiting for a decision, oldest first (the staff queue)."""
        query = (
            select(Membership, Person, Collectivity)
            .join(Person, Person.id == Membership.person_id)
            .join(Collectivity, Collectivity.id == Membership.collectivity_id)
            .where(Membership.status == MembershipStatus.REQUESTED)
            .order_by(Membership.requested_at, Membership.id)
            .limit(limit)
        )
        return [Request(m, p, c) for m, p, c in (await self.session.execute(query)).all()]

    async def count_pending(self) -> int:
        query = select(func.count()).where(Membership.status == MembershipStatus.REQUESTED)
        return int(await self.session.scalar(query) or 0)

    # -- changing ----------------------------------------------------------------------
    async def request(self, person_id: int, collectivity_id: int, now: datetime) -> tuple[Membership, bool]:
        """A new request, or the one already open (second value False) — never two."""
        self._drop_prefetched()
        row = Membership(
            person_id=person_id,
            collectivity_id=collectivity_id,
            status=MembershipStatus.REQUESTED,
            requested_at=now,
            decided_as="",
            reason="",
        )
        try:
            async with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:  # already requested (or a member), maybe concurrently
            existing = await self.open_for(person_id, collectivity_id)
            assert existing is not None
            return existing, False
        return row, True

    async def open_for(self, person_id: int, collectivity_id: int) -> Membership | None:
        query = select(Membership).where(
            Membership.person_id == person_id,
            Membership.collectivity_id == collectivity_id,
            Membership.status.in_(list(OPEN_STATUSES)),
        )
        return await self.session.scalar(query)

    async def join_by_invitation(
        self, person_id: int, collectivity_id: int, invitation: Invitation, now: datetime
    ) -> Membership:
        """Active at once: an open request of the person for this collectivity is accepted."""
        self._drop_prefetched()
        existing = await self.open_for(person_id, collectivity_id)
        values = {
            "status": MembershipStatus.ACTIVE,
            "decided_at": now,
            "decided_by": invitation.created_by,
            "decided_as": DecidedAs.INVITATION,
            "invitation_id": invitation.id,
        }
        if existing is not None:
            for key, value in values.items():
                setattr(existing, key, value)
            await self.session.flush()
            return existing
        row = Membership(person_id=person_id, collectivity_id=collectivity_id, requested_at=now, reason="", **values)
        self.session.add(row)
        await self.session.flush()
        return row

    async def decide(
        self, membership_id: int, *, accept: bool, by: int, as_: DecidedAs, now: datetime, reason: str = ""
    ) -> bool:
        """Accept or refuse a request still waiting; False when someone decided first."""
        status = MembershipStatus.ACTIVE if accept else MembershipStatus.REFUSED
        return await self._transition(membership_id, MembershipStatus.REQUESTED, status, by, as_, now, reason)

    async def end(self, membership_id: int, *, by: int, as_: DecidedAs, now: datetime, reason: str = "") -> bool:
        """Leave or be removed; False when the membership was no longer active."""
        return await self._transition(
            membership_id, MembershipStatus.ACTIVE, MembershipStatus.REMOVED, by, as_, now, reason
        )

    async def _transition(
        self, membership_id: int, expected: str, status: str, by: int, as_: DecidedAs, now: datetime, reason: str
    ) -> bool:
        self._drop_prefetched()
        await self._wait_for_the_member(membership_id)
        changed = await changed_rows(
            self.session,
            update(Membership)
            .where(Membership.id == membership_id, Membership.status == expected)
            .values(status=status, decided_at=now, decided_by=by, decided_as=as_, reason=reason[:300])
            .execution_options(synchronize_session="fetch"),
        )
        return changed == 1

    async def _wait_for_the_member(self, membership_id: int) -> None:
        """PostgreSQL: take the member's lock (`lock_person`) before changing their access. An
        update of theirs in progress read that access with the person, at its start; it commits
        first, and every later one reads the change. Without it, a removal committed in between
        went unseen by that update (read committed). SQLite has one writer: nothing to wait for."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        member = await self.session.scalar(
            select(Person.telegram_id)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.id == membership_id)
        )
        if member is not None:
            await lock_person(self.session, member)

    # -- personal data -------------------------------------------------------------------
    async def forget_person(self, person_id: int, telegram_id: int) -> int:
        """Erasure: the person's own requests and memberships go; decisions they took on
        others' requests stay, without their id."""
        self._drop_prefetched()
        mine = (await self.session.scalars(select(Membership).where(Membership.person_id == person_id))).all()
        for row in mine:
            await self.session.delete(row)
        anonymised = await changed_rows(
            self.session,
            update(Membership)
            .where(Membership.decided_by == telegram_id)
            .values(decided_by=0)
            .execution_options(synchronize_session=False),
        )
        await self.session.flush()
        return len(mine) + anonymised


@functools.cache  # run at every step of a sheet: built once, bound at each call
def _collectivity_and_latest() -> Select[Collectivity, Membership]:
    return (
        select(Collectivity, Membership)
        .outerjoin(
            Membership,
            and_(Membership.collectivity_id == Collectivity.id, Membership.person_id == bindparam("person_id")),
        )
        .where(Collectivity.id == bindparam("collectivity_id"))
        .order_by(Membership.id.desc())
        .limit(1)
    )
