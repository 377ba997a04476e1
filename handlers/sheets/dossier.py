"""Entry points of the sheets: the « Fiches actions » deep link and the dossier's buttons.

Dossier buttons name an enjeu code or a sheet id; a sheet id is looked up with the person's
own collectivity, so a forged or foreign id is refused like a stale button.
"""

from __future__ import annotations

from handlers.core import texts
from handlers.core.context import Context
from handlers.core.events import AnswerCallback
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, int_arg, split_data
from handlers.home.menu import show_menu
from handlers.sheets import access, ask, display, dossier_nav, pictures
from handlers.sheets.router import DEEPLINK, DOSSIER, router


@router.deeplink(DEEPLINK)
async def open_sheets(ctx: Context) -> Replies:
    gate = await access.profile_gate(ctx)
    if gate is not None:
        return gate
    ctx.end_flow()
    return await dossier_nav.show_dossier(ctx)


@router.command("fiches", description="Mes fiches actions")
async def sheets_command(ctx: Context) -> Replies:
    return await open_sheets(ctx)


@router.callback(DOSSIER)
async def dossier_button(ctx: Context) -> Replies:
    parts = split_data(ctx.event.callback_data)
    if len(parts) > 3:
        raise StaleButton(ctx.event.callback_data)
    action = parts[1] if len(parts) > 1 else ""
    if action == "menu":
        ctx.end_flow()
        return await show_menu(ctx)
    gate = await access.profile_gate(ctx)
    if gate is not None:
        if action and await access.scope(ctx) is None:  # a button of a dossier the person no longer reaches
            ctx.audit.log(ctx.person.telegram_id, "sheet_access_refused", ctx.event.callback_data[:64])
            return [AnswerCallback(texts.STALE_BUTTON), *gate]
        return gate
    if action == "":
        ctx.end_flow()
        return await dossier_nav.show_dossier(ctx)
    if action == "m" and len(parts) == 2:
        return await pictures.send_mosaic(ctx)
    if action == "x" and len(parts) == 2:
        return await pictures.send_exports(ctx)
    if len(parts) != 3:
        raise StaleButton(ctx.event.callback_data)
    argument = parts[2]
    if action == "e":
        if access.matrix(ctx).get(argument) is None:
            raise StaleButton(argument)
        ctx.end_flow()
        return await dossier_nav.show_enjeu(ctx, argument)
    if action == "n":
        if access.matrix(ctx).get(argument) is None:
            raise StaleButton(argument)
        return await dossier_nav.new_sheet(ctx, argument)
    if action == "o":
        sheet = await access.owned_sheet(ctx, int_arg(argument))
        if sheet is None:
            raise StaleButton(argument)
        return await ask.resume(ctx, sheet)
    if action == "f":  # the photos and documents of a sheet of the dossier (read-only ones too)
        sheet = await access.owned_sheet(ctx, int_arg(argument))
        if sheet is None or not sheet.attachments:
            raise StaleButton(argument)
        return [AnswerCallback(), *display.attachment_files(sheet)]
    raise StaleButton(ctx.event.callback_data)
