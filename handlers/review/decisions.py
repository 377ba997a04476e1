"""The decision buttons under a sheet: « Valider » (after a confirmation), « Demander une
correction », « Rouvrir » a validated sheet (with a reason: the correction flow) and « Note
interne » (short flows, see `correction` and `notes`).

Transitions are optimistic (`SheetsRepository.set_status` with the expected status): of two
staff members, or two taps, only the first moves the sheet; the other gets a kind message.
"""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.events import AnswerCallback, SendText
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, esc, split_data
from handlers.review import access, correction, notes, notify, queue, view
from handlers.review import texts as t
from handlers.review.outcome import after_decision, already_handled
from handlers.review.router import ACT, FILES, FLOW, OPEN, router
from handlers.sheets import display
from storage.models import ActionSheet, SheetStatus


@router.callback(ACT)
async def decision_button(ctx: Context) -> Replies:
    access.require_staff(ctx)
    _, action, raw_id = split_data(ctx.event.callback_data, 3)
    if action not in ("v", "vy", "c", "n", "r"):
        raise StaleButton(ctx.event.callback_data)
    sheet = await access.sheet_by_id(ctx, raw_id)
    if sheet is None:
        return [SendText(t.SHEET_UNKNOWN), *await queue.queue_or_empty(ctx)]
    if action == "n":
        return await notes.start(ctx, sheet)
    if action == "r":
        if sheet.status != SheetStatus.VALIDEE:
            return await already_handled(ctx, sheet)
        return await correction.start(ctx, sheet, reopen=True)
    if sheet.status != SheetStatus.SOUMISE:
        return await already_handled(ctx, sheet)
    if action == "c":
        return await correction.start(ctx, sheet)
    if action == "v":
        return await confirm_validation(ctx, sheet)
    return await validate(ctx, sheet)


async def confirm_validation(ctx: Context, sheet: ActionSheet) -> Replies:
    collectivity = view.collectivity_name(await view.collectivity_of(ctx, sheet))
    text = t.CONFIRM_VALIDATION.format(title=esc(display.title(sheet)), collectivity=esc(collectivity))
    rows = [[btn(t.YES_VALIDATE, f"{ACT}:vy:{sheet.id}")], [btn(t.NOT_YET, f"{OPEN}:{sheet.id}")]]
    return [SendText(text, rows)]


@router.callback(FILES)
async def attachments_button(ctx: Context) -> Replies:
    """Staff receive the sheet's photos and documents, re-sent by their Telegram file id."""
    access.require_staff(ctx)
    _, raw_id = split_data(ctx.event.callback_data, 2)
    sheet = await access.sheet_by_id(ctx, raw_id)
    if sheet is None or not sheet.attachments:
        raise StaleButton(ctx.event.callback_data)
    return display.attachment_files(sheet)


async def validate(ctx: Context, sheet: ActionSheet) -> Replies:
    if ctx.flow == FLOW:
        ctx.end_flow()  # a correction or note left half-way on another sheet
    moved = await access.sheets(ctx).set_status(
        sheet.id, SheetStatus.VALIDEE, expected=[SheetStatus.SOUMISE], now=ctx.now, by=ctx.person.telegram_id
    )
    if not moved:
        return await already_handled(ctx, sheet)
    ctx.audit.log(ctx.person.telegram_id, "review_validated", f"sheet:{sheet.id}")
    count = await notify.validated(ctx, sheet)
    collectivity = view.collectivity_name(await view.collectivity_of(ctx, sheet))
    ack = t.VALIDATED.format(title=esc(display.title(sheet)), notified=notify.notified_label(count, collectivity))
    return [AnswerCallback(t.VALIDATED_SHORT), *await after_decision(ctx, ack)]
