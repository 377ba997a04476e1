"""/export_fiches (staff): every sheet of the current edition as CSV (Excel), XLSX or JSON,
sent as a document in the chat. `/export_fiches csv` skips the question."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.core.context import Context
from handlers.core.events import AfterCommit, SendDocument, SendText
from handlers.core.french import plural
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, esc, split_data
from handlers.exports.sheets_table import FORMATS
from handlers.review import access
from handlers.review import texts as t
from handlers.review.export_data import export_sheets
from handlers.review.router import EXPORT, router
from handlers.sheets import access as sheet_content
from handlers.sheets.card import provisional_items

FORMAT_NAMES = {"csv": "CSV", "xlsx": "Excel", "json": "JSON"}


@router.command("export_fiches", description="Exporter les fiches actions", staff=True)
async def export_command(ctx: Context) -> Replies:
    fmt = ctx.event.args.strip().lower()
    if fmt in FORMATS:
        return await send_export(ctx, fmt)
    edition = access.edition(ctx)
    count = await access.review(ctx).count_for_export(edition)
    if not count:
        return [SendText(t.EXPORT_EMPTY.format(edition=edition))]
    rows = [
        [btn(t.EXPORT_CSV, f"{EXPORT}:csv"), btn(t.EXPORT_XLSX, f"{EXPORT}:xlsx"), btn(t.EXPORT_JSON, f"{EXPORT}:json")]
    ]
    return [SendText(t.EXPORT_ASK.format(edition=edition, count=plural(count, "fiche")), rows)]


@router.callback(EXPORT)
async def export_button(ctx: Context) -> Replies:
    access.require_staff(ctx)
    _, fmt = split_data(ctx.event.callback_data, 2)
    if fmt not in FORMATS:
        raise StaleButton(ctx.event.callback_data)
    return await send_export(ctx, fmt)


async def send_export(ctx: Context, fmt: str) -> Replies:
    """The file is written once the update is committed, with a session of its own: thousands of
    sheets take seconds, and on SQLite the update's transaction would hold every other person's."""
    edition = access.edition(ctx)
    count = await access.review(ctx).count_for_export(edition)
    if not count:
        return [SendText(t.EXPORT_EMPTY.format(edition=edition))]
    ctx.audit.log(ctx.person.telegram_id, "sheets_exported", f"edition:{edition}", format=fmt, rows=count)
    matrix, form, now, zone = sheet_content.matrix(ctx), sheet_content.form(ctx), ctx.now, ctx.services.timezone
    provisional = provisional_items(ctx)

    async def write_file(session: AsyncSession) -> Replies:
        export = await export_sheets(session, matrix, form, edition=edition, fmt=fmt, now=now, zone=zone)
        if not export.rows:
            return [SendText(t.EXPORT_EMPTY.format(edition=edition))]
        caption = t.EXPORT_CAPTION.format(count=plural(export.rows, "fiche"), edition=edition)
        if provisional:
            caption += " " + t.EXPORT_PROVISIONAL.format(what=esc(" ; ".join(provisional)))
        return [SendDocument(export.filename, export.content, caption, export.mime_type)]

    preparing = t.EXPORT_PREPARING.format(count=plural(count, "fiche"), fmt=FORMAT_NAMES[fmt])
    return [SendText(preparing), AfterCommit(write_file)]
