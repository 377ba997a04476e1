"""A person's part in the action sheets, for « mes données »: what they wrote or sent (export)
and erasure, which keeps the sheets with the collectivity (they are its work) without the
person's id, and removes their files and the private drafts only they could see."""

from __future__ import annotations

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.sheets import ActionSheet, SheetAnswer, SheetAttachment, SheetComment
from storage.repositories._rowcount import changed_rows


class SheetsPersonalData:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def contributions_of(self, telegram_id: int) -> dict[str, list[dict]]:
        """What this person wrote, sent, submitted or commented in any sheet (for « mes données »).
        Comments are listed with their text and kind only: a staff member's internal note is
        theirs to read, a resubmission mark is the member's own."""
        answers = (await self.session.scalars(select(SheetAnswer).where(SheetAnswer.updated_by == telegram_id))).all()
        files = (
            await self.session.scalars(select(SheetAttachment).where(SheetAttachment.added_by == telegram_id))
        ).all()
        sheets = (
            await self.session.scalars(
                select(ActionSheet)
                .where(
                    or_(
                        ActionSheet.created_by == telegram_id,
                        ActionSheet.updated_by == telegram_id,
                        ActionSheet.submitted_by == telegram_id,
                    )
                )
                .order_by(ActionSheet.id)
            )
        ).all()
        comments = (
            await self.session.scalars(
                select(SheetComment).where(SheetComment.author_telegram_id == telegram_id).order_by(SheetComment.id)
            )
        ).all()

        def listed(sheet: ActionSheet) -> dict:
            return {"fiche": sheet.id, "enjeu": sheet.enjeu, "edition": sheet.edition}

        return {
            "fiches_creees": [
                {**listed(s), "brouillon_prive": s.owner_telegram_id is not None}
                for s in sheets
                if s.created_by == telegram_id
            ],
            "fiches_soumises": [
                {**listed(s), "le": s.submitted_at.isoformat() if s.submitted_at else None}
                for s in sheets
                if s.submitted_by == telegram_id
            ],
            "fiches_modifiees_en_dernier": [listed(s) for s in sheets if s.updated_by == telegram_id],
            "reponses": [{"fiche": a.sheet_id, "champ": a.field, "valeur": a.value} for a in answers],
            "pieces_jointes": [
                {"fiche": f.sheet_id, "type": f.kind, "nom": f.file_name, "legende": f.caption} for f in files
            ],
            "commentaires": [
                {
                    "fiche": c.sheet_id,
                    "type": c.kind,
                    "motif": c.reason or None,
                    "texte": c.text or None,
                    "le": c.created_at.isoformat(),
                }
                for c in comments
            ],
        }

    async def shared_sheets_with_files_of(self, telegram_id: int) -> list[tuple[ActionSheet, int]]:
        """The collectivities' sheets (not private drafts) holding files this person sent, with
        how many: what their co-members lose when the person's data is erased."""
        rows = await self.session.execute(
            select(ActionSheet, func.count(SheetAttachment.id))
            .join(SheetAttachment, SheetAttachment.sheet_id == ActionSheet.id)
            .where(SheetAttachment.added_by == telegram_id, ActionSheet.owner_telegram_id.is_(None))
            .group_by(ActionSheet.id)
            .order_by(ActionSheet.id)
        )
        return [(sheet, count) for sheet, count in rows]

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
