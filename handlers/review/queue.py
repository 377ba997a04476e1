"""/relecture (staff): the submitted sheets, oldest first, a page at a time, each with its
collectivity, enjeu and age; a button opens the sheet."""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.events import Button, EditText, SendText
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, esc, int_arg, shorten, split_data
from handlers.review import access, view
from handlers.review import texts as t
from handlers.review.router import FLOW, OPEN, PAGE_SIZE, PAGE_TURN, QUEUE, WHOLE, router
from handlers.sheets import display


@router.command("relecture", description="Fiches à relire", staff=True)
async def review_command(ctx: Context) -> Replies:
    ctx.audit.log(ctx.person.telegram_id, "review_queue_viewed")
    text, rows = await queue_screen(ctx, 0)
    return [SendText(text, rows)]


@router.callback(QUEUE)
async def queue_button(ctx: Context) -> Replies:
    access.require_staff(ctx)
    parts = split_data(ctx.event.callback_data)
    if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] != PAGE_TURN):
        raise StaleButton(ctx.event.callback_data)
    text, rows = await queue_screen(ctx, int_arg(parts[1]))
    # Page buttons redraw the list in place; « File de relecture » under a sheet sends it anew.
    if len(parts) == 3 and ctx.event.message_id is not None:
        return [EditText(ctx.event.message_id, text, rows)]
    return [SendText(text, rows)]


async def queue_screen(ctx: Context, page: int) -> tuple[str, list[list[Button]]]:
    repo = access.review(ctx)
    count = await repo.queue_count()
    if not count:
        return t.QUEUE_EMPTY, []
    pages = (count + PAGE_SIZE - 1) // PAGE_SIZE
    page = min(page, pages - 1)  # the queue may have shrunk since the button was drawn
    items = await repo.queue(page * PAGE_SIZE, PAGE_SIZE)
    lines = [t.QUEUE_TITLE.format(count=count)]
    if pages > 1:
        lines.append(t.QUEUE_PAGE.format(page=page + 1, pages=pages))
    lines.append("")
    rows: list[list[Button]] = []
    for number, item in enumerate(items, start=page * PAGE_SIZE + 1):
        sheet, name = item.sheet, view.collectivity_name(item.collectivity)
        lines.append(
            t.QUEUE_LINE.format(
                n=number,
                collectivity=esc(name),
                enjeu=esc(view.enjeu_name(ctx, sheet.enjeu)),
                title=esc(shorten(display.title(sheet), 60)),
                age=access.age(sheet.submitted_at, ctx.now),
                again=t.QUEUE_AGAIN if item.resubmitted else "",
            )
        )
        label = f"{number}. {shorten(name, 22)} · {shorten(display.title(sheet), 30)}"
        rows.append([btn(label, f"{OPEN}:{sheet.id}")])
    turns = []
    if page > 0:
        turns.append(btn(t.QUEUE_PREVIOUS, f"{QUEUE}:{page - 1}:{PAGE_TURN}"))
    if page < pages - 1:
        turns.append(btn(t.QUEUE_NEXT, f"{QUEUE}:{page + 1}:{PAGE_TURN}"))
    if turns:
        rows.append(turns)
    return "\n".join(lines), rows


@router.callback(OPEN)
async def open_button(ctx: Context) -> Replies:
    access.require_staff(ctx)
    parts = split_data(ctx.event.callback_data)
    if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] != WHOLE):
        raise StaleButton(ctx.event.callback_data)
    sheet = await access.sheet_by_id(ctx, parts[1])
    if sheet is None:
        return [SendText(t.SHEET_UNKNOWN), *await queue_or_empty(ctx)]
    if ctx.flow == FLOW:  # a correction or note left half-way: typed text must not land on it
        ctx.end_flow()
    ctx.audit.log(ctx.person.telegram_id, "review_sheet_opened", f"sheet:{sheet.id}")
    return await view.show_sheet(ctx, sheet, whole=len(parts) == 3)


async def queue_or_empty(ctx: Context) -> Replies:
    text, rows = await queue_screen(ctx, 0)
    return [SendText(text, rows)]


async def first_in_queue(ctx: Context) -> int | None:
    items = await access.review(ctx).queue(0, 1)
    return items[0].sheet.id if items else None
