"""The sheets' section of « mes données » (/mesdonnees, /effacer).

Sheets belong to the collectivity, not to the person: erasing someone's data removes their
name from the sheets (author ids replaced by 0) and the files they sent, and keeps the
collectivity's texts, which its other members and the jury still need. Those members are told,
through the outbox, which sheet lost files, with a button to open it and send them again.
"""

from __future__ import annotations

from typing import Any

from handlers.core.context import Context
from handlers.core.french import plural
from handlers.core.keyboards import encode
from handlers.core.notices import staff_chat_ids
from handlers.core.personal_data import DataSection
from handlers.core.ui import btn, esc
from handlers.sheets import display
from handlers.sheets import texts as t
from handlers.sheets.router import DOSSIER
from storage.models import ActionSheet, Collectivity
from storage.repositories import OutboxRepository
from storage.repositories.memberships import MembershipRepository
from storage.repositories.sheets_personal import SheetsPersonalData


async def export_sheets(ctx: Context) -> dict[str, Any]:
    return await SheetsPersonalData(ctx.session).contributions_of(ctx.person.telegram_id)


async def erase_sheets(ctx: Context) -> None:
    repo = SheetsPersonalData(ctx.session)
    losing = await repo.shared_sheets_with_files_of(ctx.person.telegram_id)
    await repo.detach_person(ctx.person.telegram_id)
    await _tell_co_members(ctx, losing)


async def _tell_co_members(ctx: Context, losing: list[tuple[ActionSheet, int]]) -> None:
    """The members of each dossier are told which sheet lost files, so they can send them again."""
    outbox = OutboxRepository(ctx.session)
    members = MembershipRepository(ctx.session)
    for sheet, count in losing:
        what = plural(count, "pièce jointe", "pièces jointes")
        sent = "l'avait envoyée" if count == 1 else "les avait envoyées"
        names = {"what": what, "sent": sent, "title": esc(display.title(sheet))}
        lost = t.FILES_LEFT_WITH_PERSON.format(**names, where="")
        text = f"{lost} {t.FILES_LEFT_ADD_AGAIN if sheet.editable else t.FILES_LEFT_STAFF_TOLD}"
        if not sheet.editable:  # in review or validated: the team judging it is told too, with the collectivity
            collectivity = await ctx.session.get(Collectivity, sheet.collectivity_id)
            where = f" ({esc(collectivity.name)})" if collectivity is not None else ""
            for_staff = t.FILES_LEFT_WITH_PERSON.format(**names, where=where)
            for staff_id in await staff_chat_ids(ctx):
                if staff_id != ctx.person.telegram_id:
                    await outbox.schedule(staff_id, for_staff, kind="membership", send_after=ctx.now)
        for chat_id in await members.member_telegram_ids(sheet.collectivity_id):
            if chat_id == ctx.person.telegram_id:
                continue
            await outbox.schedule(
                chat_id,
                text,
                kind="membership",
                send_after=ctx.now,
                buttons=encode([[btn(t.OPEN_SHEET, f"{DOSSIER}:o:{sheet.id}")]]),
                # no key naming the person: nothing of theirs may stay (a retried transaction queues nothing twice)
                member_of=sheet.collectivity_id,
            )


SECTION = DataSection(
    "fiches_actions",
    kept="Vos réponses et les fichiers que vous avez joints aux fiches actions de votre collectivité, "
    "avec votre identifiant : pour savoir qui a écrit quoi quand plusieurs personnes remplissent une fiche. "
    "Si vous effacez vos données, les textes restent à votre collectivité, sans votre nom, "
    "et vos fichiers sont retirés.",
    export=export_sheets,
    erase=erase_sheets,
    columns=(
        "action_sheets.created_by",
        "action_sheets.updated_by",
        "action_sheets.submitted_by",
        "action_sheets.owner_telegram_id",
        "sheet_answers.updated_by",
        "sheet_attachments.added_by",
        "sheet_comments.author_telegram_id",
    ),
    order=40,
)
