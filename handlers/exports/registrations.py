"""Attendee lists of the webinar sessions, as CSV that French Excel opens as is (UTF-8 with
BOM, `;` separator, CRLF) and as XLSX (openpyxl). Used by /inscrits and `arobase export
inscriptions`. User text never becomes an Excel formula: quoted in CSV, typed text in XLSX.
"""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.content.sessions import WebinarCatalogue
from handlers.exports.excel import Export, csv_for_excel
from handlers.texts import ROLE_LABELS
from storage.models.webinar import RegistrationStatus
from storage.repositories import WebinarRepository

HEADER = (
    "Séance", "Titre", "Date", "Statut", "Nom", "Fonction", "E-mail",
    "Collectivité", "Code INSEE/SIREN", "Département", "Inscrit·e le",
)
ERASED = "(données effacées)"


async def attendee_rows(session: AsyncSession, catalogue: WebinarCatalogue, session_id: str | None = None) -> list[list[str]]:
    zone = catalogue.zone
    rows: list[list[str]] = []
    for attendee in await WebinarRepository(session).attendees(session_id):
        registration, person, collectivity = attendee.registration, attendee.person, attendee.collectivity
        webinar = catalogue.get(registration.session_id)
        status = "Inscrit·e" if registration.status == RegistrationStatus.REGISTERED else "Liste d'attente"
        rows.append([
            registration.session_id,
            webinar.title if webinar else "(séance retirée)",
            webinar.start.astimezone(zone).strftime("%d/%m/%Y %H:%M") if webinar else "",
            status,
            person.profile_name if person else ERASED,
            ROLE_LABELS.get(person.role or "", "") if person else "",
            person.email if person else "",
            collectivity.name if collectivity else "",
            collectivity.code if collectivity else "",
            collectivity.department if collectivity else "",
            registration.created_at.astimezone(zone).strftime("%d/%m/%Y %H:%M"),
        ])
    return rows


def to_csv(rows: list[list[str]]) -> bytes:
    return csv_for_excel(HEADER, rows)


def to_xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Inscriptions"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # text, never a formula (a name may start with « = »)
    widths = [max(len(str(v)) for v in column) for column in zip(HEADER, *rows)] if rows else [len(h) for h in HEADER]
    for index, width in enumerate(widths):
        sheet.column_dimensions[sheet.cell(row=1, column=index + 1).column_letter].width = min(50, width + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def export_registrations(
    session: AsyncSession, catalogue: WebinarCatalogue, *, fmt: str, session_id: str | None, now: datetime
) -> Export:
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"unknown export format {fmt!r}")
    rows = await attendee_rows(session, catalogue, session_id)
    stem = f"inscriptions-{session_id or 'toutes'}-{now.astimezone(catalogue.zone):%Y%m%d-%H%M}"
    if fmt == "csv":
        return Export(f"{stem}.csv", to_csv(rows), "text/csv", len(rows))
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Export(f"{stem}.xlsx", to_xlsx(rows), xlsx, len(rows))
