"""« Note interne »: a remark kept on the sheet for the team only (visible_to_collectivity False).

Notes can be added whatever the sheet's status; they appear in the staff view's history and
never in anything the collectivity sees (summary card, notices, its exports)."""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.events import SendText
from handlers.core.router import Replies
from handlers.core.ui import esc
from handlers.review import access, flow, view
from handlers.review import texts as t
from handlers.review.router import FLOW, NOTE_MAX, Step, router
from handlers.sheets import display
from storage.models import ActionSheet, CommentKind


async def start(ctx: Context, sheet: ActionSheet) -> Replies:
    ctx.start_flow(FLOW, Step.NOTE, {"sheet": sheet.id})
    return ask(ctx, sheet)


def ask(ctx: Context, sheet: ActionSheet) -> Replies:
    return [SendText(t.ASK_NOTE.format(title=esc(display.title(sheet))), [[flow.cancel_button(ctx)]])]


async def prompt(ctx: Context) -> Replies:
    sheet = await flow.flow_sheet(ctx)
    if sheet is None:
        ctx.end_flow()
        return [SendText(t.SHEET_UNKNOWN)]
    return ask(ctx, sheet)


@router.step(FLOW, Step.NOTE)
async def note_typed(ctx: Context) -> Replies:
    sheet, text, refusal = await flow.typed_for_sheet(ctx, NOTE_MAX)
    if refusal:
        return [*refusal, *ask(ctx, sheet)] if sheet is not None else refusal
    assert sheet is not None  # no refusal: the sheet was found
    access.sheets(ctx).add_comment(
        sheet.id,
        author=ctx.person.telegram_id,
        kind=CommentKind.NOTE,
        now=ctx.now,
        text=text,
        visible_to_collectivity=False,
    )
    ctx.audit.log(ctx.person.telegram_id, "review_note_added", f"sheet:{sheet.id}")
    ctx.end_flow()
    await ctx.session.flush()
    return await view.show_sheet(ctx, sheet, t.NOTE_SAVED)
