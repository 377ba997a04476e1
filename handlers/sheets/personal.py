"""The sheets' section of « mes données » (/mesdonnees, /effacer).

Sheets belong to the collectivity, not to the person: erasing someone's data removes their
name from the sheets (author ids replaced by 0) and the files they sent, and keeps the
collectivity's texts, which its other members and the jury still need.
"""

from __future__ import annotations

from typing import Any

from handlers.core.context import Context
from handlers.core.personal_data import DataSection
from storage.repositories.sheets_personal import SheetsPersonalData


async def export_sheets(ctx: Context) -> dict[str, Any]:
    return await SheetsPersonalData(ctx.session).contributions_of(ctx.person.telegram_id)


async def erase_sheets(ctx: Context) -> None:
    await SheetsPersonalData(ctx.session).detach_person(ctx.person.telegram_id)


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
