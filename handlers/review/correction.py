"""« Demander une correction »: reason (buttons) → comment (text) → confirmation → the sheet goes
« à corriger », the comment joins its history (visible to the collectivity) and every member
is notified through the outbox with a button that opens the sheet for editing.

The cancel button of every step, and the prompt of the review flow, live here too.
"""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.events import AnswerCallback, SendText
from handlers.core.french import named
from handlers.core.router import Replies
from handlers.core.texts import TAP_A_BUTTON
from handlers.core.ui import StaleButton, btn, esc, int_arg
from handlers.review import access, flow, notes, notify, view
from handlers.review import texts as t
from handlers.review.outcome import after_decision
from handlers.review.router import COMMENT_MAX, CONFIRM, FLOW, REASON, Step, router
from handlers.sheets import display
from storage.models import ActionSheet, CommentKind, SheetStatus


async def start(ctx: Context, sheet: ActionSheet, *, reopen: bool = False) -> Replies:
    """Ask for a correction of a submitted sheet, or (`reopen`) reopen a validated one."""
    ctx.start_flow(FLOW, Step.REASON, {"sheet": sheet.id, "reopen": reopen})
    return await ask_reason(ctx, sheet)


async def ask_reason(ctx: Context, sheet: ActionSheet) -> Replies:
    tok = ctx.token
    buttons = [btn(label, f"{REASON}:{tok}:{code}") for code, label in t.REASONS.items()]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)] + [[flow.cancel_button(ctx)]]
    collectivity = view.collectivity_name(await view.collectivity_of(ctx, sheet))
    question = t.ASK_REOPEN_REASON if ctx.data.get("reopen") else t.ASK_REASON
    return [SendText(question.format(title=esc(display.title(sheet)), collectivity=esc(collectivity)), rows)]


def ask_comment(ctx: Context) -> Replies:
    reason = t.REASONS[ctx.data["reason"]]
    return [SendText(t.ASK_COMMENT.format(reason=reason), [[flow.cancel_button(ctx)]])]


async def ask_confirmation(ctx: Context, sheet: ActionSheet) -> Replies:
    tok, sid = ctx.token, sheet.id
    collectivity = view.collectivity_name(await view.collectivity_of(ctx, sheet))
    text = t.CONFIRM_CORRECTION.format(
        **named(collectivity, "collectivity"),
        title=esc(display.title(sheet)),
        reason=t.REASONS[ctx.data["reason"]],
        comment=esc(ctx.data["comment"]),
    )
    rows = [
        [btn(t.SEND, f"{CONFIRM}:{tok}:ok:{sid}")],
        [btn(t.EDIT_COMMENT, f"{CONFIRM}:{tok}:e:{sid}"), btn(t.CANCEL, f"{CONFIRM}:{tok}:x:{sid}")],
    ]
    return [SendText(text, rows)]


@router.prompt(FLOW)
async def prompt(ctx: Context) -> Replies:
    if ctx.step == Step.NOTE:
        return await notes.prompt(ctx)
    sheet = await flow.flow_sheet(ctx)
    if sheet is None:
        ctx.end_flow()
        return [SendText(t.SHEET_UNKNOWN)]
    if ctx.step == Step.COMMENT:
        return ask_comment(ctx)
    if ctx.step == Step.CONFIRM:
        return await ask_confirmation(ctx, sheet)
    return await ask_reason(ctx, sheet)


@router.callback(REASON)
async def reason_button(ctx: Context) -> Replies:
    parts = flow.step_button(ctx, Step.REASON)
    if len(parts) != 3 or parts[2] not in t.REASONS:
        raise StaleButton(ctx.event.callback_data)
    ctx.goto(Step.COMMENT, reason=parts[2])
    return ask_comment(ctx)


@router.step(FLOW, Step.REASON)
async def reason_typed(ctx: Context) -> Replies:
    return [SendText(TAP_A_BUTTON), *await prompt(ctx)]


@router.step(FLOW, Step.COMMENT)
async def comment_typed(ctx: Context) -> Replies:
    return await _take_comment(ctx)


@router.step(FLOW, Step.CONFIRM)
async def comment_retyped(ctx: Context) -> Replies:
    """Text typed at the confirmation replaces the comment (and is shown again to confirm)."""
    return await _take_comment(ctx)


async def _take_comment(ctx: Context) -> Replies:
    sheet, text, refusal = await flow.typed_for_sheet(ctx, COMMENT_MAX)
    if refusal:
        return [*refusal, *await prompt(ctx)] if sheet is not None else refusal
    assert sheet is not None  # no refusal: the sheet was found
    ctx.goto(Step.CONFIRM, comment=text)
    return await ask_confirmation(ctx, sheet)


@router.callback(CONFIRM)
async def confirm_button(ctx: Context) -> Replies:
    try:
        parts = flow.step_button(ctx, Step.REASON, Step.COMMENT, Step.CONFIRM, Step.NOTE)
    except StaleButton:
        return await _late_tap(ctx)
    if len(parts) != 4:
        raise StaleButton(ctx.event.callback_data)
    action = parts[2]
    sheet = await flow.flow_sheet(ctx)
    if sheet is None:
        ctx.end_flow()
        return [SendText(t.SHEET_UNKNOWN)]
    if action == "x":
        cancelled = t.NOTE_CANCELLED if ctx.step == Step.NOTE else t.CORRECTION_CANCELLED
        ctx.end_flow()
        return await view.show_sheet(ctx, sheet, cancelled)
    if ctx.step == Step.CONFIRM and action == "e":
        ctx.goto(Step.COMMENT)
        return ask_comment(ctx)
    if ctx.step == Step.CONFIRM and action == "ok":
        return await send(ctx, sheet)
    raise StaleButton(ctx.event.callback_data)


async def _late_tap(ctx: Context) -> Replies:
    """« Envoyer » tapped again once the request went: say so instead of « plus disponible »."""
    parts = ctx.event.callback_data.split(":")
    if ctx.is_staff and len(parts) == 4 and parts[2] == "ok":
        sheet = await access.sheets(ctx).get_for_staff(int_arg(parts[3]))
        if sheet is not None and sheet.status != SheetStatus.SOUMISE:
            return [AnswerCallback(t.ALREADY_HANDLED_SHORT)]
    raise StaleButton(ctx.event.callback_data)


async def send(ctx: Context, sheet: ActionSheet) -> Replies:
    reason, text, reopen = t.REASONS[ctx.data["reason"]], ctx.data["comment"], bool(ctx.data.get("reopen"))
    ctx.end_flow()
    repo = access.sheets(ctx)
    expected = SheetStatus.VALIDEE if reopen else SheetStatus.SOUMISE
    moved = await repo.set_status(
        sheet.id, SheetStatus.A_CORRIGER, expected=[expected], now=ctx.now, by=ctx.person.telegram_id
    )
    if not moved:  # a colleague validated or sent it back first: keep the comment visible
        await ctx.session.refresh(sheet)
        names = await access.review(ctx).names([sheet.updated_by])
        who = names.get(sheet.updated_by)
        by = t.ALREADY_HANDLED_BY.format(who=esc(who)) if who else ""
        lost = t.CORRECTION_LOST_RACE.format(status=view.status_label(sheet.status), by=by, comment=esc(text))
        return [AnswerCallback(t.ALREADY_HANDLED_SHORT), *await after_decision(ctx, lost)]
    comment = repo.add_comment(
        sheet.id,
        author=ctx.person.telegram_id,
        kind=CommentKind.CORRECTION,
        now=ctx.now,
        reason=reason,
        text=text,
        visible_to_collectivity=True,
    )
    await ctx.session.flush()  # the comment's id names the notices (dedupe keys)
    count = await notify.correction(ctx, sheet, comment, reopened=reopen)
    action = "review_reopened" if reopen else "review_correction_requested"
    ctx.audit.log(ctx.person.telegram_id, action, f"sheet:{sheet.id}", reason=reason, notified=count)
    collectivity = view.collectivity_name(await view.collectivity_of(ctx, sheet))
    sent = t.REOPENED_SENT if reopen else t.CORRECTION_SENT
    ack = sent.format(title=esc(display.title(sheet)), notified=notify.notified_label(count, collectivity))
    return [AnswerCallback(t.CORRECTION_SENT_SHORT), *await after_decision(ctx, ack)]
