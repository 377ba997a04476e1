"""Who may see which sheets, and the content the feature reads (matrix, form, edition).

Every sheet is loaded through `SheetsRepository` with the person's own collectivity id:
a sheet of another collectivity is simply not found.
"""

from __future__ import annotations

from handlers.content.form import Form
from handlers.content.matrix import Matrix
from handlers.core.context import Context
from handlers.core.events import SendText
from handlers.core.router import Replies
from handlers.core.ui import step_button
from handlers.profile.commands import require_profile
from handlers.sheets import texts as t
from handlers.sheets.router import DEEPLINK, FLOW
from storage.models import ActionSheet
from storage.repositories.sheets import SheetsRepository

PROFILE_NEEDS = ("role", "collectivity", "consent")


def matrix(ctx: Context) -> Matrix:
    return ctx.content.matrix


def form(ctx: Context) -> Form:
    return ctx.content.form


def edition(ctx: Context) -> int:
    return ctx.content.edition.year


def sheets(ctx: Context) -> SheetsRepository:
    return SheetsRepository(ctx.session)


async def profile_gate(ctx: Context) -> Replies | None:
    """None when the person can use sheets; otherwise the replies that complete their profile."""
    replies = await require_profile(ctx, DEEPLINK, PROFILE_NEEDS)
    if replies is None and ctx.person.collectivity_id is None:  # defensive: profile says complete
        ctx.end_flow()
        return [SendText(t.NEED_COLLECTIVITY)]
    return replies


async def current_sheet(ctx: Context) -> ActionSheet | None:
    """The sheet of the flow in progress, if it still exists and is still this collectivity's."""
    sheet_id = ctx.data.get("sheet")
    if ctx.flow != FLOW or not isinstance(sheet_id, int) or ctx.person.collectivity_id is None:
        return None
    return await sheets(ctx).get(ctx.person.collectivity_id, sheet_id)


async def owned_sheet(ctx: Context, sheet_id: int) -> ActionSheet | None:
    if ctx.person.collectivity_id is None:
        return None
    sheet = await sheets(ctx).get(ctx.person.collectivity_id, sheet_id)
    if sheet is None:
        ctx.audit.log(ctx.person.telegram_id, "sheet_access_refused", f"sheet:{sheet_id}")
    return sheet


async def flow_button(ctx: Context, *steps: str) -> tuple[list[str], ActionSheet | None]:
    """Parse a flow-step button `prefix:action:token[:arg]`; refuse it unless it belongs to the
    step on screen (same token). Returns its parts and the flow's sheet (None if gone)."""
    parts = step_button(ctx, FLOW, parts=range(3, 99), token_at=2, steps=steps)
    return parts, await current_sheet(ctx)
