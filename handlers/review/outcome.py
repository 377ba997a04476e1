"""What staff see after acting on a sheet: the acknowledgement and the way on (next sheet of
the queue, or the queue), or, when someone acted first, what the sheet became."""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.events import AnswerCallback, SendText
from handlers.core.router import Replies
from handlers.core.ui import btn, esc
from handlers.review import access, queue, view
from handlers.review import texts as t
from handlers.review.router import OPEN, QUEUE
from storage.models import ActionSheet


async def already_handled(ctx: Context, sheet: ActionSheet) -> Replies:
    """A second tap, or a colleague acted first: say what the sheet became, change nothing."""
    await ctx.session.refresh(sheet)
    names = await access.review(ctx).names([sheet.updated_by])
    who = names.get(sheet.updated_by)
    by = t.ALREADY_HANDLED_BY.format(who=esc(who)) if who and sheet.updated_by != ctx.person.telegram_id else ""
    text = t.ALREADY_HANDLED.format(status=view.status_label(sheet.status), by=by)
    return [AnswerCallback(t.ALREADY_HANDLED_SHORT), *await after_decision(ctx, text)]


async def after_decision(ctx: Context, text: str) -> Replies:
    """The acknowledgement with the way on: the next sheet of the queue, or the queue."""
    following = await queue.first_in_queue(ctx)
    rows = [[btn(t.NEXT_IN_QUEUE, f"{OPEN}:{following}")]] if following is not None else []
    rows.append([btn(t.BACK_TO_QUEUE, f"{QUEUE}:0")])
    return [SendText(text, rows)]
