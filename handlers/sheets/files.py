"""A sheet's attachments screen: each photo or document with a button that takes it off the sheet.

Opened from the summary card (« 📎 Pièces jointes (2) »). A removal is done at once and told (the
file can be sent again); the screen then lists what is left, or goes back to the card when
nothing is left. Any member of the dossier may remove any of its files, as they may edit any answer.
"""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.events import SendText
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, esc, int_arg, shorten
from handlers.sheets import access, ask, card, display
from handlers.sheets import texts as t
from handlers.sheets.router import FILES, Step, router
from storage.models import ActionSheet
from storage.repositories.dossier_scope import DossierScope
from storage.repositories.sheet_files import SheetFilesRepository
from storage.repositories.sheets import NotEditable


@router.callback(FILES)
async def files_button(ctx: Context) -> Replies:
    parts, sheet = await access.flow_button(ctx, Step.SUMMARY, Step.FILES)
    if sheet is None:
        return ask.sheet_gone(ctx)
    if not sheet.editable:
        return ask.sheet_gone(ctx, locked=True)
    action = parts[1]
    if action == "l" and len(parts) == 3:
        return show_files(ctx, sheet)
    if ctx.step == Step.FILES and action == "b" and len(parts) == 3:
        return await card.show_summary(ctx, sheet)
    if ctx.step == Step.FILES and action == "r" and len(parts) == 4:
        return await remove(ctx, sheet, int_arg(parts[3]))
    raise StaleButton(ctx.event.callback_data)


async def remove(ctx: Context, sheet: ActionSheet, attachment_id: int) -> Replies:
    removed = await SheetFilesRepository(ctx.session).remove_attachment(
        DossierScope.of(sheet), sheet.id, attachment_id, by=ctx.person.telegram_id, now=ctx.now
    )
    if isinstance(removed, NotEditable):
        return ask.sheet_gone(ctx, locked=True)
    if removed is None:  # a colleague removed it first, or a forged id
        raise StaleButton(ctx.event.callback_data)
    done = t.FILE_REMOVED.format(what=esc(display.attachment_label(removed)))
    if not sheet.attachments:
        return await card.show_summary(ctx, sheet, done)
    return show_files(ctx, sheet, done)


def show_files(ctx: Context, sheet: ActionSheet, ack: str = "") -> Replies:
    """The list of the sheet's files (also shown again after an unexpected input)."""
    if not sheet.attachments:
        raise StaleButton("no attachment left")
    ctx.goto(Step.FILES)
    tok = ctx.token
    labels = [display.attachment_label(a) for a in sheet.attachments]
    lines = [t.FILES_TITLE.format(title=esc(display.title(sheet)))]
    lines += [f"{n}. {esc(label)}" for n, label in enumerate(labels, 1)]
    lines += ["", t.FILES_HINT]
    rows = [
        [btn(t.FILE_REMOVE.format(what=f"{n}. {shorten(label, 40)}"), f"{FILES}:r:{tok}:{a.id}")]
        for n, (a, label) in enumerate(zip(sheet.attachments, labels), 1)
    ]
    rows.append([btn(t.BACK_TO_SUMMARY, f"{FILES}:b:{tok}")])
    text = "\n".join(lines)
    return [SendText(f"{ack}\n\n{text}" if ack else text, rows)]
