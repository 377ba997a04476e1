"""Shared pieces of the review's short flows (correction, note): the flow's sheet, the checks
on a flow-step button, and the cancel button."""

from __future__ import annotations

from handlers.core import ui
from handlers.core.context import Context
from handlers.core.events import Button, Kind, SendText
from handlers.core.router import Replies
from handlers.core.ui import btn
from handlers.review import access
from handlers.review import texts as t
from handlers.review.router import CONFIRM, FLOW
from storage.models import ActionSheet


async def flow_sheet(ctx: Context) -> ActionSheet | None:
    sheet_id = ctx.data.get("sheet")
    if ctx.flow != FLOW or not isinstance(sheet_id, int):
        return None
    return await access.sheets(ctx).get_for_staff(sheet_id)


def step_button(ctx: Context, *steps: str) -> list[str]:
    """Parse `prefix:token:action[:sheet]`; refuse it unless it belongs to the step on screen."""
    access.require_staff(ctx)
    return ui.step_button(ctx, FLOW, parts=range(3, 99), steps=steps)


def cancel_button(ctx: Context) -> Button:
    return btn(t.CANCEL, f"{CONFIRM}:{ctx.token}:x:{ctx.data.get('sheet', 0)}")


async def typed_for_sheet(ctx: Context, limit: int) -> tuple[ActionSheet | None, str, Replies]:
    """The flow's sheet and the staff text typed for it, or the replies that refuse the input.

    A vanished sheet, or a person no longer staff, ends the flow; an empty or too long text
    leaves it open (the caller shows its question again).
    """
    sheet = await flow_sheet(ctx)
    if sheet is None or not ctx.is_staff:
        ctx.end_flow()
        return None, "", [SendText(t.SHEET_UNKNOWN)] if sheet is None else await ctx.dispatcher.menu(ctx)
    text = typed_text(ctx)
    if not text:
        return sheet, "", [SendText(t.COMMENT_TEXT_ONLY)]
    if len(text) > limit:
        return sheet, "", [SendText(t.COMMENT_TOO_LONG.format(length=len(text), limit=limit))]
    return sheet, text, []


def typed_text(ctx: Context) -> str | None:
    """The text typed at a step, or None for a sticker, photo, voice…"""
    if ctx.event.kind is not Kind.TEXT:
        return None
    return ctx.event.text.strip()
