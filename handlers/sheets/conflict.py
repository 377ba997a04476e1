"""Two members edited the same field at once: show both answers and let the later one choose.

Nothing is overwritten silently: « Garder ma réponse » saves against the version shown on this
screen (so a third change is caught again), « Garder l'autre » leaves the field as it is.
"""

from __future__ import annotations

from handlers.core import french
from handlers.core.context import Context
from handlers.core.events import SendText
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, esc, shorten
from handlers.sheets import access, ask, display
from handlers.sheets import texts as t
from handlers.sheets.router import CONFLICT, FLOW, Step, router
from storage.models import ActionSheet
from storage.repositories import PeopleRepository
from storage.repositories.sheets import Conflict


async def other_name(ctx: Context, telegram_id: int) -> str:
    person = await PeopleRepository(ctx.session).get(telegram_id) if telegram_id else None
    if person is None or person.telegram_id == ctx.person.telegram_id:
        return t.SOMEONE
    return person.profile_name or person.display_name


async def show_conflict(ctx: Context, sheet: ActionSheet, index: int, mode: str, mine: str, found: Conflict) -> Replies:
    question = access.form(ctx).questions[index]
    other = await other_name(ctx, found.updated_by)
    ctx.start_flow(
        FLOW,
        Step.CONFLICT,
        {
            "sheet": sheet.id,
            "i": index,
            "mode": mode,
            "mine": mine,
            "cv": found.version,
            "by": found.updated_by,
        },
    )
    text = t.CONFLICT.format(
        other=esc(other),
        label=esc(question.label),
        current=esc(shorten(display.plain_value(question, found.current), 800)) or t.NOT_ANSWERED,
        mine=esc(shorten(display.plain_value(question, mine), 800)) or t.NOT_ANSWERED,
    )
    tok = ctx.token
    return [
        SendText(text, [[btn(t.CONFLICT_MINE, f"{CONFLICT}:m:{tok}")], [btn(t.CONFLICT_THEIRS, f"{CONFLICT}:o:{tok}")]])
    ]


@router.callback(CONFLICT)
async def conflict_button(ctx: Context) -> Replies:
    from handlers.sheets import questions  # the save lives there; imported late to avoid a cycle

    parts, sheet = await access.flow_button(ctx, Step.CONFLICT)
    if sheet is None:
        return ask.sheet_gone(ctx)
    if not sheet.editable:
        return ask.sheet_gone(ctx, locked=True)
    index, mode = ctx.data.get("i", 0), ctx.data.get("mode", ask.FILL)
    if parts[1] == "m":
        return await questions.save(ctx, sheet, ctx.data.get("mine", ""), seen_version=ctx.data.get("cv", 0))
    if parts[1] == "o":
        other = await other_name(ctx, ctx.data.get("by", 0))
        kept = t.CONFLICT_KEPT_THEIRS.format(of_other=esc(french.of(other)))
        return await ask.after_question(ctx, sheet, index, mode, kept)
    raise StaleButton(ctx.event.callback_data)


async def reshow(ctx: Context, sheet: ActionSheet) -> Replies:
    """The conflict screen again (after a help or an unexpected message), with fresh values."""
    question = access.form(ctx).questions[ctx.data.get("i", 0)]
    row = sheet.answer(question.key)
    found = Conflict(row.value if row else "", row.version if row else 0, row.updated_by if row else 0)
    return await show_conflict(
        ctx, sheet, ctx.data.get("i", 0), ctx.data.get("mode", ask.FILL), ctx.data.get("mine", ""), found
    )
