"""A person's part in the action sheets, for « mes données »: what they wrote or sent (export)
and erasure, which keeps the sheets with the collectivity (they are its work) without the
person's id, and removes their files and the private drafts only they could see."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.sheets import ActionSheet, SheetAnswer, SheetAttachment, SheetComment
from storage.repositories._rowcount import changed_rows


class SheetsPersonalData:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def contributions_of(self, telegram_id: int) -> dict[str, list[dict]]:
        """What this person wrote or sent in any sheet (for « mes données »)."""
        answers = (await self.session.scalars(select(SheetAnswer).where(SheetAnswer.updated_by == telegram_id))).all()
        files = (
            await self.session.scalars(select(SheetAttachment).where(SheetAttachment.added_by == telegram_id))
        ).all()
        created = (await self.session.scalars(select(ActionSheet).where(ActionSheet.created_by == telegram_id))).all()
        return {
            "fiches_creees": [{"fiche": s.id, "enjeu": s.enjeu, "edition": s.edition} for s in created],
            "reponses": [{"fiche": a.sheet_id, "champ": a.field, "valeur": a.value} for a in answers],
            "pieces_jointes": [
                {"fiche": f.sheet_id, "type": f.kind, "nom": f.file_name, "legende": f.caption} for f in files
            ],
        }

    async def detach_person(self, telegram_id: int) -> int:
        """Erase the link between a person and the sheets: the sheets stay with the collectivity
        (they are its work), the person's id is replaced by 0 everywhere, their files removed."""
        count = 0
        for model, column in (
            (ActionSheet, ActionSheet.created_by),
            (ActionSheet, ActionSheet.updated_by),
            (ActionSheet, ActionSheet.submitted_by),
            (SheetAnswer, SheetAnswer.updated_by),
            (SheetComment, SheetComment.author_telegram_id),
        ):
            count += await changed_rows(
                self.session,
                update(model)
                .where(column == telegram_id)
                .values({column.key: 0})
                .execution_options(synchronize_session=False),
            )
        files = (
            await self.session.scalars(select(SheetAttachment).where(SheetAttachment.added_by == telegram_id))
        ).all()
        for file in files:
            await self.session.delete(file)
        private = (
            await self.session.scalars(select(ActionSheet).where(ActionSheet.owner_telegram_id == telegram_id))
        ).all()
        for sheet in private:  # drafts only they could see: nobody else has a claim on them
            await self.session.delete(sheet)
        count += len(private)
        return count + len(files)
