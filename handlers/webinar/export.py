"""The attendee lists of /inscrits and `arobase export inscriptions`: one row per registered
or waiting person, with their profile; written as CSV or XLSX by `handlers.exports.registrations`."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.content.sessions import WebinarCatalogue
from handlers.core.texts import ROLE_LABELS
from handlers.exports.excel import Export
from handlers.exports.registrations import to_csv, to_xlsx
from storage.models.webinar import RegistrationStatus
from storage.repositories import WebinarRepository

ERASED = "(données effacées)"


async def attendee_rows(
    session: AsyncSession, catalogue: WebinarCatalogue, session_id: str | None = None
) -> list[list[str]]:
    zone = catalogue.zone
    rows: list[list[str]] = []
    for attendee in await WebinarRepository(session).attendees(session_id):
        registration, person, collectivity = attendee.registration, attendee.person, attendee.collectivity
        webinar = catalogue.get(registration.session_id)
        status = "Inscrit·e" if registration.status == RegistrationStatus.REGISTERED else "Liste d'attente"
        rows.append(
            [
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
            ]
        )
    return rows


async def export_registrations(
    session: AsyncSession, catalogue: WebinarCatalogue, *, fmt: str, session_id: str | None, now: datetime
) -> Export:
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"unknown export format {fmt!r}")
    rows = await attendee_rows(session, catalogue, session_id)
    stem = f"inscriptions-{session_id or 'toutes'}-{now.astimezone(catalogue.zone):%Y%m%d-%H%M}"
    # Rendering in a thread: the loop keeps answering the others meanwhile (an XLSX of 2,000 rows: ~1 s).
    if fmt == "csv":
        return Export(f"{stem}.csv", await asyncio.to_thread(to_csv, rows), "text/csv", len(rows))
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Export(f"{stem}.xlsx", await asyncio.to_thread(to_xlsx, rows), xlsx, len(rows))
