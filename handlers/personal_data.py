"""Personal data (RGPD): what is kept and why, /mesdonnees (a JSON copy) and /effacer.

A small registry: each feature that stores personal data registers a section with a short
« what and why », an export (JSON-ready) and an erase function. The core registers the
profile and the conversation state here; the webinar, action sheets, questions to staff…
register theirs from their own module (`register_personal_data`). Erasure keeps only what
the label must keep, without anything that identifies the person.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from handlers.context import Context
from handlers.events import SendDocument, SendText
from handlers.menu import menu_keyboard
from handlers.router import Replies, Router
from handlers.ui import StaleButton, btn, column, step_button
from storage.repositories import CollectivityRepository

log = logging.getLogger(__name__)
router = Router("personal_data")
FLOW = "effacer"


@dataclass(frozen=True)
class DataSection:
    name: str
    kept: str  # what is kept and why, in French (HTML)
    export: Callable[[Context], Awaitable[Any]]
    erase: Callable[[Context], Awaitable[None]]
    order: int = 50  # erase order: features first, the profile last


_SECTIONS: dict[str, DataSection] = {}


def register_personal_data(
    name: str,
    *,
    kept: str,
    export: Callable[[Context], Awaitable[Any]],
    erase: Callable[[Context], Awaitable[None]],
    order: int = 50,
) -> None:
    _SECTIONS[name] = DataSection(name, kept, export, erase, order)


def unregister_personal_data(name: str) -> None:
    _SECTIONS.pop(name, None)


def sections() -> list[DataSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name))


def kept_and_why() -> str:
    lines = ["<b>Ce que je conserve, et pourquoi</b>"]
    lines += [f"• {s.kept}" for s in sections()]
    lines.append(
        "\nCes informations ne servent qu'au label et à l'association Villes Internet. "
        "Vous pouvez les consulter à tout moment avec /mesdonnees et les effacer avec /effacer."
    )
    return "\n".join(lines)


# -- the core sections: profile and conversation state ---------------------------
async def _export_profile(ctx: Context) -> dict[str, Any]:
    person = ctx.person
    collectivity = await CollectivityRepository(ctx.session).get(person.collectivity_id) if person.collectivity_id else None
    return {
        "telegram": {
            "identifiant": person.telegram_id,
            "prenom": person.first_name,
            "nom": person.last_name,
            "nom_utilisateur": person.username,
            "langue": person.language,
        },
        "nom": person.profile_name,
        "fonction": person.role,
        "email": person.email,
        "collectivite": (
            {"code": collectivity.code, "nom": collectivity.name, "departement": collectivity.department}
            if collectivity
            else None
        ),
        "accord_donnees_le": person.consent_data_at.isoformat() if person.consent_data_at else None,
        "premier_contact_le": person.created_at.isoformat() if person.created_at else None,
    }


async def _erase_profile(ctx: Context) -> None:
    person = ctx.person
    person.first_name = person.last_name = person.username = person.language = ""
    person.profile_name = person.email = ""
    person.role = None
    person.collectivity_id = None
    person.consent_data_at = None


async def _export_conversation(ctx: Context) -> dict[str, Any]:
    data = {k: v for k, v in ctx.data.items() if not k.startswith("_")}
    return {"etape_en_cours": ctx.flow and f"{ctx.flow}/{ctx.step}", "donnees": data}


async def _erase_conversation(ctx: Context) -> None:
    ctx.end_flow()


register_personal_data(
    "profil",
    kept="Vos nom, fonction, adresse e-mail et collectivité, avec la date de votre accord : pour vous "
    "inscrire aux webinaires et remplir vos fiches, et pour que l'équipe du label puisse vous recontacter.",
    export=_export_profile,
    erase=_erase_profile,
    order=99,
)
register_personal_data(
    "conversation",
    kept="L'étape en cours de notre conversation : pour reprendre où vous en étiez.",
    export=_export_conversation,
    erase=_erase_conversation,
    order=95,
)


# -- commands ----------------------------------------------------------------------
@router.command("mesdonnees", description="Voir mes données")
async def my_data(ctx: Context) -> Replies:
    export = {section.name: await section.export(ctx) for section in sections()}
    content = json.dumps(export, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    return [
        SendText(kept_and_why()),
        SendDocument("mes-donnees-arobase.json", content, "Vos données, au format JSON.", "application/json"),
    ]


ERASE_QUESTION = (
    "<b>Effacer vos données ?</b>\n"
    "J'efface votre profil (nom, fonction, e-mail, collectivité), votre accord, vos inscriptions "
    "(celles à venir sont annulées) et la conversation en cours.\n"
    "Je garde seulement, sans votre nom, ce que le label doit conserver : par exemple le nombre "
    "de participants aux webinaires passés.\n\nCette action est définitive."
)
ERASED = (
    "C'est fait : vos données sont effacées. Je garde seulement l'identifiant technique de votre "
    "compte Telegram, sans nom, pour pouvoir vous répondre si vous m'écrivez. Tapez /start pour recommencer."
)
KEPT = "Rien n'a été effacé."


@router.command("effacer", description="Effacer mes données")
async def erase_command(ctx: Context) -> Replies:
    ctx.start_flow(FLOW, "confirm")
    return await ask_confirmation(ctx)


@router.prompt(FLOW)
async def ask_confirmation(ctx: Context) -> Replies:
    return [
        SendText(
            ERASE_QUESTION,
            column(btn("🗑 Oui, effacer mes données", f"rgpd:{ctx.token}:yes"), btn("Non, les garder", f"rgpd:{ctx.token}:no")),
        )
    ]


@router.step(FLOW)
async def typed_during_confirmation(ctx: Context) -> Replies:
    return [SendText("Touchez l'un des boutons ci-dessous, s'il vous plaît."), *await ask_confirmation(ctx)]


@router.callback("rgpd")
async def confirmation(ctx: Context) -> Replies:
    answer = step_button(ctx, FLOW, parts=range(3, 4))[2]
    if answer not in ("yes", "no"):
        raise StaleButton(ctx.event.callback_data)
    if answer == "no":
        ctx.end_flow()
        return [SendText(KEPT, menu_keyboard())]
    for section in sections():
        await section.erase(ctx)
    ctx.end_flow()
    log.info("personal data erased for person #%s", ctx.person.id)
    return [SendText(ERASED)]
