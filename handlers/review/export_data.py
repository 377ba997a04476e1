"""The rows of the staff sheet exports (/export_fiches, `arobase export fiches`): one per sheet,
drafts included, with its collectivity, enjeu, status, services, every answer of the form,
attachments and the last correction request the collectivity received. Internal notes are
never exported. The files themselves are written by `handlers.exports.sheets_table`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.content.form import Form
from handlers.content.matrix import Matrix
from handlers.exports.excel import Export
from handlers.exports.sheets_table import FORMATS, MIME_TYPES, TableValue, to_csv, to_json, to_xlsx
from handlers.profile.fields import ERASED_PERSON, role_label, signature
from handlers.sheets import display
from storage.models import ActionSheet, Collectivity, Person, SheetComment
from storage.repositories.review import ReviewRepository, export_key
from storage.repositories.sheets import SERVICES_FIELD, decode_list

STATUS_NAMES = {"brouillon": "Brouillon", "soumise": "Soumise", "a_corriger": "À corriger", "validee": "Validée"}
# Sheets read per query. The ORM builds their objects in the event loop's thread: 250 a slice
# held every other user's reply up to ~200 ms; 50 is ~40 ms, for about a second more in all.
SLICE = 50


@dataclass(frozen=True)
class ExportedSheet:
    sheet: ActionSheet
    collectivity: Collectivity | None
    correction: SheetComment | None
    authors: dict[int, Person]  # Telegram id -> person, for who created, edited and submitted it

    def author(self, telegram_id: int | None) -> str:
        if telegram_id is None:
            return ""
        return signature(self.authors.get(telegram_id))

    def author_record(self, telegram_id: int | None) -> dict[str, str] | None:
        person = self.authors.get(telegram_id) if telegram_id is not None else None
        if telegram_id is None:
            return None
        if person is None or not (person.profile_name or person.first_name):
            return {"nom": ERASED_PERSON, "fonction": "", "email": ""}
        return {
            "nom": person.profile_name or person.display_name,
            "fonction": role_label(person),
            "email": person.email,
        }


def header(form: Form) -> list[str]:
    return [
        "N°",
        "Édition",
        "Collectivité",
        "Code INSEE/SIREN",
        "Département",
        "Enjeu",
        "Statut",
        "Services",
        *(q.label for q in form.questions),
        "Pièces jointes",
        "Créée le",
        "Soumise le",
        "Validée le",
        "Mise à jour le",
        "Créée par",
        "Modifiée en dernier par",
        "Soumise par",
        "Motif de la dernière correction",
        "Commentaire de la dernière correction",
    ]


def _attachments(sheet: ActionSheet) -> str:
    return ", ".join(
        (f"photo « {a.caption} »" if a.caption else "photo")
        if a.kind == "photo"
        else f"document « {a.file_name or 'sans nom'} »"
        for a in sheet.attachments
    )


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d/%m/%Y %H:%M") if moment is not None else ""


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def table_row(item: ExportedSheet, matrix: Matrix, form: Form, zone: ZoneInfo) -> list[TableValue]:
    sheet, place, correction = item.sheet, item.collectivity, item.correction
    enjeu = matrix.get(sheet.enjeu)
    return [
        sheet.id,
        sheet.edition,
        place.name if place else "",
        place.code if place else "",
        place.department if place else "",
        enjeu.name if enjeu else sheet.enjeu,
        STATUS_NAMES.get(sheet.status, sheet.status),
        ", ".join(display.services(sheet)),
        *(display.plain_value(q, sheet.value(q.key)) for q in form.questions),
        _attachments(sheet),
        _local(sheet.created_at, zone),
        _local(sheet.submitted_at, zone),
        _local(sheet.validated_at, zone),
        _local(sheet.updated_at, zone),
        item.author(sheet.created_by),
        item.author(sheet.updated_by),
        item.author(sheet.submitted_by),
        correction.reason if correction else "",
        correction.text if correction else "",
    ]


def json_record(item: ExportedSheet, matrix: Matrix, form: Form) -> dict[str, Any]:
    sheet, place, correction = item.sheet, item.collectivity, item.correction
    enjeu = matrix.get(sheet.enjeu)
    answers: dict[str, Any] = {}
    for answer in sheet.answers:
        if answer.field == SERVICES_FIELD:
            continue
        question = form.get(answer.field)
        multiple = question is not None and question.type == "choix_multiples"
        answers[answer.field] = decode_list(answer.value) if multiple else answer.value
    return {
        "id": sheet.id,
        "edition": sheet.edition,
        "collectivite": {
            "nom": place.name,
            "code": place.code,
            "type": place.kind,
            "departement": place.department,
        }
        if place
        else None,
        "enjeu": {"code": sheet.enjeu, "nom": enjeu.name if enjeu else sheet.enjeu},
        "statut": sheet.status,
        "services": display.services(sheet),
        "reponses": answers,
        "pieces_jointes": [
            {"type": a.kind, "nom": a.file_name, "mime": a.mime_type, "legende": a.caption, "file_id": a.file_id}
            for a in sheet.attachments
        ],
        "cree_le": _iso(sheet.created_at),
        "soumise_le": _iso(sheet.submitted_at),
        "validee_le": _iso(sheet.validated_at),
        "mise_a_jour_le": _iso(sheet.updated_at),
        "creee_par": item.author_record(sheet.created_by),
        "modifiee_par": item.author_record(sheet.updated_by),
        "soumise_par": item.author_record(sheet.submitted_by),
        "derniere_correction": {
            "motif": correction.reason,
            "commentaire": correction.text,
            "le": _iso(correction.created_at),
        }
        if correction
        else None,
    }


async def exported_slices(session: AsyncSession, edition: int | None) -> AsyncIterator[list[ExportedSheet]]:
    """The sheets a slice at a time, giving the event loop back in between: reading thousands
    of sheets at once would hold up every other user's reply for a noticeable moment."""
    repo = ReviewRepository(session)
    after: tuple[str, int] | None = None
    while True:
        pairs = await repo.sheets_for_export(edition, after=after, limit=SLICE)
        if not pairs:
            return
        after = export_key(*pairs[-1])
        corrections = await repo.last_visible_corrections([sheet.id for sheet, _ in pairs])
        authors = await repo.people(
            [i for sheet, _ in pairs for i in (sheet.created_by, sheet.updated_by, sheet.submitted_by) if i]
        )
        yield [ExportedSheet(sheet, place, corrections.get(sheet.id), authors) for sheet, place in pairs]
        await asyncio.sleep(0)


async def export_sheets(
    session: AsyncSession, matrix: Matrix, form: Form, *, edition: int | None, fmt: str, now: datetime, zone: ZoneInfo
) -> Export:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    records: list[dict[str, Any]] = []
    rows: list[list[TableValue]] = []
    async for items in exported_slices(session, edition):
        if fmt == "json":
            records += [json_record(item, matrix, form) for item in items]
        else:
            rows += [table_row(item, matrix, form, zone) for item in items]
    stem = f"fiches-actions-{edition or 'toutes'}-{now.astimezone(zone):%Y%m%d-%H%M}"
    # Writing the file (seconds for thousands of sheets in XLSX) runs in a thread so the bot
    # keeps answering everyone meanwhile.
    if fmt == "json":
        content = await asyncio.to_thread(to_json, records, edition, now)
    elif fmt == "csv":
        content = await asyncio.to_thread(to_csv, header(form), rows)
    else:
        content = await asyncio.to_thread(to_xlsx, header(form), rows, f"Fiches actions {edition or ''}".strip())
    return Export(f"{stem}.{fmt}", content, MIME_TYPES[fmt], len(records) + len(rows))
