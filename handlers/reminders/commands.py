"""/rappels and its two buttons: stop or resume the reminders and announcements.

Muted: staff broadcasts (except to the registrants of a webinar session, news of one's own
registration) and the sheets' deadline reminders; what is already queued for the person is
cancelled in the same transaction. Never muted: what the person asked for (webinar reminders
of their registrations, answers to their questions, news of their sheets and access requests).
"""

from __future__ import annotations

from handlers.core import texts
from handlers.core.context import Context
from handlers.core.events import SendText
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, column
from handlers.home.router import MENU
from handlers.reminders.router import CHOICE, router
from storage.repositories.broadcasts import BroadcastRepository

STILL_SENT = (
    "Vous recevez toujours ce que vous avez demandé : les rappels de vos inscriptions au webinaire, "
    "les réponses à vos questions et les nouvelles de vos fiches."
)
RECEIVING = "🔔 Vous recevez les <b>rappels et annonces</b> du label (échéances, informations de l'équipe)."
MUTED = "🔕 Vous ne recevez plus les <b>rappels et annonces</b> du label."
NOW_MUTED = "C'est noté : je ne vous enverrai plus les rappels et annonces du label."
NOW_RECEIVING = "C'est noté : vous recevrez de nouveau les rappels et annonces du label."
STOP = "🔕 Ne plus les recevoir"
RESUME = "🔔 Les recevoir à nouveau"


def choice_keyboard(muted: bool):
    toggle = btn(RESUME, f"{CHOICE}:on") if muted else btn(STOP, f"{CHOICE}:off")
    return column(toggle, btn(texts.MAIN_MENU_BUTTON, f"{MENU}:menu"))


def status_text(muted: bool) -> str:
    return f"{MUTED if muted else RECEIVING}\n\n{STILL_SENT}"


@router.command("rappels", description="Rappels et annonces")
async def reminders_command(ctx: Context) -> Replies:
    return [SendText(status_text(ctx.person.reminders_muted), choice_keyboard(ctx.person.reminders_muted))]


@router.callback(CHOICE)
async def choice_pressed(ctx: Context) -> Replies:
    choice = (ctx.event.callback_data or "").split(":")
    if len(choice) != 2 or choice[1] not in ("on", "off"):
        raise StaleButton(ctx.event.callback_data)
    muted = choice[1] == "off"
    if muted != ctx.person.reminders_muted:
        ctx.person.reminders_muted = muted
        if muted:
            await BroadcastRepository(ctx.session).cancel_for_muted(ctx.person.telegram_id)
        ctx.audit.log(ctx.person.telegram_id, "reminders_muted" if muted else "reminders_resumed", "")
    done = NOW_MUTED if muted else NOW_RECEIVING
    return [SendText(f"{done}\n\n{STILL_SENT}", choice_keyboard(muted))]
