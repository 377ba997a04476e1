"""A sheet's photos and documents: attached while it is filled, taken off from its card. Only
an editable sheet of the dossier the person reaches (`DossierScope`) is changed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.sheets import ActionSheet, SheetAttachment
from storage.repositories.dossier_scope import Reach
from storage.repositories.sheets import NotEditable, SheetsRepository


class SheetFilesRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_attachment(
        self,
        reach: Reach,
        sheet_id: int,
        *,
        kind: str,
        file_id: str,
        file_name: str = "",
        mime_type: str = "",
        caption: str = "",
        by: int,
        now: datetime,
    ) -> SheetAttachment | NotEditable | None:
        sheet = await SheetsRepository(self.session).editable(reach, sheet_id)
        if not isinstance(sheet, ActionSheet):
            return sheet
        attachment = SheetAttachment(
            kind=kind,
            file_id=file_id[:256],
            file_name=file_name[:256],
            mime_type=mime_type[:128],
            caption=caption[:1024],
            added_by=by,
            created_at=now,
        )
        sheet.attachments.append(attachment)
        sheet.updated_by, sheet.updated_at = by, now
        await self.session.flush()
        return attachment

    async def remove_attachment(
        self, reach: Reach, sheet_id: int, attachment_id: int, *, by: int, now: datetime
    ) -> SheetAttachment | NotEditable | None:
        """Take a photo or document off the sheet (None: no such file on a sheet in `reach`)."""
        sheet = await SheetsRepository(self.session).editable(reach, sheet_id)
        if not isinstance(sheet, ActionSheet):
            return sheet
        attachment = next((a for a in sheet.attachments if a.id == attachment_id), None)
        if attachment is None:
            return None
        sheet.attachments.remove(attachment)  # deleted at the flush (delete-orphan)
        sheet.updated_by, sheet.updated_at = by, now
        await self.session.flush()
        return attachment
