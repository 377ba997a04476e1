"""/start: welcome, who are you (maire, élu·e, agent·e, autre), deep links such as `/start webinaire`."""

from __future__ import annotations

from handlers.core import texts
from handlers.core.context import Context
from handlers.core.events import Kind, SendText
from handlers.core.router import Replies
from handlers.core.texts import TAP_A_BUTTON
from handlers.core.ui import StaleButton, btn, column, esc, split_data
from handlers.home.menu import open_feature, show_menu
from handlers.home.router import FLOW, ROLE, Step, router
from storage.models import Role


def _name(ctx: Context) -> str:
    return f" {esc(ctx.person.first_name)}" if ctx.person.first_name else ""


def role_keyboard():
    return column(*(btn(texts.ROLE_LABELS[r.value], f"{ROLE}:{r.value}") for r in Role))


@router.command("start", description="Démarrer", global_=True)
async def start_command(ctx: Context) -> Replies:
    raw = ctx.event.args.strip()
    for prefix, handler in ctx.dispatcher.deeplink_prefixes.items():
        if raw.startswith(prefix):  # a link carrying a value (an invitation): its feature asks what it needs
            return await handler(ctx)
    parameter = raw.lower()[:32]
    if parameter and parameter not in ctx.dispatcher.deeplinks and parameter != "aide":
        parameter = ""  # unknown or forged deep link: plain welcome
    left = await ctx.dispatcher.leave_flow(ctx)
    newcomer = ctx.person.role is None
    if newcomer and parameter and parameter != "aide":
        # Straight to what the link is for: the feature asks who they are when it needs to.
        return [SendText(texts.WELCOME_NEW.format(name=_name(ctx))), *await open_feature(ctx, parameter)]
    if newcomer and not ctx.is_staff:
        ctx.start_flow(FLOW, Step.ROLE, {"after": parameter})
        return [SendText(texts.WELCOME_NEW.format(name=_name(ctx))), *await ask_role(ctx)]
    if parameter:
        return [*left, *await open_feature(ctx, parameter)]
    return [*left, *await show_menu(ctx, texts.WELCOME_BACK.format(name=_name(ctx)))]


@router.prompt(FLOW)
async def ask_role(ctx: Context) -> Replies:
    again = ctx.event.kind is Kind.TEXT  # shown again after they typed something (a question…)
    return [SendText(texts.ASK_ROLE_AGAIN if again else texts.ASK_ROLE, role_keyboard())]


@router.step(FLOW, Step.ROLE)
async def role_not_typed(ctx: Context) -> Replies:
    """A sticker, a photo… at the role question (typed text is read by handlers.core.screens:
    « je suis secrétaire de mairie » is taken as Agent·e, a question is answered first)."""
    return [SendText(TAP_A_BUTTON), *await ask_role(ctx)]


@router.callback(ROLE)
async def role_chosen(ctx: Context) -> Replies:
    _, value = split_data(ctx.event.callback_data, 2)
    if value not in {r.value for r in Role}:
        raise StaleButton(value)
    ctx.person.role = value
    done = SendText(f"{texts.ROLE_SAVED} Vous êtes : <b>{texts.ROLE_LABELS[value]}</b>.")
    if ctx.flow and ctx.flow != FLOW:  # an old role button pressed during another flow
        return [done, *await ctx.dispatcher.prompt(ctx)]
    after = ctx.data.get("after", "")
    ctx.end_flow()
    if after:
        return [done, *await open_feature(ctx, after)]
    return [done, *await show_menu(ctx)]
