"""/mesdonnees (everything kept about the person, as a JSON document) and /effacer (after a
confirmation, every feature's section erases its share; only anonymous counts stay)."""

from __future__ import annotations

import json
import logging

from handlers.core.context import Context
from handlers.core.events import SendDocument, SendText
from handlers.core.personal_data import kept_and_why, ordered
from handlers.core.router import Replies
from handlers.core.texts import TAP_A_BUTTON
from handlers.core.ui import StaleButton, btn, column, step_button
from handlers.home.menu import menu_keyboard
from handlers.personal_data.router import ERASE, FLOW, Step, router

log = logging.getLogger(__name__)

ERASE_QUESTION = (
    "<b>Effacer vos données ?</b>\n"
    "J'efface votre profil (nom, fonction, e-mail, collectivité), votre accord, vos inscriptions "
    "(celles à venir sont annulées) et la conversation en cours.\n"
    "Les fiches de votre collectivité gardent vos textes, sans votre nom ; les photos et fichiers que vous y "
    "avez joints sont retirés, et votre accès au dossier prend fin (il faudra le demander à nouveau).\n"
    "Je garde seulement, sans votre nom, ce que le label doit conserver : par exemple le nombre "
    "de participants aux webinaires passés.\n\nCette action est définitive."
)
ERASED = (
    "C'est fait : vos données sont effacées. Je garde seulement l'identifiant technique de votre "
    "compte Telegram, sans nom, pour pouvoir vous répondre si vous m'écrivez. Tapez /start pour recommencer."
)
KEPT = "Rien n'a été effacé."


@router.command("mesdonnees", description="Voir mes données")
async def my_data(ctx: Context) -> Replies:
    sections = ordered(ctx.services.personal_data)
    export = {section.name: await section.export(ctx) for section in sections}
    content = json.dumps(export, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    return [
        SendText(kept_and_why(sections, staff=ctx.is_staff)),
        SendDocument("mes-donnees-arobase.json", content, "Vos données, au format JSON.", "application/json"),
    ]


@router.command("effacer", description="Effacer mes données")
async def erase_command(ctx: Context) -> Replies:
    ctx.start_flow(FLOW, Step.CONFIRM)
    return await ask_confirmation(ctx)


@router.prompt(FLOW)
async def ask_confirmation(ctx: Context) -> Replies:
    yes, no = f"{ERASE}:{ctx.token}:yes", f"{ERASE}:{ctx.token}:no"
    return [SendText(ERASE_QUESTION, column(btn("🗑 Oui, effacer mes données", yes), btn("Non, les garder", no)))]


@router.step(FLOW)
async def erase_typed(ctx: Context) -> Replies:
    return [SendText(TAP_A_BUTTON), *await ask_confirmation(ctx)]


@router.callback(ERASE)
async def erase_pressed(ctx: Context) -> Replies:
    answer = step_button(ctx, FLOW, parts=range(3, 4))[2]
    if answer not in ("yes", "no"):
        raise StaleButton(ctx.event.callback_data)
    if answer == "no":
        ctx.end_flow()
        return [SendText(KEPT, menu_keyboard())]
    for section in ordered(ctx.services.personal_data):
        await section.erase(ctx)
    ctx.end_flow()
    log.info("personal data erased for person #%s", ctx.person.id)
    return [SendText(ERASED)]
