"""Leaving a sheet for something else keeps it, and says so; the main menu offers to resume
the person's last unfinished draft."""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.events import Button, SendText
from handlers.core.router import Replies
from handlers.core.ui import btn, esc, shorten
from handlers.sheets import access, authors, display, dossier_nav, questions
from handlers.sheets import texts as t
from handlers.sheets.router import DOSSIER, FLOW, router
from storage.models import SheetStatus
from storage.repositories.dossier_scope import DossierScope


def resume_button(ctx: Context, sheet) -> Button:
    label = t.RESUME_BUTTON.format(
        title=shorten(display.title(sheet), 28), where=display.where(sheet, access.form(ctx))
    )
    return btn(label, f"{DOSSIER}:o:{sheet.id}")


@router.leave(FLOW)
async def sheet_left(ctx: Context) -> Replies:
    sheet = await access.current_sheet(ctx)
    if sheet is not None:
        await questions.keep_ticks(ctx, sheet)
    if sheet is not None and not sheet.answers and not sheet.attachments:  # never started: nothing to keep
        await access.sheets(ctx).forget_untouched(DossierScope.of(sheet), by=ctx.person.telegram_id)
        return []
    if sheet is None or not sheet.editable:
        return []
    where = display.where(sheet, access.form(ctx))
    text = t.LEFT_DRAFT.format(title=esc(display.title(sheet)), where=where)
    return [SendText(text, [[resume_button(ctx, sheet)]])]


@router.menu_entry()
async def resume_offer(ctx: Context) -> list[Button]:
    """« ▶️ Reprendre « Portail famille » (question 4/8) »: a sheet to correct (whoever wrote it: staff
    asked the collectivity), else the person's own latest draft."""
    if await access.scope(ctx) is None:
        return []
    unfinished = dossier_nav.unfinished(ctx, await dossier_nav.dossier_sheets(ctx))
    to_correct = [s for s in unfinished if s.status == SheetStatus.A_CORRIGER]
    mine = [s for s in unfinished if authors.last_written(s)[0] == ctx.person.telegram_id]
    offered = (to_correct or mine)[:1]
    return [resume_button(ctx, offered[0])] if offered else []
