"""Staff-side reads over the action sheets: the review queue with each sheet's collectivity,
the members to notify, the figures of /stats and the rows of the exports.

Nothing here checks who is asking: the review feature checks `ctx.is_staff` before calling.
Status changes and comments go through `SheetsRepository` (optimistic transitions).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, distinct, func, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ActionSheet, Collectivity, CommentKind, Person, SheetComment, SheetStatus
from storage.models.sheets import shared, started


@dataclass(frozen=True)
class QueueItem:
    sheet: ActionSheet
    collectivity: Collectivity | None
    resubmitted: bool  # sent back once and submitted again


@dataclass(frozen=True)
class Participation:
    with_sheets: int  # collectivities with at least one sheet in the edition
    with_submitted: int  # ... of which with a sheet submitted or validated
    members: int  # people linked to a collectivity
    member_collectivities: int


class ReviewRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- queue ---------------------------------------------------------------------------
    async def queue_count(self) -> int:
        query = select(func.count()).select_from(ActionSheet).where(ActionSheet.status == SheetStatus.SOUMISE)
        return int(await self.session.scalar(query) or 0)

    async def queue(self, offset: int, limit: int) -> list[QueueItem]:
        """Submitted sheets, oldest submission first, with their collectivity."""
        rows = (
            await self.session.execute(
                select(ActionSheet, Collectivity)
                .outerjoin(Collectivity, Collectivity.id == ActionSheet.collectivity_id)
                .where(ActionSheet.status == SheetStatus.SOUMISE)
                .order_by(ActionSheet.submitted_at, ActionSheet.id)
                .offset(offset)
                .limit(limit)
            )
        ).all()
        again = await self._resubmitted([sheet.id for sheet, _ in rows])
        return [QueueItem(sheet, collectivity, sheet.id in again) for sheet, collectivity in rows]

    async def _resubmitted(self, sheet_ids: Sequence[int]) -> set[int]:
        if not sheet_ids:
            return set()
        query = (
            select(SheetComment.sheet_id)
            .where(SheetComment.sheet_id.in_(list(sheet_ids)), SheetComment.kind == CommentKind.RESUBMISSION)
            .distinct()
        )
        return set((await self.session.scalars(query)).all())

    # -- people --------------------------------------------------------------------------
    async def people(self, telegram_ids: Iterable[int]) -> dict[int, Person]:
        """The people still known among these Telegram ids (authors, deciders)."""
        ids = {i for i in telegram_ids if i}
        if not ids:
            return {}
        found = (await self.session.scalars(select(Person).where(Person.telegram_id.in_(ids)))).all()
        return {p.telegram_id: p for p in found}

    async def names(self, telegram_ids: Iterable[int]) -> dict[int, str]:
        """Profile name (else Telegram name) of each id that is still known."""
        ids = {i for i in telegram_ids if i}
        if not ids:
            return {}
        people = (await self.session.scalars(select(Person).where(Person.telegram_id.in_(ids)))).all()
        return {p.telegram_id: p.profile_name or p.display_name for p in people}

    # -- figures ---------------------------------------------------------------------------
    async def participation(self, edition: int) -> Participation:
        in_edition = and_(ActionSheet.edition == edition, shared(), started())
        with_sheets = await self.session.scalar(
            select(func.count(distinct(ActionSheet.collectivity_id))).where(in_edition)
        )
        with_submitted = await self.session.scalar(
            select(func.count(distinct(ActionSheet.collectivity_id))).where(
                in_edition, ActionSheet.status.in_([SheetStatus.SOUMISE, SheetStatus.VALIDEE])
            )
        )
        members, member_collectivities = (
            await self.session.execute(
                select(func.count(), func.count(distinct(Person.collectivity_id))).where(
                    Person.collectivity_id.is_not(None)
                )
            )
        ).one()
        return Participation(int(with_sheets or 0), int(with_submitted or 0), int(members), int(member_collectivities))

    async def counts_by_enjeu_and_status(self, edition: int) -> dict[tuple[str, str], int]:
        rows = await self.session.execute(
            select(ActionSheet.enjeu, ActionSheet.status, func.count())
            .where(ActionSheet.edition == edition, shared(), started())
            .group_by(ActionSheet.enjeu, ActionSheet.status)
        )
        return {(enjeu, status): int(number) for enjeu, status, number in rows}

    # -- exports ---------------------------------------------------------------------------
    async def sheets_for_export(
        self, edition: int | None, *, after: tuple[str, int] | None = None, limit: int | None = None
    ) -> list[tuple[ActionSheet, Collectivity | None]]:
        """Every sheet of the dossiers (drafts included) with its collectivity, by collectivity name
        then id; read in slices with `after` = (name, id) of the last sheet of the previous slice
        (`export_key`): each slice starts where the last stopped, instead of skipping all the rows
        before it again. A private draft — someone's whose access is not granted (or was refused)
        — is no sheet of the collectivity."""
        name = func.coalesce(Collectivity.name, "")
        query = (
            select(ActionSheet, Collectivity)
            .outerjoin(Collectivity, Collectivity.id == ActionSheet.collectivity_id)
            .where(started(), shared())
            .order_by(name, ActionSheet.id)
            .limit(limit)
        )
        if after is not None:
            query = query.where(tuple_(name, ActionSheet.id) > tuple_(literal(after[0]), literal(after[1])))
        if edition is not None:
            query = query.where(ActionSheet.edition == edition)
        return [(sheet, collectivity) for sheet, collectivity in (await self.session.execute(query)).all()]

    async def count_for_export(self, edition: int | None) -> int:
        query = select(func.count()).select_from(ActionSheet).where(started(), shared())
        if edition is not None:
            query = query.where(ActionSheet.edition == edition)
        return int(await self.session.scalar(query) or 0)

    async def last_visible_corrections(self, sheet_ids: Sequence[int]) -> dict[int, SheetComment]:
        """The latest correction request the collectivity saw, per sheet (never internal notes)."""
        if not sheet_ids:
            return {}
        query = (
            select(SheetComment)
            .where(
                SheetComment.sheet_id.in_(list(sheet_ids)),
                SheetComment.kind == CommentKind.CORRECTION,
                SheetComment.visible_to_collectivity.is_(True),
            )
            .order_by(SheetComment.id)
        )
        return {comment.sheet_id: comment for comment in (await self.session.scalars(query)).all()}


def export_key(sheet: ActionSheet, collectivity: Collectivity | None) -> tuple[str, int]:
    """Where `sheets_for_export` goes on after this sheet."""
    return (collectivity.name if collectivity is not None else "", sheet.id)
