"""« Voir ma mosaïque » (PNG) and « Exporter mon dossier » (PDF and XLSX): gather the
collectivity's sheets as plain texts and hand them to the renderers in handlers/exports."""

from __future__ import annotations

import asyncio
import re
import unicodedata

from handlers.core.context import Context
from handlers.core.events import SendDocument, SendPhoto, SendText
from handlers.core.french import plural
from handlers.core.router import Replies
from handlers.exports.sheets_mosaic import MosaicTile, render_mosaic
from handlers.exports.sheets_pdf import EnjeuSection, SheetRecord, render_pdf
from handlers.exports.sheets_xlsx import render_xlsx
from handlers.profile.fields import signature
from handlers.sheets import access, card, display, dossier_nav
from handlers.sheets import texts as t
from handlers.sheets.tally import covered, tally
from storage.models import ActionSheet
from storage.repositories.review import ReviewRepository

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")[:40] or "collectivite"


def _status(sheet: ActionSheet) -> str:
    return t.STATUS_LABELS.get(sheet.status, sheet.status).split(" ", 1)[-1]


def _attachments(sheet: ActionSheet) -> list[str]:
    return [
        (f"photo « {a.caption} »" if a.caption else "photo")
        if a.kind == "photo"
        else f"document « {a.file_name or 'sans nom'} »"
        for a in sheet.attachments
    ]


def authors_line(created: str, edited: str, submitted: str) -> str:
    line = f"Créée par {created} · modifiée en dernier par {edited}"
    return line + (f" · soumise par {submitted}" if submitted else "")


def _local(ctx: Context, moment) -> str:
    return moment.astimezone(ctx.services.timezone).strftime("%d/%m/%Y")


async def send_mosaic(ctx: Context) -> Replies:
    sheets = await dossier_nav.dossier_sheets(ctx)
    tiles = tally(access.matrix(ctx), sheets)
    name = await dossier_nav.collectivity_name(ctx)
    if not (await access.access_of(ctx)).active:
        name = f"{name} — vos brouillons"
    counts = f"{plural(len(sheets), 'fiche', 'fiches')} · enjeux couverts : {covered(tiles)} sur {len(tiles)}"
    plain = [MosaicTile(tile.enjeu.name, tile.sheets, tile.drafts, tile.enjeu.awaiting_confirmation) for tile in tiles]
    picture = await asyncio.to_thread(render_mosaic, plain, name, access.edition(ctx), counts)  # CPU: loop free
    caption = t.MOSAIC_CAPTION.format(
        edition=access.edition(ctx),
        sheets=plural(len(sheets), "fiche", "fiches"),
        covered=covered(tiles),
        total=len(tiles),
    )
    if not (await access.access_of(ctx)).active:  # the person's own drafts, not the dossier's mosaic
        caption = t.PRIVATE_MOSAIC_CAPTION.format(
            edition=access.edition(ctx), sheets=plural(len(sheets), "brouillon", "brouillons")
        )
    return [SendPhoto(picture, caption=caption, filename=f"mosaique-{_slug(name)}.png")]


async def send_exports(ctx: Context) -> Replies:
    sheets = await dossier_nav.dossier_sheets(ctx)
    if not sheets:
        return [SendText(t.EXPORT_EMPTY)]
    people = await ReviewRepository(ctx.session).people(
        [i for s in sheets for i in (s.created_by, s.updated_by, s.submitted_by) if i]
    )

    def who(telegram_id: int | None) -> str:
        return signature(people.get(telegram_id)) if telegram_id is not None else ""

    matrix, form, edition = access.matrix(ctx), access.form(ctx), access.edition(ctx)
    name = await dossier_nav.collectivity_name(ctx)
    tiles = tally(matrix, sheets)
    sections, rows = [], []
    for enjeu in matrix.enjeux:
        mine = [s for s in sheets if s.enjeu == enjeu.code]
        records = []
        for sheet in mine:
            values = [display.plain_value(q, sheet.value(q.key)) for q in form.questions]
            records.append(
                SheetRecord(
                    title=display.title(sheet),
                    status=_status(sheet),
                    services=", ".join(display.services(sheet)),
                    fields=[(q.label, v) for q, v in zip(form.questions, values) if q.key != "titre"],  # title heads it
                    attachments=_attachments(sheet),
                    updated=_local(ctx, sheet.updated_at),
                    authors=authors_line(who(sheet.created_by), who(sheet.updated_by), who(sheet.submitted_by)),
                )
            )
            rows.append(
                [
                    enjeu.name,
                    display.title(sheet),
                    _status(sheet),
                    ", ".join(display.services(sheet)),
                    *values,
                    ", ".join(_attachments(sheet)),
                    _local(ctx, sheet.updated_at),
                    who(sheet.created_by),
                    who(sheet.updated_by),
                    who(sheet.submitted_by),
                ]
            )
        if records:
            sections.append(EnjeuSection(enjeu.name, records))
    counts = f"{plural(len(sheets), 'fiche', 'fiches')}, enjeux couverts : {covered(tiles)} sur {len(tiles)}"
    now = ctx.now.astimezone(ctx.services.timezone)
    notes = card.provisional_items(ctx)
    # Rendering is CPU-bound (a second for a large dossier): in a thread, the other people are not kept waiting.
    pdf = await asyncio.to_thread(render_pdf, name, edition, sections, counts, now, notes)
    xlsx = await asyncio.to_thread(
        render_xlsx,
        f"Fiches actions {edition} — {name}",
        [q.label for q in form.questions],
        rows,
        [(tile.enjeu.name, tile.sheets, tile.drafts) for tile in tiles],
        notes,
    )
    stem = f"fiches-actions-{edition}-{_slug(name)}"
    return [
        SendText(t.EXPORT_DONE),
        SendDocument(f"{stem}.pdf", pdf, mime_type="application/pdf"),
        SendDocument(f"{stem}.xlsx", xlsx, mime_type=XLSX_MIME),
    ]
