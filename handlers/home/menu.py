"""Main menu, help and cancel: the ways back and out that every screen offers."""

from __future__ import annotations

from handlers.core import texts
from handlers.core.context import Context
from handlers.core.events import SendText
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, column, split_data
from handlers.home.router import MENU, router

# Menu button -> deep-link parameter of the feature it opens.
MENU_ENTRIES = {
    "faq": "❓ Questions sur le label",
    "webinaire": "🖥 Webinaire d'information",
    "fiches": "📝 Fiches actions",
    "aide": "ℹ️ Aide",
}


def menu_keyboard():
    return column(*(btn(label, f"{MENU}:{key}") for key, label in MENU_ENTRIES.items()))


async def show_menu(ctx: Context, text: str = texts.MENU) -> Replies:
    return [SendText(text, menu_keyboard())]


@router.command("menu", description="Menu principal", global_=True)
async def menu_command(ctx: Context) -> Replies:
    ctx.end_flow()
    return await show_menu(ctx)


@router.command("aide", description="Ce que je sais faire", global_=True)
async def help_command(ctx: Context) -> Replies:
    return [SendText(texts.HELP), *await ctx.dispatcher.prompt(ctx)]


@router.command("help", global_=True, listed=False)
async def help_alias(ctx: Context) -> Replies:
    return await help_command(ctx)


@router.command("annuler", description="Quitter l'étape en cours", global_=True)
async def cancel_command(ctx: Context) -> Replies:
    if not ctx.flow:
        return await show_menu(ctx, texts.NOTHING_TO_CANCEL + "\n\n" + texts.MENU)
    ctx.end_flow()
    return await show_menu(ctx, texts.CANCELLED + "\n\n" + texts.MENU)


@router.callback(MENU)
async def menu_button(ctx: Context) -> Replies:
    _, key = split_data(ctx.event.callback_data, 2)
    if key not in MENU_ENTRIES:
        raise StaleButton(key)
    return await open_feature(ctx, key)


async def open_feature(ctx: Context, key: str) -> Replies:
    """Open a feature by its deep-link name, leaving any flow in progress (drafts stay saved)."""
    if key == "aide":
        return [SendText(texts.HELP, menu_keyboard())]
    handler = ctx.dispatcher.deeplinks.get(key)
    if handler is None:
        return [SendText(texts.COMING_SOON, menu_keyboard())]
    ctx.end_flow()
    return await handler(ctx)
