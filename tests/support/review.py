"""Helpers for the review tests: a submitted sheet written straight through the repository (the
collection itself is tested by the sheets feature), and what a staff member or member sees."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditEntry, SheetComment
from storage.repositories.sheet_files import SheetFilesRepository
from storage.repositories.sheets import SheetsRepository
from tests.support.sheets import join

ANSWERS = {
    "titre": "Portail famille",
    "synthese": "Les familles inscrivent leurs enfants à la cantine en ligne.",
    "niveau": "En cours",
    "date_debut": "2025-09",
    "lien": "https://www.albi.fr/famille",
}


async def submitted_sheet(
    app,
    member: int,
    *,
    code: str = "81004",
    town: str = "Albi",
    enjeu: str = "education",
    answers: dict[str, str] | None = None,
    attachments: bool = False,
    submit: bool = True,
) -> int:
    """A complete sheet of `member`'s collectivity (created if needed), submitted now."""
    collectivity = await join(app.sessions, member, code=code, town=town, name=f"Membre {member}")
    now = app.services.clock()
    async with app.sessions() as session, session.begin():
        repo = SheetsRepository(session)
        sheet = await repo.create(collectivity, app.content.edition.year, enjeu, by=member, now=now)
        await session.refresh(sheet, ["answers", "attachments"])
        service = app.content.matrix.get(enjeu).services[0]
        await repo.toggle_service(collectivity, sheet.id, service, by=member, now=now)
        for field, value in {**ANSWERS, **(answers or {})}.items():
            await repo.save_answer(collectivity, sheet.id, field, value, seen_version=0, by=member, now=now)
        if attachments:
            await SheetFilesRepository(session).add_attachment(
                collectivity, sheet.id, kind="photo", file_id="PHOTO-1", caption="Lancement", by=member, now=now
            )
            await SheetFilesRepository(session).add_attachment(
                collectivity,
                sheet.id,
                kind="document",
                file_id="DOC-1",
                file_name="bilan.pdf",
                mime_type="application/pdf",
                by=member,
                now=now,
            )
        sheet.position = len(app.content.form)
        if submit:
            assert await repo.submit(collectivity, sheet.id, by=member, now=now)
        return sheet.id


async def comments(app, sheet_id: int) -> list[SheetComment]:
    async with app.sessions() as session:
        return list(await SheetsRepository(session).comments(sheet_id))


async def audit_actions(app) -> list[tuple[int, str, str]]:
    async with app.sessions() as session:
        rows = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
        return [(r.actor_telegram_id, r.action, r.target) for r in rows]
