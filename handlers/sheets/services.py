"""Services step: tick the services of the enjeu the action concerns (multi-select buttons).

Each tick is saved at once and applied to the sheet's current list, so two members ticking
at the same time both keep their ticks.
"""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.events import AnswerCallback
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, int_arg
from handlers.sheets import access, ask, card, display, dossier_nav
from handlers.sheets import texts as t
from handlers.sheets.router import SERVICES, Step, router
from storage.repositories.dossier_scope import DossierScope
from storage.repositories.sheets import NotEditable


@router.callback(SERVICES)
async def services_button(ctx: Context) -> Replies:
    if (leaving := await ask.quit_from_any_screen(ctx)) is not None:
        return leaving
    parts, sheet = await access.flow_button(ctx, Step.SERVICES)
    if sheet is None:
        return ask.sheet_gone(ctx)
    if not sheet.editable:
        return ask.sheet_gone(ctx, locked=True)
    action, mode = parts[1], ctx.data.get("mode", ask.FILL)
    if action == "t" and len(parts) == 4:
        offered = ask.offered_services(ctx, sheet)
        index = int_arg(parts[3])
        if index >= len(offered):
            raise StaleButton(ctx.event.callback_data)
        result = await access.sheets(ctx).toggle_service(
            DossierScope.of(sheet), sheet.id, offered[index], by=ctx.person.telegram_id, now=ctx.now
        )
        if result is None or isinstance(result, NotEditable):
            return ask.sheet_gone(ctx, locked=result is not None)
        return ask.refresh_services(ctx, sheet)
    if action == "ok":
        if not display.services(sheet):
            return [AnswerCallback(t.SERVICES_NONE, alert=True)]
        if mode == ask.EDIT:
            return await card.show_summary(ctx, sheet, t.SAVED.format(label="Services"))
        return await ask.show_question(ctx, sheet, 0, ask.FILL, t.SAVED.format(label="Services"))
    if action == "b":
        if mode == ask.EDIT:
            return await card.show_summary(ctx, sheet)
        ctx.end_flow()
        return await dossier_nav.show_enjeu(ctx, sheet.enjeu, force_list=True)
    if action == "x":
        return ask.save_and_quit(ctx, sheet)
    raise StaleButton(ctx.event.callback_data)
