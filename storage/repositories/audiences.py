"""Who a broadcast goes to: everyone, a role, a department, a webinar session, the
collectivities with unsubmitted sheets. People who blocked the bot are never counted, nor
those who muted reminders and announcements (/rappels), except for a webinar session they
registered for (news of their own registration: a changed link, a cancelled session).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.collectivity import Collectivity
from storage.models.membership import Membership, MembershipStatus
from storage.models.people import Person
from storage.repositories.audience_sources import (
    AudienceUnavailable,
    registered_for_session,
    unsubmitted_drafts_by_collectivity,
)

KINDS = ("all", "role", "department", "session", "unsubmitted")


@dataclass(frozen=True)
class Audience:
    kind: str  # all, role, department, session, unsubmitted
    value: str = ""  # the role, the department, the session id, the edition year

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "value": self.value}

    @classmethod
    def from_dict(cls, raw: dict[str, str]) -> Audience:
        return cls(str(raw.get("kind", "")), str(raw.get("value", "")))


def available_kinds() -> tuple[str, ...]:
    return KINDS


class AudienceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def recipients(self, audience: Audience) -> list[int]:
        """Telegram ids of the people the audience covers, blocked ones left out."""
        query = await self._query(audience)
        return sorted(set((await self.session.scalars(query)).all()))

    async def count(self, audience: Audience) -> int:
        return len(await self.recipients(audience))

    async def departments(self) -> Sequence[str]:
        """Departments of the collectivities people belong to."""
        query = (
            select(Collectivity.department)
            .join(Person, Person.collectivity_id == Collectivity.id)
            .where(Collectivity.department != "")
            .distinct()
            .order_by(Collectivity.department)
        )
        return (await self.session.scalars(query)).all()

    async def _query(self, audience: Audience) -> Select:
        query = select(Person.telegram_id).where(Person.blocked.is_(False))
        if audience.kind != "session":
            query = query.where(Person.reminders_muted.is_(False))
        if audience.kind == "all":
            return query
        if audience.kind == "role":
            return query.where(Person.role == audience.value)
        if audience.kind == "department":
            return query.join(Collectivity, Person.collectivity_id == Collectivity.id).where(
                Collectivity.department == audience.value
            )
        if audience.kind == "unsubmitted":
            edition = int(audience.value) if audience.value.isdigit() else None
            drafts = await unsubmitted_drafts_by_collectivity(self.session, edition)
            members = select(Membership.person_id).where(
                Membership.collectivity_id.in_(list(drafts)), Membership.status == MembershipStatus.ACTIVE
            )
            return query.where(Person.id.in_(members))
        if audience.kind == "session":
            return query.where(Person.telegram_id.in_(await registered_for_session(self.session, audience.value)))
        raise AudienceUnavailable(audience.kind)
