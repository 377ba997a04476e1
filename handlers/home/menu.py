"""Main menu, help and cancel: the ways back and out that every screen offers."""

from __future__ import annotations

from handlers.core import texts
from handlers.core.context import Context
from handlers.core.events import Keyboard, SendText
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, column, shorten, split_data
from handlers.home.router import MENU, TOOLS, router

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
    """The main menu: what features offer to resume first, the four entries, staff tools for staff."""
    rows: Keyboard = []
    for provider in ctx.dispatcher.menu_entries:
        rows += [[button] for button in await provider(ctx)]
    rows += menu_keyboard()
    if ctx.is_staff:
        rows.append([btn(texts.STAFF_TOOLS, TOOLS)])
    return [SendText(text, rows)]


def staff_tools(ctx: Context) -> Replies:
    """Every staff command as a button, with what it does."""
    specs = [c for c in ctx.dispatcher.staff_commands() if c.staff]
    rows = [[btn(shorten(c.description or c.name, 60), f"{TOOLS}:{c.name}")] for c in specs]
    rows.append([btn(texts.MAIN_MENU_BUTTON, f"{MENU}:menu")])
    return [SendText(texts.STAFF_TOOLS_TITLE, rows)]


def help_text(ctx: Context) -> str:
    """What the bot does, then every command a person can type (from the routers, so a new
    command is listed), in the order of `texts.HELP_COMMANDS`; staff get theirs too."""
    public = {c.name for c in ctx.dispatcher.public_commands()}
    named = [name for name in texts.HELP_COMMANDS if name in public]
    named += sorted(public - set(named) - {"start"})
    lines = [f"/{name} : {texts.HELP_COMMANDS.get(name) or _description(ctx, name)}" for name in named]
    text = texts.HELP + "\n" + "\n".join(lines)
    if not ctx.is_staff:
        return text
    staff = [f"/{c.name} : {c.description}" for c in ctx.dispatcher.staff_commands() if c.staff]
    return text + "\n\n" + texts.STAFF_HELP_TITLE + "\n" + "\n".join(staff)


def _description(ctx: Context, name: str) -> str:
    spec = ctx.dispatcher.commands.get(name)
    return spec.description if spec is not None else ""


async def menu_after_leaving(ctx: Context, text: str = texts.MENU, *, cancelled: bool = False) -> Replies:
    """Leave the flow, then the menu, in one message when what the flow says on leaving (« La fiche
    … est enregistrée ») only offers buttons the menu has too (« ▶️ Reprendre »): no button twice."""
    left = await ctx.dispatcher.leave_flow(ctx)
    [menu] = await show_menu(ctx, text)
    assert isinstance(menu, SendText)
    offered = {b.data for row in menu.buttons for b in row}
    head = texts.CANCELLED + "\n\n" if cancelled else ""
    if len(left) == 1 and isinstance(left[0], SendText) and left[0].text:
        said = left[0]
        if all(b.data in offered for row in said.buttons for b in row):
            return [SendText(head + said.text + "\n\n" + menu.text, menu.buttons)]
    if not left:
        return [SendText(head + menu.text, menu.buttons)]
    return [*([SendText(texts.CANCELLED)] if cancelled else []), *left, menu]


@router.command("menu", description="Menu principal", global_=True)
async def menu_command(ctx: Context) -> Replies:
    return await menu_after_leaving(ctx)


@router.command("aide", description="Ce que je sais faire", global_=True)
async def help_command(ctx: Context) -> Replies:
    if ctx.flow:  # the question in progress comes back under the help
        return [SendText(help_text(ctx)), *await ctx.dispatcher.prompt(ctx)]
    return [SendText(help_text(ctx), [[btn(texts.MAIN_MENU_BUTTON, f"{MENU}:menu")]])]


@router.command("help", global_=True, listed=False)
async def help_alias(ctx: Context) -> Replies:
    return await help_command(ctx)


@router.command("annuler", description="Quitter l'étape en cours", global_=True)
async def cancel_command(ctx: Context) -> Replies:
    if not ctx.flow:
        return await show_menu(ctx, texts.NOTHING_TO_CANCEL + "\n\n" + texts.MENU)
    return await menu_after_leaving(ctx, cancelled=True)


@router.callback(MENU)
async def menu_button(ctx: Context) -> Replies:
    _, key = split_data(ctx.event.callback_data, 2)
    if key == "menu":
        return await menu_after_leaving(ctx)
    if key not in MENU_ENTRIES:
        raise StaleButton(key)
    return await open_feature(ctx, key)


@router.callback(TOOLS)
async def tools_button(ctx: Context) -> Replies:
    parts = split_data(ctx.event.callback_data)
    if not ctx.is_staff or len(parts) > 2:
        raise StaleButton(ctx.event.callback_data)
    if len(parts) == 1:
        return staff_tools(ctx)
    spec = ctx.dispatcher.commands.get(parts[1])
    if spec is None or not spec.staff:
        raise StaleButton(ctx.event.callback_data)
    return [*await ctx.dispatcher.leave_flow(ctx), *await ctx.dispatcher.run_command(ctx, spec.name)]


async def open_feature(ctx: Context, key: str) -> Replies:
    """Open a feature by its deep-link name, leaving any flow in progress (drafts stay saved)."""
    if key == "aide":
        return [SendText(help_text(ctx), menu_keyboard())]
    handler = ctx.dispatcher.deeplinks.get(key)
    if handler is None:
        return [SendText(texts.COMING_SOON, menu_keyboard())]
    left = await ctx.dispatcher.leave_flow(ctx)
    return [*left, *await handler(ctx)]
