"""Which dossier a person may read and edit, worked out once per update.

The dossier is the one of the collectivity the person acts for (`Person.collectivity_id`).
An active member reaches its shared sheets; someone whose request waits reaches only their
own private drafts; anyone else reaches nothing until they ask (or are invited).
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.core.context import Context
from storage.models import Collectivity, Membership, MembershipStatus
from storage.repositories.dossier_scope import DossierScope
from storage.repositories.memberships import MembershipRepository

_MEMO = "membership.access"


@dataclass(frozen=True)
class DossierAccess:
    collectivity: Collectivity
    membership: Membership | None  # the latest request or membership of the person there
    has_members: bool  # someone already has active access to this dossier

    @property
    def status(self) -> str:
        return self.membership.status if self.membership is not None else ""

    @property
    def active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def pending(self) -> bool:
        return self.status == MembershipStatus.REQUESTED

    def scope(self, telegram_id: int) -> DossierScope | None:
        """Shared sheets for a member, private drafts while a request waits or was refused."""
        if self.active:
            return DossierScope(self.collectivity.id)
        if self.status in (MembershipStatus.REQUESTED, MembershipStatus.REFUSED):
            return DossierScope(self.collectivity.id, owner=telegram_id)
        return None


def memberships(ctx: Context) -> MembershipRepository:
    return MembershipRepository(ctx.session)


async def dossier_access(ctx: Context) -> DossierAccess | None:
    """The person's access to the dossier of their collectivity (None: no collectivity yet)."""
    if _MEMO in ctx.memo:
        return ctx.memo[_MEMO]
    access = None
    if ctx.person.collectivity_id is not None:
        repo = memberships(ctx)
        collectivity, latest = await repo.collectivity_and_latest(ctx.person.id, ctx.person.collectivity_id)
        if collectivity is not None:
            has_members = (latest is not None and latest.active) or await repo.count_active(collectivity.id) > 0
            access = DossierAccess(collectivity, latest, has_members)
    ctx.memo[_MEMO] = access
    return access


def forget(ctx: Context) -> None:
    """The access changed during this update (request sent, accepted, left…): look again."""
    ctx.memo.pop(_MEMO, None)


async def scope_of(ctx: Context) -> DossierScope | None:
    access = await dossier_access(ctx)
    return access.scope(ctx.person.telegram_id) if access is not None else None


async def may_manage(ctx: Context, collectivity_id: int) -> bool:
    """Staff, or an active member of that collectivity: may decide requests, invite, remove."""
    return ctx.is_staff or await memberships(ctx).is_active_member(ctx.person.id, collectivity_id)
