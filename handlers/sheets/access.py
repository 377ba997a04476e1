"""Who may see which sheets, and the content the feature reads (matrix, form, edition).

Every sheet is loaded through `SheetsRepository` with the person's dossier scope
(handlers.membership.access): an active member reaches the collectivity's shared sheets, a
person whose request waits reaches only their own private drafts; any other sheet is simply
not found, whatever id a forged button names.
"""

from __future__ import annotations

from handlers.content.form import Form
from handlers.content.matrix import Matrix
from handlers.core.context import Context
from handlers.core.events import SendText
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, step_button
from handlers.membership.access import DossierAccess, dossier_access, scope_of
from handlers.membership.requests import need_access_screen
from handlers.profile.commands import require_profile
from handlers.sheets import texts as t
from handlers.sheets.router import DEEPLINK, FLOW
from storage.models import ActionSheet
from storage.repositories.dossier_scope import DossierScope
from storage.repositories.sheets import SheetsRepository

# Contributors to a dossier say who they are, once: staff and colleagues see who wrote what.
PROFILE_NEEDS = ("name", "role", "email", "collectivity", "consent")


def matrix(ctx: Context) -> Matrix:
    return ctx.content.matrix


def form(ctx: Context) -> Form:
    return ctx.content.form


def edition(ctx: Context) -> int:
    return ctx.content.edition.year


def sheets(ctx: Context) -> SheetsRepository:
    return SheetsRepository(ctx.session)


async def profile_gate(ctx: Context) -> Replies | None:
    """None when the person may open a dossier (theirs, or their private drafts while their
    request waits); otherwise the replies that complete the profile or ask for access."""
    replies = await require_profile(ctx, DEEPLINK, PROFILE_NEEDS)
    if replies is not None:
        return replies
    access = await dossier_access(ctx)
    if access is None:  # defensive: the profile says the collectivity is known
        ctx.end_flow()
        return [SendText(t.NEED_COLLECTIVITY)]
    if access.scope(ctx.person.telegram_id) is None:
        ctx.end_flow()
        return await need_access_screen(ctx, access.collectivity, access.has_members)
    return None


async def access_of(ctx: Context) -> DossierAccess:
    """The dossier access of someone who passed `profile_gate` (callers run the gate first)."""
    access = await dossier_access(ctx)
    assert access is not None
    return access


async def scope(ctx: Context) -> DossierScope | None:
    return await scope_of(ctx)


async def current_sheet(ctx: Context) -> ActionSheet | None:
    """The sheet of the flow in progress, if it still exists and the person still reaches it."""
    sheet_id = ctx.data.get("sheet")
    reach = await scope(ctx)
    if ctx.flow != FLOW or not isinstance(sheet_id, int) or reach is None:
        return None
    return await sheets(ctx).get(reach, sheet_id)


async def owned_sheet(ctx: Context, sheet_id: int) -> ActionSheet | None:
    reach = await scope(ctx)
    sheet = await sheets(ctx).get(reach, sheet_id) if reach is not None else None
    if sheet is None:
        ctx.audit.log(ctx.person.telegram_id, "sheet_access_refused", f"sheet:{sheet_id}")
    return sheet


async def flow_button(ctx: Context, *steps: str) -> tuple[list[str], ActionSheet | None]:
    """Parse a flow-step button `prefix:action:token[:arg]`; refuse it unless it belongs to the
    step on screen (same token). Returns its parts and the flow's sheet (None if gone)."""
    parts = step_button(ctx, FLOW, parts=range(3, 99), token_at=2, steps=steps)
    if await scope(ctx) is None:  # removed from the dossier (or left it) since the screen was drawn
        ctx.end_flow()
        raise StaleButton(ctx.event.callback_data)
    return parts, await current_sheet(ctx)
